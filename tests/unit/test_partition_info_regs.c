/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_PARTITION_INFO_GET_REGS: ffa_partition_info_get_regs().
 *
 * Exact input (x1/x2 = UUID as two little-endian 64-bit words, x3 = start |
 * tag << 16, ffa-abi.md 4.1 and 7.2), the start-index/tag iteration and its
 * RETRY restart (8.4), 24- and 48-byte register layouts, version and conduit
 * gates, and hostile indices, tags and sizes (known-bugs.md 11, 21, 31, 37,
 * 38). Every output array carries a guard element past @max.
 */
#include <string.h>

#include "pi_test.h"

/* virtio-msg UUID (ffa-abi.md 7.2): x1/x2 as REQ2 and GET_REGS carry it. */
#define VIRTIO_X1 0xa14a9824b52860c6ull
#define VIRTIO_X2 0xf0ab2261da77e79dull

#define REGS_IN(lo, hi, start, tag)                                                \
	FRAME(FFA_PARTITION_INFO_GET_REGS_64, (lo), (hi),                          \
	      (uint64_t)(start) | ((uint64_t)(tag) << 16))
#define REGS_NIL(start, tag) REGS_IN(0, 0, start, tag)

/* Bytes @b[0..8) as a little-endian u64, written out independently of the
 * library's own helpers. */
static uint64_t le64_of(const uint8_t *b)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | b[i];
	return v;
}

static uint64_t x2_of(uint32_t last, uint32_t cur, uint32_t tag, uint32_t size)
{
	return (uint64_t)(last & 0xFFFF) | ((uint64_t)(cur & 0xFFFF) << 16) |
	       ((uint64_t)(tag & 0xFFFF) << 32) | ((uint64_t)(size & 0xFFFF) << 48);
}

/* A SUCCESS_64 answer carrying @n descriptors of @size bytes in x3... */
static struct ffa_regs regs_ans(uint32_t last, uint32_t cur, uint32_t tag, uint32_t size,
				const struct desc *const *d, size_t n)
{
	struct ffa_regs r = OK64(0, x2_of(last, cur, tag, size));
	unsigned int per = size / 8, reg = 3;

	for (size_t i = 0; i < n; i++, reg += per) {
		struct ffa_uuid u = uuid_of(d[i]->uuid), im = uuid_of(d[i]->image);

		cr_assert_leq(reg + per, FFA_REGS_COUNT, "test builds too many descriptors");
		for (unsigned int k = 0; k < per; k++)
			r.x[reg + k] = 0xC3C3C3C3C3C3C3C3ull; /* unknown fields */
		r.x[reg] = d[i]->id | ((uint64_t)d[i]->ctx << 16) | ((uint64_t)d[i]->props << 32);
		r.x[reg + 1] = le64_of(&u.b[0]);
		r.x[reg + 2] = le64_of(&u.b[8]);
		if (per >= 6) {
			r.x[reg + 3] = le64_of(&im.b[0]);
			r.x[reg + 4] = le64_of(&im.b[8]);
			r.x[reg + 5] = d[i]->version;
		}
	}
	return r;
}


/* Seven partitions for the multi-round tests. */
static const struct desc P[7] = {
	{ 0x8001, 4, 0x303, OPTEE_UUID_STR, NULL, 0 },
	{ 0x8002, 8, 0x701, VIRTIO_UUID_STR, NULL, 0 },
	{ 0x8003, 1, 0x101, OTHER_UUID_STR, NULL, 0 },
	{ 0x8004, 2, 0x103, OPTEE_UUID_STR, NULL, 0 },
	{ 0x8005, 3, 0x10b, VIRTIO_UUID_STR, NULL, 0 },
	{ 0x8006, 16, 0x301, OTHER_UUID_STR, NULL, 0 },
	{ 0x8007, 32, 0x707, OPTEE_UUID_STR, NULL, 0 },
};
static const struct desc *const P0[] = { &P[0], &P[1], &P[2], &P[3], &P[4] };
static const struct desc *const P5[] = { &P[5], &P[6] };

