/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa - the conduit interface and the port hooks.
 *
 * A conduit moves one SMCCC 1.2 register frame (x0..x17) to the partition
 * manager and brings its answer back: smc, hvc, a socket, a test double.
 * Port hooks are the few things libffa needs from its environment:
 * virtual-to-physical translation of buffers handed to the partition
 * manager, a lock around the RX/TX buffers, and an optional wait for
 * FFA_YIELD timeouts.
 */
#ifndef FFA_CONDUIT_H
#define FFA_CONDUIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Number of registers in an SMCCC 1.2 frame (x0..x17). */
#define FFA_REGS_COUNT 18

/**
 * struct ffa_regs - one SMCCC 1.2 register frame.
 * @x: x0..x17. x0 holds the function ID. For SMC32 calls only the low 32
 *     bits of x0..x7 are meaningful; libffa zeroes everything it does not set.
 */
struct ffa_regs {
	uint64_t x[FFA_REGS_COUNT];
};

/** Conduit capability: can carry SMC64 calls (64-bit registers). */
#define FFA_CONDUIT_CAP_SMC64 (1u << 0)
/** Conduit capability: carries x8..x17 (SMCCC 1.2); without it only x0..x7. */
#define FFA_CONDUIT_CAP_REGS18 (1u << 1)

/**
 * struct ffa_conduit - how calls reach the partition manager.
 * @call: send @in, store the answer in @out. @in and @out may point to the
 *        same frame (in-place calls, as the smc instruction does). Returns 0
 *        when an answer was received (whatever it says), or a negative
 *        ffa_status (normally FFA_ERR_CONDUIT) when the transport failed; on
 *        failure @out contents are unspecified and libffa ignores them.
 * @priv: the conduit's own state, passed back to @call.
 * @caps: FFA_CONDUIT_CAP_* bits.
 *
 * The conduit object is owned by the caller and must outlive every context
 * that uses it. A conduit is stateless from libffa's point of view.
 */
struct ffa_conduit {
	int (*call)(void *priv, const struct ffa_regs *in, struct ffa_regs *out);
	void *priv;
	uint32_t caps;
};

/**
 * struct ffa_port - environment hooks; every member may be NULL.
 * @va_to_pa: translate a virtual address of a buffer libffa hands to the
 *            partition manager (RX/TX buffers, memory regions) to the address
 *            the partition manager understands. Return false if @va has no
 *            translation. NULL: identity (the address is the pointer value).
 * @lock:     take the context's RX/TX buffer lock. NULL: no locking
 *            (single-threaded firmware).
 * @unlock:   release it.
 * @yield_wait: called before resuming a target that answered FFA_YIELD with a
 *            timeout hint (units as the partition manager defines them; 0 =
 *            none). NULL: resume at once.
 * @arg:      passed to every hook.
 */
struct ffa_port {
	bool (*va_to_pa)(void *arg, const void *va, uint64_t *pa);
	void (*lock)(void *arg);
	void (*unlock)(void *arg);
	void (*yield_wait)(void *arg, uint64_t timeout);
	void *arg;
};

#ifdef __cplusplus
}
#endif

#endif /* FFA_CONDUIT_H */
