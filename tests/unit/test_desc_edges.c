/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Edges of the descriptor layer: fragment boundaries, buffers one byte too
 * small, bad input ranges, and every decoder fed truncated, overlapping,
 * misaligned and overflowing offsets. Each case must give one clear error.
 */
#include <criterion/criterion.h>

#include "desc_vectors.h"

static struct ffa_mem_receiver rx1 = {.id = 0x8001, .perm = FFA_MEM_PERM_RW};

static struct ffa_mem_txn share(uint32_t version)
{
	struct ffa_mem_txn t = {.version = version, .kind = FFA_MEM_DESC_SEND, .sender = 1,
				.attributes = 0x2F, .receiver_count = 1, .receivers = &rx1};
	return t;
}

/* n separate one-page ranges, 2 pages apart (never merge). */
static struct ffa_mem_range *spaced(size_t n)
{
	struct ffa_mem_range *r = malloc(n * sizeof(*r));
	size_t i;

	for (i = 0; i < n; i++) {
		r[i].addr = 0x100000000ull + i * 2u * FFA_PAGE_SIZE;
		r[i].pages = 1;
	}
	return r;
}

static int encode_ranges(const struct ffa_mem_txn *t, const struct ffa_mem_range *r, size_t n,
			 uint8_t *buf, size_t cap)
{
	struct ffa_mem_range_array arr;
	struct ffa_mem_range_iter it;

	cr_assert_eq(ffa_mem_range_array_iter(&arr, r, n, &it), 0);
	return ffa_mem_desc_encode(t, &it, buf, cap);
}

/* A share at a version, @n spaced ranges behind an array iterator, and the
 * fragmenter over them. */
struct frag_case {
	struct ffa_mem_txn t;
	struct ffa_mem_range *r;
	size_t n;
	struct ffa_mem_range_array arr;
	struct ffa_mem_range_iter it;
	struct ffa_mem_frag f;
};

static void frag_case_init(struct frag_case *c, uint32_t version, size_t n)
{
	c->t = share(version);
	c->r = spaced(n);
	c->n = n;
}

/* (Re)start the fragmenter on the ranges from the first: it must accept. */
static void frag_case_start(struct frag_case *c)
{
	cr_assert_eq(ffa_mem_range_array_iter(&c->arr, c->r, c->n, &c->it), 0);
	cr_assert_eq(ffa_mem_frag_init(&c->f, &c->t, &c->it), 0);
}

/* ---- Fragment boundaries ------------------------------------------------ */

Test(edges, fragment_ends_on_constituent_boundary)
{
	/* v1.2: first_min = 96. cap = 96 + 3*16 = 144 exactly, and the same
	 * plus 15 bytes (rounded down): each fragment ends on a boundary. */
	struct frag_case c;
	struct ffa_mem_frag_info info;
	uint8_t buf[4096];
	size_t extra;

	frag_case_init(&c, FFA_VERSION_1_2, 7);
	for (extra = 0; extra < 16; extra += 15) {
		frag_case_start(&c);
		cr_assert_eq(ffa_mem_frag_total_len(&c.f), 96 + 7 * 16);
		cr_assert_eq(ffa_mem_frag_next(&c.f, buf, 144 + extra, &info), 144);
		cr_assert(info.more);
		/* Later fragments: 3 constituents (48 bytes), then 1. */
		cr_assert_eq(ffa_mem_frag_next(&c.f, buf, 48 + extra, &info), 48);
		cr_assert_eq(info.offset, 144);
		cr_assert_eq(ffa_mem_frag_next(&c.f, buf, 48 + extra, &info), 16);
		cr_assert(!info.more && info.offset == 192);
		cr_assert_eq(ffa_mem_frag_next(&c.f, buf, 48 + extra, &info), 0);
	}
	/* Exactly total in one fragment; and the final constituent alone. */
	frag_case_start(&c);
	cr_assert_eq(ffa_mem_frag_next(&c.f, buf, 208, &info), 208);
	cr_assert(!info.more);
	free(c.r);
}

