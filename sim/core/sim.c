/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The simulator object: configuration checks, storage layout, creation, the
 * host-level call (ffa_sim_call), answers and wake-ups, preemption by the
 * host, and the invariant checker.
 */
#include "sim_internal.h"

/* ---- Configuration --------------------------------------------------------- */

#define PROPS_KNOWN                                                                          \
	(FFA_PART_PROP_DIRECT_REQ_RECV | FFA_PART_PROP_DIRECT_REQ_SEND |                     \
	 FFA_PART_PROP_INDIRECT_MSG | FFA_PART_PROP_NOTIFICATION_RECV |                      \
	 FFA_PART_PROP_ID_TYPE_MASK | FFA_PART_PROP_VM_CREATED | FFA_PART_PROP_VM_DESTROYED | \
	 FFA_PART_PROP_AARCH64 | FFA_PART_PROP_DIRECT_REQ2_RECV |                            \
	 FFA_PART_PROP_DIRECT_REQ2_SEND)

static uint32_t cfg_version(const struct ffa_sim_config *cfg)
{
	return cfg->version ? cfg->version : FFA_VERSION_1_2;
}

static uint16_t cfg_spmc_id(const struct ffa_sim_config *cfg)
{
	return cfg->spmc_id ? cfg->spmc_id : 0x8000u;
}

static bool version_ok(uint32_t v, uint32_t highest)
{
	return !(v & 0x80000000u) && FFA_VERSION_MAJOR(v) == 1 &&
	       FFA_VERSION_MINOR(v) <= FFA_VERSION_MINOR(highest);
}

static bool sp_props_ok(uint32_t p)
{
	if (p & ~PROPS_KNOWN)
		return false;
	if (p & FFA_PART_PROP_ID_TYPE_MASK)
		return false; /* only PE endpoints are simulated */
	if (!(p & FFA_PART_PROP_AARCH64) &&
	    (p & (FFA_PART_PROP_DIRECT_REQ2_RECV | FFA_PART_PROP_DIRECT_REQ2_SEND)))
		return false; /* REQ2 is SMC64 only */
	if ((p & (FFA_PART_PROP_VM_CREATED | FFA_PART_PROP_VM_DESTROYED)) &&
	    !(p & FFA_PART_PROP_DIRECT_REQ_RECV))
		return false;
	return true;
}

static bool uuid_nil(const struct ffa_uuid *u)
{
	for (unsigned int i = 0; i < 16; i++)
		if (u->b[i])
			return false;
	return true;
}

static bool uuid_eq(const struct ffa_uuid *a, const struct ffa_uuid *b)
{
	for (unsigned int i = 0; i < 16; i++)
		if (a->b[i] != b->b[i])
			return false;
	return true;
}

static int check_endpoint(const struct ffa_sim_config *cfg, uint32_t i, uint32_t *hyps)
{
	const struct ffa_sim_endpoint_config *e = &cfg->endpoints[i];
	uint16_t spmc = cfg_spmc_id(cfg);

	if (e->id == 0xFFFFu || e->id == spmc)
		return FFA_ERR_BAD_ARGUMENT;
	for (uint32_t j = 0; j < i; j++)
		if (cfg->endpoints[j].id == e->id)
			return FFA_ERR_BAD_ARGUMENT;
	if (e->exec_ctx_count == 0 || e->exec_ctx_count > FFA_SIM_MAX_VCPUS)
		return FFA_ERR_BAD_ARGUMENT;
	if (!(e->id & FFA_ID_SECURE_BIT)) {
		if (e->properties || e->uuids || e->uuid_count || e->ops || e->version ||
		    (e->flags & ~FFA_SIM_EP_HYPERVISOR))
			return FFA_ERR_BAD_ARGUMENT;
		if (e->flags & FFA_SIM_EP_HYPERVISOR)
			(*hyps)++;
		return 0;
	}
	if (e->flags || !sp_props_ok(e->properties))
		return FFA_ERR_BAD_ARGUMENT;
	if (!e->uuids || e->uuid_count == 0 || e->uuid_count > FFA_SIM_MAX_UUIDS)
		return FFA_ERR_BAD_ARGUMENT;
	for (uint32_t u = 0; u < e->uuid_count; u++) {
		if (uuid_nil(&e->uuids[u]))
			return FFA_ERR_BAD_ARGUMENT;
		for (uint32_t v = 0; v < u; v++)
			if (uuid_eq(&e->uuids[u], &e->uuids[v]))
				return FFA_ERR_BAD_ARGUMENT;
	}
	if (e->ops ? (e->version && !version_ok(e->version, cfg_version(cfg))) : e->version != 0)
		return FFA_ERR_BAD_ARGUMENT;
	return 0;
}

