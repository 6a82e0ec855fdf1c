/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory services: owner send -> handle -> reclaim, borrower retrieve ->
 * ranges (array or callback) -> relinquish, with the caller-owned records,
 * at register level.
 */
#include <stdlib.h>
#include <string.h>

#include "desc_vectors.h"
#include "mem_test.h"

#define H1 0xFFFFFFC100001234ull

static struct ffa_mem_range *ranges_iter(size_t n, struct ffa_mem_range_array *st,
					 struct ffa_mem_range_iter *it)
{
	struct ffa_mem_range *r = mt_ranges(n);

	cr_assert_eq(ffa_mem_range_array_iter(st, r, n, it), 0);
	return r;
}

static uint8_t *make_resp(size_t n, uint16_t receiver, uint8_t perm, size_t *len)
{
	struct dv_layout l = dv_default(FFA_VERSION_1_2);
	uint8_t *b;

	l.handle = H1;
	l.sender = 0x0001;
	l.tag = 0x77;
	l.attributes = 0x6F; /* normal WB inner, NS */
	l.flags = FFA_MEM_RETRIEVE_FLAG_TYPE(FFA_MEM_RETRIEVE_TYPE_LEND);
	l.total_pages = (uint32_t)n;
	l.cons_count = l.cons_real = (uint32_t)n;
	*len = dv_len(&l);
	b = malloc(*len);
	dv_write(&l, b);
	dt_w16(b, 48, receiver);
	b[50] = perm;
	return b;
}

/* ---- Owner side ------------------------------------------------------------------ */

Test(mem_services, share_then_reclaim_with_the_own_id_learnt_once)
{
	static const struct ffa_mem_receiver r = { .id = 0x8001, .perm = FFA_MEM_PERM_RW };
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	struct ffa_mem_range *rg = ranges_iter(3, &st, &it);
	struct ffa_mem_region rgn = { &it, &r, 1, FFA_MEM_SVC_ATTR_DEFAULT, 0, 0x1234 };
	struct ffa_mem_lent l;
	struct mem_rig g;

	rig_init(&g, FFA_VERSION_1_2, CAPS_ALL, 1);
	rig_step(&g, FRAME(FFA_ID_GET_32), OK32(0, 0x0005));
	rig_step(&g, FRAME(FFA_MEM_SHARE_32, 96 + 48, 96 + 48), fr_ok_handle(H1));
	rig_step(&g, FRAME(FFA_MEM_SHARE_32, 96 + 48, 96 + 48), fr_ok_handle(H1 + 1));
	rig_step(&g, fr_reclaim(H1, FFA_MEM_RECLAIM_FLAG_ZERO), OK32());
	rig_start(&g);
	assert_rc(ffa_mem_svc_share(&g.ctx, &rgn, &l), 0);
	cr_assert(l.live);
	cr_assert_eq(l.handle, H1);
	cr_assert_eq(l.sender, 0x0005);
	cr_assert_eq(l.op, FFA_MEM_OP_SHARE);
	/* Sender = own ID, attributes 0x2F, tag: what the manager read. */
	cr_assert_eq(g.cap[0], 0x05);
	cr_assert_eq(g.cap[2], 0x2F);
	cr_assert_eq(g.cap[16], 0x34);
	/* Second share: no second FFA_ID_GET. */
	{
		struct ffa_mem_lent l2;

		assert_rc(ffa_mem_svc_share(&g.ctx, &rgn, &l2), 0);
		cr_assert_eq(l2.handle, H1 + 1);
	}
	assert_rc(ffa_mem_svc_reclaim(&g.ctx, &l, FFA_MEM_RECLAIM_FLAG_ZERO), 0);
	cr_assert(!l.live);
	assert_rc(ffa_mem_svc_reclaim(&g.ctx, &l, 0), FFA_ERR_BAD_ARGUMENT);
	rig_done(&g);
	free(rg);
}

