/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * memtab storage: init arguments, exhaustion of every pool (FFA_ERR_NO_MEMORY
 * with nothing half-recorded) and recovery, handles never reused over many
 * cycles, index stress (hash table wrap-around deletion, AVL rebalancing),
 * and the invariant checker catching deliberate corruption.
 */
#define _POSIX_C_SOURCE 200809L /* rand_r */

#include <stdlib.h>

#include "memtab_test.h"

static struct mt_fix F;

TestSuite(memtab_pools);

static const struct ffa_mem_range pg1[] = {{VM1_MEM, 1}};

Test(memtab_pools, init_rejects_bad_pools)
{
	struct ffa_sim_memtab_pools p = {F.txns, 4, F.rcvs, 4, F.nodes, 4};
	struct ffa_sim_memtab_config c = {0};

	cr_assert_eq(ffa_sim_memtab_init(&F.t, &p, NULL), 0);
	p.n_txns = 0xFFFFFFFFu;
	cr_assert_eq(ffa_sim_memtab_init(&F.t, &p, NULL), FFA_ERR_BAD_ARGUMENT);
	p.n_txns = 4;
	p.n_nodes = 0;
	cr_assert_eq(ffa_sim_memtab_init(&F.t, &p, NULL), FFA_ERR_BAD_ARGUMENT);
	p.n_nodes = 4;
	p.rcvs = NULL;
	cr_assert_eq(ffa_sim_memtab_init(&F.t, &p, NULL), FFA_ERR_BAD_ARGUMENT);
	p.rcvs = F.rcvs;
	c.alloc = 3;
	cr_assert_eq(ffa_sim_memtab_init(&F.t, &p, &c), FFA_ERR_BAD_ARGUMENT);
	c.alloc = 0;
	c.quirks = 1u << 5;
	cr_assert_eq(ffa_sim_memtab_init(&F.t, &p, &c), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_sim_memtab_init(NULL, &p, NULL), FFA_ERR_BAD_ARGUMENT);
}

Test(memtab_pools, transaction_slots_exhausted_then_recovered)
{
	struct ffa_mem_receiver r = RCV(SP1, P_RW);
	uint64_t h[8], x;
	struct ffa_sim_mem_send s;

	mt_init_pools(&F, NULL, 8, MT_RCVS, MT_NODES);
	mt_map(&F);
	for (int i = 0; i < 8; i++)
		h[i] = mt_send_ok(&F, SHARE, VM1, &r, 1, &RANGE(VM1_MEM + (uint64_t)i * PG, 1), 1);
	s = mt_req(SHARE, VM1, &r, 1, &RANGE(VM1_MEM + 9 * PG, 1), 1);
	assert_rc(t_send(&F, &s, &x), NOMEM);
	assert_rc(t_reclaim(&F, VM1, h[3], 0, NULL), 0);
	assert_rc(t_send(&F, &s, &x), 0);
	/* capacity is checked before page states (they need the whole
	 * transaction); with room again, the rules apply as ever */
	assert_rc(t_send(&F, &s, &x), NOMEM);
	assert_rc(t_reclaim(&F, VM1, h[4], 0, NULL), 0);
	assert_rc(t_send(&F, &s, &x), DENIED);
}

Test(memtab_pools, receivers_exhausted_then_recovered)
{
	struct ffa_mem_receiver three[] = {RCV(SP1, P_RW), RCV(SP2, P_RW), RCV(VM2, P_RW)};
	uint64_t a, x;
	struct ffa_sim_mem_send s;

	mt_init_pools(&F, NULL, MT_TXNS, 4, MT_NODES);
	mt_map(&F);
	a = mt_send_ok(&F, SHARE, VM1, three, 3, pg1, 1);
	s = mt_req(SHARE, VM1, three, 2, &RANGE(VM1_MEM + PG, 1), 1);
	assert_rc(t_send(&F, &s, &x), NOMEM);
	s.receiver_count = 1;
	assert_rc(t_send(&F, &s, &x), 0);
	assert_rc(t_reclaim(&F, VM1, a, 0, NULL), 0);
	s = mt_req(SHARE, VM1, three, 3, &RANGE(VM1_MEM + 2 * PG, 1), 1);
	assert_rc(t_send(&F, &s, &x), 0);
	/* a hostile receiver count is refused before anything is read */
	s.receiver_count = 0x7FFFFFFF;
	assert_rc(t_send(&F, &s, &x), NOMEM);
}

