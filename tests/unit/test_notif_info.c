/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_NOTIFICATION_INFO_GET (32 and 64) decoding, its validation against
 * hostile answers, and the bounded drain (ffa-abi.md 11.3; known-bugs.md
 * class 34, whose regression tests are in test_notif_known_bugs.c).
 */
#include "notif_test.h"

struct want_list {
	uint16_t endpoint;
	uint16_t vcpu_count;
	uint16_t vcpus[3];
};

static void assert_lists(const struct ffa_notif_info *info, const struct want_list *want,
			 size_t n)
{
	cr_assert_eq(info->count, n, "count %u, expected %zu", info->count, n);
	for (size_t k = 0; k < n; k++) {
		const struct ffa_notif_info_list *l = &info->lists[k];

		cr_assert_eq(l->endpoint, want[k].endpoint, "list %zu endpoint 0x%x", k, l->endpoint);
		cr_assert_eq(l->vcpu_count, want[k].vcpu_count, "list %zu vcpus %u", k,
			     l->vcpu_count);
		for (size_t v = 0; v < want[k].vcpu_count; v++)
			cr_assert_eq(l->vcpus[v], want[k].vcpus[v], "list %zu vcpu %zu", k, v);
	}
}

/* ---- Decoding ------------------------------------------------------------------- */

/* The arm-ffa test vector (ffa-abi.md 11.3): (EP 0: vCPUs 0,2,3),
 * (EP 0: vCPUs 4,6), (EP 2: global), (EP 3: vCPU 1). */
static const struct want_list vector_lists[] = {
	{ 0, 3, { 0, 2, 3 } }, { 0, 2, { 4, 6 } }, { 2, 0, { 0 } }, { 3, 1, { 1 } },
};
static const uint16_t vector_ids[] = { 0, 0, 2, 3, 0, 4, 6, 2, 3, 1 };
static const uint32_t vector_sizes[] = { 3, 2, 0, 1 };

Test(info_get, arm_ffa_vector_32_bit)
{
	/* The literal registers of the vector. */
	struct ffa_regs reply = OK32(0, 0x0004B200u, 0x00000000u, 0x00030002u, 0x00040000u,
				     0x00020006u, 0x00010003u);
	struct ffa_notif_info info;

	cr_assert_eq(info_flags(false, 4, vector_sizes, 4), 0x0004B200u);
	assert_rc(info_once(0, FFA_NOTIF_INFO_AUTO, F_INFO32, reply, &info), 0);
	cr_assert(!info.more_pending);
	cr_assert(!info.wide);
	assert_lists(&info, vector_lists, ARRAY_LEN(vector_lists));
}

Test(info_get, arm_ffa_vector_64_bit_layout)
{
	struct ffa_regs reply = OK64(0, info_flags(true, 4, vector_sizes, 4));
	struct ffa_notif_info info;

	info_pack_ids(&reply, 4, vector_ids, ARRAY_LEN(vector_ids));
	cr_assert_eq(reply.x[3], 0x0003000200000000ull);
	assert_rc(info_once(CAPS_ALL, FFA_NOTIF_INFO_AUTO, F_INFO64, reply, &info), 0);
	cr_assert(info.more_pending);
	cr_assert(info.wide);
	assert_lists(&info, vector_lists, ARRAY_LEN(vector_lists));
}

