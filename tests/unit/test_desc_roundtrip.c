/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Round-trip property test with a seeded PRNG (seed printed; rerun with
 * DESC_SEED=...): random transactions with 1..8 receivers and 1..100,000
 * ranges, cycling through every attribute, permission and flag value, are
 * encoded, fragmented into a 4 KiB buffer, reassembled and decoded; the
 * result must be the input (ranges after merging). The same descriptor is
 * also encoded in one piece, which must equal the concatenated fragments
 * and decode to the same values.
 */
#include <criterion/criterion.h>

#include "desc_test_util.h"

/* Default count; DESC_RT_ITERATIONS overrides (longer soak runs). 1500
 * cycles every attribute/flag value for every (version, kind) pair at
 * least three times (the slowest cycle, 38 attribute values, takes 456). */
#define RT_ITERATIONS 1500u
#define RT_MAX_RANGES 100000u

static const uint32_t versions[] = {FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2,
				    FFA_VERSION_1_3};

/* Every raw attribute value valid for (version, kind). */
static size_t valid_attrs(uint32_t version, enum ffa_mem_desc_kind kind, uint16_t *out)
{
	struct ffa_mem_attr a;
	size_t n = 0;
	uint32_t v;

	for (v = 0; v <= 0xFFFFu; v++) {
		if (ffa_mem_attr_decode((uint16_t)v, version, &a) != 0)
			continue;
		if (a.ns && kind != FFA_MEM_DESC_RETRIEVE_RESP)
			continue;
		out[n++] = (uint16_t)v;
	}
	return n;
}

/* Every flag word valid for (version, kind), up to bit 10. */
static size_t valid_flags(uint32_t version, enum ffa_mem_desc_kind kind, uint32_t *out)
{
	size_t n = 0;
	uint32_t f;

	for (f = 0; f < (1u << 11); f++)
		if (ffa_mem_flags_valid(kind, version, f))
			out[n++] = f;
	return n;
}

static const uint8_t perms[] = {0x00, 0x01, 0x02, 0x04, 0x05, 0x06, 0x08, 0x09, 0x0A};

static void gen_receivers(uint64_t *s, unsigned int iter, uint32_t version,
			  enum ffa_mem_desc_kind kind, uint16_t sender,
			  struct ffa_mem_receiver *rx, uint32_t n)
{
	uint32_t i, j;

	for (i = 0; i < n; i++) {
		bool clash;

		memset(&rx[i], 0, sizeof(rx[i]));
		do {
			rx[i].id = (uint16_t)dt_rand(s);
			clash = rx[i].id == sender;
			for (j = 0; j < i; j++)
				clash |= rx[j].id == rx[i].id;
		} while (clash);
		rx[i].perm = i == 0 ? perms[iter % sizeof(perms)]
				    : perms[dt_rand(s) % sizeof(perms)];
		rx[i].flags = kind == FFA_MEM_DESC_SEND ? 0 : (uint8_t)(dt_rand(s) & 1u);
		if (FFA_VERSION_MINOR(version) >= 2)
			for (j = 0; j < 16; j++)
				rx[i].impdef[j] = (uint8_t)dt_rand(s);
	}
}

/* Ranges: mostly short lists, a few huge ones; ~35% contiguous with the
 * previous range (so they merge); page counts mostly small, a few large. */
static size_t gen_ranges(uint64_t *s, struct ffa_mem_range *r)
{
	uint64_t pick = dt_rand(s) % 100u, addr;
	size_t n, i;

	if (pick < 4)
		n = (size_t)dt_range(s, 50000, RT_MAX_RANGES);
	else if (pick < 5)
		n = RT_MAX_RANGES;
	else if (pick < 25)
		n = (size_t)dt_range(s, 65, 3000);
	else
		n = (size_t)dt_range(s, 1, 64);
	addr = dt_range(s, 0, UINT64_C(1) << 28) << 12;
	for (i = 0; i < n; i++) {
		uint64_t k = dt_rand(s) % 1000u;
		uint32_t pages = k < 900 ? (uint32_t)dt_range(s, 1, 16)
			       : k < 995 ? (uint32_t)dt_range(s, 17, 4096)
					 : (uint32_t)dt_range(s, 4097, 1u << 20);

		if (i > 0 && dt_rand(s) % 100u >= 35u)
			addr += dt_range(s, 1, 1000) << 12; /* gap */
		r[i].addr = addr;
		r[i].pages = pages;
		addr += (uint64_t)pages << 12;
	}
	return n;
}

