/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Regression tests for the known-bugs.md classes that touch the simulator's
 * memory table, one per class, named after it. (Classes about register
 * packing, RX/TX buffers and wire layouts live in the call handler and the
 * desc layer; docs/sim-memory.md lists which apply here.)
 */
#include "memtab_test.h"

static struct mt_fix F;

static void setup(void)
{
	mt_setup(&F, NULL);
}

TestSuite(memtab_known_bugs, .init = setup);

/* 12: IDs >= 0x8000 must stay 16-bit values: 0x8000 and 0xFFFF are secure
 * endpoints (handle allocator bit clear, may not give memory to VMs), never
 * sign-extended or promoted into something else. */
Test(memtab_known_bugs, known_bug_12_ids_at_or_above_0x8000)
{
	const struct ffa_mem_range sp[] = {{SP2_MEM, 1}}, vm[] = {{VM1_MEM, 1}};
	struct ffa_mem_receiver top = RCV(0xFFFF, P_RW), low = RCV(0x8000, P_RW);
	struct ffa_mem_receiver back = RCV(VM2, P_RW);
	struct ffa_sim_mem_send s;
	uint64_t h, x;

	assert_rc(t_claim(&F, 0xFFFF, NOBODY, 4, 0), 0);
	h = mt_send_ok(&F, SHARE, VM1, &top, 1, vm, 1);
	cr_assert(!(h & FFA_MEM_HANDLE_HYP_BIT));
	assert_rc(mt_retrieve1(&F, 0xFFFF, h, VM1, P_RW, NULL), 0);
	cr_assert_eq(mt_access(&F, 0xFFFF, VM1_MEM), P_RW_NX);
	cr_assert(!(mt_send_ok(&F, LEND, SP2, &low, 1, sp, 1) & FFA_MEM_HANDLE_HYP_BIT));
	/* 0xFFFF is an SP: it may not give its memory to a VM */
	s = mt_req(SHARE, 0xFFFF, &back, 1, &RANGE(NOBODY, 1), 1);
	assert_rc(t_send(&F, &s, &x), DENIED);
}

/* 20: arithmetic overflow - page totals, address + pages x 4K, empty
 * ranges, and the access query's end. */