Test(memtab_pools, nodes_exhausted_by_constituents_then_recovered)
{
	struct ffa_mem_range g[16];
	struct ffa_mem_receiver r = RCV(SP1, P_RW), d = RCV(SP1, P_NS);
	struct ffa_sim_mem_send s;
	struct ffa_sim_memtab_usage u;
	uint64_t a, x;

	/* 16 nodes: the 8 claimed runs plus 8 for constituents */
	mt_init_pools(&F, NULL, MT_TXNS, MT_RCVS, 16);
	mt_map(&F);
	for (int i = 0; i < 16; i++)
		g[i] = RANGE(VM1_MEM + (uint64_t)i * 2 * PG, 1);
	s = mt_req(SHARE, VM1, &r, 1, g, 9);
	assert_rc(t_send(&F, &s, &x), NOMEM);
	a = mt_send_ok(&F, SHARE, VM1, &r, 1, g, 8);
	assert_rc(t_reclaim(&F, VM1, a, 0, NULL), 0);
	/* a donate reserves 2 more nodes per constituent for the transfer */
	s = mt_req(DONATE, VM1, &d, 1, g, 3);
	assert_rc(t_send(&F, &s, &x), NOMEM);
	s.range_count = s.nranges = 2;
	s.total_pages = 2;
	assert_rc(t_send(&F, &s, &x), 0);
	ffa_sim_memtab_usage(&F.t, &u);
	cr_assert_eq(u.nodes, 10);
	cr_assert_eq(u.reserved, 4);
	/* the reservation guarantees the transfer, which splits VM1's run */
	assert_rc(mt_retrieve1(&F, SP1, x, VM1, P_RW_NX, NULL), 0);
	assert_rc(t_retrieve_end(&F, SP1, x), 0);
	ffa_sim_memtab_usage(&F.t, &u);
	cr_assert_eq(u.reserved, 0);
	cr_assert_eq(u.nodes, 8 + 3, "VM1_MEM now SP1 | VM1 | SP1 | VM1");
}

Test(memtab_pools, pending_send_reserves_all_its_constituents)
{
	struct ffa_mem_range g[8];
	struct ffa_mem_receiver r = RCV(SP1, P_RW);
	struct ffa_sim_mem_send s;
	uint64_t h, x;

	mt_init_pools(&F, NULL, MT_TXNS, MT_RCVS, 8 + 6);
	mt_map(&F);
	for (int i = 0; i < 8; i++)
		g[i] = RANGE(VM1_MEM + (uint64_t)i * 2 * PG, 1);
	s = mt_req(SHARE, VM1, &r, 1, g, 1);
	s.range_count = 4;
	s.total_pages = 4;
	assert_rc(t_send(&F, &s, &h), FFA_SIM_MEMTAB_MORE);
	/* 3 nodes promised to h: only 2 left for others */
	s = mt_req(SHARE, VM1, &r, 1, g + 4, 3);
	assert_rc(t_send(&F, &s, &x), NOMEM);
	assert_rc(t_claim(&F, VM2, NOBODY, 1, 0), 0);
	assert_rc(t_claim(&F, VM2, NOBODY + 2 * PG, 1, 0), 0);
	assert_rc(t_claim(&F, VM2, NOBODY + 4 * PG, 1, 0), NOMEM);
	/* the promised nodes are there for every later fragment */
	assert_rc(t_send_more(&F, VM1, h, g + 1, 3), 0);
}