/* Memory pool sizes the configuration asks for (defaults filled in). */
struct mem_sizes {
	uint32_t txns, rcvs, nodes;
};

static int mem_sizes(const struct ffa_sim_config *cfg, struct mem_sizes *m)
{
	const struct ffa_sim_mem_config *c = &cfg->mem;
	uint64_t txns = c->max_txns ? c->max_txns : 64u;
	uint64_t rcvs = c->max_receivers ? c->max_receivers : 4u * txns;
	uint64_t nodes = c->max_ranges ? c->max_ranges : 16u * txns + 64u;

	/* Counts below 2^28 keep the products in 64 bits; the total must also
	 * fit this platform's size_t. */
	if (txns >= (1u << 28) || rcvs >= (1u << 28) || nodes >= (1u << 28) ||
	    c->alloc > FFA_SIM_MEM_ALLOC_HYPERVISOR || (c->quirks & ~FFA_SIM_MEMTAB_Q_ALL))
		return FFA_ERR_BAD_ARGUMENT;
	if (txns * sizeof(struct ffa_sim_memtab_txn) + rcvs * sizeof(struct ffa_sim_memtab_rcv) +
		    nodes * sizeof(struct ffa_sim_memtab_node) >
	    SIZE_MAX / 2)
		return FFA_ERR_BAD_ARGUMENT;
	m->txns = (uint32_t)txns;
	m->rcvs = (uint32_t)rcvs;
	m->nodes = (uint32_t)nodes;
	return 0;
}

/* The public memory constants are memtab's. */
_Static_assert(FFA_SIM_MEM_NS == FFA_SIM_MEMTAB_REGION_NS &&
		       FFA_SIM_MEM_RO == FFA_SIM_MEMTAB_REGION_RO &&
		       FFA_SIM_MEM_XN == FFA_SIM_MEMTAB_REGION_XN &&
		       FFA_SIM_MEM_DEVICE == FFA_SIM_MEMTAB_REGION_DEVICE,
	       "region flags");
_Static_assert(FFA_SIM_MEM_Q_OVERLAP_INVALID == FFA_SIM_MEMTAB_Q_OVERLAP_INVALID &&
		       FFA_SIM_MEM_Q_ANY_ATTRIBUTES == FFA_SIM_MEMTAB_Q_ANY_ATTRIBUTES &&
		       FFA_SIM_MEM_Q_TIME_SLICE == FFA_SIM_MEMTAB_Q_TIME_SLICE &&
		       FFA_SIM_MEM_Q_RELINQUISH_ALL == FFA_SIM_MEMTAB_Q_RELINQUISH_ALL &&
		       FFA_SIM_MEM_Q_NS_EXEC == FFA_SIM_MEMTAB_Q_NS_EXEC,
	       "memory quirks");
_Static_assert((int)FFA_SIM_MEM_ALLOC_SPMC == (int)FFA_SIM_MEMTAB_ALLOC_SPMC &&
		       (int)FFA_SIM_MEM_ALLOC_HYPERVISOR == (int)FFA_SIM_MEMTAB_ALLOC_HYPERVISOR,
	       "allocation modes");

static int check_config(const struct ffa_sim_config *cfg)
{
	struct mem_sizes ms;
	uint32_t hyps = 0, minp, maxp;
	uint16_t spmc;

	if (!cfg || !cfg->endpoints || cfg->endpoint_count == 0 ||
	    cfg->endpoint_count > FFA_SIM_MAX_ENDPOINTS)
		return FFA_ERR_BAD_ARGUMENT;
	if (cfg->version && !version_ok(cfg->version, FFA_VERSION_1_2))
		return FFA_ERR_BAD_ARGUMENT;
	spmc = cfg_spmc_id(cfg);
	if (!(spmc & FFA_ID_SECURE_BIT) || spmc == 0xFFFFu)
		return FFA_ERR_BAD_ARGUMENT;
	minp = cfg->rxtx_min_pages ? cfg->rxtx_min_pages : 1;
	maxp = cfg->rxtx_max_pages ? cfg->rxtx_max_pages : 63;
	if ((minp != 1 && minp != 4 && minp != 16) || maxp < minp || maxp > 63)
		return FFA_ERR_BAD_ARGUMENT;
	if (mem_sizes(cfg, &ms))
		return FFA_ERR_BAD_ARGUMENT;
	for (uint32_t i = 0; i < cfg->endpoint_count; i++) {
		int rc = check_endpoint(cfg, i, &hyps);

		if (rc)
			return rc;
	}
	return hyps > 1 ? FFA_ERR_BAD_ARGUMENT : 0;
}

