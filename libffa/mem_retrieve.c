/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_MEM_RETRIEVE_REQ and its possibly fragmented FFA_MEM_RETRIEVE_RESP,
 * fetched fragment by fragment with FFA_MEM_FRAG_RX / FFA_MEM_FRAG_TX
 * through the RX buffer (ffa-memory.md 8.3, 8.4, 9; known-bugs.md 25, 27).
 *
 * Every fragment is validated by the reassembler and handed to the
 * caller's sink while it is still in the RX buffer; the buffer is then
 * released, exactly once per fragment the manager delivered. The register
 * frames live in ffa__mem_call(), not in this (long-lived) state.
 */
#include "internal.h"

#include "desc/desc_internal.h"

#include <ffa/mem_services.h>

/*
 * One retrieval. The request is needed only until it is encoded, the
 * reassembler only from the response on: they share storage. The whole
 * state is in the frame of ffa__mem_retrieve(), the one frame above every
 * step of the retrieval (the helpers that make a step end in a tail call;
 * the others call no step).
 */
struct retrieve {
	union {
		struct ffa__mem_retrieve_req req; /* until encoded */
		struct ffa_mem_reasm ra;          /* then reassembling the response */
	} u;
	struct ffa__mem_op op;         /* handle = the request's */
	struct ffa_ctx *ctx;
	union ffa__mem_to to;          /* where the response goes, as @mode says */
	union ffa__mem_with with;
	void *rec;                     /* bool *retrieved (SINK), or the record */
	uint32_t total;                /* R */
	uint32_t got;                  /* bytes the manager delivered so far */
	uint32_t n;                    /* ranges handed over */
	uint16_t self;                 /* who relinquishes on undo */
	uint16_t sender;               /* the request's */
	uint8_t mode;                  /* enum ffa__mem_to_mode */
	bool forward;                  /* FRAG_RX w4 names the owner */
	bool have_self;
	bool owned;                    /* the RX buffer holds an unreleased fragment */
	bool mapped;                   /* RETRIEVE_RESP came: the region is mapped */
	bool intact;                   /* the exchange itself can go on (drain) */
	int release_rc;                /* first failing RX release */
};

/* Set the caller's retrieved flag (SINK: if it gave one). */
static __attribute__((noinline)) void set_retrieved(struct retrieve *s, bool v)
{
	bool *flag = s->rec;

	if (s->mode != FFA__MEM_TO_SINK)
		flag = &((struct ffa_mem_borrowed *)s->rec)->retrieved;
	if (flag)
		*flag = v;
}

/* Give the RX buffer back if a fragment is in it. */
static __attribute__((noinline)) void release(struct retrieve *s)
{
	struct ffa_regs r;
	int rc;

	if (!s->owned)
		return;
	s->owned = false;
	rc = ffa__rx_release_locked(s->ctx, &r, 0);
	if (rc && !s->release_rc)
		s->release_rc = rc;
}

/* A fragment of @len bytes was announced (RETRIEVE_RESP w2 / FRAG_TX w3):
 * the RX buffer is ours now. Check the length before anything reads it. */
static __attribute__((noinline)) int delivered(struct retrieve *s, uint32_t len)
{
	s->owned = true;
	if (len == 0 || len > s->ctx->rxtx_pages * FFA_PAGE_SIZE || len > s->total - s->got)
		return FFA_ERR_PROTOCOL;
	s->got += len;
	return 0;
}

/* Ask for the next fragment (FRAG_RX); ends in a tail call. */
static __attribute__((noinline)) int frag_rx(struct retrieve *s)
{
	s->op.answers = FFA__MEM_ANS_FRAG_TX;
	return ffa__mem_call(s->ctx, &s->op, FFA_MEM_FRAG_RX_32, ffa_mem_handle_lo(s->op.handle),
			     ffa_mem_handle_hi(s->op.handle), s->got,
			     s->forward ? ffa__pack_ids(s->sender, 0) : 0, NULL);
}

