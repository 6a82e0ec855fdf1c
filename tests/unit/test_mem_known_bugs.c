/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Regression tests for the known-bugs.md classes that touch the memory
 * calls (the ABI layer over the descriptors), one test per class, named
 * after it. The descriptor-layer side of classes 8, 12, 15-20, 23-26, 31
 * and 40 is in test_desc_known_bugs.c; here is what needs the calls:
 * registers, the fragment exchange, RX/TX ownership, the undo.
 */
#include <stdlib.h>
#include <string.h>

#include "desc_vectors.h"
#include "mem_send_case.h"

#define H1 0xFFFFFFC100001234ull
#define H2 0x0000100000000000ull

struct collect {
	size_t n;
	uint64_t addr[1024];
	int lock_depth_seen; /* lock depth while the sink runs */
	struct mem_rig *g;
};

static int collect_range(void *arg, uint64_t addr, uint32_t pages)
{
	struct collect *c = arg;

	(void)pages;
	cr_assert(c->n < ARRAY_LEN(c->addr));
	c->addr[c->n++] = addr;
	if (c->g)
		c->lock_depth_seen = c->g->lock_depth;
	return 0;
}

/* What the retrieve tests declare: the request (H1, flags 0), a collecting
 * sink, the rig and, unless @n is 0, a hand-laid response of @n ranges at
 * @version about H1 (as test_mem_retrieve.c's retr_case, with this file's
 * sink). retr_case_end() checks the rig and frees the rig and response. */
struct retr_case {
	struct ffa_mem_txn rq;
	struct collect c;
	struct ffa_mem_retrieve_sink sk;
	struct mem_rig g;
	size_t rl;
	uint8_t *resp;
};

static void retr_case_init(struct retr_case *r, uint32_t version, size_t n)
{
	r->rq = mt_request(H1, 0);
	memset(&r->c, 0, sizeof(r->c));
	r->sk = (struct ffa_mem_retrieve_sink){ NULL, collect_range, &r->c };
	r->rl = 0;
	r->resp = n ? mt_resp(version, n, H1, 0, &r->rl) : NULL;
}

/* retr_case_init() and a rig at @version (CAPS_ALL, one-page pair)
 * serving the response. */
static void retr_case_begin(struct retr_case *r, uint32_t version, size_t n)
{
	retr_case_init(r, version, n);
	rig_init(&r->g, version, CAPS_ALL, 1);
	rig_serve(&r->g, r->resp, r->rl);
}

/* On @g, the v1.2 request of @r (@fid; @addr/@pages: the caller buffer,
 * 0/0 for the TX buffer) answered with the whole response in one
 * fragment, then the release. */
static void expect_whole_response_on(struct mem_rig *g, const struct retr_case *r, uint32_t fid,
				     uint64_t addr, uint32_t pages)
{
	rig_step(g, FRAME(fid, 80, 80, addr, pages), FRAME(FFA_MEM_RETRIEVE_RESP_32, r->rl, r->rl));
	rig_release(g);
}

/* The same on @r's own rig through the TX buffer. */
static void expect_whole_response(struct retr_case *r)
{
	expect_whole_response_on(&r->g, r, FFA_MEM_RETRIEVE_REQ_32, 0, 0);
}

/* Start the rig unless @start is false, retrieve through the TX buffer into
 * the sink, and check the result is @rc. */
static void retr_case_run(struct retr_case *r, bool start, int rc)
{
	if (start)
		rig_start(&r->g);
	assert_rc(ffa_mem_retrieve(&r->g.ctx, &r->rq, NULL, &r->sk, NULL), rc);
}

static void retr_case_end(struct retr_case *r)
{
	retr_end(&r->g, r->resp);
}

/* 7: the error code is w2, a signed 32-bit value; w1 and the upper half of
 * x2 are not it. */
