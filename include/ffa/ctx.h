/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa - the caller-owned context.
 *
 * A context is one FF-A endpoint's view of its partition manager: the
 * conduit, the negotiated version, its own ID, its RX/TX buffer pair, the
 * features learnt so far and the preemption policy. The caller allocates it
 * (stack, static, heap: libffa never allocates) and may keep several in one
 * process (a hypervisor serving several VMs, a test playing both ends).
 *
 * The struct is public so that it can be allocated without a heap; its
 * members are private to libffa: read them through the accessors below.
 */
#ifndef FFA_CTX_H
#define FFA_CTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/conduit.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * enum ffa_preempt_policy - what a call does when the target answers
 * FFA_INTERRUPT or FFA_YIELD instead of its result.
 * @FFA_PREEMPT_RESUME: resume at once with FFA_RUN on the endpoint/vCPU the
 *        answer names (calling the yield_wait port hook first for FFA_YIELD),
 *        until the result arrives or the resume limit is reached.
 * @FFA_PREEMPT_RETURN: return FFA_ERR_PREEMPTED so the caller's scheduler can
 *        act; ffa_ctx_preempted() tells what to FFA_RUN later.
 */
enum ffa_preempt_policy {
	FFA_PREEMPT_RESUME = 0,
	FFA_PREEMPT_RETURN = 1,
};

/**
 * struct ffa_preempt_info - the last FFA_INTERRUPT / FFA_YIELD seen.
 * @yielded:      true for FFA_YIELD, false for FFA_INTERRUPT.
 * @endpoint:     w1[31:16]: the endpoint to resume with FFA_RUN.
 * @vcpu:         w1[15:0]: its vCPU index.
 * @interrupt_id: FFA_INTERRUPT w2 (0 if none or for FFA_YIELD).
 * @timeout:      FFA_YIELD w2 | w3 << 32 (0 for FFA_INTERRUPT).
 */
struct ffa_preempt_info {
	bool yielded;
	uint16_t endpoint;
	uint16_t vcpu;
	uint32_t interrupt_id;
	uint64_t timeout;
};

/* Private: feature cache. Function numbers 0x60..0x9F, one bit each. */
struct ffa_features_cache {
	uint64_t known[2]; /* [0] SMC32 IDs, [1] SMC64 IDs */
	uint64_t supported[2];
};

/* Private context flags. */
#define FFA_CTX_F_OWN_ID (1u << 0)
#define FFA_CTX_F_RXTX_MAPPED (1u << 1)
#define FFA_CTX_F_LOCKED_IN (1u << 2) /* a non-VERSION frame was sent */

/** struct ffa_ctx - see the file comment. Members are private. */
struct ffa_ctx {
	struct ffa_conduit conduit;
	struct ffa_port port;
	uint32_t version;    /* negotiated version; 0 until negotiated */
	uint32_t pm_version; /* what the partition manager last reported */
	uint32_t flags;      /* FFA_CTX_F_* */
	uint16_t own_id;
	void *tx;
	void *rx;
	uint32_t rxtx_pages;
	uint32_t rxtx_min_size;  /* from ffa_features_rxtx_map(); 0 = unknown */
	uint32_t rxtx_max_pages; /* likewise; 0 = no limit stated */
	enum ffa_preempt_policy preempt_policy;
	uint32_t resume_limit;
	struct ffa_preempt_info preempt;
	struct ffa_features_cache features;
};

/**
 * ffa_ctx_init() - prepare a context.
 * @ctx:     caller-owned storage; fully overwritten.
 * @conduit: copied into the context; the object its priv points to must
 *           outlive the context. Must have a call function.
 * @port:    copied; NULL means no hooks (identity VA->PA, no locking).
 *
 * The context starts un-negotiated with policy FFA_PREEMPT_RESUME and no
 * resume limit. Makes no call. Returns 0, or FFA_ERR_BAD_ARGUMENT if @ctx,
 * @conduit or @conduit->call is NULL.
 */
int ffa_ctx_init(struct ffa_ctx *ctx, const struct ffa_conduit *conduit,
		 const struct ffa_port *port);

/**
 * ffa_ctx_set_preempt_policy() - choose how FFA_INTERRUPT/FFA_YIELD are met.
 * @ctx:    the context.
 * @policy: FFA_PREEMPT_RESUME or FFA_PREEMPT_RETURN.
 * @resume_limit: with FFA_PREEMPT_RESUME, the most FFA_RUN resumptions one
 *          call makes before giving up with FFA_ERR_PREEMPTED (0 = no limit).
 *
 * Returns 0, or FFA_ERR_BAD_ARGUMENT for a NULL context or unknown policy.
 */
int ffa_ctx_set_preempt_policy(struct ffa_ctx *ctx, enum ffa_preempt_policy policy,
			       uint32_t resume_limit);

/**
 * ffa_ctx_preempted() - the last preemption reported by FFA_ERR_PREEMPTED.
 * Returns a pointer into @ctx (valid while @ctx lives); contents are
 * meaningful only after a call returned FFA_ERR_PREEMPTED.
 */
const struct ffa_preempt_info *ffa_ctx_preempted(const struct ffa_ctx *ctx);

/** ffa_ctx_version() - negotiated version, or 0 if not negotiated. */
uint32_t ffa_ctx_version(const struct ffa_ctx *ctx);

/** ffa_ctx_pm_version() - the version the partition manager last reported
 *  in FFA_VERSION (0 if none). */
uint32_t ffa_ctx_pm_version(const struct ffa_ctx *ctx);

/**
 * ffa_ctx_own_id() - the endpoint ID learnt by ffa_id_get().
 * Returns 0 and sets *@id; FFA_ERR_BAD_ARGUMENT if @ctx or @id is NULL;
 * FFA_ERR_NO_DATA if ffa_id_get() has not succeeded on this context.
 */
int ffa_ctx_own_id(const struct ffa_ctx *ctx, uint16_t *id);

/**
 * ffa_ctx_rx_buffer() / ffa_ctx_tx_buffer() - the mapped buffers, or NULL
 * when no pair is mapped. ffa_ctx_rxtx_size() gives their size in bytes (0
 * when unmapped). The buffers stay owned by the caller that mapped them.
 */
void *ffa_ctx_rx_buffer(const struct ffa_ctx *ctx);
void *ffa_ctx_tx_buffer(const struct ffa_ctx *ctx);
size_t ffa_ctx_rxtx_size(const struct ffa_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif /* FFA_CTX_H */
