/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Conformance: FFA_VERSION, FFA_FEATURES, FFA_ID_GET, FFA_SPM_ID_GET,
 * FFA_CONSOLE_LOG and the rules every call shares (ffa-abi.md 1, 4.1, 5, 6;
 * real-spmc-behaviour.md "Version"; SOURCES.md 3.1, 3.2). One test per rule,
 * each asserting the exact answer.
 */
#include "sim_test.h"

/* Create with the quirks of @profile. */
static void setup_profile(enum ffa_sim_profile profile)
{
	fx_config(&F);
	cr_assert_eq(ffa_sim_quirks_profile(profile, &F.cfg.quirks), 0);
	fx_create(&F);
}

static uint32_t ep_version(uint16_t ep, bool *locked)
{
	uint32_t v = 0;

	cr_assert_eq(ffa_sim_endpoint_version(F.sim, ep, &v, locked), 0);
	return v;
}

TestSuite(conf_version, .init = fx_setup, .fini = fx_teardown);

Test(conf_version, bit31_set_is_not_supported_in_w0)
{
	struct ffa_regs r = fx_call(&F, HYP, FRAME(FFA_VERSION_32, 0x80010002u));

	cr_assert_eq(r.x[0], FFA_VERSION_NOT_SUPPORTED);
	for (unsigned int i = 1; i < FFA_REGS_COUNT; i++)
		cr_assert_eq(r.x[i], 0);
}

Test(conf_version, compatible_request_answers_own_version_and_records_callers)
{
	bool locked = true;

	cr_assert_eq(fx_version(&F, VM, FFA_VERSION_1_1), FFA_VERSION_1_2);
	cr_assert_eq(ep_version(VM, &locked), FFA_VERSION_1_1);
	cr_assert_not(locked);
}

Test(conf_version, other_major_is_refused_with_not_supported)
{
	cr_assert_eq(fx_version(&F, VM, FFA_VERSION_MAKE(2, 0)), FFA_VERSION_NOT_SUPPORTED);
	cr_assert_eq(ep_version(VM, NULL), FFA_VERSION_1_0);
}

Test(conf_version, higher_minor_is_refused_with_not_supported)
{
	cr_assert_eq(fx_version(&F, VM, FFA_VERSION_1_3), FFA_VERSION_NOT_SUPPORTED);
	cr_assert_eq(ep_version(VM, NULL), FFA_VERSION_1_0);
}

Test(conf_version, last_request_before_lock_in_decides)
{
	cr_assert_eq(fx_version(&F, VM, FFA_VERSION_1_2), FFA_VERSION_1_2);
	cr_assert_eq(fx_version(&F, VM, FFA_VERSION_1_0), FFA_VERSION_1_2);
	cr_assert_eq(fx_version(&F, VM, FFA_VERSION_1_1), FFA_VERSION_1_2);
	cr_assert_eq(ep_version(VM, NULL), FFA_VERSION_1_1);
}

Test(conf_version, refused_request_keeps_the_earlier_version)
{
	cr_assert_eq(fx_version(&F, VM, FFA_VERSION_1_1), FFA_VERSION_1_2);
	cr_assert_eq(fx_version(&F, VM, FFA_VERSION_MAKE(2, 0)), FFA_VERSION_NOT_SUPPORTED);
	cr_assert_eq(ep_version(VM, NULL), FFA_VERSION_1_1);
}

Test(conf_version, different_version_after_lock_in_is_not_supported)
{
	bool locked = false;

	fx_version(&F, VM, FFA_VERSION_1_2);
	assert_ffa_success(fx_call(&F, VM, FRAME(FFA_ID_GET_32)));
	cr_assert_eq(fx_version(&F, VM, FFA_VERSION_1_1), FFA_VERSION_NOT_SUPPORTED);
	cr_assert_eq(ep_version(VM, &locked), FFA_VERSION_1_2);
	cr_assert(locked);
}

