/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The notification dispatcher (services layer): SRI -> INFO_GET -> GET ->
 * callbacks, NPI -> GET -> callbacks, per-vCPU hand-off, framework
 * notifications and "RX buffer full". Sits on the calls of notif.c and
 * notif_info.c; see include/ffa/notif_dispatch.h and docs/notifications.md.
 *
 * No FF-A call is made under the slot lock, and handlers are called outside
 * it on a snapshot of the slot (known-bugs.md class 35).
 */
#include "internal.h"

#include <ffa/notif_dispatch.h>
#include <ffa/setup.h>

enum slot_state {
	SLOT_FREE = 0,
	SLOT_RESERVED = 1, /* BIND/UNBIND in flight: routes nothing */
	SLOT_ACTIVE = 2,
};

/* A sender's class: its bits live in the SP bitmap if it is a secure
 * endpoint, in the VM bitmap otherwise. */
static bool class_sp(uint16_t sender)
{
	return (sender & FFA_ID_SECURE_BIT) != 0;
}

static void lock(const struct ffa_notif_dispatch *d)
{
	if (d->cfg.lock)
		d->cfg.lock(d->cfg.arg);
}

static void unlock(const struct ffa_notif_dispatch *d)
{
	if (d->cfg.unlock)
		d->cfg.unlock(d->cfg.arg);
}

static uint16_t current_vcpu(const struct ffa_notif_dispatch *d)
{
	return d->cfg.current_vcpu ? d->cfg.current_vcpu(d->cfg.arg) : 0;
}

static void report(const struct ffa_notif_dispatch *d, const struct ffa_notif_unhandled *u)
{
	if (d->cfg.unhandled)
		d->cfg.unhandled(d->cfg.arg, u);
}

/* First error wins. */
static void keep_first(int *first, int rc)
{
	if (rc && !*first)
		*first = rc;
}

int ffa_notif_dispatch_init(struct ffa_notif_dispatch *d, struct ffa_ctx *ctx,
			    const struct ffa_notif_dispatch_config *cfg,
			    struct ffa_notif_slot *slots, size_t nslots)
{
	if (!d || !ctx || !cfg || (!slots && nslots) || (cfg->get_flags & ~FFA_NOTIF_GET_ALL))
		return FFA_ERR_BAD_ARGUMENT;
	if (cfg->info_form != FFA_NOTIF_INFO_AUTO && cfg->info_form != FFA_NOTIF_INFO_32 &&
	    cfg->info_form != FFA_NOTIF_INFO_64)
		return FFA_ERR_BAD_ARGUMENT;
	d->ctx = ctx;
	d->cfg = *cfg;
	if (!d->cfg.get_flags)
		d->cfg.get_flags = cfg->receiver == 0 ? FFA_NOTIF_GET_SP | FFA_NOTIF_GET_SPM_FWK
						      : FFA_NOTIF_GET_ALL;
	if (!d->cfg.max_rounds)
		d->cfg.max_rounds = FFA_NOTIF_DISPATCH_DEFAULT_ROUNDS;
	d->slots = slots;
	d->nslots = nslots;
	ffa__bytes_zero(slots, nslots * sizeof(*slots));
	return 0;
}

/* ---- Slots (callers hold the lock) ------------------------------------------------ */

/* The slot routing bit @id of @sender's class, in any state but free. */
static struct ffa_notif_slot *slot_of_bit(const struct ffa_notif_dispatch *d, bool sp,
					  uint32_t id)
{
	for (size_t i = 0; i < d->nslots; i++) {
		struct ffa_notif_slot *s = &d->slots[i];

		if (s->state != SLOT_FREE && class_sp(s->sender) == sp && s->id == id)
			return s;
	}
	return NULL;
}

static struct ffa_notif_slot *free_slot(const struct ffa_notif_dispatch *d)
{
	for (size_t i = 0; i < d->nslots; i++)
		if (d->slots[i].state == SLOT_FREE)
			return &d->slots[i];
	return NULL;
}

