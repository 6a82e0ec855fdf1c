/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Byte access for wire data (descriptors in RX/TX buffers): little-endian
 * loads and stores, byte by byte, so correct on any host endianness and any
 * alignment (never a cast of a struct over a buffer), and zeroing, since the
 * core has no libc. The lowest layer: shared by the ABI layer, the desc
 * layer and the simulator.
 */
#ifndef FFA_LE_H
#define FFA_LE_H

#include <stddef.h>
#include <stdint.h>

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
	return (uint16_t)(b[0] | ((uint16_t)b[1] << 8));
}

static inline uint32_t ffa_le32(const void *p)
{
	const uint8_t *b = (const uint8_t *)p;
	return (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) |
	       ((uint32_t)b[3] << 24);
}

static inline uint64_t ffa_le64(const void *p)
{
	const uint8_t *b = (const uint8_t *)p;
	return (uint64_t)ffa_le32(b) | ((uint64_t)ffa_le32(b + 4) << 32);
}

static inline void ffa_put_le16(void *p, uint16_t v)
{
	uint8_t *b = (uint8_t *)p;
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
}

static inline void ffa_put_le32(void *p, uint32_t v)
{
	uint8_t *b = (uint8_t *)p;
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

static inline void ffa_put_le64(void *p, uint64_t v)
{
	uint8_t *b = (uint8_t *)p;
	ffa_put_le32(b, (uint32_t)v);
	ffa_put_le32(b + 4, (uint32_t)(v >> 32));
}

#endif /* FFA_LE_H */
