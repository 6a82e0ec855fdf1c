/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Randomized hostile-conduit test of the messaging calls (issue 3): direct
 * requests (REQ 32/64, REQ2, framework, VM created/destroyed), FFA_MSG_SEND2,
 * reading an indirect message, the receiver calls (MSG_WAIT, RESP 32/64,
 * RESP2, framework responses, YIELD), ffa_msg_decode() and the dispatcher.
 *
 * The harness (support/hostile.c) answers every frame with a random or a
 * call-shaped one; each call here is driven with random valid and invalid
 * arguments on contexts with random versions, conduit capabilities, own IDs
 * and preemption policies, and its exact result and outputs are predicted
 * by a reference model built from the spec rules and the logged frames.
 * On top: SEND2 writes exactly the header and payload the model expects
 * into TX while holding the RX/TX lock; reading an indirect message makes
 * exactly one FFA_RX_RELEASE, under the lock, and reads nothing after it
 * (RX is scribbled at the release); outputs are untouched on every error.
 * The dispatcher is checked against a model loop that replays the handler
 * calls it recorded.
 *
 * Seed: HOSTILE_SEED=<n> to reproduce; HOSTILE_FRAMES=<n> (default 200000).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostile.h"
#include "msg_test.h"

#include "le.h"

#define DEFAULT_FRAMES 200000ull
#define BUF_MAX (HOSTILE_MAX_PAGES * 4096)
#define GUARD 64

enum kind {
	K_REQ, K_REQ2, K_FWK, K_VM, K_SEND2, K_RECV, K_WAIT, K_RESP, K_RESP2, K_FWK_RESP,
	K_YIELD, K_DECODE, K_DISPATCH, K_KINDS
};

static const struct hostile_kind kinds[K_KINDS];
#define KIND() ((enum kind)(H.kind - kinds))

/* ---- What the running call told the answer hook ------------------------------ */

static uint16_t cur_target;    /* sender kinds: the target */
static uint32_t cur_resp_fid;  /* sender kinds: the response expected */
static uint32_t cur_resp_w2;   /* sender kinds: its w2 */

/* SEND2: what TX must hold when the call is made. */
static struct {
	bool armed, seen;
	uint32_t hs, size, flags;
	uint16_t own, target;
	struct ffa_uuid uuid;
	const uint8_t *payload;
} tx_expect;

/* Reading RX: releases seen in this call. */
static unsigned int releases;

static const struct ffa_uuid *uuid_pool(unsigned int i)
{
	static struct ffa_uuid pool[3];
	static bool init;

	if (!init) {
		ffa_uuid_parse(VIRTIO_UUID, &pool[0]);
		ffa_uuid_parse(OPTEE_UUID, &pool[1]);
		memset(&pool[2], 0, sizeof(pool[2]));
		init = true;
	}
	return &pool[i % 3];
}

static bool own_known(uint16_t *own)
{
	*own = H.ctx.own_id;
	return (H.ctx.flags & FFA_CTX_F_OWN_ID) != 0;
}

/* ---- Answers ------------------------------------------------------------------- */

static void random_words(struct ffa_regs *a, unsigned int from)
{
	for (unsigned int i = from; i < FFA_REGS_COUNT; i++)
		a->x[i] = chance(30) ? 0 : interesting();
}

/* The answers neither call-shaped nor plausible: FFA_ERROR with a random
 * code if @error, else a random frame. */
static void other_answer(const struct ffa_regs *req, struct ffa_regs *a, bool error)
{
	if (error)
		set_err(a, error_code());
	else
		random_answer(req, a);
}

/* The answer to a sender's request or its FFA_RUN resumption. */
static void sender_answer(const struct ffa_regs *req, struct ffa_regs *a)
{
	uint16_t own = H.ctx.own_id;
	unsigned int pick = below(10);

	switch (pick) {
	case 0: case 1: case 2: case 3: case 4:
		set_ok(a, chance(85) ? cur_resp_fid : pick_fid(req));
		random_words(a, 3);
		a->x[1] = chance(85) ? IDS(cur_target, own) : interesting();
		a->x[2] = chance(85) ? cur_resp_w2 : interesting();
		return;
	case 5:
		set_ok(a, FFA_INTERRUPT_32);
		a->x[1] = chance(50) ? IDS(cur_target, below(4)) : interesting();
		a->x[2] = interesting();
		return;
	case 6:
		set_ok(a, FFA_YIELD_32);
		a->x[1] = chance(50) ? IDS(cur_target, below(4)) : interesting();
		a->x[2] = interesting();
		a->x[3] = interesting();
		return;
	default:
		other_answer(req, a, pick == 7);
		return;
	}
}

/* A message for a waiting endpoint. */
static void incoming_answer(const struct ffa_regs *req, struct ffa_regs *a)
{
	uint16_t own = H.ctx.own_id;
	uint64_t ids = IDS(chance(90) ? random_id() : own, chance(85) ? own : random_id());
	static const uint32_t fwk_types[] = { 0, 1, 2, 4, 5, 6, 8, 9, 0xA, 0xC, 0xE, 0x3, 0x42 };
	unsigned int pick = below(20);

	switch (pick) {
	case 0: case 1: case 2: case 3: case 4:
		set_ok(a, chance(50) ? FFA_MSG_SEND_DIRECT_REQ_32 : FFA_MSG_SEND_DIRECT_REQ_64);
		random_words(a, 3);
		a->x[1] = ids;
		a->x[2] = chance(90) ? 0 : interesting();
		return;
	case 5: case 6:
		set_ok(a, chance(50) ? FFA_MSG_SEND_DIRECT_REQ_32 : FFA_MSG_SEND_DIRECT_REQ_64);
		random_words(a, 3);
		a->x[1] = ids;
		a->x[2] = FFA_MSG_FLAG_FRAMEWORK | fwk_types[below(ARRAY_LEN(fwk_types))] |
			  (chance(10) ? (uint64_t)interesting() << 8 : 0);
		return;
	case 7: case 8: case 9: {
		const struct ffa_uuid *u = uuid_pool(below(3));

		set_ok(a, FFA_MSG_SEND_DIRECT_REQ2_64);
		random_words(a, 4);
		a->x[1] = ids;
		if (chance(80)) {
			a->x[2] = ffa_le64(&u->b[0]);
			a->x[3] = ffa_le64(&u->b[8]);
		} else {
			a->x[2] = interesting();
			a->x[3] = interesting();
		}
		return;
	}
	case 10: case 11:
		set_ok(a, FFA_RUN_32);
		a->x[1] = chance(50) ? IDS(own, below(4)) : interesting();
		return;
	case 12: case 13:
		set_ok(a, FFA_INTERRUPT_32);
		a->x[1] = chance(50) ? IDS(own, below(4)) : interesting();
		a->x[2] = interesting();
		return;
	case 14:
		set_ok(a, chance(50) ? FFA_SUCCESS_32 : FFA_SUCCESS_64);
		return;
	default:
		other_answer(req, a, pick == 15 || pick == 16);
		return;
	}
}

static void answer(const struct ffa_regs *req, struct ffa_regs *a)
{
	switch (w(req, 0)) {
	case FFA_MSG_SEND_DIRECT_REQ_32:
	case FFA_MSG_SEND_DIRECT_REQ_64:
	case FFA_MSG_SEND_DIRECT_REQ2_64:
	case FFA_RUN_32:
		sender_answer(req, a);
		return;
	case FFA_MSG_WAIT_32:
	case FFA_MSG_SEND_DIRECT_RESP_32:
	case FFA_MSG_SEND_DIRECT_RESP_64:
	case FFA_MSG_SEND_DIRECT_RESP2_64:
	case FFA_YIELD_32:
		incoming_answer(req, a);
		return;
	default: /* SEND2, RX_RELEASE */
		if (chance(20))
			set_err(a, error_code());
		else
			set_ok(a, FFA_SUCCESS_32);
		return;
	}
}

/* ---- Frame checks --------------------------------------------------------------- */

