/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa services - memory transactions end to end, on top of <ffa/mem.h>:
 *
 *   owner:    ffa_mem_svc_share() / _lend() / _donate()  -> handle
 *             ... (the handle travels to the borrowers by a message) ...
 *             ffa_mem_svc_reclaim()
 *   borrower: ffa_mem_svc_retrieve()  -> ranges in a caller array, or
 *             ffa_mem_svc_retrieve_each() -> ranges to a callback
 *             ffa_mem_svc_relinquish()
 *
 * The services fill in what the calls leave to the caller: the endpoint's
 * own ID (learnt with FFA_ID_GET once), the negotiated layout version,
 * the attribute default of each operation, the retrieve request for the
 * common cases, and a caller-owned record of each transaction so that
 * reclaim and relinquish know what to name - including a transaction that
 * a failed send could not undo. No heap, no global state: every record is
 * the caller's.
 */
#ifndef FFA_MEM_SERVICES_H
#define FFA_MEM_SERVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/ctx.h>
#include <ffa/desc.h>
#include <ffa/mem.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Owner side --------------------------------------------------------------- */

/**
 * struct ffa_mem_region - what to give away.
 * @ranges:         the address ranges (rewindable iterator, see desc.h;
 *                  ffa_mem_range_array_iter() adapts an array).
 * @receivers:      the borrowers: IDs, permissions (data access RO/RW for
 *                  share/lend, not specified for donate; instruction access
 *                  not specified) and, at v1.2, an IMPDEF value each.
 * @receiver_count: entries in @receivers (1 for donate).
 * @attributes:     memory attributes; FFA_MEM_SVC_ATTR_DEFAULT picks the
 *                  operation's rule (ffa-memory.md 4): normal write-back
 *                  inner-shareable (0x2F) for share and multi-borrower
 *                  lend, "not specified" (0) for donate and single lend.
 * @flags:          FFA_MEM_FLAG_* (zero memory, time slicing).
 * @tag:            the sender's tag (borrowers echo it).
 */
struct ffa_mem_region {
	const struct ffa_mem_range_iter *ranges;
	const struct ffa_mem_receiver *receivers;
	uint32_t receiver_count;
	uint32_t attributes;
	uint32_t flags;
	uint64_t tag;
};

/** Let the service choose the attributes for the operation. */
#define FFA_MEM_SVC_ATTR_DEFAULT 0xFFFFFFFFu

/**
 * struct ffa_mem_lent - the owner's record of one transaction
 * (caller-owned; filled by the send functions).
 * @handle: the transaction's handle (FFA_MEM_HANDLE_INVALID if none).
 * @op:     how it was given.
 * @sender: this endpoint's ID as named in the descriptor.
 * @live:   true while the manager holds the transaction: after a
 *          successful send, and after a failed one whose undo failed
 *          (then reclaim it later with ffa_mem_svc_reclaim()).
 */
struct ffa_mem_lent {
	uint64_t handle;
	enum ffa_mem_op op;
	uint16_t sender;
	bool live;
};

/**
 * ffa_mem_svc_send() - give @rgn away with @op; record it in @out.
 * @ctx: negotiated context with an RX/TX pair. Its own ID is learnt with
 *       FFA_ID_GET if not known yet (one extra call, once).
 * @out: caller-owned record; overwritten.
 *
 * Builds the transaction (kind SEND, negotiated version, sender = own ID,
 * attributes per @rgn) and sends it with ffa_mem_send() through the TX
 * buffer. Returns 0 with @out->live set; the errors of ffa_id_get() and
 * ffa_mem_send(); FFA_ERR_BAD_ARGUMENT for NULL pointers or an unknown @op.
 * On failure @out->live tells whether a transaction was left behind.
 */
int ffa_mem_svc_send(struct ffa_ctx *ctx, enum ffa_mem_op op, const struct ffa_mem_region *rgn,
		     struct ffa_mem_lent *out);

/** ffa_mem_svc_share() - ffa_mem_svc_send(FFA_MEM_OP_SHARE). */
int ffa_mem_svc_share(struct ffa_ctx *ctx, const struct ffa_mem_region *rgn,
		      struct ffa_mem_lent *out);

/** ffa_mem_svc_lend() - ffa_mem_svc_send(FFA_MEM_OP_LEND). */
int ffa_mem_svc_lend(struct ffa_ctx *ctx, const struct ffa_mem_region *rgn,
		     struct ffa_mem_lent *out);

/** ffa_mem_svc_donate() - ffa_mem_svc_send(FFA_MEM_OP_DONATE). */
int ffa_mem_svc_donate(struct ffa_ctx *ctx, const struct ffa_mem_region *rgn,
		       struct ffa_mem_lent *out);

/**
 * ffa_mem_svc_reclaim() - take a recorded transaction back
 * (FFA_MEM_RECLAIM with @flags, FFA_MEM_RECLAIM_FLAG_*).
 * On success @l->live becomes false. Returns 0; FFA_ERR_BAD_ARGUMENT for
 * NULL or a record that is not live; the errors of ffa_mem_reclaim()
 * (DENIED while a borrower still holds it: relinquish first).
 */
int ffa_mem_svc_reclaim(struct ffa_ctx *ctx, struct ffa_mem_lent *l, uint32_t flags);

