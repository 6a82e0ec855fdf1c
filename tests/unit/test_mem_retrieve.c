/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_MEM_RETRIEVE_REQ and a possibly fragmented FFA_MEM_RETRIEVE_RESP at
 * register level (ffa-memory.md 8.3, 8.4, 9): the request bytes, the
 * FRAG_RX / FRAG_TX exchange through the RX buffer, RX released exactly
 * once per delivered fragment, malformed responses and lengths, wrong
 * handles, and the undo (drain + relinquish) of a failed retrieval.
 */
#include <stdlib.h>
#include <string.h>

#include "desc_vectors.h"
#include "mem_test.h"

#define H1 0xFFFFFFC100001234ull
#define H2 0x0000100000000000ull

static const int wire_errors[] = { FFA_TEST_WIRE_ERRORS };
static const uint32_t hostile_fids[] = { FFA_TEST_HOSTILE_FIDS };

/* ---- The caller's sink ------------------------------------------------------- */

struct sink_state {
	unsigned int headers;
	uint64_t handle;
	uint16_t sender, emad_id;
	uint8_t perm;
	size_t n;
	struct ffa_mem_range got[1024];
	size_t fail_at; /* range index whose callback fails (0 = never) */
	int fail_rc;
	int header_rc;
};

static int sink_header(void *arg, const struct ffa_mem_desc *d)
{
	struct sink_state *s = arg;
	struct ffa_mem_receiver r;

	s->headers++;
	s->handle = d->handle;
	s->sender = d->sender;
	cr_assert_eq(ffa_mem_desc_receiver(d, 0, &r), 0);
	s->emad_id = r.id;
	s->perm = r.perm;
	return s->header_rc;
}

static int sink_range(void *arg, uint64_t addr, uint32_t pages)
{
	struct sink_state *s = arg;

	if (s->fail_at && s->n == s->fail_at)
		return s->fail_rc;
	cr_assert(s->n < ARRAY_LEN(s->got));
	s->got[s->n].addr = addr;
	s->got[s->n].pages = pages;
	s->n++;
	return 0;
}

static struct ffa_mem_retrieve_sink sink_of(struct sink_state *s)
{
	memset(s, 0, sizeof(*s));
	return (struct ffa_mem_retrieve_sink){ sink_header, sink_range, s };
}

/* What most tests declare: the request (H1, flags 0x08), the sink, the rig
 * and, unless @n is 0, a hand-laid response of @n ranges at @version about
 * @handle (freed by retr_end()). */
struct retr_case {
	struct ffa_mem_txn t;
	struct sink_state st;
	struct ffa_mem_retrieve_sink sk;
	struct mem_rig g;
	size_t rl;
	uint8_t *resp;
};

static void retr_case_init(struct retr_case *c, uint32_t version, size_t n, uint64_t handle)
{
	c->t = mt_request(H1, 0x08);
	c->sk = sink_of(&c->st);
	c->rl = 0;
	c->resp = n ? mt_resp(version, n, handle, 0x08, &c->rl) : NULL;
}

static void assert_ranges(const struct sink_state *s, size_t n)
{
	cr_assert_eq(s->n, n, "sink got %zu ranges, want %zu", s->n, n);
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(s->got[i].addr, 0x80000000ull + (uint64_t)i * 2u * 4096u, "range %zu", i);
		cr_assert_eq(s->got[i].pages, 1u);
	}
}

/* ---- Descriptors ---------------------------------------------------------------- */

/* Request length per version: header + one EMAD (ffa-memory.md 2, 9.1). */
static uint32_t req_len(uint32_t version)
{
	return version == FFA_VERSION_1_0 ? 48u : version == FFA_VERSION_1_1 ? 64u : 80u;
}

