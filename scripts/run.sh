#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The README "run" command: install what is missing, build libffa and the
# simulator daemon, start ffa-simd with the default manifest
# (sim/manifests/default.dts) on a private socket, run the tour
# (examples/tour.c) against it, and stop the daemon.
#
# The earlier frame-by-frame walkthrough against a scripted partition
# manager is still built: build/run/examples/ffa_walkthrough.
set -euo pipefail
cd "$(dirname "$0")/.."

need=(build-essential cmake pkg-config libfdt-dev device-tree-compiler)
missing=()
for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
	echo "== installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq "${missing[@]}"
fi

cmake -S . -B build/run -DCMAKE_BUILD_TYPE=Release -DFFA_BUILD_TESTS=OFF \
	-DFFA_BUILD_BENCH=OFF -DFFA_FREESTANDING_CHECK=OFF >/dev/null
cmake --build build/run -j2 --target ffa-simd ffa_tour ffa_walkthrough >/dev/null

dir=$(mktemp -d /tmp/ffa-run-XXXXXX)
sock="$dir/ffa-simd.sock"
echo "== starting ffa-simd (manifest sim/manifests/default.dts, socket $sock)"
build/run/sim/ffa-simd -m sim/manifests/default.dts -s "$sock" -l warn &
daemon=$!
stop() {
	kill -TERM "$daemon" 2>/dev/null || true
	wait "$daemon" 2>/dev/null || true
	rm -rf "$dir"
}
trap stop EXIT
# Wait until the daemon listens (or has died).
for _ in $(seq 1 500); do
	[ -S "$sock" ] && break
	kill -0 "$daemon" 2>/dev/null || { echo "ffa-simd failed to start" >&2; exit 1; }
	sleep 0.01
done
build/run/examples/ffa_tour "$sock"
stop
trap - EXIT
echo "== ffa-simd stopped"
