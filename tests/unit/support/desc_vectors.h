/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hand-built descriptors for the edge and regression tests: writers that
 * lay out a transaction descriptor field by field from the offsets of
 * ffa-memory.md 2.1-2.8 (independent of the encoder), with every offset and
 * count settable so tests can break them.
 */
#ifndef DESC_VECTORS_H
#define DESC_VECTORS_H

#include "desc_test_util.h"

struct dv_layout {
	uint32_t version;
	uint16_t sender;
	uint16_t attributes;
	uint32_t flags;
	uint64_t handle;
	uint64_t tag;
	uint32_t emad_size;   /* written to the header (v1.1+) */
	uint32_t emad_count;  /* written to the header */
	uint32_t emad_offset; /* written to the header (v1.1+) and used */
	uint32_t emads_real;  /* EMADs actually laid out */
	uint32_t emad_stride; /* bytes between EMADs laid out */
	uint32_t comp_offset; /* written to each EMAD and used */
	uint32_t total_pages;
	uint32_t cons_count;  /* written to the composite header */
	uint32_t cons_real;   /* constituents actually laid out */
	uint64_t base;        /* constituent i: base + i * 2 pages, 1 page */
};

/* A single-receiver, one-page share in @version with natural offsets. */
static inline struct dv_layout dv_default(uint32_t version)
{
	struct dv_layout l;
	uint32_t hdr = FFA_VERSION_MINOR(version) == 0 ? 32u : 48u;
	uint32_t es = FFA_VERSION_MINOR(version) >= 2 ? 32u : 16u;

	memset(&l, 0, sizeof(l));
	l.version = version;
	l.sender = 1;
	l.attributes = 0x2F;
	l.emad_size = es;
	l.emad_count = 1;
	l.emad_offset = hdr;
	l.emads_real = 1;
	l.emad_stride = es;
	l.comp_offset = hdr + es;
	l.total_pages = 1;
	l.cons_count = 1;
	l.cons_real = 1;
	l.base = 0x80000000u;
	return l;
}

/* Length of the laid-out bytes (what a well-formed total would be). */
static inline size_t dv_len(const struct dv_layout *l)
{
	return (size_t)l->comp_offset + 16u + 16u * (size_t)l->cons_real;
}

/* Write @l into @b (at least dv_len() bytes, zeroed first). */
static inline size_t dv_write(const struct dv_layout *l, uint8_t *b)
{
	size_t len = dv_len(l), i;
	bool v10 = FFA_VERSION_MINOR(l->version) == 0;

	memset(b, 0, len);
	dt_w16(b, 0, l->sender);
	if (v10) {
		b[2] = (uint8_t)l->attributes;
	} else {
		dt_w16(b, 2, l->attributes);
		dt_w32(b, 24, l->emad_size);
		dt_w32(b, 32, l->emad_offset);
	}
	dt_w32(b, 4, l->flags);
	dt_w64(b, 8, l->handle);
	dt_w64(b, 16, l->tag);
	dt_w32(b, 28, l->emad_count);
	for (i = 0; i < l->emads_real; i++) {
		size_t e = l->emad_offset + i * l->emad_stride;

		dt_w16(b, e, (uint16_t)(0x8001u + i));
		b[e + 2] = FFA_MEM_PERM_RW;
		dt_w32(b, e + 4, l->comp_offset);
	}
	dt_w32(b, l->comp_offset, l->total_pages);
	dt_w32(b, l->comp_offset + 4, l->cons_count);
	for (i = 0; i < l->cons_real; i++) {
		size_t c = l->comp_offset + 16u + 16u * i;

		dt_w64(b, c, l->base + (uint64_t)i * 2u * FFA_PAGE_SIZE);
		dt_w32(b, c + 8, 1);
	}
	return len;
}

/* Copy @len bytes into an exactly sized heap block, so that ASan reports
 * any read past the end. Caller frees. */
static inline uint8_t *dv_exact(const uint8_t *src, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	if (p != NULL && len != 0)
		memcpy(p, src, len);
	return p;
}

/* Decode @len bytes of @src from an exactly sized copy. */
static inline int dv_decode(const uint8_t *src, size_t len, uint32_t version,
			    enum ffa_mem_desc_kind kind)
{
	struct ffa_mem_desc d;
	uint8_t *p = dv_exact(src, len);
	int rc = ffa_mem_desc_decode(&d, p, len, version, kind);

	free(p);
	return rc;
}

#endif /* DESC_VECTORS_H */
