/* SPDX-License-Identifier: BSD-3-Clause */
/* POSIX port hooks: the RX/TX lock as a pthread mutex. Hosted only. */
#include <pthread.h>
#include <stddef.h>

#include <ffa/error.h>
#include <ffa/port_posix.h>

static void posix_lock(void *arg)
{
	pthread_mutex_lock(&((struct ffa_port_posix *)arg)->lock);
}

static void posix_unlock(void *arg)
{
	pthread_mutex_unlock(&((struct ffa_port_posix *)arg)->lock);
}

int ffa_port_posix_init(struct ffa_port_posix *pp, struct ffa_port *port)
{
	if (!pp || !port)
		return FFA_ERR_BAD_ARGUMENT;
	if (pthread_mutex_init(&pp->lock, NULL))
		return FFA_ERR_NO_MEMORY;
	port->va_to_pa = NULL;
	port->lock = posix_lock;
	port->unlock = posix_unlock;
	port->yield_wait = NULL;
	port->arg = pp;
	return 0;
}

void ffa_port_posix_destroy(struct ffa_port_posix *pp)
{
	if (pp)
		pthread_mutex_destroy(&pp->lock);
}
