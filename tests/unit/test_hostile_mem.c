/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Randomized hostile-conduit test of the memory calls (issue 4), on the
 * shared harness (support/hostile.h): send (share/lend/donate, TX buffer or
 * caller buffer, forwarded or not), retrieve, relinquish, reclaim, op
 * resume, perm get/set, and the services on top.
 *
 * The manager is random but often plausible: it follows the fragment
 * exchange (FRAG_RX / FRAG_TX with a per-call handle), serves a valid
 * retrieve response through the RX buffer, pauses, refuses, answers with
 * wrong offsets, handles and lengths, or with junk. After each call an
 * independent reference model walks the frame log and predicts every frame
 * the library had to send next (exactly, all 18 registers), the descriptor
 * bytes the manager read (compared with a layout built here from the
 * sheet's offsets), the return value, the handle left behind, the ranges
 * the caller's sink saw, and the RX ownership and lock rules.
 *
 * HOSTILE_SEED / HOSTILE_FRAMES as for every hostile test.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desc_test_util.h"
#include "hostile.h"

#define DEFAULT_FRAMES 150000ull
#define MAX_RANGES 700
#define MAX_STREAM (48u + 4u * 32u + 16u + 16u * MAX_RANGES)
#define SINK_MAX (MAX_RANGES + 8)

enum mkind {
	M_SEND, M_RETRIEVE, M_RELINQUISH, M_RECLAIM, M_RESUME, M_PERM_GET, M_PERM_SET,
	M_SVC_SEND, M_SVC_RETRIEVE, M_KINDS
};

/* Arrays: mkind_name[k] is an address constant for the table (clang). */
static const char mkind_name[M_KINDS][24] = {
	"mem_send", "mem_retrieve", "mem_relinquish", "mem_reclaim", "mem_op_resume",
	"mem_perm_get", "mem_perm_set", "mem_svc_send", "mem_svc_retrieve",
};

#define KIND() ((enum mkind)(H.kind - kinds))

static const struct hostile_kind kinds[M_KINDS];

/* ---- The manager's state for one call -------------------------------------- */

static struct {
	uint64_t handle;       /* what a plausible manager calls the transaction */
	uint32_t total, got;   /* send stream as the manager counts it */
	bool sending;
	/* Retrieve: the response the manager serves. */
	uint8_t resp[MAX_STREAM];
	uint32_t resp_len;
	uint32_t claim_total;  /* R it announces */
	uint32_t next_off;     /* offset of the fragment a RESUME would serve */
	bool resp_started;
} M;

/* What the manager read (send stream) and what the library saw (RX). */
struct capture {
	uint8_t bytes[MAX_STREAM * 2 + 65536];
	size_t len;
	size_t off[HOSTILE_LOG_MAX]; /* per frame: where its bytes start */
	size_t flen[HOSTILE_LOG_MAX];
};

static struct capture CAP, RXS;

static const uint8_t *send_src;  /* the buffer the send stream is read from */
static size_t send_src_size;
static uint8_t *caller_buf[4];    /* caller descriptor buffers of 1..3 pages */
static bool rx_owned;

/* ---- Descriptors written here from the sheet's offsets --------------------- */

static uint32_t hdr_size(uint32_t v)
{
	return v == FFA_VERSION_1_0 ? 32u : 48u;
}

static uint32_t emad_size(uint32_t v)
{
	return v >= FFA_VERSION_1_2 ? 32u : 16u;
}

/* A transaction descriptor (ffa-memory.md 2.1-2.8): @m constituents. */
static uint32_t write_desc(uint8_t *b, uint32_t v, const struct ffa_mem_txn *t,
			   const struct ffa_mem_range *r, size_t m, bool composite)
{
	uint32_t h = hdr_size(v), es = emad_size(v);
	uint32_t comp = h + es * t->receiver_count;
	uint32_t len = composite ? comp + 16u + 16u * (uint32_t)m : comp;
	uint64_t pages = 0;

	memset(b, 0, len);
	dt_w16(b, 0, t->sender);
	if (v == FFA_VERSION_1_0) {
		b[2] = (uint8_t)t->attributes;
	} else {
		dt_w16(b, 2, t->attributes);
		dt_w32(b, 24, es);
		dt_w32(b, 32, h);
	}
	dt_w32(b, 4, t->flags);
	dt_w64(b, 8, t->handle);
	dt_w64(b, 16, t->tag);
	dt_w32(b, 28, t->receiver_count);
	for (uint32_t i = 0; i < t->receiver_count; i++) {
		uint8_t *e = b + h + es * i;

		dt_w16(e, 0, t->receivers[i].id);
		e[2] = t->receivers[i].perm;
		e[3] = t->receivers[i].flags;
		dt_w32(e, 4, composite ? comp : 0);
		if (es == 32)
			memcpy(e + 8, t->receivers[i].impdef, 16);
	}
	if (!composite)
		return len;
	for (size_t i = 0; i < m; i++) {
		dt_w64(b, comp + 16 + 16 * i, r[i].addr);
		dt_w32(b, comp + 16 + 16 * i + 8, r[i].pages);
		pages += r[i].pages;
	}
	dt_w32(b, comp, (uint32_t)pages);
	dt_w32(b, comp + 4, (uint32_t)m);
	return len;
}

/* ---- Frames ------------------------------------------------------------------ */

static bool is_send_fid(uint32_t fid)
{
	switch (fid & ~FFA_FID_64BIT_BIT) {
	case FFA_MEM_DONATE_32:
	case FFA_MEM_LEND_32:
	case FFA_MEM_SHARE_32:
		return true;
	default:
		return false;
	}
}

static bool frame_allowed(uint32_t fid)
{
	switch (KIND()) {
	case M_SVC_SEND:
		if (fid == FFA_ID_GET_32)
			return true;
		/* fall through */
	case M_SEND:
		return is_send_fid(fid) || fid == FFA_MEM_FRAG_TX_32 || fid == FFA_MEM_RECLAIM_32 ||
		       fid == FFA_MEM_OP_RESUME_32;
	case M_SVC_RETRIEVE:
		if (fid == FFA_ID_GET_32)
			return true;
		/* fall through */
	case M_RETRIEVE:
		return fid == FFA_MEM_RETRIEVE_REQ_32 || fid == FFA_MEM_RETRIEVE_REQ_64 ||
		       fid == FFA_MEM_FRAG_RX_32 || fid == FFA_RX_RELEASE_32 ||
		       fid == FFA_MEM_RELINQUISH_32 || fid == FFA_MEM_OP_RESUME_32;
	case M_RELINQUISH:
		return fid == FFA_MEM_RELINQUISH_32 || fid == FFA_MEM_OP_RESUME_32;
	case M_RECLAIM:
		return fid == FFA_MEM_RECLAIM_32 || fid == FFA_MEM_OP_RESUME_32;
	case M_RESUME:
		return fid == FFA_MEM_OP_RESUME_32;
	case M_PERM_GET:
		return fid == FFA_MEM_PERM_GET_32 || fid == FFA_MEM_PERM_GET_64;
	case M_PERM_SET:
		return fid == FFA_MEM_PERM_SET_32 || fid == FFA_MEM_PERM_SET_64;
	default:
		return false;
	}
}

static void check_mbz(const struct ffa_regs *r)
{
	uint32_t fid = w(r, 0);
	bool wide = (fid & FFA_FID_64BIT_BIT) != 0;

	if (is_send_fid(fid) || (fid & ~FFA_FID_64BIT_BIT) == FFA_MEM_RETRIEVE_REQ_32) {
		CHECK(zero_from(r, 5), "0x%x: x5..x17 not zero", fid);
		CHECK(!(r->x[1] >> 32) && !(r->x[2] >> 32) && !(r->x[4] >> 32),
		      "0x%x: w1/w2/w4 upper bits", fid);
		CHECK(wide || !(r->x[3] >> 32), "0x%x: 32-bit form with a 64-bit address", fid);
		CHECK((r->x[3] == 0) == (r->x[4] == 0), "0x%x: address without pages", fid);
		return;
	}
	switch (fid) {
	case FFA_MEM_FRAG_TX_32:
	case FFA_MEM_FRAG_RX_32:
		CHECK(zero_from(r, 5) && !(r->x[4] & 0xFFFFFFFF0000FFFFull), "FRAG MBZ");
		CHECK(!(r->x[1] >> 32) && !(r->x[2] >> 32) && !(r->x[3] >> 32), "FRAG upper bits");
		break;
	case FFA_RX_RELEASE_32:
	case FFA_MEM_RELINQUISH_32:
	case FFA_ID_GET_32:
		CHECK(zero_from(r, 1), "0x%x: x1..x17 not zero", fid);
		break;
	case FFA_MEM_RECLAIM_32:
		CHECK(zero_from(r, 4) && r->x[3] <= 3, "RECLAIM MBZ / flags");
		break;
	case FFA_MEM_OP_RESUME_32:
		CHECK(zero_from(r, 3), "RESUME MBZ");
		break;
	case FFA_MEM_PERM_GET_32:
	case FFA_MEM_PERM_GET_64:
		CHECK(zero_from(r, 2) && (wide || !(r->x[1] >> 32)), "PERM_GET MBZ");
		break;
	case FFA_MEM_PERM_SET_32:
	case FFA_MEM_PERM_SET_64:
		CHECK(zero_from(r, 4) && (wide || !(r->x[1] >> 32)) && r->x[2] &&
			      !(r->x[2] >> 32) && r->x[3] <= 7 && (r->x[3] & 3) != 2,
		      "PERM_SET MBZ / arguments");
		break;
	default:
		break;
	}
}

/* ---- The plausible manager ---------------------------------------------------- */

static void put_handle_regs(struct ffa_regs *a, unsigned int lo_reg, uint64_t h)
{
	a->x[lo_reg] = (uint32_t)h;
	a->x[lo_reg + 1] = (uint32_t)(h >> 32);
}

static uint64_t maybe_wrong_handle(void)
{
	if (chance(3))
		return chance(30) ? FFA_MEM_HANDLE_INVALID : M.handle ^ (1ull << below(64));
	return M.handle;
}

static const struct ffa_regs *cur_req; /* the frame being answered */

/* The next answer of the send exchange (also what a RESUME gets). */
static void send_answer(struct ffa_regs *a)
{
	switch (below(40)) {
	case 0: case 1:
		set_err(a, error_code());
		return;
	case 2: case 3:
		set_ok(a, FFA_MEM_OP_PAUSE_32);
		put_handle_regs(a, 1, maybe_wrong_handle());
		return;
	case 4:
		set_ok(a, FFA_SUCCESS_32); /* complete too early */
		put_handle_regs(a, 2, maybe_wrong_handle());
		return;
	case 5:
		random_answer(cur_req, a);
		return;
	default:
		break;
	}
	if (M.got < M.total) {
		set_ok(a, FFA_MEM_FRAG_RX_32);
		put_handle_regs(a, 1, maybe_wrong_handle());
		a->x[3] = chance(4) ? M.got + 16 * (below(5) - 2) : M.got;
		if (chance(15)) /* TF-A puts the sender here */
			a->x[4] = 0x00010000;
	} else {
		set_ok(a, chance(80) ? FFA_SUCCESS_32 : FFA_SUCCESS_64);
		put_handle_regs(a, 2, maybe_wrong_handle());
	}
}

/* The next answer of the retrieve exchange, for a fragment at @off. */
static void retrieve_answer(struct ffa_regs *a, uint32_t off, bool first)
{
	uint32_t rx = (uint32_t)ffa_ctx_rxtx_size(&H.ctx);
	uint32_t left = M.claim_total > off ? M.claim_total - off : 0;
	uint32_t len = left < rx ? left : rx;

	switch (below(30)) {
	case 0:
		set_err(a, error_code());
		return;
	case 1:
		set_ok(a, FFA_MEM_OP_PAUSE_32);
		put_handle_regs(a, 1, maybe_wrong_handle());
		M.next_off = off;
		return;
	case 2:
		random_answer(cur_req, a);
		return;
	case 3:
		len = chance(50) ? (uint32_t)interesting() : len - 16 * below(4);
		break;
	case 4: /* a smaller fragment, still a whole number of constituents */
		if (len > 256)
			len -= 16 * below(len / 16 - 8);
		break;
	default:
		break;
	}
	if (first) {
		set_ok(a, FFA_MEM_RETRIEVE_RESP_32);
		a->x[1] = M.claim_total;
		a->x[2] = len;
	} else {
		set_ok(a, FFA_MEM_FRAG_TX_32);
		put_handle_regs(a, 1, maybe_wrong_handle());
		a->x[3] = len;
	}
}

static void plausible_answer(const struct ffa_regs *req, struct ffa_regs *a)
{
	uint32_t fid = w(req, 0);

	cur_req = req;
	if (is_send_fid(fid)) {
		M.total = w(req, 1);
		M.got = w(req, 2);
		M.sending = true;
		send_answer(a);
		return;
	}
	switch (fid) {
	case FFA_MEM_FRAG_TX_32:
		M.got += w(req, 3);
		send_answer(a);
		return;
	case FFA_MEM_RETRIEVE_REQ_32:
	case FFA_MEM_RETRIEVE_REQ_64:
		M.next_off = 0;
		retrieve_answer(a, 0, true);
		return;
	case FFA_MEM_FRAG_RX_32:
		retrieve_answer(a, w(req, 3), false);
		return;
	case FFA_MEM_OP_RESUME_32:
		if (M.sending)
			send_answer(a);
		else if (KIND() == M_RETRIEVE || KIND() == M_SVC_RETRIEVE)
			retrieve_answer(a, M.next_off, !M.resp_started);
		else if (chance(70))
			set_ok(a, FFA_SUCCESS_32);
		else
			random_answer(req, a);
		return;
	case FFA_ID_GET_32:
		set_ok(a, FFA_SUCCESS_32);
		a->x[2] = chance(90) ? 0x8001 : random_id();
		return;
	case FFA_MEM_PERM_GET_32:
	case FFA_MEM_PERM_GET_64:
		if (chance(20)) {
			set_err(a, error_code());
			return;
		}
		set_ok(a, FFA_SUCCESS_32);
		a->x[2] = chance(80) ? below(8) : interesting();
		return;
	default: /* RX_RELEASE, RELINQUISH, RECLAIM, PERM_SET */
		if (chance(15)) {
			set_err(a, error_code());
			return;
		}
		if (chance(5) && fid != FFA_RX_RELEASE_32) {
			set_ok(a, FFA_MEM_OP_PAUSE_32);
			put_handle_regs(a, 1, maybe_wrong_handle());
			return;
		}
		set_ok(a, chance(80) ? FFA_SUCCESS_32 : FFA_SUCCESS_64);
		if (chance(20)) /* TF-A echoes inputs */
			a->x[1] = req->x[1];
		return;
	}
}

/* ---- Buffers, ownership, capture ---------------------------------------------- */

static void capture(struct capture *c, const uint8_t *src, size_t size, uint64_t len)
{
	if (H.n >= HOSTILE_LOG_MAX)
		return;
	if (len > size)
		len = size;
	if (c->len + len > sizeof(c->bytes))
		len = 0;
	c->off[H.n] = c->len;
	c->flen[H.n] = len;
	memcpy(c->bytes + c->len, src, len);
	c->len += len;
}

static void serve(uint32_t off, uint64_t len)
{
	uint8_t *rx = ffa_ctx_rx_buffer(&H.ctx);
	size_t size = ffa_ctx_rxtx_size(&H.ctx);

	if (!rx)
		return;
	memset(rx, (int)below(256), size); /* stale bytes everywhere else */
	if (off < M.resp_len) {
		uint64_t n = M.resp_len - off < len ? M.resp_len - off : len;

		memcpy(rx, M.resp + off, n < size ? n : size);
	}
	/* What the library will see in RX for this fragment. */
	capture(&RXS, rx, size, len);
}

static void mem_on_frame(const struct ffa_regs *req, const struct ffa_regs *ans, int rc)
{
	uint32_t fid = w(req, 0);
	uint32_t a0 = w(ans, 0);

	/* RX ownership (known-bugs 27): after a fragment was delivered, the
	 * next frame must be the release; never a release without one. */
	if (rx_owned)
		CHECK(fid == FFA_RX_RELEASE_32, "frame 0x%x while RX holds a fragment", fid);
	else
		CHECK(fid != FFA_RX_RELEASE_32, "RX_RELEASE without a delivered fragment");
	rx_owned = false;

	/* The lock covers every TX/RX use. */
	if (H.use_port) {
		bool needs = fid == FFA_MEM_RELINQUISH_32 || fid == FFA_RX_RELEASE_32 ||
			     fid == FFA_MEM_FRAG_RX_32 ||
			     (fid & ~FFA_FID_64BIT_BIT) == FFA_MEM_RETRIEVE_REQ_32 ||
			     ((is_send_fid(fid) || fid == FFA_MEM_FRAG_TX_32) && send_src &&
			      send_src == ffa_ctx_tx_buffer(&H.ctx));
		if (needs)
			CHECK(H.lock_depth == 1, "0x%x sent without the RX/TX lock", fid);
	}

	if (is_send_fid(fid)) {
		send_src = req->x[3] ? caller_buf[req->x[4] <= 3 ? req->x[4] : 0]
				     : ffa_ctx_tx_buffer(&H.ctx);
		send_src_size = req->x[3] ? (size_t)req->x[4] * 4096 : ffa_ctx_rxtx_size(&H.ctx);
		if (send_src)
			capture(&CAP, send_src, send_src_size, w(req, 2));
	} else if (fid == FFA_MEM_FRAG_TX_32 && send_src) {
		capture(&CAP, send_src, send_src_size, w(req, 3));
	} else if ((fid & ~FFA_FID_64BIT_BIT) == FFA_MEM_RETRIEVE_REQ_32 ||
		   fid == FFA_MEM_RELINQUISH_32) {
		const uint8_t *src = req->x[3] ? caller_buf[req->x[4] <= 3 ? req->x[4] : 0]
					       : ffa_ctx_tx_buffer(&H.ctx);
		size_t size = req->x[3] ? (size_t)req->x[4] * 4096 : ffa_ctx_rxtx_size(&H.ctx);

		if (src)
			capture(&CAP, src, size, fid == FFA_MEM_RELINQUISH_32 ? 16 + 2 * 4 : w(req, 2));
	}
	/* Only the retrieve calls consume deliveries themselves; a raw
	 * FFA_MEM_OP_RESUME hands the RX buffer to its caller. */
	if (rc || (KIND() != M_RETRIEVE && KIND() != M_SVC_RETRIEVE))
		return;
	if (a0 == FFA_MEM_RETRIEVE_RESP_32 &&
	    ((fid & ~FFA_FID_64BIT_BIT) == FFA_MEM_RETRIEVE_REQ_32 ||
	     (fid == FFA_MEM_OP_RESUME_32 && !M.sending))) {
		M.resp_started = true;
		serve(0, w(ans, 2));
		rx_owned = true;
	} else if (a0 == FFA_MEM_FRAG_TX_32 && fid == FFA_MEM_FRAG_RX_32) {
		serve(w(req, 3), w(ans, 3));
		rx_owned = true;
	} else if (a0 == FFA_MEM_FRAG_TX_32 && fid == FFA_MEM_OP_RESUME_32 && !M.sending) {
		serve(M.next_off, w(ans, 3));
		rx_owned = true;
	}
}

static void mem_finish(int rc)
{
	(void)rc;
	CHECK(!rx_owned, "%s returned with a fragment in RX", H.kind->name);
	rx_owned = false;
}

/* ---- The model: one step with time slicing -------------------------------------- */

enum outcome { O_ANS, O_ERR, O_BAD, O_STUCK, O_CONDUIT };

struct mop {
	bool slicing, known;
	uint64_t h;
	enum outcome out;
};

static unsigned int at; /* next log index the model reads */

/* How often the model predicted each interesting path (coverage). */
static struct {
	uint64_t resumes, send_multi, send_caller_buf, send_drain, send_undo_reclaim,
		retr_multi, retr_drain, retr_relinquish, svc_too_small;
} cov;
static uint32_t limit;  /* the context's resume limit for this call */

static bool frame_is(const struct ffa_regs *want)
{
	if (at >= H.n || at >= HOSTILE_LOG_MAX) {
		violate("%s: frame %u (0x%llx) missing", H.kind->name, at,
			(unsigned long long)want->x[0]);
		return false;
	}
	for (unsigned int i = 0; i < FFA_REGS_COUNT; i++) {
		if (H.log[at].in.x[i] != want->x[i]) {
			violate("%s: frame %u x%u = 0x%llx, model says 0x%llx", H.kind->name, at, i,
				(unsigned long long)H.log[at].in.x[i],
				(unsigned long long)want->x[i]);
			return false;
		}
	}
	return true;
}

static uint64_t hreg(const struct ffa_regs *a, unsigned int lo)
{
	return (uint64_t)w(a, lo) | (uint64_t)w(a, lo + 1) << 32;
}

/* Frame @at was checked by the caller; follow the step's PAUSE/RESUME
 * rounds. The final answer in *@ans; returns the step's status. */
static int mstep(struct mop *o, const uint32_t *allowed, size_t n, const struct ffa_regs **ans)
{
	uint32_t rounds = 0;

	for (;;) {
		const struct hostile_logged *l = &H.log[at++];
		uint32_t fid;
		int32_t code;
		uint64_t h;

		*ans = &l->out;
		if (l->rc) {
			o->out = O_CONDUIT;
			return conduit_status(l->rc);
		}
		fid = w(&l->out, 0);
		for (size_t i = 0; i < n; i++) {
			if (fid == allowed[i]) {
				o->out = O_ANS;
				return 0;
			}
		}
		if (fid == FFA_ERROR_32) {
			code = (int32_t)w(&l->out, 2);
			o->out = code <= -1 && code >= -10 ? O_ERR : O_BAD;
			return o->out == O_ERR ? code : FFA_ERR_PROTOCOL;
		}
		h = hreg(&l->out, 1);
		if (fid != FFA_MEM_OP_PAUSE_32 || !o->slicing || h == FFA_MEM_HANDLE_INVALID ||
		    (o->known && h != o->h)) {
			o->out = O_BAD;
			return FFA_ERR_PROTOCOL;
		}
		o->known = true;
		o->h = h;
		if (limit && rounds >= limit) {
			o->out = O_STUCK;
			return FFA_ERR_INTERRUPTED;
		}
		rounds++;
		cov.resumes++;
		{
			struct ffa_regs r = FRAME(FFA_MEM_OP_RESUME_32, (uint32_t)h,
						  (uint32_t)(h >> 32));

			if (!frame_is(&r)) {
				o->out = O_BAD;
				return FFA_ERR_PROTOCOL;
			}
		}
	}
}

static const uint32_t send_ans[] = { FFA_SUCCESS_32, FFA_SUCCESS_64, FFA_MEM_FRAG_RX_32 };
static const uint32_t ok_ans[] = { FFA_SUCCESS_32, FFA_SUCCESS_64 };

static int model_reclaim(uint64_t h, uint32_t flags)
{
	struct ffa_regs r = FRAME(FFA_MEM_RECLAIM_32, (uint32_t)h, (uint32_t)(h >> 32), flags);
	struct mop o = { .slicing = (flags & 2) != 0, .known = true, .h = h };
	const struct ffa_regs *a;

	if (!frame_is(&r))
		return FFA_ERR_PROTOCOL;
	return mstep(&o, ok_ans, 2, &a);
}

/* ---- Random ranges, transactions ------------------------------------------------- */

static struct ffa_mem_range ranges[MAX_RANGES], merged[MAX_RANGES];
static uint8_t want_desc[MAX_STREAM];

static size_t random_ranges(bool *bad)
{
	size_t n = chance(50) ? 1 + below(8) : 1 + below(MAX_RANGES);
	uint64_t a = (uint64_t)below(1u << 20) << 12;

	if (chance(1)) {
		*bad = true;
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		ranges[i].pages = 1 + below(4);
		if (!chance(10))
			a += (uint64_t)(1 + below(8)) << 12; /* a gap: no merge */
		ranges[i].addr = a;
		a += (uint64_t)ranges[i].pages << 12;
	}
	if (chance(1)) {
		ranges[below((uint32_t)n)].pages = 0;
		*bad = true;
	}
	return n;
}

/* ---- Send ------------------------------------------------------------------------- */

struct send_in {
	enum ffa_mem_op op;
	struct ffa_mem_txn t;
	struct ffa_mem_receiver rcv[4];
	size_t n;
	bool bad;          /* refused before any frame */
	uint8_t *buf;
	uint32_t pages;
	bool forward;
};

static void random_send(struct send_in *s)
{
	static const uint16_t typed[] = { 0x2F, 0x2E, 0x27, 0x14, 0x10 };
	uint32_t v = ffa_ctx_version(&H.ctx);
	bool wrong = chance(5);

	memset(s, 0, sizeof(*s));
	s->op = (enum ffa_mem_op)below(3);
	s->t.kind = FFA_MEM_DESC_SEND;
	s->t.sender = chance(90) ? 1 : random_id();
	s->t.tag = chance(50) ? 0 : rnd();
	s->t.receiver_count = s->op == FFA_MEM_OP_DONATE ? 1 : 1 + below(4);
	if (wrong && chance(30))
		s->t.receiver_count = 1 + below(4);
	for (uint32_t i = 0; i < s->t.receiver_count; i++) {
		s->rcv[i].id = (uint16_t)(0x8001u + i);
		s->rcv[i].perm = s->op == FFA_MEM_OP_DONATE ? 0
				 : chance(50) ? FFA_MEM_PERM_RW : FFA_MEM_PERM_RO;
		if (wrong && chance(20))
			s->rcv[i].perm = (uint8_t)below(16);
	}
	s->t.receivers = s->rcv;
	if (s->op == FFA_MEM_OP_SHARE || (s->op == FFA_MEM_OP_LEND && s->t.receiver_count > 1))
		s->t.attributes = typed[below(ARRAY_LEN(typed))];
	if (wrong && chance(30))
		s->t.attributes = chance(50) ? 0x2F : 0;
	if (chance(30))
		s->t.flags |= FFA_MEM_FLAG_TIME_SLICE;
	if (s->op != FFA_MEM_OP_SHARE && chance(20))
		s->t.flags |= FFA_MEM_FLAG_ZERO;
	if (chance(25))
		s->t.version = v;
	else if (chance(2))
		s->t.version = FFA_VERSION_1_1 + (v == FFA_VERSION_1_1);
	if (chance(2))
		s->op = (enum ffa_mem_op)7;
	s->n = random_ranges(&s->bad);
	if (chance(25)) {
		s->pages = 1 + below(3);
		s->buf = caller_buf[s->pages];
		if (chance(5))
			s->pages = 0;
		s->forward = chance(20);
	}
}

/* The rules the library checks before the first frame (mem.h). */
static bool send_refused(const struct send_in *s)
{
	const struct ffa_mem_txn *t = &s->t;
	uint32_t v = ffa_ctx_version(&H.ctx);
	bool typed = (t->attributes & 0x30) != 0;

	if (s->bad || (s->op != FFA_MEM_OP_DONATE && s->op != FFA_MEM_OP_LEND &&
		       s->op != FFA_MEM_OP_SHARE))
		return true;
	if (t->version && t->version != v)
		return true;
	for (uint32_t i = 0; i < t->receiver_count; i++) {
		uint8_t p = t->receivers[i].perm;
		unsigned int data = p & 3, instr = (p >> 2) & 3;

		if (p > 15 || data == 3 || instr == 3 || instr != 0 || t->receivers[i].id == t->sender)
			return true;
		if (s->op == FFA_MEM_OP_DONATE ? data != 0 : data == 0)
			return true;
	}
	switch (s->op) {
	case FFA_MEM_OP_DONATE:
		if (t->receiver_count != 1 || t->attributes)
			return true;
		break;
	case FFA_MEM_OP_LEND:
		if (t->receiver_count == 1 ? t->attributes != 0 : !typed)
			return true;
		break;
	default:
		if (!typed || (t->flags & FFA_MEM_FLAG_ZERO))
			return true;
	}
	if (!s->buf)
		return ffa_ctx_tx_buffer(&H.ctx) == NULL;
	if (s->pages == 0)
		return true;
	return !(H.conduit.caps & FFA_CONDUIT_CAP_SMC64) && ((uintptr_t)s->buf >> 32);
}

struct msend {
	struct mop o;
	uint32_t total, sent, use, w4;
	bool complete, waiting;
	unsigned int first_frame;
};

static void expect_bytes(unsigned int frame, const uint8_t *want, size_t len, const char *what)
{
	if (frame >= HOSTILE_LOG_MAX)
		return;
	CHECK(CAP.flen[frame] == len, "%s: frame %u carried %zu bytes, model %zu", what, frame,
	      CAP.flen[frame], len);
	if (CAP.flen[frame] == len)
		CHECK(memcmp(CAP.bytes + CAP.off[frame], want, len) == 0,
		      "%s: frame %u bytes differ from the model's descriptor", what, frame);
}

static bool send_frag_tx(struct msend *m, bool zeros)
{
	uint32_t len = m->total - m->sent < m->use ? m->total - m->sent : m->use;
	struct ffa_regs r = FRAME(FFA_MEM_FRAG_TX_32, (uint32_t)m->o.h, (uint32_t)(m->o.h >> 32),
				  len, m->w4);
	static const uint8_t zero[65536];

	if (!frame_is(&r))
		return false;
	expect_bytes(at, zeros ? zero : want_desc + m->sent, len, "FRAG_TX");
	m->sent += len;
	return true;
}

/* The exchange after the first answer; mirrors mem.h's rules. */
static int model_exchange(struct msend *m, int rc, const struct ffa_regs *a)
{
	for (;;) {
		uint64_t h;

		if (rc)
			return rc;
		if (w(a, 0) != FFA_MEM_FRAG_RX_32) {
			h = hreg(a, 2);
			m->waiting = false;
			if (h == FFA_MEM_HANDLE_INVALID)
				return FFA_ERR_PROTOCOL;
			if (!m->o.known) {
				m->o.known = true;
				m->o.h = h;
			}
			m->complete = true;
			return h != m->o.h || m->sent != m->total ? FFA_ERR_PROTOCOL : 0;
		}
		h = hreg(a, 1);
		if (h == FFA_MEM_HANDLE_INVALID || (m->o.known && h != m->o.h))
			return FFA_ERR_PROTOCOL;
		m->o.known = true;
		m->o.h = h;
		m->waiting = true;
		if (m->sent >= m->total || w(a, 3) != m->sent)
			return FFA_ERR_PROTOCOL;
		if (!send_frag_tx(m, false))
			return FFA_ERR_PROTOCOL;
		cov.send_multi++;
		m->waiting = false;
		rc = mstep(&m->o, send_ans, 3, &a);
	}
}

/* The undo; true if nothing is left behind. */
static bool model_undo(struct msend *m)
{
	const struct ffa_regs *a;

	if (!m->o.known || m->o.out == O_ERR)
		return true;
	if (m->o.out == O_STUCK)
		return false;
	cov.send_undo_reclaim += m->complete || !m->waiting;
	if (m->complete)
		return model_reclaim(m->o.h, 0) == 0;
	if (!m->waiting && model_reclaim(m->o.h, 0) == 0)
		return true;
	while (!m->complete && m->sent < m->total) {
		if (!send_frag_tx(m, true))
			return false;
		cov.send_drain++;
		mstep(&m->o, send_ans, 3, &a);
		if (m->o.out == O_ERR)
			return true;
		if (m->o.out != O_ANS)
			return false;
		if (w(a, 0) == FFA_MEM_FRAG_RX_32) {
			if (hreg(a, 1) != m->o.h)
				return false;
		} else if (hreg(a, 2) == m->o.h) {
			m->complete = true;
		} else {
			return false;
		}
	}
	return m->complete && model_reclaim(m->o.h, 0) == 0;
}

/* Model a send whose frames start at @at; returns the status, *@handle
 * what the library must report. */
static int model_send(const struct send_in *s, uint64_t *handle)
{
	uint32_t v = ffa_ctx_version(&H.ctx);
	struct ffa_mem_txn t = s->t;
	struct msend m;
	size_t mn;
	uint64_t cap;
	bool wide = s->buf && (H.conduit.caps & FFA_CONDUIT_CAP_SMC64);
	static const uint32_t fid32[] = { FFA_MEM_DONATE_32, FFA_MEM_LEND_32, FFA_MEM_SHARE_32 };
	struct ffa_regs r;
	const struct ffa_regs *a;
	int rc;

	*handle = FFA_MEM_HANDLE_INVALID;
	memset(&m, 0, sizeof(m));
	cov.send_caller_buf += s->buf != NULL;
	mn = dt_merge(ranges, s->n, merged);
	t.version = v;
	m.total = write_desc(want_desc, v, &t, merged, mn, true);
	cap = s->buf ? (uint64_t)s->pages * 4096 : ffa_ctx_rxtx_size(&H.ctx);
	if (v == FFA_VERSION_1_0 && cap > 4096)
		cap = 4096;
	m.use = (uint32_t)cap & ~15u;
	m.w4 = s->forward && s->buf ? (uint32_t)t.sender << 16 : 0;
	m.o.slicing = (t.flags & FFA_MEM_FLAG_TIME_SLICE) != 0;
	m.sent = m.total < m.use ? m.total : m.use;

	r = FRAME(wide ? fid32[s->op] | FFA_FID_64BIT_BIT : fid32[s->op], m.total, m.sent,
		  s->buf ? (uint64_t)(uintptr_t)s->buf : 0, s->buf ? s->pages : 0);
	if (!frame_is(&r))
		return FFA_ERR_PROTOCOL;
	expect_bytes(at, want_desc, m.sent, "first fragment");
	rc = mstep(&m.o, send_ans, 3, &a);
	rc = model_exchange(&m, rc, a);
	if (rc == 0)
		*handle = m.o.h;
	else if (!model_undo(&m))
		*handle = m.o.h;
	return rc;
}

static void set_limit(void)
{
	limit = chance(50) ? 0 : below(4);
	ffa_ctx_set_preempt_policy(&H.ctx, chance(50) ? FFA_PREEMPT_RESUME : FFA_PREEMPT_RETURN,
				   limit);
}

static void call_begin(void)
{
	memset(&M, 0, sizeof(M));
	M.handle = rnd();
	CAP.len = 0;
	RXS.len = 0;
	send_src = NULL;
	rx_owned = false;
	at = 0;
}

static bool ready(int rc)
{
	if (ffa_ctx_version(&H.ctx) == 0) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_NOT_NEGOTIATED);
		return false;
	}
	return true;
}

