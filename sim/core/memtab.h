/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ffa_sim memtab - the simulator's memory ownership and access table: who
 * owns which page, every SHARE/LEND/DONATE transaction, who retrieved what,
 * and the state machine of ffa-memory.md sections 5, 6, 7, 9 and 10 with
 * every check of section 10.1 that does not need the wire format.
 *
 * It is a data structure, not a call handler: the simulator core decodes a
 * descriptor with libffa's desc layer, copies the fields into the request
 * structures below (the receivers as struct ffa_mem_receiver, the ranges as
 * struct ffa_mem_range, the same types the desc layer uses) and turns the
 * return value into FFA_SUCCESS / FFA_MEM_FRAG_RX / FFA_MEM_RETRIEVE_RESP /
 * FFA_ERROR. The table never touches memory contents: where pages must be
 * zeroed it says so and the core zeroes them.
 *
 * Freestanding (stdint.h, stddef.h, stdbool.h only), no heap, no globals.
 * All storage is in caller-provided pools whose sizes are fixed at
 * ffa_sim_memtab_init(); nothing a client sends can make the table grow.
 * When a pool is exhausted a request fails with FFA_ERR_NO_MEMORY and the
 * table is exactly as before.
 *
 * Time per operation, n live transactions, r runs of ownership:
 *   lookup by handle       O(1) worst case (the handle is the keyed
 *                          encryption of a counter and the slot index)
 *   send (k ranges)        O(k log(n + r)) (red-black interval indexes)
 *   retrieve, relinquish   O(1) + O(receivers of that transaction)
 *   reclaim (k ranges)     O(k) amortized (each range is taken out of the
 *                          index by its node: no search)
 *   donate retrieve        O(k log r)
 *   access query           O(log(n + r)) per transaction/run crossed
 *   endpoint_gone, check   O(n + r + receivers) (rare / debug)
 * No operation walks all transactions except endpoint_gone() and the
 * checker. See docs/sim-memory.md for the design and the rule table.
 *
 * Every function returns 0 (or a documented non-negative value) on success
 * and a negative enum ffa_status otherwise. FF-A codes (INVALID_PARAMETERS,
 * DENIED, NO_MEMORY) are what the core forwards to the client as FFA_ERROR;
 * FFA_ERR_BAD_ARGUMENT means the *core* passed something impossible (NULL
 * pointer, unknown transaction type): a simulator bug, never a client error.
 * A request that fails changes nothing, except where a function documents
 * that a failed fragment ends its pending transaction (as Hafnium frees the
 * share state).
 *
 * Not thread-safe: the core serialises calls (it holds one lock for the
 * whole partition manager).
 */
#ifndef FFA_SIM_MEMTAB_H
#define FFA_SIM_MEMTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/desc.h>
#include <ffa/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================== */
/* Configuration                                                            */
/* ======================================================================== */

/**
 * enum ffa_sim_memtab_alloc - who allocates handles, i.e. bit 63 of every
 * handle (ffa-memory.md 7), and which sender/receiver pairs are allowed.
 * @FFA_SIM_MEMTAB_ALLOC_BY_ENDPOINTS: the simulator is SPMC and hypervisor
 *        in one: bit 63 is set when the sender and every receiver are VMs
 *        (endpoint ID bit 15 clear), clear when an SP is involved. VMs may
 *        send to anyone; an SP may send only to SPs (secure memory never
 *        goes to the normal world). The default.
 * @FFA_SIM_MEMTAB_ALLOC_SPMC: a pure SPMC (Hafnium at S-EL2): bit 63 always
 *        clear, and Hafnium's SPMC rules per receiver: LEND/DONATE only to
 *        SPs; SHARE SP->SP, VM->one SP, or VM->several borrowers of any
 *        world. Anything else is FFA_ERR_DENIED.
 * @FFA_SIM_MEMTAB_ALLOC_HYPERVISOR: a pure hypervisor: bit 63 always set;
 *        pairs as for BY_ENDPOINTS.
 */
enum ffa_sim_memtab_alloc {
	FFA_SIM_MEMTAB_ALLOC_BY_ENDPOINTS = 0,
	FFA_SIM_MEMTAB_ALLOC_SPMC = 1,
	FFA_SIM_MEMTAB_ALLOC_HYPERVISOR = 2,
};

/*
 * Behaviour switches (config.quirks) for points where real partition
 * managers disagree with the fact sheet's default (docs/sim-memory.md,
 * "Decisions"). 0 = the sheet's default (Hafnium where it is the source).
 */
/** A range already in a live transaction is FFA_ERR_INVALID_PARAMETERS
 *  (TF-A EL3 SPMC, real-spmc-behaviour.md) instead of FFA_ERR_DENIED. */
