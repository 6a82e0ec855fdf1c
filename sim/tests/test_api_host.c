/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The host operations for an endpoint whose client goes away
 * (ffa_sim_abort(), ffa_sim_endpoint_reset()) and the NPI hook. Every
 * operation is followed by the invariant checker (fx_call(), fx_check()).
 *
 * Decision (docs/simulator.md "Aborting an endpoint"): the requester of a
 * partition that aborts gets FFA_ERROR(ABORTED), as Hafnium answers the
 * request in flight when an SP aborts (its sp_lifecycle tests) and as
 * ffa-abi.md defines ABORTED ("target partition aborted"); afterwards the
 * partition is stopped until a client starts it again: BUSY, Hafnium's
 * answer for a stopped partition.
 */
#include "sim_test.h"

#define EXT2 0x8007u
static const struct ffa_uuid EXT2_UUID = { { 0xe8, 0x7e, 0, 7, 7, 1, 7, 1, 7, 1, 7, 1, 7, 1, 7, 1 } };

#define REQ32(from, to, ...) FRAME(FFA_MSG_SEND_DIRECT_REQ_32, ((uint32_t)(from) << 16) | (to), __VA_ARGS__)
#define RESP32(from, to, ...) FRAME(FFA_MSG_SEND_DIRECT_RESP_32, ((uint32_t)(from) << 16) | (to), __VA_ARGS__)
#define RUN(ep, vcpu) FRAME(FFA_RUN_32, ((uint32_t)(ep) << 16) | (vcpu))
#define WAIT FRAME(FFA_MSG_WAIT_32)

/* What the npi() and wake() hooks saw, in order. */
struct seen {
	char kind;  /* 'n' NPI, 'w' wake */
	uint16_t ep;
	uint16_t vcpu;
};
static struct seen SEEN[32];
static unsigned int NSEEN;

static void note(char kind, uint16_t ep, uint16_t vcpu)
{
	if (NSEEN < ARRAY_LEN(SEEN))
		SEEN[NSEEN++] = (struct seen){ kind, ep, vcpu };
}

static void npi_hook(void *arg, uint16_t ep, uint16_t vcpu)
{
	(void)arg;
	note('n', ep, vcpu);
}

static void wake_hook(void *arg, uint16_t ep)
{
	fx_wake_hook(arg, ep);
	note('w', ep, 0);
}

/* The standard fixture with a second external SP (EXT2, in QUIET's place),
 * the hooks above, HYP / VM at v1.2. */
static void setup(void)
{
	NSEEN = 0;
	fx_config_memchk(&F);
	F.eps[6] = (struct ffa_sim_endpoint_config){ .id = EXT2, .exec_ctx_count = 1,
						     .properties = PROPS_ALL_MSG,
						     .uuids = &EXT2_UUID, .uuid_count = 1 };
	F.cfg.host.npi = npi_hook;
	F.cfg.host.wake = wake_hook;
	fx_create(&F);
	fx_version(&F, HYP, FFA_VERSION_1_2);
	fx_version(&F, VM, FFA_VERSION_1_2);
}

/* @ep negotiates v1.2 and waits for messages. */
static void ready(uint16_t ep)
{
	fx_version(&F, ep, FFA_VERSION_1_2);
	fx_call_blocks(&F, ep, WAIT);
}

/* @from sends @to a REQ_32 that @to receives. */
static void request(uint16_t from, uint16_t to, uint32_t word)
{
	fx_call_blocks(&F, from, REQ32(from, to, 0, word));
	cr_assert_eq(fx_take(&F, to).x[3], word);
}

static void abort_ep(uint16_t ep)
{
	cr_assert_eq(ffa_sim_abort(F.sim, ep), 0);
	fx_check(&F);
	cr_assert_not(ffa_sim_blocked(F.sim, ep));
}

/* @to answers @from's request with @word and waits again. */
static void respond(uint16_t to, uint16_t from, uint32_t word)
{
	fx_call_blocks(&F, to, RESP32(to, from, 0, word));
}

/* @from's request to @to is served (a live, waiting partition). */
static void served(uint16_t from, uint16_t to)
{
	struct ffa_regs r;

	request(from, to, 77);
	respond(to, from, 78);
	r = fx_take(&F, from);
	cr_assert_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	cr_assert_eq(r.x[3], 78);
}

TestSuite(api_abort, .init = setup, .fini = fx_teardown);

