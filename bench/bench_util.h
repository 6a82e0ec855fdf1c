/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The measuring method shared by the bench programs: typed libffa calls
 * against hand-packed frames through the same null conduit, so that the
 * difference is libffa's own work.
 *
 * Figures:
 *  - instructions per call, counted by callgrind (repeatable whatever the
 *    machine is doing): the program re-runs itself under
 *    `valgrind --tool=callgrind` (bench_callgrind()); the child brackets each
 *    loop with BENCH_MEASURE(), which dumps one profile per loop, and the
 *    parent reads the dumps;
 *  - nanoseconds per call from the clock, in this process (noisy; for
 *    orientation only).
 * Every figure is printed as `BENCH <name> <value> <unit>`; ratios use `x`.
 * Without valgrind the instruction figures are skipped (said on stderr).
 *
 * Include this header first (it sets _GNU_SOURCE for the POSIX calls).
 */
#ifndef FFA_BENCH_UTIL_H
#define FFA_BENCH_UTIL_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <valgrind/callgrind.h>

/* For a hand-packed baseline: out of line and not specialised for constant
 * arguments, as a library call in another translation unit cannot be
 * (gcc: noipa; clang has no such attribute and does not clone by default). */
#if defined(__clang__)
#define BENCH_OUT_OF_LINE __attribute__((noinline))
#else
#define BENCH_OUT_OF_LINE __attribute__((noipa))
#endif

/* Environment variable that marks the re-run under callgrind. */
#define BENCH_CHILD_ENV "FFA_BENCH_CHILD"

/* Run @stmt with callgrind collecting, then dump its profile as @name. */
#define BENCH_MEASURE(name, stmt)                                              \
	do {                                                                   \
		CALLGRIND_ZERO_STATS;                                          \
		CALLGRIND_TOGGLE_COLLECT;                                      \
		stmt;                                                          \
		CALLGRIND_TOGGLE_COLLECT;                                      \
		CALLGRIND_DUMP_STATS_AT(name);                                 \
	} while (0)

/* True in the re-run under callgrind. */
static inline bool bench_is_child(void)
{
	return getenv(BENCH_CHILD_ENV) != NULL;
}

static inline double bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Print the typed and hand-packed figures of @name and their ratio. */
static inline void bench_ratio(const char *name, double typed, double raw, const char *unit)
{
	printf("BENCH %s_typed %.2f %s\n", name, typed, unit);
	printf("BENCH %s_handpacked %.2f %s\n", name, raw, unit);
	printf("BENCH %s_ratio %.3f x\n", name, typed / raw);
}

/* Sum of the "totals:" (or "summary:") Ir count of the dump in @dir whose
 * trigger names @name. Returns -1 if not found. */
static inline double bench_read_dump(const char *dir, const char *name)
{
	char path[512], line[512];

	for (int i = 1; i < 32; i++) {
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

/**
 * struct bench_pair - one typed/hand-packed comparison.
 * @name:  figure name (printed as BENCH <name>_typed/_handpacked/_ratio).
 * @typed: BENCH_MEASURE name of the typed loop.
 * @raw:   BENCH_MEASURE name of the hand-packed loop.
 * @iters: calls per loop.
 */
struct bench_pair {
	const char *name;
	const char *typed;
	const char *raw;
	unsigned long iters;
};

/* This program's own path (to re-run it). Returns 0, or -1. */
static inline int bench_self(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

/*
 * Re-run this program under callgrind (its child() does the BENCH_MEASURE
 * loops) and print instructions per call for each of @pairs[@n].
 * @prog: program name for messages. Returns 0, or 1 on failure.
 */
static inline int bench_callgrind(const char *prog, const struct bench_pair *pairs, size_t n)
{
	char dir[] = "/tmp/ffa-bench-XXXXXX";
	char out[600], self[512];
	pid_t pid;
	int status;

	if (system("valgrind --version >/dev/null 2>&1") != 0) {
		fprintf(stderr, "%s: valgrind not found: instruction counts skipped\n", prog);
		return 0;
	}
	if (bench_self(self, sizeof(self)) || !mkdtemp(dir))
		return 1;
	snprintf(out, sizeof(out), "--callgrind-out-file=%s/cg.out", dir);
	pid = fork();
	if (pid == 0) {
		setenv(BENCH_CHILD_ENV, "1", 1);
		execlp("valgrind", "valgrind", "-q", "--tool=callgrind", "--collect-atstart=no",
		       out, self, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		fprintf(stderr, "%s: callgrind run failed\n", prog);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		double t = bench_read_dump(dir, pairs[i].typed);
		double r = bench_read_dump(dir, pairs[i].raw);

		if (t <= 0 || r <= 0) {
			fprintf(stderr, "%s: could not read callgrind dumps in %s\n", prog, dir);
			return 1;
		}
		bench_ratio(pairs[i].name, t / (double)pairs[i].iters, r / (double)pairs[i].iters,
			    "instr/call");
	}
	snprintf(out, sizeof(out), "rm -rf '%s'", dir);
	if (system(out) != 0)
		fprintf(stderr, "%s: could not remove %s\n", prog, dir);
	return 0;
}

/* Time @typed and @raw loops of @iters calls each (after a warm-up of the
 * same size) and print ns/call as figure @name. */
#define BENCH_TIME(name, iters, typed, raw)                                    \
	do {                                                                   \
		double t0_, t1_, t2_;                                          \
		typed;                                                         \
		raw;                                                           \
		t0_ = bench_now_ns();                                          \
		typed;                                                         \
		t1_ = bench_now_ns();                                          \
		raw;                                                           \
		t2_ = bench_now_ns();                                          \
		bench_ratio(name, (t1_ - t0_) / (double)(iters),               \
			    (t2_ - t1_) / (double)(iters), "ns/call");         \
	} while (0)

#endif /* FFA_BENCH_UTIL_H */
