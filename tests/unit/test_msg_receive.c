/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The receiver side: FFA_MSG_WAIT, FFA_MSG_SEND_DIRECT_RESP_32/64, RESP2,
 * framework responses, FFA_YIELD and ffa_msg_decode() (ffa-abi.md 4.2, 4.3,
 * 9; known-bugs.md 6, 9, 10, 38).
 */
#include <string.h>

#include "msg_test.h"

static const int wire_errors[] = { FFA_TEST_WIRE_ERRORS };

#define ME 0x8001u   /* the receiving SP */
#define VM 0x0001u   /* a requester */

#define WAIT FRAME(FFA_MSG_WAIT_32)
#define FWK(t) (FFA_MSG_FLAG_FRAMEWORK | (t))

/* One call on a fresh endpoint: steps[2] = the call and its answer. */
struct rx_case {
	struct msg_ep e;
	struct ffa_script_step steps[3];
};

static void rx_init(struct rx_case *c, uint32_t version, uint32_t caps, struct ffa_regs expect,
		    struct ffa_regs answer)
{
	struct ffa_script_step s[3] = {
		STEP_VERSION(version),
		STEP_ID(ME),
		STEP(expect, answer),
	};

	memcpy(c->steps, s, sizeof(s));
	msg_ep_init(&c->e, c->steps, 3, caps, version, ME, 0, NULL);
}

/* ffa_msg_wait() at @version against @answer. */
static int wait_for(uint32_t version, struct ffa_regs answer, struct ffa_msg *m)
{
	struct rx_case c;
	int rc;

	rx_init(&c, version, CAPS_ALL, WAIT, answer);
	rc = ffa_msg_wait(&c.e.t.ctx, 0, m);
	assert_script_ok(&c.e.t);
	return rc;
}

/* A request as ffa_msg_wait() would have decoded it. */
static struct ffa_msg request(enum ffa_msg_kind kind, bool is64, uint8_t type)
{
	struct ffa_msg m;

	memset(&m, 0, sizeof(m));
	m.kind = kind;
	m.is_64 = is64;
	m.sender = VM;
	m.receiver = ME;
	m.fw_type = type;
	return m;
}

/* ======================================================================= */
/* FFA_MSG_WAIT and decoding                                                */
/* ======================================================================= */

Test(msg_wait, frame_exact_and_req64_decoded)
{
	struct ffa_msg m;

	poison(&m, sizeof(m));
	assert_rc(wait_for(FFA_VERSION_1_1,
			   FRAME(FFA_MSG_SEND_DIRECT_REQ_64, IDS(VM, ME), 0, 1, 2, 3, 4,
				 0xFFFFFFFFFFFFFFFFull, 8, 9),
			   &m),
		  0);
	cr_assert_eq(m.kind, FFA_MSG_DIRECT_REQ);
	cr_assert(m.is_64);
	cr_assert_eq(m.sender, VM);
	cr_assert_eq(m.receiver, ME);
	cr_assert_eq(m.args[0], 1);
	cr_assert_eq(m.args[4], 0xFFFFFFFFFFFFFFFFull);
	/* x8.. are not payload of REQ_64. */
	for (unsigned int i = 5; i < 14; i++)
		cr_assert_eq(m.args[i], 0);
	cr_assert(ffa_uuid_is_nil(&m.uuid));
}

