/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * End to end: every libffa call that exists, run through the in-process
 * conduit against the simulator core, under each quirk profile where the
 * profile changes the answer. Messaging and notification calls are typed on
 * other branches; their paths are driven with ffa_call_raw() frames here,
 * including a test that plays both sides (client and an external
 * partition), single-threaded and on two threads.
 */
#include <pthread.h>

#include "sim_test.h"

static void setup_profile(enum ffa_sim_profile p)
{
	fx_config(&F);
	cr_assert_eq(ffa_sim_quirks_profile(p, &F.cfg.quirks), 0);
	fx_create(&F);
}

TestSuite(e2e, .init = fx_setup, .fini = fx_teardown);

Test(e2e, version_and_negotiate)
{
	struct ffa_ctx *c = fx_ctx(&F, 0, VM);
	uint32_t pm = 0;

	assert_rc(ffa_version(c, FFA_VERSION_1_1, &pm), 0);
	cr_assert_eq(pm, FFA_VERSION_1_2);
	assert_rc(ffa_version_negotiate(c, 0), 0);
	cr_assert_eq(ffa_ctx_version(c), FFA_VERSION_1_2);
	assert_rc(ffa_id_get(c, &(uint16_t){ 0 }), 0);
	/* Locked in on both sides. */
	assert_rc(ffa_version(c, FFA_VERSION_1_1, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_version_negotiate(c, 0), 0);
	fx_check(&F);
}

Test(e2e, negotiation_against_a_v1_1_manager_that_refuses)
{
	struct ffa_ctx *c;

	fx_teardown();
	fx_config(&F);
	F.cfg.version = FFA_VERSION_1_1;
	fx_create(&F);
	c = fx_ctx(&F, 0, VM);
	assert_rc(ffa_version_negotiate(c, 0), 0); /* 1.2 refused, 1.1 agreed */
	cr_assert_eq(ffa_ctx_version(c), FFA_VERSION_1_1);
	cr_assert_eq(ffa_ctx_pm_version(c), FFA_VERSION_1_1);
}

Test(e2e, features_calls)
{
	struct ffa_ctx *c = fx_ctx(&F, 0, HYP);
	struct ffa_rxtx_props rx;
	struct ffa_retrieve_props mr;
	struct ffa_features f;
	uint32_t intid = 0;

	assert_rc(ffa_version_negotiate(c, 0), 0);
	assert_rc(ffa_features(c, FFA_ID_GET_32, 0, &f), 0);
	cr_assert_eq(ffa_features_cached(c, FFA_ID_GET_32), 1);
	assert_rc(ffa_features(c, FFA_MSG_POLL_32, 0, NULL), FFA_ERR_NOT_SUPPORTED);
	cr_assert_eq(ffa_features_cached(c, FFA_MSG_POLL_32), 0);
	assert_rc(ffa_features_rxtx_map(c, &rx), 0);
	cr_assert_eq(rx.min_size, 4096);
	cr_assert_eq(rx.max_pages, 63);
	assert_rc(ffa_features_interrupt(c, FFA_FEATURE_SRI, &intid), 0);
	cr_assert_eq(intid, 8);
	assert_rc(ffa_features_interrupt(c, FFA_FEATURE_NPI, &intid), FFA_ERR_NOT_SUPPORTED);
	assert_rc(ffa_features_mem_retrieve(c, true, &mr), 0);
	cr_assert(mr.ns_bit);
	cr_assert_not(mr.dynamic_buffer);
	cr_assert_not(mr.hyp_retrieve);
	fx_check(&F);
}

Test(e2e, id_calls)
{
	struct ffa_ctx *c = fx_ctx(&F, 0, VM);
	uint16_t id = 0xFFFF, spm = 0;

	assert_rc(ffa_version_negotiate(c, FFA_VERSION_1_1), 0);
	assert_rc(ffa_id_get(c, &id), 0);
	cr_assert_eq(id, VM);
	assert_rc(ffa_spm_id_get(c, &spm), 0);
	cr_assert_eq(spm, SPMC);
}

Test(e2e, rxtx_map_unmap_release)
{
	struct ffa_ctx *c = fx_ready(&F, 0, VM, 0);
	struct ffa_partition_info parts[8];

	assert_rc(ffa_rx_release(c), FFA_ERR_DENIED);
	assert_rc(ffa_partition_info_get(c, NULL, parts, 8, NULL), 7); /* releases itself */
	assert_rc(ffa_rx_release(c), FFA_ERR_DENIED);
	assert_rc(ffa_rxtx_unmap(c), 0);
	assert_rc(ffa_rxtx_map(c, fx_tx(&F, VM), fx_rx(&F, VM), 1), 0);
	fx_check(&F);
}

Test(e2e, rxtx_map_with_granule_learnt_from_features)
{
	struct ffa_ctx *c;
	struct ffa_rxtx_props p;

	fx_teardown();
	fx_config(&F);
	F.cfg.rxtx_min_pages = 4;
	F.cfg.rxtx_max_pages = 8;
	fx_create(&F);
	c = fx_ctx(&F, 0, VM);
	assert_rc(ffa_version_negotiate(c, 0), 0);
	assert_rc(ffa_features_rxtx_map(c, &p), 0);
	cr_assert_eq(p.min_size, 16384);
	cr_assert_eq(p.max_pages, 8);
	assert_rc(ffa_rxtx_map(c, fx_tx(&F, VM), fx_rx(&F, VM), 1), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_rxtx_map(c, fx_tx(&F, VM), fx_rx(&F, VM), 4), 0);
}

Test(e2e, hypervisor_calls_on_behalf_of_a_vm)
{
	struct ffa_ctx *h = fx_ready(&F, 0, HYP, 0), *v = fx_ready(&F, 1, VM, 0);
	struct ffa_partition_info parts[8];

	assert_rc(ffa_rx_acquire(h, VM), 0);
	assert_rc(ffa_partition_info_get(v, NULL, parts, 8, NULL), FFA_ERR_BUSY);
	assert_rc(ffa_rx_release_vm(h, VM), 0);
	assert_rc(ffa_partition_info_get(v, NULL, parts, 8, NULL), 7);
	assert_rc(ffa_rxtx_unmap_vm(h, VM), 0);
	assert_rc(ffa_rxtx_unmap(v), FFA_ERR_INVALID_PARAMETERS); /* already gone */
	assert_rc(ffa_rxtx_map(v, fx_tx(&F, VM), fx_rx(&F, VM), 1), 0); /* forgotten: maps again */
	fx_check(&F);
}

Test(e2e, partition_info_get_per_version)
{
	static const struct {
		uint32_t v;
		int n;
	} t[] = { { FFA_VERSION_1_0, 5 }, { FFA_VERSION_1_1, 5 }, { FFA_VERSION_1_2, 7 } };

	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		struct ffa_ctx *c;
		struct ffa_partition_info parts[8];

		fx_teardown();
		fx_setup();
		c = fx_ready(&F, 0, VM, t[i].v);
		assert_rc(ffa_partition_info_get(c, NULL, parts, 8, NULL), t[i].n);
		cr_assert_eq(parts[0].id, ECHO);
		cr_assert_eq(parts[0].exec_ctx_count, 4);
		if (t[i].v >= FFA_VERSION_1_1)
			cr_assert(ffa_uuid_equal(&parts[0].uuid, &ECHO_UUID));
		fx_check(&F);
	}
}

