/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Status codes (ffa_strerror, ffa_error_from_wire), UUIDs (ffa-abi.md 7.2
 * worked examples), the context (init, accessors, preemption policy) and
 * the scripted conduit's own behaviour.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ffa_test.h"
#include "resumable.h" /* test_call_resumable(): the one preemption loop */

/* ---- Status codes ------------------------------------------------------------------ */

static const int all_status[] = {
	FFA_OK, FFA_TEST_WIRE_ERRORS, FFA_ERR_PROTOCOL, FFA_ERR_BUFFER_TOO_SMALL,
	FFA_ERR_CONDUIT, FFA_ERR_BAD_ARGUMENT, FFA_ERR_NOT_NEGOTIATED, FFA_ERR_VERSION,
	FFA_ERR_PREEMPTED, FFA_ERR_UNHANDLED,
};

Test(errors, wire_codes_are_the_wire_values)
{
	cr_assert_eq(FFA_OK, 0);
	cr_assert_eq(FFA_ERR_NOT_SUPPORTED, -1);
	cr_assert_eq(FFA_ERR_INVALID_PARAMETERS, -2);
	cr_assert_eq(FFA_ERR_NO_MEMORY, -3);
	cr_assert_eq(FFA_ERR_BUSY, -4);
	cr_assert_eq(FFA_ERR_INTERRUPTED, -5);
	cr_assert_eq(FFA_ERR_DENIED, -6);
	cr_assert_eq(FFA_ERR_RETRY, -7);
	cr_assert_eq(FFA_ERR_ABORTED, -8);
	cr_assert_eq(FFA_ERR_NO_DATA, -9);
	cr_assert_eq(FFA_ERR_NOT_READY, -10);
	/* Library codes stay clear of any FF-A code. */
	for (size_t i = 11; i < ARRAY_LEN(all_status); i++)
		cr_assert_leq(all_status[i], -64);
}

Test(errors, strerror_names_every_code_distinctly)
{
	for (size_t i = 0; i < ARRAY_LEN(all_status); i++) {
		const char *s = ffa_strerror(all_status[i]);

		cr_assert_not_null(s);
		cr_assert_str_neq(s, "unknown error", "code %d unnamed", all_status[i]);
		cr_assert_gt(strlen(s), 0);
		for (size_t k = 0; k < i; k++)
			cr_assert_str_neq(s, ffa_strerror(all_status[k]), "codes %d and %d share \"%s\"",
					  all_status[i], all_status[k], s);
	}
	cr_assert_str_eq(ffa_strerror(FFA_ERR_DENIED), "FF-A DENIED");
	cr_assert_str_eq(ffa_strerror(FFA_OK), "success");
}

Test(errors, strerror_unknown_values)
{
	static const int odd[] = { 1, 2, -11, -63, -80, 64, INT_MIN, INT_MAX };

	for (size_t i = 0; i < ARRAY_LEN(odd); i++)
		cr_assert_str_eq(ffa_strerror(odd[i]), "unknown error", "value %d", odd[i]);
}

Test(errors, error_from_wire_maps_each_code_one_to_one)
{
	static const int codes[] = { FFA_TEST_WIRE_ERRORS };

	for (size_t i = 0; i < ARRAY_LEN(codes); i++) {
		unsigned int w2 = (unsigned int)(uint32_t)(int32_t)codes[i];

		assert_rc(ffa_error_from_wire(w2), codes[i]);
	}
	assert_rc(ffa_error_from_wire(0xFFFFFFFFu), FFA_ERR_NOT_SUPPORTED);
	assert_rc(ffa_error_from_wire(0xFFFFFFF6u), FFA_ERR_NOT_READY);
}

Test(errors, error_from_wire_out_of_range_is_protocol)
{
	static const unsigned int bad[] = {
		FFA_TEST_BAD_WIRE_CODES, 1u, 0xFFFFFFF4u /* -12 */, 0xFFFFFFBAu /* -70 */,
		0xFFFFFFBEu /* -66 */, 0x80000001u,
	};

	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		cr_assert_eq(ffa_error_from_wire(bad[i]), FFA_ERR_PROTOCOL, "w2 0x%x", bad[i]);
}

/* ---- UUIDs ------------------------------------------------------------------------- */

#define OPTEE_UUID "486178e0-e7f8-11e3-bc5e-0002a5d5c51b"
#define VIRTIO_UUID "c66028b5-2498-4aa1-9de7-77da6122abf0"

/* A worked example of ffa-abi.md: @text parses, gives the 32-bit words
 * @w (w[0] first) and the 64-bit pair @lo/@hi (the halves of which are
 * the words), comes back from either register form and formats as @text. */
static void check_worked_example(const char *text, const uint32_t w[4], uint64_t lo, uint64_t hi,
				 struct ffa_uuid *u)
{
	struct ffa_uuid back;
	uint32_t gw[4];
	uint64_t glo, ghi;
	char out[37];

