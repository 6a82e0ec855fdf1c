/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A walkthrough of libffa's setup and discovery calls, frame by frame.
 *
 * The partition manager here is a *script* (the scripted conduit from
 * <ffa/script.h>): its answers are what OP-TEE as an S-EL1 SPMC answers a
 * normal-world endpoint on QEMU (../shared/spec/real-spmc-behaviour.md). It
 * shows what libffa sends, how it reads each answer, and how to write a
 * register-level test of your own FF-A code. The live tour against the
 * simulator arrives with ffa-simd.
 */
#include <inttypes.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>

#include <ffa/ffa.h>

/* A conduit that prints each frame and forwards it to another conduit. */
struct tracer {
	struct ffa_conduit inner;
};

static const char *fid_name(uint32_t fid)
{
	switch (fid) {
	case FFA_VERSION_32: return "FFA_VERSION";
	case FFA_FEATURES_32: return "FFA_FEATURES";
	case FFA_ID_GET_32: return "FFA_ID_GET";
	case FFA_SPM_ID_GET_32: return "FFA_SPM_ID_GET";
	case FFA_RXTX_MAP_64: return "FFA_RXTX_MAP_64";
	case FFA_RXTX_UNMAP_32: return "FFA_RXTX_UNMAP";
	case FFA_RX_RELEASE_32: return "FFA_RX_RELEASE";
	case FFA_PARTITION_INFO_GET_32: return "FFA_PARTITION_INFO_GET";
	case FFA_SUCCESS_32: return "FFA_SUCCESS_32";
	case FFA_SUCCESS_64: return "FFA_SUCCESS_64";
	case FFA_ERROR_32: return "FFA_ERROR";
	default: return NULL;
	}
}

static void print_frame(const char *dir, const struct ffa_regs *r)
{
	const char *name = fid_name((uint32_t)r->x[0]);

	printf("   %s ", dir);
	if (name)
		printf("%-24s", name);
	else
		printf("w0=0x%08" PRIx32 "            ", (uint32_t)r->x[0]);
	for (int i = 1; i < 8; i++)
		if (r->x[i])
			printf(" x%d=0x%" PRIx64, i, r->x[i]);
	printf("\n");
}

static int trace_call(void *priv, const struct ffa_regs *in, struct ffa_regs *out)
{
	struct tracer *t = priv;
	int rc;

	print_frame("->", in);
	rc = t->inner.call(t->inner.priv, in, out);
	if (rc)
		printf("   <- conduit failure: %s\n", ffa_strerror(rc));
	else
		print_frame("<-", out);
	return rc;
}

static alignas(4096) uint8_t tx_buf[4096];
static alignas(4096) uint8_t rx_buf[4096];

/* The manager writes OP-TEE's partition descriptor into our RX buffer. */
static void put_optee_descriptor(void *arg, const struct ffa_regs *in, struct ffa_regs *out)
{
	static const uint8_t desc[24] = {
		0x01, 0x80, /* partition ID 0x8001 */
		0x04, 0x00, /* 4 execution contexts */
		0x03, 0x01, 0x00, 0x00, /* properties 0x103 */
		/* UUID 486178e0-e7f8-11e3-bc5e-0002a5d5c51b */
		0x48, 0x61, 0x78, 0xe0, 0xe7, 0xf8, 0x11, 0xe3,
		0xbc, 0x5e, 0x00, 0x02, 0xa5, 0xd5, 0xc5, 0x1b,
	};

	(void)arg;
	(void)in;
	(void)out;
	for (unsigned int i = 0; i < sizeof(desc); i++)
		rx_buf[i] = desc[i];
}

#define F(...) { .x = { __VA_ARGS__ } }

static int check(const char *what, int rc)
{
	printf("   => %s: %s\n\n", what, ffa_strerror(rc < 0 ? rc : 0));
	if (rc < 0)
		exit(1);
	return rc;
}

