/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The encoder walks ffa_mem_range_array_iter() arrays in place (no call per
 * range). These tests hold that fast path to the generic iterator path:
 * the same bytes and the same errors for random inputs with merges, and the
 * same refusal of arrays that change between the counting and the emitting
 * pass.
 */
#include <criterion/criterion.h>

#include "desc_test_util.h"

/* The same array behind a plain callback iterator (generic path). */
struct plain {
	const struct ffa_mem_range *r;
	size_t n, pos;
};

static int plain_next(void *arg, uint64_t *addr, uint32_t *pages)
{
	struct plain *p = arg;

	if (p->pos >= p->n)
		return 0;
	*addr = p->r[p->pos].addr;
	*pages = p->r[p->pos].pages;
	p->pos++;
	return 1;
}

static int plain_rewind(void *arg)
{
	((struct plain *)arg)->pos = 0;
	return 0;
}

static const struct ffa_mem_receiver rcv = { .id = 0x8001, .perm = FFA_MEM_PERM_RW };

static struct ffa_mem_txn txn(void)
{
	return (struct ffa_mem_txn){ .version = FFA_VERSION_1_2, .kind = FFA_MEM_DESC_SEND,
				     .sender = 1, .attributes = 0x2F, .receiver_count = 1,
				     .receivers = &rcv };
}

/* Fragment @r both ways into @cap-byte fragments; compare everything. */
static void same_both_ways(const struct ffa_mem_range *r, size_t n, size_t cap)
{
	struct ffa_mem_txn t = txn();
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter fast, slow;
	struct plain p = { r, n, 0 };
	struct ffa_mem_frag ff, fs;
	uint8_t *bf = malloc(cap), *bs = malloc(cap);
	int rf, rs;

	ffa_mem_range_array_iter(&st, r, n, &fast);
	slow = (struct ffa_mem_range_iter){ plain_next, plain_rewind, &p };
	rf = ffa_mem_frag_init(&ff, &t, &fast);
	rs = ffa_mem_frag_init(&fs, &t, &slow);
	cr_assert_eq(rf, rs, "init: fast %d, generic %d", rf, rs);
	if (rf == 0) {
		cr_assert_eq(ffa_mem_frag_total_len(&ff), ffa_mem_frag_total_len(&fs));
		do {
			rf = ffa_mem_frag_next(&ff, bf, cap, NULL);
			rs = ffa_mem_frag_next(&fs, bs, cap, NULL);
			cr_assert_eq(rf, rs, "next: fast %d, generic %d", rf, rs);
			if (rf > 0)
				cr_assert(dt_memdiff("fragment", bf, bs, (size_t)rf) == 0);
		} while (rf > 0);
	}
	free(bf);
	free(bs);
}

Test(desc_array_fast_path, random_inputs_same_as_generic, .timeout = 120)
{
	uint64_t seed = dt_seed("desc_array_fast_path");
	struct ffa_mem_range *r = malloc(5000 * sizeof(*r));

	for (int iter = 0; iter < 400; iter++) {
		size_t n = (size_t)dt_range(&seed, 1, 5000);
		uint64_t a = dt_range(&seed, 0, 1u << 20) << 12;

		for (size_t i = 0; i < n; i++) {
			/* Mostly scattered, often contiguous (merges), sometimes
			 * broken: 0 pages, unaligned, near the top, huge. */
			uint32_t kind = (uint32_t)dt_range(&seed, 0, 99);

			r[i].pages = (uint32_t)dt_range(&seed, 1, 8);
			if (kind < 40)
				a += (uint64_t)dt_range(&seed, 1, 16) << 12; /* gap */
			r[i].addr = a;
			if (iter % 4 == 3) {
				if (kind == 99)
					r[i].pages = 0;
				else if (kind == 98)
					r[i].addr |= 0x800;
				else if (kind == 97)
					r[i].addr = 0xFFFFFFFFFFFFF000ull;
				else if (kind == 96)
					r[i].pages = 0xFFFFFFF0u;
			}
			a = r[i].addr + ((uint64_t)r[i].pages << 12);
		}
		same_both_ways(r, n, dt_range(&seed, 0, 1) ? 4096 : 112 + 16 * dt_range(&seed, 0, 40));
	}
	free(r);
}

