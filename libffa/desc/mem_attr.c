/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa desc - versions/layouts, memory attributes, permissions and flags
 * (ffa-memory.md 2.1-2.5, 4, 6), and the header rules every encoder and
 * decoder applies.
 */
#include "desc_internal.h"

/*
 * The valid encodings of attribute bits 5:0 (type 5:4, cacheability or
 * device type 3:2, shareability 1:0), one bit each:
 *  - type 0 (not specified): only 0x00;
 *  - type 1 (device): any device type, shareability 0, 2 or 3;
 *  - type 2 (normal): cacheability 1 (NC) or 3 (WB), shareability 0, 2, 3;
 *  - type 3: reserved.
 */
#define ATTR_VALID 0xD0D0DDDD0001ull

int ffa_mem_emad_size(uint32_t version)
{
	return ffa__desc_version_ok(version) ? (int)ffa__desc_emad_size(version)
					     : FFA_ERR_BAD_ARGUMENT;
}

int ffa_mem_hdr_size(uint32_t version)
{
	return ffa__desc_version_ok(version) ? (int)ffa__desc_hdr_size(version)
					     : FFA_ERR_BAD_ARGUMENT;
}

/* True if the raw value @raw (bits 15:0) is a valid encoding: reserved
 * bits 15:7 clear (v1.0: the byte's bit 7), NS (bit 6) aside. */
static bool attr_raw_ok(uint32_t raw)
{
	return raw < 0x80u && ((ATTR_VALID >> (raw & 0x3Fu)) & 1u);
}

int ffa_mem_attr_encode(const struct ffa_mem_attr *a, uint32_t version, uint16_t *raw)
{
	struct ffa_mem_attr back;
	uint32_t v, x, y;

	if (a == NULL || raw == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	/* Pack, then unpack: a valid encoding comes back unchanged. Any
	 * field out of range, a cacheability of device memory or a device
	 * type of normal memory (bits 3:2 hold one or the other), anything
	 * beside type "not specified", or a reserved encoding does not. */
	v = a->shareability | ((uint32_t)(a->cacheability | a->device) << FFA_MEM_ATTR_CACHE_SHIFT) |
	    ((uint32_t)a->type << FFA_MEM_ATTR_TYPE_SHIFT) | (a->ns ? FFA_MEM_ATTR_NS : 0u);
	if (ffa_mem_attr_decode((uint16_t)v, version, &back) != 0)
		return FFA_ERR_BAD_ARGUMENT;
	__builtin_memcpy(&x, &back, sizeof(x));
	__builtin_memcpy(&y, a, sizeof(y));
	if (x != y || back.ns != a->ns)
		return FFA_ERR_BAD_ARGUMENT;
	*raw = (uint16_t)v;
	return 0;
}

int ffa_mem_attr_decode(uint16_t raw, uint32_t version, struct ffa_mem_attr *a)
{
	uint8_t type = (uint8_t)((raw & FFA_MEM_ATTR_TYPE_MASK) >> FFA_MEM_ATTR_TYPE_SHIFT);
	uint8_t field = (uint8_t)((raw & FFA_MEM_ATTR_CACHE_MASK) >> FFA_MEM_ATTR_CACHE_SHIFT);

	if (a == NULL || !ffa__desc_version_ok(version))
		return FFA_ERR_BAD_ARGUMENT;
	/* Bits 15:7 reserved in v1.1+; in v1.0 the field is a byte whose bit 7
	 * is reserved (bit 6 is the NS bit a v1.0 SP may ask for). */
	if (!attr_raw_ok(raw))
		return FFA_ERR_PROTOCOL;
	a->type = type;
	a->shareability = (uint8_t)(raw & FFA_MEM_ATTR_SHARE_MASK);
	a->cacheability = type == FFA_MEM_TYPE_NORMAL ? field : 0u;
	a->device = type == FFA_MEM_TYPE_DEVICE ? field : 0u;
	a->ns = (raw & FFA_MEM_ATTR_NS) != 0;
	return 0;
}

bool ffa__desc_hdr_ok(uint32_t version, enum ffa_mem_desc_kind kind, uint32_t attributes,
		      uint32_t flags, uint64_t handle, uint32_t count)
{
	/* ffa_mem_flags_valid(), last (a tail call), also refuses a bad
	 * version or kind. */
	return attr_raw_ok(attributes) &&
	       ((attributes & FFA_MEM_ATTR_NS) == 0 || kind == FFA_MEM_DESC_RETRIEVE_RESP) &&
	       (kind != FFA_MEM_DESC_SEND || handle == 0) &&
	       (kind == FFA_MEM_DESC_RETRIEVE_REQ ? (flags & FFA_MEM_RETRIEVE_FLAG_BYPASS_MULTI) == 0 ||
						     count == 1
						  : count != 0) &&
	       ffa_mem_flags_valid(kind, version, flags);
}

bool ffa_mem_perm_valid(uint8_t perm)
{
	return perm < 16u && ((FFA__PERM_VALID >> perm) & 1u);
}

bool ffa_mem_flags_valid(enum ffa_mem_desc_kind kind, uint32_t version, uint32_t flags)
{
	uint32_t ok;

	if (!ffa__desc_version_ok(version))
		return false;
	switch (kind) {
	case FFA_MEM_DESC_SEND:
		ok = FFA_MEM_FLAG_ZERO | FFA_MEM_FLAG_TIME_SLICE;
		break;
	case FFA_MEM_DESC_RETRIEVE_REQ:
		/* An alignment hint needs its valid bit. */
		if ((flags & FFA_MEM_RETRIEVE_FLAG_ALIGN_MASK) != 0 &&
		    (flags & FFA_MEM_RETRIEVE_FLAG_ALIGN_VALID) == 0)
			return false;
		ok = FFA_MEM_RETRIEVE_FLAG_ZERO | FFA_MEM_RETRIEVE_FLAG_TIME_SLICE |
		     FFA_MEM_RETRIEVE_FLAG_ZERO_AFTER_RELINQUISH | FFA_MEM_RETRIEVE_FLAG_TYPE_MASK |
		     FFA_MEM_RETRIEVE_FLAG_ALIGN_MASK | FFA_MEM_RETRIEVE_FLAG_ALIGN_VALID;
		if (FFA_VERSION_MINOR(version) >= 2u)
			ok |= FFA_MEM_RETRIEVE_FLAG_BYPASS_MULTI;
		break;
	case FFA_MEM_DESC_RETRIEVE_RESP:
		ok = FFA_MEM_RETRIEVE_FLAG_ZERO | FFA_MEM_RETRIEVE_FLAG_TIME_SLICE |
		     FFA_MEM_RETRIEVE_FLAG_TYPE_MASK;
		break;
	default:
		return false;
	}
	return (flags & ~ok) == 0;
}

bool ffa_mem_relinquish_flags_valid(uint32_t flags)
{
	return ffa__desc_relinquish_flags_ok(flags);
}
