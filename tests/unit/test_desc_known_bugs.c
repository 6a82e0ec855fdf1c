/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Regression tests for the known-bugs.md classes that touch the descriptor
 * layer, one test per class, named after it. Classes of that sheet that live
 * in the ABI, services or simulator layers are listed in
 * docs/memory-descriptors.md with the reason they do not apply here.
 */
#include <criterion/criterion.h>

#include "desc_vectors.h"

static const struct ffa_mem_range one_page[] = {{0x80000000u, 1}};

static int encode_exact(const struct ffa_mem_txn *t, const struct ffa_mem_range *r, size_t n,
			size_t cap, uint8_t **out)
{
	struct ffa_mem_range_array arr;
	struct ffa_mem_range_iter it;

	/* An exactly sized heap buffer: ASan reports any write past it. */
	*out = malloc(cap);
	ffa_mem_range_array_iter(&arr, r, n, &it);
	return ffa_mem_desc_encode(t, r ? &it : NULL, *out, cap);
}

/* 8: flags and tag swapped in a retrieve request; total and fragment
 * length swapped. */
Test(known_bugs, known_bug_8_swapped_fields)
{
	struct ffa_mem_receiver rx = {.id = 0x8001};
	struct ffa_mem_txn t = {.version = FFA_VERSION_1_1, .kind = FFA_MEM_DESC_RETRIEVE_REQ,
				.sender = 1, .flags = 0x10, .handle = 0x1234,
				.tag = UINT64_C(0xAABBCCDD00112233), .receiver_count = 1,
				.receivers = &rx};
	struct ffa_mem_desc d;
	struct ffa_mem_frag f;
	struct ffa_mem_frag_info info;
	struct ffa_mem_range_array arr;
	struct ffa_mem_range_iter it;
	static const struct ffa_mem_range r3[] = {{0x1000, 1}, {0x3000, 1}, {0x5000, 1}};
	uint8_t buf[256];

	cr_assert_eq(ffa_mem_retrieve_req_encode(&t, buf, sizeof(buf)), 64);
	cr_assert_eq(buf[4], 0x10); /* flags at 4 */
	cr_assert_eq(buf[16], 0x33); /* tag at 16 */
	cr_assert_eq(buf[23], 0xAA);
	cr_assert_eq(ffa_mem_retrieve_req_decode(&d, buf, 64, FFA_VERSION_1_1), 0);
	cr_assert_eq(d.flags, 0x10);
	cr_assert_eq(d.tag, UINT64_C(0xAABBCCDD00112233));

	t.kind = FFA_MEM_DESC_SEND;
	t.flags = 0;
	t.handle = 0;
	ffa_mem_range_array_iter(&arr, r3, 3, &it);
	cr_assert_eq(ffa_mem_frag_init(&f, &t, &it), 0);
	cr_assert_eq(ffa_mem_frag_next(&f, buf, 96, &info), 96);
	cr_assert_eq(info.total_len, 128); /* w1 */
	cr_assert_eq(info.len, 96);        /* w2 */
}

/* 12: 16-bit IDs >= 0x8000 must not go through a signed int promotion. */
Test(known_bugs, known_bug_12_id_promotion)
{
	struct ffa_mem_receiver rx = {.id = 0xFFFF, .perm = FFA_MEM_PERM_RO};
	struct ffa_mem_txn t = {.version = FFA_VERSION_1_2, .kind = FFA_MEM_DESC_SEND,
				.sender = 0x8000, .attributes = 0x2F, .receiver_count = 1,
				.receivers = &rx};
	struct ffa_mem_desc d;
	struct ffa_mem_receiver r;
	struct ffa_mem_relinquish rl;
	uint16_t id = 0xFFFF;
	uint8_t *b;
	uint8_t buf[32];

	cr_assert_eq(encode_exact(&t, one_page, 1, 112, &b), 112);
	cr_assert(b[0] == 0x00 && b[1] == 0x80 && b[0x30] == 0xFF && b[0x31] == 0xFF);
	cr_assert_eq(ffa_mem_desc_decode(&d, b, 112, FFA_VERSION_1_2, FFA_MEM_DESC_SEND), 0);
	cr_assert_eq(d.sender, 0x8000);
	cr_assert_eq(ffa_mem_desc_receiver(&d, 0, &r), 0);
	cr_assert_eq(r.id, 0xFFFF);
	free(b);
	cr_assert_eq(ffa_mem_relinquish_encode(1, 0, &id, 1, buf, sizeof(buf)), 18);
	cr_assert_eq(ffa_mem_relinquish_decode(&rl, buf, 18), 0);
	cr_assert_eq(ffa_mem_relinquish_endpoint(&rl, 0), 0xFFFF);
}

