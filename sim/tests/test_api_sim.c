/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The simulator's host API: configuration checks, storage sizing and
 * creation, registered regions, the trace, the invariant checker and the
 * host-level call rules.
 */
#include "sim_test.h"

static struct fx F;
static struct ffa_uuid dup_uuids[2];
static const struct ffa_uuid nil_uuid = FFA_UUID_NIL_INIT;

static int storage_rc(void)
{
	size_t size;

	return ffa_sim_storage_size(&F.cfg, &size);
}

/* One invalid configuration each (applied to the standard one). */
static void bad_version(struct fx *f) { f->cfg.version = FFA_VERSION_1_3; }
static void bad_spmc_id(struct fx *f) { f->cfg.spmc_id = 0x0100; }
static void spmc_id_taken(struct fx *f) { f->cfg.spmc_id = ECHO; }
static void dup_id(struct fx *f) { f->eps[1].id = HYP; }
static void id_ffff(struct fx *f) { f->eps[4].id = 0xFFFF; }
static void no_vcpus(struct fx *f) { f->eps[1].exec_ctx_count = 0; }
static void many_vcpus(struct fx *f) { f->eps[1].exec_ctx_count = FFA_SIM_MAX_VCPUS + 1; }
static void vm_props(struct fx *f) { f->eps[1].properties = 1; }
static void vm_uuid(struct fx *f) { f->eps[1].uuids = &ECHO_UUID; f->eps[1].uuid_count = 1; }
static void vm_ops(struct fx *f) { f->eps[1].ops = ffa_sim_echo_ops(); }
static void two_hyps(struct fx *f) { f->eps[1].flags = FFA_SIM_EP_HYPERVISOR; }
static void sp_flags(struct fx *f) { f->eps[4].flags = FFA_SIM_EP_HYPERVISOR; }
static void sp_no_uuid(struct fx *f) { f->eps[4].uuid_count = 0; }
static void sp_nil_uuid(struct fx *f) { f->eps[4].uuids = &nil_uuid; f->eps[4].uuid_count = 1; }
static void sp_dup_uuid(struct fx *f)
{
	dup_uuids[0] = EXT_UUID;
	dup_uuids[1] = EXT_UUID;
	f->eps[4].uuids = dup_uuids;
	f->eps[4].uuid_count = 2;
}
static void sp_id_type(struct fx *f) { f->eps[4].properties |= 1u << 4; }
static void sp_unknown_prop(struct fx *f) { f->eps[4].properties |= 1u << 11; }
static void a32_req2(struct fx *f) { f->eps[5].properties |= FFA_PART_PROP_DIRECT_REQ2_RECV; }
static void vm_msgs_without_recv(struct fx *f) { f->eps[4].properties = FFA_PART_PROP_VM_CREATED; }
static void ext_version(struct fx *f) { f->eps[4].version = FFA_VERSION_1_1; }
static void builtin_bad_version(struct fx *f) { f->eps[2].version = FFA_VERSION_MAKE(2, 0); }
static void rx_min(struct fx *f) { f->cfg.rxtx_min_pages = 2; }
static void rx_max(struct fx *f) { f->cfg.rxtx_max_pages = 64; }
static void rx_max_below_min(struct fx *f) { f->cfg.rxtx_min_pages = 16; f->cfg.rxtx_max_pages = 4; }
static void no_endpoints(struct fx *f) { f->cfg.endpoint_count = 0; }

Test(api_config, invalid_configurations_refused)
{
	static void (*const bad[])(struct fx *) = {
		bad_version,  bad_spmc_id,     spmc_id_taken, dup_id,      id_ffff,
		no_vcpus,     many_vcpus,      vm_props,      vm_uuid,     vm_ops,
		two_hyps,     sp_flags,        sp_no_uuid,    sp_nil_uuid, sp_dup_uuid,
		sp_id_type,   sp_unknown_prop, a32_req2,      vm_msgs_without_recv,
		ext_version,  builtin_bad_version, rx_min,    rx_max,      rx_max_below_min,
		no_endpoints,
	};

	fx_config(&F);
	cr_assert_eq(storage_rc(), 0);
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		fx_config(&F);
		bad[i](&F);
		cr_assert_eq(storage_rc(), FFA_ERR_BAD_ARGUMENT, "case %zu accepted", i);
	}
	cr_assert_eq(ffa_sim_storage_size(NULL, &(size_t){ 0 }), FFA_ERR_BAD_ARGUMENT);
}

