/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ffa_sim memtab - the indexes: pool free lists, red-black trees of address ranges
 * keyed by first page frame, and the handles (a keyed permutation of a
 * counter and the slot index). No FF-A rules here (memtab.c has them).
 */
#include "memtab_internal.h"

/* ------------------------------------------------------------------------ */
/* Pools: singly linked free lists through each element's own link field.   */
/* ------------------------------------------------------------------------ */

/* Take the first element off the free list @head of a pool with *@used
 * elements in use; *@link is that element's link field. Its index. */
static inline uint32_t free_pop(uint32_t *head, uint32_t *used, const uint32_t *link)
{
	uint32_t i = *head;

	*head = *link;
	(*used)++;
	return i;
}

/* Put element @i, whose link field is *@link, back on the free list @head
 * of a pool with *@used elements in use. */
static inline void free_push(uint32_t *head, uint32_t *used, uint32_t i, uint32_t *link)
{
	*link = *head;
	*head = i;
	(*used)--;
}

uint32_t ffa__mt_node_alloc(struct ffa_sim_memtab *t)
{
	uint32_t i = free_pop(&t->free_node, &t->used_nodes, &t->p.nodes[t->free_node].next);
	struct ffa_sim_memtab_node *n = &t->p.nodes[i];

	n->next = NIL;
	n->left = NIL;
	n->right = NIL;
	n->parent = NIL;
	n->txn = NIL;
	n->height = 0;
	n->red = false;
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
	free_push(&t->free_node, &t->used_nodes, i, &n->next);
}

uint32_t ffa__mt_rcv_alloc(struct ffa_sim_memtab *t)
{
	uint32_t i = free_pop(&t->free_rcv, &t->used_rcvs, &t->p.rcvs[t->free_rcv].next);
	struct ffa_sim_memtab_rcv *r = &t->p.rcvs[i];

	__builtin_memset(r, 0, sizeof(*r));
	r->next = NIL;
	r->used = true;
	return i;
}

void ffa__mt_rcv_free(struct ffa_sim_memtab *t, uint32_t i)
{
	struct ffa_sim_memtab_rcv *r = &t->p.rcvs[i];

	r->used = false;
	free_push(&t->free_rcv, &t->used_rcvs, i, &r->next);
}

uint32_t ffa__mt_txn_alloc(struct ffa_sim_memtab *t)
{
	uint32_t i = free_pop(&t->free_txn, &t->used_txns, &t->p.txns[t->free_txn].next_free);
	struct ffa_sim_memtab_txn *x = &t->p.txns[i];

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
	free_push(&t->free_txn, &t->used_txns, i, &x->next_free);
}

/* ------------------------------------------------------------------------ */
/* Red-black trees with parent links. Each node stores its colour and its   */
/* black height (black nodes on a path down to a leaf link, itself          */
/* included when black; 0 for NIL) so the checker can verify both.          */
/* Rebalancing after an insert or a remove is amortized O(1) (at most three */
/* rotations, recolouring amortized O(1) over any sequence): the common     */
/* cost of an update is the descent of an insert, and removing a node whose */
/* index is known needs no search at all.                                   */
/* ------------------------------------------------------------------------ */

static inline bool is_red(const struct ffa_sim_memtab_node *nodes, uint32_t i)
{
	return i != NIL && nodes[i].red;
}

static inline unsigned int bh(const struct ffa_sim_memtab_node *nodes, uint32_t i)
{
	return i == NIL ? 0u : nodes[i].height;
}

/* Black height of @i from its (correct) child @c. */
static inline void set_bh(struct ffa_sim_memtab_node *nodes, uint32_t i, uint32_t c)
{
	nodes[i].height = (uint8_t)(bh(nodes, c) + (nodes[i].red ? 0u : 1u));
}

/* Point the link of @parent (or *@root) that led to @old at @new_. */
static inline void replace_child(struct ffa_sim_memtab_node *nodes, uint32_t *root,
				 uint32_t parent, uint32_t old, uint32_t new_)
{
	if (parent == NIL)
		*root = new_;
	else if (nodes[parent].left == old)
		nodes[parent].left = new_;
	else
		nodes[parent].right = new_;
}

/* The link from @n to its child on side @right (false: left). */
static inline uint32_t *kid(struct ffa_sim_memtab_node *nodes, uint32_t n, bool right)
{
	return right ? &nodes[n].right : &nodes[n].left;
}

/* Rotate at @x: x moves down to side @down (false: left) and its child on
 * the other side takes its place. Black heights are the caller's (it knows
 * which side is short). */
