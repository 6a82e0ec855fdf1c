/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_VERSION and version negotiation (ffa-abi.md 5; real-spmc-behaviour.md
 * "Version"; SOURCES.md 3 items 1-2; known-bugs.md classes 1-4 and 38).
 *
 * Every exchange is scripted with its exact input frame, so each test also
 * proves that w2..w17 of FFA_VERSION are zero (v1.3 query type 0 =
 * negotiate) and that nothing but FFA_VERSION frames is sent.
 */
#include <stdio.h>

#include "ffa_test.h"

/* One FFA_VERSION exchange: the exact request, a raw 64-bit answer in x0. */
#define VSTEP(req, ans) STEP(FRAME(FFA_VERSION_32, (req)), FRAME((ans)))

#define V10 FFA_VERSION_1_0
#define V11 FFA_VERSION_1_1
#define V12 FFA_VERSION_1_2
#define V13 FFA_VERSION_1_3
#define NS32 0xFFFFFFFFull          /* NOT_SUPPORTED, zero-extended (Hafnium) */
#define NS64 0xFFFFFFFFFFFFFFFFull  /* NOT_SUPPORTED, sign-extended */

static void init(struct scripted *t, const struct ffa_script_step *steps, size_t n)
{
	scripted_init(t, steps, n, CAPS_ALL, 0);
}

static void assert_versions(const struct ffa_ctx *ctx, uint32_t version, uint32_t pm)
{
	cr_assert_eq(ffa_ctx_version(ctx), version, "negotiated 0x%x, expected 0x%x",
		     ffa_ctx_version(ctx), version);
	cr_assert_eq(ffa_ctx_pm_version(ctx), pm, "pm version 0x%x, expected 0x%x",
		     ffa_ctx_pm_version(ctx), pm);
}

/* What a pm_version output holds before a call that must not write it. */
#define PM_UNSET 0xA5A5A5A5u

/* ffa_version(v1.2, &pm) on a fresh context (nothing negotiated yet) whose
 * one exchange is @step: @rc, pm left as @pm_out (PM_UNSET: not written),
 * and the context at @version with manager version @pm afterwards. Failures
 * name the answer's w0. */
static void expect_version_call(struct ffa_script_step step, int rc, uint32_t pm_out,
				uint32_t version, uint32_t pm)
{
	unsigned long long ans = step.reply.x[0];
	struct scripted t;
	uint32_t got = PM_UNSET;
	int r;

	init(&t, &step, 1);
	assert_versions(&t.ctx, 0, 0);
	r = ffa_version(&t.ctx, V12, &got);
	cr_assert_eq(r, rc, "answer 0x%llx: rc %d (%s), expected %d", ans, r, ffa_strerror(r), rc);
	cr_assert_eq(got, pm_out, "answer 0x%llx: pm_version 0x%x, expected 0x%x", ans, got,
		     pm_out);
	assert_versions(&t.ctx, version, pm);
	assert_script_ok(&t);
}

/* ffa_version_negotiate(@highest) against @steps[@n] ends with @rc, the
 * context at @version and the manager at @pm, every step consumed; @what
 * names the case in a failure. */
static void expect_negotiation(const char *what, uint32_t highest,
			       const struct ffa_script_step *steps, size_t n, int rc,
			       uint32_t version, uint32_t pm)
{
	struct scripted t;
	int got;

	init(&t, steps, n);
	got = ffa_version_negotiate(&t.ctx, highest);
	cr_assert_eq(got, rc, "%s: rc %d (%s), expected %d", what, got, ffa_strerror(got), rc);
	cr_assert_eq(ffa_ctx_version(&t.ctx), version, "%s: version 0x%x", what,
		     ffa_ctx_version(&t.ctx));
	cr_assert_eq(ffa_ctx_pm_version(&t.ctx), pm, "%s: pm version 0x%x", what,
		     ffa_ctx_pm_version(&t.ctx));
	assert_script_done(&t.script, what);
}