Test(desc_array_fast_path, edge_inputs_same_as_generic)
{
	const struct ffa_mem_range cases[][3] = {
		/* contiguous, then a 0-page range at the end address */
		{ { 0x1000, 1 }, { 0x2000, 0 }, { 0x9000, 1 } },
		/* merged total exactly 2^32 - 1 pages */
		{ { 0x0, 0x80000000u }, { 0x80000000000ull, 0x7FFFFFFFu }, { 0, 0 } },
		/* merged total 2^32 pages: refused */
		{ { 0x0, 0x80000000u }, { 0x80000000000ull, 0x80000000u }, { 0, 0 } },
		/* the last page of the address space */
		{ { 0xFFFFFFFFFFFFE000ull, 1 }, { 0xFFFFFFFFFFFFF000ull, 1 }, { 0, 0 } },
		/* wrapping */
		{ { 0xFFFFFFFFFFFFF000ull, 2 }, { 0, 0 }, { 0, 0 } },
	};
	static const size_t lens[] = { 3, 2, 2, 2, 1 };

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		same_both_ways(cases[i], lens[i], 4096);
}

/* Scattered one-page ranges at @r (none extends the previous one). */
static void scatter(struct ffa_mem_range *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		r[i].addr = 0x80000000ull + (uint64_t)i * 8192u;
		r[i].pages = 1;
	}
}

enum change { LONGER, SHORTER, PAGES, MERGE, MOVED };

/* Count 599 scattered ranges of @r[600], then make @what change (at @at for
 * PAGES and MERGE) and emit in 4 KiB fragments: the code that ends it,
 * after checking that it is sticky. */
static int emit_after_change(struct ffa_mem_range *r, enum change what, size_t at)
{
	struct ffa_mem_txn t = txn();
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	struct ffa_mem_frag f;
	uint8_t buf[4096];
	int rc;

	scatter(r, 600);
	ffa_mem_range_array_iter(&st, r, 599, &it);
	cr_assert_eq(ffa_mem_frag_init(&f, &t, &it), 0);
	if (what == LONGER)
		st.count = 600;
	else if (what == SHORTER)
		st.count = 500;
	else if (what == PAGES)
		r[at].pages = 2;                       /* another page total */
	else if (what == MERGE)
		r[at].addr = r[at - 1].addr + 4096;    /* merges: fewer constituents */
	else
		r[at].addr += 1ull << 40;              /* elsewhere, still valid */
	do
		rc = ffa_mem_frag_next(&f, buf, sizeof(buf), NULL);
	while (rc > 0);
	cr_assert_eq(ffa_mem_frag_next(&f, buf, sizeof(buf), NULL), rc, "not sticky");
	return rc;
}

