/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_FEATURES with decoded properties (ffa-abi.md 6). Answers are cached per
 * function ID, but only as a hint: real partition managers misreport
 * (real-spmc-behaviour.md), so no call is ever refused because of the cache.
 */
#include "internal.h"

#include <ffa/setup.h>

#define FN_FIRST 0x60u
#define FN_LAST 0x9Fu

/* Cache bit of an FF-A function ID, 0 if it is not cached: one bit per
 * function number 0x60..0x9F in known/supported[@set], @set 0/1 for
 * SMC32/SMC64 (the SVE hint bit ignored). */
static uint64_t cache_bit(uint32_t fid, unsigned int *set)
{
	/* The function number's offset from 0x60, if the rest is an SMC32
	 * FF-A ID once the two ignored bits are cleared. */
	uint32_t fn = (fid & ~(FFA_FID_SVE_HINT_BIT | FFA_FID_64BIT_BIT)) - FFA_FID32(FN_FIRST);

	*set = (fid & FFA_FID_64BIT_BIT) ? 1 : 0;
	return fn <= FN_LAST - FN_FIRST ? 1ull << fn : 0;
}

int ffa_features_cached(const struct ffa_ctx *ctx, uint32_t fid)
{
	unsigned int set;
	uint64_t bit;

	if (!ctx)
		return FFA_ERR_BAD_ARGUMENT;
	bit = cache_bit(fid, &set);
	if (!(ctx->features.known[set] & bit))
		return FFA_ERR_NO_DATA;
	return (ctx->features.supported[set] & bit) ? 1 : 0;
}

int ffa_features(struct ffa_ctx *ctx, uint32_t id, uint32_t in_props,
		 struct ffa_features *out)
{
	struct ffa_regs r;
	unsigned int set;
	uint64_t bit;
	int rc = ffa__ready(ctx, FFA_VERSION_1_0);

	if (rc)
		return rc;
	/* A feature ID (bit 31 clear) is 1..0xFF (bits[30:8] MBZ, ID 0
	 * undefined) without input properties; a function ID has them only
	 * for FFA_MEM_RETRIEVE_REQ. */
	if (!(id & 0x80000000u) ? id - 1u > 0xFEu || in_props
				: in_props && (id & ~FFA_FID_64BIT_BIT) != FFA_MEM_RETRIEVE_REQ_32)
		return FFA_ERR_BAD_ARGUMENT;

	rc = ffa__call_frame(ctx, &r, FFA_FEATURES_32, id, in_props, 0, 0);
	/* SUCCESS or NOT_SUPPORTED about a function ID: a cache hint. */
	if ((rc == 0 || rc == FFA_ERR_NOT_SUPPORTED) && (bit = cache_bit(id, &set)) != 0) {
		ctx->features.known[set] |= bit;
		if (rc == 0)
			ctx->features.supported[set] |= bit;
		else
			ctx->features.supported[set] &= ~bit;
	}
	if (rc)
		return rc;
	if (out) {
		out->w2 = ffa__w(&r, 2);
		out->w3 = ffa__w(&r, 3);
	}
	return 0;
}

/*
 * The decoders below: FFA_FEATURES for @id (a function ID in its 64-bit form
 * when the conduit carries SMC64) with @in_props, decoded into @out (never
 * NULL) as the function ID says: FFA_RXTX_MAP, FFA_MEM_RETRIEVE_REQ, or an
 * interrupt feature ID.
 */
static int decode_props(struct ffa_ctx *ctx, uint32_t id, uint32_t in_props, void *out)
{
	static const uint32_t min_sizes[3] = { 4096u, 65536u, 16384u };
	struct ffa_features f;
	int rc;

	if (!ctx || !out)
		return FFA_ERR_BAD_ARGUMENT;
	if ((id & 0x80000000u) && ffa__smc64(ctx))
		id |= FFA_FID_64BIT_BIT;
	rc = ffa_features(ctx, id, in_props, &f);
	if (rc)
		return rc;
	if (id == FFA_MEM_RETRIEVE_REQ_32 || id == FFA_MEM_RETRIEVE_REQ_64) {
		struct ffa_retrieve_props *p = out;

		p->dynamic_buffer = (f.w2 & 1u) != 0;
		p->ns_bit = (f.w2 & 2u) != 0;
		p->hyp_retrieve = (f.w2 & 4u) != 0;
		p->outstanding = (uint8_t)f.w3;
	} else if (id & 0x80000000u) {
		struct ffa_rxtx_props *p = out;

		if ((f.w2 & 3u) == 3u)
			return FFA_ERR_PROTOCOL;
		p->min_size = min_sizes[f.w2 & 3u];
		/* The maximum is a v1.2 field; before that bits[31:2] are MBZ
		 * and are not trusted. */
		p->max_pages = ctx->version >= FFA_VERSION_1_2 ? (f.w2 >> 16) : 0;
		ctx->rxtx_min_size = p->min_size;
		ctx->rxtx_max_pages = p->max_pages;
	} else {
		*(uint32_t *)out = f.w2; /* the interrupt ID */
	}
	return 0;
}

int ffa_features_rxtx_map(struct ffa_ctx *ctx, struct ffa_rxtx_props *out)
{
	return decode_props(ctx, FFA_RXTX_MAP_32, 0, out);
}

int ffa_features_mem_retrieve(struct ffa_ctx *ctx, bool ns_bit,
			      struct ffa_retrieve_props *out)
{
	return decode_props(ctx, FFA_MEM_RETRIEVE_REQ_32,
			    ns_bit ? FFA_FEATURES_RETRIEVE_IN_NS_BIT : 0, out);
}

int ffa_features_interrupt(struct ffa_ctx *ctx, uint32_t feature, uint32_t *intid)
{
	if (feature != FFA_FEATURE_NPI && feature != FFA_FEATURE_SRI && feature != FFA_FEATURE_MEI)
		return FFA_ERR_BAD_ARGUMENT;
	return decode_props(ctx, feature, 0, intid);
}
