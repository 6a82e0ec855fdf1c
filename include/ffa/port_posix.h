/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa - port hooks for POSIX hosts (hosted builds only): a pthread mutex
 * as the RX/TX buffer lock.
 */
#ifndef FFA_PORT_POSIX_H
#define FFA_PORT_POSIX_H

#include <pthread.h>

#include <ffa/conduit.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct ffa_port_posix - storage for the POSIX port; caller-owned, must
 * outlive every context using the port it fills.
 */
struct ffa_port_posix {
	pthread_mutex_t lock;
};

/**
 * ffa_port_posix_init() - initialise @pp and fill @port with its hooks
 * (lock/unlock on @pp->lock; identity VA->PA; no yield wait).
 * Returns 0, FFA_ERR_BAD_ARGUMENT for NULL pointers, or FFA_ERR_NO_MEMORY if
 * the mutex could not be created.
 */
int ffa_port_posix_init(struct ffa_port_posix *pp, struct ffa_port *port);

/** ffa_port_posix_destroy() - release @pp's mutex (no context may use it). */
void ffa_port_posix_destroy(struct ffa_port_posix *pp);

#ifdef __cplusplus
}
#endif

#endif /* FFA_PORT_POSIX_H */
