/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Clients that die in the middle of things, and the endpoint they played
 * afterwards (docs/ffa-simd.md "A client that goes away"):
 *  - an SP client dying while answering a direct request: the requester
 *    gets FFA_ERROR(ABORTED) (ffa_sim_abort(); Hafnium's answer for a
 *    partition that aborts), not a wait forever;
 *  - an SP client dying in FFA_MSG_WAIT holding state (RX/TX, a message in
 *    RX, bindings with a notification pending, memory it retrieved and
 *    memory it sent): a new client claims the SP at once and starts from
 *    scratch (ffa_sim_endpoint_reset());
 *  - memory it lent that a borrower still holds: the endpoint waits for the
 *    borrower, then is played again; the borrower maps the new client's
 *    arena, not the old one;
 *  - a requester dying while the SP handles its request, or owning a
 *    partition it preempted: the partition finishes for nobody and serves
 *    the others.
 * Every test ends in simd_stop(): invariant checker clean, exit 0.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "simd_fixture.h"

TestSuite(simd_lifecycle, .init = simd_start, .fini = simd_stop);

#define PAGE 4096u

enum {
	CMD_ADD = 1,      /* -> args + 1 */
	CMD_BIND = 2,     /* bind bitmap args[2] from args[1] */
	CMD_RETRIEVE = 3, /* retrieve handle args[1] from args[2] (shared), keep it */
	CMD_LEND = 4,     /* lend a fresh page filled with args[2] to args[1] -> handle */
	CMD_PEEK = 5,     /* -> first byte of the page it lent last */
	CMD_HOLD = 6,     /* tell the test (pipe), wait for its go (pipe), answer */
};

/* Pipes between the test and an SP holding a request (CMD_HOLD). */
static int got_it[2], go_on[2];

struct sp_state {
	struct client c;
	uint8_t *lent;
};

static uint64_t sp_handle(struct sp_state *st, const struct ffa_msg *m, uint64_t r[5])
{
	uint64_t pa = 0, h = 0;
	uint32_t pages = 0;
	char b = 0;

	switch (m->args[0]) {
	case CMD_ADD:
		for (unsigned int i = 1; i < 5; i++)
			r[i] = m->args[i] + 1;
		return m->args[0] + 1;
	case CMD_BIND:
		return (uint32_t)ffa_notif_bind(&st->c.ctx, (uint16_t)m->args[1], USER_SP, false,
						m->args[2]);
	case CMD_RETRIEVE:
		return (uint32_t)client_retrieve(&st->c, (uint16_t)m->args[2], m->args[1],
						 FFA_MEM_RETRIEVE_TYPE_SHARE, &pa, &pages);
	case CMD_LEND:
		st->lent = ffa_conduit_socket_alloc(st->c.s, 1);
		if (!st->lent)
			return (uint32_t)FFA_ERR_NO_MEMORY;
		memset(st->lent, (int)m->args[2], PAGE);
		r[1] = (uint32_t)client_share(&st->c, FFA_MEM_LEND_32, (uint16_t)m->args[1],
					      st->lent, 1, &h);
		return h;
	case CMD_PEEK:
		return st->lent ? st->lent[0] : 0xFFFF;
	case CMD_HOLD:
		if (write(got_it[1], "h", 1) != 1 || read(go_on[0], &b, 1) != 1)
			_exit(7);
		return 0x401D;
	default:
		_exit(6);
	}
}

/* The SP process: receiver calls in a plain loop, until killed. */
static void sp_process(void *arg)
{
	static struct sp_state st;
	struct ffa_msg m;
	uint64_t r[FFA_MSG_DIRECT_WORDS];

	(void)arg;
	if (client_open(&st.c, USER_SP, 0, true) || ffa_msg_wait(&st.c.ctx, 0, &m))
		_exit(2);
	for (;;) {
		if (m.kind != FFA_MSG_DIRECT_REQ)
			_exit(3);
		memset(r, 0, sizeof(r));
		r[0] = sp_handle(&st, &m, r);
		if (ffa_msg_send_direct_resp(&st.c.ctx, &m, r, &m))
			_exit(4);
	}
}

