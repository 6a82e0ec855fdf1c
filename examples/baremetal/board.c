/* SPDX-License-Identifier: BSD-3-Clause */
/* Board support of the bare-metal example: PL011 UART at 0x09000000 (QEMU
 * virt) and the C library functions a compiler may call in freestanding
 * code. Built with -fno-tree-loop-distribute-patterns (see Makefile). */
#include <stddef.h>
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

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);

void *memcpy(void *dst, const void *src, size_t n)
{
	return memmove(dst, src, n);
}

void *memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (d < s)
		while (n--)
			*d++ = *s++;
	else
		while (n--)
			d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;

	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}
