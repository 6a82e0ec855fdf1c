/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ffa_sim memtab - the memory ownership and access state machine:
 * DONATE/LEND/SHARE (with fragments), retrieve, relinquish, reclaim, owned
 * memory and the clean-up of an endpoint that went away. The rules and the
 * error each violation gets are those of ffa-memory.md 5, 6, 9 and 10.1;
 * where real partition managers differ the choice is documented in
 * docs/sim-memory.md and switchable through config.quirks.
 */
#include <ffa/defs.h>

#include "desc/desc_internal.h"
#include "memtab_internal.h"

#define MT_ATTR_VERSION FFA_VERSION_1_1 /* raw attributes are the 16-bit form */
#define MT_ATTR_DEFAULT_NORMAL FFA_MEM_ATTR_NORMAL_WB_INNER
/* Device nGnRnE, inner shareable: what Hafnium maps device memory as. */
#define MT_ATTR_DEFAULT_DEVICE                                                 \
	((uint16_t)((FFA_MEM_TYPE_DEVICE << FFA_MEM_ATTR_TYPE_SHIFT) |         \
		    (FFA_MEM_DEV_NGNRNE << FFA_MEM_ATTR_CACHE_SHIFT) |         \
		    FFA_MEM_SHARE_INNER))
/* Retrieve flags bits 31:11 are reserved in every version. */
#define MT_RETRIEVE_FLAGS_KNOWN 0x7FFu
#define MT_RETRIEVE_ZERO_FLAGS                                                 \
	(FFA_MEM_RETRIEVE_FLAG_ZERO | FFA_MEM_RETRIEVE_FLAG_ZERO_AFTER_RELINQUISH)

/* ------------------------------------------------------------------------ */
/* Init                                                                     */
/* ------------------------------------------------------------------------ */

static uint32_t gcd32(uint32_t a, uint32_t b)
{
	while (b != 0) {
		uint32_t r = a % b;

		a = b;
		b = r;
	}
	return a;
}

/* A stride near 0.618 x @n that is coprime with @n (1 for tiny pools). */
static uint32_t node_stride(uint32_t n)
{
	uint32_t s = (uint32_t)(((uint64_t)n * 40503u) >> 16) | 1u;

	while (s > 1u && gcd32(s, n) != 1u)
		s -= 2u;
	return s < 1u ? 1u : s;
}

