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
#include "mem_test.h"

#define H1 0xFFFFFFC100001234ull
#define H2 0x0000100000000000ull
#define T600 (96u + 600u * 16u) /* v1.2, one receiver, 600 ranges: 9696 */

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

/* 7: the error code is w2, a signed 32-bit value; w1 and the upper half of
 * x2 are not it. */
Test(mem_known_bugs, known_bug_7_error_code_in_w2_only)
{
	struct ffa_mem_txn t = mt_txn(0x2F, 0, NULL, 1);
	struct mem_rig g;
	struct mt_sender s;
	uint64_t h;

	send_begin(&g, &s, 1);
	/* w1 carries a plausible code; w2 the real one, sign-extended. */
	rig_step(&g, FRAME(FFA_MEM_SHARE_32, 112, 112),
		 FRAME(FFA_ERROR_32, (uint32_t)FFA_ERR_INVALID_PARAMETERS,
		       0xFFFFFFFFFFFFFFFAull));
	rig_step(&g, fr_reclaim(H1, 0),
		 FRAME(FFA_ERROR_32, 0, 0x00000000FFFFFFFCull)); /* zero-extended BUSY */
	rig_step(&g, fr_reclaim(H1, 0), FRAME(FFA_ERROR_32, (uint32_t)FFA_ERR_DENIED, 0));
	rig_start(&g);
	assert_rc(ffa_mem_send(&g.ctx, FFA_MEM_OP_SHARE, &t, &s.it, NULL, &h), FFA_ERR_DENIED);
	assert_rc(ffa_mem_reclaim(&g.ctx, H1, 0), FFA_ERR_BUSY);
	/* Code 0 in w2 is no FF-A error at all. */
	assert_rc(ffa_mem_reclaim(&g.ctx, H1, 0), FFA_ERR_PROTOCOL);
	send_end(&g, &s);
}

/* 9: the 64-bit ID exactly when an argument is 64-bit and the conduit
 * carries SMC64; never on a 32-bit conduit. */
