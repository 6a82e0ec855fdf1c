/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Integration-test fixture (simd_fixture.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "simd_fixture.h"

struct simd D;

void simd_start(void)
{
	simd_start_manifest(FFA_SIMD_MANIFEST);
}

int simd_run(const char *manifest, const char *path)
{
	pid_t pid = fork();

	cr_assert_geq(pid, 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, STDERR_FILENO);
		execl(FFA_SIMD_BIN, "ffa-simd", "-m", manifest, "-s", path, (char *)NULL);
		_exit(127);
	}
	return reap(pid);
}

void simd_start_manifest(const char *manifest)
{
	strcpy(D.dir, "/tmp/ffa-simd-test-XXXXXX");
	cr_assert_not_null(mkdtemp(D.dir));
	snprintf(D.path, sizeof(D.path), "%s/s.sock", D.dir);
	D.pid = fork();
	cr_assert_geq(D.pid, 0);
	if (D.pid == 0) {
		execl(FFA_SIMD_BIN, "ffa-simd", "-m", manifest, "-s", D.path, "-l", "error",
		      (char *)NULL);
		_exit(127);
	}
	/* Ready once it accepts a connection (no time limit: ctest's timeout
	 * bounds the test). */
	for (;;) {
		struct sockaddr_un sa = { .sun_family = AF_UNIX };
		int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0), st;

		strcpy(sa.sun_path, D.path);
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
			close(fd);
			break;
		}
		close(fd);
		cr_assert_eq(waitpid(D.pid, &st, WNOHANG), 0, "ffa-simd exited at start");
		usleep(2000);
	}
}

void simd_stop(void)
{
	int st = 0;

	if (D.pid <= 0)
		return;
	kill(D.pid, SIGTERM);
	cr_assert_eq(waitpid(D.pid, &st, 0), D.pid);
	D.pid = 0;
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		  "ffa-simd did not exit cleanly (status 0x%x): invariant check failed?", st);
	cr_assert_neq(access(D.path, F_OK), 0, "the socket file was not removed");
	rmdir(D.dir);
}

int client_open(struct client *c, uint16_t ep, size_t arena, bool map)
{
	uint16_t id = 0;
	int rc;

	memset(c, 0, sizeof(*c));
	rc = ffa_conduit_socket_connect(D.path, ep, arena, &c->s);
	if (rc == 0)
		rc = ffa_conduit_socket_conduit(c->s, &c->conduit);
	if (rc == 0)
		rc = ffa_conduit_socket_port(c->s, &c->port);
	if (rc == 0)
		rc = ffa_ctx_init(&c->ctx, &c->conduit, &c->port);
	if (rc == 0)
		rc = ffa_version_negotiate(&c->ctx, 0);
	if (rc == 0)
		rc = ffa_id_get(&c->ctx, &id);
	if (rc == 0 && id != ep)
		rc = FFA_ERR_PROTOCOL;
	if (rc == 0 && map) {
		c->tx = ffa_conduit_socket_alloc(c->s, 1);
		c->rx = ffa_conduit_socket_alloc(c->s, 1);
		rc = ffa_rxtx_map(&c->ctx, c->tx, c->rx, 1);
	}
	return rc;
}

void client_connect(struct client *c, uint16_t ep)
{
	memset(c, 0, sizeof(*c));
	assert_rc(ffa_conduit_socket_connect(D.path, ep, 0, &c->s), 0);
	assert_rc(ffa_conduit_socket_conduit(c->s, &c->conduit), 0);
	assert_rc(ffa_conduit_socket_port(c->s, &c->port), 0);
	assert_rc(ffa_ctx_init(&c->ctx, &c->conduit, &c->port), 0);
}

void client_ready(struct client *c, uint16_t ep)
{
	assert_rc(client_open(c, ep, 0, true), 0);
}

void client_close(struct client *c)
{
	ffa_conduit_socket_close(c->s);
	c->s = NULL;
}

int client_share(struct client *c, uint32_t fid, uint16_t to, void *mem, uint32_t pages,
		 uint64_t *handle)
{
	static const enum ffa_mem_op ops[] = { [FFA_MEM_DONATE_32 & 0xF] = FFA_MEM_OP_DONATE,
					       [FFA_MEM_LEND_32 & 0xF] = FFA_MEM_OP_LEND,
					       [FFA_MEM_SHARE_32 & 0xF] = FFA_MEM_OP_SHARE };
	enum ffa_mem_op op = ops[fid & 0xF];
	struct ffa_mem_receiver r = { .id = to };
	struct ffa_mem_range range = { 0, pages };
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	uint16_t me = 0;

	/* The sender leaves instruction access to the borrower's request; a
	 * donation names no data access either. */
	r.perm = ffa_mem_perm_make(op == FFA_MEM_OP_DONATE ? FFA_MEM_DATA_NOT_SPECIFIED
							   : FFA_MEM_DATA_RW,
				   FFA_MEM_INSTR_NOT_SPECIFIED);
	if (!ffa_conduit_socket_va_to_pa(c->s, mem, &range.addr))
		return FFA_ERR_BAD_ARGUMENT;
	ffa_ctx_own_id(&c->ctx, &me);
	struct ffa_mem_txn txn = { .kind = FFA_MEM_DESC_SEND, .sender = me,
				   /* A lend or donation to one borrower leaves the
				    * attributes to the borrower (ffa-memory.md 4). */
				   .attributes = op == FFA_MEM_OP_SHARE ? FFA_MEM_ATTR_NORMAL_WB_INNER : 0,
				   .receiver_count = 1, .receivers = &r };
	ffa_mem_range_array_iter(&st, &range, 1, &it);
	return ffa_mem_send(&c->ctx, op, &txn, &it, NULL, handle);
}

