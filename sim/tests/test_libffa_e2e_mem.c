/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * End to end: libffa's typed memory calls (<ffa/mem.h>) and the memory
 * services (<ffa/mem_services.h>) through the in-process conduit against
 * the simulator core. The owner is HYP's context, the borrowers are the
 * external SP (EXT) and the VM played by second and third libffa contexts
 * in the same test, and the built-in memory checker. The invariant checker
 * runs after every operation (expect_rc()); the simulator's trace hook
 * counts the fragment traffic. "Nothing leaked" is shown by the pages being the
 * owner's outright again (fx_assert_owned(): removable, in no transaction)
 * and the handle being gone (a second reclaim is INVALID_PARAMETERS).
 */
#include "sim_test.h"

#include <ffa/mem.h>
#include <ffa/mem_services.h>
#include <ffa/msg.h>

#define P_RW ffa_mem_perm_make(FFA_MEM_DATA_RW, FFA_MEM_INSTR_NOT_SPECIFIED)
#define P_RO ffa_mem_perm_make(FFA_MEM_DATA_RO, FFA_MEM_INSTR_NOT_SPECIFIED)
#define P_RW_NX ffa_mem_perm_make(FFA_MEM_DATA_RW, FFA_MEM_INSTR_NX)
#define P_NONE ffa_mem_perm_make(FFA_MEM_DATA_NOT_SPECIFIED, FFA_MEM_INSTR_NOT_SPECIFIED)

/* ---- Counting the fragment traffic (the simulator's trace hook) ------------------ */

struct counting {
	unsigned int frag_tx_calls;   /* FFA_MEM_FRAG_TX sent (send path) */
	unsigned int frag_rx_answers; /* FFA_MEM_FRAG_RX answered (send path) */
	unsigned int frag_rx_calls;   /* FFA_MEM_FRAG_RX sent (retrieve path) */
	unsigned int frag_tx_answers; /* FFA_MEM_FRAG_TX answered (retrieve path) */
	uint32_t last_fid;            /* function ID of the last call */
	struct ffa_regs last_in;      /* ... and its frame */
};

/* Per party slot: HYP 0, EXT 1, VM 2. */
static struct counting CNT[3];

static int slot_of(uint16_t ep)
{
	return ep == HYP ? 0 : ep == EXT ? 1 : ep == VM ? 2 : -1;
}

static void count_trace(void *arg, const struct ffa_sim_trace_rec *rec)
{
	int slot = slot_of(rec->endpoint);
	struct counting *c;

	(void)arg;
	if (slot < 0 || rec->depth != 0 || rec->kind != FFA_SIM_TRACE_CALL)
		return;
	c = &CNT[slot];
	c->last_fid = rec->fid;
	c->last_in = *rec->in;
	if (rec->fid == FFA_MEM_FRAG_TX_32)
		c->frag_tx_calls++;
	if (rec->fid == FFA_MEM_FRAG_RX_32)
		c->frag_rx_calls++;
	if ((uint32_t)rec->out->x[0] == FFA_MEM_FRAG_RX_32)
		c->frag_rx_answers++;
	if ((uint32_t)rec->out->x[0] == FFA_MEM_FRAG_TX_32)
		c->frag_tx_answers++;
}

/* Assert a typed call's result, then the simulator's invariants. */
#define expect_rc(call, rc)                                                              \
	do {                                                                             \
		assert_rc((call), (rc));                                                 \
		fx_check(&F);                                                            \
	} while (0)

/* A party: a libffa context at v1.2, own ID known, RX/TX mapped. */
static struct ffa_ctx *party(unsigned int slot, uint16_t ep)
{
	cr_assert_eq(slot_of(ep), (int)slot);
	return fx_ready(&F, slot, ep, FFA_VERSION_1_2);
}

static void setup(void)
{
	memset(CNT, 0, sizeof(CNT));
	fx_config_memchk(&F);
	F.cfg.host.trace = count_trace;
	fx_create(&F);
	fx_own_memory(&F);
}

TestSuite(e2e_mem, .init = setup, .fini = fx_teardown);

/* ---- Helpers ------------------------------------------------------------------ */

static struct ffa_mem_range_iter ranges_iter(struct ffa_mem_range_array *st,
					     const struct ffa_mem_range *r, size_t n)
{
	struct ffa_mem_range_iter it;

	cr_assert_eq(ffa_mem_range_array_iter(st, r, n, &it), 0);
	return it;
}

static struct ffa_mem_txn send_txn(uint16_t sender, const struct ffa_mem_receiver *r, uint32_t n,
				   uint16_t attributes)
{
	return (struct ffa_mem_txn){ .kind = FFA_MEM_DESC_SEND, .sender = sender,
				     .attributes = attributes, .tag = 0x7A6,
				     .receiver_count = n, .receivers = r };
}

/* What a retrieve delivered. */
struct got {
	struct ffa_mem_range r[MANY + 8];
	uint32_t n, pages;
	uint32_t receivers;
	uint8_t perm;
	uint64_t tag;
	uint16_t self;
};

static int got_header(void *arg, const struct ffa_mem_desc *d)
{
	struct got *g = (struct got *)arg;
	struct ffa_mem_receiver e;

	g->receivers = d->receiver_count;
	g->tag = d->tag;
	cr_assert_eq(ffa_mem_desc_receiver(d, 0, &e), 0);
	cr_assert_eq(e.id, g->self);
	g->perm = e.perm;
	return 0;
}

static int got_range(void *arg, uint64_t addr, uint32_t pages)
{
	struct got *g = (struct got *)arg;

	cr_assert_lt(g->n, ARRAY_LEN(g->r));
	g->r[g->n].addr = addr;
	g->r[g->n].pages = pages;
	g->n++;
	g->pages += pages;
	return 0;
}

