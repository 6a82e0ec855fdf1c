/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Direct messaging, sender side: FFA_MSG_SEND_DIRECT_REQ_32/64 (partition
 * and framework messages, VM created/destroyed) and FFA_MSG_SEND_DIRECT_REQ2.
 *
 * Every input register is compared (scripted conduit), so MBZ registers and
 * ID packing are checked; ffa-abi.md 4.3, 7.1, 7.2, 9; known-bugs.md 3, 6, 7,
 * 9, 10, 11, 12, 33, 38, 39.
 */
#include <string.h>

#include "msg_test.h"

static const int wire_errors[] = { FFA_TEST_WIRE_ERRORS };
static const uint32_t bad_codes[] = { FFA_TEST_BAD_WIRE_CODES };

#define ME 0x0001u   /* the sender: a VM */
#define SP 0x8001u   /* the target */
#define SP2 0x8002u  /* another partition */

#define REQ64(...) FRAME(FFA_MSG_SEND_DIRECT_REQ_64, IDS(ME, SP), __VA_ARGS__)
#define REQ32(...) FRAME(FFA_MSG_SEND_DIRECT_REQ_32, IDS(ME, SP), __VA_ARGS__)
#define RESP64(...) FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(SP, ME), __VA_ARGS__)
#define RESP32(...) FRAME(FFA_MSG_SEND_DIRECT_RESP_32, IDS(SP, ME), __VA_ARGS__)

static const uint64_t A5[5] = { 0x1111111122222222ull, 0x3333333344444444ull,
				0x5555555566666666ull, 0x7777777788888888ull,
				0x99999999AAAAAAAAull };
static const uint64_t A5_32[5] = { 0x11111111u, 0x22222222u, 0x33333333u, 0x44444444u,
				   0x80000000u };

static struct ffa_partition_info target(uint16_t id, uint32_t props)
{
	struct ffa_partition_info i;

	memset(&i, 0, sizeof(i));
	i.id = id;
	i.exec_ctx_count = 1;
	i.properties = props;
	return i;
}

/* One sender call on a fresh endpoint (own ID ME) against one answer. */
struct sender_call {
	bool req2;
	const struct ffa_partition_info *info;
	uint32_t flags;                /* REQ */
	const struct ffa_uuid *svc;    /* REQ2 */
	const uint64_t *args;
	uint64_t *resp;
};

static int one(uint32_t version, uint32_t caps, struct ffa_regs expect, struct ffa_regs answer,
	       const struct sender_call *c)
{
	struct ffa_script_step steps[] = {
		STEP_VERSION(version),
		STEP_ID(ME),
		STEP(expect, answer),
	};
	struct msg_ep e;
	int rc;

	msg_ep_init(&e, steps, ARRAY_LEN(steps), caps, version, ME, 0, NULL);
	if (c->req2)
		rc = ffa_msg_send_direct_req2(&e.t.ctx, SP, c->info, c->svc, c->args, c->resp);
	else
		rc = ffa_msg_send_direct_req(&e.t.ctx, SP, c->info, c->flags, c->args, c->resp);
	assert_script_ok(&e.t);
	return rc;
}

/* Run ffa_msg_send_direct_req once at @version on @caps against one answer. */
static int one_req(uint32_t version, uint32_t caps, const struct ffa_partition_info *info,
		   uint32_t flags, struct ffa_regs expect, struct ffa_regs answer,
		   const uint64_t *args, uint64_t *resp)
{
	const struct sender_call c = { false, info, flags, NULL, args, resp };

	return one(version, caps, expect, answer, &c);
}

/* Expect the call to be refused with @want and nothing sent. */
static void refused_req(uint32_t version, uint32_t caps, const struct ffa_partition_info *info,
			uint32_t flags, const uint64_t *args, int want)
{
	struct ffa_script_step steps[] = { STEP_VERSION(version), STEP_ID(ME) };
	struct msg_ep e;
	uint64_t resp[5];

	poison(resp, sizeof(resp));
	msg_ep_init(&e, steps, ARRAY_LEN(steps), caps, version, ME, 0, NULL);
	assert_rc(ffa_msg_send_direct_req(&e.t.ctx, SP, info, flags, args, resp), want);
	assert_words_untouched(resp, 5);
	assert_script_ok(&e.t);
	msg_ep_fini(&e);
}

/* ======================================================================= */
/* DIRECT_REQ: frames and widths                                            */
/* ======================================================================= */

Test(direct_req, req64_frame_exact_response_decoded)
{
	uint64_t resp[5];

	/* x8..x17 of the answer are noise (v1.3 payload, pKVM leftovers). */
	struct ffa_regs ans = RESP64(0, 10, 20, 30, 40, 0xFFFFFFFFFFFFFFFFull, 1, 2, 3, 4, 5, 6,
				     7, 8, 9, 10);

	assert_rc(one_req(FFA_VERSION_1_2, CAPS_ALL, NULL, 0,
			  REQ64(0, A5[0], A5[1], A5[2], A5[3], A5[4]), ans, A5, resp),
		  0);
	cr_assert_eq(resp[0], 10);
	cr_assert_eq(resp[3], 40);
	cr_assert_eq(resp[4], 0xFFFFFFFFFFFFFFFFull);
}

Test(direct_req, req32_forced_low_halves_only)
{
	uint64_t resp[5];
	/* Sign- or zero-extension in the upper halves is not payload. */
	struct ffa_regs ans = RESP32(0, 0xFFFFFFFF80000001ull, 0x1234567800000002ull, 3,
				     0xFFFFFFFFFFFFFFFFull, 0);

	assert_rc(one_req(FFA_VERSION_1_2, CAPS_ALL, NULL, FFA_MSG_FLAG_32BIT,
			  REQ32(0, A5_32[0], A5_32[1], A5_32[2], A5_32[3], A5_32[4]), ans, A5_32,
			  resp),
		  0);
	cr_assert_eq(resp[0], 0x80000001u);
	cr_assert_eq(resp[1], 2);
	cr_assert_eq(resp[2], 3);
	cr_assert_eq(resp[3], 0xFFFFFFFFu);
	cr_assert_eq(resp[4], 0);
}