/* The request bytes, written by hand from the sheet's offsets. */
static void assert_request(const struct mem_rig *g, uint32_t version)
{
	uint8_t want[80];
	uint32_t len = req_len(version);
	uint32_t e = version == FFA_VERSION_1_0 ? 32u : 48u;

	memset(want, 0, sizeof(want));
	dt_w16(want, 0, 1);
	dt_w32(want, 4, 0x08);
	dt_w64(want, 8, H1);
	dt_w32(want, 28, 1);
	if (version != FFA_VERSION_1_0) {
		dt_w32(want, 24, version == FFA_VERSION_1_1 ? 16 : 32);
		dt_w32(want, 32, 48);
	}
	dt_w16(want, e, 0x8001);
	want[e + 2] = FFA_MEM_PERM_RW;
	cr_assert_eq(g->req_len, len);
	cr_assert(dt_memdiff("retrieve request", g->req, want, len) == 0);
}

static void expect_relinquish(struct mem_rig *g, struct ffa_regs reply)
{
	rig_step(g, FRAME(FFA_MEM_RELINQUISH_32), reply);
}

static void assert_relinquished(const struct mem_rig *g, uint64_t handle, uint16_t id)
{
	uint8_t want[18];

	memset(want, 0, sizeof(want));
	dt_w64(want, 0, handle);
	dt_w32(want, 12, 1);
	dt_w16(want, 16, id);
	cr_assert(dt_memdiff("relinquish", g->relq, want, sizeof(want)) == 0);
}

/* ---- Success paths --------------------------------------------------------------- */

Test(mem_retrieve, one_fragment_every_version_and_width)
{
	static const uint32_t versions[] = { FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2 };
	static const uint32_t caps[] = { 0, CAPS_ALL };

	for (size_t v = 0; v < ARRAY_LEN(versions); v++) {
		for (size_t c = 0; c < ARRAY_LEN(caps); c++) {
			struct retr_case m;
			bool retrieved = true;

			retr_case_init(&m, versions[v], 3, H1);
			rig_init(&m.g, versions[v], caps[c], 1);
			rig_serve(&m.g, m.resp, m.rl);
			rig_step(&m.g, FRAME(FFA_MEM_RETRIEVE_REQ_32, req_len(versions[v]),
					     req_len(versions[v])),
				 FRAME(FFA_MEM_RETRIEVE_RESP_32, m.rl, m.rl));
			rig_release(&m.g);
			rig_start(&m.g);
			assert_rc(ffa_mem_retrieve(&m.g.ctx, &m.t, NULL, &m.sk, &retrieved), 0);
			cr_assert(!retrieved);
			assert_request(&m.g, versions[v]);
			cr_assert_eq(m.st.headers, 1u);
			cr_assert_eq(m.st.handle, H1);
			cr_assert_eq(m.st.sender, 1);
			cr_assert_eq(m.st.emad_id, 0x8001);
			assert_ranges(&m.st, 3);
			cr_assert_eq(m.g.lock_takes, 1u);
			retr_end(&m.g, m.resp);
		}
	}
}

Test(mem_retrieve, response_over_several_rx_deliveries)
{
	/* 600 constituents at v1.2: R = 9696 = 4096 + 4096 + 1504; the RX
	 * buffer is released after each fragment, before the next FRAG_RX. */
	struct retr_case m;

	retr_case_init(&m, FFA_VERSION_1_2, 600, H1);
	cr_assert_eq(m.rl, 9696u);
	retr_begin(&m.g, m.resp, m.rl);
	rig_expect_retrieve_600(&m.g, H1);
	rig_start(&m.g);
	assert_rc(ffa_mem_retrieve(&m.g.ctx, &m.t, NULL, &m.sk, NULL), 0);
	assert_ranges(&m.st, 600);
	cr_assert_eq(m.g.delivered, 3u);
	retr_end(&m.g, m.resp);
}

Test(mem_retrieve, small_fragments_and_a_two_page_rx)
{
	/* A manager that packs 1024-byte fragments (any multiple of 16 that
	 * ends on a constituent boundary) into a two-page RX buffer. */
	struct retr_case m;
	uint32_t off = 1024;

	retr_case_init(&m, FFA_VERSION_1_2, 200, H1); /* 3296 */
	rig_init(&m.g, FFA_VERSION_1_2, CAPS_ALL, 2);
	rig_serve(&m.g, m.resp, m.rl);
	rig_step(&m.g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80),
		 FRAME(FFA_MEM_RETRIEVE_RESP_32, m.rl, 1024));
	rig_release(&m.g);
	while (off < m.rl) {
		uint32_t len = m.rl - off < 1024 ? (uint32_t)(m.rl - off) : 1024;

		rig_step(&m.g, fr_frag_rx(H1, off), fr_frag_tx(H1, len));
		rig_release(&m.g);
		off += len;
	}
	rig_start(&m.g);
	assert_rc(ffa_mem_retrieve(&m.g.ctx, &m.t, NULL, &m.sk, NULL), 0);
	assert_ranges(&m.st, 200);
	retr_end(&m.g, m.resp);
}

