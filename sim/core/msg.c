/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Messaging and CPU cycles: direct requests and responses (v1.0 and v1.2
 * REQ2/RESP2), indirect messages (FFA_MSG_SEND2), FFA_MSG_WAIT, FFA_RUN,
 * FFA_YIELD and FFA_INTERRUPT (ffa-abi.md 4.2, 4.3, 9, 10).
 *
 * Giving a partition cycles links two endpoints: the partition becomes
 * RUNNING with a @requester, the requester BLOCKED on it. The link is
 * undone when the partition responds (the requester gets the response),
 * waits (FFA_MSG_WAIT after an FFA_RUN: the requester gets FFA_MSG_WAIT),
 * yields or is interrupted (the requester gets FFA_YIELD / FFA_INTERRUPT and
 * alone may FFA_RUN it again), or aborts (a built-in's error, or the host's
 * ffa_sim_abort() of an external partition: the requester gets ABORTED).
 * When the requester itself is aborted, the partition becomes an *orphan*:
 * it finishes the work (a yield resumes at once) and the result is
 * dropped, since nobody waits for it any more.
 *
 * An external partition receives what it is given as the answer to its own
 * pending call (FFA_MSG_WAIT, a direct response, FFA_YIELD); a built-in one
 * has its handler run at once (see ffa_sim/partition.h).
 */
#include "sim_internal.h"

#include <ffa/msg_hdr.h>
#include <ffa/uuid.h>

#define FN_RESP2 0x8Eu
#define FWK_BIT 0x80000000u
#define FWK_VM_CREATED 4u
#define FWK_VM_DESTROYED 6u
#define SEND2_DELAY_SRI (1u << 1)
#define WAIT_RETAIN_RX (1u << 0)
/* Rounds a built-in orphan may yield before its work is dropped. */
#define ORPHAN_ROUNDS 16u

static void builtin_enter(struct ffa_sim *s, struct sim_ep *sp, const struct ffa_regs *frame);

/* ---- Links ------------------------------------------------------------------- */

static void link(struct ffa_sim *s, struct sim_ep *sp, struct sim_ep *from, uint8_t work)
{
	sp->rs = RS_RUNNING;
	sp->work = work;
	sp->requester = sim_idx(s, from);
	from->rs = RS_BLOCKED;
	from->waiting_on = sim_idx(s, sp);
}

/* @sp is done with its requester and waits for the next message. An
 * orphan's requester index names an endpoint that no longer waits for it
 * (and may be busy elsewhere): it is left alone. */
static void finish(struct ffa_sim *s, struct sim_ep *sp)
{
	struct sim_ep *from = sp->orphan ? NULL : sim_ep_at(s, sp->requester);

	if (from) {
		from->rs = RS_RUNNING;
		from->waiting_on = SIM_NONE;
	}
	sp->rs = RS_WAITING;
	sp->work = W_NONE;
	sp->requester = SIM_NONE;
	sp->fwk = false;
	sp->orphan = false;
	sim_cpu_given_back(s);
}

/* Deliver @r to @sp's requester, unless @sp is an orphan. */
static void to_requester(struct ffa_sim *s, struct sim_ep *sp, const struct ffa_regs *r)
{
	if (!sp->orphan)
		sim_complete(s, &s->eps[sp->requester], r);
}

/* @sp gives the CPU back to its requester without finishing: @r tells it
 * (FFA_YIELD or FFA_INTERRUPT); the requester alone may resume it. */
static void preempt(struct ffa_sim *s, struct sim_ep *sp, bool yielded, const struct ffa_regs *r)
{
	struct sim_ep *from = &s->eps[sp->requester];

	from->rs = RS_RUNNING;
	from->waiting_on = SIM_NONE;
	sp->rs = RS_PREEMPTED;
	sp->yielded = yielded;
	sp->preempt_owner = sp->requester;
	sim_complete(s, from, r);
	sim_cpu_given_back(s);
}

/* Give @sp cycles for @from; @frame is what the partition receives. */
static void enter(struct ffa_sim *s, struct sim_ep *sp, struct sim_ep *from, uint8_t work,
		  const struct ffa_regs *frame)
{
	link(s, sp, from, work);
	if (sp->builtin)
		builtin_enter(s, sp, frame);
	else
		sim_complete(s, sp, frame);
}