static bool frame_allowed(uint32_t fid)
{
	switch (KIND()) {
	case K_REQ:
	case K_FWK:
	case K_VM:
		return fid == FFA_MSG_SEND_DIRECT_REQ_32 || fid == FFA_MSG_SEND_DIRECT_REQ_64 ||
		       fid == FFA_RUN_32;
	case K_REQ2: return fid == FFA_MSG_SEND_DIRECT_REQ2_64 || fid == FFA_RUN_32;
	case K_SEND2: return fid == FFA_MSG_SEND2_32;
	case K_RECV: return fid == FFA_RX_RELEASE_32;
	case K_WAIT: return fid == FFA_MSG_WAIT_32;
	case K_RESP:
	case K_FWK_RESP:
		return fid == FFA_MSG_SEND_DIRECT_RESP_32 || fid == FFA_MSG_SEND_DIRECT_RESP_64;
	case K_RESP2: return fid == FFA_MSG_SEND_DIRECT_RESP2_64;
	case K_YIELD: return fid == FFA_YIELD_32;
	case K_DISPATCH:
		return fid == FFA_MSG_WAIT_32 || fid == FFA_MSG_SEND_DIRECT_RESP_32 ||
		       fid == FFA_MSG_SEND_DIRECT_RESP_64 || fid == FFA_MSG_SEND_DIRECT_RESP2_64 ||
		       fid == FFA_RX_RELEASE_32;
	default: return false; /* decode sends nothing */
	}
}

/* MBZ rules of every frame these calls build (known-bugs.md 10). */
static void check_mbz(const struct ffa_regs *r)
{
	bool smc32 = !(w(r, 0) & FFA_FID_64BIT_BIT);

	switch (w(r, 0)) {
	case FFA_MSG_SEND_DIRECT_REQ_32:
	case FFA_MSG_SEND_DIRECT_REQ_64:
	case FFA_MSG_SEND_DIRECT_RESP_32:
	case FFA_MSG_SEND_DIRECT_RESP_64:
		CHECK(zero_from(r, 8) && !(r->x[1] >> 32) && !(r->x[2] >> 32), "DIRECT MBZ");
		CHECK(!(w(r, 2) & 0x7FFFFF00u), "DIRECT w2 reserved bits");
		if (smc32)
			for (unsigned int i = 3; i < 8; i++)
				CHECK(!(r->x[i] >> 32), "32-bit DIRECT x%u upper half", i);
		break;
	case FFA_MSG_SEND_DIRECT_REQ2_64:
		CHECK(!(r->x[1] >> 32), "REQ2 x1[63:32]");
		break;
	case FFA_MSG_SEND_DIRECT_RESP2_64:
		CHECK(!(r->x[1] >> 32) && !r->x[2] && !r->x[3], "RESP2 MBZ");
		break;
	case FFA_MSG_SEND2_32:
		CHECK(!r->x[1] && zero_from(r, 3) && (r->x[2] & ~2ull) == 0, "SEND2 MBZ");
		break;
	case FFA_MSG_WAIT_32:
		CHECK(!r->x[1] && zero_from(r, 3) && r->x[2] <= 1, "MSG_WAIT MBZ");
		break;
	case FFA_YIELD_32:
		CHECK(!r->x[1] && zero_from(r, 4) && !(r->x[2] >> 32) && !(r->x[3] >> 32),
		      "YIELD MBZ");
		break;
	case FFA_RUN_32:
		CHECK(zero_from(r, 2) && !(r->x[1] >> 32), "RUN MBZ");
		break;
	case FFA_RX_RELEASE_32:
		CHECK(zero_from(r, 1), "own RX_RELEASE w1..");
		break;
	default:
		break;
	}
}

static void on_frame(const struct ffa_regs *req, const struct ffa_regs *ans, int rc)
{
	uint32_t fid = w(req, 0);
	uint8_t *tx = ffa_ctx_tx_buffer(&H.ctx);
	uint8_t *rx = ffa_ctx_rx_buffer(&H.ctx);

	(void)ans;
	(void)rc;
	if (fid == FFA_MSG_SEND2_32 && tx_expect.armed) {
		uint32_t hs = tx_expect.hs;

		tx_expect.seen = true;
		if (H.use_port)
			CHECK(H.lock_depth == 1, "SEND2 without the RX/TX lock");
		CHECK(ffa_le32(tx + 0) == 0 && ffa_le32(tx + 4) == 0, "SEND2 header flags/reserved");
		CHECK(ffa_le32(tx + 8) == hs, "SEND2 offset %u, model %u", ffa_le32(tx + 8), hs);
		CHECK(ffa_le16(tx + 12) == tx_expect.target && ffa_le16(tx + 14) == tx_expect.own,
		      "SEND2 header IDs");
		CHECK(ffa_le32(tx + 16) == tx_expect.size, "SEND2 size");
		if (hs == FFA_MSG_HDR_SIZE_V1_2)
			CHECK(ffa_le32(tx + 20) == 0 && !memcmp(tx + 24, tx_expect.uuid.b, 16),
			      "SEND2 v1.2 reserved word / UUID");
		CHECK(!tx_expect.size || !memcmp(tx + hs, tx_expect.payload, tx_expect.size),
		      "SEND2 payload");
	}
	if (fid == FFA_RX_RELEASE_32) {
		releases++;
		if (H.use_port)
			CHECK(H.lock_depth == 1, "RX_RELEASE outside the RX/TX lock");
		/* The next producer reuses RX at once: a read after the
		 * release would see this (known-bugs.md 31). */
		if (rx)
			memset(rx, 0xEE, ffa_ctx_rxtx_size(&H.ctx));
	}
}

/* ---- Model building blocks ------------------------------------------------------- */

/* The version gate of a call needing @min: false (and checked) if refused. */
static bool gate(int rc, uint32_t min)
{
	uint32_t v = ffa_ctx_version(&H.ctx);

	if (v >= min)
		return true;
	expect_frames(0);
	expect_rc(rc, v ? FFA_ERR_NOT_SUPPORTED : FFA_ERR_NOT_NEGOTIATED);
	return false;
}

static int refused(int rc, int want)
{
	expect_frames(0);
	expect_rc(rc, want);
	return rc;
}

static bool smc64(void)
{
	return (H.conduit.caps & FFA_CONDUIT_CAP_SMC64) != 0;
}

static bool regs18_smc64(void)
{
	return smc64() && (H.conduit.caps & FFA_CONDUIT_CAP_REGS18);
}

static const struct ffa_partition_info *random_info(uint16_t target,
						    struct ffa_partition_info *buf)
{
	if (chance(40))
		return NULL;
	memset(buf, 0, sizeof(*buf));
	buf->id = chance(90) ? target : random_id();
	buf->properties = chance(60) ? (uint32_t)(PROPS_ALL & ~(chance(50) ? 1u << below(11) : 0))
				     : (uint32_t)interesting();
	return buf;
}

static int model_target(uint16_t own, uint16_t target, const struct ffa_partition_info *info,
			uint32_t need)
{
	if (target == own)
		return FFA_ERR_BAD_ARGUMENT;
	if (!info)
		return 0;
	if (info->id != target)
		return FFA_ERR_BAD_ARGUMENT;
	if ((info->properties & FFA_PART_PROP_ID_TYPE_MASK) || (info->properties & need) != need)
		return FFA_ERR_DENIED;
	return 0;
}

static bool fwk_request_type(uint32_t t)
{
	return t == 0 || t == 1 || t == 4 || t == 6 || t == 8 || t == 0xA || t == 0xC ||
	       t == 0xE;
}

static bool fwk_response_type(uint32_t t)
{
	return t == 2 || t == 5 || t == 7 || t == 9 || t == 0xB || t == 0xD || t == 0xF;
}

static uint32_t fwk_pair(uint32_t t)
{
	return t <= 1 ? 2 : t + 1;
}

static void random_policy(enum ffa_preempt_policy *pol, uint32_t *limit)
{
	*pol = chance(25) ? FFA_PREEMPT_RETURN : FFA_PREEMPT_RESUME;
	*limit = chance(40) ? 0 : below(4);
	CHECK(ffa_ctx_set_preempt_policy(&H.ctx, *pol, *limit) == 0, "set policy");
}

/* Walk the frames of a request that may be preempted: the first frame is
 * @first, each INTERRUPT/YIELD is followed (policy permitting) by FFA_RUN on
 * the IDs it names. Returns the status, *@final the index of the answer that
 * is @resp_fid (then the status is 0, before content checks). */
static int model_resumable(const struct ffa_regs *first, uint32_t resp_fid,
			   enum ffa_preempt_policy pol, uint32_t limit, unsigned int *final)
{
	struct ffa_regs next = *first;
	uint32_t resumes = 0;
	unsigned int i;
	int want = 1;

