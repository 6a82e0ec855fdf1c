/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The small memory calls at register level: FFA_MEM_RECLAIM,
 * FFA_MEM_RELINQUISH, FFA_MEM_OP_RESUME, FFA_MEM_PERM_GET / SET
 * (ffa-memory.md 2.9, 6.4, 6.5, 8.2, 9.3, 11; ffa-abi.md 4.5).
 */
#include <string.h>

#include "desc_test_util.h"
#include "mem_test.h"

#define H1 0xFFFFFFC100001234ull
#define H2 0x0000100000000000ull

static const int wire_errors[] = { FFA_TEST_WIRE_ERRORS };
static const uint32_t bad_codes[] = { FFA_TEST_BAD_WIRE_CODES };
static const uint32_t hostile_fids[] = { FFA_TEST_HOSTILE_FIDS };

/* ---- FFA_MEM_RECLAIM ------------------------------------------------------------- */

Test(mem_reclaim, frame_is_exact_for_every_flag_and_answer_form)
{
	static const uint32_t flags[] = { 0, FFA_MEM_RECLAIM_FLAG_ZERO,
					  FFA_MEM_RECLAIM_FLAG_TIME_SLICE, 3 };
	const struct ffa_regs answers[] = {
		OK32(), OK64(),
		/* TF-A echoes w1 = handle low (real-spmc-behaviour.md). */
		FRAME(FFA_SUCCESS_32, (uint32_t)H1, 0, 0x1234),
	};

	for (size_t f = 0; f < ARRAY_LEN(flags); f++) {
		for (size_t a = 0; a < ARRAY_LEN(answers); a++) {
			const struct ffa_script_step steps[] = {
				STEP_VERSION(FFA_VERSION_1_1),
				STEP(fr_reclaim(H1, flags[f]), answers[a]),
			};
			struct scripted t;

			scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_1);
			assert_rc(ffa_mem_reclaim(&t.ctx, H1, flags[f]), 0);
			assert_script_ok(&t);
		}
	}
}

Test(mem_reclaim, errors_and_hostile_answers)
{
	for (size_t e = 0; e < ARRAY_LEN(wire_errors); e++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(fr_reclaim(H2, 0), ERR_SX(wire_errors[e])),
		};
		struct scripted t;

		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
		assert_rc(ffa_mem_reclaim(&t.ctx, H2, 0), wire_errors[e]);
		assert_script_ok(&t);
	}
	for (size_t i = 0; i < ARRAY_LEN(bad_codes) + ARRAY_LEN(hostile_fids); i++) {
		struct ffa_regs ans = i < ARRAY_LEN(bad_codes)
					      ? FRAME(FFA_ERROR_32, 0, bad_codes[i])
					      : FRAME(hostile_fids[i - ARRAY_LEN(bad_codes)]);
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(fr_reclaim(H2, 0), ans),
		};
		struct scripted t;

		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
		assert_rc(ffa_mem_reclaim(&t.ctx, H2, 0), FFA_ERR_PROTOCOL);
		assert_script_ok(&t);
	}
}

Test(mem_reclaim, bad_arguments_make_no_call)
{
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };
	struct scripted t, u;

	scripted_init(&u, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_mem_reclaim(&u.ctx, H1, 0), FFA_ERR_NOT_NEGOTIATED);
	scripted_init(&t, steps, 1, CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_mem_reclaim(NULL, H1, 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_reclaim(&t.ctx, H1, 4), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_reclaim(&t.ctx, H1, 0x80000000u), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_reclaim(&t.ctx, FFA_MEM_HANDLE_INVALID, 0), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&t);
}

Test(mem_reclaim, time_slicing)
{
	const struct ffa_script_step ok[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(fr_reclaim(H1, 2), fr_pause(H1)),
		STEP(fr_resume(H1), fr_pause(H1)),
		STEP(fr_resume(H1), OK32()),
	};
	const struct ffa_script_step wrong[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(fr_reclaim(H1, 2), fr_pause(H2)),
	};
	const struct ffa_script_step unasked[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(fr_reclaim(H1, 0), fr_pause(H1)),
	};
	struct scripted t;

	scripted_init(&t, ok, ARRAY_LEN(ok), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_mem_reclaim(&t.ctx, H1, 2), 0);
	assert_script_ok(&t);
	scripted_init(&t, wrong, ARRAY_LEN(wrong), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_mem_reclaim(&t.ctx, H1, 2), FFA_ERR_PROTOCOL);
	assert_script_ok(&t);
	scripted_init(&t, unasked, ARRAY_LEN(unasked), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_mem_reclaim(&t.ctx, H1, 0), FFA_ERR_PROTOCOL);
	assert_script_ok(&t);
}