/* ffa_version_negotiate(0) whose first offer (v1.2) is answered @ans: it
 * ends there with @rc, nothing adopted, the manager's version @pm. */
static void negotiation_ends_at_first_answer(uint64_t ans, int rc, uint32_t pm)
{
	const struct ffa_script_step steps[] = { VSTEP(V12, ans) };
	char what[40];

	snprintf(what, sizeof(what), "answer 0x%llx", (unsigned long long)ans);
	expect_negotiation(what, 0, steps, ARRAY_LEN(steps), rc, 0, pm);
}

/* ---- ffa_version(): one call ---------------------------------------------- */

Test(version, frame_is_exact_and_success_decoded)
{
	expect_version_call((struct ffa_script_step)VSTEP(V12, V12), 0, V12, V12, V12);
}

Test(version, same_frame_on_a_32bit_conduit)
{
	const struct ffa_script_step steps[] = { VSTEP(V11, V11) };
	struct scripted t;

	scripted_init(&t, steps, ARRAY_LEN(steps), 0, 0);
	assert_rc(ffa_version(&t.ctx, V11, NULL), 0);
	assert_versions(&t.ctx, V11, V11);
	assert_script_ok(&t);
}

Test(version, each_supported_request_accepted_by_a_v12_manager)
{
	static const uint32_t reqs[] = { V10, V11, V12 };

	for (size_t i = 0; i < ARRAY_LEN(reqs); i++) {
		const struct ffa_script_step steps[] = { VSTEP(reqs[i], V12) };
		struct scripted t;

		init(&t, steps, ARRAY_LEN(steps));
		assert_rc(ffa_version(&t.ctx, reqs[i], NULL), 0);
		assert_versions(&t.ctx, reqs[i], V12);
		assert_script_ok(&t);
	}
}

Test(version, answer_upper_bits_and_echoed_registers_tolerated)
{
	/* x0 upper half set; TF-A's EL3 SPMC leaves x1 = the request and
	 * other registers non-zero: only w0 counts. */
	const struct ffa_script_step step =
		STEP(FRAME(FFA_VERSION_32, V12),
		     FRAME(0xDEADBEEF00000000ull | V12, V12, 0xFFFFFFFFFFFFFFFFull, 7, 7, 7,
			   7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7));

	expect_version_call(step, 0, V12, V12, V12);
}

Test(version, not_supported_in_w0_zero_and_sign_extended)
{
	static const uint64_t answers[] = { NS32, NS64, 0x12345678FFFFFFFFull };

	for (size_t i = 0; i < ARRAY_LEN(answers); i++)
		expect_version_call((struct ffa_script_step)VSTEP(V12, answers[i]),
				    FFA_ERR_NOT_SUPPORTED, PM_UNSET, 0, 0);
}

Test(version, bit31_set_other_than_not_supported_is_protocol)
{
	/* Includes an FFA_SUCCESS and an FFA_ERROR(NOT_SUPPORTED) frame:
	 * FFA_VERSION answers in w0 only (ffa-abi.md 4.1). */
	static const uint64_t answers[] = {
		0x80000000ull, 0x80010002ull, 0xFFFFFFFEull, 0x8FFFFFFFull,
		FFA_SUCCESS_32, FFA_ERROR_32, FFA_INTERRUPT_32, 0xFFFFFFFF80010002ull,
	};

	for (size_t i = 0; i < ARRAY_LEN(answers); i++)
		expect_version_call((struct ffa_script_step)STEP(FRAME(FFA_VERSION_32, V12),
								 FRAME(answers[i], 0, 0xFFFFFFFFu)),
				    FFA_ERR_PROTOCOL, PM_UNSET, 0, 0);
}

Test(version, incompatible_answers_are_version_errors)
{
	/* Other major, major 0, lower minor of the same major. */
	static const uint32_t answers[] = {
		0x00020000u, 0x00020005u, 0x7FFF0000u, 0x00000000u, 0x00000002u,
		0x0000FFFFu, V11, V10,
	};

	for (size_t i = 0; i < ARRAY_LEN(answers); i++)
		expect_version_call((struct ffa_script_step)VSTEP(V12, answers[i]),
				    FFA_ERR_VERSION, answers[i], 0, answers[i]);
}

