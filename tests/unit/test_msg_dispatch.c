/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The receive loop ffa_msg_dispatch(): wait -> request (direct, direct2 by
 * UUID, framework, indirect via an event) -> handler -> reply -> wait, and
 * its stop conditions (handler stop/hold/error, unhandled requests, call
 * errors). known-bugs.md 9 (reply form), 27 (RX release), 37 (several UUIDs
 * in one partition).
 */
#include <string.h>

#include "msg_test.h"

#define ME 0x8001u
#define VM 0x0001u
#define WAIT FRAME(FFA_MSG_WAIT_32)
#define FWK(t) (FFA_MSG_FLAG_FRAMEWORK | (t))

/* What the handlers saw and what they answer. */
struct rec {
	unsigned int direct, framework, svc_a, svc_b, svc_nil, events, indirect;
	unsigned int event_stop_at; /* event number that returns FFA_DISPATCH_STOP */
	int direct_rc, framework_rc, svc_rc, event_rc, indirect_rc;
	bool reply_was_zero;
	uint64_t last_arg;
	struct ffa_indirect_msg hdr;
	uint8_t payload[16];
};

static bool zero_words(const uint64_t *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (w[i])
			return false;
	return true;
}

static int on_direct(void *arg, const struct ffa_msg *req, uint64_t reply[5])
{
	struct rec *r = arg;

	r->direct++;
	r->reply_was_zero = zero_words(reply, 5);
	r->last_arg = req->args[0];
	reply[0] = req->args[0] + 1;
	return r->direct_rc;
}

static int on_framework(void *arg, const struct ffa_msg *req, uint64_t reply[5])
{
	struct rec *r = arg;

	r->framework++;
	r->last_arg = req->fw_type;
	reply[0] = 0; /* status: success */
	return r->framework_rc;
}

static int on_svc(struct rec *r, unsigned int *count, const struct ffa_msg *req,
		  uint64_t reply[14], uint64_t tag)
{
	(*count)++;
	r->reply_was_zero = zero_words(reply, 14);
	reply[0] = tag;
	reply[13] = req->args[13];
	return r->svc_rc;
}

static int on_a(void *arg, const struct ffa_msg *req, uint64_t reply[14])
{
	struct rec *r = arg;

	return on_svc(r, &r->svc_a, req, reply, 0xA);
}

static int on_b(void *arg, const struct ffa_msg *req, uint64_t reply[14])
{
	struct rec *r = arg;

	return on_svc(r, &r->svc_b, req, reply, 0xB);
}

static int on_nil(void *arg, const struct ffa_msg *req, uint64_t reply[14])
{
	struct rec *r = arg;

	return on_svc(r, &r->svc_nil, req, reply, 0x0);
}

static int on_event(void *arg, const struct ffa_msg *m)
{
	struct rec *r = arg;

	r->events++;
	r->last_arg = m->kind;
	if (r->events == r->event_stop_at)
		return FFA_DISPATCH_STOP;
	return r->event_rc;
}

static int on_indirect(void *arg, const struct ffa_indirect_msg *h, const void *payload)
{
	struct rec *r = arg;

	r->indirect++;
	r->hdr = *h;
	memcpy(r->payload, payload, h->size < sizeof(r->payload) ? h->size : sizeof(r->payload));
	return r->indirect_rc;
}

static struct ffa_msg_service services[3];
static uint8_t ind_buf[64];

static struct ffa_msg_dispatcher dispatcher(struct rec *r)
{
	struct ffa_msg_dispatcher d;

	memset(r, 0, sizeof(*r));
	memset(services, 0, sizeof(services));
	services[0].uuid = uuid_of(VIRTIO_UUID);
	services[0].handler = on_a;
	services[0].arg = r;
	services[1].uuid = uuid_of(OPTEE_UUID);
	services[1].handler = on_b;
	services[1].arg = r;
	services[2].handler = on_nil; /* Nil: the default protocol */
	services[2].arg = r;
	memset(&d, 0, sizeof(d));
	d.direct = on_direct;
	d.framework = on_framework;
	d.services = services;
	d.n_services = 3;
	d.event = on_event;
	d.indirect = on_indirect;
	d.indirect_buf = ind_buf;
	d.indirect_cap = sizeof(ind_buf);
	d.arg = r;
	return d;
}

static struct ffa_msg none(void)
{
	struct ffa_msg m;

	memset(&m, 0, sizeof(m));
	return m;
}

