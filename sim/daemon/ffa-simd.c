/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ffa-simd - the simulator daemon: the reference partition manager
 * (ffa_sim) served over a Unix socket (docs/ffa-simd.md, protocol in
 * docs/socket-protocol.md).
 *
 * One thread, one poll() loop. Each connection plays one endpoint of the
 * manifest (a VM, the hypervisor, or an external SP). A CALL goes to
 * ffa_sim_call(); an immediate answer goes back at once, a blocked caller
 * gets its ANSWER when the simulator's wake() names it. Client memory is
 * the client's arena (memfd), mapped here and added to the simulator as
 * memory that endpoint owns; the map() hook resolves addresses inside
 * arenas, and only the arena's own endpoint may name its pages (the
 * partition manager itself - FFA_SIM_MAP_PM - reaches any arena, after the
 * ownership table allowed the access).
 *
 * Anything malformed from a client closes that client only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <ffa/conduit_socket.h>
#include <ffa/defs.h>
#include <ffa/desc.h>
#include <ffa/error.h>
#include <ffa_sim/sim.h>

#include "manifest.h"
#include "sock_io.h"

#define MAX_CONNS 512
#define MAX_HANDLES 512
#define PAGE 4096u

enum { L_ERROR, L_WARN, L_INFO, L_DEBUG };

struct slot {
	const struct ffa_sim_endpoint_config *ep;
	const char *name;
	int conn;        /* index into conns, or -1 */
	bool retired;    /* its client died while memory it lent is still
			    borrowed: the arena stays until it is free */
	int memfd;       /* arena (kept while the simulator may use it) */
	uint8_t *arena;
	uint64_t size, base;
	uint64_t rx_pa, tx_pa;
	bool rxtx;
	uint32_t seq;    /* sequence of the outstanding CALL */
	bool woken;
	bool npi;        /* an NPI to deliver before its next answer */
	uint64_t owned[MAX_HANDLES]; /* handles it sent (reclaimed if it dies) */
	unsigned int n_owned;
	uint64_t held[MAX_HANDLES];  /* handles it retrieved (relinquished if it dies) */
	unsigned int n_held;
	uint8_t sent_map[FFA_SIM_MAX_ENDPOINTS]; /* arenas already sent to it */
	struct ffa_mem_reasm resp; /* the retrieve response it is being given */
	bool resp_on;
};

struct conn {
	int fd;
	int slot; /* -1 before HELLO */
};

struct simd {
	struct simd_manifest man;
	struct ffa_sim *sim;
	void *storage;
	struct slot slots[FFA_SIM_MAX_ENDPOINTS];
	uint32_t nslots;
	struct conn conns[MAX_CONNS];
	int listen_fd;
	const char *path;
	int level;
	bool trace;
	unsigned int sri_pending;
	bool any_woken;  /* some slot has woken set */
	bool any_npi;    /* some slot has npi set */
	int conn_top;    /* conns[conn_top..] are all free */
	uint32_t sri_intid, npi_intid;
	int hyp_slot;
};

static volatile sig_atomic_t stop_signal;

