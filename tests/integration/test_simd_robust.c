/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Robustness of ffa-simd: malformed and truncated frames close only the
 * client that sent them; a client that dies mid-fragmented-transaction or
 * while holding borrowed memory is cleaned up; 64 clients at once. Every
 * test ends with simd_stop(), which requires the daemon to exit 0: its
 * invariant checker (ffa_sim_check) found nothing at shutdown.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ffa/conduit_socket.h>

#include "simd_fixture.h"
#include "sock_io.h"

TestSuite(simd_robust, .init = simd_start, .fini = simd_stop);

/* The daemon closed @fd: every further read sees end of file (a WELCOME
 * refusal may come first). */
static void assert_closed(int fd)
{
	uint8_t b[256];
	ssize_t n;

	while ((n = recv(fd, b, sizeof(b), 0)) > 0) {
		struct ffa_sock_frame f;
		cr_assert_eq(ffa_sock_frame_decode(&f, b, (size_t)n), 0);
		cr_assert_eq(f.type, FFA_SOCK_WELCOME);
		cr_assert_lt(f.status, 0);
	}
	cr_assert_eq(n, 0);
	close(fd);
}

static void send_fd(int sock, const void *buf, size_t len, int fd)
{
	assert_rc(ffa__sock_send_bytes(sock, buf, len, fd), 0);
}

static int encode(uint32_t type, uint16_t ep, uint8_t *buf)
{
	struct ffa_sock_frame f = { .type = type, .endpoint = ep, .size = 4096, .seq = 1 };
	int len = ffa_sock_frame_encode(&f, buf, FFA_SOCK_FRAME_MAX);

	cr_assert_gt(len, 0);
	return len;
}

static int arena(void)
{
	int fd = memfd_create("t", 0);

	cr_assert_geq(fd, 0);
	cr_assert_eq(ftruncate(fd, 4096), 0);
	return fd;
}

/* A good client still gets answers. */
static void assert_serving(struct client *good)
{
	uint16_t id = 0;

	assert_rc(ffa_id_get(&good->ctx, &id), 0);
	cr_assert_eq(id, VM2);
}

Test(simd_robust, malformed_and_truncated_frames_close_only_that_client)
{
	struct client good;
	uint8_t b[FFA_SOCK_FRAME_MAX + 8];
	int fd, len, mfd = arena();

	client_ready(&good, VM2);

	/* Before HELLO: garbage, a short header, wrong magic, wrong version,
	 * a wrong length field, an unknown type, a CALL, an empty message. */
	fd = raw_connect();
	memset(b, 0xEE, sizeof(b));
	send_fd(fd, b, 40, -1);
	assert_closed(fd);

	fd = raw_connect();
	len = encode(FFA_SOCK_HELLO, VM1, b);
	send_fd(fd, b, 8, mfd); /* truncated header */
	assert_closed(fd);

	fd = raw_connect();
	len = encode(FFA_SOCK_HELLO, VM1, b);
	send_fd(fd, b, (size_t)len - 1, mfd); /* truncated payload */
	assert_closed(fd);

	fd = raw_connect();
	len = encode(FFA_SOCK_HELLO, VM1, b);
	b[0] ^= 1; /* magic */
	send_fd(fd, b, (size_t)len, mfd);
	assert_closed(fd);

	fd = raw_connect();
	len = encode(FFA_SOCK_HELLO, VM1, b);
	b[4] = 2; /* version */
	send_fd(fd, b, (size_t)len, mfd);
	assert_closed(fd);

	fd = raw_connect();
	len = encode(FFA_SOCK_HELLO, VM1, b);
	b[8] += 8; /* length field */
	send_fd(fd, b, (size_t)len + 8, mfd);
	assert_closed(fd);

	fd = raw_connect();
	len = encode(FFA_SOCK_HELLO, VM1, b);
	b[6] = 99; /* type */
	send_fd(fd, b, (size_t)len, mfd);
	assert_closed(fd);

	fd = raw_connect();
	len = encode(FFA_SOCK_HELLO, VM1, b);
	b[FFA_SOCK_HDR_SIZE + 3] = 1; /* reserved byte */
	send_fd(fd, b, (size_t)len, mfd);
	assert_closed(fd);

	fd = raw_connect();
	len = encode(FFA_SOCK_CALL, 0, b); /* CALL before HELLO */
	send_fd(fd, b, (size_t)len, -1);
	assert_closed(fd);

	fd = raw_connect();
	len = encode(FFA_SOCK_HELLO, VM1, b); /* HELLO without the arena */
	send_fd(fd, b, (size_t)len, -1);
	assert_closed(fd);

	fd = raw_connect();
	send_fd(fd, b, 0, -1); /* empty message */
	assert_closed(fd);
	assert_serving(&good);

	/* After a good HELLO: a truncated CALL, a CALL with a descriptor
	 * attached, a second HELLO, an ANSWER. Each closes the client, and VM1
	 * is free again afterwards (nothing of it stays behind). */
	static const uint32_t after[] = { FFA_SOCK_CALL, FFA_SOCK_CALL, FFA_SOCK_HELLO,
					  FFA_SOCK_ANSWER };
	for (unsigned int k = 0; k < 4; k++) {
		struct ffa_sock_frame w;
		ssize_t n;

		fd = raw_connect();
		len = encode(FFA_SOCK_HELLO, VM1, b);
		send_fd(fd, b, (size_t)len, mfd);
		n = recv(fd, b, sizeof(b), 0);
		cr_assert_eq(ffa_sock_frame_decode(&w, b, (size_t)n), 0);
		cr_assert_eq(w.type, FFA_SOCK_WELCOME);
		cr_assert_eq(w.status, 0);
		len = encode(after[k], VM1, b);
		if (k == 0)
			send_fd(fd, b, (size_t)len - 3, -1);
		else
			send_fd(fd, b, (size_t)len, k == 1 || k == 2 ? mfd : -1);
		assert_closed(fd);
		assert_serving(&good);
	}
	close(mfd);
	{
		struct client again;
		client_ready(&again, VM1);
		client_close(&again);
	}
	client_close(&good);
}