	for (i = 0; i < H.n; i++) {
		const struct ffa_regs *a = &H.log[i].out;
		uint32_t fid;

		CHECK(frames_eq(&H.log[i].in, &next), "%s frame %u: x0 0x%llx x1 0x%llx",
		      H.kind->name, i, (unsigned long long)H.log[i].in.x[0],
		      (unsigned long long)H.log[i].in.x[1]);
		if (H.log[i].rc) {
			want = conduit_status(H.log[i].rc);
			break;
		}
		fid = w(a, 0);
		if (fid == resp_fid) {
			want = 0;
			*final = i;
			break;
		}
		if (fid == FFA_ERROR_32) {
			want = answer_status(a);
			break;
		}
		if (fid != FFA_INTERRUPT_32 && fid != FFA_YIELD_32) {
			want = FFA_ERR_PROTOCOL;
			break;
		}
		if (pol == FFA_PREEMPT_RETURN || (limit && resumes >= limit)) {
			want = FFA_ERR_PREEMPTED;
			break;
		}
		resumes++;
		next = FRAME(FFA_RUN_32, w(a, 1));
	}
	expect_frames(i + 1);
	return want;
}

static bool fits32(const uint64_t *a, unsigned int n)
{
	for (unsigned int i = 0; a && i < n; i++)
		if (a[i] >> 32)
			return false;
	return true;
}

static void random_args(uint64_t *a, unsigned int n, bool small)
{
	for (unsigned int i = 0; i < n; i++)
		a[i] = small ? (uint32_t)interesting() : interesting();
}

/* The decode rules (ffa-abi.md 9.1, 9.2) as the model states them. */
static int model_decode(const struct ffa_regs *f, struct ffa_msg *m)
{
	uint32_t fid = w(f, 0), w2 = w(f, 2);

	memset(m, 0, sizeof(*m));
	m->sender = (uint16_t)(w(f, 1) >> 16);
	m->receiver = (uint16_t)w(f, 1);
	switch (fid) {
	case FFA_MSG_SEND_DIRECT_REQ_32:
	case FFA_MSG_SEND_DIRECT_REQ_64:
	case FFA_MSG_SEND_DIRECT_RESP_32:
	case FFA_MSG_SEND_DIRECT_RESP_64: {
		bool req = fid == FFA_MSG_SEND_DIRECT_REQ_32 || fid == FFA_MSG_SEND_DIRECT_REQ_64;

		m->is_64 = fid == FFA_MSG_SEND_DIRECT_REQ_64 || fid == FFA_MSG_SEND_DIRECT_RESP_64;
		if (w2 >> 31) {
			uint32_t t = w2 & 0xFF;

			if (req ? !fwk_request_type(t) : !fwk_response_type(t))
				goto protocol;
			m->kind = req ? FFA_MSG_FRAMEWORK_REQ : FFA_MSG_FRAMEWORK_RESP;
			m->fw_type = (uint8_t)t;
		} else {
			m->kind = req ? FFA_MSG_DIRECT_REQ : FFA_MSG_DIRECT_RESP;
		}
		for (unsigned int i = 0; i < 5; i++)
			m->args[i] = m->is_64 ? f->x[3 + i] : w(f, 3 + i);
		return 0;
	}
	case FFA_MSG_SEND_DIRECT_REQ2_64:
	case FFA_MSG_SEND_DIRECT_RESP2_64:
		if (ffa_ctx_version(&H.ctx) < FFA_VERSION_1_2)
			goto protocol;
		m->is_64 = true;
		m->kind = fid == FFA_MSG_SEND_DIRECT_REQ2_64 ? FFA_MSG_DIRECT_REQ2
							     : FFA_MSG_DIRECT_RESP2;
		if (m->kind == FFA_MSG_DIRECT_REQ2)
			for (unsigned int b = 0; b < 8; b++) {
				m->uuid.b[b] = (uint8_t)(f->x[2] >> (8 * b));
				m->uuid.b[8 + b] = (uint8_t)(f->x[3] >> (8 * b));
			}
		for (unsigned int i = 0; i < 14; i++)
			m->args[i] = f->x[4 + i];
		return 0;
	case FFA_RUN_32:
		m->kind = FFA_MSG_RUN;
		return 0;
	case FFA_INTERRUPT_32:
		m->kind = FFA_MSG_INTERRUPT;
		m->interrupt_id = w2;
		return 0;
	case FFA_SUCCESS_32:
	case FFA_SUCCESS_64:
		memset(m, 0, sizeof(*m));
		m->kind = FFA_MSG_SUCCESS;
		return 0;
	case FFA_ERROR_32:
		memset(m, 0, sizeof(*m));
		return answer_status(f);
	default:
		break;
	}
protocol:
	memset(m, 0, sizeof(*m));
	return FFA_ERR_PROTOCOL;
}

/* What a waiting endpoint makes of answer @i of the log. */
static int model_incoming(unsigned int i, bool allow_success, struct ffa_msg *m)
{
	uint16_t own;
	int s;

	if (H.log[i].rc) {
		memset(m, 0, sizeof(*m));
		return conduit_status(H.log[i].rc);
	}
	s = model_decode(&H.log[i].out, m);
	if (s)
		return s;
	switch (m->kind) {
	case FFA_MSG_DIRECT_REQ:
	case FFA_MSG_DIRECT_REQ2:
	case FFA_MSG_FRAMEWORK_REQ:
		if (own_known(&own) && m->receiver != own)
			s = FFA_ERR_PROTOCOL;
		break;
	case FFA_MSG_RUN:
	case FFA_MSG_INTERRUPT:
		break;
	case FFA_MSG_SUCCESS:
		if (!allow_success)
			s = FFA_ERR_PROTOCOL;
		break;
	default:
		s = FFA_ERR_PROTOCOL;
		break;
	}
	if (s)
		memset(m, 0, sizeof(*m));
	return s;
}

static bool msg_eq(const struct ffa_msg *a, const struct ffa_msg *b)
{
	return a->kind == b->kind && a->is_64 == b->is_64 && a->sender == b->sender &&
	       a->receiver == b->receiver && a->fw_type == b->fw_type &&
	       a->interrupt_id == b->interrupt_id && ffa_uuid_equal(&a->uuid, &b->uuid) &&
	       !memcmp(a->args, b->args, sizeof(a->args));
}

static void expect_msg(const struct ffa_msg *got, const struct ffa_msg *want, const char *what)
{
	CHECK(msg_eq(got, want), "%s: %s kind %d/%d sender 0x%x/0x%x", H.kind->name, what,
	      got->kind, want->kind, got->sender, want->sender);
}

/* ---- Senders ---------------------------------------------------------------------- */

static uint64_t resp_buf[14 + 4];

static uint32_t random_flags(void)
{
	static const uint32_t f[] = { 0, 0, 0, 0, FFA_MSG_FLAG_32BIT, FFA_MSG_FLAG_64BIT,
				      FFA_MSG_FLAG_32BIT | FFA_MSG_FLAG_64BIT, 4 };

	return f[below(ARRAY_LEN(f))];
}

/* The whole model of a DIRECT_REQ_32/64 with flags word @w2 (0 or a
 * framework request), after the call returned @rc. */
static int model_direct(int rc, uint32_t min, uint16_t target,
			const struct ffa_partition_info *info, uint32_t flags, uint32_t w2,
			uint32_t resp_w2, uint32_t need, const uint64_t *args, const uint64_t *resp,
			enum ffa_preempt_policy pol, uint32_t limit)
{
	uint32_t v = ffa_ctx_version(&H.ctx);
	bool aarch32 = info && v >= FFA_VERSION_1_1 && !(info->properties & FFA_PART_PROP_AARCH64);
	bool is64;
	uint16_t own;
	unsigned int fin = 0;
	struct ffa_regs first;
	int want, s;

