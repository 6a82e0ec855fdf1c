/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * An out-of-tree program using an installed libffa: built by run.sh both
 * with pkg-config (Makefile) and with find_package(ffa) (CMakeLists.txt).
 * Exits 0 when the library behaves as its headers document.
 */
#include <stdio.h>
#include <string.h>

#include <ffa/ffa.h>

static int calls;

/* A trivial conduit: answers every call with FFA_ERROR(NOT_SUPPORTED). */
static int null_call(void *priv, const struct ffa_regs *in, struct ffa_regs *out)
{
	(void)priv;
	(void)in;
	memset(out, 0, sizeof(*out));
	out->x[0] = FFA_ERROR_32;
	out->x[2] = (uint32_t)FFA_ERR_NOT_SUPPORTED;
	calls++;
	return 0;
}

static int check(int ok, const char *what)
{
	printf("%s: %s\n", ok ? "ok" : "FAIL", what);
	return ok ? 0 : 1;
}

int main(void)
{
	struct ffa_conduit conduit = { .call = null_call, .priv = NULL, .caps = 0 };
	struct ffa_ctx ctx;
	const char *ok_str = ffa_strerror(FFA_OK);
	const char *bad_str = ffa_strerror(FFA_ERR_BAD_ARGUMENT);
	const char *unknown = ffa_strerror(12345);
	int failures = 0;

	printf("ffa_strerror(FFA_OK) = \"%s\"\n", ok_str ? ok_str : "(null)");
	printf("ffa_strerror(FFA_ERR_BAD_ARGUMENT) = \"%s\"\n", bad_str ? bad_str : "(null)");
	failures += check(ok_str && *ok_str, "ffa_strerror(FFA_OK) names the code");
	failures += check(bad_str && *bad_str && strcmp(bad_str, ok_str) != 0,
			  "ffa_strerror(FFA_ERR_BAD_ARGUMENT) has its own name");
	failures += check(unknown && strcmp(unknown, "unknown error") == 0,
			  "ffa_strerror(12345) is \"unknown error\"");

	failures += check(ffa_ctx_init(&ctx, &conduit, NULL) == 0, "ffa_ctx_init with a conduit");
	failures += check(ffa_ctx_version(&ctx) == 0, "a new context is not negotiated");
	failures += check(calls == 0, "ffa_ctx_init makes no call");
	failures += check(ffa_ctx_init(&ctx, NULL, NULL) == FFA_ERR_BAD_ARGUMENT,
			  "ffa_ctx_init without a conduit is FFA_ERR_BAD_ARGUMENT");

	printf("consumer: %s\n", failures ? "FAILED" : "all checks passed");
	return failures ? 1 : 0;
}
