/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * memtab rules for DONATE/LEND/SHARE (ffa-memory.md 2.10, 4, 5, 6.1, 10,
 * 10.1) and for owned memory, one test per rule, each asserting the exact
 * error and (through the t_* wrappers) that the invariant checker passes
 * after every call and a refused request changes nothing.
 */
#include "memtab_test.h"

static struct mt_fix F;

static void setup(void)
{
	mt_setup(&F, NULL);
}

TestSuite(memtab_send, .init = setup);

static const struct ffa_mem_range one_page[] = {{VM1_MEM, 1}};

/* mt_to_sp1() of one page of VM1's memory: the probe most rules spoil. */
static struct ffa_sim_mem_send probe(uint8_t type, uint8_t perm)
{
	return mt_to_sp1(type, perm, one_page, 1);
}

/* Send @s expecting @err; for every error the checker and "unchanged"
 * assertions run inside t_send(). A failure names the request. */
static void refused(struct ffa_sim_mem_send s, int err)
{
	uint64_t h = 0xDEAD;
	int rc = t_send(&F, &s, &h);

	cr_assert_eq(rc, err,
		     "type %u, first receiver 0x%04x perm 0x%02x, attributes 0x%04x, flags 0x%08x, "
		     "%u ranges: rc %d (%s), expected %d (%s)",
		     s.type, s.receiver_count ? s.receivers[0].id : 0u,
		     s.receiver_count ? s.receivers[0].perm : 0u, s.attributes, s.flags, s.nranges,
		     rc, ffa_strerror(rc), err, ffa_strerror(err));
	cr_assert_eq(h, 0xDEAD, "handle written on failure");
}

/* refused() once for every value of @field in the array @vals. */
#define REFUSED_EACH(s, field, vals, err)                                                  \
	for (size_t each_ = 0; each_ < ARRAY_LEN(vals); each_++) {                        \
		(field) = (vals)[each_];                                                   \
		refused((s), (err));                                                       \
	}

/* --- who may send ------------------------------------------------------ */

Test(memtab_send, caller_not_sender_denied)
{
	struct ffa_sim_mem_send s = probe(SHARE, P_RW);

	s.caller = VM2;
	refused(s, DENIED);
}

Test(memtab_send, no_receivers_invalid)
{
	refused(mt_req(LEND, VM1, NULL, 0, one_page, 1), INVAL);
}

Test(memtab_send, donate_more_than_one_receiver_invalid)
{
	struct ffa_mem_receiver r[] = {RCV(SP1, P_NS), RCV(SP2, P_NS)};

	refused(mt_req(DONATE, VM1, r, 2, one_page, 1), INVAL);
}

Test(memtab_send, receiver_is_sender_invalid)
{
	struct ffa_mem_receiver r[] = {RCV(SP1, P_RW), RCV(VM1, P_RW)};

	refused(mt_req(SHARE, VM1, r, 2, one_page, 1), INVAL);
}

Test(memtab_send, duplicate_receiver_invalid)
{
	struct ffa_mem_receiver r[] = {RCV(SP1, P_RW), RCV(SP2, P_RO), RCV(SP1, P_RO)};

	refused(mt_req(SHARE, VM1, r, 3, one_page, 1), INVAL);
}

static bool only_known(void *arg, uint16_t id)
{
	(void)arg;
	return id == VM1 || id == VM2 || id == SP1 || id == SP2;
}

Test(memtab_send, unknown_receiver_invalid)
{
	struct ffa_sim_memtab_config c = {.endpoint_valid = only_known};
	struct ffa_sim_mem_send s = probe(SHARE, P_RW);

	mt_setup(&F, &c);
	mt_sp1.id = SP3;
	refused(s, INVAL);
	mt_sp1.id = SP2;
	mt_sent(&F, s);
}