/* 15: EMAD size per version. The v1.2 IMPDEF field must never be written
 * into a 16-byte EMAD; each version's descriptor fits a buffer of exactly
 * its own size; the decoder accepts only the sizes valid for the version. */
Test(known_bugs, known_bug_15_emad_size_per_version)
{
	struct ffa_mem_receiver rx = {.id = 0x8001, .perm = FFA_MEM_PERM_RW,
				      .impdef = {1, 2, 3}};
	struct ffa_mem_txn t = {.kind = FFA_MEM_DESC_SEND, .sender = 1, .attributes = 0x2F,
				.receiver_count = 1, .receivers = &rx};
	static const uint32_t vers[] = {FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2};
	static const int lens[] = {80, 96, 112};
	struct ffa_mem_desc d;
	struct ffa_mem_receiver r;
	uint8_t buf[512], *b;
	struct dv_layout l;
	size_t i, n;
	uint32_t sz;

	t.version = FFA_VERSION_1_1;
	cr_assert_eq(encode_exact(&t, one_page, 1, 96, &b), FFA_ERR_BAD_ARGUMENT);
	free(b);
	memset(rx.impdef, 0, sizeof(rx.impdef));
	for (i = 0; i < 3; i++) {
		t.version = vers[i];
		cr_assert_eq(encode_exact(&t, one_page, 1, (size_t)lens[i], &b), lens[i]);
		cr_assert_eq(ffa_mem_desc_decode(&d, b, (size_t)lens[i], vers[i],
						 FFA_MEM_DESC_SEND), 0);
		cr_assert_eq(d.emad_size, i == 2 ? 32u : 16u);
		free(b);
	}
	/* Decoder: v1.1 accepts 16 only; v1.2 16 or 32; never 0/8/24/48/64. */
	for (sz = 0; sz <= 64; sz += 8) {
		l = dv_default(FFA_VERSION_1_1);
		l.emad_size = l.emad_stride = sz ? sz : 16;
		l.emad_size = sz;
		l.comp_offset = 48 + (sz ? sz : 16);
		n = dv_write(&l, buf);
		cr_assert_eq(dv_decode(buf, n, FFA_VERSION_1_1, FFA_MEM_DESC_SEND),
			     sz == 16 ? 0 : FFA_ERR_PROTOCOL, "v1.1 size %u", sz);
		cr_assert_eq(dv_decode(buf, n, FFA_VERSION_1_2, FFA_MEM_DESC_SEND),
			     (sz == 16 || sz == 32) ? 0 : FFA_ERR_PROTOCOL, "v1.2 size %u", sz);
	}
	/* A v1.2 reader of a 16-byte EMAD sees IMPDEF zero, not the next EMAD. */
	l = dv_default(FFA_VERSION_1_1);
	l.emad_count = l.emads_real = 2;
	l.comp_offset = 48 + 32;
	n = dv_write(&l, buf);
	cr_assert_eq(ffa_mem_desc_decode(&d, buf, n, FFA_VERSION_1_2, FFA_MEM_DESC_SEND), 0);
	cr_assert_eq(ffa_mem_desc_receiver(&d, 1, &r), 0);
	cr_assert_eq(r.id, 0x8002);
	for (i = 0; i < 16; i++)
		cr_assert_eq(r.impdef[i], 0);
}