Test(mem_known_bugs, known_bug_9_smc32_vs_smc64_selection)
{
	struct ffa_mem_txn t = mt_txn(0x2F, 0, NULL, 1);
	struct ffa_mem_txn rq = mt_request(H1, 0);
	struct ffa_mem_xfer x;
	struct mem_rig g;
	struct mt_sender s;
	struct collect c = { 0 };
	struct ffa_mem_retrieve_sink sk = { NULL, collect_range, &c };
	size_t rl;
	uint8_t *resp = mt_resp(FFA_VERSION_1_2, 1, H1, 0, &rl);
	uint64_t h;
	uint32_t perm;

	send_begin(&g, &s, 1);
	rig_caller_buf(&g, 1, false);
	rig_serve(&g, resp, rl);
	rig_step(&g, FRAME(FFA_MEM_SHARE_32, 112, 112), fr_ok_handle(H1));     /* TX */
	rig_step(&g, FRAME(FFA_MEM_SHARE_64, 112, 112, MT_BUF_PA, 1), fr_ok_handle(H1));
	rig_step(&g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80), FRAME(FFA_MEM_RETRIEVE_RESP_32, rl, rl));
	rig_release(&g);
	rig_step(&g, FRAME(FFA_MEM_RETRIEVE_REQ_64, 80, 80, MT_BUF_PA, 1),
		 FRAME(FFA_MEM_RETRIEVE_RESP_32, rl, rl));
	rig_release(&g);
	rig_step(&g, FRAME(FFA_MEM_PERM_GET_64, 0x1000), OK32(0, 5));
	rig_start(&g);
	x = (struct ffa_mem_xfer){ .buf = g.buf, .pages = 1 };
	assert_rc(ffa_mem_send(&g.ctx, FFA_MEM_OP_SHARE, &t, &s.it, NULL, &h), 0);
	assert_rc(ffa_mem_send(&g.ctx, FFA_MEM_OP_SHARE, &t, &s.it, &x, &h), 0);
	assert_rc(ffa_mem_retrieve(&g.ctx, &rq, NULL, &sk, NULL), 0);
	assert_rc(ffa_mem_retrieve(&g.ctx, &rq, &x, &sk, NULL), 0);
	assert_rc(ffa_mem_perm_get(&g.ctx, 0x1000, &perm), 0);
	rig_done(&g);

	/* A 32-bit conduit: the same calls, every ID 32-bit. */
	rig_init(&g, FFA_VERSION_1_2, 0, 1);
	rig_caller_buf(&g, 1, false);
	rig_serve(&g, resp, rl);
	rig_step(&g, FRAME(FFA_MEM_SHARE_32, 112, 112, MT_BUF_PA, 1), fr_ok_handle(H1));
	rig_step(&g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80, MT_BUF_PA, 1),
		 FRAME(FFA_MEM_RETRIEVE_RESP_32, rl, rl));
	rig_release(&g);
	rig_step(&g, FRAME(FFA_MEM_PERM_GET_32, 0x1000), OK32(0, 5));
	rig_start(&g);
	x = (struct ffa_mem_xfer){ .buf = g.buf, .pages = 1 };
	assert_rc(ffa_mem_send(&g.ctx, FFA_MEM_OP_SHARE, &t, &s.it, &x, &h), 0);
	assert_rc(ffa_mem_retrieve(&g.ctx, &rq, &x, &sk, NULL), 0);
	assert_rc(ffa_mem_perm_get(&g.ctx, 0x1000, &perm), 0);
	retr_end(&g, resp);
	free(s.ranges);
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
	size_t rl;
	/* A response of 4096 + 1024 bytes: 314 constituents after 96. */
	uint8_t *resp = mt_resp(FFA_VERSION_1_2, 314, H1, 0, &rl);
	struct ffa_mem_txn t = mt_txn(0x2F, 0, NULL, 1);
	struct ffa_mem_txn rq = mt_request(H1, 0);
	struct collect col = { 0 };
	struct ffa_mem_retrieve_sink sk = { NULL, collect_range, &col };
	struct mt_sender s;
	uint64_t h;
	uint32_t perm;

	r.rx = rx;
	r.resp = resp;
	r.resp_len = rl;
	cr_assert_eq(rl, 4096u + 1024u);
	mt_sender_init(&s, 600);
	cr_assert_eq(ffa_ctx_init(&ctx, &c, NULL), 0);
	assert_rc(ffa_version(&ctx, FFA_VERSION_1_2, NULL), 0);
	assert_rc(ffa_rxtx_map(&ctx, tx, rx, 1), 0);
	r.n = 0;
	assert_rc(ffa_mem_send(&ctx, FFA_MEM_OP_SHARE, &t, &s.it, NULL, &h), 0);
	assert_rc(ffa_mem_retrieve(&ctx, &rq, NULL, &sk, NULL), 0);
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
	cr_assert_eq(col.n, 314u);
	cr_assert_eq(r.n, 12u, "frames checked: %zu", r.n);
	free(tx);
	free(rx);
	free(resp);
	free(s.ranges);
}

/* 12: IDs >= 0x8000 packed into w4[31:16] without int promotion. */
Test(mem_known_bugs, known_bug_12_id_promotion_in_forwarded_w4)
{
	static const uint16_t ids[] = { 0x8001, 0xFFFF };

	for (size_t i = 0; i < ARRAY_LEN(ids); i++) {
		struct ffa_mem_receiver r = { .id = 0x0002, .perm = FFA_MEM_PERM_RW };
		struct ffa_mem_txn t = mt_txn(0x2F, 0, &r, 1);
		struct ffa_mem_xfer x = { .forward = true };
		struct mem_rig g;
		struct mt_sender s;
		uint64_t h;

		t.sender = ids[i];
		send_begin(&g, &s, 300);
		rig_step(&g, FRAME(FFA_MEM_SHARE_32, 96 + 4800, 4096), fr_frag_rx(H1, 4096));
		rig_step(&g, FRAME(FFA_MEM_FRAG_TX_32, (uint32_t)H1, (uint32_t)(H1 >> 32), 800,
				   (uint32_t)ids[i] << 16),
			 fr_ok_handle(H1));
		rig_start(&g);
		assert_rc(ffa_mem_send(&g.ctx, FFA_MEM_OP_SHARE, &t, &s.it, &x, &h), 0);
		send_end(&g, &s);
	}
}

