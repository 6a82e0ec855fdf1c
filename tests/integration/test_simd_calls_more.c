/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * More of libffa over the socket: the hypervisor's calls on behalf of a VM
 * (RX_ACQUIRE, RX_RELEASE and RXTX_UNMAP for a VM), framework messages (VM
 * created / destroyed), preemption resumed with FFA_RUN (echo's YIELD and
 * INTERRUPT magic words), notification bitmap destroy and INFO_GET drained,
 * a donation the memory checker keeps.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "simd_fixture.h"

TestSuite(simd_calls_more, .init = simd_start, .fini = simd_stop);

Test(simd_calls_more, hypervisor_acts_on_behalf_of_a_vm)
{
	struct client h, v;
	struct ffa_partition_info info[8];

	client_ready(&h, HYP);
	client_ready(&v, VM1);
	assert_rc(ffa_rx_acquire(&h.ctx, VM1), 0);
	/* The VM's RX is the hypervisor's now: a producer meets BUSY. */
	assert_rc(ffa_partition_info_get(&v.ctx, NULL, info, 8, NULL), FFA_ERR_BUSY);
	assert_rc(ffa_rx_release_vm(&h.ctx, VM1), 0);
	assert_rc(ffa_partition_info_get(&v.ctx, NULL, info, 8, NULL), (int)SP_COUNT);
	/* Only the hypervisor may do this. */
	assert_rc(ffa_rx_acquire(&v.ctx, VM1), FFA_ERR_NOT_SUPPORTED);
	client_close(&v);
	client_close(&h);
}

Test(simd_calls_more, framework_messages_vm_created_and_destroyed)
{
	struct client h;

	client_ready(&h, HYP);
	assert_rc(ffa_msg_send_vm_created(&h.ctx, ECHO, NULL, 0, VM2, ~0ull), 0);
	assert_rc(ffa_msg_send_vm_destroyed(&h.ctx, ECHO, NULL, 0, VM2, ~0ull), 0);
	client_close(&h);
}

Test(simd_calls_more, preempted_requests_resumed_with_run)
{
	struct client v;
	uint64_t args[FFA_MSG_DIRECT_WORDS] = { FFA_SIM_ECHO_YIELD, 7, 8, 9, 10 };
	uint64_t resp[FFA_MSG_DIRECT_WORDS];

	client_ready(&v, VM1);
	/* Default policy: libffa resumes with FFA_RUN until the response. */
	assert_rc(ffa_msg_send_direct_req(&v.ctx, ECHO, NULL, 0, args, resp), 0);
	cr_assert_arr_eq(resp, args, sizeof(args));
	args[0] = FFA_SIM_ECHO_INTERRUPT;
	assert_rc(ffa_msg_send_direct_req(&v.ctx, ECHO, NULL, 0, args, resp), 0);
	cr_assert_arr_eq(resp, args, sizeof(args));
	/* Policy RETURN: the preemption is reported, the caller resumes. */
	assert_rc(ffa_ctx_set_preempt_policy(&v.ctx, FFA_PREEMPT_RETURN, 0), 0);
	args[0] = FFA_SIM_ECHO_YIELD;
	assert_rc(ffa_msg_send_direct_req(&v.ctx, ECHO, NULL, 0, args, resp), FFA_ERR_PREEMPTED);
	{
		struct ffa_regs out;
		struct ffa_msg m;
		assert_rc(ffa_run(&v.ctx, ECHO, 0, &out), FFA_RUN_DIRECT_RESP);
		assert_rc(ffa_msg_decode(&v.ctx, &out, &m), 0);
		cr_assert_eq(m.kind, FFA_MSG_DIRECT_RESP);
		cr_assert_eq(m.args[1], 7);
	}
	client_close(&v);
}

static int count_lists(void *arg, const struct ffa_notif_info *info)
{
	*(uint32_t *)arg += info->count;
	return 0;
}

Test(simd_calls_more, notification_bitmaps_and_info_drain)
{
	struct client h, v;
	uint64_t args[FFA_MSG_DIRECT_WORDS] = { FFA_SIM_NOTIFIER_SET, VM2, 1u << 9, 0, 0 };
	uint64_t resp[FFA_MSG_DIRECT_WORDS];
	uint32_t lists = 0;
	bool more = true;

	client_ready(&h, HYP);
	client_ready(&v, VM2);
	assert_rc(ffa_notif_bitmap_create(&h.ctx, VM2, 1), 0);
	assert_rc(ffa_notif_bitmap_create(&h.ctx, VM2, 1), FFA_ERR_DENIED);
	assert_rc(ffa_notif_bind(&v.ctx, NOTIFIER, VM2, false, 1u << 9), 0);
	assert_rc(ffa_msg_send_direct_req(&v.ctx, NOTIFIER, NULL, 0, args, resp), 0);
	cr_assert_eq(resp[0], 0);
	assert_rc(ffa_notif_info_drain(&h.ctx, FFA_NOTIF_INFO_AUTO, 4, count_lists, &lists, &more),
		  0);
	cr_assert_eq(lists, 1);
	cr_assert_not(more);
	/* Pending bits cannot be unbound: take them first. */
	assert_rc(ffa_notif_unbind(&v.ctx, NOTIFIER, VM2, 1u << 9), FFA_ERR_DENIED);
	{
		struct ffa_notif_bitmaps got;
		assert_rc(ffa_notif_get(&v.ctx, VM2, 0, FFA_NOTIF_GET_SP, NULL, &got), 0);
		cr_assert_eq(got.sp, 1u << 9);
	}
	assert_rc(ffa_notif_unbind(&v.ctx, NOTIFIER, VM2, 1u << 9), 0);
	assert_rc(ffa_notif_bitmap_destroy(&h.ctx, VM2), 0);
	client_close(&v);
	client_close(&h);
}

