/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa internals shared by the ABI layer: frame packing, the single call
 * path (conduit, answer validation, preemption loop), version gates and
 * little-endian byte access. Not installed.
 */
#ifndef FFA_INTERNAL_H
#define FFA_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/conduit.h>
#include <ffa/ctx.h>
#include <ffa/defs.h>
#include <ffa/error.h>

#include "le.h"

/* Low 32 bits of a register: every 32-bit answer value is read this way. */
static inline uint32_t ffa__w(const struct ffa_regs *r, unsigned int i)
{
	return (uint32_t)r->x[i];
}

/* Pack two 16-bit IDs into a w1-style word without int promotion traps
 * (known-bugs.md class 12). */
static inline uint32_t ffa__pack_ids(uint16_t hi, uint16_t lo)
{
	return ((uint32_t)hi << 16) | (uint32_t)lo;
}

/*
 * The call path: frame set-up, the conduit, answer classification, version
 * gate, RX/TX lock. One body of code, written once below, used two ways:
 *  - optimising for speed (-O1/-O2/-O3, and unoptimised builds): the bodies
 *    are static inline, so a typed call compiles to one straight path
 *    (measured by bench/bench_call.c and bench/bench_msg.c);
 *  - optimising for size (-Os/-Oz: gcc and clang define __OPTIMIZE_SIZE__):
 *    only the prototypes are seen and every call site calls the one
 *    out-of-line instance in call.c, instead of carrying its own ~150-byte
 *    copy (scripts/size-report.sh measures that build).
 * call.c defines FFA__CALL_PATH_DEFINE before including this header: it
 * always emits the out-of-line instances (external linkage), whatever its
 * own flags, so objects built with mixed flags still link. The slow paths
 * (an answer that is not the expected one) are out of line in call.c in
 * both builds.
 *
 * Stack: the conduit is called from one function only, ffa__call_checked(),
 * and the helpers around it end in tail calls, so a call adds little more
 * than that one frame below the caller's (scripts/size-report.sh counts
 * every frame of the chain).
 */
#if defined(FFA__CALL_PATH_DEFINE)
#define FFA__CALL_PATH /* external definitions, in call.c */
#define FFA__CALL_PATH_BODIES 1
#elif defined(__OPTIMIZE_SIZE__)
#define FFA__CALL_PATH_BODIES 0
#else
#define FFA__CALL_PATH static inline
#define FFA__CALL_PATH_BODIES 1
#endif

#if !FFA__CALL_PATH_BODIES || defined(FFA__CALL_PATH_DEFINE)
void ffa__frame(struct ffa_regs *r, uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3,
		uint64_t a4);
int ffa__ready(const struct ffa_ctx *ctx, uint32_t min_version);
int ffa__call_checked(struct ffa_ctx *ctx, struct ffa_regs *r, const uint32_t *allowed,
		      size_t n);
int ffa__call(struct ffa_ctx *ctx, struct ffa_regs *r);
int ffa__call_success(struct ffa_ctx *ctx, struct ffa_regs *r);
int ffa__call_expect(struct ffa_ctx *ctx, struct ffa_regs *r, uint32_t fid);
int ffa__call_frame(struct ffa_ctx *ctx, struct ffa_regs *r, uint32_t fid, uint64_t a1,
		    uint64_t a2, uint64_t a3, uint64_t a4);
void ffa__lock(struct ffa_ctx *ctx);
void ffa__unlock(struct ffa_ctx *ctx);
#endif

/* Every frame sent goes through here first. The first call other than
 * FFA_VERSION ends negotiation (v1.2 lock-in rule); remember it so a later
 * ffa_version() cannot change the version behind the manager's back. */
static inline void ffa__note_sent(struct ffa_ctx *ctx, const struct ffa_regs *r)
{
	if ((uint32_t)r->x[0] != FFA_VERSION_32)
		ctx->flags |= FFA_CTX_F_LOCKED_IN;
}

/* FFA_SUCCESS_32 and FFA_SUCCESS_64: the answer most calls expect. */
extern const uint32_t ffa__success_ids[2];

/* Classify the answer in @r (call.c): 0 if its function ID is one of
 * @allowed[0..n), the mapped code for FFA_ERROR, FFA_ERR_PROTOCOL for
 * anything else. */
int ffa__classify(const struct ffa_regs *r, const uint32_t *allowed, size_t n);