/* A dispatcher recording into @r, the message it fills and an endpoint. */
struct dx {
	struct rec r;
	struct ffa_msg_dispatcher d;
	struct ffa_msg m;
	struct msg_ep e;
	struct ffa_script_step one[3]; /* dx_start_one()'s script */
};

/* The full dispatcher() on a zeroed record, no message pending: adjust
 * x->d and x->r, then dx_start(). */
static void dx_prepare(struct dx *x)
{
	x->d = dispatcher(&x->r);
	x->m = none();
}

/* Start endpoint ME at v1.2 on @steps (STEP_VERSION, STEP_ID first; with
 * @pages, an RX/TX pair of that size mapped through STEP_MAP_SLOT third). */
static void dx_start(struct dx *x, struct ffa_script_step *steps, size_t n, size_t pages)
{
	msg_ep_init(&x->e, steps, n, CAPS_ALL, FFA_VERSION_1_2, ME, pages, NULL);
}

/* Start @x on a script whose first wait is answered @req and that ends
 * there: the dispatch may send no reply. */
static void dx_start_one(struct dx *x, struct ffa_regs req)
{
	const struct ffa_script_step s[3] = {
		STEP_VERSION(FFA_VERSION_1_2), STEP_ID(ME), STEP(WAIT, req),
	};

	memcpy(x->one, s, sizeof(s));
	dx_start(x, x->one, ARRAY_LEN(x->one), 0);
}

/* One ffa_msg_dispatch() of x->m. */
static int dx_run(struct dx *x)
{
	return ffa_msg_dispatch(&x->e.t.ctx, &x->d, &x->m);
}

Test(dispatch, one_round_of_every_request_kind)
{
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_ID(ME),
		STEP(WAIT, FRAME(FFA_MSG_SEND_DIRECT_REQ_32, IDS(VM, ME), 0, 41)),
		/* A 32-bit request gets a 32-bit reply (class 9). */
		STEP(FRAME(FFA_MSG_SEND_DIRECT_RESP_32, IDS(ME, VM), 0, 42),
		     FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, IDS(VM, ME), VIRTIO_X2, VIRTIO_X3, 0, 0, 0,
			   0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 77)),
		STEP(FRAME(FFA_MSG_SEND_DIRECT_RESP2_64, IDS(ME, VM), 0, 0, 0xA, 0, 0, 0, 0, 0, 0, 0,
			   0, 0, 0, 0, 0, 77),
		     FRAME(FFA_MSG_SEND_DIRECT_REQ_64, IDS(0, ME), FWK(4), 0, 0, 9)),
		/* A framework request gets the paired framework response. */
		STEP(FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(ME, 0), FWK(5), 0),
		     FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, IDS(VM, ME), OPTEE_X2, OPTEE_X3)),
		STEP(FRAME(FFA_MSG_SEND_DIRECT_RESP2_64, IDS(ME, VM), 0, 0, 0xB),
		     FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, IDS(VM, ME), 0, 0)),
		STEP(FRAME(FFA_MSG_SEND_DIRECT_RESP2_64, IDS(ME, VM), 0, 0, 0x0),
		     FRAME(FFA_RUN_32, IDS(ME, 0))),
		/* The event handler continues: wait again. */
		STEP(WAIT, FRAME(FFA_MSG_SEND_DIRECT_REQ_64, IDS(VM, ME), 0, 99)),
		STEP(FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(ME, VM), 0, 100),
		     FRAME(FFA_INTERRUPT_32, IDS(ME, 0), 5)),
	};
	struct dx x;

	dx_prepare(&x);
	x.r.event_stop_at = 2; /* the interrupt stops the loop */
	dx_start(&x, steps, ARRAY_LEN(steps), 0);
	assert_rc(dx_run(&x), 1);
	cr_assert_eq(x.m.kind, FFA_MSG_NONE);
	cr_assert_eq(x.r.direct, 2);
	cr_assert_eq(x.r.framework, 1);
	cr_assert_eq(x.r.svc_a, 1);
	cr_assert_eq(x.r.svc_b, 1);
	cr_assert_eq(x.r.svc_nil, 1);
	cr_assert_eq(x.r.events, 2);
	cr_assert_eq(x.r.last_arg, FFA_MSG_INTERRUPT);
	cr_assert(x.r.reply_was_zero);
	assert_script_ok(&x.e.t);
}

