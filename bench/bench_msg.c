/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cost of the typed FFA_MSG_SEND_DIRECT_REQ2 call (issue 3) against a
 * hand-packed frame through the same null conduit: the library's checks
 * (version, conduit capabilities, own ID, target), UUID packing, the
 * preemption loop and the response checks (function ID, responder and
 * receiver IDs), against what a careful hand-written client does (pack,
 * call, check the function ID and IDs, copy the 14 reply words).
 * Target: ratio <= 1.25 (instructions).
 *
 * Method and output format: bench/bench_util.h.
 */
#include "bench_util.h"

#include <ffa/ffa.h>

#define ITERS 200000u
#define OWN 0x0001u
#define TARGET 0x8001u

/* The null conduit: v1.2 to FFA_VERSION, our ID to FFA_ID_GET, and a
 * DIRECT_RESP2 from the target echoing x4..x17 (+1) to DIRECT_REQ2. */
static int null_call(void *priv, const struct ffa_regs *in, struct ffa_regs *out)
{
	uint32_t fid = (uint32_t)in->x[0];

	(void)priv;
	if (fid == FFA_MSG_SEND_DIRECT_REQ2_64) {
		uint32_t w1 = (uint32_t)in->x[1];

		out->x[0] = FFA_MSG_SEND_DIRECT_RESP2_64;
		out->x[1] = (w1 >> 16) | ((w1 & 0xFFFFu) << 16);
		out->x[2] = 0;
		out->x[3] = 0;
		for (unsigned int i = 4; i < FFA_REGS_COUNT; i++)
			out->x[i] = in->x[i] + 1;
		return 0;
	}
	if (fid == FFA_VERSION_32) {
		out->x[0] = FFA_VERSION_1_2;
		return 0;
	}
	out->x[0] = FFA_SUCCESS_32;
	out->x[1] = 0;
	out->x[2] = fid == FFA_ID_GET_32 ? OWN : 0;
	return 0;
}

static volatile uint64_t sink;
static struct ffa_uuid service; /* virtio-msg, set in setup() */

static void typed_req2(struct ffa_ctx *ctx, unsigned int n)
{
	uint64_t args[FFA_MSG_DIRECT2_WORDS] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 };
	uint64_t resp[FFA_MSG_DIRECT2_WORDS];

	for (unsigned int i = 0; i < n; i++) {
		if (ffa_msg_send_direct_req2(ctx, TARGET, NULL, &service, args, resp))
			abort();
		sink = resp[13];
	}
}

/*
 * The hand-written equivalent, as in the Linux driver or a firmware client:
 * zero the frame, pack IDs, UUID (the host is little-endian, so a plain
 * copy is its LE load) and payload, call, resume while preempted, map an
 * error, check the answer's function ID and IDs, copy the reply out. Out of
 * line and not specialised for its constant arguments (BENCH_OUT_OF_LINE),
 * as the library call, in another translation unit, cannot be either.
 */
BENCH_OUT_OF_LINE static int hand_req2(const struct ffa_conduit *c, uint16_t own,
					       uint16_t target, const struct ffa_uuid *uuid,
					       const uint64_t args[14], uint64_t resp[14])
{
	struct ffa_regs r;

	memset(&r, 0, sizeof(r));
	r.x[0] = FFA_MSG_SEND_DIRECT_REQ2_64;
	r.x[1] = ((uint32_t)own << 16) | target;
	memcpy(&r.x[2], &uuid->b[0], 8);
	memcpy(&r.x[3], &uuid->b[8], 8);
	memcpy(&r.x[4], args, 14 * sizeof(uint64_t));
	if (c->call(c->priv, &r, &r))
		return -1;
	/* Preempted: resume whoever w1 names, as Linux does. */
	while ((uint32_t)r.x[0] == FFA_INTERRUPT_32 || (uint32_t)r.x[0] == FFA_YIELD_32) {
		uint64_t w1 = (uint32_t)r.x[1];

		memset(&r, 0, sizeof(r));
		r.x[0] = FFA_RUN_32;
		r.x[1] = w1;
		if (c->call(c->priv, &r, &r))
			return -1;
	}
	if ((uint32_t)r.x[0] == FFA_ERROR_32)
		return (int32_t)(uint32_t)r.x[2];
	if ((uint32_t)r.x[0] != FFA_MSG_SEND_DIRECT_RESP2_64 ||
	    (uint32_t)r.x[1] != (((uint32_t)target << 16) | own))
		return -1;
	memcpy(resp, &r.x[4], 14 * sizeof(uint64_t));
	return 0;
}

static void raw_req2(const struct ffa_conduit *c, unsigned int n)
{
	uint64_t args[14] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 };
	uint64_t resp[14];

	for (unsigned int i = 0; i < n; i++) {
		if (hand_req2(c, OWN, TARGET, &service, args, resp))
			abort();
		sink = resp[13];
	}
}

static void setup(struct ffa_ctx *ctx, struct ffa_conduit *c)
{
	uint16_t id;

	c->call = null_call;
	c->priv = NULL;
	c->caps = FFA_CONDUIT_CAP_SMC64 | FFA_CONDUIT_CAP_REGS18;
	if (ffa_uuid_parse("c66028b5-2498-4aa1-9de7-77da6122abf0", &service) ||
	    ffa_ctx_init(ctx, c, NULL) || ffa_version_negotiate(ctx, 0) || ffa_id_get(ctx, &id))
		abort();
}

static int child(void)
{
	struct ffa_conduit c;
	struct ffa_ctx ctx;

	setup(&ctx, &c);
	typed_req2(&ctx, 100);
	raw_req2(&c, 100);
	BENCH_MEASURE("typed_req2", typed_req2(&ctx, ITERS));
	BENCH_MEASURE("raw_req2", raw_req2(&c, ITERS));
	return 0;
}

int main(void)
{
	static const struct bench_pair pairs[] = {
		{ "msg_req2_instr", "typed_req2", "raw_req2", ITERS },
	};
	struct ffa_conduit c;
	struct ffa_ctx ctx;

	if (bench_is_child())
		return child();
	setup(&ctx, &c);
	BENCH_TIME("msg_req2_time", ITERS * 10, typed_req2(&ctx, ITERS * 10),
		   raw_req2(&c, ITERS * 10));
	return bench_callgrind("bench_msg", pairs, sizeof(pairs) / sizeof(pairs[0]));
}
