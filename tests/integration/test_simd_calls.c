/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * End to end over the socket: libffa's calls against ffa-simd with the
 * default manifest - setup and discovery, direct / direct2 / indirect
 * messages with the echo partition, memory the memory checker verifies and
 * rewrites, notifications with the SRI as an asynchronous frame, and an SP
 * played by a second client process with libffa's receiver API, which
 * retrieves and writes memory the first one shares.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "simd_fixture.h"

TestSuite(simd_calls, .init = simd_start, .fini = simd_stop);

Test(simd_calls, version_features_ids)
{
	struct client c;
	struct ffa_features f;
	struct ffa_rxtx_props p;
	uint32_t pm = 0, intid = 0;
	uint16_t id = 0xFFFF;

	client_connect(&c, VM1);
	assert_rc(ffa_version(&c.ctx, FFA_VERSION_1_2, &pm), 0);
	cr_assert_eq(pm, FFA_VERSION_1_2);
	assert_rc(ffa_version_negotiate(&c.ctx, 0), 0);
	cr_assert_eq(ffa_ctx_version(&c.ctx), FFA_VERSION_1_2);
	assert_rc(ffa_features(&c.ctx, FFA_MSG_SEND_DIRECT_REQ2_64, 0, &f), 0);
	assert_rc(ffa_features(&c.ctx, FFA_MSG_POLL_32, 0, NULL), FFA_ERR_NOT_SUPPORTED);
	assert_rc(ffa_features_rxtx_map(&c.ctx, &p), 0);
	cr_assert_eq(p.min_size, 4096);
	assert_rc(ffa_features_interrupt(&c.ctx, FFA_FEATURE_SRI, &intid), FFA_ERR_NOT_SUPPORTED);
	/* Managed exit is not simulated; the NPI is for SPs. */
	assert_rc(ffa_features_interrupt(&c.ctx, FFA_FEATURE_MEI, &intid), FFA_ERR_NOT_SUPPORTED);
	assert_rc(ffa_features_interrupt(&c.ctx, FFA_FEATURE_NPI, &intid), FFA_ERR_NOT_SUPPORTED);
	assert_rc(ffa_id_get(&c.ctx, &id), 0);
	cr_assert_eq(id, VM1);
	assert_rc(ffa_spm_id_get(&c.ctx, &id), 0);
	cr_assert_eq(id, 0x8000);
	client_close(&c);
}

Test(simd_calls, scheduler_learns_the_sri)
{
	struct client c;
	uint32_t intid = 0;

	client_ready(&c, HYP);
	assert_rc(ffa_features_interrupt(&c.ctx, FFA_FEATURE_SRI, &intid), 0);
	cr_assert_eq(intid, 8);
	client_close(&c);
}

Test(simd_calls, rxtx_map_unmap_remap)
{
	struct client c;

	client_ready(&c, VM1);
	assert_rc(ffa_rxtx_unmap(&c.ctx), 0);
	assert_rc(ffa_rx_release(&c.ctx), FFA_ERR_INVALID_PARAMETERS); /* nothing mapped */
	assert_rc(ffa_rxtx_map(&c.ctx, c.tx, c.rx, 1), 0);
	assert_rc(ffa_rx_release(&c.ctx), FFA_ERR_DENIED); /* RX is not ours */
	client_close(&c);
}

Test(simd_calls, partition_info_both_variants)
{
	struct client c;
	struct ffa_partition_info a[8], b[8];
	uint32_t total = 0, count = 0;
	static const uint16_t ids[SP_COUNT] = { ECHO, MEMCHK, NOTIFIER, USER_SP };

	client_ready(&c, VM1);
	assert_rc(ffa_partition_info_get(&c.ctx, NULL, a, 8, &total), (int)SP_COUNT);
	assert_rc(ffa_partition_info_get_regs(&c.ctx, NULL, b, 8, &total), (int)SP_COUNT);
	assert_rc(ffa_partition_count(&c.ctx, NULL, &count), 0);
	cr_assert_eq(count, SP_COUNT);
	for (unsigned int i = 0; i < SP_COUNT; i++) {
		cr_assert_eq(a[i].id, ids[i]);
		cr_assert_eq(b[i].id, ids[i]);
		cr_assert_eq(a[i].properties, b[i].properties);
		cr_assert(ffa_uuid_equal(&a[i].uuid, &b[i].uuid));
	}
	/* The manifest's messaging-method and notification-support. */
	cr_assert(a[0].properties & FFA_PART_PROP_DIRECT_REQ2_RECV);
	cr_assert(a[0].properties & FFA_PART_PROP_INDIRECT_MSG);
	cr_assert(a[0].properties & FFA_PART_PROP_AARCH64);
	cr_assert(a[2].properties & FFA_PART_PROP_NOTIFICATION_RECV);
	cr_assert_not(a[1].properties & FFA_PART_PROP_DIRECT_REQ2_RECV);
	/* A named UUID finds its partition. */
	assert_rc(ffa_partition_info_get(&c.ctx, &a[3].uuid, b, 8, &total), 1);
	cr_assert_eq(b[0].id, USER_SP);
	client_close(&c);
}