/* The FRAG_TX answer to frag_rx() (which returned @rc): its length in w3. */
static int fetched(struct retrieve *s, int rc)
{
	if (rc)
		return rc;
	/* FFA_MEM_FRAG_TX filled the RX buffer whatever else it says. */
	rc = delivered(s, s->op.w[3]);
	if (ffa_mem_handle_make(s->op.w[1], s->op.w[2]) != s->op.handle)
		return FFA_ERR_PROTOCOL;
	return rc;
}

/*
 * This endpoint's EMAD in the response @d (first fragment, in the RX
 * buffer): its permissions (>= 0), FFA_ERR_NO_DATA if no EMAD names it, or
 * the error reading one. If it is still unknown who relinquishes on undo,
 * the response's single receiver does. Its own frame (the EMAD copy) is
 * above only the retrieval's: the deepest of the header's chains.
 */
static __attribute__((noinline)) int mine(struct retrieve *s, const struct ffa_mem_desc *d)
{
	struct ffa_mem_receiver me;

	for (uint32_t i = 0; i < d->receiver_count; i++) {
		int rc = ffa_mem_desc_receiver(d, i, &me);

		if (rc)
			return rc;
		if (!s->have_self && d->receiver_count == 1) {
			s->self = me.id;
			s->have_self = true;
		}
		if (me.id == s->self)
			return me.perm;
	}
	return FFA_ERR_NO_DATA;
}

/* The header of the response @d to the record: what the response says,
 * with this endpoint's permissions @perm (or mine()'s error). The response
 * names the retriever alone (ffa-memory.md 9.2). Known before any range
 * arrives: an array too small is refused now, so the retrieval is undone
 * rather than half copied. */
static int record(struct retrieve *s, const struct ffa_mem_desc *d, int perm)
{
	struct ffa_mem_borrowed *b = s->rec;

	if (perm < 0)
		return perm == FFA_ERR_NO_DATA ? FFA_ERR_PROTOCOL : perm;
	b->handle = d->handle;
	b->sender = d->sender;
	b->tag = d->tag;
	b->attributes = d->attributes;
	b->flags = d->flags;
	b->perm = (uint8_t)perm;
	b->range_count = d->constituent_count;
	b->total_pages = d->total_pages;
	return s->mode == FFA__MEM_TO_ARRAY && d->constituent_count > s->with.cap
		       ? FFA_ERR_BUFFER_TOO_SMALL
		       : 0;
}

/* Hand the first fragment, of @len bytes in the RX buffer, to the
 * reassembler and its header to the sink or the record; the response must
 * be about what was asked. */
static __attribute__((noinline)) int first(struct retrieve *s, uint32_t len)
{
	const struct ffa_mem_retrieve_sink *sink = s->to.sink;
	const struct ffa_mem_desc *d;
	int rc = ffa_mem_reasm_feed(&s->u.ra, s->ctx->rx, len);

	if (rc)
		return rc;
	d = ffa_mem_reasm_desc(&s->u.ra);
	if (d->handle != s->op.handle || d->sender != s->sender)
		return FFA_ERR_PROTOCOL;
	rc = mine(s, d);
	if (s->mode != FFA__MEM_TO_SINK)
		return record(s, d, rc);
	rc = sink->header ? sink->header(sink->arg, d) : 0;
	return rc > 0 ? FFA_ERR_BAD_ARGUMENT : rc;
}

/* Hand the ranges of the fragment in the RX buffer (fed already) to the
 * sink, the callback or the array. */
static __attribute__((noinline)) int ranges(struct retrieve *s)
{
	struct ffa_mem_range *out = s->to.out;
	uint64_t addr;
	uint32_t pages;
	int rc;

	while ((rc = ffa_mem_reasm_next(&s->u.ra, &addr, &pages)) == 1) {
		if (s->mode == FFA__MEM_TO_ARRAY) {
			if (s->n >= s->with.cap)
				return FFA_ERR_BUFFER_TOO_SMALL; /* cannot happen after record() */
			out[s->n].addr = addr;
			out[s->n].pages = pages;
			rc = 0;
		} else if (s->mode == FFA__MEM_TO_EACH) {
			rc = s->to.range(s->with.arg, addr, pages);
		} else {
			rc = s->to.sink->range(s->to.sink->arg, addr, pages);
		}
		if (rc)
			return rc > 0 ? FFA_ERR_BAD_ARGUMENT : rc;
		s->n++;
	}
	return rc;
}