#define FFA_SIM_MEMTAB_Q_OVERLAP_INVALID (1u << 0)
/** Accept any valid attribute encoding in SHARE/LEND and retrieve requests
 *  (TF-A validates nothing); default: normal memory must be write-back
 *  inner-shareable and device memory nGnRnE inner-shareable (Hafnium),
 *  anything else FFA_ERR_DENIED. */
#define FFA_SIM_MEMTAB_Q_ANY_ATTRIBUTES (1u << 1)
/** Accept the time-slicing flag (bit 1) in DONATE/LEND/SHARE (never pause);
 *  default: FFA_ERR_INVALID_PARAMETERS as Hafnium and TF-A answer. */
#define FFA_SIM_MEMTAB_Q_TIME_SLICE (1u << 2)
/** One FFA_MEM_RELINQUISH ends all retrievals of that borrower (Hafnium
 *  2025+: the count is a flag); default: each retrieve must be matched by
 *  one relinquish (TF-A "in_use" count, the sheet's 9.3). */
#define FFA_SIM_MEMTAB_Q_RELINQUISH_ALL (1u << 3)
/** The platform can make non-secure memory executable for SPs: a retriever
 *  SP may ask for X on NS memory; default: FFA_ERR_INVALID_PARAMETERS. */
#define FFA_SIM_MEMTAB_Q_NS_EXEC (1u << 4)
#define FFA_SIM_MEMTAB_Q_ALL 0x1Fu

/**
 * struct ffa_sim_memtab_config - behaviour, fixed at init.
 * @seed:           key material for the handle permutation: handles are a
 *                  keyed bijection of a counter, so two tables with
 *                  different seeds give unrelated handle sequences.
 * @alloc:          enum ffa_sim_memtab_alloc.
 * @quirks:         FFA_SIM_MEMTAB_Q_* bits.
 * @endpoint_valid: optional; called with @arg for every receiver ID of a
 *                  send. Returning false refuses the send with
 *                  FFA_ERR_INVALID_PARAMETERS ("unknown receiver"). NULL:
 *                  every ID is accepted (the core checks them itself).
 * @arg:            passed to @endpoint_valid.
 */
struct ffa_sim_memtab_config {
	uint64_t seed;
	uint32_t alloc;
	uint32_t quirks;
	bool (*endpoint_valid)(void *arg, uint16_t id);
	void *arg;
};

/* ======================================================================== */
/* Storage (caller-allocated; members private)                              */
/* ======================================================================== */

/** Index meaning "none" in every private link. */
#define FFA_SIM_MEMTAB_NIL UINT32_MAX

/**
 * struct ffa_sim_memtab_node - one address range: a constituent of a
 * transaction, or a run of pages owned by one endpoint. Private.
 */
struct ffa_sim_memtab_node {
	uint64_t pfn;   /* first page frame (address >> 12) */
	uint64_t pages; /* length in 4 KiB pages, >= 1 */
	uint32_t left, right, parent; /* red-black tree links */
	uint32_t next;  /* next constituent of the transaction / free list */
	uint32_t txn;   /* constituent: owning transaction index */
	uint16_t owner; /* run: owning endpoint */
	uint8_t kind;   /* free, run, constituent */
	uint8_t height; /* black height: black nodes down to a leaf, self included */
	uint8_t rflags; /* run: FFA_SIM_MEMTAB_REGION_* */
	uint8_t where;  /* constituent: in no tree, the private or the global tree */
	bool red;       /* red-black colour */
};

/**
 * struct ffa_sim_memtab_txn - one transaction. Private.
 */
struct ffa_sim_memtab_txn {
	uint64_t handle;
	uint64_t tag;
	uint64_t pages_seen;  /* pages received so far */
	uint32_t total_pages; /* declared in the composite descriptor */
	uint32_t range_count; /* declared constituent count */
	uint32_t ranges_seen;
	uint32_t head, tail;  /* constituent list */
	uint32_t root;        /* private range tree while fragments arrive */
	uint32_t rcv_head;    /* receiver list */
	uint32_t rcv_count;
	uint32_t holders;     /* receivers with retrievals > 0 */
	uint32_t reserve;     /* nodes reserved for this transaction */
	uint32_t flags;       /* DONATE/LEND/SHARE flags (6.1) */
	uint32_t cur_index, cur_node; /* ffa_sim_memtab_ranges() cursor */
	uint32_t next_free;
	uint16_t owner;
	uint16_t attributes;
	uint8_t type;         /* FFA_MEM_RETRIEVE_TYPE_SHARE/LEND/DONATE */
	uint8_t state;        /* enum ffa_sim_mem_state, 0 = free */
	uint8_t rflags;       /* region flags of the memory (once complete) */
	bool impdef_valid;
	bool owner_gone;
};

