/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RX/TX buffers: FFA_RXTX_MAP/UNMAP, FFA_RX_RELEASE, FFA_RX_ACQUIRE and the
 * RX ownership state machine (ffa-abi.md 4.1, 12):
 *
 *   RX_PM  --produce (PARTITION_INFO_GET, MSG_SEND2, ...)-->  RX_EP
 *   RX_EP  --RX_RELEASE (or MSG_WAIT without retain)------->  RX_PM
 *   RX_PM  --RX_ACQUIRE (hypervisor, for a VM)------------->  RX_HYP
 *   RX_HYP --RX_RELEASE(vm) by the hypervisor-------------->  RX_PM
 *
 * A producer meets BUSY unless the buffer is RX_PM; releasing a buffer one
 * does not own is DENIED (known-bugs.md 27).
 */
#include "sim_internal.h"

int sim_rx_claim(const struct sim_ep *ep)
{
	return ep->mapped && ep->rx_owner == RX_PM ? 0 : FFA_ERR_BUSY;
}

void sim_rx_produced(struct sim_ep *ep, size_t len)
{
	/* No stale bytes after what was produced (known-bugs.md 30). */
	ffa__bytes_zero(ep->rx + len, sim_rx_size(ep) - len);
	ep->rx_owner = RX_EP;
}

/* Is [pa, pa + size) part of another endpoint's RX/TX pair? */
static bool used_elsewhere(const struct ffa_sim *s, const struct sim_ep *self, uint64_t pa,
			   uint64_t size)
{
	for (uint32_t i = 0; i < s->ep_count; i++) {
		const struct sim_ep *o = &s->eps[i];
		uint64_t osz = (uint64_t)o->pages * SIM_PAGE;

		if (o == self || !o->mapped || o->builtin)
			continue;
		if (sim_overlap(pa, size, o->tx_pa, osz) || sim_overlap(pa, size, o->rx_pa, osz))
			return true;
	}
	return false;
}

/* Memory in the ownership table must be the caller's, exclusively (not
 * shared or lent away); memory nobody added is the host's business. */
static bool owned_exclusively(const struct ffa_sim *s, const struct sim_ep *ep, uint64_t pa,
			      uint64_t size)
{
	struct ffa_sim_mem_access acc;
	struct ffa_sim_mem_region run;
	uint64_t at = pa;

	if (ffa_sim_memtab_access(&s->mt, ep->id, pa, size, &acc) == 0)
		return acc.owner && acc.exclusive;
	/* Not accessible as a whole: refused if any page is owned at all. */
	return ffa_sim_memtab_region_next(&s->mt, &at, &run) != 1 ||
	       !sim_overlap(run.pa, run.pages * SIM_PAGE, pa, size);
}

void sim_h_rxtx_map(struct sim_call *c)
{
	struct ffa_sim *s = c->s;
	struct sim_ep *ep = c->ep;
	uint64_t tx = c->is64 ? c->in->x[1] : sim_w(c->in, 1);
	uint64_t rx = c->is64 ? c->in->x[2] : sim_w(c->in, 2);
	/* The page count is read from all of w3 and bounded by the maximum
	 * FFA_FEATURES reports (SOURCES.md 3.4: Hafnium's reading). */
	uint32_t pages = sim_w(c->in, 3);
	uint64_t size, align = (uint64_t)s->rxtx_min_pages * SIM_PAGE;
	void *txp, *rxp;

	if (ep->mapped) {
		sim_answer_error(c, FFA_ERR_DENIED); /* one pair at a time */
		return;
	}
	/* x1 = x2 = x3 = 0 is the hypervisor's forwarded map (v1.1), which
	 * this partition manager does not take: it fails the count check. */
	if (pages == 0 || pages > s->rxtx_max_pages || pages % s->rxtx_min_pages ||
	    (tx | rx) & (align - 1)) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	size = (uint64_t)pages * SIM_PAGE;
	if (tx + size < tx || rx + size < rx || sim_overlap(tx, size, rx, size)) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	/* The caller must own the memory: the host says so, and no other
	 * endpoint's buffers may be there. */
	if (used_elsewhere(s, ep, tx, size) || used_elsewhere(s, ep, rx, size)) {
		sim_answer_error(c, FFA_ERR_DENIED);
		return;
	}
	txp = sim_host_map(s, ep->id, tx, size);
	rxp = sim_host_map(s, ep->id, rx, size);
	if (!txp || !rxp || !owned_exclusively(s, ep, tx, size) ||
	    !owned_exclusively(s, ep, rx, size)) {
		sim_answer_error(c, FFA_ERR_DENIED);
		return;
	}
	ep->mapped = true;
	ep->tx = (uint8_t *)txp;
	ep->rx = (uint8_t *)rxp;
	ep->tx_pa = tx;
	ep->rx_pa = rx;
	ep->pages = pages;
	ep->rx_owner = RX_PM;
	sim_answer_success(c, 0, 0);
}

void sim_rxtx_reset(struct sim_ep *ep)
{
	ep->mapped = false;
	ep->tx = NULL;
	ep->rx = NULL;
	ep->tx_pa = 0;
	ep->rx_pa = 0;
	ep->pages = 0;
	ep->rx_owner = RX_PM;
}

/* The VM a hypervisor names in an ID field, or NULL. */
static struct sim_ep *hyp_target(struct ffa_sim *s, struct sim_ep *caller, uint16_t id)
{
	struct sim_ep *t;

	if (sim_idx(s, caller) != s->hyp)
		return NULL;
	t = sim_ep_find(s, id);
	return t && !t->secure && t != caller ? t : NULL;
}

void sim_h_rxtx_unmap(struct sim_call *c)
{
	uint32_t w1 = sim_w(c->in, 1);
	uint16_t id = (uint16_t)(w1 >> 16);
	struct sim_ep *t = c->ep;

	if (w1 & 0xFFFFu) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	/* w1[31:16]: only the hypervisor names an endpoint (a VM); MBZ for
	 * everyone else, even naming itself (known-bugs.md 10). */
	if (id)
		t = hyp_target(c->s, c->ep, id);
	if (!t || !t->mapped || t->builtin) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	sim_rxtx_reset(t);
	sim_answer_success(c, 0, 0);
}

void sim_h_rx_release(struct sim_call *c)
{
	uint32_t w1 = sim_w(c->in, 1);
	uint16_t id = (uint16_t)w1;
	struct sim_ep *t = c->ep;

	if (w1 >> 16) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	if (id) {
		t = hyp_target(c->s, c->ep, id);
		if (!t) {
			sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
			return;
		}
	}
	if (!t->mapped) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	/* The endpoint releases what it owns; the hypervisor also returns a
	 * buffer it acquired, or releases on a VM's behalf. */
	if (t == c->ep ? t->rx_owner != RX_EP : t->rx_owner == RX_PM) {
		sim_answer_error(c, FFA_ERR_DENIED);
		return;
	}
	t->rx_owner = RX_PM;
	sim_answer_success(c, 0, 0);
}

void sim_h_rx_acquire(struct sim_call *c)
{
	uint32_t w1 = sim_w(c->in, 1);
	struct sim_ep *t;

	if (w1 >> 16) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	t = hyp_target(c->s, c->ep, (uint16_t)w1);
	if (!t || !t->mapped) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	if (t->rx_owner != RX_PM) {
		sim_answer_error(c, FFA_ERR_DENIED);
		return;
	}
	t->rx_owner = RX_HYP;
	sim_answer_success(c, 0, 0);
}
