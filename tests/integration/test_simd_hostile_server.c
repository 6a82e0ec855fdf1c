/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The socket conduit against a hostile server: a fake daemon (a thread of
 * this test) answers the conduit's HELLO and CALLs with frames drawn from a
 * seeded generator - valid answers, wrong sequence numbers, truncated and
 * over-long frames, bad magic/version/type/length, reserved bytes set,
 * unexpected descriptors, MAP frames with bad geometry, floods of ASYNC
 * frames, a hang-up. Every libffa call must end with a valid answer,
 * FFA_ERR_PROTOCOL or FFA_ERR_CONDUIT (never a crash, a hang or a leak
 * under ASan), and once a connection broke every later call is
 * FFA_ERR_CONDUIT.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "simd_fixture.h"
#include "sock_io.h"

#define ROUNDS 300

struct fake {
	int listen_fd;
	char dir[64], path[108];
	uint64_t seed;
};

static uint64_t rnd(uint64_t *s)
{
	/* splitmix64 */
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* One hostile reply to a CALL with sequence @seq. Returns false when the
 * server hangs up. */
static bool reply(int fd, uint32_t seq, uint64_t *s)
{
	uint8_t b[FFA_SOCK_FRAME_MAX + 16];
	struct ffa_sock_frame f = { .type = FFA_SOCK_ANSWER, .seq = seq };
	int len, extra_fd = -1;
	unsigned int kind = (unsigned int)(rnd(s) % 14);

	f.regs.x[0] = FFA_SUCCESS_32;
	for (unsigned int i = 1; i < FFA_REGS_COUNT; i++)
		f.regs.x[i] = rnd(s) % 4 ? 0 : rnd(s);
	switch (kind) {
	case 0: /* a flood of valid ASYNC frames first */
		for (unsigned int i = 0; i < 80; i++) {
			struct ffa_sock_frame a = { .type = FFA_SOCK_ASYNC, .kind = 1 + i % 2, .arg = i };
			len = ffa_sock_frame_encode(&a, b, sizeof(b));
			ffa__sock_send_bytes(fd, b, (size_t)len, -1);
		}
		break;
	case 1: /* wrong sequence */
		f.seq = seq + 1;
		break;
	case 2: /* a MAP with bad geometry and a real descriptor */
	case 3: { /* a valid MAP, then the answer */
		struct ffa_sock_frame m = { .type = FFA_SOCK_MAP, .base = FFA_SOCK_PA_BASE + (9ull << 32),
					    .size = 8192, .endpoint = 0x8009 };
		int mfd = memfd_create("hostile", MFD_CLOEXEC);
		if (mfd >= 0 && ftruncate(mfd, 8192) == 0) {
			if (kind == 2)
				m.size = rnd(s) % 2 ? 4097 : (uint64_t)1 << 40;
			len = ffa_sock_frame_encode(&m, b, sizeof(b));
			ffa__sock_send_bytes(fd, b, (size_t)len, mfd);
		}
		if (mfd >= 0)
			close(mfd);
		break;
	}
	case 4: /* hang up */
		return false;
	default:
		break;
	}
	len = ffa_sock_frame_encode(&f, b, sizeof(b));
	switch (kind) {
	case 5: len = (int)(rnd(s) % (uint64_t)len); break;        /* truncated */
	case 6: b[rnd(s) % 16] ^= (uint8_t)(1u << (rnd(s) % 8)); break; /* header bit */
	case 7: len += 1 + (int)(rnd(s) % 15); break;              /* over-long */
	case 8: extra_fd = memfd_create("x", MFD_CLOEXEC); break;   /* unexpected fd */
	case 9: b[6] = FFA_SOCK_WELCOME; break;                    /* wrong type */
	default: break;                                             /* valid */
	}
	if (len > 0 || kind == 5)
		ffa__sock_send_bytes(fd, b, (size_t)len, extra_fd);
	if (extra_fd >= 0)
		close(extra_fd);
	return true;
}

static void *serve(void *arg)
{
	struct fake *fk = arg;
	uint64_t s = fk->seed;

	for (;;) {
		int fd = accept4(fk->listen_fd, NULL, NULL, SOCK_CLOEXEC), in;
		struct ffa_sock_frame f;
		uint8_t b[FFA_SOCK_FRAME_MAX];
		int len;

		if (fd < 0)
			return NULL;
		if (ffa__sock_recv(fd, &f, &in, false) == 0 && f.type == FFA_SOCK_HELLO) {
			struct ffa_sock_frame w = { .type = FFA_SOCK_WELCOME,
						    .base = FFA_SOCK_PA_BASE };
			if (in >= 0)
				close(in);
			len = ffa_sock_frame_encode(&w, b, sizeof(b));
			ffa__sock_send_bytes(fd, b, (size_t)len, -1);
			while (ffa__sock_recv(fd, &f, &in, false) == 0 && f.type == FFA_SOCK_CALL &&
			       reply(fd, f.seq, &s))
				;
		}
		if (in >= 0)
			close(in);
		close(fd);
	}
}

Test(simd_hostile_server, every_call_ends_in_an_answer_or_a_transport_error)
{
	struct fake fk = { .seed = 0x5EED0001 };
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	pthread_t th;
	unsigned int answers = 0, protocol = 0, conduit = 0;

	strcpy(fk.dir, "/tmp/ffa-hostile-XXXXXX");
	cr_assert_not_null(mkdtemp(fk.dir));
	snprintf(fk.path, sizeof(fk.path), "%s/s.sock", fk.dir);
	strcpy(sa.sun_path, fk.path);
	fk.listen_fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	cr_assert_eq(bind(fk.listen_fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(listen(fk.listen_fd, 4), 0);
	cr_assert_eq(pthread_create(&th, NULL, serve, &fk), 0);

	for (unsigned int round = 0; round < ROUNDS;) {
		struct ffa_conduit_socket *s;
		struct ffa_conduit cd;
		struct ffa_regs in = { { FFA_ID_GET_32 } }, out;
		uint32_t kind;
		int rc;

		assert_rc(ffa_conduit_socket_connect(fk.path, VM1, 0, &s), 0);
		ffa_conduit_socket_conduit(s, &cd);
		for (;; round++) {
			rc = cd.call(cd.priv, &in, &out);
			if (rc == 0) {
				answers++;
				cr_assert_eq(out.x[0], FFA_SUCCESS_32);
			} else {
				cr_assert(rc == FFA_ERR_PROTOCOL || rc == FFA_ERR_CONDUIT, "rc %d", rc);
				rc == FFA_ERR_PROTOCOL ? protocol++ : conduit++;
				/* Broken for good. */
				assert_rc(cd.call(cd.priv, &in, &out), FFA_ERR_CONDUIT);
				while (ffa_conduit_socket_poll(s, 0, &kind, NULL) == 1)
					cr_assert(kind == FFA_SOCK_ASYNC_SRI || kind == FFA_SOCK_ASYNC_NPI);
				break;
			}
			/* A valid MAP is usable; nothing else was mapped. */
			cr_assert_null(ffa_conduit_socket_pa_to_va(s, FFA_SOCK_PA_BASE + (9ull << 32),
								  8193));
		}
		ffa_conduit_socket_close(s);
		round++;
	}
	cr_assert_gt(answers, 0);
	cr_assert_gt(protocol, 0);
	cr_assert_gt(conduit, 0);
	shutdown(fk.listen_fd, SHUT_RDWR);
	close(fk.listen_fd);
	pthread_join(th, NULL);
	unlink(fk.path);
	rmdir(fk.dir);
}