/* @c (endpoint @self) retrieves @h from @owner as a @type transaction with
 * @perm; @all/@nall, if given, is every borrower (the others are marked
 * non-retrieving). Returns ffa_mem_retrieve()'s result. */
static int retrieve(struct ffa_ctx *c, uint16_t self, uint16_t owner, uint64_t h, uint8_t type,
		    uint8_t perm, const struct ffa_mem_receiver *all, uint32_t nall, struct got *g)
{
	struct ffa_mem_receiver list[4];
	uint32_t n = 1;
	struct ffa_mem_txn req = { .kind = FFA_MEM_DESC_RETRIEVE_REQ, .sender = owner,
				   .flags = FFA_MEM_RETRIEVE_FLAG_TYPE(type), .handle = h,
				   .tag = 0x7A6, .receivers = list };
	struct ffa_mem_retrieve_sink sink = { got_header, got_range, g };
	bool mapped = true;
	int rc;

	memset(g, 0, sizeof(*g));
	g->self = self;
	memset(list, 0, sizeof(list));
	list[0] = (struct ffa_mem_receiver){ .id = self, .perm = perm };
	if (all) {
		n = nall;
		for (uint32_t i = 0; i < nall; i++) {
			list[i] = all[i];
			list[i].flags = all[i].id == self ? 0 : FFA_MEM_EMAD_FLAG_NON_RETRIEVAL;
		}
	}
	req.receiver_count = n;
	rc = ffa_mem_retrieve(c, &req, NULL, &sink, &mapped);
	fx_check(&F);
	if (rc)
		cr_assert_not(mapped, "a failed retrieve left the region mapped");
	return rc;
}

static int relinquish(struct ffa_ctx *c, uint16_t self, uint64_t h)
{
	int rc = ffa_mem_relinquish(c, h, 0, &self, 1);

	fx_check(&F);
	return rc;
}

static int reclaim(struct ffa_ctx *c, uint64_t h)
{
	int rc = ffa_mem_reclaim(c, h, 0);

	fx_check(&F);
	return rc;
}

/* The RX buffer of @c is free (every retrieve path released it). */
static void assert_rx_free(struct ffa_ctx *c)
{
	assert_rc(ffa_rx_release(c), FFA_ERR_DENIED);
}

static void assert_ranges(const struct got *g, const struct ffa_mem_range *r, uint32_t n)
{
	cr_assert_eq(g->n, n, "%u ranges, expected %u", g->n, n);
	for (uint32_t i = 0; i < n; i++) {
		cr_assert_eq(g->r[i].addr, r[i].addr, "range %u", i);
		cr_assert_eq(g->r[i].pages, r[i].pages, "range %u", i);
	}
}

/* HYP reclaims @hd, which works once: then the handle is gone (a second
 * reclaim is INVALID_PARAMETERS). */
static void reclaim_once(struct ffa_ctx *h, uint64_t hd)
{
	expect_rc(reclaim(h, hd), 0);
	expect_rc(reclaim(h, hd), FFA_ERR_INVALID_PARAMETERS);
}

/* All of @ep's owned memory (OWN_PAGES from own(@ep, 0)) is its own
 * outright again. */
static void assert_own_free(uint16_t ep)
{
	fx_assert_owned(&F, ep, own(ep, 0), OWN_PAGES * 4096u);
}

/* The scattered pages of @b (fx_big_memory()) are HYP's outright again. */
static void assert_big_free(const struct big *b)
{
	fx_assert_owned(&F, HYP, pa_of(b->mem), 2u * MANY * 4096u);
}

/* @c (endpoint @self) retrieves @hd, a @type transaction of @b's pages
 * (send_big()) from HYP, asking @perm (@all/@nall as for retrieve()): every
 * range arrives, with the data access asked for, over FRAG_RX calls each
 * answered by FRAG_TX. */
static void retrieve_big(struct ffa_ctx *c, uint16_t self, uint64_t hd, uint8_t type, uint8_t perm,
			 const struct ffa_mem_receiver *all, uint32_t nall, const struct big *b)
{
	static struct got g;
	const struct counting *n = &CNT[slot_of(self)];

	expect_rc(retrieve(c, self, HYP, hd, type, perm, all, nall, &g), 0);
	assert_ranges(&g, b->r, MANY);
	cr_assert_eq(g.pages, MANY);
	cr_assert_eq(ffa_mem_perm_data(g.perm), ffa_mem_perm_data(perm));
	cr_assert_geq(n->frag_rx_calls, 1);
	cr_assert_eq(n->frag_tx_answers, n->frag_rx_calls);
}

/* Every borrower gave @b's pages (sent under @hd) back: HYP reclaims them
 * once, they are HYP's outright again, and @b's memory is freed. */
static void reclaim_big(struct ffa_ctx *h, uint64_t hd, struct big *b)
{
	reclaim_once(h, hd);
	assert_big_free(b);
	free(b->mem);
}

/* HYP sends @pages of its owned memory from page @first to @to with
 * @op (RW, or unspecified for a donation; attributes as the operation
 * requires, tag 0x7A6). The handle. */
static uint64_t send_own(struct ffa_ctx *h, enum ffa_mem_op op, uint16_t to, uint32_t first,
			 uint32_t pages)
{
	struct ffa_mem_receiver r = { .id = to,
				      .perm = op == FFA_MEM_OP_DONATE ? P_NONE : P_RW };
	struct ffa_mem_txn t = send_txn(HYP, &r, 1,
					op == FFA_MEM_OP_SHARE ? FFA_MEM_ATTR_NORMAL_WB_INNER : 0);
	struct ffa_mem_range rg = { own(HYP, first), pages };
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it = ranges_iter(&st, &rg, 1);
	uint64_t hd = 0;

	assert_rc(ffa_mem_send(h, op, &t, &it, NULL, &hd), 0);
	fx_check(&F);
	cr_assert_neq(hd, FFA_MEM_HANDLE_INVALID);
	return hd;
}

