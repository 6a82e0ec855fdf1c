/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Registered regions: the host's map() hook for in-process use. Each
 * endpoint may name only the memory registered for it.
 */
#include "sim_internal.h"

int ffa_sim_regions_init(struct ffa_sim_regions *t, struct ffa_sim_region *entries, size_t cap)
{
	if (!t || (!entries && cap))
		return FFA_ERR_BAD_ARGUMENT;
	t->r = entries;
	t->count = 0;
	t->cap = cap;
	return 0;
}

int ffa_sim_regions_add(struct ffa_sim_regions *t, uint16_t endpoint, uint64_t pa, void *ptr,
			uint64_t size)
{
	uint64_t p = (uint64_t)(uintptr_t)ptr;

	if (!t || !ptr || size == 0 || pa + size < pa || p + size < p)
		return FFA_ERR_BAD_ARGUMENT;
	for (size_t i = 0; i < t->count; i++) {
		const struct ffa_sim_region *r = &t->r[i];

		if (r->endpoint == endpoint &&
		    (sim_overlap(pa, size, r->pa, r->size) ||
		     sim_overlap(p, size, (uint64_t)(uintptr_t)r->ptr, r->size)))
			return FFA_ERR_BAD_ARGUMENT;
	}
	if (t->count == t->cap)
		return FFA_ERR_NO_MEMORY;
	t->r[t->count].pa = pa;
	t->r[t->count].ptr = ptr;
	t->r[t->count].size = size;
	t->r[t->count].endpoint = endpoint;
	t->count++;
	return 0;
}

void *ffa_sim_regions_map(void *arg, uint16_t endpoint, uint64_t pa, uint64_t size)
{
	const struct ffa_sim_regions *t = (const struct ffa_sim_regions *)arg;

	if (!t || size == 0 || pa + size < pa)
		return NULL;
	for (size_t i = 0; i < t->count; i++) {
		const struct ffa_sim_region *r = &t->r[i];

		if ((r->endpoint == endpoint || endpoint == FFA_SIM_MAP_PM) && pa >= r->pa &&
		    pa + size <= r->pa + r->size)
			return (uint8_t *)r->ptr + (pa - r->pa);
	}
	return NULL;
}
