/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The socket protocol's frame codec (docs/socket-protocol.md), shared by the
 * socket conduit and ffa-simd. Pure byte work: every field little-endian,
 * every length exact, every reserved byte zero.
 */
#include <ffa/conduit_socket.h>
#include <ffa/error.h>

#include "le.h"

static int payload_len(uint32_t type)
{
	switch (type) {
	case FFA_SOCK_HELLO:
		return FFA_SOCK_HELLO_LEN;
	case FFA_SOCK_WELCOME:
		return FFA_SOCK_WELCOME_LEN;
	case FFA_SOCK_CALL:
	case FFA_SOCK_ANSWER:
		return FFA_SOCK_REGS_LEN;
	case FFA_SOCK_ASYNC:
		return FFA_SOCK_ASYNC_LEN;
	case FFA_SOCK_MAP:
		return FFA_SOCK_MAP_LEN;
	default:
		return -1;
	}
}

int ffa_sock_frame_encode(const struct ffa_sock_frame *f, void *buf, size_t cap)
{
	uint8_t *b = buf, *p;
	int len;

	if (!f || !buf)
		return FFA_ERR_BAD_ARGUMENT;
	len = payload_len(f->type);
	if (len < 0)
		return FFA_ERR_BAD_ARGUMENT;
	if (cap < FFA_SOCK_HDR_SIZE + (size_t)len)
		return FFA_ERR_BUFFER_TOO_SMALL;
	ffa__bytes_zero(b, FFA_SOCK_HDR_SIZE + (size_t)len);
	ffa_put_le32(b, FFA_SOCK_MAGIC);
	ffa_put_le16(b + 4, FFA_SOCK_VERSION);
	ffa_put_le16(b + 6, (uint16_t)f->type);
	ffa_put_le32(b + 8, (uint32_t)len);
	ffa_put_le32(b + 12, f->seq);
	p = b + FFA_SOCK_HDR_SIZE;
	switch (f->type) {
	case FFA_SOCK_HELLO:
		ffa_put_le16(p, f->endpoint);
		ffa_put_le64(p + 8, f->size);
		break;
	case FFA_SOCK_WELCOME:
		ffa_put_le32(p, (uint32_t)f->status);
		ffa_put_le64(p + 8, f->base);
		break;
	case FFA_SOCK_CALL:
	case FFA_SOCK_ANSWER:
		for (unsigned int i = 0; i < FFA_REGS_COUNT; i++)
			ffa_put_le64(p + 8 * i, f->regs.x[i]);
		break;
	case FFA_SOCK_ASYNC:
		ffa_put_le32(p, f->kind);
		ffa_put_le32(p + 4, f->arg);
		break;
	default: /* FFA_SOCK_MAP */
		ffa_put_le64(p, f->base);
		ffa_put_le64(p + 8, f->size);
		ffa_put_le16(p + 16, f->endpoint);
		break;
	}
	return FFA_SOCK_HDR_SIZE + len;
}

static bool zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

int ffa_sock_frame_decode(struct ffa_sock_frame *f, const void *buf, size_t len)
{
	const uint8_t *b = buf, *p;
	int plen;

	if (!f || !buf)
		return FFA_ERR_BAD_ARGUMENT;
	ffa__bytes_zero(f, sizeof(*f));
	if (len < FFA_SOCK_HDR_SIZE || ffa_le32(b) != FFA_SOCK_MAGIC ||
	    ffa_le16(b + 4) != FFA_SOCK_VERSION)
		return FFA_ERR_PROTOCOL;
	f->type = ffa_le16(b + 6);
	f->seq = ffa_le32(b + 12);
	plen = payload_len(f->type);
	if (plen < 0 || ffa_le32(b + 8) != (uint32_t)plen ||
	    len != FFA_SOCK_HDR_SIZE + (size_t)plen)
		return FFA_ERR_PROTOCOL;
	p = b + FFA_SOCK_HDR_SIZE;
	switch (f->type) {
	case FFA_SOCK_HELLO:
		if (!zero(p + 2, 6))
			return FFA_ERR_PROTOCOL;
		f->endpoint = ffa_le16(p);
		f->size = ffa_le64(p + 8);
		break;
	case FFA_SOCK_WELCOME:
		if (!zero(p + 4, 4))
			return FFA_ERR_PROTOCOL;
		f->status = (int32_t)ffa_le32(p);
		f->base = ffa_le64(p + 8);
		break;
	case FFA_SOCK_CALL:
	case FFA_SOCK_ANSWER:
		for (unsigned int i = 0; i < FFA_REGS_COUNT; i++)
			f->regs.x[i] = ffa_le64(p + 8 * i);
		break;
	case FFA_SOCK_ASYNC:
		f->kind = ffa_le32(p);
		f->arg = ffa_le32(p + 4);
		if (f->kind != FFA_SOCK_ASYNC_SRI && f->kind != FFA_SOCK_ASYNC_NPI)
			return FFA_ERR_PROTOCOL;
		break;
	default: /* FFA_SOCK_MAP */
		if (!zero(p + 18, 6))
			return FFA_ERR_PROTOCOL;
		f->base = ffa_le64(p);
		f->size = ffa_le64(p + 8);
		f->endpoint = ffa_le16(p + 16);
		break;
	}
	return 0;
}