int ffa_sim_memtab_init(struct ffa_sim_memtab *t, const struct ffa_sim_memtab_pools *p,
			const struct ffa_sim_memtab_config *cfg)
{
	uint32_t i, stride;

	if (t == NULL || p == NULL || p->txns == NULL || p->rcvs == NULL || p->nodes == NULL ||
	    p->n_txns == 0 || p->n_rcvs == 0 || p->n_nodes == 0 || p->n_txns == NIL ||
	    p->n_rcvs == NIL || p->n_nodes == NIL)
		return FFA_ERR_BAD_ARGUMENT;
	if (cfg != NULL && (cfg->alloc > FFA_SIM_MEMTAB_ALLOC_HYPERVISOR ||
			    (cfg->quirks & ~FFA_SIM_MEMTAB_Q_ALL) != 0))
		return FFA_ERR_BAD_ARGUMENT;

	__builtin_memset(t, 0, sizeof(*t));
	t->p = *p;
	if (cfg != NULL)
		t->cfg = *cfg;
	ffa__mt_handle_setup(t, t->cfg.seed, p->n_txns);
	t->txn_root = NIL;
	t->run_root = NIL;

	for (i = 0; i < p->n_txns; i++) {
		p->txns[i].state = MT_TXN_FREE;
		p->txns[i].handle = 0;
		p->txns[i].next_free = i + 1u < p->n_txns ? i + 1u : NIL;
	}
	for (i = 0; i < p->n_rcvs; i++) {
		p->rcvs[i].used = false;
		p->rcvs[i].next = i + 1u < p->n_rcvs ? i + 1u : NIL;
	}
	/* The node free list visits the pool in a scattered order (a stride
	 * coprime with its size): nodes allocated one after the other, e.g. for
	 * ranges at increasing addresses, then do not sit at power-of-two
	 * distances, where a root-to-leaf path would map onto a few cache sets
	 * and evict itself. */
	stride = node_stride(p->n_nodes);
	for (i = 0; i < p->n_nodes; i++) {
		uint32_t cur = (uint32_t)(((uint64_t)i * stride) % p->n_nodes);

		p->nodes[cur].kind = MT_NODE_FREE;
		p->nodes[cur].where = MT_IN_NONE;
		p->nodes[cur].next = i + 1u < p->n_nodes
					     ? (uint32_t)(((uint64_t)(i + 1u) * stride) % p->n_nodes)
					     : NIL;
	}
	t->free_txn = 0;
	t->free_rcv = 0;
	t->free_node = 0; /* the scattered order starts at 0 too */
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */
/* ------------------------------------------------------------------------ */

struct ffa_sim_memtab_rcv *ffa__mt_rcv_find(const struct ffa_sim_memtab *t,
					    const struct ffa_sim_memtab_txn *x, uint16_t id)
{
	for (uint32_t i = x->rcv_head; i != NIL; i = t->p.rcvs[i].next) {
		if (t->p.rcvs[i].id == id)
			return &t->p.rcvs[i];
	}
	return NULL;
}

static uint32_t txn_index(const struct ffa_sim_memtab *t, const struct ffa_sim_memtab_txn *x)
{
	return (uint32_t)(x - t->p.txns);
}

/* A range as page frames: aligned, >= 1 page, end below 2^64 - 1 (the desc
 * layer's rule, shared). */
static bool range_ok(const struct ffa_mem_range *r)
{
	return ffa__desc_range_ok(r->addr, r->pages);
}

/* Hafnium's mapping policy: normal memory write-back inner-shareable,
 * device memory nGnRnE inner-shareable. @a has a type specified. */
static bool attr_policy_ok(const struct ffa_sim_memtab *t, const struct ffa_mem_attr *a)
{
	if (t->cfg.quirks & FFA_SIM_MEMTAB_Q_ANY_ATTRIBUTES)
		return true;
	if (a->shareability != FFA_MEM_SHARE_INNER)
		return false;
	if (a->type == FFA_MEM_TYPE_NORMAL)
		return a->cacheability == FFA_MEM_CACHE_WB;
	return a->device == FFA_MEM_DEV_NGNRNE;
}

/* May @sender send memory to @rcv with @type (enum ffa_sim_memtab_alloc)? */
static bool pair_allowed(const struct ffa_sim_memtab *t, uint16_t sender, uint16_t rcv,
			 uint8_t type, bool multi)
{
	bool ssp = ffa__mt_is_sp(sender), rsp = ffa__mt_is_sp(rcv);

	if (t->cfg.alloc == FFA_SIM_MEMTAB_ALLOC_SPMC) {
		if (type != FFA_MEM_RETRIEVE_TYPE_SHARE)
			return rsp;
		return (ssp && rsp) || (!ssp && !multi && rsp) || (!ssp && multi);
	}
	/* Secure memory never goes to the normal world. */
	return !ssp || rsp;
}

/* ------------------------------------------------------------------------ */
/* Runs of owned memory                                                     */
/* ------------------------------------------------------------------------ */

/*
 * Check that [@pfn, @end) is covered, without gaps, by runs of @owner, all
 * with the same region flags if @uniform. Stores the first run's flags in
 * *@rflags. 0 or FFA_ERR_DENIED.
 */
static int runs_owned(const struct ffa_sim_memtab *t, uint16_t owner, uint64_t pfn, uint64_t end,
		      bool uniform, uint8_t *rflags)
{
	const struct ffa_sim_memtab_node *nodes = t->p.nodes;
	uint32_t r = ffa__mt_tree_floor(t, t->run_root, pfn);
	uint8_t f;

	if (r == NIL || ffa__mt_end(&nodes[r]) <= pfn)
		return FFA_ERR_DENIED;
	f = nodes[r].rflags;
	for (;;) {
		uint64_t pos;

		if (nodes[r].owner != owner || (uniform && nodes[r].rflags != f))
			return FFA_ERR_DENIED;
		pos = ffa__mt_end(&nodes[r]);
		if (pos >= end)
			break;
		r = ffa__mt_tree_next(t, r);
		if (r == NIL || nodes[r].pfn != pos)
			return FFA_ERR_DENIED; /* a gap: memory nobody claimed */
	}
	if (rflags != NULL)
		*rflags = f;
	return 0;
}

/* Where new run nodes come from: nodes freed earlier in the same operation
 * first, then the transaction's reservation (a donate), else the general
 * pool whose availability the caller checked. */
struct run_alloc {
	uint32_t credit;
	struct ffa_sim_memtab_txn *x;
};

static uint32_t run_new(struct ffa_sim_memtab *t, struct run_alloc *a, uint64_t pfn,
			uint64_t pages, uint16_t owner, uint8_t rflags)
{
	uint32_t i;
	struct ffa_sim_memtab_node *n;

	if (a->credit > 0) {
		a->credit--;
	} else if (a->x != NULL && a->x->reserve > 0) {
		a->x->reserve--;
		t->reserved--;
	}
	i = ffa__mt_node_alloc(t);
	n = &t->p.nodes[i];
	n->kind = MT_NODE_RUN;
	n->pfn = pfn;
	n->pages = pages;
	n->owner = owner;
	n->rflags = rflags;
	t->run_root = ffa__mt_tree_insert(t, t->run_root, i);
	return i;
}

static bool runs_mergeable(const struct ffa_sim_memtab_node *a,
			   const struct ffa_sim_memtab_node *b)
{
	return ffa__mt_end(a) == b->pfn && a->owner == b->owner && a->rflags == b->rflags;
}

/* Merge run @i with equal neighbours (same owner and flags, adjacent). */
static void run_merge(struct ffa_sim_memtab *t, uint32_t i)
{
	struct ffa_sim_memtab_node *nodes = t->p.nodes;
	uint32_t l, r;

	if (nodes[i].pfn > 0) {
		l = ffa__mt_tree_floor(t, t->run_root, nodes[i].pfn - 1u);
		if (l != NIL && runs_mergeable(&nodes[l], &nodes[i])) {
			nodes[l].pages += nodes[i].pages;
			ffa__mt_tree_remove_node(t, &t->run_root, i);
			ffa__mt_node_free(t, i);
			i = l;
		}
	}
	r = ffa__mt_tree_floor(t, t->run_root, ffa__mt_end(&nodes[i]));
	if (r != NIL && r != i && runs_mergeable(&nodes[i], &nodes[r])) {
		nodes[i].pages += nodes[r].pages;
		ffa__mt_tree_remove_node(t, &t->run_root, r);
		ffa__mt_node_free(t, r);
	}
}

/*
 * Replace the runs overlapping [@pfn, @end) by their parts outside it and,
 * if @assign, one run [@pfn, @end) of @owner with the flags the old runs
 * had (all equal, checked by the caller) or @rflags when there were none.
 * Needs at most 2 nodes beyond those it frees (1 if !@assign); the caller
 * made sure they exist (@a).
 */
static void runs_assign(struct ffa_sim_memtab *t, struct run_alloc *a, uint64_t pfn,
			uint64_t end, bool assign, uint16_t owner, uint8_t rflags)
{
	struct ffa_sim_memtab_node *nodes = t->p.nodes;
	uint32_t r = ffa__mt_tree_floor(t, t->run_root, pfn);
	uint64_t lo = pfn, hi = end;
	uint16_t lo_owner = 0, hi_owner = 0;
	uint8_t lo_flags = 0, hi_flags = 0;
	bool first = true;

	if (r == NIL || ffa__mt_end(&nodes[r]) <= pfn)
		r = ffa__mt_tree_after(t, t->run_root, pfn);
	while (r != NIL && nodes[r].pfn < end) {
		uint64_t key = nodes[r].pfn;
		uint32_t next;

		if (first) {
			lo = key < pfn ? key : pfn;
			lo_owner = nodes[r].owner;
			lo_flags = nodes[r].rflags;
			rflags = nodes[r].rflags;
			first = false;
		}
		if (ffa__mt_end(&nodes[r]) > end)
			hi = ffa__mt_end(&nodes[r]);
		hi_owner = nodes[r].owner;
		hi_flags = nodes[r].rflags;
		next = ffa__mt_tree_next(t, r);
		ffa__mt_tree_remove_node(t, &t->run_root, r);
		ffa__mt_node_free(t, r);
		a->credit++;
		r = next;
	}
	if (lo < pfn)
		run_new(t, a, lo, pfn - lo, lo_owner, lo_flags);
	if (hi > end)
		run_new(t, a, end, hi - end, hi_owner, hi_flags);
	if (assign)
		run_merge(t, run_new(t, a, pfn, end - pfn, owner, rflags));
}

/* Claim/unclaim arguments: 0 or FFA_ERR_BAD_ARGUMENT. */
static int region_args(const struct ffa_sim_memtab *t, uint64_t pa, uint64_t pages,
		       uint64_t *pfn)
{
	if (t == NULL || (pa & (FFA_PAGE_SIZE - 1u)) != 0 || pages == 0)
		return FFA_ERR_BAD_ARGUMENT;
	*pfn = pa >> MT_PAGE_SHIFT;
	if (pages > MT_PFN_LIMIT - *pfn)
		return FFA_ERR_BAD_ARGUMENT;
	return 0;
}

int ffa_sim_memtab_claim(struct ffa_sim_memtab *t, uint16_t owner, uint64_t pa, uint64_t pages,
			 uint32_t flags)
{
	struct run_alloc a = {0, NULL};
	uint64_t pfn;
	int rc = region_args(t, pa, pages, &pfn);

	if (rc)
		return rc;
	if (flags & ~FFA_SIM_MEMTAB_REGION_ALL)
		return FFA_ERR_BAD_ARGUMENT;
	if (ffa__mt_overlap(t, t->run_root, pfn, pfn + pages) != NIL)
		return FFA_ERR_DENIED;
	if (ffa__mt_nodes_available(t) < 1u)
		return FFA_ERR_NO_MEMORY;
	runs_assign(t, &a, pfn, pfn + pages, true, owner, (uint8_t)flags);
	return 0;
}

int ffa_sim_memtab_unclaim(struct ffa_sim_memtab *t, uint16_t owner, uint64_t pa, uint64_t pages)
{
	struct run_alloc a = {0, NULL};
	uint64_t pfn;
	uint32_t r;
	int rc = region_args(t, pa, pages, &pfn);

	if (rc)
		return rc;
	rc = runs_owned(t, owner, pfn, pfn + pages, false, NULL);
	if (rc)
		return rc;
	if (ffa__mt_overlap(t, t->txn_root, pfn, pfn + pages) != NIL)
		return FFA_ERR_DENIED;
	/* Cutting a hole strictly inside one run needs one node more than it
	 * frees; every other cut needs none. */
	r = ffa__mt_tree_floor(t, t->run_root, pfn);
	if (t->p.nodes[r].pfn < pfn && ffa__mt_end(&t->p.nodes[r]) > pfn + pages &&
	    ffa__mt_nodes_available(t) < 1u)
		return FFA_ERR_NO_MEMORY;
	runs_assign(t, &a, pfn, pfn + pages, false, 0, 0);
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Transactions: drop, ranges, completion                                   */
/* ------------------------------------------------------------------------ */

/* Forget transaction @xi entirely: constituents, receivers, reservation;
 * its handle dies with it. */
static void txn_drop(struct ffa_sim_memtab *t, uint32_t xi)
{
	struct ffa_sim_memtab_txn *x = &t->p.txns[xi];
	uint32_t i, next;

	for (i = x->head; i != NIL; i = next) {
		next = t->p.nodes[i].next;
		if (t->p.nodes[i].where == MT_IN_GLOBAL)
			ffa__mt_tree_remove_node(t, &t->txn_root, i);
		ffa__mt_node_free(t, i);
	}
	for (i = x->rcv_head; i != NIL; i = next) {
		next = t->p.rcvs[i].next;
		ffa__mt_rcv_free(t, i);
	}
	t->reserved -= x->reserve;
	x->reserve = 0;
	ffa__mt_txn_free(t, xi);
}

/* Basic checks of @n ranges: aligned, >= 1 page, no wrap, and the running
 * page sum (starting at *@pages) within @total. */
static int ranges_check(const struct ffa_mem_range *r, uint32_t n, uint64_t pages,
			uint32_t total)
{
	for (uint32_t i = 0; i < n; i++) {
		if (!range_ok(&r[i]))
			return FFA_ERR_INVALID_PARAMETERS;
		pages += r[i].pages;
		if (pages > total)
			return FFA_ERR_INVALID_PARAMETERS;
	}
	return 0;
}

/* Append @n checked ranges to pending transaction @xi, indexing them in its
 * private tree; two ranges of one transaction may not overlap. The nodes
 * come from the transaction's reservation. */
static int ranges_add(struct ffa_sim_memtab *t, uint32_t xi, const struct ffa_mem_range *r,
		      uint32_t n)
{
	struct ffa_sim_memtab_txn *x = &t->p.txns[xi];

	for (uint32_t k = 0; k < n; k++) {
		uint64_t pfn = r[k].addr >> MT_PAGE_SHIFT;
		uint32_t i;
		struct ffa_sim_memtab_node *node;

		if (ffa__mt_overlap(t, x->root, pfn, pfn + r[k].pages) != NIL)
			return FFA_ERR_INVALID_PARAMETERS;
		x->reserve--;
		t->reserved--;
		i = ffa__mt_node_alloc(t);
		node = &t->p.nodes[i];
		node->kind = MT_NODE_RANGE;
		node->pfn = pfn;
		node->pages = r[k].pages;
		node->txn = xi;
		node->where = MT_IN_PRIVATE;
		x->root = ffa__mt_tree_insert(t, x->root, i);
		if (x->tail == NIL)
			x->head = i;
		else
			t->p.nodes[x->tail].next = i;
		x->tail = i;
		x->ranges_seen++;
		x->pages_seen += r[k].pages;
	}
	return 0;
}

/* All constituents of @xi received: check the state of every page (10,
 * 10.1) and make the transaction live. On error the caller drops the
 * transaction (txn_drop() also takes out constituents already indexed). */
static int txn_complete(struct ffa_sim_memtab *t, uint32_t xi)
{
	struct ffa_sim_memtab_txn *x = &t->p.txns[xi];
	struct ffa_sim_memtab_node *nodes = t->p.nodes;
	uint8_t rflags = 0;
	uint32_t i;

	if (x->pages_seen != x->total_pages)
		return FFA_ERR_INVALID_PARAMETERS;
	/* Exclusive access: no page in another live transaction. Indexing the
	 * constituents checks it on the way (one descent for both). */
	for (i = x->head; i != NIL; i = nodes[i].next) {
		if (!ffa__mt_tree_insert_disjoint(t, &t->txn_root, i))
			return (t->cfg.quirks & FFA_SIM_MEMTAB_Q_OVERLAP_INVALID)
				       ? FFA_ERR_INVALID_PARAMETERS
				       : FFA_ERR_DENIED;
		nodes[i].where = MT_IN_GLOBAL;
	}
	/* Ownership, and one state for all pages. */
	for (i = x->head; i != NIL; i = nodes[i].next) {
		uint8_t f;

		if (runs_owned(t, x->owner, nodes[i].pfn, ffa__mt_end(&nodes[i]), true, &f))
			return FFA_ERR_DENIED;
		if (i != x->head && f != rflags)
			return FFA_ERR_DENIED;
		rflags = f;
	}
	/* What this memory and this sender's access allow. */
	if (rflags & FFA_SIM_MEMTAB_REGION_DEVICE) {
		struct ffa_mem_attr a;

		(void)ffa_mem_attr_decode(x->attributes, MT_ATTR_VERSION, &a);
		if (a.type == FFA_MEM_TYPE_NORMAL)
			return FFA_ERR_DENIED;
		if (x->type != FFA_MEM_RETRIEVE_TYPE_LEND || x->rcv_count != 1)
			return FFA_ERR_DENIED;
	}
	if (rflags & FFA_SIM_MEMTAB_REGION_RO) {
		if (x->flags & FFA_MEM_FLAG_ZERO)
			return FFA_ERR_DENIED;
		for (i = x->rcv_head; i != NIL; i = t->p.rcvs[i].next) {
			if (ffa_mem_perm_data(t->p.rcvs[i].perm) == FFA_MEM_DATA_RW)
				return FFA_ERR_DENIED;
		}
	}

	x->root = NIL;
	x->rflags = rflags;
	x->state = FFA_SIM_MEM_LIVE;
	return 0;
}

/* ------------------------------------------------------------------------ */
/* DONATE / LEND / SHARE                                                    */
/* ------------------------------------------------------------------------ */

/* Every check of a send request that needs no storage (6.1, 5, 4, 10.1). */
static int send_check(const struct ffa_sim_memtab *t, const struct ffa_sim_mem_send *s)
{
	uint32_t n = s->receiver_count;
	bool multi = n > 1;
	uint32_t allowed = FFA_MEM_FLAG_ZERO;
	struct ffa_mem_attr a;

	if (s->caller != s->sender)
		return FFA_ERR_DENIED;
	if (n == 0 || (s->type == FFA_MEM_RETRIEVE_TYPE_DONATE && multi))
		return FFA_ERR_INVALID_PARAMETERS;
	if (t->cfg.quirks & FFA_SIM_MEMTAB_Q_TIME_SLICE)
		allowed |= FFA_MEM_FLAG_TIME_SLICE;
	if (s->flags & ~allowed)
		return FFA_ERR_INVALID_PARAMETERS;
	if ((s->flags & FFA_MEM_FLAG_ZERO) && s->type == FFA_MEM_RETRIEVE_TYPE_SHARE)
		return FFA_ERR_INVALID_PARAMETERS;

	for (uint32_t i = 0; i < n; i++) {
		const struct ffa_mem_receiver *r = &s->receivers[i];
		unsigned int data = ffa_mem_perm_data(r->perm);

		if (r->id == s->sender)
			return FFA_ERR_INVALID_PARAMETERS;
		for (uint32_t j = 0; j < i; j++) {
			if (s->receivers[j].id == r->id)
				return FFA_ERR_INVALID_PARAMETERS;
		}
		if (!ffa_mem_perm_valid(r->perm) || r->flags != 0 ||
		    ffa_mem_perm_instr(r->perm) != FFA_MEM_INSTR_NOT_SPECIFIED)
			return FFA_ERR_INVALID_PARAMETERS;
		if ((s->type == FFA_MEM_RETRIEVE_TYPE_DONATE) != (data == FFA_MEM_DATA_NOT_SPECIFIED))
			return FFA_ERR_INVALID_PARAMETERS;
		if (t->cfg.endpoint_valid != NULL && !t->cfg.endpoint_valid(t->cfg.arg, r->id))
			return FFA_ERR_INVALID_PARAMETERS;
	}
	for (uint32_t i = 0; i < n; i++) {
		if (!pair_allowed(t, s->sender, s->receivers[i].id, s->type, multi))
			return FFA_ERR_DENIED;
	}

	if (ffa_mem_attr_decode(s->attributes, MT_ATTR_VERSION, &a) != 0 || a.ns)
		return FFA_ERR_INVALID_PARAMETERS;
	if (s->type == FFA_MEM_RETRIEVE_TYPE_DONATE ||
	    (s->type == FFA_MEM_RETRIEVE_TYPE_LEND && !multi)) {
		if (a.type != FFA_MEM_TYPE_NOT_SPECIFIED)
			return FFA_ERR_INVALID_PARAMETERS;
	} else {
		if (a.type == FFA_MEM_TYPE_NOT_SPECIFIED)
			return FFA_ERR_INVALID_PARAMETERS;
		if (!attr_policy_ok(t, &a))
			return FFA_ERR_DENIED;
	}
	return 0;
}

/* Issue the next handle for slot @xi: never 0 (the "no handle" value of a
 * send descriptor) nor FFA_MEM_HANDLE_INVALID. */
static uint64_t handle_issue(struct ffa_sim_memtab *t, uint32_t xi)
{
	uint64_t bit = ffa__mt_handle_hyp_bit(t, &t->p.txns[xi]) ? FFA_MEM_HANDLE_HYP_BIT : 0;

	for (;;) {
		uint64_t h = ffa__mt_handle_make(t, t->counter++, xi) | bit;

		if (h != 0 && h != FFA_MEM_HANDLE_INVALID)
			return h;
	}
}

int ffa_sim_memtab_send(struct ffa_sim_memtab *t, const struct ffa_sim_mem_send *s,
			uint64_t *handle)
{
	struct ffa_sim_memtab_txn *x;
	uint64_t need;
	uint32_t xi, last = NIL;
	int rc;

	if (t == NULL || s == NULL || handle == NULL || (s->receiver_count && !s->receivers) ||
	    (s->nranges && !s->ranges))
		return FFA_ERR_BAD_ARGUMENT;
	if (s->type < FFA_MEM_RETRIEVE_TYPE_SHARE || s->type > FFA_MEM_RETRIEVE_TYPE_DONATE)
		return FFA_ERR_BAD_ARGUMENT;
	/* A receiver list longer than the pool can never be recorded; refusing
	 * it first also bounds the duplicate check below. */
	if (s->receiver_count > t->p.n_rcvs - t->used_rcvs)
		return FFA_ERR_NO_MEMORY;
	rc = send_check(t, s);
	if (rc)
		return rc;
	if (s->range_count == 0 || s->total_pages == 0 || s->nranges > s->range_count)
		return FFA_ERR_INVALID_PARAMETERS;
	rc = ranges_check(s->ranges, s->nranges, 0, s->total_pages);
	if (rc)
		return rc;

	/* Everything the transaction will ever need, taken now: a slot, the
	 * receivers, a node per constituent and, for a donate, 2 more per
	 * constituent for splitting ownership runs at retrieve time. */
	need = (uint64_t)s->range_count;
	if (s->type == FFA_MEM_RETRIEVE_TYPE_DONATE)
		need *= 3u;
	if (t->used_txns == t->p.n_txns || need > ffa__mt_nodes_available(t) ||
	    t->counter + 2u >= t->counter_limit)
		return FFA_ERR_NO_MEMORY;

	xi = ffa__mt_txn_alloc(t);
	x = &t->p.txns[xi];
	x->owner = s->sender;
	x->type = s->type;
	x->attributes = s->attributes;
	x->flags = s->flags;
	x->tag = s->tag;
	x->impdef_valid = s->impdef_valid;
	x->range_count = s->range_count;
	x->total_pages = s->total_pages;
	x->state = FFA_SIM_MEM_PENDING;
	x->reserve = (uint32_t)need;
	t->reserved += (uint32_t)need;
	for (uint32_t i = 0; i < s->receiver_count; i++) {
		uint32_t ri = ffa__mt_rcv_alloc(t);
		struct ffa_sim_memtab_rcv *r = &t->p.rcvs[ri];

		r->id = s->receivers[i].id;
		r->perm = s->receivers[i].perm;
		__builtin_memcpy(r->impdef, s->receivers[i].impdef, sizeof(r->impdef));
		if (last == NIL)
			x->rcv_head = ri;
		else
			t->p.rcvs[last].next = ri;
		last = ri;
		x->rcv_count++;
	}

	rc = ranges_add(t, xi, s->ranges, s->nranges);
	if (rc == 0 && s->nranges == s->range_count)
		rc = txn_complete(t, xi);
	if (rc) {
		txn_drop(t, xi);
		return rc;
	}
	if (x->state == FFA_SIM_MEM_LIVE && x->type != FFA_MEM_RETRIEVE_TYPE_DONATE) {
		/* Only a donate keeps its reservation (for the transfer). */
		t->reserved -= x->reserve;
		x->reserve = 0;
	}
	x->handle = handle_issue(t, xi);
	*handle = x->handle;
	return x->state == FFA_SIM_MEM_LIVE ? 0 : FFA_SIM_MEMTAB_MORE;
}

int ffa_sim_memtab_send_more(struct ffa_sim_memtab *t, uint16_t caller, uint64_t handle,
			     const struct ffa_mem_range *ranges, uint32_t n)
{
	struct ffa_sim_memtab_txn *x;
	uint32_t xi;
	int rc;

	if (t == NULL || ranges == NULL || n == 0)
		return FFA_ERR_BAD_ARGUMENT;
	x = ffa__mt_txn(t, handle);
	if (x == NULL || x->state != FFA_SIM_MEM_PENDING || x->owner != caller)
		return FFA_ERR_INVALID_PARAMETERS;
	xi = txn_index(t, x);

	rc = n > x->range_count - x->ranges_seen ? FFA_ERR_INVALID_PARAMETERS : 0;
	if (rc == 0)
		rc = ranges_check(ranges, n, x->pages_seen, x->total_pages);
	if (rc == 0)
		rc = ranges_add(t, xi, ranges, n);
	if (rc == 0 && x->ranges_seen == x->range_count)
		rc = txn_complete(t, xi);
	if (rc) {
		txn_drop(t, xi); /* as Hafnium frees the share state */
		return rc;
	}
	if (x->state == FFA_SIM_MEM_PENDING)
		return FFA_SIM_MEMTAB_MORE;
	if (x->type != FFA_MEM_RETRIEVE_TYPE_DONATE) {
		t->reserved -= x->reserve;
		x->reserve = 0;
	}
	return 0;
}

int ffa_sim_memtab_send_abort(struct ffa_sim_memtab *t, uint16_t caller, uint64_t handle)
{
	struct ffa_sim_memtab_txn *x;

	if (t == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	x = ffa__mt_txn(t, handle);
	if (x == NULL || x->state != FFA_SIM_MEM_PENDING || x->owner != caller)
		return FFA_ERR_INVALID_PARAMETERS;
	txn_drop(t, txn_index(t, x));
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Retrieve                                                                 */
/* ------------------------------------------------------------------------ */

/*
 * One EMAD of a retrieve request against what the sender granted (5):
 * @sent the sender's permissions, @req the requested ones, @rflags the
 * memory. Stores the resulting explicit permission in *@out.
 */
static int access_check(const struct ffa_sim_memtab_txn *x, uint8_t sent, uint8_t req,
			uint8_t *out)
{
	unsigned int sd = ffa_mem_perm_data(sent), rd = ffa_mem_perm_data(req);
	unsigned int ri = ffa_mem_perm_instr(req);
	unsigned int d, i;
	bool multi = x->rcv_count > 1;

	/* Data: never more than granted; "not specified" takes the grant (a
	 * donate grants RW). */
	if (sd != FFA_MEM_DATA_RO && (rd == FFA_MEM_DATA_NOT_SPECIFIED || rd == FFA_MEM_DATA_RW))
		d = FFA_MEM_DATA_RW;
	else if (rd == FFA_MEM_DATA_NOT_SPECIFIED || rd == FFA_MEM_DATA_RO)
		d = FFA_MEM_DATA_RO;
	else
		return FFA_ERR_DENIED;

	/* Instruction access: who must (not) specify it. */
	if (x->type == FFA_MEM_RETRIEVE_TYPE_SHARE ||
	    (x->type == FFA_MEM_RETRIEVE_TYPE_LEND && multi)) {
		if (ri != FFA_MEM_INSTR_NOT_SPECIFIED)
			return FFA_ERR_INVALID_PARAMETERS;
	} else if (ri == FFA_MEM_INSTR_NOT_SPECIFIED) {
		return FFA_ERR_INVALID_PARAMETERS;
	}
	/* The sender never specifies it; memory that is never executable
	 * grants NX only. */
	if (ri == FFA_MEM_INSTR_X) {
		if (x->rflags & FFA_SIM_MEMTAB_REGION_XN)
			return FFA_ERR_DENIED;
		i = FFA_MEM_INSTR_X;
	} else {
		i = FFA_MEM_INSTR_NX;
	}
	*out = ffa_mem_perm_make(d, i);
	return 0;
}

/* The retrieve request's EMAD list (9.1): returns the caller's grant. */
static int retrieve_list_check(const struct ffa_sim_memtab *t,
			       const struct ffa_sim_memtab_txn *x,
			       const struct ffa_sim_mem_retrieve *r, uint8_t *grant)
{
	bool bypass = (r->flags & FFA_MEM_RETRIEVE_FLAG_BYPASS_MULTI) != 0;
	bool found = false;
	uint32_t n = r->receiver_count;

	if (bypass ? (n != 1 || x->rcv_count < 2) : n != x->rcv_count)
		return FFA_ERR_INVALID_PARAMETERS;
	for (uint32_t i = 0; i < n; i++) {
		const struct ffa_mem_receiver *e = &r->receivers[i];
		const struct ffa_sim_memtab_rcv *sr;
		uint8_t p;
		int rc;

		for (uint32_t j = 0; j < i; j++) {
			if (r->receivers[j].id == e->id)
				return FFA_ERR_INVALID_PARAMETERS;
		}
		if (bypass && e->id != r->caller)
			continue;
		if (e->composite_offset != 0 || !ffa_mem_perm_valid(e->perm) ||
		    (e->flags & (uint8_t)~FFA_MEM_EMAD_FLAG_NON_RETRIEVAL) != 0)
			return FFA_ERR_INVALID_PARAMETERS;
		sr = ffa__mt_rcv_find(t, x, e->id);
		if (sr == NULL)
			return FFA_ERR_DENIED; /* Hafnium: receiver not found */
		rc = access_check(x, sr->perm, e->perm, &p);
		if (rc)
			return rc;
		if (r->impdef_valid && x->impdef_valid &&
		    __builtin_memcmp(sr->impdef, e->impdef, sizeof(sr->impdef)) != 0)
			return FFA_ERR_INVALID_PARAMETERS;
		if (e->id == r->caller) {
			*grant = p;
			found = true;
		}
	}
	return found ? 0 : FFA_ERR_INVALID_PARAMETERS;
}

/* Attributes of a retrieve: the requested ones checked, or the sender's,
 * or the memory's default. */
static int retrieve_attr(const struct ffa_sim_memtab *t, const struct ffa_sim_memtab_txn *x,
			 uint16_t req, uint16_t *out)
{
	struct ffa_mem_attr ra, sa;

	if (ffa_mem_attr_decode(req, MT_ATTR_VERSION, &ra) != 0 || ra.ns)
		return FFA_ERR_INVALID_PARAMETERS;
	(void)ffa_mem_attr_decode(x->attributes, MT_ATTR_VERSION, &sa);
	if (ra.type == FFA_MEM_TYPE_NOT_SPECIFIED) {
		if (sa.type != FFA_MEM_TYPE_NOT_SPECIFIED)
			*out = x->attributes;
		else if (x->rflags & FFA_SIM_MEMTAB_REGION_DEVICE)
			*out = MT_ATTR_DEFAULT_DEVICE;
		else
			*out = MT_ATTR_DEFAULT_NORMAL;
		return 0;
	}
	if (!attr_policy_ok(t, &ra))
		return FFA_ERR_DENIED;
	/* Device memory is never mapped as normal memory. */
	if (ra.type == FFA_MEM_TYPE_NORMAL && (x->rflags & FFA_SIM_MEMTAB_REGION_DEVICE))
		return FFA_ERR_DENIED;
	if (sa.type != FFA_MEM_TYPE_NOT_SPECIFIED && req != x->attributes)
		return FFA_ERR_DENIED;
	*out = req;
	return 0;
}

/* DONATE retrieved by @to: every page changes owner now; the ranges leave
 * the transaction index (the transaction is only kept to be read). */
static void donate_transfer(struct ffa_sim_memtab *t, uint32_t xi, uint16_t to)
{
	struct ffa_sim_memtab_txn *x = &t->p.txns[xi];
	struct ffa_sim_memtab_node *nodes = t->p.nodes;

	for (uint32_t i = x->head; i != NIL; i = nodes[i].next) {
		struct run_alloc a = {0, x};

		ffa__mt_tree_remove_node(t, &t->txn_root, i);
		nodes[i].where = MT_IN_NONE;
		runs_assign(t, &a, nodes[i].pfn, ffa__mt_end(&nodes[i]), true, to, 0);
	}
	t->reserved -= x->reserve;
	x->reserve = 0;
	x->state = FFA_SIM_MEM_DONATED;
}

int ffa_sim_memtab_retrieve(struct ffa_sim_memtab *t, const struct ffa_sim_mem_retrieve *r,
			    struct ffa_sim_mem_grant *g)
{
	struct ffa_sim_memtab_txn *x;
	struct ffa_sim_memtab_rcv *me;
	uint32_t ty, zero_flags;
	uint16_t attr;
	uint8_t grant = 0;
	bool all = false;
	int rc;

	if (t == NULL || r == NULL || g == NULL || (r->receiver_count && !r->receivers))
		return FFA_ERR_BAD_ARGUMENT;
	x = ffa__mt_txn(t, r->handle);
	/* Not fully sent, already donated, or its owner gone: not retrievable. */
	if (x == NULL || x->state != FFA_SIM_MEM_LIVE || x->owner_gone)
		return FFA_ERR_INVALID_PARAMETERS;
	if (r->sender != x->owner)
		return FFA_ERR_DENIED;
	ty = (r->flags & FFA_MEM_RETRIEVE_FLAG_TYPE_MASK) >> FFA_MEM_RETRIEVE_FLAG_TYPE_SHIFT;
	if (ty != FFA_MEM_RETRIEVE_TYPE_NOT_SPECIFIED && ty != x->type)
		return FFA_ERR_INVALID_PARAMETERS;
	if (r->tag != x->tag)
		return FFA_ERR_INVALID_PARAMETERS;
	me = ffa__mt_rcv_find(t, x, r->caller);
	if (me == NULL)
		return FFA_ERR_INVALID_PARAMETERS;
	if (r->flags & (FFA_MEM_RETRIEVE_FLAG_ALIGN_VALID | FFA_MEM_RETRIEVE_FLAG_ALIGN_MASK |
			~MT_RETRIEVE_FLAGS_KNOWN))
		return FFA_ERR_INVALID_PARAMETERS;
	zero_flags = r->flags & MT_RETRIEVE_ZERO_FLAGS;
	if (zero_flags && x->type == FFA_MEM_RETRIEVE_TYPE_SHARE)
		return FFA_ERR_INVALID_PARAMETERS;
	if ((r->flags & FFA_MEM_RETRIEVE_FLAG_ZERO) && !(x->flags & FFA_MEM_FLAG_ZERO))
		return FFA_ERR_DENIED;
	rc = retrieve_attr(t, x, r->attributes, &attr);
	if (rc)
		return rc;
	rc = retrieve_list_check(t, x, r, &grant);
	if (rc)
		return rc;
	if (zero_flags && ffa_mem_perm_data(grant) == FFA_MEM_DATA_RO)
		return FFA_ERR_DENIED;
	if (ffa_mem_perm_instr(grant) == FFA_MEM_INSTR_X && (x->rflags & FFA_SIM_MEMTAB_REGION_NS) &&
	    ffa__mt_is_sp(r->caller) && !(t->cfg.quirks & FFA_SIM_MEMTAB_Q_NS_EXEC))
		return FFA_ERR_INVALID_PARAMETERS;
	all = (t->cfg.quirks & FFA_SIM_MEMTAB_Q_RELINQUISH_ALL) != 0;
	if (!all && me->retrievals >= FFA_SIM_MEMTAB_MAX_RETRIEVALS)
		return FFA_ERR_NO_MEMORY;

	/* Granted. */
	if (me->retrievals == 0) {
		x->holders++;
		me->granted = grant;
	} else {
		me->granted = ffa__mt_perm_pick(me->granted, grant, true);
	}
	me->retrievals = all ? 1u : me->retrievals + 1u;
	if (r->flags & FFA_MEM_RETRIEVE_FLAG_ZERO_AFTER_RELINQUISH)
		me->zero_after = true;

	__builtin_memset(g, 0, sizeof(*g));
	g->owner = x->owner;
	g->type = x->type;
	g->attributes = attr;
	g->ns = (x->rflags & FFA_SIM_MEMTAB_REGION_NS) != 0;
	g->zero = (r->flags & FFA_MEM_RETRIEVE_FLAG_ZERO) != 0;
	g->flags = FFA_MEM_RETRIEVE_FLAG_TYPE(x->type) |
		   ((g->zero || (x->flags & FFA_MEM_FLAG_ZERO)) ? FFA_MEM_RETRIEVE_FLAG_ZERO : 0);
	g->perm = grant;
	__builtin_memcpy(g->impdef, me->impdef, sizeof(g->impdef));
	g->range_count = x->range_count;
	g->total_pages = x->total_pages;
	if (x->type == FFA_MEM_RETRIEVE_TYPE_DONATE) {
		donate_transfer(t, txn_index(t, x), r->caller);
		g->donated = true;
	}
	return 0;
}

int ffa_sim_memtab_ranges(struct ffa_sim_memtab *t, uint64_t handle, uint32_t start,
			  struct ffa_mem_range *out, uint32_t max)
{
	struct ffa_sim_memtab_txn *x;
	uint32_t i, k = 0;

	if (t == NULL || (out == NULL && max != 0))
		return FFA_ERR_BAD_ARGUMENT;
	x = ffa__mt_txn(t, handle);
	if (x == NULL)
		return FFA_ERR_INVALID_PARAMETERS;
	if (start >= x->ranges_seen)
		return 0;
	if (max > (uint32_t)INT32_MAX)
		max = (uint32_t)INT32_MAX;
	if (x->cur_node != NIL && x->cur_index == start) {
		i = x->cur_node;
	} else {
		i = x->head;
		for (uint32_t s = 0; s < start; s++)
			i = t->p.nodes[i].next;
	}
	for (; k < max && i != NIL; k++) {
		out[k].addr = t->p.nodes[i].pfn << MT_PAGE_SHIFT;
		out[k].pages = (uint32_t)t->p.nodes[i].pages;
		i = t->p.nodes[i].next;
	}
	x->cur_index = start + k;
	x->cur_node = i;
	return (int)k;
}

int ffa_sim_memtab_retrieve_end(struct ffa_sim_memtab *t, uint16_t caller, uint64_t handle)
{
	struct ffa_sim_memtab_txn *x;
	const struct ffa_sim_memtab_rcv *me;

	if (t == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	x = ffa__mt_txn(t, handle);
	if (x == NULL)
		return FFA_ERR_INVALID_PARAMETERS;
	me = ffa__mt_rcv_find(t, x, caller);
	if (me == NULL || me->retrievals == 0)
		return FFA_ERR_INVALID_PARAMETERS;
	if (x->state == FFA_SIM_MEM_DONATED)
		txn_drop(t, txn_index(t, x));
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Relinquish, reclaim                                                      */
/* ------------------------------------------------------------------------ */

/* End every retrieval of @me; true if it had asked for zeroing after. */
static bool rcv_release(struct ffa_sim_memtab_txn *x, struct ffa_sim_memtab_rcv *me)
{
	bool z = me->zero_after;

	me->retrievals = 0;
	me->granted = 0;
	me->zero_after = false;
	x->holders--;
	return z;
}

int ffa_sim_memtab_relinquish(struct ffa_sim_memtab *t, uint16_t caller, uint64_t handle,
			      uint32_t flags, const uint16_t *ids, uint32_t count, bool *zero)
{
	struct ffa_sim_memtab_txn *x;
	struct ffa_sim_memtab_rcv *me;
	bool z = false;

	if (t == NULL || (count != 0 && ids == NULL))
		return FFA_ERR_BAD_ARGUMENT;
	if (count != 1 || ids[0] != caller || !ffa_mem_relinquish_flags_valid(flags))
		return FFA_ERR_INVALID_PARAMETERS;
	x = ffa__mt_txn(t, handle);
	if (x == NULL || x->state != FFA_SIM_MEM_LIVE)
		return FFA_ERR_INVALID_PARAMETERS;
	me = ffa__mt_rcv_find(t, x, caller);
	if (me == NULL || me->retrievals == 0)
		return FFA_ERR_INVALID_PARAMETERS;
	if (flags & FFA_MEM_RELINQUISH_FLAG_ZERO) {
		if (x->type == FFA_MEM_RETRIEVE_TYPE_SHARE)
			return FFA_ERR_INVALID_PARAMETERS;
		if (ffa_mem_perm_data(me->granted) == FFA_MEM_DATA_RO)
			return FFA_ERR_DENIED;
	}

	if (me->retrievals == 1 || (t->cfg.quirks & FFA_SIM_MEMTAB_Q_RELINQUISH_ALL))
		z = rcv_release(x, me);
	else
		me->retrievals--;
	/* Zero only memory no borrower can still see (Hafnium ignores the flag
	 * while other borrowers hold it). */
	z = (z || (flags & FFA_MEM_RELINQUISH_FLAG_ZERO)) && x->holders == 0;
	if (x->owner_gone && x->holders == 0)
		txn_drop(t, txn_index(t, x));
	if (zero != NULL)
		*zero = z;
	return 0;
}

int ffa_sim_memtab_reclaim(struct ffa_sim_memtab *t, uint16_t caller, uint64_t handle,
			   uint32_t flags, bool *zero)
{
	struct ffa_sim_memtab_txn *x;

	if (t == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	x = ffa__mt_txn(t, handle);
	if (x == NULL || x->state == FFA_SIM_MEM_DONATED || x->owner_gone)
		return FFA_ERR_INVALID_PARAMETERS;
	if (x->owner != caller || x->state != FFA_SIM_MEM_LIVE ||
	    !ffa_mem_relinquish_flags_valid(flags))
		return FFA_ERR_INVALID_PARAMETERS;
	if (x->holders != 0)
		return FFA_ERR_DENIED;
	if ((flags & FFA_MEM_RECLAIM_FLAG_ZERO) && (x->rflags & FFA_SIM_MEMTAB_REGION_RO))
		return FFA_ERR_DENIED;
	txn_drop(t, txn_index(t, x));
	if (zero != NULL)
		*zero = (flags & FFA_MEM_RECLAIM_FLAG_ZERO) != 0;
	return 0;
}

int ffa_sim_memtab_endpoint_gone(struct ffa_sim_memtab *t, uint16_t ep)
{
	int freed = 0;

	if (t == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	for (uint32_t xi = 0; xi < t->p.n_txns; xi++) {
		struct ffa_sim_memtab_txn *x = &t->p.txns[xi];
		struct ffa_sim_memtab_rcv *me;

		if (x->state == MT_TXN_FREE)
			continue;
		if (x->state == FFA_SIM_MEM_PENDING) {
			if (x->owner == ep) {
				txn_drop(t, xi);
				freed++;
			}
			continue;
		}
		me = ffa__mt_rcv_find(t, x, ep);
		if (me != NULL && me->retrievals != 0) {
			if (x->state == FFA_SIM_MEM_DONATED) {
				txn_drop(t, xi);
				freed++;
				continue;
			}
			(void)rcv_release(x, me);
		}
		if (x->state != FFA_SIM_MEM_LIVE)
			continue;
		if (x->owner == ep)
			x->owner_gone = true;
		if (x->owner_gone && x->holders == 0) {
			txn_drop(t, xi);
			freed++;
		}
	}
	return freed;
}
