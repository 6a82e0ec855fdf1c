/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa desc - transaction descriptor encoder: a streaming fragmenter that
 * writes the descriptor one fragment at a time into a caller buffer
 * (ffa-memory.md 2.1-2.3, 2.7, 2.8, 2.10, 8.1), merging contiguous input
 * ranges on the fly. Constant memory (struct ffa_mem_frag), time linear in
 * the ranges (two passes over the iterator).
 */
#include "desc_internal.h"

/* Pull one raw range from the caller's iterator and validate it. The raw
 * page sum is kept in f->pages_done (u64) and must stay within 32 bits. */
static int pull(struct ffa_mem_frag *f, uint64_t *addr, uint32_t *pages)
{
	int rc = f->it.next(f->it.arg, addr, pages);

	if (rc <= 0)
		return rc;
	if (!ffa__desc_range_ok(*addr, *pages))
		return FFA_ERR_BAD_ARGUMENT;
	f->pages_done += *pages;
	if (f->pages_done > UINT32_MAX)
		return FFA_ERR_BAD_ARGUMENT;
	return 1;
}

/* Next merged range: 1 with a range, 0 at the end, negative on error.
 * Holds one range of look-ahead in f->pend_*. */
static int merged_next(struct ffa_mem_frag *f, uint64_t *addr, uint32_t *pages)
{
	uint64_t a;
	uint32_t p;
	int rc;

	if (!f->pend_valid) {
		if (f->eof)
			return 0;
		rc = pull(f, &a, &p);
		if (rc <= 0) {
			if (rc == 0)
				f->eof = true;
			return rc;
		}
		f->pend_addr = a;
		f->pend_pages = p;
		f->pend_valid = true;
	}
	while (!f->eof) {
		rc = pull(f, &a, &p);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			f->eof = true;
			break;
		}
		/* pend range was validated: its end does not wrap. */
		if (f->pend_addr + ((uint64_t)f->pend_pages << FFA__PAGE_SHIFT) == a &&
		    p <= UINT32_MAX - f->pend_pages) {
			f->pend_pages += p;
			continue;
		}
		*addr = f->pend_addr;
		*pages = f->pend_pages;
		f->pend_addr = a;
		f->pend_pages = p;
		return 1;
	}
	*addr = f->pend_addr;
	*pages = f->pend_pages;
	f->pend_valid = false;
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
 * Same results as pull()/merged_next() over ffa__desc_array_next(), with the
 * state in locals instead of a call and a store per range: a range is
 * validated as it is read, neighbours are merged while the merged count
 * fits 32 bits, and the raw page sum must stay within 32 bits. */

static bool is_array(const struct ffa_mem_frag *f)
{
	return f->it.next == ffa__desc_array_next;
}

/*
 * The checks of both array loops work in page units: for an aligned
 * address, s = addr >> 12 and e = s + pages (at most 2^52 + 2^32, no
 * wrap); the range is valid iff pages != 0 and e < 2^52 (the end address
 * does not pass the top of the address space), and the next range extends
 * it iff its page number equals e. An unaligned address fails the
 * alignment check, so what the page-unit tests say about it does not
 * matter. The checks are OR-accumulated and tested once per loop:
 * (pages - 1) sets bit 63 for a 0-page range, e sets bit 52 or above for
 * a wrapping one.
 */
#define ARRAY_CHK_BAD(low, chk) ((((low) & FFA__PAGE_MASK) | ((chk) >> 52)) != 0)

/* Counting pass: merged constituents into *@cons, pages into
 * f->pages_done. */
static int count_array(struct ffa_mem_frag *f, uint64_t *cons)
{
	const struct ffa_mem_range_array *a = (const struct ffa_mem_range_array *)f->it.arg;
	const struct ffa_mem_range *r = a->ranges;
	uint64_t sum = 0, n = 0, low = 0, chk = 0;
	uint64_t next = UINT64_MAX; /* no end equals it: the last range closes */

	/* Straight-line body (this loop is half the cost of a large send).
	 * A merged run is part of the page total, which must fit 32 bits
	 * anyway, so "the merged count fits" needs no test of its own here.
	 * The total of at most 2^32 - 1 ranges of < 2^32 pages cannot wrap
	 * 64 bits; it is checked after the loop.
	 *
	 * Backwards, counting the ranges the next one does not extend (the
	 * same count as the ranges that do not extend the previous one): the
	 * emitting pass then starts on the ranges read last, still in cache. */
	if (a->count - a->pos > UINT32_MAX)
		return FFA_ERR_BAD_ARGUMENT;
#pragma GCC unroll 4
	for (size_t i = a->count; i > a->pos; i--) {
		uint64_t addr = r[i - 1].addr;
		uint64_t pages = r[i - 1].pages;
		uint64_t e = (addr >> FFA__PAGE_SHIFT) + pages;

		low |= addr;
		chk |= e | (pages - 1u);
		sum += pages;
		n += e != next;
		next = addr >> FFA__PAGE_SHIFT;
	}
	if (ARRAY_CHK_BAD(low, chk) || sum > UINT32_MAX)
		return FFA_ERR_BAD_ARGUMENT;
	f->pages_done = sum;
	*cons = n;
	return 0;
}

