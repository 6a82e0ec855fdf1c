/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RX/TX buffer calls: FFA_RXTX_MAP/UNMAP, FFA_RX_RELEASE, FFA_RX_ACQUIRE
 * (ffa-abi.md 4.1, 12). Every register the caller role does not use is zero
 * (known-bugs.md class 10).
 */
#include "internal.h"

#include <ffa/setup.h>

#define RXTX_MAX_PAGES 63u /* the v1.0/v1.1 field, bits[5:0] */

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
	/* Overlap, in both address spaces; wrap-around is an overlap too. */
	if (tx_pa + size < tx_pa || rx_pa + size < rx_pa ||
	    (tx_pa < rx_pa + size && rx_pa < tx_pa + size))
		return FFA_ERR_BAD_ARGUMENT;
	if ((uintptr_t)tx < (uintptr_t)rx + size && (uintptr_t)rx < (uintptr_t)tx + size)
		return FFA_ERR_BAD_ARGUMENT;
	if (!ffa__smc64(ctx) && ((tx_pa | rx_pa) >> 32))
		return FFA_ERR_BAD_ARGUMENT;

	ffa__frame_init(&r, ffa__smc64(ctx) ? FFA_RXTX_MAP_64 : FFA_RXTX_MAP_32);
	r.x[1] = tx_pa; /* TX first (ffa-abi.md 4.1) */
	r.x[2] = rx_pa;
	r.x[3] = pages;
	ffa__lock(ctx);
	/* The mapped state is checked under the lock, so two threads cannot
	 * both pass it. */
	if (ctx->flags & FFA_CTX_F_RXTX_MAPPED) {
		ffa__unlock(ctx);
		return FFA_ERR_BAD_ARGUMENT;
	}
	rc = ffa__call_success(ctx, &r);
	if (rc == 0) {
		ctx->tx = tx;
		ctx->rx = rx;
		ctx->rxtx_pages = pages;
		ctx->flags |= FFA_CTX_F_RXTX_MAPPED;
	}
	ffa__unlock(ctx);
	return rc;
}

static int unmap(struct ffa_ctx *ctx, uint16_t vm_id)
{
	struct ffa_regs r;

	ffa__frame_init(&r, FFA_RXTX_UNMAP_32);
	r.x[1] = ffa__pack_ids(vm_id, 0);
	return ffa__call_success(ctx, &r);
}

int ffa_rxtx_unmap(struct ffa_ctx *ctx)
{
	int rc = ffa__ready(ctx, FFA_VERSION_1_0);

	if (rc)
		return rc;
	ffa__lock(ctx);
	if (!(ctx->flags & FFA_CTX_F_RXTX_MAPPED)) {
		ffa__unlock(ctx);
		return FFA_ERR_BAD_ARGUMENT;
	}
	rc = unmap(ctx, 0);
	if (rc == 0) {
		ctx->flags &= ~FFA_CTX_F_RXTX_MAPPED;
		ctx->tx = NULL;
		ctx->rx = NULL;
		ctx->rxtx_pages = 0;
	}
	ffa__unlock(ctx);
	return rc;
}

static bool vm_id_ok(uint16_t vm_id)
{
	return vm_id != 0 && !(vm_id & FFA_ID_SECURE_BIT);
}

int ffa_rxtx_unmap_vm(struct ffa_ctx *ctx, uint16_t vm_id)
{
	int rc = ffa__ready(ctx, FFA_VERSION_1_0);

	if (rc)
		return rc;
	if (!vm_id_ok(vm_id))
		return FFA_ERR_BAD_ARGUMENT;
	return unmap(ctx, vm_id);
}

int ffa__rx_release_locked(struct ffa_ctx *ctx, uint16_t vm_id)
{
	struct ffa_regs r;

	ffa__frame_init(&r, FFA_RX_RELEASE_32);
	r.x[1] = vm_id;
	return ffa__call_success(ctx, &r);
}

/* The release runs under the RX/TX lock, so it cannot hand the buffer back
 * while another thread of this context is still reading it (known-bugs.md
 * class 28). */
static int release(struct ffa_ctx *ctx, uint16_t vm_id)
{
	int rc;

	ffa__lock(ctx);
	rc = ffa__rx_release_locked(ctx, vm_id);
	ffa__unlock(ctx);
	return rc;
}

int ffa_rx_release(struct ffa_ctx *ctx)
{
	int rc = ffa__ready(ctx, FFA_VERSION_1_0);

	return rc ? rc : release(ctx, 0);
}

int ffa_rx_release_vm(struct ffa_ctx *ctx, uint16_t vm_id)
{
	int rc = ffa__ready(ctx, FFA_VERSION_1_0);

	if (rc)
		return rc;
	if (!vm_id_ok(vm_id))
		return FFA_ERR_BAD_ARGUMENT;
	return release(ctx, vm_id);
}

int ffa_rx_acquire(struct ffa_ctx *ctx, uint16_t vm_id)
{
	struct ffa_regs r;
	int rc = ffa__ready(ctx, FFA_VERSION_1_1);

	if (rc)
		return rc;
	if (!vm_id_ok(vm_id))
		return FFA_ERR_BAD_ARGUMENT;
	ffa__frame_init(&r, FFA_RX_ACQUIRE_32);
	r.x[1] = vm_id;
	return ffa__call_success(ctx, &r);
}
