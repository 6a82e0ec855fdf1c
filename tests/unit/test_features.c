/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_FEATURES: function and feature IDs, the feature cache, and the decoded
 * helpers for RXTX_MAP, MEM_RETRIEVE_REQ and the interrupt feature IDs
 * (ffa-abi.md 4.1, 6; real-spmc-behaviour.md "FFA_FEATURES is not the truth";
 * known-bugs.md class 39).
 */
#include "ffa_test.h"

#define FEAT(w1, w2) FRAME(FFA_FEATURES_32, (w1), (w2))

static const int wire_errors[] = { FFA_TEST_WIRE_ERRORS };
static const uint32_t bad_codes[] = { FFA_TEST_BAD_WIRE_CODES };
static const uint32_t hostile_fids[] = { FFA_TEST_HOSTILE_FIDS };

/* A v1.2 context on an SMCCC 1.2 conduit whose script follows the version
 * step with @steps. */
static void init12(struct scripted *t, const struct ffa_script_step *steps, size_t n)
{
	scripted_init(t, steps, n, CAPS_ALL, FFA_VERSION_1_2);
}

/* ---- ffa_features(): frames ----------------------------------------------- */

Test(features, function_id_frame_and_success)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FEAT(FFA_MSG_SEND_DIRECT_REQ2_64, 0), OK32(0, 0, 0)),
	};
	struct scripted t;
	struct ffa_features f = { 0xAAAAAAAAu, 0xBBBBBBBBu };

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_features(&t.ctx, FFA_MSG_SEND_DIRECT_REQ2_64, 0, &f), 0);
	cr_assert_eq(f.w2, 0);
	cr_assert_eq(f.w3, 0);
	assert_script_ok(&t);
}

Test(features, every_setup_function_id_is_passed_verbatim)
{
	static const uint32_t fids[] = {
		FFA_VERSION_32, FFA_FEATURES_32, FFA_RX_RELEASE_32, FFA_RXTX_MAP_32,
		FFA_RXTX_MAP_64, FFA_RXTX_UNMAP_32, FFA_PARTITION_INFO_GET_32, FFA_ID_GET_32,
		FFA_RX_ACQUIRE_32, FFA_SPM_ID_GET_32, FFA_PARTITION_INFO_GET_REGS_64,
		FFA_RUN_32, FFA_FID32(0x63) | FFA_FID_SVE_HINT_BIT,
	};

	for (size_t i = 0; i < ARRAY_LEN(fids); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(FEAT(fids[i], 0), OK32(0, 0, 0)),
		};
		struct scripted t;

		init12(&t, steps, ARRAY_LEN(steps));
		assert_rc(ffa_features(&t.ctx, fids[i], 0, NULL), 0);
		assert_script_ok(&t);
	}
}

Test(features, feature_id_frame_and_interrupt_decoded)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FEAT(FFA_FEATURE_SRI, 0), OK32(0, 8, 0)),
		STEP(FEAT(FFA_FEATURE_NOTIFICATION, 0), OK32(0, 3, 0)),
		STEP(FEAT(0xFF, 0), ERR(FFA_ERR_NOT_SUPPORTED)),
	};
	struct scripted t;
	struct ffa_features f = { 0, 0 };

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_features(&t.ctx, FFA_FEATURE_SRI, 0, &f), 0);
	cr_assert_eq(f.w2, 8);
	assert_rc(ffa_features(&t.ctx, FFA_FEATURE_NOTIFICATION, 0, &f), 0);
	cr_assert_eq(f.w2, 3);
	assert_rc(ffa_features(&t.ctx, 0xFF, 0, &f), FFA_ERR_NOT_SUPPORTED);
	cr_assert_eq(f.w2, 3, "output written on an error");
	assert_script_ok(&t);
}

Test(features, retrieve_req_input_properties_in_w2)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FEAT(FFA_MEM_RETRIEVE_REQ_64, FFA_FEATURES_RETRIEVE_IN_NS_BIT), OK32(0, 3, 0)),
		STEP(FEAT(FFA_MEM_RETRIEVE_REQ_32, FFA_FEATURES_RETRIEVE_IN_NS_BIT), OK32(0, 2, 0)),
	};
	struct scripted t;
	struct ffa_features f;

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_features(&t.ctx, FFA_MEM_RETRIEVE_REQ_64, FFA_FEATURES_RETRIEVE_IN_NS_BIT,
			       &f), 0);
	cr_assert_eq(f.w2, 3);
	assert_rc(ffa_features(&t.ctx, FFA_MEM_RETRIEVE_REQ_32, FFA_FEATURES_RETRIEVE_IN_NS_BIT,
			       &f), 0);
	cr_assert_eq(f.w2, 2);
	assert_script_ok(&t);
}

