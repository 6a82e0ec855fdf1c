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

#include "desc/desc_internal.h"

/* Fragments a v1.0 sender may send to Hafnium (ffa-memory.md 8.1.3). */
#define V10_FRAGMENT_MAX 4096u

/*
 * One send in progress: the fragmenter (which holds the request from the
 * start: it is built in place, never copied) and the exchange. The buffer's
 * description is needed only until the first call, the step state from it
 * on: they share storage (its buffer and size are kept apart).
 */
struct send {
	struct ffa_mem_frag f;
	union {
		struct {               /* the arguments, until the buffer is set up */
			ffa__mem_send_fill fill;
			const void *arg;
			const struct ffa_mem_range_iter *it;
			const struct ffa_mem_xfer *xfer;
		} in;
		struct ffa__mem_buf b; /* then until the first call */
		struct ffa__mem_op op; /* then: handle learnt, time slicing, answer */
	} u;
	struct ffa_ctx *ctx;
	uint64_t *handle;      /* the caller's */
	bool *live;            /* the caller's, or NULL */
	uint8_t *buf;          /* fragment buffer, @cap bytes */
	uint32_t cap;
	uint32_t sent;         /* bytes handed to the manager so far */
	uint8_t opn;           /* enum ffa_mem_op */
	bool tx;               /* the buffer is the TX buffer (locked) */
	bool forward;          /* FRAG_TX w4 names the sender */
	bool slicing;          /* the request allows time slicing */
	bool complete;         /* the manager answered FFA_SUCCESS */
	bool waiting;          /* the last answer was FFA_MEM_FRAG_RX */
};

/* Operation rules the descriptor layer cannot know (ffa-memory.md 4, 5,
 * 6.1; known-bugs.md 40). The receivers were validated by the fragmenter. */
static bool op_rules_ok(unsigned int opn, const struct ffa_mem_txn *t)
{
	bool typed = (t->attributes & FFA_MEM_ATTR_TYPE_MASK) != 0;
	bool donate = opn == FFA_MEM_OP_DONATE;

	/* SHARE: specified, not zeroed. DONATE: one borrower, who chooses
	 * (0). LEND: one borrower, who chooses; several: specified. */
	if (opn == FFA_MEM_OP_SHARE ? !typed || (t->flags & FFA_MEM_FLAG_ZERO)
	    : t->receiver_count == 1 ? t->attributes != 0
				      : donate || !typed)
		return false;
	/* Instruction access never specified; data access specified but
	 * for DONATE. */
	for (uint32_t i = 0; i < t->receiver_count; i++) {
		uint8_t perm = t->receivers[i].perm;

		if (ffa_mem_perm_instr(perm) != FFA_MEM_INSTR_NOT_SPECIFIED ||
		    (ffa_mem_perm_data(perm) == FFA_MEM_DATA_NOT_SPECIFIED) != donate)
			return false;
	}
	return true;
}

/* The allowed answers of a send step (a reclaim in undo() may have reused
 * the step state), then the step. The helpers that make a step end in a
 * tail call to ffa__mem_call(): no frame of theirs stays below the send's. */
static __attribute__((noinline)) int send_step(struct send *s, uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3,
		     uint64_t a4)
{
	s->u.op.answers = FFA__MEM_ANS_SUCCESS | FFA__MEM_ANS_FRAG_RX;
	s->u.op.slicing = s->slicing;
	return ffa__mem_call(s->ctx, &s->u.op, fid, a1, a2, a3, a4, NULL);
}

/* FFA_MEM_FRAG_TX of the @len bytes in the buffer. */
static __attribute__((noinline)) int frag_tx(struct send *s, uint32_t len)
{
	s->sent += len;
	return send_step(s, FFA_MEM_FRAG_TX_32, ffa_mem_handle_lo(s->u.op.handle),
			 ffa_mem_handle_hi(s->u.op.handle), len,
			 s->forward ? ffa__pack_ids(s->f.txn.sender, 0) : 0);
}

/* Whether the last answer is FFA_MEM_FRAG_RX. */
static bool is_frag_rx(const struct send *s)
{
	return s->u.op.w[0] == FFA_MEM_FRAG_RX_32;
}

/* The handle of the last answer: w2/w3 of FFA_SUCCESS, w1/w2 of
 * FFA_MEM_FRAG_RX (known-bugs.md 24). */
static uint64_t answer_handle(const struct send *s)
{
	const uint32_t *w = s->u.op.w;

	return is_frag_rx(s) ? ffa_mem_handle_make(w[1], w[2]) : ffa_mem_handle_make(w[2], w[3]);
}

