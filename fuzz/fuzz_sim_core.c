/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz target for the simulator core's call handler: random register frames
 * and buffer contents from several endpoints (normal world and external
 * partitions), interleaved with answer collection and host interrupts.
 * After every step the simulator's own invariant checker must pass, and
 * every answer frame must be well formed; any violation aborts.
 *
 * Input: a byte stream of steps. Each step is an opcode byte followed by
 * its operands (missing bytes read as zero):
 *   0: call      endpoint, function selector, 7 argument selectors (+ data)
 *   1: take      endpoint (collect a blocked call's answer)
 *   2: interrupt endpoint, interrupt ID
 *   3: write     endpoint, offset (2), length, bytes (into its TX buffer)
 *   4: map       endpoint (a valid RXTX_MAP of its buffers)
 *   5: version   endpoint, minor
 *   6: send desc endpoint, receiver, perm, version, attributes, flags, ranges
 *                (a DONATE/LEND/SHARE descriptor of its own memory, in TX)
 *   7: retrieve  endpoint, version, perm, owner, flags (a retrieve request
 *                for the last handle seen, in TX)
 *   8: relinq.   endpoint, flags (a relinquish descriptor for that handle)
 *   9: gone      endpoint, which (ffa_sim_abort() or ffa_sim_endpoint_reset())
 * Each endpoint owns pages 1-7 and 9-15 of its arena (TX is page 0, RX 8).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <ffa/defs.h>
#include <ffa/desc.h>
#include <ffa/error.h>
#include <ffa_sim/partition.h>
#include <ffa_sim/sim.h>

#define NEP 7
#define ARENA (64u * 1024u)

static const uint16_t ids[NEP] = { 0x0000, 0x0001, 0x8001, 0x8002, 0x8003, 0x8004, 0x8005 };
/* Endpoints a host may call as (not the built-ins 0x8001/2/5). */
static const uint16_t callers[] = { 0x0000, 0x0001, 0x8003, 0x8004 };

static _Alignas(65536) uint8_t arena[4][ARENA];
static _Alignas(16) uint8_t storage[256 * 1024];
static uint64_t last_handle; /* the last memory handle an answer carried */
static uint32_t last_len;    /* length of the last descriptor encoded */

static const uint32_t fids[] = {
	FFA_ERROR_32, FFA_SUCCESS_32, FFA_INTERRUPT_32, FFA_VERSION_32, FFA_FEATURES_32,
	FFA_RX_RELEASE_32, FFA_RXTX_MAP_32, FFA_RXTX_MAP_64, FFA_RXTX_UNMAP_32,
	FFA_PARTITION_INFO_GET_32, FFA_ID_GET_32, FFA_MSG_WAIT_32, FFA_YIELD_32, FFA_RUN_32,
	FFA_MSG_SEND_DIRECT_REQ_32, FFA_MSG_SEND_DIRECT_REQ_64, FFA_MSG_SEND_DIRECT_RESP_32,
	FFA_MSG_SEND_DIRECT_RESP_64, FFA_MEM_SHARE_64, FFA_MEM_RETRIEVE_REQ_64,
	FFA_MEM_RELINQUISH_32, FFA_MEM_RECLAIM_32, FFA_NOTIFICATION_BITMAP_CREATE_32,
	FFA_NOTIFICATION_BITMAP_DESTROY_32, FFA_NOTIFICATION_BIND_32, FFA_NOTIFICATION_UNBIND_32,
	FFA_NOTIFICATION_SET_32, FFA_NOTIFICATION_GET_32, FFA_NOTIFICATION_INFO_GET_32,
	FFA_NOTIFICATION_INFO_GET_64, FFA_RX_ACQUIRE_32, FFA_SPM_ID_GET_32, FFA_MSG_SEND2_32,
	FFA_CONSOLE_LOG_32, FFA_CONSOLE_LOG_64, FFA_PARTITION_INFO_GET_REGS_64,
	FFA_MSG_SEND_DIRECT_REQ2_64, FFA_MSG_SEND_DIRECT_RESP2_64,
};

struct in {
	const uint8_t *p;
	size_t n;
};

static uint8_t byte(struct in *in)
{
	uint8_t b = 0;

	if (in->n) {
		b = *in->p++;
		in->n--;
	}
	return b;
}

static uint64_t bytes(struct in *in, unsigned int k)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < k; i++)
		v |= (uint64_t)byte(in) << (8 * i);
	return v;
}