Test(info_get, full_answers_at_each_width)
{
	/* 64-bit: 5 lists of 1 + 3 IDs = 20 IDs; 32-bit: 10 global lists. */
	uint32_t sizes64[5] = { 3, 3, 3, 3, 3 };
	uint16_t ids64[20];
	struct want_list want64[5];
	uint16_t ids32[10];
	uint32_t sizes32[10] = { 0 };
	struct want_list want32[10];
	struct ffa_regs r64 = OK64(0, info_flags(false, 5, sizes64, 5));
	struct ffa_regs r32 = OK32(0, info_flags(false, 10, sizes32, 10));
	struct ffa_notif_info info;

	for (uint16_t k = 0; k < 5; k++) {
		want64[k] = (struct want_list){ (uint16_t)(0x8001 + k), 3,
						{ (uint16_t)(k * 3), (uint16_t)(k * 3 + 1),
						  (uint16_t)(0xFFFF - k) } };
		ids64[k * 4] = want64[k].endpoint;
		for (int v = 0; v < 3; v++)
			ids64[k * 4 + 1 + v] = want64[k].vcpus[v];
	}
	info_pack_ids(&r64, 4, ids64, 20);
	assert_rc(info_once(CAPS_ALL, FFA_NOTIF_INFO_64, F_INFO64, r64, &info), 0);
	assert_lists(&info, want64, 5);

	for (uint16_t k = 0; k < 10; k++) {
		want32[k] = (struct want_list){ (uint16_t)(0xFFF0 + k), 0, { 0 } };
		ids32[k] = want32[k].endpoint;
	}
	info_pack_ids(&r32, 2, ids32, 10);
	assert_rc(info_once(0, FFA_NOTIF_INFO_32, F_INFO32, r32, &info), 0);
	assert_lists(&info, want32, 10);
}

Test(info_get, success_32_to_the_64_bit_call_uses_the_32_bit_layout)
{
	/* Linux decodes by the answer's width; the upper halves of w2..w7 are
	 * then not IDs (garbage here). */
	uint32_t sizes[2] = { 1, 0 };
	struct ffa_regs reply = OK32(0, 0xDEAD000000000000ull | info_flags(false, 2, sizes, 2),
				     0xFFFFFFFF00000000ull | 0x00028001u,
				     0x7777777700000000ull | 0x00000004u);
	static const struct want_list want[] = { { 0x8001, 1, { 2 } }, { 4, 0, { 0 } } };
	struct ffa_notif_info info;

	assert_rc(info_once(CAPS_ALL, FFA_NOTIF_INFO_64, F_INFO64, reply, &info), 0);
	cr_assert(!info.wide);
	assert_lists(&info, want, ARRAY_LEN(want));
}

Test(info_get, success_64_to_the_32_bit_call_uses_the_64_bit_layout)
{
	/* Xen answered both forms with SUCCESS_64 (one global list). */
	uint32_t sizes[1] = { 0 };
	struct ffa_regs reply = OK64(0, info_flags(false, 1, sizes, 1), 0x0005);
	static const struct want_list want[] = { { 5, 0, { 0 } } };
	struct ffa_notif_info info;

	assert_rc(info_once(CAPS_ALL, FFA_NOTIF_INFO_32, F_INFO32, reply, &info), 0);
	cr_assert(info.wide);
	assert_lists(&info, want, 1);
}

Test(info_get, reserved_bits_are_ignored)
{
	/* Bits [6:1], and in the 64-bit layout bits [63:52], are reserved. */
	uint32_t sizes[1] = { 2 };
	struct ffa_regs r64 = OK64(0, 0xFFF0000000000000ull | 0x7Eu | info_flags(false, 1, sizes, 1),
				   0x000B000A00098001ull);
	struct ffa_regs r32 = OK32(0, 0x7Eu | info_flags(false, 1, sizes, 1), 0x00098001u,
				   0x000B000Au);
	static const struct want_list want[] = { { 0x8001, 2, { 9, 0xA } } };
	struct ffa_notif_info info;

	assert_rc(info_once(CAPS_ALL, FFA_NOTIF_INFO_AUTO, F_INFO64, r64, &info), 0);
	assert_lists(&info, want, 1);
	assert_rc(info_once(0, FFA_NOTIF_INFO_AUTO, F_INFO32, r32, &info), 0);
	assert_lists(&info, want, 1);
}

Test(info_get, empty_success_is_no_lists)
{
	struct ffa_notif_info info;

	assert_rc(info_once(CAPS_ALL, FFA_NOTIF_INFO_AUTO, F_INFO64, OK64(0, 0), &info), 0);
	cr_assert_eq(info.count, 0);
	cr_assert(!info.more_pending);
}