Test(edges, emads_alone_fill_the_first_fragment)
{
	/* v1.2, 126 receivers: 48 + 126*32 + 16 = 4096. The first 4 KiB
	 * fragment holds no constituent at all; they all follow. */
	struct ffa_mem_receiver rx[127];
	struct frag_case c;
	struct ffa_mem_frag_info info;
	struct ffa_mem_reasm ra;
	uint8_t buf[4096];
	uint64_t a;
	uint32_t p, i, got = 0;
	int n;

	memset(rx, 0, sizeof(rx));
	for (i = 0; i < 127; i++) {
		rx[i].id = (uint16_t)(0x8000u + i);
		rx[i].perm = FFA_MEM_PERM_RO;
	}
	frag_case_init(&c, FFA_VERSION_1_2, 300);
	c.t.receivers = rx;
	c.t.receiver_count = 126;
	frag_case_start(&c);
	cr_assert_eq(ffa_mem_frag_first_min(&c.f), 4096);
	cr_assert_eq(ffa_mem_reasm_init(&ra, FFA_VERSION_1_2, FFA_MEM_DESC_SEND,
					ffa_mem_frag_total_len(&c.f)), 0);
	cr_assert_eq(ffa_mem_frag_next(&c.f, buf, sizeof(buf), &info), 4096);
	cr_assert(info.more);
	cr_assert_eq(ffa_mem_reasm_feed(&ra, buf, 4096), 0);
	cr_assert_eq(ffa_mem_reasm_desc(&ra)->receiver_count, 126);
	cr_assert_eq(ffa_mem_reasm_next(&ra, &a, &p), 0); /* none in fragment 1 */
	while ((n = ffa_mem_frag_next(&c.f, buf, sizeof(buf), &info)) > 0) {
		cr_assert_eq(ffa_mem_reasm_feed(&ra, buf, (size_t)n), 0);
		while (ffa_mem_reasm_next(&ra, &a, &p) == 1) {
			cr_assert_eq(a, c.r[got].addr);
			got++;
		}
	}
	cr_assert_eq(got, 300);
	cr_assert(ffa_mem_reasm_done(&ra));

	/* One more receiver: the head no longer fits 4 KiB. */
	c.t.receiver_count = 127;
	frag_case_start(&c);
	cr_assert_eq(ffa_mem_frag_next(&c.f, buf, sizeof(buf), &info), FFA_ERR_BUFFER_TOO_SMALL);
	free(c.r);
}

Test(edges, buffer_one_byte_too_small)
{
	struct frag_case c;
	uint8_t buf[4096];
	uint16_t id = 5;
	uint32_t total = 64 + 16 + 4 * 16;

	frag_case_init(&c, FFA_VERSION_1_1, 4);
	cr_assert_eq(encode_ranges(&c.t, c.r, 4, buf, total - 1), FFA_ERR_BUFFER_TOO_SMALL);
	cr_assert_eq(encode_ranges(&c.t, c.r, 4, buf, total), (int)total);

	/* Fragmenter: first fragment below the minimum, state unchanged. */
	frag_case_start(&c);
	cr_assert_eq(ffa_mem_frag_next(&c.f, buf, ffa_mem_frag_first_min(&c.f) - 1, NULL),
		     FFA_ERR_BUFFER_TOO_SMALL);
	cr_assert_eq(ffa_mem_frag_pos(&c.f), 0);
	cr_assert_eq(ffa_mem_frag_next(&c.f, buf, ffa_mem_frag_first_min(&c.f), NULL), 80);
	cr_assert_eq(ffa_mem_frag_next(&c.f, buf, 15, NULL), FFA_ERR_BUFFER_TOO_SMALL);
	cr_assert_eq(ffa_mem_frag_next(&c.f, buf, 16, NULL), 16);
	cr_assert_eq(ffa_mem_frag_pos(&c.f), 96);

	/* Retrieve request and relinquish. */
	c.t.kind = FFA_MEM_DESC_RETRIEVE_REQ;
	c.t.handle = 7;
	cr_assert_eq(ffa_mem_retrieve_req_encode(&c.t, buf, 63), FFA_ERR_BUFFER_TOO_SMALL);
	cr_assert_eq(ffa_mem_retrieve_req_encode(&c.t, buf, 64), 64);
	cr_assert_eq(ffa_mem_relinquish_encode(1, 0, &id, 1, buf, 17), FFA_ERR_BUFFER_TOO_SMALL);
	cr_assert_eq(ffa_mem_relinquish_encode(1, 0, &id, 1, buf, 18), 18);
	free(c.r);
}

/* ---- Bad input ranges ---------------------------------------------------- */

