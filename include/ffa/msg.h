/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa - messaging: direct requests and responses (FFA_MSG_SEND_DIRECT_REQ/
 * RESP 32/64, REQ2/RESP2), indirect messages (FFA_MSG_SEND2 and reading the
 * RX buffer), the receiver side (FFA_MSG_WAIT, FFA_YIELD) and a dispatcher.
 *
 * Facts: ../shared/spec/ffa-abi.md 4.3, 7.1, 7.2, 9, 10; decisions where the
 * sheets are uncertain: docs/messaging.md.
 *
 * Conventions (as include/ffa/setup.h, plus):
 *  - A sender needs its own endpoint ID: call ffa_id_get() first, or the
 *    call returns FFA_ERR_BAD_ARGUMENT without sending anything.
 *  - @target_info, where a call takes it, is optional (NULL = unknown). When
 *    given it must describe @target (same ID, else FFA_ERR_BAD_ARGUMENT) and
 *    a target whose properties say it cannot receive what is being sent is
 *    refused up front with FFA_ERR_DENIED - the code a partition manager
 *    answers for the same request - and nothing is sent. A target whose ID
 *    type is not "PE endpoint" (properties bits [5:4] != 0) receives nothing.
 *  - The answer to a request is validated before anything of it is read: the
 *    response must be the one form and width the request allows, come from
 *    the target and be addressed to this endpoint; anything else is
 *    FFA_ERR_PROTOCOL and no output is written.
 *  - FFA_INTERRUPT / FFA_YIELD answers to a request follow the context's
 *    preemption policy (ffa_ctx_set_preempt_policy()): resumed with FFA_RUN
 *    on the endpoint/vCPU they name, or FFA_ERR_PREEMPTED. After
 *    FFA_ERR_PREEMPTED the response arrives later through ffa_run(); decode
 *    its frame with ffa_msg_decode().
 *  - 32-bit forms carry 32-bit values: a payload word above 0xFFFFFFFF for a
 *    32-bit call is FFA_ERR_BAD_ARGUMENT; received 32-bit words are the low
 *    halves of their registers, zero-extended.
 */
#ifndef FFA_MSG_H
#define FFA_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/ctx.h>
#include <ffa/msg_hdr.h>
#include <ffa/setup.h>
#include <ffa/uuid.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Payload registers of DIRECT_REQ/RESP (w3..w7 / x3..x7). */
#define FFA_MSG_DIRECT_WORDS 5u
/** Payload registers of DIRECT_REQ2/RESP2 (x4..x17, 112 bytes). */
#define FFA_MSG_DIRECT2_WORDS 14u

/* ---- Flags ----------------------------------------------------------------- */

/** Direct request width: force FFA_MSG_SEND_DIRECT_REQ_32. Neither flag:
 *  32-bit when @target_info says the target is not AArch64 (v1.1+ layouts
 *  only; bit 8 is undefined at v1.0) or the conduit lacks SMC64, else 64. */
#define FFA_MSG_FLAG_32BIT (1u << 0)
/** Direct request width: force FFA_MSG_SEND_DIRECT_REQ_64. */
#define FFA_MSG_FLAG_64BIT (1u << 1)

/** FFA_MSG_SEND2 w2 bit 1 (v1.2): delay the Schedule Receiver Interrupt.
 *  Only an SP (secure endpoint ID) may set it. */
#define FFA_MSG_SEND2_FLAG_DELAY_SRI (1u << 1)

/** FFA_MSG_WAIT w2 bit 0 (v1.2): keep the RX buffer; without it the call
 *  also hands the RX buffer back to the partition manager. */
#define FFA_MSG_WAIT_FLAG_RETAIN_RX (1u << 0)

/* ---- Framework messages (ffa-abi.md 9.1) ------------------------------------ */

/** w2 bit 31 of a direct message: framework message; bits [7:0] the type. */
#define FFA_MSG_FLAG_FRAMEWORK (1u << 31)
#define FFA_FWK_MSG_TYPE_MASK 0xFFu

