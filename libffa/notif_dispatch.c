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

/* Report one unhandled event to the unhandled callback (if any): @kind for
 * @endpoint on @vcpu, with @bits (NULL: none; for
 * FFA_NOTIF_UNHANDLED_RX_FULL only their "RX buffer full" bits). The report
 * is built here, so no caller carries it in its frame across a call. */
static __attribute__((noinline)) void report(const struct ffa_notif_dispatch *d,
					     enum ffa_notif_unhandled_kind kind,
					     uint16_t endpoint, uint16_t vcpu, bool per_vcpu,
					     const struct ffa_notif_bitmaps *bits)
{
	struct ffa_notif_unhandled u = { .kind = kind, .endpoint = endpoint, .vcpu = vcpu,
					 .per_vcpu = per_vcpu };

	if (!d->cfg.unhandled)
		return;
	if (bits) {
		u.bits = *bits;
		if (kind == FFA_NOTIF_UNHANDLED_RX_FULL) {
			u.bits.sp = u.bits.vm = 0;
			u.bits.spm_fwk &= FFA_NOTIF_FWK_RX_FULL;
			u.bits.hyp_fwk &= FFA_NOTIF_FWK_RX_FULL;
		}
	}
	d->cfg.unhandled(d->cfg.arg, &u);
}

int ffa_notif_dispatch_init(struct ffa_notif_dispatch *d, struct ffa_ctx *ctx,
			    const struct ffa_notif_dispatch_config *cfg,
			    struct ffa_notif_slot *slots, size_t nslots)
{
	struct ffa_notif_dispatch_config *c;

	if (!d || !ctx || !cfg || (!slots && nslots) || (cfg->get_flags & ~FFA_NOTIF_GET_ALL) ||
	    /* FFA_NOTIF_INFO_AUTO, _32 or _64: 0, 32 or 64 */
	    ((uint32_t)cfg->info_form & ~96u) || (uint32_t)cfg->info_form == 96u)
		return FFA_ERR_BAD_ARGUMENT;
	d->ctx = ctx;
	d->slots = slots;
	d->nslots = nslots;
	while (nslots--)
		slots[nslots].state = SLOT_FREE; /* (all a free slot is) */
	/* The copy last: nothing else is needed across it. */
	c = __builtin_memcpy(&d->cfg, cfg, sizeof(*cfg));
	if (!c->get_flags)
		c->get_flags = c->receiver == 0 ? FFA_NOTIF_GET_SP | FFA_NOTIF_GET_SPM_FWK
						: FFA_NOTIF_GET_ALL;
	if (!c->max_rounds)
		c->max_rounds = FFA_NOTIF_DISPATCH_DEFAULT_ROUNDS;
	return 0;
}

/* ---- Slots (callers hold the lock) ------------------------------------------------ */

/* The slot routing bit @id of class @sp, in any state but free; with
 * @free_ok, else the first free slot. NULL if none. */
static struct ffa_notif_slot *slot_of_bit(const struct ffa_notif_dispatch *d, bool sp,
					  uint32_t id, bool free_ok)
{
	struct ffa_notif_slot *free = NULL;

	for (size_t i = 0; i < d->nslots; i++) {
		struct ffa_notif_slot *s = &d->slots[i];

		if (s->state == SLOT_FREE) {
			if (!free)
				free = s;
		} else if (class_sp(s->sender) == sp && s->id == id) {
			return s;
		}
	}
	return free_ok ? free : NULL;
}

/* ---- Registration ----------------------------------------------------------------- */

#define OP_ADD 1u  /* register (else unregister) */
#define OP_CALL 2u /* with FFA_NOTIFICATION_BIND / UNBIND */

/*
 * Register (OP_ADD in @op) or unregister a handler for (@sender, @id); with
 * OP_CALL, also FFA_NOTIFICATION_BIND / UNBIND it at the partition manager,
 * outside the lock, with the slot reserved (routing nothing) meanwhile. A
 * slot is freed by its state alone: a free slot routes nothing, whatever it
 * holds.
 */