/* Hand the fragment in the RX buffer to the reassembler and the sink: the
 * first one, of RETRIEVE_RESP w2 bytes, or a later one, of FRAG_TX w3. */
static int consume(struct retrieve *s)
{
	int rc = ffa_mem_reasm_desc(&s->u.ra) == NULL
			 ? first(s, s->op.w[2])
			 : ffa_mem_reasm_feed(&s->u.ra, s->ctx->rx, s->op.w[3]);

	return rc ? rc : ranges(s);
}

/* Relinquish on undo (flags 0). */
static int relinquish(struct retrieve *s)
{
	return ffa__mem_relinquish_locked(s->ctx, &s->op, s->op.handle, 0, &s->self, 1);
}

/* Undo a retrieval that failed after the region was mapped: fetch and
 * drop what is left while the exchange is intact (a relinquish is refused
 * until everything was retrieved), then relinquish. True if undone. */
static bool undo(struct retrieve *s)
{
	release(s);
	if (!s->mapped)
		return true;
	if (s->op.outcome == FFA__MEM_STUCK)
		return false;
	while (s->intact && s->got < s->total && !s->release_rc) {
		if (fetched(s, frag_rx(s)))
			s->intact = false;
		release(s);
	}
	if (!s->have_self)
		return false;
	return relinquish(s) == 0;
}

/* Encode the request into the buffer (whole: requests are never
 * fragmented), set up the steps from it and send it; ends in a tail call. */
static __attribute__((noinline)) int request(struct retrieve *s)
{
	const struct ffa_mem_txn *t = s->u.req.txn;
	struct ffa__mem_buf *b = &s->u.req.b;
	int len = ffa__mem_buf_setup(s->ctx, s->u.req.xfer, b);

	if (len)
		return len;
	len = ffa__mem_req_encode(t, s->ctx->version, b->buf, b->cap);
	if (len < 0)
		return len;
	s->op.answers = FFA__MEM_ANS_RETRIEVE_RESP;
	s->op.slicing = (t->flags & FFA_MEM_RETRIEVE_FLAG_TIME_SLICE) != 0;
	s->op.known = true;
	s->op.handle = t->handle;
	/* w1 = total length = w2, this fragment. */
	return ffa__mem_call(s->ctx, &s->op, b->wide ? FFA_MEM_RETRIEVE_REQ_64 : FFA_MEM_RETRIEVE_REQ_32,
			     (uint32_t)len, (uint32_t)len, b->addr, b->pages, NULL);
}

/* The retrieval under the RX/TX lock, its state in @s. */
static inline int run(struct retrieve *s)
{
	int rc;

	if (!(s->ctx->flags & FFA_CTX_F_RXTX_MAPPED))
		return FFA_ERR_BAD_ARGUMENT;
	rc = request(s);
	/* RETRIEVE_RESP: the region is mapped and the RX buffer holds the
	 * first fragment; a paused retrieval may have mapped it already;
	 * unless this is the hypervisor retrieve (no receivers), which only
	 * reads the descriptor. */
	s->mapped = s->u.req.txn->receiver_count != 0 &&
		    (rc == 0 || s->op.outcome == FFA__MEM_STUCK);
	if (rc)
		return rc;
	s->total = s->op.w[1];
	if (s->total == 0) {
		s->owned = true;
		return FFA_ERR_PROTOCOL;
	}
	rc = delivered(s, s->op.w[2]);
	if (rc)
		return rc;
	rc = ffa_mem_reasm_init(&s->u.ra, s->ctx->version, FFA_MEM_DESC_RETRIEVE_RESP, s->total);
	if (rc)
		return rc;
	s->intact = true;
	for (;;) {
		rc = consume(s);
		release(s);
		if (rc)
			return rc;
		if (s->release_rc) {
			s->intact = false;
			return s->release_rc;
		}
		if (s->got == s->total)
			return ffa_mem_reasm_done(&s->u.ra) ? 0 : FFA_ERR_PROTOCOL;
		rc = fetched(s, frag_rx(s));
		if (rc) {
			s->intact = false;
			return rc;
		}
	}
}