Test(mem_services, attribute_defaults_per_operation)
{
	static const struct ffa_mem_receiver one = { .id = 0x8001, .perm = FFA_MEM_PERM_RW };
	static const struct ffa_mem_receiver two[2] = { { .id = 0x8001, .perm = FFA_MEM_PERM_RW },
						       { .id = 0x8002, .perm = FFA_MEM_PERM_RO } };
	static const struct ffa_mem_receiver don = { .id = 0x8001, .perm = 0 };
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	struct ffa_mem_range *rg = ranges_iter(1, &st, &it);
	const struct {
		int (*fn)(struct ffa_ctx *, const struct ffa_mem_region *, struct ffa_mem_lent *);
		uint32_t fid;
		const struct ffa_mem_receiver *r;
		uint32_t n;
		uint8_t attr;
	} cases[] = {
		{ ffa_mem_svc_lend, FFA_MEM_LEND_32, &one, 1, 0 },
		{ ffa_mem_svc_lend, FFA_MEM_LEND_32, two, 2, 0x2F },
		{ ffa_mem_svc_donate, FFA_MEM_DONATE_32, &don, 1, 0 },
		{ ffa_mem_svc_share, FFA_MEM_SHARE_32, two, 2, 0x2F },
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct ffa_mem_region rgn = { &it, cases[i].r, cases[i].n, FFA_MEM_SVC_ATTR_DEFAULT,
					      0, 0 };
		uint32_t len = 48 + 32 * cases[i].n + 32;
		struct ffa_mem_lent l;
		struct mem_rig g;

		rig_init(&g, FFA_VERSION_1_2, CAPS_ALL, 1);
		rig_step(&g, FRAME(FFA_ID_GET_32), OK32(0, 1));
		rig_step(&g, FRAME(cases[i].fid, len, len), fr_ok_handle(H1));
		rig_start(&g);
		assert_rc(cases[i].fn(&g.ctx, &rgn, &l), 0);
		cr_assert_eq(g.cap[2], cases[i].attr, "case %zu", i);
		rig_done(&g);
	}
	free(rg);
}

Test(mem_services, failed_send_records_what_is_left_and_reclaims_later)
{
	static const struct ffa_mem_receiver r = { .id = 0x8001, .perm = FFA_MEM_PERM_RW };
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	struct ffa_mem_range *rg = ranges_iter(600, &st, &it);
	struct ffa_mem_region rgn = { &it, &r, 1, 0x2F, 0, 0 };
	struct ffa_mem_lent l;
	struct mem_rig g;

	rig_init(&g, FFA_VERSION_1_2, CAPS_ALL, 1);
	rig_step(&g, FRAME(FFA_ID_GET_32), OK32(0, 1));
	rig_step(&g, FRAME(FFA_MEM_SHARE_32, 9696, 4096), fr_frag_rx(H1, 4096));
	rig_step(&g, fr_frag_tx(H1, 4096), fr_ok_handle(H1)); /* complete too early */
	rig_step(&g, fr_reclaim(H1, 0), ERR(FFA_ERR_DENIED));  /* undo refused */
	rig_step(&g, fr_reclaim(H1, 0), OK32());               /* later: fine */
	rig_start(&g);
	assert_rc(ffa_mem_svc_share(&g.ctx, &rgn, &l), FFA_ERR_PROTOCOL);
	cr_assert(l.live);
	cr_assert_eq(l.handle, H1);
	assert_rc(ffa_mem_svc_reclaim(&g.ctx, &l, 0), 0);
	cr_assert(!l.live);
	rig_done(&g);
	free(rg);
}

