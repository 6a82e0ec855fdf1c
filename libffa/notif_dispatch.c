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

/* Report to the unhandled callback (if any); @bits may be NULL (none). */
static void report(const struct ffa_notif_dispatch *d, enum ffa_notif_unhandled_kind kind,
		   uint16_t endpoint, uint16_t vcpu, bool per_vcpu,
		   const struct ffa_notif_bitmaps *bits)
{
	struct ffa_notif_unhandled u;

	if (!d->cfg.unhandled)
		return;
	ffa__bytes_zero(&u, sizeof(u));
	u.kind = kind;
	u.endpoint = endpoint;
	u.vcpu = vcpu;
	u.per_vcpu = per_vcpu;
	if (bits)
		u.bits = *bits;
	d->cfg.unhandled(d->cfg.arg, &u);
}

int ffa_notif_dispatch_init(struct ffa_notif_dispatch *d, struct ffa_ctx *ctx,
			    const struct ffa_notif_dispatch_config *cfg,
			    struct ffa_notif_slot *slots, size_t nslots)
{
	if (!d || !ctx || !cfg || (!slots && nslots) || (cfg->get_flags & ~FFA_NOTIF_GET_ALL) ||
	    /* FFA_NOTIF_INFO_AUTO, _32 or _64: 0, 32 or 64 */
	    ((uint32_t)cfg->info_form & ~96u) || (uint32_t)cfg->info_form == 96u)
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

/*
 * Register (@add) or unregister a handler for (@sender, @id); with @call,
 * also FFA_NOTIFICATION_BIND / UNBIND it at the partition manager, outside
 * the lock, with the slot reserved (routing nothing) meanwhile.
 */
static int change(struct ffa_notif_dispatch *d, uint16_t sender, uint32_t id, bool per_vcpu,
		  ffa_notif_handler_fn fn, void *arg, bool add, bool call)
{
	struct ffa_notif_slot *s = NULL;
	int rc = FFA_ERR_BAD_ARGUMENT;

	if (!d)
		return rc;
	lock(d);
	if (id < FFA_NOTIF_IDS && (fn || !add)) {
		s = slot_of_bit(d, class_sp(sender), id, add);
		if (add) {
			/* A bit routes to one sender: taken, or no slot left. */
			rc = !s ? FFA_ERR_BUFFER_TOO_SMALL : s->state ? FFA_ERR_BAD_ARGUMENT : 0;
			if (rc == 0) {
				s->fn = fn;
				s->arg = arg;
				s->sender = sender;
				s->id = (uint8_t)id;
				s->per_vcpu = per_vcpu;
				s->state = call ? SLOT_RESERVED : SLOT_ACTIVE;
			}
		} else if (s && s->sender == sender && s->state == SLOT_ACTIVE) {
			rc = 0;
			s->state = SLOT_RESERVED;
			if (!call)
				ffa__bytes_zero(s, sizeof(*s));
		}
	}
	unlock(d);
	if (rc || !call)
		return rc;
	rc = ffa__notif_bind_call(d->ctx, add ? FFA_NOTIFICATION_BIND_32 : FFA_NOTIFICATION_UNBIND_32,
				  sender, d->cfg.receiver,
				  add && per_vcpu ? FFA_NOTIF_FLAG_PER_VCPU : 0, 1ull << id);
	lock(d);
	/* Bound, or still bound: route it; else free the slot. */
	if (add == (rc == 0))
		s->state = SLOT_ACTIVE;
	else
		ffa__bytes_zero(s, sizeof(*s));
	unlock(d);
	return rc;
}

int ffa_notif_dispatch_register(struct ffa_notif_dispatch *d, uint16_t sender, uint32_t id,
				bool per_vcpu, ffa_notif_handler_fn fn, void *arg)
{
	return change(d, sender, id, per_vcpu, fn, arg, true, false);
}

int ffa_notif_dispatch_unregister(struct ffa_notif_dispatch *d, uint16_t sender, uint32_t id)
{
	return change(d, sender, id, false, NULL, NULL, false, false);
}

int ffa_notif_dispatch_bind(struct ffa_notif_dispatch *d, uint16_t sender, uint32_t id,
			    bool per_vcpu, ffa_notif_handler_fn fn, void *arg)
{
	return change(d, sender, id, per_vcpu, fn, arg, true, true);
}

int ffa_notif_dispatch_unbind(struct ffa_notif_dispatch *d, uint16_t sender, uint32_t id)
{
	return change(d, sender, id, false, NULL, NULL, false, true);
}

/* ---- Delivery --------------------------------------------------------------------- */

/* Call the handler of every set bit of @bits (class @sp) once; return the
 * bits no active handler took. */
static uint64_t fire(const struct ffa_notif_dispatch *d, bool sp, uint64_t bits, uint16_t vcpu)
{
	uint64_t left = 0;

	for (uint32_t id = 0; id < FFA_NOTIF_IDS; id++) {
		struct ffa_notif_slot snap = { 0 };
		const struct ffa_notif_slot *s;

		if (!(bits & (1ull << id)))
			continue;
		lock(d);
		s = slot_of_bit(d, sp, id, false);
		if (s && s->state == SLOT_ACTIVE)
			snap = *s;
		unlock(d);
		if (snap.fn)
			snap.fn(snap.arg, snap.sender, id, vcpu);
		else
			left |= 1ull << id;
	}
	return left;
}

/* Deliver one GET's bitmaps; return the first error of the RX path. */
static int deliver(const struct ffa_notif_dispatch *d, uint16_t vcpu,
		   const struct ffa_notif_bitmaps *got)
{
	struct ffa_notif_bitmaps u = { 0 };
	bool released = false;
	uint32_t from = 0;
	int rc = 0, rel;

	if (got->spm_fwk & FFA_NOTIF_FWK_RX_FULL)
		from |= FFA_NOTIF_GET_SPM_FWK;
	if (got->hyp_fwk & FFA_NOTIF_FWK_RX_FULL)
		from |= FFA_NOTIF_GET_HYP_FWK;
	/* "RX buffer full" (one RX buffer holds one message, whichever
	 * framework said so): the handler reads the message, then the buffer
	 * goes back to the manager unless the handler gave it back itself. */
	if (from) {
		if (d->cfg.rx_message) {
			rc = d->cfg.rx_message(d->cfg.arg, d->ctx, vcpu, from, &released);
			if (rc > 0)
				rc = 0;
		} else {
			u.spm_fwk = got->spm_fwk & FFA_NOTIF_FWK_RX_FULL;
			u.hyp_fwk = got->hyp_fwk & FFA_NOTIF_FWK_RX_FULL;
			report(d, FFA_NOTIF_UNHANDLED_RX_FULL, d->cfg.receiver, vcpu, false, &u);
		}
		rel = released ? 0 : ffa_rx_release(d->ctx);
		if (!rc)
			rc = rel;
	}

	u.spm_fwk = got->spm_fwk & ~FFA_NOTIF_FWK_RX_FULL;
	u.hyp_fwk = got->hyp_fwk & ~FFA_NOTIF_FWK_RX_FULL;
	if ((u.spm_fwk || u.hyp_fwk) && d->cfg.framework) {
		d->cfg.framework(d->cfg.arg, vcpu, u.spm_fwk, u.hyp_fwk);
		u.spm_fwk = u.hyp_fwk = 0;
	}
	u.vm = fire(d, false, got->vm, vcpu);
	u.sp = fire(d, true, got->sp, vcpu);
	if (u.sp || u.vm || u.spm_fwk || u.hyp_fwk)
		report(d, FFA_NOTIF_UNHANDLED_BITS, d->cfg.receiver, vcpu, false, &u);
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
	int err;
};

/* The vCPU on which list entry @v of @l asks this receiver to fetch: its
 * listed vCPU, or for a global list (no vCPUs) the current one - any vCPU
 * may fetch global notifications. */
static uint16_t entry_vcpu(const struct ffa_notif_info_list *l, uint32_t v, uint16_t cur)
{
	return l->vcpu_count ? l->vcpus[v] : cur;
}

/* True if an entry before (@k, @v) of this receiver named @vcpu already:
 * each vCPU is fetched once per round. */
static bool fetched(const struct ffa_notif_info *info, uint16_t receiver, uint32_t k, uint32_t v,
		    uint16_t vcpu, uint16_t cur)
{
	for (uint32_t j = 0; j <= k; j++) {
		const struct ffa_notif_info_list *l = &info->lists[j];
		uint32_t n = j < k ? (l->vcpu_count ? l->vcpu_count : 1u) : v;

		for (uint32_t w = 0; l->endpoint == receiver && w < n; w++)
			if (entry_vcpu(l, w, cur) == vcpu)
				return true;
	}
	return false;
}

/* One INFO_GET answer: this receiver's notifications are fetched once per
 * listed vCPU (here, or handed to that vCPU); another endpoint's go to the
 * scheduler. */
static int sri_round(void *arg, const struct ffa_notif_info *info)
{
	struct sri_round *st = arg;
	const struct ffa_notif_dispatch *d = st->d;
	uint16_t cur = current_vcpu(d);

	for (uint32_t k = 0; k < info->count; k++) {
		const struct ffa_notif_info_list *l = &info->lists[k];
		bool per_vcpu = l->vcpu_count != 0;

		for (uint32_t v = 0; v < (per_vcpu ? l->vcpu_count : 1u); v++) {
			uint16_t vcpu = entry_vcpu(l, v, cur);
			int rc = 0;

			if (l->endpoint != d->cfg.receiver) {
				vcpu = per_vcpu ? vcpu : 0;
				if (d->cfg.schedule)
					d->cfg.schedule(d->cfg.arg, l->endpoint, per_vcpu, vcpu);
				else
					report(d, FFA_NOTIF_UNHANDLED_ENDPOINT, l->endpoint, vcpu,
					       per_vcpu, NULL);
				continue;
			}
			if (fetched(info, d->cfg.receiver, k, v, vcpu, cur))
				continue;
			if (vcpu == cur || !d->cfg.handoff)
				rc = ffa_notif_dispatch_vcpu(st->d, vcpu);
			else if (d->cfg.handoff(d->cfg.arg, vcpu))
				report(d, FFA_NOTIF_UNHANDLED_HANDOFF, d->cfg.receiver, vcpu, true,
				       NULL);
			if (!st->err)
				st->err = rc;
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
