/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RX/TX buffer calls: FFA_RXTX_MAP, FFA_RXTX_UNMAP (own pair and a VM's),
 * FFA_RX_RELEASE (own and a VM's), FFA_RX_ACQUIRE (ffa-abi.md 4.1, 7.1, 12;
 * real-spmc-behaviour.md "RX/TX buffers"; known-bugs.md classes 7, 10, 12,
 * 32, 38).
 */
#include <stdlib.h>

#include "ffa_test.h"
#include "internal.h" /* ffa__pack_ids() for the class 12 test */

#define PG FFA_PAGE_SIZE
#define PA(p) ((uint64_t)(uintptr_t)(p))
#define MAP64(tx, rx, n) FRAME(FFA_RXTX_MAP_64, (tx), (rx), (n))
#define MAP32(tx, rx, n) FRAME(FFA_RXTX_MAP_32, (tx), (rx), (n))
#define UNMAP(w1) FRAME(FFA_RXTX_UNMAP_32, (w1))
#define RELEASE(w1) FRAME(FFA_RX_RELEASE_32, (w1))
#define ACQUIRE(w1) FRAME(FFA_RX_ACQUIRE_32, (w1))

static const int wire_errors[] = { FFA_TEST_WIRE_ERRORS };
static const uint32_t bad_codes[] = { FFA_TEST_BAD_WIRE_CODES };
static const uint32_t hostile_fids[] = { FFA_TEST_HOSTILE_FIDS };

static _Alignas(4096) uint8_t buf_a[4 * 4096];
static _Alignas(4096) uint8_t buf_b[4 * 4096];

/* ---- Port hooks --------------------------------------------------------------- */

/* A VA->PA table: each known VA translates to its PA (or fails). */
struct xlate {
	struct {
		const void *va;
		uint64_t pa;
		bool ok;
	} map[2];
	unsigned int calls;
	const void *seen[4];
};

static bool xlate_fn(void *arg, const void *va, uint64_t *pa)
{
	struct xlate *x = arg;

	if (x->calls < ARRAY_LEN(x->seen))
		x->seen[x->calls] = va;
	x->calls++;
	for (size_t i = 0; i < ARRAY_LEN(x->map); i++) {
		if (x->map[i].va == va) {
			if (x->map[i].ok)
				*pa = x->map[i].pa;
			return x->map[i].ok;
		}
	}
	cr_assert_fail("va_to_pa asked for an unknown address %p", va);
	return false;
}

/* Lock hooks that count and check balance. */
struct lockstate {
	int locks, unlocks;
	bool held;
};

static void lock_fn(void *arg)
{
	struct lockstate *l = arg;

	cr_assert(!l->held, "lock taken twice");
	l->held = true;
	l->locks++;
}

static void unlock_fn(void *arg)
{
	struct lockstate *l = arg;

	cr_assert(l->held, "unlock without lock");
	l->held = false;
	l->unlocks++;
}

/* Script action: the RX/TX lock is held while the manager runs. */
static void assert_lock_held(void *arg, const struct ffa_regs *in, struct ffa_regs *out)
{
	(void)in;
	(void)out;
	cr_assert(((struct lockstate *)arg)->held, "conduit called without the RX/TX lock");
}

/* scripted_init() with port hooks. */
static void init_port(struct scripted *t, const struct ffa_script_step *steps, size_t n,
		      uint32_t caps, uint32_t version, const struct ffa_port *port)
{
	ffa_script_init(&t->script, steps, n, &t->conduit, caps);
	assert_rc(ffa_ctx_init(&t->ctx, &t->conduit, port), 0);
	if (version) {
		assert_rc(ffa_version(&t->ctx, version, NULL), 0);
		cr_assert_eq(ffa_ctx_version(&t->ctx), version);
	}
}

static void init12(struct scripted *t, const struct ffa_script_step *steps, size_t n)
{
	scripted_init(t, steps, n, CAPS_ALL, FFA_VERSION_1_2);
}

static void assert_unmapped(const struct ffa_ctx *ctx)
{
	cr_assert_null(ffa_ctx_rx_buffer(ctx));
	cr_assert_null(ffa_ctx_tx_buffer(ctx));
	cr_assert_eq(ffa_ctx_rxtx_size(ctx), 0);
}

static void assert_mapped(const struct ffa_ctx *ctx, void *tx, void *rx, uint32_t pages)
{
	cr_assert_eq(ffa_ctx_tx_buffer(ctx), tx);
	cr_assert_eq(ffa_ctx_rx_buffer(ctx), rx);
	cr_assert_eq(ffa_ctx_rxtx_size(ctx), (size_t)pages * PG);
}

static void *page_alloc(size_t align, size_t size)
{
	void *p = aligned_alloc(align, size);

	cr_assert_not_null(p);
	return p;
}

/* ---- ffa_rxtx_map(): frames and success ------------------------------------------ */

Test(rxtx_map, smc64_frame_tx_first_and_state)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(MAP64(PA(buf_a), PA(buf_b), 1), OK32()),
	};
	struct scripted t;

	init12(&t, steps, ARRAY_LEN(steps));
	assert_unmapped(&t.ctx);
	assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), 0);
	assert_mapped(&t.ctx, buf_a, buf_b, 1);
	assert_script_ok(&t);
}

Test(rxtx_map, smc64_without_regs18_still_uses_64bit_id)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_1),
		STEP(MAP64(PA(buf_b), PA(buf_a), 4), OK32()),
	};
	struct scripted t;

	scripted_init(&t, steps, ARRAY_LEN(steps), FFA_CONDUIT_CAP_SMC64, FFA_VERSION_1_1);
	assert_rc(ffa_rxtx_map(&t.ctx, buf_b, buf_a, 4), 0);
	assert_mapped(&t.ctx, buf_b, buf_a, 4);
	assert_script_ok(&t);
}

Test(rxtx_map, smc32_frame_through_the_va_to_pa_hook)
{
	struct xlate x = { .map = { { buf_a, 0x80000000u, true }, { buf_b, 0x80004000u, true } } };
	const struct ffa_port port = { .va_to_pa = xlate_fn, .arg = &x };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_0),
		STEP(MAP32(0x80000000u, 0x80004000u, 2), OK32()),
	};
	struct scripted t;

	init_port(&t, steps, ARRAY_LEN(steps), 0, FFA_VERSION_1_0, &port);
	assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 2), 0);
	cr_assert_eq(x.calls, 2);
	cr_assert(x.seen[0] == buf_a || x.seen[1] == buf_a, "TX not translated");
	cr_assert(x.seen[0] == buf_b || x.seen[1] == buf_b, "RX not translated");
	/* The context hands back the caller's pointers, not the PAs. */
	assert_mapped(&t.ctx, buf_a, buf_b, 2);
	assert_script_ok(&t);
}