Test(simd_calls_more, donation_kept_by_the_memory_checker)
{
	struct client v;
	uint64_t h = 0, resp[FFA_MSG_DIRECT_WORDS];
	uint8_t *mem;

	client_ready(&v, VM1);
	mem = ffa_conduit_socket_alloc(v.s, 1);
	memset(mem, 0x3C, 4096);
	assert_rc(client_share(&v, FFA_MEM_DONATE_32, MEMCHK, mem, 1, &h), 0);
	assert_rc(client_memcheck(&v, VM1, h, 0x3C, 0x3D, FFA_MEM_RETRIEVE_TYPE_DONATE, resp), 0);
	cr_assert_eq(resp[0], 0, "status %d", (int)(int32_t)resp[0]);
	/* The checker owns it now: the donor cannot reclaim. */
	cr_assert_lt(client_reclaim(&v, h), 0);
	client_close(&v);
}

Test(simd_calls_more, hypervisor_unmaps_a_vms_pair)
{
	struct client h, v;

	client_ready(&h, HYP);
	client_ready(&v, VM2);
	cr_assert_eq(ffa_ctx_rx_buffer(&v.ctx), v.rx);
	cr_assert_eq(ffa_ctx_tx_buffer(&v.ctx), v.tx);
	cr_assert_eq(ffa_ctx_rxtx_size(&v.ctx), 4096);
	/* A VM cannot, the hypervisor can; then the VM maps again. */
	assert_rc(ffa_rxtx_unmap_vm(&v.ctx, VM1), FFA_ERR_INVALID_PARAMETERS);
	assert_rc(ffa_rxtx_unmap_vm(&h.ctx, VM2), 0);
	assert_rc(ffa_rxtx_unmap_vm(&h.ctx, VM2), FFA_ERR_INVALID_PARAMETERS); /* nothing mapped */
	assert_rc(ffa_rx_release(&v.ctx), FFA_ERR_INVALID_PARAMETERS); /* nothing mapped */
	/* The VM learns its pair is gone; its context forgets it and the
	 * same context maps the buffers again. */
	assert_rc(ffa_rxtx_unmap(&v.ctx), FFA_ERR_INVALID_PARAMETERS);
	cr_assert_null(ffa_ctx_rx_buffer(&v.ctx));
	assert_rc(ffa_rxtx_map(&v.ctx, v.tx, v.rx, 1), 0);
	assert_rc(ffa_rx_release(&v.ctx), FFA_ERR_DENIED);
	client_close(&v);
	client_close(&h);
}

Test(simd_calls_more, context_and_connection_accessors)
{
	struct ffa_conduit_socket *s = NULL;
	struct client c;
	struct pollfd p;
	uint32_t kind;
	char path[108];

	client_ready(&c, VM1);
	cr_assert_eq(ffa_ctx_version(&c.ctx), FFA_VERSION_1_2);
	cr_assert_eq(ffa_ctx_pm_version(&c.ctx), FFA_VERSION_1_2);
	cr_assert_eq(ffa_conduit_socket_endpoint(c.s), VM1);
	/* The socket polls quiet until the daemon has something to say. */
	p = (struct pollfd){ .fd = ffa_conduit_socket_fd(c.s), .events = POLLIN };
	cr_assert_geq(p.fd, 0);
	cr_assert_eq(poll(&p, 1, 0), 0);
	assert_rc(ffa_conduit_socket_poll(c.s, 0, &kind, NULL), 0);
	client_close(&c);
	/* The default path: $FFA_SIMD_SOCKET first; connect(NULL) uses it. */
	cr_assert_eq(setenv("FFA_SIMD_SOCKET", D.path, 1), 0);
	assert_rc(ffa_conduit_socket_default_path(path, sizeof(path)), 0);
	cr_assert_str_eq(path, D.path);
	assert_rc(ffa_conduit_socket_default_path(path, 4), FFA_ERR_BUFFER_TOO_SMALL);
	assert_rc(ffa_conduit_socket_connect(NULL, VM1, 0, &s), 0);
	cr_assert_eq(ffa_conduit_socket_endpoint(s), VM1);
	ffa_conduit_socket_close(s);
	unsetenv("FFA_SIMD_SOCKET");
}
