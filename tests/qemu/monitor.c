/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The monitor of the QEMU system-test images: the simulator core (sim/)
 * hosted at EL3 (SMC image) or EL2 (HVC image), serving the normal-world
 * program at EL1 as endpoint QEMU_NS_ID.
 *
 * "Physical memory" is the identity map (the MMU is off at every EL): the
 * normal-world endpoint may name only addresses inside the .ns_ram region
 * of the image (RX/TX buffers, its page pool), and it owns the page pool
 * (ffa_sim_memory_add), which is what it may share, lend or donate.
 *
 * Built with -DFFA_QEMU_CORRUPT, the monitor corrupts one answer register
 * (x4 of every direct message response): the image used to prove that the
 * runner fails when the monitor answers wrongly.
 */
#include <ffa/ffa.h>
#include <ffa_sim/partition.h>
#include <ffa_sim/sim.h>

#include "platform.h"

/* UUIDs of the built-in partitions (any distinct non-Nil values). */
const struct ffa_uuid qemu_echo_uuid = { { 0x6c, 0x69, 0x62, 0x66, 0x66, 0x61, 0x2d, 0x65,
					   0x63, 0x68, 0x6f, 0x2d, 0x71, 0x65, 0x6d, 0x75 } };
const struct ffa_uuid qemu_memcheck_uuid = { { 0x6c, 0x69, 0x62, 0x66, 0x66, 0x61, 0x2d, 0x6d,
					       0x65, 0x6d, 0x63, 0x2d, 0x71, 0x65, 0x6d, 0x75 } };
const struct ffa_uuid qemu_notifier_uuid = { { 0x6c, 0x69, 0x62, 0x66, 0x66, 0x61, 0x2d, 0x6e,
					       0x6f, 0x74, 0x69, 0x2d, 0x71, 0x65, 0x6d, 0x75 } };

#define STORAGE_SIZE (512u * 1024u)

static uint8_t storage[STORAGE_SIZE] __attribute__((aligned(FFA_SIM_STORAGE_ALIGN)));
static struct ffa_sim *sim;
static unsigned int monitor_el;

static void *map(void *arg, uint16_t endpoint, uint64_t pa, uint64_t size)
{
	uint64_t lo = (uint64_t)(uintptr_t)__ns_ram_start;
	uint64_t hi = (uint64_t)(uintptr_t)__ns_ram_end;

	(void)arg;
	if (endpoint != QEMU_NS_ID && endpoint != FFA_SIM_MAP_PM)
		return (void *)0;
	if (pa < lo || pa > hi || size > hi - pa)
		return (void *)0;
	return (void *)(uintptr_t)pa;
}

static void console(void *arg, uint16_t endpoint, const char *text, size_t len)
{
	(void)arg;
	uart_puts("[console ");
	uart_put_hex(endpoint);
	uart_puts("] ");
	while (len--)
		uart_putc(*text++);
	uart_puts("\n");
}

static void monitor_fail(const char *what, int64_t rc)
{
	uart_puts("FAIL: monitor: ");
	uart_puts(what);
	uart_puts(" (");
	uart_put_hex((uint64_t)rc);
	uart_puts(")\n");
	qemu_exit(1);
}