Test(memtab_pools, unclaim_needing_a_split_without_a_node)
{
	mt_init_pools(&F, NULL, MT_TXNS, MT_RCVS, 8);
	mt_map(&F);
	assert_rc(t_unclaim(&F, VM2, VM2_MEM + PG, 1), NOMEM);
	assert_rc(t_unclaim(&F, VM2, VM2_MEM, 64), 0);
	assert_rc(t_unclaim(&F, VM1, VM1_MEM + PG, 1), 0); /* the freed node */
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

#define CYCLES 50000

Test(memtab_pools, handles_never_reused_over_many_cycles, .timeout = 120)
{
	static uint64_t seen[CYCLES + 16];
	struct ffa_mem_receiver r = RCV(SP1, P_RW);
	uint64_t live[4] = {0};
	size_t n = 0;

	mt_setup(&F, NULL);
	for (int i = 0; i < CYCLES; i++) {
		struct ffa_sim_mem_send s = mt_req(SHARE, VM1, &r, 1, &RANGE(VM1_MEM + (uint64_t)(i & 3) * PG, 1), 1);
		uint64_t h;

		if (live[i & 3])
			cr_assert_eq(ffa_sim_memtab_reclaim(&F.t, VM1, live[i & 3], 0, NULL), 0);
		cr_assert_eq(ffa_sim_memtab_send(&F.t, &s, &h), 0);
		/* a handle just reclaimed is dead for good */
		if (live[i & 3])
			cr_assert_eq(ffa_sim_memtab_reclaim(&F.t, VM1, live[i & 3], 0, NULL), INVAL);
		live[i & 3] = h;
		seen[n++] = h;
		if ((i & 1023) == 0)
			mt_check(&F);
	}
	mt_check(&F);
	qsort(seen, n, sizeof(seen[0]), cmp_u64);
	for (size_t i = 1; i < n; i++)
		cr_assert_neq(seen[i], seen[i - 1], "handle %llx issued twice",
			      (unsigned long long)seen[i]);
}

Test(memtab_pools, handles_lead_only_to_their_own_transaction)
{
	/* 16 slots, reused round after round in random order: every handle
	 * finds its transaction, no old or forged one finds anything. */
	struct ffa_sim_memtab_pools p = {F.txns, 16, F.rcvs, 64, F.nodes, 256};
	struct ffa_mem_receiver r = RCV(SP1, P_RW);
	struct ffa_sim_mem_info info;
	uint64_t h[16], old[16];
	unsigned int seed = 7;

	cr_assert_eq(ffa_sim_memtab_init(&F.t, &p, NULL), 0);
	mt_map(&F);
	for (int round = 0; round < 200; round++) {
		for (int i = 0; i < 16; i++)
			h[i] = mt_send_ok(&F, SHARE, VM1, &r, 1,
					  &RANGE(VM1_MEM + (uint64_t)i * PG, 1), 1);
		if (round)
			for (int i = 0; i < 16; i++)
				cr_assert_eq(ffa_sim_memtab_lookup(&F.t, old[i], &info), INVAL);
		for (int i = 0; i < 16; i++) {
			int j = (int)(rand_r(&seed) % 16u);
			uint64_t t = h[i];

			h[i] = h[j];
			h[j] = t;
		}
		for (int i = 0; i < 16; i++) {
			cr_assert_eq(ffa_sim_memtab_lookup(&F.t, h[i] ^ (1ull << (rand_r(&seed) % 63)),
							   &info),
				     INVAL);
			assert_rc(t_reclaim(&F, VM1, h[i], 0, NULL), 0);
			for (int k = i + 1; k < 16; k++)
				cr_assert_eq(ffa_sim_memtab_lookup(&F.t, h[k], &info), 0);
			old[i] = h[i];
		}
	}
}

Test(memtab_pools, interval_index_stays_balanced_under_churn)
{
	struct ffa_mem_receiver r = RCV(SP1, P_RW);
	static uint64_t h[64];
	unsigned int seed = 3;

	mt_setup(&F, NULL);
	for (int i = 0; i < 64; i++)
		h[i] = 0;
	for (int step = 0; step < 3000; step++) {
		int i = (int)(rand_r(&seed) % 64u);

		if (h[i]) {
			cr_assert_eq(ffa_sim_memtab_reclaim(&F.t, VM1, h[i], 0, NULL), 0);
			h[i] = 0;
		} else {
			struct ffa_sim_mem_send s =
				mt_req(SHARE, VM1, &r, 1, &RANGE(VM1_MEM + (uint64_t)i * PG, 1), 1);

			cr_assert_eq(ffa_sim_memtab_send(&F.t, &s, &h[i]), 0);
		}
		mt_check(&F); /* ordering, balance and heights of both trees */
	}
}

/* ---- the checker catches what it promises to catch -------------------------- */

static uint64_t corrupt_setup(void)
{
	struct ffa_mem_receiver r[] = {RCV(SP1, P_RW), RCV(SP2, P_RW)};
	const struct ffa_mem_range g[] = {{VM1_MEM, 2}, {VM1_MEM + 8 * PG, 1}};
	uint64_t h;

	mt_setup(&F, NULL);
	h = mt_send_ok(&F, SHARE, VM1, r, 2, g, 2);
	mt_send_ok(&F, SHARE, VM1, r, 1, &RANGE(VM1_MEM + 4 * PG, 1), 1);
	assert_rc(mt_retrieve1(&F, SP1, mt_send_ok(&F, LEND, VM2, r, 1, &RANGE(VM2_MEM, 1), 1),
			       VM2, P_RW_NX, NULL),
		  0);
	mt_check(&F);
	return h;
}

static struct ffa_sim_memtab_txn *txn_of(uint64_t h)
{
	for (uint32_t i = 0; i < MT_TXNS; i++)
		if (F.txns[i].state && F.txns[i].handle == h)
			return &F.txns[i];
	cr_assert_fail("no transaction %llx", (unsigned long long)h);
	return NULL;
}

static void expect_violation(const char *why)
{
	const char *e = ffa_sim_memtab_check(&F.t);

	cr_assert(e != NULL, "checker missed: %s", why);
}

Test(memtab_pools, checker_catches_a_page_owned_twice)
{
	corrupt_setup();
	/* grow VM1's first run over VM1_XN's */
	for (uint32_t i = 0; i < MT_NODES; i++)
		if (F.nodes[i].kind == 1 && F.nodes[i].pfn == VM1_MEM >> 12)
			F.nodes[i].pages += 1;
	expect_violation("overlapping runs");
}

Test(memtab_pools, checker_catches_a_page_in_two_transactions)
{
	struct ffa_sim_memtab_txn *x = txn_of(corrupt_setup());

	F.nodes[x->head].pages = 5; /* now covers VM1_MEM + 4 pages too */
	x->pages_seen += 3;
	x->total_pages += 3;
	expect_violation("overlapping constituents");
}

Test(memtab_pools, checker_catches_access_without_a_live_transaction)
{
	struct ffa_sim_memtab_txn *x = txn_of(corrupt_setup());
	struct ffa_sim_memtab_rcv *r = &F.rcvs[x->rcv_head];

	r->retrievals = 1; /* a retrieval nobody counted */
	expect_violation("uncounted holder");
	r->retrievals = 0;
	r->granted = P_RW_NX; /* an access record left behind */
	expect_violation("stale grant");
	r->granted = 0;
	x->state = FFA_SIM_MEM_PENDING; /* retrievals on a pending transaction */
	expect_violation("pending state");
}

Test(memtab_pools, checker_catches_index_mismatches)
{
	struct ffa_sim_memtab_txn *x = txn_of(corrupt_setup());
	uint64_t h = x->handle;

	x->handle ^= 1; /* the hash table no longer finds it */
	expect_violation("handle/hash mismatch");
	x->handle = h;
	F.nodes[F.t.txn_root].height++;
	expect_violation("AVL height");
	F.nodes[F.t.txn_root].height--;
	F.t.used_rcvs++;
	expect_violation("receiver accounting");
	F.t.used_rcvs--;
	F.t.reserved++;
	expect_violation("reservation accounting");
	F.t.reserved--;
	F.t.counter = 1;
	expect_violation("handle beyond the counter");
}

Test(memtab_pools, checker_catches_pool_corruption)
{
	corrupt_setup();
	F.nodes[F.t.free_node].kind = 1; /* a free node marked in use */
	expect_violation("free list");
}