	assert_rc(ffa_uuid_parse(text, u), 0);
	ffa_uuid_to_regs32(u, gw);
	for (unsigned int i = 0; i < 4; i++)
		cr_assert_eq(gw[i], w[i], "%s: w%u %#x, expected %#x", text, i, gw[i], w[i]);
	ffa_uuid_to_regs64(u, &glo, &ghi);
	cr_assert_eq(glo, lo, "%s: lo", text);
	cr_assert_eq(ghi, hi, "%s: hi", text);
	cr_assert_eq((uint32_t)lo, w[0]);
	cr_assert_eq((uint32_t)(lo >> 32), w[1]);
	cr_assert_eq((uint32_t)hi, w[2]);
	cr_assert_eq((uint32_t)(hi >> 32), w[3]);
	ffa_uuid_from_regs32(w, &back);
	cr_assert(ffa_uuid_equal(u, &back), "%s: from 32-bit registers", text);
	memset(&back, 0, sizeof(back));
	ffa_uuid_from_regs64(lo, hi, &back);
	cr_assert(ffa_uuid_equal(u, &back), "%s: from 64-bit registers", text);
	ffa_uuid_format(u, out);
	cr_assert_str_eq(out, text);
	ffa_uuid_format(&back, out);
	cr_assert_str_eq(out, text);
}

Test(uuid, optee_worked_example)
{
	static const uint8_t bytes[16] = { 0x48, 0x61, 0x78, 0xe0, 0xe7, 0xf8, 0x11, 0xe3,
					   0xbc, 0x5e, 0x00, 0x02, 0xa5, 0xd5, 0xc5, 0x1b };
	static const uint32_t w[4] = { 0xe0786148u, 0xe311f8e7u, 0x02005ebcu, 0x1bc5d5a5u };
	struct ffa_uuid u;

	check_worked_example(OPTEE_UUID, w, 0xe311f8e7e0786148ull, 0x1bc5d5a502005ebcull, &u);
	cr_assert_arr_eq(u.b, bytes, 16, "bytes not in RFC 4122 order");
}

Test(uuid, virtio_msg_worked_example)
{
	static const uint32_t w[4] = { 0xb52860c6u, 0xa14a9824u, 0xda77e79du, 0xf0ab2261u };
	struct ffa_uuid u;

	/* lo and hi: the x2 and x3 of a DIRECT_REQ2 to the virtio-msg
	 * service. */
	check_worked_example(VIRTIO_UUID, w, 0xa14a9824b52860c6ull, 0xf0ab2261da77e79dull, &u);
}

Test(uuid, parse_accepts_upper_case_and_formats_lower)
{
	struct ffa_uuid a, b;
	char text[37];

	assert_rc(ffa_uuid_parse("486178E0-E7F8-11E3-BC5E-0002A5D5C51B", &a), 0);
	assert_rc(ffa_uuid_parse(OPTEE_UUID, &b), 0);
	cr_assert(ffa_uuid_equal(&a, &b));
	ffa_uuid_format(&a, text);
	cr_assert_str_eq(text, OPTEE_UUID);
	assert_rc(ffa_uuid_parse("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", &a), 0);
	ffa_uuid_format(&a, text);
	cr_assert_str_eq(text, "ffffffff-ffff-ffff-ffff-ffffffffffff");
}

Test(uuid, parse_rejects_malformed_text_and_leaves_output)
{
	static const char *const bad[] = {
		"",
		"486178e0",
		"486178e0-e7f8-11e3-bc5e-0002a5d5c51",   /* one short */
		"486178e0-e7f8-11e3-bc5e-0002a5d5c51b0", /* one long */
		"486178e0-e7f8-11e3-bc5e-0002a5d5c51b ",
		" 486178e0-e7f8-11e3-bc5e-0002a5d5c51b",
		"486178e0e7f8-11e3-bc5e-0002a5d5c51b0-",  /* dash moved */
		"486178e0-e7f8-11e3-bc5e_0002a5d5c51b",   /* wrong separator */
		"486178e0-e7f8-11e3-bc5e-0002a5d5c5-1b",
		"486178g0-e7f8-11e3-bc5e-0002a5d5c51b",   /* not hex */
		"486178e0-e7f8-11e3-bc5e-0002a5d5c51\xff",
		"{486178e0-e7f8-11e3-bc5e-0002a5d5c51b}",
		("486178e0-e7f8-11e3-bc5e-0002a5d5c5\0" "1b"), /* NUL inside */
		"------------------------------------",
	};
	struct ffa_uuid u;

	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		memset(&u, 0xA5, sizeof(u));
		cr_assert_eq(ffa_uuid_parse(bad[i], &u), FFA_ERR_BAD_ARGUMENT, "accepted \"%s\"",
			     bad[i]);
		for (size_t k = 0; k < 16; k++)
			cr_assert_eq(u.b[k], 0xA5, "output touched for \"%s\"", bad[i]);
	}
	assert_rc(ffa_uuid_parse(NULL, &u), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_uuid_parse(OPTEE_UUID, NULL), FFA_ERR_BAD_ARGUMENT);
}

