/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_PARTITION_INFO_GET: ffa_partition_info_get() and ffa_partition_count().
 *
 * Exact input registers (ffa-abi.md 4.1, 7.2), descriptor decoding per
 * version (8.1), RX buffer ownership (8.3, 12), every FFA_ERROR the spec
 * lists, hostile answers, and the known-bugs.md classes that touch this call
 * (14, 21, 27, 30, 31, 37, 38).
 *
 * The RX buffer is exactly the mapped size (aligned_alloc(4096, 4096)) so that
 * ASan catches any read past it; each PARTITION_INFO_GET step fills it
 * through the step's action, as a partition manager would before replying.
 */
#include <stdlib.h>
#include <string.h>

#include "pi_test.h"

#define RX_SIZE 4096u

/* OP-TEE's UUID as w1..w4 words (ffa-abi.md 7.2 worked example). */
#define OPTEE_W1 0xe0786148u
#define OPTEE_W2 0xe311f8e7u
#define OPTEE_W3 0x02005ebcu
#define OPTEE_W4 0x1bc5d5a5u

/* ---- RX image: what the "manager" writes before replying ------------------ */

struct rx_image {
	uint8_t *rx;          /* the mapped RX buffer */
	uint8_t bytes[RX_SIZE];
	size_t len;           /* bytes[0..len) are copied, the rest is @fill */
	uint8_t fill;
	unsigned int writes;  /* how often the action ran */
};

static void write_rx(void *arg, const struct ffa_regs *in, struct ffa_regs *out)
{
	struct rx_image *img = arg;

	(void)in;
	(void)out;
	memset(img->rx, img->fill, RX_SIZE);
	memcpy(img->rx, img->bytes, img->len);
	img->writes++;
}

/* A release action that scribbles over RX, as the manager's next producer
 * would: anything read from RX after the release would show it. */
static void scribble_rx(void *arg, const struct ffa_regs *in, struct ffa_regs *out)
{
	struct rx_image *img = arg;

	(void)in;
	(void)out;
	memset(img->rx, 0xEE, RX_SIZE);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

/* Append descriptor @d laid out in @size bytes at index @i of @img. Bytes
 * past the known fields (size > 48, or 24 < size < 48) are set to 0xC3 so
 * that a decoder reading them would be caught. */
static void img_put(struct rx_image *img, size_t i, uint32_t size, const struct desc *d)
{
	uint8_t *p = img->bytes + i * size;
	struct ffa_uuid u;

	cr_assert_leq((i + 1) * size, sizeof(img->bytes));
	memset(p, 0xC3, size);
	put16(p, d->id);
	put16(p + 2, d->ctx);
	put32(p + 4, d->props);
	if (size >= 24) {
		u = uuid_of(d->uuid);
		memcpy(p + 8, u.b, 16);
	}
	if (size >= 48) {
		u = uuid_of(d->image);
		memcpy(p + 24, u.b, 16);
		put32(p + 40, d->version);
		put32(p + 44, 0);
	}
	if ((i + 1) * size > img->len)
		img->len = (i + 1) * size;
}

/* ---- Fixture: a scripted, negotiated context with a mapped RX/TX pair ----- */

struct pi {
	struct scripted t;
	uint8_t *tx;
	uint8_t *rx;
	struct rx_image img;
	struct ffa_script_step one[4]; /* pi_start()'s script */
	struct ffa_partition_info out[PI_OUT_CAP]; /* pi_expect*()'s output */
};

/* Script conventions: steps[0] = STEP_VERSION(@version) (if @version),
 * steps[1] = STEP_MAP (filled here with the exact RXTX_MAP_64 frame). */
#define STEP_MAP STEP(FRAME(0), FRAME(0))
#define STEP_RELEASE STEP(FRAME(FFA_RX_RELEASE_32), OK32())
#define STEP_RELEASE_ANS(ans) STEP(FRAME(FFA_RX_RELEASE_32), ans)
#define STEP_PIG(in, out, imgp) \
	{ .expect = in, .reply = out, .action = write_rx, .action_arg = (imgp) }
#define PIG_NIL FRAME(FFA_PARTITION_INFO_GET_32)
#define PIG_OPTEE FRAME(FFA_PARTITION_INFO_GET_32, OPTEE_W1, OPTEE_W2, OPTEE_W3, OPTEE_W4)
#define PIG_COUNT_NIL FRAME(FFA_PARTITION_INFO_GET_32, 0, 0, 0, 0, 1)
#define PIG_COUNT_OPTEE \
	FRAME(FFA_PARTITION_INFO_GET_32, OPTEE_W1, OPTEE_W2, OPTEE_W3, OPTEE_W4, 1)

static void pi_alloc(struct pi *p)
{
	p->tx = aligned_alloc(4096, RX_SIZE);
	p->rx = aligned_alloc(4096, RX_SIZE);
	cr_assert(p->tx && p->rx);
	memset(p->tx, 0, RX_SIZE);
	memset(p->rx, 0, RX_SIZE);
	p->img.rx = p->rx;
	p->img.len = 0;
	p->img.fill = 0;
	p->img.writes = 0;
}

static void pi_init(struct pi *p, struct ffa_script_step *steps, size_t n, uint32_t version)
{
	pi_alloc(p);
	cr_assert_geq(n, 2);
	steps[1].expect = FRAME(FFA_RXTX_MAP_64, (uint64_t)(uintptr_t)p->tx,
				(uint64_t)(uintptr_t)p->rx, 1);
	steps[1].reply = OK32();
	scripted_init(&p->t, steps, n, CAPS_ALL, version);
	assert_rc(ffa_rxtx_map(&p->t.ctx, p->tx, p->rx, 1), 0);
}

static void pi_fini(struct pi *p)
{
	free(p->tx);
	free(p->rx);
	p->tx = p->rx = NULL;
}

/* pi_start()'s @released: whether one FFA_RX_RELEASE (answered SUCCESS)
 * must follow the fetch, or nothing at all. */
#define RELEASED true
#define NOT_RELEASED false

/* Start @p at @version on the script of one fetch: FFA_VERSION, RXTX_MAP,
 * PARTITION_INFO_GET @in answered @ans (the RX image written first), then
 * the one release if @released. Fill the image (pi_put) before fetching. */
static void pi_start(struct pi *p, uint32_t version, struct ffa_regs in, struct ffa_regs ans,
		     bool released)
{
	const struct ffa_script_step s[4] = {
		STEP_VERSION(version),
		STEP_MAP,
		STEP_PIG(in, ans, &p->img),
		STEP_RELEASE,
	};

	memcpy(p->one, s, sizeof(s));
	pi_init(p, p->one, released ? 4 : 3, version);
}

/* Lay @d[0..@n) out in the RX image, @stride bytes apart. */
static void pi_put(struct pi *p, uint32_t stride, const struct desc *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		img_put(&p->img, i, stride, &d[i]);
}

/* ffa_partition_info_get(@uuid, p->out, @max, @total) finds @d[0..@n), read
 * as the @size-byte layout (pi_expect_found()). */
static void pi_expect(struct pi *p, const struct ffa_uuid *uuid, size_t max, uint32_t *total,
		      const struct desc *d, size_t n, uint32_t size)
{
	pi_expect_found(ffa_partition_info_get, &p->t.ctx, uuid, p->out, max, total, d, n, size);
}

/* ffa_partition_info_get(@uuid, p->out, @max, @total) fails with @want,
 * writing no entry (pi_expect_failed()) and no *@total, except that
 * BUFFER_TOO_SMALL sets *@total (the caller checks it). */
static void pi_expect_error(struct pi *p, const struct ffa_uuid *uuid, size_t max,
			    uint32_t *total, int want)
{
	pi_expect_failed(ffa_partition_info_get, &p->t.ctx, uuid, p->out, max, total, want, 0);
	if (total && want != FFA_ERR_BUFFER_TOO_SMALL)
		cr_assert_eq(*total, PI_TOTAL_UNSET, "total written on an error");
}

/* Every step ran, exactly; free the buffers. */
static void pi_done(struct pi *p)
{
	assert_script_ok(&p->t);
	pi_fini(p);
}

static const struct desc D_OPTEE = { 0x8001, 4, 0x103, OPTEE_UUID_STR, NULL, 0 };
static const struct desc D_SP2 = { 0x8002, 32, 0x101, VIRTIO_UUID_STR, NULL, 0 };
static const struct desc D_SP3 = { 0x8003, 1, 0x70b, OTHER_UUID_STR, NULL, 0 };
static const struct desc D_V13A = { 0x8001, 8, 0x703, OPTEE_UUID_STR, VIRTIO_UUID_STR,
				    0x00010003 };
static const struct desc D_V13B = { 0x8005, 2, 0x301, OTHER_UUID_STR, NULL, 0x00010002 };

/* Two v1.0 (8-byte) partitions. */
static const struct desc D8[2] = {
	{ 0x8001, 4, 0x3, NULL, NULL, 0 },
	{ 0x8002, 1, 0x1, NULL, NULL, 0 },
};

/* ======================================================================= */
/* Exact input                                                              */
/* ======================================================================= */

Test(partition_info, input_uuid_as_le_words_and_decode_v1_2)
{
	struct pi p;
	struct ffa_uuid u = uuid_of(OPTEE_UUID_STR);
	uint32_t total;

	pi_start(&p, FFA_VERSION_1_2, PIG_OPTEE, OK32(0, 1, 24), RELEASED);
	pi_put(&p, 24, &D_OPTEE, 1);
	pi_expect(&p, &u, 2, &total, &D_OPTEE, 1, 24);
	pi_done(&p);
}

Test(partition_info, input_nil_and_null_uuid_are_zero_words)
{
	struct pi p;
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_MAP,
		STEP_PIG(PIG_NIL, OK32(0, 0, 24), &p.img),
		STEP_RELEASE,
		STEP_PIG(PIG_NIL, OK32(0, 0, 24), &p.img),
		STEP_RELEASE,
	};
	struct ffa_uuid nil = FFA_UUID_NIL_INIT;
	uint32_t total = 99;

	pi_init(&p, steps, ARRAY_LEN(steps), FFA_VERSION_1_2);
	assert_rc(ffa_partition_info_get(&p.t.ctx, NULL, NULL, 0, &total), 0);
	cr_assert_eq(total, 0);
	assert_rc(ffa_partition_info_get(&p.t.ctx, &nil, NULL, 0, NULL), 0);
	pi_done(&p);
}

