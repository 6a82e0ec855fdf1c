/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Notification calls at register level: FFA_NOTIFICATION_BITMAP_CREATE/
 * DESTROY, BIND/UNBIND, SET, GET (ffa-abi.md 4.4, 7.1, 11; real-spmc-
 * behaviour.md "Notifications"). Every input frame is compared in all 18
 * registers, so the w1 halves, the lo/hi bitmap split and every MBZ register
 * are checked. INFO_GET is in test_notif_info.c, the known-bug classes in
 * test_notif_known_bugs.c.
 */
#include "notif_test.h"

static const int wire_errors[] = { FFA_TEST_WIRE_ERRORS };
static const uint32_t bad_codes[] = { FFA_TEST_BAD_WIRE_CODES };
static const uint32_t hostile_fids[] = { FFA_TEST_HOSTILE_FIDS };

/* Poison pattern for GET outputs: never a value a test expects. */
static const struct ffa_notif_bitmaps poisoned = {
	.sp = 0x5A5A5A5A5A5A5A5Aull,
	.vm = 0x5A5A5A5A5A5A5A5Aull,
	.spm_fwk = 0x5A5A5A5Au,
	.hyp_fwk = 0x5A5A5A5Au,
};

static bool same_bitmaps(const struct ffa_notif_bitmaps *a, const struct ffa_notif_bitmaps *b)
{
	return a->sp == b->sp && a->vm == b->vm && a->spm_fwk == b->spm_fwk &&
	       a->hyp_fwk == b->hyp_fwk;
}

/* ---- Every call, one table ------------------------------------------------------ */

static struct ffa_notif_bitmaps get_out;
static struct ffa_notif_info info_out;

static int run_create(struct ffa_ctx *c) { return ffa_notif_bitmap_create(c, 0x0003, 4); }
static int run_destroy(struct ffa_ctx *c) { return ffa_notif_bitmap_destroy(c, 0x0003); }
static int run_bind(struct ffa_ctx *c)
{
	return ffa_notif_bind(c, 0x8001, 0x0003, false, 0x8000000100000002ull);
}
static int run_unbind(struct ffa_ctx *c)
{
	return ffa_notif_unbind(c, 0x8001, 0x0003, 0x8000000100000002ull);
}
static int run_set(struct ffa_ctx *c)
{
	return ffa_notif_set(c, 0x0003, 0x8001, FFA_NOTIF_FLAG_PER_VCPU, 5, 0x0000000400000001ull);
}
static int run_get(struct ffa_ctx *c)
{
	return ffa_notif_get(c, 0x0003, 2, FFA_NOTIF_GET_ALL, NULL, &get_out);
}
static int run_info(struct ffa_ctx *c)
{
	return ffa_notif_info_get(c, FFA_NOTIF_INFO_AUTO, &info_out);
}

static const struct notif_call {
	const char *name;
	struct ffa_regs frame; /* exact input on an SMC64 conduit */
	int (*run)(struct ffa_ctx *);
} calls[] = {
	{ "bitmap_create", F_CREATE(0x0003, 4), run_create },
	{ "bitmap_destroy", F_DESTROY(0x0003), run_destroy },
	/* sender 0x8001 high, receiver 0x0003 low; w3 = lo, w4 = hi. */
	{ "bind", F_BIND(0x80010003u, 0, 0x00000002u, 0x80000001u), run_bind },
	{ "unbind", F_UNBIND(0x80010003u, 0x00000002u, 0x80000001u), run_unbind },
	/* sender 0x0003 high, receiver 0x8001 low; w2 = vCPU 5 << 16 | per-vCPU. */
	{ "set", F_SET(0x00038001u, 0x00050001u, 0x00000001u, 0x00000004u), run_set },
	/* vCPU 2 high, receiver 0x0003 low. */
	{ "get", F_GET(2, 0x0003, 0xF), run_get },
	{ "info_get", F_INFO64, run_info },
};

/* Run @c once at v1.2 on a full conduit against @reply. */
static int one(const struct notif_call *c, struct ffa_regs reply)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(c->frame, reply),
	};
	struct scripted t;
	int rc;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	get_out = poisoned;
	poison(&info_out, sizeof(info_out));
	rc = c->run(&t.ctx);
	assert_script_ok(&t);
	return rc;
}

