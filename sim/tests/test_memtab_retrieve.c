/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * memtab rules for retrieve, relinquish and reclaim (ffa-memory.md 5, 6.2,
 * 6.4, 6.5, 9, 10.1), the ownership/access state machine of section 10 as
 * seen through the access query, and the clean-up of a dead endpoint. One
 * test per rule; the t_* wrappers run the invariant checker after every
 * call and assert that refused requests change nothing.
 */
#include "memtab_test.h"

static struct mt_fix F;

static void setup(void)
{
	mt_setup(&F, NULL);
}

TestSuite(memtab_retrieve, .init = setup);

static const struct ffa_mem_range pages2[] = {{VM1_MEM, 2}};
static struct ffa_sim_mem_grant G;

/* VM1 sends its 2 pages (pages2) to SP1 alone as @type, granting @perm,
 * with @flags (mt_to_sp1()); the handle. */
static uint64_t send1(uint8_t type, uint8_t perm, uint32_t flags)
{
	struct ffa_sim_mem_send s = mt_to_sp1(type, perm, pages2, 1);

	s.flags = flags;
	return mt_sent(&F, s);
}

/* ... shared or lent RW, donated. */
static uint64_t share1(void)
{
	return send1(SHARE, P_RW, 0);
}

static uint64_t lend1(uint32_t flags)
{
	return send1(LEND, P_RW, flags);
}

static uint64_t donate1(uint32_t flags)
{
	return send1(DONATE, P_NS, flags);
}

/* VM1 lends its 2 pages to SP1 (RW) and SP2 (RO). */
static uint64_t lend2(void)
{
	struct ffa_mem_receiver r[] = {RCV(SP1, P_RW), RCV(SP2, P_RO)};

	return mt_send_ok(&F, LEND, VM1, r, 2, pages2, 1);
}

/* The EMAD of sp1_req(). */
static struct ffa_mem_receiver sp1_emad;

/* SP1's request to retrieve @h from VM1, its one EMAD (sp1_emad) naming
 * itself with @perm; the test then changes a field (of the request, or of
 * sp1_emad). */
static struct ffa_sim_mem_retrieve sp1_req(uint64_t h, uint8_t perm)
{
	sp1_emad = RCV(SP1, perm);
	return mt_rreq(SP1, h, VM1, &sp1_emad, 1);
}

/* Retrieve of @h by @caller with request @q pre-filled by the test. */
static int retr(struct ffa_sim_mem_retrieve *q)
{
	return t_retrieve(&F, q, &G);
}

/* --- who may retrieve what --------------------------------------------- */

Test(memtab_retrieve, unknown_handle_invalid)
{
	uint64_t h = share1();

	assert_rc(mt_retrieve1(&F, SP1, h ^ 0x100, VM1, P_RW, NULL), INVAL);
	assert_rc(mt_retrieve1(&F, SP1, 0, VM1, P_RW, NULL), INVAL);
	assert_rc(mt_retrieve1(&F, SP1, FFA_MEM_HANDLE_INVALID, VM1, P_RW, NULL), INVAL);
}

Test(memtab_retrieve, descriptor_sender_not_owner_denied)
{
	uint64_t h = share1();

	assert_rc(mt_retrieve1(&F, SP1, h, VM2, P_RW, NULL), DENIED);
}

Test(memtab_retrieve, by_non_receiver_invalid)
{
	uint64_t h = share1();
	struct ffa_mem_receiver e = RCV(SP1, P_RW);
	struct ffa_sim_mem_retrieve q = mt_rreq(SP2, h, VM1, &e, 1);

	/* SP2 names the real borrower in its EMAD, but it is not one. */
	assert_rc(retr(&q), INVAL);
	assert_rc(mt_retrieve1(&F, VM1, h, VM1, P_RW, NULL), INVAL); /* not even the owner */
}

Test(memtab_retrieve, wrong_tag_invalid)
{
	struct ffa_sim_mem_send s = mt_to_sp1(SHARE, P_RW, pages2, 1);
	struct ffa_sim_mem_retrieve q;

	s.tag = 77;
	q = sp1_req(mt_sent(&F, s), P_RW);
	assert_rc(retr(&q), INVAL);
	q.tag = 77;
	assert_rc(retr(&q), 0);
}

Test(memtab_retrieve, wrong_transaction_type_invalid)
{
	uint64_t h = lend1(0);
	struct ffa_sim_mem_retrieve q = sp1_req(h, P_RW_NX);

	q.flags = FFA_MEM_RETRIEVE_FLAG_TYPE(SHARE);
	assert_rc(retr(&q), INVAL);
	q.flags = FFA_MEM_RETRIEVE_FLAG_TYPE(DONATE);
	assert_rc(retr(&q), INVAL);
	q.flags = FFA_MEM_RETRIEVE_FLAG_TYPE(LEND);
	assert_rc(retr(&q), 0);
	q.flags = 0; /* not specified: accepted, reported in the response */
	assert_rc(retr(&q), 0);
	cr_assert_eq(G.flags & FFA_MEM_RETRIEVE_FLAG_TYPE_MASK, FFA_MEM_RETRIEVE_FLAG_TYPE(LEND));
}