Test(mem_known_bugs, known_bug_7_error_code_in_w2_only)
{
	struct send_case c;

	send_case_init(&c, 1);
	/* w1 carries a plausible code; w2 the real one, sign-extended. */
	rig_step(&c.g, FRAME(FFA_MEM_SHARE_32, 112, 112),
		 FRAME(FFA_ERROR_32, (uint32_t)FFA_ERR_INVALID_PARAMETERS,
		       0xFFFFFFFFFFFFFFFAull));
	rig_step(&c.g, fr_reclaim(H1, 0),
		 FRAME(FFA_ERROR_32, 0, 0x00000000FFFFFFFCull)); /* zero-extended BUSY */
	rig_step(&c.g, fr_reclaim(H1, 0), FRAME(FFA_ERROR_32, (uint32_t)FFA_ERR_DENIED, 0));
	send_case_run(&c, FFA_ERR_DENIED, FFA_MEM_HANDLE_INVALID);
	assert_rc(ffa_mem_reclaim(&c.g.ctx, H1, 0), FFA_ERR_BUSY);
	/* Code 0 in w2 is no FF-A error at all. */
	assert_rc(ffa_mem_reclaim(&c.g.ctx, H1, 0), FFA_ERR_PROTOCOL);
	send_case_end(&c);
}

/* 9: the 64-bit ID exactly when an argument is 64-bit and the conduit
 * carries SMC64; never on a 32-bit conduit. */
Test(mem_known_bugs, known_bug_9_smc32_vs_smc64_selection)
{
	struct ffa_mem_xfer x;
	struct send_case c;
	struct retr_case r;
	uint32_t perm;

	retr_case_init(&r, FFA_VERSION_1_2, 1);
	send_case_init(&c, 1);
	rig_caller_buf(&c.g, 1, false);
	rig_serve(&c.g, r.resp, r.rl);
	rig_step(&c.g, FRAME(FFA_MEM_SHARE_32, 112, 112), fr_ok_handle(H1));     /* TX */
	rig_step(&c.g, FRAME(FFA_MEM_SHARE_64, 112, 112, MT_BUF_PA, 1), fr_ok_handle(H1));
	expect_whole_response_on(&c.g, &r, FFA_MEM_RETRIEVE_REQ_32, 0, 0);
	expect_whole_response_on(&c.g, &r, FFA_MEM_RETRIEVE_REQ_64, MT_BUF_PA, 1);
	rig_step(&c.g, FRAME(FFA_MEM_PERM_GET_64, 0x1000), OK32(0, 5));
	x = (struct ffa_mem_xfer){ .buf = c.g.buf, .pages = 1 };
	send_case_name(&c, "SMC64: TX buffer");
	send_case_run(&c, 0, H1);
	c.x = &x;
	send_case_name(&c, "SMC64: caller buffer");
	send_case_run(&c, 0, H1);
	assert_rc(ffa_mem_retrieve(&c.g.ctx, &r.rq, NULL, &r.sk, NULL), 0);
	assert_rc(ffa_mem_retrieve(&c.g.ctx, &r.rq, &x, &r.sk, NULL), 0);
	assert_rc(ffa_mem_perm_get(&c.g.ctx, 0x1000, &perm), 0);

	/* A 32-bit conduit: the same calls, every ID 32-bit. */
	send_case_again(&c, FFA_VERSION_1_2, 0);
	rig_caller_buf(&c.g, 1, false);
	rig_serve(&c.g, r.resp, r.rl);
	rig_step(&c.g, FRAME(FFA_MEM_SHARE_32, 112, 112, MT_BUF_PA, 1), fr_ok_handle(H1));
	expect_whole_response_on(&c.g, &r, FFA_MEM_RETRIEVE_REQ_32, MT_BUF_PA, 1);
	rig_step(&c.g, FRAME(FFA_MEM_PERM_GET_32, 0x1000), OK32(0, 5));
	x = (struct ffa_mem_xfer){ .buf = c.g.buf, .pages = 1 };
	send_case_name(&c, "SMC32: caller buffer");
	send_case_run(&c, 0, H1);
	assert_rc(ffa_mem_retrieve(&c.g.ctx, &r.rq, &x, &r.sk, NULL), 0);
	assert_rc(ffa_mem_perm_get(&c.g.ctx, 0x1000, &perm), 0);
	send_case_end(&c);
	free(r.resp);
}