Test(memtab_send, sp_to_vm_not_allowed_denied)
{
	static const struct ffa_mem_range sp_page[] = {{SP1_MEM, 1}};
	struct ffa_mem_receiver r = RCV(VM1, P_RW);

	refused(mt_req(SHARE, SP1, &r, 1, sp_page, 1), DENIED);
	refused(mt_req(LEND, SP1, &r, 1, sp_page, 1), DENIED);
	r.perm = P_NS;
	refused(mt_req(DONATE, SP1, &r, 1, sp_page, 1), DENIED);
	/* SP -> SP is fine. */
	r = RCV(SP2, P_RW);
	mt_sent(&F, mt_req(LEND, SP1, &r, 1, sp_page, 1));
}

Test(memtab_send, spmc_mode_receiver_rules)
{
	struct ffa_sim_memtab_config c = {.alloc = FFA_SIM_MEMTAB_ALLOC_SPMC};
	static const struct ffa_mem_range p1[] = {{VM1_MEM, 1}}, p2[] = {{VM1_MEM + PG, 1}},
					  p3[] = {{VM1_MEM + 2 * PG, 1}};
	struct ffa_mem_receiver vm = RCV(VM2, P_RW);
	struct ffa_mem_receiver mixed[] = {RCV(SP1, P_RW), RCV(VM2, P_RW)};

	mt_setup(&F, &c);
	/* Hafnium's SPMC: LEND/DONATE only to SPs, SHARE VM->one VM refused. */
	refused(mt_req(LEND, VM1, &vm, 1, p1, 1), DENIED);
	refused(mt_req(SHARE, VM1, &vm, 1, p1, 1), DENIED);
	mt_sent(&F, mt_to_sp1(SHARE, P_RW, p1, 1));
	/* VM -> several borrowers of mixed worlds may share, not lend. */
	mt_sent(&F, mt_req(SHARE, VM1, mixed, 2, p2, 1));
	refused(mt_req(LEND, VM1, mixed, 2, p3, 1), DENIED);
}

/* --- permissions (5) ----------------------------------------------------- */

Test(memtab_send, reserved_permission_encoding_invalid)
{
	const uint8_t bad[] = {0x03, 0x0C | FFA_MEM_DATA_RW, 0x12, 0x80 | FFA_MEM_DATA_RW};
	struct ffa_sim_mem_send s = probe(SHARE, 0);

	REFUSED_EACH(s, mt_sp1.perm, bad, INVAL);
}

Test(memtab_send, instruction_access_specified_invalid)
{
	struct ffa_sim_mem_send s = probe(SHARE, P_RW_NX);

	refused(s, INVAL);
	s.type = LEND;
	s.attributes = 0;
	mt_sp1.perm = P_RW_X;
	refused(s, INVAL);
	s.type = DONATE;
	mt_sp1.perm = P_NS_NX;
	refused(s, INVAL);
}

Test(memtab_send, share_data_access_not_specified_invalid)
{
	refused(probe(SHARE, P_NS), INVAL);
}

Test(memtab_send, lend_data_access_not_specified_invalid)
{
	refused(probe(LEND, P_NS), INVAL);
}

Test(memtab_send, donate_data_access_specified_invalid)
{
	refused(probe(DONATE, P_RW), INVAL);
	refused(probe(DONATE, P_RO), INVAL);
}

Test(memtab_send, emad_flags_nonzero_invalid)
{
	struct ffa_sim_mem_send s = probe(SHARE, P_RW);

	mt_sp1.flags = FFA_MEM_EMAD_FLAG_NON_RETRIEVAL;
	refused(s, INVAL);
}

Test(memtab_send, rw_grant_on_read_only_memory_denied)
{
	static const struct ffa_mem_range ro[] = {{VM1_RO, 1}};

	refused(mt_to_sp1(LEND, P_RW, ro, 1), DENIED);
	/* granting what the sender holds is fine */
	mt_sent(&F, mt_to_sp1(LEND, P_RO, ro, 1));
}

/* --- flags (6.1) --------------------------------------------------------- */

Test(memtab_send, reserved_flag_bits_invalid)
{
	struct ffa_sim_mem_send s = probe(LEND, P_RW);

	for (unsigned int b = 2; b < 32; b++) {
		s.flags = 1u << b;
		refused(s, INVAL);
	}
}