static int do_send(void)
{
	struct send_in s;
	uint64_t h = 7, want_h;
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	struct ffa_mem_xfer x;
	int rc, want;

	call_begin();
	set_limit();
	random_send(&s);
	x = (struct ffa_mem_xfer){ .buf = s.buf, .pages = s.pages, .forward = s.forward };
	ffa_mem_range_array_iter(&st, ranges, s.n, &it);
	rc = ffa_mem_send(&H.ctx, s.op, &s.t, &it, s.buf || s.forward ? &x : NULL, &h);
	if (!ready(rc))
		return rc;
	if (send_refused(&s)) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_BAD_ARGUMENT);
		CHECK(h == FFA_MEM_HANDLE_INVALID, "handle written for a refused send");
		return rc;
	}
	want = model_send(&s, &want_h);
	expect_rc(rc, want);
	expect_frames(at);
	CHECK(h == want_h, "send: handle 0x%llx, model 0x%llx", (unsigned long long)h,
	      (unsigned long long)want_h);
	if (rc == 0)
		H.deep++;
	return rc;
}

/* ---- Retrieve ------------------------------------------------------------------------ */

struct sink_rec {
	unsigned int headers;
	size_t n;
	struct ffa_mem_range got[SINK_MAX];
	bool has_header, header_fails;
	size_t fail_at; /* range index that fails (SIZE_MAX: none) */
	/* The services' own sink instead: this endpoint must be named, and
	 * the range count must fit the caller's array. */
	bool svc;
	uint16_t svc_self;
	size_t svc_cap;
};