/* The first range of a retrieve response. */
struct first_range {
	uint64_t pa;
	uint32_t pages, n;
};

static int take_first(void *arg, uint64_t addr, uint32_t pages)
{
	struct first_range *f = arg;

	if (f->n++ == 0) {
		f->pa = addr;
		f->pages = pages;
	}
	return 0;
}

int client_retrieve(struct client *c, uint16_t owner, uint64_t handle, uint8_t type,
		    uint64_t *pa, uint32_t *pages)
{
	struct ffa_mem_receiver r = { 0 };
	struct first_range f = { 0 };
	struct ffa_mem_retrieve_sink sink = { .range = take_first, .arg = &f };
	int rc;

	ffa_ctx_own_id(&c->ctx, &r.id);
	r.perm = ffa_mem_perm_make(FFA_MEM_DATA_RW, type == FFA_MEM_RETRIEVE_TYPE_SHARE
							     ? FFA_MEM_INSTR_NOT_SPECIFIED
							     : FFA_MEM_INSTR_NX);
	struct ffa_mem_txn txn = { .kind = FFA_MEM_DESC_RETRIEVE_REQ, .sender = owner,
				   .flags = FFA_MEM_RETRIEVE_FLAG_TYPE(type), .handle = handle,
				   .receiver_count = 1, .receivers = &r };
	rc = ffa_mem_retrieve(&c->ctx, &txn, NULL, &sink, NULL);
	if (rc == 0 && f.n == 0)
		rc = FFA_ERR_PROTOCOL;
	if (rc == 0) {
		*pa = f.pa;
		*pages = f.pages;
	}
	return rc;
}

int client_memcheck(struct client *c, uint16_t owner, uint64_t h, uint8_t expect, uint8_t write,
		    uint8_t type, uint64_t resp[FFA_MSG_DIRECT_WORDS])
{
	uint64_t args[FFA_MSG_DIRECT_WORDS] = { FFA_SIM_MEMCHECK_CHECK, owner, (uint32_t)h, h >> 32,
						 expect | (uint32_t)write << 8 | (uint32_t)type << 16 };

	return ffa_msg_send_direct_req(&c->ctx, MEMCHK, NULL, 0, args, resp);
}

int client_relinquish(struct client *c, uint64_t handle)
{
	uint16_t me = 0;

	ffa_ctx_own_id(&c->ctx, &me);
	return ffa_mem_relinquish(&c->ctx, handle, 0, &me, 1);
}

int client_reclaim(struct client *c, uint64_t handle)
{
	return ffa_mem_reclaim(&c->ctx, handle, 0);
}

int sp_request(struct client *c, const uint64_t args[FFA_MSG_DIRECT_WORDS],
	       uint64_t resp[FFA_MSG_DIRECT_WORDS])
{
	int rc;

	while ((rc = ffa_msg_send_direct_req(&c->ctx, USER_SP, NULL, FFA_MSG_FLAG_64BIT, args,
					     resp)) == FFA_ERR_BUSY)
		usleep(1000);
	return rc;
}

pid_t sp_start(struct client *vm, void (*fn)(void *), uint64_t ping)
{
	pid_t pid = spawn(fn, NULL);
	uint64_t a[FFA_MSG_DIRECT_WORDS] = { ping, 1, 2, 3, 4 }, r[FFA_MSG_DIRECT_WORDS];

	assert_rc(sp_request(vm, a, r), 0);
	cr_assert_eq(r[4], 5);
	return pid;
}

void sp_dies_holding_a_request(void *arg)
{
	struct client c;
	struct ffa_msg m;

	(void)arg;
	if (client_open(&c, USER_SP, 0, false) || ffa_msg_wait(&c.ctx, 0, &m))
		_exit(2);
	raise(SIGKILL);
}

void sp_stop(pid_t pid)
{
	kill(pid, SIGKILL);
	cr_assert_eq(reap(pid), 128 + SIGKILL, "the SP process ended on its own");
}

void sp_ask(struct client *c, uint64_t cmd, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
	    uint64_t r[FFA_MSG_DIRECT_WORDS])
{
	uint64_t args[FFA_MSG_DIRECT_WORDS] = { cmd, a1, a2, a3, a4 };

	assert_rc(ffa_msg_send_direct_req(&c->ctx, USER_SP, NULL, FFA_MSG_FLAG_64BIT, args, r), 0);
}

int raw_connect(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	strcpy(sa.sun_path, D.path);
	cr_assert_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

pid_t spawn(void (*fn)(void *), void *arg)
{
	pid_t pid = fork();

	cr_assert_geq(pid, 0);
	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	return pid;
}

int reap(pid_t pid)
{
	int st;

	cr_assert_eq(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