Test(msg_wait, each_incoming_kind_decoded)
{
	const struct ffa_uuid virtio = uuid_of(VIRTIO_UUID);
	struct ffa_msg m;

	assert_rc(wait_for(FFA_VERSION_1_2,
			   FRAME(FFA_MSG_SEND_DIRECT_REQ_32, IDS(VM, ME), 0, 0xFFFFFFFF00000007ull,
				 2, 3, 4, 0x1234567800000005ull),
			   &m),
		  0);
	cr_assert_eq(m.kind, FFA_MSG_DIRECT_REQ);
	cr_assert(!m.is_64);
	cr_assert_eq(m.args[0], 7);
	cr_assert_eq(m.args[4], 5);

	assert_rc(wait_for(FFA_VERSION_1_2,
			   FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, IDS(VM, ME), VIRTIO_X2, VIRTIO_X3, 1,
				 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14),
			   &m),
		  0);
	cr_assert_eq(m.kind, FFA_MSG_DIRECT_REQ2);
	cr_assert(m.is_64);
	cr_assert(ffa_uuid_equal(&m.uuid, &virtio));
	for (unsigned int i = 0; i < 14; i++)
		cr_assert_eq(m.args[i], i + 1);

	assert_rc(wait_for(FFA_VERSION_1_1,
			   FRAME(FFA_MSG_SEND_DIRECT_REQ_32, IDS(0, ME), FWK(4), 0xFFFFFFFF,
				 0xFFFFFFFF, 3),
			   &m),
		  0);
	cr_assert_eq(m.kind, FFA_MSG_FRAMEWORK_REQ);
	cr_assert_eq(m.fw_type, 4);
	cr_assert_eq(m.sender, 0);
	cr_assert_eq(m.args[2], 3);

	/* Reserved w2 bits next to the framework bit are not the type. */
	assert_rc(wait_for(FFA_VERSION_1_1,
			   FRAME(FFA_MSG_SEND_DIRECT_REQ_64, IDS(0xFFFF, ME), 0x7FFFFF00u | FWK(0)),
			   &m),
		  0);
	cr_assert_eq(m.kind, FFA_MSG_FRAMEWORK_REQ);
	cr_assert_eq(m.fw_type, 0);

	assert_rc(wait_for(FFA_VERSION_1_1, FRAME(FFA_RUN_32, IDS(ME, 2)), &m), 0);
	cr_assert_eq(m.kind, FFA_MSG_RUN);
	cr_assert_eq(m.sender, ME);
	cr_assert_eq(m.receiver, 2);

	assert_rc(wait_for(FFA_VERSION_1_1, FRAME(FFA_INTERRUPT_32, IDS(ME, 0), 27), &m), 0);
	cr_assert_eq(m.kind, FFA_MSG_INTERRUPT);
	cr_assert_eq(m.interrupt_id, 27);
}

Test(msg_wait, retain_rx_flag)
{
	struct rx_case c, d;
	struct ffa_msg m;

	rx_init(&c, FFA_VERSION_1_2, CAPS_ALL, FRAME(FFA_MSG_WAIT_32, 0, 1),
		FRAME(FFA_RUN_32, IDS(ME, 0)));
	assert_rc(ffa_msg_wait(&c.e.t.ctx, FFA_MSG_WAIT_FLAG_RETAIN_RX, &m), 0);
	/* Unknown flags, and the flag before v1.2 (w2 MBZ then): no call. */
	assert_rc(ffa_msg_wait(&c.e.t.ctx, 2, &m), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&c.e.t);

	rx_init(&d, FFA_VERSION_1_1, CAPS_ALL, WAIT, FRAME(FFA_RUN_32, IDS(ME, 0)));
	assert_rc(ffa_msg_wait(&d.e.t.ctx, FFA_MSG_WAIT_FLAG_RETAIN_RX, &m), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_wait(&d.e.t.ctx, 0, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_wait(&d.e.t.ctx, 0, &m), 0);
	assert_script_ok(&d.e.t);
}

Test(msg_wait, hostile_frames_are_protocol_and_clear_next)
{
	const struct ffa_regs bad[] = {
		/* Responses are never delivered to a waiting endpoint. */
		FRAME(FFA_MSG_SEND_DIRECT_RESP_32, IDS(VM, ME)),
		FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(VM, ME)),
		FRAME(FFA_MSG_SEND_DIRECT_RESP2_64, IDS(VM, ME)),
		/* A request for someone else. */
		FRAME(FFA_MSG_SEND_DIRECT_REQ_64, IDS(VM, 0x8002)),
		FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, IDS(VM, 0x8002)),
		/* A response type sent as a framework request; reserved type. */
		FRAME(FFA_MSG_SEND_DIRECT_REQ_32, IDS(0, ME), FWK(5)),
		FRAME(FFA_MSG_SEND_DIRECT_REQ_32, IDS(0, ME), FWK(3)),
		FRAME(FFA_MSG_SEND_DIRECT_REQ_32, IDS(0, ME), FWK(0x42)),
		FRAME(FFA_SUCCESS_32),
		FRAME(FFA_MSG_SEND_32, IDS(VM, ME), 0, 16), /* v1.0 indirect: not supported */
		FRAME(FFA_YIELD_32),
		FRAME(0xFFFFFFFFu),
		FRAME(FFA_ERROR_32, 0, 0),
	};

	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		struct ffa_msg m;

		poison(&m, sizeof(m));
		cr_assert_eq(wait_for(FFA_VERSION_1_2, bad[i], &m), FFA_ERR_PROTOCOL, "frame %zu", i);
		cr_assert_eq(m.kind, FFA_MSG_NONE, "frame %zu", i);
	}
}

