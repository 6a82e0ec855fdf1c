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

/* Decode @n descriptors of @size bytes (>= 8) at @p into @o. The register
 * form is decoded from its little-endian byte image, the RX layout. */
static void decode(const uint8_t *p, uint32_t size, uint32_t n, struct ffa_partition_info *o)
{
	for (; n; n--, p += size, o++) {
		ffa__bytes_zero(o, sizeof(*o));
		o->id = ffa_le16(p);
		o->exec_ctx_count = ffa_le16(p + 2);
		o->properties = ffa_le32(p + 4);
		if (size >= FFA_PARTITION_INFO_SIZE_V1_1)
			__builtin_memcpy(o->uuid.b, p + 8, 16);
		if (size >= FFA_PARTITION_INFO_SIZE_V1_3) {
			__builtin_memcpy(o->image_uuid.b, p + 24, 16);
			o->ffa_version = ffa_le32(p + 40);
		}
	}
}

/* Read the descriptors of a SUCCESS answer out of the (owned) RX buffer. */
static int read_rx(struct ffa_ctx *ctx, const struct ffa_regs *r,
		   struct ffa_partition_info *out, size_t max, uint32_t *total)
{
	uint32_t count = ffa__w(r, 2);
	uint32_t size = FFA_PARTITION_INFO_SIZE_V1_0; /* w3 is reserved at v1.0 */

	if (ctx->version != FFA_VERSION_1_0) {
		size = ffa__w(r, 3);
		/* A v1.0-sized (or zero) descriptor after v1.1 was negotiated
		 * is a protocol error (class 14) - unless there is nothing to
		 * read: with a count of 0 the size is not used. */
		if (size < FFA_PARTITION_INFO_SIZE_V1_1 && count)
			return FFA_ERR_PROTOCOL;
	}
	/* 64-bit product: cannot overflow for 32-bit operands. */
	if ((uint64_t)count * size > (uint64_t)ctx->rxtx_pages * FFA_PAGE_SIZE)
		return FFA_ERR_PROTOCOL;
	if (total)
		*total = count;
	/* The count must also fit the int return. */
	if (count > max || (int32_t)count < 0)
		return FFA_ERR_BUFFER_TOO_SMALL;
	decode((const uint8_t *)ctx->rx, size, count, out);
	return (int)count;
}

_Static_assert(FFA_VERSION_1_0 + FFA_PARTITION_INFO_FLAG_COUNT_ONLY == FFA_VERSION_1_1,
	       "the count-only flag doubles as the version step");

/*
 * Both FFA_PARTITION_INFO_GET calls, for @uuid (w1..w4): with @flags (w5)
 * FFA_PARTITION_INFO_FLAG_COUNT_ONLY (v1.1+) the count in *@total, else
 * the descriptors through the RX buffer into @out.
 */
static int info_get(struct ffa_ctx *ctx, const struct ffa_uuid *uuid,
		    struct ffa_partition_info *out, size_t max, uint32_t *total, uint32_t flags)
{
	struct ffa_regs r;
	uint64_t lo, hi;
	/* @flags is 0 or the count-only flag, which needs v1.1. */
	int rc = ffa__ready(ctx, FFA_VERSION_1_0 + flags);

	if (rc)
		return rc;
	if (flags ? !total : (!out && max) || !(ctx->flags & FFA_CTX_F_RXTX_MAPPED))
		return FFA_ERR_BAD_ARGUMENT;
	if (!flags)
		ffa__lock(ctx);
	ffa_uuid_to_regs64(uuid, &lo, &hi);
	ffa__frame(&r, FFA_PARTITION_INFO_GET_32, (uint32_t)lo, lo >> 32, (uint32_t)hi, hi >> 32);
	r.x[5] = flags;
	rc = ffa__call_success(ctx, &r);
	if (flags) {
		if (rc == 0)
			*total = ffa__w(&r, 2);
		return rc;
	}
	/* No SUCCESS, no RX ownership: nothing to release. */
	if (rc == 0) {
		int rel;

		rc = read_rx(ctx, &r, out, max, total);
		/* SUCCESS handed the RX buffer to us: give it back on every
		 * path (class 27). A manager that lent nothing for a count of
		 * 0 answers the release with DENIED, which is then not an
		 * error. */
		rel = ffa__rx_release_locked(ctx, &r, 0);
		if (rel == FFA_ERR_DENIED && rc == 0)
			rel = 0;
		if (rc >= 0 && rel)
			rc = rel;
	}
	ffa__unlock(ctx);
	return rc;
}

int ffa_partition_info_get(struct ffa_ctx *ctx, const struct ffa_uuid *uuid,
			   struct ffa_partition_info *out, size_t max, uint32_t *total)
{
	return info_get(ctx, uuid, out, max, total, 0);
}

int ffa_partition_count(struct ffa_ctx *ctx, const struct ffa_uuid *uuid, uint32_t *count)
{
	return info_get(ctx, uuid, NULL, 0, count, FFA_PARTITION_INFO_FLAG_COUNT_ONLY);
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
		uint32_t last, cur, size;

		rc = ffa__call_frame(ctx, &r, FFA_PARTITION_INFO_GET_REGS_64, ulo, uhi,
				     tag << 16 | start, 0);
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
		last = (uint32_t)x2 & 0xFFFF;
		cur = (uint32_t)(x2 >> 16) & 0xFFFF;
		size = (uint32_t)(x2 >> 48);
		/* 24..120 bytes, a multiple of 8: 3..15 registers. */
		if (size - FFA_PARTITION_INFO_SIZE_V1_1 > (REGS_DESC_REGS - 3) * 8 || size % 8)
			return FFA_ERR_PROTOCOL;

		/* Never trust the indices (class 21): the reply must continue
		 * exactly where we asked and fit its registers (at most 120
		 * bytes, x3..x17; no overflow: both factors are 16-bit). Checked
		 * first, so a rejected first answer leaves *@total alone. */
		if (cur < start || cur > last || (cur - start + 1) * size > REGS_DESC_REGS * 8)
			return FFA_ERR_PROTOCOL;
		if (start == 0) {
			count = last + 1;
			if (total)
				*total = count;
			if (count > max)
				return FFA_ERR_BUFFER_TOO_SMALL;
		} else if (last + 1 != count || ((x2 >> 32) & 0xFFFF) != tag) {
			/* Changed under us without RETRY. */
			return FFA_ERR_PROTOCOL;
		}
		/* x3..x17 as the little-endian byte image the descriptors are
		 * laid out in, in place (already so on a little-endian host). */
		for (unsigned int i = REGS_DESC_FIRST; !FFA__LE_HOST && i < FFA_REGS_COUNT; i++)
			ffa_put_le64(&r.x[i], r.x[i]);
		decode((const uint8_t *)&r.x[REGS_DESC_FIRST], size, cur - start + 1, &out[start]);
		if (cur == last)
			return (int)count;
		start = cur + 1;
		tag = (uint32_t)(x2 >> 32) & 0xFFFF;
	}
}
