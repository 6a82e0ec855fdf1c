/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * End to end: libffa's messaging (ffa/msg.h) and notification (ffa/notif.h,
 * ffa/notif_dispatch.h) calls through the in-process conduit against the
 * simulator core - requester side against the built-in partitions, and the
 * receiver side (ffa_msg_wait / dispatch / responses / yield) played by a
 * libffa context as the external partition on its own thread.
 */
#include <pthread.h>

#include "sim_test.h"

#include <ffa/msg.h>
#include <ffa/notif.h>
#include <ffa/notif_dispatch.h>

/* The partition information of @id as @c sees it. */
static struct ffa_partition_info info_of(struct ffa_ctx *c, uint16_t id)
{
	struct ffa_partition_info parts[8];
	int n = ffa_partition_info_get(c, NULL, parts, 8, NULL);

	cr_assert_gt(n, 0);
	for (int i = 0; i < n; i++)
		if (parts[i].id == id)
			return parts[i];
	cr_assert_fail("partition 0x%x not listed", id);
	return parts[0];
}

TestSuite(e2e_msg, .init = fx_setup, .fini = fx_teardown);

Test(e2e_msg, direct_requests_to_the_echo_partition)
{
	struct ffa_ctx *h = fx_ready(&F, 0, HYP, 0);
	struct ffa_partition_info echo = info_of(h, ECHO), a32 = info_of(h, A32),
				  quiet = info_of(h, QUIET);
	uint64_t args[FFA_MSG_DIRECT_WORDS] = { 1, 2, 3, 1ull << 40, 5 }, resp[FFA_MSG_DIRECT_WORDS];

	assert_rc(ffa_msg_send_direct_req(h, ECHO, &echo, 0, args, resp), 0);
	cr_assert_arr_eq(resp, args, sizeof(args));
	args[3] = 4;
	assert_rc(ffa_msg_send_direct_req(h, ECHO, &echo, FFA_MSG_FLAG_32BIT, args, resp), 0);
	cr_assert_arr_eq(resp, args, sizeof(args));
	/* The AArch32 partition: 32-bit chosen automatically. */
	assert_rc(ffa_msg_send_direct_req(h, A32, &a32, 0, args, resp), 0);
	assert_rc(ffa_msg_send_direct_req(h, A32, &a32, FFA_MSG_FLAG_64BIT, args, resp),
		  FFA_ERR_BAD_ARGUMENT);
	/* Without direct messaging: refused locally with its information,
	 * by the simulator without. */
	assert_rc(ffa_msg_send_direct_req(h, QUIET, &quiet, 0, args, resp), FFA_ERR_DENIED);
	assert_rc(ffa_msg_send_direct_req(h, QUIET, NULL, 0, args, resp), FFA_ERR_DENIED);
	assert_rc(ffa_msg_send_direct_req(h, NO_SUCH_SP, NULL, 0, args, resp),
		  FFA_ERR_INVALID_PARAMETERS);
	fx_check(&F);
}

Test(e2e_msg, direct_req2_by_service_uuid)
{
	struct ffa_ctx *h = fx_ready(&F, 0, HYP, 0);
	struct ffa_partition_info noti = info_of(h, NOTI);
	uint64_t args[FFA_MSG_DIRECT2_WORDS], resp[FFA_MSG_DIRECT2_WORDS];

	for (unsigned int i = 0; i < FFA_MSG_DIRECT2_WORDS; i++)
		args[i] = 0x0101010101010101ull * (i + 1);
	assert_rc(ffa_msg_send_direct_req2(h, ECHO, NULL, &SHARED_UUID, args, resp), 0);
	cr_assert_arr_eq(resp, args, sizeof(args));
	assert_rc(ffa_msg_send_direct_req2(h, ECHO, NULL, NULL, args, resp), 0);
	assert_rc(ffa_msg_send_direct_req2(h, ECHO, NULL, &NOTI_UUID, args, resp),
		  FFA_ERR_INVALID_PARAMETERS);
	assert_rc(ffa_msg_send_direct_req2(h, NOTI, &noti, NULL, args, resp), FFA_ERR_DENIED);
	assert_rc(ffa_msg_send_direct_req2(h, NOTI, NULL, NULL, args, resp), FFA_ERR_DENIED);
	fx_check(&F);
}

