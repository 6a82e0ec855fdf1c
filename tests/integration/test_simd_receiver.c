/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The receiver side and the notification services over the socket: an SP
 * played by another process with libffa's receive loop (ffa_msg_dispatch:
 * direct, direct2 services by UUID, framework messages, FFA_YIELD, FFA_RUN
 * events, indirect messages) and its notification dispatcher fed by the NPI
 * frame; the scheduler's dispatcher and driver setup fed by the SRI frame
 * (its own notifications, "RX buffer full", other endpoints handed to its
 * schedule callback and run), and a VM's dispatcher. The SP reports what
 * it saw through its answers (CMD_REPORT); any failure of its loop ends it
 * with an exit code the test checks.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "simd_fixture.h"

TestSuite(simd_receiver, .init = simd_start, .fini = simd_stop);

#define USER_SP_UUID "8f1e0c4a-6b2d-4e11-9a3f-5c7d2e4b6a04"
#define NPI_INTID 5u
#define SRI_INTID 8u

enum {
	CMD_ADD = 1,    /* -> args + 1 */
	CMD_YIELD = 2,  /* FFA_YIELD first, then args + 2 */
	CMD_BIND = 3,   /* bind (dispatcher) notification args[2] from args[1] */
	CMD_SET = 4,    /* FFA_NOTIFICATION_SET args[2] to args[1], flags args[3] */
	CMD_SEND2 = 5,  /* indirect message args[2..3] to args[1], flags args[4] */
	CMD_REPORT = 6, /* -> what it saw (struct seen, below) */
	CMD_UNBIND = 7, /* unbind (dispatcher) args[2] from args[1] */
};

/* ---- The SP process ------------------------------------------------------------ */

struct seen {
	struct client c;
	struct ffa_notif_dispatch nd;
	struct ffa_notif_slot slots[8];
	uint64_t notified;  /* bits delivered to the callback */
	uint64_t npis;      /* NPI frames taken */
	uint64_t runs;      /* FFA_RUN events */
	uint64_t indirect;  /* indirect messages read */
	uint64_t payload;   /* the last one's first 8 bytes */
	uint64_t fwk;       /* framework requests: type << 16 | VM */
	uint8_t buf[256];
};

static void notified(void *arg, uint16_t sender, uint32_t id, uint16_t vcpu)
{
	struct seen *s = arg;

	(void)sender;
	(void)vcpu;
	s->notified |= 1ull << id;
}

static int sp_direct(void *arg, const struct ffa_msg *req, uint64_t reply[FFA_MSG_DIRECT_WORDS])
{
	struct seen *s = arg;
	struct ffa_msg next;
	int rc = 0;

	switch (req->args[0]) {
	case CMD_ADD:
		for (unsigned int i = 0; i < FFA_MSG_DIRECT_WORDS; i++)
			reply[i] = req->args[i] + 1;
		return FFA_DISPATCH_CONTINUE;
	case CMD_YIELD:
		/* Give the CPU back in the middle of the request. */
		rc = ffa_yield(&s->c.ctx, 0, &next);
		if (rc == 0 && next.kind != FFA_MSG_SUCCESS)
			rc = FFA_ERR_PROTOCOL;
		for (unsigned int i = 1; i < FFA_MSG_DIRECT_WORDS; i++)
			reply[i] = req->args[i] + 2;
		break;
	case CMD_BIND:
		rc = ffa_notif_dispatch_bind(&s->nd, (uint16_t)req->args[1], (uint32_t)req->args[2],
					     false, notified, s);
		break;
	case CMD_UNBIND:
		rc = ffa_notif_dispatch_unbind(&s->nd, (uint16_t)req->args[1], (uint32_t)req->args[2]);
		break;
	case CMD_SET:
		rc = ffa_notif_set(&s->c.ctx, USER_SP, (uint16_t)req->args[1], (uint32_t)req->args[3],
				   0, req->args[2]);
		break;
	case CMD_SEND2:
		rc = ffa_msg_send2(&s->c.ctx, (uint16_t)req->args[1], NULL, NULL, &req->args[2], 16,
				   (uint32_t)req->args[4]);
		break;
	case CMD_REPORT:
		reply[0] = s->notified;
		reply[1] = s->npis;
		reply[2] = s->indirect | s->runs << 32;
		reply[3] = s->payload;
		reply[4] = s->fwk;
		s->notified = 0;
		return FFA_DISPATCH_CONTINUE;
	default:
		return FFA_ERR_BAD_ARGUMENT;
	}
	reply[0] = (uint64_t)(uint32_t)rc;
	return FFA_DISPATCH_CONTINUE;
}