/* After the request was filled in: who it names (for the checks of the
 * response), and who relinquishes on undo: this endpoint's ID if known,
 * else the request's one retrieving EMAD, else (later) the response's. */
static __attribute__((noinline)) void requested(struct retrieve *s)
{
	const struct ffa_mem_txn *t = s->u.req.txn;
	uint32_t found = 0;

	s->sender = t->sender;
	/* The hypervisor retrieve names the owner in FRAG_RX (8.4). */
	s->forward = t->receiver_count == 0 || (s->u.req.xfer && s->u.req.xfer->forward);
	s->have_self = ffa_ctx_own_id(s->ctx, &s->self) == 0;
	if (s->have_self)
		return;
	for (uint32_t i = 0; i < t->receiver_count; i++) {
		if (!(t->receivers[i].flags & FFA_MEM_EMAD_FLAG_NON_RETRIEVAL)) {
			s->self = t->receivers[i].id;
			found++;
		}
	}
	s->have_self = found == 1;
}

int ffa__mem_retrieve(struct ffa_ctx *ctx, ffa__mem_retrieve_fill fill, const void *arg,
		      const struct ffa_mem_xfer *xfer, union ffa__mem_to to,
		      union ffa__mem_with with, void *rec, enum ffa__mem_to_mode mode)
{
	struct retrieve s;
	int rc;

	/* Every argument into @s first: nothing but @s is live across a
	 * call below. */
	ffa__bytes_zero(&s, sizeof(s));
	s.ctx = ctx;
	s.to = to;
	s.with = with;
	s.rec = rec;
	s.mode = (uint8_t)mode;
	s.u.req.xfer = xfer;
	s.u.req.u.in.fill = fill;
	s.u.req.u.in.arg = arg;
	set_retrieved(&s, false);
	rc = ffa__ready(s.ctx, FFA_VERSION_1_0);
	if (rc)
		return rc;
	if (s.mode == FFA__MEM_TO_SINK && (!s.to.sink || !s.to.sink->range))
		return FFA_ERR_BAD_ARGUMENT;
	fill = s.u.req.u.in.fill;
	arg = s.u.req.u.in.arg;
	ffa__bytes_zero(&s.u.req.u.own, sizeof(s.u.req.u.own));
	rc = fill(s.ctx, arg, &s.u.req);
	if (rc)
		return rc;
	requested(&s);

	ffa__lock(s.ctx);
	rc = run(&s);
	/* Retrieved: for the record, once done; for anyone, if undoing a
	 * failure failed. */
	if (rc ? !undo(&s) : s.mode != FFA__MEM_TO_SINK)
		set_retrieved(&s, true);
	ffa__unlock(s.ctx);
	return rc || s.mode == FFA__MEM_TO_SINK ? rc : (int)s.n;
}

/* The caller's request, used in place. */
static int req_check(struct ffa_ctx *ctx, const void *arg, struct ffa__mem_retrieve_req *req)
{
	req->txn = arg;
	return ffa__mem_txn_check(ctx, req->txn, FFA_MEM_DESC_RETRIEVE_REQ);
}

int ffa_mem_retrieve(struct ffa_ctx *ctx, const struct ffa_mem_txn *req,
		     const struct ffa_mem_xfer *xfer, const struct ffa_mem_retrieve_sink *sink,
		     bool *retrieved)
{
	return ffa__mem_retrieve(ctx, req_check, req, xfer, (union ffa__mem_to){ .sink = sink },
				 (union ffa__mem_with){ 0 }, retrieved, FFA__MEM_TO_SINK);
}
