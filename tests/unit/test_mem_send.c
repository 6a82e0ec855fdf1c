/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_MEM_SHARE / LEND / DONATE at register level (ffa-memory.md 3, 8.1,
 * 10.1; ffa-abi.md 4.5): exact x0..x17 of every call, 32 vs 64-bit IDs, the
 * TX buffer and a caller buffer, the FRAG_RX / FRAG_TX exchange, a manager
 * answering with a wrong offset or handle, edges (fragment ending on a
 * constituent boundary, EMADs alone filling a fragment, a head that does not
 * fit, zero ranges, page-count overflow) and the undo of a half-created
 * transaction. Every descriptor byte the manager reads is captured and
 * compared with a layout written by hand from the sheet's offsets.
 */
#include <stdlib.h>
#include <string.h>

#include "desc_vectors.h"
#include "mem_send_case.h"

#define H1 0xFFFFFFC100001234ull /* both halves exercised */
#define H2 0x0000100000000000ull /* OP-TEE style: all in the high half */

static const int wire_errors[] = { FFA_TEST_WIRE_ERRORS };
static const uint32_t hostile_fids[] = { FFA_TEST_HOSTILE_FIDS };

/* v1.2, one receiver: header 48 + EMAD 32 + composite 16 = 96, then 16 per
 * constituent (ffa-memory.md 3). A 4 KiB fragment holds the head and 250
 * constituents, later ones 256. */
#define HEAD12 96u
#define T12(n) (HEAD12 + 16u * (uint32_t)(n))
_Static_assert(T12(600) == SEND_T600, "the 600-range stream of mem_send_case.h");

/* The descriptor the manager must have read: dv layout with @n
 * constituents, @emads receivers, in @version. */
static void assert_captured(const struct mem_rig *g, uint32_t version, uint32_t emads, size_t n,
			    uint16_t attributes)
{
	struct dv_layout l = dv_default(version);
	uint8_t *want;
	size_t len;

	l.attributes = attributes;
	l.emad_count = l.emads_real = emads;
	l.comp_offset = l.emad_offset + emads * l.emad_stride;
	l.total_pages = (uint32_t)n;
	l.cons_count = l.cons_real = (uint32_t)n;
	len = dv_len(&l);
	want = malloc(len);
	dv_write(&l, want);
	cr_assert_eq(g->cap_len, len, "manager read %zu bytes, descriptor is %zu", g->cap_len,
		     len);
	cr_assert(dt_memdiff("send stream", g->cap, want, len) == 0);
	free(want);
}

/* Receivers 0x8001.. RW, as dv_write() lays them out. */
static struct ffa_mem_receiver *receivers(uint32_t n)
{
	struct ffa_mem_receiver *r = calloc(n, sizeof(*r));

	for (uint32_t i = 0; i < n; i++) {
		r[i].id = (uint16_t)(0x8001u + i);
		r[i].perm = FFA_MEM_PERM_RW;
	}
	return r;
}

/* A share of @n ranges at @version in exactly two fragments, @first then
 * @second bytes, through @pages pages of TX buffer or (@caller) of a caller
 * buffer; the descriptor the manager read is checked byte for byte. */
static void two_fragment_share(uint32_t version, uint32_t pages, bool caller, size_t n,
			       uint32_t first, uint32_t second)
{
	struct send_case c;
	struct ffa_mem_xfer x;

	send_case_init_rig(&c, n, version, CAPS_ALL, caller ? 1 : pages);
	if (caller) {
		rig_caller_buf(&c.g, pages, false);
		rig_step(&c.g, FRAME(FFA_MEM_SHARE_64, first + second, first, MT_BUF_PA, pages),
			 fr_frag_rx(H1, first));
		x = (struct ffa_mem_xfer){ .buf = c.g.buf, .pages = pages };
		c.x = &x;
	} else {
		rig_step(&c.g, FRAME(FFA_MEM_SHARE_32, first + second, first), fr_frag_rx(H1, first));
	}
	rig_step(&c.g, fr_frag_tx(H1, second), fr_ok_handle(H1));
	send_case_run(&c, 0, H1);
	assert_captured(&c.g, version, 1, n, 0x2F);
	send_case_end(&c);
}

/* ---- One fragment ------------------------------------------------------------ */

