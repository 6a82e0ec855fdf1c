/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fixtures for the simulator tests: a standard set of endpoints, memory
 * regions each endpoint may name, raw calls that check the simulator's
 * invariants after every operation, and libffa contexts on in-process
 * conduits.
 *
 * Endpoints of the standard configuration:
 *   HYP   0x0000  normal world, hypervisor/scheduler, 4 vCPUs
 *   VM    0x0001  normal world VM, 2 vCPUs
 *   ECHO  0x8001  built-in echo: direct (REQ, REQ2), indirect, notifications,
 *                 VM created/destroyed messages; UUIDs ECHO_UUID, SHARED_UUID
 *   NOTI  0x8002  built-in notifier: direct, notifications; NOTI_UUID
 *   EXT   0x8003  external SP played by the test: every messaging property;
 *                 EXT_UUID, SHARED_UUID; 2 vCPUs
 *   A32   0x8004  built-in echo, AArch32, direct requests only; A32_UUID
 *   QUIET 0x8005  built-in echo without direct messaging (indirect only); QUIET_UUID
 */
#ifndef SIM_TEST_H
#define SIM_TEST_H

#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include <ffa/ffa.h>
#include <ffa_sim/inproc.h>
#include <ffa_sim/partition.h>
#include <ffa_sim/sim.h>

#include "ffa_test.h"

#define HYP 0x0000u
#define VM 0x0001u
#define ECHO 0x8001u
#define NOTI 0x8002u
#define EXT 0x8003u
#define A32 0x8004u
#define QUIET 0x8005u
#define SPMC 0x8000u
#define NO_SUCH_SP 0x8077u
#define NO_SUCH_VM 0x0042u

/* Every endpoint in the standard configuration, for loops. */
#define STD_ENDPOINTS HYP, VM, ECHO, NOTI, EXT, A32, QUIET

#define REGION_SIZE (256u * 1024u)
#define MAX_EPS 8

/* UUIDs: distinct, non-Nil. */
static const struct ffa_uuid ECHO_UUID = { { 0xec, 0x40, 0x00, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 } };
static const struct ffa_uuid SHARED_UUID = { { 0x5a, 0x5e, 0xd0, 0x00, 9, 9, 9, 9, 1, 1, 1, 1, 2, 2, 2, 2 } };
static const struct ffa_uuid NOTI_UUID = { { 0x40, 0x71, 0x00, 0x02, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4 } };
static const struct ffa_uuid EXT_UUID = { { 0xe8, 0x7e, 0x00, 0x03, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3 } };
static const struct ffa_uuid A32_UUID = { { 0xa3, 0x20, 0x00, 0x04, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5 } };
static const struct ffa_uuid QUIET_UUID = { { 0x91, 0xe7, 0x00, 0x05, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6 } };
static const struct ffa_uuid UNKNOWN_UUID = { { 0xde, 0xad, 0xbe, 0xef, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7 } };

#define PROPS_ALL_MSG                                                                        \
	(FFA_PART_PROP_DIRECT_REQ_RECV | FFA_PART_PROP_DIRECT_REQ_SEND |                     \
	 FFA_PART_PROP_INDIRECT_MSG | FFA_PART_PROP_NOTIFICATION_RECV | FFA_PART_PROP_AARCH64 | \
	 FFA_PART_PROP_DIRECT_REQ2_RECV | FFA_PART_PROP_DIRECT_REQ2_SEND)

struct fx {
	struct ffa_sim *sim;
	void *storage;
	struct ffa_sim_config cfg;
	struct ffa_sim_endpoint_config eps[MAX_EPS];
	struct ffa_uuid echo_uuids[2], ext_uuids[2];
	struct ffa_sim_regions regions;
	struct ffa_sim_region region_tab[MAX_EPS];
	uint8_t *mem[MAX_EPS]; /* one region per non-built-in endpoint */
	uint16_t mem_owner[MAX_EPS];
	uint32_t nmem;
	uint32_t sri_seen;
	uint32_t wakes;
	uint16_t last_woken;
	/* libffa side */
	struct ffa_sim_inproc ip[MAX_EPS];
	struct ffa_conduit conduit[MAX_EPS];
	struct ffa_ctx ctx[MAX_EPS];
};

