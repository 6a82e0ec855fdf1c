/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Normal-world driver notification setup (services layer): create the
 * bitmap where the partition manager supports the call, discover the SRI
 * and NPI interrupt IDs, and destroy only what was created.
 *
 * The call's own answer decides, not FFA_FEATURES (a hint that real
 * managers get wrong; real-spmc-behaviour.md): BITMAP_CREATE answered
 * NOT_SUPPORTED means a hypervisor below creates the bitmap.
 */
#include "internal.h"

#include <ffa/notif_dispatch.h>
#include <ffa/setup.h>

int ffa_notif_driver_setup(struct ffa_ctx *ctx, struct ffa_notif_driver *drv, uint16_t vm_id,
			   uint32_t vcpu_count)
{
	uint32_t intid[2] = { 0, 0 }; /* SRI, NPI */
	bool has[2];
	int rc;

	if (!drv)
		return FFA_ERR_BAD_ARGUMENT;
	*drv = (struct ffa_notif_driver){ .vm_id = vm_id };
	/* Not at v1.0 (no notifications): refuse before the create call's
	 * NOT_SUPPORTED could be taken for "a hypervisor does it". */
	rc = ffa__ready(ctx, FFA_VERSION_1_1);
	if (rc)
		return rc;
	rc = ffa_notif_bitmap_create(ctx, vm_id, vcpu_count);
	if (rc == 0)
		drv->bitmap_created = true;
	else if (rc != FFA_ERR_NOT_SUPPORTED)
		return rc;

	/* FFA_FEATURES for each interrupt: NOT_SUPPORTED is "none" (ID 0),
	 * not an error. Nothing is kept until both answered (a refused call
	 * leaves its ID unwritten). */
	for (unsigned int i = 0; i < 2; i++) {
		rc = ffa_features_interrupt(ctx, i ? FFA_FEATURE_NPI : FFA_FEATURE_SRI, &intid[i]);
		has[i] = rc == 0;
		if (rc && rc != FFA_ERR_NOT_SUPPORTED) {
			/* Leave nothing behind; if the destroy fails too, the
			 * flag stays set for teardown. */
			(void)ffa_notif_driver_teardown(ctx, drv);
			return rc;
		}
	}
	drv->has_sri = has[0];
	drv->sri_intid = intid[0];
	drv->has_npi = has[1];
	drv->npi_intid = intid[1];
	return 0;
}

int ffa_notif_driver_teardown(struct ffa_ctx *ctx, struct ffa_notif_driver *drv)
{
	int rc;

	if (!drv)
		return FFA_ERR_BAD_ARGUMENT;
	if (!drv->bitmap_created)
		return 0; /* a hypervisor's, or none */
	rc = ffa_notif_bitmap_destroy(ctx, drv->vm_id);
	if (rc == 0)
		drv->bitmap_created = false;
	return rc;
}
