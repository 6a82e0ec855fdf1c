/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Golden byte vectors: descriptors written by hand from the offsets of
 * ffa-memory.md (sections 2.1-2.9 and the worked example of section 3), not
 * produced by the encoder. The encoder must reproduce them byte for byte and
 * the decoders must read them back.
 */
#include <criterion/criterion.h>

#include "desc_test_util.h"

/* ---- Section 3: v1.2 share of one page to one receiver (112 bytes) ---- */
static const uint8_t share_v1_2[112] = {
	/* 0x00 */ 0x01, 0x00, /* sender 0x0001 */ 0x2F, 0x00, /* attributes */
	/* 0x04 */ 0x00, 0x00, 0x00, 0x00, /* flags */
	/* 0x08 */ 0, 0, 0, 0, 0, 0, 0, 0, /* handle */
	/* 0x10 */ 0, 0, 0, 0, 0, 0, 0, 0, /* tag */
	/* 0x18 */ 0x20, 0x00, 0x00, 0x00, /* EMAD size 32 */
	/* 0x1C */ 0x01, 0x00, 0x00, 0x00, /* EMAD count 1 */
	/* 0x20 */ 0x30, 0x00, 0x00, 0x00, /* EMAD offset 0x30 */
	/* 0x24 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* reserved */
	/* 0x30 */ 0x01, 0x80, /* receiver 0x8001 */ 0x02, /* RW */ 0x00, /* flags */
	/* 0x34 */ 0x50, 0x00, 0x00, 0x00, /* composite offset */
	/* 0x38 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* impdef */
	/* 0x48 */ 0, 0, 0, 0, 0, 0, 0, 0, /* reserved */
	/* 0x50 */ 0x01, 0x00, 0x00, 0x00, /* total pages */
	/* 0x54 */ 0x01, 0x00, 0x00, 0x00, /* constituent count */
	/* 0x58 */ 0, 0, 0, 0, 0, 0, 0, 0, /* reserved */
	/* 0x60 */ 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, /* address */
	/* 0x68 */ 0x01, 0x00, 0x00, 0x00, /* page count */
	/* 0x6C */ 0x00, 0x00, 0x00, 0x00, /* reserved */
};

