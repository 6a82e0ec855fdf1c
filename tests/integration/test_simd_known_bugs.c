/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * known-bugs.md classes that touch ffa-simd's handling of clients (the
 * others are in test_simd_security.c: 7, 20, 22, 37).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <unistd.h>

#include "simd_fixture.h"

TestSuite(simd_known_bugs, .init = simd_start, .fini = simd_stop);

/* Class 28: RX/TX unmap while RX is owned. A client that dies owning its
 * RX buffer (a PARTITION_INFO_GET it never released) must not leave the
 * pair mapped or the buffer owned: the daemon unmaps for it, and the
 * endpoint maps a new pair when it comes back. */
static void die_owning_rx(void *arg)
{
	struct client c;
	struct ffa_regs in = { { FFA_PARTITION_INFO_GET_32 } }, out;

	(void)arg;
	if (client_open(&c, VM1, 0, true) || ffa_call_raw(&c.ctx, &in, &out) ||
	    (uint32_t)out.x[0] != FFA_SUCCESS_32)
		_exit(2);
	raise(SIGKILL); /* RX still ours */
}

Test(simd_known_bugs, known_bug_28_client_dies_owning_its_rx_buffer)
{
	struct client c;
	struct ffa_partition_info info[8];

	cr_assert_eq(reap(spawn(die_owning_rx, NULL)), 128 + SIGKILL);
	client_ready(&c, VM1);
	assert_rc(ffa_partition_info_get(&c.ctx, NULL, info, 8, NULL), (int)SP_COUNT);
	assert_rc(ffa_rx_release(&c.ctx), FFA_ERR_DENIED); /* released by the call above */
	client_close(&c);
}

/* Class 27: RX released when not owned. After a client died, the daemon's
 * cleanup does not release an RX buffer the endpoint did not own; the next
 * client's first RX_RELEASE is still DENIED. */
static void die_plain(void *arg)
{
	struct client c;

	(void)arg;
	if (client_open(&c, VM1, 0, true))
		_exit(2);
	raise(SIGKILL);
}

Test(simd_known_bugs, known_bug_27_release_when_not_owned_after_a_death)
{
	struct client c;

	cr_assert_eq(reap(spawn(die_plain, NULL)), 128 + SIGKILL);
	client_ready(&c, VM1);
	assert_rc(ffa_rx_release(&c.ctx), FFA_ERR_DENIED);
	client_close(&c);
}
