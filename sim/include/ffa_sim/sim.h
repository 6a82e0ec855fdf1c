/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ffa_sim - the reference partition manager (simulator) core.
 *
 * A partition manager that behaves as the FF-A specification says an SPMC
 * behaves, including refusing what a real one refuses, so that a client
 * tested against it can be trusted on hardware. Facts: ../shared/spec/.
 * Design and every choice where real managers disagree: docs/simulator.md.
 *
 * Portable and freestanding (stdint.h, stddef.h, stdbool.h only): no OS
 * call, no heap, no global state. Everything the simulator keeps lives in
 * one block of storage the host provides, sized from the configuration by
 * ffa_sim_storage_size(): nothing a client sends can make it grow.
 *
 * The host environment supplies (struct ffa_sim_host):
 *  - map():   "physical memory": turns an address an endpoint names (an
 *             RX/TX buffer, later a shared region) into a pointer, or NULL
 *             when that endpoint may not use that memory. Arena lookup in
 *             the socket daemon, registered regions in-process
 *             (ffa_sim_regions_*() below), identity on bare metal.
 *  - wake():  an endpoint whose call was blocked (ffa_sim_call() returned
 *             FFA_SIM_BLOCKED) now has its answer: take it with
 *             ffa_sim_take_answer().
 *  - sri():   the Schedule Receiver Interrupt towards the normal-world
 *             scheduler.
 *  - npi():   the Notification Pending Interrupt towards an external SP
 *             that is given the CPU while notifications are pending for it.
 *  - trace(): one record per call (off unless set).
 *  - console(): FFA_CONSOLE_LOG text.
 * Hooks run inside ffa_sim_call() and must not call back into the
 * simulator; every hook may be NULL.
 *
 * Endpoints: normal-world endpoints (IDs 0x0000..0x7FFF: ID 0 is the
 * hypervisor or OS kernel at the NS physical instance, others are VMs) and
 * secure partitions (SPs, IDs 0x8000..0xFFFE other than the SPMC's own).
 * An SP is either built-in (its behaviour is a struct ffa_sim_partition_ops,
 * see ffa_sim/partition.h) or external: another client plays it and its
 * FFA_MSG_WAIT / FFA_MSG_SEND_DIRECT_RESP come through ffa_sim_call() like
 * any other call. Every endpoint may have at most one call outstanding.
 *
 * Not thread-safe: the host serialises calls into one simulator.
 */
#ifndef FFA_SIM_SIM_H
#define FFA_SIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/conduit.h>
#include <ffa/uuid.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ffa_sim;
struct ffa_sim_partition_ops;

/* ---- Limits -------------------------------------------------------------- */

/** Most endpoints one simulator serves. */
#define FFA_SIM_MAX_ENDPOINTS 256u
/** Most UUIDs (protocols) one SP declares. */
#define FFA_SIM_MAX_UUIDS 8u
/** Most execution contexts (vCPUs) of one endpoint. */
#define FFA_SIM_MAX_VCPUS 64u
/** Alignment the storage block must have. */
#define FFA_SIM_STORAGE_ALIGN 16u

/** ffa_sim_call() result: the caller is blocked; its answer comes later
 *  (wake() hook, then ffa_sim_take_answer()). */
#define FFA_SIM_BLOCKED 1

/* ---- Endpoints ----------------------------------------------------------- */

/** Endpoint flag: this normal-world endpoint is the hypervisor / the NS
 *  physical-instance kernel and the scheduler: it may call RX_ACQUIRE,
 *  RX_RELEASE / RXTX_UNMAP on behalf of VMs, NOTIFICATION_BITMAP_CREATE /
 *  DESTROY and NOTIFICATION_INFO_GET, and receives the SRI. At most one. */
#define FFA_SIM_EP_HYPERVISOR (1u << 0)

/**
 * struct ffa_sim_endpoint_config - one endpoint.
 * @id:             endpoint ID. Bit 15 clear: normal world; set: SP.
 * @exec_ctx_count: execution contexts (vCPUs), 1..FFA_SIM_MAX_VCPUS.
 * @properties:     SPs: partition properties (FFA_PART_PROP_*: messaging
 *                  methods, notification support, AArch64 execution
 *                  state); ID type must be PE (00). Reported by partition
 *                  info and enforced by the messaging calls. Normal-world
 *                  endpoints: must be 0.
 * @flags:          FFA_SIM_EP_* (normal-world endpoints only).
 * @uuids:          SPs: the UUIDs (protocols) the partition serves, 1..
 *                  FFA_SIM_MAX_UUIDS, none Nil; copied at creation.
 *                  Normal-world endpoints: NULL.
 * @uuid_count:     entries in @uuids.
 * @ops:            SPs: the built-in behaviour, or NULL for an external SP
 *                  played by a client. Must outlive the simulator.
 * @ops_arg:        passed to the behaviour (ffa_sim_part_arg()).
 * @version:        built-in SPs: the FF-A version the behaviour speaks
 *                  (v1.0..the simulator's; 0 = the simulator's). Must be 0
 *                  for other endpoints: they negotiate with FFA_VERSION.
 */
struct ffa_sim_endpoint_config {
	uint16_t id;
	uint16_t exec_ctx_count;
	uint32_t properties;
	uint32_t flags;
	const struct ffa_uuid *uuids;
	uint32_t uuid_count;
	const struct ffa_sim_partition_ops *ops;
	void *ops_arg;
	uint32_t version;
};

/* ---- Quirks: where real partition managers disagree ---------------------- */

/** Answer to an FFA_VERSION the simulator cannot accept (SOURCES.md 3.1). */
enum ffa_sim_version_refusal {
	FFA_SIM_VERSION_REFUSE_NOT_SUPPORTED = 0, /**< default (Hafnium, ACS) */
	FFA_SIM_VERSION_REFUSE_OWN_VERSION = 1,   /**< TF-A EL3 SPMC */
};

/** FFA_VERSION with a different version after lock-in (SOURCES.md 3.2). */
enum ffa_sim_version_relock {
	FFA_SIM_RELOCK_NOT_SUPPORTED = 0,     /**< default (v1.2 rule: ACS, Hafnium, pKVM) */
	FFA_SIM_RELOCK_REPLY_NEGOTIATED = 1,  /**< TF-A EL3 SPMC: w0 = the locked version */
	FFA_SIM_RELOCK_RENEGOTIATE = 2,       /**< OP-TEE SPMC: the last version asked decides */
};

/** Which FFA_MSG_WAIT calls release the caller's RX buffer (ffa-abi.md 12). */
enum ffa_sim_msg_wait_release {
	FFA_SIM_MSG_WAIT_RELEASE_V1_1 = 0, /**< default (Hafnium): v1.1+ callers,
					        v1.2 retain flag honoured */
	FFA_SIM_MSG_WAIT_RELEASE_V1_2 = 1, /**< only v1.2+ callers (what the ACS tests) */
	FFA_SIM_MSG_WAIT_RELEASE_NEVER = 2, /**< never: RX_RELEASE is required */
};

/** Answer to a per-vCPU FFA_NOTIFICATION_BIND (SOURCES.md 3.36). */
enum ffa_sim_per_vcpu {
	FFA_SIM_PER_VCPU_SUPPORTED = 0,   /**< default: v1.1 per-vCPU notifications */
	FFA_SIM_PER_VCPU_INVALID = 1,     /**< Hafnium: INVALID_PARAMETERS */
	FFA_SIM_PER_VCPU_DENIED = 2,      /**< OP-TEE: DENIED */
};

/**
 * struct ffa_sim_quirks - behaviour switches; all-zero is the default (the
 * behaviour docs/simulator.md states, with its source).
 * @version_refusal:   see enum ffa_sim_version_refusal.
 * @version_relock:    see enum ffa_sim_version_relock.
 * @part_info_v1_3_desc: answer v1.1+ callers with 48-byte (v1.3 layout)
 *                     partition descriptors, as Hafnium does (SOURCES.md
 *                     3.12); default: 24 bytes.
 * @part_info_unknown_uuid_empty: PARTITION_INFO_GET of an unknown UUID is
 *                     SUCCESS with count 0 and the RX buffer handed over
 *                     (OP-TEE, SOURCES.md 3.32); default INVALID_PARAMETERS.
 * @part_info_fill_uuid: fill the UUID field of descriptors answering a
 *                     specific-UUID query (Linux-style expectation,
 *                     SOURCES.md 3.11); default: Nil (Hafnium).
 * @msg_wait_release:  see enum ffa_sim_msg_wait_release.
 * @per_vcpu:          see enum ffa_sim_per_vcpu.
 * @error_sign_extend: FFA_ERROR codes sign-extended to 64 bits in x2
 *                     (TF-A EL3 SPMC); default zero-extended.
 * @lenient_mbz:       ignore non-zero must-be-zero registers instead of
 *                     answering INVALID_PARAMETERS (most real managers do
 *                     not check them all).
 */
struct ffa_sim_quirks {
	enum ffa_sim_version_refusal version_refusal;
	enum ffa_sim_version_relock version_relock;
	bool part_info_v1_3_desc;
	bool part_info_unknown_uuid_empty;
	bool part_info_fill_uuid;
	enum ffa_sim_msg_wait_release msg_wait_release;
	enum ffa_sim_per_vcpu per_vcpu;
	bool error_sign_extend;
	bool lenient_mbz;
};

/** Named sets of quirks, one per real partition manager observed. */
enum ffa_sim_profile {
	FFA_SIM_PROFILE_DEFAULT = 0, /**< the specification as docs/simulator.md states it */
	FFA_SIM_PROFILE_HAFNIUM = 1,
	FFA_SIM_PROFILE_TFA_EL3_SPMC = 2,
	FFA_SIM_PROFILE_OPTEE = 3,
};

/**
 * ffa_sim_quirks_profile() - fill @q with the quirks of @profile.
 * Returns 0, or FFA_ERR_BAD_ARGUMENT for NULL @q or an unknown profile.
 */
int ffa_sim_quirks_profile(enum ffa_sim_profile profile, struct ffa_sim_quirks *q);

/* ---- Trace ---------------------------------------------------------------- */

/** struct ffa_sim_trace_rec kinds. */
enum ffa_sim_trace_kind {
	FFA_SIM_TRACE_CALL = 0,    /**< a call and its immediate result */
	FFA_SIM_TRACE_BLOCKED = 1, /**< a call whose caller is now blocked */
	FFA_SIM_TRACE_WAKE = 2,    /**< a blocked endpoint's answer is ready */
};

/**
 * struct ffa_sim_trace_rec - one trace record (valid only during the hook).
 * @kind:     enum ffa_sim_trace_kind.
 * @endpoint: the caller (CALL, BLOCKED) or the woken endpoint (WAKE).
 * @depth:    0 for calls from the host; > 0 for calls a built-in partition
 *            made while handling another call.
 * @fid:      function ID called (CALL, BLOCKED; 0 for WAKE).
 * @name:     its decoded name ("FFA_MSG_SEND_DIRECT_REQ_64", ...; "?" if
 *            unknown).
 * @in:       the input frame (CALL, BLOCKED) or NULL.
 * @out:      the answer (CALL, WAKE) or NULL.
 * @result:   0 for an answer other than FFA_ERROR, the FF-A error code
 *            (-1..-10) for FFA_ERROR.
 */
struct ffa_sim_trace_rec {
	enum ffa_sim_trace_kind kind;
	uint16_t endpoint;
	uint32_t depth;
	uint32_t fid;
	const char *name;
	const struct ffa_regs *in;
	const struct ffa_regs *out;
	int result;
};

/**
 * ffa_sim_fid_name() - the name of an FF-A function ID ("FFA_RXTX_MAP_64"),
 * the SMCCC SVE hint bit ignored. Returns a static string; "?" if unknown.
 */
const char *ffa_sim_fid_name(uint32_t fid);

/**
 * ffa_sim_trace_format() - one line of text for @rec (no newline): kind,
 * depth, endpoint, name, key arguments, result.
 * @buf: receives at most @cap bytes including the NUL (truncated to fit).
 * Returns the length written (without the NUL), or 0 for NULL arguments or
 * @cap 0.
 */
size_t ffa_sim_trace_format(const struct ffa_sim_trace_rec *rec, char *buf, size_t cap);

/* ---- Host hooks and configuration ----------------------------------------- */

/** map() endpoint argument when the partition manager itself needs memory
 *  it manages (zeroing a region, a built-in partition reaching memory it
 *  retrieved): any backed address qualifies; who may use it was already
 *  checked against the ownership table. */
#define FFA_SIM_MAP_PM 0xFFFFu

/**
 * struct ffa_sim_host - the host environment (every member may be NULL;
 * see the file comment). @arg is passed to every hook.
 * @map: return a pointer to @size bytes at @pa that endpoint @endpoint may
 *       use (FFA_SIM_MAP_PM: that are backed at all), or NULL. The pointer
 *       must stay valid while the simulator uses the memory (RX/TX
 *       buffers: until unmapped; memory added with ffa_sim_memory_add():
 *       until removed). NULL hook: no memory can be named (RXTX_MAP
 *       answers DENIED).
 * @npi: the Notification Pending Interrupt (ffa-abi.md 6.1: a virtual
 *       interrupt injected into an SP) for external SP @endpoint, vCPU
 *       @vcpu. Raised when FFA_RUN gives a waiting external SP the CPU while
 *       it has global or framework notifications, or per-vCPU ones for that
 *       vCPU, pending (Hafnium injects it on exactly this path). The hook
 *       runs before the SP's FFA_MSG_WAIT is answered with FFA_RUN, so a
 *       host can deliver the interrupt first; the SP then takes its
 *       notifications with FFA_NOTIFICATION_GET. Never raised for built-in
 *       partitions (they read their notifications when run) or normal-world
 *       endpoints (FFA_FEATURES(NPI) is NOT_SUPPORTED for them).
 */
struct ffa_sim_host {
	void *(*map)(void *arg, uint16_t endpoint, uint64_t pa, uint64_t size);
	void (*wake)(void *arg, uint16_t endpoint);
	void (*sri)(void *arg, uint16_t scheduler);
	void (*trace)(void *arg, const struct ffa_sim_trace_rec *rec);
	void (*console)(void *arg, uint16_t endpoint, const char *text, size_t len);
	void (*npi)(void *arg, uint16_t endpoint, uint16_t vcpu);
	void *arg;
};

/* ---- Memory management ---------------------------------------------------- */

/** Flags of memory an endpoint owns (ffa_sim_memory_add()). */
#define FFA_SIM_MEM_NS 0x1u     /**< non-secure (implied for normal-world owners) */
#define FFA_SIM_MEM_RO 0x2u     /**< the owner may only read it */
#define FFA_SIM_MEM_XN 0x4u     /**< never executable */
#define FFA_SIM_MEM_DEVICE 0x8u /**< device memory */

/* Memory quirks (struct ffa_sim_mem_config @quirks): docs/simulator.md. */
/** A range already in a live transaction is INVALID_PARAMETERS (TF-A EL3
 *  SPMC) instead of DENIED. */
#define FFA_SIM_MEM_Q_OVERLAP_INVALID (1u << 0)
/** Accept any valid attributes (TF-A validates nothing); default: normal
 *  memory write-back inner-shareable, device nGnRnE (Hafnium), else DENIED. */
#define FFA_SIM_MEM_Q_ANY_ATTRIBUTES (1u << 1)
/** Accept the time-slicing flag (never pause); default INVALID_PARAMETERS. */
#define FFA_SIM_MEM_Q_TIME_SLICE (1u << 2)
/** One FFA_MEM_RELINQUISH ends all retrievals of a borrower (Hafnium
 *  2025+); default: one relinquish per retrieve. */
#define FFA_SIM_MEM_Q_RELINQUISH_ALL (1u << 3)
/** SPs may ask for execute access to non-secure memory. */
#define FFA_SIM_MEM_Q_NS_EXEC (1u << 4)

/** Who allocates memory handles (bit 63) and which pairs may transact. */
enum ffa_sim_mem_alloc {
	FFA_SIM_MEM_ALLOC_BY_ENDPOINTS = 0, /**< SPMC and hypervisor in one (default) */
	FFA_SIM_MEM_ALLOC_SPMC = 1,         /**< a pure SPMC (Hafnium's rules) */
	FFA_SIM_MEM_ALLOC_HYPERVISOR = 2,   /**< a pure hypervisor */
};

/**
 * struct ffa_sim_mem_config - sizes and behaviour of memory management.
 * @max_txns:      transactions live at once (0 = 64).
 * @max_receivers: receivers of all live transactions together (0 = 4 per
 *                 transaction).
 * @max_ranges:    address ranges: constituents of live transactions plus
 *                 runs of owned memory (0 = 16 per transaction + 64).
 * @seed:          key of the handle permutation (handles cannot be guessed
 *                 from earlier ones without it).
 * @alloc:         enum ffa_sim_mem_alloc.
 * @quirks:        FFA_SIM_MEM_Q_* bits.
 */
struct ffa_sim_mem_config {
	uint32_t max_txns;
	uint32_t max_receivers;
	uint32_t max_ranges;
	uint64_t seed;
	uint32_t alloc;
	uint32_t quirks;
};

/**
 * struct ffa_sim_config - everything a simulator is created from. Read
 * only during ffa_sim_storage_size() / ffa_sim_create() (the endpoint array
 * and UUIDs are copied; @host and partition ops pointers are kept).
 * @version:        the simulator's own FF-A version, v1.0..v1.2 (0 = v1.2).
 * @spmc_id:        the SPMC's endpoint ID (0 = 0x8000).
 * @endpoints:      the endpoints, 1..FFA_SIM_MAX_ENDPOINTS, IDs distinct.
 * @endpoint_count: entries in @endpoints.
 * @host:           host hooks.
 * @quirks:         behaviour switches (zero = defaults).
 * @rxtx_min_pages: RX/TX minimum size and alignment in 4 KiB pages: 1, 4
 *                  or 16 (0 = 1), reported by FFA_FEATURES(RXTX_MAP).
 * @rxtx_max_pages: largest RX/TX buffer in 4 KiB pages, @rxtx_min_pages..63
 *                  (0 = 63).
 * @sri_intid:      interrupt ID reported for the SRI feature (0 = 8).
 * @npi_intid:      interrupt ID reported for the NPI feature (0 = 5).
 * @mem:            memory management (pools and behaviour).
 */
struct ffa_sim_config {
	uint32_t version;
	uint16_t spmc_id;
	const struct ffa_sim_endpoint_config *endpoints;
	uint32_t endpoint_count;
	struct ffa_sim_host host;
	struct ffa_sim_quirks quirks;
	uint32_t rxtx_min_pages;
	uint32_t rxtx_max_pages;
	uint32_t sri_intid;
	uint32_t npi_intid;
	struct ffa_sim_mem_config mem;
};

/**
 * ffa_sim_storage_size() - validate @cfg and give the storage it needs.
 * @size: receives the size in bytes.
 * Returns 0; FFA_ERR_BAD_ARGUMENT for NULL pointers or an invalid
 * configuration (bad version, duplicate or reserved IDs (0xFFFF, the SPMC
 * ID, an SP ID without bit 15), vCPU count 0 or too large, SP without UUIDs
 * or with a Nil or duplicate UUID, UUIDs or properties on a normal-world
 * endpoint, flags on an SP, a version on an external SP, more than one
 * hypervisor, properties with a non-PE ID type or REQ2 bits on an AArch32
 * SP, bad RX/TX page limits, an unknown memory allocation mode or quirk,
 * pool sizes of 0xFFFFFFFF or more).
 */
int ffa_sim_storage_size(const struct ffa_sim_config *cfg, size_t *size);

/**
 * ffa_sim_create() - build a simulator in @storage.
 * @cfg:     the configuration (see struct ffa_sim_config).
 * @storage: host memory of @size bytes, FFA_SIM_STORAGE_ALIGN aligned; owned
 *           by the simulator until the host stops using it (there is no
 *           destroy: the host simply reuses the memory).
 * @out:     receives the simulator (a pointer into @storage).
 *
 * Built-in partitions' init hooks run here. Returns 0; the errors of
 * ffa_sim_storage_size(); FFA_ERR_BUFFER_TOO_SMALL if @size is below what it
 * reports; FFA_ERR_BAD_ARGUMENT for misaligned @storage; a built-in init
 * hook's negative result.
 */
int ffa_sim_create(const struct ffa_sim_config *cfg, void *storage, size_t size,
		   struct ffa_sim **out);

/* ---- Calls ------------------------------------------------------------------ */

/**
 * ffa_sim_call() - the one call handler: endpoint @caller makes an FF-A call.
 * @in:  the caller's register frame x0..x17 (SMC32 calls: only the low 32
 *       bits of x0..x7 are read).
 * @out: receives the answer frame when there is one now; every register
 *       the answer does not define is zero. May alias @in.
 *
 * Returns 0 with @out filled; FFA_SIM_BLOCKED when the caller now waits for
 * another endpoint (a direct request to an external SP, FFA_MSG_WAIT,
 * FFA_YIELD, a direct response, a call made while preempted...): @out is
 * untouched and the answer arrives later (wake() hook,
 * ffa_sim_take_answer()). Host errors, with nothing changed:
 * FFA_ERR_BAD_ARGUMENT for NULL pointers, an unknown @caller, a built-in
 * partition as @caller, or a caller that still has a call outstanding;
 * FFA_ERR_BUSY when called from inside a hook.
 */
int ffa_sim_call(struct ffa_sim *sim, uint16_t caller, const struct ffa_regs *in,
		 struct ffa_regs *out);

/**
 * ffa_sim_take_answer() - collect the answer of a blocked call.
 * Returns 1 with @out filled (the endpoint may call again); 0 if the call is
 * still blocked; FFA_ERR_BAD_ARGUMENT for NULL pointers, an unknown
 * endpoint or one with no call outstanding.
 */
int ffa_sim_take_answer(struct ffa_sim *sim, uint16_t endpoint, struct ffa_regs *out);

/**
 * ffa_sim_blocked() - true while @endpoint's call waits for its answer.
 * False once the answer is there (take it with ffa_sim_take_answer() before
 * the endpoint calls again), when nothing is outstanding, and for unknown
 * endpoints.
 */
bool ffa_sim_blocked(const struct ffa_sim *sim, uint16_t endpoint);

/**
 * ffa_sim_interrupt() - a (simulated) interrupt preempts SP @endpoint while
 * it runs on behalf of another endpoint: that endpoint's blocked call is
 * answered with FFA_INTERRUPT (w1 = @endpoint:vCPU 0, w2 = @intid) and the
 * SP stays preempted until the same endpoint resumes it with FFA_RUN. Calls
 * the SP makes meanwhile are held (FFA_SIM_BLOCKED) and run when resumed.
 * Returns 0; FFA_ERR_BAD_ARGUMENT for NULL @sim or an unknown or built-in
 * endpoint; FFA_ERR_DENIED if the SP is not running for someone.
 */
int ffa_sim_interrupt(struct ffa_sim *sim, uint16_t endpoint, uint32_t intid);

/**
 * ffa_sim_abort() - the execution context of external endpoint @endpoint
 * aborted (the client playing it died, or the host stops it): end its part
 * in every exchange, as a partition manager does for a partition that
 * aborts (FF-A v1.2: the requester of an aborted partition gets
 * FFA_ERROR(ABORTED), the code Hafnium answers and the spec defines as
 * "target partition aborted"; docs/simulator.md "Aborting an endpoint"):
 *  - an SP running for a requester (direct request, FFA_RUN): the
 *    requester's blocked call is answered FFA_ERROR(ABORTED) (w2 =
 *    0xFFFFFFF8, or sign-extended with the error_sign_extend quirk);
 *  - an endpoint blocked on a partition (its own direct request or RUN):
 *    that partition finishes the work for nobody (its response, FFA_YIELD
 *    or FFA_MSG_WAIT is accepted and dropped; a yield resumes at once);
 *  - partitions it preempted (FFA_YIELD / FFA_INTERRUPT answered to it)
 *    are resumed for nobody the same way;
 *  - a call it had outstanding, answered or not, and a held call are
 *    dropped; an SRI it delayed fires.
 * Afterwards the endpoint is idle with no call outstanding: an SP is back
 * in its initial state (direct requests and FFA_RUN meet BUSY until a
 * client makes its first FFA_MSG_WAIT, as Hafnium answers for a stopped
 * partition), a normal-world endpoint simply runs. Its RX/TX pair, memory,
 * notifications and version are untouched: the host may still make calls
 * on its behalf (e.g. relinquish what it retrieved), then
 * ffa_sim_endpoint_reset().
 * Returns 0; FFA_ERR_BAD_ARGUMENT for NULL @sim, an unknown or built-in
 * endpoint, or a call from a hook or from inside ffa_sim_call().
 */
int ffa_sim_abort(struct ffa_sim *sim, uint16_t endpoint);

/**
 * ffa_sim_endpoint_reset() - forget external endpoint @endpoint's client so
 * that a new one can play it from scratch: ffa_sim_abort() if anything is
 * outstanding, then ffa_sim_memory_endpoint_gone() (its pending sends and
 * retrievals end, transactions it owns are freed or marked owner-gone),
 * its RX/TX pair is unmapped (a message in RX is dropped), its state as a
 * notification receiver is cleared (bindings, pending and framework bits;
 * a bitmap the hypervisor created for it stays), the hypervisor's
 * acquisitions of VMs' RX buffers return to the partition manager (when it
 * is the hypervisor), and its version negotiation starts over. Bindings
 * other receivers made with it as the sender stay (they are theirs). Its
 * owned memory stays claimed (ffa_sim_memory_remove() it once no
 * transaction uses it).
 * Returns the number of transactions freed (>= 0); FFA_ERR_BAD_ARGUMENT as
 * ffa_sim_abort().
 */
int ffa_sim_endpoint_reset(struct ffa_sim *sim, uint16_t endpoint);

/**
 * ffa_sim_take_sri() - how many SRIs were raised since the last take (the
 * count is then cleared). The sri() hook sees each as it happens.
 */
uint32_t ffa_sim_take_sri(struct ffa_sim *sim);

/**
 * ffa_sim_set_trace() - switch the trace() hook on or off at run time
 * (on at creation when the hook is set). Returns the previous setting.
 */
bool ffa_sim_set_trace(struct ffa_sim *sim, bool on);

/**
 * ffa_sim_check() - verify the simulator's invariants (run states and the
 * links between waiting endpoints, RX ownership against mappings,
 * notification bindings and pending bits, SRI bookkeeping).
 * Returns 0 if consistent; FFA_ERR_PROTOCOL at the first broken invariant
 * (the index of the rule is left in *@where when @where is not NULL);
 * FFA_ERR_BAD_ARGUMENT for NULL @sim.
 */
int ffa_sim_check(const struct ffa_sim *sim, uint32_t *where);

/**
 * ffa_sim_endpoint_version() - the FF-A version endpoint @endpoint uses
 * (negotiated, or v1.0 if it never negotiated), and whether negotiation is
 * locked in. Returns 0; FFA_ERR_BAD_ARGUMENT for an unknown endpoint or
 * NULL @version.
 */
int ffa_sim_endpoint_version(const struct ffa_sim *sim, uint16_t endpoint, uint32_t *version,
			     bool *locked);

/**
 * ffa_sim_memory_add() - endpoint @endpoint owns [@pa, @pa + @size): it may
 * share, lend or donate it (FFA_MEM_*). Memory an endpoint never added
 * cannot be sent. The host's map() must reach it (FFA_SIM_MAP_PM).
 * @flags: FFA_SIM_MEM_* (FFA_SIM_MEM_NS is implied for normal-world
 *         endpoints).
 * Returns 0; FFA_ERR_BAD_ARGUMENT for NULL @sim, an unknown or built-in
 * endpoint, unknown flags, @pa or @size not 4 KiB aligned, @size 0 or a
 * wrapping range; FFA_ERR_DENIED if some page is already owned (by anyone);
 * FFA_ERR_NO_MEMORY when the range pool is exhausted.
 */
int ffa_sim_memory_add(struct ffa_sim *sim, uint16_t endpoint, uint64_t pa, uint64_t size,
		       uint32_t flags);

/**
 * ffa_sim_memory_remove() - the memory went away (a client disconnected).
 * Every page must be owned by @endpoint and in no transaction.
 * Returns 0; FFA_ERR_DENIED otherwise; errors as ffa_sim_memory_add().
 */
int ffa_sim_memory_remove(struct ffa_sim *sim, uint16_t endpoint, uint64_t pa, uint64_t size);

/**
 * ffa_sim_memory_endpoint_gone() - the client playing @endpoint died: drop
 * its pending (fragmented) sends, end every retrieval it held, free each
 * transaction it owns that no borrower holds and mark the others owner-gone
 * (borrowers keep access until they relinquish; nobody can reclaim). Its
 * owned memory stays claimed: ffa_sim_memory_remove() it when no
 * transaction uses it any more. For hosts that cannot make the FF-A calls
 * on the dead endpoint's behalf (ffa-simd makes them first, then this).
 * Returns the number of transactions freed (>= 0); FFA_ERR_BAD_ARGUMENT for
 * NULL @sim, an unknown or built-in endpoint, or a call from a hook.
 */
int ffa_sim_memory_endpoint_gone(struct ffa_sim *sim, uint16_t endpoint);

/**
 * ffa_sim_memory_access() - may endpoint @endpoint use every byte of
 * [@pa, @pa + @size) now, as its owner (pages not lent or donated away) or
 * as a borrower holding a retrieval? For hosts that give an endpoint a way
 * to reach memory (ffa-simd's MAP frames) only when the ownership table
 * allows it, whatever the endpoint's own buffers say.
 * @write: optional; receives whether it may write.
 * Returns 0; FFA_ERR_DENIED if some page is not accessible to it;
 * FFA_ERR_BAD_ARGUMENT for NULL @sim, @size 0 or a wrapping range.
 */
int ffa_sim_memory_access(const struct ffa_sim *sim, uint16_t endpoint, uint64_t pa,
			  uint64_t size, bool *write);

/* ---- Registered regions: a map() for in-process hosts --------------------- */

/**
 * struct ffa_sim_region - memory an endpoint may name.
 * @pa:       the "physical address" the endpoint uses for it.
 * @ptr:      where it is in the host's address space.
 * @size:     bytes.
 * @endpoint: the endpoint allowed to use it.
 */
struct ffa_sim_region {
	uint64_t pa;
	void *ptr;
	uint64_t size;
	uint16_t endpoint;
};

/** struct ffa_sim_regions - a table of regions in a caller array. */
struct ffa_sim_regions {
	struct ffa_sim_region *r;
	size_t count;
	size_t cap;
};

/**
 * ffa_sim_regions_init() - use @entries[@cap] as an empty table.
 * Returns 0, or FFA_ERR_BAD_ARGUMENT for NULL pointers.
 */
int ffa_sim_regions_init(struct ffa_sim_regions *t, struct ffa_sim_region *entries, size_t cap);

/**
 * ffa_sim_regions_add() - let @endpoint name @size bytes at @ptr as @pa.
 * Returns 0; FFA_ERR_BAD_ARGUMENT for NULL, size 0, a wrapping range, or a
 * range overlapping another region of the same endpoint (by address or
 * pointer); FFA_ERR_NO_MEMORY when the table is full.
 */
int ffa_sim_regions_add(struct ffa_sim_regions *t, uint16_t endpoint, uint64_t pa, void *ptr,
			uint64_t size);

/**
 * ffa_sim_regions_map() - the map() hook over a table (@arg = the table):
 * the pointer for [@pa, @pa + @size) if it lies inside one region of
 * @endpoint (of any endpoint for FFA_SIM_MAP_PM), else NULL.
 */
void *ffa_sim_regions_map(void *arg, uint16_t endpoint, uint64_t pa, uint64_t size);

#ifdef __cplusplus
}
#endif

#endif /* FFA_SIM_SIM_H */
