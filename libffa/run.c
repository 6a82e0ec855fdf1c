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
	int rc = ffa__ready(ctx, FFA_VERSION_1_0);

	if (rc)
		return rc;
	ffa__frame(&r, FFA_RUN_32, ffa__pack_ids(endpoint, vcpu), 0, 0, 0);
	rc = ffa__call(ctx, &r);
	if (rc)
		return rc;
	for (unsigned int i = 0; i < sizeof(answers) / sizeof(answers[0]); i++) {
		if (ffa__w(&r, 0) != answers[i])
			continue;
		/* FFA_YIELD, FFA_INTERRUPT: say what to resume. */
		if (outcomes[i] == FFA_RUN_YIELD || outcomes[i] == FFA_RUN_INTERRUPT)
			ffa__note_preempt(ctx, &r);
		if (out)
			*out = r;
		return outcomes[i];
	}
	/* FFA_ERROR: its code; anything else breaks the protocol (FFA_YIELD
	 * and FFA_INTERRUPT were met above). */
	return ffa__classify(&r, NULL, 0);
}