/* 20: arithmetic overflow in ranges the calls take: MEM_PERM_SET at the
 * top of the address space, a caller buffer whose end wraps, a fragment
 * length that would wrap the received count. */
Test(mem_known_bugs, known_bug_20_arithmetic_overflow)
{
	struct ffa_mem_txn rq = mt_request(H1, 0);
	struct collect c = { 0 };
	struct ffa_mem_retrieve_sink sk = { NULL, collect_range, &c };
	struct mem_rig g;
	size_t rl;
	uint8_t *resp = mt_resp(FFA_VERSION_1_2, 600, H1, 0, &rl);

	retr_begin(&g, resp, rl);
	rig_step(&g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80), FRAME(FFA_MEM_RETRIEVE_RESP_32, rl, 4096));
	rig_release(&g);
	/* 4096 + 0xFFFFF000 wraps 32 bits to 0: must not pass as "done". */
	rig_step(&g, fr_frag_rx(H1, 4096), fr_frag_tx(H1, 0xFFFFF000u));
	rig_release(&g);
	rig_step(&g, FRAME(FFA_MEM_RELINQUISH_32), OK32());
	rig_start(&g);
	assert_rc(ffa_mem_retrieve(&g.ctx, &rq, NULL, &sk, NULL), FFA_ERR_PROTOCOL);
	assert_rc(ffa_mem_perm_set(&g.ctx, 0xFFFFFFFFFFFFE000ull, 3, 5), FFA_ERR_BAD_ARGUMENT);
	{
		struct ffa_mem_txn t = mt_txn(0x2F, 0, NULL, 1);
		struct ffa_mem_xfer x = { .buf = (void *)(uintptr_t)(UINTPTR_MAX & ~(uintptr_t)4095),
					  .pages = 2 };
		struct mt_sender s;
		uint64_t h;

		mt_sender_init(&s, 1);
		assert_rc(ffa_mem_send(&g.ctx, FFA_MEM_OP_SHARE, &t, &s.it, &x, &h),
			  FFA_ERR_BAD_ARGUMENT);
		free(s.ranges);
	}
	retr_end(&g, resp);
}

/* 21: lengths from the manager bound nothing unchecked: a first fragment
 * longer than the RX buffer is refused before a byte is read (the RX
 * buffer is an exactly sized allocation: ASan would see an overrun). */
Test(mem_known_bugs, known_bug_21_lengths_from_the_manager_are_checked)
{
	struct ffa_mem_txn rq = mt_request(H1, 0);
	struct collect c = { 0 };
	struct ffa_mem_retrieve_sink sk = { NULL, collect_range, &c };
	struct mem_rig g;
	size_t rl;
	uint8_t *resp = mt_resp(FFA_VERSION_1_2, 600, H1, 0, &rl);

	retr_begin(&g, resp, rl);
	rig_step(&g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80), FRAME(FFA_MEM_RETRIEVE_RESP_32, rl, rl));
	rig_release(&g);
	rig_step(&g, FRAME(FFA_MEM_RELINQUISH_32), OK32());
	rig_start(&g);
	assert_rc(ffa_mem_retrieve(&g.ctx, &rq, NULL, &sk, NULL), FFA_ERR_PROTOCOL);
	cr_assert_eq(c.n, 0u);
	retr_end(&g, resp);
}

/* 23: FRAG_RX offsets count bytes of the caller's own layout: the same
 * transaction is offset 4096 after a 4096-byte fragment at v1.0 and at v1.2,
 * but the total differs (64- vs 96-byte head), and an offset in the other
 * layout's terms is refused. */