static void logf_(struct simd *d, int level, const char *fmt, ...)
{
	static const char *const tag[] = { "error", "warn", "info", "debug" };
	va_list ap;

	if (level > d->level)
		return;
	fprintf(stderr, "ffa-simd: %s: ", tag[level]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int slot_of_id(const struct simd *d, uint16_t id)
{
	for (uint32_t i = 0; i < d->nslots; i++)
		if (d->slots[i].ep->id == id)
			return (int)i;
	return -1;
}

/* ---- simulator hooks ------------------------------------------------------ */

static void *h_map(void *arg, uint16_t endpoint, uint64_t pa, uint64_t size)
{
	struct simd *d = arg;
	uint64_t n, off;
	struct slot *s;

	if (pa < FFA_SOCK_PA_BASE)
		return NULL;
	n = (pa - FFA_SOCK_PA_BASE) / FFA_SOCK_PA_STRIDE;
	if (n >= d->nslots)
		return NULL;
	s = &d->slots[n];
	if (!s->arena)
		return NULL;
	if (endpoint != FFA_SIM_MAP_PM && endpoint != s->ep->id)
		return NULL;
	off = pa - s->base;
	if (off > s->size || size > s->size - off)
		return NULL;
	return s->arena + off;
}

static void h_wake(void *arg, uint16_t endpoint)
{
	struct simd *d = arg;
	int i = slot_of_id(d, endpoint);

	if (i >= 0) {
		d->slots[i].woken = true;
		d->any_woken = true;
	}
}

static void h_sri(void *arg, uint16_t scheduler)
{
	struct simd *d = arg;

	(void)scheduler;
	d->sri_pending++;
}

static void h_npi(void *arg, uint16_t endpoint, uint16_t vcpu)
{
	struct simd *d = arg;
	int i = slot_of_id(d, endpoint);

	(void)vcpu; /* one execution context per client */
	if (i >= 0) {
		d->slots[i].npi = true;
		d->any_npi = true;
	}
}

static void h_trace(void *arg, const struct ffa_sim_trace_rec *rec)
{
	struct simd *d = arg;
	char line[256];

	(void)d;
	ffa_sim_trace_format(rec, line, sizeof(line));
	fprintf(stderr, "ffa-simd: trace: %s\n", line);
}

static void h_console(void *arg, uint16_t endpoint, const char *text, size_t len)
{
	(void)arg;
	fprintf(stderr, "ffa-simd: console 0x%04x: %.*s\n", endpoint, (int)len, text);
}

/* ---- connections ----------------------------------------------------------- */

static int send_answer(struct simd *d, struct slot *s, const struct ffa_regs *out);

static void list_del(uint64_t *l, unsigned int *n, uint64_t h)
{
	for (unsigned int i = 0; i < *n; i++)
		if (l[i] == h) {
			l[i] = l[--*n];
			return;
		}
}

static void list_add(uint64_t *l, unsigned int *n, uint64_t h)
{
	if (*n < MAX_HANDLES)
		l[(*n)++] = h;
}

/* The caller's own call: make it as @s (for the cleanup of a dead client). */
static int call_as(struct simd *d, struct slot *s, uint64_t x0, uint64_t x1, uint64_t x2,
		   uint64_t x3, struct ffa_regs *out)
{
	struct ffa_regs in = { { x0, x1, x2, x3 } };
	int rc = ffa_sim_call(d->sim, s->ep->id, &in, out);

	if (rc == FFA_SIM_BLOCKED) /* cannot happen for these calls; never leave it hanging */
		return FFA_ERR_PROTOCOL;
	return rc;
}

/* Send @s the arena of slot @n (MAP frame), once. */
static void send_map(struct simd *d, struct slot *s, uint32_t n)
{
	struct slot *l = &d->slots[n];
	struct ffa_sock_frame f = { .type = FFA_SOCK_MAP };

	if (s->sent_map[n] || l == s || !l->arena || l->memfd < 0 || s->conn < 0)
		return;
	f.base = l->base;
	f.size = l->size;
	f.endpoint = l->ep->id;
	if (ffa__sock_send(d->conns[s->conn].fd, &f, l->memfd) == 0)
		s->sent_map[n] = 1;
}

/*
 * A fragment of the retrieve response @s is being given is in its RX
 * buffer (@len bytes; @first: the first one, @total the whole length).
 * Its ranges say which arenas the client needs - but the RX buffer is the
 * client's memory, which another thread of it may rewrite at any time
 * (known-bugs 31): the fragment is copied once, and an arena is sent only
 * for a range the simulator's ownership table lets this endpoint use now.
 * Whatever the copy says, a client never reaches memory it may not use.
 */
static void response_fragment(struct simd *d, struct slot *s, bool first, uint32_t total,
			      uint32_t len)
{
	const uint8_t *rx = s->rxtx ? h_map(d, s->ep->id, s->rx_pa, len) : NULL;
	const struct ffa_mem_desc *desc;
	uint8_t *copy = rx && len ? malloc(len) : NULL;
	uint32_t version = 0, pages;
	uint64_t addr;
	int rc;

	if (first)
		s->resp_on = ffa_sim_endpoint_version(d->sim, s->ep->id, &version, NULL) == 0 &&
			     ffa_mem_reasm_init(&s->resp, version, FFA_MEM_DESC_RETRIEVE_RESP,
						total) == 0;
	if (!s->resp_on || !copy) {
		s->resp_on = false;
		free(copy);
		return;
	}
	memcpy(copy, rx, len);
	rc = ffa_mem_reasm_feed(&s->resp, copy, len);
	desc = first && rc == 0 ? ffa_mem_reasm_desc(&s->resp) : NULL;
	if (desc)
		list_add(s->held, &s->n_held, desc->handle);
	while (rc == 0 && (rc = ffa_mem_reasm_next(&s->resp, &addr, &pages)) == 1) {
		uint64_t n = (addr - FFA_SOCK_PA_BASE) / FFA_SOCK_PA_STRIDE;

		rc = 0;
		if (addr >= FFA_SOCK_PA_BASE && n < d->nslots &&
		    ffa_sim_memory_access(d->sim, s->ep->id, addr, (uint64_t)pages * PAGE, NULL) == 0)
			send_map(d, s, (uint32_t)n);
	}
	if (rc < 0 || ffa_mem_reasm_done(&s->resp))
		s->resp_on = false;
	free(copy);
}

/*
 * What the daemon learns from a call and its answer: the RX/TX pair (to
 * read retrieve responses), handles sent and retrieved (to clean up when
 * the client dies), and which lender arena a borrower needs (MAP frame
 * before the ANSWER).
 */
static void observe(struct simd *d, struct slot *s, const struct ffa_regs *in,
		    const struct ffa_regs *out)
{
	uint32_t fn = (uint32_t)in->x[0] & ~0x40010000u, ans = (uint32_t)out->x[0] & ~0x40000000u;
	uint64_t h = 0;

	if (ans == FFA_ERROR_32)
		return;
	switch (fn) {
	case FFA_RXTX_MAP_64 & ~0x40000000u:
		if (ans == FFA_SUCCESS_32) {
			s->tx_pa = in->x[1];
			s->rx_pa = in->x[2];
			s->rxtx = true;
		}
		break;
	case FFA_RXTX_UNMAP_32:
		if (ans == FFA_SUCCESS_32 && (in->x[1] >> 16) == 0)
			s->rxtx = false;
		break;
	case FFA_MEM_SHARE_64 & ~0x40000000u:
	case FFA_MEM_LEND_64 & ~0x40000000u:
	case FFA_MEM_DONATE_64 & ~0x40000000u:
	case FFA_MEM_FRAG_TX_32:
		if (ans == FFA_SUCCESS_32)
			list_add(s->owned, &s->n_owned,
				 (uint32_t)out->x[2] | (uint64_t)(uint32_t)out->x[3] << 32);
		break;
	case FFA_MEM_RECLAIM_32:
		if (ans == FFA_SUCCESS_32)
			list_del(s->owned, &s->n_owned,
				 (uint32_t)in->x[1] | (uint64_t)(uint32_t)in->x[2] << 32);
		break;
	case FFA_MEM_RETRIEVE_REQ_64 & ~0x40000000u:
		if (ans == FFA_MEM_RETRIEVE_RESP_32)
			response_fragment(d, s, true, (uint32_t)out->x[1], (uint32_t)out->x[2]);
		break;
	case FFA_MEM_FRAG_RX_32:
		if (ans == FFA_MEM_FRAG_TX_32 && s->resp_on)
			response_fragment(d, s, false, 0, (uint32_t)out->x[3]);
		break;
	case FFA_MEM_RELINQUISH_32:
		/* The handle is in the caller's TX buffer (relinquish descriptor). */
		if (ans == FFA_SUCCESS_32 && s->rxtx) {
			const uint8_t *tx = h_map(d, s->ep->id, s->tx_pa, 8);
			if (tx) {
				h = 0;
				for (int i = 7; i >= 0; i--)
					h = h << 8 | tx[i];
				list_del(s->held, &s->n_held, h);
			}
		}
		break;
	default:
		break;
	}
}

/* Give back what a dead client held. First the simulator aborts whatever
 * it was doing (a requester blocked on it gets FFA_ERROR(ABORTED), a
 * partition working for it finishes for nobody), so that it is idle; then
 * the FF-A calls the client would have made (relinquish what it retrieved,
 * reclaim what it sent, unmap RX/TX); then the simulator forgets the rest
 * (half-sent transactions, notification state, version). Returns true when
 * its arena is free again; false when memory it lent is still borrowed
 * (the arena stays until release_retired() succeeds). */
static bool undo_client(struct simd *d, struct slot *s)
{
	struct ffa_regs out;
	uint32_t where = 0;

	if (ffa_sim_blocked(d->sim, s->ep->id))
		logf_(d, L_INFO, "%s (0x%04x) died blocked in the simulator; aborted", s->name,
		      s->ep->id);
	ffa_sim_abort(d->sim, s->ep->id);
	while (s->n_held && s->rxtx) {
		uint64_t h = s->held[--s->n_held];
		uint8_t *tx = h_map(d, s->ep->id, s->tx_pa, PAGE);
		uint16_t me = s->ep->id;
		int len = tx ? ffa_mem_relinquish_encode(h, 0, &me, 1, tx, PAGE) : -1;
		if (len < 0 || call_as(d, s, FFA_MEM_RELINQUISH_32, 0, 0, 0, &out) ||
		    (uint32_t)out.x[0] != FFA_SUCCESS_32)
			logf_(d, L_WARN, "0x%04x: relinquish of handle 0x%llx failed", me,
			      (unsigned long long)h);
	}
	while (s->n_owned) {
		uint64_t h = s->owned[--s->n_owned];
		if (call_as(d, s, FFA_MEM_RECLAIM_32, (uint32_t)h, h >> 32, 0, &out) ||
		    (uint32_t)out.x[0] != FFA_SUCCESS_32)
			logf_(d, L_WARN, "0x%04x: handle 0x%llx still borrowed; its memory stays",
			      s->ep->id, (unsigned long long)h);
	}
	if (s->rxtx) {
		call_as(d, s, FFA_RXTX_UNMAP_32, 0, 0, 0, &out);
		s->rxtx = false;
	}
	s->n_held = 0;
	if (ffa_sim_endpoint_reset(d->sim, s->ep->id) < 0)
		logf_(d, L_ERROR, "0x%04x: reset refused", s->ep->id);
	if (ffa_sim_check(d->sim, &where))
		logf_(d, L_ERROR, "after the reset of 0x%04x: rule %u", s->ep->id, where);
	return !s->arena || ffa_sim_memory_remove(d->sim, s->ep->id, s->base, s->size) == 0;
}

/* The arena of a slot whose client is gone: unmapped, and forgotten by
 * every client it was sent to (a new one gets a MAP again). */
static void release_arena(struct simd *d, int si)
{
	struct slot *s = &d->slots[si];

	if (s->arena)
		munmap(s->arena, s->size);
	if (s->memfd >= 0)
		close(s->memfd);
	s->arena = NULL;
	s->memfd = -1;
	s->retired = false;
	memset(s->sent_map, 0, sizeof(s->sent_map));
	for (uint32_t i = 0; i < d->nslots; i++)
		d->slots[i].sent_map[si] = 0;
}

/* A retired arena is released once the borrowers gave its memory back. */
static bool release_retired(struct simd *d, int si)
{
	struct slot *s = &d->slots[si];

	if (!s->retired || ffa_sim_memory_remove(d->sim, s->ep->id, s->base, s->size) != 0)
		return !s->retired;
	release_arena(d, si);
	logf_(d, L_INFO, "%s (0x%04x): its lent memory came back; it can be played again",
	      s->name, s->ep->id);
	return true;
}

static void drop(struct simd *d, int ci, const char *why)
{
	struct conn *c = &d->conns[ci];

	if (c->slot >= 0) {
		struct slot *s = &d->slots[c->slot];
		logf_(d, why ? L_WARN : L_INFO, "%s (0x%04x) disconnected%s%s", s->name, s->ep->id,
		      why ? ": " : "", why ? why : "");
		s->conn = -1;
		s->npi = false;
		if (undo_client(d, s)) {
			release_arena(d, c->slot);
		} else {
			s->retired = true; /* the arena stays mapped: borrowers use it */
			logf_(d, L_WARN, "%s (0x%04x): memory it lent is still borrowed; it can be "
			      "played again once the borrowers relinquish", s->name, s->ep->id);
		}
	} else if (why) {
		logf_(d, L_WARN, "client dropped before HELLO: %s", why);
	}
	close(c->fd);
	c->fd = -1;
	c->slot = -1;
	while (d->conn_top > 0 && d->conns[d->conn_top - 1].fd < 0)
		d->conn_top--;
}

static int send_answer(struct simd *d, struct slot *s, const struct ffa_regs *out)
{
	struct ffa_sock_frame f = { .type = FFA_SOCK_ANSWER, .seq = s->seq, .regs = *out };

	if (s->conn < 0)
		return 0;
	return ffa__sock_send(d->conns[s->conn].fd, &f, -1);
}

/* After every poll round: NPIs, answers of woken endpoints, SRIs. A drop
 * while sending (its cleanup calls the simulator) may wake more. */
static void flush(struct simd *d)
{
again:
	/* An NPI reaches its partition before the answer that lets it run
	 * (the conduit has it queued when that call returns). */
	while (d->any_npi) {
		d->any_npi = false;
		for (uint32_t i = 0; i < d->nslots; i++) {
			struct slot *s = &d->slots[i];
			struct ffa_sock_frame f = { .type = FFA_SOCK_ASYNC, .kind = FFA_SOCK_ASYNC_NPI };

			if (!s->npi)
				continue;
			s->npi = false;
			f.arg = d->npi_intid;
			if (s->conn >= 0 && ffa__sock_send(d->conns[s->conn].fd, &f, -1) != 0)
				drop(d, s->conn, "cannot send");
		}
	}
	while (d->any_woken) {
		d->any_woken = false;
		for (uint32_t i = 0; i < d->nslots; i++) {
			struct slot *s = &d->slots[i];
			struct ffa_regs out;

			if (!s->woken)
				continue;
			s->woken = false;
			if (ffa_sim_take_answer(d->sim, s->ep->id, &out) == 1 && s->conn >= 0 &&
			    send_answer(d, s, &out) != 0)
				drop(d, s->conn, "cannot send");
		}
	}
	if (d->any_npi)
		goto again;
	while (d->sri_pending) {
		d->sri_pending--;
		if (d->hyp_slot >= 0 && d->slots[d->hyp_slot].conn >= 0) {
			struct ffa_sock_frame f = { .type = FFA_SOCK_ASYNC, .kind = FFA_SOCK_ASYNC_SRI };
			f.arg = d->sri_intid;
			ffa__sock_send(d->conns[d->slots[d->hyp_slot].conn].fd, &f, -1);
		}
	}
}

static int welcome(struct simd *d, int ci, int status, uint64_t base)
{
	struct ffa_sock_frame f = { .type = FFA_SOCK_WELCOME, .status = status, .base = base };

	return ffa__sock_send(d->conns[ci].fd, &f, -1);
}

/* Refuse a HELLO: the WELCOME with @status, the arena descriptor closed. */
static void refuse(struct simd *d, int ci, int fd, int status, const char *why)
{
	if (fd >= 0)
		close(fd);
	welcome(d, ci, status, 0);
	drop(d, ci, why);
}

static void hello(struct simd *d, int ci, const struct ffa_sock_frame *f, int fd)
{
	int si = slot_of_id(d, f->endpoint), rc;
	struct slot *s;
	struct stat st;
	void *p;

	if (si < 0) {
		refuse(d, ci, fd, FFA_ERR_INVALID_PARAMETERS,
		       "HELLO for an endpoint the manifest does not have");
		return;
	}
	s = &d->slots[si];
	if (s->ep->ops) {
		refuse(d, ci, fd, FFA_ERR_DENIED, "HELLO for a built-in partition");
		return;
	}
	if (s->conn >= 0) {
		refuse(d, ci, fd, FFA_ERR_BUSY, "HELLO for an endpoint another connection plays");
		return;
	}
	if (!release_retired(d, si)) {
		refuse(d, ci, fd, FFA_ERR_DENIED,
		       "HELLO for an endpoint whose lent memory is still borrowed");
		return;
	}
	if (fd < 0 || f->size < PAGE || f->size > FFA_SOCK_ARENA_MAX || (f->size & (PAGE - 1)) ||
	    fstat(fd, &st) != 0 || (uint64_t)st.st_size < f->size) {
		refuse(d, ci, fd, FFA_ERR_INVALID_PARAMETERS, "HELLO without a usable arena");
		return;
	}
	p = mmap(NULL, f->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		refuse(d, ci, fd, FFA_ERR_NO_MEMORY, "cannot map the arena");
		return;
	}
	s->arena = p;
	s->size = f->size;
	s->base = FFA_SOCK_PA_BASE + (uint64_t)si * FFA_SOCK_PA_STRIDE;
	s->memfd = fd;
	rc = ffa_sim_memory_add(d->sim, s->ep->id, s->base, s->size, 0);
	if (rc) {
		munmap(p, f->size);
		s->arena = NULL;
		s->memfd = -1;
		welcome(d, ci, FFA_ERR_NO_MEMORY, 0);
		drop(d, ci, "the simulator refused the arena");
		close(fd);
		return;
	}
	s->conn = ci;
	d->conns[ci].slot = si;
	if (welcome(d, ci, 0, s->base) != 0) {
		drop(d, ci, "cannot send WELCOME");
		return;
	}
	logf_(d, L_INFO, "%s (0x%04x) connected, arena %llu KiB at 0x%llx", s->name, s->ep->id,
	      (unsigned long long)(s->size / 1024), (unsigned long long)s->base);
}

static void call(struct simd *d, int ci, const struct ffa_sock_frame *f)
{
	struct slot *s = &d->slots[d->conns[ci].slot];
	struct ffa_regs out;
	int rc;

	if (ffa_sim_blocked(d->sim, s->ep->id)) {
		drop(d, ci, "CALL while its previous call is outstanding");
		return;
	}
	s->seq = f->seq;
	rc = ffa_sim_call(d->sim, s->ep->id, &f->regs, &out);
	if (rc == FFA_SIM_BLOCKED)
		return;
	if (rc < 0) {
		drop(d, ci, "the simulator refused the call (protocol error)");
		return;
	}
	observe(d, s, &f->regs, &out);
	if (send_answer(d, s, &out) != 0)
		drop(d, ci, "cannot send");
}

static void readable(struct simd *d, int ci)
{
	struct ffa_sock_frame f;
	int fd, rc = ffa__sock_recv(d->conns[ci].fd, &f, &fd, false);

	if (rc == FFA_ERR_CONDUIT) {
		drop(d, ci, NULL);
		return;
	}
	if (rc) {
		drop(d, ci, "malformed or truncated frame");
		return;
	}
	if (d->conns[ci].slot < 0) {
		if (f.type != FFA_SOCK_HELLO) {
			if (fd >= 0)
				close(fd);
			drop(d, ci, "first frame is not HELLO");
			return;
		}
		hello(d, ci, &f, fd);
		return;
	}
	if (fd >= 0) {
		close(fd);
		drop(d, ci, "unexpected file descriptor");
		return;
	}
	if (f.type != FFA_SOCK_CALL) {
		drop(d, ci, "unexpected frame type");
		return;
	}
	call(d, ci, &f);
}

/* ---- setup ------------------------------------------------------------------- */

static int listen_on(struct simd *d)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(d->path) >= sizeof(sa.sun_path)) {
		logf_(d, L_ERROR, "socket path too long: %s", d->path);
		return -1;
	}
	strcpy(sa.sun_path, d->path);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		logf_(d, L_ERROR, "socket: %s", strerror(errno));
		return -1;
	}
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 && errno == EADDRINUSE) {
		/* A live daemon answers; a stale socket file does not. */
		int probe = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
		bool live = probe >= 0 && connect(probe, (struct sockaddr *)&sa, sizeof(sa)) == 0;
		if (probe >= 0)
			close(probe);
		if (live) {
			logf_(d, L_ERROR, "%s is taken: another ffa-simd is serving it", d->path);
			close(fd);
			return -1;
		}
		unlink(d->path);
		errno = 0;
		if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
			goto bad;
	} else if (errno && access(d->path, F_OK) != 0) {
		goto bad;
	}
	if (listen(fd, 64) != 0)
		goto bad;
	d->listen_fd = fd;
	return 0;
