/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Property test: thousands of random operations (send in one or several
 * fragments, continue, abort, retrieve, retrieve_end, relinquish, reclaim,
 * endpoint gone) from several endpoints, valid and invalid, applied both to
 * the memtab and to a reference model that is obviously correct rather than
 * fast: a page array of 80 pages and a plain array of transactions, every
 * question answered by a linear scan. After every operation the results
 * must be identical (return code, handle bookkeeping, every transaction's
 * state, holders, retrievals, and the access every endpoint has to every
 * page) and the invariant checker must pass (the t_* wrappers also assert
 * that refused requests change nothing).
 */
#include <stdlib.h>

#include "memtab_test.h"

static struct mt_fix F;

TestSuite(memtab_model);

/* ---- the universe: 80 pages from BASE ------------------------------------ */

#define NPAGES 80u
#define BASE 0x40000000ull
#define PAGE_ADDR(p) (BASE + (uint64_t)(p) * PG)
#define NOONE 0xFFFFFFFFu
#define MTX 24u   /* transaction slots (small: exhaustion happens) */
#define MRCV 4u   /* receivers per transaction at most */
#define MRNG 6u   /* constituents per transaction at most */

static const uint16_t eps[] = {VM1, VM2, SP1, SP2, VM3};
#define NEPS ARRAY_LEN(eps)

struct region {
	uint32_t first, n;
	uint16_t owner;
	uint8_t flags;
};

static const struct region map[] = {
	{0, 16, VM1, FFA_SIM_MEMTAB_REGION_NS},
	{16, 4, VM1, FFA_SIM_MEMTAB_REGION_NS | FFA_SIM_MEMTAB_REGION_RO},
	/* 20..23 never claimed */
	{24, 16, VM2, FFA_SIM_MEMTAB_REGION_NS},
	{40, 16, SP1, 0},
	{56, 4, SP1, FFA_SIM_MEMTAB_REGION_XN},
	{60, 16, SP2, 0},
	{76, 4, VM2, FFA_SIM_MEMTAB_REGION_NS | FFA_SIM_MEMTAB_REGION_DEVICE},
};

/* ---- the model -------------------------------------------------------------- */

struct mrcv {
	uint16_t id;
	uint8_t perm, granted;
	uint8_t impdef0;
	uint32_t retrievals;
	bool zero_after;
};

struct mtxn {
	bool used;
	uint64_t handle;
	uint16_t owner;
	uint8_t type, state, rflags;
	uint16_t attributes;
	uint32_t flags;
	uint64_t tag;
	bool impdef_valid, owner_gone;
	uint32_t nrcv;
	struct mrcv rcv[MRCV];
	uint32_t range_count, nrng;
	uint32_t total_pages, pages_seen;
	uint32_t rfirst[MRNG], rpages[MRNG]; /* page index, count */
	/* generator only: the fragments the client still means to send */
	uint32_t restn;
	struct ffa_mem_range rest[MRNG];
};

static struct model {
	uint32_t owner[NPAGES]; /* NOONE or endpoint */
	uint8_t flags[NPAGES];
	struct mtxn tx[MTX];
	uint32_t quirks, alloc;
} M;

static void model_init(uint32_t quirks, uint32_t alloc)
{
	memset(&M, 0, sizeof(M));
	M.quirks = quirks;
	M.alloc = alloc;
	for (uint32_t p = 0; p < NPAGES; p++)
		M.owner[p] = NOONE;
	for (size_t i = 0; i < ARRAY_LEN(map); i++)
		for (uint32_t p = map[i].first; p < map[i].first + map[i].n; p++) {
			M.owner[p] = map[i].owner;
			M.flags[p] = map[i].flags;
		}
}

static struct mtxn *m_find(uint64_t h)
{
	for (uint32_t i = 0; i < MTX; i++)
		if (M.tx[i].used && M.tx[i].handle == h)
			return &M.tx[i];
	return NULL;
}

static struct mrcv *m_rcv(struct mtxn *x, uint16_t id)
{
	for (uint32_t i = 0; i < x->nrcv; i++)
		if (x->rcv[i].id == id)
			return &x->rcv[i];
	return NULL;
}

static uint32_t m_holders(const struct mtxn *x)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < x->nrcv; i++)
		n += x->rcv[i].retrievals != 0;
	return n;
}

static bool is_sp(uint16_t id)
{
	return id & 0x8000u;
}

/* Page index of an address, or NOONE outside the universe. */
static uint32_t m_page(uint64_t addr)
{
	if (addr < BASE || addr >= PAGE_ADDR(NPAGES))
		return NOONE;
	return (uint32_t)((addr - BASE) / PG);
}

/* Live transaction (complete, not donated) covering page @p, or NULL. */
static struct mtxn *m_live_at(uint32_t p)
{
	for (uint32_t i = 0; i < MTX; i++) {
		struct mtxn *x = &M.tx[i];

		if (!x->used || x->state != FFA_SIM_MEM_LIVE)
			continue;
		for (uint32_t k = 0; k < x->nrng; k++)
			if (p >= x->rfirst[k] && p < x->rfirst[k] + x->rpages[k])
				return x;
	}
	return NULL;
}

static bool attr_ok(const struct ffa_mem_attr *a)
{
	if (M.quirks & FFA_SIM_MEMTAB_Q_ANY_ATTRIBUTES)
		return true;
	if (a->shareability != FFA_MEM_SHARE_INNER)
		return false;
	return a->type == FFA_MEM_TYPE_NORMAL ? a->cacheability == FFA_MEM_CACHE_WB
					      : a->device == FFA_MEM_DEV_NGNRNE;
}

