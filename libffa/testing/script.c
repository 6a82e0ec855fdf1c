/* SPDX-License-Identifier: BSD-3-Clause */
/* The scripted conduit (see include/ffa/script.h). Freestanding. */
#include "../internal.h"

#include <ffa/script.h>

static int script_call(void *priv, const struct ffa_regs *in, struct ffa_regs *out)
{
	struct ffa_script *s = (struct ffa_script *)priv;
	const struct ffa_script_step *st;

	if (s->failed)
		return FFA_ERR_CONDUIT;
	if (s->pos >= s->count) {
		s->failed = true;
		s->fail_step = s->pos;
		s->fail_reg = -1;
		s->fail_expected = 0;
		s->fail_got = in->x[0];
		return FFA_ERR_CONDUIT;
	}
	st = &s->steps[s->pos];
	for (int i = 0; i < FFA_REGS_COUNT; i++) {
		if (in->x[i] != st->expect.x[i]) {
			s->failed = true;
			s->fail_step = s->pos;
			s->fail_reg = i;
			s->fail_expected = st->expect.x[i];
			s->fail_got = in->x[i];
			return FFA_ERR_CONDUIT;
		}
	}
	s->pos++;
	if (st->conduit_rc)
		return st->conduit_rc;
	/* @in may alias @out: the input was fully checked above. */
	*out = st->reply;
	if (st->action)
		st->action(st->action_arg, &st->expect, out);
	return 0;
}

void ffa_script_init(struct ffa_script *s, const struct ffa_script_step *steps,
		     size_t count, struct ffa_conduit *conduit, uint32_t caps)
{
	ffa__bytes_zero(s, sizeof(*s));
	s->steps = steps;
	s->count = count;
	if (conduit) {
		conduit->call = script_call;
		conduit->priv = s;
		conduit->caps = caps;
	}
}

bool ffa_script_ok(const struct ffa_script *s)
{
	return s && !s->failed && s->pos == s->count;
}

/* Tiny formatter: no libc in the core. */
struct out {
	char *buf;
	size_t len, n;
};

static void put_c(struct out *o, char c)
{
	if (o->n + 1 < o->len)
		o->buf[o->n] = c;
	o->n++;
}

static void put_s(struct out *o, const char *str)
{
	while (*str)
		put_c(o, *str++);
}

static void put_u(struct out *o, uint64_t v, unsigned int base)
{
	char tmp[20];
	unsigned int i = 0;

	if (base == 16)
		put_s(o, "0x");
	do {
		tmp[i++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (i)
		put_c(o, tmp[--i]);
}

size_t ffa_script_describe(const struct ffa_script *s, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };

	if (!s) {
		put_s(&o, "no script");
	} else if (s->failed && s->fail_reg < 0) {
		put_s(&o, "unexpected call ");
		put_u(&o, s->fail_got, 16);
		put_s(&o, " after the last of ");
		put_u(&o, s->count, 10);
		put_s(&o, " steps");
	} else if (s->failed) {
		put_s(&o, "step ");
		put_u(&o, s->fail_step, 10);
		put_s(&o, ": x");
		put_u(&o, (uint64_t)s->fail_reg, 10);
		put_s(&o, " expected ");
		put_u(&o, s->fail_expected, 16);
		put_s(&o, " got ");
		put_u(&o, s->fail_got, 16);
	} else if (s->pos != s->count) {
		put_s(&o, "only ");
		put_u(&o, s->pos, 10);
		put_s(&o, " of ");
		put_u(&o, s->count, 10);
		put_s(&o, " steps were called");
	} else {
		put_s(&o, "ok");
	}
	if (len)
		buf[o.n < len ? o.n : len - 1] = '\0';
	return o.n < len ? o.n : (len ? len - 1 : 0);
}
