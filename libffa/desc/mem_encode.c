/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa desc - transaction descriptor encoder: a streaming fragmenter that
 * writes the descriptor one fragment at a time into a caller buffer
 * (ffa-memory.md 2.1-2.3, 2.7, 2.8, 2.10, 8.1), merging contiguous input
 * ranges on the fly. Constant memory (struct ffa_mem_frag), time linear in
 * the ranges (two passes over the iterator).
 */
#include "desc_internal.h"

/*
 * Next merged range: 1 (written to @c as a constituent unless @c is NULL),
 * 0 at the end, negative on error. Pulls raw ranges from the caller's
 * iterator and validates each (the raw page sum, in f->pages_done, must
 * stay within 32 bits); holds one range of look-ahead in f->pend_*. One
 * loop and one call of the iterator: the counting pass nests nothing else
 * below it.
 */
static int merged_next(struct ffa_mem_frag *f, uint8_t *c)
{
	uint64_t a, out_a;
	uint32_t p, out_p;
	bool had;
	int rc;

	for (;;) {
		rc = 0;
		if (!f->eof) {
			rc = f->it.next(f->it.arg, &a, &p);
			if (rc < 0)
				return rc;
		}
		had = f->pend_valid;
		if (rc == 0) {
			/* The end: hand out the look-ahead, if any. */
			f->eof = true;
			if (!had)
				return 0;
			f->pend_valid = false;
			out_a = f->pend_addr;
			out_p = f->pend_pages;
			break;
		}
		f->pages_done += p;
		if (!ffa__desc_range_ok(a, p) || (f->pages_done >> 32) != 0)
			return FFA_ERR_BAD_ARGUMENT;
		/* The pend range was validated: its end does not wrap. Its
		 * pages and p are part of pages_done, so the sum fits 32 bits. */
		if (had && f->pend_addr + ((uint64_t)f->pend_pages << FFA__PAGE_SHIFT) == a) {
			f->pend_pages += p;
			continue;
		}
		/* Hand out the look-ahead (if there is one), keep this range. */
		out_a = f->pend_addr;
		out_p = f->pend_pages;
		f->pend_addr = a;
		f->pend_pages = p;
		f->pend_valid = true;
		if (had)
			break;
	}
	if (c != NULL) {
		ffa_put_le64(c + 0, out_a);
		ffa_put_le32(c + 8, out_p);
		ffa_put_le32(c + 12, 0);
	}
	return 1;
}

/* Restart the iterator and the merger. */
static int restart(struct ffa_mem_frag *f)
{
	int rc = f->it.rewind(f->it.arg);

	f->pend_valid = false;
	f->eof = false;
	f->pages_done = 0;
	f->pend_addr = 0;
	f->pend_pages = 0;
	return rc < 0 ? rc : 0;
}

/* ---- In-place fast path for the array adapter ----------------------------
 *
 * Same bytes and errors as merged_next() over ffa__desc_array_next(),
 * without a call, a store and branches per range. Compiled unless the build
 * optimises for size (-Os): there an array goes through the generic path
 * above, like any other iterator. GCC vector extensions (2 x 64-bit lanes:
 * SSE2 on x86-64, Advanced SIMD on AArch64, scalar code elsewhere) carry two
 * ranges per operation; no instruction-set extension is assumed.
 *
 * The counting pass validates every range, counts the merges and sums the
 * pages and (mod 2^64) the addresses, in blocks: a block is first only
 * searched for merge candidates (cheaper) and counted exactly if it has
 * one (count_array()). The emitting pass copies: a fragment of a remainder
 * that has no merge left (remaining constituents = remaining raw ranges) is
 * a masked copy of its ranges, checked only for what makes a range invalid
 * cheaply (alignment, zero pages, an address of 2^63 or more - the only
 * ones whose end can pass 2^64 - 1) and summed; any other fragment is
 * copied the same way if a merge filter finds no merge in it. A fragment
 * with merges, or one that fails those checks, goes through the validating
 * merging loop, which gives the generic path's bytes and errors.
 *
 * The caller must not change the array while the encoder runs. If it does,
 * the emitting pass still reads only inside [pos, count) and never writes an
 * invalid range, and the last fragment is refused unless the page total,
 * the address sum and the range count all equal the counting pass's (any
 * single changed range changes one of them): never a wrong total.
 *
 * The array path does not use the merger's look-ahead: it keeps in
 * f->pend_addr the address sum the counting pass found minus the addresses
 * emitted so far (0 at the end), and in f->pend_valid whether the last
 * fragment had merges (emit_array()).
 */