/**
 * struct ffa_sim_memtab_rcv - one receiver of a transaction. Private.
 */
struct ffa_sim_memtab_rcv {
	uint8_t impdef[FFA_MEM_IMPDEF_SIZE];
	uint32_t retrievals;
	uint32_t next;
	uint16_t id;
	uint8_t perm;       /* as the sender granted it */
	uint8_t granted;    /* effective permission while retrievals > 0 */
	bool zero_after;    /* retrieve flag 2: zero after relinquish */
	bool used;
};

/**
 * struct ffa_sim_memtab_pools - the caller's storage, sized at init.
 * @txns:    one element per transaction that may be live (or pending) at
 *           once; @n_txns of them.
 * @rcvs:    receivers of all live transactions together; @n_rcvs.
 * @nodes:   address ranges: every constituent of every transaction plus
 *           the runs of owned memory (one per claimed region, more after
 *           donations split them), plus 2 per constituent of a DONATE
 *           until it completes (reserved at send so the ownership transfer
 *           can never fail); @n_nodes.
 * All arrays must stay valid and untouched by the caller while the table is
 * used. Each count must be < 0xFFFFFFFF.
 */
struct ffa_sim_memtab_pools {
	struct ffa_sim_memtab_txn *txns;
	uint32_t n_txns;
	struct ffa_sim_memtab_rcv *rcvs;
	uint32_t n_rcvs;
	struct ffa_sim_memtab_node *nodes;
	uint32_t n_nodes;
};

/**
 * struct ffa_sim_memtab - the table. Caller-allocated; members private.
 */
struct ffa_sim_memtab {
	struct ffa_sim_memtab_pools p;
	struct ffa_sim_memtab_config cfg;
	uint32_t free_txn, free_rcv, free_node; /* free-list heads */
	uint32_t used_txns, used_rcvs, used_nodes;
	uint32_t reserved;  /* nodes promised to live transactions */
	uint32_t txn_root;  /* constituents of complete transactions */
	uint32_t run_root;  /* runs of owned memory */
	uint64_t counter;   /* handles issued so far */
	uint64_t counter_limit; /* first counter value that no longer fits */
	uint64_t key[4];    /* handle permutation key */
	uint64_t inv;       /* inverse of the permutation's multiplier */
	uint32_t idx_bits;  /* bits of the transaction index in a handle */
};

/**
 * ffa_sim_memtab_init() - set up an empty table over the caller's pools.
 * @t:   the table (overwritten).
 * @p:   storage; copied (the arrays are referenced, not copied).
 * @cfg: behaviour; copied. NULL means all defaults with seed 0.
 *
 * Returns 0; FFA_ERR_BAD_ARGUMENT for NULL @t/@p, a NULL array, a count
 * of 0 or of 0xFFFFFFFF, an unknown @alloc or quirk bit.
 */
int ffa_sim_memtab_init(struct ffa_sim_memtab *t, const struct ffa_sim_memtab_pools *p,
			const struct ffa_sim_memtab_config *cfg);

/* ======================================================================== */
/* Owned memory                                                             */
/* ======================================================================== */

/* Region flags: properties of claimed memory, kept when ownership moves. */
#define FFA_SIM_MEMTAB_REGION_NS 0x1u     /**< non-secure memory */
#define FFA_SIM_MEMTAB_REGION_RO 0x2u     /**< owner may only read it */
#define FFA_SIM_MEMTAB_REGION_XN 0x4u     /**< never executable */
#define FFA_SIM_MEMTAB_REGION_DEVICE 0x8u /**< device memory */
#define FFA_SIM_MEMTAB_REGION_ALL 0xFu

/**
 * ffa_sim_memtab_claim() - record that @owner owns [@pa, @pa + @pages x 4K)
 * with exclusive access (state O-EA of ffa-memory.md 10). The core claims
 * each endpoint's memory (its arena or registered regions, an SP's
 * manifest regions) before that endpoint sends any of it; memory never
 * claimed cannot be shared, lent or donated.
 * @flags: FFA_SIM_MEMTAB_REGION_* bits.
 *
 * Returns 0; FFA_ERR_BAD_ARGUMENT for NULL @t, unknown flag bits, an
 * unaligned @pa, @pages 0 or a range past 2^64 - 1; FFA_ERR_DENIED if any
 * page is already claimed (by anyone); FFA_ERR_NO_MEMORY if no node is
 * left. Runs with the same owner and flags are merged.
 */
int ffa_sim_memtab_claim(struct ffa_sim_memtab *t, uint16_t owner, uint64_t pa, uint64_t pages,
			 uint32_t flags);