Test(msg_wait, req2_before_v12_is_protocol)
{
	struct ffa_msg m;

	assert_rc(wait_for(FFA_VERSION_1_1, FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, IDS(VM, ME)), &m),
		  FFA_ERR_PROTOCOL);
	cr_assert_eq(m.kind, FFA_MSG_NONE);
}

Test(msg_wait, errors_map_and_conduit_failure)
{
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_ID(ME),
		STEP_CONDUIT_FAIL(WAIT, FFA_ERR_CONDUIT),
	};
	struct msg_ep e;
	struct ffa_msg m;

	for (size_t i = 0; i < ARRAY_LEN(wire_errors); i++) {
		poison(&m, sizeof(m));
		assert_rc(wait_for(FFA_VERSION_1_2, ERR_SX(wire_errors[i]), &m), wire_errors[i]);
		cr_assert_eq(m.kind, FFA_MSG_NONE);
	}
	msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, ME, 0, NULL);
	poison(&m, sizeof(m));
	assert_rc(ffa_msg_wait(&e.t.ctx, 0, &m), FFA_ERR_CONDUIT);
	cr_assert_eq(m.kind, FFA_MSG_NONE);
	assert_script_ok(&e.t);
}

Test(msg_wait, own_id_unknown_accepts_any_receiver)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(WAIT, FRAME(FFA_MSG_SEND_DIRECT_REQ_64, IDS(VM, 0x8005))),
	};
	struct scripted t;
	struct ffa_msg m;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_msg_wait(&t.ctx, 0, &m), 0);
	cr_assert_eq(m.receiver, 0x8005);
	assert_script_ok(&t);
}

/* ======================================================================= */
/* Responses                                                                */
/* ======================================================================= */

Test(direct_resp, width_and_ids_follow_the_request)
{
	const uint64_t r5[5] = { 1, 2, 3, 4, 0xFFFFFFFFu };
	const uint64_t w64[5] = { ~0ull, 0, 0, 0, 1 };
	struct rx_case c, d;
	struct ffa_msg req32 = request(FFA_MSG_DIRECT_REQ, false, 0);
	struct ffa_msg req64 = request(FFA_MSG_DIRECT_REQ, true, 0);
	struct ffa_msg next;

	rx_init(&c, FFA_VERSION_1_2, CAPS_ALL,
		FRAME(FFA_MSG_SEND_DIRECT_RESP_32, IDS(ME, VM), 0, 1, 2, 3, 4, 0xFFFFFFFFu),
		FRAME(FFA_MSG_SEND_DIRECT_REQ_32, IDS(VM, ME), 0, 9));
	assert_rc(ffa_msg_send_direct_resp(&c.e.t.ctx, &req32, r5, &next), 0);
	cr_assert_eq(next.kind, FFA_MSG_DIRECT_REQ);
	cr_assert_eq(next.args[0], 9);
	assert_script_ok(&c.e.t);

	rx_init(&d, FFA_VERSION_1_2, CAPS_ALL,
		FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(ME, VM), 0, ~0ull, 0, 0, 0, 1),
		FRAME(FFA_RUN_32, IDS(ME, 0)));
	assert_rc(ffa_msg_send_direct_resp(&d.e.t.ctx, &req64, w64, &next), 0);
	cr_assert_eq(next.kind, FFA_MSG_RUN);
	assert_script_ok(&d.e.t);
}

