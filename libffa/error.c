/* SPDX-License-Identifier: BSD-3-Clause */
/* ffa_strerror(): names of every status code. */
#include <ffa/error.h>

const char *ffa_strerror(int status)
{
	/* 0 and the FF-A codes -1..-10 at their negated value, the library
	 * codes -64..-71 from index 11, "unknown error" last. */
	static const char *const names[] = {
		"success",
		"FF-A NOT_SUPPORTED",
		"FF-A INVALID_PARAMETERS",
		"FF-A NO_MEMORY",
		"FF-A BUSY",
		"FF-A INTERRUPTED",
		"FF-A DENIED",
		"FF-A RETRY",
		"FF-A ABORTED",
		"FF-A NO_DATA",
		"FF-A NOT_READY",
		"protocol violation by the partition manager",
		"buffer too small",
		"conduit I/O failure",
		"bad argument",
		"FF-A version not negotiated",
		"incompatible FF-A version",
		"target preempted or yielded; resume with FFA_RUN",
		"no handler for the received message",
		"unknown error",
	};
	const unsigned int lib = 11; /* index of FFA_ERR_PROTOCOL */
	const unsigned int last = sizeof(names) / sizeof(names[0]) - 1;
	unsigned int i = 0u - (unsigned int)status; /* -status, wrapping */

	if (i > -FFA_ERR_NOT_READY)
		i = i >= -FFA_ERR_PROTOCOL && i - -FFA_ERR_PROTOCOL + lib < last
			    ? i - -FFA_ERR_PROTOCOL + lib
			    : last;
	return names[i];
}
