/* SPDX-License-Identifier: BSD-3-Clause */
#include "mem_test.h"

#include "desc_vectors.h"

#include <stdlib.h>
#include <string.h>

const struct ffa_mem_receiver mt_rw_8001 = { .id = 0x8001, .perm = FFA_MEM_PERM_RW };

static bool rig_va_to_pa(void *arg, const void *va, uint64_t *pa)
{
	struct mem_rig *g = arg;

	if (va == g->tx)
		*pa = MT_TX_PA;
	else if (va == g->rx)
		*pa = MT_RX_PA;
	else if (g->buf && va == g->buf)
		*pa = g->buf_high ? MT_BUF_PA_HIGH : MT_BUF_PA;
	else
		return false;
	return true;
}

static void rig_lock(void *arg)
{
	struct mem_rig *g = arg;

	if (g->lock_depth++ != 0)
		g->lock_errors++;
	g->lock_takes++;
}

static void rig_unlock(void *arg)
{
	struct mem_rig *g = arg;

	if (g->lock_depth-- != 1)
		g->lock_errors++;
}

/* Where the manager reads a descriptor from: the TX buffer, or the caller
 * buffer when x3 names its address. */
static const uint8_t *source(struct mem_rig *g, uint64_t x3)
{
	if (x3 == 0)
		return g->tx;
	cr_assert(g->buf != NULL, "x3 = %#llx but the rig has no caller buffer",
		  (unsigned long long)x3);
	return g->buf;
}

static size_t src_size(struct mem_rig *g, uint64_t x3)
{
	return x3 == 0 ? (size_t)g->pages * 4096 : (size_t)g->buf_pages * 4096;
}

static void capture(struct mem_rig *g, const uint8_t *src, size_t size, uint64_t len)
{
	if (len > size)
		len = size; /* a broken call: the manager would refuse */
	cr_assert(g->cap_len + len <= MT_CAP_SIZE, "capture overflow");
	memcpy(g->cap + g->cap_len, src, len);
	g->cap_len += len;
}

/* Serve response bytes [off, off + len) into the RX buffer. */
static void serve(struct mem_rig *g, uint64_t off, uint64_t len)
{
	size_t rx_size = (size_t)g->pages * 4096;

	if (!g->resp || off >= g->resp_len)
		return;
	if (len > g->resp_len - off)
		len = g->resp_len - off;
	if (len > rx_size)
		len = rx_size;
	memcpy(g->rx, g->resp + off, len);
}

/* The manager's side of the buffers, run for every step. */
static void model(void *arg, const struct ffa_regs *in, struct ffa_regs *out)
{
	struct mem_rig *g = arg;
	uint32_t fid = (uint32_t)in->x[0];
	uint32_t ans = (uint32_t)out->x[0];

	switch (fid & ~FFA_FID_64BIT_BIT) {
	case FFA_MEM_DONATE_32:
	case FFA_MEM_LEND_32:
	case FFA_MEM_SHARE_32:
		g->cap_len = 0;
		g->send_src = source(g, in->x[3]);
		g->send_size = src_size(g, in->x[3]);
		capture(g, g->send_src, g->send_size, (uint32_t)in->x[2]);
		break;
	case FFA_MEM_FRAG_TX_32:
		/* The send stream continues from the same buffer. */
		if (g->send_src)
			capture(g, g->send_src, g->send_size, (uint32_t)in->x[3]);
		break;
	case FFA_MEM_RETRIEVE_REQ_32: {
		size_t len = (uint32_t)in->x[2];
		size_t size = src_size(g, in->x[3]);

		if (len > sizeof(g->req))
			len = sizeof(g->req);
		if (len > size)
			len = size;
		memcpy(g->req, source(g, in->x[3]), len);
		g->req_len = len;
		break;
	}
	case FFA_MEM_RELINQUISH_32:
		memcpy(g->relq, g->tx, sizeof(g->relq));
		break;
	case FFA_RX_RELEASE_32:
		if (!g->rx_owned)
			g->bad_releases++;
		else
			g->released++;
		g->rx_owned = false;
		break;
	default:
		break;
	}

	/* Answers that fill the RX buffer hand it to the caller. */
	if (ans == FFA_MEM_RETRIEVE_RESP_32 &&
	    ((fid & ~FFA_FID_64BIT_BIT) == FFA_MEM_RETRIEVE_REQ_32 || fid == FFA_MEM_OP_RESUME_32)) {
		serve(g, 0, (uint32_t)out->x[2]);
		g->rx_owned = true;
		g->delivered++;
	} else if (ans == FFA_MEM_FRAG_TX_32 && fid == FFA_MEM_FRAG_RX_32) {
		serve(g, (uint32_t)in->x[3], (uint32_t)out->x[3]);
		g->rx_owned = true;
		g->delivered++;
	}
}

