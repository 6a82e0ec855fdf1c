/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_VERSION and negotiation (ffa-abi.md 5; known-bugs.md classes 1-3).
 * The answer is the raw w0, not SUCCESS/ERROR. Partition managers refuse an
 * unacceptable request in two ways: w0 = NOT_SUPPORTED (Hafnium) or their
 * own, incompatible version with nothing recorded (TF-A EL3 SPMC). Both are
 * met here; see docs/version-negotiation.md.
 */
#include "internal.h"

#include <ffa/setup.h>

/* A version this library implements: v1.0 .. FFA_VERSION_LATEST. Bit 31
 * clear, major 1 and a minor up to the latest's are numerically exactly
 * that range. */
static bool supported(uint32_t v)
{
	return v - FFA_VERSION_1_0 <= FFA_VERSION_LATEST - FFA_VERSION_1_0;
}

/*
 * FFA_VERSION offering @offer: one round (ffa_version()), or with @negotiate
 * the rounds of ffa_version_negotiate(). *@pm_version (optional) receives
 * what the manager reported.
 */
static int version(struct ffa_ctx *ctx, uint32_t offer, uint32_t *pm_version, bool negotiate)
{
	int rc = FFA_ERR_NOT_SUPPORTED;

	if (!ctx || !supported(offer))
		return FFA_ERR_BAD_ARGUMENT;
	/* After lock-in only the negotiated version may be asked again: a
	 * TF-A manager would answer a different offer with the locked version,
	 * which looks compatible, and the two ends would disagree on layouts.
	 * Negotiation then re-confirms it, if it is not above @offer. */
	if (ctx->flags & FFA_CTX_F_LOCKED_IN) {
		if (negotiate ? ctx->version == 0 || ctx->version > offer : offer != ctx->version)
			return FFA_ERR_BAD_ARGUMENT;
		offer = ctx->version;
		negotiate = false;
	}

	/* Each round offers a strictly lower minor, so this ends. @rc keeps
	 * FFA_ERR_VERSION once a manager reported an incompatible version. */
	for (;;) {
		struct ffa_regs r;
		uint32_t w0;
		int got;

		ffa__frame(&r, FFA_VERSION_32, offer, 0, 0, 0);
		got = ffa__call(ctx, &r);
		if (got)
			return got;
		/* Only w0 counts; compare as a signed 32-bit value so
		 * NOT_SUPPORTED (-1) is never mistaken for a huge version
		 * (class 1). */
		w0 = ffa__w(&r, 0);
		if ((int32_t)w0 < 0) {
			if (w0 != FFA_VERSION_NOT_SUPPORTED)
				return FFA_ERR_PROTOCOL;
			if (!negotiate)
				return FFA_ERR_NOT_SUPPORTED;
			/* Refused without a version: offer the next lower
			 * minor. */
			if (FFA_VERSION_MINOR(offer) == 0)
				return rc;
			offer--;
			continue;
		}
		ctx->pm_version = w0;
		if (pm_version)
			*pm_version = w0;
		/* Compatible: the same major (bit 31 is clear in both), a
		 * minor at least the offered one. */
		if (!((w0 ^ offer) >> 16) && w0 >= offer) {
			ctx->version = offer;
			return 0;
		}
		/* Another major: nothing to offer. With the same major, a
		 * lower minor is a lower value, and the next offer: the
		 * manager proved it supports it. */
		if (!negotiate || (w0 ^ offer) >> 16)
			return FFA_ERR_VERSION;
		rc = FFA_ERR_VERSION;
		offer = w0;
	}
}

int ffa_version(struct ffa_ctx *ctx, uint32_t requested, uint32_t *pm_version)
{
	return version(ctx, requested, pm_version, false);
}

int ffa_version_negotiate(struct ffa_ctx *ctx, uint32_t highest)
{
	return version(ctx, highest ? highest : FFA_VERSION_LATEST, NULL, true);
}
