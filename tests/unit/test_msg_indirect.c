/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Indirect messaging: FFA_MSG_SEND2 (header and payload in the TX buffer,
 * v1.1 and v1.2 layouts, flags) and ffa_msg_recv_indirect() (header
 * validation against the RX buffer and the version, copy, release on every
 * path). ffa-abi.md 4.3, 10, 12; known-bugs.md 13, 19, 20, 27, 28, 29, 30,
 * 31, 36.
 *
 * Buffers are exactly the mapped size (msg_ep_init), so ASan reports any
 * access past them.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "msg_test.h"

#include "le.h"

static const int wire_errors[] = { FFA_TEST_WIRE_ERRORS };

#define ME 0x0002u  /* a VM */
#define SP 0x8001u
#define SEND2 FRAME(FFA_MSG_SEND2_32)

static const uint8_t PAYLOAD[] = "hello, partition";

/* Check the header bytes the library wrote into @tx. */
static void assert_tx_header(const uint8_t *tx, uint32_t hs, uint16_t sender, uint16_t receiver,
			     uint32_t size, const struct ffa_uuid *uuid)
{
	cr_assert_eq(ffa_le32(tx + 0), 0, "flags");
	cr_assert_eq(ffa_le32(tx + 4), 0, "reserved at 4");
	cr_assert_eq(ffa_le32(tx + 8), hs, "offset");
	cr_assert_eq(ffa_le16(tx + 12), receiver, "receiver");
	cr_assert_eq(ffa_le16(tx + 14), sender, "sender");
	cr_assert_eq(ffa_le32(tx + 16), size, "size");
	if (hs == FFA_MSG_HDR_SIZE_V1_2) {
		struct ffa_uuid nil = FFA_UUID_NIL_INIT;

		cr_assert_eq(ffa_le32(tx + 20), 0, "reserved at 20");
		cr_assert_eq(memcmp(tx + 24, uuid ? uuid : &nil, 16), 0, "uuid");
	}
}

/* ======================================================================= */
/* FFA_MSG_SEND2                                                            */
/* ======================================================================= */

Test(msg_send2, v11_layout_exact)
{
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_1), STEP_ID(ME), STEP_MAP_SLOT, STEP(SEND2, OK32()),
	};
	struct msg_ep e;

	msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_1, ME, 1, NULL);
	memset(e.tx, 0xEE, e.size);
	assert_rc(ffa_msg_send2(&e.t.ctx, SP, NULL, NULL, PAYLOAD, sizeof(PAYLOAD), 0), 0);
	assert_tx_header(e.tx, 20, ME, SP, sizeof(PAYLOAD), NULL);
	cr_assert_eq(memcmp(e.tx + 20, PAYLOAD, sizeof(PAYLOAD)), 0);
	/* Nothing written past the payload. */
	cr_assert_eq(e.tx[20 + sizeof(PAYLOAD)], 0xEE);
	assert_script_ok(&e.t);
	msg_ep_fini(&e);
}

Test(msg_send2, v12_layout_exact_with_uuid)
{
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2), STEP_ID(ME), STEP_MAP_SLOT, STEP(SEND2, OK32()),
		STEP(SEND2, OK32()),
	};
	const struct ffa_uuid u = uuid_of(VIRTIO_UUID);
	struct msg_ep e;

	msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, ME, 1, NULL);
	memset(e.tx, 0xEE, e.size);
	assert_rc(ffa_msg_send2(&e.t.ctx, SP, NULL, &u, PAYLOAD, sizeof(PAYLOAD), 0), 0);
	assert_tx_header(e.tx, 40, ME, SP, sizeof(PAYLOAD), &u);
	cr_assert_eq(memcmp(e.tx + 40, PAYLOAD, sizeof(PAYLOAD)), 0);
	/* An empty message, no UUID. */
	memset(e.tx, 0xEE, e.size);
	assert_rc(ffa_msg_send2(&e.t.ctx, SP, NULL, NULL, NULL, 0, 0), 0);
	assert_tx_header(e.tx, 40, ME, SP, 0, NULL);
	cr_assert_eq(e.tx[40], 0xEE);
	assert_script_ok(&e.t);
	msg_ep_fini(&e);
}

Test(msg_send2, size_limit_is_the_tx_buffer)
{
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2), STEP_ID(ME), STEP_MAP_SLOT, STEP(SEND2, OK32()),
	};
	struct msg_ep e;
	static uint8_t big[2 * 4096];

	msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, ME, 2, NULL);
	memset(big, 0x5C, sizeof(big));
	assert_rc(ffa_msg_send2(&e.t.ctx, SP, NULL, NULL, big, e.size - 40 + 1, 0),
		  FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_send2(&e.t.ctx, SP, NULL, NULL, big, (size_t)-1, 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_send2(&e.t.ctx, SP, NULL, NULL, big, e.size - 40, 0), 0);
	cr_assert_eq(ffa_le32(e.tx + 16), e.size - 40);
	cr_assert_eq(e.tx[e.size - 1], 0x5C);
	assert_script_ok(&e.t);
	msg_ep_fini(&e);
}

