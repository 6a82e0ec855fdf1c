/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Simulator internals shared by sim/core/ (every .c file). Not installed.
 *
 * The model (docs/simulator.md "Run states"): one simulated CPU. Every
 * secure partition has one execution context for messaging, in one of the
 * run states below; a normal-world endpoint is RUNNING or BLOCKED. An
 * endpoint that gives a partition cycles (direct request, FFA_RUN) is
 * BLOCKED on it until the partition answers, yields or is preempted. The
 * host sees an endpoint "outstanding" while its last call has no answer.
 */
#ifndef FFA_SIM_INTERNAL_H
#define FFA_SIM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/defs.h>
#include <ffa/desc.h>
#include <ffa/error.h>
#include <ffa_sim/partition.h>
#include <ffa_sim/sim.h>

#include "le.h"
#include "memtab.h"

/* "No endpoint" in index fields. */
#define SIM_NONE 0xFFFFu
/* Built-in partitions calling built-in partitions: deepest nesting. */
#define SIM_MAX_DEPTH 4u
/* The page FF-A counts buffers in. */
#define SIM_PAGE 4096u

/* Run states. */
enum sim_rs {
	RS_INIT = 0,      /* external SP that has not reached FFA_MSG_WAIT yet */
	RS_WAITING = 1,   /* SP idle in FFA_MSG_WAIT: may receive a message */
	RS_RUNNING = 2,   /* executing (for @requester when @work != W_NONE) */
	RS_BLOCKED = 3,   /* waiting for @waiting_on (its direct request/RUN) */
	RS_PREEMPTED = 4, /* yielded or interrupted; @preempt_owner resumes it */
};

/* What a running SP does for its requester. */
enum sim_work {
	W_NONE = 0,
	W_REQ = 1,  /* FFA_MSG_SEND_DIRECT_REQ_32/64 */
	W_REQ2 = 2, /* FFA_MSG_SEND_DIRECT_REQ2 */
	W_RUN = 3,  /* FFA_RUN */
};

/* RX buffer owner (ffa-abi.md 12). */
enum sim_rx_owner {
	RX_PM = 0,  /* the partition manager (producer): empty */
	RX_EP = 1,  /* the endpoint (consumer): holds a message/descriptors */
	RX_HYP = 2, /* the hypervisor, after FFA_RX_ACQUIRE */
};

struct ffa_sim_part {
	struct ffa_sim *sim;
	uint16_t index;
};

struct sim_ep {
	struct ffa_sim_part part; /* built-ins: handed to the ops */
	uint16_t id;
	uint16_t vcpus;
	bool secure;
	bool builtin;
	uint32_t props;
	uint32_t flags;
	const struct ffa_uuid *uuids;
	uint32_t uuid_count;
	const struct ffa_sim_partition_ops *ops;
	void *ops_arg;
	void *state;

	/* Version: 0 until negotiated (v1.0 semantics then). */
	uint32_t version;
	bool locked;

	/* RX/TX pair. */
	bool mapped;
	uint8_t rx_owner;
	uint32_t pages;
	uint64_t tx_pa, rx_pa;
	uint8_t *tx;
	uint8_t *rx;

	/* Run state. */
	uint8_t rs;
	uint8_t work;
	bool yielded;      /* RS_PREEMPTED by FFA_YIELD (else interrupted) */
	bool fwk;          /* the request being handled is a framework message */
	uint8_t fwk_type;  /* its type */
	uint32_t req_fid;  /* the request's function ID (response width) */
	uint16_t requester;     /* index of who gave cycles (W_* != W_NONE) */
	uint16_t waiting_on;    /* RS_BLOCKED: index of the target */
	uint16_t preempt_owner; /* RS_PREEMPTED: index allowed to FFA_RUN it */
	bool orphan;       /* its requester was aborted (ffa_sim_abort()): it
			      finishes the work, the result goes nowhere */

	/* The host-level call. */
	bool outstanding;  /* a call without a taken answer */
	bool answer_ready;
	bool held;         /* a call made while preempted, run when resumed */
	bool wake_queued;
	struct ffa_regs answer;
	struct ffa_regs held_frame;

	/* Notifications (ffa-abi.md 11). */
	bool notif_on;     /* SP with property bit 3, or bitmap created */
	uint16_t notif_vcpus;
	uint64_t bound;           /* bits bound to some sender */
	uint64_t per_vcpu;        /* ... of which bound per-vCPU */
	uint64_t pend_sp, pend_vm; /* global pending, by sender world */
	uint64_t *vpend;          /* [2 * vcpus]: per-vCPU pending, SP then VM */
	uint32_t fw_spm, fw_hyp;  /* framework bitmaps */
	bool info_global;         /* not yet reported by INFO_GET */
	uint64_t info_vcpus;
	uint16_t bind_sender[64]; /* endpoint index per bound bit */

