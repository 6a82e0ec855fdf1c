/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the partition discovery tests (test_partition_info.c,
 * test_partition_info_regs.c): the partitions a test describes, how a
 * decoded entry is checked against one, and the one check of a discovery
 * call that found partitions. Both calls share a signature, so the check
 * takes the call to make.
 */
#ifndef PI_TEST_H
#define PI_TEST_H

#include "ffa_test.h"

/* OP-TEE's UUID (ffa-abi.md 7.2 worked example), virtio-msg and another. */
#define OPTEE_UUID_STR "486178e0-e7f8-11e3-bc5e-0002a5d5c51b"
#define VIRTIO_UUID_STR "c66028b5-2498-4aa1-9de7-77da6122abf0"
#define OTHER_UUID_STR "b4b5671e-4a90-4fe1-b81f-fb13dae1dacb"

/* A partition as a test describes it to the fake manager. */
struct desc {
	uint16_t id;
	uint16_t ctx;
	uint32_t props;
	const char *uuid;  /* NULL = Nil */
	const char *image; /* v1.3 image UUID, NULL = Nil */
	uint32_t version;  /* v1.3 partition FF-A version */
};

/* @s parsed (a test's own constant, so it must parse); NULL gives Nil. */
static inline struct ffa_uuid uuid_of(const char *s)
{
	struct ffa_uuid u = FFA_UUID_NIL_INIT;

	if (s)
		cr_assert_eq(ffa_uuid_parse(s, &u), 0, "bad test UUID %s", s);
	return u;
}

/* Entry @o is @d as read from a @size-byte layout: the UUID only from 24
 * bytes on, the image UUID and version only from 48 (else Nil / 0). */
static inline void assert_info(const struct ffa_partition_info *o, uint32_t size,
			       const struct desc *d)
{
	struct ffa_uuid nil = FFA_UUID_NIL_INIT;
	struct ffa_uuid u = uuid_of(d->uuid), im = uuid_of(d->image);

	cr_assert_eq(o->id, d->id, "id 0x%x want 0x%x", o->id, d->id);
	cr_assert_eq(o->exec_ctx_count, d->ctx, "id 0x%x: exec ctx %u want %u", d->id,
		     o->exec_ctx_count, d->ctx);
	cr_assert_eq(o->properties, d->props, "props 0x%x want 0x%x", o->properties, d->props);
	cr_assert(ffa_uuid_equal(&o->uuid, size >= 24 ? &u : &nil), "id 0x%x: uuid", d->id);
	cr_assert(ffa_uuid_equal(&o->image_uuid, size >= 48 ? &im : &nil), "id 0x%x: image uuid",
		  d->id);
	cr_assert_eq(o->ffa_version, size >= 48 ? d->version : 0, "id 0x%x: ffa_version",
		     d->id);
}

/* ffa_partition_info_get or ffa_partition_info_get_regs. */
typedef int (*pi_call_fn)(struct ffa_ctx *ctx, const struct ffa_uuid *uuid,
			  struct ffa_partition_info *out, size_t max, uint32_t *total);

/* Entries of an output array for pi_expect_found(): the largest @max a
 * test passes (8) plus at least one guard. */
#define PI_OUT_CAP 9

/* What *total holds before a call: a value no test's count has. */
#define PI_TOTAL_UNSET 0xABCDu

/*
 * @call(@ctx, @uuid, @out, @max, @total) must find @n partitions: return @n,
 * set *@total (if @total) to @n, decode out[i] as @d[i] in the @size-byte
 * layout, and write nothing from out[@n] on. @out has PI_OUT_CAP entries and
 * is poisoned here, so everything past @n up to the last guard is checked.
 */
static inline void pi_expect_found(pi_call_fn call, struct ffa_ctx *ctx,
				   const struct ffa_uuid *uuid,
				   struct ffa_partition_info out[PI_OUT_CAP], size_t max,
				   uint32_t *total, const struct desc *d, size_t n, uint32_t size)
{
	cr_assert_lt(max, PI_OUT_CAP, "test asks for more than the guarded array holds");
	poison(out, PI_OUT_CAP * sizeof(out[0]));
	if (total)
		*total = PI_TOTAL_UNSET;
	assert_rc(call(ctx, uuid, out, max, total), (int)n);
	if (total)
		cr_assert_eq(*total, n, "total %u, expected %zu", *total, n);
	for (size_t i = 0; i < n; i++)
		assert_info(&out[i], size, &d[i]);
	assert_untouched_from(out, n, PI_OUT_CAP);
}

/*
 * @call(@ctx, @uuid, @out, @max, @total) must fail with @want and write
 * nothing from out[@written] on (@written: entries an iterating call may have
 * filled in earlier rounds; 0 when nothing may be written). *@total (if
 * given) is PI_TOTAL_UNSET before the call; the caller checks what the call
 * left there.
 */
static inline void pi_expect_failed(pi_call_fn call, struct ffa_ctx *ctx,
				    const struct ffa_uuid *uuid,
				    struct ffa_partition_info out[PI_OUT_CAP], size_t max,
				    uint32_t *total, int want, size_t written)
{
	cr_assert(want < 0, "not an error: %d", want);
	cr_assert_lt(max, PI_OUT_CAP, "test asks for more than the guarded array holds");
	poison(out, PI_OUT_CAP * sizeof(out[0]));
	if (total)
		*total = PI_TOTAL_UNSET;
	assert_rc(call(ctx, uuid, out, max, total), want);
	assert_untouched_from(out, written, PI_OUT_CAP);
}

#endif /* PI_TEST_H */
