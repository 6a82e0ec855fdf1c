/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The socket conduit: FF-A calls to ffa-simd over a Unix SOCK_SEQPACKET
 * socket (docs/socket-protocol.md). Hosted (POSIX + Linux memfd).
 *
 * One connection plays one endpoint. A call is a CALL frame answered by an
 * ANSWER frame with the same sequence number; ASYNC frames (SRI/NPI) that
 * arrive meanwhile are queued for ffa_conduit_socket_poll(); MAP frames
 * bring another endpoint's arena (memory this one is about to retrieve) and
 * are mapped at once. Anything else from the server - a bad frame, a wrong
 * sequence, a file descriptor where none belongs - is FFA_ERR_PROTOCOL and
 * the connection is not used again (every later call: FFA_ERR_CONDUIT).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <ffa/conduit_socket.h>
#include <ffa/error.h>

#include "sock_io.h"

#define PAGE 4096u
#define ASYNC_QUEUE 64u
#define MAX_MAPS 64u

struct foreign {
	uint64_t base, size;
	void *ptr;
	uint16_t owner;
	dev_t dev; /* the memfd it maps (a new client of that endpoint */
	ino_t ino; /* brings a new arena at the same base) */
};

struct ffa_conduit_socket {
	int fd;
	bool broken;
	uint16_t endpoint;
	uint32_t seq;
	uint8_t *arena;
	uint64_t arena_size, base;
	uint8_t *used; /* one byte per arena page: 1 = allocated */
	struct {
		uint32_t kind, intid;
	} q[ASYNC_QUEUE];
	unsigned int q_head, q_count;
	struct foreign maps[MAX_MAPS];
	unsigned int map_count;
};

int ffa_conduit_socket_default_path(char *buf, size_t cap)
{
	const char *env = getenv("FFA_SIMD_SOCKET"), *xdg = getenv("XDG_RUNTIME_DIR");
	int n;

	if (!buf)
		return FFA_ERR_BAD_ARGUMENT;
	if (env && *env)
		n = snprintf(buf, cap, "%s", env);
	else if (xdg && *xdg)
		n = snprintf(buf, cap, "%s/ffa-simd.sock", xdg);
	else
		n = snprintf(buf, cap, "/tmp/ffa-simd.sock");
	return n < 0 || (size_t)n >= cap ? FFA_ERR_BUFFER_TOO_SMALL : 0;
}

int ffa__sock_send_bytes(int sock, const void *buf, size_t len, int fd_out)
{
	struct iovec iov = { .iov_base = (void *)(uintptr_t)buf, .iov_len = len };
	struct msghdr mh = { 0 };
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(sizeof(int))];
	} cm;
	ssize_t n;

	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (fd_out >= 0) {
		memset(&cm, 0, sizeof(cm));
		mh.msg_control = cm.b;
		mh.msg_controllen = sizeof(cm.b);
		struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd_out, sizeof(int));
	}
	do
		n = sendmsg(sock, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n >= 0 && (size_t)n == len ? 0 : FFA_ERR_CONDUIT;
}

int ffa__sock_send(int sock, const struct ffa_sock_frame *f, int fd_out)
{
	uint8_t buf[FFA_SOCK_FRAME_MAX];
	int len = ffa_sock_frame_encode(f, buf, sizeof(buf));

	return len < 0 ? len : ffa__sock_send_bytes(sock, buf, (size_t)len, fd_out);
}

int ffa__sock_recv(int sock, struct ffa_sock_frame *f, int *fd_in, bool nowait)
{
	uint8_t buf[FFA_SOCK_FRAME_MAX + 1];
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(4 * sizeof(int))];
	} cm;
	struct msghdr mh = { 0 };
	ssize_t n;
	int fds = 0, rc;

	*fd_in = -1;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cm.b;
	mh.msg_controllen = sizeof(cm.b);
	do
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC | (nowait ? MSG_DONTWAIT : 0));
	while (n < 0 && errno == EINTR);
	if (n < 0 && nowait && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 1;
	if (n <= 0)
		return FFA_ERR_CONDUIT;
	rc = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < k; i++) {
			int fd;
			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (fds++ == 0)
				*fd_in = fd;
			else
				close(fd);
		}
	}
	if (fds > 1 || (mh.msg_flags & (MSG_CTRUNC | MSG_TRUNC)))
		rc = FFA_ERR_PROTOCOL;
	if (rc == 0)
		rc = ffa_sock_frame_decode(f, buf, (size_t)n);
	if (rc && *fd_in >= 0) {
		close(*fd_in);
		*fd_in = -1;
	}
	return rc;
}

