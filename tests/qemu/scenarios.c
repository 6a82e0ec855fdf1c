/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The normal-world test program of the QEMU system-test images (EL1): libffa
 * over the real smc (or hvc) conduit against the monitor's simulator. Every
 * check prints nothing when it holds and a "FAIL: <scenario>: ..." line when
 * not; every scenario ends with "ok <n> - <name>" or "not ok <n> - <name>";
 * the last line is "PASS: ..." only when every check held. The run ends
 * through semihosting with status 0 (pass) or 1.
 */
#include <ffa/conduit_smccc.h>
#include <ffa/ffa.h>
#include <ffa_sim/partition.h>

#include "platform.h"

#ifdef FFA_QEMU_HVC
#define CONDUIT_NAME "hvc"
#define conduit_setup ffa_conduit_hvc
#define conduit_routine ffa__smccc_hvc
#else
#define CONDUIT_NAME "smc"
#define conduit_setup ffa_conduit_smc
#define conduit_routine ffa__smccc_smc
#endif

/* The conduit's assembly routine (conduits/smccc_aarch64.S.inc) and the
 * probe around it (probe.S). */
int conduit_routine(const struct ffa_regs *in, struct ffa_regs *out);
int conduit_probe(const struct ffa_regs *in, struct ffa_regs *out, uint64_t seen[14],
		  int (*call)(const struct ffa_regs *, struct ffa_regs *));

#define PAGE 4096u
/* Pages shared in the memory scenario: every other page of the pool, so
 * each is its own range and the descriptors (send and retrieve response)
 * need more than one 4 KiB buffer: fragmentation both ways. */
#define SHARE_RANGES 300u

/* RX/TX buffers: section .ffa_buffers, which link.ld places in the normal
 * world's RAM region (the page pool, qemu_ns_pool, is in platform.c). */
static uint8_t ns_tx[PAGE] __attribute__((aligned(PAGE), section(".ffa_buffers")));
static uint8_t ns_rx[PAGE] __attribute__((aligned(PAGE), section(".ffa_buffers")));

static struct ffa_ctx ctx;
static const char *scenario;
static unsigned int n_scenarios, n_checks, n_failures, scenario_failures;

static void check(int ok, const char *what, int64_t got, int line)
{
	n_checks++;
	if (ok)
		return;
	n_failures++;
	scenario_failures++;
	uart_puts("FAIL: ");
	uart_puts(scenario);
	uart_puts(": ");
	uart_puts(what);
	uart_puts(" (got ");
	uart_put_hex((uint64_t)got);
	uart_puts(", line ");
	uart_put_dec((uint64_t)line);
	uart_puts(")\n");
}

