/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * known-bugs.md classes that touch ffa-simd's handling of clients and the
 * socket conduit: 24, 25, 27, 28, 30, 31, 38 here; 7, 20, 22, 37 in
 * test_simd_security.c; 26 in test_simd_robust.c.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "simd_fixture.h"

TestSuite(simd_known_bugs, .init = simd_start, .fini = simd_stop);

/* Class 28: RX/TX unmap while RX is owned. A client that dies owning its
 * RX buffer (a PARTITION_INFO_GET it never released) must not leave the
 * pair mapped or the buffer owned: the daemon unmaps for it, and the
 * endpoint maps a new pair when it comes back. */
static void die_owning_rx(void *arg)
{
	struct client c;
	struct ffa_regs in = { { FFA_PARTITION_INFO_GET_32 } }, out;

	(void)arg;
	if (client_open(&c, VM1, 0, true) || ffa_call_raw(&c.ctx, &in, &out) ||
	    (uint32_t)out.x[0] != FFA_SUCCESS_32)
		_exit(2);
	raise(SIGKILL); /* RX still ours */
}

Test(simd_known_bugs, known_bug_28_client_dies_owning_its_rx_buffer)
{
	struct client c;
	struct ffa_partition_info info[8];

	cr_assert_eq(reap(spawn(die_owning_rx, NULL)), 128 + SIGKILL);
	client_ready(&c, VM1);
	assert_rc(ffa_partition_info_get(&c.ctx, NULL, info, 8, NULL), (int)SP_COUNT);
	assert_rc(ffa_rx_release(&c.ctx), FFA_ERR_DENIED); /* released by the call above */
	client_close(&c);
}

/* Class 27: RX released when not owned. After a client died, the daemon's
 * cleanup does not release an RX buffer the endpoint did not own; the next
 * client's first RX_RELEASE is still DENIED. */
static void die_plain(void *arg)
{
	struct client c;

	(void)arg;
	if (client_open(&c, VM1, 0, true))
		_exit(2);
	raise(SIGKILL);
}

Test(simd_known_bugs, known_bug_27_release_when_not_owned_after_a_death)
{
	struct client c;

	cr_assert_eq(reap(spawn(die_plain, NULL)), 128 + SIGKILL);
	client_ready(&c, VM1);
	assert_rc(ffa_rx_release(&c.ctx), FFA_ERR_DENIED);
	client_close(&c);
}

/* ---- Fragmentation across two clients ------------------------------------------ */

#define MANY 300u
#define P_RW ffa_mem_perm_make(FFA_MEM_DATA_RW, FFA_MEM_INSTR_NOT_SPECIFIED)

struct ranges {
	struct client *c;
	uint32_t n, reached;
	uint64_t first, last;
};

static int reach(void *arg, uint64_t addr, uint32_t pages)
{
	struct ranges *r = arg;
	uint8_t *p = ffa_conduit_socket_pa_to_va(r->c->s, addr, (uint64_t)pages * 4096u);

	if (r->n == 0)
		r->first = addr;
	r->last = addr;
	r->n++;
	if (p) {
		r->reached++;
		p[0] = (uint8_t)r->n;
	}
	return 0;
}

/* Classes 24 and 25: a send of several fragments (FRAG_RX answers carry
 * the handle in w1/w2, the final SUCCESS in w2/w3) and a retrieve response
 * of several fragments, between two clients: the borrower's ranges arrive
 * in order, none lost or repeated at a fragment boundary, and every one is
 * reachable through the lender's arena. */
Test(simd_known_bugs, known_bug_24_25_fragments_both_ways_between_two_clients)
{
	struct client a, b;
	struct ffa_mem_receiver r = { .id = VM2, .perm = P_RW };
	struct ffa_mem_txn t = { .kind = FFA_MEM_DESC_SEND, .sender = VM1,
				 .attributes = FFA_MEM_ATTR_NORMAL_WB_INNER, .receiver_count = 1,
				 .receivers = &r };
	static struct ffa_mem_range rg[MANY];
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	struct ffa_mem_borrow req = { .sender = VM1, .type = FFA_MEM_RETRIEVE_TYPE_SHARE,
				      .perm = P_RW };
	struct ffa_mem_borrowed bw;
	struct ranges seen = { .c = &b };
	uint64_t h = 0, pa;
	uint8_t *mem;

	assert_rc(client_open(&a, VM1, 4u << 20, true), 0);
	client_ready(&b, VM2);
	mem = ffa_conduit_socket_alloc(a.s, 2 * MANY);
	cr_assert(ffa_conduit_socket_va_to_pa(a.s, mem, &pa));
	for (uint32_t i = 0; i < MANY; i++)
		rg[i] = (struct ffa_mem_range){ pa + 8192ull * i, 1 };
	ffa_mem_range_array_iter(&st, rg, MANY, &it);
	assert_rc(ffa_mem_share(&a.ctx, &t, &it, NULL, &h), 0);
	req.handle = h;
	assert_rc(ffa_mem_svc_retrieve_each(&b.ctx, &req, reach, &seen, &bw), MANY);
	cr_assert_eq(seen.n, MANY);
	cr_assert_eq(seen.reached, MANY);
	cr_assert_eq(seen.first, rg[0].addr);
	cr_assert_eq(seen.last, rg[MANY - 1].addr);
	for (uint32_t i = 0; i < MANY; i++)
		cr_assert_eq(mem[8192u * i], (uint8_t)(i + 1), "range %u", i);
	assert_rc(ffa_mem_svc_relinquish(&b.ctx, &bw, 0), 0);
	assert_rc(ffa_mem_reclaim(&a.ctx, h, 0), 0);
	client_close(&b);
	client_close(&a);
}