Test(conf_version, same_version_after_lock_in_is_answered_normally)
{
	fx_version(&F, VM, FFA_VERSION_1_1);
	assert_ffa_success(fx_call(&F, VM, FRAME(FFA_ID_GET_32)));
	cr_assert_eq(fx_version(&F, VM, FFA_VERSION_1_1), FFA_VERSION_1_2);
}

Test(conf_version, an_erroring_call_locks_in_too)
{
	fx_version(&F, VM, FFA_VERSION_1_2);
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_RX_RELEASE_32)), FFA_ERR_INVALID_PARAMETERS);
	cr_assert_eq(fx_version(&F, VM, FFA_VERSION_1_1), FFA_VERSION_NOT_SUPPORTED);
}

Test(conf_version, lock_in_is_per_endpoint)
{
	fx_version(&F, VM, FFA_VERSION_1_2);
	fx_call(&F, VM, FRAME(FFA_ID_GET_32));
	cr_assert_eq(fx_version(&F, HYP, FFA_VERSION_1_1), FFA_VERSION_1_2);
	cr_assert_eq(ep_version(HYP, NULL), FFA_VERSION_1_1);
}

Test(conf_version, non_ffa_function_is_smccc_unknown_and_does_not_lock)
{
	/* SMCCC_VERSION probing (EDK2, known-bugs 4) is not an FF-A call. */
	struct ffa_regs r = fx_call(&F, VM, FRAME(0x80000000u));

	cr_assert_eq(r.x[0], 0xFFFFFFFFu);
	cr_assert_eq(fx_version(&F, VM, FFA_VERSION_1_2), FFA_VERSION_1_2);
	cr_assert_eq(ep_version(VM, NULL), FFA_VERSION_1_2);
}

TestSuite(conf_version_quirks, .fini = fx_teardown);

Test(conf_version_quirks, tfa_answers_refusal_with_own_version_recording_nothing)
{
	setup_profile(FFA_SIM_PROFILE_TFA_EL3_SPMC);
	cr_assert_eq(fx_version(&F, VM, FFA_VERSION_MAKE(2, 0)), FFA_VERSION_1_2);
	cr_assert_eq(ep_version(VM, NULL), FFA_VERSION_1_0);
}

Test(conf_version_quirks, tfa_answers_relock_with_the_negotiated_version)
{
	setup_profile(FFA_SIM_PROFILE_TFA_EL3_SPMC);
	fx_version(&F, VM, FFA_VERSION_1_1);
	fx_call(&F, VM, FRAME(FFA_ID_GET_32));
	cr_assert_eq(fx_version(&F, VM, FFA_VERSION_1_2), FFA_VERSION_1_1);
	cr_assert_eq(ep_version(VM, NULL), FFA_VERSION_1_1);
}

Test(conf_version_quirks, optee_lets_the_last_version_decide_after_lock_in)
{
	struct ffa_regs r;

	setup_profile(FFA_SIM_PROFILE_OPTEE);
	fx_version(&F, HYP, FFA_VERSION_1_2);
	assert_ffa_success(fx_map(&F, HYP));
	cr_assert_eq(fx_version(&F, HYP, FFA_VERSION_1_0), FFA_VERSION_1_2);
	r = fx_call(&F, HYP, FRAME(FFA_PARTITION_INFO_GET_32));
	assert_ffa_success(r);
	cr_assert_eq(r.x[3], FFA_PARTITION_INFO_SIZE_V1_0); /* v1.0 layouts now */
}

/* ---- FFA_FEATURES ---------------------------------------------------------- */

TestSuite(conf_features, .init = fx_setup, .fini = fx_teardown);

static struct ffa_regs features(uint16_t ep, uint32_t id, uint32_t w2)
{
	return fx_call(&F, ep, FRAME(FFA_FEATURES_32, id, w2));
}

/* features() that must succeed; the answer (w2/w3: the properties). */
static struct ffa_regs feature_ok(uint16_t ep, uint32_t id, uint32_t w2)
{
	struct ffa_regs r = features(ep, id, w2);

	assert_ffa_success(r);
	return r;
}