/* 16: EMAD array offset comes from the header (v1.1+), validated. */
Test(known_bugs, known_bug_16_emad_offset_from_header)
{
	uint8_t buf[512];
	struct dv_layout l = dv_default(FFA_VERSION_1_2);
	struct ffa_mem_desc d;
	struct ffa_mem_receiver r;
	size_t n;

	/* EMADs at 0x40, 16 bytes after the header; 0x30..0x3F holds junk
	 * that a sizeof(header) reader would take for the EMAD. */
	l.emad_offset = 0x40;
	l.comp_offset = 0x60;
	n = dv_write(&l, buf);
	memset(buf + 0x30, 0xEE, 16);
	cr_assert_eq(ffa_mem_desc_decode(&d, buf, n, FFA_VERSION_1_2, FFA_MEM_DESC_SEND), 0);
	cr_assert_eq(d.emad_offset, 0x40);
	cr_assert_eq(ffa_mem_desc_receiver(&d, 0, &r), 0);
	cr_assert_eq(r.id, 0x8001);
	cr_assert_eq(r.perm, FFA_MEM_PERM_RW);
	/* Offsets in the header, past the end, or wrapping are refused. */
	dt_w32(buf, 32, 0x20);
	cr_assert_eq(dv_decode(buf, n, FFA_VERSION_1_2, FFA_MEM_DESC_SEND), FFA_ERR_PROTOCOL);
	dt_w32(buf, 32, 0);
	cr_assert_eq(dv_decode(buf, n, FFA_VERSION_1_2, FFA_MEM_DESC_SEND), FFA_ERR_PROTOCOL);
	dt_w32(buf, 32, (uint32_t)n);
	cr_assert_eq(dv_decode(buf, n, FFA_VERSION_1_2, FFA_MEM_DESC_SEND), FFA_ERR_PROTOCOL);
	dt_w32(buf, 32, 0xFFFFFFF0u);
	cr_assert_eq(dv_decode(buf, n, FFA_VERSION_1_2, FFA_MEM_DESC_SEND), FFA_ERR_PROTOCOL);
}

/* 17: composite offset computed with the wrong struct version. The offset
 * is always taken from the EMAD, and the encoder's is right per version. */
Test(known_bugs, known_bug_17_composite_offset_version)
{
	struct ffa_mem_receiver rx[3] = {{.id = 0x8001, .perm = 2}, {.id = 0x8002, .perm = 2},
					 {.id = 0x8003, .perm = 2}};
	struct ffa_mem_txn t = {.kind = FFA_MEM_DESC_SEND, .sender = 1, .attributes = 0x2F,
				.receiver_count = 3, .receivers = rx};
	static const uint32_t vers[] = {FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2};
	static const uint32_t comp[] = {32 + 48, 48 + 48, 48 + 96};
	struct ffa_mem_desc d;
	uint8_t buf[512], *b;
	struct dv_layout l;
	size_t i, n;

	for (i = 0; i < 3; i++) {
		t.version = vers[i];
		cr_assert_eq(encode_exact(&t, one_page, 1, comp[i] + 32, &b), (int)comp[i] + 32);
		cr_assert_eq(b[comp[i]], 1);	 /* total pages */
		cr_assert_eq(b[comp[i] + 4], 1); /* count */
		cr_assert_eq(b[(i == 0 ? 32 : 48) + 4], comp[i]);
		free(b);
	}
	/* v1.1 bytes read by a v1.2 decoder: composite at 0x40 from the EMAD
	 * (a v1.2-sized computation would say 0x50). */
	l = dv_default(FFA_VERSION_1_1);
	n = dv_write(&l, buf);
	cr_assert_eq(ffa_mem_desc_decode(&d, buf, n, FFA_VERSION_1_2, FFA_MEM_DESC_SEND), 0);
	cr_assert_eq(d.composite_offset, 0x40);
	/* v1.0 bytes are not a v1.1 descriptor (and vice versa). */
	l = dv_default(FFA_VERSION_1_0);
	n = dv_write(&l, buf);
	cr_assert_eq(dv_decode(buf, n, FFA_VERSION_1_1, FFA_MEM_DESC_SEND), FFA_ERR_PROTOCOL);
	l = dv_default(FFA_VERSION_1_1);
	n = dv_write(&l, buf);
	cr_assert_eq(dv_decode(buf, n, FFA_VERSION_1_0, FFA_MEM_DESC_SEND), FFA_ERR_PROTOCOL);
}

