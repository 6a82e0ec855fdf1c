#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# scripts/test.sh - install what libffa needs, build it every supported way
# and run every test. The one command for developers and CI:
#
#   ./scripts/test.sh            # everything
#   ./scripts/test.sh gcc asan   # only some stages (deps always runs)
#
# Stages (in order):
#   deps          install missing Debian packages (apt-get; skipped when all
#                 are present)
#   gcc           build/gcc:   gcc, Release, -Werror; ctest
#   clang         build/clang: clang, RelWithDebInfo, -Werror; ctest
#   asan          build/asan:  gcc, Debug, FFA_SANITIZE=ON (ASan+UBSan,
#                 leaks fail tests); ctest
#   freestanding  scripts/freestanding-check.sh with gcc and clang
#   cross         build/aarch64: the library with the smc/hvc conduits for
#                 AArch64 (gcc-aarch64-linux-gnu), and the README example;
#                 scripts/size-report.sh (freestanding -Os sizes, stack use);
#                 examples/baremetal. (The QEMU system tests, tests/qemu,
#                 run in ctest, label "qemu", in the gcc/clang/asan stages.)
#   qemu-user     the unit tests cross-built for aarch64 (build/qemu-aarch64)
#                 and for big-endian s390x (build/qemu-s390x), run under
#                 qemu-aarch64 / qemu-s390x (criterion-lite runner)
#   install       install build/gcc into a temporary prefix and build/run
#                 tests/consumer against it (pkg-config and find_package),
#                 including the socket conduit's consumer against the
#                 installed ffa-simd and its installed default manifest
#   bench         run every bench program of build/gcc (figures are printed,
#                 never judged; a crash still fails)
#   fuzz          build/fuzz: clang libFuzzer targets (if fuzz/fuzz_*.c
#                 exist), a short smoke run of each
#
# Exits non-zero on the first failure; the last line is a summary.

set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

ALL_STAGES=(gcc clang asan freestanding cross qemu-user install bench fuzz)
PACKAGES=(build-essential cmake clang pkg-config libcriterion-dev uuid-dev
	  libfdt-dev device-tree-compiler liburing-dev valgrind libclang-rt-dev
	  binutils make gcc-aarch64-linux-gnu gcc-s390x-linux-gnu qemu-user
	  qemu-system-arm)
JOBS=2
FUZZ_RUNS=20000
FUZZ_SECONDS=20
BENCH_TIMEOUT=300

stages=()
if [ $# -eq 0 ]; then
	stages=("${ALL_STAGES[@]}")
else
	for s in "$@"; do
		case " ${ALL_STAGES[*]} " in
		*" $s "*) stages+=("$s") ;;
		*) echo "test.sh: unknown stage '$s' (stages: ${ALL_STAGES[*]})" >&2; exit 2 ;;
		esac
	done
fi

t_start=$(date +%s)
current="start"
passed_total=0
failed_total=0
done_stages=()

banner() {
	current=$1
	printf '\n'
	printf '==============================================================================\n'
	printf '== %s: %s\n' "$1" "$2"
	printf '==============================================================================\n'
}

finish() {
	local rc=$?
	local secs=$(( $(date +%s) - t_start ))
	printf '\n'
	if [ $rc -eq 0 ]; then
		echo "test.sh: stages passed: ${done_stages[*]:-none} (${secs}s)"
		echo "summary: ${passed_total} passed, ${failed_total} failed"
	else
		echo "test.sh: FAILED in stage '${current}' (exit ${rc}) after ${secs}s;" \
			"stages passed before it: ${done_stages[*]:-none}" >&2
		echo "summary: ${passed_total} passed, $(( failed_total > 0 ? failed_total : 1 )) failed"
	fi
}
trap finish EXIT

stage_done() {
	done_stages+=("$1")
}

want() {
	case " ${stages[*]} " in
	*" $1 "*) return 0 ;;
	*) return 1 ;;
	esac
}

# Run ctest on a build directory, keep its counts for the summary.
run_ctest() {
	local dir=$1 log line
	log="$dir/ctest.log"
	set +e
	ctest --test-dir "$dir" --output-on-failure --no-tests=error -j"$JOBS" 2>&1 | tee "$log"
	local rc=${PIPESTATUS[0]}
	set -e
	# "100% tests passed, 0 tests failed out of 12"
	line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n1 || true)
	if [ -n "$line" ]; then
		local failed total
		failed=$(echo "$line" | sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/')
		total=$(echo "$line" | sed -E 's/.* failed out of ([0-9]+).*/\1/')
		passed_total=$(( passed_total + total - failed ))
		failed_total=$(( failed_total + failed ))
	fi
	return "$rc"
}

