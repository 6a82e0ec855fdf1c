/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A recording harness for the notification dispatcher tests: every
 * callback and port hook of struct ffa_notif_dispatch_config writes into a
 * struct rec, and the lock hooks check balance and that no FF-A call and no
 * handler runs under the lock.
 */
#ifndef NOTIF_DISPATCH_TEST_H
#define NOTIF_DISPATCH_TEST_H

#include "notif_test.h"

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

#endif /* NOTIF_DISPATCH_TEST_H */
