/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers shared by the unit tests: frame literals, scripted-conduit set-up
 * and assertions.
 */
#ifndef FFA_TEST_H
#define FFA_TEST_H

#include <criterion/criterion.h>

#include <ffa/ffa.h>

/* A frame literal: FRAME(x0, x1, ...) with every other register zero. */
#define FRAME(...) ((struct ffa_regs){ .x = { __VA_ARGS__ } })

/* Script steps: the exact input expected and the reply. */
#define STEP(in, out) { .expect = in, .reply = out }
#define STEP_CONDUIT_FAIL(in, rc_) { .expect = in, .conduit_rc = (rc_) }

/* Common replies. */
#define OK32(...) FRAME(FFA_SUCCESS_32, __VA_ARGS__)
#define OK64(...) FRAME(FFA_SUCCESS_64, __VA_ARGS__)
#define ERR(code) FRAME(FFA_ERROR_32, 0, (uint32_t)(int32_t)(code))

/* The FFA_VERSION exchange that negotiates @v with a v1.2 manager. */
#define STEP_VERSION(v) STEP(FRAME(FFA_VERSION_32, (v)), FRAME(FFA_VERSION_1_2))

/* All capabilities of an SMCCC 1.2 64-bit conduit. */
#define CAPS_ALL (FFA_CONDUIT_CAP_SMC64 | FFA_CONDUIT_CAP_REGS18)

/* Run a scripted test: a context on a script of @steps. */
struct scripted {
	struct ffa_ctx ctx;
	struct ffa_conduit conduit;
	struct ffa_script script;
};

/* Initialise @t on @steps[@n]; if @version is non-zero the first step must
 * be STEP_VERSION(@version) and it is consumed by negotiating. */
void scripted_init(struct scripted *t, const struct ffa_script_step *steps, size_t n,
		   uint32_t caps, uint32_t version);

/* Assert that every step ran and every input matched exactly. */
/* Script @s ran every step exactly; a failure names @what and the step. */
#define assert_script_done(s, what)                                            \
	do {                                                                   \
		char _msg[200];                                                \
		ffa_script_describe((s), _msg, sizeof(_msg));                  \
		cr_assert(ffa_script_ok(s), "%s: script: %s", (what), _msg);   \
	} while (0)

#define assert_script_ok(t) assert_script_done(&(t)->script, "scripted conduit")

#define assert_rc(got, want)                                                   \
	do {                                                                   \
		int _g = (got), _w = (want);                                   \
		cr_assert_eq(_g, _w, "rc %d (%s), expected %d (%s)", _g,       \
			     ffa_strerror(_g), _w, ffa_strerror(_w));          \
	} while (0)

/* Output arrays are pre-filled with POISON; memory still all POISON was
 * never written by the library. */
#define POISON 0x5A

/* Fill @n bytes at @p with POISON. */
void poison(void *p, size_t n);

/* True if all @n bytes at @p are still POISON. */
bool untouched_bytes(const void *p, size_t n);

/* Assert that partition-info entries out[@from..@n) were never written. */
void assert_untouched_from(const struct ffa_partition_info *out, size_t from, size_t n);

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))


/* ---- Tables and frames for the setup/discovery call tests -------------- */

/* FFA_ERROR with the code sign-extended to 64 bits in x2, as TF-A's EL3
 * SPMC answers (real-spmc-behaviour.md, "Register width"); ERR() gives the
 * zero-extended form OP-TEE and Hafnium use. */
#define ERR_SX(code) FRAME(FFA_ERROR_32, 0, (uint64_t)(int64_t)(int32_t)(code))

/* Every FF-A error code, -1..-10 (ffa-abi.md 2): an initialiser list. */
#define FFA_TEST_WIRE_ERRORS                                                   \
	FFA_ERR_NOT_SUPPORTED, FFA_ERR_INVALID_PARAMETERS, FFA_ERR_NO_MEMORY,  \
		FFA_ERR_BUSY, FFA_ERR_INTERRUPTED, FFA_ERR_DENIED,             \
		FFA_ERR_RETRY, FFA_ERR_ABORTED, FFA_ERR_NO_DATA,               \
		FFA_ERR_NOT_READY

/* FFA_ERROR w2 values outside -1..-10 (each must give FFA_ERR_PROTOCOL,
 * never leak through as a library code): 0, +5, -11, INT32_MIN, INT32_MAX,
 * -64 (= FFA_ERR_PROTOCOL), -69 (= FFA_ERR_VERSION). */
#define FFA_TEST_BAD_WIRE_CODES                                                \
	0x0u, 0x5u, 0xFFFFFFF5u, 0x80000000u, 0x7FFFFFFFu, 0xFFFFFFC0u,        \
		0xFFFFFFBBu

/* w0 values no call expecting FFA_SUCCESS/FFA_ERROR allows: each must give
 * FFA_ERR_PROTOCOL with nothing else of the answer read. 0xFFFFFFFF is the
 * SMCCC "unknown function" answer. */
#define FFA_TEST_HOSTILE_FIDS                                                  \
	FFA_MSG_SEND_DIRECT_RESP_32, FFA_MSG_SEND_DIRECT_RESP_64,              \
		FFA_MSG_SEND_DIRECT_RESP2_64, FFA_INTERRUPT_32, FFA_YIELD_32,  \
		FFA_MSG_WAIT_32, FFA_RUN_32, FFA_VERSION_32, FFA_FEATURES_32,  \
		FFA_MEM_RETRIEVE_RESP_32, 0x0u, 0x12345678u, 0x7FFFFFFFu,      \
		0xFFFFFFFFu

#endif /* FFA_TEST_H */
