/* SPDX-License-Identifier: BSD-3-Clause */
/* Smoke test of the test support itself: a scripted ID_GET. */
#include "ffa_test.h"

Test(smoke, id_get_through_script)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FRAME(FFA_ID_GET_32), OK32(0, 0x8001)),
	};
	struct scripted t;
	uint16_t id = 0;

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_id_get(&t.ctx, &id), 0);
	cr_assert_eq(id, 0x8001);
	assert_script_ok(&t);
}

Test(smoke, script_reports_mismatch)
{
	const struct ffa_script_step steps[] = {
		STEP_VERSION(FFA_VERSION_1_2),
		STEP(FRAME(FFA_ID_GET_32, 1), OK32(0, 0x8001)),
	};
	struct scripted t;
	uint16_t id = 0;
	char msg[128];

	scripted_init(&t, steps, ARRAY_LEN(steps), CAPS_ALL, FFA_VERSION_1_2);
	assert_rc(ffa_id_get(&t.ctx, &id), FFA_ERR_CONDUIT);
	cr_assert(!ffa_script_ok(&t.script));
	ffa_script_describe(&t.script, msg, sizeof(msg));
	cr_assert_str_eq(msg, "step 1: x1 expected 0x1 got 0x0");
}