/* The preemption loop for an answer already in @r (call.c): while it is
 * FFA_INTERRUPT / FFA_YIELD, follow the context's policy (resume with
 * FFA_RUN on the endpoint/vCPU the answer names, known-bugs.md class 33, or
 * return FFA_ERR_PREEMPTED); then classify the final answer. */
int ffa__resume_answer(struct ffa_ctx *ctx, struct ffa_regs *r, const uint32_t *allowed,
		       size_t n);

#if FFA__CALL_PATH_BODIES
/* Forced inline where the body must not become a call of its own (it
 * would add a frame to every call chain). */
#if defined(__GNUC__)
#define FFA__INLINE inline __attribute__((always_inline))
#else
#define FFA__INLINE inline
#endif

/* The one body of ffa__frame(). */
static FFA__INLINE void ffa__frame_fill(struct ffa_regs *r, uint32_t fid, uint64_t a1,
					uint64_t a2, uint64_t a3, uint64_t a4)
{
	r->x[0] = fid;
	r->x[1] = a1;
	r->x[2] = a2;
	r->x[3] = a3;
	r->x[4] = a4;
	/* Plain stores, not memset or a loop: no libc call (and frame) at
	 * -Os, merged into wide stores at -O2. */
	r->x[5] = r->x[6] = r->x[7] = r->x[8] = r->x[9] = r->x[10] = r->x[11] = 0;
	r->x[12] = r->x[13] = r->x[14] = r->x[15] = r->x[16] = r->x[17] = 0;
}

/* The frame of most calls: every register zero (known-bugs.md class 10)
 * but x0 = @fid and x1..x4 = @a1..@a4. */
FFA__CALL_PATH void ffa__frame(struct ffa_regs *r, uint32_t fid, uint64_t a1, uint64_t a2,
			       uint64_t a3, uint64_t a4)
{
	ffa__frame_fill(r, fid, a1, a2, a3, a4);
}

/* 0 if @ctx is usable and negotiated at >= @min_version; else
 * FFA_ERR_BAD_ARGUMENT / FFA_ERR_NOT_NEGOTIATED / FFA_ERR_NOT_SUPPORTED. */
FFA__CALL_PATH int ffa__ready(const struct ffa_ctx *ctx, uint32_t min_version)
{
	if (!ctx)
		return FFA_ERR_BAD_ARGUMENT;
	/* One compare on the success path: every @min_version is >= v1.0, so
	 * passing it implies a version was negotiated. */
	if (ctx->version < min_version)
		return ctx->version ? FFA_ERR_NOT_SUPPORTED : FFA_ERR_NOT_NEGOTIATED;
	return 0;
}

/*
 * Send @r in place through the conduit; the conduit's error, or with
 * @allowed, the answer classified as ffa__classify() does (the first
 * allowed ID is checked first, inline). The only caller of the conduit.
 */
FFA__CALL_PATH int ffa__call_checked(struct ffa_ctx *ctx, struct ffa_regs *r,
				     const uint32_t *allowed, size_t n)
{
	int rc;

	ffa__note_sent(ctx, r);
	rc = ctx->conduit.call(ctx->conduit.priv, r, r);

	if (rc > 0)
		rc = FFA_ERR_CONDUIT; /* a conduit must not return positive */
	if (rc == 0 && !(ctx->conduit.caps & FFA_CONDUIT_CAP_REGS18)) {
		/* Only x0..x7 came back: never read stale x8..x17. */
		for (unsigned int i = 8; i < FFA_REGS_COUNT; i++)
			r->x[i] = 0;
	}
	if (rc || !allowed || (uint32_t)r->x[0] == allowed[0])
		return rc;
	return ffa__classify(r, allowed, n);
}

/* Send @r in place through the conduit. Returns the conduit's result. */
FFA__CALL_PATH int ffa__call(struct ffa_ctx *ctx, struct ffa_regs *r)
{
	return ffa__call_checked(ctx, r, NULL, 0);
}

/* Call and expect FFA_SUCCESS_32/64: 0 for success, the mapped code for
 * FFA_ERROR, FFA_ERR_PROTOCOL for anything else. */
FFA__CALL_PATH int ffa__call_success(struct ffa_ctx *ctx, struct ffa_regs *r)
{
	return ffa__call_checked(ctx, r, ffa__success_ids, 2);
}

/* Call, allowing the one answer @fid and following the preemption policy
 * for FFA_INTERRUPT / FFA_YIELD (known-bugs.md class 33); the common case
 * (the first answer is @fid) is checked first, measured by bench/bench_msg.c. */
