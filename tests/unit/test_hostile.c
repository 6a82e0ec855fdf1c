/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Randomized hostile-conduit test of the foundation calls (issue 2):
 * version, features, IDs, RX/TX, partition info (both variants), FFA_RUN,
 * the preemption loop and the raw call. The harness (support/hostile.c)
 * answers every frame with a random or call-shaped one; this file drives
 * each call with random valid and invalid arguments and predicts its exact
 * result with an independent reference model built from the logged frames.
 *
 * On top of the harness's invariants: RX is released after and only after
 * a SUCCESS to a descriptor-returning PARTITION_INFO_GET (known-bugs 27),
 * under the RX/TX lock, and the RX contents are checked against a snapshot
 * (the manager reuses RX at once after the release, class 31).
 *
 * Seed: HOSTILE_SEED=<n> to reproduce; HOSTILE_FRAMES=<n> (default 300000).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostile.h"
#include "resumable.h" /* test_call_resumable(): the one preemption loop */

#define DEFAULT_FRAMES 300000ull
#define OUT_CAP 64 /* caller arrays: up to 64 entries ... */
#define GUARDS 4   /* ... followed by guard entries */

#define tx_buf hostile_tx
#define rx_buf hostile_rx

/* ---- The kinds of call ------------------------------------------------------ */

enum kind {
	K_VERSION, K_NEGOTIATE, K_FEATURES, K_FEAT_RXTX, K_FEAT_RETRIEVE, K_FEAT_INTR,
	K_CACHED, K_ID_GET, K_SPM_ID_GET, K_MAP, K_UNMAP, K_UNMAP_VM, K_RX_RELEASE,
	K_RX_RELEASE_VM, K_RX_ACQUIRE, K_PIG, K_COUNT, K_REGS, K_RUN, K_RESUMABLE, K_RAW,
	K_KINDS
};

static const char kind_name[K_KINDS][32] = {
	"version", "version_negotiate", "features", "features_rxtx_map",
	"features_mem_retrieve", "features_interrupt", "features_cached", "id_get",
	"spm_id_get", "rxtx_map", "rxtx_unmap", "rxtx_unmap_vm", "rx_release",
	"rx_release_vm", "rx_acquire", "partition_info_get", "partition_count",
	"partition_info_get_regs", "run", "call_resumable", "call_raw",
};

/* The table of kinds is at the end; KIND() is the running call's index. */
static const struct hostile_kind kinds[K_KINDS];
#define KIND() ((enum kind)(H.kind - kinds))

/* ---- Area state --------------------------------------------------------------- */

/* RX ownership rule */
static bool release_due;
static bool release_forbidden;

/* Plausible GET_REGS manager */
static uint32_t regs_n, regs_size, regs_tag;

/* ---- Answers --------------------------------------------------------------- */

static void plausible_regs_answer(const struct ffa_regs *req, struct ffa_regs *a)
{
	uint32_t start = (uint32_t)(req->x[3] & 0xFFFF), per, k, cur;

	if (start == 0 || regs_n == 0) {
		static const uint32_t sizes[] = { 24, 24, 24, 48, 48, 32, 120, 16, 28, 128 };

		regs_n = chance(90) ? 1 + below(OUT_CAP + 8) : 1 + below(0x10000);
		regs_size = sizes[below(ARRAY_LEN(sizes))];
		regs_tag = chance(30) ? 0 : below(0x10000);
	}
	if (chance(8)) {
		set_err(a, chance(70) ? FFA_ERR_RETRY : error_code());
		regs_n = 0;
		return;
	}
	set_ok(a, FFA_SUCCESS_64);
	per = regs_size >= 8 && regs_size <= 120 ? 15 / (regs_size / 8) : 1;
	k = chance(70) ? per : 1 + below(per);
	cur = start + k - 1;
	if (cur >= regs_n)
		cur = regs_n - 1;
	a->x[2] = (uint64_t)((regs_n - 1) & 0xFFFF) | ((uint64_t)(cur & 0xFFFF) << 16) |
		  ((uint64_t)regs_tag << 32) | ((uint64_t)(regs_size & 0xFFFF) << 48);
	for (unsigned int i = 3; i < FFA_REGS_COUNT; i++)
		a->x[i] = interesting();
}

static void plausible_answer(const struct ffa_regs *req, struct ffa_regs *a)
{
	uint32_t fid = (uint32_t)req->x[0];

	switch (fid) {
	case FFA_VERSION_32: {
		static const uint64_t v[] = { 0x10000, 0x10001, 0x10002, 0x10002, 0x10003,
					      0xFFFFFFFFu, 0x20000, 0x7FFFFFFF, 0x80000001u };
		set_ok(a, v[below(ARRAY_LEN(v))]);
		return;
	}
	case FFA_FEATURES_32:
		if (chance(30)) {
			set_err(a, chance(80) ? FFA_ERR_NOT_SUPPORTED : error_code());
			return;
		}
		set_ok(a, FFA_SUCCESS_32);
		a->x[2] = chance(50) ? below(8) | ((uint64_t)below(64) << 16) : interesting();
		a->x[3] = interesting();
		return;
	case FFA_PARTITION_INFO_GET_32:
		if (chance(15)) {
			set_err(a, error_code());
			return;
		}
		set_ok(a, FFA_SUCCESS_32);
		if (req->x[5] & 1) {
			a->x[2] = below(70);
			return;
		}
		{
			static const uint64_t sizes[] = { 24, 24, 24, 48, 48, 8, 32, 16, 0,
							  4096, 0xFFFFFFFFu, 25 };
			static const uint64_t counts[] = { 0, 1, 2, 3, 7, 64, 65, 170, 171,
							   0x80000000u, 0x08000001u,
							   0xFFFFFFFFu };
			a->x[3] = sizes[below(ARRAY_LEN(sizes))];
			a->x[2] = chance(70) ? below(OUT_CAP + 4) : counts[below(ARRAY_LEN(counts))];
		}
		return;
	case FFA_PARTITION_INFO_GET_REGS_64:
		plausible_regs_answer(req, a);
		return;
	case FFA_ID_GET_32:
	case FFA_SPM_ID_GET_32:
		set_ok(a, FFA_SUCCESS_32);
		a->x[2] = chance(70) ? below(0x10000) : interesting();
		return;
	case FFA_RUN_32:
	case FFA_MSG_SEND_DIRECT_REQ_32:
		switch (below(8)) {
		case 0: case 1:
			set_ok(a, FFA_INTERRUPT_32);
			a->x[1] = interesting();
			a->x[2] = interesting();
			return;
		case 2: case 3:
			set_ok(a, FFA_YIELD_32);
			a->x[1] = interesting();
			a->x[2] = interesting();
			a->x[3] = interesting();
			return;
		case 4:
			set_err(a, error_code());
			return;
		case 5:
			set_ok(a, chance(50) ? FFA_MSG_WAIT_32 : FFA_SUCCESS_32);
			return;
		default:
			random_answer(req, a);
			a->x[0] = chance(60) ? FFA_MSG_SEND_DIRECT_RESP_32 : pick_fid(req);
			return;
		}
	default: /* RXTX_MAP/UNMAP, RX_RELEASE, RX_ACQUIRE */
		if (chance(25)) {
			set_err(a, error_code());
			return;
		}
		set_ok(a, FFA_SUCCESS_32);
		if (chance(30)) /* TF-A leaves inputs in place */
			for (unsigned int i = 1; i < 4; i++)
				a->x[i] = req->x[i];
		return;
	}
}

