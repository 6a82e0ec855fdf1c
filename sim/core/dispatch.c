/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The dispatcher: decodes a function ID, applies the rules every call shares
 * (version lock-in, the caller's negotiated version, who may call what,
 * must-be-zero registers) and runs the handler. One table drives both the
 * calls and FFA_FEATURES, so FEATURES can only report what the dispatcher
 * really accepts from that caller.
 */
#include "sim_internal.h"

#define FN_FIRST 0x60u
#define FN_COUNT 0x40u /* 0x60..0x9F */

#define F32 1u
#define F64 2u

enum who {
	WHO_ANY = 0,
	WHO_SP = 1,  /* secure partitions only */
	WHO_HYP = 2, /* the hypervisor / NS scheduler only */
};

/* Flags. */
#define A_HI_IGNORED 1u /* SMC64: x8..x17 ignored and never forwarded */

/*
 * struct sim_abi - one FF-A ABI.
 * @forms: F32 / F64: which calling conventions exist.
 * @who:   enum who.
 * @since: the first version defining it; callers at a lower negotiated
 *         version get NOT_SUPPORTED (and FEATURES says so).
 * @used:  bit i set when xi carries input (the handler checks the parts of
 *         it that are MBZ); every other register x1..x7 (and x8..x17 of
 *         SMC64 calls from v1.2+ callers) must be zero.
 */
struct sim_abi {
	uint8_t forms;
	uint8_t who;
	uint8_t flags;
	uint32_t since;
	uint32_t used;
	void (*h)(struct sim_call *c);
};

#define X(i) (1u << (i))
#define X1_4 0x1Eu
#define X1_7 0xFEu
#define X1_17 0x3FFFEu

#define ABI(fn, forms_, who_, since_, used_, h_, ...)                                       \
	[(fn) - FN_FIRST] = { .forms = (forms_), .who = (who_), .since = (since_),          \
			      .used = (used_), .h = (h_), __VA_ARGS__ }

