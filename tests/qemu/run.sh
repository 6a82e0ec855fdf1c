#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# run.sh - boot QEMU system-test images and judge them.
#
#   tests/qemu/run.sh [--timeout SECS] [--log-dir DIR] IMAGE.elf...
#
# Each image is booted on qemu-system-aarch64 -M virt,secure=on,
# virtualization=on (cortex-a57, 256 MiB, semihosting for the exit status),
# its UART output printed and kept in DIR/<image>.log. An image FAILS when:
#   - the run does not end within SECS seconds (default 60): "timeout";
#   - any output line starts with "FAIL" or "not ok": "failure line";
#   - no output line starts with "PASS": "no PASS line";
#   - QEMU exits with a non-zero status (the program's semihosting exit
#     status, or QEMU's own error): "exit status N".
# Exit status: 0 when every image passed, 1 otherwise (2: usage). The last
# line is "run.sh: PASS (N images)" or "run.sh: FAIL: <image>: <reasons>"
# lines followed by "run.sh: FAIL (N of M images)".
# $QEMU overrides the emulator command (tests/qemu/test_runner.sh uses it to
# prove each failure rule).

set -uo pipefail

timeout_s=60
log_dir=""
images=()
while [ $# -gt 0 ]; do
	case "$1" in
	--timeout) timeout_s=$2; shift 2 ;;
	--log-dir) log_dir=$2; shift 2 ;;
	-h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	*) images+=("$1"); shift ;;
	esac
done
[ ${#images[@]} -gt 0 ] || { echo "run.sh: no image given" >&2; exit 2; }

QEMU=${QEMU:-qemu-system-aarch64}
QEMU_ARGS=(-M virt,secure=on,virtualization=on -cpu cortex-a57 -m 256M -nographic
	   -no-reboot -semihosting-config enable=on,target=native)

failed=0
for img in "${images[@]}"; do
	name=$(basename "$img" .elf)
	if [ -n "$log_dir" ]; then
		mkdir -p "$log_dir"
		log="$log_dir/$name.log"
	else
		log=$(mktemp "${TMPDIR:-/tmp}/ffa-qemu-$name.XXXXXX")
	fi
	echo "== $name ($img, timeout ${timeout_s}s)"
	if [ ! -f "$img" ]; then
		echo "run.sh: FAIL: $name: image not found: $img"
		failed=$((failed + 1))
		continue
	fi
	start=$(date +%s%N)
	# shellcheck disable=SC2086 # $QEMU may be a command with arguments
	timeout --kill-after=5 "$timeout_s" $QEMU "${QEMU_ARGS[@]}" -kernel "$img" \
		</dev/null >"$log" 2>&1
	rc=$?
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	tr -d '\r' <"$log" | sed 's/^/   | /'
	reasons=()
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		reasons+=("timeout after ${timeout_s}s")
	elif [ $rc -ne 0 ]; then
		reasons+=("exit status $rc")
	fi
	if tr -d '\r' <"$log" | grep -qE '^(FAIL|not ok)'; then
		reasons+=("failure line: $(tr -d '\r' <"$log" | grep -m1 -E '^(FAIL|not ok)')")
	fi
	if ! tr -d '\r' <"$log" | grep -qE '^PASS'; then
		reasons+=("no PASS line")
	fi
	[ -n "$log_dir" ] || rm -f "$log"
	if [ ${#reasons[@]} -gt 0 ]; then
		failed=$((failed + 1))
		for r in "${reasons[@]}"; do
			echo "run.sh: FAIL: $name: $r"
		done
	else
		echo "run.sh: ok: $name (${ms} ms)"
	fi
done
if [ $failed -gt 0 ]; then
	echo "run.sh: FAIL ($failed of ${#images[@]} images)"
	exit 1
fi
echo "run.sh: PASS (${#images[@]} images)"