Test(desc_array_fast_path, array_changed_between_passes_is_refused)
{
	struct ffa_mem_range r[600];

	cr_assert_eq(emit_after_change(r, LONGER, 0), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(emit_after_change(r, SHORTER, 0), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(emit_after_change(r, PAGES, 300), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(emit_after_change(r, MERGE, 301), FFA_ERR_BAD_ARGUMENT);
#if !defined(__OPTIMIZE_SIZE__)
	/* The array path (not in -Os builds) also keeps the address sum. */
	cr_assert_eq(emit_after_change(r, MOVED, 0), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(emit_after_change(r, MOVED, 300), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(emit_after_change(r, MOVED, 598), FFA_ERR_BAD_ARGUMENT);
#endif
}

/* Scattered ranges (the fast no-merge blocks) with one merge placed at
 * every position in turn, so it falls inside a fragment, on its first or
 * last constituent, and across a fragment edge; for two fragment sizes. */
Test(desc_array_fast_path, one_merge_at_every_position_same_as_generic)
{
	enum { N = 600 };
	struct ffa_mem_range *r = malloc(N * sizeof(*r));

	for (size_t cap = 4096; cap != 0; cap = cap == 4096 ? 112 + 16 * 5 : 0) {
		for (size_t p = 1; p < N; p++) {
			scatter(r, N);
			r[p].addr = r[p - 1].addr + 4096; /* extends r[p - 1] */
			same_both_ways(r, N, cap);
		}
	}
	free(r);
}

/* A merge made between the passes at any position, fragment edges
 * included, leaves fewer constituents than counted: refused. */
Test(desc_array_fast_path, merge_made_between_passes_at_every_position_is_refused)
{
	struct ffa_mem_range r[600];

	for (size_t p = 1; p < 599; p++)
		cr_assert_eq(emit_after_change(r, MERGE, p), FFA_ERR_BAD_ARGUMENT, "merge at %zu",
			     p);
}

/* The padding after each range's page count is the caller's garbage: the
 * array path loads ranges 16 bytes at a time and must ignore it. */
Test(desc_array_fast_path, padding_bytes_are_ignored)
{
	enum { N = 333 };
	struct ffa_mem_range *r = malloc(N * sizeof(*r));
	uint64_t seed = dt_seed("desc_array_fast_path padding");

	for (int fill = 0; fill < 3; fill++) {
		for (size_t i = 0; i < N * sizeof(*r); i++)
			((uint8_t *)r)[i] = fill == 0 ? 0xFF : fill == 1 ? 0x80
							    : (uint8_t)dt_rand(&seed);
		for (size_t i = 0; i < N; i++) {
			r[i].addr = 0x40000000ull + (uint64_t)i * 3u * 4096u;
			r[i].pages = i % 7 == 3 ? 3 : 1 + (uint32_t)(i % 2); /* some merges */
		}
		same_both_ways(r, N, 4096);
		same_both_ways(r, N, 112 + 16 * 3);
	}
	free(r);
}

/* The counting pass splits the array into two halves (one per vector
 * lane) and counts an odd last range and the merge across the middle on
 * their own: every small count, with no merge, one merge at every position
 * and a merge at every position next to one at the middle, into fragments
 * of several sizes. */
Test(desc_array_fast_path, every_small_count_and_merge_position_same_as_generic)
{
	enum { NMAX = 70 };
	struct ffa_mem_range r[NMAX];
	static const size_t caps[] = { 4096, 112, 112 + 16, 112 + 16 * 7 };

	for (size_t n = 1; n <= NMAX; n++) {
		for (size_t p = 0; p < n; p++) {
			for (int mid = 0; mid < 2; mid++) {
				scatter(r, n);
				if (mid && n >= 2) /* the middle: second half's first */
					r[n / 2].addr = r[n / 2 - 1].addr + 4096;
				if (p > 0)
					r[p].addr = r[p - 1].addr + 4096 * (uint64_t)r[p - 1].pages;
				for (size_t c = 0; c < sizeof(caps) / sizeof(caps[0]); c++)
					same_both_ways(r, n, caps[c]);
			}
		}
	}
}

/* Contiguous from start to end (everything merges into one constituent,
 * every fragment takes the merging path) and runs of every length. */
Test(desc_array_fast_path, runs_of_every_length_same_as_generic)
{
	enum { N = 300 };
	struct ffa_mem_range *r = malloc(N * sizeof(*r));

	for (size_t run = 1; run <= 40; run++) {
		uint64_t a = 0x100000000ull;

		for (size_t i = 0; i < N; i++) {
			if (i % run == 0)
				a += 4096; /* a gap: a new run starts */
			r[i].addr = a;
			r[i].pages = 1;
			a += 4096;
		}
		same_both_ways(r, N, 4096);
		same_both_ways(r, N, 112 + 16 * 5);
	}
	for (size_t i = 0; i < N; i++) {
		r[i].addr = 0x100000000ull + (uint64_t)i * 4096u;
		r[i].pages = 1;
	}
	same_both_ways(r, N, 4096);
	same_both_ways(r, N, 112);
	free(r);
}

/* Ranges at or above 2^63 (valid; the only ones whose end could pass the
 * top of the address space): the copying emit hands them to the validating
 * one. Alone, mixed with low ones, and up to the last page. */
Test(desc_array_fast_path, high_addresses_same_as_generic)
{
	enum { N = 400 };
	struct ffa_mem_range *r = malloc(N * sizeof(*r));

	for (int kind = 0; kind < 3; kind++) {
		scatter(r, N);
		for (size_t i = 0; i < N; i++) {
			if (kind == 0 || (kind == 1 && i % 50 == 7))
				r[i].addr |= 1ull << 63;
		}
		if (kind == 2) {
			r[N - 1].addr = 0xFFFFFFFFFFFFF000ull; /* the last page */
			r[N - 1].pages = 1;
			r[N - 2].addr = 0xFFFFFFFFFFFF0000ull;
		}
		same_both_ways(r, N, 4096);
		same_both_ways(r, N, 112 + 16 * 9);
	}
	free(r);
}

/* Emit every fragment of @f into @out (cap @cap); the last return code. */
static int emit_all(struct ffa_mem_frag *f, uint8_t *out, size_t cap)
{
	int rc;
	uint32_t at = 0;

	while ((rc = ffa_mem_frag_next(f, out + at, cap, NULL)) > 0)
		at += (uint32_t)rc;
	return rc;
}

static uint32_t rd32(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint64_t rd64(const uint8_t *b)
{
	return rd32(b) | (uint64_t)rd32(b + 4) << 32;
}

/*
 * Arrays changed between the counting and the emitting pass (a broken
 * contract): a range made invalid or a changed page total is always
 * refused; other changes (the array path also refuses any single moved
 * range, by its address sum; the generic path sends it) may go through,
 * but only as a consistent descriptor - every constituent valid, as many
 * as the header says, their pages adding up to its total - and never with
 * a read outside the array (the sanitizer build checks that).
 */
Test(desc_array_fast_path, changed_between_passes_never_sends_bad_ranges_or_totals, .timeout = 120)
{
	enum { N = 700, HDR = 48 + 32 }; /* v1.2, one receiver: composite at 80 */
	uint64_t seed = dt_seed("desc_array_fast_path changes");
	struct ffa_mem_range *r = malloc(N * sizeof(*r));
	uint8_t *out = malloc(HDR + 16 + N * 16 + 4096);
	struct ffa_mem_txn t = txn();

	for (int iter = 0; iter < 3000; iter++) {
		struct ffa_mem_range_array st;
		struct ffa_mem_range_iter it;
		struct ffa_mem_frag f;
		size_t n = (size_t)dt_range(&seed, 2, N), i = (size_t)dt_range(&seed, 0, n - 2);
		size_t j = (size_t)dt_range(&seed, 0, n - 1);
		uint32_t what = (uint32_t)dt_range(&seed, 0, 9);
		uint64_t d = dt_range(&seed, 1, 4) << 12, top = 0xFFFFFFFFFFFFF000ull;
		/* Refused by either path (the -Os build has only the generic
		 * one): a range made invalid, a page total changed. */
		bool refused = what <= 1 || what == 3;
		struct ffa_mem_range x;
		int rc;

		/* Two pages every four, some runs merging. */
		for (size_t k = 0; k < n; k++) {
			r[k].addr = 0x40000000ull + (uint64_t)k * 4u * 4096u;
			r[k].pages = 2;
			if (iter % 3 == 0 && k > 0 && dt_range(&seed, 0, 9) == 0)
				r[k].addr = r[k - 1].addr + 2u * 4096u;
		}
		ffa_mem_range_array_iter(&st, r, n, &it);
		cr_assert_eq(ffa_mem_frag_init(&f, &t, &it), 0);
		switch (what) {
		case 0: /* unaligned */
			r[i].addr |= 0x10;
			break;
		case 1: /* zero pages */
			r[i].pages = 0;
			break;
		case 2: /* moved */
			r[i].addr += d * 1024;
			break;
		case 3: /* another page count */
			r[i].pages += 1;
			break;
		case 4: /* compensating addresses, both still aligned */
			r[i].addr += d;
			r[i + 1].addr -= d;
			break;
		case 5: /* compensating addresses, both unaligned */
			r[i].addr += 0x800;
			r[i + 1].addr -= 0x800;
			break;
		case 6: /* compensating page counts, one to zero */
			r[i + 1].pages += r[i].pages;
			r[i].pages = 0;
			break;
		case 7: /* two ranges swapped */
			x = r[i];
			r[i] = r[j];
			r[j] = x;
			break;
		case 8: /* wrapping past the top, addresses compensated */
			r[i + 1].addr -= top - r[i].addr;
			r[i].addr = top;
			break;
		default: /* compensating page counts, both kept */
			r[i].pages += 1;
			r[i + 1].pages -= 1;
			break;
		}
		rc = emit_all(&f, out, dt_range(&seed, 0, 1) ? 4096 : 112 + 16 * 4);
		if (refused) {
			cr_assert_eq(rc, FFA_ERR_BAD_ARGUMENT, "change %u at %zu went through", what, i);
			continue;
		}
		cr_assert(rc == 0 || rc == FFA_ERR_BAD_ARGUMENT, "rc %d", rc);
		if (rc == 0) {
			uint32_t count = rd32(out + HDR + 4);
			uint64_t pages = 0;

			cr_assert_eq(ffa_mem_frag_total_len(&f), HDR + 16 + count * 16u);
			for (uint32_t k = 0; k < count; k++) {
				const uint8_t *c = out + HDR + 16 + 16u * k;
				uint64_t a = rd64(c);
				uint32_t p = rd32(c + 8);

				cr_assert(p != 0 && (a & 0xFFF) == 0 &&
					  a <= UINT64_MAX - ((uint64_t)p << 12),
					  "change %u: invalid constituent %u sent", what, k);
				cr_assert_eq(rd32(c + 12), 0u);
				pages += p;
			}
			cr_assert_eq(pages, rd32(out + HDR), "change %u: page total", what);
		}
	}
	free(r);
	free(out);
}

/* Long arrays with merges of every density, alone or in clusters: the
 * counting pass switches between looking for candidates and counting
 * exactly block by block, the emitting pass between copying and merging
 * fragment by fragment. */
Test(desc_array_fast_path, sparse_and_clustered_merges_same_as_generic, .timeout = 120)
{
	enum { N = 30000 };
	static const uint32_t per_million[] = { 0, 30, 300, 3000, 30000, 500000 };
	uint64_t seed = dt_seed("desc_array_fast_path sparse");
	struct ffa_mem_range *r = malloc(N * sizeof(*r));

	for (int iter = 0; iter < 36; iter++) {
		size_t n = (size_t)dt_range(&seed, 1000, N);
		uint32_t density = per_million[iter % 6];
		bool clusters = iter % 12 >= 6;
		size_t cluster_left = 0;

		scatter(r, n);
		for (size_t i = 1; i < n; i++) {
			if (clusters && cluster_left == 0 && dt_range(&seed, 0, 999999) < density / 50)
				cluster_left = (size_t)dt_range(&seed, 1, 3000);
			if (cluster_left > 0 ||
			    (!clusters && dt_range(&seed, 0, 999999) < density))
				r[i].addr = r[i - 1].addr + 4096 * (uint64_t)r[i - 1].pages;
			if (cluster_left > 0)
				cluster_left--;
		}
		same_both_ways(r, n, 4096);
		same_both_ways(r, n, 112 + 16 * dt_range(&seed, 0, 300));
	}
	free(r);
}

/* Neighbours 2^32 pages apart: the low halves of one's end and the next
 * one's page number are equal, without a merge (both passes' 32-bit merge
 * filters raise a false alarm and must still give the same result). */
Test(desc_array_fast_path, low_halves_equal_without_merge_same_as_generic)
{
	enum { N = 900 };
	struct ffa_mem_range *r = malloc(N * sizeof(*r));

	for (size_t every = 1; every <= 300; every = every * 3 + 1) {
		scatter(r, N);
		for (size_t i = 1; i < N; i++) {
			uint64_t end = r[i - 1].addr + 4096 * (uint64_t)r[i - 1].pages;

			if (i % every == 0)
				r[i].addr = end + (1ull << 44); /* e + 2^32 pages */
			else
				r[i].addr = end + 4096;
			if (r[i].addr >= 1ull << 62)
				r[i].addr = 0x1000 * i; /* stay low */
		}
		same_both_ways(r, N, 4096);
		same_both_ways(r, N, 112 + 16 * 9);
	}
	free(r);
}
