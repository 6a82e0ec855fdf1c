/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_NOTIFICATION_INFO_GET (32 and 64) and the bounded drain loop
 * (ffa-abi.md 11.3; known-bugs.md class 34).
 *
 * Every count in w2 is checked against what the answer's registers can hold
 * before a single ID is read, so a hostile answer can neither make the
 * decoder read past x7 nor make it invent lists: the list count and the IDs
 * the lists claim must fit the layout, and no list size may be set beyond
 * the list count.
 */
#include "internal.h"

#include <ffa/notif.h>

#define INFO_FIRST_ID_REG 3

/*
 * The one decoder (decode()) fills the compact internal form (struct
 * ffa__notif_info_raw: flags, list count and sizes, the IDs); expand()
 * turns it into the public struct. A drain keeps the call's register frame
 * and the public answer in one buffer: decode() reads everything it needs
 * out of the frame before expand() writes the answer.
 */
union info_buf {
	struct ffa_regs r;
	struct ffa_notif_info info;
};

/* One INFO_GET call in @r, decoded and checked into @out (NULL:
 * FFA_ERR_BAD_ARGUMENT, after the version checks). */
static int decode(struct ffa_ctx *ctx, enum ffa_notif_info_form form,
		  struct ffa__notif_info_raw *out, struct ffa_regs *r)
{
	uint32_t max_ids, lists, shift, total;
	uint64_t flags, sizes;
	bool wide;
	int rc = ffa__ready(ctx, FFA_VERSION_1_1);

	if (rc)
		return rc;
	if (!out || ((uint32_t)form & ~96u) || (uint32_t)form == 96u)
		return FFA_ERR_BAD_ARGUMENT;
	/* 64-bit for FFA_NOTIF_INFO_64, and for AUTO on an SMC64 conduit. */
	wide = form == FFA_NOTIF_INFO_64 || (form == FFA_NOTIF_INFO_AUTO && ffa__smc64(ctx));
	if (wide && !ffa__smc64(ctx))
		return FFA_ERR_NOT_SUPPORTED;
	rc = ffa__call_frame(ctx, r,
			     wide ? FFA_NOTIFICATION_INFO_GET_64 : FFA_NOTIFICATION_INFO_GET_32, 0,
			     0, 0, 0);
	if (rc)
		return rc;
	/* The answer's width decides the layout (Linux does the same; Xen
	 * answered both forms with SUCCESS_64). A conduit without SMC64 never
	 * carried the upper halves a 64-bit layout needs. */
	wide = ffa__w(r, 0) == FFA_SUCCESS_64;
	if (wide && !ffa__smc64(ctx))
		return FFA_ERR_PROTOCOL;

	/* The flags and the packed IDs, 4 per register from x3 in the 64-bit
	 * layout, 2 in the low half in the 32-bit one (16 bits each, lowest
	 * first). */
	max_ids = wide ? FFA_NOTIF_INFO_MAX_IDS_64 : FFA_NOTIF_INFO_MAX_IDS_32;
	flags = wide ? r->x[2] : ffa__w(r, 2);
	shift = wide ? 2 : 1; /* log2 of IDs per register */
	for (uint32_t i = 0; i < max_ids; i++)
		out->ids[i] = (uint16_t)(r->x[INFO_FIRST_ID_REG + (i >> shift)] >>
					 (16 * (i & ((1u << shift) - 1))));

	/* Every count is checked before an ID is used. Each list holds at
	 * least its endpoint ID. One 2-bit size per list the layout can hold:
	 * those past the list count must be 0, the rest must fit the
	 * registers. */
	lists = FFA__NOTIF_INFO_LISTS(flags);
	/* (A 32-bit w2 holds no more than the sizes of 10 lists.) */
	sizes = (flags >> FFA__NOTIF_INFO_SIZES_SHIFT) &
		((1ull << (2 * FFA_NOTIF_INFO_MAX_IDS_64)) - 1);
	total = lists; /* (so also the list count must fit) */
	for (uint64_t t = sizes; t; t >>= 2)
		total += (uint32_t)t & 3u;
	if (total > max_ids || (!lists && (flags & FFA__NOTIF_INFO_MORE)) || sizes >> (2 * lists))
		return FFA_ERR_PROTOCOL;
	/* (Only a 64-bit w2 reaches bit 63, and it is the wide layout.) */
	out->flags = flags | (wide ? FFA__NOTIF_INFO_WIDE : 0);
	return 0;
}

int ffa__notif_info_raw(struct ffa_ctx *ctx, enum ffa_notif_info_form form,
			struct ffa__notif_info_raw *out)
{
	struct ffa_regs r;

	return decode(ctx, form, out, &r);
}

/* The public form of @raw into @out. */
static void expand(const struct ffa__notif_info_raw *raw, struct ffa_notif_info *out)
{
	uint64_t f = raw->flags;
	uint32_t next = 0;

	out->more_pending = f & FFA__NOTIF_INFO_MORE;
	out->wide = (f & FFA__NOTIF_INFO_WIDE) != 0;
	out->count = FFA__NOTIF_INFO_LISTS(f);
	for (uint32_t k = 0; k < out->count; k++) {
		struct ffa_notif_info_list *l = &out->lists[k];
		uint32_t n = FFA__NOTIF_INFO_SIZE(f, k);

		/* The endpoint ID first; a global list is exactly that one ID,
		 * per-vCPU lists continue with their vCPU IDs (class 34). */
		l->endpoint = raw->ids[next++];
		l->vcpu_count = (uint16_t)n;
		for (uint32_t v = 0; v < FFA_NOTIF_INFO_MAX_VCPUS; v++)
			l->vcpus[v] = v < n ? raw->ids[next++] : 0;
	}
}

int ffa_notif_info_get(struct ffa_ctx *ctx, enum ffa_notif_info_form form,
		       struct ffa_notif_info *out)
{
	struct ffa__notif_info_raw raw;
	int rc = ffa__notif_info_raw(ctx, form, out ? &raw : NULL);

	if (!rc)
		expand(&raw, out);
	return rc;
}

int ffa_notif_info_drain(struct ffa_ctx *ctx, enum ffa_notif_info_form form,
			 uint32_t max_rounds, ffa_notif_info_fn fn, void *arg, bool *more)
{
	struct ffa__notif_info_raw raw;
	union info_buf b;

	if (more)
		*more = false;
	if (!fn || !max_rounds)
		return FFA_ERR_BAD_ARGUMENT;
	while (max_rounds--) {
		int rc = decode(ctx, form, &raw, &b.r);

		if (rc == FFA_ERR_NO_DATA)
			return 0; /* nothing (more) pending */
		if (rc)
			return rc;
		expand(&raw, &b.info);
		rc = fn(arg, &b.info);
		if (rc || !b.info.more_pending)
			return rc;
	}
	if (more)
		*more = true;
	return 0;
}
