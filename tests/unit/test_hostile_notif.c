/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Randomized hostile-conduit test of the notification calls, the
 * dispatcher and the driver setup (issue 5), on the shared harness
 * (support/hostile.{h,c}).
 *
 * Each call is driven with random valid and invalid arguments; the harness
 * answers every frame with a random or call-shaped one (INFO_GET answers
 * with random lists, sometimes with counts that do not fit; GET answers with
 * bits in and out of the bitmaps asked for, "RX buffer full" now and then).
 * An independent reference model, built from the logged frames, predicts
 * each call's exact frames, result and outputs. For the dispatcher it
 * predicts the exact sequence of events - handler fires (sender, ID, vCPU,
 * and which handler), unhandled reports, schedule requests, hand-offs,
 * framework and RX-message callbacks - from its own table of routes.
 *
 * On top: RX_RELEASE only after a GET answer saying "RX buffer full",
 * exactly once, under the RX/TX lock, and not while the RX handler runs
 * (known-bugs 27, 28); no frame while the dispatcher's own lock is held
 * (class 35).
 *
 * Seed: HOSTILE_SEED=<n> to reproduce; HOSTILE_FRAMES=<n> (default 300000).
 */
#include <stdio.h>
#include <string.h>

#include "hostile.h"
#include "notif_test.h"

#define DEFAULT_FRAMES 300000ull
#define NSLOTS 6
#define EV_MAX 16384

enum kind {
	K_CREATE, K_DESTROY, K_BIND, K_UNBIND, K_SET, K_GET, K_INFO, K_DRAIN,
	K_D_REGISTER, K_D_BIND, K_D_UNBIND, K_D_VCPU, K_D_SRI, K_DRIVER,
	K_KINDS
};

/* Arrays, not pointers: kind_name[k] is then a constant initializer. */
static const char kind_name[K_KINDS][32] = {
	"bitmap_create", "bitmap_destroy", "bind", "unbind", "set", "get", "info_get",
	"info_drain", "dispatch_register", "dispatch_bind", "dispatch_unbind",
	"dispatch_vcpu", "dispatch_sri", "driver_setup",
};

static const struct hostile_kind kinds[K_KINDS];
#define KIND() ((enum kind)(H.kind - kinds))

/* ---- Area state: the dispatcher under test and its model ------------------ */

enum ev_type { E_FIRE, E_UNH, E_SCHED, E_HANDOFF, E_FWK, E_RX };

struct ev {
	enum ev_type type;
	uint16_t a, b;  /* FIRE: sender, vcpu; UNH: endpoint, vcpu; SCHED: ep, vcpu;
			   HANDOFF: vcpu; FWK: vcpu; RX: vcpu */
	uint32_t c;     /* FIRE: id; UNH: kind; SCHED: per_vcpu; FWK: spm; RX: from */
	uint32_t d;     /* UNH: per_vcpu; FWK: hyp */
	const void *arg; /* FIRE: the handler's arg */
	struct ffa_notif_bitmaps bits; /* UNH */
};

static struct ev ev[EV_MAX], mev[EV_MAX];
static unsigned int nev, nmev;
static bool ev_overflow;

struct route {
	bool used;
	uint16_t sender;
	uint32_t id;
	bool per_vcpu;
	const void *arg;
};

static struct {
	bool ready;
	struct ffa_notif_dispatch d;
	struct ffa_notif_slot slots[NSLOTS];
	struct ffa_notif_dispatch_config cfg; /* as given to init */
	uint32_t which;                        /* effective GET flags */
	uint32_t rounds;                       /* effective max rounds */
	struct route routes[NSLOTS];           /* the model's table */
	int lock_depth;
	/* per call */
	uint16_t cur;
	int handoff_rc;
	int rx_mode; /* 0: return 0, 1: release itself, 2: return rx_err */
	int rx_err;
	unsigned int rx_port_depth_bad;
} D;

static const int tokens[64]; /* distinct handler args */

/* ---- Event recording (the dispatcher's callbacks) ------------------------- */

/* Append an event (type @t, fields a..d as struct ev says) to @list (@n
 * entries); on overflow the last entry is reused and the comparison
 * skipped. */
static struct ev *ev_push(struct ev *list, unsigned int *n, enum ev_type t, uint16_t a,
			  uint16_t b, uint32_t c, uint32_t d)
{
	struct ev *e = &list[EV_MAX - 1];

	if (*n < EV_MAX)
		e = &list[(*n)++];
	else
		ev_overflow = true;
	*e = (struct ev){ .type = t, .a = a, .b = b, .c = c, .d = d };
	return e;
}

/* What the dispatcher did, and what the model predicts. */
#define ev_rec(...) ev_push(ev, &nev, __VA_ARGS__)
#define mev_rec(...) ev_push(mev, &nmev, __VA_ARGS__)

static void cb_fire(void *arg, uint16_t sender, uint32_t id, uint16_t vcpu)
{
	CHECK(D.lock_depth == 0, "handler called under the dispatcher lock");
	ev_rec(E_FIRE, sender, vcpu, id, 0)->arg = arg;
}

static void cb_unhandled(void *arg, const struct ffa_notif_unhandled *u)
{
	(void)arg;
	ev_rec(E_UNH, u->endpoint, u->vcpu, u->kind, u->per_vcpu)->bits = u->bits;
}

static void cb_schedule(void *arg, uint16_t ep, bool per_vcpu, uint16_t vcpu)
{
	(void)arg;
	ev_rec(E_SCHED, ep, vcpu, per_vcpu, 0);
}

static int cb_handoff(void *arg, uint16_t vcpu)
{
	(void)arg;
	ev_rec(E_HANDOFF, 0, vcpu, 0, 0);
	return D.handoff_rc;
}

static void cb_framework(void *arg, uint16_t vcpu, uint32_t spm, uint32_t hyp)
{
	(void)arg;
	ev_rec(E_FWK, 0, vcpu, spm, hyp);
}

static int cb_rx(void *arg, struct ffa_ctx *ctx, uint16_t vcpu, uint32_t from, bool *released)
{
	(void)arg;
	ev_rec(E_RX, 0, vcpu, from, 0);
	if (H.lock_depth != 0)
		D.rx_port_depth_bad++;
	CHECK(D.lock_depth == 0, "RX handler under the dispatcher lock");
	CHECK(!*released, "released preset");
	if (D.rx_mode == 1) {
		*released = true;
		return ffa_rx_release(ctx);
	}
	return D.rx_mode == 2 ? D.rx_err : 0;
}

static uint16_t cb_current(void *arg)
{
	(void)arg;
	return D.cur;
}

static void cb_lock(void *arg)
{
	(void)arg;
	CHECK(D.lock_depth == 0, "dispatcher lock taken recursively");
	D.lock_depth++;
}

