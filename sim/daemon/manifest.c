/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ffa-simd: FF-A partition manifests in device-tree form, read with libfdt.
 *
 * Each partition node follows the FF-A manifest binding TF-A and Hafnium
 * use (compatible "arm,ffa-manifest-1.0"): uuid (4 cells per UUID, one or
 * more UUIDs), id, execution-ctx-count, execution-state (0 AArch64,
 * 1 AArch32), messaging-method (bit 0 direct request receive, 1 direct
 * request send, 2 indirect, 9 direct request 2 receive, 10 direct request 2
 * send), vm-availability-messages (bit 0 created, 1 destroyed),
 * notification-support, ffa-version; plus "libffa,behaviour" naming a
 * built-in behaviour ("echo", "memcheck", "notifier"), absent for a
 * partition a client plays. Layout of the file: docs/ffa-simd.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libfdt.h>

#include <ffa/defs.h>
#include <ffa/error.h>
#include <ffa_sim/partition.h>

#include "manifest.h"

static int fail(char *err, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, cap, fmt, ap);
	va_end(ap);
	return -1;
}

/* A u32 property; @def when absent. -1 for a malformed one. */
static int get_u32(const void *fdt, int node, const char *name, uint32_t def, uint32_t *out)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p) {
		*out = def;
		return 0;
	}
	if (len != 4)
		return -1;
	*out = fdt32_to_cpu(*p);
	return 0;
}

static const struct ffa_sim_partition_ops *behaviour(const char *name)
{
	if (!strcmp(name, "echo"))
		return ffa_sim_echo_ops();
	if (!strcmp(name, "memcheck"))
		return ffa_sim_memcheck_ops();
	if (!strcmp(name, "notifier"))
		return ffa_sim_notifier_ops();
	return NULL;
}

static struct ffa_sim_endpoint_config *add(struct simd_manifest *m, const char *name)
{
	if (m->count == FFA_SIM_MAX_ENDPOINTS)
		return NULL;
	snprintf(m->names[m->count], sizeof(m->names[0]), "%s", name);
	return &m->eps[m->count++];
}

static int parse_normal_world(const void *fdt, int nw, struct simd_manifest *m, char *err,
			      size_t cap)
{
	uint32_t hyp, first, count, vcpus;
	char name[32];

	if (get_u32(fdt, nw, "hypervisor-id", 0xFFFFFFFFu, &hyp) ||
	    get_u32(fdt, nw, "vm-count", 0, &count) ||
	    get_u32(fdt, nw, "first-vm-id", 1, &first) ||
	    get_u32(fdt, nw, "execution-ctx-count", 1, &vcpus))
		return fail(err, cap, "normal-world: malformed property (one u32 cell each)");
	if (hyp != 0xFFFFFFFFu) {
		struct ffa_sim_endpoint_config *e = add(m, "hypervisor");
		if (!e || hyp > 0x7FFF)
			return fail(err, cap, "normal-world: bad hypervisor-id 0x%x", hyp);
		e->id = (uint16_t)hyp;
		e->exec_ctx_count = (uint16_t)vcpus;
		e->flags = FFA_SIM_EP_HYPERVISOR;
	}
	if (count > FFA_SIM_MAX_ENDPOINTS || first + count > 0x8000)
		return fail(err, cap, "normal-world: vm-count %u from %u is out of range", count,
			    first);
	for (uint32_t i = 0; i < count; i++) {
		struct ffa_sim_endpoint_config *e;
		snprintf(name, sizeof(name), "vm%u", first + i);
		e = add(m, name);
		if (!e)
			return fail(err, cap, "too many endpoints (at most %u)",
				    FFA_SIM_MAX_ENDPOINTS);
		e->id = (uint16_t)(first + i);
		e->exec_ctx_count = (uint16_t)vcpus;
	}
	return 0;
}