/* ---- Shared buffers the daemon reads --------------------------------------------- */

struct forger {
	uint8_t *rx;
	uint8_t forged[4096];
	size_t len;
	atomic_bool stop;
};

static void *forge(void *arg)
{
	struct forger *f = arg;

	while (!atomic_load(&f->stop))
		memcpy(f->rx, f->forged, f->len);
	return NULL;
}

/* Class 31: the daemon reads a retrieve response in the borrower's RX
 * buffer to learn which arena it needs. A client whose second thread keeps
 * rewriting that buffer with a response naming a page of VM1's (which VM1
 * shared with someone else) races the daemon on every retrieve; the daemon
 * reads a private copy once and sends an arena only for memory the
 * ownership table lets that client use: VM1's arena never reaches it. */
Test(simd_known_bugs, known_bug_31_a_client_rewriting_its_rx_gets_no_foreign_arena)
{
	struct client victim, owner, thief;
	struct forger f = { .stop = false };
	struct ffa_mem_receiver r = { .id = MEMCHK, .perm = P_RW };
	struct ffa_mem_range vr, tr;
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	struct ffa_mem_txn t = { .kind = FFA_MEM_DESC_SEND, .sender = VM1,
				 .attributes = FFA_MEM_ATTR_NORMAL_WB_INNER, .receiver_count = 1,
				 .receivers = &r };
	uint64_t hv = 0, ht = 0, pa;
	uint32_t pages;
	pthread_t th;
	int ok = 0;

	client_ready(&victim, VM1);
	client_ready(&owner, VM3);
	client_ready(&thief, VM2);
	/* VM1 shares a page with the memory checker: a live handle of VM1's. */
	cr_assert(ffa_conduit_socket_va_to_pa(victim.s, ffa_conduit_socket_alloc(victim.s, 1),
					      &vr.addr));
	vr.pages = 1;
	ffa_mem_range_array_iter(&st, &vr, 1, &it);
	assert_rc(ffa_mem_share(&victim.ctx, &t, &it, NULL, &hv), 0);
	/* VM3 shares a page with the thief, for it to retrieve again and again. */
	cr_assert(ffa_conduit_socket_va_to_pa(owner.s, ffa_conduit_socket_alloc(owner.s, 1),
					      &tr.addr));
	tr.pages = 1;
	r.id = VM2;
	t.sender = VM3;
	ffa_mem_range_array_iter(&st, &tr, 1, &it);
	assert_rc(ffa_mem_share(&owner.ctx, &t, &it, NULL, &ht), 0);
	/* The forgery: the real response, naming VM1's page and handle. */
	assert_rc(client_retrieve(&thief, VM3, ht, FFA_MEM_RETRIEVE_TYPE_SHARE, &pa, &pages), 0);
	cr_assert_not_null(ffa_conduit_socket_pa_to_va(thief.s, tr.addr, 4096));
	{
		struct ffa_mem_receiver me = { .id = VM2, .perm = P_RW };
		struct ffa_mem_txn resp = { .version = FFA_VERSION_1_2,
					    .kind = FFA_MEM_DESC_RETRIEVE_RESP, .sender = VM1,
					    .attributes = FFA_MEM_ATTR_NORMAL_WB_INNER, .handle = hv,
					    .receiver_count = 1, .receivers = &me };
		int len;

		ffa_mem_range_array_iter(&st, &vr, 1, &it);
		len = ffa_mem_desc_encode(&resp, &it, f.forged, sizeof(f.forged));
		cr_assert_gt(len, 0);
		f.len = (size_t)len;
	}
	assert_rc(client_relinquish(&thief, ht), 0);
	f.rx = thief.rx;
	cr_assert_eq(pthread_create(&th, NULL, forge, &f), 0);
	for (unsigned int i = 0; i < 200; i++) {
		ok += client_retrieve(&thief, VM3, ht, FFA_MEM_RETRIEVE_TYPE_SHARE, &pa, &pages) == 0;
		client_relinquish(&thief, ht); /* whatever the retrieve made of it */
	}
	atomic_store(&f.stop, true);
	pthread_join(th, NULL);
	cr_assert_null(ffa_conduit_socket_pa_to_va(thief.s, vr.addr, 4096),
		       "VM1's arena reached a client it shared nothing with (%d retrieves)", ok);
	/* Nothing is left held: both owners take their memory back. */
	assert_rc(ffa_mem_reclaim(&owner.ctx, ht, 0), 0);
	assert_rc(ffa_mem_reclaim(&victim.ctx, hv, 0), 0);
	client_close(&thief);
	client_close(&owner);
	client_close(&victim);
}