/* ---- Frame checks ------------------------------------------------------------ */

static bool frame_allowed(uint32_t fid)
{
	switch (KIND()) {
	case K_VERSION:
	case K_NEGOTIATE: return fid == FFA_VERSION_32;
	case K_FEATURES:
	case K_FEAT_RXTX:
	case K_FEAT_RETRIEVE:
	case K_FEAT_INTR: return fid == FFA_FEATURES_32;
	case K_ID_GET: return fid == FFA_ID_GET_32;
	case K_SPM_ID_GET: return fid == FFA_SPM_ID_GET_32;
	case K_MAP: return fid == FFA_RXTX_MAP_32 || fid == FFA_RXTX_MAP_64;
	case K_UNMAP:
	case K_UNMAP_VM: return fid == FFA_RXTX_UNMAP_32;
	case K_RX_RELEASE:
	case K_RX_RELEASE_VM: return fid == FFA_RX_RELEASE_32;
	case K_RX_ACQUIRE: return fid == FFA_RX_ACQUIRE_32;
	case K_PIG: return fid == FFA_PARTITION_INFO_GET_32 || fid == FFA_RX_RELEASE_32;
	case K_COUNT: return fid == FFA_PARTITION_INFO_GET_32;
	case K_REGS: return fid == FFA_PARTITION_INFO_GET_REGS_64;
	case K_RUN: return fid == FFA_RUN_32;
	case K_RESUMABLE: return fid == FFA_RUN_32 || fid == FFA_MSG_SEND_DIRECT_REQ_32;
	default: return true;
	}
}

/* Must-be-zero registers of every frame the library builds itself (the
 * harness checks x0 and the allowed function IDs first). */
static void check_mbz(const struct ffa_regs *r)
{
	uint32_t fid = (uint32_t)r->x[0];

	switch (fid) {
	case FFA_VERSION_32:
		CHECK(!(r->x[1] >> 31) && zero_from(r, 2), "VERSION MBZ");
		break;
	case FFA_FEATURES_32:
		CHECK(zero_from(r, 3) && !(r->x[1] >> 32) && !(r->x[2] >> 32), "FEATURES MBZ");
		break;
	case FFA_ID_GET_32:
	case FFA_SPM_ID_GET_32:
		CHECK(zero_from(r, 1), "ID_GET x1..x17 not zero");
		break;
	case FFA_RXTX_MAP_32:
		CHECK(!(r->x[1] >> 32) && !(r->x[2] >> 32), "RXTX_MAP_32 address > 32 bits");
		/* fall through */
	case FFA_RXTX_MAP_64:
		CHECK(zero_from(r, 4) && r->x[3] >= 1 && r->x[3] <= 63, "RXTX_MAP x4..x17 / pages");
		break;
	case FFA_RXTX_UNMAP_32:
		CHECK(zero_from(r, 2) && (r->x[1] & 0xFFFFFFFF0000FFFFull) == 0, "UNMAP MBZ");
		if (KIND() == K_UNMAP)
			CHECK(r->x[1] == 0, "own UNMAP w1 not 0");
		break;
	case FFA_RX_RELEASE_32:
	case FFA_RX_ACQUIRE_32:
		CHECK(zero_from(r, 2) && r->x[1] <= 0xFFFF, "RX_RELEASE/ACQUIRE MBZ");
		if (KIND() == K_RX_RELEASE || KIND() == K_PIG)
			CHECK(r->x[1] == 0, "own RX_RELEASE w1 = 0x%llx", (unsigned long long)r->x[1]);
		break;
	case FFA_PARTITION_INFO_GET_32:
		CHECK(zero_from(r, 6) && r->x[5] <= 1, "PARTITION_INFO_GET MBZ");
		for (unsigned int i = 1; i <= 4; i++)
			CHECK(!(r->x[i] >> 32), "PARTITION_INFO_GET w%u upper bits", i);
		break;
	case FFA_PARTITION_INFO_GET_REGS_64:
		CHECK(zero_from(r, 4) && !(r->x[3] >> 32), "GET_REGS MBZ");
		CHECK((r->x[3] & 0xFFFF) || !(r->x[3] >> 16), "GET_REGS tag with start 0");
		break;
	case FFA_RUN_32:
		CHECK(zero_from(r, 2) && !(r->x[1] >> 32), "RUN MBZ");
		break;
	default:
		break;
	}
}

/* PARTITION_INFO_GET frames: the RX ownership rule (known-bugs 27), the
 * lock around RX use, and the manager's RX contents. */
static void pig_on_frame(const struct ffa_regs *req, const struct ffa_regs *ans, int rc)
{
	uint32_t fid = w(req, 0);
	bool pig = fid == FFA_PARTITION_INFO_GET_32;

	if (KIND() == K_PIG) {
		if (release_due)
			CHECK(fid == FFA_RX_RELEASE_32 && zero_from(req, 1),
			      "frame after a SUCCESS to PARTITION_INFO_GET is 0x%x, not RX_RELEASE",
			      fid);
		else if (fid == FFA_RX_RELEASE_32)
			CHECK(!release_forbidden, "RX_RELEASE without owning RX");
	}
	if (H.use_port && pig && !(req->x[5] & 1))
		CHECK(H.lock_depth == 1, "PARTITION_INFO_GET sent without the RX lock");
	if (H.use_port && fid == FFA_RX_RELEASE_32 && release_due)
		CHECK(H.lock_depth == 1, "RX_RELEASE after PARTITION_INFO_GET outside the lock");
	release_due = false;

	if (pig && !(req->x[5] & 1))
		hostile_fill_rx();
	if (fid == FFA_RX_RELEASE_32 && KIND() == K_PIG && ffa_ctx_rx_buffer(&H.ctx))
		/* The manager's next producer reuses RX at once (class 31). */
		memset(ffa_ctx_rx_buffer(&H.ctx), 0xEE, ffa_ctx_rxtx_size(&H.ctx));

	if (pig && rc == 0) {
		uint32_t a0 = w(ans, 0);
		bool ok = a0 == FFA_SUCCESS_32 || a0 == FFA_SUCCESS_64;

		if (req->x[5] & 1)
			release_forbidden = true; /* count-only: RX untouched */
		else if (ok)
			release_due = true;
		else
			release_forbidden = true;
	} else if (pig) {
		release_forbidden = true;
	}
}