/* True if neither output was written. */
static bool outputs_untouched(void)
{
	return same_bitmaps(&get_out, &poisoned) && untouched_bytes(&info_out, sizeof(info_out));
}

Test(notif_calls, frames_are_exact_and_success_is_zero)
{
	/* SUCCESS_32 and SUCCESS_64 both, with echoed / garbage registers
	 * where the call reads nothing (INFO_GET gets an empty answer). */
	for (size_t c = 0; c < ARRAY_LEN(calls); c++) {
		assert_rc(one(&calls[c], OK32(0)), 0);
		assert_rc(one(&calls[c], FRAME(FFA_SUCCESS_64, 0, 0, 0, 0, 0, 0, 0, 9, 9, 9)), 0);
	}
}

Test(notif_calls, every_error_code_maps_one_to_one_and_writes_nothing)
{
	for (size_t c = 0; c < ARRAY_LEN(calls); c++) {
		for (size_t i = 0; i < ARRAY_LEN(wire_errors); i++) {
			cr_assert_eq(one(&calls[c], ERR(wire_errors[i])), wire_errors[i], "%s",
				     calls[c].name);
			cr_assert(outputs_untouched(), "%s wrote its output", calls[c].name);
			cr_assert_eq(one(&calls[c], ERR_SX(wire_errors[i])), wire_errors[i],
				     "%s (sign-extended)", calls[c].name);
			cr_assert(outputs_untouched());
		}
	}
}

Test(notif_calls, error_code_outside_range_is_protocol)
{
	for (size_t c = 0; c < ARRAY_LEN(calls); c++) {
		for (size_t i = 0; i < ARRAY_LEN(bad_codes); i++) {
			cr_assert_eq(one(&calls[c], FRAME(FFA_ERROR_32, 0, bad_codes[i])),
				     FFA_ERR_PROTOCOL, "%s code 0x%x", calls[c].name, bad_codes[i]);
			cr_assert(outputs_untouched());
		}
	}
}

Test(notif_calls, unknown_answer_id_is_protocol_and_nothing_read)
{
	for (size_t c = 0; c < ARRAY_LEN(calls); c++) {
		for (size_t i = 0; i < ARRAY_LEN(hostile_fids); i++) {
			/* Shaped like a real answer, so a call reading it anyway
			 * would write its output. */
			cr_assert_eq(one(&calls[c], FRAME(hostile_fids[i], 0, 1, 2, 3, 4, 5, 6)),
				     FFA_ERR_PROTOCOL, "%s answered 0x%x", calls[c].name,
				     hostile_fids[i]);
			cr_assert(outputs_untouched());
		}
	}
}

Test(notif_calls, conduit_failure_is_returned_and_writes_nothing)
{
	for (size_t c = 0; c < ARRAY_LEN(calls); c++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP_CONDUIT_FAIL(calls[c].frame, FFA_ERR_CONDUIT),
		};
		struct scripted t;

		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
		get_out = poisoned;
		poison(&info_out, sizeof(info_out));
		assert_rc(calls[c].run(&t.ctx), FFA_ERR_CONDUIT);
		cr_assert(outputs_untouched());
		assert_script_ok(&t);
	}
}

Test(notif_calls, v10_is_not_supported_without_a_call)
{
	for (size_t c = 0; c < ARRAY_LEN(calls); c++) {
		const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_0) };
		struct scripted t;

		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_0);
		assert_rc(calls[c].run(&t.ctx), FFA_ERR_NOT_SUPPORTED);
		assert_script_ok(&t);
	}
}

Test(notif_calls, not_negotiated_and_null_context_make_no_call)
{
	for (size_t c = 0; c < ARRAY_LEN(calls); c++) {
		struct scripted t;

		scripted_init(&t, NULL, 0, CAPS_ALL, 0);
		assert_rc(calls[c].run(&t.ctx), FFA_ERR_NOT_NEGOTIATED);
		assert_rc(calls[c].run(NULL), FFA_ERR_BAD_ARGUMENT);
		assert_script_ok(&t);
	}
}

