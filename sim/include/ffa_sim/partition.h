/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ffa_sim - built-in partition behaviours.
 *
 * A built-in secure partition is a struct ffa_sim_partition_ops named in
 * its endpoint configuration. The simulator runs it synchronously when it
 * is given CPU cycles: a direct request (FFA_MSG_SEND_DIRECT_REQ(2)) or an
 * FFA_RUN. While a handler runs, the partition is RUNNING and may make FF-A
 * calls of its own through ffa_sim_part_call() (notifications, indirect
 * messages, RX/TX, memory...), answered at once like any caller's.
 * Blocking calls are expressed by the handler's return value instead:
 *
 *   FFA_SIM_PART_REPLY      respond: the simulator sends the direct response
 *                           built from @resp (and then the partition waits,
 *                           as after FFA_MSG_WAIT);
 *   FFA_SIM_PART_YIELD      FFA_YIELD: the requester sees FFA_YIELD and the
 *                           partition's resume() runs when it is FFA_RUN;
 *   FFA_SIM_PART_INTERRUPT  preempted: the requester sees FFA_INTERRUPT,
 *                           resume() runs on FFA_RUN;
 *   negative                the partition aborted: the requester gets
 *                           FFA_ERROR(ABORTED), the partition waits again.
 *
 * Behaviours in the library: echo, notifier, memory checker (below). The
 * next ones (a virtio-msg device, an MM variable service) are new files in
 * sim/partitions/ implementing this same interface.
 */
#ifndef FFA_SIM_PARTITION_H
#define FFA_SIM_PARTITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/conduit.h>
#include <ffa/uuid.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A built-in partition as its handlers see it (opaque). */
struct ffa_sim_part;

#define FFA_SIM_PART_REPLY 0
#define FFA_SIM_PART_YIELD 1
#define FFA_SIM_PART_INTERRUPT 2

/**
 * struct ffa_sim_partition_ops - a built-in behaviour. Every hook but
 * @name may be NULL (a NULL request hook answers every request with
 * FFA_ERROR(ABORTED) - configure the partition without the matching
 * property instead).
 * @name:        for traces and docs.
 * @state_size:  bytes of private state the simulator reserves (zeroed at
 *               creation); ffa_sim_part_state().
 * @init:        at ffa_sim_create(); negative fails the creation.
 * @direct_req:  FFA_MSG_SEND_DIRECT_REQ_32/64 (partition or framework
 *               message) in @req. Fill @resp's x2 (framework flags, 0
 *               otherwise) and payload x3..x7; x0/x1 are set by the
 *               simulator (same width as the request).
 * @direct_req2: FFA_MSG_SEND_DIRECT_REQ2 for protocol @uuid (Nil: the
 *               default protocol). Fill @resp's x4..x17.
 * @resume:      FFA_RUN after the partition yielded or was preempted; same
 *               return values, @resp as for the pending request.
 * @run:         FFA_RUN while waiting (e.g. after the scheduler learnt of
 *               pending notifications or an indirect message). The
 *               partition then waits again (FFA_MSG_WAIT semantics).
 */
struct ffa_sim_partition_ops {
	const char *name;
	size_t state_size;
	int (*init)(struct ffa_sim_part *p);
	int (*direct_req)(struct ffa_sim_part *p, const struct ffa_regs *req,
			  struct ffa_regs *resp);
	int (*direct_req2)(struct ffa_sim_part *p, const struct ffa_uuid *uuid,
			   const struct ffa_regs *req, struct ffa_regs *resp);
	int (*resume)(struct ffa_sim_part *p, struct ffa_regs *resp);
	void (*run)(struct ffa_sim_part *p);
};

/**
 * ffa_sim_part_call() - make an FF-A call as partition @p (only while one
 * of its handlers runs). The answer is always immediate.
 * FFA_MSG_WAIT, FFA_YIELD, FFA_RUN and the direct responses are answered
 * FFA_ERROR(DENIED) (use the handler's return value), as is a direct
 * request to an external SP (a built-in cannot block).
 * Returns 0 with @out filled; FFA_ERR_BAD_ARGUMENT for NULL pointers or
 * when @p is not running; FFA_ERR_BUSY when built-in calls nest too deep.
 */
int ffa_sim_part_call(struct ffa_sim_part *p, const struct ffa_regs *in, struct ffa_regs *out);

/** ffa_sim_part_id() - the partition's endpoint ID. */
uint16_t ffa_sim_part_id(const struct ffa_sim_part *p);

/** ffa_sim_part_version() - the FF-A version the partition speaks. */
uint32_t ffa_sim_part_version(const struct ffa_sim_part *p);

