/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The bare-metal runtime of the QEMU system-test images: PL011 console,
 * end of run (semihosting), and what the images share:
 * endpoint IDs, UUIDs and the normal world's memory.
 */
#ifndef FFA_QEMU_PLATFORM_H
#define FFA_QEMU_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include <ffa/uuid.h>

/* Endpoints the monitor's simulator hosts. */
#define QEMU_NS_ID 0x0000u       /* the normal-world program (EL1) */
#define QEMU_ECHO_ID 0x8001u     /* built-in echo SP */
#define QEMU_MEMCHECK_ID 0x8002u /* built-in memory checker SP */
#define QEMU_NOTIFIER_ID 0x8003u /* built-in notifier SP */

extern const struct ffa_uuid qemu_echo_uuid;
extern const struct ffa_uuid qemu_memcheck_uuid;
extern const struct ffa_uuid qemu_notifier_uuid;

/* Normal-world memory (section .ns_ram, see link.ld): the pool of pages
 * the normal world owns and may share (QEMU_POOL_PAGES pages). */
#define QEMU_POOL_PAGES 640u
extern uint8_t qemu_ns_pool[];
/* Bounds of the whole normal-world region (linker symbols). */
extern uint8_t __ns_ram_start[], __ns_ram_end[];

/* The exception level the caller runs at (CurrentEL). */
unsigned int current_el(void);

void uart_putc(char c);
void uart_puts(const char *s);
void uart_put_hex(uint64_t v);
void uart_put_dec(uint64_t v);

/* End the QEMU run with exit status @code (semihosting SYS_EXIT_EXTENDED). */
__attribute__((noreturn)) void qemu_exit(int code);

/* Monitor side (monitor.c). */
void monitor_init(unsigned int el);
void monitor_handle(const void *in_regs, void *out_regs);

#endif /* FFA_QEMU_PLATFORM_H */