Test(rxtx_map, smc64_passes_a_full_64bit_address)
{
	struct xlate x = { .map = { { buf_a, 0x880000000ull, true },
				    { buf_b, 0xFFFFFFFFFFFFE000ull, true } } };
	const struct ffa_port port = { .va_to_pa = xlate_fn, .arg = &x };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(MAP64(0x880000000ull, 0xFFFFFFFFFFFFE000ull, 1), OK32()),
	};
	struct scripted t;

	init_port(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, &port);
	assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), 0);
	assert_script_ok(&t);
}

Test(rxtx_map, smc32_address_just_below_4gib_is_fine)
{
	struct xlate x = { .map = { { buf_a, 0xFFFFF000u, true }, { buf_b, 0x1000u, true } } };
	const struct ffa_port port = { .va_to_pa = xlate_fn, .arg = &x };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(MAP32(0xFFFFF000u, 0x1000u, 1), OK32()),
	};
	struct scripted t;

	init_port(&t, steps, ARRAY_LEN(steps), 0, FFA_VERSION_1_2, &port);
	assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), 0);
	assert_script_ok(&t);
}

Test(rxtx_map, success_with_echoed_inputs_tolerated)
{
	/* TF-A's EL3 SPMC returns x1..x3 unchanged on success. */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(MAP64(PA(buf_a), PA(buf_b), 1),
		     FRAME(0xFFFFFFFF00000000ull | FFA_SUCCESS_32, PA(buf_a), PA(buf_b), 1, 7)),
	};
	struct scripted t;

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), 0);
	assert_mapped(&t.ctx, buf_a, buf_b, 1);
	assert_script_ok(&t);
}

Test(rxtx_map, adjacent_and_reversed_buffers_are_fine)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(MAP64(PA(buf_a), PA(buf_a + PG), 1), OK32()),
		STEP(UNMAP(0), OK32()),
		STEP(MAP64(PA(buf_a + 2 * PG), PA(buf_a), 2), OK32()),
	};
	struct scripted t;

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_a + PG, 1), 0);
	assert_rc(ffa_rxtx_unmap(&t.ctx), 0);
	assert_rc(ffa_rxtx_map(&t.ctx, buf_a + 2 * PG, buf_a, 2), 0);
	assert_mapped(&t.ctx, buf_a + 2 * PG, buf_a, 2);
	assert_script_ok(&t);
}

Test(rxtx_map, sixty_three_pages_is_the_largest_count)
{
	uint8_t *tx = page_alloc(PG, 64 * PG), *rx = page_alloc(PG, 64 * PG);
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(MAP64(PA(tx), PA(rx), 63), OK32()),
	};
	struct scripted t;

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_rxtx_map(&t.ctx, tx, rx, 64), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_rxtx_map(&t.ctx, tx, rx, 63), 0);
	assert_mapped(&t.ctx, tx, rx, 63);
	assert_script_ok(&t);
	free(tx);
	free(rx);
}

Test(rxtx_lock, held_around_map_release_unmap_and_balanced)
{
	struct lockstate l = { 0, 0, false };
	const struct ffa_port port = { .lock = lock_fn, .unlock = unlock_fn, .arg = &l };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		{ .expect = MAP64(PA(buf_a), PA(buf_b), 1), .reply = ERR(FFA_ERR_NO_MEMORY),
		  .action = assert_lock_held, .action_arg = &l },
		STEP_CONDUIT_FAIL(MAP64(PA(buf_a), PA(buf_b), 1), FFA_ERR_CONDUIT),
		{ .expect = MAP64(PA(buf_a), PA(buf_b), 1), .reply = OK32(),
		  .action = assert_lock_held, .action_arg = &l },
		{ .expect = RELEASE(0), .reply = OK32(), .action = assert_lock_held,
		  .action_arg = &l },
		{ .expect = RELEASE(5), .reply = ERR(FFA_ERR_DENIED), .action = assert_lock_held,
		  .action_arg = &l },
		{ .expect = UNMAP(0), .reply = ERR(FFA_ERR_DENIED), .action = assert_lock_held,
		  .action_arg = &l },
		{ .expect = UNMAP(0), .reply = OK32(), .action = assert_lock_held,
		  .action_arg = &l },
	};
	struct scripted t;

	init_port(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, &port);
	assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), FFA_ERR_NO_MEMORY);
	assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), FFA_ERR_CONDUIT);
	assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), 0);
	assert_rc(ffa_rx_release(&t.ctx), 0);
	assert_rc(ffa_rx_release_vm(&t.ctx, 5), FFA_ERR_DENIED);
	assert_rc(ffa_rxtx_unmap(&t.ctx), FFA_ERR_DENIED);
	assert_rc(ffa_rxtx_unmap(&t.ctx), 0);
	cr_assert(!l.held);
	cr_assert_eq(l.locks, l.unlocks);
	cr_assert_eq(l.locks, 7);
	assert_script_ok(&t);
}

/* ---- ffa_rxtx_map(): errors and hostile answers ------------------------------------ */

Test(rxtx_map, every_error_code_maps_one_to_one_and_nothing_is_mapped)
{
	/* Listed: INVALID_PARAMETERS, NO_MEMORY, DENIED, NOT_SUPPORTED; every
	 * other code maps one to one too. */
	for (size_t i = 0; i < ARRAY_LEN(wire_errors); i++) {
		for (int sx = 0; sx < 2; sx++) {
			const struct ffa_script_step steps[] = {
				STEP_VERSION(FFA_VERSION_1_2),
				STEP(MAP64(PA(buf_a), PA(buf_b), 1),
				     sx ? ERR_SX(wire_errors[i]) : ERR(wire_errors[i])),
				STEP(MAP64(PA(buf_a), PA(buf_b), 1), OK32()),
			};
			struct scripted t;

			init12(&t, steps, ARRAY_LEN(steps));
			assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), wire_errors[i]);
			assert_unmapped(&t.ctx);
			assert_rc(ffa_rxtx_unmap(&t.ctx), FFA_ERR_BAD_ARGUMENT); /* no call */
			/* A failed map does not block a retry. */
			assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), 0);
			assert_script_ok(&t);
		}
	}
}

