/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cost of a typed libffa call against hand-packing the same frame and calling
 * the same conduit (issue 2). Both go through one null conduit that answers
 * like a partition manager would, so the difference is libffa's own work:
 * argument/version checks, frame set-up, answer validation, decoding.
 *
 * The measuring method (callgrind instruction counts, wall clock, the BENCH
 * line format) is bench/bench_util.h.
 */
#include "bench_util.h"

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

static int child(void)
{
	struct ffa_conduit c;
	struct ffa_ctx ctx;

	setup(&ctx, &c);
	/* Warm up outside the measurement. */
	typed_id_get(&ctx, 100);
	raw_id_get(&c, 100);
	BENCH_MEASURE("typed_id_get", typed_id_get(&ctx, ITERS));
	BENCH_MEASURE("raw_id_get", raw_id_get(&c, ITERS));
	BENCH_MEASURE("typed_features", typed_features(&ctx, ITERS));
	BENCH_MEASURE("raw_features", raw_features(&c, ITERS));
	return 0;
}

/* ---- parent: wall clock, then read the child's callgrind dumps ------------ */

int main(void)
{
	static const struct bench_pair pairs[] = {
		{ "call_id_get_instr", "typed_id_get", "raw_id_get", ITERS },
		{ "call_features_instr", "typed_features", "raw_features", ITERS },
	};
	struct ffa_conduit c;
	struct ffa_ctx ctx;

	if (bench_is_child())
		return child();
	setup(&ctx, &c);
	BENCH_TIME("call_id_get_time", ITERS * 10, typed_id_get(&ctx, ITERS * 10),
		   raw_id_get(&c, ITERS * 10));
	return bench_callgrind("bench_call", pairs, sizeof(pairs) / sizeof(pairs[0]));
}