/* ---- Model helpers ---------------------------------------------------------- */

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)rd16(p) | (uint32_t)rd16(p + 2) << 16;
}

static void uuid_from_u64(uint64_t lo, uint64_t hi, uint8_t *b)
{
	for (unsigned int i = 0; i < 8; i++) {
		b[i] = (uint8_t)(lo >> (8 * i));
		b[8 + i] = (uint8_t)(hi >> (8 * i));
	}
}

static void model_mem(const uint8_t *p, uint32_t size, struct ffa_partition_info *o)
{
	memset(o, 0, sizeof(*o));
	o->id = rd16(p);
	o->exec_ctx_count = rd16(p + 2);
	o->properties = rd32(p + 4);
	if (size >= 24)
		memcpy(o->uuid.b, p + 8, 16);
	if (size >= 48) {
		memcpy(o->image_uuid.b, p + 24, 16);
		o->ffa_version = rd32(p + 40);
	}
}

static void model_regs(const uint64_t *reg, uint32_t nregs, struct ffa_partition_info *o)
{
	memset(o, 0, sizeof(*o));
	o->id = (uint16_t)reg[0];
	o->exec_ctx_count = (uint16_t)(reg[0] >> 16);
	o->properties = (uint32_t)(reg[0] >> 32);
	uuid_from_u64(reg[1], reg[2], o->uuid.b);
	if (nregs >= 6) {
		uuid_from_u64(reg[3], reg[4], o->image_uuid.b);
		o->ffa_version = (uint32_t)reg[5];
	}
}

static bool info_eq(const struct ffa_partition_info *a, const struct ffa_partition_info *b)
{
	return a->id == b->id && a->exec_ctx_count == b->exec_ctx_count &&
	       a->properties == b->properties && ffa_uuid_equal(&a->uuid, &b->uuid) &&
	       ffa_uuid_equal(&a->image_uuid, &b->image_uuid) && a->ffa_version == b->ffa_version;
}

/* ---- Argument generators ---------------------------------------------------- */

static uint32_t random_fid(void)
{
	switch (below(6)) {
	case 0: return FFA_SMC32_BASE | (0x60 + below(0x40));
	case 1: return FFA_SMC64_BASE | (0x60 + below(0x40));
	case 2: return below(6);                      /* feature IDs 0..5 */
	case 3: return (uint32_t)interesting();
	case 4: return FFA_MEM_RETRIEVE_REQ_32 | (chance(50) ? FFA_FID_64BIT_BIT : 0);
	default: return FFA_SMC32_BASE | FFA_FID_SVE_HINT_BIT | (0x60 + below(0x40));
	}
}

static bool cacheable(uint32_t fid)
{
	uint32_t f = fid & ~FFA_FID_SVE_HINT_BIT, fn = f & 0xFFFF;

	return (f & 0xBF000000u) == 0x84000000u && !(f & 0x00FE0000u) && fn >= 0x60 && fn <= 0x9F;
}

static bool compatible(uint32_t caller, uint32_t callee)
{
	return FFA_VERSION_MAJOR(caller) == FFA_VERSION_MAJOR(callee) &&
	       FFA_VERSION_MINOR(caller) <= FFA_VERSION_MINOR(callee);
}

/* A version libffa implements: v1.0..v1.2. */
static bool implemented(uint32_t v)
{
	return !(v >> 31) && FFA_VERSION_MAJOR(v) == 1 && FFA_VERSION_MINOR(v) <= 2;
}

/* ---- One call of each kind, with its model ------------------------------- */

static int do_version(void)
{
	static const uint32_t req[] = { 0x10000, 0x10001, 0x10002, 0x10003, 0x80010002u, 0x2,
					0x20000, 0x10005 };
	uint32_t v = chance(80) ? req[below(ARRAY_LEN(req))] : (uint32_t)interesting();
	uint32_t before = ffa_ctx_version(&H.ctx), pm = 0xDEAD;
	bool locked = (H.ctx.flags & FFA_CTX_F_LOCKED_IN) != 0;
	int rc = ffa_version(&H.ctx, v, &pm), want;

	/* Only versions libffa implements; after lock-in only the agreed one. */
	if (!implemented(v) || (locked && v != before)) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_BAD_ARGUMENT);
		return rc;
	}
	expect_frames(1);
	expect_first(&FRAME(FFA_VERSION_32, v));
	if (H.log[0].rc) {
		want = conduit_status(H.log[0].rc);
	} else {
		uint32_t w0 = w(&H.log[0].out, 0);

		if ((int32_t)w0 < 0) {
			want = w0 == 0xFFFFFFFFu ? FFA_ERR_NOT_SUPPORTED : FFA_ERR_PROTOCOL;
		} else {
			want = compatible(v, w0) ? 0 : FFA_ERR_VERSION;
			CHECK(pm == w0, "pm_version %x, answer %x", pm, w0);
		}
	}
	expect_rc(rc, want);
	CHECK(ffa_ctx_version(&H.ctx) == (rc == 0 ? v : before), "version after %s", "ffa_version");
	return rc;
}

static int do_negotiate(void)
{
	static const uint32_t hi[] = { 0, 0x10000, 0x10001, 0x10002, 0x10002, 0x10003, 0x20000,
				       0x80010002u };
	uint32_t h = hi[below(ARRAY_LEN(hi))];
	uint32_t offer = h ? h : FFA_VERSION_1_2;
	uint32_t before = ffa_ctx_version(&H.ctx);
	bool locked = (H.ctx.flags & FFA_CTX_F_LOCKED_IN) != 0;
	int rc = ffa_version_negotiate(&H.ctx, h), want = 1;
	bool reported = false;
	unsigned int i;

	if (!implemented(offer) || (locked && (before == 0 || before > offer))) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_BAD_ARGUMENT);
		return rc;
	}
	if (locked) {
		/* Locked in: one re-confirming offer of the agreed version. */
		expect_frames(1);
		expect_first(&FRAME(FFA_VERSION_32, before));
		if (H.log[0].rc) {
			want = conduit_status(H.log[0].rc);
		} else {
			uint32_t w0 = w(&H.log[0].out, 0);

			if ((int32_t)w0 < 0)
				want = w0 == 0xFFFFFFFFu ? FFA_ERR_NOT_SUPPORTED : FFA_ERR_PROTOCOL;
			else
				want = compatible(before, w0) ? 0 : FFA_ERR_VERSION;
		}
		expect_rc(rc, want);
		CHECK(ffa_ctx_version(&H.ctx) == before, "version changed after lock-in");
		return rc;
	}
	for (i = 0; i < H.n && i < HOSTILE_LOG_MAX; i++) {
		uint32_t w0;

		CHECK(frames_eq(&H.log[i].in, &FRAME(FFA_VERSION_32, offer)),
		      "negotiate offer %u: sent 0x%llx, expected 0x%x", i,
		      (unsigned long long)H.log[i].in.x[1], offer);
		if (H.log[i].rc) {
			want = conduit_status(H.log[i].rc);
			break;
		}
		w0 = w(&H.log[i].out, 0);
		if ((int32_t)w0 < 0 && w0 != 0xFFFFFFFFu) {
			want = FFA_ERR_PROTOCOL;
			break;
		} else if ((int32_t)w0 < 0) {
			if (FFA_VERSION_MINOR(offer) == 0) {
				want = reported ? FFA_ERR_VERSION : FFA_ERR_NOT_SUPPORTED;
				break;
			}
			offer--;
		} else if (compatible(offer, w0)) {
			want = 0;
			break;
		} else {
			reported = true;
			if (FFA_VERSION_MAJOR(w0) != 1 ||
			    FFA_VERSION_MINOR(w0) >= FFA_VERSION_MINOR(offer)) {
				want = FFA_ERR_VERSION;
				break;
			}
			offer = FFA_VERSION_MAKE(1, FFA_VERSION_MINOR(w0));
		}
	}
	expect_frames(i + 1);
	expect_rc(rc, want);
	CHECK(H.n <= 3, "negotiation took %u offers", H.n);
	if (rc == 0)
		CHECK(ffa_ctx_version(&H.ctx) == offer, "negotiated 0x%x, model 0x%x",
		      ffa_ctx_version(&H.ctx), offer);
	return rc;
}