/* ---- Storage layout ------------------------------------------------------------ */

struct layout {
	size_t off;
};

static size_t carve(struct layout *l, size_t size, size_t align)
{
	size_t at = (l->off + align - 1) & ~(align - 1);

	l->off = at + size;
	return at;
}

/* Does endpoint config @e keep notification state? */
static bool cfg_notif(const struct ffa_sim_endpoint_config *e)
{
	return !(e->id & FFA_ID_SECURE_BIT) || (e->properties & FFA_PART_PROP_NOTIFICATION_RECV);
}

/* Walk the layout; with @base non-NULL also place every piece there (the
 * memory pools go to @pools). */
static size_t layout(const struct ffa_sim_config *cfg, uint8_t *base, struct ffa_sim **out,
		     struct ffa_sim_memtab_pools *pools)
{
	struct layout l = { 0 };
	struct mem_sizes ms = { 0, 0, 0 };
	size_t sim_at = carve(&l, sizeof(struct ffa_sim), FFA_SIM_STORAGE_ALIGN);
	size_t eps_at = carve(&l, sizeof(struct sim_ep) * cfg->endpoint_count, 16);
	size_t wq_at = carve(&l, sizeof(uint16_t) * cfg->endpoint_count, 2);
	size_t tx_at, rc_at, nd_at;
	struct ffa_sim *s = base ? (struct ffa_sim *)(void *)(base + sim_at) : NULL;

	(void)mem_sizes(cfg, &ms); /* validated by check_config() */
	tx_at = carve(&l, sizeof(struct ffa_sim_memtab_txn) * ms.txns, 16);
	rc_at = carve(&l, sizeof(struct ffa_sim_memtab_rcv) * ms.rcvs, 16);
	nd_at = carve(&l, sizeof(struct ffa_sim_memtab_node) * ms.nodes, 16);
	if (s) {
		s->eps = (struct sim_ep *)(void *)(base + eps_at);
		s->wake_q = (uint16_t *)(void *)(base + wq_at);
		pools->txns = (struct ffa_sim_memtab_txn *)(void *)(base + tx_at);
		pools->n_txns = ms.txns;
		pools->rcvs = (struct ffa_sim_memtab_rcv *)(void *)(base + rc_at);
		pools->n_rcvs = ms.rcvs;
		pools->nodes = (struct ffa_sim_memtab_node *)(void *)(base + nd_at);
		pools->n_nodes = ms.nodes;
		*out = s;
	}
	for (uint32_t i = 0; i < cfg->endpoint_count; i++) {
		const struct ffa_sim_endpoint_config *e = &cfg->endpoints[i];
		struct sim_ep *ep = s ? &s->eps[i] : NULL;
		size_t at;

		if (e->uuid_count) {
			at = carve(&l, sizeof(struct ffa_uuid) * e->uuid_count, 1);
			if (ep) {
				struct ffa_uuid *u = (struct ffa_uuid *)(void *)(base + at);

				for (uint32_t k = 0; k < e->uuid_count; k++)
					u[k] = e->uuids[k];
				ep->uuids = u;
			}
		}
		if (cfg_notif(e)) {
			at = carve(&l, sizeof(uint64_t) * 2u * e->exec_ctx_count, 8);
			if (ep)
				ep->vpend = (uint64_t *)(void *)(base + at);
		}
		if (e->ops) {
			at = carve(&l, e->ops->state_size, 16);
			if (ep)
				ep->state = base + at;
			at = carve(&l, 2u * SIM_PAGE, 16);
			if (ep) {
				ep->rx = base + at;
				ep->tx = base + at + SIM_PAGE;
			}
		}
	}
	return l.off;
}

int ffa_sim_storage_size(const struct ffa_sim_config *cfg, size_t *size)
{
	int rc = check_config(cfg);

	if (rc)
		return rc;
	if (!size)
		return FFA_ERR_BAD_ARGUMENT;
	*size = layout(cfg, NULL, NULL, NULL);
	return 0;
}

/* ---- Creation ----------------------------------------------------------------- */