#define FFA_FWK_PSCI_REQ 0x00u         /**< SPMD -> SPMC/SP: PSCI request */
#define FFA_FWK_WARM_BOOT_REQ 0x01u    /**< SPMD -> SPMC: warm boot */
#define FFA_FWK_PM_RESP 0x02u          /**< answer to 0x00/0x01: w3 PSCI status */
#define FFA_FWK_VM_CREATED_REQ 0x04u   /**< hypervisor -> SP: VM created */
#define FFA_FWK_VM_CREATED_RESP 0x05u  /**< w3 status (0 or FF-A error) */
#define FFA_FWK_VM_DESTROYED_REQ 0x06u /**< hypervisor -> SP: VM destroyed */
#define FFA_FWK_VM_DESTROYED_RESP 0x07u
#define FFA_FWK_VERSION_REQ 0x08u      /**< SPMD -> SPMC: FFA_VERSION */
#define FFA_FWK_VERSION_RESP 0x09u
#define FFA_FWK_STOP_REQ 0x0Au         /**< SPMC -> SP: partition stop (v1.3) */
#define FFA_FWK_STOP_RESP 0x0Bu
#define FFA_FWK_LA_START_REQ 0x0Cu     /**< live activation start (v1.3) */
#define FFA_FWK_LA_START_RESP 0x0Du
#define FFA_FWK_LA_FINISH_REQ 0x0Eu    /**< live activation finish (v1.3) */
#define FFA_FWK_LA_FINISH_RESP 0x0Fu

/**
 * ffa_fwk_resp_type() - the framework response type that answers request
 * type @req_type (0x00/0x01 -> 0x02, 0x04 -> 0x05, 0x06 -> 0x07,
 * 0x08 -> 0x09, 0x0A -> 0x0B, 0x0C -> 0x0D, 0x0E -> 0x0F).
 * Returns the type (>= 0), or FFA_ERR_BAD_ARGUMENT if @req_type is not a
 * request type.
 */
int ffa_fwk_resp_type(uint32_t req_type);

/* ---- Messages as received --------------------------------------------------- */

/**
 * enum ffa_msg_kind - what a messaging frame is.
 * @FFA_MSG_NONE:           nothing (no message pending).
 * @FFA_MSG_DIRECT_REQ:     partition message, DIRECT_REQ_32/64.
 * @FFA_MSG_DIRECT_REQ2:    DIRECT_REQ2 (v1.2) to the service @uuid.
 * @FFA_MSG_FRAMEWORK_REQ:  framework message request (w2 bit 31), type @fw_type.
 * @FFA_MSG_DIRECT_RESP:    partition message response, DIRECT_RESP_32/64.
 * @FFA_MSG_DIRECT_RESP2:   DIRECT_RESP2.
 * @FFA_MSG_FRAMEWORK_RESP: framework message response, type @fw_type.
 * @FFA_MSG_RUN:            woken by FFA_RUN without a request (e.g. after
 *                          notifications or an indirect message arrived).
 * @FFA_MSG_INTERRUPT:      FFA_INTERRUPT: an interrupt is to be handled.
 * @FFA_MSG_SUCCESS:        FFA_SUCCESS: e.g. an FFA_YIELD was resumed.
 */
enum ffa_msg_kind {
	FFA_MSG_NONE = 0,
	FFA_MSG_DIRECT_REQ,
	FFA_MSG_DIRECT_REQ2,
	FFA_MSG_FRAMEWORK_REQ,
	FFA_MSG_DIRECT_RESP,
	FFA_MSG_DIRECT_RESP2,
	FFA_MSG_FRAMEWORK_RESP,
	FFA_MSG_RUN,
	FFA_MSG_INTERRUPT,
	FFA_MSG_SUCCESS,
};