Test(notif_calls, frames_identical_on_a_32_bit_conduit)
{
	/* Only INFO_GET's function ID depends on the conduit. */
	for (size_t c = 0; c < ARRAY_LEN(calls); c++) {
		struct ffa_regs in = calls[c].frame;
		struct scripted t;

		if (c == ARRAY_LEN(calls) - 1)
			in = F_INFO32;
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_1),
			STEP(in, OK32(0)),
		};
		scripted_init(&t, steps, ARRAY_LEN(steps), 0, FFA_VERSION_1_1);
		assert_rc(calls[c].run(&t.ctx), 0);
		assert_script_ok(&t);
	}
}

/* ---- BITMAP_CREATE / DESTROY ------------------------------------------------------ */

Test(bitmap, create_packs_vm_id_low_and_vcpu_count)
{
	static const struct {
		uint16_t vm;
		uint32_t vcpus;
	} ok[] = { { 0, 1 }, { 0x0001, 8 }, { 0x7FFF, 0x10000 }, { 0x1234, 0xFFFF } };

	for (size_t i = 0; i < ARRAY_LEN(ok); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_1),
			STEP(F_CREATE(ok[i].vm, ok[i].vcpus), OK32(0)),
			STEP(F_DESTROY(ok[i].vm), OK32(0)),
		};
		struct scripted t;

		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_1);
		assert_rc(ffa_notif_bitmap_create(&t.ctx, ok[i].vm, ok[i].vcpus), 0);
		assert_rc(ffa_notif_bitmap_destroy(&t.ctx, ok[i].vm), 0);
		assert_script_ok(&t);
	}
}

Test(bitmap, bad_arguments_make_no_call)
{
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };
	struct scripted t;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	/* A secure-world ID is not a VM ID. */
	assert_rc(ffa_notif_bitmap_create(&t.ctx, 0x8001, 1), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_bitmap_create(&t.ctx, 0xFFFF, 1), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_bitmap_destroy(&t.ctx, 0x8000), FFA_ERR_BAD_ARGUMENT);
	/* A VM has 1..65536 vCPUs (16-bit vCPU IDs). */
	assert_rc(ffa_notif_bitmap_create(&t.ctx, 1, 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_bitmap_create(&t.ctx, 1, 0x10001), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_bitmap_create(&t.ctx, 1, 0xFFFFFFFFu), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&t);
}

/* ---- BIND / UNBIND ---------------------------------------------------------------- */

Test(bind, sender_high_receiver_low_flag_and_halves)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_1),
		/* An SP binding a VM's notification: sender 0x0002, receiver 0x8003. */
		STEP(F_BIND(0x00028003u, 0, 0x00000001u, 0), OK32(0)),
		/* Per-vCPU, only the top bit: lo 0, hi 0x80000000. */
		STEP(F_BIND(0x80040000u, 1, 0, 0x80000000u), OK32(0)),
		STEP(F_UNBIND(0x00028003u, 0x00000001u, 0), OK32(0)),
		/* All 64 bits. */
		STEP(F_UNBIND(0x80040000u, 0xFFFFFFFFu, 0xFFFFFFFFu), OK32(0)),
	};
	struct scripted t;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_1);
	assert_rc(ffa_notif_bind(&t.ctx, 0x0002, 0x8003, false, 1), 0);
	assert_rc(ffa_notif_bind(&t.ctx, 0x8004, 0x0000, true, 1ull << 63), 0);
	assert_rc(ffa_notif_unbind(&t.ctx, 0x0002, 0x8003, 1), 0);
	assert_rc(ffa_notif_unbind(&t.ctx, 0x8004, 0x0000, ~0ull), 0);
	assert_script_ok(&t);
}

Test(bind, empty_bitmap_makes_no_call)
{
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };
	struct scripted t;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_notif_bind(&t.ctx, 0x8001, 0, false, 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_bind(&t.ctx, 0x8001, 0, true, 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_unbind(&t.ctx, 0x8001, 0, 0), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&t);
}

