/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa - UUIDs as FF-A carries them.
 *
 * A UUID is 16 bytes in RFC 4122 (string) order. In registers FF-A loads
 * those bytes little-endian, 4 at a time (w1..w4 of PARTITION_INFO_GET) or
 * 8 at a time (x2/x3 of DIRECT_REQ2, x1/x2 of PARTITION_INFO_GET_REGS);
 * see ffa-abi.md 7.2.
 */
#ifndef FFA_UUID_H
#define FFA_UUID_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** struct ffa_uuid - 16 bytes in RFC 4122 order. */
struct ffa_uuid {
	uint8_t b[16];
};

/** The Nil UUID initialiser ("all partitions" in discovery calls). */
#define FFA_UUID_NIL_INIT {{0}}

/**
 * ffa_uuid_parse() - parse "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx".
 * @str: NUL-terminated text, hex digits in either case; read, not kept.
 * @out: receives the UUID; untouched on error.
 *
 * Returns 0, or FFA_ERR_BAD_ARGUMENT for NULL pointers or a malformed string.
 */
int ffa_uuid_parse(const char *str, struct ffa_uuid *out);

/**
 * ffa_uuid_format() - write the canonical lower-case text form.
 * @u:   the UUID.
 * @buf: at least 37 bytes; receives 36 characters and a NUL.
 */
void ffa_uuid_format(const struct ffa_uuid *u, char buf[37]);

/** ffa_uuid_is_nil() - true if all 16 bytes are zero (NULL counts as Nil). */
bool ffa_uuid_is_nil(const struct ffa_uuid *u);

/** ffa_uuid_equal() - byte-wise equality of two UUIDs. */
bool ffa_uuid_equal(const struct ffa_uuid *a, const struct ffa_uuid *b);

/**
 * ffa_uuid_to_regs32() - the four 32-bit words w1..w4 of PARTITION_INFO_GET.
 * @u: the UUID (NULL = Nil).
 * @w: receives bytes 0..3, 4..7, 8..11, 12..15, each loaded little-endian.
 */
void ffa_uuid_to_regs32(const struct ffa_uuid *u, uint32_t w[4]);

/** ffa_uuid_from_regs32() - inverse of ffa_uuid_to_regs32(). */
void ffa_uuid_from_regs32(const uint32_t w[4], struct ffa_uuid *u);

/**
 * ffa_uuid_to_regs64() - the two 64-bit registers of DIRECT_REQ2 (x2, x3)
 * and PARTITION_INFO_GET_REGS (x1, x2).
 * @u:  the UUID (NULL = Nil).
 * @lo: bytes 0..7 loaded little-endian.
 * @hi: bytes 8..15 loaded little-endian.
 */
void ffa_uuid_to_regs64(const struct ffa_uuid *u, uint64_t *lo, uint64_t *hi);

/** ffa_uuid_from_regs64() - inverse of ffa_uuid_to_regs64(). */
void ffa_uuid_from_regs64(uint64_t lo, uint64_t hi, struct ffa_uuid *u);

#ifdef __cplusplus
}
#endif

#endif /* FFA_UUID_H */