Test(features, answer_upper_bits_and_echoes_tolerated)
{
	/* Upper halves set everywhere, x1 echoing the query (TF-A), the FID
	 * itself with its upper half set: w2/w3 low halves are the answer. */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FEAT(FFA_MEM_SHARE_64, 0),
		     FRAME(0xFFFFFFFF00000000ull | FFA_SUCCESS_32, FFA_MEM_SHARE_64,
			   0xFFFFFFFF00000001ull, 0x1234567800000005ull, 9, 9, 9, 9)),
		STEP(FEAT(FFA_MEM_SHARE_32, 0), OK32(0, 0x0000000100000000ull, 0)),
	};
	struct scripted t;
	struct ffa_features f;

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_features(&t.ctx, FFA_MEM_SHARE_64, 0, &f), 0);
	cr_assert_eq(f.w2, 1);
	cr_assert_eq(f.w3, 5);
	assert_rc(ffa_features(&t.ctx, FFA_MEM_SHARE_32, 0, &f), 0);
	cr_assert_eq(f.w2, 0);
	cr_assert_eq(f.w3, 0);
	assert_script_ok(&t);
}

Test(features, same_frame_at_every_version_and_width)
{
	static const uint32_t versions[] = { FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2 };
	static const uint32_t caps[] = { 0, FFA_CONDUIT_CAP_SMC64, CAPS_ALL };

	for (size_t v = 0; v < ARRAY_LEN(versions); v++) {
		for (size_t c = 0; c < ARRAY_LEN(caps); c++) {
			const struct ffa_script_step steps[] = {
				STEP_VERSION(versions[v]),
				STEP(FEAT(FFA_ID_GET_32, 0), OK32(0, 0, 0)),
			};
			struct scripted t;

			scripted_init(&t, steps, ARRAY_LEN(steps), caps[c], versions[v]);
			assert_rc(ffa_features(&t.ctx, FFA_ID_GET_32, 0, NULL), 0);
			assert_script_ok(&t);
		}
	}
}

/* ---- ffa_features(): errors ------------------------------------------------ */

Test(features, every_error_code_maps_one_to_one)
{
	for (size_t i = 0; i < ARRAY_LEN(wire_errors); i++) {
		for (int sx = 0; sx < 2; sx++) {
			const struct ffa_script_step steps[] = {
				STEP_VERSION(FFA_VERSION_1_2),
				STEP(FEAT(FFA_ID_GET_32, 0),
				     sx ? ERR_SX(wire_errors[i]) : ERR(wire_errors[i])),
			};
			struct scripted t;
			struct ffa_features f = { 0xAAAAAAAAu, 0xBBBBBBBBu };

			init12(&t, steps, ARRAY_LEN(steps));
			assert_rc(ffa_features(&t.ctx, FFA_ID_GET_32, 0, &f), wire_errors[i]);
			cr_assert(f.w2 == 0xAAAAAAAAu && f.w3 == 0xBBBBBBBBu);
			assert_script_ok(&t);
		}
	}
}

Test(features, error_code_outside_range_is_protocol)
{
	for (size_t i = 0; i < ARRAY_LEN(bad_codes); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(FEAT(FFA_ID_GET_32, 0), FRAME(FFA_ERROR_32, 0, bad_codes[i])),
		};
		struct scripted t;
		struct ffa_features f = { 0xAAAAAAAAu, 0xBBBBBBBBu };

		init12(&t, steps, ARRAY_LEN(steps));
		assert_rc(ffa_features(&t.ctx, FFA_ID_GET_32, 0, &f), FFA_ERR_PROTOCOL);
		cr_assert(f.w2 == 0xAAAAAAAAu && f.w3 == 0xBBBBBBBBu);
		cr_assert_eq(ffa_features_cached(&t.ctx, FFA_ID_GET_32), FFA_ERR_NO_DATA);
		assert_script_ok(&t);
	}
}

Test(features, unknown_answer_id_is_protocol_and_nothing_read)
{
	for (size_t i = 0; i < ARRAY_LEN(hostile_fids); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(FEAT(FFA_ID_GET_32, 0), FRAME(hostile_fids[i], 0, 1, 2)),
		};
		struct scripted t;
		struct ffa_features f = { 0xAAAAAAAAu, 0xBBBBBBBBu };

		init12(&t, steps, ARRAY_LEN(steps));
		cr_assert_eq(ffa_features(&t.ctx, FFA_ID_GET_32, 0, &f), FFA_ERR_PROTOCOL,
			     "answer 0x%x", hostile_fids[i]);
		cr_assert(f.w2 == 0xAAAAAAAAu && f.w3 == 0xBBBBBBBBu);
		cr_assert_eq(ffa_features_cached(&t.ctx, FFA_ID_GET_32), FFA_ERR_NO_DATA);
		assert_script_ok(&t);
	}
}

Test(features, conduit_failure)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_CONDUIT_FAIL(FEAT(FFA_ID_GET_32, 0), FFA_ERR_CONDUIT),
	};
	struct scripted t;
	struct ffa_features f = { 0xAAAAAAAAu, 0xBBBBBBBBu };

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_features(&t.ctx, FFA_ID_GET_32, 0, &f), FFA_ERR_CONDUIT);
	cr_assert(f.w2 == 0xAAAAAAAAu && f.w3 == 0xBBBBBBBBu);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_ID_GET_32), FFA_ERR_NO_DATA);
	assert_script_ok(&t);
}

