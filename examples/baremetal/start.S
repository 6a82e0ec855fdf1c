// SPDX-License-Identifier: BSD-3-Clause
// Entry of the bare-metal example: stack, .bss cleared, example_main(),
// then sleep. Runs at the EL it is entered in (EL1 or EL2, MMU off).
	.section .text.boot, "ax"
	.global _start
_start:
	ldr	x0, =__stack_top
	mov	sp, x0
	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b
2:	bl	example_main
3:	wfi
	b	3b
	.section .note.GNU-stack, "", %progbits