Test(partition_info, count_only_input_w5_is_1)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_1),
		STEP(PIG_COUNT_OPTEE, OK32(0, 3, 0)),
		STEP(PIG_COUNT_NIL, OK32(0, 7, 0)),
		STEP(PIG_COUNT_NIL, OK32(0, 0, 0)),
	};
	struct scripted t;
	struct ffa_uuid u = uuid_of(OPTEE_UUID_STR);
	uint32_t count = 0;

	/* No RX/TX pair needed: count-only does not touch RX, and no release
	 * follows (the script would fail on any extra frame). */
	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_1);
	assert_rc(ffa_partition_count(&t.ctx, &u, &count), 0);
	cr_assert_eq(count, 3);
	assert_rc(ffa_partition_count(&t.ctx, NULL, &count), 0);
	cr_assert_eq(count, 7);
	assert_rc(ffa_partition_count(&t.ctx, NULL, &count), 0);
	cr_assert_eq(count, 0);
	assert_script_ok(&t);
}

Test(partition_info, count_only_at_v1_2_reads_low_32_bits)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(PIG_COUNT_NIL, OK32(0xFFFFFFFF00000000ull, 0xFFFFFFFF00000004ull,
					 0xFFFFFFFFFFFFFFFFull)),
	};
	struct scripted t;
	uint32_t count = 0;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_partition_count(&t.ctx, NULL, &count), 0);
	cr_assert_eq(count, 4);
	assert_script_ok(&t);
}

Test(partition_info, count_only_at_v1_0_not_supported_without_call)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_0),
	};
	struct scripted t;
	uint32_t count = 42;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_0);
	assert_rc(ffa_partition_count(&t.ctx, NULL, &count), FFA_ERR_NOT_SUPPORTED);
	cr_assert_eq(count, 42);
	assert_script_ok(&t);
}

