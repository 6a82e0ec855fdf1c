/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The notification dispatcher: callbacks per (sender, ID) once per set bit,
 * unbound bits reported not lost, framework notifications and "RX buffer
 * full", per-vCPU routing and hand-off, draining INFO_GET while "more
 * pending" is set (bounded), registration with BIND/UNBIND, and the
 * normal-world driver setup. Every FF-A frame the dispatcher sends is
 * checked by the scripted conduit.
 */
#include <string.h>

#include "notif_test.h"

#define RELEASE FRAME(FFA_RX_RELEASE_32)
#define FEAT(id) FRAME(FFA_FEATURES_32, (id))
#define SP1 0x8001u
#define SP2 0x8002u
#define VM2 0x0002u

/* An INFO_GET SUCCESS answer: @nlists lists with the vCPU counts @sizes,
 * "more pending" @more, and the IDs @ids[0..@nids) packed into x3..x7 - as
 * FFA_NOTIFICATION_INFO_GET_64 packs them (4 a register) if @form64, else as
 * the 32-bit form (2 a register, SUCCESS_32). */
static struct ffa_regs info_lists(bool form64, bool more, const uint32_t *sizes, size_t nlists,
				  const uint16_t *ids, size_t nids)
{
	uint64_t flags = info_flags(more, (uint32_t)nlists, sizes, nlists);
	struct ffa_regs r = form64 ? OK64(0, flags) : OK32(0, flags);

	info_pack_ids(&r, form64 ? 4 : 2, ids, nids);
	return r;
}

/* One global list for @ep (64-bit layout), "more pending" @more. */
static struct ffa_regs global_list(bool more, uint16_t ep)
{
	static const uint32_t zero[1];

	return info_lists(true, more, zero, 1, &ep, 1);
}

/* What the dispatcher recorded so far: bound callbacks fired, unhandled
 * reports, scheduler calls and vCPU hand-offs. */
static void assert_counts(const struct rec *r, unsigned int fired, unsigned int unh,
			  unsigned int sched, unsigned int handoff)
{
	cr_assert_eq(r->nfired, fired, "fired %u, expected %u", r->nfired, fired);
	cr_assert_eq(r->nunh, unh, "unhandled %u, expected %u", r->nunh, unh);
	cr_assert_eq(r->nsched, sched, "scheduled %u, expected %u", r->nsched, sched);
	cr_assert_eq(r->nhandoff, handoff, "handed off %u, expected %u", r->nhandoff, handoff);
}

/* ---- Callbacks per (sender, ID) ------------------------------------------------- */

Test(dispatch, bound_callback_fires_once_per_set_bit)
{
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0);
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_GET(0, 0, 0x5), GOT((1ull << 0) | (1ull << 5) | (1ull << 63), 0, 0, 0)),
		STEP(F_GET(0, 0, 0x5), GOT(1ull << 5, 0, 0, 0)),
	};

	fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
	assert_rc(ffa_notif_dispatch_register(&f.d, SP1, 0, false, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_register(&f.d, SP1, 5, false, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_register(&f.d, SP1, 7, false, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_register(&f.d, SP2, 63, false, rec_handler, &f.r), 0);

	assert_rc(ffa_notif_dispatch_npi(&f.d), 0);
	cr_assert_eq(f.r.nfired, 3);
	cr_assert_eq(rec_fires(&f.r, SP1, 0), 1);
	cr_assert_eq(rec_fires(&f.r, SP1, 5), 1);
	cr_assert_eq(rec_fires(&f.r, SP2, 63), 1);
	/* Ascending ID order. */
	cr_assert(f.r.fired[0].id == 0 && f.r.fired[1].id == 5 && f.r.fired[2].id == 63);
	cr_assert_eq(f.r.nunh, 0);

	/* Every GET delivers its own bits once more. */
	assert_rc(ffa_notif_dispatch_npi(&f.d), 0);
	cr_assert_eq(f.r.nfired, 4);
	cr_assert_eq(rec_fires(&f.r, SP1, 5), 2);
	assert_script_ok(&f.t);
}

Test(dispatch, sp_and_vm_classes_route_separately)
{
	/* Bit 3 from an SP and bit 3 from a VM are different notifications. */
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0x0005);
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_GET(1, 5, 0xF), GOT(1ull << 3, (1ull << 3) | (1ull << 40), 0, 0)),
	};

	f.r.cur = 1;
	fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
	assert_rc(ffa_notif_dispatch_register(&f.d, SP1, 3, false, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_register(&f.d, VM2, 3, false, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_register(&f.d, 0x0007, 40, true, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_npi(&f.d), 0);
	cr_assert_eq(f.r.nfired, 3);
	cr_assert_eq(rec_fires(&f.r, SP1, 3), 1);
	cr_assert_eq(rec_fires(&f.r, VM2, 3), 1);
	cr_assert_eq(rec_fires(&f.r, 0x0007, 40), 1);
	for (unsigned int i = 0; i < f.r.nfired; i++)
		cr_assert_eq(f.r.fired[i].vcpu, 1);
	assert_script_ok(&f.t);
}

Test(dispatch, unbound_bits_are_reported_not_lost)
{
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0x0003);
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_GET(0, 3, 0xF), GOT((1ull << 0) | (1ull << 7) | (1ull << 62), 1ull << 33,
					   1u << 4, 1u << 31)),
	};

	cfg.framework = NULL; /* framework bits other than RX full: unhandled */
	fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
	assert_rc(ffa_notif_dispatch_register(&f.d, SP1, 0, false, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_npi(&f.d), 0);
	cr_assert_eq(f.r.nfired, 1);
	cr_assert_eq(rec_fires(&f.r, SP1, 0), 1);
	cr_assert_eq(f.r.nunh, 1, "one report for one GET");
	cr_assert_eq(f.r.unh[0].kind, FFA_NOTIF_UNHANDLED_BITS);
	cr_assert_eq(f.r.unh[0].endpoint, 3);
	cr_assert_eq(f.r.unh[0].bits.sp, (1ull << 7) | (1ull << 62));
	cr_assert_eq(f.r.unh[0].bits.vm, 1ull << 33);
	cr_assert_eq(f.r.unh[0].bits.spm_fwk, 1u << 4);
	cr_assert_eq(f.r.unh[0].bits.hyp_fwk, 1u << 31);
	assert_script_ok(&f.t);
}

