/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa desc - transaction descriptor decoders: complete descriptors,
 * receivers, a constituent iterator and a reassembling decoder for
 * descriptors that arrive in fragments (ffa-memory.md 2, 8.3, 9).
 *
 * Discipline: every offset, count and size is checked against the length
 * given, in 64-bit arithmetic that cannot overflow (all inputs are at most
 * 32 bits wide) before anything it describes is read. Each field is read
 * once into a private copy and validated on that copy; accessors that read
 * an item again validate it again, so a buffer that changes under the
 * decoder produces an error, never unchecked data (known-bugs.md 31).
 */
#include "desc_internal.h"

/*
 * The EMAD at index @key (!@by_id: returns 0) or the first one naming
 * endpoint @key (@by_id: returns its index, FFA_ERR_NO_DATA if none) of @d
 * (d->buf/len/kind/emad_offset/emad_size/composite_offset/receiver_count
 * set). Each EMAD is read once and validated on that copy: inside the
 * buffer (FFA_ERR_BAD_ARGUMENT if not, or if the EMAD size is not one of the
 * two layouts), then permissions, flags, reserved bytes and the composite
 * offset of @d (FFA_ERR_PROTOCOL). *@out is written only on success.
 */
static __attribute__((noinline)) int receiver(const struct ffa_mem_desc *d, uint32_t key,
					      bool by_id, struct ffa_mem_receiver *out)
{
	struct ffa_mem_receiver r;
	uint32_t size, i;
	uint64_t at;

	if (d == NULL || out == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	size = d->emad_size;
	i = by_id ? 0 : key;
	for (at = d->emad_offset + (uint64_t)i * size; i < d->receiver_count; i++, at += size) {
		uint64_t impdef[2] = { 0, 0 };
		const uint8_t *e;

		/* Bounds were proven by the decoder; they are checked again
		 * so a hand-made or stale @d cannot make us read outside. */
		if (d->buf == NULL ||
		    (size != FFA_MEM_EMAD_SIZE_V1_0 && size != FFA_MEM_EMAD_SIZE_V1_2) ||
		    at + size > d->len)
			return FFA_ERR_BAD_ARGUMENT;
		e = d->buf + at;
		r.id = ffa_le16(e);
		r.perm = e[2];
		r.flags = e[3];
		r.composite_offset = ffa_le32(e + 4);
		if (size == FFA_MEM_EMAD_SIZE_V1_2)
			__builtin_memcpy(impdef, e + 8, FFA_MEM_IMPDEF_SIZE);
		__builtin_memcpy(r.impdef, impdef, FFA_MEM_IMPDEF_SIZE);
		/* The last 8 bytes are reserved in both layouts. */
		if (!ffa__desc_emad_ok(d->kind, r.perm, r.flags) || ffa_le64(e + size - 8u) != 0 ||
		    r.composite_offset != d->composite_offset)
			return FFA_ERR_PROTOCOL;
		if (!by_id || r.id == key) {
			*out = r;
			return !by_id ? 0 : i > (uint32_t)INT32_MAX ? FFA_ERR_PROTOCOL : (int)i;
		}
	}
	return by_id ? FFA_ERR_NO_DATA : FFA_ERR_BAD_ARGUMENT;
}

/* A receiver ID no EMAD can carry (endpoint IDs are 16 bits). */
#define NO_ID 0x10000u

/* Validate the header, EMAD array and composite header, which must lie in
 * [b, b + len), and that the length the header implies (d->total_len) is
 * @expect. Fills @d. */
static int parse_head(struct ffa_mem_desc *d, const uint8_t *b, size_t len, uint32_t version,
		      enum ffa_mem_desc_kind kind, uint64_t expect)
{
	struct ffa_mem_receiver r;
	uint32_t comp, count, cons;
	uint64_t end;
	bool bad;

	if (!ffa__desc_version_ok(version) || (unsigned int)kind > FFA_MEM_DESC_RETRIEVE_RESP)
		return FFA_ERR_BAD_ARGUMENT;
	if (len < ffa__desc_hdr_size(version))
		return FFA_ERR_PROTOCOL;

	d->version = version;
	d->kind = kind;
	d->sender = ffa_le16(b + 0);
	d->flags = ffa_le32(b + 4);
	d->handle = ffa_le64(b + 8);
	d->tag = ffa_le64(b + 16);
	d->receiver_count = count = ffa_le32(b + 28);
	d->buf = b;
	d->len = len;
	/* v1.0: an 8-bit field and a reserved byte, refused with any bit
	 * above bit 6 by ffa__desc_hdr_ok(); v1.1+: 16 bits. */
	d->attributes = ffa_le16(b + 2);
	d->emad_size = ffa_le32(b + 24);
	if (FFA_VERSION_MINOR(version) == 0u) {
		bad = d->emad_size != 0; /* reserved in v1.0 */
		d->emad_size = FFA_MEM_EMAD_SIZE_V1_0;
		d->emad_offset = FFA_MEM_HDR_SIZE_V1_0;
	} else {
		d->emad_offset = ffa_le32(b + 32);
		/* EMAD size per version (known-bugs.md 15): 16 for v1.1; 16 or
		 * 32 (a compatible older layout or its own) for v1.2+. EMAD
		 * offset from the header, never assumed (known-bugs.md 16),
		 * outside the header and 16-byte aligned (18). */
		bad = (ffa_le32(b + 36) | ffa_le64(b + 40)) != 0 ||
		      (d->emad_size != FFA_MEM_EMAD_SIZE_V1_0 &&
		       d->emad_size != ffa__desc_emad_size(version)) ||
		      d->emad_offset < FFA_MEM_HDR_SIZE_V1_1 || (d->emad_offset & 15u) != 0;
	}
	if (bad || !ffa__desc_hdr_ok(version, kind, d->attributes, d->flags, d->handle, count))
		return FFA_ERR_PROTOCOL;

	/* The whole EMAD array must be inside the buffer before it is walked
	 * (known-bugs.md 19). 64-bit: at most 2^32 * 32 + 2^32. */
	end = (uint64_t)d->emad_offset + (uint64_t)count * d->emad_size;
	if (end > len)
		return FFA_ERR_PROTOCOL;
	/* One composite offset in every EMAD (the first one's); 0 in a
	 * retrieve request. */
	d->composite_offset = comp = count ? ffa_le32(b + d->emad_offset + 4) : 0;
	/* Validate every EMAD: a search for an ID no EMAD can have (IDs are
	 * 16 bits) walks them all and ends with FFA_ERR_NO_DATA. */
	if (receiver(d, NO_ID, true, &r) != FFA_ERR_NO_DATA)
		return FFA_ERR_PROTOCOL;
	d->total_pages = 0;
	d->constituent_count = 0;
	if (kind == FFA_MEM_DESC_RETRIEVE_REQ) {
		if (comp != 0)
			return FFA_ERR_PROTOCOL;
	} else {
		/* Composite: after the EMAD array (so non-zero, known-bugs.md
		 * 17), aligned (16 for SEND; 8 accepted from a relayer),
		 * header inside. */
		if (comp < end || (comp & (kind == FFA_MEM_DESC_SEND ? 15u : 7u)) != 0 ||
		    (uint64_t)comp + FFA_MEM_COMPOSITE_SIZE > len)
			return FFA_ERR_PROTOCOL;
		d->total_pages = ffa_le32(b + comp);
		d->constituent_count = cons = ffa_le32(b + comp + 4);
		end = (uint64_t)comp + FFA_MEM_COMPOSITE_SIZE +
		      (uint64_t)cons * FFA_MEM_CONSTITUENT_SIZE;
		/* Every constituent has >= 1 page. */
		if (ffa_le64(b + comp + 8) != 0 || cons == 0 || d->total_pages < cons ||
		    end > UINT32_MAX)
			return FFA_ERR_PROTOCOL;
	}
	/* The length the header implies: exact (2.10). */
	d->total_len = (uint32_t)end;
	return end == expect ? 0 : FFA_ERR_PROTOCOL;
}

/* Iterator over @n constituents at @p, part of a descriptor of @d. */
static void cons_start(struct ffa_mem_cons_iter *it, const struct ffa_mem_desc *d,
		       const uint8_t *p, uint32_t n)
{
	it->p = p;
	it->left = n;
	it->total_left = d->constituent_count;
	it->total_pages = d->total_pages;
	it->pages_seen = 0;
}

int ffa_mem_cons_next(struct ffa_mem_cons_iter *it, uint64_t *addr, uint32_t *pages)
{
	uint64_t a;
	uint32_t p;

	if (it == NULL || addr == NULL || pages == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	if (it->left == 0)
		return it->total_left == 0 && it->pages_seen != it->total_pages ? FFA_ERR_PROTOCOL
										 : 0;
	a = ffa_le64(it->p);
	p = ffa_le32(it->p + 8);
	if (ffa_le32(it->p + 12) != 0 || !ffa__desc_range_ok(a, p) ||
	    it->pages_seen + p > it->total_pages)
		return FFA_ERR_PROTOCOL;
	it->pages_seen += p;
	it->p += FFA_MEM_CONSTITUENT_SIZE;
	it->left--;
	it->total_left--;
	*addr = a;
	*pages = p;
	return 1;
}

int ffa_mem_desc_decode(struct ffa_mem_desc *d, const void *buf, size_t len, uint32_t version,
			enum ffa_mem_desc_kind kind)
{
	struct ffa_mem_cons_iter it;
	uint64_t a;
	uint32_t p;
	int rc;

	if (d == NULL || buf == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	rc = parse_head(d, (const uint8_t *)buf, len, version, kind, len);
	if (rc < 0)
		return rc;
	/* Every range (a retrieve request has none: refused here). */
	if (ffa_mem_desc_constituents(d, &it) != 0)
		return 0;
	do {
		rc = ffa_mem_cons_next(&it, &a, &p);
	} while (rc > 0);
	return rc;
}

int ffa_mem_retrieve_req_decode(struct ffa_mem_desc *d, const void *buf, size_t len,
				uint32_t version)
{
	return ffa_mem_desc_decode(d, buf, len, version, FFA_MEM_DESC_RETRIEVE_REQ);
}

int ffa_mem_retrieve_resp_decode(struct ffa_mem_desc *d, const void *buf, size_t len,
				 uint32_t version)
{
	return ffa_mem_desc_decode(d, buf, len, version, FFA_MEM_DESC_RETRIEVE_RESP);
}

int ffa_mem_desc_receiver(const struct ffa_mem_desc *d, uint32_t index,
			  struct ffa_mem_receiver *out)
{
	return receiver(d, index, false, out);
}

int ffa_mem_desc_find_receiver(const struct ffa_mem_desc *d, uint16_t id,
			       struct ffa_mem_receiver *out)
{
	return receiver(d, id, true, out);
}

int ffa_mem_desc_constituents(const struct ffa_mem_desc *d, struct ffa_mem_cons_iter *it)
{
	/* Only a complete descriptor (the reassembler's first fragment is
	 * shorter than total_len). */
	if (d == NULL || it == NULL || d->buf == NULL || d->kind == FFA_MEM_DESC_RETRIEVE_REQ ||
	    (uint64_t)d->total_len != d->len)
		return FFA_ERR_BAD_ARGUMENT;
	cons_start(it, d, d->buf + d->composite_offset + FFA_MEM_COMPOSITE_SIZE,
		   d->constituent_count);
	return 0;
}

/* ---- Reassembler -------------------------------------------------------- */

int ffa_mem_reasm_init(struct ffa_mem_reasm *r, uint32_t version, enum ffa_mem_desc_kind kind,
		       uint32_t total_len)
{
	if (r == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	ffa__bytes_zero((uint8_t *)r, sizeof(*r));
	if (!ffa__desc_version_ok(version) || total_len == 0 ||
	    (kind != FFA_MEM_DESC_SEND && kind != FFA_MEM_DESC_RETRIEVE_RESP))
		return FFA_ERR_BAD_ARGUMENT;
	r->desc.version = version;
	r->desc.kind = kind;
	r->expect_len = total_len;
	return 0;
}

int ffa_mem_reasm_feed(struct ffa_mem_reasm *r, const void *frag, size_t len)
{
	const uint8_t *b = (const uint8_t *)frag;
	uint32_t off = 0;

	if (r == NULL || frag == NULL || r->expect_len == 0)
		return FFA_ERR_BAD_ARGUMENT;
	if (r->error != 0)
		return r->error;
	if (r->received >= r->expect_len || (r->have_header && r->cur.left != 0))
		return FFA_ERR_BAD_ARGUMENT;
	/* len 0, or more than is left (at least 1). */
	if (len - 1u >= (size_t)(r->expect_len - r->received))
		goto bad;
	if (!r->have_header) {
		/* The first fragment: header, EMADs, composite header. */
		if (parse_head(&r->desc, b, len, r->desc.version, r->desc.kind, r->expect_len) < 0)
			goto bad;
		off = r->desc.composite_offset + FFA_MEM_COMPOSITE_SIZE; /* <= len */
		cons_start(&r->cur, &r->desc, b, 0);
	}
	/* Then constituents only, never split. */
	if (((len - off) % FFA_MEM_CONSTITUENT_SIZE) != 0)
		goto bad;
	r->cur.p = b + off;
	r->cur.left = (uint32_t)((len - off) / FFA_MEM_CONSTITUENT_SIZE);
	r->have_header = true;
	r->received += (uint32_t)len;
	return 0;
bad:
	r->error = FFA_ERR_PROTOCOL;
	return r->error;
}

const struct ffa_mem_desc *ffa_mem_reasm_desc(const struct ffa_mem_reasm *r)
{
	if (r == NULL || !r->have_header || r->error != 0)
		return NULL;
	return &r->desc;
}

int ffa_mem_reasm_next(struct ffa_mem_reasm *r, uint64_t *addr, uint32_t *pages)
{
	int rc;

	if (r == NULL || addr == NULL || pages == NULL || !r->have_header)
		return FFA_ERR_BAD_ARGUMENT;
	if (r->error != 0)
		return r->error;
	rc = ffa_mem_cons_next(&r->cur, addr, pages);
	if (rc < 0)
		r->error = rc;
	return rc;
}

uint32_t ffa_mem_reasm_received(const struct ffa_mem_reasm *r)
{
	return r == NULL ? 0 : r->received;
}

bool ffa_mem_reasm_done(const struct ffa_mem_reasm *r)
{
	return r != NULL && r->have_header && r->error == 0 && r->received == r->expect_len &&
	       r->cur.total_left == 0 && r->cur.pages_seen == r->cur.total_pages;
}