Test(mem_send, one_fragment_every_version_op_and_width)
{
	static const uint32_t versions[] = { FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2 };
	static const uint32_t lens[] = { 80, 96, 112 }; /* ffa-memory.md 3 */
	static const uint32_t caps[] = { 0, CAPS_ALL };
	static const struct {
		enum ffa_mem_op op;
		uint32_t fid;
		uint16_t attr;
		uint8_t perm;
	} ops[] = {
		{ FFA_MEM_OP_SHARE, FFA_MEM_SHARE_32, 0x2F, FFA_MEM_PERM_RW },
		{ FFA_MEM_OP_LEND, FFA_MEM_LEND_32, 0, FFA_MEM_PERM_RW },
		{ FFA_MEM_OP_DONATE, FFA_MEM_DONATE_32, 0, 0 },
	};

	for (size_t v = 0; v < ARRAY_LEN(versions); v++) {
		for (size_t k = 0; k < ARRAY_LEN(caps); k++) {
			for (size_t o = 0; o < ARRAY_LEN(ops); o++) {
				struct ffa_mem_receiver r = { .id = 0x8001, .perm = ops[o].perm };
				struct send_case c;

				send_case_init_rig(&c, 1, versions[v], caps[k], 1);
				send_case_name(&c, "version %#x caps %#x op %d", versions[v], caps[k],
					       (int)ops[o].op);
				c.t = mt_txn(ops[o].attr, 0, &r, 1);
				c.op = ops[o].op;
				/* The TX buffer path always uses the 32-bit ID:
				 * no argument is 64-bit (known-bugs.md 9). */
				rig_step(&c.g, FRAME(ops[o].fid, lens[v], lens[v], 0, 0),
					 fr_ok_handle(H1));
				send_case_run(&c, 0, H1);
				cr_assert_eq(c.g.cap_len, lens[v], "%s", c.what);
				cr_assert_eq(c.g.cap[2], ops[o].attr, "%s", c.what);
				cr_assert_eq(c.g.lock_takes, 1u, "%s", c.what);
				send_case_end(&c);
			}
		}
	}
}

Test(mem_send, worked_example_bytes_and_wrappers)
{
	/* ffa-memory.md 3, byte for byte, through each wrapper. */
	int (*const fns[])(struct ffa_ctx *, const struct ffa_mem_txn *,
			   const struct ffa_mem_range_iter *, const struct ffa_mem_xfer *,
			   uint64_t *) = { ffa_mem_share, ffa_mem_lend, ffa_mem_donate };
	static const uint32_t fids[] = { FFA_MEM_SHARE_32, FFA_MEM_LEND_32, FFA_MEM_DONATE_32 };
	static const uint16_t attrs[] = { 0x2F, 0, 0 };
	static const uint8_t perms[] = { FFA_MEM_PERM_RW, FFA_MEM_PERM_RW, 0 };

	for (size_t i = 0; i < ARRAY_LEN(fns); i++) {
		struct ffa_mem_receiver r = { .id = 0x8001, .perm = perms[i] };
		struct send_case c;

		send_case_init(&c, 1);
		c.t = mt_txn(attrs[i], 0, &r, 1);
		rig_step(&c.g, FRAME(fids[i], 112, 112), fr_ok_handle(H2));
		send_case_start(&c);
		assert_rc(fns[i](&c.g.ctx, &c.t, &c.s.it, NULL, &c.h), 0);
		cr_assert_eq(c.h, H2, "wrapper %zu", i);
		if (i == 0)
			assert_captured(&c.g, FFA_VERSION_1_2, 1, 1, 0x2F);
		cr_assert_eq(c.g.cap[0x32], perms[i], "wrapper %zu", i);
		send_case_end(&c);
	}
}

Test(mem_send, caller_buffer_64_and_32_bit)
{
	struct ffa_mem_xfer x;
	struct send_case c;

	/* SMC64 conduit: the buffer address is a 64-bit argument. */
	send_case_init(&c, 1);
	rig_caller_buf(&c.g, 2, true);
	rig_step(&c.g, FRAME(FFA_MEM_SHARE_64, 112, 112, MT_BUF_PA_HIGH, 2), fr_ok_handle(H1));
	x = (struct ffa_mem_xfer){ .buf = c.g.buf, .pages = 2 };
	c.x = &x;
	send_case_run(&c, 0, H1);
	assert_captured(&c.g, FFA_VERSION_1_2, 1, 1, 0x2F);
	cr_assert_eq(c.g.lock_takes, 0u, "the TX buffer was not used: no lock");

	/* 32-bit conduit: the 32-bit ID, address in w3. */
	send_case_again(&c, FFA_VERSION_1_1, 0);
	rig_caller_buf(&c.g, 1, false);
	rig_step(&c.g, FRAME(FFA_MEM_SHARE_32, 96, 96, MT_BUF_PA, 1), fr_ok_handle(H1));
	x = (struct ffa_mem_xfer){ .buf = c.g.buf, .pages = 1 };
	send_case_run(&c, 0, H1);

	/* 32-bit conduit, buffer above 4 GiB: refused before any call. */
	send_case_again(&c, FFA_VERSION_1_1, 0);
	rig_caller_buf(&c.g, 1, true);
	x = (struct ffa_mem_xfer){ .buf = c.g.buf, .pages = 1 };
	send_case_name(&c, "buffer above 4 GiB");
	send_case_run(&c, FFA_ERR_BAD_ARGUMENT, FFA_MEM_HANDLE_INVALID);
	/* Misaligned, zero pages, untranslatable. */
	x = (struct ffa_mem_xfer){ .buf = c.g.buf + 16, .pages = 1 };
	send_case_name(&c, "misaligned buffer");
	send_case_run(&c, FFA_ERR_BAD_ARGUMENT, FFA_MEM_HANDLE_INVALID);
	x = (struct ffa_mem_xfer){ .buf = c.g.buf, .pages = 0 };
	send_case_name(&c, "zero pages");
	send_case_run(&c, FFA_ERR_BAD_ARGUMENT, FFA_MEM_HANDLE_INVALID);
	{
		uint8_t *other = aligned_alloc(4096, 4096);

		/* The port has no translation for it. */
		x = (struct ffa_mem_xfer){ .buf = other, .pages = 1 };
		send_case_name(&c, "untranslatable buffer");
		send_case_run(&c, FFA_ERR_BAD_ARGUMENT, FFA_MEM_HANDLE_INVALID);
		free(other);
	}
	send_case_end(&c);
}

