/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The libffa tour: an FF-A client talking to the ffa-simd simulator over the
 * socket conduit, saying what happens at each step.
 *
 *   ffa-simd &            (default manifest: echo, memcheck, notifier SPs)
 *   ffa_tour [SOCKET]
 *
 * It plays endpoint 0: the normal-world kernel, which is also the
 * scheduler (it receives the Schedule Receiver Interrupt and runs
 * partitions that have work).
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ffa/conduit_socket.h>
#include <ffa/ffa.h>

#define ECHO 0x8001
#define MEMCHK 0x8002
#define NOTIFIER 0x8003

/* The memory checker's protocol (sim/include/ffa_sim/partition.h). */
#define MEMCHECK_CHECK 1u
#define NOTIFIER_SET 3u

static int step_no;

static void step(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void step(const char *fmt, ...)
{
	va_list ap;

	printf("\n[%d] ", ++step_no);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void check(int rc, const char *what)
{
	if (rc < 0) {
		printf("    !! %s failed: %s (%d)\n", what, ffa_strerror(rc), rc);
		exit(1);
	}
}

static int answer(const struct ffa_regs *r, uint32_t want)
{
	if ((uint32_t)r->x[0] == FFA_ERROR_32)
		return ffa_error_from_wire((uint32_t)r->x[2]);
	return (uint32_t)r->x[0] == want ? 0 : FFA_ERR_PROTOCOL;
}

int main(int argc, char **argv)
{
	struct ffa_conduit_socket *s;
	struct ffa_conduit conduit;
	struct ffa_port port;
	struct ffa_ctx ctx;
	struct ffa_partition_info parts[16];
	char uuid[37];
	uint16_t me = 0;
	int n;

	step("Connect to ffa-simd as endpoint 0 (the normal-world kernel and scheduler)");
	check(ffa_conduit_socket_connect(argc > 1 ? argv[1] : NULL, 0, 0, &s), "connect");
	printf("    arena of 1 MiB shared with the daemon; its \"physical\" base is 0x%llx\n",
	       (unsigned long long)ffa_conduit_socket_base(s));
	ffa_conduit_socket_conduit(s, &conduit);
	ffa_conduit_socket_port(s, &port);
	check(ffa_ctx_init(&ctx, &conduit, &port), "context");

	step("Negotiate the FF-A version (FFA_VERSION) and learn our ID (FFA_ID_GET)");
	check(ffa_version_negotiate(&ctx, 0), "negotiate");
	check(ffa_id_get(&ctx, &me), "id");
	printf("    agreed on v%u.%u; we are endpoint 0x%04x\n", ffa_ctx_version(&ctx) >> 16,
	       ffa_ctx_version(&ctx) & 0xFFFF, me);

	step("Map a one-page RX/TX buffer pair (FFA_RXTX_MAP) from the arena");
	void *tx = ffa_conduit_socket_alloc(s, 1), *rx = ffa_conduit_socket_alloc(s, 1);
	check(ffa_rxtx_map(&ctx, tx, rx, 1), "rxtx map");
	printf("    the partition manager now reads our TX and writes our RX buffer\n");

	step("List the secure partitions (FFA_PARTITION_INFO_GET, answer in RX)");
	n = ffa_partition_info_get(&ctx, NULL, parts, 16, NULL);
	check(n, "partition info");
	for (int i = 0; i < n; i++) {
		ffa_uuid_format(&parts[i].uuid, uuid);
		printf("    0x%04x  %s  %u vCPU  %s%s%s%s\n", parts[i].id, uuid,
		       parts[i].exec_ctx_count,
		       parts[i].properties & FFA_PART_PROP_DIRECT_REQ_RECV ? "direct " : "",
		       parts[i].properties & FFA_PART_PROP_DIRECT_REQ2_RECV ? "direct2 " : "",
		       parts[i].properties & FFA_PART_PROP_INDIRECT_MSG ? "indirect " : "",
		       parts[i].properties & FFA_PART_PROP_NOTIFICATION_RECV ? "notifications" : "");
	}

	step("Direct message to the echo partition (FFA_MSG_SEND_DIRECT_REQ, 5 registers)");
	uint64_t args[FFA_MSG_DIRECT_WORDS] = { 0xCAFE, 1, 2, 3, 4 }, resp[FFA_MSG_DIRECT_WORDS];
	check(ffa_msg_send_direct_req(&ctx, ECHO, NULL, 0, args, resp), "direct");
	printf("    sent %#llx %llu %llu %llu %llu, echo answered %#llx %llu %llu %llu %llu\n",
	       (unsigned long long)args[0], (unsigned long long)args[1],
	       (unsigned long long)args[2], (unsigned long long)args[3],
	       (unsigned long long)args[4], (unsigned long long)resp[0],
	       (unsigned long long)resp[1], (unsigned long long)resp[2],
	       (unsigned long long)resp[3], (unsigned long long)resp[4]);

	step("Direct message v2 (FFA_MSG_SEND_DIRECT_REQ2: a service UUID, 14 registers)");
	uint64_t a2[FFA_MSG_DIRECT2_WORDS], r2[FFA_MSG_DIRECT2_WORDS];
	for (unsigned int i = 0; i < FFA_MSG_DIRECT2_WORDS; i++)
		a2[i] = 0x100 + i;
	check(ffa_msg_send_direct_req2(&ctx, ECHO, NULL, &parts[0].uuid, a2, r2), "direct2");
	ffa_uuid_format(&parts[0].uuid, uuid);
	printf("    14 words went to service %s and came back %s\n", uuid,
	       memcmp(a2, r2, sizeof(a2)) ? "CHANGED" : "unchanged");

	step("Indirect message (FFA_MSG_SEND2 through TX) to the echo partition");
	static const char text[] = "hello, secure world";
	check(ffa_msg_send2(&ctx, ECHO, NULL, NULL, text, sizeof(text), 0), "send2");
	uint32_t kind = 0, intid = 0;
	check(ffa_conduit_socket_poll(s, -1, &kind, &intid), "poll");
	printf("    the Schedule Receiver Interrupt (%u) arrived: echo has a message to read\n",
	       intid);
	struct ffa_regs out;
	check(ffa_run(&ctx, ECHO, 0, &out), "run");
	printf("    we gave echo CPU time (FFA_RUN); it sent the message back to us\n");
	struct ffa_indirect_msg hdr;
	char buf[64] = { 0 };
	check(ffa_msg_recv_indirect(&ctx, &hdr, buf, sizeof(buf)), "receive");
	printf("    our RX buffer holds \"%s\" from 0x%04x (then FFA_RX_RELEASE)\n", buf, hdr.sender);

	step("Share two pages with the memory checker (FFA_MEM_SHARE, descriptor in TX)");
	uint8_t *mem = ffa_conduit_socket_alloc(s, 2);
	memset(mem, 0xAB, 8192);
	struct ffa_mem_receiver rcv = { .id = MEMCHK };
	rcv.perm = ffa_mem_perm_make(FFA_MEM_DATA_RW, FFA_MEM_INSTR_NOT_SPECIFIED);
	struct ffa_mem_range range = { 0, 2 };
	ffa_conduit_socket_va_to_pa(s, mem, &range.addr);
	struct ffa_mem_txn txn = { .version = ffa_ctx_version(&ctx), .kind = FFA_MEM_DESC_SEND,
				   .sender = me, .attributes = FFA_MEM_ATTR_NORMAL_WB_INNER,
				   .receiver_count = 1, .receivers = &rcv };
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	ffa_mem_range_array_iter(&st, &range, 1, &it);
	int len = ffa_mem_desc_encode(&txn, &it, tx, 4096);
	check(len, "encode");
	struct ffa_regs in = { { FFA_MEM_SHARE_32, (uint32_t)len, (uint32_t)len } };
	check(ffa_call_raw(&ctx, &in, &out), "share");
	check(answer(&out, FFA_SUCCESS_32), "share");
	uint64_t h = ffa_mem_handle_make((uint32_t)out.x[2], (uint32_t)out.x[3]);
	printf("    pages at 0x%llx hold 0xAB; the transaction's handle is 0x%llx\n",
	       (unsigned long long)range.addr, (unsigned long long)h);

	step("Ask the memory checker to retrieve, verify and rewrite them (direct message)");
	uint64_t mc[FFA_MSG_DIRECT_WORDS] = { MEMCHECK_CHECK, me, (uint32_t)h, h >> 32,
					       0xAB | 0xCD << 8 | FFA_MEM_RETRIEVE_TYPE_SHARE << 16 };
	check(ffa_msg_send_direct_req(&ctx, MEMCHK, NULL, 0, mc, resp), "memcheck");
	printf("    it checked %llu pages, found %llu bytes that were not 0xAB, and wrote 0xCD\n",
	       (unsigned long long)resp[1], (unsigned long long)resp[2]);
	printf("    our memory now starts with 0x%02X and ends with 0x%02X\n", mem[0], mem[8191]);

	step("Reclaim the memory (FFA_MEM_RECLAIM): the checker relinquished it");
	struct ffa_regs rin = { { FFA_MEM_RECLAIM_32, (uint32_t)h, h >> 32 } };
	check(ffa_call_raw(&ctx, &rin, &out), "reclaim");
	check(answer(&out, FFA_SUCCESS_32), "reclaim");
	printf("    handle 0x%llx is gone; the pages are ours alone again\n", (unsigned long long)h);

	step("Receive a notification from the notifier partition");
	check(ffa_notif_bitmap_create(&ctx, me, 1), "bitmap create");
	check(ffa_notif_bind(&ctx, NOTIFIER, me, false, 1u << 5), "bind");
	printf("    we created our notification bitmap and bound bit 5 to the notifier\n");
	uint64_t na[FFA_MSG_DIRECT_WORDS] = { NOTIFIER_SET, me, 1u << 5, 0, 0 };
	check(ffa_msg_send_direct_req(&ctx, NOTIFIER, NULL, 0, na, resp), "notifier");
	check(ffa_conduit_socket_poll(s, -1, &kind, &intid), "poll");
	printf("    the notifier set it; the Schedule Receiver Interrupt (%u) arrived\n", intid);
	struct ffa_notif_info info;
	check(ffa_notif_info_get(&ctx, FFA_NOTIF_INFO_AUTO, &info), "info get");
	printf("    FFA_NOTIFICATION_INFO_GET: endpoint 0x%04x has notifications pending\n",
	       info.lists[0].endpoint);
	struct ffa_notif_bitmaps got;
	check(ffa_notif_get(&ctx, me, 0, FFA_NOTIF_GET_SP, NULL, &got), "get");
	printf("    FFA_NOTIFICATION_GET: bitmap from partitions = 0x%llx\n",
	       (unsigned long long)got.sp);

	step("Done: unmap the buffers and disconnect");
	check(ffa_rxtx_unmap(&ctx), "unmap");
	ffa_conduit_socket_close(s);
	printf("\nThe tour is over.\n");
	return 0;
}