static int sp_framework(void *arg, const struct ffa_msg *req, uint64_t reply[FFA_MSG_DIRECT_WORDS])
{
	struct seen *s = arg;

	/* VM created / destroyed: w5 names the VM; status 0. */
	s->fwk = (uint64_t)req->fw_type << 16 | (uint16_t)req->args[2];
	reply[0] = 0;
	return FFA_DISPATCH_CONTINUE;
}

/* The default protocol (Nil UUID) and the partition's own UUID. */
static int svc_default(void *arg, const struct ffa_msg *req, uint64_t reply[FFA_MSG_DIRECT2_WORDS])
{
	(void)arg;
	for (unsigned int i = 0; i < FFA_MSG_DIRECT2_WORDS; i++)
		reply[i] = ~req->args[i];
	return FFA_DISPATCH_CONTINUE;
}

static int svc_own(void *arg, const struct ffa_msg *req, uint64_t reply[FFA_MSG_DIRECT2_WORDS])
{
	(void)arg;
	for (unsigned int i = 0; i < FFA_MSG_DIRECT2_WORDS; i++)
		reply[i] = req->args[i] * 3;
	return FFA_DISPATCH_CONTINUE;
}

/* FFA_RUN: an NPI may have come with it (the daemon sends it before the
 * answer, so it is queued by now): take the notifications; an indirect
 * message ("RX buffer full", a framework notification) is read by the
 * loop. */
static int sp_event(void *arg, const struct ffa_msg *msg)
{
	struct seen *s = arg;
	struct ffa_notif_bitmaps fw;
	uint32_t kind = 0, intid = 0;
	int rc;

	if (msg->kind == FFA_MSG_RUN)
		s->runs++;
	while ((rc = ffa_conduit_socket_poll(s->c.s, 0, &kind, &intid)) == 1) {
		if (kind != FFA_SOCK_ASYNC_NPI || intid != NPI_INTID)
			return FFA_ERR_PROTOCOL;
		s->npis++;
		rc = ffa_notif_dispatch_npi(&s->nd);
		if (rc)
			return rc;
	}
	if (rc)
		return rc;
	rc = ffa_notif_get(&s->c.ctx, USER_SP, 0, FFA_NOTIF_GET_SPM_FWK | FFA_NOTIF_GET_HYP_FWK,
			   NULL, &fw);
	if (rc)
		return rc;
	return ((fw.spm_fwk | fw.hyp_fwk) & FFA_NOTIF_FWK_RX_FULL) ? FFA_DISPATCH_READ_INDIRECT
								   : FFA_DISPATCH_CONTINUE;
}

static int sp_indirect(void *arg, const struct ffa_indirect_msg *hdr, const void *payload)
{
	struct seen *s = arg;

	if (hdr->receiver != USER_SP || hdr->size < 8)
		return FFA_ERR_PROTOCOL;
	s->indirect++;
	memcpy(&s->payload, payload, 8);
	return FFA_DISPATCH_CONTINUE;
}

static void receiver_sp(void *arg)
{
	static struct seen s;
	static struct ffa_msg_service svc[2];
	struct ffa_notif_dispatch_config nc = { .receiver = USER_SP,
						.get_flags = FFA_NOTIF_GET_SP | FFA_NOTIF_GET_VM };
	struct ffa_msg_dispatcher d = { .direct = sp_direct, .framework = sp_framework,
					.services = svc, .n_services = 2, .event = sp_event,
					.indirect = sp_indirect, .indirect_buf = s.buf,
					.indirect_cap = sizeof(s.buf), .arg = &s };
	struct ffa_msg m = { .kind = FFA_MSG_NONE };
	uint32_t npi = 0;
	int rc;

	(void)arg;
	svc[0] = (struct ffa_msg_service){ .handler = svc_default };
	svc[1] = (struct ffa_msg_service){ .handler = svc_own };
	if (ffa_uuid_parse(USER_SP_UUID, &svc[1].uuid))
		_exit(2);
	if (client_open(&s.c, USER_SP, 0, true))
		_exit(3);
	/* An SP learns its NPI; the SRI is not its business. */
	if (ffa_features_interrupt(&s.c.ctx, FFA_FEATURE_NPI, &npi) || npi != NPI_INTID ||
	    ffa_features_interrupt(&s.c.ctx, FFA_FEATURE_SRI, &npi) != FFA_ERR_NOT_SUPPORTED)
		_exit(4);
	if (ffa_notif_dispatch_init(&s.nd, &s.c.ctx, &nc, s.slots, 8))
		_exit(5);
	rc = ffa_msg_dispatch(&s.c.ctx, &d, &m);
	_exit(rc < 0 ? 10 + (-rc & 0x3F) : 6);
}