Test(features, bad_arguments_make_no_call)
{
	static const struct {
		uint32_t id, in;
	} bad[] = {
		{ 0x0, 0 },                     /* feature ID 0 is undefined */
		{ 0x100, 0 },                   /* bits[30:8] MBZ */
		{ 0x102, 0 },
		{ 0x7FFFFF02u, 0 },
		{ 0x40000001u, 0 },
		{ FFA_FEATURE_SRI, 1 },         /* no input props for feature IDs */
		{ FFA_FEATURE_NPI, FFA_FEATURES_RETRIEVE_IN_NS_BIT },
		{ FFA_ID_GET_32, 1 },           /* only MEM_RETRIEVE_REQ takes them */
		{ FFA_RXTX_MAP_64, FFA_FEATURES_RETRIEVE_IN_NS_BIT },
		{ FFA_MEM_SHARE_64, FFA_FEATURES_RETRIEVE_IN_NS_BIT },
	};
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };
	struct scripted t;
	struct ffa_features f = { 0xAAAAAAAAu, 0xBBBBBBBBu };

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_features(NULL, FFA_ID_GET_32, 0, &f), FFA_ERR_BAD_ARGUMENT);
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		cr_assert_eq(ffa_features(&t.ctx, bad[i].id, bad[i].in, &f), FFA_ERR_BAD_ARGUMENT,
			     "id 0x%x in 0x%x", bad[i].id, bad[i].in);
	cr_assert(f.w2 == 0xAAAAAAAAu && f.w3 == 0xBBBBBBBBu);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_ID_GET_32), FFA_ERR_NO_DATA);
	assert_script_ok(&t);
}

Test(features, not_negotiated_makes_no_call)
{
	struct scripted t;
	struct ffa_features f = { 0xAAAAAAAAu, 0xBBBBBBBBu };

	scripted_init(&t, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_features(&t.ctx, FFA_ID_GET_32, 0, &f), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_features(&t.ctx, FFA_FEATURE_MEI, 0, &f), FFA_ERR_NOT_NEGOTIATED);
	cr_assert(f.w2 == 0xAAAAAAAAu && f.w3 == 0xBBBBBBBBu);
	assert_script_ok(&t);
}

/* ---- The feature cache ------------------------------------------------------- */

Test(features_cache, learns_supported_and_not_supported)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FEAT(FFA_ID_GET_32, 0), OK32(0, 0, 0)),
		STEP(FEAT(FFA_MEM_LEND_32, 0), ERR(FFA_ERR_NOT_SUPPORTED)),
		STEP(FEAT(FFA_MEM_LEND_64, 0), ERR_SX(FFA_ERR_NOT_SUPPORTED)),
	};
	struct scripted t;

	init12(&t, steps, ARRAY_LEN(steps));
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_ID_GET_32), FFA_ERR_NO_DATA);
	assert_rc(ffa_features(&t.ctx, FFA_ID_GET_32, 0, NULL), 0);
	assert_rc(ffa_features(&t.ctx, FFA_MEM_LEND_32, 0, NULL), FFA_ERR_NOT_SUPPORTED);
	assert_rc(ffa_features(&t.ctx, FFA_MEM_LEND_64, 0, NULL), FFA_ERR_NOT_SUPPORTED);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_ID_GET_32), 1);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_MEM_LEND_32), 0);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_MEM_LEND_64), 0);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_SPM_ID_GET_32), FFA_ERR_NO_DATA);
	assert_script_ok(&t);
}

Test(features_cache, 32_and_64_bit_ids_are_separate)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FEAT(FFA_RXTX_MAP_64, 0), OK32(0, 0, 0)),
		STEP(FEAT(FFA_MEM_SHARE_32, 0), ERR(FFA_ERR_NOT_SUPPORTED)),
	};
	struct scripted t;

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_features(&t.ctx, FFA_RXTX_MAP_64, 0, NULL), 0);
	assert_rc(ffa_features(&t.ctx, FFA_MEM_SHARE_32, 0, NULL), FFA_ERR_NOT_SUPPORTED);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_RXTX_MAP_64), 1);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_RXTX_MAP_32), FFA_ERR_NO_DATA);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_MEM_SHARE_32), 0);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_MEM_SHARE_64), FFA_ERR_NO_DATA);
	assert_script_ok(&t);
}

Test(features_cache, later_answer_replaces_earlier)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FEAT(FFA_RX_ACQUIRE_32, 0), OK32(0, 0, 0)),
		STEP(FEAT(FFA_RX_ACQUIRE_32, 0), ERR(FFA_ERR_NOT_SUPPORTED)),
		STEP(FEAT(FFA_RX_ACQUIRE_32, 0), OK32(0, 0, 0)),
	};
	struct scripted t;

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_features(&t.ctx, FFA_RX_ACQUIRE_32, 0, NULL), 0);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_RX_ACQUIRE_32), 1);
	assert_rc(ffa_features(&t.ctx, FFA_RX_ACQUIRE_32, 0, NULL), FFA_ERR_NOT_SUPPORTED);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_RX_ACQUIRE_32), 0);
	assert_rc(ffa_features(&t.ctx, FFA_RX_ACQUIRE_32, 0, NULL), 0);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_RX_ACQUIRE_32), 1);
	assert_script_ok(&t);
}

