/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ffa_sim memtab - the indexes: pool free lists, AVL trees of address ranges
 * keyed by first page frame, and the handles (a keyed permutation of a
 * counter and the slot index). No FF-A rules here (memtab.c has them).
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
/* AVL trees: iterative, with the path kept on the stack.                  */
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

/* Longest root-to-leaf path of an AVL tree of < 2^32 nodes is < 47 nodes
 * (height < 1.4405 log2(n + 2)). */
#define MT_PATH_MAX 64u

/* Point the link that led to @old (from path[@i - 1], or the root) at @new. */
static void relink(struct ffa_sim_memtab *t, uint32_t *root, const uint32_t *path, unsigned int i,
		   uint32_t old, uint32_t new_)
{
	struct ffa_sim_memtab_node *p;

	if (i == 0) {
		*root = new_;
		return;
	}
	p = &t->p.nodes[path[i - 1]];
	if (p->left == old)
		p->left = new_;
	else
		p->right = new_;
}

/* After a change below path[@d - 1], rebalance upwards until a subtree's
 * height comes out unchanged (nothing above it can then change). */
static uint32_t retrace(struct ffa_sim_memtab *t, uint32_t root, const uint32_t *path,
			unsigned int d)
{
	struct ffa_sim_memtab_node *nodes = t->p.nodes;

	while (d-- > 0) {
		uint32_t node = path[d], sub;
		unsigned int old = nodes[node].height;
		unsigned int hl = ffa__mt_height(t, nodes[node].left);
		unsigned int hr = ffa__mt_height(t, nodes[node].right);

		if (hl <= hr + 1u && hr <= hl + 1u) {
			/* Balanced: only the height may change (the common case). */
			unsigned int h = 1u + (hl > hr ? hl : hr);

			if (h == old)
				break;
			nodes[node].height = (uint8_t)h;
			continue;
		}
		sub = rebalance(t, node);
		relink(t, &root, path, d, node, sub);
		if (nodes[sub].height == old)
			break;
	}
	return root;
}

/* Insert @n; if @disjoint, refuse (return NIL, nothing changed) when it
 * overlaps a range in the tree, found on the way down: the last node passed
 * on the right is the predecessor, the last passed on the left the
 * successor. */
static uint32_t insert(struct ffa_sim_memtab *t, uint32_t root, uint32_t n, bool disjoint)
{
	struct ffa_sim_memtab_node *nodes = t->p.nodes;
	uint32_t path[MT_PATH_MAX];
	unsigned int d = 0;
	uint32_t cur = root, pred = NIL, succ = NIL;

	nodes[n].left = NIL;
	nodes[n].right = NIL;
	nodes[n].height = 1;
	if (root == NIL)
		return n;
	while (cur != NIL && d < MT_PATH_MAX) {
		path[d++] = cur;
		if (nodes[n].pfn < nodes[cur].pfn) {
			succ = cur;
			cur = nodes[cur].left;
		} else {
			pred = cur;
			cur = nodes[cur].right;
		}
	}
	if (disjoint && ((pred != NIL && ffa__mt_end(&nodes[pred]) > nodes[n].pfn) ||
			 (succ != NIL && nodes[succ].pfn < ffa__mt_end(&nodes[n]))))
		return NIL;
	if (nodes[n].pfn < nodes[path[d - 1]].pfn)
		nodes[path[d - 1]].left = n;
	else
		nodes[path[d - 1]].right = n;
	return retrace(t, root, path, d);
}

uint32_t ffa__mt_avl_insert(struct ffa_sim_memtab *t, uint32_t root, uint32_t n)
{
	return insert(t, root, n, false);
}

bool ffa__mt_avl_insert_disjoint(struct ffa_sim_memtab *t, uint32_t *root, uint32_t n)
{
	uint32_t r = insert(t, *root, n, true);

	if (r == NIL)
		return false;
	*root = r;
	return true;
}

