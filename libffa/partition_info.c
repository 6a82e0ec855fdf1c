/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_PARTITION_INFO_GET and FFA_PARTITION_INFO_GET_REGS (ffa-abi.md 4.1, 8).
 *
 * Descriptors are stepped through by the size the partition manager reports
 * (a v1.3 manager sends 48-byte descriptors to v1.1 callers), and only the
 * fields the library knows are read, each byte once, from the RX buffer or
 * the registers. Counts and indices from the manager are checked against the
 * RX buffer and the caller's array before use (known-bugs.md 14, 21, 27, 31).
 */
#include "internal.h"

#include <ffa/setup.h>

#define REGS_MAX_RETRIES 4u
#define REGS_DESC_FIRST 3u  /* descriptors start in x3 */
#define REGS_DESC_REGS 15u  /* x3..x17 */

static void info_clear(struct ffa_partition_info *o)
{
	ffa__bytes_zero(o, sizeof(*o));
}

/* Decode one descriptor of @size bytes (>= 8) at @p. */
static void decode_mem(const uint8_t *p, uint32_t size, struct ffa_partition_info *o)
{
	info_clear(o);
	o->id = ffa_le16(p);
	o->exec_ctx_count = ffa_le16(p + 2);
	o->properties = ffa_le32(p + 4);
	if (size >= FFA_PARTITION_INFO_SIZE_V1_1)
		for (unsigned int i = 0; i < 16; i++)
			o->uuid.b[i] = p[8 + i];
	if (size >= FFA_PARTITION_INFO_SIZE_V1_3) {
		for (unsigned int i = 0; i < 16; i++)
			o->image_uuid.b[i] = p[24 + i];
		o->ffa_version = ffa_le32(p + 40);
	}
}

static void load_uuid_query(struct ffa_regs *r, const struct ffa_uuid *uuid)
{
	uint32_t w[4];

	ffa_uuid_to_regs32(uuid, w);
	for (unsigned int i = 0; i < 4; i++)
		r->x[1 + i] = w[i];
}

/* Read the descriptors of a SUCCESS answer out of the (owned) RX buffer. */
static int read_rx(struct ffa_ctx *ctx, const struct ffa_regs *r,
		   struct ffa_partition_info *out, size_t max, uint32_t *total)
{
	uint32_t count = ffa__w(r, 2);
	uint32_t size;
	uint64_t rx_size = (uint64_t)ctx->rxtx_pages * FFA_PAGE_SIZE;
	const uint8_t *rx = (const uint8_t *)ctx->rx;

	if (ctx->version == FFA_VERSION_1_0) {
		size = FFA_PARTITION_INFO_SIZE_V1_0; /* w3 is reserved at v1.0 */
	} else {
		size = ffa__w(r, 3);
		/* A v1.0-sized (or zero) descriptor after v1.1 was negotiated
		 * is a protocol error (class 14) - unless there is nothing to
		 * read: with a count of 0 the size is not used. */
		if (size < FFA_PARTITION_INFO_SIZE_V1_1 && count)
			return FFA_ERR_PROTOCOL;
	}
	/* 64-bit product: cannot overflow for 32-bit operands. */
	if ((uint64_t)count * size > rx_size)
		return FFA_ERR_PROTOCOL;
	if (total)
		*total = count;
	if (count > max)
		return FFA_ERR_BUFFER_TOO_SMALL;
	for (uint32_t i = 0; i < count; i++)
		decode_mem(rx + (size_t)i * size, size, &out[i]);
	return (int)count;
}

int ffa_partition_info_get(struct ffa_ctx *ctx, const struct ffa_uuid *uuid,
			   struct ffa_partition_info *out, size_t max, uint32_t *total)
{
	struct ffa_regs r;
	int rc = ffa__ready(ctx, FFA_VERSION_1_0);
	int rel;

	if (rc)
		return rc;
	if ((!out && max) || !(ctx->flags & FFA_CTX_F_RXTX_MAPPED))
		return FFA_ERR_BAD_ARGUMENT;
	if (max > 0x7FFFFFFF)
		max = 0x7FFFFFFF; /* the count must fit the int return */

	ffa__frame_init(&r, FFA_PARTITION_INFO_GET_32);
	load_uuid_query(&r, uuid);
	ffa__lock(ctx);
	rc = ffa__call_success(ctx, &r);
	if (rc) {
		/* No SUCCESS, no RX ownership: nothing to release. */
		ffa__unlock(ctx);
		return rc;
	}
	rc = read_rx(ctx, &r, out, max, total);
	/* SUCCESS handed the RX buffer to us: give it back on every path
	 * (class 27). A manager that lent nothing for a count of 0 answers
	 * the release with DENIED, which is then not an error. */
	rel = ffa__rx_release_locked(ctx, 0);
	ffa__unlock(ctx);
	if (rc < 0)
		return rc;
	if (rel && !(rel == FFA_ERR_DENIED && rc == 0))
		return rel;
	return rc;
}