bad:
	logf_(d, L_ERROR, "cannot listen on %s: %s", d->path, strerror(errno));
	close(fd);
	return -1;
}

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void usage(FILE *o)
{
	fprintf(o,
		"usage: ffa-simd [-m MANIFEST] [-s SOCKET] [-l LEVEL] [-t] [-p PROFILE]\n"
		"  -m MANIFEST  partition manifest, .dts (compiled with dtc) or .dtb\n"
		"               (default: default.dts of the installation or source tree)\n"
		"  -s SOCKET    Unix socket to listen on (default: $FFA_SIMD_SOCKET,\n"
		"               else $XDG_RUNTIME_DIR/ffa-simd.sock, else /tmp/ffa-simd.sock)\n"
		"  -l LEVEL     error, warn, info (default), debug\n"
		"  -t           trace every FF-A call to stderr\n"
		"  -p PROFILE   quirks of a real manager: default, hafnium, tfa, optee\n"
		"  -h           this help\n");
}

/* The default manifest: an installed ffa-simd finds it relative to its own
 * directory (FFA_SIMD_MANIFEST_REL: ../share/libffa/default.dts for the
 * usual layout), whatever prefix it was installed to; one run from the
 * build tree uses the source tree's (FFA_SIMD_SOURCE_MANIFEST). */