/* HYP gets MANY scattered pages (@b) and sends them with @op to @r[@n]:
 * a descriptor of several fragments (300 constituents of 16 bytes do not
 * fit one 4 KiB TX buffer), each FRAG_TX answered FRAG_RX. The handle. */
static uint64_t send_big(struct ffa_ctx *h, enum ffa_mem_op op, const struct ffa_mem_receiver *r,
			 uint32_t n, uint16_t attributes, uint64_t tag, struct big *b)
{
	struct ffa_mem_txn t = send_txn(HYP, r, n, attributes);
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	unsigned int before = CNT[0].frag_tx_calls;
	uint64_t hd = 0;

	t.tag = tag;
	fx_big_memory(&F, b, HYP);
	it = ranges_iter(&st, b->r, MANY);
	assert_rc(ffa_mem_send(h, op, &t, &it, NULL, &hd), 0);
	fx_check(&F);
	cr_assert_geq(CNT[0].frag_tx_calls, before + 1);
	cr_assert_eq(CNT[0].frag_rx_answers, CNT[0].frag_tx_calls);
	return hd;
}

/* ---- Share / lend / donate, TX buffer path -------------------------------------- */

Test(e2e_mem, share_to_one_borrower_retrieve_write_relinquish_reclaim)
{
	struct ffa_ctx *h = party(0, HYP), *x = party(1, EXT);
	struct ffa_mem_receiver r = { .id = EXT, .perm = P_RW };
	struct ffa_mem_txn t = send_txn(HYP, &r, 1, FFA_MEM_ATTR_NORMAL_WB_INNER);
	struct ffa_mem_range rg = { own(HYP, 2), 3 };
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it = ranges_iter(&st, &rg, 1);
	static struct got g;
	uint64_t hd = 0;

	memset(own_ptr(HYP, 2), 0x5A, 3 * 4096);
	expect_rc(ffa_mem_share(h, &t, &it, NULL, &hd), 0);
	cr_assert_neq(hd, FFA_MEM_HANDLE_INVALID);
	cr_assert_eq(CNT[0].frag_rx_answers, 0);
	expect_rc(retrieve(x, EXT, HYP, hd, FFA_MEM_RETRIEVE_TYPE_SHARE, P_RW, NULL, 0, &g), 0);
	assert_ranges(&g, &rg, 1);
	cr_assert_eq(g.receivers, 1);
	cr_assert_eq(g.tag, 0x7A6);
	cr_assert_eq(ffa_mem_perm_data(g.perm), FFA_MEM_DATA_RW);
	assert_rx_free(x);
	/* The borrower uses it (pa == pointer in the fixture). */
	cr_assert_eq(((uint8_t *)(uintptr_t)g.r[0].addr)[4095], 0x5A);
	memset((void *)(uintptr_t)g.r[0].addr, 0xE7, 3 * 4096);
	expect_rc(relinquish(x, EXT, hd), 0);
	reclaim_once(h, hd);
	cr_assert_eq(own_ptr(HYP, 4)[4095], 0xE7);
	assert_own_free(HYP);
}

Test(e2e_mem, lend_of_scattered_pages_fragments_both_ways)
{
	struct ffa_ctx *h = party(0, HYP), *x = party(1, EXT);
	struct ffa_mem_receiver r = { .id = EXT, .perm = P_RW };
	static struct big b;
	uint64_t hd = send_big(h, FFA_MEM_OP_LEND, &r, 1, 0, 0x7A6, &b);

	retrieve_big(x, EXT, hd, FFA_MEM_RETRIEVE_TYPE_LEND, P_RW_NX, NULL, 0, &b);
	assert_rx_free(x);
	expect_rc(reclaim(h, hd), FFA_ERR_DENIED);
	expect_rc(relinquish(x, EXT, hd), 0);
	reclaim_big(h, hd, &b);
}

Test(e2e_mem, share_of_scattered_pages_with_two_borrowers)
{
	struct ffa_ctx *h = party(0, HYP), *x = party(1, EXT), *v = party(2, VM);
	struct ffa_mem_receiver r[2] = { { .id = EXT, .perm = P_RW }, { .id = VM, .perm = P_RO } };
	static struct big b;
	uint64_t hd = send_big(h, FFA_MEM_OP_SHARE, r, 2, FFA_MEM_ATTR_NORMAL_WB_INNER, 0x7A6, &b);

	/* Each borrower lists both (ffa-memory.md 9.1) and gets every range. */
	retrieve_big(x, EXT, hd, FFA_MEM_RETRIEVE_TYPE_SHARE, P_RW, r, 2, &b);
	retrieve_big(v, VM, hd, FFA_MEM_RETRIEVE_TYPE_SHARE, P_RO, r, 2, &b);
	assert_rx_free(x);
	assert_rx_free(v);
	/* Until both have given it back the owner cannot take it. */
	expect_rc(relinquish(x, EXT, hd), 0);
	expect_rc(reclaim(h, hd), FFA_ERR_DENIED);
	expect_rc(relinquish(v, VM, hd), 0);
	reclaim_big(h, hd, &b);
}