Test(mem_retrieve, request_in_a_caller_buffer)
{
	struct retr_case m;
	struct ffa_mem_xfer x;

	retr_case_init(&m, FFA_VERSION_1_2, 1, H1);
	rig_init(&m.g, FFA_VERSION_1_2, CAPS_ALL, 1);
	rig_caller_buf(&m.g, 1, true);
	rig_serve(&m.g, m.resp, m.rl);
	rig_step(&m.g, FRAME(FFA_MEM_RETRIEVE_REQ_64, 80, 80, MT_BUF_PA_HIGH, 1),
		 FRAME(FFA_MEM_RETRIEVE_RESP_32, m.rl, m.rl));
	rig_release(&m.g);
	rig_start(&m.g);
	x = (struct ffa_mem_xfer){ .buf = m.g.buf, .pages = 1 };
	assert_rc(ffa_mem_retrieve(&m.g.ctx, &m.t, &x, &m.sk, NULL), 0);
	assert_request(&m.g, FFA_VERSION_1_2);
	assert_ranges(&m.st, 1);
	retr_end(&m.g, m.resp);
}

Test(mem_retrieve, hypervisor_retrieve_names_the_owner_in_frag_rx)
{
	/* 0 receivers (ffa-memory.md 8.4): request = the 48-byte header;
	 * FRAG_RX w4[31:16] = owner; the answer is the whole original
	 * descriptor (here with its one EMAD). Nothing is mapped, so a
	 * failure is not undone. */
	struct retr_case m;

	retr_case_init(&m, FFA_VERSION_1_2, 600, H1);
	m.t.receiver_count = 0;
	m.t.receivers = NULL;
	m.t.flags = 0;
	retr_begin(&m.g, m.resp, m.rl);
	rig_step(&m.g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 48, 48),
		 FRAME(FFA_MEM_RETRIEVE_RESP_32, m.rl, 4096));
	rig_release(&m.g);
	rig_step(&m.g, FRAME(FFA_MEM_FRAG_RX_32, (uint32_t)H1, (uint32_t)(H1 >> 32), 4096, 0x10000),
		 fr_frag_tx(H1, 4096));
	rig_release(&m.g);
	rig_step(&m.g, FRAME(FFA_MEM_FRAG_RX_32, (uint32_t)H1, (uint32_t)(H1 >> 32), 8192, 0x10000),
		 ERR(FFA_ERR_ABORTED));
	rig_start(&m.g);
	assert_rc(ffa_mem_retrieve(&m.g.ctx, &m.t, NULL, &m.sk, NULL), FFA_ERR_ABORTED);
	retr_end(&m.g, m.resp);
}

/* ---- Errors ---------------------------------------------------------------------- */

Test(mem_retrieve, every_error_at_the_request_releases_nothing)
{
	for (size_t e = 0; e < ARRAY_LEN(wire_errors); e++) {
		struct retr_case m;
		bool retrieved = true;

		retr_case_init(&m, 0, 0, H1);
		rig_init(&m.g, FFA_VERSION_1_2, CAPS_ALL, 1);
		rig_step(&m.g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80), ERR_SX(wire_errors[e]));
		rig_start(&m.g);
		assert_rc(ffa_mem_retrieve(&m.g.ctx, &m.t, NULL, &m.sk, &retrieved),
			  wire_errors[e]);
		cr_assert(!retrieved);
		cr_assert_eq(m.st.n, 0u);
		rig_done(&m.g);
	}
}