static struct sink_rec SK;

static int sk_header(void *arg, const struct ffa_mem_desc *d)
{
	(void)arg;
	(void)d;
	SK.headers++;
	return SK.header_fails ? FFA_ERR_NO_MEMORY : 0;
}

static int sk_range(void *arg, uint64_t addr, uint32_t pages)
{
	(void)arg;
	if (SK.n == SK.fail_at)
		return FFA_ERR_ABORTED;
	if (SK.n < SINK_MAX) {
		SK.got[SK.n].addr = addr;
		SK.got[SK.n].pages = pages;
	}
	SK.n++;
	return 0;
}

struct retr_in {
	struct ffa_mem_txn t;
	struct ffa_mem_receiver rcv[2];
	uint8_t *buf;
	uint32_t pages;
	bool forward;
};

/* The response the manager will serve: the request's handle and sender
 * (sometimes not), one EMAD, random ranges. */
static void make_response(const struct ffa_mem_txn *req)
{
	uint32_t v = ffa_ctx_version(&H.ctx) ? ffa_ctx_version(&H.ctx) : FFA_VERSION_1_2;
	struct ffa_mem_receiver me = { .id = 0x8001, .perm = FFA_MEM_PERM_RW };
	struct ffa_mem_txn t = { .kind = FFA_MEM_DESC_RETRIEVE_RESP, .sender = req->sender,
				 .attributes = 0x2F, .handle = req->handle, .tag = req->tag,
				 .receiver_count = 1, .receivers = &me };
	bool bad = false;
	size_t n = random_ranges(&bad);

	if (n == 0) {
		ranges[0].addr = 0x1000;
		ranges[0].pages = 1;
		n = 1;
	}
	if (chance(3))
		t.handle ^= 1;
	if (chance(2))
		t.sender ^= 0x10;
	n = dt_merge(ranges, n, merged);
	M.resp_len = write_desc(M.resp, v, &t, merged, n, true);
	M.claim_total = chance(95) ? M.resp_len : M.resp_len + 16 * (below(5) - 2);
}