Test(rxtx_map, error_code_outside_range_is_protocol)
{
	for (size_t i = 0; i < ARRAY_LEN(bad_codes); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(MAP64(PA(buf_a), PA(buf_b), 1), FRAME(FFA_ERROR_32, 0, bad_codes[i])),
		};
		struct scripted t;

		init12(&t, steps, ARRAY_LEN(steps));
		assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), FFA_ERR_PROTOCOL);
		assert_unmapped(&t.ctx);
		assert_script_ok(&t);
	}
}

Test(rxtx_map, unknown_answer_id_is_protocol)
{
	for (size_t i = 0; i < ARRAY_LEN(hostile_fids); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(MAP64(PA(buf_a), PA(buf_b), 1), FRAME(hostile_fids[i])),
		};
		struct scripted t;

		init12(&t, steps, ARRAY_LEN(steps));
		cr_assert_eq(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), FFA_ERR_PROTOCOL, "answer 0x%x",
			     hostile_fids[i]);
		assert_unmapped(&t.ctx);
		assert_script_ok(&t);
	}
}

Test(rxtx_map, conduit_failure_maps_nothing)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_CONDUIT_FAIL(MAP64(PA(buf_a), PA(buf_b), 1), FFA_ERR_CONDUIT),
	};
	struct scripted t;

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), FFA_ERR_CONDUIT);
	assert_unmapped(&t.ctx);
	assert_script_ok(&t);
}

/* ---- ffa_rxtx_map(): refused locally ---------------------------------------------- */

Test(rxtx_map, bad_arguments_make_no_call)
{
	/* Each row breaks one rule only: the buffers are two 66-page
	 * allocations, so no count below 66 makes them overlap. */
	static const struct {
		const char *what;
		int tx, rx;  /* 0 = start of buffer A, 1 = of B, -1 = NULL */
		size_t tx_off, rx_off;
		uint32_t pages;
	} bad[] = {
		{ "NULL tx", -1, 1, 0, 0, 1 },
		{ "NULL rx", 0, -1, 0, 0, 1 },
		{ "0 pages", 0, 1, 0, 0, 0 },
		{ "64 pages", 0, 1, 0, 0, 64 },
		{ "65 pages", 0, 1, 0, 0, 65 },
		{ "huge count", 0, 1, 0, 0, 0xFFFFFFFFu },
		{ "misaligned tx", 0, 1, 0x800, 0, 1 },
		{ "misaligned rx", 0, 1, 0, 1, 1 },
		{ "tx == rx", 0, 0, 0, 0, 1 },
		{ "rx inside tx", 0, 0, 0, 4096, 2 },
		{ "tx inside rx", 0, 0, 4096, 0, 2 },
		{ "rx overlaps tx end", 0, 0, 0, 8192, 3 },
	};
	uint8_t *ab[2] = { page_alloc(PG, 66 * PG), page_alloc(PG, 66 * PG) };
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };
	struct scripted t;

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_rxtx_map(NULL, ab[0], ab[1], 1), FFA_ERR_BAD_ARGUMENT);
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		void *tx = bad[i].tx < 0 ? NULL : ab[bad[i].tx] + bad[i].tx_off;
		void *rx = bad[i].rx < 0 ? NULL : ab[bad[i].rx] + bad[i].rx_off;

		cr_assert_eq(ffa_rxtx_map(&t.ctx, tx, rx, bad[i].pages), FFA_ERR_BAD_ARGUMENT,
			     "%s", bad[i].what);
	}
	assert_unmapped(&t.ctx);
	assert_script_ok(&t);
	free(ab[0]);
	free(ab[1]);
}

Test(rxtx_map, not_negotiated_makes_no_call)
{
	struct scripted t;

	scripted_init(&t, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), FFA_ERR_NOT_NEGOTIATED);
	assert_unmapped(&t.ctx);
	assert_script_ok(&t);
}

Test(rxtx_map, second_map_refused_locally_until_unmapped)
{
	/* A second FFA_RXTX_MAP would be DENIED by the manager: the context
	 * knows a pair is mapped and sends nothing. After an unmap a new map
	 * goes out (remap works on real managers). */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(MAP64(PA(buf_a), PA(buf_b), 1), OK32()),
		STEP(UNMAP(0), OK32()),
		STEP(MAP64(PA(buf_b), PA(buf_a), 2), OK32()),
	};
	struct scripted t;

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), 0);
	assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_rxtx_map(&t.ctx, buf_b, buf_a, 2), FFA_ERR_BAD_ARGUMENT);
	assert_mapped(&t.ctx, buf_a, buf_b, 1);
	assert_rc(ffa_rxtx_unmap(&t.ctx), 0);
	assert_rc(ffa_rxtx_map(&t.ctx, buf_b, buf_a, 2), 0);
	assert_mapped(&t.ctx, buf_b, buf_a, 2);
	assert_script_ok(&t);
}

Test(rxtx_map, va_to_pa_failure_is_bad_argument)
{
	for (int which = 0; which < 2; which++) {
		struct xlate x = { .map = { { buf_a, 0x80000000u, which != 0 },
					    { buf_b, 0x80004000u, which != 1 } } };
		const struct ffa_port port = { .va_to_pa = xlate_fn, .arg = &x };
		const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };
		struct scripted t;

		init_port(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, &port);
		assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), FFA_ERR_BAD_ARGUMENT);
		cr_assert_geq(x.calls, 1);
		assert_unmapped(&t.ctx);
		assert_script_ok(&t);
	}
}

