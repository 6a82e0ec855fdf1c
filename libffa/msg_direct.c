/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Direct messages, sender side: FFA_MSG_SEND_DIRECT_REQ_32/64 (partition and
 * framework messages) and FFA_MSG_SEND_DIRECT_REQ2 (ffa-abi.md 4.3, 9).
 *
 * One path per form: validate, pack (IDs with unsigned shifts, class 12;
 * every other register zero, class 10), send through the one preemption
 * loop (ffa__call_expect, class 33) allowing exactly the response of the
 * request's form and width (class 9), then check who answered whom before
 * reading the payload. The packing and unpacking of payload words is shared
 * with the receiver side (msg_receive.c).
 */
#include "internal.h"

#include <ffa/msg.h>

int ffa_fwk_resp_type(uint32_t req_type)
{
	if (req_type >= 16 || !((FFA__FWK_REQ_TYPES >> req_type) & 1u))
		return FFA_ERR_BAD_ARGUMENT;
	/* PSCI and warm boot share the PM response; the rest are paired. */
	return req_type < FFA_FWK_PM_RESP ? (int)FFA_FWK_PM_RESP : (int)req_type + 1;
}

/*
 * One body for the frame packing, the payload reading and direct_req():
 * out of line when optimising for size (-Os: one instance each, the public
 * calls end in tail calls to them); optimising for speed, inlined into each
 * public call, so the REQ2 path (bench/bench_msg.c) is specialised to
 * straight stores and copies - the scheme of internal.h's call path.
 */
#if defined(__OPTIMIZE_SIZE__) || !defined(__GNUC__)
#define MSG_BODY static
#define MSG_BODY_NOINLINE static __attribute__((noinline))
#else
#define MSG_BODY static inline __attribute__((always_inline))
#define MSG_BODY_NOINLINE MSG_BODY
#endif

MSG_BODY_NOINLINE int msg_frame(const struct ffa_ctx *ctx, struct ffa_regs *r, uint32_t fid,
				uint32_t ids, uint32_t w2, const uint64_t *args)
{
	/* REQ2/RESP2 are the highest direct-message IDs. */
	const bool two = fid >= FFA_MSG_SEND_DIRECT_REQ2_64;
	const unsigned int first = two ? 4 : 3;
	const unsigned int n = two ? FFA_MSG_DIRECT2_WORDS : FFA_MSG_DIRECT_WORDS;
	uint32_t need = two ? FFA_CONDUIT_CAP_SMC64 | FFA_CONDUIT_CAP_REGS18
			    : (fid & FFA_FID_64BIT_BIT) ? FFA_CONDUIT_CAP_SMC64 : 0;
	uint64_t hi = 0;

	if ((ctx->conduit.caps & need) != need)
		return FFA_ERR_NOT_SUPPORTED;
	r->x[0] = fid;
	r->x[1] = ids;
	r->x[2] = w2;
	r->x[3] = 0;
	/* Past the payload (DIRECT: x8..x17; REQ2/RESP2: none). */
	for (unsigned int i = first + n; i < FFA_REGS_COUNT; i++)
		r->x[i] = 0;
	if (args)
		__builtin_memcpy(&r->x[first], args, n * sizeof(uint64_t));
	else
		__builtin_memset(&r->x[first], 0, n * sizeof(uint64_t));
	/* SMC32: every word must fit its 32-bit register. */
	if (!(fid & FFA_FID_64BIT_BIT))
		for (unsigned int i = 0; i < n; i++)
			hi |= r->x[first + i];
	return hi >> 32 ? FFA_ERR_BAD_ARGUMENT : 0;
}

int ffa__msg_frame(const struct ffa_ctx *ctx, struct ffa_regs *r, uint32_t fid, uint32_t ids,
		   uint32_t w2, const uint64_t *args)
{
	return msg_frame(ctx, r, fid, ids, w2, args);
}

MSG_BODY_NOINLINE void msg_words(const struct ffa_regs *r, unsigned int first, unsigned int n, bool is_64,
			uint64_t *out)
{
	for (unsigned int i = 0; i < n; i++)
		out[i] = is_64 ? r->x[first + i] : ffa__w(r, first + i);
}

void ffa__msg_words(const struct ffa_regs *r, unsigned int first, unsigned int n, bool is_64,
		    uint64_t *out)
{
	msg_words(r, first, n, is_64, out);
}