Test(mem_known_bugs, known_bug_23_fragment_offsets_in_callers_version)
{
	struct ffa_mem_txn t = mt_txn(0x2F, 0, NULL, 1);
	struct mem_rig g;
	struct mt_sender s;
	uint64_t h;

	mt_sender_init(&s, 300);
	/* v1.0: T = 64 + 4800 = 4864; first fragment 4096 (252 ranges). */
	rig_init(&g, FFA_VERSION_1_0, CAPS_ALL, 1);
	rig_step(&g, FRAME(FFA_MEM_SHARE_32, 4864, 4096), fr_frag_rx(H1, 4096));
	rig_step(&g, fr_frag_tx(H1, 768), fr_ok_handle(H1));
	rig_start(&g);
	assert_rc(ffa_mem_send(&g.ctx, FFA_MEM_OP_SHARE, &t, &s.it, NULL, &h), 0);
	rig_done(&g);

	/* v1.2: T = 4896; a manager answering with a v1.0-layout offset of
	 * the same constituent (64 + 250 * 16 = 4064) is refused. */
	rig_init(&g, FFA_VERSION_1_2, CAPS_ALL, 1);
	rig_step(&g, FRAME(FFA_MEM_SHARE_32, 4896, 4096), fr_frag_rx(H1, 4064));
	rig_step(&g, fr_frag_tx(H1, 800), ERR(FFA_ERR_INVALID_PARAMETERS));
	rig_start(&g);
	assert_rc(ffa_mem_send(&g.ctx, FFA_MEM_OP_SHARE, &t, &s.it, NULL, &h), FFA_ERR_PROTOCOL);
	cr_assert_eq(h, FFA_MEM_HANDLE_INVALID);
	send_end(&g, &s);
}

/* 24: FRAG_RX carries the handle in w1/w2, SUCCESS in w2/w3. Answers that
 * put it in the other pair are caught. */
Test(mem_known_bugs, known_bug_24_handle_registers_of_frag_rx_and_success)
{
	struct ffa_mem_txn t = mt_txn(0x2F, 0, NULL, 1);
	struct mem_rig g;
	struct mt_sender s;
	uint64_t h;

	mt_sender_init(&s, 300);
	/* The right way round. */
	rig_init(&g, FFA_VERSION_1_2, CAPS_ALL, 1);
	rig_step(&g, FRAME(FFA_MEM_SHARE_32, 4896, 4096), fr_frag_rx(H1, 4096));
	rig_step(&g, fr_frag_tx(H1, 800), fr_ok_handle(H1));
	rig_start(&g);
	assert_rc(ffa_mem_send(&g.ctx, FFA_MEM_OP_SHARE, &t, &s.it, NULL, &h), 0);
	cr_assert_eq(h, H1);
	rig_done(&g);

	/* SUCCESS with the handle in w1/w2 (FRAG_RX style): w2/w3 then say
	 * (hi, 0), another handle: refused, ours reclaimed. */
	rig_init(&g, FFA_VERSION_1_2, CAPS_ALL, 1);
	rig_step(&g, FRAME(FFA_MEM_SHARE_32, 4896, 4096), fr_frag_rx(H1, 4096));
	rig_step(&g, fr_frag_tx(H1, 800),
		 FRAME(FFA_SUCCESS_32, (uint32_t)H1, (uint32_t)(H1 >> 32)));
	rig_step(&g, fr_reclaim(H1, 0), OK32());
	rig_start(&g);
	assert_rc(ffa_mem_send(&g.ctx, FFA_MEM_OP_SHARE, &t, &s.it, NULL, &h), FFA_ERR_PROTOCOL);
	cr_assert_eq(h, FFA_MEM_HANDLE_INVALID);
	rig_done(&g);

	/* A later FRAG_RX with the handle in w2/w3 (SUCCESS style). */
	rig_init(&g, FFA_VERSION_1_2, CAPS_ALL, 1);
	rig_step(&g, FRAME(FFA_MEM_SHARE_32, T600, 4096), fr_frag_rx(H1, 4096));
	rig_step(&g, fr_frag_tx(H1, 4096),
		 FRAME(FFA_MEM_FRAG_RX_32, 0, (uint32_t)H1, (uint32_t)(H1 >> 32)));
	rig_step(&g, fr_reclaim(H1, 0), ERR(FFA_ERR_INVALID_PARAMETERS));
	rig_step(&g, fr_frag_tx(H1, 1504), ERR(FFA_ERR_INVALID_PARAMETERS));
	rig_start(&g);
	free(s.ranges);
	mt_sender_init(&s, 600);
	assert_rc(ffa_mem_send(&g.ctx, FFA_MEM_OP_SHARE, &t, &s.it, NULL, &h), FFA_ERR_PROTOCOL);
	cr_assert_eq(h, FFA_MEM_HANDLE_INVALID);
	send_end(&g, &s);
}

