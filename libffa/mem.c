/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory management: the step shared by every memory call (time slicing
 * with FFA_MEM_OP_PAUSE / FFA_MEM_OP_RESUME), descriptor-buffer set-up, and
 * the small calls FFA_MEM_RECLAIM, FFA_MEM_RELINQUISH, FFA_MEM_OP_RESUME
 * (ffa-memory.md 7, 8.2, 9.3; ffa-abi.md 4.5). Sending is in mem_send.c,
 * retrieving in mem_retrieve.c, page permissions in mem_perm.c.
 */
#include "internal.h"

/* The function IDs of the FFA__MEM_ANS_* bits, bit 0 first. */
static const uint32_t answer_ids[] = { FFA_SUCCESS_32,	      FFA_SUCCESS_64,
				       FFA_MEM_FRAG_RX_32,    FFA_MEM_FRAG_TX_32,
				       FFA_MEM_RETRIEVE_RESP_32, FFA_MEM_OP_PAUSE_32 };

/*
 * How the call that returned @rc with the answer in @r ends a step of @op:
 * 0 (allowed; copied to *@out if not NULL), a negative code, or 1 for a
 * FFA_MEM_OP_PAUSE to resume (the FFA_MEM_OP_RESUME frame is then in @r).
 * Out of line, with the resume frame: the loop in ffa__mem_call() keeps no
 * more than its arguments across the conduit.
 */
static __attribute__((noinline)) int mem_answer(const struct ffa_ctx *ctx, struct ffa__mem_op *op,
						struct ffa_regs *r, struct ffa_regs *out, int rc)
{
	unsigned int i;
	uint32_t fid;
	uint64_t h;

	op->outcome = FFA__MEM_CONDUIT;
	if (rc)
		return rc;
	for (i = 0; i < 4; i++)
		op->w[i] = ffa__w(r, i);
	fid = op->w[0];
	op->outcome = FFA__MEM_ANSWER;
	for (i = 0; i < sizeof(answer_ids) / sizeof(answer_ids[0]); i++) {
		if (((op->answers >> i) & 1u) && fid == answer_ids[i]) {
			if (out)
				*out = *r;
			return 0;
		}
	}
	op->outcome = FFA__MEM_BAD;
	if (fid == FFA_ERROR_32) {
		rc = ffa_error_from_wire(op->w[2]);
		/* An FFA_ERROR with a code outside -1..-10 is a protocol
		 * violation, not a refusal: nothing can be inferred. */
		if (rc != FFA_ERR_PROTOCOL)
			op->outcome = FFA__MEM_ERROR;
		return rc;
	}
	/* Time slicing (ffa-memory.md 8.2): only if the caller allowed it, and
	 * only for this operation's handle. */
	h = ffa_mem_handle_make(op->w[1], op->w[2]);
	if (fid != FFA_MEM_OP_PAUSE_32 || !op->slicing || h == FFA_MEM_HANDLE_INVALID ||
	    (op->known && h != op->handle))
		return FFA_ERR_PROTOCOL;
	op->handle = h;
	op->known = true;
	if (ctx->resume_limit && op->rounds >= ctx->resume_limit) {
		op->outcome = FFA__MEM_STUCK;
		return FFA_ERR_INTERRUPTED;
	}
	op->rounds++;
	ffa__frame(r, FFA_MEM_OP_RESUME_32, op->w[1], op->w[2], 0, 0);
	return 1;
}

int ffa__mem_call(struct ffa_ctx *ctx, struct ffa__mem_op *op, uint32_t fid, uint64_t a1,
		  uint64_t a2, uint64_t a3, uint64_t a4, struct ffa_regs *out)
{
	struct ffa_regs r;
	int rc;

	op->rounds = 0;
	ffa__frame(&r, fid, a1, a2, a3, a4);
	do
		rc = mem_answer(ctx, op, &r, out, ffa__call(ctx, &r));
	while (rc > 0);
	return rc;
}