void monitor_init(unsigned int el)
{
	static const uint32_t props_echo =
		FFA_PART_PROP_DIRECT_REQ_RECV | FFA_PART_PROP_DIRECT_REQ2_RECV |
		FFA_PART_PROP_INDIRECT_MSG | FFA_PART_PROP_AARCH64;
	const struct ffa_sim_endpoint_config eps[] = {
		{ .id = QEMU_NS_ID, .exec_ctx_count = 1, .flags = FFA_SIM_EP_HYPERVISOR },
		{ .id = QEMU_ECHO_ID, .exec_ctx_count = 1, .properties = props_echo,
		  .uuids = &qemu_echo_uuid, .uuid_count = 1, .ops = ffa_sim_echo_ops() },
		{ .id = QEMU_MEMCHECK_ID, .exec_ctx_count = 1,
		  .properties = FFA_PART_PROP_DIRECT_REQ_RECV | FFA_PART_PROP_AARCH64,
		  .uuids = &qemu_memcheck_uuid, .uuid_count = 1, .ops = ffa_sim_memcheck_ops() },
		{ .id = QEMU_NOTIFIER_ID, .exec_ctx_count = 1,
		  .properties = FFA_PART_PROP_DIRECT_REQ_RECV | FFA_PART_PROP_NOTIFICATION_RECV |
				FFA_PART_PROP_AARCH64,
		  .uuids = &qemu_notifier_uuid, .uuid_count = 1, .ops = ffa_sim_notifier_ops() },
	};
	struct ffa_sim_config cfg = {
		.endpoints = eps,
		.endpoint_count = sizeof(eps) / sizeof(eps[0]),
		.host = { .map = map, .console = console },
		.mem = { .max_txns = 8, .max_ranges = 2u * QEMU_POOL_PAGES },
	};
	size_t need = 0;
	int rc;

	monitor_el = el;
	if (current_el() != el)
		monitor_fail("monitor runs at the wrong EL", current_el());
	uart_puts("monitor: EL");
	uart_put_dec(current_el());
	uart_puts(", simulator core, conduit ");
	uart_puts(el == 3 ? "smc" : "hvc");
	uart_puts("\n");
	rc = ffa_sim_storage_size(&cfg, &need);
	if (rc)
		monitor_fail("ffa_sim_storage_size", rc);
	if (need > sizeof(storage))
		monitor_fail("storage too small, bytes needed", (int64_t)need);
	rc = ffa_sim_create(&cfg, storage, sizeof(storage), &sim);
	if (rc)
		monitor_fail("ffa_sim_create", rc);
	rc = ffa_sim_memory_add(sim, QEMU_NS_ID, (uint64_t)(uintptr_t)qemu_ns_pool,
				QEMU_POOL_PAGES * 4096ull, 0);
	if (rc)
		monitor_fail("ffa_sim_memory_add", rc);
	uart_puts("monitor: simulator storage ");
	uart_put_dec(need);
	uart_puts(" bytes; normal-world pool ");
	uart_put_hex((uint64_t)(uintptr_t)qemu_ns_pool);
	uart_puts(", ");
	uart_put_dec(QEMU_POOL_PAGES);
	uart_puts(" pages\n");
}

void monitor_handle(const void *in_regs, void *out_regs)
{
	const struct ffa_regs *in = in_regs;
	struct ffa_regs *out = out_regs;
	uint32_t fid = (uint32_t)in->x[0];
	int rc = ffa_sim_call(sim, QEMU_NS_ID, in, out);

	if (rc)
		/* The program never makes a call that waits for another
		 * endpoint: nothing else runs on this machine to answer it. */
		monitor_fail(rc == FFA_SIM_BLOCKED ? "caller blocked by call" : "ffa_sim_call failed",
			     ((int64_t)rc << 32) | fid);
#ifdef FFA_QEMU_CORRUPT
	if ((uint32_t)out->x[0] == FFA_MSG_SEND_DIRECT_RESP_32 ||
	    (uint32_t)out->x[0] == FFA_MSG_SEND_DIRECT_RESP_64)
		out->x[4] ^= 1u;
#endif
}

/* Called by boot.S with the trapped frame x0..x17 (followed by the saved
 * x18 and x30) and the syndrome: answers the call in place. */
void monitor_trap(struct ffa_regs *frame, uint64_t esr);
void monitor_trap(struct ffa_regs *frame, uint64_t esr)
{
	uint32_t ec = (uint32_t)(esr >> 26) & 0x3Fu;
	uint32_t want = monitor_el == 3 ? 0x17u /* SMC64 */ : 0x16u /* HVC64 */;

	if (ec != want || (esr & 0xFFFFu) != 0)
		monitor_fail("unexpected trap, esr", (int64_t)esr);
	monitor_handle(frame, frame);
}