uint32_t ffa__mt_avl_remove(struct ffa_sim_memtab *t, uint32_t root, uint64_t pfn)
{
	struct ffa_sim_memtab_node *nodes = t->p.nodes;
	uint32_t path[MT_PATH_MAX];
	unsigned int d = 0;
	uint32_t target = root;

	while (target != NIL && nodes[target].pfn != pfn && d < MT_PATH_MAX) {
		path[d++] = target;
		target = pfn < nodes[target].pfn ? nodes[target].left : nodes[target].right;
	}
	if (target == NIL || nodes[target].pfn != pfn)
		return root;
	if (nodes[target].left != NIL && nodes[target].right != NIL) {
		/* Replace the target by its successor, the leftmost node of its
		 * right subtree, detached from where it was. */
		unsigned int tpos = d;
		uint32_t s = nodes[target].right;

		path[d++] = target;
		while (nodes[s].left != NIL && d < MT_PATH_MAX) {
			path[d++] = s;
			s = nodes[s].left;
		}
		if (path[d - 1] == target)
			nodes[target].right = nodes[s].right;
		else
			nodes[path[d - 1]].left = nodes[s].right;
		nodes[s].left = nodes[target].left;
		nodes[s].right = nodes[target].right;
		nodes[s].height = nodes[target].height;
		relink(t, &root, path, tpos, target, s);
		path[tpos] = s;
	} else {
		uint32_t child = nodes[target].left != NIL ? nodes[target].left : nodes[target].right;

		relink(t, &root, path, d, target, child);
	}
	nodes[target].left = NIL;
	nodes[target].right = NIL;
	nodes[target].height = 1;
	return retrace(t, root, path, d);
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
/* Handles: a keyed bijection on 63 bits of (counter, slot index). The      */
/* counter only increases, so a handle is never issued twice; without the   */
/* key a handle says nothing about the next; and decrypting a handle gives  */
/* its slot at once, so lookup needs no index of its own.                   */
/* ------------------------------------------------------------------------ */

#define MT_MASK63 (~(UINT64_C(1) << 63))
#define MT_MUL UINT64_C(0x9E3779B97F4A7C15) /* odd, so invertible mod 2^63 */
#define MT_ROUNDS 3u

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

void ffa__mt_handle_setup(struct ffa_sim_memtab *t, uint64_t seed, uint32_t n_txns)
{
	uint64_t inv = MT_MUL;

	for (unsigned int i = 0; i < MT_ROUNDS; i++)
		t->key[i] = splitmix64(&seed) & MT_MASK63;
	/* Newton's iteration doubles the correct low bits of the inverse. */
	for (unsigned int i = 0; i < 6u; i++)
		inv *= 2u - MT_MUL * inv;
	t->inv = inv;
	t->idx_bits = 1;
	while (t->idx_bits < 32u && (UINT64_C(1) << t->idx_bits) < n_txns)
		t->idx_bits++;
	t->counter_limit = UINT64_C(1) << (63u - t->idx_bits);
}

/* Each step is a bijection of [0, 2^63): add mod 2^63, xor with a right
 * shift of itself, multiply by an odd constant mod 2^63. */
uint64_t ffa__mt_handle_make(const struct ffa_sim_memtab *t, uint64_t counter, uint32_t slot)
{
	uint64_t x = ((counter << t->idx_bits) | slot) & MT_MASK63;

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

bool ffa__mt_handle_hyp_bit(const struct ffa_sim_memtab *t, const struct ffa_sim_memtab_txn *x)
{
	if (t->cfg.alloc != FFA_SIM_MEMTAB_ALLOC_BY_ENDPOINTS)
		return t->cfg.alloc == FFA_SIM_MEMTAB_ALLOC_HYPERVISOR;
	if (ffa__mt_is_sp(x->owner))
		return false;
	for (uint32_t i = x->rcv_head; i != NIL; i = t->p.rcvs[i].next) {
		if (ffa__mt_is_sp(t->p.rcvs[i].id))
			return false;
	}
	return true;
}

uint32_t ffa__mt_handle_slot(const struct ffa_sim_memtab *t, uint64_t handle, uint64_t *counter)
{
	uint64_t x = handle & MT_MASK63;
	uint32_t slot;

	for (unsigned int i = MT_ROUNDS; i-- > 0;) {
		x = unxorshift(x, 29);
		x = (x * t->inv) & MT_MASK63;
		x = unxorshift(x, 31);
		x = (x - t->key[i]) & MT_MASK63;
	}
	slot = (uint32_t)(x & ((UINT64_C(1) << t->idx_bits) - 1u));
	if (counter != NULL)
		*counter = x >> t->idx_bits;
	return slot < t->p.n_txns ? slot : NIL;
}
