/* SPDX-License-Identifier: BSD-3-Clause */
/* example.elf: examples/baremetal/main.c as the normal-world program behind
 * the EL3 monitor (the example's board.c is replaced by platform.c). */
#include "board.h"
#include "platform.h"

void ns_main(void);
void ns_main(void)
{
	int rc = example_main();

	uart_puts(rc ? "FAIL: examples/baremetal returned 1\n"
		     : "PASS: qemu example: examples/baremetal over smc\n");
	qemu_exit(rc ? 1 : 0);
}