	if (!gate(rc, min))
		return rc;
	if (!own_known(&own))
		return refused(rc, FFA_ERR_BAD_ARGUMENT);
	s = model_target(own, target, info, need | FFA_PART_PROP_DIRECT_REQ_RECV);
	if (s)
		return refused(rc, s);
	if (flags == 0) {
		is64 = !aarch32 && smc64();
	} else if (flags == FFA_MSG_FLAG_32BIT) {
		is64 = false;
	} else if (flags == FFA_MSG_FLAG_64BIT) {
		if (aarch32)
			return refused(rc, FFA_ERR_BAD_ARGUMENT);
		if (!smc64())
			return refused(rc, FFA_ERR_NOT_SUPPORTED);
		is64 = true;
	} else {
		return refused(rc, FFA_ERR_BAD_ARGUMENT);
	}
	if (!is64 && !fits32(args, 5))
		return refused(rc, FFA_ERR_BAD_ARGUMENT);
	if (H.log_overflow)
		return rc;
	first = FRAME(is64 ? FFA_MSG_SEND_DIRECT_REQ_64 : FFA_MSG_SEND_DIRECT_REQ_32,
		      IDS(own, target), w2);
	for (unsigned int i = 0; args && i < 5; i++)
		first.x[3 + i] = args[i];
	want = model_resumable(&first,
			       is64 ? FFA_MSG_SEND_DIRECT_RESP_64 : FFA_MSG_SEND_DIRECT_RESP_32,
			       pol, limit, &fin);
	if (want == 0) {
		const struct ffa_regs *a = &H.log[fin].out;
		uint32_t mask = resp_w2 ? 0x800000FFu : 0x80000000u;

		if (w(a, 1) != (uint32_t)IDS(target, own) || (w(a, 2) & mask) != resp_w2)
			want = FFA_ERR_PROTOCOL;
	}
	if (want == 0 && resp)
		for (unsigned int i = 0; i < 5; i++)
			CHECK(resp[i] == (is64 ? H.log[fin].out.x[3 + i] : w(&H.log[fin].out, 3 + i)),
			      "%s resp[%u]", H.kind->name, i);
	return want;
}

static void poison_resp(void)
{
	memset(resp_buf, POISON, sizeof(resp_buf));
}

static void check_resp_untouched(int rc, unsigned int words)
{
	CHECK(untouched_bytes(&resp_buf[words], 4 * sizeof(uint64_t)), "%s: wrote past resp",
	      H.kind->name);
	if (rc != 0)
		CHECK(untouched_bytes(resp_buf, words * sizeof(uint64_t)),
		      "%s: resp written on error %d", H.kind->name, rc);
}

static void sender_expect(uint16_t target, uint32_t resp_fid, uint32_t resp_w2)
{
	cur_target = target;
	cur_resp_fid = resp_fid;
	cur_resp_w2 = resp_w2;
}

static bool maybe_own_id(void)
{
	/* Most episodes know their own ID, as after ffa_id_get() (white box:
	 * the harness's setup does not call it). */
	if (!(H.ctx.flags & FFA_CTX_F_OWN_ID) && chance(90)) {
		H.ctx.own_id = random_id();
		H.ctx.flags |= FFA_CTX_F_OWN_ID;
	}
	return true;
}

static int do_req(void)
{
	uint16_t target = chance(80) ? 0x8000 | (uint16_t)below(4) : random_id();
	struct ffa_partition_info ib;
	const struct ffa_partition_info *info = random_info(target, &ib);
	uint32_t flags = random_flags(), limit;
	uint64_t args[5];
	bool use_args = chance(85), use_resp = chance(85);
	enum ffa_preempt_policy pol;
	int rc;

	random_args(args, 5, chance(60));
	random_policy(&pol, &limit);
	sender_expect(target, chance(50) ? FFA_MSG_SEND_DIRECT_RESP_64 : FFA_MSG_SEND_DIRECT_RESP_32,
		      0);
	poison_resp();
	H.n = 0; /* the policy setter sends nothing; keep the log clean */
	rc = ffa_msg_send_direct_req(&H.ctx, target, info, flags, use_args ? args : NULL,
				     use_resp ? resp_buf : NULL);
	check_resp_untouched(use_resp ? rc : 1, use_resp ? 5 : 0);
	expect_rc(rc, model_direct(rc, FFA_VERSION_1_0, target, info, flags, 0, 0, 0,
				   use_args ? args : NULL, use_resp ? resp_buf : NULL, pol, limit));
	return rc;
}

static int do_fwk(void)
{
	static const uint32_t types[] = { 0, 1, 4, 6, 8, 0xA, 0xC, 0xE, 2, 5, 0x10, 0x104 };
	uint32_t type = types[below(ARRAY_LEN(types))];
	uint16_t target = chance(80) ? 0x8000 | (uint16_t)below(4) : random_id();
	struct ffa_partition_info ib;
	const struct ffa_partition_info *info = random_info(target, &ib);
	uint32_t flags = random_flags(), limit, need = 0, min = FFA_VERSION_1_0;
	uint64_t args[5];
	enum ffa_preempt_policy pol;
	int rc;

	random_args(args, 5, chance(70));
	random_policy(&pol, &limit);
	sender_expect(target, chance(50) ? FFA_MSG_SEND_DIRECT_RESP_64 : FFA_MSG_SEND_DIRECT_RESP_32,
		      FFA_MSG_FLAG_FRAMEWORK | fwk_pair(type));
	poison_resp();
	rc = ffa_msg_send_framework_req(&H.ctx, target, info, flags, type, args, resp_buf);
	check_resp_untouched(rc, 5);
	if (!fwk_request_type(type))
		return refused(rc, FFA_ERR_BAD_ARGUMENT);
	if (type == 4 || type == 6) {
		need = type == 4 ? FFA_PART_PROP_VM_CREATED : FFA_PART_PROP_VM_DESTROYED;
		min = FFA_VERSION_1_1;
	}
	expect_rc(rc, model_direct(rc, min, target, info, flags, FFA_MSG_FLAG_FRAMEWORK | type,
				   FFA_MSG_FLAG_FRAMEWORK | fwk_pair(type), need, args, resp_buf,
				   pol, limit));
	return rc;
}

static int do_vm(void)
{
	bool created = chance(50);
	uint32_t type = created ? 4 : 6;
	uint16_t target = chance(80) ? 0x8000 | (uint16_t)below(4) : random_id();
	uint16_t vm = chance(80) ? (uint16_t)(1 + below(0x7FFE)) : random_id();
	uint64_t handle = interesting();
	struct ffa_partition_info ib;
	const struct ffa_partition_info *info = random_info(target, &ib);
	uint32_t flags = random_flags(), limit;
	uint64_t args[5] = { (uint32_t)handle, handle >> 32, vm, 0, 0 };
	enum ffa_preempt_policy pol;
	int rc, want;

	random_policy(&pol, &limit);
	sender_expect(target, chance(50) ? FFA_MSG_SEND_DIRECT_RESP_64 : FFA_MSG_SEND_DIRECT_RESP_32,
		      FFA_MSG_FLAG_FRAMEWORK | (type + 1));
	rc = created ? ffa_msg_send_vm_created(&H.ctx, target, info, flags, vm, handle)
		     : ffa_msg_send_vm_destroyed(&H.ctx, target, info, flags, vm, handle);
	if (!gate(rc, FFA_VERSION_1_1))
		return rc;
	if (vm == 0 || (vm & FFA_ID_SECURE_BIT))
		return refused(rc, FFA_ERR_BAD_ARGUMENT);
	poison_resp();
	want = model_direct(rc, FFA_VERSION_1_1, target, info, flags, FFA_MSG_FLAG_FRAMEWORK | type,
			    FFA_MSG_FLAG_FRAMEWORK | (type + 1),
			    created ? FFA_PART_PROP_VM_CREATED : FFA_PART_PROP_VM_DESTROYED, args,
			    NULL, pol, limit);
	if (want == 0 && !H.log_overflow) {
		/* The status in w3 of the answer model_direct accepted. */
		uint32_t st = w(&H.log[H.n - 1].out, 3);

		want = st == 0 ? 0 : ((int32_t)st <= -1 && (int32_t)st >= -10) ? (int32_t)st
										: FFA_ERR_PROTOCOL;
	}
	expect_rc(rc, want);
	return rc;
}