static void cb_unlock(void *arg)
{
	(void)arg;
	D.lock_depth--;
	CHECK(D.lock_depth == 0, "dispatcher unlock without lock");
}

/* A fresh dispatcher with a random configuration. */
static void dispatcher_init(void)
{
	static const uint16_t receivers[] = { 0, 0, 0, 1, 2, 0x8001, 0x8002 };
	static const enum ffa_notif_info_form forms[] = { FFA_NOTIF_INFO_AUTO,
							  FFA_NOTIF_INFO_AUTO,
							  FFA_NOTIF_INFO_32, FFA_NOTIF_INFO_64 };
	struct ffa_notif_dispatch_config c = { 0 };

	c.receiver = chance(80) ? receivers[below(ARRAY_LEN(receivers))] : random_id();
	c.get_flags = chance(70) ? 0 : below(16);
	c.info_form = forms[below(ARRAY_LEN(forms))];
	c.max_rounds = chance(5) ? 0 : 1 + below(4);
	c.framework = chance(70) ? cb_framework : NULL;
	c.rx_message = chance(80) ? cb_rx : NULL;
	c.schedule = chance(80) ? cb_schedule : NULL;
	c.unhandled = chance(90) ? cb_unhandled : NULL;
	c.current_vcpu = chance(90) ? cb_current : NULL;
	c.handoff = chance(70) ? cb_handoff : NULL;
	if (chance(80)) {
		c.lock = cb_lock;
		c.unlock = cb_unlock;
	}
	cr_assert_eq(ffa_notif_dispatch_init(&D.d, &H.ctx, &c, D.slots, NSLOTS), 0);
	D.cfg = c;
	D.which = c.get_flags ? c.get_flags
			      : (c.receiver == 0 ? FFA_NOTIF_GET_SP | FFA_NOTIF_GET_SPM_FWK
						 : FFA_NOTIF_GET_ALL);
	D.rounds = c.max_rounds ? c.max_rounds : FFA_NOTIF_DISPATCH_DEFAULT_ROUNDS;
	memset(D.routes, 0, sizeof(D.routes));
	D.ready = true;
}

/* Per-call choices of the dispatcher's environment. */
static void dispatcher_call_setup(void)
{
	static const int errs[] = { FFA_ERR_PROTOCOL, FFA_ERR_ABORTED, FFA_ERR_BUFFER_TOO_SMALL };

	if (!D.ready || chance(3))
		dispatcher_init();
	D.cur = chance(80) ? (uint16_t)below(4) : (uint16_t)rnd();
	D.handoff_rc = chance(80) ? 0 : -1;
	D.rx_mode = (int)below(3);
	D.rx_err = errs[below(ARRAY_LEN(errs))];
	nev = nmev = 0;
	ev_overflow = false;
	D.rx_port_depth_bad = 0;
}

/* ---- Plausible answers ------------------------------------------------------- */

static uint16_t plausible_id(void)
{
	if (D.ready && chance(50))
		return D.cfg.receiver;
	return chance(70) ? (uint16_t)(0x8001 + below(3)) : random_id();
}

static void info_answer(const struct ffa_regs *req, struct ffa_regs *a)
{
	bool wide = (w(req, 0) == FFA_NOTIFICATION_INFO_GET_64) ? chance(85) : chance(10);
	uint32_t cap = wide ? 20 : 10, per = wide ? 4 : 2, used = 0, lists = 0;
	uint16_t ids[20];
	uint64_t x2;

	if (chance(15)) {
		set_err(a, chance(70) ? FFA_ERR_NO_DATA : error_code());
		return;
	}
	set_ok(a, wide ? FFA_SUCCESS_64 : FFA_SUCCESS_32);
	x2 = 0;
	for (uint32_t want = below(5); lists < want;) {
		uint32_t nv = chance(50) ? 0 : 1 + below(3);

		if (used + 1 + nv > cap)
			break;
		ids[used++] = plausible_id();
		for (uint32_t v = 0; v < nv; v++)
			ids[used++] = chance(80) ? (uint16_t)below(4) : (uint16_t)rnd();
		x2 |= (uint64_t)nv << (12 + 2 * lists);
		lists++;
	}
	x2 |= (uint64_t)lists << 7;
	if (chance(35) && lists)
		x2 |= 1; /* more pending */
	switch (below(25)) { /* counts that do not add up */
	case 0: x2 = (x2 & ~(0x1Full << 7)) | ((uint64_t)(lists + 1 + below(31)) & 0x1F) << 7; break;
	case 1: x2 |= 3ull << (12 + 2 * below(cap)); break;
	case 2: x2 |= 1; break;
	default: break;
	}
	a->x[2] = x2;
	for (uint32_t i = 0; i < used; i++)
		a->x[3 + i / per] |= (uint64_t)ids[i] << (16 * (i % per));
	if (chance(20)) /* junk in upper halves / unused IDs */
		a->x[3 + below(5)] |= interesting() << (wide ? 0 : 32);
}

static uint64_t random_bits64(void)
{
	switch (below(5)) {
	case 0: return 0;
	case 1: return 1ull << below(64);
	case 2: return (1ull << below(64)) | (1ull << below(64));
	case 3: return (uint64_t)below(16) << (4 * below(16));
	default: return interesting();
	}
}

static void get_answer(const struct ffa_regs *req, struct ffa_regs *a)
{
	uint32_t which = w(req, 2);
	uint64_t sp = 0, vm = 0;
	uint32_t spm = 0, hyp = 0;

	if (chance(10)) {
		set_err(a, error_code());
		return;
	}
	set_ok(a, FFA_SUCCESS_32);
	if ((which & FFA_NOTIF_GET_SP) || chance(5))
		sp = random_bits64();
	if ((which & FFA_NOTIF_GET_VM) || chance(5))
		vm = random_bits64();
	if ((which & FFA_NOTIF_GET_SPM_FWK) || chance(5))
		spm = chance(25) ? 1 : (chance(80) ? 0 : (uint32_t)interesting());
	if ((which & FFA_NOTIF_GET_HYP_FWK) || chance(5))
		hyp = chance(25) ? 1 : (chance(80) ? 0 : (uint32_t)interesting());
	a->x[2] = (uint32_t)sp;
	a->x[3] = (uint32_t)(sp >> 32);
	a->x[4] = (uint32_t)vm;
	a->x[5] = (uint32_t)(vm >> 32);
	a->x[6] = spm;
	a->x[7] = hyp;
	if (chance(15)) /* upper halves are not bitmap bits */
		a->x[2 + below(6)] |= 0xFFFFFFFF00000000ull;
}

