#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The README "run" command: install what is missing, build libffa, and run
# the tour. Until the simulator daemon (ffa-simd) lands, the tour is the
# frame-by-frame walkthrough of setup and discovery against a scripted
# partition manager (examples/walkthrough.c).
set -euo pipefail
cd "$(dirname "$0")/.."

need=(build-essential cmake pkg-config)
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
cmake --build build/run -j2 --target ffa_walkthrough >/dev/null
exec build/run/examples/ffa_walkthrough