static int do_req2(void)
{
	uint16_t target = chance(80) ? 0x8000 | (uint16_t)below(4) : random_id();
	struct ffa_partition_info ib;
	const struct ffa_partition_info *info = random_info(target, &ib);
	struct ffa_uuid ubuf;
	const struct ffa_uuid *u;
	uint64_t args[14];
	bool use_args = chance(85), use_resp = chance(85);
	enum ffa_preempt_policy pol;
	uint32_t limit;
	struct ffa_regs first;
	unsigned int fin = 0;
	uint16_t own;
	int rc, want, s;

	random_uuid(&ubuf, &u);
	random_args(args, 14, false);
	random_policy(&pol, &limit);
	sender_expect(target, FFA_MSG_SEND_DIRECT_RESP2_64, 0);
	poison_resp();
	rc = ffa_msg_send_direct_req2(&H.ctx, target, info, u, use_args ? args : NULL,
				      use_resp ? resp_buf : NULL);
	check_resp_untouched(use_resp ? rc : 1, use_resp ? 14 : 0);
	if (!gate(rc, FFA_VERSION_1_2))
		return rc;
	if (!own_known(&own))
		return refused(rc, FFA_ERR_BAD_ARGUMENT);
	s = model_target(own, target, info,
			 FFA_PART_PROP_DIRECT_REQ2_RECV | FFA_PART_PROP_AARCH64);
	if (s)
		return refused(rc, s);
	if (!regs18_smc64())
		return refused(rc, FFA_ERR_NOT_SUPPORTED);
	if (H.log_overflow)
		return rc;
	first = FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, IDS(own, target));
	for (unsigned int b = 0; u && b < 8; b++) {
		first.x[2] |= (uint64_t)u->b[b] << (8 * b);
		first.x[3] |= (uint64_t)u->b[8 + b] << (8 * b);
	}
	for (unsigned int i = 0; use_args && i < 14; i++)
		first.x[4 + i] = args[i];
	want = model_resumable(&first, FFA_MSG_SEND_DIRECT_RESP2_64, pol, limit, &fin);
	if (want == 0 && w(&H.log[fin].out, 1) != (uint32_t)IDS(target, own))
		want = FFA_ERR_PROTOCOL;
	if (want == 0 && use_resp)
		CHECK(!memcmp(resp_buf, &H.log[fin].out.x[4], 14 * sizeof(uint64_t)),
		      "REQ2 resp differs from x4..x17");
	expect_rc(rc, want);
	if (rc == 0)
		H.deep++;
	return rc;
}

/* ---- Indirect ---------------------------------------------------------------------- */

static uint8_t payload_buf[BUF_MAX];

static int do_send2(void)
{
	uint16_t target = chance(80) ? (uint16_t)below(4) | (chance(50) ? 0x8000 : 0) : random_id();
	struct ffa_partition_info ib;
	const struct ffa_partition_info *info = random_info(target, &ib);
	size_t bufsz = ffa_ctx_rxtx_size(&H.ctx);
	uint32_t v = ffa_ctx_version(&H.ctx), hs = v >= FFA_VERSION_1_2 ? 40 : 20;
	size_t size = chance(70) ? below(64) : chance(50) && bufsz ? bufsz - hs + below(2) - 1 + 1
							     : below(BUF_MAX);
	uint32_t flags = chance(70) ? 0 : chance(60) ? FFA_MSG_SEND2_FLAG_DELAY_SRI : (uint32_t)interesting();
	struct ffa_uuid ubuf;
	const struct ffa_uuid *u;
	bool null_payload = chance(3);
	uint16_t own;
	int rc, s;

	random_uuid(&ubuf, &u);
	if (size > BUF_MAX)
		size = BUF_MAX;
	for (size_t i = 0; i < size; i += 8)
		payload_buf[i] = (uint8_t)rnd();
	memset(&tx_expect, 0, sizeof(tx_expect));
	tx_expect.armed = true;
	tx_expect.hs = hs;
	tx_expect.size = (uint32_t)size;
	tx_expect.flags = flags;
	tx_expect.own = H.ctx.own_id;
	tx_expect.target = target;
	if (u)
		tx_expect.uuid = *u;
	tx_expect.payload = payload_buf;
	rc = ffa_msg_send2(&H.ctx, target, info, u, null_payload ? NULL : payload_buf, size, flags);
	tx_expect.armed = false;
	if (!gate(rc, FFA_VERSION_1_1))
		return rc;
	if (!own_known(&own))
		return refused(rc, FFA_ERR_BAD_ARGUMENT);
	s = model_target(own, target, info, FFA_PART_PROP_INDIRECT_MSG);
	if (s)
		return refused(rc, s);
	if ((null_payload && size) || (flags & ~FFA_MSG_SEND2_FLAG_DELAY_SRI) ||
	    (flags && (v < FFA_VERSION_1_2 || !(own & FFA_ID_SECURE_BIT))) ||
	    (v < FFA_VERSION_1_2 && !ffa_uuid_is_nil(u)) || !bufsz || size > bufsz - hs)
		return refused(rc, FFA_ERR_BAD_ARGUMENT);
	expect_frames(1);
	expect_first(&FRAME(FFA_MSG_SEND2_32, 0, flags));
	expect_rc(rc, single_status());
	CHECK(tx_expect.seen || H.log[0].rc, "SEND2 TX not checked");
	return rc;
}

/* Fill RX with a message (often plausible) and snapshot it. Returns the
 * status reading it should give before the release, and the header. */
static int fill_rx_message(struct ffa_indirect_msg *mh, size_t cap)
{
	uint8_t *rx = ffa_ctx_rx_buffer(&H.ctx);
	size_t size = ffa_ctx_rxtx_size(&H.ctx);
	uint32_t v = ffa_ctx_version(&H.ctx), hs = v >= FFA_VERSION_1_2 ? 40 : 20;
	uint16_t own;
	bool known = own_known(&own);
	uint32_t off, sz, ids;

	hostile_fill_rx();
	if (chance(75)) {
		static const uint32_t offs[] = { 20, 40, 40, 40, 36, 0, 64, 4096, 0xFFFFFFF0u };
		uint32_t o = chance(60) ? hs : offs[below(ARRAY_LEN(offs))];
		uint32_t s = chance(70) ? below(96)
					: chance(50) ? (uint32_t)(size - o) + below(3) - 1
						     : (uint32_t)interesting();

		ffa_put_le32(rx + 8, o);
		ffa_put_le16(rx + 12, chance(85) ? own : random_id());
		ffa_put_le16(rx + 14, random_id());
		ffa_put_le32(rx + 16, s);
		memcpy(H.snap, rx, size);
	}
	memset(mh, 0, sizeof(*mh));
	off = ffa_le32(H.snap + 8);
	ids = ffa_le32(H.snap + 12);
	sz = ffa_le32(H.snap + 16);
	mh->offset = off;
	mh->size = sz;
	mh->sender = (uint16_t)(ids >> 16);
	mh->receiver = (uint16_t)ids;
	if (off < hs || (uint64_t)off + sz > size || (known && mh->receiver != own))
		return FFA_ERR_PROTOCOL;
	if (hs == 40)
		memcpy(mh->uuid.b, H.snap + 24, 16);
	if (sz > cap)
		return FFA_ERR_BUFFER_TOO_SMALL;
	return (int)sz;
}

static uint8_t rbuf[BUF_MAX + GUARD];

static int do_recv(void)
{
	struct ffa_indirect_msg h, mh;
	size_t cap = chance(60) ? below(128) : below(BUF_MAX + 1);
	bool null_hdr = chance(2), null_buf = chance(3);
	bool mapped = ffa_ctx_rx_buffer(&H.ctx) != NULL;
	int rc, rrc = 0, rel, want;

	if (null_buf && chance(50))
		cap = 0;
	if (mapped && ffa_ctx_version(&H.ctx) >= FFA_VERSION_1_1)
		rrc = fill_rx_message(&mh, cap);
	/* Only the caller's @cap bytes and a guard after them matter. */
	memset(&h, POISON, sizeof(h));
	memset(rbuf, POISON, cap + GUARD);
	releases = 0;
	rc = ffa_msg_recv_indirect(&H.ctx, null_hdr ? NULL : &h, null_buf ? NULL : rbuf, cap);
	CHECK(untouched_bytes(rbuf + cap, GUARD), "recv wrote past cap");
	if (!gate(rc, FFA_VERSION_1_1))
		return rc;
	if (null_hdr || (null_buf && cap) || !mapped)
		return refused(rc, FFA_ERR_BAD_ARGUMENT);
	expect_frames(1);
	expect_first(&FRAME(FFA_RX_RELEASE_32));
	CHECK(releases == 1, "%u releases", releases);
	rel = single_status();
	want = rrc < 0 ? rrc : rel ? rel : rrc;
	expect_rc(rc, want);
	if (rrc == FFA_ERR_PROTOCOL)
		CHECK(untouched_bytes(&h, sizeof(h)), "header written for a bad message");
	else
		CHECK(h.sender == mh.sender && h.receiver == mh.receiver && h.offset == mh.offset &&
		      h.size == mh.size && ffa_uuid_equal(&h.uuid, &mh.uuid), "recv header");
	if (rrc >= 0) {
		CHECK(!memcmp(rbuf, H.snap + mh.offset, mh.size), "recv payload");
		CHECK(untouched_bytes(rbuf + mh.size, cap - mh.size), "recv wrote past size");
		H.deep++;
	} else {
		CHECK(untouched_bytes(rbuf, cap), "payload copied for a refused message");
	}
	return rc;
}