Test(features_cache, other_errors_do_not_touch_the_cache)
{
	/* Only SUCCESS and NOT_SUPPORTED say anything about support. */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FEAT(FFA_MEM_SHARE_64, 0), OK32(0, 1, 0)),
		STEP(FEAT(FFA_MEM_SHARE_64, 0), ERR(FFA_ERR_INVALID_PARAMETERS)),
		STEP(FEAT(FFA_MEM_SHARE_64, 0), ERR(FFA_ERR_DENIED)),
		STEP(FEAT(FFA_MEM_SHARE_64, 0), FRAME(FFA_MSG_SEND_DIRECT_RESP_32)),
		STEP_CONDUIT_FAIL(FEAT(FFA_MEM_SHARE_64, 0), FFA_ERR_CONDUIT),
	};
	struct scripted t;

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_features(&t.ctx, FFA_MEM_SHARE_64, 0, NULL), 0);
	assert_rc(ffa_features(&t.ctx, FFA_MEM_SHARE_64, 0, NULL), FFA_ERR_INVALID_PARAMETERS);
	assert_rc(ffa_features(&t.ctx, FFA_MEM_SHARE_64, 0, NULL), FFA_ERR_DENIED);
	assert_rc(ffa_features(&t.ctx, FFA_MEM_SHARE_64, 0, NULL), FFA_ERR_PROTOCOL);
	assert_rc(ffa_features(&t.ctx, FFA_MEM_SHARE_64, 0, NULL), FFA_ERR_CONDUIT);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_MEM_SHARE_64), 1);
	assert_script_ok(&t);
}

Test(features_cache, sve_hint_bit_shares_the_slot)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FEAT(FFA_ID_GET_32 | FFA_FID_SVE_HINT_BIT, 0), OK32(0, 0, 0)),
	};
	struct scripted t;

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_features(&t.ctx, FFA_ID_GET_32 | FFA_FID_SVE_HINT_BIT, 0, NULL), 0);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_ID_GET_32), 1);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_ID_GET_32 | FFA_FID_SVE_HINT_BIT), 1);
	assert_script_ok(&t);
}

Test(features_cache, first_and_last_function_numbers)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FEAT(FFA_FID32(0x60), 0), OK32(0, 0, 0)),
		STEP(FEAT(FFA_FID64(0x9F), 0), ERR(FFA_ERR_NOT_SUPPORTED)),
	};
	struct scripted t;

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_features(&t.ctx, FFA_FID32(0x60), 0, NULL), 0);
	assert_rc(ffa_features(&t.ctx, FFA_FID64(0x9F), 0, NULL), FFA_ERR_NOT_SUPPORTED);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_FID32(0x60)), 1);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_FID64(0x9F)), 0);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_FID64(0x60)), FFA_ERR_NO_DATA);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_FID32(0x9F)), FFA_ERR_NO_DATA);
	assert_script_ok(&t);
}

Test(features_cache, non_ffa_ids_and_feature_ids_are_never_cached)
{
	/* Queries for IDs outside the FF-A range are sent (the manager
	 * answers), but the cache has no slot for them. */
	static const uint32_t odd[] = {
		0x80000000u, /* SMCCC_VERSION */
		0x84000050u, /* FF-A OEN, function number below 0x60 */
		0x840000A0u, /* beyond 0x9F */
		0x85000061u, /* OEN 5 */
		0x84020061u, /* reserved bits 23:17 set */
		0xC4FF0061u,
		0x84000161u, /* function number 0x161 */
		0x84008061u, /* function number 0x8061 */
		0x8400FF69u,
	};

	for (size_t i = 0; i < ARRAY_LEN(odd); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(FEAT(odd[i], 0), OK32(0, 0, 0)),
		};
		struct scripted t;

		init12(&t, steps, ARRAY_LEN(steps));
		assert_rc(ffa_features(&t.ctx, odd[i], 0, NULL), 0);
		cr_assert_eq(ffa_features_cached(&t.ctx, odd[i]), FFA_ERR_NO_DATA, "id 0x%x",
			     odd[i]);
		assert_script_ok(&t);
	}
	{
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(FEAT(FFA_FEATURE_SRI, 0), OK32(0, 8, 0)),
		};
		struct scripted t;

		init12(&t, steps, ARRAY_LEN(steps));
		assert_rc(ffa_features(&t.ctx, FFA_FEATURE_SRI, 0, NULL), 0);
		cr_assert_eq(ffa_features_cached(&t.ctx, FFA_FEATURE_SRI), FFA_ERR_NO_DATA);
		assert_script_ok(&t);
	}
}