Test(direct_req, width_chosen_from_properties_version_and_conduit)
{
	const struct ffa_partition_info a32 = target(SP, FFA_PART_PROP_DIRECT_REQ_RECV);
	const struct ffa_partition_info a64 =
		target(SP, FFA_PART_PROP_DIRECT_REQ_RECV | FFA_PART_PROP_AARCH64);
	static const struct {
		uint32_t version, caps;
		bool aarch64_info, no_info;
		bool want64;
	} cases[] = {
		{ FFA_VERSION_1_1, CAPS_ALL, false, false, false }, /* AArch32 target */
		{ FFA_VERSION_1_2, CAPS_ALL, false, false, false },
		{ FFA_VERSION_1_1, CAPS_ALL, true, false, true },
		{ FFA_VERSION_1_2, CAPS_ALL, false, true, true },   /* unknown: native */
		/* v1.0: bit 8 does not exist (masked to [2:0]): not AArch32. */
		{ FFA_VERSION_1_0, CAPS_ALL, false, false, true },
		/* No SMC64 conduit: 32-bit whatever the target. */
		{ FFA_VERSION_1_2, 0, true, false, false },
		{ FFA_VERSION_1_2, FFA_CONDUIT_CAP_REGS18, false, true, false },
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const struct ffa_partition_info *info =
			cases[i].no_info ? NULL : cases[i].aarch64_info ? &a64 : &a32;
		struct ffa_regs req = cases[i].want64 ? REQ64(0, 1, 2, 3, 4, 5)
						      : REQ32(0, 1, 2, 3, 4, 5);
		struct ffa_regs ans = cases[i].want64 ? RESP64(0, 9) : RESP32(0, 9);
		const uint64_t args[5] = { 1, 2, 3, 4, 5 };
		uint64_t resp[5];

		assert_rc(one_req(cases[i].version, cases[i].caps, info, 0, req, ans, args, resp),
			  0);
		cr_assert_eq(resp[0], 9, "case %zu", i);
	}
}

Test(direct_req, forced_widths)
{
	const struct ffa_partition_info a32 = target(SP, FFA_PART_PROP_DIRECT_REQ_RECV);
	const struct ffa_partition_info a64 =
		target(SP, FFA_PART_PROP_DIRECT_REQ_RECV | FFA_PART_PROP_AARCH64);
	uint64_t resp[5];

	/* 32-bit on request even to an AArch64 target. */
	assert_rc(one_req(FFA_VERSION_1_2, CAPS_ALL, &a64, FFA_MSG_FLAG_32BIT, REQ32(0),
			  RESP32(0), NULL, resp),
		  0);
	/* 64-bit forced: refused for an AArch32 target or an SMC32 conduit. */
	refused_req(FFA_VERSION_1_2, CAPS_ALL, &a32, FFA_MSG_FLAG_64BIT, NULL,
		    FFA_ERR_BAD_ARGUMENT);
	refused_req(FFA_VERSION_1_2, FFA_CONDUIT_CAP_REGS18, NULL, FFA_MSG_FLAG_64BIT, NULL,
		    FFA_ERR_NOT_SUPPORTED);
	/* Both, or an unknown flag. */
	refused_req(FFA_VERSION_1_2, CAPS_ALL, NULL, FFA_MSG_FLAG_32BIT | FFA_MSG_FLAG_64BIT,
		    NULL, FFA_ERR_BAD_ARGUMENT);
	refused_req(FFA_VERSION_1_2, CAPS_ALL, NULL, 1u << 5, NULL, FFA_ERR_BAD_ARGUMENT);
}

Test(direct_req, words_above_32_bits_refused_in_32_bit_form)
{
	const struct ffa_partition_info a32 = target(SP, FFA_PART_PROP_DIRECT_REQ_RECV);

	for (unsigned int w = 0; w < 5; w++) {
		uint64_t args[5] = { 1, 2, 3, 4, 5 };

		args[w] = 0x100000000ull;
		refused_req(FFA_VERSION_1_2, CAPS_ALL, NULL, FFA_MSG_FLAG_32BIT, args,
			    FFA_ERR_BAD_ARGUMENT);
		refused_req(FFA_VERSION_1_2, CAPS_ALL, &a32, 0, args, FFA_ERR_BAD_ARGUMENT);
		refused_req(FFA_VERSION_1_2, 0, NULL, 0, args, FFA_ERR_BAD_ARGUMENT);
	}
}

Test(direct_req, null_args_zero_null_resp_and_aliasing)
{
	uint64_t io[5] = { 7, 8, 9, 10, 11 };

	assert_rc(one_req(FFA_VERSION_1_2, CAPS_ALL, NULL, 0, REQ64(0), RESP64(0, 1), NULL, NULL),
		  0);
	assert_rc(one_req(FFA_VERSION_1_2, CAPS_ALL, NULL, 0, REQ64(0, 7, 8, 9, 10, 11),
			  RESP64(0, 70, 80, 90, 100, 110), io, io),
		  0);
	cr_assert_eq(io[0], 70);
	cr_assert_eq(io[4], 110);
}

/* ======================================================================= */
/* Refusals made before sending                                             */
/* ======================================================================= */

