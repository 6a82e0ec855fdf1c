/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa desc - helpers shared by the descriptor codecs. Not installed.
 */
#ifndef FFA_DESC_INTERNAL_H
#define FFA_DESC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/defs.h>
#include <ffa/desc.h>
#include <ffa/error.h>

#include "../le.h"

/* 4 KiB page shift: constituent page counts are in FFA_PAGE_SIZE units. */
#define FFA__PAGE_SHIFT 12u
#define FFA__PAGE_MASK ((uint64_t)FFA_PAGE_SIZE - 1u)

/* A layout version: major 1 (bit 31 clear). */
static inline bool ffa__desc_version_ok(uint32_t version)
{
	return (version >> 16) == 1u;
}

/* Header size of a valid @version (also where the encoder puts the EMADs). */
static inline uint32_t ffa__desc_hdr_size(uint32_t version)
{
	return FFA_VERSION_MINOR(version) ? FFA_MEM_HDR_SIZE_V1_1 : FFA_MEM_HDR_SIZE_V1_0;
}

/* EMAD size the encoder writes in a valid @version. */
static inline uint32_t ffa__desc_emad_size(uint32_t version)
{
	return FFA_VERSION_MINOR(version) >= 2u ? FFA_MEM_EMAD_SIZE_V1_2 : FFA_MEM_EMAD_SIZE_V1_0;
}

/* The header rules of a transaction descriptor of @kind in the layout of
 * @version, for the encoder's input and the decoders' wire data alike: a
 * known version and kind, flags (ffa_mem_flags_valid()), attributes (a
 * valid encoding; NS only in a retrieve response), handle 0 in SEND,
 * receivers: >= 1 except in a retrieve request, where bypass-multi needs
 * exactly 1. */
bool ffa__desc_hdr_ok(uint32_t version, enum ffa_mem_desc_kind kind, uint32_t attributes,
		      uint32_t flags, uint64_t handle, uint32_t count);

/* Permission bytes 0..15 whose data (1:0) and instruction (3:2) fields
 * are not the reserved value 3. */
#define FFA__PERM_VALID 0x0777u

/* An EMAD's permissions (ffa_mem_perm_valid()) and flags (0 for SEND, 0 or
 * FFA_MEM_EMAD_FLAG_NON_RETRIEVAL otherwise) valid for @kind. */
static inline bool ffa__desc_emad_ok(enum ffa_mem_desc_kind kind, uint32_t perm, uint32_t flags)
{
	return perm < 16u && ((FFA__PERM_VALID >> perm) & 1u) != 0 &&
	       flags <= (kind != FFA_MEM_DESC_SEND ? FFA_MEM_EMAD_FLAG_NON_RETRIEVAL : 0u);
}

/* Relinquish (6.4) and reclaim (6.5) flags: bits 31:2 zero. */
static inline bool ffa__desc_relinquish_flags_ok(uint32_t flags)
{
	return (flags & ~(uint32_t)(FFA_MEM_RELINQUISH_FLAG_ZERO |
				    FFA_MEM_RELINQUISH_FLAG_TIME_SLICE)) == 0;
}

/* One range check shared by the encoder's input and the decoders: aligned,
 * non-zero, end does not wrap (end <= 2^64 - 1). */
static inline bool ffa__desc_range_ok(uint64_t addr, uint32_t pages)
{
	uint64_t size = (uint64_t)pages << FFA__PAGE_SHIFT;

	if (pages == 0 || (addr & FFA__PAGE_MASK) != 0)
		return false;
	return addr <= UINT64_MAX - size;
}

/* The array adapter's next function (mem_range.c). The encoder recognises
 * it and walks the array in place, without a call per range. Hidden, so
 * taking its address needs no GOT (freestanding, position-independent). */
#if defined(__GNUC__)
__attribute__((visibility("hidden")))
#endif
int ffa__desc_array_next(void *arg, uint64_t *addr, uint32_t *pages);

/* ---- For the memory calls (libffa/mem*.c) ------------------------------ */

/* ffa_mem_retrieve_req_encode() of @t in the layout of @version (whatever
 * t->version says), straight into @buf: the length, or the errors of
 * ffa_mem_frag_init() and FFA_ERR_BUFFER_TOO_SMALL. */
int ffa__mem_req_encode(const struct ffa_mem_txn *t, uint32_t version, void *buf, size_t cap);

#endif /* FFA_DESC_INTERNAL_H */
