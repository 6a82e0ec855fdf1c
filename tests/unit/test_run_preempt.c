/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_RUN (ffa_run), the FFA_INTERRUPT / FFA_YIELD policy of the one
 * resumable call path (test_call_resumable, white-box: direct messaging will
 * use it), and the raw escape hatch ffa_call_raw.
 *
 * ffa-abi.md 4.2, 7.1 (w1 = endpoint << 16 | vCPU), 9.3 (resume loop);
 * known-bugs.md 12 (ID packing >= 0x8000), 33 (resume with w1's IDs), 38.
 */
#include <string.h>

#include "ffa_test.h"
#include "resumable.h" /* test_call_resumable(): the one preemption loop */

#define RUN(ep, vcpu) FRAME(FFA_RUN_32, ((uint64_t)(ep) << 16) | (uint64_t)(vcpu))

/* A frame with every register set, to prove "unchanged" end to end. */
static struct ffa_regs full_frame(uint64_t x0, uint64_t seed)
{
	struct ffa_regs r;

	r.x[0] = x0;
	for (unsigned int i = 1; i < FFA_REGS_COUNT; i++)
		r.x[i] = seed * 0x9E3779B97F4A7C15ull + i * 0x0101010101010101ull;
	return r;
}

static void assert_frame_eq(const struct ffa_regs *a, const struct ffa_regs *b)
{
	for (unsigned int i = 0; i < FFA_REGS_COUNT; i++)
		cr_assert_eq(a->x[i], b->x[i], "x%u: 0x%llx != 0x%llx", i,
			     (unsigned long long)a->x[i], (unsigned long long)b->x[i]);
}

/* What ffa_ctx_preempted() holds after the last preempted answer. */
static void assert_preempted(const struct ffa_ctx *ctx, bool yielded, uint16_t endpoint,
			     uint16_t vcpu, uint64_t timeout, uint32_t interrupt_id)
{
	const struct ffa_preempt_info *pi = ffa_ctx_preempted(ctx);

	cr_assert_eq(pi->yielded, yielded, "yielded %d", pi->yielded);
	cr_assert_eq(pi->endpoint, endpoint, "endpoint 0x%x, expected 0x%x", pi->endpoint,
		     endpoint);
	cr_assert_eq(pi->vcpu, vcpu, "vcpu 0x%x, expected 0x%x", pi->vcpu, vcpu);
	cr_assert_eq(pi->timeout, timeout, "timeout 0x%llx, expected 0x%llx",
		     (unsigned long long)pi->timeout, (unsigned long long)timeout);
	cr_assert_eq(pi->interrupt_id, interrupt_id, "interrupt %u, expected %u",
		     pi->interrupt_id, interrupt_id);
}

/* ======================================================================= */
/* ffa_run: input                                                           */
/* ======================================================================= */

Test(run, input_packs_endpoint_and_vcpu)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(RUN(0x8001, 3), FRAME(FFA_MSG_WAIT_32)),
		STEP(RUN(0x0001, 0), FRAME(FFA_MSG_WAIT_32)),
		STEP(RUN(0, 0xFFFF), FRAME(FFA_MSG_WAIT_32)),
	};
	struct scripted t;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_run(&t.ctx, 0x8001, 3, NULL), FFA_RUN_MSG_WAIT);
	assert_rc(ffa_run(&t.ctx, 0x0001, 0, NULL), FFA_RUN_MSG_WAIT);
	assert_rc(ffa_run(&t.ctx, 0, 0xFFFF, NULL), FFA_RUN_MSG_WAIT);
	assert_script_ok(&t);
}

Test(run, works_at_v1_0_and_without_smc64)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_0),
		STEP(RUN(0x8002, 1), OK32()),
	};
	struct scripted t;

	scripted_init(&t, steps, ARRAY_LEN(steps), 0, FFA_VERSION_1_0);
	assert_rc(ffa_run(&t.ctx, 0x8002, 1, NULL), FFA_RUN_SUCCESS);
	assert_script_ok(&t);
}

/* ======================================================================= */
/* ffa_run: outcomes                                                        */
/* ======================================================================= */

