/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa's typed memory calls (<ffa/mem.h>) and the memory services
 * (<ffa/mem_services.h>) over the socket, against ffa-simd: one process
 * shares, lends or donates; another process playing the SP "user-sp" with
 * libffa's receiver loop (ffa_msg_dispatch) retrieves - responses of
 * several fragments included -, writes through the lender's arena the
 * daemon mapped for it, and relinquishes; the lender reclaims and sees
 * the writes. Plus what the simulator refuses (caller buffers, MEM_PERM,
 * time slicing) with the exact errors, and the refusals of the ownership
 * rules. Every test ends in simd_stop(): the daemon's invariant checker is
 * clean and it exits 0.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "simd_fixture.h"

TestSuite(simd_mem, .init = simd_start, .fini = simd_stop);

#define PAGE 4096u
#define MANY 300u /* scattered pages: a descriptor of several fragments */
#define P_RW ffa_mem_perm_make(FFA_MEM_DATA_RW, FFA_MEM_INSTR_NOT_SPECIFIED)
#define P_RO ffa_mem_perm_make(FFA_MEM_DATA_RO, FFA_MEM_INSTR_NOT_SPECIFIED)
#define P_RW_NX ffa_mem_perm_make(FFA_MEM_DATA_RW, FFA_MEM_INSTR_NX)
#define P_NONE ffa_mem_perm_make(FFA_MEM_DATA_NOT_SPECIFIED, FFA_MEM_INSTR_NOT_SPECIFIED)

/* ---- The SP process: a memory agent on libffa's receiver loop ---------------- */

enum {
	CMD_PING = 1,       /* -> args + 1 (is it up?) */
	CMD_RETRIEVE = 2,   /* ffa_mem_retrieve, write, relinquish (see below) */
	CMD_SVC = 3,        /* ffa_mem_svc_retrieve into an array, write, relinquish */
	CMD_SVC_EACH = 4,   /* ffa_mem_svc_retrieve_each, write, relinquish */
	CMD_RELINQUISH = 5, /* ffa_mem_relinquish of args[1] */
	CMD_RECLAIM = 6,    /* ffa_mem_reclaim of args[1] (it is not the owner) */
	CMD_PERM = 7,       /* ffa_mem_perm_get / _set on a page of its arena */
};

/* CMD_RETRIEVE args: [1] handle; [2] owner | type << 16 | fill byte << 24 |
 * flags (R_*) | permissions asked << 40 (0: RW, and NX unless a share);
 * [3] another borrower the request lists (0: none), [4] its permissions.
 * Reply: [0] retrieve rc, [1] ranges, [2] pages, [3] relinquish rc,
 * [4] ranges it could not reach through a mapped arena. */
#define R_KEEP (1ull << 32)      /* do not relinquish */
#define R_SINK_FAILS (1ull << 33) /* the sink refuses the 5th range */

struct agent {
	struct client c;
	uint8_t fill;
	bool sink_fails;
	uint64_t ranges, pages, unmapped;
};

static int agent_range(void *arg, uint64_t addr, uint32_t pages)
{
	struct agent *a = arg;
	uint8_t *p;

	if (a->sink_fails && a->ranges == 4)
		return FFA_ERR_NO_MEMORY;
	a->ranges++;
	a->pages += pages;
	p = ffa_conduit_socket_pa_to_va(a->c.s, addr, (uint64_t)pages * PAGE);
	if (!p)
		a->unmapped++;
	else
		memset(p, a->fill, (size_t)pages * PAGE);
	return 0;
}

static uint64_t u(int rc)
{
	return (uint64_t)(uint32_t)rc;
}

static void agent_retrieve(struct agent *a, const struct ffa_msg *req, uint64_t reply[5])
{
	uint64_t h = req->args[1], w = req->args[2];
	uint16_t me = USER_SP, other = (uint16_t)req->args[3];
	uint8_t type = (uint8_t)(w >> 16);
	uint8_t perm = (uint8_t)(w >> 40);
	struct ffa_mem_receiver list[2] = {
		{ .id = me,
		  .perm = perm ? perm : type == FFA_MEM_RETRIEVE_TYPE_SHARE ? P_RW : P_RW_NX },
		{ .id = other, .perm = (uint8_t)req->args[4],
		  .flags = FFA_MEM_EMAD_FLAG_NON_RETRIEVAL },
	};
	struct ffa_mem_txn txn = { .kind = FFA_MEM_DESC_RETRIEVE_REQ, .sender = (uint16_t)w,
				   .flags = FFA_MEM_RETRIEVE_FLAG_TYPE(type), .handle = h,
				   .receiver_count = other ? 2 : 1, .receivers = list };
	struct ffa_mem_retrieve_sink sink = { .range = agent_range, .arg = a };
	bool mapped = true;
	int rc;

	a->fill = (uint8_t)(w >> 24);
	a->sink_fails = (w & R_SINK_FAILS) != 0;
	a->ranges = a->pages = a->unmapped = 0;
	rc = ffa_mem_retrieve(&a->c.ctx, &txn, NULL, &sink, &mapped);
	reply[0] = u(rc);
	reply[1] = a->ranges;
	reply[2] = a->pages;
	reply[3] = rc ? u(mapped ? FFA_ERR_PROTOCOL : 0)
		      : (w & R_KEEP) ? 0 : u(ffa_mem_relinquish(&a->c.ctx, h, 0, &me, 1));
	reply[4] = a->unmapped;
}

