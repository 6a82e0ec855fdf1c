/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory management through the simulator's call handler: SHARE ->
 * RETRIEVE_REQ (+ RX_RELEASE) -> RELINQUISH -> RECLAIM cycles per second
 * with 10 and with 100,000 other handles live, descriptors encoded by
 * libffa's desc layer into the TX buffers and decoded by the core, as a
 * client and the simulator do. The ratio of the time per cycle at 100,000
 * to that at 10 shows whether any step scans the live transactions (it
 * should stay near 1).
 *
 * Prints BENCH lines: cycles per second at each population, and the ratio.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ffa/ffa.h>
#include <ffa_sim/partition.h>
#include <ffa_sim/sim.h>

#define OWNER 0x0001u
#define BORROWER 0x8001u
#define BIG 100000u
#define BASE 0x100000000ull /* owned address space (never touched) */
#define CYCLES 10000u
#define ROUNDS 9

static _Alignas(4096) uint8_t bufs[2][2][4096]; /* [endpoint][tx, rx] */

static struct ffa_sim_region region_tab[2];
static struct ffa_sim_regions regions;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static struct ffa_regs call(struct ffa_sim *sim, uint16_t ep, struct ffa_regs in)
{
	if (ffa_sim_call(sim, ep, &in, &in) != 0) {
		fprintf(stderr, "bench: call 0x%08x from 0x%04x blocked or refused\n",
			(uint32_t)in.x[0], ep);
		exit(1);
	}
	return in;
}

static void expect(struct ffa_regs r, uint32_t fid, const char *what)
{
	if ((uint32_t)r.x[0] != fid) {
		fprintf(stderr, "bench: %s: x0 0x%llx x2 0x%llx\n", what,
			(unsigned long long)r.x[0], (unsigned long long)r.x[2]);
		exit(1);
	}
}

static uint64_t share(struct ffa_sim *sim, uint64_t page)
{
	struct ffa_mem_receiver rcv = {
		.id = BORROWER,
		.perm = ffa_mem_perm_make(FFA_MEM_DATA_RW, FFA_MEM_INSTR_NOT_SPECIFIED),
	};
	struct ffa_mem_txn txn = { .version = FFA_VERSION_1_2, .kind = FFA_MEM_DESC_SEND,
				   .sender = OWNER, .attributes = FFA_MEM_ATTR_NORMAL_WB_INNER,
				   .receiver_count = 1, .receivers = &rcv };
	struct ffa_mem_range range = { BASE + page * 4096u, 1 };
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	struct ffa_regs r;
	int len;

	ffa_mem_range_array_iter(&st, &range, 1, &it);
	len = ffa_mem_desc_encode(&txn, &it, bufs[0][0], 4096);
	r = call(sim, OWNER, (struct ffa_regs){ { FFA_MEM_SHARE_32, (uint32_t)len, (uint32_t)len } });
	expect(r, FFA_SUCCESS_32, "share");
	return ffa_mem_handle_make((uint32_t)r.x[2], (uint32_t)r.x[3]);
}

/* One cycle on a fresh handle for @page. */
static void cycle(struct ffa_sim *sim, uint64_t page)
{
	uint64_t h = share(sim, page);
	struct ffa_mem_receiver me = {
		.id = BORROWER,
		.perm = ffa_mem_perm_make(FFA_MEM_DATA_RW, FFA_MEM_INSTR_NOT_SPECIFIED),
	};
	struct ffa_mem_txn req = { .version = FFA_VERSION_1_2, .kind = FFA_MEM_DESC_RETRIEVE_REQ,
				   .sender = OWNER, .handle = h, .receiver_count = 1,
				   .receivers = &me };
	uint16_t id = BORROWER;
	int len = ffa_mem_retrieve_req_encode(&req, bufs[1][0], 4096);

	expect(call(sim, BORROWER, (struct ffa_regs){ { FFA_MEM_RETRIEVE_REQ_32, (uint32_t)len,
							(uint32_t)len } }),
	       FFA_MEM_RETRIEVE_RESP_32, "retrieve");
	expect(call(sim, BORROWER, (struct ffa_regs){ { FFA_RX_RELEASE_32 } }), FFA_SUCCESS_32,
	       "release");
	ffa_mem_relinquish_encode(h, 0, &id, 1, bufs[1][0], 4096);
	expect(call(sim, BORROWER, (struct ffa_regs){ { FFA_MEM_RELINQUISH_32 } }), FFA_SUCCESS_32,
	       "relinquish");
	expect(call(sim, OWNER, (struct ffa_regs){ { FFA_MEM_RECLAIM_32, ffa_mem_handle_lo(h),
						     ffa_mem_handle_hi(h) } }),
	       FFA_SUCCESS_32, "reclaim");
}

