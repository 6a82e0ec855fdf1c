/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory management calls (ffa-abi.md 4.5, ffa-memory.md): FFA_MEM_DONATE,
 * _LEND, _SHARE, _RETRIEVE_REQ, _RELINQUISH, _RECLAIM and the fragment
 * calls FFA_MEM_FRAG_TX (sender side) and FFA_MEM_FRAG_RX (receiver side).
 *
 * Descriptors are decoded from the caller's TX buffer with libffa's desc
 * layer (the same codecs clients use), in the caller's negotiated version;
 * the ownership and access rules are the memory table's (memtab.h); retrieve
 * responses are encoded with the desc layer's fragmenter into the
 * receiver's RX buffer, fragmented when they do not fit.
 *
 * Per endpoint at most one fragmented send and one fragmented retrieve
 * response are in progress (a second fragmented send while the first is
 * unfinished is DENIED; a retrieve while a response is still being fetched
 * is BUSY).
 */
#include "sim_internal.h"

#define BATCH 32u     /* constituents handed to the table per call */
#define MAX_RCVS 16u  /* receivers per transaction the core decodes */

static uint8_t type_of(uint32_t fid)
{
	switch (fid & 0xFFFFu) {
	case 0x71:
		return FFA_MEM_RETRIEVE_TYPE_DONATE;
	case 0x72:
		return FFA_MEM_RETRIEVE_TYPE_LEND;
	default:
		return FFA_MEM_RETRIEVE_TYPE_SHARE;
	}
}

static uint64_t handle_of(const struct sim_call *c, unsigned int lo)
{
	return ffa_mem_handle_make(sim_w(c->in, lo), sim_w(c->in, lo + 1));
}

static size_t tx_size(const struct sim_ep *ep)
{
	return (size_t)ep->pages * SIM_PAGE;
}

/* FFA_SUCCESS with the handle in w2/w3. */
static void answer_handle(struct sim_call *c, uint64_t h)
{
	sim_answer_success(c, ffa_mem_handle_lo(h), ffa_mem_handle_hi(h));
}

/* FFA_MEM_FRAG_RX / FFA_MEM_FRAG_TX: handle in w1/w2, then w3. */
static void answer_frag(struct sim_call *c, uint32_t fid, uint64_t h, uint32_t w3)
{
	struct ffa_regs r;

	sim_frame(&r, fid);
	r.x[1] = ffa_mem_handle_lo(h);
	r.x[2] = ffa_mem_handle_hi(h);
	r.x[3] = w3;
	sim_answer(c, &r);
}

/* Zero the memory of transaction @h (the partition manager's own access). */
static void zero_ranges(struct ffa_sim *s, uint64_t h)
{
	struct ffa_mem_range r[BATCH];
	uint32_t start = 0;
	int n;

	while ((n = ffa_sim_memtab_ranges(&s->mt, h, start, r, BATCH)) > 0) {
		for (int i = 0; i < n; i++) {
			uint64_t size = (uint64_t)r[i].pages * SIM_PAGE;
			uint8_t *p = (uint8_t *)sim_host_map(s, FFA_SIM_MAP_PM, r[i].addr, size);

			if (p)
				ffa__bytes_zero(p, (size_t)size);
		}
		start += (uint32_t)n;
	}
}

/* Read @d's receivers into @out (at most MAX_RCVS). */
static int read_receivers(const struct ffa_mem_desc *d, struct ffa_mem_receiver *out, int toomany)
{
	if (d->receiver_count > MAX_RCVS)
		return toomany;
	for (uint32_t i = 0; i < d->receiver_count; i++)
		if (ffa_mem_desc_receiver(d, i, &out[i]))
			return FFA_ERR_INVALID_PARAMETERS;
	return 0;
}

/* ---- Sending: DONATE / LEND / SHARE and FFA_MEM_FRAG_TX ---------------------- */

/* The constituents of one fragment: a whole descriptor or a reassembler. */
struct cons_src {
	struct ffa_mem_cons_iter *whole;
	struct ffa_mem_reasm *reasm;
};

static int cons_next(struct cons_src *src, uint64_t *addr, uint32_t *pages)
{
	return src->whole ? ffa_mem_cons_next(src->whole, addr, pages)
			  : ffa_mem_reasm_next(src->reasm, addr, pages);
}

