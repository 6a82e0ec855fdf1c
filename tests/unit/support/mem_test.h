/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test rig for the memory-management calls: a scripted manager with RX/TX
 * buffers at fake physical addresses, a lock probe, and a script action that
 * plays the manager's side of the buffers: it captures every descriptor
 * byte the manager would read (send fragments, retrieve requests,
 * relinquish descriptors) and writes the retrieve-response fragments into
 * the RX buffer, tracking RX ownership (delivered / released).
 */
#ifndef MEM_TEST_H
#define MEM_TEST_H

#include "ffa_test.h"

/* Fake physical addresses the rig's va_to_pa hook gives. */
#define MT_TX_PA 0x10000000ull
#define MT_RX_PA 0x10100000ull
#define MT_BUF_PA 0x20000000ull      /* caller descriptor buffer, low */
#define MT_BUF_PA_HIGH 0x880000000ull /* the same, above 4 GiB */

#define MT_MAX_STEPS 8192
#define MT_CAP_SIZE (1u << 22) /* captured descriptor bytes */

struct mem_rig {
	struct ffa_ctx ctx;
	struct ffa_conduit conduit;
	struct ffa_script script;
	struct ffa_port port;
	uint32_t version;
	uint32_t caps;
	uint32_t pages; /* RX/TX size in pages */

	uint8_t *tx, *rx;   /* exactly pages * 4096 bytes each */
	uint8_t *buf;       /* caller descriptor buffer (buf_pages) */
	uint32_t buf_pages;
	bool buf_high;      /* translate buf above 4 GiB */

	struct ffa_script_step *steps;
	size_t n;

	/* Lock probe. */
	int lock_depth;
	unsigned int lock_takes;
	unsigned int lock_errors; /* recursive take or unlock without lock */

	/* What the manager read: the send stream, the last retrieve
	 * request, the last relinquish descriptor. */
	uint8_t *cap;
	size_t cap_len;
	const uint8_t *send_src; /* buffer the send stream is read from */
	size_t send_size;
	uint8_t req[4096];
	size_t req_len;
	uint8_t relq[64];

	/* Retrieve response the manager serves from the RX buffer. */
	const uint8_t *resp;
	size_t resp_len;
	unsigned int delivered, released, bad_releases;
	bool rx_owned;
};

/* Allocate buffers and add the FFA_VERSION and FFA_RXTX_MAP steps. */
void rig_init(struct mem_rig *g, uint32_t version, uint32_t caps, uint32_t pages);

/* Also give the rig a caller descriptor buffer of @pages pages. */
void rig_caller_buf(struct mem_rig *g, uint32_t pages, bool high);

/* Append a step (its action is the rig's manager model). */
struct ffa_script_step *rig_step(struct mem_rig *g, struct ffa_regs in, struct ffa_regs out);
void rig_step_fail(struct mem_rig *g, struct ffa_regs in, int rc);

/* Start: context with the rig's port, negotiate, map the pair. */
void rig_start(struct mem_rig *g);

/* Assert every step ran, the lock is balanced and RX ownership sane
 * (never released unless delivered, every delivery released). */
void rig_check(struct mem_rig *g);
void rig_free(struct mem_rig *g);

/* Frames. */
struct ffa_regs fr_frag_rx(uint64_t handle, uint32_t off);  /* answer or call (w4 0) */
struct ffa_regs fr_frag_tx(uint64_t handle, uint32_t len);  /* answer or call (w4 0) */
struct ffa_regs fr_ok_handle(uint64_t handle);              /* SUCCESS_32 w2/w3 */
struct ffa_regs fr_reclaim(uint64_t handle, uint32_t flags);
struct ffa_regs fr_pause(uint64_t handle);
struct ffa_regs fr_resume(uint64_t handle);

/* The RX_RELEASE exchange. */
void rig_release(struct mem_rig *g);

/* Ranges 0x80000000 + i * 2 pages, 1 page each (never merged): the
 * constituents dv_write() lays out. */
struct ffa_mem_range *mt_ranges(size_t n);

/* A send transaction of kind SEND (version 0 = negotiated), one receiver
 * 0x8001 RW unless @receivers is given. */
struct ffa_mem_txn mt_txn(uint16_t attributes, uint32_t flags, const struct ffa_mem_receiver *rcv,
			  uint32_t count);

extern const struct ffa_mem_receiver mt_rw_8001;

#endif /* MEM_TEST_H */
