/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ffa_sim memtab - the indexes: pool free lists, AVL trees of address ranges
 * keyed by first page frame, the open-addressing handle hash table and the
 * keyed handle permutation. No FF-A rules here (memtab.c has them).
 */
#include "memtab_internal.h"

/* ------------------------------------------------------------------------ */
/* Pools: singly linked free lists through each element's own link field.   */
/* ------------------------------------------------------------------------ */

uint32_t ffa__mt_node_alloc(struct ffa_sim_memtab *t)
{
	uint32_t i = t->free_node;
	struct ffa_sim_memtab_node *n = &t->p.nodes[i];

	t->free_node = n->next;
	t->used_nodes++;
	n->next = NIL;
	n->left = NIL;
	n->right = NIL;
	n->txn = NIL;
	n->height = 1;
	n->where = MT_IN_NONE;
	n->rflags = 0;
	n->owner = 0;
	return i;
}

void ffa__mt_node_free(struct ffa_sim_memtab *t, uint32_t i)
{
	struct ffa_sim_memtab_node *n = &t->p.nodes[i];

	n->kind = MT_NODE_FREE;
	n->where = MT_IN_NONE;
	n->next = t->free_node;
	t->free_node = i;
	t->used_nodes--;
}

uint32_t ffa__mt_rcv_alloc(struct ffa_sim_memtab *t)
{
	uint32_t i = t->free_rcv;
	struct ffa_sim_memtab_rcv *r = &t->p.rcvs[i];

	t->free_rcv = r->next;
	t->used_rcvs++;
	__builtin_memset(r, 0, sizeof(*r));
	r->next = NIL;
	r->used = true;
	return i;
}

void ffa__mt_rcv_free(struct ffa_sim_memtab *t, uint32_t i)
{
	struct ffa_sim_memtab_rcv *r = &t->p.rcvs[i];

	r->used = false;
	r->next = t->free_rcv;
	t->free_rcv = i;
	t->used_rcvs--;
}

uint32_t ffa__mt_txn_alloc(struct ffa_sim_memtab *t)
{
	uint32_t i = t->free_txn;
	struct ffa_sim_memtab_txn *x = &t->p.txns[i];

	t->free_txn = x->next_free;
	t->used_txns++;
	__builtin_memset(x, 0, sizeof(*x));
	x->head = NIL;
	x->tail = NIL;
	x->root = NIL;
	x->rcv_head = NIL;
	x->cur_node = NIL;
	x->next_free = NIL;
	return i;
}

void ffa__mt_txn_free(struct ffa_sim_memtab *t, uint32_t i)
{
	struct ffa_sim_memtab_txn *x = &t->p.txns[i];

	x->state = MT_TXN_FREE;
	x->handle = 0;
	x->next_free = t->free_txn;
	t->free_txn = i;
	t->used_txns--;
}

/* ------------------------------------------------------------------------ */
/* AVL trees. Recursive: the depth is at most ~1.44 log2(nodes) (< 48).     */
/* ------------------------------------------------------------------------ */

static void fix_height(struct ffa_sim_memtab *t, uint32_t i)
{
	struct ffa_sim_memtab_node *n = &t->p.nodes[i];
	unsigned int hl = ffa__mt_height(t, n->left), hr = ffa__mt_height(t, n->right);

	n->height = (uint8_t)(1u + (hl > hr ? hl : hr));
}

static uint32_t rotate_right(struct ffa_sim_memtab *t, uint32_t i)
{
	struct ffa_sim_memtab_node *nodes = t->p.nodes;
	uint32_t l = nodes[i].left;

	nodes[i].left = nodes[l].right;
	nodes[l].right = i;
	fix_height(t, i);
	fix_height(t, l);
	return l;
}

static uint32_t rotate_left(struct ffa_sim_memtab *t, uint32_t i)
{
	struct ffa_sim_memtab_node *nodes = t->p.nodes;
	uint32_t r = nodes[i].right;

	nodes[i].right = nodes[r].left;
	nodes[r].left = i;
	fix_height(t, i);
	fix_height(t, r);
	return r;
}

/* Restore the AVL property at @i (children balanced, heights at most 2
 * apart); returns the subtree's new root. */
