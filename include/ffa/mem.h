/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa - memory management calls (ffa-memory.md, ffa-abi.md 4.5):
 * FFA_MEM_SHARE / LEND / DONATE with the fragment exchange
 * (FFA_MEM_FRAG_RX / FFA_MEM_FRAG_TX), FFA_MEM_RETRIEVE_REQ with a possibly
 * fragmented FFA_MEM_RETRIEVE_RESP, FFA_MEM_RELINQUISH, FFA_MEM_RECLAIM,
 * time slicing (FFA_MEM_OP_PAUSE / FFA_MEM_OP_RESUME) and
 * FFA_MEM_PERM_GET / FFA_MEM_PERM_SET.
 *
 * Descriptors are built and read by the desc layer (<ffa/desc.h>): a
 * transaction of any size is streamed through the fragmenter into one
 * buffer (the TX buffer or a caller buffer), never materialised whole, and
 * a retrieve response is reassembled fragment by fragment from the RX
 * buffer and handed to the caller range by range.
 *
 * Conventions: as for <ffa/setup.h> (0 or a count on success, a negative
 * ffa_status otherwise; FFA_ERR_NOT_NEGOTIATED before FFA_VERSION; an
 * answer whose function ID the step does not allow is FFA_ERR_PROTOCOL).
 * Memory calls are not preemptible by FFA_INTERRUPT / FFA_YIELD (their
 * answers are listed in ffa-memory.md 8; such an answer is a protocol
 * error); their preemption is time slicing: see "Time slicing" below.
 * docs/memory-calls.md describes the flows and the failure policy.
 */
#ifndef FFA_MEM_H
#define FFA_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/ctx.h>
#include <ffa/desc.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * enum ffa_mem_op - the three ways to give memory away (ffa-memory.md 1).
 */
enum ffa_mem_op {
	FFA_MEM_OP_DONATE = 0, /**< FFA_MEM_DONATE: ownership moves to one borrower */
	FFA_MEM_OP_LEND = 1,   /**< FFA_MEM_LEND: owner loses access meanwhile */
	FFA_MEM_OP_SHARE = 2,  /**< FFA_MEM_SHARE: owner keeps access */
};

/**
 * struct ffa_mem_xfer - how a descriptor travels (optional argument; NULL
 * means "in the TX buffer, on the caller's own behalf").
 * @buf:     NULL: the context's TX buffer (under the RX/TX lock; x3 = w4 =
 *           0). Otherwise a caller buffer of @pages 4 KiB pages, 4 KiB
 *           aligned, whose translated address (port va_to_pa) goes in x3 and
 *           its page count in w4; every fragment of the exchange is written
 *           there. Only managers that report the "dynamically allocated
 *           buffer" property (ffa_features()) accept it.
 * @pages:   size of @buf in 4 KiB pages (>= 1; ignored for the TX buffer).
 * @forward: hypervisor forwarding a VM's transaction to the SPMC: the
 *           fragment calls carry the sender (send) or owner (retrieve) ID
 *           in w4[31:16] (ffa-abi.md 4.5, 7.1). A retrieve request with no
 *           receivers (the v1.1 hypervisor retrieve, ffa-memory.md 8.4)
 *           always does.
 */
struct ffa_mem_xfer {
	void *buf;
	uint32_t pages;
	bool forward;
};

/* ---- Sending memory -------------------------------------------------------- */