FFA__CALL_PATH int ffa__call_expect(struct ffa_ctx *ctx, struct ffa_regs *r, uint32_t fid)
{
	int rc = ffa__call(ctx, r);

	if (rc || (uint32_t)r->x[0] == fid)
		return rc;
	return ffa__resume_answer(ctx, r, &fid, 1);
}

/* ffa__frame(), then ffa__call_success(): the whole of most calls. */
FFA__CALL_PATH int ffa__call_frame(struct ffa_ctx *ctx, struct ffa_regs *r, uint32_t fid,
				   uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4)
{
	ffa__frame_fill(r, fid, a1, a2, a3, a4);
	return ffa__call_success(ctx, r);
}

/* RX/TX lock hooks. */
FFA__CALL_PATH void ffa__lock(struct ffa_ctx *ctx)
{
	if (ctx->port.lock)
		ctx->port.lock(ctx->port.arg);
}

FFA__CALL_PATH void ffa__unlock(struct ffa_ctx *ctx)
{
	if (ctx->port.unlock)
		ctx->port.unlock(ctx->port.arg);
}
#endif /* FFA__CALL_PATH_BODIES */

/* Record an FFA_INTERRUPT / FFA_YIELD answer in ctx->preempt. */
void ffa__note_preempt(struct ffa_ctx *ctx, const struct ffa_regs *r);

/* Translate a buffer address through the port hook (identity when unset). */
bool ffa__va_to_pa(const struct ffa_ctx *ctx, const void *va, uint64_t *pa);

/* True if the conduit carries SMC64 calls. */
static inline bool ffa__smc64(const struct ffa_ctx *ctx)
{
	return (ctx->conduit.caps & FFA_CONDUIT_CAP_SMC64) != 0;
}

/* FFA_RX_RELEASE (w1 = @vm_id) for a caller that already holds the RX/TX
 * lock; @r is the caller's frame, reused (overwritten). */
int ffa__rx_release_locked(struct ffa_ctx *ctx, struct ffa_regs *r, uint16_t vm_id);


/* ---- Memory management (issue 4: mem*.c) --------------------------------- */

#include <ffa/mem.h>

/* What ended one memory-management step (ffa__mem_call()). */
enum ffa__mem_outcome {
	FFA__MEM_ANSWER,   /* an allowed answer is in the frame */
	FFA__MEM_ERROR,    /* FFA_ERROR: the manager refused the step */
	FFA__MEM_BAD,      /* any other answer: protocol violation */
	FFA__MEM_STUCK,    /* time-slicing limit reached, operation paused */
	FFA__MEM_CONDUIT,  /* the conduit failed */
};

/* The answers that may end a memory-management step (a mask of them in
 * struct ffa__mem_op): FFA_SUCCESS_32/64, FFA_MEM_FRAG_RX, FFA_MEM_FRAG_TX,
 * FFA_MEM_RETRIEVE_RESP, FFA_MEM_OP_PAUSE. */
#define FFA__MEM_ANS_SUCCESS 0x03u
#define FFA__MEM_ANS_FRAG_RX 0x04u
#define FFA__MEM_ANS_FRAG_TX 0x08u
#define FFA__MEM_ANS_RETRIEVE_RESP 0x10u
#define FFA__MEM_ANS_PAUSE 0x20u

/* One memory operation's steps. @answers: FFA__MEM_ANS_* of the answers
 * that end a step. @slicing: the caller set the time-slicing flag, so
 * FFA_MEM_OP_PAUSE is allowed. @known/@handle: the operation's handle if
 * known (a PAUSE must carry it; for a send the first PAUSE may define it).
 * @outcome: how the last step ended. @w: the last answer's w0..w3. */
struct ffa__mem_op {
	uint8_t answers;
	bool slicing;
	bool known;
	uint8_t outcome; /* enum ffa__mem_outcome */
	uint32_t rounds; /* FFA_MEM_OP_RESUMEs in this step */
	uint64_t handle;
	uint32_t w[4];
};