static uint32_t rebalance(struct ffa_sim_memtab *t, uint32_t i)
{
	struct ffa_sim_memtab_node *nodes = t->p.nodes;
	unsigned int hl, hr;

	fix_height(t, i);
	hl = ffa__mt_height(t, nodes[i].left);
	hr = ffa__mt_height(t, nodes[i].right);
	if (hl > hr + 1) {
		uint32_t l = nodes[i].left;

		if (ffa__mt_height(t, nodes[l].left) < ffa__mt_height(t, nodes[l].right))
			nodes[i].left = rotate_left(t, l);
		return rotate_right(t, i);
	}
	if (hr > hl + 1) {
		uint32_t r = nodes[i].right;

		if (ffa__mt_height(t, nodes[r].right) < ffa__mt_height(t, nodes[r].left))
			nodes[i].right = rotate_right(t, r);
		return rotate_left(t, i);
	}
	return i;
}

uint32_t ffa__mt_avl_insert(struct ffa_sim_memtab *t, uint32_t root, uint32_t n)
{
	struct ffa_sim_memtab_node *nodes = t->p.nodes;

	if (root == NIL) {
		nodes[n].left = NIL;
		nodes[n].right = NIL;
		nodes[n].height = 1;
		return n;
	}
	if (nodes[n].pfn < nodes[root].pfn)
		nodes[root].left = ffa__mt_avl_insert(t, nodes[root].left, n);
	else
		nodes[root].right = ffa__mt_avl_insert(t, nodes[root].right, n);
	return rebalance(t, root);
}

/* Detach the leftmost node of the subtree @root into *@min; new root. */
static uint32_t remove_min(struct ffa_sim_memtab *t, uint32_t root, uint32_t *min)
{
	struct ffa_sim_memtab_node *nodes = t->p.nodes;

	if (nodes[root].left == NIL) {
		*min = root;
		return nodes[root].right;
	}
	nodes[root].left = remove_min(t, nodes[root].left, min);
	return rebalance(t, root);
}

uint32_t ffa__mt_avl_remove(struct ffa_sim_memtab *t, uint32_t root, uint64_t pfn)
{
	struct ffa_sim_memtab_node *nodes = t->p.nodes;
	uint32_t l, r, m;

	if (root == NIL)
		return NIL;
	if (pfn < nodes[root].pfn) {
		nodes[root].left = ffa__mt_avl_remove(t, nodes[root].left, pfn);
		return rebalance(t, root);
	}
	if (pfn > nodes[root].pfn) {
		nodes[root].right = ffa__mt_avl_remove(t, nodes[root].right, pfn);
		return rebalance(t, root);
	}
	l = nodes[root].left;
	r = nodes[root].right;
	nodes[root].left = NIL;
	nodes[root].right = NIL;
	nodes[root].height = 1;
	if (r == NIL)
		return l;
	r = remove_min(t, r, &m);
	nodes[m].left = l;
	nodes[m].right = r;
	return rebalance(t, m);
}

uint32_t ffa__mt_avl_floor(const struct ffa_sim_memtab *t, uint32_t root, uint64_t pfn)
{
	const struct ffa_sim_memtab_node *nodes = t->p.nodes;
	uint32_t best = NIL;

	while (root != NIL) {
		if (nodes[root].pfn <= pfn) {
			best = root;
			root = nodes[root].right;
		} else {
			root = nodes[root].left;
		}
	}
	return best;
}

uint32_t ffa__mt_avl_after(const struct ffa_sim_memtab *t, uint32_t root, uint64_t pfn)
{
	const struct ffa_sim_memtab_node *nodes = t->p.nodes;
	uint32_t best = NIL;

	while (root != NIL) {
		if (nodes[root].pfn > pfn) {
			best = root;
			root = nodes[root].left;
		} else {
			root = nodes[root].right;
		}
	}
	return best;
}

uint32_t ffa__mt_overlap(const struct ffa_sim_memtab *t, uint32_t root, uint64_t pfn,
			 uint64_t end)
{
	/* Ranges in the tree are disjoint and sorted, so if any overlaps
	 * [pfn, end), the last one starting before @end does. */
	uint32_t f = ffa__mt_avl_floor(t, root, end - 1u);

	if (f != NIL && ffa__mt_end(&t->p.nodes[f]) > pfn)
		return f;
	return NIL;
}

