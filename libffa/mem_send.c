/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_MEM_DONATE / FFA_MEM_LEND / FFA_MEM_SHARE with the fragment exchange
 * (FFA_MEM_FRAG_RX / FFA_MEM_FRAG_TX) and the undo of a transaction that
 * failed half-way (ffa-memory.md 8.1, 10.1; known-bugs.md 24, 26, 40).
 *
 * The descriptor is never built whole: the fragmenter writes one fragment
 * at a time into the buffer (TX or caller's) just before the call that
 * carries it. The register frames live in ffa__mem_call(), not here, so the
 * fragmenter state and the register frame are never on the stack together
 * with the fragmenter's own calls.
 */
#include "internal.h"

/* Fragments a v1.0 sender may send to Hafnium (ffa-memory.md 8.1.3). */
#define V10_FRAGMENT_MAX 4096u

static const uint32_t send_answers[] = { FFA_SUCCESS_32, FFA_SUCCESS_64, FFA_MEM_FRAG_RX_32 };

/*
 * One send in progress. The request's copy (with the negotiated version) is
 * needed only until the fragmenter took its own: it shares storage with the
 * step state, which starts after that.
 */
struct send {
	struct ffa_mem_frag f;
	union {
		struct ffa_mem_txn t;  /* the request, until ffa_mem_frag_init() */
		struct ffa__mem_op op; /* then: handle learnt, time slicing, answer */
	} u;
	struct ffa_ctx *ctx;
	uint8_t *buf;          /* fragment buffer, @cap bytes */
	uint32_t cap;
	uint32_t total;        /* T */
	uint32_t sent;         /* bytes handed to the manager so far */
	uint32_t w4;           /* FRAG_TX w4 */
	bool complete;         /* the manager answered FFA_SUCCESS */
	bool waiting;          /* the last answer was FFA_MEM_FRAG_RX */
};

/* Operation rules the descriptor layer cannot know (ffa-memory.md 4, 5,
 * 6.1; known-bugs.md 40). The receivers were validated by the fragmenter. */
static bool op_rules_ok(enum ffa_mem_op opn, const struct ffa_mem_txn *t)
{
	bool typed = (t->attributes & FFA_MEM_ATTR_TYPE_MASK) != 0;

	switch (opn) {
	case FFA_MEM_OP_DONATE:
		if (t->receiver_count != 1 || t->attributes != 0)
			return false;
		break;
	case FFA_MEM_OP_LEND:
		/* One borrower: the borrower chooses (0); several: specified. */
		if (t->receiver_count == 1 ? t->attributes != 0 : !typed)
			return false;
		break;
	default: /* SHARE */
		if (!typed || (t->flags & FFA_MEM_FLAG_ZERO))
			return false;
		break;
	}
	for (uint32_t i = 0; i < t->receiver_count; i++) {
		unsigned int data = ffa_mem_perm_data(t->receivers[i].perm);

		if (ffa_mem_perm_instr(t->receivers[i].perm) != FFA_MEM_INSTR_NOT_SPECIFIED)
			return false;
		if (opn == FFA_MEM_OP_DONATE ? data != FFA_MEM_DATA_NOT_SPECIFIED
					     : data == FFA_MEM_DATA_NOT_SPECIFIED)
			return false;
	}
	return true;
}

/* FFA_MEM_FRAG_TX of the @len bytes in the buffer. */
static int frag_tx(struct send *s, uint32_t len)
{
	s->sent += len;
	return ffa__mem_call(s->ctx, &s->u.op, FFA_MEM_FRAG_TX_32, ffa_mem_handle_lo(s->u.op.handle),
			     ffa_mem_handle_hi(s->u.op.handle), len, s->w4, NULL);
}

/* The handle of the last answer: w2/w3 of FFA_SUCCESS, w1/w2 of
 * FFA_MEM_FRAG_RX (known-bugs.md 24). */
static uint64_t answer_handle(const struct send *s, bool frag_rx)
{
	return ffa_mem_handle_make(s->u.op.w[frag_rx ? 1 : 2], s->u.op.w[frag_rx ? 2 : 3]);
}

/*
 * Drive the exchange after the first call. Returns 0 with the transaction
 * complete, or the first error (the state says what the manager holds).
 * s->waiting is false at the top of the loop.
 */
static int exchange(struct send *s, int rc)
{
	for (;;) {
		bool frag_rx = s->u.op.w[0] == FFA_MEM_FRAG_RX_32;
		uint64_t h = answer_handle(s, frag_rx);
		int n;

		if (rc)
			return rc;
		/* The invalid handle is nothing this transaction can claim;
		 * the first one seen defines it. */
		if (h == FFA_MEM_HANDLE_INVALID)
			return FFA_ERR_PROTOCOL;
		if (!s->u.op.known) {
			s->u.op.handle = h;
			s->u.op.known = true;
		}
		if (!frag_rx) {
			/* FFA_SUCCESS. Complete before the last byte, or under
			 * another handle: the manager is confused; undo ours. */
			s->complete = true;
			return h != s->u.op.handle || s->sent != s->total ? FFA_ERR_PROTOCOL : 0;
		}
		if (h != s->u.op.handle)
			return FFA_ERR_PROTOCOL;
		/* FFA_MEM_FRAG_RX: the manager waits for more, from the offset
		 * in w3. */
		s->waiting = true;
		if (s->sent >= s->total || s->u.op.w[3] != s->sent)
			return FFA_ERR_PROTOCOL;
		n = ffa_mem_frag_next(&s->f, s->buf, s->cap, NULL);
		if (n <= 0)
			return n < 0 ? n : FFA_ERR_PROTOCOL;
		s->waiting = false;
		rc = frag_tx(s, (uint32_t)n);
	}
}

/* Finish an incomplete transaction with zero-page constituents (invalid by
 * ffa-memory.md 2.8), so the manager must reject it and the memory is never
 * shared. Only constituents remain once a first fragment went out. Returns
 * true if the manager refused it (and so discarded it). */
static bool drain(struct send *s)
{
	while (!s->complete && s->sent < s->total) {
		uint32_t len = s->cap & ~15u;

		if (len > s->total - s->sent)
			len = s->total - s->sent;
		ffa__bytes_zero(s->buf, len);
		frag_tx(s, len);
		if (s->u.op.outcome == FFA__MEM_ERROR)
			return true;
		if (s->u.op.outcome != FFA__MEM_ANSWER)
			return false;
		if (answer_handle(s, s->u.op.w[0] == FFA_MEM_FRAG_RX_32) != s->u.op.handle)
			return false;
		/* FFA_SUCCESS: it took even that; reclaim below. */
		s->complete = s->u.op.w[0] != FFA_MEM_FRAG_RX_32;
	}
	return false;
}

/*
 * Undo after a failure (known-bugs.md 26). Returns true if the manager
 * holds nothing of this transaction any more.
 *
 * The manager's state decides: FFA_ERROR means it discarded the
 * transaction; FFA_SUCCESS means it is complete and must be reclaimed; a
 * FFA_MEM_FRAG_RX means it waits for more bytes (reclaim would be refused,
 * ffa-memory.md 8.1.8), so it is drained first. After anything else the
 * state is unknown: reclaim first (right if it completed), and drain only if
 * that was refused - draining a completed transaction would be answered
 * with an error that looks like a discard.
 */
static bool undo(struct send *s)
{
	if (!s->u.op.known || s->u.op.outcome == FFA__MEM_ERROR)
		return true; /* nothing attributable was created, or discarded */
	if (s->u.op.outcome == FFA__MEM_STUCK)
		return false; /* paused: only FFA_MEM_OP_RESUME may follow */
	if (!s->complete) {
		if (!s->waiting && ffa__mem_reclaim(s->ctx, s->u.op.handle, 0) == 0)
			return true;
		if (drain(s))
			return true;
		/* The drain ended in FFA_SUCCESS: the manager accepted it all. */
		if (!s->complete)
			return false;
	}
	return ffa__mem_reclaim(s->ctx, s->u.op.handle, 0) == 0;
}

int ffa_mem_send(struct ffa_ctx *ctx, enum ffa_mem_op opn, const struct ffa_mem_txn *txn,
		 const struct ffa_mem_range_iter *it, const struct ffa_mem_xfer *xfer,
		 uint64_t *handle)
{
	static const uint32_t ids[3][2] = {
		[FFA_MEM_OP_DONATE] = { FFA_MEM_DONATE_32, FFA_MEM_DONATE_64 },
		[FFA_MEM_OP_LEND] = { FFA_MEM_LEND_32, FFA_MEM_LEND_64 },
		[FFA_MEM_OP_SHARE] = { FFA_MEM_SHARE_32, FFA_MEM_SHARE_64 },
	};
	struct send s;
	/* The fragmenter's copy of the request (s.u.t is dead after init). */
	const struct ffa_mem_txn *t = &s.f.txn;
	struct ffa__mem_buf b;
	bool tx = !xfer || !xfer->buf;
	int rc = ffa__ready(ctx, FFA_VERSION_1_0);
	int n;

	if (rc)
		return rc;
	if (!handle)
		return FFA_ERR_BAD_ARGUMENT;
	*handle = FFA_MEM_HANDLE_INVALID;
	if ((uint32_t)opn > FFA_MEM_OP_SHARE)
		return FFA_ERR_BAD_ARGUMENT;
	ffa__bytes_zero(&s, sizeof(s));
	rc = ffa__mem_txn_copy(ctx, txn, FFA_MEM_DESC_SEND, &s.u.t);
	if (rc)
		return rc;
	rc = ffa_mem_frag_init(&s.f, &s.u.t, it);
	if (rc)
		return rc;
	if (!op_rules_ok(opn, t))
		return FFA_ERR_BAD_ARGUMENT;
	ffa__bytes_zero(&s.u.op, sizeof(s.u.op));
	s.ctx = ctx;
	s.u.op.allowed = send_answers;
	s.u.op.n_allowed = 3;
	s.u.op.slicing = (t->flags & FFA_MEM_FLAG_TIME_SLICE) != 0;
	s.total = ffa_mem_frag_total_len(&s.f);
	s.w4 = xfer && xfer->forward ? ffa__pack_ids(t->sender, 0) : 0;

	if (tx)
		ffa__lock(ctx); /* the TX buffer is ours until the end */
	rc = ffa__mem_buf_setup(ctx, xfer, &b);
	if (rc)
		goto out;
	s.buf = b.buf;
	s.cap = b.cap;
	if (ctx->version == FFA_VERSION_1_0 && s.cap > V10_FRAGMENT_MAX)
		s.cap = V10_FRAGMENT_MAX;

	/* Nothing is sent unless the first fragment fits. */
	n = ffa_mem_frag_next(&s.f, s.buf, s.cap, NULL);
	rc = n;
	if (n < 0)
		goto out;
	s.sent = (uint32_t)n;
	rc = ffa__mem_call(ctx, &s.u.op, ids[opn][b.wide], s.total, (uint32_t)n, b.addr, b.pages,
			   NULL);
	rc = exchange(&s, rc);
	if (rc == 0 || !undo(&s))
		*handle = s.u.op.handle;
out:
	if (tx)
		ffa__unlock(ctx);
	return rc;
}
