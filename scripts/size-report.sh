#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# size-report.sh - how big and how stack-hungry the libffa core is on a
# real firmware target: a freestanding AArch64 build of the core
# (libffa/*.c, libffa/desc/*.c; never libffa/port/ or libffa/testing/) and
# of the smc/hvc conduits, with
#   aarch64-linux-gnu-gcc -std=c11 -ffreestanding -nostdlib -Os
#     -fstack-usage -fcallgraph-info=su
#
# It prints:
#  1. .text (all .text* sections), .rodata, .data, .bss of every source file;
#  2. totals per component: desc, the ABI areas (setup, msg, mem, notif),
#     the services layer (libffa/*_services.c, *_dispatch.c, *_driver.c:
#     the files that say they sit on the ABI calls), conduits, and the core
#     (everything but the conduits) - against the issue 8 targets (core
#     .text <= 16 KiB at -Os, .data + .bss = 0);
#  3. what a firmware of each role links (-ffunction-sections,
#     --gc-sections): the core .text a normal-world client, a secure
#     partition and a user of every call pull in, each also without the
#     services layer (the desc and ABI layers alone);
#  4. the worst stack use of every public function (global ffa_* symbol,
#     not ffa__*), and the call chain that reaches it.
#
# Stack method: gcc's own per-function frame sizes (-fstack-usage: the .su
# files, also carried in the -fcallgraph-info=su .ci files) and gcc's call
# graph (.ci files, every translation unit merged by symbol name; static
# functions are qualified with their file). The worst use of a function is
# its own frame plus the worst of its callees, followed depth-first. A tail
# call is not nested: gcc's call graph does not tell it from a call, so the
# disassembly does (objdump -dr): a callee that a function reaches only with
# `b` to the callee's entry (R_AARCH64_JUMP26 or an in-file branch to the
# symbol itself) after its epilogue (the last instruction before it that
# moved sp popped the frame), never with `bl`, is a tail call and counts as
# max(own frame + other callees, tail callee) (shown as '~>' in a chain).
# Indirect branches (`br`) are always counted as nested calls (a jump table
# looks the same). Calls
# through a pointer (gcc's "__indirect_call" node) are counted as the worst
# of the smc/hvc conduit paths (conduit->call is the only indirect call a
# caller cannot avoid). The library's own callbacks are followed too: a
# function whose address a function on the path takes (an adrp of a .text
# symbol: the services' sinks and iterators, the dispatcher's SRI round)
# may be what any indirect call below it reaches, except the conduit call
# in the call path (ffa__call_checked, ffa_call_raw); shown as '=>'. This
# over-approximates (a port hook below the taker is counted as if it could
# reach the callback) but never under-counts the library's own code. The
# port hooks, range iterators and dispatcher handlers a caller supplies are
# their own code and not included: add their stack to the figure of a call
# that uses them. Functions outside the core
# (memcpy, memset) count 0. A recursion is reported, not followed. Frames
# marked "dynamic" by gcc are flagged with '*'.
#
# Judges nothing but the writable data: exits 1 if the core or the
# conduits have .data/.bss (or COMMON symbols), 0 otherwise; sizes and
# stack figures are printed as they are. With --check-targets it also exits
# 1 when the core .text or the worst public stack misses its target.
#
# Usage: scripts/size-report.sh [--out DIR] [--cc CC] [--check-targets]
#   --out DIR        keep objects and .su/.ci files in DIR (default:
#                    temporary).
#   --cc CC          cross compiler (default: aarch64-linux-gnu-gcc);
#                    size/nm are taken from the same prefix.
#   --check-targets  also fail on core .text > 16 KiB or a public call's
#                    worst stack > 512 bytes.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/.." && pwd)
out=""
cc=aarch64-linux-gnu-gcc
check_targets=0

while [ $# -gt 0 ]; do
	case "$1" in
	--out) out="$2"; shift 2 ;;
	--cc) cc="$2"; shift 2 ;;
	--check-targets) check_targets=1; shift ;;
	-h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "size-report: unknown argument: $1" >&2; exit 2 ;;
	esac
done

