/* SPDX-License-Identifier: BSD-3-Clause */
/* The bare-metal runtime of the QEMU images (see platform.h). memcpy,
 * memset, memmove and memcmp come from examples/baremetal/libc.c. */
#include "platform.h"

#define PL011_BASE 0x09000000ul
#define PL011_DR 0x00u
#define PL011_FR 0x18u
#define PL011_FR_TXFF (1u << 5)

static inline volatile uint32_t *pl011(uint32_t off)
{
	return (volatile uint32_t *)(PL011_BASE + off);
}

/* The normal world's page pool (see platform.h), in its RAM region. */
uint8_t qemu_ns_pool[QEMU_POOL_PAGES * 4096u]
	__attribute__((aligned(4096), section(".ns_ram.pool")));

unsigned int current_el(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, CurrentEL" : "=r"(v));
	return (unsigned int)(v >> 2) & 3u;
}

void uart_putc(char c)
{
	if (c == '\n')
		uart_putc('\r');
	while (*pl011(PL011_FR) & PL011_FR_TXFF)
		;
	*pl011(PL011_DR) = (uint8_t)c;
}

void uart_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

void uart_put_hex(uint64_t v)
{
	int shift = 60;

	uart_puts("0x");
	while (shift > 0 && ((v >> shift) & 0xF) == 0)
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		uart_putc("0123456789abcdef"[(v >> shift) & 0xF]);
}

void uart_put_dec(uint64_t v)
{
	char buf[21];
	int i = 20;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	uart_puts(&buf[i]);
}

void qemu_exit(int code)
{
	/* SYS_EXIT_EXTENDED (0x20): [ADP_Stopped_ApplicationExit, status]. */
	volatile uint64_t block[2] = { 0x20026u, (uint64_t)(int64_t)code };
	register uint64_t x0 __asm__("x0") = 0x20;
	register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)block;

	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	for (;;)
		__asm__ volatile("wfi");
}

/* An exception nobody expected (boot.S vector tables). */
__attribute__((noreturn)) void fatal_exception(uint64_t el, uint64_t off, uint64_t esr,
					       uint64_t elr);
void fatal_exception(uint64_t el, uint64_t off, uint64_t esr, uint64_t elr)
{
	uart_puts("\nFAIL: unexpected exception at EL");
	uart_put_dec(el);
	uart_puts(" vector ");
	uart_put_hex(off);
	uart_puts(" esr ");
	uart_put_hex(esr);
	uart_puts(" elr ");
	uart_put_hex(elr);
	uart_puts("\n");
	qemu_exit(1);
}