Test(run, msg_wait_returns_frame)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(RUN(0x8001, 0), FRAME(FFA_MSG_WAIT_32, 0, 0, 0, 0, 0, 0, 0, 0x99)),
	};
	struct scripted t;
	struct ffa_regs out;

	memset(&out, 0xAB, sizeof(out));
	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_run(&t.ctx, 0x8001, 0, &out), FFA_RUN_MSG_WAIT);
	cr_assert_eq(out.x[0], FFA_MSG_WAIT_32);
	cr_assert_eq(out.x[8], 0x99);
	assert_script_ok(&t);
}

Test(run, yield_records_endpoint_vcpu_timeout)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(RUN(0x8001, 2), FRAME(FFA_YIELD_32, 0x80010002, 0x00001234, 0x00000005)),
		/* Upper register halves are noise (sign/zero extension). */
		STEP(RUN(0x8001, 2), FRAME(FFA_YIELD_32, 0xFFFFFFFF80030001ull,
					   0xFFFFFFFF00000010ull, 0xFFFFFFFF00000000ull)),
	};
	struct scripted t;
	struct ffa_regs out;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_run(&t.ctx, 0x8001, 2, &out), FFA_RUN_YIELD);
	assert_preempted(&t.ctx, true, 0x8001, 2, 0x0000000500001234ull, 0);
	cr_assert_eq(out.x[0], FFA_YIELD_32);
	cr_assert_eq(out.x[2], 0x1234);

	assert_rc(ffa_run(&t.ctx, 0x8001, 2, NULL), FFA_RUN_YIELD);
	assert_preempted(&t.ctx, true, 0x8003, 1, 0x10, 0);
	assert_script_ok(&t);
}

Test(run, interrupt_records_endpoint_vcpu_intid)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		/* A YIELD first so the INTERRUPT must clear its timeout. */
		STEP(RUN(0x8001, 0), FRAME(FFA_YIELD_32, 0x80010000, 7, 7)),
		STEP(RUN(0x8001, 0), FRAME(FFA_INTERRUPT_32, 0x80050003, 27)),
	};
	struct scripted t;
	struct ffa_regs out;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_run(&t.ctx, 0x8001, 0, NULL), FFA_RUN_YIELD);
	assert_rc(ffa_run(&t.ctx, 0x8001, 0, &out), FFA_RUN_INTERRUPT);
	assert_preempted(&t.ctx, false, 0x8005, 3, 0, 27);
	cr_assert_eq(out.x[1], 0x80050003);
	assert_script_ok(&t);
}

Test(run, interrupt_is_an_outcome_even_with_resume_policy)
{
	/* ffa_run is the scheduler's own step: it never loops. */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(RUN(0x8001, 0), FRAME(FFA_INTERRUPT_32, 0x80010000, 5)),
	};
	struct scripted t;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_ctx_set_preempt_policy(&t.ctx, FFA_PREEMPT_RESUME, 0), 0);
	assert_rc(ffa_run(&t.ctx, 0x8001, 0, NULL), FFA_RUN_INTERRUPT);
	assert_script_ok(&t);
}

Test(run, success_32_and_64)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(RUN(0x8001, 0), OK32(0, 0x11)),
		STEP(RUN(0x8001, 1), OK64(0, 0x22)),
	};
	struct scripted t;
	struct ffa_regs out;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_run(&t.ctx, 0x8001, 0, &out), FFA_RUN_SUCCESS);
	cr_assert_eq(out.x[0], FFA_SUCCESS_32);
	cr_assert_eq(out.x[2], 0x11);
	assert_rc(ffa_run(&t.ctx, 0x8001, 1, &out), FFA_RUN_SUCCESS);
	cr_assert_eq(out.x[0], FFA_SUCCESS_64);
	cr_assert_eq(out.x[2], 0x22);
	assert_script_ok(&t);
}

Test(run, direct_responses_return_whole_frame)
{
	struct ffa_regs r32 = FRAME(FFA_MSG_SEND_DIRECT_RESP_32, 0x80010000, 0, 1, 2, 3, 4, 5);
	struct ffa_regs r64 = FRAME(FFA_MSG_SEND_DIRECT_RESP_64, 0x80010000, 0,
				    0x1111111111111111ull, 0x2222222222222222ull,
				    0x3333333333333333ull, 0x4444444444444444ull,
				    0x5555555555555555ull);
	struct ffa_regs r2 = full_frame(FFA_MSG_SEND_DIRECT_RESP2_64, 7);
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(RUN(0x8001, 0), r32),
		STEP(RUN(0x8001, 0), r64),
		STEP(RUN(0x8001, 0), r2),
	};
	struct scripted t;
	struct ffa_regs out;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_run(&t.ctx, 0x8001, 0, &out), FFA_RUN_DIRECT_RESP);
	assert_frame_eq(&out, &r32);
	assert_rc(ffa_run(&t.ctx, 0x8001, 0, &out), FFA_RUN_DIRECT_RESP);
	assert_frame_eq(&out, &r64);
	assert_rc(ffa_run(&t.ctx, 0x8001, 0, &out), FFA_RUN_DIRECT_RESP);
	assert_frame_eq(&out, &r2); /* x4..x17 payload intact */
	assert_script_ok(&t);
}