Test(rxtx_map, physical_address_checks)
{
	static const struct {
		const char *what;
		uint64_t tx, rx;
		uint32_t caps, pages;
	} bad[] = {
		{ "PA tx misaligned", 0x80000800u, 0x80004000u, CAPS_ALL, 1 },
		{ "PA rx misaligned", 0x80000000u, 0x80004010u, CAPS_ALL, 1 },
		{ "PAs equal", 0x80000000u, 0x80000000u, CAPS_ALL, 1 },
		{ "PAs overlap", 0x80000000u, 0x80001000u, CAPS_ALL, 2 },
		{ "PAs overlap reversed", 0x80001000u, 0x80000000u, CAPS_ALL, 2 },
		{ "PA tx wraps", 0xFFFFFFFFFFFFF000ull, 0x80000000u, CAPS_ALL, 2 },
		{ "PA rx wraps", 0x80000000u, 0xFFFFFFFFFFFFF000ull, CAPS_ALL, 2 },
		{ "SMC32 tx above 4 GiB", 0x100000000ull, 0x80000000u, 0, 1 },
		{ "SMC32 rx above 4 GiB", 0x80000000u, 0x880000000ull, 0, 1 },
		{ "SMC32 both above 4 GiB", 0x100000000ull, 0x100004000ull, 0, 1 },
	};

	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		struct xlate x = { .map = { { buf_a, bad[i].tx, true }, { buf_b, bad[i].rx, true } } };
		const struct ffa_port port = { .va_to_pa = xlate_fn, .arg = &x };
		const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };
		struct scripted t;

		init_port(&t, steps, ARRAY_LEN(steps), bad[i].caps, FFA_VERSION_1_2, &port);
		cr_assert_eq(ffa_rxtx_map(&t.ctx, buf_a, buf_b, bad[i].pages), FFA_ERR_BAD_ARGUMENT,
			     "%s", bad[i].what);
		assert_unmapped(&t.ctx);
		assert_script_ok(&t);
	}
}

Test(rxtx_map, virtual_overlap_refused_even_with_distinct_pas)
{
	struct xlate x = { .map = { { buf_a, 0x80000000u, true }, { buf_a + PG, 0x90000000u, true } } };
	const struct ffa_port port = { .va_to_pa = xlate_fn, .arg = &x };
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };
	struct scripted t;

	init_port(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, &port);
	assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_a + PG, 2), FFA_ERR_BAD_ARGUMENT);
	assert_unmapped(&t.ctx);
	assert_script_ok(&t);
}

/* Query FFA_FEATURES(RXTX_MAP) on @t answered with w2 = @w2. */
#define STEP_RXTX_FEAT(w2) STEP(FRAME(FFA_FEATURES_32, FFA_RXTX_MAP_64), OK32(0, (w2)))

Test(rxtx_map, sixteen_kib_minimum_enforced)
{
	uint8_t *tx = page_alloc(16384, 8 * PG), *rx = page_alloc(16384, 8 * PG);
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_1),
		STEP_RXTX_FEAT(2),
		STEP(MAP64(PA(tx), PA(rx), 4), OK32()),
	};
	struct scripted t;
	struct ffa_rxtx_props p;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_1);
	assert_rc(ffa_features_rxtx_map(&t.ctx, &p), 0);
	cr_assert_eq(p.min_size, 16384);
	assert_rc(ffa_rxtx_map(&t.ctx, tx, rx, 1), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_rxtx_map(&t.ctx, tx, rx, 2), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_rxtx_map(&t.ctx, tx, rx, 6), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_rxtx_map(&t.ctx, tx + PG, rx, 4), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_rxtx_map(&t.ctx, tx, rx, 4), 0);
	assert_script_ok(&t);
	free(tx);
	free(rx);
}

Test(rxtx_map, v12_maximum_enforced_and_ignored_before_v12)
{
	/* v1.2: w2[31:16] = 2 pages at most. */
	{
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP_RXTX_FEAT(0x00020000),
			STEP(MAP64(PA(buf_a), PA(buf_b), 2), OK32()),
		};
		struct scripted t;
		struct ffa_rxtx_props p;

		init12(&t, steps, ARRAY_LEN(steps));
		assert_rc(ffa_features_rxtx_map(&t.ctx, &p), 0);
		cr_assert_eq(p.max_pages, 2);
		assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 3), FFA_ERR_BAD_ARGUMENT);
		assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 2), 0);
		assert_script_ok(&t);
	}
	/* v1.1: bits[31:2] MBZ, so the same answer states no maximum. */
	{
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_1),
			STEP_RXTX_FEAT(0x00020000),
			STEP(MAP64(PA(buf_a), PA(buf_b), 3), OK32()),
		};
		struct scripted t;
		struct ffa_rxtx_props p;

		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_1);
		assert_rc(ffa_features_rxtx_map(&t.ctx, &p), 0);
		cr_assert_eq(p.max_pages, 0);
		assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 3), 0);
		assert_script_ok(&t);
	}
}

Test(rxtx_map, reserved_size_answer_does_not_poison_the_context)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_RXTX_FEAT(3),
		STEP(MAP64(PA(buf_a), PA(buf_b), 1), OK32()),
	};
	struct scripted t;
	struct ffa_rxtx_props p;

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_features_rxtx_map(&t.ctx, &p), FFA_ERR_PROTOCOL);
	assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), 0);
	assert_script_ok(&t);
}

/* ---- ffa_rxtx_unmap() ------------------------------------------------------------ */

Test(rxtx_unmap, frame_w1_zero_and_pair_forgotten)
{
	static const uint32_t caps[] = { 0, CAPS_ALL };

	for (size_t c = 0; c < ARRAY_LEN(caps); c++) {
		struct xlate x = { .map = { { buf_a, 0x1000u, true }, { buf_b, 0x2000u, true } } };
		const struct ffa_port port = { .va_to_pa = xlate_fn, .arg = &x };
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_0),
			STEP(FRAME(caps[c] ? FFA_RXTX_MAP_64 : FFA_RXTX_MAP_32, 0x1000u, 0x2000u, 1),
			     OK32()),
			/* SMC32 only, whatever the conduit. */
			STEP(UNMAP(0), FRAME(FFA_SUCCESS_32, 0xFFFFFFFFu, 0xFFFFFFFFFFFFFFFFull)),
		};
		struct scripted t;

		init_port(&t, steps, ARRAY_LEN(steps), caps[c], FFA_VERSION_1_0, &port);
		assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), 0);
		assert_rc(ffa_rxtx_unmap(&t.ctx), 0);
		assert_unmapped(&t.ctx);
		/* Unmapping again is refused locally (a manager would say
		 * INVALID_PARAMETERS). */
		assert_rc(ffa_rxtx_unmap(&t.ctx), FFA_ERR_BAD_ARGUMENT);
		assert_script_ok(&t);
	}
}

Test(rxtx_unmap, nothing_mapped_is_bad_argument_without_a_call)
{
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };
	struct scripted t, u;

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_rxtx_unmap(&t.ctx), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_rxtx_unmap(NULL), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&t);

	scripted_init(&u, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_rxtx_unmap(&u.ctx), FFA_ERR_NOT_NEGOTIATED);
	assert_script_ok(&u);
}

