/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory attributes (ffa-memory.md 4), permissions (2.4) and flags (6):
 * every possible value checked against the sheet's tables.
 */
#include <criterion/criterion.h>

#include "desc_test_util.h"

/* The sheet's rules, written independently of the library. */
static bool sheet_attr_valid(uint32_t raw)
{
	uint32_t share = raw & 3u, cache = (raw >> 2) & 3u, type = (raw >> 4) & 3u;

	if (raw & 0xFF80u)
		return false;
	if (share == 1u)
		return false;
	switch (type) {
	case 0: /* not specified: nothing else */
		return share == 0 && cache == 0;
	case 1: /* device: any of the 4 device attributes */
		return true;
	case 2: /* normal: non-cacheable or write-back */
		return cache == 1u || cache == 3u;
	default:
		return false;
	}
}

Test(attr, every_raw_value_all_versions)
{
	static const uint32_t vers[] = {FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2};
	struct ffa_mem_attr a;
	uint32_t raw, vi;
	unsigned int nvalid;

	for (vi = 0; vi < 3; vi++) {
		nvalid = 0;
		for (raw = 0; raw <= 0xFFFFu; raw++) {
			int rc = ffa_mem_attr_decode((uint16_t)raw, vers[vi], &a);
			uint16_t back = 0;

			cr_assert_eq(rc == 0, sheet_attr_valid(raw), "raw 0x%x", raw);
			if (rc != 0) {
				cr_assert_eq(rc, FFA_ERR_PROTOCOL);
				continue;
			}
			nvalid++;
			cr_assert_eq(ffa_mem_attr_encode(&a, vers[vi], &back), 0);
			cr_assert_eq(back, raw);
			cr_assert_eq(a.ns, (raw & 0x40u) != 0);
		}
		/* 1 unspecified + 6 normal + 12 device, each with/without NS. */
		cr_assert_eq(nvalid, 38);
	}
}

Test(attr, encode_rejects_reserved_fields)
{
	struct ffa_mem_attr a = {FFA_MEM_TYPE_NORMAL, FFA_MEM_CACHE_WB, 0, FFA_MEM_SHARE_INNER,
				 false};
	uint16_t raw;

	cr_assert_eq(ffa_mem_attr_encode(&a, FFA_VERSION_1_1, &raw), 0);
	cr_assert_eq(raw, FFA_MEM_ATTR_NORMAL_WB_INNER);
	a.device = 1;
	cr_assert_eq(ffa_mem_attr_encode(&a, FFA_VERSION_1_1, &raw), FFA_ERR_BAD_ARGUMENT);
	a.device = 0;
	a.cacheability = 2;
	cr_assert_eq(ffa_mem_attr_encode(&a, FFA_VERSION_1_1, &raw), FFA_ERR_BAD_ARGUMENT);
	a.cacheability = 3;
	a.shareability = 1;
	cr_assert_eq(ffa_mem_attr_encode(&a, FFA_VERSION_1_1, &raw), FFA_ERR_BAD_ARGUMENT);
	a = (struct ffa_mem_attr){FFA_MEM_TYPE_DEVICE, 1, 0, 0, false};
	cr_assert_eq(ffa_mem_attr_encode(&a, FFA_VERSION_1_1, &raw), FFA_ERR_BAD_ARGUMENT);
	a = (struct ffa_mem_attr){FFA_MEM_TYPE_DEVICE, 0, 4, 0, false};
	cr_assert_eq(ffa_mem_attr_encode(&a, FFA_VERSION_1_1, &raw), FFA_ERR_BAD_ARGUMENT);
	a = (struct ffa_mem_attr){FFA_MEM_TYPE_DEVICE, 0, FFA_MEM_DEV_GRE, 0, true};
	cr_assert_eq(ffa_mem_attr_encode(&a, FFA_VERSION_1_0, &raw), 0);
	cr_assert_eq(raw, 0x5C);
	a = (struct ffa_mem_attr){FFA_MEM_TYPE_NOT_SPECIFIED, 0, 0, 2, false};
	cr_assert_eq(ffa_mem_attr_encode(&a, FFA_VERSION_1_1, &raw), FFA_ERR_BAD_ARGUMENT);
	a = (struct ffa_mem_attr){3, 0, 0, 0, false};
	cr_assert_eq(ffa_mem_attr_encode(&a, FFA_VERSION_1_1, &raw), FFA_ERR_BAD_ARGUMENT);
	a = (struct ffa_mem_attr){0, 0, 0, 0, false};
	cr_assert_eq(ffa_mem_attr_encode(&a, FFA_VERSION_MAKE(2, 0), &raw), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_attr_encode(NULL, FFA_VERSION_1_1, &raw), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_mem_attr_decode(0, FFA_VERSION_1_1, NULL), FFA_ERR_BAD_ARGUMENT);
}

Test(attr, every_permission_byte)
{
	unsigned int v, n = 0;

	for (v = 0; v < 256; v++) {
		bool want = (v & 0xF0u) == 0 && (v & 3u) != 3u && ((v >> 2) & 3u) != 3u;

		cr_assert_eq(ffa_mem_perm_valid((uint8_t)v), want, "perm 0x%x", v);
		n += want;
	}
	cr_assert_eq(n, 9);
	cr_assert_eq(ffa_mem_perm_make(FFA_MEM_DATA_RW, FFA_MEM_INSTR_NX), 0x06);
	cr_assert_eq(ffa_mem_perm_make(FFA_MEM_DATA_RO, FFA_MEM_INSTR_X), 0x09);
	cr_assert_eq(ffa_mem_perm_data(0x06), FFA_MEM_DATA_RW);
	cr_assert_eq(ffa_mem_perm_instr(0x06), FFA_MEM_INSTR_NX);
}

Test(attr, every_flag_word_low_bits)
{
	uint32_t f;
	unsigned int send = 0, req11 = 0, req12 = 0, resp = 0;

	for (f = 0; f < (1u << 12); f++) {
		send += ffa_mem_flags_valid(FFA_MEM_DESC_SEND, FFA_VERSION_1_2, f);
		req11 += ffa_mem_flags_valid(FFA_MEM_DESC_RETRIEVE_REQ, FFA_VERSION_1_1, f);
		req12 += ffa_mem_flags_valid(FFA_MEM_DESC_RETRIEVE_REQ, FFA_VERSION_1_2, f);
		resp += ffa_mem_flags_valid(FFA_MEM_DESC_RETRIEVE_RESP, FFA_VERSION_1_2, f);
	}
	cr_assert_eq(send, 4);			/* bits 0, 1 */
	cr_assert_eq(req11, 8 * 4 * (1 + 16)); /* bits 0-2, type, hint (+valid) */
	cr_assert_eq(req12, 2 * req11);	/* + bit 10 */
	cr_assert_eq(resp, 16);			/* bits 0, 1, 4:3 */
	for (f = 11; f < 32; f++) {
		cr_assert(!ffa_mem_flags_valid(FFA_MEM_DESC_RETRIEVE_REQ, FFA_VERSION_1_2, 1u << f));
		cr_assert(!ffa_mem_flags_valid(FFA_MEM_DESC_SEND, FFA_VERSION_1_2, 1u << f));
	}
	cr_assert(!ffa_mem_flags_valid((enum ffa_mem_desc_kind)5, FFA_VERSION_1_2, 0));
	cr_assert(!ffa_mem_flags_valid(FFA_MEM_DESC_SEND, FFA_VERSION_MAKE(2, 0), 0));
	cr_assert_eq(FFA_MEM_RETRIEVE_FLAG_TYPE(FFA_MEM_RETRIEVE_TYPE_DONATE), 0x18u);
}