static int parse_partition(const void *fdt, int node, struct simd_manifest *m, char *err,
			   size_t cap)
{
	const char *nm = fdt_get_name(fdt, node, NULL), *beh;
	struct ffa_sim_endpoint_config *e;
	uint32_t id, vcpus, state, mm, avail, ver;
	const fdt32_t *u;
	int len;

	if (fdt_node_check_compatible(fdt, node, "arm,ffa-manifest-1.0") != 0)
		return fail(err, cap, "%s: not compatible with \"arm,ffa-manifest-1.0\"", nm);
	if (!fdt_getprop(fdt, node, "id", NULL))
		return fail(err, cap, "%s: no \"id\"", nm);
	if (get_u32(fdt, node, "id", 0, &id) || get_u32(fdt, node, "execution-ctx-count", 1, &vcpus) ||
	    get_u32(fdt, node, "execution-state", 0, &state) ||
	    get_u32(fdt, node, "messaging-method", 0, &mm) ||
	    get_u32(fdt, node, "vm-availability-messages", 0, &avail) ||
	    get_u32(fdt, node, "ffa-version", 0, &ver))
		return fail(err, cap, "%s: malformed property (one u32 cell each)", nm);
	if (id < 0x8000 || id > 0xFFFE)
		return fail(err, cap, "%s: id 0x%x is not a secure partition ID", nm, id);
	if (state > 1)
		return fail(err, cap, "%s: execution-state %u (0 AArch64, 1 AArch32)", nm, state);
	if (mm & ~0x607u)
		return fail(err, cap, "%s: unknown messaging-method bits 0x%x", nm, mm & ~0x607u);
	if (avail & ~3u)
		return fail(err, cap, "%s: unknown vm-availability-messages bits", nm);
	u = fdt_getprop(fdt, node, "uuid", &len);
	if (!u || len <= 0 || len % 16 || len / 16 > (int)FFA_SIM_MAX_UUIDS)
		return fail(err, cap, "%s: \"uuid\" must be 1..%u UUIDs of 4 cells", nm,
			    FFA_SIM_MAX_UUIDS);
	e = add(m, nm);
	if (!e)
		return fail(err, cap, "too many endpoints (at most %u)", FFA_SIM_MAX_ENDPOINTS);
	for (int k = 0; k < len / 16; k++) {
		/* Each cell holds 4 bytes of the UUID in its string order. */
		for (int c = 0; c < 4; c++) {
			uint32_t w = fdt32_to_cpu(u[4 * k + c]);
			for (int b = 0; b < 4; b++)
				m->uuids[m->count - 1][k].b[4 * c + b] = (uint8_t)(w >> (24 - 8 * b));
		}
	}
	e->id = (uint16_t)id;
	e->exec_ctx_count = (uint16_t)vcpus;
	e->uuids = m->uuids[m->count - 1];
	e->uuid_count = (uint32_t)len / 16;
	e->properties = (mm & 0x607u) | (avail & 1 ? FFA_PART_PROP_VM_CREATED : 0) |
			(avail & 2 ? FFA_PART_PROP_VM_DESTROYED : 0) |
			(fdt_getprop(fdt, node, "notification-support", NULL)
				 ? FFA_PART_PROP_NOTIFICATION_RECV
				 : 0) |
			(state == 0 ? FFA_PART_PROP_AARCH64 : 0);
	beh = fdt_getprop(fdt, node, "libffa,behaviour", &len);
	if (beh) {
		if (len < 1 || beh[len - 1] != '\0')
			return fail(err, cap, "%s: libffa,behaviour must be a string", nm);
		e->ops = behaviour(beh);
		if (!e->ops)
			return fail(err, cap,
				    "%s: unknown libffa,behaviour \"%s\" (echo, memcheck, notifier)",
				    nm, beh);
		e->version = ver;
	}
	/* ffa-version of an external SP: it negotiates its version itself. */
	return 0;
}

int simd_manifest_parse(const void *blob, size_t size, struct simd_manifest *m, char *err,
			size_t cap)
{
	int nw, parts, node, rc;

	memset(m, 0, sizeof(*m));
	if (size < 40 || fdt_check_header(blob) != 0 || fdt_totalsize(blob) > size)
		return fail(err, cap, "not a flattened device tree");
	if (fdt_node_check_compatible(blob, 0, "libffa,ffa-simd") != 0)
		return fail(err, cap, "root node is not compatible with \"libffa,ffa-simd\"");
	if (get_u32(blob, 0, "ffa-version", 0, &m->version))
		return fail(err, cap, "ffa-version: one u32 cell");
	nw = fdt_subnode_offset(blob, 0, "normal-world");
	if (nw >= 0) {
		rc = parse_normal_world(blob, nw, m, err, cap);
		if (rc)
			return rc;
	}
	parts = fdt_subnode_offset(blob, 0, "partitions");
	if (parts < 0)
		return fail(err, cap, "no /partitions node");
	fdt_for_each_subnode(node, blob, parts) {
		rc = parse_partition(blob, node, m, err, cap);
		if (rc)
			return rc;
	}
	if (m->count == 0)
		return fail(err, cap, "no endpoints");
	return 0;
}

static int read_file(const char *path, void **buf, size_t *size)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || n > (1 << 24) || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return -1;
	}
	*buf = malloc((size_t)n + 1);
	if (!*buf || fread(*buf, 1, (size_t)n, f) != (size_t)n) {
		free(*buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	*size = (size_t)n;
	return 0;
}

int simd_manifest_load(const char *path, struct simd_manifest *m, char *err, size_t cap)
{
	size_t n = strlen(path), size = 0;
	void *blob = NULL;
	char tmp[] = "/tmp/ffa-simd-dtb-XXXXXX";
	int rc;

	if (n > 4 && !strcmp(path + n - 4, ".dts")) {
		int fd = mkstemp(tmp), st;
		pid_t pid;

		if (fd < 0)
			return fail(err, cap, "cannot create a temporary file: %s", strerror(errno));
		close(fd);
		pid = fork();
		if (pid == 0) {
			int null = open("/dev/null", O_WRONLY);
			if (null >= 0)
				dup2(null, STDOUT_FILENO);
			execlp("dtc", "dtc", "-q", "-I", "dts", "-O", "dtb", "-o", tmp, path,
			       (char *)NULL);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0) {
			unlink(tmp);
			return fail(err, cap, "%s: dtc failed (%s)", path,
				    pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 127
					    ? "dtc not installed: apt-get install device-tree-compiler"
					    : "syntax error, see above");
		}
		rc = read_file(tmp, &blob, &size);
		unlink(tmp);
	} else {
		rc = read_file(path, &blob, &size);
	}
	if (rc)
		return fail(err, cap, "%s: cannot read: %s", path, strerror(errno));
	rc = simd_manifest_parse(blob, size, m, err, cap);
	free(blob);
	return rc;
}