Test(memtab_send, time_slice_flag_invalid_unless_switched_on)
{
	struct ffa_sim_memtab_config c = {.quirks = FFA_SIM_MEMTAB_Q_TIME_SLICE};
	struct ffa_sim_mem_send s = probe(LEND, P_RW);

	s.flags = FFA_MEM_FLAG_TIME_SLICE;
	refused(s, INVAL);
	mt_setup(&F, &c);
	mt_sent(&F, s);
}

Test(memtab_send, share_with_zero_flag_invalid)
{
	struct ffa_sim_mem_send s = probe(SHARE, P_RW);

	s.flags = FFA_MEM_FLAG_ZERO;
	refused(s, INVAL);
}

Test(memtab_send, zero_flag_without_write_access_denied)
{
	static const struct ffa_mem_range ro[] = {{VM1_RO, 2}};
	struct ffa_sim_mem_send s = mt_to_sp1(LEND, P_RO, ro, 1);

	s.flags = FFA_MEM_FLAG_ZERO;
	refused(s, DENIED);
	s.flags = 0;
	mt_sent(&F, s);
}

/* --- attributes (4) ------------------------------------------------------ */

Test(memtab_send, ns_bit_in_send_invalid)
{
	struct ffa_sim_mem_send s = probe(SHARE, P_RW);

	s.attributes |= FFA_MEM_ATTR_NS;
	refused(s, INVAL);
}

Test(memtab_send, reserved_attribute_encoding_invalid)
{
	/* type 3, shareability 1, normal with cacheability 0, bits 15:7 */
	const uint16_t bad[] = {0x0030, 0x0029 | 0x0004, 0x0021, 0x0080 | 0x002F, 0x8000 | 0x002F};
	struct ffa_sim_mem_send s = probe(SHARE, P_RW);

	REFUSED_EACH(s, s.attributes, bad, INVAL);
}

Test(memtab_send, donate_memory_type_specified_invalid)
{
	struct ffa_sim_mem_send s = probe(DONATE, P_NS);

	s.attributes = FFA_MEM_ATTR_NORMAL_WB_INNER;
	refused(s, INVAL);
}

Test(memtab_send, single_borrower_lend_memory_type_specified_invalid)
{
	struct ffa_sim_mem_send s = probe(LEND, P_RW);

	s.attributes = FFA_MEM_ATTR_NORMAL_WB_INNER;
	refused(s, INVAL);
}

Test(memtab_send, share_or_multi_lend_memory_type_not_specified_invalid)
{
	struct ffa_mem_receiver r[] = {RCV(SP1, P_RW), RCV(SP2, P_RW)};
	struct ffa_sim_mem_send s = mt_req(SHARE, VM1, r, 1, one_page, 1);

	s.attributes = 0;
	refused(s, INVAL);
	s = mt_req(LEND, VM1, r, 2, one_page, 1);
	s.attributes = 0;
	refused(s, INVAL);
}

Test(memtab_send, attributes_outside_mapping_policy_denied)
{
	/* normal non-cacheable; normal WB outer-shareable; device nGnRE. */
	const uint16_t bad[] = {0x0027, 0x002E, 0x0017};
	struct ffa_sim_mem_send s = probe(SHARE, P_RW);

	REFUSED_EACH(s, s.attributes, bad, DENIED);
}

Test(memtab_send, any_attributes_switch_accepts_them)
{
	struct ffa_sim_memtab_config c = {.quirks = FFA_SIM_MEMTAB_Q_ANY_ATTRIBUTES};
	struct ffa_sim_mem_send s = probe(SHARE, P_RW);
	struct ffa_sim_mem_info info;
	uint64_t h;

	mt_setup(&F, &c);
	s.attributes = 0x0027;
	h = mt_sent(&F, s);
	cr_assert_eq(ffa_sim_memtab_lookup(&F.t, h, &info), 0);
	cr_assert_eq(info.attributes, 0x0027);
}