Test(run, errors_map)
{
	static const int codes[] = { FFA_ERR_INVALID_PARAMETERS, FFA_ERR_DENIED, FFA_ERR_BUSY,
				     FFA_ERR_ABORTED };

	for (size_t i = 0; i < ARRAY_LEN(codes); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(RUN(0x8001, 0), ERR(codes[i])),
			STEP(RUN(0x8001, 0), FRAME(FFA_ERROR_32, 0, (uint64_t)(int64_t)codes[i])),
		};
		struct scripted t;

		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
		assert_rc(ffa_run(&t.ctx, 0x8001, 0, NULL), codes[i]);
		assert_rc(ffa_run(&t.ctx, 0x8001, 0, NULL), codes[i]);
		assert_script_ok(&t);
	}
}

Test(run, protocol_errors)
{
	const struct ffa_regs bad[] = {
		FRAME(FFA_RUN_32, 0x80010000),           /* an echo of the call */
		FRAME(FFA_MSG_SEND_DIRECT_REQ_32, 0x00008001),
		FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, 0x00008001),
		FRAME(FFA_VERSION_1_2),                  /* a version number */
		FRAME(0xFFFFFFFFu),                      /* NOT_SUPPORTED as bare w0 */
		FRAME(0x84000099u),
		FRAME(0),
		FRAME(FFA_ERROR_32, 0, 0),               /* FFA_ERROR without a code */
		FRAME(FFA_ERROR_32, 0, 0xFFFFFFF5u),     /* -11: not an FF-A code */
		FRAME(0xC4000062u, 0x80010000),          /* INTERRUPT_64 (v1.3 only) */
	};

	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(RUN(0x8001, 0), bad[i]),
		};
		struct scripted t;
		struct ffa_regs out;

		memset(&out, 0x5A, sizeof(out));
		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
		assert_rc(ffa_run(&t.ctx, 0x8001, 0, &out), FFA_ERR_PROTOCOL);
		assert_script_ok(&t);
	}
}

Test(run, conduit_failure_and_not_negotiated)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_CONDUIT_FAIL(RUN(0x8001, 0), FFA_ERR_CONDUIT),
	};
	struct scripted t, u;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_run(&t.ctx, 0x8001, 0, NULL), FFA_ERR_CONDUIT);
	assert_script_ok(&t);

	scripted_init(&u, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_run(&u.ctx, 0x8001, 0, NULL), FFA_ERR_NOT_NEGOTIATED);
	assert_script_ok(&u);
}

Test(run, without_regs18_stale_upper_registers_are_not_returned)
{
	/* A conduit that carries only x0..x7: whatever sits in x8..x17 of the
	 * answer must read as zero. */
	struct ffa_regs ans = full_frame(FFA_MSG_SEND_DIRECT_RESP_32, 3);
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(RUN(0x8001, 0), ans),
	};
	struct scripted t;
	struct ffa_regs out;

	scripted_init(&t, steps, ARRAY_LEN(steps), FFA_CONDUIT_CAP_SMC64, FFA_VERSION_1_2);
	assert_rc(ffa_run(&t.ctx, 0x8001, 0, &out), FFA_RUN_DIRECT_RESP);
	for (unsigned int i = 0; i < 8; i++)
		cr_assert_eq(out.x[i], ans.x[i]);
	for (unsigned int i = 8; i < FFA_REGS_COUNT; i++)
		cr_assert_eq(out.x[i], 0, "x%u leaked", i);
	assert_script_ok(&t);
}

/* ======================================================================= */
/* Preemption policy: test_call_resumable (white-box)                      */
/* ======================================================================= */

