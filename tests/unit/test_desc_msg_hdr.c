/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The partition message header codec (ffa/msg_hdr.h), shared by the
 * library and the simulator: golden bytes written here by hand from the
 * spec sheet's offsets (ffa-abi.md 10.1), not produced by the encoder.
 */
#include <string.h>

#include "ffa_test.h"

#include <ffa/msg_hdr.h>

static const struct ffa_uuid U = { { 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
				     0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F } };

/* v1.1: offset 20, receiver 0x8001 at 12, sender 0x0002 at 14, size 3. */
static const uint8_t GOLD_V11[] = {
	0, 0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0, 0x01, 0x80, 0x02, 0x00, 3, 0, 0, 0, 'a', 'b', 'c',
};

/* v1.2: as v1.1, reserved word at 20, UUID at 24, payload at 40. */
static const uint8_t GOLD_V12[] = {
	0, 0, 0, 0, 0, 0, 0, 0, 40, 0, 0, 0, 0x01, 0x80, 0x02, 0x00, 3, 0, 0, 0,
	0, 0, 0, 0, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19,
	0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F, 'a', 'b', 'c',
};

Test(msg_hdr, sizes_per_version)
{
	cr_assert_eq(ffa_msg_hdr_size(FFA_VERSION_1_0), 0);
	cr_assert_eq(ffa_msg_hdr_size(FFA_VERSION_1_1), 20);
	cr_assert_eq(ffa_msg_hdr_size(FFA_VERSION_1_2), 40);
	cr_assert_eq(ffa_msg_hdr_size(FFA_VERSION_1_3), 40);
	cr_assert_eq(ffa_msg_hdr_size(FFA_VERSION_MAKE(2, 0)), 0);
	cr_assert_eq(ffa_msg_hdr_size(0x80010002u), 0);
}

Test(msg_hdr, encode_golden_v11_and_v12_uuid_dropped_at_v11)
{
	uint8_t b[64];

	memset(b, 0xEE, sizeof(b));
	assert_rc(ffa_msg_hdr_encode(b, sizeof(b), FFA_VERSION_1_1, 2, 0x8001, &U, "abc", 3),
		  (int)sizeof(GOLD_V11));
	cr_assert_eq(memcmp(b, GOLD_V11, sizeof(GOLD_V11)), 0);
	cr_assert_eq(b[sizeof(GOLD_V11)], 0xEE, "nothing written past the message");
	memset(b, 0xEE, sizeof(b));
	assert_rc(ffa_msg_hdr_encode(b, sizeof(b), FFA_VERSION_1_2, 2, 0x8001, &U, "abc", 3),
		  (int)sizeof(GOLD_V12));
	cr_assert_eq(memcmp(b, GOLD_V12, sizeof(GOLD_V12)), 0);
}

Test(msg_hdr, encode_refusals_write_nothing)
{
	uint8_t b[43];

	memset(b, 0xEE, sizeof(b));
	assert_rc(ffa_msg_hdr_encode(b, 42, FFA_VERSION_1_2, 2, 0x8001, NULL, "abc", 3),
		  FFA_ERR_BUFFER_TOO_SMALL);
	assert_rc(ffa_msg_hdr_encode(b, sizeof(b), FFA_VERSION_1_0, 2, 0x8001, NULL, "abc", 3),
		  FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_hdr_encode(b, sizeof(b), FFA_VERSION_1_2, 2, 0x8001, NULL, NULL, 3),
		  FFA_ERR_BAD_ARGUMENT);
	for (size_t i = 0; i < sizeof(b); i++)
		cr_assert_eq(b[i], 0xEE);
	/* Exactly fitting is fine; an empty message is a header alone. */
	assert_rc(ffa_msg_hdr_encode(b, 43, FFA_VERSION_1_2, 2, 0x8001, NULL, "abc", 3), 43);
	assert_rc(ffa_msg_hdr_encode(b, 20, FFA_VERSION_1_1, 2, 0x8001, NULL, NULL, 0), 20);
}

Test(msg_hdr, decode_golden_reads_every_field)
{
	struct ffa_indirect_msg h;

	assert_rc(ffa_msg_hdr_decode(GOLD_V12, sizeof(GOLD_V12), FFA_VERSION_1_2, true, &h), 0);
	cr_assert_eq(h.sender, 2);
	cr_assert_eq(h.receiver, 0x8001);
	cr_assert_eq(h.offset, 40);
	cr_assert_eq(h.size, 3);
	cr_assert(ffa_uuid_equal(&h.uuid, &U));
	assert_rc(ffa_msg_hdr_decode(GOLD_V11, sizeof(GOLD_V11), FFA_VERSION_1_1, true, &h), 0);
	cr_assert_eq(h.offset, 20);
	cr_assert(ffa_uuid_is_nil(&h.uuid));
}

Test(msg_hdr, decode_bounds_and_wrong_layout)
{
	uint8_t b[sizeof(GOLD_V12)];
	struct ffa_indirect_msg h;

	memset(&h, 0x5A, sizeof(h));
	/* Payload one byte past the buffer. */
	assert_rc(ffa_msg_hdr_decode(GOLD_V12, sizeof(GOLD_V12) - 1, FFA_VERSION_1_2, false, &h),
		  FFA_ERR_PROTOCOL);
	/* A v1.1 header read as v1.2 (offset 20 < 40; class 13). */
	assert_rc(ffa_msg_hdr_decode(GOLD_V11, sizeof(GOLD_V11) + 20, FFA_VERSION_1_2, false, &h),
		  FFA_ERR_PROTOCOL);
	/* offset + size wraps in 32 bits (class 20). */
	memcpy(b, GOLD_V12, sizeof(b));
	b[16] = 0xF0, b[17] = 0xFF, b[18] = 0xFF, b[19] = 0xFF;
	assert_rc(ffa_msg_hdr_decode(b, sizeof(b), FFA_VERSION_1_2, false, &h), FFA_ERR_PROTOCOL);
	/* Buffer shorter than the header, v1.0. */
	assert_rc(ffa_msg_hdr_decode(GOLD_V12, 39, FFA_VERSION_1_2, false, &h), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_hdr_decode(GOLD_V12, sizeof(GOLD_V12), FFA_VERSION_1_0, false, &h),
		  FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(h.offset, 0x5A5A5A5Au, "refused: output untouched");
}

Test(msg_hdr, strict_checks_must_be_zero_words)
{
	static const unsigned int mbz[] = { 0, 4, 20 };
	struct ffa_indirect_msg h;

	for (size_t i = 0; i < ARRAY_LEN(mbz); i++) {
		uint8_t b[sizeof(GOLD_V12)];

		memcpy(b, GOLD_V12, sizeof(b));
		b[mbz[i] + 3] = 0x80;
		assert_rc(ffa_msg_hdr_decode(b, sizeof(b), FFA_VERSION_1_2, true, &h),
			  FFA_ERR_PROTOCOL);
		assert_rc(ffa_msg_hdr_decode(b, sizeof(b), FFA_VERSION_1_2, false, &h), 0);
	}
}
