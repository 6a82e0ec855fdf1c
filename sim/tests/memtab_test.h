/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test support for the memtab tests: a fixture with small pools, a memory
 * map of claimed regions, request builders, and wrappers around every
 * state-changing memtab call that run the invariant checker after the call
 * and, when the call failed, assert the table is exactly as before (a
 * semantic snapshot: usage, every transaction with its receivers and
 * ranges, every run of owned memory).
 */
#ifndef SIM_MEMTAB_TEST_H
#define SIM_MEMTAB_TEST_H

#include <criterion/criterion.h>
#include <string.h>

#include "ffa_test.h"
#include "memtab.h"

/* ---- fixture ------------------------------------------------------------ */

#define MT_TXNS 64u
#define MT_RCVS 256u
#define MT_NODES 1024u

struct mt_fix {
	struct ffa_sim_memtab t;
	struct ffa_sim_memtab_txn txns[MT_TXNS];
	struct ffa_sim_memtab_rcv rcvs[MT_RCVS];
	struct ffa_sim_memtab_node nodes[MT_NODES];
};

/* Endpoints: two VMs, two SPs (ID bit 15 = secure world). */
#define VM1 0x0001u
#define VM2 0x0002u
#define VM3 0x0003u
#define SP1 0x8001u
#define SP2 0x8002u
#define SP3 0x8003u

/* Memory map (base addresses; every region is claimed by mt_map()). */
#define VM1_MEM 0x10000000ull /* 64 pages, NS */
#define VM1_XN 0x10040000ull  /* 8 pages, NS|XN: right after VM1_MEM */
#define VM1_RO 0x10100000ull  /* 8 pages, NS|RO */
#define VM1_DEV 0x10200000ull /* 4 pages, NS|DEVICE */
#define VM2_MEM 0x20000000ull /* 64 pages, NS */
#define SP1_MEM 0x80000000ull /* 64 pages, secure */
#define SP1_XN 0x80100000ull  /* 8 pages, secure, XN */
#define SP2_MEM 0x90000000ull /* 64 pages, secure */
#define NOBODY 0x30000000ull  /* never claimed */
#define PG 0x1000ull

/* ffa_mem_perm_make() as a constant expression (static tables use it). */
#define PERM(d, i) ((uint8_t)((d) | ((i) << 2)))
#define P_RW PERM(FFA_MEM_DATA_RW, FFA_MEM_INSTR_NOT_SPECIFIED)
#define P_RO PERM(FFA_MEM_DATA_RO, FFA_MEM_INSTR_NOT_SPECIFIED)
#define P_NS PERM(FFA_MEM_DATA_NOT_SPECIFIED, FFA_MEM_INSTR_NOT_SPECIFIED)
#define P_RW_NX PERM(FFA_MEM_DATA_RW, FFA_MEM_INSTR_NX)
#define P_RW_X PERM(FFA_MEM_DATA_RW, FFA_MEM_INSTR_X)
#define P_RO_NX PERM(FFA_MEM_DATA_RO, FFA_MEM_INSTR_NX)
#define P_RO_X PERM(FFA_MEM_DATA_RO, FFA_MEM_INSTR_X)
#define P_NS_NX PERM(FFA_MEM_DATA_NOT_SPECIFIED, FFA_MEM_INSTR_NX)
#define P_NS_X PERM(FFA_MEM_DATA_NOT_SPECIFIED, FFA_MEM_INSTR_X)

#define SHARE FFA_MEM_RETRIEVE_TYPE_SHARE
#define LEND FFA_MEM_RETRIEVE_TYPE_LEND
#define DONATE FFA_MEM_RETRIEVE_TYPE_DONATE

#define INVAL FFA_ERR_INVALID_PARAMETERS
#define DENIED FFA_ERR_DENIED
#define NOMEM FFA_ERR_NO_MEMORY

/* ---- invariant checker and snapshots ------------------------------------ */

#define MT_SNAP_RCV 8u
#define MT_SNAP_RNG 32u
#define MT_SNAP_REG 64u

struct mt_snap_txn {
	struct ffa_sim_mem_info info;
	struct ffa_sim_mem_rcv_info rcv[MT_SNAP_RCV];
	struct ffa_mem_range rng[MT_SNAP_RNG];
};