Test(e2e_mem, donate_round_trip_between_vm_and_hypervisor_and_to_an_sp)
{
	struct ffa_ctx *h = party(0, HYP), *x = party(1, EXT), *v = party(2, VM);
	struct ffa_mem_receiver to_vm = { .id = VM, .perm = P_NONE };
	struct ffa_mem_receiver to_ext = { .id = EXT, .perm = P_NONE };
	struct ffa_mem_receiver to_hyp = { .id = HYP, .perm = P_NONE };
	struct ffa_mem_txn t = send_txn(HYP, &to_vm, 1, 0);
	struct ffa_mem_range rg = { own(HYP, 8), 2 };
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it = ranges_iter(&st, &rg, 1);
	static struct got g;
	uint64_t hd = 0, back = 0;

	memset(own_ptr(HYP, 8), 0x42, 2 * 4096);
	expect_rc(ffa_mem_donate(h, &t, &it, NULL, &hd), 0);
	expect_rc(retrieve(v, VM, HYP, hd, FFA_MEM_RETRIEVE_TYPE_DONATE, P_RW_NX, NULL, 0, &g), 0);
	assert_ranges(&g, &rg, 1);
	cr_assert_eq(((uint8_t *)(uintptr_t)g.r[0].addr)[8191], 0x42);
	/* Ownership moved: the old owner can neither reclaim nor send it. */
	expect_rc(reclaim(h, hd), FFA_ERR_INVALID_PARAMETERS);
	t = send_txn(HYP, &to_ext, 1, 0);
	it = ranges_iter(&st, &rg, 1);
	expect_rc(ffa_mem_donate(h, &t, &it, NULL, &back), FFA_ERR_DENIED);
	/* The VM donates the same pages back with its own context. */
	t = send_txn(VM, &to_hyp, 1, 0);
	it = ranges_iter(&st, &rg, 1);
	expect_rc(ffa_mem_donate(v, &t, &it, NULL, &back), 0);
	expect_rc(retrieve(h, HYP, VM, back, FFA_MEM_RETRIEVE_TYPE_DONATE, P_RW_NX, NULL, 0, &g),
		  0);
	assert_ranges(&g, &rg, 1);
	assert_own_free(HYP);
	/* Donated to the SP, it is the SP's; secure senders never give
	 * memory to the normal world (DENIED), and the SP keeps it. */
	t = send_txn(HYP, &to_ext, 1, 0);
	it = ranges_iter(&st, &rg, 1);
	expect_rc(ffa_mem_donate(h, &t, &it, NULL, &hd), 0);
	expect_rc(retrieve(x, EXT, HYP, hd, FFA_MEM_RETRIEVE_TYPE_DONATE, P_RW_NX, NULL, 0, &g), 0);
	t = send_txn(EXT, &to_hyp, 1, 0);
	it = ranges_iter(&st, &rg, 1);
	expect_rc(ffa_mem_donate(x, &t, &it, NULL, &back), FFA_ERR_DENIED);
	cr_assert_eq(back, FFA_MEM_HANDLE_INVALID);
	fx_assert_owned(&F, EXT, rg.addr, 2u * 4096u);
}

/* ---- Caller-buffer path -------------------------------------------------------- */

/* The simulator keeps descriptors in the TX buffer only (docs/simulator.md:
 * w3/w4 non-zero is INVALID_PARAMETERS, FEATURES reports no dynamically
 * allocated buffer). libffa sends the caller buffer (x3 = its address,
 * w4 = pages, the 64-bit ID on this SMC64 conduit; a one-page buffer makes
 * the descriptor of 300 ranges a first fragment of two) and passes the
 * refusal through; nothing is left behind and the TX path still works.
 * The exchange over a caller buffer itself cannot run against this core. */
Test(e2e_mem, caller_buffer_refused_cleanly_as_features_says)
{
	struct ffa_ctx *h = party(0, HYP), *x = party(1, EXT);
	struct ffa_mem_receiver r[2] = { { .id = EXT, .perm = P_RW }, { .id = VM, .perm = P_RW } };
	struct ffa_retrieve_props props;
	static struct big b;
	static struct got g;
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	struct ffa_mem_xfer xfer = { .buf = fx_mem(&F, HYP) + 4096u * 2, .pages = 1 };
	uint64_t hd = 0;

	expect_rc(ffa_features_mem_retrieve(h, true, &props), 0);
	cr_assert_not(props.dynamic_buffer);
	fx_big_memory(&F, &b, HYP);
	for (uint32_t n = 1; n <= 2; n++) {
		struct ffa_mem_txn t = send_txn(HYP, r, n, FFA_MEM_ATTR_NORMAL_WB_INNER);

		it = ranges_iter(&st, b.r, MANY);
		expect_rc(ffa_mem_share(h, &t, &it, &xfer, &hd), FFA_ERR_INVALID_PARAMETERS);
		cr_assert_eq(CNT[0].last_fid, FFA_MEM_SHARE_64);
		cr_assert_eq(CNT[0].last_in.x[3], pa_of(xfer.buf));
		cr_assert_eq(CNT[0].last_in.x[4], 1);
		cr_assert_lt(CNT[0].last_in.x[2], CNT[0].last_in.x[1]); /* fragment 1 of 2 */
		cr_assert_eq(hd, FFA_MEM_HANDLE_INVALID);
		it = ranges_iter(&st, b.r, MANY);
		t = send_txn(HYP, r, n, n > 1 ? FFA_MEM_ATTR_NORMAL_WB_INNER : 0);
		expect_rc(ffa_mem_lend(h, &t, &it, &xfer, &hd), FFA_ERR_INVALID_PARAMETERS);
		cr_assert_eq(CNT[0].last_fid, FFA_MEM_LEND_64);
		cr_assert_eq(hd, FFA_MEM_HANDLE_INVALID);
	}
	{
		struct ffa_mem_receiver to_ext = { .id = EXT, .perm = P_NONE };
		struct ffa_mem_txn t = send_txn(HYP, &to_ext, 1, 0);

		it = ranges_iter(&st, b.r, 4);
		expect_rc(ffa_mem_donate(h, &t, &it, &xfer, &hd), FFA_ERR_INVALID_PARAMETERS);
		cr_assert_eq(CNT[0].last_fid, FFA_MEM_DONATE_64);
	}
	assert_big_free(&b);
	/* The TX path right after: share, then a retrieve whose request is in
	 * a caller buffer (refused the same way, nothing mapped). */
	{
		struct ffa_mem_txn t = send_txn(HYP, r, 1, FFA_MEM_ATTR_NORMAL_WB_INNER);
		struct ffa_mem_receiver me = { .id = EXT, .perm = P_RW };
		struct ffa_mem_txn req = { .kind = FFA_MEM_DESC_RETRIEVE_REQ, .sender = HYP,
					   .flags = FFA_MEM_RETRIEVE_FLAG_TYPE(
						   FFA_MEM_RETRIEVE_TYPE_SHARE),
					   .receiver_count = 1, .receivers = &me };
		struct ffa_mem_xfer xx = { .buf = fx_mem(&F, EXT) + 4096u * 2, .pages = 1 };
		struct ffa_mem_retrieve_sink sink = { got_header, got_range, &g };
		bool mapped = true;

		it = ranges_iter(&st, b.r, MANY);
		expect_rc(ffa_mem_share(h, &t, &it, NULL, &hd), 0);
		req.handle = hd;
		memset(&g, 0, sizeof(g));
		g.self = EXT;
		expect_rc(ffa_mem_retrieve(x, &req, &xx, &sink, &mapped),
			  FFA_ERR_INVALID_PARAMETERS);
		cr_assert_eq(CNT[1].last_fid, FFA_MEM_RETRIEVE_REQ_64);
		cr_assert_eq(CNT[1].last_in.x[3], pa_of(xx.buf));
		cr_assert_eq(CNT[1].last_in.x[4], 1);
		cr_assert_not(mapped);
		cr_assert_eq(g.n, 0);
		assert_rx_free(x);
		expect_rc(reclaim(h, hd), 0); /* nobody retrieved it */
	}
	assert_big_free(&b);
	free(b.mem);
}