/* HYP, VM and EXT negotiate these versions (0: that one does not). */
static void at_versions(uint32_t hyp, uint32_t vm, uint32_t ext)
{
	const uint16_t ep[] = { HYP, VM, EXT };
	const uint32_t v[] = { hyp, vm, ext };

	for (size_t i = 0; i < ARRAY_LEN(ep); i++)
		if (v[i])
			fx_version(&F, ep[i], v[i]);
}

Test(conf_features, mandatory_abis_reported_to_a_v1_0_caller)
{
	static const uint32_t mandatory[] = {
		FFA_ERROR_32,       FFA_SUCCESS_32,           FFA_INTERRUPT_32, FFA_VERSION_32,
		FFA_FEATURES_32,    FFA_RX_RELEASE_32,        FFA_RXTX_MAP_32,  FFA_RXTX_MAP_64,
		FFA_RXTX_UNMAP_32,  FFA_PARTITION_INFO_GET_32, FFA_ID_GET_32,
	};

	fx_version(&F, VM, FFA_VERSION_1_0);
	for (size_t i = 0; i < ARRAY_LEN(mandatory); i++)
		assert_ffa_success(features(VM, mandatory[i], 0));
}

Test(conf_features, later_abis_not_supported_below_their_version)
{
	fx_version(&F, VM, FFA_VERSION_1_0);
	assert_ffa_error(features(VM, FFA_MSG_SEND2_32, 0), FFA_ERR_NOT_SUPPORTED);
	assert_ffa_error(features(VM, FFA_NOTIFICATION_BIND_32, 0), FFA_ERR_NOT_SUPPORTED);
	assert_ffa_error(features(VM, FFA_SPM_ID_GET_32, 0), FFA_ERR_NOT_SUPPORTED);
	fx_version(&F, HYP, FFA_VERSION_1_1);
	assert_ffa_success(features(HYP, FFA_MSG_SEND2_32, 0));
	assert_ffa_error(features(HYP, FFA_MSG_SEND_DIRECT_REQ2_64, 0), FFA_ERR_NOT_SUPPORTED);
	assert_ffa_error(features(HYP, FFA_PARTITION_INFO_GET_REGS_64, 0), FFA_ERR_NOT_SUPPORTED);
}

Test(conf_features, width_that_does_not_exist_is_not_supported)
{
	fx_version(&F, HYP, FFA_VERSION_1_2);
	assert_ffa_error(features(HYP, FFA_FID64(0x69), 0), FFA_ERR_NOT_SUPPORTED); /* ID_GET_64 */
	assert_ffa_error(features(HYP, FFA_FID32(0x8D), 0), FFA_ERR_NOT_SUPPORTED); /* REQ2_32 */
	assert_ffa_success(features(HYP, FFA_MSG_SEND_DIRECT_REQ2_64, 0));
}

Test(conf_features, role_restricted_abis_reported_only_to_their_role)
{
	at_versions(FFA_VERSION_1_2, FFA_VERSION_1_2, FFA_VERSION_1_2);
	/* Hypervisor only. */
	assert_ffa_success(features(HYP, FFA_RX_ACQUIRE_32, 0));
	assert_ffa_error(features(VM, FFA_RX_ACQUIRE_32, 0), FFA_ERR_NOT_SUPPORTED);
	assert_ffa_error(features(EXT, FFA_NOTIFICATION_BITMAP_CREATE_32, 0), FFA_ERR_NOT_SUPPORTED);
	assert_ffa_success(features(HYP, FFA_NOTIFICATION_INFO_GET_64, 0));
	assert_ffa_error(features(VM, FFA_NOTIFICATION_INFO_GET_64, 0), FFA_ERR_NOT_SUPPORTED);
	/* Partitions only. */
	assert_ffa_success(features(EXT, FFA_MSG_WAIT_32, 0));
	assert_ffa_error(features(HYP, FFA_MSG_WAIT_32, 0), FFA_ERR_NOT_SUPPORTED);
	assert_ffa_success(features(EXT, FFA_YIELD_32, 0));
	assert_ffa_error(features(VM, FFA_YIELD_32, 0), FFA_ERR_NOT_SUPPORTED);
	assert_ffa_success(features(EXT, FFA_MSG_SEND_DIRECT_RESP2_64, 0));
	assert_ffa_error(features(VM, FFA_MSG_SEND_DIRECT_RESP_32, 0), FFA_ERR_NOT_SUPPORTED);
}

