/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa - the scripted conduit: a test double for register-level tests.
 *
 * A script is an array of steps. Each call through the conduit consumes one
 * step: the input frame must equal the step's expected frame in all 18
 * registers (so every must-be-zero register is checked), an optional action
 * runs (e.g. to fill the RX buffer as a partition manager would), and the
 * step's reply frame is returned. A mismatch, or a call past the end of the
 * script, is recorded and the call fails with FFA_ERR_CONDUIT.
 *
 * It is part of the installed library so that users can test their own FF-A
 * code the way libffa tests itself. Freestanding: no libc, no allocation.
 */
#ifndef FFA_SCRIPT_H
#define FFA_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/conduit.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct ffa_script_step - one expected call and its answer.
 * @expect:     the exact input frame.
 * @reply:      the frame answered.
 * @conduit_rc: 0 to deliver @reply; a negative value fails the transport
 *              with that value instead (the input is still checked).
 * @action:     optional; called after the input matched, before replying.
 *              It may modify @reply's copy passed in @out.
 * @action_arg: passed to @action.
 */
struct ffa_script_step {
	struct ffa_regs expect;
	struct ffa_regs reply;
	int conduit_rc;
	void (*action)(void *arg, const struct ffa_regs *in, struct ffa_regs *out);
	void *action_arg;
};

/**
 * struct ffa_script - a running script. Members are read-only for users.
 * @fail_reg: register index of the first mismatch, or -1 when a call came
 *            after the last step.
 */
struct ffa_script {
	const struct ffa_script_step *steps;
	size_t count;
	size_t pos;
	bool failed;
	size_t fail_step;
	int fail_reg;
	uint64_t fail_expected;
	uint64_t fail_got;
};

/**
 * ffa_script_init() - start a script over caller-owned @steps (kept by
 * pointer: they must outlive the script) and fill @conduit to run it.
 * @caps: the FFA_CONDUIT_CAP_* bits the fake conduit claims.
 */
void ffa_script_init(struct ffa_script *s, const struct ffa_script_step *steps,
		     size_t count, struct ffa_conduit *conduit, uint32_t caps);

/** ffa_script_ok() - true if no call mismatched and every step was used. */
bool ffa_script_ok(const struct ffa_script *s);

/**
 * ffa_script_describe() - a one-line account of the script's state, for a
 * failing test's message ("ok", the first mismatch with expected and actual
 * register values, or how many steps were left unused).
 * @buf, @len: caller buffer; always NUL-terminated when @len > 0.
 * Returns the number of characters written (excluding the NUL).
 */
size_t ffa_script_describe(const struct ffa_script *s, char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* FFA_SCRIPT_H */