Test(api_abort, requester_of_an_aborted_partition_gets_aborted_zero_extended)
{
	struct ffa_regs r;

	ready(EXT);
	request(VM, EXT, 5);
	abort_ep(EXT);
	r = fx_take(&F, VM);
	assert_ffa_error(r, FFA_ERR_ABORTED);
	cr_assert_eq(r.x[2], 0xFFFFFFF8u);
	for (unsigned int i = 3; i < FFA_REGS_COUNT; i++)
		cr_assert_eq(r.x[i], 0);
	/* Stopped until a client starts it again: BUSY, then served. */
	assert_ffa_error(fx_call(&F, VM, REQ32(VM, EXT, 0, 1)), FFA_ERR_BUSY);
	assert_ffa_error(fx_call(&F, HYP, RUN(EXT, 0)), FFA_ERR_BUSY);
	/* REQ2 too: its version is not settled before it negotiates again. */
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, ((uint32_t)VM << 16) | EXT)),
			 FFA_ERR_BUSY);
	ready(EXT);
	served(VM, EXT);
}

Test(api_abort, requests_of_every_kind_and_the_sign_extend_quirk)
{
	struct ffa_regs in = FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, ((uint32_t)HYP << 16) | EXT);
	struct ffa_regs r;

	fx_teardown();
	setup();
	/* REQ2 */
	ready(EXT);
	fx_call_blocks(&F, HYP, in);
	fx_take(&F, EXT);
	abort_ep(EXT);
	assert_ffa_error(fx_take(&F, HYP), FFA_ERR_ABORTED);
	/* FFA_RUN from the scheduler */
	ready(EXT);
	fx_call_blocks(&F, HYP, RUN(EXT, 1));
	cr_assert_eq(fx_take(&F, EXT).x[0], FFA_RUN_32);
	abort_ep(EXT);
	assert_ffa_error(fx_take(&F, HYP), FFA_ERR_ABORTED);
	/* TF-A's error width. */
	fx_teardown();
	NSEEN = 0;
	fx_config_memchk(&F);
	cr_assert_eq(ffa_sim_quirks_profile(FFA_SIM_PROFILE_TFA_EL3_SPMC, &F.cfg.quirks), 0);
	fx_create(&F);
	fx_version(&F, VM, FFA_VERSION_1_2);
	ready(EXT);
	request(VM, EXT, 1);
	abort_ep(EXT);
	r = fx_take(&F, VM);
	cr_assert_eq(r.x[2], 0xFFFFFFFFFFFFFFF8ull);
}

Test(api_abort, a_partition_the_aborted_endpoint_waits_on_finishes_for_nobody)
{
	ready(EXT);
	request(VM, EXT, 1);
	abort_ep(VM);
	cr_assert_eq(ffa_sim_take_answer(F.sim, VM, &(struct ffa_regs){ 0 }), FFA_ERR_BAD_ARGUMENT);
	/* EXT still works for it: its yield goes on at once, its response is
	 * accepted and dropped, and it waits again. */
	cr_assert_eq(ffa_sim_interrupt(F.sim, EXT, 9), FFA_ERR_DENIED);
	assert_ffa_success(fx_call(&F, EXT, FRAME(FFA_YIELD_32)));
	assert_ffa_error(fx_call(&F, EXT, RESP32(EXT, HYP, 0, 2)), FFA_ERR_DENIED); /* not its requester */
	assert_ffa_error(fx_call(&F, EXT, WAIT), FFA_ERR_DENIED); /* a request is unanswered */
	respond(EXT, VM, 2);
	cr_assert_not(ffa_sim_blocked(F.sim, VM));
	/* The aborted VM (a new client) and everyone else are served. */
	served(VM, EXT);
	served(HYP, EXT);
}

Test(api_abort, a_run_for_an_aborted_scheduler_ends_in_msg_wait_for_nobody)
{
	ready(EXT);
	fx_call_blocks(&F, HYP, RUN(EXT, 0));
	fx_take(&F, EXT);
	abort_ep(HYP);
	fx_call_blocks(&F, EXT, WAIT);
	cr_assert_not(ffa_sim_blocked(F.sim, HYP));
	served(HYP, EXT);
}

