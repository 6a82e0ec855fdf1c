/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory services: a transaction end to end on top of the memory calls
 * (include/ffa/mem_services.h). Owner: send -> handle -> reclaim.
 * Borrower: retrieve -> ranges -> relinquish. Caller-owned records only.
 */
#include "internal.h"

#include <ffa/mem_services.h>
#include <ffa/setup.h>

/* This endpoint's ID, asked once with FFA_ID_GET. Out of line: a caller
 * keeps nothing of its own across the two calls. */
static __attribute__((noinline)) int own_id(struct ffa_ctx *ctx, uint16_t *id)
{
	int rc = ffa_ctx_own_id(ctx, id);

	return rc == FFA_ERR_NO_DATA ? ffa_id_get(ctx, id) : rc;
}

/* ---- Owner side ------------------------------------------------------------------ */

/* The attributes @rgn asks for, for @op. ffa-memory.md 4: the owner
 * specifies for SHARE and for a LEND to several; the borrower chooses
 * otherwise. */
static uint32_t region_attr(enum ffa_mem_op op, const struct ffa_mem_region *rgn)
{
	if (rgn->attributes != FFA_MEM_SVC_ATTR_DEFAULT)
		return rgn->attributes;
	return op == FFA_MEM_OP_SHARE || (op == FFA_MEM_OP_LEND && rgn->receiver_count > 1)
		       ? FFA_MEM_ATTR_NORMAL_WB_INNER
		       : 0;
}

/* The transaction of region @arg (checked by ffa_mem_svc_send()), sent
 * by this endpoint (its ID is known by then). */
static int region_txn(const struct ffa_ctx *ctx, enum ffa_mem_op op, const void *arg,
		      struct ffa_mem_txn *t)
{
	const struct ffa_mem_region *rgn = arg;

	t->version = ctx->version;
	t->kind = FFA_MEM_DESC_SEND;
	(void)ffa_ctx_own_id(ctx, &t->sender);
	t->attributes = (uint16_t)region_attr(op, rgn);
	t->flags = rgn->flags;
	t->tag = rgn->tag;
	t->receiver_count = rgn->receiver_count;
	t->receivers = rgn->receivers;
	return 0;
}

int ffa_mem_svc_send(struct ffa_ctx *ctx, enum ffa_mem_op op, const struct ffa_mem_region *rgn,
		     struct ffa_mem_lent *out)
{
	int rc = ffa__ready(ctx, FFA_VERSION_1_0);

	if (rc)
		return rc;
	if (!rgn || !out)
		return FFA_ERR_BAD_ARGUMENT;
	ffa__bytes_zero(out, sizeof(*out));
	if ((uint32_t)op > FFA_MEM_OP_SHARE)
		return FFA_ERR_BAD_ARGUMENT;
	out->handle = FFA_MEM_HANDLE_INVALID;
	out->op = op;
	if (region_attr(op, rgn) > 0xFFFFu)
		return FFA_ERR_BAD_ARGUMENT;
	rc = own_id(ctx, &out->sender);
	if (rc)
		return rc;
	/* A tail call: the send's frame is the only one. A failed send names
	 * a handle (and leaves the record live) only if it could not be
	 * undone. */
	return ffa__mem_send(ctx, op, region_txn, rgn, rgn->ranges, NULL, &out->handle,
			     &out->live);
}

int ffa_mem_svc_share(struct ffa_ctx *ctx, const struct ffa_mem_region *rgn,
		      struct ffa_mem_lent *out)
{
	return ffa_mem_svc_send(ctx, FFA_MEM_OP_SHARE, rgn, out);
}

int ffa_mem_svc_lend(struct ffa_ctx *ctx, const struct ffa_mem_region *rgn,
		     struct ffa_mem_lent *out)
{
	return ffa_mem_svc_send(ctx, FFA_MEM_OP_LEND, rgn, out);
}

int ffa_mem_svc_donate(struct ffa_ctx *ctx, const struct ffa_mem_region *rgn,
		       struct ffa_mem_lent *out)
{
	return ffa_mem_svc_send(ctx, FFA_MEM_OP_DONATE, rgn, out);
}

int ffa_mem_svc_reclaim(struct ffa_ctx *ctx, struct ffa_mem_lent *l, uint32_t flags)
{
	int rc;

	if (!l || !l->live)
		return FFA_ERR_BAD_ARGUMENT;
	rc = ffa_mem_reclaim(ctx, l->handle, flags);
	if (rc == 0)
		l->live = false;
	return rc;
}

/* ---- Borrower side ---------------------------------------------------------------- */

