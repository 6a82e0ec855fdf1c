/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Byte access for wire data (descriptors in RX/TX buffers): little-endian
 * loads and stores, correct on any host endianness and any alignment (never
 * a cast of a struct over a buffer), and zeroing, since the core has no
 * libc. The lowest layer: shared by the ABI layer, the desc layer and the
 * simulator.
 *
 * On a little-endian host a load or store is a fixed-size byte copy, which
 * compilers turn into one (unaligned-safe) access and always inline, also at
 * -Os; elsewhere it is assembled byte by byte.
 */
#ifndef FFA_LE_H
#define FFA_LE_H

#include <stddef.h>
#include <stdint.h>

#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && \
	__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define FFA__LE_HOST 1
#else
#define FFA__LE_HOST 0
#endif

/* Zero @n bytes at @p. */
static inline void ffa__bytes_zero(void *p, size_t n)
{
	uint8_t *b = (uint8_t *)p;

	for (size_t i = 0; i < n; i++)
		b[i] = 0;
}

static inline uint16_t ffa_le16(const void *p)
{
	const uint8_t *b = (const uint8_t *)p;
#if FFA__LE_HOST
	uint16_t v;

	__builtin_memcpy(&v, b, sizeof(v));
	return v;
#else
	return (uint16_t)(b[0] | ((uint16_t)b[1] << 8));
#endif
}

static inline uint32_t ffa_le32(const void *p)
{
	const uint8_t *b = (const uint8_t *)p;
#if FFA__LE_HOST
	uint32_t v;

	__builtin_memcpy(&v, b, sizeof(v));
	return v;
#else
	return (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) |
	       ((uint32_t)b[3] << 24);
#endif
}

static inline uint64_t ffa_le64(const void *p)
{
	const uint8_t *b = (const uint8_t *)p;
#if FFA__LE_HOST
	uint64_t v;

	__builtin_memcpy(&v, b, sizeof(v));
	return v;
#else
	return (uint64_t)ffa_le32(b) | ((uint64_t)ffa_le32(b + 4) << 32);
#endif
}

static inline void ffa_put_le16(void *p, uint16_t v)
{
	uint8_t *b = (uint8_t *)p;
#if FFA__LE_HOST
	__builtin_memcpy(b, &v, sizeof(v));
#else
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
#endif
}

static inline void ffa_put_le32(void *p, uint32_t v)
{
	uint8_t *b = (uint8_t *)p;
#if FFA__LE_HOST
	__builtin_memcpy(b, &v, sizeof(v));
#else
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
#endif
}

static inline void ffa_put_le64(void *p, uint64_t v)
{
	uint8_t *b = (uint8_t *)p;
#if FFA__LE_HOST
	__builtin_memcpy(b, &v, sizeof(v));
#else
	ffa_put_le32(b, (uint32_t)v);
	ffa_put_le32(b + 4, (uint32_t)(v >> 32));
#endif
}

#endif /* FFA_LE_H */