Test(api_config, create_checks_storage)
{
	size_t size;
	uint8_t *mem;
	struct ffa_sim *sim;

	fx_config(&F);
	cr_assert_eq(ffa_sim_storage_size(&F.cfg, &size), 0);
	mem = aligned_alloc(16, size + 32);
	cr_assert_eq(ffa_sim_create(&F.cfg, mem, size - 1, &sim), FFA_ERR_BUFFER_TOO_SMALL);
	cr_assert_eq(ffa_sim_create(&F.cfg, mem + 8, size, &sim), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_sim_create(&F.cfg, mem, size, &sim), 0);
	cr_assert_eq(ffa_sim_check(sim, NULL), 0);
	free(mem);
}

Test(api_config, storage_grows_with_configuration_only)
{
	size_t a, b;

	fx_config(&F);
	cr_assert_eq(ffa_sim_storage_size(&F.cfg, &a), 0);
	F.eps[0].exec_ctx_count = 64;
	cr_assert_eq(ffa_sim_storage_size(&F.cfg, &b), 0);
	cr_assert_gt(b, a);
}

Test(api_config, endpoints_any_order_sorted_by_id)
{
	struct ffa_sim_endpoint_config tmp;
	struct ffa_regs r;

	fx_config(&F);
	tmp = F.eps[0];
	F.eps[0] = F.eps[6];
	F.eps[6] = tmp;
	fx_create(&F);
	fx_version(&F, VM, FFA_VERSION_1_1);
	assert_ffa_success(fx_map(&F, VM));
	r = fx_call(&F, VM, FRAME(FFA_PARTITION_INFO_GET_32));
	cr_assert_eq(r.x[2], 5);
	cr_assert_eq(fx_rx(&F, VM)[0] | fx_rx(&F, VM)[1] << 8, ECHO);
	cr_assert_eq(fx_rx(&F, VM)[96] | fx_rx(&F, VM)[97] << 8, QUIET);
	fx_destroy(&F);
}

Test(api_config, quirk_profiles)
{
	struct ffa_sim_quirks q;

	cr_assert_eq(ffa_sim_quirks_profile(FFA_SIM_PROFILE_DEFAULT, &q), 0);
	cr_assert_eq(q.version_relock, FFA_SIM_RELOCK_NOT_SUPPORTED);
	cr_assert_eq(ffa_sim_quirks_profile(FFA_SIM_PROFILE_TFA_EL3_SPMC, &q), 0);
	cr_assert_eq(q.version_refusal, FFA_SIM_VERSION_REFUSE_OWN_VERSION);
	cr_assert_eq(ffa_sim_quirks_profile((enum ffa_sim_profile)99, &q), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_sim_quirks_profile(FFA_SIM_PROFILE_DEFAULT, NULL), FFA_ERR_BAD_ARGUMENT);
}

/* ---- Regions ------------------------------------------------------------------ */

Test(api_regions, lookup_and_rules)
{
	struct ffa_sim_region tab[2];
	struct ffa_sim_regions t;
	static uint8_t a[8192], b[4096];

	cr_assert_eq(ffa_sim_regions_init(&t, tab, 2), 0);
	cr_assert_eq(ffa_sim_regions_add(&t, 1, 0x10000, a, sizeof(a)), 0);
	cr_assert_eq(ffa_sim_regions_add(&t, 1, 0x11000, b, 4096), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_sim_regions_add(&t, 1, 0x20000, a + 4096, 4096), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_sim_regions_add(&t, 2, 0x10000, b, 4096), 0); /* other endpoint */
	cr_assert_eq(ffa_sim_regions_add(&t, 3, 0x30000, b, 1), FFA_ERR_NO_MEMORY);
	cr_assert_eq(ffa_sim_regions_add(&t, 3, ~0ull, b, 2), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_sim_regions_map(&t, 1, 0x11000, 4096), a + 4096);
	cr_assert_null(ffa_sim_regions_map(&t, 1, 0x11000, 4097));
	cr_assert_null(ffa_sim_regions_map(&t, 3, 0x10000, 1));
	cr_assert_eq(ffa_sim_regions_map(&t, 2, 0x10000, 4096), b);
	cr_assert_null(ffa_sim_regions_map(&t, 1, ~0ull, 2));
}

/* ---- Host call rules -------------------------------------------------------------- */

TestSuite(api_call, .init = fx_setup, .fini = fx_teardown);

Test(api_call, host_errors)
{
	struct ffa_regs in = FRAME(FFA_ID_GET_32), out;

	cr_assert_eq(ffa_sim_call(NULL, VM, &in, &out), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_sim_call(F.sim, VM, NULL, &out), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_sim_call(F.sim, NO_SUCH_VM, &in, &out), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_sim_call(F.sim, ECHO, &in, &out), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_sim_interrupt(NULL, EXT, 0), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_sim_interrupt(F.sim, VM, 0), FFA_ERR_BAD_ARGUMENT);
	cr_assert_not(ffa_sim_blocked(F.sim, NO_SUCH_VM));
	fx_check(&F);
}

