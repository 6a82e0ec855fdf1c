#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# test_runner.sh - the runner (run.sh) must fail on every kind of bad run.
#
#   tests/qemu/test_runner.sh IMAGE_DIR
#
#  1. smc-corrupt.elf: the real monitor, built to corrupt x4 of every
#     direct response: run.sh must fail with a failure line;
#  2. a fake emulator that prints a PASS line and then hangs: run.sh must
#     fail with "timeout";
#  3. a fake emulator that prints only "ok" lines and exits 0: "no PASS line";
#  4. a fake emulator that prints PASS but exits 3: "exit status 3";
#  5. smc.elf (sanity): run.sh must pass.
# Each case checks run.sh's exit status AND the reason it printed.

set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=${1:?usage: test_runner.sh IMAGE_DIR}
work=$(mktemp -d "${TMPDIR:-/tmp}/ffa-runner.XXXXXX")
trap 'rm -rf "$work"' EXIT
fails=0

# expect CASE WANT_RC REASON_REGEX [env...] -- run.sh args
expect() {
	local name=$1 want=$2 pattern=$3 out rc
	shift 3
	out=$(env "$@" 2>&1)
	rc=$?
	if [ "$rc" -ne "$want" ] || ! grep -qE "$pattern" <<<"$out"; then
		echo "FAIL: $name: run.sh exit $rc (want $want), output:"
		sed 's/^/    /' <<<"$out"
		fails=$((fails + 1))
	else
		echo "ok: $name: $(grep -m1 -E "$pattern" <<<"$out")"
	fi
}

printf '#!/bin/sh\necho "PASS: looks fine"\nexec sleep 600\n' >"$work/hang"
printf '#!/bin/sh\necho "ok 1 - something"\nexit 0\n' >"$work/nopass"
printf '#!/bin/sh\necho "PASS: but"\nexit 3\n' >"$work/badexit"
chmod +x "$work/hang" "$work/nopass" "$work/badexit"

expect "corrupting monitor" 1 'run.sh: FAIL: smc-corrupt: failure line: FAIL: direct messages' \
	bash "$here/run.sh" "$dir/smc-corrupt.elf"
expect "hanging emulator" 1 'run.sh: FAIL: smc: timeout after 2s' \
	QEMU="$work/hang" bash "$here/run.sh" --timeout 2 "$dir/smc.elf"
expect "no PASS line" 1 'run.sh: FAIL: smc: no PASS line' \
	QEMU="$work/nopass" bash "$here/run.sh" "$dir/smc.elf"
expect "exit status" 1 'run.sh: FAIL: smc: exit status 3' \
	QEMU="$work/badexit" bash "$here/run.sh" "$dir/smc.elf"
expect "good image" 0 'run.sh: PASS \(1 images\)' bash "$here/run.sh" "$dir/smc.elf"

if [ $fails -gt 0 ]; then
	echo "test_runner: FAIL ($fails case(s))"
	exit 1
fi
echo "test_runner: PASS (5 cases)"
