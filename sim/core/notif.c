/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Notifications (ffa-abi.md 4.4, 11): bitmaps, binding, set/get, the
 * framework "RX buffer full" notification, FFA_NOTIFICATION_INFO_GET lists
 * and the Schedule Receiver Interrupt.
 *
 * Each receiver has 64 notification bits. A bit is bound to exactly one
 * sender at a time, globally or per vCPU (fixed at bind time); only that
 * sender may set it, in the same way. Pending bits are kept apart by the
 * sender's world (SP bitmap / VM bitmap), globally and per vCPU; GET reads
 * and clears what it asks for. INFO_GET reports each receiver (and vCPU)
 * with notifications set since it was last reported.
 */
#include "sim_internal.h"

#define BIND_PER_VCPU (1u << 0)
#define SET_PER_VCPU (1u << 0)
#define SET_DELAY_SRI (1u << 1)
#define GET_SP (1u << 0)
#define GET_VM (1u << 1)
#define GET_SPM (1u << 2)
#define GET_HYP (1u << 3)
#define FW_RX_FULL (1u << 0)
#define INFO_IDS_32 10u
#define INFO_IDS_64 20u
#define INFO_VCPUS_PER_LIST 3u

static uint64_t bitmap_of(const struct sim_call *c)
{
	return (uint64_t)sim_w(c->in, 3) | ((uint64_t)sim_w(c->in, 4) << 32);
}

static bool any_pending(const struct sim_ep *ep)
{
	if (ep->pend_sp || ep->pend_vm || ep->fw_spm || ep->fw_hyp)
		return true;
	for (uint32_t v = 0; ep->vpend && v < 2u * ep->vcpus; v++)
		if (ep->vpend[v])
			return true;
	return false;
}

bool sim_notif_pending(const struct sim_ep *ep)
{
	return any_pending(ep);
}

/* Forget bindings and pending notifications (framework ones stay: they
 * need no bitmap). */
static void clear_state(struct sim_ep *ep)
{
	ep->bound = 0;
	ep->per_vcpu = 0;
	ep->pend_sp = 0;
	ep->pend_vm = 0;
	ep->info_global = ep->info_global && (ep->fw_spm | ep->fw_hyp) != 0;
	ep->info_vcpus = 0;
	for (uint32_t v = 0; ep->vpend && v < 2u * ep->vcpus; v++)
		ep->vpend[v] = 0;
	for (unsigned int b = 0; b < 64; b++)
		ep->bind_sender[b] = SIM_NONE;
}

void sim_notif_reset(struct sim_ep *ep)
{
	clear_state(ep);
	ep->fw_spm = 0;
	ep->fw_hyp = 0;
	ep->info_global = false;
}

bool sim_notif_npi_due(const struct sim_ep *ep, uint16_t vcpu)
{
	if (ep->pend_sp || ep->pend_vm || ep->fw_spm || ep->fw_hyp)
		return true;
	return ep->vpend && vcpu < ep->vcpus && (ep->vpend[2u * vcpu] | ep->vpend[2u * vcpu + 1u]);
}

/* The normal-world endpoint a hypervisor names in w1[15:0] (w1[31:16] MBZ). */
static struct sim_ep *vm_of(struct sim_call *c)
{
	uint32_t w1 = sim_w(c->in, 1);
	struct sim_ep *vm = (w1 >> 16) ? NULL : sim_ep_find(c->s, (uint16_t)w1);

	return vm && !vm->secure ? vm : NULL;
}

void sim_h_bitmap_create(struct sim_call *c)
{
	struct sim_ep *vm = vm_of(c);
	uint32_t n = sim_w(c->in, 2);

	if (!vm || n == 0 || n > vm->vcpus) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	if (vm->notif_on) {
		sim_answer_error(c, FFA_ERR_DENIED); /* already created */
		return;
	}
	clear_state(vm);
	vm->notif_on = true;
	vm->notif_vcpus = (uint16_t)n;
	sim_answer_success(c, 0, 0);
}

void sim_h_bitmap_destroy(struct sim_call *c)
{
	struct sim_ep *vm = vm_of(c);

	if (!vm) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	if (!vm->notif_on || any_pending(vm)) {
		sim_answer_error(c, FFA_ERR_DENIED);
		return;
	}
	clear_state(vm);
	vm->notif_on = false;
	vm->notif_vcpus = 0;
	sim_answer_success(c, 0, 0);
}