int ffa__mem_buf_setup(struct ffa_ctx *ctx, const struct ffa_mem_xfer *xfer,
		       struct ffa__mem_buf *b)
{
	uint64_t size, pa;

	ffa__bytes_zero(b, sizeof(*b));
	if (!xfer || !xfer->buf) {
		if (!(ctx->flags & FFA_CTX_F_RXTX_MAPPED))
			return FFA_ERR_BAD_ARGUMENT;
		b->buf = (uint8_t *)ctx->tx;
		b->cap = ctx->rxtx_pages * FFA_PAGE_SIZE;
		return 0;
	}
	/* A caller buffer: whole pages, aligned in both address spaces, not
	 * wrapping, its address within what the call width can carry. */
	if (xfer->pages == 0 || ((uintptr_t)xfer->buf & (FFA_PAGE_SIZE - 1)))
		return FFA_ERR_BAD_ARGUMENT;
	size = (uint64_t)xfer->pages * FFA_PAGE_SIZE;
	if (size > (uint64_t)(uintptr_t)-1 - (uintptr_t)xfer->buf)
		return FFA_ERR_BAD_ARGUMENT;
	if (!ffa__va_to_pa(ctx, xfer->buf, &pa) || (pa & (FFA_PAGE_SIZE - 1)) ||
	    pa > UINT64_MAX - size)
		return FFA_ERR_BAD_ARGUMENT;
	b->wide = ffa__smc64(ctx);
	if (!b->wide && (pa >> 32))
		return FFA_ERR_BAD_ARGUMENT;
	b->buf = (uint8_t *)xfer->buf;
	/* No fragment is longer than a descriptor may be. */
	b->cap = size > FFA_MEM_DESC_MAX_LEN ? FFA_MEM_DESC_MAX_LEN : (uint32_t)size;
	b->addr = pa;
	b->pages = xfer->pages;
	return 0;
}

int ffa__mem_txn_check(const struct ffa_ctx *ctx, const struct ffa_mem_txn *txn,
		       enum ffa_mem_desc_kind kind)
{
	if (!txn || txn->kind != kind)
		return FFA_ERR_BAD_ARGUMENT;
	/* Descriptors use the negotiated layout, never another one
	 * (known-bugs.md 23): 0 means "the negotiated version". */
	if (txn->version != 0 && txn->version != ctx->version)
		return FFA_ERR_BAD_ARGUMENT;
	return 0;
}

/* A step of a small call @fid on @handle with @op (set up here; the
 * caller's own op may be reused): FFA_SUCCESS ends it (FFA_MEM_OP_RESUME:
 * any answer of a paused step, into *@out if not NULL); time slicing if
 * @flags has the time-slicing bit (bit 1 for both reclaim and relinquish);
 * w1/w2 = the handle and w3 = @flags but for FFA_MEM_RELINQUISH (the
 * descriptor in the TX buffer says everything). Ends in a tail call:
 * nothing of it stays below the caller's frame. */
static int handle_call(struct ffa_ctx *ctx, struct ffa__mem_op *op, uint64_t handle,
		       uint32_t flags, uint32_t fid, struct ffa_regs *out)
{
	bool regs = fid != FFA_MEM_RELINQUISH_32;

	op->answers = fid == FFA_MEM_OP_RESUME_32
			      ? FFA__MEM_ANS_SUCCESS | FFA__MEM_ANS_FRAG_RX | FFA__MEM_ANS_FRAG_TX |
					FFA__MEM_ANS_RETRIEVE_RESP | FFA__MEM_ANS_PAUSE
			      : FFA__MEM_ANS_SUCCESS;
	op->slicing = (flags & FFA_MEM_RECLAIM_FLAG_TIME_SLICE) != 0;
	op->known = true;
	op->handle = handle;
	return ffa__mem_call(ctx, op, fid, regs ? ffa_mem_handle_lo(handle) : 0,
			     regs ? ffa_mem_handle_hi(handle) : 0, regs ? flags : 0, 0, out);
}

