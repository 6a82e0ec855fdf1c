/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A minimal bare-metal FF-A client: libffa over the SMC conduit.
 * Negotiates the FF-A version, reads its own endpoint ID, maps an RX/TX
 * buffer pair and lists the secure partitions. Copy this directory, replace
 * board.c with your UART and link.ld with your memory map.
 *
 * Everything libffa keeps lives in the caller's struct ffa_ctx; it makes no
 * allocation and keeps no global state. The RX/TX buffers must be memory the
 * partition manager accepts (normal-world RAM, 4 KiB aligned; the minimum
 * size and alignment are in FFA_FEATURES(FFA_RXTX_MAP)): they live in their
 * own section, .ffa_buffers, so the linker script can place them. With the
 * MMU off (as here) the buffer's address is its physical address; with the
 * MMU on, give ffa_ctx_init() a struct ffa_port whose va_to_pa translates.
 */
#include <ffa/conduit_smccc.h>
#include <ffa/ffa.h>

#include "board.h"

static uint8_t tx_buf[4096] __attribute__((aligned(4096), section(".ffa_buffers")));
static uint8_t rx_buf[4096] __attribute__((aligned(4096), section(".ffa_buffers")));

static int report(const char *what, int rc)
{
	uart_puts(what);
	if (rc < 0) {
		uart_puts(": error ");
		uart_puts(ffa_strerror(rc));
		uart_puts("\n");
		return 1;
	}
	uart_puts(": ok\n");
	return 0;
}

int example_main(void)
{
	struct ffa_conduit smc;
	struct ffa_ctx ctx;
	struct ffa_partition_info parts[8];
	uint32_t total = 0;
	uint16_t id = 0;
	int rc, n;

	ffa_conduit_smc(&smc);
	if (report("ffa_ctx_init", ffa_ctx_init(&ctx, &smc, (const struct ffa_port *)0)))
		return 1;
	if (report("FFA_VERSION", ffa_version_negotiate(&ctx, FFA_VERSION_1_2)))
		return 1;
	uart_puts("  negotiated version ");
	uart_put_hex(ffa_ctx_version(&ctx));
	uart_puts("\n");
	if (report("FFA_ID_GET", ffa_id_get(&ctx, &id)))
		return 1;
	uart_puts("  own endpoint ID ");
	uart_put_hex(id);
	uart_puts("\n");
	if (report("FFA_RXTX_MAP", ffa_rxtx_map(&ctx, tx_buf, rx_buf, 1)))
		return 1;
	n = ffa_partition_info_get(&ctx, (const struct ffa_uuid *)0, parts, 8, &total);
	if (report("FFA_PARTITION_INFO_GET", n))
		return 1;
	for (int i = 0; i < n; i++) {
		uart_puts("  partition ");
		uart_put_hex(parts[i].id);
		uart_puts(" properties ");
		uart_put_hex(parts[i].properties);
		uart_puts(" vCPUs ");
		uart_put_hex(parts[i].exec_ctx_count);
		uart_puts("\n");
	}
	rc = ffa_rxtx_unmap(&ctx);
	return report("FFA_RXTX_UNMAP", rc) || n == 0;
}
