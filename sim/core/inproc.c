/* SPDX-License-Identifier: BSD-3-Clause */
/* The in-process conduit (ffa_sim/inproc.h). */
#include "sim_internal.h"

#include <ffa_sim/inproc.h>

static void lock(struct ffa_sim_inproc *ip)
{
	if (ip->lock)
		ip->lock(ip->arg);
}

static void unlock(struct ffa_sim_inproc *ip)
{
	if (ip->unlock)
		ip->unlock(ip->arg);
}

static int inproc_call(void *priv, const struct ffa_regs *in, struct ffa_regs *out)
{
	struct ffa_sim_inproc *ip = (struct ffa_sim_inproc *)priv;
	int rc;

	lock(ip);
	rc = ffa_sim_call(ip->sim, ip->endpoint, in, out);
	unlock(ip);
	if (rc == 0)
		return 0;
	if (rc != FFA_SIM_BLOCKED)
		return FFA_ERR_CONDUIT;
	for (;;) {
		lock(ip);
		rc = ffa_sim_take_answer(ip->sim, ip->endpoint, out);
		unlock(ip);
		if (rc == 1)
			return 0;
		if (rc < 0 || !ip->wait || !ip->wait(ip->arg, ip))
			return FFA_ERR_CONDUIT;
	}
}

int ffa_sim_inproc_init(struct ffa_sim_inproc *ip, struct ffa_sim *sim, uint16_t endpoint,
			struct ffa_conduit *conduit)
{
	const struct sim_ep *ep;

	if (!ip || !sim || !conduit)
		return FFA_ERR_BAD_ARGUMENT;
	ep = sim_ep_find(sim, endpoint);
	if (!ep || ep->builtin)
		return FFA_ERR_BAD_ARGUMENT;
	ip->sim = sim;
	ip->endpoint = endpoint;
	ip->wait = NULL;
	ip->lock = NULL;
	ip->unlock = NULL;
	ip->arg = NULL;
	conduit->call = inproc_call;
	conduit->priv = ip;
	conduit->caps = FFA_CONDUIT_CAP_SMC64 | FFA_CONDUIT_CAP_REGS18;
	return 0;
}
