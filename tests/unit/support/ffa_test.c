/* SPDX-License-Identifier: BSD-3-Clause */
#include "ffa_test.h"

void scripted_init(struct scripted *t, const struct ffa_script_step *steps, size_t n,
		   uint32_t caps, uint32_t version)
{
	int rc;

	ffa_script_init(&t->script, steps, n, &t->conduit, caps);
	rc = ffa_ctx_init(&t->ctx, &t->conduit, NULL);
	cr_assert_eq(rc, 0);
	if (version) {
		rc = ffa_version(&t->ctx, version, NULL);
		cr_assert_eq(rc, 0, "negotiation step failed: %s", ffa_strerror(rc));
		cr_assert_eq(ffa_ctx_version(&t->ctx), version);
	}
}