/* ---- FFA_MEM_RELINQUISH ----------------------------------------------------------- */

Test(mem_relinquish, descriptor_in_tx_and_every_register_zero)
{
	static const uint16_t ids[] = { 0x8001, 0x8002 };
	struct mem_rig g;
	uint8_t want[20];

	rig_init(&g, FFA_VERSION_1_2, CAPS_ALL, 1);
	rig_step(&g, FRAME(FFA_MEM_RELINQUISH_32), OK64());
	rig_step(&g, FRAME(FFA_MEM_RELINQUISH_32), OK32());
	rig_start(&g);
	assert_rc(ffa_mem_relinquish(&g.ctx, H1, FFA_MEM_RELINQUISH_FLAG_ZERO, ids, 2), 0);
	memset(want, 0, sizeof(want));
	dt_w64(want, 0, H1);
	dt_w32(want, 8, 1);
	dt_w32(want, 12, 2);
	dt_w16(want, 16, 0x8001);
	dt_w16(want, 18, 0x8002);
	cr_assert(dt_memdiff("relinquish", g.relq, want, sizeof(want)) == 0);
	cr_assert_eq(g.lock_takes, 1u);
	assert_rc(ffa_mem_relinquish(&g.ctx, H2, 0, ids, 1), 0);
	rig_done(&g);
}

Test(mem_relinquish, errors_hostile_and_arguments)
{
	static const uint16_t id = 0x8001;
	static uint16_t many[2041];
	struct mem_rig g;
	struct scripted u;
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };

	rig_init(&g, FFA_VERSION_1_2, CAPS_ALL, 1);
	for (size_t e = 0; e < ARRAY_LEN(wire_errors); e++)
		rig_step(&g, FRAME(FFA_MEM_RELINQUISH_32), ERR(wire_errors[e]));
	for (size_t i = 0; i < ARRAY_LEN(hostile_fids); i++)
		rig_step(&g, FRAME(FFA_MEM_RELINQUISH_32), FRAME(hostile_fids[i]));
	rig_start(&g);
	for (size_t e = 0; e < ARRAY_LEN(wire_errors); e++)
		assert_rc(ffa_mem_relinquish(&g.ctx, H1, 0, &id, 1), wire_errors[e]);
	for (size_t i = 0; i < ARRAY_LEN(hostile_fids); i++)
		assert_rc(ffa_mem_relinquish(&g.ctx, H1, 0, &id, 1), FFA_ERR_PROTOCOL);
	/* No call for these. 2041 IDs: 16 + 4082 = 4098 > 4096. */
	assert_rc(ffa_mem_relinquish(&g.ctx, H1, 4, &id, 1), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_relinquish(&g.ctx, H1, 0, &id, 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_relinquish(&g.ctx, H1, 0, NULL, 1), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_relinquish(&g.ctx, FFA_MEM_HANDLE_INVALID, 0, &id, 1),
		  FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_relinquish(&g.ctx, H1, 0, many, ARRAY_LEN(many)),
		  FFA_ERR_BUFFER_TOO_SMALL);
	rig_done(&g);

	/* No RX/TX pair; not negotiated. */
	scripted_init(&u, steps, 1, CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_mem_relinquish(&u.ctx, H1, 0, &id, 1), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&u);
	scripted_init(&u, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_mem_relinquish(&u.ctx, H1, 0, &id, 1), FFA_ERR_NOT_NEGOTIATED);
}

Test(mem_relinquish, time_slicing)
{
	static const uint16_t id = 0x8001;
	struct mem_rig g;

	rig_init(&g, FFA_VERSION_1_2, CAPS_ALL, 1);
	rig_step(&g, FRAME(FFA_MEM_RELINQUISH_32), fr_pause(H1));
	rig_step(&g, fr_resume(H1), OK32());
	rig_step(&g, FRAME(FFA_MEM_RELINQUISH_32), fr_pause(H1));
	rig_start(&g);
	assert_rc(ffa_mem_relinquish(&g.ctx, H1, FFA_MEM_RELINQUISH_FLAG_TIME_SLICE, &id, 1), 0);
	assert_rc(ffa_mem_relinquish(&g.ctx, H1, 0, &id, 1), FFA_ERR_PROTOCOL);
	rig_done(&g);
}

