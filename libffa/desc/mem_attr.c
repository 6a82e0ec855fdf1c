/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa desc - versions/layouts, memory attributes, permissions and flags
 * (ffa-memory.md 2.1-2.5, 4, 6).
 */
#include "desc_internal.h"

int ffa__desc_layout(uint32_t version, uint32_t *hdr_size, uint32_t *emad_size)
{
	uint16_t minor;

	if (FFA_VERSION_MAJOR(version) != 1u || (version & 0x80000000u) != 0u)
		return FFA_ERR_BAD_ARGUMENT;
	minor = FFA_VERSION_MINOR(version);
	*hdr_size = minor == 0u ? FFA_MEM_HDR_SIZE_V1_0 : FFA_MEM_HDR_SIZE_V1_1;
	*emad_size = minor < 2u ? FFA_MEM_EMAD_SIZE_V1_0 : FFA_MEM_EMAD_SIZE_V1_2;
	return 0;
}

int ffa_mem_emad_size(uint32_t version)
{
	uint32_t hdr, emad;
	int rc = ffa__desc_layout(version, &hdr, &emad);

	return rc < 0 ? rc : (int)emad;
}

int ffa_mem_hdr_size(uint32_t version)
{
	uint32_t hdr, emad;
	int rc = ffa__desc_layout(version, &hdr, &emad);

	return rc < 0 ? rc : (int)hdr;
}

/* Validate the field encodings of @a (not the version). */
static bool attr_fields_ok(const struct ffa_mem_attr *a)
{
	switch (a->type) {
	case FFA_MEM_TYPE_NOT_SPECIFIED:
		return a->cacheability == 0 && a->device == 0 && a->shareability == 0;
	case FFA_MEM_TYPE_NORMAL:
		if (a->cacheability != FFA_MEM_CACHE_NC && a->cacheability != FFA_MEM_CACHE_WB)
			return false;
		if (a->device != 0)
			return false;
		break;
	case FFA_MEM_TYPE_DEVICE:
		if (a->device > 3u || a->cacheability != 0)
			return false;
		break;
	default:
		return false;
	}
	return a->shareability == FFA_MEM_SHARE_NON || a->shareability == FFA_MEM_SHARE_OUTER ||
	       a->shareability == FFA_MEM_SHARE_INNER;
}

int ffa_mem_attr_encode(const struct ffa_mem_attr *a, uint32_t version, uint16_t *raw)
{
	uint32_t hdr, emad;
	uint16_t v;

	if (a == NULL || raw == NULL || ffa__desc_layout(version, &hdr, &emad) < 0)
		return FFA_ERR_BAD_ARGUMENT;
	if (!attr_fields_ok(a))
		return FFA_ERR_BAD_ARGUMENT;
	v = (uint16_t)(a->shareability | ((unsigned int)a->type << FFA_MEM_ATTR_TYPE_SHIFT));
	if (a->type == FFA_MEM_TYPE_NORMAL)
		v |= (uint16_t)((unsigned int)a->cacheability << FFA_MEM_ATTR_CACHE_SHIFT);
	else if (a->type == FFA_MEM_TYPE_DEVICE)
		v |= (uint16_t)((unsigned int)a->device << FFA_MEM_ATTR_CACHE_SHIFT);
	if (a->ns)
		v |= FFA_MEM_ATTR_NS;
	*raw = v;
	return 0;
}