static void *map(void *arg, uint16_t ep, uint64_t pa, uint64_t size)
{
	(void)arg;
	for (int i = 0; i < 4; i++) {
		uint64_t base = (uint64_t)(uintptr_t)arena[i];

		if ((ep != callers[i] && ep != FFA_SIM_MAP_PM) || pa < base || size > ARENA ||
		    pa - base > ARENA - size)
			continue;
		return arena[i] + (pa - base);
	}
	return NULL;
}

/* An argument register, picked by a selector byte. */
static uint64_t arg(struct in *in, int me)
{
	uint8_t sel = byte(in);

	switch (sel & 7) {
	case 0:
		return 0;
	case 1: /* small, or the last descriptor's length */
		return (sel >> 3) >= 28 ? last_len : (uint64_t)(sel >> 3);
	case 2: /* an ID pair: sender:receiver */
		return ((uint64_t)ids[byte(in) % NEP] << 16) | ids[byte(in) % NEP];
	case 3: /* a page of the caller's arena */
		return (uint64_t)(uintptr_t)arena[me] + 4096u * (byte(in) % 16);
	case 4:
		return bytes(in, 4);
	case 5:
		return bytes(in, 8);
	case 6: /* a bitmap bit */
		return 1ull << (byte(in) % 32);
	default: /* an ID, or a half of the last handle */
		sel = byte(in);
		if (sel & 0x80)
			return (sel & 1) ? ffa_mem_handle_hi(last_handle)
					 : ffa_mem_handle_lo(last_handle);
		return ids[sel % NEP];
	}
}

static const uint32_t versions[] = { FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2 };

/* Op 6: a send descriptor of @me's memory into its TX buffer. */
static void encode_send(struct in *in, int me)
{
	static const uint16_t attrs[] = { 0, FFA_MEM_ATTR_NORMAL_WB_INNER, 0x2E, 0x10 };
	struct ffa_mem_receiver r = { .id = ids[byte(in) % NEP], .perm = byte(in) & 0xF };
	struct ffa_mem_txn txn = { .version = versions[byte(in) % 3], .kind = FFA_MEM_DESC_SEND,
				   .sender = callers[me], .receiver_count = 1, .receivers = &r };
	struct ffa_mem_range ranges[3];
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	unsigned int n;

	txn.attributes = attrs[byte(in) % 4];
	txn.flags = byte(in) & 3u;
	n = 1 + byte(in) % 3;
	for (unsigned int i = 0; i < n; i++) {
		unsigned int page = 1 + byte(in) % 15;

		ranges[i].addr = (uint64_t)(uintptr_t)arena[me] + 4096u * page;
		ranges[i].pages = 1 + byte(in) % 2;
	}
	if (ffa_mem_range_array_iter(&st, ranges, n, &it) == 0) {
		int len = ffa_mem_desc_encode(&txn, &it, arena[me], 4096);

		last_len = len > 0 ? (uint32_t)len : 0;
	}
}

/* Op 7: a retrieve request for the last handle into @me's TX buffer. */
static void encode_retrieve(struct in *in, int me)
{
	uint32_t v = versions[byte(in) % 3];
	struct ffa_mem_receiver r = { .id = callers[me], .perm = byte(in) & 0xF };
	struct ffa_mem_txn txn = { .version = v, .kind = FFA_MEM_DESC_RETRIEVE_REQ,
				   .sender = ids[byte(in) % NEP], .handle = last_handle,
				   .receiver_count = 1, .receivers = &r };
	int len;

	txn.flags = (uint32_t)byte(in) & 0x1Fu;
	len = ffa_mem_retrieve_req_encode(&txn, arena[me], 4096);
	last_len = len > 0 ? (uint32_t)len : 0;
}