static void random_retrieve(struct retr_in *r)
{
	memset(r, 0, sizeof(*r));
	r->t.kind = FFA_MEM_DESC_RETRIEVE_REQ;
	r->t.sender = chance(90) ? 1 : random_id();
	r->t.handle = chance(98) ? rnd() : FFA_MEM_HANDLE_INVALID;
	r->t.tag = chance(50) ? 0 : rnd();
	r->t.flags = FFA_MEM_RETRIEVE_FLAG_TYPE(below(4));
	if (chance(30))
		r->t.flags |= FFA_MEM_RETRIEVE_FLAG_TIME_SLICE;
	r->rcv[0].id = 0x8001;
	r->rcv[0].perm = FFA_MEM_PERM_RW;
	r->rcv[1].id = 0x8002;
	r->rcv[1].flags = FFA_MEM_EMAD_FLAG_NON_RETRIEVAL;
	r->t.receivers = r->rcv;
	r->t.receiver_count = chance(85) ? 1 : chance(60) ? 0 : 2;
	if (chance(20)) {
		r->pages = 1 + below(3);
		r->buf = caller_buf[r->pages];
		r->forward = chance(20);
	}
	memset(&SK, 0, sizeof(SK));
	SK.has_header = chance(60);
	SK.header_fails = SK.has_header && chance(3);
	SK.fail_at = chance(5) ? below(40) : SIZE_MAX;
}