/* 18: alignment of offsets (EMAD 16; composite 16 for sends, 8 accepted
 * from a relayer). The RXTX_MAP forwarding descriptor is not in this layer. */
Test(known_bugs, known_bug_18_offset_alignment)
{
	uint8_t buf[512];
	struct dv_layout l;
	uint32_t off;
	size_t n;

	for (off = 48; off <= 64; off += 4) {
		l = dv_default(FFA_VERSION_1_1);
		l.emad_offset = off;
		l.comp_offset = 80;
		n = dv_write(&l, buf);
		cr_assert_eq(dv_decode(buf, n, FFA_VERSION_1_1, FFA_MEM_DESC_SEND),
			     (off % 16) == 0 ? 0 : FFA_ERR_PROTOCOL, "emad offset %u", off);
	}
	for (off = 64; off <= 80; off += 4) {
		l = dv_default(FFA_VERSION_1_1);
		l.comp_offset = off;
		n = dv_write(&l, buf);
		cr_assert_eq(dv_decode(buf, n, FFA_VERSION_1_1, FFA_MEM_DESC_SEND),
			     (off % 16) == 0 ? 0 : FFA_ERR_PROTOCOL, "send comp %u", off);
		cr_assert_eq(dv_decode(buf, n, FFA_VERSION_1_1, FFA_MEM_DESC_RETRIEVE_RESP),
			     (off % 8) == 0 ? 0 : FFA_ERR_PROTOCOL, "resp comp %u", off);
	}
}

/* 19: the buffer must cover the whole receiver array before it is walked. */
Test(known_bugs, known_bug_19_size_checks_before_iterating)
{
	uint8_t buf[512];
	struct dv_layout l;
	size_t n;
	uint32_t count;

	/* Header claims 2..100 EMADs; only one is there, the exact-size copy
	 * makes ASan catch any peek past it. */
	for (count = 2; count <= 100; count++) {
		l = dv_default(FFA_VERSION_1_2);
		l.emad_count = count;
		n = dv_write(&l, buf);
		cr_assert_eq(dv_decode(buf, 48 + 32, FFA_VERSION_1_2, FFA_MEM_DESC_SEND),
			     FFA_ERR_PROTOCOL);
		cr_assert_eq(dv_decode(buf, n, FFA_VERSION_1_2, FFA_MEM_DESC_SEND),
			     FFA_ERR_PROTOCOL);
	}
	/* Retrieve request: the EMAD array must end exactly at the length. */
	l = dv_default(FFA_VERSION_1_1);
	l.comp_offset = 0;
	l.emad_count = 2;
	dv_write(&l, buf);
	cr_assert_eq(dv_decode(buf, 64, FFA_VERSION_1_1, FFA_MEM_DESC_RETRIEVE_REQ),
		     FFA_ERR_PROTOCOL);
}

/* 20: arithmetic overflow - total page count, address + pages * 4K, empty
 * ranges, counts times sizes. */