/* 10: every must-be-zero register of every memory call is zero. A
 * recording conduit plays a small manager and keeps every frame. */
struct rec {
	struct ffa_regs in[64];
	size_t n;
	uint32_t total, got; /* send stream */
	uint8_t *rx;
	const uint8_t *resp;
	size_t resp_len;
};

static int rec_call(void *priv, const struct ffa_regs *in, struct ffa_regs *out)
{
	struct rec *r = priv;
	uint32_t fid = (uint32_t)in->x[0] & ~FFA_FID_64BIT_BIT;
	struct ffa_regs a = { { 0 } };

	cr_assert(r->n < ARRAY_LEN(r->in));
	r->in[r->n++] = *in;
	a.x[0] = FFA_SUCCESS_32;
	switch (fid) {
	case FFA_VERSION_32:
		a.x[0] = FFA_VERSION_1_2;
		break;
	case FFA_MEM_SHARE_32:
	case FFA_MEM_FRAG_TX_32:
		if (fid == FFA_MEM_SHARE_32) {
			r->total = (uint32_t)in->x[1];
			r->got = (uint32_t)in->x[2];
		} else {
			r->got += (uint32_t)in->x[3];
		}
		a = r->got < r->total ? fr_frag_rx(H1, r->got) : fr_ok_handle(H1);
		break;
	case FFA_MEM_RETRIEVE_REQ_32:
		memcpy(r->rx, r->resp, 4096);
		a = FRAME(FFA_MEM_RETRIEVE_RESP_32, r->resp_len, 4096);
		break;
	case FFA_MEM_FRAG_RX_32:
		memcpy(r->rx, r->resp + in->x[3], r->resp_len - in->x[3]);
		a = fr_frag_tx(H1, (uint32_t)(r->resp_len - in->x[3]));
		break;
	case FFA_MEM_PERM_GET_32:
		a.x[2] = 5;
		break;
	default:
		break;
	}
	*out = a;
	return 0;
}

Test(mem_known_bugs, known_bug_10_mbz_registers_are_zero)
{
	static const uint16_t id = 0x8001;
	struct rec r = { .n = 0 };
	struct ffa_conduit c = { rec_call, &r, CAPS_ALL };
	struct ffa_ctx ctx;
	uint8_t *tx = aligned_alloc(4096, 4096), *rx = aligned_alloc(4096, 4096);
	struct ffa_mem_txn t = mt_txn(0x2F, 0, NULL, 1);
	struct retr_case rt;
	struct mt_sender s;
	uint64_t h;
	uint32_t perm;

	/* A response of 4096 + 1024 bytes: 314 constituents after 96. No rig:
	 * the recording conduit plays the manager. */
	retr_case_init(&rt, FFA_VERSION_1_2, 314);
	r.rx = rx;
	r.resp = rt.resp;
	r.resp_len = rt.rl;
	cr_assert_eq(rt.rl, 4096u + 1024u);
	mt_sender_init(&s, 600);
	cr_assert_eq(ffa_ctx_init(&ctx, &c, NULL), 0);
	assert_rc(ffa_version(&ctx, FFA_VERSION_1_2, NULL), 0);
	assert_rc(ffa_rxtx_map(&ctx, tx, rx, 1), 0);
	r.n = 0;
	assert_rc(ffa_mem_send(&ctx, FFA_MEM_OP_SHARE, &t, &s.it, NULL, &h), 0);
	assert_rc(ffa_mem_retrieve(&ctx, &rt.rq, NULL, &rt.sk, NULL), 0);
	assert_rc(ffa_mem_relinquish(&ctx, H1, 0, &id, 1), 0);
	assert_rc(ffa_mem_reclaim(&ctx, H1, 0), 0);
	assert_rc(ffa_mem_perm_get(&ctx, 0x1000, &perm), 0);
	assert_rc(ffa_mem_perm_set(&ctx, 0x1000, 1, 5), 0);
	assert_rc(ffa_mem_op_resume(&ctx, H1, NULL), 0);

	for (size_t i = 0; i < r.n; i++) {
		const struct ffa_regs *f = &r.in[i];
		uint32_t fid = (uint32_t)f->x[0] & ~FFA_FID_64BIT_BIT;
		unsigned int first_mbz;

		switch (fid) {
		case FFA_MEM_RELINQUISH_32:
		case FFA_RX_RELEASE_32:
			first_mbz = 1; /* no argument at all */
			break;
		case FFA_MEM_OP_RESUME_32:
			first_mbz = 3;
			break;
		case FFA_MEM_PERM_GET_32:
			first_mbz = 2; /* w2 = 0: one page before v1.3 */
			break;
		case FFA_MEM_RECLAIM_32:
		case FFA_MEM_PERM_SET_32:
			first_mbz = 4;
			break;
		default: /* SHARE, FRAG_TX, RETRIEVE_REQ, FRAG_RX: w4 0 here */
			first_mbz = 3;
			if (fid == FFA_MEM_FRAG_TX_32 || fid == FFA_MEM_FRAG_RX_32)
				first_mbz = 4;
			break;
		}
		for (unsigned int k = first_mbz; k < FFA_REGS_COUNT; k++)
			cr_assert_eq(f->x[k], 0, "frame %zu (fid %#x): x%u = %#llx", i, fid, k,
				     (unsigned long long)f->x[k]);
	}
	cr_assert_eq(rt.c.n, 314u);
	cr_assert_eq(r.n, 12u, "frames checked: %zu", r.n);
	free(tx);
	free(rx);
	free(rt.resp);
	free(s.ranges);
}