int ffa__msg_target_info_ok(uint16_t target, const struct ffa_partition_info *info,
			    uint32_t need)
{
	const uint32_t pe = FFA_PART_PROP_ID_TYPE_PE << FFA_PART_PROP_ID_TYPE_SHIFT;

	if (info->id != target)
		return FFA_ERR_BAD_ARGUMENT;
	/* Only PE endpoints have the messaging property bits (ffa-abi.md 8.2). */
	if ((info->properties & FFA_PART_PROP_ID_TYPE_MASK) != pe ||
	    (info->properties & need) != need)
		return FFA_ERR_DENIED;
	return 0;
}

/*
 * What direct_req() sends, @op: 0 for a partition message; for a framework
 * request bit 31 (as in w2) and the type in bits [7:0]; for VM created/
 * destroyed also REQ_VM and the VM ID in bits [23:8]; REQ_2 for
 * DIRECT_REQ2.
 */
#define REQ_VM (1u << 24)
#define REQ_2 (1u << 25) /* DIRECT_REQ2 */
#define REQ_FWK(type) (FFA_MSG_FLAG_FRAMEWORK | (uint32_t)(type))

/*
 * DIRECT_REQ_32/64 as @op says. The width: @flags 0 (automatic),
 * FFA_MSG_FLAG_32BIT or _64BIT; @info says whether the target runs in
 * AArch32 (bit 8 exists from v1.1; a v1.0 manager masks properties to bits
 * [2:0], so its absence there means nothing). The answer must be
 * DIRECT_RESP of the same width from @target to us, with w2 bit 31 and type
 * matching the request (0 for a partition message). REQ_VM: w3/w4 @handle,
 * w5[15:0] VM ID (no @args, no @resp); the answer's status (w3) is the
 * result. REQ_2: @extra is the service UUID's address (or 0: Nil), @flags
 * 0; the answer is DIRECT_RESP2 (x2/x3 reserved, not checked). The public
 * calls are tail calls with their arguments in place.
 */
MSG_BODY_NOINLINE int direct_req(struct ffa_ctx *ctx, uint16_t target, const struct ffa_partition_info *info,
		      uint32_t flags, uint32_t op, const uint64_t *args, uint64_t *resp,
		      uint64_t extra)
{
	const uint32_t w2_mask = FFA_MSG_FLAG_FRAMEWORK | FFA_FWK_MSG_TYPE_MASK;
	const uint32_t w2 = op & w2_mask, type = op & FFA_FWK_MSG_TYPE_MASK;
	const uint16_t vm_id = (uint16_t)(op >> 8);
	uint32_t fid, resp_w2 = 0;
	uint32_t need = FFA_PART_PROP_DIRECT_REQ_RECV, min_version = FFA_VERSION_1_0;
	struct ffa_regs r;
	uint16_t own;
	bool aarch32;
	int rc;

	if (op & REQ_2) {
		/* REQ2 is SMC64 only: an AArch32 target cannot receive it. */
		need = FFA_PART_PROP_DIRECT_REQ2_RECV | FFA_PART_PROP_AARCH64;
		min_version = FFA_VERSION_1_2;
	}
	if (op & REQ_VM) {
		rc = ffa__ready(ctx, FFA_VERSION_1_1);
		if (rc)
			return rc;
		if (vm_id == 0 || (vm_id & FFA_ID_SECURE_BIT))
			return FFA_ERR_BAD_ARGUMENT;
	}
	if (w2) {
		rc = ffa_fwk_resp_type(type);
		if (rc < 0)
			return rc;
		resp_w2 = FFA_MSG_FLAG_FRAMEWORK | (uint32_t)rc;
		/* VM created/destroyed (0x04/0x06) and their property bits 6/7
		 * are v1.1 (8.2). */
		if (type == FFA_FWK_VM_CREATED_REQ || type == FFA_FWK_VM_DESTROYED_REQ) {
			need |= type == FFA_FWK_VM_CREATED_REQ ? FFA_PART_PROP_VM_CREATED
							       : FFA_PART_PROP_VM_DESTROYED;
			min_version = FFA_VERSION_1_1;
		}
	}
	rc = ffa__msg_sender_ready(ctx, min_version, target, info, need, &own);
	if (rc)
		return rc;
	aarch32 = info && ctx->version >= FFA_VERSION_1_1 &&
		  !(info->properties & FFA_PART_PROP_AARCH64);
	/* 0 (automatic: SMC64 if the target and the conduit can), 32BIT or
	 * 64BIT, not to an AArch32 target; ffa__msg_frame() refuses SMC64 on
	 * a conduit without it (REQ2 also without x8..x17). */
	if (!flags)
		flags = !aarch32 && ffa__smc64(ctx) ? FFA_MSG_FLAG_64BIT : FFA_MSG_FLAG_32BIT;
	if (flags > FFA_MSG_FLAG_64BIT || (flags == FFA_MSG_FLAG_64BIT && aarch32))
		return FFA_ERR_BAD_ARGUMENT;
	fid = flags == FFA_MSG_FLAG_64BIT ? FFA_MSG_SEND_DIRECT_REQ_64 : FFA_MSG_SEND_DIRECT_REQ_32;
	if (op & REQ_2)
		fid = FFA_MSG_SEND_DIRECT_REQ2_64;

	rc = msg_frame(ctx, &r, fid, ffa__pack_ids(own, target), w2, args);
	if (rc)
		return rc;
	if (op & REQ_VM) {
		r.x[3] = (uint32_t)extra;
		r.x[4] = extra >> 32;
		r.x[5] = vm_id;
	}
	if ((op & REQ_2) && extra) {
		const struct ffa_uuid *service = (const struct ffa_uuid *)(uintptr_t)extra;

		/* Bytes 0..7 and 8..15 loaded little-endian (ffa-abi.md 7.2,
		 * class 11), as ffa_uuid_to_regs64(). */
		r.x[2] = ffa_le64(&service->b[0]);
		r.x[3] = ffa_le64(&service->b[8]);
	}
	/* DIRECT_RESP is DIRECT_REQ + 1, in either width; RESP2 is REQ2 + 1. */
	rc = ffa__call_expect(ctx, &r, fid + 1);
	if (rc)
		return rc;
	/* The responder is the target and the response is for us; a
	 * partition request gets a partition response, a framework request
	 * the paired framework type. Other w2 bits are reserved. */
	if (ffa__w(&r, 1) != ffa__pack_ids(target, own) ||
	    (ffa__w(&r, 2) & (op & REQ_2 ? 0 : resp_w2 ? w2_mask : FFA_MSG_FLAG_FRAMEWORK)) !=
		    resp_w2)
		return FFA_ERR_PROTOCOL;
	if (op & REQ_VM)
		/* 0, or an FF-A error code; anything else breaks the protocol. */
		return ffa__w(&r, 3) ? ffa_error_from_wire(ffa__w(&r, 3)) : 0;
	if (resp)
		msg_words(&r, op & REQ_2 ? 4 : 3,
			       op & REQ_2 ? FFA_MSG_DIRECT2_WORDS : FFA_MSG_DIRECT_WORDS,
			       fid & FFA_FID_64BIT_BIT, resp);
	return 0;
}