/* Take a slot for (@sender, @id) in @state. */
static int claim(struct ffa_notif_dispatch *d, uint16_t sender, uint32_t id, bool per_vcpu,
		 ffa_notif_handler_fn fn, void *arg, uint8_t state, struct ffa_notif_slot **out)
{
	struct ffa_notif_slot *s;

	if (!fn || id >= FFA_NOTIF_IDS)
		return FFA_ERR_BAD_ARGUMENT;
	if (slot_of_bit(d, class_sp(sender), id))
		return FFA_ERR_BAD_ARGUMENT;
	s = free_slot(d);
	if (!s)
		return FFA_ERR_BUFFER_TOO_SMALL;
	s->fn = fn;
	s->arg = arg;
	s->sender = sender;
	s->id = (uint8_t)id;
	s->per_vcpu = per_vcpu;
	s->state = state;
	*out = s;
	return 0;
}

/* claim() under the lock. */
static int claim_locked(struct ffa_notif_dispatch *d, uint16_t sender, uint32_t id, bool per_vcpu,
			ffa_notif_handler_fn fn, void *arg, uint8_t state,
			struct ffa_notif_slot **out)
{
	int rc;

	lock(d);
	rc = claim(d, sender, id, per_vcpu, fn, arg, state, out);
	unlock(d);
	return rc;
}

/* The slot of exactly (@sender, @id) in @state, or NULL. */
static struct ffa_notif_slot *find(const struct ffa_notif_dispatch *d, uint16_t sender,
				   uint32_t id, uint8_t state)
{
	struct ffa_notif_slot *s;

	if (id >= FFA_NOTIF_IDS)
		return NULL;
	s = slot_of_bit(d, class_sp(sender), id);
	return s && s->sender == sender && s->state == state ? s : NULL;
}

static void release_slot(struct ffa_notif_slot *s)
{
	ffa__bytes_zero(s, sizeof(*s));
}

/* ---- Registration ----------------------------------------------------------------- */

int ffa_notif_dispatch_register(struct ffa_notif_dispatch *d, uint16_t sender, uint32_t id,
				bool per_vcpu, ffa_notif_handler_fn fn, void *arg)
{
	struct ffa_notif_slot *s;

	if (!d)
		return FFA_ERR_BAD_ARGUMENT;
	return claim_locked(d, sender, id, per_vcpu, fn, arg, SLOT_ACTIVE, &s);
}

int ffa_notif_dispatch_unregister(struct ffa_notif_dispatch *d, uint16_t sender, uint32_t id)
{
	struct ffa_notif_slot *s;

	if (!d)
		return FFA_ERR_BAD_ARGUMENT;
	lock(d);
	s = find(d, sender, id, SLOT_ACTIVE);
	if (s)
		release_slot(s);
	unlock(d);
	return s ? 0 : FFA_ERR_BAD_ARGUMENT;
}

int ffa_notif_dispatch_bind(struct ffa_notif_dispatch *d, uint16_t sender, uint32_t id,
			    bool per_vcpu, ffa_notif_handler_fn fn, void *arg)
{
	struct ffa_notif_slot *s;
	int rc;

	if (!d)
		return FFA_ERR_BAD_ARGUMENT;
	rc = claim_locked(d, sender, id, per_vcpu, fn, arg, SLOT_RESERVED, &s);
	if (rc)
		return rc;
	/* The FF-A call is made outside the lock. */
	rc = ffa_notif_bind(d->ctx, sender, d->cfg.receiver, per_vcpu, 1ull << id);
	lock(d);
	if (rc)
		release_slot(s);
	else
		s->state = SLOT_ACTIVE;
	unlock(d);
	return rc;
}

int ffa_notif_dispatch_unbind(struct ffa_notif_dispatch *d, uint16_t sender, uint32_t id)
{
	struct ffa_notif_slot *s;
	int rc;

	if (!d)
		return FFA_ERR_BAD_ARGUMENT;
	lock(d);
	s = find(d, sender, id, SLOT_ACTIVE);
	if (s)
		s->state = SLOT_RESERVED;
	unlock(d);
	if (!s)
		return FFA_ERR_BAD_ARGUMENT;
	rc = ffa_notif_unbind(d->ctx, sender, d->cfg.receiver, 1ull << id);
	lock(d);
	if (rc)
		s->state = SLOT_ACTIVE; /* still bound: keep routing it */
	else
		release_slot(s);
	unlock(d);
	return rc;
}

