/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What a built-in partition sees of the simulator (ffa_sim/partition.h):
 * its calls, identity, state and buffers.
 */
#include "sim_internal.h"

#define FN_MSG_WAIT 0x6Bu
#define FN_YIELD 0x6Cu
#define FN_RESP 0x70u
#define FN_RESP2 0x8Eu

int ffa_sim_part_call(struct ffa_sim_part *p, const struct ffa_regs *in, struct ffa_regs *out)
{
	struct ffa_sim *s;
	struct sim_ep *ep;
	struct ffa_regs frame;
	uint32_t fn;

	if (!p || !in || !out)
		return FFA_ERR_BAD_ARGUMENT;
	s = p->sim;
	ep = &s->eps[p->index];
	if (!ep->builtin || ep->rs != RS_RUNNING)
		return FFA_ERR_BAD_ARGUMENT;
	if (s->depth >= SIM_MAX_DEPTH)
		return FFA_ERR_BUSY;
	frame = *in;
	fn = (uint32_t)frame.x[0] & 0xFFFFu;
	/* Blocking calls are the handler's return value. */
	if (fn == FN_MSG_WAIT || fn == FN_YIELD || fn == FN_RESP || fn == FN_RESP2) {
		sim_error_frame(s, out, FFA_ERR_DENIED);
		return 0;
	}
	ep->answer_ready = false;
	sim_dispatch(s, ep, &frame);
	if (!ep->answer_ready) {
		/* Cannot happen: every blocking path refuses built-ins. */
		sim_error_frame(s, out, FFA_ERR_DENIED);
		return 0;
	}
	*out = ep->answer;
	ep->answer_ready = false;
	return 0;
}

static struct sim_ep *ep_of(const struct ffa_sim_part *p)
{
	return &p->sim->eps[p->index];
}

uint16_t ffa_sim_part_id(const struct ffa_sim_part *p)
{
	return ep_of(p)->id;
}

uint32_t ffa_sim_part_version(const struct ffa_sim_part *p)
{
	return sim_ep_version(ep_of(p));
}

void *ffa_sim_part_state(struct ffa_sim_part *p)
{
	return ep_of(p)->state;
}

void *ffa_sim_part_arg(const struct ffa_sim_part *p)
{
	return ep_of(p)->ops_arg;
}

const uint8_t *ffa_sim_part_rx(const struct ffa_sim_part *p, size_t *size)
{
	if (size)
		*size = SIM_PAGE;
	return ep_of(p)->rx;
}

uint8_t *ffa_sim_part_tx(struct ffa_sim_part *p, size_t *size)
{
	if (size)
		*size = SIM_PAGE;
	return ep_of(p)->tx;
}

void *ffa_sim_part_map(struct ffa_sim_part *p, uint64_t pa, uint64_t size, bool write)
{
	struct sim_ep *ep;
	struct ffa_sim_mem_access acc;

	if (!p)
		return NULL;
	ep = ep_of(p);
	/* Who may touch what is the ownership table's to say. */
	if (ffa_sim_memtab_access(&p->sim->mt, ep->id, pa, size, &acc) ||
	    (write && ffa_mem_perm_data(acc.perm) != FFA_MEM_DATA_RW))
		return NULL;
	return sim_host_map(p->sim, FFA_SIM_MAP_PM, pa, size);
}
