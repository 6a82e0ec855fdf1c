/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Services layer: the receive loop of a partition written with libffa.
 *
 *   wait -> message -> handler -> reply (brings the next message) -> ...
 *
 * Requests (DIRECT_REQ, framework requests, DIRECT_REQ2 by service UUID) are
 * answered in their own form and width; wake-ups (FFA_RUN, FFA_INTERRUPT)
 * go to the event handler, which may ask for the indirect message in the RX
 * buffer to be read (after e.g. the "RX buffer full" framework notification).
 * The loop holds no state of its own: everything pending is in the caller's
 * struct ffa_msg, so a stopped loop can be resumed by calling it again.
 */
#include "internal.h"

#include <ffa/msg.h>

/* Run the handler of the request in *@msg and send its reply, which leaves
 * the next message in *@msg. Returns 0 (go on), 1 (stop), 2 (hold) or an
 * error; on a handler error or hold the request stays in *@msg. */
static int handle_request(struct ffa_ctx *ctx, const struct ffa_msg_dispatcher *d,
			  struct ffa_msg *msg)
{
	/* One type for the three handlers: a reply of 5 or 14 words. */
	int (*fn)(void *arg, const struct ffa_msg *req, uint64_t *reply) = d->direct;
	uint64_t reply[FFA_MSG_DIRECT2_WORDS];
	void *arg = d->arg;
	int hr, rc;

	if (msg->kind == FFA_MSG_FRAMEWORK_REQ)
		fn = d->framework;
	if (msg->kind == FFA_MSG_DIRECT_REQ2) {
		/* The service of the request's UUID. */
		fn = NULL;
		for (size_t i = 0; d->services && i < d->n_services; i++) {
			const struct ffa_msg_service *svc = &d->services[i];

			if (svc->handler && ffa_uuid_equal(&svc->uuid, &msg->uuid)) {
				fn = svc->handler;
				arg = svc->arg;
				break;
			}
		}
	}
	if (!fn)
		return FFA_ERR_UNHANDLED;
	ffa__bytes_zero(reply, sizeof(reply));
	hr = fn(arg, msg, reply);
	if (hr < 0)
		return hr;
	if (hr == FFA_DISPATCH_HOLD)
		return 2;
	if (hr != FFA_DISPATCH_CONTINUE && hr != FFA_DISPATCH_STOP)
		return FFA_ERR_BAD_ARGUMENT;

	/* The reply call reads the request before it writes the next
	 * message into the same struct. */
	rc = ffa__msg_receive(ctx, msg, reply, msg, msg->kind, 0);
	if (rc)
		return rc;
	return hr == FFA_DISPATCH_STOP ? 1 : 0;
}

/* Map an event/indirect handler result: 0 go on, 1 stop, or an error. */
static int event_result(int hr)
{
	if (hr < 0)
		return hr;
	if (hr == FFA_DISPATCH_CONTINUE)
		return 0;
	if (hr == FFA_DISPATCH_STOP)
		return 1;
	return FFA_ERR_BAD_ARGUMENT;
}

/* A wake-up in *@msg: run the event handler (and the indirect one if asked).
 * Nothing stays pending: *@msg is FFA_MSG_NONE afterwards. */
static int handle_event(struct ffa_ctx *ctx, const struct ffa_msg_dispatcher *d,
			struct ffa_msg *msg)
{
	struct ffa_indirect_msg hdr;
	int hr = d->event ? d->event(d->arg, msg) : FFA_DISPATCH_CONTINUE;
	int rc;

	ffa__bytes_zero(msg, sizeof(*msg));
	if (hr != FFA_DISPATCH_READ_INDIRECT)
		return event_result(hr);
	/* No reader: the message stays in the (still owned) RX buffer for
	 * the caller to read with ffa_msg_recv_indirect(). */
	if (!d->indirect)
		return FFA_ERR_UNHANDLED;
	rc = ffa_msg_recv_indirect(ctx, &hdr, d->indirect_buf, d->indirect_cap);
	if (rc < 0)
		return rc;
	return event_result(d->indirect(d->arg, &hdr, d->indirect_buf));
}

int ffa_msg_dispatch(struct ffa_ctx *ctx, const struct ffa_msg_dispatcher *d,
		     struct ffa_msg *msg)
{
	if (!ctx || !d || !msg)
		return FFA_ERR_BAD_ARGUMENT;
	for (;;) {
		int rc;

		switch (msg->kind) {
		case FFA_MSG_NONE:
			rc = ffa_msg_wait(ctx, d->wait_flags, msg);
			break;
		case FFA_MSG_DIRECT_REQ:
		case FFA_MSG_DIRECT_REQ2:
		case FFA_MSG_FRAMEWORK_REQ:
			rc = handle_request(ctx, d, msg);
			break;
		case FFA_MSG_RUN:
		case FFA_MSG_INTERRUPT:
			rc = handle_event(ctx, d, msg);
			break;
		default:
			/* Responses and FFA_SUCCESS are not for a receive loop. */
			return FFA_ERR_BAD_ARGUMENT;
		}
		if (rc)
			return rc;
	}
}