Test(e2e, partition_info_get_by_uuid_count_and_too_small)
{
	struct ffa_ctx *c = fx_ready(&F, 0, VM, 0);
	struct ffa_partition_info parts[2];
	uint32_t total = 0, count = 0;

	assert_rc(ffa_partition_info_get(c, &SHARED_UUID, parts, 2, &total), 2);
	cr_assert_eq(parts[1].id, EXT);
	assert_rc(ffa_partition_info_get(c, &UNKNOWN_UUID, parts, 2, NULL),
		  FFA_ERR_INVALID_PARAMETERS);
	assert_rc(ffa_partition_info_get(c, NULL, parts, 2, &total), FFA_ERR_BUFFER_TOO_SMALL);
	cr_assert_eq(total, 7);
	assert_rc(ffa_partition_count(c, NULL, &count), 0);
	cr_assert_eq(count, 7);
	assert_rc(ffa_partition_info_get(c, NULL, parts, 0, &total), FFA_ERR_BUFFER_TOO_SMALL);
	fx_check(&F); /* every path released the RX buffer */
	assert_rc(ffa_rx_release(c), FFA_ERR_DENIED);
}

Test(e2e, partition_info_get_regs_matches_the_rx_variant)
{
	struct ffa_ctx *c = fx_ready(&F, 0, VM, 0);
	struct ffa_partition_info a[8], b[8];

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	assert_rc(ffa_partition_info_get(c, NULL, a, 8, NULL), 7);
	assert_rc(ffa_partition_info_get_regs(c, NULL, b, 8, NULL), 7);
	cr_assert_arr_eq(a, b, sizeof(a));
	assert_rc(ffa_partition_info_get_regs(c, &NOTI_UUID, b, 8, NULL), 1);
	assert_rc(ffa_partition_info_get_regs(c, &UNKNOWN_UUID, b, 8, NULL),
		  FFA_ERR_INVALID_PARAMETERS);
}

