/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Regression tests for the bug classes of ../shared/spec/known-bugs.md that
 * touch the simulator core, one per class, named after it. (Memory classes
 * 15-20, 23-26, 40 belong to the memory handlers.)
 */
#include "sim_test.h"

TestSuite(sim, .init = fx_setup, .fini = fx_teardown);

#define IDS(hi, lo) (((uint32_t)(hi) << 16) | (uint32_t)(lo))

Test(sim, known_bug_1_version_refusal_is_w0_all_ones_32_bit)
{
	struct ffa_regs r = fx_call(&F, VM, FRAME(FFA_VERSION_32, FFA_VERSION_MAKE(2, 0)));
	struct ffa_ctx *c = fx_ctx(&F, 0, HYP);

	cr_assert_eq(r.x[0], 0xFFFFFFFFull); /* NOT_SUPPORTED, not a huge version */
	assert_rc(ffa_version(c, FFA_VERSION_1_2, NULL), 0);
	fx_teardown();
	fx_config(&F);
	F.cfg.version = FFA_VERSION_1_0;
	F.eps[5].version = 0; /* A32 speaks the simulator's version */
	fx_create(&F);
	c = fx_ctx(&F, 0, HYP);
	assert_rc(ffa_version(c, FFA_VERSION_1_1, NULL), FFA_ERR_NOT_SUPPORTED);
}

Test(sim, known_bug_2_lower_minor_gets_callee_version_and_its_own_layouts)
{
	struct ffa_regs r;

	cr_assert_eq(fx_version(&F, VM, FFA_VERSION_1_1), FFA_VERSION_1_2);
	assert_ffa_success(fx_map(&F, VM));
	r = fx_call(&F, VM, FRAME(FFA_PARTITION_INFO_GET_32));
	cr_assert_eq(r.x[3], 24);
	cr_assert_eq(r.x[2], 5); /* not the v1.2 one-per-UUID list */
}

Test(sim, known_bug_3_any_call_before_version_locks_v1_0)
{
	fx_call(&F, HYP, FRAME(FFA_ID_GET_32));
	cr_assert_eq(fx_version(&F, HYP, FFA_VERSION_1_2), FFA_VERSION_NOT_SUPPORTED);
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_SPM_ID_GET_32)), FFA_ERR_NOT_SUPPORTED);
	/* The hypervisor must negotiate before BITMAP_CREATE (Hafnium 4b6d88d5). */
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_BITMAP_CREATE_32, VM, 1)),
			 FFA_ERR_NOT_SUPPORTED);
}

Test(sim, known_bug_4_smccc_probe_is_not_an_ffa_call)
{
	cr_assert_eq(fx_call(&F, VM, FRAME(0x80000000u)).x[0], 0xFFFFFFFFull);
	cr_assert_eq(fx_call(&F, VM, FRAME(0xC2000000u)).x[0], 0xFFFFFFFFull);
	cr_assert_eq(fx_version(&F, VM, FFA_VERSION_1_2), FFA_VERSION_1_2);
}

Test(sim, known_bug_5_bitmap_low_half_in_w3_high_half_in_w4)
{
	struct ffa_regs r;

	fx_version(&F, HYP, FFA_VERSION_1_1);
	fx_version(&F, EXT, FFA_VERSION_1_1);
	assert_ffa_success(fx_call(&F, EXT, FRAME(FFA_NOTIFICATION_BIND_32, IDS(HYP, EXT), 0,
						  0x1, 0x1)));
	assert_ffa_success(fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_SET_32, IDS(HYP, EXT), 0, 0,
						  0x1))); /* bit 32 only */
	r = fx_call(&F, EXT, FRAME(FFA_NOTIFICATION_GET_32, EXT, 0x2));
	cr_assert_eq(r.x[4], 0);
	cr_assert_eq(r.x[5], 1);
}

Test(sim, known_bug_6_id_halves_per_abi)
{
	fx_version(&F, HYP, FFA_VERSION_1_1);
	fx_version(&F, EXT, FFA_VERSION_1_1);
	/* BIND: sender high, receiver (the caller) low; swapped is refused. */
	assert_ffa_error(fx_call(&F, EXT, FRAME(FFA_NOTIFICATION_BIND_32, IDS(EXT, HYP), 0, 1)),
			 FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_success(fx_call(&F, EXT, FRAME(FFA_NOTIFICATION_BIND_32, IDS(HYP, EXT), 0, 1)));
	/* SET: sender (the caller) high. */
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_SET_32, IDS(EXT, HYP), 0, 1)),
			 FFA_ERR_INVALID_PARAMETERS);
	/* GET: vCPU high, receiver low. */
	assert_ffa_error(fx_call(&F, EXT, FRAME(FFA_NOTIFICATION_GET_32, IDS(EXT, 0), 0x1)),
			 FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_success(fx_call(&F, EXT, FRAME(FFA_NOTIFICATION_GET_32, IDS(1, EXT), 0x1)));
}