Test(rxtx_unmap, errors_keep_the_pair)
{
	for (size_t i = 0; i < ARRAY_LEN(wire_errors); i++) {
		for (int sx = 0; sx < 2; sx++) {
			const struct ffa_script_step steps[] = {
				STEP_VERSION(FFA_VERSION_1_2),
				STEP(MAP64(PA(buf_a), PA(buf_b), 1), OK32()),
				STEP(UNMAP(0), sx ? ERR_SX(wire_errors[i]) : ERR(wire_errors[i])),
				STEP(UNMAP(0), OK32()),
			};
			struct scripted t;

			if (wire_errors[i] == FFA_ERR_INVALID_PARAMETERS)
				continue; /* the pair is gone: next test */
			init12(&t, steps, ARRAY_LEN(steps));
			assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), 0);
			assert_rc(ffa_rxtx_unmap(&t.ctx), wire_errors[i]);
			assert_mapped(&t.ctx, buf_a, buf_b, 1);
			assert_rc(ffa_rxtx_unmap(&t.ctx), 0);
			assert_unmapped(&t.ctx);
			assert_script_ok(&t);
		}
	}
}

/* INVALID_PARAMETERS: the manager holds no pair for us (a hypervisor
 * unmapped it for this VM). The context forgets it, so the VM can map again
 * without a new context; the error still tells the caller. */
Test(rxtx_unmap, invalid_parameters_means_already_gone_and_forgets_the_pair)
{
	for (int sx = 0; sx < 2; sx++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(MAP64(PA(buf_a), PA(buf_b), 1), OK32()),
			STEP(UNMAP(0), sx ? ERR_SX(FFA_ERR_INVALID_PARAMETERS)
					: ERR(FFA_ERR_INVALID_PARAMETERS)),
			STEP(MAP64(PA(buf_a), PA(buf_b), 1), OK32()),
		};
		struct scripted t;

		init12(&t, steps, ARRAY_LEN(steps));
		assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), 0);
		assert_rc(ffa_rxtx_unmap(&t.ctx), FFA_ERR_INVALID_PARAMETERS);
		assert_unmapped(&t.ctx);
		assert_rc(ffa_rxtx_unmap(&t.ctx), FFA_ERR_BAD_ARGUMENT); /* no call */
		assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), 0);
		assert_mapped(&t.ctx, buf_a, buf_b, 1);
		assert_script_ok(&t);
	}
}

Test(rxtx_unmap, hostile_answers_and_conduit_failure_keep_the_pair)
{
	struct ffa_regs replies[ARRAY_LEN(hostile_fids) + ARRAY_LEN(bad_codes)];
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_LEN(hostile_fids); i++)
		replies[n++] = FRAME(hostile_fids[i]);
	for (size_t i = 0; i < ARRAY_LEN(bad_codes); i++)
		replies[n++] = FRAME(FFA_ERROR_32, 0, bad_codes[i]);
	for (size_t i = 0; i < n; i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(MAP64(PA(buf_a), PA(buf_b), 1), OK32()),
			STEP(UNMAP(0), replies[i]),
			STEP_CONDUIT_FAIL(UNMAP(0), FFA_ERR_CONDUIT),
		};
		struct scripted t;

		init12(&t, steps, ARRAY_LEN(steps));
		assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), 0);
		cr_assert_eq(ffa_rxtx_unmap(&t.ctx), FFA_ERR_PROTOCOL, "reply %zu", i);
		assert_mapped(&t.ctx, buf_a, buf_b, 1);
		assert_rc(ffa_rxtx_unmap(&t.ctx), FFA_ERR_CONDUIT);
		assert_mapped(&t.ctx, buf_a, buf_b, 1);
		assert_script_ok(&t);
	}
}

/* ---- ffa_rxtx_unmap_vm() ------------------------------------------------------------ */

Test(rxtx_unmap_vm, frame_puts_vm_id_in_w1_high_half)
{
	static const uint16_t vms[] = { 0x0001, 0x1234, 0x7FFF };

	for (size_t i = 0; i < ARRAY_LEN(vms); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_1),
			STEP(UNMAP((uint32_t)vms[i] << 16), OK32()),
		};
		struct scripted t;

		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_1);
		assert_rc(ffa_rxtx_unmap_vm(&t.ctx, vms[i]), 0);
		assert_script_ok(&t);
	}
}

Test(rxtx_unmap_vm, own_pair_untouched)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(MAP64(PA(buf_a), PA(buf_b), 1), OK32()),
		STEP(UNMAP(0x00050000), OK32()),
		STEP(UNMAP(0), OK32()),
	};
	struct scripted t;

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), 0);
	assert_rc(ffa_rxtx_unmap_vm(&t.ctx, 5), 0);
	assert_mapped(&t.ctx, buf_a, buf_b, 1);
	assert_rc(ffa_rxtx_unmap(&t.ctx), 0);
	assert_unmapped(&t.ctx);
	assert_script_ok(&t);
}

Test(rxtx_unmap_vm, bad_ids_null_and_not_negotiated_make_no_call)
{
	static const uint16_t bad[] = { 0x0000, 0x8000, 0x8001, 0xFFFE, 0xFFFF };
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };
	struct scripted t, u;

	init12(&t, steps, ARRAY_LEN(steps));
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		cr_assert_eq(ffa_rxtx_unmap_vm(&t.ctx, bad[i]), FFA_ERR_BAD_ARGUMENT, "vm 0x%x",
			     bad[i]);
	assert_rc(ffa_rxtx_unmap_vm(NULL, 1), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&t);

	scripted_init(&u, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_rxtx_unmap_vm(&u.ctx, 1), FFA_ERR_NOT_NEGOTIATED);
	assert_script_ok(&u);
}

/* ---- Shared shape: the calls that take only w1 ---------------------------------------- */

struct w1_call {
	const char *name;
	uint32_t fid;
	uint32_t min_version;
	uint16_t arg;  /* VM ID passed (ignored by ffa_rx_release) */
	uint32_t w1;   /* expected w1 */
	int (*fn)(struct ffa_ctx *, uint16_t);
};

static int do_release(struct ffa_ctx *ctx, uint16_t vm)
{
	(void)vm;
	return ffa_rx_release(ctx);
}

