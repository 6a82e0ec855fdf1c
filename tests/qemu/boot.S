// SPDX-License-Identifier: BSD-3-Clause
//
// Boot code of the QEMU system-test images (qemu-system-aarch64
// -M virt,secure=on,virtualization=on; the CPU starts at EL3 at _start).
//
//  - EL3: stack, vector table, .bss cleared, lower ELs configured (AArch64,
//    non-secure, HVC enabled, MMU off).
//  - Default (SMC image): the monitor is initialised at EL3 (monitor_init)
//    and SMCs from EL1 land in the EL3 vector table; EL3 drops to EL1.
//  - -DFFA_QEMU_HVC (HVC image): EL3 drops to EL2, which installs its
//    vector table, initialises the monitor there and drops to EL1; HVCs
//    from EL1 land in the EL2 vector table.
//  - EL1 runs ns_main() (the test program), which never returns.
// A trapped call saves x0..x18 and x30 (everything the C handler may
// change), hands the frame to monitor_trap(frame, esr) which answers in
// place, restores x0..x18, x30 and erets. Any other exception, at any EL,
// goes to fatal_exception(el, vector offset, esr, elr), which reports it
// and ends the run.

#define SPSR_EL1H_MASKED 0x3c5
#define SPSR_EL2H_MASKED 0x3c9
// SCR_EL3: NS | RES1 (bits 4, 5) | HCE | RW
#define SCR_EL3_VALUE 0x531
// HCR_EL2: RW (EL1 is AArch64)
#define HCR_EL2_VALUE (1 << 31)
#define SCTLR_EL1_VALUE 0x30d00800
#define SCTLR_EL2_VALUE 0x30c50830

	.section .text.boot, "ax"
	.global _start
_start:
	ldr	x0, =__stack_el3_top
	mov	sp, x0
	adr	x0, vectors_el3
	msr	vbar_el3, x0
	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b
2:	ldr	x0, =SCTLR_EL1_VALUE
	msr	sctlr_el1, x0
	ldr	x0, =SCTLR_EL2_VALUE
	msr	sctlr_el2, x0
	ldr	x0, =HCR_EL2_VALUE
	msr	hcr_el2, x0
	msr	cptr_el3, xzr
	ldr	x0, =SCR_EL3_VALUE
	msr	scr_el3, x0
	ldr	x0, =__stack_el1_top
	msr	sp_el1, x0
#ifdef FFA_QEMU_HVC
	ldr	x0, =__stack_el2_top
	msr	sp_el2, x0
	mov	x0, #SPSR_EL2H_MASKED
	msr	spsr_el3, x0
	adr	x0, el2_entry
	msr	elr_el3, x0
#else
	mov	x0, #3
	bl	monitor_init
	mov	x0, #SPSR_EL1H_MASKED
	msr	spsr_el3, x0
	adr	x0, el1_entry
	msr	elr_el3, x0
#endif
	isb
	eret

#ifdef FFA_QEMU_HVC
el2_entry:
	adr	x0, vectors_el2
	msr	vbar_el2, x0
	isb
	mov	x0, #2
	bl	monitor_init
	mov	x0, #SPSR_EL1H_MASKED
	msr	spsr_el2, x0
	adr	x0, el1_entry
	msr	elr_el2, x0
	isb
	eret
#endif

el1_entry:
	adr	x0, vectors_el1
	msr	vbar_el1, x0
	isb
	bl	ns_main
3:	wfi
	b	3b

// ---- vector tables --------------------------------------------------------

// An unexpected exception: fatal_exception(el, offset, esr, elr).
	.macro unexpected el, off
	.balign 0x80
	mov	x0, #\el
	mov	x1, #\off
	mrs	x2, esr_el\el
	mrs	x3, elr_el\el
	b	fatal_exception
	.endm

// The SMCCC call trap (lower EL, AArch64, synchronous).
	.macro call_trap el
	.balign 0x80
	sub	sp, sp, #160
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x30, [sp, #144]
	mov	x0, sp
	mrs	x1, esr_el\el
	bl	monitor_trap
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x30, [sp, #144]
	add	sp, sp, #160
	eret
	.endm

	.macro vectors el, trap
	.balign 0x800
vectors_el\el:
	unexpected \el, 0x000
	unexpected \el, 0x080
	unexpected \el, 0x100
	unexpected \el, 0x180
	unexpected \el, 0x200
	unexpected \el, 0x280
	unexpected \el, 0x300
	unexpected \el, 0x380
	.if \trap
	call_trap \el
	.else
	unexpected \el, 0x400
	.endif
	unexpected \el, 0x480
	unexpected \el, 0x500
	unexpected \el, 0x580
	unexpected \el, 0x600
	unexpected \el, 0x680
	unexpected \el, 0x700
	unexpected \el, 0x780
	.endm

	.text
#ifdef FFA_QEMU_HVC
	vectors 3, 0
	vectors 2, 1
#else
	vectors 3, 1
#endif
	vectors 1, 0

	.section .note.GNU-stack, "", %progbits
