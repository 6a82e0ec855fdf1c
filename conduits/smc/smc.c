/* SPDX-License-Identifier: BSD-3-Clause */
/* The smc conduit: FF-A calls through `smc #0` (SMCCC 1.2 frame). */
#include <ffa/conduit_smccc.h>

#include "../smccc_asm.h"

FFA_SMCCC_DEFINE_CALL(smc_call, smc)

void ffa_conduit_smc(struct ffa_conduit *c)
{
	c->call = smc_call;
	c->priv = (void *)0;
	c->caps = FFA_SMCCC_CAPS;
}