static const struct w1_call w1_calls[] = {
	{ "ffa_rxtx_unmap_vm", FFA_RXTX_UNMAP_32, FFA_VERSION_1_0, 0x0042, 0x00420000,
	  ffa_rxtx_unmap_vm },
	{ "ffa_rx_release", FFA_RX_RELEASE_32, FFA_VERSION_1_0, 0, 0, do_release },
	{ "ffa_rx_release_vm", FFA_RX_RELEASE_32, FFA_VERSION_1_0, 0x0042, 0x0042,
	  ffa_rx_release_vm },
	{ "ffa_rx_acquire", FFA_RX_ACQUIRE_32, FFA_VERSION_1_1, 0x0042, 0x0042,
	  ffa_rx_acquire },
};

static int w1_one(const struct w1_call *c, uint32_t caps, struct ffa_regs reply)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FRAME(c->fid, c->w1), reply),
	};
	struct scripted t;
	int rc;

	scripted_init(&t, steps, ARRAY_LEN(steps), caps, FFA_VERSION_1_2);
	rc = c->fn(&t.ctx, c->arg);
	assert_script_ok(&t);
	return rc;
}

Test(w1_calls, success_with_echoes_and_upper_bits)
{
	for (size_t c = 0; c < ARRAY_LEN(w1_calls); c++) {
		cr_assert_eq(w1_one(&w1_calls[c], CAPS_ALL, OK32()), 0, "%s", w1_calls[c].name);
		cr_assert_eq(w1_one(&w1_calls[c], 0,
				    FRAME(0xFFFFFFFF00000000ull | FFA_SUCCESS_32, w1_calls[c].w1, 1, 2,
					  3)),
			     0, "%s", w1_calls[c].name);
	}
}

Test(w1_calls, every_error_code_maps_one_to_one)
{
	/* Listed: UNMAP INVALID_PARAMETERS; RX_RELEASE DENIED,
	 * INVALID_PARAMETERS; RX_ACQUIRE DENIED, INVALID_PARAMETERS,
	 * NOT_SUPPORTED. */
	for (size_t c = 0; c < ARRAY_LEN(w1_calls); c++) {
		for (size_t i = 0; i < ARRAY_LEN(wire_errors); i++) {
			cr_assert_eq(w1_one(&w1_calls[c], CAPS_ALL, ERR(wire_errors[i])),
				     wire_errors[i], "%s code %d", w1_calls[c].name, wire_errors[i]);
			cr_assert_eq(w1_one(&w1_calls[c], CAPS_ALL, ERR_SX(wire_errors[i])),
				     wire_errors[i], "%s code %d (sign-extended)", w1_calls[c].name,
				     wire_errors[i]);
		}
	}
}

Test(w1_calls, error_code_outside_range_is_protocol)
{
	for (size_t c = 0; c < ARRAY_LEN(w1_calls); c++)
		for (size_t i = 0; i < ARRAY_LEN(bad_codes); i++)
			cr_assert_eq(w1_one(&w1_calls[c], CAPS_ALL,
					    FRAME(FFA_ERROR_32, 0, bad_codes[i])),
				     FFA_ERR_PROTOCOL, "%s code 0x%x", w1_calls[c].name, bad_codes[i]);
}

Test(w1_calls, unknown_answer_id_is_protocol)
{
	for (size_t c = 0; c < ARRAY_LEN(w1_calls); c++)
		for (size_t i = 0; i < ARRAY_LEN(hostile_fids); i++)
			cr_assert_eq(w1_one(&w1_calls[c], CAPS_ALL, FRAME(hostile_fids[i], 0, 0)),
				     FFA_ERR_PROTOCOL, "%s answered 0x%x", w1_calls[c].name,
				     hostile_fids[i]);
}

Test(w1_calls, conduit_failure)
{
	for (size_t c = 0; c < ARRAY_LEN(w1_calls); c++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP_CONDUIT_FAIL(FRAME(w1_calls[c].fid, w1_calls[c].w1), FFA_ERR_CONDUIT),
		};
		struct scripted t;

		scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
		cr_assert_eq(w1_calls[c].fn(&t.ctx, w1_calls[c].arg), FFA_ERR_CONDUIT, "%s",
			     w1_calls[c].name);
		assert_script_ok(&t);
	}
}

Test(w1_calls, null_and_not_negotiated_make_no_call)
{
	for (size_t c = 0; c < ARRAY_LEN(w1_calls); c++) {
		struct scripted t;

		scripted_init(&t, NULL, 0, CAPS_ALL, 0);
		cr_assert_eq(w1_calls[c].fn(NULL, w1_calls[c].arg), FFA_ERR_BAD_ARGUMENT, "%s",
			     w1_calls[c].name);
		cr_assert_eq(w1_calls[c].fn(&t.ctx, w1_calls[c].arg), FFA_ERR_NOT_NEGOTIATED, "%s",
			     w1_calls[c].name);
		assert_script_ok(&t);
	}
}

/* ---- ffa_rx_release() / ffa_rx_release_vm() / ffa_rx_acquire() -------------------------- */

Test(rx_release, frame_w1_zero_with_and_without_a_pair)
{
	/* The manager decides whether there is anything to release. */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_0),
		STEP(RELEASE(0), ERR(FFA_ERR_INVALID_PARAMETERS)),
		STEP(MAP64(PA(buf_a), PA(buf_b), 1), OK32()),
		STEP(RELEASE(0), OK32()),
		STEP(RELEASE(0), ERR(FFA_ERR_DENIED)),
	};
	struct scripted t;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_0);
	assert_rc(ffa_rx_release(&t.ctx), FFA_ERR_INVALID_PARAMETERS);
	assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), 0);
	assert_rc(ffa_rx_release(&t.ctx), 0);
	assert_rc(ffa_rx_release(&t.ctx), FFA_ERR_DENIED);
	assert_mapped(&t.ctx, buf_a, buf_b, 1);
	assert_script_ok(&t);
}

Test(rx_release_vm, frame_puts_vm_id_in_w1_low_half)
{
	static const uint16_t vms[] = { 0x0001, 0x1234, 0x7FFF };

	for (size_t i = 0; i < ARRAY_LEN(vms); i++) {
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_0),
			STEP(RELEASE(vms[i]), OK32()),
		};
		struct scripted t;

		scripted_init(&t, steps, ARRAY_LEN(steps), 0, FFA_VERSION_1_0);
		assert_rc(ffa_rx_release_vm(&t.ctx, vms[i]), 0);
		assert_script_ok(&t);
	}
}