static int change(struct ffa_notif_dispatch *d, uint16_t sender, uint32_t id, bool per_vcpu,
		  ffa_notif_handler_fn fn, void *arg, unsigned int op)
{
	struct ffa_notif_slot *s;
	bool add = op & OP_ADD;
	int rc = FFA_ERR_BAD_ARGUMENT;

	if (!d || id >= FFA_NOTIF_IDS || (add && !fn))
		return rc;
	lock(d);
	s = slot_of_bit(d, class_sp(sender), id, add);
	if (!s) {
		/* No slot left, or nothing to remove. */
		if (add)
			rc = FFA_ERR_BUFFER_TOO_SMALL;
	} else if (add ? s->state == SLOT_FREE
		       : s->sender == sender && s->state == SLOT_ACTIVE) {
		/* (A bit routes to one sender: a taken one is refused.) */
		rc = 0;
		if (add)
			*s = (struct ffa_notif_slot){ .fn = fn, .arg = arg, .sender = sender,
						      .id = (uint8_t)id, .per_vcpu = per_vcpu };
		s->state = op & OP_CALL ? SLOT_RESERVED : add ? SLOT_ACTIVE : SLOT_FREE;
	}
	unlock(d);
	if (rc || !(op & OP_CALL))
		return rc;
	/* (@per_vcpu is false for a removal.) */
	rc = ffa__notif_bind_call(d->ctx,
				  add ? FFA_NOTIFICATION_BIND_32 : FFA_NOTIFICATION_UNBIND_32,
				  sender, d->cfg.receiver, per_vcpu ? FFA_NOTIF_FLAG_PER_VCPU : 0,
				  1ull << id);
	lock(d);
	/* Bound, or still bound: route it; else free the slot. */
	s->state = add == (rc == 0) ? SLOT_ACTIVE : SLOT_FREE;
	unlock(d);
	return rc;
}

int ffa_notif_dispatch_register(struct ffa_notif_dispatch *d, uint16_t sender, uint32_t id,
				bool per_vcpu, ffa_notif_handler_fn fn, void *arg)
{
	return change(d, sender, id, per_vcpu, fn, arg, OP_ADD);
}

int ffa_notif_dispatch_unregister(struct ffa_notif_dispatch *d, uint16_t sender, uint32_t id)
{
	return change(d, sender, id, false, NULL, NULL, 0);
}

int ffa_notif_dispatch_bind(struct ffa_notif_dispatch *d, uint16_t sender, uint32_t id,
			    bool per_vcpu, ffa_notif_handler_fn fn, void *arg)
{
	return change(d, sender, id, per_vcpu, fn, arg, OP_ADD | OP_CALL);
}

int ffa_notif_dispatch_unbind(struct ffa_notif_dispatch *d, uint16_t sender, uint32_t id)
{
	return change(d, sender, id, false, NULL, NULL, OP_CALL);
}

/* ---- Delivery --------------------------------------------------------------------- */

/* Call the handler of every set bit of @b's VM, then SP bitmap once, in
 * ascending order; leave in them the bits no active handler took. */
static void fire(const struct ffa_notif_dispatch *d, struct ffa_notif_bitmaps *b, uint16_t vcpu)
{
	for (uint32_t i = 0; i < 2 * FFA_NOTIF_IDS; i++) {
		bool sp = i >= FFA_NOTIF_IDS;
		uint64_t *bits = sp ? &b->sp : &b->vm;
		uint32_t id = i % FFA_NOTIF_IDS;
		struct ffa_notif_slot snap = { 0 };
		const struct ffa_notif_slot *s;

		if (!(*bits >> id & 1))
			continue;
		lock(d);
		s = slot_of_bit(d, sp, id, false);
		if (s && s->state == SLOT_ACTIVE)
			snap = *s;
		unlock(d);
		if (snap.fn) {
			snap.fn(snap.arg, snap.sender, id, vcpu);
			*bits &= ~(1ull << id);
		}
	}
}

/* The end of ffa_notif_dispatch_vcpu() (@got: what GET fetched, less the
 * "RX buffer full" bits; @rc: the result so far): the framework bits, the
 * handlers, then the report of what is left. */
