/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Conformance: notifications (ffa-abi.md 4.4, 11; real-spmc-behaviour.md
 * "Notifications"): bitmap create/destroy, bind rules (only the bound
 * sender sets, per-vCPU consistency), set/get, INFO_GET lists, the SRI,
 * and the notifier partition.
 */
#include "sim_test.h"

/* The standard fixture with HYP and VM at v1.2. */
static void setup(void)
{
	fx_setup();
	fx_version(&F, HYP, FFA_VERSION_1_2);
	fx_version(&F, VM, FFA_VERSION_1_2);
}

#define IDS(hi, lo) (((uint32_t)(hi) << 16) | (uint32_t)(lo))

static struct ffa_regs create(uint32_t vm, uint32_t vcpus)
{
	return fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_BITMAP_CREATE_32, vm, vcpus));
}

static struct ffa_regs bind(uint16_t rcv, uint16_t snd, uint32_t flags, uint64_t bm)
{
	return fx_call(&F, rcv, FRAME(FFA_NOTIFICATION_BIND_32, IDS(snd, rcv), flags, (uint32_t)bm,
				      (uint32_t)(bm >> 32)));
}

static struct ffa_regs unbind(uint16_t rcv, uint16_t snd, uint64_t bm)
{
	return fx_call(&F, rcv, FRAME(FFA_NOTIFICATION_UNBIND_32, IDS(snd, rcv), 0, (uint32_t)bm,
				      (uint32_t)(bm >> 32)));
}

static struct ffa_regs set(uint16_t snd, uint16_t rcv, uint32_t flags, uint64_t bm)
{
	return fx_call(&F, snd, FRAME(FFA_NOTIFICATION_SET_32, IDS(snd, rcv), flags, (uint32_t)bm,
				      (uint32_t)(bm >> 32)));
}

static struct ffa_regs get(uint16_t rcv, uint16_t vcpu, uint32_t flags)
{
	return fx_call(&F, rcv, FRAME(FFA_NOTIFICATION_GET_32, IDS(vcpu, rcv), flags));
}

static uint64_t sp_bits(struct ffa_regs r)
{
	return (uint64_t)(uint32_t)r.x[2] | (uint64_t)(uint32_t)r.x[3] << 32;
}

static uint64_t vm_bits(struct ffa_regs r)
{
	return (uint64_t)(uint32_t)r.x[4] | (uint64_t)(uint32_t)r.x[5] << 32;
}

/* A notifier request; returns its status word. */
static int32_t notifier(uint32_t cmd, uint16_t peer, uint64_t bm, uint32_t flags)
{
	struct ffa_regs r = fx_call(&F, HYP, FRAME(FFA_MSG_SEND_DIRECT_REQ_32, IDS(HYP, NOTI), 0,
						   cmd, peer, (uint32_t)bm, (uint32_t)(bm >> 32),
						   flags));

	cr_assert_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	return (int32_t)(uint32_t)r.x[3];
}

TestSuite(conf_notif, .init = setup, .fini = fx_teardown);

Test(conf_notif, bitmap_create_then_second_create_denied)
{
	assert_ffa_success(create(VM, 2));
	assert_ffa_error(create(VM, 2), FFA_ERR_DENIED);
}

Test(conf_notif, bitmap_create_only_by_the_hypervisor)
{
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_NOTIFICATION_BITMAP_CREATE_32, VM, 1)),
			 FFA_ERR_NOT_SUPPORTED);
}

Test(conf_notif, bitmap_create_bad_vm_or_vcpu_count_invalid)
{
	assert_ffa_error(create(NO_SUCH_VM, 1), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(create(EXT, 1), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(create(VM, 0), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(create(VM, 3), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(create(IDS(1, VM), 1), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_notif, bitmap_destroy_rules)
{
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_BITMAP_DESTROY_32, VM)),
			 FFA_ERR_DENIED);
	assert_ffa_success(create(VM, 2));
	assert_ffa_success(bind(VM, HYP, 0, 1));
	assert_ffa_success(set(HYP, VM, 0, 1));
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_BITMAP_DESTROY_32, VM)),
			 FFA_ERR_DENIED); /* pending */
	get(VM, 0, 0x2);
	assert_ffa_success(fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_BITMAP_DESTROY_32, VM)));
	assert_ffa_error(bind(VM, HYP, 0, 1), FFA_ERR_NOT_SUPPORTED);
}

