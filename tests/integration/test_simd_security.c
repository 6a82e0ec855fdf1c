/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Security of ffa-simd: a client cannot pose as another endpoint, map RX/TX
 * outside its own arena, or reach memory not shared with it. Plus the
 * daemon's start-up errors (bad manifests, a taken socket) and the
 * known-bugs.md classes that touch the daemon and the socket conduit.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "simd_fixture.h"

TestSuite(simd_security, .init = simd_start, .fini = simd_stop);

static int raw(struct client *c, uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3,
	       struct ffa_regs *out)
{
	struct ffa_regs in = { { x0, x1, x2, x3 } };
	int rc = ffa_call_raw(&c->ctx, &in, out);

	if (rc)
		return rc;
	if ((uint32_t)out->x[0] == FFA_ERROR_32)
		return ffa_error_from_wire((uint32_t)out->x[2]);
	return 0;
}

Test(simd_security, cannot_pose_as_an_endpoint_another_connection_plays)
{
	struct client a;
	struct ffa_conduit_socket *s = NULL;

	client_connect(&a, VM1);
	assert_rc(ffa_conduit_socket_connect(D.path, VM1, 0, &s), FFA_ERR_BUSY);
	cr_assert_null(s);
	client_close(&a);
	/* Free again once the first one left. */
	client_connect(&a, VM1);
	client_close(&a);
}

Test(simd_security, cannot_play_a_built_in_partition_or_an_unknown_endpoint)
{
	struct ffa_conduit_socket *s = NULL;

	assert_rc(ffa_conduit_socket_connect(D.path, ECHO, 0, &s), FFA_ERR_DENIED);
	assert_rc(ffa_conduit_socket_connect(D.path, MEMCHK, 0, &s), FFA_ERR_DENIED);
	assert_rc(ffa_conduit_socket_connect(D.path, 0x7000, 0, &s), FFA_ERR_INVALID_PARAMETERS);
	assert_rc(ffa_conduit_socket_connect(D.path, 0x8000, 0, &s), FFA_ERR_INVALID_PARAMETERS);
	cr_assert_null(s);
}

Test(simd_security, the_calls_carry_the_connection_identity)
{
	struct client c;
	struct ffa_regs out;

	client_ready(&c, VM2);
	/* A direct request naming VM1 as its sender is refused. */
	assert_rc(raw(&c, FFA_MSG_SEND_DIRECT_REQ_32, (uint32_t)VM1 << 16 | ECHO, 0, 1, &out),
		  FFA_ERR_INVALID_PARAMETERS);
	/* VM-only calls on behalf of others are the hypervisor's. */
	assert_rc(raw(&c, FFA_RX_ACQUIRE_32, VM1, 0, 0, &out), FFA_ERR_NOT_SUPPORTED);
	client_close(&c);
}

Test(simd_security, rxtx_outside_the_own_arena_is_refused)
{
	struct client a, b;
	struct ffa_regs out;
	uint64_t other, mine, end;

	client_ready(&b, VM2);
	client_connect(&a, VM1);
	assert_rc(ffa_version_negotiate(&a.ctx, 0), 0);
	other = ffa_conduit_socket_base(b.s) + 0x10000;
	mine = ffa_conduit_socket_base(a.s);
	end = mine + FFA_SOCK_ARENA_DEFAULT;
	/* Another client's arena, unbacked addresses, past the own arena's
	 * end, a range wrapping the address space. */
	assert_rc(raw(&a, FFA_RXTX_MAP_64, other, other + 4096, 1, &out), FFA_ERR_DENIED);
	assert_rc(raw(&a, FFA_RXTX_MAP_64, mine, other, 1, &out), FFA_ERR_DENIED);
	assert_rc(raw(&a, FFA_RXTX_MAP_64, 0x1000, 0x2000, 1, &out), FFA_ERR_DENIED);
	assert_rc(raw(&a, FFA_RXTX_MAP_64, mine, end, 1, &out), FFA_ERR_DENIED);
	assert_rc(raw(&a, FFA_RXTX_MAP_64, mine, end - 4096, 2, &out), FFA_ERR_DENIED);
	/* Its own pages work. */
	assert_rc(raw(&a, FFA_RXTX_MAP_64, mine, mine + 4096, 1, &out), 0);
	client_close(&a);
	client_close(&b);
}

