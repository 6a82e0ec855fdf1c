/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa - setup and discovery calls: version, features, IDs, RX/TX
 * buffers, partition information, FFA_RUN and the raw escape hatch.
 *
 * Conventions for every call here:
 *  - Returns 0 (or a non-negative count) on success, a negative ffa_status
 *    otherwise. An FFA_ERROR answer returns its code (-1..-10).
 *  - A NULL context or required pointer gives FFA_ERR_BAD_ARGUMENT.
 *  - Every call but ffa_version()/ffa_version_negotiate() and ffa_call_raw()
 *    needs a negotiated version first: FFA_ERR_NOT_NEGOTIATED otherwise
 *    (a call before FFA_VERSION would lock the partition manager to v1.0,
 *    known-bugs.md class 3).
 *  - The conduit's failure is returned as it reported it (FFA_ERR_CONDUIT).
 *  - An answer whose function ID the call does not allow is FFA_ERR_PROTOCOL
 *    and nothing else of it is read. Unused answer registers are not
 *    checked (real partition managers echo inputs there).
 *  - 32-bit answer values are read from the low 32 bits of their register
 *    only (partition managers zero- or sign-extend).
 */
#ifndef FFA_SETUP_H
#define FFA_SETUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/conduit.h>
#include <ffa/ctx.h>
#include <ffa/uuid.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Version --------------------------------------------------------------- */

/**
 * ffa_version() - one FFA_VERSION call.
 * @ctx:       the context.
 * @requested: the version to offer (bit 31 must be clear).
 * @pm_version: optional; receives the partition manager's version when it
 *             reported one (also on FFA_ERR_VERSION).
 *
 * On a compatible answer (same major, partition manager minor >= requested
 * minor) the context's negotiated version becomes @requested: the last
 * compatible FFA_VERSION decides the layouts a partition manager uses.
 * Returns 0; FFA_ERR_NOT_SUPPORTED if w0 was NOT_SUPPORTED (refused, or no
 * FF-A at all); FFA_ERR_VERSION if the reported version is incompatible (the
 * context keeps its previous version); FFA_ERR_PROTOCOL for a w0 with bit 31
 * set other than NOT_SUPPORTED; FFA_ERR_BAD_ARGUMENT, without a call, if
 * @requested is not a version libffa implements (v1.0..v1.2), or if this
 * context already sent another FF-A call (negotiation is locked in) and
 * @requested differs from the negotiated version.
 */
int ffa_version(struct ffa_ctx *ctx, uint32_t requested, uint32_t *pm_version);

/**
 * ffa_version_negotiate() - agree a version with the partition manager.
 * @ctx:     the context.
 * @highest: the highest version to accept; 0 means FFA_VERSION_LATEST
 *           (v1.2). Must be v1.0..v1.2.
 *
 * Offers @highest. A partition manager that answers with a lower minor of
 * the same major proves it supports that minor: it is offered next (a
 * TF-A-style manager records nothing for an incompatible request, so the
 * lower version must be asked for explicitly). One that answers
 * NOT_SUPPORTED (Hafnium-style refusal) is offered the next lower minor,
 * down to v1.0. See docs/version-negotiation.md.
 *
 * Returns 0 with the context negotiated (ffa_ctx_version()); FFA_ERR_VERSION
 * if the manager reports another major or no common minor exists;
 * FFA_ERR_NOT_SUPPORTED if every offer was answered NOT_SUPPORTED (FF-A is
 * absent); FFA_ERR_BAD_ARGUMENT for an unsupported @highest; conduit errors.
 * Once the context is locked in (another FF-A call was sent), it only
 * re-confirms the negotiated version, and refuses (FFA_ERR_BAD_ARGUMENT) if
 * that is above @highest or none was negotiated.
 */
int ffa_version_negotiate(struct ffa_ctx *ctx, uint32_t highest);

/* ---- Features -------------------------------------------------------------- */