#if !defined(__OPTIMIZE_SIZE__) && defined(__GNUC__) && defined(__BYTE_ORDER__) && \
	(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ || __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)
#define FRAG_ARRAY_FAST 1

typedef uint64_t v2u64 __attribute__((vector_size(16)));
typedef uint32_t v4u32 __attribute__((vector_size(16)));

static bool is_array(const struct ffa_mem_frag *f)
{
	/* The loops load a range as 16 bytes: address, pages, padding. */
	return sizeof(struct ffa_mem_range) == 16 && f->it.next == ffa__desc_array_next;
}

/* A range as two 64-bit lanes: the address and the word holding the page
 * count and the padding (of unknown value). */
static inline v2u64 range_load(const struct ffa_mem_range *r)
{
	v2u64 v;

	__builtin_memcpy(&v, r, sizeof(v));
	return v;
}

/* The page counts of two such second words. */
static inline v2u64 pages_of(v2u64 w)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return w & (v2u64){ UINT32_MAX, UINT32_MAX };
#else
	return w >> 32;
#endif
}

/* The page-unit checks: for an aligned address, s = addr >> 12 and
 * e = s + pages (no wrap); the range is valid iff pages != 0 and e < 2^52
 * (its end does not pass the top of the address space), and the next range
 * extends it iff its page number equals e. An unaligned address fails the
 * alignment check, so what the page-unit tests say about it does not
 * matter. OR-accumulated and tested once: (pages - 1) sets bit 63 for a
 * 0-page range, e sets bit 52 or above for a wrapping one. */
#define ARRAY_CHK_BAD(low, chk) ((((low) & FFA__PAGE_MASK) | ((chk) >> 52)) != 0)

/* One range the vector loop left over: checks into *@low and *@chk, pages into
 * *@sum, address into *@asum. */
static void count_one(const struct ffa_mem_range *r, uint64_t *low, uint64_t *chk,
		      uint64_t *sum, uint64_t *asum)
{
	uint64_t pages = r->pages;

	*low |= r->addr;
	*chk |= ((r->addr >> FFA__PAGE_SHIFT) + pages) | (pages - 1u);
	*sum += pages;
	*asum += r->addr;
}

/* 1 if range @r+1 extends range @r (both valid). */
static uint32_t extends(const struct ffa_mem_range *r)
{
	return (r[0].addr >> FFA__PAGE_SHIFT) + r[0].pages == r[1].addr >> FFA__PAGE_SHIFT;
}

/* The counting pass's accumulators (OR of the addresses, OR of e and
 * pages - 1, page sum, address sum, merges, merge candidates). */
struct count_acc {
	v2u64 low, chk, sum, as;
	v4u32 merges, cand;
};

/*
 * Count the pairs of ranges (r[i], r1[i]) for i from @hi - 1 down to @lo;
 * *@next holds the page numbers of the pair after them. Lane 0 takes the
 * first half of the array, lane 1 the second, both backwards so the
 * emitting pass starts on ranges read last (still in cache).
 *
 * A range extends the one before it iff its page number equals that one's
 * e. SSE2 has no 64-bit compare: e and the page number are compared as
 * 32-bit halves. @exact: count the merges (a lane of q is all ones where
 * both halves are equal, and q & (q >> 32) is then 2^32 - 1). Otherwise
 * only note candidates, lanes whose low halves are equal (no merge without
 * one), two operations fewer.
 *
 * The at most 2^32 - 1 ranges of < 2^32 pages cannot wrap a lane's page
 * sum; the total is checked by the caller (a merged run is part of it, so
 * "the merged count fits 32 bits" needs no test of its own).
 */