static void ep_init(struct ffa_sim *s, struct sim_ep *ep, const struct ffa_sim_endpoint_config *e)
{
	ep->id = e->id;
	ep->vcpus = e->exec_ctx_count;
	ep->secure = (e->id & FFA_ID_SECURE_BIT) != 0;
	ep->builtin = e->ops != NULL;
	ep->props = e->properties;
	ep->flags = e->flags;
	ep->uuid_count = e->uuid_count;
	ep->ops = e->ops;
	ep->ops_arg = e->ops_arg;
	ep->requester = SIM_NONE;
	ep->waiting_on = SIM_NONE;
	ep->preempt_owner = SIM_NONE;
	for (unsigned int b = 0; b < 64; b++)
		ep->bind_sender[b] = SIM_NONE;
	ep->part.sim = s;
	ep->rs = ep->secure ? (ep->builtin ? RS_WAITING : RS_INIT) : RS_RUNNING;
	if (ep->secure && (ep->props & FFA_PART_PROP_NOTIFICATION_RECV)) {
		ep->notif_on = true;
		ep->notif_vcpus = ep->vcpus;
	}
	if (ep->builtin) {
		/* Built-ins speak their configured version and have their
		 * RX/TX pair from the start. */
		ep->version = e->version ? e->version : s->version;
		ep->locked = true;
		ep->mapped = true;
		ep->pages = 1;
		ep->rx_owner = RX_PM;
	}
}

/* memtab's receiver check: a known endpoint. */
static bool endpoint_valid(void *arg, uint16_t id)
{
	return sim_ep_find((const struct ffa_sim *)arg, id) != NULL;
}

int ffa_sim_create(const struct ffa_sim_config *cfg, void *storage, size_t size,
		   struct ffa_sim **out)
{
	struct ffa_sim_memtab_pools pools;
	struct ffa_sim_memtab_config mcfg;
	struct ffa_sim *s;
	size_t need;
	int rc = ffa_sim_storage_size(cfg, &need);

	if (rc)
		return rc;
	if (!storage || !out || ((uintptr_t)storage & (FFA_SIM_STORAGE_ALIGN - 1)))
		return FFA_ERR_BAD_ARGUMENT;
	if (size < need)
		return FFA_ERR_BUFFER_TOO_SMALL;
	ffa__bytes_zero(storage, need);

	layout(cfg, storage, &s, &pools);
	s->version = cfg_version(cfg);
	s->spmc_id = cfg_spmc_id(cfg);
	s->host = cfg->host;
	s->q = cfg->quirks;
	s->rxtx_min_pages = cfg->rxtx_min_pages ? cfg->rxtx_min_pages : 1;
	s->rxtx_max_pages = cfg->rxtx_max_pages ? cfg->rxtx_max_pages : 63;
	s->sri_intid = cfg->sri_intid ? cfg->sri_intid : 8;
	s->npi_intid = cfg->npi_intid ? cfg->npi_intid : 5;
	s->trace_on = cfg->host.trace != NULL;
	s->top = SIM_NONE;
	s->hyp = SIM_NONE;
	s->ep_count = cfg->endpoint_count;
	for (uint32_t i = 0; i < cfg->endpoint_count; i++)
		ep_init(s, &s->eps[i], &cfg->endpoints[i]);
	/* Insertion sort by ID (at most FFA_SIM_MAX_ENDPOINTS entries). The
	 * per-endpoint pointers move with the entries. */
	for (uint32_t i = 1; i < s->ep_count; i++) {
		struct sim_ep tmp = s->eps[i];
		uint32_t j = i;

		while (j > 0 && s->eps[j - 1].id > tmp.id) {
			s->eps[j] = s->eps[j - 1];
			j--;
		}
		s->eps[j] = tmp;
	}
	for (uint32_t i = 0; i < s->ep_count; i++) {
		struct sim_ep *ep = &s->eps[i];

		ep->part.index = (uint16_t)i;
		if (ep->flags & FFA_SIM_EP_HYPERVISOR)
			s->hyp = (uint16_t)i;
	}
	mcfg.seed = cfg->mem.seed;
	mcfg.alloc = cfg->mem.alloc;
	mcfg.quirks = cfg->mem.quirks;
	mcfg.endpoint_valid = endpoint_valid;
	mcfg.arg = s;
	rc = ffa_sim_memtab_init(&s->mt, &pools, &mcfg);
	if (rc)
		return rc;
	for (uint32_t i = 0; i < s->ep_count; i++) {
		struct sim_ep *ep = &s->eps[i];

		if (!ep->builtin || !ep->ops->init)
			continue;
		/* init may make calls (e.g. bind notifications). */
		ep->rs = RS_RUNNING;
		rc = ep->ops->init(&ep->part);
		ep->rs = RS_WAITING;
		if (rc < 0)
			return rc;
	}
	*out = s;
	return 0;
}

