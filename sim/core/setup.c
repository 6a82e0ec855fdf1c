/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Setup and discovery: FFA_VERSION (per-endpoint negotiation, v1.2 lock-in),
 * FFA_FEATURES, FFA_ID_GET, FFA_SPM_ID_GET, FFA_CONSOLE_LOG
 * (ffa-abi.md 4.1, 4.2, 5, 6).
 */
#include "sim_internal.h"

static bool compatible(uint32_t caller, uint32_t callee)
{
	return !(caller & 0x80000000u) && FFA_VERSION_MAJOR(caller) == FFA_VERSION_MAJOR(callee) &&
	       FFA_VERSION_MINOR(caller) <= FFA_VERSION_MINOR(callee);
}

/* What a refused request is answered (SOURCES.md 3.1). */
static uint32_t refusal(const struct ffa_sim *s)
{
	return s->q.version_refusal == FFA_SIM_VERSION_REFUSE_OWN_VERSION ? s->version
									  : FFA_VERSION_NOT_SUPPORTED;
}

void sim_h_version(struct sim_call *c)
{
	struct ffa_sim *s = c->s;
	struct sim_ep *ep = c->ep;
	uint32_t req = sim_w(c->in, 1);
	bool ok = compatible(req, s->version);
	uint32_t w0;
	struct ffa_regs r;

	if (req & 0x80000000u) {
		w0 = FFA_VERSION_NOT_SUPPORTED; /* bit 31 MBZ, every manager agrees */
	} else if (!ep->locked) {
		/* Negotiation window: the last compatible request decides. */
		if (ok)
			ep->version = req;
		w0 = ok ? s->version : refusal(s);
	} else if (req == sim_ep_version(ep)) {
		w0 = s->version; /* the same version again: a normal reply */
	} else {
		/* A different version after lock-in (SOURCES.md 3.2). */
		switch (s->q.version_relock) {
		case FFA_SIM_RELOCK_REPLY_NEGOTIATED:
			w0 = sim_ep_version(ep);
			break;
		case FFA_SIM_RELOCK_RENEGOTIATE:
			if (ok)
				ep->version = req;
			w0 = ok ? s->version : refusal(s);
			break;
		default:
			w0 = FFA_VERSION_NOT_SUPPORTED;
			break;
		}
	}
	sim_frame(&r, w0);
	sim_answer(c, &r);
}

void sim_h_features(struct sim_call *c)
{
	struct ffa_sim *s = c->s;
	const struct sim_ep *ep = c->ep;
	uint32_t id = sim_w(c->in, 1), in_w2 = sim_w(c->in, 2), w2 = 0, w3 = 0;
	bool ok = true;

	/* Malformed queries are answered NOT_SUPPORTED (ffa-abi.md 4.1:
	 * Hafnium never returns INVALID_PARAMETERS here). */
	for (unsigned int i = 3; i < 8 && ok; i++)
		if (!s->q.lenient_mbz && sim_w(c->in, i))
			ok = false;
	if (!ok) {
		sim_answer_error(c, FFA_ERR_NOT_SUPPORTED);
		return;
	}
	if (id & 0x80000000u) {
		ok = sim_abi_features(s, ep, id, in_w2, &w2, &w3);
	} else if ((id & 0x7FFFFF00u) || in_w2 || sim_ep_version(ep) < FFA_VERSION_1_1) {
		ok = false; /* the interrupt features come with notifications (v1.1) */
	} else if (id == FFA_FEATURE_NPI) {
		ok = ep->secure; /* injected into SPs only */
		w2 = s->npi_intid;
	} else if (id == FFA_FEATURE_SRI) {
		ok = !ep->secure && sim_idx(s, ep) == s->hyp; /* to the NS scheduler */
		w2 = s->sri_intid;
	} else {
		ok = false; /* MEI: managed exit is not simulated; 4+: v1.3 */
	}
	if (ok)
		sim_answer_success(c, w2, w3);
	else
		sim_answer_error(c, FFA_ERR_NOT_SUPPORTED);
}

void sim_h_id_get(struct sim_call *c)
{
	sim_answer_success(c, c->ep->id, 0);
}

void sim_h_spm_id_get(struct sim_call *c)
{
	sim_answer_success(c, c->s->spmc_id, 0);
}

void sim_h_denied(struct sim_call *c)
{
	sim_answer_error(c, FFA_ERR_DENIED);
}

/* FFA_CONSOLE_LOG (v1.2): w1[7:0] characters packed little-endian from x2.
 * Capacity: 24 (SMC32), 48 (SMC64, x2..x7), 128 for v1.2+ callers of the
 * SMC64 form (x2..x17, Hafnium and arm-ffa; SOURCES.md 3.5). */
void sim_h_console_log(struct sim_call *c)
{
	uint64_t w1 = c->is64 ? c->in->x[1] : sim_w(c->in, 1);
	unsigned int per = c->is64 ? 8u : 4u;
	unsigned int max = c->is64 ? (sim_ep_version(c->ep) >= FFA_VERSION_1_2 ? 128u : 48u) : 24u;
	unsigned int n = (unsigned int)(w1 & 0xFFu);
	char text[128];

	if ((w1 & ~(uint64_t)0xFF) || n == 0 || n > max) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	for (unsigned int i = 0; i < n; i++)
		text[i] = (char)(uint8_t)(c->in->x[2 + i / per] >> (8 * (i % per)));
	if (c->s->host.console) {
		c->s->in_hook = true;
		c->s->host.console(c->s->host.arg, c->ep->id, text, n);
		c->s->in_hook = false;
	}
	sim_answer_success(c, 0, 0);
}
