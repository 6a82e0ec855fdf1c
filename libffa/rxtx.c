/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RX/TX buffer calls: FFA_RXTX_MAP/UNMAP, FFA_RX_RELEASE, FFA_RX_ACQUIRE
 * (ffa-abi.md 4.1, 12). Every register the caller role does not use is zero
 * (known-bugs.md class 10).
 */
#include "internal.h"

#include <ffa/setup.h>

#define RXTX_MAX_PAGES 63u /* the v1.0/v1.1 field, bits[5:0] */

/* True if [a, a + size) and [b, b + size) overlap or either wraps. */
static bool overlap(uint64_t a, uint64_t b, uint64_t size)
{
	return a + size < a || b + size < b || (a < b + size && b < a + size);
}

int ffa_rxtx_map(struct ffa_ctx *ctx, void *tx, void *rx, uint32_t pages)
{
	uint64_t tx_pa, rx_pa, size, mask;
	struct ffa_regs r;
	int rc = ffa__ready(ctx, FFA_VERSION_1_0);

	if (rc)
		return rc;
	if (!tx || !rx || pages == 0 || pages > RXTX_MAX_PAGES)
		return FFA_ERR_BAD_ARGUMENT;
	size = (uint64_t)pages * FFA_PAGE_SIZE;
	/* Size and alignment follow FFA_FEATURES(RXTX_MAP) when it was asked
	 * (known-bugs.md class 32): a power of two of at least a page. A
	 * maximum of 0 wraps to "no limit". */
	mask = (ctx->rxtx_min_size > FFA_PAGE_SIZE ? ctx->rxtx_min_size : FFA_PAGE_SIZE) - 1;
	if ((size & mask) || ctx->rxtx_max_pages - 1u < pages - 1u)
		return FFA_ERR_BAD_ARGUMENT;
	if (!ffa__va_to_pa(ctx, tx, &tx_pa) || !ffa__va_to_pa(ctx, rx, &rx_pa))
		return FFA_ERR_BAD_ARGUMENT;
	/* Physical addresses aligned, and below 4 GiB without SMC64. */
	if (!ffa__smc64(ctx))
		mask |= ~(uint64_t)UINT32_MAX;
	if ((tx_pa | rx_pa) & mask || ((uintptr_t)tx | (uintptr_t)rx) & (FFA_PAGE_SIZE - 1))
		return FFA_ERR_BAD_ARGUMENT;
	/* Overlap, in both address spaces; wrap-around is an overlap too (a
	 * virtual range cannot wrap: the pointers are valid for @size). */
	if (overlap(tx_pa, rx_pa, size) || overlap((uintptr_t)tx, (uintptr_t)rx, size))
		return FFA_ERR_BAD_ARGUMENT;

	ffa__lock(ctx);
	/* The mapped state is checked under the lock, so two threads cannot
	 * both pass it. */
	rc = FFA_ERR_BAD_ARGUMENT;
	if (!(ctx->flags & FFA_CTX_F_RXTX_MAPPED))
		/* TX first (ffa-abi.md 4.1); the 64-bit form with SMC64. */
		rc = ffa__call_frame(ctx, &r,
				     FFA_RXTX_MAP_32 | (ffa__smc64(ctx) ? FFA_FID_64BIT_BIT : 0),
				     tx_pa, rx_pa, pages, 0);
	/* Set together with the flag (ctx.c reads them without it). */
	if (rc == 0) {
		ctx->tx = tx;
		ctx->rx = rx;
		ctx->rxtx_pages = pages;
		ctx->flags |= FFA_CTX_F_RXTX_MAPPED;
	}
	ffa__unlock(ctx);
	return rc;
}

int ffa__rx_release_locked(struct ffa_ctx *ctx, struct ffa_regs *r, uint16_t vm_id)
{
	return ffa__call_frame(ctx, r, FFA_RX_RELEASE_32, vm_id, 0, 0, 0);
}

