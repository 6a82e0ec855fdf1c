/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Regression tests for every bug class of ../shared/spec/known-bugs.md that
 * touches the notification calls, the dispatcher or the driver setup:
 * 1, 3, 5, 6, 7, 9, 10, 12, 27, 28, 34, 35, 36, 38, 39.
 */
#include <string.h>

#include "notif_test.h"

#define RELEASE FRAME(FFA_RX_RELEASE_32)
#define SP1 0x8001u

/* fx_start() with the recording config for @receiver. */
static void fx_start_for(struct fx *f, const struct ffa_script_step *steps, size_t n,
			 uint32_t caps, uint16_t receiver)
{
	struct ffa_notif_dispatch_config cfg = fx_prepare(f, receiver);

	fx_start(f, steps, n, caps, &cfg);
}

/* ---- 1: signedness of w0/w2 ------------------------------------------------------- */

Test(known_bugs, known_bug_1_info_get_error_code_compared_signed)
{
	/* Linux once compared INFO_GET's unsigned w2 with NO_DATA. Zero- and
	 * sign-extended -9, and x0 with junk in its upper half, are NO_DATA;
	 * to the dispatcher that is "nothing pending", not an error. */
	static const struct ffa_regs replies[] = {
		ERR(FFA_ERR_NO_DATA),
		ERR_SX(FFA_ERR_NO_DATA),
		FRAME(0xFFFFFFFF00000000ull | FFA_ERROR_32, 0, 0xFFFFFFF7u),
	};

	for (size_t i = 0; i < ARRAY_LEN(replies); i++) {
		struct ffa_notif_info info;
		struct fx f;
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(F_INFO64, replies[i]),
		};

		assert_rc(info_once(CAPS_ALL, FFA_NOTIF_INFO_AUTO, F_INFO64, replies[i], &info),
			  FFA_ERR_NO_DATA);
		fx_start_for(&f, steps, ARRAY_LEN(steps), CAPS_ALL, 0);
		assert_rc(ffa_notif_dispatch_sri(&f.d, NULL), 0);
		assert_script_ok(&f.t);
	}
}

/* ---- 3: nothing before FFA_VERSION --------------------------------------------- */

Test(known_bugs, known_bug_3_no_notification_call_before_version)
{
	/* Hafnium 4b6d88d5: BITMAP_CREATE before negotiation. Every call,
	 * the driver setup and the dispatcher refuse before sending. */
	struct scripted t;
	struct ffa_notif_bitmaps b;
	struct ffa_notif_info info;
	struct ffa_notif_driver drv;
	struct ffa_notif_dispatch d;
	struct ffa_notif_slot slot;
	struct ffa_notif_dispatch_config cfg = { 0 };
	struct rec r = { 0 };

	scripted_init(&t, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_notif_bitmap_create(&t.ctx, 0, 1), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_notif_bitmap_destroy(&t.ctx, 0), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_notif_bind(&t.ctx, SP1, 0, false, 1), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_notif_unbind(&t.ctx, SP1, 0, 1), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_notif_set(&t.ctx, 0, SP1, 0, 0, 1), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_notif_get(&t.ctx, 0, 0, 1, NULL, &b), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_notif_info_get(&t.ctx, FFA_NOTIF_INFO_AUTO, &info), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_notif_driver_setup(&t.ctx, &drv, 0, 1), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_notif_dispatch_init(&d, &t.ctx, &cfg, &slot, 1), 0);
	assert_rc(ffa_notif_dispatch_bind(&d, SP1, 0, false, rec_handler, &r),
		  FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_notif_dispatch_npi(&d), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_notif_dispatch_sri(&d, NULL), FFA_ERR_NOT_NEGOTIATED);
	/* The refused bind left its slot free. */
	assert_rc(ffa_notif_dispatch_register(&d, SP1, 0, false, rec_handler, &r), 0);
	assert_script_ok(&t);
}

/* ---- 5 and 6: bitmap halves, ID halves ------------------------------------------- */