/**
 * struct ffa_msg - one decoded messaging frame.
 * @kind:     see enum ffa_msg_kind.
 * @is_64:    the SMC64 form was used (always true for REQ2/RESP2). A reply
 *            to this message uses the same width.
 * @sender:   w1[31:16] (RUN/INTERRUPT: the endpoint ID).
 * @receiver: w1[15:0] (RUN/INTERRUPT: the vCPU index).
 * @fw_type:  framework messages: w2[7:0].
 * @interrupt_id: FFA_INTERRUPT: w2.
 * @uuid:     DIRECT_REQ2: the service UUID from x2/x3; else Nil.
 * @args:     DIRECT/FRAMEWORK: args[0..4] = w3..w7 (x3..x7 for SMC64), the
 *            rest 0; REQ2/RESP2: x4..x17. 0 for other kinds.
 */
struct ffa_msg {
	enum ffa_msg_kind kind;
	bool is_64;
	uint16_t sender;
	uint16_t receiver;
	uint8_t fw_type;
	uint32_t interrupt_id;
	struct ffa_uuid uuid;
	uint64_t args[FFA_MSG_DIRECT2_WORDS];
};

/**
 * ffa_msg_decode() - decode a messaging frame, e.g. the one ffa_run()
 * returned for FFA_RUN_DIRECT_RESP after FFA_ERR_PREEMPTED.
 * @ctx:   the context (its negotiated version decides what is valid).
 * @frame: the frame.
 * @msg:   receives the message; set to FFA_MSG_NONE on any error.
 *
 * Returns 0; the mapped code for FFA_ERROR; FFA_ERR_PROTOCOL for any other
 * function ID, REQ2/RESP2 before v1.2, or a framework type that is not a
 * request type in a request (not a response type in a response);
 * FFA_ERR_BAD_ARGUMENT for NULL pointers. Reserved bits are not checked.
 */
int ffa_msg_decode(const struct ffa_ctx *ctx, const struct ffa_regs *frame,
		   struct ffa_msg *msg);

/* ---- Sender: direct messages ------------------------------------------------- */

/**
 * ffa_msg_send_direct_req() - FFA_MSG_SEND_DIRECT_REQ_32/64 (partition
 * message) and wait for the target's FFA_MSG_SEND_DIRECT_RESP.
 * @ctx:         the context (own ID known).
 * @target:      receiver endpoint ID (not this endpoint's own).
 * @target_info: optional; the target's partition information. Without
 *               property bit 0 (can receive direct requests) the call is
 *               refused with FFA_ERR_DENIED; at v1.1+ without bit 8
 *               (AArch64) the 32-bit form is chosen.
 * @flags:       0 (automatic width), FFA_MSG_FLAG_32BIT or FFA_MSG_FLAG_64BIT.
 * @args:        the 5 payload words (w3..w7 / x3..x7); NULL = all zero.
 * @resp:        optional; receives the 5 response words (32-bit: low halves).
 *               May be the same array as @args.
 *
 * w2 (flags) is 0; every other register is zero. The answer must be
 * DIRECT_RESP of the request's width, w1 = target << 16 | own ID, w2 bit 31
 * clear. Returns 0; FFA_ERR_BAD_ARGUMENT (own ID unknown, @target is the own
 * ID, @target_info for another ID, both width flags or an unknown flag,
 * FFA_MSG_FLAG_64BIT to a target that is not AArch64, a word above 32 bits
 * in the 32-bit form); FFA_ERR_NOT_SUPPORTED without calling when the 64-bit
 * form is forced and the conduit lacks SMC64; FFA_ERR_DENIED without calling
 * (see @target_info); FFA_ERROR codes (INVALID_PARAMETERS, DENIED, BUSY,
 * ABORTED, NOT_SUPPORTED); FFA_ERR_PREEMPTED; FFA_ERR_PROTOCOL (any other
 * answer: another width, RESP2, a framework response, a response from
 * another endpoint or to another endpoint).
 */
int ffa_msg_send_direct_req(struct ffa_ctx *ctx, uint16_t target,
			    const struct ffa_partition_info *target_info, uint32_t flags,
			    const uint64_t args[FFA_MSG_DIRECT_WORDS],
			    uint64_t resp[FFA_MSG_DIRECT_WORDS]);