/* ---- Registers and buffers ----------------------------------------------------------- */

/* Class 30: no stale data in answers. After a REQ2 that fills x4..x17 both
 * ways, a call whose answer defines only w2 carries zeros everywhere else
 * through the daemon and the conduit. */
Test(simd_known_bugs, known_bug_30_answers_carry_no_stale_registers)
{
	struct client c;
	uint64_t a2[FFA_MSG_DIRECT2_WORDS], r2[FFA_MSG_DIRECT2_WORDS];
	struct ffa_regs in = { { FFA_ID_GET_32 } }, out;

	client_ready(&c, VM1);
	for (unsigned int i = 0; i < FFA_MSG_DIRECT2_WORDS; i++)
		a2[i] = ~0ull - i;
	assert_rc(ffa_msg_send_direct_req2(&c.ctx, ECHO, NULL, NULL, a2, r2), 0);
	memset(&out, 0xA5, sizeof(out));
	assert_rc(ffa_call_raw(&c.ctx, &in, &out), 0);
	cr_assert_eq(out.x[0], FFA_SUCCESS_32);
	cr_assert_eq(out.x[1], 0);
	cr_assert_eq(out.x[2], VM1);
	for (unsigned int i = 3; i < FFA_REGS_COUNT; i++)
		cr_assert_eq(out.x[i], 0, "x%u", i);
	client_close(&c);
}

/* Class 38: NULL and error paths of the socket conduit's API: every entry
 * point refuses NULL, an unreachable daemon or a bad arena size, and
 * nothing is left half made. */
Test(simd_known_bugs, known_bug_38_null_and_error_paths_of_the_socket_conduit)
{
	struct ffa_conduit_socket *s = (struct ffa_conduit_socket *)1;
	struct ffa_conduit cd;
	struct ffa_port pt;
	struct client c;
	uint64_t pa;
	uint32_t kind;

	assert_rc(ffa_conduit_socket_connect(D.path, VM1, 0, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_conduit_socket_connect(D.path, VM1, FFA_SOCK_ARENA_MAX + 4096, &s),
		  FFA_ERR_BAD_ARGUMENT);
	cr_assert_null(s);
	assert_rc(ffa_conduit_socket_connect("/nonexistent/ffa.sock", VM1, 0, &s),
		  FFA_ERR_CONDUIT);
	cr_assert_null(s);
	assert_rc(ffa_conduit_socket_default_path(NULL, 8), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_conduit_socket_conduit(NULL, &cd), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_conduit_socket_port(NULL, &pt), FFA_ERR_BAD_ARGUMENT);
	cr_assert_null(ffa_conduit_socket_alloc(NULL, 1));
	assert_rc(ffa_conduit_socket_free(NULL, &pa, 1), FFA_ERR_BAD_ARGUMENT);
	cr_assert_not(ffa_conduit_socket_va_to_pa(NULL, &pa, &pa));
	cr_assert_null(ffa_conduit_socket_pa_to_va(NULL, FFA_SOCK_PA_BASE, 1));
	cr_assert_eq(ffa_conduit_socket_endpoint(NULL), 0);
	cr_assert_eq(ffa_conduit_socket_base(NULL), 0);
	cr_assert_eq(ffa_conduit_socket_fd(NULL), -1);
	assert_rc(ffa_conduit_socket_poll(NULL, 0, &kind, NULL), FFA_ERR_BAD_ARGUMENT);
	ffa_conduit_socket_close(NULL);
	/* On a live connection: bad arguments change nothing. */
	client_ready(&c, VM1);
	assert_rc(ffa_conduit_socket_conduit(c.s, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_conduit_socket_port(c.s, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_conduit_socket_poll(c.s, 0, NULL, NULL), FFA_ERR_BAD_ARGUMENT);
	cr_assert_null(ffa_conduit_socket_alloc(c.s, 0));
	cr_assert_null(ffa_conduit_socket_alloc(c.s, (FFA_SOCK_ARENA_DEFAULT / 4096) + 1));
	assert_rc(ffa_conduit_socket_free(c.s, c.tx, 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_conduit_socket_free(c.s, (uint8_t *)c.tx + 1, 1), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_conduit_socket_free(c.s, c.tx, 1), 0);
	assert_rc(ffa_conduit_socket_free(c.s, c.tx, 1), FFA_ERR_BAD_ARGUMENT); /* twice */
	cr_assert(ffa_conduit_socket_va_to_pa(c.s, c.rx, &pa));
	assert_rc(ffa_partition_count(&c.ctx, NULL, &kind), 0);
	client_close(&c);
}
