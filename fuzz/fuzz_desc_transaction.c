/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: the transaction descriptor decoder (all layouts and
 * kinds). Input byte 0 picks the version (bits 1:0) and kind (bits 3:2);
 * the rest is the descriptor, in an exactly sized heap block.
 *
 * Oracles: a descriptor that decodes must yield every receiver and every
 * constituent through the accessors; when its layout is the canonical one
 * the encoder produces, re-encoding the decoded fields must give the same
 * bytes.
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct cons_src {
	const struct ffa_mem_desc *d;
	struct ffa_mem_cons_iter it;
};

static int src_next(void *arg, uint64_t *addr, uint32_t *pages)
{
	struct cons_src *s = arg;

	return ffa_mem_cons_next(&s->it, addr, pages);
}

static int src_rewind(void *arg)
{
	struct cons_src *s = arg;

	return ffa_mem_desc_constituents(s->d, &s->it);
}

/* True if the encoder would lay the descriptor out the same way. */
static bool canonical(const struct ffa_mem_desc *d, const struct ffa_mem_receiver *rx,
		      uint32_t n)
{
	uint32_t i, j;
	struct ffa_mem_cons_iter it;
	uint64_t a, pa = 0;
	uint32_t p, pp = 0;
	bool first = true;
	int rc;

	if (d->emad_offset != (uint32_t)ffa_mem_hdr_size(d->version) ||
	    d->emad_size != (uint32_t)ffa_mem_emad_size(d->version))
		return false;
	if (d->kind != FFA_MEM_DESC_RETRIEVE_REQ &&
	    d->composite_offset != d->emad_offset + n * d->emad_size)
		return false;
	for (i = 0; i < n; i++) {
		if (d->kind == FFA_MEM_DESC_SEND && rx[i].id == d->sender)
			return false;
		for (j = 0; j < i; j++)
			if (rx[j].id == rx[i].id)
				return false;
	}
	if (d->kind == FFA_MEM_DESC_RETRIEVE_REQ)
		return true;
	/* No neighbours the encoder would merge. */
	FUZZ_CHECK(ffa_mem_desc_constituents(d, &it) == 0);
	while ((rc = ffa_mem_cons_next(&it, &a, &p)) == 1) {
		if (!first && pa + ((uint64_t)pp << 12) == a &&
		    (uint64_t)pp + p <= UINT32_MAX)
			return false;
		first = false;
		pa = a;
		pp = p;
	}
	FUZZ_CHECK(rc == 0);
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ffa_mem_receiver rx[512];
	struct ffa_mem_desc d;
	struct ffa_mem_cons_iter it;
	uint32_t version, i;
	enum ffa_mem_desc_kind kind;
	uint8_t *buf;
	uint64_t a;
	uint32_t p;
	size_t len;
	int rc;

	if (size < 1)
		return 0;
	version = fuzz_versions[data[0] & 3u];
	kind = (enum ffa_mem_desc_kind)((data[0] >> 2) & 3u);
	len = size - 1;
	buf = malloc(len ? len : 1);
	if (buf == NULL)
		return 0;
	memcpy(buf, data + 1, len);

	rc = ffa_mem_desc_decode(&d, buf, len, version, kind);
	if (kind > FFA_MEM_DESC_RETRIEVE_RESP) {
		FUZZ_CHECK(rc == FFA_ERR_BAD_ARGUMENT);
		goto out;
	}
	FUZZ_CHECK(rc == 0 || rc == FFA_ERR_PROTOCOL);
	if (rc != 0)
		goto out;

	FUZZ_CHECK(d.total_len == len);
	for (i = 0; i < d.receiver_count; i++) {
		struct ffa_mem_receiver r;

		FUZZ_CHECK(ffa_mem_desc_receiver(&d, i, &r) == 0);
		if (i < 512)
			rx[i] = r;
	}
	if (kind != FFA_MEM_DESC_RETRIEVE_REQ) {
		uint64_t pages = 0;
		uint32_t n = 0;

		FUZZ_CHECK(ffa_mem_desc_constituents(&d, &it) == 0);
		while ((rc = ffa_mem_cons_next(&it, &a, &p)) == 1) {
			pages += p;
			n++;
		}
		FUZZ_CHECK(rc == 0 && n == d.constituent_count && pages == d.total_pages);
	}

	/* Re-encode oracle. */
	if (d.receiver_count <= 512 && canonical(&d, rx, d.receiver_count)) {
		struct ffa_mem_txn t = {.version = version, .kind = kind, .sender = d.sender,
					.attributes = d.attributes, .flags = d.flags,
					.handle = d.handle, .tag = d.tag,
					.receiver_count = d.receiver_count, .receivers = rx};
		struct cons_src src = {.d = &d};
		struct ffa_mem_range_iter ri = {src_next, src_rewind, &src};
		uint8_t *out = malloc(len ? len : 1);

		if (out != NULL) {
			rc = ffa_mem_desc_encode(&t, kind == FFA_MEM_DESC_RETRIEVE_REQ ? NULL : &ri,
						 out, len);
			FUZZ_CHECK(rc >= 0 && (size_t)rc == len);
			/* Reserved/gap bytes were checked zero by the decoder. */
			FUZZ_CHECK(memcmp(out, buf, len) == 0);
			free(out);
		}
	}
out:
	free(buf);
	return 0;
}
