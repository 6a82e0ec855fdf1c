/* SPDX-License-Identifier: BSD-3-Clause */
/* Helpers shared by the built-in partition behaviours (not installed). */
#ifndef FFA_SIM_BUILTIN_H
#define FFA_SIM_BUILTIN_H

#include <stdint.h>

#include <ffa/defs.h>
#include <ffa/error.h>
#include <ffa_sim/partition.h>

/* Make call @fid with x1..x4 = @a1..@a4 as partition @p; the answer in
 * @out. Returns 0 for FFA_SUCCESS, the FF-A error code for FFA_ERROR,
 * FFA_ERR_PROTOCOL for anything else. */
static inline int builtin_call(struct ffa_sim_part *p, uint32_t fid, uint64_t a1, uint64_t a2,
			       uint64_t a3, uint64_t a4, struct ffa_regs *out)
{
	struct ffa_regs in = { { fid, a1, a2, a3, a4 } };
	uint32_t w0;

	if (ffa_sim_part_call(p, &in, out)) {
		out->x[0] = 0;
		return FFA_ERR_PROTOCOL;
	}
	w0 = (uint32_t)out->x[0];
	if (w0 == FFA_SUCCESS_32 || w0 == FFA_SUCCESS_64)
		return 0;
	if (w0 == FFA_ERROR_32)
		return (int)(int32_t)(uint32_t)out->x[2];
	return FFA_ERR_PROTOCOL;
}

/* Make call @fid (x1..x3 = @a1..@a3) whose answer must be function @want:
 * 0 with @out filled; the FF-A error code for FFA_ERROR; FFA_ERR_PROTOCOL
 * for anything else. */
static inline int builtin_expect(struct ffa_sim_part *p, uint32_t fid, uint64_t a1, uint64_t a2,
				 uint64_t a3, uint32_t want, struct ffa_regs *out)
{
	int rc = builtin_call(p, fid, a1, a2, a3, 0, out);

	if (rc != FFA_ERR_PROTOCOL)
		return rc ? rc : FFA_ERR_PROTOCOL; /* FFA_SUCCESS is not @want */
	return (uint32_t)out->x[0] == want ? 0 : FFA_ERR_PROTOCOL;
}

static inline uint32_t builtin_ids(uint16_t hi, uint16_t lo)
{
	return ((uint32_t)hi << 16) | (uint32_t)lo;
}

#endif /* FFA_SIM_BUILTIN_H */