/*
 * Hand a fragment's constituents to the table, in batches: the first batch
 * through send() when @first is given (the handle is then allocated), the
 * rest through send_more(). Returns the table's last result (0 complete,
 * FFA_SIM_MEMTAB_MORE, or an error: the transaction is then gone).
 */
static int feed(struct ffa_sim *s, struct sim_ep *ep, struct ffa_sim_mem_send *first,
		uint64_t *handle, struct cons_src *src)
{
	struct ffa_mem_range b[BATCH];
	bool started = first == NULL;
	int rc = FFA_SIM_MEMTAB_MORE;
	uint32_t n = 0;

	for (;;) {
		uint64_t addr;
		uint32_t pages;
		int got = cons_next(src, &addr, &pages);

		if (got == 1) {
			/* The caller's own RX/TX pair is lent to the partition
			 * manager: never its to share (ffa-abi.md 12). */
			if (ep->mapped && (sim_overlap(addr, (uint64_t)pages * SIM_PAGE, ep->tx_pa,
						       tx_size(ep)) ||
					   sim_overlap(addr, (uint64_t)pages * SIM_PAGE, ep->rx_pa,
						       tx_size(ep)))) {
				rc = FFA_ERR_DENIED;
				break;
			}
			b[n].addr = addr;
			b[n].pages = pages;
			if (++n < BATCH)
				continue;
		} else if (got < 0) {
			rc = FFA_ERR_INVALID_PARAMETERS;
			break;
		}
		if (!started) {
			first->ranges = b;
			first->nranges = n;
			rc = ffa_sim_memtab_send(&s->mt, first, handle);
			started = true;
		} else if (n) {
			rc = ffa_sim_memtab_send_more(&s->mt, ep->id, *handle, b, n);
		}
		if (rc < 0 || got == 0)
			return rc;
		n = 0;
	}
	/* Found by the core: end a transaction already recorded. */
	if (started)
		(void)ffa_sim_memtab_send_abort(&s->mt, ep->id, *handle);
	return rc;
}

/* A complete send: zero the memory if asked, answer the handle. */
static void sent(struct sim_call *c, uint64_t h)
{
	struct ffa_sim_mem_info info;

	if (ffa_sim_memtab_lookup(&c->s->mt, h, &info) == 0 && (info.flags & FFA_MEM_FLAG_ZERO))
		zero_ranges(c->s, h);
	answer_handle(c, h);
}

void sim_h_mem_send(struct sim_call *c)
{
	struct ffa_sim *s = c->s;
	struct sim_ep *ep = c->ep;
	uint32_t total = sim_w(c->in, 1), len = sim_w(c->in, 2);
	uint64_t addr = c->is64 ? c->in->x[3] : sim_w(c->in, 3);
	uint32_t version = sim_ep_version(ep);
	struct ffa_mem_receiver rcv[MAX_RCVS];
	struct ffa_mem_cons_iter whole;
	struct ffa_mem_desc d;
	const struct ffa_mem_desc *dp;
	struct cons_src src = { NULL, NULL };
	struct ffa_sim_mem_send req;
	uint64_t h = 0;
	int rc;

	/* A descriptor outside the TX buffer (w3/w4) is not supported. */
	if (addr || sim_w(c->in, 4)) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	if (!ep->mapped || ep->send_active) {
		sim_answer_error(c, FFA_ERR_DENIED);
		return;
	}
	if (len == 0 || len > total || len > tx_size(ep) || (len % 16u)) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	if (len == total) {
		rc = ffa_mem_desc_decode(&d, ep->tx, total, version, FFA_MEM_DESC_SEND);
		if (rc == 0)
			rc = ffa_mem_desc_constituents(&d, &whole);
		dp = &d;
		src.whole = &whole;
	} else {
		rc = ffa_mem_reasm_init(&ep->send_reasm, version, FFA_MEM_DESC_SEND, total);
		if (rc == 0)
			rc = ffa_mem_reasm_feed(&ep->send_reasm, ep->tx, len);
		dp = ffa_mem_reasm_desc(&ep->send_reasm);
		src.reasm = &ep->send_reasm;
	}
	/* The relayer allocates the handle: the descriptor's is 0. */
	if (rc || !dp || dp->handle != 0) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	rc = read_receivers(dp, rcv, FFA_ERR_NO_MEMORY);
	if (rc) {
		sim_answer_error(c, rc);
		return;
	}
	req = (struct ffa_sim_mem_send){
		.caller = ep->id,
		.sender = dp->sender,
		.type = type_of(c->fid),
		.attributes = dp->attributes,
		.flags = dp->flags,
		.tag = dp->tag,
		.receiver_count = dp->receiver_count,
		.receivers = rcv,
		.impdef_valid = dp->emad_size == FFA_MEM_EMAD_SIZE_V1_2,
		.range_count = dp->constituent_count,
		.total_pages = dp->total_pages,
	};
	rc = feed(s, ep, &req, &h, &src);
	if (rc == FFA_SIM_MEMTAB_MORE && len == total) {
		/* Cannot happen for a descriptor that decoded whole. */
		(void)ffa_sim_memtab_send_abort(&s->mt, ep->id, h);
		rc = FFA_ERR_INVALID_PARAMETERS;
	}
	if (rc < 0) {
		sim_answer_error(c, rc);
	} else if (rc == FFA_SIM_MEMTAB_MORE) {
		ep->send_active = true;
		ep->send_handle = h;
		answer_frag(c, FFA_MEM_FRAG_RX_32, h, len);
	} else {
		sent(c, h);
	}
}