static inline __attribute__((always_inline)) void
count_pairs(const struct ffa_mem_range *r, const struct ffa_mem_range *r1, size_t hi, size_t lo,
	    v2u64 *next, struct count_acc *acc, bool exact)
{
	v2u64 nx = *next, low = acc->low, chk = acc->chk, sum = acc->sum, as = acc->as;
	v4u32 merges = acc->merges, cand = acc->cand;

#pragma GCC unroll 2
	for (size_t i = hi; i > lo; i--) {
		v2u64 v0 = range_load(&r[i - 1]), v1 = range_load(&r1[i - 1]);
		v2u64 ad = { v0[0], v1[0] };
		v2u64 pg = pages_of((v2u64){ v0[1], v1[1] });
		v2u64 e = (ad >> FFA__PAGE_SHIFT) + pg;

		low |= ad;
		as += ad;
		sum += pg;
		chk |= e | (pg - 1u);
		if (exact) {
			v2u64 q = (v2u64)((v4u32)e == (v4u32)nx);

			merges -= (v4u32)(q & (q >> 32));
		} else {
			cand |= (v4u32)((v4u32)e == (v4u32)nx);
		}
		nx = ad >> FFA__PAGE_SHIFT;
	}
	*next = nx;
	acc->low = low;
	acc->chk = chk;
	acc->sum = sum;
	acc->as = as;
	acc->merges = merges;
	acc->cand = cand;
}

/* Pairs per block of the counting pass (1 KiB of ranges per lane: a
 * block counted again is still in L1), and how many blocks in a row
 * without merges end exact counting. */
#define COUNT_BLOCK 64u
#define COUNT_EXACT_RUN 8u

/* Counting pass: merged constituents into *@cons, the address sum into
 * *@asum, pages into f->pages_done. */
static int count_array(struct ffa_mem_frag *f, uint64_t *cons, uint64_t *asum)
{
	const struct ffa_mem_range_array *a = (const struct ffa_mem_range_array *)f->it.arg;
	const struct ffa_mem_range *r = a->ranges + a->pos;
	size_t n = a->count - a->pos, h = n / 2;
	const struct ffa_mem_range *r1 = r + h;
	struct count_acc acc = { { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0, 0, 0 },
				 { 0, 0, 0, 0 } };
	v2u64 next = { UINT64_MAX, UINT64_MAX }; /* no e equals it */
	unsigned int exact = 0; /* blocks still to count exactly */
	uint64_t lo, ck, s, m;

	if (n > UINT32_MAX)
		return FFA_ERR_BAD_ARGUMENT;
	/* Block by block: without merges (the scattered lists of a large
	 * share) only candidates are looked for; a block with a candidate is
	 * counted again exactly, and so are the blocks after one with merges
	 * until COUNT_EXACT_RUN in a row had none (lists with many). */
	for (size_t hi = h, bl; hi > 0; hi = bl) {
		struct count_acc keep = acc;
		v2u64 keep_next = next;
		v4u32 before;

		bl = hi > COUNT_BLOCK ? hi - COUNT_BLOCK : 0;
		if (exact == 0) {
			acc.cand = (v4u32){ 0, 0, 0, 0 };
			count_pairs(r, r1, hi, bl, &next, &acc, false);
			/* Candidates: equal low halves (bits 0-31 of a lane). */
			if ((((v2u64)acc.cand)[0] | ((v2u64)acc.cand)[1]) << 32 == 0)
				continue;
			acc = keep;
			next = keep_next;
		}
		before = acc.merges;
		count_pairs(r, r1, hi, bl, &next, &acc, true);
		if ((before[0] ^ acc.merges[0]) | (before[1] ^ acc.merges[1]) |
		    (before[2] ^ acc.merges[2]) | (before[3] ^ acc.merges[3]))
			exact = COUNT_EXACT_RUN;
		else if (exact > 0)
			exact--;
	}
	lo = acc.low[0] | acc.low[1];
	ck = acc.chk[0] | acc.chk[1];
	s = acc.sum[0] + acc.sum[1];
	*asum = acc.as[0] + acc.as[1];
	m = (uint64_t)acc.merges[0] + acc.merges[1] + acc.merges[2] + acc.merges[3];
	/* The ranges the lanes do not cover, and the merges across their
	 * edges: the last range of an odd count, the middle. */
	if (n & 1u) {
		count_one(&r[n - 1], &lo, &ck, &s, asum);
		if (n > 1)
			m += extends(&r[n - 2]);
	}
	if (h > 0)
		m += extends(&r[h - 1]);
	if (ARRAY_CHK_BAD(lo, ck) || s > UINT32_MAX)
		return FFA_ERR_BAD_ARGUMENT;
	f->pages_done = s;
	*cons = n - m;
	return 0;
}