static bool need_version(int rc, uint32_t min)
{
	uint32_t v = ffa_ctx_version(&H.ctx);

	if (v == 0) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_NOT_NEGOTIATED);
		return false;
	}
	if (v < min) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_NOT_SUPPORTED);
		return false;
	}
	return true;
}

static int do_features(void)
{
	uint32_t id = random_fid();
	uint32_t props = chance(70) ? 0 : (chance(50) ? FFA_FEATURES_RETRIEVE_IN_NS_BIT
						      : (uint32_t)interesting());
	struct ffa_features f = { 0xDEAD, 0xBEEF };
	int rc = ffa_features(&H.ctx, id, props, &f), want;
	bool retrieve = id == FFA_MEM_RETRIEVE_REQ_32 || id == FFA_MEM_RETRIEVE_REQ_64;

	if (!need_version(rc, FFA_VERSION_1_0))
		return rc;
	if ((!(id >> 31) && ((id & 0x7FFFFF00u) || id == 0 || props)) ||
	    ((id >> 31) && props && !retrieve)) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_BAD_ARGUMENT);
		return rc;
	}
	expect_frames(1);
	expect_first(&FRAME(FFA_FEATURES_32, id, props));
	want = single_status();
	expect_rc(rc, want);
	if (rc == 0)
		CHECK(f.w2 == w(&H.log[0].out, 2) && f.w3 == w(&H.log[0].out, 3), "features out");
	else
		CHECK(f.w2 == 0xDEAD && f.w3 == 0xBEEF, "features out written on error");
	if ((id >> 31) && cacheable(id) && (rc == 0 || rc == FFA_ERR_NOT_SUPPORTED))
		CHECK(ffa_features_cached(&H.ctx, id) == (rc == 0),
		      "cache says %d after rc %d", ffa_features_cached(&H.ctx, id), rc);
	return rc;
}

static int do_features_rxtx(void)
{
	static const uint32_t table[3] = { 4096, 65536, 16384 };
	struct ffa_rxtx_props p = { 1, 1 };
	bool smc64 = H.conduit.caps & FFA_CONDUIT_CAP_SMC64;
	int rc = ffa_features_rxtx_map(&H.ctx, &p), want;
	uint32_t w2;

	if (!need_version(rc, FFA_VERSION_1_0))
		return rc;
	expect_frames(1);
	expect_first(&FRAME(FFA_FEATURES_32, smc64 ? FFA_RXTX_MAP_64 : FFA_RXTX_MAP_32));
	want = single_status();
	w2 = w(&H.log[0].out, 2);
	if (want == 0 && (w2 & 3) == 3)
		want = FFA_ERR_PROTOCOL;
	expect_rc(rc, want);
	if (rc == 0) {
		uint32_t maxp = ffa_ctx_version(&H.ctx) >= FFA_VERSION_1_2 ? w2 >> 16 : 0;

		CHECK(p.min_size == table[w2 & 3] && p.max_pages == maxp, "rxtx props %u/%u",
		      p.min_size, p.max_pages);
		H.min_size = p.min_size;
		H.max_pages = p.max_pages;
	}
	return rc;
}

static int do_features_retrieve(void)
{
	bool ns = chance(50), smc64 = H.conduit.caps & FFA_CONDUIT_CAP_SMC64;
	struct ffa_retrieve_props p;
	int rc = ffa_features_mem_retrieve(&H.ctx, ns, &p);

	if (!need_version(rc, FFA_VERSION_1_0))
		return rc;
	expect_frames(1);
	expect_first(&FRAME(FFA_FEATURES_32,
			    smc64 ? FFA_MEM_RETRIEVE_REQ_64 : FFA_MEM_RETRIEVE_REQ_32,
			    ns ? FFA_FEATURES_RETRIEVE_IN_NS_BIT : 0));
	expect_rc(rc, single_status());
	if (rc == 0) {
		uint32_t w2 = w(&H.log[0].out, 2);

		CHECK(p.dynamic_buffer == !!(w2 & 1) && p.ns_bit == !!(w2 & 2) &&
		      p.hyp_retrieve == !!(w2 & 4) && p.outstanding == (uint8_t)w(&H.log[0].out, 3),
		      "retrieve props");
	}
	return rc;
}

static int do_features_intr(void)
{
	static const uint32_t feats[] = { 1, 2, 3, 4, 0, 0x80000001u, 0x101 };
	uint32_t feat = feats[below(ARRAY_LEN(feats))], id = 0xDEAD;
	int rc = ffa_features_interrupt(&H.ctx, feat, &id);

	if (feat < 1 || feat > 3) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_BAD_ARGUMENT);
		return rc;
	}
	if (!need_version(rc, FFA_VERSION_1_0))
		return rc;
	expect_frames(1);
	expect_first(&FRAME(FFA_FEATURES_32, feat));
	expect_rc(rc, single_status());
	CHECK(id == (rc == 0 ? w(&H.log[0].out, 2) : 0xDEAD), "interrupt ID");
	return rc;
}

static int do_cached(void)
{
	uint32_t fid = random_fid();
	int rc = ffa_features_cached(&H.ctx, fid);

	expect_frames(0);
	CHECK(rc == 0 || rc == 1 || rc == FFA_ERR_NO_DATA, "features_cached rc %d", rc);
	if (!cacheable(fid))
		expect_rc(rc, FFA_ERR_NO_DATA);
	return rc;
}

