/* SPDX-License-Identifier: BSD-3-Clause */
/* FFA_ID_GET and FFA_SPM_ID_GET. */
#include "internal.h"

#include <ffa/setup.h>

/* Either call: at >= @min_version, the ID in w2[15:0]. FFA_ID_GET's answer
 * is also remembered as the context's own ID. */
static int get_id(struct ffa_ctx *ctx, uint32_t min_version, uint32_t fid, uint16_t *id)
{
	struct ffa_regs r;
	int rc = ffa__ready(ctx, min_version);

	if (rc)
		return rc;
	if (!id)
		return FFA_ERR_BAD_ARGUMENT;
	rc = ffa__call_frame(ctx, &r, fid, 0, 0, 0, 0);
	if (rc)
		return rc;
	*id = (uint16_t)ffa__w(&r, 2);
	if (fid == FFA_ID_GET_32) {
		ctx->own_id = *id;
		ctx->flags |= FFA_CTX_F_OWN_ID;
	}
	return 0;
}

int ffa_id_get(struct ffa_ctx *ctx, uint16_t *id)
{
	return get_id(ctx, FFA_VERSION_1_0, FFA_ID_GET_32, id);
}

int ffa_spm_id_get(struct ffa_ctx *ctx, uint16_t *id)
{
	return get_id(ctx, FFA_VERSION_1_1, FFA_SPM_ID_GET_32, id);
}