static __attribute__((noinline)) int finish(struct ffa_notif_dispatch *d, uint16_t vcpu, int rc,
					    struct ffa_notif_bitmaps *got)
{
	if ((got->spm_fwk || got->hyp_fwk) && d->cfg.framework) {
		d->cfg.framework(d->cfg.arg, vcpu, got->spm_fwk, got->hyp_fwk);
		got->spm_fwk = got->hyp_fwk = 0;
	}
	fire(d, got, vcpu);
	if (got->sp || got->vm || got->spm_fwk || got->hyp_fwk)
		report(d, FFA_NOTIF_UNHANDLED_BITS, d->cfg.receiver, vcpu, false, got);
	return rc;
}

/* What ffa_notif_dispatch_vcpu() does after GET (which answered @rc and
 * left in @got what it fetched): the "RX buffer full" path, then finish()
 * (a tail call). Its own function so that the frame across the GET call
 * holds little. */
static __attribute__((noinline)) int deliver(struct ffa_notif_dispatch *d, uint16_t vcpu,
					     int rc, struct ffa_notif_bitmaps *got)
{
	/* "RX buffer full" (one RX buffer holds one message, whichever
	 * framework said so): the handler reads the message, then the buffer
	 * goes back to the manager unless the handler gave it back itself. */
	uint32_t from = (got->spm_fwk & FFA_NOTIF_FWK_RX_FULL ? FFA_NOTIF_GET_SPM_FWK : 0) |
			(got->hyp_fwk & FFA_NOTIF_FWK_RX_FULL ? FFA_NOTIF_GET_HYP_FWK : 0);

	if (from) {
		bool released = false;
		int drc = 0;

		if (d->cfg.rx_message) {
			drc = d->cfg.rx_message(d->cfg.arg, d->ctx, vcpu, from, &released);
			if (drc > 0)
				drc = 0;
		} else {
			report(d, FFA_NOTIF_UNHANDLED_RX_FULL, d->cfg.receiver, vcpu, false, got);
		}
		if (!released) {
			int rel = ffa_rx_release(d->ctx);

			drc = drc ? drc : rel;
		}
		/* The first error: GET's, then the RX path's. */
		rc = rc ? rc : drc;
	}
	got->spm_fwk &= ~FFA_NOTIF_FWK_RX_FULL;
	got->hyp_fwk &= ~FFA_NOTIF_FWK_RX_FULL;
	return finish(d, vcpu, rc, got);
}

/* ffa_notif_dispatch_vcpu() of @d (not NULL) with @got as its scratch:
 * GET, then deliver() (a tail call: this frame is gone by then). */
static int vcpu_work(struct ffa_notif_dispatch *d, uint16_t vcpu, struct ffa_notif_bitmaps *got)
{
	int rc;

	*got = (struct ffa_notif_bitmaps){ 0 }; /* after delivery: what is left */
	rc = ffa_notif_get(d->ctx, d->cfg.receiver, vcpu, d->cfg.get_flags, NULL, got);
	/* On a protocol error the bits the answer carried (if it was a
	 * SUCCESS) are in @got and already cleared at the manager: deliver
	 * them all the same. They are zero otherwise. */
	if (rc && rc != FFA_ERR_PROTOCOL)
		return rc;
	return deliver(d, vcpu, rc, got);
}

int ffa_notif_dispatch_vcpu(struct ffa_notif_dispatch *d, uint16_t vcpu)
{
	struct ffa_notif_bitmaps got;

	if (!d)
		return FFA_ERR_BAD_ARGUMENT;
	return vcpu_work(d, vcpu, &got);
}

int ffa_notif_dispatch_npi(struct ffa_notif_dispatch *d)
{
	if (!d)
		return FFA_ERR_BAD_ARGUMENT;
	return ffa_notif_dispatch_vcpu(d, current_vcpu(d));
}

/* ---- Schedule Receiver Interrupt ------------------------------------------------- */

/* One SRI round's state: the INFO_GET answer, the current vCPU, GET's
 * scratch. */
struct sri {
	struct ffa__notif_info_raw info;
	struct ffa_notif_bitmaps got;
	uint16_t cur;
};

/* One entry of an INFO_GET answer, packed: the endpoint in bits 15:0, its
 * vCPU in 31:16 (a per-vCPU list's vCPU; for a global list this receiver's
 * current vCPU, else 0), ENTRY_PER_VCPU if from a per-vCPU list,
 * ENTRY_VALID if there is one. */