/* ---- Fragments ------------------------------------------------------------- */

/* 600 constituents at v1.2: T = 9696 = 4096 + 4096 + 1504. */
Test(mem_send, three_fragments_exchange)
{
	struct send_case c;

	send_case_init(&c, 600);
	SHARE_600(&c, H1, fr_frag_rx(H1, 4096), fr_frag_rx(H1, 8192), fr_ok_handle(H1));
	send_case_run(&c, 0, H1);
	assert_captured(&c.g, FFA_VERSION_1_2, 1, 600, 0x2F);
	cr_assert_eq(c.g.lock_takes, 1u, "one lock for the whole exchange");
	send_case_end(&c);
}

Test(mem_send, forwarded_fragments_carry_the_sender_in_w4)
{
	const struct ffa_regs answers[] = { fr_frag_rx(H1, 4096), fr_frag_rx(H1, 8192),
					    fr_ok_handle(H1) };
	struct ffa_mem_xfer x = { .forward = true };
	struct send_case c;

	send_case_init(&c, 600);
	c.t.sender = 0x0042;
	c.x = &x;
	expect_share(&c.g, H1, SEND_T600, 0x00420000u, answers, ARRAY_LEN(answers));
	send_case_run(&c, 0, H1);
	send_case_end(&c);
}

Test(mem_send, caller_buffer_carries_every_fragment)
{
	/* Two pages: 8192 bytes a fragment; 600 constituents = 9696 bytes =
	 * 8192 (head + 506) + 1504, both through the caller's buffer. */
	two_fragment_share(FFA_VERSION_1_2, 2, true, 600, 8192, 1504);
}

Test(mem_send, v10_fragments_stay_within_4096_bytes)
{
	/* A two-page TX buffer at v1.0: Hafnium caps v1.0 senders at 4096.
	 * v1.0 head = 32 + 16 + 16 = 64; 300 constituents: 4864 = 4096 + 768. */
	two_fragment_share(FFA_VERSION_1_0, 2, false, 300, 4096, 768);
}

/* ---- Edges ------------------------------------------------------------------ */

Test(mem_send, fragment_ends_exactly_on_a_constituent_boundary)
{
	/* 506 constituents: T = 96 + 8096 = 8192: two full fragments, the
	 * first ending after constituent 250, the second at the end. */
	two_fragment_share(FFA_VERSION_1_2, 1, false, 506, 4096, 4096);
}

Test(mem_send, access_descriptors_alone_fill_the_first_fragment)
{
	/* 126 receivers at v1.2: 48 + 126 * 32 + 16 = 4096: the first fragment
	 * holds no constituent at all; the two ranges follow in FRAG_TX. */
	struct ffa_mem_receiver *r = receivers(126);
	struct send_case c;

	send_case_init(&c, 2);
	c.t = mt_txn(0x2F, 0, r, 126);
	c.op = FFA_MEM_OP_LEND;
	rig_step(&c.g, FRAME(FFA_MEM_LEND_32, 4096 + 32, 4096), fr_frag_rx(H1, 4096));
	rig_step(&c.g, fr_frag_tx(H1, 32), fr_ok_handle(H1));
	send_case_run(&c, 0, H1);
	assert_captured(&c.g, FFA_VERSION_1_2, 126, 2, 0x2F);
	send_case_end(&c);
	free(r);
}