/**
 * ffa_sim_memtab_unclaim() - forget @owner's ownership of the range (its
 * memory went away). Every page must be owned by @owner and in no
 * transaction (FFA_ERR_DENIED otherwise); splitting a run may need a node
 * (FFA_ERR_NO_MEMORY). Argument errors as for claim().
 */
int ffa_sim_memtab_unclaim(struct ffa_sim_memtab *t, uint16_t owner, uint64_t pa, uint64_t pages);

/* ======================================================================== */
/* DONATE / LEND / SHARE                                                    */
/* ======================================================================== */

/**
 * struct ffa_sim_mem_send - a DONATE/LEND/SHARE request (first fragment).
 * @caller:         endpoint that made the call (FFA_ERR_DENIED if it is not
 *                  @sender).
 * @sender:         descriptor sender ID (the owner).
 * @type:           FFA_MEM_RETRIEVE_TYPE_SHARE, _LEND or _DONATE (from the
 *                  function ID; anything else is FFA_ERR_BAD_ARGUMENT).
 * @attributes:     raw attribute value, 16-bit form (a v1.0 byte
 *                  zero-extended).
 * @flags:          flag word, 6.1.
 * @tag:            sender's tag, checked against retrieve requests.
 * @receiver_count: EMADs, @receivers: the decoded EMADs (id, perm, flags,
 *                  impdef; composite_offset ignored). Copied.
 * @impdef_valid:   the sender used 32-byte (v1.2+) EMADs, so @impdef counts.
 * @range_count:    constituent count of the composite descriptor (the whole
 *                  transaction, all fragments).
 * @total_pages:    page total of the composite descriptor.
 * @ranges:         the constituents in this fragment; @nranges of them
 *                  (<= @range_count; fewer means more fragments follow).
 *                  Copied.
 */
struct ffa_sim_mem_send {
	uint16_t caller;
	uint16_t sender;
	uint8_t type;
	uint16_t attributes;
	uint32_t flags;
	uint64_t tag;
	uint32_t receiver_count;
	const struct ffa_mem_receiver *receivers;
	bool impdef_valid;
	uint32_t range_count;
	uint32_t total_pages;
	const struct ffa_mem_range *ranges;
	uint32_t nranges;
};

/** Returned by send()/send_more() when more fragments are expected. */
#define FFA_SIM_MEMTAB_MORE 1

/**
 * ffa_sim_memtab_send() - validate and record a DONATE/LEND/SHARE.
 * @t:      the table.
 * @s:      the request.
 * @handle: receives the new handle (also when more fragments follow).
 *
 * Returns 0 when the transaction is complete and live (answer FFA_SUCCESS
 * with the handle; if @s->flags has FFA_MEM_FLAG_ZERO the core zeroes the
 * ranges now: the owner has lost access); FFA_SIM_MEMTAB_MORE when the
 * handle was allocated and @range_count - @nranges constituents are still
 * to come through ffa_sim_memtab_send_more() (answer FFA_MEM_FRAG_RX).
 * Until then retrieve, relinquish and reclaim of the handle fail with
 * FFA_ERR_INVALID_PARAMETERS.
 *
 * Errors (nothing is recorded):
 *  FFA_ERR_DENIED: @caller is not @sender; a receiver not allowed for this
 *    sender and operation (enum ffa_sim_memtab_alloc); attributes outside
 *    the policy (Q_ANY_ATTRIBUTES); and, once complete: a page not claimed
 *    or not owned by @sender, already in a live transaction (not exclusive;
 *    Q_OVERLAP_INVALID makes this INVALID_PARAMETERS), pages of mixed
 *    region flags, RW granted on memory the sender may only read, zeroing
 *    read-only memory, device memory described as normal or not lent to
 *    exactly one borrower.
 *  FFA_ERR_INVALID_PARAMETERS: no receivers; DONATE to more than one;
 *    the sender as receiver; a duplicate receiver; an unknown receiver
 *    (config.endpoint_valid); EMAD flags not 0; reserved permission
 *    encoding; instruction access specified; data access not specified for
 *    SHARE/LEND or specified for DONATE; flags bits 31:1 (bit 1 allowed by
 *    Q_TIME_SLICE); zero flag with SHARE; NS bit or a reserved attribute
 *    encoding; memory type specified for DONATE or single-borrower LEND, or
 *    not specified for SHARE or multi-borrower LEND; @range_count or
 *    @total_pages 0; @nranges > @range_count; a range unaligned, of 0
 *    pages, or past 2^64 - 1; the page total exceeded (or, once complete,
 *    not reached); two ranges of the transaction overlapping.
 *  FFA_ERR_NO_MEMORY: no transaction slot, receiver or node left for the
 *    whole transaction (all its constituents are reserved up front, so a
 *    later fragment never runs out).
 *  FFA_ERR_BAD_ARGUMENT: NULL pointers, unknown @type.
 */