	/* Memory management (mem.c): a fragmented send in progress... */
	bool send_active;
	uint64_t send_handle;
	struct ffa_mem_reasm send_reasm;
	/* ...and a retrieve response being delivered in fragments. */
	bool resp_active;
	uint64_t resp_handle;
	uint32_t resp_index;        /* next constituent the encoder reads */
	struct ffa_mem_receiver resp_rcv;
	struct ffa_mem_frag resp_frag;
};

struct ffa_sim {
	uint32_t version;
	uint16_t spmc_id;
	uint16_t hyp;             /* index of the hypervisor endpoint or SIM_NONE */
	struct ffa_sim_host host;
	struct ffa_sim_quirks q;
	uint32_t rxtx_min_pages, rxtx_max_pages;
	uint32_t sri_intid, npi_intid;
	uint32_t sri_count;
	bool sri_delayed;          /* an SP asked to delay the SRI */
	bool trace_on;
	bool in_hook;
	uint32_t depth;            /* nesting of calls being handled */
	uint16_t top;              /* index whose host call is being handled */
	uint32_t ep_count;
	struct sim_ep *eps;        /* sorted by ID */
	struct ffa_sim_memtab mt;  /* memory ownership and access table */
	uint32_t wake_count;
	uint16_t *wake_q;          /* [ep_count] */
};

/* One call being handled. */
struct sim_call {
	struct ffa_sim *s;
	struct sim_ep *ep;
	const struct ffa_regs *in;
	uint32_t fid;  /* SVE hint masked */
	bool is64;
};

/* ---- sim.c: endpoints, answers, wake-ups ------------------------------- */

/* The endpoint with ID @id, or NULL (binary search; the array is sorted). */
struct sim_ep *sim_ep_find(const struct ffa_sim *s, uint16_t id);
static inline uint16_t sim_idx(const struct ffa_sim *s, const struct sim_ep *ep)
{
	return (uint16_t)(ep - s->eps);
}
static inline struct sim_ep *sim_ep_at(struct ffa_sim *s, uint16_t idx)
{
	return idx < s->ep_count ? &s->eps[idx] : NULL;
}

/* The version @ep's layouts follow: negotiated, else v1.0. */
static inline uint32_t sim_ep_version(const struct sim_ep *ep)
{
	return ep->version ? ep->version : FFA_VERSION_1_0;
}

/* Low 32 bits of register @i. */
static inline uint32_t sim_w(const struct ffa_regs *r, unsigned int i)
{
	return (uint32_t)r->x[i];
}

static inline uint32_t sim_ids(uint16_t hi, uint16_t lo)
{
	return ((uint32_t)hi << 16) | (uint32_t)lo;
}

/* Do [a, a + n) and [b, b + m) overlap? (Neither wraps.) */
static inline bool sim_overlap(uint64_t a, uint64_t n, uint64_t b, uint64_t m)
{
	return a < b + m && b < a + n;
}

/* The host's map() (NULL without a hook); @ep may be FFA_SIM_MAP_PM. */
void *sim_host_map(struct ffa_sim *s, uint16_t ep, uint64_t pa, uint64_t size);

/* Give @ep the answer @r to its pending call (queues the wake-up). */
void sim_complete(struct ffa_sim *s, struct sim_ep *ep, const struct ffa_regs *r);
/* Answer the call being handled. */
void sim_answer(struct sim_call *c, const struct ffa_regs *r);
void sim_answer_error(struct sim_call *c, int code);
/* FFA_SUCCESS_32 with w2/w3. */
void sim_answer_success(struct sim_call *c, uint32_t w2, uint32_t w3);
/* An FFA_ERROR frame for @code as the quirks want it. */
void sim_error_frame(const struct ffa_sim *s, struct ffa_regs *r, int code);
void sim_frame(struct ffa_regs *r, uint32_t fid);

/* Handle a call of @ep (dispatcher; the answer, if any, is in @ep). */
void sim_dispatch(struct ffa_sim *s, struct sim_ep *ep, const struct ffa_regs *in);
/* Is @uuid one @ep declares? */
bool sim_ep_has_uuid(const struct sim_ep *ep, const struct ffa_uuid *uuid);
/* Raise the SRI (or remember it if an SP delayed it). */
void sim_raise_sri(struct ffa_sim *s, bool delay);
/* The NPI towards external SP @ep, about to run on @vcpu (npi() hook). */
void sim_raise_npi(struct ffa_sim *s, const struct sim_ep *ep, uint16_t vcpu);
/* An SP gave the CPU back: a delayed SRI fires now. */
void sim_cpu_given_back(struct ffa_sim *s);
/* Trace hook wrapper. */
void sim_trace(struct ffa_sim *s, enum ffa_sim_trace_kind kind, const struct sim_ep *ep,
	       const struct ffa_regs *in, const struct ffa_regs *out);