/* ---- Delivery --------------------------------------------------------------------- */

/* Call the handler of every set bit of @bits (class @sp) once; return the
 * bits no active handler took. */
static uint64_t fire(const struct ffa_notif_dispatch *d, bool sp, uint64_t bits, uint16_t vcpu)
{
	uint64_t left = 0;

	for (uint32_t id = 0; id < FFA_NOTIF_IDS; id++) {
		struct ffa_notif_slot snap;
		const struct ffa_notif_slot *s;

		if (!(bits & (1ull << id)))
			continue;
		lock(d);
		s = slot_of_bit(d, sp, id);
		if (s && s->state == SLOT_ACTIVE)
			snap = *s;
		else
			snap.fn = NULL;
		unlock(d);
		if (snap.fn)
			snap.fn(snap.arg, snap.sender, id, vcpu);
		else
			left |= 1ull << id;
	}
	return left;
}

/* "RX buffer full": the handler reads the message, then the buffer goes
 * back to the manager unless the handler gave it back itself. */
static int rx_full(const struct ffa_notif_dispatch *d, uint16_t vcpu, uint32_t from,
		   const struct ffa_notif_bitmaps *fwk)
{
	bool released = false;
	int rc = 0, rel = 0;

	if (d->cfg.rx_message) {
		rc = d->cfg.rx_message(d->cfg.arg, d->ctx, vcpu, from, &released);
		if (rc > 0)
			rc = 0;
	} else {
		struct ffa_notif_unhandled u = { .kind = FFA_NOTIF_UNHANDLED_RX_FULL,
						 .endpoint = d->cfg.receiver,
						 .vcpu = vcpu };

		u.bits.spm_fwk = fwk->spm_fwk & FFA_NOTIF_FWK_RX_FULL;
		u.bits.hyp_fwk = fwk->hyp_fwk & FFA_NOTIF_FWK_RX_FULL;
		report(d, &u);
	}
	if (!released)
		rel = ffa_rx_release(d->ctx);
	return rc ? rc : rel;
}

/* Deliver one GET's bitmaps; return the first error of the RX path. */
static int deliver(const struct ffa_notif_dispatch *d, uint16_t vcpu,
		   const struct ffa_notif_bitmaps *got)
{
	struct ffa_notif_unhandled u = { .kind = FFA_NOTIF_UNHANDLED_BITS,
					 .endpoint = d->cfg.receiver,
					 .vcpu = vcpu };
	uint32_t from = 0;
	int rc = 0;

	if (got->spm_fwk & FFA_NOTIF_FWK_RX_FULL)
		from |= FFA_NOTIF_GET_SPM_FWK;
	if (got->hyp_fwk & FFA_NOTIF_FWK_RX_FULL)
		from |= FFA_NOTIF_GET_HYP_FWK;
	/* One RX buffer holds one message, whichever framework said so. */
	if (from)
		rc = rx_full(d, vcpu, from, got);

	u.bits.spm_fwk = got->spm_fwk & ~FFA_NOTIF_FWK_RX_FULL;
	u.bits.hyp_fwk = got->hyp_fwk & ~FFA_NOTIF_FWK_RX_FULL;
	if ((u.bits.spm_fwk || u.bits.hyp_fwk) && d->cfg.framework) {
		d->cfg.framework(d->cfg.arg, vcpu, u.bits.spm_fwk, u.bits.hyp_fwk);
		u.bits.spm_fwk = u.bits.hyp_fwk = 0;
	}
	u.bits.vm = fire(d, false, got->vm, vcpu);
	u.bits.sp = fire(d, true, got->sp, vcpu);
	if (u.bits.sp || u.bits.vm || u.bits.spm_fwk || u.bits.hyp_fwk)
		report(d, &u);
	return rc;
}