Test(msg_send2, refusals_send_nothing)
{
	struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2), STEP_ID(ME),
					   STEP_MAP_SLOT };
	struct ffa_script_step v11[] = { STEP_VERSION(FFA_VERSION_1_1), STEP_ID(ME), STEP_MAP_SLOT };
	struct ffa_script_step v10[] = { STEP_VERSION(FFA_VERSION_1_0), STEP_ID(ME) };
	struct ffa_script_step unmapped[] = { STEP_VERSION(FFA_VERSION_1_2), STEP_ID(ME) };
	struct ffa_partition_info no_indirect, other;
	const struct ffa_uuid u = uuid_of(VIRTIO_UUID);
	struct msg_ep e, f, g, h;

	memset(&no_indirect, 0, sizeof(no_indirect));
	no_indirect.id = SP;
	no_indirect.properties = PROPS_ALL & ~FFA_PART_PROP_INDIRECT_MSG;
	other = no_indirect;
	other.id = 0x8002;
	other.properties = PROPS_ALL;

	msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, ME, 1, NULL);
	memset(e.tx, 0xEE, e.size);
	assert_rc(ffa_msg_send2(&e.t.ctx, SP, &no_indirect, NULL, "x", 1, 0), FFA_ERR_DENIED);
	assert_rc(ffa_msg_send2(&e.t.ctx, SP, &other, NULL, "x", 1, 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_send2(&e.t.ctx, ME, NULL, NULL, "x", 1, 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_send2(&e.t.ctx, SP, NULL, NULL, NULL, 1, 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_send2(&e.t.ctx, SP, NULL, NULL, "x", 1, 1u << 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_send2(&e.t.ctx, SP, NULL, NULL, "x", 1, 1u << 2), FFA_ERR_BAD_ARGUMENT);
	/* A refused call leaves the TX buffer as it was. */
	cr_assert(e.tx[0] == 0xEE && e.tx[40] == 0xEE);
	assert_script_ok(&e.t);
	msg_ep_fini(&e);

	/* v1.1: no UUID field, no delayed SRI. */
	msg_ep_init(&f, v11, ARRAY_LEN(v11), CAPS_ALL, FFA_VERSION_1_1, ME, 1, NULL);
	assert_rc(ffa_msg_send2(&f.t.ctx, SP, NULL, &u, "x", 1, 0), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&f.t);
	msg_ep_fini(&f);

	msg_ep_init(&g, v10, ARRAY_LEN(v10), CAPS_ALL, FFA_VERSION_1_0, ME, 0, NULL);
	assert_rc(ffa_msg_send2(&g.t.ctx, SP, NULL, NULL, "x", 1, 0), FFA_ERR_NOT_SUPPORTED);
	assert_script_ok(&g.t);

	msg_ep_init(&h, unmapped, ARRAY_LEN(unmapped), CAPS_ALL, FFA_VERSION_1_2, ME, 0, NULL);
	assert_rc(ffa_msg_send2(&h.t.ctx, SP, NULL, NULL, "x", 1, 0), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&h.t);
}

Test(msg_send2, own_id_unknown)
{
	const struct ffa_script_step steps[] = { STEP_VERSION(FFA_VERSION_1_2) };
	struct scripted t;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_msg_send2(&t.ctx, SP, NULL, NULL, "x", 1, 0), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_send2(NULL, SP, NULL, NULL, "x", 1, 0), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&t);
}

Test(msg_send2, errors_and_hostile_answers)
{
	const struct ffa_regs bad[] = { FRAME(FFA_MSG_SEND_DIRECT_RESP_32),
					FRAME(FFA_INTERRUPT_32, IDS(SP, 0)), FRAME(FFA_RUN_32),
					FRAME(0x12345678u), FRAME(FFA_ERROR_32, 0, 7) };

	for (size_t i = 0; i < ARRAY_LEN(wire_errors) + ARRAY_LEN(bad); i++) {
		bool err = i < ARRAY_LEN(wire_errors);
		struct ffa_script_step steps[] = {
			STEP_VERSION(FFA_VERSION_1_2), STEP_ID(ME), STEP_MAP_SLOT,
			STEP(SEND2, err ? ERR_SX(wire_errors[i]) : bad[i - ARRAY_LEN(wire_errors)]),
		};
		struct msg_ep e;

		msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, ME, 1, NULL);
		assert_rc(ffa_msg_send2(&e.t.ctx, SP, NULL, NULL, "x", 1, 0),
			  err ? wire_errors[i] : FFA_ERR_PROTOCOL);
		assert_script_ok(&e.t);
		msg_ep_fini(&e);
	}
}

/* ======================================================================= */
/* Receiving                                                                */
/* ======================================================================= */

/* An endpoint with a mapped pair whose RX holds a message; steps[3..]
 * are the caller's (normally one FFA_RX_RELEASE). */
static void rx_ep(struct msg_ep *e, struct ffa_script_step *steps, size_t n, uint32_t version,
		  uint16_t own)
{
	steps[0] = (struct ffa_script_step)STEP_VERSION(version);
	steps[1] = (struct ffa_script_step)STEP_ID(own);
	steps[2] = (struct ffa_script_step)STEP_MAP_SLOT;
	msg_ep_init(e, steps, n, CAPS_ALL, version, own, 1, NULL);
}

/* Receive once with @hs/@offset/@size in the header (payload bytes 0x30+i)
 * at @version; the RX buffer is released exactly once (script). */
static int recv_once(uint32_t version, uint32_t hs, uint32_t offset, uint32_t size,
		     uint16_t receiver, struct ffa_indirect_msg *h, uint8_t *buf, size_t cap)
{
	struct ffa_script_step steps[4] = { [3] = STEP_RX_RELEASE };
	struct msg_ep e;
	int rc;

	rx_ep(&e, steps, ARRAY_LEN(steps), version, SP);
	put_msg_hdr(e.rx, hs, offset, ME, receiver, size, NULL);
	for (size_t i = hs; i < e.size; i++)
		e.rx[i] = (uint8_t)(0x30 + i);
	rc = ffa_msg_recv_indirect(&e.t.ctx, h, buf, cap);
	assert_script_ok(&e.t);
	msg_ep_fini(&e);
	return rc;
}

Test(msg_recv, v12_message_read_and_released)
{
	struct ffa_script_step steps[4] = { [3] = STEP_RX_RELEASE };
	const struct ffa_uuid u = uuid_of(OPTEE_UUID);
	struct ffa_indirect_msg h;
	uint8_t buf[64];
	struct msg_ep e;

	rx_ep(&e, steps, ARRAY_LEN(steps), FFA_VERSION_1_2, SP);
	put_msg_hdr(e.rx, 40, 40, ME, SP, sizeof(PAYLOAD), &u);
	memcpy(e.rx + 40, PAYLOAD, sizeof(PAYLOAD));
	poison(buf, sizeof(buf));
	assert_rc(ffa_msg_recv_indirect(&e.t.ctx, &h, buf, sizeof(buf)), (int)sizeof(PAYLOAD));
	cr_assert_eq(h.sender, ME);
	cr_assert_eq(h.receiver, SP);
	cr_assert_eq(h.offset, 40);
	cr_assert_eq(h.size, sizeof(PAYLOAD));
	cr_assert(ffa_uuid_equal(&h.uuid, &u));
	cr_assert_eq(memcmp(buf, PAYLOAD, sizeof(PAYLOAD)), 0);
	cr_assert(untouched_bytes(buf + sizeof(PAYLOAD), sizeof(buf) - sizeof(PAYLOAD)));
	assert_script_ok(&e.t);
	msg_ep_fini(&e);
}

Test(msg_recv, v11_and_later_offsets)
{
	struct ffa_indirect_msg h;
	uint8_t buf[4096];

	/* v1.1 header, payload right after it. */
	assert_rc(recv_once(FFA_VERSION_1_1, 20, 20, 5, SP, &h, buf, sizeof(buf)), 5);
	cr_assert_eq(buf[0], (uint8_t)(0x30 + 20));
	cr_assert(ffa_uuid_is_nil(&h.uuid));
	/* A v1.2-sized header seen at v1.1: payload at 40 is fine; its UUID
	 * bytes are not part of the v1.1 layout and are not reported. */
	assert_rc(recv_once(FFA_VERSION_1_1, 40, 40, 5, SP, &h, buf, sizeof(buf)), 5);
	cr_assert_eq(buf[0], (uint8_t)(0x30 + 40));
	/* The payload may start anywhere after the header, and end exactly
	 * at the end of the buffer. */
	assert_rc(recv_once(FFA_VERSION_1_2, 40, 100, 4096 - 100, SP, &h, buf, sizeof(buf)),
		  4096 - 100);
	cr_assert_eq(buf[0], (uint8_t)(0x30 + 100));
	cr_assert_eq(buf[4095 - 100], (uint8_t)(0x30 + 4095));
	/* Empty message. */
	assert_rc(recv_once(FFA_VERSION_1_2, 40, 40, 0, SP, &h, NULL, 0), 0);
}

Test(msg_recv, hostile_headers_are_protocol_with_rx_released)
{
	static const struct {
		uint32_t version, hs, offset, size;
		uint16_t receiver;
	} cases[] = {
		/* The wrong version's layout: a v1.1 header at v1.2. */
		{ FFA_VERSION_1_2, 20, 20, 4, SP },
		/* Offset inside the header. */
		{ FFA_VERSION_1_2, 40, 0, 4, SP },
		{ FFA_VERSION_1_2, 40, 39, 4, SP },
		{ FFA_VERSION_1_1, 20, 19, 4, SP },
		/* offset + size past the RX buffer end. */
		{ FFA_VERSION_1_2, 40, 40, 4096 - 40 + 1, SP },
		{ FFA_VERSION_1_2, 40, 4096, 1, SP },
		{ FFA_VERSION_1_2, 40, 4097, 0, SP },
		/* size / offset overflowing 32 bits. */
		{ FFA_VERSION_1_2, 40, 40, 0xFFFFFFF0u, SP },
		{ FFA_VERSION_1_2, 40, 0xFFFFFFFFu, 2, SP },
		{ FFA_VERSION_1_1, 20, 0xFFFFFF00u, 0x100, SP },
		/* Not for us. */
		{ FFA_VERSION_1_2, 40, 40, 4, 0x8002 },
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct ffa_indirect_msg h;
		uint8_t buf[4096];

		poison(&h, sizeof(h));
		poison(buf, sizeof(buf));
		cr_assert_eq(recv_once(cases[i].version, cases[i].hs, cases[i].offset, cases[i].size,
				       cases[i].receiver, &h, buf, sizeof(buf)),
			     FFA_ERR_PROTOCOL, "case %zu", i);
		cr_assert(untouched_bytes(&h, sizeof(h)), "case %zu: header written", i);
		cr_assert(untouched_bytes(buf, sizeof(buf)), "case %zu: payload copied", i);
	}
}

Test(msg_recv, buffer_too_small_reports_header_and_releases)
{
	struct ffa_indirect_msg h;
	uint8_t buf[16];

	poison(buf, sizeof(buf));
	assert_rc(recv_once(FFA_VERSION_1_2, 40, 40, 17, SP, &h, buf, sizeof(buf)),
		  FFA_ERR_BUFFER_TOO_SMALL);
	cr_assert_eq(h.size, 17);
	cr_assert(untouched_bytes(buf, sizeof(buf)));
	assert_rc(recv_once(FFA_VERSION_1_2, 40, 40, 16, SP, &h, buf, sizeof(buf)), 16);
}

Test(msg_recv, release_errors)
{
	for (size_t i = 0; i < ARRAY_LEN(wire_errors); i++) {
		struct ffa_script_step steps[] = {
			{ 0 }, { 0 }, { 0 },
			STEP(FRAME(FFA_RX_RELEASE_32), ERR(wire_errors[i])),
			STEP(FRAME(FFA_RX_RELEASE_32), ERR(wire_errors[i])),
		};
		struct ffa_indirect_msg h;
		uint8_t buf[8];
		struct msg_ep e;

		rx_ep(&e, steps, ARRAY_LEN(steps), FFA_VERSION_1_2, SP);
		/* A good message: the release's error is the result. */
		put_msg_hdr(e.rx, 40, 40, ME, SP, 4, NULL);
		assert_rc(ffa_msg_recv_indirect(&e.t.ctx, &h, buf, sizeof(buf)), wire_errors[i]);
		/* A bad one: its own error wins, the release was still made. */
		put_msg_hdr(e.rx, 40, 8, ME, SP, 4, NULL);
		assert_rc(ffa_msg_recv_indirect(&e.t.ctx, &h, buf, sizeof(buf)), FFA_ERR_PROTOCOL);
		assert_script_ok(&e.t);
		msg_ep_fini(&e);
	}
}

Test(msg_recv, argument_errors_keep_the_buffer)
{
	/* No step for RX_RELEASE: argument errors must not release (the
	 * caller still owns the buffer and can retry correctly). */
	struct ffa_script_step steps[4] = { [3] = STEP_RX_RELEASE };
	struct ffa_script_step v10[] = { STEP_VERSION(FFA_VERSION_1_0), STEP_ID(SP) };
	struct ffa_script_step unmapped[] = { STEP_VERSION(FFA_VERSION_1_2), STEP_ID(SP) };
	struct ffa_indirect_msg h;
	uint8_t buf[8];
	struct msg_ep e, f, g;

	rx_ep(&e, steps, ARRAY_LEN(steps), FFA_VERSION_1_2, SP);
	put_msg_hdr(e.rx, 40, 40, ME, SP, 4, NULL);
	assert_rc(ffa_msg_recv_indirect(&e.t.ctx, NULL, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_recv_indirect(&e.t.ctx, &h, NULL, 8), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_recv_indirect(NULL, &h, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	assert_rc(ffa_msg_recv_indirect(&e.t.ctx, &h, buf, sizeof(buf)), 4);
	assert_script_ok(&e.t);
	msg_ep_fini(&e);

	msg_ep_init(&f, v10, ARRAY_LEN(v10), CAPS_ALL, FFA_VERSION_1_0, SP, 0, NULL);
	assert_rc(ffa_msg_recv_indirect(&f.t.ctx, &h, buf, sizeof(buf)), FFA_ERR_NOT_SUPPORTED);
	assert_script_ok(&f.t);
	msg_ep_init(&g, unmapped, ARRAY_LEN(unmapped), CAPS_ALL, FFA_VERSION_1_2, SP, 0, NULL);
	assert_rc(ffa_msg_recv_indirect(&g.t.ctx, &h, buf, sizeof(buf)), FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&g.t);
}

Test(msg_recv, own_id_unknown_accepts_any_receiver_and_conduit_failure)
{
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FRAME(FFA_RXTX_MAP_64), OK32()), /* filled below */
		STEP_CONDUIT_FAIL(FRAME(FFA_RX_RELEASE_32), FFA_ERR_CONDUIT),
	};
	struct scripted t;
	struct ffa_indirect_msg h;
	uint8_t *tx = aligned_alloc(4096, 4096), *rx = aligned_alloc(4096, 4096);
	uint8_t buf[8];

	cr_assert(tx && rx);
	steps[1].expect = FRAME(FFA_RXTX_MAP_64, (uint64_t)(uintptr_t)tx, (uint64_t)(uintptr_t)rx, 1);
	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_rxtx_map(&t.ctx, tx, rx, 1), 0);
	put_msg_hdr(rx, 40, 40, ME, 0x7123, 4, NULL);
	assert_rc(ffa_msg_recv_indirect(&t.ctx, &h, buf, sizeof(buf)), FFA_ERR_CONDUIT);
	cr_assert_eq(h.receiver, 0x7123);
	assert_script_ok(&t);
	free(tx);
	free(rx);
}

/* ======================================================================= */
/* Known bugs                                                               */
/* ======================================================================= */

Test(known_bugs, known_bug_13_indirect_header_v12_reserved_word)
{
	/* Linux once lacked the reserved u32 at 20, putting the UUID at 20
	 * and the payload at 36. Our v1.2 header has the UUID at 24 and the
	 * payload at 40 (sender side, TX), and a 36-byte header is refused
	 * on the receive side. */
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2), STEP_ID(ME), STEP_MAP_SLOT, STEP(SEND2, OK32()),
	};
	const struct ffa_uuid u = uuid_of(VIRTIO_UUID);
	struct ffa_indirect_msg h;
	uint8_t buf[8];
	struct msg_ep e;

	msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, ME, 1, NULL);
	assert_rc(ffa_msg_send2(&e.t.ctx, SP, NULL, &u, "abc", 3, 0), 0);
	cr_assert_eq(ffa_le32(e.tx + 20), 0);
	cr_assert_eq(memcmp(e.tx + 24, u.b, 16), 0);
	cr_assert_eq(ffa_le32(e.tx + 8), 40);
	cr_assert_eq(memcmp(e.tx + 40, "abc", 3), 0);
	assert_script_ok(&e.t);
	msg_ep_fini(&e);

	assert_rc(recv_once(FFA_VERSION_1_2, 40, 36, 3, SP, &h, buf, sizeof(buf)),
		  FFA_ERR_PROTOCOL);
}

