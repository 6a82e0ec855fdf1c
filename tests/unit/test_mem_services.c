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

/* @n ranges (mt_sender), the record, and a v1.2 rig (CAPS_ALL, one-page
 * pair) whose manager answers the first call, FFA_ID_GET, with @id_answer. */
struct owner_case {
	struct mt_sender s;
	struct ffa_mem_lent l;
	struct mem_rig g;
};

static void owner_begin(struct owner_case *o, size_t n, struct ffa_regs id_answer)
{
	mt_sender_init(&o->s, n);
	rig_init(&o->g, FFA_VERSION_1_2, CAPS_ALL, 1);
	rig_step(&o->g, FRAME(FFA_ID_GET_32), id_answer);
}

/* Check the rig (every step ran, lock and RX sane) and free. */
static void owner_end(struct owner_case *o)
{
	send_end(&o->g, &o->s);
}

Test(mem_services, share_then_reclaim_with_the_own_id_learnt_once)
{
	static const struct ffa_mem_receiver r = { .id = 0x8001, .perm = FFA_MEM_PERM_RW };
	struct owner_case o;
	struct ffa_mem_region rgn = { &o.s.it, &r, 1, FFA_MEM_SVC_ATTR_DEFAULT, 0, 0x1234 };

	owner_begin(&o, 3, OK32(0, 0x0005));
	rig_step(&o.g, FRAME(FFA_MEM_SHARE_32, 96 + 48, 96 + 48), fr_ok_handle(H1));
	rig_step(&o.g, FRAME(FFA_MEM_SHARE_32, 96 + 48, 96 + 48), fr_ok_handle(H1 + 1));
	rig_step(&o.g, fr_reclaim(H1, FFA_MEM_RECLAIM_FLAG_ZERO), OK32());
	rig_start(&o.g);
	assert_rc(ffa_mem_svc_share(&o.g.ctx, &rgn, &o.l), 0);
	cr_assert(o.l.live);
	cr_assert_eq(o.l.handle, H1);
	cr_assert_eq(o.l.sender, 0x0005);
	cr_assert_eq(o.l.op, FFA_MEM_OP_SHARE);
	/* Sender = own ID, attributes 0x2F, tag: what the manager read. */
	cr_assert_eq(o.g.cap[0], 0x05);
	cr_assert_eq(o.g.cap[2], 0x2F);
	cr_assert_eq(o.g.cap[16], 0x34);
	/* Second share: no second FFA_ID_GET. */
	{
		struct ffa_mem_lent l2;

		assert_rc(ffa_mem_svc_share(&o.g.ctx, &rgn, &l2), 0);
		cr_assert_eq(l2.handle, H1 + 1);
	}
	assert_rc(ffa_mem_svc_reclaim(&o.g.ctx, &o.l, FFA_MEM_RECLAIM_FLAG_ZERO), 0);
	cr_assert(!o.l.live);
	assert_rc(ffa_mem_svc_reclaim(&o.g.ctx, &o.l, 0), FFA_ERR_BAD_ARGUMENT);
	owner_end(&o);
}

Test(mem_services, attribute_defaults_per_operation)
{
	static const struct ffa_mem_receiver one = { .id = 0x8001, .perm = FFA_MEM_PERM_RW };
	static const struct ffa_mem_receiver two[2] = { { .id = 0x8001, .perm = FFA_MEM_PERM_RW },
						       { .id = 0x8002, .perm = FFA_MEM_PERM_RO } };
	static const struct ffa_mem_receiver don = { .id = 0x8001, .perm = 0 };
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
		struct owner_case o;
		struct ffa_mem_region rgn = { &o.s.it, cases[i].r, cases[i].n,
					      FFA_MEM_SVC_ATTR_DEFAULT, 0, 0 };
		uint32_t len = 48 + 32 * cases[i].n + 32;

		owner_begin(&o, 1, OK32(0, 1));
		rig_step(&o.g, FRAME(cases[i].fid, len, len), fr_ok_handle(H1));
		rig_start(&o.g);
		assert_rc(cases[i].fn(&o.g.ctx, &rgn, &o.l), 0);
		cr_assert_eq(o.g.cap[2], cases[i].attr, "case %zu", i);
		owner_end(&o);
	}
}

Test(mem_services, failed_send_records_what_is_left_and_reclaims_later)
{
	static const struct ffa_mem_receiver r = { .id = 0x8001, .perm = FFA_MEM_PERM_RW };
	struct owner_case o;
	struct ffa_mem_region rgn = { &o.s.it, &r, 1, 0x2F, 0, 0 };

	owner_begin(&o, 600, OK32(0, 1));
	rig_step(&o.g, FRAME(FFA_MEM_SHARE_32, 9696, 4096), fr_frag_rx(H1, 4096));
	rig_step(&o.g, fr_frag_tx(H1, 4096), fr_ok_handle(H1)); /* complete too early */
	rig_step(&o.g, fr_reclaim(H1, 0), ERR(FFA_ERR_DENIED));  /* undo refused */
	rig_step(&o.g, fr_reclaim(H1, 0), OK32());               /* later: fine */
	rig_start(&o.g);
	assert_rc(ffa_mem_svc_share(&o.g.ctx, &rgn, &o.l), FFA_ERR_PROTOCOL);
	cr_assert(o.l.live);
	cr_assert_eq(o.l.handle, H1);
	assert_rc(ffa_mem_svc_reclaim(&o.g.ctx, &o.l, 0), 0);
	cr_assert(!o.l.live);
	owner_end(&o);
}