Test(simd_calls, direct_and_direct2_to_echo)
{
	struct client c;
	uint64_t args[FFA_MSG_DIRECT_WORDS] = { 1, 2, 3, 4, 5 }, resp[FFA_MSG_DIRECT_WORDS];
	uint64_t a2[FFA_MSG_DIRECT2_WORDS], r2[FFA_MSG_DIRECT2_WORDS];
	struct ffa_partition_info echo;

	client_ready(&c, VM1);
	assert_rc(ffa_msg_send_direct_req(&c.ctx, ECHO, NULL, 0, args, resp), 0);
	cr_assert_arr_eq(resp, args, sizeof(args));
	assert_rc(ffa_msg_send_direct_req(&c.ctx, ECHO, NULL, FFA_MSG_FLAG_64BIT, args, resp), 0);
	cr_assert_arr_eq(resp, args, sizeof(args));
	for (unsigned int i = 0; i < FFA_MSG_DIRECT2_WORDS; i++)
		a2[i] = 0x1111111111111111ull * (i + 1);
	assert_rc(ffa_partition_info_get(&c.ctx, NULL, &echo, 1, NULL), FFA_ERR_BUFFER_TOO_SMALL);
	assert_rc(ffa_msg_send_direct_req2(&c.ctx, ECHO, NULL, NULL, a2, r2), 0);
	cr_assert_arr_eq(r2, a2, sizeof(a2));
	/* The memory checker does not take REQ2 (manifest messaging-method). */
	assert_rc(ffa_msg_send_direct_req2(&c.ctx, MEMCHK, NULL, NULL, a2, r2), FFA_ERR_DENIED);
	client_close(&c);
}

Test(simd_calls, indirect_message_echoed_back)
{
	struct client c, hyp;
	struct ffa_indirect_msg hdr;
	struct ffa_regs out;
	uint32_t kind = 0;
	char buf[64];
	static const char msg[] = "hello over the socket";

	client_ready(&hyp, HYP);
	client_ready(&c, VM1);
	assert_rc(ffa_msg_send2(&c.ctx, ECHO, NULL, NULL, msg, sizeof(msg), 0), 0);
	/* The scheduler hears the SRI and gives the echo partition CPU time:
	 * it sends the message back. */
	assert_rc(ffa_conduit_socket_poll(hyp.s, -1, &kind, NULL), 1);
	cr_assert_eq(kind, FFA_SOCK_ASYNC_SRI);
	assert_rc(ffa_run(&hyp.ctx, ECHO, 0, &out), 0);
	assert_rc(ffa_msg_recv_indirect(&c.ctx, &hdr, buf, sizeof(buf)), (int)sizeof(msg));
	cr_assert_eq(hdr.sender, ECHO);
	cr_assert_eq(hdr.receiver, VM1);
	cr_assert_str_eq(buf, msg);
	client_close(&c);
	client_close(&hyp);
}

Test(simd_calls, share_checked_and_rewritten_by_memcheck_then_reclaimed)
{
	struct client c;
	uint64_t h = 0, resp[FFA_MSG_DIRECT_WORDS];
	uint8_t *mem;

	client_ready(&c, VM1);
	mem = ffa_conduit_socket_alloc(c.s, 2);
	memset(mem, 0xAB, 8192);
	assert_rc(client_share(&c, FFA_MEM_SHARE_32, MEMCHK, mem, 2, &h), 0);
	assert_rc(client_memcheck(&c, VM1, h, 0xAB, 0xCD, FFA_MEM_RETRIEVE_TYPE_SHARE, resp), 0);
	cr_assert_eq(resp[0], 0, "status %d", (int)(int32_t)resp[0]);
	cr_assert_eq(resp[1], 2);  /* pages checked */
	cr_assert_eq(resp[2], 0);  /* mismatches */
	cr_assert_eq(resp[3], 1);  /* written */
	for (unsigned int i = 0; i < 8192; i++)
		cr_assert_eq(mem[i], 0xCD);
	assert_rc(client_reclaim(&c, h), 0);
	assert_rc(client_reclaim(&c, h), FFA_ERR_INVALID_PARAMETERS); /* handle gone */
	/* A lend, checked too. */
	assert_rc(client_share(&c, FFA_MEM_LEND_32, MEMCHK, mem, 1, &h), 0);
	assert_rc(client_memcheck(&c, VM1, h, 0xCD, 0x11, FFA_MEM_RETRIEVE_TYPE_LEND, resp), 0);
	cr_assert_eq(resp[0], 0);
	cr_assert_eq(mem[4095], 0x11);
	assert_rc(client_reclaim(&c, h), 0);
	assert_rc(ffa_conduit_socket_free(c.s, mem, 2), 0);
	client_close(&c);
}