Test(version, bad_arguments_make_no_call)
{
	static const uint32_t bad[] = { 0x80010002u, 0xFFFFFFFFu, 0x00000000u, 0x00000002u,
					0x80000000u };
	struct scripted t;

	init(&t, NULL, 0);
	assert_rc(ffa_version(NULL, V12, NULL), FFA_ERR_BAD_ARGUMENT);
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		assert_rc(ffa_version(&t.ctx, bad[i], NULL), FFA_ERR_BAD_ARGUMENT);
	assert_versions(&t.ctx, 0, 0);
	assert_script_ok(&t);
}

Test(version, conduit_failure_leaves_context_alone)
{
	expect_version_call((struct ffa_script_step)STEP_CONDUIT_FAIL(FRAME(FFA_VERSION_32, V12),
								      FFA_ERR_CONDUIT),
			    FFA_ERR_CONDUIT, PM_UNSET, 0, 0);
}

Test(version, positive_conduit_result_is_a_conduit_error)
{
	const struct ffa_script_step steps[] = {
		STEP_CONDUIT_FAIL(FRAME(FFA_VERSION_32, V12), 1),
	};
	struct scripted t;

	init(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_version(&t.ctx, V12, NULL), FFA_ERR_CONDUIT);
	assert_versions(&t.ctx, 0, 0);
	assert_script_ok(&t);
}

/* ---- Negotiating again: the last compatible FFA_VERSION decides ----------- */

Test(version, renegotiation_last_compatible_version_decides)
{
	const struct ffa_script_step steps[] = {
		VSTEP(V12, V12),
		VSTEP(V11, V12), /* OP-TEE SPMC: follows the last request */
		VSTEP(V12, NS32), /* Hafnium after lock-in: refused */
		VSTEP(V10, V13),
	};
	struct scripted t;

	init(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_version_negotiate(&t.ctx, 0), 0);
	assert_versions(&t.ctx, V12, V12);
	assert_rc(ffa_version(&t.ctx, V11, NULL), 0);
	assert_versions(&t.ctx, V11, V12);
	assert_rc(ffa_version(&t.ctx, V12, NULL), FFA_ERR_NOT_SUPPORTED);
	assert_versions(&t.ctx, V11, V12); /* refusal changes nothing */
	assert_rc(ffa_version(&t.ctx, V10, NULL), 0);
	assert_versions(&t.ctx, V10, V13);
	assert_script_ok(&t);
}

Test(version, incompatible_renegotiation_keeps_previous_version)
{
	/* TF-A EL3 SPMC after lock-in answers the negotiated version (1.1)
	 * to a request for 1.2 (SOURCES.md 3 item 2). */
	const struct ffa_script_step steps[] = {
		VSTEP(V11, V11),
		VSTEP(V12, V11),
		VSTEP(V12, 0x20000),
	};
	struct scripted t;

	init(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_version(&t.ctx, V11, NULL), 0);
	assert_versions(&t.ctx, V11, V11);
	assert_rc(ffa_version(&t.ctx, V12, NULL), FFA_ERR_VERSION);
	assert_versions(&t.ctx, V11, V11);
	assert_rc(ffa_version(&t.ctx, V12, NULL), FFA_ERR_VERSION);
	assert_versions(&t.ctx, V11, 0x20000);
	assert_script_ok(&t);
}

Test(version, renegotiation_protocol_error_keeps_previous_version)
{
	const struct ffa_script_step steps[] = {
		VSTEP(V12, V12),
		VSTEP(V11, 0x80000001u),
		STEP_CONDUIT_FAIL(FRAME(FFA_VERSION_32, V10), FFA_ERR_CONDUIT),
	};
	struct scripted t;

	init(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_version_negotiate(&t.ctx, 0), 0);
	assert_rc(ffa_version(&t.ctx, V11, NULL), FFA_ERR_PROTOCOL);
	assert_versions(&t.ctx, V12, V12);
	assert_rc(ffa_version(&t.ctx, V10, NULL), FFA_ERR_CONDUIT);
	assert_versions(&t.ctx, V12, V12);
	assert_script_ok(&t);
}