static void check_header(const struct ffa_mem_desc *d, const struct ffa_mem_txn *t,
			 uint32_t total_pages, size_t nmerged)
{
	struct ffa_mem_receiver r;
	uint32_t i;

	cr_assert_eq(d->sender, t->sender);
	cr_assert_eq(d->attributes, t->attributes);
	cr_assert_eq(d->flags, t->flags);
	cr_assert_eq(d->handle, t->handle);
	cr_assert_eq(d->tag, t->tag);
	cr_assert_eq(d->receiver_count, t->receiver_count);
	cr_assert_eq(d->emad_size, (uint32_t)ffa_mem_emad_size(t->version));
	cr_assert_eq(d->emad_offset, (uint32_t)ffa_mem_hdr_size(t->version));
	cr_assert_eq(d->total_pages, total_pages);
	cr_assert_eq(d->constituent_count, (uint32_t)nmerged);
	for (i = 0; i < t->receiver_count; i++) {
		cr_assert_eq(ffa_mem_desc_receiver(d, i, &r), 0);
		cr_assert_eq(r.id, t->receivers[i].id);
		cr_assert_eq(r.perm, t->receivers[i].perm);
		cr_assert_eq(r.flags, t->receivers[i].flags);
		cr_assert_eq(memcmp(r.impdef, t->receivers[i].impdef, 16), 0);
		cr_assert_eq(r.composite_offset, d->composite_offset);
	}
}

Test(roundtrip, send_and_resp_fragmented, .timeout = 300)
{
	uint64_t seed = dt_seed("roundtrip"), s = seed;
	struct ffa_mem_range *raw = malloc(RT_MAX_RANGES * sizeof(*raw));
	struct ffa_mem_range *merged = malloc(RT_MAX_RANGES * sizeof(*merged));
	size_t whole_cap = 64 + 8 * 32 + 16 + RT_MAX_RANGES * 16;
	uint8_t *whole = malloc(whole_cap), *oneshot = malloc(whole_cap);
	uint16_t *attrs = malloc(65536 * sizeof(*attrs));
	uint32_t *flagv = malloc(2048 * sizeof(*flagv));
	unsigned long long total_ranges = 0, total_frags = 0;
	unsigned int iter, iterations = RT_ITERATIONS;
	const char *env = getenv("DESC_RT_ITERATIONS");

	if (env != NULL && *env != '\0')
		iterations = (unsigned int)strtoul(env, NULL, 0);
	cr_assert(raw && merged && whole && oneshot && attrs && flagv);
	for (iter = 0; iter < iterations; iter++) {
		uint32_t version = versions[iter % 4];
		enum ffa_mem_desc_kind kind =
			(iter / 4) % 3 == 2 ? FFA_MEM_DESC_RETRIEVE_RESP : FFA_MEM_DESC_SEND;
		struct ffa_mem_receiver rx[8];
		struct ffa_mem_txn t;
		struct ffa_mem_range_array arr;
		struct ffa_mem_range_iter it;
		struct ffa_mem_frag f;
		struct ffa_mem_frag_info info;
		struct ffa_mem_reasm ra;
		struct ffa_mem_desc d;
		struct ffa_mem_cons_iter ci;
		uint8_t tx[4096], rxbuf[4096];
		size_t nraw, nmerged, got = 0, na, nf, i, cap;
		uint64_t pages_sum = 0, a;
		uint32_t p;
		int n, frags = 0;

		na = valid_attrs(version, kind, attrs);
		nf = valid_flags(version, kind, flagv);
		memset(&t, 0, sizeof(t));
		t.version = version;
		t.kind = kind;
		t.sender = (uint16_t)dt_rand(&s);
		t.attributes = attrs[(iter / 12) % na];
		t.flags = flagv[(iter / 12) % nf];
		t.handle = kind == FFA_MEM_DESC_SEND ? 0 : dt_rand(&s);
		t.tag = dt_rand(&s);
		t.receiver_count = (uint32_t)dt_range(&s, 1, 8);
		t.receivers = rx;
		gen_receivers(&s, iter, version, kind, t.sender, rx, t.receiver_count);

		nraw = gen_ranges(&s, raw);
		nmerged = dt_merge(raw, nraw, merged);
		for (i = 0; i < nraw; i++)
			pages_sum += raw[i].pages;
		cr_assert(pages_sum <= UINT32_MAX);
		total_ranges += nraw;

		/* Fragmented: encode -> 4 KiB TX buffer -> copy to RX ->
		 * reassemble -> ranges. A quarter of the runs use an odd
		 * buffer size to move the fragment boundaries. */
		ffa_mem_range_array_iter(&arr, raw, nraw, &it);
		cr_assert_eq(ffa_mem_frag_init(&f, &t, &it), 0, "iter %u", iter);
		cap = sizeof(tx);
		if (dt_rand(&s) % 4u == 0)
			cap = (size_t)dt_range(&s, ffa_mem_frag_first_min(&f), sizeof(tx));
		cr_assert_eq(ffa_mem_reasm_init(&ra, version, kind, ffa_mem_frag_total_len(&f)),
			     0);
		while ((n = ffa_mem_frag_next(&f, tx, cap, &info)) > 0) {
			cr_assert_eq(info.offset, ffa_mem_reasm_received(&ra));
			cr_assert_eq((uint32_t)n, info.len);
			cr_assert_eq(n % 16, 0);
			cr_assert((size_t)n <= cap);
			memcpy(whole + info.offset, tx, (size_t)n);
			memcpy(rxbuf, tx, (size_t)n);
			memset(tx, 0xA5, sizeof(tx));
			cr_assert_eq(ffa_mem_reasm_feed(&ra, rxbuf, (size_t)n), 0);
			if (frags++ == 0)
				check_header(ffa_mem_reasm_desc(&ra), &t, (uint32_t)pages_sum,
					     nmerged);
			while ((n = ffa_mem_reasm_next(&ra, &a, &p)) == 1) {
				cr_assert(got < nmerged);
				cr_assert(a == merged[got].addr && p == merged[got].pages,
					  "iter %u range %zu", iter, got);
				got++;
			}
			cr_assert_eq(n, 0);
			cr_assert_eq(info.more, !ffa_mem_reasm_done(&ra));
			memset(rxbuf, 0x5A, sizeof(rxbuf));
		}
		cr_assert_eq(n, 0);
		cr_assert(ffa_mem_frag_done(&f));
		cr_assert(ffa_mem_reasm_done(&ra));
		cr_assert_eq(got, nmerged);
		total_frags += (unsigned long long)frags;

		/* One piece: equal bytes, same decode. */
		ffa_mem_range_array_iter(&arr, raw, nraw, &it);
		n = ffa_mem_desc_encode(&t, &it, oneshot, whole_cap);
		cr_assert_eq((uint32_t)n, ffa_mem_frag_total_len(&f));
		cr_assert_eq(memcmp(oneshot, whole, (size_t)n), 0);
		cr_assert_eq(ffa_mem_desc_decode(&d, oneshot, (size_t)n, version, kind), 0);
		check_header(&d, &t, (uint32_t)pages_sum, nmerged);
		cr_assert_eq(ffa_mem_desc_constituents(&d, &ci), 0);
		for (i = 0; i < nmerged; i++) {
			cr_assert_eq(ffa_mem_cons_next(&ci, &a, &p), 1);
			cr_assert(a == merged[i].addr && p == merged[i].pages);
		}
		cr_assert_eq(ffa_mem_cons_next(&ci, &a, &p), 0);
	}
	fprintf(stderr, "roundtrip: %u transactions, %llu ranges, %llu fragments\n",
		iterations, total_ranges, total_frags);
	free(raw);
	free(merged);
	free(whole);
	free(oneshot);
	free(attrs);
	free(flagv);
}