Test(mem_retrieve, hostile_answers_to_the_request)
{
	for (size_t i = 0; i < ARRAY_LEN(hostile_fids); i++) {
		struct retr_case m;

		retr_case_init(&m, 0, 0, H1);
		if (hostile_fids[i] == FFA_MEM_RETRIEVE_RESP_32)
			continue; /* the right answer */
		rig_init(&m.g, FFA_VERSION_1_2, CAPS_ALL, 1);
		rig_step(&m.g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80),
			 FRAME(hostile_fids[i], 112, 112));
		rig_start(&m.g);
		assert_rc(ffa_mem_retrieve(&m.g.ctx, &m.t, NULL, &m.sk, NULL), FFA_ERR_PROTOCOL);
		rig_done(&m.g);
	}
}

Test(mem_retrieve, error_at_frag_rx_relinquishes)
{
	/* The region is mapped; the exchange broke, so no drain: relinquish,
	 * naming the receiver the response's EMAD gives. */
	for (size_t e = 0; e < ARRAY_LEN(wire_errors); e++) {
		struct retr_case m;
		bool retrieved = true;

		retr_case_init(&m, FFA_VERSION_1_2, 600, H1);
		retr_begin(&m.g, m.resp, m.rl);
		rig_step(&m.g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80),
			 FRAME(FFA_MEM_RETRIEVE_RESP_32, m.rl, 4096));
		rig_release(&m.g);
		rig_step(&m.g, fr_frag_rx(H1, 4096), ERR(wire_errors[e]));
		expect_relinquish(&m.g, OK32());
		rig_start(&m.g);
		assert_rc(ffa_mem_retrieve(&m.g.ctx, &m.t, NULL, &m.sk, &retrieved),
			  wire_errors[e]);
		cr_assert(!retrieved);
		assert_relinquished(&m.g, H1, 0x8001);
		retr_end(&m.g, m.resp);
	}
}

Test(mem_retrieve, relinquish_names_the_own_id_when_known)
{
	struct retr_case m;
	uint16_t id;
	bool retrieved = false;

	retr_case_init(&m, FFA_VERSION_1_2, 600, H1);
	retr_begin(&m.g, m.resp, m.rl);
	rig_step(&m.g, FRAME(FFA_ID_GET_32), OK32(0, 0x8003));
	rig_step(&m.g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80),
		 FRAME(FFA_MEM_RETRIEVE_RESP_32, m.rl, 4096));
	rig_release(&m.g);
	rig_step(&m.g, fr_frag_rx(H1, 4096), FRAME(FFA_SUCCESS_32));
	expect_relinquish(&m.g, ERR(FFA_ERR_INVALID_PARAMETERS));
	rig_start(&m.g);
	assert_rc(ffa_id_get(&m.g.ctx, &id), 0);
	assert_rc(ffa_mem_retrieve(&m.g.ctx, &m.t, NULL, &m.sk, &retrieved), FFA_ERR_PROTOCOL);
	assert_relinquished(&m.g, H1, 0x8003);
	cr_assert(retrieved, "the undo failed: the region may still be mapped");
	retr_end(&m.g, m.resp);
}

/* A second fragment (FRAG_TX @bad) the retrieval must refuse: the RX buffer
 * it filled is released, then relinquish; only the first fragment's 250
 * ranges reached the sink. */
static void bad_second_fragment(struct ffa_regs bad)
{
	struct retr_case m;

	retr_case_init(&m, FFA_VERSION_1_2, 600, H1);
	retr_begin(&m.g, m.resp, m.rl);
	rig_step(&m.g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80),
		 FRAME(FFA_MEM_RETRIEVE_RESP_32, m.rl, 4096));
	rig_release(&m.g);
	rig_step(&m.g, fr_frag_rx(H1, 4096), bad);
	rig_release(&m.g);
	expect_relinquish(&m.g, OK32());
	rig_start(&m.g);
	assert_rc(ffa_mem_retrieve(&m.g.ctx, &m.t, NULL, &m.sk, NULL), FFA_ERR_PROTOCOL);
	cr_assert_eq(m.st.n, 250u, "only the first fragment reached the sink");
	retr_end(&m.g, m.resp);
}

Test(mem_retrieve, wrong_handle_in_frag_tx)
{
	bad_second_fragment(fr_frag_tx(H2, 4096));
}