Test(uuid, short_string_is_not_read_past_its_end)
{
	/* A heap copy sized exactly: ASan catches any read beyond the NUL. */
	static const char *const shorts[] = { "4", "486178e0-", "486178e0-e7f8-11e3-bc5e-0002a5d5c5" };

	for (size_t i = 0; i < ARRAY_LEN(shorts); i++) {
		size_t n = strlen(shorts[i]) + 1;
		char *s = malloc(n);
		struct ffa_uuid u;

		cr_assert_not_null(s);
		memcpy(s, shorts[i], n);
		assert_rc(ffa_uuid_parse(s, &u), FFA_ERR_BAD_ARGUMENT);
		free(s);
	}
}

Test(uuid, nil_equal_and_null)
{
	const struct ffa_uuid nil = FFA_UUID_NIL_INIT;
	struct ffa_uuid u, v;
	uint32_t w[4] = { 1, 2, 3, 4 };
	uint64_t lo = 1, hi = 2;
	char text[37];

	cr_assert(ffa_uuid_is_nil(&nil));
	cr_assert(ffa_uuid_is_nil(NULL));
	assert_rc(ffa_uuid_parse("00000000-0000-0000-0000-000000000000", &u), 0);
	cr_assert(ffa_uuid_is_nil(&u));
	cr_assert(ffa_uuid_equal(&u, &nil));
	cr_assert(ffa_uuid_equal(NULL, &nil));
	cr_assert(ffa_uuid_equal(NULL, NULL));
	assert_rc(ffa_uuid_parse(OPTEE_UUID, &v), 0);
	cr_assert(!ffa_uuid_is_nil(&v));
	cr_assert(!ffa_uuid_equal(&v, &nil));
	cr_assert(!ffa_uuid_equal(NULL, &v));
	cr_assert(!ffa_uuid_equal(&v, NULL));
	u = v;
	u.b[15] ^= 1;
	cr_assert(!ffa_uuid_equal(&u, &v));
	/* NULL is the Nil UUID for the register packers too. */
	ffa_uuid_to_regs32(NULL, w);
	cr_assert(w[0] == 0 && w[1] == 0 && w[2] == 0 && w[3] == 0);
	ffa_uuid_to_regs64(NULL, &lo, &hi);
	cr_assert(lo == 0 && hi == 0);
	ffa_uuid_format(&nil, text);
	cr_assert_str_eq(text, "00000000-0000-0000-0000-000000000000");
}

Test(uuid, register_round_trip_of_every_byte_position)
{
	for (unsigned int pos = 0; pos < 16; pos++) {
		struct ffa_uuid u = FFA_UUID_NIL_INIT, back;
		uint32_t w[4];
		uint64_t lo, hi;

		u.b[pos] = 0x80 | (uint8_t)pos;
		ffa_uuid_to_regs32(&u, w);
		/* Byte n is bits 8*(n%4).. of word n/4. */
		cr_assert_eq(w[pos / 4], (uint32_t)u.b[pos] << (8 * (pos % 4)), "byte %u", pos);
		ffa_uuid_to_regs64(&u, &lo, &hi);
		cr_assert_eq(pos < 8 ? lo : hi, (uint64_t)u.b[pos] << (8 * (pos % 8)), "byte %u",
			     pos);
		ffa_uuid_from_regs32(w, &back);
		cr_assert(ffa_uuid_equal(&u, &back));
		ffa_uuid_from_regs64(lo, hi, &back);
		cr_assert(ffa_uuid_equal(&u, &back));
	}
}

/* ---- The context ------------------------------------------------------------------- */

static int dummy_call(void *priv, const struct ffa_regs *in, struct ffa_regs *out)
{
	(void)priv;
	(void)in;
	(void)out;
	cr_assert_fail("the conduit must not be called");
	return FFA_ERR_CONDUIT;
}

