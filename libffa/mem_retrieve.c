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

static const uint32_t resp_answers[] = { FFA_MEM_RETRIEVE_RESP_32 };
static const uint32_t frag_answers[] = { FFA_MEM_FRAG_TX_32 };

/*
 * One retrieval. The fragmenter that encodes the request and the
 * reassembler that decodes the response are never needed at once, nor are
 * the request's copy and the step state: each pair shares its storage, so
 * the deepest frames (the fragmenter's, the reassembler's) sit on one copy.
 */
struct retrieve {
	union {
		struct ffa_mem_frag f;   /* encoding the request */
		struct ffa_mem_reasm ra; /* then reassembling the response */
	} d;
	union {
		struct ffa_mem_txn t;   /* the request, until it is encoded */
		struct ffa__mem_op op;  /* then the steps; handle = the request's */
	} u;
	struct ffa_ctx *ctx;
	const struct ffa_mem_retrieve_sink *sink;
	uint32_t rx_size;
	uint32_t total;        /* R */
	uint32_t got;          /* bytes the manager delivered so far */
	uint32_t w4;           /* FRAG_RX w4 */
	uint16_t self;         /* who relinquishes on undo */
	uint16_t sender;       /* the request's */
	bool have_self;
	bool owned;            /* the RX buffer holds an unreleased fragment */
	bool mapped;           /* RETRIEVE_RESP came: the region is mapped */
	bool intact;           /* the exchange itself can go on (drain) */
	int release_rc;        /* first failing RX release */
};

/* Give the RX buffer back if a fragment is in it. */
static void release(struct retrieve *s)
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
static int delivered(struct retrieve *s, uint32_t len)
{
	s->owned = true;
	if (len == 0 || len > s->rx_size || len > s->total - s->got)
		return FFA_ERR_PROTOCOL;
	s->got += len;
	return 0;
}

/* Ask for the next fragment (FRAG_RX) and check the FRAG_TX answer: its
 * length in op.w[3]. */
static int fetch(struct retrieve *s)
{
	int rc;

	s->u.op.allowed = frag_answers;
	s->u.op.n_allowed = 1;
	rc = ffa__mem_call(s->ctx, &s->u.op, FFA_MEM_FRAG_RX_32, ffa_mem_handle_lo(s->u.op.handle),
			   ffa_mem_handle_hi(s->u.op.handle), s->got, s->w4, NULL);
	if (rc)
		return rc;
	/* FFA_MEM_FRAG_TX filled the RX buffer whatever else it says. */
	rc = delivered(s, s->u.op.w[3]);
	if (ffa_mem_handle_make(s->u.op.w[1], s->u.op.w[2]) != s->u.op.handle)
		return FFA_ERR_PROTOCOL;
	return rc;
}

/* Hand the fragment of @len bytes in the RX buffer to the reassembler and
 * the sink; the response must be about what was asked. */
static int consume(struct retrieve *s, uint32_t len)
{
	bool first = ffa_mem_reasm_desc(&s->d.ra) == NULL;
	uint64_t addr;
	uint32_t pages;
	int rc = ffa_mem_reasm_feed(&s->d.ra, s->ctx->rx, len);

	if (rc)
		return rc;
	if (first) {
		const struct ffa_mem_desc *d = ffa_mem_reasm_desc(&s->d.ra);
		struct ffa_mem_receiver me;

		/* The response must be about what was asked. */
		if (d->handle != s->u.op.handle || d->sender != s->sender)
			return FFA_ERR_PROTOCOL;
		if (!s->have_self && d->receiver_count == 1 &&
		    ffa_mem_desc_receiver(d, 0, &me) == 0) {
			s->self = me.id;
			s->have_self = true;
		}
		rc = s->sink->header ? s->sink->header(s->sink->arg, d) : 0;
	}
	while (rc == 0 && (rc = ffa_mem_reasm_next(&s->d.ra, &addr, &pages)) == 1)
		rc = s->sink->range(s->sink->arg, addr, pages);
	return rc > 0 ? FFA_ERR_BAD_ARGUMENT : rc;
}

/* Undo a retrieval that failed after the region was mapped: fetch and
 * drop what is left while the exchange is intact (a relinquish is refused
 * until everything was retrieved), then relinquish. True if undone. */
static bool undo(struct retrieve *s)
{
	release(s);
	if (!s->mapped)
		return true;
	if (s->u.op.outcome == FFA__MEM_STUCK)
		return false;
	while (s->intact && s->got < s->total && !s->release_rc) {
		int rc = fetch(s);

		release(s);
		if (rc)
			break;
	}
	if (!s->have_self)
		return false;
	return ffa__mem_relinquish_locked(s->ctx, &s->u.op, s->u.op.handle, 0, &s->self, 1) == 0;
}

/* Encode the request in s->u.t into the buffer, as ffa_mem_desc_encode()
 * would (whole, never fragmented), with the fragmenter in s->d.f; then set
 * up the steps from its copy of the request. The length, or an error. */