Test(mem_send, head_too_big_for_the_buffer_sends_nothing)
{
	/* 127 receivers: head 4128 > 4096 (the smallest step over: one EMAD).
	 * With a two-page caller buffer it fits. */
	struct ffa_mem_receiver *r = receivers(127);
	struct ffa_mem_xfer x;
	struct send_case c;

	send_case_init(&c, 1);
	c.t = mt_txn(0x2F, 0, r, 127);
	rig_caller_buf(&c.g, 2, false);
	rig_step(&c.g, FRAME(FFA_MEM_SHARE_64, 4128 + 16, 4144, MT_BUF_PA, 2), fr_ok_handle(H1));
	send_case_run(&c, FFA_ERR_BUFFER_TOO_SMALL, FFA_MEM_HANDLE_INVALID);
	cr_assert_eq(c.g.lock_depth, 0);
	x = (struct ffa_mem_xfer){ .buf = c.g.buf, .pages = 2 };
	c.x = &x;
	send_case_run(&c, 0, H1);
	assert_captured(&c.g, FFA_VERSION_1_2, 127, 1, 0x2F);
	send_case_end(&c);
	free(r);
}

static int count_next(void *arg, uint64_t *addr, uint32_t *pages)
{
	uint32_t *left = arg;

	if (*left == 0)
		return 0;
	(*left)--;
	*addr = 0x40000000ull + (uint64_t)*left * 0x100000000ull;
	*pages = 0x80000000u; /* two of these pass 2^32 - 1 pages */
	return 1;
}

static int count_rewind(void *arg)
{
	*(uint32_t *)arg = 2;
	return 0;
}