static inline void fx_sri_hook(void *arg, uint16_t scheduler)
{
	struct fx *f = (struct fx *)arg;

	(void)scheduler;
	f->sri_seen++;
}

static inline void *fx_map_hook(void *arg, uint16_t ep, uint64_t pa, uint64_t size)
{
	struct fx *f = (struct fx *)arg;

	return ffa_sim_regions_map(&f->regions, ep, pa, size);
}

static inline void fx_wake_hook(void *arg, uint16_t ep)
{
	struct fx *f = (struct fx *)arg;

	f->wakes++;
	f->last_woken = ep;
}

/* The standard configuration (see the file comment), not yet created:
 * adjust f->cfg / f->eps, then fx_create(). */
static inline void fx_config(struct fx *f)
{
	memset(f, 0, sizeof(*f));
	f->echo_uuids[0] = ECHO_UUID;
	f->echo_uuids[1] = SHARED_UUID;
	f->ext_uuids[0] = EXT_UUID;
	f->ext_uuids[1] = SHARED_UUID;
	f->eps[0] = (struct ffa_sim_endpoint_config){ .id = HYP, .exec_ctx_count = 4,
						      .flags = FFA_SIM_EP_HYPERVISOR };
	f->eps[1] = (struct ffa_sim_endpoint_config){ .id = VM, .exec_ctx_count = 2 };
	f->eps[2] = (struct ffa_sim_endpoint_config){
		.id = ECHO, .exec_ctx_count = 4,
		.properties = FFA_PART_PROP_DIRECT_REQ_RECV | FFA_PART_PROP_INDIRECT_MSG |
			      FFA_PART_PROP_NOTIFICATION_RECV | FFA_PART_PROP_AARCH64 |
			      FFA_PART_PROP_DIRECT_REQ2_RECV | FFA_PART_PROP_VM_CREATED |
			      FFA_PART_PROP_VM_DESTROYED,
		.uuids = f->echo_uuids, .uuid_count = 2, .ops = ffa_sim_echo_ops() };
	f->eps[3] = (struct ffa_sim_endpoint_config){
		.id = NOTI, .exec_ctx_count = 1,
		.properties = FFA_PART_PROP_DIRECT_REQ_RECV | FFA_PART_PROP_NOTIFICATION_RECV |
			      FFA_PART_PROP_AARCH64,
		.uuids = &NOTI_UUID, .uuid_count = 1, .ops = ffa_sim_notifier_ops() };
	f->eps[4] = (struct ffa_sim_endpoint_config){ .id = EXT, .exec_ctx_count = 2,
						      .properties = PROPS_ALL_MSG,
						      .uuids = f->ext_uuids, .uuid_count = 2 };
	f->eps[5] = (struct ffa_sim_endpoint_config){
		.id = A32, .exec_ctx_count = 1, .properties = FFA_PART_PROP_DIRECT_REQ_RECV,
		.uuids = &A32_UUID, .uuid_count = 1, .ops = ffa_sim_echo_ops(),
		.version = FFA_VERSION_1_1 };
	f->eps[6] = (struct ffa_sim_endpoint_config){
		.id = QUIET, .exec_ctx_count = 1,
		.properties = FFA_PART_PROP_INDIRECT_MSG | FFA_PART_PROP_AARCH64,
		.uuids = &QUIET_UUID, .uuid_count = 1, .ops = ffa_sim_echo_ops() };
	f->cfg.endpoints = f->eps;
	f->cfg.endpoint_count = 7;
	f->cfg.host.map = fx_map_hook;
	f->cfg.host.sri = fx_sri_hook;
	f->cfg.host.wake = fx_wake_hook;
	f->cfg.host.arg = f;
}

/* Create the simulator from f->cfg; every non-built-in endpoint gets a
 * REGION_SIZE region, 64 KiB aligned, named by its own address. */