Test(bind, per_vcpu_refusals_of_real_managers_pass_through)
{
	/* Hafnium: INVALID_PARAMETERS; OP-TEE: DENIED (SOURCES.md 36). */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_1),
		STEP(F_BIND(0x80010000u, 1, 4, 0), ERR(FFA_ERR_INVALID_PARAMETERS)),
		STEP(F_BIND(0x80010000u, 1, 4, 0), ERR(FFA_ERR_DENIED)),
	};
	struct scripted t;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_1);
	assert_rc(ffa_notif_bind(&t.ctx, 0x8001, 0, true, 4), FFA_ERR_INVALID_PARAMETERS);
	assert_rc(ffa_notif_bind(&t.ctx, 0x8001, 0, true, 4), FFA_ERR_DENIED);
	assert_script_ok(&t);
}

/* ---- SET --------------------------------------------------------------------------- */

Test(set, flags_vcpu_and_halves)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		/* Global from a VM: w2 = 0. */
		STEP(F_SET(0x00018002u, 0, 0x10u, 0), OK32(0)),
		/* Per-vCPU to vCPU 0xFFFF. */
		STEP(F_SET(0x00018002u, 0xFFFF0001u, 0, 1), OK32(0)),
		/* An SP delaying the SRI (global), and per-vCPU 3 with delay. */
		STEP(F_SET(0x80020001u, 2, 0xFFFFFFFFu, 0xFFFFFFFFu), OK32(0)),
		STEP(F_SET(0x80020001u, 0x00030003u, 0x80000000u, 0), OK32(0)),
	};
	struct scripted t;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_notif_set(&t.ctx, 0x0001, 0x8002, 0, 0, 0x10), 0);
	assert_rc(ffa_notif_set(&t.ctx, 0x0001, 0x8002, FFA_NOTIF_FLAG_PER_VCPU, 0xFFFF, 1ull << 32),
		  0);
	assert_rc(ffa_notif_set(&t.ctx, 0x8002, 0x0001, FFA_NOTIF_FLAG_DELAY_SRI, 0, ~0ull), 0);
	assert_rc(ffa_notif_set(&t.ctx, 0x8002, 0x0001,
				FFA_NOTIF_FLAG_PER_VCPU | FFA_NOTIF_FLAG_DELAY_SRI, 3, 1ull << 31),
		  0);
	assert_script_ok(&t);
}

Test(set, bad_arguments_make_no_call)
{
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };
	struct scripted t;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_notif_set(&t.ctx, 0x8001, 0, 0, 0, 0), FFA_ERR_BAD_ARGUMENT);
	/* Unknown flag bits: 2..15 and the vCPU field through @flags. */
	assert_rc(ffa_notif_set(&t.ctx, 0x8001, 0, 1u << 2, 0, 1), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_set(&t.ctx, 0x8001, 0, 1u << 15, 0, 1), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_set(&t.ctx, 0x8001, 0, 0x00050001u, 0, 1), FFA_ERR_BAD_ARGUMENT);
	/* A vCPU without the per-vCPU flag. */
	assert_rc(ffa_notif_set(&t.ctx, 0x8001, 0, 0, 1, 1), FFA_ERR_BAD_ARGUMENT);
	/* Delay-SRI from a normal-world sender. */
	assert_rc(ffa_notif_set(&t.ctx, 0x0001, 0x8001, FFA_NOTIF_FLAG_DELAY_SRI, 0, 1),
		  FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&t);
}

/* ---- GET ----------------------------------------------------------------------------- */

Test(get, all_bitmaps_decoded_low_word_first)
{
	/* Upper register halves set (sign extension / garbage): only the
	 * low 32 bits of each are a bitmap word. */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_1),
		STEP(F_GET(0, 0x0001, 0xF),
		     OK32(0xFFFFFFFF00000000ull, 0xFFFFFFFF00000001ull, 0xFFFFFFFF80000000ull,
			  0x1234567800000002ull, 0x0000000140000000ull, 0xFFFFFFFF00000003ull,
			  0xAAAAAAAA80000001ull)),
	};
	struct scripted t;
	struct ffa_notif_bitmaps out = poisoned;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_1);
	assert_rc(ffa_notif_get(&t.ctx, 0x0001, 0, FFA_NOTIF_GET_ALL, NULL, &out), 0);
	cr_assert_eq(out.sp, 0x8000000000000001ull, "sp 0x%llx", (unsigned long long)out.sp);
	cr_assert_eq(out.vm, 0x4000000000000002ull, "vm 0x%llx", (unsigned long long)out.vm);
	cr_assert_eq(out.spm_fwk, 3);
	cr_assert_eq(out.hyp_fwk, 0x80000001u);
	assert_script_ok(&t);
}