/* One memory-management step: send the frame @fid, @a1..@a4 (every other
 * register zero); answer every FFA_MEM_OP_PAUSE with FFA_MEM_OP_RESUME (same
 * handle) within the context's resume limit. The frame lives here, not in
 * the caller's (long-lived) state: the final answer's w0..w3 are left in
 * op->w, the whole answer in *@out if not NULL (only for an allowed one).
 * Returns 0 when its function ID is allowed, the mapped code for FFA_ERROR,
 * FFA_ERR_PROTOCOL, FFA_ERR_INTERRUPTED (limit) or the conduit's error;
 * op->outcome says which. */
int ffa__mem_call(struct ffa_ctx *ctx, struct ffa__mem_op *op, uint32_t fid, uint64_t a1,
		  uint64_t a2, uint64_t a3, uint64_t a4, struct ffa_regs *out);

/* A descriptor buffer resolved from a struct ffa_mem_xfer: where fragments
 * are written (@buf, @cap bytes), what goes in x3/w4 (@addr, @pages), and
 * whether the call needs the 64-bit function ID (@wide). */
struct ffa__mem_buf {
	uint8_t *buf;
	uint32_t cap;
	uint64_t addr;
	uint32_t pages;
	bool wide;
};

/* Resolve @xfer (NULL or no buffer: the TX buffer, which must be mapped;
 * call with the RX/TX lock held then). 0 or FFA_ERR_BAD_ARGUMENT. */
int ffa__mem_buf_setup(struct ffa_ctx *ctx, const struct ffa_mem_xfer *xfer,
		       struct ffa__mem_buf *b);

/* Fills @t, the transaction a send is about to encode (zeroed; its version
 * the negotiated one), from @arg for operation @opn: 0, or an error that
 * ends the send before anything was sent. */
typedef int (*ffa__mem_send_fill)(const struct ffa_ctx *ctx, enum ffa_mem_op opn,
				  const void *arg, struct ffa_mem_txn *t);

/* ffa_mem_send() of the transaction @fill builds from @arg; if @live is
 * not NULL, *@live = whether *@handle names a transaction at the end.
 * Every frame of a send is here or below (ffa_mem_send() and the memory
 * services end in a tail call to it). */
int ffa__mem_send(struct ffa_ctx *ctx, enum ffa_mem_op opn, ffa__mem_send_fill fill,
		  const void *arg, const struct ffa_mem_range_iter *it,
		  const struct ffa_mem_xfer *xfer, uint64_t *handle, bool *live);

/* The request of a retrieval until it is encoded (in the negotiated
 * layout, whatever txn->version says): @txn, the caller's or u.own.t (with
 * u.own.me, room for a receiver it may name) built by a fill function; @xfer as
 * passed to ffa__mem_retrieve(); @b: the buffer it resolves to. */
struct ffa__mem_retrieve_req;

/* Points req->txn at the request @arg describes (built in req->u.own,
 * zeroed, if need be): 0, or an error that ends the retrieval before anything was
 * sent. */
typedef int (*ffa__mem_retrieve_fill)(struct ffa_ctx *ctx, const void *arg,
				      struct ffa__mem_retrieve_req *req);

struct ffa__mem_retrieve_req {
	const struct ffa_mem_txn *txn;
	const struct ffa_mem_xfer *xfer;
	union {
		struct {                /* ffa__mem_retrieve()'s, until @fill ran */
			ffa__mem_retrieve_fill fill;
			const void *arg;
		} in;
		struct {
			struct ffa_mem_txn t;
			struct ffa_mem_receiver me;
		} own;
	} u;
	struct ffa__mem_buf b;
};

/* Where a retrieval delivers the response (ffa__mem_retrieve() @mode):
 * the caller's sink (ffa_mem_retrieve()), or a services record
 * (struct ffa_mem_borrowed, filled from the header and this endpoint's
 * EMAD, which must be there) with the ranges in an array or handed to a
 * callback (ffa_mem_svc_retrieve(), ffa_mem_svc_retrieve_each()). */
enum ffa__mem_to_mode {
	FFA__MEM_TO_SINK,
	FFA__MEM_TO_ARRAY,
	FFA__MEM_TO_EACH,
};

union ffa__mem_to {
	const struct ffa_mem_retrieve_sink *sink;                /* SINK */
	struct ffa_mem_range *out;                               /* ARRAY */
	int (*range)(void *arg, uint64_t addr, uint32_t pages); /* EACH */
};

union ffa__mem_with {
	size_t cap; /* ARRAY: entries in @out (<= INT32_MAX) */
	void *arg;  /* EACH: @range's */
};