/* ---- ffa_version_negotiate() ------------------------------------------------ */

/*
 * Negotiation scenarios: what each kind of partition manager answers to each
 * offer (the script, which also checks every offer's exact frame), and where
 * negotiation must end.
 */
struct negotiation {
	const char *name;
	uint32_t highest; /* argument to ffa_version_negotiate() */
	struct ffa_script_step steps[4];
	size_t n;
	int rc;
	uint32_t version; /* ffa_ctx_version() afterwards */
	uint32_t pm;      /* ffa_ctx_pm_version() afterwards */
};

Test(negotiate, scenarios)
{
	const struct negotiation cases[] = {
		{ "v1.2 manager", 0, { VSTEP(V12, V12) }, 1, 0, V12, V12 },
		{ "explicit latest same as 0", FFA_VERSION_LATEST, { VSTEP(V12, V12) }, 1, 0, V12,
		  V12 },
		{ "v1.3 manager gives v1.2", 0, { VSTEP(V12, V13) }, 1, 0, V12, V13 },
		{ "future minor gives v1.2", 0, { VSTEP(V12, 0x0001FFFFu) }, 1, 0, V12, 0x0001FFFFu },
		/* TF-A style: answers its own version to 1.2 (echoing x1) and
		 * records nothing, so 1.1 must be offered explicitly. */
		{ "TF-A v1.1: own version, then re-offer", 0,
		  { STEP(FRAME(FFA_VERSION_32, V12), FRAME(V11, V12)),
		    STEP(FRAME(FFA_VERSION_32, V11), FRAME(V11, V11)) },
		  2, 0, V11, V11 },
		{ "TF-A v1.0: straight to v1.0", 0, { VSTEP(V12, V10), VSTEP(V10, V10) }, 2, 0, V10,
		  V10 },
		{ "Hafnium v1.1: refuses, then accepts", 0, { VSTEP(V12, NS32), VSTEP(V11, V11) }, 2, 0,
		  V11, V11 },
		{ "Hafnium v1.0: sign-extended refusals", 0,
		  { VSTEP(V12, NS64), VSTEP(V11, NS64), VSTEP(V10, V10) }, 3, 0, V10, V10 },
		{ "NOT_SUPPORTED to everything: no FF-A", 0,
		  { VSTEP(V12, NS32), VSTEP(V11, NS64), VSTEP(V10, NS32) }, 3, FFA_ERR_NOT_SUPPORTED,
		  0, 0 },
		{ "other major after a refusal", 0, { VSTEP(V12, NS32), VSTEP(V11, 0x00020000u) }, 2,
		  FFA_ERR_VERSION, 0, 0x00020000u },
		/* Said 1.1, then refused 1.1 and 1.0: no common minor. */
		{ "reported lower minor, then refusals", 0,
		  { VSTEP(V12, V11), VSTEP(V11, NS32), VSTEP(V10, NS32) }, 3, FFA_ERR_VERSION, 0,
		  V11 },
		/* Offers only ever go down: at most one per minor. */
		{ "shrinking answers end in three offers", 0,
		  { VSTEP(V12, V11), VSTEP(V11, V10), VSTEP(V10, V10) }, 3, 0, V10, V10 },
		{ "highest v1.1 offers v1.1 first", V11, { VSTEP(V11, V12) }, 1, 0, V11, V12 },
		{ "highest v1.1 with a refusal ends at v1.0", V11,
		  { VSTEP(V11, NS32), VSTEP(V10, V13) }, 2, 0, V10, V13 },
		{ "highest v1.0 offers v1.0 only", V10, { VSTEP(V10, NS32) }, 1,
		  FFA_ERR_NOT_SUPPORTED, 0, 0 },
		{ "conduit failure mid-negotiation", 0,
		  { VSTEP(V12, NS32), STEP_CONDUIT_FAIL(FRAME(FFA_VERSION_32, V11), FFA_ERR_CONDUIT) },
		  2, FFA_ERR_CONDUIT, 0, 0 },
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const struct negotiation *c = &cases[i];

		expect_negotiation(c->name, c->highest, c->steps, c->n, c->rc, c->version, c->pm);
	}
}