Test(features_cache, per_context_and_null)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FEAT(FFA_ID_GET_32, 0), OK32(0, 0, 0)),
	};
	struct scripted a, b;

	init12(&a, steps, ARRAY_LEN(steps));
	init12(&b, steps, 1);
	assert_rc(ffa_features(&a.ctx, FFA_ID_GET_32, 0, NULL), 0);
	cr_assert_eq(ffa_features_cached(&a.ctx, FFA_ID_GET_32), 1);
	cr_assert_eq(ffa_features_cached(&b.ctx, FFA_ID_GET_32), FFA_ERR_NO_DATA);
	cr_assert_eq(ffa_features_cached(NULL, FFA_ID_GET_32), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&a);
	assert_script_ok(&b);
}

Test(features_cache, reading_makes_no_call_even_unnegotiated)
{
	struct scripted t;

	scripted_init(&t, NULL, 0, CAPS_ALL, 0);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_ID_GET_32), FFA_ERR_NO_DATA);
	assert_script_ok(&t);
}

/* ---- ffa_features_rxtx_map() ------------------------------------------------- */

/* One RXTX_MAP query on a conduit with @caps at @version answered @reply. */
static int rxtx_props(uint32_t version, uint32_t caps, struct ffa_regs reply,
		      struct ffa_rxtx_props *p)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(version),
		STEP(FEAT((caps & FFA_CONDUIT_CAP_SMC64) ? FFA_RXTX_MAP_64 : FFA_RXTX_MAP_32, 0),
		     reply),
	};
	struct scripted t;
	int rc;

	scripted_init(&t, steps, ARRAY_LEN(steps), caps, version);
	rc = ffa_features_rxtx_map(&t.ctx, p);
	assert_script_ok(&t);
	return rc;
}

Test(features_rxtx_map, queries_64bit_id_on_smc64_conduit)
{
	struct ffa_rxtx_props p = { 0, 0 };

	assert_rc(rxtx_props(FFA_VERSION_1_2, CAPS_ALL, OK32(0, 0, 0), &p), 0);
	cr_assert_eq(p.min_size, 4096);
	assert_rc(rxtx_props(FFA_VERSION_1_2, FFA_CONDUIT_CAP_SMC64, OK32(0, 0, 0), &p), 0);
	cr_assert_eq(p.min_size, 4096);
}

Test(features_rxtx_map, queries_32bit_id_on_32bit_conduit)
{
	struct ffa_rxtx_props p = { 0, 0 };

	assert_rc(rxtx_props(FFA_VERSION_1_2, 0, OK32(0, 1, 0), &p), 0);
	cr_assert_eq(p.min_size, 65536);
	assert_rc(rxtx_props(FFA_VERSION_1_0, FFA_CONDUIT_CAP_REGS18, OK32(0, 2, 0), &p), 0);
	cr_assert_eq(p.min_size, 16384);
}

Test(features_rxtx_map, decodes_size_and_v12_maximum)
{
	static const struct {
		uint32_t version;
		uint64_t w2;
		uint32_t min_size, max_pages;
	} cases[] = {
		{ FFA_VERSION_1_2, 0x0, 4096, 0 },
		{ FFA_VERSION_1_2, 0x1, 65536, 0 },
		{ FFA_VERSION_1_2, 0x2, 16384, 0 },
		{ FFA_VERSION_1_2, 0x00400000, 4096, 64 },
		{ FFA_VERSION_1_2, 0x00010002, 16384, 1 },
		{ FFA_VERSION_1_2, 0xFFFF0001, 65536, 0xFFFF },
		{ FFA_VERSION_1_2, 0xFFFFFFFF00000002ull, 16384, 0 }, /* upper half */
		{ FFA_VERSION_1_2, 0x0000000500000001ull, 65536, 0 },
		/* v1.0/v1.1: bits[31:2] MBZ, the maximum is not read. */
		{ FFA_VERSION_1_1, 0xFFFF0001, 65536, 0 },
		{ FFA_VERSION_1_1, 0x00020000, 4096, 0 },
		{ FFA_VERSION_1_0, 0x00100002, 16384, 0 },
		{ FFA_VERSION_1_0, 0xFFFFFFFC, 4096, 0 },
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct ffa_rxtx_props p = { 0xAAAAAAAAu, 0xBBBBBBBBu };

		assert_rc(rxtx_props(cases[i].version, CAPS_ALL, OK32(0, cases[i].w2, 0), &p), 0);
		cr_assert_eq(p.min_size, cases[i].min_size, "case %zu: min %u", i, p.min_size);
		cr_assert_eq(p.max_pages, cases[i].max_pages, "case %zu: max %u", i,
			     p.max_pages);
	}
}

Test(features_rxtx_map, echoed_registers_tolerated)
{
	struct ffa_rxtx_props p = { 0, 0 };

	assert_rc(rxtx_props(FFA_VERSION_1_2, CAPS_ALL,
			     FRAME(FFA_SUCCESS_32, FFA_RXTX_MAP_64, 0x00080001, 0xFFFFFFFF, 1, 2),
			     &p),
		  0);
	cr_assert_eq(p.min_size, 65536);
	cr_assert_eq(p.max_pages, 8);
}

