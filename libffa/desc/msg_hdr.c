/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The partition message header of indirect messages (ffa/msg_hdr.h): one
 * codec for the library and the simulator.
 */
#include <ffa/defs.h>
#include <ffa/error.h>
#include <ffa/msg_hdr.h>

#include "../le.h"

#define HDR_FLAGS 0u
#define HDR_RESERVED 4u
#define HDR_OFFSET 8u
#define HDR_IDS 12u
#define HDR_SIZE 16u
#define HDR_RESERVED_V1_2 20u
#define HDR_UUID 24u

uint32_t ffa_msg_hdr_size(uint32_t version)
{
	uint32_t minor = FFA_VERSION_MINOR(version);

	/* 0 without indirect messages: v1.0, a major other than 1. */
	if ((version >> 16) != 1u || minor == 0u)
		return 0;
	return minor >= 2u ? FFA_MSG_HDR_SIZE_V1_2 : FFA_MSG_HDR_SIZE_V1_1;
}

int ffa_msg_hdr_encode(void *buf, size_t cap, uint32_t version, uint16_t sender,
		       uint16_t receiver, const struct ffa_uuid *uuid, const void *payload,
		       uint32_t size)
{
	uint32_t hs = ffa_msg_hdr_size(version);
	uint8_t *b = buf;
	const uint8_t *p = payload;
	uint64_t u[2] = { 0, 0 };

	if (!hs || !buf || (!payload && size))
		return FFA_ERR_BAD_ARGUMENT;
	/* The total is returned as an int: keep it below 2 GiB as well. */
	if ((uint64_t)hs + size > cap || (uint64_t)hs + size > 0x7FFFFFFFu)
		return FFA_ERR_BUFFER_TOO_SMALL;
	ffa_put_le32(b + HDR_FLAGS, 0);
	ffa_put_le32(b + HDR_RESERVED, 0);
	ffa_put_le32(b + HDR_OFFSET, hs);
	ffa_put_le32(b + HDR_IDS, ((uint32_t)sender << 16) | receiver);
	ffa_put_le32(b + HDR_SIZE, size);
	if (hs >= FFA_MSG_HDR_SIZE_V1_2) {
		ffa_put_le32(b + HDR_RESERVED_V1_2, 0);
		if (uuid)
			__builtin_memcpy(u, uuid->b, sizeof(u));
		__builtin_memcpy(b + HDR_UUID, u, sizeof(u));
	}
	for (uint32_t i = 0; i < size; i++)
		b[hs + i] = p[i];
	return (int)(hs + size);
}

int ffa_msg_hdr_decode(const void *buf, size_t len, uint32_t version, bool strict,
		       struct ffa_indirect_msg *out)
{
	uint32_t hs = ffa_msg_hdr_size(version);
	const uint8_t *b = buf;
	struct ffa_indirect_msg h;
	uint64_t u[2] = { 0, 0 };
	uint32_t ids;

	if (!hs || !buf || !out || len < hs)
		return FFA_ERR_BAD_ARGUMENT;
	if (strict && (ffa_le32(b + HDR_FLAGS) || ffa_le32(b + HDR_RESERVED) ||
		       (hs >= FFA_MSG_HDR_SIZE_V1_2 && ffa_le32(b + HDR_RESERVED_V1_2))))
		return FFA_ERR_PROTOCOL;
	h.offset = ffa_le32(b + HDR_OFFSET);
	ids = ffa_le32(b + HDR_IDS);
	h.size = ffa_le32(b + HDR_SIZE);
	h.sender = (uint16_t)(ids >> 16);
	h.receiver = (uint16_t)ids;
	if (h.offset < hs || (uint64_t)h.offset + h.size > len)
		return FFA_ERR_PROTOCOL;
	if (hs >= FFA_MSG_HDR_SIZE_V1_2)
		__builtin_memcpy(u, b + HDR_UUID, sizeof(u));
	__builtin_memcpy(h.uuid.b, u, sizeof(u));
	*out = h;
	return 0;
}
