/* SPDX-License-Identifier: BSD-3-Clause */
#include "ffa_test.h"

#include <string.h>

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

void poison(void *p, size_t n)
{
	memset(p, POISON, n);
}

bool untouched_bytes(const void *p, size_t n)
{
	const uint8_t *b = (const uint8_t *)p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != POISON)
			return false;
	return true;
}

void assert_untouched_from(const struct ffa_partition_info *out, size_t from, size_t n)
{
	for (size_t i = from; i < n; i++)
		cr_assert(untouched_bytes(&out[i], sizeof(out[i])), "out[%zu] was written", i);
}