Test(conf_features, memory_abis_and_properties)
{
	at_versions(FFA_VERSION_1_2, FFA_VERSION_1_0, FFA_VERSION_1_1);
	/* no dynamically allocated buffers */
	cr_assert_eq(feature_ok(HYP, FFA_MEM_SHARE_64, 0).x[2], 0);
	assert_ffa_success(features(HYP, FFA_MEM_FRAG_TX_32, 0));
	assert_ffa_error(features(HYP, FFA_MEM_OP_PAUSE_32, 0), FFA_ERR_NOT_SUPPORTED);
	assert_ffa_error(features(HYP, FFA_MEM_RETRIEVE_RESP_32, 0), FFA_ERR_NOT_SUPPORTED);
	/* RETRIEVE_REQ: NS bit handled from v1.1; input bit 1 optional for
	 * the normal world, required of v1.1+ partitions, unknown at v1.0. */
	cr_assert_eq(feature_ok(HYP, FFA_MEM_RETRIEVE_REQ_64, 0).x[2], 2);
	assert_ffa_success(features(HYP, FFA_MEM_RETRIEVE_REQ_64, 2));
	assert_ffa_error(features(HYP, FFA_MEM_RETRIEVE_REQ_64, 1), FFA_ERR_NOT_SUPPORTED);
	assert_ffa_error(features(EXT, FFA_MEM_RETRIEVE_REQ_32, 0), FFA_ERR_NOT_SUPPORTED);
	assert_ffa_success(features(EXT, FFA_MEM_RETRIEVE_REQ_32, 2));
	cr_assert_eq(feature_ok(VM, FFA_MEM_RETRIEVE_REQ_32, 0).x[2], 0);
	assert_ffa_error(features(VM, FFA_MEM_RETRIEVE_REQ_32, 2), FFA_ERR_NOT_SUPPORTED);
}

Test(conf_features, rxtx_map_reports_granule_and_v1_2_maximum)
{
	struct ffa_regs r;

	fx_version(&F, HYP, FFA_VERSION_1_2);
	r = feature_ok(HYP, FFA_RXTX_MAP_64, 0);
	cr_assert_eq(r.x[2], 0x003F0000u); /* 4 KiB, at most 63 pages */
	cr_assert_eq(r.x[3], 0);
	fx_version(&F, VM, FFA_VERSION_1_1);
	cr_assert_eq(feature_ok(VM, FFA_RXTX_MAP_32, 0).x[2], 0); /* bits [31:2] MBZ before v1.2 */
}

Test(conf_features, rxtx_map_granule_codes)
{
	static const struct {
		uint32_t pages, code;
	} t[] = { { 4, 2 }, { 16, 1 } };

	fx_teardown();
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		fx_config(&F);
		F.cfg.rxtx_min_pages = t[i].pages;
		F.cfg.rxtx_max_pages = 32;
		fx_create(&F);
		fx_version(&F, HYP, FFA_VERSION_1_2);
		cr_assert_eq(feature_ok(HYP, FFA_RXTX_MAP_32, 0).x[2], t[i].code | (32u << 16),
			     "minimum %u pages", t[i].pages);
		fx_destroy(&F);
	}
	fx_setup();
}

Test(conf_features, sri_reported_to_the_scheduler_only)
{
	at_versions(FFA_VERSION_1_1, FFA_VERSION_1_1, FFA_VERSION_1_1);
	cr_assert_eq(feature_ok(HYP, FFA_FEATURE_SRI, 0).x[2], 8);
	assert_ffa_error(features(VM, FFA_FEATURE_SRI, 0), FFA_ERR_NOT_SUPPORTED);
	assert_ffa_error(features(EXT, FFA_FEATURE_SRI, 0), FFA_ERR_NOT_SUPPORTED);
}