Test(known_bugs, known_bug_20_arithmetic_overflow)
{
	struct ffa_mem_receiver rx = {.id = 0x8001, .perm = 2};
	struct ffa_mem_txn t = {.version = FFA_VERSION_1_1, .kind = FFA_MEM_DESC_SEND,
				.sender = 1, .attributes = 0x2F, .receiver_count = 1,
				.receivers = &rx};
	static const struct ffa_mem_range pages_ovf[] = {
		{0x0, 0x80000000u}, {0x100000000000ull, 0x7FFFFFFFu}, {0x200000000000ull, 2}};
	static const struct ffa_mem_range addr_ovf[] = {{0xFFFFFFFF00000000ull, 0x100000u}};
	static const struct ffa_mem_range empty[] = {{0x1000, 0}};
	uint8_t buf[512], *b;
	struct dv_layout l;
	size_t n;

	cr_assert_eq(encode_exact(&t, pages_ovf, 3, 512, &b), FFA_ERR_BAD_ARGUMENT);
	free(b);
	cr_assert_eq(encode_exact(&t, addr_ovf, 1, 512, &b), FFA_ERR_BAD_ARGUMENT);
	free(b);
	cr_assert_eq(encode_exact(&t, empty, 1, 512, &b), FFA_ERR_BAD_ARGUMENT);
	free(b);
	cr_assert_eq(encode_exact(&t, NULL, 0, 512, &b), FFA_ERR_BAD_ARGUMENT);
	free(b);

	/* Decoder: constituent page sum exceeding 32 bits must not wrap to
	 * the announced total. */
	l = dv_default(FFA_VERSION_1_1);
	l.cons_count = l.cons_real = 2;
	l.total_pages = 0xFFFFFFFEu;
	n = dv_write(&l, buf);
	dt_w32(buf, 80 + 8, 0xFFFFFFFFu);
	dt_w32(buf, 96 + 8, 0xFFFFFFFFu);
	cr_assert_eq(dv_decode(buf, n, FFA_VERSION_1_1, FFA_MEM_DESC_SEND), FFA_ERR_PROTOCOL);
	/* Address wrap and empty constituent. */
	l = dv_default(FFA_VERSION_1_1);
	l.base = 0xFFFFFFFFFFFFF000ull;
	n = dv_write(&l, buf);
	cr_assert_eq(dv_decode(buf, n, FFA_VERSION_1_1, FFA_MEM_DESC_SEND), FFA_ERR_PROTOCOL);
	l.base = 0x1000;
	n = dv_write(&l, buf);
	dt_w32(buf, 80 + 8, 0);
	cr_assert_eq(dv_decode(buf, n, FFA_VERSION_1_1, FFA_MEM_DESC_SEND), FFA_ERR_PROTOCOL);
	/* Constituent count whose byte size wraps 32 bits. */
	l = dv_default(FFA_VERSION_1_1);
	l.cons_count = 0xFFFFFFFFu;
	l.total_pages = 0xFFFFFFFFu;
	n = dv_write(&l, buf);
	cr_assert_eq(dv_decode(buf, n, FFA_VERSION_1_1, FFA_MEM_DESC_SEND), FFA_ERR_PROTOCOL);
}

/* 23: fragment offsets follow the caller's version layout. */
Test(known_bugs, known_bug_23_fragment_offsets_in_callers_version)
{
	struct ffa_mem_receiver rx = {.id = 0x8001, .perm = 2};
	struct ffa_mem_txn t = {.kind = FFA_MEM_DESC_SEND, .sender = 1, .attributes = 0x2F,
				.receiver_count = 1, .receivers = &rx};
	static const struct ffa_mem_range r2[] = {{0x1000, 1}, {0x3000, 1}};
	static const uint32_t vers[] = {FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2};
	static const uint32_t head[] = {64, 80, 96};
	struct ffa_mem_range_array arr;
	struct ffa_mem_range_iter it;
	struct ffa_mem_frag f;
	struct ffa_mem_frag_info info;
	struct ffa_mem_reasm ra;
	uint8_t buf[256];
	size_t i;

	for (i = 0; i < 3; i++) {
		t.version = vers[i];
		ffa_mem_range_array_iter(&arr, r2, 2, &it);
		cr_assert_eq(ffa_mem_frag_init(&f, &t, &it), 0);
		cr_assert_eq(ffa_mem_frag_first_min(&f), head[i]);
		cr_assert_eq(ffa_mem_frag_next(&f, buf, head[i], &info), (int)head[i]);
		cr_assert_eq(ffa_mem_frag_pos(&f), head[i]);
		cr_assert_eq(ffa_mem_frag_next(&f, buf, 16, &info), 16);
		cr_assert_eq(info.offset, head[i]);
		cr_assert_eq(info.total_len, head[i] + 32);
	}
	/* A v1.1 receiver fed a v1.2 stream (total 128) refuses it. */
	t.version = FFA_VERSION_1_2;
	ffa_mem_range_array_iter(&arr, r2, 2, &it);
	cr_assert_eq(ffa_mem_frag_init(&f, &t, &it), 0);
	cr_assert_eq(ffa_mem_frag_next(&f, buf, sizeof(buf), &info), 128);
	cr_assert_eq(ffa_mem_reasm_init(&ra, FFA_VERSION_1_1, FFA_MEM_DESC_SEND, 128), 0);
	cr_assert_eq(ffa_mem_reasm_feed(&ra, buf, 128), FFA_ERR_PROTOCOL);
}