static bool pair_ok(uint16_t s, uint16_t r, uint8_t type, bool multi)
{
	if (M.alloc == FFA_SIM_MEMTAB_ALLOC_SPMC) {
		if (type != SHARE)
			return is_sp(r);
		return (is_sp(s) && is_sp(r)) || (!is_sp(s) && (multi || is_sp(r)));
	}
	return !is_sp(s) || is_sp(r);
}

static uint32_t m_used(void)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < MTX; i++)
		n += M.tx[i].used;
	return n;
}

/* Ranges in the request are only ever generated inside the universe or
 * deliberately malformed; a well-formed range outside is impossible. */
static int m_range_basic(const struct ffa_mem_range *r, uint32_t n, uint64_t pages,
			 uint32_t total)
{
	for (uint32_t i = 0; i < n; i++) {
		if (r[i].pages == 0 || (r[i].addr & (PG - 1)) ||
		    r[i].addr > UINT64_MAX - ((uint64_t)r[i].pages << 12))
			return INVAL;
		pages += r[i].pages;
		if (pages > total)
			return INVAL;
	}
	return 0;
}

/* Append ranges; overlap with an earlier range of the transaction: INVAL. */
static int m_add(struct mtxn *x, const struct ffa_mem_range *r, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		uint32_t p = m_page(r[i].addr);

		cr_assert_neq(p, NOONE, "generator made a range outside the universe");
		for (uint32_t k = 0; k < x->nrng; k++)
			if (p < x->rfirst[k] + x->rpages[k] && x->rfirst[k] < p + r[i].pages)
				return INVAL;
		x->rfirst[x->nrng] = p;
		x->rpages[x->nrng] = r[i].pages;
		x->nrng++;
		x->pages_seen += r[i].pages;
	}
	return 0;
}

static int m_complete(struct mtxn *x)
{
	uint8_t f = 0;
	bool first = true;

	if (x->pages_seen != x->total_pages)
		return INVAL;
	for (uint32_t k = 0; k < x->nrng; k++)
		for (uint32_t p = x->rfirst[k]; p < x->rfirst[k] + x->rpages[k]; p++)
			if (m_live_at(p))
				return (M.quirks & FFA_SIM_MEMTAB_Q_OVERLAP_INVALID) ? INVAL : DENIED;
	for (uint32_t k = 0; k < x->nrng; k++)
		for (uint32_t p = x->rfirst[k]; p < x->rfirst[k] + x->rpages[k]; p++) {
			if (M.owner[p] != x->owner)
				return DENIED;
			if (!first && M.flags[p] != f)
				return DENIED;
			f = M.flags[p];
			first = false;
		}
	if (f & FFA_SIM_MEMTAB_REGION_DEVICE) {
		struct ffa_mem_attr a;

		ffa_mem_attr_decode(x->attributes, FFA_VERSION_1_1, &a);
		if (a.type == FFA_MEM_TYPE_NORMAL || x->type != LEND || x->nrcv != 1)
			return DENIED;
	}
	if (f & FFA_SIM_MEMTAB_REGION_RO) {
		if (x->flags & FFA_MEM_FLAG_ZERO)
			return DENIED;
		for (uint32_t i = 0; i < x->nrcv; i++)
			if (ffa_mem_perm_data(x->rcv[i].perm) == FFA_MEM_DATA_RW)
				return DENIED;
	}
	x->rflags = f;
	x->state = FFA_SIM_MEM_LIVE;
	return 0;
}

static int m_send_check(const struct ffa_sim_mem_send *s)
{
	uint32_t n = s->receiver_count;
	uint32_t allowed = FFA_MEM_FLAG_ZERO |
			   ((M.quirks & FFA_SIM_MEMTAB_Q_TIME_SLICE) ? FFA_MEM_FLAG_TIME_SLICE : 0);
	struct ffa_mem_attr a;

	if (s->caller != s->sender)
		return DENIED;
	if (n == 0 || (s->type == DONATE && n > 1))
		return INVAL;
	if ((s->flags & ~allowed) || ((s->flags & FFA_MEM_FLAG_ZERO) && s->type == SHARE))
		return INVAL;
	for (uint32_t i = 0; i < n; i++) {
		const struct ffa_mem_receiver *r = &s->receivers[i];

		if (r->id == s->sender)
			return INVAL;
		for (uint32_t j = 0; j < i; j++)
			if (s->receivers[j].id == r->id)
				return INVAL;
		if (!ffa_mem_perm_valid(r->perm) || r->flags ||
		    ffa_mem_perm_instr(r->perm) != FFA_MEM_INSTR_NOT_SPECIFIED)
			return INVAL;
		if ((s->type == DONATE) != (ffa_mem_perm_data(r->perm) == FFA_MEM_DATA_NOT_SPECIFIED))
			return INVAL;
	}
	for (uint32_t i = 0; i < n; i++)
		if (!pair_ok(s->sender, s->receivers[i].id, s->type, n > 1))
			return DENIED;
	if (ffa_mem_attr_decode(s->attributes, FFA_VERSION_1_1, &a) || a.ns)
		return INVAL;
	if (s->type == DONATE || (s->type == LEND && n == 1))
		return a.type != FFA_MEM_TYPE_NOT_SPECIFIED ? INVAL : 0;
	if (a.type == FFA_MEM_TYPE_NOT_SPECIFIED)
		return INVAL;
	return attr_ok(&a) ? 0 : DENIED;
}