Test(known_bugs, known_bug_19_indirect_size_checked_before_copy)
{
	/* The header's size must be checked against the RX buffer before a
	 * byte is copied: a size one past the end copies nothing (ASan would
	 * catch the read past the exactly-sized RX buffer), a caller buffer
	 * big enough for the claim notwithstanding. */
	struct ffa_indirect_msg h;
	static uint8_t buf[8192];

	poison(buf, sizeof(buf));
	assert_rc(recv_once(FFA_VERSION_1_2, 40, 40, 4096 - 40 + 1, SP, &h, buf, sizeof(buf)),
		  FFA_ERR_PROTOCOL);
	assert_rc(recv_once(FFA_VERSION_1_1, 20, 20, 4096, SP, &h, buf, sizeof(buf)),
		  FFA_ERR_PROTOCOL);
	cr_assert(untouched_bytes(buf, sizeof(buf)));
	assert_rc(recv_once(FFA_VERSION_1_1, 20, 20, 4096 - 20, SP, &h, buf, sizeof(buf)),
		  4096 - 20);
}

Test(known_bugs, known_bug_20_indirect_offset_plus_size_overflow)
{
	/* offset + size computed in 32 bits wraps to a small number: 0x20 +
	 * 0xFFFFFFF0 = 0x10. Must be refused, nothing copied. */
	struct ffa_indirect_msg h;
	static uint8_t buf[1 << 16];

	poison(buf, 64);
	assert_rc(recv_once(FFA_VERSION_1_1, 20, 0x20, 0xFFFFFFF0u, SP, &h, buf, sizeof(buf)),
		  FFA_ERR_PROTOCOL);
	assert_rc(recv_once(FFA_VERSION_1_2, 40, 0xFFFFFFF0u, 0x20, SP, &h, buf, sizeof(buf)),
		  FFA_ERR_PROTOCOL);
	cr_assert(untouched_bytes(buf, 64));
}