/* ---- The memory checker partition ---------------------------------------------- */

/* HYP asks MEMCHK to retrieve @hd as @type, expect @expect everywhere and
 * write @write; returns the answer words w3..w7. */
static void memcheck(struct ffa_ctx *h, uint64_t hd, uint8_t type, uint8_t expect, uint8_t write,
		     uint64_t resp[FFA_MSG_DIRECT_WORDS])
{
	uint64_t args[FFA_MSG_DIRECT_WORDS] = {
		FFA_SIM_MEMCHECK_CHECK, HYP, ffa_mem_handle_lo(hd), ffa_mem_handle_hi(hd),
		(uint32_t)expect | (uint32_t)write << 8 | (uint32_t)type << 16
	};

	expect_rc(ffa_msg_send_direct_req(h, MEMCHK, NULL, FFA_MSG_FLAG_32BIT, args, resp), 0);
	fx_check(&F);
}

Test(e2e_mem, memory_checker_retrieves_verifies_and_writes_what_libffa_sent)
{
	struct ffa_ctx *h = party(0, HYP);
	struct ffa_mem_receiver r = { .id = MEMCHK, .perm = P_RW };
	static struct big b;
	struct ffa_mem_range rg = { own(HYP, 0), 5 };
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it = ranges_iter(&st, &rg, 1);
	struct ffa_mem_txn t = send_txn(HYP, &r, 1, FFA_MEM_ATTR_NORMAL_WB_INNER);
	uint64_t resp[FFA_MSG_DIRECT_WORDS], hd = 0;

	t.tag = 0; /* the checker's requests name tag 0 */
	/* Share, one fragment. */
	memset(own_ptr(HYP, 0), 0xAB, 5 * 4096);
	expect_rc(ffa_mem_share(h, &t, &it, NULL, &hd), 0);
	memcheck(h, hd, FFA_MEM_RETRIEVE_TYPE_SHARE, 0xAB, 0xCD, resp);
	cr_assert_eq((int32_t)(uint32_t)resp[0], 0, "status %d", (int32_t)(uint32_t)resp[0]);
	cr_assert_eq(resp[1], 5);
	cr_assert_eq(resp[2], 0);
	cr_assert_eq(resp[3], 1);
	expect_rc(reclaim(h, hd), 0); /* it relinquished */
	for (uint32_t i = 0; i < 5 * 4096; i++)
		cr_assert_eq(own_ptr(HYP, 0)[i], 0xCD, "byte %u", i);
	cr_assert_eq(own_ptr(HYP, 5)[0], 0); /* the next page was not shared */

	/* Lend of scattered pages: fragments both ways (the checker fetches
	 * every response fragment). */
	hd = send_big(h, FFA_MEM_OP_LEND, &r, 1, 0, 0, &b);
	for (uint32_t i = 0; i < MANY; i++)
		memset(b.mem + 8192u * i, 0x3C, 4096);
	memcheck(h, hd, FFA_MEM_RETRIEVE_TYPE_LEND, 0x3C, 0xC3, resp);
	cr_assert_eq((int32_t)(uint32_t)resp[0], 0, "status %d", (int32_t)(uint32_t)resp[0]);
	cr_assert_eq(resp[1], MANY);
	cr_assert_eq(resp[2], 0);
	expect_rc(reclaim(h, hd), 0);
	for (uint32_t i = 0; i < MANY; i++) {
		cr_assert_eq(b.mem[8192u * i], 0xC3, "page %u", i);
		cr_assert_eq(b.mem[8192u * i + 4095], 0xC3, "page %u", i);
		cr_assert_eq(b.mem[8192u * i + 4096], 0, "gap after page %u", i);
	}
	assert_big_free(&b);
	assert_own_free(HYP);
	free(b.mem);
}

