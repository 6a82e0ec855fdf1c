/* SPDX-License-Identifier: BSD-3-Clause */
/* UUID text form and register packing (ffa-abi.md 7.2). */
#include "internal.h"

#include <ffa/uuid.h>

/* Positions of the dashes in the text form: 8, 13, 18, 23. */
#define DASHES ((1ull << 8) | (1ull << 13) | (1ull << 18) | (1ull << 23))
/* Bytes the text form puts a dash before: 4, 6, 8, 10. */
#define DASH_BEFORE ((1u << 4) | (1u << 6) | (1u << 8) | (1u << 10))

/* NULL is the Nil UUID. */
static const uint8_t *bytes(const struct ffa_uuid *u)
{
	static const struct ffa_uuid nil = FFA_UUID_NIL_INIT;

	return u ? u->b : nil.b;
}

int ffa_uuid_parse(const char *str, struct ffa_uuid *out)
{
	struct ffa_uuid tmp = FFA_UUID_NIL_INIT;
	unsigned int n = 0;

	if (!str || !out)
		return FFA_ERR_BAD_ARGUMENT;
	/* Read in order, so a short string stops at its NUL. */
	for (unsigned int i = 0; i < 36; i++) {
		unsigned int c = (unsigned char)str[i], v;

		if ((DASHES >> i) & 1u) {
			if (c != '-')
				return FFA_ERR_BAD_ARGUMENT;
			continue;
		}
		if (c - '0' < 10u)
			v = c - '0';
		else if ((c | 0x20u) - 'a' < 6u)
			v = (c | 0x20u) - 'a' + 10u;
		else
			return FFA_ERR_BAD_ARGUMENT;
		tmp.b[n / 2] = (uint8_t)((tmp.b[n / 2] << 4) | v);
		n++;
	}
	if (str[36] != '\0')
		return FFA_ERR_BAD_ARGUMENT;
	*out = tmp;
	return 0;
}

void ffa_uuid_format(const struct ffa_uuid *u, char buf[37])
{
	static const char digits[] = "0123456789abcdef";
	unsigned int o = 0;

	for (unsigned int i = 0; i < 16; i++) {
		uint8_t b = bytes(u)[i];

		if ((DASH_BEFORE >> i) & 1u)
			buf[o++] = '-';
		buf[o++] = digits[b >> 4];
		buf[o++] = digits[b & 0xF];
	}
	buf[o] = '\0';
}

bool ffa_uuid_is_nil(const struct ffa_uuid *u)
{
	return ffa_uuid_equal(u, NULL);
}

bool ffa_uuid_equal(const struct ffa_uuid *a, const struct ffa_uuid *b)
{
	const uint8_t *x = bytes(a), *y = bytes(b);

	for (unsigned int i = 0; i < 16; i++)
		if (x[i] != y[i])
			return false;
	return true;
}

void ffa_uuid_to_regs32(const struct ffa_uuid *u, uint32_t w[4])
{
	const uint8_t *b = bytes(u);
	/* All loads before the stores: @w may alias @u. */
	uint32_t w0 = ffa_le32(b), w1 = ffa_le32(b + 4), w2 = ffa_le32(b + 8), w3 = ffa_le32(b + 12);

	w[0] = w0;
	w[1] = w1;
	w[2] = w2;
	w[3] = w3;
}

void ffa_uuid_from_regs32(const uint32_t w[4], struct ffa_uuid *u)
{
	/* All loads before the stores: @u may alias @w. */
	uint32_t w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3];

	ffa_put_le32(&u->b[0], w0);
	ffa_put_le32(&u->b[4], w1);
	ffa_put_le32(&u->b[8], w2);
	ffa_put_le32(&u->b[12], w3);
}

void ffa_uuid_to_regs64(const struct ffa_uuid *u, uint64_t *lo, uint64_t *hi)
{
	const uint8_t *b = bytes(u);

	*lo = ffa_le64(b);
	*hi = ffa_le64(b + 8);
}

void ffa_uuid_from_regs64(uint64_t lo, uint64_t hi, struct ffa_uuid *u)
{
	ffa_put_le64(&u->b[0], lo);
	ffa_put_le64(&u->b[8], hi);
}