int ffa_mem_attr_decode(uint16_t raw, uint32_t version, struct ffa_mem_attr *a)
{
	uint32_t hdr, emad;
	struct ffa_mem_attr t;
	unsigned int bits32;

	if (a == NULL || ffa__desc_layout(version, &hdr, &emad) < 0)
		return FFA_ERR_BAD_ARGUMENT;
	/* Bits 15:7 reserved in v1.1+; in v1.0 the field is a byte whose bit 7
	 * is reserved (bit 6 is the NS bit a v1.0 SP may ask for). */
	if ((raw & 0xFF80u) != 0)
		return FFA_ERR_PROTOCOL;
	t.type = (uint8_t)((raw & FFA_MEM_ATTR_TYPE_MASK) >> FFA_MEM_ATTR_TYPE_SHIFT);
	t.shareability = (uint8_t)(raw & FFA_MEM_ATTR_SHARE_MASK);
	bits32 = (raw & FFA_MEM_ATTR_CACHE_MASK) >> FFA_MEM_ATTR_CACHE_SHIFT;
	t.cacheability = t.type == FFA_MEM_TYPE_NORMAL ? (uint8_t)bits32 : 0u;
	t.device = t.type == FFA_MEM_TYPE_DEVICE ? (uint8_t)bits32 : 0u;
	t.ns = (raw & FFA_MEM_ATTR_NS) != 0;
	if (t.type == FFA_MEM_TYPE_NOT_SPECIFIED && bits32 != 0)
		return FFA_ERR_PROTOCOL;
	if (!attr_fields_ok(&t))
		return FFA_ERR_PROTOCOL;
	*a = t;
	return 0;
}

int ffa__desc_attr_check(uint16_t raw, uint32_t version, enum ffa_mem_desc_kind kind)
{
	struct ffa_mem_attr a;

	if (ffa_mem_attr_decode(raw, version, &a) < 0)
		return FFA_ERR_PROTOCOL;
	if (a.ns && kind != FFA_MEM_DESC_RETRIEVE_RESP)
		return FFA_ERR_PROTOCOL;
	return 0;
}

bool ffa_mem_perm_valid(uint8_t perm)
{
	return (perm & 0xF0u) == 0 && ffa_mem_perm_data(perm) != 3u &&
	       ffa_mem_perm_instr(perm) != 3u;
}

bool ffa_mem_flags_valid(enum ffa_mem_desc_kind kind, uint32_t version, uint32_t flags)
{
	uint32_t hdr, emad, allowed;

	if (ffa__desc_layout(version, &hdr, &emad) < 0)
		return false;
	switch (kind) {
	case FFA_MEM_DESC_SEND:
		allowed = FFA_MEM_FLAG_ZERO | FFA_MEM_FLAG_TIME_SLICE;
		break;
	case FFA_MEM_DESC_RETRIEVE_REQ:
		allowed = FFA_MEM_RETRIEVE_FLAG_ZERO | FFA_MEM_RETRIEVE_FLAG_TIME_SLICE |
			  FFA_MEM_RETRIEVE_FLAG_ZERO_AFTER_RELINQUISH |
			  FFA_MEM_RETRIEVE_FLAG_TYPE_MASK | FFA_MEM_RETRIEVE_FLAG_ALIGN_MASK |
			  FFA_MEM_RETRIEVE_FLAG_ALIGN_VALID;
		if (FFA_VERSION_MINOR(version) >= 2u)
			allowed |= FFA_MEM_RETRIEVE_FLAG_BYPASS_MULTI;
		if ((flags & FFA_MEM_RETRIEVE_FLAG_ALIGN_MASK) != 0 &&
		    (flags & FFA_MEM_RETRIEVE_FLAG_ALIGN_VALID) == 0)
			return false;
		break;
	case FFA_MEM_DESC_RETRIEVE_RESP:
		allowed = FFA_MEM_RETRIEVE_FLAG_ZERO | FFA_MEM_RETRIEVE_FLAG_TIME_SLICE |
			  FFA_MEM_RETRIEVE_FLAG_TYPE_MASK;
		break;
	default:
		return false;
	}
	return (flags & ~allowed) == 0;
}

bool ffa_mem_relinquish_flags_valid(uint32_t flags)
{
	return (flags & ~(uint32_t)(FFA_MEM_RELINQUISH_FLAG_ZERO |
				    FFA_MEM_RELINQUISH_FLAG_TIME_SLICE)) == 0;
}
