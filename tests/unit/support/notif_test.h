/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Frames and helpers shared by the notification tests (test_notif_*.c,
 * test_hostile_notif.c).
 */
#ifndef NOTIF_TEST_H
#define NOTIF_TEST_H

#include "ffa_test.h"

/* Exact input frames (every other register zero). */
#define F_CREATE(vm, n) FRAME(FFA_NOTIFICATION_BITMAP_CREATE_32, (vm), (n))
#define F_DESTROY(vm) FRAME(FFA_NOTIFICATION_BITMAP_DESTROY_32, (vm))
#define F_BIND(w1, w2, lo, hi) FRAME(FFA_NOTIFICATION_BIND_32, (w1), (w2), (lo), (hi))
#define F_UNBIND(w1, lo, hi) FRAME(FFA_NOTIFICATION_UNBIND_32, (w1), 0, (lo), (hi))
#define F_SET(w1, w2, lo, hi) FRAME(FFA_NOTIFICATION_SET_32, (w1), (w2), (lo), (hi))
#define F_GET(vcpu, recv, which) \
	FRAME(FFA_NOTIFICATION_GET_32, ((uint32_t)(vcpu) << 16) | (recv), (which))
#define F_INFO32 FRAME(FFA_NOTIFICATION_INFO_GET_32)
#define F_INFO64 FRAME(FFA_NOTIFICATION_INFO_GET_64)

/* A GET answer: SP lo/hi, VM lo/hi, SPM framework, hypervisor framework. */
#define GOT(sp, vm, spm, hyp)                                                  \
	OK32(0, (uint32_t)(uint64_t)(sp), (uint32_t)((uint64_t)(sp) >> 32),    \
	     (uint32_t)(uint64_t)(vm), (uint32_t)((uint64_t)(vm) >> 32),       \
	     (spm), (hyp))

/*
 * INFO_GET w2/x2: @more (bit 0), @lists (bits 11:7) and the 2-bit vCPU count
 * of each list from bit 12 (@sizes[k] for list k, @n of them).
 */
static inline uint64_t info_flags(bool more, uint32_t lists, const uint32_t *sizes, size_t n)
{
	uint64_t w = (more ? 1u : 0u) | ((uint64_t)lists << 7);

	for (size_t k = 0; k < n; k++)
		w |= (uint64_t)(sizes[k] & 3u) << (12 + 2 * k);
	return w;
}

/* Pack @n 16-bit IDs into x3..x7 of @r, @per per register (2: 32-bit
 * layout, 4: 64-bit layout). */
static inline void info_pack_ids(struct ffa_regs *r, unsigned int per, const uint16_t *ids,
				 size_t n)
{
	for (size_t i = 0; i < n; i++)
		r->x[3 + i / per] |= (uint64_t)ids[i] << (16 * (i % per));
}

#endif /* NOTIF_TEST_H */
