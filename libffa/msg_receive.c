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

/* Framework response types (ffa-abi.md 9.1). */
static bool fwk_is_resp(uint32_t t)
{
	switch (t) {
	case FFA_FWK_PM_RESP:
	case FFA_FWK_VM_CREATED_RESP:
	case FFA_FWK_VM_DESTROYED_RESP:
	case FFA_FWK_VERSION_RESP:
	case FFA_FWK_STOP_RESP:
	case FFA_FWK_LA_START_RESP:
	case FFA_FWK_LA_FINISH_RESP:
		return true;
	default:
		return false;
	}
}

/* DIRECT_REQ/RESP_32/64: partition or framework message. */
static int decode_direct(const struct ffa_regs *f, bool req, struct ffa_msg *m)
{
	uint32_t w2 = ffa__w(f, 2);

	m->is_64 = (ffa__w(f, 0) & FFA_FID_64BIT_BIT) != 0;
	if (w2 & FFA_MSG_FLAG_FRAMEWORK) {
		uint32_t type = w2 & FFA_FWK_MSG_TYPE_MASK;

		if (req ? ffa_fwk_resp_type(type) < 0 : !fwk_is_resp(type))
			return FFA_ERR_PROTOCOL;
		m->kind = req ? FFA_MSG_FRAMEWORK_REQ : FFA_MSG_FRAMEWORK_RESP;
		m->fw_type = (uint8_t)type;
	} else {
		m->kind = req ? FFA_MSG_DIRECT_REQ : FFA_MSG_DIRECT_RESP;
	}
	for (unsigned int i = 0; i < FFA_MSG_DIRECT_WORDS; i++)
		m->args[i] = m->is_64 ? f->x[3 + i] : ffa__w(f, 3 + i);
	return 0;
}

int ffa_msg_decode(const struct ffa_ctx *ctx, const struct ffa_regs *frame,
		   struct ffa_msg *msg)
{
	struct ffa_msg m;
	uint32_t fid;
	int rc = 0;

	if (!msg)
		return FFA_ERR_BAD_ARGUMENT;
	ffa__bytes_zero(msg, sizeof(*msg));
	if (!ctx || !frame)
		return FFA_ERR_BAD_ARGUMENT;
	ffa__bytes_zero(&m, sizeof(m));
	fid = ffa__w(frame, 0);
	m.sender = (uint16_t)(ffa__w(frame, 1) >> 16);
	m.receiver = (uint16_t)ffa__w(frame, 1);

	switch (fid) {
	case FFA_MSG_SEND_DIRECT_REQ_32:
	case FFA_MSG_SEND_DIRECT_REQ_64:
		rc = decode_direct(frame, true, &m);
		break;
	case FFA_MSG_SEND_DIRECT_RESP_32:
	case FFA_MSG_SEND_DIRECT_RESP_64:
		rc = decode_direct(frame, false, &m);
		break;
	case FFA_MSG_SEND_DIRECT_REQ2_64:
	case FFA_MSG_SEND_DIRECT_RESP2_64:
		/* Not part of the ABI a pre-v1.2 endpoint agreed to. */
		if (ctx->version < FFA_VERSION_1_2)
			return FFA_ERR_PROTOCOL;
		m.is_64 = true;
		if (fid == FFA_MSG_SEND_DIRECT_REQ2_64) {
			m.kind = FFA_MSG_DIRECT_REQ2;
			ffa_uuid_from_regs64(frame->x[2], frame->x[3], &m.uuid);
		} else {
			m.kind = FFA_MSG_DIRECT_RESP2;
		}
		for (unsigned int i = 0; i < FFA_MSG_DIRECT2_WORDS; i++)
			m.args[i] = frame->x[4 + i];
		break;
	case FFA_RUN_32:
		m.kind = FFA_MSG_RUN;
		break;
	case FFA_INTERRUPT_32:
		m.kind = FFA_MSG_INTERRUPT;
		m.interrupt_id = ffa__w(frame, 2);
		break;
	case FFA_SUCCESS_32:
	case FFA_SUCCESS_64:
		m.kind = FFA_MSG_SUCCESS;
		m.sender = m.receiver = 0;
		break;
	case FFA_ERROR_32:
		return ffa_error_from_wire(ffa__w(frame, 2));
	default:
		return FFA_ERR_PROTOCOL;
	}
	if (rc)
		return rc;
	*msg = m;
	return 0;
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