Test(e2e, run_a_waiting_partition)
{
	struct ffa_ctx *c = fx_ready(&F, 0, HYP, 0);
	struct ffa_regs out;

	assert_rc(ffa_run(c, ECHO, 0, &out), FFA_RUN_MSG_WAIT);
	assert_rc(ffa_run(c, ECHO, 9, &out), FFA_ERR_INVALID_PARAMETERS);
	assert_rc(ffa_run(c, EXT, 0, &out), FFA_ERR_BUSY);
}

Test(e2e, raw_request_preempted_then_ffa_run_gets_the_response)
{
	struct ffa_ctx *c = fx_ready(&F, 0, HYP, 0);
	struct ffa_regs r = FRAME(FFA_MSG_SEND_DIRECT_REQ_64, ECHO, 0, FFA_SIM_ECHO_YIELD, 11);

	assert_rc(ffa_call_raw(c, &r, &r), 0);
	cr_assert_eq(r.x[0], FFA_YIELD_32);
	assert_rc(ffa_run(c, ECHO, 0, &r), FFA_RUN_DIRECT_RESP);
	cr_assert_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	cr_assert_eq(r.x[4], 11);
	r = FRAME(FFA_MSG_SEND_DIRECT_REQ_32, ECHO, 0, FFA_SIM_ECHO_INTERRUPT, 12);
	assert_rc(ffa_call_raw(c, &r, &r), 0);
	cr_assert_eq(r.x[0], FFA_INTERRUPT_32);
	assert_rc(ffa_run(c, ECHO, 0, &r), FFA_RUN_DIRECT_RESP);
	cr_assert_eq(r.x[4], 12);
	fx_check(&F);
}

Test(e2e, notifications_by_raw_frames)
{
	struct ffa_ctx *h = fx_ready(&F, 0, HYP, 0);
	struct ffa_regs r = FRAME(FFA_NOTIFICATION_BITMAP_CREATE_32, HYP, 4);

	assert_rc(ffa_call_raw(h, &r, &r), 0);
	cr_assert_eq(r.x[0], FFA_SUCCESS_32);
	r = FRAME(FFA_NOTIFICATION_BIND_32, (uint32_t)NOTI << 16 | HYP, 0, 0x10);
	assert_rc(ffa_call_raw(h, &r, &r), 0);
	cr_assert_eq(r.x[0], FFA_SUCCESS_32);
	r = FRAME(FFA_MSG_SEND_DIRECT_REQ_32, NOTI, 0,
		  FFA_SIM_NOTIFIER_SET, HYP, 0x10);
	assert_rc(ffa_call_raw(h, &r, &r), 0);
	cr_assert_eq(r.x[3], 0);
	r = FRAME(FFA_NOTIFICATION_GET_32, HYP, 0x1);
	assert_rc(ffa_call_raw(h, &r, &r), 0);
	cr_assert_eq(r.x[2], 0x10);
	fx_check(&F);
}