Test(ctx, init_rejects_null_arguments)
{
	struct ffa_conduit c = { .call = dummy_call };
	struct ffa_conduit no_call = { .call = NULL };
	struct ffa_ctx ctx;

	assert_rc(ffa_ctx_init(NULL, &c, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_ctx_init(&ctx, NULL, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_ctx_init(&ctx, &no_call, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_ctx_init(&ctx, &c, NULL), 0);
}

Test(ctx, init_overwrites_garbage_and_makes_no_call)
{
	struct ffa_conduit c = { .call = dummy_call, .caps = CAPS_ALL };
	struct ffa_ctx ctx;
	uint16_t id = 0x1234;

	memset(&ctx, 0xA5, sizeof(ctx));
	assert_rc(ffa_ctx_init(&ctx, &c, NULL), 0);
	cr_assert_eq(ffa_ctx_version(&ctx), 0);
	cr_assert_eq(ffa_ctx_pm_version(&ctx), 0);
	assert_rc(ffa_ctx_own_id(&ctx, &id), FFA_ERR_NO_DATA);
	cr_assert_eq(id, 0x1234);
	cr_assert_null(ffa_ctx_rx_buffer(&ctx));
	cr_assert_null(ffa_ctx_tx_buffer(&ctx));
	cr_assert_eq(ffa_ctx_rxtx_size(&ctx), 0);
	cr_assert_eq(ffa_features_cached(&ctx, FFA_ID_GET_32), FFA_ERR_NO_DATA);
	cr_assert_eq(ffa_features_cached(&ctx, FFA_RXTX_MAP_64), FFA_ERR_NO_DATA);
	cr_assert_not_null(ffa_ctx_preempted(&ctx));
	/* Not negotiated: refused locally, the conduit is never reached. */
	assert_rc(ffa_id_get(&ctx, &id), FFA_ERR_NOT_NEGOTIATED);
}

Test(ctx, accessors_with_null)
{
	uint16_t id = 7;
	struct scripted t;

	scripted_init(&t, NULL, 0, CAPS_ALL, 0);
	cr_assert_eq(ffa_ctx_version(NULL), 0);
	cr_assert_eq(ffa_ctx_pm_version(NULL), 0);
	assert_rc(ffa_ctx_own_id(NULL, &id), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_ctx_own_id(&t.ctx, NULL), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(id, 7);
	cr_assert_null(ffa_ctx_rx_buffer(NULL));
	cr_assert_null(ffa_ctx_tx_buffer(NULL));
	cr_assert_eq(ffa_ctx_rxtx_size(NULL), 0);
	cr_assert_null(ffa_ctx_preempted(NULL));
	assert_script_ok(&t);
}

/* A pair both context tests map, and the set-up script they run: v1.2,
 * FFA_ID_GET answered @id, RXTX_MAP_64 of the pair. */
static _Alignas(4096) uint8_t pair_tx[4096], pair_rx[4096];

#define STEPS_VERSION_ID_MAP(id)                                                         \
	STEP_VERSION(FFA_VERSION_1_2), STEP(FRAME(FFA_ID_GET_32), OK32(0, (id))),          \
		STEP(FRAME(FFA_RXTX_MAP_64, (uint64_t)(uintptr_t)pair_tx,                   \
			   (uint64_t)(uintptr_t)pair_rx, 1),                                 \
		     OK32())

Test(ctx, conduit_and_port_are_copied)
{
	/* The caller's structs may go away after init (only priv/arg
	 * targets must live on): wipe them and make calls that use both the
	 * conduit and the port hooks (RXTX_MAP translates and locks). */
	const struct ffa_script_step steps[] = { STEPS_VERSION_ID_MAP(5) };
	struct ffa_script script;
	struct ffa_conduit c;
	struct ffa_port port = { 0 };
	struct ffa_ctx ctx;
	uint16_t id = 0, own = 0;

	ffa_script_init(&script, steps, ARRAY_LEN(steps), &c, CAPS_ALL);
	assert_rc(ffa_ctx_init(&ctx, &c, &port), 0);
	memset(&c, 0, sizeof(c));
	memset(&port, 0xFF, sizeof(port)); /* garbage hooks: must not be used */
	assert_rc(ffa_version(&ctx, FFA_VERSION_1_2, NULL), 0);
	assert_rc(ffa_id_get(&ctx, &id), 0);
	cr_assert_eq(id, 5);
	assert_rc(ffa_ctx_own_id(&ctx, &own), 0);
	cr_assert_eq(own, 5);
	assert_rc(ffa_rxtx_map(&ctx, pair_tx, pair_rx, 1), 0);
	assert_script_done(&script, "context copies");
}

Test(ctx, several_contexts_are_independent)
{
	const struct ffa_script_step sa[] = { STEPS_VERSION_ID_MAP(1) };
	const struct ffa_script_step sb[] = {
		STEP(FRAME(FFA_VERSION_32, FFA_VERSION_1_2), FRAME(FFA_VERSION_1_1)),
		STEP(FRAME(FFA_VERSION_32, FFA_VERSION_1_1), FRAME(FFA_VERSION_1_1)),
		STEP(FRAME(FFA_ID_GET_32), OK32(0, 2)),
	};
	struct scripted a, b;
	uint16_t id;

	scripted_init(&a, sa, ARRAY_LEN(sa), CAPS_ALL, FFA_VERSION_1_2);
	scripted_init(&b, sb, ARRAY_LEN(sb), 0, 0);
	assert_rc(ffa_version_negotiate(&b.ctx, 0), 0);
	assert_rc(ffa_id_get(&a.ctx, &id), 0);
	assert_rc(ffa_id_get(&b.ctx, &id), 0);
	assert_rc(ffa_rxtx_map(&a.ctx, pair_tx, pair_rx, 1), 0);
	cr_assert_eq(ffa_ctx_version(&a.ctx), FFA_VERSION_1_2);
	cr_assert_eq(ffa_ctx_version(&b.ctx), FFA_VERSION_1_1);
	assert_rc(ffa_ctx_own_id(&a.ctx, &id), 0);
	cr_assert_eq(id, 1);
	assert_rc(ffa_ctx_own_id(&b.ctx, &id), 0);
	cr_assert_eq(id, 2);
	cr_assert_eq(ffa_ctx_rx_buffer(&a.ctx), pair_rx);
	cr_assert_null(ffa_ctx_rx_buffer(&b.ctx));
	assert_script_ok(&a);
	assert_script_ok(&b);
}

/* ---- The preemption policy setter --------------------------------------------------------- */

Test(preempt_policy, setter_arguments)
{
	struct scripted t;

	scripted_init(&t, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_ctx_set_preempt_policy(NULL, FFA_PREEMPT_RETURN, 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_ctx_set_preempt_policy(&t.ctx, (enum ffa_preempt_policy)2, 0),
		  FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_ctx_set_preempt_policy(&t.ctx, (enum ffa_preempt_policy)-1, 0),
		  FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_ctx_set_preempt_policy(&t.ctx, FFA_PREEMPT_RETURN, 0), 0);
	assert_rc(ffa_ctx_set_preempt_policy(&t.ctx, FFA_PREEMPT_RESUME, 0), 0);
	assert_rc(ffa_ctx_set_preempt_policy(&t.ctx, FFA_PREEMPT_RESUME, 3), 0);
	assert_rc(ffa_ctx_set_preempt_policy(&t.ctx, FFA_PREEMPT_RETURN, UINT32_MAX), 0);
	assert_script_ok(&t); /* setting a policy makes no call */
}

/* No typed call of this issue resumes, so the policy is observed where it
 * acts: the internal resumable call path every resuming call will use. */
static const uint32_t resp_ids[] = { FFA_MSG_SEND_DIRECT_RESP_32 };

#define REQ FRAME(FFA_MSG_SEND_DIRECT_REQ_32, 0x00008001)
#define INTR(ep, vcpu, irq) FRAME(FFA_INTERRUPT_32, ((uint32_t)(ep) << 16) | (vcpu), (irq))
#define RUN(ep, vcpu) FRAME(FFA_RUN_32, ((uint32_t)(ep) << 16) | (vcpu))

Test(preempt_policy, default_resumes_the_named_endpoint)
{
	const struct ffa_script_step steps[] = {
		STEP(REQ, INTR(0x8002, 3, 9)),
		STEP(RUN(0x8002, 3), FRAME(FFA_MSG_SEND_DIRECT_RESP_32, 0x80010000, 42)),
	};
	struct scripted t;
	struct ffa_regs r = REQ;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, 0);
	assert_rc(test_call_resumable(&t.ctx, &r, resp_ids, ARRAY_LEN(resp_ids)), 0);
	cr_assert_eq(r.x[2], 42);
	assert_script_ok(&t);
}

Test(preempt_policy, return_gives_preempted_and_the_info)
{
	const struct ffa_script_step steps[] = { STEP(REQ, INTR(0x8002, 3, 9)) };
	struct scripted t;
	struct ffa_regs r = REQ;
	const struct ffa_preempt_info *p;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, 0);
	assert_rc(ffa_ctx_set_preempt_policy(&t.ctx, FFA_PREEMPT_RETURN, 0), 0);
	assert_rc(test_call_resumable(&t.ctx, &r, resp_ids, ARRAY_LEN(resp_ids)),
		  FFA_ERR_PREEMPTED);
	p = ffa_ctx_preempted(&t.ctx);
	cr_assert(!p->yielded);
	cr_assert_eq(p->endpoint, 0x8002);
	cr_assert_eq(p->vcpu, 3);
	cr_assert_eq(p->interrupt_id, 9);
	assert_script_ok(&t);
}

Test(preempt_policy, resume_limit_caps_the_resumptions)
{
	const struct ffa_script_step steps[] = {
		STEP(REQ, INTR(0x8001, 0, 1)),
		STEP(RUN(0x8001, 0), INTR(0x8001, 0, 2)),
		STEP(RUN(0x8001, 0), INTR(0x8001, 1, 3)),
	};
	struct scripted t;
	struct ffa_regs r = REQ;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, 0);
	assert_rc(ffa_ctx_set_preempt_policy(&t.ctx, FFA_PREEMPT_RESUME, 2), 0);
	assert_rc(test_call_resumable(&t.ctx, &r, resp_ids, ARRAY_LEN(resp_ids)),
		  FFA_ERR_PREEMPTED);
	cr_assert_eq(ffa_ctx_preempted(&t.ctx)->vcpu, 1);
	cr_assert_eq(ffa_ctx_preempted(&t.ctx)->interrupt_id, 3);
	assert_script_ok(&t);
}

Test(preempt_policy, rejected_policy_keeps_the_previous_one)
{
	const struct ffa_script_step steps[] = { STEP(REQ, INTR(0x8002, 0, 9)) };
	struct scripted t;
	struct ffa_regs r = REQ;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, 0);
	assert_rc(ffa_ctx_set_preempt_policy(&t.ctx, FFA_PREEMPT_RETURN, 0), 0);
	assert_rc(ffa_ctx_set_preempt_policy(&t.ctx, (enum ffa_preempt_policy)7, 0),
		  FFA_ERR_BAD_ARGUMENT);
	assert_rc(test_call_resumable(&t.ctx, &r, resp_ids, ARRAY_LEN(resp_ids)),
		  FFA_ERR_PREEMPTED);
	assert_script_ok(&t);
}

/* ---- The scripted conduit -------------------------------------------------------------------- */

static void script_conduit(struct ffa_script *s, const struct ffa_script_step *steps, size_t n,
			   struct ffa_conduit *c)
{
	ffa_script_init(s, steps, n, c, CAPS_ALL);
	cr_assert_not_null(c->call);
	cr_assert_eq(c->priv, s);
	cr_assert_eq(c->caps, CAPS_ALL);
}

static void describe_is(const struct ffa_script *s, const char *want)
{
	char msg[160];

	ffa_script_describe(s, msg, sizeof(msg));
	cr_assert_str_eq(msg, want);
}

Test(script, exact_match_replies_and_completes)
{
	const struct ffa_script_step steps[] = {
		STEP(FRAME(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18),
		     FRAME(0xAA, 0xBB)),
	};
	struct ffa_script s;
	struct ffa_conduit c;
	struct ffa_regs in = FRAME(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18);
	struct ffa_regs out = FRAME(0);

	script_conduit(&s, steps, ARRAY_LEN(steps), &c);
	cr_assert(!ffa_script_ok(&s));
	describe_is(&s, "only 0 of 1 steps were called");
	assert_rc(c.call(c.priv, &in, &out), 0);
	cr_assert_eq(out.x[0], 0xAA);
	cr_assert_eq(out.x[1], 0xBB);
	cr_assert_eq(out.x[17], 0);
	cr_assert(ffa_script_ok(&s));
	describe_is(&s, "ok");
}

Test(script, in_place_call_is_checked_before_reply)
{
	const struct ffa_script_step steps[] = {
		STEP(FRAME(FFA_ID_GET_32), OK32(0, 0x8001)),
	};
	struct ffa_script s;
	struct ffa_conduit c;
	struct ffa_regs r = FRAME(FFA_ID_GET_32);

	script_conduit(&s, steps, ARRAY_LEN(steps), &c);
	assert_rc(c.call(c.priv, &r, &r), 0);
	cr_assert_eq(r.x[0], FFA_SUCCESS_32);
	cr_assert_eq(r.x[2], 0x8001);
	cr_assert(ffa_script_ok(&s));
}

Test(script, mismatch_in_any_register_is_caught)
{
	for (unsigned int reg = 0; reg < FFA_REGS_COUNT; reg++) {
		const struct ffa_script_step steps[] = { STEP(FRAME(FFA_ID_GET_32), OK32()) };
		struct ffa_script s;
		struct ffa_conduit c;
		struct ffa_regs in = FRAME(FFA_ID_GET_32);
		struct ffa_regs out = FRAME(0x77);
		char want[80];

		in.x[reg] ^= 0x100;
		script_conduit(&s, steps, ARRAY_LEN(steps), &c);
		assert_rc(c.call(c.priv, &in, &out), FFA_ERR_CONDUIT);
		cr_assert_eq(out.x[0], 0x77, "reply delivered despite a mismatch");
		cr_assert(!ffa_script_ok(&s));
		cr_assert_eq(s.fail_step, 0);
		cr_assert_eq(s.fail_reg, (int)reg);
		snprintf(want, sizeof(want), "step 0: x%u expected 0x%llx got 0x%llx", reg,
			 (unsigned long long)steps[0].expect.x[reg], (unsigned long long)in.x[reg]);
		describe_is(&s, want);
	}
}

Test(script, failure_is_sticky)
{
	const struct ffa_script_step steps[] = {
		STEP(FRAME(FFA_ID_GET_32), OK32()),
		STEP(FRAME(FFA_ID_GET_32), OK32()),
	};
	struct ffa_script s;
	struct ffa_conduit c;
	struct ffa_regs bad = FRAME(FFA_SPM_ID_GET_32), good = FRAME(FFA_ID_GET_32), out;

	script_conduit(&s, steps, ARRAY_LEN(steps), &c);
	assert_rc(c.call(c.priv, &bad, &out), FFA_ERR_CONDUIT);
	/* Even a matching call fails from now on, and the first mismatch
	 * stays the one reported. */
	assert_rc(c.call(c.priv, &good, &out), FFA_ERR_CONDUIT);
	cr_assert_eq(s.pos, 0);
	describe_is(&s, "step 0: x0 expected 0x84000069 got 0x84000085");
	cr_assert(!ffa_script_ok(&s));
}

Test(script, call_past_the_end)
{
	const struct ffa_script_step steps[] = { STEP(FRAME(FFA_ID_GET_32), OK32()) };
	struct ffa_script s, e;
	struct ffa_conduit c, ce;
	struct ffa_regs r = FRAME(FFA_ID_GET_32), out;

	script_conduit(&s, steps, ARRAY_LEN(steps), &c);
	assert_rc(c.call(c.priv, &r, &out), 0);
	assert_rc(c.call(c.priv, &r, &out), FFA_ERR_CONDUIT);
	cr_assert_eq(s.fail_reg, -1);
	cr_assert(!ffa_script_ok(&s));
	describe_is(&s, "unexpected call 0x84000069 after the last of 1 steps");

	/* An empty script: the first call is already past the end. */
	script_conduit(&e, NULL, 0, &ce);
	cr_assert(ffa_script_ok(&e));
	assert_rc(ce.call(ce.priv, &r, &out), FFA_ERR_CONDUIT);
	cr_assert(!ffa_script_ok(&e));
	describe_is(&e, "unexpected call 0x84000069 after the last of 0 steps");
}

Test(script, unused_steps_are_not_ok)
{
	const struct ffa_script_step steps[] = {
		STEP(FRAME(FFA_ID_GET_32), OK32()),
		STEP(FRAME(FFA_ID_GET_32), OK32()),
		STEP(FRAME(FFA_ID_GET_32), OK32()),
	};
	struct ffa_script s;
	struct ffa_conduit c;
	struct ffa_regs r = FRAME(FFA_ID_GET_32), out;

	script_conduit(&s, steps, ARRAY_LEN(steps), &c);
	assert_rc(c.call(c.priv, &r, &out), 0);
	cr_assert(!ffa_script_ok(&s));
	describe_is(&s, "only 1 of 3 steps were called");
}

Test(script, conduit_rc_fails_the_transport_after_checking_input)
{
	const struct ffa_script_step steps[] = {
		STEP_CONDUIT_FAIL(FRAME(FFA_ID_GET_32), FFA_ERR_CONDUIT),
		STEP_CONDUIT_FAIL(FRAME(FFA_ID_GET_32), FFA_ERR_BUSY),
		STEP_CONDUIT_FAIL(FRAME(FFA_ID_GET_32), -1000),
	};
	struct ffa_script s;
	struct ffa_conduit c;
	struct ffa_regs r = FRAME(FFA_ID_GET_32), out = FRAME(0x55);

	script_conduit(&s, steps, ARRAY_LEN(steps), &c);
	assert_rc(c.call(c.priv, &r, &out), FFA_ERR_CONDUIT);
	assert_rc(c.call(c.priv, &r, &out), FFA_ERR_BUSY);
	assert_rc(c.call(c.priv, &r, &out), -1000);
	cr_assert_eq(out.x[0], 0x55, "a failed transport delivered a reply");
	cr_assert(ffa_script_ok(&s)); /* a scripted failure is not a mismatch */

	/* A wrong input to a failing step is still a mismatch. */
	{
		struct ffa_script s2;
		struct ffa_conduit c2;
		struct ffa_regs wrong = FRAME(FFA_SPM_ID_GET_32);

		script_conduit(&s2, steps, 1, &c2);
		assert_rc(c2.call(c2.priv, &wrong, &out), FFA_ERR_CONDUIT);
		cr_assert(!ffa_script_ok(&s2));
		cr_assert_eq(s2.fail_reg, 0);
	}
}

Test(script, typed_call_passes_conduit_failures_through)
{
	/* "The conduit's failure is returned as it reported it"; a positive
	 * result (not allowed for a conduit) becomes FFA_ERR_CONDUIT. */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_CONDUIT_FAIL(FRAME(FFA_ID_GET_32), -1000),
		STEP_CONDUIT_FAIL(FRAME(FFA_ID_GET_32), 1),
		STEP_CONDUIT_FAIL(FRAME(FFA_ID_GET_32), INT_MAX),
	};
	struct scripted t;
	uint16_t id = 3;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_id_get(&t.ctx, &id), -1000);
	assert_rc(ffa_id_get(&t.ctx, &id), FFA_ERR_CONDUIT);
	assert_rc(ffa_id_get(&t.ctx, &id), FFA_ERR_CONDUIT);
	cr_assert_eq(id, 3);
	assert_script_ok(&t);
}