Test(partition_info, count_only_errors)
{
	static const int codes[] = { FFA_ERR_INVALID_PARAMETERS, FFA_ERR_BUSY, FFA_ERR_NO_MEMORY,
				     FFA_ERR_DENIED, FFA_ERR_NOT_SUPPORTED };

	for (size_t i = 0; i < ARRAY_LEN(codes); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(PIG_COUNT_NIL, ERR(codes[i])),
			STEP(PIG_COUNT_NIL, FRAME(FFA_INTERRUPT_32, 0x80010000)),
		};
		struct scripted t;
		uint32_t count = 42;

		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
		assert_rc(ffa_partition_count(&t.ctx, NULL, &count), codes[i]);
		assert_rc(ffa_partition_count(&t.ctx, NULL, &count), FFA_ERR_PROTOCOL);
		cr_assert_eq(count, 42);
		assert_script_ok(&t);
	}
}

/* ======================================================================= */
/* Success decoding per version                                             */
/* ======================================================================= */

Test(partition_info, v1_0_eight_byte_descriptors_w3_ignored)
{
	const struct desc d[3] = { D8[0], D8[1], { 0x0001, 2, 0x4, NULL, NULL, 0 } };
	struct pi p;
	uint32_t total;

	/* w3 is reserved at v1.0: garbage must not change the stride. */
	pi_start(&p, FFA_VERSION_1_0, PIG_NIL, OK32(0, 3, 0xDEADBEEF), RELEASED);
	pi_put(&p, 8, d, 3);
	pi_expect(&p, NULL, 4, &total, d, 3, 8);
	pi_done(&p);
}

Test(partition_info, v1_0_w3_zero_also_ignored)
{
	struct pi p;

	pi_start(&p, FFA_VERSION_1_0, PIG_NIL, OK32(0, 2, 0), RELEASED);
	pi_put(&p, 8, D8, 2);
	pi_expect(&p, NULL, 2, NULL, D8, 2, 8);
	pi_done(&p);
}

Test(partition_info, v1_1_twenty_four_byte_descriptors)
{
	const struct desc d[3] = { D_OPTEE, D_SP2, D_SP3 };
	struct pi p;
	uint32_t total;

	pi_start(&p, FFA_VERSION_1_1, PIG_NIL, OK32(0, 3, 24), RELEASED);
	pi_put(&p, 24, d, 3);
	pi_expect(&p, NULL, 3, &total, d, 3, 24);
	pi_done(&p);
}

Test(partition_info, v1_2_twenty_four_byte_descriptors_real_example)
{
	const struct desc d[2] = { D_OPTEE, D_SP2 };
	struct pi p;

	pi_start(&p, FFA_VERSION_1_2, PIG_NIL, OK32(0, 2, 24), RELEASED);
	pi_put(&p, 24, d, 2);
	pi_expect(&p, NULL, 2, NULL, d, 2, 24);
	cr_assert_eq(p.out[0].properties & FFA_PART_PROP_AARCH64, FFA_PART_PROP_AARCH64);
	pi_done(&p);
}

Test(partition_info, v1_3_forty_eight_byte_descriptors_to_v1_2_caller)
{
	const struct desc d[2] = { D_V13A, D_V13B };
	struct pi p;
	uint32_t total;

	pi_start(&p, FFA_VERSION_1_2, PIG_NIL, OK32(0, 2, 48), RELEASED);
	pi_put(&p, 48, d, 2);
	pi_expect(&p, NULL, 3, &total, d, 2, 48);
	pi_done(&p);
}

Test(partition_info, unknown_larger_size_steps_by_w3_reads_prefix)
{
	/* A future 32-byte layout: the library steps by 32 and reads the 24
	 * bytes it knows (the extra 8 bytes are 0xC3 filler). */
	const struct desc d[3] = { D_OPTEE, D_SP2, D_SP3 };
	struct pi p;

	pi_start(&p, FFA_VERSION_1_1, PIG_NIL, OK32(0, 3, 32), RELEASED);
	pi_put(&p, 32, d, 3);
	pi_expect(&p, NULL, 3, NULL, d, 3, 24);
	pi_done(&p);
}

Test(partition_info, success_reads_low_32_bits_of_count_and_size)
{
	struct pi p;

	pi_start(&p, FFA_VERSION_1_2, PIG_NIL,
		 OK32(0, 0xFFFFFFFF00000001ull, 0x1234567800000018ull), RELEASED);
	pi_put(&p, 24, &D_OPTEE, 1);
	pi_expect(&p, NULL, 1, NULL, &D_OPTEE, 1, 24);
	pi_done(&p);
}

Test(partition_info, success_64_answer_accepted_and_released)
{
	struct pi p;

	pi_start(&p, FFA_VERSION_1_2, PIG_NIL, OK64(0, 1, 24), RELEASED);
	pi_put(&p, 24, &D_SP2, 1);
	pi_expect(&p, NULL, 1, NULL, &D_SP2, 1, 24);
	pi_done(&p);
}

Test(partition_info, renegotiated_version_before_lock_in_decides_layout)
{
	/* real-spmc-behaviour.md: the version asked for last decides - while
	 * negotiation is open (no other call sent yet). */
	struct pi p;
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_VERSION(FFA_VERSION_1_0),
		STEP_MAP,
		STEP_PIG(PIG_NIL, OK32(0, 2, 24), &p.img),
		STEP_RELEASE,
	};

	pi_alloc(&p);
	steps[2].expect = FRAME(FFA_RXTX_MAP_64, (uint64_t)(uintptr_t)p.tx,
				(uint64_t)(uintptr_t)p.rx, 1);
	steps[2].reply = OK32();
	scripted_init(&p.t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_version(&p.t.ctx, FFA_VERSION_1_0, NULL), 0);
	assert_rc(ffa_rxtx_map(&p.t.ctx, p.tx, p.rx, 1), 0);
	pi_put(&p, 8, D8, 2);
	pi_expect(&p, NULL, 2, NULL, D8, 2, 8);
	pi_done(&p);
}

