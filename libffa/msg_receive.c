/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The receiver side of messaging (an SP, or a VM, written with libffa):
 * decoding incoming frames, FFA_MSG_WAIT, FFA_MSG_SEND_DIRECT_RESP_32/64 and
 * RESP2, framework responses, FFA_YIELD (ffa-abi.md 4.2, 4.3, 9).
 *
 * Every call here gives the CPU away and comes back with the next message.
 * FFA_INTERRUPT arriving here is an event for this endpoint to handle, not a
 * preemption of a request of ours, so these calls do not use the resume
 * loop. A reply takes the width and form of the request it answers
 * (known-bugs.md class 9): the request's decoded width, never a default.
 */
#include "internal.h"

#include <ffa/msg.h>

/* The message of a valid frame (@m zeroed by the caller); 0 or an error. */
static int decode(const struct ffa_ctx *ctx, const struct ffa_regs *f, struct ffa_msg *m)
{
	/* The frames a message can be, and their kinds. */
	static const uint32_t fids[] = {
		FFA_MSG_SEND_DIRECT_REQ_32,  FFA_MSG_SEND_DIRECT_REQ_64,
		FFA_MSG_SEND_DIRECT_RESP_32, FFA_MSG_SEND_DIRECT_RESP_64,
		FFA_MSG_SEND_DIRECT_REQ2_64, FFA_MSG_SEND_DIRECT_RESP2_64,
		FFA_RUN_32,		     FFA_INTERRUPT_32,
		FFA_SUCCESS_32,		     FFA_SUCCESS_64,
	};
	static const uint8_t kinds[] = {
		FFA_MSG_DIRECT_REQ,  FFA_MSG_DIRECT_REQ, FFA_MSG_DIRECT_RESP, FFA_MSG_DIRECT_RESP,
		FFA_MSG_DIRECT_REQ2, FFA_MSG_DIRECT_RESP2, FFA_MSG_RUN,	      FFA_MSG_INTERRUPT,
		FFA_MSG_SUCCESS,     FFA_MSG_SUCCESS,
	};
	uint32_t fid = ffa__w(f, 0);
	uint32_t w2 = ffa__w(f, 2);
	unsigned int i = 0, first = 3, n = FFA_MSG_DIRECT_WORDS;
	unsigned int k;

	while (fids[i] != fid)
		if (++i == sizeof(fids) / sizeof(fids[0]))
			/* FFA_ERROR: its code; anything else breaks the protocol. */
			return ffa__classify(f, NULL, 0);
	k = kinds[i];
	m->kind = (enum ffa_msg_kind)k;
	if (k == FFA_MSG_SUCCESS)
		return 0;
	m->sender = (uint16_t)(ffa__w(f, 1) >> 16);
	m->receiver = (uint16_t)ffa__w(f, 1);
	if (k == FFA_MSG_INTERRUPT)
		m->interrupt_id = w2;
	if (k >= FFA_MSG_RUN)
		return 0;
	/* REQ2/RESP2 are SMC64 only: bit 30 is the width of every kind. */
	m->is_64 = (fid & FFA_FID_64BIT_BIT) != 0;
	if (k == FFA_MSG_DIRECT_REQ2 || k == FFA_MSG_DIRECT_RESP2) {
		/* Not part of the ABI a pre-v1.2 endpoint agreed to. */
		if (ctx->version < FFA_VERSION_1_2)
			return FFA_ERR_PROTOCOL;
		if (k == FFA_MSG_DIRECT_REQ2)
			ffa_uuid_from_regs64(f->x[2], f->x[3], &m->uuid);
		first = 4;
		n = FFA_MSG_DIRECT2_WORDS;
	} else if (w2 & FFA_MSG_FLAG_FRAMEWORK) {
		/* A framework message: a request type in a request, a response
		 * type in a response; its kind is its partition kind + 2
		 * (enum ffa_msg_kind). */
		uint32_t type = w2 & FFA_FWK_MSG_TYPE_MASK;
		uint32_t types = k == FFA_MSG_DIRECT_REQ ? FFA__FWK_REQ_TYPES : FFA__FWK_RESP_TYPES;

		if (type >= 16 || !((types >> type) & 1u))
			return FFA_ERR_PROTOCOL;
		m->kind = (enum ffa_msg_kind)(k + 2);
		m->fw_type = (uint8_t)type;
	}
	ffa__msg_words(f, first, n, m->is_64, m->args);
	return 0;
}

int ffa_msg_decode(const struct ffa_ctx *ctx, const struct ffa_regs *frame,
		   struct ffa_msg *msg)
{
	int rc = FFA_ERR_BAD_ARGUMENT;

	if (!msg)
		return rc;
	ffa__bytes_zero(msg, sizeof(*msg));
	if (ctx && frame)
		rc = decode(ctx, frame, msg);
	if (rc)
		ffa__bytes_zero(msg, sizeof(*msg));
	return rc;
}