Test(sim, known_bug_7_error_code_in_w2_zero_extended)
{
	struct ffa_regs r = fx_call(&F, VM, FRAME(FFA_RX_RELEASE_32));

	cr_assert_eq(r.x[0], FFA_ERROR_32);
	cr_assert_eq(r.x[1], 0);
	cr_assert_eq(r.x[2], 0xFFFFFFFEull);
	for (unsigned int i = 3; i < FFA_REGS_COUNT; i++)
		cr_assert_eq(r.x[i], 0);
}

Test(sim, known_bug_9_answer_width_follows_the_request)
{
	struct ffa_regs in2 = FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, ECHO);

	fx_version(&F, HYP, FFA_VERSION_1_2);
	cr_assert_eq(fx_call(&F, HYP, FRAME(FFA_MSG_SEND_DIRECT_REQ_32, ECHO)).x[0],
		     FFA_MSG_SEND_DIRECT_RESP_32);
	cr_assert_eq(fx_call(&F, HYP, FRAME(FFA_MSG_SEND_DIRECT_REQ_64, ECHO)).x[0],
		     FFA_MSG_SEND_DIRECT_RESP_64);
	cr_assert_eq(fx_call(&F, HYP, in2).x[0], FFA_MSG_SEND_DIRECT_RESP2_64);
	/* SMC32: upper register halves are not part of the call. */
	cr_assert_eq(fx_call(&F, HYP, FRAME(FFA_MSG_SEND_DIRECT_REQ_32,
					   0xFFFFFFFF00000000ull | ECHO)).x[0],
		     FFA_MSG_SEND_DIRECT_RESP_32);
}

Test(sim, known_bug_10_mbz_registers_refused)
{
	uint8_t *m = fx_mem(&F, VM);

	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_RXTX_MAP_64, pa_of(m), pa_of(m + 65536), 1, 0,
					       1)),
			 FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_success(fx_map(&F, VM));
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_RX_RELEASE_32, VM)), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_RXTX_UNMAP_32, IDS(VM, 0))),
			 FFA_ERR_INVALID_PARAMETERS);
}

Test(sim, known_bug_11_uuid_registers_little_endian_words)
{
	/* ffa-abi.md 7.2: c66028b5-2498-4aa1-9de7-77da6122abf0 travels as
	 * x2 = 0xa14a9824b52860c6, x3 = 0xf0ab2261da77e79d. */
	static const struct ffa_uuid virtio = { { 0xc6, 0x60, 0x28, 0xb5, 0x24, 0x98, 0x4a, 0xa1,
						  0x9d, 0xe7, 0x77, 0xda, 0x61, 0x22, 0xab,
						  0xf0 } };
	struct ffa_regs r;

	fx_teardown();
	fx_config(&F);
	F.echo_uuids[1] = virtio;
	fx_create(&F);
	fx_version(&F, HYP, FFA_VERSION_1_2);
	r = fx_call(&F, HYP, FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, ECHO, 0xa14a9824b52860c6ull,
				   0xf0ab2261da77e79dull));
	cr_assert_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP2_64);
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, ECHO,
						0xb52860c6a14a9824ull, 0xda77e79df0ab2261ull)),
			 FFA_ERR_INVALID_PARAMETERS);
	r = fx_call(&F, HYP, FRAME(FFA_PARTITION_INFO_GET_REGS_64, 0xa14a9824b52860c6ull,
				   0xf0ab2261da77e79dull));
	cr_assert_eq(r.x[0], FFA_SUCCESS_64);
	cr_assert_eq(r.x[3] & 0xFFFF, ECHO);
	r = fx_call(&F, HYP, FRAME(FFA_PARTITION_INFO_GET_32, 0xb52860c6u, 0xa14a9824u,
				   0xda77e79du, 0xf0ab2261u, 1));
	cr_assert_eq(r.x[2], 1);
}