Test(direct_req, refused_targets_send_nothing)
{
	const struct ffa_partition_info no_recv =
		target(SP, FFA_PART_PROP_DIRECT_REQ_SEND | FFA_PART_PROP_INDIRECT_MSG |
				   FFA_PART_PROP_AARCH64 | FFA_PART_PROP_DIRECT_REQ2_RECV);
	const struct ffa_partition_info device =
		target(SP, PROPS_ALL | (FFA_PART_PROP_ID_TYPE_SEPID_INDEP
					<< FFA_PART_PROP_ID_TYPE_SHIFT));
	const struct ffa_partition_info aux =
		target(SP, PROPS_ALL | FFA_PART_PROP_ID_TYPE_MASK);
	const struct ffa_partition_info other = target(SP2, PROPS_ALL);

	refused_req(FFA_VERSION_1_2, CAPS_ALL, &no_recv, 0, NULL, FFA_ERR_DENIED);
	refused_req(FFA_VERSION_1_2, CAPS_ALL, &device, 0, NULL, FFA_ERR_DENIED);
	refused_req(FFA_VERSION_1_2, CAPS_ALL, &aux, 0, NULL, FFA_ERR_DENIED);
	refused_req(FFA_VERSION_1_2, CAPS_ALL, &other, 0, NULL, FFA_ERR_BAD_ARGUMENT);
}

Test(direct_req, own_id_unknown_self_target_not_negotiated)
{
	struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2), STEP_ID(SP) };
	struct scripted t, u;
	struct msg_ep e;

	/* Negotiated, but ffa_id_get() never ran: the sender is unknown. */
	scripted_init(&t, steps, 1, CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_msg_send_direct_req(&t.ctx, SP, NULL, 0, NULL, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&t);

	scripted_init(&u, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_msg_send_direct_req(&u.ctx, SP, NULL, 0, NULL, NULL), FFA_ERR_NOT_NEGOTIATED);
	assert_script_ok(&u);

	/* To itself. */
	msg_ep_init(&e, steps, 2, CAPS_ALL, FFA_VERSION_1_2, SP, 0, NULL);
	assert_rc(ffa_msg_send_direct_req(&e.t.ctx, SP, NULL, 0, NULL, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&e.t);
	assert_rc(ffa_msg_send_direct_req(NULL, SP, NULL, 0, NULL, NULL), FFA_ERR_BAD_ARGUMENT);
}

/* ======================================================================= */
/* Errors and hostile answers                                               */
/* ======================================================================= */

Test(direct_req, every_error_code_both_extensions)
{
	for (size_t i = 0; i < ARRAY_LEN(wire_errors); i++) {
		uint64_t resp[5];

		poison(resp, sizeof(resp));
		assert_rc(one_req(FFA_VERSION_1_2, CAPS_ALL, NULL, 0, REQ64(0), ERR(wire_errors[i]),
				  NULL, resp),
			  wire_errors[i]);
		assert_rc(one_req(FFA_VERSION_1_2, CAPS_ALL, NULL, FFA_MSG_FLAG_32BIT, REQ32(0),
				  ERR_SX(wire_errors[i]), NULL, resp),
			  wire_errors[i]);
		assert_words_untouched(resp, 5);
	}
	for (size_t i = 0; i < ARRAY_LEN(bad_codes); i++)
		assert_rc(one_req(FFA_VERSION_1_2, CAPS_ALL, NULL, 0, REQ64(0),
				  FRAME(FFA_ERROR_32, 0, bad_codes[i]), NULL, NULL),
			  FFA_ERR_PROTOCOL);
}

Test(direct_req, hostile_responses_are_protocol_errors)
{
	/* Each answers a REQ_64 from ME to SP. */
	const struct ffa_regs bad[] = {
		/* From another partition than the target. */
		FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(SP2, ME), 0, 1),
		/* To another endpoint than us. */
		FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(SP, 0x0002), 0, 1),
		/* Halves swapped (class 6). */
		FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(ME, SP), 0, 1),
		/* Wrong width. */
		RESP32(0, 1),
		/* RESP2 answering a REQ. */
		FRAME(FFA_MSG_SEND_DIRECT_RESP2_64, IDS(SP, ME), 0, 0, 1),
		/* A framework response to a partition message. */
		RESP64(FFA_MSG_FLAG_FRAMEWORK | FFA_FWK_VM_CREATED_RESP, 0),
		/* Not a response at all. */
		REQ64(0, 1),
		FRAME(FFA_SUCCESS_32, 0, 1),
		FRAME(FFA_MSG_WAIT_32),
		FRAME(FFA_RUN_32, IDS(SP, 0)),
		FRAME(0xFFFFFFFFu),
		FRAME(0x12345678u, IDS(SP, ME)),
	};

	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		uint64_t resp[5];

		poison(resp, sizeof(resp));
		cr_assert_eq(one_req(FFA_VERSION_1_2, CAPS_ALL, NULL, 0, REQ64(0), bad[i], NULL,
				     resp),
			     FFA_ERR_PROTOCOL, "answer %zu", i);
		assert_words_untouched(resp, 5);
	}
	/* And a RESP_64 to a REQ_32. */
	cr_assert_eq(one_req(FFA_VERSION_1_2, CAPS_ALL, NULL, FFA_MSG_FLAG_32BIT, REQ32(0),
			     RESP64(0, 1), NULL, NULL),
		     FFA_ERR_PROTOCOL);
}

Test(direct_req, tolerated_answer_noise)
{
	uint64_t resp[5];

	/* Upper half of x1 and reserved w2 bits [30:0] of a partition
	 * response are not checked; x0's upper half is ignored. */
	assert_rc(one_req(FFA_VERSION_1_2, CAPS_ALL, NULL, 0, REQ64(0),
			  FRAME(0xFFFFFFFF00000000ull | FFA_MSG_SEND_DIRECT_RESP_64,
				0xABCD000000000000ull | IDS(SP, ME), 0x7FFFFF00u, 5),
			  NULL, resp),
		  0);
	cr_assert_eq(resp[0], 5);
}

Test(direct_req, conduit_failure)
{
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_ID(ME),
		STEP_CONDUIT_FAIL(REQ64(0), FFA_ERR_CONDUIT),
	};
	struct msg_ep e;

	msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, ME, 0, NULL);
	assert_rc(ffa_msg_send_direct_req(&e.t.ctx, SP, NULL, 0, NULL, NULL), FFA_ERR_CONDUIT);
	assert_script_ok(&e.t);
}