Test(memtab_send, device_memory_rules_denied)
{
	static const struct ffa_mem_range dev[] = {{VM1_DEV, 1}};
	struct ffa_mem_receiver two[] = {RCV(SP1, P_RW), RCV(SP2, P_RW)};
	struct ffa_sim_mem_send s;

	/* Only a LEND to a single borrower; never described as normal. */
	s = mt_to_sp1(SHARE, P_RW, dev, 1);
	s.attributes = 0x0013; /* device nGnRnE inner */
	refused(s, DENIED);
	s = mt_req(LEND, VM1, two, 2, dev, 1);
	s.attributes = FFA_MEM_ATTR_NORMAL_WB_INNER;
	refused(s, DENIED);
	s.attributes = 0x0013;
	refused(s, DENIED);
	refused(mt_to_sp1(DONATE, P_NS, dev, 1), DENIED);
	mt_sent(&F, mt_to_sp1(LEND, P_RW, dev, 1));
}

/* --- ranges (2.10, 10) ----------------------------------------------------- */

Test(memtab_send, range_unaligned_invalid)
{
	const struct ffa_mem_range g[] = {{VM1_MEM + 0x800, 1}};

	refused(mt_to_sp1(SHARE, P_RW, g, 1), INVAL);
}

Test(memtab_send, range_of_zero_pages_invalid)
{
	const struct ffa_mem_range g[] = {{VM1_MEM, 1}, {VM1_MEM + 4 * PG, 0}};

	refused(mt_to_sp1(SHARE, P_RW, g, 2), INVAL);
}

Test(memtab_send, no_ranges_or_no_pages_invalid)
{
	struct ffa_sim_mem_send s = probe(SHARE, P_RW);

	s.range_count = 0;
	s.nranges = 0;
	refused(s, INVAL);
	s = probe(SHARE, P_RW);
	s.total_pages = 0;
	refused(s, INVAL);
	s = probe(SHARE, P_RW);
	s.range_count = 0; /* fewer declared than given */
	refused(s, INVAL);
}

Test(memtab_send, page_total_mismatch_invalid)
{
	const struct ffa_mem_range g[] = {{VM1_MEM, 2}, {VM1_MEM + 8 * PG, 3}};
	struct ffa_sim_mem_send s = mt_to_sp1(SHARE, P_RW, g, 2);

	s.total_pages = 4; /* exceeded */
	refused(s, INVAL);
	s.total_pages = 6; /* not reached */
	refused(s, INVAL);
	s.total_pages = 5;
	mt_sent(&F, s);
}

Test(memtab_send, overlapping_ranges_in_one_transaction_invalid)
{
	const struct ffa_mem_range same[] = {{VM1_MEM, 1}, {VM1_MEM, 1}};
	const struct ffa_mem_range inside[] = {{VM1_MEM, 4}, {VM1_MEM + 2 * PG, 1}};
	const struct ffa_mem_range tail[] = {{VM1_MEM + 3 * PG, 4}, {VM1_MEM, 4}};
	const struct ffa_mem_range touching[] = {{VM1_MEM, 3}, {VM1_MEM + 3 * PG, 2}};

	refused(mt_to_sp1(SHARE, P_RW, same, 2), INVAL);
	refused(mt_to_sp1(SHARE, P_RW, inside, 2), INVAL);
	refused(mt_to_sp1(SHARE, P_RW, tail, 2), INVAL);
	/* adjacent is not overlapping */
	mt_sent(&F, mt_to_sp1(SHARE, P_RW, touching, 2));
}

Test(memtab_send, range_in_a_live_transaction_denied)
{
	const struct ffa_mem_range first[] = {{VM1_MEM + 4 * PG, 4}};
	const struct ffa_mem_range over[] = {{VM1_MEM + 7 * PG, 2}};
	const struct ffa_mem_range apart[] = {{VM1_MEM, 1}, {VM1_MEM + 6 * PG, 1}};
	struct ffa_mem_receiver r2 = RCV(SP2, P_RW);

	mt_sent(&F, mt_to_sp1(SHARE, P_RW, first, 1));
	/* overlapping share, lend, donate: the pages are not exclusive */
	refused(mt_req(SHARE, VM1, &r2, 1, over, 1), DENIED);
	refused(mt_req(LEND, VM1, &r2, 1, apart, 2), DENIED);
	r2.perm = P_NS;
	refused(mt_req(DONATE, VM1, &r2, 1, over, 1), DENIED);
}