/**
 * ffa_mem_send() - FFA_MEM_DONATE / LEND / SHARE of a whole transaction.
 * @ctx:    the context (negotiated; with the TX buffer, an RX/TX pair).
 * @op:     which operation.
 * @txn:    the transaction; kind must be FFA_MEM_DESC_SEND, handle 0.
 *          @txn->version must be 0 (= the negotiated version) or equal the
 *          negotiated version: descriptors always use the negotiated layout
 *          (known-bugs.md 23). Read during the call only.
 * @it:     the address ranges (rewindable; walked twice, see desc.h).
 * @xfer:   NULL (TX buffer) or a caller buffer, see struct ffa_mem_xfer.
 * @handle: receives the handle on success. On failure it receives
 *          FFA_MEM_HANDLE_INVALID when nothing was left behind, otherwise
 *          the handle of a transaction the manager may still hold (the
 *          automatic clean-up below failed): reclaim it later.
 *
 * The descriptor is streamed through the fragmenter: the first fragment
 * goes with the call (w1 = total length, w2 = fragment length, x3/w4 = the
 * caller buffer or 0/0), the rest with FFA_MEM_FRAG_TX (w1/w2 = handle,
 * w3 = length, w4 = 0 or the forwarded sender ID << 16). Each FFA_MEM_FRAG_RX
 * answer must name the handle of the first one in w1/w2 and, in w3, exactly
 * the number of bytes sent so far; the final FFA_SUCCESS must carry the same
 * handle in w2/w3 and come only after the last byte. Fragments fill the
 * buffer (a multiple of 16 bytes of it; at most 4096 bytes at v1.0, the
 * limit Hafnium applies to v1.0 senders) and never split a constituent.
 * The 64-bit function ID is used when a caller buffer is passed on a
 * conduit that carries SMC64 (its address is a 64-bit argument,
 * known-bugs.md 9); otherwise the 32-bit one (then a caller buffer must
 * lie below 4 GiB).
 *
 * Rules checked before anything is sent (ffa-memory.md 4, 5, 6.1, 10.1;
 * known-bugs.md 40), FFA_ERR_BAD_ARGUMENT otherwise: DONATE has exactly one
 * receiver; attributes are 0 ("not specified") for DONATE and for LEND to
 * one borrower, and specify a memory type for SHARE and for LEND to several;
 * the zero flag is not used with SHARE; each receiver's data access is RO
 * or RW for SHARE/LEND and not specified for DONATE, and its instruction
 * access is not specified; plus every rule of ffa_mem_frag_init().
 *
 * Failure policy (known-bugs.md 26): when the manager answers FFA_ERROR,
 * it has discarded the transaction (Hafnium and TF-A free its state on
 * every error) and nothing is left. When the call fails after a handle was
 * learnt (a protocol violation by the manager, an iterator failure in the
 * second pass, a conduit failure or a time-slicing limit), libffa undoes
 * the transaction: if it is incomplete it sends the remaining bytes as
 * invalid (zero-page) constituents, which the manager must reject, so the
 * memory is never shared; if the manager reports it complete, it is
 * reclaimed with FFA_MEM_RECLAIM (flags 0). Only if that fails is the
 * handle returned in *@handle. A handle libffa cannot attribute to this
 * transaction (a different one in a later answer) is never reclaimed.
 *
 * Returns 0; FFA_ERR_BAD_ARGUMENT (NULL, bad @op, the rules above, a bad
 * caller buffer: unaligned, 0 pages, no translation, above 4 GiB for the
 * 32-bit form; no RX/TX pair for the TX path; @txn->version mismatch);
 * FFA_ERR_BUFFER_TOO_SMALL (the header, EMADs and composite header do not
 * fit one fragment buffer); errors of ffa_mem_frag_init() and of the
 * iterator; FFA_ERROR codes of any step (INVALID_PARAMETERS, DENIED,
 * NO_MEMORY, ABORTED, BUSY, NOT_SUPPORTED ...); FFA_ERR_PROTOCOL (an answer
 * not allowed at that step, a wrong handle or offset, FFA_MEM_FRAG_RX after
 * the last byte, FFA_SUCCESS before it, the invalid handle);
 * FFA_ERR_INTERRUPTED (time-slicing limit, see below); conduit errors.
 */
int ffa_mem_send(struct ffa_ctx *ctx, enum ffa_mem_op op, const struct ffa_mem_txn *txn,
		 const struct ffa_mem_range_iter *it, const struct ffa_mem_xfer *xfer,
		 uint64_t *handle);