/* ---- The scheduler's side -------------------------------------------------------- */

struct sched {
	struct ffa_notif_dispatch nd;
	struct ffa_notif_slot slots[8];
	uint16_t scheduled[8];
	unsigned int nsched;
	uint64_t notified;
	unsigned int rx_messages;
	char rx_text[64];
};

static void sched_schedule(void *arg, uint16_t ep, bool per_vcpu, uint16_t vcpu)
{
	struct sched *s = arg;

	(void)per_vcpu;
	(void)vcpu;
	if (s->nsched < 8)
		s->scheduled[s->nsched++] = ep;
}

static void sched_notified(void *arg, uint16_t sender, uint32_t id, uint16_t vcpu)
{
	struct sched *s = arg;

	(void)sender;
	(void)vcpu;
	s->notified |= 1ull << id;
}

static int sched_rx(void *arg, struct ffa_ctx *ctx, uint16_t vcpu, uint32_t from, bool *released)
{
	struct sched *s = arg;
	struct ffa_indirect_msg hdr;
	int n;

	(void)vcpu;
	(void)from;
	n = ffa_msg_recv_indirect(ctx, &hdr, s->rx_text, sizeof(s->rx_text));
	*released = true;
	if (n < 0)
		return n;
	s->rx_messages++;
	return 0;
}

/* HYP (@h) with its dispatcher: wait for the SRI frame, drain INFO_GET;
 * returns how many endpoints it was asked to schedule. */
static unsigned int on_sri(struct client *h, struct sched *s)
{
	uint32_t kind = 0, intid = 0;
	bool more = true;

	assert_rc(ffa_conduit_socket_poll(h->s, -1, &kind, &intid), 1);
	cr_assert_eq(kind, FFA_SOCK_ASYNC_SRI);
	cr_assert_eq(intid, SRI_INTID);
	s->nsched = 0;
	assert_rc(ffa_notif_dispatch_sri(&s->nd, &more), 0);
	cr_assert_not(more);
	/* Every SRI frame was for this: none queued twice. */
	while (ffa_conduit_socket_poll(h->s, 0, &kind, &intid) == 1)
		cr_assert_eq(kind, FFA_SOCK_ASYNC_SRI);
	return s->nsched;
}

static void sched_init(struct client *h, struct sched *s)
{
	struct ffa_notif_dispatch_config nc = { .receiver = HYP, .schedule = sched_schedule,
						.rx_message = sched_rx, .arg = s };

	memset(s, 0, sizeof(*s));
	assert_rc(ffa_notif_dispatch_init(&s->nd, &h->ctx, &nc, s->slots, 8), 0);
}

/* ---- Tests ------------------------------------------------------------------------ */