struct mretr {
	struct mop o;
	struct ffa_mem_reasm ra;
	uint32_t total, got, rx, w4;
	uint16_t self;
	bool have_self, owned, mapped, intact;
	int release_rc;
	size_t sink_n;   /* ranges the sink accepted in the model */
	size_t ranges_seen;
	unsigned int headers;
	unsigned int frag;   /* fragments delivered (index into RXS) */
	struct ffa_mem_range want[SINK_MAX];
};

static const uint32_t resp_ans[] = { FFA_MEM_RETRIEVE_RESP_32 };
static const uint32_t frag_ans[] = { FFA_MEM_FRAG_TX_32 };

static void mr_release(struct mretr *m)
{
	struct ffa_regs r = FRAME(FFA_RX_RELEASE_32);
	const struct ffa_regs *a;
	struct mop o = { 0 };
	int rc;

	if (!m->owned)
		return;
	m->owned = false;
	if (!frame_is(&r)) {
		m->release_rc = FFA_ERR_PROTOCOL;
		return;
	}
	rc = mstep(&o, ok_ans, 2, &a);
	if (rc && !m->release_rc)
		m->release_rc = rc;
}

static int mr_delivered(struct mretr *m, uint32_t len)
{
	m->owned = true;
	if (len == 0 || len > m->rx || len > m->total - m->got)
		return FFA_ERR_PROTOCOL;
	m->got += len;
	return 0;
}

static int mr_fetch(struct mretr *m, uint32_t *len)
{
	struct ffa_regs r = FRAME(FFA_MEM_FRAG_RX_32, (uint32_t)m->o.h, (uint32_t)(m->o.h >> 32),
				  m->got, m->w4);
	const struct ffa_regs *a;
	int rc;

	if (!frame_is(&r))
		return FFA_ERR_PROTOCOL;
	rc = mstep(&m->o, frag_ans, 1, &a);
	if (rc)
		return rc;
	*len = w(a, 3);
	rc = mr_delivered(m, *len);
	if (hreg(a, 1) != m->o.h)
		return FFA_ERR_PROTOCOL;
	return rc;
}