/**
 * struct ffa_features - FFA_FEATURES interface properties, raw.
 * @w2: interface properties or interrupt ID.
 * @w3: further properties.
 */
struct ffa_features {
	uint32_t w2;
	uint32_t w3;
};

/**
 * ffa_features() - one FFA_FEATURES query.
 * @ctx:      the context.
 * @id:       an FF-A function ID (bit 31 set) or a feature ID (1..255).
 * @in_props: input properties (w2); only FFA_MEM_RETRIEVE_REQ takes any
 *            (FFA_FEATURES_RETRIEVE_IN_NS_BIT); must be 0 otherwise.
 * @out:      optional; receives w2/w3 on success.
 *
 * The answer is remembered in the context's feature cache (function IDs
 * only). FFA_FEATURES is a hint, not the truth (real-spmc-behaviour.md):
 * libffa never refuses a call because of a cached answer.
 * Returns 0 if supported; FFA_ERR_NOT_SUPPORTED if not (also how managers
 * answer malformed queries); FFA_ERR_BAD_ARGUMENT for feature ID 0 (not
 * defined), a feature ID with bits [30:8] set, or non-zero @in_props for a feature ID or a function ID other
 * than MEM_RETRIEVE_REQ; other FFA_ERROR codes; FFA_ERR_PROTOCOL.
 */
int ffa_features(struct ffa_ctx *ctx, uint32_t id, uint32_t in_props,
		 struct ffa_features *out);

/**
 * ffa_features_cached() - what the cache knows of a function ID.
 * Returns 1 if an earlier ffa_features() found @fid supported, 0 if it was
 * found not supported, FFA_ERR_NO_DATA if never asked (or @fid is not an
 * FF-A function ID), FFA_ERR_BAD_ARGUMENT for a NULL context.
 */
int ffa_features_cached(const struct ffa_ctx *ctx, uint32_t fid);

/**
 * struct ffa_rxtx_props - decoded FFA_FEATURES(FFA_RXTX_MAP).
 * @min_size:  minimum buffer size in bytes, which is also the alignment
 *             both buffers need (4096, 16384 or 65536).
 * @max_pages: v1.2+: maximum buffer size in 4 KiB pages; 0 = not stated.
 */
struct ffa_rxtx_props {
	uint32_t min_size;
	uint32_t max_pages;
};

/**
 * ffa_features_rxtx_map() - query and decode FFA_RXTX_MAP's properties.
 * Queries the 64-bit ID when the conduit carries SMC64, else the 32-bit one.
 * Returns 0; FFA_ERR_PROTOCOL for the reserved size encoding (3); errors of
 * ffa_features().
 */
int ffa_features_rxtx_map(struct ffa_ctx *ctx, struct ffa_rxtx_props *out);

/**
 * struct ffa_retrieve_props - decoded FFA_FEATURES(FFA_MEM_RETRIEVE_REQ).
 * @dynamic_buffer: descriptors may be passed in caller memory (w2 bit 0).
 * @ns_bit:         the manager handles the NS memory attribute bit (bit 1).
 * @hyp_retrieve:   retrieval by the hypervisor supported (bit 2).
 * @outstanding:    w3[7:0] (ACS: outstanding retrievals; meaning unverified).
 */
struct ffa_retrieve_props {
	bool dynamic_buffer;
	bool ns_bit;
	bool hyp_retrieve;
	uint8_t outstanding;
};

/**
 * ffa_features_mem_retrieve() - query and decode FFA_MEM_RETRIEVE_REQ.
 * @ns_bit: set input bit 1 ("the caller supports the NS bit"); SPs at v1.1+
 *          must, normal-world callers differ by manager (SOURCES.md 8).
 * Returns as ffa_features().
 */
int ffa_features_mem_retrieve(struct ffa_ctx *ctx, bool ns_bit,
			      struct ffa_retrieve_props *out);