Test(known_bugs, known_bug_5_bitmap_low_word_in_w3_high_in_w4)
{
	/* Xen had BIND/UNBIND halves swapped. Bit 0 alone, bit 32 alone. */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_1),
		STEP(F_BIND(0x80010000u, 0, 1, 0), OK32(0)),
		STEP(F_BIND(0x80010000u, 0, 0, 1), OK32(0)),
		STEP(F_UNBIND(0x80010000u, 1, 0), OK32(0)),
		STEP(F_UNBIND(0x80010000u, 0, 1), OK32(0)),
		STEP(F_SET(0x00008001u, 0, 1, 0), OK32(0)),
		STEP(F_SET(0x00008001u, 0, 0, 1), OK32(0)),
		/* GET: SP lo = w2, hi = w3; VM lo = w4, hi = w5. */
		STEP(F_GET(0, 0, 0x3), OK32(0, 1, 0, 0, 1)),
	};
	struct scripted t;
	struct ffa_notif_bitmaps b;

	scripted_init(&t, steps, ARRAY_LEN(steps), 0, FFA_VERSION_1_1);
	assert_rc(ffa_notif_bind(&t.ctx, SP1, 0, false, 1ull << 0), 0);
	assert_rc(ffa_notif_bind(&t.ctx, SP1, 0, false, 1ull << 32), 0);
	assert_rc(ffa_notif_unbind(&t.ctx, SP1, 0, 1ull << 0), 0);
	assert_rc(ffa_notif_unbind(&t.ctx, SP1, 0, 1ull << 32), 0);
	assert_rc(ffa_notif_set(&t.ctx, 0, SP1, 0, 0, 1ull << 0), 0);
	assert_rc(ffa_notif_set(&t.ctx, 0, SP1, 0, 0, 1ull << 32), 0);
	assert_rc(ffa_notif_get(&t.ctx, 0, 0, 0x3, NULL, &b), 0);
	cr_assert_eq(b.sp, 1ull << 0);
	cr_assert_eq(b.vm, 1ull << 32);
	assert_script_ok(&t);
}

Test(known_bugs, known_bug_6_w1_halves_per_call)
{
	/* Distinct values in every half, so a swap anywhere mismatches:
	 * BIND/UNBIND: sender high, receiver low. SET: sender (caller) high,
	 * receiver low. GET: vCPU high, receiver low. CREATE/DESTROY: VM ID
	 * low, high half zero. The dispatcher's GET and BIND follow suit. */
	struct fx f;
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_BIND(0x80120034u, 0, 1, 0), OK32(0)),
		STEP(F_UNBIND(0x80120034u, 1, 0), OK32(0)),
		STEP(F_SET(0x00348012u, 0, 1, 0), OK32(0)),
		STEP(F_GET(0x0056, 0x0034, 0xF), OK32(0)),
		STEP(F_CREATE(0x0034, 2), OK32(0)),
		STEP(F_DESTROY(0x0034), OK32(0)),
		STEP(F_BIND(0x80120034u, 0, 1u << 9, 0), OK32(0)),
		STEP(F_GET(0x0056, 0x0034, 0xF), OK32(0)),
	};
	struct ffa_notif_bitmaps b;

	fx_start_for(&f, steps, ARRAY_LEN(steps), CAPS_ALL, 0x0034);
	assert_rc(ffa_notif_bind(&f.t.ctx, 0x8012, 0x0034, false, 1), 0);
	assert_rc(ffa_notif_unbind(&f.t.ctx, 0x8012, 0x0034, 1), 0);
	assert_rc(ffa_notif_set(&f.t.ctx, 0x0034, 0x8012, 0, 0, 1), 0);
	assert_rc(ffa_notif_get(&f.t.ctx, 0x0034, 0x0056, 0xF, NULL, &b), 0);
	assert_rc(ffa_notif_bitmap_create(&f.t.ctx, 0x0034, 2), 0);
	assert_rc(ffa_notif_bitmap_destroy(&f.t.ctx, 0x0034), 0);
	assert_rc(ffa_notif_dispatch_bind(&f.d, 0x8012, 9, false, rec_handler, &f.r), 0);
	f.r.cur = 0x0056;
	assert_rc(ffa_notif_dispatch_npi(&f.d), 0);
	assert_script_ok(&f.t);
}

/* ---- 7: error code in w2, 32 bits --------------------------------------------------- */

