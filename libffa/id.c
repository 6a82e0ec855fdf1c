/* SPDX-License-Identifier: BSD-3-Clause */
/* FFA_ID_GET and FFA_SPM_ID_GET. */
#include "internal.h"

#include <ffa/setup.h>

static inline int get_id(struct ffa_ctx *ctx, uint32_t fid, uint16_t *id)
{
	struct ffa_regs r;
	int rc;

	ffa__frame_init(&r, fid);
	rc = ffa__call_success(ctx, &r);
	if (rc)
		return rc;
	*id = (uint16_t)ffa__w(&r, 2);
	return 0;
}

int ffa_id_get(struct ffa_ctx *ctx, uint16_t *id)
{
	int rc = ffa__ready(ctx, FFA_VERSION_1_0);

	if (rc)
		return rc;
	if (!id)
		return FFA_ERR_BAD_ARGUMENT;
	rc = get_id(ctx, FFA_ID_GET_32, id);
	if (rc == 0) {
		ctx->own_id = *id;
		ctx->flags |= FFA_CTX_F_OWN_ID;
	}
	return rc;
}

int ffa_spm_id_get(struct ffa_ctx *ctx, uint16_t *id)
{
	int rc = ffa__ready(ctx, FFA_VERSION_1_1);

	if (rc)
		return rc;
	if (!id)
		return FFA_ERR_BAD_ARGUMENT;
	return get_id(ctx, FFA_SPM_ID_GET_32, id);
}
