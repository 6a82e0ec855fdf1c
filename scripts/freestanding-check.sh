#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# freestanding-check.sh - prove that the libffa core, and the simulator core
# built on it, build and link with no C library at all, the way bare-metal
# firmware (or the bare-metal simulator monitor) would use them.
#
# Two components are checked, each with the same rules:
#   core  libffa/*.c, libffa/desc/*.c, libffa/testing/*.c (never
#         libffa/port/), include path include/ and libffa/;
#   sim   sim/core/*.c and sim/partitions/*.c, include path include/,
#         libffa/, sim/include/ and sim/core/; linked together with the core
#         objects (the simulator reuses libffa's desc layer).
#
# For each compiler:
#  1. Make an include directory holding ONLY copies of the compiler's own
#     stddef.h, stdbool.h and stdint.h (plus the headers those pull in when
#     -ffreestanding, e.g. gcc's stdint-gcc.h), found with `-M`.
#  2. Compile every source of a component with
#       -std=c11 -ffreestanding -fno-builtin -nostdinc -Os
#     and only that directory and the component's own directories on the
#     include path, so any #include of a libc header (string.h, stdio.h, ...)
#     fails.
#  3. Link the objects into one relocatable object (-nostdlib -r) and check
#     it with nm/size:
#       - undefined symbols must be a subset of memcpy, memset, memmove,
#         memcmp (GCC may emit calls to these, so freestanding environments
#         must supply them);
#       - no writable data: no .data/.bss/.tdata/.tbss (or small-data)
#         section of non-zero size, no COMMON symbols => no globals.
#         (.data.rel.ro is read-only after relocation and is allowed: a PIE
#         compiler puts tables of string pointers there.)
#
# Usage: scripts/freestanding-check.sh [--cc CC]... [--out DIR] [--src DIR]
#   --cc CC   compiler to check (repeatable). Default: $CC if set, else
#             every one of gcc and clang that is installed.
#   --out DIR keep the work files in DIR (default: a temporary directory).
#   --src DIR source tree root (default: the tree holding this script).
# Exit: 0 pass, 1 fail, 77 nothing to check (no core sources yet). A tree
# without simulator sources checks the core alone.

set -euo pipefail

ALLOWED_UNDEF="memcpy memset memmove memcmp"
CFLAGS_FS=(-std=c11 -ffreestanding -fno-builtin -nostdinc -Os
           -fno-stack-protector -Wall -Wextra)

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/.." && pwd)
out=""
ccs=()

while [ $# -gt 0 ]; do
	case "$1" in
	--cc) ccs+=("$2"); shift 2 ;;
	--out) out="$2"; shift 2 ;;
	--src) src=$(cd "$2" && pwd); shift 2 ;;
	-h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "freestanding-check: unknown argument: $1" >&2; exit 2 ;;
	esac
done