Test(known_bugs, known_bug_7_error_code_register_and_width)
{
	static const struct {
		struct ffa_regs reply;
		int rc;
	} cases[] = {
		{ FRAME(FFA_ERROR_32, 0, 0x00000000FFFFFFFAull), FFA_ERR_DENIED },
		{ FRAME(FFA_ERROR_32, 0, 0xFFFFFFFFFFFFFFFAull), FFA_ERR_DENIED },
		{ FRAME(FFA_ERROR_32, 0, 0x12345678FFFFFFFEull), FFA_ERR_INVALID_PARAMETERS },
		/* The code in w1 or w3 with w2 = 0 is not an error code. */
		{ FRAME(FFA_ERROR_32, 0xFFFFFFFAu, 0), FFA_ERR_PROTOCOL },
		{ FRAME(FFA_ERROR_32, 0, 0, 0xFFFFFFFAu), FFA_ERR_PROTOCOL },
		/* -6 in the upper half only. */
		{ FRAME(FFA_ERROR_32, 0, 0xFFFFFFFA00000000ull), FFA_ERR_PROTOCOL },
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(F_BIND(0x80010000u, 0, 1, 0), cases[i].reply),
			STEP(F_SET(0x00008001u, 0, 1, 0), cases[i].reply),
			STEP(F_GET(0, 0, 1), cases[i].reply),
			STEP(F_INFO64, cases[i].reply),
			STEP(F_CREATE(0, 1), cases[i].reply),
		};
		struct scripted t;
		struct ffa_notif_bitmaps b;
		struct ffa_notif_info info;

		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
		assert_rc(ffa_notif_bind(&t.ctx, SP1, 0, false, 1), cases[i].rc);
		assert_rc(ffa_notif_set(&t.ctx, 0, SP1, 0, 0, 1), cases[i].rc);
		assert_rc(ffa_notif_get(&t.ctx, 0, 0, 1, NULL, &b), cases[i].rc);
		assert_rc(ffa_notif_info_get(&t.ctx, FFA_NOTIF_INFO_AUTO, &info), cases[i].rc);
		assert_rc(ffa_notif_bitmap_create(&t.ctx, 0, 1), cases[i].rc);
		assert_script_ok(&t);
	}
}

/* ---- 9: SMC32 vs SMC64 --------------------------------------------------------------- */

Test(known_bugs, known_bug_9_info_get_width_follows_the_conduit_and_answer)
{
	/* 64-bit form on an SMC64 conduit, 32-bit otherwise; the layout is
	 * the answer's (four IDs per x register, or two per w register). */
	const uint16_t ids[] = { 0x8001, 0x8002, 0x8003 };
	struct ffa_regs wide = OK64(0, 3u << 7);
	struct ffa_regs narrow = OK32(0, 3u << 7);
	struct ffa_notif_info info;

	info_pack_ids(&wide, 4, ids, 3);
	info_pack_ids(&narrow, 2, ids, 3);
	assert_rc(info_once(CAPS_ALL, FFA_NOTIF_INFO_AUTO, F_INFO64, wide, &info), 0);
	cr_assert(info.wide && info.count == 3 && info.lists[2].endpoint == 0x8003);
	assert_rc(info_once(FFA_CONDUIT_CAP_REGS18, FFA_NOTIF_INFO_AUTO, F_INFO32, narrow, &info),
		  0);
	cr_assert(!info.wide && info.count == 3 && info.lists[2].endpoint == 0x8003);
	/* The same 32-bit registers read with the 64-bit layout would give
	 * 0x8001, 0x8002, 0 (x3 upper half): the answer's width decides. */
	assert_rc(info_once(CAPS_ALL, FFA_NOTIF_INFO_AUTO, F_INFO64, narrow, &info), 0);
	cr_assert(!info.wide && info.lists[2].endpoint == 0x8003);
}

/* ---- 10: MBZ registers ------------------------------------------------------------- */

Test(known_bugs, known_bug_10_unbind_flags_and_unused_registers_zero)
{
	/* A bit bound per-vCPU is unbound with w2 = 0; the scripted conduit
	 * compares all 18 registers of every frame. */
	struct fx f;
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_BIND(0x80010000u, 1, 1u << 3, 0), OK32(0)),
		STEP(F_UNBIND(0x80010000u, 1u << 3, 0), OK32(0)),
		STEP(F_INFO64, ERR(FFA_ERR_NO_DATA)),
	};

	fx_start_for(&f, steps, ARRAY_LEN(steps), CAPS_ALL, 0);
	assert_rc(ffa_notif_dispatch_bind(&f.d, SP1, 3, true, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_unbind(&f.d, SP1, 3), 0);
	assert_rc(ffa_notif_dispatch_sri(&f.d, NULL), 0);
	assert_script_ok(&f.t);
}

/* ---- 12: integer promotion packing IDs ----------------------------------------------- */

