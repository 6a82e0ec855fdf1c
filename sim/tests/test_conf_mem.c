/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Conformance: memory management through the call handler (ffa-abi.md 4.5,
 * ffa-memory.md 7-10): SHARE/LEND/DONATE, retrieve, relinquish, reclaim,
 * fragmentation in both directions, and the memory checker partition.
 * Descriptors are written with libffa's desc layer into the caller's TX
 * buffer, as a client would.
 */
#include "sim_test.h"

#include "le.h"


#define P_RW ffa_mem_perm_make(FFA_MEM_DATA_RW, FFA_MEM_INSTR_NOT_SPECIFIED)
#define P_RO ffa_mem_perm_make(FFA_MEM_DATA_RO, FFA_MEM_INSTR_NOT_SPECIFIED)
#define P_RW_NX ffa_mem_perm_make(FFA_MEM_DATA_RW, FFA_MEM_INSTR_NX)
#define P_NONE ffa_mem_perm_make(FFA_MEM_DATA_NOT_SPECIFIED, FFA_MEM_INSTR_NOT_SPECIFIED)

static void config(void)
{
	fx_config_memchk(&F);
}

static void create(void)
{
	fx_create(&F);
	fx_own_memory(&F);
	fx_version(&F, HYP, FFA_VERSION_1_2);
	fx_version(&F, VM, FFA_VERSION_1_2);
	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_success(fx_map(&F, HYP));
	assert_ffa_success(fx_map(&F, VM));
	assert_ffa_success(fx_map(&F, EXT));
}

static void setup(void)
{
	config();
	create();
}

struct send {
	uint32_t fid;
	uint16_t sender;
	uint16_t receiver;
	uint8_t perm;
	uint16_t attributes;
	uint32_t flags;
	uint32_t version;
	const struct ffa_mem_range *ranges;
	size_t n;
};

/* Encode @s into @from's TX buffer; returns the length. */
static uint32_t encode_send(uint16_t from, const struct send *s)
{
	struct ffa_mem_receiver r = { .id = s->receiver, .perm = s->perm };
	struct ffa_mem_txn txn = { .version = s->version ? s->version : FFA_VERSION_1_2,
				   .kind = FFA_MEM_DESC_SEND, .sender = s->sender,
				   .attributes = s->attributes, .flags = s->flags,
				   .receiver_count = 1, .receivers = &r };
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	int len;

	cr_assert_eq(ffa_mem_range_array_iter(&st, s->ranges, s->n, &it), 0);
	len = ffa_mem_desc_encode(&txn, &it, fx_tx(&F, from), 4096);
	cr_assert_gt(len, 0, "encode: %d", len);
	return (uint32_t)len;
}

static struct ffa_regs send_call(uint16_t from, const struct send *s)
{
	uint32_t len = encode_send(from, s);

	return fx_call(&F, from, FRAME(s->fid, len, len));
}

/* The valid send of the one range @r by HYP to EXT with @fid (a 32-bit
 * SHARE, LEND or DONATE): RW (not specified for a donation), normal
 * write-back inner-shareable memory for a share and no attributes
 * otherwise, no flags, the caller's layout version. Tests change a field. */
static struct send hyp_send(uint32_t fid, const struct ffa_mem_range *r)
{
	return (struct send){ .fid = fid, .sender = HYP, .receiver = EXT,
			      .perm = fid == FFA_MEM_DONATE_32 ? P_NONE : P_RW,
			      .attributes = fid == FFA_MEM_SHARE_32 ? FFA_MEM_ATTR_NORMAL_WB_INNER : 0,
			      .ranges = r, .n = 1 };
}

/* The range of page0_send(): HYP's owned page 0. */
static struct ffa_mem_range page0;

/* hyp_send() of HYP's owned page 0 (the range in page0). */
static struct send page0_send(uint32_t fid)
{
	page0 = (struct ffa_mem_range){ own(HYP, 0), 1 };
	return hyp_send(fid, &page0);
}

/* page0_send() of a share, encoded into HYP's TX buffer (and not sent);
 * its length. */
static uint32_t encode_page0(void)
{
	struct send s = page0_send(FFA_MEM_SHARE_32);

	return encode_send(HYP, &s);
}

/* FFA_MEM_SHARE_32 of the @len bytes in HYP's TX buffer (one fragment). */
static struct ffa_regs share_tx(uint32_t len)
{
	return fx_call(&F, HYP, FRAME(FFA_MEM_SHARE_32, len, len));
}

/* FFA_MEM_FRAG_TX or FFA_MEM_FRAG_RX (@fid) from @ep for handle @h, w3 @w3
 * (a fragment length or an offset). */
static struct ffa_regs frag_call(uint16_t ep, uint32_t fid, uint64_t h, uint32_t w3)
{
	return fx_call(&F, ep, FRAME(fid, ffa_mem_handle_lo(h), ffa_mem_handle_hi(h), w3));
}

static uint64_t handle_of(struct ffa_regs r)
{
	cr_assert_eq(r.x[0], FFA_SUCCESS_32, "x0 0x%llx x2 0x%llx", (unsigned long long)r.x[0],
		     (unsigned long long)r.x[2]);
	return ffa_mem_handle_make((uint32_t)r.x[2], (uint32_t)r.x[3]);
}

/* HYP shares @pages pages of its memory (from page @first) RW with @to;
 * the answer. */
static struct ffa_regs share_call(uint16_t to, uint32_t first, uint32_t pages)
{
	struct ffa_mem_range r = { own(HYP, first), pages };
	struct send s = hyp_send(FFA_MEM_SHARE_32, &r);