static const struct desc Q[5] = {
	{ 0x8001, 4, 0x303, OPTEE_UUID_STR, VIRTIO_UUID_STR, 0x00010003 },
	{ 0x8002, 8, 0x701, VIRTIO_UUID_STR, NULL, 0x00010002 },
	{ 0x8003, 1, 0x101, OTHER_UUID_STR, OPTEE_UUID_STR, 0x00010001 },
	{ 0x8004, 2, 0x103, OPTEE_UUID_STR, OTHER_UUID_STR, 0x00010003 },
	{ 0x8005, 3, 0x10b, VIRTIO_UUID_STR, NULL, 0x00010000 },
};
static const struct desc *const Q0[] = { &Q[0], &Q[1] };
static const struct desc *const Q2[] = { &Q[2], &Q[3] };
static const struct desc *const Q4[] = { &Q[4] };

/* A scripted v1.2 context and a guarded output array. */
struct rg {
	struct scripted t;
	struct ffa_partition_info out[PI_OUT_CAP];
};

/* Negotiate v1.2 over @steps (STEP_VERSION(v1.2) first) on a conduit with
 * SMC64 and 18 registers. */
static void rg_start(struct rg *r, const struct ffa_script_step *steps, size_t n)
{
	scripted_init(&r->t, steps, n, CAPS_ALL, FFA_VERSION_1_2);
}

/* ffa_partition_info_get_regs(@uuid, r->out, @max, @total) finds @d[0..@n),
 * read as the @size-byte layout (pi_expect_found()). */
static void rg_expect(struct rg *r, const struct ffa_uuid *uuid, size_t max, uint32_t *total,
		      const struct desc *d, size_t n, uint32_t size)
{
	pi_expect_found(ffa_partition_info_get_regs, &r->t.ctx, uuid, r->out, max, total, d, n,
			size);
}

/* ffa_partition_info_get_regs(NULL, r->out, @max, @total) fails with @want,
 * having written no entry from out[@written] on (pi_expect_failed()). A
 * failure before any entry was written (@written 0) other than
 * BUFFER_TOO_SMALL leaves *@total alone: no answer was accepted, so there
 * is no count to report (a later answer's failure leaves the count of the
 * first, which the caller checks). */
static void rg_expect_error(struct rg *r, size_t max, uint32_t *total, int want, size_t written)
{
	pi_expect_failed(ffa_partition_info_get_regs, &r->t.ctx, NULL, r->out, max, total, want,
			 written);
	if (total && !written && want != FFA_ERR_BUFFER_TOO_SMALL)
		cr_assert_eq(*total, PI_TOTAL_UNSET, "total written on a rejected first answer");
}

/* ======================================================================= */
/* Input and decoding                                                       */
/* ======================================================================= */

Test(partition_info_regs, input_uuid_two_le_words_single_answer)
{
	static const struct desc d = { 0x8010, 2, 0x601, VIRTIO_UUID_STR, NULL, 0 };
	const struct desc *const dd[] = { &d };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_IN(VIRTIO_X1, VIRTIO_X2, 0, 0), regs_ans(0, 0, 0, 24, dd, 1)),
	};
	struct rg r;
	struct ffa_uuid u = uuid_of(VIRTIO_UUID_STR);
	uint32_t total;

	rg_start(&r, steps, ARRAY_LEN(steps));
	rg_expect(&r, &u, 1, &total, &d, 1, 24);
	assert_script_ok(&r.t);
}

Test(partition_info_regs, input_nil_and_null_uuid_zero)
{
	const struct desc *const dd[] = { &P[0] };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_NIL(0, 0), regs_ans(0, 0, 0, 24, dd, 1)),
		STEP(REGS_NIL(0, 0), regs_ans(0, 0, 0, 24, dd, 1)),
	};
	struct rg r;
	struct ffa_uuid nil = FFA_UUID_NIL_INIT;

	rg_start(&r, steps, ARRAY_LEN(steps));
	rg_expect(&r, NULL, 1, NULL, P, 1, 24);
	rg_expect(&r, &nil, 1, NULL, P, 1, 24);
	assert_script_ok(&r.t);
}