Test(conf_notif, bind_ids_flags_bitmap_invalid)
{
	assert_ffa_success(create(VM, 2));
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_NOTIFICATION_BIND_32, IDS(HYP, EXT), 0, 1)),
			 FFA_ERR_INVALID_PARAMETERS); /* receiver is not the caller */
	assert_ffa_error(bind(VM, NO_SUCH_SP, 0, 1), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(bind(VM, VM, 0, 1), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(bind(VM, HYP, 2, 1), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(bind(VM, HYP, 0, 0), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_notif, bind_without_bitmap_not_supported)
{
	assert_ffa_error(bind(VM, HYP, 0, 1), FFA_ERR_NOT_SUPPORTED);
	/* A partition without notification support. */
	fx_teardown();
	fx_config(&F);
	F.eps[4].properties &= ~FFA_PART_PROP_NOTIFICATION_RECV;
	fx_create(&F);
	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_error(bind(EXT, HYP, 0, 1), FFA_ERR_NOT_SUPPORTED);
}

Test(conf_notif, bind_of_a_bound_bit_denied)
{
	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_success(bind(EXT, HYP, 0, 0x3));
	assert_ffa_error(bind(EXT, HYP, 0, 0x2), FFA_ERR_DENIED);
	assert_ffa_error(bind(EXT, VM, 0, 0x6), FFA_ERR_DENIED);
	assert_ffa_success(bind(EXT, VM, 0, 0x4));
}

Test(conf_notif, per_vcpu_binding_is_kept_consistent)
{
	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_success(bind(EXT, HYP, 1, 1ull << 40));
	/* Set the way it was bound: per-vCPU only, on an existing vCPU. */
	assert_ffa_error(set(HYP, EXT, 0, 1ull << 40), FFA_ERR_DENIED);
	assert_ffa_error(set(HYP, EXT, 1 | (2u << 16), 1ull << 40), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_success(set(HYP, EXT, 1 | (1u << 16), 1ull << 40));
	cr_assert_eq(sp_bits(get(EXT, 0, 0x3)) | vm_bits(get(EXT, 0, 0x3)), 0);
	cr_assert_eq(vm_bits(get(EXT, 1, 0x2)), 1ull << 40);
}

Test(conf_notif, set_of_unbound_notifications_denied)
{
	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_error(set(HYP, EXT, 0, 1), FFA_ERR_DENIED);
}

Test(conf_notif, set_by_a_sender_other_than_the_bound_one_denied)
{
	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_success(bind(EXT, HYP, 0, 1));
	assert_ffa_error(set(VM, EXT, 0, 1), FFA_ERR_DENIED);
	assert_ffa_success(set(HYP, EXT, 0, 1));
}

Test(conf_notif, set_field_and_flag_rules_invalid)
{
	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_success(bind(EXT, HYP, 0, 1));
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_SET_32, IDS(VM, EXT), 0, 1)),
			 FFA_ERR_INVALID_PARAMETERS); /* sender is not the caller */
	assert_ffa_error(set(HYP, NO_SUCH_SP, 0, 1), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(set(HYP, EXT, 0, 0), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(set(HYP, EXT, 0x4, 1), FFA_ERR_INVALID_PARAMETERS);       /* [15:2] */
	assert_ffa_error(set(HYP, EXT, 1u << 16, 1), FFA_ERR_INVALID_PARAMETERS); /* vCPU, global */
	assert_ffa_error(set(HYP, EXT, 0x2, 1), FFA_ERR_INVALID_PARAMETERS);      /* NS delay */
}

Test(conf_notif, set_to_receiver_without_notifications_denied)
{
	assert_ffa_error(set(HYP, VM, 0, 1), FFA_ERR_DENIED);
}

Test(conf_notif, get_returns_and_clears_by_sender_world)
{
	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_success(create(HYP, 4));
	assert_ffa_success(bind(HYP, VM, 0, 0x00000001F0000000ull));
	assert_ffa_success(bind(HYP, NOTI, 0, 0x8000000000000000ull));
	assert_ffa_success(set(VM, HYP, 0, 0x0000000110000000ull));
	cr_assert_eq(notifier(FFA_SIM_NOTIFIER_SET, HYP, 0x8000000000000000ull, 0), 0);
	{
		struct ffa_regs r = get(HYP, 0, 0x1); /* SP bitmap only */

		cr_assert_eq(sp_bits(r), 0x8000000000000000ull);
		cr_assert_eq(vm_bits(r), 0);
	}
	cr_assert_eq(sp_bits(get(HYP, 0, 0x1)), 0);
	cr_assert_eq(vm_bits(get(HYP, 3, 0x2)), 0x0000000110000000ull); /* any vCPU: global */
	cr_assert_eq(vm_bits(get(HYP, 0, 0x2)), 0);
}

Test(conf_notif, get_field_rules_invalid)
{
	assert_ffa_success(create(VM, 2));
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_NOTIFICATION_GET_32, HYP, 0x1)),
			 FFA_ERR_INVALID_PARAMETERS); /* receiver is not the caller */
	assert_ffa_error(get(VM, 2, 0x1), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(get(VM, 0, 0x10), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_notif, unbind_rules)
{
	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_success(bind(EXT, HYP, 0, 0x3));
	assert_ffa_error(unbind(EXT, VM, 0x1), FFA_ERR_DENIED); /* bound to another sender */
	assert_ffa_error(unbind(EXT, HYP, 0x4), FFA_ERR_DENIED); /* not bound at all */
	assert_ffa_success(set(HYP, EXT, 0, 0x1));
	assert_ffa_error(unbind(EXT, HYP, 0x1), FFA_ERR_DENIED); /* pending */
	assert_ffa_error(fx_call(&F, EXT, FRAME(FFA_NOTIFICATION_UNBIND_32, IDS(HYP, EXT), 1, 2)),
			 FFA_ERR_INVALID_PARAMETERS); /* w2 MBZ */
	assert_ffa_success(unbind(EXT, HYP, 0x2));
	assert_ffa_error(set(HYP, EXT, 0, 0x2), FFA_ERR_DENIED);
	get(EXT, 0, 0x2);
	assert_ffa_success(unbind(EXT, HYP, 0x1));
}

Test(conf_notif, below_v1_1_not_supported)
{
	fx_version(&F, EXT, FFA_VERSION_1_0);
	assert_ffa_error(bind(EXT, HYP, 0, 1), FFA_ERR_NOT_SUPPORTED);
	assert_ffa_error(get(EXT, 0, 1), FFA_ERR_NOT_SUPPORTED);
}

Test(conf_notif, set_raises_the_sri_towards_the_scheduler)
{
	uint32_t before;

	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_success(bind(EXT, VM, 0, 1));
	before = F.sri_seen;
	assert_ffa_success(set(VM, EXT, 0, 1));
	cr_assert_eq(F.sri_seen, before + 1);
}

Test(conf_notif, info_get_nothing_pending_no_data)
{
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_INFO_GET_64)), FFA_ERR_NO_DATA);
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_INFO_GET_32)), FFA_ERR_NO_DATA);
}