static void plausible_answer(const struct ffa_regs *req, struct ffa_regs *a)
{
	switch (w(req, 0)) {
	case FFA_NOTIFICATION_INFO_GET_32:
	case FFA_NOTIFICATION_INFO_GET_64:
		info_answer(req, a);
		return;
	case FFA_NOTIFICATION_GET_32:
		get_answer(req, a);
		return;
	case FFA_FEATURES_32:
		if (chance(45)) {
			set_err(a, chance(80) ? FFA_ERR_NOT_SUPPORTED : error_code());
			return;
		}
		set_ok(a, FFA_SUCCESS_32);
		a->x[2] = chance(50) ? 8 : interesting();
		return;
	default: /* CREATE/DESTROY/BIND/UNBIND/SET/RX_RELEASE */
		if (chance(25)) {
			set_err(a, error_code());
			return;
		}
		set_ok(a, chance(90) ? FFA_SUCCESS_32 : FFA_SUCCESS_64);
		if (chance(20)) /* echoed inputs */
			for (unsigned int i = 1; i < 5; i++)
				a->x[i] = req->x[i];
		return;
	}
}

/* ---- Frame checks ------------------------------------------------------------ */

static bool frame_allowed(uint32_t fid)
{
	switch (KIND()) {
	case K_CREATE: return fid == FFA_NOTIFICATION_BITMAP_CREATE_32;
	case K_DESTROY: return fid == FFA_NOTIFICATION_BITMAP_DESTROY_32;
	case K_BIND:
	case K_D_BIND: return fid == FFA_NOTIFICATION_BIND_32;
	case K_UNBIND:
	case K_D_UNBIND: return fid == FFA_NOTIFICATION_UNBIND_32;
	case K_SET: return fid == FFA_NOTIFICATION_SET_32;
	case K_GET: return fid == FFA_NOTIFICATION_GET_32;
	case K_INFO:
	case K_DRAIN:
		return fid == FFA_NOTIFICATION_INFO_GET_32 || fid == FFA_NOTIFICATION_INFO_GET_64;
	case K_D_REGISTER: return false;
	case K_D_VCPU: return fid == FFA_NOTIFICATION_GET_32 || fid == FFA_RX_RELEASE_32;
	case K_D_SRI:
		return fid == FFA_NOTIFICATION_INFO_GET_32 || fid == FFA_NOTIFICATION_INFO_GET_64 ||
		       fid == FFA_NOTIFICATION_GET_32 || fid == FFA_RX_RELEASE_32;
	case K_DRIVER:
		return fid == FFA_NOTIFICATION_BITMAP_CREATE_32 ||
		       fid == FFA_NOTIFICATION_BITMAP_DESTROY_32 || fid == FFA_FEATURES_32;
	default: return false;
	}
}

static void check_mbz(const struct ffa_regs *r)
{
	switch (w(r, 0)) {
	case FFA_NOTIFICATION_BITMAP_CREATE_32:
		CHECK(zero_from(r, 3) && r->x[1] <= 0x7FFF && r->x[2] >> 32 == 0, "CREATE MBZ");
		break;
	case FFA_NOTIFICATION_BITMAP_DESTROY_32:
		CHECK(zero_from(r, 2) && r->x[1] <= 0x7FFF, "DESTROY MBZ");
		break;
	case FFA_NOTIFICATION_BIND_32:
	case FFA_NOTIFICATION_SET_32:
		CHECK(zero_from(r, 5) && !(r->x[1] >> 32) && !(r->x[3] >> 32) && !(r->x[4] >> 32),
		      "BIND/SET MBZ");
		CHECK(r->x[2] <= (w(r, 0) == FFA_NOTIFICATION_BIND_32 ? 1u : 0xFFFF0003u) &&
			      (w(r, 0) == FFA_NOTIFICATION_BIND_32 || !(r->x[2] & 0xFFFC)),
		      "BIND/SET flags");
		break;
	case FFA_NOTIFICATION_UNBIND_32:
		CHECK(zero_from(r, 5) && r->x[2] == 0 && !(r->x[1] >> 32) && !(r->x[3] >> 32) &&
			      !(r->x[4] >> 32),
		      "UNBIND MBZ");
		break;
	case FFA_NOTIFICATION_GET_32:
		CHECK(zero_from(r, 3) && !(r->x[1] >> 32) && r->x[2] <= 0xF, "GET MBZ");
		break;
	case FFA_NOTIFICATION_INFO_GET_32:
	case FFA_NOTIFICATION_INFO_GET_64:
	case FFA_RX_RELEASE_32:
		CHECK(zero_from(r, 1), "INFO_GET / RX_RELEASE x1..x17 not zero");
		break;
	case FFA_FEATURES_32:
		CHECK(zero_from(r, 2) && (r->x[1] == FFA_FEATURE_SRI || r->x[1] == FFA_FEATURE_NPI),
		      "FEATURES frame");
		break;
	default:
		break;
	}
}

static bool rx_release_ok; /* a GET answer with "RX full" was seen */

static void on_frame(const struct ffa_regs *req, const struct ffa_regs *ans, int rc)
{
	uint32_t fid = w(req, 0);

	CHECK(D.lock_depth == 0, "%s: frame 0x%x under the dispatcher lock", H.kind->name, fid);
	if (fid == FFA_RX_RELEASE_32) {
		CHECK(rx_release_ok, "%s: RX_RELEASE without an RX-full GET answer", H.kind->name);
		rx_release_ok = false;
		if (H.use_port)
			CHECK(H.lock_depth == 1, "RX_RELEASE outside the RX/TX lock");
	} else {
		CHECK(!rx_release_ok || KIND() == K_GET,
		      "%s: frame 0x%x before the RX buffer was released", H.kind->name, fid);
		rx_release_ok = false;
	}
	if (fid == FFA_NOTIFICATION_GET_32 && rc == 0 &&
	    (w(ans, 0) == FFA_SUCCESS_32 || w(ans, 0) == FFA_SUCCESS_64) &&
	    ((w(ans, 6) | w(ans, 7)) & FFA_NOTIF_FWK_RX_FULL) && KIND() != K_GET)
		rx_release_ok = true;
}

static void finish(int rc)
{
	(void)rc;
	CHECK(!rx_release_ok, "%s: RX-full GET answer, no RX_RELEASE followed", H.kind->name);
	rx_release_ok = false;
	CHECK(D.lock_depth == 0, "%s: dispatcher lock held after return", H.kind->name);
	CHECK(D.rx_port_depth_bad == 0, "RX handler ran under the RX/TX lock");
}

/* ---- Model building blocks ---------------------------------------------------- */

static bool smc64(void)
{
	return (H.conduit.caps & FFA_CONDUIT_CAP_SMC64) != 0;
}

/* A call refused before anything was sent: no frame, result @want. */
static int no_call(int rc, int want)
{
	expect_frames(0);
	expect_rc(rc, want);
	return rc;
}