Test(dispatch, stop_after_reply_keeps_the_next_message)
{
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_ID(ME),
		STEP(FRAME(FFA_MSG_WAIT_32, 0, FFA_MSG_WAIT_FLAG_RETAIN_RX),
		     FRAME(FFA_MSG_SEND_DIRECT_REQ_64, IDS(VM, ME), 0, 1)),
		STEP(FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(ME, VM), 0, 2),
		     FRAME(FFA_MSG_SEND_DIRECT_REQ_64, IDS(VM, ME), 0, 10)),
		/* Resumed with the pending request: dispatched first, no wait. */
		STEP(FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(ME, VM), 0, 11),
		     FRAME(FFA_MSG_SEND_DIRECT_REQ_32, IDS(VM, ME), 0, 20)),
	};
	struct dx x;

	dx_prepare(&x);
	x.d.wait_flags = FFA_MSG_WAIT_FLAG_RETAIN_RX;
	x.r.direct_rc = FFA_DISPATCH_STOP;
	dx_start(&x, steps, ARRAY_LEN(steps), 0);
	assert_rc(dx_run(&x), 1);
	cr_assert_eq(x.m.kind, FFA_MSG_DIRECT_REQ);
	cr_assert_eq(x.m.args[0], 10);
	assert_rc(dx_run(&x), 1);
	cr_assert_eq(x.m.kind, FFA_MSG_DIRECT_REQ);
	cr_assert(!x.m.is_64);
	cr_assert_eq(x.m.args[0], 20);
	cr_assert_eq(x.r.direct, 2);
	assert_script_ok(&x.e.t);
}

Test(dispatch, hold_then_answer_by_hand)
{
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_ID(ME),
		STEP(WAIT, FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, IDS(VM, ME), VIRTIO_X2, VIRTIO_X3, 5)),
		STEP(FRAME(FFA_MSG_SEND_DIRECT_RESP2_64, IDS(ME, VM), 0, 0, 6),
		     FRAME(FFA_RUN_32, IDS(ME, 0))),
	};
	struct dx x;
	uint64_t w[14] = { 6 };

	dx_prepare(&x);
	x.r.svc_rc = FFA_DISPATCH_HOLD;
	dx_start(&x, steps, ARRAY_LEN(steps), 0);
	assert_rc(dx_run(&x), 2);
	cr_assert_eq(x.m.kind, FFA_MSG_DIRECT_REQ2);
	cr_assert_eq(x.m.args[0], 5);
	cr_assert_eq(x.r.svc_a, 1);
	assert_rc(ffa_msg_send_direct_resp2(&x.e.t.ctx, &x.m, w, &x.m), 0);
	cr_assert_eq(x.m.kind, FFA_MSG_RUN);
	assert_script_ok(&x.e.t);
}

Test(dispatch, unhandled_requests_stay_pending)
{
	static const struct ffa_regs reqs[] = {
		FRAME(FFA_MSG_SEND_DIRECT_REQ_64, IDS(VM, ME), 0, 1),
		FRAME(FFA_MSG_SEND_DIRECT_REQ_32, IDS(0, ME), FWK(6)),
		/* A UUID no service serves. */
		FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, IDS(VM, ME), 1, 2, 3),
	};

	for (size_t i = 0; i < ARRAY_LEN(reqs); i++) {
		struct dx x;

		dx_prepare(&x);
		x.d.direct = NULL;
		x.d.framework = NULL;
		dx_start_one(&x, reqs[i]);
		assert_rc(dx_run(&x), FFA_ERR_UNHANDLED);
		cr_assert_neq(x.m.kind, FFA_MSG_NONE, "request %zu lost", i);
		cr_assert_eq(x.m.sender, reqs[i].x[1] >> 16);
		cr_assert_eq(x.r.svc_a + x.r.svc_b + x.r.svc_nil, 0);
		assert_script_ok(&x.e.t);
	}
}

Test(dispatch, handler_errors_and_bad_results_keep_the_request)
{
	static const int results[] = { FFA_ERR_ABORTED, -1000, 7, FFA_DISPATCH_READ_INDIRECT };
	static const int want[] = { FFA_ERR_ABORTED, -1000, FFA_ERR_BAD_ARGUMENT,
				    FFA_ERR_BAD_ARGUMENT };

	for (size_t i = 0; i < ARRAY_LEN(results); i++) {
		struct dx x;

		dx_prepare(&x);
		x.r.direct_rc = results[i];
		dx_start_one(&x, FRAME(FFA_MSG_SEND_DIRECT_REQ_32, IDS(VM, ME), 0, 3));
		assert_rc(dx_run(&x), want[i]);
		cr_assert_eq(x.m.kind, FFA_MSG_DIRECT_REQ);
		cr_assert_eq(x.m.args[0], 3);
		assert_script_ok(&x.e.t);
	}
}