static void agent_svc(struct agent *a, const struct ffa_msg *req, bool each, uint64_t reply[5])
{
	struct ffa_mem_borrow b = { .handle = req->args[1], .sender = (uint16_t)req->args[2],
				    .tag = req->args[4], .type = (uint8_t)(req->args[2] >> 16),
				    .perm = (uint8_t)(req->args[2] >> 40) };
	struct ffa_mem_range r[4];
	struct ffa_mem_borrowed got;
	int rc;

	a->fill = (uint8_t)(req->args[2] >> 24);
	a->sink_fails = false;
	a->ranges = a->pages = a->unmapped = 0;
	if (each) {
		rc = ffa_mem_svc_retrieve_each(&a->c.ctx, &b, agent_range, a, &got);
	} else {
		rc = ffa_mem_svc_retrieve(&a->c.ctx, &b, r, req->args[3] < 4 ? req->args[3] : 4,
					  &got);
		for (int i = 0; i < rc; i++)
			agent_range(a, r[i].addr, r[i].pages);
	}
	reply[0] = u(rc);
	reply[1] = got.range_count;
	reply[2] = got.total_pages;
	reply[3] = got.retrieved ? u(ffa_mem_svc_relinquish(&a->c.ctx, &got, 0)) : u(1);
	reply[4] = a->unmapped | (uint64_t)got.tag << 32 | (uint64_t)got.self << 16;
}

static int agent_direct(void *arg, const struct ffa_msg *req, uint64_t reply[FFA_MSG_DIRECT_WORDS])
{
	struct agent *a = arg;
	uint16_t me = USER_SP;
	uint32_t perm = 0;
	uint64_t va;

	switch (req->args[0]) {
	case CMD_PING:
		for (unsigned int i = 0; i < FFA_MSG_DIRECT_WORDS; i++)
			reply[i] = req->args[i] + 1;
		break;
	case CMD_RETRIEVE:
		agent_retrieve(a, req, reply);
		break;
	case CMD_SVC:
	case CMD_SVC_EACH:
		agent_svc(a, req, req->args[0] == CMD_SVC_EACH, reply);
		break;
	case CMD_RELINQUISH:
		reply[0] = u(ffa_mem_relinquish(&a->c.ctx, req->args[1], 0, &me, 1));
		break;
	case CMD_RECLAIM:
		reply[0] = u(ffa_mem_reclaim(&a->c.ctx, req->args[1], 0));
		break;
	case CMD_PERM:
		/* A page of its own arena (S-EL0 calls: its own mappings). */
		va = ffa_conduit_socket_base(a->c.s) + 8u * PAGE;
		reply[0] = u(ffa_mem_perm_get(&a->c.ctx, va, &perm));
		reply[1] = u(ffa_mem_perm_set(&a->c.ctx, va, 1, FFA_MEM_PERM_DATA_RO));
		reply[2] = u(ffa_features(&a->c.ctx, FFA_MEM_PERM_GET_64, 0, NULL));
		break;
	default:
		return FFA_ERR_BAD_ARGUMENT;
	}
	return FFA_DISPATCH_CONTINUE;
}

/* The SP process: until killed. Any failure of the loop itself exits with
 * a code the test reports (a kill is 128 + SIGKILL). */
static void memory_agent(void *arg)
{
	static struct agent a;
	struct ffa_msg_dispatcher d = { .direct = agent_direct, .arg = &a };
	struct ffa_msg m = { .kind = FFA_MSG_NONE };
	int rc;

	(void)arg;
	if (client_open(&a.c, USER_SP, 0, true))
		_exit(2);
	rc = ffa_msg_dispatch(&a.c.ctx, &d, &m);
	_exit(rc < 0 ? 10 + (-rc & 0x3F) : 3);
}

#define RW(owner, type, fill, flags) \
	((uint64_t)(owner) | (uint64_t)(type) << 16 | (uint64_t)(fill) << 24 | (flags))
#define PERM(p) ((uint64_t)(p) << 40)

/* ---- Helpers on the lender's side ----------------------------------------------- */

static struct ffa_mem_txn send_txn(uint16_t sender, const struct ffa_mem_receiver *r, uint32_t n,
				   uint16_t attributes, uint64_t tag)
{
	return (struct ffa_mem_txn){ .kind = FFA_MEM_DESC_SEND, .sender = sender,
				     .attributes = attributes, .tag = tag, .receiver_count = n,
				     .receivers = r };
}

