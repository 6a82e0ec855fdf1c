/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cost of a typed libffa call against hand-packing the same frame and calling
 * the same conduit (issue 2). Both go through one null conduit that answers
 * like a partition manager would, so the difference is libffa's own work:
 * argument/version checks, frame set-up, answer validation, decoding.
 *
 * Figures:
 *  - instructions per call, counted by callgrind (repeatable whatever the
 *    machine is doing): this program re-runs itself under
 *    `valgrind --tool=callgrind`, the child brackets each loop with client
 *    requests and dumps its counts, the parent reads the dumps;
 *  - nanoseconds per call from the clock, in this process (noisy; for
 *    orientation only).
 * Every figure is printed as `BENCH <name> <value> <unit>`; ratios use `x`.
 * Without valgrind the instruction figures are skipped (said on stderr).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <valgrind/callgrind.h>

#include <ffa/ffa.h>

#define ITERS 200000u

/* The null conduit: a v1.2 manager's answer to FFA_VERSION, and a
 * well-formed SUCCESS for the two calls measured. */
static int null_call(void *priv, const struct ffa_regs *in, struct ffa_regs *out)
{
	uint32_t fid = (uint32_t)in->x[0];

	(void)priv;
	if (fid == FFA_VERSION_32) {
		out->x[0] = FFA_VERSION_1_2;
		return 0;
	}
	out->x[0] = FFA_SUCCESS_32;
	out->x[1] = 0;
	out->x[2] = fid == FFA_ID_GET_32 ? 0x8001 : 0;
	out->x[3] = 0;
	return 0;
}

static volatile uint32_t sink;

static void typed_id_get(struct ffa_ctx *ctx, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		uint16_t id;

		if (ffa_id_get(ctx, &id))
			abort();
		sink = id;
	}
}

/*
 * What a careful hand-written client does for the same call: a function (as
 * in the Linux driver or U-Boot) that zeroes the frame, sets the ID, calls,
 * checks the answer's function ID and reads w2. It is kept out of line, as
 * the library's call is: the baseline is a hand-packed *call*, not code
 * folded into the benchmark loop.
 */
__attribute__((noinline)) static int hand_id_get(const struct ffa_conduit *c, uint16_t *id)
{
	struct ffa_regs r;

	memset(&r, 0, sizeof(r));
	r.x[0] = FFA_ID_GET_32;
	if (c->call(c->priv, &r, &r) || (uint32_t)r.x[0] != FFA_SUCCESS_32)
		return -1;
	*id = (uint16_t)r.x[2];
	return 0;
}

static void raw_id_get(const struct ffa_conduit *c, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		uint16_t id;

		if (hand_id_get(c, &id))
			abort();
		sink = id;
	}
}

static void typed_features(struct ffa_ctx *ctx, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		struct ffa_features f;

		if (ffa_features(ctx, FFA_MSG_SEND_DIRECT_REQ2_64, 0, &f))
			abort();
		sink = f.w2;
	}
}

__attribute__((noinline)) static int hand_features(const struct ffa_conduit *c, uint32_t fid,
						    uint32_t *w2, uint32_t *w3)
{
	struct ffa_regs r;

	memset(&r, 0, sizeof(r));
	r.x[0] = FFA_FEATURES_32;
	r.x[1] = fid;
	if (c->call(c->priv, &r, &r) || (uint32_t)r.x[0] != FFA_SUCCESS_32)
		return -1;
	*w2 = (uint32_t)r.x[2];
	*w3 = (uint32_t)r.x[3];
	return 0;
}

static void raw_features(const struct ffa_conduit *c, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		uint32_t w2, w3;

		if (hand_features(c, FFA_MSG_SEND_DIRECT_REQ2_64, &w2, &w3))
			abort();
		sink = w2 ^ w3;
	}
}

static void setup(struct ffa_ctx *ctx, struct ffa_conduit *c)
{
	c->call = null_call;
	c->priv = NULL;
	c->caps = FFA_CONDUIT_CAP_SMC64 | FFA_CONDUIT_CAP_REGS18;
	if (ffa_ctx_init(ctx, c, NULL) || ffa_version_negotiate(ctx, 0))
		abort();
}

/* ---- child: run under callgrind, dump one profile per loop ---------------- */