Test(mem_services, owner_errors)
{
	static const struct ffa_mem_receiver r = { .id = 0x8001, .perm = FFA_MEM_PERM_RW };
	struct owner_case o;
	struct ffa_mem_region rgn = { &o.s.it, &r, 1, 0x2F, 0, 0 };
	struct ffa_mem_region wide = { &o.s.it, &r, 1, 0x10000, 0, 0 };

	owner_begin(&o, 1, ERR(FFA_ERR_NOT_SUPPORTED));
	rig_start(&o.g);
	assert_rc(ffa_mem_svc_share(&o.g.ctx, &rgn, &o.l), FFA_ERR_NOT_SUPPORTED);
	cr_assert(!o.l.live);
	assert_rc(ffa_mem_svc_share(&o.g.ctx, &wide, &o.l), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_svc_share(&o.g.ctx, NULL, &o.l), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_svc_share(&o.g.ctx, &rgn, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_svc_send(&o.g.ctx, (enum ffa_mem_op)7, &rgn, &o.l),
		  FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_svc_reclaim(&o.g.ctx, NULL, 0), FFA_ERR_BAD_ARGUMENT);
	owner_end(&o);
}

/* ---- Borrower side ---------------------------------------------------------------- */

/* The request (H1 from sender 1, tag 0x77), the record, and a v1.2 rig
 * (CAPS_ALL, one-page pair) serving make_resp(@n, @receiver, @perm), whose
 * manager answers the first call, FFA_ID_GET, with 0x8001. */
struct borrow_case {
	struct ffa_mem_borrow req;
	struct ffa_mem_borrowed b;
	struct mem_rig g;
	size_t rl;
	uint8_t *resp;
};

static void borrow_begin(struct borrow_case *c, size_t n, uint16_t receiver, uint8_t perm)
{
	c->req = (struct ffa_mem_borrow){ .handle = H1, .sender = 1, .tag = 0x77 };
	c->resp = make_resp(n, receiver, perm, &c->rl);
	retr_begin(&c->g, c->resp, c->rl);
	rig_step(&c->g, FRAME(FFA_ID_GET_32), OK32(0, 0x8001));
}

/* Check the rig (every step ran, lock and RX sane) and free. */
static void borrow_end(struct borrow_case *c)
{
	retr_end(&c->g, c->resp);
}

Test(mem_services, retrieve_into_an_array_then_relinquish)
{
	struct ffa_mem_range *out = calloc(600, sizeof(*out));
	struct borrow_case c;

	borrow_begin(&c, 600, 0x8001, FFA_MEM_PERM_RW | FFA_MEM_PERM_NX);
	c.req.type = FFA_MEM_RETRIEVE_TYPE_LEND;
	c.req.perm = FFA_MEM_PERM_RW | FFA_MEM_PERM_NX;
	rig_expect_retrieve_600(&c.g, H1);
	rig_step(&c.g, FRAME(FFA_MEM_RELINQUISH_32), OK32());
	rig_start(&c.g);
	assert_rc(ffa_mem_svc_retrieve(&c.g.ctx, &c.req, out, 600, &c.b), 600);
	cr_assert(c.b.retrieved);
	cr_assert_eq(c.b.handle, H1);
	cr_assert_eq(c.b.sender, 1);
	cr_assert_eq(c.b.tag, 0x77);
	cr_assert_eq(c.b.self, 0x8001);
	cr_assert_eq(c.b.attributes, 0x6F);
	cr_assert_eq(c.b.flags, 0x10u);
	cr_assert_eq(c.b.perm, FFA_MEM_PERM_RW | FFA_MEM_PERM_NX);
	cr_assert_eq(c.b.range_count, 600u);
	cr_assert_eq(c.b.total_pages, 600u);
	for (size_t i = 0; i < 600; i++)
		cr_assert_eq(out[i].addr, 0x80000000ull + i * 8192u);
	/* The request: type lend in bits 4:3, tag, one EMAD asking RW+NX. */
	cr_assert_eq(c.g.req[4], 0x10);
	cr_assert_eq(c.g.req[16], 0x77);
	cr_assert_eq(c.g.req[48], 0x01);
	cr_assert_eq(c.g.req[49], 0x80);
	cr_assert_eq(c.g.req[50], FFA_MEM_PERM_RW | FFA_MEM_PERM_NX);
	assert_rc(ffa_mem_svc_relinquish(&c.g.ctx, &c.b, 0), 0);
	cr_assert(!c.b.retrieved);
	cr_assert_eq(c.g.relq[16], 0x01);
	cr_assert_eq(c.g.relq[17], 0x80);
	assert_rc(ffa_mem_svc_relinquish(&c.g.ctx, &c.b, 0), FFA_ERR_BAD_ARGUMENT);
	borrow_end(&c);
	free(out);
}

Test(mem_services, array_too_small_undoes_and_says_how_many)
{
	struct ffa_mem_range out[100];
	struct borrow_case c;

	borrow_begin(&c, 600, 0x8001, FFA_MEM_PERM_RW);
	rig_expect_retrieve_600(&c.g, H1);
	rig_step(&c.g, FRAME(FFA_MEM_RELINQUISH_32), OK32());
	rig_start(&c.g);
	poison(out, sizeof(out));
	assert_rc(ffa_mem_svc_retrieve(&c.g.ctx, &c.req, out, 100, &c.b),
		  FFA_ERR_BUFFER_TOO_SMALL);
	cr_assert_eq(c.b.range_count, 600u);
	cr_assert(!c.b.retrieved, "undone: nothing stays mapped");
	cr_assert(untouched_bytes(out, sizeof(out)));
	borrow_end(&c);
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
	struct counter n = { 0 };
	struct borrow_case c;

	borrow_begin(&c, 600, 0x8001, FFA_MEM_PERM_RW);
	rig_expect_retrieve_600(&c.g, H1);
	rig_expect_retrieve_600(&c.g, H1);
	rig_step(&c.g, FRAME(FFA_MEM_RELINQUISH_32), OK32());
	rig_start(&c.g);
	assert_rc(ffa_mem_svc_retrieve_each(&c.g.ctx, &c.req, count_range, &n, &c.b), 600);
	cr_assert_eq(n.n, 600u);
	/* The callback stops in the last fragment: undone, value returned. */
	n = (struct counter){ .stop_at = 550 };
	assert_rc(ffa_mem_svc_retrieve_each(&c.g.ctx, &c.req, count_range, &n, &c.b), -99);
	cr_assert(!c.b.retrieved);
	assert_rc(ffa_mem_svc_retrieve_each(&c.g.ctx, &c.req, NULL, &n, &c.b),
		  FFA_ERR_BAD_ARGUMENT);
	borrow_end(&c);
}

Test(mem_services, response_for_someone_else_is_refused)
{
	struct ffa_mem_range out[600];
	struct borrow_case c;

	borrow_begin(&c, 600, 0x8002, FFA_MEM_PERM_RW);
	rig_expect_retrieve_600(&c.g, H1);
	rig_step(&c.g, FRAME(FFA_MEM_RELINQUISH_32), ERR(FFA_ERR_INVALID_PARAMETERS));
	rig_start(&c.g);
	assert_rc(ffa_mem_svc_retrieve(&c.g.ctx, &c.req, out, 600, &c.b), FFA_ERR_PROTOCOL);
	/* The undo failed: the record says it may still be mapped, and
	 * names the asked handle for a later relinquish. */
	cr_assert(c.b.retrieved);
	cr_assert_eq(c.b.handle, H1);
	borrow_end(&c);
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
	struct ffa_mem_borrow bad = { .handle = H1, .sender = 1, .borrowers = others,
				      .borrower_count = 1 };
	struct ffa_mem_borrow typed = { .handle = H1, .sender = 1, .type = 4 };
	struct ffa_mem_borrow own = { .handle = H1, .sender = 1, .tag = 0x77, .impdef = impdef };
	struct ffa_mem_range out[4];
	struct borrow_case c;

	borrow_begin(&c, 2, 0x8001, FFA_MEM_PERM_RO);
	c.req.borrowers = list;
	c.req.borrower_count = 2;
	rig_step(&c.g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 48 + 64, 48 + 64),
		 FRAME(FFA_MEM_RETRIEVE_RESP_32, c.rl, c.rl));
	rig_release(&c.g);
	rig_step(&c.g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80),
		 FRAME(FFA_MEM_RETRIEVE_RESP_32, c.rl, c.rl));
	rig_release(&c.g);
	rig_start(&c.g);
	assert_rc(ffa_mem_svc_retrieve(&c.g.ctx, &c.req, out, 4, &c.b), 2);
	cr_assert_eq(c.g.req[28], 2, "both borrowers listed");
	cr_assert_eq(c.g.req[48 + 3], FFA_MEM_EMAD_FLAG_NON_RETRIEVAL);
	cr_assert_eq(c.g.req[80 + 3], 0);
	/* This endpoint missing from the list, or a bad type: no call. */
	assert_rc(ffa_mem_svc_retrieve(&c.g.ctx, &bad, out, 4, &c.b), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_svc_retrieve(&c.g.ctx, &typed, out, 4, &c.b), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_svc_retrieve(&c.g.ctx, &own, NULL, 4, &c.b), FFA_ERR_BAD_ARGUMENT);
	/* The IMPDEF value lands in this endpoint's v1.2 EMAD (bytes 8..23). */
	assert_rc(ffa_mem_svc_retrieve(&c.g.ctx, &own, out, 4, &c.b), 2);
	cr_assert_eq(memcmp(c.g.req + 48 + 8, impdef, 16), 0);
	borrow_end(&c);
}