Test(dispatch, framework_callback_takes_other_framework_bits)
{
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0x0003);
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_GET(2, 3, 0xF), GOT(0, 0, 0x6u, 0x80000000u)),
	};

	f.r.cur = 2;
	fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
	assert_rc(ffa_notif_dispatch_npi(&f.d), 0);
	cr_assert_eq(f.r.nfwk, 1);
	cr_assert(f.r.fwk[0].vcpu == 2 && f.r.fwk[0].spm == 6 && f.r.fwk[0].hyp == 0x80000000u);
	cr_assert_eq(f.r.nrx, 0);
	cr_assert_eq(f.r.nunh, 0);
	assert_script_ok(&f.t);
}

/* ---- RX buffer full ------------------------------------------------------------- */

Test(dispatch_rx, message_handler_runs_then_rx_is_released)
{
	static const struct {
		uint32_t spm, hyp, from;
	} cases[] = {
		{ 1, 0, FFA_NOTIF_GET_SPM_FWK },
		{ 0, 1, FFA_NOTIF_GET_HYP_FWK },
		/* One RX buffer, one message: handled and released once. */
		{ 1, 1, FFA_NOTIF_GET_SPM_FWK | FFA_NOTIF_GET_HYP_FWK },
		/* Other framework bits still go to the framework callback. */
		{ 0x3, 0, FFA_NOTIF_GET_SPM_FWK },
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct fx f;
		struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0x0004);
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(F_GET(0, 4, 0xF), GOT(0, 0, cases[i].spm, cases[i].hyp)),
			STEP(RELEASE, OK32(0)),
		};

		fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
		assert_rc(ffa_notif_dispatch_npi(&f.d), 0);
		cr_assert_eq(f.r.nrx, 1, "case %zu", i);
		cr_assert_eq(f.r.rx_from, cases[i].from);
		/* The handler ran before the release (step 2 not yet used). */
		cr_assert_eq(f.r.rx_script_pos, 2);
		cr_assert_eq(f.r.nfwk, (cases[i].spm & ~1u) ? 1u : 0u);
		cr_assert_eq(f.r.nunh, 0);
		assert_script_ok(&f.t);
	}
}

/* ffa_notif_dispatch_npi() for receiver 0 whose GET says "RX buffer full"
 * (SPM framework bit 0) with SP bit 0 set too, routed to rec_handler, and
 * whose one RX_RELEASE is answered @release. The RX handler is present or
 * not, releases itself or not, and returns @handler_rc. Returns the
 * dispatch result. */
static int rx_full_npi(struct fx *f, bool with_rx_handler, bool release_self, int handler_rc,
		       struct ffa_regs release)
{
	struct ffa_notif_dispatch_config cfg = fx_prepare(f, 0);
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_GET(0, 0, 0x5), GOT(1, 0, 1, 0)),
		STEP(RELEASE, release),
	};
	int rc;

	if (!with_rx_handler)
		cfg.rx_message = NULL;
	f->r.rx_release_self = release_self;
	f->r.rx_rc = handler_rc;
	fx_start(f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
	assert_rc(ffa_notif_dispatch_register(&f->d, SP1, 0, false, rec_handler, &f->r), 0);
	rc = ffa_notif_dispatch_npi(&f->d);
	/* The other bits of that GET are delivered whatever RX does. */
	cr_assert_eq(rec_fires(&f->r, SP1, 0), 1);
	assert_script_ok(&f->t);
	return rc;
}

