/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * White-box tests of the preemption policy: send a frame, then follow the
 * one preemption loop (ffa__resume_answer()), as every sender call does
 * through ffa__call_expect(), but with any list of allowed answers.
 */
#ifndef FFA_TEST_RESUMABLE_H
#define FFA_TEST_RESUMABLE_H

#include "internal.h"

static inline int test_call_resumable(struct ffa_ctx *ctx, struct ffa_regs *r,
				      const uint32_t *allowed, size_t n)
{
	int rc = ffa__call(ctx, r);

	return rc ? rc : ffa__resume_answer(ctx, r, allowed, n);
}

#endif