Test(direct_resp, refusals_leave_next_untouched)
{
	struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2), STEP_ID(ME) };
	struct ffa_script_step smc32[] = { STEP_VERSION(FFA_VERSION_1_2), STEP_ID(ME) };
	struct msg_ep e, f;
	struct ffa_msg req32 = request(FFA_MSG_DIRECT_REQ, false, 0);
	struct ffa_msg req64 = request(FFA_MSG_DIRECT_REQ, true, 0);
	struct ffa_msg req2 = request(FFA_MSG_DIRECT_REQ2, true, 0);
	struct ffa_msg fwk = request(FFA_MSG_FRAMEWORK_REQ, false, 4);
	const uint64_t wide[5] = { 0, 0, 0x100000000ull };
	struct ffa_msg io = req32;

	msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, ME, 0, NULL);
	/* A word above 32 bits for a 32-bit request: the request (aliased
	 * as @next) survives for a corrected reply. */
	assert_rc(ffa_msg_send_direct_resp(&e.t.ctx, &io, wide, &io), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(memcmp(&io, &req32, sizeof(io)), 0);
	/* The wrong kind for each reply call. */
	assert_rc(ffa_msg_send_direct_resp(&e.t.ctx, &req2, NULL, &io), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_send_direct_resp(&e.t.ctx, &fwk, NULL, &io), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_send_direct_resp2(&e.t.ctx, &req64, NULL, &io), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_send_framework_resp(&e.t.ctx, &req64, NULL, &io), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_send_direct_resp(&e.t.ctx, NULL, NULL, &io), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_send_direct_resp(&e.t.ctx, &req32, NULL, NULL), FFA_ERR_BAD_ARGUMENT);
	/* A framework request whose type has no response (made up). */
	fwk.fw_type = 0x03;
	assert_rc(ffa_msg_send_framework_resp(&e.t.ctx, &fwk, NULL, &io), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(memcmp(&io, &req32, sizeof(io)), 0);
	assert_script_ok(&e.t);

	/* 64-bit requests cannot be answered on an SMC32 conduit. */
	msg_ep_init(&f, smc32, ARRAY_LEN(smc32), 0, FFA_VERSION_1_2, ME, 0, NULL);
	assert_rc(ffa_msg_send_direct_resp(&f.t.ctx, &req64, NULL, &io), FFA_ERR_NOT_SUPPORTED);
	assert_rc(ffa_msg_send_direct_resp2(&f.t.ctx, &req2, NULL, &io), FFA_ERR_NOT_SUPPORTED);
	assert_script_ok(&f.t);
}

Test(direct_resp, errors_after_sending_clear_next)
{
	for (size_t i = 0; i < ARRAY_LEN(wire_errors); i++) {
		struct rx_case c;
		struct ffa_msg req = request(FFA_MSG_DIRECT_REQ, true, 0);

		rx_init(&c, FFA_VERSION_1_2, CAPS_ALL,
			FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(ME, VM)), ERR(wire_errors[i]));
		assert_rc(ffa_msg_send_direct_resp(&c.e.t.ctx, &req, NULL, &req), wire_errors[i]);
		cr_assert_eq(req.kind, FFA_MSG_NONE);
		assert_script_ok(&c.e.t);
	}
}