static void unmap_all(struct ffa_conduit_socket *s)
{
	for (unsigned int i = 0; i < s->map_count; i++)
		munmap(s->maps[i].ptr, s->maps[i].size);
	s->map_count = 0;
}

void ffa_conduit_socket_close(struct ffa_conduit_socket *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	unmap_all(s);
	if (s->arena)
		munmap(s->arena, s->arena_size);
	free(s->used);
	free(s);
}

int ffa_conduit_socket_connect(const char *path, uint16_t endpoint, size_t arena_size,
			       struct ffa_conduit_socket **out)
{
	char def[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct ffa_conduit_socket *s;
	struct ffa_sock_frame f = { 0 };
	int mfd, fd_in, rc;

	if (!out)
		return FFA_ERR_BAD_ARGUMENT;
	*out = NULL;
	if (arena_size == 0)
		arena_size = FFA_SOCK_ARENA_DEFAULT;
	if (arena_size > FFA_SOCK_ARENA_MAX)
		return FFA_ERR_BAD_ARGUMENT;
	arena_size = (arena_size + PAGE - 1) & ~(size_t)(PAGE - 1);
	if (!path) {
		rc = ffa_conduit_socket_default_path(def, sizeof(def));
		if (rc)
			return FFA_ERR_BAD_ARGUMENT;
		path = def;
	}
	if (strlen(path) >= sizeof(sa.sun_path))
		return FFA_ERR_BAD_ARGUMENT;
	strcpy(sa.sun_path, path);

	s = calloc(1, sizeof(*s));
	if (!s)
		return FFA_ERR_NO_MEMORY;
	s->fd = -1;
	s->endpoint = endpoint;
	s->arena_size = arena_size;
	s->used = calloc(arena_size / PAGE, 1);
	if (!s->used) {
		free(s);
		return FFA_ERR_NO_MEMORY;
	}
	mfd = memfd_create("ffa-arena", MFD_CLOEXEC);
	if (mfd < 0 || ftruncate(mfd, (off_t)arena_size) != 0) {
		rc = FFA_ERR_NO_MEMORY;
		goto fail;
	}
	s->arena = mmap(NULL, arena_size, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
	if (s->arena == MAP_FAILED) {
		s->arena = NULL;
		rc = FFA_ERR_NO_MEMORY;
		goto fail;
	}
	s->fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (s->fd < 0 || connect(s->fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		rc = FFA_ERR_CONDUIT;
		goto fail;
	}
	f.type = FFA_SOCK_HELLO;
	f.endpoint = endpoint;
	f.size = arena_size;
	rc = ffa__sock_send(s->fd, &f, mfd);
	if (rc)
		goto fail;
	close(mfd);
	mfd = -1;
	rc = ffa__sock_recv(s->fd, &f, &fd_in, false);
	if (rc == 0 && (fd_in >= 0 || f.type != FFA_SOCK_WELCOME))
		rc = FFA_ERR_PROTOCOL;
	if (fd_in >= 0)
		close(fd_in);
	if (rc)
		goto fail;
	if (f.status) {
		rc = f.status < 0 && f.status >= FFA_ERR_NOT_READY ? f.status : FFA_ERR_PROTOCOL;
		goto fail;
	}
	if (f.base < FFA_SOCK_PA_BASE || (f.base & (PAGE - 1))) {
		rc = FFA_ERR_PROTOCOL;
		goto fail;
	}
	s->base = f.base;
	*out = s;
	return 0;
fail:
	if (mfd >= 0)
		close(mfd);
	ffa_conduit_socket_close(s);
	return rc;
}

/* A MAP frame: map the lender's arena (read-write: the daemon decides who
 * may reach which pages; retrieved memory is used through this mapping).
 * The same arena again is already mapped; another one at a known base is
 * the arena of a new client playing that endpoint (the daemon sends it
 * only once the old one is free): it replaces the old mapping. */
static int take_map(struct ffa_conduit_socket *s, const struct ffa_sock_frame *f, int fd)
{
	struct stat st;
	void *p;

	if (fd < 0 || f->size == 0 || f->size > FFA_SOCK_ARENA_MAX || (f->size & (PAGE - 1)) ||
	    f->base < FFA_SOCK_PA_BASE || (f->base & (PAGE - 1)) || f->base == s->base ||
	    fstat(fd, &st) != 0)
		return FFA_ERR_PROTOCOL;
	for (unsigned int i = 0; i < s->map_count; i++)
		if (s->maps[i].base == f->base) {
			if (s->maps[i].size == f->size && s->maps[i].dev == st.st_dev &&
			    s->maps[i].ino == st.st_ino)
				return 0; /* already mapped */
			munmap(s->maps[i].ptr, s->maps[i].size);
			s->maps[i] = s->maps[--s->map_count];
			break;
		}
	if (s->map_count == MAX_MAPS)
		return FFA_ERR_PROTOCOL;
	p = mmap(NULL, f->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return FFA_ERR_PROTOCOL;
	s->maps[s->map_count++] =
		(struct foreign){ f->base, f->size, p, f->endpoint, st.st_dev, st.st_ino };
	return 0;
}

static void queue_async(struct ffa_conduit_socket *s, const struct ffa_sock_frame *f)
{
	unsigned int at;

	if (s->q_count == ASYNC_QUEUE) { /* drop the oldest */
		s->q_head = (s->q_head + 1) % ASYNC_QUEUE;
		s->q_count--;
	}
	at = (s->q_head + s->q_count) % ASYNC_QUEUE;
	s->q[at].kind = f->kind;
	s->q[at].intid = f->arg;
	s->q_count++;
}

/* Read one server frame and act on it; *@answer true when it was the
 * ANSWER to @seq (then @out holds it). Errors break the connection. */
static int pump(struct ffa_conduit_socket *s, bool nowait, uint32_t seq, bool *answer,
		struct ffa_regs *out)
{
	struct ffa_sock_frame f;
	int fd, rc = ffa__sock_recv(s->fd, &f, &fd, nowait);

	if (rc == 1)
		return 1;
	if (rc == 0) {
		switch (f.type) {
		case FFA_SOCK_ANSWER:
			if (!answer || f.seq != seq || fd >= 0)
				rc = FFA_ERR_PROTOCOL;
			else {
				*out = f.regs;
				*answer = true;
			}
			break;
		case FFA_SOCK_ASYNC:
			if (fd >= 0)
				rc = FFA_ERR_PROTOCOL;
			else
				queue_async(s, &f);
			break;
		case FFA_SOCK_MAP:
			rc = take_map(s, &f, fd);
			break;
		default:
			rc = FFA_ERR_PROTOCOL;
		}
	}
	if (fd >= 0)
		close(fd);
	if (rc)
		s->broken = true;
	return rc;
}

static int sock_call(void *priv, const struct ffa_regs *in, struct ffa_regs *out)
{
	struct ffa_conduit_socket *s = priv;
	struct ffa_sock_frame f = { .type = FFA_SOCK_CALL };
	bool done = false;
	int rc;

	if (s->broken)
		return FFA_ERR_CONDUIT;
	f.seq = ++s->seq;
	f.regs = *in;
	rc = ffa__sock_send(s->fd, &f, -1);
	if (rc) {
		s->broken = true;
		return rc;
	}
	while (!done) {
		rc = pump(s, false, f.seq, &done, out);
		if (rc)
			return rc;
	}
	return 0;
}

int ffa_conduit_socket_poll(struct ffa_conduit_socket *s, int timeout_ms, uint32_t *kind,
			    uint32_t *intid)
{
	if (!s || !kind)
		return FFA_ERR_BAD_ARGUMENT;
	while (s->q_count == 0) {
		struct pollfd p = { .fd = s->fd, .events = POLLIN };
		int n, rc;

		if (s->broken)
			return FFA_ERR_CONDUIT;
		n = poll(&p, 1, timeout_ms);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return FFA_ERR_CONDUIT;
		if (n == 0)
			return 0;
		rc = pump(s, true, 0, NULL, NULL);
		if (rc < 0)
			return rc;
		if (timeout_ms == 0 && s->q_count == 0)
			return 0;
	}
	*kind = s->q[s->q_head].kind;
	if (intid)
		*intid = s->q[s->q_head].intid;
	s->q_head = (s->q_head + 1) % ASYNC_QUEUE;
	s->q_count--;
	return 1;
}

bool ffa_conduit_socket_va_to_pa(struct ffa_conduit_socket *s, const void *va, uint64_t *pa)
{
	uintptr_t v = (uintptr_t)va;

	if (!s || !pa)
		return false;
	if (v >= (uintptr_t)s->arena && v - (uintptr_t)s->arena < s->arena_size) {
		*pa = s->base + (v - (uintptr_t)s->arena);
		return true;
	}
	for (unsigned int i = 0; i < s->map_count; i++) {
		uintptr_t b = (uintptr_t)s->maps[i].ptr;
		if (v >= b && v - b < s->maps[i].size) {
			*pa = s->maps[i].base + (v - b);
			return true;
		}
	}
	return false;
}

static bool port_va_to_pa(void *arg, const void *va, uint64_t *pa)
{
	return ffa_conduit_socket_va_to_pa(arg, va, pa);
}

void *ffa_conduit_socket_pa_to_va(struct ffa_conduit_socket *s, uint64_t pa, uint64_t size)
{
	if (!s || pa + size < pa)
		return NULL;
	if (pa >= s->base && pa - s->base <= s->arena_size && size <= s->arena_size - (pa - s->base))
		return s->arena + (pa - s->base);
	for (unsigned int i = 0; i < s->map_count; i++) {
		const struct foreign *m = &s->maps[i];
		if (pa >= m->base && pa - m->base <= m->size && size <= m->size - (pa - m->base))
			return (uint8_t *)m->ptr + (pa - m->base);
	}
	return NULL;
}

int ffa_conduit_socket_conduit(struct ffa_conduit_socket *s, struct ffa_conduit *conduit)
{
	if (!s || !conduit)
		return FFA_ERR_BAD_ARGUMENT;
	conduit->call = sock_call;
	conduit->priv = s;
	conduit->caps = FFA_CONDUIT_CAP_SMC64 | FFA_CONDUIT_CAP_REGS18;
	return 0;
}

int ffa_conduit_socket_port(struct ffa_conduit_socket *s, struct ffa_port *port)
{
	if (!s || !port)
		return FFA_ERR_BAD_ARGUMENT;
	memset(port, 0, sizeof(*port));
	port->va_to_pa = port_va_to_pa;
	port->arg = s;
	return 0;
}

void *ffa_conduit_socket_alloc(struct ffa_conduit_socket *s, uint32_t pages)
{
	uint64_t n;

	if (!s || pages == 0)
		return NULL;
	n = s->arena_size / PAGE;
	for (uint64_t i = 0, run = 0; i < n; i++) {
		run = s->used[i] ? 0 : run + 1;
		if (run == pages) {
			uint64_t first = i + 1 - pages;
			memset(s->used + first, 1, pages);
			memset(s->arena + first * PAGE, 0, (size_t)pages * PAGE);
			return s->arena + first * PAGE;
		}
	}
	return NULL;
}

int ffa_conduit_socket_free(struct ffa_conduit_socket *s, void *p, uint32_t pages)
{
	uintptr_t off;

	if (!s || !p || pages == 0 || (uintptr_t)p < (uintptr_t)s->arena)
		return FFA_ERR_BAD_ARGUMENT;
	off = (uintptr_t)p - (uintptr_t)s->arena;
	if (off % PAGE || off / PAGE + pages > s->arena_size / PAGE)
		return FFA_ERR_BAD_ARGUMENT;
	for (uint32_t i = 0; i < pages; i++)
		if (!s->used[off / PAGE + i])
			return FFA_ERR_BAD_ARGUMENT;
	memset(s->used + off / PAGE, 0, pages);
	return 0;
}

uint16_t ffa_conduit_socket_endpoint(const struct ffa_conduit_socket *s)
{
	return s ? s->endpoint : 0;
}

uint64_t ffa_conduit_socket_base(const struct ffa_conduit_socket *s)
{
	return s ? s->base : 0;
}

int ffa_conduit_socket_fd(const struct ffa_conduit_socket *s)
{
	return s ? s->fd : -1;
}