/**
 * ffa_msg_send_direct_req2() - FFA_MSG_SEND_DIRECT_REQ2 (v1.2) to @service
 * inside @target and wait for its FFA_MSG_SEND_DIRECT_RESP2.
 * @service:     the service/protocol UUID; NULL or Nil for the target's
 *               default protocol. x2 = bytes 0..7 and x3 = bytes 8..15 of
 *               its RFC 4122 form, each loaded little-endian.
 * @target_info: optional; without property bit 9 the call is refused with
 *               FFA_ERR_DENIED.
 * @args:        x4..x17; NULL = all zero.
 * @resp:        optional; receives x4..x17 of the response. May alias @args.
 *
 * x1[63:32] is zero. The answer must be DIRECT_RESP2 with
 * w1 = target << 16 | own ID. Returns 0; FFA_ERR_NOT_SUPPORTED without
 * calling below v1.2 or when the conduit lacks SMC64 or x8..x17
 * (FFA_CONDUIT_CAP_REGS18); FFA_ERR_BAD_ARGUMENT as above; FFA_ERR_DENIED
 * without calling; FFA_ERROR codes; FFA_ERR_PREEMPTED; FFA_ERR_PROTOCOL
 * (any other answer, including DIRECT_RESP of either width).
 */
int ffa_msg_send_direct_req2(struct ffa_ctx *ctx, uint16_t target,
			     const struct ffa_partition_info *target_info,
			     const struct ffa_uuid *service,
			     const uint64_t args[FFA_MSG_DIRECT2_WORDS],
			     uint64_t resp[FFA_MSG_DIRECT2_WORDS]);

/**
 * ffa_msg_send_framework_req() - a framework direct request (w2 = bit 31 |
 * @type) and its framework response.
 * @type:  a framework request type (FFA_FWK_*_REQ).
 * @flags, @args, @resp, @target_info: as ffa_msg_send_direct_req(); the
 *         target must still accept direct requests (bit 0), and VM created /
 *         destroyed need property bit 6 / 7 (else FFA_ERR_DENIED).
 *
 * The answer must be DIRECT_RESP of the request's width from @target to this
 * endpoint, with w2 bit 31 set and type ffa_fwk_resp_type(@type). Returns as
 * ffa_msg_send_direct_req(); FFA_ERR_BAD_ARGUMENT for a type that is not a
 * request type; FFA_ERR_NOT_SUPPORTED without calling for VM created /
 * destroyed below v1.1.
 */
int ffa_msg_send_framework_req(struct ffa_ctx *ctx, uint16_t target,
			       const struct ffa_partition_info *target_info, uint32_t flags,
			       uint32_t type, const uint64_t args[FFA_MSG_DIRECT_WORDS],
			       uint64_t resp[FFA_MSG_DIRECT_WORDS]);

/**
 * ffa_msg_send_vm_created() / ffa_msg_send_vm_destroyed() - a hypervisor
 * tells SP @target that VM @vm_id was created / destroyed (framework types
 * 0x04 / 0x06; v1.1+): w3/w4 = @handle low/high (all-ones if there is no
 * memory region), w5[15:0] = @vm_id.
 * Returns 0 when the SP's status (w3 of the response) is 0; the status when
 * it is an FF-A error code (-1..-10); FFA_ERR_PROTOCOL for any other status;
 * errors of ffa_msg_send_framework_req(); FFA_ERR_BAD_ARGUMENT for a @vm_id
 * that is 0 or a secure ID.
 */
int ffa_msg_send_vm_created(struct ffa_ctx *ctx, uint16_t target,
			    const struct ffa_partition_info *target_info, uint32_t flags,
			    uint16_t vm_id, uint64_t handle);
int ffa_msg_send_vm_destroyed(struct ffa_ctx *ctx, uint16_t target,
			      const struct ffa_partition_info *target_info, uint32_t flags,
			      uint16_t vm_id, uint64_t handle);

/* ---- Indirect messages (v1.1+) ------------------------------------------------ */

/* The header layout, struct ffa_indirect_msg and FFA_MSG_HDR_SIZE_*: ffa/msg_hdr.h. */