/** ffa_mem_share() - ffa_mem_send(FFA_MEM_OP_SHARE). */
int ffa_mem_share(struct ffa_ctx *ctx, const struct ffa_mem_txn *txn,
		  const struct ffa_mem_range_iter *it, const struct ffa_mem_xfer *xfer,
		  uint64_t *handle);

/** ffa_mem_lend() - ffa_mem_send(FFA_MEM_OP_LEND). */
int ffa_mem_lend(struct ffa_ctx *ctx, const struct ffa_mem_txn *txn,
		 const struct ffa_mem_range_iter *it, const struct ffa_mem_xfer *xfer,
		 uint64_t *handle);

/** ffa_mem_donate() - ffa_mem_send(FFA_MEM_OP_DONATE). */
int ffa_mem_donate(struct ffa_ctx *ctx, const struct ffa_mem_txn *txn,
		   const struct ffa_mem_range_iter *it, const struct ffa_mem_xfer *xfer,
		   uint64_t *handle);

/* ---- Retrieving memory ----------------------------------------------------- */

/**
 * struct ffa_mem_retrieve_sink - where a retrieve response goes.
 * @header: optional; called once with the validated response header view
 *          while its first fragment is still in the RX buffer: read the
 *          EMAD(s) with ffa_mem_desc_receiver() inside the call (the view is
 *          not valid afterwards). Return 0 to go on, a negative value to stop.
 * @range:  required; called for every address range, in order, each
 *          validated (aligned, >= 1 page, no wrap, running page sum within
 *          the total). Return 0 to go on, a negative value to stop.
 * @arg:    passed to both.
 * A negative value from a callback stops the retrieve, which is then undone
 * (see ffa_mem_retrieve()) and the value returned.
 */
struct ffa_mem_retrieve_sink {
	int (*header)(void *arg, const struct ffa_mem_desc *d);
	int (*range)(void *arg, uint64_t addr, uint32_t pages);
	void *arg;
};

/**
 * ffa_mem_retrieve() - FFA_MEM_RETRIEVE_REQ and the whole response.
 * @ctx:  the context (negotiated, with an RX/TX pair: the response always
 *        arrives in the RX buffer).
 * @req:  the retrieve request; kind must be FFA_MEM_DESC_RETRIEVE_REQ, its
 *        version 0 or the negotiated one (see ffa_mem_send()). 0 receivers
 *        is the v1.1 hypervisor retrieve (then FRAG_RX w4[31:16] = sender).
 * @xfer: NULL (request in the TX buffer) or a caller buffer for the request.
 * @sink: receives the header and the ranges.
 * @retrieved: optional; on failure, true if the region may still be mapped
 *        in the caller (the undo below failed); false otherwise.
 *
 * The RX/TX lock is held for the whole exchange. FFA_MEM_RETRIEVE_RESP
 * gives w1 = total length R, w2 = first fragment length; each later
 * fragment is asked for with FFA_MEM_FRAG_RX (w1/w2 = the request's handle,
 * w3 = bytes received so far, w4 = 0 or the owner ID << 16) and arrives
 * with FFA_MEM_FRAG_TX (w1/w2 = the same handle, w3 = its length). Every
 * length is checked (non-zero, within the RX buffer and within R) and every
 * fragment is validated by the reassembler before the sink sees it. The RX
 * buffer is released (FFA_RX_RELEASE) exactly once for every fragment the
 * manager delivered, after its ranges were handed to the sink, on every
 * path.
 *
 * Undo on failure: once the manager answered FFA_MEM_RETRIEVE_RESP it has
 * mapped the region; if the retrieve then fails (bad content, a sink
 * error, a protocol violation in the exchange), libffa fetches and
 * discards the remaining fragments when the exchange itself is intact
 * (managers only accept a relinquish of a fully retrieved region) and
 * relinquishes the handle (FFA_MEM_RELINQUISH in the TX buffer, naming the
 * caller: the context's own ID if ffa_id_get() ran, else the response's
 * single receiver). The hypervisor retrieve maps nothing and is not undone.
 *
 * Returns 0; FFA_ERR_BAD_ARGUMENT (NULL, no RX/TX pair, @req not a valid
 * request or of another version, a bad caller buffer); the request
 * encoder's errors; FFA_ERROR codes (INVALID_PARAMETERS, DENIED, BUSY,
 * NO_MEMORY, ABORTED, NOT_SUPPORTED ...); FFA_ERR_PROTOCOL (a wrong answer,
 * handle, length or malformed response); a sink callback's negative value;
 * FFA_ERR_INTERRUPTED; conduit errors; the release's error if releasing
 * the RX buffer failed.
 */