/* 12: IDs >= 0x8000 packed into w4[31:16] without int promotion. */
Test(mem_known_bugs, known_bug_12_id_promotion_in_forwarded_w4)
{
	static const uint16_t ids[] = { 0x8001, 0xFFFF };
	const struct ffa_regs answers[] = { fr_frag_rx(H1, 4096), fr_ok_handle(H1) };

	for (size_t i = 0; i < ARRAY_LEN(ids); i++) {
		struct ffa_mem_receiver r = { .id = 0x0002, .perm = FFA_MEM_PERM_RW };
		struct ffa_mem_xfer x = { .forward = true };
		struct send_case c;

		send_case_init(&c, 300);
		send_case_name(&c, "sender %#x", ids[i]);
		c.t = mt_txn(0x2F, 0, &r, 1);
		c.t.sender = ids[i];
		c.x = &x;
		expect_share(&c.g, H1, 96 + 4800, (uint32_t)ids[i] << 16, answers,
			     ARRAY_LEN(answers));
		send_case_run(&c, 0, H1);
		send_case_end(&c);
	}
}

/* 20: arithmetic overflow in ranges the calls take: MEM_PERM_SET at the
 * top of the address space, a caller buffer whose end wraps, a fragment
 * length that would wrap the received count. */
Test(mem_known_bugs, known_bug_20_arithmetic_overflow)
{
	struct retr_case r;

	retr_case_begin(&r, FFA_VERSION_1_2, 600);
	rig_step(&r.g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80),
		 FRAME(FFA_MEM_RETRIEVE_RESP_32, r.rl, 4096));
	rig_release(&r.g);
	/* 4096 + 0xFFFFF000 wraps 32 bits to 0: must not pass as "done". */
	rig_step(&r.g, fr_frag_rx(H1, 4096), fr_frag_tx(H1, 0xFFFFF000u));
	rig_release(&r.g);
	rig_step(&r.g, FRAME(FFA_MEM_RELINQUISH_32), OK32());
	retr_case_run(&r, true, FFA_ERR_PROTOCOL);
	assert_rc(ffa_mem_perm_set(&r.g.ctx, 0xFFFFFFFFFFFFE000ull, 3, 5), FFA_ERR_BAD_ARGUMENT);
	{
		struct ffa_mem_txn t = mt_txn(0x2F, 0, NULL, 1);
		struct ffa_mem_xfer x = { .buf = (void *)(uintptr_t)(UINTPTR_MAX & ~(uintptr_t)4095),
					  .pages = 2 };
		struct mt_sender s;
		uint64_t h = 7;

		mt_sender_init(&s, 1);
		assert_rc(ffa_mem_send(&r.g.ctx, FFA_MEM_OP_SHARE, &t, &s.it, &x, &h),
			  FFA_ERR_BAD_ARGUMENT);
		cr_assert_eq(h, FFA_MEM_HANDLE_INVALID);
		free(s.ranges);
	}
	retr_case_end(&r);
}