/**
 * ffa_msg_send2() - FFA_MSG_SEND2: send @size bytes to @target through the
 * TX buffer.
 * @target_info: optional; without property bit 2 (indirect messages) the
 *         call is refused with FFA_ERR_DENIED.
 * @uuid:  v1.2+: the protocol UUID written into the header (NULL = Nil);
 *         must be NULL or Nil at v1.1 (that layout has no UUID).
 * @payload, @size: the message (may be NULL when @size is 0). Copied.
 * @flags: 0 or FFA_MSG_SEND2_FLAG_DELAY_SRI (v1.2+, SPs only).
 *
 * Under the RX/TX lock, writes the header of the negotiated version's layout
 * (v1.1: 20 bytes; v1.2: 40 bytes, reserved words zero, UUID at 24) and the
 * payload right after it into the TX buffer, then calls FFA_MSG_SEND2 with
 * w1 = 0 and w2 = @flags. Returns 0 when the partition manager copied the
 * message (FFA_SUCCESS); FFA_ERR_NOT_SUPPORTED without calling at v1.0;
 * FFA_ERR_BAD_ARGUMENT (no RX/TX pair, own ID unknown, @target is the own ID,
 * NULL @payload with @size > 0, header + @size larger than the TX buffer, an
 * unknown flag, DELAY_SRI below v1.2 or from a non-secure endpoint, a
 * non-Nil @uuid at v1.1, @target_info for another ID); FFA_ERR_DENIED without
 * calling; FFA_ERROR codes (INVALID_PARAMETERS, DENIED, BUSY: receiver's RX
 * buffer full, ABORTED, NOT_SUPPORTED); FFA_ERR_PROTOCOL.
 */
int ffa_msg_send2(struct ffa_ctx *ctx, uint16_t target,
		  const struct ffa_partition_info *target_info, const struct ffa_uuid *uuid,
		  const void *payload, size_t size, uint32_t flags);

/**
 * ffa_msg_recv_indirect() - read the indirect message in the (owned) RX
 * buffer and give the buffer back.
 * @hdr: receives the decoded header.
 * @buf: receives the payload (@cap bytes available; may be NULL if @cap is 0).
 *
 * Call it when the RX buffer holds a message (e.g. the "RX buffer full"
 * framework notification said so). The header is read once, into private
 * variables, and validated against the negotiated version and the RX buffer
 * before any payload byte is copied: offset at least the header size of the
 * negotiated layout (20 at v1.1, 40 at v1.2+: a v1.1 header sent to a v1.2
 * endpoint is refused), offset + size within the RX buffer (computed without
 * overflow), receiver = own ID when known. Then FFA_RX_RELEASE is called,
 * exactly once, on every path past the argument checks - success or not.
 * Returns the payload size (>= 0); FFA_ERR_NOT_SUPPORTED at v1.0 and
 * FFA_ERR_BAD_ARGUMENT (no RX/TX pair, NULL @hdr, NULL @buf with @cap > 0)
 * without touching the RX buffer; after release: FFA_ERR_PROTOCOL (header
 * invalid, nothing copied), FFA_ERR_BUFFER_TOO_SMALL (@hdr set, nothing
 * copied: size @buf to ffa_ctx_rxtx_size()); the release's own error if it
 * fails after an otherwise successful read.
 */
int ffa_msg_recv_indirect(struct ffa_ctx *ctx, struct ffa_indirect_msg *hdr, void *buf,
			  size_t cap);

/* ---- Receiver side ------------------------------------------------------------ */

/*
 * Each call below hands the CPU back and returns with the next message for
 * this endpoint, decoded into @next (see ffa_msg_decode()): DIRECT_REQ,
 * DIRECT_REQ2, FRAMEWORK_REQ, RUN or INTERRUPT (ffa_yield() also SUCCESS).
 * A request addressed to another endpoint than the own ID (when known) is
 * FFA_ERR_PROTOCOL; so is any other frame. On error @next is FFA_MSG_NONE.
 * FFA_INTERRUPT here is an event to handle, not a preemption to resume.
 */