Test(e2e_msg, preempted_requests_resumed_by_libffa_or_by_the_caller)
{
	struct ffa_ctx *h = fx_ready(&F, 0, HYP, 0);
	uint64_t args[FFA_MSG_DIRECT_WORDS] = { FFA_SIM_ECHO_YIELD, 9 }, resp[FFA_MSG_DIRECT_WORDS];
	struct ffa_regs frame;
	struct ffa_msg m;

	/* Default policy: libffa runs the partition again until it answers. */
	assert_rc(ffa_msg_send_direct_req(h, ECHO, NULL, 0, args, resp), 0);
	cr_assert_eq(resp[1], 9);
	args[0] = FFA_SIM_ECHO_INTERRUPT;
	assert_rc(ffa_msg_send_direct_req(h, ECHO, NULL, 0, args, resp), 0);
	cr_assert_eq(resp[1], 9);
	/* The caller's scheduler resumes: FFA_RUN ends in the response. */
	assert_rc(ffa_ctx_set_preempt_policy(h, FFA_PREEMPT_RETURN, 0), 0);
	assert_rc(ffa_msg_send_direct_req(h, ECHO, NULL, 0, args, resp), FFA_ERR_PREEMPTED);
	cr_assert_eq(ffa_ctx_preempted(h)->endpoint, ECHO);
	cr_assert_not(ffa_ctx_preempted(h)->yielded);
	assert_rc(ffa_run(h, ECHO, 0, &frame), FFA_RUN_DIRECT_RESP);
	assert_rc(ffa_msg_decode(h, &frame, &m), 0);
	cr_assert_eq(m.kind, FFA_MSG_DIRECT_RESP);
	cr_assert_eq(m.sender, ECHO);
	cr_assert_eq(m.args[1], 9);
	fx_check(&F);
}

Test(e2e_msg, vm_created_and_destroyed)
{
	struct ffa_ctx *h = fx_ready(&F, 0, HYP, 0);
	struct ffa_partition_info noti = info_of(h, NOTI);

	assert_rc(ffa_msg_send_vm_created(h, ECHO, NULL, 0, VM, FFA_MEM_HANDLE_INVALID), 0);
	assert_rc(ffa_msg_send_vm_destroyed(h, ECHO, NULL, 0, VM, FFA_MEM_HANDLE_INVALID), 0);
	assert_rc(ffa_msg_send_vm_created(h, NOTI, &noti, 0, VM, FFA_MEM_HANDLE_INVALID),
		  FFA_ERR_DENIED);
	assert_rc(ffa_msg_send_vm_created(h, NOTI, NULL, 0, VM, FFA_MEM_HANDLE_INVALID),
		  FFA_ERR_DENIED);
}

Test(e2e_msg, indirect_message_round_trip_with_notifications)
{
	struct ffa_ctx *h = fx_ready(&F, 0, HYP, 0);
	struct ffa_notif_bitmaps bits;
	struct ffa_notif_info info;
	struct ffa_indirect_msg hdr;
	char buf[64];
	struct ffa_regs out;

	assert_rc(ffa_msg_send2(h, ECHO, NULL, &SHARED_UUID, "ping!", 5, 0), 0);
	assert_rc(ffa_msg_send2(h, ECHO, NULL, NULL, "x", 1, 0), FFA_ERR_BUSY); /* RX full */
	assert_rc(ffa_notif_info_get(h, FFA_NOTIF_INFO_AUTO, &info), 0);
	cr_assert_eq(info.count, 1);
	cr_assert_eq(info.lists[0].endpoint, ECHO);
	assert_rc(ffa_run(h, ECHO, 0, &out), FFA_RUN_MSG_WAIT);
	assert_rc(ffa_notif_get(h, HYP, 0, FFA_NOTIF_GET_SPM_FWK, NULL, &bits), 0);
	cr_assert_eq(bits.spm_fwk, FFA_NOTIF_FWK_RX_FULL);
	assert_rc(ffa_msg_recv_indirect(h, &hdr, buf, sizeof(buf)), 5);
	cr_assert_eq(hdr.sender, ECHO);
	cr_assert_eq(hdr.receiver, HYP);
	cr_assert(ffa_uuid_equal(&hdr.uuid, &SHARED_UUID));
	cr_assert_arr_eq(buf, "ping!", 5);
	assert_rc(ffa_rx_release(h), FFA_ERR_DENIED); /* recv released it */
	fx_check(&F);
}