Test(dispatch_rx, handler_that_released_itself_is_not_released_twice)
{
	/* The messaging layer's reader (ffa_msg_recv_indirect) releases the
	 * buffer itself: a second FFA_RX_RELEASE would be answered DENIED
	 * (known-bugs.md class 27). The script has exactly one release. */
	struct fx f;

	assert_rc(rx_full_npi(&f, true, true, 0, OK32(0)), 0);
	cr_assert_eq(f.r.nrx, 1);
}

Test(dispatch_rx, no_handler_reports_and_still_releases)
{
	struct fx f;

	assert_rc(rx_full_npi(&f, false, false, 0, OK32(0)), 0);
	cr_assert_eq(f.r.nunh, 1);
	cr_assert_eq(f.r.unh[0].kind, FFA_NOTIF_UNHANDLED_RX_FULL);
	cr_assert_eq(f.r.unh[0].bits.spm_fwk, 1);
}

Test(dispatch_rx, handler_error_is_returned_and_rx_released_anyway)
{
	struct fx f;

	assert_rc(rx_full_npi(&f, true, false, FFA_ERR_PROTOCOL, OK32(0)), FFA_ERR_PROTOCOL);
	cr_assert_eq(f.r.nrx, 1);
}

Test(dispatch_rx, release_failure_is_returned)
{
	struct fx f;

	assert_rc(rx_full_npi(&f, true, false, 0, ERR(FFA_ERR_DENIED)), FFA_ERR_DENIED);
	cr_assert_eq(f.r.nrx, 1);
}

/* ---- GET errors ------------------------------------------------------------------ */

Test(dispatch, get_protocol_error_still_delivers_every_bit)
{
	/* Receiver 0 asks for SP + SPM framework only; a VM bit comes back
	 * anyway. GET already cleared it: it is delivered, and the call says
	 * the answer broke the protocol. */
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0);
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_GET(0, 0, 0x5), GOT(1ull << 1, 1ull << 9, 0, 0)),
	};

	fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
	assert_rc(ffa_notif_dispatch_register(&f.d, SP1, 1, false, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_npi(&f.d), FFA_ERR_PROTOCOL);
	cr_assert_eq(rec_fires(&f.r, SP1, 1), 1);
	cr_assert_eq(f.r.nunh, 1);
	cr_assert_eq(f.r.unh[0].bits.vm, 1ull << 9);
	assert_script_ok(&f.t);
}

Test(dispatch, get_errors_deliver_nothing)
{
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0);
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_GET(0, 0, 0x5), ERR(FFA_ERR_INVALID_PARAMETERS)),
		STEP(F_GET(0, 0, 0x5), FRAME(FFA_INTERRUPT_32, 0, 1, 1, 1, 1, 1, 1)),
	};

	fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
	assert_rc(ffa_notif_dispatch_register(&f.d, SP1, 1, false, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_npi(&f.d), FFA_ERR_INVALID_PARAMETERS);
	assert_rc(ffa_notif_dispatch_npi(&f.d), FFA_ERR_PROTOCOL);
	cr_assert_eq(f.r.nfired, 0);
	cr_assert_eq(f.r.nunh, 0);
	cr_assert_eq(f.r.nrx, 0);
	assert_script_ok(&f.t);
}

/* ---- Schedule Receiver Interrupt ------------------------------------------------- */

Test(dispatch_sri, own_global_list_is_fetched_on_the_current_vcpu)
{
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0);
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_INFO64, global_list(false, 0)),
		STEP(F_GET(2, 0, 0x5), GOT(1ull << 4, 0, 0, 0)),
	};
	bool more = true;

	f.r.cur = 2;
	fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
	assert_rc(ffa_notif_dispatch_register(&f.d, SP1, 4, false, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_sri(&f.d, &more), 0);
	cr_assert(!more);
	assert_counts(&f.r, 1, 0, 0, 0);
	cr_assert_eq(f.r.fired[0].vcpu, 2);
	assert_script_ok(&f.t);
}