/* ffa_mem_retrieve() of the request @fill gives for @arg, to @to/@with as
 * @mode says; @rec: the caller's bool *retrieved (SINK; may be NULL) or
 * its struct ffa_mem_borrowed (the others: not NULL, zeroed, @self this
 * endpoint's ID, which the context knows). Returns 0 (SINK) or the number
 * of ranges (the others), or the error. Every frame of a retrieval is here
 * or below (its callers end in a tail call to it). */
int ffa__mem_retrieve(struct ffa_ctx *ctx, ffa__mem_retrieve_fill fill, const void *arg,
		      const struct ffa_mem_xfer *xfer, union ffa__mem_to to,
		      union ffa__mem_with with, void *rec, enum ffa__mem_to_mode mode);

/* 0 if @txn is of kind @kind and in the negotiated layout (its version 0
 * or the negotiated one; a descriptor is then encoded in ctx->version);
 * FFA_ERR_BAD_ARGUMENT otherwise (NULL too). */
int ffa__mem_txn_check(const struct ffa_ctx *ctx, const struct ffa_mem_txn *txn,
		       enum ffa_mem_desc_kind kind);

/* FFA_MEM_RECLAIM of @handle with @flags (no argument checks), a step of
 * @op (overwritten: answers, slicing, handle; the caller's own op
 * may be reused). */
int ffa__mem_reclaim(struct ffa_ctx *ctx, struct ffa__mem_op *op, uint64_t handle,
		     uint32_t flags);

/* FFA_MEM_RELINQUISH with the descriptor in the TX buffer, a step of @op
 * (as for ffa__mem_reclaim()); the caller holds the RX/TX lock and checked
 * that a pair is mapped. */
int ffa__mem_relinquish_locked(struct ffa_ctx *ctx, struct ffa__mem_op *op, uint64_t handle,
			       uint32_t flags, const uint16_t *ids, uint32_t count);


/* ---- Messaging (issue 3: msg_direct.c, msg_indirect.c, msg_receive.c) ---- */

/* 0 and *@id = the context's own endpoint ID, or FFA_ERR_BAD_ARGUMENT when
 * ffa_id_get() has not succeeded (a sender must name itself in w1). */
static inline int ffa__own_id(const struct ffa_ctx *ctx, uint16_t *id)
{
	if (!(ctx->flags & FFA_CTX_F_OWN_ID))
		return FFA_ERR_BAD_ARGUMENT;
	*id = ctx->own_id;
	return 0;
}

struct ffa_partition_info;

/* Up-front checks of a message to @target: not the own ID @own, and if
 * @info is given, it describes @target (else FFA_ERR_BAD_ARGUMENT), is a PE
 * endpoint and has every property bit of @need (else FFA_ERR_DENIED).
 * Out of line: the common case (no @info) is checked inline first. */
int ffa__msg_target_info_ok(uint16_t target, const struct ffa_partition_info *info,
			    uint32_t need);

static inline int ffa__msg_target_ok(uint16_t own, uint16_t target,
				     const struct ffa_partition_info *info, uint32_t need)
{
	if (target == own)
		return FFA_ERR_BAD_ARGUMENT;
	return info ? ffa__msg_target_info_ok(target, info, need) : 0;
}

/* The checks every sender makes before anything else: @ctx negotiated at
 * @min_version, own ID known (into *@own), target acceptable (see
 * ffa__msg_target_ok(), @need the property bits it must have). On the call
 * path of every message (bench/bench_msg.c): one body, as the helpers at
 * the top of this file. */
#if !FFA__CALL_PATH_BODIES || defined(FFA__CALL_PATH_DEFINE)
int ffa__msg_sender_ready(const struct ffa_ctx *ctx, uint32_t min_version, uint16_t target,
			  const struct ffa_partition_info *info, uint32_t need, uint16_t *own);
#endif
#if FFA__CALL_PATH_BODIES
FFA__CALL_PATH int ffa__msg_sender_ready(const struct ffa_ctx *ctx, uint32_t min_version,
					 uint16_t target, const struct ffa_partition_info *info,
					 uint32_t need, uint16_t *own)
{
	int rc = ffa__ready(ctx, min_version);

	if (rc)
		return rc;
	rc = ffa__own_id(ctx, own);
	if (rc)
		return rc;
	return ffa__msg_target_ok(*own, target, info, need);
}
#endif

/* Framework request types (ffa-abi.md 9.1): 0x00, 0x01, 0x04, ..., 0x0E;
 * response types: 0x02, 0x05, 0x07, ..., 0x0F (bit n: type n). */