Test(api_call, in_and_out_may_alias)
{
	struct ffa_regs r = FRAME(FFA_ID_GET_32);

	cr_assert_eq(ffa_sim_call(F.sim, VM, &r, &r), 0);
	cr_assert_eq(r.x[0], FFA_SUCCESS_32);
	cr_assert_eq(r.x[2], VM);
}

Test(api_call, unused_answer_registers_are_zero)
{
	struct ffa_regs r = fx_call(&F, VM, FRAME(FFA_ID_GET_32));

	for (unsigned int i = 3; i < FFA_REGS_COUNT; i++)
		cr_assert_eq(r.x[i], 0);
	cr_assert_eq(r.x[1], 0);
}

static struct ffa_sim *reentry_sim;
static int reentry_rc = 1;

static void reentering_sri(void *arg, uint16_t scheduler)
{
	struct ffa_regs in = FRAME(FFA_ID_GET_32), out;

	(void)arg;
	(void)scheduler;
	reentry_rc = ffa_sim_call(reentry_sim, VM, &in, &out);
}

Test(api_call, hooks_cannot_call_back_in)
{
	fx_teardown();
	fx_config(&F);
	F.cfg.host.sri = reentering_sri;
	fx_create(&F);
	reentry_sim = F.sim;
	fx_version(&F, EXT, FFA_VERSION_1_2);
	fx_version(&F, VM, FFA_VERSION_1_2);
	assert_ffa_success(fx_call(&F, EXT, FRAME(FFA_NOTIFICATION_BIND_32, (uint32_t)VM << 16 | EXT,
						  0, 1)));
	assert_ffa_success(fx_call(&F, VM, FRAME(FFA_NOTIFICATION_SET_32, (uint32_t)VM << 16 | EXT,
						 0, 1)));
	cr_assert_eq(reentry_rc, FFA_ERR_BUSY);
}

Test(api_call, sri_count_taken_and_cleared)
{
	fx_version(&F, EXT, FFA_VERSION_1_2);
	fx_version(&F, VM, FFA_VERSION_1_2);
	fx_call(&F, EXT, FRAME(FFA_NOTIFICATION_BIND_32, (uint32_t)VM << 16 | EXT, 0, 3));
	fx_call(&F, VM, FRAME(FFA_NOTIFICATION_SET_32, (uint32_t)VM << 16 | EXT, 0, 1));
	fx_call(&F, VM, FRAME(FFA_NOTIFICATION_SET_32, (uint32_t)VM << 16 | EXT, 0, 2));
	cr_assert_eq(ffa_sim_take_sri(F.sim), 2);
	cr_assert_eq(ffa_sim_take_sri(F.sim), 0);
}

/* ---- Trace ---------------------------------------------------------------------- */

static char lines[16][256];
static unsigned int nlines;

static void trace_hook(void *arg, const struct ffa_sim_trace_rec *rec)
{
	(void)arg;
	if (nlines < 16)
		ffa_sim_trace_format(rec, lines[nlines++], sizeof(lines[0]));
}

Test(api_trace, off_by_default_and_records_calls)
{
	fx_config(&F);
	fx_create(&F);
	fx_call(&F, VM, FRAME(FFA_ID_GET_32));
	fx_destroy(&F);

	nlines = 0;
	fx_config(&F);
	F.cfg.host.trace = trace_hook;
	fx_create(&F);
	fx_call(&F, VM, FRAME(FFA_ID_GET_32));
	fx_call(&F, VM, FRAME(FFA_RX_RELEASE_32));
	fx_call(&F, HYP, FRAME(FFA_MSG_SEND_DIRECT_REQ_64, ECHO, 0, 0x1234));
	cr_assert_eq(nlines, 3);
	cr_assert_str_eq(lines[0], "call 0 ep=0x1 FFA_ID_GET_32 -> FFA_SUCCESS_32 x2=0x1");
	cr_assert_str_eq(lines[1], "call 0 ep=0x1 FFA_RX_RELEASE_32 -> FFA_ERROR_32 FF-A "
				   "INVALID_PARAMETERS");
	cr_assert_str_eq(lines[2], "call 0 ep=0x0 FFA_MSG_SEND_DIRECT_REQ_64 x1=0x8001 x3=0x1234 "
				   "-> FFA_MSG_SEND_DIRECT_RESP_64 x1=0x80010000 x3=0x1234");
	cr_assert_not(ffa_sim_set_trace(F.sim, false) == false);
	fx_call(&F, VM, FRAME(FFA_ID_GET_32));
	cr_assert_eq(nlines, 3);
	fx_destroy(&F);
}

