/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ffa_sim memtab internals shared by memtab*.c: pool allocation, the two
 * red-black interval indexes and the handles (a keyed permutation of a counter
 * and the transaction's slot index).
 * Not for the rest of the simulator: use memtab.h.
 */
#ifndef FFA_SIM_MEMTAB_INTERNAL_H
#define FFA_SIM_MEMTAB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memtab.h"

#define NIL FFA_SIM_MEMTAB_NIL

/* Node kinds. */
#define MT_NODE_FREE 0u
#define MT_NODE_RUN 1u   /* run of owned memory, in the run tree */
#define MT_NODE_RANGE 2u /* constituent of a transaction */

/* Where a constituent is indexed. */
#define MT_IN_NONE 0u    /* in no tree (donated: ranges kept for reading) */
#define MT_IN_PRIVATE 1u /* the transaction's own tree (pending) */
#define MT_IN_GLOBAL 2u  /* t->txn_root (complete) */

/* Transaction state 0 = free slot; others are enum ffa_sim_mem_state. */
#define MT_TXN_FREE 0u

/* Page frames: addresses are handled as 4 KiB page frame numbers so that
 * range ends never overflow; the highest valid end is 2^52 - 1 (a range may
 * not reach 2^64 - 1, the desc layer's rule). */
#define MT_PAGE_SHIFT 12u
#define MT_PFN_LIMIT ((UINT64_C(1) << 52) - 1u)

/* Endpoint IDs with bit 15 set belong to the secure world (SPs). */
static inline bool ffa__mt_is_sp(uint16_t id)
{
	return (id & 0x8000u) != 0;
}

/* End (exclusive) page frame of node @n. */
static inline uint64_t ffa__mt_end(const struct ffa_sim_memtab_node *n)
{
	return n->pfn + n->pages;
}

/* Permissions of an owner over its own memory with region flags @rflags. */
static inline uint8_t ffa__mt_owner_perm(uint32_t rflags)
{
	return ffa_mem_perm_make((rflags & FFA_SIM_MEMTAB_REGION_RO) ? FFA_MEM_DATA_RO
								     : FFA_MEM_DATA_RW,
				 (rflags & FFA_SIM_MEMTAB_REGION_XN) ? FFA_MEM_INSTR_NX
								     : FFA_MEM_INSTR_X);
}

/* Weaker (@max false) or stronger (@max true) of two explicit permissions,
 * field by field: RO < RW, NX < X. */
static inline uint8_t ffa__mt_perm_pick(uint8_t a, uint8_t b, bool max)
{
	unsigned int da = ffa_mem_perm_data(a), db = ffa_mem_perm_data(b);
	unsigned int ia = ffa_mem_perm_instr(a), ib = ffa_mem_perm_instr(b);

	return ffa_mem_perm_make((da < db) == max ? db : da, (ia < ib) == max ? ib : ia);
}

/* ---- pools (memtab_index.c) ------------------------------------------- */

/* Nodes free and not promised to any transaction. */
static inline uint32_t ffa__mt_nodes_available(const struct ffa_sim_memtab *t)
{
	return t->p.n_nodes - t->used_nodes - t->reserved;
}

/* Take a node (the caller checked availability or holds a reservation). */
uint32_t ffa__mt_node_alloc(struct ffa_sim_memtab *t);
void ffa__mt_node_free(struct ffa_sim_memtab *t, uint32_t i);
uint32_t ffa__mt_rcv_alloc(struct ffa_sim_memtab *t);
void ffa__mt_rcv_free(struct ffa_sim_memtab *t, uint32_t i);
uint32_t ffa__mt_txn_alloc(struct ffa_sim_memtab *t);
void ffa__mt_txn_free(struct ffa_sim_memtab *t, uint32_t i);

/* ---- red-black trees keyed by pfn, with parent links (memtab_index.c) --- */

/* Insert node @n (its pfn distinct from every key in the tree) into the tree
 * rooted at @root; returns the new root. */
uint32_t ffa__mt_tree_insert(struct ffa_sim_memtab *t, uint32_t root, uint32_t n);
/* Insert node @n into *@root unless it overlaps a range there (one descent
 * for both); false, and nothing changed, if it does. */
bool ffa__mt_tree_insert_disjoint(struct ffa_sim_memtab *t, uint32_t *root, uint32_t n);
/* Take node @n (which is in the tree *@root) out: no search, amortized O(1)
 * rebalancing. */
void ffa__mt_tree_remove_node(struct ffa_sim_memtab *t, uint32_t *root, uint32_t n);
/* Node with the greatest key <= @pfn, or NIL. */
uint32_t ffa__mt_tree_floor(const struct ffa_sim_memtab *t, uint32_t root, uint64_t pfn);
/* Node with the smallest key > @pfn, or NIL. */
uint32_t ffa__mt_tree_after(const struct ffa_sim_memtab *t, uint32_t root, uint64_t pfn);
/* In-order successor of node @n in its tree, or NIL (amortized O(1)). */
uint32_t ffa__mt_tree_next(const struct ffa_sim_memtab *t, uint32_t n);

/* In a tree of disjoint ranges: the node overlapping [@pfn, @end), the one
 * with the greatest start among those, or NIL. */
uint32_t ffa__mt_overlap(const struct ffa_sim_memtab *t, uint32_t root, uint64_t pfn,
			 uint64_t end);

/* ---- handles (memtab_index.c) ------------------------------------------- */

/* Derive the permutation key from @seed and size the handle fields for
 * @n_txns slots. */
void ffa__mt_handle_setup(struct ffa_sim_memtab *t, uint64_t seed, uint32_t n_txns);
/* Bits 62:0 of a handle: the keyed bijection of (@counter, @slot). */
uint64_t ffa__mt_handle_make(const struct ffa_sim_memtab *t, uint64_t counter, uint32_t slot);
/* Bit 63 of @x's handle (ffa-memory.md 7): set for a hypervisor-allocated
 * handle (ALLOC_HYPERVISOR, or ALLOC_BY_ENDPOINTS with only VMs involved). */
bool ffa__mt_handle_hyp_bit(const struct ffa_sim_memtab *t, const struct ffa_sim_memtab_txn *x);
/* Slot of @handle (any bit 63), and its counter in *@counter (may be
 * NULL); NIL when it names no slot of this table. Does not look at the
 * slot's contents. */
uint32_t ffa__mt_handle_slot(const struct ffa_sim_memtab *t, uint64_t handle, uint64_t *counter);

/* ---- lookups shared by the operation files ------------------------------ */

/* Transaction recorded under @handle, or NULL: decrypt the slot, compare
 * the handle stored there. O(1), whatever the number of transactions. */
static inline struct ffa_sim_memtab_txn *ffa__mt_txn(const struct ffa_sim_memtab *t,
						      uint64_t handle)
{
	uint32_t i = ffa__mt_handle_slot(t, handle, NULL);

	if (i == NIL || t->p.txns[i].state == MT_TXN_FREE || t->p.txns[i].handle != handle)
		return NULL;
	return &t->p.txns[i];
}

/* Receiver record of @id in @x, or NULL. */
struct ffa_sim_memtab_rcv *ffa__mt_rcv_find(const struct ffa_sim_memtab *t,
					    const struct ffa_sim_memtab_txn *x, uint16_t id);

#endif /* FFA_SIM_MEMTAB_INTERNAL_H */