/* ---- The services layer -------------------------------------------------------- */

static int count_range(void *arg, uint64_t addr, uint32_t pages)
{
	return got_range(arg, addr, pages);
}

Test(e2e_mem, services_share_and_lend_to_handle_retrieve_relinquish_reclaim)
{
	struct ffa_ctx *h = party(0, HYP), *x = party(1, EXT);
	struct ffa_mem_receiver r = { .id = EXT, .perm = P_RW };
	struct ffa_mem_range rg[2] = { { own(HYP, 0), 2 }, { own(HYP, 4), 1 } };
	struct ffa_mem_range out[2];
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it = ranges_iter(&st, rg, 2);
	struct ffa_mem_region rgn = { .ranges = &it, .receivers = &r, .receiver_count = 1,
				      .attributes = FFA_MEM_SVC_ATTR_DEFAULT, .tag = 99 };
	struct ffa_mem_lent lent;
	struct ffa_mem_borrowed bw;
	struct ffa_mem_borrow req = { .sender = HYP, .tag = 99,
				      .type = FFA_MEM_RETRIEVE_TYPE_SHARE, .perm = P_RW };
	static struct big b;
	static struct got g;

	/* share -> handle -> retrieve -> ranges -> relinquish -> reclaim */
	expect_rc(ffa_mem_svc_share(h, &rgn, &lent), 0);
	cr_assert(lent.live);
	cr_assert_eq(lent.sender, HYP);
	cr_assert_eq(lent.op, FFA_MEM_OP_SHARE);
	req.handle = lent.handle;
	/* Too small an array: BUFFER_TOO_SMALL, the count, nothing mapped. */
	expect_rc(ffa_mem_svc_retrieve(x, &req, out, 1, &bw), FFA_ERR_BUFFER_TOO_SMALL);
	cr_assert_eq(bw.range_count, 2);
	cr_assert_not(bw.retrieved);
	fx_check(&F);
	expect_rc(ffa_mem_svc_reclaim(h, &lent, 0), 0); /* nothing was left mapped */
	cr_assert_not(lent.live);
	expect_rc(ffa_mem_svc_reclaim(h, &lent, 0), FFA_ERR_BAD_ARGUMENT); /* not live */

	it = ranges_iter(&st, rg, 2);
	expect_rc(ffa_mem_svc_share(h, &rgn, &lent), 0);
	req.handle = lent.handle;
	expect_rc(ffa_mem_svc_retrieve(x, &req, out, 2, &bw), 2);
	cr_assert(bw.retrieved);
	cr_assert_eq(bw.handle, lent.handle);
	cr_assert_eq(bw.sender, HYP);
	cr_assert_eq(bw.self, EXT);
	cr_assert_eq(bw.tag, 99);
	cr_assert_eq(bw.total_pages, 3);
	cr_assert_eq(ffa_mem_perm_data(bw.perm), FFA_MEM_DATA_RW);
	cr_assert_eq(out[0].addr, rg[0].addr);
	cr_assert_eq(out[0].pages, 2);
	cr_assert_eq(out[1].addr, rg[1].addr);
	cr_assert_eq(out[1].pages, 1);
	expect_rc(ffa_mem_svc_reclaim(h, &lent, 0), FFA_ERR_DENIED);
	cr_assert(lent.live);
	expect_rc(ffa_mem_svc_relinquish(x, &bw, 0), 0);
	cr_assert_not(bw.retrieved);
	fx_check(&F);
	expect_rc(ffa_mem_svc_relinquish(x, &bw, 0), FFA_ERR_BAD_ARGUMENT);
	expect_rc(ffa_mem_svc_reclaim(h, &lent, 0), 0);
	fx_check(&F);

	/* lend of scattered pages -> retrieve_each (fragmented) -> back */
	fx_big_memory(&F, &b, HYP);
	it = ranges_iter(&st, b.r, MANY);
	expect_rc(ffa_mem_svc_lend(h, &rgn, &lent), 0);
	cr_assert_eq(lent.op, FFA_MEM_OP_LEND);
	req.handle = lent.handle;
	req.type = FFA_MEM_RETRIEVE_TYPE_LEND;
	req.perm = P_RW_NX;
	memset(&g, 0, sizeof(g));
	expect_rc(ffa_mem_svc_retrieve_each(x, &req, count_range, &g, &bw), MANY);
	assert_ranges(&g, b.r, MANY);
	cr_assert_eq(bw.total_pages, MANY);
	cr_assert_geq(CNT[1].frag_tx_answers, 1);
	expect_rc(ffa_mem_svc_relinquish(x, &bw, 0), 0);
	expect_rc(ffa_mem_svc_reclaim(h, &lent, 0), 0);
	fx_check(&F);
	assert_rx_free(x);
	assert_big_free(&b);
	assert_own_free(HYP);
	free(b.mem);
}

/* ---- Refusals, end to end -------------------------------------------------------- */

Test(e2e_mem, reclaim_before_relinquish_is_denied_and_a_second_reclaim_invalid)
{
	struct ffa_ctx *h = party(0, HYP), *x = party(1, EXT);
	static struct got g;
	uint64_t hd = send_own(h, FFA_MEM_OP_LEND, EXT, 1, 1);

	expect_rc(retrieve(x, EXT, HYP, hd, FFA_MEM_RETRIEVE_TYPE_LEND, P_RW_NX, NULL, 0, &g), 0);
	expect_rc(reclaim(h, hd), FFA_ERR_DENIED);
	expect_rc(reclaim(h, hd), FFA_ERR_DENIED); /* the refusal changed nothing */
	expect_rc(relinquish(x, EXT, hd), 0);
	expect_rc(relinquish(x, EXT, hd), FFA_ERR_INVALID_PARAMETERS);
	reclaim_once(h, hd);
	assert_own_free(HYP);
}

