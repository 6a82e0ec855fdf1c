/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Frame I/O over a SOCK_SEQPACKET Unix socket, shared by the socket conduit
 * and ffa-simd (internal to the two; not installed).
 */
#ifndef FFA_SOCK_IO_H
#define FFA_SOCK_IO_H

#include <stdbool.h>
#include <stddef.h>

#include <ffa/conduit_socket.h>

/**
 * ffa__sock_send() - send frame @f, with descriptor @fd_out attached
 * (SCM_RIGHTS) when >= 0. Returns 0; FFA_ERR_CONDUIT on an I/O error or a
 * short send; the errors of ffa_sock_frame_encode().
 */
int ffa__sock_send(int sock, const struct ffa_sock_frame *f, int fd_out);

/**
 * ffa__sock_send_bytes() - send @len raw bytes as one message, with @fd_out
 * attached when >= 0 (ffa__sock_send(), and tests that send malformed
 * frames). Returns 0 or FFA_ERR_CONDUIT.
 */
int ffa__sock_send_bytes(int sock, const void *buf, size_t len, int fd_out);

/**
 * ffa__sock_recv() - receive one frame into @f. *@fd_in receives an
 * attached descriptor (or -1; the caller closes it). More than one
 * descriptor, a truncated message or control data, or a frame that does
 * not decode is FFA_ERR_PROTOCOL (descriptors then closed here).
 * Returns 0; 1 if @nowait and nothing is waiting; FFA_ERR_CONDUIT (peer
 * closed, I/O error); FFA_ERR_PROTOCOL.
 */
int ffa__sock_recv(int sock, struct ffa_sock_frame *f, int *fd_in, bool nowait);

#endif /* FFA_SOCK_IO_H */