command -v "$cc" >/dev/null 2>&1 || { echo "size-report: $cc not found" >&2; exit 1; }
prefix=${cc%gcc}
SIZE=${prefix}size
NM=${prefix}nm
OBJDUMP=${prefix}objdump

if [ -z "$out" ]; then
	out=$(mktemp -d "${TMPDIR:-/tmp}/ffa-size.XXXXXX")
	trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out"/*.o "$out"/*.su "$out"/*.ci

CFLAGS=(-std=c11 -ffreestanding -nostdlib -Os -fno-stack-protector -fstack-usage
	-fcallgraph-info=su -Wall -Wextra -Werror -I "$src/include" -I "$src/libffa")

shopt -s nullglob
core_sources=("$src"/libffa/*.c "$src"/libffa/desc/*.c)
conduit_sources=("$src"/conduits/smc/smc.c "$src"/conduits/hvc/hvc.c
		 "$src"/conduits/smc/smc_aarch64.S "$src"/conduits/hvc/hvc_aarch64.S)
shopt -u nullglob

# Object name from the path relative to the tree: libffa/desc/mem_attr.c ->
# libffa_desc_mem_attr.o (the .su/.ci files follow the object name).
objname() {
	local rel=${1#"$src"/}
	echo "$out/$(echo "${rel%.*}" | tr '/' '_').o"
}

echo "== size-report: $($cc --version | head -n1)"
echo "   flags: -std=c11 -ffreestanding -nostdlib -Os -fstack-usage -fcallgraph-info=su"
for s in "${core_sources[@]}" "${conduit_sources[@]}"; do
	( cd "$out" && "$cc" "${CFLAGS[@]}" -c "$s" -o "$(objname "$s")" )
done

# component SOURCE -> desc | setup | msg | mem | notif | services | conduits
component() {
	local rel=${1#"$src"/} base
	base=$(basename "$rel")
	case "$rel" in
	conduits/*) echo conduits ;;
	libffa/desc/*) echo desc ;;
	libffa/*_services.c | libffa/*_dispatch.c | libffa/*_driver.c) echo services ;;
	libffa/msg*) echo msg ;;
	libffa/mem*) echo mem ;;
	libffa/notif*) echo notif ;;
	*) echo setup ;;
	esac
	: "$base"
}

# Per-file sizes: sum of .text*, .rodata*, .data* (not .data.rel.ro*),
# .bss* sections of `size -A`.
echo
printf '%-34s %-9s %7s %7s %6s %6s\n' "file" "component" ".text" ".rodata" ".data" ".bss"
table="$out/sizes.txt"
: >"$table"
for s in "${core_sources[@]}" "${conduit_sources[@]}"; do
	o=$(objname "$s")
	comp=$(component "$s")
	"$SIZE" -A "$o" | awk -v f="${s#"$src"/}" -v c="$comp" '
		$1 ~ /^\.text/ { t += $2 }
		$1 ~ /^\.rodata/ || $1 ~ /^\.data\.rel\.ro/ { r += $2; next }
		$1 ~ /^\.data/ || $1 ~ /^\.sdata/ || $1 ~ /^\.tdata/ { d += $2 }
		$1 ~ /^\.bss/ || $1 ~ /^\.sbss/ || $1 ~ /^\.tbss/ { b += $2 }
		END { printf "%s %s %d %d %d %d\n", f, c, t, r, d, b }' >>"$table"
done
awk '{ printf "%-34s %-9s %7d %7d %6d %6d\n", $1, $2, $3, $4, $5, $6 }' "$table"

echo
echo "-- totals per component (bytes)"
printf '%-30s %7s %7s %6s %6s\n' "component" ".text" ".rodata" ".data" ".bss"
awk '
	{ t[$2] += $3; r[$2] += $4; d[$2] += $5; b[$2] += $6
	  if ($2 != "conduits") { ct += $3; cr += $4; cd += $5; cb += $6 } }
	END {
		n = split("desc setup msg mem notif services conduits", order, " ")
		for (i = 1; i <= n; i++) {
			c = order[i]
			name = c
			if (c == "setup" || c == "msg" || c == "mem" || c == "notif")
				name = "ABI " c
			printf "%-30s %7d %7d %6d %6d\n", name, t[c], r[c], d[c], b[c]
		}
		printf "%-30s %7d %7d %6d %6d\n", "core (all but conduits)", ct, cr, cd, cb
		printf "core .text %d bytes = %.1f KiB (target <= 16 KiB at -Os: %s)\n", ct, ct / 1024,
			ct <= 16384 ? "within" : "EXCEEDED by " ct - 16384 " bytes"
		printf "core .data + .bss = %d bytes (target 0)\n", cd + cb
		print ct > "'"$out"'/core-text.txt"
	}' "$table"
if [ "$(awk '{ print $2 }' "$table" | grep -c '^mem$' || true)" -eq 0 ]; then
	echo "note: no libffa/mem*.c in this tree: the memory-management ABI calls are not" \
		"part of the figure yet (desc is)"
fi

# Biggest functions of the core (by .text), for where a target is exceeded.
echo
echo "-- 12 biggest core functions (.text bytes)"
core_objs=()
for s in "${core_sources[@]}"; do core_objs+=("$(objname "$s")"); done
"$NM" --size-sort -S -t d "${core_objs[@]}" 2>/dev/null |
	awk '$3 ~ /^[tT]$/ { printf "%7d %s\n", $2 + 0, $4 }' | sort -rn | awk 'NR <= 12'

# ---------------------------------------------------------------- profiles
# What a firmware actually links: the core built with -ffunction-sections
# and linked with --gc-sections into a program that references a role's
# calls. The .text that comes from core objects is summed from the link
# map (the program's own code and memcpy/memset are not counted).
# A role's list is every public call the FF-A rules let that endpoint make
# (ffa-abi.md, ffa-memory.md), with the library's helpers built on them
# (services, dispatchers, context accessors, UUID and error helpers); the
# stand-alone descriptor codecs (desc.h), which a partition manager or a
# tool uses, are left to the "all" row. Not in a role: calls FF-A gives
# only to another instance (e.g. no FFA_RUN, NOTIFICATION_INFO_GET or
# BITMAP_CREATE from an SP; no MSG_WAIT, direct responses, RETRIEVE_REQ
# or MEM_PERM from a normal-world endpoint with no hypervisor, since no SP
# can send it a request or lend it memory).
profile_common="ffa_ctx_init ffa_ctx_own_id ffa_ctx_version ffa_ctx_pm_version
	ffa_ctx_rx_buffer ffa_ctx_tx_buffer ffa_ctx_rxtx_size ffa_ctx_set_preempt_policy
	ffa_ctx_preempted ffa_conduit_smc ffa_strerror ffa_error_from_wire ffa_call_raw
	ffa_version ffa_version_negotiate ffa_features ffa_features_cached
	ffa_features_rxtx_map ffa_features_interrupt ffa_rxtx_map ffa_rxtx_unmap
	ffa_rx_release ffa_partition_info_get ffa_partition_count ffa_partition_info_get_regs
	ffa_id_get ffa_spm_id_get ffa_uuid_parse ffa_uuid_format ffa_uuid_equal
	ffa_uuid_to_regs32 ffa_uuid_to_regs64 ffa_uuid_from_regs32 ffa_uuid_from_regs64
	ffa_msg_send_direct_req ffa_msg_send_direct_req2 ffa_msg_send2 ffa_msg_recv_indirect
	ffa_mem_share ffa_mem_lend ffa_mem_donate ffa_mem_send ffa_mem_reclaim
	ffa_mem_op_resume ffa_mem_range_array_iter ffa_mem_attr_encode ffa_mem_svc_share
	ffa_mem_svc_lend ffa_mem_svc_donate ffa_mem_svc_send ffa_mem_svc_reclaim
	ffa_notif_bind ffa_notif_unbind ffa_notif_set ffa_notif_get"
# A normal-world OS kernel or boot firmware with no hypervisor (the NS
# physical instance): it also schedules SPs and handles the SRI.
profile_nwd_client="$profile_common ffa_run ffa_notif_bitmap_create
	ffa_notif_bitmap_destroy ffa_notif_info_get ffa_notif_info_drain
	ffa_notif_dispatch_init ffa_notif_dispatch_register ffa_notif_dispatch_unregister
	ffa_notif_dispatch_bind ffa_notif_dispatch_unbind ffa_notif_dispatch_sri
	ffa_notif_dispatch_vcpu ffa_notif_driver_setup ffa_notif_driver_teardown"
# A secure partition (the secure virtual instance): it receives messages
# and memory, and its notifications arrive by NPI.
profile_sp="$profile_common ffa_features_mem_retrieve ffa_msg_wait ffa_yield
	ffa_msg_dispatch ffa_msg_decode ffa_fwk_resp_type ffa_msg_send_direct_resp
	ffa_msg_send_direct_resp2 ffa_msg_send_framework_resp ffa_mem_retrieve
	ffa_mem_relinquish ffa_mem_perm_get ffa_mem_perm_set ffa_mem_perm_valid
	ffa_mem_svc_retrieve ffa_mem_svc_retrieve_each ffa_mem_svc_relinquish
	ffa_notif_dispatch_init ffa_notif_dispatch_register ffa_notif_dispatch_unregister
	ffa_notif_dispatch_bind ffa_notif_dispatch_unbind ffa_notif_dispatch_npi
	ffa_notif_dispatch_vcpu"
echo
echo "-- what a firmware links (-ffunction-sections, --gc-sections), by role"
printf '%-12s %6s %12s\n' "role" "calls" "core .text"
mkdir -p "$out/gc"
GCFLAGS=()
for f in "${CFLAGS[@]}"; do
	case "$f" in -fcallgraph-info=*|-fstack-usage) ;; *) GCFLAGS+=("$f") ;; esac
done
for s in "${core_sources[@]}" "${conduit_sources[@]}"; do
	( cd "$out/gc" && "$cc" "${GCFLAGS[@]}" -ffunction-sections \
		-fdata-sections -c "$s" -o "$(objname "$s" | sed "s|^$out/|$out/gc/|")" )
done
# Every public call: the whole core, which checks the method.
profile_all=$("$NM" -g --defined-only "$out"/gc/libffa_*.o "$out"/gc/conduits_*.o |
	awk '$2 == "T" && $3 ~ /^ffa_/ && $3 !~ /^ffa__/ { print $3 }' | sort -u)
# The same roles with the desc and ABI layers alone: less every call the
# services layer defines (the component "services" above).
services_syms=" $(for f in "$src"/libffa/*.c; do
		[ "$(component "$f")" = services ] || continue
		"$NM" -g --defined-only "$(objname "$f" | sed "s|^$out/|$out/gc/|")"
	done | awk '$2 == "T" { print $3 }' | tr '\n' ' ') "
for role in nwd_client sp all; do
	abi=""
	eval "calls=\$profile_$role"
	for f in $calls; do
		case "$services_syms" in *" $f "*) ;; *) abi="$abi $f" ;; esac
	done
	eval "profile_${role}_abi=\$abi"
done
for role in nwd_client nwd_client_abi sp sp_abi all all_abi; do
	eval "calls=\$profile_$role"
	prog="$out/gc/profile_$role.c"
	{
		echo "/* generated by size-report.sh: the calls of one role */"
		echo "#include <stddef.h>"
		for f in $calls; do echo "extern char $f[];"; done
		echo "void *volatile ffa_size_profile_keep;"
		echo "void ffa_size_profile_entry(void);"
		echo "void ffa_size_profile_entry(void)"
		echo "{"
		for f in $calls; do echo "	ffa_size_profile_keep = $f;"; done
		echo "}"
		echo "void *memcpy(void *d, const void *s, size_t n);"
		echo "void *memset(void *d, int c, size_t n);"
		echo "void *memcpy(void *d, const void *s, size_t n)"
		echo "{ char *o = d; const char *i = s; while (n--) *o++ = *i++; return d; }"
		echo "void *memset(void *d, int c, size_t n)"
		echo "{ char *o = d; while (n--) *o++ = (char)c; return d; }"
	} >"$prog"
	"$cc" -std=c11 -ffreestanding -Os -fno-stack-protector -c "$prog" -o "${prog%.c}.o"
	"$cc" -nostdlib -static -Wl,--gc-sections -Wl,-e,ffa_size_profile_entry \
		-Wl,-Map="$out/gc/profile_$role.map" -o "$out/gc/profile_$role.elf" \
		"${prog%.c}.o" $(ls "$out"/gc/libffa_*.o "$out"/gc/conduits_*.o)
	text=$(awk -v gc="$out/gc/" '
		# input sections kept (after the list of discarded ones):
		# " .text.NAME  ADDR SIZE FILE" on one line or two
		/^Linker script and memory map/ { kept = 1; next }
		!kept { next }
		/^ \.text/ { if (NF >= 4) { sz = $3; f = $4 } else { pend = 1; next } }
		pend && NF >= 3 { sz = $2; f = $3 }
		pend || /^ \.text/ {
			pend = 0
			if (index(f, gc "libffa_") == 1) t += strtonum_hex(sz)
		}
		function strtonum_hex(h,   i, c, v) {
			v = 0; h = tolower(h); sub(/^0x/, "", h)
			for (i = 1; i <= length(h); i++) {
				c = index("0123456789abcdef", substr(h, i, 1)) - 1
				v = v * 16 + c
			}
			return v
		}
		END { print t + 0 }' "$out/gc/profile_$role.map")
	n=$(echo $calls | wc -w)
	case "$role" in
	*_abi) name="  desc+ABI" ;;
	*) name=${role/_/-} ;;
	esac
	awk -v r="$name" -v n="$n" -v t="$text" \
		'BEGIN { printf "%-12s %6d %12d  (%.1f KiB)\n", r, n, t, t / 1024 }'