Test(memtab_send, overlap_invalid_parameters_switch)
{
	struct ffa_sim_memtab_config c = {.quirks = FFA_SIM_MEMTAB_Q_OVERLAP_INVALID};
	struct ffa_sim_mem_send s = probe(SHARE, P_RW);

	/* TF-A's EL3 SPMC (real-spmc-behaviour.md): INVALID_PARAMETERS. */
	mt_setup(&F, &c);
	mt_sent(&F, s);
	refused(s, INVAL);
}

Test(memtab_send, pages_not_owned_by_sender_denied)
{
	const struct ffa_mem_range theirs[] = {{VM2_MEM, 1}};
	const struct ffa_mem_range nobody[] = {{NOBODY, 1}};
	const struct ffa_mem_range past[] = {{VM1_RO + 7 * PG, 2}}; /* runs past the region */

	refused(mt_to_sp1(SHARE, P_RW, theirs, 1), DENIED);
	refused(mt_to_sp1(SHARE, P_RW, nobody, 1), DENIED);
	refused(mt_to_sp1(LEND, P_RO, past, 1), DENIED);
}

Test(memtab_send, pages_in_mixed_states_denied)
{
	/* VM1_MEM (NS) and VM1_XN (NS|XN) are adjacent, both VM1's. */
	const struct ffa_mem_range across[] = {{VM1_MEM + 63 * PG, 2}};
	const struct ffa_mem_range two[] = {{VM1_MEM, 1}, {VM1_XN, 1}};

	refused(mt_to_sp1(SHARE, P_RW, across, 1), DENIED);
	refused(mt_to_sp1(SHARE, P_RW, two, 2), DENIED);
}

Test(memtab_send, borrower_cannot_send_borrowed_memory_denied)
{
	struct ffa_mem_receiver onward = RCV(SP2, P_RW);
	uint64_t h = mt_sent(&F, probe(LEND, P_RW));

	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW_NX, NULL), 0);
	refused(mt_req(SHARE, SP1, &onward, 1, one_page, 1), DENIED);
}

Test(memtab_send, lent_or_donated_pages_cannot_be_sent_again_denied)
{
	const struct ffa_mem_range a[] = {{VM1_MEM, 2}}, b[] = {{VM1_MEM + 4 * PG, 2}};
	struct ffa_mem_receiver o = RCV(SP2, P_RW);

	mt_sent(&F, mt_to_sp1(LEND, P_RW, a, 1));
	mt_sent(&F, mt_to_sp1(DONATE, P_NS, b, 1));
	refused(mt_req(SHARE, VM1, &o, 1, a, 1), DENIED);
	refused(mt_req(SHARE, VM1, &o, 1, b, 1), DENIED);
}