	s.receiver = to;
	return send_call(HYP, &s);
}

/* The same, which must succeed: the handle. */
static uint64_t share(uint16_t to, uint32_t first, uint32_t pages)
{
	return handle_of(share_call(to, first, pages));
}

static struct ffa_regs retrieve(uint16_t ep, uint64_t h, uint16_t owner, uint8_t type, uint8_t perm)
{
	struct ffa_mem_receiver me = { .id = ep, .perm = perm };
	struct ffa_mem_txn txn = { .version = FFA_VERSION_1_2, .kind = FFA_MEM_DESC_RETRIEVE_REQ,
				   .sender = owner, .flags = FFA_MEM_RETRIEVE_FLAG_TYPE(type),
				   .handle = h, .receiver_count = 1, .receivers = &me };
	int len = ffa_mem_retrieve_req_encode(&txn, fx_tx(&F, ep), 4096);

	cr_assert_gt(len, 0);
	return fx_call(&F, ep, FRAME(FFA_MEM_RETRIEVE_REQ_32, (uint32_t)len, (uint32_t)len));
}

static struct ffa_regs relinquish(uint16_t ep, uint64_t h)
{
	uint16_t id = ep;

	cr_assert_gt(ffa_mem_relinquish_encode(h, 0, &id, 1, fx_tx(&F, ep), 4096), 0);
	return fx_call(&F, ep, FRAME(FFA_MEM_RELINQUISH_32));
}

static struct ffa_regs reclaim(uint16_t ep, uint64_t h, uint32_t flags)
{
	return fx_call(&F, ep, FRAME(FFA_MEM_RECLAIM_32, ffa_mem_handle_lo(h),
				     ffa_mem_handle_hi(h), flags));
}

TestSuite(conf_mem, .init = setup, .fini = fx_teardown);