done
echo "(every call valid at that instance: nwd-client = a normal-world OS or boot"
echo " firmware with no hypervisor, sp = a secure partition; all = every public"
echo " call; desc+ABI = the same less the services layer's calls; a program"
echo " that makes fewer calls links less)"

# ---------------------------------------------------------------- stack
echo
echo "-- worst stack use of each public call (bytes; own frame + deepest callee chain)"
publics=$("$NM" -g --defined-only "${core_objs[@]}" "$(objname "$src/conduits/smc/smc.c")" \
	"$(objname "$src/conduits/hvc/hvc.c")" 2>/dev/null |
	awk '$2 == "T" && $3 ~ /^ffa_/ && $3 !~ /^ffa__/ { print $3 }' | sort -u)
# The asm routines have no .su: their frame is the 16 bytes they push.
asm_frames="ffa__smccc_smc 16 ffa__smccc_hvc 16"
# Direct branches from the disassembly: "file caller callee op" (op b or
# bl), the callee named by its relocation if it has one.
branches="$out/branches.txt"
: >"$branches"
for s in "${core_sources[@]}" "${conduit_sources[@]}"; do
	"$OBJDUMP" -dr --no-show-raw-insn "$(objname "$s")" | awk -v f="${s#"$src"/}" '
		function flush() { if (op != "") print f, fn, tgt, op; op = "" }
		/^[0-9a-f]+ <[^>]+>:$/ { flush(); fn = $2; gsub(/[<>:]/, "", fn); pushed = 0; next }
		/R_AARCH64_(JUMP|CALL)26/ { if (op != "") { tgt = $3; sub(/\+0x[0-9a-f]+$/, "", tgt) }
					    flush(); next }
		{ flush() }
		# The last instruction (in address order) that moved sp pushed
		# (pre-index, sub) or popped (post-index, add) the frame.
		/\[sp, #-[0-9]+\]!|\tsub\tsp, sp/ { pushed = 1 }
		/\[sp\], #[0-9]+|\tadd\tsp, sp/ { pushed = 0 }
		$2 == "b" || $2 == "bl" {
			# A b with the frame still pushed is counted as a call.
			if ($4 ~ /^<[^+>]+>$/) { op = pushed ? "bl" : $2; tgt = $4; gsub(/[<>]/, "", tgt) }
		}
		END { flush() }' >>"$branches"
	# Functions whose address a function takes (adrp of a .text symbol):
	# "file taker take callee", the callee resolved from .text+OFFSET.
	"$OBJDUMP" -dr --no-show-raw-insn "$(objname "$s")" | awk -v f="${s#"$src"/}" '
		/^[0-9a-f]+ <[^>]+>:$/ { fn = $2; gsub(/[<>:]/, "", fn); next }
		/R_AARCH64_ADR_PREL_PG_HI21/ { print f, fn, $3 }' |
	while read -r file taker target; do
		case "$target" in
		.text) off=0 ;;
		.text+0x*) off=$((16#${target#.text+0x})) ;;
		.*) continue ;;
		*) echo "$file $taker $target take"; continue ;;
		esac
		callee=$("$NM" "$(objname "$s")" | awk -v o="$(printf '%016x' "$off")" '
			$2 ~ /^[tT]$/ && $1 == o { print $3; exit }')
		[ -z "$callee" ] || echo "$file $taker $callee take"
	done >>"$branches"
done
cat "$out"/*.ci | sed "s|$src/||g" | awk -v publics="$publics" -v asmf="$asm_frames" \
	-v outdir="$out" -v branches="$branches" '
	function unq(s) { gsub(/"/, "", s); return s }
	/^node:/ {
		title = ""; frame = -1; dyn = 0
		if (match($0, /title: "[^"]*"/)) title = unq(substr($0, RSTART + 7, RLENGTH - 7))
		if (match($0, /\\n[0-9]+ bytes \([a-z,]*\)/)) {
			s = substr($0, RSTART + 2, RLENGTH - 2)
			split(s, p, " ")
			frame = p[1] + 0
			if (s ~ /dynamic/) dyn = 1
		}
		if (title != "" && (frame >= 0 || !(title in fr))) { fr[title] = frame; dy[title] = dyn }
		next
	}
	/^edge:/ {
		if (match($0, /sourcename: "[^"]*"/)) a = unq(substr($0, RSTART + 12, RLENGTH - 12))
		if (match($0, /targetname: "[^"]*"/)) b = unq(substr($0, RSTART + 12, RLENGTH - 12))
		k = a SUBSEP b
		if (!(k in seen)) { seen[k] = 1; nc[a]++; callee[a, nc[a]] = b }
		next
	}
	# A static function is named "file:name" in the call graph.
	function qname(file, name) { return ((file ":" name) in fr) ? file ":" name : name }
	# worst(f, act): own frame + max over nested callees, or a tail callee
	# alone if that is more; memoised; cycles flagged. act is the set of
	# the library'"'"'s own callbacks (functions whose address a function on
	# the path took: a sink, an iterator) that an indirect call may reach
	# besides the conduit; they run inside the call that passed them.
	function withtakes(f, act,   i, n, t) {
		n = split(takes[f], t, " ")
		for (i = 1; i <= n; i++)
			if (index(" " act " ", " " t[i] " ") == 0) act = act " " t[i]
		return act
	}
	function worst(f, act,   i, j, c, w, best, bc, own, tb, tc, k, n, t, cb, cbbest) {
		act = withtakes(f, act)
		k = f SUBSEP act
		if (k in memo) return memo[k]
		if (k in onpath) { recursive = recursive " " f; return 0 }
		onpath[k] = 1; onpathf[f]++
		own = (f in fr && fr[f] > 0) ? fr[f] : 0
		if (f == "__indirect_call") own = indirect
		cb = ""
		best = 0; bc = ""; tb = 0; tc = ""
		for (i = 1; i <= nc[f]; i++) {
			c = callee[f, i]
			w = worst(c, act)
			# An indirect call outside the call path may also be one of
			# the callbacks on the path (the call path calls only the
			# conduit).
			if (c == "__indirect_call" && !(f in conduit_callers)) {
				n = split(act, t, " ")
				for (j = 1; j <= n; j++)
					if (!onpathf[t[j]] && worst(t[j], act) > w) { w = worst(t[j], act); cb = t[j] }
				if (cb != "") {
					if (w > best) { best = w; bc = cb; cbbest = 1 }
					continue
				}
			}
			if (((f, c) in nb) && !((f, c) in nbl)) {
				if (w > tb) { tb = w; tc = c }
			} else if (w > best) { best = w; bc = c }
		}
		delete onpath[k]; onpathf[f]--
		memo[k] = own + best
		via[k] = bc; viaact[k] = act
		tail[k] = cbbest && bc == cb ? 2 : 0
		if (tb > memo[k]) { memo[k] = tb; via[k] = tc; tail[k] = 1 }
		return memo[k]
	}
	function chain(f,   s, n, k, act) {
		s = f; n = 0
		act = withtakes(f, ""); k = f SUBSEP act
		while (via[k] != "" && n < 40) {
			s = s (tail[k] == 1 ? " ~> " : tail[k] == 2 ? " => " : " > ") via[k]
			f = via[k]; act = withtakes(f, viaact[k]); k = f SUBSEP act
			n++
		}
		return s
	}
	END {
		while ((getline line < branches) > 0) {
			split(line, br, " ")
			if (br[4] == "take") {
				a = qname(br[1], br[2]); b = qname(br[1], br[3])
				if (index(" " takes[a] " ", " " b " ") == 0) takes[a] = takes[a] " " b
				continue
			}
			k = qname(br[1], br[2]) SUBSEP qname(br[1], br[3])
			if (br[4] == "b") nb[k] = 1; else nbl[k] = 1
		}
		conduit_callers["ffa__call_checked"] = 1
		conduit_callers["ffa_call_raw"] = 1
		n = split(asmf, af, " ")
		for (i = 1; i < n; i += 2) fr[af[i]] = af[i + 1] + 0
		# Indirect calls: the worst conduit path (smc or hvc).
		indirect = 0
		for (i in fr) if (i ~ /:(smc|hvc)_call$/) {
			w = fr[i] + fr["ffa__smccc_" (i ~ /smc_call$/ ? "smc" : "hvc")]
			if (w > indirect) indirect = w
		}
		np = split(publics, pub, "\n")
		worstall = 0
		for (i = 1; i <= np; i++) {
			f = pub[i]
			if (f == "") continue
			w = worst(f, "")
			flag = dy[f] ? "*" : " "
			printf "%6d%s %-36s %s\n", w, flag, f, chain(f)
			if (w > worstall) { worstall = w; wf = f }
		}
		printf "worst public call: %s, %d bytes (target <= 512: %s)\n", wf, worstall,
			worstall <= 512 ? "within" : "EXCEEDED"
		print worstall > (outdir "/worst-stack.txt")
		printf "indirect calls (conduit->call) counted as %d bytes (conduit frame + asm)\n", indirect
		if (recursive != "") printf "recursion found (not followed):%s\n", recursive
	}'

echo
echo "-- 12 largest own stack frames (.su; bytes)"
cat "$out"/*.su | sed "s|$src/||g" | awk -F'\t' '{ printf "%6d %s %s\n", $2, $1, $3 }' |
	sort -rn | awk 'NR <= 12'

# ---------------------------------------------------------------- judge
echo
all_objs=()
for s in "${core_sources[@]}" "${conduit_sources[@]}"; do all_objs+=("$(objname "$s")"); done
"$cc" -nostdlib -r -o "$out/core-and-conduits.o" "${all_objs[@]}"
bad=$(awk '$5 + $6 > 0 { print $1 " (.data " $5 ", .bss " $6 ")" }' "$table")
common=$("$NM" "$out/core-and-conduits.o" | awk '$(NF-1) == "C" { print $NF }')
if [ -n "$bad" ] || [ -n "$common" ]; then
	echo "size-report: FAIL: writable data in the core/conduits:" >&2
	[ -z "$bad" ] || echo "$bad" >&2
	[ -z "$common" ] || echo "COMMON symbols: $common" >&2
	exit 1
fi
echo "size-report: .data + .bss = 0 in every core and conduit object (OK)"
if [ "$check_targets" -eq 1 ]; then
	text=$(cat "$out/core-text.txt")
	stack=$(cat "$out/worst-stack.txt")
	if [ "$text" -gt 16384 ] || [ "$stack" -gt 512 ]; then
		echo "size-report: FAIL: targets missed (core .text $text > 16384 or" \
			"worst stack $stack > 512)" >&2
		exit 1
	fi
	echo "size-report: core .text $text <= 16384, worst stack $stack <= 512 (OK)"
fi
