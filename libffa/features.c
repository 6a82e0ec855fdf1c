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

/* Cache slot of an FF-A function ID: @set 0/1 for SMC32/SMC64, one @bit per
 * function number 0x60..0x9F (the SVE hint bit ignored). Other IDs are not
 * cached. */
static inline bool cache_slot(uint32_t fid, unsigned int *set, uint64_t *bit)
{
	uint32_t fn = (fid & 0xFFFFu) - FN_FIRST;

	if ((fid & ~(FFA_FID_SVE_HINT_BIT | FFA_FID_64BIT_BIT | 0xFFFFu)) != FFA_SMC32_BASE ||
	    fn > FN_LAST - FN_FIRST)
		return false;
	*set = (fid & FFA_FID_64BIT_BIT) ? 1 : 0;
	*bit = 1ull << fn;
	return true;
}

static inline void features_note(struct ffa_ctx *ctx, uint32_t fid, bool supported)
{
	unsigned int set;
	uint64_t bit;

	if (!cache_slot(fid, &set, &bit))
		return;
	ctx->features.known[set] |= bit;
	if (supported)
		ctx->features.supported[set] |= bit;
	else
		ctx->features.supported[set] &= ~bit;
}

int ffa_features_cached(const struct ffa_ctx *ctx, uint32_t fid)
{
	unsigned int set;
	uint64_t bit;

	if (!ctx)
		return FFA_ERR_BAD_ARGUMENT;
	if (!cache_slot(fid, &set, &bit) || !(ctx->features.known[set] & bit))
		return FFA_ERR_NO_DATA;
	return (ctx->features.supported[set] & bit) ? 1 : 0;
}

static bool is_retrieve_req(uint32_t fid)
{
	return fid == FFA_MEM_RETRIEVE_REQ_32 || fid == FFA_MEM_RETRIEVE_REQ_64;
}

int ffa_features(struct ffa_ctx *ctx, uint32_t id, uint32_t in_props,
		 struct ffa_features *out)
{
	struct ffa_regs r;
	int rc = ffa__ready(ctx, FFA_VERSION_1_0);

	if (rc)
		return rc;
	if (!(id & 0x80000000u)) {
		/* Feature ID: bits[30:8] MBZ, ID 0 undefined, no input props. */
		if ((id & 0x7FFFFF00u) || id == 0 || in_props)
			return FFA_ERR_BAD_ARGUMENT;
	} else if (in_props && !is_retrieve_req(id)) {
		return FFA_ERR_BAD_ARGUMENT;
	}

	rc = ffa__call_frame(ctx, &r, FFA_FEATURES_32, id, in_props, 0, 0);
	if (id & 0x80000000u) {
		if (rc == 0 || rc == FFA_ERR_NOT_SUPPORTED)
			features_note(ctx, id, rc == 0);
	}
	if (rc)
		return rc;
	if (out) {
		out->w2 = ffa__w(&r, 2);
		out->w3 = ffa__w(&r, 3);
	}
	return 0;
}

int ffa_features_rxtx_map(struct ffa_ctx *ctx, struct ffa_rxtx_props *out)
{
	static const uint32_t min_sizes[3] = { 4096u, 65536u, 16384u };
	struct ffa_features f;
	int rc;

	if (!ctx || !out)
		return FFA_ERR_BAD_ARGUMENT;
	rc = ffa_features(ctx, ffa__smc64(ctx) ? FFA_RXTX_MAP_64 : FFA_RXTX_MAP_32, 0, &f);
	if (rc)
		return rc;
	if ((f.w2 & 3u) == 3u)
		return FFA_ERR_PROTOCOL;
	out->min_size = min_sizes[f.w2 & 3u];
	/* The maximum is a v1.2 field; before that bits[31:2] are MBZ and
	 * are not trusted. */
	out->max_pages = ctx->version >= FFA_VERSION_1_2 ? (f.w2 >> 16) : 0;
	ctx->rxtx_min_size = out->min_size;
	ctx->rxtx_max_pages = out->max_pages;
	return 0;
}

int ffa_features_mem_retrieve(struct ffa_ctx *ctx, bool ns_bit,
			      struct ffa_retrieve_props *out)
{
	struct ffa_features f;
	int rc;

	if (!ctx || !out)
		return FFA_ERR_BAD_ARGUMENT;
	rc = ffa_features(ctx, ffa__smc64(ctx) ? FFA_MEM_RETRIEVE_REQ_64 : FFA_MEM_RETRIEVE_REQ_32,
			  ns_bit ? FFA_FEATURES_RETRIEVE_IN_NS_BIT : 0, &f);
	if (rc)
		return rc;
	out->dynamic_buffer = (f.w2 & 1u) != 0;
	out->ns_bit = (f.w2 & 2u) != 0;
	out->hyp_retrieve = (f.w2 & 4u) != 0;
	out->outstanding = (uint8_t)f.w3;
	return 0;
}

int ffa_features_interrupt(struct ffa_ctx *ctx, uint32_t feature, uint32_t *intid)
{
	struct ffa_features f;
	int rc;

	if (!ctx || !intid ||
	    (feature != FFA_FEATURE_NPI && feature != FFA_FEATURE_SRI && feature != FFA_FEATURE_MEI))
		return FFA_ERR_BAD_ARGUMENT;
	rc = ffa_features(ctx, feature, 0, &f);
	if (rc)
		return rc;
	*intid = f.w2;
	return 0;
}