Test(sim, known_bug_12_ids_with_bit_15_packed_without_overflow)
{
	struct ffa_regs r;

	fx_version(&F, HYP, FFA_VERSION_1_2);
	fx_ext_serving(&F, HYP, FFA_VERSION_1_2);
	r = fx_call(&F, EXT, FRAME(FFA_MSG_SEND_DIRECT_REQ_32, IDS(EXT, ECHO)));
	cr_assert_eq(r.x[1], 0x80018003ull);
}

Test(sim, known_bug_13_indirect_header_v1_2_has_the_reserved_word)
{
	uint8_t *tx = fx_tx(&F, HYP), *rx = fx_rx(&F, VM);

	fx_version(&F, HYP, FFA_VERSION_1_2);
	fx_version(&F, VM, FFA_VERSION_1_2);
	assert_ffa_success(fx_map(&F, HYP));
	assert_ffa_success(fx_map(&F, VM));
	memset(tx, 0, 64);
	tx[8] = 36; /* a v1.1-ish layout: UUID where the reserved word is */
	tx[12] = VM;
	tx[16] = 4;
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_MSG_SEND2_32)), FFA_ERR_INVALID_PARAMETERS);
	tx[8] = 40;
	tx[24] = 0xAB;
	assert_ffa_success(fx_call(&F, HYP, FRAME(FFA_MSG_SEND2_32)));
	cr_assert_eq(rx[20] | rx[21] | rx[22] | rx[23], 0);
	cr_assert_eq(rx[24], 0xAB);
	cr_assert_eq(rx[8], 40);
}

Test(sim, known_bug_14_descriptor_size_per_version_and_nil_uuid_when_named)
{
	static const uint32_t v[] = { FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2 };
	static const uint32_t size[] = { 8, 24, 24 };
	uint32_t w[4];

	for (size_t i = 0; i < ARRAY_LEN(v); i++) {
		struct ffa_regs r;

		fx_teardown();
		fx_setup();
		fx_version(&F, VM, v[i]);
		assert_ffa_success(fx_map(&F, VM));
		r = fx_call(&F, VM, FRAME(FFA_PARTITION_INFO_GET_32));
		cr_assert_eq(r.x[3], size[i]);
	}
	ffa_uuid_to_regs32(&NOTI_UUID, w);
	fx_call(&F, VM, FRAME(FFA_RX_RELEASE_32));
	assert_ffa_success(fx_call(&F, VM, FRAME(FFA_PARTITION_INFO_GET_32, w[0], w[1], w[2], w[3])));
	for (unsigned int i = 8; i < 24; i++)
		cr_assert_eq(fx_rx(&F, VM)[i], 0);
}

Test(sim, known_bug_21_regs_indices_stay_within_the_list)
{
	static struct ffa_sim_endpoint_config eps[14];
	static struct ffa_uuid u[14];
	uint32_t start = 0, tag = 0, seen = 0;

	fx_teardown();
	fx_config_many(&F, eps, u, ARRAY_LEN(eps));
	fx_create(&F);
	fx_version(&F, VM, FFA_VERSION_1_2);
	for (;;) {
		struct ffa_regs r = fx_call(&F, VM, FRAME(FFA_PARTITION_INFO_GET_REGS_64, 0, 0,
							  start | tag << 16));
		uint32_t last = r.x[2] & 0xFFFF, cur = (r.x[2] >> 16) & 0xFFFF;

		cr_assert_eq(r.x[0], FFA_SUCCESS_64);
		cr_assert_eq(last, 12);
		cr_assert(cur >= start && cur <= last && cur - start < 5);
		for (uint32_t i = start; i <= cur; i++)
			cr_assert_eq(r.x[3 + 3 * (i - start)] & 0xFFFF, 0x8101 + i);
		seen += cur - start + 1;
		if (cur == last)
			break;
		start = cur + 1;
		tag = (r.x[2] >> 32) & 0xFFFF;
	}
	cr_assert_eq(seen, 13);
}

Test(sim, known_bug_27_release_of_a_buffer_not_owned_denied)
{
	assert_ffa_success(fx_map(&F, VM));
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_RX_RELEASE_32)), FFA_ERR_DENIED);
	assert_ffa_success(fx_call(&F, VM, FRAME(FFA_PARTITION_INFO_GET_32)));
	assert_ffa_success(fx_call(&F, VM, FRAME(FFA_RX_RELEASE_32)));
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_RX_RELEASE_32)), FFA_ERR_DENIED);
}