Test(api_abort, chains_of_requests_unwind_from_either_end)
{
	struct ffa_regs r;

	/* VM -> EXT -> EXT2; EXT (the middle) aborts: VM learns it, EXT2
	 * finishes for nobody. */
	ready(EXT);
	ready(EXT2);
	request(VM, EXT, 1);
	request(EXT, EXT2, 2);
	abort_ep(EXT);
	assert_ffa_error(fx_take(&F, VM), FFA_ERR_ABORTED);
	respond(EXT2, EXT, 3);
	fx_check(&F);
	ready(EXT);
	served(VM, EXT);
	served(VM, EXT2);
	/* VM -> EXT -> EXT2 again; VM (the start) aborts: EXT still gets
	 * EXT2's response and answers into the void. */
	request(VM, EXT, 4);
	request(EXT, EXT2, 5);
	abort_ep(VM);
	respond(EXT2, EXT, 6);
	r = fx_take(&F, EXT);
	cr_assert_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	cr_assert_eq(r.x[3], 6);
	respond(EXT, VM, 7);
	cr_assert_not(ffa_sim_blocked(F.sim, VM));
	served(VM, EXT);
	/* ... and the end of the chain (EXT2) aborts: EXT gets ABORTED for
	 * its own request and goes on working for VM. */
	request(VM, EXT, 8);
	request(EXT, EXT2, 9);
	abort_ep(EXT2);
	assert_ffa_error(fx_take(&F, EXT), FFA_ERR_ABORTED);
	respond(EXT, VM, 10);
	cr_assert_eq(fx_take(&F, VM).x[3], 10);
}

Test(api_abort, a_builtin_it_preempted_is_resumed_for_nobody)
{
	struct ffa_regs r = fx_call(&F, VM, REQ32(VM, ECHO, 0, FFA_SIM_ECHO_YIELD, 3));

	cr_assert_eq(r.x[0], FFA_YIELD_32);
	assert_ffa_error(fx_call(&F, HYP, REQ32(HYP, ECHO, 0, 1)), FFA_ERR_BUSY);
	abort_ep(VM);
	/* Echo finished the request (nobody got it) and serves again. */
	r = fx_call(&F, HYP, REQ32(HYP, ECHO, 0, 1, 2));
	cr_assert_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	cr_assert_eq(r.x[4], 2);
	/* Interrupted the same way. */
	r = fx_call(&F, VM, REQ32(VM, ECHO, 0, FFA_SIM_ECHO_INTERRUPT));
	cr_assert_eq(r.x[0], FFA_INTERRUPT_32);
	abort_ep(VM);
	cr_assert_eq(fx_call(&F, VM, REQ32(VM, ECHO, 0, 4)).x[3], 4);
}

Test(api_abort, an_external_partition_it_preempted_goes_on_for_nobody)
{
	/* Yielded: its FFA_YIELD returns at once. */
	ready(EXT);
	request(VM, EXT, 1);
	fx_call_blocks(&F, EXT, FRAME(FFA_YIELD_32));
	cr_assert_eq(fx_take(&F, VM).x[0], FFA_YIELD_32);
	abort_ep(VM);
	cr_assert_eq(fx_take(&F, EXT).x[0], FFA_SUCCESS_32);
	respond(EXT, VM, 2);
	served(HYP, EXT);
	/* Interrupted with a call held: the call runs. */
	request(VM, EXT, 3);
	cr_assert_eq(ffa_sim_interrupt(F.sim, EXT, 7), 0);
	cr_assert_eq(fx_take(&F, VM).x[0], FFA_INTERRUPT_32);
	fx_call_blocks(&F, EXT, FRAME(FFA_ID_GET_32));
	abort_ep(VM);
	cr_assert_eq(fx_take(&F, EXT).x[2], EXT);
	respond(EXT, VM, 4);
	served(HYP, EXT);
}

Test(api_abort, a_held_or_answered_call_of_the_aborted_endpoint_is_dropped)
{
	ready(EXT);
	request(VM, EXT, 1);
	cr_assert_eq(ffa_sim_interrupt(F.sim, EXT, 7), 0);
	fx_take(&F, VM);
	fx_call_blocks(&F, EXT, RESP32(EXT, VM, 0, 2)); /* held */
	abort_ep(EXT);
	/* Nothing reaches VM; VM's RUN of the stopped partition is BUSY. */
	assert_ffa_error(fx_call(&F, VM, RUN(EXT, 0)), FFA_ERR_BUSY);
	/* An answer ready but never taken is dropped too. */
	ready(EXT);
	request(VM, EXT, 3);
	fx_call_blocks(&F, EXT, RESP32(EXT, VM, 0, 4));
	cr_assert(ffa_sim_blocked(F.sim, EXT));
	abort_ep(VM); /* VM's answer was ready, untaken */
	cr_assert_eq(ffa_sim_take_answer(F.sim, VM, &(struct ffa_regs){ 0 }), FFA_ERR_BAD_ARGUMENT);
	served(VM, EXT);
}