/* ======================================================================= */
/* Preemption                                                               */
/* ======================================================================= */

Test(direct_req, interrupt_and_yield_are_resumed)
{
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_ID(ME),
		STEP(REQ64(0, 1), FRAME(FFA_INTERRUPT_32, IDS(SP, 2), 77)),
		STEP(FRAME(FFA_RUN_32, IDS(SP, 2)), FRAME(FFA_YIELD_32, IDS(SP, 3), 5, 0)),
		STEP(FRAME(FFA_RUN_32, IDS(SP, 3)), RESP64(0, 42)),
	};
	const uint64_t args[5] = { 1 };
	uint64_t resp[5];
	struct msg_ep e;

	msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, ME, 0, NULL);
	assert_rc(ffa_msg_send_direct_req(&e.t.ctx, SP, NULL, 0, args, resp), 0);
	cr_assert_eq(resp[0], 42);
	assert_script_ok(&e.t);
}

Test(direct_req, return_policy_then_run_and_decode)
{
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_ID(ME),
		STEP(REQ32(0, 1), FRAME(FFA_YIELD_32, IDS(SP, 1), 0x10, 0x20)),
		STEP(FRAME(FFA_RUN_32, IDS(SP, 1)), RESP32(0, 0xFFFFFFFF00000042ull)),
	};
	const uint64_t args[5] = { 1 };
	uint64_t resp[5];
	struct ffa_regs out;
	struct ffa_msg m;
	struct msg_ep e;
	const struct ffa_preempt_info *pi;

	msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, ME, 0, NULL);
	assert_rc(ffa_ctx_set_preempt_policy(&e.t.ctx, FFA_PREEMPT_RETURN, 0), 0);
	poison(resp, sizeof(resp));
	assert_rc(ffa_msg_send_direct_req(&e.t.ctx, SP, NULL, FFA_MSG_FLAG_32BIT, args, resp),
		  FFA_ERR_PREEMPTED);
	assert_words_untouched(resp, 5);
	pi = ffa_ctx_preempted(&e.t.ctx);
	cr_assert(pi->yielded);
	cr_assert_eq(pi->timeout, 0x0000002000000010ull);
	/* The scheduler resumes it later; the response comes through ffa_run(). */
	assert_rc(ffa_run(&e.t.ctx, pi->endpoint, pi->vcpu, &out), FFA_RUN_DIRECT_RESP);
	assert_rc(ffa_msg_decode(&e.t.ctx, &out, &m), 0);
	cr_assert_eq(m.kind, FFA_MSG_DIRECT_RESP);
	cr_assert(!m.is_64);
	cr_assert_eq(m.sender, SP);
	cr_assert_eq(m.receiver, ME);
	cr_assert_eq(m.args[0], 0x42);
	assert_script_ok(&e.t);
}

Test(direct_req, resume_limit_and_error_during_resumption)
{
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_ID(ME),
		STEP(REQ64(0), FRAME(FFA_INTERRUPT_32, IDS(SP, 0))),
		STEP(FRAME(FFA_RUN_32, IDS(SP, 0)), FRAME(FFA_INTERRUPT_32, IDS(SP, 0))),
		STEP(REQ64(0), FRAME(FFA_INTERRUPT_32, IDS(SP, 0))),
		STEP(FRAME(FFA_RUN_32, IDS(SP, 0)), ERR(FFA_ERR_ABORTED)),
	};
	struct msg_ep e;

	msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, ME, 0, NULL);
	assert_rc(ffa_ctx_set_preempt_policy(&e.t.ctx, FFA_PREEMPT_RESUME, 1), 0);
	assert_rc(ffa_msg_send_direct_req(&e.t.ctx, SP, NULL, 0, NULL, NULL), FFA_ERR_PREEMPTED);
	assert_rc(ffa_msg_send_direct_req(&e.t.ctx, SP, NULL, 0, NULL, NULL), FFA_ERR_ABORTED);
	assert_script_ok(&e.t);
}

/* ======================================================================= */
/* DIRECT_REQ2                                                              */
/* ======================================================================= */

#define REQ2(x2, x3, ...) FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, IDS(ME, SP), x2, x3, __VA_ARGS__)
#define RESP2(...) FRAME(FFA_MSG_SEND_DIRECT_RESP2_64, IDS(SP, ME), 0, 0, __VA_ARGS__)

static int one_req2(uint32_t caps, const struct ffa_partition_info *info,
		    const struct ffa_uuid *svc, struct ffa_regs expect, struct ffa_regs answer,
		    const uint64_t *args, uint64_t *resp)
{
	const struct sender_call c = { true, info, 0, svc, args, resp };

	return one(FFA_VERSION_1_2, caps, expect, answer, &c);
}

Test(direct_req2, frame_exact_14_words_each_way)
{
	const struct ffa_uuid u = uuid_of(VIRTIO_UUID);
	uint64_t args[14], resp[14];

	for (unsigned int i = 0; i < 14; i++)
		args[i] = 0x0101010101010101ull * (i + 1);
	assert_rc(one_req2(CAPS_ALL, NULL, &u,
			   REQ2(VIRTIO_X2, VIRTIO_X3, args[0], args[1], args[2], args[3], args[4],
				args[5], args[6], args[7], args[8], args[9], args[10], args[11],
				args[12], args[13]),
			   RESP2(100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112,
				 113),
			   args, resp),
		  0);
	for (unsigned int i = 0; i < 14; i++)
		cr_assert_eq(resp[i], 100 + i);
}

Test(direct_req2, uuid_nil_or_null_is_zero_and_optee_words)
{
	const struct ffa_uuid nil = FFA_UUID_NIL_INIT;
	const struct ffa_uuid optee = uuid_of(OPTEE_UUID);

	assert_rc(one_req2(CAPS_ALL, NULL, NULL, REQ2(0, 0), RESP2(), NULL, NULL), 0);
	assert_rc(one_req2(CAPS_ALL, NULL, &nil, REQ2(0, 0), RESP2(), NULL, NULL), 0);
	assert_rc(one_req2(CAPS_ALL, NULL, &optee, REQ2(OPTEE_X2, OPTEE_X3), RESP2(), NULL, NULL),
		  0);
}