struct mt_snap {
	struct ffa_sim_memtab_usage use;
	uint32_t ntx, nreg;
	struct mt_snap_txn tx[MT_TXNS];
	struct ffa_sim_mem_region reg[MT_SNAP_REG];
};

static inline void mt_check(const struct mt_fix *f)
{
	const char *e = ffa_sim_memtab_check(&f->t);

	cr_assert(e == NULL, "memtab invariant violated: %s", e);
}

/* A byte-comparable description of everything the table records. */
static inline void mt_snap_take(struct mt_fix *f, struct mt_snap *s)
{
	uint32_t cur = 0;
	uint64_t pa = 0;
	struct ffa_sim_mem_info info;
	struct ffa_sim_mem_region reg;

	memset(s, 0, sizeof(*s));
	memset(&info, 0, sizeof(info));
	ffa_sim_memtab_usage(&f->t, &s->use);
	while (ffa_sim_memtab_next(&f->t, &cur, &info) == 1) {
		struct mt_snap_txn *x = &s->tx[s->ntx++];
		uint32_t n = info.receiver_count < MT_SNAP_RCV ? info.receiver_count : MT_SNAP_RCV;

		memcpy(&x->info, &info, sizeof(info));
		for (uint32_t i = 0; i < n; i++) {
			struct ffa_sim_mem_rcv_info ri;

			memset(&ri, 0, sizeof(ri));
			cr_assert_eq(ffa_sim_memtab_receiver(&f->t, info.handle, i, &ri), 0);
			memcpy(&x->rcv[i], &ri, sizeof(ri));
		}
		cr_assert_geq(ffa_sim_memtab_ranges(&f->t, info.handle, 0, x->rng, MT_SNAP_RNG), 0);
		memset(&info, 0, sizeof(info));
	}
	memset(&reg, 0, sizeof(reg));
	while (s->nreg < MT_SNAP_REG && ffa_sim_memtab_region_next(&f->t, &pa, &reg) == 1) {
		memcpy(&s->reg[s->nreg++], &reg, sizeof(reg));
		memset(&reg, 0, sizeof(reg));
	}
}

/* Remove the transaction @h from snapshot @s (and its usage figures). */
static inline void mt_snap_forget(struct mt_snap *s, uint64_t h)
{
	for (uint32_t i = 0; i < s->ntx; i++) {
		if (s->tx[i].info.handle == h) {
			memmove(&s->tx[i], &s->tx[i + 1], (s->ntx - i - 1) * sizeof(s->tx[0]));
			s->ntx--;
			memset(&s->tx[s->ntx], 0, sizeof(s->tx[0]));
			break;
		}
	}
	memset(&s->use, 0, sizeof(s->use));
}

static inline void mt_assert_same(const struct mt_snap *a, const struct mt_snap *b,
				  const char *what)
{
	cr_assert(memcmp(a, b, sizeof(*a)) == 0, "%s changed the table although it failed",
		  what);
}

/* ---- wrappers: call, check invariants, refused => unchanged -------------- */

static struct mt_snap mt_before, mt_after;

static inline int mt_guard_end(struct mt_fix *f, int rc, const char *what)
{
	mt_check(f);
	if (rc < 0) {
		mt_snap_take(f, &mt_after);
		mt_assert_same(&mt_before, &mt_after, what);
	}
	return rc;
}

/* Snapshot, evaluate @expr, check invariants, and on failure compare. */
#define MT_GUARD(f, what, expr) (mt_snap_take((f), &mt_before), mt_guard_end((f), (expr), (what)))

static inline int t_send(struct mt_fix *f, const struct ffa_sim_mem_send *s, uint64_t *h)
{
	return MT_GUARD(f, "send", ffa_sim_memtab_send(&f->t, s, h));
}

/* A failed continuation either changes nothing or ends exactly the pending
 * transaction @h. */
static inline int t_send_more(struct mt_fix *f, uint16_t caller, uint64_t h,
			      const struct ffa_mem_range *r, uint32_t n)
{
	struct ffa_sim_mem_info info;
	int rc;

	mt_snap_take(f, &mt_before);
	rc = ffa_sim_memtab_send_more(&f->t, caller, h, r, n);
	mt_check(f);
	if (rc < 0) {
		mt_snap_take(f, &mt_after);
		if (ffa_sim_memtab_lookup(&f->t, h, &info) != 0 &&
		    memcmp(&mt_before, &mt_after, sizeof(mt_before)) != 0) {
			mt_snap_forget(&mt_before, h);
			memset(&mt_after.use, 0, sizeof(mt_after.use));
		}
		mt_assert_same(&mt_before, &mt_after, "send_more");
	}
	return rc;
}

