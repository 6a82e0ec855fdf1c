#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# run.sh PREFIX [WORKDIR] - build tests/consumer against the libffa installed
# in PREFIX, with pkg-config (Makefile) and with find_package(ffa)
# (CMakeLists.txt), shared and static each, and run all four programs; where
# the socket conduit and ffa-simd are installed, also the socket consumer
# (both ways) against the installed daemon and its installed manifest.

set -euo pipefail

if [ $# -lt 1 ]; then
	echo "usage: $0 PREFIX [WORKDIR]" >&2
	exit 2
fi
prefix=$(cd "$1" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ $# -ge 2 ]; then
	work=$2
	rm -rf "$work"
	mkdir -p "$work"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/ffa-consumer.XXXXXX")
	trap 'rm -rf "$work"' EXIT
fi
work=$(cd "$work" && pwd)

# Wherever GNUInstallDirs put libdir (lib, lib64, lib/<multiarch>).
pcdir=$(find "$prefix" -path '*/pkgconfig/libffa.pc' -printf '%h\n' | head -n1)
if [ -z "$pcdir" ]; then
	echo "consumer: FAIL: no libffa.pc under $prefix" >&2
	exit 1
fi
export PKG_CONFIG_PATH="$pcdir${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
echo "consumer: libffa $(pkg-config --modversion libffa) from $pcdir"
echo "consumer: cflags: $(pkg-config --cflags libffa)  libs: $(pkg-config --libs libffa)"

echo "consumer: building with pkg-config (make)"
make -s -f "$here/Makefile" O="$work"

echo "consumer: building with find_package(ffa) (cmake)"
cmake -S "$here" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" \
	-DCMAKE_BUILD_TYPE=Release >"$work/cmake-configure.log" 2>&1 ||
	{ cat "$work/cmake-configure.log" >&2; exit 1; }
cmake --build "$work/cmake" -j2

# Every program must run against the installed library only.
status=0
# The socket conduit against the installed ffa-simd, found by pkg-config
# (Makefile build) and by the CMake package (the CMake build); both must
# agree with the files under PREFIX.
if pkg-config --exists libffa-socket; then
	simd=$(pkg-config --variable=ffa_simd libffa-socket)
	manifest=$(pkg-config --variable=default_manifest libffa-socket)
	for f in "$simd" "$manifest" "$work/socket-consumer-pc" "$work/cmake/socket-consumer-cmake"; do
		case "$f" in
		"$prefix"/* | "$work"/*) [ -e "$f" ] || { echo "consumer: FAIL: $f missing" >&2; status=1; } ;;
		*) echo "consumer: FAIL: $f is not under $prefix" >&2; status=1 ;;
		esac
	done
	if [ "$(sed -n 1p "$work/cmake/socket-consumer.args")" != "$simd" ] ||
	   [ "$(sed -n 2p "$work/cmake/socket-consumer.args")" != "$manifest" ]; then
		echo "consumer: FAIL: the CMake package names another ffa-simd or manifest:" \
			"$(tr '\n' ' ' < "$work/cmake/socket-consumer.args")" >&2
		status=1
	fi
	for exe in "$work/socket-consumer-pc" "$work/cmake/socket-consumer-cmake"; do
		echo "consumer: running $(basename "$exe") against $simd"
		if ! "$exe" "$simd" "$manifest"; then
			echo "consumer: FAIL: $(basename "$exe")" >&2
			status=1
		fi
	done
else
	echo "consumer: no libffa-socket.pc in $prefix (ffa-simd not built): socket consumer skipped"
fi
for exe in "$work/consumer-pc" "$work/consumer-pc-static" \
	"$work/cmake/consumer-cmake" "$work/cmake/consumer-cmake-static"; do
	echo "consumer: running $(basename "$exe")"
	if ! "$exe"; then
		echo "consumer: FAIL: $(basename "$exe")" >&2
		status=1
	fi
done
# The shared builds must load libffa.so from PREFIX, the static ones not at all.
for exe in "$work/consumer-pc" "$work/cmake/consumer-cmake"; do
	lib=$(ldd "$exe" | awk '/libffa\.so/ {print $3}')
	case "$lib" in
	"$prefix"/*) echo "consumer: $(basename "$exe") loads $lib" ;;
	*) echo "consumer: FAIL: $(basename "$exe") loads '${lib:-no libffa.so}', not one from $prefix" >&2
	   status=1 ;;
	esac
done
for exe in "$work/consumer-pc-static" "$work/cmake/consumer-cmake-static"; do
	if readelf -d "$exe" | grep -q 'NEEDED.*libffa'; then
		echo "consumer: FAIL: $(basename "$exe") should not need libffa.so" >&2
		status=1
	fi
done
[ $status -eq 0 ] && echo "consumer: PASS"
exit $status