Test(info_get, no_data_and_errors)
{
	struct ffa_notif_info info;

	poison(&info, sizeof(info));
	assert_rc(info_once(CAPS_ALL, FFA_NOTIF_INFO_AUTO, F_INFO64, ERR(FFA_ERR_NO_DATA), &info),
		  FFA_ERR_NO_DATA);
	assert_rc(info_once(0, FFA_NOTIF_INFO_AUTO, F_INFO32, ERR_SX(FFA_ERR_NO_DATA), &info),
		  FFA_ERR_NO_DATA);
	assert_rc(info_once(0, FFA_NOTIF_INFO_AUTO, F_INFO32, ERR(FFA_ERR_NOT_SUPPORTED), &info),
		  FFA_ERR_NOT_SUPPORTED);
	cr_assert(untouched_bytes(&info, sizeof(info)));
}

/* ---- Form selection ----------------------------------------------------------------- */

Test(info_get, form_selection_and_bad_arguments)
{
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };
	struct scripted t, u;
	struct ffa_notif_info info;

	/* No SMC64: the 64-bit form cannot be called. */
	scripted_init(&t, steps, ARRAY_LEN(steps), FFA_CONDUIT_CAP_REGS18, FFA_VERSION_1_2);
	assert_rc(ffa_notif_info_get(&t.ctx, FFA_NOTIF_INFO_64, &info), FFA_ERR_NOT_SUPPORTED);
	assert_rc(ffa_notif_info_get(&t.ctx, (enum ffa_notif_info_form)1, &info),
		  FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_info_get(&t.ctx, FFA_NOTIF_INFO_AUTO, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&t);

	scripted_init(&u, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_notif_info_get(&u.ctx, (enum ffa_notif_info_form)63, &info),
		  FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&u);

	/* The explicit 32-bit form on an SMC64 conduit. */
	assert_rc(info_once(CAPS_ALL, FFA_NOTIF_INFO_32, F_INFO32, OK32(0), &info), 0);
}

/* ---- Hostile answers: each a clear error, nothing written ---------------------------- */

Test(info_get, hostile_counts_are_protocol_errors)
{
	uint32_t three[20], one[20];
	static const uint32_t zero[20];

	for (int k = 0; k < 20; k++) {
		three[k] = 3;
		one[k] = 1;
	}
	static const char *what[] = {
		"32-bit: 11 lists",
		"32-bit: 31 lists",
		"64-bit: 21 lists",
		"64-bit: 31 lists",
		"32-bit: 4 lists x 4 IDs = 16 IDs > 10",
		"32-bit: 5 lists x 2 IDs + 1 = 11 IDs",
		"64-bit: 5 lists x 4 IDs + 1 list = 21 IDs > 20",
		"64-bit: 10 lists x 2 IDs + 1 = 21 IDs",
		"32-bit: a size set for list 2 of 2",
		"32-bit: a size set for list 9 of 1",
		"64-bit: a size set for list 19 of 3",
		"64-bit: more pending with no list",
		"32-bit: more pending with no list",
		"32-bit conduit: SUCCESS_64",
	};
	const struct {
		uint32_t caps;
		struct ffa_regs expect;
		struct ffa_regs reply;
	} cases[] = {
		{ 0, F_INFO32, OK32(0, info_flags(false, 11, zero, 10)) },
		{ 0, F_INFO32, OK32(0, info_flags(false, 31, zero, 10)) },
		{ CAPS_ALL, F_INFO64, OK64(0, info_flags(false, 21, zero, 20)) },
		{ CAPS_ALL, F_INFO64, OK64(0, info_flags(false, 31, zero, 20)) },
		{ 0, F_INFO32, OK32(0, info_flags(false, 4, three, 4)) },
		{ 0, F_INFO32, OK32(0, info_flags(false, 6, one, 5)) },
		{ CAPS_ALL, F_INFO64, OK64(0, info_flags(false, 6, three, 5)) },
		{ CAPS_ALL, F_INFO64, OK64(0, info_flags(false, 11, one, 10)) },
		{ 0, F_INFO32, OK32(0, info_flags(false, 2, zero, 2) | (1u << (12 + 2 * 2))) },
		{ 0, F_INFO32, OK32(0, info_flags(false, 1, zero, 1) | (3u << (12 + 2 * 9))) },
		{ CAPS_ALL, F_INFO64,
		  OK64(0, info_flags(false, 3, zero, 3) | (2ull << (12 + 2 * 19))) },
		{ CAPS_ALL, F_INFO64, OK64(0, info_flags(true, 0, zero, 0)) },
		{ 0, F_INFO32, OK32(0, info_flags(true, 0, zero, 0)) },
		{ FFA_CONDUIT_CAP_REGS18, F_INFO32, OK64(0, info_flags(false, 1, zero, 1), 5) },
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct ffa_notif_info info;

		poison(&info, sizeof(info));
		cr_assert_eq(info_once(cases[i].caps, FFA_NOTIF_INFO_AUTO, cases[i].expect,
				       cases[i].reply, &info),
			     FFA_ERR_PROTOCOL, "%s accepted", what[i]);
		cr_assert(untouched_bytes(&info, sizeof(info)), "%s: output written", what[i]);
	}
}