/*
 * The answer to a step of the exchange (the step returned @rc): 1 if the
 * manager waits for the next fragment, 0 with the transaction complete, or
 * the error (the state says what the manager holds).
 *
 * The checks of the exchange and of drain() are out of line, in functions
 * that call nothing: the loops that make the calls keep no constant or
 * address of their own in a register across them (the send's frame is the
 * one above every step).
 */
static __attribute__((noinline)) int exchange_answer(struct send *s, int rc)
{
	uint64_t h = answer_handle(s);

	if (rc)
		return rc;
	/* The invalid handle is nothing this transaction can claim; the first
	 * one seen defines it. */
	if (h == FFA_MEM_HANDLE_INVALID)
		return FFA_ERR_PROTOCOL;
	if (!s->u.op.known) {
		s->u.op.handle = h;
		s->u.op.known = true;
	}
	if (!is_frag_rx(s)) {
		/* FFA_SUCCESS. Complete before the last byte, or under another
		 * handle: the manager is confused; undo ours. */
		s->complete = true;
		return h != s->u.op.handle || s->sent != s->f.total_len ? FFA_ERR_PROTOCOL : 0;
	}
	if (h != s->u.op.handle)
		return FFA_ERR_PROTOCOL;
	/* FFA_MEM_FRAG_RX: the manager waits for more, from the offset in w3. */
	s->waiting = true;
	if (s->sent >= s->f.total_len || s->u.op.w[3] != s->sent)
		return FFA_ERR_PROTOCOL;
	return 1;
}

/* Drive the exchange after the first call (which returned @rc). Returns 0
 * with the transaction complete, or the first error. */
static int exchange(struct send *s, int rc)
{
	while ((rc = exchange_answer(s, rc)) > 0) {
		int n = ffa_mem_frag_next(&s->f, s->buf, s->cap, NULL);

		if (n <= 0)
			return n < 0 ? n : FFA_ERR_PROTOCOL;
		s->waiting = false;
		rc = frag_tx(s, (uint32_t)n);
	}
	return rc;
}

/* The answer to a zero-page fragment of drain(): 1 to go on with the next,
 * 0 if the manager may still hold the transaction, 2 if it refused (and so
 * discarded) it. Sets s->complete on FFA_SUCCESS. */
static __attribute__((noinline)) int drain_answer(struct send *s)
{
	if (s->u.op.outcome == FFA__MEM_ERROR)
		return 2;
	if (s->u.op.outcome != FFA__MEM_ANSWER || answer_handle(s) != s->u.op.handle)
		return 0;
	/* FFA_SUCCESS: it took even that; reclaim below. */
	s->complete = !is_frag_rx(s);
	return 1;
}

/* Finish an incomplete transaction with zero-page constituents (invalid by
 * ffa-memory.md 2.8), so the manager must reject it and the memory is never
 * shared. Only constituents remain once a first fragment went out. Returns
 * true if the manager refused it (and so discarded it). */
static bool drain(struct send *s)
{
	int more = 1;

	while (more == 1 && !s->complete && s->sent < s->f.total_len) {
		uint32_t len = s->cap & ~15u;

		if (len > s->f.total_len - s->sent)
			len = s->f.total_len - s->sent;
		ffa__bytes_zero(s->buf, len);
		frag_tx(s, len);
		more = drain_answer(s);
	}
	return more == 2;
}

/* FFA_MEM_RECLAIM of the transaction (flags 0). */
static __attribute__((noinline)) int reclaim(struct send *s)
{
	return ffa__mem_reclaim(s->ctx, &s->u.op, s->u.op.handle, 0);
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
		if (!s->waiting && reclaim(s) == 0)
			return true;
		if (drain(s))
			return true;
		/* The drain ended in FFA_SUCCESS: the manager accepted it all. */
		if (!s->complete)
			return false;
	}
	return reclaim(s) == 0;
}

/*
 * The send once the transaction is encoded and checked. Reads everything
 * from @s, so few registers stay live across the calls below it: inlined
 * into its one caller, its frame (with @s) is the only one above every step
 * of the send.
 */