/* The call a direct request will make: DIRECT_REQ_32 from 0 to 0x8001. */
#define REQ FRAME(FFA_MSG_SEND_DIRECT_REQ_32, 0x00008001, 0, 0xA, 0xB, 0xC, 0xD, 0xE)
#define RESP FRAME(FFA_MSG_SEND_DIRECT_RESP_32, 0x80010000, 0, 0x1, 0x2, 0x3, 0x4, 0x5)
static const uint32_t resp_ids[] = { FFA_MSG_SEND_DIRECT_RESP_32 };

struct waits {
	unsigned int n;
	uint64_t timeout[16];
	void *arg;
};

static void record_wait(void *arg, uint64_t timeout)
{
	struct waits *w = arg;

	cr_assert_lt(w->n, ARRAY_LEN(w->timeout));
	w->timeout[w->n++] = timeout;
}

/* A scripted context with a yield_wait hook recording into @w. */
static void init_with_waits(struct scripted *t, const struct ffa_script_step *steps, size_t n,
			    struct waits *w)
{
	struct ffa_port port = { .yield_wait = record_wait, .arg = w };

	memset(w, 0, sizeof(*w));
	ffa_script_init(&t->script, steps, n, &t->conduit, CAPS_ALL);
	assert_rc(ffa_ctx_init(&t->ctx, &t->conduit, &port), 0);
	assert_rc(ffa_version(&t->ctx, FFA_VERSION_1_2, NULL), 0);
}

static int resumable(struct scripted *t, struct ffa_regs *r)
{
	*r = REQ;
	return test_call_resumable(&t->ctx, r, resp_ids, ARRAY_LEN(resp_ids));
}

/* yield_wait ran @n times, with @timeouts[0..@n). */
static void assert_waits(const struct waits *w, unsigned int n, const uint64_t *timeouts)
{
	cr_assert_eq(w->n, n, "yield_wait ran %u times, expected %u", w->n, n);
	for (unsigned int i = 0; i < n; i++)
		cr_assert_eq(w->timeout[i], timeouts[i], "wait %u: timeout 0x%llx, expected 0x%llx",
			     i, (unsigned long long)w->timeout[i],
			     (unsigned long long)timeouts[i]);
}

/* REQ over @steps (STEP_VERSION(v1.2) first), under the default policy
 * (resume, no limit), gives the whole RESP frame back, having waited once per
 * resumed YIELD with @timeouts[0..@nwaits); every step consumed. */
static void expect_resumed_to_resp(const struct ffa_script_step *steps, size_t n,
				   const uint64_t *timeouts, unsigned int nwaits)
{
	const struct ffa_regs want = RESP;
	struct scripted t;
	struct waits w;
	struct ffa_regs r;

	init_with_waits(&t, steps, n, &w);
	assert_rc(resumable(&t, &r), 0);
	assert_frame_eq(&r, &want);
	assert_waits(&w, nwaits, timeouts);
	assert_script_ok(&t);
}

/* REQ over @steps (STEP_VERSION(v1.2) first), under the default policy,
 * fails with @rc after @nwaits yield_waits; every step consumed. */
static void expect_resumable_fails(const struct ffa_script_step *steps, size_t n, int rc,
				   unsigned int nwaits)
{
	struct scripted t;
	struct waits w;
	struct ffa_regs r;

	init_with_waits(&t, steps, n, &w);
	assert_rc(resumable(&t, &r), rc);
	cr_assert_eq(w.n, nwaits, "yield_wait ran %u times, expected %u", w.n, nwaits);
	assert_script_ok(&t);
}

Test(preempt, resume_uses_w1_of_each_answer_through_rounds)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REQ, FRAME(FFA_INTERRUPT_32, 0x80030002, 41)),
		STEP(RUN(0x8003, 2), FRAME(FFA_YIELD_32, 0x80040001, 0x100, 0x2)),
		STEP(RUN(0x8004, 1), FRAME(FFA_INTERRUPT_32, 0x8001FFFF, 0)),
		STEP(RUN(0x8001, 0xFFFF), FRAME(FFA_YIELD_32, 0xFFFF0000, 0, 0)),
		STEP(RUN(0xFFFF, 0), RESP),
	};
	/* yield_wait: once per YIELD, with its timeout; never for INTERRUPT. */
	static const uint64_t waits[] = { 0x0000000200000100ull, 0 };

	expect_resumed_to_resp(steps, ARRAY_LEN(steps), waits, ARRAY_LEN(waits));
}