int ffa__msg_receive(struct ffa_ctx *ctx, const struct ffa_msg *req, const uint64_t *args,
		     struct ffa_msg *next, enum ffa_msg_kind kind, uint64_t val)
{
	/* FFA_MSG_WAIT: w2 = flags; FFA_YIELD: w2/w3 = the timeout. */
	uint32_t fid = kind == FFA_MSG_NONE ? FFA_MSG_WAIT_32 : FFA_YIELD_32;
	uint32_t ids = 0, w2 = (uint32_t)val;
	struct ffa_regs r;
	int rc = ffa__ready(ctx, kind == FFA_MSG_DIRECT_REQ2 ? FFA_VERSION_1_2 : FFA_VERSION_1_0);

	if (rc)
		return rc;
	if (!next)
		return FFA_ERR_BAD_ARGUMENT;
	if (kind == FFA_MSG_NONE || kind == FFA_MSG_SUCCESS) {
		/* Flags and timeout are v1.2; MBZ before. */
		if ((kind == FFA_MSG_NONE && (val & ~(uint64_t)FFA_MSG_WAIT_FLAG_RETAIN_RX)) ||
		    (val && ctx->version < FFA_VERSION_1_2))
			return FFA_ERR_BAD_ARGUMENT;
	} else {
		if (!req || req->kind != kind)
			return FFA_ERR_BAD_ARGUMENT;
		/* The responder is the one the request was for; the reply has
		 * the request's form and width (class 9). */
		ids = ffa__pack_ids(req->receiver, req->sender);
		w2 = 0;
		fid = req->is_64 ? FFA_MSG_SEND_DIRECT_RESP_64 : FFA_MSG_SEND_DIRECT_RESP_32;
		if (kind == FFA_MSG_DIRECT_REQ2)
			fid = FFA_MSG_SEND_DIRECT_RESP2_64; /* x2/x3 (no UUID) zero */
		if (kind == FFA_MSG_FRAMEWORK_REQ) {
			rc = ffa_fwk_resp_type(req->fw_type);
			if (rc < 0)
				return rc;
			w2 = FFA_MSG_FLAG_FRAMEWORK | (uint32_t)rc;
		}
	}
	rc = ffa__msg_frame(ctx, &r, fid, ids, w2, args);
	if (rc)
		return rc;
	r.x[3] |= val >> 32; /* FFA_YIELD: the timeout's high half (else 0) */

	/* @next is only written from here on: it may alias @req. */
	rc = ffa__call(ctx, &r);
	if (rc == 0)
		rc = ffa_msg_decode(ctx, &r, next);
	if (rc == 0) {
		enum ffa_msg_kind k = next->kind;

		/* A request must be for us; a response is never delivered to
		 * a waiting endpoint; FFA_SUCCESS only resumes FFA_YIELD. */
		if (k <= FFA_MSG_FRAMEWORK_REQ)
			rc = (ctx->flags & FFA_CTX_F_OWN_ID) && next->receiver != ctx->own_id;
		else if (k == FFA_MSG_SUCCESS)
			rc = kind != FFA_MSG_SUCCESS;
		else
			rc = k < FFA_MSG_RUN;
		rc = rc ? FFA_ERR_PROTOCOL : 0;
	}
	if (rc)
		ffa__bytes_zero(next, sizeof(*next));
	return rc;
}

int ffa_msg_wait(struct ffa_ctx *ctx, uint32_t flags, struct ffa_msg *next)
{
	return ffa__msg_receive(ctx, NULL, NULL, next, FFA_MSG_NONE, flags);
}

int ffa_msg_send_direct_resp(struct ffa_ctx *ctx, const struct ffa_msg *req,
			     const uint64_t args[FFA_MSG_DIRECT_WORDS], struct ffa_msg *next)
{
	return ffa__msg_receive(ctx, req, args, next, FFA_MSG_DIRECT_REQ, 0);
}

int ffa_msg_send_framework_resp(struct ffa_ctx *ctx, const struct ffa_msg *req,
				const uint64_t args[FFA_MSG_DIRECT_WORDS], struct ffa_msg *next)
{
	return ffa__msg_receive(ctx, req, args, next, FFA_MSG_FRAMEWORK_REQ, 0);
}

int ffa_msg_send_direct_resp2(struct ffa_ctx *ctx, const struct ffa_msg *req,
			      const uint64_t args[FFA_MSG_DIRECT2_WORDS], struct ffa_msg *next)
{
	return ffa__msg_receive(ctx, req, args, next, FFA_MSG_DIRECT_REQ2, 0);
}

int ffa_yield(struct ffa_ctx *ctx, uint64_t timeout, struct ffa_msg *next)
{
	return ffa__msg_receive(ctx, NULL, NULL, next, FFA_MSG_SUCCESS, timeout);
}