Test(mem_send, zero_ranges_and_page_count_overflow_send_nothing)
{
	struct ffa_mem_txn t = mt_txn(0x2F, 0, NULL, 1);
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	uint32_t left = 2;
	struct ffa_mem_range_iter big = { count_next, count_rewind, &left };
	struct mem_rig g;
	uint64_t h = 7;

	rig_init(&g, FFA_VERSION_1_2, CAPS_ALL, 1);
	rig_start(&g);
	cr_assert_eq(ffa_mem_range_array_iter(&st, NULL, 0, &it), 0);
	assert_rc(ffa_mem_send(&g.ctx, FFA_MEM_OP_SHARE, &t, &it, NULL, &h),
		  FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(h, FFA_MEM_HANDLE_INVALID);
	assert_rc(ffa_mem_send(&g.ctx, FFA_MEM_OP_SHARE, &t, &big, NULL, &h),
		  FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(h, FFA_MEM_HANDLE_INVALID);
	rig_done(&g);
}

/* ---- Operation rules checked before sending ---------------------------------- */

Test(mem_send, operation_rules_refused_without_a_call)
{
	struct ffa_mem_receiver two[2] = { { .id = 0x8001, .perm = FFA_MEM_PERM_RW },
					   { .id = 0x8002, .perm = FFA_MEM_PERM_RO } };
	struct ffa_mem_receiver rw = { .id = 0x8001, .perm = FFA_MEM_PERM_RW };
	struct ffa_mem_receiver none = { .id = 0x8001, .perm = 0 };
	struct ffa_mem_receiver rwx = { .id = 0x8001, .perm = FFA_MEM_PERM_RW | FFA_MEM_PERM_X };
	struct ffa_mem_receiver rwnx = { .id = 0x8001, .perm = FFA_MEM_PERM_RW | FFA_MEM_PERM_NX };
	struct ffa_mem_receiver nx = { .id = 0x8001, .perm = FFA_MEM_PERM_NX };
	const struct {
		enum ffa_mem_op op;
		struct ffa_mem_txn t;
	} bad[] = {
		/* DONATE: one receiver, attributes 0, data access not specified. */
		{ FFA_MEM_OP_DONATE, mt_txn(0, 0, two, 2) },
		{ FFA_MEM_OP_DONATE, mt_txn(0x2F, 0, &none, 1) },
		{ FFA_MEM_OP_DONATE, mt_txn(0, 0, &rw, 1) },
		{ FFA_MEM_OP_DONATE, mt_txn(0, 0, &nx, 1) },
		/* LEND: one borrower -> attributes 0; several -> specified. */
		{ FFA_MEM_OP_LEND, mt_txn(0x2F, 0, &rw, 1) },
		{ FFA_MEM_OP_LEND, mt_txn(0, 0, two, 2) },
		{ FFA_MEM_OP_LEND, mt_txn(0, 0, &none, 1) },
		{ FFA_MEM_OP_LEND, mt_txn(0, 0, &rwx, 1) },
		/* SHARE: type specified, no zero flag, RO/RW, instr. n.s. */
		{ FFA_MEM_OP_SHARE, mt_txn(0, 0, &rw, 1) },
		{ FFA_MEM_OP_SHARE, mt_txn(0x2F, FFA_MEM_FLAG_ZERO, &rw, 1) },
		{ FFA_MEM_OP_SHARE, mt_txn(0x2F, 0, &none, 1) },
		{ FFA_MEM_OP_SHARE, mt_txn(0x2F, 0, &rwnx, 1) },
		/* Not an operation. */
		{ (enum ffa_mem_op)3, mt_txn(0x2F, 0, &rw, 1) },
	};
	struct send_case c;

	send_case_init(&c, 1);
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		send_case_name(&c, "case %zu", i);
		c.t = bad[i].t;
		c.op = bad[i].op;
		send_case_run(&c, FFA_ERR_BAD_ARGUMENT, FFA_MEM_HANDLE_INVALID);
	}
	send_case_end(&c);
}

Test(mem_send, arguments_version_and_state)
{
	struct ffa_mem_txn t = mt_txn(0x2F, 0, NULL, 1);
	struct ffa_mem_txn other = t;
	struct mem_rig g;
	struct mt_sender s;
	struct scripted u;
	uint64_t h;

	mt_sender_init(&s, 1);
	/* Not negotiated; no RX/TX pair. */
	scripted_init(&u, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_mem_send(&u.ctx, FFA_MEM_OP_SHARE, &t, &s.it, NULL, &h),
		  FFA_ERR_NOT_NEGOTIATED);
	{
		const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };
		struct scripted w;

		scripted_init(&w, steps, 1, CAPS_ALL, FFA_VERSION_1_2);
		assert_rc(ffa_mem_send(&w.ctx, FFA_MEM_OP_SHARE, &t, &s.it, NULL, &h),
			  FFA_ERR_BAD_ARGUMENT);
		cr_assert_eq(h, FFA_MEM_HANDLE_INVALID);
		assert_script_ok(&w);
	}

	rig_init(&g, FFA_VERSION_1_1, CAPS_ALL, 1);
	rig_step(&g, FRAME(FFA_MEM_SHARE_32, 96, 96), fr_ok_handle(H1));
	rig_start(&g);
	assert_rc(ffa_mem_send(NULL, FFA_MEM_OP_SHARE, &t, &s.it, NULL, &h), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_send(&g.ctx, FFA_MEM_OP_SHARE, NULL, &s.it, NULL, &h),
		  FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_send(&g.ctx, FFA_MEM_OP_SHARE, &t, &s.it, NULL, NULL),
		  FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_send(&g.ctx, FFA_MEM_OP_SHARE, &t, NULL, NULL, &h),
		  FFA_ERR_BAD_ARGUMENT);
	/* Another layout than the negotiated one (known-bugs.md 23). */
	other.version = FFA_VERSION_1_2;
	assert_rc(ffa_mem_send(&g.ctx, FFA_MEM_OP_SHARE, &other, &s.it, NULL, &h),
		  FFA_ERR_BAD_ARGUMENT);
	other.version = FFA_VERSION_1_1;
	other.kind = FFA_MEM_DESC_RETRIEVE_RESP;
	assert_rc(ffa_mem_send(&g.ctx, FFA_MEM_OP_SHARE, &other, &s.it, NULL, &h),
		  FFA_ERR_BAD_ARGUMENT);
	/* The explicit negotiated version is fine too. */
	other = t;
	other.version = FFA_VERSION_1_1;
	assert_rc(ffa_mem_send(&g.ctx, FFA_MEM_OP_SHARE, &other, &s.it, NULL, &h), 0);
	send_end(&g, &s);
}

/* ---- Errors and hostile answers ------------------------------------------------ */

Test(mem_send, every_error_at_the_first_call_leaves_nothing)
{
	for (size_t e = 0; e < ARRAY_LEN(wire_errors); e++) {
		struct send_case c;

		send_case_init(&c, 600);
		send_case_name(&c, "error %d", wire_errors[e]);
		SHARE_600(&c, H1, e % 2 ? ERR(wire_errors[e]) : ERR_SX(wire_errors[e]));
		send_case_run(&c, wire_errors[e], FFA_MEM_HANDLE_INVALID);
		send_case_end(&c);
	}
}

Test(mem_send, every_error_at_frag_tx_means_discarded)
{
	/* An FFA_ERROR to a continuation: the manager freed the transaction
	 * (Hafnium, TF-A); no clean-up call follows. */
	for (size_t e = 0; e < ARRAY_LEN(wire_errors); e++) {
		struct send_case c;

		send_case_init(&c, 600);
		send_case_name(&c, "error %d", wire_errors[e]);
		SHARE_600(&c, H1, fr_frag_rx(H1, 4096), ERR(wire_errors[e]));
		send_case_run(&c, wire_errors[e], FFA_MEM_HANDLE_INVALID);
		send_case_end(&c);
	}
}