Test(api_abort, host_errors)
{
	cr_assert_eq(ffa_sim_abort(NULL, EXT), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_sim_abort(F.sim, NO_SUCH_SP), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_sim_abort(F.sim, ECHO), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_sim_endpoint_reset(NULL, EXT), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_sim_endpoint_reset(F.sim, NO_SUCH_VM), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_sim_endpoint_reset(F.sim, MEMCHK), FFA_ERR_BAD_ARGUMENT);
	/* Idle endpoints: nothing to do, nothing changes. */
	abort_ep(VM);
	abort_ep(EXT);
	ready(EXT);
	served(HYP, EXT);
}

/* Hooks run inside a call: they cannot abort or reset anyone. */
static int hook_rc[2] = { 1, 1 };

static void aborting_sri(void *arg, uint16_t scheduler)
{
	struct fx *f = (struct fx *)arg;

	(void)scheduler;
	hook_rc[0] = ffa_sim_abort(f->sim, VM);
	hook_rc[1] = ffa_sim_endpoint_reset(f->sim, VM);
}

Test(api_abort, not_from_inside_a_hook)
{
	fx_teardown();
	fx_config(&F);
	F.cfg.host.sri = aborting_sri;
	fx_create(&F);
	fx_version(&F, VM, FFA_VERSION_1_2);
	fx_map(&F, VM);
	fx_version(&F, EXT, FFA_VERSION_1_2);
	fx_map(&F, EXT);
	{
		/* EXT binds bit 0 from VM; VM sets it: the SRI hook runs. */
		fx_call(&F, EXT, FRAME(FFA_NOTIFICATION_BIND_32, ((uint32_t)VM << 16) | EXT, 0, 1));
		assert_ffa_success(
			fx_call(&F, VM, FRAME(FFA_NOTIFICATION_SET_32, ((uint32_t)VM << 16) | EXT, 0, 1)));
	}
	cr_assert_eq(hook_rc[0], FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(hook_rc[1], FFA_ERR_BAD_ARGUMENT);
}

/* ---- ffa_sim_endpoint_reset() ------------------------------------------------------------ */

TestSuite(api_reset, .init = setup, .fini = fx_teardown);

#define BIND(rcv, snd, flags, bm) FRAME(FFA_NOTIFICATION_BIND_32, ((uint32_t)(snd) << 16) | (rcv), flags, (uint32_t)(bm), (uint64_t)(bm) >> 32)
#define SET(snd, rcv, flags, bm) FRAME(FFA_NOTIFICATION_SET_32, ((uint32_t)(snd) << 16) | (rcv), flags, (uint32_t)(bm), (uint64_t)(bm) >> 32)
#define GET(rcv, vcpu, flags) FRAME(FFA_NOTIFICATION_GET_32, ((uint32_t)(vcpu) << 16) | (rcv), flags)

/* VM sends EXT an indirect message of @len bytes. */
static struct ffa_regs send2(uint16_t from, uint16_t to, uint32_t len)
{
	struct ffa_uuid nil = { { 0 } };
	uint8_t payload[16] = { 1, 2, 3 };

	cr_assert_gt(ffa_msg_hdr_encode(fx_tx(&F, from), 4096, FFA_VERSION_1_2, from, to, &nil,
					payload, len),
		     0);
	return fx_call(&F, from, FRAME(FFA_MSG_SEND2_32));
}

Test(api_reset, a_new_client_starts_from_scratch)
{
	struct ffa_regs r;

	/* EXT: v1.1, RX/TX mapped, a binding from VM with a notification
	 * pending, an indirect message in RX; and a binding of its own at VM
	 * (VM's, so it stays). */
	fx_version(&F, EXT, FFA_VERSION_1_1);
	fx_map(&F, EXT);
	fx_map(&F, VM);
	assert_ffa_success(fx_call(&F, EXT, BIND(EXT, VM, 0, 0x30)));
	assert_ffa_success(fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_BITMAP_CREATE_32, VM, 1)));
	assert_ffa_success(fx_call(&F, VM, BIND(VM, EXT, 0, 0x1)));
	assert_ffa_success(fx_call(&F, VM, SET(VM, EXT, 0, 0x10)));
	fx_call_blocks(&F, EXT, WAIT);
	assert_ffa_success(send2(VM, EXT, 3));
	cr_assert_geq(ffa_sim_endpoint_reset(F.sim, EXT), 0);
	fx_check(&F);
	cr_assert_not(ffa_sim_blocked(F.sim, EXT));
	/* A new client negotiates any version again. */
	cr_assert_eq(fx_version(&F, EXT, FFA_VERSION_1_2), FFA_VERSION_1_2);
	/* Nothing mapped; it maps afresh and its RX is empty. */
	assert_ffa_error(fx_call(&F, EXT, FRAME(FFA_RX_RELEASE_32)), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_success(fx_map(&F, EXT));
	assert_ffa_error(fx_call(&F, EXT, FRAME(FFA_RX_RELEASE_32)), FFA_ERR_DENIED);
	/* Its bindings and pending bits are gone: VM cannot set them; GET
	 * finds nothing, framework bits included. */
	assert_ffa_error(fx_call(&F, VM, SET(VM, EXT, 0, 0x10)), FFA_ERR_DENIED);
	r = fx_call(&F, EXT, GET(EXT, 0, 0xF));
	for (unsigned int i = 2; i < 8; i++)
		cr_assert_eq(r.x[i], 0, "w%u", i);
	/* The binding VM made with EXT as the sender is VM's: EXT sets it. */
	assert_ffa_success(fx_call(&F, EXT, SET(EXT, VM, 0, 0x1)));
	/* And it binds again, and is served. */
	assert_ffa_success(fx_call(&F, EXT, BIND(EXT, VM, 0, 0x30)));
	fx_call_blocks(&F, EXT, WAIT);
	served(VM, EXT);
}

