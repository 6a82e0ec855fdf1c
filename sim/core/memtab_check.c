/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ffa_sim memtab - the invariant checker. Walks everything; every walk is
 * bounded by the pool sizes, so a corrupted link yields a message, never a
 * hang. Runs after every operation in the tests.
 */
#include "memtab_internal.h"

/* Deepest red-black tree of < 2^32 nodes has 2 log2(2^32) = 64 levels;
 * anything deeper is a corrupted (possibly cyclic) tree. */
#define MT_MAX_DEPTH 64u

struct tree_walk {
	const struct ffa_sim_memtab *t;
	uint8_t kind;      /* expected node kind */
	uint8_t where;     /* expected constituent placement */
	uint32_t txn;      /* expected owning transaction, or NIL for any */
	uint32_t count;    /* nodes seen */
	uint64_t prev_end; /* end of the previous range in order */
	uint32_t prev;     /* previous node in order, NIL before the first */
	const char *err;
};

/* In-order walk of the subtree at @i, whose parent is @parent: returns its
 * black height, or 0 with @w->err set. */
static unsigned int tree_walk(struct tree_walk *w, uint32_t i, uint32_t parent,
			      unsigned int depth)
{
	const struct ffa_sim_memtab *t = w->t;
	const struct ffa_sim_memtab_node *n;
	unsigned int hl, hr;

	if (i == NIL)
		return 0;
	if (i >= t->p.n_nodes)
		return w->err = "tree link out of the node pool", 0;
	if (depth > MT_MAX_DEPTH || w->count >= t->p.n_nodes)
		return w->err = "tree too deep or cyclic", 0;
	n = &t->p.nodes[i];
	if (n->parent != parent)
		return w->err = "tree parent link wrong", 0;
	if (n->red && parent != NIL && t->p.nodes[parent].red)
		return w->err = "red-black tree: red node with a red parent", 0;
	hl = tree_walk(w, n->left, i, depth + 1u);
	if (w->err)
		return 0;
	if (n->kind != w->kind)
		return w->err = "tree node of the wrong kind", 0;
	if (n->kind == MT_NODE_RANGE &&
	    (n->where != w->where || (w->txn != NIL && n->txn != w->txn)))
		return w->err = "constituent indexed in the wrong tree", 0;
	if (n->pages == 0 || n->pfn + n->pages > MT_PFN_LIMIT)
		return w->err = "range empty or past the address space", 0;
	if (w->prev != NIL && n->pfn < w->prev_end)
		return w->err = n->kind == MT_NODE_RUN
					? "runs overlap: a page owned twice"
					: "constituents overlap: a page in two transactions",
		       0;
	if (w->prev != NIL && n->kind == MT_NODE_RUN) {
		const struct ffa_sim_memtab_node *p = &t->p.nodes[w->prev];

		if (w->prev_end == n->pfn && p->owner == n->owner && p->rflags == n->rflags)
			return w->err = "adjacent equal runs not merged", 0;
	}
	w->count++;
	w->prev = i;
	w->prev_end = ffa__mt_end(n);
	hr = tree_walk(w, n->right, i, depth + 1u);
	if (w->err)
		return 0;
	if (hl != hr)
		return w->err = "red-black tree out of balance (black heights differ)", 0;
	if (n->height != hl + (n->red ? 0u : 1u))
		return w->err = "red-black tree: stored black height wrong", 0;
	return n->height;
}

static const char *tree_check(const struct ffa_sim_memtab *t, uint32_t root, uint8_t kind,
			      uint8_t where, uint32_t txn, uint32_t *count)
{
	struct tree_walk w = {t, kind, where, txn, 0, 0, NIL, NULL};

	*count = 0;
	if (root != NIL && root < t->p.n_nodes && t->p.nodes[root].red)
		return "red-black tree: red root";
	(void)tree_walk(&w, root, NIL, 0);
	*count = w.count;
	return w.err;
}