Test(mem_retrieve, bad_lengths_are_refused_before_reading)
{
	/* Each case: an answer with a bad length. The RX buffer was handed
	 * over all the same: released once, then relinquish. */
	size_t rl;
	uint8_t *resp = mt_resp(FFA_VERSION_1_2, 600, H1, 0x08, &rl);
	const struct {
		uint32_t r, f;      /* RETRIEVE_RESP w1, w2 */
		uint32_t frag;      /* FRAG_TX w3 (0: no second step) */
	} cases[] = {
		{ 9696, 0, 0 },         /* empty first fragment */
		{ 9696, 8192, 0 },      /* beyond the RX buffer */
		{ 64, 4096, 0 },        /* beyond the total */
		{ 0, 0, 0 },            /* no response at all */
		{ 9696, 4096, 4112 },   /* FRAG_TX beyond the RX buffer */
		{ 9696, 4096, 0x10000 },
		{ 4112, 4096, 32 },     /* FRAG_TX beyond the total */
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct retr_case m;

		retr_case_init(&m, 0, 0, H1);
		retr_begin(&m.g, resp, rl);
		rig_step(&m.g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80),
			 FRAME(FFA_MEM_RETRIEVE_RESP_32, cases[i].r, cases[i].f));
		rig_release(&m.g);
		if (cases[i].frag) {
			rig_step(&m.g, fr_frag_rx(H1, 4096), fr_frag_tx(H1, cases[i].frag));
			rig_release(&m.g);
		}
		expect_relinquish(&m.g, OK32());
		rig_start(&m.g);
		assert_rc(ffa_mem_retrieve(&m.g.ctx, &m.t, NULL, &m.sk, NULL), FFA_ERR_PROTOCOL);
		rig_done(&m.g);
	}
	free(resp);
}

Test(mem_retrieve, zero_frag_tx_length)
{
	bad_second_fragment(fr_frag_tx(H1, 0));
}

/* Retrieve m->resp (600 ranges) when the first fragment's content or the
 * sink fails: the two remaining fragments are fetched and dropped, then
 * relinquish. Returns what ffa_mem_retrieve() returned. */
static int first_fragment_refused(struct retr_case *m)
{
	struct mem_rig *g = &m->g;

	retr_begin(g, m->resp, m->rl);
	rig_step(g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80),
		 FRAME(FFA_MEM_RETRIEVE_RESP_32, m->rl, 4096));
	rig_release(g);
	rig_step(g, fr_frag_rx(H1, 4096), fr_frag_tx(H1, 4096));
	rig_release(g);
	rig_step(g, fr_frag_rx(H1, 8192), fr_frag_tx(H1, 1504));
	rig_release(g);
	expect_relinquish(g, OK32());
	rig_start(g);
	return ffa_mem_retrieve(&g->ctx, &m->t, NULL, &m->sk, NULL);
}

Test(mem_retrieve, malformed_responses_are_drained_and_relinquished)
{
	/* Corruptions of the first fragment the reassembler must refuse. */
	static const struct {
		size_t off;
		uint32_t val;
	} bad[] = {
		{ 36, 1 },       /* reserved header bytes (v1.1+ 36..47) */
		{ 24, 24 },      /* EMAD size not 16/32 */
		{ 32, 0x38 },    /* EMAD offset misaligned */
		{ 28, 2 },       /* EMAD count: the composite lies inside */
		{ 0x34, 0x58 },  /* composite offset off the composite */
		{ 0x30, 0x00038001 }, /* reserved data access 11 */
		{ 0x50, 16 },    /* total pages below the running sum */
		{ 0x54, 514 },   /* constituent count != length */
		{ 0x60, 0x80000001 }, /* unaligned constituent */
		{ 0x68, 0 },     /* zero-page constituent */
		{ 0, 0x003F0001 }, /* reserved attribute encoding */
	};

	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		struct retr_case m;

		retr_case_init(&m, FFA_VERSION_1_2, 600, H1);
		dt_w32(m.resp, bad[i].off, bad[i].val);
		assert_rc(first_fragment_refused(&m), FFA_ERR_PROTOCOL);
		cr_assert(m.st.n < 250, "case %zu: a bad fragment reached the sink whole", i);
		retr_end(&m.g, m.resp);
	}
}