/* @n ranges of one page, every other page of @mem (they cannot merge). */
static void scatter(struct client *c, uint8_t *mem, struct ffa_mem_range *r, uint32_t n)
{
	uint64_t pa;

	cr_assert(ffa_conduit_socket_va_to_pa(c->s, mem, &pa));
	for (uint32_t i = 0; i < n; i++)
		r[i] = (struct ffa_mem_range){ pa + 2ull * PAGE * i, 1 };
}

/* VM1 lending to the agent: its client (a 4 MiB arena), the agent's
 * process, 2 x MANY zero pages of VM1's and in @rg every other one of
 * them, an iterator over some of those, the agent as a read-write
 * receiver. */
struct lender {
	struct client vm;
	pid_t sp;
	uint8_t *mem;
	struct ffa_mem_range rg[MANY];
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	struct ffa_mem_receiver r;
};

static void lender_start(struct lender *l)
{
	assert_rc(client_open(&l->vm, VM1, 4u << 20, true), 0);
	l->sp = sp_start(&l->vm, memory_agent, CMD_PING);
	l->mem = ffa_conduit_socket_alloc(l->vm.s, 2 * MANY);
	cr_assert_not_null(l->mem);
	scatter(&l->vm, l->mem, l->rg, MANY);
	l->r = (struct ffa_mem_receiver){ .id = USER_SP, .perm = P_RW };
}

/* Stop the agent (it must still be running) and close VM1. */
static void lender_stop(struct lender *l)
{
	sp_stop(l->sp);
	client_close(&l->vm);
}

/* The iterator, over the first @n of the ranges (from the first again). */
static struct ffa_mem_range_iter *lender_ranges(struct lender *l, uint32_t n)
{
	cr_assert_eq(ffa_mem_range_array_iter(&l->st, l->rg, n, &l->it), 0);
	return &l->it;
}

/* VM1 shares the first @n ranges with the agent (read-write); the handle. */
static uint64_t share_to_agent(struct lender *l, uint32_t n)
{
	struct ffa_mem_txn t = send_txn(VM1, &l->r, 1, FFA_MEM_ATTR_NORMAL_WB_INNER, 0);
	uint64_t h = 0;

	assert_rc(ffa_mem_share(&l->vm.ctx, &t, lender_ranges(l, n), NULL, &h), 0);
	return h;
}

/* sp_ask() and the agent's status word: resp[0] as a result code. */
static int sp_ask_rc(struct client *c, uint64_t cmd, uint64_t a1, uint64_t a2, uint64_t a3,
		     uint64_t a4, uint64_t resp[FFA_MSG_DIRECT_WORDS])
{
	sp_ask(c, cmd, a1, a2, a3, a4, resp);
	return (int)(int32_t)resp[0];
}

/* ---- One process: the typed calls and the memory checker -------------------- */

Test(simd_mem, share_lend_donate_typed_checked_by_the_memory_checker)
{
	struct client vm;
	struct ffa_mem_receiver r = { .id = MEMCHK, .perm = P_RW };
	struct ffa_mem_range rg[3];
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	struct ffa_mem_txn t = send_txn(VM1, &r, 1, FFA_MEM_ATTR_NORMAL_WB_INNER, 0);
	uint64_t h = 0, resp[FFA_MSG_DIRECT_WORDS];
	uint8_t *mem;

	client_ready(&vm, VM1);
	mem = ffa_conduit_socket_alloc(vm.s, 6);
	memset(mem, 0xA1, 6 * PAGE);
	scatter(&vm, mem, rg, 3);
	ffa_mem_range_array_iter(&st, rg, 3, &it);
	assert_rc(ffa_mem_share(&vm.ctx, &t, &it, NULL, &h), 0);
	assert_rc(client_memcheck(&vm, VM1, h, 0xA1, 0xB2, FFA_MEM_RETRIEVE_TYPE_SHARE, resp), 0);
	cr_assert_eq(resp[0], 0, "status %d", (int)(int32_t)resp[0]);
	cr_assert_eq(resp[1], 3);
	cr_assert_eq(resp[2], 0);
	assert_rc(ffa_mem_reclaim(&vm.ctx, h, 0), 0);
	for (unsigned int i = 0; i < 6; i++)
		cr_assert_eq(mem[i * PAGE + 7], i % 2 ? 0xA1 : 0xB2, "page %u", i);
	/* Lend (attributes left to the borrower), the generic entry point. */
	t.attributes = 0;
	ffa_mem_range_array_iter(&st, rg, 2, &it);
	assert_rc(ffa_mem_send(&vm.ctx, FFA_MEM_OP_LEND, &t, &it, NULL, &h), 0);
	assert_rc(client_memcheck(&vm, VM1, h, 0xB2, 0xC3, FFA_MEM_RETRIEVE_TYPE_LEND, resp), 0);
	cr_assert_eq(resp[0], 0);
	assert_rc(ffa_mem_lend(&vm.ctx, &t, &it, NULL, &(uint64_t){ 0 }), FFA_ERR_DENIED); /* busy */
	assert_rc(ffa_mem_reclaim(&vm.ctx, h, 0), 0);
	cr_assert_eq(mem[2 * PAGE], 0xC3);
	/* Donate: the checker keeps it; the donor cannot take it back. */
	r.perm = P_NONE;
	ffa_mem_range_array_iter(&st, &rg[2], 1, &it);
	assert_rc(ffa_mem_donate(&vm.ctx, &t, &it, NULL, &h), 0);
	assert_rc(client_memcheck(&vm, VM1, h, 0xB2, 0xD4, FFA_MEM_RETRIEVE_TYPE_DONATE, resp), 0);
	cr_assert_eq(resp[0], 0);
	assert_rc(ffa_mem_reclaim(&vm.ctx, h, 0), FFA_ERR_INVALID_PARAMETERS);
	cr_assert_eq(mem[4 * PAGE + 1], 0xD4);
	client_close(&vm);
}