Test(api_trace, blocked_calls_wakes_and_nested_calls)
{
	nlines = 0;
	fx_config(&F);
	F.cfg.host.trace = trace_hook;
	fx_create(&F);
	fx_version(&F, EXT, FFA_VERSION_1_2);
	fx_call_blocks(&F, EXT, FRAME(FFA_MSG_WAIT_32));
	fx_call_blocks(&F, HYP, FRAME(FFA_MSG_SEND_DIRECT_REQ_32, EXT, 0, 7));
	cr_assert_str_eq(lines[1], "blocked 0 ep=0x8003 FFA_MSG_WAIT_32");
	cr_assert_str_eq(lines[2], "blocked 0 ep=0x0 FFA_MSG_SEND_DIRECT_REQ_32 x1=0x8003 x3=0x7");
	cr_assert_str_eq(lines[3], "wake 0 ep=0x8003 -> FFA_MSG_SEND_DIRECT_REQ_32 x1=0x8003 x3=0x7");
	fx_destroy(&F);
	/* A built-in's own call is traced one level deeper. */
	nlines = 0;
	fx_config(&F);
	F.cfg.host.trace = trace_hook;
	fx_create(&F);
	fx_call(&F, HYP, FRAME(FFA_MSG_SEND_DIRECT_REQ_32, NOTI, 0, FFA_SIM_NOTIFIER_SET, EXT, 1));
	cr_assert_eq(nlines, 2);
	cr_assert(strncmp(lines[0], "call 1 ep=0x8002 FFA_NOTIFICATION_SET_32", 40) == 0,
		  "%s", lines[0]);
	fx_destroy(&F);
}

Test(api_trace, names_and_format_edges)
{
	struct ffa_sim_trace_rec rec = { .kind = FFA_SIM_TRACE_CALL, .endpoint = 1 };
	struct ffa_regs out = FRAME(FFA_VERSION_1_2);
	char small[8];

	cr_assert_str_eq(ffa_sim_fid_name(FFA_RXTX_MAP_64), "FFA_RXTX_MAP_64");
	cr_assert_str_eq(ffa_sim_fid_name(FFA_MSG_SEND_DIRECT_REQ2_64 | FFA_FID_SVE_HINT_BIT),
			 "FFA_MSG_SEND_DIRECT_REQ2_64");
	cr_assert_str_eq(ffa_sim_fid_name(0x84000091u), "?");
	cr_assert_str_eq(ffa_sim_fid_name(0x80000000u), "?");
	rec.out = &out;
	cr_assert_eq(ffa_sim_trace_format(&rec, small, sizeof(small)), 7);
	cr_assert_str_eq(small, "call 0 ");
	cr_assert_eq(ffa_sim_trace_format(&rec, small, 0), 0);
	cr_assert_eq(ffa_sim_trace_format(NULL, small, sizeof(small)), 0);
}

/* ---- The checker finds broken state -------------------------------------------- */

#include "sim_internal.h"

Test(api_check, detects_corruption)
{
	uint32_t where = 0;
	struct sim_ep *ep;

	fx_config(&F);
	fx_create(&F);
	cr_assert_eq(ffa_sim_check(F.sim, &where), 0);
	ep = sim_ep_find(F.sim, EXT);
	ep->rs = RS_BLOCKED; /* blocked on nobody */
	cr_assert_eq(ffa_sim_check(F.sim, &where), FFA_ERR_PROTOCOL);
	cr_assert_eq(where >> 16, 7);
	ep->rs = RS_INIT;
	ep->rx_owner = RX_EP; /* owning an RX buffer that is not mapped */
	cr_assert_eq(ffa_sim_check(F.sim, &where), FFA_ERR_PROTOCOL);
	cr_assert_eq(where >> 16, 17);
	ep->rx_owner = RX_PM;
	ep->pend_sp = 1; /* pending without a binding */
	cr_assert_eq(ffa_sim_check(F.sim, &where), FFA_ERR_PROTOCOL);
	cr_assert_eq(where >> 16, 36);
	ep->pend_sp = 0;
	cr_assert_eq(ffa_sim_check(F.sim, &where), 0);
	cr_assert_eq(ffa_sim_check(NULL, &where), FFA_ERR_BAD_ARGUMENT);
	fx_destroy(&F);
}