Test(sim, known_bug_28_unmap_while_the_rx_buffer_is_owned)
{
	assert_ffa_success(fx_map(&F, VM));
	assert_ffa_success(fx_call(&F, VM, FRAME(FFA_PARTITION_INFO_GET_32)));
	assert_ffa_success(fx_call(&F, VM, FRAME(FFA_RXTX_UNMAP_32)));
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_RX_RELEASE_32)), FFA_ERR_INVALID_PARAMETERS);
}

Test(sim, known_bug_30_no_stale_bytes_after_an_indirect_message)
{
	uint8_t *tx = fx_tx(&F, HYP), *rx = fx_rx(&F, VM);

	fx_version(&F, HYP, FFA_VERSION_1_2);
	fx_version(&F, VM, FFA_VERSION_1_1);
	assert_ffa_success(fx_map(&F, HYP));
	assert_ffa_success(fx_map(&F, VM));
	memset(rx, 0xCC, 4096);
	memset(tx, 0, 4096);
	tx[8] = 40;
	tx[12] = VM;
	tx[16] = 3;
	memset(tx + 40, 0x77, 3);
	memset(tx + 43, 0x99, 100); /* beyond the payload: must not travel */
	assert_ffa_success(fx_call(&F, HYP, FRAME(FFA_MSG_SEND2_32)));
	for (unsigned int i = 23; i < 4096; i++)
		cr_assert_eq(rx[i], 0, "byte %u", i);
}

Test(sim, known_bug_32_buffer_size_follows_the_granule)
{
	uint8_t *m;

	fx_teardown();
	fx_config(&F);
	F.cfg.rxtx_min_pages = 16;
	fx_create(&F);
	m = fx_mem(&F, VM);
	fx_version(&F, VM, FFA_VERSION_1_2);
	cr_assert_eq(fx_call(&F, VM, FRAME(FFA_FEATURES_32, FFA_RXTX_MAP_64)).x[2] & 3, 1);
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_RXTX_MAP_64, pa_of(m), pa_of(m + 65536), 1)),
			 FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_success(fx_call(&F, VM, FRAME(FFA_RXTX_MAP_64, pa_of(m), pa_of(m + 65536), 16)));
}

Test(sim, known_bug_33_resume_whoever_the_answer_names)
{
	struct ffa_regs r;

	fx_version(&F, HYP, FFA_VERSION_1_2);
	fx_ext_serving(&F, HYP, FFA_VERSION_1_2);
	/* EXT's nested request yields: EXT, not HYP, must FFA_RUN w1's ID. */
	r = fx_call(&F, EXT, FRAME(FFA_MSG_SEND_DIRECT_REQ_32, IDS(EXT, ECHO), 0,
				   FFA_SIM_ECHO_YIELD));
	cr_assert_eq(r.x[0], FFA_YIELD_32);
	cr_assert_eq(r.x[1] >> 16, ECHO);
	cr_assert(ffa_sim_blocked(F.sim, HYP)); /* HYP still waits for EXT */
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_RUN_32, IDS(ECHO, 0))), FFA_ERR_DENIED);
	r = fx_call(&F, EXT, FRAME(FFA_RUN_32, IDS(ECHO, 0)));
	cr_assert_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	cr_assert_eq(r.x[1], IDS(ECHO, EXT));
}

Test(sim, known_bug_34_info_get_global_list_is_exactly_one_id_and_64_bit_holds_20)
{
	static struct ffa_sim_endpoint_config eps[22];
	struct ffa_regs r;

	fx_teardown();
	fx_config(&F);
	eps[0] = F.eps[0];
	for (uint16_t i = 1; i < ARRAY_LEN(eps); i++)
		eps[i] = (struct ffa_sim_endpoint_config){ .id = i, .exec_ctx_count = 1 };
	F.cfg.endpoints = eps;
	F.cfg.endpoint_count = ARRAY_LEN(eps);
	/* Only a few need memory; the rest never map buffers. */
	{
		size_t size;

		cr_assert_eq(ffa_sim_regions_init(&F.regions, F.region_tab, MAX_EPS), 0);
		cr_assert_eq(ffa_sim_storage_size(&F.cfg, &size), 0);
		F.storage = aligned_alloc(16, (size + 15) & ~(size_t)15);
		cr_assert_eq(ffa_sim_create(&F.cfg, F.storage, size, &F.sim), 0);
	}
	fx_version(&F, HYP, FFA_VERSION_1_1);
	for (uint16_t i = 1; i < ARRAY_LEN(eps); i++) {
		fx_version(&F, i, FFA_VERSION_1_1);
		assert_ffa_success(fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_BITMAP_CREATE_32, i, 1)));
		assert_ffa_success(fx_call(&F, i, FRAME(FFA_NOTIFICATION_BIND_32, IDS(HYP, i), 0, 1)));
		assert_ffa_success(fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_SET_32, IDS(HYP, i), 0, 1)));
	}
	r = fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_INFO_GET_64));
	cr_assert_eq(r.x[0], FFA_SUCCESS_64);
	cr_assert_eq(r.x[2], 1u | 20u << 7); /* 20 global lists (sizes 0), more pending */
	cr_assert_eq(r.x[3], 0x0004000300020001ull);
	cr_assert_eq(r.x[7] >> 48, 20);
	r = fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_INFO_GET_64));
	cr_assert_eq(r.x[2], 1u << 7);
	cr_assert_eq(r.x[3], 21);
}