Test(get, each_which_subset_is_passed_and_accepted)
{
	for (uint32_t which = 0; which <= FFA_NOTIF_GET_ALL; which++) {
		uint64_t sp = (which & FFA_NOTIF_GET_SP) ? 0x100000001ull : 0;
		uint64_t vm = (which & FFA_NOTIF_GET_VM) ? 0x200000002ull : 0;
		uint32_t spm = (which & FFA_NOTIF_GET_SPM_FWK) ? 1 : 0;
		uint32_t hyp = (which & FFA_NOTIF_GET_HYP_FWK) ? 1 : 0;
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_1),
			STEP(F_GET(7, 0x8001, which), GOT(sp, vm, spm, hyp)),
		};
		struct scripted t;
		struct ffa_notif_bitmaps out = poisoned;

		scripted_init(&t, steps, ARRAY_LEN(steps), 0, FFA_VERSION_1_1);
		assert_rc(ffa_notif_get(&t.ctx, 0x8001, 7, which, NULL, &out), 0);
		cr_assert(out.sp == sp && out.vm == vm && out.spm_fwk == spm && out.hyp_fwk == hyp,
			  "which 0x%x", which);
		assert_script_ok(&t);
	}
}

Test(get, bits_in_a_bitmap_not_asked_for_are_protocol_but_handed_over)
{
	static const struct {
		uint32_t which;
		struct ffa_notif_bitmaps got;
	} cases[] = {
		{ FFA_NOTIF_GET_SP, { .vm = 1 } },
		{ FFA_NOTIF_GET_SP, { .vm = 1ull << 63 } },
		{ FFA_NOTIF_GET_SP | FFA_NOTIF_GET_SPM_FWK, { .sp = 1, .hyp_fwk = 1 } },
		{ FFA_NOTIF_GET_VM, { .sp = 1ull << 40 } },
		{ FFA_NOTIF_GET_HYP_FWK, { .spm_fwk = 0x80000000u } },
		{ 0, { .sp = 2 } },
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const struct ffa_notif_bitmaps *g = &cases[i].got;
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_1),
			STEP(F_GET(0, 0, cases[i].which), GOT(g->sp, g->vm, g->spm_fwk, g->hyp_fwk)),
		};
		struct scripted t;
		struct ffa_notif_bitmaps out = poisoned;

		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_1);
		assert_rc(ffa_notif_get(&t.ctx, 0, 0, cases[i].which, NULL, &out), FFA_ERR_PROTOCOL);
		/* Read-and-clear: the bits are gone at the manager, so the
		 * caller still gets every one. */
		cr_assert(same_bitmaps(&out, g), "case %zu: bits lost", i);
		assert_script_ok(&t);
	}
}

Test(get, bits_outside_bound_are_protocol_but_handed_over)
{
	const struct ffa_notif_bitmaps bound = { .sp = 0x6, .vm = 1ull << 63,
						 .spm_fwk = FFA_NOTIF_FWK_RX_FULL };
	static const struct {
		struct ffa_notif_bitmaps got;
		int rc;
	} cases[] = {
		{ { .sp = 0x2 }, 0 },
		{ { .sp = 0x6, .vm = 1ull << 63, .spm_fwk = 1 }, 0 },
		{ { 0 }, 0 },
		{ { .sp = 0x1 }, FFA_ERR_PROTOCOL },
		{ { .sp = 0x6 | (1ull << 32) }, FFA_ERR_PROTOCOL },
		{ { .vm = 1 }, FFA_ERR_PROTOCOL },
		{ { .spm_fwk = 2 }, FFA_ERR_PROTOCOL },
		{ { .hyp_fwk = 1 }, FFA_ERR_PROTOCOL },
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const struct ffa_notif_bitmaps *g = &cases[i].got;
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(F_GET(1, 0x0002, 0xF), GOT(g->sp, g->vm, g->spm_fwk, g->hyp_fwk)),
		};
		struct scripted t;
		struct ffa_notif_bitmaps out = poisoned;

		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
		assert_rc(ffa_notif_get(&t.ctx, 0x0002, 1, FFA_NOTIF_GET_ALL, &bound, &out),
			  cases[i].rc);
		cr_assert(same_bitmaps(&out, g), "case %zu", i);
		assert_script_ok(&t);
	}
}

