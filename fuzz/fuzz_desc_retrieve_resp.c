/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: the reassembling decoder fed a (possibly fragmented)
 * retrieve response, as a receiver gets it through its RX buffer.
 * Input: byte 0 = version (bits 1:0); bytes 1-2 = first fragment length,
 * bytes 3-4 = later fragment length (little-endian, 0 = whole); the rest is
 * the response stream. Each fragment lives in its own exactly sized heap
 * block that is freed before the next one arrives, so any read of a stale
 * fragment is caught by ASan.
 *
 * Oracle: if reassembly completes, the one-shot decoder must accept the
 * whole stream and yield the same receivers and ranges.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ffa/defs.h>
#include <ffa/desc.h>
#include <ffa/error.h>

/* Abort loudly: an oracle found a disagreement. */
#define FUZZ_CHECK(cond)                   \
	do {                               \
		if (!(cond))               \
			__builtin_trap();  \
	} while (0)

static const uint32_t fuzz_versions[4] = {FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2,
					  FFA_VERSION_1_3};

/* Order-sensitive digest of a range sequence. */
static inline uint64_t fuzz_mix(uint64_t h, uint64_t addr, uint32_t pages)
{
	h ^= addr + UINT64_C(0x9E3779B97F4A7C15) + (h << 6) + (h >> 2);
	h ^= (uint64_t)pages * UINT64_C(0xBF58476D1CE4E5B9) + (h << 6) + (h >> 2);
	return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ffa_mem_reasm r;
	const struct ffa_mem_desc *hd;
	struct ffa_mem_desc d;
	struct ffa_mem_cons_iter it;
	struct ffa_mem_receiver rx0, rx1;
	uint32_t version, first, later, total, off = 0, nrx = 0;
	uint64_t h1 = 0, h2 = 0, a;
	uint32_t p;
	const uint8_t *s;
	int rc;
	bool have_rx0 = false;

	if (size < 5)
		return 0;
	version = fuzz_versions[data[0] & 3u];
	first = (uint32_t)data[1] | ((uint32_t)data[2] << 8);
	later = (uint32_t)data[3] | ((uint32_t)data[4] << 8);
	s = data + 5;
	total = (uint32_t)(size - 5);
	if (total == 0)
		return 0;
	if (first == 0 || first > total)
		first = total;
	if (later == 0)
		later = total;

	FUZZ_CHECK(ffa_mem_reasm_init(&r, version, FFA_MEM_DESC_RETRIEVE_RESP, total) == 0);
	while (off < total) {
		uint32_t n = off == 0 ? first : later;
		uint8_t *frag;

		if (n > total - off)
			n = total - off;
		frag = malloc(n);
		if (frag == NULL)
			return 0;
		memcpy(frag, s + off, n);
		rc = ffa_mem_reasm_feed(&r, frag, n);
		if (rc != 0) {
			FUZZ_CHECK(rc == FFA_ERR_PROTOCOL);
			free(frag);
			return 0;
		}
		FUZZ_CHECK(ffa_mem_reasm_received(&r) == off + n);
		if (off == 0) {
			hd = ffa_mem_reasm_desc(&r);
			FUZZ_CHECK(hd != NULL);
			nrx = hd->receiver_count;
			FUZZ_CHECK(ffa_mem_desc_receiver(hd, 0, &rx0) == 0);
			have_rx0 = true;
		}
		while ((rc = ffa_mem_reasm_next(&r, &a, &p)) == 1)
			h1 = fuzz_mix(h1, a, p);
		free(frag);
		if (rc != 0) {
			FUZZ_CHECK(rc == FFA_ERR_PROTOCOL);
			return 0;
		}
		off += n;
	}
	FUZZ_CHECK(ffa_mem_reasm_done(&r));

	FUZZ_CHECK(ffa_mem_retrieve_resp_decode(&d, s, total, version) == 0);
	FUZZ_CHECK(d.receiver_count == nrx && have_rx0);
	FUZZ_CHECK(ffa_mem_desc_receiver(&d, 0, &rx1) == 0);
	FUZZ_CHECK(memcmp(&rx0, &rx1, sizeof(rx0)) == 0);
	FUZZ_CHECK(ffa_mem_desc_constituents(&d, &it) == 0);
	while ((rc = ffa_mem_cons_next(&it, &a, &p)) == 1)
		h2 = fuzz_mix(h2, a, p);
	FUZZ_CHECK(rc == 0 && h1 == h2);
	return 0;
}