/* 21: lengths from the manager bound nothing unchecked: a first fragment
 * longer than the RX buffer is refused before a byte is read (the RX
 * buffer is an exactly sized allocation: ASan would see an overrun). */
Test(mem_known_bugs, known_bug_21_lengths_from_the_manager_are_checked)
{
	struct retr_case r;

	retr_case_begin(&r, FFA_VERSION_1_2, 600);
	expect_whole_response(&r);
	rig_step(&r.g, FRAME(FFA_MEM_RELINQUISH_32), OK32());
	retr_case_run(&r, true, FFA_ERR_PROTOCOL);
	cr_assert_eq(r.c.n, 0u);
	retr_case_end(&r);
}

/* 23: FRAG_RX offsets count bytes of the caller's own layout: the same
 * transaction is offset 4096 after a 4096-byte fragment at v1.0 and at v1.2,
 * but the total differs (64- vs 96-byte head), and an offset in the other
 * layout's terms is refused. */
Test(mem_known_bugs, known_bug_23_fragment_offsets_in_callers_version)
{
	struct send_case c;

	/* v1.0: T = 64 + 4800 = 4864; first fragment 4096 (252 ranges). */
	send_case_init_rig(&c, 300, FFA_VERSION_1_0, CAPS_ALL, 1);
	SHARE(&c, H1, 4864, fr_frag_rx(H1, 4096), fr_ok_handle(H1));
	send_case_name(&c, "v1.0 offsets");
	send_case_run(&c, 0, H1);

	/* v1.2: T = 4896; a manager answering with a v1.0-layout offset of
	 * the same constituent (64 + 250 * 16 = 4064) is refused. */
	send_case_again(&c, FFA_VERSION_1_2, CAPS_ALL);
	SHARE(&c, H1, 4896, fr_frag_rx(H1, 4064), ERR(FFA_ERR_INVALID_PARAMETERS));
	send_case_name(&c, "v1.0 offset at v1.2");
	send_case_run(&c, FFA_ERR_PROTOCOL, FFA_MEM_HANDLE_INVALID);
	send_case_end(&c);
}

/* 24: FRAG_RX carries the handle in w1/w2, SUCCESS in w2/w3. Answers that
 * put it in the other pair are caught. */
Test(mem_known_bugs, known_bug_24_handle_registers_of_frag_rx_and_success)
{
	struct send_case c;

	/* The right way round. */
	send_case_init(&c, 300);
	SHARE(&c, H1, 4896, fr_frag_rx(H1, 4096), fr_ok_handle(H1));
	send_case_name(&c, "right way round");
	send_case_run(&c, 0, H1);

	/* SUCCESS with the handle in w1/w2 (FRAG_RX style): w2/w3 then say
	 * (hi, 0), another handle: refused, ours reclaimed. */
	send_case_again(&c, FFA_VERSION_1_2, CAPS_ALL);
	SHARE(&c, H1, 4896, fr_frag_rx(H1, 4096),
	      FRAME(FFA_SUCCESS_32, (uint32_t)H1, (uint32_t)(H1 >> 32)));
	rig_step(&c.g, fr_reclaim(H1, 0), OK32());
	send_case_name(&c, "SUCCESS, handle in w1/w2");
	send_case_run(&c, FFA_ERR_PROTOCOL, FFA_MEM_HANDLE_INVALID);

	/* A later FRAG_RX with the handle in w2/w3 (SUCCESS style). */
	send_case_again(&c, FFA_VERSION_1_2, CAPS_ALL);
	SHARE_600(&c, H1, fr_frag_rx(H1, 4096),
		  FRAME(FFA_MEM_FRAG_RX_32, 0, (uint32_t)H1, (uint32_t)(H1 >> 32)));
	rig_step(&c.g, fr_reclaim(H1, 0), ERR(FFA_ERR_INVALID_PARAMETERS));
	rig_step(&c.g, fr_frag_tx(H1, 1504), ERR(FFA_ERR_INVALID_PARAMETERS));
	send_case_start(&c);
	free(c.s.ranges);
	mt_sender_init(&c.s, 600);
	send_case_name(&c, "FRAG_RX, handle in w2/w3");
	send_case_run(&c, FFA_ERR_PROTOCOL, FFA_MEM_HANDLE_INVALID);
	send_case_end(&c);
}