Test(memtab_retrieve, emad_count_mismatch_invalid)
{
	uint64_t h = lend2();
	struct ffa_mem_receiver one = RCV(SP1, P_RW);
	struct ffa_mem_receiver three[] = {RCV(SP1, P_RW), RCV(SP2, P_RO), RCV(VM2, P_RO)};
	struct ffa_sim_mem_retrieve q = mt_rreq(SP1, h, VM1, &one, 1);

	assert_rc(retr(&q), INVAL);
	q = mt_rreq(SP1, h, VM1, three, 3);
	assert_rc(retr(&q), INVAL);
}

Test(memtab_retrieve, emad_naming_a_non_borrower_denied)
{
	uint64_t h = lend2();
	struct ffa_mem_receiver e[] = {RCV(SP1, P_RW), RCV(VM2, P_RO)};
	struct ffa_sim_mem_retrieve q = mt_rreq(SP1, h, VM1, e, 2);

	assert_rc(retr(&q), DENIED);
}

Test(memtab_retrieve, duplicate_emad_invalid)
{
	uint64_t h = lend2();
	struct ffa_mem_receiver e[] = {RCV(SP1, P_RW), RCV(SP1, P_RW)};
	struct ffa_sim_mem_retrieve q = mt_rreq(SP1, h, VM1, e, 2);

	assert_rc(retr(&q), INVAL);
}

Test(memtab_retrieve, caller_missing_from_its_request_invalid)
{
	uint64_t h = lend2();
	struct ffa_mem_receiver e[] = {RCV(SP2, P_RO), RCV(SP2, P_RO)};
	struct ffa_mem_receiver other[] = {RCV(SP2, P_RO)};
	struct ffa_sim_mem_retrieve q = mt_rreq(SP1, h, VM1, e, 2);

	assert_rc(retr(&q), INVAL); /* duplicate */
	q = mt_rreq(SP1, h, VM1, other, 1);
	q.flags = FFA_MEM_RETRIEVE_FLAG_BYPASS_MULTI;
	assert_rc(retr(&q), INVAL); /* the one EMAD is not the caller's */
}

Test(memtab_retrieve, composite_offset_in_request_invalid)
{
	uint64_t h = share1();
	struct ffa_sim_mem_retrieve q = sp1_req(h, P_RW);

	sp1_emad.composite_offset = 0x40;
	assert_rc(retr(&q), INVAL);
}

Test(memtab_retrieve, impdef_mismatch_invalid_when_both_sides_carry_it)
{
	struct ffa_sim_mem_send s = mt_to_sp1(SHARE, P_RW, pages2, 1);
	struct ffa_sim_mem_retrieve q;

	mt_sp1.impdef[0] = 0x5A;
	s.impdef_valid = true;
	q = sp1_req(mt_sent(&F, s), P_RW);
	assert_rc(retr(&q), 0); /* a v1.1 request (16-byte EMAD): not compared */
	cr_assert_eq(G.impdef[0], 0x5A);
	q.impdef_valid = true;
	assert_rc(retr(&q), INVAL);
	sp1_emad.impdef[0] = 0x5A;
	assert_rc(retr(&q), 0);
}

/* --- retrieve flags (6.2) ------------------------------------------------ */

Test(memtab_retrieve, alignment_hint_invalid)
{
	uint64_t h = share1();
	struct ffa_sim_mem_retrieve q = sp1_req(h, P_RW);

	q.flags = FFA_MEM_RETRIEVE_FLAG_ALIGN_VALID | (1u << FFA_MEM_RETRIEVE_FLAG_ALIGN_SHIFT);
	assert_rc(retr(&q), INVAL);
	q.flags = 1u << FFA_MEM_RETRIEVE_FLAG_ALIGN_SHIFT; /* hint without valid bit */
	assert_rc(retr(&q), INVAL);
}

Test(memtab_retrieve, reserved_flag_bits_invalid)
{
	uint64_t h = share1();
	struct ffa_sim_mem_retrieve q = sp1_req(h, P_RW);

	for (unsigned int b = 11; b < 32; b++) {
		q.flags = 1u << b;
		assert_rc(retr(&q), INVAL);
	}
	q.flags = FFA_MEM_RETRIEVE_FLAG_TIME_SLICE; /* allowed, never used */
	assert_rc(retr(&q), 0);
}

Test(memtab_retrieve, zero_flags_with_share_invalid)
{
	uint64_t h = share1();
	struct ffa_sim_mem_retrieve q = sp1_req(h, P_RW);

	q.flags = FFA_MEM_RETRIEVE_FLAG_ZERO;
	assert_rc(retr(&q), INVAL);
	q.flags = FFA_MEM_RETRIEVE_FLAG_ZERO_AFTER_RELINQUISH;
	assert_rc(retr(&q), INVAL);
}

Test(memtab_retrieve, zero_not_authorised_by_sender_denied)
{
	uint64_t h = lend1(0);
	struct ffa_sim_mem_retrieve q = sp1_req(h, P_RW_NX);

	q.flags = FFA_MEM_RETRIEVE_FLAG_ZERO;
	assert_rc(retr(&q), DENIED);
	q.flags = FFA_MEM_RETRIEVE_FLAG_ZERO_AFTER_RELINQUISH; /* needs no authorisation */
	assert_rc(retr(&q), 0);
}