void rig_init(struct mem_rig *g, uint32_t version, uint32_t caps, uint32_t pages)
{
	memset(g, 0, sizeof(*g));
	g->version = version;
	g->caps = caps;
	g->pages = pages;
	g->tx = aligned_alloc(4096, (size_t)pages * 4096);
	g->rx = aligned_alloc(4096, (size_t)pages * 4096);
	g->steps = calloc(MT_MAX_STEPS, sizeof(*g->steps));
	g->cap = malloc(MT_CAP_SIZE);
	cr_assert(g->tx && g->rx && g->steps && g->cap);
	memset(g->tx, 0xA5, (size_t)pages * 4096);
	memset(g->rx, 0xA5, (size_t)pages * 4096);
	rig_step(g, FRAME(FFA_VERSION_32, version), FRAME(FFA_VERSION_1_2));
	rig_step(g,
		 FRAME((caps & FFA_CONDUIT_CAP_SMC64) ? FFA_RXTX_MAP_64 : FFA_RXTX_MAP_32,
		       MT_TX_PA, MT_RX_PA, pages),
		 OK32());
}

void rig_caller_buf(struct mem_rig *g, uint32_t pages, bool high)
{
	g->buf = aligned_alloc(4096, (size_t)pages * 4096);
	cr_assert(g->buf);
	memset(g->buf, 0xA5, (size_t)pages * 4096);
	g->buf_pages = pages;
	g->buf_high = high;
}

struct ffa_script_step *rig_step(struct mem_rig *g, struct ffa_regs in, struct ffa_regs out)
{
	struct ffa_script_step *s;

	cr_assert(g->n < MT_MAX_STEPS, "too many steps");
	s = &g->steps[g->n++];
	s->expect = in;
	s->reply = out;
	s->action = model;
	s->action_arg = g;
	return s;
}

void rig_step_fail(struct mem_rig *g, struct ffa_regs in, int rc)
{
	struct ffa_script_step *s = rig_step(g, in, FRAME(0));

	s->conduit_rc = rc;
}

void rig_start(struct mem_rig *g)
{
	int rc;

	ffa_script_init(&g->script, g->steps, g->n, &g->conduit, g->caps);
	g->port.va_to_pa = rig_va_to_pa;
	g->port.lock = rig_lock;
	g->port.unlock = rig_unlock;
	g->port.arg = g;
	cr_assert_eq(ffa_ctx_init(&g->ctx, &g->conduit, &g->port), 0);
	rc = ffa_version(&g->ctx, g->version, NULL);
	cr_assert_eq(rc, 0, "version: %s", ffa_strerror(rc));
	rc = ffa_rxtx_map(&g->ctx, g->tx, g->rx, g->pages);
	cr_assert_eq(rc, 0, "rxtx_map: %s", ffa_strerror(rc));
	g->lock_takes = 0;
}

void rig_check(struct mem_rig *g)
{
	assert_script_ok(g);
	cr_assert_eq(g->lock_depth, 0, "RX/TX lock still held");
	cr_assert_eq(g->lock_errors, 0, "RX/TX lock taken recursively or unbalanced");
	cr_assert_eq(g->bad_releases, 0, "RX released while not owned");
	cr_assert(!g->rx_owned, "RX buffer left owned (%u delivered, %u released)",
		  g->delivered, g->released);
	cr_assert_eq(g->delivered, g->released);
}

void rig_free(struct mem_rig *g)
{
	free(g->tx);
	free(g->rx);
	free(g->buf);
	free(g->steps);
	free(g->cap);
}

struct ffa_regs fr_frag_rx(uint64_t handle, uint32_t off)
{
	return FRAME(FFA_MEM_FRAG_RX_32, (uint32_t)handle, (uint32_t)(handle >> 32), off);
}

struct ffa_regs fr_frag_tx(uint64_t handle, uint32_t len)
{
	return FRAME(FFA_MEM_FRAG_TX_32, (uint32_t)handle, (uint32_t)(handle >> 32), len);
}