/* The model's answer to a send; on success fills *@slot with the new
 * transaction (handle filled in by the caller from the real answer). */
static int m_send(const struct ffa_sim_mem_send *s, struct mtxn **slot)
{
	struct mtxn *x = NULL;
	int rc = m_send_check(s);

	if (rc)
		return rc;
	if (s->range_count == 0 || s->total_pages == 0 || s->nranges > s->range_count)
		return INVAL;
	rc = m_range_basic(s->ranges, s->nranges, 0, s->total_pages);
	if (rc)
		return rc;
	if (m_used() == MTX)
		return NOMEM;
	for (uint32_t i = 0; i < MTX && !x; i++)
		if (!M.tx[i].used)
			x = &M.tx[i];
	memset(x, 0, sizeof(*x));
	x->owner = s->sender;
	x->type = s->type;
	x->attributes = s->attributes;
	x->flags = s->flags;
	x->tag = s->tag;
	x->impdef_valid = s->impdef_valid;
	x->range_count = s->range_count;
	x->total_pages = s->total_pages;
	x->state = FFA_SIM_MEM_PENDING;
	x->nrcv = s->receiver_count;
	for (uint32_t i = 0; i < x->nrcv; i++) {
		x->rcv[i].id = s->receivers[i].id;
		x->rcv[i].perm = s->receivers[i].perm;
		x->rcv[i].impdef0 = s->receivers[i].impdef[0];
	}
	rc = m_add(x, s->ranges, s->nranges);
	if (!rc && s->nranges == s->range_count)
		rc = m_complete(x);
	if (rc)
		return rc; /* x stays unused */
	x->used = true;
	*slot = x;
	return x->state == FFA_SIM_MEM_LIVE ? 0 : FFA_SIM_MEMTAB_MORE;
}

static int m_send_more(uint16_t caller, uint64_t h, const struct ffa_mem_range *r, uint32_t n)
{
	struct mtxn *x = m_find(h);
	int rc;

	if (!x || x->state != FFA_SIM_MEM_PENDING || x->owner != caller)
		return INVAL;
	rc = n > x->range_count - x->nrng ? INVAL : 0;
	if (!rc)
		rc = m_range_basic(r, n, x->pages_seen, x->total_pages);
	if (!rc)
		rc = m_add(x, r, n);
	if (!rc && x->nrng == x->range_count)
		rc = m_complete(x);
	if (rc) {
		x->used = false;
		return rc;
	}
	return x->state == FFA_SIM_MEM_PENDING ? FFA_SIM_MEMTAB_MORE : 0;
}

static int m_access_check(const struct mtxn *x, uint8_t sent, uint8_t req, uint8_t *out)
{
	unsigned int sd = ffa_mem_perm_data(sent), rd = ffa_mem_perm_data(req);
	unsigned int ri = ffa_mem_perm_instr(req), d;
	bool must_not = x->type == SHARE || (x->type == LEND && x->nrcv > 1);

	if (sd != FFA_MEM_DATA_RO && (rd == FFA_MEM_DATA_NOT_SPECIFIED || rd == FFA_MEM_DATA_RW))
		d = FFA_MEM_DATA_RW;
	else if (rd == FFA_MEM_DATA_NOT_SPECIFIED || rd == FFA_MEM_DATA_RO)
		d = FFA_MEM_DATA_RO;
	else
		return DENIED;
	if (must_not != (ri == FFA_MEM_INSTR_NOT_SPECIFIED))
		return INVAL;
	if (ri == FFA_MEM_INSTR_X && (x->rflags & FFA_SIM_MEMTAB_REGION_XN))
		return DENIED;
	*out = ffa_mem_perm_make(d, ri == FFA_MEM_INSTR_X ? FFA_MEM_INSTR_X : FFA_MEM_INSTR_NX);
	return 0;
}

