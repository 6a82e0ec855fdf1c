/* SPDX-License-Identifier: BSD-3-Clause */
/* Context set-up and accessors. */
#include "internal.h"

#include <ffa/setup.h>

_Static_assert(FFA_PREEMPT_RESUME == 0, "a zeroed context resumes preempted calls");

int ffa_ctx_init(struct ffa_ctx *ctx, const struct ffa_conduit *conduit,
		 const struct ffa_port *port)
{
	if (!ctx || !conduit || !conduit->call)
		return FFA_ERR_BAD_ARGUMENT;
	ffa__bytes_zero(ctx, sizeof(*ctx));
	ctx->conduit = *conduit;
	if (port)
		ctx->port = *port;
	/* preempt_policy: FFA_PREEMPT_RESUME, zeroed above. */
	return 0;
}

int ffa_ctx_set_preempt_policy(struct ffa_ctx *ctx, enum ffa_preempt_policy policy,
			       uint32_t resume_limit)
{
	if (!ctx || (policy != FFA_PREEMPT_RESUME && policy != FFA_PREEMPT_RETURN))
		return FFA_ERR_BAD_ARGUMENT;
	ctx->preempt_policy = policy;
	ctx->resume_limit = resume_limit;
	return 0;
}

const struct ffa_preempt_info *ffa_ctx_preempted(const struct ffa_ctx *ctx)
{
	return ctx ? &ctx->preempt : NULL;
}

uint32_t ffa_ctx_version(const struct ffa_ctx *ctx)
{
	return ctx ? ctx->version : 0;
}

uint32_t ffa_ctx_pm_version(const struct ffa_ctx *ctx)
{
	return ctx ? ctx->pm_version : 0;
}

int ffa_ctx_own_id(const struct ffa_ctx *ctx, uint16_t *id)
{
	if (!ctx || !id)
		return FFA_ERR_BAD_ARGUMENT;
	if (!(ctx->flags & FFA_CTX_F_OWN_ID))
		return FFA_ERR_NO_DATA;
	*id = ctx->own_id;
	return 0;
}

/* While no pair is mapped, rx/tx are NULL and rxtx_pages 0: rxtx.c sets them
 * only together with FFA_CTX_F_RXTX_MAPPED and clears them with it. */
void *ffa_ctx_rx_buffer(const struct ffa_ctx *ctx)
{
	return ctx ? ctx->rx : NULL;
}

void *ffa_ctx_tx_buffer(const struct ffa_ctx *ctx)
{
	return ctx ? ctx->tx : NULL;
}

size_t ffa_ctx_rxtx_size(const struct ffa_ctx *ctx)
{
	return ctx ? (size_t)ctx->rxtx_pages * FFA_PAGE_SIZE : 0;
}
