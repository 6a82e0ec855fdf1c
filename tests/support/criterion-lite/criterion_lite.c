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
static jmp_buf crl_abort; /* where a failed assertion ends the running test */

void crl_register(struct crl_test *t)
{
	/* Registration order is file order (constructors run in order). */
	t->next = NULL;
	*crl_tail = t;
	crl_tail = &t->next;
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

/* True if @t passed. Nothing is modified between setjmp and longjmp here. */
static bool run_one(const struct crl_test *t)
{
	if (setjmp(crl_abort) != 0)
		return false;
	t->fn();
	return true;
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
		if (!selected(t, filter))
			continue;
		tested++;
		if (run_one(t)) {
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
