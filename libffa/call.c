/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The single call path: frame set-up, the conduit, answer validation and
 * the FFA_INTERRUPT / FFA_YIELD policy. Every typed call goes through here.
 */
/* The out-of-line instances of the call path (internal.h). */
#define FFA__CALL_PATH_DEFINE
#include "internal.h"

#include <ffa/setup.h>

const uint32_t ffa__success_ids[2] = { FFA_SUCCESS_32, FFA_SUCCESS_64 };

int ffa_error_from_wire(unsigned int w2)
{
	int32_t code = (int32_t)(uint32_t)w2;

	if (code <= FFA_ERR_NOT_SUPPORTED && code >= FFA_ERR_NOT_READY)
		return (int)code;
	return FFA_ERR_PROTOCOL;
}

void ffa__note_preempt(struct ffa_ctx *ctx, const struct ffa_regs *r)
{
	uint32_t w1 = ffa__w(r, 1);
	struct ffa_preempt_info *p = &ctx->preempt;

	p->yielded = ffa__w(r, 0) == FFA_YIELD_32;
	p->endpoint = (uint16_t)(w1 >> 16);
	p->vcpu = (uint16_t)w1;
	/* FFA_YIELD: timeout w2 | w3 << 32; FFA_INTERRUPT: interrupt ID w2. */
	p->interrupt_id = p->yielded ? 0 : ffa__w(r, 2);
	p->timeout = p->yielded ? (uint64_t)ffa__w(r, 2) | ((uint64_t)ffa__w(r, 3) << 32) : 0;
}

int ffa__classify(const struct ffa_regs *r, const uint32_t *allowed, size_t n)
{
	uint32_t fid = ffa__w(r, 0);

	while (n--)
		if (*allowed++ == fid)
			return 0;
	return fid == FFA_ERROR_32 ? ffa_error_from_wire(ffa__w(r, 2)) : FFA_ERR_PROTOCOL;
}

/* The one preemption loop, for an answer already in @r. */
int ffa__resume_answer(struct ffa_ctx *ctx, struct ffa_regs *r, const uint32_t *allowed,
		       size_t n)
{
	uint32_t resumes = 0;

	for (bool send = false;; send = true) {
		uint32_t fid;

		if (send) {
			int rc = ffa__call(ctx, r);

			if (rc)
				return rc;
		}
		/* No allowed answer is a preemption. */
		fid = ffa__w(r, 0);
		if (fid != FFA_INTERRUPT_32 && fid != FFA_YIELD_32)
			return ffa__classify(r, allowed, n);
		ffa__note_preempt(ctx, r);
		/* A limit of 0 wraps to "never reached". */
		if (ctx->preempt_policy == FFA_PREEMPT_RETURN || ctx->resume_limit - 1u < resumes)
			return FFA_ERR_PREEMPTED;
		resumes++;
		if (fid == FFA_YIELD_32 && ctx->port.yield_wait)
			ctx->port.yield_wait(ctx->port.arg, ctx->preempt.timeout);
		/* Resume whoever the answer names (known-bugs.md class 33),
		 * not the original target: w1 is endpoint << 16 | vCPU, as
		 * FFA_RUN takes them. */
		ffa__frame(r, FFA_RUN_32, ffa__w(r, 1), 0, 0, 0);
	}
}

bool ffa__va_to_pa(const struct ffa_ctx *ctx, const void *va, uint64_t *pa)
{
	if (ctx->port.va_to_pa)
		return ctx->port.va_to_pa(ctx->port.arg, va, pa);
	*pa = (uint64_t)(uintptr_t)va;
	return true;
}

int ffa_call_raw(struct ffa_ctx *ctx, const struct ffa_regs *in, struct ffa_regs *out)
{
	if (!ctx || !in || !out)
		return FFA_ERR_BAD_ARGUMENT;
	ffa__note_sent(ctx, in);
	return ctx->conduit.call(ctx->conduit.priv, in, out);
}