static void rotate(struct ffa_sim_memtab_node *nodes, uint32_t *root, uint32_t x, bool down)
{
	uint32_t y = *kid(nodes, x, !down);
	uint32_t inner = *kid(nodes, y, down);

	*kid(nodes, x, !down) = inner;
	if (inner != NIL)
		nodes[inner].parent = x;
	nodes[y].parent = nodes[x].parent;
	replace_child(nodes, root, nodes[x].parent, x, y);
	*kid(nodes, y, down) = x;
	nodes[x].parent = y;
}

/* Restore the red-black rules after red node @z was linked in. */
static void insert_fixup(struct ffa_sim_memtab_node *nodes, uint32_t *root, uint32_t z)
{
	while (is_red(nodes, nodes[z].parent)) {
		uint32_t p = nodes[z].parent, g = nodes[p].parent; /* g is black */
		bool ps = nodes[g].right == p;                      /* p's side */
		uint32_t u = *kid(nodes, g, !ps);

		if (is_red(nodes, u)) {
			/* Push g's blackness down: p, u +1; g unchanged. */
			nodes[p].red = false;
			nodes[u].red = false;
			nodes[g].red = true;
			set_bh(nodes, p, z);
			set_bh(nodes, u, nodes[u].left);
			z = g;
			continue;
		}
		if (z == *kid(nodes, p, !ps)) {
			/* Inner grandchild: turn it outer (both red: no height
			 * changes). */
			rotate(nodes, root, p, ps);
			z = p;
			p = nodes[z].parent;
		}
		nodes[p].red = false;
		nodes[g].red = true;
		rotate(nodes, root, g, !ps);
		set_bh(nodes, g, nodes[g].left);
		set_bh(nodes, p, g);
		break;
	}
	if (nodes[*root].red) {
		nodes[*root].red = false;
		set_bh(nodes, *root, nodes[*root].left);
	}
}

/* Link @n below @parent (NIL: as the root) on the side its key says, then
 * rebalance. */
static void link_fix(struct ffa_sim_memtab *t, uint32_t *root, uint32_t parent, uint32_t n)
{
	struct ffa_sim_memtab_node *nodes = t->p.nodes;

	nodes[n].left = NIL;
	nodes[n].right = NIL;
	nodes[n].parent = parent;
	nodes[n].red = true;
	nodes[n].height = 0;
	if (parent == NIL)
		*root = n;
	else if (nodes[n].pfn < nodes[parent].pfn)
		nodes[parent].left = n;
	else
		nodes[parent].right = n;
	insert_fixup(nodes, root, n);
}

/* Insert @n; if @disjoint, refuse (false, nothing changed) when it overlaps
 * a range in the tree, found on the way down: the last node passed on the
 * right is the predecessor, the last passed on the left the successor. */
static bool insert(struct ffa_sim_memtab *t, uint32_t *root, uint32_t n, bool disjoint)
{
	const struct ffa_sim_memtab_node *nodes = t->p.nodes;
	uint64_t key = nodes[n].pfn;
	uint32_t cur = *root, parent = NIL, pred = NIL, succ = NIL;

	while (cur != NIL) {
		parent = cur;
		if (key < nodes[cur].pfn) {
			succ = cur;
			cur = nodes[cur].left;
		} else {
			pred = cur;
			cur = nodes[cur].right;
		}
	}
	if (disjoint && ((pred != NIL && ffa__mt_end(&nodes[pred]) > key) ||
			 (succ != NIL && nodes[succ].pfn < ffa__mt_end(&nodes[n]))))
		return false;
	link_fix(t, root, parent, n);
	return true;
}

uint32_t ffa__mt_tree_insert(struct ffa_sim_memtab *t, uint32_t root, uint32_t n)
{
	(void)insert(t, &root, n, false);
	return root;
}

bool ffa__mt_tree_insert_disjoint(struct ffa_sim_memtab *t, uint32_t *root, uint32_t n)
{
	return insert(t, root, n, true);
}

/* Restore the rules after a black node left the tree: the subtree at @x
 * (child of @xp, possibly NIL) has one black node fewer on every path than
 * its sibling's. Black heights stored above @x are those the tree will have
 * once fixed, so each is recomputed from the side away from @x. */
