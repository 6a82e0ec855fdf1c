/* SPDX-License-Identifier: BSD-3-Clause */
/* The hvc conduit: FF-A calls through `hvc #0` (SMCCC 1.2 frame). */
#include <ffa/conduit_smccc.h>

#include "../smccc_asm.h"

FFA_SMCCC_DEFINE_CALL(hvc_call, hvc)

void ffa_conduit_hvc(struct ffa_conduit *c)
{
	c->call = hvc_call;
	c->priv = (void *)0;
	c->caps = FFA_SMCCC_CAPS;
}