/** ffa_sim_part_state() - its private state (ops->state_size bytes). */
void *ffa_sim_part_state(struct ffa_sim_part *p);

/** ffa_sim_part_arg() - the ops_arg of its endpoint configuration. */
void *ffa_sim_part_arg(const struct ffa_sim_part *p);

/**
 * ffa_sim_part_rx() / ffa_sim_part_tx() - its RX and TX buffers (mapped
 * from creation; @size receives their size, 4096). Read the RX buffer only
 * while the partition owns it (after PARTITION_INFO_GET, a retrieve or an
 * indirect message, until FFA_RX_RELEASE).
 */
const uint8_t *ffa_sim_part_rx(const struct ffa_sim_part *p, size_t *size);
uint8_t *ffa_sim_part_tx(struct ffa_sim_part *p, size_t *size);

/**
 * ffa_sim_part_map() - reach [@pa, @pa + @size), e.g. memory the partition
 * retrieved. The ownership table must grant the partition access to every
 * byte (read, or read-write when @write), then the host's map() gives the
 * pointer (FFA_SIM_MAP_PM). Returns NULL when either refuses.
 */
void *ffa_sim_part_map(struct ffa_sim_part *p, uint64_t pa, uint64_t size, bool write);

/* ---- Built-in behaviours ---------------------------------------------------- */

/**
 * ffa_sim_echo_ops() - echo: answers a direct request with its payload
 * (x3..x7; REQ2: x4..x17 for any UUID it declares) and an indirect message
 * with the same payload and protocol UUID sent back to its sender. Two
 * magic first words preempt the request once before it is answered:
 * FFA_SIM_ECHO_YIELD (answers FFA_YIELD) and FFA_SIM_ECHO_INTERRUPT
 * (answers FFA_INTERRUPT); the echo follows the FFA_RUN. VM created /
 * destroyed framework messages are acknowledged with status 0.
 */
const struct ffa_sim_partition_ops *ffa_sim_echo_ops(void);
#define FFA_SIM_ECHO_YIELD 0x594C4431u     /* "1DLY" */
#define FFA_SIM_ECHO_INTERRUPT 0x544E4931u /* "1INT" */

/**
 * ffa_sim_notifier_ops() - notifier: binds and sets notifications on
 * request. Direct request w3 = command, answer w3 = status (0 or the FF-A
 * error code of its own call, as a 32-bit value):
 *   FFA_SIM_NOTIFIER_BIND   w4 = sender, w5/w6 = bitmap lo/hi, w7 = flags:
 *                           NOTIFICATION_BIND of those bits for @sender;
 *   FFA_SIM_NOTIFIER_UNBIND w4 = sender, w5/w6 = bitmap;
 *   FFA_SIM_NOTIFIER_SET    w4 = receiver, w5/w6 = bitmap, w7 = flags:
 *                           NOTIFICATION_SET from the notifier;
 *   FFA_SIM_NOTIFIER_TAKE   answer w4/w5 = SP bitmap lo/hi, w6/w7 = VM
 *                           bitmap lo/hi received (NOTIFICATION_GET when it
 *                           was run) since the last TAKE.
 */
const struct ffa_sim_partition_ops *ffa_sim_notifier_ops(void);
#define FFA_SIM_NOTIFIER_BIND 1u
#define FFA_SIM_NOTIFIER_UNBIND 2u
#define FFA_SIM_NOTIFIER_SET 3u
#define FFA_SIM_NOTIFIER_TAKE 4u

/**
 * ffa_sim_memcheck_ops() - memory checker: retrieves memory shared, lent or
 * donated to it, verifies a byte pattern, writes another, and gives the
 * access back. Direct request:
 *   w3 = FFA_SIM_MEMCHECK_CHECK, w4 = owner (the sender), w5/w6 = handle
 *   lo/hi, w7 = expected byte [7:0] | byte to write [15:8] | transaction
 *   type [17:16] (FFA_MEM_RETRIEVE_TYPE_*) | flag bit 18 "do not write"
 *   (for read-only grants).
 * Answer: w3 = status (0, or the FF-A error of its own call as a 32-bit
 * value), w4 = pages checked, w5 = bytes that did not match, w6 = 1 if
 * the memory was written. A DONATE is kept (the checker is the owner then),
 * anything else relinquished.
 */
const struct ffa_sim_partition_ops *ffa_sim_memcheck_ops(void);
#define FFA_SIM_MEMCHECK_CHECK 1u
#define FFA_SIM_MEMCHECK_NO_WRITE (1u << 18)

#ifdef __cplusplus
}
#endif

#endif /* FFA_SIM_PARTITION_H */
