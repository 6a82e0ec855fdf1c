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
	int rc;

	if (!drv)
		return FFA_ERR_BAD_ARGUMENT;
	*drv = (struct ffa_notif_driver){ .vm_id = vm_id };
	rc = ffa_notif_bitmap_create(ctx, vm_id, vcpu_count);
	if (rc == 0)
		drv->bitmap_created = true;
	else if (rc == FFA_ERR_NOT_SUPPORTED)
		/* A hypervisor creates it - unless the version has no
		 * notifications at all (v1.0: nothing was sent). */
		rc = ffa__ready(ctx, FFA_VERSION_1_1);
	if (rc)
		return rc;

	/* FFA_FEATURES for each interrupt: NOT_SUPPORTED is "none" (ID 0, as
	 * a refused call leaves it), not an error. */
	rc = ffa_features_interrupt(ctx, FFA_FEATURE_SRI, &drv->sri_intid);
	drv->has_sri = rc == 0;
	if (rc == 0 || rc == FFA_ERR_NOT_SUPPORTED) {
		rc = ffa_features_interrupt(ctx, FFA_FEATURE_NPI, &drv->npi_intid);
		drv->has_npi = rc == 0;
		if (rc == 0 || rc == FFA_ERR_NOT_SUPPORTED)
			return 0;
	}
	/* Leave nothing behind; if the destroy fails too, the flag stays set
	 * for teardown. */
	(void)ffa_notif_driver_teardown(ctx, drv);
	drv->has_sri = false;
	drv->sri_intid = 0;
	return rc;
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
