/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa desc - ready-made scatter-gather adapters for the range iterator.
 */
#include "desc_internal.h"

int ffa__desc_array_next(void *arg, uint64_t *addr, uint32_t *pages)
{
	struct ffa_mem_range_array *a = (struct ffa_mem_range_array *)arg;

	if (a->pos >= a->count)
		return 0;
	*addr = a->ranges[a->pos].addr;
	*pages = a->ranges[a->pos].pages;
	a->pos++;
	return 1;
}

static int array_rewind(void *arg)
{
	struct ffa_mem_range_array *a = (struct ffa_mem_range_array *)arg;

	a->pos = 0;
	return 0;
}

int ffa_mem_range_array_iter(struct ffa_mem_range_array *state,
			     const struct ffa_mem_range *ranges, size_t count,
			     struct ffa_mem_range_iter *it)
{
	if (state == NULL || it == NULL || (ranges == NULL && count != 0))
		return FFA_ERR_BAD_ARGUMENT;
	state->ranges = ranges;
	state->count = count;
	state->pos = 0;
	it->next = ffa__desc_array_next;
	it->rewind = array_rewind;
	it->arg = state;
	return 0;
}