Test(memtab_send, valid_send_is_live_with_the_sent_fields)
{
	const struct ffa_mem_range g[] = {{VM1_MEM + 8 * PG, 2}, {VM1_MEM, 1}};
	struct ffa_mem_receiver r[] = {RCV(SP1, P_RW), RCV(VM2, P_RO)};
	struct ffa_sim_mem_send s = mt_req(LEND, VM1, r, 2, g, 2);
	struct ffa_sim_mem_info info;
	struct ffa_sim_mem_rcv_info ri;
	struct ffa_mem_range out[4];
	uint64_t h;

	s.tag = 0x1234567890ABCDEFull;
	s.flags = FFA_MEM_FLAG_ZERO;
	r[1].impdef[3] = 0x77;
	h = mt_sent(&F, s);
	cr_assert_eq(ffa_sim_memtab_lookup(&F.t, h, &info), 0);
	cr_assert_eq(info.state, FFA_SIM_MEM_LIVE);
	cr_assert_eq(info.owner, VM1);
	cr_assert_eq(info.type, LEND);
	cr_assert_eq(info.tag, 0x1234567890ABCDEFull);
	cr_assert_eq(info.flags, FFA_MEM_FLAG_ZERO);
	cr_assert_eq(info.receiver_count, 2);
	cr_assert_eq(info.total_pages, 3);
	cr_assert_eq(info.rflags, FFA_SIM_MEMTAB_REGION_NS);
	cr_assert_eq(ffa_sim_memtab_receiver(&F.t, h, 1, &ri), 0);
	cr_assert_eq(ri.id, VM2);
	cr_assert_eq(ri.perm, P_RO);
	cr_assert_eq(ri.impdef[3], 0x77);
	cr_assert_eq(ffa_sim_memtab_receiver(&F.t, h, 2, &ri), FFA_ERR_NO_DATA);
	/* ranges come back in the sender's order */
	cr_assert_eq(ffa_sim_memtab_ranges(&F.t, h, 0, out, 4), 2);
	cr_assert_eq(out[0].addr, VM1_MEM + 8 * PG);
	cr_assert_eq(out[1].pages, 1);
}

/* --- fragments (8.1) -------------------------------------------------------- */

static const struct ffa_mem_range fr[] = {
	{VM1_MEM, 1}, {VM1_MEM + 2 * PG, 1}, {VM1_MEM + 4 * PG, 2}, {VM1_MEM + 8 * PG, 1}};

/* VM1 starts a fragmented SHARE to SP1 of @total_ranges ranges of fr[]
 * (@pages pages in all) with the first @first of them: the handle of the
 * pending transaction. */
static uint64_t pending(uint32_t total_ranges, uint32_t first, uint32_t pages)
{
	struct ffa_sim_mem_send s = mt_to_sp1(SHARE, P_RW, fr, first);
	uint64_t h = 0;

	s.range_count = total_ranges;
	s.total_pages = pages;
	assert_rc(t_send(&F, &s, &h), FFA_SIM_MEMTAB_MORE);
	return h;
}

Test(memtab_send, fragmented_send_completes)
{
	struct ffa_sim_mem_info info;
	struct ffa_mem_range out[4];
	uint64_t h = pending(4, 1, 5);

	cr_assert_eq(ffa_sim_memtab_lookup(&F.t, h, &info), 0);
	cr_assert_eq(info.state, FFA_SIM_MEM_PENDING);
	cr_assert_eq(info.ranges_seen, 1);
	assert_rc(t_send_more(&F, VM1, h, fr + 1, 2), FFA_SIM_MEMTAB_MORE);
	assert_rc(t_send_more(&F, VM1, h, fr + 3, 1), 0);
	cr_assert_eq(ffa_sim_memtab_lookup(&F.t, h, &info), 0);
	cr_assert_eq(info.state, FFA_SIM_MEM_LIVE);
	cr_assert_eq(ffa_sim_memtab_ranges(&F.t, h, 0, out, 4), 4);
	cr_assert_eq(out[2].addr, VM1_MEM + 4 * PG);
}

Test(memtab_send, operations_on_a_pending_transaction_invalid)
{
	uint64_t h = pending(4, 2, 5);

	assert_rc(mt_retrieve1(&F, SP1, h, VM1, P_RW, NULL), INVAL);
	assert_rc(t_relinquish(&F, SP1, h, 0, NULL), INVAL);
	assert_rc(t_reclaim(&F, VM1, h, 0, NULL), INVAL);
}

Test(memtab_send, continuation_unknown_handle_other_sender_or_complete_invalid)
{
	uint64_t h = pending(2, 1, 2);

	assert_rc(t_send_more(&F, VM1, h ^ 1, fr + 1, 1), INVAL);
	assert_rc(t_send_more(&F, VM2, h, fr + 1, 1), INVAL);
	assert_rc(t_send_more(&F, VM1, h, fr + 1, 1), 0);
	assert_rc(t_send_more(&F, VM1, h, fr + 2, 1), INVAL); /* after completion */
}