/* Free lists: each element free exactly once; 0 or a message. */
static const char *free_lists_check(const struct ffa_sim_memtab *t)
{
	uint32_t n, i;

	n = 0;
	for (i = t->free_txn; i != NIL; i = t->p.txns[i].next_free) {
		if (i >= t->p.n_txns || n++ >= t->p.n_txns)
			return "transaction free list corrupt";
		if (t->p.txns[i].state != MT_TXN_FREE)
			return "transaction on the free list is in use";
	}
	if (n + t->used_txns != t->p.n_txns)
		return "transaction pool: free + used != capacity";

	n = 0;
	for (i = t->free_rcv; i != NIL; i = t->p.rcvs[i].next) {
		if (i >= t->p.n_rcvs || n++ >= t->p.n_rcvs)
			return "receiver free list corrupt";
		if (t->p.rcvs[i].used)
			return "receiver on the free list is in use";
	}
	if (n + t->used_rcvs != t->p.n_rcvs)
		return "receiver pool: free + used != capacity";

	n = 0;
	for (i = t->free_node; i != NIL; i = t->p.nodes[i].next) {
		if (i >= t->p.n_nodes || n++ >= t->p.n_nodes)
			return "node free list corrupt";
		if (t->p.nodes[i].kind != MT_NODE_FREE)
			return "node on the free list is in use";
	}
	if (n + t->used_nodes != t->p.n_nodes)
		return "node pool: free + used != capacity";
	if (t->reserved > n)
		return "reservations exceed the free nodes";
	return NULL;
}

/* The handle invariants of transaction @xi. */
static const char *handle_check(const struct ffa_sim_memtab *t, uint32_t xi)
{
	const struct ffa_sim_memtab_txn *x = &t->p.txns[xi];
	uint64_t counter;

	if (x->handle == 0 || x->handle == FFA_MEM_HANDLE_INVALID)
		return "transaction without a valid handle";
	/* Each handle decrypts to its own slot: two transactions cannot share
	 * one. */
	if (ffa__mt_handle_slot(t, x->handle, &counter) != xi || ffa__mt_txn(t, x->handle) != x)
		return "handle does not lead to its transaction";
	if (((x->handle & FFA_MEM_HANDLE_HYP_BIT) != 0) != ffa__mt_handle_hyp_bit(t, x))
		return "handle allocator bit 63 wrong";
	if (counter >= t->counter)
		return "handle not issued by the counter (reuse possible)";
	return NULL;
}

/* Receivers of @x: list, counts, retrievals against the state. */
static const char *receivers_check(const struct ffa_sim_memtab *t,
				   const struct ffa_sim_memtab_txn *x, uint32_t *total)
{
	uint32_t n = 0, holders = 0;

	for (uint32_t i = x->rcv_head; i != NIL; i = t->p.rcvs[i].next) {
		const struct ffa_sim_memtab_rcv *r;

		if (i >= t->p.n_rcvs || n >= x->rcv_count)
			return "receiver list corrupt or longer than its count";
		r = &t->p.rcvs[i];
		if (!r->used)
			return "receiver of a transaction is on the free list";
		for (uint32_t j = x->rcv_head; j != i; j = t->p.rcvs[j].next) {
			if (t->p.rcvs[j].id == r->id)
				return "duplicate receiver";
		}
		if (r->id == x->owner)
			return "owner listed as its own receiver";
		if (r->retrievals != 0) {
			holders++;
			if (ffa_mem_perm_data(r->granted) == FFA_MEM_DATA_NOT_SPECIFIED ||
			    ffa_mem_perm_instr(r->granted) == FFA_MEM_INSTR_NOT_SPECIFIED)
				return "retrieval without an explicit grant";
			if (r->retrievals > FFA_SIM_MEMTAB_MAX_RETRIEVALS)
				return "retrieval count over its limit";
		} else if (r->granted != 0 || r->zero_after) {
			return "access record left after the last relinquish";
		}
		n++;
	}
	if (n != x->rcv_count || n == 0)
		return "receiver count wrong";
	if (holders != x->holders)
		return "holder count wrong";
	if (x->state == FFA_SIM_MEM_PENDING && holders != 0)
		return "retrieval of a transaction not fully sent";
	if (x->state == FFA_SIM_MEM_DONATED && holders != 1)
		return "donated transaction without its one retriever";
	if (x->state == FFA_SIM_MEM_LIVE && x->type == FFA_MEM_RETRIEVE_TYPE_DONATE &&
	    holders != 0)
		return "live donate already retrieved";
	if (x->owner_gone && (x->state != FFA_SIM_MEM_LIVE || holders == 0))
		return "owner-gone transaction nobody holds";
	*total += n;
	return NULL;
}

