/* SPDX-License-Identifier: BSD-3-Clause */
/* Board support of the bare-metal example: PL011 UART at 0x09000000 (QEMU
 * virt). The C library functions a compiler may call are in libc.c. */
#include <stdint.h>

#include "board.h"

#define UART_DR ((volatile uint32_t *)0x09000000ul)
#define UART_FR ((volatile uint32_t *)0x09000018ul)

static void uart_putc(char c)
{
	if (c == '\n')
		uart_putc('\r');
	while (*UART_FR & (1u << 5)) /* TX FIFO full */
		;
	*UART_DR = (uint8_t)c;
}

void uart_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

void uart_put_hex(uint64_t v)
{
	uart_puts("0x");
	for (int shift = 60; shift >= 0; shift -= 4)
		if ((v >> shift) || shift == 0)
			uart_putc("0123456789abcdef"[(v >> shift) & 0xF]);
}
