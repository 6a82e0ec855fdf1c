/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Direct REQ2 round trip through ffa-simd over the socket conduit, against
 * the transport alone: a raw SOCK_SEQPACKET socketpair ping-pong between two
 * processes with frames of the same size (FFA_SOCK_FRAME_MAX bytes each
 * way). Both are measured in this run, in alternating batches; each figure
 * is the best batch (the least disturbed by the other programs on the
 * machine). The ratio is what the daemon, the simulator core and libffa add
 * on top of the kernel's socket round trip (target <= 1.5).
 *
 * Two figures per side: wall-clock round trip (best batch), and CPU time
 * per round trip of both processes together (this one + ffa-simd, or this
 * one + the echo process; summed over all batches, from
 * CLOCK_PROCESS_CPUTIME_ID and /proc/<pid>/stat). On a loaded machine the
 * wall figure mostly measures the scheduler; the CPU figure is the work.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <ffa/conduit_socket.h>
#include <ffa/ffa.h>

#define BATCH 20000
#define ROUNDS 7

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/* CPU time (user + system) of process @pid so far, in ns (clock ticks). */
static double proc_cpu_ns(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long ut = 0, stime = 0;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')'); /* skip "pid (comm)" */
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut,
			 &stime) != 2)
		return 0;
	return (double)(ut + stime) * 1e9 / (double)sysconf(_SC_CLK_TCK);
}

static double self_cpu_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static void die(const char *what, int rc)
{
	fprintf(stderr, "bench_sim_socket: %s: %d (%s)\n", what, rc, ffa_strerror(rc));
	exit(1);
}

static pid_t start_daemon(const char *path)
{
	pid_t pid = fork();

	if (pid == 0) {
		execl(FFA_SIMD_BIN, "ffa-simd", "-m", FFA_SIMD_MANIFEST, "-s", path, "-l", "error",
		      (char *)NULL);
		_exit(127);
	}
	for (;;) { /* until it accepts */
		struct sockaddr_un sa = { .sun_family = AF_UNIX };
		int fd = socket(AF_UNIX, SOCK_SEQPACKET, 0), st;

		strcpy(sa.sun_path, path);
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
			close(fd);
			return pid;
		}
		close(fd);
		if (waitpid(pid, &st, WNOHANG) != 0)
			die("ffa-simd did not start", FFA_ERR_CONDUIT);
		usleep(2000);
	}
}

/* The raw baseline's echo side. */
static void pong(int fd)
{
	uint8_t b[FFA_SOCK_FRAME_MAX];

	for (;;) {
		ssize_t n = recv(fd, b, sizeof(b), 0);
		if (n <= 0 || send(fd, b, (size_t)n, 0) != n)
			_exit(0);
	}
}

static double raw_batch(int fd)
{
	uint8_t b[FFA_SOCK_FRAME_MAX];
	double t0;

	memset(b, 0x5A, sizeof(b));
	t0 = now_ns();
	for (int i = 0; i < BATCH; i++) {
		if (send(fd, b, sizeof(b), 0) != (ssize_t)sizeof(b) ||
		    recv(fd, b, sizeof(b), 0) != (ssize_t)sizeof(b))
			die("socketpair", FFA_ERR_CONDUIT);
	}
	return (now_ns() - t0) / BATCH;
}

static double sim_batch(struct ffa_ctx *ctx)
{
	uint64_t a[FFA_MSG_DIRECT2_WORDS], r[FFA_MSG_DIRECT2_WORDS];
	double t0;
	int rc;

	for (unsigned int i = 0; i < FFA_MSG_DIRECT2_WORDS; i++)
		a[i] = i;
	t0 = now_ns();
	for (int i = 0; i < BATCH; i++) {
		a[0] = (uint64_t)i;
		rc = ffa_msg_send_direct_req2(ctx, 0x8001, NULL, NULL, a, r);
		if (rc || r[0] != (uint64_t)i)
			die("direct req2", rc ? rc : FFA_ERR_PROTOCOL);
	}
	return (now_ns() - t0) / BATCH;
}

int main(void)
{
	char dir[] = "/tmp/ffa-bench-XXXXXX", path[108];
	struct ffa_conduit_socket *s;
	struct ffa_conduit cd;
	struct ffa_port port;
	struct ffa_ctx ctx;
	double best_sim = 1e18, best_raw = 1e18, cpu_sim = 0, cpu_raw = 0;
	int sv[2], rc, st;
	pid_t daemon, echo;

	if (!mkdtemp(dir))
		die("mkdtemp", FFA_ERR_NO_MEMORY);
	snprintf(path, sizeof(path), "%s/s.sock", dir);
	daemon = start_daemon(path);
	rc = ffa_conduit_socket_connect(path, 1, 0, &s);
	if (rc)
		die("connect", rc);
	ffa_conduit_socket_conduit(s, &cd);
	ffa_conduit_socket_port(s, &port);
	ffa_ctx_init(&ctx, &cd, &port);
	if ((rc = ffa_version_negotiate(&ctx, 0)) || (rc = ffa_id_get(&ctx, &(uint16_t){ 0 })))
		die("negotiate", rc);

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv))
		die("socketpair", FFA_ERR_CONDUIT);
	echo = fork();
	if (echo == 0) {
		close(sv[0]);
		pong(sv[1]);
	}
	close(sv[1]);

	sim_batch(&ctx); /* warm up both */
	raw_batch(sv[0]);
	for (int r = 0; r < ROUNDS; r++) {
		double c0 = self_cpu_ns(), d0 = proc_cpu_ns(daemon);
		double a = sim_batch(&ctx);
		double c1 = self_cpu_ns(), d1 = proc_cpu_ns(daemon), e1 = proc_cpu_ns(echo);
		double b = raw_batch(sv[0]);
		double c2 = self_cpu_ns(), e2 = proc_cpu_ns(echo);

		cpu_sim += (c1 - c0) + (d1 - d0);
		cpu_raw += (c2 - c1) + (e2 - e1);
		if (a < best_sim)
			best_sim = a;
		if (b < best_raw)
			best_raw = b;
	}
	cpu_sim /= (double)ROUNDS * BATCH;
	cpu_raw /= (double)ROUNDS * BATCH;
	printf("BENCH sim_socket_direct_req2_rtt %.0f ns\n", best_sim);
	printf("BENCH socketpair_pingpong_rtt %.0f ns\n", best_raw);
	printf("BENCH sim_socket_vs_socketpair %.2f x\n", best_sim / best_raw);
	printf("BENCH sim_socket_direct_req2_cpu %.0f ns\n", cpu_sim);
	printf("BENCH socketpair_pingpong_cpu %.0f ns\n", cpu_raw);
	printf("BENCH sim_socket_vs_socketpair_cpu %.2f x\n", cpu_sim / cpu_raw);

	close(sv[0]);
	waitpid(echo, &st, 0);
	ffa_conduit_socket_close(s);
	kill(daemon, SIGTERM);
	waitpid(daemon, &st, 0);
	rmdir(dir);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}
