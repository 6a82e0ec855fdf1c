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

/* A 64-bit bitmap from the low halves of two answer registers. */
static uint64_t get_bitmap(const struct ffa_regs *r, unsigned int lo)
{
	return (uint64_t)ffa__w(r, lo) | ((uint64_t)ffa__w(r, lo + 1) << 32);
}

int ffa_notif_bitmap_create(struct ffa_ctx *ctx, uint16_t vm_id, uint32_t vcpu_count)
{
	struct ffa_regs r;
	int rc = ffa__ready(ctx, FFA_VERSION_1_1);

	if (rc)
		return rc;
	if (secure_id(vm_id) || vcpu_count == 0 || vcpu_count > MAX_VCPU_COUNT)
		return FFA_ERR_BAD_ARGUMENT;
	return ffa__call_frame(ctx, &r, FFA_NOTIFICATION_BITMAP_CREATE_32, vm_id, vcpu_count, 0,
			       0);
}

int ffa_notif_bitmap_destroy(struct ffa_ctx *ctx, uint16_t vm_id)
{
	struct ffa_regs r;
	int rc = ffa__ready(ctx, FFA_VERSION_1_1);

	if (rc)
		return rc;
	if (secure_id(vm_id))
		return FFA_ERR_BAD_ARGUMENT;
	return ffa__call_frame(ctx, &r, FFA_NOTIFICATION_BITMAP_DESTROY_32, vm_id, 0, 0, 0);
}

/* BIND and UNBIND share the packing: sender high, receiver low. */
int ffa__notif_bind_call(struct ffa_ctx *ctx, uint32_t fid, uint16_t sender, uint16_t receiver,
			 uint32_t flags, uint64_t bitmap)
{
	struct ffa_regs r;
	int rc = ffa__ready(ctx, FFA_VERSION_1_1);

	if (rc)
		return rc;
	if (!bitmap)
		return FFA_ERR_BAD_ARGUMENT;
	return ffa__call_frame(ctx, &r, fid, ffa__pack_ids(sender, receiver), flags,
			       (uint32_t)bitmap, bitmap >> 32);
}

int ffa_notif_bind(struct ffa_ctx *ctx, uint16_t sender, uint16_t receiver, bool per_vcpu,
		   uint64_t bitmap)
{
	return ffa__notif_bind_call(ctx, FFA_NOTIFICATION_BIND_32, sender, receiver,
				    per_vcpu ? FFA_NOTIF_FLAG_PER_VCPU : 0, bitmap);
}

int ffa_notif_unbind(struct ffa_ctx *ctx, uint16_t sender, uint16_t receiver, uint64_t bitmap)
{
	return ffa__notif_bind_call(ctx, FFA_NOTIFICATION_UNBIND_32, sender, receiver, 0, bitmap);
}

int ffa_notif_set(struct ffa_ctx *ctx, uint16_t sender, uint16_t receiver, uint32_t flags,
		  uint16_t vcpu, uint64_t bitmap)
{
	struct ffa_regs r;
	int rc = ffa__ready(ctx, FFA_VERSION_1_1);

	if (rc)
		return rc;
	if (!bitmap || (flags & ~SET_FLAGS) ||
	    (vcpu && !(flags & FFA_NOTIF_FLAG_PER_VCPU)))
		return FFA_ERR_BAD_ARGUMENT;
	/* Delaying the SRI is for SP senders only (ffa-abi.md 11.2); Hafnium
	 * once accepted it from the normal world (known-bugs.md class 36). */
	if ((flags & FFA_NOTIF_FLAG_DELAY_SRI) && !secure_id(sender))
		return FFA_ERR_BAD_ARGUMENT;
	return ffa__call_frame(ctx, &r, FFA_NOTIFICATION_SET_32, ffa__pack_ids(sender, receiver),
			       ((uint32_t)vcpu << SET_VCPU_SHIFT) | flags, (uint32_t)bitmap,
			       bitmap >> 32);
}

/* Bits of @got outside @allowed, in any of the four bitmaps. */
static bool outside(const struct ffa_notif_bitmaps *got, const struct ffa_notif_bitmaps *allowed)
{
	return (got->sp & ~allowed->sp) || (got->vm & ~allowed->vm) ||
	       (got->spm_fwk & ~allowed->spm_fwk) || (got->hyp_fwk & ~allowed->hyp_fwk);
}

int ffa_notif_get(struct ffa_ctx *ctx, uint16_t receiver, uint16_t vcpu, uint32_t which,
		  const struct ffa_notif_bitmaps *bound, struct ffa_notif_bitmaps *out)
{
	struct ffa_notif_bitmaps asked;
	struct ffa_regs r;
	int rc = ffa__ready(ctx, FFA_VERSION_1_1);

	if (rc)
		return rc;
	if (!out || (which & ~FFA_NOTIF_GET_ALL))
		return FFA_ERR_BAD_ARGUMENT;
	/* vCPU high, receiver low */
	rc = ffa__call_frame(ctx, &r, FFA_NOTIFICATION_GET_32, ffa__pack_ids(vcpu, receiver),
			     which, 0, 0);
	if (rc)
		return rc;

	/* The manager has cleared these bits: hand every one over before
	 * judging the answer. */
	out->sp = get_bitmap(&r, 2);
	out->vm = get_bitmap(&r, 4);
	out->spm_fwk = ffa__w(&r, 6);
	out->hyp_fwk = ffa__w(&r, 7);

	asked.sp = (which & FFA_NOTIF_GET_SP) ? ~0ull : 0;
	asked.vm = (which & FFA_NOTIF_GET_VM) ? ~0ull : 0;
	asked.spm_fwk = (which & FFA_NOTIF_GET_SPM_FWK) ? ~0u : 0;
	asked.hyp_fwk = (which & FFA_NOTIF_GET_HYP_FWK) ? ~0u : 0;
	if (outside(out, &asked) || (bound && outside(out, bound)))
		return FFA_ERR_PROTOCOL;
	return 0;
}