/*
 * Copy @n ranges at @pos as @n constituents to @c, if each is aligned, has
 * pages and starts below 2^63, the page sum *@sum stays within 32 bits
 * and, if @merges, none of them may extend the one before it and the range
 * after the block may not extend the last: then they are exactly what
 * emit_array_merging() would write. Then add the pages to *@sum, take the
 * addresses from *@left and return true; otherwise false (the block may be
 * half written). Without @merges only for a remainder the counting pass
 * found merge-free.
 *
 * The merge test is a filter: a range may extend the one before only if
 * the low halves of its page number and of that one's e are equal (the
 * 32-bit compare of count_pairs()); a false alarm only costs the slower
 * path.
 */
static inline __attribute__((always_inline)) bool
emit_array_copy(const struct ffa_mem_range *r, size_t count, size_t pos, uint32_t n,
		uint8_t *c, uint64_t *sum, uint64_t *left, bool merges)
{
	v2u64 acc = { 0, 0 }, tot = { 0, 0 };
	v2u64 e = { UINT64_MAX, UINT64_MAX }; /* lane 0: e of the range before */
	v4u32 cand = { 0, 0, 0, 0 };
	uint64_t s;

	if (pos > count || n > count - pos)
		return false;
	r += pos;
#pragma GCC unroll 4
	for (uint32_t k = 0; k < n; k++, c += FFA_MEM_CONSTITUENT_SIZE) {
		v2u64 v = range_load(&r[k]);

		/* {address, pages}; on the wire le64 address, le32 pages,
		 * le32 0: the same 16 bytes on a little-endian host. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		v &= (v2u64){ UINT64_MAX, UINT32_MAX };
		__builtin_memcpy(c, &v, sizeof(v));
#else
		v = (v2u64){ v[0], v[1] >> 32 };
		ffa_put_le64(c + 0, v[0]);
		ffa_put_le64(c + 8, v[1]);
#endif
		tot += v;
		acc |= v - (v2u64){ 0, 1 };
		if (merges) {
			v2u64 t = v >> FFA__PAGE_SHIFT; /* lane 0: page number */

			cand |= (v4u32)((v4u32)t == (v4u32)e);
			e = t + (v2u64){ v[1], v[0] }; /* lane 0: e */
		}
	}
	/* acc[0]: the addresses ORed: aligned and below 2^63 (so no end
	 * passes 2^64 - 1: 2^63 + 2^44 does not); acc[1] bit 63: 0 pages.
	 * cand[0] bits 0-31: a merge candidate. */
	if (((acc[0] & (FFA__PAGE_MASK | (1ull << 63))) | (acc[1] >> 63)) != 0)
		return false;
	if (merges && ((((v2u64)cand)[0] << 32) != 0 ||
		       (n < count - pos && r[n].addr >> FFA__PAGE_SHIFT == e[0])))
		return false;
	s = *sum + tot[1];
	if (s > UINT32_MAX)
		return false;
	*sum = s;
	*left -= tot[0];
	return true;
}

/* Emit @n merged constituents at @c, range by range, validating each and
 * taking the pages and addresses read from f->pages_done / f->pend_addr.
 * The second pass must yield at least @n (the end check in
 * ffa_mem_frag_next() catches more). Out of line: inlined next to the copy
 * loops it made both slower. */
static __attribute__((noinline)) int emit_array_merging(struct ffa_mem_frag *f, uint8_t *c,
						      uint32_t n)
{
	struct ffa_mem_range_array *a = (struct ffa_mem_range_array *)f->it.arg;
	const struct ffa_mem_range *r = a->ranges;
	size_t pos = a->pos, count = a->count;
	uint64_t sum = f->pages_done, left = f->pend_addr;
	int rc = 0;

	for (uint32_t k = 0; k < n; k++, c += FFA_MEM_CONSTITUENT_SIZE) {
		uint64_t addr, end;
		uint32_t pages;

		if (pos >= count) {
			rc = FFA_ERR_BAD_ARGUMENT; /* second pass shorter */
			break;
		}
		addr = r[pos].addr;
		pages = r[pos].pages;
		pos++;
		if (!ffa__desc_range_ok(addr, pages)) {
			rc = FFA_ERR_BAD_ARGUMENT;
			break;
		}
		sum += pages;
		left -= addr;
		end = addr + ((uint64_t)pages << FFA__PAGE_SHIFT);
		while (pos < count && r[pos].addr == end && r[pos].pages <= UINT32_MAX - pages) {
			uint32_t more = r[pos].pages;

			if (!ffa__desc_range_ok(end, more))
				break; /* refused when read as a range of its own */
			pages += more;
			sum += more;
			left -= end;
			end += (uint64_t)more << FFA__PAGE_SHIFT;
			pos++;
		}
		if (sum > UINT32_MAX) {
			rc = FFA_ERR_BAD_ARGUMENT;
			break;
		}
		ffa_put_le64(c + 0, addr);
		ffa_put_le32(c + 8, pages);
		ffa_put_le32(c + 12, 0);
	}
	a->pos = pos;
	f->pages_done = sum;
	f->pend_addr = left;
	return rc;
}