Test(known_bugs, known_bug_27_rx_released_exactly_once_on_every_path)
{
	/* Every outcome past the argument checks - good message, bad header,
	 * too small a buffer, not for us - makes exactly one FFA_RX_RELEASE:
	 * the script has one release step per receive and fails on a missing
	 * or an extra one. */
	struct ffa_script_step steps[3 + 4] = {
		[3] = STEP_RX_RELEASE, [4] = STEP_RX_RELEASE, [5] = STEP_RX_RELEASE,
		[6] = STEP_RX_RELEASE,
	};
	struct ffa_indirect_msg h;
	uint8_t buf[8];
	struct msg_ep e;

	rx_ep(&e, steps, ARRAY_LEN(steps), FFA_VERSION_1_2, SP);
	put_msg_hdr(e.rx, 40, 40, ME, SP, 8, NULL);
	assert_rc(ffa_msg_recv_indirect(&e.t.ctx, &h, buf, sizeof(buf)), 8);
	put_msg_hdr(e.rx, 40, 20, ME, SP, 8, NULL);
	assert_rc(ffa_msg_recv_indirect(&e.t.ctx, &h, buf, sizeof(buf)), FFA_ERR_PROTOCOL);
	put_msg_hdr(e.rx, 40, 40, ME, SP, 9, NULL);
	assert_rc(ffa_msg_recv_indirect(&e.t.ctx, &h, buf, sizeof(buf)), FFA_ERR_BUFFER_TOO_SMALL);
	put_msg_hdr(e.rx, 40, 40, ME, 0x8009, 1, NULL);
	assert_rc(ffa_msg_recv_indirect(&e.t.ctx, &h, buf, sizeof(buf)), FFA_ERR_PROTOCOL);
	assert_script_ok(&e.t);
	msg_ep_fini(&e);
}

