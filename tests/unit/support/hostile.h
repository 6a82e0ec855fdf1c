/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The randomized hostile-conduit harness, shared by every area's hostile
 * test (tests/unit/test_hostile*.c).
 *
 * A custom conduit answers every frame a libffa call sends with a random
 * one: x0 from a weighted mix of plausible function IDs and junk, registers
 * from "interesting" values, occasionally a conduit failure with garbage in
 * the frame. Most calls get answers shaped like the call's real answer (the
 * area's `answer` hook) with a random mutation on top, so deep paths are
 * reached. Each area describes its calls as a table of `struct hostile_kind`:
 * how to drive one call with random arguments and check the result against
 * an independent reference model built from the logged frames, which
 * function IDs it may send and their must-be-zero rules, and hooks for
 * buffer-ownership rules.
 *
 * The harness owns: the PRNG (reproducible from the seed), the frame log,
 * the conduit, lock hooks (never held across calls, never recursive), fresh
 * contexts with random conduit capabilities, a friendly setup (negotiate and
 * map RX/TX through forced good answers) so most episodes reach the deep
 * paths, the episode loop, coverage statistics and failure reports.
 *
 * Seed: HOSTILE_SEED=<n> to reproduce (printed on every run and in every
 * failure); HOSTILE_FRAMES=<n> changes the frame budget.
 */
#ifndef FFA_TEST_HOSTILE_H
#define FFA_TEST_HOSTILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ffa_test.h"

#define HOSTILE_LOG_MAX 256
#define HOSTILE_MAX_PAGES 16 /* largest RX/TX pair: 64 KiB */
#define HOSTILE_MAX_KINDS 64 /* calls in one area's table */

/* One call of the library under test, as an area describes it. */
struct hostile_kind {
	const char *name;
	unsigned int weight; /* relative frequency */
	/* Drive one call with random arguments on H.ctx; check its result and
	 * outputs against the model (CHECK); return its status. */
	int (*run)(void);
	/* The same entry point with a NULL context: must be refused with
	 * FFA_ERR_BAD_ARGUMENT and no frame. NULL: not applicable. */
	int (*null_ctx)(void);
	/* Function IDs this call may send. NULL: frames are caller-built (raw
	 * calls), no checks on them at all. */
	bool (*allowed)(uint32_t fid);
	/* Must-be-zero rules of the frames this call builds. May be NULL. */
	void (*check_mbz)(const struct ffa_regs *req);
	/* A call-shaped answer to @req. NULL: random answers only. */
	void (*answer)(const struct ffa_regs *req, struct ffa_regs *a);
	/* Called for every frame after its answer was chosen (before the library
	 * sees it): buffer contents, ownership rules. May be NULL. */
	void (*on_frame)(const struct ffa_regs *req, const struct ffa_regs *ans, int rc);
	/* Extra checks after the call returned. May be NULL. */
	void (*finish)(int rc);
	/* Map RX/TX again first (usually) if an earlier unmap removed it. */
	bool needs_rx;
};

struct hostile_logged {
	struct ffa_regs in, out; /* out as the library may see it */
	int rc;
};

struct hostile {
	struct ffa_ctx ctx;
	struct ffa_conduit conduit;
	struct ffa_port port;
	bool use_port;

	uint64_t frames, calls;
	const struct hostile_kind *kind; /* the call running now */
	bool plausible;                  /* this call gets call-shaped answers */
	bool have_force;
	struct ffa_regs force; /* answer the next frame with this */

	unsigned int n; /* frames in this call */
	bool log_overflow;
	struct hostile_logged log[HOSTILE_LOG_MAX];

	/* Hooks */
	int lock_depth;
	int max_depth;
	unsigned int waits;
	uint64_t wait_to[HOSTILE_LOG_MAX];

	/* Model of what the library learnt in setup (mirrors private ctx
	 * state): RXTX_MAP minimum size and maximum pages, 0 if unknown. */
	uint32_t min_size, max_pages;

	uint8_t *snap; /* RX contents as last filled by hostile_fill_rx() */
	size_t snap_len;
	uint64_t deep; /* an area's count of calls that reached deep paths */

	char violation[512];
};

extern struct hostile H;
/* Buffers of exactly N pages (index N), 64 KiB aligned, for RXTX_MAP. */
extern uint8_t *hostile_tx[HOSTILE_MAX_PAGES + 1];
extern uint8_t *hostile_rx[HOSTILE_MAX_PAGES + 1];

/* ---- Randomness (splitmix64, reproducible from the seed) ------------------ */
uint64_t rnd(void);
uint32_t below(uint32_t n);   /* uniform in [0, n); 0 if n == 0 */
bool chance(unsigned int pct);
uint64_t interesting(void);   /* edge values: 0, 1, all-ones, sign bits, ... */
int32_t error_code(void);     /* 0, -1..-10 (valid), -11 (not) */
uint16_t random_id(void);
void random_uuid(struct ffa_uuid *u, const struct ffa_uuid **pu); /* or NULL */

/* ---- Violations ------------------------------------------------------------ */
__attribute__((format(printf, 1, 2))) void violate(const char *fmt, ...);
#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (!(cond))                                                   \
			violate(__VA_ARGS__);                                  \
	} while (0)

/* ---- Frames and answers ---------------------------------------------------- */
static inline uint32_t w(const struct ffa_regs *r, unsigned int i)
{
	return (uint32_t)r->x[i];
}
bool zero_from(const struct ffa_regs *r, unsigned int first); /* x[first..17] == 0 */
uint64_t pick_fid(const struct ffa_regs *req);
void random_answer(const struct ffa_regs *req, struct ffa_regs *a);
void set_ok(struct ffa_regs *a, uint64_t fid); /* all zero but x0 */
void set_err(struct ffa_regs *a, int32_t code); /* FFA_ERROR, w2 maybe sign-extended */
/* Fill the mapped RX buffer as a manager would (random head, stale tail)
 * and keep a copy in H.snap. */
void hostile_fill_rx(void);

/* ---- The model's building blocks ------------------------------------------- */
int answer_status(const struct ffa_regs *a); /* of an answer that should be SUCCESS */
int conduit_status(int rc);
int single_status(void); /* of a one-frame call that expects SUCCESS */
bool frames_eq(const struct ffa_regs *a, const struct ffa_regs *b);
void expect_frames(unsigned int n);
void expect_rc(int rc, int want);
void expect_first(const struct ffa_regs *want); /* H.log[0].in == @want exactly */

/* ---- Setup through forced good answers -------------------------------------- */
void hostile_friendly_map(void);

/*
 * hostile_run() - the whole randomized run, inside a Criterion test.
 * @suite:  name printed in reports.
 * @kinds:  the area's calls; @n of them.
 * @default_frames: the frame budget unless HOSTILE_FRAMES is set.
 * @count, @success: per-kind call and success counts (arrays of @n), for the
 *          area's own coverage asserts afterwards.
 *
 * Asserts every violation (with the seed and the frames of the failing call)
 * and that every kind ran at least 1/(20*n) of the time. Returns the budget
 * that was used.
 */
uint64_t hostile_run(const char *suite, const struct hostile_kind *kinds, unsigned int n,
		     uint64_t default_frames, uint64_t *count, uint64_t *success);

#endif /* FFA_TEST_HOSTILE_H */