/* Version gate of a v1.1 call: false (and checked) if it was refused. */
static bool need_v11(int rc)
{
	uint32_t v = ffa_ctx_version(&H.ctx);

	if (v >= FFA_VERSION_1_1)
		return true;
	expect_frames(0);
	expect_rc(rc, v ? FFA_ERR_NOT_SUPPORTED : FFA_ERR_NOT_NEGOTIATED);
	return false;
}

/* Status of logged frame @i expected to answer SUCCESS/ERROR. */
static int status_at(unsigned int i)
{
	return H.log[i].rc ? conduit_status(H.log[i].rc) : answer_status(&H.log[i].out);
}

static void expect_frame_at(unsigned int i, const struct ffa_regs *want)
{
	CHECK(i < H.n, "%s: frame %u missing", H.kind->name, i);
	if (i < H.n && i < HOSTILE_LOG_MAX)
		CHECK(frames_eq(&H.log[i].in, want),
		      "%s: frame %u is x0=0x%llx x1=0x%llx x2=0x%llx, model 0x%llx 0x%llx 0x%llx",
		      H.kind->name, i, (unsigned long long)H.log[i].in.x[0],
		      (unsigned long long)H.log[i].in.x[1], (unsigned long long)H.log[i].in.x[2],
		      (unsigned long long)want->x[0], (unsigned long long)want->x[1],
		      (unsigned long long)want->x[2]);
}

static uint64_t random_bitmap(void)
{
	return chance(8) ? 0 : random_bits64();
}

static bool secure(uint16_t id)
{
	return (id & 0x8000) != 0;
}

/* ---- Model: GET ----------------------------------------------------------------- */

struct m_get {
	int rc;
	bool written;
	struct ffa_notif_bitmaps b;
};

static void model_get(unsigned int i, uint32_t which, const struct ffa_notif_bitmaps *bound,
		      struct m_get *m)
{
	const struct ffa_regs *a = &H.log[i].out;
	uint32_t fid = w(a, 0);
	bool bad;

	memset(m, 0, sizeof(*m));
	if (H.log[i].rc || (fid != FFA_SUCCESS_32 && fid != FFA_SUCCESS_64)) {
		m->rc = status_at(i);
		return;
	}
	m->written = true;
	m->b.sp = w(a, 2) | (uint64_t)w(a, 3) << 32;
	m->b.vm = w(a, 4) | (uint64_t)w(a, 5) << 32;
	m->b.spm_fwk = w(a, 6);
	m->b.hyp_fwk = w(a, 7);
	bad = (m->b.sp && !(which & 1)) || (m->b.vm && !(which & 2)) ||
	      (m->b.spm_fwk && !(which & 4)) || (m->b.hyp_fwk && !(which & 8));
	if (bound)
		bad = bad || (m->b.sp & ~bound->sp) || (m->b.vm & ~bound->vm) ||
		      (m->b.spm_fwk & ~bound->spm_fwk) || (m->b.hyp_fwk & ~bound->hyp_fwk);
	m->rc = bad ? FFA_ERR_PROTOCOL : 0;
}

/* ---- Model: INFO_GET -------------------------------------------------------------- */

struct m_info {
	int rc;
	struct ffa_notif_info info;
};

static void model_info(unsigned int i, struct m_info *m)
{
	const struct ffa_regs *a = &H.log[i].out;
	uint32_t fid = w(a, 0), cap, lists, ids_claimed = 0, at = 0;
	uint16_t flat[20];
	bool wide;
	uint64_t x2;

	memset(m, 0, sizeof(*m));
	if (H.log[i].rc || (fid != FFA_SUCCESS_32 && fid != FFA_SUCCESS_64)) {
		m->rc = status_at(i);
		return;
	}
	wide = fid == FFA_SUCCESS_64;
	if (wide && !smc64()) {
		m->rc = FFA_ERR_PROTOCOL;
		return;
	}
	cap = wide ? 20 : 10;
	x2 = wide ? a->x[2] : w(a, 2);
	lists = (uint32_t)(x2 >> 7) & 0x1F;
	for (uint32_t k = 0; k < cap; k++) {
		uint64_t reg = a->x[3 + (wide ? k / 4 : k / 2)];

		flat[k] = wide ? (uint16_t)(reg >> (16 * (k % 4)))
			       : (uint16_t)((uint32_t)reg >> (16 * (k % 2)));
	}
	if (lists > cap || ((x2 & 1) && !lists)) {
		m->rc = FFA_ERR_PROTOCOL;
		return;
	}
	for (uint32_t k = 0; k < cap; k++) {
		uint32_t sz = (uint32_t)(x2 >> (12 + 2 * k)) & 3;

		if (k >= lists && sz) {
			m->rc = FFA_ERR_PROTOCOL;
			return;
		}
		if (k < lists)
			ids_claimed += sz + 1;
	}
	if (ids_claimed > cap) {
		m->rc = FFA_ERR_PROTOCOL;
		return;
	}
	m->info.more_pending = x2 & 1;
	m->info.wide = wide;
	m->info.count = lists;
	for (uint32_t k = 0; k < lists; k++) {
		struct ffa_notif_info_list *l = &m->info.lists[k];

		l->vcpu_count = (uint16_t)((x2 >> (12 + 2 * k)) & 3);
		l->endpoint = flat[at++];
		for (uint32_t v = 0; v < l->vcpu_count; v++)
			l->vcpus[v] = flat[at++];
	}
}

static uint32_t info_fid_for(enum ffa_notif_info_form form)
{
	if (form == FFA_NOTIF_INFO_32 || (form == FFA_NOTIF_INFO_AUTO && !smc64()))
		return FFA_NOTIFICATION_INFO_GET_32;
	return FFA_NOTIFICATION_INFO_GET_64;
}

static void expect_info(const struct ffa_notif_info *got, const struct ffa_notif_info *want)
{
	CHECK(got->count == want->count && got->more_pending == want->more_pending &&
		      got->wide == want->wide,
	      "%s: info count %u more %d wide %d, model %u %d %d", H.kind->name, got->count,
	      got->more_pending, got->wide, want->count, want->more_pending, want->wide);
	for (uint32_t k = 0; k < want->count && k < got->count; k++) {
		const struct ffa_notif_info_list *g = &got->lists[k], *m = &want->lists[k];

		CHECK(g->endpoint == m->endpoint && g->vcpu_count == m->vcpu_count,
		      "%s: list %u", H.kind->name, k);
		for (uint32_t v = 0; v < m->vcpu_count; v++)
			CHECK(g->vcpus[v] == m->vcpus[v], "%s: list %u vcpu %u", H.kind->name, k, v);
	}
}

/* ---- The plain calls ------------------------------------------------------------- */

static uint32_t random_vcpu_count(void)
{
	static const uint32_t v[] = { 0, 1, 2, 8, 0xFFFF, 0x10000, 0x10001, 0xFFFFFFFFu };

	return chance(50) ? v[below(ARRAY_LEN(v))] : (uint32_t)interesting();
}

