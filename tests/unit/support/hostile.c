/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The randomized hostile-conduit harness (see hostile.h).
 */
#define _POSIX_C_SOURCE 200809L

#include "hostile.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct hostile H;
uint8_t *hostile_tx[HOSTILE_MAX_PAGES + 1];
uint8_t *hostile_rx[HOSTILE_MAX_PAGES + 1];

static uint64_t rng_state;

/* ---- Randomness ------------------------------------------------------------ */

uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

uint32_t below(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

bool chance(unsigned int pct)
{
	return below(100) < pct;
}

uint64_t interesting(void)
{
	switch (below(16)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return below(64);
	case 3: return 0xFFFF;
	case 4: return 0x7FFFFFFF;
	case 5: return 0x80000000u;
	case 6: return 0xFFFFFFFFu;
	case 7: return ~0ull;
	case 8: return 0xFFFFFFFF00000000ull | below(64);
	case 9: return 0x8000 | below(16);
	case 10: return (uint64_t)below(0x10000) << 16 | below(4);
	case 11: return rnd() & 0xFFFFFFFFu;
	case 12: return 0x10000 | below(4);
	case 13: return 24 + 8 * below(4);
	default: return rnd();
	}
}

int32_t error_code(void)
{
	return -(int32_t)below(12); /* 0, -1..-10 valid, -11 not */
}

uint16_t random_id(void)
{
	static const uint16_t ids[] = { 0, 1, 2, 0x7FFF, 0x8000, 0x8001, 0xFFFF, 0xFFFE };

	return chance(50) ? ids[below(ARRAY_LEN(ids))] : (uint16_t)rnd();
}

void random_uuid(struct ffa_uuid *u, const struct ffa_uuid **pu)
{
	switch (below(4)) {
	case 0:
		*pu = NULL;
		return;
	case 1:
		memset(u, 0, sizeof(*u));
		break;
	default:
		for (unsigned int i = 0; i < 16; i++)
			u->b[i] = (uint8_t)rnd();
	}
	*pu = u;
}

/* ---- Violations ------------------------------------------------------------ */

void violate(const char *fmt, ...)
{
	va_list ap;

	if (H.violation[0])
		return;
	va_start(ap, fmt);
	vsnprintf(H.violation, sizeof(H.violation), fmt, ap);
	va_end(ap);
}

/* ---- Answers --------------------------------------------------------------- */

bool zero_from(const struct ffa_regs *r, unsigned int first)
{
	for (unsigned int i = first; i < FFA_REGS_COUNT; i++)
		if (r->x[i])
			return false;
	return true;
}

uint64_t pick_fid(const struct ffa_regs *req)
{
	static const uint64_t version_like[] = { 0x10000, 0x10001, 0x10002, 0x10003, 0x20000,
						 0x1FFFF, 0 };

	switch (below(20)) {
	case 0: case 1: case 2: case 3: return FFA_SUCCESS_32;
	case 4: case 5: return FFA_SUCCESS_64;
	case 6: case 7: case 8: return FFA_ERROR_32;
	case 9: return FFA_INTERRUPT_32;
	case 10: return FFA_YIELD_32;
	case 11: return version_like[below(7)];
	case 12: return 0xFFFFFFFFu;
	case 13: return FFA_MSG_WAIT_32;
	case 14: {
		static const uint64_t resp[] = { FFA_MSG_SEND_DIRECT_RESP_32,
						 FFA_MSG_SEND_DIRECT_RESP_64,
						 FFA_MSG_SEND_DIRECT_RESP2_64 };
		return resp[below(3)];
	}
	case 15: return rnd() & 0xFFFFFFFFu;
	case 16: return rnd();
	case 17: return req->x[0]; /* an echo */
	case 18: return 0xFFFFFFFF00000000ull | FFA_SUCCESS_32; /* sign-extended */
	default: return 0x84000060u + below(0x40);
	}
}

void random_answer(const struct ffa_regs *req, struct ffa_regs *a)
{
	a->x[0] = pick_fid(req);
	for (unsigned int i = 1; i < FFA_REGS_COUNT; i++)
		a->x[i] = chance(40) ? 0 : interesting();
	if ((uint32_t)a->x[0] == FFA_ERROR_32 && chance(80))
		a->x[2] = chance(50) ? (uint32_t)error_code() : (uint64_t)(int64_t)error_code();
}

void set_ok(struct ffa_regs *a, uint64_t fid)
{
	memset(a, 0, sizeof(*a));
	a->x[0] = fid;
}

void set_err(struct ffa_regs *a, int32_t code)
{
	set_ok(a, FFA_ERROR_32);
	a->x[2] = chance(50) ? (uint32_t)code : (uint64_t)(int64_t)code;
}

void hostile_fill_rx(void)
{
	uint8_t *rx = ffa_ctx_rx_buffer(&H.ctx);
	size_t size = ffa_ctx_rxtx_size(&H.ctx), head = size < 2048 ? size : 2048;

	if (!rx)
		return;
	for (size_t i = 0; i < head; i += 8) {
		uint64_t v = chance(20) ? interesting() : rnd();

		for (size_t b = 0; b < 8 && i + b < head; b++)
			rx[i + b] = (uint8_t)(v >> (8 * b));
	}
	memset(rx + head, (int)below(256), size - head);
	memcpy(H.snap, rx, size);
	H.snap_len = size;
}

/* ---- The conduit ------------------------------------------------------------ */

static void check_frame(const struct ffa_regs *r)
{
	uint32_t fid = (uint32_t)r->x[0];

	if (!H.kind->allowed)
		return; /* a raw call: the caller built the frame */
	CHECK(r->x[0] == fid, "x0 upper bits set: 0x%llx", (unsigned long long)r->x[0]);
	CHECK(H.kind->allowed(fid), "%s sent function ID 0x%x", H.kind->name, fid);
	if (H.kind->check_mbz)
		H.kind->check_mbz(r);
}

static int hostile_call(void *priv, const struct ffa_regs *in, struct ffa_regs *out)
{
	struct ffa_regs req = *in; /* @in may alias @out */
	struct ffa_regs ans;
	bool raw = !H.kind->allowed;
	int rc = 0;

	(void)priv;
	H.frames++;
	check_frame(&req);

	if (H.have_force) {
		ans = H.force;
		H.have_force = false;
	} else if (chance(1)) {
		rc = !raw && chance(10) ? 1 : FFA_ERR_CONDUIT;
		for (unsigned int i = 0; i < FFA_REGS_COUNT; i++)
			ans.x[i] = rnd(); /* garbage the library must ignore */
	} else {
		if (H.plausible && H.kind->answer)
			H.kind->answer(&req, &ans);
		else
			random_answer(&req, &ans);
		if (chance(10)) /* mutate one register */
			ans.x[below(FFA_REGS_COUNT)] = interesting();
	}
	if (H.kind->on_frame)
		H.kind->on_frame(&req, &ans, rc);

	*out = ans;
	if (H.n < HOSTILE_LOG_MAX) {
		H.log[H.n].in = req;
		H.log[H.n].out = ans;
		if (!(H.conduit.caps & FFA_CONDUIT_CAP_REGS18) && !raw)
			for (unsigned int i = 8; i < FFA_REGS_COUNT; i++)
				H.log[H.n].out.x[i] = 0; /* what the library may see */
		H.log[H.n].rc = rc;
	} else {
		H.log_overflow = true;
	}
	H.n++;
	return rc;
}

static void hook_lock(void *arg)
{
	(void)arg;
	H.lock_depth++;
	if (H.lock_depth > H.max_depth)
		H.max_depth = H.lock_depth;
}

static void hook_unlock(void *arg)
{
	(void)arg;
	H.lock_depth--;
	CHECK(H.lock_depth >= 0, "unlock without lock");
}

static void hook_wait(void *arg, uint64_t timeout)
{
	(void)arg;
	if (H.waits < HOSTILE_LOG_MAX)
		H.wait_to[H.waits] = timeout;
	H.waits++;
}

/* ---- Model building blocks --------------------------------------------------- */

int answer_status(const struct ffa_regs *a)
{
	uint32_t fid = w(a, 0);
	int32_t code;

	if (fid == FFA_SUCCESS_32 || fid == FFA_SUCCESS_64)
		return 0;
	if (fid != FFA_ERROR_32)
		return FFA_ERR_PROTOCOL;
	code = (int32_t)w(a, 2);
	return code <= -1 && code >= -10 ? (int)code : FFA_ERR_PROTOCOL;
}

int conduit_status(int rc)
{
	return rc > 0 ? FFA_ERR_CONDUIT : rc;
}

int single_status(void)
{
	if (H.log[0].rc)
		return conduit_status(H.log[0].rc);
	return answer_status(&H.log[0].out);
}

bool frames_eq(const struct ffa_regs *a, const struct ffa_regs *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

void expect_frames(unsigned int n)
{
	CHECK(H.n == n, "%s: %u frames, expected %u", H.kind->name, H.n, n);
}

void expect_rc(int rc, int want)
{
	CHECK(rc == want, "%s: rc %d (%s), model says %d (%s)", H.kind->name, rc,
	      ffa_strerror(rc), want, ffa_strerror(want));
}

void expect_first(const struct ffa_regs *want)
{
	if (H.n == 0)
		return;
	for (unsigned int i = 0; i < FFA_REGS_COUNT; i++)
		CHECK(H.log[0].in.x[i] == want->x[i], "%s: x%u sent 0x%llx, expected 0x%llx",
		      H.kind->name, i, (unsigned long long)H.log[0].in.x[i],
		      (unsigned long long)want->x[i]);
}

/* ---- Episodes ----------------------------------------------------------------- */

static uint64_t run_seed;

static bool setup_version_allowed(uint32_t fid)
{
	return fid == FFA_VERSION_32;
}

static bool setup_map_allowed(uint32_t fid)
{
	return fid == FFA_RXTX_MAP_32 || fid == FFA_RXTX_MAP_64;
}

static const struct hostile_kind setup_version = { .name = "setup: version",
						    .allowed = setup_version_allowed };
static const struct hostile_kind setup_map = { .name = "setup: rxtx_map",
						.allowed = setup_map_allowed };

static void new_context(void)
{
	static const uint32_t caps[] = { FFA_CONDUIT_CAP_SMC64 | FFA_CONDUIT_CAP_REGS18,
					 FFA_CONDUIT_CAP_SMC64 | FFA_CONDUIT_CAP_REGS18,
					 FFA_CONDUIT_CAP_SMC64 | FFA_CONDUIT_CAP_REGS18,
					 FFA_CONDUIT_CAP_SMC64 | FFA_CONDUIT_CAP_REGS18,
					 FFA_CONDUIT_CAP_SMC64 | FFA_CONDUIT_CAP_REGS18,
					 FFA_CONDUIT_CAP_SMC64, FFA_CONDUIT_CAP_REGS18, 0 };

	H.conduit.call = hostile_call;
	H.conduit.priv = &H;
	H.conduit.caps = caps[below(ARRAY_LEN(caps))];
	H.use_port = chance(80);
	memset(&H.port, 0, sizeof(H.port));
	H.port.lock = hook_lock;
	H.port.unlock = hook_unlock;
	H.port.yield_wait = chance(80) ? hook_wait : NULL;
	cr_assert_eq(ffa_ctx_init(&H.ctx, &H.conduit, H.use_port ? &H.port : NULL), 0);
	H.min_size = 0;
	H.max_pages = 0;
}

static void begin(const struct hostile_kind *k)
{
	H.kind = k;
	H.plausible = chance(60);
	H.n = 0;
	H.log_overflow = false;
	H.waits = 0;
	H.max_depth = 0;
	H.calls++;
}

static void end(int rc)
{
	if (rc < 0)
		CHECK(strcmp(ffa_strerror(rc), "unknown error") != 0, "%s: undocumented rc %d",
		      H.kind->name, rc);
	if (H.kind->finish)
		H.kind->finish(rc);
	CHECK(H.lock_depth == 0, "%s: lock held after return", H.kind->name);
	CHECK(H.max_depth <= 1, "%s: lock taken recursively", H.kind->name);
	if (H.violation[0]) {
		fprintf(stderr, "hostile: violation at call %llu (%s), frame %llu, seed %llu\n",
			(unsigned long long)H.calls, H.kind->name, (unsigned long long)H.frames,
			(unsigned long long)run_seed);
		for (unsigned int i = 0; i < H.n && i < HOSTILE_LOG_MAX; i++)
			fprintf(stderr, "  frame %u: in x0=0x%llx x1=0x%llx x2=0x%llx x3=0x%llx"
					" -> rc %d out x0=0x%llx x1=0x%llx x2=0x%llx x3=0x%llx\n",
				i, (unsigned long long)H.log[i].in.x[0],
				(unsigned long long)H.log[i].in.x[1],
				(unsigned long long)H.log[i].in.x[2],
				(unsigned long long)H.log[i].in.x[3], H.log[i].rc,
				(unsigned long long)H.log[i].out.x[0],
				(unsigned long long)H.log[i].out.x[1],
				(unsigned long long)H.log[i].out.x[2],
				(unsigned long long)H.log[i].out.x[3]);
	}
	cr_assert(!H.violation[0], "seed %llu, call %llu (%s): %s", (unsigned long long)run_seed,
		  (unsigned long long)H.calls, H.kind->name, H.violation);
}

/* Map a pair through a forced SUCCESS (an SMC32 conduit cannot: the heap
 * is above 4 GiB, and the library refuses without a call). */
void hostile_friendly_map(void)
{
	static const uint32_t sizes[] = { 1, 1, 1, 2, 3, 4, 16 };
	uint32_t pages = sizes[below(ARRAY_LEN(sizes))];
	int rc;

	begin(&setup_map);
	H.force = OK32();
	H.have_force = true;
	rc = ffa_rxtx_map(&H.ctx, hostile_tx[pages], hostile_rx[pages], pages);
	if (rc)
		H.have_force = false;
	end(rc);
}

/* Negotiate and map through forced good answers, so that most episodes
 * reach the deep paths; a few stay un-negotiated or unmapped. */
static void friendly_setup(void)
{
	static const uint32_t v[] = { FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2,
				      FFA_VERSION_1_2, FFA_VERSION_1_2, FFA_VERSION_1_2 };

	if (chance(8))
		return;
	begin(&setup_version);
	H.force = FRAME(FFA_VERSION_1_2);
	H.have_force = true;
	cr_assert_eq(ffa_version(&H.ctx, v[below(ARRAY_LEN(v))], NULL), 0);
	end(0);
	if (chance(10))
		return;
	hostile_friendly_map();
}

static unsigned int pick_kind(const struct hostile_kind *kinds, unsigned int n)
{
	unsigned int total = 0, r;

	for (unsigned int k = 0; k < n; k++)
		total += kinds[k].weight;
	r = below(total);
	for (unsigned int k = 0; k < n; k++) {
		if (r < kinds[k].weight)
			return k;
		r -= kinds[k].weight;
	}
	return n - 1;
}

uint64_t hostile_run(const char *suite, const struct hostile_kind *kinds, unsigned int n,
		     uint64_t default_frames, uint64_t *count, uint64_t *success)
{
	const char *env = getenv("HOSTILE_SEED");
	const char *fenv = getenv("HOSTILE_FRAMES");
	uint64_t seed = env ? strtoull(env, NULL, 0)
			    : ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid() ^
				      (uint64_t)clock();
	uint64_t budget = fenv ? strtoull(fenv, NULL, 0) : default_frames;
	uint64_t kframes[HOSTILE_MAX_KINDS] = { 0 };
	unsigned int total_weight = 0;
	struct timespec t0, t1;

	cr_assert(n >= 1 && n <= HOSTILE_MAX_KINDS);
	memset(&H, 0, sizeof(H));
	memset(count, 0, n * sizeof(*count));
	memset(success, 0, n * sizeof(*success));
	rng_state = seed;
	run_seed = seed;
	printf("hostile %s: seed %llu (HOSTILE_SEED=%llu to reproduce)\n", suite,
	       (unsigned long long)seed, (unsigned long long)seed);
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &t0);

	for (uint32_t p = 1; p <= HOSTILE_MAX_PAGES; p++) {
		void *a = NULL, *b = NULL;

		/* Exactly the mapped size (ASan's redzone starts right after),
		 * aligned to 64 KiB so any reported minimum size can be met. */
		cr_assert_eq(posix_memalign(&a, 65536, (size_t)p * 4096), 0);
		cr_assert_eq(posix_memalign(&b, 65536, (size_t)p * 4096), 0);
		memset(a, 0, (size_t)p * 4096);
		memset(b, 0, (size_t)p * 4096);
		hostile_tx[p] = a;
		hostile_rx[p] = b;
	}
	H.snap = malloc((size_t)HOSTILE_MAX_PAGES * 4096);
	cr_assert(H.snap);

	while (H.frames < budget) {
		new_context();
		friendly_setup();
		for (unsigned int c = 0, m = 20 + below(100); c < m && H.frames < budget; c++) {
			unsigned int k = pick_kind(kinds, n);
			uint64_t f0;
			int rc;

			if (kinds[k].needs_rx && !ffa_ctx_rx_buffer(&H.ctx) &&
			    ffa_ctx_version(&H.ctx) && chance(80))
				hostile_friendly_map(); /* an unmap came before: map again */
			begin(&kinds[k]);
			count[k]++;
			f0 = H.frames;
			if (kinds[k].null_ctx && chance(1)) {
				rc = kinds[k].null_ctx();
				expect_frames(0);
				expect_rc(rc, FFA_ERR_BAD_ARGUMENT);
			} else {
				rc = kinds[k].run();
			}
			end(rc);
			if (rc >= 0)
				success[k]++;
			kframes[k] += H.frames - f0;
		}
	}

	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("hostile %s: %llu frames, %llu calls, seed %llu (%.2f s)\n", suite,
	       (unsigned long long)H.frames, (unsigned long long)H.calls,
	       (unsigned long long)seed,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	for (unsigned int k = 0; k < n; k++)
		printf("hostile %s:   %-28s %7llu calls %7llu frames %7llu successes\n", suite,
		       kinds[k].name, (unsigned long long)count[k],
		       (unsigned long long)kframes[k], (unsigned long long)success[k]);
	fflush(stdout);

	/* Coverage: every call ran about as often as its weight says. */
	cr_assert_geq(H.frames, budget);
	for (unsigned int k = 0; k < n; k++)
		total_weight += kinds[k].weight;
	for (unsigned int k = 0; k < n; k++) {
		uint64_t calls = 0;

		for (unsigned int j = 0; j < n; j++)
			calls += count[j];
		cr_assert_geq(count[k] * total_weight * 3, calls * kinds[k].weight,
			      "%s rarely called (%llu of %llu)", kinds[k].name,
			      (unsigned long long)count[k], (unsigned long long)calls);
	}

	for (uint32_t p = 1; p <= HOSTILE_MAX_PAGES; p++) {
		free(hostile_tx[p]);
		free(hostile_rx[p]);
	}
	free(H.snap);
	return budget;
}
