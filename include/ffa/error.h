/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa - status codes.
 *
 * Every libffa function returns int: 0 (or a non-negative count) on success,
 * a negative ffa_status otherwise. Codes -1..-10 are FF-A's own error codes,
 * one to one (ffa-abi.md 2); a partition manager's FFA_ERROR with code N is
 * returned as N. Codes from -64 down are the library's own.
 */
#ifndef FFA_ERROR_H
#define FFA_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

enum ffa_status {
	FFA_OK = 0,
	/* FF-A error codes, values as on the wire. */
	FFA_ERR_NOT_SUPPORTED = -1,
	FFA_ERR_INVALID_PARAMETERS = -2,
	FFA_ERR_NO_MEMORY = -3,
	FFA_ERR_BUSY = -4,
	FFA_ERR_INTERRUPTED = -5,
	FFA_ERR_DENIED = -6,
	FFA_ERR_RETRY = -7,
	FFA_ERR_ABORTED = -8,
	FFA_ERR_NO_DATA = -9,
	FFA_ERR_NOT_READY = -10,
	/* Library codes. */
	/** The peer answered with a frame this call does not allow, or with
	 *  fields that break the protocol (bad sizes, counts, IDs, an FFA_ERROR
	 *  code outside -1..-10). Nothing else of that frame was used. */
	FFA_ERR_PROTOCOL = -64,
	/** A caller-supplied buffer or array is too small for the result. */
	FFA_ERR_BUFFER_TOO_SMALL = -65,
	/** The conduit failed to deliver the call or its answer. */
	FFA_ERR_CONDUIT = -66,
	/** A caller argument is invalid (NULL, misaligned, out of range, or
	 *  the context is in the wrong state for the call). */
	FFA_ERR_BAD_ARGUMENT = -67,
	/** FFA_VERSION has not been negotiated on this context yet. */
	FFA_ERR_NOT_NEGOTIATED = -68,
	/** The partition manager's FF-A version is incompatible (other major
	 *  version, or no common minor version). */
	FFA_ERR_VERSION = -69,
	/** The target was preempted (FFA_INTERRUPT) or yielded (FFA_YIELD) and
	 *  the context's policy is FFA_PREEMPT_RETURN (or the resume budget ran
	 *  out). ffa_ctx_preempted() says which endpoint/vCPU to FFA_RUN. */
	FFA_ERR_PREEMPTED = -70,
	/* Messaging (issue 3). */
	/** ffa_msg_dispatch(): a request arrived that no handler serves (no
	 *  handler for its kind, or a DIRECT_REQ2 for a UUID no service has);
	 *  it is left unanswered in the caller's struct ffa_msg. Also: an
	 *  event asked for an indirect message to be read but no indirect
	 *  handler is set (the message stays in the owned RX buffer). */
	FFA_ERR_UNHANDLED = -71,
};

/**
 * ffa_strerror() - name a status code.
 * @status: any int returned by libffa.
 *
 * Returns a constant, NUL-terminated, static string (never NULL). Unknown
 * values give "unknown error". Safe in freestanding builds (no libc).
 */
const char *ffa_strerror(int status);

/**
 * ffa_error_from_wire() - map an FFA_ERROR w2 value to an ffa_status.
 * @w2: the 32-bit error code register (upper register bits already dropped).
 *
 * Returns the matching FFA_ERR_* code for -1..-10, or FFA_ERR_PROTOCOL for
 * any other value (including 0 and positive numbers).
 */
int ffa_error_from_wire(unsigned int w2);

#ifdef __cplusplus
}
#endif

#endif /* FFA_ERROR_H */
