/* SPDX-License-Identifier: BSD-3-Clause */
/* FFA_RUN: one scheduling step, never a loop (ffa-abi.md 4.2, 9.3). */
#include "internal.h"

#include <ffa/setup.h>

int ffa_run(struct ffa_ctx *ctx, uint16_t endpoint, uint16_t vcpu, struct ffa_regs *out)
{
	struct ffa_regs r;
	int rc = ffa__ready(ctx, FFA_VERSION_1_0);
	int outcome;

	if (rc)
		return rc;
	ffa__frame(&r, FFA_RUN_32, ffa__pack_ids(endpoint, vcpu), 0, 0, 0);
	rc = ffa__call(ctx, &r);
	if (rc)
		return rc;
	switch (ffa__w(&r, 0)) {
	case FFA_MSG_WAIT_32:
		outcome = FFA_RUN_MSG_WAIT;
		break;
	case FFA_YIELD_32:
		ffa__note_preempt(ctx, &r);
		outcome = FFA_RUN_YIELD;
		break;
	case FFA_INTERRUPT_32:
		ffa__note_preempt(ctx, &r);
		outcome = FFA_RUN_INTERRUPT;
		break;
	case FFA_SUCCESS_32:
	case FFA_SUCCESS_64:
		outcome = FFA_RUN_SUCCESS;
		break;
	case FFA_MSG_SEND_DIRECT_RESP_32:
	case FFA_MSG_SEND_DIRECT_RESP_64:
	case FFA_MSG_SEND_DIRECT_RESP2_64:
		outcome = FFA_RUN_DIRECT_RESP;
		break;
	case FFA_ERROR_32:
		return ffa_error_from_wire(ffa__w(&r, 2));
	default:
		return FFA_ERR_PROTOCOL;
	}
	if (out)
		*out = r;
	return outcome;
}