int ffa__mem_reclaim(struct ffa_ctx *ctx, struct ffa__mem_op *op, uint64_t handle,
		     uint32_t flags)
{
	return handle_call(ctx, op, handle, flags, FFA_MEM_RECLAIM_32, NULL);
}

int ffa__mem_relinquish_locked(struct ffa_ctx *ctx, struct ffa__mem_op *op, uint64_t handle,
			       uint32_t flags, const uint16_t *ids, uint32_t count)
{
	int rc = ffa_mem_relinquish_encode(handle, flags, ids, count, ctx->tx,
					   (size_t)ctx->rxtx_pages * FFA_PAGE_SIZE);

	if (rc < 0)
		return rc;
	return handle_call(ctx, op, handle, flags, FFA_MEM_RELINQUISH_32, NULL);
}

/* ffa_mem_reclaim(), ffa_mem_relinquish() (@ids, @count) and
 * ffa_mem_op_resume() (@out; @flags 0, no time slicing here: a PAUSE
 * answer is returned to the caller, who owns the loop): the call @fid. */
static int handle_op(struct ffa_ctx *ctx, uint64_t handle, uint32_t flags, const uint16_t *ids,
		     uint32_t count, uint32_t fid, struct ffa_regs *out)
{
	struct ffa__mem_op op;
	int rc = ffa__ready(ctx, FFA_VERSION_1_0);

	if (rc)
		return rc;
	if (!ffa_mem_relinquish_flags_valid(flags) || handle == FFA_MEM_HANDLE_INVALID ||
	    (fid == FFA_MEM_RELINQUISH_32 && (!ids || count == 0)))
		return FFA_ERR_BAD_ARGUMENT;
	if (fid != FFA_MEM_RELINQUISH_32)
		return handle_call(ctx, &op, handle, flags, fid, out);
	ffa__lock(ctx);
	rc = FFA_ERR_BAD_ARGUMENT;
	if (ctx->flags & FFA_CTX_F_RXTX_MAPPED)
		rc = ffa__mem_relinquish_locked(ctx, &op, handle, flags, ids, count);
	ffa__unlock(ctx);
	return rc;
}

int ffa_mem_reclaim(struct ffa_ctx *ctx, uint64_t handle, uint32_t flags)
{
	return handle_op(ctx, handle, flags, NULL, 0, FFA_MEM_RECLAIM_32, NULL);
}

int ffa_mem_relinquish(struct ffa_ctx *ctx, uint64_t handle, uint32_t flags,
		       const uint16_t *ids, uint32_t count)
{
	return handle_op(ctx, handle, flags, ids, count, FFA_MEM_RELINQUISH_32, NULL);
}

int ffa_mem_op_resume(struct ffa_ctx *ctx, uint64_t handle, struct ffa_regs *out)
{
	return handle_op(ctx, handle, 0, NULL, 0, FFA_MEM_OP_RESUME_32, out);
}

/* Forwarders for the three send operations (mem_send.c). */
int ffa_mem_share(struct ffa_ctx *ctx, const struct ffa_mem_txn *txn,
		  const struct ffa_mem_range_iter *it, const struct ffa_mem_xfer *xfer,
		  uint64_t *handle)
{
	return ffa_mem_send(ctx, FFA_MEM_OP_SHARE, txn, it, xfer, handle);
}

int ffa_mem_lend(struct ffa_ctx *ctx, const struct ffa_mem_txn *txn,
		 const struct ffa_mem_range_iter *it, const struct ffa_mem_xfer *xfer,
		 uint64_t *handle)
{
	return ffa_mem_send(ctx, FFA_MEM_OP_LEND, txn, it, xfer, handle);
}

int ffa_mem_donate(struct ffa_ctx *ctx, const struct ffa_mem_txn *txn,
		   const struct ffa_mem_range_iter *it, const struct ffa_mem_xfer *xfer,
		   uint64_t *handle)
{
	return ffa_mem_send(ctx, FFA_MEM_OP_DONATE, txn, it, xfer, handle);
}
