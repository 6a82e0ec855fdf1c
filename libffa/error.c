/* SPDX-License-Identifier: BSD-3-Clause */
/* ffa_strerror(): names of every status code. */
#include <ffa/error.h>

const char *ffa_strerror(int status)
{
	switch (status) {
	case FFA_OK: return "success";
	case FFA_ERR_NOT_SUPPORTED: return "FF-A NOT_SUPPORTED";
	case FFA_ERR_INVALID_PARAMETERS: return "FF-A INVALID_PARAMETERS";
	case FFA_ERR_NO_MEMORY: return "FF-A NO_MEMORY";
	case FFA_ERR_BUSY: return "FF-A BUSY";
	case FFA_ERR_INTERRUPTED: return "FF-A INTERRUPTED";
	case FFA_ERR_DENIED: return "FF-A DENIED";
	case FFA_ERR_RETRY: return "FF-A RETRY";
	case FFA_ERR_ABORTED: return "FF-A ABORTED";
	case FFA_ERR_NO_DATA: return "FF-A NO_DATA";
	case FFA_ERR_NOT_READY: return "FF-A NOT_READY";
	case FFA_ERR_PROTOCOL: return "protocol violation by the partition manager";
	case FFA_ERR_BUFFER_TOO_SMALL: return "buffer too small";
	case FFA_ERR_CONDUIT: return "conduit I/O failure";
	case FFA_ERR_BAD_ARGUMENT: return "bad argument";
	case FFA_ERR_NOT_NEGOTIATED: return "FF-A version not negotiated";
	case FFA_ERR_VERSION: return "incompatible FF-A version";
	case FFA_ERR_PREEMPTED: return "target preempted or yielded; resume with FFA_RUN";
	case FFA_ERR_UNHANDLED: return "no handler for the received message";
	default: return "unknown error";
	}
}
