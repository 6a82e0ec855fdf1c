/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "notif_test.h"

static void rec_lock(void *arg)
{
	struct rec *r = arg;

	cr_assert_eq(r->depth, 0, "dispatcher lock taken recursively");
	r->depth++;
	r->locks++;
}

static void rec_unlock(void *arg)
{
	struct rec *r = arg;

	cr_assert_eq(r->depth, 1, "unlock without lock");
	r->depth--;
}

void rec_handler(void *arg, uint16_t sender, uint32_t id, uint16_t vcpu)
{
	struct rec *r = arg;

	cr_assert_eq(r->depth, 0, "handler called under the dispatcher lock");
	cr_assert_lt(r->nfired, REC_MAX);
	r->fired[r->nfired++] = (struct rec_fire){ sender, id, vcpu, arg };
}

static void rec_framework(void *arg, uint16_t vcpu, uint32_t spm, uint32_t hyp)
{
	struct rec *r = arg;

	cr_assert_lt(r->nfwk, REC_MAX);
	r->fwk[r->nfwk].vcpu = vcpu;
	r->fwk[r->nfwk].spm = spm;
	r->fwk[r->nfwk].hyp = hyp;
	r->nfwk++;
}

static int rec_rx(void *arg, struct ffa_ctx *ctx, uint16_t vcpu, uint32_t from, bool *released)
{
	struct rec *r = arg;

	cr_assert_eq(r->depth, 0);
	cr_assert(!*released);
	r->nrx++;
	r->rx_vcpu = vcpu;
	r->rx_from = from;
	r->rx_script_pos = r->t ? r->t->script.pos : 0;
	if (r->rx_release_self) {
		cr_assert_eq(ffa_rx_release(ctx), 0);
		*released = true;
	}
	return r->rx_rc;
}

static void rec_schedule(void *arg, uint16_t ep, bool per_vcpu, uint16_t vcpu)
{
	struct rec *r = arg;

	cr_assert_lt(r->nsched, REC_MAX);
	r->sched[r->nsched++] = (struct rec_sched){ ep, per_vcpu, vcpu };
}

static void rec_unhandled(void *arg, const struct ffa_notif_unhandled *u)
{
	struct rec *r = arg;

	cr_assert_eq(r->depth, 0);
	cr_assert_lt(r->nunh, REC_MAX);
	r->unh[r->nunh++] = *u;
}

static uint16_t rec_current(void *arg)
{
	return ((struct rec *)arg)->cur;
}

static int rec_handoff(void *arg, uint16_t vcpu)
{
	struct rec *r = arg;

	cr_assert_lt(r->nhandoff, REC_MAX);
	r->handoffs[r->nhandoff++] = vcpu;
	return r->handoff_rc;
}

struct ffa_notif_dispatch_config rec_config(struct rec *r, uint16_t receiver)
{
	return (struct ffa_notif_dispatch_config){
		.receiver = receiver,
		.framework = rec_framework,
		.rx_message = rec_rx,
		.schedule = rec_schedule,
		.unhandled = rec_unhandled,
		.current_vcpu = rec_current,
		.handoff = rec_handoff,
		.lock = rec_lock,
		.unlock = rec_unlock,
		.arg = r,
	};
}

void rec_assert_unlocked(void *arg, const struct ffa_regs *in, struct ffa_regs *out)
{
	(void)in;
	(void)out;
	cr_assert_eq(((struct rec *)arg)->depth, 0, "FF-A call made under the dispatcher lock");
}

unsigned int rec_fires(const struct rec *r, uint16_t sender, uint32_t id)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < r->nfired; i++)
		if (r->fired[i].sender == sender && r->fired[i].id == id)
			n++;
	return n;
}

struct ffa_notif_dispatch_config fx_prepare(struct fx *f, uint16_t receiver)
{
	memset(f, 0, sizeof(*f));
	f->r.t = &f->t;
	return rec_config(&f->r, receiver);
}

void fx_start(struct fx *f, const struct ffa_script_step *steps, size_t n, uint32_t caps,
	      const struct ffa_notif_dispatch_config *cfg)
{
	scripted_init(&f->t, steps, n, caps, FFA_VERSION_1_2);
	cr_assert_eq(ffa_notif_dispatch_init(&f->d, &f->t.ctx, cfg, f->slots, ARRAY_LEN(f->slots)),
		     0);
}

int info_once(uint32_t caps, enum ffa_notif_info_form form, struct ffa_regs expect,
	      struct ffa_regs reply, struct ffa_notif_info *out)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_1),
		STEP(expect, reply),
	};
	struct scripted t;
	int rc;

	scripted_init(&t, steps, ARRAY_LEN(steps), caps, FFA_VERSION_1_1);
	rc = ffa_notif_info_get(&t.ctx, form, out);
	assert_script_ok(&t);
	return rc;
}