/* 24: fragment state machine - "more" on every fragment but the last, then
 * done; offsets strictly follow; handle halves per register convention. */
Test(known_bugs, known_bug_24_fragment_state_machine)
{
	struct ffa_mem_receiver rx = {.id = 0x8001, .perm = 2};
	struct ffa_mem_txn t = {.version = FFA_VERSION_1_2, .kind = FFA_MEM_DESC_SEND,
				.sender = 1, .attributes = 0x2F, .receiver_count = 1,
				.receivers = &rx};
	struct ffa_mem_range r[10];
	struct ffa_mem_range_array arr;
	struct ffa_mem_range_iter it;
	struct ffa_mem_frag f;
	struct ffa_mem_frag_info info;
	uint8_t buf[128];
	uint32_t expect_off = 0, i;
	int n, frags = 0;
	uint64_t h = UINT64_C(0x00000001FFFFFFC0);

	for (i = 0; i < 10; i++) {
		r[i].addr = 0x10000u * (i + 1);
		r[i].pages = 1;
	}
	ffa_mem_range_array_iter(&arr, r, 10, &it);
	cr_assert_eq(ffa_mem_frag_init(&f, &t, &it), 0);
	while ((n = ffa_mem_frag_next(&f, buf, 112, &info)) > 0) {
		frags++;
		cr_assert_eq(info.offset, expect_off);
		expect_off += (uint32_t)n;
		cr_assert_eq(info.more, expect_off < ffa_mem_frag_total_len(&f));
		cr_assert_eq(ffa_mem_frag_done(&f), !info.more);
	}
	cr_assert_eq(n, 0);
	cr_assert_eq(expect_off, 96 + 160);
	cr_assert_eq(frags, 3); /* 96 + 1 x 16, then 7 x 16, then 2 x 16 */
	cr_assert_eq(ffa_mem_frag_next(&f, buf, sizeof(buf), &info), 0);
	/* SUCCESS w2/w3 and FRAG_RX w1/w2 carry the same low/high halves. */
	cr_assert_eq(ffa_mem_handle_make(ffa_mem_handle_lo(h), ffa_mem_handle_hi(h)), h);
	cr_assert_eq(ffa_mem_handle_lo(h), 0xFFFFFFC0u);
	cr_assert_eq(ffa_mem_handle_hi(h), 1u);
}

/* 25: multi-fragment retrieve responses - the destination advances across
 * fragments; the relayer packs fragments to the receiver's buffer size. */
Test(known_bugs, known_bug_25_multi_fragment_retrieve_response)
{
	struct ffa_mem_receiver rx = {.id = 0x8001, .perm = 0x06};
	struct ffa_mem_txn t = {.version = FFA_VERSION_1_2, .kind = FFA_MEM_DESC_RETRIEVE_RESP,
				.sender = 1, .attributes = 0x6F, .flags = 0x08, .handle = 77,
				.receiver_count = 1, .receivers = &rx};
	struct ffa_mem_range r[50];
	struct ffa_mem_range got[50];
	struct ffa_mem_range_array arr;
	struct ffa_mem_range_iter it;
	struct ffa_mem_frag f;
	struct ffa_mem_reasm ra;
	uint8_t rxbuf[112];
	uint32_t i, ngot = 0, p;
	uint64_t a;
	int n;

	for (i = 0; i < 50; i++) {
		r[i].addr = 0x40000000u + i * 0x3000u;
		r[i].pages = 1 + (i % 2);
	}
	ffa_mem_range_array_iter(&arr, r, 50, &it);
	cr_assert_eq(ffa_mem_frag_init(&f, &t, &it), 0);
	cr_assert_eq(ffa_mem_reasm_init(&ra, FFA_VERSION_1_2, FFA_MEM_DESC_RETRIEVE_RESP,
					ffa_mem_frag_total_len(&f)), 0);
	while ((n = ffa_mem_frag_next(&f, rxbuf, sizeof(rxbuf), NULL)) > 0) {
		cr_assert_eq(ffa_mem_reasm_feed(&ra, rxbuf, (size_t)n), 0);
		while (ffa_mem_reasm_next(&ra, &a, &p) == 1) {
			cr_assert(ngot < 50);
			got[ngot].addr = a;
			got[ngot].pages = p;
			ngot++;
		}
		memset(rxbuf, 0xCC, sizeof(rxbuf)); /* RX buffer reused */
	}
	cr_assert(ffa_mem_reasm_done(&ra));
	cr_assert_eq(ngot, 50);
	for (i = 0; i < 50; i++)
		cr_assert(got[i].addr == r[i].addr && got[i].pages == r[i].pages, "range %u", i);
}