int ffa_sim_memtab_send(struct ffa_sim_memtab *t, const struct ffa_sim_mem_send *s,
			uint64_t *handle);

/**
 * ffa_sim_memtab_send_more() - the constituents of a further fragment
 * (FFA_MEM_FRAG_TX) of a pending transaction.
 * @caller: the endpoint continuing; must be the sender.
 * @ranges: the fragment's constituents, @n >= 1 of them (copied).
 *
 * Returns 0 when the transaction is now complete (FFA_SUCCESS; zero the
 * ranges if its flags ask for it, see ffa_sim_memtab_lookup()),
 * FFA_SIM_MEMTAB_MORE when more are expected.
 * FFA_ERR_INVALID_PARAMETERS without any change for an unknown handle, a
 * handle not pending (complete already), or @caller not the sender.
 * Any other error (INVALID_PARAMETERS for a bad range, overlap, too many
 * constituents, wrong page total; DENIED for the ownership checks of
 * ffa_sim_memtab_send()) ends the pending transaction: its handle is dead.
 * FFA_ERR_BAD_ARGUMENT for NULL pointers or @n 0 (no change).
 */
int ffa_sim_memtab_send_more(struct ffa_sim_memtab *t, uint16_t caller, uint64_t handle,
			     const struct ffa_mem_range *ranges, uint32_t n);

/**
 * ffa_sim_memtab_send_abort() - drop a pending transaction of @caller (for
 * example a fragment could not be read: the core answers FFA_ERR_ABORTED).
 * Returns 0; FFA_ERR_INVALID_PARAMETERS for an unknown or complete handle
 * or another sender's.
 */
int ffa_sim_memtab_send_abort(struct ffa_sim_memtab *t, uint16_t caller, uint64_t handle);

/* ======================================================================== */
/* Retrieve, relinquish, reclaim                                            */
/* ======================================================================== */

/**
 * struct ffa_sim_mem_retrieve - a decoded FFA_MEM_RETRIEVE_REQ.
 * @caller:     the retrieving endpoint.
 * @handle:     descriptor handle.
 * @sender:     descriptor sender ID (FFA_ERR_DENIED unless the owner).
 * @attributes: requested attributes (0 = take the transaction's).
 * @flags:      6.2 flags (the core's decoder already refused bits reserved
 *              for the caller's version, e.g. bit 10 before v1.2).
 * @tag:        must equal the sender's tag.
 * @receiver_count, @receivers: the request's EMADs (one per borrower, or
 *              only the caller with FFA_MEM_RETRIEVE_FLAG_BYPASS_MULTI).
 * @impdef_valid: the request used 32-byte EMADs; impdef values are
 *              compared only when both sides did.
 */
struct ffa_sim_mem_retrieve {
	uint16_t caller;
	uint64_t handle;
	uint16_t sender;
	uint16_t attributes;
	uint32_t flags;
	uint64_t tag;
	uint32_t receiver_count;
	const struct ffa_mem_receiver *receivers;
	bool impdef_valid;
};

/**
 * struct ffa_sim_mem_grant - what a successful retrieve grants; the core
 * writes the retrieve response from it and ffa_sim_memtab_ranges().
 * @owner:       the sender ID to put in the response.
 * @type:        FFA_MEM_RETRIEVE_TYPE_*.
 * @attributes:  the attributes in effect (without the NS bit).
 * @ns:          the memory is non-secure: set the NS attribute bit for a
 *               v1.1+ retriever (a v1.0 SP only if it asked, 4).
 * @flags:       response flags (6.3): zeroed bit and type bits.
 * @perm:        granted permissions (data RO/RW, instruction NX/X).
 * @impdef:      the sender's value for this receiver (echo it).
 * @zero:        the core must zero the ranges before mapping them.
 * @donated:     a DONATE: the caller now owns the pages. The transaction
 *               stays readable (ranges) until ffa_sim_memtab_retrieve_end().
 * @range_count: constituents, @total_pages: pages of the region.
 */
struct ffa_sim_mem_grant {
	uint16_t owner;
	uint8_t type;
	uint16_t attributes;
	bool ns;
	uint32_t flags;
	uint8_t perm;
	uint8_t impdef[FFA_MEM_IMPDEF_SIZE];
	bool zero;
	bool donated;
	uint32_t range_count;
	uint32_t total_pages;
};