Test(dispatch_sri, per_vcpu_routing_through_the_handoff_hook)
{
	/* Own endpoint 0x0003 has per-vCPU notifications for vCPUs 1, 2, 3;
	 * this code runs on vCPU 2: it fetches 2 itself and hands 1 and 3 to
	 * their vCPUs, which then fetch their own. */
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0x0003);
	const uint32_t sizes[1] = { 3 };
	const uint16_t ids[] = { 0x0003, 1, 2, 3 };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_INFO64, info_lists(true, false, sizes, 1, ids, ARRAY_LEN(ids))),
		STEP(F_GET(2, 3, 0xF), GOT(1ull << 10, 0, 0, 0)),
		/* later, on vCPU 1 and vCPU 3 */
		STEP(F_GET(1, 3, 0xF), GOT(1ull << 10, 0, 0, 0)),
		STEP(F_GET(3, 3, 0xF), GOT(1ull << 10, 0, 0, 0)),
	};

	f.r.cur = 2;
	fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
	assert_rc(ffa_notif_dispatch_register(&f.d, SP1, 10, true, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_sri(&f.d, NULL), 0);
	assert_counts(&f.r, 1, 0, 0, 2);
	cr_assert_eq(f.r.fired[0].vcpu, 2);
	cr_assert(f.r.handoffs[0] == 1 && f.r.handoffs[1] == 3);

	/* The hand-off targets run. */
	f.r.cur = 1;
	assert_rc(ffa_notif_dispatch_vcpu(&f.d, 1), 0);
	f.r.cur = 3;
	assert_rc(ffa_notif_dispatch_npi(&f.d), 0);
	assert_counts(&f.r, 3, 0, 0, 2);
	cr_assert(f.r.fired[1].vcpu == 1 && f.r.fired[2].vcpu == 3);
	assert_script_ok(&f.t);
}

Test(dispatch_sri, without_a_handoff_hook_each_vcpu_is_fetched_here)
{
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0x0003);
	const uint32_t sizes[1] = { 2 };
	const uint16_t ids[] = { 0x0003, 1, 3 };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_INFO32, info_lists(false, false, sizes, 1, ids, ARRAY_LEN(ids))),
		STEP(F_GET(1, 3, 0xF), GOT(0, 1ull << 2, 0, 0)),
		STEP(F_GET(3, 3, 0xF), GOT(0, 1ull << 2, 0, 0)),
	};

	cfg.handoff = NULL;
	fx_start(&f, steps, ARRAY_LEN(steps), 0, &cfg);
	assert_rc(ffa_notif_dispatch_register(&f.d, VM2, 2, true, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_sri(&f.d, NULL), 0);
	assert_counts(&f.r, 2, 0, 0, 0);
	cr_assert(f.r.fired[0].vcpu == 1 && f.r.fired[1].vcpu == 3);
	assert_script_ok(&f.t);
}

Test(dispatch_sri, refused_handoff_is_reported)
{
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0x0003);
	const uint32_t sizes[1] = { 1 };
	const uint16_t ids[] = { 0x0003, 7 };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_INFO64, info_lists(true, false, sizes, 1, ids, ARRAY_LEN(ids))),
	};

	f.r.handoff_rc = -1;
	fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
	assert_rc(ffa_notif_dispatch_sri(&f.d, NULL), 0);
	assert_counts(&f.r, 0, 1, 0, 1);
	cr_assert_eq(f.r.unh[0].kind, FFA_NOTIF_UNHANDLED_HANDOFF);
	cr_assert_eq(f.r.unh[0].vcpu, 7);
	assert_script_ok(&f.t);
}

Test(dispatch_sri, other_endpoints_go_to_the_scheduler_never_to_get)
{
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0);
	const uint32_t sizes[2] = { 0, 2 };
	const uint16_t ids[] = { SP1, SP2, 0, 1 };
	const struct ffa_regs lists = info_lists(true, false, sizes, 2, ids, ARRAY_LEN(ids));
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_INFO64, lists),
		STEP(F_INFO64, lists),
	};

	fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
	assert_rc(ffa_notif_dispatch_sri(&f.d, NULL), 0);
	assert_counts(&f.r, 0, 0, 3, 0);
	cr_assert(f.r.sched[0].endpoint == SP1 && !f.r.sched[0].per_vcpu);
	cr_assert(f.r.sched[1].endpoint == SP2 && f.r.sched[1].per_vcpu && f.r.sched[1].vcpu == 0);
	cr_assert(f.r.sched[2].endpoint == SP2 && f.r.sched[2].per_vcpu && f.r.sched[2].vcpu == 1);

	/* Without a schedule callback: reported, one per (endpoint, vCPU). */
	f.d.cfg.schedule = NULL;
	assert_rc(ffa_notif_dispatch_sri(&f.d, NULL), 0);
	assert_counts(&f.r, 0, 3, 3, 0);
	for (unsigned int i = 0; i < 3; i++)
		cr_assert_eq(f.r.unh[i].kind, FFA_NOTIF_UNHANDLED_ENDPOINT);
	cr_assert(f.r.unh[2].endpoint == SP2 && f.r.unh[2].vcpu == 1 && f.r.unh[2].per_vcpu);
	assert_script_ok(&f.t);
}

