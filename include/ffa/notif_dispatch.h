/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa services - the notification dispatcher and the normal-world
 * driver's notification setup.
 *
 * The dispatcher turns interrupts into callbacks:
 *
 *  - Schedule Receiver Interrupt (normal-world scheduler: OS kernel or
 *    hypervisor): ffa_notif_dispatch_sri() calls FFA_NOTIFICATION_INFO_GET
 *    until "more pending" clears (bounded) and, for every listed endpoint:
 *    the dispatcher's own receiver ID -> FFA_NOTIFICATION_GET on the listed
 *    vCPU(s) -> callbacks; any other endpoint -> the schedule callback (the
 *    caller decides whether and when to FFA_RUN it: libffa never runs a
 *    partition on its own initiative).
 *  - Notification Pending Interrupt (an SP, or a VM at a virtual instance):
 *    ffa_notif_dispatch_npi() -> GET on the current vCPU -> callbacks.
 *  - Per-vCPU hand-off: per-vCPU notifications pending for another vCPU are
 *    handed to it through the handoff hook; that vCPU then calls
 *    ffa_notif_dispatch_vcpu().
 *
 * Callbacks: one per (sender, notification ID) - the SP bitmap serves
 * secure senders, the VM bitmap normal-world ones, and each bit is bound to
 * exactly one sender at a time; framework notifications other than "RX
 * buffer full" go to the framework callback; "RX buffer full" goes to the
 * RX message handler, after which the dispatcher releases the RX buffer
 * (FFA_RX_RELEASE) unless the handler did. Any bit no callback takes, an
 * endpoint nobody schedules, a refused hand-off: the unhandled callback -
 * reported, never dropped silently.
 *
 * Storage is the caller's (no heap): the dispatcher struct and an array of
 * handler slots. Registration may run concurrently with dispatching if the
 * lock hooks are given: a handler is looked up under the lock and called
 * outside it (known-bugs.md class 35), and no FF-A call is made under it.
 */
#ifndef FFA_NOTIF_DISPATCH_H
#define FFA_NOTIF_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/ctx.h>
#include <ffa/notif.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Default bound on INFO_GET rounds per ffa_notif_dispatch_sri(). */
#define FFA_NOTIF_DISPATCH_DEFAULT_ROUNDS 8u

/**
 * ffa_notif_handler_fn - a notification was signalled.
 * @arg:    as registered.
 * @sender: the sender bound to the bit.
 * @id:     the notification ID (bitmap bit, 0..63).
 * @vcpu:   the vCPU whose GET returned it (for per-vCPU notifications, the
 *          target vCPU).
 * Called once per set bit per GET, outside the dispatcher's lock.
 */
typedef void (*ffa_notif_handler_fn)(void *arg, uint16_t sender, uint32_t id, uint16_t vcpu);

/** struct ffa_notif_slot - one handler slot (caller storage; private). */
struct ffa_notif_slot {
	ffa_notif_handler_fn fn;
	void *arg;
	uint16_t sender;
	uint8_t id;
	uint8_t state;
	bool per_vcpu;
};

/** What an unhandled report is about. */
enum ffa_notif_unhandled_kind {
	/** GET returned bits no callback takes (@bits; @vcpu the GET's). */
	FFA_NOTIF_UNHANDLED_BITS = 0,
	/** INFO_GET listed another endpoint and there is no schedule callback
	 *  (@endpoint; @vcpu and @per_vcpu as listed). */
	FFA_NOTIF_UNHANDLED_ENDPOINT = 1,
	/** The handoff hook refused vCPU @vcpu: its notifications stay
	 *  pending at the partition manager, which will list them again. */
	FFA_NOTIF_UNHANDLED_HANDOFF = 2,
	/** "RX buffer full" with no RX message handler: the RX buffer was
	 *  released unread (@bits has the framework bit(s); @vcpu). */
	FFA_NOTIF_UNHANDLED_RX_FULL = 3,
};

/** struct ffa_notif_unhandled - one unhandled report. */
struct ffa_notif_unhandled {
	enum ffa_notif_unhandled_kind kind;
	uint16_t endpoint;
	uint16_t vcpu;
	bool per_vcpu;
	struct ffa_notif_bitmaps bits;
};

