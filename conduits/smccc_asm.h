/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SMCCC register-frame call shared by the smc and hvc conduits: the only
 * difference between them is the instruction, passed as FFA_SMCCC_INSN.
 *
 * AArch64, SMCCC 1.2: x0..x17 carry arguments and results; the callee
 * preserves x18..x30 and SP (the assembly routine in smccc_aarch64.S.inc).
 * AArch32 (SMC32 only): r0..r7 in and out.
 */
#ifndef FFA_SMCCC_ASM_H
#define FFA_SMCCC_ASM_H

#include <ffa/conduit.h>
#include <ffa/error.h>

#if defined(__aarch64__)

#define FFA_SMCCC_CAPS (FFA_CONDUIT_CAP_SMC64 | FFA_CONDUIT_CAP_REGS18)

/* The 18 in/out registers exceed what an asm statement may name (30
 * operands), so AArch64 uses the routine in smccc_aarch64.S.inc. */
#define FFA_SMCCC_DEFINE_CALL(name, insn)                                             \
	int ffa__smccc_##insn(const struct ffa_regs *in, struct ffa_regs *out);       \
	static int name(void *priv, const struct ffa_regs *in, struct ffa_regs *out)  \
	{                                                                              \
		(void)priv;                                                            \
		return ffa__smccc_##insn(in, out);                                     \
	}

#elif defined(__arm__)

#define FFA_SMCCC_CAPS 0u

#define FFA_SMCCC_DEFINE_CALL(name, insn)                                             \
	static int name(void *priv, const struct ffa_regs *in, struct ffa_regs *out)  \
	{                                                                              \
		register uint32_t r0 __asm__("r0") = (uint32_t)in->x[0];              \
		register uint32_t r1 __asm__("r1") = (uint32_t)in->x[1];              \
		register uint32_t r2 __asm__("r2") = (uint32_t)in->x[2];              \
		register uint32_t r3 __asm__("r3") = (uint32_t)in->x[3];              \
		register uint32_t r4 __asm__("r4") = (uint32_t)in->x[4];              \
		register uint32_t r5 __asm__("r5") = (uint32_t)in->x[5];              \
		register uint32_t r6 __asm__("r6") = (uint32_t)in->x[6];              \
		register uint32_t r7 __asm__("r7") = (uint32_t)in->x[7];              \
		(void)priv;                                                            \
		if (in->x[0] & 0x40000000u)                                            \
			return FFA_ERR_BAD_ARGUMENT; /* no SMC64 on AArch32 */       \
		__asm__ volatile(".arch_extension sec\n\t"                             \
				 ".arch_extension virt\n\t" #insn " #0"                 \
				 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4),   \
				   "+r"(r5), "+r"(r6), "+r"(r7)                        \
				 :                                                     \
				 : "memory");                                          \
		for (unsigned int i = 8; i < FFA_REGS_COUNT; i++)                      \
			out->x[i] = 0;                                                 \
		out->x[0] = r0;                                                        \
		out->x[1] = r1;                                                        \
		out->x[2] = r2;                                                        \
		out->x[3] = r3;                                                        \
		out->x[4] = r4;                                                        \
		out->x[5] = r5;                                                        \
		out->x[6] = r6;                                                        \
		out->x[7] = r7;                                                        \
		return 0;                                                              \
	}

#else
#error "the smc/hvc conduits need an Arm target (AArch64 or AArch32)"
#endif

#endif /* FFA_SMCCC_ASM_H */