# configure_build DIR CC BUILD_TYPE [cmake args...]
configure_build() {
	local dir=$1 cc=$2 type=$3
	shift 3
	cmake -S "$root" -B "$dir" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE="$type" "$@"
	cmake --build "$dir" -j"$JOBS"
}

# --------------------------------------------------------------------------
banner deps "Debian packages"
missing=()
for p in "${PACKAGES[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "all present: ${PACKAGES[*]}"
else
	echo "installing: ${missing[*]}"
	sudo=""
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null 2>&1 || { echo "test.sh: need root (or sudo) to install ${missing[*]}" >&2; exit 1; }
		sudo="sudo"
	fi
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -q </dev/null
	$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
fi
echo "gcc:   $(gcc --version | head -n1)"
echo "clang: $(clang --version | head -n1)"
echo "cmake: $(cmake --version | head -n1)"
stage_done deps

# --------------------------------------------------------------------------
if want gcc; then
	banner gcc "gcc, Release, -Werror: build + ctest (build/gcc)"
	configure_build build/gcc gcc Release
	run_ctest build/gcc
	stage_done gcc
fi

if want clang; then
	banner clang "clang, RelWithDebInfo, -Werror: build + ctest (build/clang)"
	configure_build build/clang clang RelWithDebInfo
	run_ctest build/clang
	stage_done clang
fi

if want asan; then
	banner asan "gcc, Debug, ASan+UBSan (FFA_SANITIZE=ON): build + ctest (build/asan)"
	configure_build build/asan gcc Debug -DFFA_SANITIZE=ON -DFFA_BUILD_BENCH=OFF
	run_ctest build/asan
	stage_done asan
fi

if want freestanding; then
	banner freestanding "core builds with no libc and keeps no globals (gcc, clang)"
	set +e
	bash scripts/freestanding-check.sh --cc gcc --cc clang --out build/freestanding
	rc=$?
	set -e
	case $rc in
	0) passed_total=$(( passed_total + 1 )) ;;
	77) echo "freestanding: skipped (no core sources yet)" ;;
	*) failed_total=$(( failed_total + 1 )); exit "$rc" ;;
	esac
	stage_done freestanding
fi

if want cross; then
	banner cross "AArch64 cross build: library + smc/hvc conduits, README example (build/aarch64)"
	cmake -S "$root" -B build/aarch64 -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-aarch64-linux-gnu.cmake" \
		-DFFA_BUILD_TESTS=OFF -DFFA_BUILD_BENCH=OFF -DFFA_FREESTANDING_CHECK=OFF
	cmake --build build/aarch64 -j"$JOBS"
	aarch64-linux-gnu-nm build/aarch64/libffa.a > build/aarch64/symbols.txt
	for sym in ffa_conduit_smc ffa_conduit_hvc ffa__smccc_smc ffa__smccc_hvc; do
		grep -q " T $sym\$" build/aarch64/symbols.txt ||
			{ echo "cross: $sym missing from the AArch64 library" >&2; exit 1; }
	done
	sed -n '/^```c$/,/^```$/p' README.md | sed '1d;$d' > build/aarch64/readme_example.c
	aarch64-linux-gnu-gcc -std=c11 -Wall -Wextra -Werror -I"$root/include" \
		-c build/aarch64/readme_example.c -o build/aarch64/readme_example.o
	# Sizes and stack use of the freestanding core and conduits: printed,
	# not judged (fails only on .data/.bss in the core).
	bash scripts/size-report.sh --out build/aarch64/size
	# The bare-metal example (freestanding, own linker script, no libc).
	make -s -f examples/baremetal/Makefile O=build/aarch64/baremetal -j"$JOBS"
	passed_total=$(( passed_total + 1 ))
	stage_done cross
fi

if want qemu-user; then
	banner qemu-user "unit tests on aarch64 and big-endian s390x under QEMU user mode"
	for arch in aarch64 s390x; do
		cmake -S "$root" -B "build/qemu-$arch" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
			-DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-$arch-linux-gnu.cmake" \
			-DFFA_BUILD_BENCH=OFF -DFFA_FREESTANDING_CHECK=OFF
		cmake --build "build/qemu-$arch" -j"$JOBS"
		# Skipped here only (they run in every native stage): the three
		# tests that run two threads against each other (a racing peer,
		# known-bugs class 31; both sides of a message exchange) never
		# finish under this qemu-user; natively they take 0.1 s.
		CRL_SKIP="known_bug_31_header_fetched_once_under_a_racing_peer both_sides_on_two_threads external_partition_with_libffa_receiver_calls" \
			run_ctest "build/qemu-$arch"
	done
	stage_done qemu-user