/* ---- Receiver calls ---------------------------------------------------------------- */

static struct ffa_msg msg_in, msg_saved;

/* A receiver call that returned @rc and the message *@got made exactly one
 * frame, @f; its result and message are what the model makes of the
 * answer (@allow_success: FFA_SUCCESS is a valid one). */
static void expect_incoming(int rc, const struct ffa_regs *f, bool allow_success,
			    const struct ffa_msg *got)
{
	struct ffa_msg want_m;

	expect_frames(1);
	expect_first(f);
	expect_rc(rc, model_incoming(0, allow_success, &want_m));
	expect_msg(got, &want_m, "next");
}

static int do_wait(void)
{
	uint32_t flags = chance(70) ? 0 : chance(70) ? FFA_MSG_WAIT_FLAG_RETAIN_RX
						     : (uint32_t)interesting();
	bool null = chance(2);
	int rc;

	memset(&msg_in, POISON, sizeof(msg_in));
	rc = ffa_msg_wait(&H.ctx, flags, null ? NULL : &msg_in);
	if (!gate(rc, FFA_VERSION_1_0))
		return rc;
	if (null || (flags & ~1u) || (flags && ffa_ctx_version(&H.ctx) < FFA_VERSION_1_2))
		return refused(rc, FFA_ERR_BAD_ARGUMENT);
	expect_incoming(rc, &FRAME(FFA_MSG_WAIT_32, 0, flags), false, &msg_in);
	return rc;
}

/* A request as a receiver may hold it: often a plausible one. */
static void random_request(struct ffa_msg *m, enum ffa_msg_kind want)
{
	static const enum ffa_msg_kind k[] = { FFA_MSG_DIRECT_REQ, FFA_MSG_DIRECT_REQ2,
					       FFA_MSG_FRAMEWORK_REQ, FFA_MSG_RUN,
					       FFA_MSG_DIRECT_RESP };

	memset(m, 0, sizeof(*m));
	m->kind = chance(85) ? want : k[below(ARRAY_LEN(k))];
	m->is_64 = m->kind == FFA_MSG_DIRECT_REQ2 ? true : chance(50);
	m->sender = random_id();
	m->receiver = H.ctx.own_id;
	m->fw_type = (uint8_t)(chance(80) ? (uint8_t)"\x00\x01\x04\x06\x08\x0A\x0C\x0E"[below(8)]
					  : (uint8_t)rnd());
	random_uuid(&m->uuid, &(const struct ffa_uuid *){ NULL });
}

static int do_reply(void)
{
	enum kind k = KIND();
	enum ffa_msg_kind need = k == K_RESP ? FFA_MSG_DIRECT_REQ
				 : k == K_RESP2 ? FFA_MSG_DIRECT_REQ2 : FFA_MSG_FRAMEWORK_REQ;
	uint32_t min = k == K_RESP2 ? FFA_VERSION_1_2 : FFA_VERSION_1_0;
	struct ffa_msg *next;
	struct ffa_msg out;
	uint64_t args[14];
	bool alias = chance(30), null_req = chance(2), use_args = chance(85);
	uint32_t w2 = 0;
	struct ffa_regs f;
	int rc;

	random_request(&msg_saved, need);
	random_args(args, 14, chance(60));
	msg_in = msg_saved;
	next = alias ? &msg_in : &out; /* the output: the request itself when aliased */
	if (!alias)
		memset(next, POISON, sizeof(*next));
	if (k == K_RESP)
		rc = ffa_msg_send_direct_resp(&H.ctx, null_req ? NULL : &msg_in,
					      use_args ? args : NULL, next);
	else if (k == K_RESP2)
		rc = ffa_msg_send_direct_resp2(&H.ctx, null_req ? NULL : &msg_in,
					       use_args ? args : NULL, next);
	else
		rc = ffa_msg_send_framework_resp(&H.ctx, null_req ? NULL : &msg_in,
						 use_args ? args : NULL, next);
	{
		struct ffa_msg got = *next;

		if (!gate(rc, min))
			return rc;
		if (null_req || msg_saved.kind != need)
			return refused(rc, FFA_ERR_BAD_ARGUMENT);
		if (k == K_FWK_RESP) {
			if (!fwk_request_type(msg_saved.fw_type))
				return refused(rc, FFA_ERR_BAD_ARGUMENT);
			w2 = FFA_MSG_FLAG_FRAMEWORK | fwk_pair(msg_saved.fw_type);
		}
		if (k == K_RESP2 ? !regs18_smc64() : (msg_saved.is_64 && !smc64()))
			return refused(rc, FFA_ERR_NOT_SUPPORTED);
		if (k != K_RESP2 && !msg_saved.is_64 && use_args && !fits32(args, 5)) {
			refused(rc, FFA_ERR_BAD_ARGUMENT);
			if (alias)
				CHECK(msg_eq(&got, &msg_saved), "request lost on a refused reply");
			return rc;
		}
		if (k == K_RESP2) {
			f = FRAME(FFA_MSG_SEND_DIRECT_RESP2_64, IDS(msg_saved.receiver, msg_saved.sender));
			for (unsigned int i = 0; use_args && i < 14; i++)
				f.x[4 + i] = args[i];
		} else {
			f = FRAME(msg_saved.is_64 ? FFA_MSG_SEND_DIRECT_RESP_64
						  : FFA_MSG_SEND_DIRECT_RESP_32,
				  IDS(msg_saved.receiver, msg_saved.sender), w2);
			for (unsigned int i = 0; use_args && i < 5; i++)
				f.x[3 + i] = args[i];
		}
		expect_incoming(rc, &f, false, &got);
	}
	return rc;
}

static int do_yield(void)
{
	uint64_t t = chance(50) ? 0 : interesting();
	bool null = chance(2);
	int rc;

	memset(&msg_in, POISON, sizeof(msg_in));
	rc = ffa_yield(&H.ctx, t, null ? NULL : &msg_in);
	if (!gate(rc, FFA_VERSION_1_0))
		return rc;
	if (null || (t && ffa_ctx_version(&H.ctx) < FFA_VERSION_1_2))
		return refused(rc, FFA_ERR_BAD_ARGUMENT);
	expect_incoming(rc, &FRAME(FFA_YIELD_32, 0, (uint32_t)t, t >> 32), true, &msg_in);
	return rc;
}

static int do_decode(void)
{
	struct ffa_regs f;
	struct ffa_msg got, want_m;
	int rc, want;

	/* Half call-shaped, half random. */
	if (chance(50))
		incoming_answer(&FRAME(FFA_MSG_WAIT_32), &f);
	else
		random_answer(&FRAME(FFA_MSG_WAIT_32), &f);
	if (chance(15))
		f.x[0] = chance(50) ? FFA_MSG_SEND_DIRECT_RESP2_64 : FFA_MSG_SEND_DIRECT_RESP_32;
	memset(&got, POISON, sizeof(got));
	rc = ffa_msg_decode(&H.ctx, &f, &got);
	want = model_decode(&f, &want_m);
	expect_frames(0);
	expect_rc(rc, want);
	expect_msg(&got, &want_m, "decoded");
	return rc;
}

/* ---- The dispatcher ------------------------------------------------------------------ */

enum hwho { HW_DIRECT, HW_FWK, HW_SVC0, HW_SVC1, HW_SVC2, HW_EVENT, HW_INDIRECT };

struct hcall {
	enum hwho who;
	struct ffa_msg m;         /* the message given (not for HW_INDIRECT) */
	int result;
	uint64_t reply[14];
	/* HW_EVENT with READ_INDIRECT: the expected reading. */
	int read_rc;
	struct ffa_indirect_msg hdr;
};