Test(conf_features, npi_reported_to_partitions_only)
{
	at_versions(FFA_VERSION_1_1, 0, FFA_VERSION_1_1);
	cr_assert_eq(feature_ok(EXT, FFA_FEATURE_NPI, 0).x[2], 5);
	assert_ffa_error(features(HYP, FFA_FEATURE_NPI, 0), FFA_ERR_NOT_SUPPORTED);
}

Test(conf_features, interrupt_features_need_v1_1)
{
	fx_version(&F, HYP, FFA_VERSION_1_0);
	assert_ffa_error(features(HYP, FFA_FEATURE_SRI, 0), FFA_ERR_NOT_SUPPORTED);
}

Test(conf_features, mei_and_unknown_feature_ids_not_supported)
{
	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_error(features(EXT, FFA_FEATURE_MEI, 0), FFA_ERR_NOT_SUPPORTED);
	assert_ffa_error(features(EXT, 0, 0), FFA_ERR_NOT_SUPPORTED);
	assert_ffa_error(features(EXT, 4, 0), FFA_ERR_NOT_SUPPORTED);
	assert_ffa_error(features(EXT, 0x101, 0), FFA_ERR_NOT_SUPPORTED); /* bits [30:8] */
}

Test(conf_features, malformed_query_is_not_supported)
{
	fx_version(&F, HYP, FFA_VERSION_1_2);
	assert_ffa_error(features(HYP, FFA_ID_GET_32, 1), FFA_ERR_NOT_SUPPORTED);
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_FEATURES_32, FFA_ID_GET_32, 0, 1)),
			 FFA_ERR_NOT_SUPPORTED);
	assert_ffa_error(features(HYP, 0x84000000u | 0x20000u | 0x69u, 0), FFA_ERR_NOT_SUPPORTED);
	assert_ffa_error(features(HYP, 0x85000069u, 0), FFA_ERR_NOT_SUPPORTED); /* other OEN */
}

Test(conf_features, sve_hint_bit_is_ignored)
{
	fx_version(&F, HYP, FFA_VERSION_1_2);
	assert_ffa_success(features(HYP, FFA_ID_GET_32 | FFA_FID_SVE_HINT_BIT, 0));
	assert_ffa_success(fx_call(&F, HYP, FRAME(FFA_ID_GET_32 | FFA_FID_SVE_HINT_BIT)));
}

/*
 * FEATURES says NOT_SUPPORTED for exactly the function IDs the call itself
 * answers NOT_SUPPORTED, for every function number, both widths, and
 * callers of every role and version (known-bugs.md 39). Frames are all
 * zero, so no call changes state (none can succeed with zero arguments
 * except ID queries and INFO_GET, which are harmless).
 */
static void features_consistent(uint16_t ep, uint32_t version)
{
	cr_assert_eq(fx_version(&F, ep, version), FFA_VERSION_1_2);
	for (uint32_t fn = 0x60; fn <= 0x9F; fn++) {
		for (int w = 0; w < 2; w++) {
			uint32_t fid = w ? FFA_FID64(fn) : FFA_FID32(fn);
			struct ffa_regs f, c;
			bool f_ns, c_ns;

			/* VERSION answers in w0, FEATURES(0) is about feature 0,
			 * MSG_WAIT would block. */
			if (fn == 0x63 || fn == 0x64 || fn == 0x6B)
				continue;
			/* A v1.1+ partition must tell it handles the NS bit
			 * when asking about MEM_RETRIEVE_REQ (ffa-abi.md 6.2). */
			f = features(ep, fid,
				     fn == 0x74 && (ep & 0x8000u) && version >= FFA_VERSION_1_1
					     ? FFA_FEATURES_RETRIEVE_IN_NS_BIT
					     : 0);
			c = fx_call(&F, ep, FRAME(fid));
			f_ns = (uint32_t)f.x[0] == FFA_ERROR_32;
			if (f_ns)
				cr_assert_eq((uint32_t)f.x[2], (uint32_t)FFA_ERR_NOT_SUPPORTED);
			c_ns = (uint32_t)c.x[0] == FFA_ERROR_32 &&
			       (int32_t)(uint32_t)c.x[2] == FFA_ERR_NOT_SUPPORTED;
			cr_assert_eq(f_ns, c_ns, "ep 0x%04x v%u.%u fid 0x%08x: FEATURES %s, call %s",
				     ep, FFA_VERSION_MAJOR(version), FFA_VERSION_MINOR(version), fid,
				     f_ns ? "NOT_SUPPORTED" : "SUCCESS",
				     c_ns ? "NOT_SUPPORTED" : "answered");
		}
	}
}