Test(partition_info_regs, seven_partitions_two_rounds_tag_carried)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_NIL(0, 0), regs_ans(6, 4, 0x1234, 24, P0, 5)),
		STEP(REGS_NIL(5, 0x1234), regs_ans(6, 6, 0x1234, 24, P5, 2)),
	};
	struct rg r;
	uint32_t total;

	rg_start(&r, steps, ARRAY_LEN(steps));
	rg_expect(&r, NULL, 7, &total, P, 7, 24);
	assert_script_ok(&r.t);
}

Test(partition_info_regs, tag_0xffff_and_start_pack_into_x3)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_IN(VIRTIO_X1, VIRTIO_X2, 0, 0), regs_ans(6, 4, 0xFFFF, 24, P0, 5)),
		STEP(REGS_IN(VIRTIO_X1, VIRTIO_X2, 5, 0xFFFF), regs_ans(6, 6, 0xFFFF, 24, P5, 2)),
	};
	struct rg r;
	struct ffa_uuid u = uuid_of(VIRTIO_UUID_STR);

	rg_start(&r, steps, ARRAY_LEN(steps));
	rg_expect(&r, &u, 7, NULL, P, 7, 24);
	assert_script_ok(&r.t);
}

Test(partition_info_regs, one_per_round_iterates_start_index)
{
	/* A manager may return fewer than fit: one per answer, 3 rounds. */
	const struct desc *const a[] = { &P[0] }, *const b[] = { &P[1] }, *const c[] = { &P[2] };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_NIL(0, 0), regs_ans(2, 0, 7, 24, a, 1)),
		STEP(REGS_NIL(1, 7), regs_ans(2, 1, 7, 24, b, 1)),
		STEP(REGS_NIL(2, 7), regs_ans(2, 2, 7, 24, c, 1)),
	};
	struct rg r;

	rg_start(&r, steps, ARRAY_LEN(steps));
	rg_expect(&r, NULL, 3, NULL, P, 3, 24);
	assert_script_ok(&r.t);
}

Test(partition_info_regs, forty_eight_byte_descriptors_two_per_answer)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_NIL(0, 0), regs_ans(4, 1, 9, 48, Q0, 2)),
		STEP(REGS_NIL(2, 9), regs_ans(4, 3, 9, 48, Q2, 2)),
		STEP(REGS_NIL(4, 9), regs_ans(4, 4, 9, 48, Q4, 1)),
	};
	struct rg r;
	uint32_t total;

	rg_start(&r, steps, ARRAY_LEN(steps));
	rg_expect(&r, NULL, 5, &total, Q, 5, 48);
	assert_script_ok(&r.t);
}

Test(partition_info_regs, size_120_one_descriptor_per_answer)
{
	/* 15 registers: the largest legal size; unknown fields are ignored. */
	const struct desc *const a[] = { &Q[0] }, *const b[] = { &Q[1] };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_NIL(0, 0), regs_ans(1, 0, 0, 120, a, 1)),
		STEP(REGS_NIL(1, 0), regs_ans(1, 1, 0, 120, b, 1)),
	};
	struct rg r;

	rg_start(&r, steps, ARRAY_LEN(steps));
	rg_expect(&r, NULL, 2, NULL, Q, 2, 48);
	assert_script_ok(&r.t);
}

Test(partition_info_regs, size_32_reads_24_byte_prefix)
{
	/* A size between the known layouts: 4 registers each, 3 per answer. */
	const struct desc *const a[] = { &P[0], &P[1], &P[2] };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_NIL(0, 0), regs_ans(2, 2, 0, 32, a, 3)),
	};
	struct rg r;

	rg_start(&r, steps, ARRAY_LEN(steps));
	rg_expect(&r, NULL, 3, NULL, P, 3, 24);
	assert_script_ok(&r.t);
}

/* ======================================================================= */
/* RETRY                                                                    */
/* ======================================================================= */

Test(partition_info_regs, retry_restarts_from_index_0_tag_0)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_NIL(0, 0), regs_ans(6, 4, 0x77, 24, P0, 5)),
		STEP(REGS_NIL(5, 0x77), ERR(FFA_ERR_RETRY)),
		STEP(REGS_NIL(0, 0), regs_ans(6, 4, 0x78, 24, P0, 5)),
		STEP(REGS_NIL(5, 0x78), regs_ans(6, 6, 0x78, 24, P5, 2)),
	};
	struct rg r;
	uint32_t total;

	rg_start(&r, steps, ARRAY_LEN(steps));
	rg_expect(&r, NULL, 7, &total, P, 7, 24);
	assert_script_ok(&r.t);
}