#define HCALLS 64
static struct hcall hcalls[HCALLS];
static unsigned int nh, handled_cap;
static bool dispatch_mapped_v11;
static uint8_t ind_buf[BUF_MAX];
static size_t ind_cap;

static int pick_result(bool request)
{
	if (nh >= handled_cap)
		return FFA_DISPATCH_STOP;
	switch (below(40)) {
	case 0: case 1: case 2: return FFA_DISPATCH_STOP;
	case 3: case 4: return request ? FFA_DISPATCH_HOLD : FFA_DISPATCH_STOP;
	case 5: return -(int)(1 + below(10)); /* a documented code: it is passed through */
	case 6: return 7;
	case 7: return request ? FFA_DISPATCH_READ_INDIRECT : FFA_DISPATCH_CONTINUE;
	default: return FFA_DISPATCH_CONTINUE;
	}
}

static struct hcall *record(enum hwho who, const struct ffa_msg *m)
{
	struct hcall *c = &hcalls[nh < HCALLS ? nh : HCALLS - 1];

	memset(c, 0, sizeof(*c));
	c->who = who;
	if (m)
		c->m = *m;
	nh++;
	return c;
}

static int request_handler(enum hwho who, const struct ffa_msg *req, uint64_t *reply,
			   unsigned int words)
{
	struct hcall *c = record(who, req);

	CHECK(!memcmp(reply, (uint64_t[14]){ 0 }, words * sizeof(uint64_t)),
	      "dispatch: reply not zeroed");
	random_args(c->reply, words, !req->is_64 && chance(90));
	memcpy(reply, c->reply, words * sizeof(uint64_t));
	c->result = pick_result(true);
	return c->result;
}

static int h_direct(void *arg, const struct ffa_msg *req, uint64_t reply[5])
{
	(void)arg;
	return request_handler(HW_DIRECT, req, reply, 5);
}

static int h_fwk(void *arg, const struct ffa_msg *req, uint64_t reply[5])
{
	(void)arg;
	return request_handler(HW_FWK, req, reply, 5);
}

static int h_svc(void *arg, const struct ffa_msg *req, uint64_t reply[14])
{
	return request_handler((enum hwho)(uintptr_t)arg, req, reply, 14);
}

static int h_event(void *arg, const struct ffa_msg *m)
{
	struct hcall *c = record(HW_EVENT, m);

	(void)arg;
	c->result = pick_result(false);
	if (chance(40) && nh < handled_cap)
		c->result = FFA_DISPATCH_READ_INDIRECT;
	if (c->result == FFA_DISPATCH_READ_INDIRECT && dispatch_mapped_v11)
		c->read_rc = fill_rx_message(&c->hdr, ind_cap);
	return c->result;
}

static int h_indirect(void *arg, const struct ffa_indirect_msg *hdr, const void *payload)
{
	struct hcall *c = record(HW_INDIRECT, NULL);

	(void)arg;
	c->hdr = *hdr;
	CHECK(payload == ind_buf, "indirect payload not in the caller's buffer");
	CHECK(!memcmp(ind_buf, H.snap + hdr->offset, hdr->size), "indirect payload differs");
	c->result = pick_result(false);
	return c->result;
}

static struct ffa_msg_service services[3];

/* The library made fewer frames or handler calls than the model needs. */
static int short_log(void)
{
	violate("%s: fewer frames or handler calls than the model expects", H.kind->name);
	return FFA_ERR_CONDUIT;
}

/* What the dispatcher makes of a handler's value @r where it may only go on
 * or stop: 0 to go on, else the status it returns. */
static int model_verdict(int r)
{
	if (r < 0)
		return r;
	if (r == FFA_DISPATCH_STOP)
		return 1;
	if (r != FFA_DISPATCH_CONTINUE)
		return FFA_ERR_BAD_ARGUMENT;
	return 0;
}

/* Replay the dispatcher over the log. Returns the status; *@m the pending
 * message the model expects. */
static int model_dispatch(const struct ffa_msg_dispatcher *d, struct ffa_msg *m)
{
	unsigned int i = 0, h = 0;
	uint32_t v = ffa_ctx_version(&H.ctx);

	for (;;) {
		struct ffa_regs f;
		enum hwho who;
		int r, s;

		switch (m->kind) {
		case FFA_MSG_NONE:
			if (!v)
				return FFA_ERR_NOT_NEGOTIATED;
			if ((d->wait_flags & ~1u) || (d->wait_flags && v < FFA_VERSION_1_2))
				return FFA_ERR_BAD_ARGUMENT;
			if (i >= H.n)
				return short_log();
			CHECK(frames_eq(&H.log[i].in, &FRAME(FFA_MSG_WAIT_32, 0, d->wait_flags)),
			      "dispatch frame %u: not MSG_WAIT", i);
			s = model_incoming(i++, false, m);
			if (s)
				return s;
			continue;
		case FFA_MSG_DIRECT_REQ:
		case FFA_MSG_FRAMEWORK_REQ:
		case FFA_MSG_DIRECT_REQ2: {
			const struct ffa_msg_service *svc = NULL;

			if (m->kind == FFA_MSG_DIRECT_REQ) {
				if (!d->direct)
					return FFA_ERR_UNHANDLED;
				who = HW_DIRECT;
			} else if (m->kind == FFA_MSG_FRAMEWORK_REQ) {
				if (!d->framework)
					return FFA_ERR_UNHANDLED;
				who = HW_FWK;
			} else {
				for (size_t k = 0; k < d->n_services && !svc; k++)
					if (d->services[k].handler &&
					    ffa_uuid_equal(&d->services[k].uuid, &m->uuid))
						svc = &d->services[k];
				if (!svc)
					return FFA_ERR_UNHANDLED;
				who = (enum hwho)(uintptr_t)svc->arg;
			}
			CHECK(h < nh && hcalls[h].who == who && msg_eq(&hcalls[h].m, m),
			      "dispatch: handler call %u not the model's (%d)", h, who);
			if (h >= nh)
				return short_log();
			r = hcalls[h].result;
			if (r < 0)
				return r;
			if (r == FFA_DISPATCH_HOLD)
				return 2;
			if (r != FFA_DISPATCH_CONTINUE && r != FFA_DISPATCH_STOP)
				return FFA_ERR_BAD_ARGUMENT;
			if (m->kind == FFA_MSG_DIRECT_REQ2) {
				if (v < FFA_VERSION_1_2)
					return FFA_ERR_NOT_SUPPORTED;
				if (!regs18_smc64())
					return FFA_ERR_NOT_SUPPORTED;
				f = FRAME(FFA_MSG_SEND_DIRECT_RESP2_64, IDS(m->receiver, m->sender));
				memcpy(&f.x[4], hcalls[h].reply, 14 * sizeof(uint64_t));
			} else {
				uint32_t w2 = m->kind == FFA_MSG_FRAMEWORK_REQ
						      ? FFA_MSG_FLAG_FRAMEWORK | fwk_pair(m->fw_type)
						      : 0;

				if (m->is_64 && !smc64())
					return FFA_ERR_NOT_SUPPORTED;
				if (!m->is_64 && !fits32(hcalls[h].reply, 5))
					return FFA_ERR_BAD_ARGUMENT;
				f = FRAME(m->is_64 ? FFA_MSG_SEND_DIRECT_RESP_64
						   : FFA_MSG_SEND_DIRECT_RESP_32,
					  IDS(m->receiver, m->sender), w2);
				memcpy(&f.x[3], hcalls[h].reply, 5 * sizeof(uint64_t));
			}
			h++;
			if (i >= H.n)
				return short_log();
			CHECK(frames_eq(&H.log[i].in, &f), "dispatch frame %u: reply differs", i);
			s = model_incoming(i++, false, m);
			if (s)
				return s;
			if (r == FFA_DISPATCH_STOP)
				return 1;
			continue;
		}
		case FFA_MSG_RUN:
		case FFA_MSG_INTERRUPT: {
			const struct hcall *ev = NULL;

			r = FFA_DISPATCH_CONTINUE;
			if (d->event) {
				CHECK(h < nh && hcalls[h].who == HW_EVENT && msg_eq(&hcalls[h].m, m),
				      "dispatch: event call %u not the model's", h);
				if (h >= nh)
					return short_log();
				ev = &hcalls[h++];
				r = ev->result;
			}
			memset(m, 0, sizeof(*m));
			if (r != FFA_DISPATCH_READ_INDIRECT) {
				s = model_verdict(r);
				if (s)
					return s;
				continue;
			}
			if (!d->indirect)
				return FFA_ERR_UNHANDLED;
			if (v < FFA_VERSION_1_1)
				return FFA_ERR_NOT_SUPPORTED;
			if (!ffa_ctx_rx_buffer(&H.ctx))
				return FFA_ERR_BAD_ARGUMENT;
			if (i >= H.n)
				return short_log();
			CHECK(frames_eq(&H.log[i].in, &FRAME(FFA_RX_RELEASE_32)),
			      "dispatch frame %u: not RX_RELEASE", i);
			s = H.log[i].rc ? conduit_status(H.log[i].rc) : answer_status(&H.log[i].out);
			i++;
			if (ev->read_rc < 0)
				return ev->read_rc;
			if (s)
				return s;
			CHECK(h < nh && hcalls[h].who == HW_INDIRECT &&
			      hcalls[h].hdr.size == ev->hdr.size &&
			      hcalls[h].hdr.offset == ev->hdr.offset &&
			      hcalls[h].hdr.sender == ev->hdr.sender &&
			      ffa_uuid_equal(&hcalls[h].hdr.uuid, &ev->hdr.uuid),
			      "dispatch: indirect call %u", h);
			if (h >= nh)
				return short_log();
			s = model_verdict(hcalls[h++].result);
			if (s)
				return s;
			continue;
		}
		default:
			return FFA_ERR_BAD_ARGUMENT;
		}
	}
}