Test(simd_calls, notification_from_the_notifier_raises_the_sri)
{
	struct client hyp, vm;
	uint64_t args[FFA_MSG_DIRECT_WORDS] = { FFA_SIM_NOTIFIER_SET, VM1, 1u << 3, 0, 0 };
	uint64_t resp[FFA_MSG_DIRECT_WORDS];
	struct ffa_notif_info info;
	struct ffa_notif_bitmaps got;
	uint32_t kind = 0, intid = 0;

	client_ready(&hyp, HYP);
	client_ready(&vm, VM1);
	assert_rc(ffa_notif_bitmap_create(&hyp.ctx, VM1, 1), 0);
	assert_rc(ffa_notif_bind(&vm.ctx, NOTIFIER, VM1, false, 1u << 3), 0);
	assert_rc(ffa_conduit_socket_poll(hyp.s, 0, &kind, &intid), 0); /* nothing yet */
	assert_rc(ffa_msg_send_direct_req(&vm.ctx, NOTIFIER, NULL, 0, args, resp), 0);
	cr_assert_eq(resp[0], 0);
	/* The SRI arrives at the scheduler's connection. */
	assert_rc(ffa_conduit_socket_poll(hyp.s, -1, &kind, &intid), 1);
	cr_assert_eq(kind, FFA_SOCK_ASYNC_SRI);
	cr_assert_eq(intid, 8);
	assert_rc(ffa_notif_info_get(&hyp.ctx, FFA_NOTIF_INFO_AUTO, &info), 0);
	cr_assert_eq(info.count, 1);
	cr_assert_eq(info.lists[0].endpoint, VM1);
	assert_rc(ffa_notif_get(&vm.ctx, VM1, 0, FFA_NOTIF_GET_SP, NULL, &got), 0);
	cr_assert_eq(got.sp, 1u << 3);
	assert_rc(ffa_notif_get(&vm.ctx, VM1, 0, FFA_NOTIF_GET_SP, NULL, &got), 0);
	cr_assert_eq(got.sp, 0); /* read and cleared */
	assert_rc(ffa_notif_unbind(&vm.ctx, NOTIFIER, VM1, 1u << 3), 0);
	client_close(&vm);
	client_close(&hyp);
}

/* ---- an SP played by another process ----------------------------------------- */

#define CMD_ADD 1u   /* answer args + 1 */
#define CMD_WRITE 2u /* retrieve handle (args[1]) from args[2], write args[3] bytes */

/* The user's SP: libffa's receiver API over its own connection. Exit code
 * 0 never comes (it waits for the next message until killed); any failure
 * exits non-zero (reported by the test through the answers it gets). */
static void user_sp(void *arg)
{
	struct client c;
	struct ffa_msg m;
	uint64_t r[FFA_MSG_DIRECT2_WORDS];

	(void)arg;
	if (client_open(&c, USER_SP, 0, true))
		_exit(2);
	if (ffa_msg_wait(&c.ctx, 0, &m))
		_exit(3);
	for (;;) {
		int rc;
		memset(r, 0, sizeof(r));
		if (m.kind == FFA_MSG_DIRECT_REQ2) {
			for (unsigned int i = 0; i < FFA_MSG_DIRECT2_WORDS; i++)
				r[i] = ~m.args[i];
			rc = ffa_msg_send_direct_resp2(&c.ctx, &m, r, &m);
		} else if (m.kind == FFA_MSG_DIRECT_REQ && m.args[0] == CMD_ADD) {
			for (unsigned int i = 0; i < FFA_MSG_DIRECT_WORDS; i++)
				r[i] = m.args[i] + 1;
			rc = ffa_msg_send_direct_resp(&c.ctx, &m, r, &m);
		} else if (m.kind == FFA_MSG_DIRECT_REQ && m.args[0] == CMD_WRITE) {
			uint64_t pa = 0;
			uint32_t pages = 0;
			uint8_t *p;
			r[0] = (uint64_t)(uint32_t)client_retrieve(&c, (uint16_t)m.args[2], m.args[1],
								     FFA_MEM_RETRIEVE_TYPE_SHARE,
								     &pa, &pages);
			p = r[0] ? NULL : ffa_conduit_socket_pa_to_va(c.s, pa, pages * 4096ull);
			if (p) {
				memset(p, (int)m.args[3], pages * 4096ull);
				r[1] = pages;
				r[2] = (uint64_t)(uint32_t)client_relinquish(&c, m.args[1]);
			} else if (!r[0]) {
				r[0] = 0xBAD; /* retrieved but not mapped */
			}
			rc = ffa_msg_send_direct_resp(&c.ctx, &m, r, &m);
		} else if (m.kind == FFA_MSG_FRAMEWORK_REQ) {
			/* VM created / destroyed: status 0, the VM ID echoed. */
			r[1] = (uint16_t)m.args[2];
			rc = ffa_msg_send_framework_resp(&c.ctx, &m, r, &m);
		} else {
			_exit(4);
		}
		if (rc)
			_exit(5);
	}
}

