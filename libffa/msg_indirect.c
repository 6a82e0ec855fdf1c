/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Indirect messages (v1.1+): FFA_MSG_SEND2 through the TX buffer, and
 * reading a message out of the RX buffer (ffa-abi.md 4.3, 10, 12). The
 * partition message header, in the negotiated version's layout, is written
 * and read by the desc layer's codec (ffa/msg_hdr.h), which the simulator
 * shares.
 */
#include "internal.h"

#include <ffa/msg.h>

static uint64_t rxtx_bytes(const struct ffa_ctx *ctx)
{
	return (uint64_t)ctx->rxtx_pages * FFA_PAGE_SIZE;
}

int ffa_msg_send2(struct ffa_ctx *ctx, uint16_t target,
		  const struct ffa_partition_info *target_info, const struct ffa_uuid *uuid,
		  const void *payload, size_t size, uint32_t flags)
{
	struct ffa_regs r;
	uint16_t own;
	int rc = ffa__msg_sender_ready(ctx, FFA_VERSION_1_1, target, target_info,
				       FFA_PART_PROP_INDIRECT_MSG, &own);
	bool v1_1;

	if (rc)
		return rc;
	/* Every refusal from here on is FFA_ERR_BAD_ARGUMENT, nothing sent.
	 * Delaying the SRI is v1.2 and only for SPs (the secure virtual
	 * instance); a VM setting it is refused by the manager (class 36).
	 * The v1.1 layout has nowhere to put a UUID. */
	v1_1 = ctx->version < FFA_VERSION_1_2;
	if ((flags & ~FFA_MSG_SEND2_FLAG_DELAY_SRI) ||
	    (flags && (v1_1 || !(own & FFA_ID_SECURE_BIT))) || (v1_1 && !ffa_uuid_is_nil(uuid)))
		return FFA_ERR_BAD_ARGUMENT;

	/* The TX buffer is ours while the lock is held; the manager reads it
	 * only during the call. The codec refuses a NULL @payload with a
	 * size, and a message larger than the buffer (@size is compared here
	 * first: the codec takes 32 bits of it). */
	rc = FFA_ERR_BAD_ARGUMENT;
	ffa__lock(ctx);
	if ((ctx->flags & FFA_CTX_F_RXTX_MAPPED) && size <= rxtx_bytes(ctx) &&
	    ffa_msg_hdr_encode(ctx->tx, rxtx_bytes(ctx), ctx->version, own, target, uuid,
			       payload, (uint32_t)size) >= 0)
		/* w1 (forwarded sender) stays 0 */
		rc = ffa__call_frame(ctx, &r, FFA_MSG_SEND2_32, 0, flags, 0, 0);
	ffa__unlock(ctx);
	return rc;
}

int ffa_msg_recv_indirect(struct ffa_ctx *ctx, struct ffa_indirect_msg *hdr, void *buf,
			  size_t cap)
{
	/* The header is used up before the release's frame is built. */
	union {
		struct ffa_indirect_msg h;
		struct ffa_regs r;
	} u;
	int rc = ffa__ready(ctx, FFA_VERSION_1_1);
	int rel;

	if (rc)
		return rc;
	if (!hdr || (!buf && cap))
		return FFA_ERR_BAD_ARGUMENT;
	rc = FFA_ERR_BAD_ARGUMENT;
	ffa__lock(ctx);
	if (ctx->flags & FFA_CTX_F_RXTX_MAPPED) {
		/*
		 * The codec reads each header field once and checks the offset
		 * against this version's header and the end against the RX
		 * buffer (classes 13, 19, 20); only its decoded copy is used
		 * afterwards, so a peer changing the buffer meanwhile cannot
		 * get a bigger copy than was validated (class 31).
		 */
		const uint8_t *rx = (const uint8_t *)ctx->rx;

		rc = ffa_msg_hdr_decode(rx, rxtx_bytes(ctx), ctx->version, false, &u.h);
		if (!rc && (ctx->flags & FFA_CTX_F_OWN_ID) && u.h.receiver != ctx->own_id)
			rc = FFA_ERR_PROTOCOL;
		if (!rc) {
			*hdr = u.h;
			rc = u.h.size > cap ? FFA_ERR_BUFFER_TOO_SMALL : (int)u.h.size;
		}
		if (rc > 0)
			__builtin_memcpy(buf, rx + u.h.offset, u.h.size);
		/* Give the buffer back on every path, once, before unlocking
		 * (classes 27, 28): a bad message must not keep it from the
		 * next. */
		rel = ffa__rx_release_locked(ctx, &u.r, 0);
		if (rc >= 0 && rel)
			rc = rel;
	}
	ffa__unlock(ctx);
	return rc;
}