Test(e2e_mem, retrieve_by_a_non_receiver_is_refused)
{
	struct ffa_ctx *h = party(0, HYP), *x = party(1, EXT), *v = party(2, VM);
	static struct got g;
	uint64_t hd = send_own(h, FFA_MEM_OP_SHARE, EXT, 3, 2);

	/* VM names itself: it is not a borrower of this transaction. */
	expect_rc(retrieve(v, VM, HYP, hd, FFA_MEM_RETRIEVE_TYPE_SHARE, P_RW, NULL, 0, &g),
		  FFA_ERR_INVALID_PARAMETERS);
	cr_assert_eq(g.n, 0);
	assert_rx_free(v);
	/* VM names the real borrower instead: still not its transaction. */
	expect_rc(retrieve(v, EXT, HYP, hd, FFA_MEM_RETRIEVE_TYPE_SHARE, P_RW, NULL, 0, &g),
		  FFA_ERR_INVALID_PARAMETERS);
	assert_rx_free(v);
	/* Nothing was granted: the owner takes it straight back. */
	expect_rc(reclaim(h, hd), 0);
	/* A handle that no longer exists, for the real borrower. */
	expect_rc(retrieve(x, EXT, HYP, hd, FFA_MEM_RETRIEVE_TYPE_SHARE, P_RW, NULL, 0, &g),
		  FFA_ERR_INVALID_PARAMETERS);
	assert_rx_free(x);
	assert_own_free(HYP);
}

Test(e2e_mem, reclaim_by_a_non_owner_is_refused)
{
	struct ffa_ctx *h = party(0, HYP), *x = party(1, EXT), *v = party(2, VM);
	uint64_t hd = send_own(h, FFA_MEM_OP_SHARE, EXT, 6, 1);

	expect_rc(reclaim(v, hd), FFA_ERR_INVALID_PARAMETERS); /* a bystander */
	expect_rc(reclaim(x, hd), FFA_ERR_INVALID_PARAMETERS); /* the borrower */
	reclaim_once(h, hd);
	assert_own_free(HYP);
}

Test(e2e_mem, sending_memory_not_owned_is_refused)
{
	struct ffa_ctx *h = party(0, HYP), *v = party(2, VM);
	struct ffa_mem_receiver r = { .id = EXT, .perm = P_RW };
	struct ffa_mem_txn t = send_txn(HYP, &r, 1, FFA_MEM_ATTR_NORMAL_WB_INNER);
	static struct big b;
	struct ffa_mem_range rg;
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	uint64_t hd = 0;

	/* Another endpoint's memory. */
	rg = (struct ffa_mem_range){ own(VM, 0), 2 };
	it = ranges_iter(&st, &rg, 1);
	expect_rc(ffa_mem_share(h, &t, &it, NULL, &hd), FFA_ERR_DENIED);
	cr_assert_eq(hd, FFA_MEM_HANDLE_INVALID);
	/* Memory nobody added (the first half of HYP's region, not its
	 * RX/TX pages). */
	rg = (struct ffa_mem_range){ pa_of(fx_mem(&F, HYP) + 4u * 4096u), 1 };
	it = ranges_iter(&st, &rg, 1);
	expect_rc(ffa_mem_share(h, &t, &it, NULL, &hd), FFA_ERR_DENIED);
	/* Its own TX buffer. */
	rg = (struct ffa_mem_range){ pa_of(fx_tx(&F, HYP)), 1 };
	it = ranges_iter(&st, &rg, 1);
	expect_rc(ffa_mem_share(h, &t, &it, NULL, &hd), FFA_ERR_DENIED);
	/* Owned pages followed, in a later fragment, by one it does not own:
	 * the whole transaction goes, the owned pages are free again. */
	fx_big_memory(&F, &b, HYP);
	b.r[MANY - 1] = (struct ffa_mem_range){ own(VM, 3), 1 };
	it = ranges_iter(&st, b.r, MANY);
	expect_rc(ffa_mem_share(h, &t, &it, NULL, &hd), FFA_ERR_DENIED);
	cr_assert_geq(CNT[0].frag_tx_calls, 1);
	cr_assert_eq(hd, FFA_MEM_HANDLE_INVALID);
	/* Memory shared with it is not its to send on. */
	{
		struct ffa_mem_receiver to_vm = { .id = VM, .perm = P_RW };
		struct ffa_mem_txn tv = send_txn(HYP, &to_vm, 1, FFA_MEM_ATTR_NORMAL_WB_INNER);
		struct ffa_mem_txn fwd = send_txn(VM, &r, 1, FFA_MEM_ATTR_NORMAL_WB_INNER);
		static struct got g;
		uint64_t h2 = 0;

		rg = (struct ffa_mem_range){ own(HYP, 10), 1 };
		it = ranges_iter(&st, &rg, 1);
		expect_rc(ffa_mem_share(h, &tv, &it, NULL, &hd), 0);
		expect_rc(retrieve(v, VM, HYP, hd, FFA_MEM_RETRIEVE_TYPE_SHARE, P_RW, NULL, 0,
				   &g),
			  0);
		it = ranges_iter(&st, &rg, 1);
		expect_rc(ffa_mem_share(v, &fwd, &it, NULL, &h2), FFA_ERR_DENIED);
		cr_assert_eq(h2, FFA_MEM_HANDLE_INVALID);
		expect_rc(relinquish(v, VM, hd), 0);
		expect_rc(reclaim(h, hd), 0);
	}
	assert_big_free(&b);
	assert_own_free(HYP);
	assert_own_free(VM);
	/* The TX buffer is free: the next send works. */
	rg = (struct ffa_mem_range){ own(HYP, 0), 1 };
	it = ranges_iter(&st, &rg, 1);
	expect_rc(ffa_mem_share(h, &t, &it, NULL, &hd), 0);
	expect_rc(reclaim(h, hd), 0);
	free(b.mem);
}

