/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa - the smc and hvc conduits (Arm targets only).
 *
 * AArch64: `smc #0` / `hvc #0` with the SMCCC 1.2 frame x0..x17, capability
 * FFA_CONDUIT_CAP_SMC64 | FFA_CONDUIT_CAP_REGS18. AArch32: r0..r7, SMC32
 * calls only (an SMC64 function ID is refused with FFA_ERR_BAD_ARGUMENT
 * before any instruction runs), no capability bits.
 */
#ifndef FFA_CONDUIT_SMCCC_H
#define FFA_CONDUIT_SMCCC_H

#include <ffa/conduit.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * ffa_conduit_smc() - fill @c with the smc conduit. Stateless: @c->priv is
 * NULL and one conduit object may serve any number of contexts.
 */
void ffa_conduit_smc(struct ffa_conduit *c);

/** ffa_conduit_hvc() - fill @c with the hvc conduit (as ffa_conduit_smc()). */
void ffa_conduit_hvc(struct ffa_conduit *c);

#ifdef __cplusplus
}
#endif

#endif /* FFA_CONDUIT_SMCCC_H */
