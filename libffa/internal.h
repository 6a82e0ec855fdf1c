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

/* Zero the whole frame and set the function ID. Inline: it is on every
 * call's path (bench/bench_call.c measures that path). */
static inline void ffa__frame_init(struct ffa_regs *r, uint32_t fid)
{
	/* __builtin_memset needs no libc; compilers expand it inline to
	 * vector stores for this fixed size. */
	__builtin_memset(r, 0, sizeof(*r));
	r->x[0] = fid;
}

/* 0 if @ctx is usable and negotiated at >= @min_version; else
 * FFA_ERR_BAD_ARGUMENT / FFA_ERR_NOT_NEGOTIATED / FFA_ERR_NOT_SUPPORTED. */
static inline int ffa__ready(const struct ffa_ctx *ctx, uint32_t min_version)
{
	if (!ctx)
		return FFA_ERR_BAD_ARGUMENT;
	/* One compare on the success path: every @min_version is >= v1.0, so
	 * passing it implies a version was negotiated. */
	if (ctx->version < min_version)
		return ctx->version ? FFA_ERR_NOT_SUPPORTED : FFA_ERR_NOT_NEGOTIATED;
	return 0;
}

/* Every frame sent goes through here first. The first call other than
 * FFA_VERSION ends negotiation (v1.2 lock-in rule); remember it so a later
 * ffa_version() cannot change the version behind the manager's back. */
static inline void ffa__note_sent(struct ffa_ctx *ctx, const struct ffa_regs *r)
{
	if ((uint32_t)r->x[0] != FFA_VERSION_32)
		ctx->flags |= FFA_CTX_F_LOCKED_IN;
}

/* Send @r in place through the conduit. Returns the conduit's result. */
static inline int ffa__call(struct ffa_ctx *ctx, struct ffa_regs *r)
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
	return rc;
}

/* Classify an answer that should be FFA_SUCCESS_32/64: 0 for success, the
 * mapped code for FFA_ERROR, FFA_ERR_PROTOCOL for anything else. */
static inline int ffa__expect_success(const struct ffa_regs *r)
{
	uint32_t fid = ffa__w(r, 0);

	if (fid == FFA_SUCCESS_32 || fid == FFA_SUCCESS_64)
		return 0;
	if (fid == FFA_ERROR_32)
		return ffa_error_from_wire(ffa__w(r, 2));
	return FFA_ERR_PROTOCOL;
}

/* Call and expect FFA_SUCCESS. */
static inline int ffa__call_success(struct ffa_ctx *ctx, struct ffa_regs *r)
{
	int rc = ffa__call(ctx, r);

	return rc ? rc : ffa__expect_success(r);
}

/* Record an FFA_INTERRUPT / FFA_YIELD answer in ctx->preempt. */
void ffa__note_preempt(struct ffa_ctx *ctx, const struct ffa_regs *r);

/*
 * The one place that meets FFA_INTERRUPT / FFA_YIELD. Sends @r and, while the
 * answer is a preemption, follows the context's policy (resume with FFA_RUN
 * on the endpoint/vCPU the answer names, or return FFA_ERR_PREEMPTED). The
 * final answer is left in @r. Returns 0 when its function ID is one of
 * @allowed[0..n), the mapped code for FFA_ERROR, FFA_ERR_PROTOCOL otherwise.
 */
int ffa__call_resumable(struct ffa_ctx *ctx, struct ffa_regs *r, const uint32_t *allowed,
			size_t n);

/* The loop of ffa__call_resumable() for an answer already in @r. */
int ffa__resume_answer(struct ffa_ctx *ctx, struct ffa_regs *r, const uint32_t *allowed,
		       size_t n);

/* ffa__call_resumable() for the one allowed answer @fid, with the common
 * case (the first answer is @fid) inline; measured by bench/bench_msg.c. */
static inline int ffa__call_expect(struct ffa_ctx *ctx, struct ffa_regs *r, uint32_t fid)
{
	int rc = ffa__call(ctx, r);

	if (rc || ffa__w(r, 0) == fid)
		return rc;
	return ffa__resume_answer(ctx, r, &fid, 1);
}

/* RX/TX lock hooks. */
static inline void ffa__lock(struct ffa_ctx *ctx)
{
	if (ctx->port.lock)
		ctx->port.lock(ctx->port.arg);
}

static inline void ffa__unlock(struct ffa_ctx *ctx)
{
	if (ctx->port.unlock)
		ctx->port.unlock(ctx->port.arg);
}

/* Translate a buffer address through the port hook (identity when unset). */
bool ffa__va_to_pa(const struct ffa_ctx *ctx, const void *va, uint64_t *pa);

/* True if the conduit carries SMC64 calls. */
static inline bool ffa__smc64(const struct ffa_ctx *ctx)
{
	return (ctx->conduit.caps & FFA_CONDUIT_CAP_SMC64) != 0;
}

/* FFA_RX_RELEASE (w1 = @vm_id) for a caller that already holds the RX/TX
 * lock. */
int ffa__rx_release_locked(struct ffa_ctx *ctx, uint16_t vm_id);


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
 * ffa__msg_target_ok(), @need the property bits it must have). */
static inline int ffa__msg_sender_ready(const struct ffa_ctx *ctx, uint32_t min_version,
					uint16_t target,
					const struct ffa_partition_info *info, uint32_t need,
					uint16_t *own)
{
	int rc = ffa__ready(ctx, min_version);

	if (rc)
		return rc;
	rc = ffa__own_id(ctx, own);
	if (rc)
		return rc;
	return ffa__msg_target_ok(*own, target, info, need);
}

/* True if every one of the @n words fits 32 bits (NULL: all zero). */
static inline bool ffa__msg_words_fit32(const uint64_t *w, size_t n)
{
	uint64_t hi = 0;

	if (!w)
		return true;
	for (size_t i = 0; i < n; i++)
		hi |= w[i];
	return (hi >> 32) == 0;
}

#endif /* FFA_INTERNAL_H */