/* ---- Profiles -------------------------------------------------------------------- */

TestSuite(e2e_profiles, .fini = fx_teardown);

Test(e2e_profiles, tfa_refusal_with_own_version_still_negotiates_down)
{
	struct ffa_ctx *c;

	fx_config(&F);
	ffa_sim_quirks_profile(FFA_SIM_PROFILE_TFA_EL3_SPMC, &F.cfg.quirks);
	F.cfg.version = FFA_VERSION_1_1;
	fx_create(&F);
	c = fx_ctx(&F, 0, VM);
	assert_rc(ffa_version_negotiate(c, 0), 0);
	cr_assert_eq(ffa_ctx_version(c), FFA_VERSION_1_1);
	assert_rc(ffa_rx_release(c), FFA_ERR_INVALID_PARAMETERS); /* sign-extended, read right */
}

Test(e2e_profiles, hafnium_48_byte_descriptors_read_through_libffa)
{
	struct ffa_ctx *c;
	struct ffa_partition_info parts[8];

	setup_profile(FFA_SIM_PROFILE_HAFNIUM);
	c = fx_ready(&F, 0, VM, FFA_VERSION_1_1);
	assert_rc(ffa_partition_info_get(c, NULL, parts, 8, NULL), 5);
	cr_assert_eq(parts[3].id, A32);
	cr_assert_eq(parts[3].ffa_version, FFA_VERSION_1_1);
	fx_teardown();
	setup_profile(FFA_SIM_PROFILE_HAFNIUM);
	c = fx_ready(&F, 0, VM, FFA_VERSION_1_2);
	assert_rc(ffa_partition_info_get_regs(c, NULL, parts, 8, NULL), 7);
	cr_assert_eq(parts[6].id, QUIET);
}

Test(e2e_profiles, optee_unknown_uuid_is_an_empty_list_released_by_libffa)
{
	struct ffa_ctx *c;
	struct ffa_partition_info parts[2];

	setup_profile(FFA_SIM_PROFILE_OPTEE);
	c = fx_ready(&F, 0, VM, 0);
	assert_rc(ffa_partition_info_get(c, &UNKNOWN_UUID, parts, 2, NULL), 0);
	assert_rc(ffa_partition_info_get(c, &NOTI_UUID, parts, 2, NULL), 1);
	fx_check(&F);
}

/* ---- Both sides in one test --------------------------------------------------------- */

/* Single-threaded: the client's blocked call runs the partition side
 * from the wait hook. */
struct play {
	struct ffa_ctx *sp;
	int steps;
};

static bool play_ext(void *arg, struct ffa_sim_inproc *ip)
{
	struct play *p = (struct play *)arg;
	struct ffa_regs got, resp;

	(void)ip;
	if (p->steps++ > 0)
		return false;
	/* The partition's MSG_WAIT (made before) now has the request. */
	cr_assert_eq(ffa_sim_take_answer(F.sim, EXT, &got), 1);
	cr_assert_eq(got.x[0], FFA_MSG_SEND_DIRECT_REQ_64);
	resp = FRAME(FFA_MSG_SEND_DIRECT_RESP_64, (uint32_t)EXT << 16 | HYP, 0, got.x[3] * 2);
	cr_assert_eq(ffa_sim_call(F.sim, EXT, &resp, &resp), FFA_SIM_BLOCKED);
	return true;
}

Test(e2e, both_sides_single_threaded)
{
	struct ffa_ctx *h = fx_ready(&F, 0, HYP, 0);
	struct ffa_regs w = FRAME(FFA_MSG_WAIT_32), r;
	struct play p = { 0 };

	fx_version(&F, EXT, FFA_VERSION_1_2);
	cr_assert_eq(ffa_sim_call(F.sim, EXT, &w, &w), FFA_SIM_BLOCKED);
	F.ip[0].wait = play_ext;
	F.ip[0].arg = &p;
	r = FRAME(FFA_MSG_SEND_DIRECT_REQ_64, EXT, 0, 21);
	assert_rc(ffa_call_raw(h, &r, &r), 0);
	cr_assert_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	cr_assert_eq(r.x[3], 42);
	fx_check(&F);
}