Test(preempt, resume_limit_stops_after_n_rounds)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REQ, FRAME(FFA_INTERRUPT_32, 0x80010000, 1)),
		STEP(RUN(0x8001, 0), FRAME(FFA_INTERRUPT_32, 0x80010000, 2)),
		STEP(RUN(0x8001, 0), FRAME(FFA_YIELD_32, 0x80010000, 9, 0)),
		STEP(RUN(0x8001, 0), FRAME(FFA_INTERRUPT_32, 0x80020007, 4)),
	};
	static const uint64_t waits[] = { 9 };
	struct scripted t;
	struct waits w;
	struct ffa_regs r;

	init_with_waits(&t, steps, ARRAY_LEN(steps), &w);
	assert_rc(ffa_ctx_set_preempt_policy(&t.ctx, FFA_PREEMPT_RESUME, 3), 0);
	assert_rc(resumable(&t, &r), FFA_ERR_PREEMPTED);
	assert_preempted(&t.ctx, false, 0x8002, 7, 0, 4);
	assert_waits(&w, ARRAY_LEN(waits), waits);
	assert_script_ok(&t);
}

Test(preempt, resume_limit_1_and_answer_on_last_round)
{
	/* Limit 1: one resumption is allowed, and its answer counts. */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REQ, FRAME(FFA_INTERRUPT_32, 0x80010000, 1)),
		STEP(RUN(0x8001, 0), RESP),
		STEP(REQ, FRAME(FFA_YIELD_32, 0x80010000, 1, 0)),
		STEP(RUN(0x8001, 0), FRAME(FFA_YIELD_32, 0x80010001, 2, 0)),
	};
	struct scripted t;
	struct waits w;
	struct ffa_regs r;

	init_with_waits(&t, steps, ARRAY_LEN(steps), &w);
	assert_rc(ffa_ctx_set_preempt_policy(&t.ctx, FFA_PREEMPT_RESUME, 1), 0);
	assert_rc(resumable(&t, &r), 0);
	cr_assert_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	assert_rc(resumable(&t, &r), FFA_ERR_PREEMPTED);
	assert_preempted(&t.ctx, true, 0x8001, 1, 2, 0);
	cr_assert_eq(w.n, 1); /* the final, unresumed YIELD is not waited on */
	assert_script_ok(&t);
}

Test(preempt, no_limit_many_rounds)
{
	struct ffa_script_step steps[2 + 40];

	steps[0] = (struct ffa_script_step)STEP_VERSION(FFA_VERSION_1_2);
	steps[1] = (struct ffa_script_step)STEP(REQ, FRAME(FFA_INTERRUPT_32, 0x80010000));
	for (size_t i = 2; i < ARRAY_LEN(steps) - 1; i++)
		steps[i] = (struct ffa_script_step)STEP(RUN(0x8001, 0),
							FRAME(FFA_INTERRUPT_32, 0x80010000, i));
	steps[ARRAY_LEN(steps) - 1] = (struct ffa_script_step)STEP(RUN(0x8001, 0), RESP);

	expect_resumed_to_resp(steps, ARRAY_LEN(steps), NULL, 0);
}

Test(preempt, return_policy_returns_at_once)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REQ, FRAME(FFA_YIELD_32, 0x80010003, 0xAAAA, 0xBBBB)),
		STEP(REQ, FRAME(FFA_INTERRUPT_32, 0x80020001, 99)),
	};
	struct scripted t;
	struct waits w;
	struct ffa_regs r;

	init_with_waits(&t, steps, ARRAY_LEN(steps), &w);
	assert_rc(ffa_ctx_set_preempt_policy(&t.ctx, FFA_PREEMPT_RETURN, 0), 0);
	assert_rc(resumable(&t, &r), FFA_ERR_PREEMPTED);
	assert_preempted(&t.ctx, true, 0x8001, 3, 0x0000BBBB0000AAAAull, 0);

	assert_rc(resumable(&t, &r), FFA_ERR_PREEMPTED);
	assert_preempted(&t.ctx, false, 0x8002, 1, 0, 99);
	cr_assert_eq(w.n, 0, "RETURN policy must not wait");
	assert_script_ok(&t);
}

