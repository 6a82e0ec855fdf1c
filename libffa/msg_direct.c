/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Direct messages, sender side: FFA_MSG_SEND_DIRECT_REQ_32/64 (partition and
 * framework messages) and FFA_MSG_SEND_DIRECT_REQ2 (ffa-abi.md 4.3, 9).
 *
 * One path per form: validate, pack (IDs with unsigned shifts, class 12;
 * every other register zero, class 10), send through the one preemption
 * loop (ffa__call_resumable, class 33) allowing exactly the response of the
 * request's form and width (class 9), then check who answered whom before
 * reading the payload.
 */
#include "internal.h"

#include <ffa/msg.h>

int ffa_fwk_resp_type(uint32_t req_type)
{
	switch (req_type) {
	case FFA_FWK_PSCI_REQ:
	case FFA_FWK_WARM_BOOT_REQ:
		return FFA_FWK_PM_RESP;
	case FFA_FWK_VM_CREATED_REQ:
	case FFA_FWK_VM_DESTROYED_REQ:
	case FFA_FWK_VERSION_REQ:
	case FFA_FWK_STOP_REQ:
	case FFA_FWK_LA_START_REQ:
	case FFA_FWK_LA_FINISH_REQ:
		return (int)req_type + 1;
	default:
		return FFA_ERR_BAD_ARGUMENT;
	}
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

/* True if @info says the target runs in AArch32. Bit 8 exists from v1.1;
 * a v1.0 manager masks properties to bits [2:0], so its absence there means
 * nothing. */
static bool target_aarch32(const struct ffa_ctx *ctx, const struct ffa_partition_info *info)
{
	return info && ctx->version >= FFA_VERSION_1_1 &&
	       !(info->properties & FFA_PART_PROP_AARCH64);
}

/* Choose the SMC32 or SMC64 form of a direct request. */
static int pick_width(const struct ffa_ctx *ctx, const struct ffa_partition_info *info,
		      uint32_t flags, bool *is64)
{
	bool aarch32 = target_aarch32(ctx, info);

	switch (flags) {
	case 0:
		*is64 = !aarch32 && ffa__smc64(ctx);
		return 0;
	case FFA_MSG_FLAG_32BIT:
		*is64 = false;
		return 0;
	case FFA_MSG_FLAG_64BIT:
		if (aarch32)
			return FFA_ERR_BAD_ARGUMENT;
		if (!ffa__smc64(ctx))
			return FFA_ERR_NOT_SUPPORTED;
		*is64 = true;
		return 0;
	default:
		return FFA_ERR_BAD_ARGUMENT;
	}
}

/*
 * DIRECT_REQ_32/64 with flags word @w2 (0, or a framework request), to a
 * target that must have the property bits @need, at version >= @min_version.
 * The answer must be DIRECT_RESP of the same width from @target to us, with
 * w2 bit 31 and type matching @resp_w2 (0 for a partition message).
 */
static int direct_req(struct ffa_ctx *ctx, uint32_t min_version, uint16_t target,
		      const struct ffa_partition_info *info, uint32_t flags, uint32_t w2,
		      uint32_t resp_w2, uint32_t need, const uint64_t *args, uint64_t *resp)
{
	const uint32_t w2_mask = FFA_MSG_FLAG_FRAMEWORK | FFA_FWK_MSG_TYPE_MASK;
	struct ffa_regs r;
	uint32_t resp_fid, got_w2;
	uint16_t own;
	bool is64;
	int rc = ffa__msg_sender_ready(ctx, min_version, target, info,
				       need | FFA_PART_PROP_DIRECT_REQ_RECV, &own);

	if (rc)
		return rc;
	rc = pick_width(ctx, info, flags, &is64);
	if (rc)
		return rc;
	if (!is64 && !ffa__msg_words_fit32(args, FFA_MSG_DIRECT_WORDS))
		return FFA_ERR_BAD_ARGUMENT;

	ffa__frame_init(&r, is64 ? FFA_MSG_SEND_DIRECT_REQ_64 : FFA_MSG_SEND_DIRECT_REQ_32);
	r.x[1] = ffa__pack_ids(own, target);
	r.x[2] = w2;
	if (args)
		for (unsigned int i = 0; i < FFA_MSG_DIRECT_WORDS; i++)
			r.x[3 + i] = args[i];
	resp_fid = is64 ? FFA_MSG_SEND_DIRECT_RESP_64 : FFA_MSG_SEND_DIRECT_RESP_32;
	rc = ffa__call_expect(ctx, &r, resp_fid);
	if (rc)
		return rc;
	/* The responder is the target and the response is for us; a
	 * partition request gets a partition response, a framework request
	 * the paired framework type. Other w2 bits are reserved. */
	got_w2 = ffa__w(&r, 2);
	if (ffa__w(&r, 1) != ffa__pack_ids(target, own) ||
	    (got_w2 & (resp_w2 ? w2_mask : FFA_MSG_FLAG_FRAMEWORK)) != resp_w2)
		return FFA_ERR_PROTOCOL;
	if (resp)
		for (unsigned int i = 0; i < FFA_MSG_DIRECT_WORDS; i++)
			resp[i] = is64 ? r.x[3 + i] : ffa__w(&r, 3 + i);
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
	/* VM created/destroyed and their property bits are v1.1 (8.2). */
	if (type == FFA_FWK_VM_CREATED_REQ) {
		need = FFA_PART_PROP_VM_CREATED;
		min_version = FFA_VERSION_1_1;
	} else if (type == FFA_FWK_VM_DESTROYED_REQ) {
		need = FFA_PART_PROP_VM_DESTROYED;
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