Test(memtab_retrieve, zero_with_read_only_result_denied)
{
	struct ffa_sim_mem_retrieve q = sp1_req(send1(LEND, P_RO, FFA_MEM_FLAG_ZERO), P_NS_NX);

	q.flags = FFA_MEM_RETRIEVE_FLAG_ZERO;
	assert_rc(retr(&q), DENIED);
	q.flags = FFA_MEM_RETRIEVE_FLAG_ZERO_AFTER_RELINQUISH;
	assert_rc(retr(&q), DENIED);
}

Test(memtab_retrieve, zero_flag_reported_to_the_core)
{
	uint64_t h = lend1(FFA_MEM_FLAG_ZERO);
	struct ffa_sim_mem_retrieve q = sp1_req(h, P_RW_NX);

	assert_rc(retr(&q), 0);
	cr_assert(!G.zero); /* zeroed at send time; not asked again */
	cr_assert(G.flags & FFA_MEM_RETRIEVE_FLAG_ZERO);
	q.flags = FFA_MEM_RETRIEVE_FLAG_ZERO;
	assert_rc(retr(&q), 0);
	cr_assert(G.zero);
}

/* --- attributes (4) --------------------------------------------------------- */

Test(memtab_retrieve, ns_bit_in_request_invalid)
{
	uint64_t h = share1();
	struct ffa_sim_mem_retrieve q = sp1_req(h, P_RW);

	q.attributes = FFA_MEM_ATTR_NORMAL_WB_INNER | FFA_MEM_ATTR_NS;
	assert_rc(retr(&q), INVAL);
}

Test(memtab_retrieve, attributes_outside_policy_or_different_denied)
{
	uint64_t h = share1(), l;
	struct ffa_mem_receiver el = RCV(SP2, P_RW_NX), r2 = RCV(SP2, P_RW);
	const struct ffa_mem_range other[] = {{VM1_MEM + 8 * PG, 1}};
	struct ffa_sim_mem_retrieve q = sp1_req(h, P_RW);

	q.attributes = 0x0027; /* normal non-cacheable */
	assert_rc(retr(&q), DENIED);
	q.attributes = 0x0013; /* device, but the sender said normal WB */
	assert_rc(retr(&q), DENIED);
	q.attributes = FFA_MEM_ATTR_NORMAL_WB_INNER;
	assert_rc(retr(&q), 0);
	cr_assert_eq(G.attributes, FFA_MEM_ATTR_NORMAL_WB_INNER);
	cr_assert(G.ns);
	/* single-borrower lend: the receiver may choose */
	l = mt_send_ok(&F, LEND, VM1, &r2, 1, other, 1);
	q = mt_rreq(SP2, l, VM1, &el, 1);
	q.attributes = 0x0013;
	assert_rc(retr(&q), 0);
	cr_assert_eq(G.attributes, 0x0013);
}

Test(memtab_retrieve, device_memory_retrieved_as_normal_denied)
{
	static const struct ffa_mem_range dev[] = {{VM1_DEV, 1}};
	struct ffa_sim_mem_retrieve q = sp1_req(mt_sent(&F, mt_to_sp1(LEND, P_RW, dev, 1)), P_RW_NX);

	q.attributes = FFA_MEM_ATTR_NORMAL_WB_INNER;
	assert_rc(retr(&q), DENIED);
	q.attributes = 0;
	assert_rc(retr(&q), 0);
	cr_assert_eq(G.attributes, 0x0013); /* device nGnRnE inner by default */
}

/* --- permissions (5) -------------------------------------------------------- */

Test(memtab_retrieve, more_access_than_granted_denied)
{
	uint64_t h = lend2(); /* SP2 got RO */
	struct ffa_mem_receiver e[] = {RCV(SP1, P_RW), RCV(SP2, P_RW)};
	struct ffa_sim_mem_retrieve q = mt_rreq(SP2, h, VM1, e, 2);

	assert_rc(retr(&q), DENIED);
	e[1].perm = P_RO;
	assert_rc(retr(&q), 0);
	/* another borrower's EMAD is checked too */
	e[0].perm = PERM(3, 0);
	assert_rc(retr(&q), INVAL);
}

Test(memtab_retrieve, share_instruction_access_specified_invalid)
{
	uint64_t h = share1();

	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW_NX, NULL), INVAL);
	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW_X, NULL), INVAL);
	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW, &G), 0);
	cr_assert_eq(G.perm, P_RW_NX); /* shared memory is never executable */
}

Test(memtab_retrieve, single_lend_instruction_access_not_specified_invalid)
{
	uint64_t h = lend1(0);

	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW, NULL), INVAL);
	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW_NX, NULL), 0);
}

Test(memtab_retrieve, multi_lend_instruction_access_specified_invalid)
{
	uint64_t h = lend2();
	struct ffa_mem_receiver e[] = {RCV(SP1, P_RW_NX), RCV(SP2, P_RO)};
	struct ffa_sim_mem_retrieve q = mt_rreq(SP1, h, VM1, e, 2);

	assert_rc(retr(&q), INVAL);
	e[0].perm = P_RW;
	assert_rc(retr(&q), 0);
	cr_assert_eq(G.perm, P_RW_NX);
}