Test(partition_info_regs, retry_on_first_call_and_count_change)
{
	/* The information changed: the restart's count is the one that counts. */
	const struct desc *const two[] = { &P[0], &P[1] };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_NIL(0, 0), ERR(FFA_ERR_RETRY)),
		STEP(REGS_NIL(0, 0), regs_ans(6, 4, 1, 24, P0, 5)),
		STEP(REGS_NIL(5, 1), FRAME(FFA_ERROR_32, 0, 0xFFFFFFFFFFFFFFF9ull)),
		STEP(REGS_NIL(0, 0), regs_ans(1, 1, 0, 24, two, 2)),
	};
	struct rg r;
	uint32_t total = 0;

	rg_start(&r, steps, ARRAY_LEN(steps));
	poison(r.out, sizeof(r.out));
	assert_rc(ffa_partition_info_get_regs(&r.t.ctx, NULL, r.out, 7, &total), 2);
	cr_assert_eq(total, 2);
	assert_info(&r.out[0], 24, &P[0]);
	assert_info(&r.out[1], 24, &P[1]);
	/* out[2..4] may keep the abandoned iteration's entries; no further. */
	assert_untouched_from(r.out, 5, PI_OUT_CAP);
	assert_script_ok(&r.t);
}

Test(partition_info_regs, retry_four_restarts_then_success)
{
	const struct desc *const one[] = { &P[0] };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_NIL(0, 0), ERR(FFA_ERR_RETRY)),
		STEP(REGS_NIL(0, 0), ERR(FFA_ERR_RETRY)),
		STEP(REGS_NIL(0, 0), ERR(FFA_ERR_RETRY)),
		STEP(REGS_NIL(0, 0), ERR(FFA_ERR_RETRY)),
		STEP(REGS_NIL(0, 0), regs_ans(0, 0, 0, 24, one, 1)),
	};
	struct rg r;

	rg_start(&r, steps, ARRAY_LEN(steps));
	rg_expect(&r, NULL, 1, NULL, P, 1, 24);
	assert_script_ok(&r.t);
}

Test(partition_info_regs, retry_gives_up_after_four_restarts)
{
	/* setup.h: "restarts from index 0, at most 4 times, then returns
	 * FFA_ERR_RETRY": 5 calls, the last RETRY is returned. Mid-iteration
	 * RETRYs count too. */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_NIL(0, 0), ERR(FFA_ERR_RETRY)),
		STEP(REGS_NIL(0, 0), regs_ans(6, 4, 3, 24, P0, 5)),
		STEP(REGS_NIL(5, 3), ERR(FFA_ERR_RETRY)),
		STEP(REGS_NIL(0, 0), ERR(FFA_ERR_RETRY)),
		STEP(REGS_NIL(0, 0), ERR(FFA_ERR_RETRY)),
		STEP(REGS_NIL(0, 0), ERR(FFA_ERR_RETRY)),
	};
	struct rg r;

	rg_start(&r, steps, ARRAY_LEN(steps));
	rg_expect_error(&r, 7, NULL, FFA_ERR_RETRY, 5);
	assert_script_ok(&r.t);
}

/* ======================================================================= */
/* Gates and errors                                                         */
/* ======================================================================= */

Test(partition_info_regs, below_v1_2_not_supported_without_call)
{
	const uint32_t versions[] = { FFA_VERSION_1_0, FFA_VERSION_1_1 };

	for (size_t i = 0; i < ARRAY_LEN(versions); i++) {
		const struct ffa_script_step steps[] = { STEP_VERSION(versions[i]) };
		struct rg r;
		uint32_t total;

		scripted_init(&r.t, steps, ARRAY_LEN(steps), CAPS_ALL, versions[i]);
		rg_expect_error(&r, 1, &total, FFA_ERR_NOT_SUPPORTED, 0);
		cr_assert_eq(total, PI_TOTAL_UNSET);
		assert_script_ok(&r.t);
	}
}