Test(known_bugs, known_bug_12_high_ids_pack_without_promotion)
{
	/* IDs and vCPUs >= 0x8000 in the high half (UBSan would flag a
	 * shifted promoted int). */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_1),
		STEP(F_BIND(0xFFFF8000u, 0, 1, 0), OK32(0)),
		STEP(F_SET(0xFFFE7FFFu, 0xFFFF0003u, 1, 0), OK32(0)),
		STEP(F_GET(0xFFFF, 0x8001, 0xF), OK32(0)),
		STEP(F_UNBIND(0x8000FFFFu, 1, 0), OK32(0)),
	};
	struct scripted t;
	struct ffa_notif_bitmaps b;

	scripted_init(&t, steps, ARRAY_LEN(steps), 0, FFA_VERSION_1_1);
	assert_rc(ffa_notif_bind(&t.ctx, 0xFFFF, 0x8000, false, 1), 0);
	assert_rc(ffa_notif_set(&t.ctx, 0xFFFE, 0x7FFF,
				FFA_NOTIF_FLAG_PER_VCPU | FFA_NOTIF_FLAG_DELAY_SRI, 0xFFFF, 1),
		  0);
	assert_rc(ffa_notif_get(&t.ctx, 0x8001, 0xFFFF, 0xF, NULL, &b), 0);
	assert_rc(ffa_notif_unbind(&t.ctx, 0x8000, 0xFFFF, 1), 0);
	assert_script_ok(&t);
}

/* ---- 27 and 28: RX ownership ---------------------------------------------------------- */

Test(known_bugs, known_bug_27_rx_full_released_exactly_once)
{
	/* Released after the handler when it did not release; never twice
	 * (Xen: spurious release -> DENIED); released even when the handler
	 * failed (TS: missing release). */
	static const struct {
		bool self;
		int rc;
	} cases[] = { { false, 0 }, { true, 0 }, { false, FFA_ERR_ABORTED },
		      { true, FFA_ERR_PROTOCOL } };

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct fx f;
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(F_GET(0, 0, 0x5), GOT(0, 0, 1, 0)),
			STEP(RELEASE, OK32(0)),
		};

		fx_start_for(&f, steps, ARRAY_LEN(steps), CAPS_ALL, 0);
		f.r.rx_release_self = cases[i].self;
		f.r.rx_rc = cases[i].rc;
		assert_rc(ffa_notif_dispatch_npi(&f.d), cases[i].rc);
		cr_assert_eq(f.r.nrx, 1);
		assert_script_ok(&f.t);
	}
}

struct port_lock {
	int depth;
	unsigned int taken;
	int depth_in_rx_handler;
};

static void port_lock(void *arg)
{
	struct port_lock *p = arg;

	cr_assert_eq(p->depth, 0, "RX/TX lock taken recursively");
	p->depth++;
	p->taken++;
}

static void port_unlock(void *arg)
{
	((struct port_lock *)arg)->depth--;
}

static void release_under_lock(void *arg, const struct ffa_regs *in, struct ffa_regs *out)
{
	(void)in;
	(void)out;
	cr_assert_eq(((struct port_lock *)arg)->depth, 1, "RX_RELEASE outside the RX/TX lock");
}

static struct port_lock *rx_probe_lock;

static int rx_probe(void *arg, struct ffa_ctx *ctx, uint16_t vcpu, uint32_t from, bool *released)
{
	(void)arg;
	(void)ctx;
	(void)vcpu;
	(void)from;
	(void)released;
	rx_probe_lock->depth_in_rx_handler = rx_probe_lock->depth;
	return 0;
}

Test(known_bugs, known_bug_28_framework_rx_release_under_the_rx_lock)
{
	/* Linux 2af18f8e36b2: the framework-notification RX release must be
	 * under the RX lock. The handler runs without it (the messaging
	 * layer's reader takes it itself), the release with it. */
	struct port_lock pl = { 0 };
	const struct ffa_port port = { .lock = port_lock, .unlock = port_unlock, .arg = &pl };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_GET(0, 0, 0x5), GOT(0, 0, 1, 0)),
		{ .expect = RELEASE, .reply = OK32(0), .action = release_under_lock,
		  .action_arg = &pl },
	};
	struct ffa_script s;
	struct ffa_conduit c;
	struct ffa_ctx ctx;
	struct ffa_notif_dispatch d;
	struct ffa_notif_dispatch_config cfg = { .rx_message = rx_probe };

	rx_probe_lock = &pl;
	pl.depth_in_rx_handler = -1;
	ffa_script_init(&s, steps, ARRAY_LEN(steps), &c, CAPS_ALL);
	assert_rc(ffa_ctx_init(&ctx, &c, &port), 0);
	assert_rc(ffa_version(&ctx, FFA_VERSION_1_2, NULL), 0);
	assert_rc(ffa_notif_dispatch_init(&d, &ctx, &cfg, NULL, 0), 0);
	assert_rc(ffa_notif_dispatch_npi(&d), 0);
	cr_assert_eq(pl.depth_in_rx_handler, 0);
	cr_assert_eq(pl.depth, 0);
	cr_assert_eq(pl.taken, 1);
	cr_assert(ffa_script_ok(&s));
}

