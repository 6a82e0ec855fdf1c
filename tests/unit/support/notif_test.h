/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Frames and helpers shared by the notification tests (test_notif_*.c,
 * test_hostile_notif.c), and a recording harness for the dispatcher.
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

/* ---- Recording harness for the dispatcher ----------------------------------
 * Every callback and port hook of struct ffa_notif_dispatch_config writes
 * into a struct rec; the lock hooks check balance and that no FF-A call and
 * no handler runs under the lock. */

#define REC_MAX 80

struct rec_fire {
	uint16_t sender;
	uint32_t id;
	uint16_t vcpu;
	void *arg;
};

struct rec_sched {
	uint16_t endpoint;
	bool per_vcpu;
	uint16_t vcpu;
};

struct rec {
	struct scripted *t; /* to see how far the script got */
	struct rec_fire fired[REC_MAX];
	unsigned int nfired;
	struct ffa_notif_unhandled unh[REC_MAX];
	unsigned int nunh;
	struct rec_sched sched[REC_MAX];
	unsigned int nsched;
	struct {
		uint16_t vcpu;
		uint32_t spm, hyp;
	} fwk[REC_MAX];
	unsigned int nfwk;
	uint16_t handoffs[REC_MAX];
	unsigned int nhandoff;
	int handoff_rc;
	uint16_t cur; /* what current_vcpu answers */
	/* RX message handler */
	unsigned int nrx;
	uint16_t rx_vcpu;
	uint32_t rx_from;
	size_t rx_script_pos; /* script position when the handler ran */
	bool rx_release_self; /* the handler calls ffa_rx_release() itself */
	int rx_rc;            /* what the handler returns */
	/* lock */
	int depth;
	unsigned int locks;
};

/* The config with every hook pointing at @r. */
struct ffa_notif_dispatch_config rec_config(struct rec *r, uint16_t receiver);

/* A handler that records into the struct rec passed as its arg. */
void rec_handler(void *arg, uint16_t sender, uint32_t id, uint16_t vcpu);

/* Script step action: assert the dispatcher lock is not held during the
 * FF-A call (arg = struct rec). */
void rec_assert_unlocked(void *arg, const struct ffa_regs *in, struct ffa_regs *out);

/* Count the fires of (@sender, @id). */
unsigned int rec_fires(const struct rec *r, uint16_t sender, uint32_t id);

/* A scripted context with a dispatcher recording into @r (8 slots). */
struct fx {
	struct scripted t;
	struct rec r;
	struct ffa_notif_slot slots[8];
	struct ffa_notif_dispatch d;
};

/* Zero @f and return a config recording into it, for @receiver; adjust it,
 * then fx_start(). */
struct ffa_notif_dispatch_config fx_prepare(struct fx *f, uint16_t receiver);

/* Negotiate v1.2 on @steps (first STEP_VERSION(v1.2)) and start the
 * dispatcher with @cfg. */
void fx_start(struct fx *f, const struct ffa_script_step *steps, size_t n, uint32_t caps,
	      const struct ffa_notif_dispatch_config *cfg);

/* One ffa_notif_info_get(@form) at v1.1 on a conduit with @caps that
 * expects @expect and answers @reply. */
int info_once(uint32_t caps, enum ffa_notif_info_form form, struct ffa_regs expect,
	      struct ffa_regs reply, struct ffa_notif_info *out);

#endif /* NOTIF_TEST_H */