Test(features_rxtx_map, reserved_size_encoding_is_protocol)
{
	static const uint64_t w2s[] = { 3, 0x00100003, 0xFFFFFFFFFFFFFFFFull };

	for (size_t i = 0; i < ARRAY_LEN(w2s); i++) {
		struct ffa_rxtx_props p = { 0xAAAAAAAAu, 0xBBBBBBBBu };

		assert_rc(rxtx_props(FFA_VERSION_1_2, CAPS_ALL, OK32(0, w2s[i], 0), &p),
			  FFA_ERR_PROTOCOL);
		cr_assert(p.min_size == 0xAAAAAAAAu && p.max_pages == 0xBBBBBBBBu);
	}
}

Test(features_rxtx_map, errors_map_and_leave_output_alone)
{
	for (size_t i = 0; i < ARRAY_LEN(wire_errors); i++) {
		struct ffa_rxtx_props p = { 0xAAAAAAAAu, 0xBBBBBBBBu };

		assert_rc(rxtx_props(FFA_VERSION_1_2, CAPS_ALL, ERR_SX(wire_errors[i]), &p),
			  wire_errors[i]);
		cr_assert(p.min_size == 0xAAAAAAAAu && p.max_pages == 0xBBBBBBBBu);
	}
	for (size_t i = 0; i < ARRAY_LEN(bad_codes); i++) {
		struct ffa_rxtx_props p = { 0xAAAAAAAAu, 0xBBBBBBBBu };

		assert_rc(rxtx_props(FFA_VERSION_1_2, 0, FRAME(FFA_ERROR_32, 0, bad_codes[i]), &p),
			  FFA_ERR_PROTOCOL);
		cr_assert(p.min_size == 0xAAAAAAAAu && p.max_pages == 0xBBBBBBBBu);
	}
	for (size_t i = 0; i < ARRAY_LEN(hostile_fids); i++) {
		struct ffa_rxtx_props p = { 0xAAAAAAAAu, 0xBBBBBBBBu };

		assert_rc(rxtx_props(FFA_VERSION_1_2, CAPS_ALL, FRAME(hostile_fids[i], 0, 1), &p),
			  FFA_ERR_PROTOCOL);
		cr_assert(p.min_size == 0xAAAAAAAAu && p.max_pages == 0xBBBBBBBBu);
	}
}

Test(features_rxtx_map, conduit_failure_and_bad_arguments)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_CONDUIT_FAIL(FEAT(FFA_RXTX_MAP_64, 0), FFA_ERR_CONDUIT),
	};
	struct scripted t, u;
	struct ffa_rxtx_props p = { 0xAAAAAAAAu, 0xBBBBBBBBu };

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_features_rxtx_map(&t.ctx, &p), FFA_ERR_CONDUIT);
	assert_rc(ffa_features_rxtx_map(&t.ctx, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_features_rxtx_map(NULL, &p), FFA_ERR_BAD_ARGUMENT);
	cr_assert(p.min_size == 0xAAAAAAAAu && p.max_pages == 0xBBBBBBBBu);
	assert_script_ok(&t);

	scripted_init(&u, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_features_rxtx_map(&u.ctx, &p), FFA_ERR_NOT_NEGOTIATED);
	assert_script_ok(&u);
}

/* ---- ffa_features_mem_retrieve() ----------------------------------------------- */

Test(features_mem_retrieve, frames_per_conduit_width_and_ns_bit)
{
	static const struct {
		uint32_t caps;
		bool ns;
		uint32_t fid, in;
	} cases[] = {
		{ CAPS_ALL, false, FFA_MEM_RETRIEVE_REQ_64, 0 },
		{ CAPS_ALL, true, FFA_MEM_RETRIEVE_REQ_64, FFA_FEATURES_RETRIEVE_IN_NS_BIT },
		{ 0, false, FFA_MEM_RETRIEVE_REQ_32, 0 },
		{ 0, true, FFA_MEM_RETRIEVE_REQ_32, FFA_FEATURES_RETRIEVE_IN_NS_BIT },
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_1),
			STEP(FEAT(cases[i].fid, cases[i].in), OK32(0, 2, 0)),
		};
		struct scripted t;
		struct ffa_retrieve_props p;

		scripted_init(&t, steps, ARRAY_LEN(steps), cases[i].caps, FFA_VERSION_1_1);
		assert_rc(ffa_features_mem_retrieve(&t.ctx, cases[i].ns, &p), 0);
		cr_assert(!p.dynamic_buffer && p.ns_bit && !p.hyp_retrieve && p.outstanding == 0);
		assert_script_ok(&t);
	}
}