static bool sign_extended;

/* Remember handles the simulator hands out, for later operations. */
static void note_handle(const struct ffa_regs *r)
{
	uint32_t w0 = (uint32_t)r->x[0];

	if (w0 == FFA_SUCCESS_32 && (r->x[2] | r->x[3]))
		last_handle = ffa_mem_handle_make((uint32_t)r->x[2], (uint32_t)r->x[3]);
	else if (w0 == FFA_MEM_FRAG_RX_32 || w0 == FFA_MEM_FRAG_TX_32)
		last_handle = ffa_mem_handle_make((uint32_t)r->x[1], (uint32_t)r->x[2]);
}

static void check_answer(const struct ffa_regs *r)
{
	uint32_t w0 = (uint32_t)r->x[0];

	/* An FFA_ERROR carries a code in -1..-10 and nothing else. */
	if (w0 == FFA_ERROR_32) {
		int32_t code = (int32_t)(uint32_t)r->x[2];
		uint64_t hi = sign_extended ? 0xFFFFFFFFu : 0;

		if (code > -1 || code < -10 || r->x[1] || (r->x[2] >> 32) != hi)
			__builtin_trap();
		for (unsigned int i = 3; i < FFA_REGS_COUNT; i++)
			if (r->x[i])
				__builtin_trap();
	}
}

static struct ffa_sim *create(enum ffa_sim_profile profile)
{
	static const struct ffa_uuid u[5] = {
		{ { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 } },
		{ { 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 } },
		{ { 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3 } },
		{ { 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4 } },
		{ { 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5 } },
	};
	const uint32_t all = FFA_PART_PROP_DIRECT_REQ_RECV | FFA_PART_PROP_DIRECT_REQ_SEND |
			     FFA_PART_PROP_INDIRECT_MSG | FFA_PART_PROP_NOTIFICATION_RECV |
			     FFA_PART_PROP_AARCH64 | FFA_PART_PROP_DIRECT_REQ2_RECV |
			     FFA_PART_PROP_DIRECT_REQ2_SEND;
	const struct ffa_sim_endpoint_config eps[NEP] = {
		{ .id = 0x0000, .exec_ctx_count = 2, .flags = FFA_SIM_EP_HYPERVISOR },
		{ .id = 0x0001, .exec_ctx_count = 2 },
		{ .id = 0x8001, .exec_ctx_count = 2, .properties = all, .uuids = &u[0],
		  .uuid_count = 1, .ops = ffa_sim_echo_ops() },
		{ .id = 0x8002, .exec_ctx_count = 1, .properties = all, .uuids = &u[1],
		  .uuid_count = 1, .ops = ffa_sim_notifier_ops() },
		{ .id = 0x8003, .exec_ctx_count = 2, .properties = all, .uuids = &u[2],
		  .uuid_count = 1 },
		{ .id = 0x8004, .exec_ctx_count = 1, .properties = all, .uuids = &u[3],
		  .uuid_count = 1 },
		{ .id = 0x8005, .exec_ctx_count = 1, .properties = all, .uuids = &u[4],
		  .uuid_count = 1, .ops = ffa_sim_memcheck_ops() },
	};
	/* Small pools: exhaustion paths are reached, the checker stays fast. */
	struct ffa_sim_config cfg = { .endpoints = eps, .endpoint_count = NEP,
				      .host = { .map = map },
				      .mem = { .max_txns = 8, .max_receivers = 16,
					       .max_ranges = 64 } };
	struct ffa_sim *sim = NULL;
	size_t size;

