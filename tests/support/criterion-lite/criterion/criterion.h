/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * criterion-lite: the subset of Criterion's API the unit tests use, for
 * cross builds that run under QEMU user mode (aarch64, and big-endian
 * s390x).
 *
 * Why not Criterion itself there: Criterion runs each test in a worker that
 * it starts by re-executing its own binary (BoxFort); under qemu-user
 * without binfmt_misc that re-exec cannot start a foreign binary and the
 * runner waits forever. Debian 12 also cannot co-install libcriterion-dev
 * for two architectures, and has no s390x build of it.
 *
 * What this gives: Test(suite, name, ...) registers a test (extra options
 * such as .timeout are accepted and ignored); main() runs the tests one
 * after another in this one process. (Not forked as Criterion does: fork
 * itself hangs under the qemu-user 7.2 of Debian 12 on some hosts, this
 * sandbox's among them.) cr_assert* print the failed expression, file, line
 * and the optional printf-style message, and end the test as failed (a
 * longjmp back to the runner; what the test allocated is not freed). A crash
 * ends the whole program, which ctest reports. The tests do not depend on
 * a fresh process: they keep their state in locals or reset it. The
 * summary line has Criterion's shape. Exit status: 0 if every test passed.
 *
 * Arguments: none runs all; `--list` prints suite::name per line; any other
 * argument runs only the tests whose suite::name contains it.
 */
#ifndef CRITERION_LITE_H
#define CRITERION_LITE_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* Criterion's test and suite options. .init/.fini run around the test (a
 * test's own replace its suite's); .disabled skips it; the others are
 * accepted and unused. */
struct crl_opts {
	void (*init)(void);
	void (*fini)(void);
	double timeout;
	int exit_code;
	int signal;
	bool disabled;
	const char *description;
};

struct crl_test {
	const char *suite;
	const char *name;
	void (*fn)(void);
	const struct crl_opts *opts;
	struct crl_test *next;
};

struct crl_suite {
	const char *name;
	const struct crl_opts *opts;
	struct crl_suite *next;
};

void crl_register(struct crl_test *t);
void crl_register_suite(struct crl_suite *s);
/* @fmt may be "" (no message), so no format attribute: gcc rejects an
 * empty format string under -Wformat-zero-length. */
__attribute__((noreturn)) void crl_fail(const char *file, int line, const char *expr,
					const char *fmt, ...);

#define CRL_ID(suite, name, what) crl_##suite##_##name##_##what

#define Test(suite, name, ...)                                                        \
	static void CRL_ID(suite, name, fn)(void);                                    \
	static const struct crl_opts CRL_ID(suite, name, opts) = {                    \
		.description = NULL, __VA_ARGS__                                      \
	};                                                                            \
	static struct crl_test CRL_ID(suite, name, desc) = {                          \
		#suite, #name, CRL_ID(suite, name, fn), &CRL_ID(suite, name, opts), NULL \
	};                                                                            \
	__attribute__((constructor)) static void CRL_ID(suite, name, reg)(void)       \
	{                                                                             \
		crl_register(&CRL_ID(suite, name, desc));                             \
	}                                                                             \
	static void CRL_ID(suite, name, fn)(void)

#define TestSuite(suite, ...)                                                         \
	static const struct crl_opts crl_suite_##suite##_opts = {                     \
		.description = NULL, __VA_ARGS__                                      \
	};                                                                            \
	static struct crl_suite crl_suite_##suite = { #suite,                         \
						      &crl_suite_##suite##_opts, NULL }; \
	__attribute__((constructor)) static void crl_suite_##suite##_reg(void)        \
	{                                                                             \
		crl_register_suite(&crl_suite_##suite);                               \
	}

/* Criterion's logging: to stderr. */
void crl_log(const char *level, const char *fmt, ...);
#define cr_log_info(...) crl_log("INFO", __VA_ARGS__)
#define cr_log_warn(...) crl_log("WARN", __VA_ARGS__)
#define cr_log_error(...) crl_log("ERR ", __VA_ARGS__)

/* The optional message: nothing, or a printf format and its arguments. */
#define CRL_MSG(...) "" __VA_ARGS__

#define cr_assert(cond, ...)                                                          \
	do {                                                                          \
		if (!(cond))                                                          \
			crl_fail(__FILE__, __LINE__, #cond, CRL_MSG(__VA_ARGS__));    \
	} while (0)

#define cr_assert_fail(...) crl_fail(__FILE__, __LINE__, "cr_assert_fail", CRL_MSG(__VA_ARGS__))
#define cr_assert_not(cond, ...) cr_assert(!(cond), __VA_ARGS__)
#define cr_assert_eq(a, b, ...) cr_assert((a) == (b), __VA_ARGS__)
#define cr_assert_neq(a, b, ...) cr_assert((a) != (b), __VA_ARGS__)
#define cr_assert_lt(a, b, ...) cr_assert((a) < (b), __VA_ARGS__)
#define cr_assert_leq(a, b, ...) cr_assert((a) <= (b), __VA_ARGS__)
#define cr_assert_gt(a, b, ...) cr_assert((a) > (b), __VA_ARGS__)
#define cr_assert_geq(a, b, ...) cr_assert((a) >= (b), __VA_ARGS__)
#define cr_assert_null(p, ...) cr_assert((p) == NULL, __VA_ARGS__)
#define cr_assert_not_null(p, ...) cr_assert((p) != NULL, __VA_ARGS__)
#define cr_assert_str_eq(a, b, ...) cr_assert(strcmp((a), (b)) == 0, __VA_ARGS__)
#define cr_assert_str_neq(a, b, ...) cr_assert(strcmp((a), (b)) != 0, __VA_ARGS__)
#define cr_assert_arr_eq(a, b, n, ...) cr_assert(memcmp((a), (b), (n)) == 0, __VA_ARGS__)
#define cr_assert_arr_neq(a, b, n, ...) cr_assert(memcmp((a), (b), (n)) != 0, __VA_ARGS__)

#define cr_expect cr_assert
#define cr_expect_eq cr_assert_eq
#define cr_expect_neq cr_assert_neq

#endif /* CRITERION_LITE_H */
