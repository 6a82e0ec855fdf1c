/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * An out-of-tree program using an installed libffa socket conduit against
 * an installed ffa-simd: built by run.sh with pkg-config (libffa-socket)
 * and with find_package(ffa) (ffa::socket).
 *
 *   socket_consumer FFA_SIMD EXPECTED_MANIFEST
 *
 * Starts FFA_SIMD on a private socket with its default manifest (which must
 * be EXPECTED_MANIFEST: the one installed with it), connects as VM 1,
 * negotiates, lists the partitions, exchanges a direct request with the
 * echo partition, shares and reclaims a page, and stops the daemon, which
 * must exit 0 (its invariant check clean). Exits 0 when all of it worked.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ffa/conduit_socket.h>
#include <ffa/ffa.h>

#define ECHO 0x8001u
#define MEMCHK 0x8002u

static int failures;

static void check(int ok, const char *what)
{
	printf("%s: %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

/* Start the daemon; its first log line names the manifest it serves. */
static pid_t start(const char *simd, const char *sock, const char *manifest)
{
	char line[512];
	int fds[2];
	FILE *log;
	pid_t pid;
	int found = 0;

	if (pipe(fds) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		execl(simd, "ffa-simd", "-s", sock, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	log = fdopen(fds[0], "r");
	while (log && fgets(line, sizeof(line), log)) {
		/* "... serving N endpoints on SOCKET (manifest PATH)" */
		char *m = strstr(line, "(manifest "), *end = m ? strrchr(m, ')') : NULL;
		char a[PATH_MAX], b[PATH_MAX];

		if (!strstr(line, "serving"))
			continue;
		printf("daemon: %s", line);
		if (end) {
			*end = '\0';
			found = realpath(m + strlen("(manifest "), a) && realpath(manifest, b) &&
				strcmp(a, b) == 0;
		}
		break;
	}
	check(found, "ffa-simd serves the manifest installed with it");
	if (log)
		fclose(log); /* later lines go nowhere (it ignores SIGPIPE) */
	return pid;
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/ffa-socket-consumer-XXXXXX", sock[108];
	struct ffa_conduit_socket *s = NULL;
	struct ffa_conduit conduit;
	struct ffa_port port;
	struct ffa_ctx ctx;
	struct ffa_partition_info info[8];
	uint64_t args[FFA_MSG_DIRECT_WORDS] = { 1, 2, 3, 4, 5 }, resp[FFA_MSG_DIRECT_WORDS] = { 0 };
	uint16_t id = 0;
	void *tx, *rx, *page;
	int rc, st = 0;
	pid_t pid;

	if (argc != 3) {
		fprintf(stderr, "usage: %s FFA_SIMD EXPECTED_MANIFEST\n", argv[0]);
		return 2;
	}
	if (!mkdtemp(dir))
		return 1;
	snprintf(sock, sizeof(sock), "%s/s.sock", dir);
	pid = start(argv[1], sock, argv[2]);
	if (pid < 0)
		return 1;
	/* It listens before it logs "serving". */
	rc = ffa_conduit_socket_connect(sock, 1, 0, &s);
	check(rc == 0, "connect as VM 1");
	if (rc == 0) {
		ffa_conduit_socket_conduit(s, &conduit);
		ffa_conduit_socket_port(s, &port);
		ffa_ctx_init(&ctx, &conduit, &port);
		check(ffa_version_negotiate(&ctx, 0) == 0, "FFA_VERSION negotiated");
		check(ffa_id_get(&ctx, &id) == 0 && id == 1, "FFA_ID_GET is 1");
		tx = ffa_conduit_socket_alloc(s, 1);
		rx = ffa_conduit_socket_alloc(s, 1);
		check(ffa_rxtx_map(&ctx, tx, rx, 1) == 0, "RX/TX mapped in the arena");
		check(ffa_partition_info_get(&ctx, NULL, info, 8, NULL) == 4 && info[0].id == ECHO,
		      "four partitions, echo first");
		check(ffa_msg_send_direct_req(&ctx, ECHO, NULL, 0, args, resp) == 0 &&
			      memcmp(args, resp, sizeof(args)) == 0,
		      "direct request echoed");
		page = ffa_conduit_socket_alloc(s, 1);
		{
			struct ffa_mem_receiver r = {
				.id = MEMCHK,
				.perm = ffa_mem_perm_make(FFA_MEM_DATA_RW, FFA_MEM_INSTR_NOT_SPECIFIED)
			};
			struct ffa_mem_region rgn = { .receivers = &r, .receiver_count = 1,
						      .attributes = FFA_MEM_SVC_ATTR_DEFAULT };
			struct ffa_mem_range range = { 0, 1 };
			struct ffa_mem_range_array arr;
			struct ffa_mem_range_iter it;
			struct ffa_mem_lent lent;

			ffa_conduit_socket_va_to_pa(s, page, &range.addr);
			ffa_mem_range_array_iter(&arr, &range, 1, &it);
			rgn.ranges = &it;
			check(ffa_mem_svc_share(&ctx, &rgn, &lent) == 0 &&
				      ffa_mem_svc_reclaim(&ctx, &lent, 0) == 0,
			      "a page shared and reclaimed");
		}
		ffa_conduit_socket_close(s);
	}
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "ffa-simd stopped cleanly (invariants held)");
	rmdir(dir);
	printf("socket consumer: %s\n", failures ? "FAILED" : "all checks passed");
	return failures ? 1 : 0;
}