Test(memtab_retrieve, donate_instruction_access_not_specified_invalid)
{
	uint64_t h = donate1(0);

	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_NS, NULL), INVAL);
	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RO_NX, &G), 0);
	cr_assert_eq(G.perm, P_RO_NX);
}

Test(memtab_retrieve, execute_on_never_executable_memory_denied)
{
	static const struct ffa_mem_range xn[] = {{SP1_XN, 1}};
	struct ffa_mem_receiver r = RCV(SP2, P_RW);
	uint64_t h = mt_send_ok(&F, LEND, SP1, &r, 1, xn, 1);

	assert_rc(mt_retrieve1(&F, SP2, h, SP1, P_RW_X, NULL), DENIED);
	assert_rc(mt_retrieve1(&F, SP2, h, SP1, P_RW_NX, NULL), 0);
}

Test(memtab_retrieve, execute_on_non_secure_memory_for_an_sp_invalid)
{
	uint64_t h = lend1(0);
	struct ffa_mem_receiver r = RCV(VM2, P_RW);
	const struct ffa_mem_range other[] = {{VM1_MEM + 8 * PG, 1}};
	uint64_t v = mt_send_ok(&F, LEND, VM1, &r, 1, other, 1);

	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW_X, NULL), INVAL);
	/* a VM may execute NS memory it borrowed */
	assert_rc(mt_retrieve1(&F, VM2, v, VM1, P_RW_X, &G), 0);
	cr_assert_eq(G.perm, P_RW_X);
}

Test(memtab_retrieve, ns_exec_switch_allows_it)
{
	struct ffa_sim_memtab_config c = {.quirks = FFA_SIM_MEMTAB_Q_NS_EXEC};
	uint64_t h;

	mt_setup(&F, &c);
	h = lend1(0);
	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW_X, &G), 0);
	cr_assert_eq(G.perm, P_RW_X);
}

Test(memtab_retrieve, granted_permission_is_the_weaker_side)
{
	uint64_t h = lend1(0);
	struct ffa_mem_receiver r = RCV(SP2, P_RO);
	const struct ffa_mem_range other[] = {{VM1_MEM + 8 * PG, 1}};
	uint64_t ro = mt_send_ok(&F, LEND, VM1, &r, 1, other, 1);

	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_NS_NX, &G), 0);
	cr_assert_eq(G.perm, P_RW_NX); /* RW granted, nothing asked */
	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RO_NX, &G), 0);
	cr_assert_eq(G.perm, P_RO_NX); /* RO asked */
	assert_rc(mt_retrieve1(&F, SP2, ro, VM1, P_NS_NX, &G), 0);
	cr_assert_eq(G.perm, P_RO_NX); /* RO granted */
}

Test(memtab_retrieve, bypass_multi_borrower_flag_rules)
{
	const struct ffa_mem_range other[] = {{VM1_MEM + 8 * PG, 1}};
	struct ffa_mem_receiver me = RCV(SP1, P_RW), me2 = RCV(SP2, P_RO);
	uint64_t two = lend2(), one = mt_send_ok(&F, SHARE, VM1, &me, 1, other, 1);
	struct ffa_mem_receiver both[] = {RCV(SP1, P_RW), RCV(SP2, P_RO)};
	struct ffa_sim_mem_retrieve q;

	q = mt_rreq(SP1, one, VM1, &me, 1);
	q.flags = FFA_MEM_RETRIEVE_FLAG_BYPASS_MULTI;
	assert_rc(retr(&q), INVAL); /* a single-borrower transaction */
	q = mt_rreq(SP1, two, VM1, both, 2);
	q.flags = FFA_MEM_RETRIEVE_FLAG_BYPASS_MULTI;
	assert_rc(retr(&q), INVAL); /* more than one EMAD */
	q = mt_rreq(SP2, two, VM1, &me2, 1);
	q.flags = FFA_MEM_RETRIEVE_FLAG_BYPASS_MULTI;
	assert_rc(retr(&q), 0);
	cr_assert_eq(G.perm, P_RO_NX);
}

/* --- retrieve counts ------------------------------------------------------------ */

Test(memtab_retrieve, retrievals_are_counted_up_to_a_limit)
{
	uint64_t h = share1();
	struct ffa_sim_mem_rcv_info ri;

	for (uint32_t i = 0; i < FFA_SIM_MEMTAB_MAX_RETRIEVALS; i++)
		cr_assert_eq(ffa_sim_memtab_retrieve(&F.t,
						     &(struct ffa_sim_mem_retrieve){
							     .caller = SP1,
							     .handle = h,
							     .sender = VM1,
							     .receiver_count = 1,
							     .receivers = &RCV(SP1, P_RW)},
						     &G),
			     0);
	mt_check(&F);
	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW, NULL), NOMEM);
	cr_assert_eq(ffa_sim_memtab_receiver(&F.t, h, 0, &ri), 0);
	cr_assert_eq(ri.retrievals, FFA_SIM_MEMTAB_MAX_RETRIEVALS);
}

/* --- relinquish (6.4, 9.3) ---------------------------------------------------------- */