Test(e2e_msg, indirect_message_between_versions)
{
	struct ffa_ctx *h = fx_ready(&F, 0, HYP, FFA_VERSION_1_2), *v = fx_ready(&F, 1, VM, FFA_VERSION_1_1);
	struct ffa_indirect_msg hdr;
	char buf[16];

	assert_rc(ffa_msg_send2(h, VM, NULL, &SHARED_UUID, "hello", 5, 0), 0);
	assert_rc(ffa_msg_recv_indirect(v, &hdr, buf, sizeof(buf)), 5); /* 20-byte header */
	cr_assert_eq(hdr.offset, FFA_MSG_HDR_SIZE_V1_1);
	assert_rc(ffa_msg_send2(v, HYP, NULL, NULL, "back", 4, 0), 0);
	assert_rc(ffa_msg_recv_indirect(h, &hdr, buf, sizeof(buf)), 4);
	cr_assert_eq(hdr.offset, FFA_MSG_HDR_SIZE_V1_2);
	cr_assert_eq(hdr.sender, VM);
}

/* ---- Notifications ------------------------------------------------------------ */

static uint32_t notified[64];
static uint16_t notified_by;

static void on_notif(void *arg, uint16_t sender, uint32_t id, uint16_t vcpu)
{
	(void)arg;
	(void)vcpu;
	notified_by = sender;
	notified[id]++;
}

static uint16_t scheduled;

static void on_schedule(void *arg, uint16_t endpoint, bool per_vcpu, uint16_t vcpu)
{
	(void)arg;
	(void)per_vcpu;
	(void)vcpu;
	scheduled = endpoint;
}

Test(e2e_msg, notification_driver_dispatcher_and_notifier)
{
	struct ffa_ctx *h = fx_ready(&F, 0, HYP, 0);
	struct ffa_notif_driver drv;
	struct ffa_notif_slot slots[4];
	struct ffa_notif_dispatch d;
	struct ffa_notif_dispatch_config cfg = { .receiver = HYP, .schedule = on_schedule };
	uint64_t args[FFA_MSG_DIRECT_WORDS] = { FFA_SIM_NOTIFIER_SET, HYP, 1u << 7, 0, 0 };
	bool more = true;

	assert_rc(ffa_notif_driver_setup(h, &drv, HYP, 4), 0);
	cr_assert(drv.bitmap_created);
	cr_assert(drv.has_sri);
	cr_assert_eq(drv.sri_intid, 8);
	cr_assert_not(drv.has_npi);
	assert_rc(ffa_notif_dispatch_init(&d, h, &cfg, slots, 4), 0);
	assert_rc(ffa_notif_dispatch_bind(&d, NOTI, 7, false, on_notif, NULL), 0);
	/* The notifier sets bit 7 for HYP; the SRI handler finds and calls. */
	ffa_sim_take_sri(F.sim);
	assert_rc(ffa_msg_send_direct_req(h, NOTI, NULL, 0, args, args), 0);
	cr_assert_eq(args[0], 0);
	cr_assert_eq(ffa_sim_take_sri(F.sim), 1);
	assert_rc(ffa_notif_dispatch_sri(&d, &more), 0);
	cr_assert_not(more);
	cr_assert_eq(notified[7], 1);
	cr_assert_eq(notified_by, NOTI);
	/* HYP signals the notifier: the scheduler is told to run it. */
	args[0] = FFA_SIM_NOTIFIER_BIND;
	args[1] = HYP;
	args[2] = 1u << 3;
	assert_rc(ffa_msg_send_direct_req(h, NOTI, NULL, 0, args, args), 0);
	assert_rc(ffa_notif_set(h, HYP, NOTI, 0, 0, 1u << 3), 0);
	assert_rc(ffa_notif_dispatch_sri(&d, &more), 0);
	cr_assert_eq(scheduled, NOTI);
	assert_rc(ffa_run(h, NOTI, 0, NULL), FFA_RUN_MSG_WAIT);
	args[0] = FFA_SIM_NOTIFIER_TAKE;
	assert_rc(ffa_msg_send_direct_req(h, NOTI, NULL, 0, args, args), 0);
	cr_assert_eq(args[3], 1u << 3); /* VM bitmap: HYP is normal world */
	assert_rc(ffa_notif_dispatch_unbind(&d, NOTI, 7), 0);
	assert_rc(ffa_notif_driver_teardown(h, &drv), 0);
	fx_check(&F);
}