Test(features_mem_retrieve, decodes_properties)
{
	static const struct {
		uint64_t w2, w3;
		bool dyn, ns, hyp;
		uint8_t outstanding;
	} cases[] = {
		{ 0x0, 0x0, false, false, false, 0 },
		{ 0x1, 0x0, true, false, false, 0 },
		{ 0x2, 0x0, false, true, false, 0 },
		{ 0x4, 0x0, false, false, true, 0 },
		{ 0x7, 0x1FF, true, true, true, 0xFF },
		{ 0xFFFFFFF8, 0xFFFFFF00, false, false, false, 0 },
		{ 0xFFFFFFFF00000003ull, 0xFFFFFFFF00000010ull, true, true, false, 0x10 },
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(FEAT(FFA_MEM_RETRIEVE_REQ_64, 0), OK32(0, cases[i].w2, cases[i].w3)),
		};
		struct scripted t;
		struct ffa_retrieve_props p;

		init12(&t, steps, ARRAY_LEN(steps));
		assert_rc(ffa_features_mem_retrieve(&t.ctx, false, &p), 0);
		cr_assert_eq(p.dynamic_buffer, cases[i].dyn, "case %zu", i);
		cr_assert_eq(p.ns_bit, cases[i].ns, "case %zu", i);
		cr_assert_eq(p.hyp_retrieve, cases[i].hyp, "case %zu", i);
		cr_assert_eq(p.outstanding, cases[i].outstanding, "case %zu", i);
		assert_script_ok(&t);
	}
}

Test(features_mem_retrieve, errors_hostile_and_arguments)
{
	/* TF-A refuses the NS bit from the normal world (SOURCES.md 3 item 8). */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FEAT(FFA_MEM_RETRIEVE_REQ_64, FFA_FEATURES_RETRIEVE_IN_NS_BIT),
		     ERR_SX(FFA_ERR_NOT_SUPPORTED)),
		STEP(FEAT(FFA_MEM_RETRIEVE_REQ_64, 0), ERR(FFA_ERR_INVALID_PARAMETERS)),
		STEP(FEAT(FFA_MEM_RETRIEVE_REQ_64, 0), FRAME(FFA_INTERRUPT_32, 0, 7)),
		STEP(FEAT(FFA_MEM_RETRIEVE_REQ_64, 0), FRAME(FFA_ERROR_32, 0, 0)),
		STEP_CONDUIT_FAIL(FEAT(FFA_MEM_RETRIEVE_REQ_64, 0), FFA_ERR_CONDUIT),
	};
	struct scripted t;
	struct ffa_retrieve_props p = { true, false, true, 0x5A };

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_features_mem_retrieve(&t.ctx, true, &p), FFA_ERR_NOT_SUPPORTED);
	assert_rc(ffa_features_mem_retrieve(&t.ctx, false, &p), FFA_ERR_INVALID_PARAMETERS);
	assert_rc(ffa_features_mem_retrieve(&t.ctx, false, &p), FFA_ERR_PROTOCOL);
	assert_rc(ffa_features_mem_retrieve(&t.ctx, false, &p), FFA_ERR_PROTOCOL);
	assert_rc(ffa_features_mem_retrieve(&t.ctx, false, &p), FFA_ERR_CONDUIT);
	assert_rc(ffa_features_mem_retrieve(&t.ctx, false, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_features_mem_retrieve(NULL, false, &p), FFA_ERR_BAD_ARGUMENT);
	cr_assert(p.dynamic_buffer && !p.ns_bit && p.hyp_retrieve && p.outstanding == 0x5A);
	assert_script_ok(&t);
}

Test(features_mem_retrieve, not_negotiated_makes_no_call)
{
	struct scripted t;
	struct ffa_retrieve_props p;

	scripted_init(&t, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_features_mem_retrieve(&t.ctx, true, &p), FFA_ERR_NOT_NEGOTIATED);
	assert_script_ok(&t);
}

/* ---- ffa_features_interrupt() ----------------------------------------------------- */

Test(features_interrupt, npi_sri_mei_frames_and_ids)
{
	static const uint32_t feats[] = { FFA_FEATURE_NPI, FFA_FEATURE_SRI, FFA_FEATURE_MEI };

	for (size_t i = 0; i < ARRAY_LEN(feats); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_1),
			/* w2 upper half set; w3 garbage ignored. */
			STEP(FEAT(feats[i], 0), OK32(0, 0xFFFFFFFF00000000ull | (8 + i), 0x55)),
		};
		struct scripted t;
		uint32_t intid = 0;

		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_1);
		assert_rc(ffa_features_interrupt(&t.ctx, feats[i], &intid), 0);
		cr_assert_eq(intid, 8 + i);
		assert_script_ok(&t);
	}
}

Test(features_interrupt, interrupt_zero_is_a_valid_answer)
{
	/* OP-TEE reports MEI = 0 (real-spmc-behaviour.md). */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FEAT(FFA_FEATURE_MEI, 0), OK32(0, 0, 0)),
	};
	struct scripted t;
	uint32_t intid = 99;

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_features_interrupt(&t.ctx, FFA_FEATURE_MEI, &intid), 0);
	cr_assert_eq(intid, 0);
	assert_script_ok(&t);
}