Test(memtab_known_bugs, known_bug_20_arithmetic_overflow)
{
	struct ffa_mem_receiver r = RCV(SP1, P_RW);
	const struct ffa_mem_range wrap[] = {{0xFFFFFFFFFFFFF000ull, 1}};
	const struct ffa_mem_range wrap2[] = {{0xFFFFFFFF00000000ull, 0x00100000u}};
	const struct ffa_mem_range big[] = {{VM1_MEM, 0x80000000u}, {VM2_MEM, 0x80000000u}};
	const struct ffa_mem_range empty[] = {{VM1_MEM, 0}};
	struct ffa_sim_mem_send s;
	struct ffa_sim_mem_access a;
	uint64_t h;

	s = mt_req(SHARE, VM1, &r, 1, wrap, 1);
	assert_rc(t_send(&F, &s, &h), INVAL);
	s = mt_req(SHARE, VM1, &r, 1, wrap2, 1);
	assert_rc(t_send(&F, &s, &h), INVAL);
	/* 2 x 2^31 pages: the running total exceeds any 32-bit total */
	s = mt_req(SHARE, VM1, &r, 1, big, 2);
	s.total_pages = 0xFFFFFFFFu;
	assert_rc(t_send(&F, &s, &h), INVAL);
	s.total_pages = 0; /* what a 32-bit sum would have wrapped to */
	assert_rc(t_send(&F, &s, &h), INVAL);
	s = mt_req(SHARE, VM1, &r, 1, empty, 1);
	s.total_pages = 1;
	assert_rc(t_send(&F, &s, &h), INVAL);
	/* a huge but well-formed range is simply not owned */
	s = mt_req(SHARE, VM1, &r, 1, &RANGE(VM1_MEM, 0xFFFFFFFFu), 1);
	assert_rc(t_send(&F, &s, &h), DENIED);
	/* claims and queries near the top of the address space */
	assert_rc(t_claim(&F, VM2, 0xFFFFFFFFFFFFE000ull, 2, 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(t_claim(&F, VM2, 0x1000, UINT64_MAX, 0), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_sim_memtab_access(&F.t, VM1, 0xFFFFFFFFFFFFF000ull, 0x1000, &a), DENIED);
	cr_assert_eq(ffa_sim_memtab_access(&F.t, VM1, 0xFFFFFFFFFFFFF000ull, 0x1001, &a),
		     FFA_ERR_BAD_ARGUMENT);
}

/* 24: fragment state machine - MORE until the last fragment, then success
 * with the same handle; nothing usable before; nothing accepted after. */
Test(memtab_known_bugs, known_bug_24_fragment_state_machine)
{
	struct ffa_mem_range g[6];
	struct ffa_mem_receiver r = RCV(SP1, P_RW);
	struct ffa_sim_mem_send s;
	struct ffa_sim_mem_info info;
	uint64_t h;

	for (int i = 0; i < 6; i++)
		g[i] = RANGE(VM1_MEM + (uint64_t)i * 2 * PG, 1);
	s = mt_req(SHARE, VM1, &r, 1, g, 1);
	s.range_count = 6;
	s.total_pages = 6;
	assert_rc(t_send(&F, &s, &h), FFA_SIM_MEMTAB_MORE);
	for (int i = 1; i < 5; i++) {
		assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW, NULL), INVAL);
		assert_rc(t_send_more(&F, VM1, h, &g[i], 1), FFA_SIM_MEMTAB_MORE);
		cr_assert_eq(ffa_sim_memtab_lookup(&F.t, h, &info), 0);
		cr_assert_eq(info.ranges_seen, (uint32_t)i + 1);
	}
	assert_rc(t_send_more(&F, VM1, h, &g[5], 1), 0);
	assert_rc(t_send_more(&F, VM1, h, &g[5], 1), INVAL);
	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW, NULL), 0);
}

/* 26: no rollback after partial transmission - a send that fails in a
 * later fragment leaves no half-recorded state: pages exclusive again,
 * every pool back to what it was, the handle dead. */
Test(memtab_known_bugs, known_bug_26_failed_fragment_leaves_nothing_behind)
{
	const struct ffa_mem_range first[] = {{VM1_MEM, 2}, {VM1_MEM + 4 * PG, 2}};
	const struct ffa_mem_range bad[] = {{VM1_MEM + 8 * PG, 1}, {VM1_MEM + 9 * PG + 1, 1}};
	struct ffa_mem_receiver r = RCV(SP1, P_NS);
	struct ffa_sim_mem_send s = mt_req(DONATE, VM1, &r, 1, first, 2);
	struct ffa_sim_memtab_usage before, mid, after;
	struct ffa_sim_mem_info info;
	uint64_t h;

	ffa_sim_memtab_usage(&F.t, &before);
	s.range_count = 4;
	s.total_pages = 6;
	assert_rc(t_send(&F, &s, &h), FFA_SIM_MEMTAB_MORE);
	ffa_sim_memtab_usage(&F.t, &mid);
	cr_assert_eq(mid.reserved, 2 + 2 * 4, "rest of the constituents + transfer nodes");
	assert_rc(t_send_more(&F, VM1, h, bad, 2), INVAL);
	ffa_sim_memtab_usage(&F.t, &after);
	cr_assert_eq(after.txns, before.txns);
	cr_assert_eq(after.rcvs, before.rcvs);
	cr_assert_eq(after.nodes, before.nodes);
	cr_assert_eq(after.reserved, before.reserved);
	assert_rc(ffa_sim_memtab_lookup(&F.t, h, &info), INVAL);
	cr_assert_eq(mt_access(&F, VM1, VM1_MEM), P_RW_X);
	cr_assert_neq(mt_send_ok(&F, DONATE, VM1, &r, 1, first, 2), 0);
}