Test(simd_security, memory_not_shared_with_a_client_stays_out_of_reach)
{
	struct client a, b;
	uint64_t h = 0, pa = 0;
	uint32_t pages = 0;
	uint8_t *mem;
	struct ffa_mem_range r;

	client_ready(&a, VM1);
	client_ready(&b, VM2);
	mem = ffa_conduit_socket_alloc(a.s, 1);
	cr_assert(ffa_conduit_socket_va_to_pa(a.s, mem, &pa));
	assert_rc(client_share(&a, FFA_MEM_SHARE_32, MEMCHK, mem, 1, &h), 0);
	/* VM2 is not a receiver: its retrieve is refused, and it never gets
	 * VM1's arena. */
	cr_assert_lt(client_retrieve(&b, VM1, h, FFA_MEM_RETRIEVE_TYPE_SHARE, &r.addr, &pages), 0);
	cr_assert_null(ffa_conduit_socket_pa_to_va(b.s, pa, 4096));
	/* Nor can it share VM1's pages as its own, or reclaim VM1's handle. */
	{
		struct ffa_mem_receiver rcv = { .id = MEMCHK };
		struct ffa_mem_range_array st;
		struct ffa_mem_range_iter it;
		struct ffa_regs out;
		int len;

		rcv.perm = ffa_mem_perm_make(FFA_MEM_DATA_RW, FFA_MEM_INSTR_NOT_SPECIFIED);
		r = (struct ffa_mem_range){ pa + 4096, 1 };
		struct ffa_mem_txn txn = { .version = FFA_VERSION_1_2, .kind = FFA_MEM_DESC_SEND,
					   .sender = VM2, .attributes = FFA_MEM_ATTR_NORMAL_WB_INNER,
					   .receiver_count = 1, .receivers = &rcv };
		ffa_mem_range_array_iter(&st, &r, 1, &it);
		len = ffa_mem_desc_encode(&txn, &it, b.tx, 4096);
		cr_assert_gt(len, 0);
		assert_rc(raw(&b, FFA_MEM_SHARE_32, (uint32_t)len, (uint32_t)len, 0, &out),
			  FFA_ERR_DENIED);
		/* A descriptor naming VM1 as the sender. */
		txn.sender = VM1;
		ffa_mem_range_array_iter(&st, &r, 1, &it);
		len = ffa_mem_desc_encode(&txn, &it, b.tx, 4096);
		cr_assert_gt(len, 0);
		cr_assert_lt(raw(&b, FFA_MEM_SHARE_32, (uint32_t)len, (uint32_t)len, 0, &out), 0);
	}
	assert_rc(client_reclaim(&b, h), FFA_ERR_INVALID_PARAMETERS);
	assert_rc(client_reclaim(&a, h), 0);
	client_close(&b);
	client_close(&a);
}

/* ---- known-bugs.md classes touching the daemon and the conduit ------------------ */

/* Class 7: the error a requester gets when the partition it waits on dies
 * while answering (ffa_sim_abort() in the daemon) is FFA_ERROR with the
 * code in w2, zero-extended. */
Test(simd_security, known_bug_7_error_zero_extended_for_a_partition_that_aborted)
{
	struct client vm;
	struct ffa_regs out;
	pid_t sp;
	int rc;

	client_ready(&vm, VM1);
	sp = spawn(sp_dies_holding_a_request, NULL);
	/* BUSY until the SP made its first FFA_MSG_WAIT. */
	while ((rc = raw(&vm, FFA_MSG_SEND_DIRECT_REQ_32, (uint32_t)VM1 << 16 | USER_SP, 0, 1,
			 &out)) == FFA_ERR_BUSY)
		usleep(1000);
	assert_rc(rc, FFA_ERR_ABORTED);
	cr_assert_eq(out.x[0], FFA_ERROR_32);
	cr_assert_eq(out.x[2], 0xFFFFFFF8u); /* not sign-extended */
	for (unsigned int i = 3; i < FFA_REGS_COUNT; i++)
		cr_assert_eq(out.x[i], 0);
	cr_assert_eq(reap(sp), 128 + SIGKILL);
	client_close(&vm);
}

/* Class 20: address arithmetic that could wrap. */
Test(simd_security, known_bug_20_address_arithmetic_cannot_wrap)
{
	struct client c;
	struct ffa_regs out;
	uint64_t base;

	client_ready(&c, VM1);
	base = ffa_conduit_socket_base(c.s);
	cr_assert_null(ffa_conduit_socket_pa_to_va(c.s, base, UINT64_MAX));
	cr_assert_null(ffa_conduit_socket_pa_to_va(c.s, UINT64_MAX - 4095, 8192));
	cr_assert_null(ffa_conduit_socket_pa_to_va(c.s, base + FFA_SOCK_ARENA_DEFAULT, 1));
	cr_assert_not_null(ffa_conduit_socket_pa_to_va(c.s, base + FFA_SOCK_ARENA_DEFAULT - 1, 1));
	assert_rc(ffa_rxtx_unmap(&c.ctx), 0);
	assert_rc(raw(&c, FFA_RXTX_MAP_64, UINT64_MAX & ~0xFFFull, base, 1, &out),
		  FFA_ERR_INVALID_PARAMETERS);
	client_close(&c);
}