Test(roundtrip, retrieve_requests, .timeout = 60)
{
	uint64_t seed = dt_seed("roundtrip_req"), s = seed;
	uint32_t flagv[2048];
	unsigned int vi;

	for (vi = 0; vi < 4; vi++) {
		uint32_t version = versions[vi];
		size_t nf = valid_flags(version, FFA_MEM_DESC_RETRIEVE_REQ, flagv), k;

		for (k = 0; k < nf; k++) {
			struct ffa_mem_receiver rx[8];
			struct ffa_mem_txn t;
			struct ffa_mem_desc d;
			uint8_t buf[4096];
			int n;

			memset(&t, 0, sizeof(t));
			t.version = version;
			t.kind = FFA_MEM_DESC_RETRIEVE_REQ;
			t.sender = (uint16_t)dt_rand(&s);
			t.flags = flagv[k];
			t.handle = dt_rand(&s);
			t.tag = dt_rand(&s);
			t.receiver_count = (t.flags & FFA_MEM_RETRIEVE_FLAG_BYPASS_MULTI)
						   ? 1u
						   : (uint32_t)dt_range(&s, 0, 8);
			t.receivers = rx;
			gen_receivers(&s, (unsigned int)k, version, t.kind, t.sender, rx,
				      t.receiver_count);
			n = ffa_mem_retrieve_req_encode(&t, buf, sizeof(buf));
			cr_assert_eq(n, ffa_mem_hdr_size(version) +
						(int)t.receiver_count * ffa_mem_emad_size(version));
			cr_assert_eq(ffa_mem_retrieve_req_decode(&d, buf, (size_t)n, version), 0);
			check_header(&d, &t, 0, 0);
			cr_assert_eq(d.composite_offset, 0);
		}
	}
}
