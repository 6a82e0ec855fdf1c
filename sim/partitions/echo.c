/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The echo partition: direct requests (REQ and REQ2) are answered with
 * their own payload, indirect messages are sent back to their sender, VM
 * created/destroyed framework messages are acknowledged. A first payload
 * word FFA_SIM_ECHO_YIELD / FFA_SIM_ECHO_INTERRUPT makes it yield / be
 * preempted once before it answers (for testing resume loops).
 */
#include "builtin.h"

#include <ffa/msg_hdr.h>

#define FWK_BIT 0x80000000u
#define GET_FRAMEWORK ((1u << 2) | (1u << 3)) /* SPM and hypervisor bitmaps */
#define RX_FULL 1u

struct echo_state {
	struct ffa_regs saved; /* the request being preempted */
	bool message;          /* an indirect message waits in RX */
};

static int preempt_or(struct ffa_sim_part *p, const struct ffa_regs *req, uint64_t first)
{
	struct echo_state *st = ffa_sim_part_state(p);

	if (first != FFA_SIM_ECHO_YIELD && first != FFA_SIM_ECHO_INTERRUPT)
		return -1;
	st->saved = *req;
	return first == FFA_SIM_ECHO_YIELD ? FFA_SIM_PART_YIELD : FFA_SIM_PART_INTERRUPT;
}

/* The echo of @req into @resp: every payload register of its kind. */
static int echo(const struct ffa_regs *req, struct ffa_regs *resp)
{
	bool two = ((uint32_t)req->x[0] & 0xFFFFu) == (FFA_MSG_SEND_DIRECT_REQ2_64 & 0xFFFFu);

	for (unsigned int i = two ? 4u : 3u; i < (two ? FFA_REGS_COUNT : 8u); i++)
		resp->x[i] = req->x[i];
	return FFA_SIM_PART_REPLY;
}

static int echo_req(struct ffa_sim_part *p, const struct ffa_regs *req, struct ffa_regs *resp)
{
	uint32_t w2 = (uint32_t)req->x[2];
	int rc;

	if (w2 & FWK_BIT) {
		/* VM created (4) / destroyed (6): acknowledge, status 0. */
		resp->x[2] = FWK_BIT | ((w2 & 0xFFu) + 1u);
		resp->x[3] = 0;
		return FFA_SIM_PART_REPLY;
	}
	rc = preempt_or(p, req, (uint32_t)req->x[3]);
	return rc >= 0 ? rc : echo(req, resp);
}

static int echo_req2(struct ffa_sim_part *p, const struct ffa_uuid *uuid,
		     const struct ffa_regs *req, struct ffa_regs *resp)
{
	int rc = preempt_or(p, req, req->x[4]);

	(void)uuid; /* every protocol it serves is echoed alike */
	return rc >= 0 ? rc : echo(req, resp);
}

static int echo_resume(struct ffa_sim_part *p, struct ffa_regs *resp)
{
	struct echo_state *st = ffa_sim_part_state(p);

	return echo(&st->saved, resp);
}

/* Send the message in RX back to its sender. 0 when done (RX released),
 * FFA_ERR_BUSY to try again on the next run, another error: dropped. */
static int bounce(struct ffa_sim_part *p)
{
	size_t rx_cap, tx_cap;
	const uint8_t *rx = ffa_sim_part_rx(p, &rx_cap);
	uint8_t *tx = ffa_sim_part_tx(p, &tx_cap);
	uint32_t version = ffa_sim_part_version(p);
	struct ffa_indirect_msg h;
	struct ffa_regs r;
	int rc = FFA_ERR_PROTOCOL;

	/* From me (the receiver) back to the sender, UUID kept. */
	if (!ffa_msg_hdr_decode(rx, rx_cap, version, false, &h) &&
	    ffa_msg_hdr_encode(tx, tx_cap, version, h.receiver, h.sender, &h.uuid,
			       rx + h.offset, h.size) >= 0) {
		rc = builtin_call(p, FFA_MSG_SEND2_32, 0, 0, 0, 0, &r);
		if (rc == FFA_ERR_BUSY)
			return rc;
	}
	builtin_call(p, FFA_RX_RELEASE_32, 0, 0, 0, 0, &r);
	return rc;
}

static void echo_run(struct ffa_sim_part *p)
{
	struct echo_state *st = ffa_sim_part_state(p);
	struct ffa_regs r;

	if (builtin_call(p, FFA_NOTIFICATION_GET_32, ffa_sim_part_id(p), GET_FRAMEWORK, 0, 0,
			 &r) == 0 &&
	    (((uint32_t)r.x[6] | (uint32_t)r.x[7]) & RX_FULL))
		st->message = true;
	if (st->message && bounce(p) != FFA_ERR_BUSY)
		st->message = false;
}

static const struct ffa_sim_partition_ops echo_ops = {
	.name = "echo",
	.state_size = sizeof(struct echo_state),
	.direct_req = echo_req,
	.direct_req2 = echo_req2,
	.resume = echo_resume,
	.run = echo_run,
};

const struct ffa_sim_partition_ops *ffa_sim_echo_ops(void)
{
	return &echo_ops;
}