Test(direct_resp2, frame_and_refusals)
{
	struct ffa_msg req = request(FFA_MSG_DIRECT_REQ2, true, 0);
	struct ffa_msg next;
	uint64_t w[14];
	struct rx_case c;
	struct ffa_script_step v11[] = { STEP_VERSION(FFA_VERSION_1_1), STEP_ID(ME) };
	struct ffa_script_step regs8[] = { STEP_VERSION(FFA_VERSION_1_2), STEP_ID(ME) };
	struct msg_ep e, f;

	/* The request's UUID is not echoed: x2/x3 are zero. */
	req.uuid = uuid_of(VIRTIO_UUID);
	for (unsigned int i = 0; i < 14; i++)
		w[i] = 0xA0 + i;
	rx_init(&c, FFA_VERSION_1_2, CAPS_ALL,
		FRAME(FFA_MSG_SEND_DIRECT_RESP2_64, IDS(ME, VM), 0, 0, 0xA0, 0xA1, 0xA2, 0xA3, 0xA4,
		      0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD),
		FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, IDS(VM, ME), 1, 2, 3));
	assert_rc(ffa_msg_send_direct_resp2(&c.e.t.ctx, &req, w, &next), 0);
	cr_assert_eq(next.kind, FFA_MSG_DIRECT_REQ2);
	cr_assert_eq(next.args[0], 3);
	assert_script_ok(&c.e.t);

	msg_ep_init(&e, v11, ARRAY_LEN(v11), CAPS_ALL, FFA_VERSION_1_1, ME, 0, NULL);
	assert_rc(ffa_msg_send_direct_resp2(&e.t.ctx, &req, w, &next), FFA_ERR_NOT_SUPPORTED);
	assert_script_ok(&e.t);
	msg_ep_init(&f, regs8, ARRAY_LEN(regs8), FFA_CONDUIT_CAP_SMC64, FFA_VERSION_1_2, ME, 0,
		    NULL);
	assert_rc(ffa_msg_send_direct_resp2(&f.t.ctx, &req, w, &next), FFA_ERR_NOT_SUPPORTED);
	assert_script_ok(&f.t);
}

Test(framework_resp, paired_type_status_and_width)
{
	struct ffa_msg vm = request(FFA_MSG_FRAMEWORK_REQ, false, FFA_FWK_VM_DESTROYED_REQ);
	struct ffa_msg psci = request(FFA_MSG_FRAMEWORK_REQ, true, FFA_FWK_PSCI_REQ);
	const uint64_t denied[5] = { (uint32_t)FFA_ERR_DENIED };
	struct ffa_msg next;
	struct rx_case c, d;

	vm.sender = 0;
	psci.sender = 0xFFFF;
	rx_init(&c, FFA_VERSION_1_2, CAPS_ALL,
		FRAME(FFA_MSG_SEND_DIRECT_RESP_32, IDS(ME, 0), FWK(7), 0xFFFFFFFAu),
		FRAME(FFA_RUN_32, IDS(ME, 0)));
	assert_rc(ffa_msg_send_framework_resp(&c.e.t.ctx, &vm, denied, &next), 0);
	assert_script_ok(&c.e.t);

	rx_init(&d, FFA_VERSION_1_0, CAPS_ALL,
		FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(ME, 0xFFFF), FWK(2)),
		FRAME(FFA_INTERRUPT_32, IDS(ME, 0), 5));
	assert_rc(ffa_msg_send_framework_resp(&d.e.t.ctx, &psci, NULL, &next), 0);
	cr_assert_eq(next.kind, FFA_MSG_INTERRUPT);
	assert_script_ok(&d.e.t);
}

/* ======================================================================= */
/* FFA_YIELD                                                                */
/* ======================================================================= */