if [ ${#ccs[@]} -eq 0 ]; then
	if [ -n "${CC:-}" ]; then
		ccs=("$CC")
	else
		for c in gcc clang; do
			command -v "$c" >/dev/null 2>&1 && ccs+=("$c")
		done
	fi
fi
if [ ${#ccs[@]} -eq 0 ]; then
	echo "freestanding-check: FAIL: no compiler found (tried gcc, clang)" >&2
	exit 1
fi

if [ -z "$out" ]; then
	out=$(mktemp -d "${TMPDIR:-/tmp}/ffa-freestanding.XXXXXX")
	trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)

shopt -s nullglob
sources=()
for f in "$src"/libffa/*.c "$src"/libffa/desc/*.c "$src"/libffa/testing/*.c; do
	sources+=("$f")
done
sim_sources=()
for f in "$src"/sim/core/*.c "$src"/sim/partitions/*.c; do
	sim_sources+=("$f")
done
shopt -u nullglob
if [ ${#sources[@]} -eq 0 ]; then
	echo "freestanding-check: SKIP: no core sources under $src/libffa"
	exit 77
fi

NM=${NM:-nm}
SIZE=${SIZE:-size}

fail() {
	echo "freestanding-check: FAIL [$cc]: $*" >&2
	exit 1
}

check_one() {
	cc=$1
	local tag work sysinc probe dep objs=()
	tag=$(basename "$cc")
	work="$out/$tag"
	rm -rf "$work"
	mkdir -p "$work/sysinc" "$work/obj"
	sysinc="$work/sysinc"

	command -v "$cc" >/dev/null 2>&1 || fail "compiler not found"
	echo "== freestanding check with $cc ($("$cc" --version | head -n1))"

	# 1. The compiler's freestanding headers, and only them.
	probe="$work/probe.c"
	printf '#include <stddef.h>\n#include <stdbool.h>\n#include <stdint.h>\n' >"$probe"
	"$cc" -std=c11 -ffreestanding -M -MF "$work/probe.d" -c "$probe" -o /dev/null ||
		fail "cannot preprocess stddef.h/stdbool.h/stdint.h"
	# Copy what the three headers pull in from the compiler's own header
	# directory (where stddef.h was found). Anything else listed (clang
	# names libc's stdint.h for a __has_include_next it never follows in
	# freestanding mode) is left out; the probe below proves it unneeded.
	local deps resdir
	deps=$(sed -e 's/\\$//' -e 's/^[^:]*://' "$work/probe.d")
	resdir=""
	for dep in $deps; do
		[ "$(basename "$dep")" = stddef.h ] && resdir=$(dirname "$dep") && break
	done
	[ -n "$resdir" ] || fail "cannot locate the compiler's stddef.h"
	for dep in $deps; do
		[ "$(dirname "$dep")" = "$resdir" ] || continue
		cp "$dep" "$sysinc/$(basename "$dep")"
	done
	for h in stddef.h stdbool.h stdint.h; do
		[ -f "$sysinc/$h" ] || fail "compiler has no $h"
	done
	"$cc" "${CFLAGS_FS[@]}" -isystem "$sysinc" -c "$probe" -o "$work/probe.o" ||
		fail "stddef.h/stdbool.h/stdint.h do not compile from $sysinc alone"
	echo "   headers allowed: $(cd "$sysinc" && printf '%s ' *)(from $resdir)"

	# Self-test: the include path really refuses libc headers.
	printf '#include <string.h>\n' >"$work/neg.c"
	if "$cc" "${CFLAGS_FS[@]}" -isystem "$sysinc" -c "$work/neg.c" \
		-o "$work/neg.o" 2>/dev/null; then
		fail "self-test: <string.h> compiled although it must not be reachable"
	fi

	# 2. Compile every core source; 3. check the linked object.
	compile_set core "$work/obj" objs -I "$src/include" -I "$src/libffa" -- "${sources[@]}"
	echo "   compiled ${#objs[@]} core sources"
	check_object "$work/libffa-core.o" core "${objs[@]}"

	# The simulator core, linked with the libffa core it builds on.
	if [ ${#sim_sources[@]} -gt 0 ]; then
		local simobjs=()
		compile_set sim "$work/simobj" simobjs -I "$src/include" -I "$src/libffa" \
			-I "$src/sim/include" -I "$src/sim/core" -- "${sim_sources[@]}"
		echo "   compiled ${#simobjs[@]} simulator core sources"
		check_object "$work/sim-core.o" sim "${simobjs[@]}" "${objs[@]}"
	fi
	echo "   PASS [$cc]"
}

# compile_set LABEL OUTDIR ARRAYNAME INCLUDE-ARGS... -- SOURCES...
# Compile each source freestanding into OUTDIR; append the objects to the
# array named ARRAYNAME.
compile_set() {
	local label=$1 dir=$2 s rel obj
	local -n _objs=$3
	local incs=()
	shift 3
	while [ "$1" != "--" ]; do
		incs+=("$1")
		shift
	done
	shift
	mkdir -p "$dir"
	for s in "$@"; do
		rel=${s#"$src"/}
		obj="$dir/$(echo "$rel" | tr '/' '_').o"
		if ! "$cc" "${CFLAGS_FS[@]}" -isystem "$sysinc" "${incs[@]}" -c "$s" -o "$obj"; then
			fail "$rel ($label) does not compile freestanding (only stddef.h, stdbool.h, stdint.h are available)"
		fi
		_objs+=("$obj")
	done
}

# check_object OUT LABEL OBJECTS...: link OBJECTS into the relocatable OUT
# and check what it needs and what it holds.
check_object() {
	local whole=$1 label=$2 s
	shift 2
	"$cc" -nostdlib -r -o "$whole" "$@" ||
		fail "$label: relocatable link (-nostdlib -r) failed"

	local undef bad=()
	undef=$("$NM" -u "$whole" | awk '{print $NF}' | sort -u)
	for s in $undef; do
		case " $ALLOWED_UNDEF " in
		*" $s "*) ;;
		*) bad+=("$s") ;;
		esac
	done
	if [ ${#bad[@]} -gt 0 ]; then
		for s in "${bad[@]}"; do
			echo "   undefined symbol not allowed: $s (referenced from: $(
				for o in "$@"; do
					"$NM" -u "$o" | awk '{print $NF}' | grep -qx "$s" && printf '%s ' "$(basename "$o")"
				done))" >&2
		done
		fail "$label needs symbols a freestanding environment does not provide: ${bad[*]}"
	fi
	# shellcheck disable=SC2086 # word-split the list on purpose
	echo "   [$label] undefined symbols: $(printf "%s " ${undef:-none})(allowed: $ALLOWED_UNDEF)"

	local sec size_ bad_secs=()
	while read -r sec size_ _; do
		case "$sec" in
		.data.rel.ro|.data.rel.ro.*) continue ;;
		.data|.data.*|.bss|.bss.*|.tdata|.tdata.*|.tbss|.tbss.*|.sdata|.sdata.*|.sbss|.sbss.*) ;;
		*) continue ;;
		esac
		[ "$size_" -gt 0 ] 2>/dev/null || continue
		bad_secs+=("$sec")
		echo "   writable section $sec has $size_ bytes; symbols in it:" >&2
		objdump -t "$whole" | awk -v s="$sec" '$0 ~ "[ \t]" s "[ \t]" {print "     " $NF}' >&2
	done < <("$SIZE" -A "$whole" | tail -n +3)
	if [ ${#bad_secs[@]} -gt 0 ]; then
		fail "$label has writable global/static data (${bad_secs[*]}); it must keep no globals"
	fi

	local common
	common=$("$NM" "$whole" | awk '$(NF-1) == "C" {print $NF}')
	if [ -n "$common" ]; then
		fail "$label has COMMON symbols (globals): $(echo "$common" | tr '\n' ' ')"
	fi

	echo "   [$label] no .data/.bss/COMMON; text+rodata: $("$SIZE" "$whole" | awk 'NR==2 {print $1}') bytes"
}

for cc in "${ccs[@]}"; do
	check_one "$cc"
done
echo "freestanding-check: PASS (${#sources[@]} core sources, ${#sim_sources[@]} simulator core sources; ${ccs[*]})"