/* 26: no rollback after a partial transmission. Rollback (reclaim) is the
 * ABI layer's; the fragmenter's part is to make a mid-stream failure sticky
 * and to say how much was already handed out (so the caller knows a handle
 * may exist and must reclaim). */
Test(known_bugs, known_bug_26_failure_is_sticky_and_reports_progress)
{
	struct ffa_mem_receiver rx = {.id = 0x8001, .perm = 2};
	struct ffa_mem_txn t = {.version = FFA_VERSION_1_1, .kind = FFA_MEM_DESC_SEND,
				.sender = 1, .attributes = 0x2F, .receiver_count = 1,
				.receivers = &rx};
	static const struct ffa_mem_range r[] = {{0x1000, 1}, {0x3000, 1}, {0x5000, 1}};
	struct ffa_mem_range_array arr;
	struct ffa_mem_range_iter it;
	struct ffa_mem_frag f;
	uint8_t buf[256];
	ffa_mem_range_array_iter(&arr, r, 3, &it);
	cr_assert_eq(ffa_mem_frag_init(&f, &t, &it), 0);
	cr_assert_eq(ffa_mem_frag_next(&f, buf, 96, NULL), 96);
	/* The caller's list changes under the encoder (a bug on its side):
	 * the remaining fragments are refused, not silently wrong. */
	arr.count = 2;
	cr_assert_eq(ffa_mem_frag_next(&f, buf, 16, NULL), 16);
	cr_assert_eq(ffa_mem_frag_next(&f, buf, 16, NULL), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_frag_next(&f, buf, 16, NULL), FFA_ERR_BAD_ARGUMENT);
	cr_assert(!ffa_mem_frag_done(&f));
	cr_assert_eq(ffa_mem_frag_pos(&f), 112); /* bytes already handed out */
}

/* 31: double fetch. Values are validated on the private copy they are
 * read into; re-reading a buffer that changed yields an error. */