/**
 * ffa_sim_memtab_retrieve() - a receiver retrieves a transaction.
 * @g: receives the grant (untouched on error).
 *
 * Checks, in this order (first failure wins): handle known, complete and
 * not already donated (INVALID_PARAMETERS); @sender is the owner (DENIED);
 * expected type 0 or equal (INVALID_PARAMETERS); tag (INVALID_PARAMETERS);
 * caller is a receiver (INVALID_PARAMETERS); alignment hint bits 9:5,
 * reserved bits 31:11 (INVALID_PARAMETERS); zero flags 0/2 with SHARE
 * (INVALID_PARAMETERS); zero flag 0 without the sender's (DENIED); NS bit
 * (INVALID_PARAMETERS); requested attributes outside the policy, or normal
 * on device memory, or differing from the sender's (DENIED); EMAD list:
 * count equal to the borrowers (or 1 with the bypass flag, which needs > 1
 * borrower) else INVALID_PARAMETERS, no duplicates (INVALID_PARAMETERS),
 * each ID a borrower (DENIED, as Hafnium), composite offset 0
 * (INVALID_PARAMETERS), impdef equal when both sides carry it
 * (INVALID_PARAMETERS); per EMAD the permission rules of 5: data more than
 * granted (DENIED), instruction access specified for SHARE or multi-
 * borrower LEND or not specified for single-borrower LEND/DONATE
 * (INVALID_PARAMETERS), X on a non-executable grant or memory (DENIED);
 * the caller's own EMAD present (INVALID_PARAMETERS); zero flags with an
 * RO result (DENIED); X on non-secure memory for an SP (INVALID_PARAMETERS
 * unless Q_NS_EXEC); the retrieval count would exceed
 * FFA_SIM_MEMTAB_MAX_RETRIEVALS (NO_MEMORY).
 *
 * On success the caller's retrieval count goes up by one (stays 1 with
 * Q_RELINQUISH_ALL). For DONATE, ownership of every page moves to the
 * caller at once; the handle may then only be read (ranges, lookup) until
 * ffa_sim_memtab_retrieve_end().
 */
int ffa_sim_memtab_retrieve(struct ffa_sim_memtab *t, const struct ffa_sim_mem_retrieve *r,
			    struct ffa_sim_mem_grant *g);

/** Most outstanding retrievals one borrower may hold on one handle. */
#define FFA_SIM_MEMTAB_MAX_RETRIEVALS 0xFFFFu

/**
 * ffa_sim_memtab_ranges() - copy constituents of a transaction.
 * @handle: any recorded handle (pending, live, or donated and not ended).
 * @start:  index of the first constituent wanted.
 * @out:    caller array of @max entries.
 *
 * Returns the number copied (0 when @start is at or past the constituents
 * received so far); FFA_ERR_INVALID_PARAMETERS for an unknown handle;
 * FFA_ERR_BAD_ARGUMENT for NULL pointers. Reading on from where the last
 * call stopped costs O(copied) (a cursor is kept per transaction), so the
 * core can emit retrieve-response fragments in order.
 */
int ffa_sim_memtab_ranges(struct ffa_sim_memtab *t, uint64_t handle, uint32_t start,
			  struct ffa_mem_range *out, uint32_t max);

/**
 * ffa_sim_memtab_retrieve_end() - the retrieve response of @caller was
 * delivered completely. For a donated transaction this frees it (the handle
 * is dead from now on); for SHARE/LEND it only checks that @caller holds a
 * retrieval. Returns 0; FFA_ERR_INVALID_PARAMETERS if @handle is unknown
 * or @caller holds nothing on it.
 */
int ffa_sim_memtab_retrieve_end(struct ffa_sim_memtab *t, uint16_t caller, uint64_t handle);

/**
 * ffa_sim_memtab_relinquish() - a borrower gives up its access.
 * @caller: endpoint making the call.
 * @flags:  6.4 flags.
 * @ids:    the relinquish descriptor's endpoint IDs, @count of them.
 * @zero:   optional; set to true when the core must zero the ranges now
 *          (the flag was given and no other borrower holds the memory, or
 *          the borrower asked for it at retrieve time with flag 2).
 *
 * Returns 0; FFA_ERR_INVALID_PARAMETERS for @count != 1 or an ID other than
 * @caller (stream endpoints are not supported, as in Hafnium), flags bits
 * 31:2, an unknown or pending or donated handle, @caller not a receiver or
 * holding no retrieval, the zero flag with SHARE; FFA_ERR_DENIED for the
 * zero flag on a read-only grant; FFA_ERR_BAD_ARGUMENT for NULL @ids with
 * a non-zero @count.
 * A transaction whose owner is gone is freed by its last relinquish.
 */
int ffa_sim_memtab_relinquish(struct ffa_sim_memtab *t, uint16_t caller, uint64_t handle,
			      uint32_t flags, const uint16_t *ids, uint32_t count, bool *zero);