/* ---- Two processes ---------------------------------------------------------------- */

Test(simd_mem, fragmented_share_retrieved_written_relinquished_by_an_sp_process)
{
	static struct lender l;
	struct ffa_mem_txn t;
	uint64_t h, resp[FFA_MSG_DIRECT_WORDS];

	lender_start(&l);
	t = send_txn(VM1, &l.r, 1, 0, 0);
	/* 300 constituents do not fit one 4 KiB TX buffer: FRAG_TX rounds. */
	h = share_to_agent(&l, MANY);
	/* Nor does the response fit the SP's RX buffer: FRAG_RX rounds. */
	assert_rc(sp_ask_rc(&l.vm, CMD_RETRIEVE, h,
			    RW(VM1, FFA_MEM_RETRIEVE_TYPE_SHARE, 0x5E, R_KEEP), 0, 0, resp),
		  0);
	cr_assert_eq(resp[1], MANY, "ranges %llu", (unsigned long long)resp[1]);
	cr_assert_eq(resp[2], MANY);
	cr_assert_eq(resp[4], 0, "ranges outside a mapped arena");
	/* The writes are in the lender's memory; the gaps are untouched. */
	for (uint32_t i = 0; i < 2 * MANY; i++) {
		cr_assert_eq(l.mem[i * PAGE], i % 2 ? 0 : 0x5E, "page %u", i);
		cr_assert_eq(l.mem[i * PAGE + PAGE - 1], i % 2 ? 0 : 0x5E, "page %u", i);
	}
	/* Still held: the owner cannot take it back; the borrower cannot
	 * reclaim what is not its own. */
	assert_rc(ffa_mem_reclaim(&l.vm.ctx, h, 0), FFA_ERR_DENIED);
	assert_rc(sp_ask_rc(&l.vm, CMD_RECLAIM, h, 0, 0, 0, resp), FFA_ERR_INVALID_PARAMETERS);
	assert_rc(sp_ask_rc(&l.vm, CMD_RELINQUISH, h, 0, 0, 0, resp), 0);
	assert_rc(sp_ask_rc(&l.vm, CMD_RELINQUISH, h, 0, 0, 0, resp), FFA_ERR_INVALID_PARAMETERS);
	assert_rc(ffa_mem_reclaim(&l.vm.ctx, h, 0), 0);
	assert_rc(ffa_mem_reclaim(&l.vm.ctx, h, 0), FFA_ERR_INVALID_PARAMETERS);
	/* A lend the same way, relinquished by the agent itself. */
	assert_rc(ffa_mem_lend(&l.vm.ctx, &t, lender_ranges(&l, MANY), NULL, &h), 0);
	assert_rc(sp_ask_rc(&l.vm, CMD_RETRIEVE, h, RW(VM1, FFA_MEM_RETRIEVE_TYPE_LEND, 0x6F, 0), 0,
			    0, resp),
		  0);
	assert_rc((int)(int32_t)resp[3], 0);
	cr_assert_eq(resp[2], MANY);
	assert_rc(ffa_mem_reclaim(&l.vm.ctx, h, 0), 0);
	cr_assert_eq(l.mem[(2 * MANY - 2) * PAGE + 5], 0x6F);
	lender_stop(&l);
}

