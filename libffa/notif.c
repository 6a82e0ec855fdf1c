/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FF-A v1.1 notifications: FFA_NOTIFICATION_BITMAP_CREATE/DESTROY,
 * BIND/UNBIND, SET and GET (ffa-abi.md 4.4, 7.1, 11). INFO_GET is in
 * notif_info.c.
 *
 * IDs go into w1 with ffa__pack_ids() (no int promotion, class 12), in the
 * halves the sheet gives each call (class 6); 64-bit bitmaps go low word
 * first, w3 = bits 31:0 then w4 = bits 63:32 (class 5). Every other register is zero (class 10).
 */
#include "internal.h"

#include <ffa/notif.h>

#define SET_FLAGS (FFA_NOTIF_FLAG_PER_VCPU | FFA_NOTIF_FLAG_DELAY_SRI)
#define SET_VCPU_SHIFT 16
#define MAX_VCPU_COUNT 0x10000u /* vCPU IDs are 16-bit */

static bool secure_id(uint16_t id)
{
	return (id & FFA_ID_SECURE_BIT) != 0;
}

/* One notification call: FFA_ERR_* of ffa__ready(@ctx, v1.1), else
 * FFA_ERR_BAD_ARGUMENT if @bad (the caller's verdict on its arguments;
 * nothing is sent), else the
 * frame x0 = @fid, x1 = @a1, x2 = @a2, x3/x4 = @bitmap's low/high word
 * (every other register zero) sent, expecting FFA_SUCCESS_32/64; on
 * success, with @got, the answer's bitmaps as FFA_NOTIFICATION_GET carries
 * them (w2..w7), judged as ffa_notif_get() says (@a2: its "which", @bound).
 * Every call here ends in this one (its frame is the only one). */
static int notif_call(struct ffa_ctx *ctx, uint32_t fid, uint64_t a1, uint64_t a2,
		      uint64_t bitmap, bool bad, struct ffa_notif_bitmaps *got,
		      const struct ffa_notif_bitmaps *bound)
{
	struct ffa_regs r;
	uint64_t sp = ~0ull, vm = ~0ull;
	uint32_t spm = ~0u, hyp = ~0u;
	int rc;

	/* The frame first: fewer values live across the calls. */
	ffa__frame(&r, fid, a1, a2, (uint32_t)bitmap, bitmap >> 32);
	rc = ffa__ready(ctx, FFA_VERSION_1_1);
	if (rc)
		return rc;
	if (bad)
		return FFA_ERR_BAD_ARGUMENT;
	rc = ffa__call_success(ctx, &r);
	if (rc || !got)
		return rc;
	/* The manager has cleared these bits: hand every one over before
	 * judging the answer. */
	got->sp = ffa__w(&r, 2) | ((uint64_t)ffa__w(&r, 3) << 32);
	got->vm = ffa__w(&r, 4) | ((uint64_t)ffa__w(&r, 5) << 32);
	got->spm_fwk = ffa__w(&r, 6);
	got->hyp_fwk = ffa__w(&r, 7);
	/* Allowed: the bitmaps asked for, within @bound if given. */
	if (bound) {
		sp = bound->sp;
		vm = bound->vm;
		spm = bound->spm_fwk;
		hyp = bound->hyp_fwk;
	}
	if (!(a2 & FFA_NOTIF_GET_SP))
		sp = 0;
	if (!(a2 & FFA_NOTIF_GET_VM))
		vm = 0;
	if (!(a2 & FFA_NOTIF_GET_SPM_FWK))
		spm = 0;
	if (!(a2 & FFA_NOTIF_GET_HYP_FWK))
		hyp = 0;
	return (got->sp & ~sp) | (got->vm & ~vm) | (got->spm_fwk & ~spm) | (got->hyp_fwk & ~hyp)
		       ? FFA_ERR_PROTOCOL
		       : 0;
}

int ffa_notif_bitmap_create(struct ffa_ctx *ctx, uint16_t vm_id, uint32_t vcpu_count)
{
	return notif_call(ctx, FFA_NOTIFICATION_BITMAP_CREATE_32, vm_id, vcpu_count, 0,
			  secure_id(vm_id) || vcpu_count - 1 >= MAX_VCPU_COUNT, NULL, NULL);
}

int ffa_notif_bitmap_destroy(struct ffa_ctx *ctx, uint16_t vm_id)
{
	return notif_call(ctx, FFA_NOTIFICATION_BITMAP_DESTROY_32, vm_id, 0, 0,
			  secure_id(vm_id), NULL, NULL);
}

/* BIND and UNBIND share the packing: sender high, receiver low; an empty
 * @bitmap is refused. */
int ffa__notif_bind_call(struct ffa_ctx *ctx, uint32_t fid, uint16_t sender, uint16_t receiver,
			 uint32_t flags, uint64_t bitmap)
{
	return notif_call(ctx, fid, ffa__pack_ids(sender, receiver), flags, bitmap,
			  !bitmap, NULL, NULL);
}

int ffa_notif_bind(struct ffa_ctx *ctx, uint16_t sender, uint16_t receiver, bool per_vcpu,
		   uint64_t bitmap)
{
	return ffa__notif_bind_call(ctx, FFA_NOTIFICATION_BIND_32, sender, receiver,
				    per_vcpu ? FFA_NOTIF_FLAG_PER_VCPU : 0, bitmap);
}

int ffa_notif_unbind(struct ffa_ctx *ctx, uint16_t sender, uint16_t receiver, uint64_t bitmap)
{
	return ffa__notif_bind_call(ctx, FFA_NOTIFICATION_UNBIND_32, sender, receiver, 0,
				    bitmap);
}

int ffa_notif_set(struct ffa_ctx *ctx, uint16_t sender, uint16_t receiver, uint32_t flags,
		  uint16_t vcpu, uint64_t bitmap)
{
	/* Delaying the SRI is for SP senders only (ffa-abi.md 11.2); Hafnium
	 * once accepted it from the normal world (known-bugs.md class 36). */
	bool bad = !bitmap || (flags & ~SET_FLAGS) ||
		   (vcpu && !(flags & FFA_NOTIF_FLAG_PER_VCPU)) ||
		   ((flags & FFA_NOTIF_FLAG_DELAY_SRI) && !secure_id(sender));

	return notif_call(ctx, FFA_NOTIFICATION_SET_32, ffa__pack_ids(sender, receiver),
			  ((uint32_t)vcpu << SET_VCPU_SHIFT) | flags, bitmap, bad, NULL,
			  NULL);
}

int ffa_notif_get(struct ffa_ctx *ctx, uint16_t receiver, uint16_t vcpu, uint32_t which,
		  const struct ffa_notif_bitmaps *bound, struct ffa_notif_bitmaps *out)
{
	/* vCPU high, receiver low */
	return notif_call(ctx, FFA_NOTIFICATION_GET_32, ffa__pack_ids(vcpu, receiver), which, 0,
			  !out || (which & ~FFA_NOTIF_GET_ALL), out, bound);
}