/*
 * Emit @n constituents at @c from the @n raw ranges at @pos, if none of
 * them merges with its successor (the one after the block included) and
 * all are valid with the page sum *@sum staying within 32 bits: then they
 * are exactly what emit_array() would write. Returns false otherwise (the
 * block may be half written; emit_array() redoes it). One pass, no branch
 * per range: the scattered lists of a large share take this path.
 */
static bool emit_array_plain(const struct ffa_mem_range *r, size_t count, size_t pos,
			     uint32_t n, uint8_t *c, uint64_t *sum)
{
	uint64_t low = 0, chk = 0, hit = 0, s = *sum;
	uint64_t prev = UINT64_MAX;

	if (n > count - pos)
		return false;
	r += pos;
#pragma GCC unroll 4
	for (uint32_t k = 0; k < n; k++, c += FFA_MEM_CONSTITUENT_SIZE) {
		uint64_t addr = r[k].addr;
		uint64_t pages = r[k].pages;
		uint64_t e = (addr >> FFA__PAGE_SHIFT) + pages;

		low |= addr;
		chk |= e | (pages - 1u);
		s += pages;
		hit |= (addr >> FFA__PAGE_SHIFT) == prev;
		prev = e;
		/* Address, then pages and the reserved zero word in one. */
		ffa_put_le64(c + 0, addr);
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && \
	__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		__builtin_memcpy(c + 8, &pages, 8);
#else
		ffa_put_le64(c + 8, pages);
#endif
	}
	if (pos + n < count)
		hit |= (r[n].addr >> FFA__PAGE_SHIFT) == prev;
	if (hit || ARRAY_CHK_BAD(low, chk) || s > UINT32_MAX)
		return false;
	*sum = s;
	return true;
}

/* Emit @n merged constituents at @c. The second pass must yield at least
 * @n (the end check in ffa_mem_frag_next() catches more). */
