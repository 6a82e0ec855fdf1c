/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers shared by the messaging tests (test_msg_*.c, test_hostile_msg.c):
 * an endpoint on a scripted conduit with its own ID learnt and, optionally,
 * an RX/TX pair of exactly the mapped size (so ASan sees any overrun), and
 * frame literals for the messaging ABIs.
 */
#ifndef FFA_MSG_TEST_H
#define FFA_MSG_TEST_H

#include "ffa_test.h"

#include <ffa/msg.h>

/* w1 of a message: sender in [31:16], receiver in [15:0]. */
#define IDS(hi, lo) (((uint64_t)(hi) << 16) | (uint64_t)(lo))

#define STEP_ID(id) STEP(FRAME(FFA_ID_GET_32), OK32(0, (id)))
#define STEP_RX_RELEASE STEP(FRAME(FFA_RX_RELEASE_32), OK32())
#define STEP_RUN(ep, vcpu) STEP(FRAME(FFA_RUN_32, IDS(ep, vcpu)), FRAME(FFA_RUN_32))
/* Placeholder for the RXTX_MAP step: msg_ep_init() fills it in. */
#define STEP_MAP_SLOT STEP(FRAME(0), FRAME(0))

/* The ffa-abi.md 7.2 worked examples: text and 64-bit register forms. */
#define VIRTIO_UUID "c66028b5-2498-4aa1-9de7-77da6122abf0"
#define VIRTIO_X2 0xa14a9824b52860c6ull
#define VIRTIO_X3 0xf0ab2261da77e79dull
#define OPTEE_UUID "486178e0-e7f8-11e3-bc5e-0002a5d5c51b"
#define OPTEE_X2 0xe311f8e7e0786148ull
#define OPTEE_X3 0x1bc5d5a502005ebcull

/* Partition properties: a PE endpoint receiving everything, AArch64. */
#define PROPS_ALL                                                              \
	(FFA_PART_PROP_DIRECT_REQ_RECV | FFA_PART_PROP_DIRECT_REQ_SEND |       \
	 FFA_PART_PROP_INDIRECT_MSG | FFA_PART_PROP_VM_CREATED |               \
	 FFA_PART_PROP_VM_DESTROYED | FFA_PART_PROP_AARCH64 |                  \
	 FFA_PART_PROP_DIRECT_REQ2_RECV | FFA_PART_PROP_DIRECT_REQ2_SEND)

/* A messaging endpoint under test. */
struct msg_ep {
	struct scripted t;
	uint8_t *tx, *rx; /* NULL unless mapped */
	size_t size;      /* bytes of each buffer */
};

/*
 * Start @e on @steps[@n] with @caps and the optional @port:
 *  - steps[0] must be STEP_VERSION(@version) (negotiated here);
 *  - steps[1] must be STEP_ID(@own) (ffa_id_get() here);
 *  - if @pages > 0, steps[2] must be STEP_MAP_SLOT: it is filled with the
 *    exact FFA_RXTX_MAP_64 frame of freshly allocated buffers of @pages
 *    pages, which are then mapped (needs FFA_CONDUIT_CAP_SMC64 in @caps).
 */
void msg_ep_init(struct msg_ep *e, struct ffa_script_step *steps, size_t n, uint32_t caps,
		 uint32_t version, uint16_t own, size_t pages, const struct ffa_port *port);

/* Free the buffers of @e. */
void msg_ep_fini(struct msg_ep *e);

/* The UUID of a "xxxxxxxx-..." string (asserts it parses). */
struct ffa_uuid uuid_of(const char *s);

/* Write a partition message header at @buf (little-endian, as a partition
 * manager would): @hdr_size 20 (v1.1) or 40 (v1.2; @uuid at 24, may be
 * NULL), with the given fields. */
void put_msg_hdr(uint8_t *buf, uint32_t hdr_size, uint32_t offset, uint16_t sender,
		 uint16_t receiver, uint32_t size, const struct ffa_uuid *uuid);

/* Assert @n words at @w are all (uint64_t)POISON-filled (never written). */
void assert_words_untouched(const uint64_t *w, size_t n);

#endif /* FFA_MSG_TEST_H */