Test(mem_send, hostile_first_answers_create_nothing_attributable)
{
	static const uint32_t bad_codes[] = { FFA_TEST_BAD_WIRE_CODES };
	struct ffa_regs answers[ARRAY_LEN(hostile_fids) + ARRAY_LEN(bad_codes) + 2];
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_LEN(hostile_fids); i++)
		answers[n++] = FRAME(hostile_fids[i], (uint32_t)H1, (uint32_t)(H1 >> 32), 4096);
	for (size_t i = 0; i < ARRAY_LEN(bad_codes); i++)
		answers[n++] = FRAME(FFA_ERROR_32, 0, bad_codes[i]);
	/* The invalid handle, in either answer form. */
	answers[n++] = fr_frag_rx(FFA_MEM_HANDLE_INVALID, 4096);
	answers[n++] = fr_ok_handle(FFA_MEM_HANDLE_INVALID);

	for (size_t i = 0; i < n; i++) {
		struct send_case c;

		send_case_init(&c, 600);
		send_case_name(&c, "answer %zu", i);
		SHARE_600(&c, H1, answers[i]);
		send_case_run(&c, FFA_ERR_PROTOCOL, FFA_MEM_HANDLE_INVALID);
		send_case_end(&c);
	}
}

Test(mem_send, conduit_failure_at_the_first_call)
{
	struct send_case c;

	send_case_init(&c, 1);
	rig_step_fail(&c.g, FRAME(FFA_MEM_SHARE_32, 112, 112), FFA_ERR_CONDUIT);
	send_case_run(&c, FFA_ERR_CONDUIT, FFA_MEM_HANDLE_INVALID);
	send_case_end(&c);
}

/* The remaining 1504 bytes after the first fragment, as the drain sends
 * them: zero-page constituents. */
static void assert_drained_zeros(const struct mem_rig *g, size_t from, size_t len)
{
	cr_assert(g->cap_len >= from + len);
	for (size_t i = 0; i < len; i++)
		cr_assert_eq(g->cap[from + i], 0, "drain byte %zu not zero", i);
}

Test(mem_send, wrong_offset_in_frag_rx_is_undone_by_draining)
{
	/* FRAG_RX names offset 4080 after 4096 bytes: a protocol error. The
	 * manager waits for more bytes (reclaim would be refused), so the rest
	 * goes as zero-page constituents; the manager rejects them. */
	static const uint32_t offsets[] = { 4080, 4112, 0, 9696, 0xFFFFFFFFu };

	for (size_t i = 0; i < ARRAY_LEN(offsets); i++) {
		struct send_case c;

		send_case_init(&c, 600);
		send_case_name(&c, "offset %#x: nothing left behind", offsets[i]);
		SHARE_600(&c, H1, fr_frag_rx(H1, offsets[i]), fr_frag_rx(H1, 8192),
			  ERR(FFA_ERR_INVALID_PARAMETERS));
		send_case_run(&c, FFA_ERR_PROTOCOL, FFA_MEM_HANDLE_INVALID);
		assert_drained_zeros(&c.g, 4096, 5600);
		send_case_end(&c);
	}
}

Test(mem_send, wrong_handle_in_a_later_frag_rx)
{
	/* The second FRAG_RX names another handle: state unknown. Reclaim ours
	 * first (refused: not fully sent), then drain; the manager rejects. */
	struct send_case c;

	send_case_init(&c, 600);
	SHARE_600(&c, H1, fr_frag_rx(H1, 4096), fr_frag_rx(H2, 8192));
	rig_step(&c.g, fr_reclaim(H1, 0), ERR(FFA_ERR_INVALID_PARAMETERS));
	rig_step(&c.g, fr_frag_tx(H1, 1504), ERR(FFA_ERR_INVALID_PARAMETERS));
	send_case_run(&c, FFA_ERR_PROTOCOL, FFA_MEM_HANDLE_INVALID);
	assert_drained_zeros(&c.g, 8192, 1504);
	send_case_end(&c);
}

Test(mem_send, wrong_handle_in_final_success_reclaims_ours_only)
{
	struct send_case c;

	send_case_init(&c, 600);
	SHARE_600(&c, H1, fr_frag_rx(H1, 4096), fr_frag_rx(H1, 8192), fr_ok_handle(H2));
	rig_step(&c.g, fr_reclaim(H1, 0), OK32());
	send_case_run(&c, FFA_ERR_PROTOCOL, FFA_MEM_HANDLE_INVALID);
	send_case_end(&c);
}

