/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa desc - relinquish descriptor (ffa-memory.md 2.9, flags 6.4).
 */
#include "desc_internal.h"

int ffa_mem_relinquish_encode(uint64_t handle, uint32_t flags, const uint16_t *ids,
			      uint32_t count, void *buf, size_t cap)
{
	uint8_t *b = (uint8_t *)buf;
	uint64_t len;
	uint32_t i;

	if (ids == NULL || buf == NULL || count == 0 || !ffa__desc_relinquish_flags_ok(flags))
		return FFA_ERR_BAD_ARGUMENT;
	len = FFA_MEM_RELINQUISH_HDR_SIZE + 2u * (uint64_t)count;
	if (len > FFA_MEM_DESC_MAX_LEN)
		return FFA_ERR_BAD_ARGUMENT;
	if (len > cap)
		return FFA_ERR_BUFFER_TOO_SMALL;
	ffa_put_le64(b + 0, handle);
	ffa_put_le32(b + 8, flags);
	ffa_put_le32(b + 12, count);
	for (i = 0; i < count; i++)
		ffa_put_le16(b + FFA_MEM_RELINQUISH_HDR_SIZE + 2u * (size_t)i, ids[i]);
	return (int)len;
}

int ffa_mem_relinquish_decode(struct ffa_mem_relinquish *out, const void *buf, size_t len)
{
	const uint8_t *b = (const uint8_t *)buf;
	struct ffa_mem_relinquish r;

	if (out == NULL || buf == NULL)
		return FFA_ERR_BAD_ARGUMENT;
	if (len < FFA_MEM_RELINQUISH_HDR_SIZE)
		return FFA_ERR_PROTOCOL;
	r.handle = ffa_le64(b + 0);
	r.flags = ffa_le32(b + 8);
	r.endpoint_count = ffa_le32(b + 12);
	r.buf = b;
	if (!ffa__desc_relinquish_flags_ok(r.flags) || r.endpoint_count == 0)
		return FFA_ERR_PROTOCOL;
	if (FFA_MEM_RELINQUISH_HDR_SIZE + 2u * (uint64_t)r.endpoint_count > len)
		return FFA_ERR_PROTOCOL;
	*out = r;
	return 0;
}

int ffa_mem_relinquish_endpoint(const struct ffa_mem_relinquish *r, uint32_t index)
{
	if (r == NULL || r->buf == NULL || index >= r->endpoint_count)
		return FFA_ERR_BAD_ARGUMENT;
	return (int)ffa_le16(r->buf + FFA_MEM_RELINQUISH_HDR_SIZE + 2u * (size_t)index);
}
