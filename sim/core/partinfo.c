/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_PARTITION_INFO_GET and FFA_PARTITION_INFO_GET_REGS (ffa-abi.md 4.1,
 * 8): descriptors laid out per the caller's negotiated version.
 *
 *  - v1.0 callers: 8-byte descriptors, properties bits [2:0] only.
 *  - v1.1+ callers: 24-byte descriptors (48-byte v1.3 layout with the
 *    Hafnium quirk), properties as far as the caller's version defines them.
 *  - Nil UUID: every SP; callers >= v1.2 get one descriptor per (partition,
 *    UUID) pair, older callers one per partition (its first UUID).
 *  - A specific UUID: the SPs declaring it, UUID field Nil (Hafnium;
 *    filled with the quirk), known-bugs.md 14.
 * Only secure partitions are listed; the SPMC itself is not.
 */
#include "sim_internal.h"

#include <ffa/uuid.h>

/* The UUID info tag. Partition information never changes while the
 * simulator runs, so one value serves; any other non-zero tag is stale. */
#define INFO_TAG 0x0001u
#define REGS_FIRST 3u
#define REGS_AVAIL 15u /* x3..x17 */
#define DESC_MAX 48u

struct pi_query {
	const struct ffa_sim *s;
	const struct sim_ep *caller;
	struct ffa_uuid uuid;
	bool nil;
	uint32_t size;
};

/* Properties the caller's version defines (ffa-abi.md 8.2). */
static uint32_t props_for(uint32_t props, uint32_t version)
{
	if (version < FFA_VERSION_1_1)
		return props & 0x7u;
	if (version < FFA_VERSION_1_2)
		return props & 0x1FFu;
	return props & 0x7FFu;
}

static uint32_t desc_size(const struct ffa_sim *s, uint32_t version)
{
	if (version < FFA_VERSION_1_1)
		return FFA_PARTITION_INFO_SIZE_V1_0;
	return s->q.part_info_v1_3_desc ? FFA_PARTITION_INFO_SIZE_V1_3
					: FFA_PARTITION_INFO_SIZE_V1_1;
}

static void query_init(struct pi_query *q, const struct ffa_sim *s, const struct sim_ep *caller)
{
	q->s = s;
	q->caller = caller;
	q->nil = ffa_uuid_is_nil(&q->uuid);
	q->size = desc_size(s, sim_ep_version(caller));
}

/*
 * Entry @n of the answer: its partition and the UUID to report. Returns
 * false past the end. Entries are ordered by partition ID, then UUID.
 */
static bool entry(const struct pi_query *q, uint32_t n, const struct sim_ep **sp,
		  struct ffa_uuid *uuid)
{
	bool per_uuid = sim_ep_version(q->caller) >= FFA_VERSION_1_2;

	for (uint32_t i = 0; i < q->s->ep_count; i++) {
		const struct sim_ep *e = &q->s->eps[i];
		uint32_t k;

		if (!e->secure)
			continue;
		if (q->nil) {
			k = per_uuid ? e->uuid_count : 1;
			if (n < k) {
				*sp = e;
				*uuid = e->uuids[n];
				return true;
			}
			n -= k;
		} else if (sim_ep_has_uuid(e, &q->uuid)) {
			if (n == 0) {
				*sp = e;
				ffa__bytes_zero(uuid, sizeof(*uuid));
				if (q->s->q.part_info_fill_uuid)
					*uuid = q->uuid;
				return true;
			}
			n--;
		}
	}
	return false;
}

static uint32_t count_of(const struct pi_query *q)
{
	uint32_t n = 0;

	if (q->nil) {
		bool per_uuid = sim_ep_version(q->caller) >= FFA_VERSION_1_2;

		for (uint32_t i = 0; i < q->s->ep_count; i++)
			if (q->s->eps[i].secure)
				n += per_uuid ? q->s->eps[i].uuid_count : 1;
		return n;
	}
	for (uint32_t i = 0; i < q->s->ep_count; i++)
		if (q->s->eps[i].secure && sim_ep_has_uuid(&q->s->eps[i], &q->uuid))
			n++;
	return n;
}