/* ---- 34: INFO_GET list decoding -------------------------------------------------------- */

Test(known_bugs, known_bug_34_first_id_is_not_dropped)
{
	/* Linux off-by-one: the first list's endpoint is ID 0 of w3. */
	struct ffa_notif_info info;

	assert_rc(info_once(0, FFA_NOTIF_INFO_AUTO, F_INFO32, OK32(0, 1u << 7, 0xBEEF8042u), &info),
		  0);
	cr_assert_eq(info.count, 1);
	cr_assert_eq(info.lists[0].endpoint, 0x8042);
	cr_assert_eq(info.lists[0].vcpu_count, 0);
}

Test(known_bugs, known_bug_34_global_list_is_exactly_one_id_and_vcpus_skip_the_endpoint)
{
	/* (A: global), (B: vCPU 7), (C: vCPUs 1, 2): B's endpoint is ID 1,
	 * its vCPU ID 2; C's endpoint ID 3, vCPUs IDs 4 and 5. */
	const uint32_t sizes[3] = { 0, 1, 2 };
	const uint16_t ids[] = { 0xA, 0xB, 7, 0xC, 1, 2 };
	struct ffa_regs r = OK32(0, info_flags(false, 3, sizes, 3));
	struct ffa_notif_info info;

	info_pack_ids(&r, 2, ids, ARRAY_LEN(ids));
	assert_rc(info_once(0, FFA_NOTIF_INFO_AUTO, F_INFO32, r, &info), 0);
	cr_assert_eq(info.count, 3);
	cr_assert(info.lists[0].endpoint == 0xA && info.lists[0].vcpu_count == 0);
	cr_assert(info.lists[1].endpoint == 0xB && info.lists[1].vcpu_count == 1 &&
		  info.lists[1].vcpus[0] == 7);
	cr_assert(info.lists[2].endpoint == 0xC && info.lists[2].vcpu_count == 2 &&
		  info.lists[2].vcpus[0] == 1 && info.lists[2].vcpus[1] == 2);
}

Test(known_bugs, known_bug_34_the_last_id_of_a_full_answer_is_used)
{
	/* Linux stopped at max_ids - 1. 32-bit: 10 IDs, the last a vCPU;
	 * 64-bit: 20 IDs likewise. */
	const uint32_t s32[3] = { 3, 3, 1 };
	const uint16_t i32[] = { 1, 10, 11, 12, 2, 20, 21, 22, 3, 0x7777 };
	const uint32_t s64[5] = { 3, 3, 3, 3, 3 };
	uint16_t i64[20];
	struct ffa_regs r32 = OK32(0, info_flags(false, 3, s32, 3));
	struct ffa_regs r64 = OK64(0, info_flags(false, 5, s64, 5));
	struct ffa_notif_info info;

	for (uint16_t i = 0; i < 20; i++)
		i64[i] = (uint16_t)(0x100 + i);
	info_pack_ids(&r32, 2, i32, ARRAY_LEN(i32));
	info_pack_ids(&r64, 4, i64, ARRAY_LEN(i64));
	assert_rc(info_once(0, FFA_NOTIF_INFO_AUTO, F_INFO32, r32, &info), 0);
	cr_assert(info.count == 3 && info.lists[2].vcpu_count == 1 &&
		  info.lists[2].vcpus[0] == 0x7777);
	assert_rc(info_once(CAPS_ALL, FFA_NOTIF_INFO_AUTO, F_INFO64, r64, &info), 0);
	cr_assert(info.count == 5 && info.lists[4].endpoint == 0x110 &&
		  info.lists[4].vcpus[2] == 0x113);
}