/* ---- What the simulator does not implement ------------------------------------- */

/* MEM_PERM_GET/SET and MEM_OP_PAUSE/RESUME (time slicing) are not simulated
 * (docs/simulator.md): the typed calls get NOT_SUPPORTED, FFA_FEATURES
 * agrees, and a send asking for time slicing is refused without a trace. */
Test(e2e_mem, perm_and_time_slicing_calls_not_supported_and_features_agrees)
{
	struct ffa_ctx *h = party(0, HYP), *x = party(1, EXT);
	static const uint32_t ids[] = { FFA_MEM_PERM_GET_32, FFA_MEM_PERM_GET_64,
					FFA_MEM_PERM_SET_32, FFA_MEM_PERM_SET_64,
					FFA_MEM_OP_PAUSE_32, FFA_MEM_OP_RESUME_32 };
	struct ffa_mem_receiver r = { .id = EXT, .perm = P_RW };
	struct ffa_mem_txn t = send_txn(HYP, &r, 1, FFA_MEM_ATTR_NORMAL_WB_INNER);
	struct ffa_mem_range rg = { own(HYP, 0), 1 };
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it = ranges_iter(&st, &rg, 1);
	struct ffa_regs out;
	uint32_t perm = 0xA5A5;
	uint64_t hd = 0;

	for (size_t i = 0; i < ARRAY_LEN(ids); i++) {
		expect_rc(ffa_features(x, ids[i], 0, NULL), FFA_ERR_NOT_SUPPORTED);
		expect_rc(ffa_features(h, ids[i], 0, NULL), FFA_ERR_NOT_SUPPORTED);
		cr_assert_eq(ffa_features_cached(x, ids[i]), 0);
	}
	/* The SP's own page permissions (S-EL0 calls). */
	expect_rc(ffa_mem_perm_get(x, pa_of(fx_mem(&F, EXT)) + 4u * 4096u, &perm),
		  FFA_ERR_NOT_SUPPORTED);
	cr_assert_eq(CNT[1].last_fid, FFA_MEM_PERM_GET_64);
	expect_rc(ffa_mem_perm_set(x, pa_of(fx_mem(&F, EXT)) + 4u * 4096u, 2,
				   FFA_MEM_PERM_DATA_RO),
		  FFA_ERR_NOT_SUPPORTED);
	cr_assert_eq(CNT[1].last_fid, FFA_MEM_PERM_SET_64);
	/* Resuming: the call exists for the caller, the simulator refuses it. */
	expect_rc(ffa_mem_share(h, &t, &it, NULL, &hd), 0);
	expect_rc(ffa_mem_op_resume(h, hd, &out), FFA_ERR_NOT_SUPPORTED);
	cr_assert_eq(CNT[0].last_fid, FFA_MEM_OP_RESUME_32);
	expect_rc(reclaim(h, hd), 0);
	/* Asking for time slicing: refused, nothing kept. */
	t.flags = FFA_MEM_FLAG_TIME_SLICE;
	it = ranges_iter(&st, &rg, 1);
	expect_rc(ffa_mem_share(h, &t, &it, NULL, &hd), FFA_ERR_INVALID_PARAMETERS);
	cr_assert_eq(hd, FFA_MEM_HANDLE_INVALID);
	t.flags = 0;
	it = ranges_iter(&st, &rg, 1);
	expect_rc(ffa_mem_share(h, &t, &it, NULL, &hd), 0);
	/* The reclaim flag only permits pausing: accepted, never paused
	 * (docs/sim-memory.md lists the refusal for the send flag only). */
	expect_rc(ffa_mem_reclaim(h, hd, FFA_MEM_RECLAIM_FLAG_TIME_SLICE), 0);
	cr_assert_eq(CNT[0].last_fid, FFA_MEM_RECLAIM_32);
	expect_rc(reclaim(h, hd), FFA_ERR_INVALID_PARAMETERS);
	assert_own_free(HYP);
}

/* ---- Layout versions ------------------------------------------------------------ */

/* Each side uses its own negotiated layout (known-bugs.md 15, 23): a v1.1
 * owner's fragmented descriptor (32-byte EMADs), retrieved by a v1.0 SP
 * (16-byte EMADs, its own response layout) and a v1.2 VM (48-byte EMADs). */
Test(e2e_mem, owner_and_borrowers_at_different_versions)
{
	struct ffa_ctx *h = fx_ready(&F, 0, HYP, FFA_VERSION_1_1);
	struct ffa_ctx *x = fx_ready(&F, 1, EXT, FFA_VERSION_1_0);
	struct ffa_ctx *v = fx_ready(&F, 2, VM, FFA_VERSION_1_2);
	struct ffa_mem_receiver r[2] = { { .id = EXT, .perm = P_RW }, { .id = VM, .perm = P_RW } };
	static struct big b;
	uint64_t hd = send_big(h, FFA_MEM_OP_SHARE, r, 2, FFA_MEM_ATTR_NORMAL_WB_INNER, 0x7A6, &b);

	retrieve_big(x, EXT, hd, FFA_MEM_RETRIEVE_TYPE_SHARE, P_RW, r, 2, &b);
	retrieve_big(v, VM, hd, FFA_MEM_RETRIEVE_TYPE_SHARE, P_RW, r, 2, &b);
	expect_rc(relinquish(x, EXT, hd), 0);
	expect_rc(relinquish(v, VM, hd), 0);
	reclaim_big(h, hd, &b);
}