struct action_log {
	int calls;
	uint64_t seen_x1;
};

static void action_fn(void *arg, const struct ffa_regs *in, struct ffa_regs *out)
{
	struct action_log *log = arg;

	log->calls++;
	log->seen_x1 = in->x[1];
	out->x[2] = 0x1234; /* the action may edit the reply */
}

Test(script, action_runs_after_match_and_may_edit_the_reply)
{
	struct action_log log = { 0, 0 };
	const struct ffa_script_step steps[] = {
		{ .expect = FRAME(FFA_FEATURES_32, FFA_ID_GET_32), .reply = OK32(0, 1),
		  .action = action_fn, .action_arg = &log },
		{ .expect = FRAME(FFA_FEATURES_32, FFA_ID_GET_32), .reply = OK32(0, 1),
		  .action = action_fn, .action_arg = &log },
	};
	struct ffa_script s;
	struct ffa_conduit c;
	struct ffa_regs in = FRAME(FFA_FEATURES_32, FFA_ID_GET_32), out;

	script_conduit(&s, steps, ARRAY_LEN(steps), &c);
	assert_rc(c.call(c.priv, &in, &out), 0);
	cr_assert_eq(log.calls, 1);
	cr_assert_eq(log.seen_x1, FFA_ID_GET_32);
	cr_assert_eq(out.x[0], FFA_SUCCESS_32);
	cr_assert_eq(out.x[2], 0x1234);
	/* The scripted reply itself is left intact for reuse. */
	cr_assert_eq(steps[0].reply.x[2], 1);
	/* A mismatch does not run the action. */
	in.x[2] = 1;
	assert_rc(c.call(c.priv, &in, &out), FFA_ERR_CONDUIT);
	cr_assert_eq(log.calls, 1);
	describe_is(&s, "step 1: x2 expected 0x0 got 0x1");
}