Test(direct_req2, needs_v12_smc64_and_regs18)
{
	static const uint32_t versions[] = { FFA_VERSION_1_0, FFA_VERSION_1_1 };
	static const uint32_t caps[] = { 0, FFA_CONDUIT_CAP_SMC64, FFA_CONDUIT_CAP_REGS18 };

	for (size_t v = 0; v < ARRAY_LEN(versions); v++) {
		struct ffa_script_step steps[] = { STEP_VERSION(versions[v]), STEP_ID(ME) };
		struct msg_ep e;

		msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, versions[v], ME, 0, NULL);
		assert_rc(ffa_msg_send_direct_req2(&e.t.ctx, SP, NULL, NULL, NULL, NULL),
			  FFA_ERR_NOT_SUPPORTED);
		assert_script_ok(&e.t);
	}
	for (size_t c = 0; c < ARRAY_LEN(caps); c++) {
		struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2), STEP_ID(ME) };
		struct msg_ep e;

		msg_ep_init(&e, steps, ARRAY_LEN(steps), caps[c], FFA_VERSION_1_2, ME, 0, NULL);
		assert_rc(ffa_msg_send_direct_req2(&e.t.ctx, SP, NULL, NULL, NULL, NULL),
			  FFA_ERR_NOT_SUPPORTED);
		assert_script_ok(&e.t);
	}
}

Test(direct_req2, refused_targets_send_nothing)
{
	/* OP-TEE's real properties (0x103): no bit 9, and REQ2 fails on it. */
	const struct ffa_partition_info optee = target(SP, 0x103);
	const struct ffa_partition_info a32 =
		target(SP, FFA_PART_PROP_DIRECT_REQ2_RECV | FFA_PART_PROP_DIRECT_REQ_RECV);
	const struct ffa_partition_info other = target(SP2, PROPS_ALL);
	const struct ffa_partition_info ok = target(SP, PROPS_ALL);
	const struct ffa_partition_info *refused[] = { &optee, &a32, &other };
	const int want[] = { FFA_ERR_DENIED, FFA_ERR_DENIED, FFA_ERR_BAD_ARGUMENT };

	for (size_t i = 0; i < ARRAY_LEN(refused); i++) {
		struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2), STEP_ID(ME) };
		struct msg_ep e;

		msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, ME, 0, NULL);
		assert_rc(ffa_msg_send_direct_req2(&e.t.ctx, SP, refused[i], NULL, NULL, NULL),
			  want[i]);
		assert_script_ok(&e.t);
	}
	assert_rc(one_req2(CAPS_ALL, &ok, NULL, REQ2(0, 0), RESP2(), NULL, NULL), 0);
}

Test(direct_req2, hostile_responses_are_protocol_errors)
{
	const struct ffa_regs bad[] = {
		FRAME(FFA_MSG_SEND_DIRECT_RESP2_64, IDS(SP2, ME), 0, 0, 1),
		FRAME(FFA_MSG_SEND_DIRECT_RESP2_64, IDS(SP, 3), 0, 0, 1),
		/* A RESP of either width answering a REQ2. */
		RESP64(0, 1),
		RESP32(0, 1),
		FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, IDS(SP, ME)),
		FRAME(FFA_SUCCESS_64),
	};

	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		uint64_t resp[14];

		poison(resp, sizeof(resp));
		cr_assert_eq(one_req2(CAPS_ALL, NULL, NULL, REQ2(0, 0), bad[i], NULL, resp),
			     FFA_ERR_PROTOCOL, "answer %zu", i);
		assert_words_untouched(resp, 14);
	}
	for (size_t i = 0; i < ARRAY_LEN(wire_errors); i++)
		assert_rc(one_req2(CAPS_ALL, NULL, NULL, REQ2(0, 0), ERR_SX(wire_errors[i]), NULL,
				   NULL),
			  wire_errors[i]);
}

Test(direct_req2, preempted_then_resumed)
{
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_ID(ME),
		STEP(REQ2(VIRTIO_X2, VIRTIO_X3, 5), FRAME(FFA_INTERRUPT_32, IDS(SP, 1))),
		STEP(FRAME(FFA_RUN_32, IDS(SP, 1)), RESP2(6)),
	};
	const struct ffa_uuid u = uuid_of(VIRTIO_UUID);
	const uint64_t args[14] = { 5 };
	uint64_t resp[14];
	struct msg_ep e;

	msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, ME, 0, NULL);
	assert_rc(ffa_msg_send_direct_req2(&e.t.ctx, SP, NULL, &u, args, resp), 0);
	cr_assert_eq(resp[0], 6);
	assert_script_ok(&e.t);
}

/* ======================================================================= */
/* Framework messages                                                       */
/* ======================================================================= */

#define FWK(t) (FFA_MSG_FLAG_FRAMEWORK | (t))

Test(framework, resp_type_pairs)
{
	static const struct {
		uint32_t req;
		int resp;
	} pairs[] = {
		{ 0x00, 0x02 }, { 0x01, 0x02 }, { 0x04, 0x05 }, { 0x06, 0x07 }, { 0x08, 0x09 },
		{ 0x0A, 0x0B }, { 0x0C, 0x0D }, { 0x0E, 0x0F }, { 0x02, FFA_ERR_BAD_ARGUMENT },
		{ 0x03, FFA_ERR_BAD_ARGUMENT }, { 0x05, FFA_ERR_BAD_ARGUMENT },
		{ 0x10, FFA_ERR_BAD_ARGUMENT }, { 0xFF, FFA_ERR_BAD_ARGUMENT },
		{ 0x104, FFA_ERR_BAD_ARGUMENT },
	};

	for (size_t i = 0; i < ARRAY_LEN(pairs); i++)
		assert_rc(ffa_fwk_resp_type(pairs[i].req), pairs[i].resp);
}

