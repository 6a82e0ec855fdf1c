/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_MEM_PERM_GET / FFA_MEM_PERM_SET (v1.1+): an S-EL0 partition reads or
 * changes the permissions of its own pages (ffa-memory.md 11, ffa-abi.md
 * 4.5). Range checks in 64 bits (known-bugs.md 20).
 */
#include "internal.h"

/* Bits 31:3 zero and not the reserved data encoding 10. */
static bool perm_word_ok(uint32_t perm)
{
	return (perm & ~(FFA_MEM_PERM_DATA_MASK | FFA_MEM_PERM_XN)) == 0 &&
	       (perm & FFA_MEM_PERM_DATA_MASK) != 0x2u;
}

/* Check @va and set up the frame: the 64-bit ID when the conduit carries
 * SMC64 (the address is a 64-bit argument), else the 32-bit one. */
static int perm_frame(struct ffa_ctx *ctx, struct ffa_regs *r, uint32_t fid32, uint32_t fid64,
		      uint64_t va)
{
	int rc = ffa__ready(ctx, FFA_VERSION_1_1);

	if (rc)
		return rc;
	if (va & (FFA_PAGE_SIZE - 1))
		return FFA_ERR_BAD_ARGUMENT;
	if (!ffa__smc64(ctx) && (va >> 32))
		return FFA_ERR_BAD_ARGUMENT;
	ffa__frame(r, ffa__smc64(ctx) ? fid64 : fid32, va, 0, 0, 0);
	return 0;
}

int ffa_mem_perm_get(struct ffa_ctx *ctx, uint64_t va, uint32_t *perm)
{
	struct ffa_regs r;
	int rc;

	rc = perm_frame(ctx, &r, FFA_MEM_PERM_GET_32, FFA_MEM_PERM_GET_64, va);
	if (rc)
		return rc;
	if (!perm)
		return FFA_ERR_BAD_ARGUMENT;
	/* w2 = 0: one page (the v1.3 range form is not negotiated). */
	rc = ffa__call_success(ctx, &r);
	if (rc)
		return rc;
	if (!perm_word_ok(ffa__w(&r, 2)))
		return FFA_ERR_PROTOCOL;
	*perm = ffa__w(&r, 2);
	return 0;
}

int ffa_mem_perm_set(struct ffa_ctx *ctx, uint64_t va, uint32_t pages, uint32_t perm)
{
	struct ffa_regs r;
	int rc = perm_frame(ctx, &r, FFA_MEM_PERM_SET_32, FFA_MEM_PERM_SET_64, va);

	if (rc)
		return rc;
	if (pages == 0 || !perm_word_ok(perm) ||
	    (uint64_t)pages * FFA_PAGE_SIZE - 1u > UINT64_MAX - va)
		return FFA_ERR_BAD_ARGUMENT;
	r.x[2] = pages;
	r.x[3] = perm;
	return ffa__call_success(ctx, &r);
}