static int m_retrieve(const struct ffa_sim_mem_retrieve *q, struct ffa_sim_mem_grant *g)
{
	struct mtxn *x = m_find(q->handle);
	struct mrcv *me;
	struct ffa_mem_attr ra, sa;
	uint32_t ty, zf;
	bool bypass, found = false, all;
	uint8_t grant = 0;

	if (!x || x->state != FFA_SIM_MEM_LIVE || x->owner_gone)
		return INVAL;
	if (q->sender != x->owner)
		return DENIED;
	ty = (q->flags >> 3) & 3u;
	if ((ty && ty != x->type) || q->tag != x->tag)
		return INVAL;
	me = m_rcv(x, q->caller);
	if (!me || (q->flags & (0x3E0u | ~0x7FFu)))
		return INVAL;
	zf = q->flags & 5u;
	if (zf && x->type == SHARE)
		return INVAL;
	if ((q->flags & 1u) && !(x->flags & FFA_MEM_FLAG_ZERO))
		return DENIED;
	if (ffa_mem_attr_decode(q->attributes, FFA_VERSION_1_1, &ra) || ra.ns)
		return INVAL;
	ffa_mem_attr_decode(x->attributes, FFA_VERSION_1_1, &sa);
	if (ra.type != FFA_MEM_TYPE_NOT_SPECIFIED) {
		if (!attr_ok(&ra) ||
		    (ra.type == FFA_MEM_TYPE_NORMAL && (x->rflags & FFA_SIM_MEMTAB_REGION_DEVICE)) ||
		    (sa.type != FFA_MEM_TYPE_NOT_SPECIFIED && q->attributes != x->attributes))
			return DENIED;
	}
	bypass = q->flags & FFA_MEM_RETRIEVE_FLAG_BYPASS_MULTI;
	if (bypass ? (q->receiver_count != 1 || x->nrcv < 2) : q->receiver_count != x->nrcv)
		return INVAL;
	for (uint32_t i = 0; i < q->receiver_count; i++) {
		const struct ffa_mem_receiver *e = &q->receivers[i];
		struct mrcv *sr;
		uint8_t p;
		int rc;

		for (uint32_t j = 0; j < i; j++)
			if (q->receivers[j].id == e->id)
				return INVAL;
		if (bypass && e->id != q->caller)
			continue;
		if (e->composite_offset || !ffa_mem_perm_valid(e->perm) || (e->flags & ~1u))
			return INVAL;
		sr = m_rcv(x, e->id);
		if (!sr)
			return DENIED;
		rc = m_access_check(x, sr->perm, e->perm, &p);
		if (rc)
			return rc;
		if (q->impdef_valid && x->impdef_valid && e->impdef[0] != sr->impdef0)
			return INVAL;
		if (e->id == q->caller) {
			grant = p;
			found = true;
		}
	}
	if (!found)
		return INVAL;
	if (zf && ffa_mem_perm_data(grant) == FFA_MEM_DATA_RO)
		return DENIED;
	if (ffa_mem_perm_instr(grant) == FFA_MEM_INSTR_X && (x->rflags & FFA_SIM_MEMTAB_REGION_NS) &&
	    is_sp(q->caller) && !(M.quirks & FFA_SIM_MEMTAB_Q_NS_EXEC))
		return INVAL;
	all = M.quirks & FFA_SIM_MEMTAB_Q_RELINQUISH_ALL;
	if (!all && me->retrievals >= FFA_SIM_MEMTAB_MAX_RETRIEVALS)
		return NOMEM;
	me->granted = me->retrievals ? ffa_mem_perm_make(
						   ffa_mem_perm_data(me->granted) > ffa_mem_perm_data(grant)
							   ? ffa_mem_perm_data(me->granted)
							   : ffa_mem_perm_data(grant),
						   ffa_mem_perm_instr(me->granted) > ffa_mem_perm_instr(grant)
							   ? ffa_mem_perm_instr(me->granted)
							   : ffa_mem_perm_instr(grant))
				     : grant;
	me->retrievals = all ? 1 : me->retrievals + 1;
	if (q->flags & 4u)
		me->zero_after = true;
	memset(g, 0, sizeof(*g));
	g->perm = grant;
	g->zero = q->flags & 1u;
	g->donated = x->type == DONATE;
	if (x->type == DONATE) {
		for (uint32_t k = 0; k < x->nrng; k++)
			for (uint32_t p = x->rfirst[k]; p < x->rfirst[k] + x->rpages[k]; p++)
				M.owner[p] = q->caller;
		x->state = FFA_SIM_MEM_DONATED;
	}
	return 0;
}

static int m_retrieve_end(uint16_t caller, uint64_t h)
{
	struct mtxn *x = m_find(h);
	struct mrcv *me = x ? m_rcv(x, caller) : NULL;

	if (!me || !me->retrievals)
		return INVAL;
	if (x->state == FFA_SIM_MEM_DONATED)
		x->used = false;
	return 0;
}

static void m_release(struct mrcv *me)
{
	me->retrievals = 0;
	me->granted = 0;
	me->zero_after = false;
}

static int m_relinquish(uint16_t caller, uint64_t h, uint32_t flags, const uint16_t *ids,
			uint32_t n, bool *zero)
{
	struct mtxn *x;
	struct mrcv *me;
	bool z = false;

	if (n != 1 || ids[0] != caller || (flags & ~3u))
		return INVAL;
	x = m_find(h);
	if (!x || x->state != FFA_SIM_MEM_LIVE)
		return INVAL;
	me = m_rcv(x, caller);
	if (!me || !me->retrievals)
		return INVAL;
	if (flags & 1u) {
		if (x->type == SHARE)
			return INVAL;
		if (ffa_mem_perm_data(me->granted) == FFA_MEM_DATA_RO)
			return DENIED;
	}
	if (me->retrievals == 1 || (M.quirks & FFA_SIM_MEMTAB_Q_RELINQUISH_ALL)) {
		z = me->zero_after;
		m_release(me);
	} else {
		me->retrievals--;
	}
	*zero = (z || (flags & 1u)) && m_holders(x) == 0;
	if (x->owner_gone && m_holders(x) == 0)
		x->used = false;
	return 0;
}

static int m_reclaim(uint16_t caller, uint64_t h, uint32_t flags, bool *zero)
{
	struct mtxn *x = m_find(h);

	if (!x || x->state == FFA_SIM_MEM_DONATED || x->owner_gone || x->owner != caller ||
	    x->state != FFA_SIM_MEM_LIVE || (flags & ~3u))
		return INVAL;
	if (m_holders(x))
		return DENIED;
	if ((flags & 1u) && (x->rflags & FFA_SIM_MEMTAB_REGION_RO))
		return DENIED;
	x->used = false;
	*zero = flags & 1u;
	return 0;
}