Test(memtab_retrieve, relinquish_endpoint_list_rules_invalid)
{
	uint64_t h = share1();
	uint16_t two[] = {SP1, SP2}, other = SP2;

	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW, NULL), 0);
	assert_rc(t_relinquish_ids(&F, SP1, h, 0, two, 2, NULL), INVAL);
	assert_rc(t_relinquish_ids(&F, SP1, h, 0, two, 0, NULL), INVAL);
	assert_rc(t_relinquish_ids(&F, SP1, h, 0, &other, 1, NULL), INVAL);
	assert_rc(t_relinquish(&F, SP1, h, 0, NULL), 0);
}

Test(memtab_retrieve, relinquish_unknown_handle_or_not_retrieved_invalid)
{
	uint64_t h = lend2();

	assert_rc(t_relinquish(&F, SP1, h ^ 4, 0, NULL), INVAL);
	assert_rc(t_relinquish(&F, SP1, h, 0, NULL), INVAL); /* never retrieved */
	assert_rc(t_relinquish(&F, VM2, h, 0, NULL), INVAL); /* not a borrower */
	assert_rc(t_relinquish(&F, VM1, h, 0, NULL), INVAL); /* the owner */
}

Test(memtab_retrieve, relinquish_reserved_flags_invalid)
{
	uint64_t h = lend1(0);

	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW_NX, NULL), 0);
	assert_rc(t_relinquish(&F, SP1, h, 1u << 2, NULL), INVAL);
	assert_rc(t_relinquish(&F, SP1, h, 1u << 31, NULL), INVAL);
	assert_rc(t_relinquish(&F, SP1, h, FFA_MEM_RELINQUISH_FLAG_TIME_SLICE, NULL), 0);
}

Test(memtab_retrieve, relinquish_zero_flag_with_share_invalid)
{
	uint64_t h = share1();

	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW, NULL), 0);
	assert_rc(t_relinquish(&F, SP1, h, FFA_MEM_RELINQUISH_FLAG_ZERO, NULL), INVAL);
}

Test(memtab_retrieve, relinquish_zero_flag_with_read_only_denied)
{
	uint64_t h = lend1(0);
	bool z = true;

	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RO_NX, NULL), 0);
	assert_rc(t_relinquish(&F, SP1, h, FFA_MEM_RELINQUISH_FLAG_ZERO, NULL), DENIED);
	assert_rc(t_relinquish(&F, SP1, h, 0, &z), 0);
	cr_assert(!z);
}

Test(memtab_retrieve, relinquish_once_per_retrieval)
{
	uint64_t h = share1();

	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW, NULL), 0);
	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RO, NULL), 0);
	assert_rc(t_relinquish(&F, SP1, h, 0, NULL), 0);
	assert_rc(t_reclaim(&F, VM1, h, 0, NULL), DENIED); /* one retrieval left */
	cr_assert_eq(mt_access(&F, SP1, VM1_MEM), P_RW_NX); /* the stronger grant stays */
	assert_rc(t_relinquish(&F, SP1, h, 0, NULL), 0);
	assert_rc(t_relinquish(&F, SP1, h, 0, NULL), INVAL);
	assert_rc(t_reclaim(&F, VM1, h, 0, NULL), 0);
}

Test(memtab_retrieve, relinquish_all_switch_ends_every_retrieval)
{
	struct ffa_sim_memtab_config c = {.quirks = FFA_SIM_MEMTAB_Q_RELINQUISH_ALL};
	uint64_t h;

	mt_setup(&F, &c);
	h = share1();
	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW, NULL), 0);
	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW, NULL), 0);
	assert_rc(t_relinquish(&F, SP1, h, 0, NULL), 0);
	assert_rc(t_reclaim(&F, VM1, h, 0, NULL), 0);
}

Test(memtab_retrieve, relinquish_zero_only_when_no_borrower_still_holds)
{
	struct ffa_mem_receiver r[] = {RCV(SP1, P_RW), RCV(SP2, P_RW)};
	uint64_t h = mt_send_ok(&F, LEND, VM1, r, 2, pages2, 1);
	struct ffa_mem_receiver e[] = {RCV(SP1, P_RW), RCV(SP2, P_RW)};
	struct ffa_sim_mem_retrieve q = mt_rreq(SP1, h, VM1, e, 2);
	bool z = true;

	q.flags = FFA_MEM_RETRIEVE_FLAG_ZERO_AFTER_RELINQUISH;
	assert_rc(retr(&q), 0);
	q.caller = SP2;
	q.flags = 0;
	assert_rc(retr(&q), 0);
	assert_rc(t_relinquish(&F, SP1, h, FFA_MEM_RELINQUISH_FLAG_ZERO, &z), 0);
	cr_assert(!z, "SP2 still sees the memory");
	assert_rc(t_relinquish(&F, SP2, h, FFA_MEM_RELINQUISH_FLAG_ZERO, &z), 0);
	cr_assert(z);
}

Test(memtab_retrieve, zero_after_relinquish_requested_at_retrieve)
{
	uint64_t h = lend1(0);
	struct ffa_sim_mem_retrieve q = sp1_req(h, P_RW_NX);
	bool z = false;

	q.flags = FFA_MEM_RETRIEVE_FLAG_ZERO_AFTER_RELINQUISH;
	assert_rc(retr(&q), 0);
	assert_rc(t_relinquish(&F, SP1, h, 0, &z), 0);
	cr_assert(z);
}