Test(dispatch_sri, drains_while_more_pending)
{
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0);
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_INFO64, global_list(true, 0)),
		STEP(F_GET(0, 0, 0x5), GOT(1ull << 1, 0, 0, 0)),
		STEP(F_INFO64, global_list(true, SP1)),
		STEP(F_INFO64, global_list(false, 0)),
		STEP(F_GET(0, 0, 0x5), GOT(1ull << 2, 0, 0, 0)),
	};
	bool more = true;

	fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
	assert_rc(ffa_notif_dispatch_register(&f.d, SP1, 1, false, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_register(&f.d, SP1 + 1, 2, false, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_sri(&f.d, &more), 0);
	cr_assert(!more);
	assert_counts(&f.r, 2, 0, 1, 0);
	assert_script_ok(&f.t);
}

Test(dispatch_sri, drain_is_bounded_and_says_so)
{
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0);
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_INFO64, global_list(true, 0)),
		STEP(F_GET(0, 0, 0x5), GOT(0, 0, 0, 0)),
		STEP(F_INFO64, global_list(true, 0)),
		STEP(F_GET(0, 0, 0x5), GOT(0, 0, 0, 0)),
	};
	bool more = false;

	cfg.max_rounds = 2;
	fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
	assert_rc(ffa_notif_dispatch_sri(&f.d, &more), 0);
	cr_assert(more);
	assert_script_ok(&f.t);
}

Test(dispatch_sri, default_bound_is_eight_rounds)
{
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0);
	struct ffa_script_step steps[1 + FFA_NOTIF_DISPATCH_DEFAULT_ROUNDS] = {
		STEP_VERSION(FFA_VERSION_1_2),
	};
	bool more = false;

	for (size_t i = 1; i < ARRAY_LEN(steps); i++)
		steps[i] = (struct ffa_script_step)STEP(F_INFO64, global_list(true, SP1));
	fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
	assert_rc(ffa_notif_dispatch_sri(&f.d, &more), 0);
	cr_assert(more);
	assert_counts(&f.r, 0, 0, FFA_NOTIF_DISPATCH_DEFAULT_ROUNDS, 0);
	assert_script_ok(&f.t);
}

Test(dispatch_sri, one_get_per_vcpu_per_round)
{
	/* Own global list, own per-vCPU list for the current vCPU, and the
	 * same vCPU again in a second list: GET once. Handing off vCPU 5
	 * twice: once. */
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0x0009);
	const uint32_t sizes[4] = { 0, 2, 1, 1 };
	const uint16_t ids[] = { 9, 9, 4, 5, 9, 4, 9, 5 };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_INFO64, info_lists(true, false, sizes, 4, ids, ARRAY_LEN(ids))),
		STEP(F_GET(4, 9, 0xF), GOT(0, 0, 0, 0)),
	};

	f.r.cur = 4;
	fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
	assert_rc(ffa_notif_dispatch_sri(&f.d, NULL), 0);
	assert_counts(&f.r, 0, 0, 0, 1);
	cr_assert_eq(f.r.handoffs[0], 5);
	assert_script_ok(&f.t);
}

Test(dispatch_sri, nothing_pending_is_not_an_error)
{
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0);
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_INFO64, ERR(FFA_ERR_NO_DATA)),
	};
	bool more = true;

	fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
	assert_rc(ffa_notif_dispatch_sri(&f.d, &more), 0);
	cr_assert(!more);
	assert_counts(&f.r, 0, 0, 0, 0);
	assert_script_ok(&f.t);
}

Test(dispatch_sri, an_error_in_one_list_finishes_the_round_then_stops)
{
	/* Own global list first (GET fails), then another endpoint: it is
	 * still scheduled; "more pending" is not followed after the error. */
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0);
	const uint32_t sizes[2] = { 0, 0 };
	const uint16_t ids[] = { 0, SP1 };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_INFO64, info_lists(true, true, sizes, 2, ids, ARRAY_LEN(ids))),
		STEP(F_GET(0, 0, 0x5), ERR(FFA_ERR_INVALID_PARAMETERS)),
	};
	bool more = true;

	fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
	assert_rc(ffa_notif_dispatch_sri(&f.d, &more), FFA_ERR_INVALID_PARAMETERS);
	assert_counts(&f.r, 0, 0, 1, 0);
	cr_assert(!more);
	assert_script_ok(&f.t);
}