Test(yield, timeout_split_and_success_resumes)
{
	struct rx_case c, d;
	struct ffa_msg next;

	rx_init(&c, FFA_VERSION_1_2, CAPS_ALL, FRAME(FFA_YIELD_32, 0, 0x89ABCDEF, 0x01234567),
		FRAME(FFA_SUCCESS_32));
	assert_rc(ffa_yield(&c.e.t.ctx, 0x0123456789ABCDEFull, &next), 0);
	cr_assert_eq(next.kind, FFA_MSG_SUCCESS);
	assert_script_ok(&c.e.t);

	/* Before v1.2 w2/w3 are MBZ: only timeout 0. */
	rx_init(&d, FFA_VERSION_1_1, CAPS_ALL, FRAME(FFA_YIELD_32), FRAME(FFA_RUN_32, IDS(ME, 1)));
	assert_rc(ffa_yield(&d.e.t.ctx, 1, &next), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_yield(&d.e.t.ctx, 0, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_yield(&d.e.t.ctx, 0, &next), 0);
	cr_assert_eq(next.kind, FFA_MSG_RUN);
	assert_script_ok(&d.e.t);
}

Test(yield, errors_and_responses)
{
	struct rx_case c, d;
	struct ffa_msg next;

	rx_init(&c, FFA_VERSION_1_2, CAPS_ALL, FRAME(FFA_YIELD_32), ERR(FFA_ERR_DENIED));
	assert_rc(ffa_yield(&c.e.t.ctx, 0, &next), FFA_ERR_DENIED);
	assert_script_ok(&c.e.t);
	rx_init(&d, FFA_VERSION_1_2, CAPS_ALL, FRAME(FFA_YIELD_32),
		FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(VM, ME)));
	assert_rc(ffa_yield(&d.e.t.ctx, 0, &next), FFA_ERR_PROTOCOL);
	cr_assert_eq(next.kind, FFA_MSG_NONE);
	assert_script_ok(&d.e.t);
}

/* ======================================================================= */
/* ffa_msg_decode                                                           */
/* ======================================================================= */

Test(msg_decode, responses_and_arguments)
{
	struct scripted t;
	struct ffa_msg m;
	const struct ffa_regs r2 = FRAME(FFA_MSG_SEND_DIRECT_RESP2_64, IDS(0x8001, 1), 5, 6, 7);
	const struct ffa_regs fr = FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(0x8001, 0), FWK(9), 3);
	const struct ffa_regs bad = FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(0x8001, 0), FWK(8));
	const struct ffa_regs err = ERR(FFA_ERR_ABORTED);

	scripted_init(&t, NULL, 0, CAPS_ALL, 0);
	/* REQ2/RESP2 need v1.2 negotiated: this context has none. */
	assert_rc(ffa_msg_decode(&t.ctx, &r2, &m), FFA_ERR_PROTOCOL);
	t.ctx.version = FFA_VERSION_1_2; /* white box: as if negotiated */
	assert_rc(ffa_msg_decode(&t.ctx, &r2, &m), 0);
	cr_assert_eq(m.kind, FFA_MSG_DIRECT_RESP2);
	cr_assert(ffa_uuid_is_nil(&m.uuid)); /* x2/x3 of RESP2 are not a UUID */
	cr_assert_eq(m.args[0], 7);
	assert_rc(ffa_msg_decode(&t.ctx, &fr, &m), 0);
	cr_assert_eq(m.kind, FFA_MSG_FRAMEWORK_RESP);
	cr_assert_eq(m.fw_type, 9);
	cr_assert_eq(m.args[0], 3);
	/* A request type in a response. */
	assert_rc(ffa_msg_decode(&t.ctx, &bad, &m), FFA_ERR_PROTOCOL);
	assert_rc(ffa_msg_decode(&t.ctx, &err, &m), FFA_ERR_ABORTED);
	cr_assert_eq(m.kind, FFA_MSG_NONE);
	assert_rc(ffa_msg_decode(NULL, &err, &m), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_decode(&t.ctx, NULL, &m), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_decode(&t.ctx, &err, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&t);
}

/* ======================================================================= */
/* Known bugs                                                               */
/* ======================================================================= */