Test(conf_mem, share_retrieve_relinquish_reclaim)
{
	uint64_t h = share(EXT, 0, 2), addr;
	struct ffa_regs r = retrieve(EXT, h, HYP, FFA_MEM_RETRIEVE_TYPE_SHARE, P_RW);
	struct ffa_mem_desc d;
	struct ffa_mem_receiver rcv;
	struct ffa_mem_cons_iter it;
	uint32_t pages;

	cr_assert_eq(r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	cr_assert_eq(r.x[1], r.x[2]);
	cr_assert_eq(ffa_mem_retrieve_resp_decode(&d, fx_rx(&F, EXT), r.x[2], FFA_VERSION_1_2), 0);
	cr_assert_eq(d.handle, h);
	cr_assert_eq(d.sender, HYP);
	cr_assert(d.attributes & FFA_MEM_ATTR_NS); /* normal-world memory */
	cr_assert_eq(d.receiver_count, 1);
	cr_assert_eq(ffa_mem_desc_receiver(&d, 0, &rcv), 0);
	cr_assert_eq(rcv.id, EXT);
	cr_assert_eq(ffa_mem_perm_data(rcv.perm), FFA_MEM_DATA_RW);
	cr_assert_eq(ffa_mem_desc_constituents(&d, &it), 0);
	cr_assert_eq(ffa_mem_cons_next(&it, &addr, &pages), 1);
	cr_assert_eq(addr, own(HYP, 0));
	cr_assert_eq(pages, 2);
	assert_ffa_success(fx_call(&F, EXT, FRAME(FFA_RX_RELEASE_32)));
	assert_ffa_error(reclaim(HYP, h, 0), FFA_ERR_DENIED); /* still borrowed */
	assert_ffa_success(relinquish(EXT, h));
	assert_ffa_success(reclaim(HYP, h, 0));
	assert_ffa_error(reclaim(HYP, h, 0), FFA_ERR_INVALID_PARAMETERS); /* handle dead */
	assert_ffa_error(retrieve(EXT, h, HYP, FFA_MEM_RETRIEVE_TYPE_SHARE, P_RW),
			 FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_mem, reclaim_by_a_non_owner_invalid)
{
	uint64_t h = share(EXT, 0, 1);

	assert_ffa_error(reclaim(VM, h, 0), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(reclaim(EXT, h, 0), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_success(reclaim(HYP, h, 0));
}

Test(conf_mem, retrieve_by_a_non_receiver_invalid)
{
	uint64_t h = share(EXT, 0, 1);

	assert_ffa_error(retrieve(VM, h, HYP, FFA_MEM_RETRIEVE_TYPE_SHARE, P_RW),
			 FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_mem, retrieve_naming_another_owner_denied)
{
	uint64_t h = share(EXT, 0, 1);

	assert_ffa_error(retrieve(EXT, h, VM, FFA_MEM_RETRIEVE_TYPE_SHARE, P_RW), FFA_ERR_DENIED);
}

Test(conf_mem, retrieve_more_access_than_granted_denied)
{
	struct send s = page0_send(FFA_MEM_SHARE_32);
	uint64_t h;

	s.perm = P_RO;
	h = handle_of(send_call(HYP, &s));

	assert_ffa_error(retrieve(EXT, h, HYP, FFA_MEM_RETRIEVE_TYPE_SHARE, P_RW), FFA_ERR_DENIED);
	cr_assert_eq(retrieve(EXT, h, HYP, FFA_MEM_RETRIEVE_TYPE_SHARE, P_RO).x[0],
		     FFA_MEM_RETRIEVE_RESP_32);
}

Test(conf_mem, overlapping_share_denied)
{
	share(EXT, 0, 4);
	assert_ffa_error(share_call(VM, 3, 2), FFA_ERR_DENIED);
}

Test(conf_mem, memory_the_sender_does_not_own_denied)
{
	struct ffa_mem_range r = { own(VM, 0), 1 };
	struct send s = hyp_send(FFA_MEM_SHARE_32, &r);

	assert_ffa_error(send_call(HYP, &s), FFA_ERR_DENIED);
	r.addr = pa_of(fx_mem(&F, HYP)) + 3 * 4096u; /* never added */
	assert_ffa_error(send_call(HYP, &s), FFA_ERR_DENIED);
}

Test(conf_mem, caller_not_the_descriptor_sender_denied)
{
	struct send s = page0_send(FFA_MEM_SHARE_32);

	s.sender = VM;
	assert_ffa_error(send_call(HYP, &s), FFA_ERR_DENIED);
}

Test(conf_mem, own_rx_tx_buffers_cannot_be_sent)
{
	struct ffa_mem_range r = { pa_of(fx_tx(&F, VM)), 1 };
	struct send s = hyp_send(FFA_MEM_SHARE_32, &r);

	s.sender = VM;
	/* Even when the pages are the VM's own memory. */
	assert_ffa_success(fx_call(&F, VM, FRAME(FFA_RXTX_UNMAP_32)));
	cr_assert_eq(ffa_sim_memory_add(F.sim, VM, pa_of(fx_mem(&F, VM)), OWN_OFF, 0), 0);
	assert_ffa_success(fx_map(&F, VM));
	assert_ffa_error(send_call(VM, &s), FFA_ERR_DENIED);
	r.addr = pa_of(fx_rx(&F, VM));
	assert_ffa_error(send_call(VM, &s), FFA_ERR_DENIED);
	r.addr = pa_of(fx_mem(&F, VM) + 8192);
	assert_ffa_success(send_call(VM, &s));
}

Test(conf_mem, rxtx_map_of_memory_shared_away_denied)
{
	uint8_t *m = fx_mem(&F, HYP);

	share(EXT, 0, 2);
	assert_ffa_success(fx_call(&F, HYP, FRAME(FFA_RXTX_UNMAP_32)));
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_RXTX_MAP_64, own(HYP, 0), own(HYP, 8), 1)),
			 FFA_ERR_DENIED);
	assert_ffa_success(fx_call(&F, HYP, FRAME(FFA_RXTX_MAP_64, own(HYP, 4), own(HYP, 8), 1)));
	(void)m;
}

Test(conf_mem, retrieve_with_rx_buffer_busy)
{
	uint64_t h = share(EXT, 0, 1);

	assert_ffa_success(fx_call(&F, EXT, FRAME(FFA_PARTITION_INFO_GET_32)));
	assert_ffa_error(retrieve(EXT, h, HYP, FFA_MEM_RETRIEVE_TYPE_SHARE, P_RW), FFA_ERR_BUSY);
	assert_ffa_success(fx_call(&F, EXT, FRAME(FFA_RX_RELEASE_32)));
	cr_assert_eq(retrieve(EXT, h, HYP, FFA_MEM_RETRIEVE_TYPE_SHARE, P_RW).x[0],
		     FFA_MEM_RETRIEVE_RESP_32);
}

Test(conf_mem, descriptor_outside_the_tx_buffer_invalid)
{
	uint32_t len = encode_page0();

	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_MEM_SHARE_64, len, len, own(HYP, 5), 1)),
			 FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_mem, lengths_invalid)
{
	uint32_t len = encode_page0();

	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_MEM_SHARE_32, len, len + 16)),
			 FFA_ERR_INVALID_PARAMETERS); /* fragment > total */
	assert_ffa_error(share_tx(len - 16),
			 FFA_ERR_INVALID_PARAMETERS); /* total != what the header implies */
	assert_ffa_error(share_tx(len + 8), FFA_ERR_INVALID_PARAMETERS); /* not a multiple of 16 */
	assert_ffa_error(share_tx(8192), FFA_ERR_INVALID_PARAMETERS); /* beyond the TX buffer */
	assert_ffa_success(share_tx(len));
}

Test(conf_mem, no_tx_buffer_denied)
{
	assert_ffa_success(fx_call(&F, VM, FRAME(FFA_RXTX_UNMAP_32)));
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_MEM_SHARE_32, 112, 112)), FFA_ERR_DENIED);
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_MEM_RELINQUISH_32)), FFA_ERR_DENIED);
}