static const struct sim_abi abis[FN_COUNT] = {
	/* Answers, not calls: available (FEATURES says so), calling is DENIED. */
	ABI(0x60, F32, WHO_ANY, FFA_VERSION_1_0, X1_7, sim_h_denied),
	ABI(0x61, F32 | F64, WHO_ANY, FFA_VERSION_1_0, X1_17, sim_h_denied),
	ABI(0x62, F32, WHO_ANY, FFA_VERSION_1_0, X1_7, sim_h_denied),
	ABI(0x63, F32, WHO_ANY, FFA_VERSION_1_0, X1_7, sim_h_version),
	ABI(0x64, F32, WHO_ANY, FFA_VERSION_1_0, X1_7, sim_h_features),
	ABI(0x65, F32, WHO_ANY, FFA_VERSION_1_0, X(1), sim_h_rx_release),
	ABI(0x66, F32 | F64, WHO_ANY, FFA_VERSION_1_0, X(1) | X(2) | X(3), sim_h_rxtx_map),
	ABI(0x67, F32, WHO_ANY, FFA_VERSION_1_0, X(1), sim_h_rxtx_unmap),
	ABI(0x68, F32, WHO_ANY, FFA_VERSION_1_0, X(1) | X(2) | X(3) | X(4) | X(5),
	    sim_h_partition_info_get),
	ABI(0x69, F32, WHO_ANY, FFA_VERSION_1_0, 0, sim_h_id_get),
	ABI(0x6B, F32, WHO_SP, FFA_VERSION_1_0, X(2), sim_h_msg_wait),
	ABI(0x6C, F32, WHO_SP, FFA_VERSION_1_0, X(2) | X(3), sim_h_yield),
	ABI(0x6D, F32, WHO_ANY, FFA_VERSION_1_0, X(1), sim_h_run),
	ABI(0x6F, F32 | F64, WHO_ANY, FFA_VERSION_1_0, X1_7, sim_h_direct_req,
	    .flags = A_HI_IGNORED),
	ABI(0x70, F32 | F64, WHO_SP, FFA_VERSION_1_0, X1_7, sim_h_direct_resp),
	ABI(0x71, F32 | F64, WHO_ANY, FFA_VERSION_1_0, X1_4, sim_h_mem_send),
	ABI(0x72, F32 | F64, WHO_ANY, FFA_VERSION_1_0, X1_4, sim_h_mem_send),
	ABI(0x73, F32 | F64, WHO_ANY, FFA_VERSION_1_0, X1_4, sim_h_mem_send),
	ABI(0x74, F32 | F64, WHO_ANY, FFA_VERSION_1_0, X1_4, sim_h_mem_retrieve_req),
	/* 0x75 RETRIEVE_RESP is only an answer; 0x78/0x79 OP_PAUSE/RESUME:
	 * time slicing is not simulated. */
	ABI(0x76, F32, WHO_ANY, FFA_VERSION_1_0, 0, sim_h_mem_relinquish),
	ABI(0x77, F32, WHO_ANY, FFA_VERSION_1_0, X(1) | X(2) | X(3), sim_h_mem_reclaim),
	/* FRAG_RX/TX w4[31:16] names the sender only when a hypervisor
	 * forwards (not simulated): w4 is MBZ. */
	ABI(0x7A, F32, WHO_ANY, FFA_VERSION_1_0, X(1) | X(2) | X(3), sim_h_mem_frag_rx),
	ABI(0x7B, F32, WHO_ANY, FFA_VERSION_1_0, X(1) | X(2) | X(3), sim_h_mem_frag_tx),
	ABI(0x7D, F32, WHO_HYP, FFA_VERSION_1_1, X(1) | X(2), sim_h_bitmap_create),
	ABI(0x7E, F32, WHO_HYP, FFA_VERSION_1_1, X(1), sim_h_bitmap_destroy),
	ABI(0x7F, F32, WHO_ANY, FFA_VERSION_1_1, X(1) | X(2) | X(3) | X(4), sim_h_bind),
	ABI(0x80, F32, WHO_ANY, FFA_VERSION_1_1, X(1) | X(3) | X(4), sim_h_unbind),
	ABI(0x81, F32, WHO_ANY, FFA_VERSION_1_1, X(1) | X(2) | X(3) | X(4), sim_h_set),
	ABI(0x82, F32, WHO_ANY, FFA_VERSION_1_1, X(1) | X(2), sim_h_get),
	ABI(0x83, F32 | F64, WHO_HYP, FFA_VERSION_1_1, 0, sim_h_info_get),
	ABI(0x84, F32, WHO_HYP, FFA_VERSION_1_1, X(1), sim_h_rx_acquire),
	ABI(0x85, F32, WHO_ANY, FFA_VERSION_1_1, 0, sim_h_spm_id_get),
	ABI(0x86, F32, WHO_ANY, FFA_VERSION_1_1, X(1) | X(2), sim_h_msg_send2),
	ABI(0x8A, F32 | F64, WHO_SP, FFA_VERSION_1_2, X1_17, sim_h_console_log),
	ABI(0x8B, F64, WHO_ANY, FFA_VERSION_1_2, X(1) | X(2) | X(3),
	    sim_h_partition_info_get_regs),
	ABI(0x8D, F64, WHO_ANY, FFA_VERSION_1_2, X1_17, sim_h_direct_req2),
	ABI(0x8E, F64, WHO_SP, FFA_VERSION_1_2, X1_17, sim_h_direct_resp),
};

/* True if @fid (SVE hint masked) has the shape of an FF-A function ID:
 * fast call, standard secure service, bits 23:17 zero, number >= 0x60. */
static bool ffa_shaped(uint32_t fid)
{
	return (fid & ~(FFA_FID_64BIT_BIT | 0xFFFFu)) == FFA_SMC32_BASE &&
	       (fid & 0xFFFFu) >= FN_FIRST;
}

/* The table entry for @fid, if its calling convention exists. */
static const struct sim_abi *abi_of(uint32_t fid)
{
	uint32_t fn = (fid & 0xFFFFu) - FN_FIRST;
	const struct sim_abi *a;

	if (!ffa_shaped(fid) || fn >= FN_COUNT)
		return NULL;
	a = &abis[fn];
	if (!a->h || !(a->forms & ((fid & FFA_FID_64BIT_BIT) ? F64 : F32)))
		return NULL;
	return a;
}