	if (rc) {
		ffa__bytes_zero(next, sizeof(*next));
		return rc;
	}
	rc = ffa_msg_decode(ctx, r, next);
	if (rc)
		return rc;
	switch (next->kind) {
	case FFA_MSG_DIRECT_REQ:
	case FFA_MSG_DIRECT_REQ2:
	case FFA_MSG_FRAMEWORK_REQ:
		if ((ctx->flags & FFA_CTX_F_OWN_ID) && next->receiver != ctx->own_id)
			rc = FFA_ERR_PROTOCOL;
		break;
	case FFA_MSG_RUN:
	case FFA_MSG_INTERRUPT:
		break;
	case FFA_MSG_SUCCESS:
		if (!allow_success)
			rc = FFA_ERR_PROTOCOL;
		break;
	default:
		/* A response is never delivered to a waiting endpoint. */
		rc = FFA_ERR_PROTOCOL;
		break;
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
	ffa__frame_init(&r, FFA_MSG_WAIT_32);
	r.x[2] = flags;
	return receive(ctx, &r, false, next);
}

/* DIRECT_RESP of @req's width with flags word @w2. */
static int reply_direct(struct ffa_ctx *ctx, const struct ffa_msg *req, uint32_t w2,
			const uint64_t *args, struct ffa_msg *next)
{
	struct ffa_regs r;

	if (req->is_64 && !ffa__smc64(ctx))
		return FFA_ERR_NOT_SUPPORTED;
	if (!req->is_64 && !ffa__msg_words_fit32(args, FFA_MSG_DIRECT_WORDS))
		return FFA_ERR_BAD_ARGUMENT;
	ffa__frame_init(&r, req->is_64 ? FFA_MSG_SEND_DIRECT_RESP_64 : FFA_MSG_SEND_DIRECT_RESP_32);
	/* The responder is the one the request was for. */
	r.x[1] = ffa__pack_ids(req->receiver, req->sender);
	r.x[2] = w2;
	if (args)
		for (unsigned int i = 0; i < FFA_MSG_DIRECT_WORDS; i++)
			r.x[3 + i] = args[i];
	return receive(ctx, &r, false, next);
}

/* Common checks of the reply calls: 0 or an error. */
static int reply_ok(const struct ffa_ctx *ctx, uint32_t min_version, const struct ffa_msg *req,
		    enum ffa_msg_kind kind, const struct ffa_msg *next)
{
	int rc = ffa__ready(ctx, min_version);

	if (rc)
		return rc;
	if (!req || !next || req->kind != kind)
		return FFA_ERR_BAD_ARGUMENT;
	return 0;
}

int ffa_msg_send_direct_resp(struct ffa_ctx *ctx, const struct ffa_msg *req,
			     const uint64_t args[FFA_MSG_DIRECT_WORDS], struct ffa_msg *next)
{
	int rc = reply_ok(ctx, FFA_VERSION_1_0, req, FFA_MSG_DIRECT_REQ, next);

	return rc ? rc : reply_direct(ctx, req, 0, args, next);
}

int ffa_msg_send_framework_resp(struct ffa_ctx *ctx, const struct ffa_msg *req,
				const uint64_t args[FFA_MSG_DIRECT_WORDS], struct ffa_msg *next)
{
	int rc = reply_ok(ctx, FFA_VERSION_1_0, req, FFA_MSG_FRAMEWORK_REQ, next);
	int type;

	if (rc)
		return rc;
	type = ffa_fwk_resp_type(req->fw_type);
	if (type < 0)
		return type;
	return reply_direct(ctx, req, FFA_MSG_FLAG_FRAMEWORK | (uint32_t)type, args, next);
}

int ffa_msg_send_direct_resp2(struct ffa_ctx *ctx, const struct ffa_msg *req,
			      const uint64_t args[FFA_MSG_DIRECT2_WORDS], struct ffa_msg *next)
{
	const uint32_t caps = FFA_CONDUIT_CAP_SMC64 | FFA_CONDUIT_CAP_REGS18;
	struct ffa_regs r;
	int rc = reply_ok(ctx, FFA_VERSION_1_2, req, FFA_MSG_DIRECT_REQ2, next);

	if (rc)
		return rc;
	if ((ctx->conduit.caps & caps) != caps)
		return FFA_ERR_NOT_SUPPORTED;
	ffa__frame_init(&r, FFA_MSG_SEND_DIRECT_RESP2_64);
	r.x[1] = ffa__pack_ids(req->receiver, req->sender);
	/* x2/x3 (no UUID in a response) stay zero. */
	if (args)
		for (unsigned int i = 0; i < FFA_MSG_DIRECT2_WORDS; i++)
			r.x[4 + i] = args[i];
	return receive(ctx, &r, false, next);
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
	ffa__frame_init(&r, FFA_YIELD_32);
	r.x[2] = (uint32_t)timeout;
	r.x[3] = timeout >> 32;
	return receive(ctx, &r, true, next);
}
