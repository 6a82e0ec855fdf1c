/* SPDX-License-Identifier: BSD-3-Clause */
#include "sim_test.h"

static struct fx F;

Test(smoke, basic)
{
	struct ffa_regs r;

	fx_config(&F);
	fx_create(&F);
	cr_assert_eq(fx_version(&F, HYP, FFA_VERSION_1_2), FFA_VERSION_1_2);
	r = fx_call(&F, HYP, FRAME(FFA_ID_GET_32));
	assert_ffa_success(r);
	assert_ffa_success(fx_map(&F, HYP));
	r = fx_call(&F, HYP, FRAME(FFA_PARTITION_INFO_GET_32));
	assert_ffa_success(r);
	cr_assert_eq(r.x[2], 7);
	cr_assert_eq(r.x[3], 24);
	r = fx_call(&F, HYP, FRAME(FFA_MSG_SEND_DIRECT_REQ_32, 0x00008001, 0, 1, 2, 3, 4, 5));
	cr_assert_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	cr_assert_eq(r.x[1], 0x80010000);
	cr_assert_eq(r.x[7], 5);
	fx_destroy(&F);
}