static int m_gone(uint16_t ep)
{
	int freed = 0;

	for (uint32_t i = 0; i < MTX; i++) {
		struct mtxn *x = &M.tx[i];
		struct mrcv *me;

		if (!x->used)
			continue;
		if (x->state == FFA_SIM_MEM_PENDING) {
			if (x->owner == ep) {
				x->used = false;
				freed++;
			}
			continue;
		}
		me = m_rcv(x, ep);
		if (me && me->retrievals) {
			if (x->state == FFA_SIM_MEM_DONATED) {
				x->used = false;
				freed++;
				continue;
			}
			m_release(me);
		}
		if (x->state != FFA_SIM_MEM_LIVE)
			continue;
		if (x->owner == ep)
			x->owner_gone = true;
		if (x->owner_gone && m_holders(x) == 0) {
			x->used = false;
			freed++;
		}
	}
	return freed;
}

static int m_abort(uint16_t caller, uint64_t h)
{
	struct mtxn *x = m_find(h);

	if (!x || x->state != FFA_SIM_MEM_PENDING || x->owner != caller)
		return INVAL;
	x->used = false;
	return 0;
}

/* Model access of @ep to page @p: the perm byte or -1. */
static int m_access(uint16_t ep, uint32_t p)
{
	struct mtxn *x = m_live_at(p);

	if (x) {
		struct mrcv *me;

		if (x->owner == ep && !x->owner_gone) {
			if (x->type != SHARE)
				return -1;
			return ffa_mem_perm_make(
				(x->rflags & FFA_SIM_MEMTAB_REGION_RO) ? FFA_MEM_DATA_RO : FFA_MEM_DATA_RW,
				(x->rflags & FFA_SIM_MEMTAB_REGION_XN) ? FFA_MEM_INSTR_NX : FFA_MEM_INSTR_X);
		}
		me = m_rcv(x, ep);
		return me && me->retrievals ? me->granted : -1;
	}
	if (M.owner[p] != ep)
		return -1;
	return ffa_mem_perm_make(
		(M.flags[p] & FFA_SIM_MEMTAB_REGION_RO) ? FFA_MEM_DATA_RO : FFA_MEM_DATA_RW,
		(M.flags[p] & FFA_SIM_MEMTAB_REGION_XN) ? FFA_MEM_INSTR_NX : FFA_MEM_INSTR_X);
}

/* ---- random requests ----------------------------------------------------- */

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)((rng_state >> 11) % n);
}

static bool chance(uint32_t percent)
{
	return rnd(100) < percent;
}

static uint16_t rnd_ep(void)
{
	return eps[rnd(NEPS)];
}

static const uint8_t send_perms[] = {P_RW, P_RO, P_NS, P_RW, P_RO, P_NS, P_RW_NX, 0x03, 0x10};
static const uint8_t retr_perms[] = {P_RW,    P_RO,   P_NS,    P_RW_NX, P_RW_X, P_RO_NX,
				     P_RO_X, P_NS_NX, P_NS_X,  0x03,    0x0C};
static const uint16_t attrs[] = {0, 0x2F, 0, 0x2F, 0x13, 0x27, 0x6F, 0x30};

/* A range mostly inside the universe and well-formed. */
static struct ffa_mem_range rnd_range(void)
{
	uint32_t p = rnd(NPAGES), n = 1 + rnd(3);

	if (p + n > NPAGES)
		n = NPAGES - p;
	if (chance(3))
		return RANGE(PAGE_ADDR(p) + 0x800, n); /* unaligned */
	if (chance(3))
		return RANGE(PAGE_ADDR(p), 0);
	return RANGE(PAGE_ADDR(p), n);
}

/* The handle to use: a live one mostly, sometimes a bogus one. */
static uint64_t rnd_handle(void)
{
	uint32_t n = m_used();

	if (n && !chance(5)) {
		uint32_t k = rnd(n);

		for (uint32_t i = 0; i < MTX; i++)
			if (M.tx[i].used && k-- == 0)
				return M.tx[i].handle;
	}
	return ((uint64_t)rnd(0xFFFF) << 20) | rnd(16);
}

static struct {
	uint64_t seen[60000];
	uint32_t n;
} handles;

static void note_handle(uint64_t h, const struct mtxn *x)
{
	bool vm_only = !is_sp(x->owner);

	cr_assert_neq(h, 0);
	cr_assert_neq(h, FFA_MEM_HANDLE_INVALID);
	for (uint32_t i = 0; i < x->nrcv; i++)
		vm_only = vm_only && !is_sp(x->rcv[i].id);
	if (M.alloc == FFA_SIM_MEMTAB_ALLOC_SPMC)
		vm_only = false;
	cr_assert_eq((h & FFA_MEM_HANDLE_HYP_BIT) != 0, vm_only, "allocator bit");
	for (uint32_t i = 0; i < handles.n; i++)
		cr_assert_neq(handles.seen[i], h, "handle reused");
	if (handles.n < ARRAY_LEN(handles.seen))
		handles.seen[handles.n++] = h;
}

static unsigned int op_counts[9];
/* Successful operations by kind: send complete, send pending, send_more
 * completing, retrieve, donate retrieve, relinquish, reclaim, gone freeing,
 * NO_MEMORY answers. */
static unsigned int ok_counts[9];

/* A range of 1..3 pages starting at a random page @ep owns (per the model),
 * or anywhere if it owns none. */
static struct ffa_mem_range own_range(uint16_t ep)
{
	uint32_t mine[NPAGES], n = 0, p, len = 1 + rnd(3);

