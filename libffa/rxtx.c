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
	uint64_t tx_pa, rx_pa, size, align;
	struct ffa_regs r;
	int rc = ffa__ready(ctx, FFA_VERSION_1_0);

	if (rc)
		return rc;
	if (!tx || !rx || pages == 0 || pages > RXTX_MAX_PAGES)
		return FFA_ERR_BAD_ARGUMENT;
	size = (uint64_t)pages * FFA_PAGE_SIZE;
	/* Size and alignment follow FFA_FEATURES(RXTX_MAP) when it was asked
	 * (known-bugs.md class 32). */
	align = ctx->rxtx_min_size > FFA_PAGE_SIZE ? ctx->rxtx_min_size : FFA_PAGE_SIZE;
	if (size % align || (ctx->rxtx_max_pages && pages > ctx->rxtx_max_pages))
		return FFA_ERR_BAD_ARGUMENT;
	if (!ffa__va_to_pa(ctx, tx, &tx_pa) || !ffa__va_to_pa(ctx, rx, &rx_pa))
		return FFA_ERR_BAD_ARGUMENT;
	if ((tx_pa | rx_pa) & (align - 1) || ((uintptr_t)tx | (uintptr_t)rx) & (FFA_PAGE_SIZE - 1))
		return FFA_ERR_BAD_ARGUMENT;
	/* Overlap, in both address spaces; wrap-around is an overlap too (a
	 * virtual range cannot wrap: the pointers are valid for @size). */
	if (overlap(tx_pa, rx_pa, size) || overlap((uintptr_t)tx, (uintptr_t)rx, size))
		return FFA_ERR_BAD_ARGUMENT;
	if (!ffa__smc64(ctx) && ((tx_pa | rx_pa) >> 32))
		return FFA_ERR_BAD_ARGUMENT;

	ffa__lock(ctx);
	/* The mapped state is checked under the lock, so two threads cannot
	 * both pass it. */
	rc = FFA_ERR_BAD_ARGUMENT;
	if (!(ctx->flags & FFA_CTX_F_RXTX_MAPPED))
		/* TX first (ffa-abi.md 4.1) */
		rc = ffa__call_frame(ctx, &r, ffa__smc64(ctx) ? FFA_RXTX_MAP_64 : FFA_RXTX_MAP_32,
				     tx_pa, rx_pa, pages, 0);
	if (rc == 0) {
		ctx->tx = tx;
		ctx->rx = rx;
		ctx->rxtx_pages = pages;
		ctx->flags |= FFA_CTX_F_RXTX_MAPPED;
	}
	ffa__unlock(ctx);
	return rc;
}

int ffa_rxtx_unmap(struct ffa_ctx *ctx)
{
	struct ffa_regs r;
	int rc = ffa__ready(ctx, FFA_VERSION_1_0);

	if (rc)
		return rc;
	ffa__lock(ctx);
	rc = FFA_ERR_BAD_ARGUMENT;
	if (ctx->flags & FFA_CTX_F_RXTX_MAPPED)
		rc = ffa__call_frame(ctx, &r, FFA_RXTX_UNMAP_32, 0, 0, 0, 0);
	/* INVALID_PARAMETERS to an unmap of our own pair (w1 = 0) can only
	 * mean the manager holds no pair for us: a hypervisor unmapped it on
	 * our behalf (FFA_RXTX_UNMAP with our VM ID). The manager no longer
	 * uses the buffers, so forget them too, or the context could never
	 * map again. The error is still returned: the caller learns the pair
	 * was already gone. */
	if (rc == 0 || rc == FFA_ERR_INVALID_PARAMETERS) {
		ctx->flags &= ~FFA_CTX_F_RXTX_MAPPED;
		ctx->tx = NULL;
		ctx->rx = NULL;
		ctx->rxtx_pages = 0;
	}
	ffa__unlock(ctx);
	return rc;
}

int ffa__rx_release_locked(struct ffa_ctx *ctx, struct ffa_regs *r, uint16_t vm_id)
{
	return ffa__call_frame(ctx, r, FFA_RX_RELEASE_32, vm_id, 0, 0, 0);
}

/*
 * The calls a hypervisor makes for VM @vm_id (0 for the endpoint's own
 * RX_RELEASE): at >= @min_version, @vm_id non-zero and not secure, w1 =
 * @vm_id << @shift. FFA_RX_RELEASE runs under the RX/TX lock, so it cannot
 * hand the buffer back while another thread of this context is still
 * reading it (known-bugs.md class 28).
 */
static int vm_call(struct ffa_ctx *ctx, uint32_t min_version, uint32_t fid, uint16_t vm_id,
		   bool own, unsigned int shift)
{
	struct ffa_regs r;
	int rc = ffa__ready(ctx, min_version);

	if (rc)
		return rc;
	if (!own && (vm_id == 0 || (vm_id & FFA_ID_SECURE_BIT)))
		return FFA_ERR_BAD_ARGUMENT;
	if (fid == FFA_RX_RELEASE_32)
		ffa__lock(ctx);
	rc = ffa__call_frame(ctx, &r, fid, (uint32_t)vm_id << shift, 0, 0, 0);
	if (fid == FFA_RX_RELEASE_32)
		ffa__unlock(ctx);
	return rc;
}

int ffa_rxtx_unmap_vm(struct ffa_ctx *ctx, uint16_t vm_id)
{
	return vm_call(ctx, FFA_VERSION_1_0, FFA_RXTX_UNMAP_32, vm_id, false, 16);
}

int ffa_rx_release(struct ffa_ctx *ctx)
{
	return vm_call(ctx, FFA_VERSION_1_0, FFA_RX_RELEASE_32, 0, true, 0);
}

int ffa_rx_release_vm(struct ffa_ctx *ctx, uint16_t vm_id)
{
	return vm_call(ctx, FFA_VERSION_1_0, FFA_RX_RELEASE_32, vm_id, false, 0);
}

int ffa_rx_acquire(struct ffa_ctx *ctx, uint16_t vm_id)
{
	return vm_call(ctx, FFA_VERSION_1_1, FFA_RX_ACQUIRE_32, vm_id, false, 0);
}