int ffa_mem_retrieve(struct ffa_ctx *ctx, const struct ffa_mem_txn *req,
		     const struct ffa_mem_xfer *xfer, const struct ffa_mem_retrieve_sink *sink,
		     bool *retrieved);

/* ---- Giving memory back ---------------------------------------------------- */

/**
 * ffa_mem_relinquish() - FFA_MEM_RELINQUISH: a borrower gives up access.
 * @handle: the transaction.
 * @flags:  FFA_MEM_RELINQUISH_FLAG_* (6.4); bits 31:2 must be 0.
 * @ids:    the relinquishing endpoints (normally just the caller; Hafnium
 *          accepts only that).
 * @count:  entries in @ids, >= 1.
 *
 * Writes the relinquish descriptor into the TX buffer under the RX/TX lock
 * and calls with every register but w0 zero. Returns 0;
 * FFA_ERR_BAD_ARGUMENT (NULL, no RX/TX pair, reserved flags, @count 0,
 * FFA_MEM_HANDLE_INVALID); FFA_ERR_BUFFER_TOO_SMALL (descriptor larger than
 * the TX buffer); FFA_ERROR codes (INVALID_PARAMETERS, DENIED ...);
 * FFA_ERR_PROTOCOL; FFA_ERR_INTERRUPTED; conduit errors.
 */
int ffa_mem_relinquish(struct ffa_ctx *ctx, uint64_t handle, uint32_t flags,
		       const uint16_t *ids, uint32_t count);

/**
 * ffa_mem_reclaim() - FFA_MEM_RECLAIM: the owner takes the memory back.
 * @handle: w1 = bits 31:0, w2 = bits 63:32.
 * @flags:  w3: FFA_MEM_RECLAIM_FLAG_* (6.5); bits 31:2 must be 0.
 *
 * Returns 0; FFA_ERR_BAD_ARGUMENT (reserved flags, FFA_MEM_HANDLE_INVALID);
 * FFA_ERROR codes (INVALID_PARAMETERS unknown handle / not the owner / not
 * fully sent, DENIED a borrower still has access ...); FFA_ERR_PROTOCOL;
 * FFA_ERR_INTERRUPTED; conduit errors. An echo of the inputs in unused
 * answer registers (TF-A) is tolerated.
 */
int ffa_mem_reclaim(struct ffa_ctx *ctx, uint64_t handle, uint32_t flags);

/* ---- Time slicing ------------------------------------------------------------ */

/*
 * When the caller sets the time-slicing flag of a transaction (send:
 * FFA_MEM_FLAG_TIME_SLICE; retrieve: FFA_MEM_RETRIEVE_FLAG_TIME_SLICE;
 * relinquish/reclaim flags bit 1), any step may be answered with
 * FFA_MEM_OP_PAUSE (w1/w2 = handle); libffa answers FFA_MEM_OP_RESUME with
 * the same handle until a normal answer arrives (ffa-memory.md 8.2). The
 * handle must be the transaction's (for a send, the first one seen defines
 * it). The context's resume limit (ffa_ctx_set_preempt_policy()) bounds the
 * rounds per step (0 = no limit); when it runs out the call fails with
 * FFA_ERR_INTERRUPTED and makes no further call (the paused operation can
 * only be continued by FFA_MEM_OP_RESUME, see ffa_mem_op_resume()). Without
 * the flag, FFA_MEM_OP_PAUSE is a protocol error.
 */