/* ---- Lookup ------------------------------------------------------------------- */

struct sim_ep *sim_ep_find(const struct ffa_sim *s, uint16_t id)
{
	uint32_t lo = 0, hi = s->ep_count;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (s->eps[mid].id == id)
			return &s->eps[mid];
		if (s->eps[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

bool sim_ep_has_uuid(const struct sim_ep *ep, const struct ffa_uuid *uuid)
{
	for (uint32_t i = 0; i < ep->uuid_count; i++)
		if (uuid_eq(&ep->uuids[i], uuid))
			return true;
	return false;
}

/* ---- Frames and answers ---------------------------------------------------------- */

void sim_frame(struct ffa_regs *r, uint32_t fid)
{
	ffa__bytes_zero(r, sizeof(*r));
	r->x[0] = fid;
}

void sim_error_frame(const struct ffa_sim *s, struct ffa_regs *r, int code)
{
	sim_frame(r, FFA_ERROR_32);
	if (s->q.error_sign_extend)
		r->x[2] = (uint64_t)(int64_t)code;
	else
		r->x[2] = (uint32_t)(int32_t)code;
}

void sim_complete(struct ffa_sim *s, struct sim_ep *ep, const struct ffa_regs *r)
{
	uint16_t idx = sim_idx(s, ep);

	ep->answer = *r;
	ep->answer_ready = true;
	/* The endpoint whose host call is being handled gets its answer on
	 * return; built-ins read theirs in ffa_sim_part_call(). */
	if (!ep->builtin && idx != s->top && !ep->wake_queued) {
		ep->wake_queued = true;
		s->wake_q[s->wake_count++] = idx;
	}
}

void sim_answer(struct sim_call *c, const struct ffa_regs *r)
{
	sim_complete(c->s, c->ep, r);
}

void sim_answer_error(struct sim_call *c, int code)
{
	struct ffa_regs r;

	sim_error_frame(c->s, &r, code);
	sim_answer(c, &r);
}

void sim_answer_success(struct sim_call *c, uint32_t w2, uint32_t w3)
{
	struct ffa_regs r;

	sim_frame(&r, FFA_SUCCESS_32);
	r.x[2] = w2;
	r.x[3] = w3;
	sim_answer(c, &r);
}

/* ---- Hooks -------------------------------------------------------------------------- */

static int error_of(const struct ffa_regs *r)
{
	if (r && (uint32_t)r->x[0] == FFA_ERROR_32)
		return (int)(int32_t)(uint32_t)r->x[2];
	return 0;
}

void sim_trace(struct ffa_sim *s, enum ffa_sim_trace_kind kind, const struct sim_ep *ep,
	       const struct ffa_regs *in, const struct ffa_regs *out)
{
	struct ffa_sim_trace_rec rec;

	if (!s->trace_on || !s->host.trace)
		return;
	rec.kind = kind;
	rec.endpoint = ep->id;
	rec.depth = s->depth ? s->depth - 1 : 0;
	rec.fid = in ? (uint32_t)in->x[0] : 0;
	rec.name = in ? ffa_sim_fid_name(rec.fid) : "";
	rec.in = in;
	rec.out = out;
	rec.result = error_of(out);
	s->in_hook = true;
	s->host.trace(s->host.arg, &rec);
	s->in_hook = false;
}

void *sim_host_map(struct ffa_sim *s, uint16_t ep, uint64_t pa, uint64_t size)
{
	void *p;

	if (!s->host.map || size == 0 || pa + size < pa)
		return NULL;
	s->in_hook = true;
	p = s->host.map(s->host.arg, ep, pa, size);
	s->in_hook = false;
	return p;
}

void sim_raise_sri(struct ffa_sim *s, bool delay)
{
	if (delay) {
		s->sri_delayed = true;
		return;
	}
	s->sri_count++;
	if (s->host.sri) {
		s->in_hook = true;
		s->host.sri(s->host.arg, s->hyp != SIM_NONE ? s->eps[s->hyp].id : 0);
		s->in_hook = false;
	}
}

void sim_raise_npi(struct ffa_sim *s, const struct sim_ep *ep, uint16_t vcpu)
{
	if (s->host.npi) {
		s->in_hook = true;
		s->host.npi(s->host.arg, ep->id, vcpu);
		s->in_hook = false;
	}
}

void sim_cpu_given_back(struct ffa_sim *s)
{
	if (s->sri_delayed) {
		s->sri_delayed = false;
		sim_raise_sri(s, false);
	}
}

static void flush_wakes(struct ffa_sim *s)
{
	for (uint32_t i = 0; i < s->wake_count; i++) {
		struct sim_ep *ep = &s->eps[s->wake_q[i]];

		ep->wake_queued = false;
		sim_trace(s, FFA_SIM_TRACE_WAKE, ep, NULL, &ep->answer);
		if (s->host.wake) {
			s->in_hook = true;
			s->host.wake(s->host.arg, ep->id);
			s->in_hook = false;
		}
	}
	s->wake_count = 0;
}

/* ---- Host-level calls ----------------------------------------------------------------- */

int ffa_sim_call(struct ffa_sim *s, uint16_t caller, const struct ffa_regs *in,
		 struct ffa_regs *out)
{
	struct ffa_regs frame;
	struct sim_ep *ep;
	int rc = FFA_SIM_BLOCKED;

	if (!s || !in || !out)
		return FFA_ERR_BAD_ARGUMENT;
	if (s->in_hook || s->depth)
		return FFA_ERR_BUSY;
	ep = sim_ep_find(s, caller);
	if (!ep || ep->builtin || ep->outstanding)
		return FFA_ERR_BAD_ARGUMENT;

	/* A private copy: @in may alias @out, and is read once. */
	frame = *in;
	s->top = sim_idx(s, ep);
	ep->outstanding = true;
	if (ep->rs == RS_PREEMPTED) {
		/* The partition cannot run until resumed: its call waits. */
		ep->held = true;
		ep->held_frame = frame;
		sim_trace(s, FFA_SIM_TRACE_BLOCKED, ep, &frame, NULL);
	} else {
		sim_dispatch(s, ep, &frame);
	}
	s->top = SIM_NONE;
	if (ep->answer_ready) {
		*out = ep->answer;
		ep->answer_ready = false;
		ep->outstanding = false;
		rc = 0;
	}
	flush_wakes(s);
	return rc;
}

int ffa_sim_take_answer(struct ffa_sim *s, uint16_t endpoint, struct ffa_regs *out)
{
	struct sim_ep *ep;

	if (!s || !out || s->in_hook)
		return FFA_ERR_BAD_ARGUMENT;
	ep = sim_ep_find(s, endpoint);
	if (!ep || ep->builtin || !ep->outstanding)
		return FFA_ERR_BAD_ARGUMENT;
	if (!ep->answer_ready || ep->wake_queued)
		return 0;
	*out = ep->answer;
	ep->answer_ready = false;
	ep->outstanding = false;
	return 1;
}

bool ffa_sim_blocked(const struct ffa_sim *s, uint16_t endpoint)
{
	const struct sim_ep *ep = s ? sim_ep_find(s, endpoint) : NULL;

	return ep && ep->outstanding && !ep->answer_ready;
}

int ffa_sim_interrupt(struct ffa_sim *s, uint16_t endpoint, uint32_t intid)
{
	struct sim_ep *ep;
	int rc;

	if (!s || s->in_hook || s->depth)
		return FFA_ERR_BAD_ARGUMENT;
	ep = sim_ep_find(s, endpoint);
	if (!ep || !ep->secure || ep->builtin)
		return FFA_ERR_BAD_ARGUMENT;
	rc = sim_interrupt(s, ep, intid);
	flush_wakes(s);
	return rc;
}

/* An external endpoint the host may abort or reset, or NULL. */
static struct sim_ep *host_endpoint(struct ffa_sim *s, uint16_t endpoint)
{
	struct sim_ep *ep = s && !s->in_hook && !s->depth ? sim_ep_find(s, endpoint) : NULL;

	return ep && !ep->builtin ? ep : NULL;
}

int ffa_sim_abort(struct ffa_sim *s, uint16_t endpoint)
{
	/* Added for ffa-simd (issue 7): a client that dies while its
	 * partition runs for someone, or while it waits for someone. */
	struct sim_ep *ep = host_endpoint(s, endpoint);

	if (!ep)
		return FFA_ERR_BAD_ARGUMENT;
	sim_msg_abort(s, ep);
	flush_wakes(s);
	return 0;
}

int ffa_sim_endpoint_reset(struct ffa_sim *s, uint16_t endpoint)
{
	struct sim_ep *ep = host_endpoint(s, endpoint);
	int freed;

	if (!ep)
		return FFA_ERR_BAD_ARGUMENT;
	sim_msg_abort(s, ep);
	freed = ffa_sim_memory_endpoint_gone(s, endpoint);
	sim_rxtx_reset(ep);
	if (sim_idx(s, ep) == s->hyp)
		for (uint32_t i = 0; i < s->ep_count; i++)
			if (s->eps[i].rx_owner == RX_HYP)
				s->eps[i].rx_owner = RX_PM;
	sim_notif_reset(ep);
	ep->version = 0;
	ep->locked = false;
	flush_wakes(s);
	return freed;
}

uint32_t ffa_sim_take_sri(struct ffa_sim *s)
{
	uint32_t n;

	if (!s)
		return 0;
	n = s->sri_count;
	s->sri_count = 0;
	return n;
}

bool ffa_sim_set_trace(struct ffa_sim *s, bool on)
{
	bool was;

	if (!s)
		return false;
	was = s->trace_on;
	s->trace_on = on;
	return was;
}

int ffa_sim_endpoint_version(const struct ffa_sim *s, uint16_t endpoint, uint32_t *version,
			     bool *locked)
{
	const struct sim_ep *ep = s ? sim_ep_find(s, endpoint) : NULL;

	if (!ep || !version)
		return FFA_ERR_BAD_ARGUMENT;
	*version = sim_ep_version(ep);
	if (locked)
		*locked = ep->locked;
	return 0;
}

/* ---- Owned memory ---------------------------------------------------------------------- */

static struct sim_ep *memory_owner(struct ffa_sim *s, uint16_t endpoint, uint64_t pa,
				   uint64_t size)
{
	struct sim_ep *ep = s ? sim_ep_find(s, endpoint) : NULL;

	if (!ep || ep->builtin || size == 0 || ((pa | size) & (SIM_PAGE - 1)) ||
	    pa + size < pa || s->in_hook || s->depth)
		return NULL;
	return ep;
}

int ffa_sim_memory_add(struct ffa_sim *s, uint16_t endpoint, uint64_t pa, uint64_t size,
		       uint32_t flags)
{
	struct sim_ep *ep = memory_owner(s, endpoint, pa, size);

	if (!ep || (flags & ~FFA_SIM_MEMTAB_REGION_ALL))
		return FFA_ERR_BAD_ARGUMENT;
	if (!ep->secure)
		flags |= FFA_SIM_MEM_NS;
	return ffa_sim_memtab_claim(&s->mt, endpoint, pa, size / SIM_PAGE, flags);
}

int ffa_sim_memory_remove(struct ffa_sim *s, uint16_t endpoint, uint64_t pa, uint64_t size)
{
	if (!memory_owner(s, endpoint, pa, size))
		return FFA_ERR_BAD_ARGUMENT;
	return ffa_sim_memtab_unclaim(&s->mt, endpoint, pa, size / SIM_PAGE);
}

int ffa_sim_memory_endpoint_gone(struct ffa_sim *s, uint16_t endpoint)
{
	/* Added for ffa-simd (issue 7): a host whose client died cannot make
	 * the calls that would end a half-sent (fragmented) transaction. */
	struct sim_ep *ep = s ? sim_ep_find(s, endpoint) : NULL;

	if (!ep || ep->builtin || s->in_hook || s->depth)
		return FFA_ERR_BAD_ARGUMENT;
	/* Its send in fragments and its response in fragments end with it. */
	ep->send_active = false;
	ep->resp_active = false;
	return ffa_sim_memtab_endpoint_gone(&s->mt, endpoint);
}

int ffa_sim_memory_access(const struct ffa_sim *s, uint16_t endpoint, uint64_t pa,
			  uint64_t size, bool *write)
{
	struct ffa_sim_mem_access acc;
	int rc;

	if (!s)
		return FFA_ERR_BAD_ARGUMENT;
	rc = ffa_sim_memtab_access(&s->mt, endpoint, pa, size, &acc);
	if (rc == 0 && write)
		*write = ffa_mem_perm_data(acc.perm) == FFA_MEM_DATA_RW;
	return rc;
}

/* ---- Invariants ---------------------------------------------------------------------- */

/* Rule numbers reported through ffa_sim_check()'s @where (docs/simulator.md). */
static uint32_t check_ep(const struct ffa_sim *s, const struct sim_ep *ep)
{
	const struct sim_ep *t;
	uint32_t rule;

	if (ep->rs > RS_PREEMPTED || ep->work > W_RUN || ep->rx_owner > RX_HYP)
		return 1;
	if (!ep->secure && ep->rs != RS_RUNNING && ep->rs != RS_BLOCKED)
		return 2;
	if (ep->builtin && ep->rs != RS_WAITING && ep->rs != RS_PREEMPTED)
		return 3; /* between host calls a built-in never runs */
	if (ep->builtin && (ep->outstanding || ep->held))
		return 4;
	if ((ep->answer_ready || ep->held) && !ep->outstanding)
		return 5;
	if (ep->held && (ep->rs != RS_PREEMPTED || ep->yielded || ep->answer_ready))
		return 6;
	/* A blocked endpoint waits on a partition that runs for it. */
	if (ep->rs == RS_BLOCKED) {
		t = ep->waiting_on < s->ep_count ? &s->eps[ep->waiting_on] : NULL;
		if (!t || !t->secure || t->requester != sim_idx(s, ep) || t->work == W_NONE ||
		    t->orphan || (t->rs != RS_RUNNING && t->rs != RS_BLOCKED))
			return 7;
	} else if (ep->waiting_on != SIM_NONE) {
		return 8;
	}
	/* A partition working for someone is linked back. */
	if (ep->work != W_NONE) {
		t = ep->requester < s->ep_count ? &s->eps[ep->requester] : NULL;
		if (!t || t == ep)
			return 9;
		if (ep->orphan) {
			/* Its requester was aborted: it only finishes. */
			if (!ep->secure || (ep->rs != RS_RUNNING && ep->rs != RS_BLOCKED) ||
			    (t->rs == RS_BLOCKED && t->waiting_on == sim_idx(s, ep)))
				return 21;
		} else if (ep->rs == RS_PREEMPTED) {
			if (ep->preempt_owner != ep->requester || t->waiting_on == sim_idx(s, ep))
				return 10;
		} else if (ep->rs == RS_RUNNING || ep->rs == RS_BLOCKED) {
			if (t->rs != RS_BLOCKED || t->waiting_on != sim_idx(s, ep))
				return 11;
		} else {
			return 12;
		}
	} else if (ep->requester != SIM_NONE || ep->rs == RS_PREEMPTED || ep->orphan) {
		return 13;
	}
	if (ep->rs != RS_PREEMPTED && ep->preempt_owner != SIM_NONE)
		return 14;
	/* An external partition waiting for a message is blocked in its call. */
	if (ep->secure && !ep->builtin && ep->rs == RS_WAITING &&
	    (!ep->outstanding || ep->answer_ready))
		return 15;
	if (ep->secure && ep->rs == RS_INIT && (ep->builtin || ep->outstanding))
		return 16;
	/* RX/TX. */
	if (!ep->mapped && (ep->rx || ep->tx || ep->rx_owner != RX_PM || ep->pages))
		return 17;
	if (ep->mapped && (!ep->rx || !ep->tx || ep->pages == 0 || ep->pages > 63))
		return 18;
	if (ep->rx_owner == RX_HYP && (ep->secure || sim_idx(s, ep) == s->hyp))
		return 19;
	if (ep->wake_queued)
		return 20;
	rule = sim_notif_check(s, ep);
	return rule ? rule : sim_mem_check(s, ep);
}

int ffa_sim_check(const struct ffa_sim *s, uint32_t *where)
{
	if (!s)
		return FFA_ERR_BAD_ARGUMENT;
	for (uint32_t i = 0; i < s->ep_count; i++) {
		uint32_t rule;

		if (i && s->eps[i - 1].id >= s->eps[i].id)
			rule = 100;
		else if (s->eps[i].part.index != i)
			rule = 101;
		else
			rule = check_ep(s, &s->eps[i]);
		if (rule) {
			if (where)
				*where = rule * 0x10000u + i;
			return FFA_ERR_PROTOCOL;
		}
	}
	if (s->wake_count || s->depth || s->top != SIM_NONE) {
		if (where)
			*where = 102u * 0x10000u;
		return FFA_ERR_PROTOCOL;
	}
	/* The ownership table: no page owned twice, no access without a live
	 * transaction, pools and indexes consistent. */
	if (ffa_sim_memtab_check(&s->mt)) {
		if (where)
			*where = 200u * 0x10000u;
		return FFA_ERR_PROTOCOL;
	}
	return 0;
}