/* 31: double fetch - the table keeps private copies of receivers and
 * ranges; the caller's (the TX buffer's) later changes do not reach it. */
Test(memtab_known_bugs, known_bug_31_private_copies_of_client_data)
{
	struct ffa_mem_range g[] = {{VM1_MEM, 1}, {VM1_MEM + 2 * PG, 1}};
	struct ffa_mem_receiver r[] = {RCV(SP1, P_RO), RCV(SP2, P_RO)};
	struct ffa_sim_mem_send s = mt_req(LEND, VM1, r, 2, g, 1);
	struct ffa_sim_mem_rcv_info ri;
	struct ffa_mem_range out[2];
	uint64_t h;

	s.range_count = 2;
	s.total_pages = 2;
	assert_rc(t_send(&F, &s, &h), FFA_SIM_MEMTAB_MORE);
	/* the client rewrites its buffer between fragments */
	r[0] = RCV(VM2, P_RW);
	g[0] = RANGE(VM2_MEM, 1);
	assert_rc(t_send_more(&F, VM1, h, &g[1], 1), 0);
	g[1] = RANGE(VM2_MEM + PG, 1);
	cr_assert_eq(ffa_sim_memtab_receiver(&F.t, h, 0, &ri), 0);
	cr_assert_eq(ri.id, SP1);
	cr_assert_eq(ri.perm, P_RO);
	cr_assert_eq(ffa_sim_memtab_ranges(&F.t, h, 0, out, 2), 2);
	cr_assert_eq(out[0].addr, VM1_MEM);
	cr_assert_eq(out[1].addr, VM1_MEM + 2 * PG);
	cr_assert_eq(mt_access(&F, VM2, VM2_MEM), P_RW_X);
}

/* 40: memory attribute rules - the sender must not set attributes for
 * LEND (one borrower) / DONATE, nobody may set the NS bit, no execute
 * permission on NS memory for an SP, retrieve requests need write-back
 * inner-shareable. */
Test(memtab_known_bugs, known_bug_40_memory_attribute_rules)
{
	const struct ffa_mem_range g[] = {{VM1_MEM, 1}};
	struct ffa_mem_receiver r = RCV(SP1, P_RW), d = RCV(SP1, P_NS), e = RCV(SP1, P_RW_NX);
	struct ffa_sim_mem_send s;
	struct ffa_sim_mem_retrieve q;
	struct ffa_sim_mem_grant gr;
	uint64_t h;

	s = mt_req(LEND, VM1, &r, 1, g, 1);
	s.attributes = FFA_MEM_ATTR_NORMAL_WB_INNER;
	assert_rc(t_send(&F, &s, &h), INVAL);
	s = mt_req(DONATE, VM1, &d, 1, g, 1);
	s.attributes = FFA_MEM_ATTR_NORMAL_WB_INNER;
	assert_rc(t_send(&F, &s, &h), INVAL);
	s = mt_req(SHARE, VM1, &r, 1, g, 1);
	s.attributes |= FFA_MEM_ATTR_NS;
	assert_rc(t_send(&F, &s, &h), INVAL);

	h = mt_send_ok(&F, LEND, VM1, &r, 1, g, 1);
	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW_X, NULL), INVAL);
	q = mt_rreq(SP1, h, VM1, &e, 1);
	q.attributes = FFA_MEM_ATTR_NORMAL_WB_INNER | FFA_MEM_ATTR_NS;
	assert_rc(t_retrieve(&F, &q, &gr), INVAL);
	q.attributes = 0x002E; /* WB, outer shareable */
	assert_rc(t_retrieve(&F, &q, &gr), DENIED);
	q.attributes = FFA_MEM_ATTR_NORMAL_WB_INNER;
	assert_rc(t_retrieve(&F, &q, &gr), 0);
	cr_assert(gr.ns, "the relayer reports NS memory in the response");
	cr_assert_eq(gr.attributes & FFA_MEM_ATTR_NS, 0);
}