int ffa_partition_count(struct ffa_ctx *ctx, const struct ffa_uuid *uuid, uint32_t *count)
{
	struct ffa_regs r;
	int rc = ffa__ready(ctx, FFA_VERSION_1_1);

	if (rc)
		return rc;
	if (!count)
		return FFA_ERR_BAD_ARGUMENT;
	ffa__frame_init(&r, FFA_PARTITION_INFO_GET_32);
	load_uuid_query(&r, uuid);
	r.x[5] = FFA_PARTITION_INFO_FLAG_COUNT_ONLY;
	rc = ffa__call_success(ctx, &r);
	if (rc)
		return rc;
	*count = ffa__w(&r, 2);
	return 0;
}

/* Decode one register-packed descriptor of @nregs registers at @reg. */
static void decode_regs(const uint64_t *reg, uint32_t nregs, struct ffa_partition_info *o)
{
	info_clear(o);
	o->id = (uint16_t)reg[0];
	o->exec_ctx_count = (uint16_t)(reg[0] >> 16);
	o->properties = (uint32_t)(reg[0] >> 32);
	ffa_uuid_from_regs64(reg[1], reg[2], &o->uuid);
	if (nregs >= FFA_PARTITION_INFO_SIZE_V1_3 / 8) {
		ffa_uuid_from_regs64(reg[3], reg[4], &o->image_uuid);
		o->ffa_version = (uint32_t)reg[5];
	}
}

int ffa_partition_info_get_regs(struct ffa_ctx *ctx, const struct ffa_uuid *uuid,
				struct ffa_partition_info *out, size_t max,
				uint32_t *total)
{
	const uint32_t need = FFA_CONDUIT_CAP_SMC64 | FFA_CONDUIT_CAP_REGS18;
	uint32_t start = 0, tag = 0, count = 0, retries = 0;
	uint64_t ulo, uhi;
	struct ffa_regs r;
	int rc = ffa__ready(ctx, FFA_VERSION_1_2);

	if (rc)
		return rc;
	if ((ctx->conduit.caps & need) != need)
		return FFA_ERR_NOT_SUPPORTED;
	if (!out && max)
		return FFA_ERR_BAD_ARGUMENT;
	ffa_uuid_to_regs64(uuid, &ulo, &uhi);

	for (;;) {
		uint64_t x2;
		uint32_t last, cur, rtag, size, nregs, n;

		ffa__frame_init(&r, FFA_PARTITION_INFO_GET_REGS_64);
		r.x[1] = ulo;
		r.x[2] = uhi;
		r.x[3] = ffa__pack_ids((uint16_t)tag, (uint16_t)start);
		rc = ffa__call_success(ctx, &r);
		if (rc == FFA_ERR_RETRY) {
			/* The information changed: start over (ffa-abi.md 8.4). */
			if (++retries > REGS_MAX_RETRIES)
				return FFA_ERR_RETRY;
			start = 0;
			tag = 0;
			continue;
		}
		if (rc)
			return rc;
		if (ffa__w(&r, 0) != FFA_SUCCESS_64)
			return FFA_ERR_PROTOCOL;

		x2 = r.x[2];
		last = (uint32_t)(x2 & 0xFFFF);
		cur = (uint32_t)((x2 >> 16) & 0xFFFF);
		rtag = (uint32_t)((x2 >> 32) & 0xFFFF);
		size = (uint32_t)(x2 >> 48);
		if (size < FFA_PARTITION_INFO_SIZE_V1_1 || size % 8 || size / 8 > REGS_DESC_REGS)
			return FFA_ERR_PROTOCOL;
		nregs = size / 8;

		if (start == 0) {
			count = last + 1;
			if (total)
				*total = count;
			if (count > max)
				return FFA_ERR_BUFFER_TOO_SMALL;
		} else if (last + 1 != count || rtag != tag) {
			/* Changed under us without RETRY. */
			return FFA_ERR_PROTOCOL;
		}
		/* Never trust the indices (class 21): the reply must continue
		 * exactly where we asked and fit its registers. */
		if (cur < start || cur > last)
			return FFA_ERR_PROTOCOL;
		n = cur - start + 1;
		if (n > REGS_DESC_REGS / nregs)
			return FFA_ERR_PROTOCOL;
		for (uint32_t i = 0; i < n; i++)
			decode_regs(&r.x[REGS_DESC_FIRST + i * nregs], nregs, &out[start + i]);
		if (cur == last)
			return (int)count;
		start = cur + 1;
		tag = rtag;
	}
}