Test(mem_retrieve, response_about_another_handle_or_sender)
{
	static const uint64_t handles[] = { H2, H1 };
	static const uint16_t senders[] = { 1, 2 };

	for (size_t i = 0; i < ARRAY_LEN(handles); i++) {
		struct retr_case m;

		retr_case_init(&m, FFA_VERSION_1_2, 600, handles[i]);
		dt_w16(m.resp, 0, senders[i]);
		assert_rc(first_fragment_refused(&m), FFA_ERR_PROTOCOL);
		cr_assert_eq(m.st.headers, 0u);
		retr_end(&m.g, m.resp);
	}
}

Test(mem_retrieve, malformed_later_fragment)
{
	/* A zero-page constituent in the second fragment: refused when read;
	 * the third fragment is drained. */
	struct retr_case m;

	retr_case_init(&m, FFA_VERSION_1_2, 600, H1);
	dt_w32(m.resp, 4096 + 16 * 10 + 8, 0); /* constituent 260 */
	retr_begin(&m.g, m.resp, m.rl);
	rig_expect_retrieve_600(&m.g, H1);
	expect_relinquish(&m.g, OK32());
	rig_start(&m.g);
	assert_rc(ffa_mem_retrieve(&m.g.ctx, &m.t, NULL, &m.sk, NULL), FFA_ERR_PROTOCOL);
	cr_assert_eq(m.st.n, 260u);
	retr_end(&m.g, m.resp);
}

/* A retrieve of 600 ranges whose sink fails: the header callback returns
 * @header_rc, or the range callback @fail_rc at range 100. The retrieve
 * stops, drains, relinquishes and returns @want. */
static void sink_fails(int header_rc, int fail_rc, int want)
{
	struct retr_case m;

	retr_case_init(&m, FFA_VERSION_1_2, 600, H1);
	if (header_rc) {
		m.st.header_rc = header_rc;
	} else {
		m.st.fail_at = 100;
		m.st.fail_rc = fail_rc;
	}
	assert_rc(first_fragment_refused(&m), want);
	cr_assert_eq(m.st.n, header_rc ? 0u : 100u);
	retr_end(&m.g, m.resp);
}

Test(mem_retrieve, sink_errors_stop_drain_and_relinquish)
{
	/* The range callback fails at range 100 (first fragment) and the
	 * header callback fails: the caller's value comes back. */
	sink_fails(0, -1234, -1234);
	sink_fails(-4321, 0, -4321);
}

Test(mem_retrieve, positive_sink_values_stop_as_bad_argument)
{
	/* A callback returns 0 or a negative value: a positive one (at range
	 * 100 or from the header callback) stops and undoes the retrieve like
	 * an error, reported as FFA_ERR_BAD_ARGUMENT. */
	sink_fails(0, 9, FFA_ERR_BAD_ARGUMENT);
	sink_fails(7, 0, FFA_ERR_BAD_ARGUMENT);
}

Test(mem_retrieve, release_failure_is_returned_and_undone)
{
	struct retr_case m;

	retr_case_init(&m, FFA_VERSION_1_2, 600, H1);
	retr_begin(&m.g, m.resp, m.rl);
	rig_step(&m.g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80),
		 FRAME(FFA_MEM_RETRIEVE_RESP_32, m.rl, 4096));
	rig_step(&m.g, FRAME(FFA_RX_RELEASE_32), ERR(FFA_ERR_DENIED));
	expect_relinquish(&m.g, OK32());
	rig_start(&m.g);
	assert_rc(ffa_mem_retrieve(&m.g.ctx, &m.t, NULL, &m.sk, NULL), FFA_ERR_DENIED);
	retr_end(&m.g, m.resp);
}

