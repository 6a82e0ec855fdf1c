/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Conformance: direct messaging (REQ/RESP 32/64, REQ2/RESP2 by UUID),
 * run states (FFA_MSG_WAIT, FFA_RUN, FFA_YIELD, FFA_INTERRUPT), external
 * partitions played by the test through ffa_sim_call(), and indirect
 * messages (FFA_MSG_SEND2) (ffa-abi.md 4.2, 4.3, 9, 10, 12).
 */
#include "sim_test.h"

/* The standard fixture with HYP and VM at v1.2. */
static void setup(void)
{
	fx_setup();
	fx_version(&F, HYP, FFA_VERSION_1_2);
	fx_version(&F, VM, FFA_VERSION_1_2);
}

#define REQ32(from, to, ...) FRAME(FFA_MSG_SEND_DIRECT_REQ_32, ((uint32_t)(from) << 16) | (to), __VA_ARGS__)
#define REQ64(from, to, ...) FRAME(FFA_MSG_SEND_DIRECT_REQ_64, ((uint32_t)(from) << 16) | (to), __VA_ARGS__)
#define RESP32(from, to, ...) FRAME(FFA_MSG_SEND_DIRECT_RESP_32, ((uint32_t)(from) << 16) | (to), __VA_ARGS__)
#define RUN(ep) FRAME(FFA_RUN_32, (uint32_t)(ep) << 16)

static struct ffa_regs req2(uint16_t from, uint16_t to, const struct ffa_uuid *u)
{
	struct ffa_regs in = FRAME(FFA_MSG_SEND_DIRECT_REQ2_64, ((uint32_t)from << 16) | to);

	ffa_uuid_to_regs64(u, &in.x[2], &in.x[3]);
	for (unsigned int i = 4; i < FFA_REGS_COUNT; i++)
		in.x[i] = 0x1111111111111111ull * i;
	return in;
}

/* EXT negotiates @v and finishes initialising (blocks in MSG_WAIT). */
static void ext_ready(uint32_t v)
{
	fx_version(&F, EXT, v);
	fx_call_blocks(&F, EXT, FRAME(FFA_MSG_WAIT_32));
}

/* HYP sends EXT a REQ_32 that EXT receives; returns what EXT got. */
static struct ffa_regs ext_gets_request(uint16_t from)
{
	fx_call_blocks(&F, from, REQ32(from, EXT, 0, 10, 20, 30, 40, 50));
	return fx_take(&F, EXT);
}

TestSuite(conf_direct, .init = setup, .fini = fx_teardown);

Test(conf_direct, req32_to_builtin_echo_answered_with_resp32)
{
	struct ffa_regs r = fx_call(&F, HYP, REQ32(HYP, ECHO, 0, 1, 2, 3, 4, 0xFFFFFFFFu));

	cr_assert_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	cr_assert_eq(r.x[1], 0x80010000u);
	cr_assert_eq(r.x[2], 0);
	for (unsigned int i = 3; i < 8; i++)
		cr_assert_eq(r.x[i], i == 7 ? 0xFFFFFFFFu : i - 2);
}

Test(conf_direct, req64_answered_with_resp64_upper_registers_not_forwarded)
{
	struct ffa_regs in = REQ64(HYP, ECHO, 0, 1ull << 40, 2, 3, 4, 5);
	struct ffa_regs r;

	in.x[8] = 0x8888;
	r = fx_call(&F, HYP, in);
	cr_assert_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	cr_assert_eq(r.x[3], 1ull << 40);
	cr_assert_eq(r.x[8], 0);
}

Test(conf_direct, req32_payload_upper_halves_not_forwarded)
{
	struct ffa_regs r = fx_call(&F, HYP, REQ32(HYP, ECHO, 0, 0xAB00000001ull, 2, 3, 4, 5));

	cr_assert_eq(r.x[3], 1);
}