/* Constituents of @x: list, placement, page totals, ownership. */
static const char *ranges_check_txn(const struct ffa_sim_memtab *t, uint32_t xi,
				    uint32_t *global)
{
	const struct ffa_sim_memtab_txn *x = &t->p.txns[xi];
	uint8_t where = x->state == FFA_SIM_MEM_PENDING ? MT_IN_PRIVATE
			: x->state == FFA_SIM_MEM_LIVE  ? MT_IN_GLOBAL
							: MT_IN_NONE;
	uint32_t n = 0, last = NIL;
	uint64_t pages = 0;

	for (uint32_t i = x->head; i != NIL; i = t->p.nodes[i].next) {
		const struct ffa_sim_memtab_node *c;

		if (i >= t->p.n_nodes || n >= x->ranges_seen)
			return "constituent list corrupt or longer than its count";
		c = &t->p.nodes[i];
		if (c->kind != MT_NODE_RANGE || c->txn != xi || c->where != where)
			return "constituent not marked as this transaction's";
		if (x->state == FFA_SIM_MEM_LIVE) {
			/* Every page still owned by the sender, one state. */
			uint32_t r = ffa__mt_tree_floor(t, t->run_root, c->pfn);
			uint64_t pos = c->pfn;

			while (pos < ffa__mt_end(c)) {
				if (r == NIL || t->p.nodes[r].pfn > pos ||
				    ffa__mt_end(&t->p.nodes[r]) <= pos ||
				    t->p.nodes[r].owner != x->owner ||
				    t->p.nodes[r].rflags != x->rflags)
					return "live constituent not owned by its sender";
				pos = ffa__mt_end(&t->p.nodes[r]);
				r = ffa__mt_tree_after(t, t->run_root, t->p.nodes[r].pfn);
			}
		}
		pages += c->pages;
		last = i;
		n++;
	}
	if (n != x->ranges_seen || last != x->tail || pages != x->pages_seen)
		return "constituent count or page sum wrong";
	if (x->pages_seen > x->total_pages || x->ranges_seen > x->range_count)
		return "more received than declared";
	if (x->state != FFA_SIM_MEM_PENDING &&
	    (x->ranges_seen != x->range_count || x->pages_seen != x->total_pages))
		return "complete transaction missing constituents";
	if (x->state == FFA_SIM_MEM_PENDING) {
		uint32_t cnt;
		const char *e = tree_check(t, x->root, MT_NODE_RANGE, MT_IN_PRIVATE, xi, &cnt);

		if (e)
			return e;
		if (cnt != n)
			return "pending transaction's tree misses constituents";
	} else if (x->root != NIL) {
		return "complete transaction keeps a private tree";
	}
	if (x->state == FFA_SIM_MEM_LIVE)
		*global += n;
	return NULL;
}

const char *ffa_sim_memtab_check(const struct ffa_sim_memtab *t)
{
	uint32_t used = 0, rcvs = 0, ranges = 0, global = 0, reserve = 0;
	uint32_t runs, in_tree;
	const char *e;

	if (t == NULL)
		return "no table";
	e = free_lists_check(t);
	if (e)
		return e;

	for (uint32_t xi = 0; xi < t->p.n_txns; xi++) {
		const struct ffa_sim_memtab_txn *x = &t->p.txns[xi];

		if (x->state == MT_TXN_FREE)
			continue;
		used++;
		if (x->state > FFA_SIM_MEM_DONATED || x->type < FFA_MEM_RETRIEVE_TYPE_SHARE ||
		    x->type > FFA_MEM_RETRIEVE_TYPE_DONATE)
			return "transaction state or type invalid";
		if (x->state == FFA_SIM_MEM_DONATED && x->type != FFA_MEM_RETRIEVE_TYPE_DONATE)
			return "donated state on a share or lend";
		if (x->reserve != 0 && !(x->state == FFA_SIM_MEM_PENDING ||
					 (x->state == FFA_SIM_MEM_LIVE &&
					  x->type == FFA_MEM_RETRIEVE_TYPE_DONATE)))
			return "reservation held by a transaction that needs none";
		e = handle_check(t, xi);
		if (!e)
			e = receivers_check(t, x, &rcvs);
		if (!e)
			e = ranges_check_txn(t, xi, &global);
		if (e)
			return e;
		ranges += x->ranges_seen;
		reserve += x->reserve;
	}
	if (used != t->used_txns)
		return "transactions in use != count";
	if (rcvs != t->used_rcvs)
		return "receivers in use not all owned by live transactions";
	if (reserve != t->reserved)
		return "reservations do not add up";

	e = tree_check(t, t->txn_root, MT_NODE_RANGE, MT_IN_GLOBAL, NIL, &in_tree);
	if (e)
		return e;
	if (in_tree != global)
		return "transaction index and live constituents differ";
	e = tree_check(t, t->run_root, MT_NODE_RUN, MT_IN_NONE, NIL, &runs);
	if (e)
		return e;
	if (runs + ranges != t->used_nodes)
		return "nodes in use != runs + constituents";
	return NULL;
}