Test(simd_receiver, receive_loop_serves_direct_direct2_framework_and_yield)
{
	struct client vm, h;
	uint64_t a[FFA_MSG_DIRECT_WORDS] = { CMD_ADD, 10, 20, 30, 40 }, r[FFA_MSG_DIRECT_WORDS];
	uint64_t a2[FFA_MSG_DIRECT2_WORDS], r2[FFA_MSG_DIRECT2_WORDS];
	struct ffa_uuid own, other;
	struct ffa_regs out;
	struct ffa_msg m;
	pid_t sp;

	client_ready(&vm, VM1);
	client_ready(&h, HYP);
	sp = sp_start(&vm, receiver_sp, CMD_ADD);
	/* Direct requests, both widths. */
	assert_rc(ffa_msg_send_direct_req(&vm.ctx, USER_SP, NULL, FFA_MSG_FLAG_32BIT, a, r), 0);
	cr_assert_eq(r[1], 11);
	cr_assert_eq(r[4], 41);
	a[4] = 1ull << 40;
	assert_rc(ffa_msg_send_direct_req(&vm.ctx, USER_SP, NULL, FFA_MSG_FLAG_64BIT, a, r), 0);
	cr_assert_eq(r[4], (1ull << 40) + 1);
	/* Direct2: the default protocol and the partition's own UUID; an
	 * undeclared UUID is refused by the partition manager. */
	for (unsigned int i = 0; i < FFA_MSG_DIRECT2_WORDS; i++)
		a2[i] = 0x0101010101010101ull * (i + 1);
	assert_rc(ffa_msg_send_direct_req2(&vm.ctx, USER_SP, NULL, NULL, a2, r2), 0);
	cr_assert_eq(r2[13], ~a2[13]);
	assert_rc(ffa_uuid_parse(USER_SP_UUID, &own), 0);
	assert_rc(ffa_msg_send_direct_req2(&vm.ctx, USER_SP, NULL, &own, a2, r2), 0);
	cr_assert_eq(r2[0], a2[0] * 3);
	other = own;
	other.b[15] ^= 0xFF;
	assert_rc(ffa_msg_send_direct_req2(&vm.ctx, USER_SP, NULL, &other, a2, r2),
		  FFA_ERR_INVALID_PARAMETERS);
	/* Framework messages from the hypervisor: VM created / destroyed,
	 * answered by the framework handler with the paired response. */
	assert_rc(ffa_msg_send_vm_created(&h.ctx, USER_SP, NULL, 0, VM2, ~0ull), 0);
	sp_ask(&vm, CMD_REPORT, 0, 0, 0, 0, r);
	cr_assert_eq(r[4], (uint64_t)FFA_FWK_VM_CREATED_REQ << 16 | VM2);
	{
		uint64_t fa[FFA_MSG_DIRECT_WORDS] = { 0, 0, VM2 }, fr[FFA_MSG_DIRECT_WORDS];
		assert_rc(ffa_msg_send_framework_req(&h.ctx, USER_SP, NULL, 0,
						     FFA_FWK_VM_DESTROYED_REQ, fa, fr),
			  0);
		cr_assert_eq(fr[0], 0);
	}
	sp_ask(&vm, CMD_REPORT, 0, 0, 0, 0, r);
	cr_assert_eq(r[4], (uint64_t)FFA_FWK_VM_DESTROYED_REQ << 16 | VM2);
	/* A request the SP yields in: libffa resumes it with FFA_RUN... */
	sp_ask(&vm, CMD_YIELD, 5, 6, 7, 8, r);
	assert_rc((int)(int32_t)r[0], 0);
	cr_assert_eq(r[1], 7);
	/* ...or reports the preemption; the caller runs it to the end. */
	assert_rc(ffa_ctx_set_preempt_policy(&vm.ctx, FFA_PREEMPT_RETURN, 0), 0);
	a[0] = CMD_YIELD;
	assert_rc(ffa_msg_send_direct_req(&vm.ctx, USER_SP, NULL, FFA_MSG_FLAG_64BIT, a, r),
		  FFA_ERR_PREEMPTED);
	cr_assert_eq(ffa_ctx_preempted(&vm.ctx)->endpoint, USER_SP);
	assert_rc(ffa_run(&vm.ctx, USER_SP, 0, &out), FFA_RUN_DIRECT_RESP);
	assert_rc(ffa_msg_decode(&vm.ctx, &out, &m), 0);
	cr_assert_eq(m.kind, FFA_MSG_DIRECT_RESP);
	cr_assert_eq(m.args[1], 12);
	sp_stop(sp);
	client_close(&h);
	client_close(&vm);
}