static uint64_t ask(struct client *c, uint64_t cmd, uint64_t a1, uint64_t a2,
		    uint64_t r[FFA_MSG_DIRECT_WORDS])
{
	sp_ask(c, cmd, a1, a2, 0, 0, r);
	return r[0];
}

/* ---- An SP dying while answering --------------------------------------------------- */

Test(simd_lifecycle, sp_dying_while_answering_aborts_the_request_and_is_played_again)
{
	struct client vm;
	uint64_t a[FFA_MSG_DIRECT_WORDS] = { 1 }, a2[FFA_MSG_DIRECT2_WORDS] = { 2 };
	pid_t sp;
	int rc;

	client_ready(&vm, VM1);
	/* Direct request: ABORTED, not a wait forever. */
	sp = spawn(sp_dies_holding_a_request, NULL);
	assert_rc(sp_request(&vm, a, NULL), FFA_ERR_ABORTED);
	cr_assert_eq(reap(sp), 128 + SIGKILL);
	/* Stopped until a new client claims it: BUSY. */
	assert_rc(ffa_msg_send_direct_req(&vm.ctx, USER_SP, NULL, 0, a, NULL), FFA_ERR_BUSY);
	/* Direct2 the same way. */
	sp = spawn(sp_dies_holding_a_request, NULL);
	while ((rc = ffa_msg_send_direct_req2(&vm.ctx, USER_SP, NULL, NULL, a2, NULL)) ==
	       FFA_ERR_BUSY)
		usleep(1000);
	assert_rc(rc, FFA_ERR_ABORTED);
	cr_assert_eq(reap(sp), 128 + SIGKILL);
	/* And a new client serves. */
	sp = sp_start(&vm, sp_process, CMD_ADD);
	sp_stop(sp);
	client_close(&vm);
}

/* ---- An SP dying in FFA_MSG_WAIT, full of state ------------------------------------ */