	for (p = 0; p < NPAGES; p++)
		if (M.owner[p] == ep)
			mine[n++] = p;
	p = n ? mine[rnd(n)] : rnd(NPAGES);
	if (p + len > NPAGES)
		len = NPAGES - p;
	return RANGE(PAGE_ADDR(p), len);
}

/* A send that is well formed (it may still meet pages in use), then, one
 * time in three, one field broken. */
static void op_send(void)
{
	static const uint16_t owners[] = {VM1, VM2, SP1, SP2};
	struct ffa_mem_receiver r[MRCV];
	struct ffa_mem_range g[MRNG];
	struct ffa_sim_mem_send s;
	struct mtxn *slot = NULL;
	uint32_t want_nr, nr = 0, ng = 1 + rnd(3), total = 0;
	uint64_t h = 0;
	int want, got;

	memset(&s, 0, sizeof(s));
	memset(r, 0, sizeof(r));
	s.sender = owners[rnd(ARRAY_LEN(owners))];
	s.caller = s.sender;
	s.type = (uint8_t)(1 + rnd(3));
	want_nr = s.type == DONATE ? 1 : 1 + rnd(3);
	for (uint32_t tries = 0; tries < 12 && nr < want_nr; tries++) {
		uint16_t id = rnd_ep();
		bool dup = id == s.sender;

		for (uint32_t j = 0; j < nr; j++)
			dup = dup || r[j].id == id;
		if (dup || !pair_ok(s.sender, id, s.type, want_nr > 1))
			continue;
		r[nr].id = id;
		r[nr].perm = s.type == DONATE ? P_NS : (chance(60) ? P_RW : P_RO);
		r[nr].impdef[0] = (uint8_t)rnd(2);
		nr++;
	}
	if (nr == 0) {
		r[0] = RCV(SP1, s.type == DONATE ? P_NS : P_RW);
		nr = 1;
	}
	for (uint32_t i = 0; i < ng; i++) {
		/* disjoint ranges (overlap within is one of the mutations) */
		for (uint32_t tries = 0; tries < 8; tries++) {
			bool clash = false;

			g[i] = own_range(s.sender);
			for (uint32_t j = 0; j < i; j++)
				clash = clash || (g[i].addr < g[j].addr + g[j].pages * PG &&
						  g[j].addr < g[i].addr + g[i].pages * PG);
			if (!clash)
				break;
		}
		total += g[i].pages;
	}
	s.receiver_count = nr;
	s.receivers = r;
	s.attributes = (s.type == SHARE || (s.type == LEND && nr > 1)) ? 0x2F : 0;
	s.flags = s.type != SHARE && chance(20) ? FFA_MEM_FLAG_ZERO : 0;
	s.tag = rnd(3);
	s.impdef_valid = chance(50);
	s.ranges = g;
	s.range_count = ng;
	s.nranges = chance(25) ? 1 + rnd(ng) : ng; /* fragmented */
	s.total_pages = total;

	if (chance(33)) {
		switch (rnd(14)) {
		case 0: s.caller = rnd_ep(); break;
		case 1: s.sender = rnd_ep(); break;
		case 2: r[rnd(nr)].id = rnd_ep(); break;
		case 3: r[rnd(nr)].perm = send_perms[rnd(ARRAY_LEN(send_perms))]; break;
		case 4: r[rnd(nr)].flags = 1; break;
		case 5: s.receiver_count = chance(50) ? 0 : nr + 1; r[nr] = RCV(rnd_ep(), P_RW); break;
		case 6: s.type = (uint8_t)(1 + rnd(3)); break;
		case 7: s.attributes = attrs[rnd(ARRAY_LEN(attrs))]; break;
		case 8: s.flags = (uint32_t[]){FFA_MEM_FLAG_ZERO, FFA_MEM_FLAG_TIME_SLICE, 1u << 7}[rnd(3)]; break;
		case 9: g[rnd(ng)] = rnd_range(); break;
		case 10: s.total_pages += rnd(3) - 1; break;
		case 11: g[ng - 1] = g[0]; break; /* overlap within */
		case 12: s.nranges = s.range_count + 1; break;
		default: s.range_count = 0; break;
		}
	}

	want = m_send(&s, &slot);
	got = t_send(&F, &s, &h);
	cr_assert_eq(got, want, "send: memtab %d, model %d", got, want);
	if (got >= 0) {
		note_handle(h, slot);
		slot->handle = h;
		slot->restn = s.range_count - s.nranges;
		memcpy(slot->rest, g + s.nranges, slot->restn * sizeof(g[0]));
		ok_counts[got == 0 ? 0 : 1]++;
	}
	ok_counts[8] += got == NOMEM;
	op_counts[0]++;
}