/* The request of borrow @arg, built in the retrieval's storage (no copy of
 * it stays in the services' frame): the caller's borrower list, or this
 * endpoint (its ID known by then) alone. */
static int borrow_txn(struct ffa_ctx *ctx, const void *arg, struct ffa__mem_retrieve_req *r)
{
	const struct ffa_mem_borrow *req = arg;
	struct ffa_mem_txn *t = &r->u.own.t;

	t->kind = FFA_MEM_DESC_RETRIEVE_REQ;
	t->sender = req->sender;
	t->handle = req->handle;
	t->tag = req->tag;
	t->flags = (req->flags & ~FFA_MEM_RETRIEVE_FLAG_TYPE_MASK) |
		   FFA_MEM_RETRIEVE_FLAG_TYPE(req->type);
	t->receivers = req->borrowers;
	t->receiver_count = req->borrower_count;
	if (!req->borrowers) {
		struct ffa_mem_receiver *me = &r->u.own.me;

		(void)ffa_ctx_own_id(ctx, &me->id);
		me->perm = req->perm;
		if (req->impdef)
			__builtin_memcpy(me->impdef, req->impdef, FFA_MEM_IMPDEF_SIZE);
		t->receivers = me;
		t->receiver_count = 1;
	}
	r->txn = t;
	return 0;
}

/*
 * Retrieve as @req asks (the request names this endpoint alone, or the
 * caller's borrower list, which must hold this endpoint, retrieving) to
 * @to/@with as @mode says. The record is set up and the own ID learnt
 * here, where the stack is shallow; the retrieval (which fills the record
 * from the response) is a tail call: its frame is the only one.
 */
static int borrow(struct ffa_ctx *ctx, const struct ffa_mem_borrow *req,
		  struct ffa_mem_borrowed *b, union ffa__mem_to to, union ffa__mem_with with,
		  enum ffa__mem_to_mode mode)
{
	int rc = ffa__ready(ctx, FFA_VERSION_1_0);
	bool found = false;

	if (rc)
		return rc;
	if (!req || !b)
		return FFA_ERR_BAD_ARGUMENT;
	ffa__bytes_zero(b, sizeof(*b));
	/* What was asked for, until the response says more: a retrieval
	 * whose undo failed is then relinquished by the right handle. */
	b->handle = req->handle;
	b->sender = req->sender;
	b->tag = req->tag;
	rc = own_id(ctx, &b->self);
	if (rc)
		return rc;
	if (req->type > FFA_MEM_RETRIEVE_TYPE_DONATE)
		return FFA_ERR_BAD_ARGUMENT;
	if (req->borrowers) {
		for (uint32_t i = 0; i < req->borrower_count; i++)
			if (req->borrowers[i].id == b->self &&
			    !(req->borrowers[i].flags & FFA_MEM_EMAD_FLAG_NON_RETRIEVAL))
				found = true;
		if (!found)
			return FFA_ERR_BAD_ARGUMENT;
	}
	return ffa__mem_retrieve(ctx, borrow_txn, req, NULL, to, with, b, mode);
}

int ffa_mem_svc_retrieve(struct ffa_ctx *ctx, const struct ffa_mem_borrow *req,
			 struct ffa_mem_range *out, size_t cap, struct ffa_mem_borrowed *b)
{
	if (!out && cap)
		return FFA_ERR_BAD_ARGUMENT;
	/* The count is returned as an int. */
	return borrow(ctx, req, b, (union ffa__mem_to){ .out = out },
		      (union ffa__mem_with){ .cap = cap > 0x7FFFFFFF ? 0x7FFFFFFF : cap },
		      FFA__MEM_TO_ARRAY);
}

int ffa_mem_svc_retrieve_each(struct ffa_ctx *ctx, const struct ffa_mem_borrow *req,
			      int (*range)(void *arg, uint64_t addr, uint32_t pages), void *arg,
			      struct ffa_mem_borrowed *b)
{
	if (!range)
		return FFA_ERR_BAD_ARGUMENT;
	return borrow(ctx, req, b, (union ffa__mem_to){ .range = range },
		      (union ffa__mem_with){ .arg = arg }, FFA__MEM_TO_EACH);
}

int ffa_mem_svc_relinquish(struct ffa_ctx *ctx, struct ffa_mem_borrowed *b, uint32_t flags)
{
	int rc;

	if (!b || !b->retrieved)
		return FFA_ERR_BAD_ARGUMENT;
	rc = ffa_mem_relinquish(ctx, b->handle, flags, &b->self, 1);
	if (rc == 0)
		b->retrieved = false;
	return rc;
}