Test(mem_retrieve, time_slicing)
{
	struct retr_case m;

	retr_case_init(&m, FFA_VERSION_1_2, 1, H1);
	/* With the flag: PAUSE on the request's handle is resumed. */
	m.t.flags |= FFA_MEM_RETRIEVE_FLAG_TIME_SLICE;
	retr_begin(&m.g, m.resp, m.rl);
	rig_step(&m.g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80), fr_pause(H1));
	rig_step(&m.g, fr_resume(H1), FRAME(FFA_MEM_RETRIEVE_RESP_32, m.rl, m.rl));
	rig_release(&m.g);
	rig_start(&m.g);
	assert_rc(ffa_mem_retrieve(&m.g.ctx, &m.t, NULL, &m.sk, NULL), 0);
	assert_ranges(&m.st, 1);
	rig_done(&m.g);

	/* Another handle: protocol error, nothing delivered. Without the
	 * flag: the same. */
	for (int i = 0; i < 2; i++) {
		struct ffa_mem_txn u = mt_request(H1, 0x08);

		if (i == 0)
			u.flags |= FFA_MEM_RETRIEVE_FLAG_TIME_SLICE;
		rig_init(&m.g, FFA_VERSION_1_2, CAPS_ALL, 1);
		rig_step(&m.g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80), fr_pause(i ? H1 : H2));
		rig_start(&m.g);
		assert_rc(ffa_mem_retrieve(&m.g.ctx, &u, NULL, &m.sk, NULL), FFA_ERR_PROTOCOL);
		rig_done(&m.g);
	}

	free(m.resp);
}

Test(mem_retrieve, time_slicing_limit_reports_mapped)
{
	struct retr_case m;
	bool retrieved = false;

	retr_case_init(&m, 0, 0, H1);
	m.t.flags |= FFA_MEM_RETRIEVE_FLAG_TIME_SLICE;
	rig_init(&m.g, FFA_VERSION_1_2, CAPS_ALL, 1);
	rig_step(&m.g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80), fr_pause(H1));
	rig_step(&m.g, fr_resume(H1), fr_pause(H1));
	rig_start(&m.g);
	assert_rc(ffa_ctx_set_preempt_policy(&m.g.ctx, FFA_PREEMPT_RESUME, 1), 0);
	assert_rc(ffa_mem_retrieve(&m.g.ctx, &m.t, NULL, &m.sk, &retrieved), FFA_ERR_INTERRUPTED);
	cr_assert(retrieved);
	rig_done(&m.g);
}

Test(mem_retrieve, arguments_and_state)
{
	struct ffa_mem_txn t = mt_request(H1, 0x08);
	struct ffa_mem_txn bad = t;
	struct sink_state st;
	struct ffa_mem_retrieve_sink sk = sink_of(&st);
	struct ffa_mem_retrieve_sink nosink = { sink_header, NULL, &st };
	struct mem_rig g;
	struct scripted u;
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };

	scripted_init(&u, NULL, 0, CAPS_ALL, 0);
	assert_rc(ffa_mem_retrieve(&u.ctx, &t, NULL, &sk, NULL), FFA_ERR_NOT_NEGOTIATED);
	scripted_init(&u, steps, 1, CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_mem_retrieve(&u.ctx, &t, NULL, &sk, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&u);

	rig_init(&g, FFA_VERSION_1_2, CAPS_ALL, 1);
	rig_start(&g);
	assert_rc(ffa_mem_retrieve(NULL, &t, NULL, &sk, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_retrieve(&g.ctx, NULL, NULL, &sk, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_retrieve(&g.ctx, &t, NULL, NULL, NULL), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_mem_retrieve(&g.ctx, &t, NULL, &nosink, NULL), FFA_ERR_BAD_ARGUMENT);
	bad.kind = FFA_MEM_DESC_SEND;
	assert_rc(ffa_mem_retrieve(&g.ctx, &bad, NULL, &sk, NULL), FFA_ERR_BAD_ARGUMENT);
	bad = t;
	bad.version = FFA_VERSION_1_1;
	assert_rc(ffa_mem_retrieve(&g.ctx, &bad, NULL, &sk, NULL), FFA_ERR_BAD_ARGUMENT);
	bad = t;
	bad.flags = 1u << 20; /* reserved: the encoder refuses */
	assert_rc(ffa_mem_retrieve(&g.ctx, &bad, NULL, &sk, NULL), FFA_ERR_BAD_ARGUMENT);
	rig_done(&g);
}