Test(info_get, the_exact_capacity_is_accepted)
{
	/* The largest valid answers sit right next to the refused ones. */
	uint32_t one[10] = { 1, 1, 1, 1, 1 };
	struct ffa_notif_info info;

	/* 32-bit: 5 lists x 2 IDs = 10. */
	assert_rc(info_once(0, FFA_NOTIF_INFO_AUTO, F_INFO32,
			    OK32(0, info_flags(false, 5, one, 5)), &info),
		  0);
	cr_assert_eq(info.count, 5);
	/* 64-bit: 20 global lists. */
	assert_rc(info_once(CAPS_ALL, FFA_NOTIF_INFO_AUTO, F_INFO64,
			    OK64(0, info_flags(false, 20, one, 0)), &info),
		  0);
	cr_assert_eq(info.count, 20);
}

/* ---- Drain --------------------------------------------------------------------------- */

struct drain_log {
	unsigned int calls;
	uint16_t first_endpoint[8];
	int fail_at; /* return an error on this call (1-based), 0 = never */
};

static int drain_fn(void *arg, const struct ffa_notif_info *info)
{
	struct drain_log *d = arg;

	if (d->calls < ARRAY_LEN(d->first_endpoint))
		d->first_endpoint[d->calls] = info->count ? info->lists[0].endpoint : 0xFFFF;
	d->calls++;
	return (int)d->calls == d->fail_at ? FFA_ERR_ABORTED : 0;
}

/* An INFO_GET_64 answer: one global list for @ep, with "more pending" @more. */
static struct ffa_regs one_list(bool more, uint16_t ep)
{
	static const uint32_t zero[1];

	return OK64(0, info_flags(more, 1, zero, 1), ep);
}

Test(info_drain, calls_again_while_more_pending)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_1),
		STEP(F_INFO64, one_list(true, 1)),
		STEP(F_INFO64, one_list(true, 2)),
		STEP(F_INFO64, one_list(false, 3)),
	};
	struct scripted t;
	struct drain_log d = { 0 };
	bool more = true;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_1);
	assert_rc(ffa_notif_info_drain(&t.ctx, FFA_NOTIF_INFO_AUTO, 8, drain_fn, &d, &more), 0);
	cr_assert_eq(d.calls, 3);
	cr_assert(d.first_endpoint[0] == 1 && d.first_endpoint[1] == 2 && d.first_endpoint[2] == 3);
	cr_assert(!more);
	assert_script_ok(&t);
}