int main(void)
{
	const uint64_t tx = (uint64_t)(uintptr_t)tx_buf, rx = (uint64_t)(uintptr_t)rx_buf;
	const struct ffa_script_step steps[] = {
		{ .expect = F(FFA_VERSION_32, FFA_VERSION_1_2), .reply = F(FFA_VERSION_1_2) },
		{ .expect = F(FFA_FEATURES_32, FFA_RXTX_MAP_64), .reply = F(FFA_SUCCESS_32, 0, 0) },
		{ .expect = F(FFA_ID_GET_32), .reply = F(FFA_SUCCESS_32, 0, 0) },
		{ .expect = F(FFA_SPM_ID_GET_32), .reply = F(FFA_SUCCESS_32, 0, 0x8000) },
		/* TF-A echoes the inputs back in x1..x3; libffa ignores them. */
		{ .expect = F(FFA_RXTX_MAP_64, tx, rx, 1), .reply = F(FFA_SUCCESS_32, tx, rx, 1) },
		{ .expect = F(FFA_PARTITION_INFO_GET_32), .reply = F(FFA_SUCCESS_32, 0, 1, 24),
		  .action = put_optee_descriptor },
		{ .expect = F(FFA_RX_RELEASE_32), .reply = F(FFA_SUCCESS_32) },
		{ .expect = F(FFA_RXTX_UNMAP_32), .reply = F(FFA_SUCCESS_32) },
	};
	struct ffa_conduit script_conduit, conduit;
	struct ffa_partition_info parts[4];
	struct ffa_rxtx_props props;
	struct ffa_script script;
	struct tracer tracer;
	struct ffa_ctx ctx;
	uint16_t id, spm;
	char uuid[37];
	int n;

	printf("libffa walkthrough: setup and discovery against a scripted partition\n"
	       "manager that answers as OP-TEE's SPMC does (not a simulator).\n\n");

	ffa_script_init(&script, steps, sizeof(steps) / sizeof(steps[0]), &script_conduit,
			FFA_CONDUIT_CAP_SMC64 | FFA_CONDUIT_CAP_REGS18);
	tracer.inner = script_conduit;
	conduit = (struct ffa_conduit){ trace_call, &tracer, script_conduit.caps };
	check("context", ffa_ctx_init(&ctx, &conduit, NULL));

	printf("1. Negotiate the version (offer v1.2, the highest libffa speaks)\n");
	check("negotiated", ffa_version_negotiate(&ctx, 0));
	printf("   negotiated v%u.%u, manager is v%u.%u\n\n",
	       FFA_VERSION_MAJOR(ffa_ctx_version(&ctx)), FFA_VERSION_MINOR(ffa_ctx_version(&ctx)),
	       FFA_VERSION_MAJOR(ffa_ctx_pm_version(&ctx)),
	       FFA_VERSION_MINOR(ffa_ctx_pm_version(&ctx)));

	printf("2. Ask how RX/TX buffers must look\n");
	check("features", ffa_features_rxtx_map(&ctx, &props));
	printf("   minimum size/alignment %u bytes, maximum %u pages (0 = not stated)\n\n",
	       props.min_size, props.max_pages);

	printf("3. Who am I, who is the SPMC\n");
	check("ID_GET", ffa_id_get(&ctx, &id));
	check("SPM_ID_GET", ffa_spm_id_get(&ctx, &spm));
	printf("   own ID 0x%04x, SPMC ID 0x%04x\n\n", id, spm);

	printf("4. Map one page each of TX and RX (TX address first in x1)\n");
	check("RXTX_MAP", ffa_rxtx_map(&ctx, tx_buf, rx_buf, 1));

	printf("5. List the partitions; libffa releases the RX buffer after reading\n");
	n = check("PARTITION_INFO_GET",
		  ffa_partition_info_get(&ctx, NULL, parts, 4, NULL));
	for (int i = 0; i < n; i++) {
		ffa_uuid_format(&parts[i].uuid, uuid);
		printf("   partition 0x%04x: %u execution contexts, properties 0x%x, UUID %s\n",
		       parts[i].id, parts[i].exec_ctx_count, parts[i].properties, uuid);
	}
	printf("\n6. Unmap the buffers\n");
	check("RXTX_UNMAP", ffa_rxtx_unmap(&ctx));

	if (!ffa_script_ok(&script)) {
		char msg[160];

		ffa_script_describe(&script, msg, sizeof(msg));
		printf("script mismatch: %s\n", msg);
		return 1;
	}
	printf("Every frame matched what a partition manager expects, register for register.\n");
	return 0;
}