Test(negotiate, other_major_is_version_error_at_once)
{
	static const uint32_t answers[] = { 0x00020000u, 0x00020002u, 0x00030001u, 0x7FFFFFFFu };

	for (size_t i = 0; i < ARRAY_LEN(answers); i++)
		negotiation_ends_at_first_answer(answers[i], FFA_ERR_VERSION, answers[i]);
}

Test(negotiate, major_zero_is_version_error_at_once)
{
	static const uint32_t answers[] = { 0x00000000u, 0x00000001u, 0x00000002u, 0x0000FFFFu };

	for (size_t i = 0; i < ARRAY_LEN(answers); i++)
		negotiation_ends_at_first_answer(answers[i], FFA_ERR_VERSION, answers[i]);
}

Test(negotiate, bit31_answer_is_protocol_at_once)
{
	static const uint32_t answers[] = { 0x80000000u, 0x80010002u, 0xFFFFFFFEu };

	for (size_t i = 0; i < ARRAY_LEN(answers); i++)
		negotiation_ends_at_first_answer(answers[i], FFA_ERR_PROTOCOL, 0);
}

Test(negotiate, highest_out_of_range_is_bad_argument_without_a_call)
{
	static const uint32_t bad[] = {
		V13, 0x0001FFFFu, 0x00020000u, 0x00020002u, 0x00000002u,
		0x80010002u, 0x80010000u, 0xFFFFFFFFu,
	};
	struct scripted t;

	init(&t, NULL, 0);
	assert_rc(ffa_version_negotiate(NULL, 0), FFA_ERR_BAD_ARGUMENT);
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		cr_assert_eq(ffa_version_negotiate(&t.ctx, bad[i]), FFA_ERR_BAD_ARGUMENT,
			     "highest 0x%x", bad[i]);
	assert_versions(&t.ctx, 0, 0);
	assert_script_ok(&t);
}

Test(negotiate, again_after_success_follows_the_new_answer)
{
	const struct ffa_script_step steps[] = {
		VSTEP(V12, V12),
		VSTEP(V11, V12),
		VSTEP(V12, NS32), /* locked in at 1.1 now (Hafnium) */
		VSTEP(V11, V12),
	};
	struct scripted t;

	init(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_version_negotiate(&t.ctx, 0), 0);
	assert_versions(&t.ctx, V12, V12);
	assert_rc(ffa_version_negotiate(&t.ctx, V11), 0);
	assert_versions(&t.ctx, V11, V12);
	assert_rc(ffa_version_negotiate(&t.ctx, 0), 0);
	assert_versions(&t.ctx, V11, V12);
	assert_script_ok(&t);
}

Test(negotiate, failed_renegotiation_keeps_previous_version)
{
	const struct ffa_script_step steps[] = {
		VSTEP(V11, V11),
		VSTEP(V12, 0x00020000u),
	};
	struct scripted t;

	init(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_version_negotiate(&t.ctx, V11), 0);
	assert_rc(ffa_version_negotiate(&t.ctx, 0), FFA_ERR_VERSION);
	assert_versions(&t.ctx, V11, 0x00020000u);
	assert_script_ok(&t);
}

Test(negotiate, works_on_a_32bit_conduit)
{
	const struct ffa_script_step steps[] = {
		VSTEP(V12, V11),
		VSTEP(V11, V11),
	};
	struct scripted t;

	scripted_init(&t, steps, ARRAY_LEN(steps), 0, 0);
	assert_rc(ffa_version_negotiate(&t.ctx, 0), 0);
	assert_versions(&t.ctx, V11, V11);
	assert_script_ok(&t);
}