/**
 * ffa_sim_memtab_reclaim() - the owner takes its memory back and the handle
 * dies (FFA_MEM_RECLAIM).
 * @flags: 6.5 flags (w3).
 * @zero:  optional; true when the core must zero the ranges (flag 0).
 *
 * Returns 0; FFA_ERR_INVALID_PARAMETERS for an unknown handle (including
 * one already reclaimed or donated), @caller not the owner, a pending
 * transaction, flags bits 31:2; FFA_ERR_DENIED while any borrower holds a
 * retrieval, or for the zero flag on memory the owner may only read.
 * A DONATE nobody retrieved yet can be reclaimed.
 */
int ffa_sim_memtab_reclaim(struct ffa_sim_memtab *t, uint16_t caller, uint64_t handle,
			   uint32_t flags, bool *zero);

/**
 * ffa_sim_memtab_endpoint_gone() - endpoint @ep died or disconnected; leave
 * the table consistent without it:
 *  - its pending (fragmented) sends are dropped;
 *  - every retrieval it held is relinquished (a DONATE it retrieved but whose
 *    response was not ended is ended);
 *  - each transaction it owns is freed as by a reclaim if no borrower holds
 *    it; otherwise it is marked owner-gone: borrowers keep their access
 *    until they relinquish, the last relinquish frees it, reclaim is
 *    impossible;
 *  - memory it owns stays claimed (the core unclaims it when the memory
 *    itself goes away); transactions naming it as a receiver that it never
 *    retrieved stay (their owner can reclaim them).
 * O(live transactions). Returns the number of transactions freed (>= 0),
 * FFA_ERR_BAD_ARGUMENT for NULL @t.
 */
int ffa_sim_memtab_endpoint_gone(struct ffa_sim_memtab *t, uint16_t ep);

/* ======================================================================== */
/* Queries                                                                  */
/* ======================================================================== */

/**
 * struct ffa_sim_mem_access - what an endpoint may do with a range.
 * @perm:      weakest permission over the range: data RO or RW, instruction
 *             NX or X (ffa_mem_perm_make() values).
 * @owner:     the endpoint owns every page (it may be lent away: then the
 *             query fails, an owner without access has none).
 * @exclusive: no other endpoint can access any page of the range.
 * @rflags:    OR of the region flags of the range (NS, DEVICE, ...).
 */
struct ffa_sim_mem_access {
	uint8_t perm;
	bool owner;
	bool exclusive;
	uint32_t rflags;
};

/**
 * ffa_sim_memtab_access() - may endpoint @ep access every byte of
 * [@pa, @pa + @size), and how? For the core's address checks (RX/TX
 * buffers, built-in partitions touching shared memory).
 *
 * An owner may access pages it owns that are in no transaction (exclusive)
 * or in a SHARE (shared); not pages it lent or donated. A borrower may
 * access the pages of a transaction while it holds a retrieval, with the
 * granted permission (exclusive only for a single-borrower LEND).
 * Returns 0 and fills @out; FFA_ERR_DENIED if some page is not accessible
 * to @ep (unclaimed, someone else's, lent away, not retrieved);
 * FFA_ERR_BAD_ARGUMENT for NULL pointers, @size 0 or a range past
 * 2^64 - 1.
 */
int ffa_sim_memtab_access(const struct ffa_sim_memtab *t, uint16_t ep, uint64_t pa,
			  uint64_t size, struct ffa_sim_mem_access *out);

/**
 * enum ffa_sim_mem_state - state of a recorded transaction.
 * @FFA_SIM_MEM_PENDING: fragments still to come.
 * @FFA_SIM_MEM_LIVE:    complete; retrievable, reclaimable.
 * @FFA_SIM_MEM_DONATED: a DONATE retrieved; ownership moved; awaiting
 *                       ffa_sim_memtab_retrieve_end().
 */
enum ffa_sim_mem_state {
	FFA_SIM_MEM_PENDING = 1,
	FFA_SIM_MEM_LIVE = 2,
	FFA_SIM_MEM_DONATED = 3,
};

/**
 * struct ffa_sim_mem_info - a transaction, for lookups and dumps.
 * @handle, @owner, @type, @attributes, @flags, @tag: as sent.
 * @state:          enum ffa_sim_mem_state.
 * @owner_gone:     the owner died holding it (endpoint_gone()).
 * @receiver_count: receivers; read them with ffa_sim_memtab_receiver().
 * @holders:        receivers currently holding a retrieval.
 * @range_count:    declared constituents; @ranges_seen received so far.
 * @total_pages:    declared page total.
 * @rflags:         region flags of the memory (0 while pending).
 */
