/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ffa_sim memtab - read-only queries: may an endpoint access an address
 * range, lookup by handle, receivers, iteration for dumps, pool usage.
 */
#include "memtab_internal.h"

/* Access of @ep to the pages of transaction @x it covers; false if none. */
static bool txn_access(const struct ffa_sim_memtab *t, const struct ffa_sim_memtab_txn *x,
		       uint16_t ep, struct ffa_sim_mem_access *seg)
{
	const struct ffa_sim_memtab_rcv *me;

	if (x->owner == ep && !x->owner_gone) {
		/* Owner: keeps its access only while sharing (O-SA). */
		if (x->type != FFA_MEM_RETRIEVE_TYPE_SHARE)
			return false;
		seg->perm = ffa__mt_owner_perm(x->rflags);
		seg->owner = true;
		seg->exclusive = false;
		return true;
	}
	me = ffa__mt_rcv_find(t, x, ep);
	if (me == NULL || me->retrievals == 0)
		return false;
	seg->perm = me->granted;
	seg->owner = false;
	/* A single borrower of a lend is the only one with access (NO-EA). */
	seg->exclusive = x->type == FFA_MEM_RETRIEVE_TYPE_LEND && x->rcv_count == 1;
	return true;
}

int ffa_sim_memtab_access(const struct ffa_sim_memtab *t, uint16_t ep, uint64_t pa,
			  uint64_t size, struct ffa_sim_mem_access *out)
{
	const struct ffa_sim_memtab_node *nodes;
	struct ffa_sim_mem_access acc = {0, true, true, 0};
	uint64_t pos, end;

	if (t == NULL || out == NULL || size == 0 || size - 1u > UINT64_MAX - pa)
		return FFA_ERR_BAD_ARGUMENT;
	nodes = t->p.nodes;
	pos = pa >> MT_PAGE_SHIFT;
	end = ((pa + (size - 1u)) >> MT_PAGE_SHIFT) + 1u;
	acc.perm = ffa_mem_perm_make(FFA_MEM_DATA_RW, FFA_MEM_INSTR_X);

	while (pos < end) {
		struct ffa_sim_mem_access seg;
		uint32_t c = ffa__mt_tree_floor(t, t->txn_root, pos);
		uint64_t seg_end = end;

		if (c != NIL && ffa__mt_end(&nodes[c]) > pos) {
			const struct ffa_sim_memtab_txn *x = &t->p.txns[nodes[c].txn];

			if (!txn_access(t, x, ep, &seg))
				return FFA_ERR_DENIED;
			seg.rflags = x->rflags;
			if (ffa__mt_end(&nodes[c]) < seg_end)
				seg_end = ffa__mt_end(&nodes[c]);
		} else {
			uint32_t r = ffa__mt_tree_floor(t, t->run_root, pos);

			c = ffa__mt_tree_after(t, t->txn_root, pos);
			if (c != NIL && nodes[c].pfn < seg_end)
				seg_end = nodes[c].pfn;
			if (r == NIL || ffa__mt_end(&nodes[r]) <= pos || nodes[r].owner != ep)
				return FFA_ERR_DENIED;
			if (ffa__mt_end(&nodes[r]) < seg_end)
				seg_end = ffa__mt_end(&nodes[r]);
			seg.perm = ffa__mt_owner_perm(nodes[r].rflags);
			seg.owner = true;
			seg.exclusive = true;
			seg.rflags = nodes[r].rflags;
		}
		acc.perm = ffa__mt_perm_pick(acc.perm, seg.perm, false);
		acc.owner = acc.owner && seg.owner;
		acc.exclusive = acc.exclusive && seg.exclusive;
		acc.rflags |= seg.rflags;
		pos = seg_end;
	}
	*out = acc;
	return 0;
}

static void info_fill(const struct ffa_sim_memtab_txn *x, struct ffa_sim_mem_info *out)
{
	out->handle = x->handle;
	out->owner = x->owner;
	out->type = x->type;
	out->state = x->state;
	out->owner_gone = x->owner_gone;
	out->attributes = x->attributes;
	out->flags = x->flags;
	out->tag = x->tag;
	out->receiver_count = x->rcv_count;
	out->holders = x->holders;
	out->range_count = x->range_count;
	out->ranges_seen = x->ranges_seen;
	out->total_pages = x->total_pages;
	out->rflags = x->rflags;
}

int ffa_sim_memtab_lookup(const struct ffa_sim_memtab *t, uint64_t handle,
			  struct ffa_sim_mem_info *out)
{
	const struct ffa_sim_memtab_txn *x;

	if (t == NULL || out == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	x = ffa__mt_txn(t, handle);
	if (x == NULL)
		return FFA_ERR_INVALID_PARAMETERS;
	info_fill(x, out);
	return 0;
}

int ffa_sim_memtab_receiver(const struct ffa_sim_memtab *t, uint64_t handle, uint32_t index,
			    struct ffa_sim_mem_rcv_info *out)
{
	const struct ffa_sim_memtab_txn *x;
	uint32_t i;

	if (t == NULL || out == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	x = ffa__mt_txn(t, handle);
	if (x == NULL)
		return FFA_ERR_INVALID_PARAMETERS;
	if (index >= x->rcv_count)
		return FFA_ERR_NO_DATA;
	for (i = x->rcv_head; index > 0; index--)
		i = t->p.rcvs[i].next;
	out->id = t->p.rcvs[i].id;
	out->perm = t->p.rcvs[i].perm;
	out->granted = t->p.rcvs[i].granted;
	out->retrievals = t->p.rcvs[i].retrievals;
	out->zero_after = t->p.rcvs[i].zero_after;
	__builtin_memcpy(out->impdef, t->p.rcvs[i].impdef, sizeof(out->impdef));
	return 0;
}

int ffa_sim_memtab_next(const struct ffa_sim_memtab *t, uint32_t *cursor,
			struct ffa_sim_mem_info *out)
{
	if (t == NULL || cursor == NULL || out == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	while (*cursor < t->p.n_txns) {
		const struct ffa_sim_memtab_txn *x = &t->p.txns[(*cursor)++];

		if (x->state != MT_TXN_FREE) {
			info_fill(x, out);
			return 1;
		}
	}
	return 0;
}

int ffa_sim_memtab_region_next(const struct ffa_sim_memtab *t, uint64_t *pa,
			       struct ffa_sim_mem_region *out)
{
	uint64_t pfn;
	uint32_t r;

	if (t == NULL || pa == NULL || out == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	pfn = *pa >> MT_PAGE_SHIFT;
	r = ffa__mt_tree_floor(t, t->run_root, pfn);
	if (r == NIL || ffa__mt_end(&t->p.nodes[r]) <= pfn)
		r = ffa__mt_tree_after(t, t->run_root, pfn);
	if (r == NIL)
		return 0;
	out->pa = t->p.nodes[r].pfn << MT_PAGE_SHIFT;
	out->pages = t->p.nodes[r].pages;
	out->owner = t->p.nodes[r].owner;
	out->rflags = t->p.nodes[r].rflags;
	*pa = ffa__mt_end(&t->p.nodes[r]) << MT_PAGE_SHIFT;
	return 1;
}

void ffa_sim_memtab_usage(const struct ffa_sim_memtab *t, struct ffa_sim_memtab_usage *out)
{
	if (t == NULL || out == NULL)
		return;
	out->txns = t->used_txns;
	out->rcvs = t->used_rcvs;
	out->nodes = t->used_nodes;
	out->reserved = t->reserved;
	out->issued = t->counter;
}