/* May @from hand cycles to @to now? 0 or an FF-A error. */
static int can_enter(const struct ffa_sim *s, const struct sim_ep *from, const struct sim_ep *to)
{
	/* A built-in runs synchronously: it cannot wait for an external
	 * partition to be scheduled. */
	if (from->builtin && !to->builtin)
		return FFA_ERR_DENIED;
	if (to->rs != RS_WAITING)
		return FFA_ERR_BUSY;
	if (to->builtin && s->depth >= SIM_MAX_DEPTH)
		return FFA_ERR_BUSY;
	return 0;
}

/* ---- Responses ------------------------------------------------------------------ */

/*
 * @sp answers its requester with the direct response @r (function ID
 * already masked). Returns 0 when delivered, or the error the response
 * breaks: DENIED (no request being handled, wrong destination, RESP for a
 * REQ2 or the reverse), INVALID_PARAMETERS (sender field, MBZ, flags).
 */
static int respond(struct ffa_sim *s, struct sim_ep *sp, const struct ffa_regs *r)
{
	uint32_t fid = (uint32_t)r->x[0];
	bool two = (fid & 0xFFFFu) == FN_RESP2;
	bool is64 = (fid & FFA_FID_64BIT_BIT) != 0;
	uint32_t w1 = sim_w(r, 1), w2 = sim_w(r, 2);
	struct sim_ep *to;
	struct ffa_regs out;

	if ((is64 && (r->x[1] >> 32)) || (uint16_t)(w1 >> 16) != sp->id)
		return FFA_ERR_INVALID_PARAMETERS;
	if (sp->rs != RS_RUNNING || (sp->work != W_REQ && sp->work != W_REQ2))
		return FFA_ERR_DENIED;
	to = &s->eps[sp->requester];
	if ((uint16_t)w1 != to->id || two != (sp->work == W_REQ2))
		return FFA_ERR_DENIED;
	if (two) {
		if (r->x[2] || r->x[3])
			return FFA_ERR_INVALID_PARAMETERS;
	} else if (sp->fwk ? w2 != (FWK_BIT | (sp->fwk_type + 1u)) : w2 != 0) {
		/* A framework request is answered with its response type;
		 * a partition message's flags are MBZ. */
		return FFA_ERR_INVALID_PARAMETERS;
	}
	sim_frame(&out, fid);
	out.x[1] = w1;
	if (two) {
		for (unsigned int i = 4; i < FFA_REGS_COUNT; i++)
			out.x[i] = r->x[i];
	} else {
		for (unsigned int i = 2; i < 8; i++)
			out.x[i] = is64 ? r->x[i] : sim_w(r, i);
	}
	to_requester(s, sp, &out);
	finish(s, sp);
	return 0;
}

void sim_h_direct_resp(struct sim_call *c)
{
	struct ffa_regs r = *c->in;
	int rc;

	r.x[0] = c->fid;
	rc = respond(c->s, c->ep, &r);
	if (rc)
		sim_answer_error(c, rc);
	/* else: the responder now waits; the next message answers it. */
}

/* ---- Built-in partitions --------------------------------------------------------- */

/* The requester gets FFA_MSG_WAIT: @sp finished what FFA_RUN gave it. */
static void waited(struct ffa_sim *s, struct sim_ep *sp)
{
	struct ffa_regs r;

	sim_frame(&r, FFA_MSG_WAIT_32);
	r.x[1] = sim_ids(sp->id, 0);
	to_requester(s, sp, &r);
	finish(s, sp);
}

/* Act on a built-in handler's result for the request it is handling. An
 * orphan that yields or is preempted is resumed at once (a bounded number
 * of times): nobody else would ever resume it. */