/* Two threads: each side blocks in its own conduit; the simulator's wake
 * hook signals the waiter. */
struct threads {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned int served;
};

static struct threads T = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0 };

static void t_lock(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&T.mu);
}

static void t_unlock(void *arg)
{
	(void)arg;
	pthread_mutex_unlock(&T.mu);
}

static void t_wake(void *arg, uint16_t ep)
{
	(void)arg;
	(void)ep;
	pthread_cond_broadcast(&T.cv); /* called with T.mu held (inside a call) */
}

static bool t_wait(void *arg, struct ffa_sim_inproc *ip)
{
	(void)arg;
	pthread_mutex_lock(&T.mu);
	while (ffa_sim_blocked(ip->sim, ip->endpoint))
		pthread_cond_wait(&T.cv, &T.mu);
	pthread_mutex_unlock(&T.mu);
	return true;
}

static void *partition_thread(void *arg)
{
	struct ffa_ctx *sp = (struct ffa_ctx *)arg;
	struct ffa_regs r = FRAME(FFA_MSG_WAIT_32);

	/* Serve three requests, doubling x3, then stop at the fourth. */
	for (;;) {
		if (ffa_call_raw(sp, &r, &r))
			return NULL;
		if ((uint32_t)r.x[0] != FFA_MSG_SEND_DIRECT_REQ_64)
			return NULL;
		if (r.x[3] == 0)
			break;
		T.served++;
		r = FRAME(FFA_MSG_SEND_DIRECT_RESP_64, (uint32_t)EXT << 16 | (uint16_t)(r.x[1] >> 16),
			  0, r.x[3] * 2);
	}
	r = FRAME(FFA_MSG_SEND_DIRECT_RESP_64, (uint32_t)EXT << 16 | HYP, 0, 0);
	/* The last response leaves the partition blocked for good: do it
	 * through the simulator directly so the thread can end. */
	pthread_mutex_lock(&T.mu);
	ffa_sim_call(F.sim, EXT, &r, &r);
	pthread_mutex_unlock(&T.mu);
	return NULL;
}

Test(e2e, both_sides_on_two_threads)
{
	struct ffa_ctx *h, *sp;
	pthread_t th;
	struct ffa_regs r;

	fx_teardown();
	fx_config(&F);
	F.cfg.host.wake = t_wake;
	fx_create(&F);
	h = fx_ctx(&F, 0, HYP);
	sp = fx_ctx(&F, 1, EXT);
	for (unsigned int i = 0; i < 2; i++) {
		F.ip[i].lock = t_lock;
		F.ip[i].unlock = t_unlock;
		F.ip[i].wait = t_wait;
	}
	assert_rc(ffa_version_negotiate(sp, 0), 0);
	assert_rc(ffa_version_negotiate(h, 0), 0);
	T.served = 0;
	cr_assert_eq(pthread_create(&th, NULL, partition_thread, sp), 0);
	for (uint64_t i = 1; i <= 3; i++) {
		/* The partition may still be initialising: retry on BUSY. */
		do {
			r = FRAME(FFA_MSG_SEND_DIRECT_REQ_64, EXT, 0, i);
			assert_rc(ffa_call_raw(h, &r, &r), 0);
		} while ((uint32_t)r.x[0] == FFA_ERROR_32 &&
			 (int32_t)(uint32_t)r.x[2] == FFA_ERR_BUSY);
		cr_assert_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
		cr_assert_eq(r.x[3], 2 * i);
	}
	r = FRAME(FFA_MSG_SEND_DIRECT_REQ_64, EXT, 0, 0);
	assert_rc(ffa_call_raw(h, &r, &r), 0);
	cr_assert_eq(r.x[3], 0);
	pthread_join(th, NULL);
	cr_assert_eq(T.served, 3);
	fx_check(&F);
}