/* --- reclaim (6.5, 9.3) ----------------------------------------------------------- */

Test(memtab_retrieve, reclaim_unknown_handle_invalid)
{
	uint64_t h = share1();

	assert_rc(t_reclaim(&F, VM1, h + 1, 0, NULL), INVAL);
	assert_rc(t_reclaim(&F, VM1, h, 0, NULL), 0);
	assert_rc(t_reclaim(&F, VM1, h, 0, NULL), INVAL); /* reclaimed twice */
}

Test(memtab_retrieve, reclaim_by_non_owner_invalid)
{
	uint64_t h = share1();

	assert_rc(t_reclaim(&F, SP1, h, 0, NULL), INVAL);
	assert_rc(t_reclaim(&F, VM2, h, 0, NULL), INVAL);
}

Test(memtab_retrieve, reclaim_while_a_borrower_holds_denied)
{
	uint64_t h = lend2();
	struct ffa_mem_receiver e[] = {RCV(SP1, P_RW), RCV(SP2, P_RO)};
	struct ffa_sim_mem_retrieve q = mt_rreq(SP2, h, VM1, e, 2);

	assert_rc(retr(&q), 0);
	assert_rc(t_reclaim(&F, VM1, h, 0, NULL), DENIED);
	assert_rc(t_relinquish(&F, SP2, h, 0, NULL), 0);
	assert_rc(t_reclaim(&F, VM1, h, 0, NULL), 0);
}

Test(memtab_retrieve, reclaim_reserved_flags_invalid)
{
	uint64_t h = lend1(0);

	assert_rc(t_reclaim(&F, VM1, h, 1u << 2, NULL), INVAL);
	assert_rc(t_reclaim(&F, VM1, h, 0x80000000u, NULL), INVAL);
}

Test(memtab_retrieve, reclaim_zero_flag_reported)
{
	uint64_t h = lend1(0);
	bool z = false;

	assert_rc(t_reclaim(&F, VM1, h, FFA_MEM_RECLAIM_FLAG_ZERO, &z), 0);
	cr_assert(z);
}

Test(memtab_retrieve, reclaim_zero_of_read_only_memory_denied)
{
	static const struct ffa_mem_range ro[] = {{VM1_RO, 1}};
	struct ffa_mem_receiver r = RCV(SP1, P_RO);
	uint64_t h = mt_send_ok(&F, LEND, VM1, &r, 1, ro, 1);

	assert_rc(t_reclaim(&F, VM1, h, FFA_MEM_RECLAIM_FLAG_ZERO, NULL), DENIED);
	assert_rc(t_reclaim(&F, VM1, h, 0, NULL), 0);
}

Test(memtab_retrieve, donate_can_be_reclaimed_before_retrieval)
{
	uint64_t h = donate1(0);

	cr_assert_eq(mt_access(&F, VM1, VM1_MEM), -1);
	assert_rc(t_reclaim(&F, VM1, h, 0, NULL), 0);
	cr_assert_eq(mt_access(&F, VM1, VM1_MEM), P_RW_X);
}

/* --- donate (10) ----------------------------------------------------------------- */

Test(memtab_retrieve, donate_retrieve_moves_ownership)
{
	uint64_t h = donate1(FFA_MEM_FLAG_ZERO);
	struct ffa_sim_mem_info info;
	struct ffa_mem_range out[2];
	struct ffa_mem_receiver on = RCV(SP2, P_RW);
	struct ffa_sim_mem_access a;

	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW_NX, &G), 0);
	cr_assert(G.donated);
	cr_assert_eq(G.perm, P_RW_NX);
	/* SP1 is the owner; VM1 has nothing; the handle is only readable */
	cr_assert_eq(ffa_sim_memtab_access(&F.t, SP1, VM1_MEM, 2 * PG, &a), 0);
	cr_assert(a.owner && a.exclusive);
	cr_assert_eq(a.rflags, FFA_SIM_MEMTAB_REGION_NS); /* still NS memory */
	cr_assert_eq(mt_access(&F, VM1, VM1_MEM + PG), -1);
	cr_assert_eq(ffa_sim_memtab_lookup(&F.t, h, &info), 0);
	cr_assert_eq(info.state, FFA_SIM_MEM_DONATED);
	cr_assert_eq(ffa_sim_memtab_ranges(&F.t, h, 0, out, 2), 1);
	cr_assert_eq(out[0].addr, VM1_MEM);
	assert_rc(t_reclaim(&F, VM1, h, 0, NULL), INVAL);
	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW_NX, NULL), INVAL);
	assert_rc(t_relinquish(&F, SP1, h, 0, NULL), INVAL);
	assert_rc(t_retrieve_end(&F, SP2, h), INVAL);
	assert_rc(t_retrieve_end(&F, SP1, h), 0);
	assert_rc(ffa_sim_memtab_lookup(&F.t, h, &info), INVAL);
	/* the new owner can pass it on; the old one cannot */
	cr_assert_neq(mt_send_ok(&F, SHARE, SP1, &on, 1, pages2, 1), 0);
	on = RCV(SP2, P_RW);
	{
		struct ffa_sim_mem_send s = mt_req(SHARE, VM1, &on, 1, pages2, 1);
		uint64_t x;

		assert_rc(t_send(&F, &s, &x), DENIED);
	}
}