static int do_id(bool spm)
{
	uint16_t id = 0xABCD, own;
	bool null = chance(3);
	int rc = spm ? ffa_spm_id_get(&H.ctx, null ? NULL : &id)
		     : ffa_id_get(&H.ctx, null ? NULL : &id);

	if (!need_version(rc, spm ? FFA_VERSION_1_1 : FFA_VERSION_1_0))
		return rc;
	if (null) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_BAD_ARGUMENT);
		return rc;
	}
	expect_frames(1);
	expect_first(&FRAME(spm ? FFA_SPM_ID_GET_32 : FFA_ID_GET_32));
	expect_rc(rc, single_status());
	CHECK(id == (rc == 0 ? (uint16_t)w(&H.log[0].out, 2) : 0xABCD), "id");
	if (rc == 0 && !spm)
		CHECK(ffa_ctx_own_id(&H.ctx, &own) == 0 && own == id, "own id not kept");
	return rc;
}

static int do_map(void)
{
	static const uint32_t valid_pages[] = { 1, 2, 3, 4, 16 };
	uint32_t pages = valid_pages[below(ARRAY_LEN(valid_pages))];
	uint8_t *tx = tx_buf[pages], *rx = rx_buf[pages];
	bool invalid = true, smc64 = H.conduit.caps & FFA_CONDUIT_CAP_SMC64;
	bool mapped = ffa_ctx_rx_buffer(&H.ctx) != NULL;
	void *old_rx = ffa_ctx_rx_buffer(&H.ctx);
	uint64_t align = H.min_size > 4096 ? H.min_size : 4096;
	int rc;

	switch (below(10)) {
	case 0: tx = NULL; break;
	case 1: rx = NULL; break;
	case 2: pages = chance(50) ? 0 : 64; break;
	case 3: tx = tx_buf[4] + 64; rx = rx_buf[4]; pages = 1; break;
	case 4: rx = tx; break;
	case 5: tx = tx_buf[4]; rx = tx_buf[4] + 4096; pages = 2; break;
	default: invalid = false;
	}
	rc = ffa_rxtx_map(&H.ctx, tx, rx, pages);
	if (!need_version(rc, FFA_VERSION_1_0))
		return rc;
	if (invalid || mapped || ((uint64_t)pages * 4096) % align ||
	    (H.max_pages && pages > H.max_pages) || ((uintptr_t)tx | (uintptr_t)rx) % align ||
	    (!smc64 && (((uint64_t)(uintptr_t)tx | (uint64_t)(uintptr_t)rx) >> 32))) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_BAD_ARGUMENT);
		CHECK(ffa_ctx_rx_buffer(&H.ctx) == old_rx, "map changed state without a call");
		return rc;
	}
	expect_frames(1);
	expect_first(&FRAME(smc64 ? FFA_RXTX_MAP_64 : FFA_RXTX_MAP_32, (uint64_t)(uintptr_t)tx,
			    (uint64_t)(uintptr_t)rx, pages));
	expect_rc(rc, single_status());
	if (rc == 0)
		CHECK(ffa_ctx_rx_buffer(&H.ctx) == rx && ffa_ctx_tx_buffer(&H.ctx) == tx &&
		      ffa_ctx_rxtx_size(&H.ctx) == pages * 4096u, "mapped pair not kept");
	else
		CHECK(ffa_ctx_rx_buffer(&H.ctx) == NULL, "failed map left a pair");
	return rc;
}

static int do_unmap(void)
{
	void *old = ffa_ctx_rx_buffer(&H.ctx);
	int rc = ffa_rxtx_unmap(&H.ctx);

	if (!need_version(rc, FFA_VERSION_1_0))
		return rc;
	if (!old) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_BAD_ARGUMENT);
		return rc;
	}
	expect_frames(1);
	expect_first(&FRAME(FFA_RXTX_UNMAP_32));
	expect_rc(rc, single_status());
	CHECK(ffa_ctx_rx_buffer(&H.ctx) ==
		      (rc == 0 || rc == FFA_ERR_INVALID_PARAMETERS ? NULL : old),
	      "unmap state");
	return rc;
}

/* K_UNMAP_VM, K_RX_RELEASE_VM, K_RX_ACQUIRE: a VM ID in w1. */
static int do_vm_call(enum kind k)
{
	uint16_t vm = random_id();
	bool bad = vm == 0 || (vm & 0x8000);
	void *old = ffa_ctx_rx_buffer(&H.ctx);
	int rc;
	struct ffa_regs want;

	switch (k) {
	case K_UNMAP_VM:
		rc = ffa_rxtx_unmap_vm(&H.ctx, vm);
		want = FRAME(FFA_RXTX_UNMAP_32, (uint64_t)vm << 16);
		break;
	case K_RX_RELEASE_VM:
		rc = ffa_rx_release_vm(&H.ctx, vm);
		want = FRAME(FFA_RX_RELEASE_32, vm);
		break;
	default:
		rc = ffa_rx_acquire(&H.ctx, vm);
		want = FRAME(FFA_RX_ACQUIRE_32, vm);
		break;
	}
	if (!need_version(rc, k == K_RX_ACQUIRE ? FFA_VERSION_1_1 : FFA_VERSION_1_0))
		return rc;
	CHECK(ffa_ctx_rx_buffer(&H.ctx) == old, "VM call touched the own pair");
	if (bad) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_BAD_ARGUMENT);
		return rc;
	}
	expect_frames(1);
	expect_first(&want);
	expect_rc(rc, single_status());
	return rc;
}

static int do_rx_release(void)
{
	int rc = ffa_rx_release(&H.ctx);

	if (!need_version(rc, FFA_VERSION_1_0))
		return rc;
	expect_frames(1);
	expect_first(&FRAME(FFA_RX_RELEASE_32));
	expect_rc(rc, single_status());
	return rc;
}

static struct ffa_regs pig_frame(const struct ffa_uuid *u, bool count_only)
{
	struct ffa_regs r = FRAME(FFA_PARTITION_INFO_GET_32);

	for (unsigned int i = 0; u && i < 4; i++)
		r.x[1 + i] = rd32(&u->b[4 * i]);
	r.x[5] = count_only;
	return r;
}

static struct ffa_partition_info out_arr[OUT_CAP + GUARDS];
static struct ffa_partition_info model_arr[OUT_CAP];