void sim_h_mem_frag_tx(struct sim_call *c)
{
	struct ffa_sim *s = c->s;
	struct sim_ep *ep = c->ep;
	uint64_t h = handle_of(c, 1);
	uint32_t len = sim_w(c->in, 3), got;
	const struct ffa_mem_desc *dp;
	struct cons_src src = { NULL, &ep->send_reasm };
	int rc;

	/* Unknown, another endpoint's or a complete transaction: no change. */
	if (!ep->send_active || h != ep->send_handle) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	/* From here every failure ends the pending transaction. */
	ep->send_active = false;
	dp = ffa_mem_reasm_desc(&ep->send_reasm);
	got = ffa_mem_reasm_received(&ep->send_reasm);
	rc = FFA_ERR_DENIED;
	if (!ep->mapped || !dp)
		goto fail;
	rc = FFA_ERR_INVALID_PARAMETERS;
	if (len == 0 || (len % 16u) || len > tx_size(ep) || len > dp->total_len - got ||
	    ffa_mem_reasm_feed(&ep->send_reasm, ep->tx, len))
		goto fail;
	rc = feed(s, ep, NULL, &h, &src);
	if (rc < 0) {
		sim_answer_error(c, rc); /* the table ended it */
		return;
	}
	if (rc == FFA_SIM_MEMTAB_MORE) {
		ep->send_active = true;
		answer_frag(c, FFA_MEM_FRAG_RX_32, h, got + len);
		return;
	}
	sent(c, h);
	return;
fail:
	(void)ffa_sim_memtab_send_abort(&s->mt, ep->id, h);
	sim_answer_error(c, rc);
}

/* ---- Retrieving: FFA_MEM_RETRIEVE_REQ and FFA_MEM_FRAG_RX -------------------- */

/* Range source for the response encoder: the transaction's constituents. */
static int resp_next(void *arg, uint64_t *addr, uint32_t *pages)
{
	struct sim_ep *ep = (struct sim_ep *)arg;
	struct ffa_mem_range r;
	int n = ffa_sim_memtab_ranges(&ep->part.sim->mt, ep->resp_handle, ep->resp_index, &r, 1);

	if (n <= 0)
		return n;
	ep->resp_index++;
	*addr = r.addr;
	*pages = r.pages;
	return 1;
}

static int resp_rewind(void *arg)
{
	((struct sim_ep *)arg)->resp_index = 0;
	return 0;
}

/* Put the next response fragment in @ep's RX buffer. Returns its length,
 * or a negative value when the encoder fails. */
static int resp_fragment(struct sim_ep *ep, struct ffa_mem_frag_info *info)
{
	int n = ffa_mem_frag_next(&ep->resp_frag, ep->rx, sim_rx_size(ep), info);

	if (n > 0)
		sim_rx_produced(ep, (size_t)n);
	return n > 0 ? n : FFA_ERR_ABORTED;
}

/* Start the retrieve response of @h granted by @g; answer the first
 * fragment. */