Test(script, describe_truncates_safely)
{
	const struct ffa_script_step steps[] = { STEP(FRAME(FFA_ID_GET_32), OK32()) };
	struct ffa_script s;
	struct ffa_conduit c;
	char buf[8];

	script_conduit(&s, steps, ARRAY_LEN(steps), &c);
	memset(buf, 'X', sizeof(buf));
	cr_assert_eq(ffa_script_describe(&s, buf, 5), 4);
	cr_assert_str_eq(buf, "only");
	cr_assert_eq(buf[5], 'X', "wrote past the given length");
	memset(buf, 'X', sizeof(buf));
	cr_assert_eq(ffa_script_describe(&s, buf, 1), 0);
	cr_assert_eq(buf[0], '\0');
	cr_assert_eq(buf[1], 'X');
	memset(buf, 'X', sizeof(buf));
	cr_assert_eq(ffa_script_describe(&s, buf, 0), 0);
	cr_assert_eq(buf[0], 'X', "wrote into a zero-length buffer");
	cr_assert_eq(ffa_script_describe(NULL, buf, sizeof(buf)), 7);
	cr_assert_str_eq(buf, "no scri");
	cr_assert(!ffa_script_ok(NULL));
}

Test(script, init_without_conduit_and_reinit)
{
	const struct ffa_script_step steps[] = { STEP(FRAME(FFA_ID_GET_32), OK32()) };
	struct ffa_script s;
	struct ffa_conduit c;
	struct ffa_regs bad = FRAME(0), out;

	ffa_script_init(&s, steps, ARRAY_LEN(steps), NULL, 0);
	cr_assert(!ffa_script_ok(&s));
	cr_assert_eq(s.count, 1);
	/* Re-initialising a failed script starts it afresh. */
	script_conduit(&s, steps, ARRAY_LEN(steps), &c);
	assert_rc(c.call(c.priv, &bad, &out), FFA_ERR_CONDUIT);
	script_conduit(&s, steps, ARRAY_LEN(steps), &c);
	cr_assert(!s.failed);
	cr_assert_eq(s.pos, 0);
	describe_is(&s, "only 0 of 1 steps were called");
}

Test(script, raw_call_goes_through_unchanged)
{
	/* ffa_call_raw: no version needed, all 18 registers both ways. */
	const struct ffa_script_step steps[] = {
		STEP(FRAME(0x80000000u, 0, 0, 0, 0, 0, 0, 0, 0x8, 0, 0, 0, 0, 0, 0, 0, 0, 0x17),
		     FRAME(0x10002, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)),
	};
	struct scripted t;
	struct ffa_regs in = FRAME(0x80000000u, 0, 0, 0, 0, 0, 0, 0, 0x8, 0, 0, 0, 0, 0, 0, 0, 0,
				   0x17);
	struct ffa_regs out;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, 0);
	assert_rc(ffa_call_raw(NULL, &in, &out), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_call_raw(&t.ctx, NULL, &out), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_call_raw(&t.ctx, &in, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_call_raw(&t.ctx, &in, &out), 0);
	for (unsigned int i = 0; i < FFA_REGS_COUNT; i++)
		cr_assert_eq(out.x[i], steps[0].reply.x[i], "x%u", i);
	cr_assert_eq(ffa_ctx_version(&t.ctx), 0, "a raw call negotiates nothing");
	assert_script_ok(&t);
}