Test(rx_release_vm, bad_ids_make_no_call)
{
	static const uint16_t bad[] = { 0x0000, 0x8000, 0x8001, 0xFFFF };
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };
	struct scripted t;

	init12(&t, steps, ARRAY_LEN(steps));
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		cr_assert_eq(ffa_rx_release_vm(&t.ctx, bad[i]), FFA_ERR_BAD_ARGUMENT, "vm 0x%x",
			     bad[i]);
	assert_script_ok(&t);
}

Test(rx_acquire, frame_at_v11_and_v12)
{
	static const uint32_t versions[] = { FFA_VERSION_1_1, FFA_VERSION_1_2 };
	static const uint16_t vms[] = { 0x0001, 0x7FFF };

	for (size_t v = 0; v < ARRAY_LEN(versions); v++) {
		for (size_t i = 0; i < ARRAY_LEN(vms); i++) {
			const struct ffa_script_step steps[] = {
				STEP_VERSION(versions[v]),
				STEP(ACQUIRE(vms[i]), OK32()),
			};
			struct scripted t;

			scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, versions[v]);
			assert_rc(ffa_rx_acquire(&t.ctx, vms[i]), 0);
			assert_script_ok(&t);
		}
	}
}

Test(rx_acquire, v10_is_not_supported_without_a_call)
{
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_0) };
	struct scripted t;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_0);
	assert_rc(ffa_rx_acquire(&t.ctx, 1), FFA_ERR_NOT_SUPPORTED);
	assert_script_ok(&t);
}

Test(rx_acquire, bad_ids_make_no_call)
{
	static const uint16_t bad[] = { 0x0000, 0x8000, 0x8001, 0xFFFF };
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_1) };
	struct scripted t;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_1);
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		cr_assert_eq(ffa_rx_acquire(&t.ctx, bad[i]), FFA_ERR_BAD_ARGUMENT, "vm 0x%x",
			     bad[i]);
	assert_script_ok(&t);
}

/* ---- Known bug classes ------------------------------------------------------------- */

Test(known_bugs, known_bug_7_rxtx_error_register)
{
	/* TF-A's EL3 SPMC: DENIED for a map while the manager still holds a
	 * pair, INVALID_PARAMETERS for an unmap of nothing, both sign-extended
	 * to 64 bits. A code in w1 or w3 with w2 = 0 is not an error code. */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(MAP64(PA(buf_a), PA(buf_b), 1), FRAME(FFA_ERROR_32, 0, 0xFFFFFFFFFFFFFFFAull)),
		STEP(UNMAP(0x00070000), FRAME(FFA_ERROR_32, 0, 0xFFFFFFFFFFFFFFFEull)),
		STEP(MAP64(PA(buf_a), PA(buf_b), 1), FRAME(FFA_ERROR_32, 0xFFFFFFFAu, 0)),
		STEP(MAP64(PA(buf_a), PA(buf_b), 1), FRAME(FFA_ERROR_32, 0, 0, 0xFFFFFFFAu)),
		STEP(RELEASE(0), FRAME(FFA_ERROR_32, 0xFFFFFFFEu, 0xFFFFFFFAu, 0xFFFFFFFCu)),
	};
	struct scripted t;

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), FFA_ERR_DENIED);
	assert_rc(ffa_rxtx_unmap_vm(&t.ctx, 7), FFA_ERR_INVALID_PARAMETERS);
	assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), FFA_ERR_PROTOCOL);
	assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), FFA_ERR_PROTOCOL);
	assert_rc(ffa_rx_release(&t.ctx), FFA_ERR_DENIED);
	assert_unmapped(&t.ctx);
	assert_script_ok(&t);
}

/* A conduit that records every input frame, then lets the script answer. */
struct recorder {
	struct ffa_conduit inner;
	struct ffa_regs seen[8];
	size_t n;
};

static int record_call(void *priv, const struct ffa_regs *in, struct ffa_regs *out)
{
	struct recorder *r = priv;

	if (r->n < ARRAY_LEN(r->seen))
		r->seen[r->n] = *in;
	r->n++;
	return r->inner.call(r->inner.priv, in, out);
}

Test(known_bugs, known_bug_10_mbz_registers)
{
	/* RXTX_MAP: x4..x17 zero; RX_RELEASE and RXTX_UNMAP of the own pair:
	 * w1 zero (and every other register). The script checks the frames
	 * exactly; the recorder shows the same from the wire's side. */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(MAP64(PA(buf_a), PA(buf_b), 4), OK32()),
		STEP(RELEASE(0), OK32()),
		STEP(UNMAP(0), OK32()),
	};
	struct recorder rec = { .n = 0 };
	struct ffa_script script;
	struct ffa_conduit conduit;
	struct ffa_ctx ctx;

	ffa_script_init(&script, steps, ARRAY_LEN(steps), &rec.inner, CAPS_ALL);
	conduit = (struct ffa_conduit){ .call = record_call, .priv = &rec, .caps = CAPS_ALL };
	assert_rc(ffa_ctx_init(&ctx, &conduit, NULL), 0);
	assert_rc(ffa_version(&ctx, FFA_VERSION_1_2, NULL), 0);
	assert_rc(ffa_rxtx_map(&ctx, buf_a, buf_b, 4), 0);
	assert_rc(ffa_rx_release(&ctx), 0);
	assert_rc(ffa_rxtx_unmap(&ctx), 0);
	cr_assert_eq(rec.n, 4);
	cr_assert_eq(rec.seen[1].x[0], FFA_RXTX_MAP_64);
	cr_assert_eq(rec.seen[1].x[1], PA(buf_a));
	cr_assert_eq(rec.seen[1].x[2], PA(buf_b));
	cr_assert_eq(rec.seen[1].x[3], 4);
	for (unsigned int i = 4; i < FFA_REGS_COUNT; i++)
		cr_assert_eq(rec.seen[1].x[i], 0, "RXTX_MAP x%u = 0x%llx", i,
			     (unsigned long long)rec.seen[1].x[i]);
	for (size_t k = 2; k < 4; k++)
		for (unsigned int i = 1; i < FFA_REGS_COUNT; i++)
			cr_assert_eq(rec.seen[k].x[i], 0, "frame %zu x%u = 0x%llx", k, i,
				     (unsigned long long)rec.seen[k].x[i]);
	assert_script_done(&script, "rxtx");
}