static inline void fx_create(struct fx *f)
{
	size_t size;

	cr_assert_eq(ffa_sim_regions_init(&f->regions, f->region_tab, MAX_EPS), 0);
	for (uint32_t i = 0; i < f->cfg.endpoint_count; i++) {
		const struct ffa_sim_endpoint_config *e = &f->cfg.endpoints[i];

		if (e->ops)
			continue;
		cr_assert_lt(f->nmem, MAX_EPS);
		f->mem[f->nmem] = aligned_alloc(65536, REGION_SIZE);
		cr_assert(f->mem[f->nmem]);
		memset(f->mem[f->nmem], 0, REGION_SIZE);
		f->mem_owner[f->nmem] = e->id;
		cr_assert_eq(ffa_sim_regions_add(&f->regions, e->id,
						 (uint64_t)(uintptr_t)f->mem[f->nmem],
						 f->mem[f->nmem], REGION_SIZE),
			     0);
		f->nmem++;
	}
	cr_assert_eq(ffa_sim_storage_size(&f->cfg, &size), 0);
	f->storage = aligned_alloc(FFA_SIM_STORAGE_ALIGN, (size + 15) & ~(size_t)15);
	cr_assert(f->storage);
	cr_assert_eq(ffa_sim_create(&f->cfg, f->storage, size, &f->sim), 0);
}

static inline void fx_destroy(struct fx *f)
{
	for (uint32_t i = 0; i < f->nmem; i++)
		free(f->mem[i]);
	free(f->storage);
	f->nmem = 0;
	f->storage = NULL;
}

/* Memory of endpoint @ep (its region). */
static inline uint8_t *fx_mem(struct fx *f, uint16_t ep)
{
	for (uint32_t i = 0; i < f->nmem; i++)
		if (f->mem_owner[i] == ep)
			return f->mem[i];
	cr_assert_fail("no memory for endpoint 0x%x", ep);
	return NULL;
}