Test(partition_info, version_change_after_lock_in_refused)
{
	/* After RXTX_MAP the version is locked in: a TF-A manager would answer
	 * a lower offer with the locked version (it looks compatible) and keep
	 * sending 24-byte descriptors. libffa refuses the change without a
	 * frame, and keeps reading the agreed layout. */
	const struct desc d[2] = {
		{ 0x8001, 4, 0x3, OPTEE_UUID_STR, NULL, 0 },
		{ 0x8002, 1, 0x1, OPTEE_UUID_STR, NULL, 0 },
	};
	struct pi p;

	pi_start(&p, FFA_VERSION_1_2, PIG_NIL, OK32(0, 2, 24), RELEASED);
	assert_rc(ffa_version(&p.t.ctx, FFA_VERSION_1_0, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_version_negotiate(&p.t.ctx, FFA_VERSION_1_1), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_ctx_version(&p.t.ctx), FFA_VERSION_1_2);
	pi_put(&p, 24, d, 2);
	pi_expect(&p, NULL, 2, NULL, d, 2, 24);
	pi_done(&p);
}

/* ======================================================================= */
/* RX release on every path after SUCCESS, never after anything else        */
/* ======================================================================= */

Test(partition_info, count_zero_still_releases)
{
	struct pi p;
	struct ffa_uuid u = uuid_of(OPTEE_UUID_STR);
	uint32_t total;

	pi_start(&p, FFA_VERSION_1_2, PIG_OPTEE, OK32(0, 0, 24), RELEASED);
	pi_expect(&p, &u, 1, &total, NULL, 0, 24);
	pi_done(&p);
}

Test(partition_info, count_zero_release_denied_is_fine)
{
	struct pi p;
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_MAP,
		STEP_PIG(PIG_NIL, OK32(0, 0, 24), &p.img),
		STEP_RELEASE_ANS(ERR(FFA_ERR_DENIED)),
		/* Sign-extended DENIED, as TF-A's SPMC sends it. */
		STEP_PIG(PIG_NIL, OK32(0, 0, 24), &p.img),
		STEP_RELEASE_ANS(FRAME(FFA_ERROR_32, 0, 0xFFFFFFFFFFFFFFFAull)),
	};
	uint32_t total = 5;

	pi_init(&p, steps, ARRAY_LEN(steps), FFA_VERSION_1_2);
	assert_rc(ffa_partition_info_get(&p.t.ctx, NULL, NULL, 0, &total), 0);
	cr_assert_eq(total, 0);
	assert_rc(ffa_partition_info_get(&p.t.ctx, NULL, NULL, 0, &total), 0);
	pi_done(&p);
}

Test(partition_info, count_zero_release_other_error_reported)
{
	struct pi p;
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_MAP,
		STEP_PIG(PIG_NIL, OK32(0, 0, 24), &p.img),
		STEP_RELEASE_ANS(ERR(FFA_ERR_INVALID_PARAMETERS)),
	};

	pi_init(&p, steps, ARRAY_LEN(steps), FFA_VERSION_1_2);
	assert_rc(ffa_partition_info_get(&p.t.ctx, NULL, NULL, 0, NULL),
		  FFA_ERR_INVALID_PARAMETERS);
	pi_done(&p);
}

Test(partition_info, release_failure_after_descriptors_is_reported)
{
	struct pi p;
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_MAP,
		STEP_PIG(PIG_NIL, OK32(0, 1, 24), &p.img),
		STEP_RELEASE_ANS(ERR(FFA_ERR_DENIED)),
		STEP_PIG(PIG_NIL, OK32(0, 1, 24), &p.img),
		STEP_RELEASE_ANS(FRAME(FFA_MSG_WAIT_32)),
		STEP_PIG(PIG_NIL, OK32(0, 1, 24), &p.img),
		STEP_CONDUIT_FAIL(FRAME(FFA_RX_RELEASE_32), FFA_ERR_CONDUIT),
	};
	struct ffa_partition_info out[1];

	pi_init(&p, steps, ARRAY_LEN(steps), FFA_VERSION_1_2);
	pi_put(&p, 24, &D_OPTEE, 1);
	/* With descriptors, a refused release is the release's own error. */
	assert_rc(ffa_partition_info_get(&p.t.ctx, NULL, out, 1, NULL), FFA_ERR_DENIED);
	assert_rc(ffa_partition_info_get(&p.t.ctx, NULL, out, 1, NULL), FFA_ERR_PROTOCOL);
	assert_rc(ffa_partition_info_get(&p.t.ctx, NULL, out, 1, NULL), FFA_ERR_CONDUIT);
	pi_done(&p);
}

Test(partition_info, ffa_errors_map_and_do_not_release)
{
	static const int codes[] = { FFA_ERR_INVALID_PARAMETERS, FFA_ERR_BUSY, FFA_ERR_NO_MEMORY,
				     FFA_ERR_DENIED, FFA_ERR_NOT_SUPPORTED };

	for (size_t i = 0; i < ARRAY_LEN(codes); i++) {
		struct pi p;
		struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP_MAP,
			/* Zero-extended and sign-extended error codes. */
			STEP_PIG(PIG_OPTEE, ERR(codes[i]), &p.img),
			STEP_PIG(PIG_NIL,
				 FRAME(FFA_ERROR_32, 0, (uint64_t)(int64_t)codes[i]), &p.img),
		};
		struct ffa_uuid u = uuid_of(OPTEE_UUID_STR);
		uint32_t total;

		pi_init(&p, steps, ARRAY_LEN(steps), FFA_VERSION_1_2);
		pi_expect_error(&p, &u, 2, &total, codes[i]);
		pi_expect_error(&p, NULL, 2, &total, codes[i]);
		pi_done(&p);
	}
}

Test(partition_info, ffa_error_with_bad_code_is_protocol_no_release)
{
	static const uint64_t bad[] = { 0, 1, 0xFFFFFFF5u /* -11 */, 0x80000000u, 0x7FFFFFFFu };

	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		struct pi p;

		pi_start(&p, FFA_VERSION_1_1, PIG_NIL, FRAME(FFA_ERROR_32, 0, bad[i]),
			 NOT_RELEASED);
		pi_expect_error(&p, NULL, 1, NULL, FFA_ERR_PROTOCOL);
		pi_done(&p);
	}
}

Test(partition_info, conduit_failure_no_release)
{
	struct pi p;
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_MAP,
		STEP_CONDUIT_FAIL(PIG_NIL, FFA_ERR_CONDUIT),
	};

	pi_init(&p, steps, ARRAY_LEN(steps), FFA_VERSION_1_2);
	pi_expect_error(&p, NULL, 1, NULL, FFA_ERR_CONDUIT);
	pi_done(&p);
}

/* ======================================================================= */
/* Caller errors: no call at all                                            */
/* ======================================================================= */