/* Lock hooks that count, and a script action that checks the lock. */
struct lock_track {
	int depth;
	int max_depth;
	unsigned int checked;
};

static void lt_lock(void *arg)
{
	struct lock_track *l = arg;

	l->depth++;
	if (l->depth > l->max_depth)
		l->max_depth = l->depth;
}

static void lt_unlock(void *arg)
{
	struct lock_track *l = arg;

	l->depth--;
}

static void expect_locked(void *arg, const struct ffa_regs *in, struct ffa_regs *out)
{
	struct lock_track *l = arg;

	(void)in;
	(void)out;
	cr_assert_eq(l->depth, 1, "call made without the RX/TX lock");
	l->checked++;
}

Test(known_bugs, known_bug_28_rx_release_and_send2_under_lock)
{
	/* The release happens before the lock is dropped, so another thread
	 * of this context cannot map/unmap or read in between; SEND2 reads the
	 * TX buffer under it too. Nothing is left locked afterwards. */
	struct lock_track lk = { 0, 0, 0 };
	const struct ffa_port port = { .lock = lt_lock, .unlock = lt_unlock, .arg = &lk };
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2), STEP_ID(SP), STEP_MAP_SLOT,
		{ .expect = FRAME(FFA_RX_RELEASE_32), .reply = OK32(), .action = expect_locked,
		  .action_arg = &lk },
		{ .expect = FRAME(FFA_RX_RELEASE_32), .reply = OK32(), .action = expect_locked,
		  .action_arg = &lk },
		{ .expect = SEND2, .reply = OK32(), .action = expect_locked, .action_arg = &lk },
	};
	struct ffa_indirect_msg h;
	uint8_t buf[8];
	struct msg_ep e;

	msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, SP, 1, &port);
	put_msg_hdr(e.rx, 40, 40, ME, SP, 8, NULL);
	assert_rc(ffa_msg_recv_indirect(&e.t.ctx, &h, buf, sizeof(buf)), 8);
	put_msg_hdr(e.rx, 40, 40, ME, SP, 0xFFFFFFFFu, NULL);
	assert_rc(ffa_msg_recv_indirect(&e.t.ctx, &h, buf, sizeof(buf)), FFA_ERR_PROTOCOL);
	assert_rc(ffa_msg_send2(&e.t.ctx, ME, NULL, NULL, "y", 1, 0), 0);
	cr_assert_eq(lk.checked, 3);
	cr_assert_eq(lk.depth, 0);
	cr_assert_eq(lk.max_depth, 1, "lock taken recursively");
	assert_script_ok(&e.t);
	msg_ep_fini(&e);
}

