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

/* FFA_FEATURES for an interrupt: NOT_SUPPORTED is "none", not an error. */
static int discover(struct ffa_ctx *ctx, uint32_t feature, bool *has, uint32_t *intid)
{
	int rc = ffa_features_interrupt(ctx, feature, intid);

	*has = rc == 0;
	if (rc == FFA_ERR_NOT_SUPPORTED)
		rc = 0;
	if (rc || !*has)
		*intid = 0;
	return rc;
}

int ffa_notif_driver_setup(struct ffa_ctx *ctx, struct ffa_notif_driver *drv, uint16_t vm_id,
			   uint32_t vcpu_count)
{
	int rc;

	if (!drv)
		return FFA_ERR_BAD_ARGUMENT;
	ffa__bytes_zero(drv, sizeof(*drv));
	drv->vm_id = vm_id;
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

	rc = discover(ctx, FFA_FEATURE_SRI, &drv->has_sri, &drv->sri_intid);
	if (rc == 0)
		rc = discover(ctx, FFA_FEATURE_NPI, &drv->has_npi, &drv->npi_intid);
	if (rc) {
		/* Leave nothing behind; if the destroy fails too, the flag
		 * stays set for teardown. */
		(void)ffa_notif_driver_teardown(ctx, drv);
		drv->has_sri = drv->has_npi = false;
		drv->sri_intid = drv->npi_intid = 0;
	}
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