Test(conf_notif, info_get_only_by_the_scheduler)
{
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_NOTIFICATION_INFO_GET_64)),
			 FFA_ERR_NOT_SUPPORTED);
}

Test(conf_notif, info_get_reports_each_setting_once)
{
	struct ffa_regs r;

	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_success(bind(EXT, VM, 0, 1));
	assert_ffa_success(set(VM, EXT, 0, 1));
	r = fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_INFO_GET_64));
	cr_assert_eq(r.x[0], FFA_SUCCESS_64);
	cr_assert_eq(r.x[2], 1u << 7); /* one list, no vCPUs, nothing more */
	cr_assert_eq(r.x[3], EXT);
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_INFO_GET_64)), FFA_ERR_NO_DATA);
	assert_ffa_success(set(VM, EXT, 0, 1)); /* set again: reported again */
	cr_assert_eq(fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_INFO_GET_64)).x[3], EXT);
}

Test(conf_notif, info_get_32_bit_capacity_and_more_pending)
{
	struct ffa_regs r;

	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_success(create(VM, 2));
	assert_ffa_success(create(HYP, 4));
	assert_ffa_success(bind(HYP, VM, 1, 0x1));
	for (uint32_t v = 0; v < 4; v++)
		assert_ffa_success(set(VM, HYP, 1 | v << 16, 0x1));
	assert_ffa_success(bind(VM, HYP, 0, 0x1));
	assert_ffa_success(set(HYP, VM, 0, 0x1));
	assert_ffa_success(bind(EXT, VM, 1, 0x1));
	for (uint32_t v = 0; v < 2; v++)
		assert_ffa_success(set(VM, EXT, 1 | v << 16, 0x1));
	assert_ffa_success(bind(EXT, HYP, 0, 0x2));
	assert_ffa_success(set(HYP, EXT, 0, 0x2));
	/* [HYP: 0,1,2] [HYP: 3] [VM] [EXT] = 8 IDs; [EXT: 0,1] needs 3 more
	 * than the 10 the 32-bit form holds: "more pending". */
	r = fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_INFO_GET_32));
	cr_assert_eq(r.x[0], FFA_SUCCESS_32);
	cr_assert_eq(r.x[2], 0x7201u);
	cr_assert_eq(r.x[3], 0x00000000u); /* HYP, vCPU 0 */
	cr_assert_eq(r.x[4], 0x00020001u); /* vCPUs 1, 2 */
	cr_assert_eq(r.x[5], 0x00030000u); /* HYP, vCPU 3 */
	cr_assert_eq(r.x[6], 0x80030001u); /* VM, EXT */
	cr_assert_eq(r.x[7], 0);
	r = fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_INFO_GET_32));
	cr_assert_eq(r.x[2], 0x2080u);
	cr_assert_eq(r.x[3], EXT);
	cr_assert_eq(r.x[4], 1);
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_INFO_GET_32)), FFA_ERR_NO_DATA);
}