Test(dispatch_sri, hostile_info_get_is_a_protocol_error)
{
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0);
	uint32_t three[5] = { 3, 3, 3, 3, 3 };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		/* 6 lists of 4 IDs claimed: 24 IDs in registers that hold 20. */
		STEP(F_INFO64, OK64(0, info_flags(false, 6, three, 5) | (3ull << 22))),
		STEP(F_INFO64, FRAME(FFA_MSG_SEND_DIRECT_RESP_64, 0, 0x81, 0)),
	};

	fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
	assert_rc(ffa_notif_dispatch_sri(&f.d, NULL), FFA_ERR_PROTOCOL);
	assert_rc(ffa_notif_dispatch_sri(&f.d, NULL), FFA_ERR_PROTOCOL);
	assert_counts(&f.r, 0, 0, 0, 0);
	assert_script_ok(&f.t);
}

Test(dispatch_sri, info_form_is_configurable)
{
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0);
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_INFO32, ERR(FFA_ERR_NO_DATA)),
	};

	cfg.info_form = FFA_NOTIF_INFO_32;
	fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
	assert_rc(ffa_notif_dispatch_sri(&f.d, NULL), 0);
	assert_script_ok(&f.t);
}

/* ---- Registration, BIND / UNBIND -------------------------------------------------- */