static int encode(struct retrieve *s, const struct ffa__mem_buf *b)
{
	const struct ffa_mem_txn *t = &s->d.f.txn;
	int rc = ffa_mem_frag_init(&s->d.f, &s->u.t, NULL);

	if (rc < 0)
		return rc;
	if (ffa_mem_frag_total_len(&s->d.f) > b->cap)
		return FFA_ERR_BUFFER_TOO_SMALL;
	rc = ffa_mem_frag_next(&s->d.f, b->buf, b->cap, NULL);
	if (rc >= 0 && (uint32_t)rc != ffa_mem_frag_total_len(&s->d.f))
		rc = FFA_ERR_BAD_ARGUMENT;
	/* s->u.t is dead: the fragmenter holds its copy. */
	ffa__bytes_zero(&s->u.op, sizeof(s->u.op));
	s->u.op.slicing = (t->flags & FFA_MEM_RETRIEVE_FLAG_TIME_SLICE) != 0;
	s->u.op.known = true;
	s->u.op.handle = t->handle;
	return rc;
}

static int run(struct retrieve *s, const struct ffa_mem_xfer *xfer)
{
	struct ffa__mem_buf b;
	uint32_t len;
	bool maps;
	int rc;

	if (!(s->ctx->flags & FFA_CTX_F_RXTX_MAPPED))
		return FFA_ERR_BAD_ARGUMENT;
	rc = ffa__mem_buf_setup(s->ctx, xfer, &b);
	if (rc)
		return rc;
	s->rx_size = s->ctx->rxtx_pages * FFA_PAGE_SIZE;
	rc = encode(s, &b);
	if (rc < 0)
		return rc;
	/* RETRIEVE_RESP maps the region, unless this is the hypervisor
	 * retrieve (no receivers), which only reads the descriptor. */
	maps = s->d.f.txn.receiver_count != 0;

	/* w1 = total length = w2, this fragment: requests are never
	 * fragmented. */
	s->u.op.allowed = resp_answers;
	s->u.op.n_allowed = 1;
	rc = ffa__mem_call(s->ctx, &s->u.op,
			   b.wide ? FFA_MEM_RETRIEVE_REQ_64 : FFA_MEM_RETRIEVE_REQ_32, (uint32_t)rc,
			   (uint32_t)rc, b.addr, b.pages, NULL);
	/* RETRIEVE_RESP: the region is mapped and the RX buffer holds the
	 * first fragment. A paused retrieval may have mapped it already. */
	s->mapped = maps && (rc == 0 || s->u.op.outcome == FFA__MEM_STUCK);
	if (rc)
		return rc;
	s->total = s->u.op.w[1];
	len = s->u.op.w[2];
	if (s->total == 0) {
		s->owned = true;
		return FFA_ERR_PROTOCOL;
	}
	rc = delivered(s, len);
	if (rc)
		return rc;
	rc = ffa_mem_reasm_init(&s->d.ra, s->ctx->version, FFA_MEM_DESC_RETRIEVE_RESP, s->total);
	if (rc)
		return rc;
	s->intact = true;
	for (;;) {
		rc = consume(s, len);
		release(s);
		if (rc)
			return rc;
		if (s->release_rc) {
			s->intact = false;
			return s->release_rc;
		}
		if (s->got == s->total)
			return ffa_mem_reasm_done(&s->d.ra) ? 0 : FFA_ERR_PROTOCOL;
		rc = fetch(s);
		len = s->u.op.w[3];
		if (rc) {
			s->intact = false;
			return rc;
		}
	}
}

int ffa_mem_retrieve(struct ffa_ctx *ctx, const struct ffa_mem_txn *req,
		     const struct ffa_mem_xfer *xfer, const struct ffa_mem_retrieve_sink *sink,
		     bool *retrieved)
{
	struct retrieve s;
	const struct ffa_mem_txn *t = &s.u.t;
	int rc = ffa__ready(ctx, FFA_VERSION_1_0);

	if (retrieved)
		*retrieved = false;
	if (rc)
		return rc;
	if (!sink || !sink->range)
		return FFA_ERR_BAD_ARGUMENT;
	ffa__bytes_zero(&s, sizeof(s));
	rc = ffa__mem_txn_check(ctx, req, FFA_MEM_DESC_RETRIEVE_REQ);
	if (rc)
		return rc;
	s.u.t = *req;
	s.u.t.version = ctx->version;

	s.ctx = ctx;
	s.sink = sink;
	s.sender = t->sender;
	/* The hypervisor retrieve names the owner in FRAG_RX (8.4). */
	if (t->receiver_count == 0 || (xfer && xfer->forward))
		s.w4 = ffa__pack_ids(t->sender, 0);
	/* Who relinquishes on undo: this endpoint's ID if known, else the
	 * request's one retrieving EMAD, else (later) the response's. */
	s.have_self = ffa_ctx_own_id(ctx, &s.self) == 0;
	if (!s.have_self) {
		uint32_t found = 0;

		for (uint32_t i = 0; i < t->receiver_count; i++) {
			if (!(t->receivers[i].flags & FFA_MEM_EMAD_FLAG_NON_RETRIEVAL)) {
				s.self = t->receivers[i].id;
				found++;
			}
		}
		s.have_self = found == 1;
	}

	ffa__lock(ctx);
	rc = run(&s, xfer);
	if (rc && !undo(&s) && retrieved)
		*retrieved = true;
	ffa__unlock(ctx);
	return rc;
}