static void builtin_result(struct ffa_sim *s, struct sim_ep *sp, int rc, const struct ffa_regs *in)
{
	struct ffa_regs r, resp = *in;

	for (unsigned int round = 0;
	     sp->orphan && (rc == FFA_SIM_PART_YIELD || rc == FFA_SIM_PART_INTERRUPT); round++) {
		rc = -1;
		sim_frame(&resp, 0);
		if (round < ORPHAN_ROUNDS && sp->ops->resume)
			rc = sp->ops->resume(&sp->part, &resp);
	}
	if (rc == FFA_SIM_PART_REPLY) {
		sim_frame(&r, sp->work == W_REQ2 ? FFA_MSG_SEND_DIRECT_RESP2_64
						 : ((sp->req_fid & FFA_FID_64BIT_BIT)
							    ? FFA_MSG_SEND_DIRECT_RESP_64
							    : FFA_MSG_SEND_DIRECT_RESP_32));
		r.x[1] = sim_ids(sp->id, s->eps[sp->requester].id);
		for (unsigned int i = (sp->work == W_REQ2 ? 4u : 2u);
		     i < (sp->work == W_REQ2 ? FFA_REGS_COUNT : 8u); i++)
			r.x[i] = resp.x[i];
		if (respond(s, sp, &r) == 0)
			return;
		rc = -1; /* a malformed response: the partition failed */
	} else if (rc == FFA_SIM_PART_YIELD || rc == FFA_SIM_PART_INTERRUPT) {
		sim_frame(&r, rc == FFA_SIM_PART_YIELD ? FFA_YIELD_32 : FFA_INTERRUPT_32);
		r.x[1] = sim_ids(sp->id, 0);
		preempt(s, sp, rc == FFA_SIM_PART_YIELD, &r);
		return;
	}
	/* Aborted: the requester learns it, the partition waits again. */
	sim_error_frame(s, &r, FFA_ERR_ABORTED);
	to_requester(s, sp, &r);
	finish(s, sp);
}

static void builtin_enter(struct ffa_sim *s, struct sim_ep *sp, const struct ffa_regs *frame)
{
	const struct ffa_sim_partition_ops *ops = sp->ops;
	struct ffa_regs resp;
	struct ffa_uuid uuid;
	int rc = -1;

	sim_frame(&resp, 0);
	switch (sp->work) {
	case W_REQ:
		if (ops->direct_req)
			rc = ops->direct_req(&sp->part, frame, &resp);
		break;
	case W_REQ2:
		ffa_uuid_from_regs64(frame->x[2], frame->x[3], &uuid);
		if (ops->direct_req2)
			rc = ops->direct_req2(&sp->part, &uuid, frame, &resp);
		break;
	default: /* W_RUN: do the pending work, then wait again */
		if (ops->run)
			ops->run(&sp->part);
		waited(s, sp);
		return;
	}
	builtin_result(s, sp, rc, &resp);
}

/* ---- Direct requests ------------------------------------------------------------- */

/* Checks shared by REQ and REQ2 on the IDs in x1: 0 or an error; *@to
 * receives the receiver. */
static int req_target(struct sim_call *c, struct sim_ep **to)
{
	uint64_t x1 = c->in->x[1];
	struct sim_ep *t;

	if ((c->is64 && (x1 >> 32)) || (uint16_t)(x1 >> 16) != c->ep->id)
		return FFA_ERR_INVALID_PARAMETERS;
	t = sim_ep_find(c->s, (uint16_t)x1);
	/* Only partitions receive direct requests: the SPMC's own ID, a
	 * normal-world ID or an unknown one is invalid (real-spmc-behaviour). */
	if (!t || !t->secure || t == c->ep)
		return FFA_ERR_INVALID_PARAMETERS;
	/* A partition sends only while it runs (not during initialisation). */
	if (c->ep->secure && c->ep->rs != RS_RUNNING)
		return FFA_ERR_DENIED;
	*to = t;
	return 0;
}

void sim_h_direct_req(struct sim_call *c)
{
	struct ffa_sim *s = c->s;
	struct sim_ep *ep = c->ep, *to = NULL;
	uint32_t w2 = sim_w(c->in, 2), type = w2 & 0xFFu;
	bool fwk = (w2 & FWK_BIT) != 0;
	struct ffa_regs r;
	int rc = req_target(c, &to);

	if (rc)
		goto err;
	/* Flags: partition messages MBZ; framework messages only VM created /
	 * destroyed from the hypervisor (ffa-abi.md 9.1). */
	rc = FFA_ERR_INVALID_PARAMETERS;
	if (fwk ? ((w2 & 0x7FFFFF00u) || (type != FWK_VM_CREATED && type != FWK_VM_DESTROYED) ||
		   sim_idx(s, ep) != s->hyp)
		: w2 != 0)
		goto err;
	rc = FFA_ERR_DENIED;
	if (ep->secure && !(ep->props & FFA_PART_PROP_DIRECT_REQ_SEND))
		goto err;
	if (!(to->props & FFA_PART_PROP_DIRECT_REQ_RECV))
		goto err;
	if (fwk && !(to->props & (type == FWK_VM_CREATED ? FFA_PART_PROP_VM_CREATED
							 : FFA_PART_PROP_VM_DESTROYED)))
		goto err;
	rc = FFA_ERR_INVALID_PARAMETERS;
	if (c->is64 && !(to->props & FFA_PART_PROP_AARCH64))
		goto err; /* an AArch32 partition takes only SMC32 messages */
	rc = can_enter(s, ep, to);
	if (rc)
		goto err;

	sim_frame(&r, c->fid);
	/* x8..x17 of the 64-bit form are not forwarded (Hafnium). */
	for (unsigned int i = 1; i < 8; i++)
		r.x[i] = c->is64 ? c->in->x[i] : sim_w(c->in, i);
	to->req_fid = c->fid;
	to->fwk = fwk;
	to->fwk_type = (uint8_t)type;
	enter(s, to, ep, W_REQ, &r);
	return;
err:
	sim_answer_error(c, rc);
}