/**
 * ffa_msg_wait() - FFA_MSG_WAIT: idle until the next message.
 * @flags: 0, or FFA_MSG_WAIT_FLAG_RETAIN_RX (v1.2+) to keep an owned RX
 *         buffer (without it the call also releases it, v1.1+).
 * Returns 0; FFA_ERR_BAD_ARGUMENT (NULL @next, unknown flag, RETAIN_RX below
 * v1.2); FFA_ERROR codes (INVALID_PARAMETERS, DENIED); FFA_ERR_PROTOCOL.
 */
int ffa_msg_wait(struct ffa_ctx *ctx, uint32_t flags, struct ffa_msg *next);

/**
 * ffa_msg_send_direct_resp() - answer the partition message @req
 * (FFA_MSG_DIRECT_REQ) with FFA_MSG_SEND_DIRECT_RESP of the request's width,
 * w1 = @req->receiver << 16 | @req->sender, w2 = 0.
 * @args: 5 reply words (NULL = zero); 32-bit requests take 32-bit words.
 * Returns as ffa_msg_wait(); FFA_ERR_BAD_ARGUMENT for a @req of another kind,
 * or a word above 32 bits for a 32-bit request; FFA_ERR_NOT_SUPPORTED for a
 * 64-bit request on a conduit without SMC64.
 */
int ffa_msg_send_direct_resp(struct ffa_ctx *ctx, const struct ffa_msg *req,
			     const uint64_t args[FFA_MSG_DIRECT_WORDS], struct ffa_msg *next);

/**
 * ffa_msg_send_direct_resp2() - answer @req (FFA_MSG_DIRECT_REQ2) with
 * FFA_MSG_SEND_DIRECT_RESP2: x2/x3 zero, @args in x4..x17 (NULL = zero).
 * Returns as ffa_msg_wait(); FFA_ERR_BAD_ARGUMENT for a @req of another
 * kind; FFA_ERR_NOT_SUPPORTED below v1.2 or without SMC64 + x8..x17.
 */
int ffa_msg_send_direct_resp2(struct ffa_ctx *ctx, const struct ffa_msg *req,
			      const uint64_t args[FFA_MSG_DIRECT2_WORDS], struct ffa_msg *next);

/**
 * ffa_msg_send_framework_resp() - answer the framework request @req with
 * DIRECT_RESP of its width, w2 = bit 31 | ffa_fwk_resp_type(@req->fw_type),
 * @args in w3..w7 (e.g. a status in args[0]).
 * Returns as ffa_msg_send_direct_resp(); FFA_ERR_BAD_ARGUMENT for a @req
 * that is not FFA_MSG_FRAMEWORK_REQ.
 */
int ffa_msg_send_framework_resp(struct ffa_ctx *ctx, const struct ffa_msg *req,
				const uint64_t args[FFA_MSG_DIRECT_WORDS], struct ffa_msg *next);

/**
 * ffa_yield() - FFA_YIELD: give the CPU back while handling a request.
 * @timeout: v1.2+: w2 = low half, w3 = high half (0 = none; units as the
 *           partition manager defines them). Must be 0 below v1.2.
 * Returns 0 when resumed (@next usually FFA_MSG_SUCCESS); as ffa_msg_wait().
 */
int ffa_yield(struct ffa_ctx *ctx, uint64_t timeout, struct ffa_msg *next);

/* ---- Dispatcher ----------------------------------------------------------------- */

/** Handler results for ffa_msg_dispatch(). Negative values are errors. */
enum ffa_dispatch_result {
	/** Send the reply (requests) and go on with the next message. */
	FFA_DISPATCH_CONTINUE = 0,
	/** Send the reply (requests), then return 1 with whatever message the
	 *  reply brought left undispatched in *msg; for events and indirect
	 *  messages return 1 with *msg = FFA_MSG_NONE. */
	FFA_DISPATCH_STOP = 1,
	/** Requests only: do not reply; return 2 with the request in *msg, to
	 *  be answered later with ffa_msg_send_direct_resp*() or
	 *  ffa_msg_send_framework_resp(). */
	FFA_DISPATCH_HOLD = 2,
	/** Event handler only: an indirect message is in the RX buffer; read it
	 *  (ffa_msg_recv_indirect()) and call the indirect handler. */
	FFA_DISPATCH_READ_INDIRECT = 3,
};