/**
 * ffa_features_interrupt() - interrupt ID of feature NPI, SRI or MEI.
 * @feature: FFA_FEATURE_NPI, FFA_FEATURE_SRI or FFA_FEATURE_MEI.
 * @intid:   receives w2.
 * Returns as ffa_features(); FFA_ERR_BAD_ARGUMENT for another feature.
 */
int ffa_features_interrupt(struct ffa_ctx *ctx, uint32_t feature, uint32_t *intid);

/* ---- IDs ------------------------------------------------------------------- */

/**
 * ffa_id_get() - FFA_ID_GET: this endpoint's ID (also kept in the context).
 * Returns 0; FFA_ERROR codes; FFA_ERR_PROTOCOL.
 */
int ffa_id_get(struct ffa_ctx *ctx, uint16_t *id);

/**
 * ffa_spm_id_get() - FFA_SPM_ID_GET (v1.1+): the SPMC's endpoint ID.
 * Returns 0; FFA_ERR_NOT_SUPPORTED without calling when v1.0 was negotiated;
 * FFA_ERROR codes; FFA_ERR_PROTOCOL.
 */
int ffa_spm_id_get(struct ffa_ctx *ctx, uint16_t *id);

/* ---- RX/TX buffers --------------------------------------------------------- */

/**
 * ffa_rxtx_map() - FFA_RXTX_MAP: hand a TX and an RX buffer to the manager.
 * @tx, @rx: caller-owned buffers of @pages * 4 KiB each, 4 KiB aligned, not
 *           overlapping. If the context asked ffa_features_rxtx_map(), the
 *           physical addresses must also be aligned to the reported minimum
 *           size, the size must be a multiple of it, and @pages must not pass
 *           the reported maximum (known-bugs.md 32). They stay the caller's
 *           memory but must not be freed or reused until ffa_rxtx_unmap()
 *           succeeded. Their addresses pass through the va_to_pa port hook.
 * @pages:   buffer size in 4 KiB pages, 1..63 (the v1.0/v1.1 field width,
 *           the width every manager accepts; see docs/decisions.md).
 *
 * Uses FFA_RXTX_MAP_64 when the conduit carries SMC64 (Hafnium implements
 * only that form), else FFA_RXTX_MAP_32 (then addresses must fit 32 bits).
 * w4..w7 and x8..x17 are zero. The RX buffer starts owned by the manager.
 * Returns 0; FFA_ERR_BAD_ARGUMENT (NULL, misaligned, overlapping, page count,
 * a pair already mapped in this context, no translation, address too wide
 * for SMC32); FFA_ERROR codes (INVALID_PARAMETERS, NO_MEMORY, DENIED,
 * NOT_SUPPORTED); FFA_ERR_PROTOCOL.
 */
int ffa_rxtx_map(struct ffa_ctx *ctx, void *tx, void *rx, uint32_t pages);

/**
 * ffa_rxtx_unmap() - FFA_RXTX_UNMAP of this endpoint's own pair (w1 = 0).
 * On success the context forgets the pair and the caller may reuse it.
 * Returns 0; FFA_ERR_BAD_ARGUMENT if no pair is mapped in the context;
 * FFA_ERR_INVALID_PARAMETERS if the manager holds no pair for this endpoint
 * (a hypervisor unmapped it on the VM's behalf): the context forgets the pair
 * as on success, so the buffers are the caller's again and ffa_rxtx_map()
 * works; other FFA_ERROR codes and FFA_ERR_PROTOCOL (the pair stays mapped).
 */
int ffa_rxtx_unmap(struct ffa_ctx *ctx);

/**
 * ffa_rxtx_unmap_vm() - FFA_RXTX_UNMAP by a hypervisor for VM @vm_id
 * (w1[31:16] = @vm_id). Does not touch the context's own pair.
 * Returns as ffa_rxtx_unmap(); FFA_ERR_BAD_ARGUMENT for @vm_id 0 or a
 * secure-world ID.
 */
int ffa_rxtx_unmap_vm(struct ffa_ctx *ctx, uint16_t vm_id);