static inline int send_run(struct send *s)
{
	static const uint32_t ids[3][2] = {
		[FFA_MEM_OP_DONATE] = { FFA_MEM_DONATE_32, FFA_MEM_DONATE_64 },
		[FFA_MEM_OP_LEND] = { FFA_MEM_LEND_32, FFA_MEM_LEND_64 },
		[FFA_MEM_OP_SHARE] = { FFA_MEM_SHARE_32, FFA_MEM_SHARE_64 },
	};
	uint64_t addr;
	uint32_t pages, fid;
	int rc;

	if (s->tx)
		ffa__lock(s->ctx); /* the TX buffer is ours until the end */
	rc = ffa__mem_buf_setup(s->ctx, s->u.in.xfer, &s->u.b);
	if (rc)
		goto out;
	s->buf = s->u.b.buf;
	s->cap = s->u.b.cap;
	if (s->ctx->version == FFA_VERSION_1_0 && s->cap > V10_FRAGMENT_MAX)
		s->cap = V10_FRAGMENT_MAX;

	/* Nothing is sent unless the first fragment fits. */
	rc = ffa_mem_frag_next(&s->f, s->buf, s->cap, NULL);
	if (rc < 0)
		goto out;
	s->sent = (uint32_t)rc;
	/* The buffer's address goes with the first call; then the step state
	 * takes its storage. */
	fid = ids[s->opn][s->u.b.wide];
	addr = s->u.b.addr;
	pages = s->u.b.pages;
	s->u.op.known = false;
	s->u.op.handle = 0;
	rc = send_step(s, fid, s->f.total_len, s->sent, addr, pages);
	rc = exchange(s, rc);
	if (rc == 0 || !undo(s))
		*s->handle = s->u.op.handle;
out:
	if (s->tx)
		ffa__unlock(s->ctx);
	if (s->live)
		*s->live = *s->handle != FFA_MEM_HANDLE_INVALID;
	return rc;
}

int ffa__mem_send(struct ffa_ctx *ctx, enum ffa_mem_op opn, ffa__mem_send_fill fill,
		  const void *arg, const struct ffa_mem_range_iter *it,
		  const struct ffa_mem_xfer *xfer, uint64_t *handle, bool *live)
{
	struct send s;
	int rc;

	/* Every argument into @s first: nothing but @s is live across a
	 * call below. */
	ffa__bytes_zero(&s, sizeof(s));
	s.ctx = ctx;
	/* An operation beyond SHARE is refused below, after the other checks
	 * that come first. */
	s.opn = (uint32_t)opn > FFA_MEM_OP_SHARE ? UINT8_MAX : (uint8_t)opn;
	s.u.in.fill = fill;
	s.u.in.arg = arg;
	s.u.in.it = it;
	s.u.in.xfer = xfer;
	s.handle = handle;
	s.live = live;
	rc = ffa__ready(s.ctx, FFA_VERSION_1_0);
	if (rc)
		return rc;
	if (!s.handle)
		return FFA_ERR_BAD_ARGUMENT;
	*s.handle = FFA_MEM_HANDLE_INVALID;
	if (s.opn > FFA_MEM_OP_SHARE)
		return FFA_ERR_BAD_ARGUMENT;
	rc = s.u.in.fill(s.ctx, (enum ffa_mem_op)s.opn, s.u.in.arg, &s.f.txn);
	if (rc)
		return rc;
	rc = ffa_mem_frag_init(&s.f, &s.f.txn, s.u.in.it);
	if (rc)
		return rc;
	if (!op_rules_ok(s.opn, &s.f.txn))
		return FFA_ERR_BAD_ARGUMENT;
	s.slicing = (s.f.txn.flags & FFA_MEM_FLAG_TIME_SLICE) != 0;
	s.tx = !s.u.in.xfer || !s.u.in.xfer->buf;
	s.forward = s.u.in.xfer && s.u.in.xfer->forward;
	return send_run(&s);
}

/* The caller's transaction, in the negotiated layout. */
static int txn_copy(const struct ffa_ctx *ctx, enum ffa_mem_op opn, const void *arg,
		    struct ffa_mem_txn *t)
{
	const struct ffa_mem_txn *txn = arg;
	int rc = ffa__mem_txn_check(ctx, txn, FFA_MEM_DESC_SEND);

	(void)opn;
	if (rc)
		return rc;
	*t = *txn;
	t->version = ctx->version;
	return 0;
}

int ffa_mem_send(struct ffa_ctx *ctx, enum ffa_mem_op opn, const struct ffa_mem_txn *txn,
		 const struct ffa_mem_range_iter *it, const struct ffa_mem_xfer *xfer,
		 uint64_t *handle)
{
	return ffa__mem_send(ctx, opn, txn_copy, txn, it, xfer, handle, NULL);
}