Test(preempt, ffa_error_during_resumption_maps)
{
	static const int codes[] = { FFA_ERR_ABORTED, FFA_ERR_BUSY, FFA_ERR_INVALID_PARAMETERS,
				     FFA_ERR_DENIED };

	for (size_t i = 0; i < ARRAY_LEN(codes); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(REQ, FRAME(FFA_INTERRUPT_32, 0x80010000)),
			STEP(RUN(0x8001, 0), FRAME(FFA_YIELD_32, 0x80010000)),
			STEP(RUN(0x8001, 0), ERR(codes[i])),
		};

		expect_resumable_fails(steps, ARRAY_LEN(steps), codes[i], 1);
	}
}

Test(preempt, garbage_during_resumption_is_protocol)
{
	const struct ffa_regs bad[] = {
		FRAME(FFA_MSG_WAIT_32),
		FRAME(FFA_SUCCESS_32),
		FRAME(FFA_MSG_SEND_DIRECT_RESP_64, 0x80010000), /* not the allowed width */
		FRAME(0x12345678u),
		FRAME(FFA_ERROR_32, 0, 0),
		FRAME(0xFFFFFFFFFFFFFFFFull),
	};

	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(REQ, FRAME(FFA_YIELD_32, 0x80010000, 1)),
			STEP(RUN(0x8001, 0), bad[i]),
		};

		expect_resumable_fails(steps, ARRAY_LEN(steps), FFA_ERR_PROTOCOL, 1);
	}
}

Test(preempt, garbage_and_errors_on_first_answer)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REQ, FRAME(FFA_MSG_WAIT_32)),
		STEP(REQ, ERR(FFA_ERR_BUSY)),
		STEP(REQ, RESP),
	};
	struct scripted t;
	struct waits w;
	struct ffa_regs r;

	init_with_waits(&t, steps, ARRAY_LEN(steps), &w);
	assert_rc(resumable(&t, &r), FFA_ERR_PROTOCOL);
	assert_rc(resumable(&t, &r), FFA_ERR_BUSY);
	assert_rc(resumable(&t, &r), 0);
	cr_assert_eq(r.x[7], 5);
	assert_script_ok(&t);
}

Test(preempt, conduit_failure_during_resumption)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REQ, FRAME(FFA_INTERRUPT_32, 0x80010000)),
		STEP_CONDUIT_FAIL(RUN(0x8001, 0), FFA_ERR_CONDUIT),
	};

	expect_resumable_fails(steps, ARRAY_LEN(steps), FFA_ERR_CONDUIT, 0);
}

Test(preempt, resume_without_yield_wait_hook)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REQ, FRAME(FFA_YIELD_32, 0x80010000, 5, 5)),
		STEP(RUN(0x8001, 0), RESP),
	};
	struct scripted t;
	struct ffa_regs r;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(resumable(&t, &r), 0);
	assert_script_ok(&t);
}

Test(preempt, policy_setter_rejects_bad_input)
{
	struct scripted t;

	scripted_init(&t, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_ctx_set_preempt_policy(NULL, FFA_PREEMPT_RETURN, 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_ctx_set_preempt_policy(&t.ctx, (enum ffa_preempt_policy)7, 0),
		  FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_ctx_set_preempt_policy(&t.ctx, FFA_PREEMPT_RETURN, 0), 0);
	assert_rc(ffa_ctx_set_preempt_policy(&t.ctx, FFA_PREEMPT_RESUME, 5), 0);
	cr_assert_null(ffa_ctx_preempted(NULL));
	assert_script_ok(&t);
}

/* ======================================================================= */
/* ffa_call_raw                                                             */
/* ======================================================================= */

Test(call_raw, passes_frames_unchanged_before_negotiation)
{
	struct ffa_regs in = full_frame(0x8400FFFFu, 1);
	struct ffa_regs ans = full_frame(0xDEADBEEFCAFEF00Dull, 2);
	struct ffa_script_step steps[] = { STEP(in, ans) };
	struct scripted t;
	struct ffa_regs out;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, 0);
	cr_assert_eq(ffa_ctx_version(&t.ctx), 0);
	assert_rc(ffa_call_raw(&t.ctx, &in, &out), 0);
	assert_frame_eq(&out, &ans);
	cr_assert_eq(ffa_ctx_version(&t.ctx), 0, "raw call changed the context");
	assert_script_ok(&t);
}