Test(framework, vm_created_and_destroyed_frames)
{
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_1),
		STEP(FRAME(FFA_ID_GET_32), OK32(0, 0)), /* the hypervisor */
		STEP(FRAME(FFA_MSG_SEND_DIRECT_REQ_64, IDS(0, SP), FWK(4), 0x89ABCDEFu, 0x01234567u,
			   0x0005),
		     FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(SP, 0), FWK(5), 0)),
		STEP(FRAME(FFA_MSG_SEND_DIRECT_REQ_32, IDS(0, SP), FWK(6), 0xFFFFFFFFu, 0xFFFFFFFFu,
			   0x7FFF),
		     FRAME(FFA_MSG_SEND_DIRECT_RESP_32, IDS(SP, 0), FWK(7),
			   0xFFFFFFFFFFFFFFFAull /* DENIED, sign-extended */)),
	};
	const struct ffa_partition_info info = target(SP, PROPS_ALL);
	struct msg_ep e;

	msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_1, 0, 0, NULL);
	assert_rc(ffa_msg_send_vm_created(&e.t.ctx, SP, &info, 0, 5, 0x0123456789ABCDEFull), 0);
	assert_rc(ffa_msg_send_vm_destroyed(&e.t.ctx, SP, NULL, FFA_MSG_FLAG_32BIT, 0x7FFF,
					    ~0ull),
		  FFA_ERR_DENIED);
	assert_script_ok(&e.t);
}

Test(framework, vm_status_and_response_checks)
{
	static const struct {
		struct ffa_regs ans;
		int rc;
	} cases[] = {
		{ FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(SP, 0), FWK(5), 0), 0 },
		/* Reserved w2 bits [30:8] are not checked. */
		{ FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(SP, 0), 0x7FFFFF00u | FWK(5), 0), 0 },
		{ FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(SP, 0), FWK(5), 0xFFFFFFFEu),
		  FFA_ERR_INVALID_PARAMETERS },
		/* A status that is no FF-A code. */
		{ FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(SP, 0), FWK(5), 5), FFA_ERR_PROTOCOL },
		{ FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(SP, 0), FWK(5), 0xFFFFFFF5u),
		  FFA_ERR_PROTOCOL },
		/* The wrong type, a partition response, the wrong width. */
		{ FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(SP, 0), FWK(7), 0), FFA_ERR_PROTOCOL },
		{ FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(SP, 0), 0, 0), FFA_ERR_PROTOCOL },
		{ FRAME(FFA_MSG_SEND_DIRECT_RESP_32, IDS(SP, 0), FWK(5), 0), FFA_ERR_PROTOCOL },
		{ FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(SP2, 0), FWK(5), 0), FFA_ERR_PROTOCOL },
		{ ERR(FFA_ERR_BUSY), FFA_ERR_BUSY },
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP_ID(0),
			STEP(FRAME(FFA_MSG_SEND_DIRECT_REQ_64, IDS(0, SP), FWK(4), 0, 0, 9),
			     cases[i].ans),
		};
		struct msg_ep e;

		msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, 0, 0, NULL);
		cr_assert_eq(ffa_msg_send_vm_created(&e.t.ctx, SP, NULL, 0, 9, 0), cases[i].rc,
			     "case %zu", i);
		assert_script_ok(&e.t);
	}
}

Test(framework, vm_messages_refused_up_front)
{
	const struct ffa_partition_info no_created =
		target(SP, PROPS_ALL & ~FFA_PART_PROP_VM_CREATED);
	const struct ffa_partition_info no_destroyed =
		target(SP, PROPS_ALL & ~FFA_PART_PROP_VM_DESTROYED);
	const struct ffa_partition_info no_direct =
		target(SP, PROPS_ALL & ~FFA_PART_PROP_DIRECT_REQ_RECV);
	struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2), STEP_ID(0) };
	struct ffa_script_step v10[] = { STEP_VERSION(FFA_VERSION_1_0), STEP_ID(0) };
	struct msg_ep e, f;

	msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, 0, 0, NULL);
	assert_rc(ffa_msg_send_vm_created(&e.t.ctx, SP, &no_created, 0, 1, 0), FFA_ERR_DENIED);
	assert_rc(ffa_msg_send_vm_destroyed(&e.t.ctx, SP, &no_destroyed, 0, 1, 0), FFA_ERR_DENIED);
	assert_rc(ffa_msg_send_vm_created(&e.t.ctx, SP, &no_direct, 0, 1, 0), FFA_ERR_DENIED);
	/* VM ID 0 (the hypervisor) or a secure ID is no VM. */
	assert_rc(ffa_msg_send_vm_created(&e.t.ctx, SP, NULL, 0, 0, 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_send_vm_destroyed(&e.t.ctx, SP, NULL, 0, 0x8003, 0),
		  FFA_ERR_BAD_ARGUMENT);
	/* Not a request type. */
	assert_rc(ffa_msg_send_framework_req(&e.t.ctx, SP, NULL, 0, FFA_FWK_PM_RESP, NULL, NULL),
		  FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&e.t);

	msg_ep_init(&f, v10, ARRAY_LEN(v10), CAPS_ALL, FFA_VERSION_1_0, 0, 0, NULL);
	assert_rc(ffa_msg_send_vm_created(&f.t.ctx, SP, NULL, 0, 1, 0), FFA_ERR_NOT_SUPPORTED);
	assert_rc(ffa_msg_send_framework_req(&f.t.ctx, SP, NULL, 0, FFA_FWK_VM_DESTROYED_REQ,
					     NULL, NULL),
		  FFA_ERR_NOT_SUPPORTED);
	assert_script_ok(&f.t);
}