Test(api_reset, memory_it_borrowed_and_lent_comes_back)
{
	struct ffa_mem_receiver rcv = { .id = EXT,
					.perm = ffa_mem_perm_make(FFA_MEM_DATA_RW,
								  FFA_MEM_INSTR_NOT_SPECIFIED) };
	struct ffa_mem_range rg = { own(HYP, 0), 2 };
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	struct ffa_mem_txn t = { .version = FFA_VERSION_1_2, .kind = FFA_MEM_DESC_SEND,
				 .sender = HYP, .attributes = FFA_MEM_ATTR_NORMAL_WB_INNER,
				 .receiver_count = 1, .receivers = &rcv };
	struct ffa_regs r;
	uint64_t h;
	int len;

	fx_own_memory(&F);
	fx_map(&F, HYP);
	fx_version(&F, EXT, FFA_VERSION_1_2);
	fx_map(&F, EXT);
	/* HYP shares two pages with EXT, which retrieves them. */
	ffa_mem_range_array_iter(&st, &rg, 1, &it);
	len = ffa_mem_desc_encode(&t, &it, fx_tx(&F, HYP), 4096);
	cr_assert_gt(len, 0);
	r = fx_call(&F, HYP, FRAME(FFA_MEM_SHARE_32, (uint32_t)len, (uint32_t)len));
	assert_ffa_success(r);
	h = ffa_mem_handle_make((uint32_t)r.x[2], (uint32_t)r.x[3]);
	rcv.perm = ffa_mem_perm_make(FFA_MEM_DATA_RW, FFA_MEM_INSTR_NOT_SPECIFIED);
	t = (struct ffa_mem_txn){ .version = FFA_VERSION_1_2, .kind = FFA_MEM_DESC_RETRIEVE_REQ,
				  .sender = HYP, .handle = h, .receiver_count = 1, .receivers = &rcv,
				  .flags = FFA_MEM_RETRIEVE_FLAG_TYPE(FFA_MEM_RETRIEVE_TYPE_SHARE) };
	len = ffa_mem_retrieve_req_encode(&t, fx_tx(&F, EXT), 4096);
	cr_assert_gt(len, 0);
	r = fx_call(&F, EXT, FRAME(FFA_MEM_RETRIEVE_REQ_32, (uint32_t)len, (uint32_t)len));
	cr_assert_eq(r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_MEM_RECLAIM_32, (uint32_t)h, h >> 32)),
			 FFA_ERR_DENIED);
	/* EXT's client goes: its retrieval ends, the owner reclaims. */
	cr_assert_eq(ffa_sim_endpoint_reset(F.sim, EXT), 0);
	fx_check(&F);
	assert_ffa_success(fx_call(&F, HYP, FRAME(FFA_MEM_RECLAIM_32, (uint32_t)h, h >> 32)));
	fx_assert_owned(&F, HYP, own(HYP, 0), OWN_PAGES * 4096u);
	/* A transaction the gone endpoint owned and nobody holds is freed
	 * (the count), its memory its own again. */
	rcv.id = HYP;
	rg = (struct ffa_mem_range){ own(VM, 0), 1 };
	ffa_mem_range_array_iter(&st, &rg, 1, &it);
	fx_map(&F, VM);
	t = (struct ffa_mem_txn){ .version = FFA_VERSION_1_2, .kind = FFA_MEM_DESC_SEND,
				  .sender = VM, .attributes = FFA_MEM_ATTR_NORMAL_WB_INNER,
				  .receiver_count = 1, .receivers = &rcv };
	len = ffa_mem_desc_encode(&t, &it, fx_tx(&F, VM), 4096);
	assert_ffa_success(fx_call(&F, VM, FRAME(FFA_MEM_SHARE_32, (uint32_t)len, (uint32_t)len)));
	cr_assert_eq(ffa_sim_endpoint_reset(F.sim, VM), 1);
	fx_check(&F);
	fx_assert_owned(&F, VM, own(VM, 0), OWN_PAGES * 4096u);
}

