/* SPDX-License-Identifier: BSD-3-Clause */
#include "msg_test.h"

#include <stdlib.h>
#include <string.h>

#include "le.h"

void msg_ep_init(struct msg_ep *e, struct ffa_script_step *steps, size_t n, uint32_t caps,
		 uint32_t version, uint16_t own, size_t pages, const struct ffa_port *port)
{
	uint16_t id = 0;
	int rc;

	memset(e, 0, sizeof(*e));
	cr_assert_geq(n, pages ? 3u : 2u);
	if (pages) {
		e->size = pages * FFA_PAGE_SIZE;
		e->tx = aligned_alloc(FFA_PAGE_SIZE, e->size);
		e->rx = aligned_alloc(FFA_PAGE_SIZE, e->size);
		cr_assert(e->tx && e->rx);
		memset(e->tx, 0, e->size);
		memset(e->rx, 0, e->size);
		steps[2].expect = FRAME(FFA_RXTX_MAP_64, (uint64_t)(uintptr_t)e->tx,
					(uint64_t)(uintptr_t)e->rx, pages);
		steps[2].reply = OK32();
	}
	ffa_script_init(&e->t.script, steps, n, &e->t.conduit, caps);
	rc = ffa_ctx_init(&e->t.ctx, &e->t.conduit, port);
	cr_assert_eq(rc, 0);
	rc = ffa_version(&e->t.ctx, version, NULL);
	cr_assert_eq(rc, 0, "negotiation step failed: %s", ffa_strerror(rc));
	rc = ffa_id_get(&e->t.ctx, &id);
	cr_assert_eq(rc, 0, "ID step failed: %s", ffa_strerror(rc));
	cr_assert_eq(id, own);
	if (pages) {
		rc = ffa_rxtx_map(&e->t.ctx, e->tx, e->rx, (uint32_t)pages);
		cr_assert_eq(rc, 0, "map step failed: %s", ffa_strerror(rc));
	}
}

void msg_ep_fini(struct msg_ep *e)
{
	free(e->tx);
	free(e->rx);
	e->tx = e->rx = NULL;
}

struct ffa_uuid uuid_of(const char *s)
{
	struct ffa_uuid u;

	cr_assert_eq(ffa_uuid_parse(s, &u), 0, "bad UUID %s", s);
	return u;
}

void put_msg_hdr(uint8_t *buf, uint32_t hdr_size, uint32_t offset, uint16_t sender,
		 uint16_t receiver, uint32_t size, const struct ffa_uuid *uuid)
{
	memset(buf, 0, hdr_size);
	ffa_put_le32(buf + 8, offset);
	ffa_put_le16(buf + 12, receiver);
	ffa_put_le16(buf + 14, sender);
	ffa_put_le32(buf + 16, size);
	if (hdr_size >= FFA_MSG_HDR_SIZE_V1_2 && uuid)
		memcpy(buf + 24, uuid->b, 16);
}

void assert_words_untouched(const uint64_t *w, size_t n)
{
	cr_assert(untouched_bytes(w, n * sizeof(*w)), "output words were written");
}