Test(sim, known_bug_36_sri_delay_only_at_the_secure_virtual_instance)
{
	fx_version(&F, HYP, FFA_VERSION_1_2);
	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_success(fx_call(&F, EXT, FRAME(FFA_NOTIFICATION_BIND_32, IDS(HYP, EXT), 0, 1)));
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_SET_32, IDS(HYP, EXT), 0x2, 1)),
			 FFA_ERR_INVALID_PARAMETERS);
}

Test(sim, known_bug_37_partition_serving_several_uuids)
{
	struct ffa_regs r;

	fx_version(&F, VM, FFA_VERSION_1_1);
	fx_version(&F, HYP, FFA_VERSION_1_2);
	assert_ffa_success(fx_map(&F, VM));
	assert_ffa_success(fx_map(&F, HYP));
	r = fx_call(&F, VM, FRAME(FFA_PARTITION_INFO_GET_32));
	cr_assert_eq(r.x[2], 5); /* v1.1: once per partition */
	r = fx_call(&F, HYP, FRAME(FFA_PARTITION_INFO_GET_32));
	cr_assert_eq(r.x[2], 7); /* v1.2: once per UUID */
	cr_assert_eq(fx_rx(&F, HYP)[0], fx_rx(&F, HYP)[24]); /* both ECHO */
}

Test(sim, known_bug_39_features_reports_what_works_for_the_caller)
{
	fx_version(&F, HYP, FFA_VERSION_1_1);
	fx_version(&F, VM, FFA_VERSION_1_1);
	assert_ffa_success(fx_map(&F, VM));
	/* Hafnium <= 2.14 did not report RX_ACQUIRE although it worked. */
	assert_ffa_success(fx_call(&F, HYP, FRAME(FFA_FEATURES_32, FFA_RX_ACQUIRE_32)));
	assert_ffa_success(fx_call(&F, HYP, FRAME(FFA_RX_ACQUIRE_32, VM)));
	/* Xen advertised what firmware lacked: nothing unimplemented here. */
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_FEATURES_32, FFA_MSG_SEND_32)),
			 FFA_ERR_NOT_SUPPORTED);
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_MSG_SEND_32)), FFA_ERR_NOT_SUPPORTED);
}

Test(sim, known_bug_22_console_log_count_bounded)
{
	struct ffa_regs in = FRAME(FFA_CONSOLE_LOG_64, 48);

	for (unsigned int i = 2; i < 8; i++)
		in.x[i] = 0x4242424242424242ull;
	/* A v1.1 caller has no CONSOLE_LOG (a v1.2 ABI). */
	fx_version(&F, EXT, FFA_VERSION_1_1);
	assert_ffa_error(fx_call(&F, EXT, in), FFA_ERR_NOT_SUPPORTED);
	fx_teardown();
	fx_setup();
	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_success(fx_call(&F, EXT, FRAME(FFA_CONSOLE_LOG_32, 24, 1, 1, 1, 1, 1, 1)));
	assert_ffa_success(fx_call(&F, EXT, in));
	in.x[1] = 0;
	assert_ffa_error(fx_call(&F, EXT, in), FFA_ERR_INVALID_PARAMETERS);
	in.x[1] = 0x130; /* bits above [7:0] */
	assert_ffa_error(fx_call(&F, EXT, in), FFA_ERR_INVALID_PARAMETERS);
}
