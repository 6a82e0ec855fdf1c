/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa desc - pure encoders/decoders of the FF-A memory management
 * descriptors (ffa-memory.md): memory transaction descriptor (v1.0 and v1.1+
 * layouts), endpoint memory access descriptors (EMADs), composite and
 * constituent descriptors, memory attributes, permissions, flags, retrieve
 * request/response, relinquish descriptor and handle packing; a streaming
 * fragmenter and a reassembling decoder.
 *
 * No I/O, no allocation, no global state: every object is caller-allocated
 * and every buffer is the caller's. Functions return 0 (or a non-negative
 * length/count) on success and a negative enum ffa_status otherwise:
 *   FFA_ERR_BAD_ARGUMENT     the caller asked for something invalid
 *                            (NULL pointer, reserved encoding, bad range...)
 *   FFA_ERR_PROTOCOL         wire data being decoded is malformed
 *   FFA_ERR_BUFFER_TOO_SMALL a caller buffer cannot hold the result
 * An error from a caller's range iterator callback is passed through as is.
 *
 * Layout versions: every function that touches the wire takes the FF-A
 * version whose layout to use (FFA_VERSION_1_0, _1_1, _1_2, later 1.x).
 * v1.0: 32-byte header, 8-bit attributes, EMADs at 32, 16-byte EMADs.
 * v1.1: 48-byte header, 16-bit attributes, EMAD size/offset in the header,
 *       16-byte EMADs. v1.2 and later 1.x: as v1.1 with 32-byte EMADs that
 *       carry a 16-byte implementation-defined value. Other majors are
 *       rejected with FFA_ERR_BAD_ARGUMENT.
 *
 * See docs/memory-descriptors.md for the design and the choices made where
 * the specification is unclear.
 */
#ifndef FFA_DESC_H
#define FFA_DESC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================== */
/* Sizes                                                                    */
/* ======================================================================== */

#define FFA_MEM_HDR_SIZE_V1_0 32u  /**< transaction header, v1.0 */
#define FFA_MEM_HDR_SIZE_V1_1 48u  /**< transaction header, v1.1+ */
#define FFA_MEM_EMAD_SIZE_V1_0 16u /**< EMAD size, v1.0 and v1.1 */
#define FFA_MEM_EMAD_SIZE_V1_2 32u /**< EMAD size, v1.2+ (with IMPDEF) */
#define FFA_MEM_COMPOSITE_SIZE 16u /**< composite descriptor header */
#define FFA_MEM_CONSTITUENT_SIZE 16u /**< one constituent (address range) */
#define FFA_MEM_RELINQUISH_HDR_SIZE 16u /**< relinquish header before IDs */
#define FFA_MEM_IMPDEF_SIZE 16u   /**< v1.2 EMAD implementation-defined value */
/** Largest descriptor length the encoders produce (lengths travel in w
 *  registers and are returned as int). */
#define FFA_MEM_DESC_MAX_LEN 0x7FFFFFF0u

/**
 * ffa_mem_emad_size() - access-descriptor (EMAD) size a version uses.
 * @version: FF-A version (FFA_VERSION_MAKE(1, minor)).
 *
 * Returns 16 for v1.0 and v1.1, 32 for v1.2 and later 1.x versions, or
 * FFA_ERR_BAD_ARGUMENT for a major version other than 1.
 */
int ffa_mem_emad_size(uint32_t version);

/**
 * ffa_mem_hdr_size() - transaction header size a version uses.
 * @version: FF-A version.
 *
 * Returns 32 for v1.0, 48 for v1.1 and later 1.x, FFA_ERR_BAD_ARGUMENT for
 * another major version. In v1.1+ this is also where the encoder puts the
 * EMAD array.
 */
int ffa_mem_hdr_size(uint32_t version);

/* ======================================================================== */
/* Handles (ffa-memory.md 7)                                                */
/* ======================================================================== */

/** The invalid handle. */
#define FFA_MEM_HANDLE_INVALID UINT64_C(0xFFFFFFFFFFFFFFFF)
/** Bit 63: set when the hypervisor allocated the handle, clear for SPMC. */
#define FFA_MEM_HANDLE_HYP_BIT (UINT64_C(1) << 63)

/**
 * ffa_mem_handle_make() - build a handle from its two 32-bit halves.
 * @lo: bits 31:0 (FFA_SUCCESS w2; FRAG_RX/FRAG_TX/RECLAIM/OP_PAUSE w1).
 * @hi: bits 63:32 (FFA_SUCCESS w3; FRAG_RX/FRAG_TX/RECLAIM/OP_PAUSE w2).
 */
static inline uint64_t ffa_mem_handle_make(uint32_t lo, uint32_t hi)
{
	return ((uint64_t)hi << 32) | (uint64_t)lo;
}

/** ffa_mem_handle_lo() - bits 31:0 of @handle (the lower w register). */
static inline uint32_t ffa_mem_handle_lo(uint64_t handle)
{
	return (uint32_t)handle;
}