Test(simd_calls, user_sp_in_another_process_answers_direct_and_direct2)
{
	struct client vm;
	uint64_t a2[FFA_MSG_DIRECT2_WORDS], r2[FFA_MSG_DIRECT2_WORDS];
	pid_t sp;

	client_ready(&vm, VM1);
	sp = sp_start(&vm, user_sp, CMD_ADD);
	for (unsigned int i = 0; i < FFA_MSG_DIRECT2_WORDS; i++)
		a2[i] = i * 7;
	assert_rc(ffa_msg_send_direct_req2(&vm.ctx, USER_SP, NULL, NULL, a2, r2), 0);
	for (unsigned int i = 0; i < FFA_MSG_DIRECT2_WORDS; i++)
		cr_assert_eq(r2[i], ~a2[i]);
	sp_stop(sp);
	client_close(&vm);
}

Test(simd_calls, user_sp_in_another_process_answers_framework_messages)
{
	struct client vm, h;
	uint64_t a[FFA_MSG_DIRECT_WORDS] = { 0, 0, VM2 }, r[FFA_MSG_DIRECT_WORDS];
	pid_t sp;

	client_ready(&vm, VM1);
	client_ready(&h, HYP);
	sp = sp_start(&vm, user_sp, CMD_ADD);
	assert_rc(ffa_msg_send_vm_created(&h.ctx, USER_SP, NULL, 0, VM2, ~0ull), 0);
	assert_rc(ffa_msg_send_framework_req(&h.ctx, USER_SP, NULL, FFA_MSG_FLAG_32BIT,
					     FFA_FWK_VM_DESTROYED_REQ, a, r),
		  0);
	cr_assert_eq(r[0], 0);
	cr_assert_eq(r[1], VM2);
	/* Only the hypervisor sends them (w2 is then invalid for a VM). */
	assert_rc(ffa_msg_send_vm_created(&vm.ctx, USER_SP, NULL, 0, VM2, ~0ull),
		  FFA_ERR_INVALID_PARAMETERS);
	sp_stop(sp);
	client_close(&h);
	client_close(&vm);
}

Test(simd_calls, memory_shared_by_one_process_retrieved_and_written_by_another)
{
	struct client vm;
	uint64_t h = 0, resp[FFA_MSG_DIRECT_WORDS];
	uint8_t *mem;
	pid_t sp;

	client_ready(&vm, VM1);
	sp = sp_start(&vm, user_sp, CMD_ADD);
	mem = ffa_conduit_socket_alloc(vm.s, 3);
	memset(mem, 0x00, 3 * 4096);
	assert_rc(client_share(&vm, FFA_MEM_SHARE_32, USER_SP, mem, 3, &h), 0);
	uint64_t args[FFA_MSG_DIRECT_WORDS] = { CMD_WRITE, h, VM1, 0x5A, 0 };
	assert_rc(ffa_msg_send_direct_req(&vm.ctx, USER_SP, NULL, FFA_MSG_FLAG_64BIT, args, resp),
		  0);
	cr_assert_eq(resp[0], 0, "SP retrieve: %d", (int)(int32_t)resp[0]);
	cr_assert_eq(resp[1], 3);
	cr_assert_eq(resp[2], 0, "SP relinquish: %d", (int)(int32_t)resp[2]);
	for (unsigned int i = 0; i < 3 * 4096; i++)
		cr_assert_eq(mem[i], 0x5A);
	assert_rc(client_reclaim(&vm, h), 0);
	sp_stop(sp);
	client_close(&vm);
}
