/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ffa-simd: partition manifests in device-tree form (docs/ffa-simd.md).
 */
#ifndef FFA_SIMD_MANIFEST_H
#define FFA_SIMD_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include <ffa_sim/sim.h>

/**
 * struct simd_manifest - what a manifest describes.
 * @eps:       endpoint configurations (normal world first, then SPs),
 *             ready for struct ffa_sim_config.
 * @uuids:     storage of every SP's UUIDs (@eps[i].uuids points here).
 * @names:     a name per endpoint (the node name).
 * @version:   the simulator's FF-A version (0 = default).
 */
struct simd_manifest {
	struct ffa_sim_endpoint_config eps[FFA_SIM_MAX_ENDPOINTS];
	struct ffa_uuid uuids[FFA_SIM_MAX_ENDPOINTS][FFA_SIM_MAX_UUIDS];
	char names[FFA_SIM_MAX_ENDPOINTS][32];
	uint32_t count;
	uint32_t version;
};

/**
 * simd_manifest_parse() - read the flattened tree @blob (@size bytes) into
 * @m. Returns 0, or -1 with a message in @err (@errcap bytes).
 */
int simd_manifest_parse(const void *blob, size_t size, struct simd_manifest *m, char *err,
			size_t errcap);

/**
 * simd_manifest_load() - load @path: a .dtb, or a .dts compiled with dtc.
 * Returns 0, or -1 with a message in @err.
 */
int simd_manifest_load(const char *path, struct simd_manifest *m, char *err, size_t errcap);

#endif /* FFA_SIMD_MANIFEST_H */