Test(partition_info_regs, conduit_without_smc64_regs18_not_supported_without_call)
{
	const uint32_t caps[] = { 0, FFA_CONDUIT_CAP_SMC64, FFA_CONDUIT_CAP_REGS18 };

	for (size_t i = 0; i < ARRAY_LEN(caps); i++) {
		const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };
		struct rg r;

		scripted_init(&r.t, steps, ARRAY_LEN(steps), caps[i], FFA_VERSION_1_2);
		rg_expect_error(&r, 1, NULL, FFA_ERR_NOT_SUPPORTED, 0);
		assert_script_ok(&r.t);
	}
}

Test(partition_info_regs, not_negotiated_and_null_ctx)
{
	struct scripted t;
	struct ffa_partition_info out[1];

	scripted_init(&t, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_partition_info_get_regs(&t.ctx, NULL, out, 1, NULL), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_partition_info_get_regs(NULL, NULL, out, 1, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&t);
}

/* One answer @ans, but with @x0 as its function ID: PROTOCOL, nothing
 * written. */
static void first_answer_id_is_protocol(struct ffa_regs ans, uint64_t x0)
{
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_NIL(0, 0), ans),
	};
	struct rg r;

	steps[1].reply.x[0] = x0;
	rg_start(&r, steps, ARRAY_LEN(steps));
	rg_expect_error(&r, 1, NULL, FFA_ERR_PROTOCOL, 0);
	assert_script_ok(&r.t);
}

Test(partition_info_regs, success_32_is_protocol)
{
	first_answer_id_is_protocol(regs_ans(0, 0, 0, 24, P0, 1), FFA_SUCCESS_32);
}

Test(partition_info_regs, ffa_errors_map)
{
	static const int codes[] = { FFA_ERR_INVALID_PARAMETERS, FFA_ERR_NOT_SUPPORTED,
				     FFA_ERR_DENIED, FFA_ERR_BUSY, FFA_ERR_ABORTED };

	for (size_t i = 0; i < ARRAY_LEN(codes); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(REGS_NIL(0, 0), ERR(codes[i])),
			/* An error on a later round too. */
			STEP(REGS_NIL(0, 0), regs_ans(6, 4, 2, 24, P0, 5)),
			STEP(REGS_NIL(5, 2), FRAME(FFA_ERROR_32, 0, (uint64_t)(int64_t)codes[i])),
		};
		struct rg r;

		rg_start(&r, steps, ARRAY_LEN(steps));
		rg_expect_error(&r, 7, NULL, codes[i], 0);
		rg_expect_error(&r, 7, NULL, codes[i], 5);
		assert_script_ok(&r.t);
	}
}

Test(partition_info_regs, unknown_function_ids_are_protocol)
{
	static const uint64_t ids[] = { 0x84000099u, FFA_INTERRUPT_32, FFA_YIELD_32,
					FFA_PARTITION_INFO_GET_REGS_64, 0xFFFFFFFFu, 0 };

	for (size_t i = 0; i < ARRAY_LEN(ids); i++)
		first_answer_id_is_protocol(regs_ans(0, 0, 0, 24, P0, 1), ids[i]);
}

Test(partition_info_regs, conduit_failure_mid_iteration)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_NIL(0, 0), regs_ans(6, 4, 5, 24, P0, 5)),
		STEP_CONDUIT_FAIL(REGS_NIL(5, 5), FFA_ERR_CONDUIT),
	};
	struct rg r;

	rg_start(&r, steps, ARRAY_LEN(steps));
	rg_expect_error(&r, 7, NULL, FFA_ERR_CONDUIT, 5);
	assert_script_ok(&r.t);
}

Test(partition_info_regs, too_small_sets_total_writes_nothing)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_NIL(0, 0), regs_ans(6, 4, 0, 24, P0, 5)),
		STEP(REGS_NIL(0, 0), regs_ans(6, 4, 0, 24, P0, 5)),
	};
	struct rg r;
	uint32_t total = 0;

	rg_start(&r, steps, ARRAY_LEN(steps));
	rg_expect_error(&r, 4, &total, FFA_ERR_BUFFER_TOO_SMALL, 0);
	cr_assert_eq(total, 7);
	/* NULL/0: the way to learn the count. */
	total = 0;
	assert_rc(ffa_partition_info_get_regs(&r.t.ctx, NULL, NULL, 0, &total),
		  FFA_ERR_BUFFER_TOO_SMALL);
	cr_assert_eq(total, 7);
	assert_script_ok(&r.t);
}

