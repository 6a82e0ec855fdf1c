/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory checker partition: told a handle by a direct request, it
 * retrieves the memory (FFA_MEM_RETRIEVE_REQ, fetching every response
 * fragment with FFA_MEM_FRAG_RX), checks a byte pattern over every page,
 * writes another, and relinquishes (a donation is kept: it is the owner
 * then). Protocol in ffa_sim/partition.h (FFA_SIM_MEMCHECK_*). Descriptors
 * are built and read with libffa's desc layer, like any client would.
 */
#include <ffa/desc.h>

#include "builtin.h"

#define PAGE 4096u

struct check {
	uint32_t pages, mismatches;
	bool wrote;
};

/* Check and rewrite one range. 0, or DENIED when the partition may not
 * touch it (the ownership table or the host refused). */
static int check_range(struct ffa_sim_part *p, uint64_t addr, uint32_t pages, uint8_t expect,
		       uint8_t write, bool do_write, struct check *out)
{
	uint64_t size = (uint64_t)pages * PAGE;
	uint8_t *m = ffa_sim_part_map(p, addr, size, do_write);

	if (!m)
		return FFA_ERR_DENIED;
	for (uint64_t i = 0; i < size; i++) {
		if (m[i] != expect)
			out->mismatches++;
		if (do_write)
			m[i] = write;
	}
	out->pages += pages;
	out->wrote = out->wrote || do_write;
	return 0;
}

/* Retrieve @handle from @owner as a @type transaction; walk the response
 * (all its fragments) through check_range(). */
static int retrieve_and_check(struct ffa_sim_part *p, uint16_t owner, uint64_t handle,
			      uint8_t type, uint32_t arg, struct check *out)
{
	uint32_t version = ffa_sim_part_version(p);
	bool do_write = !(arg & FFA_SIM_MEMCHECK_NO_WRITE);
	unsigned int data = do_write ? FFA_MEM_DATA_RW : FFA_MEM_DATA_RO;
	struct ffa_mem_receiver me = {
		.id = ffa_sim_part_id(p),
		/* SHARE leaves instruction access unspecified; a lend or
		 * donation to one borrower names it. */
		.perm = ffa_mem_perm_make(data, type == FFA_MEM_RETRIEVE_TYPE_SHARE
							? FFA_MEM_INSTR_NOT_SPECIFIED
							: FFA_MEM_INSTR_NX),
	};
	struct ffa_mem_txn txn = {
		.version = version,
		.kind = FFA_MEM_DESC_RETRIEVE_REQ,
		.sender = owner,
		.flags = FFA_MEM_RETRIEVE_FLAG_TYPE(type),
		.handle = handle,
		.receiver_count = 1,
		.receivers = &me,
	};
	size_t cap;
	uint8_t *tx = ffa_sim_part_tx(p, &cap);
	const uint8_t *rx = ffa_sim_part_rx(p, &cap);
	struct ffa_mem_reasm r;
	struct ffa_regs a;
	uint64_t addr;
	uint32_t pages;
	int len, rc;

	len = ffa_mem_retrieve_req_encode(&txn, tx, cap);
	if (len < 0)
		return FFA_ERR_INVALID_PARAMETERS;
	rc = builtin_expect(p, FFA_MEM_RETRIEVE_REQ_32, (uint32_t)len, (uint32_t)len, 0,
			    FFA_MEM_RETRIEVE_RESP_32, &a);
	if (rc)
		return rc;
	rc = ffa_mem_reasm_init(&r, version, FFA_MEM_DESC_RETRIEVE_RESP, (uint32_t)a.x[1]);
	if (rc == 0)
		rc = ffa_mem_reasm_feed(&r, rx, (uint32_t)a.x[2]);
	while (rc == 0) {
		int got = ffa_mem_reasm_next(&r, &addr, &pages);

		if (got < 0) {
			rc = got;
		} else if (got == 1) {
			rc = check_range(p, addr, pages, (uint8_t)arg, (uint8_t)(arg >> 8),
					 do_write, out);
		} else if (ffa_mem_reasm_done(&r)) {
			break;
		} else {
			/* The next fragment: give the RX buffer back, ask. */
			builtin_call(p, FFA_RX_RELEASE_32, 0, 0, 0, 0, &a);
			rc = builtin_expect(p, FFA_MEM_FRAG_RX_32, ffa_mem_handle_lo(handle),
					    ffa_mem_handle_hi(handle), ffa_mem_reasm_received(&r),
					    FFA_MEM_FRAG_TX_32, &a);
			if (rc == 0)
				rc = ffa_mem_reasm_feed(&r, rx, (uint32_t)a.x[3]);
		}
	}
	builtin_call(p, FFA_RX_RELEASE_32, 0, 0, 0, 0, &a);
	return rc;
}

static int memcheck_req(struct ffa_sim_part *p, const struct ffa_regs *req, struct ffa_regs *resp)
{
	uint16_t owner = (uint16_t)req->x[4];
	uint64_t handle = ffa_mem_handle_make((uint32_t)req->x[5], (uint32_t)req->x[6]);
	uint32_t arg = (uint32_t)req->x[7];
	uint8_t type = (uint8_t)((arg >> 16) & 3u);
	struct check out = { 0, 0, false };
	int rc = FFA_ERR_INVALID_PARAMETERS;

	if ((uint32_t)req->x[3] == FFA_SIM_MEMCHECK_CHECK && type != 0) {
		rc = retrieve_and_check(p, owner, handle, type, arg, &out);
		/* Give the access back (a donation made it the owner). */
		if (type != FFA_MEM_RETRIEVE_TYPE_DONATE && out.pages) {
			size_t cap;
			uint16_t self = ffa_sim_part_id(p);
			uint8_t *tx = ffa_sim_part_tx(p, &cap);
			struct ffa_regs a;
			int r2;

			r2 = ffa_mem_relinquish_encode(handle, 0, &self, 1, tx, cap);
			r2 = r2 < 0 ? r2 : builtin_call(p, FFA_MEM_RELINQUISH_32, 0, 0, 0, 0, &a);
			if (rc == 0)
				rc = r2;
		}
	}
	resp->x[3] = (uint32_t)rc;
	resp->x[4] = out.pages;
	resp->x[5] = out.mismatches;
	resp->x[6] = out.wrote ? 1u : 0u;
	return FFA_SIM_PART_REPLY;
}

static const struct ffa_sim_partition_ops memcheck_ops = {
	.name = "memcheck",
	.direct_req = memcheck_req,
};

const struct ffa_sim_partition_ops *ffa_sim_memcheck_ops(void)
{
	return &memcheck_ops;
}