#define ENTRY_PER_VCPU (1ull << 32)
#define ENTRY_VALID (1ull << 33)

/* The entry at ID position @q of @s's answer: a per-vCPU list has one per
 * vCPU ID, a global list one at its endpoint ID; none (0) at a per-vCPU
 * list's endpoint ID and past the last list. */
static uint64_t entry_at(const struct ffa_notif_dispatch *d, const struct sri *s, uint32_t q)
{
	const struct ffa__notif_info_raw *in = &s->info;

	for (uint32_t k = 0, p = 0; k < FFA__NOTIF_INFO_LISTS(in->flags); k++) {
		uint32_t n = FFA__NOTIF_INFO_SIZE(in->flags, k);
		uint32_t ep = in->ids[p];

		if (q <= p + n) {
			if (n)
				return q == p ? 0
					      : ENTRY_VALID | ENTRY_PER_VCPU |
							(uint32_t)in->ids[q] << 16 | ep;
			return ENTRY_VALID | (ep == d->cfg.receiver ? (uint32_t)s->cur << 16 : 0) |
			       ep;
		}
		p += 1 + n;
	}
	return 0;
}

/*
 * The entry at ID position @q of one INFO_GET answer: this receiver's
 * notifications are fetched once per listed vCPU per round (here, or handed
 * to that vCPU); another endpoint's go to the scheduler. A global list (no
 * vCPUs) is one entry: the endpoint on no particular vCPU; for this receiver
 * the current vCPU fetches it (any vCPU may fetch global notifications).
 * Returns the error of a fetch here, else 0.
 */
static __attribute__((noinline)) int sri_entry(struct ffa_notif_dispatch *d, struct sri *s,
					       uint32_t q)
{
	uint64_t e = entry_at(d, s, q);
	uint16_t ep = (uint16_t)e, vcpu = (uint16_t)(e >> 16);
	bool per_vcpu = (e & ENTRY_PER_VCPU) != 0;
	enum ffa_notif_unhandled_kind kind = FFA_NOTIF_UNHANDLED_ENDPOINT;

	if (!e)
		return 0;
	if (ep != d->cfg.receiver) {
		if (d->cfg.schedule) {
			d->cfg.schedule(d->cfg.arg, ep, per_vcpu, vcpu);
			return 0;
		}
	} else {
		/* Each vCPU once per round: not if an earlier entry had it. */
		for (uint32_t i = 0; i < q; i++)
			if (((entry_at(d, s, i) ^ e) & ~ENTRY_PER_VCPU) == 0)
				return 0;
		if (vcpu == s->cur || !d->cfg.handoff)
			return vcpu_work(d, vcpu, &s->got);
		if (!d->cfg.handoff(d->cfg.arg, vcpu))
			return 0;
		/* (Only a per-vCPU list's entry is handed off: a global
		 * one's vCPU is the current one.) */
		kind = FFA_NOTIF_UNHANDLED_HANDOFF;
	}
	report(d, kind, ep, vcpu, per_vcpu, NULL);
	return 0;
}

/* The rounds follow ffa_notif_info_drain() (same bound, "more", NO_DATA and
 * error rules) over the compact form of each answer, so no public answer
 * struct sits in the frame while the vCPUs are fetched. A round handles
 * every entry; the first fetch error stops the rounds. */
int ffa_notif_dispatch_sri(struct ffa_notif_dispatch *d, bool *more)
{
	struct sri s;
	uint32_t rounds;

	if (more)
		*more = false;
	if (!d || !(rounds = d->cfg.max_rounds))
		return FFA_ERR_BAD_ARGUMENT;
	while (rounds--) {
		int err = ffa__notif_info_raw(d->ctx, d->cfg.info_form, &s.info);

		if (err == FFA_ERR_NO_DATA)
			return 0; /* nothing (more) pending */
		if (err)
			return err;
		s.cur = current_vcpu(d);
		for (uint32_t q = 0; q < FFA_NOTIF_INFO_MAX_IDS_64; q++) {
			int rc = sri_entry(d, &s, q);

			err = err ? err : rc;
		}
		if (err || !(s.info.flags & FFA__NOTIF_INFO_MORE))
			return err;
	}
	if (more)
		*more = true;
	return 0;
}