/* ---- Known bug classes ---------------------------------------------------- */

Test(known_bugs, known_bug_1_version_signedness)
{
	/* NOT_SUPPORTED (-1) in w0 must never be read as a huge version:
	 * nothing is adopted and the manager's version stays unknown, both
	 * for the zero-extended and the sign-extended register. */
	static const uint64_t answers[] = { NS32, NS64 };

	for (size_t i = 0; i < ARRAY_LEN(answers); i++) {
		const struct ffa_script_step steps[] = {
			VSTEP(V12, answers[i]),
			VSTEP(V11, answers[i]),
			VSTEP(V10, answers[i]),
		};
		struct scripted t;
		uint32_t pm = 0;

		init(&t, steps, ARRAY_LEN(steps));
		assert_rc(ffa_version(&t.ctx, V12, &pm), FFA_ERR_NOT_SUPPORTED);
		cr_assert_eq(pm, 0);
		assert_rc(ffa_version_negotiate(&t.ctx, V11), FFA_ERR_NOT_SUPPORTED);
		assert_versions(&t.ctx, 0, 0);
		assert_script_ok(&t);
	}
	/* A w0 with bit 31 set other than -1 is not a version either. */
	negotiation_ends_at_first_answer(0xFFFF0002u, FFA_ERR_PROTOCOL, 0);
}

Test(known_bugs, known_bug_2_downgrade_rules)
{
	/* Adopt the callee's lower minor... */
	{
		const struct ffa_script_step steps[] = { VSTEP(V12, V11), VSTEP(V11, V11) };

		expect_negotiation("lower minor", 0, steps, ARRAY_LEN(steps), 0, V11, V11);
	}
	/* ...keep our own when the callee is higher... */
	{
		const struct ffa_script_step steps[] = { VSTEP(V12, V13) };

		expect_negotiation("higher minor", 0, steps, ARRAY_LEN(steps), 0, V12, V13);
	}
	/* ...never adopt a lower minor without asking for it... */
	{
		const struct ffa_script_step steps[] = { VSTEP(V12, V11) };
		struct scripted t;

		init(&t, steps, ARRAY_LEN(steps));
		assert_rc(ffa_version(&t.ctx, V12, NULL), FFA_ERR_VERSION);
		assert_versions(&t.ctx, 0, V11);
		assert_script_ok(&t);
	}
	/* ...and reject any other major, higher or lower. */
	static const uint32_t majors[] = { 0x00020000u, 0x00000002u };

	for (size_t i = 0; i < ARRAY_LEN(majors); i++)
		negotiation_ends_at_first_answer(majors[i], FFA_ERR_VERSION, majors[i]);
}

static _Alignas(4096) uint8_t nb3_tx[4096];
static _Alignas(4096) uint8_t nb3_rx[4096];

/* Every call but FFA_VERSION, before negotiation: refused locally. */
static void assert_every_call_refused(struct ffa_ctx *ctx)
{
	struct ffa_features f = { 1, 2 };
	struct ffa_rxtx_props rp = { 3, 4 };
	struct ffa_retrieve_props mp = { true, true, true, 5 };
	struct ffa_partition_info pi[2];
	struct ffa_regs out;
	uint32_t u32 = 6, total = 7;
	uint16_t id = 8;

	assert_rc(ffa_features(ctx, FFA_ID_GET_32, 0, &f), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_features(ctx, FFA_FEATURE_SRI, 0, &f), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_features_rxtx_map(ctx, &rp), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_features_mem_retrieve(ctx, true, &mp), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_features_interrupt(ctx, FFA_FEATURE_SRI, &u32), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_id_get(ctx, &id), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_spm_id_get(ctx, &id), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_rxtx_map(ctx, nb3_tx, nb3_rx, 1), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_rxtx_unmap(ctx), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_rxtx_unmap_vm(ctx, 1), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_rx_release(ctx), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_rx_release_vm(ctx, 1), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_rx_acquire(ctx, 1), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_partition_info_get(ctx, NULL, pi, 2, &total), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_partition_count(ctx, NULL, &u32), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_partition_info_get_regs(ctx, NULL, pi, 2, &total),
		  FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_run(ctx, 0x8001, 0, &out), FFA_ERR_NOT_NEGOTIATED);
	/* Outputs untouched. */
	cr_assert(f.w2 == 1 && f.w3 == 2 && rp.min_size == 3 && rp.max_pages == 4);
	cr_assert(mp.dynamic_buffer && mp.ns_bit && mp.hyp_retrieve && mp.outstanding == 5);
	cr_assert(u32 == 6 && total == 7 && id == 8);
	cr_assert_null(ffa_ctx_rx_buffer(ctx));
}