static void remove_fixup(struct ffa_sim_memtab_node *nodes, uint32_t *root, uint32_t x,
			 uint32_t xp)
{
	while (x != *root && !is_red(nodes, x)) {
		bool xs = nodes[xp].left != x; /* x's side (NIL x: the sibling is not) */
		uint32_t w = *kid(nodes, xp, !xs); /* sibling: not NIL */
		uint32_t o;

		if (nodes[w].red) {
			/* Red sibling: rotate it above xp; the new sibling is
			 * black. */
			nodes[w].red = false;
			nodes[xp].red = true;
			rotate(nodes, root, xp, xs);
			set_bh(nodes, xp, *kid(nodes, xp, !xs));
			set_bh(nodes, w, xp);
			w = *kid(nodes, xp, !xs);
		}
		if (!is_red(nodes, nodes[w].left) && !is_red(nodes, nodes[w].right)) {
			/* Shorten the sibling too; the deficit moves up. */
			nodes[w].red = true;
			set_bh(nodes, w, nodes[w].left);
			set_bh(nodes, xp, w);
			x = xp;
			xp = nodes[x].parent;
			continue;
		}
		if (!is_red(nodes, *kid(nodes, w, !xs))) {
			/* Only the sibling's inner child is red: make it the
			 * sibling, its old parent the red outer child. */
			uint32_t in = *kid(nodes, w, xs);

			nodes[in].red = false;
			nodes[w].red = true;
			rotate(nodes, root, w, !xs);
			set_bh(nodes, w, *kid(nodes, w, !xs));
			set_bh(nodes, in, w);
			w = in;
		}
		/* The sibling's outer child is red: one rotation ends it. */
		o = *kid(nodes, w, !xs);
		nodes[w].red = nodes[xp].red;
		nodes[xp].red = false;
		nodes[o].red = false;
		set_bh(nodes, o, nodes[o].left);
		rotate(nodes, root, xp, xs);
		set_bh(nodes, xp, *kid(nodes, xp, !xs));
		set_bh(nodes, w, o);
		return;
	}
	if (x != NIL && nodes[x].red) {
		nodes[x].red = false;
		nodes[x].height++;
	}
}

void ffa__mt_tree_remove_node(struct ffa_sim_memtab *t, uint32_t *root, uint32_t z)
{
	struct ffa_sim_memtab_node *nodes = t->p.nodes;
	uint32_t x, xp;
	bool black_gone;

	if (nodes[z].left == NIL || nodes[z].right == NIL) {
		x = nodes[z].left != NIL ? nodes[z].left : nodes[z].right;
		xp = nodes[z].parent;
		black_gone = !nodes[z].red;
		replace_child(nodes, root, xp, z, x);
		if (x != NIL)
			nodes[x].parent = xp;
	} else {
		/* Two children: the successor @y (no left child) takes z's place,
		 * colour and height; the hole is where y was. */
		uint32_t y = nodes[z].right;

		while (nodes[y].left != NIL)
			y = nodes[y].left;
		black_gone = !nodes[y].red;
		x = nodes[y].right;
		if (nodes[y].parent == z) {
			xp = y;
		} else {
			xp = nodes[y].parent;
			nodes[xp].left = x;
			if (x != NIL)
				nodes[x].parent = xp;
			nodes[y].right = nodes[z].right;
			nodes[nodes[y].right].parent = y;
		}
		nodes[y].left = nodes[z].left;
		nodes[nodes[y].left].parent = y;
		nodes[y].parent = nodes[z].parent;
		replace_child(nodes, root, nodes[z].parent, z, y);
		nodes[y].red = nodes[z].red;
		nodes[y].height = nodes[z].height;
	}
	nodes[z].left = NIL;
	nodes[z].right = NIL;
	nodes[z].parent = NIL;
	if (black_gone)
		remove_fixup(nodes, root, x, xp);
}

uint32_t ffa__mt_tree_next(const struct ffa_sim_memtab *t, uint32_t n)
{
	const struct ffa_sim_memtab_node *nodes = t->p.nodes;
	uint32_t p;

	if (nodes[n].right != NIL) {
		n = nodes[n].right;
		while (nodes[n].left != NIL)
			n = nodes[n].left;
		return n;
	}
	for (p = nodes[n].parent; p != NIL && nodes[p].right == n; p = nodes[p].parent)
		n = p;
	return p;
}

uint32_t ffa__mt_tree_floor(const struct ffa_sim_memtab *t, uint32_t root, uint64_t pfn)
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

uint32_t ffa__mt_tree_after(const struct ffa_sim_memtab *t, uint32_t root, uint64_t pfn)
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
	uint32_t f = ffa__mt_tree_floor(t, root, end - 1u);

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