fi

if want install; then
	banner install "install build/gcc into a temporary prefix; build and run tests/consumer"
	[ -f build/gcc/CMakeCache.txt ] || configure_build build/gcc gcc Release
	cmake --build build/gcc -j"$JOBS"
	prefix=$(mktemp -d "${TMPDIR:-/tmp}/libffa-prefix.XXXXXX")
	cmake --install build/gcc --prefix "$prefix"
	set +e
	bash tests/consumer/run.sh "$prefix" build/consumer
	rc=$?
	set -e
	rm -rf "$prefix"
	if [ $rc -ne 0 ]; then
		failed_total=$(( failed_total + 1 ))
		exit "$rc"
	fi
	passed_total=$(( passed_total + 1 ))
	stage_done install
fi

if want bench; then
	banner bench "benchmarks (build/gcc; figures are reported, not judged)"
	[ -f build/gcc/CMakeCache.txt ] || configure_build build/gcc gcc Release
	cmake --build build/gcc -j"$JOBS"
	list=build/gcc/bench/benches.txt
	n=0
	if [ -s "$list" ]; then
		while read -r exe; do
			[ -n "$exe" ] || continue
			echo "-- $(basename "$exe")"
			set +e
			timeout "$BENCH_TIMEOUT" "$exe" </dev/null
			rc=$?
			set -e
			if [ $rc -ne 0 ]; then
				echo "test.sh: bench $(basename "$exe") exited with $rc" >&2
				failed_total=$(( failed_total + 1 ))
				exit 1
			fi
			n=$(( n + 1 ))
		done <"$list"
	fi
	echo "bench: ran $n program(s)"
	stage_done bench
fi

if want fuzz; then
	banner fuzz "libFuzzer smoke runs (clang, build/fuzz)"
	shopt -s nullglob
	fuzz_sources=(fuzz/fuzz_*.c)
	for f in fuzz/*.c; do
		case "$f" in
		fuzz/fuzz_*.c) ;;
		*) echo "fuzz: note: $f is not a target (targets are fuzz/fuzz_*.c)" ;;
		esac
	done
	shopt -u nullglob
	if [ ${#fuzz_sources[@]} -eq 0 ]; then
		echo "fuzz: no fuzz/fuzz_*.c yet; nothing to do"
	else
		configure_build build/fuzz clang RelWithDebInfo -DFFA_BUILD_FUZZ=ON \
			-DFFA_BUILD_TESTS=OFF -DFFA_BUILD_BENCH=OFF -DFFA_FREESTANDING_CHECK=OFF
		mkdir -p build/fuzz/artifacts build/fuzz/corpus
		while read -r exe; do
			[ -n "$exe" ] || continue
			name=$(basename "$exe")
			corpus="build/fuzz/corpus/$name"
			rm -rf "$corpus"
			mkdir -p "$corpus"
			# Seeds (fuzz/corpus/<name>/) are copied: libFuzzer writes to its corpus.
			if [ -d "fuzz/corpus/$name" ]; then
				cp -r "fuzz/corpus/$name/." "$corpus/"
			fi
			echo "-- $name ($(find "$corpus" -type f | wc -l) seed(s); -runs=$FUZZ_RUNS -max_total_time=$FUZZ_SECONDS)"
			set +e
			"$exe" -runs="$FUZZ_RUNS" -max_total_time="$FUZZ_SECONDS" \
				-artifact_prefix="build/fuzz/artifacts/$name-" -print_final_stats=1 \
				"$corpus" </dev/null >"build/fuzz/$name.log" 2>&1
			rc=$?
			set -e
			if [ $rc -ne 0 ]; then
				cat "build/fuzz/$name.log" >&2
				echo "test.sh: fuzz target $name failed (exit $rc); reproducer in build/fuzz/artifacts/" >&2
				failed_total=$(( failed_total + 1 ))
				exit 1
			fi
			grep -E '^(Done|stat::number_of_executed_units|#[0-9]+[[:space:]]+DONE)' "build/fuzz/$name.log" || true
			passed_total=$(( passed_total + 1 ))
		done <build/fuzz/fuzz/fuzzers.txt
	fi
	stage_done fuzz
fi