Test(conf_direct, sender_field_not_the_caller_invalid)
{
	assert_ffa_error(fx_call(&F, HYP, REQ32(VM, ECHO, 0)), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_direct, receiver_unknown_spmc_or_normal_world_invalid)
{
	assert_ffa_error(fx_call(&F, HYP, REQ32(HYP, NO_SUCH_SP, 0)), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(fx_call(&F, HYP, REQ32(HYP, SPMC, 0)), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(fx_call(&F, HYP, REQ32(HYP, VM, 0)), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_direct, partition_not_receiving_direct_requests_denied)
{
	assert_ffa_error(fx_call(&F, HYP, REQ32(HYP, QUIET, 0)), FFA_ERR_DENIED);
}

Test(conf_direct, smc64_request_to_aarch32_partition_invalid)
{
	assert_ffa_error(fx_call(&F, HYP, REQ64(HYP, A32, 0)), FFA_ERR_INVALID_PARAMETERS);
	cr_assert_eq(fx_call(&F, HYP, REQ32(HYP, A32, 0, 7)).x[0], FFA_MSG_SEND_DIRECT_RESP_32);
}

Test(conf_direct, partition_message_flags_mbz)
{
	assert_ffa_error(fx_call(&F, HYP, REQ32(HYP, ECHO, 1)), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_direct, x1_upper_half_of_smc64_request_mbz)
{
	struct ffa_regs in = REQ64(HYP, ECHO, 0);

	in.x[1] |= 1ull << 40;
	assert_ffa_error(fx_call(&F, HYP, in), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_direct, vm_created_framework_message_acknowledged)
{
	struct ffa_regs r = fx_call(&F, HYP, REQ32(HYP, ECHO, 0x80000004u, 0xFFFFFFFFu,
						   0xFFFFFFFFu, VM));

	cr_assert_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	cr_assert_eq(r.x[2], 0x80000005u);
	cr_assert_eq(r.x[3], 0);
}

Test(conf_direct, framework_message_rules)
{
	/* Only from the hypervisor, only types 4/6, only to partitions
	 * that asked for them. */
	assert_ffa_error(fx_call(&F, VM, REQ32(VM, ECHO, 0x80000004u)), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(fx_call(&F, HYP, REQ32(HYP, ECHO, 0x80000008u)),
			 FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(fx_call(&F, HYP, REQ32(HYP, ECHO, 0x80000104u)),
			 FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(fx_call(&F, HYP, REQ32(HYP, NOTI, 0x80000006u)), FFA_ERR_DENIED);
}

Test(conf_direct, external_partition_still_initialising_busy)
{
	assert_ffa_error(fx_call(&F, HYP, REQ32(HYP, EXT, 0)), FFA_ERR_BUSY);
}

Test(conf_direct, external_partition_request_and_response)
{
	struct ffa_regs got, r;
	uint32_t wakes;

	ext_ready(FFA_VERSION_1_2);
	got = ext_gets_request(HYP);
	cr_assert_eq(got.x[0], FFA_MSG_SEND_DIRECT_REQ_32);
	cr_assert_eq(got.x[1], ((uint32_t)HYP << 16) | EXT);
	cr_assert_eq(got.x[3], 10);
	cr_assert(ffa_sim_blocked(F.sim, HYP));
	wakes = F.wakes;
	fx_call_blocks(&F, EXT, RESP32(EXT, HYP, 0, 99, 98));
	cr_assert_eq(F.wakes, wakes + 1);
	cr_assert_eq(F.last_woken, HYP);
	r = fx_take(&F, HYP);
	cr_assert_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	cr_assert_eq(r.x[1], ((uint32_t)EXT << 16) | HYP);
	cr_assert_eq(r.x[3], 99);
	cr_assert_eq(r.x[4], 98);
	cr_assert_not(ffa_sim_blocked(F.sim, HYP));
	cr_assert(ffa_sim_blocked(F.sim, EXT)); /* waiting for the next one */
}

Test(conf_direct, response_to_the_wrong_endpoint_denied)
{
	ext_ready(FFA_VERSION_1_2);
	ext_gets_request(HYP);
	assert_ffa_error(fx_call(&F, EXT, RESP32(EXT, VM, 0, 1)), FFA_ERR_DENIED);
	/* Nothing changed: the right response still goes through. */
	fx_call_blocks(&F, EXT, RESP32(EXT, HYP, 0, 1));
	cr_assert_eq(fx_take(&F, HYP).x[3], 1);
}

Test(conf_direct, response_sender_field_not_the_caller_invalid)
{
	ext_ready(FFA_VERSION_1_2);
	ext_gets_request(HYP);
	assert_ffa_error(fx_call(&F, EXT, RESP32(ECHO, HYP, 0)), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_direct, response_without_a_request_denied)
{
	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_error(fx_call(&F, EXT, RESP32(EXT, HYP, 0)), FFA_ERR_DENIED);
}

Test(conf_direct, response_flags_mbz)
{
	ext_ready(FFA_VERSION_1_2);
	ext_gets_request(HYP);
	assert_ffa_error(fx_call(&F, EXT, RESP32(EXT, HYP, 0x80000005u)),
			 FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_direct, resp2_to_a_req_and_resp_to_a_req2_denied)
{
	struct ffa_regs resp2 = FRAME(FFA_MSG_SEND_DIRECT_RESP2_64, ((uint32_t)EXT << 16) | HYP);

	ext_ready(FFA_VERSION_1_2);
	ext_gets_request(HYP);
	assert_ffa_error(fx_call(&F, EXT, resp2), FFA_ERR_DENIED);
	fx_call_blocks(&F, EXT, RESP32(EXT, HYP, 0));
	fx_take(&F, HYP);
	fx_call_blocks(&F, HYP, req2(HYP, EXT, &EXT_UUID));
	cr_assert_eq(fx_take(&F, EXT).x[0], FFA_MSG_SEND_DIRECT_REQ2_64);
	assert_ffa_error(fx_call(&F, EXT, RESP32(EXT, HYP, 0)), FFA_ERR_DENIED);
	fx_call_blocks(&F, EXT, resp2);
	cr_assert_eq(fx_take(&F, HYP).x[0], FFA_MSG_SEND_DIRECT_RESP2_64);
}

Test(conf_direct, partition_handling_a_request_cannot_receive_another)
{
	ext_ready(FFA_VERSION_1_2);
	ext_gets_request(HYP);
	assert_ffa_error(fx_call(&F, VM, REQ32(VM, EXT, 0)), FFA_ERR_BUSY);
}

Test(conf_direct, msg_wait_before_responding_denied)
{
	ext_ready(FFA_VERSION_1_2);
	ext_gets_request(HYP);
	assert_ffa_error(fx_call(&F, EXT, FRAME(FFA_MSG_WAIT_32)), FFA_ERR_DENIED);
}

Test(conf_direct, partition_sends_only_while_running)
{
	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_error(fx_call(&F, EXT, REQ32(EXT, ECHO, 0)), FFA_ERR_DENIED);
}

Test(conf_direct, nested_request_from_an_external_partition)
{
	struct ffa_regs r;

	ext_ready(FFA_VERSION_1_2);
	ext_gets_request(HYP);
	r = fx_call(&F, EXT, REQ64(EXT, ECHO, 0, 77));
	cr_assert_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	cr_assert_eq(r.x[3], 77);
	assert_ffa_error(fx_call(&F, EXT, REQ32(EXT, EXT, 0)), FFA_ERR_INVALID_PARAMETERS);
	fx_call_blocks(&F, EXT, RESP32(EXT, HYP, 0, 77));
	cr_assert_eq(fx_take(&F, HYP).x[3], 77);
}

Test(conf_direct, partition_without_send_property_denied)
{
	fx_teardown();
	fx_config(&F);
	F.eps[4].properties &= ~FFA_PART_PROP_DIRECT_REQ_SEND;
	fx_create(&F);
	fx_version(&F, HYP, FFA_VERSION_1_2);
	ext_ready(FFA_VERSION_1_2);
	ext_gets_request(HYP);
	assert_ffa_error(fx_call(&F, EXT, REQ32(EXT, ECHO, 0)), FFA_ERR_DENIED);
}

/* ---- REQ2 ---------------------------------------------------------------------- */

Test(conf_direct, req2_by_uuid_echoes_x4_to_x17)
{
	struct ffa_regs in = req2(HYP, ECHO, &ECHO_UUID), r;

	r = fx_call(&F, HYP, in);
	cr_assert_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP2_64);
	cr_assert_eq(r.x[1], 0x80010000u);
	cr_assert_eq(r.x[2], 0);
	cr_assert_eq(r.x[3], 0);
	for (unsigned int i = 4; i < FFA_REGS_COUNT; i++)
		cr_assert_eq(r.x[i], in.x[i]);
	cr_assert_eq(fx_call(&F, HYP, req2(HYP, ECHO, &SHARED_UUID)).x[0],
		     FFA_MSG_SEND_DIRECT_RESP2_64);
}

Test(conf_direct, req2_nil_uuid_is_the_default_protocol)
{
	cr_assert_eq(fx_call(&F, HYP, req2(HYP, ECHO, NULL)).x[0], FFA_MSG_SEND_DIRECT_RESP2_64);
}

Test(conf_direct, req2_uuid_not_served_invalid)
{
	assert_ffa_error(fx_call(&F, HYP, req2(HYP, ECHO, &EXT_UUID)), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_direct, req2_to_partition_without_req2_property_denied)
{
	assert_ffa_error(fx_call(&F, HYP, req2(HYP, NOTI, &NOTI_UUID)), FFA_ERR_DENIED);
}

Test(conf_direct, req2_below_v1_2_not_supported)
{
	fx_teardown();
	fx_config(&F);
	fx_create(&F);
	fx_version(&F, VM, FFA_VERSION_1_1);
	assert_ffa_error(fx_call(&F, VM, req2(VM, ECHO, &ECHO_UUID)), FFA_ERR_NOT_SUPPORTED);
}

Test(conf_direct, req2_to_partition_at_v1_1_denied)
{
	ext_ready(FFA_VERSION_1_1);
	assert_ffa_error(fx_call(&F, HYP, req2(HYP, EXT, &EXT_UUID)), FFA_ERR_DENIED);
}

Test(conf_direct, req2_x1_upper_half_mbz)
{
	struct ffa_regs in = req2(HYP, ECHO, &ECHO_UUID);

	in.x[1] |= 1ull << 40;
	assert_ffa_error(fx_call(&F, HYP, in), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_direct, resp2_uuid_registers_mbz)
{
	struct ffa_regs resp2 = FRAME(FFA_MSG_SEND_DIRECT_RESP2_64, ((uint32_t)EXT << 16) | HYP, 1);

	ext_ready(FFA_VERSION_1_2);
	fx_call_blocks(&F, HYP, req2(HYP, EXT, NULL));
	fx_take(&F, EXT);
	assert_ffa_error(fx_call(&F, EXT, resp2), FFA_ERR_INVALID_PARAMETERS);
}

/* ---- Run states ------------------------------------------------------------------------ */

TestSuite(conf_run, .init = setup, .fini = fx_teardown);

/* HYP's request @req (w4: the value ECHO echoes) makes ECHO stop with
 * @stop (FFA_YIELD or FFA_INTERRUPT, naming ECHO in w1); HYP's FFA_RUN of
 * ECHO then gives the response @resp with the value in w4. */
static void stopped_then_run(struct ffa_regs req, uint32_t stop, uint32_t resp)
{
	struct ffa_regs r = fx_call(&F, HYP, req);

	cr_assert_eq(r.x[0], stop);
	cr_assert_eq(r.x[1], (uint32_t)ECHO << 16);
	r = fx_call(&F, HYP, RUN(ECHO));
	cr_assert_eq(r.x[0], resp);
	cr_assert_eq(r.x[4], req.x[4]);
}

Test(conf_run, builtin_yield_then_run_gives_the_response)
{
	stopped_then_run(REQ32(HYP, ECHO, 0, FFA_SIM_ECHO_YIELD, 5), FFA_YIELD_32,
			 FFA_MSG_SEND_DIRECT_RESP_32);
}

Test(conf_run, builtin_interrupt_then_run_gives_the_response)
{
	stopped_then_run(REQ64(HYP, ECHO, 0, FFA_SIM_ECHO_INTERRUPT, 6), FFA_INTERRUPT_32,
			 FFA_MSG_SEND_DIRECT_RESP_64);
}

Test(conf_run, only_the_preempted_requester_may_resume)
{
	fx_call(&F, HYP, REQ32(HYP, ECHO, 0, FFA_SIM_ECHO_YIELD));
	assert_ffa_error(fx_call(&F, VM, RUN(ECHO)), FFA_ERR_DENIED);
	assert_ffa_error(fx_call(&F, VM, REQ32(VM, ECHO, 0)), FFA_ERR_BUSY);
	cr_assert_eq(fx_call(&F, HYP, RUN(ECHO)).x[0], FFA_MSG_SEND_DIRECT_RESP_32);
}

Test(conf_run, run_bad_target_or_vcpu_invalid)
{
	assert_ffa_error(fx_call(&F, HYP, RUN(NO_SUCH_SP)), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(fx_call(&F, HYP, RUN(VM)), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_RUN_32, ((uint32_t)ECHO << 16) | 4)),
			 FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_run, run_of_a_waiting_builtin_returns_msg_wait)
{
	struct ffa_regs r = fx_call(&F, HYP, FRAME(FFA_RUN_32, ((uint32_t)ECHO << 16) | 3));

	cr_assert_eq(r.x[0], FFA_MSG_WAIT_32);
}

Test(conf_run, run_of_a_starting_or_running_partition_busy)
{
	assert_ffa_error(fx_call(&F, HYP, RUN(EXT)), FFA_ERR_BUSY);
	ext_ready(FFA_VERSION_1_2);
	ext_gets_request(VM);
	assert_ffa_error(fx_call(&F, HYP, RUN(EXT)), FFA_ERR_BUSY);
}

Test(conf_run, external_woken_by_run_gets_ffa_run_and_returns_msg_wait)
{
	struct ffa_regs got;

	ext_ready(FFA_VERSION_1_2);
	fx_call_blocks(&F, HYP, FRAME(FFA_RUN_32, ((uint32_t)EXT << 16) | 1));
	got = fx_take(&F, EXT);
	cr_assert_eq(got.x[0], FFA_RUN_32);
	cr_assert_eq(got.x[1], ((uint32_t)EXT << 16) | 1);
	fx_call_blocks(&F, EXT, FRAME(FFA_MSG_WAIT_32));
	cr_assert_eq(fx_take(&F, HYP).x[0], FFA_MSG_WAIT_32);
}

Test(conf_run, external_yield_with_timeout_then_resume)
{
	struct ffa_regs r;

	ext_ready(FFA_VERSION_1_2);
	ext_gets_request(HYP);
	fx_call_blocks(&F, EXT, FRAME(FFA_YIELD_32, 0, 1000, 2));
	r = fx_take(&F, HYP);
	cr_assert_eq(r.x[0], FFA_YIELD_32);
	cr_assert_eq(r.x[1], (uint32_t)EXT << 16);
	cr_assert_eq(r.x[2], 1000);
	cr_assert_eq(r.x[3], 2);
	fx_call_blocks(&F, HYP, RUN(EXT));
	cr_assert_eq(fx_take(&F, EXT).x[0], FFA_SUCCESS_32); /* its YIELD returns */
	fx_call_blocks(&F, EXT, RESP32(EXT, HYP, 0, 3));
	r = fx_take(&F, HYP);
	cr_assert_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP_32); /* RUN ends in the response */
	cr_assert_eq(r.x[3], 3);
}

Test(conf_run, yield_with_nobody_to_yield_to_denied)
{
	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_error(fx_call(&F, EXT, FRAME(FFA_YIELD_32)), FFA_ERR_DENIED);
}

Test(conf_run, yield_timeout_mbz_before_v1_2)
{
	ext_ready(FFA_VERSION_1_1);
	ext_gets_request(HYP);
	assert_ffa_error(fx_call(&F, EXT, FRAME(FFA_YIELD_32, 0, 5)), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_run, normal_world_msg_wait_and_yield_not_supported)
{
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_MSG_WAIT_32)), FFA_ERR_NOT_SUPPORTED);
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_YIELD_32)), FFA_ERR_NOT_SUPPORTED);
}

Test(conf_run, host_interrupt_holds_the_partitions_calls_until_resumed)
{
	struct ffa_regs r;

	ext_ready(FFA_VERSION_1_2);
	ext_gets_request(HYP);
	cr_assert_eq(ffa_sim_interrupt(F.sim, EXT, 42), 0);
	fx_check(&F);
	r = fx_take(&F, HYP);
	cr_assert_eq(r.x[0], FFA_INTERRUPT_32);
	cr_assert_eq(r.x[1], (uint32_t)EXT << 16);
	cr_assert_eq(r.x[2], 42);
	/* The partition's response is held... */
	fx_call_blocks(&F, EXT, RESP32(EXT, HYP, 0, 8));
	cr_assert_not(ffa_sim_blocked(F.sim, HYP));
	/* ...and runs when resumed: RUN ends in the response at once. */
	r = fx_call(&F, HYP, RUN(EXT));
	cr_assert_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	cr_assert_eq(r.x[3], 8);
	cr_assert(ffa_sim_blocked(F.sim, EXT));
}

Test(conf_run, host_interrupt_of_an_idle_partition_denied)
{
	ext_ready(FFA_VERSION_1_2);
	cr_assert_eq(ffa_sim_interrupt(F.sim, EXT, 1), FFA_ERR_DENIED);
	cr_assert_eq(ffa_sim_interrupt(F.sim, ECHO, 1), FFA_ERR_BAD_ARGUMENT);
}

Test(conf_run, partition_cannot_run_a_waiting_partition)
{
	ext_ready(FFA_VERSION_1_2);
	ext_gets_request(HYP);
	assert_ffa_error(fx_call(&F, EXT, RUN(ECHO)), FFA_ERR_DENIED);
}

Test(conf_run, partition_resumes_what_it_preempted)
{
	struct ffa_regs r;

	ext_ready(FFA_VERSION_1_2);
	ext_gets_request(HYP);
	r = fx_call(&F, EXT, REQ32(EXT, ECHO, 0, FFA_SIM_ECHO_YIELD, 4));
	cr_assert_eq(r.x[0], FFA_YIELD_32);
	r = fx_call(&F, EXT, RUN(ECHO));
	cr_assert_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	cr_assert_eq(r.x[4], 4);
}

Test(conf_run, interrupt_called_by_an_endpoint_denied)
{
	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_error(fx_call(&F, EXT, FRAME(FFA_INTERRUPT_32)), FFA_ERR_DENIED);
}

Test(conf_run, blocked_endpoint_cannot_call_again)
{
	struct ffa_regs out;
	struct ffa_regs in = FRAME(FFA_ID_GET_32);

	ext_ready(FFA_VERSION_1_2);
	cr_assert_eq(ffa_sim_call(F.sim, EXT, &in, &out), FFA_ERR_BAD_ARGUMENT);
	cr_assert_eq(ffa_sim_take_answer(F.sim, EXT, &out), 0);
	cr_assert_eq(ffa_sim_take_answer(F.sim, VM, &out), FFA_ERR_BAD_ARGUMENT);
	fx_check(&F);
}

/* ---- MSG_WAIT and the RX buffer --------------------------------------------------------- */

/* VM sends an indirect message to EXT (which owns its RX afterwards). */
static void message_to_ext(void)
{
	uint8_t *tx = fx_tx(&F, VM);

	memset(tx, 0, 64);
	tx[8] = 40;
	tx[12] = (uint8_t)EXT;
	tx[13] = (uint8_t)(EXT >> 8);
	tx[14] = (uint8_t)VM;
	tx[16] = 4;
	memcpy(tx + 40, "ping", 4);
	assert_ffa_success(fx_call(&F, VM, FRAME(FFA_MSG_SEND2_32)));
}

/* EXT (at @v), run by HYP, receives an indirect message from VM, calls
 * FFA_MSG_WAIT with @flags and is run again; answers its RX_RELEASE. */
static struct ffa_regs release_after_msg_wait(uint32_t v, uint32_t flags)
{
	ext_ready(v);
	assert_ffa_success(fx_map(&F, VM));
	fx_call_blocks(&F, HYP, RUN(EXT));
	fx_take(&F, EXT);
	assert_ffa_success(fx_map(&F, EXT));
	message_to_ext();
	fx_call_blocks(&F, EXT, FRAME(FFA_MSG_WAIT_32, 0, flags));
	fx_take(&F, HYP);
	fx_call_blocks(&F, HYP, RUN(EXT));
	fx_take(&F, EXT);
	return fx_call(&F, EXT, FRAME(FFA_RX_RELEASE_32));
}

Test(conf_run, msg_wait_releases_the_rx_buffer)
{
	assert_ffa_error(release_after_msg_wait(FFA_VERSION_1_2, 0), FFA_ERR_DENIED);
}

Test(conf_run, msg_wait_retain_flag_keeps_the_rx_buffer)
{
	assert_ffa_success(release_after_msg_wait(FFA_VERSION_1_2, 1));
}

Test(conf_run, msg_wait_flags_mbz)
{
	fx_version(&F, EXT, FFA_VERSION_1_2);
	assert_ffa_error(fx_call(&F, EXT, FRAME(FFA_MSG_WAIT_32, 0, 2)), FFA_ERR_INVALID_PARAMETERS);
	fx_teardown();
	setup();
	fx_version(&F, EXT, FFA_VERSION_1_1);
	assert_ffa_error(fx_call(&F, EXT, FRAME(FFA_MSG_WAIT_32, 0, 1)), FFA_ERR_INVALID_PARAMETERS);
}

TestSuite(conf_run_quirks, .fini = fx_teardown);

Test(conf_run_quirks, msg_wait_release_only_for_v1_2_callers)
{
	fx_config(&F);
	F.cfg.quirks.msg_wait_release = FFA_SIM_MSG_WAIT_RELEASE_V1_2;
	fx_create(&F);
	fx_version(&F, HYP, FFA_VERSION_1_2);
	fx_version(&F, VM, FFA_VERSION_1_2);
	assert_ffa_success(release_after_msg_wait(FFA_VERSION_1_1, 0)); /* v1.1: kept */
}

/* ---- Indirect messages ------------------------------------------------------------------- */

TestSuite(conf_indirect, .init = setup, .fini = fx_teardown);

/* Write a v1.2 (40-byte) header from @from to @to, payload @len at @off. */
static void header(uint8_t *tx, uint16_t from, uint16_t to, uint32_t off, uint32_t len)
{
	memset(tx, 0, 40);
	tx[8] = (uint8_t)off;
	tx[9] = (uint8_t)(off >> 8);
	tx[12] = (uint8_t)to;
	tx[13] = (uint8_t)(to >> 8);
	tx[14] = (uint8_t)from;
	tx[15] = (uint8_t)(from >> 8);
	tx[16] = (uint8_t)len;
	tx[17] = (uint8_t)(len >> 8);
}

static struct ffa_regs send2(uint16_t ep)
{
	return fx_call(&F, ep, FRAME(FFA_MSG_SEND2_32));
}

Test(conf_indirect, echo_round_trip_with_notifications)
{
	uint8_t *tx = fx_tx(&F, HYP), *rx = fx_rx(&F, HYP);
	struct ffa_regs r;
	uint32_t sri = F.sri_seen;

	assert_ffa_success(fx_map(&F, HYP));
	header(tx, HYP, ECHO, 48, 5);
	memcpy(tx + 24, SHARED_UUID.b, 16);
	memcpy(tx + 48, "hello", 5);
	assert_ffa_success(send2(HYP));
	cr_assert_eq(F.sri_seen, sri + 1);
	cr_assert_eq(ffa_sim_take_sri(F.sim), sri + 1);
	/* The scheduler learns ECHO has something and runs it. */
	r = fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_INFO_GET_64));
	cr_assert_eq(r.x[0], FFA_SUCCESS_64);
	cr_assert_eq((r.x[2] >> 7) & 0x1F, 1);
	cr_assert_eq(r.x[3] & 0xFFFF, ECHO);
	cr_assert_eq(fx_call(&F, HYP, RUN(ECHO)).x[0], FFA_MSG_WAIT_32);
	/* The echo is in HYP's RX buffer, v1.2 layout, UUID kept. */
	cr_assert_eq(rx[8], 40);
	cr_assert_eq(rx[12] | rx[13] << 8, HYP);
	cr_assert_eq(rx[14] | rx[15] << 8, ECHO);
	cr_assert_eq(rx[16], 5);
	cr_assert_arr_eq(rx + 24, SHARED_UUID.b, 16);
	cr_assert_arr_eq(rx + 40, "hello", 5);
	r = fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_GET_32, HYP, 0x4));
	cr_assert_eq(r.x[6], 1); /* SPM framework: RX buffer full */
	assert_ffa_success(fx_call(&F, HYP, FRAME(FFA_RX_RELEASE_32)));
}

Test(conf_indirect, receiver_at_v1_1_gets_the_20_byte_header)
{
	uint8_t *tx, *rx;

	fx_teardown();
	fx_config(&F);
	fx_create(&F);
	tx = fx_tx(&F, HYP);
	rx = fx_rx(&F, VM);
	fx_version(&F, HYP, FFA_VERSION_1_2);
	fx_version(&F, VM, FFA_VERSION_1_1);
	assert_ffa_success(fx_map(&F, HYP));
	assert_ffa_success(fx_map(&F, VM));
	header(tx, HYP, VM, 100, 3);
	memcpy(tx + 100, "abc", 3);
	assert_ffa_success(send2(HYP));
	cr_assert_eq(rx[8], 20);
	cr_assert_eq(rx[14] | rx[15] << 8, HYP);
	cr_assert_arr_eq(rx + 20, "abc", 3);
	cr_assert_eq(rx[23], 0);
}

Test(conf_indirect, receiver_rx_full_busy)
{
	uint8_t *tx = fx_tx(&F, HYP);

	assert_ffa_success(fx_map(&F, HYP));
	assert_ffa_success(fx_map(&F, VM));
	header(tx, HYP, VM, 40, 1);
	assert_ffa_success(send2(HYP));
	assert_ffa_error(send2(HYP), FFA_ERR_BUSY);
	assert_ffa_success(fx_call(&F, VM, FRAME(FFA_RX_RELEASE_32)));
	assert_ffa_success(send2(HYP));
}

Test(conf_indirect, receiver_rx_not_mapped_busy)
{
	assert_ffa_success(fx_map(&F, HYP));
	header(fx_tx(&F, HYP), HYP, VM, 40, 1);
	assert_ffa_error(send2(HYP), FFA_ERR_BUSY);
}

Test(conf_indirect, header_rules_invalid_parameters)
{
	uint8_t *tx = fx_tx(&F, HYP);

	assert_ffa_success(fx_map(&F, HYP));
	assert_ffa_success(fx_map(&F, VM));
	header(tx, VM, ECHO, 40, 1); /* sender is not the caller */
	assert_ffa_error(send2(HYP), FFA_ERR_INVALID_PARAMETERS);
	header(tx, HYP, HYP, 40, 1); /* to itself */
	assert_ffa_error(send2(HYP), FFA_ERR_INVALID_PARAMETERS);
	header(tx, HYP, VM, 20, 1); /* payload inside the v1.2 header */
	assert_ffa_error(send2(HYP), FFA_ERR_INVALID_PARAMETERS);
	header(tx, HYP, VM, 40, 4096); /* beyond the TX buffer */
	assert_ffa_error(send2(HYP), FFA_ERR_INVALID_PARAMETERS);
	header(tx, HYP, VM, 40, 1);
	tx[0] = 1; /* flags MBZ */
	assert_ffa_error(send2(HYP), FFA_ERR_INVALID_PARAMETERS);
	header(tx, HYP, VM, 40, 1);
	tx[20] = 1; /* v1.2 reserved word MBZ */
	assert_ffa_error(send2(HYP), FFA_ERR_INVALID_PARAMETERS);
	header(tx, HYP, NO_SUCH_VM, 40, 1);
	assert_ffa_error(send2(HYP), FFA_ERR_INVALID_PARAMETERS);
	header(tx, HYP, VM, 40, 1);
	assert_ffa_success(send2(HYP));
}

Test(conf_indirect, no_tx_buffer_denied)
{
	assert_ffa_error(send2(HYP), FFA_ERR_DENIED);
}

Test(conf_indirect, receiver_without_indirect_messaging_denied)
{
	assert_ffa_success(fx_map(&F, HYP));
	header(fx_tx(&F, HYP), HYP, NOTI, 40, 1);
	assert_ffa_error(send2(HYP), FFA_ERR_DENIED);
}

Test(conf_indirect, v1_0_caller_not_supported)
{
	fx_version(&F, EXT, FFA_VERSION_1_0);
	assert_ffa_error(send2(EXT), FFA_ERR_NOT_SUPPORTED);
}

Test(conf_indirect, flags_and_w1)
{
	assert_ffa_success(fx_map(&F, HYP));
	assert_ffa_success(fx_map(&F, VM));
	header(fx_tx(&F, HYP), HYP, VM, 40, 1);
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_MSG_SEND2_32, (uint32_t)VM << 16)),
			 FFA_ERR_INVALID_PARAMETERS);
	/* Delaying the SRI is for partitions only. */
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_MSG_SEND2_32, 0, 2)),
			 FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_indirect, partition_delays_the_sri_until_it_waits)
{
	uint8_t *tx = fx_tx(&F, EXT);
	uint32_t sri;

	ext_ready(FFA_VERSION_1_2);
	fx_call_blocks(&F, HYP, RUN(EXT));
	fx_take(&F, EXT);
	assert_ffa_success(fx_map(&F, EXT));
	assert_ffa_success(fx_map(&F, VM));
	header(tx, EXT, VM, 40, 2);
	sri = F.sri_seen;
	assert_ffa_success(fx_call(&F, EXT, FRAME(FFA_MSG_SEND2_32, 0, 2)));
	cr_assert_eq(F.sri_seen, sri);
	fx_call_blocks(&F, EXT, FRAME(FFA_MSG_WAIT_32));
	cr_assert_eq(F.sri_seen, sri + 1);
	/* From a partition: the SPM framework bitmap. */
	cr_assert_eq(fx_call(&F, VM, FRAME(FFA_NOTIFICATION_GET_32, VM, 0xC)).x[6], 1);
}

Test(conf_indirect, vm_to_vm_sets_the_hypervisor_framework_bitmap)
{
	struct ffa_regs r;

	assert_ffa_success(fx_map(&F, HYP));
	assert_ffa_success(fx_map(&F, VM));
	header(fx_tx(&F, VM), VM, HYP, 40, 1);
	assert_ffa_success(send2(VM));
	r = fx_call(&F, HYP, FRAME(FFA_NOTIFICATION_GET_32, HYP, 0xC));
	cr_assert_eq(r.x[6], 0);
	cr_assert_eq(r.x[7], 1);
}