static inline int t_abort(struct mt_fix *f, uint16_t caller, uint64_t h)
{
	return MT_GUARD(f, "send_abort", ffa_sim_memtab_send_abort(&f->t, caller, h));
}

static inline int t_retrieve(struct mt_fix *f, const struct ffa_sim_mem_retrieve *r,
			     struct ffa_sim_mem_grant *g)
{
	return MT_GUARD(f, "retrieve", ffa_sim_memtab_retrieve(&f->t, r, g));
}

static inline int t_retrieve_end(struct mt_fix *f, uint16_t caller, uint64_t h)
{
	return MT_GUARD(f, "retrieve_end", ffa_sim_memtab_retrieve_end(&f->t, caller, h));
}

static inline int t_relinquish_ids(struct mt_fix *f, uint16_t caller, uint64_t h,
				   uint32_t flags, const uint16_t *ids, uint32_t n, bool *zero)
{
	return MT_GUARD(f, "relinquish",
			ffa_sim_memtab_relinquish(&f->t, caller, h, flags, ids, n, zero));
}

static inline int t_relinquish(struct mt_fix *f, uint16_t caller, uint64_t h, uint32_t flags,
			       bool *zero)
{
	return t_relinquish_ids(f, caller, h, flags, &caller, 1, zero);
}

static inline int t_reclaim(struct mt_fix *f, uint16_t caller, uint64_t h, uint32_t flags,
			    bool *zero)
{
	return MT_GUARD(f, "reclaim", ffa_sim_memtab_reclaim(&f->t, caller, h, flags, zero));
}

static inline int t_gone(struct mt_fix *f, uint16_t ep)
{
	return MT_GUARD(f, "endpoint_gone", ffa_sim_memtab_endpoint_gone(&f->t, ep));
}

static inline int t_claim(struct mt_fix *f, uint16_t owner, uint64_t pa, uint64_t pages,
			  uint32_t flags)
{
	return MT_GUARD(f, "claim", ffa_sim_memtab_claim(&f->t, owner, pa, pages, flags));
}

static inline int t_unclaim(struct mt_fix *f, uint16_t owner, uint64_t pa, uint64_t pages)
{
	return MT_GUARD(f, "unclaim", ffa_sim_memtab_unclaim(&f->t, owner, pa, pages));
}

/* ---- set-up ---------------------------------------------------------------- */

static inline void mt_init_pools(struct mt_fix *f, const struct ffa_sim_memtab_config *cfg,
				 uint32_t n_txns, uint32_t n_rcvs, uint32_t n_nodes)
{
	struct ffa_sim_memtab_pools p = {f->txns, n_txns, f->rcvs, n_rcvs, f->nodes, n_nodes};

	cr_assert_eq(ffa_sim_memtab_init(&f->t, &p, cfg), 0);
	mt_check(f);
}

/* Claim the memory map above. */
static inline void mt_map(struct mt_fix *f)
{
	const uint32_t ns = FFA_SIM_MEMTAB_REGION_NS;

	assert_rc(t_claim(f, VM1, VM1_MEM, 64, ns), 0);
	assert_rc(t_claim(f, VM1, VM1_XN, 8, ns | FFA_SIM_MEMTAB_REGION_XN), 0);
	assert_rc(t_claim(f, VM1, VM1_RO, 8, ns | FFA_SIM_MEMTAB_REGION_RO), 0);
	assert_rc(t_claim(f, VM1, VM1_DEV, 4, ns | FFA_SIM_MEMTAB_REGION_DEVICE), 0);
	assert_rc(t_claim(f, VM2, VM2_MEM, 64, ns), 0);
	assert_rc(t_claim(f, SP1, SP1_MEM, 64, 0), 0);
	assert_rc(t_claim(f, SP1, SP1_XN, 8, FFA_SIM_MEMTAB_REGION_XN), 0);
	assert_rc(t_claim(f, SP2, SP2_MEM, 64, 0), 0);
}

