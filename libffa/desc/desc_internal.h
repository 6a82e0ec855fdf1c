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

/* Layout of one version: header size (= EMAD offset the encoder uses) in
 * bits 7:0, the EMAD size the encoder writes in bits 15:8; or
 * FFA_ERR_BAD_ARGUMENT for a major other than 1. */
int ffa__desc_layout(uint32_t version);

/* True for FFA_VERSION_1_0 style layouts (minor 0). Version must be valid. */
static inline bool ffa__desc_is_v10(uint32_t version)
{
	return FFA_VERSION_MINOR(version) == 0u;
}

/* The header rules of a transaction descriptor of @kind in the layout of
 * @version, for the encoder's input and the decoders' wire data alike: a
 * known version and kind, flags (ffa_mem_flags_valid()), attributes (a
 * valid encoding; NS only in a retrieve response), handle 0 in SEND,
 * receivers: >= 1 except in a retrieve request, where bypass-multi needs
 * exactly 1. */
bool ffa__desc_hdr_ok(uint32_t version, enum ffa_mem_desc_kind kind, uint32_t attributes,
		      uint32_t flags, uint64_t handle, uint32_t count);

/* EMAD flags valid for @kind. */
static inline bool ffa__desc_emad_flags_ok(enum ffa_mem_desc_kind kind, uint8_t flags)
{
	if (kind == FFA_MEM_DESC_SEND)
		return flags == 0;
	return (flags & (uint8_t)~FFA_MEM_EMAD_FLAG_NON_RETRIEVAL) == 0;
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