void sim_h_direct_req2(struct sim_call *c)
{
	struct ffa_sim *s = c->s;
	struct sim_ep *ep = c->ep, *to = NULL;
	struct ffa_uuid uuid;
	struct ffa_regs r;
	int rc = req_target(c, &to);

	if (rc)
		goto err;
	/* Both ends at v1.2 with the REQ2 properties (ffa-abi.md 9.2). An
	 * external partition still initialising has not settled its version:
	 * it is BUSY below, like for any other request. */
	rc = FFA_ERR_DENIED;
	if ((to->rs != RS_INIT && sim_ep_version(to) < FFA_VERSION_1_2) ||
	    !(to->props & FFA_PART_PROP_DIRECT_REQ2_RECV))
		goto err;
	if (ep->secure && !(ep->props & FFA_PART_PROP_DIRECT_REQ2_SEND))
		goto err;
	/* The UUID picks the protocol: Nil (the default one) or declared. */
	ffa_uuid_from_regs64(c->in->x[2], c->in->x[3], &uuid);
	rc = FFA_ERR_INVALID_PARAMETERS;
	if (!ffa_uuid_is_nil(&uuid) && !sim_ep_has_uuid(to, &uuid))
		goto err;
	rc = can_enter(s, ep, to);
	if (rc)
		goto err;
	r = *c->in;
	r.x[0] = c->fid;
	to->req_fid = c->fid;
	to->fwk = false;
	enter(s, to, ep, W_REQ2, &r);
	return;
err:
	sim_answer_error(c, rc);
}

/* ---- Waiting, yielding, running -------------------------------------------------------- */

/* FFA_MSG_WAIT releases the caller's RX buffer unless told to retain it
 * (quirk: from which version; SOURCES.md, ffa-abi.md 12). */
static void wait_release(const struct ffa_sim *s, struct sim_ep *ep, bool retain)
{
	uint32_t v = sim_ep_version(ep);
	bool rel;

	switch (s->q.msg_wait_release) {
	case FFA_SIM_MSG_WAIT_RELEASE_V1_2:
		rel = v >= FFA_VERSION_1_2;
		break;
	case FFA_SIM_MSG_WAIT_RELEASE_NEVER:
		rel = false;
		break;
	default:
		rel = v >= FFA_VERSION_1_1;
		break;
	}
	if (rel && !retain && ep->mapped && ep->rx_owner == RX_EP)
		ep->rx_owner = RX_PM;
}

void sim_h_msg_wait(struct sim_call *c)
{
	struct sim_ep *ep = c->ep;
	uint32_t w2 = sim_w(c->in, 2);
	bool v12 = sim_ep_version(ep) >= FFA_VERSION_1_2;

	/* w2: v1.2 bit 0 = retain the RX buffer; otherwise MBZ. */
	if (v12 ? (w2 & ~WAIT_RETAIN_RX) : w2) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	/* A request must be answered with a response first. */
	if (ep->builtin || (ep->rs != RS_INIT && ep->rs != RS_RUNNING) || ep->work == W_REQ ||
	    ep->work == W_REQ2) {
		sim_answer_error(c, FFA_ERR_DENIED);
		return;
	}
	wait_release(c->s, ep, v12 && (w2 & WAIT_RETAIN_RX));
	if (ep->work == W_RUN) {
		waited(c->s, ep);
	} else {
		ep->rs = RS_WAITING; /* end of initialisation */
		sim_cpu_given_back(c->s);
	}
	/* No answer: the caller waits for its next message. */
}