#define FFA__FWK_REQ_TYPES 0x5553u
#define FFA__FWK_RESP_TYPES 0xAAA4u

/* A direct-message frame of form @fid (DIRECT_REQ/RESP_32/64: @args in
 * x3..x7; DIRECT_REQ2/RESP2_64: @args in x4..x17; NULL: zero): x0 = @fid,
 * w1 = @ids, w2 = @w2, every other register zero. Nothing is sent; returns
 * FFA_ERR_NOT_SUPPORTED if the conduit cannot carry the form (SMC64; REQ2/
 * RESP2 also x8..x17), then FFA_ERR_BAD_ARGUMENT if @fid is an SMC32 ID and
 * a word does not fit 32 bits, else 0. */
int ffa__msg_frame(const struct ffa_ctx *ctx, struct ffa_regs *r, uint32_t fid, uint32_t ids,
		   uint32_t w2, const uint64_t *args);

/* The @n payload words from x[@first]: whole registers for SMC64, the low
 * halves for SMC32. */
void ffa__msg_words(const struct ffa_regs *r, unsigned int first, unsigned int n, bool is_64,
		    uint64_t *out);

#include <ffa/msg.h>

/* Every receiver call (it hands the CPU away and returns with the next
 * message in @next, which may alias @req): the reply to @req of kind @kind
 * (DIRECT_REQ, FRAMEWORK_REQ or DIRECT_REQ2) with @args, @val 0:
 * ffa_msg_send_direct_resp(), _framework_resp(), _direct_resp2();
 * @kind FFA_MSG_NONE: ffa_msg_wait() with flags @val; FFA_MSG_SUCCESS:
 * ffa_yield() with timeout @val (@req, @args NULL). */
int ffa__msg_receive(struct ffa_ctx *ctx, const struct ffa_msg *req, const uint64_t *args,
		     struct ffa_msg *next, enum ffa_msg_kind kind, uint64_t val);

/* ---- Notifications (notif*.c) ------------------------------------------------ */

/* FFA_NOTIFICATION_BIND or UNBIND (@fid) of @bitmap (non-zero) from
 * @sender to @receiver with @flags: ffa_notif_bind(), ffa_notif_unbind(). */
int ffa__notif_bind_call(struct ffa_ctx *ctx, uint32_t fid, uint16_t sender, uint16_t receiver,
			 uint32_t flags, uint64_t bitmap);

#include <ffa/notif.h>

/* One FFA_NOTIFICATION_INFO_GET answer, checked, in compact form (the one
 * decoder's output; ffa_notif_info_get() expands it into the public struct):
 * @flags: w2 as checked, bit 0 more pending, [11:7] the list count, from
 * bit 12 two bits per list (its vCPU count), list 0 lowest (0 past the
 * list count), the other bits reserved, FFA__NOTIF_INFO_WIDE set for the
 * 64-bit layout (whose x2 bit 63 is reserved); @ids: the
 * 16-bit IDs in answer order, each list's endpoint then its vCPUs. */
struct ffa__notif_info_raw {
	uint64_t flags;
	uint16_t ids[FFA_NOTIF_INFO_MAX_IDS_64];
};
/* INFO_GET's w2/x2 (ffa-abi.md 11.3): bit 0 more pending, [11:7] the list
 * count, from bit 12 two bits per list. */
#define FFA__NOTIF_INFO_MORE 1u
#define FFA__NOTIF_INFO_LISTS_SHIFT 7
#define FFA__NOTIF_INFO_SIZES_SHIFT 12
#define FFA__NOTIF_INFO_WIDE (1ull << 63)
#define FFA__NOTIF_INFO_LISTS(f) ((uint32_t)((f) >> FFA__NOTIF_INFO_LISTS_SHIFT) & 0x1Fu)
#define FFA__NOTIF_INFO_SIZE(f, k) \
	((uint32_t)((f) >> (FFA__NOTIF_INFO_SIZES_SHIFT + 2 * (k))) & 3u)

/* ffa_notif_info_get() into the compact form (NULL @out:
 * FFA_ERR_BAD_ARGUMENT after the version checks); the register frame lives
 * only in this call. */
int ffa__notif_info_raw(struct ffa_ctx *ctx, enum ffa_notif_info_form form,
			struct ffa__notif_info_raw *out);

#endif /* FFA_INTERNAL_H */