Test(simd_robust, conduit_refuses_malformed_server_frames)
{
	/* The codec is what the conduit runs on every server frame. */
	struct ffa_sock_frame f;
	uint8_t b[FFA_SOCK_FRAME_MAX + 1];
	int len = encode(FFA_SOCK_ANSWER, 0, b);

	for (int cut = 0; cut < len; cut++)
		assert_rc(ffa_sock_frame_decode(&f, b, (size_t)cut), FFA_ERR_PROTOCOL);
	assert_rc(ffa_sock_frame_decode(&f, b, (size_t)len), 0);
	assert_rc(ffa_sock_frame_decode(&f, b, (size_t)len + 1), FFA_ERR_PROTOCOL);
	len = encode(FFA_SOCK_ASYNC, 0, b);
	assert_rc(ffa_sock_frame_decode(&f, b, (size_t)len), FFA_ERR_PROTOCOL); /* kind 0 */
	for (unsigned int i = 0; i < FFA_SOCK_HDR_SIZE; i++) {
		len = encode(FFA_SOCK_WELCOME, 0, b);
		b[i] ^= 0x80;
		if (i < 12) /* everything but the sequence number is checked */
			assert_rc(ffa_sock_frame_decode(&f, b, (size_t)len), FFA_ERR_PROTOCOL);
	}
}

/* ---- dying clients ------------------------------------------------------------- */

/* Start a fragmented SHARE of 300 separate pages to the memory checker and
 * die after the first fragment. */
static void die_mid_fragmented_share(void *arg)
{
	struct client c;
	static struct ffa_mem_range r[300];
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	struct ffa_mem_receiver rcv = { .id = MEMCHK };
	uint8_t *mem, *desc = malloc(16384);
	struct ffa_regs in = { { FFA_MEM_SHARE_32 } }, out;
	uint64_t pa;
	int len;

	(void)arg;
	if (!desc || client_open(&c, VM1, 4u << 20, true))
		_exit(2);
	mem = ffa_conduit_socket_alloc(c.s, 600);
	if (!mem || !ffa_conduit_socket_va_to_pa(c.s, mem, &pa))
		_exit(3);
	for (unsigned int i = 0; i < 300; i++)
		r[i] = (struct ffa_mem_range){ pa + 8192ull * i, 1 };
	rcv.perm = ffa_mem_perm_make(FFA_MEM_DATA_RW, FFA_MEM_INSTR_NOT_SPECIFIED);
	struct ffa_mem_txn txn = { .version = FFA_VERSION_1_2, .kind = FFA_MEM_DESC_SEND,
				   .sender = VM1, .attributes = FFA_MEM_ATTR_NORMAL_WB_INNER,
				   .receiver_count = 1, .receivers = &rcv };
	ffa_mem_range_array_iter(&st, r, 300, &it);
	len = ffa_mem_desc_encode(&txn, &it, desc, 16384);
	if (len <= 4096)
		_exit(4);
	memcpy(c.tx, desc, 4096);
	in.x[1] = (uint32_t)len;
	in.x[2] = 4096;
	if (ffa_call_raw(&c.ctx, &in, &out) || (uint32_t)out.x[0] != FFA_MEM_FRAG_RX_32)
		_exit(5);
	_exit(0); /* dies with the transaction half sent */
}