/* Feed the fragment the library saw (captured from RX) to the model's own
 * reassembler; mirror the sink. */
static int mr_consume(struct mretr *m, uint32_t len, uint16_t sender)
{
	const uint8_t *bytes = RXS.bytes + RXS.off[at - 1];
	bool first = ffa_mem_reasm_desc(&m->ra) == NULL;
	uint64_t addr;
	uint32_t pages;
	int rc;

	CHECK(RXS.flen[at - 1] >= len || len > m->rx, "RX capture short");
	rc = ffa_mem_reasm_feed(&m->ra, bytes, len);
	if (rc)
		return rc;
	if (first) {
		const struct ffa_mem_desc *d = ffa_mem_reasm_desc(&m->ra);
		struct ffa_mem_receiver me;

		if (d->handle != m->o.h || d->sender != sender)
			return FFA_ERR_PROTOCOL;
		if (!m->have_self && d->receiver_count == 1 && ffa_mem_desc_receiver(d, 0, &me) == 0) {
			m->self = me.id;
			m->have_self = true;
		}
		if (SK.svc) {
			if (ffa_mem_desc_find_receiver(d, SK.svc_self, &me) < 0)
				return FFA_ERR_PROTOCOL;
			if (d->constituent_count > SK.svc_cap) {
				cov.svc_too_small++;
				return FFA_ERR_BUFFER_TOO_SMALL;
			}
		} else if (SK.has_header) {
			m->headers++;
			if (SK.header_fails)
				return FFA_ERR_NO_MEMORY;
		}
	}
	while ((rc = ffa_mem_reasm_next(&m->ra, &addr, &pages)) == 1) {
		if (m->sink_n == SK.fail_at)
			return FFA_ERR_ABORTED;
		if (m->sink_n < SINK_MAX) {
			m->want[m->sink_n].addr = addr;
			m->want[m->sink_n].pages = pages;
		}
		m->sink_n++;
	}
	return rc;
}

static bool mr_undo(struct mretr *m)
{
	uint32_t len;
	const struct ffa_regs *a;

	mr_release(m);
	if (!m->mapped)
		return true;
	if (m->o.out == O_STUCK)
		return false;
	while (m->intact && m->got < m->total && !m->release_rc) {
		int rc = mr_fetch(m, &len);

		cov.retr_drain++;
		mr_release(m);
		if (rc)
			break;
	}
	if (!m->have_self)
		return false;
	{
		struct ffa_regs r = FRAME(FFA_MEM_RELINQUISH_32);
		struct mop o = { .known = true, .h = m->o.h };
		uint8_t want[18];

		cov.retr_relinquish++;
		if (!frame_is(&r))
			return false;
		memset(want, 0, sizeof(want));
		dt_w64(want, 0, m->o.h);
		dt_w32(want, 12, 1);
		dt_w16(want, 16, m->self);
		CHECK(CAP.flen[at] >= 18 &&
			      memcmp(CAP.bytes + CAP.off[at], want, sizeof(want)) == 0,
		      "relinquish descriptor differs");
		return mstep(&o, ok_ans, 2, &a) == 0;
	}
}

static int mr_run(struct mretr *m, const struct ffa_mem_txn *t, const struct retr_in *in)
{
	uint32_t v = ffa_ctx_version(&H.ctx);
	struct ffa_mem_txn req = *t;
	bool wide = in->buf && (H.conduit.caps & FFA_CONDUIT_CAP_SMC64);
	uint8_t want[256];
	uint32_t len;
	const struct ffa_regs *a;
	struct ffa_regs r;
	int rc;

	req.version = v;
	len = write_desc(want, v, &req, NULL, 0, false);
	r = FRAME(wide ? FFA_MEM_RETRIEVE_REQ_64 : FFA_MEM_RETRIEVE_REQ_32, len, len,
		  in->buf ? (uint64_t)(uintptr_t)in->buf : 0, in->buf ? in->pages : 0);
	if (!frame_is(&r))
		return FFA_ERR_PROTOCOL;
	expect_bytes(at, want, len, "retrieve request");
	rc = mstep(&m->o, resp_ans, 1, &a);
	if (rc) {
		m->mapped = m->o.out == O_STUCK && t->receiver_count != 0;
		return rc;
	}
	m->mapped = t->receiver_count != 0;
	m->total = w(a, 1);
	len = w(a, 2);
	if (m->total == 0) {
		m->owned = true;
		return FFA_ERR_PROTOCOL;
	}
	rc = mr_delivered(m, len);
	if (rc)
		return rc;
	cr_assert_eq(ffa_mem_reasm_init(&m->ra, v, FFA_MEM_DESC_RETRIEVE_RESP, m->total), 0);
	m->intact = true;
	for (;;) {
		rc = mr_consume(m, len, t->sender);
		mr_release(m);
		if (rc)
			return rc;
		if (m->release_rc) {
			m->intact = false;
			return m->release_rc;
		}
		if (m->got == m->total)
			return ffa_mem_reasm_done(&m->ra) ? 0 : FFA_ERR_PROTOCOL;
		rc = mr_fetch(m, &len);
		cov.retr_multi++;
		if (rc) {
			m->intact = false;
			return rc;
		}
	}
}

/* Model a retrieve from @at on. *@retrieved: what the library must say. */
static int model_retrieve(const struct retr_in *in, uint16_t own, bool have_own,
			  bool *retrieved, struct mretr *m)
{
	int rc;

	memset(m, 0, sizeof(*m));
	m->rx = (uint32_t)ffa_ctx_rxtx_size(&H.ctx);
	m->o.slicing = (in->t.flags & FFA_MEM_RETRIEVE_FLAG_TIME_SLICE) != 0;
	m->o.known = true;
	m->o.h = in->t.handle;
	if (in->t.receiver_count == 0 || in->forward)
		m->w4 = (uint32_t)in->t.sender << 16;
	if (have_own) {
		m->self = own;
		m->have_self = true;
	} else {
		uint32_t found = 0;

		for (uint32_t i = 0; i < in->t.receiver_count; i++) {
			if (!(in->t.receivers[i].flags & FFA_MEM_EMAD_FLAG_NON_RETRIEVAL)) {
				m->self = in->t.receivers[i].id;
				found++;
			}
		}
		m->have_self = found == 1;
	}
	*retrieved = false;
	rc = mr_run(m, &in->t, in);
	if (rc && !mr_undo(m))
		*retrieved = true;
	return rc;
}

static void check_sink(const struct mretr *m)
{
	CHECK(SK.n == m->sink_n, "sink got %zu ranges, model %zu", SK.n, m->sink_n);
	CHECK(SK.headers == m->headers, "sink header calls %u, model %u", SK.headers, m->headers);
	for (size_t i = 0; i < SK.n && i < m->sink_n && i < SINK_MAX; i++)
		CHECK(SK.got[i].addr == m->want[i].addr && SK.got[i].pages == m->want[i].pages,
		      "sink range %zu differs", i);
}

static struct mretr MR;

static int do_retrieve(void)
{
	struct retr_in in;
	struct ffa_mem_retrieve_sink sink;
	struct ffa_mem_xfer x;
	bool retrieved = false, want_retrieved;
	uint16_t own = 0;
	bool have_own;
	int rc, want;

	call_begin();
	set_limit();
	random_retrieve(&in);
	make_response(&in.t);
	sink = (struct ffa_mem_retrieve_sink){ SK.has_header ? sk_header : NULL, sk_range, NULL };
	x = (struct ffa_mem_xfer){ .buf = in.buf, .pages = in.pages, .forward = in.forward };
	have_own = ffa_ctx_own_id(&H.ctx, &own) == 0;
	rc = ffa_mem_retrieve(&H.ctx, &in.t, in.buf || in.forward ? &x : NULL, &sink, &retrieved);
	if (!ready(rc))
		return rc;
	if (!ffa_ctx_rx_buffer(&H.ctx) ||
	    (in.buf && !(H.conduit.caps & FFA_CONDUIT_CAP_SMC64) && ((uintptr_t)in.buf >> 32))) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_BAD_ARGUMENT);
		return rc;
	}
	want = model_retrieve(&in, own, have_own, &want_retrieved, &MR);
	expect_rc(rc, want);
	expect_frames(at);
	CHECK(retrieved == want_retrieved, "retrieved %d, model %d", retrieved, want_retrieved);
	check_sink(&MR);
	if (rc == 0)
		H.deep++;
	return rc;
}

