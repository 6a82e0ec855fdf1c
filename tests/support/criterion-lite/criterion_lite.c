/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * criterion-lite runner: every registered test in turn, in this process.
 * See criterion/criterion.h.
 */
#define _POSIX_C_SOURCE 200809L

#include "criterion/criterion.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct crl_test *crl_head, **crl_tail = &crl_head;
static struct crl_suite *crl_suites;
static jmp_buf crl_abort; /* where a failed assertion ends the running test */

void crl_register(struct crl_test *t)
{
	/* Registration order is file order (constructors run in order). */
	t->next = NULL;
	*crl_tail = t;
	crl_tail = &t->next;
}

void crl_register_suite(struct crl_suite *s)
{
	s->next = crl_suites;
	crl_suites = s;
}

void crl_log(const char *level, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "[%s] ", level);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static const struct crl_opts *suite_opts(const char *name)
{
	for (const struct crl_suite *s = crl_suites; s; s = s->next)
		if (strcmp(s->name, name) == 0)
			return s->opts;
	return NULL;
}

void crl_fail(const char *file, int line, const char *expr, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: Assertion failed: %s", file, line, expr);
	if (fmt[0]) {
		fputs(": ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
	}
	fputc('\n', stderr);
	fflush(NULL);
	longjmp(crl_abort, 1);
}

static bool selected(const struct crl_test *t, const char *filter)
{
	char id[512];

	if (!filter)
		return true;
	snprintf(id, sizeof(id), "%s::%s", t->suite, t->name);
	return strstr(id, filter) != NULL;
}

/* Run @f (may be NULL); false if an assertion failed in it. Nothing is
 * modified between setjmp and longjmp here. */
static bool phase(void (*f)(void))
{
	if (setjmp(crl_abort) != 0)
		return false;
	if (f)
		f();
	return true;
}

/* init, the test, then fini even when the test failed (as Criterion). */
static bool run_one(const struct crl_test *t, void (*init)(void), void (*fini)(void))
{
	bool ok = phase(init) && phase(t->fn);

	return phase(fini) && ok;
}

int main(int argc, char **argv)
{
	const char *filter = argc > 1 ? argv[1] : NULL;
	unsigned int tested = 0, passed = 0, failed = 0;

	if (filter && strcmp(filter, "--list") == 0) {
		for (struct crl_test *t = crl_head; t; t = t->next)
			printf("%s::%s\n", t->suite, t->name);
		return 0;
	}
	for (struct crl_test *t = crl_head; t; t = t->next) {
		const struct crl_opts *so = suite_opts(t->suite);
		void (*init)(void) = t->opts->init ? t->opts->init : so ? so->init : NULL;
		void (*fini)(void) = t->opts->fini ? t->opts->fini : so ? so->fini : NULL;

		if (!selected(t, filter) || t->opts->disabled || (so && so->disabled))
			continue;
		tested++;
		if (run_one(t, init, fini)) {
			passed++;
		} else {
			failed++;
			fprintf(stderr, "[FAIL] %s::%s\n", t->suite, t->name);
		}
		fflush(NULL);
	}
	printf("[====] Synthesis: Tested: %u | Passing: %u | Failing: %u | Crashing: 0\n",
	       tested, passed, failed);
	return failed || tested == 0 ? 1 : 0;
}