Test(conf_features, consistent_with_calls_for_the_hypervisor_at_v1_2)
{
	features_consistent(HYP, FFA_VERSION_1_2);
}

Test(conf_features, consistent_with_calls_for_a_vm_at_v1_1)
{
	features_consistent(VM, FFA_VERSION_1_1);
}

Test(conf_features, consistent_with_calls_for_a_partition_at_v1_2)
{
	features_consistent(EXT, FFA_VERSION_1_2);
}

Test(conf_features, consistent_with_calls_for_a_partition_at_v1_0)
{
	features_consistent(EXT, FFA_VERSION_1_0);
}

/* ---- IDs, common rules ------------------------------------------------------- */

TestSuite(conf_ids, .init = fx_setup, .fini = fx_teardown);

Test(conf_ids, id_get_answers_each_callers_own_id)
{
	static const uint16_t eps[] = { HYP, VM, EXT };

	for (size_t i = 0; i < ARRAY_LEN(eps); i++) {
		struct ffa_regs r = fx_call(&F, eps[i], FRAME(FFA_ID_GET_32));

		cr_assert_eq(r.x[0], FFA_SUCCESS_32);
		cr_assert_eq(r.x[2], eps[i]);
	}
}

Test(conf_ids, spm_id_get_answers_the_spmc_id)
{
	struct ffa_regs r;

	fx_version(&F, VM, FFA_VERSION_1_1);
	r = fx_call(&F, VM, FRAME(FFA_SPM_ID_GET_32));
	cr_assert_eq(r.x[0], FFA_SUCCESS_32);
	cr_assert_eq(r.x[2], SPMC);
}

Test(conf_ids, spm_id_get_at_v1_0_is_not_supported)
{
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_SPM_ID_GET_32)), FFA_ERR_NOT_SUPPORTED);
}

Test(conf_ids, configured_spmc_id)
{
	struct ffa_regs r;

	fx_teardown();
	fx_config(&F);
	F.cfg.spmc_id = 0x8FF0;
	fx_create(&F);
	fx_version(&F, VM, FFA_VERSION_1_2);
	r = fx_call(&F, VM, FRAME(FFA_SPM_ID_GET_32));
	cr_assert_eq(r.x[2], 0x8FF0);
}

Test(conf_ids, unused_register_nonzero_is_invalid_parameters)
{
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_ID_GET_32, 0, 0, 0, 0, 0, 0, 1)),
			 FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_ids, smc32_ignores_upper_register_halves)
{
	struct ffa_regs r = fx_call(&F, VM, FRAME(0xFFFFFFFF00000000ull | FFA_ID_GET_32,
						  0xABCD000000000000ull));

	cr_assert_eq(r.x[0], FFA_SUCCESS_32);
	cr_assert_eq(r.x[2], VM);
}

Test(conf_ids, smc64_x8_to_x17_mbz_for_v1_2_callers)
{
	struct ffa_regs in = FRAME(FFA_RXTX_MAP_64);

	fx_version(&F, VM, FFA_VERSION_1_2);
	in.x[1] = pa_of(fx_tx(&F, VM));
	in.x[2] = pa_of(fx_rx(&F, VM));
	in.x[3] = 1;
	in.x[9] = 1;
	assert_ffa_error(fx_call(&F, VM, in), FFA_ERR_INVALID_PARAMETERS);
	in.x[9] = 0;
	assert_ffa_success(fx_call(&F, VM, in));
}