static int wide_reply(void *arg, const struct ffa_msg *req, uint64_t reply[5])
{
	(void)arg;
	(void)req;
	reply[1] = 0x100000000ull;
	return FFA_DISPATCH_CONTINUE;
}

Test(dispatch, reply_refused_before_sending_keeps_the_request)
{
	/* A 32-bit request, a handler that answers a 64-bit value. */
	struct dx x;

	dx_prepare(&x);
	x.d.direct = wide_reply;
	dx_start_one(&x, FRAME(FFA_MSG_SEND_DIRECT_REQ_32, IDS(VM, ME), 0, 3));
	assert_rc(dx_run(&x), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(x.m.kind, FFA_MSG_DIRECT_REQ);
	assert_script_ok(&x.e.t);
}

Test(dispatch, call_errors_end_with_nothing_pending)
{
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2), STEP_ID(ME),
		STEP(WAIT, FRAME(FFA_MSG_SEND_DIRECT_REQ_64, IDS(VM, ME), 0, 3)),
		STEP(FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(ME, VM), 0, 4), ERR(FFA_ERR_DENIED)),
		STEP(WAIT, ERR(FFA_ERR_INVALID_PARAMETERS)),
		STEP(WAIT, FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(VM, ME))),
	};
	struct dx x;

	dx_prepare(&x);
	dx_start(&x, steps, ARRAY_LEN(steps), 0);
	assert_rc(dx_run(&x), FFA_ERR_DENIED);
	cr_assert_eq(x.m.kind, FFA_MSG_NONE);
	assert_rc(dx_run(&x), FFA_ERR_INVALID_PARAMETERS);
	cr_assert_eq(x.m.kind, FFA_MSG_NONE);
	assert_rc(dx_run(&x), FFA_ERR_PROTOCOL);
	cr_assert_eq(x.m.kind, FFA_MSG_NONE);
	assert_script_ok(&x.e.t);
}

Test(dispatch, indirect_message_through_an_event)
{
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2), STEP_ID(ME), STEP_MAP_SLOT,
		STEP(WAIT, FRAME(FFA_RUN_32, IDS(ME, 0))),
		STEP_RX_RELEASE,
		STEP(WAIT, FRAME(FFA_INTERRUPT_32, IDS(ME, 0))),
	};
	const struct ffa_uuid u = uuid_of(VIRTIO_UUID);
	struct dx x;

	dx_prepare(&x);
	x.r.event_rc = FFA_DISPATCH_READ_INDIRECT;
	x.r.event_stop_at = 2;
	dx_start(&x, steps, ARRAY_LEN(steps), 1);
	put_msg_hdr(x.e.rx, 40, 40, VM, ME, 5, &u);
	memcpy(x.e.rx + 40, "hello", 5);
	assert_rc(dx_run(&x), 1);
	cr_assert_eq(x.r.indirect, 1);
	cr_assert_eq(x.r.hdr.sender, VM);
	cr_assert_eq(x.r.hdr.size, 5);
	cr_assert(ffa_uuid_equal(&x.r.hdr.uuid, &u));
	cr_assert_eq(memcmp(x.r.payload, "hello", 5), 0);
	assert_script_ok(&x.e.t);
	msg_ep_fini(&x.e);
}

Test(dispatch, indirect_stop_error_and_bad_message)
{
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2), STEP_ID(ME), STEP_MAP_SLOT,
		STEP(WAIT, FRAME(FFA_RUN_32, IDS(ME, 0))),
		STEP_RX_RELEASE,
		STEP(WAIT, FRAME(FFA_RUN_32, IDS(ME, 0))),
		STEP_RX_RELEASE,
		STEP(WAIT, FRAME(FFA_RUN_32, IDS(ME, 0))),
		STEP_RX_RELEASE,
	};
	struct dx x;

	dx_prepare(&x);
	x.r.event_rc = FFA_DISPATCH_READ_INDIRECT;
	dx_start(&x, steps, ARRAY_LEN(steps), 1);
	put_msg_hdr(x.e.rx, 40, 40, VM, ME, 1, NULL);
	x.r.indirect_rc = FFA_DISPATCH_STOP;
	assert_rc(dx_run(&x), 1);
	cr_assert_eq(x.m.kind, FFA_MSG_NONE);
	x.r.indirect_rc = FFA_ERR_NO_MEMORY;
	assert_rc(dx_run(&x), FFA_ERR_NO_MEMORY);
	cr_assert_eq(x.m.kind, FFA_MSG_NONE);
	/* A header past the buffer: protocol error, RX still released. */
	put_msg_hdr(x.e.rx, 40, 40, VM, ME, 4096, NULL);
	assert_rc(dx_run(&x), FFA_ERR_PROTOCOL);
	cr_assert_eq(x.r.indirect, 2);
	assert_script_ok(&x.e.t);
	msg_ep_fini(&x.e);
}