/* ---- Relinquish, reclaim, resume, permissions -------------------------------------- */

static int do_relinquish(void)
{
	uint16_t ids[4] = { 0x8001, random_id(), random_id(), random_id() };
	uint32_t count = chance(3) ? 0 : 1 + below(4);
	uint32_t flags = chance(90) ? below(4) : (uint32_t)interesting();
	uint64_t h = chance(2) ? FFA_MEM_HANDLE_INVALID : rnd();
	struct mop o = { .slicing = (flags & 2) != 0, .known = true, .h = h };
	const struct ffa_regs *a;
	uint8_t want[24];
	int rc, want_rc;

	call_begin();
	set_limit();
	rc = ffa_mem_relinquish(&H.ctx, h, flags, ids, count);
	if (!ready(rc))
		return rc;
	if (count == 0 || flags > 3 || h == FFA_MEM_HANDLE_INVALID || !ffa_ctx_tx_buffer(&H.ctx)) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_BAD_ARGUMENT);
		return rc;
	}
	{
		struct ffa_regs r = FRAME(FFA_MEM_RELINQUISH_32);

		if (!frame_is(&r))
			return rc;
	}
	memset(want, 0, sizeof(want));
	dt_w64(want, 0, h);
	dt_w32(want, 8, flags);
	dt_w32(want, 12, count);
	for (uint32_t i = 0; i < count; i++)
		dt_w16(want, 16 + 2 * i, ids[i]);
	CHECK(memcmp(CAP.bytes + CAP.off[0], want, 16 + 2 * count) == 0,
	      "relinquish descriptor differs");
	want_rc = mstep(&o, ok_ans, 2, &a);
	expect_rc(rc, want_rc);
	expect_frames(at);
	return rc;
}

static int do_reclaim(void)
{
	uint32_t flags = chance(90) ? below(4) : (uint32_t)interesting();
	uint64_t h = chance(2) ? FFA_MEM_HANDLE_INVALID : rnd();
	int rc, want_rc;

	call_begin();
	set_limit();
	rc = ffa_mem_reclaim(&H.ctx, h, flags);
	if (!ready(rc))
		return rc;
	if (flags > 3 || h == FFA_MEM_HANDLE_INVALID) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_BAD_ARGUMENT);
		return rc;
	}
	want_rc = model_reclaim(h, flags);
	expect_rc(rc, want_rc);
	expect_frames(at);
	return rc;
}

static int do_resume(void)
{
	static const uint32_t ans[] = { FFA_SUCCESS_32, FFA_SUCCESS_64, FFA_MEM_FRAG_RX_32,
					FFA_MEM_FRAG_TX_32, FFA_MEM_RETRIEVE_RESP_32,
					FFA_MEM_OP_PAUSE_32 };
	uint64_t h = chance(2) ? FFA_MEM_HANDLE_INVALID : rnd();
	struct ffa_regs out, r;
	struct mop o = { .known = true, .h = h };
	const struct ffa_regs *a;
	int rc, want_rc;

	call_begin();
	memset(&out, 0x5A, sizeof(out));
	rc = ffa_mem_op_resume(&H.ctx, h, &out);
	if (!ready(rc))
		return rc;
	if (h == FFA_MEM_HANDLE_INVALID) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_BAD_ARGUMENT);
		return rc;
	}
	r = FRAME(FFA_MEM_OP_RESUME_32, (uint32_t)h, (uint32_t)(h >> 32));
	if (!frame_is(&r))
		return rc;
	want_rc = mstep(&o, ans, ARRAY_LEN(ans), &a);
	expect_rc(rc, want_rc);
	expect_frames(at);
	if (rc == 0)
		CHECK(frames_eq(&out, a), "op_resume: answer not returned whole");
	return rc;
}

static int do_perm(bool set)
{
	uint64_t va = chance(80) ? (uint64_t)below(1u << 20) << 12 : interesting();
	uint32_t pages = chance(90) ? 1 + below(16) : (uint32_t)interesting();
	uint32_t perm = chance(80) ? below(8) : (uint32_t)interesting();
	uint32_t got = 0xDEAD;
	bool wide = (H.conduit.caps & FFA_CONDUIT_CAP_SMC64) != 0;
	uint32_t v = ffa_ctx_version(&H.ctx);
	struct ffa_regs r;
	int rc, want_rc;

	call_begin();
	if (chance(30) && wide)
		va |= (uint64_t)below(0x10000) << 32;
	rc = set ? ffa_mem_perm_set(&H.ctx, va, pages, perm) : ffa_mem_perm_get(&H.ctx, va, &got);
	if (!ready(rc))
		return rc;
	if (v < FFA_VERSION_1_1) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_NOT_SUPPORTED);
		return rc;
	}
	if ((va & 0xFFF) || (!wide && (va >> 32)) ||
	    (set && (pages == 0 || perm > 7 || (perm & 3) == 2 ||
		     (uint64_t)pages * 4096 - 1 > UINT64_MAX - va))) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_BAD_ARGUMENT);
		return rc;
	}
	if (set)
		r = FRAME(wide ? FFA_MEM_PERM_SET_64 : FFA_MEM_PERM_SET_32, va, pages, perm);
	else
		r = FRAME(wide ? FFA_MEM_PERM_GET_64 : FFA_MEM_PERM_GET_32, va);
	expect_frames(1);
	expect_first(&r);
	want_rc = single_status();
	if (!set && want_rc == 0) {
		uint32_t p = w(&H.log[0].out, 2);

		if (p > 7 || (p & 3) == 2)
			want_rc = FFA_ERR_PROTOCOL;
		else
			CHECK(got == p, "perm_get: %u, answer %u", got, p);
	}
	if (!set && want_rc)
		CHECK(got == 0xDEAD, "perm_get wrote on failure");
	expect_rc(rc, want_rc);
	return rc;
}

/* ---- Services ------------------------------------------------------------------------- */

/* The services' FFA_ID_GET step when the own ID is not known yet. Returns
 * 0 with *@id, or the status the service must return. */
static int model_id_get(bool had, uint16_t *id)
{
	struct ffa_regs r = FRAME(FFA_ID_GET_32);
	int rc;

	if (had)
		return 0;
	if (!frame_is(&r))
		return FFA_ERR_PROTOCOL;
	at++;
	rc = H.log[at - 1].rc ? conduit_status(H.log[at - 1].rc) : answer_status(&H.log[at - 1].out);
	if (rc == 0)
		*id = (uint16_t)w(&H.log[at - 1].out, 2);
	return rc;
}

static int do_svc_send(void)
{
	struct send_in s;
	struct ffa_mem_region rgn;
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	struct ffa_mem_lent l;
	uint16_t id = 0;
	bool had = ffa_ctx_own_id(&H.ctx, &id) == 0;
	uint64_t want_h;
	int rc, want;
	bool dflt = chance(70);

	call_begin();
	set_limit();
	random_send(&s);
	s.buf = NULL;
	s.forward = false;
	s.t.version = 0;
	ffa_mem_range_array_iter(&st, ranges, s.n, &it);
	rgn = (struct ffa_mem_region){ &it, s.t.receivers, s.t.receiver_count,
				       dflt ? FFA_MEM_SVC_ATTR_DEFAULT : s.t.attributes, s.t.flags,
				       s.t.tag };
	if (dflt)
		s.t.attributes = s.op == FFA_MEM_OP_SHARE ||
					 (s.op == FFA_MEM_OP_LEND && s.t.receiver_count > 1)
				 ? FFA_MEM_ATTR_NORMAL_WB_INNER : 0;
	rc = ffa_mem_svc_send(&H.ctx, s.op, &rgn, &l);
	if (!ready(rc))
		return rc;
	if (s.op != FFA_MEM_OP_DONATE && s.op != FFA_MEM_OP_LEND && s.op != FFA_MEM_OP_SHARE) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_BAD_ARGUMENT);
		return rc;
	}
	want = model_id_get(had, &id);
	if (want) {
		expect_rc(rc, want);
		expect_frames(at);
		CHECK(!l.live, "svc_send: live without a send");
		return rc;
	}
	s.t.sender = id;
	if (send_refused(&s)) {
		expect_frames(at);
		expect_rc(rc, FFA_ERR_BAD_ARGUMENT);
		CHECK(!l.live, "svc_send: live after a refused send");
		return rc;
	}
	want = model_send(&s, &want_h);
	expect_rc(rc, want);
	expect_frames(at);
	CHECK(l.handle == want_h && l.live == (want_h != FFA_MEM_HANDLE_INVALID) &&
		      l.sender == id && l.op == s.op,
	      "svc_send: record (0x%llx live %d), model 0x%llx", (unsigned long long)l.handle,
	      l.live, (unsigned long long)want_h);
	return rc;
}