static int do_create(void)
{
	uint16_t vm = random_id();
	uint32_t n = random_vcpu_count();
	int rc = ffa_notif_bitmap_create(&H.ctx, vm, n);

	if (!need_v11(rc))
		return rc;
	if (secure(vm) || n == 0 || n > 0x10000)
		return no_call(rc, FFA_ERR_BAD_ARGUMENT);
	expect_frames(1);
	expect_first(&F_CREATE(vm, n));
	expect_rc(rc, single_status());
	return rc;
}

static int do_destroy(void)
{
	uint16_t vm = random_id();
	int rc = ffa_notif_bitmap_destroy(&H.ctx, vm);

	if (!need_v11(rc))
		return rc;
	if (secure(vm))
		return no_call(rc, FFA_ERR_BAD_ARGUMENT);
	expect_frames(1);
	expect_first(&F_DESTROY(vm));
	expect_rc(rc, single_status());
	return rc;
}

static int do_bind(bool bind)
{
	uint16_t s = random_id(), r = random_id();
	bool per = chance(30);
	uint64_t bm = random_bitmap();
	int rc = bind ? ffa_notif_bind(&H.ctx, s, r, per, bm) : ffa_notif_unbind(&H.ctx, s, r, bm);
	uint32_t w1 = (uint32_t)s << 16 | r;

	if (!need_v11(rc))
		return rc;
	if (!bm)
		return no_call(rc, FFA_ERR_BAD_ARGUMENT);
	expect_frames(1);
	if (bind)
		expect_first(&F_BIND(w1, per ? 1u : 0u, (uint32_t)bm, (uint32_t)(bm >> 32)));
	else
		expect_first(&F_UNBIND(w1, (uint32_t)bm, (uint32_t)(bm >> 32)));
	expect_rc(rc, single_status());
	return rc;
}

static int do_set(void)
{
	uint16_t s = random_id(), r = random_id();
	uint32_t flags = chance(80) ? below(4) : (uint32_t)interesting();
	uint16_t vcpu = chance(50) ? 0 : (uint16_t)interesting();
	uint64_t bm = random_bitmap();
	int rc = ffa_notif_set(&H.ctx, s, r, flags, vcpu, bm);

	if (!need_v11(rc))
		return rc;
	if (!bm || flags > 3 || (vcpu && !(flags & 1)) || ((flags & 2) && !secure(s)))
		return no_call(rc, FFA_ERR_BAD_ARGUMENT);
	expect_frames(1);
	expect_first(&F_SET((uint32_t)s << 16 | r, (uint32_t)vcpu << 16 | flags, (uint32_t)bm,
			    (uint32_t)(bm >> 32)));
	expect_rc(rc, single_status());
	return rc;
}

static int do_get(void)
{
	uint16_t r = random_id(), vcpu = chance(60) ? (uint16_t)below(4) : (uint16_t)rnd();
	uint32_t which = chance(85) ? below(16) : (uint32_t)interesting();
	struct ffa_notif_bitmaps bound = { random_bits64(), random_bits64(), (uint32_t)rnd(),
					   (uint32_t)rnd() };
	const struct ffa_notif_bitmaps *pb = chance(40) ? &bound : NULL;
	struct ffa_notif_bitmaps out, poison_out;
	bool null = chance(2);
	struct m_get m;
	int rc;

	memset(&poison_out, 0x5A, sizeof(poison_out));
	out = poison_out;
	rc = ffa_notif_get(&H.ctx, r, vcpu, which, pb, null ? NULL : &out);
	if (!need_v11(rc))
		return rc;
	if (null || which > 0xF)
		return no_call(rc, FFA_ERR_BAD_ARGUMENT);
	expect_frames(1);
	expect_first(&F_GET(vcpu, r, which));
	model_get(0, which, pb, &m);
	expect_rc(rc, m.rc);
	if (m.written)
		CHECK(out.sp == m.b.sp && out.vm == m.b.vm && out.spm_fwk == m.b.spm_fwk &&
			      out.hyp_fwk == m.b.hyp_fwk,
		      "GET bitmaps differ from the answer");
	else
		CHECK(memcmp(&out, &poison_out, sizeof(out)) == 0, "GET wrote its output");
	if (m.written)
		H.deep++;
	return rc;
}

static enum ffa_notif_info_form random_form(void)
{
	static const enum ffa_notif_info_form f[] = { FFA_NOTIF_INFO_AUTO, FFA_NOTIF_INFO_AUTO,
						      FFA_NOTIF_INFO_32, FFA_NOTIF_INFO_64,
						      (enum ffa_notif_info_form)1 };

	return f[below(ARRAY_LEN(f))];
}

static int do_info(void)
{
	enum ffa_notif_info_form form = random_form();
	struct ffa_notif_info out, poison_out;
	struct m_info m;
	bool null = chance(2);
	int rc;

	memset(&poison_out, 0x5A, sizeof(poison_out));
	out = poison_out;
	rc = ffa_notif_info_get(&H.ctx, form, null ? NULL : &out);
	if (!need_v11(rc))
		return rc;
	if (null || form == (enum ffa_notif_info_form)1)
		return no_call(rc, FFA_ERR_BAD_ARGUMENT);
	if (form == FFA_NOTIF_INFO_64 && !smc64())
		return no_call(rc, FFA_ERR_NOT_SUPPORTED);
	expect_frames(1);
	expect_first(&FRAME(info_fid_for(form)));
	model_info(0, &m);
	expect_rc(rc, m.rc);
	if (m.rc == 0) {
		expect_info(&out, &m.info);
		H.deep++;
	} else {
		CHECK(memcmp(&out, &poison_out, sizeof(out)) == 0, "INFO_GET wrote its output");
	}
	return rc;
}

/* INFO_GET drain: the callback copies every answer; the model replays. */
static struct ffa_notif_info drained[16];
static unsigned int ndrained;
static int drain_fail_at;

static int drain_cb(void *arg, const struct ffa_notif_info *info)
{
	(void)arg;
	if (ndrained < ARRAY_LEN(drained))
		drained[ndrained] = *info;
	ndrained++;
	return (int)ndrained == drain_fail_at ? FFA_ERR_ABORTED : 0;
}