static struct ffa_sim *make(void **storage)
{
	static const struct ffa_uuid uuid = { { 0xbe, 0x7c, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
						13, 14 } };
	static const struct ffa_sim_endpoint_config eps[2] = {
		{ .id = OWNER, .exec_ctx_count = 1 },
		{ .id = BORROWER, .exec_ctx_count = 1,
		  .properties = FFA_PART_PROP_DIRECT_REQ_RECV | FFA_PART_PROP_AARCH64,
		  .uuids = &uuid, .uuid_count = 1 },
	};
	struct ffa_sim_config cfg = {
		.endpoints = eps, .endpoint_count = 2,
		.host = { .map = ffa_sim_regions_map, .arg = &regions },
		.mem = { .max_txns = BIG + 16, .max_receivers = BIG + 16,
			 .max_ranges = 2 * BIG + 64, .seed = 0x5eed },
	};
	struct ffa_sim *sim;
	size_t size;

	ffa_sim_regions_init(&regions, region_tab, 2);
	for (int e = 0; e < 2; e++)
		ffa_sim_regions_add(&regions, eps[e].id, (uint64_t)(uintptr_t)bufs[e], bufs[e],
				    sizeof(bufs[e]));
	if (ffa_sim_storage_size(&cfg, &size) ||
	    !(*storage = aligned_alloc(FFA_SIM_STORAGE_ALIGN, (size + 15) & ~(size_t)15)) ||
	    ffa_sim_create(&cfg, *storage, size, &sim) ||
	    ffa_sim_memory_add(sim, OWNER, BASE, (uint64_t)(BIG + 16) * 4096u, 0)) {
		fprintf(stderr, "bench: cannot create the simulator\n");
		exit(1);
	}
	for (int e = 0; e < 2; e++) {
		uint64_t tx = (uint64_t)(uintptr_t)bufs[e][0], rx = (uint64_t)(uintptr_t)bufs[e][1];

		call(sim, eps[e].id, (struct ffa_regs){ { FFA_VERSION_32, FFA_VERSION_1_2 } });
		expect(call(sim, eps[e].id, (struct ffa_regs){ { FFA_RXTX_MAP_64, tx, rx, 1 } }),
		       FFA_SUCCESS_32, "map");
	}
	return sim;
}

/* A simulator with @live other handles outstanding. */
static struct ffa_sim *populated(uint32_t live, void **storage)
{
	struct ffa_sim *sim = make(storage);

	for (uint32_t i = 0; i < live; i++)
		share(sim, 16 + i); /* pages 16.. stay shared */
	return sim;
}

/* Seconds per cycle for one round on @sim. */
static double round_on(struct ffa_sim *sim)
{
	double t0 = now();

	for (uint32_t i = 0; i < CYCLES; i++)
		cycle(sim, i & 15u);
	return (now() - t0) / CYCLES;
}

int main(void)
{
	void *st_small = NULL, *st_big = NULL;
	struct ffa_sim *small = populated(10, &st_small), *big = populated(BIG, &st_big);
	double best_small = 1e9, best_big = 1e9;

	/* Rounds alternate between the two so that load on the machine hits
	 * both alike; the best round of each counts. */
	for (int round = 0; round < ROUNDS; round++) {
		double a = round_on(small), b = round_on(big);

		best_small = a < best_small ? a : best_small;
		best_big = b < best_big ? b : best_big;
	}
	if (ffa_sim_check(small, NULL) || ffa_sim_check(big, NULL)) {
		fprintf(stderr, "bench: invariants broken\n");
		return 1;
	}
	printf("BENCH sim_mem_cycle_live_10 %.0f cycles/s\n", 1.0 / best_small);
	printf("BENCH sim_mem_cycle_live_100000 %.0f cycles/s\n", 1.0 / best_big);
	printf("BENCH sim_mem_cycle_ratio_100000_vs_10 %.3f x\n", best_big / best_small);
	free(st_small);
	free(st_big);
	return 0;
}
