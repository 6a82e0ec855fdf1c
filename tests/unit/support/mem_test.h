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

/* mt_ranges(@n) behind an array iterator. Free @ranges when done. */
struct mt_sender {
	struct ffa_mem_range *ranges;
	struct ffa_mem_range_array state;
	struct ffa_mem_range_iter it;
};
void mt_sender_init(struct mt_sender *s, size_t n);

/* A retrieve response laid out by hand (dv_write): one EMAD 0x8001 RW,
 * @n constituents of mt_ranges(), @handle, @flags. Caller frees. */
uint8_t *mt_resp(uint32_t version, size_t n, uint64_t handle, uint32_t flags, size_t *len);

/* A retrieve request: sender 1, @handle, @flags, one EMAD 0x8001 RW. */
struct ffa_mem_txn mt_request(uint64_t handle, uint32_t flags);

/* The manager serves @resp (the caller's; it must outlive the rig's use). */
void rig_serve(struct mem_rig *g, const uint8_t *resp, size_t len);

/* The v1.2 retrieve of a 600-range response (R = 9696) through a one-page
 * RX buffer: REQ -> RESP(9696, 4096), release, FRAG_RX 4096 -> FRAG_TX 4096,
 * release, FRAG_RX 8192 -> FRAG_TX 1504, release. */
void rig_expect_retrieve_600(struct mem_rig *g, uint64_t handle);

/* rig_check() then rig_free(). */
void rig_done(struct mem_rig *g);

/* A v1.2 rig with a one-page pair (CAPS_ALL) and @n ranges to send;
 * send_end() checks the rig and frees both. */
void send_begin(struct mem_rig *g, struct mt_sender *s, size_t n);
void send_end(struct mem_rig *g, struct mt_sender *s);

/* A v1.2 rig with a one-page pair (CAPS_ALL) serving @resp; retr_end()
 * checks the rig and frees both. */
void retr_begin(struct mem_rig *g, uint8_t *resp, size_t len);
void retr_end(struct mem_rig *g, uint8_t *resp);

/* A send transaction of kind SEND (version 0 = negotiated), one receiver
 * 0x8001 RW unless @receivers is given. */
struct ffa_mem_txn mt_txn(uint16_t attributes, uint32_t flags, const struct ffa_mem_receiver *rcv,
			  uint32_t count);

extern const struct ffa_mem_receiver mt_rw_8001;

#endif /* MEM_TEST_H */