/* ---- FFA_MEM_OP_RESUME ------------------------------------------------------------ */

Test(mem_op_resume, frame_answers_and_errors)
{
	const struct ffa_regs fine[] = {
		OK32(0, 1, 2), OK64(), fr_frag_rx(H1, 4096), fr_frag_tx(H1, 16),
		FRAME(FFA_MEM_RETRIEVE_RESP_32, 112, 112), fr_pause(H1),
	};

	for (size_t i = 0; i < ARRAY_LEN(fine); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(fr_resume(H1), fine[i]),
		};
		struct scripted t;
		struct ffa_regs out;

		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
		assert_rc(ffa_mem_op_resume(&t.ctx, H1, &out), 0);
		cr_assert_eq(memcmp(&out, &fine[i], sizeof(out)), 0);
		assert_script_ok(&t);
	}
	for (size_t e = 0; e < ARRAY_LEN(wire_errors); e++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(fr_resume(H2), ERR(wire_errors[e])),
		};
		struct scripted t;

		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
		assert_rc(ffa_mem_op_resume(&t.ctx, H2, NULL), wire_errors[e]);
		assert_script_ok(&t);
	}
	{
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(fr_resume(H2), FRAME(FFA_INTERRUPT_32, 0x80010000u)),
		};
		struct scripted t;

		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
		assert_rc(ffa_mem_op_resume(&t.ctx, H2, NULL), FFA_ERR_PROTOCOL);
		assert_rc(ffa_mem_op_resume(&t.ctx, FFA_MEM_HANDLE_INVALID, NULL),
			  FFA_ERR_BAD_ARGUMENT);
		assert_script_ok(&t);
	}
}

/* ---- FFA_MEM_PERM_GET / SET ------------------------------------------------------- */

Test(mem_perm, get_frames_32_and_64_and_decoding)
{
	static const uint32_t good[] = { 0x0, 0x1, 0x3, 0x4, 0x5, 0x7 };

	for (size_t i = 0; i < ARRAY_LEN(good); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_1),
			STEP(FRAME(FFA_MEM_PERM_GET_64, 0x123456789000ull), OK32(0, good[i])),
			/* Upper register half set (sign-extending manager):
			 * only w2 counts. */
			STEP(FRAME(FFA_MEM_PERM_GET_64, 0x1000),
			     OK32(0, 0xFFFFFFFF00000000ull | good[i])),
		};
		const struct ffa_script_step steps32[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(FRAME(FFA_MEM_PERM_GET_32, 0xFFFFF000u), OK32(0, good[i])),
		};
		struct scripted t;
		uint32_t perm = 99;

		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_1);
		assert_rc(ffa_mem_perm_get(&t.ctx, 0x123456789000ull, &perm), 0);
		cr_assert_eq(perm, good[i]);
		perm = 99;
		assert_rc(ffa_mem_perm_get(&t.ctx, 0x1000, &perm), 0);
		cr_assert_eq(perm, good[i]);
		assert_script_ok(&t);

		scripted_init(&t, steps32, ARRAY_LEN(steps32), 0, FFA_VERSION_1_2);
		assert_rc(ffa_mem_perm_get(&t.ctx, 0xFFFFF000u, &perm), 0);
		cr_assert_eq(perm, good[i]);
		assert_script_ok(&t);
	}
}