/**
 * ffa_rx_release() - FFA_RX_RELEASE of this endpoint's RX buffer (w1 = 0).
 * Returns 0; FFA_ERROR codes (DENIED: the caller did not own it);
 * FFA_ERR_PROTOCOL.
 */
int ffa_rx_release(struct ffa_ctx *ctx);

/**
 * ffa_rx_release_vm() - FFA_RX_RELEASE by a hypervisor for VM @vm_id
 * (w1[15:0]). Returns as ffa_rx_release(); FFA_ERR_BAD_ARGUMENT for a
 * secure-world ID or 0.
 */
int ffa_rx_release_vm(struct ffa_ctx *ctx, uint16_t vm_id);

/**
 * ffa_rx_acquire() - FFA_RX_ACQUIRE (v1.1+, hypervisor only): take
 * ownership of VM @vm_id's RX buffer from the SPMC.
 * Returns 0; FFA_ERR_NOT_SUPPORTED without calling at v1.0; FFA_ERR_BAD_ARGUMENT
 * for a secure-world ID or 0; FFA_ERROR codes; FFA_ERR_PROTOCOL.
 */
int ffa_rx_acquire(struct ffa_ctx *ctx, uint16_t vm_id);

/* ---- Partition information ------------------------------------------------- */

/**
 * struct ffa_partition_info - one partition descriptor, decoded.
 * @id:             partition ID.
 * @exec_ctx_count: execution contexts (or proxy ID for ID type 10).
 * @properties:     FFA_PART_PROP_* bits as reported.
 * @uuid:           v1.1+ layouts: the UUID field; Nil in a v1.0 layout.
 * @image_uuid:     v1.3 (48-byte) layouts: image UUID; else Nil.
 * @ffa_version:    v1.3 layouts: the partition's FF-A version; else 0.
 */
struct ffa_partition_info {
	uint16_t id;
	uint16_t exec_ctx_count;
	uint32_t properties;
	struct ffa_uuid uuid;
	struct ffa_uuid image_uuid;
	uint32_t ffa_version;
};

/**
 * ffa_partition_info_get() - FFA_PARTITION_INFO_GET into a caller array.
 * @uuid:  the UUID to look up; NULL or Nil for all partitions.
 * @out:   caller array of @max entries (may be NULL when @max is 0).
 * @max:   capacity of @out.
 * @total: optional; receives the count the manager reported.
 *
 * Needs a mapped RX/TX pair. Descriptors are read from the RX buffer,
 * stepping by the size the manager reports (v1.1+: w3, at least 24 bytes;
 * a 48-byte v1.3 descriptor is read as its 24-byte prefix plus the v1.3
 * fields; v1.0: 8 bytes), each byte read once. The RX buffer is released
 * (FFA_RX_RELEASE) on every path after a SUCCESS answer, including errors
 * found in it; a count of 0 is released too (OP-TEE hands the buffer over
 * even then) and a DENIED answer to that release is ignored.
 * Returns the number of entries written (= *@total); FFA_ERR_BUFFER_TOO_SMALL
 * when more than @max partitions exist (nothing written, *@total set, RX
 * released); FFA_ERR_BAD_ARGUMENT (no RX/TX pair, NULL @out with @max > 0);
 * FFA_ERROR codes (INVALID_PARAMETERS unknown UUID, BUSY, NO_MEMORY,
 * DENIED); FFA_ERR_PROTOCOL (wrong answer ID; a non-zero count with a
 * descriptor size smaller than the negotiated version's, or 0; count x size
 * beyond the RX buffer or overflowing); the release's own error if it fails.
 */
int ffa_partition_info_get(struct ffa_ctx *ctx, const struct ffa_uuid *uuid,
			   struct ffa_partition_info *out, size_t max, uint32_t *total);

/**
 * ffa_partition_count() - FFA_PARTITION_INFO_GET with the count-only flag
 * (v1.1+). The RX buffer is not involved. Returns 0 with *@count set;
 * FFA_ERR_NOT_SUPPORTED without calling at v1.0; errors as above.
 */