Test(conf_ids, unknown_ffa_function_is_not_supported)
{
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_FID32(0x91))), FFA_ERR_NOT_SUPPORTED);
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_FID32(0xFF))), FFA_ERR_NOT_SUPPORTED);
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_MSG_POLL_32)), FFA_ERR_NOT_SUPPORTED);
}

Test(conf_ids, answers_are_not_calls)
{
	static const uint32_t fids[] = { FFA_ERROR_32, FFA_SUCCESS_32, FFA_SUCCESS_64,
					 FFA_INTERRUPT_32 };

	for (size_t i = 0; i < ARRAY_LEN(fids); i++)
		assert_ffa_error(fx_call(&F, HYP, FRAME(fids[i])), FFA_ERR_DENIED);
}

TestSuite(conf_ids_quirks, .fini = fx_teardown);

Test(conf_ids_quirks, lenient_mbz_ignores_unused_registers)
{
	fx_config(&F);
	F.cfg.quirks.lenient_mbz = true;
	fx_create(&F);
	assert_ffa_success(fx_call(&F, VM, FRAME(FFA_ID_GET_32, 0, 0, 0, 0, 0, 0, 1)));
}

Test(conf_ids_quirks, errors_sign_extended_like_tfa)
{
	struct ffa_regs r;

	setup_profile(FFA_SIM_PROFILE_TFA_EL3_SPMC);
	r = fx_call(&F, VM, FRAME(FFA_RX_RELEASE_32));
	cr_assert_eq(r.x[0], FFA_ERROR_32);
	cr_assert_eq(r.x[2], 0xFFFFFFFFFFFFFFFEull);
}

/* ---- FFA_CONSOLE_LOG ------------------------------------------------------------ */

static char console_text[160];
static size_t console_len;

static void console_hook(void *arg, uint16_t ep, const char *text, size_t len)
{
	(void)arg;
	cr_assert_eq(ep, EXT);
	memcpy(console_text, text, len);
	console_len = len;
}

static void setup_console(void)
{
	fx_config(&F);
	F.cfg.host.console = console_hook;
	fx_create(&F);
	console_len = 0;
}

TestSuite(conf_console, .init = setup_console, .fini = fx_teardown);

Test(conf_console, characters_packed_little_endian)
{
	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_success(fx_call(&F, EXT, FRAME(FFA_CONSOLE_LOG_32, 6, 0x6C6C6568u, 0x0A6Fu)));
	cr_assert_eq(console_len, 6);
	cr_assert_arr_eq(console_text, "hello\n", 6);
}

Test(conf_console, v1_2_smc64_carries_128_characters)
{
	struct ffa_regs in = FRAME(FFA_CONSOLE_LOG_64, 128);

	fx_version(&F, EXT, FFA_VERSION_1_2);
	for (unsigned int i = 2; i < FFA_REGS_COUNT; i++)
		in.x[i] = 0x4141414141414141ull;
	assert_ffa_success(fx_call(&F, EXT, in));
	cr_assert_eq(console_len, 128);
	in.x[1] = 129;
	assert_ffa_error(fx_call(&F, EXT, in), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_console, zero_or_too_many_characters_invalid)
{
	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_error(fx_call(&F, EXT, FRAME(FFA_CONSOLE_LOG_32, 0)), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(fx_call(&F, EXT, FRAME(FFA_CONSOLE_LOG_32, 25)),
			 FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(fx_call(&F, EXT, FRAME(FFA_CONSOLE_LOG_32, 0x106)),
			 FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_console, normal_world_not_supported)
{
	fx_version(&F, HYP, FFA_VERSION_1_2);
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_CONSOLE_LOG_32, 1, 'x')), FFA_ERR_NOT_SUPPORTED);
}