Test(partition_info, no_rxtx_pair_is_bad_argument_without_call)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
	};
	struct scripted t;
	struct ffa_partition_info out[1];
	uint32_t total = 9;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_partition_info_get(&t.ctx, NULL, out, 1, &total), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_partition_info_get(&t.ctx, NULL, NULL, 0, &total), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(total, 9);
	assert_script_ok(&t);
}

Test(partition_info, not_negotiated_without_call)
{
	struct scripted t;
	struct ffa_partition_info out[1];
	uint32_t count;

	/* Nothing may be sent before FFA_VERSION (known-bugs.md 3). */
	scripted_init(&t, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_partition_info_get(&t.ctx, NULL, out, 1, NULL), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_partition_count(&t.ctx, NULL, &count), FFA_ERR_NOT_NEGOTIATED);
	assert_script_ok(&t);
}

Test(partition_info, unmapped_after_unmap_is_bad_argument)
{
	struct pi p;
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_MAP,
		STEP(FRAME(FFA_RXTX_UNMAP_32), OK32()),
	};

	pi_init(&p, steps, ARRAY_LEN(steps), FFA_VERSION_1_2);
	assert_rc(ffa_rxtx_unmap(&p.t.ctx), 0);
	pi_expect_error(&p, NULL, 1, NULL, FFA_ERR_BAD_ARGUMENT);
	pi_done(&p);
}

Test(partition_info, out_too_small_sets_total_and_releases)
{
	struct pi p;
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_MAP,
		STEP_PIG(PIG_NIL, OK32(0, 3, 24), &p.img),
		STEP_RELEASE,
		/* NULL array of 0 entries: the way to learn the count. */
		STEP_PIG(PIG_NIL, OK32(0, 3, 24), &p.img),
		STEP_RELEASE,
		/* The release's failure does not hide BUFFER_TOO_SMALL. */
		STEP_PIG(PIG_NIL, OK32(0, 3, 24), &p.img),
		STEP_RELEASE_ANS(ERR(FFA_ERR_DENIED)),
	};
	const struct desc d[3] = { D_OPTEE, D_SP2, D_SP3 };
	uint32_t total = 0;

	pi_init(&p, steps, ARRAY_LEN(steps), FFA_VERSION_1_2);
	pi_put(&p, 24, d, 3);
	pi_expect_error(&p, NULL, 2, &total, FFA_ERR_BUFFER_TOO_SMALL);
	cr_assert_eq(total, 3);
	total = 0;
	assert_rc(ffa_partition_info_get(&p.t.ctx, NULL, NULL, 0, &total),
		  FFA_ERR_BUFFER_TOO_SMALL);
	cr_assert_eq(total, 3);
	pi_expect_error(&p, NULL, 2, &total, FFA_ERR_BUFFER_TOO_SMALL);
	cr_assert_eq(total, 3);
	pi_done(&p);
}

Test(partition_info, exact_fit_is_fine)
{
	const struct desc d[2] = { D_OPTEE, D_SP2 };
	struct pi p;

	pi_start(&p, FFA_VERSION_1_2, PIG_NIL, OK32(0, 2, 24), RELEASED);
	pi_put(&p, 24, d, 2);
	pi_expect(&p, NULL, 2, NULL, d, 2, 24);
	pi_done(&p);
}

/* ======================================================================= */
/* Hostile answers: each a clear error, no OOB read, RX released            */
/* ======================================================================= */

/* Run one PARTITION_INFO_GET whose SUCCESS answer is @ans at @version into
 * an array of @max entries (plus a guard) and expect @want, a release, and
 * the array untouched on a rejected answer. The RX image is a full buffer of
 * filler so nothing is obviously short. */
#define BIG_MAX 600
static struct ffa_partition_info hostile_out[BIG_MAX + 1];

static void hostile_success_max(uint32_t version, struct ffa_regs ans, size_t max, int want)
{
	struct pi p;
	uint32_t total = PI_TOTAL_UNSET;

	cr_assert_leq(max, BIG_MAX);
	pi_start(&p, version, PIG_NIL, ans, RELEASED);
	p.img.fill = 0x11;
	poison(hostile_out, sizeof(hostile_out));
	assert_rc(ffa_partition_info_get(&p.t.ctx, NULL, hostile_out, max, &total), want);
	if (want < 0 && want != FFA_ERR_BUFFER_TOO_SMALL)
		cr_assert_eq(total, PI_TOTAL_UNSET, "total set on a rejected answer");
	if (want < 0)
		assert_untouched_from(hostile_out, 0, BIG_MAX + 1);
	else
		assert_untouched_from(hostile_out, max, BIG_MAX + 1);
	cr_assert_eq(p.img.writes, 1);
	pi_done(&p);
}

/* With room for 600 entries only the RX bound can stop a bad count: a
 * library that trusted it would read past the 4 KiB RX buffer (ASan). */
static void hostile_success(uint32_t version, struct ffa_regs ans, int want)
{
	hostile_success_max(version, ans, BIG_MAX, want);
}

Test(partition_info, hostile_unknown_function_ids_no_release)
{
	static const uint64_t ids[] = {
		0x84000099u, FFA_INTERRUPT_32, FFA_YIELD_32, FFA_MSG_WAIT_32,
		FFA_PARTITION_INFO_GET_32, FFA_VERSION_1_2, 0xFFFFFFFFu, 0,
		FFA_MSG_SEND_DIRECT_RESP_32, FFA_RX_RELEASE_32, 0xC4000060u,
	};

	for (size_t i = 0; i < ARRAY_LEN(ids); i++) {
		struct pi p;
		uint32_t total;

		/* Plausible count/size: still not a SUCCESS. */
		pi_start(&p, FFA_VERSION_1_2, PIG_NIL, FRAME(ids[i], 0, 1, 24), NOT_RELEASED);
		pi_put(&p, 24, &D_OPTEE, 1);
		pi_expect_error(&p, NULL, 2, &total, FFA_ERR_PROTOCOL);
		pi_done(&p);
	}
}