/* Full-size pools, the map claimed, @cfg (NULL: defaults). */
static inline void mt_setup(struct mt_fix *f, const struct ffa_sim_memtab_config *cfg)
{
	mt_init_pools(f, cfg, MT_TXNS, MT_RCVS, MT_NODES);
	mt_map(f);
}

/* ---- request builders -------------------------------------------------------- */

#define RCV(id_, perm_) ((struct ffa_mem_receiver){.id = (id_), .perm = (perm_)})
#define RANGE(a, n) ((struct ffa_mem_range){(a), (n)})

/* A one-fragment send with the attributes the sheet asks for: specified
 * (0x2F) for SHARE and multi-borrower LEND, 0 otherwise. */
static inline struct ffa_sim_mem_send mt_req(uint8_t type, uint16_t sender,
					     const struct ffa_mem_receiver *r, uint32_t nr,
					     const struct ffa_mem_range *g, uint32_t ng)
{
	struct ffa_sim_mem_send s;
	uint64_t pages = 0;

	memset(&s, 0, sizeof(s));
	for (uint32_t i = 0; i < ng; i++)
		pages += g[i].pages;
	s.caller = sender;
	s.sender = sender;
	s.type = type;
	s.attributes = (type == SHARE || (type == LEND && nr > 1)) ? FFA_MEM_ATTR_NORMAL_WB_INNER
								    : 0;
	s.receiver_count = nr;
	s.receivers = r;
	s.range_count = ng;
	s.total_pages = (uint32_t)pages;
	s.ranges = g;
	s.nranges = ng;
	return s;
}

/* A retrieve request: @n EMADs @r, everything else neutral. */
static inline struct ffa_sim_mem_retrieve mt_rreq(uint16_t caller, uint64_t h, uint16_t sender,
						  const struct ffa_mem_receiver *r, uint32_t n)
{
	struct ffa_sim_mem_retrieve q;

	memset(&q, 0, sizeof(q));
	q.caller = caller;
	q.handle = h;
	q.sender = sender;
	q.receiver_count = n;
	q.receivers = r;
	return q;
}

/* The receiver of mt_to_sp1() requests. */
static struct ffa_mem_receiver mt_sp1;

/* The request most rules start from: VM1 sends @g[@n] (its own memory) to
 * SP1 alone (the EMAD mt_sp1, granting @perm) as @type, attributes as
 * mt_req() sets them, no flags. Tests then change one field (of the
 * request, or of mt_sp1). */
static inline struct ffa_sim_mem_send mt_to_sp1(uint8_t type, uint8_t perm,
						const struct ffa_mem_range *g, uint32_t n)
{
	mt_sp1 = RCV(SP1, perm);
	return mt_req(type, VM1, &mt_sp1, 1, g, n);
}

/* Send @s, which must be accepted complete; the handle (never 0). */
static inline uint64_t mt_sent(struct mt_fix *f, struct ffa_sim_mem_send s)
{
	uint64_t h = 0;

	assert_rc(t_send(f, &s, &h), 0);
	cr_assert_neq(h, 0, "a send was accepted with handle 0");
	return h;
}

/* mt_req() that must be accepted; the handle. */
static inline uint64_t mt_send_ok(struct mt_fix *f, uint8_t type, uint16_t sender,
				  const struct ffa_mem_receiver *r, uint32_t nr,
				  const struct ffa_mem_range *g, uint32_t ng)
{
	return mt_sent(f, mt_req(type, sender, r, nr, g, ng));
}

/* Retrieve by @caller as the only borrower of @h (one EMAD, @perm). */
static inline int mt_retrieve1(struct mt_fix *f, uint16_t caller, uint64_t h, uint16_t sender,
			       uint8_t perm, struct ffa_sim_mem_grant *g)
{
	struct ffa_mem_receiver e = RCV(caller, perm);
	struct ffa_sim_mem_retrieve q = mt_rreq(caller, h, sender, &e, 1);
	struct ffa_sim_mem_grant tmp;

	return t_retrieve(f, &q, g ? g : &tmp);
}

/* Access of @ep to one page at @pa: the perm byte, or -1 if none. */
static inline int mt_access(struct mt_fix *f, uint16_t ep, uint64_t pa)
{
	struct ffa_sim_mem_access a;
	int rc = ffa_sim_memtab_access(&f->t, ep, pa, PG, &a);

	return rc ? -1 : a.perm;
}

#endif /* SIM_MEMTAB_TEST_H */