/* ------------------------------------------------------------------------ */
/* Handle hash table: linear probing, backward-shift deletion (no           */
/* tombstones, so probe lengths never degrade over many cycles).            */
/* ------------------------------------------------------------------------ */

static inline uint32_t slot_next(const struct ffa_sim_memtab *t, uint32_t i)
{
	return i + 1u == t->p.n_slots ? 0u : i + 1u;
}

uint32_t ffa__mt_hash_find(const struct ffa_sim_memtab *t, uint64_t handle)
{
	uint32_t i = ffa__mt_hash_home(t, handle);
	uint32_t x;

	while ((x = t->p.slots[i]) != NIL) {
		if (t->p.txns[x].handle == handle)
			return x;
		i = slot_next(t, i);
	}
	return NIL;
}

void ffa__mt_hash_insert(struct ffa_sim_memtab *t, uint32_t txn)
{
	uint32_t i = ffa__mt_hash_home(t, t->p.txns[txn].handle);

	/* n_slots > n_txns, so an empty slot exists. */
	while (t->p.slots[i] != NIL)
		i = slot_next(t, i);
	t->p.slots[i] = txn;
}

void ffa__mt_hash_remove(struct ffa_sim_memtab *t, uint64_t handle)
{
	uint32_t *s = t->p.slots;
	uint32_t i = ffa__mt_hash_home(t, handle);
	uint32_t j;

	while (s[i] != NIL && t->p.txns[s[i]].handle != handle)
		i = slot_next(t, i);
	if (s[i] == NIL)
		return;
	/* Close the gap: move back every later entry of the cluster whose home
	 * is not cyclically within (i, j]. */
	j = i;
	for (;;) {
		uint32_t k;

		j = slot_next(t, j);
		if (s[j] == NIL)
			break;
		k = ffa__mt_hash_home(t, t->p.txns[s[j]].handle);
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		s[i] = s[j];
		i = j;
	}
	s[i] = NIL;
}

/* ------------------------------------------------------------------------ */
/* Handles: a keyed bijection on 63 bits of a counter that only increases,  */
/* so a handle is never issued twice and cannot be guessed from the last.   */
/* ------------------------------------------------------------------------ */

#define MT_MASK63 (~(UINT64_C(1) << 63))
#define MT_MUL UINT64_C(0x9E3779B97F4A7C15) /* odd, so invertible mod 2^63 */
#define MT_ROUNDS 4u

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

void ffa__mt_handle_key(struct ffa_sim_memtab *t, uint64_t seed)
{
	for (unsigned int i = 0; i < MT_ROUNDS; i++)
		t->key[i] = splitmix64(&seed) & MT_MASK63;
}

/* Each step is a bijection of [0, 2^63): add mod 2^63, xor with a right
 * shift of itself, multiply by an odd constant mod 2^63. */
uint64_t ffa__mt_handle_permute(const struct ffa_sim_memtab *t, uint64_t c)
{
	uint64_t x = c & MT_MASK63;

	for (unsigned int i = 0; i < MT_ROUNDS; i++) {
		x = (x + t->key[i]) & MT_MASK63;
		x ^= x >> 31;
		x = (x * MT_MUL) & MT_MASK63;
		x ^= x >> 29;
	}
	return x;
}

static uint64_t unxorshift(uint64_t y, unsigned int s)
{
	uint64_t x = y;

	for (unsigned int b = s; b < 63u; b += s)
		x = y ^ (x >> s);
	return x;
}

uint64_t ffa__mt_handle_unpermute(const struct ffa_sim_memtab *t, uint64_t h)
{
	uint64_t inv = MT_MUL, x = h & MT_MASK63;

	/* Newton's iteration doubles the correct low bits of the inverse. */
	for (unsigned int i = 0; i < 6u; i++)
		inv *= 2u - MT_MUL * inv;
	for (unsigned int i = MT_ROUNDS; i-- > 0;) {
		x = unxorshift(x, 29);
		x = (x * inv) & MT_MASK63;
		x = unxorshift(x, 31);
		x = (x - t->key[i]) & MT_MASK63;
	}
	return x;
}