/**
 * struct ffa_notif_dispatch_config - what the dispatcher serves and how.
 * @receiver:   this endpoint's ID: GET's receiver, BIND's receiver, and the
 *              ID INFO_GET lists for "us".
 * @get_flags:  FFA_NOTIF_GET_* bitmaps GET asks for; 0 = the default: SP and
 *              SPM framework for receiver 0 (the NS physical instance, as
 *              Linux), all four otherwise (a VM at a virtual instance, an SP).
 * @info_form:  INFO_GET form (FFA_NOTIF_INFO_AUTO: 64-bit on SMC64 conduits).
 * @max_rounds: INFO_GET rounds per SRI; 0 = FFA_NOTIF_DISPATCH_DEFAULT_ROUNDS.
 *
 * Callbacks (all optional; @arg passed to each):
 * @framework:  framework bits other than FFA_NOTIF_FWK_RX_FULL.
 * @rx_message: "RX buffer full": read the message with @ctx's RX buffer
 *              (ffa_ctx_rx_buffer()/ffa_ctx_rxtx_size(), or the messaging
 *              layer's reader, ffa_msg_recv_indirect(), which releases the
 *              buffer itself). Set *@released to true if the handler gave the
 *              buffer back; otherwise the dispatcher calls ffa_rx_release()
 *              after it returns. @from is FFA_NOTIF_GET_SPM_FWK and/or
 *              FFA_NOTIF_GET_HYP_FWK (who signalled it). A negative return
 *              is reported by the dispatch call (the buffer is released all
 *              the same); a positive one counts as 0.
 * @schedule:   INFO_GET listed endpoint @endpoint, not @receiver: it has
 *              global (@per_vcpu false, @vcpu 0) or per-vCPU notifications
 *              for @vcpu pending; the scheduler should run it (FFA_RUN).
 * @unhandled:  see enum ffa_notif_unhandled_kind.
 *
 * Port hooks (all optional):
 * @current_vcpu: the vCPU index the caller runs on. NULL: always 0.
 * @handoff:    ask vCPU @vcpu to call ffa_notif_dispatch_vcpu(d, @vcpu)
 *              soon; return 0 if it will. NULL: the dispatcher fetches that
 *              vCPU's notifications itself (GET with @vcpu) on the calling
 *              vCPU, and the callbacks run here.
 * @lock, @unlock: protect the handler slots. NULL: no locking.
 */
struct ffa_notif_dispatch_config {
	uint16_t receiver;
	uint32_t get_flags;
	enum ffa_notif_info_form info_form;
	uint32_t max_rounds;

	void (*framework)(void *arg, uint16_t vcpu, uint32_t spm_bits, uint32_t hyp_bits);
	int (*rx_message)(void *arg, struct ffa_ctx *ctx, uint16_t vcpu, uint32_t from,
			  bool *released);
	void (*schedule)(void *arg, uint16_t endpoint, bool per_vcpu, uint16_t vcpu);
	void (*unhandled)(void *arg, const struct ffa_notif_unhandled *u);

	uint16_t (*current_vcpu)(void *arg);
	int (*handoff)(void *arg, uint16_t vcpu);
	void (*lock)(void *arg);
	void (*unlock)(void *arg);
	void *arg;
};

/** struct ffa_notif_dispatch - a dispatcher (caller storage; private). */
struct ffa_notif_dispatch {
	struct ffa_ctx *ctx;
	struct ffa_notif_dispatch_config cfg;
	struct ffa_notif_slot *slots;
	size_t nslots;
};

/**
 * ffa_notif_dispatch_init() - set up a dispatcher.
 * @d:      caller storage; fully overwritten.
 * @ctx:    the context the calls go through; must outlive @d.
 * @cfg:    copied.
 * @slots:  caller array of @nslots handler slots (one per registered
 *          notification); cleared here, used by pointer until @d is no
 *          longer used.
 * Makes no call. Returns 0; FFA_ERR_BAD_ARGUMENT (NULL @d/@ctx/@cfg, NULL
 * @slots with @nslots > 0, @get_flags bits above 3, unknown @info_form).
 */
int ffa_notif_dispatch_init(struct ffa_notif_dispatch *d, struct ffa_ctx *ctx,
			    const struct ffa_notif_dispatch_config *cfg,
			    struct ffa_notif_slot *slots, size_t nslots);

/**
 * ffa_notif_dispatch_register() - route notification @id from @sender to
 * @fn, without any FF-A call (the binding is made elsewhere).
 * @per_vcpu: recorded for ffa_notif_dispatch_bind(); routing is the same.
 * Returns 0; FFA_ERR_BAD_ARGUMENT (NULL @fn, @id > 63, the bit of that
 * sender class already routed - to any sender, since each bit is bound to
 * one sender at a time); FFA_ERR_BUFFER_TOO_SMALL (no free slot).
 */
int ffa_notif_dispatch_register(struct ffa_notif_dispatch *d, uint16_t sender, uint32_t id,
				bool per_vcpu, ffa_notif_handler_fn fn, void *arg);

/**
 * ffa_notif_dispatch_unregister() - remove the route of @id from @sender.
 * A dispatch running on another CPU that looked the handler up before may
 * still call it once after this returns (handlers are called outside the
 * lock); the caller keeps the handler's argument alive until such a dispatch
 * is over.
 * Returns 0; FFA_ERR_BAD_ARGUMENT if no such route.
 */
int ffa_notif_dispatch_unregister(struct ffa_notif_dispatch *d, uint16_t sender, uint32_t id);

/**
 * ffa_notif_dispatch_bind() - register, then FFA_NOTIFICATION_BIND the bit
 * for the dispatcher's receiver. The slot is reserved first (so two binds
 * of one bit cannot race), the call made outside the lock, and the route
 * only goes live when BIND succeeded; on failure the slot is freed.
 * Returns 0; the errors of ffa_notif_dispatch_register() and
 * ffa_notif_bind().
 */