static void op_send_more(void)
{
	struct ffa_mem_range g[MRNG] = {rnd_range(), rnd_range()};
	uint64_t h = rnd_handle();
	struct mtxn *x = m_find(h);
	uint16_t caller = chance(90) ? (x ? x->owner : VM1) : rnd_ep();
	uint32_t n = 1 + rnd(2);
	int want, got;

	if (chance(90)) { /* mostly a pending one */
		uint32_t k = rnd(MTX);

		for (uint32_t i = 0; i < MTX; i++) {
			struct mtxn *c = &M.tx[(k + i) % MTX];

			if (c->used && c->state == FFA_SIM_MEM_PENDING) {
				x = c;
				h = x->handle;
				caller = chance(95) ? x->owner : rnd_ep();
				break;
			}
		}
	}
	if (x && x->restn && chance(90)) { /* what the client meant to send next */
		n = x->restn > 1 && chance(50) ? 1 : x->restn;
		memcpy(g, x->rest, n * sizeof(g[0]));
		x->restn -= n;
		memmove(x->rest, x->rest + n, x->restn * sizeof(g[0]));
	}
	want = m_send_more(caller, h, g, n);
	got = t_send_more(&F, caller, h, g, n);

	cr_assert_eq(got, want, "send_more: memtab %d, model %d", got, want);
	ok_counts[2] += got == 0;
	op_counts[1]++;
}

static void op_retrieve(void)
{
	uint64_t h = rnd_handle();
	struct mtxn *x = m_find(h);
	struct ffa_mem_receiver e[MRCV];
	struct ffa_sim_mem_retrieve q;
	struct ffa_sim_mem_grant g1, g2;
	uint32_t n = x ? x->nrcv : 1;
	int want, got;

	memset(&q, 0, sizeof(q));
	memset(e, 0, sizeof(e));
	q.handle = h;
	q.caller = x && x->nrcv && chance(85) ? x->rcv[rnd(x->nrcv)].id : rnd_ep();
	q.sender = x && chance(95) ? x->owner : rnd_ep();
	q.tag = x && chance(95) ? x->tag : 7;
	for (uint32_t i = 0; i < n; i++) {
		e[i].id = x && chance(97) ? x->rcv[i].id : rnd_ep();
		e[i].perm = retr_perms[rnd(ARRAY_LEN(retr_perms))];
		if (x && chance(70)) { /* what a careful borrower asks for */
			bool instr = x->type == DONATE || (x->type == LEND && x->nrcv == 1);

			e[i].perm = instr ? (uint8_t[]){P_RW_NX, P_RO_NX, P_NS_NX, P_RW_X}[rnd(4)]
					  : (uint8_t[]){P_RW, P_RO, P_NS}[rnd(3)];
		}
		e[i].impdef[0] = x && chance(90) ? x->rcv[i].impdef0 : 1;
	}
	if (chance(5) && n > 1)
		n--;
	q.receivers = e;
	q.receiver_count = n;
	if (chance(10)) { /* bypass: only the caller */
		q.flags |= FFA_MEM_RETRIEVE_FLAG_BYPASS_MULTI;
		e[0].id = q.caller;
		q.receiver_count = 1;
	}
	if (chance(20))
		q.flags |= (uint32_t[]){1u, 4u, 2u, 1u << 11, 1u << 5,
					FFA_MEM_RETRIEVE_FLAG_TYPE(1 + rnd(3))}[rnd(6)];
	if (chance(10))
		q.attributes = attrs[rnd(ARRAY_LEN(attrs))];
	q.impdef_valid = chance(50);

	want = m_retrieve(&q, &g1);
	got = t_retrieve(&F, &q, &g2);
	cr_assert_eq(got, want, "retrieve: memtab %d, model %d", got, want);
	if (got == 0) {
		cr_assert_eq(g2.perm, g1.perm);
		cr_assert_eq(g2.zero, g1.zero);
		cr_assert_eq(g2.donated, g1.donated);
		ok_counts[g2.donated ? 4 : 3]++;
	}
	op_counts[2]++;
}

static void op_relinquish(void)
{
	uint64_t h = rnd_handle();
	struct mtxn *x = m_find(h);
	uint16_t caller = x && chance(90) ? x->rcv[rnd(x->nrcv)].id : rnd_ep();
	uint16_t ids[2] = {chance(95) ? caller : rnd_ep(), caller};
	uint32_t n = chance(95) ? 1 : 2;
	uint32_t flags = chance(80) ? 0 : (uint32_t[]){1u, 2u, 4u}[rnd(3)];
	bool z1 = false, z2 = false;
	int want = m_relinquish(caller, h, flags, ids, n, &z1);
	int got = t_relinquish_ids(&F, caller, h, flags, ids, n, &z2);

	cr_assert_eq(got, want, "relinquish: memtab %d, model %d", got, want);
	if (got == 0)
		cr_assert_eq(z2, z1);
	ok_counts[5] += got == 0;
	op_counts[3]++;
}

static void op_reclaim(void)
{
	uint64_t h = rnd_handle();
	struct mtxn *x = m_find(h);
	uint16_t caller = x && chance(90) ? x->owner : rnd_ep();
	uint32_t flags = chance(85) ? 0 : (uint32_t[]){1u, 2u, 8u}[rnd(3)];
	bool z1 = false, z2 = false;
	int want = m_reclaim(caller, h, flags, &z1), got = t_reclaim(&F, caller, h, flags, &z2);

	cr_assert_eq(got, want, "reclaim: memtab %d, model %d", got, want);
	if (got == 0)
		cr_assert_eq(z2, z1);
	ok_counts[6] += got == 0;
	op_counts[4]++;
}