Test(known_bugs, known_bug_3_negotiation_window)
{
	/* Before any FFA_VERSION: no frame at all (the empty script fails on
	 * any call). */
	{
		struct scripted t;

		init(&t, NULL, 0);
		assert_every_call_refused(&t.ctx);
		assert_versions(&t.ctx, 0, 0);
		assert_script_ok(&t);
	}
	/* After a refused, an incompatible or a garbled FFA_VERSION the window
	 * is still open: still nothing but FFA_VERSION may go out. */
	{
		const struct ffa_script_step steps[] = {
			VSTEP(V12, NS32),
			VSTEP(V12, 0x00020000u),
			VSTEP(V12, 0x80000000u),
			STEP_CONDUIT_FAIL(FRAME(FFA_VERSION_32, V12), FFA_ERR_CONDUIT),
			VSTEP(V12, V12),
			STEP(FRAME(FFA_ID_GET_32), OK32(0, 0)),
		};
		struct scripted t;
		uint16_t id = 1;

		init(&t, steps, ARRAY_LEN(steps));
		assert_rc(ffa_version(&t.ctx, V12, NULL), FFA_ERR_NOT_SUPPORTED);
		assert_every_call_refused(&t.ctx);
		assert_rc(ffa_version(&t.ctx, V12, NULL), FFA_ERR_VERSION);
		assert_every_call_refused(&t.ctx);
		assert_rc(ffa_version(&t.ctx, V12, NULL), FFA_ERR_PROTOCOL);
		assert_every_call_refused(&t.ctx);
		assert_rc(ffa_version(&t.ctx, V12, NULL), FFA_ERR_CONDUIT);
		assert_every_call_refused(&t.ctx);
		/* Only a successful FFA_VERSION opens the other calls. */
		assert_rc(ffa_version(&t.ctx, V12, NULL), 0);
		assert_rc(ffa_id_get(&t.ctx, &id), 0);
		cr_assert_eq(id, 0);
		assert_script_ok(&t);
	}
}

Test(known_bugs, known_bug_4_no_non_ffa_probing)
{
	/* Negotiation against every kind of manager sends FFA_VERSION frames
	 * and nothing else (no SMCCC_VERSION, no FFA_FEATURES): the scripts
	 * hold only FFA_VERSION steps and each must be consumed exactly. */
	static const struct {
		uint32_t offer[3];
		uint64_t ans[3];
		size_t n;
		int rc;
	} cases[] = {
		{ { V12 }, { V12 }, 1, 0 },
		{ { V12, V11 }, { V11, V11 }, 2, 0 },
		{ { V12, V11 }, { NS32, V11 }, 2, 0 },
		{ { V12, V11, V10 }, { NS32, NS64, NS32 }, 3, FFA_ERR_NOT_SUPPORTED },
		{ { V12 }, { 0x00020000u }, 1, FFA_ERR_VERSION },
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct ffa_script_step steps[3];
		struct scripted t;

		for (size_t k = 0; k < cases[i].n; k++) {
			steps[k] = (struct ffa_script_step)VSTEP(cases[i].offer[k],
								  cases[i].ans[k]);
			cr_assert_eq(steps[k].expect.x[0], FFA_VERSION_32);
		}
		init(&t, steps, cases[i].n);
		assert_rc(ffa_version_negotiate(&t.ctx, 0), cases[i].rc);
		assert_script_ok(&t);
	}
}