static bool abi_available(const struct ffa_sim *s, const struct sim_ep *ep,
			  const struct sim_abi *a)
{
	if (a->since > sim_ep_version(ep))
		return false;
	switch (a->who) {
	case WHO_SP:
		return ep->secure;
	case WHO_HYP:
		return !ep->secure && sim_idx(s, ep) == s->hyp;
	default:
		return true;
	}
}

bool sim_abi_features(struct ffa_sim *s, const struct sim_ep *ep, uint32_t fid, uint32_t in_w2,
		      uint32_t *w2, uint32_t *w3)
{
	const struct sim_abi *a;
	uint32_t granule;

	fid &= ~FFA_FID_SVE_HINT_BIT;
	a = abi_of(fid);
	*w2 = 0;
	*w3 = 0;
	if (!a || !abi_available(s, ep, a))
		return false;
	/* MEM_RETRIEVE_REQ is the only ABI with input properties (6.2). */
	if ((fid & 0xFFFFu) == 0x74u)
		return sim_mem_retrieve_features(ep, in_w2, w2);
	if (in_w2)
		return false;
	if ((fid & 0xFFFFu) == 0x66u) {
		/* RXTX_MAP: minimum size/alignment, and at v1.2 the maximum. */
		granule = s->rxtx_min_pages == 16 ? 1u : s->rxtx_min_pages == 4 ? 2u : 0u;
		*w2 = granule;
		if (sim_ep_version(ep) >= FFA_VERSION_1_2)
			*w2 |= s->rxtx_max_pages << 16;
	}
	return true;
}

/* Must-be-zero registers of @a's call @in from @ep. */
static bool mbz_ok(const struct ffa_sim *s, const struct sim_ep *ep, const struct sim_abi *a,
		   const struct ffa_regs *in, bool is64)
{
	if (s->q.lenient_mbz)
		return true;
	for (unsigned int i = 1; i < 8; i++) {
		uint64_t v = is64 ? in->x[i] : (uint32_t)in->x[i];

		if (!(a->used & X(i)) && v)
			return false;
	}
	/* x8..x17 exist only for SMC64 calls of v1.2+ callers. */
	if (!is64 || sim_ep_version(ep) < FFA_VERSION_1_2 || (a->flags & A_HI_IGNORED))
		return true;
	for (unsigned int i = 8; i < FFA_REGS_COUNT; i++)
		if (!(a->used & X(i)) && in->x[i])
			return false;
	return true;
}

void sim_dispatch(struct ffa_sim *s, struct sim_ep *ep, const struct ffa_regs *in)
{
	uint32_t fid = (uint32_t)in->x[0] & ~FFA_FID_SVE_HINT_BIT;
	struct sim_call c = { .s = s, .ep = ep, .in = in, .fid = fid,
			      .is64 = (fid & FFA_FID_64BIT_BIT) != 0 };
	const struct sim_abi *a;
	struct ffa_regs r;

	s->depth++;
	if (!ffa_shaped(fid)) {
		/* Not FF-A at all: the SMCCC "unknown function" answer. */
		sim_frame(&r, 0xFFFFFFFFu);
		sim_answer(&c, &r);
		goto out;
	}
	/* The first FF-A call other than FFA_VERSION ends negotiation (v1.2
	 * rule); without FFA_VERSION the endpoint keeps v1.0 semantics. */
	if ((fid & 0xFFFFu) != 0x63u)
		ep->locked = true;
	a = abi_of(fid);
	if (!a || !abi_available(s, ep, a)) {
		sim_answer_error(&c, FFA_ERR_NOT_SUPPORTED);
		goto out;
	}
	if (!mbz_ok(s, ep, a, in, c.is64)) {
		sim_answer_error(&c, FFA_ERR_INVALID_PARAMETERS);
		goto out;
	}
	a->h(&c);
out:
	sim_trace(s, ep->answer_ready ? FFA_SIM_TRACE_CALL : FFA_SIM_TRACE_BLOCKED, ep, in,
		  ep->answer_ready ? &ep->answer : NULL);
	s->depth--;
}