Test(get, bad_arguments_make_no_call)
{
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };
	struct scripted t;
	struct ffa_notif_bitmaps out = poisoned;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_notif_get(&t.ctx, 0, 0, 0x10, NULL, &out), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_get(&t.ctx, 0, 0, 0x80000001u, NULL, &out), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_get(&t.ctx, 0, 0, FFA_NOTIF_GET_SP, NULL, NULL), FFA_ERR_BAD_ARGUMENT);
	cr_assert(same_bitmaps(&out, &poisoned));
	assert_script_ok(&t);
}

/* ---- A real manager, replayed -------------------------------------------------------- */

Test(notif_calls, optee_spmc_session_replayed)
{
	/* real-spmc-behaviour.md "Notifications ((A) only)", as a normal-world
	 * endpoint (ID 0) with an SP at 0x8001 sees it. */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_CREATE(0, 4), OK32(0)),
		STEP(F_CREATE(0, 4), ERR(FFA_ERR_DENIED)),
		STEP(F_BIND(0x80010000u, 0, 1, 0), OK32(0)),
		STEP(F_BIND(0x80010000u, 0, 1, 0), ERR(FFA_ERR_DENIED)),
		STEP(F_BIND(0x80010000u, 1, 2, 0), ERR(FFA_ERR_DENIED)),
		STEP(F_INFO32, ERR(FFA_ERR_NO_DATA)),
		STEP(F_INFO64, ERR(FFA_ERR_NO_DATA)),
		STEP(F_GET(0, 0, 0x5), OK32(0)),
		STEP(F_SET(0x00008001u, 0, 1, 0), ERR(FFA_ERR_NOT_SUPPORTED)),
		STEP(F_UNBIND(0x80010000u, 1, 0), OK32(0)),
		STEP(F_DESTROY(0), OK32(0)),
	};
	struct scripted t;
	struct ffa_notif_bitmaps out = poisoned;
	struct ffa_notif_info info;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_notif_bitmap_create(&t.ctx, 0, 4), 0);
	assert_rc(ffa_notif_bitmap_create(&t.ctx, 0, 4), FFA_ERR_DENIED);
	assert_rc(ffa_notif_bind(&t.ctx, 0x8001, 0, false, 1), 0);
	assert_rc(ffa_notif_bind(&t.ctx, 0x8001, 0, false, 1), FFA_ERR_DENIED);
	assert_rc(ffa_notif_bind(&t.ctx, 0x8001, 0, true, 2), FFA_ERR_DENIED);
	assert_rc(ffa_notif_info_get(&t.ctx, FFA_NOTIF_INFO_32, &info), FFA_ERR_NO_DATA);
	assert_rc(ffa_notif_info_get(&t.ctx, FFA_NOTIF_INFO_64, &info), FFA_ERR_NO_DATA);
	assert_rc(ffa_notif_get(&t.ctx, 0, 0, FFA_NOTIF_GET_SP | FFA_NOTIF_GET_SPM_FWK, NULL, &out),
		  0);
	cr_assert(out.sp == 0 && out.vm == 0 && out.spm_fwk == 0 && out.hyp_fwk == 0);
	assert_rc(ffa_notif_set(&t.ctx, 0, 0x8001, 0, 0, 1), FFA_ERR_NOT_SUPPORTED);
	assert_rc(ffa_notif_unbind(&t.ctx, 0x8001, 0, 1), 0);
	assert_rc(ffa_notif_bitmap_destroy(&t.ctx, 0), 0);
	assert_script_ok(&t);
}
