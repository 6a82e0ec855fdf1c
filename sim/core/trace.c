/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Trace support: FF-A function names and a one-line formatter for trace
 * records (no libc: a tiny hex writer).
 */
#include "sim_internal.h"

#define FN_FIRST 0x60u
#define FN_LAST 0x97u

/* Names by function number 0x60..0x97 and width; NULL where no ABI is
 * defined. */
#define W32 "_32"
#define W64 "_64"
#define N(b) { b W32, b W64 }
static const char *const full[FN_LAST - FN_FIRST + 1][2] = {
	N("FFA_ERROR"), N("FFA_SUCCESS"), N("FFA_INTERRUPT"), N("FFA_VERSION"),
	N("FFA_FEATURES"), N("FFA_RX_RELEASE"), N("FFA_RXTX_MAP"), N("FFA_RXTX_UNMAP"),
	N("FFA_PARTITION_INFO_GET"), N("FFA_ID_GET"), N("FFA_MSG_POLL"), N("FFA_MSG_WAIT"),
	N("FFA_YIELD"), N("FFA_RUN"), N("FFA_MSG_SEND"), N("FFA_MSG_SEND_DIRECT_REQ"),
	N("FFA_MSG_SEND_DIRECT_RESP"), N("FFA_MEM_DONATE"), N("FFA_MEM_LEND"),
	N("FFA_MEM_SHARE"), N("FFA_MEM_RETRIEVE_REQ"), N("FFA_MEM_RETRIEVE_RESP"),
	N("FFA_MEM_RELINQUISH"), N("FFA_MEM_RECLAIM"), N("FFA_MEM_OP_PAUSE"),
	N("FFA_MEM_OP_RESUME"), N("FFA_MEM_FRAG_RX"), N("FFA_MEM_FRAG_TX"),
	N("FFA_NORMAL_WORLD_RESUME"), N("FFA_NOTIFICATION_BITMAP_CREATE"),
	N("FFA_NOTIFICATION_BITMAP_DESTROY"), N("FFA_NOTIFICATION_BIND"),
	N("FFA_NOTIFICATION_UNBIND"), N("FFA_NOTIFICATION_SET"), N("FFA_NOTIFICATION_GET"),
	N("FFA_NOTIFICATION_INFO_GET"), N("FFA_RX_ACQUIRE"), N("FFA_SPM_ID_GET"),
	N("FFA_MSG_SEND2"), N("FFA_SECONDARY_EP_REGISTER"), N("FFA_MEM_PERM_GET"),
	N("FFA_MEM_PERM_SET"), N("FFA_CONSOLE_LOG"), N("FFA_PARTITION_INFO_GET_REGS"),
	N("FFA_EL3_INTR_HANDLE"), N("FFA_MSG_SEND_DIRECT_REQ2"), N("FFA_MSG_SEND_DIRECT_RESP2"),
	N("FFA_NS_RES_INFO_GET"), N("FFA_ABORT"), { NULL, NULL }, { NULL, NULL }, { NULL, NULL },
	N("FFA_NOTIFICATION_BIND2"), N("FFA_NOTIFICATION_UNBIND2"), N("FFA_NOTIFICATION_SET2"),
	N("FFA_NOTIFICATION_GET2"),
};

const char *ffa_sim_fid_name(uint32_t fid)
{
	uint32_t fn;
	const char *n;

	fid &= ~FFA_FID_SVE_HINT_BIT;
	fn = fid & 0xFFFFu;
	if ((fid & ~(FFA_FID_64BIT_BIT | 0xFFFFu)) != FFA_SMC32_BASE || fn < FN_FIRST ||
	    fn > FN_LAST)
		return "?";
	n = full[fn - FN_FIRST][(fid & FFA_FID_64BIT_BIT) ? 1 : 0];
	return n ? n : "?";
}

/* ---- A tiny writer ----------------------------------------------------------- */

struct out {
	char *buf;
	size_t cap;
	size_t len;
};

static void put_c(struct out *o, char c)
{
	if (o->len + 1 < o->cap)
		o->buf[o->len++] = c;
}

static void put_s(struct out *o, const char *s)
{
	while (s && *s)
		put_c(o, *s++);
}

static void put_hex(struct out *o, uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[16];
	int n = 0;

	put_s(o, "0x");
	do {
		tmp[n++] = digits[v & 0xF];
		v >>= 4;
	} while (v);
	while (n)
		put_c(o, tmp[--n]);
}

static void put_dec(struct out *o, int64_t v)
{
	char tmp[20];
	int n = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	if (v < 0)
		put_c(o, '-');
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	while (n)
		put_c(o, tmp[--n]);
}

/* " xI=..." for registers @from..@to of @r (zero ones skipped). */
static void put_regs(struct out *o, const struct ffa_regs *r, unsigned int from, unsigned int to)
{
	for (unsigned int i = from; i <= to; i++) {
		if (!r->x[i])
			continue;
		put_s(o, " x");
		put_dec(o, i);
		put_c(o, '=');
		put_hex(o, r->x[i]);
	}
}

size_t ffa_sim_trace_format(const struct ffa_sim_trace_rec *rec, char *buf, size_t cap)
{
	static const char *const kinds[] = { "call", "blocked", "wake" };
	struct out o = { buf, cap, 0 };

	if (!rec || !buf || cap == 0)
		return 0;
	put_s(&o, rec->kind <= FFA_SIM_TRACE_WAKE ? kinds[rec->kind] : "?");
	put_c(&o, ' ');
	put_dec(&o, rec->depth);
	put_s(&o, " ep=");
	put_hex(&o, rec->endpoint);
	if (rec->in) {
		put_c(&o, ' ');
		put_s(&o, rec->name);
		/* Key arguments: x1..x4 carry them for every FF-A call. */
		put_regs(&o, rec->in, 1, 4);
	}
	if (rec->out) {
		const char *n = ffa_sim_fid_name((uint32_t)rec->out->x[0]);

		put_s(&o, " -> ");
		if (n[0] == '?')
			put_hex(&o, rec->out->x[0]); /* FFA_VERSION's raw w0 */
		else
			put_s(&o, n);
		if (rec->result) {
			put_c(&o, ' ');
			put_s(&o, ffa_strerror(rec->result));
		} else {
			put_regs(&o, rec->out, 1, 3);
		}
	}
	o.buf[o.len] = '\0';
	return o.len;
}