/* ---- the daemon's start-up errors ----------------------------------------------- */

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

#define ROOT "/dts-v1/;\n/ { compatible = \"libffa,ffa-simd\";\n"
#define SP(props) "partitions { sp { compatible = \"arm,ffa-manifest-1.0\"; " props " }; }; };\n"

Test(simd_security, bad_manifests_are_refused_with_exit_status_1)
{
	static const char *const bad[] = {
		"not a device tree",
		"/dts-v1/;\n/ { compatible = \"other\"; partitions { }; };\n",
		ROOT "};\n",                                                  /* no partitions */
		ROOT SP("uuid = <1 2 3 4>;"),                                 /* no id */
		ROOT SP("id = <0x10>; uuid = <1 2 3 4>;"),                    /* not an SP ID */
		ROOT SP("id = <0x8001>; uuid = <1 2 3>;"),                    /* short UUID */
		ROOT SP("id = <0x8001>;"),                                    /* no UUID */
		ROOT SP("id = <0x8001>; uuid = <1 2 3 4>; messaging-method = <0x100>;"),
		ROOT SP("id = <0x8001>; uuid = <1 2 3 4>; execution-state = <2>;"),
		/* Class 22: strings from the manifest are checked, not trusted. */
		ROOT SP("id = <0x8001>; uuid = <1 2 3 4>; libffa,behaviour = <7>;"),
		ROOT SP("id = <0x8001>; uuid = <1 2 3 4>; libffa,behaviour = \"nope\";"),
		/* The simulator's own checks: a duplicate UUID. */
		ROOT "partitions { a { compatible = \"arm,ffa-manifest-1.0\"; id = <0x8001>; "
		     "uuid = <1 2 3 4>, <1 2 3 4>; }; }; };\n",
	};
	char dir[] = "/tmp/ffa-simd-man-XXXXXX", path[128], sock[128];

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/m.dts", dir);
	snprintf(sock, sizeof(sock), "%s/s.sock", dir);
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		write_file(path, bad[i]);
		cr_assert_eq(simd_run(path, sock), 1, "manifest %u accepted", i);
		cr_assert_neq(access(sock, F_OK), 0);
	}
	cr_assert_eq(simd_run("/nonexistent.dtb", sock), 1);
	unlink(path);
	rmdir(dir);
}

Test(simd_security, a_taken_socket_is_refused)
{
	/* The fixture's daemon is serving D.path. */
	cr_assert_eq(simd_run(FFA_SIMD_MANIFEST, D.path), 1);
	/* And the running one still serves. */
	struct client c;
	client_ready(&c, VM1);
	client_close(&c);
}

/* Class 37: several UUIDs per partition ID, from the manifest. */
TestSuite(simd_manifest, .fini = simd_stop);

Test(simd_manifest, known_bug_37_multiple_uuids_per_partition)
{
	char dir[] = "/tmp/ffa-simd-man-XXXXXX", path[128];
	struct client c;
	struct ffa_partition_info info[4];

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/m.dts", dir);
	write_file(path, ROOT "normal-world { vm-count = <1>; };\n"
		   "partitions { e { compatible = \"arm,ffa-manifest-1.0\"; id = <0x8001>; "
		   "uuid = <1 2 3 4>, <5 6 7 8>; messaging-method = <0x605>; "
		   "libffa,behaviour = \"echo\"; }; }; };\n");
	simd_start_manifest(path);
	client_ready(&c, VM1);
	/* v1.2: one descriptor per (partition, UUID). */
	assert_rc(ffa_partition_info_get(&c.ctx, NULL, info, 4, NULL), 2);
	cr_assert_eq(info[0].id, 0x8001);
	cr_assert_eq(info[1].id, 0x8001);
	cr_assert_not(ffa_uuid_equal(&info[0].uuid, &info[1].uuid));
	cr_assert_eq(info[0].uuid.b[3], 1);
	cr_assert_eq(info[1].uuid.b[15], 8);
	client_close(&c);
	unlink(path);
	rmdir(dir);
}
