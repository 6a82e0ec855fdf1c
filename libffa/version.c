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

int ffa_version(struct ffa_ctx *ctx, uint32_t requested, uint32_t *pm_version)
{
	struct ffa_regs r;
	uint32_t w0;
	int rc;

	if (!ctx || !supported(requested))
		return FFA_ERR_BAD_ARGUMENT;
	/* After lock-in only the negotiated version may be asked again: a
	 * TF-A manager would answer a different offer with the locked version,
	 * which looks compatible, and the two ends would disagree on layouts. */
	if ((ctx->flags & FFA_CTX_F_LOCKED_IN) && requested != ctx->version)
		return FFA_ERR_BAD_ARGUMENT;
	ffa__frame(&r, FFA_VERSION_32, requested, 0, 0, 0);
	rc = ffa__call(ctx, &r);
	if (rc)
		return rc;
	/* Only w0 counts; compare as a signed 32-bit value so NOT_SUPPORTED
	 * (-1) is never mistaken for a huge version (class 1). */
	w0 = ffa__w(&r, 0);
	if ((int32_t)w0 < 0)
		return w0 == FFA_VERSION_NOT_SUPPORTED ? FFA_ERR_NOT_SUPPORTED : FFA_ERR_PROTOCOL;
	ctx->pm_version = w0;
	if (pm_version)
		*pm_version = w0;
	/* Compatible: the same major (bit 31 is clear in both), a minor at
	 * least the requested one. */
	if ((w0 ^ requested) >> 16 || w0 < requested)
		return FFA_ERR_VERSION;
	ctx->version = requested;
	return 0;
}

int ffa_version_negotiate(struct ffa_ctx *ctx, uint32_t highest)
{
	uint32_t offer = highest ? highest : FFA_VERSION_LATEST;
	bool reported = false;

	if (!ctx)
		return FFA_ERR_BAD_ARGUMENT;
	/* Locked in: the only acceptable offer is the version already agreed. */
	if (ctx->flags & FFA_CTX_F_LOCKED_IN) {
		if (!supported(offer) || ctx->version == 0 || ctx->version > offer)
			return FFA_ERR_BAD_ARGUMENT;
		return ffa_version(ctx, ctx->version, NULL);
	}

	/* Each round offers a strictly lower minor, so this ends. The first
	 * round refuses an unsupported @highest (FFA_ERR_BAD_ARGUMENT), sending
	 * nothing; every later offer is a lower minor of major 1. */
	for (;;) {
		uint32_t pm; /* set when the answer is FFA_ERR_VERSION */
		int rc = ffa_version(ctx, offer, &pm);

		if (rc == FFA_ERR_VERSION) {
			reported = true;
			/* Another major: nothing to offer. With the same
			 * major (bit 31 of @pm is clear), ffa_version() found
			 * a lower minor, a lower value: the next offer. */
			if ((pm ^ offer) >> 16)
				return FFA_ERR_VERSION;
			offer = pm;
			continue;
		}
		if (rc != FFA_ERR_NOT_SUPPORTED)
			return rc;
		/* Refused without a version: offer the next lower minor. */
		if (FFA_VERSION_MINOR(offer) == 0)
			return reported ? FFA_ERR_VERSION : FFA_ERR_NOT_SUPPORTED;
		offer--;
	}
}