Test(conf_mem, zero_flag_with_share_invalid)
{
	struct send s = page0_send(FFA_MEM_SHARE_32);

	s.flags = FFA_MEM_FLAG_ZERO;
	assert_ffa_error(send_call(HYP, &s), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_mem, lend_with_zero_flag_zeroes_and_reclaim_zeroes)
{
	struct send s = page0_send(FFA_MEM_LEND_32);
	uint64_t h;

	s.flags = FFA_MEM_FLAG_ZERO;
	memset(own_ptr(HYP, 0), 0x5A, 4096);
	h = handle_of(send_call(HYP, &s));
	for (unsigned int i = 0; i < 4096; i++)
		cr_assert_eq(own_ptr(HYP, 0)[i], 0, "byte %u not zeroed", i);
	cr_assert_eq(retrieve(EXT, h, HYP, FFA_MEM_RETRIEVE_TYPE_LEND, P_RW_NX).x[0],
		     FFA_MEM_RETRIEVE_RESP_32);
	memset(own_ptr(HYP, 0), 0x77, 4096); /* the borrower writes */
	assert_ffa_success(relinquish(EXT, h));
	assert_ffa_error(reclaim(HYP, h, 4), FFA_ERR_INVALID_PARAMETERS); /* flags [31:2] */
	assert_ffa_success(reclaim(HYP, h, FFA_MEM_RECLAIM_FLAG_ZERO));
	cr_assert_eq(own_ptr(HYP, 0)[4095], 0);
}

Test(conf_mem, lend_specifying_attributes_invalid)
{
	struct send s = page0_send(FFA_MEM_LEND_32);

	s.attributes = FFA_MEM_ATTR_NORMAL_WB_INNER;
	assert_ffa_error(send_call(HYP, &s), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_mem, donate_moves_ownership)
{
	struct ffa_mem_range r = { own(HYP, 2), 1 };
	struct send s = hyp_send(FFA_MEM_DONATE_32, &r);
	uint64_t h = handle_of(send_call(HYP, &s)), h2;

	cr_assert_eq(retrieve(EXT, h, HYP, FFA_MEM_RETRIEVE_TYPE_DONATE, P_RW_NX).x[0],
		     FFA_MEM_RETRIEVE_RESP_32);
	fx_call(&F, EXT, FRAME(FFA_RX_RELEASE_32));
	assert_ffa_error(reclaim(HYP, h, 0), FFA_ERR_INVALID_PARAMETERS);
	/* The page is EXT's now: HYP cannot send it, EXT can (SP -> SP). */
	s = hyp_send(FFA_MEM_SHARE_32, &r);
	s.receiver = VM;
	assert_ffa_error(send_call(HYP, &s), FFA_ERR_DENIED);
	s.sender = EXT;
	s.receiver = MEMCHK;
	h2 = handle_of(send_call(EXT, &s));
	cr_assert_neq(h2, h);
}

/* A fresh simulator (every owner owning its memory) where only VM has
 * negotiated (@v) and mapped its RX/TX pair; *@s becomes hyp_send() of a
 * share sent by VM in layout @layout of *@r, VM's owned page 0. */
static void vm_alone(uint32_t v, struct send *s, struct ffa_mem_range *r, uint32_t layout)
{
	fx_teardown();
	config();
	fx_create(&F);
	fx_own_memory(&F);
	fx_version(&F, VM, v);
	assert_ffa_success(fx_map(&F, VM));
	*r = (struct ffa_mem_range){ own(VM, 0), 1 };
	*s = hyp_send(FFA_MEM_SHARE_32, r);
	s->sender = VM;
	s->version = layout;
}

Test(conf_mem, v1_0_caller_uses_the_v1_0_layout)
{
	struct ffa_mem_range r;
	struct send s;

	vm_alone(FFA_VERSION_1_0, &s, &r, FFA_VERSION_1_0);
	handle_of(send_call(VM, &s));
	/* A v1.1 descriptor from a v1.0 caller (real-spmc-behaviour.md). */
	s.version = FFA_VERSION_1_1;
	r = (struct ffa_mem_range){ own(VM, 1), 1 };
	assert_ffa_error(send_call(VM, &s), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_mem, handles_are_not_reused_and_not_sequential)
{
	uint64_t a = share(EXT, 0, 1), b, c;

	assert_ffa_success(reclaim(HYP, a, 0));
	b = share(EXT, 0, 1);
	assert_ffa_success(reclaim(HYP, b, 0));
	c = share(EXT, 0, 1);
	cr_assert_neq(a, b);
	cr_assert_neq(b, c);
	cr_assert_neq(b - a, c - b);
	/* Bit 63: allocated by the SPMC when an SP is involved, by the
	 * hypervisor between VMs. */
	cr_assert_not(a & FFA_MEM_HANDLE_HYP_BIT);
	cr_assert(share(VM, 8, 1) & FFA_MEM_HANDLE_HYP_BIT);
}

/* ---- Fragmentation -------------------------------------------------------------- */

/* A fragmented send of a struct big's ranges by HYP, under way: the
 * encoder and what the first fragment looked like. */
struct fsend {
	struct ffa_mem_range_array st;
	struct ffa_mem_frag f;
	struct ffa_mem_frag_info info; /* of the first fragment */
	uint32_t len;                  /* ... and its length */
};

/* Start sending @b's ranges from HYP (at @version) RW to @to with @fid: the
 * first fragment of one TX buffer (more follow); the answer to it. */
static struct ffa_regs fsend_start(struct fsend *fs, struct big *b, uint32_t fid, uint16_t to,
				   uint32_t version, uint16_t attributes)
{
	struct ffa_mem_receiver rcv = { .id = to, .perm = P_RW };
	struct ffa_mem_txn txn = { .version = version, .kind = FFA_MEM_DESC_SEND, .sender = HYP,
				   .attributes = attributes, .receiver_count = 1,
				   .receivers = &rcv };
	struct ffa_mem_range_iter it;
	int len;

	cr_assert_eq(ffa_mem_range_array_iter(&fs->st, b->r, MANY, &it), 0);
	cr_assert_eq(ffa_mem_frag_init(&fs->f, &txn, &it), 0);
	len = ffa_mem_frag_next(&fs->f, fx_tx(&F, HYP), 4096, &fs->info);
	cr_assert_gt(len, 0);
	cr_assert(fs->info.more);
	fs->len = (uint32_t)len;
	return fx_call(&F, HYP, FRAME(fid, fs->info.total_len, fs->len));
}

/* Send @b's ranges from HYP (at @version) to @to with @fid, in fragments
 * of one TX buffer; checks every FRAG_RX on the way and returns the final
 * answer. *@frags counts the fragments. */
static struct ffa_regs fragmented_send(struct big *b, uint32_t fid, uint16_t to, uint32_t version,
				       uint16_t attributes, unsigned int *frags)
{
	struct fsend fs;
	struct ffa_mem_frag_info info;
	struct ffa_regs r = fsend_start(&fs, b, fid, to, version, attributes);
	int len;

	*frags = 1;
	while ((uint32_t)r.x[0] == FFA_MEM_FRAG_RX_32) {
		/* Handle in w1/w2, offset so far in w3 (known-bugs 24). */
		uint64_t h = ffa_mem_handle_make((uint32_t)r.x[1], (uint32_t)r.x[2]);

		cr_assert_eq(r.x[3], ffa_mem_frag_pos(&fs.f));
		cr_assert_eq(r.x[4], 0);
		len = ffa_mem_frag_next(&fs.f, fx_tx(&F, HYP), 4096, &info);
		r = frag_call(HYP, FFA_MEM_FRAG_TX_32, h, (uint32_t)len);
		(*frags)++;
	}
	return r;
}

/* Share @b's ranges with EXT in fragments; returns the handle. */
static uint64_t fragmented_share(struct big *b, unsigned int *frags)
{
	return handle_of(fragmented_send(b, FFA_MEM_SHARE_32, EXT, FFA_VERSION_1_2,
					 FFA_MEM_ATTR_NORMAL_WB_INNER, frags));
}

Test(conf_mem, fragmented_send_and_fragmented_retrieve_response)
{
	struct big b;
	struct ffa_mem_reasm ra;
	unsigned int frags = 0, n = 0;
	uint64_t h, addr;
	uint32_t pages;
	struct ffa_regs r;

	fx_big_memory(&F, &b, HYP);
	h = fragmented_share(&b, &frags);
	cr_assert_eq(frags, 2);
	r = retrieve(EXT, h, HYP, FFA_MEM_RETRIEVE_TYPE_SHARE, P_RW);
	cr_assert_eq(r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	cr_assert_lt(r.x[2], r.x[1]);
	cr_assert_eq(ffa_mem_reasm_init(&ra, FFA_VERSION_1_2, FFA_MEM_DESC_RETRIEVE_RESP,
					(uint32_t)r.x[1]), 0);
	cr_assert_eq(ffa_mem_reasm_feed(&ra, fx_rx(&F, EXT), r.x[2]), 0);
	for (;;) {
		int got = ffa_mem_reasm_next(&ra, &addr, &pages);

		cr_assert_geq(got, 0);
		if (got == 1) {
			cr_assert_eq(addr, b.r[n].addr);
			n++;
			continue;
		}
		if (ffa_mem_reasm_done(&ra))
			break;
		/* Not released yet: BUSY; wrong offset: INVALID. */
		assert_ffa_error(frag_call(EXT, FFA_MEM_FRAG_RX_32, h, ffa_mem_reasm_received(&ra)),
				 FFA_ERR_BUSY);
		assert_ffa_success(fx_call(&F, EXT, FRAME(FFA_RX_RELEASE_32)));
		assert_ffa_error(frag_call(EXT, FFA_MEM_FRAG_RX_32, h, 16), FFA_ERR_INVALID_PARAMETERS);
		r = frag_call(EXT, FFA_MEM_FRAG_RX_32, h, ffa_mem_reasm_received(&ra));
		cr_assert_eq(r.x[0], FFA_MEM_FRAG_TX_32);
		cr_assert_eq(ffa_mem_handle_make((uint32_t)r.x[1], (uint32_t)r.x[2]), h);
		cr_assert_eq(ffa_mem_reasm_feed(&ra, fx_rx(&F, EXT), r.x[3]), 0);
	}
	cr_assert_eq(n, MANY);
	assert_ffa_success(fx_call(&F, EXT, FRAME(FFA_RX_RELEASE_32)));
	assert_ffa_success(relinquish(EXT, h));
	assert_ffa_success(reclaim(HYP, h, 0));
	free(b.mem);
}

Test(conf_mem, pending_transaction_cannot_be_used)
{
	struct big b;
	struct fsend fs;
	struct ffa_regs r;
	uint64_t h;

	fx_big_memory(&F, &b, HYP);
	r = fsend_start(&fs, &b, FFA_MEM_SHARE_32, EXT, FFA_VERSION_1_2,
			FFA_MEM_ATTR_NORMAL_WB_INNER);
	cr_assert_eq(r.x[0], FFA_MEM_FRAG_RX_32);
	h = ffa_mem_handle_make((uint32_t)r.x[1], (uint32_t)r.x[2]);
	/* Not fully sent: retrieve and reclaim refuse it. */
	assert_ffa_error(retrieve(EXT, h, HYP, FFA_MEM_RETRIEVE_TYPE_SHARE, P_RW),
			 FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(reclaim(HYP, h, 0), FFA_ERR_INVALID_PARAMETERS);
	/* A second fragmented send while this one is unfinished. */
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_MEM_SHARE_32, fs.info.total_len, fs.len)),
			 FFA_ERR_DENIED);
	/* A continuation with another handle, or from another endpoint,
	 * changes nothing: the transaction then takes the next 16 bytes (one
	 * constituent of the real next fragment) where it stood. */
	cr_assert_gt(ffa_mem_frag_next(&fs.f, fx_tx(&F, HYP), 4096, &fs.info), 16);
	assert_ffa_error(frag_call(HYP, FFA_MEM_FRAG_TX_32, h ^ 1, 16), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(frag_call(VM, FFA_MEM_FRAG_TX_32, h, 16), FFA_ERR_INVALID_PARAMETERS);
	r = frag_call(HYP, FFA_MEM_FRAG_TX_32, h, 16);
	cr_assert_eq(r.x[0], FFA_MEM_FRAG_RX_32);
	cr_assert_eq(ffa_mem_handle_make((uint32_t)r.x[1], (uint32_t)r.x[2]), h);
	cr_assert_eq(r.x[3], fs.len + 16);
	/* A bad fragment length ends the transaction (known-bugs 26: nothing
	 * stays stuck): the pages can be shared again. */
	assert_ffa_error(frag_call(HYP, FFA_MEM_FRAG_TX_32, h, 24), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(frag_call(HYP, FFA_MEM_FRAG_TX_32, h, 16), FFA_ERR_INVALID_PARAMETERS);
	{
		unsigned int frags;

		fragmented_share(&b, &frags);
	}
	free(b.mem);
}

/* ---- The memory checker partition ------------------------------------------------ */

static struct ffa_regs memcheck(uint16_t owner, uint64_t h, uint8_t expect, uint8_t write,
				uint8_t type, uint32_t extra)
{
	return fx_call(&F, HYP, FRAME(FFA_MSG_SEND_DIRECT_REQ_32, MEMCHK, 0, FFA_SIM_MEMCHECK_CHECK,
				      owner, ffa_mem_handle_lo(h), ffa_mem_handle_hi(h),
				      (uint32_t)expect | (uint32_t)write << 8 |
					      (uint32_t)type << 16 | extra));
}

Test(conf_mem, memory_checker_verifies_writes_and_relinquishes)
{
	uint64_t h;
	struct ffa_regs r;

	memset(own_ptr(HYP, 4), 0xAB, 3 * 4096);
	h = share(MEMCHK, 4, 3);
	r = memcheck(HYP, h, 0xAB, 0xCD, FFA_MEM_RETRIEVE_TYPE_SHARE, 0);
	cr_assert_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	cr_assert_eq((int32_t)(uint32_t)r.x[3], 0, "status %d", (int32_t)(uint32_t)r.x[3]);
	cr_assert_eq(r.x[4], 3);
	cr_assert_eq(r.x[5], 0);
	cr_assert_eq(r.x[6], 1);
	cr_assert_eq(own_ptr(HYP, 4)[0], 0xCD);
	cr_assert_eq(own_ptr(HYP, 6)[4095], 0xCD);
	assert_ffa_success(reclaim(HYP, h, 0)); /* it relinquished */
}

Test(conf_mem, memory_checker_counts_mismatches_and_reports_errors)
{
	uint64_t h;
	struct ffa_regs r;

	memset(own_ptr(HYP, 0), 0x11, 4096);
	own_ptr(HYP, 0)[7] = 0x12;
	h = share(MEMCHK, 0, 1);
	r = memcheck(HYP, h, 0x11, 0, FFA_MEM_RETRIEVE_TYPE_SHARE, FFA_SIM_MEMCHECK_NO_WRITE);
	cr_assert_eq(r.x[5], 1);
	cr_assert_eq(r.x[6], 0);
	cr_assert_eq(own_ptr(HYP, 0)[7], 0x12);
	/* Not shared with it: the retrieve fails and the status says so. */
	h = share(EXT, 1, 1);
	r = memcheck(HYP, h, 0, 0, FFA_MEM_RETRIEVE_TYPE_SHARE, 0);
	cr_assert_eq((int32_t)(uint32_t)r.x[3], FFA_ERR_INVALID_PARAMETERS);
	cr_assert_eq(r.x[4], 0);
}

Test(conf_mem, memory_checker_fetches_every_response_fragment)
{
	struct big b;
	unsigned int frags;
	uint64_t h;
	struct ffa_regs r;

	fx_big_memory(&F, &b, HYP);
	memset(b.mem, 0x3C, 2u * MANY * 4096u);
	h = handle_of(fragmented_send(&b, FFA_MEM_LEND_32, MEMCHK, FFA_VERSION_1_2, 0, &frags));
	cr_assert_eq(frags, 2);
	r = memcheck(HYP, h, 0x3C, 0xC3, FFA_MEM_RETRIEVE_TYPE_LEND, 0);
	cr_assert_eq((int32_t)(uint32_t)r.x[3], 0, "status %d", (int32_t)(uint32_t)r.x[3]);
	cr_assert_eq(r.x[4], MANY);
	cr_assert_eq(r.x[5], 0);
	cr_assert_eq(b.mem[8192u * (MANY - 1)], 0xC3);
	cr_assert_eq(b.mem[4096], 0x3C); /* the pages between were not lent */
	assert_ffa_success(reclaim(HYP, h, 0));
	free(b.mem);
}

TestSuite(conf_mem_quirks, .fini = fx_teardown);

Test(conf_mem_quirks, overlap_answered_invalid_like_tfa)
{
	config();
	F.cfg.mem.quirks = FFA_SIM_MEM_Q_OVERLAP_INVALID;
	create();
	share(EXT, 0, 2);
	assert_ffa_error(share_call(VM, 1, 1), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_mem_quirks, pools_bound_the_table)
{
	config();
	F.cfg.mem.max_txns = 2;
	create();
	share(EXT, 0, 1);
	share(EXT, 1, 1);
	assert_ffa_error(share_call(EXT, 2, 1), FFA_ERR_NO_MEMORY);
}

/* ---- Known-bug classes of the memory paths (known-bugs.md 15-26, 40) ---------- */

TestSuite(mem, .init = setup, .fini = fx_teardown);

Test(mem, known_bug_15_emad_size_per_version)
{
	struct ffa_mem_range r;
	struct send s;

	/* 32-byte EMADs from a v1.1 caller are refused. */
	vm_alone(FFA_VERSION_1_1, &s, &r, FFA_VERSION_1_2);
	assert_ffa_error(send_call(VM, &s), FFA_ERR_INVALID_PARAMETERS);
	s.version = FFA_VERSION_1_1;
	handle_of(send_call(VM, &s));
}

Test(mem, known_bug_16_emad_offset_comes_from_the_header)
{
	uint32_t len = encode_page0();
	uint8_t *tx = fx_tx(&F, HYP);

	tx[32] = 56; /* EMAD offset not 16-byte aligned */
	assert_ffa_error(share_tx(len), FFA_ERR_INVALID_PARAMETERS);
	tx[32] = 32; /* inside the header */
	assert_ffa_error(share_tx(len), FFA_ERR_INVALID_PARAMETERS);
	tx[32] = 48;
	handle_of(share_tx(len));
}

Test(mem, known_bug_19_lengths_checked_before_walking)
{
	uint32_t len = encode_page0();
	uint8_t *tx = fx_tx(&F, HYP);

	tx[28] = 200; /* 200 EMADs announced, far beyond the descriptor */
	assert_ffa_error(share_tx(len), FFA_ERR_INVALID_PARAMETERS);
}

Test(mem, known_bug_20_address_range_overflow_refused)
{
	struct ffa_mem_range r = { 0xFFFFFFFFFFFFE000ull, 1 };
	struct send s = hyp_send(FFA_MEM_SHARE_32, &r);
	uint8_t *tx = fx_tx(&F, HYP);
	uint32_t len;

	len = encode_send(HYP, &s); /* a valid descriptor, then the wrap */
	tx[len - 16 + 8] = 3;       /* constituent page count: past 2^64 */
	tx[len - 16 * 2 + 0] = 3;   /* composite total pages */
	assert_ffa_error(share_tx(len), FFA_ERR_INVALID_PARAMETERS);
}

Test(mem, known_bug_23_fragment_offsets_in_the_callers_layout)
{
	struct big b;
	unsigned int frags;

	/* A v1.1 sender: 16-byte EMADs, its own offsets. */
	fx_teardown();
	config();
	fx_create(&F);
	fx_version(&F, HYP, FFA_VERSION_1_1);
	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_success(fx_map(&F, HYP));
	assert_ffa_success(fx_map(&F, EXT));
	fx_big_memory(&F, &b, HYP);
	handle_of(fragmented_send(&b, FFA_MEM_SHARE_32, EXT, FFA_VERSION_1_1,
				  FFA_MEM_ATTR_NORMAL_WB_INNER, &frags));
	cr_assert_eq(frags, 2);
	free(b.mem);
}

Test(mem, known_bug_24_handle_halves_per_abi)
{
	struct big b;
	unsigned int frags;
	uint64_t h;

	fx_big_memory(&F, &b, HYP);
	h = fragmented_share(&b, &frags); /* asserts FRAG_RX w1/w2, SUCCESS w2/w3 */
	assert_ffa_success(reclaim(HYP, h, 0)); /* RECLAIM w1/w2 */
	free(b.mem);
}

Test(mem, known_bug_25_multi_fragment_retrieve_response_advances)
{
	struct big b;
	unsigned int frags;
	uint64_t h;
	struct ffa_regs r;
	uint32_t first;

	fx_big_memory(&F, &b, HYP);
	h = fragmented_share(&b, &frags);
	r = retrieve(EXT, h, HYP, FFA_MEM_RETRIEVE_TYPE_SHARE, P_RW);
	first = (uint32_t)r.x[2];
	fx_call(&F, EXT, FRAME(FFA_RX_RELEASE_32));
	r = frag_call(EXT, FFA_MEM_FRAG_RX_32, h, first);
	cr_assert_eq(r.x[0], FFA_MEM_FRAG_TX_32);
	/* The second fragment starts with the next constituent, not the
	 * first one again. */
	cr_assert_eq(ffa_le64(fx_rx(&F, EXT)),
		     b.r[(first - 48 - 32 - 16) / 16].addr);
	fx_call(&F, EXT, FRAME(FFA_RX_RELEASE_32));
	assert_ffa_error(frag_call(EXT, FFA_MEM_FRAG_RX_32, h, first + (uint32_t)r.x[3]),
			 FFA_ERR_INVALID_PARAMETERS); /* complete: nothing more */
	free(b.mem);
}

Test(mem, known_bug_26_failed_fragment_leaves_nothing_stuck)
{
	struct ffa_regs a;
	uint32_t len = encode_page0();
	uint64_t h;

	/* Announce one more constituent than sent: a fragmented send. */
	fx_tx(&F, HYP)[len - 32 + 0] = 2; /* composite: total pages */
	fx_tx(&F, HYP)[len - 32 + 4] = 2; /* composite: constituents */
	a = fx_call(&F, HYP, FRAME(FFA_MEM_SHARE_32, len + 16, len));
	cr_assert_eq(a.x[0], FFA_MEM_FRAG_RX_32, "x0 0x%llx x2 %lld", (unsigned long long)a.x[0],
		     (long long)(int32_t)a.x[2]);
	h = ffa_mem_handle_make((uint32_t)a.x[1], (uint32_t)a.x[2]);
	memset(fx_tx(&F, HYP), 0, 16); /* a constituent of 0 pages: invalid */
	assert_ffa_error(frag_call(HYP, FFA_MEM_FRAG_TX_32, h, 16), FFA_ERR_INVALID_PARAMETERS);
	share(EXT, 0, 1); /* the page is free again */
}

Test(mem, known_bug_40_attribute_rules)
{
	struct send s = page0_send(FFA_MEM_LEND_32);
	uint64_t h;

	/* The sender must not set attributes for a single-borrower LEND. */
	s.attributes = FFA_MEM_ATTR_NORMAL_WB_INNER;
	assert_ffa_error(send_call(HYP, &s), FFA_ERR_INVALID_PARAMETERS);
	/* The NS bit is the relayer's to set. */
	{
		uint32_t len = encode_page0();

		fx_tx(&F, HYP)[2] |= FFA_MEM_ATTR_NS;
		assert_ffa_error(share_tx(len), FFA_ERR_INVALID_PARAMETERS);
	}
	/* Retrieve requests use normal write-back inner-shareable memory. */
	h = share(EXT, 0, 1);
	{
		struct ffa_mem_receiver me = { .id = EXT, .perm = P_RW };
		struct ffa_mem_txn txn = { .version = FFA_VERSION_1_2,
					   .kind = FFA_MEM_DESC_RETRIEVE_REQ, .sender = HYP,
					   .attributes = 0x2E, /* normal, WB, outer shareable */
					   .handle = h, .receiver_count = 1, .receivers = &me };
		int len = ffa_mem_retrieve_req_encode(&txn, fx_tx(&F, EXT), 4096);

		cr_assert_gt(len, 0);
		assert_ffa_error(fx_call(&F, EXT, FRAME(FFA_MEM_RETRIEVE_REQ_32, (uint32_t)len,
						       (uint32_t)len)),
				 FFA_ERR_DENIED);
	}
}

Test(mem, known_bug_8_swapped_tag_and_flags_refused)
{
	struct ffa_mem_range r = { own(HYP, 0), 1 };
	struct ffa_mem_receiver rcv = { .id = EXT, .perm = P_RW }, me = { .id = EXT, .perm = P_RW };
	struct ffa_mem_txn txn = { .version = FFA_VERSION_1_2, .kind = FFA_MEM_DESC_SEND,
				   .sender = HYP, .attributes = FFA_MEM_ATTR_NORMAL_WB_INNER,
				   .tag = 0x5, .receiver_count = 1, .receivers = &rcv };
	struct ffa_mem_range_array st;
	struct ffa_mem_range_iter it;
	uint64_t h;
	int len;

	ffa_mem_range_array_iter(&st, &r, 1, &it);
	len = ffa_mem_desc_encode(&txn, &it, fx_tx(&F, HYP), 4096);
	h = handle_of(fx_call(&F, HYP, FRAME(FFA_MEM_SHARE_32, (uint32_t)len, (uint32_t)len)));
	/* The retrieve request with tag and flags exchanged (OP-TEE c689b8ee5). */
	txn = (struct ffa_mem_txn){ .version = FFA_VERSION_1_2, .kind = FFA_MEM_DESC_RETRIEVE_REQ,
				    .sender = HYP, .handle = h,
				    .flags = 0x5, .tag = FFA_MEM_RETRIEVE_FLAG_TYPE(1),
				    .receiver_count = 1, .receivers = &me };
	len = ffa_mem_retrieve_req_encode(&txn, fx_tx(&F, EXT), 4096);
	assert_ffa_error(fx_call(&F, EXT, FRAME(FFA_MEM_RETRIEVE_REQ_32, (uint32_t)len,
					       (uint32_t)len)),
			 FFA_ERR_INVALID_PARAMETERS);
	txn.flags = FFA_MEM_RETRIEVE_FLAG_TYPE(1);
	txn.tag = 0x5;
	len = ffa_mem_retrieve_req_encode(&txn, fx_tx(&F, EXT), 4096);
	cr_assert_eq(fx_call(&F, EXT, FRAME(FFA_MEM_RETRIEVE_REQ_32, (uint32_t)len, (uint32_t)len))
			     .x[0],
		     FFA_MEM_RETRIEVE_RESP_32);
}

Test(mem, known_bug_18_composite_offset_alignment)
{
	/* The composite moved @shift bytes further, the descriptor otherwise
	 * whole (offset and length agree): 8 (offset 88, 8-byte aligned only)
	 * is refused for a send, 16 (offset 96) accepted. (A send whose
	 * composite is 8 mod 16 is 8 mod 16 long, so the fragment-length rule
	 * refuses it as well; the decoder's own alignment rule is pinned by
	 * tests/unit/test_desc_known_bugs.c.) */
	for (uint32_t shift = 8; shift <= 16; shift += 8) {
		uint32_t len = encode_page0();
		uint8_t *tx = fx_tx(&F, HYP);
		struct ffa_regs r;

		cr_assert_eq(ffa_le32(tx + 48 + 4), 80); /* the EMAD's composite offset */
		memmove(tx + 80 + shift, tx + 80, len - 80);
		memset(tx + 80, 0, shift);
		ffa_put_le32(tx + 48 + 4, 80 + shift);
		r = share_tx(len + shift);
		if (shift == 8)
			assert_ffa_error(r, FFA_ERR_INVALID_PARAMETERS);
		else
			cr_assert_neq(handle_of(r), 0, "offset 96 refused");
	}
}

Test(mem, known_bug_29_request_read_from_tx_response_written_to_rx)
{
	uint64_t h = share(EXT, 0, 1);
	struct ffa_mem_desc d;
	struct ffa_regs r;

	memset(fx_rx(&F, EXT), 0xEE, 4096); /* garbage where no request lives */
	r = retrieve(EXT, h, HYP, FFA_MEM_RETRIEVE_TYPE_SHARE, P_RW);
	cr_assert_eq(r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	cr_assert_eq(ffa_mem_retrieve_resp_decode(&d, fx_rx(&F, EXT), r.x[2], FFA_VERSION_1_2), 0);
	cr_assert_eq(d.handle, h);
	cr_assert_eq(fx_rx(&F, EXT)[4095], 0); /* and the tail zeroed */
}
