/* SPDX-License-Identifier: BSD-3-Clause */
/* UUID text form and register packing (ffa-abi.md 7.2). */
#include "internal.h"

#include <ffa/uuid.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int ffa_uuid_parse(const char *str, struct ffa_uuid *out)
{
	struct ffa_uuid tmp;
	unsigned int n = 0;

	if (!str || !out)
		return FFA_ERR_BAD_ARGUMENT;
	for (unsigned int i = 0; i < 36; i++) {
		int hi, lo;

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (str[i] != '-')
				return FFA_ERR_BAD_ARGUMENT;
			continue;
		}
		hi = hexval(str[i]);
		if (hi < 0)
			return FFA_ERR_BAD_ARGUMENT;
		i++;
		if (i == 8 || i == 13 || i == 18 || i == 23)
			return FFA_ERR_BAD_ARGUMENT;
		lo = hexval(str[i]);
		if (lo < 0)
			return FFA_ERR_BAD_ARGUMENT;
		tmp.b[n++] = (uint8_t)((hi << 4) | lo);
	}
	if (str[36] != '\0' || n != 16)
		return FFA_ERR_BAD_ARGUMENT;
	*out = tmp;
	return 0;
}

void ffa_uuid_format(const struct ffa_uuid *u, char buf[37])
{
	static const char digits[] = "0123456789abcdef";
	unsigned int o = 0;

	for (unsigned int i = 0; i < 16; i++) {
		uint8_t b = u ? u->b[i] : 0;

		if (i == 4 || i == 6 || i == 8 || i == 10)
			buf[o++] = '-';
		buf[o++] = digits[b >> 4];
		buf[o++] = digits[b & 0xF];
	}
	buf[o] = '\0';
}

bool ffa_uuid_is_nil(const struct ffa_uuid *u)
{
	if (!u)
		return true;
	for (unsigned int i = 0; i < 16; i++)
		if (u->b[i])
			return false;
	return true;
}

bool ffa_uuid_equal(const struct ffa_uuid *a, const struct ffa_uuid *b)
{
	if (!a || !b)
		return ffa_uuid_is_nil(a) && ffa_uuid_is_nil(b);
	for (unsigned int i = 0; i < 16; i++)
		if (a->b[i] != b->b[i])
			return false;
	return true;
}

void ffa_uuid_to_regs32(const struct ffa_uuid *u, uint32_t w[4])
{
	for (unsigned int i = 0; i < 4; i++)
		w[i] = u ? ffa_le32(&u->b[4 * i]) : 0;
}

void ffa_uuid_from_regs32(const uint32_t w[4], struct ffa_uuid *u)
{
	for (unsigned int i = 0; i < 4; i++)
		ffa_put_le32(&u->b[4 * i], w[i]);
}

void ffa_uuid_to_regs64(const struct ffa_uuid *u, uint64_t *lo, uint64_t *hi)
{
	*lo = u ? ffa_le64(&u->b[0]) : 0;
	*hi = u ? ffa_le64(&u->b[8]) : 0;
}

void ffa_uuid_from_regs64(uint64_t lo, uint64_t hi, struct ffa_uuid *u)
{
	ffa_put_le64(&u->b[0], lo);
	ffa_put_le64(&u->b[8], hi);
}