Test(simd_lifecycle, sp_dying_in_msg_wait_is_claimed_again_from_scratch)
{
	struct client vm, vm2, sp2;
	uint64_t r[FFA_MSG_DIRECT_WORDS], h = 0, lent;
	uint8_t *mem;
	static const char msg[] = "never read";
	pid_t sp;

	client_ready(&vm, VM1);
	client_ready(&vm2, VM2);
	sp = sp_start(&vm, sp_process, CMD_ADD);
	/* Its state: a binding from VM1 with a notification pending, a
	 * message in its RX buffer, memory VM1 shared that it retrieved, a
	 * page it lent to the memory checker (not retrieved yet; an SP lends
	 * to SPs only). */
	assert_rc((int)ask(&vm, CMD_BIND, VM1, 1u << 6, r), 0);
	assert_rc(ffa_notif_set(&vm.ctx, VM1, USER_SP, 0, 0, 1u << 6), 0);
	mem = ffa_conduit_socket_alloc(vm.s, 1);
	assert_rc(client_share(&vm, FFA_MEM_SHARE_32, USER_SP, mem, 1, &h), 0);
	assert_rc((int)ask(&vm, CMD_RETRIEVE, h, VM1, r), 0);
	lent = ask(&vm, CMD_LEND, MEMCHK, 0x77, r);
	assert_rc((int)r[1], 0);
	assert_rc(ffa_msg_send2(&vm.ctx, USER_SP, NULL, NULL, msg, sizeof(msg), 0), 0);
	assert_rc(ffa_mem_reclaim(&vm.ctx, h, 0), FFA_ERR_DENIED); /* held */
	/* It dies waiting for its next message. */
	sp_stop(sp);
	/* What it retrieved came back; what it lent is gone (the checker's
	 * retrieve fails: status in r[0]). */
	assert_rc(ffa_mem_reclaim(&vm.ctx, h, 0), 0);
	assert_rc(client_memcheck(&vm, USER_SP, lent, 0x77, 0x78, FFA_MEM_RETRIEVE_TYPE_LEND, r), 0);
	assert_rc((int)(int32_t)r[0], FFA_ERR_INVALID_PARAMETERS);
	assert_rc(ffa_msg_send_direct_req(&vm.ctx, USER_SP, NULL, 0, NULL, NULL), FFA_ERR_BUSY);
	/* A new client claims it at once, at another version (negotiation
	 * starts over), maps a pair (the old message is gone: its RX is the
	 * partition manager's), and its bindings are its own to make. */
	client_connect(&sp2, USER_SP);
	assert_rc(ffa_version_negotiate(&sp2.ctx, FFA_VERSION_1_1), 0);
	cr_assert_eq(ffa_ctx_version(&sp2.ctx), FFA_VERSION_1_1);
	assert_rc(ffa_id_get(&sp2.ctx, &(uint16_t){ 0 }), 0);
	sp2.tx = ffa_conduit_socket_alloc(sp2.s, 1);
	sp2.rx = ffa_conduit_socket_alloc(sp2.s, 1);
	assert_rc(ffa_rxtx_map(&sp2.ctx, sp2.tx, sp2.rx, 1), 0);
	assert_rc(ffa_rx_release(&sp2.ctx), FFA_ERR_DENIED);
	assert_rc(ffa_notif_set(&vm.ctx, VM1, USER_SP, 0, 0, 1u << 6), FFA_ERR_DENIED);
	{
		struct ffa_notif_bitmaps got;
		assert_rc(ffa_notif_get(&sp2.ctx, USER_SP, 0, FFA_NOTIF_GET_ALL, NULL, &got), 0);
		cr_assert_eq(got.vm | got.sp | got.spm_fwk | got.hyp_fwk, 0);
	}
	client_close(&sp2);
	/* Kill -> reconnect -> request served. */
	sp = sp_start(&vm, sp_process, CMD_ADD);
	cr_assert_eq(ask(&vm, CMD_ADD, 41, 0, r), CMD_ADD + 1);
	cr_assert_eq(r[1], 42);
	sp_stop(sp);
	client_close(&vm2);
	client_close(&vm);
}

/* ---- Memory it lent, still borrowed ------------------------------------------------- */

/* A new client @lender for VM1 lends a page of @fill to VM2 (@vm2), which
 * retrieves it and reaches it at *@p (checked); the lender's page. */
static uint8_t *lend_and_reach(struct client *lender, struct client *vm2, uint8_t fill,
			       uint64_t *h, uint8_t **p)
{
	uint64_t pa = 0;
	uint32_t pages = 0;
	uint8_t *mem;

	client_ready(lender, VM1);
	mem = ffa_conduit_socket_alloc(lender->s, 1);
	memset(mem, fill, PAGE);
	assert_rc(client_share(lender, FFA_MEM_LEND_32, VM2, mem, 1, h), 0);
	assert_rc(client_retrieve(vm2, VM1, *h, FFA_MEM_RETRIEVE_TYPE_LEND, &pa, &pages), 0);
	*p = ffa_conduit_socket_pa_to_va(vm2->s, pa, PAGE);
	cr_assert_not_null(*p);
	cr_assert_eq((*p)[0], fill);
	return mem;
}