Test(partition_info, hostile_count_larger_than_rx_buffer)
{
	/* 170 x 24 = 4080 fits; 171 x 24 = 4104 does not. Boundaries at each
	 * layout, with out[] big enough that only the RX bound can stop it. */
	hostile_success(FFA_VERSION_1_2, OK32(0, 171, 24), FFA_ERR_PROTOCOL);
	hostile_success(FFA_VERSION_1_1, OK32(0, 86, 48), FFA_ERR_PROTOCOL);
	hostile_success(FFA_VERSION_1_0, OK32(0, 513, 8), FFA_ERR_PROTOCOL);
	hostile_success(FFA_VERSION_1_0, OK32(0, 513, 0), FFA_ERR_PROTOCOL);
	hostile_success(FFA_VERSION_1_2, OK32(0, 1, 4097), FFA_ERR_PROTOCOL);
	hostile_success(FFA_VERSION_1_2, OK32(0, 0xFFFFFFFFu, 24), FFA_ERR_PROTOCOL);
	/* One past the buffer by a single byte. */
	hostile_success(FFA_VERSION_1_2, OK32(0, 2, 2049), FFA_ERR_PROTOCOL);
}

Test(partition_info, rx_buffer_boundary_counts_accepted)
{
	/* Exactly filling RX is legal: 170 x 24 (4080), 512 x 8 (4096), 1 x 4096. */
	static struct ffa_partition_info out[513];
	static const struct {
		uint32_t version, count, size;
	} cases[] = {
		{ FFA_VERSION_1_2, 170, 24 },
		{ FFA_VERSION_1_0, 512, 8 },
		{ FFA_VERSION_1_2, 1, 4096 },
		{ FFA_VERSION_1_2, 85, 48 },
		{ FFA_VERSION_1_1, 128, 32 },
	};

	for (size_t c = 0; c < ARRAY_LEN(cases); c++) {
		struct pi p;
		uint32_t size = cases[c].version == FFA_VERSION_1_0 ? 8 : cases[c].size;

		pi_start(&p, cases[c].version, PIG_NIL, OK32(0, cases[c].count, cases[c].size),
			 RELEASED);
		for (uint32_t i = 0; i < cases[c].count; i++) {
			struct desc d = { (uint16_t)(0x8000 + i), (uint16_t)i, i * 7u,
					  OPTEE_UUID_STR, NULL, 0 };
			img_put(&p.img, i, size, &d);
		}
		poison(out, sizeof(out));
		assert_rc(ffa_partition_info_get(&p.t.ctx, NULL, out, cases[c].count + 1, NULL),
			  (int)cases[c].count);
		for (uint32_t i = 0; i < cases[c].count; i++) {
			cr_assert_eq(out[i].id, 0x8000 + i);
			cr_assert_eq(out[i].exec_ctx_count, i);
			cr_assert_eq(out[i].properties, i * 7u);
		}
		assert_untouched_from(out, cases[c].count, cases[c].count + 1);
		pi_done(&p);
	}
}

Test(partition_info, hostile_size_smaller_than_version_descriptor)
{
	hostile_success(FFA_VERSION_1_1, OK32(0, 1, 16), FFA_ERR_PROTOCOL);
	hostile_success(FFA_VERSION_1_2, OK32(0, 2, 23), FFA_ERR_PROTOCOL);
	hostile_success(FFA_VERSION_1_2, OK32(0, 1, 1), FFA_ERR_PROTOCOL);
}

Test(partition_info, hostile_size_zero_with_count)
{
	hostile_success(FFA_VERSION_1_1, OK32(0, 1, 0), FFA_ERR_PROTOCOL);
	hostile_success(FFA_VERSION_1_2, OK32(0, 0x7FFFFFFF, 0), FFA_ERR_PROTOCOL);
}

Test(partition_info, hostile_count_times_size_overflows_32_bits)
{
	hostile_success(FFA_VERSION_1_2, OK32(0, 0x80000000u, 32), FFA_ERR_PROTOCOL);
	/* 0x08000001 x 32 = 0x1_0000_0020: wraps to 32 in 32-bit arithmetic. */
	hostile_success(FFA_VERSION_1_2, OK32(0, 0x08000001u, 32), FFA_ERR_PROTOCOL);
	/* 0x0AAAAAAB x 24 = 0x1_0000_0008: wraps to 8. */
	hostile_success(FFA_VERSION_1_1, OK32(0, 0x0AAAAAABu, 24), FFA_ERR_PROTOCOL);
	hostile_success(FFA_VERSION_1_2, OK32(0, 0xFFFFFFFFu, 0xFFFFFFFFu), FFA_ERR_PROTOCOL);
	/* 0x20000001 x 8 = 0x1_0000_0008 at v1.0. */
	hostile_success(FFA_VERSION_1_0, OK32(0, 0x20000001u, 8), FFA_ERR_PROTOCOL);
	/* 0x10000 x 0x10001 = 0x1_0001_0000. */
	hostile_success(FFA_VERSION_1_2, OK32(0, 0x10000u, 0x10001u), FFA_ERR_PROTOCOL);
}

Test(partition_info, hostile_v1_0_layout_after_v1_1_negotiated)
{
	hostile_success(FFA_VERSION_1_1, OK32(0, 2, 8), FFA_ERR_PROTOCOL);
	hostile_success(FFA_VERSION_1_2, OK32(0, 2, 8), FFA_ERR_PROTOCOL);
}

Test(partition_info, size_zero_count_zero_tolerated)
{
	/* With nothing to read the size is not used: a manager (or mediator,
	 * known-bugs 14) reporting size 0 for an empty list is tolerated, and
	 * the RX buffer is still released. A zero size with a count is not. */
	hostile_success(FFA_VERSION_1_2, OK32(0, 0, 0), 0);
	hostile_success(FFA_VERSION_1_2, OK32(0, 1, 0), FFA_ERR_PROTOCOL);
}

Test(partition_info, count_beyond_rx_but_small_out_is_protocol_not_too_small)
{
	/* The RX bound is checked before the caller's capacity: a count the
	 * buffer cannot hold is the manager's fault, not the caller's. */
	hostile_success_max(FFA_VERSION_1_2, OK32(0, 1000, 24), 8, FFA_ERR_PROTOCOL);
}

/* ======================================================================= */
/* Known bugs (known-bugs.md)                                               */
/* ======================================================================= */

/* ======================================================================= */
/* Known bugs (known-bugs.md)                                               */
/* ======================================================================= */

