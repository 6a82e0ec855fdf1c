/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa - FF-A v1.1 notifications: the calls (ffa-abi.md 4.4, 7.1, 11).
 *
 * FFA_NOTIFICATION_BITMAP_CREATE/DESTROY, BIND/UNBIND, SET, GET and
 * INFO_GET (32- and 64-bit forms). The dispatcher built on them is in
 * <ffa/notif_dispatch.h>. The interrupt IDs of the Schedule Receiver
 * Interrupt and the Notification Pending Interrupt are discovered with
 * ffa_features_interrupt(ctx, FFA_FEATURE_SRI / FFA_FEATURE_NPI, &intid)
 * (<ffa/setup.h>).
 *
 * The w1 packing of each call, exactly as the fact sheet states it (a Linux
 * review caught BIND's halves swapped; known-bugs.md classes 5 and 6):
 *
 *   call                 w1[31:16]          w1[15:0]    w2              w3 / w4
 *   BITMAP_CREATE        0                  VM ID       vCPU count      -
 *   BITMAP_DESTROY       0                  VM ID       0               -
 *   BIND                 sender             receiver    bit 0 per-vCPU  bitmap lo / hi
 *   UNBIND               sender             receiver    0               bitmap lo / hi
 *   SET                  sender             receiver    flags, [31:16]  bitmap lo / hi
 *                                                       vCPU ID
 *   GET                  vCPU ID            receiver    which bitmaps   -
 *   INFO_GET (32/64)     0                  0           0               -
 *
 * Conventions (as <ffa/setup.h>): 0 or a count on success, a negative
 * ffa_status otherwise; an FFA_ERROR answer returns its code (-1..-10);
 * every call needs FF-A v1.1 negotiated (FFA_ERR_NOT_SUPPORTED without a
 * call at v1.0, FFA_ERR_NOT_NEGOTIATED before negotiation); arguments that
 * cannot succeed are refused with FFA_ERR_BAD_ARGUMENT before anything is
 * sent; an answer whose function ID the call does not allow is
 * FFA_ERR_PROTOCOL; 32-bit answer values are read from the low halves of
 * their registers; conduit failures are returned as reported.
 */
#ifndef FFA_NOTIF_H
#define FFA_NOTIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/ctx.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Flags (ffa-abi.md 11.2) ---------------------------------------------- */

/** BIND w2 bit 0 / SET w2 bit 0: the notification is per-vCPU. */
#define FFA_NOTIF_FLAG_PER_VCPU (1u << 0)
/** SET w2 bit 1: delay the Schedule Receiver Interrupt (SP senders only). */
#define FFA_NOTIF_FLAG_DELAY_SRI (1u << 1)

/** GET w2: which bitmaps to return (and clear). */
#define FFA_NOTIF_GET_SP (1u << 0)      /**< from secure partitions */
#define FFA_NOTIF_GET_VM (1u << 1)      /**< from VMs */
#define FFA_NOTIF_GET_SPM_FWK (1u << 2) /**< SPM framework */
#define FFA_NOTIF_GET_HYP_FWK (1u << 3) /**< hypervisor framework */
#define FFA_NOTIF_GET_ALL 0xFu

/** Framework bitmap bit 0 (SPM and hypervisor): "RX buffer full", an
 *  indirect message waits in the receiver's RX buffer (ffa-abi.md 10.2). */
#define FFA_NOTIF_FWK_RX_FULL (1u << 0)

/** Notification IDs per sender class: bitmap bits 0..63. */
#define FFA_NOTIF_IDS 64u

/* ---- Bitmap lifetime (hypervisor / normal-world driver) ------------------- */

/**
 * ffa_notif_bitmap_create() - FFA_NOTIFICATION_BITMAP_CREATE: ask the SPMC
 * to create VM @vm_id's notification bitmaps.
 * @vm_id:      a normal-world ID (0 is allowed: the OS kernel at the NS
 *              physical instance without a hypervisor, as Linux does).
 * @vcpu_count: that VM's vCPU count, 1..65536 (vCPU IDs are 16-bit).
 *
 * Returns 0; FFA_ERR_BAD_ARGUMENT (secure-world @vm_id, count out of range);
 * FFA_ERR_NOT_SUPPORTED (the caller is not the one that creates bitmaps: a
 * hypervisor below does it; or v1.0); INVALID_PARAMETERS; DENIED (already
 * created); NO_MEMORY; FFA_ERR_PROTOCOL.
 */
int ffa_notif_bitmap_create(struct ffa_ctx *ctx, uint16_t vm_id, uint32_t vcpu_count);

/**
 * ffa_notif_bitmap_destroy() - FFA_NOTIFICATION_BITMAP_DESTROY of @vm_id's
 * bitmaps. Returns 0; FFA_ERR_BAD_ARGUMENT (secure-world @vm_id);
 * DENIED (not created, or notifications pending); other FFA_ERROR codes;
 * FFA_ERR_PROTOCOL.
 */
int ffa_notif_bitmap_destroy(struct ffa_ctx *ctx, uint16_t vm_id);

/* ---- Binding (called by the receiver) ------------------------------------- */

/**
 * ffa_notif_bind() - FFA_NOTIFICATION_BIND: allow @sender to signal the
 * notifications in @bitmap to @receiver.
 * @sender:   the peer that will be allowed to signal (w1[31:16]).
 * @receiver: the caller itself, or the VM a hypervisor binds for (w1[15:0]).
 * @per_vcpu: bind as per-vCPU notifications (w2 bit 0); global otherwise.
 *            Hafnium answers INVALID_PARAMETERS, OP-TEE DENIED.
 * @bitmap:   notification IDs, bit n = ID n; lo half in w3, hi half in w4.
 *
 * Returns 0; FFA_ERR_BAD_ARGUMENT (@bitmap 0); INVALID_PARAMETERS;
 * DENIED (a bit bound to another sender, or pending); NOT_SUPPORTED;
 * FFA_ERR_PROTOCOL.
 */
int ffa_notif_bind(struct ffa_ctx *ctx, uint16_t sender, uint16_t receiver, bool per_vcpu,
		   uint64_t bitmap);

/**
 * ffa_notif_unbind() - FFA_NOTIFICATION_UNBIND: the inverse of
 * ffa_notif_bind(), same packing, w2 zero.
 * Returns as ffa_notif_bind().
 */
int ffa_notif_unbind(struct ffa_ctx *ctx, uint16_t sender, uint16_t receiver, uint64_t bitmap);

/* ---- Signalling (called by the sender) ------------------------------------ */

/**
 * ffa_notif_set() - FFA_NOTIFICATION_SET: signal @bitmap to @receiver.
 * @sender:   the caller (w1[31:16]).
 * @receiver: w1[15:0].
 * @flags:    FFA_NOTIF_FLAG_PER_VCPU and/or FFA_NOTIF_FLAG_DELAY_SRI.
 *            Delaying the SRI is only valid for secure-world senders (an SP
 *            at the secure virtual instance).
 * @vcpu:     with FFA_NOTIF_FLAG_PER_VCPU the receiver's target vCPU
 *            (w2[31:16]); must be 0 otherwise.
 * @bitmap:   lo half in w3, hi half in w4.
 *
 * Returns 0; FFA_ERR_BAD_ARGUMENT (@bitmap 0, unknown @flags bits, a
 * non-zero @vcpu without FFA_NOTIF_FLAG_PER_VCPU, FFA_NOTIF_FLAG_DELAY_SRI
 * from a normal-world @sender - known-bugs.md class 36); INVALID_PARAMETERS;
 * DENIED (bits not bound to @sender); NOT_SUPPORTED; FFA_ERR_PROTOCOL.
 */
int ffa_notif_set(struct ffa_ctx *ctx, uint16_t sender, uint16_t receiver, uint32_t flags,
		  uint16_t vcpu, uint64_t bitmap);

/* ---- Retrieving (called by the receiver) ---------------------------------- */

/**
 * struct ffa_notif_bitmaps - pending notifications as FFA_NOTIFICATION_GET
 * returns them (read-and-clear at the partition manager).
 * @sp:      from secure partitions: w2 (bits 31:0) | w3 (bits 63:32).
 * @vm:      from VMs: w4 | w5.
 * @spm_fwk: SPM framework bitmap, w6.
 * @hyp_fwk: hypervisor framework bitmap, w7.
 */
struct ffa_notif_bitmaps {
	uint64_t sp;
	uint64_t vm;
	uint32_t spm_fwk;
	uint32_t hyp_fwk;
};

/**
 * ffa_notif_get() - FFA_NOTIFICATION_GET: fetch and clear @receiver's
 * pending notifications for @vcpu.
 * @receiver: the caller itself (w1[15:0]).
 * @vcpu:     the vCPU the caller runs on (w1[31:16]): per-vCPU notifications
 *            of that vCPU are returned with the global ones.
 * @which:    FFA_NOTIF_GET_* bits (w2).
 * @bound:    optional: the bits the caller has bound (and the framework bits
 *            it handles). Any returned bit outside it is a protocol error.
 * @out:      receives the bitmaps.
 *
 * GET clears what it returns at the partition manager, so nothing of a
 * SUCCESS answer is withheld: whenever the answer was FFA_SUCCESS, *@out
 * holds every bit it carried, also when FFA_ERR_PROTOCOL is returned for a
 * bitmap that was not asked for (the sheet: those are 0) or a bit outside
 * @bound. On any other answer *@out is not written.
 * Returns 0; FFA_ERR_BAD_ARGUMENT (@which bits above 3, NULL @out);
 * FFA_ERR_PROTOCOL (wrong answer ID; or, with *@out written, bits in a
 * bitmap not asked for or outside @bound); INVALID_PARAMETERS (bad vCPU,
 * wrong caller); other FFA_ERROR codes.
 */
int ffa_notif_get(struct ffa_ctx *ctx, uint16_t receiver, uint16_t vcpu, uint32_t which,
		  const struct ffa_notif_bitmaps *bound, struct ffa_notif_bitmaps *out);

/* ---- Scheduler: who has notifications pending ----------------------------- */

/** Most IDs one INFO_GET answer carries: 64-bit form 20 (x3..x7, 4 each),
 *  32-bit form 10 (w3..w7, 2 each). Every list holds at least one ID, so
 *  this is also the most lists. */
#define FFA_NOTIF_INFO_MAX_IDS_64 20u
#define FFA_NOTIF_INFO_MAX_IDS_32 10u
/** Most vCPU IDs after one endpoint ID in a list (a 2-bit count). */
#define FFA_NOTIF_INFO_MAX_VCPUS 3u

/**
 * struct ffa_notif_info_list - one list of an INFO_GET answer.
 * @endpoint:   the endpoint with pending notifications.
 * @vcpu_count: 0: global notifications are pending (the list is exactly the
 *              endpoint ID); 1..3: per-vCPU notifications are pending for
 *              @vcpus[0 .. vcpu_count).
 * @vcpus:      vCPU IDs.
 */
struct ffa_notif_info_list {
	uint16_t endpoint;
	uint16_t vcpu_count;
	uint16_t vcpus[FFA_NOTIF_INFO_MAX_VCPUS];
};

/**
 * struct ffa_notif_info - one decoded INFO_GET answer.
 * @more_pending: w2 bit 0: more is pending than fitted; call again after
 *                handling these.
 * @wide:         decoded with the 64-bit layout (4 IDs per register).
 * @count:        lists in @lists.
 * @lists:        the lists, in answer order.
 */
struct ffa_notif_info {
	bool more_pending;
	bool wide;
	uint32_t count;
	struct ffa_notif_info_list lists[FFA_NOTIF_INFO_MAX_IDS_64];
};

/** Which INFO_GET function ID to call. */
enum ffa_notif_info_form {
	FFA_NOTIF_INFO_AUTO = 0, /**< 64-bit if the conduit carries SMC64, else 32 */
	FFA_NOTIF_INFO_32 = 32,  /**< FFA_NOTIFICATION_INFO_GET_32 */
	FFA_NOTIF_INFO_64 = 64,  /**< FFA_NOTIFICATION_INFO_GET_64 (Hafnium: only this) */
};

/**
 * ffa_notif_info_get() - one FFA_NOTIFICATION_INFO_GET call, decoded.
 * @form: which function ID (see enum ffa_notif_info_form).
 * @out:  receives the answer; written only when 0 is returned.
 *
 * The layout follows the answer's SUCCESS width, as Linux does: SUCCESS_64
 * is the 64-bit layout (x2 flags and list sizes in bits [51:12], 4 IDs per
 * register x3..x7), SUCCESS_32 the 32-bit one (w2, sizes in [31:12], 2 IDs
 * per register w3..w7) whichever form was called (Xen answered both forms
 * with SUCCESS_64). Every count is checked before an ID is read: the list
 * count (w2[11:7]) and the IDs the lists claim must fit the layout, list
 * sizes beyond the list count must be 0, and "more pending" with no list is
 * refused (it could never drain). Reserved bits [6:1] are ignored.
 * Returns 0; FFA_ERR_NO_DATA (nothing pending); FFA_ERR_NOT_SUPPORTED (not
 * the scheduler, v1.0, or FFA_NOTIF_INFO_64 on a conduit without SMC64);
 * FFA_ERR_BAD_ARGUMENT (unknown @form, NULL @out); FFA_ERR_PROTOCOL (wrong
 * answer ID; SUCCESS_64 on a conduit without SMC64, which cannot carry its
 * upper halves; any count above); other FFA_ERROR codes.
 */
int ffa_notif_info_get(struct ffa_ctx *ctx, enum ffa_notif_info_form form,
		       struct ffa_notif_info *out);

/**
 * ffa_notif_info_fn - called by ffa_notif_info_drain() once per answer.
 * @arg:  the caller's argument.
 * @info: the decoded answer (valid for the duration of the call).
 * Return 0 to go on; anything else stops the drain and is returned by it.
 */
typedef int (*ffa_notif_info_fn)(void *arg, const struct ffa_notif_info *info);

/**
 * ffa_notif_info_drain() - call INFO_GET again while "more pending" is set,
 * at most @max_rounds times, handing every answer to @fn.
 * @max_rounds: the bound, 1 or more (a manager that keeps saying "more
 *              pending" cannot keep the caller here for ever).
 * @more:       optional; set to true when the bound stopped the drain with
 *              "more pending" still set (call again later), else false.
 *
 * A NO_DATA answer ends the drain normally (nothing, or nothing more, is
 * pending). An error ends it too; lists of earlier answers were already
 * handed to @fn.
 * Returns 0; FFA_ERR_BAD_ARGUMENT (NULL @fn, @max_rounds 0); @fn's non-zero
 * result; the errors of ffa_notif_info_get() but FFA_ERR_NO_DATA.
 */
int ffa_notif_info_drain(struct ffa_ctx *ctx, enum ffa_notif_info_form form,
			 uint32_t max_rounds, ffa_notif_info_fn fn, void *arg, bool *more);

#ifdef __cplusplus
}
#endif

#endif /* FFA_NOTIF_H */