void sim_h_yield(struct sim_call *c)
{
	struct sim_ep *ep = c->ep;
	struct ffa_regs r;

	/* w2/w3: a v1.2 timeout hint; MBZ before. */
	if (sim_ep_version(ep) < FFA_VERSION_1_2 && (sim_w(c->in, 2) || sim_w(c->in, 3))) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	if (ep->builtin || ep->rs != RS_RUNNING || ep->work == W_NONE) {
		sim_answer_error(c, FFA_ERR_DENIED); /* nobody to yield to */
		return;
	}
	if (ep->orphan) {
		/* Nobody would resume it: it goes on at once. */
		sim_answer_success(c, 0, 0);
		return;
	}
	sim_frame(&r, FFA_YIELD_32);
	r.x[1] = sim_ids(ep->id, 0);
	r.x[2] = sim_w(c->in, 2);
	r.x[3] = sim_w(c->in, 3);
	preempt(c->s, ep, true, &r);
	/* The caller's FFA_YIELD returns FFA_SUCCESS when it is resumed. */
}

/* @from resumes the preempted @t; NULL: nobody does (its owner was
 * aborted) and @t goes on as an orphan. */
static void resume(struct ffa_sim *s, struct sim_ep *t, struct sim_ep *from)
{
	bool yielded = t->yielded;
	struct ffa_regs r;

	t->preempt_owner = SIM_NONE;
	t->yielded = false;
	t->rs = RS_RUNNING;
	if (from) {
		from->rs = RS_BLOCKED;
		from->waiting_on = sim_idx(s, t);
	} else {
		t->orphan = true;
	}
	if (t->builtin) {
		int rc = -1;

		sim_frame(&r, 0);
		if (t->ops->resume)
			rc = t->ops->resume(&t->part, &r);
		builtin_result(s, t, rc, &r);
	} else if (yielded) {
		sim_frame(&r, FFA_SUCCESS_32); /* its FFA_YIELD returns */
		sim_complete(s, t, &r);
	} else if (t->held) {
		/* The call it made while preempted runs now. */
		t->held = false;
		r = t->held_frame;
		sim_dispatch(s, t, &r);
	}
}

void sim_h_run(struct sim_call *c)
{
	struct ffa_sim *s = c->s;
	struct sim_ep *ep = c->ep, *t;
	uint32_t w1 = sim_w(c->in, 1);
	uint16_t vcpu = (uint16_t)w1;
	struct ffa_regs r;
	int rc;

	t = sim_ep_find(s, (uint16_t)(w1 >> 16));
	if (!t || !t->secure || t == ep || vcpu >= t->vcpus) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	switch (t->rs) {
	case RS_WAITING:
		/* The scheduler (normal world) runs waiting partitions;
		 * partitions only resume what they preempted. */
		rc = ep->secure ? FFA_ERR_DENIED : can_enter(s, ep, t);
		if (rc)
			break;
		/* The NPI first if notifications wait for it (as Hafnium
		 * injects it when it runs a waiting vCPU); then Hafnium
		 * resumes a waiting vCPU with the FFA_RUN frame. */
		if (!t->builtin && sim_notif_npi_due(t, vcpu))
			sim_raise_npi(s, t, vcpu);
		sim_frame(&r, FFA_RUN_32);
		r.x[1] = sim_ids(t->id, vcpu);
		enter(s, t, ep, W_RUN, &r);
		return;
	case RS_PREEMPTED:
		rc = FFA_ERR_DENIED;
		if (t->preempt_owner != sim_idx(s, ep) || (ep->builtin && !t->builtin))
			break;
		rc = FFA_ERR_BUSY;
		if (t->builtin && s->depth >= SIM_MAX_DEPTH)
			break;
		resume(s, t, ep);
		return;
	default:
		rc = FFA_ERR_BUSY; /* starting, running or blocked elsewhere */
		break;
	}
	sim_answer_error(c, rc);
}

int sim_interrupt(struct ffa_sim *s, struct sim_ep *sp, uint32_t intid)
{
	struct ffa_regs r;

	if (sp->rs != RS_RUNNING || sp->work == W_NONE || sp->orphan)
		return FFA_ERR_DENIED; /* nobody it runs for */
	sim_frame(&r, FFA_INTERRUPT_32);
	r.x[1] = sim_ids(sp->id, 0);
	r.x[2] = intid;
	preempt(s, sp, false, &r);
	return 0;
}