Test(features_interrupt, errors_and_hostile_leave_output_alone)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FEAT(FFA_FEATURE_NPI, 0), ERR(FFA_ERR_NOT_SUPPORTED)),
		STEP(FEAT(FFA_FEATURE_SRI, 0), ERR_SX(FFA_ERR_NOT_SUPPORTED)),
		STEP(FEAT(FFA_FEATURE_MEI, 0), FRAME(FFA_MSG_SEND_DIRECT_RESP_32, 0, 9)),
		STEP(FEAT(FFA_FEATURE_MEI, 0), FRAME(FFA_ERROR_32, 0, 0xFFFFFFF5u)),
		STEP_CONDUIT_FAIL(FEAT(FFA_FEATURE_SRI, 0), FFA_ERR_CONDUIT),
	};
	struct scripted t;
	uint32_t intid = 0xA5A5A5A5u;

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_features_interrupt(&t.ctx, FFA_FEATURE_NPI, &intid), FFA_ERR_NOT_SUPPORTED);
	assert_rc(ffa_features_interrupt(&t.ctx, FFA_FEATURE_SRI, &intid), FFA_ERR_NOT_SUPPORTED);
	assert_rc(ffa_features_interrupt(&t.ctx, FFA_FEATURE_MEI, &intid), FFA_ERR_PROTOCOL);
	assert_rc(ffa_features_interrupt(&t.ctx, FFA_FEATURE_MEI, &intid), FFA_ERR_PROTOCOL);
	assert_rc(ffa_features_interrupt(&t.ctx, FFA_FEATURE_SRI, &intid), FFA_ERR_CONDUIT);
	cr_assert_eq(intid, 0xA5A5A5A5u);
	assert_script_ok(&t);
}

Test(features_interrupt, bad_arguments_make_no_call)
{
	static const uint32_t bad[] = { 0, FFA_FEATURE_NOTIFICATION, 5, 0xFF, 0x101,
					FFA_FEATURES_32, FFA_ID_GET_32 };
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };
	struct scripted t, u;
	uint32_t intid = 0xA5A5A5A5u;

	init12(&t, steps, ARRAY_LEN(steps));
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		cr_assert_eq(ffa_features_interrupt(&t.ctx, bad[i], &intid), FFA_ERR_BAD_ARGUMENT,
			     "feature 0x%x", bad[i]);
	assert_rc(ffa_features_interrupt(&t.ctx, FFA_FEATURE_SRI, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_features_interrupt(NULL, FFA_FEATURE_SRI, &intid), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(intid, 0xA5A5A5A5u);
	assert_script_ok(&t);

	scripted_init(&u, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_features_interrupt(&u.ctx, FFA_FEATURE_SRI, &intid), FFA_ERR_NOT_NEGOTIATED);
	assert_script_ok(&u);
}

/* ---- Known bug classes --------------------------------------------------------------- */

Test(known_bugs, known_bug_39_features_is_a_hint)
{
	/* OP-TEE's SPMC says NOT_SUPPORTED for FFA_ID_GET yet FFA_ID_GET
	 * works; a cached NOT_SUPPORTED must not stop the call. Likewise a
	 * cached SUCCESS does not make a failing call succeed, and a
	 * NOT_SUPPORTED for RXTX_MAP does not stop FFA_RXTX_MAP. */
	static _Alignas(4096) uint8_t tx[4096], rx[4096];
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FEAT(FFA_ID_GET_32, 0), ERR(FFA_ERR_NOT_SUPPORTED)),
		STEP(FRAME(FFA_ID_GET_32), OK32(0, 0)),
		STEP(FEAT(FFA_SPM_ID_GET_32, 0), OK32(0, 0, 0)),
		STEP(FRAME(FFA_SPM_ID_GET_32), ERR(FFA_ERR_NOT_SUPPORTED)),
		STEP(FEAT(FFA_RXTX_MAP_64, 0), ERR(FFA_ERR_NOT_SUPPORTED)),
		STEP(FRAME(FFA_RXTX_MAP_64, (uint64_t)(uintptr_t)tx, (uint64_t)(uintptr_t)rx, 1),
		     OK32()),
	};
	struct scripted t;
	struct ffa_rxtx_props p;
	uint16_t id = 0xFFFF, spm = 0x1234;

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_features(&t.ctx, FFA_ID_GET_32, 0, NULL), FFA_ERR_NOT_SUPPORTED);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_ID_GET_32), 0);
	assert_rc(ffa_id_get(&t.ctx, &id), 0);
	cr_assert_eq(id, 0);
	assert_rc(ffa_features(&t.ctx, FFA_SPM_ID_GET_32, 0, NULL), 0);
	assert_rc(ffa_spm_id_get(&t.ctx, &spm), FFA_ERR_NOT_SUPPORTED);
	cr_assert_eq(spm, 0x1234);
	assert_rc(ffa_features_rxtx_map(&t.ctx, &p), FFA_ERR_NOT_SUPPORTED);
	assert_rc(ffa_rxtx_map(&t.ctx, tx, rx, 1), 0);
	/* The cache still says what FFA_FEATURES said: it is only a hint. */
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_ID_GET_32), 0);
	cr_assert_eq(ffa_features_cached(&t.ctx, FFA_RXTX_MAP_64), 0);
	assert_script_ok(&t);
}