static int do_drain(void)
{
	enum ffa_notif_info_form form = random_form();
	uint32_t rounds = chance(5) ? 0 : 1 + below(5);
	bool more = chance(50), want_more = false;
	int rc, want = 0;
	unsigned int i = 0, calls = 0;

	if (form == (enum ffa_notif_info_form)1)
		form = FFA_NOTIF_INFO_AUTO;
	ndrained = 0;
	drain_fail_at = chance(10) ? 1 + (int)below(3) : 0;
	rc = ffa_notif_info_drain(&H.ctx, form, rounds, drain_cb, NULL, &more);
	if (rounds == 0) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_BAD_ARGUMENT);
		CHECK(!more, "more set on a refused drain");
		return rc;
	}
	if (!need_v11(rc))
		return rc;
	if (form == FFA_NOTIF_INFO_64 && !smc64())
		return no_call(rc, FFA_ERR_NOT_SUPPORTED);
	for (;;) {
		struct m_info m;

		if (i == rounds) {
			want_more = true;
			break;
		}
		expect_frame_at(i, &FRAME(info_fid_for(form)));
		model_info(i, &m);
		i++;
		if (m.rc) {
			want = m.rc == FFA_ERR_NO_DATA ? 0 : m.rc;
			break;
		}
		if (calls < ARRAY_LEN(drained))
			expect_info(&drained[calls], &m.info);
		calls++;
		if ((int)calls == drain_fail_at) {
			want = FFA_ERR_ABORTED;
			break;
		}
		if (!m.info.more_pending)
			break;
	}
	expect_frames(i);
	expect_rc(rc, want);
	CHECK(ndrained == calls, "drain callback %u times, model %u", ndrained, calls);
	CHECK(more == want_more, "drain more %d, model %d", more, want_more);
	if (calls > 1)
		H.deep++;
	return rc;
}

/* ---- Dispatcher model ------------------------------------------------------------------- */

static void munhandled(uint32_t kind, uint16_t ep, uint16_t vcpu, bool per,
		       const struct ffa_notif_bitmaps *bits)
{
	struct ev *e;

	if (!D.cfg.unhandled)
		return;
	e = mev_rec(E_UNH, ep, vcpu, kind, per);
	if (bits)
		e->bits = *bits;
}

static const struct route *route_of(bool sp, uint32_t id)
{
	for (unsigned int i = 0; i < NSLOTS; i++)
		if (D.routes[i].used && secure(D.routes[i].sender) == sp && D.routes[i].id == id)
			return &D.routes[i];
	return NULL;
}

static uint64_t mfire(bool sp, uint64_t bits, uint16_t vcpu)
{
	uint64_t left = 0;

	for (uint32_t id = 0; id < 64; id++) {
		const struct route *r;

		if (!(bits >> id & 1))
			continue;
		r = route_of(sp, id);
		if (r)
			mev_rec(E_FIRE, r->sender, vcpu, id, 0)->arg = r->arg;
		else
			left |= 1ull << id;
	}
	return left;
}

/* ffa_notif_dispatch_vcpu(@vcpu) from frame *@pos on; returns its result. */
static int mdeliver(unsigned int *pos, uint16_t vcpu)
{
	struct ffa_notif_bitmaps left;
	struct m_get g;
	uint32_t from = 0;
	int drc = 0;

	if (ffa_ctx_version(&H.ctx) < FFA_VERSION_1_1)
		return ffa_ctx_version(&H.ctx) ? FFA_ERR_NOT_SUPPORTED : FFA_ERR_NOT_NEGOTIATED;
	expect_frame_at(*pos, &F_GET(vcpu, D.cfg.receiver, D.which));
	model_get(*pos, D.which, NULL, &g);
	(*pos)++;
	if (!g.written)
		return g.rc;

	if (g.b.spm_fwk & 1)
		from |= FFA_NOTIF_GET_SPM_FWK;
	if (g.b.hyp_fwk & 1)
		from |= FFA_NOTIF_GET_HYP_FWK;
	if (from) {
		int hrc = 0, rel = 0;
		bool released = false;

		if (D.cfg.rx_message) {
			mev_rec(E_RX, 0, vcpu, from, 0);
			if (D.rx_mode == 1) {
				expect_frame_at(*pos, &FRAME(FFA_RX_RELEASE_32));
				hrc = status_at((*pos)++);
				released = true;
			} else if (D.rx_mode == 2) {
				hrc = D.rx_err;
			}
		} else {
			struct ffa_notif_bitmaps rb = { 0, 0, g.b.spm_fwk & 1, g.b.hyp_fwk & 1 };

			munhandled(FFA_NOTIF_UNHANDLED_RX_FULL, D.cfg.receiver, vcpu, false, &rb);
		}
		if (!released) {
			expect_frame_at(*pos, &FRAME(FFA_RX_RELEASE_32));
			rel = status_at((*pos)++);
		}
		drc = hrc ? hrc : rel;
	}
	left.spm_fwk = g.b.spm_fwk & ~1u;
	left.hyp_fwk = g.b.hyp_fwk & ~1u;
	if ((left.spm_fwk || left.hyp_fwk) && D.cfg.framework) {
		mev_rec(E_FWK, 0, vcpu, left.spm_fwk, left.hyp_fwk);
		left.spm_fwk = left.hyp_fwk = 0;
	}
	left.vm = mfire(false, g.b.vm, vcpu);
	left.sp = mfire(true, g.b.sp, vcpu);
	if (left.sp || left.vm || left.spm_fwk || left.hyp_fwk)
		munhandled(FFA_NOTIF_UNHANDLED_BITS, D.cfg.receiver, vcpu, false, &left);
	return g.rc ? g.rc : drc;
}

static bool ev_eq(const struct ev *a, const struct ev *b)
{
	return a->type == b->type && a->a == b->a && a->b == b->b && a->c == b->c &&
	       a->d == b->d && a->arg == b->arg && a->bits.sp == b->bits.sp &&
	       a->bits.vm == b->bits.vm && a->bits.spm_fwk == b->bits.spm_fwk &&
	       a->bits.hyp_fwk == b->bits.hyp_fwk;
}

static void expect_events(void)
{
	if (ev_overflow)
		return;
	CHECK(nev == nmev, "%s: %u events, model %u", H.kind->name, nev, nmev);
	for (unsigned int i = 0; i < nev && i < nmev; i++)
		CHECK(ev_eq(&ev[i], &mev[i]),
		      "%s: event %u: type %d a 0x%x b 0x%x c 0x%x; model type %d a 0x%x b 0x%x c 0x%x",
		      H.kind->name, i, ev[i].type, ev[i].a, ev[i].b, ev[i].c, mev[i].type, mev[i].a,
		      mev[i].b, mev[i].c);
}

static int do_d_vcpu(void)
{
	unsigned int pos = 0;
	bool npi = chance(40);
	uint16_t vcpu;
	int rc, want;

	dispatcher_call_setup();
	vcpu = npi ? (D.cfg.current_vcpu ? D.cur : 0) : (chance(70) ? (uint16_t)below(4)
								     : (uint16_t)rnd());
	rc = npi ? ffa_notif_dispatch_npi(&D.d) : ffa_notif_dispatch_vcpu(&D.d, vcpu);
	want = mdeliver(&pos, vcpu);
	expect_frames(pos);
	expect_rc(rc, want);
	expect_events();
	if (nev)
		H.deep++;
	return rc;
}