Test(partition_info_regs, too_small_by_one)
{
	/* 7 partitions into 6 entries: the off-by-one boundary. */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_NIL(0, 0), regs_ans(6, 4, 0, 24, P0, 5)),
	};
	struct rg r;
	uint32_t total = 0;

	rg_start(&r, steps, ARRAY_LEN(steps));
	rg_expect_error(&r, 6, &total, FFA_ERR_BUFFER_TOO_SMALL, 0);
	cr_assert_eq(total, 7);
	assert_script_ok(&r.t);
}

Test(partition_info_regs, too_small_after_retry_grows_count)
{
	const struct desc *const two[] = { &P[0], &P[1] };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_NIL(0, 0), regs_ans(2, 1, 4, 24, two, 2)),
		STEP(REGS_NIL(2, 4), ERR(FFA_ERR_RETRY)),
		STEP(REGS_NIL(0, 0), regs_ans(6, 4, 0, 24, P0, 5)),
	};
	struct rg r;
	uint32_t total = 0;

	rg_start(&r, steps, ARRAY_LEN(steps));
	/* The first round's two entries may stay; nothing after them. */
	rg_expect_error(&r, 3, &total, FFA_ERR_BUFFER_TOO_SMALL, 2);
	cr_assert_eq(total, 7);
	assert_script_ok(&r.t);
}

Test(partition_info_regs, null_out_with_max_is_bad_argument)
{
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };
	struct scripted t;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_partition_info_get_regs(&t.ctx, NULL, NULL, 3, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&t);
}

/* ======================================================================= */
/* Hostile answers                                                          */
/* ======================================================================= */

/* First round answers @first, expecting @want with nothing written (8
 * entries asked for, a guard at 8). */
static void hostile_first(struct ffa_regs first, int want)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_NIL(0, 0), first),
	};
	struct rg r;
	uint32_t total;

	rg_start(&r, steps, ARRAY_LEN(steps));
	rg_expect_error(&r, 8, &total, want, 0);
	assert_script_ok(&r.t);
}

/* A good first round (5 of 7, tag 0x42), then @second, expecting @want and
 * nothing written past index 4 (a guard at 7). */
static void hostile_second(struct ffa_regs second, int want)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_NIL(0, 0), regs_ans(6, 4, 0x42, 24, P0, 5)),
		STEP(REGS_NIL(5, 0x42), second),
	};
	struct rg r;

	rg_start(&r, steps, ARRAY_LEN(steps));
	rg_expect_error(&r, 7, NULL, want, 5);
	assert_script_ok(&r.t);
}

Test(partition_info_regs, hostile_current_index_below_start)
{
	hostile_second(regs_ans(6, 3, 0x42, 24, P5, 2), FFA_ERR_PROTOCOL);
	hostile_second(regs_ans(6, 0, 0x42, 24, P5, 1), FFA_ERR_PROTOCOL);
	/* cur = start - 1: zero descriptors, and "continue at cur + 1" would
	 * ask for the same start again, forever. */
	hostile_second(regs_ans(6, 4, 0x42, 24, P5, 0), FFA_ERR_PROTOCOL);
}

Test(partition_info_regs, hostile_current_index_beyond_last)
{
	hostile_first(regs_ans(2, 3, 0, 24, P0, 4), FFA_ERR_PROTOCOL);
	hostile_first(regs_ans(0, 0xFFFF, 0, 24, P0, 5), FFA_ERR_PROTOCOL);
	hostile_second(regs_ans(6, 7, 0x42, 24, P5, 2), FFA_ERR_PROTOCOL);
}