Test(memtab_retrieve, donated_pages_split_and_merge_runs)
{
	const struct ffa_mem_range mid[] = {{VM1_MEM + 10 * PG, 3}};
	struct ffa_mem_receiver r = RCV(VM2, P_NS), back = RCV(VM1, P_NS);
	struct ffa_sim_mem_region reg;
	uint64_t h, pa;
	int n = 0;

	h = mt_send_ok(&F, DONATE, VM1, &r, 1, mid, 1);
	assert_rc(mt_retrieve1(&F, VM2, h, VM1, P_RW_X, NULL), 0);
	assert_rc(t_retrieve_end(&F, VM2, h), 0);
	for (pa = VM1_MEM; ffa_sim_memtab_region_next(&F.t, &pa, &reg) == 1 && reg.pa < VM1_XN;)
		n++;
	cr_assert_eq(n, 3, "VM1 | VM2 | VM1"); /* split into three runs */
	/* donating them back merges the runs again */
	h = mt_send_ok(&F, DONATE, VM2, &back, 1, mid, 1);
	assert_rc(mt_retrieve1(&F, VM1, h, VM2, P_RW_X, NULL), 0);
	assert_rc(t_retrieve_end(&F, VM1, h), 0);
	pa = VM1_MEM;
	cr_assert_eq(ffa_sim_memtab_region_next(&F.t, &pa, &reg), 1);
	cr_assert_eq(reg.pages, 64);
	cr_assert_eq(reg.owner, VM1);
}

/* --- the state machine of section 10, through the access query -------------------- */

Test(memtab_retrieve, share_state_transitions)
{
	uint64_t h = share1();
	struct ffa_sim_mem_access a;

	cr_assert_eq(ffa_sim_memtab_access(&F.t, VM1, VM1_MEM, 2 * PG, &a), 0); /* O-SA */
	cr_assert(a.owner && !a.exclusive);
	cr_assert_eq(mt_access(&F, SP1, VM1_MEM), -1); /* NO-NA until retrieve */
	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW, NULL), 0);
	cr_assert_eq(ffa_sim_memtab_access(&F.t, SP1, VM1_MEM, 2 * PG, &a), 0); /* NO-SA */
	cr_assert(!a.owner && !a.exclusive);
	cr_assert_eq(a.perm, P_RW_NX);
	cr_assert_eq(ffa_sim_memtab_access(&F.t, SP1, VM1_MEM, 3 * PG, &a), DENIED);
	assert_rc(t_relinquish(&F, SP1, h, 0, NULL), 0);
	cr_assert_eq(mt_access(&F, SP1, VM1_MEM), -1); /* NO-NA */
	assert_rc(t_reclaim(&F, VM1, h, 0, NULL), 0);
	cr_assert_eq(ffa_sim_memtab_access(&F.t, VM1, VM1_MEM, 2 * PG, &a), 0); /* O-EA */
	cr_assert(a.owner && a.exclusive);
}

Test(memtab_retrieve, single_lend_state_transitions)
{
	uint64_t h = lend1(0);
	struct ffa_sim_mem_access a;

	cr_assert_eq(mt_access(&F, VM1, VM1_MEM), -1); /* O-NA */
	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW_NX, NULL), 0);
	cr_assert_eq(ffa_sim_memtab_access(&F.t, SP1, VM1_MEM + PG, 1, &a), 0); /* NO-EA */
	cr_assert(!a.owner && a.exclusive);
	assert_rc(t_relinquish(&F, SP1, h, 0, NULL), 0);
	assert_rc(t_reclaim(&F, VM1, h, 0, NULL), 0);
	cr_assert_eq(mt_access(&F, VM1, VM1_MEM), P_RW_X);
}

Test(memtab_retrieve, multi_lend_state_transitions)
{
	uint64_t h = lend2();
	struct ffa_mem_receiver e[] = {RCV(SP1, P_RW), RCV(SP2, P_RO)};
	struct ffa_sim_mem_retrieve q = mt_rreq(SP2, h, VM1, e, 2);
	struct ffa_sim_mem_access a;

	cr_assert_eq(mt_access(&F, VM1, VM1_MEM), -1); /* O-NA */
	assert_rc(retr(&q), 0);
	cr_assert_eq(ffa_sim_memtab_access(&F.t, SP2, VM1_MEM, PG, &a), 0); /* NO-SA */
	cr_assert(!a.exclusive);
	cr_assert_eq(a.perm, P_RO_NX);
	cr_assert_eq(mt_access(&F, SP1, VM1_MEM), -1);
}

Test(memtab_retrieve, donate_state_transitions)
{
	uint64_t h = donate1(0);

	cr_assert_eq(mt_access(&F, VM1, VM1_MEM), -1); /* NO-NA at once */
	cr_assert_eq(mt_access(&F, SP1, VM1_MEM), -1);
	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_NS_NX, NULL), 0);
	cr_assert_eq(mt_access(&F, SP1, VM1_MEM), P_RW_X); /* O-EA: it owns it now */
}