static int do_d_sri(void)
{
	unsigned int pos = 0, rounds = 0;
	bool more = chance(50), want_more = false;
	int rc, want = 0;

	dispatcher_call_setup();
	rc = ffa_notif_dispatch_sri(&D.d, &more);
	if (!need_v11(rc))
		return rc;
	if (D.cfg.info_form == FFA_NOTIF_INFO_64 && !smc64())
		return no_call(rc, FFA_ERR_NOT_SUPPORTED);
	for (;;) {
		struct m_info m;
		uint16_t done[20], cur = D.cfg.current_vcpu ? D.cur : 0;
		unsigned int ndone = 0;
		int err = 0;

		if (rounds == D.rounds) {
			want_more = true;
			break;
		}
		expect_frame_at(pos, &FRAME(info_fid_for(D.cfg.info_form)));
		model_info(pos++, &m);
		if (m.rc) {
			want = m.rc == FFA_ERR_NO_DATA ? 0 : m.rc;
			break;
		}
		rounds++;
		for (uint32_t k = 0; k < m.info.count; k++) {
			const struct ffa_notif_info_list *l = &m.info.lists[k];
			bool own = l->endpoint == D.cfg.receiver;
			uint32_t n = l->vcpu_count ? l->vcpu_count : 1;

			for (uint32_t j = 0; j < n; j++) {
				uint16_t v = l->vcpu_count ? l->vcpus[j] : cur;
				bool seen = false;

				if (!own) {
					uint16_t sv = l->vcpu_count ? v : 0;

					if (D.cfg.schedule)
						mev_rec(E_SCHED, l->endpoint, sv, l->vcpu_count != 0, 0);
					else
						munhandled(FFA_NOTIF_UNHANDLED_ENDPOINT, l->endpoint, sv,
							   l->vcpu_count != 0, NULL);
					continue;
				}
				for (unsigned int q = 0; q < ndone; q++)
					seen = seen || done[q] == v;
				if (seen)
					continue;
				done[ndone++] = v;
				if (v == cur || !D.cfg.handoff) {
					int r = mdeliver(&pos, v);

					if (r && !err)
						err = r;
				} else {
					mev_rec(E_HANDOFF, 0, v, 0, 0);
					if (D.handoff_rc)
						munhandled(FFA_NOTIF_UNHANDLED_HANDOFF, D.cfg.receiver, v,
							   true, NULL);
				}
			}
		}
		if (err) {
			want = err;
			break;
		}
		if (!m.info.more_pending)
			break;
	}
	if (H.log_overflow)
		return rc; /* too many frames to follow (rare) */
	expect_frames(pos);
	expect_rc(rc, want);
	CHECK(more == want_more, "SRI more %d, model %d", more, want_more);
	expect_events();
	if (nev)
		H.deep++;
	return rc;
}

/* Registration: the model's table decides conflicts and capacity. */
static struct route *model_free(void)
{
	for (unsigned int i = 0; i < NSLOTS; i++)
		if (!D.routes[i].used)
			return &D.routes[i];
	return NULL;
}

static struct route *model_exact(uint16_t sender, uint32_t id)
{
	const struct route *r = id < 64 ? route_of(secure(sender), id) : NULL;

	return r && r->sender == sender ? (struct route *)r : NULL;
}

static uint16_t random_sender(void)
{
	/* Mostly a few senders, so that conflicts and re-binds happen. */
	static const uint16_t s[] = { 0x8001, 0x8002, 0x0001, 0x0002 };

	return chance(85) ? s[below(ARRAY_LEN(s))] : random_id();
}

static uint32_t random_nid(void)
{
	return chance(90) ? below(8) : (chance(50) ? 63 : 64 + below(3));
}

/* The expected result of claiming (@sender, @id), before any call. */
static int model_claim(uint16_t sender, uint32_t id)
{
	if (id >= 64 || route_of(secure(sender), id))
		return FFA_ERR_BAD_ARGUMENT;
	return model_free() ? 0 : FFA_ERR_BUFFER_TOO_SMALL;
}

static void model_add(uint16_t sender, uint32_t id, bool per)
{
	struct route *r = model_free();

	*r = (struct route){ true, sender, id, per, &tokens[id] };
}

static int do_d_register(void)
{
	uint16_t s = random_sender();
	uint32_t id = random_nid();
	bool reg = chance(60), per = chance(30);
	int rc, want;

	if (!D.ready)
		dispatcher_init();
	if (reg) {
		want = model_claim(s, id);
		rc = ffa_notif_dispatch_register(&D.d, s, id, per, cb_fire,
						 (void *)&tokens[id < 64 ? id : 0]);
		if (want == 0)
			model_add(s, id, per);
	} else {
		struct route *r = model_exact(s, id);

		want = r ? 0 : FFA_ERR_BAD_ARGUMENT;
		rc = ffa_notif_dispatch_unregister(&D.d, s, id);
		if (r)
			r->used = false;
	}
	expect_frames(0);
	expect_rc(rc, want);
	return rc;
}

static int do_d_bind(void)
{
	uint16_t s = random_sender();
	uint32_t id = random_nid();
	bool per = chance(30);
	int want, rc;

	if (!D.ready)
		dispatcher_init();
	want = model_claim(s, id);
	rc = ffa_notif_dispatch_bind(&D.d, s, id, per, cb_fire, (void *)&tokens[id < 64 ? id : 0]);
	if (want)
		return no_call(rc, want);
	if (!need_v11(rc))
		return rc;
	expect_frames(1);
	expect_first(&F_BIND((uint32_t)s << 16 | D.cfg.receiver, per ? 1u : 0u,
			     (uint32_t)(1ull << id), (uint32_t)((1ull << id) >> 32)));
	want = single_status();
	expect_rc(rc, want);
	if (want == 0)
		model_add(s, id, per);
	return rc;
}

static int do_d_unbind(void)
{
	uint16_t s = random_sender();
	uint32_t id = random_nid();
	struct route *r;
	int want, rc;

	if (!D.ready)
		dispatcher_init();
	r = model_exact(s, id);
	rc = ffa_notif_dispatch_unbind(&D.d, s, id);
	if (!r)
		return no_call(rc, FFA_ERR_BAD_ARGUMENT);
	if (!need_v11(rc))
		return rc;
	expect_frames(1);
	expect_first(&F_UNBIND((uint32_t)s << 16 | D.cfg.receiver, (uint32_t)(1ull << id),
			       (uint32_t)((1ull << id) >> 32)));
	want = single_status();
	expect_rc(rc, want);
	if (want == 0)
		r->used = false;
	return rc;
}

/* ---- Driver setup -------------------------------------------------------------------- */