Test(partition_info_regs, hostile_more_descriptors_than_registers_hold)
{
	/* 6 x 24-byte descriptors would need x3..x20; 3 x 48 would need x3..x20. */
	hostile_first(regs_ans(7, 5, 0, 24, P0, 5), FFA_ERR_PROTOCOL);
	hostile_first(regs_ans(4, 2, 0, 48, Q0, 2), FFA_ERR_PROTOCOL);
	hostile_first(regs_ans(1, 1, 0, 120, Q0, 0), FFA_ERR_PROTOCOL);
	hostile_first(regs_ans(5, 5, 0, 24, P0, 5), FFA_ERR_PROTOCOL);
	hostile_first(regs_ans(2, 2, 0, 48, Q0, 2), FFA_ERR_PROTOCOL);
}

Test(partition_info_regs, hostile_last_index_changes_mid_iteration)
{
	hostile_second(regs_ans(7, 6, 0x42, 24, P5, 2), FFA_ERR_PROTOCOL);
	hostile_second(regs_ans(5, 5, 0x42, 24, P5, 1), FFA_ERR_PROTOCOL);
	/* Growing past the caller's array must not write out[7]. */
	hostile_second(regs_ans(9, 9, 0x42, 24, P5, 2), FFA_ERR_PROTOCOL);
}

Test(partition_info_regs, hostile_tag_changes_mid_iteration)
{
	hostile_second(regs_ans(6, 6, 0x43, 24, P5, 2), FFA_ERR_PROTOCOL);
	hostile_second(regs_ans(6, 6, 0, 24, P5, 2), FFA_ERR_PROTOCOL);
}

Test(partition_info_regs, hostile_descriptor_sizes)
{
	static const uint32_t bad[] = { 0, 8, 16, 23, 25, 28, 44, 47, 52, 121, 128, 0xFFF8, 0xFFFF };

	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		struct ffa_regs a = regs_ans(0, 0, 0, 24, P0, 1);

		a.x[2] = x2_of(0, 0, 0, bad[i]);
		hostile_first(a, FFA_ERR_PROTOCOL);
	}
	{
		struct ffa_regs a = regs_ans(6, 6, 0x42, 24, P5, 2);

		a.x[2] = x2_of(6, 6, 0x42, 16);
		hostile_second(a, FFA_ERR_PROTOCOL);
	}
}

Test(partition_info_regs, hostile_out_of_range_indices_with_small_array)
{
	/* A count that fits @max, then a reply claiming far-away indices: the
	 * guard right after max must survive (known-bugs 21). */
	const struct desc *const two[] = { &P[0], &P[1] };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_NIL(0, 0), regs_ans(2, 0, 1, 24, two, 1)),
		STEP(REGS_NIL(1, 1), regs_ans(2, 0x1000, 1, 24, two, 2)),
	};
	struct rg r;

	rg_start(&r, steps, ARRAY_LEN(steps));
	rg_expect_error(&r, 3, NULL, FFA_ERR_PROTOCOL, 1);
	assert_info(&r.out[0], 24, &P[0]);
	assert_script_ok(&r.t);
}

Test(partition_info_regs, last_index_0xffff_counts_65536)
{
	/* The largest count the encoding allows: no 16-bit wrap to 0. */
	const struct desc *const one[] = { &P[0] };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_NIL(0, 0), regs_ans(0xFFFF, 0, 0xBEEF, 24, one, 1)),
	};
	struct scripted t;
	uint32_t total = 0;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_partition_info_get_regs(&t.ctx, NULL, NULL, 0, &total),
		  FFA_ERR_BUFFER_TOO_SMALL);
	cr_assert_eq(total, 0x10000);
	assert_script_ok(&t);
}

/* ======================================================================= */
/* Known bugs                                                               */
/* ======================================================================= */