Test(dispatch_reg, conflicts_capacity_and_bad_arguments)
{
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0);
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };

	fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
	assert_rc(ffa_notif_dispatch_register(&f.d, SP1, 7, false, rec_handler, &f.r), 0);
	/* The same bit of the SP class, from any SP: one sender per bit. */
	assert_rc(ffa_notif_dispatch_register(&f.d, SP1, 7, false, rec_handler, &f.r),
		  FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_dispatch_register(&f.d, SP2, 7, true, rec_handler, &f.r),
		  FFA_ERR_BAD_ARGUMENT);
	/* The VM class has its own bit 7. */
	assert_rc(ffa_notif_dispatch_register(&f.d, VM2, 7, false, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_register(&f.d, SP1, 64, false, rec_handler, &f.r),
		  FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_dispatch_register(&f.d, SP1, 8, false, NULL, &f.r),
		  FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_dispatch_register(NULL, SP1, 8, false, rec_handler, &f.r),
		  FFA_ERR_BAD_ARGUMENT);
	/* Unregister needs the exact (sender, ID). */
	assert_rc(ffa_notif_dispatch_unregister(&f.d, SP2, 7), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_dispatch_unregister(&f.d, SP1, 64), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_dispatch_unregister(&f.d, SP1, 7), 0);
	assert_rc(ffa_notif_dispatch_unregister(&f.d, SP1, 7), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_dispatch_register(&f.d, SP2, 7, false, rec_handler, &f.r), 0);
	/* Fill the 8 slots (2 used). */
	for (uint32_t id = 10; id < 16; id++)
		assert_rc(ffa_notif_dispatch_register(&f.d, SP1, id, false, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_register(&f.d, SP1, 20, false, rec_handler, &f.r),
		  FFA_ERR_BUFFER_TOO_SMALL);
	cr_assert_eq(f.r.depth, 0);
	assert_script_ok(&f.t);
}

Test(dispatch_reg, init_bad_arguments)
{
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0);
	struct ffa_notif_dispatch d;

	scripted_init(&f.t, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_notif_dispatch_init(NULL, &f.t.ctx, &cfg, f.slots, 1), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_dispatch_init(&d, NULL, &cfg, f.slots, 1), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_dispatch_init(&d, &f.t.ctx, NULL, f.slots, 1), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_dispatch_init(&d, &f.t.ctx, &cfg, NULL, 1), FFA_ERR_BAD_ARGUMENT);
	cfg.get_flags = 0x10;
	assert_rc(ffa_notif_dispatch_init(&d, &f.t.ctx, &cfg, f.slots, 1), FFA_ERR_BAD_ARGUMENT);
	cfg.get_flags = 0;
	cfg.info_form = (enum ffa_notif_info_form)16;
	assert_rc(ffa_notif_dispatch_init(&d, &f.t.ctx, &cfg, f.slots, 1), FFA_ERR_BAD_ARGUMENT);
	cfg.info_form = FFA_NOTIF_INFO_AUTO;
	/* No slots at all is allowed: every bit is then unhandled. */
	assert_rc(ffa_notif_dispatch_init(&d, &f.t.ctx, &cfg, NULL, 0), 0);
	assert_rc(ffa_notif_dispatch_register(&d, SP1, 0, false, rec_handler, &f.r),
		  FFA_ERR_BUFFER_TOO_SMALL);
	assert_rc(ffa_notif_dispatch_npi(NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_dispatch_vcpu(NULL, 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_dispatch_sri(NULL, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_dispatch_bind(NULL, SP1, 0, false, rec_handler, &f.r),
		  FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_dispatch_unbind(NULL, SP1, 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_dispatch_unregister(NULL, SP1, 0), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&f.t);
}

Test(dispatch_reg, get_flags_default_by_instance_and_explicit)
{
	static const struct {
		uint16_t receiver;
		uint32_t flags, want;
	} cases[] = {
		{ 0, 0, 0x5 },      /* NS physical instance: SP + SPM framework */
		{ 0x0001, 0, 0xF }, /* a VM at a virtual instance */
		{ SP1, 0, 0xF },    /* an SP */
		{ 0, 0x3, 0x3 },    /* explicit */
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct fx f;
		struct ffa_notif_dispatch_config cfg = fx_prepare(&f, cases[i].receiver);
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(F_GET(0, cases[i].receiver, cases[i].want), OK32(0)),
		};

		cfg.get_flags = cases[i].flags;
		fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
		assert_rc(ffa_notif_dispatch_npi(&f.d), 0);
		assert_script_ok(&f.t);
	}
}

Test(dispatch_reg, bind_then_route_and_unbind_then_unroute)
{
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0x0003);
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		{ .expect = F_BIND(0x80010003u, 1, 0, 1u << 1), .reply = OK32(0),
		  .action = rec_assert_unlocked, .action_arg = &f.r },
		STEP(F_GET(0, 3, 0xF), GOT(1ull << 33, 0, 0, 0)),
		{ .expect = F_UNBIND(0x80010003u, 0, 1u << 1), .reply = OK32(0),
		  .action = rec_assert_unlocked, .action_arg = &f.r },
		STEP(F_GET(0, 3, 0xF), GOT(1ull << 33, 0, 0, 0)),
	};

	fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
	assert_rc(ffa_notif_dispatch_bind(&f.d, SP1, 33, true, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_npi(&f.d), 0);
	cr_assert_eq(rec_fires(&f.r, SP1, 33), 1);
	assert_rc(ffa_notif_dispatch_unbind(&f.d, SP1, 33), 0);
	assert_rc(ffa_notif_dispatch_npi(&f.d), 0);
	cr_assert_eq(rec_fires(&f.r, SP1, 33), 1);
	cr_assert_eq(f.r.nunh, 1);
	cr_assert_eq(f.r.unh[0].bits.sp, 1ull << 33);
	assert_script_ok(&f.t);
}

Test(dispatch_reg, failed_bind_frees_the_slot_failed_unbind_keeps_the_route)
{
	struct fx f;
	struct ffa_notif_dispatch_config cfg = fx_prepare(&f, 0);
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_BIND(0x80010000u, 0, 1, 0), ERR(FFA_ERR_DENIED)),
		STEP(F_BIND(0x80010000u, 0, 1, 0), OK32(0)),
		STEP(F_UNBIND(0x80010000u, 1, 0), ERR(FFA_ERR_DENIED)),
		STEP(F_GET(0, 0, 0x5), GOT(1, 0, 0, 0)),
	};

	fx_start(&f, steps, ARRAY_LEN(steps), CAPS_ALL, &cfg);
	assert_rc(ffa_notif_dispatch_bind(&f.d, SP1, 0, false, rec_handler, &f.r), FFA_ERR_DENIED);
	/* The slot came back: the same bit binds again. */
	assert_rc(ffa_notif_dispatch_bind(&f.d, SP1, 0, false, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_unbind(&f.d, SP1, 0), FFA_ERR_DENIED);
	assert_rc(ffa_notif_dispatch_npi(&f.d), 0);
	cr_assert_eq(rec_fires(&f.r, SP1, 0), 1, "still bound, still routed");
	/* Bad arguments make no call. */
	assert_rc(ffa_notif_dispatch_bind(&f.d, SP1, 64, false, rec_handler, &f.r),
		  FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_dispatch_bind(&f.d, SP2, 0, false, rec_handler, &f.r),
		  FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_dispatch_unbind(&f.d, SP2, 0), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&f.t);
}

/* ---- Normal-world driver setup --------------------------------------------------- */

Test(notif_driver, creates_where_supported_and_destroys_on_teardown)
{
	/* OP-TEE as SPMC: create works, SRI = 8, NPI not supported. */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_CREATE(0, 4), OK32(0)),
		STEP(FEAT(FFA_FEATURE_SRI), OK32(0, 8)),
		STEP(FEAT(FFA_FEATURE_NPI), ERR(FFA_ERR_NOT_SUPPORTED)),
		STEP(F_DESTROY(0), OK32(0)),
	};
	struct scripted t;
	struct ffa_notif_driver drv;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_notif_driver_setup(&t.ctx, &drv, 0, 4), 0);
	cr_assert(drv.bitmap_created && drv.has_sri && drv.sri_intid == 8 && !drv.has_npi);
	assert_rc(ffa_notif_driver_teardown(&t.ctx, &drv), 0);
	cr_assert(!drv.bitmap_created);
	assert_rc(ffa_notif_driver_teardown(&t.ctx, &drv), 0); /* nothing left */
	assert_script_ok(&t);
}