/**
 * struct ffa_msg_service - a DIRECT_REQ2 service, selected by UUID.
 * @uuid:    the service UUID (Nil: requests for the default protocol).
 * @handler: called with the request; fills @reply (zeroed before the call).
 *           Returns an enum ffa_dispatch_result or a negative error.
 * @arg:     passed to @handler.
 */
struct ffa_msg_service {
	struct ffa_uuid uuid;
	int (*handler)(void *arg, const struct ffa_msg *req,
		       uint64_t reply[FFA_MSG_DIRECT2_WORDS]);
	void *arg;
};

/**
 * struct ffa_msg_dispatcher - the handlers of a receive loop. Any handler
 * may be NULL: a request without a handler stops the loop with
 * FFA_ERR_UNHANDLED (request left in *msg); an event without a handler is
 * ignored (the loop waits again).
 * @direct:     partition messages (DIRECT_REQ); @reply zeroed before.
 * @framework:  framework requests; @reply (w3..w7 of the framework
 *              response) zeroed before.
 * @services, @n_services: DIRECT_REQ2 services, matched by UUID.
 * @event:      FFA_RUN / FFA_INTERRUPT wake-ups; may return
 *              FFA_DISPATCH_READ_INDIRECT.
 * @indirect:   an indirect message read from the RX buffer (already
 *              released): header and the payload copied into @indirect_buf.
 * @indirect_buf, @indirect_cap: caller buffer for indirect payloads.
 * @wait_flags: flags for every FFA_MSG_WAIT the loop makes.
 * @arg:        passed to @direct, @framework, @event and @indirect.
 */
struct ffa_msg_dispatcher {
	int (*direct)(void *arg, const struct ffa_msg *req, uint64_t reply[FFA_MSG_DIRECT_WORDS]);
	int (*framework)(void *arg, const struct ffa_msg *req,
			 uint64_t reply[FFA_MSG_DIRECT_WORDS]);
	const struct ffa_msg_service *services;
	size_t n_services;
	int (*event)(void *arg, const struct ffa_msg *msg);
	int (*indirect)(void *arg, const struct ffa_indirect_msg *hdr, const void *payload);
	void *indirect_buf;
	size_t indirect_cap;
	uint32_t wait_flags;
	void *arg;
};

/**
 * ffa_msg_dispatch() - the receive loop: wait -> message -> handler ->
 * reply (which brings the next message) -> ...
 * @msg: in: a message to dispatch first, or FFA_MSG_NONE to start with
 *       FFA_MSG_WAIT; out: see the return values.
 *
 * Requests get their reply in the request's form and width (DIRECT_RESP,
 * DIRECT_RESP2, framework response of the paired type). Events and indirect
 * messages are followed by FFA_MSG_WAIT.
 * After an event (RUN/INTERRUPT) or an indirect message nothing is pending:
 * *msg is FFA_MSG_NONE whatever happens next.
 * Returns 1 (a handler returned FFA_DISPATCH_STOP), 2 (FFA_DISPATCH_HOLD:
 * the request is in *msg); FFA_ERR_UNHANDLED (no handler for the request in
 * *msg; or FFA_DISPATCH_READ_INDIRECT without an indirect handler: the
 * message stays unread in the owned RX buffer); a handler's negative result
 * (a request stays in *msg, unanswered); FFA_ERR_BAD_ARGUMENT (NULL
 * pointers, a *msg that is a response or FFA_MSG_SUCCESS, a handler result
 * not allowed for its kind - a request stays in *msg); errors of the calls
 * made (then *msg is FFA_MSG_NONE, or the request whose reply could not be
 * sent when the error came before sending, e.g. a 32-bit request answered
 * with a word above 32 bits); errors of ffa_msg_recv_indirect() (RX
 * released). Never returns 0.
 */
int ffa_msg_dispatch(struct ffa_ctx *ctx, const struct ffa_msg_dispatcher *d,
		     struct ffa_msg *msg);

#ifdef __cplusplus
}
#endif

#endif /* FFA_MSG_H */
