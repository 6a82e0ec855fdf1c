/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_ID_GET and FFA_SPM_ID_GET (ffa-abi.md 4.1, 7; real-spmc-behaviour.md
 * "IDs"; known-bugs.md classes 7 and 12).
 */
#include "ffa_test.h"

static const int wire_errors[] = { FFA_TEST_WIRE_ERRORS };
static const uint32_t bad_codes[] = { FFA_TEST_BAD_WIRE_CODES };
static const uint32_t hostile_fids[] = { FFA_TEST_HOSTILE_FIDS };

/* The two calls share a shape: run either through one table. */
struct id_call {
	const char *name;
	uint32_t fid;
	uint32_t min_version;
	int (*fn)(struct ffa_ctx *, uint16_t *);
};

static const struct id_call calls[] = {
	{ "ffa_id_get", FFA_ID_GET_32, FFA_VERSION_1_0, ffa_id_get },
	{ "ffa_spm_id_get", FFA_SPM_ID_GET_32, FFA_VERSION_1_1, ffa_spm_id_get },
};

/* Run @c once at v1.2 against @reply; return its result. *@id in/out. */
static int one(const struct id_call *c, uint32_t caps, struct ffa_regs reply, uint16_t *id)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FRAME(c->fid), reply),
	};
	struct scripted t;
	int rc;

	scripted_init(&t, steps, ARRAY_LEN(steps), caps, FFA_VERSION_1_2);
	rc = c->fn(&t.ctx, id);
	assert_script_ok(&t);
	return rc;
}

/* ---- ffa_id_get() ----------------------------------------------------------- */

Test(id_get, frame_is_exact_and_id_decoded)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FRAME(FFA_ID_GET_32), OK32(0, 0x0001)),
	};
	struct scripted t;
	uint16_t id = 0xFFFF, own = 0xFFFF;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_ctx_own_id(&t.ctx, &own), FFA_ERR_NO_DATA);
	assert_rc(ffa_id_get(&t.ctx, &id), 0);
	cr_assert_eq(id, 0x0001);
	assert_rc(ffa_ctx_own_id(&t.ctx, &own), 0);
	cr_assert_eq(own, 0x0001);
	assert_script_ok(&t);
}

Test(id_get, normal_world_id_zero_at_every_version_and_width)
{
	/* The normal-world endpoint without a hypervisor is ID 0. */
	static const uint32_t versions[] = { FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2 };
	static const uint32_t caps[] = { 0, CAPS_ALL };

	for (size_t v = 0; v < ARRAY_LEN(versions); v++) {
		for (size_t c = 0; c < ARRAY_LEN(caps); c++) {
			const struct ffa_script_step steps[] = {
				STEP_VERSION(versions[v]),
				STEP(FRAME(FFA_ID_GET_32), OK32(0, 0)),
			};
			struct scripted t;
			uint16_t id = 0xFFFF, own = 0xFFFF;

			scripted_init(&t, steps, ARRAY_LEN(steps), caps[c], versions[v]);
			assert_rc(ffa_id_get(&t.ctx, &id), 0);
			cr_assert_eq(id, 0);
			assert_rc(ffa_ctx_own_id(&t.ctx, &own), 0);
			cr_assert_eq(own, 0);
			assert_script_ok(&t);
		}
	}
}

Test(id_get, failure_keeps_the_learnt_id)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FRAME(FFA_ID_GET_32), OK32(0, 0x8001)),
		STEP(FRAME(FFA_ID_GET_32), ERR(FFA_ERR_DENIED)),
		STEP(FRAME(FFA_ID_GET_32), FRAME(FFA_MSG_SEND_DIRECT_RESP_32, 0, 0x0002)),
		STEP(FRAME(FFA_ID_GET_32), OK32(0, 0x0003)),
	};
	struct scripted t;
	uint16_t id = 0, own = 0;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_id_get(&t.ctx, &id), 0);
	assert_rc(ffa_id_get(&t.ctx, &id), FFA_ERR_DENIED);
	assert_rc(ffa_id_get(&t.ctx, &id), FFA_ERR_PROTOCOL);
	cr_assert_eq(id, 0x8001);
	assert_rc(ffa_ctx_own_id(&t.ctx, &own), 0);
	cr_assert_eq(own, 0x8001);
	assert_rc(ffa_id_get(&t.ctx, &id), 0);
	assert_rc(ffa_ctx_own_id(&t.ctx, &own), 0);
	cr_assert_eq(own, 0x0003);
	assert_script_ok(&t);
}

Test(id_get, null_and_not_negotiated_make_no_call)
{
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };
	struct scripted t, u;
	uint16_t id = 0x1234, own;

	scripted_init(&u, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_id_get(&u.ctx, &id), FFA_ERR_NOT_NEGOTIATED);
	cr_assert_eq(id, 0x1234);
	assert_rc(ffa_ctx_own_id(&u.ctx, &own), FFA_ERR_NO_DATA);
	assert_script_ok(&u);

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_id_get(&t.ctx, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_id_get(NULL, &id), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(id, 0x1234);
	assert_rc(ffa_ctx_own_id(&t.ctx, &own), FFA_ERR_NO_DATA);
	assert_script_ok(&t);
}