#ifndef FFA_SIMD_MANIFEST_REL
#define FFA_SIMD_MANIFEST_REL "../share/libffa/default.dts"
#endif
#ifndef FFA_SIMD_SOURCE_MANIFEST
#define FFA_SIMD_SOURCE_MANIFEST "default.dts"
#endif

static const char *default_manifest(char *buf, size_t cap)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			if (snprintf(buf, cap, "%s/%s", exe, FFA_SIMD_MANIFEST_REL) < (int)cap &&
			    access(buf, R_OK) == 0)
				return buf;
		}
	}
	return FFA_SIMD_SOURCE_MANIFEST;
}

int main(int argc, char **argv)
{
	static struct simd d;
	static char installed[4096 + 64];
	const char *manifest = NULL;
	char path[108], err[256];
	enum ffa_sim_profile profile = FFA_SIM_PROFILE_DEFAULT;
	struct ffa_sim_config cfg = { 0 };
	struct pollfd pfd[MAX_CONNS + 1];
	sigset_t block, orig;
	size_t size;
	int opt, rc;

	d.level = L_INFO;
	d.listen_fd = -1;
	d.hyp_slot = -1;
	if (ffa_conduit_socket_default_path(path, sizeof(path)) == 0)
		d.path = path;
	while ((opt = getopt(argc, argv, "m:s:l:tp:h")) != -1) {
		switch (opt) {
		case 'm':
			manifest = optarg;
			break;
		case 's':
			d.path = optarg;
			break;
		case 'l':
			if (!strcmp(optarg, "error"))
				d.level = L_ERROR;
			else if (!strcmp(optarg, "warn"))
				d.level = L_WARN;
			else if (!strcmp(optarg, "info"))
				d.level = L_INFO;
			else if (!strcmp(optarg, "debug"))
				d.level = L_DEBUG;
			else {
				usage(stderr);
				return 2;
			}
			break;
		case 't':
			d.trace = true;
			break;
		case 'p':
			if (!strcmp(optarg, "default"))
				profile = FFA_SIM_PROFILE_DEFAULT;
			else if (!strcmp(optarg, "hafnium"))
				profile = FFA_SIM_PROFILE_HAFNIUM;
			else if (!strcmp(optarg, "tfa"))
				profile = FFA_SIM_PROFILE_TFA_EL3_SPMC;
			else if (!strcmp(optarg, "optee"))
				profile = FFA_SIM_PROFILE_OPTEE;
			else {
				usage(stderr);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!d.path || optind != argc) {
		usage(stderr);
		return 2;
	}
	if (!manifest)
		manifest = default_manifest(installed, sizeof(installed));
	if (simd_manifest_load(manifest, &d.man, err, sizeof(err)) != 0) {
		logf_(&d, L_ERROR, "bad manifest: %s", err);
		return 1;
	}
	cfg.version = d.man.version;
	cfg.endpoints = d.man.eps;
	cfg.endpoint_count = d.man.count;
	cfg.host = (struct ffa_sim_host){ .map = h_map, .wake = h_wake, .sri = h_sri,
					  .trace = d.trace ? h_trace : NULL,
					  .console = h_console, .npi = h_npi, .arg = &d };
	ffa_sim_quirks_profile(profile, &cfg.quirks);
	cfg.mem.seed = (uint64_t)time(NULL) ^ (uint64_t)getpid() << 32;
	cfg.sri_intid = d.sri_intid = 8;
	cfg.npi_intid = d.npi_intid = 5;
	rc = ffa_sim_storage_size(&cfg, &size);
	if (rc == 0) {
		d.storage = aligned_alloc(FFA_SIM_STORAGE_ALIGN,
					  (size + FFA_SIM_STORAGE_ALIGN - 1) & ~(size_t)15);
		rc = d.storage ? ffa_sim_create(&cfg, d.storage, size, &d.sim) : FFA_ERR_NO_MEMORY;
	}
	if (rc) {
		logf_(&d, L_ERROR, "bad manifest: %s: the simulator refuses this configuration (%s)",
		      manifest, ffa_strerror(rc));
		return 1;
	}
	d.nslots = d.man.count;
	for (uint32_t i = 0; i < d.nslots; i++) {
		d.slots[i] = (struct slot){ .ep = &d.man.eps[i], .name = d.man.names[i], .conn = -1,
					    .memfd = -1 };
		if (d.man.eps[i].flags & FFA_SIM_EP_HYPERVISOR)
			d.hyp_slot = (int)i;
	}
	for (int i = 0; i < MAX_CONNS; i++)
		d.conns[i] = (struct conn){ .fd = -1, .slot = -1 };

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &orig);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	if (listen_on(&d) != 0)
		return 1;
	logf_(&d, L_INFO, "serving %u endpoints on %s (manifest %s)", d.nslots, d.path, manifest);
	for (uint32_t i = 0; i < d.nslots; i++)
		logf_(&d, L_DEBUG, "  0x%04x %s%s", d.man.eps[i].id, d.man.names[i],
		      d.man.eps[i].ops ? " (built-in)" : "");

	while (!stop_signal) {
		int n = 0, map[MAX_CONNS + 1];

		pfd[n].fd = d.listen_fd;
		pfd[n].events = POLLIN;
		map[n++] = -1;
		for (int i = 0; i < d.conn_top; i++)
			if (d.conns[i].fd >= 0) {
				pfd[n].fd = d.conns[i].fd;
				pfd[n].events = POLLIN;
				map[n++] = i;
			}
		rc = ppoll(pfd, (nfds_t)n, NULL, &orig);
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			logf_(&d, L_ERROR, "poll: %s", strerror(errno));
			break;
		}
		/* Hang-ups first: a request must not reach a partition whose
		 * client is already gone, just because its socket comes later
		 * in the table. */
		for (int k = 1; k < n; k++)
			if ((pfd[k].revents & (POLLHUP | POLLERR)) && d.conns[map[k]].fd == pfd[k].fd)
				drop(&d, map[k], NULL);
		for (int k = 1; k < n; k++)
			if (pfd[k].revents && d.conns[map[k]].fd == pfd[k].fd)
				readable(&d, map[k]);
		flush(&d);
		if (pfd[0].revents & POLLIN) {
			int fd = accept4(d.listen_fd, NULL, NULL, SOCK_CLOEXEC);
			int i;
			for (i = 0; fd >= 0 && i < MAX_CONNS && d.conns[i].fd >= 0; i++)
				;
			if (fd >= 0 && i == MAX_CONNS) {
				logf_(&d, L_WARN, "too many connections; refusing one");
				close(fd);
			} else if (fd >= 0) {
				d.conns[i].fd = fd;
				d.conns[i].slot = -1;
				if (i >= d.conn_top)
					d.conn_top = i + 1;
			}
		}
	}
	if (stop_signal)
		logf_(&d, L_INFO, "signal %d: shutting down", (int)stop_signal);
	for (int i = 0; i < MAX_CONNS; i++)
		if (d.conns[i].fd >= 0)
			close(d.conns[i].fd);
	close(d.listen_fd);
	unlink(d.path);
	{
		uint32_t where = 0;
		rc = ffa_sim_check(d.sim, &where);
		if (rc)
			logf_(&d, L_ERROR, "invariant check failed at shutdown (rule %u)", where);
	}
	free(d.storage);
	return rc ? 1 : 0;
}