Test(api_reset, the_hypervisors_acquisitions_return)
{
	fx_map(&F, HYP);
	fx_map(&F, VM);
	assert_ffa_success(fx_call(&F, HYP, FRAME(FFA_RX_ACQUIRE_32, VM)));
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_PARTITION_INFO_GET_32)), FFA_ERR_BUSY);
	cr_assert_eq(ffa_sim_endpoint_reset(F.sim, HYP), 0);
	fx_check(&F);
	assert_ffa_success(fx_call(&F, VM, FRAME(FFA_PARTITION_INFO_GET_32)));
}

Test(api_reset, while_blocked_it_aborts_first)
{
	ready(EXT);
	request(VM, EXT, 1);
	cr_assert_eq(ffa_sim_endpoint_reset(F.sim, EXT), 0);
	fx_check(&F);
	assert_ffa_error(fx_take(&F, VM), FFA_ERR_ABORTED);
	ready(EXT);
	served(VM, EXT);
}

/* ---- The NPI hook ------------------------------------------------------------------------- */

TestSuite(api_npi, .init = setup, .fini = fx_teardown);

/* EXT is mapped, binds @bm from VM (@flags: per-vCPU), and waits. */
static void ext_bound(uint32_t flags, uint64_t bm)
{
	fx_version(&F, EXT, FFA_VERSION_1_2);
	fx_map(&F, EXT);
	assert_ffa_success(fx_call(&F, EXT, BIND(EXT, VM, flags, bm)));
	fx_call_blocks(&F, EXT, WAIT);
}

/* HYP runs EXT on @vcpu; EXT gets FFA_RUN and waits again. */
static void run_ext(uint16_t vcpu)
{
	fx_call_blocks(&F, HYP, RUN(EXT, vcpu));
	cr_assert_eq(fx_take(&F, EXT).x[0], FFA_RUN_32);
	fx_call_blocks(&F, EXT, WAIT);
	cr_assert_eq(fx_take(&F, HYP).x[0], FFA_MSG_WAIT_32);
}

static unsigned int npis(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < NSEEN; i++)
		n += SEEN[i].kind == 'n';
	return n;
}

Test(api_npi, raised_when_the_scheduler_runs_a_partition_with_pending_notifications)
{
	ext_bound(0, 0x4);
	run_ext(0);
	cr_assert_eq(npis(), 0); /* nothing pending */
	assert_ffa_success(fx_call(&F, VM, SET(VM, EXT, 0, 0x4)));
	NSEEN = 0;
	fx_call_blocks(&F, HYP, RUN(EXT, 1));
	/* The NPI comes before EXT's wake-up (its FFA_RUN answer). */
	cr_assert_geq(NSEEN, 2);
	cr_assert_eq(SEEN[0].kind, 'n');
	cr_assert_eq(SEEN[0].ep, EXT);
	cr_assert_eq(SEEN[0].vcpu, 1);
	cr_assert_eq(SEEN[1].kind, 'w');
	cr_assert_eq(SEEN[1].ep, EXT);
	cr_assert_eq(fx_take(&F, EXT).x[0], FFA_RUN_32);
	/* EXT takes its notifications; the next run raises none. */
	cr_assert_eq(fx_call(&F, EXT, GET(EXT, 1, 0x3)).x[4], 0x4);
	fx_call_blocks(&F, EXT, WAIT);
	fx_take(&F, HYP);
	NSEEN = 0;
	run_ext(0);
	cr_assert_eq(npis(), 0);
}