Test(simd_receiver, notifications_reach_the_sp_through_the_sri_schedule_and_npi)
{
	struct client vm, h;
	struct sched s;
	struct ffa_regs out;
	uint64_t r[FFA_MSG_DIRECT_WORDS];
	pid_t sp;

	client_ready(&vm, VM1);
	client_ready(&h, HYP);
	sched_init(&h, &s);
	sp = sp_start(&vm, receiver_sp, CMD_ADD);
	/* The SP binds bits 5 and 40 from VM1 with its dispatcher. */
	sp_ask(&vm, CMD_BIND, VM1, 5, 0, 0, r);
	assert_rc((int)(int32_t)r[0], 0);
	sp_ask(&vm, CMD_BIND, VM1, 40, 0, 0, r);
	assert_rc((int)(int32_t)r[0], 0);
	/* VM1 signals them: the scheduler hears the SRI, INFO_GET names the
	 * SP, the schedule callback asks for it to run. */
	assert_rc(ffa_notif_set(&vm.ctx, VM1, USER_SP, 0, 0, (1ull << 5) | (1ull << 40)), 0);
	cr_assert_eq(on_sri(&h, &s), 1);
	cr_assert_eq(s.scheduled[0], USER_SP);
	/* Run it: the NPI frame comes first, its dispatcher takes the bits. */
	assert_rc(ffa_run(&h.ctx, USER_SP, 0, &out), FFA_RUN_MSG_WAIT);
	sp_ask(&vm, CMD_REPORT, 0, 0, 0, 0, r);
	cr_assert_eq(r[0], (1ull << 5) | (1ull << 40));
	cr_assert_eq(r[1], 1);         /* one NPI */
	cr_assert_eq(r[2] >> 32, 1);   /* one FFA_RUN event */
	/* Nothing pending: a run brings no NPI. */
	assert_rc(ffa_run(&h.ctx, USER_SP, 0, &out), FFA_RUN_MSG_WAIT);
	sp_ask(&vm, CMD_REPORT, 0, 0, 0, 0, r);
	cr_assert_eq(r[0], 0);
	cr_assert_eq(r[1], 1);
	/* Unbound (dispatcher): VM1 can no longer signal bit 5. */
	sp_ask(&vm, CMD_UNBIND, VM1, 5, 0, 0, r);
	assert_rc((int)(int32_t)r[0], 0);
	assert_rc(ffa_notif_set(&vm.ctx, VM1, USER_SP, 0, 0, 1ull << 5), FFA_ERR_DENIED);
	sp_stop(sp);
	client_close(&h);
	client_close(&vm);
}

Test(simd_receiver, indirect_messages_to_and_from_the_sp)
{
	struct client vm, h;
	struct sched s;
	struct ffa_regs out;
	struct ffa_indirect_msg hdr;
	uint64_t r[FFA_MSG_DIRECT_WORDS], got[2];
	static const char text[16] = "to the user SP!";
	pid_t sp;

	client_ready(&vm, VM1);
	client_ready(&h, HYP);
	sched_init(&h, &s);
	sp = sp_start(&vm, receiver_sp, CMD_ADD);
	/* VM1 -> SP: SRI, schedule, run: "RX buffer full" is pending, so the
	 * NPI comes; the SP's loop reads the message. */
	assert_rc(ffa_msg_send2(&vm.ctx, USER_SP, NULL, NULL, text, sizeof(text), 0), 0);
	assert_rc(ffa_msg_send2(&vm.ctx, USER_SP, NULL, NULL, text, sizeof(text), 0),
		  FFA_ERR_BUSY); /* its RX buffer is full until read */
	cr_assert_eq(on_sri(&h, &s), 1);
	cr_assert_eq(s.scheduled[0], USER_SP);
	assert_rc(ffa_run(&h.ctx, USER_SP, 0, &out), FFA_RUN_MSG_WAIT);
	sp_ask(&vm, CMD_REPORT, 0, 0, 0, 0, r);
	cr_assert_eq(r[2] & 0xFFFFFFFF, 1);
	cr_assert_eq(memcmp(&r[3], text, 8), 0);
	cr_assert_eq(r[1], 1); /* the NPI */
	/* SP -> VM1, the SRI delayed until the SP gives the CPU back: the
	 * schedule callback names VM1, which reads it. */
	memcpy(got, "from the SP ...", 16);
	sp_ask(&vm, CMD_SEND2, VM1, got[0], got[1], FFA_MSG_SEND2_FLAG_DELAY_SRI, r);
	assert_rc((int)(int32_t)r[0], 0);
	cr_assert_eq(on_sri(&h, &s), 1);
	cr_assert_eq(s.scheduled[0], VM1);
	{
		char buf[32];
		assert_rc(ffa_msg_recv_indirect(&vm.ctx, &hdr, buf, sizeof(buf)), 16);
		cr_assert_eq(hdr.sender, USER_SP);
		cr_assert_str_eq(buf, "from the SP ...");
	}
	sp_stop(sp);
	client_close(&h);
	client_close(&vm);
}