Test(known_bugs, known_bug_29_message_read_from_rx_not_tx)
{
	struct ffa_script_step steps[4] = { [3] = STEP_RX_RELEASE };
	struct ffa_indirect_msg h;
	uint8_t buf[8];
	struct msg_ep e;

	rx_ep(&e, steps, ARRAY_LEN(steps), FFA_VERSION_1_2, SP);
	put_msg_hdr(e.tx, 40, 40, 0x0007, SP, 3, NULL);
	memcpy(e.tx + 40, "TX!", 3);
	put_msg_hdr(e.rx, 40, 48, ME, SP, 2, NULL);
	memcpy(e.rx + 48, "RX", 2);
	assert_rc(ffa_msg_recv_indirect(&e.t.ctx, &h, buf, sizeof(buf)), 2);
	cr_assert_eq(h.sender, ME);
	cr_assert_eq(memcmp(buf, "RX", 2), 0);
	assert_script_ok(&e.t);
	msg_ep_fini(&e);
}

Test(known_bugs, known_bug_30_send2_header_has_no_stale_bytes)
{
	/* A TX buffer full of an earlier message's bytes: every header field
	 * the library does not set (flags, reserved words, the UUID when none
	 * is given) is zero, not left over. */
	struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2), STEP_ID(ME), STEP_MAP_SLOT, STEP(SEND2, OK32()),
	};
	struct msg_ep e;

	msg_ep_init(&e, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2, ME, 1, NULL);
	memset(e.tx, 0xA5, e.size);
	assert_rc(ffa_msg_send2(&e.t.ctx, SP, NULL, NULL, "z", 1, 0), 0);
	assert_tx_header(e.tx, 40, ME, SP, 1, NULL);
	assert_script_ok(&e.t);
	msg_ep_fini(&e);
}