Test(conf_notif, info_get_list_encoding_matches_the_reference_vector)
{
	/* ffa-abi.md 11.3: lists (EP 0: vCPUs 0,2,3), (EP 0: vCPUs 4,6),
	 * (EP 2: none), (EP 3: vCPU 1) -> w2 = 0x0004B200, w3..w7. */
	static struct ffa_sim_endpoint_config eps[4];
	struct ffa_regs r;

	fx_teardown();
	fx_config(&F);
	eps[0] = F.eps[0];
	eps[0].exec_ctx_count = 8;
	eps[1] = F.eps[1];
	eps[2] = (struct ffa_sim_endpoint_config){ .id = 2, .exec_ctx_count = 1 };
	eps[3] = (struct ffa_sim_endpoint_config){ .id = 3, .exec_ctx_count = 2 };
	F.cfg.endpoints = eps;
	F.cfg.endpoint_count = 4;
	fx_create(&F);
	fx_version(&F, HYP, FFA_VERSION_1_1);
	fx_version(&F, VM, FFA_VERSION_1_1);
	fx_version(&F, 2, FFA_VERSION_1_1);
	fx_version(&F, 3, FFA_VERSION_1_1);
	assert_ffa_success(create(HYP, 8));
	assert_ffa_success(create(2, 1));
	assert_ffa_success(create(3, 2));
	assert_ffa_success(bind(HYP, VM, 1, 1));
	assert_ffa_success(bind(2, VM, 0, 1));
	assert_ffa_success(bind(3, VM, 1, 1));
	for (uint32_t v = 0; v < 7; v++)
		if (v != 1 && v != 5)
			assert_ffa_success(set(VM, HYP, 1 | v << 16, 1));
	assert_ffa_success(set(VM, 2, 0, 1));
	assert_ffa_success(set(VM, 3, 1 | 1u << 16, 1));
	r = fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_INFO_GET_32));
	cr_assert_eq(r.x[0], FFA_SUCCESS_32);
	cr_assert_eq(r.x[2], 0x0004B200u);
	cr_assert_eq(r.x[3], 0x00000000u);
	cr_assert_eq(r.x[4], 0x00030002u);
	cr_assert_eq(r.x[5], 0x00040000u);
	cr_assert_eq(r.x[6], 0x00020006u);
	cr_assert_eq(r.x[7], 0x00010003u);
}