/* BIND/UNBIND: w1 = sender:receiver, the receiver being the caller. */
static struct sim_ep *bind_peer(struct sim_call *c)
{
	uint32_t w1 = sim_w(c->in, 1);
	struct sim_ep *peer;

	if ((uint16_t)w1 != c->ep->id)
		return NULL;
	peer = sim_ep_find(c->s, (uint16_t)(w1 >> 16));
	return peer != c->ep ? peer : NULL;
}

void sim_h_bind(struct sim_call *c)
{
	struct sim_ep *ep = c->ep, *peer = bind_peer(c);
	uint32_t flags = sim_w(c->in, 2);
	uint64_t bm = bitmap_of(c);
	bool per_vcpu = (flags & BIND_PER_VCPU) != 0;

	if (!peer || (flags & ~BIND_PER_VCPU) || bm == 0) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	if (!ep->notif_on) {
		sim_answer_error(c, FFA_ERR_NOT_SUPPORTED);
		return;
	}
	if (per_vcpu && c->s->q.per_vcpu != FFA_SIM_PER_VCPU_SUPPORTED) {
		sim_answer_error(c, c->s->q.per_vcpu == FFA_SIM_PER_VCPU_DENIED
					    ? FFA_ERR_DENIED
					    : FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	/* Each bit is bound to one sender at a time: unbind first. */
	if (ep->bound & bm) {
		sim_answer_error(c, FFA_ERR_DENIED);
		return;
	}
	for (unsigned int b = 0; b < 64; b++)
		if (bm & (1ull << b))
			ep->bind_sender[b] = sim_idx(c->s, peer);
	ep->bound |= bm;
	if (per_vcpu)
		ep->per_vcpu |= bm;
	sim_answer_success(c, 0, 0);
}

/* Are bits @bm pending anywhere (globally or on any vCPU)? */
static bool bits_pending(const struct sim_ep *ep, uint64_t bm)
{
	if ((ep->pend_sp | ep->pend_vm) & bm)
		return true;
	for (uint32_t v = 0; ep->vpend && v < 2u * ep->vcpus; v++)
		if (ep->vpend[v] & bm)
			return true;
	return false;
}

void sim_h_unbind(struct sim_call *c)
{
	struct sim_ep *ep = c->ep, *peer = bind_peer(c);
	uint64_t bm = bitmap_of(c);
	uint16_t pidx;

	if (!peer || bm == 0) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	if (!ep->notif_on) {
		sim_answer_error(c, FFA_ERR_NOT_SUPPORTED);
		return;
	}
	pidx = sim_idx(c->s, peer);
	for (unsigned int b = 0; b < 64; b++) {
		if ((bm & (1ull << b)) && ep->bind_sender[b] != pidx) {
			sim_answer_error(c, FFA_ERR_DENIED); /* not bound to that sender */
			return;
		}
	}
	if (bits_pending(ep, bm)) {
		sim_answer_error(c, FFA_ERR_DENIED);
		return;
	}
	for (unsigned int b = 0; b < 64; b++)
		if (bm & (1ull << b))
			ep->bind_sender[b] = SIM_NONE;
	ep->bound &= ~bm;
	ep->per_vcpu &= ~bm;
	sim_answer_success(c, 0, 0);
}

void sim_h_set(struct sim_call *c)
{
	struct ffa_sim *s = c->s;
	struct sim_ep *ep = c->ep, *to;
	uint32_t w1 = sim_w(c->in, 1), flags = sim_w(c->in, 2);
	uint64_t bm = bitmap_of(c);
	bool per_vcpu = (flags & SET_PER_VCPU) != 0;
	uint16_t vcpu = (uint16_t)(flags >> 16), me = sim_idx(s, ep);
	uint32_t allowed = SET_PER_VCPU | (ep->secure ? SET_DELAY_SRI : 0u);

	to = sim_ep_find(s, (uint16_t)w1);
	/* w1 = sender:receiver with the caller as sender; flags bits 15:2
	 * MBZ, the SRI delay only from partitions, vCPU only per-vCPU. */
	if ((uint16_t)(w1 >> 16) != ep->id || !to || to == ep || (flags & 0xFFFFu & ~allowed) ||
	    (!per_vcpu && vcpu) || bm == 0) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	if (!to->notif_on) {
		sim_answer_error(c, FFA_ERR_DENIED);
		return;
	}
	if (per_vcpu && vcpu >= to->notif_vcpus) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	/* Only the bound sender sets, the way the bits were bound. */
	for (unsigned int b = 0; b < 64; b++) {
		if (!(bm & (1ull << b)))
			continue;
		if (to->bind_sender[b] != me ||
		    ((to->per_vcpu >> b) & 1u) != (per_vcpu ? 1u : 0u)) {
			sim_answer_error(c, FFA_ERR_DENIED);
			return;
		}
	}
	if (per_vcpu) {
		to->vpend[2u * vcpu + (ep->secure ? 0u : 1u)] |= bm;
		to->info_vcpus |= 1ull << vcpu;
	} else {
		if (ep->secure)
			to->pend_sp |= bm;
		else
			to->pend_vm |= bm;
		to->info_global = true;
	}
	sim_raise_sri(s, (flags & SET_DELAY_SRI) != 0);
	sim_answer_success(c, 0, 0);
}

/* Drop INFO_GET marks for what is no longer pending. */
static void info_settle(struct sim_ep *ep, uint16_t vcpu)
{
	if (!(ep->pend_sp | ep->pend_vm | ep->fw_spm | ep->fw_hyp))
		ep->info_global = false;
	if (ep->vpend && vcpu < ep->vcpus && !(ep->vpend[2u * vcpu] | ep->vpend[2u * vcpu + 1u]))
		ep->info_vcpus &= ~(1ull << vcpu);
}

void sim_h_get(struct sim_call *c)
{
	struct sim_ep *ep = c->ep;
	uint32_t w1 = sim_w(c->in, 1), flags = sim_w(c->in, 2);
	uint16_t vcpu = (uint16_t)(w1 >> 16);
	uint16_t nv = ep->notif_on ? ep->notif_vcpus : ep->vcpus;
	uint64_t sp = 0, vm = 0;
	uint32_t spm = 0, hyp = 0;
	struct ffa_regs r;

	/* w1 = vCPU:receiver, the receiver being the caller. */
	if ((uint16_t)w1 != ep->id || vcpu >= nv || (flags & ~0xFu)) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	if ((flags & GET_SP) && ep->notif_on) {
		sp = ep->pend_sp | ep->vpend[2u * vcpu];
		ep->pend_sp = 0;
		ep->vpend[2u * vcpu] = 0;
	}
	if ((flags & GET_VM) && ep->notif_on) {
		vm = ep->pend_vm | ep->vpend[2u * vcpu + 1u];
		ep->pend_vm = 0;
		ep->vpend[2u * vcpu + 1u] = 0;
	}
	/* Framework notifications need no binding (RX buffer full). */
	if (flags & GET_SPM) {
		spm = ep->fw_spm;
		ep->fw_spm = 0;
	}
	if (flags & GET_HYP) {
		hyp = ep->fw_hyp;
		ep->fw_hyp = 0;
	}
	info_settle(ep, vcpu);
	sim_frame(&r, FFA_SUCCESS_32);
	r.x[2] = (uint32_t)sp;
	r.x[3] = (uint32_t)(sp >> 32);
	r.x[4] = (uint32_t)vm;
	r.x[5] = (uint32_t)(vm >> 32);
	r.x[6] = spm;
	r.x[7] = hyp;
	sim_answer(c, &r);
}

void sim_notif_rx_full(struct ffa_sim *s, struct sim_ep *rcv, const struct sim_ep *sender,
		       bool delay_sri)
{
	if (sender->secure)
		rcv->fw_spm |= FW_RX_FULL;
	else
		rcv->fw_hyp |= FW_RX_FULL;
	rcv->info_global = true;
	sim_raise_sri(s, delay_sri && sender->secure);
}

/* ---- FFA_NOTIFICATION_INFO_GET (ffa-abi.md 11.3) ------------------------------------ */

struct info_out {
	uint32_t cap;    /* IDs that fit: 10 or 20 */
	uint32_t nids;
	uint32_t lists;
	uint64_t sizes;  /* 2 bits per list, from bit 12 */
	uint16_t ids[INFO_IDS_64];
	bool more;
};

/* Add a list: endpoint @id and @n vCPU IDs; false if it does not fit. */
static bool info_add(struct info_out *o, uint16_t id, const uint16_t *vcpus, uint32_t n)
{
	if (o->nids + 1 + n > o->cap) {
		o->more = true;
		return false;
	}
	o->ids[o->nids++] = id;
	for (uint32_t i = 0; i < n; i++)
		o->ids[o->nids++] = vcpus[i];
	o->sizes |= (uint64_t)n << (12 + 2 * o->lists);
	o->lists++;
	return true;
}

static void info_endpoint(struct info_out *o, struct sim_ep *ep)
{
	uint16_t v[INFO_VCPUS_PER_LIST];
	uint32_t n = 0;

	if (ep->info_global && info_add(o, ep->id, NULL, 0))
		ep->info_global = false;
	for (uint16_t vc = 0; vc < FFA_SIM_MAX_VCPUS && !o->more; vc++) {
		if (!(ep->info_vcpus & (1ull << vc)))
			continue;
		v[n++] = vc;
		if (n == INFO_VCPUS_PER_LIST) {
			if (!info_add(o, ep->id, v, n))
				return;
			for (uint32_t i = 0; i < n; i++)
				ep->info_vcpus &= ~(1ull << v[i]);
			n = 0;
		}
	}
	if (n && info_add(o, ep->id, v, n))
		for (uint32_t i = 0; i < n; i++)
			ep->info_vcpus &= ~(1ull << v[i]);
}

void sim_h_info_get(struct sim_call *c)
{
	struct info_out o = { .cap = c->is64 ? INFO_IDS_64 : INFO_IDS_32 };
	unsigned int per = c->is64 ? 4u : 2u;
	struct ffa_regs r;

	for (uint32_t i = 0; i < c->s->ep_count && !o.more; i++)
		info_endpoint(&o, &c->s->eps[i]);
	if (o.nids == 0) {
		/* Nothing reported (nothing pending, or nothing that fits). */
		sim_answer_error(c, FFA_ERR_NO_DATA);
		return;
	}
	/* Anything left unreported sets "more pending". */
	for (uint32_t i = 0; i < c->s->ep_count && !o.more; i++)
		if (c->s->eps[i].info_global || c->s->eps[i].info_vcpus)
			o.more = true;
	sim_frame(&r, c->is64 ? FFA_SUCCESS_64 : FFA_SUCCESS_32);
	r.x[2] = (o.more ? 1u : 0u) | ((uint64_t)o.lists << 7) | o.sizes;
	for (uint32_t j = 0; j < o.nids; j++)
		r.x[3 + j / per] |= (uint64_t)o.ids[j] << (16 * (j % per));
	sim_answer(c, &r);
}

/* ---- Invariants -------------------------------------------------------------------- */

uint32_t sim_notif_check(const struct ffa_sim *s, const struct sim_ep *ep)
{
	uint64_t from_sp = 0, from_vm = 0;

	if (ep->secure && ep->notif_on != ((ep->props & FFA_PART_PROP_NOTIFICATION_RECV) != 0))
		return 30;
	if (ep->notif_on && (ep->notif_vcpus == 0 || ep->notif_vcpus > ep->vcpus || !ep->vpend))
		return 31;
	if (!ep->notif_on && (ep->bound || ep->per_vcpu || ep->pend_sp || ep->pend_vm ||
			      ep->info_vcpus))
		return 32;
	if ((ep->per_vcpu & ~ep->bound) || ((ep->fw_spm | ep->fw_hyp) & ~FW_RX_FULL))
		return 33;
	for (unsigned int b = 0; b < 64; b++) {
		uint16_t snd = ep->bind_sender[b];
		bool bound = (ep->bound >> b) & 1u;

		if (bound != (snd != SIM_NONE))
			return 34;
		if (!bound)
			continue;
		if (snd >= s->ep_count || snd == sim_idx(s, ep))
			return 35;
		if (s->eps[snd].secure)
			from_sp |= 1ull << b;
		else
			from_vm |= 1ull << b;
	}
	/* Pending only where bound, by that sender's world, the bound way. */
	if ((ep->pend_sp & ~(from_sp & ~ep->per_vcpu)) || (ep->pend_vm & ~(from_vm & ~ep->per_vcpu)))
		return 36;
	for (uint32_t v = 0; ep->vpend && v < ep->vcpus; v++) {
		uint64_t psp = ep->vpend[2u * v], pvm = ep->vpend[2u * v + 1u];

		if (v >= ep->notif_vcpus && (psp | pvm))
			return 37;
		if ((psp & ~(from_sp & ep->per_vcpu)) || (pvm & ~(from_vm & ep->per_vcpu)))
			return 38;
	}
	if (ep->notif_vcpus < 64 && (ep->info_vcpus >> ep->notif_vcpus))
		return 39;
	return 0;
}