Test(known_bugs, known_bug_34_id_count_checked_against_the_registers)
{
	/* Rust 7846c9f: check the ID count. 32-bit holds 10, 64-bit 20. */
	const uint32_t s32[3] = { 3, 3, 2 }; /* 4 + 4 + 3 = 11 */
	const uint32_t s64[6] = { 3, 3, 3, 3, 3, 0 }; /* 21 */
	struct ffa_regs too_many32 = OK32(0, info_flags(false, 3, s32, 3));
	struct ffa_regs too_many64 = OK64(0, info_flags(false, 6, s64, 6));
	struct ffa_notif_info info;

	poison(&info, sizeof(info));
	assert_rc(info_once(0, FFA_NOTIF_INFO_AUTO, F_INFO32, too_many32, &info), FFA_ERR_PROTOCOL);
	assert_rc(info_once(CAPS_ALL, FFA_NOTIF_INFO_AUTO, F_INFO64, too_many64, &info),
		  FFA_ERR_PROTOCOL);
	/* A list count the layout cannot hold. */
	assert_rc(info_once(0, FFA_NOTIF_INFO_AUTO, F_INFO32, OK32(0, 11u << 7), &info),
		  FFA_ERR_PROTOCOL);
	assert_rc(info_once(CAPS_ALL, FFA_NOTIF_INFO_AUTO, F_INFO64, OK64(0, 21u << 7), &info),
		  FFA_ERR_PROTOCOL);
	cr_assert(untouched_bytes(&info, sizeof(info)));
}

Test(known_bugs, known_bug_34_more_pending_loop_and_partition_id_check)
{
	/* The dispatcher calls INFO_GET again while "more pending" is set,
	 * GETs only for its own ID and hands other partitions to the
	 * scheduler (Linux partition-ID check and sched-recv lookup). */
	struct fx f;
	const uint32_t sizes[2] = { 0, 0 };
	const uint16_t ids[] = { SP1, 0x0007 };
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_INFO64, OK64(0, info_flags(true, 2, sizes, 2))),
		STEP(F_GET(0, 7, 0xF), GOT(0, 1ull << 4, 0, 0)),
		STEP(F_INFO64, OK64(0, info_flags(false, 1, sizes, 1), SP1)),
	};
	bool more = true;

	info_pack_ids(&steps[1].reply, 4, ids, ARRAY_LEN(ids));
	fx_start_for(&f, steps, ARRAY_LEN(steps), CAPS_ALL, 0x0007);
	assert_rc(ffa_notif_dispatch_register(&f.d, 0x0002, 4, false, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_sri(&f.d, &more), 0);
	cr_assert(!more);
	cr_assert_eq(rec_fires(&f.r, 0x0002, 4), 1);
	cr_assert_eq(f.r.nsched, 2);
	cr_assert(f.r.sched[0].endpoint == SP1 && f.r.sched[1].endpoint == SP1);
	assert_script_ok(&f.t);
}

/* ---- 35: callback registry concurrency --------------------------------------------- */

static struct ffa_notif_dispatch *reentrant_d;

static void reentrant_handler(void *arg, uint16_t sender, uint32_t id, uint16_t vcpu)
{
	/* Unregister itself and register another bit from inside the
	 * callback: a dispatcher holding its lock here would deadlock (the
	 * recording lock asserts instead). */
	rec_handler(arg, sender, id, vcpu);
	assert_rc(ffa_notif_dispatch_unregister(reentrant_d, sender, id), 0);
	assert_rc(ffa_notif_dispatch_register(reentrant_d, sender, id + 1, false, rec_handler, arg),
		  0);
}

Test(known_bugs, known_bug_35_handlers_run_outside_the_lock_on_a_snapshot)
{
	/* Bits 2 and 3 in one GET: bit 2's handler replaces itself with a
	 * handler for bit 3, which fires for bit 3 of the same GET (looked up
	 * afresh per bit); the second GET finds bit 2 unrouted. */
	struct fx f;
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		{ .expect = F_GET(0, 0, 0x5), .reply = GOT(0xC, 0, 0, 0),
		  .action = rec_assert_unlocked, .action_arg = &f.r },
		STEP(F_GET(0, 0, 0x5), GOT(0x4, 0, 0, 0)),
	};

	fx_start_for(&f, steps, ARRAY_LEN(steps), CAPS_ALL, 0);
	reentrant_d = &f.d;
	assert_rc(ffa_notif_dispatch_register(&f.d, SP1, 2, false, reentrant_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_npi(&f.d), 0);
	cr_assert_eq(rec_fires(&f.r, SP1, 2), 1);
	cr_assert_eq(rec_fires(&f.r, SP1, 3), 1);
	assert_rc(ffa_notif_dispatch_npi(&f.d), 0);
	cr_assert_eq(f.r.nunh, 1);
	cr_assert_eq(f.r.unh[0].bits.sp, 0x4);
	cr_assert_eq(f.r.depth, 0);
	assert_script_ok(&f.t);
}