int ffa_notif_dispatch_vcpu(struct ffa_notif_dispatch *d, uint16_t vcpu)
{
	struct ffa_notif_bitmaps got = { 0 };
	int rc, drc;

	if (!d)
		return FFA_ERR_BAD_ARGUMENT;
	rc = ffa_notif_get(d->ctx, d->cfg.receiver, vcpu, d->cfg.get_flags, NULL, &got);
	/* On a protocol error the bits the answer carried (if it was a
	 * SUCCESS) are in @got and already cleared at the manager: deliver
	 * them all the same. @got is zero otherwise. */
	if (rc && rc != FFA_ERR_PROTOCOL)
		return rc;
	drc = deliver(d, vcpu, &got);
	return rc ? rc : drc;
}

int ffa_notif_dispatch_npi(struct ffa_notif_dispatch *d)
{
	if (!d)
		return FFA_ERR_BAD_ARGUMENT;
	return ffa_notif_dispatch_vcpu(d, current_vcpu(d));
}

/* ---- Schedule Receiver Interrupt ------------------------------------------------- */

struct sri_round {
	struct ffa_notif_dispatch *d;
	uint16_t cur;
	uint32_t done_count;
	uint16_t done[FFA_NOTIF_INFO_MAX_IDS_64];
	int err;
};

/* Fetch this receiver's notifications for @vcpu once per round. */
static void own_vcpu(struct sri_round *st, uint16_t vcpu)
{
	const struct ffa_notif_dispatch *d = st->d;

	for (uint32_t i = 0; i < st->done_count; i++)
		if (st->done[i] == vcpu)
			return;
	st->done[st->done_count++] = vcpu; /* at most one per listed ID */

	if (vcpu == st->cur || !d->cfg.handoff) {
		keep_first(&st->err, ffa_notif_dispatch_vcpu(st->d, vcpu));
	} else if (d->cfg.handoff(d->cfg.arg, vcpu)) {
		struct ffa_notif_unhandled u = { .kind = FFA_NOTIF_UNHANDLED_HANDOFF,
						 .endpoint = d->cfg.receiver,
						 .vcpu = vcpu,
						 .per_vcpu = true };

		report(d, &u);
	}
}

static void other_endpoint(const struct ffa_notif_dispatch *d, uint16_t ep, bool per_vcpu,
			   uint16_t vcpu)
{
	if (d->cfg.schedule) {
		d->cfg.schedule(d->cfg.arg, ep, per_vcpu, vcpu);
	} else {
		struct ffa_notif_unhandled u = { .kind = FFA_NOTIF_UNHANDLED_ENDPOINT,
						 .endpoint = ep,
						 .vcpu = vcpu,
						 .per_vcpu = per_vcpu };

		report(d, &u);
	}
}

static int sri_round(void *arg, const struct ffa_notif_info *info)
{
	struct sri_round *st = arg;
	const struct ffa_notif_dispatch *d = st->d;

	st->done_count = 0;
	st->cur = current_vcpu(d);
	for (uint32_t k = 0; k < info->count; k++) {
		const struct ffa_notif_info_list *l = &info->lists[k];
		bool own = l->endpoint == d->cfg.receiver;

		if (l->vcpu_count == 0) {
			/* Global: any vCPU may fetch them - this one. */
			if (own)
				own_vcpu(st, st->cur);
			else
				other_endpoint(d, l->endpoint, false, 0);
			continue;
		}
		for (uint32_t v = 0; v < l->vcpu_count; v++) {
			if (own)
				own_vcpu(st, l->vcpus[v]);
			else
				other_endpoint(d, l->endpoint, true, l->vcpus[v]);
		}
	}
	/* The whole round was handled; an error stops the drain. */
	return st->err;
}

int ffa_notif_dispatch_sri(struct ffa_notif_dispatch *d, bool *more)
{
	struct sri_round st;

	if (more)
		*more = false;
	if (!d)
		return FFA_ERR_BAD_ARGUMENT;
	st.d = d;
	st.err = 0;
	return ffa_notif_info_drain(d->ctx, d->cfg.info_form, d->cfg.max_rounds, sri_round, &st,
				    more);
}