static int emit_array(struct ffa_mem_frag *f, uint8_t *c, uint32_t n)
{
	struct ffa_mem_range_array *a = (struct ffa_mem_range_array *)f->it.arg;
	const struct ffa_mem_range *r = a->ranges;
	size_t pos = a->pos, count = a->count;
	uint64_t sum = f->pages_done;
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
		end = addr + ((uint64_t)pages << FFA__PAGE_SHIFT);
		while (pos < count && r[pos].addr == end && r[pos].pages <= UINT32_MAX - pages) {
			uint32_t more = r[pos].pages;

			if (!ffa__desc_range_ok(end, more))
				break; /* refused when read as a range of its own */
			pages += more;
			sum += more;
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
	if (pos >= count)
		f->eof = true;
	return rc;
}

static int check_receivers(const struct ffa_mem_txn *t, uint32_t emad_size)
{
	uint32_t i, j;

	if (t->receiver_count == 0) {
		if (t->kind != FFA_MEM_DESC_RETRIEVE_REQ)
			return FFA_ERR_BAD_ARGUMENT;
		return 0;
	}
	if (t->receivers == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	for (i = 0; i < t->receiver_count; i++) {
		const struct ffa_mem_receiver *r = &t->receivers[i];

		if (!ffa_mem_perm_valid(r->perm) || !ffa__desc_emad_flags_ok(t->kind, r->flags))
			return FFA_ERR_BAD_ARGUMENT;
		/* A 16-byte EMAD has no room for the IMPDEF value: refuse
		 * rather than drop or overrun (known-bugs.md 15). */
		if (emad_size < FFA_MEM_EMAD_SIZE_V1_2 &&
		    !ffa__desc_all_zero(r->impdef, FFA_MEM_IMPDEF_SIZE))
			return FFA_ERR_BAD_ARGUMENT;
		if (t->kind == FFA_MEM_DESC_SEND && r->id == t->sender)
			return FFA_ERR_BAD_ARGUMENT;
		for (j = 0; j < i; j++)
			if (t->receivers[j].id == r->id)
				return FFA_ERR_BAD_ARGUMENT;
	}
	return 0;
}

int ffa_mem_frag_init(struct ffa_mem_frag *f, const struct ffa_mem_txn *txn,
		      const struct ffa_mem_range_iter *it)
{
	uint32_t hdr, emad;
	uint64_t end, cons = 0;
	uint64_t a;
	uint32_t p;
	int rc;

	if (f == NULL || txn == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	ffa__bytes_zero((uint8_t *)f, sizeof(*f));
	if (ffa__desc_layout(txn->version, &hdr, &emad) < 0 || !ffa__desc_kind_ok(txn->kind))
		return FFA_ERR_BAD_ARGUMENT;
	if (ffa__desc_attr_check(txn->attributes, txn->version, txn->kind) < 0)
		return FFA_ERR_BAD_ARGUMENT;
	if (!ffa_mem_flags_valid(txn->kind, txn->version, txn->flags))
		return FFA_ERR_BAD_ARGUMENT;
	if (txn->kind == FFA_MEM_DESC_SEND && txn->handle != 0)
		return FFA_ERR_BAD_ARGUMENT;
	if ((txn->flags & FFA_MEM_RETRIEVE_FLAG_BYPASS_MULTI) != 0 &&
	    txn->kind == FFA_MEM_DESC_RETRIEVE_REQ && txn->receiver_count != 1)
		return FFA_ERR_BAD_ARGUMENT;
	rc = check_receivers(txn, emad);
	if (rc < 0)
		return rc;

	f->txn = *txn;
	f->emad_offset = hdr;
	f->emad_size = emad;
	end = (uint64_t)hdr + (uint64_t)txn->receiver_count * emad;
	if (end > FFA_MEM_DESC_MAX_LEN)
		return FFA_ERR_BAD_ARGUMENT;

	if (txn->kind == FFA_MEM_DESC_RETRIEVE_REQ) {
		if (it != NULL)
			return FFA_ERR_BAD_ARGUMENT;
		f->composite_offset = 0;
		f->total_len = (uint32_t)end;
		return 0;
	}

	if (it == NULL || it->next == NULL || it->rewind == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	f->it = *it;
	f->composite_offset = (uint32_t)end;
	end += FFA_MEM_COMPOSITE_SIZE;

	/* Counting pass. */
	rc = restart(f);
	if (rc < 0)
		return rc;
	if (is_array(f)) {
		rc = count_array(f, &cons);
		if (rc < 0)
			return rc;
	} else {
		for (;;) {
			rc = merged_next(f, &a, &p);
			if (rc < 0)
				return rc;
			if (rc == 0)
				break;
			cons++;
		}
	}
	if (end + cons * FFA_MEM_CONSTITUENT_SIZE > FFA_MEM_DESC_MAX_LEN)
		return FFA_ERR_BAD_ARGUMENT;
	if (cons == 0)
		return FFA_ERR_BAD_ARGUMENT;
	f->cons_count = (uint32_t)cons;
	f->total_pages = (uint32_t)f->pages_done;
	f->total_len = (uint32_t)(end + cons * FFA_MEM_CONSTITUENT_SIZE);
	return restart(f);
}

uint32_t ffa_mem_frag_total_len(const struct ffa_mem_frag *f)
{
	return f == NULL ? 0 : f->total_len;
}

uint32_t ffa_mem_frag_first_min(const struct ffa_mem_frag *f)
{
	if (f == NULL)
		return 0;
	if (f->txn.kind == FFA_MEM_DESC_RETRIEVE_REQ)
		return f->total_len;
	return f->composite_offset + FFA_MEM_COMPOSITE_SIZE;
}

uint32_t ffa_mem_frag_pos(const struct ffa_mem_frag *f)
{
	return f == NULL ? 0 : f->pos;
}

bool ffa_mem_frag_done(const struct ffa_mem_frag *f)
{
	return f != NULL && f->total_len != 0 && f->pos >= f->total_len;
}

/* Header, EMADs and (unless a retrieve request) composite header. */
static void write_head(const struct ffa_mem_frag *f, uint8_t *b)
{
	const struct ffa_mem_txn *t = &f->txn;
	uint32_t i;

	ffa__bytes_zero(b, f->emad_offset);
	ffa_put_le16(b + 0, t->sender);
	if (ffa__desc_is_v10(t->version)) {
		b[2] = (uint8_t)t->attributes; /* byte 3 and u32 at 24: reserved */
	} else {
		ffa_put_le16(b + 2, t->attributes);
		ffa_put_le32(b + 24, f->emad_size);
		ffa_put_le32(b + 32, f->emad_offset);
	}
	ffa_put_le32(b + 4, t->flags);
	ffa_put_le64(b + 8, t->handle);
	ffa_put_le64(b + 16, t->tag);
	ffa_put_le32(b + 28, t->receiver_count);

	for (i = 0; i < t->receiver_count; i++) {
		const struct ffa_mem_receiver *r = &t->receivers[i];
		uint8_t *e = b + f->emad_offset + (size_t)i * f->emad_size;
		uint32_t k;

		ffa__bytes_zero(e, f->emad_size);
		ffa_put_le16(e + 0, r->id);
		e[2] = r->perm;
		e[3] = r->flags;
		ffa_put_le32(e + 4, f->composite_offset);
		if (f->emad_size >= FFA_MEM_EMAD_SIZE_V1_2)
			for (k = 0; k < FFA_MEM_IMPDEF_SIZE; k++)
				e[8 + k] = r->impdef[k];
	}

	if (t->kind != FFA_MEM_DESC_RETRIEVE_REQ) {
		uint8_t *c = b + f->composite_offset;

		ffa_put_le32(c + 0, f->total_pages);
		ffa_put_le32(c + 4, f->cons_count);
		ffa_put_le64(c + 8, 0);
	}
}

int ffa_mem_frag_next(struct ffa_mem_frag *f, void *buf, size_t cap,
		      struct ffa_mem_frag_info *info)
{
	uint8_t *b = (uint8_t *)buf;
	uint32_t use, head, n, k, off, want;
	int rc;

	if (f == NULL || buf == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	if (f->error != 0)
		return f->error;
	if (f->total_len == 0)
		return FFA_ERR_BAD_ARGUMENT; /* not initialised */
	if (f->pos >= f->total_len)
		return 0;
	use = (uint32_t)(cap > FFA_MEM_DESC_MAX_LEN ? FFA_MEM_DESC_MAX_LEN : cap) & ~15u;

	if (f->pos == 0) {
		head = ffa_mem_frag_first_min(f);
		if (use < head)
			return FFA_ERR_BUFFER_TOO_SMALL;
		write_head(f, b);
		off = head;
	} else {
		if (use < FFA_MEM_CONSTITUENT_SIZE)
			return FFA_ERR_BUFFER_TOO_SMALL;
		off = 0;
	}

	n = (use - off) / FFA_MEM_CONSTITUENT_SIZE;
	if (n > f->cons_count - f->cons_done)
		n = f->cons_count - f->cons_done;
	want = n;
	if (is_array(f)) {
		struct ffa_mem_range_array *a = (struct ffa_mem_range_array *)f->it.arg;

		if (emit_array_plain(a->ranges, a->count, a->pos, n, b + off, &f->pages_done)) {
			a->pos += n;
			if (a->pos >= a->count)
				f->eof = true;
		} else {
			rc = emit_array(f, b + off, n);
			if (rc < 0) {
				f->error = rc;
				return rc;
			}
		}
		off += n * FFA_MEM_CONSTITUENT_SIZE;
		n = 0; /* done: skip the generic loop */
	}
	for (k = 0; k < n; k++) {
		uint64_t a;
		uint32_t p;
		uint8_t *c = b + off;

		rc = merged_next(f, &a, &p);
		if (rc <= 0) {
			/* Second pass shorter than the first, or failing. */
			f->error = rc < 0 ? rc : FFA_ERR_BAD_ARGUMENT;
			return f->error;
		}
		ffa_put_le64(c + 0, a);
		ffa_put_le32(c + 8, p);
		ffa_put_le32(c + 12, 0);
		off += FFA_MEM_CONSTITUENT_SIZE;
	}
	f->cons_done += want;

	if (f->txn.kind != FFA_MEM_DESC_RETRIEVE_REQ && f->cons_done == f->cons_count) {
		uint64_t a;
		uint32_t p;

		/* The second pass must end here and give the same page total. */
		rc = merged_next(f, &a, &p);
		if (rc != 0 || f->pages_done != f->total_pages) {
			f->error = rc < 0 ? rc : FFA_ERR_BAD_ARGUMENT;
			return f->error;
		}
	}

	f->last_off = f->pos;
	f->last_len = off;
	f->pos += off;
	if (info != NULL) {
		info->total_len = f->total_len;
		info->offset = f->last_off;
		info->len = off;
		info->more = f->pos < f->total_len;
	}
	return (int)off;
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

int ffa_mem_retrieve_req_encode(const struct ffa_mem_txn *txn, void *buf, size_t cap)
{
	if (txn == NULL || txn->kind != FFA_MEM_DESC_RETRIEVE_REQ)
		return FFA_ERR_BAD_ARGUMENT;
	return ffa_mem_desc_encode(txn, NULL, buf, cap);
}