/** ffa_mem_handle_hi() - bits 63:32 of @handle (the upper w register). */
static inline uint32_t ffa_mem_handle_hi(uint64_t handle)
{
	return (uint32_t)(handle >> 32);
}

/* ======================================================================== */
/* Memory region attributes (ffa-memory.md 4)                               */
/* ======================================================================== */

#define FFA_MEM_TYPE_NOT_SPECIFIED 0u
#define FFA_MEM_TYPE_DEVICE 1u
#define FFA_MEM_TYPE_NORMAL 2u

#define FFA_MEM_SHARE_NON 0u   /**< non-shareable */
#define FFA_MEM_SHARE_OUTER 2u /**< outer shareable */
#define FFA_MEM_SHARE_INNER 3u /**< inner shareable */

#define FFA_MEM_CACHE_NC 1u /**< normal memory, non-cacheable */
#define FFA_MEM_CACHE_WB 3u /**< normal memory, write-back */

#define FFA_MEM_DEV_NGNRNE 0u
#define FFA_MEM_DEV_NGNRE 1u
#define FFA_MEM_DEV_NGRE 2u
#define FFA_MEM_DEV_GRE 3u

/** Raw attribute bits. */
#define FFA_MEM_ATTR_SHARE_MASK 0x0003u
#define FFA_MEM_ATTR_CACHE_SHIFT 2
#define FFA_MEM_ATTR_CACHE_MASK 0x000Cu
#define FFA_MEM_ATTR_TYPE_SHIFT 4
#define FFA_MEM_ATTR_TYPE_MASK 0x0030u
#define FFA_MEM_ATTR_NS 0x0040u
/** Normal, write-back, inner shareable: the usual value (0x2F). */
#define FFA_MEM_ATTR_NORMAL_WB_INNER 0x002Fu

/**
 * struct ffa_mem_attr - memory region attributes, decoded.
 * @type:         FFA_MEM_TYPE_*.
 * @cacheability: FFA_MEM_CACHE_* for normal memory; 0 otherwise.
 * @device:       FFA_MEM_DEV_* for device memory; 0 otherwise.
 * @shareability: FFA_MEM_SHARE_* (normal and device memory); 0 when the
 *                type is not specified.
 * @ns:           Non-secure bit (bit 6). Only a relayer sets it, in a
 *                retrieve response.
 */
struct ffa_mem_attr {
	uint8_t type;
	uint8_t cacheability;
	uint8_t device;
	uint8_t shareability;
	bool ns;
};

/**
 * ffa_mem_attr_encode() - pack attributes into the wire value.
 * @a:       attributes.
 * @version: layout version (v1.0 has an 8-bit field, v1.1+ 16 bits).
 * @raw:     receives the value (for v1.0 it fits in bits 7:0).
 *
 * Returns 0, or FFA_ERR_BAD_ARGUMENT for NULL pointers, an unsupported
 * version, or a reserved encoding: type 3; shareability 1; normal memory
 * with cacheability 0 or 2 or a device field; device memory with a
 * cacheability; type "not specified" with any other field non-zero.
 * The NS bit is accepted in every version (a v1.0 SP may ask for it).
 */
int ffa_mem_attr_encode(const struct ffa_mem_attr *a, uint32_t version, uint16_t *raw);

/**
 * ffa_mem_attr_decode() - unpack and validate a wire attribute value.
 * @raw:     the value (v1.0: the byte at offset 2, zero-extended).
 * @version: layout version.
 * @a:       receives the attributes; untouched on error.
 *
 * Returns 0; FFA_ERR_BAD_ARGUMENT for NULL @a or an unsupported version;
 * FFA_ERR_PROTOCOL when reserved bits are set (bits 15:7 in v1.1+, bits
 * 15:7 of the zero-extended byte in v1.0) or a reserved encoding is used
 * (same list as ffa_mem_attr_encode()).
 */
int ffa_mem_attr_decode(uint16_t raw, uint32_t version, struct ffa_mem_attr *a);

/* ======================================================================== */
/* Access permissions byte (ffa-memory.md 2.4) and EMAD flags (2.5)        */
/* ======================================================================== */

#define FFA_MEM_DATA_NOT_SPECIFIED 0u
#define FFA_MEM_DATA_RO 1u
#define FFA_MEM_DATA_RW 2u
#define FFA_MEM_INSTR_NOT_SPECIFIED 0u
#define FFA_MEM_INSTR_NX 1u
#define FFA_MEM_INSTR_X 2u

/** Single-bit view of the permissions byte. */
#define FFA_MEM_PERM_RO 0x01u
#define FFA_MEM_PERM_RW 0x02u
#define FFA_MEM_PERM_NX 0x04u
#define FFA_MEM_PERM_X 0x08u

/** ffa_mem_perm_make() - permissions byte from data and instruction access. */
static inline uint8_t ffa_mem_perm_make(unsigned int data, unsigned int instr)
{
	return (uint8_t)((data & 3u) | ((instr & 3u) << 2));
}