Test(memtab_send, continuation_with_too_many_ranges_ends_the_transaction)
{
	struct ffa_sim_mem_info info;
	uint64_t h = pending(2, 1, 2);

	assert_rc(t_send_more(&F, VM1, h, fr + 1, 2), INVAL);
	assert_rc(ffa_sim_memtab_lookup(&F.t, h, &info), INVAL);
	/* the pages are free again */
	mt_sent(&F, mt_to_sp1(SHARE, P_RW, fr, 2));
}

Test(memtab_send, overlap_across_fragments_invalid)
{
	const struct ffa_mem_range again[] = {{VM1_MEM + 5 * PG, 1}};
	uint64_t h = pending(4, 3, 5);

	assert_rc(t_send_more(&F, VM1, h, again, 1), INVAL);
}

Test(memtab_send, page_total_checked_at_the_last_fragment)
{
	uint64_t h = pending(2, 1, 3);

	assert_rc(t_send_more(&F, VM1, h, fr + 1, 1), INVAL); /* 2 pages of 3 */
}

Test(memtab_send, ownership_checked_when_complete)
{
	const struct ffa_mem_range later[] = {{VM2_MEM, 1}};
	uint64_t h = pending(2, 1, 2);

	assert_rc(t_send_more(&F, VM1, h, later, 1), DENIED);
}

Test(memtab_send, abort_drops_a_pending_transaction)
{
	struct ffa_sim_memtab_usage u;
	uint64_t h = pending(3, 1, 4), done;

	assert_rc(t_abort(&F, VM2, h), INVAL);
	assert_rc(t_abort(&F, VM1, h), 0);
	assert_rc(t_abort(&F, VM1, h), INVAL);
	done = mt_sent(&F, mt_to_sp1(SHARE, P_RW, fr, 1));
	assert_rc(t_abort(&F, VM1, done), INVAL); /* complete: not abortable */
	ffa_sim_memtab_usage(&F.t, &u);
	cr_assert_eq(u.txns, 1);
}

/* --- handles (7) ------------------------------------------------------------ */

Test(memtab_send, handle_allocator_bit_by_mode)
{
	struct ffa_mem_receiver vm = RCV(VM2, P_RW), sp = RCV(SP1, P_RW);
	struct ffa_mem_receiver mixed[] = {RCV(VM2, P_RW), RCV(SP1, P_RW)};
	const struct ffa_mem_range p[] = {{VM1_MEM, 1}}, q[] = {{VM1_MEM + PG, 1}},
				   w[] = {{VM1_MEM + 2 * PG, 1}};
	struct ffa_sim_memtab_config c = {0};

	/* default: bit 63 set only for VM <-> VM */
	mt_setup(&F, &c);
	cr_assert(mt_send_ok(&F, SHARE, VM1, &vm, 1, p, 1) & FFA_MEM_HANDLE_HYP_BIT);
	cr_assert(!(mt_send_ok(&F, SHARE, VM1, &sp, 1, q, 1) & FFA_MEM_HANDLE_HYP_BIT));
	cr_assert(!(mt_send_ok(&F, SHARE, VM1, mixed, 2, w, 1) & FFA_MEM_HANDLE_HYP_BIT));

	c.alloc = FFA_SIM_MEMTAB_ALLOC_HYPERVISOR;
	mt_setup(&F, &c);
	cr_assert(mt_send_ok(&F, SHARE, VM1, &sp, 1, q, 1) & FFA_MEM_HANDLE_HYP_BIT);

	c.alloc = FFA_SIM_MEMTAB_ALLOC_SPMC;
	mt_setup(&F, &c);
	cr_assert(!(mt_send_ok(&F, SHARE, VM1, mixed, 2, w, 1) & FFA_MEM_HANDLE_HYP_BIT));
}