/* A conduit for the race below: a v1.2 manager that maps and releases. */
static int race_call(void *priv, const struct ffa_regs *in, struct ffa_regs *out)
{
	atomic_uint *releases = priv;
	uint32_t fid = (uint32_t)in->x[0];

	memset(out, 0, sizeof(*out));
	if (fid == FFA_VERSION_32) {
		out->x[0] = FFA_VERSION_1_2;
		return 0;
	}
	if (fid == FFA_RX_RELEASE_32)
		atomic_fetch_add(releases, 1);
	out->x[0] = FFA_SUCCESS_32;
	out->x[2] = fid == FFA_ID_GET_32 ? SP : 0;
	return 0;
}

struct flipper {
	volatile uint8_t *rx;
	atomic_bool stop;
};

/* The hostile peer: rewrites offset and size between a valid message and
 * values that would overrun the buffer, as fast as it can. */
static void *flip(void *arg)
{
	struct flipper *f = arg;
	unsigned int n = 0;

	while (!atomic_load(&f->stop)) {
		uint32_t size = (n & 1) ? 0xFFFFF000u : 8u;
		uint32_t offset = (n & 2) ? 0xFFFFFFF8u : 40u;

		for (unsigned int i = 0; i < 4; i++) {
			f->rx[16 + i] = (uint8_t)(size >> (8 * i));
			f->rx[8 + i] = (uint8_t)(offset >> (8 * i));
		}
		n++;
	}
	return NULL;
}