/* Emit the next @n constituents of an array at @c. A remainder without
 * merges is copied; a fragment with none is copied after the merge filter
 * (not tried again after a fragment that had merges, until one has none:
 * f->pend_valid, unused by the array path otherwise); else merged. */
static int emit_array(struct ffa_mem_frag *f, uint8_t *c, uint32_t n)
{
	struct ffa_mem_range_array *a = (struct ffa_mem_range_array *)f->it.arg;
	size_t pos = a->pos;
	int rc;

	if (f->cons_count - f->cons_done == a->count - pos) {
		if (emit_array_copy(a->ranges, a->count, pos, n, c, &f->pages_done, &f->pend_addr,
				    false))
			goto copied;
	} else if (!f->pend_valid &&
		   emit_array_copy(a->ranges, a->count, pos, n, c, &f->pages_done, &f->pend_addr,
				   true)) {
		goto copied;
	}
	rc = emit_array_merging(f, c, n);
	f->pend_valid = a->pos - pos != n;
	return rc;
copied:
	a->pos = pos + n;
	return 0;
}

/* After the last constituent: the array must end here, with the page total
 * and the address sum of the counting pass. */
static bool array_end_ok(const struct ffa_mem_frag *f)
{
	const struct ffa_mem_range_array *a = (const struct ffa_mem_range_array *)f->it.arg;

	return a->pos == a->count && f->pages_done == f->total_pages && f->pend_addr == 0;
}
#else
#define FRAG_ARRAY_FAST 0
#endif

/*
 * The checks of @t in the layout of @version that every encoder makes
 * (everything but the ranges). Returns the length of the header and EMAD
 * array (the composite offset, or the whole length of a retrieve request),
 * or FFA_ERR_BAD_ARGUMENT.
 */
static int txn_check(const struct ffa_mem_txn *t, uint32_t version)
{
	const struct ffa_mem_receiver *r = t->receivers, *q;
	uint32_t n = t->receiver_count, emad = ffa__desc_emad_size(version);
	uint64_t end;

	if (!ffa__desc_hdr_ok(version, t->kind, t->attributes, t->flags, t->handle, n) ||
	    (n != 0 && r == NULL))
		return FFA_ERR_BAD_ARGUMENT;
	for (q = r; q != r + n; q++) {
		/* A 16-byte EMAD has no room for the IMPDEF value: refuse
		 * rather than drop or overrun (known-bugs.md 15). */
		uint64_t impdef = ffa_le64(q->impdef) | ffa_le64(q->impdef + 8);

		if (!ffa__desc_emad_ok(t->kind, q->perm, q->flags) ||
		    (emad != FFA_MEM_EMAD_SIZE_V1_2 && impdef != 0) ||
		    (t->kind == FFA_MEM_DESC_SEND && q->id == t->sender))
			return FFA_ERR_BAD_ARGUMENT;
		for (const struct ffa_mem_receiver *o = r; o != q; o++)
			if (o->id == q->id)
				return FFA_ERR_BAD_ARGUMENT;
	}
	end = ffa__desc_hdr_size(version) + (uint64_t)n * emad;
	return end > FFA_MEM_DESC_MAX_LEN ? FFA_ERR_BAD_ARGUMENT : (int)end;
}