#define MEASURE(name, stmt)                                                    \
	do {                                                                   \
		CALLGRIND_ZERO_STATS;                                          \
		CALLGRIND_TOGGLE_COLLECT;                                      \
		stmt;                                                          \
		CALLGRIND_TOGGLE_COLLECT;                                      \
		CALLGRIND_DUMP_STATS_AT(name);                                 \
	} while (0)

static int child(void)
{
	struct ffa_conduit c;
	struct ffa_ctx ctx;

	setup(&ctx, &c);
	/* Warm up outside the measurement. */
	typed_id_get(&ctx, 100);
	raw_id_get(&c, 100);
	MEASURE("typed_id_get", typed_id_get(&ctx, ITERS));
	MEASURE("raw_id_get", raw_id_get(&c, ITERS));
	MEASURE("typed_features", typed_features(&ctx, ITERS));
	MEASURE("raw_features", raw_features(&c, ITERS));
	return 0;
}

/* ---- parent: wall clock, then read the child's callgrind dumps ------------ */

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Sum of the "totals:" (or "summary:") Ir count of one dump whose trigger
 * names @name. Returns -1 if not found. */
static double read_dump(const char *dir, const char *name)
{
	char path[512], line[512];

	for (int i = 1; i < 16; i++) {
		FILE *f;
		int match = 0;
		double total = -1;

		snprintf(path, sizeof(path), "%s/cg.out.%d", dir, i);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f)) {
			if (!strncmp(line, "desc: Trigger:", 14) && strstr(line, name) &&
			    strstr(line, name)[strlen(name)] == '\n')
				match = 1;
			if (!strncmp(line, "totals:", 7) || !strncmp(line, "summary:", 8))
				total = strtod(strchr(line, ':') + 1, NULL);
		}
		fclose(f);
		if (match)
			return total;
	}
	return -1;
}

static void ratio(const char *name, double typed, double raw, const char *unit)
{
	printf("BENCH %s_typed %.2f %s\n", name, typed, unit);
	printf("BENCH %s_handpacked %.2f %s\n", name, raw, unit);
	printf("BENCH %s_ratio %.3f x\n", name, typed / raw);
}

static int callgrind_figures(const char *self)
{
	char dir[] = "/tmp/ffa-bench-XXXXXX";
	char out[600];
	pid_t pid;
	int status;
	const char *pairs[][2] = { { "typed_id_get", "raw_id_get" },
				   { "typed_features", "raw_features" } };
	const char *names[] = { "call_id_get_instr", "call_features_instr" };

	if (system("valgrind --version >/dev/null 2>&1") != 0) {
		fprintf(stderr, "bench_call: valgrind not found: instruction counts skipped\n");
		return 0;
	}
	if (!mkdtemp(dir))
		return 1;
	snprintf(out, sizeof(out), "--callgrind-out-file=%s/cg.out", dir);
	pid = fork();
	if (pid == 0) {
		setenv("FFA_BENCH_CHILD", "1", 1);
		execlp("valgrind", "valgrind", "-q", "--tool=callgrind", "--collect-atstart=no",
		       out, self, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench_call: callgrind run failed\n");
		return 1;
	}
	for (unsigned int i = 0; i < 2; i++) {
		double t = read_dump(dir, pairs[i][0]), r = read_dump(dir, pairs[i][1]);

		if (t <= 0 || r <= 0) {
			fprintf(stderr, "bench_call: could not read callgrind dumps in %s\n", dir);
			return 1;
		}
		ratio(names[i], t / ITERS, r / ITERS, "instr/call");
	}
	snprintf(out, sizeof(out), "rm -rf '%s'", dir);
	if (system(out) != 0)
		fprintf(stderr, "bench_call: could not remove %s\n", dir);
	return 0;
}

int main(int argc, char **argv)
{
	struct ffa_conduit c;
	struct ffa_ctx ctx;
	double t0, t1, t2;

	char self[512];
	ssize_t n;

	(void)argc;
	(void)argv;
	if (getenv("FFA_BENCH_CHILD"))
		return child();
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return 1;
	self[n] = '\0';

	setup(&ctx, &c);
	typed_id_get(&ctx, ITERS);
	raw_id_get(&c, ITERS);
	t0 = now_ns();
	typed_id_get(&ctx, ITERS * 10);
	t1 = now_ns();
	raw_id_get(&c, ITERS * 10);
	t2 = now_ns();
	ratio("call_id_get_time", (t1 - t0) / (ITERS * 10.0), (t2 - t1) / (ITERS * 10.0),
	      "ns/call");
	return callgrind_figures(self);
}