Test(known_bugs, known_bug_31_header_fetched_once_under_a_racing_peer)
{
	/* Xen/Linux re-read header fields from shared memory after checking
	 * them. Here a second thread keeps changing offset and size while
	 * messages are read: every result must be consistent with one
	 * validated snapshot (or a protocol error), and the copy can never
	 * exceed it (ASan would see an overrun). */
	struct ffa_conduit c = { race_call, NULL, CAPS_ALL };
	atomic_uint releases = 0;
	struct ffa_ctx ctx;
	static struct flipper f; /* outlives a failing assertion */
	pthread_t th;
	uint16_t id;
	uint8_t *tx = aligned_alloc(4096, 4096), *rx = aligned_alloc(4096, 4096);
	unsigned int ok = 0, proto = 0;
	const unsigned int rounds = 20000;

	cr_assert(tx && rx);
	c.priv = &releases;
	memset(rx, 0, 4096);
	put_msg_hdr(rx, 40, 40, ME, SP, 8, NULL);
	memcpy(rx + 40, "snapshot", 8);
	assert_rc(ffa_ctx_init(&ctx, &c, NULL), 0);
	assert_rc(ffa_version(&ctx, FFA_VERSION_1_2, NULL), 0);
	assert_rc(ffa_id_get(&ctx, &id), 0);
	assert_rc(ffa_rxtx_map(&ctx, tx, rx, 1), 0);
	f.rx = rx;
	atomic_init(&f.stop, false);
	cr_assert_eq(pthread_create(&th, NULL, flip, &f), 0);
	for (unsigned int i = 0; i < rounds; i++) {
		struct ffa_indirect_msg h;
		uint8_t buf[16];
		int rc = ffa_msg_recv_indirect(&ctx, &h, buf, sizeof(buf));

		if (rc == FFA_ERR_PROTOCOL) {
			proto++;
			continue;
		}
		/* The peer's byte-wise writes can tear (e.g. size 0, offset
		 * 0xF8): any snapshot that passed validation is fine, as long
		 * as what was copied is exactly what that snapshot names. */
		cr_assert(h.offset >= 40 && (uint64_t)h.offset + h.size <= 4096,
			  "round %u: offset %u size %u", i, h.offset, h.size);
		if (rc == FFA_ERR_BUFFER_TOO_SMALL) {
			cr_assert_gt(h.size, sizeof(buf));
		} else {
			cr_assert_eq(rc, (int)h.size, "round %u: rc %d size %u", i, rc, h.size);
			cr_assert_eq(memcmp(buf, rx + h.offset, h.size), 0);
		}
		ok++;
	}
	atomic_store(&f.stop, true);
	pthread_join(th, NULL);
	cr_assert_eq(ok + proto, rounds);
	cr_assert_eq(atomic_load(&releases), rounds, "one release per message");
	free(tx);
	free(rx);
}

Test(known_bugs, known_bug_36_send2_delay_sri_only_for_sps_at_v12)
{
	struct ffa_script_step sp[] = {
		STEP_VERSION(FFA_VERSION_1_2), STEP_ID(SP), STEP_MAP_SLOT,
		STEP(FRAME(FFA_MSG_SEND2_32, 0, FFA_MSG_SEND2_FLAG_DELAY_SRI), OK32()),
	};
	struct ffa_script_step vm[] = { STEP_VERSION(FFA_VERSION_1_2), STEP_ID(ME), STEP_MAP_SLOT };
	struct ffa_script_step sp11[] = { STEP_VERSION(FFA_VERSION_1_1), STEP_ID(SP), STEP_MAP_SLOT };
	struct msg_ep e, f, g;

	msg_ep_init(&e, sp, ARRAY_LEN(sp), CAPS_ALL, FFA_VERSION_1_2, SP, 1, NULL);
	assert_rc(ffa_msg_send2(&e.t.ctx, 0x8002, NULL, NULL, "s", 1, FFA_MSG_SEND2_FLAG_DELAY_SRI),
		  0);
	assert_script_ok(&e.t);
	msg_ep_fini(&e);
	/* A VM (physical or virtual NS instance) may not delay the SRI. */
	msg_ep_init(&f, vm, ARRAY_LEN(vm), CAPS_ALL, FFA_VERSION_1_2, ME, 1, NULL);
	assert_rc(ffa_msg_send2(&f.t.ctx, SP, NULL, NULL, "s", 1, FFA_MSG_SEND2_FLAG_DELAY_SRI),
		  FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&f.t);
	msg_ep_fini(&f);
	/* The flag is v1.2. */
	msg_ep_init(&g, sp11, ARRAY_LEN(sp11), CAPS_ALL, FFA_VERSION_1_1, SP, 1, NULL);
	assert_rc(ffa_msg_send2(&g.t.ctx, 0x8002, NULL, NULL, "s", 1, FFA_MSG_SEND2_FLAG_DELAY_SRI),
		  FFA_ERR_BAD_ARGUMENT);
	assert_script_ok(&g.t);
	msg_ep_fini(&g);
}