static void op_misc(void)
{
	uint64_t h = rnd_handle();
	struct mtxn *x = m_find(h);
	uint16_t ep = rnd_ep();
	int want, got;

	switch (rnd(3)) {
	case 0:
		ep = x && x->nrcv && chance(80) ? x->rcv[rnd(x->nrcv)].id : ep;
		want = m_retrieve_end(ep, h);
		got = t_retrieve_end(&F, ep, h);
		op_counts[5]++;
		break;
	case 1:
		if (x && x->state == FFA_SIM_MEM_PENDING && chance(80))
			return; /* most pending sends are let run to completion */
		ep = x && chance(80) ? x->owner : ep;
		want = m_abort(ep, h);
		got = t_abort(&F, ep, h);
		op_counts[6]++;
		break;
	default:
		if (!chance(20))
			return;
		want = m_gone(ep);
		got = t_gone(&F, ep);
		ok_counts[7] += got > 0;
		op_counts[7]++;
		break;
	}
	cr_assert_eq(got, want, "misc op: memtab %d, model %d", got, want);
}

/* Every transaction and every page agree. */
static void compare_all(void)
{
	struct ffa_sim_memtab_usage u;

	ffa_sim_memtab_usage(&F.t, &u);
	cr_assert_eq(u.txns, m_used(), "transaction count");
	for (uint32_t i = 0; i < MTX; i++) {
		const struct mtxn *x = &M.tx[i];
		struct ffa_sim_mem_info info;

		if (!x->used)
			continue;
		cr_assert_eq(ffa_sim_memtab_lookup(&F.t, x->handle, &info), 0);
		cr_assert_eq(info.state, x->state);
		cr_assert_eq(info.owner_gone, x->owner_gone);
		cr_assert_eq(info.holders, m_holders(x));
		cr_assert_eq(info.ranges_seen, x->nrng);
		for (uint32_t k = 0; k < x->nrcv; k++) {
			struct ffa_sim_mem_rcv_info ri;

			cr_assert_eq(ffa_sim_memtab_receiver(&F.t, x->handle, k, &ri), 0);
			cr_assert_eq(ri.retrievals, x->rcv[k].retrievals);
			cr_assert_eq(ri.granted, x->rcv[k].granted);
		}
	}
	for (size_t e = 0; e < NEPS; e++)
		for (uint32_t p = 0; p < NPAGES; p++)
			cr_assert_eq(mt_access(&F, eps[e], PAGE_ADDR(p)), m_access(eps[e], p),
				     "access of %#x to page %u", eps[e], p);
	op_counts[8]++;
}

static bool any_pending(void)
{
	for (uint32_t i = 0; i < MTX; i++)
		if (M.tx[i].used && M.tx[i].state == FFA_SIM_MEM_PENDING)
			return true;
	return false;
}

static void run(uint64_t seed, uint32_t ops, uint32_t quirks, uint32_t alloc)
{
	struct ffa_sim_memtab_config c = {.seed = seed, .quirks = quirks, .alloc = alloc};

	rng_state = seed * 0x9E3779B97F4A7C15ull + 1;
	handles.n = 0;
	memset(op_counts, 0, sizeof(op_counts));
	memset(ok_counts, 0, sizeof(ok_counts));
	mt_init_pools(&F, &c, MTX, MT_RCVS, MT_NODES);
	for (size_t i = 0; i < ARRAY_LEN(map); i++)
		assert_rc(t_claim(&F, map[i].owner, PAGE_ADDR(map[i].first), map[i].n,
				  map[i].flags),
			  0);
	model_init(quirks, alloc);
	for (uint32_t i = 0; i < ops; i++) {
		uint32_t k = rnd(100);

		if (k < 30)
			op_send();
		else if (k < 38 || (k < 55 && any_pending()))
			op_send_more();
		else if (k < 68)
			op_retrieve();
		else if (k < 80)
			op_relinquish();
		else if (k < 92)
			op_reclaim();
		else
			op_misc();
		compare_all();
	}
	/* the run really exercised every operation */
	for (size_t i = 0; i < ARRAY_LEN(op_counts) - 1; i++)
		cr_assert_gt(op_counts[i], 10, "operation %zu ran %u times", i, op_counts[i]);
	/* ... and its successful paths, not only refusals */
	for (size_t i = 0; i < ARRAY_LEN(ok_counts) - 1; i++)
		cr_assert_gt(ok_counts[i], 2, "successful operation %zu happened %u times", i,
			     ok_counts[i]);
	cr_log_info("seed %llu: %u ops, %u handles; ok: send %u+%u frag %u retrieve %u donate "
		    "%u relinquish %u reclaim %u gone %u nomem %u",
		    (unsigned long long)seed, ops, handles.n, ok_counts[0], ok_counts[1],
		    ok_counts[2], ok_counts[3], ok_counts[4], ok_counts[5], ok_counts[6],
		    ok_counts[7], ok_counts[8]);
}

Test(memtab_model, random_operations_match_the_model, .timeout = 240)
{
	run(1, 6000, 0, FFA_SIM_MEMTAB_ALLOC_BY_ENDPOINTS);
	run(2, 6000, 0, FFA_SIM_MEMTAB_ALLOC_BY_ENDPOINTS);
}

Test(memtab_model, random_operations_match_the_model_with_every_switch, .timeout = 240)
{
	run(3, 6000, FFA_SIM_MEMTAB_Q_ALL, FFA_SIM_MEMTAB_ALLOC_BY_ENDPOINTS);
}

Test(memtab_model, random_operations_match_the_model_as_pure_spmc, .timeout = 240)
{
	run(4, 6000, FFA_SIM_MEMTAB_Q_RELINQUISH_ALL | FFA_SIM_MEMTAB_Q_OVERLAP_INVALID,
	    FFA_SIM_MEMTAB_ALLOC_SPMC);
}
