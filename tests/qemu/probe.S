// SPDX-License-Identifier: BSD-3-Clause
//
// int conduit_probe(const struct ffa_regs *in, struct ffa_regs *out,
//                   uint64_t seen[14], int (*call)(in, out))
// Calls @call (the smc/hvc conduit's assembly routine) with x18..x29 set to
// known patterns (xNN = 0xNN00: 0x1800, 0x1900, 0x2000, ... 0x2900) and records what they hold
// after it returns in seen[0..11], SP before and after in seen[12..13].
// SMCCC 1.2 and AAPCS64 require x18..x29 and SP preserved by the call (the
// conduit and the monitor's trap path together). Returns @call's result.
	.text
	.balign 4
	.global conduit_probe
	.type conduit_probe, %function
conduit_probe:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	str	x18, [sp, #-16]!
	str	x2, [sp, #8]
	mov	x10, sp
	str	x10, [x2, #96]
	mov	x9, x3
	mov	x18, #0x1800
	mov	x19, #0x1900
	mov	x20, #0x2000
	mov	x21, #0x2100
	mov	x22, #0x2200
	mov	x23, #0x2300
	mov	x24, #0x2400
	mov	x25, #0x2500
	mov	x26, #0x2600
	mov	x27, #0x2700
	mov	x28, #0x2800
	mov	x29, #0x2900
	blr	x9
	mov	x10, sp
	ldr	x9, [sp, #8]
	stp	x18, x19, [x9]
	stp	x20, x21, [x9, #16]
	stp	x22, x23, [x9, #32]
	stp	x24, x25, [x9, #48]
	stp	x26, x27, [x9, #64]
	stp	x28, x29, [x9, #80]
	str	x10, [x9, #104]
	ldr	x18, [sp], #16
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret
	.size conduit_probe, . - conduit_probe
	.section .note.GNU-stack, "", %progbits