/* 25: a response over several fragments: every fragment's ranges reach
 * the caller, in order, none twice (a destination pointer not advanced
 * would repeat the first fragment's). */
Test(mem_known_bugs, known_bug_25_multi_fragment_retrieve_response)
{
	struct retr_case r;

	retr_case_begin(&r, FFA_VERSION_1_1, 700); /* 64 + 11200 */
	rig_step(&r.g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 64, 64),
		 FRAME(FFA_MEM_RETRIEVE_RESP_32, r.rl, 4096));
	rig_release(&r.g);
	rig_step(&r.g, fr_frag_rx(H1, 4096), fr_frag_tx(H1, 4096));
	rig_release(&r.g);
	rig_step(&r.g, fr_frag_rx(H1, 8192), fr_frag_tx(H1, (uint32_t)r.rl - 8192));
	rig_release(&r.g);
	retr_case_run(&r, true, 0);
	cr_assert_eq(r.c.n, 700u);
	for (size_t i = 0; i < r.c.n; i++)
		cr_assert_eq(r.c.addr[i], 0x80000000ull + (uint64_t)i * 8192u, "range %zu", i);
	retr_case_end(&r);
}

/* 26: no transaction is left behind after a partial transmission: the
 * three manager states (discarded, complete, waiting) each end clean. */
Test(mem_known_bugs, known_bug_26_rollback_after_partial_transmission)
{
	struct send_case c;

	send_case_init(&c, 600);
	for (int state = 0; state < 3; state++) {
		if (state > 0)
			send_case_again(&c, FFA_VERSION_1_2, CAPS_ALL);
		send_case_name(&c, "state %d", state);
		if (state == 0) {        /* refused: the manager discarded it */
			SHARE_600(&c, H1, fr_frag_rx(H1, 4096), ERR(FFA_ERR_NO_MEMORY));
		} else if (state == 1) { /* completed too early: reclaimed */
			SHARE_600(&c, H1, fr_frag_rx(H1, 4096), fr_ok_handle(H1));
			rig_step(&c.g, fr_reclaim(H1, 0), OK32());
		} else {                 /* waiting with a bad offset: drained */
			SHARE_600(&c, H1, fr_frag_rx(H1, 4096), fr_frag_rx(H1, 8000),
				  ERR(FFA_ERR_INVALID_PARAMETERS));
		}
		send_case_run(&c, state == 0 ? FFA_ERR_NO_MEMORY : FFA_ERR_PROTOCOL,
			      FFA_MEM_HANDLE_INVALID);
	}
	send_case_end(&c);
}

/* 27: RX released after every delivered fragment, and never when the
 * manager did not hand it over (an error answer). */
Test(mem_known_bugs, known_bug_27_rx_released_exactly_when_owned)
{
	struct retr_case r;

	retr_case_begin(&r, FFA_VERSION_1_2, 600);
	rig_step(&r.g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80), ERR(FFA_ERR_BUSY));
	rig_expect_retrieve_600(&r.g, H1);
	retr_case_run(&r, true, FFA_ERR_BUSY);
	retr_case_run(&r, false, 0);
	cr_assert_eq(r.g.delivered, 3u);
	cr_assert_eq(r.g.released, 3u);
	retr_case_end(&r);
}