/** ffa_mem_perm_data() - data access field (bits 1:0) of @perm. */
static inline unsigned int ffa_mem_perm_data(uint8_t perm)
{
	return perm & 3u;
}

/** ffa_mem_perm_instr() - instruction access field (bits 3:2) of @perm. */
static inline unsigned int ffa_mem_perm_instr(uint8_t perm)
{
	return (perm >> 2) & 3u;
}

/**
 * ffa_mem_perm_valid() - true if @perm uses no reserved encoding (data or
 * instruction access 3) and bits 7:4 are zero.
 */
bool ffa_mem_perm_valid(uint8_t perm);

/** EMAD flags bit 0: non-retrieval borrower (retrieve request/response). */
#define FFA_MEM_EMAD_FLAG_NON_RETRIEVAL 0x01u

/* ======================================================================== */
/* Transaction flags (ffa-memory.md 6)                                      */
/* ======================================================================== */

/* 6.1 DONATE / LEND / SHARE */
#define FFA_MEM_FLAG_ZERO 0x1u        /**< zero before mapping to borrowers */
#define FFA_MEM_FLAG_TIME_SLICE 0x2u  /**< operation time slicing allowed */

/* 6.2 RETRIEVE_REQ (6.3 RETRIEVE_RESP uses ZERO and TYPE) */
#define FFA_MEM_RETRIEVE_FLAG_ZERO 0x1u
#define FFA_MEM_RETRIEVE_FLAG_TIME_SLICE 0x2u
#define FFA_MEM_RETRIEVE_FLAG_ZERO_AFTER_RELINQUISH 0x4u
#define FFA_MEM_RETRIEVE_FLAG_TYPE_SHIFT 3
#define FFA_MEM_RETRIEVE_FLAG_TYPE_MASK (3u << 3)
#define FFA_MEM_RETRIEVE_TYPE_NOT_SPECIFIED 0u
#define FFA_MEM_RETRIEVE_TYPE_SHARE 1u
#define FFA_MEM_RETRIEVE_TYPE_LEND 2u
#define FFA_MEM_RETRIEVE_TYPE_DONATE 3u
/** Build the bits 4:3 of a retrieve flag word for type @t. */
#define FFA_MEM_RETRIEVE_FLAG_TYPE(t) (((uint32_t)(t) & 3u) << 3)
#define FFA_MEM_RETRIEVE_FLAG_ALIGN_SHIFT 5
#define FFA_MEM_RETRIEVE_FLAG_ALIGN_MASK (0xFu << 5)
#define FFA_MEM_RETRIEVE_FLAG_ALIGN_VALID (1u << 9)
/** v1.2: bypass multiple-borrower identification (EMAD count must be 1). */
#define FFA_MEM_RETRIEVE_FLAG_BYPASS_MULTI (1u << 10)

/* 6.4 RELINQUISH descriptor, 6.5 RECLAIM (w3) */
#define FFA_MEM_RELINQUISH_FLAG_ZERO 0x1u
#define FFA_MEM_RELINQUISH_FLAG_TIME_SLICE 0x2u
#define FFA_MEM_RECLAIM_FLAG_ZERO 0x1u
#define FFA_MEM_RECLAIM_FLAG_TIME_SLICE 0x2u

/**
 * enum ffa_mem_desc_kind - which message a transaction descriptor is.
 * @FFA_MEM_DESC_SEND:          DONATE / LEND / SHARE (sender -> relayer).
 *        Flags 6.1; handle 0; NS bit 0; EMAD flags 0; >= 1 receiver; every
 *        EMAD points at the one composite descriptor.
 * @FFA_MEM_DESC_RETRIEVE_REQ:  RETRIEVE_REQ (receiver -> relayer), 9.1.
 *        Flags 6.2; NS bit 0; composite offset 0 in every EMAD and no
 *        composite descriptor (the length ends after the EMAD array);
 *        0 receivers allowed (v1.1 hypervisor retrieve, 8.4).
 * @FFA_MEM_DESC_RETRIEVE_RESP: RETRIEVE_RESP (relayer -> receiver), 9.2.
 *        Flags 6.3 (bits 0, 1, 4:3); NS bit allowed; >= 1 receiver.
 */
enum ffa_mem_desc_kind {
	FFA_MEM_DESC_SEND = 0,
	FFA_MEM_DESC_RETRIEVE_REQ = 1,
	FFA_MEM_DESC_RETRIEVE_RESP = 2,
};

/**
 * ffa_mem_flags_valid() - true if @flags has no bit reserved for @kind in
 * @version: SEND bits 31:2; RETRIEVE_REQ bits 31:11 (31:10 before v1.2) and
 * a non-zero alignment hint without the hint-valid bit 9; RETRIEVE_RESP any
 * bit other than 0, 1, 4:3. False for an unknown kind or version.
 */