Test(known_bugs, known_bug_6_reply_ids_swap_the_request)
{
	/* The responder (us, the request's receiver) goes high, the original
	 * sender low; both >= 0x8000 and 0xFFFF. */
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FRAME(FFA_MSG_WAIT_32), FRAME(FFA_MSG_SEND_DIRECT_REQ_64, 0xFFFF8001u)),
		STEP(FRAME(FFA_MSG_SEND_DIRECT_RESP_64, 0x8001FFFFu), FRAME(FFA_RUN_32)),
	};
	struct scripted t;
	struct ffa_msg m;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_msg_wait(&t.ctx, 0, &m), 0);
	cr_assert_eq(m.sender, 0xFFFF);
	cr_assert_eq(m.receiver, 0x8001);
	assert_rc(ffa_msg_send_direct_resp(&t.ctx, &m, NULL, &m), 0);
	assert_script_ok(&t);
}

Test(known_bugs, known_bug_9_reply_width_follows_request)
{
	/* Trusted Services answered in its native width: the reply to a
	 * 32-bit request from a 64-bit endpoint must still be RESP_32, and
	 * to a 64-bit one RESP_64, on the same conduit. */
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_ID(ME),
		STEP(WAIT, FRAME(FFA_MSG_SEND_DIRECT_REQ_32, IDS(VM, ME), 0, 1)),
		STEP(FRAME(FFA_MSG_SEND_DIRECT_RESP_32, IDS(ME, VM), 0, 2),
		     FRAME(FFA_MSG_SEND_DIRECT_REQ_64, IDS(VM, ME), 0, 3)),
		STEP(FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(ME, VM), 0, 4),
		     FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, IDS(VM, ME), 0, 0, 5)),
		STEP(FRAME(FFA_MSG_SEND_DIRECT_RESP2_64, IDS(ME, VM), 0, 0, 6), FRAME(FFA_RUN_32)),
	};
	struct msg_ep e;
	struct ffa_msg m;
	uint64_t w[14] = { 0 };

	msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, ME, 0, NULL);
	assert_rc(ffa_msg_wait(&e.t.ctx, 0, &m), 0);
	w[0] = m.args[0] + 1;
	assert_rc(ffa_msg_send_direct_resp(&e.t.ctx, &m, w, &m), 0);
	w[0] = m.args[0] + 1;
	assert_rc(ffa_msg_send_direct_resp(&e.t.ctx, &m, w, &m), 0);
	w[0] = m.args[0] + 1;
	assert_rc(ffa_msg_send_direct_resp2(&e.t.ctx, &m, w, &m), 0);
	cr_assert_eq(m.kind, FFA_MSG_RUN);
	assert_script_ok(&e.t);
}

Test(known_bugs, known_bug_10_receiver_mbz_registers)
{
	/* MSG_WAIT w1 and w3..w7 and x8..x17, RESP_64 x8..x17 (Hafnium
	 * rejects non-zero ones from v1.2 callers): compared exactly. */
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_ID(ME),
		STEP(WAIT, FRAME(FFA_MSG_SEND_DIRECT_REQ_64, IDS(VM, ME), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
				 10, 11, 12, 13, 14, 15)),
		STEP(FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(ME, VM), 0, ~0ull, ~0ull, ~0ull, ~0ull,
			   ~0ull),
		     FRAME(FFA_RUN_32)),
	};
	const uint64_t w[5] = { ~0ull, ~0ull, ~0ull, ~0ull, ~0ull };
	struct msg_ep e;
	struct ffa_msg m;

	msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, ME, 0, NULL);
	assert_rc(ffa_msg_wait(&e.t.ctx, 0, &m), 0);
	assert_rc(ffa_msg_send_direct_resp(&e.t.ctx, &m, w, &m), 0);
	assert_script_ok(&e.t);
}

Test(known_bugs, known_bug_38_receiver_null_paths)
{
	struct ffa_msg m = request(FFA_MSG_DIRECT_REQ, true, 0);

	assert_rc(ffa_msg_wait(NULL, 0, &m), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_yield(NULL, 0, &m), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_send_direct_resp(NULL, &m, NULL, &m), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_send_direct_resp2(NULL, &m, NULL, &m), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_send_framework_resp(NULL, &m, NULL, &m), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_dispatch(NULL, NULL, &m), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(m.kind, FFA_MSG_DIRECT_REQ);
}