/* How vm_call() makes its call. */
#define VM_OWN 1u   /* the endpoint's own call: w1 = 0, @vm_id unchecked */
#define VM_LOCK 2u  /* under the RX/TX lock */
#define VM_SHIFT 4u /* w1 = @vm_id << 16 (else w1 = @vm_id) */
#define VM_V1_1 8u  /* needs v1.1 (else v1.0) */
#define VM_UNMAP 16u /* the own unmap: needs the pair mapped, forgets it */

/*
 * The calls about one RX/TX pair: FFA_RXTX_UNMAP, FFA_RX_RELEASE,
 * FFA_RX_ACQUIRE (function number @fn), the endpoint's own (VM_OWN) or the
 * ones a hypervisor makes for VM @vm_id (non-zero and not secure).
 * FFA_RX_RELEASE runs under the RX/TX lock, so it cannot hand the buffer
 * back while another thread of this context is still reading it
 * (known-bugs.md class 28); the own unmap too, so the mapped state it
 * checks and clears cannot change under it.
 */
static int vm_call(struct ffa_ctx *ctx, uint16_t vm_id, unsigned int fn, unsigned int how)
{
	uint32_t w1 = (uint32_t)vm_id << (how & VM_SHIFT ? 16 : 0);
	struct ffa_regs r;
	int rc = ffa__ready(ctx, how & VM_V1_1 ? FFA_VERSION_1_1 : FFA_VERSION_1_0);

	if (rc)
		return rc;
	if (!(how & VM_OWN) && (vm_id == 0 || (vm_id & FFA_ID_SECURE_BIT)))
		return FFA_ERR_BAD_ARGUMENT;
	if (how & VM_LOCK)
		ffa__lock(ctx);
	rc = FFA_ERR_BAD_ARGUMENT;
	if (!(how & VM_UNMAP) || (ctx->flags & FFA_CTX_F_RXTX_MAPPED))
		rc = ffa__call_frame(ctx, &r, FFA_SMC32_BASE | fn, w1, 0, 0, 0);
	/* INVALID_PARAMETERS to an unmap of our own pair (w1 = 0) can only
	 * mean the manager holds no pair for us: a hypervisor unmapped it on
	 * our behalf (FFA_RXTX_UNMAP with our VM ID). The manager no longer
	 * uses the buffers, so forget them too, or the context could never
	 * map again. The error is still returned: the caller learns the pair
	 * was already gone. */
	if ((how & VM_UNMAP) && (rc == 0 || rc == FFA_ERR_INVALID_PARAMETERS)) {
		ctx->flags &= ~FFA_CTX_F_RXTX_MAPPED;
		ctx->tx = NULL;
		ctx->rx = NULL;
		ctx->rxtx_pages = 0;
	}
	if (how & VM_LOCK)
		ffa__unlock(ctx);
	return rc;
}

int ffa_rxtx_unmap(struct ffa_ctx *ctx)
{
	return vm_call(ctx, 0, FFA_RXTX_UNMAP_32 & 0xFFu, VM_OWN | VM_LOCK | VM_UNMAP);
}

int ffa_rxtx_unmap_vm(struct ffa_ctx *ctx, uint16_t vm_id)
{
	return vm_call(ctx, vm_id, FFA_RXTX_UNMAP_32 & 0xFFu, VM_SHIFT);
}

int ffa_rx_release(struct ffa_ctx *ctx)
{
	return vm_call(ctx, 0, FFA_RX_RELEASE_32 & 0xFFu, VM_OWN | VM_LOCK);
}

int ffa_rx_release_vm(struct ffa_ctx *ctx, uint16_t vm_id)
{
	return vm_call(ctx, vm_id, FFA_RX_RELEASE_32 & 0xFFu, VM_LOCK);
}

int ffa_rx_acquire(struct ffa_ctx *ctx, uint16_t vm_id)
{
	return vm_call(ctx, vm_id, FFA_RX_ACQUIRE_32 & 0xFFu, VM_V1_1);
}