bool ffa_mem_flags_valid(enum ffa_mem_desc_kind kind, uint32_t version, uint32_t flags);

/**
 * ffa_mem_relinquish_flags_valid() - true if bits 31:2 of a relinquish (6.4)
 * or reclaim (6.5) flag word are zero.
 */
bool ffa_mem_relinquish_flags_valid(uint32_t flags);

/* ======================================================================== */
/* Receivers (EMADs, ffa-memory.md 2.3)                                     */
/* ======================================================================== */

/**
 * struct ffa_mem_receiver - one endpoint memory access descriptor.
 * @id:               receiver endpoint ID.
 * @perm:             permissions byte (2.4).
 * @flags:            EMAD flags (2.5); 0 in SEND descriptors.
 * @impdef:           v1.2+ implementation-defined value. Must be all zero
 *                    when encoding a v1.0/v1.1 layout (there is no room for
 *                    it); decoded as zero from a 16-byte EMAD.
 * @composite_offset: decode output only: the composite offset the EMAD
 *                    carries (0 in retrieve requests). The encoder ignores
 *                    it and writes the right value itself.
 */
struct ffa_mem_receiver {
	uint16_t id;
	uint8_t perm;
	uint8_t flags;
	uint8_t impdef[FFA_MEM_IMPDEF_SIZE];
	uint32_t composite_offset;
};

/**
 * struct ffa_mem_txn - the fields of a transaction descriptor (encoder
 * input; the decoder's header view is struct ffa_mem_desc).
 * @version:        layout version.
 * @kind:           SEND, RETRIEVE_REQ or RETRIEVE_RESP (rules above).
 * @sender:         owner endpoint ID.
 * @attributes:     raw attribute value (see ffa_mem_attr_encode()); must be
 *                  valid for @version.
 * @flags:          flag word valid for @kind (ffa_mem_flags_valid()).
 * @handle:         0 for SEND; the handle otherwise.
 * @tag:            sender's tag.
 * @receiver_count: entries in @receivers (>= 1; 0 allowed for RETRIEVE_REQ).
 * @receivers:      caller's array, read only during ffa_mem_frag_init() and
 *                  the first ffa_mem_frag_next() (or the one-shot encode).
 *                  IDs must be distinct and differ from @sender for SEND
 *                  (the rule relayers enforce); each @perm valid; each
 *                  @flags 0 for SEND, 0 or 1 otherwise.
 */
struct ffa_mem_txn {
	uint32_t version;
	enum ffa_mem_desc_kind kind;
	uint16_t sender;
	uint16_t attributes;
	uint32_t flags;
	uint64_t handle;
	uint64_t tag;
	uint32_t receiver_count;
	const struct ffa_mem_receiver *receivers;
};

/* ======================================================================== */
/* Scatter-gather input: range iterator                                     */
/* ======================================================================== */

/**
 * struct ffa_mem_range_iter - a rewindable source of (address, page count).
 * @next:   called for the next range. Stores the 4 KiB-aligned base address
 *          and the page count (>= 1) and returns 1; returns 0 at the end;
 *          a negative value aborts the encoder, which returns it unchanged.
 * @rewind: restarts the sequence from the first range; returns 0 or a
 *          negative error. The encoder walks the ranges twice (a counting
 *          pass, then the emitting pass) and requires both passes to yield
 *          the same ranges (FFA_ERR_BAD_ARGUMENT otherwise).
 * @arg:    passed to both callbacks.
 *
 * The encoder merges neighbours on the fly (addr + pages * 4096 == next
 * addr, as long as the merged count fits 32 bits) without copying anything.
 *
 * Example, a linked list:
 *
 *   struct seg { uint64_t pa; uint32_t pages; struct seg *next; };
 *   struct walk { struct seg *head, *cur; };
 *   static int seg_next(void *arg, uint64_t *addr, uint32_t *pages)
 *   {
 *           struct walk *w = arg;
 *           if (!w->cur)
 *                   return 0;
 *           *addr = w->cur->pa;
 *           *pages = w->cur->pages;
 *           w->cur = w->cur->next;
 *           return 1;
 *   }
 *   static int seg_rewind(void *arg)
 *   {
 *           struct walk *w = arg;
 *           w->cur = w->head;
 *           return 0;
 *   }
 *   struct walk w = { list, list };
 *   struct ffa_mem_range_iter it = { seg_next, seg_rewind, &w };
 */
struct ffa_mem_range_iter {
	int (*next)(void *arg, uint64_t *addr, uint32_t *pages);
	int (*rewind)(void *arg);
	void *arg;
};

/** struct ffa_mem_range - one address range: @addr (4 KiB aligned), @pages. */
struct ffa_mem_range {
	uint64_t addr;
	uint32_t pages;
};

/**
 * struct ffa_mem_range_array - state of the ready-made array adapter.
 * Members are private; set up with ffa_mem_range_array_iter().
 */
struct ffa_mem_range_array {
	const struct ffa_mem_range *ranges;
	size_t count;
	size_t pos;
};