Test(memtab_send, handles_depend_on_the_seed_and_are_not_sequential)
{
	struct ffa_sim_memtab_config c = {.seed = 1};
	uint64_t a[8], b[8];

	for (int pass = 0; pass < 2; pass++) {
		uint64_t *out = pass ? b : a;

		c.seed = (uint64_t)pass + 1;
		mt_setup(&F, &c);
		for (int i = 0; i < 8; i++) {
			out[i] = mt_sent(&F, probe(SHARE, P_RW));
			assert_rc(t_reclaim(&F, VM1, out[i], 0, NULL), 0);
		}
	}
	for (int i = 0; i < 8; i++) {
		cr_assert_neq(a[i], b[i]);
		cr_assert_neq(a[i], 0);
		cr_assert_neq(a[i], FFA_MEM_HANDLE_INVALID);
		if (i)
			cr_assert(a[i] - a[i - 1] > 0xFFFF && a[i - 1] - a[i] > 0xFFFF,
				  "handles %llx %llx look sequential", (unsigned long long)a[i - 1],
				  (unsigned long long)a[i]);
	}
}

/* --- owned memory ------------------------------------------------------------ */

Test(memtab_send, claim_overlapping_memory_denied)
{
	assert_rc(t_claim(&F, VM2, VM1_MEM + 63 * PG, 1, 0), DENIED);
	assert_rc(t_claim(&F, VM1, VM1_MEM, 1, FFA_SIM_MEMTAB_REGION_NS), DENIED);
	assert_rc(t_claim(&F, VM2, NOBODY, 4, FFA_SIM_MEMTAB_REGION_NS), 0);
	assert_rc(t_claim(&F, VM2, NOBODY + PG, 1, 0), DENIED);
}

Test(memtab_send, claim_bad_arguments)
{
	assert_rc(t_claim(&F, VM2, NOBODY + 1, 1, 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(t_claim(&F, VM2, NOBODY, 0, 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(t_claim(&F, VM2, NOBODY, 1, 0x10), FFA_ERR_BAD_ARGUMENT);
	assert_rc(t_claim(&F, VM2, 0xFFFFFFFFFFFFF000ull, 1, 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(t_claim(&F, VM2, 0xFFFFFFFFFFFFE000ull, 1, 0), 0); /* the page below is fine */
}

Test(memtab_send, adjacent_claims_merge_and_unclaim_splits)
{
	struct ffa_sim_mem_region reg;
	uint64_t pa = NOBODY;

	assert_rc(t_claim(&F, VM2, NOBODY, 4, FFA_SIM_MEMTAB_REGION_NS), 0);
	assert_rc(t_claim(&F, VM2, NOBODY + 4 * PG, 4, FFA_SIM_MEMTAB_REGION_NS), 0);
	cr_assert_eq(ffa_sim_memtab_region_next(&F.t, &pa, &reg), 1);
	cr_assert_eq(reg.pa, NOBODY);
	cr_assert_eq(reg.pages, 8); /* merged */
	assert_rc(t_unclaim(&F, VM2, NOBODY + 2 * PG, 2), 0);
	pa = NOBODY;
	cr_assert_eq(ffa_sim_memtab_region_next(&F.t, &pa, &reg), 1);
	cr_assert_eq(reg.pages, 2);
	cr_assert_eq(ffa_sim_memtab_region_next(&F.t, &pa, &reg), 1);
	cr_assert_eq(reg.pa, NOBODY + 4 * PG);
	cr_assert_eq(reg.pages, 4);
}

Test(memtab_send, unclaim_of_memory_in_use_or_not_owned_denied)
{
	mt_sent(&F, probe(SHARE, P_RW));
	assert_rc(t_unclaim(&F, VM1, VM1_MEM, 2), DENIED);
	assert_rc(t_unclaim(&F, VM2, VM1_MEM + 4 * PG, 1), DENIED);
	assert_rc(t_unclaim(&F, VM1, NOBODY, 1), DENIED);
	assert_rc(t_unclaim(&F, VM1, VM1_MEM + 4 * PG, 1), 0);
}