Test(framework, psci_request_expects_pm_response)
{
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_0),
		STEP_ID(0xFFFF), /* the SPMD */
		STEP(FRAME(FFA_MSG_SEND_DIRECT_REQ_64, IDS(0xFFFF, 0x8000), FWK(0), 0xC4000003u,
			   1, 2, 3, 4),
		     FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(0x8000, 0xFFFF), FWK(2), 0)),
		STEP(FRAME(FFA_MSG_SEND_DIRECT_REQ_64, IDS(0xFFFF, 0x8000), FWK(0), 0xC4000003u,
			   1, 2, 3, 4),
		     FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(0x8000, 0xFFFF), FWK(5), 0)),
	};
	const uint64_t args[5] = { 0xC4000003u, 1, 2, 3, 4 };
	uint64_t resp[5];
	struct msg_ep e;

	msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_0, 0xFFFF, 0, NULL);
	assert_rc(ffa_msg_send_framework_req(&e.t.ctx, 0x8000, NULL, 0, FFA_FWK_PSCI_REQ, args,
					     resp),
		  0);
	cr_assert_eq(resp[0], 0);
	assert_rc(ffa_msg_send_framework_req(&e.t.ctx, 0x8000, NULL, 0, FFA_FWK_PSCI_REQ, args,
					     resp),
		  FFA_ERR_PROTOCOL);
	assert_script_ok(&e.t);
}

/* ======================================================================= */
/* Known bugs                                                               */
/* ======================================================================= */

Test(known_bugs, known_bug_3_msg_calls_before_version_send_nothing)
{
	struct scripted t;
	struct ffa_msg m;
	const struct ffa_uuid u = uuid_of(VIRTIO_UUID);

	scripted_init(&t, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_msg_send_direct_req(&t.ctx, SP, NULL, 0, NULL, NULL), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_msg_send_direct_req2(&t.ctx, SP, NULL, &u, NULL, NULL),
		  FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_msg_send_vm_created(&t.ctx, SP, NULL, 0, 1, 0), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_msg_send2(&t.ctx, SP, NULL, NULL, "x", 1, 0), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_msg_wait(&t.ctx, 0, &m), FFA_ERR_NOT_NEGOTIATED);
	assert_rc(ffa_yield(&t.ctx, 0, &m), FFA_ERR_NOT_NEGOTIATED);
	assert_script_ok(&t);
}

Test(known_bugs, known_bug_6_direct_w1_halves)
{
	/* Request: sender (us) high, receiver low. The answer's halves must
	 * be the other way round: one whose halves equal the request's is
	 * not from the target. */
	uint64_t resp[5];

	assert_rc(one_req(FFA_VERSION_1_2, CAPS_ALL, NULL, 0,
			  FRAME(FFA_MSG_SEND_DIRECT_REQ_64, 0x00018001u), RESP64(0, 3), NULL, resp),
		  0);
	assert_rc(one_req(FFA_VERSION_1_2, CAPS_ALL, NULL, 0, REQ64(0),
			  FRAME(FFA_MSG_SEND_DIRECT_RESP_64, 0x00018001u), NULL, NULL),
		  FFA_ERR_PROTOCOL);
}

Test(known_bugs, known_bug_7_direct_error_code_is_w2_as_int32)
{
	/* The code is w2 as a 32-bit value: in w1 or w3 it is not an error
	 * code, and x2 sign- or zero-extended reads the same. */
	assert_rc(one_req(FFA_VERSION_1_2, CAPS_ALL, NULL, 0, REQ64(0),
			  FRAME(FFA_ERROR_32, 0, 0xFFFFFFFFFFFFFFFCull), NULL, NULL),
		  FFA_ERR_BUSY);
	assert_rc(one_req(FFA_VERSION_1_2, CAPS_ALL, NULL, 0, REQ64(0),
			  FRAME(FFA_ERROR_32, 0, 0x00000000FFFFFFFCull), NULL, NULL),
		  FFA_ERR_BUSY);
	assert_rc(one_req(FFA_VERSION_1_2, CAPS_ALL, NULL, 0, REQ64(0),
			  FRAME(FFA_ERROR_32, 0xFFFFFFFCu, 0, 0xFFFFFFFCu), NULL, NULL),
		  FFA_ERR_PROTOCOL);
}

Test(known_bugs, known_bug_9_width_from_properties_and_strict_response_width)
{
	/* U-Boot/Linux pick 32-bit for an AArch32 partition; the response
	 * must come back in the request's width, and REQ2's as RESP2. */
	const struct ffa_partition_info a32 = target(SP, 0x3);
	uint64_t resp[5];

	assert_rc(one_req(FFA_VERSION_1_1, CAPS_ALL, &a32, 0, REQ32(0), RESP32(0, 1), NULL, resp),
		  0);
	assert_rc(one_req(FFA_VERSION_1_1, CAPS_ALL, &a32, 0, REQ32(0), RESP64(0, 1), NULL, resp),
		  FFA_ERR_PROTOCOL);
	assert_rc(one_req(FFA_VERSION_1_2, CAPS_ALL, NULL, 0, REQ64(0), RESP32(0, 1), NULL, resp),
		  FFA_ERR_PROTOCOL);
	assert_rc(one_req2(CAPS_ALL, NULL, NULL, REQ2(0, 0), RESP64(0, 1), NULL, NULL),
		  FFA_ERR_PROTOCOL);
}

Test(known_bugs, known_bug_10_direct_mbz_registers)
{
	/* Everything outside w1..w7 is zero in REQ_64 at v1.2 (x8..x17 SBZ,
	 * Hafnium drops them) and in REQ2 x1[63:32]; the script compares all
	 * 18 registers, so a stray value fails the step. */
	uint64_t a[14];

	for (unsigned int i = 0; i < 14; i++)
		a[i] = ~0ull;
	assert_rc(one_req(FFA_VERSION_1_2, CAPS_ALL, NULL, 0, REQ64(0, ~0ull, ~0ull, ~0ull, ~0ull,
								 ~0ull),
			  RESP64(0), a, NULL),
		  0);
	assert_rc(one_req2(CAPS_ALL, NULL, NULL,
			   REQ2(0, 0, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull,
				~0ull, ~0ull, ~0ull, ~0ull, ~0ull),
			   RESP2(), a, NULL),
		  0);
}