int ffa_partition_count(struct ffa_ctx *ctx, const struct ffa_uuid *uuid, uint32_t *count);

/**
 * ffa_partition_info_get_regs() - FFA_PARTITION_INFO_GET_REGS (v1.2+).
 * @uuid, @out, @max, @total: as ffa_partition_info_get().
 *
 * Iterates start index and tag until the last index is reached, reading
 * size/8 registers per descriptor from x3.. (5 per answer at 24 bytes, 2 at
 * 48). On RETRY (information changed) it restarts from index 0, at most 4
 * times, then returns FFA_ERR_RETRY. Indices from the manager are checked
 * against what was asked and never used to index @out unchecked. @out
 * entries at and past the returned count may hold what a pass abandoned
 * on RETRY wrote; never past @max. *@total is set from the first answer
 * that passes the checks (also on a later failure), never from a rejected
 * one.
 * Returns the number written; FFA_ERR_NOT_SUPPORTED without calling below
 * v1.2 or when the conduit lacks SMC64 with 18 registers;
 * FFA_ERR_BUFFER_TOO_SMALL (nothing more written, *@total set);
 * FFA_ERROR codes; FFA_ERR_PROTOCOL (answer not SUCCESS_64, descriptor size
 * below 24 / not a multiple of 8 / more than 15 registers, current index
 * outside [start, last] or beyond what one answer holds, last index
 * changing between answers without RETRY, a non-zero tag on the first answer
 * being changed later).
 */
int ffa_partition_info_get_regs(struct ffa_ctx *ctx, const struct ffa_uuid *uuid,
				struct ffa_partition_info *out, size_t max,
				uint32_t *total);

/* ---- Running and preemption ------------------------------------------------- */

/**
 * enum ffa_run_outcome - how the target gave the CPU back after FFA_RUN.
 */
enum ffa_run_outcome {
	FFA_RUN_MSG_WAIT = 0,    /**< FFA_MSG_WAIT: the target is idle */
	FFA_RUN_YIELD = 1,       /**< FFA_YIELD: see ffa_ctx_preempted() */
	FFA_RUN_INTERRUPT = 2,   /**< FFA_INTERRUPT: see ffa_ctx_preempted() */
	FFA_RUN_SUCCESS = 3,     /**< FFA_SUCCESS */
	FFA_RUN_DIRECT_RESP = 4, /**< FFA_MSG_SEND_DIRECT_RESP(_32/_64/2): the
				      response to an earlier preempted request */
};

/**
 * ffa_run() - FFA_RUN: give CPU cycles to @endpoint's vCPU @vcpu.
 * @out: optional; receives the whole answer frame (a direct response's
 *       payload lives there).
 *
 * Never loops: it is the scheduler's own step. Only issue it when the caller
 * asks (some SPMCs treat an unsolicited FFA_RUN as fatal).
 * x2..x17 are zero. YIELD/INTERRUPT answers also update ffa_ctx_preempted().
 * Returns an ffa_run_outcome (>= 0); FFA_ERROR codes (INVALID_PARAMETERS,
 * DENIED, BUSY, ABORTED); FFA_ERR_PROTOCOL for any other answer.
 */
int ffa_run(struct ffa_ctx *ctx, uint16_t endpoint, uint16_t vcpu, struct ffa_regs *out);

/**
 * ffa_call_raw() - the escape hatch: send a caller-filled frame through the
 * context's conduit, unchanged, and return the answer unchanged.
 * @in, @out: may be the same frame.
 * No version check, no validation, no preemption handling. Returns the
 * conduit's result (0 = an answer arrived, whatever it says).
 */
int ffa_call_raw(struct ffa_ctx *ctx, const struct ffa_regs *in, struct ffa_regs *out);

#ifdef __cplusplus
}
#endif

#endif /* FFA_SETUP_H */