/**
 * ffa_mem_range_array_iter() - make a range iterator over a plain array.
 * @state:  caller-allocated adapter state; must outlive the iterator.
 * @ranges: the caller's array (not copied; must stay unchanged while the
 *          encoder runs). May be NULL only if @count is 0.
 * @count:  number of entries.
 * @it:     receives the iterator.
 *
 * Returns 0, or FFA_ERR_BAD_ARGUMENT for NULL @state/@it or NULL @ranges
 * with a non-zero @count.
 */
int ffa_mem_range_array_iter(struct ffa_mem_range_array *state,
			     const struct ffa_mem_range *ranges, size_t count,
			     struct ffa_mem_range_iter *it);

/* ======================================================================== */
/* Encoder: streaming fragmenter                                            */
/* ======================================================================== */

/**
 * struct ffa_mem_frag - streaming encoder state (caller-allocated, constant
 * size). Members are private; use the functions below.
 */
struct ffa_mem_frag {
	struct ffa_mem_txn txn;
	struct ffa_mem_range_iter it;
	uint64_t pages_done; /* pages of the ranges read so far */
	uint64_t pend_addr;  /* the merger's look-ahead */
	/* layout (the composite offset follows from it and txn) */
	uint32_t total_len;
	uint32_t cons_count;
	uint32_t total_pages;
	/* progress */
	uint32_t pos;        /* stream offset of the next fragment */
	uint32_t cons_done;
	uint32_t pend_pages;
	int error;           /* sticky error, 0 if none */
	bool pend_valid;
	bool eof;
};

/**
 * struct ffa_mem_frag_info - where a fragment sits in the descriptor.
 * @total_len: length T of the whole descriptor (w1 of MEM_SHARE etc.).
 * @offset:    stream offset of this fragment's first byte (0 for the first;
 *             equals what the relayer's FRAG_RX w3 must say before it).
 * @len:       this fragment's length (w2 of the first call, w3 of FRAG_TX).
 * @more:      true if more fragments follow.
 */
struct ffa_mem_frag_info {
	uint32_t total_len;
	uint32_t offset;
	uint32_t len;
	bool more;
};

/**
 * ffa_mem_frag_init() - validate a transaction and prepare to emit it.
 * @f:   caller-allocated state; overwritten.
 * @txn: the transaction; copied, but txn->receivers is read again by the
 *       first ffa_mem_frag_next() and must stay valid until then.
 * @it:  the ranges (copied; its @arg must stay valid until the last
 *       fragment). Required for SEND and RETRIEVE_RESP; must be NULL for
 *       RETRIEVE_REQ (requests carry no address ranges).
 *
 * Runs the counting pass (validating every range, merging neighbours,
 * counting merged constituents and pages) and rewinds @it. Time linear in
 * the ranges, no memory beyond @f.
 *
 * Returns 0; the iterator's own negative value if it fails; otherwise
 * FFA_ERR_BAD_ARGUMENT for: NULL @f/@txn, bad version or kind, reserved
 * attribute/flag/permission bits (6.x for the kind), NS bit outside a
 * retrieve response, a non-zero handle in SEND, receiver_count 0 (except
 * RETRIEVE_REQ) or NULL receivers, duplicate receiver IDs or the sender as
 * receiver (SEND), EMAD flags other than 0 (SEND) or bit 0, a non-zero
 * impdef value in a v1.0/v1.1 layout, bypass-multi with != 1 receiver, a
 * missing or NULL-callback iterator, a range with 0 pages, an unaligned
 * address, a range that wraps the 64-bit address space, zero ranges, a page
 * total above 0xFFFFFFFF, or a descriptor longer than FFA_MEM_DESC_MAX_LEN.
 */
int ffa_mem_frag_init(struct ffa_mem_frag *f, const struct ffa_mem_txn *txn,
		      const struct ffa_mem_range_iter *it);

/**
 * ffa_mem_frag_total_len() - total descriptor length T (valid after a
 * successful ffa_mem_frag_init()).
 */
uint32_t ffa_mem_frag_total_len(const struct ffa_mem_frag *f);

/**
 * ffa_mem_frag_first_min() - smallest buffer that can hold the first
 * fragment: header + EMAD array + composite header (+ nothing else).
 */
uint32_t ffa_mem_frag_first_min(const struct ffa_mem_frag *f);

/**
 * ffa_mem_frag_pos() - bytes emitted so far = stream offset where the next
 * fragment starts (what a relayer's FRAG_RX w3 must equal).
 */
uint32_t ffa_mem_frag_pos(const struct ffa_mem_frag *f);

/** ffa_mem_frag_done() - true once the last fragment was emitted. */
bool ffa_mem_frag_done(const struct ffa_mem_frag *f);