int ffa_mem_frag_init(struct ffa_mem_frag *f, const struct ffa_mem_txn *txn,
		      const struct ffa_mem_range_iter *it)
{
	uint64_t cons = 0, end;
#if FRAG_ARRAY_FAST
	uint64_t asum = 0;
#endif
	int rc;

	if (f == NULL || txn == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	/* The memory calls build the transaction in place (@txn is then
	 * f->txn): nothing to copy. */
	if (txn != &f->txn)
		f->txn = *txn;
	/* Everything else zero (the layout follows from txn.version). */
	ffa__bytes_zero((uint8_t *)f + sizeof(f->txn), sizeof(*f) - sizeof(f->txn));
	rc = txn_check(&f->txn, f->txn.version);
	if (rc < 0)
		return rc;
	end = (uint32_t)rc;

	if (f->txn.kind == FFA_MEM_DESC_RETRIEVE_REQ) {
		if (it != NULL)
			return FFA_ERR_BAD_ARGUMENT;
		/* No ranges: the merger is at its end from the start. */
		f->eof = true;
		f->total_len = (uint32_t)end;
		return 0;
	}

	if (it == NULL || it->next == NULL || it->rewind == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	f->it = *it;

	/* Counting pass (the merger's state is zero already). */
	rc = f->it.rewind(f->it.arg);
	if (rc < 0)
		return rc;
#if FRAG_ARRAY_FAST
	if (is_array(f)) {
		rc = count_array(f, &cons, &asum);
		if (rc < 0)
			return rc;
	} else
#endif
	{
		while ((rc = merged_next(f, NULL)) > 0)
			cons++;
		if (rc < 0)
			return rc;
	}
	end += FFA_MEM_COMPOSITE_SIZE + cons * FFA_MEM_CONSTITUENT_SIZE;
	if (end > FFA_MEM_DESC_MAX_LEN || cons == 0)
		return FFA_ERR_BAD_ARGUMENT;
	f->cons_count = (uint32_t)cons;
	f->total_pages = (uint32_t)f->pages_done;
	f->total_len = (uint32_t)end;
	rc = restart(f);
#if FRAG_ARRAY_FAST
	f->pend_addr = asum; /* the array path's address sum (0 otherwise) */
#endif
	return rc;
}

uint32_t ffa_mem_frag_total_len(const struct ffa_mem_frag *f)
{
	return f == NULL ? 0 : f->total_len;
}

/* Everything but the constituents: the whole of a retrieve request (none),
 * the header, EMADs and composite header otherwise. */
static inline uint32_t head_len(const struct ffa_mem_frag *f)
{
	return f->total_len - f->cons_count * FFA_MEM_CONSTITUENT_SIZE;
}

uint32_t ffa_mem_frag_first_min(const struct ffa_mem_frag *f)
{
	return f == NULL ? 0 : head_len(f);
}

uint32_t ffa_mem_frag_pos(const struct ffa_mem_frag *f)
{
	return f == NULL ? 0 : f->pos;
}

bool ffa_mem_frag_done(const struct ffa_mem_frag *f)
{
	/* Initialised (total_len != 0) and pos >= total_len. */
	return f != NULL && f->total_len - 1u < f->pos;
}

/* Header, EMADs and (unless a retrieve request) composite header of @t in
 * the layout of @version (valid); the composite header, right after the
 * EMADs, says @pages pages in @cons constituents. Returns the bytes
 * written. */
static int write_head(const struct ffa_mem_txn *t, uint32_t version, uint32_t pages,
		       uint32_t cons, uint8_t *b)
{
	uint32_t hdr = ffa__desc_hdr_size(version), emad = ffa__desc_emad_size(version);
	uint32_t n = t->receiver_count;
	uint32_t comp = t->kind == FFA_MEM_DESC_RETRIEVE_REQ ? 0 : hdr + n * emad;
	uint8_t *e = b + hdr;

	ffa_put_le16(b + 0, t->sender);
	/* v1.0: an 8-bit field and a reserved byte; the value is < 0x80. */
	ffa_put_le16(b + 2, t->attributes);
	ffa_put_le32(b + 4, t->flags);
	ffa_put_le64(b + 8, t->handle);
	ffa_put_le64(b + 16, t->tag);
	ffa_put_le32(b + 24, hdr == FFA_MEM_HDR_SIZE_V1_0 ? 0u : emad); /* v1.0: reserved */
	ffa_put_le32(b + 28, n);
	if (hdr != FFA_MEM_HDR_SIZE_V1_0) {
		ffa_put_le32(b + 32, hdr);
		ffa_put_le32(b + 36, 0);
		ffa_put_le64(b + 40, 0);
	}
	for (const struct ffa_mem_receiver *r = t->receivers; n > 0; n--, r++, e += emad) {
		ffa_put_le16(e + 0, r->id);
		e[2] = r->perm;
		e[3] = r->flags;
		ffa_put_le32(e + 4, comp);
		if (emad == FFA_MEM_EMAD_SIZE_V1_2)
			__builtin_memcpy(e + 8, r->impdef, FFA_MEM_IMPDEF_SIZE);
		ffa_put_le64(e + emad - 8u, 0); /* reserved in both layouts */
	}
	if (comp != 0) {
		ffa_put_le32(e + 0, pages);
		ffa_put_le32(e + 4, cons);
		ffa_put_le64(e + 8, 0);
		e += FFA_MEM_COMPOSITE_SIZE;
	}
	return (int)(e - b);
}

int ffa_mem_frag_next(struct ffa_mem_frag *f, void *buf, size_t cap,
		      struct ffa_mem_frag_info *info)
{
	uint8_t *b = (uint8_t *)buf;
	uint32_t use, n, off, pos;
	int rc;

	if (f == NULL || buf == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	if (f->error != 0)
		return f->error;
	if (f->total_len == 0)
		return FFA_ERR_BAD_ARGUMENT; /* not initialised */
	pos = f->pos;
	if (pos >= f->total_len)
		return 0;
	use = (uint32_t)(cap > FFA_MEM_DESC_MAX_LEN ? FFA_MEM_DESC_MAX_LEN : cap) & ~15u;
	/* The first fragment needs everything but the constituents, a later
	 * one room for one constituent (use is a multiple of 16). */
	off = pos == 0 ? head_len(f) : 0;
	if (use < off || use == 0)
		return FFA_ERR_BUFFER_TOO_SMALL;
	if (pos == 0)
		write_head(&f->txn, f->txn.version, f->total_pages, f->cons_count, b);

	n = (use - off) / FFA_MEM_CONSTITUENT_SIZE;
	if (n > f->cons_count - f->cons_done)
		n = f->cons_count - f->cons_done;
#if FRAG_ARRAY_FAST
	if (is_array(f)) {
		rc = emit_array(f, b + off, n);
		if (rc < 0)
			goto fail;
		f->cons_done += n;
		off += n * FFA_MEM_CONSTITUENT_SIZE;
		n = 0; /* done: skip the generic loop */
	}
#endif
	for (; n > 0; n--, off += FFA_MEM_CONSTITUENT_SIZE) {
		rc = merged_next(f, b + off);
		if (rc <= 0)
			goto fail; /* second pass shorter than the first, or failing */
		f->cons_done++;
	}

	/* After the last constituent the second pass must end here and give
	 * the same page total (a retrieve request's merger is at its end). */
	if (f->cons_done == f->cons_count) {
#if FRAG_ARRAY_FAST
		if (is_array(f))
			rc = array_end_ok(f) ? 0 : 1;
		else
#endif
			rc = merged_next(f, NULL);
		if (rc != 0 || f->pages_done != f->total_pages)
			goto fail;
	}

	if (info != NULL) {
		info->total_len = f->total_len;
		info->offset = pos;
		info->len = off;
		info->more = pos + off < f->total_len;
	}
	f->pos = pos + off;
	return (int)off;
fail:
	f->error = rc < 0 ? rc : FFA_ERR_BAD_ARGUMENT;
	return f->error;
}

int ffa_mem_desc_encode(const struct ffa_mem_txn *txn, const struct ffa_mem_range_iter *it,
			void *buf, size_t cap)
{
	struct ffa_mem_frag f;
	int rc;

	if (buf == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	rc = ffa_mem_frag_init(&f, txn, it);
	if (rc < 0)
		return rc;
	if ((size_t)f.total_len > cap)
		return FFA_ERR_BUFFER_TOO_SMALL;
	rc = ffa_mem_frag_next(&f, buf, cap, NULL);
	if (rc < 0)
		return rc;
	return (uint32_t)rc == f.total_len ? rc : FFA_ERR_BAD_ARGUMENT;
}

int ffa__mem_req_encode(const struct ffa_mem_txn *t, uint32_t version, void *buf, size_t cap)
{
	int len = txn_check(t, version);

	if (len < 0)
		return len;
	if ((size_t)len > cap)
		return FFA_ERR_BUFFER_TOO_SMALL;
	return write_head(t, version, 0, 0, (uint8_t *)buf); /* = len */
}

int ffa_mem_retrieve_req_encode(const struct ffa_mem_txn *txn, void *buf, size_t cap)
{
	if (txn == NULL || txn->kind != FFA_MEM_DESC_RETRIEVE_REQ || buf == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	return ffa__mem_req_encode(txn, txn->version, buf, cap);
}