static void respond_retrieve(struct sim_call *c, uint64_t h, uint64_t tag,
			     const struct ffa_sim_mem_grant *g)
{
	struct ffa_sim *s = c->s;
	struct sim_ep *ep = c->ep;
	uint32_t version = sim_ep_version(ep);
	struct ffa_mem_range_iter it = { resp_next, resp_rewind, ep };
	struct ffa_mem_frag_info info;
	struct ffa_mem_txn txn;
	struct ffa_regs r;
	int n;

	ffa__bytes_zero(&ep->resp_rcv, sizeof(ep->resp_rcv));
	ep->resp_rcv.id = ep->id;
	ep->resp_rcv.perm = g->perm;
	if (version >= FFA_VERSION_1_2)
		for (unsigned int i = 0; i < FFA_MEM_IMPDEF_SIZE; i++)
			ep->resp_rcv.impdef[i] = g->impdef[i];
	txn = (struct ffa_mem_txn){
		.version = version,
		.kind = FFA_MEM_DESC_RETRIEVE_RESP,
		.sender = g->owner,
		/* The NS bit tells v1.1+ retrievers the memory is non-secure. */
		.attributes = (uint16_t)(g->attributes |
					 (g->ns && version >= FFA_VERSION_1_1 ? FFA_MEM_ATTR_NS : 0)),
		.flags = g->flags,
		.handle = h,
		.tag = tag,
		.receiver_count = 1,
		.receivers = &ep->resp_rcv,
	};
	ep->resp_handle = h;
	ep->resp_index = 0;
	n = ffa_mem_frag_init(&ep->resp_frag, &txn, &it);
	if (n == 0)
		n = resp_fragment(ep, &info);
	if (n < 0) {
		/* Unreachable with what the table grants; fail loudly. */
		sim_answer_error(c, FFA_ERR_ABORTED);
		return;
	}
	if (info.more)
		ep->resp_active = true;
	else
		(void)ffa_sim_memtab_retrieve_end(&s->mt, ep->id, h);
	sim_frame(&r, FFA_MEM_RETRIEVE_RESP_32);
	r.x[1] = info.total_len;
	r.x[2] = (uint32_t)n;
	sim_answer(c, &r);
}

void sim_h_mem_retrieve_req(struct sim_call *c)
{
	struct ffa_sim *s = c->s;
	struct sim_ep *ep = c->ep;
	uint32_t total = sim_w(c->in, 1), len = sim_w(c->in, 2);
	uint64_t addr = c->is64 ? c->in->x[3] : sim_w(c->in, 3);
	struct ffa_mem_receiver rcv[MAX_RCVS];
	struct ffa_sim_mem_retrieve req;
	struct ffa_sim_mem_grant g;
	struct ffa_mem_desc d;
	int rc;

	if (addr || sim_w(c->in, 4) || len != total || len == 0) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS); /* never fragmented */
		return;
	}
	if (!ep->mapped) {
		sim_answer_error(c, FFA_ERR_DENIED);
		return;
	}
	/* The response goes to the RX buffer: it must be free. */
	if (ep->resp_active || sim_rx_claim(ep)) {
		sim_answer_error(c, FFA_ERR_BUSY);
		return;
	}
	if (len > tx_size(ep) ||
	    ffa_mem_retrieve_req_decode(&d, ep->tx, len, sim_ep_version(ep))) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	rc = read_receivers(&d, rcv, FFA_ERR_INVALID_PARAMETERS);
	if (rc) {
		sim_answer_error(c, rc);
		return;
	}
	req = (struct ffa_sim_mem_retrieve){
		.caller = ep->id,
		.handle = d.handle,
		.sender = d.sender,
		.attributes = d.attributes,
		.flags = d.flags,
		.tag = d.tag,
		.receiver_count = d.receiver_count,
		.receivers = rcv,
		.impdef_valid = d.emad_size == FFA_MEM_EMAD_SIZE_V1_2,
	};
	rc = ffa_sim_memtab_retrieve(&s->mt, &req, &g);
	if (rc) {
		sim_answer_error(c, rc);
		return;
	}
	if (g.zero)
		zero_ranges(s, d.handle);
	respond_retrieve(c, d.handle, d.tag, &g);
}

void sim_h_mem_frag_rx(struct sim_call *c)
{
	struct sim_ep *ep = c->ep;
	uint64_t h = handle_of(c, 1);
	struct ffa_mem_frag_info info;
	int n;

	if (!ep->resp_active || h != ep->resp_handle ||
	    sim_w(c->in, 3) != ffa_mem_frag_pos(&ep->resp_frag)) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	if (sim_rx_claim(ep)) {
		sim_answer_error(c, FFA_ERR_BUSY); /* release the last fragment first */
		return;
	}
	n = resp_fragment(ep, &info);
	if (n < 0 || !info.more) {
		ep->resp_active = false;
		(void)ffa_sim_memtab_retrieve_end(&c->s->mt, ep->id, h);
	}
	if (n < 0)
		sim_answer_error(c, n);
	else
		answer_frag(c, FFA_MEM_FRAG_TX_32, h, (uint32_t)n);
}