/**
 * ffa_mem_frag_next() - write the next fragment into @buf.
 * @f:    state from ffa_mem_frag_init().
 * @buf:  caller buffer (e.g. the TX buffer); overwritten from byte 0.
 * @cap:  its size. Only a multiple of 16 is used (fragments never split a
 *        constituent); larger values than FFA_MEM_DESC_MAX_LEN are capped.
 * @info: optional (may be NULL): receives total length, offset, length and
 *        whether more fragments follow.
 *
 * The first fragment holds the header, all EMADs, the composite header and
 * as many constituents as fit; later ones only constituents. Rules of
 * ffa-memory.md 8.1: the first needs @cap >= ffa_mem_frag_first_min(),
 * later ones >= 16.
 *
 * Returns the fragment length (> 0); 0 if the last fragment was already
 * emitted; FFA_ERR_BUFFER_TOO_SMALL if @cap cannot hold the minimum (the
 * state is unchanged: retry with a bigger buffer); FFA_ERR_BAD_ARGUMENT
 * for NULL @f/@buf, or when the iterator's second pass disagrees with the
 * counting pass (then, and after an iterator error, which is returned as
 * is, the error is sticky: every later call returns it).
 */
int ffa_mem_frag_next(struct ffa_mem_frag *f, void *buf, size_t cap,
		      struct ffa_mem_frag_info *info);

/**
 * ffa_mem_desc_encode() - encode a whole descriptor into one buffer.
 * @txn, @it: as for ffa_mem_frag_init().
 * @buf:      caller buffer.
 * @cap:      its size.
 *
 * Returns the descriptor length; FFA_ERR_BUFFER_TOO_SMALL if it does not fit
 * in @cap (nothing useful is written then); any error of
 * ffa_mem_frag_init() / ffa_mem_frag_next().
 */
int ffa_mem_desc_encode(const struct ffa_mem_txn *txn, const struct ffa_mem_range_iter *it,
			void *buf, size_t cap);

/**
 * ffa_mem_retrieve_req_encode() - encode a retrieve request (9.1).
 * @txn: kind must be FFA_MEM_DESC_RETRIEVE_REQ; receivers carry the
 *       requested permissions, flags and impdef.
 * @buf, @cap: caller buffer (e.g. the TX buffer).
 *
 * Same as ffa_mem_desc_encode(@txn, NULL, @buf, @cap). Returns the length
 * (w1 = w2 of FFA_MEM_RETRIEVE_REQ) or the errors listed there.
 */
int ffa_mem_retrieve_req_encode(const struct ffa_mem_txn *txn, void *buf, size_t cap);

/* ======================================================================== */
/* Decoders                                                                 */
/* ======================================================================== */

/**
 * struct ffa_mem_desc - a validated transaction descriptor header (private
 * copy of every header field, read once from the buffer).
 * @version, @kind:            as given to the decoder.
 * @sender, @attributes, @flags, @handle, @tag: header fields.
 * @receiver_count:            number of EMADs.
 * @emad_offset, @emad_size:   where/how big EMADs are (from the header in
 *                             v1.1+, fixed 32/16 in v1.0).
 * @composite_offset:          offset of the composite descriptor (0 for a
 *                             retrieve request).
 * @total_pages:               page total from the composite header.
 * @constituent_count:         constituents from the composite header.
 * @total_len:                 descriptor length the header implies.
 * @buf, @len:                 the buffer decoded (the first fragment for
 *                             the reassembler); receivers are read from it.
 */
struct ffa_mem_desc {
	uint32_t version;
	enum ffa_mem_desc_kind kind;
	uint16_t sender;
	uint16_t attributes;
	uint32_t flags;
	uint64_t handle;
	uint64_t tag;
	uint32_t receiver_count;
	uint32_t emad_offset;
	uint32_t emad_size;
	uint32_t composite_offset;
	uint32_t total_pages;
	uint32_t constituent_count;
	uint32_t total_len;
	const uint8_t *buf;
	size_t len;
};

/**
 * ffa_mem_desc_decode() - decode and validate a complete descriptor.
 * @d:       receives the header view; undefined on error.
 * @buf:     the descriptor (caller's; must stay valid and unchanged while
 *           @d and its iterators are used).
 * @len:     its exact length (w1 of the call; must equal the length the
 *           header implies).
 * @version: layout version the peer uses (the negotiated version).
 * @kind:    which message this is (rules in enum ffa_mem_desc_kind).
 *
 * Checks, with overflow-safe arithmetic and never reading outside
 * [@buf, @buf + @len): the header fits; reserved fields are zero;
 * attributes, flags valid for @kind; (v1.1+) EMAD size 16 (v1.1) or 16/32
 * (v1.2+) and EMAD offset >= 48, 16-byte aligned; the EMAD array fits
 * before any use; every EMAD's permissions, flags, reserved bytes and
 * composite offset (equal in all EMADs, non-zero, after the EMAD array,
 * 16-byte aligned for SEND, 8 for RETRIEVE_RESP; 0 for RETRIEVE_REQ); the
 * composite header fits; @len equals composite offset + 16 + 16 x count;
 * each constituent (aligned, non-zero pages, no wrap, reserved zero) and
 * the page sum equals the composite total.
 *
 * Returns 0; FFA_ERR_BAD_ARGUMENT for NULL @d/@buf, a bad version or kind;
 * FFA_ERR_PROTOCOL for any malformed content.
 */