static int do_pig(void)
{
	struct ffa_uuid ubuf;
	const struct ffa_uuid *u;
	size_t max = chance(10) ? 0 : below(OUT_CAP + 1);
	bool null_out = max == 0 && chance(50), want_total = chance(80);
	uint32_t total = 0xFEEDF00D;
	uint32_t version = ffa_ctx_version(&H.ctx);
	bool mapped = ffa_ctx_rx_buffer(&H.ctx) != NULL;
	uint64_t rx_size = ffa_ctx_rxtx_size(&H.ctx);
	int rc, want, rrc, rel;
	uint32_t count, size;
	const struct ffa_regs *a;

	random_uuid(&ubuf, &u);
	if (chance(2))
		null_out = true; /* NULL with max > 0: refused */
	memset(out_arr, POISON, sizeof(out_arr));
	rc = ffa_partition_info_get(&H.ctx, u, null_out ? NULL : out_arr, max,
				    want_total ? &total : NULL);
	CHECK(untouched_bytes(&out_arr[max], GUARDS * sizeof(out_arr[0]) +
					   (OUT_CAP - max) * sizeof(out_arr[0])),
	      "partition_info_get wrote past max %zu", max);
	if (!need_version(rc, FFA_VERSION_1_0))
		return rc;
	if ((null_out && max) || !mapped) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_BAD_ARGUMENT);
		return rc;
	}
	{
		struct ffa_regs f = pig_frame(u, false);

		expect_first(&f);
	}
	if (H.log[0].rc || answer_status(&H.log[0].out)) {
		expect_frames(1);
		expect_rc(rc, single_status());
		CHECK(total == 0xFEEDF00D, "total written without SUCCESS");
		CHECK(untouched_bytes(out_arr, sizeof(out_arr)), "out written without SUCCESS");
		return rc;
	}
	expect_frames(2);
	a = &H.log[0].out;
	count = w(a, 2);
	size = version == FFA_VERSION_1_0 ? 8 : w(a, 3);
	if (version != FFA_VERSION_1_0 && size < 24 && count)
		rrc = FFA_ERR_PROTOCOL;
	else if ((uint64_t)count * size > rx_size)
		rrc = FFA_ERR_PROTOCOL;
	else if (count > max)
		rrc = FFA_ERR_BUFFER_TOO_SMALL;
	else
		rrc = (int)count;
	rel = H.n < 2 ? 0 : H.log[1].rc ? conduit_status(H.log[1].rc) : answer_status(&H.log[1].out);
	want = rrc < 0 ? rrc : (rel && !(rel == FFA_ERR_DENIED && rrc == 0)) ? rel : rrc;
	expect_rc(rc, want);
	if (rrc == FFA_ERR_PROTOCOL) {
		CHECK(total == 0xFEEDF00D, "total written for a rejected answer");
		CHECK(untouched_bytes(out_arr, sizeof(out_arr)), "out written for a rejected answer");
		return rc;
	}
	if (want_total)
		CHECK(total == count, "total %u, count %u", total, count);
	if (rrc == FFA_ERR_BUFFER_TOO_SMALL) {
		CHECK(untouched_bytes(out_arr, sizeof(out_arr)), "out written although too small");
		return rc;
	}
	CHECK(count <= max, "count %u > max %zu", count, max);
	for (uint32_t i = 0; i < count && i < OUT_CAP; i++) {
		model_mem(H.snap + (size_t)i * size, size, &model_arr[i]);
		CHECK(info_eq(&out_arr[i], &model_arr[i]),
		      "descriptor %u differs from the RX contents at SUCCESS (size %u)", i, size);
	}
	CHECK(untouched_bytes(&out_arr[count], (OUT_CAP + GUARDS - count) * sizeof(out_arr[0])),
	      "entries past the count written");
	if (rc > 0)
		H.deep++;
	return rc;
}

static int do_count(void)
{
	struct ffa_uuid ubuf;
	const struct ffa_uuid *u;
	uint32_t c = 0xFEEDF00D;
	bool null = chance(3);
	int rc;

	random_uuid(&ubuf, &u);
	rc = ffa_partition_count(&H.ctx, u, null ? NULL : &c);
	if (!need_version(rc, FFA_VERSION_1_1))
		return rc;
	if (null) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_BAD_ARGUMENT);
		return rc;
	}
	expect_frames(1);
	{
		struct ffa_regs f = pig_frame(u, true);

		expect_first(&f);
	}
	expect_rc(rc, single_status());
	CHECK(c == (rc == 0 ? w(&H.log[0].out, 2) : 0xFEEDF00D), "count");
	return rc;
}

static int do_regs(void)
{
	const uint32_t need = FFA_CONDUIT_CAP_SMC64 | FFA_CONDUIT_CAP_REGS18;
	struct ffa_uuid ubuf;
	const struct ffa_uuid *u;
	size_t max = chance(10) ? 0 : below(OUT_CAP + 1);
	bool null_out = (max == 0 && chance(50)) || chance(2), want_total = chance(80);
	uint32_t total = 0xFEEDF00D, mtotal = 0xFEEDF00D;
	uint32_t start = 0, tag = 0, count = 0, retries = 0;
	uint64_t lo = 0, hi = 0;
	bool written[OUT_CAP] = { false };
	int rc, want = 1;
	unsigned int i;

	random_uuid(&ubuf, &u);
	memset(out_arr, POISON, sizeof(out_arr));
	rc = ffa_partition_info_get_regs(&H.ctx, u, null_out ? NULL : out_arr, max,
					 want_total ? &total : NULL);
	CHECK(untouched_bytes(&out_arr[max], (OUT_CAP - max + GUARDS) * sizeof(out_arr[0])),
	      "get_regs wrote past max %zu", max);
	if (!need_version(rc, FFA_VERSION_1_2))
		return rc;
	if ((H.conduit.caps & need) != need) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_NOT_SUPPORTED);
		return rc;
	}
	if (null_out && max) {
		expect_frames(0);
		expect_rc(rc, FFA_ERR_BAD_ARGUMENT);
		return rc;
	}
	if (H.log_overflow)
		return rc; /* generic checks only */
	if (u) {
		for (unsigned int b = 0; b < 8; b++) {
			lo |= (uint64_t)u->b[b] << (8 * b);
			hi |= (uint64_t)u->b[8 + b] << (8 * b);
		}
	}
	for (i = 0; i < H.n; i++) {
		const struct ffa_regs *a = &H.log[i].out;
		uint32_t last, cur, rtag, size, nregs;
		int s;

		CHECK(frames_eq(&H.log[i].in, &FRAME(FFA_PARTITION_INFO_GET_REGS_64, lo, hi,
						      (uint64_t)start | (uint64_t)tag << 16)),
		      "get_regs round %u: x3 0x%llx, model start %u tag %u", i,
		      (unsigned long long)H.log[i].in.x[3], start, tag);
		if (H.log[i].rc) {
			want = conduit_status(H.log[i].rc);
			break;
		}
		s = answer_status(a);
		if (s == FFA_ERR_RETRY) {
			if (++retries > 4) {
				want = FFA_ERR_RETRY;
				break;
			}
			start = tag = 0;
			continue;
		}
		if (s || w(a, 0) != FFA_SUCCESS_64) {
			want = s ? s : FFA_ERR_PROTOCOL;
			break;
		}
		last = (uint32_t)(a->x[2] & 0xFFFF);
		cur = (uint32_t)(a->x[2] >> 16 & 0xFFFF);
		rtag = (uint32_t)(a->x[2] >> 32 & 0xFFFF);
		size = (uint32_t)(a->x[2] >> 48);
		if (size < 24 || size % 8 || size > 120) {
			want = FFA_ERR_PROTOCOL;
			break;
		}
		nregs = size / 8;
		if (start == 0) {
			count = last + 1;
			mtotal = count;
			if (count > max) {
				want = FFA_ERR_BUFFER_TOO_SMALL;
				break;
			}
		} else if (last + 1 != count || rtag != tag) {
			want = FFA_ERR_PROTOCOL;
			break;
		}
		if (cur < start || cur > last || cur - start + 1 > 15 / nregs) {
			want = FFA_ERR_PROTOCOL;
			break;
		}
		for (uint32_t k = 0; start + k <= cur; k++) {
			model_regs(&a->x[3 + k * nregs], nregs, &model_arr[start + k]);
			written[start + k] = true;
		}
		if (cur == last) {
			want = (int)count;
			break;
		}
		start = cur + 1;
		tag = rtag;
	}
	expect_frames(i + 1);
	expect_rc(rc, want);
	if (want_total)
		CHECK(total == mtotal, "get_regs total %u, model %u", total, mtotal);
	for (size_t k = 0; k < max; k++) {
		if (written[k])
			CHECK(info_eq(&out_arr[k], &model_arr[k]), "get_regs entry %zu", k);
		else
			CHECK(untouched_bytes(&out_arr[k], sizeof(out_arr[k])),
			      "get_regs entry %zu written but never answered", k);
	}
	if (rc > 0)
		H.deep++;
	return rc;
}