Test(simd_mem, shared_with_two_borrowers_in_two_processes)
{
	struct client vm, vm2;
	struct ffa_mem_receiver r[2] = { { .id = USER_SP, .perm = P_RW }, { .id = VM2, .perm = P_RO } };
	struct ffa_mem_txn t = send_txn(VM1, r, 2, FFA_MEM_ATTR_NORMAL_WB_INNER, 0);
	struct ffa_mem_range rg[4];
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	struct ffa_mem_borrow b = { .sender = VM1, .type = FFA_MEM_RETRIEVE_TYPE_SHARE,
				    .borrowers = r, .borrower_count = 2 };
	struct ffa_mem_range got[4];
	struct ffa_mem_borrowed bw;
	uint64_t h = 0, resp[FFA_MSG_DIRECT_WORDS];
	uint8_t *mem, *seen;
	pid_t sp;

	client_ready(&vm, VM1);
	client_ready(&vm2, VM2);
	sp = sp_start(&vm, memory_agent, CMD_PING);
	mem = ffa_conduit_socket_alloc(vm.s, 8);
	scatter(&vm, mem, rg, 4);
	ffa_mem_range_array_iter(&st, rg, 4, &it);
	assert_rc(ffa_mem_share(&vm.ctx, &t, &it, NULL, &h), 0);
	/* The SP (RW) retrieves naming both borrowers and writes. */
	assert_rc(sp_ask_rc(&vm, CMD_RETRIEVE, h, RW(VM1, FFA_MEM_RETRIEVE_TYPE_SHARE, 0x2C, R_KEEP),
			    VM2, P_RO, resp),
		  0);
	cr_assert_eq(resp[1], 4);
	/* VM2 (RO), in this process, retrieves with the services and reads
	 * the SP's writes through the arena the daemon mapped for it. */
	b.handle = h;
	r[0].flags = FFA_MEM_EMAD_FLAG_NON_RETRIEVAL;
	assert_rc(ffa_mem_svc_retrieve(&vm2.ctx, &b, got, 4, &bw), 4);
	cr_assert_eq(ffa_mem_perm_data(bw.perm), FFA_MEM_DATA_RO);
	cr_assert_eq(bw.sender, VM1);
	for (unsigned int i = 0; i < 4; i++) {
		seen = ffa_conduit_socket_pa_to_va(vm2.s, got[i].addr, PAGE);
		cr_assert_not_null(seen);
		cr_assert_eq(seen[100], 0x2C, "range %u", i);
	}
	/* Until both give it back the owner cannot reclaim. */
	assert_rc(sp_ask_rc(&vm, CMD_RELINQUISH, h, 0, 0, 0, resp), 0);
	assert_rc(ffa_mem_reclaim(&vm.ctx, h, 0), FFA_ERR_DENIED);
	assert_rc(ffa_mem_reclaim(&vm2.ctx, h, 0), FFA_ERR_INVALID_PARAMETERS); /* not the owner */
	assert_rc(ffa_mem_svc_relinquish(&vm2.ctx, &bw, 0), 0);
	assert_rc(ffa_mem_reclaim(&vm.ctx, h, 0), 0);
	sp_stop(sp);
	client_close(&vm2);
	client_close(&vm);
}

