/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One send test case over the memory rig (mem_test.h): the transaction (a
 * SHARE of one RW receiver 0x8001, attributes 0x2F), the ranges, the rig and
 * the handle, and the call with its checks. What test_mem_send.c and
 * test_mem_known_bugs.c declared, started, called and checked in every
 * test; the script steps stay the test's own.
 */
#ifndef MEM_SEND_CASE_H
#define MEM_SEND_CASE_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "mem_test.h"

/* v1.2, one receiver, 600 ranges through a one-page TX buffer: header 48 +
 * EMAD 32 + composite 16 + 600 * 16 = 9696 = 4096 + 4096 + 1504. */
#define SEND_T600 9696u

struct send_case {
	struct ffa_mem_txn t;          /* mt_txn(0x2F, 0, NULL, 1) */
	struct mt_sender s;            /* the ranges */
	struct mem_rig g;
	enum ffa_mem_op op;            /* FFA_MEM_OP_SHARE */
	const struct ffa_mem_xfer *x;  /* NULL: the TX buffer */
	uint64_t h;                    /* 7 before each call: it must be written */
	bool started;
	char what[64];                 /* names the case in failure messages */
};

/* Name the case (printf format) for the messages of send_case_run(). */
static inline void send_case_name(struct send_case *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->what, sizeof(c->what), fmt, ap);
	va_end(ap);
}

/* @n ranges and a rig at @version with conduit @caps and a @pages-page
 * RX/TX pair (rig_init()). */
static inline void send_case_init_rig(struct send_case *c, size_t n, uint32_t version,
				      uint32_t caps, uint32_t pages)
{
	c->t = mt_txn(0x2F, 0, NULL, 1);
	c->op = FFA_MEM_OP_SHARE;
	c->x = NULL;
	c->h = 7;
	c->started = false;
	send_case_name(c, "send");
	mt_sender_init(&c->s, n);
	rig_init(&c->g, version, caps, pages);
}

/* @n ranges and a v1.2 rig (CAPS_ALL, one-page pair), as send_begin(). */
static inline void send_case_init(struct send_case *c, size_t n)
{
	send_case_init_rig(c, n, FFA_VERSION_1_2, CAPS_ALL, 1);
}

/* Check and free the rig, and give the same ranges a fresh rig at
 * @version with @caps (one-page pair). */
static inline void send_case_again(struct send_case *c, uint32_t version, uint32_t caps)
{
	rig_done(&c->g);
	rig_init(&c->g, version, caps, 1);
	c->h = 7;
	c->started = false;
}

/* Start the rig (negotiate, map) now, to act on the context first. */
static inline void send_case_start(struct send_case *c)
{
	rig_start(&c->g);
	c->started = true;
}

/* Start the rig unless started, send (c->op, c->x), and check the result
 * is @rc and the handle reported @want. */
static inline void send_case_run(struct send_case *c, int rc, uint64_t want)
{
	int got;

	if (!c->started)
		send_case_start(c);
	c->h = 7;
	got = ffa_mem_send(&c->g.ctx, c->op, &c->t, &c->s.it, c->x, &c->h);
	cr_assert_eq(got, rc, "%s: rc %d (%s), expected %d (%s)", c->what, got,
		     ffa_strerror(got), rc, ffa_strerror(rc));
	cr_assert_eq(c->h, want, "%s: handle %#llx, expected %#llx", c->what,
		     (unsigned long long)c->h, (unsigned long long)want);
}

/* Check the rig (every step ran, lock and RX sane) and free everything. */
static inline void send_case_end(struct send_case *c)
{
	send_end(&c->g, &c->s);
}

/* The steps of a share of @total bytes through a one-page TX buffer:
 * SHARE_32 (@total, first fragment), then FRAG_TX of each further 4096
 * bytes or the rest (about @h, w4 = @w4), answered @a[0..@n) in turn (what
 * follows an early answer is the test's). The 600-range v1.2 share is
 * 9696 = 4096 + 4096 + 1504; 300 ranges 4896 = 4096 + 800 at v1.2, 4864 =
 * 4096 + 768 at v1.0 (4 KiB fragments end on constituents: the heads, 96
 * and 64 bytes, leave a multiple of 16). */
static inline void expect_share(struct mem_rig *g, uint64_t h, uint32_t total, uint32_t w4,
				const struct ffa_regs *a, size_t n)
{
	uint32_t sent = total < 4096 ? total : 4096;

	cr_assert(n >= 1);
	rig_step(g, FRAME(FFA_MEM_SHARE_32, total, sent), a[0]);
	for (size_t i = 1; i < n; i++) {
		uint32_t len = total - sent < 4096 ? total - sent : 4096;
		struct ffa_regs f = fr_frag_tx(h, len);

		cr_assert(len > 0, "answer %zu is to no fragment", i);
		f.x[4] = w4;
		rig_step(g, f, a[i]);
		sent += len;
	}
}

/* SHARE(&case, h, total, answer...): expect_share() (w4 0) on the case's
 * rig with a list of answers; SHARE_600 for the 600-range v1.2 share. */
#define SHARE(c, h, total, ...)                                                          \
	expect_share(&(c)->g, (h), (total), 0, (const struct ffa_regs[]){ __VA_ARGS__ },   \
		     ARRAY_LEN(((const struct ffa_regs[]){ __VA_ARGS__ })))
#define SHARE_600(c, h, ...) SHARE(c, h, SEND_T600, __VA_ARGS__)

#endif /* MEM_SEND_CASE_H */