Test(known_bugs, known_bug_12_id_packing_high_ids)
{
	/* The w1 packer never shifts a promoted int: IDs with bit 15 set
	 * land intact (run under UBSan). */
	cr_assert_eq(ffa__pack_ids(0xFFFF, 0xFFFF), 0xFFFFFFFFu);
	cr_assert_eq(ffa__pack_ids(0x8000, 0x0000), 0x80000000u);
	cr_assert_eq(ffa__pack_ids(0x8001, 0x0002), 0x80010002u);
	cr_assert_eq(ffa__pack_ids(0x0000, 0x8000), 0x00008000u);
	/* The largest VM ID goes into w1[31:16] of RXTX_UNMAP and w1[15:0]
	 * of RX_RELEASE/RX_ACQUIRE; secure IDs (>= 0x8000) are refused
	 * before any packing or call. */
	{
		const struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2),
			STEP(UNMAP(0x7FFF0000u), OK32()),
			STEP(RELEASE(0x7FFFu), OK32()),
			STEP(ACQUIRE(0x7FFFu), OK32()),
		};
		struct scripted t;

		init12(&t, steps, ARRAY_LEN(steps));
		assert_rc(ffa_rxtx_unmap_vm(&t.ctx, 0x7FFF), 0);
		assert_rc(ffa_rx_release_vm(&t.ctx, 0x7FFF), 0);
		assert_rc(ffa_rx_acquire(&t.ctx, 0x7FFF), 0);
		assert_rc(ffa_rxtx_unmap_vm(&t.ctx, 0xFFFF), FFA_ERR_BAD_ARGUMENT);
		assert_rc(ffa_rx_release_vm(&t.ctx, 0x8000), FFA_ERR_BAD_ARGUMENT);
		assert_rc(ffa_rx_acquire(&t.ctx, 0xFFFF), FFA_ERR_BAD_ARGUMENT);
		assert_script_ok(&t);
	}
}

Test(known_bugs, known_bug_32_buffer_size_from_features)
{
	/* A 64 KiB minimum (FEATURES w2[1:0] = 1) and, at v1.2, a 16-page
	 * maximum (w2[31:16]): a one-page map, a size that is not a multiple
	 * of 64 KiB, a 64 KiB map at a PA that is only 4 KiB aligned and a
	 * map over the maximum are each refused locally; a 16-page 64 KiB
	 * aligned pair goes out. */
	uint8_t *tx = page_alloc(65536, 32 * PG), *rx = page_alloc(65536, 32 * PG);
	struct xlate x = { .map = { { tx, 0x80000000u, true }, { rx, 0x80020000u, true } } };
	const struct ffa_port port = { .va_to_pa = xlate_fn, .arg = &x };
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP_RXTX_FEAT(0x00100001),
		STEP(MAP64(PA(tx), PA(rx), 16), OK32()),
		STEP(UNMAP(0), OK32()),
	};
	struct scripted t, u;
	struct ffa_rxtx_props p;

	init_port(&t, steps, 2, CAPS_ALL, FFA_VERSION_1_2, &port);
	assert_rc(ffa_features_rxtx_map(&t.ctx, &p), 0);
	cr_assert_eq(p.min_size, 65536);
	cr_assert_eq(p.max_pages, 16);
	assert_rc(ffa_rxtx_map(&t.ctx, tx, rx, 1), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_rxtx_map(&t.ctx, tx, rx, 17), FFA_ERR_BAD_ARGUMENT);
	x.map[1].pa = 0x80011000u; /* 4 KiB aligned only */
	assert_rc(ffa_rxtx_map(&t.ctx, tx, rx, 16), FFA_ERR_BAD_ARGUMENT);
	assert_unmapped(&t.ctx);
	assert_script_ok(&t);

	/* Identity translation of 64 KiB-aligned buffers. */
	scripted_init(&u, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_features_rxtx_map(&u.ctx, &p), 0);
	assert_rc(ffa_rxtx_map(&u.ctx, tx, rx, 32), FFA_ERR_BAD_ARGUMENT); /* over maximum */
	assert_rc(ffa_rxtx_map(&u.ctx, tx, rx, 16), 0);
	assert_mapped(&u.ctx, tx, rx, 16);
	assert_rc(ffa_rxtx_unmap(&u.ctx), 0);
	assert_script_ok(&u);
	free(tx);
	free(rx);
}

Test(known_bugs, known_bug_38_rxtx_absent_not_fatal)
{
	/* A manager without RX/TX support: NOT_SUPPORTED, cleanly; nothing
	 * is recorded, unmap is refused locally, other calls still work. */
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FRAME(FFA_FEATURES_32, FFA_RXTX_MAP_64), ERR(FFA_ERR_NOT_SUPPORTED)),
		STEP(MAP64(PA(buf_a), PA(buf_b), 1), ERR_SX(FFA_ERR_NOT_SUPPORTED)),
		STEP(RELEASE(0), ERR(FFA_ERR_NOT_SUPPORTED)),
		STEP(FRAME(FFA_ID_GET_32), OK32(0, 0)),
	};
	struct scripted t;
	struct ffa_rxtx_props p = { 1, 2 };
	uint16_t id = 9;

	init12(&t, steps, ARRAY_LEN(steps));
	assert_rc(ffa_features_rxtx_map(&t.ctx, &p), FFA_ERR_NOT_SUPPORTED);
	cr_assert(p.min_size == 1 && p.max_pages == 2);
	assert_rc(ffa_rxtx_map(&t.ctx, buf_a, buf_b, 1), FFA_ERR_NOT_SUPPORTED);
	assert_unmapped(&t.ctx);
	assert_rc(ffa_rxtx_unmap(&t.ctx), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_rx_release(&t.ctx), FFA_ERR_NOT_SUPPORTED);
	assert_rc(ffa_id_get(&t.ctx, &id), 0);
	cr_assert_eq(id, 0);
	assert_script_ok(&t);
	/* NULL contexts everywhere. */
	assert_rc(ffa_rxtx_map(NULL, buf_a, buf_b, 1), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_rxtx_unmap(NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_rxtx_unmap_vm(NULL, 1), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_rx_release(NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_rx_release_vm(NULL, 1), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_rx_acquire(NULL, 1), FFA_ERR_BAD_ARGUMENT);
	cr_assert_null(ffa_ctx_rx_buffer(NULL));
	cr_assert_null(ffa_ctx_tx_buffer(NULL));
	cr_assert_eq(ffa_ctx_rxtx_size(NULL), 0);
}