Test(known_bugs, known_bug_14_partition_info_size_by_version)
{
	/* v1.0: 8-byte records whatever w3 says (here 24); v1.1+: w3 is the
	 * stride; a v1.0 size or 0 at v1.1+ is refused. */
	const struct desc d8[2] = {
		{ 0x8001, 1, 0x7, NULL, NULL, 0 },
		{ 0x8002, 2, 0x1, NULL, NULL, 0 },
	};
	const struct desc d24[2] = { D_OPTEE, D_SP2 };

	{
		struct pi p;

		pi_start(&p, FFA_VERSION_1_0, PIG_NIL, OK32(0, 2, 24), RELEASED);
		pi_put(&p, 8, d8, 2);
		pi_expect(&p, NULL, 2, NULL, d8, 2, 8);
		pi_done(&p);
	}
	{
		struct pi p;

		pi_start(&p, FFA_VERSION_1_1, PIG_NIL, OK32(0, 2, 24), RELEASED);
		pi_put(&p, 24, d24, 2);
		pi_expect(&p, NULL, 2, NULL, d24, 2, 24);
		pi_done(&p);
	}
	hostile_success(FFA_VERSION_1_1, OK32(0, 2, 8), FFA_ERR_PROTOCOL);
	hostile_success(FFA_VERSION_1_2, OK32(0, 2, 0), FFA_ERR_PROTOCOL);
}

Test(known_bugs, known_bug_21_partition_info_count_not_trusted)
{
	/* A firmware count beyond RX never drives a read past it, and a count
	 * beyond the caller's array never drives a write past it. */
	hostile_success(FFA_VERSION_1_2, OK32(0, 0x10000, 24), FFA_ERR_PROTOCOL);
	hostile_success_max(FFA_VERSION_1_2, OK32(0, 9, 24), 8, FFA_ERR_BUFFER_TOO_SMALL);
}

Test(known_bugs, known_bug_27_rx_released_on_every_success_path)
{
	/* Success, count 0, too small, and protocol errors found in a SUCCESS
	 * answer: each followed by exactly one FFA_RX_RELEASE with w1 = 0. */
	struct pi p;
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_MAP,
		STEP_PIG(PIG_NIL, OK32(0, 1, 24), &p.img),
		STEP_RELEASE,
		STEP_PIG(PIG_NIL, OK32(0, 0, 24), &p.img),
		STEP_RELEASE,
		STEP_PIG(PIG_NIL, OK32(0, 2, 24), &p.img),
		STEP_RELEASE,
		STEP_PIG(PIG_NIL, OK32(0, 1, 16), &p.img),
		STEP_RELEASE,
		STEP_PIG(PIG_NIL, OK32(0, 200, 24), &p.img),
		STEP_RELEASE,
	};
	const struct desc d[2] = { D_OPTEE, D_SP2 };
	struct ffa_partition_info out[1];

	pi_init(&p, steps, ARRAY_LEN(steps), FFA_VERSION_1_2);
	pi_put(&p, 24, d, 2);
	assert_rc(ffa_partition_info_get(&p.t.ctx, NULL, out, 1, NULL), 1);
	assert_rc(ffa_partition_info_get(&p.t.ctx, NULL, out, 1, NULL), 0);
	assert_rc(ffa_partition_info_get(&p.t.ctx, NULL, out, 1, NULL), FFA_ERR_BUFFER_TOO_SMALL);
	assert_rc(ffa_partition_info_get(&p.t.ctx, NULL, out, 1, NULL), FFA_ERR_PROTOCOL);
	assert_rc(ffa_partition_info_get(&p.t.ctx, NULL, out, 1, NULL), FFA_ERR_PROTOCOL);
	pi_done(&p);
}

Test(known_bugs, known_bug_27_rx_not_released_when_not_owned)
{
	/* FFA_ERROR, a protocol-error function ID, count-only and a transport
	 * failure hand nothing over: no release (a spurious one gets DENIED,
	 * Xen a97fe0a4c7). The script fails on any extra frame. */
	struct pi p;
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_MAP,
		STEP_PIG(PIG_NIL, ERR(FFA_ERR_BUSY), &p.img),
		STEP_PIG(PIG_NIL, FRAME(FFA_YIELD_32, 0x80010000), &p.img),
		STEP_PIG(PIG_NIL, FRAME(0x8400FFFFu, 0, 1, 24), &p.img),
		STEP(PIG_COUNT_NIL, OK32(0, 2, 0)),
		STEP_CONDUIT_FAIL(PIG_NIL, FFA_ERR_CONDUIT),
		STEP_PIG(PIG_NIL, OK32(0, 0, 24), &p.img),
		STEP_RELEASE,
	};
	uint32_t count = 0;

	pi_init(&p, steps, ARRAY_LEN(steps), FFA_VERSION_1_2);
	pi_expect_error(&p, NULL, 1, NULL, FFA_ERR_BUSY);
	pi_expect_error(&p, NULL, 1, NULL, FFA_ERR_PROTOCOL);
	pi_expect_error(&p, NULL, 1, NULL, FFA_ERR_PROTOCOL);
	assert_rc(ffa_partition_count(&p.t.ctx, NULL, &count), 0);
	cr_assert_eq(count, 2);
	pi_expect_error(&p, NULL, 1, NULL, FFA_ERR_CONDUIT);
	/* And the context is still usable: the next call works and releases. */
	pi_expect(&p, NULL, 1, NULL, NULL, 0, 24);
	pi_done(&p);
}

Test(known_bugs, known_bug_30_stale_rx_tail_never_read)
{
	/* Two real descriptors, then a poisoned tail that looks like more
	 * descriptors (non-zero IDs, plausible UUID bytes). Nothing of it may
	 * show up: not in out[], not as extra entries. */
	const struct desc d[2] = { D_OPTEE, D_SP2 };
	struct pi p;
	uint32_t total;

	pi_start(&p, FFA_VERSION_1_2, PIG_NIL, OK32(0, 2, 24), RELEASED);
	pi_put(&p, 24, d, 2);
	p.img.fill = 0xA7; /* the stale tail: 0xA7A7 IDs etc. */
	pi_expect(&p, NULL, 5, &total, d, 2, 24);
	for (size_t i = 0; i < 2; i++) {
		cr_assert_neq(p.out[i].id, 0xA7A7);
		for (size_t b = 0; b < 16; b++)
			cr_assert_neq(p.out[i].image_uuid.b[b], 0xA7, "tail byte leaked");
	}
	pi_done(&p);
}