/* ---- Giving back: FFA_MEM_RELINQUISH and FFA_MEM_RECLAIM ---------------------- */

void sim_h_mem_relinquish(struct sim_call *c)
{
	struct sim_ep *ep = c->ep;
	struct ffa_mem_relinquish rel;
	uint16_t ids[MAX_RCVS];
	bool zero = false;
	int rc;

	if (!ep->mapped) {
		sim_answer_error(c, FFA_ERR_DENIED);
		return;
	}
	if (ffa_mem_relinquish_decode(&rel, ep->tx, tx_size(ep)) ||
	    rel.endpoint_count > MAX_RCVS) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	for (uint32_t i = 0; i < rel.endpoint_count; i++)
		ids[i] = (uint16_t)ffa_mem_relinquish_endpoint(&rel, i);
	rc = ffa_sim_memtab_relinquish(&c->s->mt, ep->id, rel.handle, rel.flags, ids,
				       rel.endpoint_count, &zero);
	if (rc) {
		sim_answer_error(c, rc);
		return;
	}
	/* A response still being fetched is abandoned with the access. */
	if (ep->resp_active && ep->resp_handle == rel.handle)
		ep->resp_active = false;
	if (zero)
		zero_ranges(c->s, rel.handle);
	sim_answer_success(c, 0, 0);
}

void sim_h_mem_reclaim(struct sim_call *c)
{
	struct ffa_sim *s = c->s;
	uint64_t h = handle_of(c, 1);
	uint32_t flags = sim_w(c->in, 3);
	struct ffa_sim_mem_info info;
	int rc;

	/* The table forgets the ranges on reclaim, so zeroing happens first,
	 * once everything the reclaim checks is known to pass. */
	if ((flags & FFA_MEM_RECLAIM_FLAG_ZERO) && ffa_mem_relinquish_flags_valid(flags) &&
	    ffa_sim_memtab_lookup(&s->mt, h, &info) == 0 && info.state == FFA_SIM_MEM_LIVE &&
	    !info.owner_gone && info.owner == c->ep->id && info.holders == 0 &&
	    !(info.rflags & FFA_SIM_MEM_RO))
		zero_ranges(s, h);
	rc = ffa_sim_memtab_reclaim(&s->mt, c->ep->id, h, flags, NULL);
	if (rc)
		sim_answer_error(c, rc);
	else
		sim_answer_success(c, 0, 0);
}

/* ---- FEATURES and invariants ----------------------------------------------------- */

bool sim_mem_retrieve_features(const struct sim_ep *ep, uint32_t in_w2, uint32_t *w2)
{
	bool v11 = sim_ep_version(ep) >= FFA_VERSION_1_1;

	/* Input bit 1 "caller handles the NS bit" exists from v1.1; a v1.1+
	 * partition must set it (ACS, TF-A, Hafnium); normal-world callers
	 * may (SOURCES.md 3.8: Hafnium requires it, TF-A refuses it). */
	if (in_w2 & ~(v11 ? FFA_FEATURES_RETRIEVE_IN_NS_BIT : 0u))
		return false;
	if (v11 && ep->secure && !(in_w2 & FFA_FEATURES_RETRIEVE_IN_NS_BIT))
		return false;
	/* No dynamic buffers, NS bit handled (v1.1+), no hypervisor retrieve. */
	*w2 = v11 ? FFA_FEATURES_RETRIEVE_IN_NS_BIT : 0u;
	return true;
}

uint32_t sim_mem_check(const struct ffa_sim *s, const struct sim_ep *ep)
{
	struct ffa_sim_mem_info info;

	if (ep->send_active &&
	    (ffa_sim_memtab_lookup(&s->mt, ep->send_handle, &info) ||
	     info.state != FFA_SIM_MEM_PENDING || info.owner != ep->id))
		return 50;
	/* A response in fragments belongs to a recorded transaction the
	 * endpoint still holds (or that was donated to it). */
	if (ep->resp_active && ffa_sim_memtab_lookup(&s->mt, ep->resp_handle, &info))
		return 51;
	return 0;
}