Test(known_bugs, known_bug_35_no_ffa_call_under_the_dispatcher_lock)
{
	/* Linux called BIND under a spinlock (sleeping in atomic context).
	 * Every frame of bind, SRI (INFO_GET, GET), RX release and unbind is
	 * checked for the lock. */
	struct fx f;
	const uint32_t zero[1] = { 0 };
#define UNLOCKED(in, out) \
	{ .expect = in, .reply = out, .action = rec_assert_unlocked, .action_arg = &f.r }
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		UNLOCKED(F_BIND(0x80010000u, 0, 1, 0), OK32(0)),
		UNLOCKED(F_INFO64, OK64(0, info_flags(false, 1, zero, 1), 0)),
		UNLOCKED(F_GET(0, 0, 0x5), GOT(1, 0, 1, 0)),
		UNLOCKED(RELEASE, OK32(0)),
		UNLOCKED(F_UNBIND(0x80010000u, 1, 0), OK32(0)),
	};
#undef UNLOCKED

	fx_start_for(&f, steps, ARRAY_LEN(steps), CAPS_ALL, 0);
	assert_rc(ffa_notif_dispatch_bind(&f.d, SP1, 0, false, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_sri(&f.d, NULL), 0);
	assert_rc(ffa_notif_dispatch_unbind(&f.d, SP1, 0), 0);
	cr_assert_eq(rec_fires(&f.r, SP1, 0), 1);
	cr_assert_eq(f.r.nrx, 1);
	cr_assert_gt(f.r.locks, 0);
	assert_script_ok(&f.t);
}

Test(known_bugs, known_bug_35_per_vcpu_work_not_collapsed)
{
	/* Per-vCPU notifications for vCPUs 1 and 3 are two hand-offs, and
	 * each vCPU's GET names that vCPU and its callbacks see it - not one
	 * GET on whichever CPU took the interrupt. */
	struct fx f;
	const uint32_t sizes[2] = { 1, 1 };
	const uint16_t ids[] = { 0x0005, 1, 0x0005, 3 };
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_INFO64, OK64(0, info_flags(false, 2, sizes, 2))),
		STEP(F_GET(3, 5, 0xF), GOT(1ull << 8, 0, 0, 0)),
		STEP(F_GET(1, 5, 0xF), GOT(1ull << 8, 0, 0, 0)),
	};

	info_pack_ids(&steps[1].reply, 4, ids, ARRAY_LEN(ids));
	fx_start_for(&f, steps, ARRAY_LEN(steps), CAPS_ALL, 0x0005);
	assert_rc(ffa_notif_dispatch_register(&f.d, SP1, 8, true, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_sri(&f.d, NULL), 0);
	cr_assert_eq(f.r.nhandoff, 2);
	cr_assert(f.r.handoffs[0] == 1 && f.r.handoffs[1] == 3);
	cr_assert_eq(f.r.nfired, 0, "nothing fetched before the vCPUs ran");
	/* The vCPUs run, in any order. */
	assert_rc(ffa_notif_dispatch_vcpu(&f.d, 3), 0);
	assert_rc(ffa_notif_dispatch_vcpu(&f.d, 1), 0);
	cr_assert_eq(f.r.nfired, 2);
	cr_assert(f.r.fired[0].vcpu == 3 && f.r.fired[1].vcpu == 1);
	assert_script_ok(&f.t);
}

Test(known_bugs, known_bug_35_failed_binds_leak_no_slot)
{
	/* Linux leaked a callback node on a failed request. Eight slots,
	 * nine failed binds, then eight good ones. */
	struct fx f;
	struct ffa_script_step steps[1 + 9 + 8];

	steps[0] = (struct ffa_script_step)STEP_VERSION(FFA_VERSION_1_2);
	for (uint32_t i = 0; i < 9; i++)
		steps[1 + i] = (struct ffa_script_step)STEP(F_BIND(0x80010000u, 0, 1u << i, 0),
							    ERR(FFA_ERR_DENIED));
	for (uint32_t i = 0; i < 8; i++)
		steps[10 + i] = (struct ffa_script_step)STEP(F_BIND(0x80010000u, 0, 1u << i, 0),
							     OK32(0));
	fx_start_for(&f, steps, ARRAY_LEN(steps), CAPS_ALL, 0);
	for (uint32_t i = 0; i < 9; i++)
		assert_rc(ffa_notif_dispatch_bind(&f.d, SP1, i, false, rec_handler, &f.r),
			  FFA_ERR_DENIED);
	for (uint32_t i = 0; i < 8; i++)
		assert_rc(ffa_notif_dispatch_bind(&f.d, SP1, i, false, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_register(&f.d, SP1, 9, false, rec_handler, &f.r),
		  FFA_ERR_BUFFER_TOO_SMALL);
	assert_script_ok(&f.t);
}

/* ---- 36: virtual vs physical instance ------------------------------------------------ */

Test(known_bugs, known_bug_36_delay_sri_only_from_secure_senders)
{
	/* Hafnium 41c5da38: the delay-SRI flag from the normal world. */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_SET(0x80010000u, 2, 1, 0), OK32(0)),
	};
	struct scripted t;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_notif_set(&t.ctx, 0x0000, SP1, FFA_NOTIF_FLAG_DELAY_SRI, 0, 1),
		  FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_set(&t.ctx, 0x7FFF, SP1, FFA_NOTIF_FLAG_DELAY_SRI, 0, 1),
		  FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_set(&t.ctx, SP1, 0x0000, FFA_NOTIF_FLAG_DELAY_SRI, 0, 1), 0);
	assert_script_ok(&t);
}