static int do_dispatch(void)
{
	static const enum ffa_msg_kind start[] = { FFA_MSG_DIRECT_RESP, FFA_MSG_SUCCESS,
						   FFA_MSG_DIRECT_RESP2 };
	struct ffa_msg_dispatcher d;
	struct ffa_msg m, want_m;
	int rc, want;

	memset(&d, 0, sizeof(d));
	memset(services, 0, sizeof(services));
	for (unsigned int k = 0; k < 3; k++) {
		services[k].uuid = *uuid_pool(k);
		services[k].handler = chance(90) ? h_svc : NULL;
		services[k].arg = (void *)(uintptr_t)(HW_SVC0 + k);
	}
	d.direct = chance(90) ? h_direct : NULL;
	d.framework = chance(80) ? h_fwk : NULL;
	d.services = chance(95) ? services : NULL;
	d.n_services = d.services ? 1 + below(3) : 0;
	d.event = chance(90) ? h_event : NULL;
	d.indirect = chance(90) ? h_indirect : NULL;
	ind_cap = chance(70) ? sizeof(ind_buf) : below(128);
	d.indirect_buf = ind_buf;
	d.indirect_cap = ind_cap;
	d.wait_flags = chance(85) ? 0 : chance(70) ? FFA_MSG_WAIT_FLAG_RETAIN_RX : 4;
	nh = 0;
	handled_cap = 1 + below(8);
	dispatch_mapped_v11 = ffa_ctx_rx_buffer(&H.ctx) &&
			      ffa_ctx_version(&H.ctx) >= FFA_VERSION_1_1;
	memset(&m, 0, sizeof(m));
	if (chance(3))
		m.kind = start[below(ARRAY_LEN(start))];
	want_m = m;
	rc = ffa_msg_dispatch(&H.ctx, &d, &m);
	CHECK(rc != 0, "dispatch returned 0");
	CHECK(nh <= HCALLS, "too many handler calls");
	if (H.log_overflow || nh > HCALLS)
		return rc;
	want = model_dispatch(&d, &want_m);
	expect_rc(rc, want);
	expect_msg(&m, &want_m, "pending");
	if (rc == 1 || rc == 2)
		H.deep++;
	return rc;
}

/* ---- Table ---------------------------------------------------------------------------- */

static int null_kind(void)
{
	struct ffa_msg m;
	struct ffa_indirect_msg h;
	struct ffa_msg_dispatcher d;

	memset(&m, 0, sizeof(m));
	memset(&d, 0, sizeof(d));
	m.kind = FFA_MSG_DIRECT_REQ;
	switch (KIND()) {
	case K_REQ: return ffa_msg_send_direct_req(NULL, 0x8001, NULL, 0, NULL, NULL);
	case K_REQ2: return ffa_msg_send_direct_req2(NULL, 0x8001, NULL, NULL, NULL, NULL);
	case K_FWK: return ffa_msg_send_framework_req(NULL, 0x8001, NULL, 0, 4, NULL, NULL);
	case K_VM: return ffa_msg_send_vm_created(NULL, 0x8001, NULL, 0, 1, 0);
	case K_SEND2: return ffa_msg_send2(NULL, 0x8001, NULL, NULL, "x", 1, 0);
	case K_RECV: return ffa_msg_recv_indirect(NULL, &h, rbuf, 1);
	case K_WAIT: return ffa_msg_wait(NULL, 0, &m);
	case K_RESP: return ffa_msg_send_direct_resp(NULL, &m, NULL, &m);
	case K_RESP2: return ffa_msg_send_direct_resp2(NULL, &m, NULL, &m);
	case K_FWK_RESP: return ffa_msg_send_framework_resp(NULL, &m, NULL, &m);
	case K_YIELD: return ffa_yield(NULL, 0, &m);
	case K_DECODE: return ffa_msg_decode(NULL, &FRAME(FFA_RUN_32), &m);
	default: return ffa_msg_dispatch(NULL, &d, &m);
	}
}

static int run_kind(void)
{
	maybe_own_id();
	H.n = 0;
	switch (KIND()) {
	case K_REQ: return do_req();
	case K_REQ2: return do_req2();
	case K_FWK: return do_fwk();
	case K_VM: return do_vm();
	case K_SEND2: return do_send2();
	case K_RECV: return do_recv();
	case K_WAIT: return do_wait();
	case K_RESP:
	case K_RESP2:
	case K_FWK_RESP: return do_reply();
	case K_YIELD: return do_yield();
	case K_DECODE: return do_decode();
	default: return do_dispatch();
	}
}

#define KIND_ENTRY(k, nm, wt, rx)                                                   \
	[k] = { .name = (nm), .weight = (wt), .run = run_kind,                       \
		.null_ctx = null_kind, .allowed = frame_allowed, .check_mbz = check_mbz, \
		.answer = answer, .on_frame = on_frame, .needs_rx = (rx) }

static const struct hostile_kind kinds[K_KINDS] = {
	KIND_ENTRY(K_REQ, "msg_send_direct_req", 6, false),
	KIND_ENTRY(K_REQ2, "msg_send_direct_req2", 6, false),
	KIND_ENTRY(K_FWK, "msg_send_framework_req", 3, false),
	KIND_ENTRY(K_VM, "msg_send_vm_created/destroyed", 3, false),
	KIND_ENTRY(K_SEND2, "msg_send2", 4, true),
	KIND_ENTRY(K_RECV, "msg_recv_indirect", 5, true),
	KIND_ENTRY(K_WAIT, "msg_wait", 4, false),
	KIND_ENTRY(K_RESP, "msg_send_direct_resp", 4, false),
	KIND_ENTRY(K_RESP2, "msg_send_direct_resp2", 3, false),
	KIND_ENTRY(K_FWK_RESP, "msg_send_framework_resp", 3, false),
	KIND_ENTRY(K_YIELD, "yield", 2, false),
	KIND_ENTRY(K_DECODE, "msg_decode", 3, false),
	KIND_ENTRY(K_DISPATCH, "msg_dispatch", 8, true),
};

Test(hostile, random_frames_every_msg_call)
{
	uint64_t count[K_KINDS], success[K_KINDS];
	uint64_t budget = hostile_run("msg", kinds, K_KINDS, DEFAULT_FRAMES, count, success);

	printf("hostile msg: deep results %llu\n", (unsigned long long)H.deep);
	if (budget >= DEFAULT_FRAMES) {
		cr_assert_geq(H.deep, 200, "deep paths rarely reached (%llu)",
			      (unsigned long long)H.deep);
		/* Each call succeeded now and then (call-shaped answers). */
		for (unsigned int k = 0; k < K_KINDS; k++)
			cr_assert_gt(success[k], 0, "%s never succeeded", kinds[k].name);
	}
}