Test(known_bugs, known_bug_38_null_and_error_paths)
{
	/* Absence of FF-A (SMCCC "unknown function" = -1 in w0, sign- or
	 * zero-extended) is a clean NOT_SUPPORTED, and the context stays
	 * usable: every later call is refused locally, nothing crashes. */
	const struct ffa_script_step steps[] = {
		VSTEP(V12, NS64),
		VSTEP(V11, NS32),
		VSTEP(V10, NS64),
	};
	struct scripted t;

	init(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_version_negotiate(&t.ctx, 0), FFA_ERR_NOT_SUPPORTED);
	assert_versions(&t.ctx, 0, 0);
	assert_every_call_refused(&t.ctx);
	assert_script_ok(&t);
	/* NULL contexts everywhere in this file's calls. */
	assert_rc(ffa_version(NULL, V12, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_version_negotiate(NULL, V12), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_ctx_version(NULL), 0);
	cr_assert_eq(ffa_ctx_pm_version(NULL), 0);
}

/* ---- Versions libffa does not implement, and lock-in ---------------------- */

Test(version, unimplemented_versions_refused_without_a_call)
{
	/* A context must never end up "negotiated" at a version whose layouts
	 * libffa cannot read, even if a manager would agree to it. */
	static const uint32_t bad[] = { FFA_VERSION_1_3, FFA_VERSION_MAKE(2, 0),
					FFA_VERSION_MAKE(1, 0xFFFF), 0x80010002u, 0 };
	struct scripted t;

	init(&t, NULL, 0);
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		assert_rc(ffa_version(&t.ctx, bad[i], NULL), FFA_ERR_BAD_ARGUMENT);
		assert_rc(ffa_version_negotiate(&t.ctx, bad[i] ? bad[i] : FFA_VERSION_1_3),
			  FFA_ERR_BAD_ARGUMENT);
	}
	cr_assert_eq(ffa_ctx_version(&t.ctx), 0);
	assert_script_ok(&t);
}

Test(version, lock_in_allows_only_the_agreed_version)
{
	/* After the first other call (here ID_GET) only the negotiated version
	 * may be offered again (ffa-abi.md 5.2 item 4): the same offer goes
	 * out and is answered normally; a different one, or a negotiation that
	 * would start above it, is refused locally. */
	const struct ffa_script_step steps[] = {
		STEP(FRAME(FFA_VERSION_32, FFA_VERSION_1_1), FRAME(FFA_VERSION_1_2)),
		STEP(FRAME(FFA_ID_GET_32), OK32(0, 0)),
		STEP(FRAME(FFA_VERSION_32, FFA_VERSION_1_1), FRAME(FFA_VERSION_1_2)),
		STEP(FRAME(FFA_VERSION_32, FFA_VERSION_1_1), FRAME(FFA_VERSION_1_2)),
	};
	struct scripted t;
	uint16_t id;

	init(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_version(&t.ctx, FFA_VERSION_1_1, NULL), 0);
	/* Before lock-in another offer would still be allowed... */
	assert_rc(ffa_id_get(&t.ctx, &id), 0);
	/* ...after it, not. */
	assert_rc(ffa_version(&t.ctx, FFA_VERSION_1_0, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_version(&t.ctx, FFA_VERSION_1_2, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_version_negotiate(&t.ctx, FFA_VERSION_1_0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_version(&t.ctx, FFA_VERSION_1_1, NULL), 0);
	/* Negotiating again re-confirms the agreed version with one offer. */
	assert_rc(ffa_version_negotiate(&t.ctx, 0), 0);
	cr_assert_eq(ffa_ctx_version(&t.ctx), FFA_VERSION_1_1);
	assert_script_ok(&t);
}