struct ffa_sim_mem_info {
	uint64_t handle;
	uint16_t owner;
	uint8_t type;
	uint8_t state;
	bool owner_gone;
	uint16_t attributes;
	uint32_t flags;
	uint64_t tag;
	uint32_t receiver_count;
	uint32_t holders;
	uint32_t range_count;
	uint32_t ranges_seen;
	uint32_t total_pages;
	uint32_t rflags;
};

/**
 * ffa_sim_memtab_lookup() - describe the transaction @handle (O(1)).
 * Returns 0; FFA_ERR_INVALID_PARAMETERS if no such handle is recorded;
 * FFA_ERR_BAD_ARGUMENT for NULL pointers.
 */
int ffa_sim_memtab_lookup(const struct ffa_sim_memtab *t, uint64_t handle,
			  struct ffa_sim_mem_info *out);

/**
 * struct ffa_sim_mem_rcv_info - one receiver of a transaction.
 * @id, @perm, @impdef: as the sender listed it.
 * @granted:    effective permission while @retrievals > 0, else 0.
 * @retrievals: retrievals not yet relinquished.
 * @zero_after: it asked for zeroing after relinquish (retrieve flag 2).
 */
struct ffa_sim_mem_rcv_info {
	uint16_t id;
	uint8_t perm;
	uint8_t granted;
	uint32_t retrievals;
	bool zero_after;
	uint8_t impdef[FFA_MEM_IMPDEF_SIZE];
};

/**
 * ffa_sim_memtab_receiver() - receiver @index (0-based, in the sender's
 * order) of @handle. Returns 0; FFA_ERR_INVALID_PARAMETERS for an unknown
 * handle; FFA_ERR_NO_DATA for @index out of range; FFA_ERR_BAD_ARGUMENT for
 * NULL pointers.
 */
int ffa_sim_memtab_receiver(const struct ffa_sim_memtab *t, uint64_t handle, uint32_t index,
			    struct ffa_sim_mem_rcv_info *out);

/**
 * ffa_sim_memtab_next() - iterate over recorded transactions (debug dump).
 * @cursor: 0 to start; updated. Order is storage order, not handle order.
 * Returns 1 with @out filled, 0 at the end; FFA_ERR_BAD_ARGUMENT for NULL
 * pointers. The table must not change during an iteration.
 */
int ffa_sim_memtab_next(const struct ffa_sim_memtab *t, uint32_t *cursor,
			struct ffa_sim_mem_info *out);

/**
 * struct ffa_sim_mem_region - a run of owned memory.
 * @pa, @pages: the range. @owner: owning endpoint. @rflags: region flags.
 */
struct ffa_sim_mem_region {
	uint64_t pa;
	uint64_t pages;
	uint16_t owner;
	uint32_t rflags;
};

/**
 * ffa_sim_memtab_region_next() - iterate over owned memory in address order.
 * @pa: 0 to start; updated to the end of the run returned.
 * Returns 1 with @out filled, 0 at the end; FFA_ERR_BAD_ARGUMENT for NULL
 * pointers. O(log runs) per step.
 */
int ffa_sim_memtab_region_next(const struct ffa_sim_memtab *t, uint64_t *pa,
			       struct ffa_sim_mem_region *out);

/**
 * struct ffa_sim_memtab_usage - pool accounting.
 * @txns, @rcvs, @nodes: elements in use (@txns = transactions recorded);
 * @reserved: nodes promised to transactions; @issued: handles issued since
 * init.
 */
struct ffa_sim_memtab_usage {
	uint32_t txns, rcvs, nodes, reserved;
	uint64_t issued;
};

/** ffa_sim_memtab_usage() - fill @out (no-op for NULL arguments). */
void ffa_sim_memtab_usage(const struct ffa_sim_memtab *t, struct ffa_sim_memtab_usage *out);

/**
 * ffa_sim_memtab_check() - verify every invariant of the table:
 * pool accounting (free + used = capacity for each pool, reservations
 * covered by free nodes and equal to the sum over transactions); every
 * live handle decrypts to its own slot and to a counter value already
 * issued (so handles are unique and never reused), allocator bit
 * consistent; both red-black trees
 * ordered, parent links right, root black, no red node under a red one,
 * equal black heights on every path and stored black heights right; runs disjoint (no page owned
 * twice), merged where possible; constituents of complete transactions in
 * the global tree, disjoint (no page in two transactions), each covered by
 * runs of the transaction's owner; receiver lists, holder counts and
 * retrievals consistent (no access record without a live transaction, no
 * retrieval of a pending transaction, donated transactions hold no pages).
 *
 * Returns NULL if all hold, else a constant string naming the first
 * violation. O(everything); for tests and debug builds.
 */
const char *ffa_sim_memtab_check(const struct ffa_sim_memtab *t);

#ifdef __cplusplus
}
#endif

#endif /* FFA_SIM_MEMTAB_H */
