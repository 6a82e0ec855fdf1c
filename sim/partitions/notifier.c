/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The notifier partition: binds, unbinds and sets notifications when asked
 * by a direct request, and collects what it receives when it is run.
 * Protocol in ffa_sim/partition.h (FFA_SIM_NOTIFIER_*).
 */
#include "builtin.h"

#define GET_ALL 0xFu

struct notifier_state {
	uint64_t got_sp, got_vm;
};

static uint64_t bitmap(const struct ffa_regs *req)
{
	return (uint64_t)(uint32_t)req->x[5] | ((uint64_t)(uint32_t)req->x[6] << 32);
}

static int notifier_req(struct ffa_sim_part *p, const struct ffa_regs *req,
			struct ffa_regs *resp)
{
	struct notifier_state *st = ffa_sim_part_state(p);
	uint16_t me = ffa_sim_part_id(p), peer = (uint16_t)req->x[4];
	uint64_t bm = bitmap(req);
	uint32_t flags = (uint32_t)req->x[7];
	struct ffa_regs r;
	int rc;

	switch ((uint32_t)req->x[3]) {
	case FFA_SIM_NOTIFIER_BIND:
		rc = builtin_call(p, FFA_NOTIFICATION_BIND_32, builtin_ids(peer, me), flags,
				  (uint32_t)bm, (uint32_t)(bm >> 32), &r);
		break;
	case FFA_SIM_NOTIFIER_UNBIND:
		rc = builtin_call(p, FFA_NOTIFICATION_UNBIND_32, builtin_ids(peer, me), 0,
				  (uint32_t)bm, (uint32_t)(bm >> 32), &r);
		break;
	case FFA_SIM_NOTIFIER_SET:
		rc = builtin_call(p, FFA_NOTIFICATION_SET_32, builtin_ids(me, peer), flags,
				  (uint32_t)bm, (uint32_t)(bm >> 32), &r);
		break;
	case FFA_SIM_NOTIFIER_TAKE:
		resp->x[4] = (uint32_t)st->got_sp;
		resp->x[5] = (uint32_t)(st->got_sp >> 32);
		resp->x[6] = (uint32_t)st->got_vm;
		resp->x[7] = (uint32_t)(st->got_vm >> 32);
		st->got_sp = 0;
		st->got_vm = 0;
		rc = 0;
		break;
	default:
		rc = FFA_ERR_INVALID_PARAMETERS;
		break;
	}
	resp->x[3] = (uint32_t)rc;
	return FFA_SIM_PART_REPLY;
}

static void notifier_run(struct ffa_sim_part *p)
{
	struct notifier_state *st = ffa_sim_part_state(p);
	struct ffa_regs r;

	if (builtin_call(p, FFA_NOTIFICATION_GET_32, ffa_sim_part_id(p), GET_ALL, 0, 0, &r))
		return;
	st->got_sp |= (uint64_t)(uint32_t)r.x[2] | ((uint64_t)(uint32_t)r.x[3] << 32);
	st->got_vm |= (uint64_t)(uint32_t)r.x[4] | ((uint64_t)(uint32_t)r.x[5] << 32);
}

static const struct ffa_sim_partition_ops notifier_ops = {
	.name = "notifier",
	.state_size = sizeof(struct notifier_state),
	.direct_req = notifier_req,
	.run = notifier_run,
};

const struct ffa_sim_partition_ops *ffa_sim_notifier_ops(void)
{
	return &notifier_ops;
}