/* ---- dispatch.c ------------------------------------------------------------ */

/* FFA_FEATURES of a function ID for @ep: true if available; @w2 receives
 * the interface properties. */
bool sim_abi_features(struct ffa_sim *s, const struct sim_ep *ep, uint32_t fid, uint32_t in_w2,
		      uint32_t *w2, uint32_t *w3);

/* ---- Handlers, one file per area ---------------------------------------- */

void sim_h_version(struct sim_call *c);
void sim_h_features(struct sim_call *c);
void sim_h_id_get(struct sim_call *c);
void sim_h_spm_id_get(struct sim_call *c);
void sim_h_console_log(struct sim_call *c);
void sim_h_denied(struct sim_call *c);

void sim_h_rxtx_map(struct sim_call *c);
void sim_h_rxtx_unmap(struct sim_call *c);
void sim_h_rx_release(struct sim_call *c);
void sim_h_rx_acquire(struct sim_call *c);
/* Claim @ep's RX buffer for the partition manager to produce into:
 * 0, or BUSY (not mapped / not owned by the producer). */
int sim_rx_claim(const struct sim_ep *ep);
/* Hand @ep's RX buffer to @ep after writing @len bytes (tail zeroed). */
void sim_rx_produced(struct sim_ep *ep, size_t len);
/* Unmap @ep's RX/TX pair (whatever RX held is dropped). */
void sim_rxtx_reset(struct sim_ep *ep);
/* RX buffer size in bytes. */
static inline size_t sim_rx_size(const struct sim_ep *ep)
{
	return (size_t)ep->pages * SIM_PAGE;
}

void sim_h_partition_info_get(struct sim_call *c);
void sim_h_partition_info_get_regs(struct sim_call *c);

void sim_h_direct_req(struct sim_call *c);
void sim_h_direct_req2(struct sim_call *c);
void sim_h_direct_resp(struct sim_call *c);
void sim_h_msg_wait(struct sim_call *c);
void sim_h_yield(struct sim_call *c);
void sim_h_run(struct sim_call *c);
void sim_h_msg_send2(struct sim_call *c);
/* Host-injected interrupt. */
int sim_interrupt(struct ffa_sim *s, struct sim_ep *sp, uint32_t intid);
/* End @ep's part in every exchange (ffa_sim_abort()); leaves it idle. */
void sim_msg_abort(struct ffa_sim *s, struct sim_ep *ep);

void sim_h_mem_send(struct sim_call *c);
void sim_h_mem_frag_tx(struct sim_call *c);
void sim_h_mem_retrieve_req(struct sim_call *c);
void sim_h_mem_frag_rx(struct sim_call *c);
void sim_h_mem_relinquish(struct sim_call *c);
void sim_h_mem_reclaim(struct sim_call *c);
/* FFA_FEATURES of FFA_MEM_RETRIEVE_REQ for @ep with input @in_w2. */
bool sim_mem_retrieve_features(const struct sim_ep *ep, uint32_t in_w2, uint32_t *w2);
/* Memory state of @ep (pending send, response in progress); 0 or a rule. */
uint32_t sim_mem_check(const struct ffa_sim *s, const struct sim_ep *ep);

void sim_h_bitmap_create(struct sim_call *c);
void sim_h_bitmap_destroy(struct sim_call *c);
void sim_h_bind(struct sim_call *c);
void sim_h_unbind(struct sim_call *c);
void sim_h_set(struct sim_call *c);
void sim_h_get(struct sim_call *c);
void sim_h_info_get(struct sim_call *c);
/* Mark framework notification "RX buffer full" for @rcv from @sender. */
void sim_notif_rx_full(struct ffa_sim *s, struct sim_ep *rcv, const struct sim_ep *sender,
		       bool delay_sri);
/* True if @ep has notifications or framework notifications pending. */
bool sim_notif_pending(const struct sim_ep *ep);
/* Forget @ep's notification state as a receiver (bindings, pending and
 * framework bits); a bitmap the hypervisor created stays. */
void sim_notif_reset(struct sim_ep *ep);
/* Should @ep learn through the NPI that notifications are pending for it
 * on @vcpu (global ones, framework ones, or per-vCPU ones of @vcpu)? */
bool sim_notif_npi_due(const struct sim_ep *ep, uint16_t vcpu);
/* Invariants of @ep's notification state; 0 or a rule number. */
uint32_t sim_notif_check(const struct ffa_sim *s, const struct sim_ep *ep);

#endif /* FFA_SIM_INTERNAL_H */