Test(known_bugs, known_bug_31_double_fetch)
{
	uint8_t buf[512];
	struct dv_layout l = dv_default(FFA_VERSION_1_2);
	struct ffa_mem_desc d;
	struct ffa_mem_receiver r;
	struct ffa_mem_cons_iter ci;
	uint64_t a;
	uint32_t p;
	size_t n;

	l.cons_count = l.cons_real = 2;
	l.total_pages = 2;
	n = dv_write(&l, buf);
	cr_assert_eq(ffa_mem_desc_decode(&d, buf, n, FFA_VERSION_1_2, FFA_MEM_DESC_SEND), 0);
	/* Peer rewrites the header: the decoded copy does not change. */
	dt_w32(buf, 28, 1000);
	cr_assert_eq(d.receiver_count, 1);
	cr_assert_eq(ffa_mem_desc_receiver(&d, 1, &r), FFA_ERR_BAD_ARGUMENT);
	/* ... an EMAD: reserved permission / other composite offset. */
	buf[0x32] = 0x03;
	cr_assert_eq(ffa_mem_desc_receiver(&d, 0, &r), FFA_ERR_PROTOCOL);
	buf[0x32] = 0x02;
	dt_w32(buf, 0x34, 0x1000);
	cr_assert_eq(ffa_mem_desc_receiver(&d, 0, &r), FFA_ERR_PROTOCOL);
	dt_w32(buf, 0x34, 0x50);
	cr_assert_eq(ffa_mem_desc_receiver(&d, 0, &r), 0);
	/* ... a constituent: unaligned, or more pages than the total. */
	cr_assert_eq(ffa_mem_desc_constituents(&d, &ci), 0);
	dt_w64(buf, 0x60, 0x80000800u);
	cr_assert_eq(ffa_mem_cons_next(&ci, &a, &p), FFA_ERR_PROTOCOL);
	dt_w64(buf, 0x60, 0x80000000u);
	dt_w32(buf, 0x70 + 8, 7);
	cr_assert_eq(ffa_mem_desc_constituents(&d, &ci), 0);
	cr_assert_eq(ffa_mem_cons_next(&ci, &a, &p), 1);
	cr_assert_eq(ffa_mem_cons_next(&ci, &a, &p), FFA_ERR_PROTOCOL);
	/* ... the composite count: the iterator uses the decoded count. */
	dt_w32(buf, 0x70 + 8, 1);
	dt_w32(buf, 0x54, 100000);
	cr_assert_eq(ffa_mem_desc_constituents(&d, &ci), 0);
	cr_assert_eq(ffa_mem_cons_next(&ci, &a, &p), 1);
	cr_assert_eq(ffa_mem_cons_next(&ci, &a, &p), 1);
	cr_assert_eq(ffa_mem_cons_next(&ci, &a, &p), 0);
}

/* 40: memory attribute rules the descriptor layer can see: NS bit only in a
 * retrieve response; reserved encodings refused. (Which operation may
 * specify attributes - LEND/DONATE vs SHARE - is checked by the layer that
 * knows the operation.) */
Test(known_bugs, known_bug_40_memory_attribute_rules)
{
	struct ffa_mem_receiver rx = {.id = 0x8001, .perm = 2};
	struct ffa_mem_txn t = {.version = FFA_VERSION_1_1, .kind = FFA_MEM_DESC_SEND,
				.sender = 1, .attributes = 0x2F | FFA_MEM_ATTR_NS,
				.receiver_count = 1, .receivers = &rx};
	uint8_t buf[512], *b;
	struct dv_layout l;
	size_t n;

	cr_assert_eq(encode_exact(&t, one_page, 1, 96, &b), FFA_ERR_BAD_ARGUMENT);
	free(b);
	t.kind = FFA_MEM_DESC_RETRIEVE_REQ;
	t.handle = 5;
	cr_assert_eq(ffa_mem_retrieve_req_encode(&t, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	t.kind = FFA_MEM_DESC_RETRIEVE_RESP;
	cr_assert_eq(encode_exact(&t, one_page, 1, 96, &b), 96);
	free(b);

	l = dv_default(FFA_VERSION_1_1);
	l.attributes = 0x6F;
	l.handle = 5;
	n = dv_write(&l, buf);
	cr_assert_eq(dv_decode(buf, n, l.version, FFA_MEM_DESC_SEND), FFA_ERR_PROTOCOL);
	cr_assert_eq(dv_decode(buf, n, l.version, FFA_MEM_DESC_RETRIEVE_RESP), 0);
	dt_w32(buf, 48 + 4, 0);
	cr_assert_eq(dv_decode(buf, 64, l.version, FFA_MEM_DESC_RETRIEVE_REQ), FFA_ERR_PROTOCOL);
	l.attributes = 0x2D; /* normal, cacheability 3, shareability 1 (reserved) */
	n = dv_write(&l, buf);
	cr_assert_eq(dv_decode(buf, n, l.version, FFA_MEM_DESC_RETRIEVE_RESP), FFA_ERR_PROTOCOL);
	l.attributes = 0x23; /* normal, cacheability 0 (reserved) */
	n = dv_write(&l, buf);
	cr_assert_eq(dv_decode(buf, n, l.version, FFA_MEM_DESC_RETRIEVE_RESP), FFA_ERR_PROTOCOL);
}