Test(api_npi, per_vcpu_notifications_only_on_their_vcpu_and_framework_ones_too)
{
	ext_bound(1, 0x8); /* per-vCPU */
	assert_ffa_success(fx_call(&F, VM, SET(VM, EXT, 1 | (1u << 16), 0x8)));
	NSEEN = 0;
	run_ext(0);
	cr_assert_eq(npis(), 0);
	NSEEN = 0;
	run_ext(1);
	cr_assert_eq(npis(), 1);
	cr_assert_eq(SEEN[0].kind, 'n');
	cr_assert_eq(SEEN[0].vcpu, 1);
	/* An indirect message: "RX buffer full" (a framework notification). */
	fx_teardown();
	setup();
	fx_map(&F, VM);
	ext_bound(0, 0x1);
	assert_ffa_success(send2(VM, EXT, 3));
	NSEEN = 0;
	run_ext(0);
	cr_assert_eq(npis(), 1);
}

Test(api_npi, never_for_builtin_partitions_or_without_a_hook)
{
	uint64_t cmd[] = { FFA_SIM_NOTIFIER_BIND, VM, 0x2 };

	/* The notifier binds bit 1 from VM; VM sets it; the scheduler runs
	 * the notifier: it collects them itself, no NPI. */
	fx_map(&F, VM);
	cr_assert_eq(fx_call(&F, VM, REQ32(VM, NOTI, 0, cmd[0], cmd[1], cmd[2])).x[3], 0);
	assert_ffa_success(fx_call(&F, VM, SET(VM, NOTI, 0, 0x2)));
	NSEEN = 0;
	cr_assert_eq(fx_call(&F, HYP, RUN(NOTI, 0)).x[0], FFA_MSG_WAIT_32);
	cr_assert_eq(npis(), 0);
	/* No hook: nothing to call, the run works as ever. */
	fx_teardown();
	fx_config(&F);
	fx_create(&F);
	fx_version(&F, VM, FFA_VERSION_1_2);
	ext_bound(0, 0x1);
	assert_ffa_success(fx_call(&F, VM, SET(VM, EXT, 0, 0x1)));
	run_ext(0);
}

/* ---- ffa_sim_memory_access() ------------------------------------------------------------- */

TestSuite(api_memory, .init = setup, .fini = fx_teardown);

#define P_RW ffa_mem_perm_make(FFA_MEM_DATA_RW, FFA_MEM_INSTR_NOT_SPECIFIED)
#define P_RO ffa_mem_perm_make(FFA_MEM_DATA_RO, FFA_MEM_INSTR_NOT_SPECIFIED)

/* HYP sends owned page 3 to EXT with @fid (@send_perm); EXT retrieves it
 * as @type with @perm. Returns the handle. */
