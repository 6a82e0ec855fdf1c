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

enum change { LONGER, SHORTER, PAGES, MERGE };

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
	else
		r[at].addr = r[at - 1].addr + 4096;    /* merges: fewer constituents */
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