Test(call_raw, in_place_and_without_regs18)
{
	/* "unchanged": no zeroing of x8..x17 even for a conduit without
	 * REGS18, no preemption handling, no error mapping. */
	struct ffa_regs in = full_frame(FFA_VERSION_32, 3);
	struct ffa_regs ans = full_frame(FFA_INTERRUPT_32, 4);
	struct ffa_regs err = FRAME(FFA_ERROR_32, 0, 0x12345);
	struct ffa_script_step steps[] = {
		STEP(in, ans),
		STEP(in, err),
		STEP_CONDUIT_FAIL(in, FFA_ERR_CONDUIT),
	};
	struct scripted t;
	struct ffa_regs io;

	scripted_init(&t, steps, ARRAY_LEN(steps), 0, 0);
	io = in;
	assert_rc(ffa_call_raw(&t.ctx, &io, &io), 0);
	assert_frame_eq(&io, &ans);
	io = in;
	assert_rc(ffa_call_raw(&t.ctx, &io, &io), 0);
	assert_frame_eq(&io, &err);
	io = in;
	assert_rc(ffa_call_raw(&t.ctx, &io, &io), FFA_ERR_CONDUIT);
	assert_script_ok(&t);
}

Test(call_raw, null_arguments)
{
	struct scripted t;
	struct ffa_regs r = FRAME(FFA_VERSION_32, FFA_VERSION_1_2);

	scripted_init(&t, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_call_raw(NULL, &r, &r), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_call_raw(&t.ctx, NULL, &r), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_call_raw(&t.ctx, &r, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&t);
}

/* ======================================================================= */
/* Known bugs                                                               */
/* ======================================================================= */

Test(known_bugs, known_bug_12_id_packing_above_0x8000)
{
	/* (uint16_t)0xFFFF << 16 on a promoted int is UB: the packing must be
	 * unsigned (UBSan would abort this test). Also through the resume path. */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FRAME(FFA_RUN_32, 0xFFFFFFFFu), FRAME(FFA_MSG_WAIT_32)),
		STEP(FRAME(FFA_RUN_32, 0x80000000u), FRAME(FFA_MSG_WAIT_32)),
		STEP(FRAME(FFA_RUN_32, 0xFFFE8001u), FRAME(FFA_INTERRUPT_32, 0xFFFFFFFFu)),
		STEP(REQ, FRAME(FFA_INTERRUPT_32, 0xFFFFFFFFu)),
		STEP(FRAME(FFA_RUN_32, 0xFFFFFFFFu), RESP),
	};
	struct scripted t;
	struct ffa_regs r;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_run(&t.ctx, 0xFFFF, 0xFFFF, NULL), FFA_RUN_MSG_WAIT);
	assert_rc(ffa_run(&t.ctx, 0x8000, 0, NULL), FFA_RUN_MSG_WAIT);
	assert_rc(ffa_run(&t.ctx, 0xFFFE, 0x8001, NULL), FFA_RUN_INTERRUPT);
	assert_preempted(&t.ctx, false, 0xFFFF, 0xFFFF, 0, 0);
	assert_rc(resumable(&t, &r), 0);
	assert_script_ok(&t);
}

Test(known_bugs, known_bug_33_preemption_resumes_ids_from_w1)
{
	/* The request went to 0x8001; the answers name other endpoints and
	 * vCPUs: FFA_RUN must follow w1 of each answer, never the original
	 * target, and the final response reaches the caller. */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REQ, FRAME(FFA_INTERRUPT_32, 0x80090004, 12)),
		STEP(RUN(0x8009, 4), FRAME(FFA_YIELD_32, 0x800A0005)),
		STEP(RUN(0x800A, 5), RESP),
	};
	static const uint64_t waits[] = { 0 };

	expect_resumed_to_resp(steps, ARRAY_LEN(steps), waits, ARRAY_LEN(waits));
}

Test(known_bugs, known_bug_38_run_and_raw_null_paths)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(RUN(0x8001, 0), FRAME(FFA_MSG_SEND_DIRECT_RESP_32, 0x80010000)),
	};
	struct scripted t;
	struct ffa_regs r;

	assert_rc(ffa_run(NULL, 0x8001, 0, &r), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_call_raw(NULL, &r, &r), FFA_ERR_BAD_ARGUMENT);
	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	/* NULL out: the outcome alone. */
	assert_rc(ffa_run(&t.ctx, 0x8001, 0, NULL), FFA_RUN_DIRECT_RESP);
	assert_script_ok(&t);
}
