/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Integration-test fixture: an ffa-simd daemon on a private socket, and
 * clients that talk to it over the socket conduit.
 */
#ifndef SIMD_FIXTURE_H
#define SIMD_FIXTURE_H

#include <sys/types.h>

#include <criterion/criterion.h>

#include <ffa/conduit_socket.h>
#include <ffa/ffa.h>
#include <ffa_sim/partition.h>

/* Endpoints of sim/manifests/default.dts. */
#define HYP 0x0000u
#define VM1 0x0001u
#define VM2 0x0002u
#define VM3 0x0003u
#define ECHO 0x8001u
#define MEMCHK 0x8002u
#define NOTIFIER 0x8003u
#define USER_SP 0x8004u
#define SP_COUNT 4u

/* One connection with its libffa context (RX/TX mapped when ready). */
struct client {
	struct ffa_conduit_socket *s;
	struct ffa_conduit conduit;
	struct ffa_port port;
	struct ffa_ctx ctx;
	void *tx, *rx;
};

/* The daemon of the current test. */
struct simd {
	pid_t pid;
	char dir[64];
	char path[108];
};
extern struct simd D;

#define assert_rc(expr, want)                                                            \
	do {                                                                             \
		int rc_ = (expr);                                                        \
		cr_assert_eq(rc_, (want), "%s: %d (%s), want %d", #expr, rc_,              \
			     ffa_strerror(rc_), (int)(want));                            \
	} while (0)

/* Start / stop ffa-simd (default manifest; extra arguments, NULL-ended).
 * simd_stop() asserts a clean exit: status 0 means the daemon's own
 * invariant check (ffa_sim_check) passed at shutdown. */
void simd_start(void);
void simd_start_manifest(const char *manifest);
void simd_stop(void);
/* Run ffa-simd on @manifest and @path until it exits by itself (a bad
 * manifest, a taken socket); returns its exit status. */
int simd_run(const char *manifest, const char *path);

/* For child processes (no assertions): connect @c as @ep with an arena of
 * @arena bytes (0 = default), negotiate, learn the ID and, if @map, map a
 * one-page RX/TX pair. Returns 0 or the first error. */
int client_open(struct client *c, uint16_t ep, size_t arena, bool map);
/* Connect @c as @ep (no negotiation). */
void client_connect(struct client *c, uint16_t ep);
/* Connect, negotiate v1.2, learn the ID, map a one-page RX/TX pair. */
void client_ready(struct client *c, uint16_t ep);
void client_close(struct client *c);

/* Send (@fid: FFA_MEM_SHARE/LEND/DONATE_32, which operation) @pages pages
 * at @mem to @to, retrieve the one-range region @handle (@pa/@pages: its
 * range), relinquish, reclaim: libffa's typed memory calls. */
int client_share(struct client *c, uint32_t fid, uint16_t to, void *mem, uint32_t pages,
		 uint64_t *handle);
int client_retrieve(struct client *c, uint16_t owner, uint64_t handle, uint8_t type,
		    uint64_t *pa, uint32_t *pages);
/* Ask the memory checker to retrieve handle @h from @owner as a @type
 * transaction, expect byte @expect, write @write (FFA_SIM_MEMCHECK_*);
 * @resp receives its answer words (status, pages, mismatches, written). */
int client_memcheck(struct client *c, uint16_t owner, uint64_t h, uint8_t expect, uint8_t write,
		    uint8_t type, uint64_t resp[FFA_MSG_DIRECT_WORDS]);
int client_relinquish(struct client *c, uint64_t handle);
int client_reclaim(struct client *c, uint64_t handle);

/* ---- SP processes playing USER_SP ------------------------------------------ */

/* A direct request from @c to USER_SP (64-bit form), repeated while it is
 * BUSY (its client has not made its first FFA_MSG_WAIT yet, or is still
 * answering someone else). Returns the call's result. */
int sp_request(struct client *c, const uint64_t args[FFA_MSG_DIRECT_WORDS],
	       uint64_t resp[FFA_MSG_DIRECT_WORDS]);
/* Run @fn in a child process playing USER_SP; return once it answers the
 * request { @ping, 1, 2, 3, 4 } from @vm with word 4 = 5 (asserted). */
pid_t sp_start(struct client *vm, void (*fn)(void *), uint64_t ping);
/* An SP process that connects, takes one request and dies holding it. */
void sp_dies_holding_a_request(void *arg);
/* Kill it; it must not have ended on its own (asserted). */
void sp_stop(pid_t pid);
/* Ask USER_SP { @cmd, @a1 .. @a4 } (must succeed); its answer in @r. */
void sp_ask(struct client *c, uint64_t cmd, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
	    uint64_t r[FFA_MSG_DIRECT_WORDS]);

/* A raw socket to the daemon (for malformed-frame tests). */
int raw_connect(void);

/* Run @fn(@arg) in a child process; returns its pid. */
pid_t spawn(void (*fn)(void *), void *arg);
/* Wait for @pid; returns its exit status (or 128 + signal). */
int reap(pid_t pid);

#endif /* SIMD_FIXTURE_H */