Test(known_bugs, known_bug_11_uuid_byte_order_in_registers)
{
	/* Query and answer: the UUID travels as two LE u64 (not big-endian,
	 * not swapped halves); the decoded UUID prints as it was given. */
	static const struct desc d = { 0x8002, 1, 0x601, VIRTIO_UUID_STR, NULL, 0 };
	const struct desc *const dd[] = { &d };
	struct ffa_regs ans = regs_ans(0, 0, 0, 24, dd, 1);
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_IN(VIRTIO_X1, VIRTIO_X2, 0, 0), ans),
	};
	struct rg r;
	struct ffa_uuid u = uuid_of(VIRTIO_UUID_STR);
	char text[37];

	cr_assert_eq(ans.x[4], VIRTIO_X1, "test's own packing is wrong");
	cr_assert_eq(ans.x[5], VIRTIO_X2);
	rg_start(&r, steps, ARRAY_LEN(steps));
	rg_expect(&r, &u, 1, NULL, &d, 1, 24);
	ffa_uuid_format(&r.out[0].uuid, text);
	cr_assert_str_eq(text, VIRTIO_UUID_STR);
	assert_script_ok(&r.t);
}

Test(known_bugs, known_bug_21_get_regs_indices_never_index_out_unchecked)
{
	/* Linux CVE-2026-64520: firmware current/last index used to write the
	 * caller's array. Every shape of lie, each with a guard at out[max]. */
	/* 40 descriptors claimed in one answer's 15 registers: a malformed
	 * answer, whose count is not reported either (rg_expect_error()). */
	hostile_first(regs_ans(40, 39, 0, 24, P0, 5), FFA_ERR_PROTOCOL);
	/* 41 partitions, the first 5 in this answer: a good answer, too many
	 * for the caller's 8. */
	hostile_first(regs_ans(40, 4, 0, 24, P0, 5), FFA_ERR_BUFFER_TOO_SMALL);
	hostile_first(regs_ans(3, 0x7FFF, 0, 24, P0, 5), FFA_ERR_PROTOCOL);
	hostile_second(regs_ans(6, 0xFFFF, 0x42, 24, P5, 2), FFA_ERR_PROTOCOL);
	hostile_second(regs_ans(0xFFFF, 0xFFFF, 0x42, 24, P5, 2), FFA_ERR_PROTOCOL);
	hostile_second(regs_ans(6, 2, 0x42, 24, P5, 2), FFA_ERR_PROTOCOL);
}

Test(known_bugs, known_bug_31_get_regs_decodes_one_copy)
{
	/* The answer registers are read once into the library's own frame: the
	 * second round's frame must not disturb what the first decoded, and
	 * each descriptor comes from the round that carried it. */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_NIL(0, 0), regs_ans(6, 4, 0x11, 24, P0, 5)),
		STEP(REGS_NIL(5, 0x11), regs_ans(6, 6, 0x11, 24, P5, 2)),
	};
	struct rg r;

	rg_start(&r, steps, ARRAY_LEN(steps));
	rg_expect(&r, NULL, 7, NULL, P, 7, 24);
	assert_script_ok(&r.t);
}

Test(known_bugs, known_bug_37_get_regs_same_id_several_uuids)
{
	static const struct desc d[3] = {
		{ 0x8001, 4, 0x303, OPTEE_UUID_STR, NULL, 0 },
		{ 0x8001, 4, 0x303, VIRTIO_UUID_STR, NULL, 0 },
		{ 0x8001, 4, 0x303, OTHER_UUID_STR, NULL, 0 },
	};
	const struct desc *const dd[] = { &d[0], &d[1], &d[2] };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_NIL(0, 0), regs_ans(2, 2, 0, 24, dd, 3)),
	};
	struct rg r;

	rg_start(&r, steps, ARRAY_LEN(steps));
	rg_expect(&r, NULL, 3, NULL, d, 3, 24);
	assert_script_ok(&r.t);
}

Test(known_bugs, known_bug_38_get_regs_null_paths)
{
	const struct desc *const one[] = { &P[0] };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(REGS_NIL(0, 0), regs_ans(0, 0, 0, 24, one, 1)),
	};
	struct rg r;

	assert_rc(ffa_partition_info_get_regs(NULL, NULL, r.out, 1, NULL), FFA_ERR_BAD_ARGUMENT);
	rg_start(&r, steps, ARRAY_LEN(steps));
	assert_rc(ffa_partition_info_get_regs(&r.t.ctx, NULL, NULL, 1, NULL),
		  FFA_ERR_BAD_ARGUMENT);
	/* NULL uuid and NULL total are fine. */
	rg_expect(&r, NULL, 1, NULL, P, 1, 24);
	assert_script_ok(&r.t);
}