Test(mem_send, success_before_the_last_byte_is_reclaimed)
{
	struct send_case c;

	/* At the first call: the SUCCESS handle is the only one. */
	send_case_init(&c, 600);
	SHARE_600(&c, H1, fr_ok_handle(H2));
	rig_step(&c.g, fr_reclaim(H2, 0), OK32());
	send_case_run(&c, FFA_ERR_PROTOCOL, FFA_MEM_HANDLE_INVALID);

	/* Mid-way; and the reclaim is refused: the handle is handed back. */
	send_case_again(&c, FFA_VERSION_1_2, CAPS_ALL);
	SHARE_600(&c, H1, fr_frag_rx(H1, 4096), fr_ok_handle(H1));
	rig_step(&c.g, fr_reclaim(H1, 0), ERR(FFA_ERR_DENIED));
	send_case_name(&c, "a transaction that could not be undone is reported");
	send_case_run(&c, FFA_ERR_PROTOCOL, H1);
	send_case_end(&c);
}

Test(mem_send, frag_rx_after_the_last_byte_reports_the_handle)
{
	/* The manager asks for bytes beyond T: nothing valid can be sent. */
	struct send_case c;

	send_case_init(&c, 600);
	SHARE_600(&c, H1, fr_frag_rx(H1, 4096), fr_frag_rx(H1, 8192), fr_frag_rx(H1, T12(600)));
	send_case_run(&c, FFA_ERR_PROTOCOL, H1);
	send_case_end(&c);
}

Test(mem_send, hostile_answer_to_frag_tx_reclaims_first)
{
	/* A garbage answer to a continuation: state unknown. Reclaim first
	 * (it works here: the manager had completed it). */
	for (size_t i = 0; i < ARRAY_LEN(hostile_fids); i++) {
		struct send_case c;

		send_case_init(&c, 600);
		send_case_name(&c, "answer %#x", hostile_fids[i]);
		SHARE_600(&c, H1, fr_frag_rx(H1, 4096), FRAME(hostile_fids[i], 1, 2, 3));
		rig_step(&c.g, fr_reclaim(H1, 0), OK32());
		send_case_run(&c, FFA_ERR_PROTOCOL, FFA_MEM_HANDLE_INVALID);
		send_case_end(&c);
	}
}

Test(mem_send, conduit_failure_mid_exchange)
{
	/* Lost FRAG_TX: reclaim refused, drain refused: nothing left. */
	struct send_case c;

	send_case_init(&c, 600);
	SHARE_600(&c, H1, fr_frag_rx(H1, 4096));
	rig_step_fail(&c.g, fr_frag_tx(H1, 4096), FFA_ERR_CONDUIT);
	rig_step(&c.g, fr_reclaim(H1, 0), ERR(FFA_ERR_INVALID_PARAMETERS));
	rig_step(&c.g, fr_frag_tx(H1, 1504), ERR(FFA_ERR_INVALID_PARAMETERS));
	send_case_run(&c, FFA_ERR_CONDUIT, FFA_MEM_HANDLE_INVALID);
	send_case_end(&c);
}

/* An iterator that yields @n ranges on the first pass and fails after
 * @fail_at on the second. */
struct flaky {
	uint32_t n, fail_at, pos, pass;
	int err;
};

static int flaky_next(void *arg, uint64_t *addr, uint32_t *pages)
{
	struct flaky *f = arg;

	if (f->pass == 2 && f->pos == f->fail_at)
		return f->err;
	if (f->pos == f->n)
		return 0;
	*addr = 0x80000000ull + (uint64_t)f->pos * 2u * 4096u;
	*pages = 1;
	f->pos++;
	return 1;
}

static int flaky_rewind(void *arg)
{
	struct flaky *f = arg;

	f->pos = 0;
	f->pass++;
	return 0;
}

Test(mem_send, iterator_failure_mid_stream_is_drained)
{
	/* The second pass fails inside the second fragment: the manager holds
	 * 4096 bytes and waits; the rest goes as zero-page constituents. */
	struct ffa_mem_txn t = mt_txn(0x2F, 0, NULL, 1);
	struct flaky f = { .n = 600, .fail_at = 300, .err = -1234 };
	struct ffa_mem_range_iter it = { flaky_next, flaky_rewind, &f };
	const struct ffa_regs answers[] = { fr_frag_rx(H1, 4096), fr_frag_rx(H1, 8192),
					    ERR(FFA_ERR_INVALID_PARAMETERS) };
	struct mem_rig g;
	uint64_t h = 7;

	rig_init(&g, FFA_VERSION_1_2, CAPS_ALL, 1);
	expect_share(&g, H1, SEND_T600, 0, answers, ARRAY_LEN(answers));
	rig_start(&g);
	assert_rc(ffa_mem_send(&g.ctx, FFA_MEM_OP_SHARE, &t, &it, NULL, &h), -1234);
	cr_assert_eq(h, FFA_MEM_HANDLE_INVALID);
	assert_drained_zeros(&g, 4096, 5600);
	rig_done(&g);
}