int ffa_notif_dispatch_bind(struct ffa_notif_dispatch *d, uint16_t sender, uint32_t id,
			    bool per_vcpu, ffa_notif_handler_fn fn, void *arg);

/**
 * ffa_notif_dispatch_unbind() - FFA_NOTIFICATION_UNBIND the bit, then
 * remove its route. While UNBIND is in flight the bit is reported as
 * unhandled; if UNBIND fails the route is restored.
 * Returns 0; FFA_ERR_BAD_ARGUMENT (no such route); ffa_notif_unbind()'s
 * errors.
 */
int ffa_notif_dispatch_unbind(struct ffa_notif_dispatch *d, uint16_t sender, uint32_t id);

/**
 * ffa_notif_dispatch_vcpu() - FFA_NOTIFICATION_GET for @vcpu and deliver:
 * "RX buffer full" first, other framework bits, then VM and SP bits in
 * ascending ID order, each set bit exactly once, leftovers to @unhandled.
 * The per-vCPU hand-off target; ffa_notif_dispatch_npi() for the current
 * vCPU.
 * Returns 0; the errors of ffa_notif_get() (on FFA_ERR_PROTOCOL every bit
 * the answer carried is still delivered or reported); the RX message
 * handler's negative result; the RX release's error.
 */
int ffa_notif_dispatch_vcpu(struct ffa_notif_dispatch *d, uint16_t vcpu);

/** ffa_notif_dispatch_npi() - ffa_notif_dispatch_vcpu() on the current
 *  vCPU (the current_vcpu hook; 0 without it). */
int ffa_notif_dispatch_npi(struct ffa_notif_dispatch *d);

/**
 * ffa_notif_dispatch_sri() - handle a Schedule Receiver Interrupt.
 * @more: optional; set when the round bound stopped the drain while the
 *        manager still had "more pending" (call again, e.g. re-queue).
 *
 * Each INFO_GET round fetches each of this receiver's listed vCPUs once
 * (the current one directly, others through the handoff hook) and hands
 * other endpoints to @schedule. An error in one list does not stop the
 * others of its round; the first one stops the drain and is returned.
 * Returns 0 (also when nothing was pending); the errors of
 * ffa_notif_info_get() but NO_DATA; those of ffa_notif_dispatch_vcpu().
 */
int ffa_notif_dispatch_sri(struct ffa_notif_dispatch *d, bool *more);

/* ---- Normal-world driver setup -------------------------------------------- */

/**
 * struct ffa_notif_driver - what ffa_notif_driver_setup() found and did.
 * @vm_id:          the ID the bitmap was created for.
 * @bitmap_created: this driver created the bitmap (and destroys it).
 * @has_sri, @sri_intid: FFA_FEATURES(SRI) answered, and its interrupt ID.
 * @has_npi, @npi_intid: likewise for the NPI.
 */
struct ffa_notif_driver {
	uint16_t vm_id;
	bool bitmap_created;
	bool has_sri;
	uint32_t sri_intid;
	bool has_npi;
	uint32_t npi_intid;
};

/**
 * ffa_notif_driver_setup() - what a normal-world driver does before using
 * notifications: create its bitmap where the partition manager supports
 * the call, and discover the SRI and NPI interrupt IDs.
 * @drv:        caller storage; fully overwritten.
 * @vm_id:      the driver's own ID (0 at the NS physical instance).
 * @vcpu_count: its vCPU (CPU) count.
 *
 * FFA_NOTIFICATION_BITMAP_CREATE answered NOT_SUPPORTED means a hypervisor
 * creates the bitmap: that is not an error, and teardown will not destroy
 * what it did not create. FFA_FEATURES is asked for SRI and NPI (either may
 * be NOT_SUPPORTED: then @has_sri / @has_npi stay false). If anything else
 * fails after the bitmap was created, it is destroyed again, so a failed
 * setup leaves nothing behind (if even that fails, @bitmap_created stays
 * true for ffa_notif_driver_teardown()).
 * Returns 0; FFA_ERR_NOT_SUPPORTED without a call at v1.0;
 * FFA_ERR_NOT_NEGOTIATED; FFA_ERR_BAD_ARGUMENT (NULL @ctx or @drv, and as
 * ffa_notif_bitmap_create()); the create call's other errors (DENIED: a
 * bitmap exists already - not adopted, since this driver would then destroy
 * what it did not create); FFA_FEATURES errors other than NOT_SUPPORTED.
 */
int ffa_notif_driver_setup(struct ffa_ctx *ctx, struct ffa_notif_driver *drv, uint16_t vm_id,
			   uint32_t vcpu_count);

/**
 * ffa_notif_driver_teardown() - destroy the bitmap if setup created it.
 * Returns 0 (also when there was nothing to destroy); FFA_ERR_BAD_ARGUMENT
 * (NULL @drv); the destroy call's errors (DENIED: notifications pending) -
 * then @bitmap_created stays true so the caller can retry.
 */
int ffa_notif_driver_teardown(struct ffa_ctx *ctx, struct ffa_notif_driver *drv);

#ifdef __cplusplus
}
#endif

#endif /* FFA_NOTIF_DISPATCH_H */