static uint64_t send_and_retrieve(uint32_t fid, uint8_t type, uint8_t send_perm, uint8_t perm)
{
	struct ffa_mem_receiver rcv = { .id = EXT, .perm = send_perm };
	struct ffa_mem_range rg = { own(HYP, 3), 1 };
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	struct ffa_mem_txn t = { .version = FFA_VERSION_1_2, .kind = FFA_MEM_DESC_SEND,
				 .sender = HYP, .receiver_count = 1, .receivers = &rcv,
				 .attributes = fid == FFA_MEM_SHARE_32 ? FFA_MEM_ATTR_NORMAL_WB_INNER : 0 };
	struct ffa_regs r;
	uint64_t h;
	int len;

	ffa_mem_range_array_iter(&st, &rg, 1, &it);
	len = ffa_mem_desc_encode(&t, &it, fx_tx(&F, HYP), 4096);
	r = fx_call(&F, HYP, FRAME(fid, (uint32_t)len, (uint32_t)len));
	assert_ffa_success(r);
	h = ffa_mem_handle_make((uint32_t)r.x[2], (uint32_t)r.x[3]);
	cr_assert_eq(ffa_sim_memory_access(F.sim, EXT, own(HYP, 3), 4096, NULL), FFA_ERR_DENIED);
	rcv.perm = perm;
	t = (struct ffa_mem_txn){ .version = FFA_VERSION_1_2, .kind = FFA_MEM_DESC_RETRIEVE_REQ,
				  .sender = HYP, .handle = h, .receiver_count = 1, .receivers = &rcv,
				  .flags = FFA_MEM_RETRIEVE_FLAG_TYPE(type) };
	len = ffa_mem_retrieve_req_encode(&t, fx_tx(&F, EXT), 4096);
	r = fx_call(&F, EXT, FRAME(FFA_MEM_RETRIEVE_REQ_32, (uint32_t)len, (uint32_t)len));
	cr_assert_eq(r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	assert_ffa_success(fx_call(&F, EXT, FRAME(FFA_RX_RELEASE_32)));
	return h;
}

Test(api_memory, access_follows_the_ownership_table)
{
	uint64_t page = 0, h;
	uint16_t me = EXT;
	bool w = true;

	fx_own_memory(&F);
	fx_map(&F, HYP);
	fx_version(&F, EXT, FFA_VERSION_1_2);
	fx_map(&F, EXT);
	page = own(HYP, 3);
	/* Owned, in no transaction: its owner only. */
	cr_assert_eq(ffa_sim_memory_access(F.sim, HYP, page, 4096, &w), 0);
	cr_assert(w);
	cr_assert_eq(ffa_sim_memory_access(F.sim, VM, page, 4096, NULL), FFA_ERR_DENIED);
	cr_assert_eq(ffa_sim_memory_access(F.sim, HYP, pa_of(fx_mem(&F, HYP) + 4096u * 4u), 4096,
					   NULL),
		     FFA_ERR_DENIED); /* never added */
	cr_assert_eq(ffa_sim_memory_access(NULL, HYP, page, 4096, NULL), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_sim_memory_access(F.sim, HYP, page, 0, NULL), FFA_ERR_BAD_ARGUMENT);
	/* Shared RO with EXT: both, EXT read-only; a bystander not. */
	h = send_and_retrieve(FFA_MEM_SHARE_32, FFA_MEM_RETRIEVE_TYPE_SHARE, P_RO, P_RO);
	cr_assert_eq(ffa_sim_memory_access(F.sim, EXT, page, 4096, &w), 0);
	cr_assert_not(w);
	cr_assert_eq(ffa_sim_memory_access(F.sim, HYP, page, 4096, NULL), 0);
	cr_assert_eq(ffa_sim_memory_access(F.sim, VM, page, 4096, NULL), FFA_ERR_DENIED);
	cr_assert_eq(ffa_sim_memory_access(F.sim, EXT, page, 8192, NULL), FFA_ERR_DENIED);
	/* Relinquished: EXT no longer. */
	cr_assert_gt(ffa_mem_relinquish_encode(h, 0, &me, 1, fx_tx(&F, EXT), 4096), 0);
	assert_ffa_success(fx_call(&F, EXT, FRAME(FFA_MEM_RELINQUISH_32)));
	cr_assert_eq(ffa_sim_memory_access(F.sim, EXT, page, 4096, NULL), FFA_ERR_DENIED);
	assert_ffa_success(fx_call(&F, HYP, FRAME(FFA_MEM_RECLAIM_32, (uint32_t)h, h >> 32)));
	/* Lent: the borrower only. */
	h = send_and_retrieve(FFA_MEM_LEND_32, FFA_MEM_RETRIEVE_TYPE_LEND, P_RW,
			      ffa_mem_perm_make(FFA_MEM_DATA_RW, FFA_MEM_INSTR_NX));
	cr_assert_eq(ffa_sim_memory_access(F.sim, EXT, page, 4096, &w), 0);
	cr_assert(w);
	cr_assert_eq(ffa_sim_memory_access(F.sim, HYP, page, 4096, NULL), FFA_ERR_DENIED);
	cr_assert_gt(ffa_mem_relinquish_encode(h, 0, &me, 1, fx_tx(&F, EXT), 4096), 0);
	assert_ffa_success(fx_call(&F, EXT, FRAME(FFA_MEM_RELINQUISH_32)));
	assert_ffa_success(fx_call(&F, HYP, FRAME(FFA_MEM_RECLAIM_32, (uint32_t)h, h >> 32)));
	/* Donated: the recipient owns it now, the donor has nothing. */
	send_and_retrieve(FFA_MEM_DONATE_32, FFA_MEM_RETRIEVE_TYPE_DONATE,
			  ffa_mem_perm_make(FFA_MEM_DATA_NOT_SPECIFIED, FFA_MEM_INSTR_NOT_SPECIFIED),
			  ffa_mem_perm_make(FFA_MEM_DATA_RW, FFA_MEM_INSTR_NX));
	cr_assert_eq(ffa_sim_memory_access(F.sim, EXT, page, 4096, NULL), 0);
	cr_assert_eq(ffa_sim_memory_access(F.sim, HYP, page, 4096, NULL), FFA_ERR_DENIED);
}
