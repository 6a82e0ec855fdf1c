/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Quirk profiles: the behaviour switches that reproduce each real partition
 * manager where it departs from the default (docs/simulator.md "Quirks";
 * sources: ../shared/spec/SOURCES.md section 3, real-spmc-behaviour.md).
 */
#include "sim_internal.h"

int ffa_sim_quirks_profile(enum ffa_sim_profile profile, struct ffa_sim_quirks *q)
{
	if (!q)
		return FFA_ERR_BAD_ARGUMENT;
	ffa__bytes_zero(q, sizeof(*q));
	switch (profile) {
	case FFA_SIM_PROFILE_DEFAULT:
		return 0;
	case FFA_SIM_PROFILE_HAFNIUM:
		/* 48-byte descriptors to v1.1+ callers, per-vCPU bind refused,
		 * RX released by every MSG_WAIT of v1.1+ callers. */
		q->part_info_v1_3_desc = true;
		q->per_vcpu = FFA_SIM_PER_VCPU_INVALID;
		return 0;
	case FFA_SIM_PROFILE_TFA_EL3_SPMC:
		/* Own version for a refused request, the locked version after
		 * lock-in, error codes sign-extended to 64 bits, MBZ
		 * registers not checked. */
		q->version_refusal = FFA_SIM_VERSION_REFUSE_OWN_VERSION;
		q->version_relock = FFA_SIM_RELOCK_REPLY_NEGOTIATED;
		q->error_sign_extend = true;
		q->lenient_mbz = true;
		return 0;
	case FFA_SIM_PROFILE_OPTEE:
		/* The last FFA_VERSION decides, unknown UUIDs list nothing
		 * (RX still handed over), per-vCPU bind DENIED. */
		q->version_relock = FFA_SIM_RELOCK_RENEGOTIATE;
		q->part_info_unknown_uuid_empty = true;
		q->per_vcpu = FFA_SIM_PER_VCPU_DENIED;
		q->lenient_mbz = true;
		return 0;
	}
	return FFA_ERR_BAD_ARGUMENT;
}