/* Also known-bugs class 26 (no rollback after partial transmission): the
 * daemon ends the half-sent transaction for the dead client. */
Test(simd_robust, known_bug_26_client_dies_mid_fragmented_transaction)
{
	struct client vm, good;
	uint64_t resp[FFA_MSG_DIRECT_WORDS], h;
	uint8_t *mem;

	client_ready(&good, VM2);
	cr_assert_eq(reap(spawn(die_mid_fragmented_share, NULL)), 0);
	assert_serving(&good);
	/* Its pending transaction went with it: VM1 connects again, and the
	 * memory checker and the pools work as before. */
	client_ready(&vm, VM1);
	mem = ffa_conduit_socket_alloc(vm.s, 1);
	memset(mem, 0x42, 4096);
	assert_rc(client_share(&vm, FFA_MEM_SHARE_32, MEMCHK, mem, 1, &h), 0);
	assert_rc(client_memcheck(&vm, VM1, h, 0x42, 0x43, FFA_MEM_RETRIEVE_TYPE_SHARE, resp), 0);
	cr_assert_eq(resp[0], 0);
	assert_rc(client_reclaim(&vm, h), 0);
	client_close(&vm);
	client_close(&good);
}

struct holder {
	uint64_t handle;
};

/* USER_SP retrieves the memory, writes it, and dies holding it. */
static void die_holding_borrowed_memory(void *arg)
{
	struct holder *hd = arg;
	struct client c;
	uint64_t pa = 0;
	uint32_t pages = 0;
	uint8_t *p;

	if (client_open(&c, USER_SP, 0, true))
		_exit(2);
	if (client_retrieve(&c, VM1, hd->handle, FFA_MEM_RETRIEVE_TYPE_SHARE, &pa, &pages))
		_exit(3);
	p = ffa_conduit_socket_pa_to_va(c.s, pa, pages * 4096ull);
	if (!p || pages != 2)
		_exit(4);
	memset(p, 0x77, 8192);
	raise(SIGKILL);
}

Test(simd_robust, client_dies_holding_borrowed_memory)
{
	struct client vm;
	struct holder hd;
	uint8_t *mem;

	client_ready(&vm, VM1);
	mem = ffa_conduit_socket_alloc(vm.s, 2);
	assert_rc(client_share(&vm, FFA_MEM_SHARE_32, USER_SP, mem, 2, &hd.handle), 0);
	cr_assert_eq(reap(spawn(die_holding_borrowed_memory, &hd)), 128 + SIGKILL);
	cr_assert_eq(mem[0], 0x77);
	cr_assert_eq(mem[8191], 0x77);
	/* The daemon relinquished for the dead borrower: the owner reclaims. */
	assert_rc(client_reclaim(&vm, hd.handle), 0);
	/* And the partition can be played again. */
	cr_assert_eq(reap(spawn(die_holding_borrowed_memory, &hd)), 3); /* handle is gone */
	client_close(&vm);
}

/* ---- many clients ----------------------------------------------------------------- */

static void busy_vm(void *arg)
{
	uint16_t ep = (uint16_t)(uintptr_t)arg;
	struct client c;
	struct ffa_ctx *ctx = &c.ctx;
	struct ffa_partition_info info[8];
	uint64_t a[FFA_MSG_DIRECT_WORDS], r[FFA_MSG_DIRECT_WORDS];

	if (client_open(&c, ep, 64 * 1024, true))
		_exit(2);
	for (unsigned int i = 0; i < 100; i++) {
		for (unsigned int k = 0; k < FFA_MSG_DIRECT_WORDS; k++)
			a[k] = ep * 1000u + i * 10u + k;
		if (ffa_msg_send_direct_req(ctx, ECHO, NULL, FFA_MSG_FLAG_64BIT, a, r) ||
		    memcmp(a, r, sizeof(a)))
			_exit(4);
		if (i % 10 == 0 && ffa_partition_info_get(ctx, NULL, info, 8, NULL) != (int)SP_COUNT)
			_exit(5);
	}
	client_close(&c);
	_exit(0);
}

Test(simd_robust, sixty_four_concurrent_clients)
{
	pid_t pid[64];
	struct client good;

	for (unsigned int i = 0; i < 64; i++)
		pid[i] = spawn(busy_vm, (void *)(uintptr_t)(i + 1));
	for (unsigned int i = 0; i < 64; i++)
		cr_assert_eq(reap(pid[i]), 0, "client %u failed", i + 1);
	/* Every endpoint is free again. */
	client_ready(&good, 64);
	client_close(&good);
}