/* ---- Aborting an endpoint ------------------------------------------------------------ */

void sim_msg_abort(struct ffa_sim *s, struct sim_ep *a)
{
	uint16_t ai = sim_idx(s, a);
	bool had_cpu = a->secure && (a->rs == RS_INIT || a->rs == RS_RUNNING || a->rs == RS_BLOCKED);
	struct ffa_regs r;

	/* Its requester, blocked on it, learns that it aborted. (A requester
	 * that holds it preempted is not waiting: its later FFA_RUN meets
	 * BUSY.) */
	if (a->work != W_NONE && a->rs != RS_PREEMPTED && !a->orphan) {
		struct sim_ep *req = &s->eps[a->requester];

		req->rs = RS_RUNNING;
		req->waiting_on = SIM_NONE;
		sim_error_frame(s, &r, FFA_ERR_ABORTED);
		sim_complete(s, req, &r);
	}
	/* The partition it waits on finishes the work for nobody. */
	if (a->rs == RS_BLOCKED)
		s->eps[a->waiting_on].orphan = true;
	a->rs = a->secure ? RS_INIT : RS_RUNNING;
	a->work = W_NONE;
	a->requester = SIM_NONE;
	a->waiting_on = SIM_NONE;
	a->preempt_owner = SIM_NONE;
	a->yielded = false;
	a->fwk = false;
	a->orphan = false;
	a->outstanding = false;
	a->answer_ready = false;
	a->held = false;
	/* Partitions it preempted are resumed for nobody. */
	for (uint32_t i = 0; i < s->ep_count; i++) {
		struct sim_ep *p = &s->eps[i];

		if (p->rs == RS_PREEMPTED && p->preempt_owner == ai)
			resume(s, p, NULL);
	}
	if (had_cpu)
		sim_cpu_given_back(s);
}

/* ---- Indirect messages ------------------------------------------------------------------ */

void sim_h_msg_send2(struct sim_call *c)
{
	struct ffa_sim *s = c->s;
	struct sim_ep *ep = c->ep, *to;
	uint32_t w2 = sim_w(c->in, 2);
	struct ffa_indirect_msg h;
	int rc, len;

	/* w1: sender VM ID for hypervisor forwarding only (not taken);
	 * w2: bit 1 delays the SRI, v1.2 and partitions only. */
	rc = FFA_ERR_INVALID_PARAMETERS;
	if (sim_w(c->in, 1) ||
	    (w2 & ~((ep->secure && sim_ep_version(ep) >= FFA_VERSION_1_2) ? SEND2_DELAY_SRI : 0u)))
		goto err;
	rc = FFA_ERR_DENIED;
	if (!ep->mapped)
		goto err;
	/* The shared codec reads each field once into @h (known-bugs.md 31),
	 * checks MBZ words and that the payload lies in TX after the header. */
	rc = FFA_ERR_INVALID_PARAMETERS;
	if (ffa_msg_hdr_decode(ep->tx, sim_rx_size(ep), sim_ep_version(ep), true, &h))
		goto err;
	if (h.sender != ep->id || h.receiver == ep->id)
		goto err;
	to = sim_ep_find(s, h.receiver);
	if (!to)
		goto err;
	rc = FFA_ERR_DENIED;
	if ((ep->secure && !(ep->props & FFA_PART_PROP_INDIRECT_MSG)) ||
	    (to->secure && !(to->props & FFA_PART_PROP_INDIRECT_MSG)) ||
	    sim_ep_version(to) < FFA_VERSION_1_1)
		goto err;
	rc = sim_rx_claim(to);
	if (rc)
		goto err;
	/* Re-laid out in the receiver's version: payload right after its
	 * header; the protocol UUID survives between v1.2 endpoints. */
	len = ffa_msg_hdr_encode(to->rx, sim_rx_size(to), sim_ep_version(to), h.sender,
				 h.receiver, &h.uuid, ep->tx + h.offset, h.size);
	rc = FFA_ERR_NO_MEMORY;
	if (len < 0)
		goto err;
	sim_rx_produced(to, (uint32_t)len);
	sim_notif_rx_full(s, to, ep, (w2 & SEND2_DELAY_SRI) != 0);
	sim_answer_success(c, 0, 0);
	return;
err:
	sim_answer_error(c, rc);
}