int ffa_mem_desc_decode(struct ffa_mem_desc *d, const void *buf, size_t len, uint32_t version,
			enum ffa_mem_desc_kind kind);

/**
 * ffa_mem_retrieve_req_decode() - ffa_mem_desc_decode() with kind
 * FFA_MEM_DESC_RETRIEVE_REQ.
 */
int ffa_mem_retrieve_req_decode(struct ffa_mem_desc *d, const void *buf, size_t len,
				uint32_t version);

/**
 * ffa_mem_retrieve_resp_decode() - ffa_mem_desc_decode() with kind
 * FFA_MEM_DESC_RETRIEVE_RESP, for an unfragmented response. A fragmented
 * one goes through struct ffa_mem_reasm.
 */
int ffa_mem_retrieve_resp_decode(struct ffa_mem_desc *d, const void *buf, size_t len,
				 uint32_t version);

/**
 * ffa_mem_desc_receiver() - read EMAD @index of a decoded descriptor.
 * @d:     from ffa_mem_desc_decode() or ffa_mem_reasm_desc().
 * @index: 0 .. receiver_count - 1.
 * @out:   receives the EMAD (impdef zero for 16-byte EMADs).
 *
 * The EMAD is read once and validated again on that copy, so a buffer that
 * changed since decoding yields an error, never unchecked data.
 * Returns 0; FFA_ERR_BAD_ARGUMENT for NULL pointers or @index out of range;
 * FFA_ERR_PROTOCOL if the EMAD no longer validates.
 */
int ffa_mem_desc_receiver(const struct ffa_mem_desc *d, uint32_t index,
			  struct ffa_mem_receiver *out);

/**
 * ffa_mem_desc_find_receiver() - find the EMAD for endpoint @id.
 * Returns its index (>= 0); FFA_ERR_NO_DATA if no EMAD names @id; the
 * errors of ffa_mem_desc_receiver().
 */
int ffa_mem_desc_find_receiver(const struct ffa_mem_desc *d, uint16_t id,
			       struct ffa_mem_receiver *out);

/**
 * struct ffa_mem_cons_iter - iterator over constituents in a buffer.
 * Members are private.
 */
struct ffa_mem_cons_iter {
	const uint8_t *p;
	uint32_t left;        /* constituents left in this buffer */
	uint32_t total_left;  /* constituents left in the descriptor */
	uint32_t total_pages;
	uint64_t pages_seen;
};

/**
 * ffa_mem_desc_constituents() - start walking a decoded descriptor's ranges.
 * @d:  from ffa_mem_desc_decode() (a complete descriptor).
 * @it: receives the iterator (no copy of the ranges is made).
 *
 * Returns 0; FFA_ERR_BAD_ARGUMENT for NULL pointers, a retrieve request, or
 * a @d whose buffer does not hold the whole descriptor (the reassembler's
 * view of a fragmented one: use ffa_mem_reasm_next() there).
 */
int ffa_mem_desc_constituents(const struct ffa_mem_desc *d, struct ffa_mem_cons_iter *it);

/**
 * ffa_mem_cons_next() - next constituent.
 * @it:    iterator.
 * @addr:  receives the base address.
 * @pages: receives the page count.
 *
 * Each constituent is read once and validated on that copy (aligned,
 * pages >= 1, no wrap, reserved zero, running page sum <= total).
 * Returns 1 with a range; 0 at the end (the page sum was checked to equal
 * the composite total); FFA_ERR_PROTOCOL for a bad constituent or sum;
 * FFA_ERR_BAD_ARGUMENT for NULL pointers.
 */
int ffa_mem_cons_next(struct ffa_mem_cons_iter *it, uint64_t *addr, uint32_t *pages);

/* ======================================================================== */
/* Reassembling decoder (fragmented descriptors, e.g. retrieve responses)   */
/* ======================================================================== */

/**
 * struct ffa_mem_reasm - reassembling decoder state (caller-allocated,
 * constant size). Members are private.
 */
struct ffa_mem_reasm {
	struct ffa_mem_desc desc;
	struct ffa_mem_cons_iter cur;
	uint32_t expect_len; /* total length announced by the peer */
	uint32_t received;
	bool have_header;
	int error;
};

/**
 * ffa_mem_reasm_init() - prepare to receive a fragmented descriptor.
 * @r:         caller state; overwritten.
 * @version:   layout version.
 * @kind:      usually FFA_MEM_DESC_RETRIEVE_RESP (SEND for a relayer).
 * @total_len: the total length the peer announced (w1).
 *
 * Returns 0; FFA_ERR_BAD_ARGUMENT for NULL @r, a bad version, kind
 * (RETRIEVE_REQ is never fragmented), or @total_len 0.
 */