Test(mem_perm, get_refuses_reserved_answers_and_bad_arguments)
{
	static const uint32_t bad[] = { 0x2, 0x6, 0x8, 0x80000007u };
	uint32_t perm;

	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(FRAME(FFA_MEM_PERM_GET_64, 0x1000), OK32(0, bad[i])),
		};
		struct scripted t;

		perm = 99;
		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
		assert_rc(ffa_mem_perm_get(&t.ctx, 0x1000, &perm), FFA_ERR_PROTOCOL);
		cr_assert_eq(perm, 99u, "nothing written on error");
		assert_script_ok(&t);
	}
	for (size_t e = 0; e < ARRAY_LEN(wire_errors); e++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(FRAME(FFA_MEM_PERM_GET_64, 0x1000), ERR(wire_errors[e])),
		};
		struct scripted t;

		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
		assert_rc(ffa_mem_perm_get(&t.ctx, 0x1000, &perm), wire_errors[e]);
		assert_script_ok(&t);
	}
	{
		const struct ffa_script_step v10[] = { STEP_VERSION(FFA_VERSION_1_0) };
		const struct ffa_script_step v12[] = { STEP_VERSION(FFA_VERSION_1_2) };
		struct scripted t;

		scripted_init(&t, v10, 1, CAPS_ALL, FFA_VERSION_1_0);
		assert_rc(ffa_mem_perm_get(&t.ctx, 0x1000, &perm), FFA_ERR_NOT_SUPPORTED);
		assert_script_ok(&t);
		scripted_init(&t, v12, 1, 0, FFA_VERSION_1_2);
		assert_rc(ffa_mem_perm_get(&t.ctx, 0x100000000ull, &perm), FFA_ERR_BAD_ARGUMENT);
		assert_rc(ffa_mem_perm_get(&t.ctx, 0x1800, &perm), FFA_ERR_BAD_ARGUMENT);
		assert_rc(ffa_mem_perm_get(&t.ctx, 0x1000, NULL), FFA_ERR_BAD_ARGUMENT);
		assert_rc(ffa_mem_perm_get(NULL, 0x1000, &perm), FFA_ERR_BAD_ARGUMENT);
		assert_script_ok(&t);
	}
}

Test(mem_perm, set_frames_and_rules)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_1),
		STEP(FRAME(FFA_MEM_PERM_SET_64, 0x40000000ull, 16, 0x7), OK32()),
		STEP(FRAME(FFA_MEM_PERM_SET_64, 0xFFFFFFFFFFFFF000ull, 1, 0x5), OK32()),
		STEP(FRAME(FFA_MEM_PERM_SET_64, 0x1000, 1, 0x1), ERR(FFA_ERR_INVALID_PARAMETERS)),
		STEP(FRAME(FFA_MEM_PERM_SET_64, 0x1000, 1, 0x3), ERR(FFA_ERR_DENIED)),
		STEP(FRAME(FFA_MEM_PERM_SET_64, 0x1000, 1, 0x3), FRAME(FFA_MSG_WAIT_32)),
	};
	const struct ffa_script_step steps32[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FRAME(FFA_MEM_PERM_SET_32, 0x8000, 3, 0x3), OK32()),
	};
	struct scripted t;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_1);
	assert_rc(ffa_mem_perm_set(&t.ctx, 0x40000000ull, 16, 0x7), 0);
	/* The very last page: end = 2^64 - 1, no wrap. */
	assert_rc(ffa_mem_perm_set(&t.ctx, 0xFFFFFFFFFFFFF000ull, 1, 0x5), 0);
	assert_rc(ffa_mem_perm_set(&t.ctx, 0x1000, 1, 0x1), FFA_ERR_INVALID_PARAMETERS);
	assert_rc(ffa_mem_perm_set(&t.ctx, 0x1000, 1, 0x3), FFA_ERR_DENIED);
	assert_rc(ffa_mem_perm_set(&t.ctx, 0x1000, 1, 0x3), FFA_ERR_PROTOCOL);
	/* Refused without a call: wrap, 0 pages, unaligned, reserved perm. */
	assert_rc(ffa_mem_perm_set(&t.ctx, 0xFFFFFFFFFFFFF000ull, 2, 0x5), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_perm_set(&t.ctx, 0xFFFFFFFF00000000ull, 0xFFFFFFFFu, 0x5),
		  FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_perm_set(&t.ctx, 0x1000, 0, 0x5), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&t);

	scripted_init(&t, steps32, ARRAY_LEN(steps32), 0, FFA_VERSION_1_2);
	assert_rc(ffa_mem_perm_set(&t.ctx, 0x8000, 3, 0x3), 0);
	assert_rc(ffa_mem_perm_set(&t.ctx, 0x8000, 0, 0x3), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_perm_set(&t.ctx, 0x8800, 1, 0x3), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_perm_set(&t.ctx, 0x8000, 1, 0x2), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_perm_set(&t.ctx, 0x8000, 1, 0x8), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_perm_set(&t.ctx, 0x100000000ull, 1, 0x3), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&t);
}