struct ffa_regs fr_ok_handle(uint64_t handle)
{
	return FRAME(FFA_SUCCESS_32, 0, (uint32_t)handle, (uint32_t)(handle >> 32));
}

struct ffa_regs fr_reclaim(uint64_t handle, uint32_t flags)
{
	return FRAME(FFA_MEM_RECLAIM_32, (uint32_t)handle, (uint32_t)(handle >> 32), flags);
}

struct ffa_regs fr_pause(uint64_t handle)
{
	return FRAME(FFA_MEM_OP_PAUSE_32, (uint32_t)handle, (uint32_t)(handle >> 32));
}

struct ffa_regs fr_resume(uint64_t handle)
{
	return FRAME(FFA_MEM_OP_RESUME_32, (uint32_t)handle, (uint32_t)(handle >> 32));
}

void rig_release(struct mem_rig *g)
{
	rig_step(g, FRAME(FFA_RX_RELEASE_32), OK32());
}

struct ffa_mem_range *mt_ranges(size_t n)
{
	struct ffa_mem_range *r = calloc(n ? n : 1, sizeof(*r));

	cr_assert(r);
	for (size_t i = 0; i < n; i++) {
		r[i].addr = 0x80000000ull + (uint64_t)i * 2u * 4096u;
		r[i].pages = 1;
	}
	return r;
}

struct ffa_mem_txn mt_txn(uint16_t attributes, uint32_t flags, const struct ffa_mem_receiver *rcv,
			  uint32_t count)
{
	struct ffa_mem_txn t;

	memset(&t, 0, sizeof(t));
	t.kind = FFA_MEM_DESC_SEND;
	t.sender = 1;
	t.attributes = attributes;
	t.flags = flags;
	t.receiver_count = rcv ? count : 1;
	t.receivers = rcv ? rcv : &mt_rw_8001;
	return t;
}

void mt_sender_init(struct mt_sender *s, size_t n)
{
	s->ranges = mt_ranges(n);
	cr_assert_eq(ffa_mem_range_array_iter(&s->state, s->ranges, n, &s->it), 0);
}

uint8_t *mt_resp(uint32_t version, size_t n, uint64_t handle, uint32_t flags, size_t *len)
{
	struct dv_layout l = dv_default(version);
	uint8_t *b;

	l.handle = handle;
	l.flags = flags;
	l.total_pages = (uint32_t)n;
	l.cons_count = l.cons_real = (uint32_t)n;
	*len = dv_len(&l);
	b = malloc(*len);
	cr_assert(b);
	dv_write(&l, b);
	return b;
}

struct ffa_mem_txn mt_request(uint64_t handle, uint32_t flags)
{
	struct ffa_mem_txn t;

	memset(&t, 0, sizeof(t));
	t.kind = FFA_MEM_DESC_RETRIEVE_REQ;
	t.sender = 1;
	t.handle = handle;
	t.flags = flags;
	t.receiver_count = 1;
	t.receivers = &mt_rw_8001;
	return t;
}

void rig_serve(struct mem_rig *g, const uint8_t *resp, size_t len)
{
	g->resp = resp;
	g->resp_len = len;
}

void rig_expect_retrieve_600(struct mem_rig *g, uint64_t handle)
{
	rig_step(g, FRAME(FFA_MEM_RETRIEVE_REQ_32, 80, 80),
		 FRAME(FFA_MEM_RETRIEVE_RESP_32, 9696, 4096));
	rig_release(g);
	rig_step(g, fr_frag_rx(handle, 4096), fr_frag_tx(handle, 4096));
	rig_release(g);
	rig_step(g, fr_frag_rx(handle, 8192), fr_frag_tx(handle, 1504));
	rig_release(g);
}

void rig_done(struct mem_rig *g)
{
	rig_check(g);
	rig_free(g);
}

void send_begin(struct mem_rig *g, struct mt_sender *s, size_t n)
{
	mt_sender_init(s, n);
	rig_init(g, FFA_VERSION_1_2, CAPS_ALL, 1);
}

void send_end(struct mem_rig *g, struct mt_sender *s)
{
	rig_done(g);
	free(s->ranges);
}

void retr_begin(struct mem_rig *g, uint8_t *resp, size_t len)
{
	rig_init(g, FFA_VERSION_1_2, CAPS_ALL, 1);
	rig_serve(g, resp, len);
}

void retr_end(struct mem_rig *g, uint8_t *resp)
{
	rig_done(g);
	free(resp);
}
