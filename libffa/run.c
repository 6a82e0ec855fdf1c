/* SPDX-License-Identifier: BSD-3-Clause */
/* FFA_RUN: one scheduling step, never a loop (ffa-abi.md 4.2, 9.3). */
#include "internal.h"

#include <ffa/setup.h>

int ffa_run(struct ffa_ctx *ctx, uint16_t endpoint, uint16_t vcpu, struct ffa_regs *out)
{
	/* The answers a run step may end with, and what each means. */
	static const uint32_t answers[] = {
		FFA_MSG_WAIT_32,
		FFA_YIELD_32,
		FFA_INTERRUPT_32,
		FFA_SUCCESS_32,
		FFA_SUCCESS_64,
		FFA_MSG_SEND_DIRECT_RESP_32,
		FFA_MSG_SEND_DIRECT_RESP_64,
		FFA_MSG_SEND_DIRECT_RESP2_64,
	};
	static const uint8_t outcomes[] = {
		FFA_RUN_MSG_WAIT, FFA_RUN_YIELD,	 FFA_RUN_INTERRUPT,   FFA_RUN_SUCCESS,
		FFA_RUN_SUCCESS,  FFA_RUN_DIRECT_RESP, FFA_RUN_DIRECT_RESP, FFA_RUN_DIRECT_RESP,
	};
	struct ffa_regs r;
	unsigned int i = 0;
	int rc = ffa__ready(ctx, FFA_VERSION_1_0);

	if (rc)
		return rc;
	ffa__frame(&r, FFA_RUN_32, ffa__pack_ids(endpoint, vcpu), 0, 0, 0);
	/* FFA_ERROR: its code; anything not listed breaks the protocol. */
	rc = ffa__call_checked(ctx, &r, answers, sizeof(answers) / sizeof(answers[0]));
	if (rc)
		return rc;
	while (answers[i] != ffa__w(&r, 0))
		i++;
	/* FFA_YIELD, FFA_INTERRUPT (answers[1], [2]): say what to resume. */
	if (i - 1u < 2u)
		ffa__note_preempt(ctx, &r);
	if (out)
		*out = r;
	return outcomes[i];
}