/* Same transaction, v1.1 caller: EMAD size 16, composite 0x40 (96 bytes). */
static const uint8_t share_v1_1[96] = {
	/* 0x00 */ 0x01, 0x00, 0x2F, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* 0x08 */ 0, 0, 0, 0, 0, 0, 0, 0,
	/* 0x10 */ 0, 0, 0, 0, 0, 0, 0, 0,
	/* 0x18 */ 0x10, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	/* 0x20 */ 0x30, 0x00, 0x00, 0x00, 0, 0, 0, 0,
	/* 0x28 */ 0, 0, 0, 0, 0, 0, 0, 0,
	/* 0x30 */ 0x01, 0x80, 0x02, 0x00, 0x40, 0x00, 0x00, 0x00,
	/* 0x38 */ 0, 0, 0, 0, 0, 0, 0, 0, /* reserved */
	/* 0x40 */ 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	/* 0x48 */ 0, 0, 0, 0, 0, 0, 0, 0,
	/* 0x50 */ 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00,
	/* 0x58 */ 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* Same transaction, v1.0 caller: 8-bit attributes, EMAD at 0x20 (80). */
static const uint8_t share_v1_0[80] = {
	/* 0x00 */ 0x01, 0x00, 0x2F, 0x00, /* attr byte, reserved byte */
	/* 0x04 */ 0x00, 0x00, 0x00, 0x00, /* flags */
	/* 0x08 */ 0, 0, 0, 0, 0, 0, 0, 0,
	/* 0x10 */ 0, 0, 0, 0, 0, 0, 0, 0,
	/* 0x18 */ 0x00, 0x00, 0x00, 0x00, /* reserved u32 */
	/* 0x1C */ 0x01, 0x00, 0x00, 0x00, /* EMAD count */
	/* 0x20 */ 0x01, 0x80, 0x02, 0x00, 0x30, 0x00, 0x00, 0x00,
	/* 0x28 */ 0, 0, 0, 0, 0, 0, 0, 0,
	/* 0x30 */ 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	/* 0x38 */ 0, 0, 0, 0, 0, 0, 0, 0,
	/* 0x40 */ 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00,
	/* 0x48 */ 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* v1.2, two receivers with IMPDEF values, tag, zero flag, three input
 * ranges of which the first two merge (160 bytes). */
static const uint8_t lend_v1_2[160] = {
	/* 0x00 */ 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	/* 0x08 */ 0, 0, 0, 0, 0, 0, 0, 0,
	/* 0x10 */ 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
	/* 0x18 */ 0x20, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
	/* 0x20 */ 0x30, 0x00, 0x00, 0x00, 0, 0, 0, 0,
	/* 0x28 */ 0, 0, 0, 0, 0, 0, 0, 0,
	/* 0x30 */ 0x02, 0x80, 0x02, 0x00, 0x70, 0x00, 0x00, 0x00,
	/* 0x38 */ 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	/* 0x40 */ 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	/* 0x48 */ 0, 0, 0, 0, 0, 0, 0, 0,
	/* 0x50 */ 0x03, 0x80, 0x01, 0x00, 0x70, 0x00, 0x00, 0x00,
	/* 0x58 */ 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
	/* 0x60 */ 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff,
	/* 0x68 */ 0, 0, 0, 0, 0, 0, 0, 0,
	/* 0x70 */ 0x07, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
	/* 0x78 */ 0, 0, 0, 0, 0, 0, 0, 0,
	/* 0x80 */ 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00,
	/* 0x88 */ 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* 0x90 */ 0x00, 0x00, 0x00, 0x50, 0x00, 0x00, 0x00, 0x00,
	/* 0x98 */ 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* v1.1 retrieve request for handle 0x8000000000000123, type share (64). */
static const uint8_t rreq_v1_1[64] = {
	/* 0x00 */ 0x01, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00,
	/* 0x08 */ 0x23, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80,
	/* 0x10 */ 0, 0, 0, 0, 0, 0, 0, 0,
	/* 0x18 */ 0x10, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	/* 0x20 */ 0x30, 0x00, 0x00, 0x00, 0, 0, 0, 0,
	/* 0x28 */ 0, 0, 0, 0, 0, 0, 0, 0,
	/* 0x30 */ 0x01, 0x80, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* 0x38 */ 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Relinquish of handle 0x0000000100000002 by 0x8001 with zeroing (18). */
static const uint8_t relinq[18] = {
	0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, /* handle */
	0x01, 0x00, 0x00, 0x00,				/* flags */
	0x01, 0x00, 0x00, 0x00,				/* count */
	0x01, 0x80,					/* endpoint */
};

static const struct ffa_mem_range one_page[] = {{0x80000000u, 1}};

static void encode_share(uint32_t version, const uint8_t *want, size_t want_len)
{
	struct ffa_mem_receiver rx = {.id = 0x8001, .perm = FFA_MEM_PERM_RW};
	struct ffa_mem_txn t = {
		.version = version,
		.kind = FFA_MEM_DESC_SEND,
		.sender = 0x0001,
		.attributes = FFA_MEM_ATTR_NORMAL_WB_INNER,
		.receiver_count = 1,
		.receivers = &rx,
	};
	struct ffa_mem_range_array arr;
	struct ffa_mem_range_iter it;
	uint8_t buf[4096];
	int n;

	memset(buf, 0xA5, sizeof(buf));
	cr_assert_eq(ffa_mem_range_array_iter(&arr, one_page, 1, &it), 0);
	n = ffa_mem_desc_encode(&t, &it, buf, sizeof(buf));
	cr_assert_eq(n, (int)want_len, "length %d", n);
	cr_assert_eq(dt_memdiff("share", buf, want, want_len), 0);
}

static void decode_share(uint32_t version, const uint8_t *v, size_t len, uint32_t emad_size,
			 uint32_t comp)
{
	struct ffa_mem_desc d;
	struct ffa_mem_receiver r;
	struct ffa_mem_cons_iter ci;
	struct ffa_mem_attr a;
	uint64_t addr;
	uint32_t pages;

	cr_assert_eq(ffa_mem_desc_decode(&d, v, len, version, FFA_MEM_DESC_SEND), 0);
	cr_assert_eq(d.sender, 1);
	cr_assert_eq(d.attributes, 0x2F);
	cr_assert_eq(ffa_mem_attr_decode(d.attributes, version, &a), 0);
	cr_assert(a.type == FFA_MEM_TYPE_NORMAL && a.cacheability == FFA_MEM_CACHE_WB &&
		  a.shareability == FFA_MEM_SHARE_INNER && !a.ns);
	cr_assert_eq(d.flags, 0);
	cr_assert_eq(d.handle, 0);
	cr_assert_eq(d.tag, 0);
	cr_assert_eq(d.receiver_count, 1);
	cr_assert_eq(d.emad_size, emad_size);
	cr_assert_eq(d.composite_offset, comp);
	cr_assert_eq(d.total_pages, 1);
	cr_assert_eq(d.constituent_count, 1);
	cr_assert_eq(d.total_len, len);
	cr_assert_eq(ffa_mem_desc_receiver(&d, 0, &r), 0);
	cr_assert_eq(r.id, 0x8001);
	cr_assert_eq(r.perm, 0x02);
	cr_assert_eq(r.flags, 0);
	cr_assert_eq(r.composite_offset, comp);
	cr_assert_eq(ffa_mem_desc_constituents(&d, &ci), 0);
	cr_assert_eq(ffa_mem_cons_next(&ci, &addr, &pages), 1);
	cr_assert_eq(addr, 0x80000000u);
	cr_assert_eq(pages, 1);
	cr_assert_eq(ffa_mem_cons_next(&ci, &addr, &pages), 0);
}

Test(golden, share_v1_2_encode)
{
	encode_share(FFA_VERSION_1_2, share_v1_2, sizeof(share_v1_2));
}

Test(golden, share_v1_1_encode)
{
	encode_share(FFA_VERSION_1_1, share_v1_1, sizeof(share_v1_1));
}

Test(golden, share_v1_0_encode)
{
	encode_share(FFA_VERSION_1_0, share_v1_0, sizeof(share_v1_0));
}

Test(golden, share_v1_3_uses_v1_2_layout)
{
	encode_share(FFA_VERSION_1_3, share_v1_2, sizeof(share_v1_2));
}

Test(golden, share_decode_all_versions)
{
	decode_share(FFA_VERSION_1_2, share_v1_2, sizeof(share_v1_2), 32, 0x50);
	decode_share(FFA_VERSION_1_1, share_v1_1, sizeof(share_v1_1), 16, 0x40);
	decode_share(FFA_VERSION_1_0, share_v1_0, sizeof(share_v1_0), 16, 0x30);
}

Test(golden, share_v1_2_fragmented_at_composite_header)
{
	/* A 96-byte buffer holds header + EMAD + composite header only: the
	 * constituent travels in a second 16-byte fragment. */
	struct ffa_mem_receiver rx = {.id = 0x8001, .perm = FFA_MEM_PERM_RW};
	struct ffa_mem_txn t = {.version = FFA_VERSION_1_2, .kind = FFA_MEM_DESC_SEND,
				.sender = 1, .attributes = 0x2F, .receiver_count = 1,
				.receivers = &rx};
	struct ffa_mem_range_array arr;
	struct ffa_mem_range_iter it;
	struct ffa_mem_frag f;
	struct ffa_mem_frag_info info;
	uint8_t buf[96];

	ffa_mem_range_array_iter(&arr, one_page, 1, &it);
	cr_assert_eq(ffa_mem_frag_init(&f, &t, &it), 0);
	cr_assert_eq(ffa_mem_frag_total_len(&f), 112);
	cr_assert_eq(ffa_mem_frag_first_min(&f), 96);
	cr_assert_eq(ffa_mem_frag_next(&f, buf, sizeof(buf), &info), 96);
	cr_assert(info.more && info.offset == 0 && info.len == 96 && info.total_len == 112);
	cr_assert_eq(dt_memdiff("frag0", buf, share_v1_2, 96), 0);
	cr_assert_eq(ffa_mem_frag_pos(&f), 96);
	cr_assert_eq(ffa_mem_frag_next(&f, buf, sizeof(buf), &info), 16);
	cr_assert(!info.more && info.offset == 96 && info.len == 16);
	cr_assert_eq(dt_memdiff("frag1", buf, share_v1_2 + 96, 16), 0);
	cr_assert(ffa_mem_frag_done(&f));
	cr_assert_eq(ffa_mem_frag_next(&f, buf, sizeof(buf), &info), 0);
}

Test(golden, lend_v1_2_two_receivers_impdef_merge)
{
	struct ffa_mem_receiver rx[2] = {
		{.id = 0x8002, .perm = FFA_MEM_PERM_RW,
		 .impdef = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}},
		{.id = 0x8003, .perm = FFA_MEM_PERM_RO,
		 .impdef = {0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb,
			    0xfc, 0xfd, 0xfe, 0xff}},
	};
	static const struct ffa_mem_range in[] = {
		{0x40000000u, 2}, {0x40002000u, 1}, {0x50000000u, 4}};
	struct ffa_mem_txn t = {.version = FFA_VERSION_1_2, .kind = FFA_MEM_DESC_SEND,
				.sender = 2, .attributes = 0, .flags = FFA_MEM_FLAG_ZERO,
				.tag = UINT64_C(0x1122334455667788), .receiver_count = 2,
				.receivers = rx};
	struct ffa_mem_range_array arr;
	struct ffa_mem_range_iter it;
	struct ffa_mem_desc d;
	struct ffa_mem_receiver r;
	struct ffa_mem_cons_iter ci;
	uint8_t buf[256];
	uint64_t a;
	uint32_t p;

	ffa_mem_range_array_iter(&arr, in, 3, &it);
	cr_assert_eq(ffa_mem_desc_encode(&t, &it, buf, sizeof(buf)), 160);
	cr_assert_eq(dt_memdiff("lend", buf, lend_v1_2, 160), 0);

	cr_assert_eq(ffa_mem_desc_decode(&d, lend_v1_2, 160, FFA_VERSION_1_2, FFA_MEM_DESC_SEND),
		     0);
	cr_assert_eq(d.tag, UINT64_C(0x1122334455667788));
	cr_assert_eq(d.flags, FFA_MEM_FLAG_ZERO);
	cr_assert_eq(d.total_pages, 7);
	cr_assert_eq(ffa_mem_desc_receiver(&d, 1, &r), 0);
	cr_assert_eq(r.id, 0x8003);
	cr_assert_eq(memcmp(r.impdef, rx[1].impdef, 16), 0);
	cr_assert_eq(ffa_mem_desc_find_receiver(&d, 0x8002, &r), 0);
	cr_assert_eq(memcmp(r.impdef, rx[0].impdef, 16), 0);
	cr_assert_eq(ffa_mem_desc_find_receiver(&d, 0x8004, &r), FFA_ERR_NO_DATA);
	cr_assert_eq(ffa_mem_desc_constituents(&d, &ci), 0);
	cr_assert_eq(ffa_mem_cons_next(&ci, &a, &p), 1);
	cr_assert(a == 0x40000000u && p == 3);
	cr_assert_eq(ffa_mem_cons_next(&ci, &a, &p), 1);
	cr_assert(a == 0x50000000u && p == 4);
	cr_assert_eq(ffa_mem_cons_next(&ci, &a, &p), 0);
}

Test(golden, retrieve_req_v1_1)
{
	struct ffa_mem_receiver rx = {.id = 0x8001, .perm = FFA_MEM_PERM_RW};
	struct ffa_mem_txn t = {
		.version = FFA_VERSION_1_1, .kind = FFA_MEM_DESC_RETRIEVE_REQ, .sender = 1,
		.flags = FFA_MEM_RETRIEVE_FLAG_TYPE(FFA_MEM_RETRIEVE_TYPE_SHARE),
		.handle = UINT64_C(0x8000000000000123), .receiver_count = 1, .receivers = &rx};
	struct ffa_mem_desc d;
	struct ffa_mem_receiver r;
	uint8_t buf[4096];

	cr_assert_eq(ffa_mem_retrieve_req_encode(&t, buf, sizeof(buf)), 64);
	cr_assert_eq(dt_memdiff("rreq", buf, rreq_v1_1, 64), 0);
	cr_assert_eq(ffa_mem_retrieve_req_decode(&d, rreq_v1_1, 64, FFA_VERSION_1_1), 0);
	cr_assert_eq(d.handle, UINT64_C(0x8000000000000123));
	cr_assert_eq(d.flags, 0x08);
	cr_assert_eq(d.composite_offset, 0);
	cr_assert_eq(d.receiver_count, 1);
	cr_assert_eq(ffa_mem_desc_receiver(&d, 0, &r), 0);
	cr_assert_eq(r.id, 0x8001);
	cr_assert_eq(r.composite_offset, 0);
}

Test(golden, retrieve_resp_v1_2_ns)
{
	/* The section 3 vector as a relayer's answer: NS set (0x6F), type
	 * share in the flags, handle filled in, granted RW + NX (0x06). */
	uint8_t want[112];
	struct ffa_mem_receiver rx = {.id = 0x8001, .perm = 0x06};
	struct ffa_mem_txn t = {
		.version = FFA_VERSION_1_2, .kind = FFA_MEM_DESC_RETRIEVE_RESP, .sender = 1,
		.attributes = 0x6F, .flags = 0x08, .handle = UINT64_C(0x8000000000000123),
		.receiver_count = 1, .receivers = &rx};
	struct ffa_mem_range_array arr;
	struct ffa_mem_range_iter it;
	struct ffa_mem_desc d;
	struct ffa_mem_attr a;
	uint8_t buf[4096];

	memcpy(want, share_v1_2, sizeof(want));
	want[0x02] = 0x6F;
	want[0x04] = 0x08;
	want[0x08] = 0x23;
	want[0x09] = 0x01;
	want[0x0F] = 0x80;
	want[0x32] = 0x06;
	ffa_mem_range_array_iter(&arr, one_page, 1, &it);
	cr_assert_eq(ffa_mem_desc_encode(&t, &it, buf, sizeof(buf)), 112);
	cr_assert_eq(dt_memdiff("rresp", buf, want, 112), 0);
	cr_assert_eq(ffa_mem_retrieve_resp_decode(&d, want, 112, FFA_VERSION_1_2), 0);
	cr_assert_eq(ffa_mem_attr_decode(d.attributes, FFA_VERSION_1_2, &a), 0);
	cr_assert(a.ns);
	/* The same bytes are not a valid SEND (NS bit, handle). */
	cr_assert_eq(ffa_mem_desc_decode(&d, want, 112, FFA_VERSION_1_2, FFA_MEM_DESC_SEND),
		     FFA_ERR_PROTOCOL);
}

Test(golden, relinquish)
{
	uint16_t id = 0x8001;
	struct ffa_mem_relinquish r;
	uint8_t buf[64];

	cr_assert_eq(ffa_mem_relinquish_encode(UINT64_C(0x0000000100000002),
					       FFA_MEM_RELINQUISH_FLAG_ZERO, &id, 1, buf,
					       sizeof(buf)),
		     18);
	cr_assert_eq(dt_memdiff("relinquish", buf, relinq, 18), 0);
	cr_assert_eq(ffa_mem_relinquish_decode(&r, relinq, sizeof(relinq)), 0);
	cr_assert_eq(r.handle, UINT64_C(0x0000000100000002));
	cr_assert_eq(r.flags, 1);
	cr_assert_eq(r.endpoint_count, 1);
	cr_assert_eq(ffa_mem_relinquish_endpoint(&r, 0), 0x8001);
	cr_assert_eq(ffa_mem_relinquish_endpoint(&r, 1), FFA_ERR_BAD_ARGUMENT);
}

Test(golden, handle_halves)
{
	uint64_t h = UINT64_C(0xFFFFFFFF00000040) ^ UINT64_C(0x0000000000000003);

	cr_assert_eq(ffa_mem_handle_lo(h), 0x00000043u);
	cr_assert_eq(ffa_mem_handle_hi(h), 0xFFFFFFFFu);
	cr_assert_eq(ffa_mem_handle_make(0x00000043u, 0xFFFFFFFFu), h);
	cr_assert_eq(ffa_mem_handle_make(ffa_mem_handle_lo(FFA_MEM_HANDLE_INVALID),
					 ffa_mem_handle_hi(FFA_MEM_HANDLE_INVALID)),
		     FFA_MEM_HANDLE_INVALID);
}