Test(simd_lifecycle, lent_memory_still_borrowed_holds_the_endpoint_until_relinquished)
{
	struct client lender, vm2;
	uint64_t h = 0;
	struct ffa_conduit_socket *s = NULL;
	uint8_t *mem, *p;

	/* VM1 lends a page to VM2, which retrieves it; VM1's client goes. */
	client_ready(&vm2, VM2);
	mem = lend_and_reach(&lender, &vm2, 0x31, &h, &p);
	client_close(&lender);
	/* The borrower keeps its access; the endpoint waits for it. */
	p[1] = 0x32;
	assert_rc(ffa_conduit_socket_connect(D.path, VM1, 0, &s), FFA_ERR_DENIED);
	assert_rc(client_relinquish(&vm2, h), 0);
	/* Then a new client plays it, lends again at the same address, and
	 * the borrower reaches the new arena (not its old mapping). */
	mem = lend_and_reach(&lender, &vm2, 0x41, &h, &p);
	p[0] = 0x42;
	assert_rc(client_relinquish(&vm2, h), 0);
	assert_rc(client_reclaim(&lender, h), 0);
	cr_assert_eq(mem[0], 0x42);
	client_close(&vm2);
	client_close(&lender);
}

/* ---- A requester dying ------------------------------------------------------------- */

static void vm2_asks_hold(void *arg)
{
	struct client c;
	uint64_t a[FFA_MSG_DIRECT_WORDS] = { CMD_HOLD };

	(void)arg;
	if (client_open(&c, VM2, 0, true))
		_exit(2);
	ffa_msg_send_direct_req(&c.ctx, USER_SP, NULL, 0, a, NULL);
	_exit(3); /* never: it is killed while waiting */
}

Test(simd_lifecycle, requester_dying_while_the_sp_answers_leaves_the_sp_serving)
{
	struct client vm;
	uint64_t r[FFA_MSG_DIRECT_WORDS];
	pid_t sp, req;
	char b;

	cr_assert_eq(pipe(got_it), 0);
	cr_assert_eq(pipe(go_on), 0);
	client_ready(&vm, VM1);
	sp = sp_start(&vm, sp_process, CMD_ADD);
	req = spawn(vm2_asks_hold, NULL);
	cr_assert_eq(read(got_it[0], &b, 1), 1); /* the SP holds VM2's request */
	kill(req, SIGKILL);
	cr_assert_eq(reap(req), 128 + SIGKILL);
	/* Until the SP answers (into the void) it is BUSY; then it serves. */
	cr_assert_eq(write(go_on[1], "g", 1), 1);
	assert_rc(sp_request(&vm, (uint64_t[FFA_MSG_DIRECT_WORDS]){ CMD_ADD, 1 }, r), 0);
	cr_assert_eq(r[1], 2);
	/* VM2 is free for a new client too. */
	{
		struct client c;
		client_ready(&c, VM2);
		cr_assert_eq(ask(&c, CMD_ADD, 5, 0, r), CMD_ADD + 1);
		cr_assert_eq(r[1], 6);
		client_close(&c);
	}
	sp_stop(sp);
	client_close(&vm);
}

static void vm2_preempts_echo(void *arg)
{
	struct client c;
	uint64_t a[FFA_MSG_DIRECT_WORDS] = { FFA_SIM_ECHO_YIELD, 1 };

	(void)arg;
	if (client_open(&c, VM2, 0, true) ||
	    ffa_ctx_set_preempt_policy(&c.ctx, FFA_PREEMPT_RETURN, 0) ||
	    ffa_msg_send_direct_req(&c.ctx, ECHO, NULL, 0, a, NULL) != FFA_ERR_PREEMPTED)
		_exit(2);
	raise(SIGKILL); /* owning the preempted echo */
}

Test(simd_lifecycle, client_dying_owning_a_preempted_partition_frees_it)
{
	struct client vm;
	uint64_t a[FFA_MSG_DIRECT_WORDS] = { 9, 8 }, r[FFA_MSG_DIRECT_WORDS];

	client_ready(&vm, VM1);
	cr_assert_eq(reap(spawn(vm2_preempts_echo, NULL)), 128 + SIGKILL);
	/* Echo was resumed for nobody: it serves, instead of BUSY forever. */
	assert_rc(ffa_msg_send_direct_req(&vm.ctx, ECHO, NULL, 0, a, r), 0);
	cr_assert_eq(r[1], 8);
	client_close(&vm);
}