Test(info_drain, no_data_ends_the_drain_normally)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_1),
		STEP(F_INFO32, ERR(FFA_ERR_NO_DATA)),
		STEP(F_INFO32, OK32(0, 0x81u, 0x0007)), /* more, 1 list: EP 7 */
		STEP(F_INFO32, ERR(FFA_ERR_NO_DATA)),
	};
	struct scripted t;
	struct drain_log d = { 0 };
	bool more = true;

	scripted_init(&t, steps, ARRAY_LEN(steps), 0, FFA_VERSION_1_1);
	assert_rc(ffa_notif_info_drain(&t.ctx, FFA_NOTIF_INFO_AUTO, 8, drain_fn, &d, &more), 0);
	cr_assert_eq(d.calls, 0);
	cr_assert(!more);
	assert_rc(ffa_notif_info_drain(&t.ctx, FFA_NOTIF_INFO_AUTO, 8, drain_fn, &d, NULL), 0);
	cr_assert_eq(d.calls, 1);
	cr_assert_eq(d.first_endpoint[0], 7);
	assert_script_ok(&t);
}

Test(info_drain, bounded_when_more_pending_never_clears)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_1),
		STEP(F_INFO64, one_list(true, 1)),
		STEP(F_INFO64, one_list(true, 1)),
		STEP(F_INFO64, one_list(true, 1)),
	};
	struct scripted t;
	struct drain_log d = { 0 };
	bool more = false;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_1);
	assert_rc(ffa_notif_info_drain(&t.ctx, FFA_NOTIF_INFO_AUTO, 3, drain_fn, &d, &more), 0);
	cr_assert_eq(d.calls, 3);
	cr_assert(more, "the bound must be reported");
	assert_script_ok(&t);
}

Test(info_drain, errors_stop_the_drain)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_1),
		/* the callback fails on the second answer */
		STEP(F_INFO64, one_list(true, 1)),
		STEP(F_INFO64, one_list(true, 2)),
		/* a hostile answer after a good one */
		STEP(F_INFO64, one_list(true, 3)),
		STEP(F_INFO64, OK64(0, info_flags(true, 0, NULL, 0))),
		/* an FF-A error */
		STEP(F_INFO64, ERR(FFA_ERR_NOT_SUPPORTED)),
	};
	struct scripted t;
	struct drain_log d = { .fail_at = 2 };
	bool more = true;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_1);
	assert_rc(ffa_notif_info_drain(&t.ctx, FFA_NOTIF_INFO_AUTO, 8, drain_fn, &d, &more),
		  FFA_ERR_ABORTED);
	cr_assert_eq(d.calls, 2);
	cr_assert(!more);
	assert_rc(ffa_notif_info_drain(&t.ctx, FFA_NOTIF_INFO_AUTO, 8, drain_fn, &d, &more),
		  FFA_ERR_PROTOCOL);
	cr_assert_eq(d.calls, 3);
	assert_rc(ffa_notif_info_drain(&t.ctx, FFA_NOTIF_INFO_AUTO, 8, drain_fn, &d, &more),
		  FFA_ERR_NOT_SUPPORTED);
	cr_assert_eq(d.calls, 3);
	assert_script_ok(&t);
}

Test(info_drain, bad_arguments_make_no_call)
{
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_1) };
	struct scripted t;
	struct drain_log d = { 0 };
	bool more = true;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_1);
	assert_rc(ffa_notif_info_drain(&t.ctx, FFA_NOTIF_INFO_AUTO, 0, drain_fn, &d, &more),
		  FFA_ERR_BAD_ARGUMENT);
	cr_assert(!more);
	assert_rc(ffa_notif_info_drain(&t.ctx, FFA_NOTIF_INFO_AUTO, 1, NULL, &d, NULL),
		  FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_notif_info_drain(NULL, FFA_NOTIF_INFO_AUTO, 1, drain_fn, &d, NULL),
		  FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(d.calls, 0);
	assert_script_ok(&t);
}
