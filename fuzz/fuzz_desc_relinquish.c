/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: the relinquish descriptor decoder. The input is the
 * TX buffer contents (exactly sized heap block). Oracle: a descriptor that
 * decodes re-encodes to the same leading 16 + 2n bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ffa/defs.h>
#include <ffa/desc.h>
#include <ffa/error.h>

/* Abort loudly: an oracle found a disagreement. */
#define FUZZ_CHECK(cond)                   \
	do {                               \
		if (!(cond))               \
			__builtin_trap();  \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ffa_mem_relinquish r;
	uint8_t *buf = malloc(size ? size : 1), *out;
	uint16_t *ids;
	uint32_t i;
	int rc;

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	rc = ffa_mem_relinquish_decode(&r, buf, size);
	FUZZ_CHECK(rc == 0 || rc == FFA_ERR_PROTOCOL);
	if (rc == 0) {
		FUZZ_CHECK(16u + 2u * (uint64_t)r.endpoint_count <= size);
		ids = malloc(sizeof(*ids) * r.endpoint_count);
		out = malloc(size);
		if (ids != NULL && out != NULL) {
			for (i = 0; i < r.endpoint_count; i++) {
				rc = ffa_mem_relinquish_endpoint(&r, i);
				FUZZ_CHECK(rc >= 0 && rc <= 0xFFFF);
				ids[i] = (uint16_t)rc;
			}
			FUZZ_CHECK(ffa_mem_relinquish_endpoint(&r, r.endpoint_count) ==
				   FFA_ERR_BAD_ARGUMENT);
			rc = ffa_mem_relinquish_encode(r.handle, r.flags, ids, r.endpoint_count,
						       out, size);
			FUZZ_CHECK(rc == (int)(16u + 2u * r.endpoint_count));
			FUZZ_CHECK(memcmp(out, buf, (size_t)rc) == 0);
		}
		free(ids);
		free(out);
	}
	free(buf);
	return 0;
}