static inline uint64_t pa_of(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* Assert the invariants hold. */
#define fx_check(f)                                                                      \
	do {                                                                             \
		uint32_t _where = 0;                                                     \
		int _rc = ffa_sim_check((f)->sim, &_where);                              \
		cr_assert_eq(_rc, 0, "invariant %u broken at endpoint index %u",         \
			     _where >> 16, _where & 0xFFFFu);                            \
	} while (0)

/* One raw call that must be answered at once; invariants checked. */
static inline struct ffa_regs fx_call(struct fx *f, uint16_t ep, struct ffa_regs in)
{
	struct ffa_regs out;
	int rc;

	memset(&out, 0xA5, sizeof(out));
	rc = ffa_sim_call(f->sim, ep, &in, &out);
	cr_assert_eq(rc, 0, "call 0x%08x from 0x%04x: ffa_sim_call %d", (uint32_t)in.x[0], ep, rc);
	fx_check(f);
	return out;
}

/* One raw call that must block; invariants checked. */
static inline void fx_call_blocks(struct fx *f, uint16_t ep, struct ffa_regs in)
{
	struct ffa_regs out;
	int rc = ffa_sim_call(f->sim, ep, &in, &out);

	cr_assert_eq(rc, FFA_SIM_BLOCKED, "call 0x%08x from 0x%04x: %d (x0 0x%llx x2 0x%llx)",
		     (uint32_t)in.x[0], ep, rc, (unsigned long long)out.x[0],
		     (unsigned long long)out.x[2]);
	fx_check(f);
}

/* The answer a blocked endpoint must now have. */
static inline struct ffa_regs fx_take(struct fx *f, uint16_t ep)
{
	struct ffa_regs out;

	cr_assert_eq(ffa_sim_take_answer(f->sim, ep, &out), 1, "endpoint 0x%04x has no answer", ep);
	fx_check(f);
	return out;
}

/* FFA_VERSION for @ep; returns w0. */
static inline uint32_t fx_version(struct fx *f, uint16_t ep, uint32_t v)
{
	return (uint32_t)fx_call(f, ep, FRAME(FFA_VERSION_32, v)).x[0];
}

/* Map a one-page RX/TX pair for @ep at the start of its region (TX at 0,
 * RX at 64 KiB); returns the FF-A answer. */
static inline struct ffa_regs fx_map(struct fx *f, uint16_t ep)
{
	uint8_t *m = fx_mem(f, ep);

	return fx_call(f, ep, FRAME(FFA_RXTX_MAP_64, pa_of(m), pa_of(m + 65536), 1));
}

static inline uint8_t *fx_tx(struct fx *f, uint16_t ep)
{
	return fx_mem(f, ep);
}

static inline uint8_t *fx_rx(struct fx *f, uint16_t ep)
{
	return fx_mem(f, ep) + 65536;
}

/* Assert @r is FFA_ERROR with @code (low 32 bits of x2). */
#define assert_ffa_error(r, code)                                                        \
	do {                                                                             \
		struct ffa_regs _r = (r);                                                \
		cr_assert_eq((uint32_t)_r.x[0], FFA_ERROR_32,                            \
			     "expected FFA_ERROR(%d), got x0=0x%llx x2=0x%llx", (code),   \
			     (unsigned long long)_r.x[0], (unsigned long long)_r.x[2]);   \
		cr_assert_eq((int32_t)(uint32_t)_r.x[2], (code),                         \
			     "expected error %d (%s), got %d (%s)", (code),             \
			     ffa_strerror(code), (int32_t)(uint32_t)_r.x[2],              \
			     ffa_strerror((int32_t)(uint32_t)_r.x[2]));                   \
	} while (0)

/* Assert @r is FFA_SUCCESS_32 (or _64 when @is64). */
#define assert_ffa_success(r)                                                            \
	do {                                                                             \
		struct ffa_regs _r = (r);                                                \
		cr_assert((uint32_t)_r.x[0] == FFA_SUCCESS_32 ||                         \
				  (uint32_t)_r.x[0] == FFA_SUCCESS_64,                   \
			  "expected FFA_SUCCESS, got x0=0x%llx x2=0x%llx (%s)",           \
			  (unsigned long long)_r.x[0], (unsigned long long)_r.x[2],       \
			  (uint32_t)_r.x[0] == FFA_ERROR_32                              \
				  ? ffa_strerror((int32_t)(uint32_t)_r.x[2])              \
				  : "-");                                                 \
	} while (0)

/* The fixture of every test file, and the standard set-up / tear-down. */
static struct fx F;

static inline void fx_setup(void)
{
	fx_config(&F);
	fx_create(&F);
}

static inline void fx_teardown(void)
{
	fx_destroy(&F);
}

/* Replace the endpoints with VM and @n - 1 built-in echo partitions
 * 0x8101.. (AArch64, no messaging properties, one UUID each), stored in
 * @eps/@uuids (caller arrays of @n). Then fx_create(). */
static inline void fx_config_many(struct fx *f, struct ffa_sim_endpoint_config *eps,
				  struct ffa_uuid *uuids, unsigned int n)
{
	fx_config(f);
	eps[0] = f->eps[1];
	for (unsigned int i = 1; i < n; i++) {
		uuids[i] = UNKNOWN_UUID;
		uuids[i].b[15] = (uint8_t)i;
		eps[i] = (struct ffa_sim_endpoint_config){ .id = (uint16_t)(0x8100 + i),
							   .exec_ctx_count = 1,
							   .properties = FFA_PART_PROP_AARCH64,
							   .uuids = &uuids[i], .uuid_count = 1,
							   .ops = ffa_sim_echo_ops() };
	}
	f->cfg.endpoints = eps;
	f->cfg.endpoint_count = n;
}

/* EXT (negotiating @v) waits, then handles a REQ_32 from @from; returns
 * what EXT received. */
static inline struct ffa_regs fx_ext_serving(struct fx *f, uint16_t from, uint32_t v)
{
	fx_version(f, EXT, v);
	fx_call_blocks(f, EXT, FRAME(FFA_MSG_WAIT_32));
	fx_call_blocks(f, from, FRAME(FFA_MSG_SEND_DIRECT_REQ_32, ((uint32_t)from << 16) | EXT, 0,
				      10, 20, 30, 40, 50));
	return fx_take(f, EXT);
}

/* A libffa context for @ep on an in-process conduit (slot @slot). */
static inline struct ffa_ctx *fx_ctx(struct fx *f, unsigned int slot, uint16_t ep)
{
	cr_assert_lt(slot, MAX_EPS);
	cr_assert_eq(ffa_sim_inproc_init(&f->ip[slot], f->sim, ep, &f->conduit[slot]), 0);
	cr_assert_eq(ffa_ctx_init(&f->ctx[slot], &f->conduit[slot], NULL), 0);
	return &f->ctx[slot];
}

/* A libffa context for @ep (slot @slot) negotiated at @v (0: the newest),
 * own ID known, a one-page RX/TX pair mapped (fx_tx()/fx_rx()). */
static inline struct ffa_ctx *fx_ready(struct fx *f, unsigned int slot, uint16_t ep, uint32_t v)
{
	struct ffa_ctx *c = fx_ctx(f, slot, ep);
	uint16_t id = 0;

	assert_rc(ffa_version_negotiate(c, v), 0);
	assert_rc(ffa_id_get(c, &id), 0);
	cr_assert_eq(id, ep);
	assert_rc(ffa_rxtx_map(c, fx_tx(f, ep), fx_rx(f, ep), 1), 0);
	fx_check(f);
	return c;
}

/* ---- Memory: the memory checker, owned memory, many scattered pages ---------- */

#define MEMCHK 0x8006u /* built-in memory checker (ffa_sim_memcheck_ops()) */
#define OWN_OFF (128u * 1024u) /* owned memory: the second half of a region */
#define OWN_PAGES 32u
static const struct ffa_uuid MEMCHK_UUID = { { 0x3e, 0x3c, 0, 6, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8 } };

/* The standard configuration plus MEMCHK (direct requests), not yet created. */
static inline void fx_config_memchk(struct fx *f)
{
	fx_config(f);
	f->eps[7] = (struct ffa_sim_endpoint_config){
		.id = MEMCHK, .exec_ctx_count = 1,
		.properties = FFA_PART_PROP_DIRECT_REQ_RECV | FFA_PART_PROP_AARCH64,
		.uuids = &MEMCHK_UUID, .uuid_count = 1, .ops = ffa_sim_memcheck_ops() };
	f->cfg.endpoint_count = 8;
}

/* After fx_create(): every region's owner owns its second half
 * (OWN_PAGES pages from OWN_OFF) and may send it. */
static inline void fx_own_memory(struct fx *f)
{
	for (uint32_t i = 0; i < f->nmem; i++)
		cr_assert_eq(ffa_sim_memory_add(f->sim, f->mem_owner[i],
						pa_of(f->mem[i] + OWN_OFF), OWN_PAGES * 4096u, 0),
			     0);
}

/* Page @i of @ep's owned memory (fixture F). */
static inline uint64_t own(uint16_t ep, uint32_t i)
{
	return pa_of(fx_mem(&F, ep) + OWN_OFF + 4096u * i);
}

static inline uint8_t *own_ptr(uint16_t ep, uint32_t i)
{
	return fx_mem(&F, ep) + OWN_OFF + 4096u * i;
}

/* Assert @ep owns [@pa, @pa + @size) outright again (every page its own and
 * in no transaction): the memory is removed and added back. */
static inline void fx_assert_owned(struct fx *f, uint16_t ep, uint64_t pa, uint64_t size)
{
	cr_assert_eq(ffa_sim_memory_remove(f->sim, ep, pa, size), 0,
		     "0x%llx+0x%llx not free for 0x%04x", (unsigned long long)pa,
		     (unsigned long long)size, ep);
	cr_assert_eq(ffa_sim_memory_add(f->sim, ep, pa, size, 0), 0);
	fx_check(f);
}

#define MANY 300u

/* 2 x MANY extra pages of one endpoint; @r are every other page of them
 * (MANY ranges that cannot merge: descriptors of several fragments). */
struct big {
	uint8_t *mem;
	struct ffa_mem_range r[MANY];
};

/* @ep owns 2 x MANY pages more (a region of their own); free b->mem. */
static inline void fx_big_memory(struct fx *f, struct big *b, uint16_t ep)
{
	b->mem = aligned_alloc(4096, 2u * MANY * 4096u);
	cr_assert(b->mem);
	memset(b->mem, 0, 2u * MANY * 4096u);
	cr_assert_eq(ffa_sim_regions_add(&f->regions, ep, pa_of(b->mem), b->mem, 2u * MANY * 4096u),
		     0);
	cr_assert_eq(ffa_sim_memory_add(f->sim, ep, pa_of(b->mem), 2u * MANY * 4096u, 0), 0);
	for (unsigned int i = 0; i < MANY; i++) {
		b->r[i].addr = pa_of(b->mem) + 8192u * i;
		b->r[i].pages = 1;
	}
}

#endif /* SIM_TEST_H */