Test(known_bugs, known_bug_36_get_bitmaps_per_instance)
{
	/* Linux: at the NS physical instance (ID 0) GET asks for the SP and
	 * SPM framework bitmaps only; at a virtual instance (a VM) for all
	 * four, or the hypervisor's RX-full and VM notifications are never
	 * fetched. */
	static const struct {
		uint16_t receiver;
		uint32_t which;
	} cases[] = { { 0, 0x5 }, { 0x0001, 0xF }, { 0x0042, 0xF } };

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct fx f;
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(F_GET(0, cases[i].receiver, cases[i].which), OK32(0)),
		};

		fx_start_for(&f, steps, ARRAY_LEN(steps), CAPS_ALL, cases[i].receiver);
		assert_rc(ffa_notif_dispatch_npi(&f.d), 0);
		assert_script_ok(&f.t);
	}
}

/* ---- 38: NULL and error paths ------------------------------------------------------------ */

Test(known_bugs, known_bug_38_null_and_error_paths)
{
	struct scripted t;
	struct ffa_notif_info info;
	struct ffa_notif_bitmaps b;
	struct ffa_notif_driver drv;
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		/* a setup that fails half way leaves no bitmap behind */
		STEP(F_CREATE(0, 2), OK32(0)),
		STEP(FRAME(FFA_FEATURES_32, FFA_FEATURE_SRI), ERR(FFA_ERR_BUSY)),
		STEP(F_DESTROY(0), OK32(0)),
	};

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_notif_get(&t.ctx, 0, 0, 1, NULL, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_get(NULL, 0, 0, 1, NULL, &b), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_info_get(&t.ctx, FFA_NOTIF_INFO_AUTO, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_info_get(NULL, FFA_NOTIF_INFO_AUTO, &info), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_driver_setup(&t.ctx, NULL, 0, 2), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_driver_setup(&t.ctx, &drv, 0, 2), FFA_ERR_BUSY);
	cr_assert(!drv.bitmap_created);
	assert_script_ok(&t);
}

/* ---- 39: FEATURES is a hint --------------------------------------------------------------- */

Test(known_bugs, known_bug_39_create_not_gated_on_features)
{
	/* Managers under-report (Hafnium <= 2.14: RX_ACQUIRE; OP-TEE: ID_GET):
	 * the setup calls BITMAP_CREATE and takes its answer as the truth,
	 * without asking FFA_FEATURES(BITMAP_CREATE) first; a manager that
	 * reports no SRI still has its notifications dispatched. */
	struct fx f;
	struct ffa_notif_driver drv;
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(F_CREATE(0, 1), OK32(0)),
		STEP(FRAME(FFA_FEATURES_32, FFA_FEATURE_SRI), ERR(FFA_ERR_NOT_SUPPORTED)),
		STEP(FRAME(FFA_FEATURES_32, FFA_FEATURE_NPI), ERR(FFA_ERR_NOT_SUPPORTED)),
		STEP(F_INFO64, OK64(0, 1u << 7, 0)),
		STEP(F_GET(0, 0, 0x5), GOT(1, 0, 0, 0)),
	};

	fx_start_for(&f, steps, ARRAY_LEN(steps), CAPS_ALL, 0);
	assert_rc(ffa_notif_driver_setup(&f.t.ctx, &drv, 0, 1), 0);
	cr_assert(drv.bitmap_created && !drv.has_sri && !drv.has_npi);
	assert_rc(ffa_notif_dispatch_register(&f.d, SP1, 0, false, rec_handler, &f.r), 0);
	assert_rc(ffa_notif_dispatch_sri(&f.d, NULL), 0);
	cr_assert_eq(rec_fires(&f.r, SP1, 0), 1);
	assert_script_ok(&f.t);
}