int ffa_msg_send_direct_req(struct ffa_ctx *ctx, uint16_t target,
			    const struct ffa_partition_info *target_info, uint32_t flags,
			    const uint64_t args[FFA_MSG_DIRECT_WORDS],
			    uint64_t resp[FFA_MSG_DIRECT_WORDS])
{
	return direct_req(ctx, target, target_info, flags, 0, args, resp, 0);
}

int ffa_msg_send_framework_req(struct ffa_ctx *ctx, uint16_t target,
			       const struct ffa_partition_info *target_info, uint32_t flags,
			       uint32_t type, const uint64_t args[FFA_MSG_DIRECT_WORDS],
			       uint64_t resp[FFA_MSG_DIRECT_WORDS])
{
	/* Types above 0xFF are no request type either (as 0xFF): refused
	 * first, as any type that is not a request type. */
	return direct_req(ctx, target, target_info, flags,
			  REQ_FWK(type < 0xFFu ? type : 0xFFu), args, resp, 0);
}

int ffa_msg_send_vm_created(struct ffa_ctx *ctx, uint16_t target,
			    const struct ffa_partition_info *target_info, uint32_t flags,
			    uint16_t vm_id, uint64_t handle)
{
	return direct_req(ctx, target, target_info, flags,
			  REQ_FWK(FFA_FWK_VM_CREATED_REQ) | REQ_VM | (uint32_t)vm_id << 8, NULL, NULL,
			  handle);
}

int ffa_msg_send_vm_destroyed(struct ffa_ctx *ctx, uint16_t target,
			      const struct ffa_partition_info *target_info, uint32_t flags,
			      uint16_t vm_id, uint64_t handle)
{
	return direct_req(ctx, target, target_info, flags,
			  REQ_FWK(FFA_FWK_VM_DESTROYED_REQ) | REQ_VM | (uint32_t)vm_id << 8, NULL,
			  NULL, handle);
}

int ffa_msg_send_direct_req2(struct ffa_ctx *ctx, uint16_t target,
			     const struct ffa_partition_info *target_info,
			     const struct ffa_uuid *service,
			     const uint64_t args[FFA_MSG_DIRECT2_WORDS],
			     uint64_t resp[FFA_MSG_DIRECT2_WORDS])
{
	return direct_req(ctx, target, target_info, 0, REQ_2, args, resp, (uintptr_t)service);
}