	if (ffa_sim_quirks_profile(profile, &cfg.quirks))
		__builtin_trap();
	sign_extended = cfg.quirks.error_sign_extend;
	if (ffa_sim_storage_size(&cfg, &size) || size > sizeof(storage) ||
	    ffa_sim_create(&cfg, storage, sizeof(storage), &sim))
		__builtin_trap();
	return sim;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	struct ffa_sim *sim;

	memset(arena, 0, sizeof(arena));
	last_handle = 0;
	last_len = 0;
	/* The first byte picks a quirk profile. */
	sim = create((enum ffa_sim_profile)(byte(&in) % 4));
	for (int i = 0; i < 4; i++) {
		uint64_t base = (uint64_t)(uintptr_t)arena[i];

		if (ffa_sim_memory_add(sim, callers[i], base + 4096u, 7u * 4096u, 0) ||
		    ffa_sim_memory_add(sim, callers[i], base + 9u * 4096u, 7u * 4096u, 0))
			__builtin_trap();
	}
	for (unsigned int steps = 0; in.n && steps < 256; steps++) {
		uint8_t op = byte(&in) % 10;
		int me = byte(&in) % 4;
		uint16_t ep = callers[me];
		struct ffa_regs r;
		int rc;

		memset(&r, 0, sizeof(r));
		switch (op) {
		case 0: {
			uint8_t f = byte(&in);

			r.x[0] = f < 0xF0 ? fids[f % (sizeof(fids) / sizeof(fids[0]))]
					  : bytes(&in, 4);
			for (unsigned int i = 1; i < 8; i++)
				r.x[i] = arg(&in, me);
			if (byte(&in) == 0xFF)
				for (unsigned int i = 8; i < FFA_REGS_COUNT; i++)
					r.x[i] = arg(&in, me);
			rc = ffa_sim_call(sim, ep, &r, &r);
			if (rc == 0) {
				check_answer(&r);
				note_handle(&r);
			}
			else if (rc != FFA_SIM_BLOCKED && rc != FFA_ERR_BAD_ARGUMENT)
				__builtin_trap();
			break;
		}
		case 1:
			rc = ffa_sim_take_answer(sim, ep, &r);
			if (rc == 1) {
				check_answer(&r);
				note_handle(&r);
			}
			break;
		case 2:
			(void)ffa_sim_interrupt(sim, ep, byte(&in));
			break;
		case 3: {
			uint32_t off = (uint32_t)bytes(&in, 2) % 4096, len = byte(&in);

			for (uint32_t i = 0; i < len && off + i < 4096; i++)
				arena[me][off + i] = byte(&in);
			break;
		}
		case 4:
			r.x[0] = FFA_RXTX_MAP_64;
			r.x[1] = (uint64_t)(uintptr_t)arena[me];
			r.x[2] = (uint64_t)(uintptr_t)arena[me] + 32768;
			r.x[3] = 1;
			(void)ffa_sim_call(sim, ep, &r, &r);
			break;
		case 5:
			r.x[0] = FFA_VERSION_32;
			r.x[1] = FFA_VERSION_MAKE(1, byte(&in) % 4);
			(void)ffa_sim_call(sim, ep, &r, &r);
			break;
		case 6:
			encode_send(&in, me);
			break;
		case 7:
			encode_retrieve(&in, me);
			break;
		case 8: {
			uint16_t self = ep;

			(void)ffa_mem_relinquish_encode(last_handle, byte(&in) & 1u, &self, 1,
							arena[me], 4096);
			break;
		}
		default:
			/* Its client goes away: aborted, or forgotten altogether. */
			rc = byte(&in) & 1u ? ffa_sim_endpoint_reset(sim, ep) : ffa_sim_abort(sim, ep);
			if (rc < 0)
				__builtin_trap();
			break;
		}
		if (ffa_sim_check(sim, NULL))
			__builtin_trap();
	}
	return 0;
}