/* ---- ffa_spm_id_get() --------------------------------------------------------- */

Test(spm_id_get, frame_is_exact_at_v11_and_v12)
{
	static const uint32_t versions[] = { FFA_VERSION_1_1, FFA_VERSION_1_2 };

	for (size_t v = 0; v < ARRAY_LEN(versions); v++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(versions[v]),
			STEP(FRAME(FFA_SPM_ID_GET_32), OK32(0, 0x8000)),
		};
		struct scripted t;
		uint16_t id = 0, own;

		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, versions[v]);
		assert_rc(ffa_spm_id_get(&t.ctx, &id), 0);
		cr_assert_eq(id, 0x8000);
		/* The SPMC's ID is not this endpoint's own. */
		assert_rc(ffa_ctx_own_id(&t.ctx, &own), FFA_ERR_NO_DATA);
		assert_script_ok(&t);
	}
}

Test(spm_id_get, v10_is_not_supported_without_a_call)
{
	static const uint32_t caps[] = { 0, CAPS_ALL };

	for (size_t c = 0; c < ARRAY_LEN(caps); c++) {
		const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_0) };
		struct scripted t;
		uint16_t id = 0x1234;

		scripted_init(&t, steps, ARRAY_LEN(steps), caps[c], FFA_VERSION_1_0);
		assert_rc(ffa_spm_id_get(&t.ctx, &id), FFA_ERR_NOT_SUPPORTED);
		cr_assert_eq(id, 0x1234);
		assert_script_ok(&t);
	}
}

Test(spm_id_get, null_and_not_negotiated_make_no_call)
{
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_1) };
	struct scripted t, u;
	uint16_t id = 0x1234;

	scripted_init(&u, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_spm_id_get(&u.ctx, &id), FFA_ERR_NOT_NEGOTIATED);
	assert_script_ok(&u);

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_1);
	assert_rc(ffa_spm_id_get(&t.ctx, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_spm_id_get(NULL, &id), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(id, 0x1234);
	assert_script_ok(&t);
}

/* ---- Both calls: decoding, errors, hostile answers ---------------------------- */

Test(ids, decoding_tolerates_upper_bits_echoes_and_reserved_half)
{
	static const struct {
		struct ffa_regs reply;
		uint16_t id;
	} cases[] = {
		/* Sign-extended register (TF-A EL3 SPMC style). */
		{ FRAME(FFA_SUCCESS_32, 0, 0xFFFFFFFFFFFF8001ull), 0x8001 },
		{ FRAME(FFA_SUCCESS_32, 0, 0xFFFFFFFF00000000ull), 0x0000 },
		/* w2[31:16] reserved: only w2[15:0] is the ID. */
		{ FRAME(FFA_SUCCESS_32, 0, 0x12348002u), 0x8002 },
		/* x0 upper half set; unused registers non-zero. */
		{ FRAME(0xFFFFFFFF00000000ull | FFA_SUCCESS_32, 0xFFFFFFFFu, 0x7FFF, 1, 2, 3, 4,
			5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
		  0x7FFF },
	};

	for (size_t c = 0; c < ARRAY_LEN(calls); c++) {
		for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
			uint16_t id = 0x5A5A;

			assert_rc(one(&calls[c], CAPS_ALL, cases[i].reply, &id), 0);
			cr_assert_eq(id, cases[i].id, "%s case %zu: id 0x%x", calls[c].name, i, id);
		}
	}
}

Test(ids, every_error_code_maps_one_to_one)
{
	for (size_t c = 0; c < ARRAY_LEN(calls); c++) {
		for (size_t i = 0; i < ARRAY_LEN(wire_errors); i++) {
			uint16_t id = 0x5A5A;

			assert_rc(one(&calls[c], CAPS_ALL, ERR(wire_errors[i]), &id), wire_errors[i]);
			assert_rc(one(&calls[c], 0, ERR_SX(wire_errors[i]), &id), wire_errors[i]);
			cr_assert_eq(id, 0x5A5A, "%s wrote its output on an error", calls[c].name);
		}
	}
}

Test(ids, error_code_outside_range_is_protocol)
{
	for (size_t c = 0; c < ARRAY_LEN(calls); c++) {
		for (size_t i = 0; i < ARRAY_LEN(bad_codes); i++) {
			uint16_t id = 0x5A5A;

			assert_rc(one(&calls[c], CAPS_ALL, FRAME(FFA_ERROR_32, 0, bad_codes[i], 0x8001),
				      &id),
				  FFA_ERR_PROTOCOL);
			cr_assert_eq(id, 0x5A5A);
		}
	}
}

Test(ids, unknown_answer_id_is_protocol_and_nothing_read)
{
	for (size_t c = 0; c < ARRAY_LEN(calls); c++) {
		for (size_t i = 0; i < ARRAY_LEN(hostile_fids); i++) {
			uint16_t id = 0x5A5A;

			cr_assert_eq(one(&calls[c], CAPS_ALL, FRAME(hostile_fids[i], 0, 0x8001), &id),
				     FFA_ERR_PROTOCOL, "%s answered 0x%x", calls[c].name,
				     hostile_fids[i]);
			cr_assert_eq(id, 0x5A5A);
		}
	}
}

Test(ids, protocol_error_does_not_record_an_id)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FRAME(FFA_ID_GET_32), FRAME(FFA_INTERRUPT_32, 0, 0x8001)),
	};
	struct scripted t;
	uint16_t id = 0x5A5A, own = 0x5A5A;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_id_get(&t.ctx, &id), FFA_ERR_PROTOCOL);
	cr_assert_eq(id, 0x5A5A);
	assert_rc(ffa_ctx_own_id(&t.ctx, &own), FFA_ERR_NO_DATA);
	cr_assert_eq(own, 0x5A5A);
	assert_script_ok(&t);
}