/**
 * ffa_mem_op_resume() - one FFA_MEM_OP_RESUME (w1/w2 = @handle), for a
 * caller continuing an operation a time-slicing limit left paused.
 * @out: optional; receives the whole answer (what the paused step would
 *       have answered: FFA_SUCCESS, FFA_MEM_FRAG_RX, FFA_MEM_RETRIEVE_RESP,
 *       FFA_MEM_FRAG_TX or FFA_MEM_OP_PAUSE again).
 * Returns 0 for any of those answers; FFA_ERR_BAD_ARGUMENT
 * (FFA_MEM_HANDLE_INVALID); FFA_ERROR codes; FFA_ERR_PROTOCOL; conduit
 * errors. An FFA_MEM_RETRIEVE_RESP or FFA_MEM_FRAG_TX answer hands the RX
 * buffer to the caller.
 */
int ffa_mem_op_resume(struct ffa_ctx *ctx, uint64_t handle, struct ffa_regs *out);

/* ---- Page permissions of the caller (S-EL0 partitions, v1.1) ---------------- */

/** FFA_MEM_PERM_GET/SET permission word (ffa-memory.md 11). */
#define FFA_MEM_PERM_DATA_NONE 0x0u /**< bits 1:0 = 00: no access */
#define FFA_MEM_PERM_DATA_RW 0x1u   /**< bits 1:0 = 01: read-write */
#define FFA_MEM_PERM_DATA_RO 0x3u   /**< bits 1:0 = 11: read-only (10 reserved) */
#define FFA_MEM_PERM_DATA_MASK 0x3u
#define FFA_MEM_PERM_XN 0x4u        /**< bit 2: not executable */

/**
 * ffa_mem_perm_get() - FFA_MEM_PERM_GET (v1.1+): permissions of the page
 * at @va in the caller's own translation regime.
 * @va:   4 KiB-aligned virtual address (x1).
 * @perm: receives w2 (FFA_MEM_PERM_DATA_* | FFA_MEM_PERM_XN).
 *
 * w2 of the call is 0 (one page: the only meaning before v1.3's range
 * form, which libffa does not negotiate). Uses FFA_MEM_PERM_GET_64 when
 * the conduit carries SMC64, else the 32-bit ID (then @va must fit 32
 * bits). Returns 0; FFA_ERR_NOT_SUPPORTED without a call at v1.0;
 * FFA_ERR_BAD_ARGUMENT (NULL, unaligned, too wide); FFA_ERROR codes
 * (INVALID_PARAMETERS, DENIED outside initialisation or for a non-S-EL0
 * partition, NOT_SUPPORTED); FFA_ERR_PROTOCOL (wrong answer, or a
 * permission word with reserved bits or the reserved data encoding 10).
 */
int ffa_mem_perm_get(struct ffa_ctx *ctx, uint64_t va, uint32_t *perm);

/**
 * ffa_mem_perm_set() - FFA_MEM_PERM_SET (v1.1+): set the permissions of
 * @pages pages from @va (x1 = @va, w2 = @pages, w3 = @perm).
 * @perm: FFA_MEM_PERM_DATA_* | optional FFA_MEM_PERM_XN; bits 31:3 and the
 *        reserved data encoding 10 are refused. (Hafnium also refuses RW+X,
 *        0x1, by W^X; that answer is passed through.)
 * Returns 0; FFA_ERR_NOT_SUPPORTED without a call at v1.0;
 * FFA_ERR_BAD_ARGUMENT (unaligned @va, @pages 0, a range that wraps, a
 * reserved @perm, @va too wide for the 32-bit form); FFA_ERROR codes;
 * FFA_ERR_PROTOCOL; conduit errors.
 */
int ffa_mem_perm_set(struct ffa_ctx *ctx, uint64_t va, uint32_t pages, uint32_t perm);

#ifdef __cplusplus
}
#endif

#endif /* FFA_MEM_H */