static int do_run(void)
{
	uint16_t ep = random_id(), vcpu = random_id();
	struct ffa_regs out;
	bool want_out = chance(80);
	int rc, want;
	uint32_t fid;
	const struct ffa_regs *a;
	const struct ffa_preempt_info *pi;

	memset(&out, POISON, sizeof(out));
	rc = ffa_run(&H.ctx, ep, vcpu, want_out ? &out : NULL);
	CHECK(rc >= FFA_RUN_MSG_WAIT ? rc <= FFA_RUN_DIRECT_RESP : 1, "run outcome %d", rc);
	if (!need_version(rc, FFA_VERSION_1_0))
		return rc;
	expect_frames(1);
	expect_first(&FRAME(FFA_RUN_32, (uint64_t)ep << 16 | vcpu));
	if (H.log[0].rc) {
		expect_rc(rc, conduit_status(H.log[0].rc));
		return rc;
	}
	a = &H.log[0].out;
	fid = w(a, 0);
	switch (fid) {
	case FFA_MSG_WAIT_32: want = FFA_RUN_MSG_WAIT; break;
	case FFA_YIELD_32: want = FFA_RUN_YIELD; break;
	case FFA_INTERRUPT_32: want = FFA_RUN_INTERRUPT; break;
	case FFA_SUCCESS_32:
	case FFA_SUCCESS_64: want = FFA_RUN_SUCCESS; break;
	case FFA_MSG_SEND_DIRECT_RESP_32:
	case FFA_MSG_SEND_DIRECT_RESP_64:
	case FFA_MSG_SEND_DIRECT_RESP2_64: want = FFA_RUN_DIRECT_RESP; break;
	default: want = answer_status(a); break;
	}
	expect_rc(rc, want);
	if (rc >= 0 && want_out)
		CHECK(frames_eq(&out, a), "run out frame differs from the answer");
	pi = ffa_ctx_preempted(&H.ctx);
	if (rc == FFA_RUN_YIELD)
		CHECK(pi->yielded && pi->endpoint == (uint16_t)(w(a, 1) >> 16) &&
		      pi->vcpu == (uint16_t)w(a, 1) && pi->interrupt_id == 0 &&
		      pi->timeout == ((uint64_t)w(a, 3) << 32 | w(a, 2)), "yield info");
	if (rc == FFA_RUN_INTERRUPT)
		CHECK(!pi->yielded && pi->endpoint == (uint16_t)(w(a, 1) >> 16) &&
		      pi->vcpu == (uint16_t)w(a, 1) && pi->interrupt_id == w(a, 2) &&
		      pi->timeout == 0, "interrupt info");
	return rc;
}

#define REQ_FRAME FRAME(FFA_MSG_SEND_DIRECT_REQ_32, 0x00008001, 0, 1, 2, 3, 4, 5)

static int do_resumable(void)
{
	static const uint32_t allowed[] = { FFA_MSG_SEND_DIRECT_RESP_32 };
	enum ffa_preempt_policy pol = chance(30) ? FFA_PREEMPT_RETURN : FFA_PREEMPT_RESUME;
	uint32_t limit = chance(40) ? 0 : below(4), resumes = 0, nwaits = 0;
	uint64_t waits[HOSTILE_LOG_MAX];
	struct ffa_regs r = REQ_FRAME, next = REQ_FRAME;
	int rc, want = 1;
	unsigned int i;

	if (!ffa_ctx_version(&H.ctx))
		return 0; /* internal: only reached through negotiated typed calls */
	CHECK(ffa_ctx_set_preempt_policy(&H.ctx, pol, limit) == 0, "set policy");
	rc = test_call_resumable(&H.ctx, &r, allowed, ARRAY_LEN(allowed));
	if (H.log_overflow)
		return rc;
	for (i = 0; i < H.n; i++) {
		const struct ffa_regs *a = &H.log[i].out;
		uint32_t fid;

		CHECK(frames_eq(&H.log[i].in, &next), "resumable frame %u: 0x%llx x1 0x%llx", i,
		      (unsigned long long)H.log[i].in.x[0], (unsigned long long)H.log[i].in.x[1]);
		if (H.log[i].rc) {
			want = conduit_status(H.log[i].rc);
			break;
		}
		fid = w(a, 0);
		if (fid == FFA_MSG_SEND_DIRECT_RESP_32) {
			want = 0;
			CHECK(frames_eq(&r, a), "final answer not returned");
			break;
		}
		if (fid == FFA_ERROR_32 || (fid != FFA_INTERRUPT_32 && fid != FFA_YIELD_32)) {
			want = fid == FFA_ERROR_32 ? answer_status(a) : FFA_ERR_PROTOCOL;
			break;
		}
		if (pol == FFA_PREEMPT_RETURN || (limit && resumes >= limit)) {
			const struct ffa_preempt_info *pi = ffa_ctx_preempted(&H.ctx);

			want = FFA_ERR_PREEMPTED;
			CHECK(pi->yielded == (fid == FFA_YIELD_32) &&
			      pi->endpoint == (uint16_t)(w(a, 1) >> 16) &&
			      pi->vcpu == (uint16_t)w(a, 1), "preempted info");
			break;
		}
		resumes++;
		if (fid == FFA_YIELD_32 && nwaits < HOSTILE_LOG_MAX)
			waits[nwaits++] = (uint64_t)w(a, 3) << 32 | w(a, 2);
		next = FRAME(FFA_RUN_32, w(a, 1)); /* class 33: the answer's IDs */
	}
	expect_frames(i + 1);
	expect_rc(rc, want);
	if (H.use_port && H.port.yield_wait) {
		CHECK(H.waits == nwaits, "yield_wait called %u times, model %u", H.waits, nwaits);
		for (uint32_t k = 0; k < nwaits && k < H.waits; k++)
			CHECK(H.wait_to[k] == waits[k], "yield_wait timeout %u", k);
	}
	return rc;
}