/* One FFA_FEATURES(interrupt) step of the setup model at frame *@pos. */
static int mfeature(unsigned int *pos, uint32_t feature, bool *has, uint32_t *intid)
{
	int st;

	expect_frame_at(*pos, &FRAME(FFA_FEATURES_32, feature));
	st = status_at(*pos);
	*has = st == 0;
	*intid = st == 0 ? w(&H.log[*pos].out, 2) : 0;
	(*pos)++;
	return st == FFA_ERR_NOT_SUPPORTED ? 0 : st;
}

static int do_driver(void)
{
	struct ffa_notif_driver drv;
	uint16_t vm = chance(60) ? 0 : random_id();
	uint32_t n = chance(80) ? 1 + below(8) : random_vcpu_count();
	unsigned int pos = 0;
	bool created = false, has_sri = false, has_npi = false, teardown = chance(50);
	uint32_t sri = 0, npi = 0;
	int rc, want, st;

	memset(&drv, 0x5A, sizeof(drv));
	rc = ffa_notif_driver_setup(&H.ctx, &drv, vm, n);
	if (!need_v11(rc))
		return rc;
	if (secure(vm) || n == 0 || n > 0x10000)
		return no_call(rc, FFA_ERR_BAD_ARGUMENT);
	expect_frame_at(pos, &F_CREATE(vm, n));
	st = status_at(pos++);
	want = 0;
	if (st == 0)
		created = true;
	else if (st != FFA_ERR_NOT_SUPPORTED)
		want = st;
	if (!want) {
		want = mfeature(&pos, FFA_FEATURE_SRI, &has_sri, &sri);
		if (!want)
			want = mfeature(&pos, FFA_FEATURE_NPI, &has_npi, &npi);
		if (want) {
			has_sri = has_npi = false;
			sri = npi = 0;
			if (created) {
				expect_frame_at(pos, &F_DESTROY(vm));
				created = status_at(pos++) != 0;
			}
		}
	}
	expect_frames(pos);
	expect_rc(rc, want);
	CHECK(drv.vm_id == vm && drv.bitmap_created == created && drv.has_sri == has_sri &&
		      drv.sri_intid == sri && drv.has_npi == has_npi && drv.npi_intid == npi,
	      "driver state differs from the model");
	if (rc || !teardown)
		return rc;
	/* Teardown in the same call: one more frame if created. */
	rc = ffa_notif_driver_teardown(&H.ctx, &drv);
	want = 0;
	if (created) {
		expect_frame_at(pos, &F_DESTROY(vm));
		want = status_at(pos++);
	}
	expect_frames(pos);
	expect_rc(rc, want);
	CHECK(drv.bitmap_created == (created && want != 0), "teardown flag");
	return rc;
}

/* ---- Dispatch ----------------------------------------------------------------------- */

static int null_kind(void)
{
	struct ffa_notif_bitmaps b;
	struct ffa_notif_info info;
	struct ffa_notif_driver drv;
	bool more;

	switch (KIND()) {
	case K_CREATE: return ffa_notif_bitmap_create(NULL, 0, 1);
	case K_DESTROY: return ffa_notif_bitmap_destroy(NULL, 0);
	case K_BIND: return ffa_notif_bind(NULL, 0x8001, 0, false, 1);
	case K_UNBIND: return ffa_notif_unbind(NULL, 0x8001, 0, 1);
	case K_SET: return ffa_notif_set(NULL, 0, 0x8001, 0, 0, 1);
	case K_GET: return ffa_notif_get(NULL, 0, 0, 1, NULL, &b);
	case K_INFO: return ffa_notif_info_get(NULL, FFA_NOTIF_INFO_AUTO, &info);
	case K_DRAIN: return ffa_notif_info_drain(NULL, FFA_NOTIF_INFO_AUTO, 1, drain_cb, NULL,
						  &more);
	case K_D_REGISTER: return ffa_notif_dispatch_register(NULL, 0x8001, 0, false, cb_fire, NULL);
	case K_D_BIND: return ffa_notif_dispatch_bind(NULL, 0x8001, 0, false, cb_fire, NULL);
	case K_D_UNBIND: return ffa_notif_dispatch_unbind(NULL, 0x8001, 0);
	case K_D_VCPU: return ffa_notif_dispatch_vcpu(NULL, 0);
	case K_D_SRI: return ffa_notif_dispatch_sri(NULL, &more);
	default: return ffa_notif_driver_setup(NULL, &drv, 0, 1);
	}
}

static int run_kind(void)
{
	switch (KIND()) {
	case K_CREATE: return do_create();
	case K_DESTROY: return do_destroy();
	case K_BIND: return do_bind(true);
	case K_UNBIND: return do_bind(false);
	case K_SET: return do_set();
	case K_GET: return do_get();
	case K_INFO: return do_info();
	case K_DRAIN: return do_drain();
	case K_D_REGISTER: return do_d_register();
	case K_D_BIND: return do_d_bind();
	case K_D_UNBIND: return do_d_unbind();
	case K_D_VCPU: return do_d_vcpu();
	case K_D_SRI: return do_d_sri();
	default: return do_driver();
	}
}

#define KIND_ENTRY(k, w)                                                            \
	[k] = { .name = kind_name[k], .weight = (w), .run = run_kind,              \
		.null_ctx = null_kind, .allowed = frame_allowed, .check_mbz = check_mbz, \
		.answer = plausible_answer, .on_frame = on_frame, .finish = finish }

static const struct hostile_kind kinds[K_KINDS] = {
	KIND_ENTRY(K_CREATE, 2),     KIND_ENTRY(K_DESTROY, 2),    KIND_ENTRY(K_BIND, 3),
	KIND_ENTRY(K_UNBIND, 2),     KIND_ENTRY(K_SET, 3),        KIND_ENTRY(K_GET, 6),
	KIND_ENTRY(K_INFO, 8),       KIND_ENTRY(K_DRAIN, 5),      KIND_ENTRY(K_D_REGISTER, 6),
	KIND_ENTRY(K_D_BIND, 5),     KIND_ENTRY(K_D_UNBIND, 3),   KIND_ENTRY(K_D_VCPU, 8),
	KIND_ENTRY(K_D_SRI, 14),     KIND_ENTRY(K_DRIVER, 3),
};

Test(hostile_notif, random_frames_every_notification_call)
{
	uint64_t count[K_KINDS], success[K_KINDS];
	uint64_t budget;

	memset(&D, 0, sizeof(D));
	budget = hostile_run("notif", kinds, K_KINDS, DEFAULT_FRAMES, count, success);
	printf("hostile notif: calls reaching decoded answers or callbacks %llu\n",
	       (unsigned long long)H.deep);
	if (budget >= DEFAULT_FRAMES) {
		cr_assert_geq(H.deep, 2000, "deep paths rarely reached (%llu)",
			      (unsigned long long)H.deep);
		for (unsigned int k = 0; k < K_KINDS; k++)
			if (k != K_D_REGISTER)
				cr_assert_gt(success[k], 0, "%s never succeeded", kind_name[k]);
	}
}