/* CHECK_EQ(expr, want): both evaluated once, compared as 64-bit values. */
#define CHECK_EQ(expr, want)                                                         \
	do {                                                                         \
		int64_t got_ = (int64_t)(expr);                                      \
		check(got_ == (int64_t)(want), #expr " == " #want, got_, __LINE__); \
	} while (0)

static void begin(const char *name)
{
	scenario = name;
	scenario_failures = 0;
}

static void end(void)
{
	n_scenarios++;
	uart_puts(scenario_failures ? "not ok " : "ok ");
	uart_put_dec(n_scenarios);
	uart_puts(" - ");
	uart_puts(scenario);
	uart_puts("\n");
}

static void scenario_version(void)
{
	uint32_t pm = 0;

	begin("version");
	CHECK_EQ(ffa_version(&ctx, FFA_VERSION_1_2, &pm), 0);
	CHECK_EQ(pm, FFA_VERSION_1_2);
	CHECK_EQ(ffa_version_negotiate(&ctx, FFA_VERSION_1_2), 0);
	CHECK_EQ(ffa_ctx_version(&ctx), FFA_VERSION_1_2);
	end();
}

/* The conduit on the real instruction: x0..x17 carry the call and the
 * answer, x18..x29 and SP come back unchanged (SMCCC 1.2, AAPCS64). */
static void scenario_conduit_registers(void)
{
	struct ffa_regs in = { { FFA_VERSION_32, FFA_VERSION_1_2 } }, out;
	uint64_t seen[14];

	begin("conduit registers");
	for (unsigned int i = 0; i < FFA_REGS_COUNT; i++)
		out.x[i] = 0xDEADu;
	CHECK_EQ(conduit_probe(&in, &out, seen, conduit_routine), 0);
	CHECK_EQ(out.x[0], FFA_VERSION_1_2);
	for (unsigned int i = 1; i < FFA_REGS_COUNT; i++)
		CHECK_EQ(out.x[i], 0); /* the answer defines only w0 */
	for (unsigned int n = 18; n <= 29; n++) /* xNN holds 0xNN00 */
		CHECK_EQ(seen[n - 18], ((n / 10u) << 12) | ((n % 10u) << 8));
	CHECK_EQ(seen[13], seen[12]);
	/* In place, as the instruction itself works. */
	CHECK_EQ(conduit_probe(&in, &in, seen, conduit_routine), 0);
	CHECK_EQ(in.x[0], FFA_VERSION_1_2);
	CHECK_EQ(seen[11], 0x2900u);
	end();
}

static void scenario_features_ids(void)
{
	struct ffa_features f;
	struct ffa_rxtx_props props;
	uint16_t id = 0xFFFF;

	begin("features and IDs");
	CHECK_EQ(ffa_features(&ctx, FFA_MSG_SEND_DIRECT_REQ_64, 0, &f), 0);
	CHECK_EQ(ffa_features(&ctx, FFA_MSG_SEND_DIRECT_REQ2_64, 0, &f), 0);
	CHECK_EQ(ffa_features(&ctx, FFA_MEM_SHARE_32, 0, &f), 0);
	CHECK_EQ(ffa_features(&ctx, FFA_NOTIFICATION_INFO_GET_64, 0, &f), 0);
	CHECK_EQ(ffa_features(&ctx, FFA_FID32(0xFF), 0, &f), FFA_ERR_NOT_SUPPORTED);
	CHECK_EQ(ffa_features_rxtx_map(&ctx, &props), 0);
	CHECK_EQ(props.min_size, PAGE);
	CHECK_EQ(ffa_id_get(&ctx, &id), 0);
	CHECK_EQ(id, QEMU_NS_ID);
	CHECK_EQ(ffa_spm_id_get(&ctx, &id), 0);
	CHECK_EQ(id, 0x8000);
	CHECK_EQ(ffa_rxtx_map(&ctx, ns_tx, ns_rx, 1), 0);
	end();
}

static void scenario_partition_info(void)
{
	static const struct ffa_uuid unknown = { { 0x01, 0x02, 0x03 } };
	struct ffa_partition_info info[8];
	uint32_t total = 0, count = 0;

	begin("partition info");
	CHECK_EQ(ffa_partition_info_get(&ctx, (const struct ffa_uuid *)0, info, 8, &total), 3);
	CHECK_EQ(total, 3);
	CHECK_EQ(info[0].id, QEMU_ECHO_ID);
	CHECK_EQ(info[1].id, QEMU_MEMCHECK_ID);
	CHECK_EQ(info[2].id, QEMU_NOTIFIER_ID);
	CHECK_EQ(info[0].properties & FFA_PART_PROP_DIRECT_REQ2_RECV,
		 FFA_PART_PROP_DIRECT_REQ2_RECV);
	CHECK_EQ(info[2].properties & FFA_PART_PROP_NOTIFICATION_RECV,
		 FFA_PART_PROP_NOTIFICATION_RECV);
	CHECK_EQ(ffa_partition_info_get(&ctx, &qemu_memcheck_uuid, info, 8, &total), 1);
	CHECK_EQ(info[0].id, QEMU_MEMCHECK_ID);
	CHECK_EQ(ffa_partition_info_get(&ctx, &unknown, info, 8, &total),
		 FFA_ERR_INVALID_PARAMETERS);
	CHECK_EQ(ffa_partition_count(&ctx, (const struct ffa_uuid *)0, &count), 0);
	CHECK_EQ(count, 3);
	CHECK_EQ(ffa_partition_info_get_regs(&ctx, &qemu_echo_uuid, info, 8, &total), 1);
	CHECK_EQ(info[0].id, QEMU_ECHO_ID);
	end();
}

static void scenario_direct(void)
{
	uint64_t args[FFA_MSG_DIRECT_WORDS] = { 0x11, 0x2222, 0x333333, 0x44444444,
						0x5555555555ull };
	uint64_t resp[FFA_MSG_DIRECT_WORDS] = { 0 };
	uint64_t args2[FFA_MSG_DIRECT2_WORDS], resp2[FFA_MSG_DIRECT2_WORDS];
	unsigned int i;

	begin("direct messages");
	CHECK_EQ(ffa_msg_send_direct_req(&ctx, QEMU_ECHO_ID, (const struct ffa_partition_info *)0,
					 FFA_MSG_FLAG_64BIT, args, resp), 0);
	for (i = 0; i < FFA_MSG_DIRECT_WORDS; i++)
		CHECK_EQ(resp[i], args[i]);
	args[4] = 0x55555555u;
	CHECK_EQ(ffa_msg_send_direct_req(&ctx, QEMU_ECHO_ID, (const struct ffa_partition_info *)0,
					 FFA_MSG_FLAG_32BIT, args, resp), 0);
	for (i = 0; i < FFA_MSG_DIRECT_WORDS; i++)
		CHECK_EQ(resp[i], args[i]);
	CHECK_EQ(ffa_msg_send_direct_req(&ctx, 0x8009, (const struct ffa_partition_info *)0, 0,
					 args, resp),
		 FFA_ERR_INVALID_PARAMETERS);
	for (i = 0; i < FFA_MSG_DIRECT2_WORDS; i++)
		args2[i] = 0x0102030405060708ull * (i + 1);
	CHECK_EQ(ffa_msg_send_direct_req2(&ctx, QEMU_ECHO_ID, (const struct ffa_partition_info *)0,
					  &qemu_echo_uuid, args2, resp2), 0);
	for (i = 0; i < FFA_MSG_DIRECT2_WORDS; i++)
		CHECK_EQ(resp2[i], args2[i]);
	end();
}

/* Ranges of the memory scenario: page 2*i of the pool, i < SHARE_RANGES. */
static int share_next(void *arg, uint64_t *addr, uint32_t *pages)
{
	unsigned int *i = arg;

	if (*i >= SHARE_RANGES)
		return 0;
	*addr = (uint64_t)(uintptr_t)&qemu_ns_pool[2u * *i * PAGE];
	*pages = 1;
	(*i)++;
	return 1;
}

static int share_rewind(void *arg)
{
	*(unsigned int *)arg = 0;
	return 0;
}

static unsigned int pool_mismatches(unsigned int page_lo, unsigned int step, unsigned int count,
				    uint8_t want)
{
	unsigned int bad = 0;

	for (unsigned int p = 0; p < count; p++) {
		const uint8_t *b = &qemu_ns_pool[(page_lo + p * step) * PAGE];

		for (unsigned int i = 0; i < PAGE; i++)
			bad += b[i] != want;
	}
	return bad;
}

static void scenario_memory(void)
{
	struct ffa_mem_receiver rcv = {
		.id = QEMU_MEMCHECK_ID,
		.perm = ffa_mem_perm_make(FFA_MEM_DATA_RW, FFA_MEM_INSTR_NOT_SPECIFIED),
	};
	struct ffa_mem_txn txn = { .version = FFA_VERSION_1_2, .kind = FFA_MEM_DESC_SEND,
				   .sender = QEMU_NS_ID,
				   .attributes = FFA_MEM_ATTR_NORMAL_WB_INNER,
				   .receiver_count = 1, .receivers = &rcv };
	unsigned int pos = 0, frags = 1;
	struct ffa_mem_range_iter it = { share_next, share_rewind, &pos };
	struct ffa_mem_frag f;
	struct ffa_mem_frag_info info;
	struct ffa_regs r;
	uint64_t args[FFA_MSG_DIRECT_WORDS], resp[FFA_MSG_DIRECT_WORDS];
	uint64_t handle;
	int len;

	begin("memory share/retrieve/reclaim, fragmented");
	for (unsigned int p = 0; p < 2u * SHARE_RANGES; p++)
		__builtin_memset(&qemu_ns_pool[p * PAGE], (p & 1) ? 0x33 : 0x5A, PAGE);
	CHECK_EQ(ffa_mem_frag_init(&f, &txn, &it), 0);
	len = ffa_mem_frag_next(&f, ffa_ctx_tx_buffer(&ctx), PAGE, &info);
	CHECK_EQ(len > 0, 1);
	CHECK_EQ(info.more, 1);
	r = (struct ffa_regs){ { FFA_MEM_SHARE_32, info.total_len, (uint32_t)len } };
	CHECK_EQ(ffa_call_raw(&ctx, &r, &r), 0);
	while ((uint32_t)r.x[0] == FFA_MEM_FRAG_RX_32 && frags < 8) {
		uint64_t h = ffa_mem_handle_make((uint32_t)r.x[1], (uint32_t)r.x[2]);

		CHECK_EQ(r.x[3], ffa_mem_frag_pos(&f));
		len = ffa_mem_frag_next(&f, ffa_ctx_tx_buffer(&ctx), PAGE, &info);
		r = (struct ffa_regs){ { FFA_MEM_FRAG_TX_32, ffa_mem_handle_lo(h),
					 ffa_mem_handle_hi(h), (uint32_t)len } };
		CHECK_EQ(ffa_call_raw(&ctx, &r, &r), 0);
		frags++;
	}
	CHECK_EQ(r.x[0], FFA_SUCCESS_32);
	CHECK_EQ(frags, 2);
	CHECK_EQ(ffa_mem_frag_done(&f), 1);
	handle = ffa_mem_handle_make((uint32_t)r.x[2], (uint32_t)r.x[3]);

	/* The checker retrieves (its response is fragmented too), checks
	 * 0x5A, writes 0xA5 and relinquishes. */
	args[0] = FFA_SIM_MEMCHECK_CHECK;
	args[1] = QEMU_NS_ID;
	args[2] = ffa_mem_handle_lo(handle);
	args[3] = ffa_mem_handle_hi(handle);
	args[4] = 0x5Au | (0xA5u << 8) | (FFA_MEM_RETRIEVE_TYPE_SHARE << 16);
	CHECK_EQ(ffa_msg_send_direct_req(&ctx, QEMU_MEMCHECK_ID,
					 (const struct ffa_partition_info *)0, 0, args, resp), 0);
	CHECK_EQ(resp[0], 0);            /* status */
	CHECK_EQ(resp[1], SHARE_RANGES); /* pages checked */
	CHECK_EQ(resp[2], 0);            /* bytes that did not match */
	CHECK_EQ(resp[3], 1);            /* written */
	CHECK_EQ(pool_mismatches(0, 2, SHARE_RANGES, 0xA5), 0);
	CHECK_EQ(pool_mismatches(1, 2, SHARE_RANGES, 0x33), 0);

	r = (struct ffa_regs){ { FFA_MEM_RECLAIM_32, ffa_mem_handle_lo(handle),
				 ffa_mem_handle_hi(handle), 0 } };
	CHECK_EQ(ffa_call_raw(&ctx, &r, &r), 0);
	CHECK_EQ(r.x[0], FFA_SUCCESS_32);
	r = (struct ffa_regs){ { FFA_MEM_RECLAIM_32, ffa_mem_handle_lo(handle),
				 ffa_mem_handle_hi(handle), 0 } };
	CHECK_EQ(ffa_call_raw(&ctx, &r, &r), 0);
	CHECK_EQ(r.x[0], FFA_ERROR_32);
	CHECK_EQ((int32_t)r.x[2], FFA_ERR_INVALID_PARAMETERS);
	end();
}

static void scenario_notifications(void)
{
	struct ffa_notif_bitmaps bm;
	struct ffa_notif_info info;
	uint64_t args[FFA_MSG_DIRECT_WORDS] = { 0 }, resp[FFA_MSG_DIRECT_WORDS];

	begin("notifications");
	/* SP -> normal world: bind, the notifier sets, the scheduler sees
	 * endpoint 0 in INFO_GET, GET returns and clears the bit. */
	CHECK_EQ(ffa_notif_bitmap_create(&ctx, QEMU_NS_ID, 1), 0);
	CHECK_EQ(ffa_notif_bind(&ctx, QEMU_NOTIFIER_ID, QEMU_NS_ID, false, 1ull << 5), 0);
	args[0] = FFA_SIM_NOTIFIER_SET;
	args[1] = QEMU_NS_ID;
	args[2] = 1u << 5;
	CHECK_EQ(ffa_msg_send_direct_req(&ctx, QEMU_NOTIFIER_ID,
					 (const struct ffa_partition_info *)0, 0, args, resp), 0);
	CHECK_EQ(resp[0], 0);
	CHECK_EQ(ffa_notif_info_get(&ctx, FFA_NOTIF_INFO_AUTO, &info), 0);
	CHECK_EQ(info.count, 1);
	CHECK_EQ(info.lists[0].endpoint, QEMU_NS_ID);
	CHECK_EQ(ffa_notif_get(&ctx, QEMU_NS_ID, 0, FFA_NOTIF_GET_SP, NULL, &bm), 0);
	CHECK_EQ(bm.sp, 1ull << 5);
	CHECK_EQ(ffa_notif_get(&ctx, QEMU_NS_ID, 0, FFA_NOTIF_GET_SP, NULL, &bm), 0);
	CHECK_EQ(bm.sp, 0);
	CHECK_EQ(ffa_notif_unbind(&ctx, QEMU_NOTIFIER_ID, QEMU_NS_ID, 1ull << 5), 0);

	/* Normal world -> SP: the notifier binds bit 2 for us, we set it,
	 * INFO_GET names the notifier, FFA_RUN lets it collect, TAKE reports. */
	args[0] = FFA_SIM_NOTIFIER_BIND;
	args[1] = QEMU_NS_ID;
	args[2] = 1u << 2;
	args[3] = 0;
	args[4] = 0;
	CHECK_EQ(ffa_msg_send_direct_req(&ctx, QEMU_NOTIFIER_ID,
					 (const struct ffa_partition_info *)0, 0, args, resp), 0);
	CHECK_EQ(resp[0], 0);
	CHECK_EQ(ffa_notif_set(&ctx, QEMU_NS_ID, QEMU_NOTIFIER_ID, 0, 0, 1ull << 2), 0);
	CHECK_EQ(ffa_notif_info_get(&ctx, FFA_NOTIF_INFO_AUTO, &info), 0);
	CHECK_EQ(info.count, 1);
	CHECK_EQ(info.lists[0].endpoint, QEMU_NOTIFIER_ID);
	CHECK_EQ(ffa_notif_info_get(&ctx, FFA_NOTIF_INFO_AUTO, &info), FFA_ERR_NO_DATA);
	CHECK_EQ(ffa_run(&ctx, QEMU_NOTIFIER_ID, 0, (struct ffa_regs *)0), FFA_RUN_MSG_WAIT);
	args[0] = FFA_SIM_NOTIFIER_TAKE;
	args[1] = args[2] = 0;
	CHECK_EQ(ffa_msg_send_direct_req(&ctx, QEMU_NOTIFIER_ID,
					 (const struct ffa_partition_info *)0, 0, args, resp), 0);
	CHECK_EQ(resp[0], 0);
	CHECK_EQ(resp[1], 0);      /* SP bitmap lo */
	CHECK_EQ(resp[3], 1u << 2); /* VM bitmap lo */
	CHECK_EQ(ffa_notif_bitmap_destroy(&ctx, QEMU_NS_ID), 0);
	end();
}

void ns_main(void);
void ns_main(void)
{
	struct ffa_conduit conduit;

	uart_puts("libffa QEMU system test: normal world at EL");
	uart_put_dec(current_el());
	uart_puts(", conduit " CONDUIT_NAME "\n");
	if (current_el() != 1) {
		uart_puts("FAIL: the test program must run at EL1\n");
		qemu_exit(1);
	}
	conduit_setup(&conduit);
	if (ffa_ctx_init(&ctx, &conduit, (const struct ffa_port *)0)) {
		uart_puts("FAIL: ffa_ctx_init\n");
		qemu_exit(1);
	}
	scenario_version();
	scenario_conduit_registers();
	scenario_features_ids();
	scenario_partition_info();
	scenario_direct();
	scenario_memory();
	scenario_notifications();
	begin("teardown");
	CHECK_EQ(ffa_rxtx_unmap(&ctx), 0);
	end();
	if (n_failures) {
		uart_puts("FAIL: ");
		uart_put_dec(n_failures);
		uart_puts(" of ");
		uart_put_dec(n_checks);
		uart_puts(" checks failed\n");
		qemu_exit(1);
	}
	uart_puts("PASS: qemu " CONDUIT_NAME ": ");
	uart_put_dec(n_scenarios);
	uart_puts(" scenarios, ");
	uart_put_dec(n_checks);
	uart_puts(" checks\n");
	qemu_exit(0);
}