/* ---- Borrower side ------------------------------------------------------------ */

/**
 * struct ffa_mem_borrow - what to retrieve.
 * @handle, @sender, @tag: as the owner told (out of band).
 * @type:       FFA_MEM_RETRIEVE_TYPE_* expected (0: not specified).
 * @perm:       permissions asked for this endpoint (0: not specified, i.e.
 *              whatever was granted). A lend to a single borrower and a
 *              donation require the instruction access to be stated
 *              (FFA_MEM_PERM_X or _NX; ffa-memory.md, retrieve permission
 *              table): a manager refuses 0 for them with
 *              FFA_ERR_INVALID_PARAMETERS, and nothing is left retrieved.
 * @impdef:     v1.2: the IMPDEF value the owner gave this endpoint (16
 *              bytes), or NULL for zero.
 * @flags:      further FFA_MEM_RETRIEVE_FLAG_* bits (zero, time slicing,
 *              bypass-multi); the type bits come from @type.
 * @borrowers:  NULL: the request lists only this endpoint (single-borrower
 *              transactions, or the v1.2 bypass flag). Otherwise every
 *              borrower of the transaction as the request must list them
 *              (ffa-memory.md 9.1), this endpoint with flags 0, the others
 *              with FFA_MEM_EMAD_FLAG_NON_RETRIEVAL; @perm/@impdef are then
 *              ignored.
 * @borrower_count: entries in @borrowers.
 */
struct ffa_mem_borrow {
	uint64_t handle;
	uint16_t sender;
	uint64_t tag;
	uint32_t type;
	uint8_t perm;
	const uint8_t *impdef;
	uint32_t flags;
	const struct ffa_mem_receiver *borrowers;
	uint32_t borrower_count;
};

/**
 * struct ffa_mem_borrowed - the borrower's record of a retrieved region
 * (caller-owned; filled by the retrieve functions from the response).
 * @handle, @sender, @tag: from the response (until it arrived: as asked,
 *               so a record left @retrieved by a failed undo names the
 *               right handle for ffa_mem_svc_relinquish()).
 * @self:        this endpoint's ID (the one that relinquishes).
 * @attributes:  memory attributes as mapped (NS bit included).
 * @flags:       response flags (bit 0 zeroed, bits 4:3 the type).
 * @perm:        permissions granted to this endpoint.
 * @range_count: address ranges in the response.
 * @total_pages: pages in them.
 * @retrieved:   true while the region is mapped (after a successful
 *               retrieve, or a failed one whose undo failed).
 */
struct ffa_mem_borrowed {
	uint64_t handle;
	uint16_t sender;
	uint64_t tag;
	uint16_t self;
	uint16_t attributes;
	uint32_t flags;
	uint8_t perm;
	uint32_t range_count;
	uint32_t total_pages;
	bool retrieved;
};

/**
 * ffa_mem_svc_retrieve() - retrieve a region into a caller array.
 * @ctx: negotiated context with an RX/TX pair (own ID learnt if needed).
 * @req: what to retrieve.
 * @out: caller array of @cap ranges (may be NULL if @cap is 0).
 * @b:   caller-owned record; overwritten.
 *
 * Returns the number of ranges written (= @b->range_count);
 * FFA_ERR_BUFFER_TOO_SMALL when the response has more than @cap ranges:
 * then nothing stays mapped (the retrieval is undone) and
 * @b->range_count says how many are needed; the errors of ffa_id_get()
 * and ffa_mem_retrieve(); FFA_ERR_PROTOCOL if the response names no
 * receiver or another one than this endpoint; FFA_ERR_BAD_ARGUMENT for
 * NULL pointers, a type above 3, or @borrowers without this endpoint
 * (with flags 0).
 */
int ffa_mem_svc_retrieve(struct ffa_ctx *ctx, const struct ffa_mem_borrow *req,
			 struct ffa_mem_range *out, size_t cap, struct ffa_mem_borrowed *b);

/**
 * ffa_mem_svc_retrieve_each() - retrieve a region, handing each range to
 * @range(@arg, addr, pages) (a negative return stops and undoes the
 * retrieval, and is returned). Returns the number of ranges, or the errors
 * of ffa_mem_svc_retrieve() (no FFA_ERR_BUFFER_TOO_SMALL).
 */
int ffa_mem_svc_retrieve_each(struct ffa_ctx *ctx, const struct ffa_mem_borrow *req,
			      int (*range)(void *arg, uint64_t addr, uint32_t pages), void *arg,
			      struct ffa_mem_borrowed *b);

/**
 * ffa_mem_svc_relinquish() - give a retrieved region back
 * (FFA_MEM_RELINQUISH naming @b->self, with @flags, FFA_MEM_RELINQUISH_FLAG_*).
 * On success @b->retrieved becomes false. Returns 0; FFA_ERR_BAD_ARGUMENT
 * for NULL or a record that is not retrieved; the errors of
 * ffa_mem_relinquish().
 */
int ffa_mem_svc_relinquish(struct ffa_ctx *ctx, struct ffa_mem_borrowed *b, uint32_t flags);

#ifdef __cplusplus
}
#endif

#endif /* FFA_MEM_SERVICES_H */