/* 25: a response over several fragments: every fragment's ranges reach
 * the caller, in order, none twice (a destination pointer not advanced
 * would repeat the first fragment's). */
Test(mem_known_bugs, known_bug_25_multi_fragment_retrieve_response)
{
	struct ffa_mem_txn rq = mt_request(H1, 0);
	struct collect c = { 0 };
	struct ffa_mem_retrieve_sink sk = { NULL, collect_range, &c };
	struct mem_rig g;
	size_t rl;
	uint8_t *resp = mt_resp(FFA_VERSION_1_1, 700, H1, 0, &rl); /* 64 + 11200 */

	rig_init(&g, FFA_VERSION_1_1, CAPS_ALL, 1);
	rig_serve(&g, resp, rl);
	rig_step(&g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 64, 64), FRAME(FFA_MEM_RETRIEVE_RESP_32, rl, 4096));
	rig_release(&g);
	rig_step(&g, fr_frag_rx(H1, 4096), fr_frag_tx(H1, 4096));
	rig_release(&g);
	rig_step(&g, fr_frag_rx(H1, 8192), fr_frag_tx(H1, (uint32_t)rl - 8192));
	rig_release(&g);
	rig_start(&g);
	assert_rc(ffa_mem_retrieve(&g.ctx, &rq, NULL, &sk, NULL), 0);
	cr_assert_eq(c.n, 700u);
	for (size_t i = 0; i < c.n; i++)
		cr_assert_eq(c.addr[i], 0x80000000ull + (uint64_t)i * 8192u, "range %zu", i);
	retr_end(&g, resp);
}

/* 26: no transaction is left behind after a partial transmission: the
 * three manager states (discarded, complete, waiting) each end clean. */
Test(mem_known_bugs, known_bug_26_rollback_after_partial_transmission)
{
	struct ffa_mem_txn t = mt_txn(0x2F, 0, NULL, 1);
	struct mt_sender s;
	uint64_t h;

	mt_sender_init(&s, 600);
	for (int state = 0; state < 3; state++) {
		struct mem_rig g;

		rig_init(&g, FFA_VERSION_1_2, CAPS_ALL, 1);
		rig_step(&g, FRAME(FFA_MEM_SHARE_32, T600, 4096), fr_frag_rx(H1, 4096));
		if (state == 0) {        /* refused: the manager discarded it */
			rig_step(&g, fr_frag_tx(H1, 4096), ERR(FFA_ERR_NO_MEMORY));
		} else if (state == 1) { /* completed too early: reclaimed */
			rig_step(&g, fr_frag_tx(H1, 4096), fr_ok_handle(H1));
			rig_step(&g, fr_reclaim(H1, 0), OK32());
		} else {                 /* waiting with a bad offset: drained */
			rig_step(&g, fr_frag_tx(H1, 4096), fr_frag_rx(H1, 8000));
			rig_step(&g, fr_frag_tx(H1, 1504), ERR(FFA_ERR_INVALID_PARAMETERS));
		}
		rig_start(&g);
		h = 7;
		assert_rc(ffa_mem_send(&g.ctx, FFA_MEM_OP_SHARE, &t, &s.it, NULL, &h),
			  state == 0 ? FFA_ERR_NO_MEMORY : FFA_ERR_PROTOCOL);
		cr_assert_eq(h, FFA_MEM_HANDLE_INVALID, "state %d", state);
		rig_done(&g);
	}
	free(s.ranges);
}

/* 27: RX released after every delivered fragment, and never when the
 * manager did not hand it over (an error answer). */
Test(mem_known_bugs, known_bug_27_rx_released_exactly_when_owned)
{
	struct ffa_mem_txn rq = mt_request(H1, 0);
	struct collect c = { 0 };
	struct ffa_mem_retrieve_sink sk = { NULL, collect_range, &c };
	struct mem_rig g;
	size_t rl;
	uint8_t *resp = mt_resp(FFA_VERSION_1_2, 600, H1, 0, &rl);

	retr_begin(&g, resp, rl);
	rig_step(&g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80), ERR(FFA_ERR_BUSY));
	rig_expect_retrieve_600(&g, H1);
	rig_start(&g);
	assert_rc(ffa_mem_retrieve(&g.ctx, &rq, NULL, &sk, NULL), FFA_ERR_BUSY);
	assert_rc(ffa_mem_retrieve(&g.ctx, &rq, NULL, &sk, NULL), 0);
	cr_assert_eq(g.delivered, 3u);
	cr_assert_eq(g.released, 3u);
	retr_end(&g, resp);
}