/* 28: the RX buffer is read and released under the RX/TX lock, one lock
 * for the whole exchange (no window for another thread's release). */
Test(mem_known_bugs, known_bug_28_release_under_the_lock)
{
	struct retr_case r;

	retr_case_begin(&r, FFA_VERSION_1_2, 600);
	r.c.g = &r.g;
	rig_expect_retrieve_600(&r.g, H1);
	retr_case_run(&r, true, 0);
	cr_assert_eq(r.c.lock_depth_seen, 1, "ranges are read under the lock");
	cr_assert_eq(r.g.lock_takes, 1u);
	retr_case_end(&r);
}

/* 29: the response is read from the RX buffer, never the TX buffer (which
 * holds the request). */
Test(mem_known_bugs, known_bug_29_response_read_from_rx)
{
	struct retr_case r;

	retr_case_begin(&r, FFA_VERSION_1_2, 2);
	expect_whole_response(&r);
	retr_case_run(&r, true, 0);
	cr_assert_eq(r.c.n, 2u);
	/* The TX buffer still holds the request: a reader of TX would have
	 * failed (a request has no composite). */
	cr_assert_eq(r.g.tx[28], 1);
	cr_assert_eq(memcmp(r.g.tx, r.g.req, 80), 0);
	retr_case_end(&r);
}

/* 30: stale bytes in the RX buffer beyond the announced fragment length
 * are never read. */
Test(mem_known_bugs, known_bug_30_stale_rx_bytes_ignored)
{
	struct retr_case r;
	size_t full_len;
	/* A stale, longer descriptor left in RX from before. */
	uint8_t *stale = mt_resp(FFA_VERSION_1_2, 200, H1, 0, &full_len);

	retr_case_begin(&r, FFA_VERSION_1_2, 3);
	memcpy(r.g.rx, stale, full_len);
	expect_whole_response(&r);
	retr_case_run(&r, true, 0);
	cr_assert_eq(r.c.n, 3u);
	retr_case_end(&r);
	free(stale);
}

/* 32: fragment sizes follow the mapped buffer size (a two-page pair sends
 * 8 KiB fragments) and response fragments up to it are accepted. */
Test(mem_known_bugs, known_bug_32_buffer_size_from_the_mapping)
{
	struct send_case c;
	struct retr_case r;

	retr_case_init(&r, FFA_VERSION_1_2, 600);
	send_case_init_rig(&c, 600, FFA_VERSION_1_2, CAPS_ALL, 2);
	rig_serve(&c.g, r.resp, r.rl);
	rig_step(&c.g, FRAME(FFA_MEM_SHARE_32, SEND_T600, 8192), fr_frag_rx(H1, 8192));
	rig_step(&c.g, fr_frag_tx(H1, 1504), fr_ok_handle(H1));
	rig_step(&c.g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80),
		 FRAME(FFA_MEM_RETRIEVE_RESP_32, r.rl, 8192));
	rig_release(&c.g);
	rig_step(&c.g, fr_frag_rx(H1, 8192), fr_frag_tx(H1, 1504));
	rig_release(&c.g);
	send_case_run(&c, 0, H1);
	assert_rc(ffa_mem_retrieve(&c.g.ctx, &r.rq, NULL, &r.sk, NULL), 0);
	cr_assert_eq(r.c.n, 600u);
	send_case_end(&c);
	free(r.resp);
}

/* 33: a memory call answered with FFA_INTERRUPT / FFA_YIELD is not a
 * preempted partition: no FFA_RUN is sent on the peer's say-so. */
Test(mem_known_bugs, known_bug_33_no_run_on_interrupt_to_a_memory_call)
{
	struct retr_case r;

	retr_case_begin(&r, FFA_VERSION_1_2, 0);
	rig_step(&r.g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80),
		 FRAME(FFA_INTERRUPT_32, 0x80010000u, 7));
	rig_step(&r.g, fr_reclaim(H1, 0), FRAME(FFA_YIELD_32, 0x80010000u));
	retr_case_run(&r, true, FFA_ERR_PROTOCOL);
	assert_rc(ffa_mem_reclaim(&r.g.ctx, H1, 0), FFA_ERR_PROTOCOL);
	retr_case_end(&r);
}

