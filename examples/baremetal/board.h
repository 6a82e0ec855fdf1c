/* SPDX-License-Identifier: BSD-3-Clause */
/* What the example needs from its board: a console. Replace board.c with
 * your platform's UART driver (here: the PL011 of QEMU's virt machine). */
#ifndef EXAMPLE_BOARD_H
#define EXAMPLE_BOARD_H

#include <stdint.h>

void uart_puts(const char *s);
void uart_put_hex(uint64_t v);

/* The example: 0 when every call worked, 1 otherwise. */
int example_main(void);

#endif