static int do_raw(void)
{
	struct ffa_regs in, out;
	bool in_place = chance(50);
	int rc;

	for (unsigned int i = 0; i < FFA_REGS_COUNT; i++)
		in.x[i] = interesting();
	if (in_place) {
		out = in;
		rc = ffa_call_raw(&H.ctx, &out, &out);
	} else {
		rc = ffa_call_raw(&H.ctx, &in, &out);
	}
	expect_frames(1);
	expect_first(&in);
	expect_rc(rc, H.log[0].rc);
	if (rc == 0)
		CHECK(frames_eq(&out, &H.log[0].out), "raw answer changed");
	return rc;
}

/* ---- Dispatch ------------------------------------------------------------------ */

/* A NULL context must be refused by every entry point, without a call. */
static int null_ctx_call(enum kind k)
{
	struct ffa_features f;
	struct ffa_rxtx_props rp;
	struct ffa_retrieve_props mp;
	struct ffa_partition_info pi[1];
	struct ffa_regs r = FRAME(0);
	uint32_t u32;
	uint16_t u16;

	switch (k) {
	case K_VERSION: return ffa_version(NULL, FFA_VERSION_1_2, NULL);
	case K_NEGOTIATE: return ffa_version_negotiate(NULL, 0);
	case K_FEATURES: return ffa_features(NULL, FFA_ID_GET_32, 0, &f);
	case K_FEAT_RXTX: return ffa_features_rxtx_map(NULL, &rp);
	case K_FEAT_RETRIEVE: return ffa_features_mem_retrieve(NULL, false, &mp);
	case K_FEAT_INTR: return ffa_features_interrupt(NULL, FFA_FEATURE_SRI, &u32);
	case K_CACHED: return ffa_features_cached(NULL, FFA_ID_GET_32);
	case K_ID_GET: return ffa_id_get(NULL, &u16);
	case K_SPM_ID_GET: return ffa_spm_id_get(NULL, &u16);
	case K_MAP: return ffa_rxtx_map(NULL, tx_buf[1], rx_buf[1], 1);
	case K_UNMAP: return ffa_rxtx_unmap(NULL);
	case K_UNMAP_VM: return ffa_rxtx_unmap_vm(NULL, 1);
	case K_RX_RELEASE: return ffa_rx_release(NULL);
	case K_RX_RELEASE_VM: return ffa_rx_release_vm(NULL, 1);
	case K_RX_ACQUIRE: return ffa_rx_acquire(NULL, 1);
	case K_PIG: return ffa_partition_info_get(NULL, NULL, pi, 1, &u32);
	case K_COUNT: return ffa_partition_count(NULL, NULL, &u32);
	case K_REGS: return ffa_partition_info_get_regs(NULL, NULL, pi, 1, &u32);
	case K_RUN: return ffa_run(NULL, 1, 0, &r);
	default: return ffa_call_raw(NULL, &r, &r);
	}
}

static int one_call(enum kind k)
{
	switch (k) {
	case K_VERSION: return do_version();
	case K_NEGOTIATE: return do_negotiate();
	case K_FEATURES: return do_features();
	case K_FEAT_RXTX: return do_features_rxtx();
	case K_FEAT_RETRIEVE: return do_features_retrieve();
	case K_FEAT_INTR: return do_features_intr();
	case K_CACHED: return do_cached();
	case K_ID_GET: return do_id(false);
	case K_SPM_ID_GET: return do_id(true);
	case K_MAP: return do_map();
	case K_UNMAP: return do_unmap();
	case K_UNMAP_VM:
	case K_RX_RELEASE_VM:
	case K_RX_ACQUIRE: return do_vm_call(k);
	case K_RX_RELEASE: return do_rx_release();
	case K_PIG: return do_pig();
	case K_COUNT: return do_count();
	case K_REGS: return do_regs();
	case K_RUN: return do_run();
	case K_RESUMABLE: return do_resumable();
	default: return do_raw();
	}
}

static int run_kind(void)
{
	return one_call(KIND());
}

static int null_kind(void)
{
	return null_ctx_call(KIND());
}

static void pig_finish(int rc)
{
	(void)rc;
	CHECK(!release_due, "%s: SUCCESS to PARTITION_INFO_GET, no RX_RELEASE followed",
	      H.kind->name);
	release_due = false;
	release_forbidden = false;
}

#define KIND_ENTRY(k, w, rx)                                                       \
	[k] = { .name = kind_name[k], .weight = (w), .run = run_kind,             \
		.null_ctx = null_kind, .allowed = frame_allowed, .check_mbz = check_mbz, \
		.answer = plausible_answer, .on_frame = pig_on_frame, .finish = pig_finish, \
		.needs_rx = (rx) }

static const struct hostile_kind kinds[K_KINDS] = {
	KIND_ENTRY(K_VERSION, 2, false), KIND_ENTRY(K_NEGOTIATE, 2, false),
	KIND_ENTRY(K_FEATURES, 3, false), KIND_ENTRY(K_FEAT_RXTX, 2, false),
	KIND_ENTRY(K_FEAT_RETRIEVE, 2, false), KIND_ENTRY(K_FEAT_INTR, 2, false),
	KIND_ENTRY(K_CACHED, 1, false), KIND_ENTRY(K_ID_GET, 2, false),
	KIND_ENTRY(K_SPM_ID_GET, 2, false), KIND_ENTRY(K_MAP, 3, false),
	KIND_ENTRY(K_UNMAP, 1, false), KIND_ENTRY(K_UNMAP_VM, 2, false),
	KIND_ENTRY(K_RX_RELEASE, 2, false), KIND_ENTRY(K_RX_RELEASE_VM, 2, false),
	KIND_ENTRY(K_RX_ACQUIRE, 2, false), KIND_ENTRY(K_PIG, 12, true),
	KIND_ENTRY(K_COUNT, 3, false), KIND_ENTRY(K_REGS, 12, false),
	KIND_ENTRY(K_RUN, 4, false), KIND_ENTRY(K_RESUMABLE, 6, false),
	/* Raw: the caller builds the frame; no frame checks, random answers. */
	[K_RAW] = { .name = "call_raw", .weight = 2, .run = run_kind, .null_ctx = null_kind },
};

Test(hostile, random_frames_every_call)
{
	uint64_t count[K_KINDS], success[K_KINDS];
	uint64_t budget = hostile_run("foundation", kinds, K_KINDS, DEFAULT_FRAMES, count, success);

	printf("hostile foundation: descriptor-returning calls %llu\n", (unsigned long long)H.deep);
	if (budget >= DEFAULT_FRAMES)
		cr_assert_geq(H.deep, 200, "deep paths rarely reached (%llu)",
			      (unsigned long long)H.deep);
}