Test(memtab_retrieve, access_query_arguments)
{
	struct ffa_sim_mem_access a;

	cr_assert_eq(ffa_sim_memtab_access(&F.t, VM1, VM1_MEM, 0, &a), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_sim_memtab_access(&F.t, VM1, UINT64_MAX, 2, &a), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_sim_memtab_access(&F.t, VM1, NOBODY, 1, &a), DENIED);
	/* byte ranges round out to pages; a range over two regions of the
	 * same owner gives the weakest permission */
	cr_assert_eq(ffa_sim_memtab_access(&F.t, VM1, VM1_MEM + 63 * PG + 5, PG, &a), 0);
	cr_assert_eq(a.perm, P_RW_NX);
	cr_assert_eq(a.rflags, FFA_SIM_MEMTAB_REGION_NS | FFA_SIM_MEMTAB_REGION_XN);
	cr_assert_eq(mt_access(&F, VM1, VM1_RO), P_RO_X);
}

/* --- endpoint clean-up ------------------------------------------------------------- */

Test(memtab_retrieve, gone_owner_without_holders_frees_its_transactions)
{
	uint64_t h = share1();
	struct ffa_sim_memtab_usage u;

	assert_rc(t_gone(&F, VM1), 1);
	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW, NULL), INVAL);
	ffa_sim_memtab_usage(&F.t, &u);
	cr_assert_eq(u.txns, 0);
	/* its memory stays claimed until the core unclaims it */
	assert_rc(t_unclaim(&F, VM1, VM1_MEM, 64), 0);
}

Test(memtab_retrieve, gone_owner_with_holders_leaves_borrowers_their_access)
{
	uint64_t h = lend2();
	struct ffa_mem_receiver e[] = {RCV(SP1, P_RW), RCV(SP2, P_RO)};
	struct ffa_sim_mem_retrieve q = mt_rreq(SP1, h, VM1, e, 2);
	struct ffa_sim_mem_info info;

	assert_rc(retr(&q), 0);
	assert_rc(t_gone(&F, VM1), 0);
	cr_assert_eq(ffa_sim_memtab_lookup(&F.t, h, &info), 0);
	cr_assert(info.owner_gone);
	cr_assert_eq(mt_access(&F, SP1, VM1_MEM), P_RW_NX);
	q.caller = SP2;
	assert_rc(retr(&q), INVAL); /* no new retrievals */
	assert_rc(t_reclaim(&F, VM1, h, 0, NULL), INVAL);
	assert_rc(t_relinquish(&F, SP1, h, 0, NULL), 0); /* the last one frees it */
	assert_rc(ffa_sim_memtab_lookup(&F.t, h, &info), INVAL);
}

Test(memtab_retrieve, gone_borrower_releases_what_it_held)
{
	const struct ffa_mem_range other[] = {{VM1_MEM + 8 * PG, 1}};
	uint64_t h = lend1(0), s = mt_sent(&F, mt_to_sp1(SHARE, P_RW, other, 1));

	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW_NX, NULL), 0);
	assert_rc(mt_retrieve1(&F, SP1, s, VM1, P_RW, NULL), 0);
	assert_rc(mt_retrieve1(&F, SP1, s, VM1, P_RW, NULL), 0);
	assert_rc(t_reclaim(&F, VM1, h, 0, NULL), DENIED);
	assert_rc(t_gone(&F, SP1), 0);
	cr_assert_eq(mt_access(&F, SP1, VM1_MEM), -1);
	assert_rc(t_reclaim(&F, VM1, h, 0, NULL), 0);
	assert_rc(t_reclaim(&F, VM1, s, 0, NULL), 0);
}

Test(memtab_retrieve, gone_sender_drops_its_pending_sends)
{
	struct ffa_sim_mem_send s = mt_to_sp1(SHARE, P_RW, pages2, 1);
	struct ffa_sim_mem_info info;
	uint64_t h;

	s.range_count = 2;
	s.total_pages = 3;
	assert_rc(t_send(&F, &s, &h), FFA_SIM_MEMTAB_MORE);
	assert_rc(t_gone(&F, VM2), 0);
	assert_rc(t_gone(&F, VM1), 1);
	assert_rc(ffa_sim_memtab_lookup(&F.t, h, &info), INVAL);
}

Test(memtab_retrieve, gone_donee_ends_its_pending_donate_response)
{
	uint64_t h = donate1(0);
	struct ffa_sim_mem_info info;

	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_NS_NX, NULL), 0);
	assert_rc(t_gone(&F, SP1), 1);
	assert_rc(ffa_sim_memtab_lookup(&F.t, h, &info), INVAL);
	/* ownership had moved: SP1's, claimed, until unclaimed */
	assert_rc(t_unclaim(&F, SP1, VM1_MEM, 2), 0);
}

Test(memtab_retrieve, retrieve_end_of_share_checks_the_caller)
{
	uint64_t h = share1();

	assert_rc(t_retrieve_end(&F, SP1, h), INVAL);
	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW, NULL), 0);
	assert_rc(t_retrieve_end(&F, SP1, h), 0);
	assert_rc(t_retrieve_end(&F, SP1, h ^ 2), INVAL);
}
