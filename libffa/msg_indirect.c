/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Indirect messages (v1.1+): FFA_MSG_SEND2 through the TX buffer, and
 * reading a message out of the RX buffer (ffa-abi.md 4.3, 10, 12).
 *
 * The partition message header (ffa-abi.md 10.1), little-endian:
 *   0 flags (MBZ)  4 reserved  8 payload offset  12 receiver u16, 14 sender
 *   u16  16 payload size  | v1.2+: 20 reserved  24 UUID (16 bytes)  40 end.
 * Its size follows the negotiated version: 20 bytes at v1.1, 40 from v1.2
 * (known-bugs.md class 13: the reserved word at 20 is easy to miss).
 */
#include "internal.h"

#include <ffa/msg.h>

#define HDR_OFFSET 8u
#define HDR_IDS 12u
#define HDR_SIZE 16u
#define HDR_UUID 24u

static uint32_t hdr_size(const struct ffa_ctx *ctx)
{
	return ctx->version >= FFA_VERSION_1_2 ? FFA_MSG_HDR_SIZE_V1_2 : FFA_MSG_HDR_SIZE_V1_1;
}

static uint64_t rxtx_bytes(const struct ffa_ctx *ctx)
{
	return (uint64_t)ctx->rxtx_pages * FFA_PAGE_SIZE;
}

/* Argument checks of ffa_msg_send2() that need no lock. */
static int send2_args(const struct ffa_ctx *ctx, uint16_t own, const struct ffa_uuid *uuid,
		      const void *payload, size_t size, uint32_t flags)
{
	if (!payload && size)
		return FFA_ERR_BAD_ARGUMENT;
	if (flags & ~FFA_MSG_SEND2_FLAG_DELAY_SRI)
		return FFA_ERR_BAD_ARGUMENT;
	/* Delaying the SRI is v1.2 and only for SPs (the secure virtual
	 * instance); a VM setting it is refused by the manager (class 36). */
	if ((flags & FFA_MSG_SEND2_FLAG_DELAY_SRI) &&
	    (ctx->version < FFA_VERSION_1_2 || !(own & FFA_ID_SECURE_BIT)))
		return FFA_ERR_BAD_ARGUMENT;
	/* The v1.1 layout has nowhere to put a UUID. */
	if (ctx->version < FFA_VERSION_1_2 && !ffa_uuid_is_nil(uuid))
		return FFA_ERR_BAD_ARGUMENT;
	return 0;
}

int ffa_msg_send2(struct ffa_ctx *ctx, uint16_t target,
		  const struct ffa_partition_info *target_info, const struct ffa_uuid *uuid,
		  const void *payload, size_t size, uint32_t flags)
{
	struct ffa_regs r;
	uint8_t *tx;
	uint32_t hs;
	uint16_t own;
	int rc = ffa__msg_sender_ready(ctx, FFA_VERSION_1_1, target, target_info,
				       FFA_PART_PROP_INDIRECT_MSG, &own);

	if (rc)
		return rc;
	rc = send2_args(ctx, own, uuid, payload, size, flags);
	if (rc)
		return rc;
	hs = hdr_size(ctx);

	/* The TX buffer is ours while the lock is held; the manager reads it
	 * only during the call. */
	ffa__lock(ctx);
	if (!(ctx->flags & FFA_CTX_F_RXTX_MAPPED) || size > rxtx_bytes(ctx) - hs) {
		ffa__unlock(ctx);
		return FFA_ERR_BAD_ARGUMENT;
	}
	tx = (uint8_t *)ctx->tx;
	ffa__bytes_zero(tx, hs);
	ffa_put_le32(tx + HDR_OFFSET, hs);
	ffa_put_le32(tx + HDR_IDS, ffa__pack_ids(own, target));
	ffa_put_le32(tx + HDR_SIZE, (uint32_t)size);
	if (hs >= FFA_MSG_HDR_SIZE_V1_2 && uuid)
		__builtin_memcpy(tx + HDR_UUID, uuid->b, sizeof(uuid->b));
	if (size)
		__builtin_memcpy(tx + hs, payload, size);

	ffa__frame_init(&r, FFA_MSG_SEND2_32);
	r.x[2] = flags; /* w1 (forwarded sender) stays 0 */
	rc = ffa__call_success(ctx, &r);
	ffa__unlock(ctx);
	return rc;
}

/*
 * Decode and copy the message in the RX buffer (lock held, buffer owned).
 * Each header field is loaded once into a local and only locals are used
 * afterwards, so a peer changing the buffer meanwhile cannot get a bigger
 * copy than was validated (known-bugs.md class 31).
 */
static int read_msg(const struct ffa_ctx *ctx, struct ffa_indirect_msg *hdr, void *buf,
		    size_t cap)
{
	const uint8_t *rx = (const uint8_t *)ctx->rx;
	struct ffa_indirect_msg h;
	uint32_t hs = hdr_size(ctx);
	uint32_t ids;

	ffa__bytes_zero(&h, sizeof(h));
	h.offset = ffa_le32(rx + HDR_OFFSET);
	ids = ffa_le32(rx + HDR_IDS);
	h.size = ffa_le32(rx + HDR_SIZE);
	h.sender = (uint16_t)(ids >> 16);
	h.receiver = (uint16_t)ids;

	/* The payload starts after this version's header (a v1.1 header at
	 * v1.2 has offset 20 < 40) and ends inside the RX buffer; 64-bit sum,
	 * so a huge size cannot wrap (classes 19, 20). */
	if (h.offset < hs || (uint64_t)h.offset + h.size > rxtx_bytes(ctx))
		return FFA_ERR_PROTOCOL;
	if ((ctx->flags & FFA_CTX_F_OWN_ID) && h.receiver != ctx->own_id)
		return FFA_ERR_PROTOCOL;
	if (hs >= FFA_MSG_HDR_SIZE_V1_2)
		__builtin_memcpy(h.uuid.b, rx + HDR_UUID, sizeof(h.uuid.b));
	*hdr = h;
	if (h.size > cap)
		return FFA_ERR_BUFFER_TOO_SMALL;
	if (h.size)
		__builtin_memcpy(buf, rx + h.offset, h.size);
	return (int)h.size;
}

int ffa_msg_recv_indirect(struct ffa_ctx *ctx, struct ffa_indirect_msg *hdr, void *buf,
			  size_t cap)
{
	int rc = ffa__ready(ctx, FFA_VERSION_1_1);
	int rel;

	if (rc)
		return rc;
	if (!hdr || (!buf && cap))
		return FFA_ERR_BAD_ARGUMENT;
	ffa__lock(ctx);
	if (!(ctx->flags & FFA_CTX_F_RXTX_MAPPED)) {
		ffa__unlock(ctx);
		return FFA_ERR_BAD_ARGUMENT;
	}
	rc = read_msg(ctx, hdr, buf, cap);
	/* Give the buffer back on every path, once, before unlocking
	 * (classes 27, 28): a bad message must not keep it from the next. */
	rel = ffa__rx_release_locked(ctx, 0);
	ffa__unlock(ctx);
	if (rc < 0)
		return rc;
	return rel ? rel : rc;
}