Test(simd_receiver, scheduler_driver_and_dispatchers_with_the_sri)
{
	struct client vm, h;
	struct sched s;
	struct ffa_notif_driver drv, vdrv;
	struct ffa_notif_dispatch vnd;
	struct ffa_notif_slot vslots[4];
	struct ffa_notif_dispatch_config vc = { .receiver = VM1 };
	struct ffa_regs out;
	uint64_t r[FFA_MSG_DIRECT_WORDS];
	struct sched vs = { 0 };
	static const char hello[] = "bounced by echo";
	pid_t sp;

	client_ready(&vm, VM1);
	client_ready(&h, HYP);
	sched_init(&h, &s);
	/* The scheduler's driver: its own bitmap, the SRI; no NPI for it. */
	assert_rc(ffa_notif_driver_setup(&h.ctx, &drv, HYP, 1), 0);
	cr_assert(drv.bitmap_created);
	cr_assert(drv.has_sri);
	cr_assert_eq(drv.sri_intid, SRI_INTID);
	cr_assert_not(drv.has_npi);
	/* A VM's driver: only the hypervisor creates bitmaps - not an error. */
	assert_rc(ffa_notif_driver_setup(&vm.ctx, &vdrv, VM1, 1), 0);
	cr_assert_not(vdrv.bitmap_created);
	cr_assert_not(vdrv.has_sri);
	assert_rc(ffa_notif_bitmap_create(&h.ctx, VM1, 1), 0);
	sp = sp_start(&vm, receiver_sp, CMD_ADD);
	/* The scheduler's own notification from the SP: listed as itself in
	 * INFO_GET, taken and delivered in the SRI handler. */
	assert_rc(ffa_notif_dispatch_bind(&s.nd, USER_SP, 7, false, sched_notified, &s), 0);
	sp_ask(&vm, CMD_SET, HYP, 1ull << 7, 0, 0, r);
	assert_rc((int)(int32_t)r[0], 0);
	cr_assert_eq(on_sri(&h, &s), 0);
	cr_assert_eq(s.notified, 1ull << 7);
	/* A VM's notification from the SP: the VM is scheduled; its own
	 * dispatcher takes it (vCPU 0). */
	assert_rc(ffa_notif_dispatch_init(&vnd, &vm.ctx, &vc, vslots, 4), 0);
	assert_rc(ffa_notif_dispatch_register(&vnd, USER_SP, 3, false, sched_notified, &vs), 0);
	assert_rc(ffa_notif_dispatch_unregister(&vnd, USER_SP, 3), 0);
	assert_rc(ffa_notif_dispatch_bind(&vnd, USER_SP, 3, false, sched_notified, &vs), 0);
	sp_ask(&vm, CMD_SET, VM1, 1ull << 3, 0, 0, r);
	assert_rc((int)(int32_t)r[0], 0);
	cr_assert_eq(on_sri(&h, &s), 1);
	cr_assert_eq(s.scheduled[0], VM1);
	assert_rc(ffa_notif_dispatch_vcpu(&vnd, 0), 0);
	cr_assert_eq(vs.notified, 1ull << 3);
	assert_rc(ffa_notif_dispatch_unbind(&vnd, USER_SP, 3), 0);
	/* "RX buffer full" for the scheduler: echo sends its message back;
	 * the dispatcher's RX handler reads it. */
	assert_rc(ffa_msg_send2(&h.ctx, ECHO, NULL, NULL, hello, sizeof(hello), 0), 0);
	cr_assert_eq(on_sri(&h, &s), 1);
	cr_assert_eq(s.scheduled[0], ECHO);
	assert_rc(ffa_run(&h.ctx, ECHO, 0, &out), FFA_RUN_MSG_WAIT);
	cr_assert_eq(on_sri(&h, &s), 0);
	cr_assert_eq(s.rx_messages, 1);
	cr_assert_str_eq(s.rx_text, hello);
	/* Teardown: bits unbound first, then the bitmap goes. */
	assert_rc(ffa_notif_dispatch_unbind(&s.nd, USER_SP, 7), 0);
	assert_rc(ffa_notif_driver_teardown(&h.ctx, &drv), 0);
	cr_assert_not(drv.bitmap_created);
	assert_rc(ffa_notif_driver_teardown(&vm.ctx, &vdrv), 0);
	assert_rc(ffa_notif_bitmap_destroy(&h.ctx, VM1), 0);
	sp_stop(sp);
	client_close(&h);
	client_close(&vm);
}