Test(dispatch, events_without_handlers)
{
	/* No event handler: wake-ups are ignored. READ_INDIRECT without an
	 * indirect handler: FFA_ERR_UNHANDLED, the buffer not touched (no
	 * release step). */
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2), STEP_ID(ME),
		STEP(WAIT, FRAME(FFA_RUN_32, IDS(ME, 0))),
		STEP(WAIT, FRAME(FFA_INTERRUPT_32, IDS(ME, 0))),
		STEP(WAIT, FRAME(FFA_MSG_SEND_DIRECT_REQ_64, IDS(VM, ME))),
		STEP(FRAME(FFA_MSG_SEND_DIRECT_RESP_64, IDS(ME, VM), 0, 1),
		     FRAME(FFA_RUN_32, IDS(ME, 0))),
	};
	struct dx x;

	dx_prepare(&x);
	x.d.event = NULL;
	x.d.indirect = NULL;
	dx_start(&x, steps, ARRAY_LEN(steps), 0);
	x.r.direct_rc = FFA_DISPATCH_STOP;
	assert_rc(dx_run(&x), 1);
	cr_assert_eq(x.m.kind, FFA_MSG_RUN);
	x.d.event = on_event;
	x.r.event_rc = FFA_DISPATCH_READ_INDIRECT;
	assert_rc(dx_run(&x), FFA_ERR_UNHANDLED);
	cr_assert_eq(x.m.kind, FFA_MSG_NONE);
	assert_script_ok(&x.e.t);
}

Test(dispatch, bad_arguments)
{
	struct rec r;
	struct ffa_msg_dispatcher d = dispatcher(&r);
	struct ffa_msg m = none();
	struct scripted t;
	static const enum ffa_msg_kind not_dispatchable[] = {
		FFA_MSG_DIRECT_RESP, FFA_MSG_DIRECT_RESP2, FFA_MSG_FRAMEWORK_RESP, FFA_MSG_SUCCESS,
		(enum ffa_msg_kind)99,
	};

	scripted_init(&t, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_msg_dispatch(&t.ctx, NULL, &m), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_dispatch(&t.ctx, &d, NULL), FFA_ERR_BAD_ARGUMENT);
	for (size_t i = 0; i < ARRAY_LEN(not_dispatchable); i++) {
		m.kind = not_dispatchable[i];
		assert_rc(ffa_msg_dispatch(&t.ctx, &d, &m), FFA_ERR_BAD_ARGUMENT);
	}
	/* Not negotiated: the first wait is refused, nothing sent. */
	m.kind = FFA_MSG_NONE;
	assert_rc(ffa_msg_dispatch(&t.ctx, &d, &m), FFA_ERR_NOT_NEGOTIATED);
	assert_script_ok(&t);
}

Test(known_bugs, known_bug_37_several_uuids_in_one_partition)
{
	/* One partition ID serving several protocol UUIDs (Trusted Services,
	 * virtio-msg next to a default protocol): each REQ2 reaches the
	 * service of its UUID, never the first or the default one. */
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_ID(ME),
		STEP(WAIT, FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, IDS(VM, ME), OPTEE_X2, OPTEE_X3)),
		STEP(FRAME(FFA_MSG_SEND_DIRECT_RESP2_64, IDS(ME, VM), 0, 0, 0xB),
		     FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, IDS(0x0003, ME), VIRTIO_X2, VIRTIO_X3)),
		STEP(FRAME(FFA_MSG_SEND_DIRECT_RESP2_64, IDS(ME, 0x0003), 0, 0, 0xA),
		     FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, IDS(VM, ME), 0, 0)),
		STEP(FRAME(FFA_MSG_SEND_DIRECT_RESP2_64, IDS(ME, VM), 0, 0, 0x0),
		     FRAME(FFA_RUN_32, IDS(ME, 0))),
	};
	struct dx x;

	dx_prepare(&x);
	x.r.event_stop_at = 1;
	dx_start(&x, steps, ARRAY_LEN(steps), 0);
	assert_rc(dx_run(&x), 1);
	cr_assert_eq(x.r.svc_a, 1);
	cr_assert_eq(x.r.svc_b, 1);
	cr_assert_eq(x.r.svc_nil, 1);
	assert_script_ok(&x.e.t);
}