Test(mem_send, drain_accepted_is_reclaimed_and_drain_stuck_is_reported)
{
	struct send_case c;

	/* A manager that takes zero-page constituents: reclaim after. */
	send_case_init(&c, 600);
	SHARE_600(&c, H1, fr_frag_rx(H1, 1), fr_frag_rx(H1, 8192), fr_ok_handle(H1));
	rig_step(&c.g, fr_reclaim(H1, 0), OK32());
	send_case_run(&c, FFA_ERR_PROTOCOL, FFA_MEM_HANDLE_INVALID);

	/* A drain answered with a foreign handle: stop, report ours. */
	send_case_again(&c, FFA_VERSION_1_2, CAPS_ALL);
	SHARE_600(&c, H1, fr_frag_rx(H1, 1), fr_frag_rx(H2, 8192));
	send_case_run(&c, FFA_ERR_PROTOCOL, H1);
	send_case_end(&c);
}

/* ---- Time slicing -------------------------------------------------------------- */

Test(mem_send, time_slicing_pause_and_resume)
{
	struct send_case c;

	send_case_init(&c, 600);
	c.t = mt_txn(0x2F, FFA_MEM_FLAG_TIME_SLICE, NULL, 1);
	/* The first PAUSE defines the handle; the RESUME answers continue
	 * the exchange where the paused step would have. */
	rig_step(&c.g, FRAME(FFA_MEM_SHARE_32, T12(600), 4096), fr_pause(H1));
	rig_step(&c.g, fr_resume(H1), fr_pause(H1));
	rig_step(&c.g, fr_resume(H1), fr_frag_rx(H1, 4096));
	rig_step(&c.g, fr_frag_tx(H1, 4096), fr_frag_rx(H1, 8192));
	rig_step(&c.g, fr_frag_tx(H1, 1504), fr_pause(H1));
	rig_step(&c.g, fr_resume(H1), fr_ok_handle(H1));
	send_case_run(&c, 0, H1);
	send_case_end(&c);
}

Test(mem_send, time_slicing_violations)
{
	struct send_case c;

	/* PAUSE without the flag: a protocol error, no handle learnt. */
	send_case_init(&c, 600);
	SHARE_600(&c, H1, fr_pause(H1));
	send_case_run(&c, FFA_ERR_PROTOCOL, FFA_MEM_HANDLE_INVALID);

	/* PAUSE naming another handle than the exchange's: state unknown. */
	send_case_again(&c, FFA_VERSION_1_2, CAPS_ALL);
	c.t = mt_txn(0x2F, FFA_MEM_FLAG_TIME_SLICE, NULL, 1);
	SHARE_600(&c, H1, fr_frag_rx(H1, 4096), fr_pause(H2));
	rig_step(&c.g, fr_reclaim(H1, 0), OK32());
	send_case_run(&c, FFA_ERR_PROTOCOL, FFA_MEM_HANDLE_INVALID);

	/* Resume limit 2: the third PAUSE stops the call; nothing more is
	 * sent (only RESUME could follow) and the handle is reported. */
	send_case_again(&c, FFA_VERSION_1_2, CAPS_ALL);
	SHARE_600(&c, H1, fr_pause(H1));
	rig_step(&c.g, fr_resume(H1), fr_pause(H1));
	rig_step(&c.g, fr_resume(H1), fr_pause(H1));
	send_case_start(&c);
	assert_rc(ffa_ctx_set_preempt_policy(&c.g.ctx, FFA_PREEMPT_RESUME, 2), 0);
	send_case_run(&c, FFA_ERR_INTERRUPTED, H1);
	send_case_end(&c);
}

Test(mem_send, interrupt_and_yield_are_protocol_errors_never_run)
{
	/* Memory calls are not preemptible: no FFA_RUN is ever sent. */
	static const uint32_t fids[] = { FFA_INTERRUPT_32, FFA_YIELD_32 };

	for (size_t i = 0; i < ARRAY_LEN(fids); i++) {
		struct send_case c;

		send_case_init(&c, 1);
		send_case_name(&c, "answer %#x", fids[i]);
		rig_step(&c.g, FRAME(FFA_MEM_SHARE_32, 112, 112), FRAME(fids[i], 0x80010000u, 5));
		send_case_run(&c, FFA_ERR_PROTOCOL, FFA_MEM_HANDLE_INVALID);
		send_case_end(&c);
	}
}