/* 38: NULL pointers and unmapped state on every entry point: an error,
 * never a crash, never a call. */
Test(mem_known_bugs, known_bug_38_null_and_error_paths)
{
	struct ffa_mem_txn t = mt_txn(0x2F, 0, NULL, 1);
	struct retr_case r;
	struct mt_sender s;
	uint64_t h;
	uint32_t perm;
	static const uint16_t id = 1;

	retr_case_init(&r, FFA_VERSION_1_2, 0); /* the request and the sink; no call is made */
	mt_sender_init(&s, 1);
	assert_rc(ffa_mem_send(NULL, FFA_MEM_OP_SHARE, &t, &s.it, NULL, &h), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_share(NULL, &t, &s.it, NULL, &h), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_lend(NULL, &t, &s.it, NULL, &h), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_donate(NULL, &t, &s.it, NULL, &h), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_retrieve(NULL, &r.rq, NULL, &r.sk, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_relinquish(NULL, H1, 0, &id, 1), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_reclaim(NULL, H1, 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_op_resume(NULL, H1, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_perm_get(NULL, 0, &perm), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_perm_set(NULL, 0, 1, 5), FFA_ERR_BAD_ARGUMENT);
	free(s.ranges);
}

/* 40: attribute rules per operation (the descriptor layer cannot know the
 * operation): LEND to one borrower and DONATE must not specify attributes;
 * SHARE and multi-borrower LEND must; the NS bit is never sent. */
Test(mem_known_bugs, known_bug_40_memory_attribute_rules_per_operation)
{
	struct ffa_mem_receiver two[2] = { { .id = 0x8001, .perm = FFA_MEM_PERM_RW },
					   { .id = 0x8002, .perm = FFA_MEM_PERM_RW } };
	struct ffa_mem_receiver d = { .id = 0x8001, .perm = 0 };
	struct send_case c;
	struct {
		enum ffa_mem_op op;
		struct ffa_mem_txn t;
		bool ok;
	} cases[] = {
		{ FFA_MEM_OP_LEND, mt_txn(0, 0, NULL, 1), true },
		{ FFA_MEM_OP_LEND, mt_txn(0x2F, 0, NULL, 1), false },
		{ FFA_MEM_OP_LEND, mt_txn(0x2F, 0, two, 2), true },
		{ FFA_MEM_OP_LEND, mt_txn(0, 0, two, 2), false },
		{ FFA_MEM_OP_DONATE, mt_txn(0, 0, &d, 1), true },
		{ FFA_MEM_OP_DONATE, mt_txn(0x2F, 0, &d, 1), false },
		{ FFA_MEM_OP_SHARE, mt_txn(0x2F, 0, NULL, 1), true },
		{ FFA_MEM_OP_SHARE, mt_txn(0x14, 0, NULL, 1), true }, /* device nGnRE */
		{ FFA_MEM_OP_SHARE, mt_txn(0, 0, NULL, 1), false },
		{ FFA_MEM_OP_SHARE, mt_txn(0x6F, 0, NULL, 1), false }, /* NS bit */
	};
	static const uint32_t fids[] = { FFA_MEM_DONATE_32, FFA_MEM_LEND_32, FFA_MEM_SHARE_32 };

	send_case_init(&c, 1);
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		uint32_t len = 48 + 32 * cases[i].t.receiver_count + 16 + 16;

		if (cases[i].ok)
			rig_step(&c.g, FRAME(fids[cases[i].op], len, len), fr_ok_handle(H1 + i));
	}
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		send_case_name(&c, "case %zu", i);
		c.t = cases[i].t;
		c.op = cases[i].op;
		send_case_run(&c, cases[i].ok ? 0 : FFA_ERR_BAD_ARGUMENT,
			      cases[i].ok ? H1 + i : FFA_MEM_HANDLE_INVALID);
	}
	send_case_end(&c);
}
