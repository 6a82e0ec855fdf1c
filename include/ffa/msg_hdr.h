/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ffa/msg_hdr.h - the partition message header of indirect messages
 * (FFA_MSG_SEND2), encoded and decoded. Part of the desc layer: pure byte
 * codecs, freestanding, no I/O; the same code serves the library (sender
 * and receiver) and the simulator (relaying between endpoints).
 *
 * Layout (ffa-abi.md 10.1), little-endian:
 *   0 flags (MBZ)  4 reserved  8 payload offset  12 receiver u16, 14 sender
 *   u16  16 payload size  | v1.2+: 20 reserved  24 UUID (16 bytes)  40 end.
 * v1.1: 20 bytes; v1.2 and later 1.x: 40 bytes (known-bugs.md class 13:
 * the reserved word at 20 is easy to miss).
 */
#ifndef FFA_MSG_HDR_H
#define FFA_MSG_HDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/uuid.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Partition message header sizes: v1.1 (20 bytes), v1.2+ (40, with UUID). */
#define FFA_MSG_HDR_SIZE_V1_1 20u
#define FFA_MSG_HDR_SIZE_V1_2 40u

/**
 * struct ffa_indirect_msg - a partition message header, decoded.
 * @sender, @receiver: the endpoint IDs at offset 12.
 * @offset: where the payload starts, from the start of the header.
 * @size:   payload size in bytes.
 * @uuid:   v1.2+ layout: the protocol UUID (Nil = unspecified); v1.1: Nil.
 */
struct ffa_indirect_msg {
	uint16_t sender;
	uint16_t receiver;
	uint32_t offset;
	uint32_t size;
	struct ffa_uuid uuid;
};

/**
 * ffa_msg_hdr_size() - the header size for FF-A version @version.
 * Returns FFA_MSG_HDR_SIZE_V1_1 for v1.1, FFA_MSG_HDR_SIZE_V1_2 for v1.2 and
 * later 1.x, 0 for versions without indirect messages (v1.0, other majors).
 */
uint32_t ffa_msg_hdr_size(uint32_t version);

/**
 * ffa_msg_hdr_encode() - write a whole message: header in @version's
 * layout, then the payload right after it.
 * @buf, @cap: destination (the caller owns it; e.g. a TX or RX buffer).
 * @sender, @receiver: the endpoint IDs.
 * @uuid: the protocol UUID (NULL = Nil); written in the v1.2 layout only,
 *        dropped in the v1.1 layout, which has no field for it.
 * @payload, @size: the message (@payload may be NULL when @size is 0);
 *        copied with a forward byte copy, so it may be another part of a
 *        buffer but must not overlap @buf's header or payload area.
 * Every reserved and must-be-zero field is written as zero.
 *
 * Returns the bytes written (header size + @size); FFA_ERR_BAD_ARGUMENT for
 * a version without indirect messages or a NULL @buf/@payload where needed;
 * FFA_ERR_BUFFER_TOO_SMALL if the message does not fit in @cap (nothing is
 * written then).
 */
int ffa_msg_hdr_encode(void *buf, size_t cap, uint32_t version, uint16_t sender,
		       uint16_t receiver, const struct ffa_uuid *uuid, const void *payload,
		       uint32_t size);

/**
 * ffa_msg_hdr_decode() - read and validate the header at the start of @buf.
 * @buf, @len: the whole buffer the message lives in (e.g. RX, @len its size).
 * @version: whose layout to read.
 * @strict: also require the flags word, the reserved word at 4 and (v1.2+)
 *        the reserved word at 20 to be zero (a partition manager checking a
 *        sender); a receiver leaves this false and tolerates them.
 * @out: the decoded header.
 *
 * Each field is read from @buf exactly once, so a peer changing the buffer
 * meanwhile cannot make the checked values differ from the returned ones
 * (known-bugs.md class 31). Checks: the payload starts at or after the
 * header of @version (a v1.1 header read as v1.2 has offset 20 < 40) and
 * ends inside @len, computed in 64 bits so a huge size cannot wrap
 * (classes 19, 20).
 *
 * Returns 0 with @out filled; FFA_ERR_PROTOCOL if a check fails (@out is
 * left untouched); FFA_ERR_BAD_ARGUMENT for a version without indirect
 * messages, a NULL pointer, or @len smaller than the header.
 */
int ffa_msg_hdr_decode(const void *buf, size_t len, uint32_t version, bool strict,
		       struct ffa_indirect_msg *out);

#ifdef __cplusplus
}
#endif

#endif /* FFA_MSG_HDR_H */