Test(conf_notif, notifier_binds_and_is_run_to_collect)
{
	struct ffa_regs r;

	/* NOTI lets HYP signal bit 5; HYP sets it; the scheduler sees NOTI
	 * in INFO_GET and runs it; NOTI collected the bit. */
	cr_assert_eq(notifier(FFA_SIM_NOTIFIER_BIND, HYP, 1u << 5, 0), 0);
	assert_ffa_success(set(HYP, NOTI, 0, 1u << 5));
	r = fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_INFO_GET_64));
	cr_assert_eq(r.x[3], NOTI);
	cr_assert_eq(fx_call(&F, HYP, FRAME(FFA_RUN_32, (uint32_t)NOTI << 16)).x[0],
		     FFA_MSG_WAIT_32);
	r = fx_call(&F, HYP, FRAME(FFA_MSG_SEND_DIRECT_REQ_32, IDS(HYP, NOTI), 0,
				   FFA_SIM_NOTIFIER_TAKE));
	cr_assert_eq(r.x[6], 1u << 5); /* VM bitmap low: HYP is normal world */
	cr_assert_eq(notifier(FFA_SIM_NOTIFIER_UNBIND, HYP, 1u << 5, 0), 0);
}

Test(conf_notif, notifier_reports_its_own_errors)
{
	cr_assert_eq(notifier(FFA_SIM_NOTIFIER_SET, EXT, 1, 0), FFA_ERR_DENIED); /* unbound */
	cr_assert_eq(notifier(FFA_SIM_NOTIFIER_BIND, NOTI, 1, 0), FFA_ERR_INVALID_PARAMETERS);
	cr_assert_eq(notifier(99, 0, 0, 0), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_notif, partition_delays_the_sri)
{
	uint32_t before;

	assert_ffa_success(create(HYP, 4));
	assert_ffa_success(bind(HYP, NOTI, 0, 1));
	before = F.sri_seen;
	cr_assert_eq(notifier(FFA_SIM_NOTIFIER_SET, HYP, 1, 0x2), 0);
	/* Raised once the partition gave the CPU back (it answered). */
	cr_assert_eq(F.sri_seen, before + 1);
}

TestSuite(conf_notif_quirks, .fini = fx_teardown);

Test(conf_notif_quirks, per_vcpu_bind_refused_per_profile)
{
	static const struct {
		enum ffa_sim_profile p;
		int err;
	} t[] = { { FFA_SIM_PROFILE_HAFNIUM, FFA_ERR_INVALID_PARAMETERS },
		  { FFA_SIM_PROFILE_OPTEE, FFA_ERR_DENIED } };

	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		fx_config(&F);
		ffa_sim_quirks_profile(t[i].p, &F.cfg.quirks);
		fx_create(&F);
		fx_version(&F, EXT, FFA_VERSION_1_2);
		assert_ffa_error(bind(EXT, HYP, 1, 1), t[i].err);
		assert_ffa_success(bind(EXT, HYP, 0, 1));
		fx_destroy(&F);
	}
	fx_config(&F);
	fx_create(&F);
}
