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

/* Framework request types (ffa-abi.md 9.1): 0x00, 0x01, 0x04, ..., 0x0E. */
#define FWK_REQ_TYPES 0x5553u

int ffa_fwk_resp_type(uint32_t req_type)
{
	if (req_type >= 16 || !((FWK_REQ_TYPES >> req_type) & 1u))
		return FFA_ERR_BAD_ARGUMENT;
	/* PSCI and warm boot share the PM response; the rest are paired. */
	return req_type < FFA_FWK_PM_RESP ? (int)FFA_FWK_PM_RESP : (int)req_type + 1;
}

int ffa__msg_frame(struct ffa_regs *r, uint32_t fid, uint32_t ids, uint32_t w2,
		   const uint64_t *args, unsigned int first, unsigned int n)
{
	uint64_t hi = 0;

	ffa__frame(r, fid, ids, w2, 0, 0);
	for (unsigned int i = 0; args && i < n; i++) {
		r->x[first + i] = args[i];
		hi |= args[i];
	}
	/* SMC32: every word must fit its 32-bit register. */
	return !(fid & FFA_FID_64BIT_BIT) && (hi >> 32) ? FFA_ERR_BAD_ARGUMENT : 0;
}

void ffa__msg_words(const struct ffa_regs *r, unsigned int first, unsigned int n, bool is_64,
		    uint64_t *out)
{
	for (unsigned int i = 0; i < n; i++)
		out[i] = is_64 ? r->x[first + i] : ffa__w(r, first + i);
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
 * DIRECT_REQ_32/64 with flags word @w2 (0, or a framework request), to a
 * target that must have the property bits @need, at version >= @min_version.
 * The width: @flags 0 (automatic), FFA_MSG_FLAG_32BIT or _64BIT; @info says
 * whether the target runs in AArch32 (bit 8 exists from v1.1; a v1.0
 * manager masks properties to bits [2:0], so its absence there means
 * nothing). The answer must be DIRECT_RESP of the same width from @target
 * to us, with w2 bit 31 and type matching @resp_w2 (0 for a partition
 * message).
 */
static int direct_req(struct ffa_ctx *ctx, uint32_t min_version, uint16_t target,
		      const struct ffa_partition_info *info, uint32_t flags, uint32_t w2,
		      uint32_t resp_w2, uint32_t need, const uint64_t *args, uint64_t *resp)
{
	const uint32_t w2_mask = FFA_MSG_FLAG_FRAMEWORK | FFA_FWK_MSG_TYPE_MASK;
	struct ffa_regs r;
	uint32_t fid = FFA_MSG_SEND_DIRECT_REQ_32;
	uint16_t own;
	bool aarch32;
	int rc = ffa__msg_sender_ready(ctx, min_version, target, info,
				       need | FFA_PART_PROP_DIRECT_REQ_RECV, &own);

	if (rc)
		return rc;
	aarch32 = info && ctx->version >= FFA_VERSION_1_1 &&
		  !(info->properties & FFA_PART_PROP_AARCH64);
	if (flags == FFA_MSG_FLAG_64BIT) {
		if (aarch32)
			return FFA_ERR_BAD_ARGUMENT;
		if (!ffa__smc64(ctx))
			return FFA_ERR_NOT_SUPPORTED;
	} else if (flags & ~FFA_MSG_FLAG_32BIT) {
		return FFA_ERR_BAD_ARGUMENT;
	}
	if (flags == FFA_MSG_FLAG_64BIT || (!flags && !aarch32 && ffa__smc64(ctx)))
		fid = FFA_MSG_SEND_DIRECT_REQ_64;

	rc = ffa__msg_frame(&r, fid, ffa__pack_ids(own, target), w2, args, 3,
			    FFA_MSG_DIRECT_WORDS);
	if (rc)
		return rc;
	/* DIRECT_RESP is DIRECT_REQ + 1, in either width. */
	rc = ffa__call_expect(ctx, &r, fid + 1);
	if (rc)
		return rc;
	/* The responder is the target and the response is for us; a
	 * partition request gets a partition response, a framework request
	 * the paired framework type. Other w2 bits are reserved. */
	if (ffa__w(&r, 1) != ffa__pack_ids(target, own) ||
	    (ffa__w(&r, 2) & (resp_w2 ? w2_mask : FFA_MSG_FLAG_FRAMEWORK)) != resp_w2)
		return FFA_ERR_PROTOCOL;
	if (resp)
		ffa__msg_words(&r, 3, FFA_MSG_DIRECT_WORDS, fid & FFA_FID_64BIT_BIT, resp);
	return 0;
}

int ffa_msg_send_direct_req(struct ffa_ctx *ctx, uint16_t target,
			    const struct ffa_partition_info *target_info, uint32_t flags,
			    const uint64_t args[FFA_MSG_DIRECT_WORDS],
			    uint64_t resp[FFA_MSG_DIRECT_WORDS])
{
	return direct_req(ctx, FFA_VERSION_1_0, target, target_info, flags, 0, 0, 0, args, resp);
}

int ffa_msg_send_framework_req(struct ffa_ctx *ctx, uint16_t target,
			       const struct ffa_partition_info *target_info, uint32_t flags,
			       uint32_t type, const uint64_t args[FFA_MSG_DIRECT_WORDS],
			       uint64_t resp[FFA_MSG_DIRECT_WORDS])
{
	int resp_type = ffa_fwk_resp_type(type);
	uint32_t need = 0, min_version = FFA_VERSION_1_0;

	if (resp_type < 0)
		return resp_type;
	/* VM created/destroyed (0x04/0x06) and their property bits 6/7 are
	 * v1.1 (8.2). */
	if (type == FFA_FWK_VM_CREATED_REQ || type == FFA_FWK_VM_DESTROYED_REQ) {
		need = type == FFA_FWK_VM_CREATED_REQ ? FFA_PART_PROP_VM_CREATED
						      : FFA_PART_PROP_VM_DESTROYED;
		min_version = FFA_VERSION_1_1;
	}
	return direct_req(ctx, min_version, target, target_info, flags,
			  FFA_MSG_FLAG_FRAMEWORK | type,
			  FFA_MSG_FLAG_FRAMEWORK | (uint32_t)resp_type, need, args, resp);
}

/* VM created/destroyed: w3/w4 handle, w5[15:0] VM ID; status in w3. */
static int vm_msg(struct ffa_ctx *ctx, uint32_t type, uint16_t target,
		  const struct ffa_partition_info *info, uint32_t flags, uint16_t vm_id,
		  uint64_t handle)
{
	uint64_t args[FFA_MSG_DIRECT_WORDS] = { (uint32_t)handle, handle >> 32, vm_id, 0, 0 };
	uint64_t resp[FFA_MSG_DIRECT_WORDS];
	int rc = ffa__ready(ctx, FFA_VERSION_1_1);
	uint32_t status;

	if (rc)
		return rc;
	if (vm_id == 0 || (vm_id & FFA_ID_SECURE_BIT))
		return FFA_ERR_BAD_ARGUMENT;
	rc = ffa_msg_send_framework_req(ctx, target, info, flags, type, args, resp);
	if (rc)
		return rc;
	status = (uint32_t)resp[0];
	/* 0, or an FF-A error code; anything else breaks the protocol. */
	return status ? ffa_error_from_wire(status) : 0;
}

int ffa_msg_send_vm_created(struct ffa_ctx *ctx, uint16_t target,
			    const struct ffa_partition_info *target_info, uint32_t flags,
			    uint16_t vm_id, uint64_t handle)
{
	return vm_msg(ctx, FFA_FWK_VM_CREATED_REQ, target, target_info, flags, vm_id, handle);
}

int ffa_msg_send_vm_destroyed(struct ffa_ctx *ctx, uint16_t target,
			      const struct ffa_partition_info *target_info, uint32_t flags,
			      uint16_t vm_id, uint64_t handle)
{
	return vm_msg(ctx, FFA_FWK_VM_DESTROYED_REQ, target, target_info, flags, vm_id, handle);
}

int ffa_msg_send_direct_req2(struct ffa_ctx *ctx, uint16_t target,
			     const struct ffa_partition_info *target_info,
			     const struct ffa_uuid *service,
			     const uint64_t args[FFA_MSG_DIRECT2_WORDS],
			     uint64_t resp[FFA_MSG_DIRECT2_WORDS])
{
	const uint32_t caps = FFA_CONDUIT_CAP_SMC64 | FFA_CONDUIT_CAP_REGS18;
	const uint32_t resp_fid = FFA_MSG_SEND_DIRECT_RESP2_64;
	struct ffa_regs r;
	uint16_t own;
	/* REQ2 is SMC64 only: an AArch32 target cannot receive it either. */
	int rc = ffa__msg_sender_ready(ctx, FFA_VERSION_1_2, target, target_info,
				       FFA_PART_PROP_DIRECT_REQ2_RECV | FFA_PART_PROP_AARCH64,
				       &own);

	if (rc)
		return rc;
	if ((ctx->conduit.caps & caps) != caps)
		return FFA_ERR_NOT_SUPPORTED;

	/* All 18 registers are written (no frame_init: the payload fills
	 * x4..x17, measured by bench/bench_msg.c). x1[63:32] is zero. */
	r.x[0] = FFA_MSG_SEND_DIRECT_REQ2_64;
	r.x[1] = ffa__pack_ids(own, target);
	/* Bytes 0..7 and 8..15 loaded little-endian (ffa-abi.md 7.2, class 11);
	 * as ffa_uuid_to_regs64(), inline on this hot path. */
	r.x[2] = service ? ffa_le64(&service->b[0]) : 0;
	r.x[3] = service ? ffa_le64(&service->b[8]) : 0;
	if (args)
		__builtin_memcpy(&r.x[4], args, FFA_MSG_DIRECT2_WORDS * sizeof(uint64_t));
	else
		__builtin_memset(&r.x[4], 0, FFA_MSG_DIRECT2_WORDS * sizeof(uint64_t));
	rc = ffa__call_expect(ctx, &r, resp_fid);
	if (rc)
		return rc;
	if (ffa__w(&r, 1) != ffa__pack_ids(target, own))
		return FFA_ERR_PROTOCOL;
	if (resp)
		__builtin_memcpy(resp, &r.x[4], FFA_MSG_DIRECT2_WORDS * sizeof(uint64_t));
	return 0;
}