/* Write entry @sp/@uuid as a q->size-byte descriptor at @p. */
static void encode(const struct pi_query *q, const struct sim_ep *sp, const struct ffa_uuid *uuid,
		   uint8_t *p)
{
	ffa__bytes_zero(p, q->size);
	ffa_put_le16(p, sp->id);
	ffa_put_le16(p + 2, sp->vcpus);
	ffa_put_le32(p + 4, props_for(sp->props, sim_ep_version(q->caller)));
	if (q->size >= FFA_PARTITION_INFO_SIZE_V1_1)
		for (unsigned int i = 0; i < 16; i++)
			p[8 + i] = uuid->b[i];
	if (q->size >= FFA_PARTITION_INFO_SIZE_V1_3)
		ffa_put_le32(p + 40, sim_ep_version(sp)); /* image UUID (24) stays Nil */
}

void sim_h_partition_info_get(struct sim_call *c)
{
	struct sim_ep *ep = c->ep;
	uint32_t w[4], flags = sim_w(c->in, 5), n;
	uint64_t bytes;
	struct pi_query q;
	int rc;

	for (unsigned int i = 0; i < 4; i++)
		w[i] = sim_w(c->in, 1 + i);
	ffa_uuid_from_regs32(w, &q.uuid);
	query_init(&q, c->s, ep);
	/* w5: v1.0 MBZ; v1.1+ bit 0 = count only. */
	if (sim_ep_version(ep) < FFA_VERSION_1_1 ? flags != 0
						 : (flags & ~FFA_PARTITION_INFO_FLAG_COUNT_ONLY)) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	n = count_of(&q);
	if (!q.nil && n == 0 && !c->s->q.part_info_unknown_uuid_empty) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	if (flags & FFA_PARTITION_INFO_FLAG_COUNT_ONLY) {
		sim_answer_success(c, n, 0); /* RX untouched */
		return;
	}
	rc = sim_rx_claim(ep);
	if (rc) {
		sim_answer_error(c, rc);
		return;
	}
	bytes = (uint64_t)n * q.size;
	if (bytes > sim_rx_size(ep)) {
		sim_answer_error(c, FFA_ERR_NO_MEMORY);
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		const struct sim_ep *sp;
		struct ffa_uuid u;

		if (entry(&q, i, &sp, &u))
			encode(&q, sp, &u, ep->rx + (size_t)i * q.size);
	}
	/* Handed over on every SUCCESS, count 0 included (OP-TEE observed). */
	sim_rx_produced(ep, (size_t)bytes);
	sim_answer_success(c, n, q.size);
}

void sim_h_partition_info_get_regs(struct sim_call *c)
{
	uint64_t x3 = c->in->x[3];
	uint32_t start = (uint32_t)(x3 & 0xFFFFu), tag = (uint32_t)((x3 >> 16) & 0xFFFFu);
	uint32_t n, per, cur, nregs;
	struct pi_query q;
	struct ffa_regs r;

	ffa_uuid_from_regs64(c->in->x[1], c->in->x[2], &q.uuid);
	query_init(&q, c->s, c->ep);
	/* x3[63:32] MBZ; the tag is MBZ when starting at index 0. */
	if ((x3 >> 32) || (start == 0 && tag != 0)) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	n = count_of(&q);
	if (n == 0) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS); /* unknown UUID */
		return;
	}
	if (start != 0 && tag != INFO_TAG) {
		sim_answer_error(c, FFA_ERR_RETRY); /* stale: restart at 0 */
		return;
	}
	if (start >= n) {
		sim_answer_error(c, FFA_ERR_INVALID_PARAMETERS);
		return;
	}
	nregs = q.size / 8u;
	per = REGS_AVAIL / nregs; /* 5 at 24 bytes, 2 at 48 */
	cur = start + per - 1 < n - 1 ? start + per - 1 : n - 1;

	sim_frame(&r, FFA_SUCCESS_64);
	r.x[2] = (uint64_t)(n - 1) | ((uint64_t)cur << 16) | ((uint64_t)INFO_TAG << 32) |
		 ((uint64_t)q.size << 48);
	for (uint32_t i = start; i <= cur; i++) {
		uint8_t d[DESC_MAX];
		const struct sim_ep *sp;
		struct ffa_uuid u;

		if (!entry(&q, i, &sp, &u))
			break;
		encode(&q, sp, &u, d);
		/* The descriptor's bytes, loaded 8 at a time little-endian. */
		for (uint32_t k = 0; k < nregs; k++)
			r.x[REGS_FIRST + (i - start) * nregs + k] = ffa_le64(d + 8 * k);
	}
	sim_answer(c, &r);
}