Test(e2e_msg, notification_calls_refused_as_the_sheet_says)
{
	struct ffa_ctx *h = fx_ready(&F, 0, HYP, 0), *v = fx_ready(&F, 1, VM, 0);
	struct ffa_notif_bitmaps bits;
	struct ffa_notif_info info;

	assert_rc(ffa_notif_bitmap_create(v, VM, 2), FFA_ERR_NOT_SUPPORTED);
	assert_rc(ffa_notif_bitmap_create(h, VM, 2), 0);
	assert_rc(ffa_notif_bitmap_create(h, VM, 2), FFA_ERR_DENIED);
	assert_rc(ffa_notif_bind(v, EXT, VM, true, 1), 0);
	assert_rc(ffa_notif_bind(v, HYP, VM, false, 1), FFA_ERR_DENIED);
	assert_rc(ffa_notif_set(h, HYP, VM, 0, 0, 1), FFA_ERR_DENIED); /* bound to EXT */
	assert_rc(ffa_notif_info_get(h, FFA_NOTIF_INFO_64, &info), FFA_ERR_NO_DATA);
	assert_rc(ffa_notif_info_get(v, FFA_NOTIF_INFO_32, &info), FFA_ERR_NOT_SUPPORTED);
	assert_rc(ffa_notif_get(v, VM, 2, FFA_NOTIF_GET_ALL, NULL, &bits),
		  FFA_ERR_INVALID_PARAMETERS);
	assert_rc(ffa_notif_unbind(v, EXT, VM, 1), 0);
	assert_rc(ffa_notif_bitmap_destroy(h, VM), 0);
	fx_check(&F);
}

/* ---- The receiver side: an external partition played with libffa -------------- */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;

static void lock_hook(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
}

static void unlock_hook(void *arg)
{
	(void)arg;
	pthread_mutex_unlock(&mu);
}

static void wake_hook(void *arg, uint16_t ep)
{
	(void)arg;
	(void)ep;
	pthread_cond_broadcast(&cv); /* inside a call: the mutex is held */
}

static bool wait_hook(void *arg, struct ffa_sim_inproc *ip)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	while (ffa_sim_blocked(ip->sim, ip->endpoint))
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	return true;
}

static int direct_handler(void *arg, const struct ffa_msg *req, uint64_t reply[FFA_MSG_DIRECT_WORDS])
{
	(void)arg;
	if (req->args[0] == 0)
		return FFA_DISPATCH_HOLD; /* the last one: answered outside */
	for (unsigned int i = 0; i < FFA_MSG_DIRECT_WORDS; i++)
		reply[i] = req->args[i] * 3;
	return FFA_DISPATCH_CONTINUE;
}