Test(simd_mem, services_across_processes)
{
	static struct lender l;
	struct ffa_mem_region rgn = { .ranges = &l.it, .receivers = &l.r, .receiver_count = 1,
				      .attributes = FFA_MEM_SVC_ATTR_DEFAULT, .tag = 99 };
	struct ffa_mem_lent lent;
	uint64_t resp[FFA_MSG_DIRECT_WORDS];

	lender_start(&l);
	/* lend -> handle -> retrieve into an array -> relinquish -> reclaim */
	lender_ranges(&l, 2);
	assert_rc(ffa_mem_svc_lend(&l.vm.ctx, &rgn, &lent), 0);
	cr_assert(lent.live);
	cr_assert_eq(lent.op, FFA_MEM_OP_LEND);
	/* Too small an array: BUFFER_TOO_SMALL, the count, nothing mapped. */
	assert_rc(sp_ask_rc(&l.vm, CMD_SVC, lent.handle,
			    RW(VM1, FFA_MEM_RETRIEVE_TYPE_LEND, 0x11, PERM(P_RW_NX)), 1, 99, resp),
		  FFA_ERR_BUFFER_TOO_SMALL);
	cr_assert_eq(resp[1], 2);
	cr_assert_eq(resp[3], 1); /* not retrieved, nothing to relinquish */
	assert_rc(sp_ask_rc(&l.vm, CMD_SVC, lent.handle,
			    RW(VM1, FFA_MEM_RETRIEVE_TYPE_LEND, 0x11, PERM(P_RW_NX)), 4, 99, resp),
		  2);
	cr_assert_eq(resp[2], 2);
	assert_rc((int)(int32_t)resp[3], 0);
	cr_assert_eq(resp[4] >> 32, 99);                /* the tag */
	cr_assert_eq((uint16_t)(resp[4] >> 16), USER_SP); /* itself */
	assert_rc(ffa_mem_svc_reclaim(&l.vm.ctx, &lent, 0), 0);
	cr_assert_not(lent.live);
	assert_rc(ffa_mem_svc_reclaim(&l.vm.ctx, &lent, 0), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(l.mem[0], 0x11);
	cr_assert_eq(l.mem[2 * PAGE + 4095], 0x11);
	/* share of 300 pages (the generic entry point) -> retrieve_each
	 * (fragmented) -> back */
	lender_ranges(&l, MANY);
	assert_rc(ffa_mem_svc_send(&l.vm.ctx, FFA_MEM_OP_SHARE, &rgn, &lent), 0);
	cr_assert_eq(lent.op, FFA_MEM_OP_SHARE);
	assert_rc(sp_ask_rc(&l.vm, CMD_SVC_EACH, lent.handle,
			    RW(VM1, FFA_MEM_RETRIEVE_TYPE_SHARE, 0x22, PERM(P_RW)), 0, 99, resp),
		  MANY);
	cr_assert_eq(resp[2], MANY);
	assert_rc((int)(int32_t)resp[3], 0);
	cr_assert_eq(resp[4] & 0xFFFF, 0);
	assert_rc(ffa_mem_svc_reclaim(&l.vm.ctx, &lent, 0), 0);
	for (uint32_t i = 0; i < MANY; i++)
		cr_assert_eq(l.mem[2 * i * PAGE + 9], 0x22, "page %u", 2 * i);
	/* donate to the memory checker, which keeps it */
	l.r.id = MEMCHK;
	l.r.perm = P_NONE;
	rgn.tag = 0;
	cr_assert_eq(ffa_mem_range_array_iter(&l.st, &l.rg[1], 1, &l.it), 0);
	assert_rc(ffa_mem_svc_donate(&l.vm.ctx, &rgn, &lent), 0);
	assert_rc(client_memcheck(&l.vm, VM1, lent.handle, 0, 0x33, FFA_MEM_RETRIEVE_TYPE_DONATE,
				  resp),
		  0);
	cr_assert_eq(resp[0], 0);
	assert_rc(ffa_mem_svc_reclaim(&l.vm.ctx, &lent, 0), FFA_ERR_INVALID_PARAMETERS);
	lender_stop(&l);
}

Test(simd_mem, a_retrieve_the_borrower_refuses_half_way_is_undone)
{
	static struct lender l;
	uint64_t h, resp[FFA_MSG_DIRECT_WORDS];

	lender_start(&l);
	h = share_to_agent(&l, MANY);
	/* The sink refuses the 5th range: libffa fetches the other fragments,
	 * relinquishes, and reports the sink's error; nothing stays mapped. */
	assert_rc(sp_ask_rc(&l.vm, CMD_RETRIEVE, h,
			    RW(VM1, FFA_MEM_RETRIEVE_TYPE_SHARE, 0x44, R_SINK_FAILS), 0, 0, resp),
		  FFA_ERR_NO_MEMORY);
	cr_assert_eq(resp[1], 4);
	cr_assert_eq(resp[3], 0, "left mapped");
	assert_rc(ffa_mem_reclaim(&l.vm.ctx, h, 0), 0);
	/* And its RX buffer is free for the next retrieve (a share made
	 * with the services this time). */
	{
		struct ffa_mem_region rgn = { .ranges = lender_ranges(&l, MANY), .receivers = &l.r,
					      .receiver_count = 1,
					      .attributes = FFA_MEM_SVC_ATTR_DEFAULT };
		struct ffa_mem_lent lent;

		assert_rc(ffa_mem_svc_share(&l.vm.ctx, &rgn, &lent), 0);
		assert_rc(sp_ask_rc(&l.vm, CMD_RETRIEVE, lent.handle,
				    RW(VM1, FFA_MEM_RETRIEVE_TYPE_SHARE, 0x44, 0), 0, 0, resp),
			  0);
		assert_rc(ffa_mem_svc_reclaim(&l.vm.ctx, &lent, 0), 0);
	}
	cr_assert_eq(l.mem[4 * PAGE], 0x44);
	lender_stop(&l);
}

Test(simd_mem, retrieve_and_reclaim_by_the_wrong_endpoint_refused)
{
	struct client vm, vm2;
	uint64_t h = 0, resp[FFA_MSG_DIRECT_WORDS], pa = 0;
	uint32_t pages = 0;
	uint8_t *mem;
	pid_t sp;

	client_ready(&vm, VM1);
	client_ready(&vm2, VM2);
	sp = sp_start(&vm, memory_agent, CMD_PING);
	mem = ffa_conduit_socket_alloc(vm.s, 1);
	assert_rc(client_share(&vm, FFA_MEM_SHARE_32, USER_SP, mem, 1, &h), 0);
	/* VM2 is no borrower: refused, and it gets no arena. */
	assert_rc(client_retrieve(&vm2, VM1, h, FFA_MEM_RETRIEVE_TYPE_SHARE, &pa, &pages),
		  FFA_ERR_INVALID_PARAMETERS);
	assert_rc(ffa_rx_release(&vm2.ctx), FFA_ERR_DENIED); /* its RX was given back */
	assert_rc(ffa_mem_reclaim(&vm2.ctx, h, 0), FFA_ERR_INVALID_PARAMETERS);
	/* The wrong transaction type. */
	cr_assert_lt(sp_ask_rc(&vm, CMD_RETRIEVE, h, RW(VM1, FFA_MEM_RETRIEVE_TYPE_LEND, 1, 0), 0, 0,
			       resp),
		     0);
	assert_rc(ffa_mem_reclaim(&vm.ctx, h, 0), 0); /* nothing was granted */
	/* A handle that no longer exists. */
	assert_rc(sp_ask_rc(&vm, CMD_RETRIEVE, h, RW(VM1, FFA_MEM_RETRIEVE_TYPE_SHARE, 1, 0), 0, 0,
			    resp),
		  FFA_ERR_INVALID_PARAMETERS);
	sp_stop(sp);
	client_close(&vm2);
	client_close(&vm);
}

/* ---- What the simulator does not implement ------------------------------------ */

static unsigned int ranges_seen;

static int no_range(void *arg, uint64_t addr, uint32_t pages)
{
	(void)addr;
	(void)pages;
	(*(unsigned int *)arg)++;
	return FFA_ERR_PROTOCOL;
}

/* Caller buffers for descriptors: FEATURES says none (no dynamically
 * allocated buffer), and each typed call sends its buffer (x3 = address,
 * w4 = pages) and passes INVALID_PARAMETERS through with nothing left
 * behind; the TX path works right after. */
Test(simd_mem, caller_buffer_refused_cleanly_as_features_says)
{
	struct client vm, vm2;
	struct ffa_retrieve_props props;
	struct ffa_mem_receiver r = { .id = VM2, .perm = P_RW };
	struct ffa_mem_txn t = send_txn(VM1, &r, 1, FFA_MEM_ATTR_NORMAL_WB_INNER, 0);
	struct ffa_mem_range rg;
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	struct ffa_mem_xfer xfer = { .pages = 1 };
	struct ffa_mem_receiver me = { .id = VM2, .perm = P_RW };
	struct ffa_mem_txn req = { .kind = FFA_MEM_DESC_RETRIEVE_REQ, .sender = VM1,
				   .flags = FFA_MEM_RETRIEVE_FLAG_TYPE(FFA_MEM_RETRIEVE_TYPE_SHARE),
				   .receiver_count = 1, .receivers = &me };
	struct ffa_mem_retrieve_sink sink = { .range = NULL, .arg = &ranges_seen };
	uint64_t h = 1;
	bool mapped = true;
	uint8_t *mem;

	client_ready(&vm, VM1);
	client_ready(&vm2, VM2);
	assert_rc(ffa_features_mem_retrieve(&vm.ctx, true, &props), 0);
	cr_assert_not(props.dynamic_buffer);
	mem = ffa_conduit_socket_alloc(vm.s, 2);
	xfer.buf = ffa_conduit_socket_alloc(vm.s, 1);
	cr_assert(ffa_conduit_socket_va_to_pa(vm.s, mem, &rg.addr));
	rg.pages = 2;
	ffa_mem_range_array_iter(&st, &rg, 1, &it);
	assert_rc(ffa_mem_share(&vm.ctx, &t, &it, &xfer, &h), FFA_ERR_INVALID_PARAMETERS);
	cr_assert_eq(h, FFA_MEM_HANDLE_INVALID);
	t.attributes = 0;
	assert_rc(ffa_mem_lend(&vm.ctx, &t, &it, &xfer, &h), FFA_ERR_INVALID_PARAMETERS);
	r.perm = P_NONE;
	assert_rc(ffa_mem_donate(&vm.ctx, &t, &it, &xfer, &h), FFA_ERR_INVALID_PARAMETERS);
	cr_assert_eq(h, FFA_MEM_HANDLE_INVALID);
	/* The TX path, then a retrieve whose request is in a caller buffer. */
	r.perm = P_RW;
	t.attributes = FFA_MEM_ATTR_NORMAL_WB_INNER;
	assert_rc(ffa_mem_share(&vm.ctx, &t, &it, NULL, &h), 0);
	req.handle = h;
	sink.range = no_range;
	xfer.buf = ffa_conduit_socket_alloc(vm2.s, 1);
	assert_rc(ffa_mem_retrieve(&vm2.ctx, &req, &xfer, &sink, &mapped),
		  FFA_ERR_INVALID_PARAMETERS);
	cr_assert_not(mapped);
	cr_assert_eq(ranges_seen, 0);
	assert_rc(ffa_mem_reclaim(&vm.ctx, h, 0), 0); /* nobody retrieved it */
	client_close(&vm2);
	client_close(&vm);
}

/* MEM_PERM_GET/SET and time slicing (MEM_OP_PAUSE/RESUME) are not
 * simulated: FEATURES says so, the calls get NOT_SUPPORTED (from the SP
 * process too), a send asking for time slicing INVALID_PARAMETERS; the
 * hypervisor's retrieve (no receivers) INVALID_PARAMETERS. */
Test(simd_mem, perm_and_time_slicing_refused_as_the_simulator_answers)
{
	struct client vm;
	struct ffa_mem_receiver r = { .id = MEMCHK, .perm = P_RW };
	struct ffa_mem_txn t = send_txn(VM1, &r, 1, FFA_MEM_ATTR_NORMAL_WB_INNER, 0);
	struct ffa_mem_range rg;
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	static const uint32_t ids[] = { FFA_MEM_PERM_GET_32, FFA_MEM_PERM_GET_64,
					FFA_MEM_PERM_SET_32, FFA_MEM_PERM_SET_64,
					FFA_MEM_OP_PAUSE_32, FFA_MEM_OP_RESUME_32 };
	uint64_t h = 0, resp[FFA_MSG_DIRECT_WORDS];
	struct ffa_regs out;
	uint32_t perm = 0;
	uint8_t *mem;
	pid_t sp;

	client_ready(&vm, VM1);
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		assert_rc(ffa_features(&vm.ctx, ids[i], 0, NULL), FFA_ERR_NOT_SUPPORTED);
		cr_assert_eq(ffa_features_cached(&vm.ctx, ids[i]), 0);
	}
	assert_rc(ffa_mem_perm_get(&vm.ctx, ffa_conduit_socket_base(vm.s), &perm),
		  FFA_ERR_NOT_SUPPORTED);
	sp = sp_start(&vm, memory_agent, CMD_PING);
	assert_rc(sp_ask_rc(&vm, CMD_PERM, 0, 0, 0, 0, resp), FFA_ERR_NOT_SUPPORTED);
	assert_rc((int)(int32_t)resp[1], FFA_ERR_NOT_SUPPORTED);
	assert_rc((int)(int32_t)resp[2], FFA_ERR_NOT_SUPPORTED);
	sp_stop(sp);
	mem = ffa_conduit_socket_alloc(vm.s, 1);
	cr_assert(ffa_conduit_socket_va_to_pa(vm.s, mem, &rg.addr));
	rg.pages = 1;
	ffa_mem_range_array_iter(&st, &rg, 1, &it);
	assert_rc(ffa_mem_share(&vm.ctx, &t, &it, NULL, &h), 0);
	assert_rc(ffa_mem_op_resume(&vm.ctx, h, &out), FFA_ERR_NOT_SUPPORTED);
	/* The reclaim flag only permits pausing: accepted, never paused. */
	assert_rc(ffa_mem_reclaim(&vm.ctx, h, FFA_MEM_RECLAIM_FLAG_TIME_SLICE), 0);
	t.flags = FFA_MEM_FLAG_TIME_SLICE;
	assert_rc(ffa_mem_share(&vm.ctx, &t, &it, NULL, &h), FFA_ERR_INVALID_PARAMETERS);
	cr_assert_eq(h, FFA_MEM_HANDLE_INVALID);
	/* The hypervisor's retrieve (no receivers, ffa-memory.md 8.4) is not
	 * simulated either: refused, nothing mapped. */
	{
		struct client hyp;
		struct ffa_mem_txn req = { .kind = FFA_MEM_DESC_RETRIEVE_REQ, .sender = VM1 };
		struct ffa_mem_retrieve_sink sink = { .range = no_range, .arg = &ranges_seen };
		bool mapped = true;

		t.flags = 0;
		assert_rc(ffa_mem_share(&vm.ctx, &t, &it, NULL, &h), 0);
		client_ready(&hyp, HYP);
		req.handle = h;
		ranges_seen = 0;
		assert_rc(ffa_mem_retrieve(&hyp.ctx, &req, NULL, &sink, &mapped), FFA_ERR_INVALID_PARAMETERS);
		cr_assert_not(mapped);
		cr_assert_eq(ranges_seen, 0);
		assert_rc(ffa_mem_reclaim(&vm.ctx, h, 0), 0);
		client_close(&hyp);
	}
	client_close(&vm);
}