static struct ffa_mem_range svc_out[SINK_MAX];

static int do_svc_retrieve(void)
{
	struct retr_in in;
	struct ffa_mem_borrow req;
	struct ffa_mem_borrowed b;
	uint16_t id = 0;
	bool had = ffa_ctx_own_id(&H.ctx, &id) == 0;
	bool want_retrieved;
	size_t cap = chance(80) ? SINK_MAX : below(20);
	int rc, want;

	call_begin();
	set_limit();
	random_retrieve(&in);
	in.buf = NULL;
	in.forward = false;
	in.t.receiver_count = 1;
	SK.has_header = false;
	SK.header_fails = false;
	SK.fail_at = SIZE_MAX;
	memset(&req, 0, sizeof(req));
	req.handle = in.t.handle;
	req.sender = in.t.sender;
	req.tag = in.t.tag;
	req.type = (in.t.flags >> 3) & 3;
	req.perm = FFA_MEM_PERM_RW;
	req.flags = in.t.flags & FFA_MEM_RETRIEVE_FLAG_TIME_SLICE;
	make_response(&in.t);
	rc = ffa_mem_svc_retrieve(&H.ctx, &req, svc_out, cap, &b);
	if (!ready(rc))
		return rc;
	want = model_id_get(had, &id);
	if (want) {
		expect_rc(rc, want);
		expect_frames(at);
		return rc;
	}
	if (!ffa_ctx_rx_buffer(&H.ctx)) {
		expect_frames(at);
		expect_rc(rc, FFA_ERR_BAD_ARGUMENT);
		return rc;
	}
	in.rcv[0].id = id;
	/* The service's sink: the header must name this endpoint and its
	 * range count must fit @cap; then ranges into the array. */
	SK.svc = true;
	SK.svc_self = id;
	SK.svc_cap = cap;
	want = model_retrieve(&in, id, true, &want_retrieved, &MR);
	if (want == 0)
		want = (int)MR.sink_n;
	expect_rc(rc, want);
	expect_frames(at);
	CHECK(b.retrieved == (rc >= 0 ? true : want_retrieved), "svc_retrieve: retrieved flag");
	if (rc >= 0) {
		CHECK((size_t)rc == MR.sink_n, "svc_retrieve: %d ranges, model %zu", rc, MR.sink_n);
		for (size_t i = 0; i < MR.sink_n && i < SINK_MAX; i++)
			CHECK(svc_out[i].addr == MR.want[i].addr &&
				      svc_out[i].pages == MR.want[i].pages,
			      "svc_retrieve: range %zu", i);
	}
	return rc;
}

/* ---- The table ------------------------------------------------------------------------ */

static int run_kind(void)
{
	switch (KIND()) {
	case M_SEND: return do_send();
	case M_RETRIEVE: return do_retrieve();
	case M_RELINQUISH: return do_relinquish();
	case M_RECLAIM: return do_reclaim();
	case M_RESUME: return do_resume();
	case M_PERM_GET: return do_perm(false);
	case M_PERM_SET: return do_perm(true);
	case M_SVC_SEND: return do_svc_send();
	default: return do_svc_retrieve();
	}
}

static int null_kind(void)
{
	static const uint16_t id = 1;
	struct ffa_mem_txn t = { .kind = FFA_MEM_DESC_SEND };
	struct ffa_mem_retrieve_sink sk = { NULL, sk_range, NULL };
	struct ffa_mem_region rgn = { 0 };
	struct ffa_mem_borrow req = { 0 };
	struct ffa_mem_borrowed b;
	struct ffa_mem_lent l;
	uint64_t h;
	uint32_t p;

	switch (KIND()) {
	case M_SEND: return ffa_mem_send(NULL, FFA_MEM_OP_SHARE, &t, NULL, NULL, &h);
	case M_RETRIEVE: return ffa_mem_retrieve(NULL, &t, NULL, &sk, NULL);
	case M_RELINQUISH: return ffa_mem_relinquish(NULL, 1, 0, &id, 1);
	case M_RECLAIM: return ffa_mem_reclaim(NULL, 1, 0);
	case M_RESUME: return ffa_mem_op_resume(NULL, 1, NULL);
	case M_PERM_GET: return ffa_mem_perm_get(NULL, 0, &p);
	case M_PERM_SET: return ffa_mem_perm_set(NULL, 0, 1, 5);
	case M_SVC_SEND: return ffa_mem_svc_share(NULL, &rgn, &l);
	default: return ffa_mem_svc_retrieve(NULL, &req, svc_out, 1, &b);
	}
}

#define KIND_ENTRY(k, wt, rx)                                                      \
	[k] = { .name = mkind_name[k], .weight = (wt), .run = run_kind,           \
		.null_ctx = null_kind, .allowed = frame_allowed, .check_mbz = check_mbz, \
		.answer = plausible_answer, .on_frame = mem_on_frame, .finish = mem_finish, \
		.needs_rx = (rx) }

static const struct hostile_kind kinds[M_KINDS] = {
	KIND_ENTRY(M_SEND, 14, true),      KIND_ENTRY(M_RETRIEVE, 14, true),
	KIND_ENTRY(M_RELINQUISH, 3, true), KIND_ENTRY(M_RECLAIM, 3, false),
	KIND_ENTRY(M_RESUME, 2, false),    KIND_ENTRY(M_PERM_GET, 2, false),
	KIND_ENTRY(M_PERM_SET, 2, false),  KIND_ENTRY(M_SVC_SEND, 4, true),
	KIND_ENTRY(M_SVC_RETRIEVE, 4, true),
};

Test(hostile_mem, random_frames_every_memory_call, .timeout = 600)
{
	uint64_t count[M_KINDS], success[M_KINDS];
	uint64_t budget;

	for (uint32_t p = 1; p <= 3; p++) {
		caller_buf[p] = aligned_alloc(4096, (size_t)p * 4096);
		cr_assert(caller_buf[p]);
		memset(caller_buf[p], 0, (size_t)p * 4096);
	}
	memset(&cov, 0, sizeof(cov));
	budget = hostile_run("mem", kinds, M_KINDS, DEFAULT_FRAMES, count, success);
	printf("hostile mem: calls that completed a transaction %llu\n",
	       (unsigned long long)H.deep);
	printf("hostile mem: paths: %llu resumes, %llu FRAG_TX, %llu caller-buffer sends, "
	       "%llu drain FRAG_TX, %llu undo reclaims, %llu FRAG_RX, %llu retrieve drains, "
	       "%llu undo relinquishes, %llu arrays too small\n",
	       (unsigned long long)cov.resumes, (unsigned long long)cov.send_multi,
	       (unsigned long long)cov.send_caller_buf, (unsigned long long)cov.send_drain,
	       (unsigned long long)cov.send_undo_reclaim, (unsigned long long)cov.retr_multi,
	       (unsigned long long)cov.retr_drain, (unsigned long long)cov.retr_relinquish,
	       (unsigned long long)cov.svc_too_small);
	if (budget >= DEFAULT_FRAMES) {
		const uint64_t paths[] = { cov.resumes, cov.send_multi, cov.send_caller_buf,
					   cov.send_drain, cov.send_undo_reclaim, cov.retr_multi,
					   cov.retr_drain, cov.retr_relinquish, cov.svc_too_small };

		for (size_t i = 0; i < ARRAY_LEN(paths); i++)
			cr_assert_geq(paths[i], 10, "path %zu rarely taken (%llu)", i,
				      (unsigned long long)paths[i]);
		cr_assert_geq(H.deep, 100, "deep paths rarely reached (%llu)",
			      (unsigned long long)H.deep);
		cr_assert_geq(success[M_SEND], 50, "sends rarely succeeded");
		cr_assert_geq(success[M_RETRIEVE], 50, "retrieves rarely succeeded");
	}
	for (uint32_t p = 1; p <= 3; p++)
		free(caller_buf[p]);
}