Test(edges, bad_ranges)
{
	struct ffa_mem_txn t = share(FFA_VERSION_1_2);
	uint8_t buf[4096];
	static const struct ffa_mem_range zero_pages[] = {{0x1000, 1}, {0x5000, 0}};
	static const struct ffa_mem_range unaligned[] = {{0x1800, 1}};
	static const struct ffa_mem_range wraps[] = {{0xFFFFFFFFFFFFF000ull, 1}};
	static const struct ffa_mem_range wraps2[] = {{0xFFFFFFFFFFFFE000ull, 2}};
	static const struct ffa_mem_range top_ok[] = {{0xFFFFFFFFFFFFE000ull, 1}};
	static const struct ffa_mem_range wraps_big[] = {{0xFFFFF00000002000ull, 0xFFFFFFFFu}};
	static const struct ffa_mem_range total_ovf[] = {{0, 0xFFFFFFFFu},
							 {0x200000000000ull, 1}};
	static const struct ffa_mem_range total_max[] = {{0, 0xFFFFFFFEu},
							 {0x200000000000ull, 1}};
	static const struct ffa_mem_range merge_ovf[] = {{0, 0x80000000u},
							 {0x80000000000ull, 0x80000000u}};

	cr_assert_eq(encode_ranges(&t, NULL, 0, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(encode_ranges(&t, zero_pages, 2, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(encode_ranges(&t, unaligned, 1, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(encode_ranges(&t, wraps, 1, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(encode_ranges(&t, wraps2, 1, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(encode_ranges(&t, wraps_big, 1, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(encode_ranges(&t, top_ok, 1, buf, sizeof(buf)), 112);
	cr_assert_eq(encode_ranges(&t, total_ovf, 2, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(encode_ranges(&t, total_max, 2, buf, sizeof(buf)), 128);
	cr_assert_eq(encode_ranges(&t, merge_ovf, 2, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
}

struct flaky {
	int calls;
	int pass;
	int fail_at;  /* next() call that fails (or -1) */
	int fail_rc;
	int change_pass; /* pass in which the ranges differ (or -1) */
};

static int flaky_next(void *arg, uint64_t *addr, uint32_t *pages)
{
	struct flaky *fl = arg;
	int i = fl->calls++;

	if (i == fl->fail_at)
		return fl->fail_rc;
	if (i >= 3)
		return 0;
	*addr = 0x10000000u + (uint64_t)i * 0x10000u;
	*pages = (fl->pass == fl->change_pass && i == 2) ? 2 : 1;
	return 1;
}

static int flaky_rewind(void *arg)
{
	struct flaky *fl = arg;

	fl->calls = 0;
	fl->pass++;
	return 0;
}

Test(edges, iterator_errors_and_inconsistency)
{
	struct ffa_mem_txn t = share(FFA_VERSION_1_2);
	struct flaky fl = {0, 0, 1, -1234, -1};
	struct ffa_mem_range_iter it = {flaky_next, flaky_rewind, &fl};
	struct ffa_mem_frag f;
	uint8_t buf[4096];

	/* Error in the counting pass is returned as is. */
	cr_assert_eq(ffa_mem_frag_init(&f, &t, &it), -1234);

	/* Second pass gives a different page count: refused, sticky. */
	fl = (struct flaky){0, 0, -1, 0, 2};
	cr_assert_eq(ffa_mem_frag_init(&f, &t, &it), 0);
	cr_assert_eq(ffa_mem_frag_next(&f, buf, sizeof(buf), NULL), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_frag_next(&f, buf, sizeof(buf), NULL), FFA_ERR_BAD_ARGUMENT);

	/* Error in the emitting pass: returned and sticky. */
	fl = (struct flaky){0, 0, -1, -77, -1};
	cr_assert_eq(ffa_mem_frag_init(&f, &t, &it), 0);
	fl.fail_at = 2;
	cr_assert_eq(ffa_mem_frag_next(&f, buf, 96 + 16, NULL), 112);
	cr_assert_eq(ffa_mem_frag_next(&f, buf, sizeof(buf), NULL), -77);
	cr_assert_eq(ffa_mem_frag_next(&f, buf, sizeof(buf), NULL), -77);
	cr_assert_eq(ffa_mem_frag_pos(&f), 112);

	/* Missing callbacks. */
	it.rewind = NULL;
	cr_assert_eq(ffa_mem_frag_init(&f, &t, &it), FFA_ERR_BAD_ARGUMENT);
}

Test(edges, encoder_argument_checks)
{
	struct ffa_mem_receiver rx[2] = {{.id = 0x8001, .perm = 2}, {.id = 0x8001, .perm = 2}};
	static const struct ffa_mem_range one[] = {{0x1000, 1}};
	struct ffa_mem_txn t = share(FFA_VERSION_1_2);
	struct ffa_mem_range_array arr;
	struct ffa_mem_range_iter it;
	uint8_t buf[512];

	ffa_mem_range_array_iter(&arr, one, 1, &it);
	cr_assert_eq(ffa_mem_desc_encode(NULL, &it, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_desc_encode(&t, &it, NULL, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_desc_encode(&t, NULL, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	t.receivers = rx;
	t.receiver_count = 2;
	cr_assert_eq(ffa_mem_desc_encode(&t, &it, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	rx[1].id = 0x8002;
	cr_assert_eq(ffa_mem_desc_encode(&t, &it, buf, sizeof(buf)), 96 + 32 + 16);
	t.sender = 0x8002; /* sender listed as receiver */
	cr_assert_eq(ffa_mem_desc_encode(&t, &it, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	t.sender = 1;
	rx[1].flags = 1; /* EMAD flags in a SEND */
	cr_assert_eq(ffa_mem_desc_encode(&t, &it, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	rx[1].flags = 0;
	rx[1].perm = 0x03; /* reserved data access */
	cr_assert_eq(ffa_mem_desc_encode(&t, &it, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	rx[1].perm = 0x0C; /* reserved instruction access */
	cr_assert_eq(ffa_mem_desc_encode(&t, &it, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	rx[1].perm = 0x12; /* bits 7:4 */
	cr_assert_eq(ffa_mem_desc_encode(&t, &it, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	rx[1].perm = 2;
	t.receiver_count = 0;
	cr_assert_eq(ffa_mem_desc_encode(&t, &it, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	t.receiver_count = 1;
	t.receivers = NULL;
	cr_assert_eq(ffa_mem_desc_encode(&t, &it, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	t = share(FFA_VERSION_1_2);
	t.handle = 5; /* SEND handle must be 0 */
	cr_assert_eq(ffa_mem_desc_encode(&t, &it, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	t = share(FFA_VERSION_1_2);
	t.flags = 4; /* reserved for SEND */
	cr_assert_eq(ffa_mem_desc_encode(&t, &it, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	t = share(FFA_VERSION_MAKE(2, 0));
	cr_assert_eq(ffa_mem_desc_encode(&t, &it, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	t = share(FFA_VERSION_1_2);
	t.kind = (enum ffa_mem_desc_kind)7;
	cr_assert_eq(ffa_mem_desc_encode(&t, &it, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	/* Retrieve request: no ranges; bypass-multi needs exactly 1 EMAD and
	 * v1.2; alignment hint needs its valid bit. */
	t = share(FFA_VERSION_1_2);
	t.kind = FFA_MEM_DESC_RETRIEVE_REQ;
	cr_assert_eq(ffa_mem_desc_encode(&t, &it, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_retrieve_req_encode(&t, buf, sizeof(buf)), 80);
	t.flags = FFA_MEM_RETRIEVE_FLAG_BYPASS_MULTI;
	cr_assert_eq(ffa_mem_retrieve_req_encode(&t, buf, sizeof(buf)), 80);
	t.version = FFA_VERSION_1_1;
	cr_assert_eq(ffa_mem_retrieve_req_encode(&t, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	t.version = FFA_VERSION_1_2;
	rx[1].id = 0x8002;
	t.receivers = rx;
	t.receiver_count = 2;
	cr_assert_eq(ffa_mem_retrieve_req_encode(&t, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	t.flags = 1u << 5;
	cr_assert_eq(ffa_mem_retrieve_req_encode(&t, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	t.flags = (1u << 5) | FFA_MEM_RETRIEVE_FLAG_ALIGN_VALID;
	cr_assert_eq(ffa_mem_retrieve_req_encode(&t, buf, sizeof(buf)), 48 + 64);
	t.kind = FFA_MEM_DESC_SEND;
	cr_assert_eq(ffa_mem_retrieve_req_encode(&t, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_range_array_iter(NULL, one, 1, &it), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_range_array_iter(&arr, NULL, 1, &it), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_frag_next(NULL, buf, sizeof(buf), NULL), FFA_ERR_BAD_ARGUMENT);
}

/* ---- Decoders: truncated, overlapping, misaligned, overflowing ---------- */

/* Lay @l out in @buf and decode it (from an exactly sized copy) as @kind:
 * the result must be @want; @what names the case. Returns the length. */
static size_t decodes_as(const struct dv_layout *l, uint8_t *buf, enum ffa_mem_desc_kind kind,
			 int want, const char *what)
{
	size_t n = dv_write(l, buf);
	int rc = dv_decode(buf, n, l->version, kind);

	cr_assert_eq(rc, want, "%s: decode gave %d, expected %d", what, rc, want);
	return n;
}

Test(edges, truncated_at_every_length)
{
	static const uint32_t vers[] = {FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2};
	uint8_t buf[512];
	size_t vi, len, full;

	for (vi = 0; vi < 3; vi++) {
		struct dv_layout l = dv_default(vers[vi]);

		l.cons_count = l.cons_real = 3;
		l.total_pages = 3;
		full = dv_write(&l, buf);
		cr_assert_eq(dv_decode(buf, full, vers[vi], FFA_MEM_DESC_SEND), 0);
		for (len = 0; len < full; len++)
			cr_assert_eq(dv_decode(buf, len, vers[vi], FFA_MEM_DESC_SEND),
				     FFA_ERR_PROTOCOL, "v%zu len %zu", vi, len);
		/* Longer than the header says: not exact either. */
		buf[full] = 0;
		cr_assert_eq(dv_decode(buf, full + 16, vers[vi], FFA_MEM_DESC_SEND),
			     FFA_ERR_PROTOCOL);
	}
}

Test(edges, overlapping_offsets)
{
	uint8_t buf[512];
	struct dv_layout l;
	size_t n;

	/* EMAD array inside the header. */
	l = dv_default(FFA_VERSION_1_1);
	l.emad_offset = 32;
	l.comp_offset = 48;
	decodes_as(&l, buf, FFA_MEM_DESC_SEND, FFA_ERR_PROTOCOL,
		   "v1.1: emad_offset = 32, comp_offset = 48");
	/* Composite inside the EMAD array. */
	l = dv_default(FFA_VERSION_1_2);
	l.emad_count = l.emads_real = 2;
	l.comp_offset = 48 + 32; /* on the second EMAD */
	decodes_as(&l, buf, FFA_MEM_DESC_SEND, FFA_ERR_PROTOCOL,
		   "v1.2: emad_count = emads_real = 2, comp_offset = 48 + 32");
	/* Composite offset zero in a send. */
	l = dv_default(FFA_VERSION_1_1);
	n = dv_write(&l, buf);
	dt_w32(buf, 48 + 4, 0);
	cr_assert_eq(dv_decode(buf, n, l.version, FFA_MEM_DESC_SEND), FFA_ERR_PROTOCOL);
	/* EMADs disagree on the composite offset. */
	l = dv_default(FFA_VERSION_1_1);
	l.emad_count = l.emads_real = 2;
	l.comp_offset = 48 + 32;
	n = decodes_as(&l, buf, FFA_MEM_DESC_SEND, 0,
		       "v1.1: emad_count = emads_real = 2, comp_offset = 48 + 32");
	dt_w32(buf, 48 + 16 + 4, 48 + 32 + 16);
	cr_assert_eq(dv_decode(buf, n, l.version, FFA_MEM_DESC_SEND), FFA_ERR_PROTOCOL);
	/* Retrieve request with a composite offset. */
	l = dv_default(FFA_VERSION_1_1);
	l.handle = 9;
	n = dv_write(&l, buf);
	cr_assert_eq(dv_decode(buf, 64, l.version, FFA_MEM_DESC_RETRIEVE_REQ), FFA_ERR_PROTOCOL);
	dt_w32(buf, 48 + 4, 0);
	cr_assert_eq(dv_decode(buf, 64, l.version, FFA_MEM_DESC_RETRIEVE_REQ), 0);
	cr_assert_eq(dv_decode(buf, 80, l.version, FFA_MEM_DESC_RETRIEVE_REQ), FFA_ERR_PROTOCOL);
}

Test(edges, misaligned_offsets)
{
	uint8_t buf[512];
	struct dv_layout l;
	size_t n;

	l = dv_default(FFA_VERSION_1_2);
	l.emad_offset = 0x38;
	l.comp_offset = 0x38 + 32;
	n = decodes_as(&l, buf, FFA_MEM_DESC_SEND, FFA_ERR_PROTOCOL,
		       "v1.2: emad_offset = 0x38, comp_offset = 0x38 + 32");
	cr_assert_eq(dv_decode(buf, n, l.version, FFA_MEM_DESC_RETRIEVE_RESP), FFA_ERR_PROTOCOL);
	l = dv_default(FFA_VERSION_1_2);
	l.comp_offset = 0x58;
	n = decodes_as(&l, buf, FFA_MEM_DESC_SEND, FFA_ERR_PROTOCOL, "v1.2: comp_offset = 0x58");
	cr_assert_eq(dv_decode(buf, n, l.version, FFA_MEM_DESC_RETRIEVE_RESP), 0);
	l.comp_offset = 0x54;
	decodes_as(&l, buf, FFA_MEM_DESC_RETRIEVE_RESP, FFA_ERR_PROTOCOL,
		   "v1.2: comp_offset = 0x54");
	/* Unaligned constituent address. */
	l = dv_default(FFA_VERSION_1_1);
	l.base = 0x80000800u;
	decodes_as(&l, buf, FFA_MEM_DESC_SEND, FFA_ERR_PROTOCOL, "v1.1: base = 0x80000800u");
}

Test(edges, overflowing_counts_and_offsets)
{
	uint8_t buf[512];
	struct dv_layout l;
	size_t n;

	l = dv_default(FFA_VERSION_1_2);
	l.emad_count = 0xFFFFFFFFu;
	decodes_as(&l, buf, FFA_MEM_DESC_SEND, FFA_ERR_PROTOCOL,
		   "v1.2: emad_count = 0xFFFFFFFFu");
	l = dv_default(FFA_VERSION_1_2);
	l.emad_count = 0x08000000u; /* count * 32 wraps 32 bits */
	decodes_as(&l, buf, FFA_MEM_DESC_SEND, FFA_ERR_PROTOCOL,
		   "v1.2: emad_count = 0x08000000u");
	l = dv_default(FFA_VERSION_1_1);
	n = dv_write(&l, buf);
	dt_w32(buf, 32, 0xFFFFFFF0u); /* EMAD offset */
	cr_assert_eq(dv_decode(buf, n, l.version, FFA_MEM_DESC_SEND), FFA_ERR_PROTOCOL);
	l = dv_default(FFA_VERSION_1_1);
	n = dv_write(&l, buf);
	dt_w32(buf, 48 + 4, 0xFFFFFFF0u); /* composite offset */
	cr_assert_eq(dv_decode(buf, n, l.version, FFA_MEM_DESC_SEND), FFA_ERR_PROTOCOL);
	l = dv_default(FFA_VERSION_1_1);
	l.cons_count = 0x10000000u; /* 16 * count wraps 32 bits */
	l.total_pages = 0xFFFFFFFFu;
	decodes_as(&l, buf, FFA_MEM_DESC_SEND, FFA_ERR_PROTOCOL,
		   "v1.1: cons_count = 0x10000000u, total_pages = 0xFFFFFFFFu");
	l = dv_default(FFA_VERSION_1_1);
	l.cons_count = 0;
	n = dv_write(&l, buf);
	cr_assert_eq(dv_decode(buf, n - 16, l.version, FFA_MEM_DESC_SEND), FFA_ERR_PROTOCOL);
	/* Page sum: larger, smaller than the total; constituent pages 0. */
	l = dv_default(FFA_VERSION_1_1);
	l.cons_real = l.cons_count = 2;
	l.total_pages = 3;
	decodes_as(&l, buf, FFA_MEM_DESC_SEND, FFA_ERR_PROTOCOL,
		   "v1.1: cons_real = cons_count = 2, total_pages = 3");
	l.total_pages = 1;
	decodes_as(&l, buf, FFA_MEM_DESC_SEND, FFA_ERR_PROTOCOL, "v1.1: total_pages = 1");
	l.total_pages = 2;
	n = decodes_as(&l, buf, FFA_MEM_DESC_SEND, 0, "v1.1: total_pages = 2");
	dt_w32(buf, 64 + 16 + 8, 0);
	cr_assert_eq(dv_decode(buf, n, l.version, FFA_MEM_DESC_SEND), FFA_ERR_PROTOCOL);
	/* Constituent wraps the address space. */
	l = dv_default(FFA_VERSION_1_1);
	l.base = 0xFFFFFFFFFFFFF000ull;
	decodes_as(&l, buf, FFA_MEM_DESC_SEND, FFA_ERR_PROTOCOL,
		   "v1.1: base = 0xFFFFFFFFFFFFF000ull");
}

Test(edges, reserved_fields_and_encodings)
{
	uint8_t buf[512];
	struct dv_layout l;
	size_t n, off;

	/* Each reserved byte of a v1.1 send, one at a time. */
	static const size_t rsv_v11[] = {36, 40, 47, 48 + 8, 48 + 15, 64 + 8, 64 + 15, 80 + 12,
					 80 + 15};
	static const size_t rsv_v12[] = {48 + 24, 48 + 31};
	static const size_t rsv_v10[] = {3, 24, 27, 32 + 8, 48 + 8, 64 + 12};

	l = dv_default(FFA_VERSION_1_1);
	for (off = 0; off < sizeof(rsv_v11) / sizeof(rsv_v11[0]); off++) {
		n = dv_write(&l, buf);
		buf[rsv_v11[off]] = 1;
		cr_assert_eq(dv_decode(buf, n, l.version, FFA_MEM_DESC_SEND), FFA_ERR_PROTOCOL,
			     "offset %zu", rsv_v11[off]);
	}
	l = dv_default(FFA_VERSION_1_2);
	for (off = 0; off < 2; off++) {
		n = dv_write(&l, buf);
		buf[rsv_v12[off]] = 1;
		cr_assert_eq(dv_decode(buf, n, l.version, FFA_MEM_DESC_SEND), FFA_ERR_PROTOCOL);
	}
	l = dv_default(FFA_VERSION_1_0);
	for (off = 0; off < sizeof(rsv_v10) / sizeof(rsv_v10[0]); off++) {
		n = dv_write(&l, buf);
		buf[rsv_v10[off]] = 1;
		cr_assert_eq(dv_decode(buf, n, l.version, FFA_MEM_DESC_SEND), FFA_ERR_PROTOCOL);
	}
	/* Attributes, flags, handle, EMAD permissions/flags. */
	l = dv_default(FFA_VERSION_1_1);
	l.attributes = 0x3F; /* type 3 */
	decodes_as(&l, buf, FFA_MEM_DESC_SEND, FFA_ERR_PROTOCOL, "v1.1: attributes = 0x3F");
	l.attributes = 0x0080; /* bit 7 */
	decodes_as(&l, buf, FFA_MEM_DESC_SEND, FFA_ERR_PROTOCOL, "v1.1: attributes = 0x0080");
	l = dv_default(FFA_VERSION_1_1);
	l.flags = 1u << 2;
	n = decodes_as(&l, buf, FFA_MEM_DESC_SEND, FFA_ERR_PROTOCOL, "v1.1: flags = 1u << 2");
	cr_assert_eq(dv_decode(buf, n, l.version, FFA_MEM_DESC_RETRIEVE_RESP), FFA_ERR_PROTOCOL);
	l.flags = 1u << 31;
	decodes_as(&l, buf, FFA_MEM_DESC_RETRIEVE_RESP, FFA_ERR_PROTOCOL,
		   "v1.1: flags = 1u << 31");
	l = dv_default(FFA_VERSION_1_1);
	l.handle = 1;
	n = decodes_as(&l, buf, FFA_MEM_DESC_SEND, FFA_ERR_PROTOCOL, "v1.1: handle = 1");
	cr_assert_eq(dv_decode(buf, n, l.version, FFA_MEM_DESC_RETRIEVE_RESP), 0);
	buf[48 + 2] = 0x03;
	cr_assert_eq(dv_decode(buf, n, l.version, FFA_MEM_DESC_RETRIEVE_RESP), FFA_ERR_PROTOCOL);
	buf[48 + 2] = 0x02;
	buf[48 + 3] = 0x01; /* non-retrieval flag: fine in a response */
	cr_assert_eq(dv_decode(buf, n, l.version, FFA_MEM_DESC_RETRIEVE_RESP), 0);
	buf[48 + 3] = 0x02;
	cr_assert_eq(dv_decode(buf, n, l.version, FFA_MEM_DESC_RETRIEVE_RESP), FFA_ERR_PROTOCOL);
	/* No receivers. */
	l = dv_default(FFA_VERSION_1_1);
	l.emad_count = 0;
	n = decodes_as(&l, buf, FFA_MEM_DESC_SEND, FFA_ERR_PROTOCOL, "v1.1: emad_count = 0");
	/* Version and kind arguments. */
	cr_assert_eq(dv_decode(buf, n, FFA_VERSION_MAKE(2, 0), FFA_MEM_DESC_SEND),
		     FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(dv_decode(buf, n, l.version, (enum ffa_mem_desc_kind)9),
		     FFA_ERR_BAD_ARGUMENT);
}

/* ---- Reassembler -------------------------------------------------------- */

/* 5-constituent v1.1 response: head 80 bytes, total 160. */
static size_t resp5(uint8_t *buf)
{
	struct dv_layout l = dv_default(FFA_VERSION_1_1);

	l.handle = 0x42;
	l.cons_count = l.cons_real = 5;
	l.total_pages = 5;
	return dv_write(&l, buf);
}

Test(edges, reassembler_errors)
{
	uint8_t buf[512];
	struct ffa_mem_reasm r;
	uint64_t a;
	uint32_t p;
	size_t n = resp5(buf);

	cr_assert_eq(n, 160);
	/* First fragment cuts the composite header. */
	ffa_mem_reasm_init(&r, FFA_VERSION_1_1, FFA_MEM_DESC_RETRIEVE_RESP, 160);
	cr_assert_eq(ffa_mem_reasm_feed(&r, buf, 72), FFA_ERR_PROTOCOL);
	cr_assert_eq(ffa_mem_reasm_feed(&r, buf, 80), FFA_ERR_PROTOCOL); /* sticky */
	cr_assert_null(ffa_mem_reasm_desc(&r));
	/* Announced total differs from the header's. */
	ffa_mem_reasm_init(&r, FFA_VERSION_1_1, FFA_MEM_DESC_RETRIEVE_RESP, 176);
	cr_assert_eq(ffa_mem_reasm_feed(&r, buf, 80), FFA_ERR_PROTOCOL);
	/* A fragment splitting a constituent. */
	ffa_mem_reasm_init(&r, FFA_VERSION_1_1, FFA_MEM_DESC_RETRIEVE_RESP, 160);
	cr_assert_eq(ffa_mem_reasm_feed(&r, buf, 88), FFA_ERR_PROTOCOL);
	ffa_mem_reasm_init(&r, FFA_VERSION_1_1, FFA_MEM_DESC_RETRIEVE_RESP, 160);
	cr_assert_eq(ffa_mem_reasm_feed(&r, buf, 96), 0);
	cr_assert_eq(ffa_mem_reasm_next(&r, &a, &p), 1);
	cr_assert_eq(ffa_mem_reasm_next(&r, &a, &p), 0);
	cr_assert_eq(ffa_mem_reasm_received(&r), 96);
	cr_assert_eq(ffa_mem_reasm_feed(&r, buf + 96, 24), FFA_ERR_PROTOCOL);
	/* Fragment running past the total; feeding before consuming. */
	ffa_mem_reasm_init(&r, FFA_VERSION_1_1, FFA_MEM_DESC_RETRIEVE_RESP, 160);
	cr_assert_eq(ffa_mem_reasm_feed(&r, buf, 96), 0);
	cr_assert_eq(ffa_mem_reasm_feed(&r, buf + 96, 64), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_reasm_next(&r, &a, &p), 1);
	cr_assert_eq(ffa_mem_reasm_next(&r, &a, &p), 0);
	cr_assert_eq(ffa_mem_reasm_feed(&r, buf + 96, 80), FFA_ERR_PROTOCOL);
	/* Zero-length fragment. */
	ffa_mem_reasm_init(&r, FFA_VERSION_1_1, FFA_MEM_DESC_RETRIEVE_RESP, 160);
	cr_assert_eq(ffa_mem_reasm_feed(&r, buf, 0), FFA_ERR_PROTOCOL);
	/* Complete run, then a feed after the end. */
	ffa_mem_reasm_init(&r, FFA_VERSION_1_1, FFA_MEM_DESC_RETRIEVE_RESP, 160);
	cr_assert_eq(ffa_mem_reasm_feed(&r, buf, 80), 0);
	cr_assert_eq(ffa_mem_reasm_next(&r, &a, &p), 0);
	cr_assert(!ffa_mem_reasm_done(&r));
	cr_assert_eq(ffa_mem_reasm_feed(&r, buf + 80, 80), 0);
	while (ffa_mem_reasm_next(&r, &a, &p) == 1)
		;
	cr_assert(ffa_mem_reasm_done(&r));
	cr_assert_eq(ffa_mem_reasm_feed(&r, buf, 16), FFA_ERR_BAD_ARGUMENT);
	/* Page sum wrong: detected at the end, sticky. */
	dt_w32(buf, 64, 6);
	ffa_mem_reasm_init(&r, FFA_VERSION_1_1, FFA_MEM_DESC_RETRIEVE_RESP, 160);
	cr_assert_eq(ffa_mem_reasm_feed(&r, buf, 160), 0);
	while ((n = (size_t)ffa_mem_reasm_next(&r, &a, &p)) == 1)
		;
	cr_assert_eq((int)n, FFA_ERR_PROTOCOL);
	cr_assert(!ffa_mem_reasm_done(&r));
	/* Arguments. */
	cr_assert_eq(ffa_mem_reasm_init(&r, FFA_VERSION_1_1, FFA_MEM_DESC_RETRIEVE_REQ, 64),
		     FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_reasm_init(&r, FFA_VERSION_1_1, FFA_MEM_DESC_RETRIEVE_RESP, 0),
		     FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_reasm_init(NULL, FFA_VERSION_1_1, FFA_MEM_DESC_RETRIEVE_RESP, 1),
		     FFA_ERR_BAD_ARGUMENT);
	ffa_mem_reasm_init(&r, FFA_VERSION_1_1, FFA_MEM_DESC_RETRIEVE_RESP, 160);
	cr_assert_eq(ffa_mem_reasm_next(&r, &a, &p), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_reasm_feed(&r, NULL, 16), FFA_ERR_BAD_ARGUMENT);
}

/* ---- Relinquish --------------------------------------------------------- */

Test(edges, relinquish_decoder)
{
	uint8_t buf[64];
	struct ffa_mem_relinquish r;
	uint16_t ids[3] = {1, 2, 0x8003};
	size_t len;

	cr_assert_eq(ffa_mem_relinquish_encode(9, 0, ids, 3, buf, sizeof(buf)), 22);
	for (len = 0; len < 22; len++) {
		uint8_t *p = dv_exact(buf, len);

		cr_assert_eq(ffa_mem_relinquish_decode(&r, p, len), FFA_ERR_PROTOCOL);
		free(p);
	}
	cr_assert_eq(ffa_mem_relinquish_decode(&r, buf, 22), 0);
	cr_assert_eq(ffa_mem_relinquish_endpoint(&r, 2), 0x8003);
	dt_w32(buf, 12, 0);
	cr_assert_eq(ffa_mem_relinquish_decode(&r, buf, 22), FFA_ERR_PROTOCOL);
	dt_w32(buf, 12, 0xFFFFFFFFu);
	cr_assert_eq(ffa_mem_relinquish_decode(&r, buf, 22), FFA_ERR_PROTOCOL);
	dt_w32(buf, 12, 3);
	dt_w32(buf, 8, 4);
	cr_assert_eq(ffa_mem_relinquish_decode(&r, buf, 22), FFA_ERR_PROTOCOL);
	cr_assert_eq(ffa_mem_relinquish_decode(NULL, buf, 22), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_relinquish_encode(9, 4, ids, 3, buf, 64), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_relinquish_encode(9, 0, ids, 0, buf, 64), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_relinquish_encode(9, 0, NULL, 1, buf, 64), FFA_ERR_BAD_ARGUMENT);
	cr_assert(ffa_mem_relinquish_flags_valid(3));
	cr_assert(!ffa_mem_relinquish_flags_valid(4));
}

/* ---- Accessor arguments ------------------------------------------------- */

Test(edges, accessor_arguments)
{
	uint8_t buf[512];
	struct dv_layout l = dv_default(FFA_VERSION_1_1);
	struct ffa_mem_desc d;
	struct ffa_mem_receiver r;
	struct ffa_mem_cons_iter ci;
	uint64_t a;
	uint32_t p;
	size_t n = dv_write(&l, buf);

	cr_assert_eq(ffa_mem_desc_decode(NULL, buf, n, l.version, FFA_MEM_DESC_SEND),
		     FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_desc_decode(&d, NULL, n, l.version, FFA_MEM_DESC_SEND),
		     FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_desc_decode(&d, buf, n, l.version, FFA_MEM_DESC_SEND), 0);
	cr_assert_eq(ffa_mem_desc_receiver(&d, 1, &r), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_desc_receiver(&d, 0, NULL), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_desc_constituents(NULL, &ci), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_cons_next(NULL, &a, &p), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_emad_size(FFA_VERSION_MAKE(0, 9)), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_hdr_size(FFA_VERSION_1_0), 32);
	cr_assert_eq(ffa_mem_hdr_size(FFA_VERSION_1_2), 48);
	cr_assert_eq(ffa_mem_emad_size(FFA_VERSION_1_1), 16);
	cr_assert_eq(ffa_mem_emad_size(FFA_VERSION_1_3), 32);
}