Test(known_bugs, known_bug_11_req2_uuid_registers_little_endian)
{
	/* Bytes 0..7 of the RFC 4122 form loaded little-endian into x2, 8..15
	 * into x3 (ffa-abi.md 7.2 worked example); a byte-swapped or
	 * string-order packing fails the register compare. */
	const struct ffa_uuid u = uuid_of(VIRTIO_UUID);
	uint64_t x2 = 0, x3 = 0;

	for (unsigned int i = 0; i < 8; i++) {
		x2 |= (uint64_t)u.b[i] << (8 * i);
		x3 |= (uint64_t)u.b[8 + i] << (8 * i);
	}
	cr_assert_eq(x2, VIRTIO_X2);
	cr_assert_eq(x3, VIRTIO_X3);
	assert_rc(one_req2(CAPS_ALL, NULL, &u, REQ2(VIRTIO_X2, VIRTIO_X3), RESP2(), NULL, NULL),
		  0);
}

Test(known_bugs, known_bug_12_direct_ids_above_0x8000)
{
	/* SP to SP with IDs >= 0x8000, including 0xFFFF: unsigned packing,
	 * UBSan would flag a shift into the sign bit. */
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_ID(0xFFFF),
		STEP(FRAME(FFA_MSG_SEND_DIRECT_REQ_64, 0xFFFF8001u),
		     FRAME(FFA_MSG_SEND_DIRECT_RESP_64, 0x8001FFFFu)),
		STEP(FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, 0xFFFFFFFEu),
		     FRAME(FFA_MSG_SEND_DIRECT_RESP2_64, 0xFFFEFFFFu)),
	};
	struct msg_ep e;

	msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, 0xFFFF, 0, NULL);
	assert_rc(ffa_msg_send_direct_req(&e.t.ctx, 0x8001, NULL, 0, NULL, NULL), 0);
	assert_rc(ffa_msg_send_direct_req2(&e.t.ctx, 0xFFFE, NULL, NULL, NULL, NULL), 0);
	assert_script_ok(&e.t);
}

Test(known_bugs, known_bug_33_direct_req_resumes_ids_from_w1)
{
	/* Preempted answers name other endpoints/vCPUs: RUN follows each w1,
	 * and the final response still has to come from the target. */
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_ID(ME),
		STEP(REQ2(0, 0), FRAME(FFA_INTERRUPT_32, IDS(0x8009, 4))),
		STEP(FRAME(FFA_RUN_32, IDS(0x8009, 4)), FRAME(FFA_YIELD_32, IDS(0x800A, 5))),
		STEP(FRAME(FFA_RUN_32, IDS(0x800A, 5)), RESP2(1)),
		STEP(REQ64(0), FRAME(FFA_INTERRUPT_32, IDS(0x8009, 4))),
		STEP(FRAME(FFA_RUN_32, IDS(0x8009, 4)),
		     FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(0x8009, ME))),
	};
	uint64_t resp[14];
	struct msg_ep e;

	msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, ME, 0, NULL);
	assert_rc(ffa_msg_send_direct_req2(&e.t.ctx, SP, NULL, NULL, NULL, resp), 0);
	cr_assert_eq(resp[0], 1);
	assert_rc(ffa_msg_send_direct_req(&e.t.ctx, SP, NULL, 0, NULL, NULL), FFA_ERR_PROTOCOL);
	assert_script_ok(&e.t);
}

Test(known_bugs, known_bug_38_direct_null_paths)
{
	const struct ffa_uuid u = uuid_of(VIRTIO_UUID);

	assert_rc(ffa_msg_send_direct_req(NULL, SP, NULL, 0, A5, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_send_direct_req2(NULL, SP, NULL, &u, NULL, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_send_framework_req(NULL, SP, NULL, 0, 0, NULL, NULL),
		  FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_send_vm_created(NULL, SP, NULL, 0, 1, 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_send_vm_destroyed(NULL, SP, NULL, 0, 1, 0), FFA_ERR_BAD_ARGUMENT);
}

Test(known_bugs, known_bug_39_req2_not_gated_on_features)
{
	/* FEATURES is a hint: a manager that calls REQ2 unsupported still gets
	 * the call, and one that calls it supported (OP-TEE) is believed only
	 * as far as the call's own answer (NOT_SUPPORTED passed through). */
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_ID(ME),
		STEP(FRAME(FFA_FEATURES_32, FFA_MSG_SEND_DIRECT_REQ2_64), ERR(FFA_ERR_NOT_SUPPORTED)),
		STEP(REQ2(0, 0), RESP2(1)),
		STEP(FRAME(FFA_FEATURES_32, FFA_MSG_SEND_DIRECT_REQ2_64), OK32()),
		STEP(REQ2(0, 0), ERR(FFA_ERR_NOT_SUPPORTED)),
	};
	struct msg_ep e;

	msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, ME, 0, NULL);
	assert_rc(ffa_features(&e.t.ctx, FFA_MSG_SEND_DIRECT_REQ2_64, 0, NULL),
		  FFA_ERR_NOT_SUPPORTED);
	assert_rc(ffa_msg_send_direct_req2(&e.t.ctx, SP, NULL, NULL, NULL, NULL), 0);
	assert_rc(ffa_features(&e.t.ctx, FFA_MSG_SEND_DIRECT_REQ2_64, 0, NULL), 0);
	assert_rc(ffa_msg_send_direct_req2(&e.t.ctx, SP, NULL, NULL, NULL, NULL),
		  FFA_ERR_NOT_SUPPORTED);
	assert_script_ok(&e.t);
}
