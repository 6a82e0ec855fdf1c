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

/* Framework response types (ffa-abi.md 9.1): 0x02, 0x05, 0x07, ..., 0x0F. */
#define FWK_RESP_TYPES 0xAAA4u

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
	unsigned int i = 0;
	enum ffa_msg_kind k;

	while (fids[i] != fid)
		if (++i == sizeof(fids) / sizeof(fids[0]))
			/* FFA_ERROR: its code; anything else breaks the protocol. */
			return ffa__classify(f, NULL, 0);
	k = (enum ffa_msg_kind)kinds[i];
	m->kind = k;
	m->sender = (uint16_t)(ffa__w(f, 1) >> 16);
	m->receiver = (uint16_t)ffa__w(f, 1);
	switch (k) {
	case FFA_MSG_DIRECT_REQ:
	case FFA_MSG_DIRECT_RESP:
		/* Partition or framework message; a framework kind is its
		 * partition kind + 2 (enum ffa_msg_kind). */
		m->is_64 = (fid & FFA_FID_64BIT_BIT) != 0;
		if (w2 & FFA_MSG_FLAG_FRAMEWORK) {
			uint32_t type = w2 & FFA_FWK_MSG_TYPE_MASK;

			if (k == FFA_MSG_DIRECT_REQ ? ffa_fwk_resp_type(type) < 0
						    : type >= 16 || !((FWK_RESP_TYPES >> type) & 1u))
				return FFA_ERR_PROTOCOL;
			m->kind += 2;
			m->fw_type = (uint8_t)type;
		}
		ffa__msg_words(f, 3, FFA_MSG_DIRECT_WORDS, m->is_64, m->args);
		return 0;
	case FFA_MSG_DIRECT_REQ2:
	case FFA_MSG_DIRECT_RESP2:
		/* Not part of the ABI a pre-v1.2 endpoint agreed to. */
		if (ctx->version < FFA_VERSION_1_2)
			return FFA_ERR_PROTOCOL;
		m->is_64 = true;
		if (k == FFA_MSG_DIRECT_REQ2)
			ffa_uuid_from_regs64(f->x[2], f->x[3], &m->uuid);
		ffa__msg_words(f, 4, FFA_MSG_DIRECT2_WORDS, true, m->args);
		return 0;
	case FFA_MSG_INTERRUPT:
		m->interrupt_id = w2;
		return 0;
	case FFA_MSG_SUCCESS:
		m->sender = m->receiver = 0;
		return 0;
	default: /* FFA_MSG_RUN */
		return 0;
	}
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

/*
 * Send @r (a call that hands the CPU away) and decode what comes back into
 * @next: an incoming request addressed to us, a wake-up, or (@allow_success)
 * FFA_SUCCESS. @next is only written after the call, so it may alias the
 * request being answered.
 */
static int receive(struct ffa_ctx *ctx, struct ffa_regs *r, bool allow_success,
		   struct ffa_msg *next)
{
	int rc = ffa__call(ctx, r);

	if (rc == 0)
		rc = ffa_msg_decode(ctx, r, next);
	if (rc == 0) {
		enum ffa_msg_kind k = next->kind;

		/* A request must be for us; a response is never delivered to
		 * a waiting endpoint. */
		if (k <= FFA_MSG_FRAMEWORK_REQ)
			rc = (ctx->flags & FFA_CTX_F_OWN_ID) && next->receiver != ctx->own_id;
		else if (k == FFA_MSG_SUCCESS)
			rc = !allow_success;
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
	struct ffa_regs r;
	int rc = ffa__ready(ctx, FFA_VERSION_1_0);

	if (rc)
		return rc;
	if (!next || (flags & ~FFA_MSG_WAIT_FLAG_RETAIN_RX) ||
	    (flags && ctx->version < FFA_VERSION_1_2))
		return FFA_ERR_BAD_ARGUMENT;
	ffa__frame(&r, FFA_MSG_WAIT_32, 0, flags, 0, 0);
	return receive(ctx, &r, false, next);
}

int ffa__msg_reply(struct ffa_ctx *ctx, const struct ffa_msg *req, const uint64_t *args,
		   struct ffa_msg *next, enum ffa_msg_kind kind)
{
	const uint32_t caps = FFA_CONDUIT_CAP_SMC64 | FFA_CONDUIT_CAP_REGS18;
	/* The responder is the one the request was for. */
	uint32_t ids, w2 = 0;
	struct ffa_regs r;
	int type, rc = ffa__ready(ctx, kind == FFA_MSG_DIRECT_REQ2 ? FFA_VERSION_1_2
								   : FFA_VERSION_1_0);

	if (rc)
		return rc;
	if (!req || !next || req->kind != kind)
		return FFA_ERR_BAD_ARGUMENT;
	ids = ffa__pack_ids(req->receiver, req->sender);
	if (kind == FFA_MSG_DIRECT_REQ2) {
		if ((ctx->conduit.caps & caps) != caps)
			return FFA_ERR_NOT_SUPPORTED;
		/* x2/x3 (no UUID in a response) stay zero. */
		ffa__msg_frame(&r, FFA_MSG_SEND_DIRECT_RESP2_64, ids, 0, args, 4,
			       FFA_MSG_DIRECT2_WORDS);
	} else {
		/* DIRECT_RESP of the request's width. */
		if (kind == FFA_MSG_FRAMEWORK_REQ) {
			type = ffa_fwk_resp_type(req->fw_type);
			if (type < 0)
				return type;
			w2 = FFA_MSG_FLAG_FRAMEWORK | (uint32_t)type;
		}
		if (req->is_64 && !ffa__smc64(ctx))
			return FFA_ERR_NOT_SUPPORTED;
		rc = ffa__msg_frame(&r,
				    req->is_64 ? FFA_MSG_SEND_DIRECT_RESP_64
					       : FFA_MSG_SEND_DIRECT_RESP_32,
				    ids, w2, args, 3, FFA_MSG_DIRECT_WORDS);
		if (rc)
			return rc;
	}
	return receive(ctx, &r, false, next);
}

int ffa_msg_send_direct_resp(struct ffa_ctx *ctx, const struct ffa_msg *req,
			     const uint64_t args[FFA_MSG_DIRECT_WORDS], struct ffa_msg *next)
{
	return ffa__msg_reply(ctx, req, args, next, FFA_MSG_DIRECT_REQ);
}

int ffa_msg_send_framework_resp(struct ffa_ctx *ctx, const struct ffa_msg *req,
				const uint64_t args[FFA_MSG_DIRECT_WORDS], struct ffa_msg *next)
{
	return ffa__msg_reply(ctx, req, args, next, FFA_MSG_FRAMEWORK_REQ);
}

int ffa_msg_send_direct_resp2(struct ffa_ctx *ctx, const struct ffa_msg *req,
			      const uint64_t args[FFA_MSG_DIRECT2_WORDS], struct ffa_msg *next)
{
	return ffa__msg_reply(ctx, req, args, next, FFA_MSG_DIRECT_REQ2);
}

int ffa_yield(struct ffa_ctx *ctx, uint64_t timeout, struct ffa_msg *next)
{
	struct ffa_regs r;
	int rc = ffa__ready(ctx, FFA_VERSION_1_0);

	if (rc)
		return rc;
	/* w2/w3 carry the timeout from v1.2; MBZ before. */
	if (!next || (timeout && ctx->version < FFA_VERSION_1_2))
		return FFA_ERR_BAD_ARGUMENT;
	ffa__frame(&r, FFA_YIELD_32, 0, (uint32_t)timeout, timeout >> 32, 0);
	return receive(ctx, &r, true, next);
}
