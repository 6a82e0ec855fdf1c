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

/*
 * FFA_MEM_PERM_GET (@get: the answer's w2 into *@out) or FFA_MEM_PERM_SET
 * of @pages pages to @perm at @va: the 64-bit ID when the conduit carries
 * SMC64 (the address is a 64-bit argument), else the 32-bit one. GET
 * sends w2 = 0: one page (the v1.3 range form is not negotiated), w3 = 0.
 */
static int perm_call(struct ffa_ctx *ctx, uint64_t va, uint32_t pages, uint32_t perm,
		     uint32_t *out, bool get)
{
	struct ffa_regs r;
	int rc = ffa__ready(ctx, FFA_VERSION_1_1);

	if (rc)
		return rc;
	if ((va & (FFA_PAGE_SIZE - 1)) || (!ffa__smc64(ctx) && (va >> 32)))
		return FFA_ERR_BAD_ARGUMENT;
	if (get ? !out
		: pages == 0 || !perm_word_ok(perm) ||
			  (uint64_t)pages * FFA_PAGE_SIZE - 1u > UINT64_MAX - va)
		return FFA_ERR_BAD_ARGUMENT;
	rc = ffa__call_frame(ctx, &r,
			     (get ? FFA_MEM_PERM_GET_32 : FFA_MEM_PERM_SET_32) |
				     (ffa__smc64(ctx) ? FFA_MEM_PERM_GET_64 ^ FFA_MEM_PERM_GET_32 : 0),
			     va, pages, perm, 0);
	if (rc || !get)
		return rc;
	if (!perm_word_ok(ffa__w(&r, 2)))
		return FFA_ERR_PROTOCOL;
	*out = ffa__w(&r, 2);
	return 0;
}

int ffa_mem_perm_get(struct ffa_ctx *ctx, uint64_t va, uint32_t *perm)
{
	return perm_call(ctx, va, 0, 0, perm, true);
}

int ffa_mem_perm_set(struct ffa_ctx *ctx, uint64_t va, uint32_t pages, uint32_t perm)
{
	return perm_call(ctx, va, pages, perm, NULL, false);
}
