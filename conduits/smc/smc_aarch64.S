// SPDX-License-Identifier: BSD-3-Clause
#include "../smccc_aarch64.S.inc"
	FFA_SMCCC_CALL ffa__smccc_smc, smc
	.section .note.GNU-stack, "", %progbits
