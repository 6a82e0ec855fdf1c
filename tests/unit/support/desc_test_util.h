/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers shared by the desc unit tests (header-only so each test compiles
 * as `gcc test.c libffa/desc/[all].c`).
 */
#ifndef DESC_TEST_UTIL_H
#define DESC_TEST_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ffa/defs.h>
#include <ffa/desc.h>
#include <ffa/error.h>

/* splitmix64: small, seedable, good enough for test data. */
static inline uint64_t dt_rand(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static inline uint64_t dt_range(uint64_t *s, uint64_t lo, uint64_t hi)
{
	return lo + dt_rand(s) % (hi - lo + 1u);
}

/* Seed from DESC_SEED if set, otherwise from the clock; always printed. */
static inline uint64_t dt_seed(const char *what)
{
	const char *e = getenv("DESC_SEED");
	uint64_t seed;

	if (e != NULL && *e != '\0')
		seed = strtoull(e, NULL, 0);
	else {
		seed = (uint64_t)time(NULL) ^ ((uint64_t)clock() << 32);
		seed = dt_rand(&seed);
	}
	fprintf(stderr, "%s: seed 0x%016llx (rerun with DESC_SEED=0x%016llx)\n", what,
		(unsigned long long)seed, (unsigned long long)seed);
	return seed;
}

/* Print the first difference of two byte arrays; 0 if equal. */
static inline int dt_memdiff(const char *what, const uint8_t *got, const uint8_t *want, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (got[i] != want[i]) {
			fprintf(stderr, "%s: byte 0x%zx: got 0x%02x want 0x%02x\n", what, i,
				got[i], want[i]);
			return 1;
		}
	}
	return 0;
}

/* Little-endian writers for hand-made test vectors. */
static inline void dt_w16(uint8_t *b, size_t off, uint16_t v)
{
	b[off] = (uint8_t)v;
	b[off + 1] = (uint8_t)(v >> 8);
}

static inline void dt_w32(uint8_t *b, size_t off, uint32_t v)
{
	dt_w16(b, off, (uint16_t)v);
	dt_w16(b, off + 2, (uint16_t)(v >> 16));
}

static inline void dt_w64(uint8_t *b, size_t off, uint64_t v)
{
	dt_w32(b, off, (uint32_t)v);
	dt_w32(b, off + 4, (uint32_t)(v >> 32));
}

/* Merge contiguous neighbours exactly as the encoder promises to
 * (addr + pages * 4096 == next addr and the sum fits 32 bits), into @out
 * (may alias @in). Returns the merged count. */
static inline size_t dt_merge(const struct ffa_mem_range *in, size_t n, struct ffa_mem_range *out)
{
	size_t i, m = 0;
	struct ffa_mem_range cur;

	if (n == 0)
		return 0;
	cur = in[0];
	for (i = 1; i < n; i++) {
		if (cur.addr + (uint64_t)cur.pages * FFA_PAGE_SIZE == in[i].addr &&
		    (uint64_t)cur.pages + in[i].pages <= UINT32_MAX) {
			cur.pages += in[i].pages;
		} else {
			out[m++] = cur;
			cur = in[i];
		}
	}
	out[m++] = cur;
	return m;
}

#endif /* DESC_TEST_UTIL_H */