Test(mem_services, owner_errors)
{
	static const struct ffa_mem_receiver r = { .id = 0x8001, .perm = FFA_MEM_PERM_RW };
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	struct ffa_mem_range *rg = ranges_iter(1, &st, &it);
	struct ffa_mem_region rgn = { &it, &r, 1, 0x2F, 0, 0 };
	struct ffa_mem_region wide = { &it, &r, 1, 0x10000, 0, 0 };
	struct ffa_mem_lent l;
	struct mem_rig g;

	rig_init(&g, FFA_VERSION_1_2, CAPS_ALL, 1);
	rig_step(&g, FRAME(FFA_ID_GET_32), ERR(FFA_ERR_NOT_SUPPORTED));
	rig_start(&g);
	assert_rc(ffa_mem_svc_share(&g.ctx, &rgn, &l), FFA_ERR_NOT_SUPPORTED);
	cr_assert(!l.live);
	assert_rc(ffa_mem_svc_share(&g.ctx, &wide, &l), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_svc_share(&g.ctx, NULL, &l), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_svc_share(&g.ctx, &rgn, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_svc_send(&g.ctx, (enum ffa_mem_op)7, &rgn, &l), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_svc_reclaim(&g.ctx, NULL, 0), FFA_ERR_BAD_ARGUMENT);
	rig_done(&g);
	free(rg);
}

/* ---- Borrower side ---------------------------------------------------------------- */

Test(mem_services, retrieve_into_an_array_then_relinquish)
{
	struct ffa_mem_borrow req = { .handle = H1, .sender = 1, .tag = 0x77,
				      .type = FFA_MEM_RETRIEVE_TYPE_LEND,
				      .perm = FFA_MEM_PERM_RW | FFA_MEM_PERM_NX };
	struct ffa_mem_range *out = calloc(600, sizeof(*out));
	struct ffa_mem_borrowed b;
	struct mem_rig g;
	size_t rl;
	uint8_t *resp = make_resp(600, 0x8001, FFA_MEM_PERM_RW | FFA_MEM_PERM_NX, &rl);

	retr_begin(&g, resp, rl);
	rig_step(&g, FRAME(FFA_ID_GET_32), OK32(0, 0x8001));
	rig_expect_retrieve_600(&g, H1);
	rig_step(&g, FRAME(FFA_MEM_RELINQUISH_32), OK32());
	rig_start(&g);
	assert_rc(ffa_mem_svc_retrieve(&g.ctx, &req, out, 600, &b), 600);
	cr_assert(b.retrieved);
	cr_assert_eq(b.handle, H1);
	cr_assert_eq(b.sender, 1);
	cr_assert_eq(b.tag, 0x77);
	cr_assert_eq(b.self, 0x8001);
	cr_assert_eq(b.attributes, 0x6F);
	cr_assert_eq(b.flags, 0x10u);
	cr_assert_eq(b.perm, FFA_MEM_PERM_RW | FFA_MEM_PERM_NX);
	cr_assert_eq(b.range_count, 600u);
	cr_assert_eq(b.total_pages, 600u);
	for (size_t i = 0; i < 600; i++)
		cr_assert_eq(out[i].addr, 0x80000000ull + i * 8192u);
	/* The request: type lend in bits 4:3, tag, one EMAD asking RW+NX. */
	cr_assert_eq(g.req[4], 0x10);
	cr_assert_eq(g.req[16], 0x77);
	cr_assert_eq(g.req[48], 0x01);
	cr_assert_eq(g.req[49], 0x80);
	cr_assert_eq(g.req[50], FFA_MEM_PERM_RW | FFA_MEM_PERM_NX);
	assert_rc(ffa_mem_svc_relinquish(&g.ctx, &b, 0), 0);
	cr_assert(!b.retrieved);
	cr_assert_eq(g.relq[16], 0x01);
	cr_assert_eq(g.relq[17], 0x80);
	assert_rc(ffa_mem_svc_relinquish(&g.ctx, &b, 0), FFA_ERR_BAD_ARGUMENT);
	retr_end(&g, resp);
	free(out);
}

Test(mem_services, array_too_small_undoes_and_says_how_many)
{
	struct ffa_mem_borrow req = { .handle = H1, .sender = 1, .tag = 0x77 };
	struct ffa_mem_range out[100];
	struct ffa_mem_borrowed b;
	struct mem_rig g;
	size_t rl;
	uint8_t *resp = make_resp(600, 0x8001, FFA_MEM_PERM_RW, &rl);

	retr_begin(&g, resp, rl);
	rig_step(&g, FRAME(FFA_ID_GET_32), OK32(0, 0x8001));
	rig_expect_retrieve_600(&g, H1);
	rig_step(&g, FRAME(FFA_MEM_RELINQUISH_32), OK32());
	rig_start(&g);
	poison(out, sizeof(out));
	assert_rc(ffa_mem_svc_retrieve(&g.ctx, &req, out, 100, &b), FFA_ERR_BUFFER_TOO_SMALL);
	cr_assert_eq(b.range_count, 600u);
	cr_assert(!b.retrieved, "undone: nothing stays mapped");
	cr_assert(untouched_bytes(out, sizeof(out)));
	retr_end(&g, resp);
}

struct counter {
	size_t n;
	size_t stop_at;
};

static int count_range(void *arg, uint64_t addr, uint32_t pages)
{
	struct counter *c = arg;

	(void)addr;
	(void)pages;
	if (c->stop_at && c->n == c->stop_at)
		return -99;
	c->n++;
	return 0;
}

Test(mem_services, retrieve_each_with_a_callback)
{
	struct ffa_mem_borrow req = { .handle = H1, .sender = 1, .tag = 0x77 };
	struct ffa_mem_borrowed b;
	struct counter c = { 0 };
	struct mem_rig g;
	size_t rl;
	uint8_t *resp = make_resp(600, 0x8001, FFA_MEM_PERM_RW, &rl);

	retr_begin(&g, resp, rl);
	rig_step(&g, FRAME(FFA_ID_GET_32), OK32(0, 0x8001));
	rig_expect_retrieve_600(&g, H1);
	rig_expect_retrieve_600(&g, H1);
	rig_step(&g, FRAME(FFA_MEM_RELINQUISH_32), OK32());
	rig_start(&g);
	assert_rc(ffa_mem_svc_retrieve_each(&g.ctx, &req, count_range, &c, &b), 600);
	cr_assert_eq(c.n, 600u);
	/* The callback stops in the last fragment: undone, value returned. */
	c = (struct counter){ .stop_at = 550 };
	assert_rc(ffa_mem_svc_retrieve_each(&g.ctx, &req, count_range, &c, &b), -99);
	cr_assert(!b.retrieved);
	assert_rc(ffa_mem_svc_retrieve_each(&g.ctx, &req, NULL, &c, &b), FFA_ERR_BAD_ARGUMENT);
	retr_end(&g, resp);
}

Test(mem_services, response_for_someone_else_is_refused)
{
	struct ffa_mem_borrow req = { .handle = H1, .sender = 1, .tag = 0x77 };
	struct ffa_mem_range out[600];
	struct ffa_mem_borrowed b;
	struct mem_rig g;
	size_t rl;
	uint8_t *resp = make_resp(600, 0x8002, FFA_MEM_PERM_RW, &rl);

	retr_begin(&g, resp, rl);
	rig_step(&g, FRAME(FFA_ID_GET_32), OK32(0, 0x8001));
	rig_expect_retrieve_600(&g, H1);
	rig_step(&g, FRAME(FFA_MEM_RELINQUISH_32), ERR(FFA_ERR_INVALID_PARAMETERS));
	rig_start(&g);
	assert_rc(ffa_mem_svc_retrieve(&g.ctx, &req, out, 600, &b), FFA_ERR_PROTOCOL);
	/* The undo failed: the record says it may still be mapped, and
	 * names the asked handle for a later relinquish. */
	cr_assert(b.retrieved);
	cr_assert_eq(b.handle, H1);
	retr_end(&g, resp);
}

Test(mem_services, borrower_list_and_impdef)
{
	static const uint8_t impdef[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	const struct ffa_mem_receiver list[2] = {
		{ .id = 0x8002, .perm = FFA_MEM_PERM_RO, .flags = FFA_MEM_EMAD_FLAG_NON_RETRIEVAL },
		{ .id = 0x8001, .perm = FFA_MEM_PERM_RO },
	};
	const struct ffa_mem_receiver others[1] = {
		{ .id = 0x8002, .perm = FFA_MEM_PERM_RO },
	};
	struct ffa_mem_borrow req = { .handle = H1, .sender = 1, .tag = 0x77,
				      .borrowers = list, .borrower_count = 2 };
	struct ffa_mem_borrow bad = { .handle = H1, .sender = 1, .borrowers = others,
				      .borrower_count = 1 };
	struct ffa_mem_borrow typed = { .handle = H1, .sender = 1, .type = 4 };
	struct ffa_mem_borrow own = { .handle = H1, .sender = 1, .tag = 0x77, .impdef = impdef };
	struct ffa_mem_range out[4];
	struct ffa_mem_borrowed b;
	struct mem_rig g;
	size_t rl;
	uint8_t *resp = make_resp(2, 0x8001, FFA_MEM_PERM_RO, &rl);

	retr_begin(&g, resp, rl);
	rig_step(&g, FRAME(FFA_ID_GET_32), OK32(0, 0x8001));
	rig_step(&g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 48 + 64, 48 + 64),
		 FRAME(FFA_MEM_RETRIEVE_RESP_32, rl, rl));
	rig_release(&g);
	rig_step(&g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80), FRAME(FFA_MEM_RETRIEVE_RESP_32, rl, rl));
	rig_release(&g);
	rig_start(&g);
	assert_rc(ffa_mem_svc_retrieve(&g.ctx, &req, out, 4, &b), 2);
	cr_assert_eq(g.req[28], 2, "both borrowers listed");
	cr_assert_eq(g.req[48 + 3], FFA_MEM_EMAD_FLAG_NON_RETRIEVAL);
	cr_assert_eq(g.req[80 + 3], 0);
	/* This endpoint missing from the list, or a bad type: no call. */
	assert_rc(ffa_mem_svc_retrieve(&g.ctx, &bad, out, 4, &b), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_svc_retrieve(&g.ctx, &typed, out, 4, &b), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_svc_retrieve(&g.ctx, &own, NULL, 4, &b), FFA_ERR_BAD_ARGUMENT);
	/* The IMPDEF value lands in this endpoint's v1.2 EMAD (bytes 8..23). */
	assert_rc(ffa_mem_svc_retrieve(&g.ctx, &own, out, 4, &b), 2);
	cr_assert_eq(memcmp(g.req + 48 + 8, impdef, 16), 0);
	retr_end(&g, resp);
}