int ffa_mem_reasm_init(struct ffa_mem_reasm *r, uint32_t version, enum ffa_mem_desc_kind kind,
		       uint32_t total_len);

/**
 * ffa_mem_reasm_feed() - hand over the next fragment.
 * @r:    state.
 * @frag: the fragment bytes (e.g. the RX buffer); must stay valid until the
 *        ranges in it were read with ffa_mem_reasm_next() (and, for the
 *        first fragment, the receivers with ffa_mem_reasm_desc()).
 * @len:  its length (w2 of RETRIEVE_RESP, w3 of FRAG_TX).
 *
 * The first fragment must hold the header, all EMADs and the composite
 * header, validated as in ffa_mem_desc_decode(), and the total length it
 * implies must equal the announced one. Every fragment must end on a
 * constituent boundary and not run past the total. The previous fragment's
 * constituents must all have been read.
 *
 * Returns 0; FFA_ERR_BAD_ARGUMENT for NULL pointers, a feed after the end or
 * before the previous fragment was consumed; FFA_ERR_PROTOCOL for bad
 * content. A protocol error is sticky.
 */
int ffa_mem_reasm_feed(struct ffa_mem_reasm *r, const void *frag, size_t len);

/**
 * ffa_mem_reasm_desc() - the header view, once the first fragment was fed.
 * Returns NULL before that or after an error. Its @buf is the first
 * fragment: read receivers (ffa_mem_desc_receiver()) before feeding more.
 */
const struct ffa_mem_desc *ffa_mem_reasm_desc(const struct ffa_mem_reasm *r);

/**
 * ffa_mem_reasm_next() - next constituent of the current fragment.
 * Returns 1 with a range; 0 when the current fragment is exhausted (feed the
 * next one, or, if ffa_mem_reasm_done(), the descriptor is complete and its
 * page sum checked); FFA_ERR_PROTOCOL for bad data (sticky);
 * FFA_ERR_BAD_ARGUMENT for NULL pointers or no fragment fed yet.
 */
int ffa_mem_reasm_next(struct ffa_mem_reasm *r, uint64_t *addr, uint32_t *pages);

/**
 * ffa_mem_reasm_received() - bytes fed so far (w3 of the next FRAG_RX).
 */
uint32_t ffa_mem_reasm_received(const struct ffa_mem_reasm *r);

/**
 * ffa_mem_reasm_done() - true once all bytes were fed, every constituent
 * read, and the page sum matched.
 */
bool ffa_mem_reasm_done(const struct ffa_mem_reasm *r);

/* ======================================================================== */
/* Relinquish descriptor (ffa-memory.md 2.9)                                */
/* ======================================================================== */

/**
 * ffa_mem_relinquish_encode() - write a relinquish descriptor.
 * @handle: the transaction handle.
 * @flags:  6.4 flags (bits 31:2 must be 0).
 * @ids:    the relinquishing endpoints (caller's array, read only).
 * @count:  number of IDs, >= 1.
 * @buf:    caller buffer (e.g. the TX buffer).
 * @cap:    its size.
 *
 * Returns the length 16 + 2 x @count; FFA_ERR_BAD_ARGUMENT for NULL
 * pointers, @count 0 or reserved flags; FFA_ERR_BUFFER_TOO_SMALL.
 */
int ffa_mem_relinquish_encode(uint64_t handle, uint32_t flags, const uint16_t *ids,
			      uint32_t count, void *buf, size_t cap);

/**
 * struct ffa_mem_relinquish - a decoded relinquish descriptor.
 * @handle, @flags, @endpoint_count: header fields.
 * @buf: the buffer decoded (endpoint IDs are read from it).
 */
struct ffa_mem_relinquish {
	uint64_t handle;
	uint32_t flags;
	uint32_t endpoint_count;
	const uint8_t *buf;
};

/**
 * ffa_mem_relinquish_decode() - validate a relinquish descriptor.
 * @out: receives the header fields.
 * @buf: the descriptor (e.g. the TX buffer of the caller).
 * @len: bytes available in @buf (there is no length register; the
 *       descriptor must fit: 16 + 2 x count <= @len).
 *
 * Returns 0; FFA_ERR_BAD_ARGUMENT for NULL pointers; FFA_ERR_PROTOCOL for a
 * short buffer, count 0, a count that does not fit, or reserved flags.
 */
int ffa_mem_relinquish_decode(struct ffa_mem_relinquish *out, const void *buf, size_t len);

/**
 * ffa_mem_relinquish_endpoint() - endpoint ID @index of a decoded
 * relinquish descriptor. Returns the ID (0..0xFFFF) or FFA_ERR_BAD_ARGUMENT
 * for NULL @r or @index out of range.
 */
int ffa_mem_relinquish_endpoint(const struct ffa_mem_relinquish *r, uint32_t index);

#ifdef __cplusplus
}
#endif

#endif /* FFA_DESC_H */