Test(known_bugs, known_bug_30_v1_0_does_not_read_v1_1_fields)
{
	/* At v1.0 the bytes after each 8-byte record are the next record, not
	 * a UUID: the UUID fields must stay Nil. */
	const struct desc d = { 0x8001, 3, 0x7, NULL, NULL, 0 };
	struct pi p;

	pi_start(&p, FFA_VERSION_1_0, PIG_NIL, OK32(0, 1, 0), RELEASED);
	pi_put(&p, 8, &d, 1);
	p.img.fill = 0xA7;
	pi_expect(&p, NULL, 1, NULL, &d, 1, 8);
	pi_done(&p);
}

Test(known_bugs, known_bug_31_decoded_from_one_fetch_before_release)
{
	/* The manager scribbles RX as soon as it gets it back (its next
	 * producer). Results must be those the buffer held when SUCCESS came:
	 * decoded once, before the release, never re-read afterwards; the
	 * stride is the single w3 value (32, an unusual size). */
	struct pi p;
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_MAP,
		STEP_PIG(PIG_NIL, OK32(0, 3, 32), &p.img),
		{ .expect = FRAME(FFA_RX_RELEASE_32), .reply = OK32(),
		  .action = scribble_rx, .action_arg = &p.img },
	};
	const struct desc d[3] = { D_OPTEE, D_SP2, D_SP3 };
	uint32_t total;

	pi_init(&p, steps, ARRAY_LEN(steps), FFA_VERSION_1_2);
	pi_put(&p, 32, d, 3);
	pi_expect(&p, NULL, 3, &total, d, 3, 24);
	cr_assert_eq(p.rx[0], 0xEE, "the release action did not run");
	pi_done(&p);
}

Test(known_bugs, known_bug_37_same_id_several_uuids_all_returned)
{
	/* A v1.2 manager lists a partition once per protocol UUID. */
	const struct desc d[3] = {
		{ 0x8001, 4, 0x303, OPTEE_UUID_STR, NULL, 0 },
		{ 0x8001, 4, 0x303, VIRTIO_UUID_STR, NULL, 0 },
		{ 0x8001, 4, 0x303, OTHER_UUID_STR, NULL, 0 },
	};
	struct pi p;

	pi_start(&p, FFA_VERSION_1_2, PIG_NIL, OK32(0, 3, 24), RELEASED);
	pi_put(&p, 24, d, 3);
	pi_expect(&p, NULL, 3, NULL, d, 3, 24);
	cr_assert(!ffa_uuid_equal(&p.out[0].uuid, &p.out[1].uuid));
	cr_assert(!ffa_uuid_equal(&p.out[1].uuid, &p.out[2].uuid));
	pi_done(&p);
}

Test(known_bugs, known_bug_38_partition_info_null_paths)
{
	struct pi p;
	struct ffa_partition_info out[1];
	uint32_t total = 0, count = 0;

	assert_rc(ffa_partition_info_get(NULL, NULL, out, 1, &total), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_partition_count(NULL, NULL, &count), FFA_ERR_BAD_ARGUMENT);
	pi_start(&p, FFA_VERSION_1_2, PIG_NIL, OK32(0, 1, 24), RELEASED);
	pi_put(&p, 24, &D_OPTEE, 1);
	/* NULL out with a non-zero max: refused before any call. */
	assert_rc(ffa_partition_info_get(&p.t.ctx, NULL, NULL, 1, &total), FFA_ERR_BAD_ARGUMENT);
	/* NULL count: refused before any call. */
	assert_rc(ffa_partition_count(&p.t.ctx, NULL, NULL), FFA_ERR_BAD_ARGUMENT);
	/* NULL uuid and NULL total are fine. */
	pi_expect(&p, NULL, 1, NULL, &D_OPTEE, 1, 24);
	pi_done(&p);
}

/* ---- known-bugs class 28: unmap/release races ---------------------------- */

struct lock_probe {
	int depth;     /* current nesting */
	int max_depth; /* deepest nesting seen */
	int takes;     /* lock() calls */
	int held_at_release; /* depth when the RX_RELEASE frame went out */
};

static void probe_lock(void *arg)
{
	struct lock_probe *lp = arg;

	lp->takes++;
	if (++lp->depth > lp->max_depth)
		lp->max_depth = lp->depth;
}

static void probe_unlock(void *arg)
{
	((struct lock_probe *)arg)->depth--;
}

static void note_release(void *arg, const struct ffa_regs *in, struct ffa_regs *out)
{
	(void)in;
	(void)out;
	((struct lock_probe *)arg)->held_at_release = ((struct lock_probe *)arg)->depth;
}

Test(known_bugs, known_bug_28_rx_release_under_lock)
{
	/* The RX buffer is handed back while the RX/TX lock is held, both by
	 * ffa_partition_info_get (one lock around read + release, never
	 * nested) and by a caller's own ffa_rx_release: another thread of the
	 * context cannot have it released under its feet while reading. */
	struct lock_probe lp = { 0 };
	struct pi p;
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_MAP,
		STEP_PIG(PIG_NIL, OK32(0, 1, 24), &p.img),
		{ .expect = FRAME(FFA_RX_RELEASE_32), .reply = OK32(), .action = note_release,
		  .action_arg = &lp },
		{ .expect = FRAME(FFA_RX_RELEASE_32), .reply = OK32(), .action = note_release,
		  .action_arg = &lp },
	};

	pi_init(&p, steps, ARRAY_LEN(steps), FFA_VERSION_1_2);
	pi_put(&p, 24, &D_OPTEE, 1);
	p.t.ctx.port.lock = probe_lock;
	p.t.ctx.port.unlock = probe_unlock;
	p.t.ctx.port.arg = &lp;

	pi_expect(&p, NULL, 1, NULL, &D_OPTEE, 1, 24);
	cr_assert_eq(lp.held_at_release, 1, "release sent without the lock");
	cr_assert_eq(lp.takes, 1);
	cr_assert_eq(lp.max_depth, 1, "lock nested");
	cr_assert_eq(lp.depth, 0, "lock left held");

	lp.held_at_release = 0;
	assert_rc(ffa_rx_release(&p.t.ctx), 0);
	cr_assert_eq(lp.held_at_release, 1, "ffa_rx_release sent without the lock");
	cr_assert_eq(lp.takes, 2);
	cr_assert_eq(lp.depth, 0);
	pi_done(&p);
}