Test(ids, conduit_failure)
{
	for (size_t c = 0; c < ARRAY_LEN(calls); c++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP_CONDUIT_FAIL(FRAME(calls[c].fid), FFA_ERR_CONDUIT),
		};
		struct scripted t;
		uint16_t id = 0x5A5A, own;

		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
		assert_rc(calls[c].fn(&t.ctx, &id), FFA_ERR_CONDUIT);
		cr_assert_eq(id, 0x5A5A);
		assert_rc(ffa_ctx_own_id(&t.ctx, &own), FFA_ERR_NO_DATA);
		assert_script_ok(&t);
	}
}

/* ---- Known bug classes --------------------------------------------------------- */

Test(known_bugs, known_bug_7_error_code_register_and_width)
{
	/* The code is w2, a 32-bit value: zero- or sign-extended gives the
	 * same code; a code in w1 or w3 with w2 = 0 is not an FF-A error
	 * code (protocol); w1/w3 non-zero next to a valid w2 are ignored. */
	static const struct {
		struct ffa_regs reply;
		int rc;
	} cases[] = {
		{ FRAME(FFA_ERROR_32, 0, 0x00000000FFFFFFFEull), FFA_ERR_INVALID_PARAMETERS },
		{ FRAME(FFA_ERROR_32, 0, 0xFFFFFFFFFFFFFFFEull), FFA_ERR_INVALID_PARAMETERS },
		{ FRAME(FFA_ERROR_32, 0, 0x12345678FFFFFFFAull), FFA_ERR_DENIED },
		{ FRAME(0xFFFFFFFF00000000ull | FFA_ERROR_32, 0, 0xFFFFFFFFFFFFFFFAull),
		  FFA_ERR_DENIED },
		{ FRAME(FFA_ERROR_32, 0xFFFFFFFAu, 0), FFA_ERR_PROTOCOL },
		{ FRAME(FFA_ERROR_32, 0, 0, 0xFFFFFFFAu), FFA_ERR_PROTOCOL },
		{ FRAME(FFA_ERROR_32, 0xFFFFFFFAu, 0xFFFFFFFEu, 0xFFFFFFFCu),
		  FFA_ERR_INVALID_PARAMETERS },
		/* -2 in the upper half only: the low 32 bits are 0. */
		{ FRAME(FFA_ERROR_32, 0, 0xFFFFFFFE00000000ull), FFA_ERR_PROTOCOL },
	};

	for (size_t c = 0; c < ARRAY_LEN(calls); c++) {
		for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
			uint16_t id = 0x5A5A;

			cr_assert_eq(one(&calls[c], CAPS_ALL, cases[i].reply, &id), cases[i].rc,
				     "%s case %zu", calls[c].name, i);
			cr_assert_eq(id, 0x5A5A);
		}
	}
}

Test(known_bugs, known_bug_12_id_decode_high_ids)
{
	/* IDs with bit 15 set (SPMC 0x8000, SPs 0x8001.., SPMD 0xFFFF) decode
	 * exactly, with no sign or promotion surprises (run under UBSan). */
	static const uint16_t ids[] = { 0x8000, 0x8001, 0xFFC0, 0xFFFE, 0xFFFF, 0x7FFF };

	for (size_t c = 0; c < ARRAY_LEN(calls); c++) {
		for (size_t i = 0; i < ARRAY_LEN(ids); i++) {
			uint16_t id = 0;

			assert_rc(one(&calls[c], CAPS_ALL,
				      FRAME(FFA_SUCCESS_32, 0, (uint64_t)(int64_t)(int16_t)ids[i]),
				      &id),
				  0);
			cr_assert_eq(id, ids[i], "%s: 0x%x decoded as 0x%x", calls[c].name, ids[i],
				     id);
		}
	}
}