static int service_handler(void *arg, const struct ffa_msg *req,
			   uint64_t reply[FFA_MSG_DIRECT2_WORDS])
{
	(void)arg;
	reply[13] = req->args[0] + 1;
	return FFA_DISPATCH_CONTINUE;
}

struct sp_thread {
	struct ffa_ctx *sp;
	int dispatch_rc;
	int yield_rc;
};

static void *partition(void *arg)
{
	struct sp_thread *t = (struct sp_thread *)arg;
	struct ffa_msg_service svc = { .handler = service_handler };
	struct ffa_msg_dispatcher d = { .direct = direct_handler, .services = &svc,
					.n_services = 1 };
	struct ffa_msg m;
	struct ffa_regs r;

	svc.uuid = EXT_UUID;
	/* First request: yield once, then answer it. */
	if (ffa_msg_wait(t->sp, 0, &m) || m.kind != FFA_MSG_DIRECT_REQ)
		return NULL;
	t->yield_rc = ffa_yield(t->sp, 77, &(struct ffa_msg){ 0 });
	if (ffa_msg_send_direct_resp(t->sp, &m, (uint64_t[5]){ 42 }, &m))
		return NULL;
	/* Then the dispatcher serves until a request it holds. */
	t->dispatch_rc = ffa_msg_dispatch(t->sp, &d, &m);
	r = FRAME(FFA_MSG_SEND_DIRECT_RESP_64, (uint32_t)EXT << 16 | m.sender, 0, 0xD0E);
	pthread_mutex_lock(&mu);
	ffa_sim_call(F.sim, EXT, &r, &r); /* blocks for good; the thread ends */
	pthread_mutex_unlock(&mu);
	return NULL;
}

Test(e2e_msg, external_partition_with_libffa_receiver_calls)
{
	struct ffa_ctx *h, *sp;
	struct sp_thread t = { 0 };
	uint64_t args[FFA_MSG_DIRECT_WORDS] = { 5, 6, 7, 8, 9 }, resp[FFA_MSG_DIRECT_WORDS];
	uint64_t a2[FFA_MSG_DIRECT2_WORDS] = { 100 }, r2[FFA_MSG_DIRECT2_WORDS];
	pthread_t th;
	int rc;

	fx_teardown();
	fx_config(&F);
	F.cfg.host.wake = wake_hook;
	fx_create(&F);
	h = fx_ready(&F, 0, HYP, 0);
	sp = fx_ready(&F, 1, EXT, 0);
	for (unsigned int i = 0; i < 2; i++) {
		F.ip[i].lock = lock_hook;
		F.ip[i].unlock = unlock_hook;
		F.ip[i].wait = wait_hook;
	}
	t.sp = sp;
	t.yield_rc = 1;
	cr_assert_eq(pthread_create(&th, NULL, partition, &t), 0);
	/* The yield is resumed by libffa's loop (FFA_RUN on the yielder). */
	do
		rc = ffa_msg_send_direct_req(h, EXT, NULL, 0, args, resp);
	while (rc == FFA_ERR_BUSY); /* still initialising */
	assert_rc(rc, 0);
	cr_assert_eq(resp[0], 42);
	assert_rc(ffa_msg_send_direct_req(h, EXT, NULL, FFA_MSG_FLAG_64BIT, args, resp), 0);
	cr_assert_eq(resp[4], 27);
	assert_rc(ffa_msg_send_direct_req2(h, EXT, NULL, &EXT_UUID, a2, r2), 0);
	cr_assert_eq(r2[13], 101);
	args[0] = 0;
	assert_rc(ffa_msg_send_direct_req(h, EXT, NULL, FFA_MSG_FLAG_64BIT, args, resp), 0);
	cr_assert_eq(resp[0], 0xD0E);
	pthread_join(th, NULL);
	cr_assert_eq(t.yield_rc, 0);
	cr_assert_eq(t.dispatch_rc, 2); /* FFA_DISPATCH_HOLD */
	fx_check(&F);
}