/* 28: the RX buffer is read and released under the RX/TX lock, one lock
 * for the whole exchange (no window for another thread's release). */
Test(mem_known_bugs, known_bug_28_release_under_the_lock)
{
	struct ffa_mem_txn rq = mt_request(H1, 0);
	struct mem_rig g;
	struct collect c = { .g = &g };
	struct ffa_mem_retrieve_sink sk = { NULL, collect_range, &c };
	size_t rl;
	uint8_t *resp = mt_resp(FFA_VERSION_1_2, 600, H1, 0, &rl);

	retr_begin(&g, resp, rl);
	rig_expect_retrieve_600(&g, H1);
	rig_start(&g);
	assert_rc(ffa_mem_retrieve(&g.ctx, &rq, NULL, &sk, NULL), 0);
	cr_assert_eq(c.lock_depth_seen, 1, "ranges are read under the lock");
	cr_assert_eq(g.lock_takes, 1u);
	retr_end(&g, resp);
}

/* 29: the response is read from the RX buffer, never the TX buffer (which
 * holds the request). */
Test(mem_known_bugs, known_bug_29_response_read_from_rx)
{
	struct ffa_mem_txn rq = mt_request(H1, 0);
	struct collect c = { 0 };
	struct ffa_mem_retrieve_sink sk = { NULL, collect_range, &c };
	struct mem_rig g;
	size_t rl;
	uint8_t *resp = mt_resp(FFA_VERSION_1_2, 2, H1, 0, &rl);

	retr_begin(&g, resp, rl);
	rig_step(&g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80), FRAME(FFA_MEM_RETRIEVE_RESP_32, rl, rl));
	rig_release(&g);
	rig_start(&g);
	assert_rc(ffa_mem_retrieve(&g.ctx, &rq, NULL, &sk, NULL), 0);
	cr_assert_eq(c.n, 2u);
	/* The TX buffer still holds the request: a reader of TX would have
	 * failed (a request has no composite). */
	cr_assert_eq(g.tx[28], 1);
	cr_assert_eq(memcmp(g.tx, g.req, 80), 0);
	retr_end(&g, resp);
}

/* 30: stale bytes in the RX buffer beyond the announced fragment length
 * are never read. */
Test(mem_known_bugs, known_bug_30_stale_rx_bytes_ignored)
{
	struct ffa_mem_txn rq = mt_request(H1, 0);
	struct collect c = { 0 };
	struct ffa_mem_retrieve_sink sk = { NULL, collect_range, &c };
	struct mem_rig g;
	size_t rl, full_len;
	uint8_t *resp = mt_resp(FFA_VERSION_1_2, 3, H1, 0, &rl);
	/* A stale, longer descriptor left in RX from before. */
	uint8_t *stale = mt_resp(FFA_VERSION_1_2, 200, H1, 0, &full_len);

	rig_init(&g, FFA_VERSION_1_2, CAPS_ALL, 1);
	memcpy(g.rx, stale, full_len);
	rig_serve(&g, resp, rl);
	rig_step(&g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80), FRAME(FFA_MEM_RETRIEVE_RESP_32, rl, rl));
	rig_release(&g);
	rig_start(&g);
	assert_rc(ffa_mem_retrieve(&g.ctx, &rq, NULL, &sk, NULL), 0);
	cr_assert_eq(c.n, 3u);
	retr_end(&g, resp);
	free(stale);
}

/* 32: fragment sizes follow the mapped buffer size (a two-page pair sends
 * 8 KiB fragments) and response fragments up to it are accepted. */