/* Hypervisor forwarding (a VM's transaction relayed by the hypervisor,
 * the VM's ID in FRAG_TX w4[31:16]) is not simulated: a descriptor whose
 * sender is not the caller is DENIED, nothing is kept, and the
 * hypervisor's own send works. */
#define FORWARD_REFUSED FFA_ERR_DENIED

Test(simd_mem, hypervisor_forwarding_refused)
{
	struct client hyp;
	struct ffa_mem_receiver r = { .id = MEMCHK, .perm = P_RW };
	struct ffa_mem_txn t = send_txn(VM1, &r, 1, FFA_MEM_ATTR_NORMAL_WB_INNER, 0);
	static struct ffa_mem_range rg[MANY];
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	struct ffa_mem_xfer fwd = { .forward = true };
	uint64_t h = 1;

	assert_rc(client_open(&hyp, HYP, 4u << 20, true), 0);
	scatter(&hyp, ffa_conduit_socket_alloc(hyp.s, 2 * MANY), rg, MANY);
	ffa_mem_range_array_iter(&st, rg, MANY, &it);
	assert_rc(ffa_mem_share(&hyp.ctx, &t, &it, &fwd, &h), FORWARD_REFUSED);
	cr_assert_eq(h, FFA_MEM_HANDLE_INVALID);
	t.sender = HYP;
	ffa_mem_range_array_iter(&st, rg, MANY, &it);
	assert_rc(ffa_mem_share(&hyp.ctx, &t, &it, NULL, &h), 0);
	assert_rc(ffa_mem_reclaim(&hyp.ctx, h, 0), 0);
	client_close(&hyp);
}