Test(notif_driver, not_supported_means_a_hypervisor_does_it)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_1),
		STEP(F_CREATE(0x0002, 2), ERR(FFA_ERR_NOT_SUPPORTED)),
		STEP(FEAT(FFA_FEATURE_SRI), ERR(FFA_ERR_NOT_SUPPORTED)),
		STEP(FEAT(FFA_FEATURE_NPI), OK32(0, 0xFFFFFFFF00000005ull)),
	};
	struct scripted t;
	struct ffa_notif_driver drv;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_1);
	assert_rc(ffa_notif_driver_setup(&t.ctx, &drv, 0x0002, 2), 0);
	cr_assert(!drv.bitmap_created && !drv.has_sri && drv.has_npi && drv.npi_intid == 5);
	/* Not ours: teardown destroys nothing (the script has no DESTROY). */
	assert_rc(ffa_notif_driver_teardown(&t.ctx, &drv), 0);
	assert_script_ok(&t);
}

Test(notif_driver, create_errors_are_returned_without_more_calls)
{
	static const int errs[] = { FFA_ERR_DENIED, FFA_ERR_INVALID_PARAMETERS, FFA_ERR_NO_MEMORY };

	for (size_t i = 0; i < ARRAY_LEN(errs); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(F_CREATE(0, 1), ERR(errs[i])),
		};
		struct scripted t;
		struct ffa_notif_driver drv;

		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
		assert_rc(ffa_notif_driver_setup(&t.ctx, &drv, 0, 1), errs[i]);
		cr_assert(!drv.bitmap_created);
		assert_rc(ffa_notif_driver_teardown(&t.ctx, &drv), 0);
		assert_script_ok(&t);
	}
}

Test(notif_driver, a_failed_setup_leaves_nothing_behind)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_CREATE(0, 4), OK32(0)),
		STEP(FEAT(FFA_FEATURE_SRI), FRAME(FFA_MSG_WAIT_32)),
		STEP(F_DESTROY(0), OK32(0)),
	};
	struct scripted t;
	struct ffa_notif_driver drv;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_notif_driver_setup(&t.ctx, &drv, 0, 4), FFA_ERR_PROTOCOL);
	cr_assert(!drv.bitmap_created && !drv.has_sri && !drv.has_npi);
	assert_script_ok(&t);
}

Test(notif_driver, destroy_failures_keep_the_flag_for_a_retry)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_CREATE(0, 4), OK32(0)),
		STEP(FEAT(FFA_FEATURE_SRI), OK32(0, 8)),
		STEP(FEAT(FFA_FEATURE_NPI), ERR(FFA_ERR_ABORTED)),
		/* rollback fails: notifications pending */
		STEP(F_DESTROY(0), ERR(FFA_ERR_DENIED)),
		STEP(F_DESTROY(0), ERR(FFA_ERR_DENIED)),
		STEP(F_DESTROY(0), OK32(0)),
	};
	struct scripted t;
	struct ffa_notif_driver drv;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_notif_driver_setup(&t.ctx, &drv, 0, 4), FFA_ERR_ABORTED);
	cr_assert(drv.bitmap_created && !drv.has_sri);
	assert_rc(ffa_notif_driver_teardown(&t.ctx, &drv), FFA_ERR_DENIED);
	cr_assert(drv.bitmap_created);
	assert_rc(ffa_notif_driver_teardown(&t.ctx, &drv), 0);
	cr_assert(!drv.bitmap_created);
	assert_script_ok(&t);
}

Test(notif_driver, v10_null_and_not_negotiated_make_no_call)
{
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_0) };
	struct scripted t, u;
	struct ffa_notif_driver drv;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_0);
	assert_rc(ffa_notif_driver_setup(&t.ctx, &drv, 0, 1), FFA_ERR_NOT_SUPPORTED);
	cr_assert(!drv.bitmap_created);
	assert_rc(ffa_notif_driver_setup(&t.ctx, NULL, 0, 1), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_driver_teardown(&t.ctx, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&t);

	scripted_init(&u, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_notif_driver_setup(&u.ctx, &drv, 0, 1), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_notif_driver_setup(NULL, &drv, 0, 1), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&u);
}