Test(mem_known_bugs, known_bug_32_buffer_size_from_the_mapping)
{
	struct ffa_mem_txn t = mt_txn(0x2F, 0, NULL, 1);
	struct ffa_mem_txn rq = mt_request(H1, 0);
	struct collect c = { 0 };
	struct ffa_mem_retrieve_sink sk = { NULL, collect_range, &c };
	struct mem_rig g;
	struct mt_sender s;
	size_t rl;
	uint8_t *resp = mt_resp(FFA_VERSION_1_2, 600, H1, 0, &rl);
	uint64_t h;

	mt_sender_init(&s, 600);
	rig_init(&g, FFA_VERSION_1_2, CAPS_ALL, 2);
	rig_serve(&g, resp, rl);
	rig_step(&g, FRAME(FFA_MEM_SHARE_32, T600, 8192), fr_frag_rx(H1, 8192));
	rig_step(&g, fr_frag_tx(H1, 1504), fr_ok_handle(H1));
	rig_step(&g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80), FRAME(FFA_MEM_RETRIEVE_RESP_32, rl, 8192));
	rig_release(&g);
	rig_step(&g, fr_frag_rx(H1, 8192), fr_frag_tx(H1, 1504));
	rig_release(&g);
	rig_start(&g);
	assert_rc(ffa_mem_send(&g.ctx, FFA_MEM_OP_SHARE, &t, &s.it, NULL, &h), 0);
	assert_rc(ffa_mem_retrieve(&g.ctx, &rq, NULL, &sk, NULL), 0);
	cr_assert_eq(c.n, 600u);
	retr_end(&g, resp);
	free(s.ranges);
}

/* 33: a memory call answered with FFA_INTERRUPT / FFA_YIELD is not a
 * preempted partition: no FFA_RUN is sent on the peer's say-so. */
Test(mem_known_bugs, known_bug_33_no_run_on_interrupt_to_a_memory_call)
{
	struct ffa_mem_txn rq = mt_request(H1, 0);
	struct collect c = { 0 };
	struct ffa_mem_retrieve_sink sk = { NULL, collect_range, &c };
	struct mem_rig g;

	rig_init(&g, FFA_VERSION_1_2, CAPS_ALL, 1);
	rig_step(&g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80), FRAME(FFA_INTERRUPT_32, 0x80010000u, 7));
	rig_step(&g, fr_reclaim(H1, 0), FRAME(FFA_YIELD_32, 0x80010000u));
	rig_start(&g);
	assert_rc(ffa_mem_retrieve(&g.ctx, &rq, NULL, &sk, NULL), FFA_ERR_PROTOCOL);
	assert_rc(ffa_mem_reclaim(&g.ctx, H1, 0), FFA_ERR_PROTOCOL);
	rig_done(&g);
}

/* 38: NULL pointers and unmapped state on every entry point: an error,
 * never a crash, never a call. */
Test(mem_known_bugs, known_bug_38_null_and_error_paths)
{
	struct ffa_mem_txn t = mt_txn(0x2F, 0, NULL, 1);
	struct ffa_mem_txn rq = mt_request(H1, 0);
	struct collect c = { 0 };
	struct ffa_mem_retrieve_sink sk = { NULL, collect_range, &c };
	struct mt_sender s;
	uint64_t h;
	uint32_t perm;
	static const uint16_t id = 1;

	mt_sender_init(&s, 1);
	assert_rc(ffa_mem_send(NULL, FFA_MEM_OP_SHARE, &t, &s.it, NULL, &h), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_share(NULL, &t, &s.it, NULL, &h), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_lend(NULL, &t, &s.it, NULL, &h), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_donate(NULL, &t, &s.it, NULL, &h), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_retrieve(NULL, &rq, NULL, &sk, NULL), FFA_ERR_BAD_ARGUMENT);
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
	struct mem_rig g;
	struct mt_sender s;
	uint64_t h;
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

	send_begin(&g, &s, 1);
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		uint32_t len = 48 + 32 * cases[i].t.receiver_count + 16 + 16;

		if (cases[i].ok)
			rig_step(&g, FRAME(fids[cases[i].op], len, len), fr_ok_handle(H1 + i));
	}
	rig_start(&g);
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		h = 7;
		assert_rc(ffa_mem_send(&g.ctx, cases[i].op, &cases[i].t, &s.it, NULL, &h),
			  cases[i].ok ? 0 : FFA_ERR_BAD_ARGUMENT);
		cr_assert_eq(h, cases[i].ok ? H1 + i : FFA_MEM_HANDLE_INVALID, "case %zu", i);
	}
	send_end(&g, &s);
}
