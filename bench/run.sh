#!/usr/bin/env bash
# make bench: DNS message parse speed of acmeprobe (src/dns/msg.c) next to
# libknot and ldns, over the fixtures corpus. See bench/README.md.
#
# Environment (all optional):
#   BENCH_CORPUS=DIR    messages to parse, DIR/*.bin (tests/fixtures/msgs)
#   BENCH_PARSES=N      parses per timed block (200000)
#   BENCH_ROUNDS=N      timed blocks per library and set; the median is
#                       reported (5)
#   BENCH_CAA_FIXTURE=F the "simplest CAA answer" (file name or path);
#                       by default the harness picks it (bench/README.md)
#   CC=cc
# Exit status: 0 if every target is met, 1 if one is missed or a check
# fails (the reasons are printed), 2 if the bench cannot run at all.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib/callgrind.sh
. bench/lib/callgrind.sh

OUT=build/bench
CORPUS=${BENCH_CORPUS:-tests/fixtures/msgs}
PARSES=${BENCH_PARSES:-200000}
ROUNDS=${BENCH_ROUNDS:-5}
CC=${CC:-cc}
LIBS=(acmeprobe libknot ldns)
SETS=(mixed caa negative other simplest)
# Targets (from the issue).
MAX_INSTR_CAA=1000   # instructions for the simplest CAA answer
MIN_KNOT_RATIO=5     # libknot instructions / acmeprobe instructions, mixed
START=$SECONDS

die() {
	echo "bench: $*" >&2
	exit 2
}
say() { echo "bench: $*"; }

# ---- corpus and tools -----------------------------------------------------

shopt -s nullglob
files=("$CORPUS"/*.bin)
shopt -u nullglob
if ((${#files[@]} == 0)); then
	die "the corpus is empty: no $CORPUS/*.bin. The fixtures are described" \
		"in tests/fixtures/README.md; BENCH_CORPUS=DIR uses another folder."
fi

# Every step reads one snapshot of the corpus, so a re-capture that runs
# meanwhile cannot change the messages between two steps.
rm -rf "$OUT/corpus"
mkdir -p "$OUT/corpus"
cp -- "${files[@]}" "$OUT/corpus/" || die "cannot copy the corpus"
files=()
for f in "$OUT"/corpus/*.bin; do
	files+=("$f")
done

for tool in pkg-config valgrind callgrind_annotate ar "$CC"; do
	command -v "$tool" >/dev/null ||
		die "$tool not found (scripts/deps.sh bench installs what 'make bench' needs)"
done
pkg-config --exists libknot ldns ||
	die "libknot or ldns not found by pkg-config (libknot-dev, libldns-dev)"

# ---- build ----------------------------------------------------------------

# The library objects, as the Makefile lists them (LIB_SRC): 'make bench'
# has built them already; when this script is run alone, make brings them
# up to date. They go into an archive so that the linker takes only the
# objects the parser needs (not, say, the resolver and its sockets).
objs=()
for c in src/dns/*.c src/net/*.c src/caa/*.c src/http/*.c; do
	[[ -e $c ]] && objs+=("build/obj/${c%.c}.o")
done
make -s --no-print-directory "${objs[@]}" || die "building the library objects failed"

mkdir -p "$OUT"
rm -rf "$OUT/cg" "$OUT"/*.txt
mkdir -p "$OUT/cg"
rm -f "$OUT/libacmeprobe.a"
ar qcs "$OUT/libacmeprobe.a" "${objs[@]}" || die "ar failed" # q: two a.o from two folders both stay

BFLAGS=(-std=c11 -O2 -g -Wall -Wextra -Werror -Wshadow -Ibench/parse)
P=bench/parse
build() { # OUTPUT ARGS...
	local out=$1
	shift
	"$CC" "$@" -o "$OUT/$out" || die "building $OUT/$out failed"
}
# shellcheck disable=SC2046  # pkg-config output is meant to be split
{
	build parse-acmeprobe "${BFLAGS[@]}" -Isrc $P/harness.c \
		$P/adapter_acmeprobe.c "$OUT/libacmeprobe.a"
	build parse-libknot "${BFLAGS[@]}" $(pkg-config --cflags libknot) \
		$P/harness.c $P/adapter_knot.c $(pkg-config --libs libknot)
	build parse-ldns "${BFLAGS[@]}" $(pkg-config --cflags ldns) \
		$P/harness.c $P/adapter_ldns.c $(pkg-config --libs ldns)
	build alloccount.so -O2 -g -Wall -Wextra -Werror -shared -fPIC \
		$P/alloccount.c
}

failures=()

# ---- 1. every parser accepts every message, and reads it the same way ------

rejected=0
for lib in "${LIBS[@]}"; do
	if ! "$OUT/parse-$lib" -s "${files[@]}" >"$OUT/summary-$lib.txt" \
		2>"$OUT/rejects-$lib.txt"; then
		cat "$OUT/rejects-$lib.txt"
		rejected=1
	fi
done
if ((rejected)); then
	echo "bench: FAIL: a parser rejects corpus messages (above); every parser" \
		"must accept every message of $CORPUS" >&2
	exit 1
fi
for lib in libknot ldns; do
	if ! diff -U0 "$OUT/summary-acmeprobe.txt" "$OUT/summary-$lib.txt" \
		>"$OUT/mismatch-$lib.txt"; then
		echo "MISMATCH acmeprobe (-) and $lib (+) read messages differently:"
		grep '^[-+][^-+]' "$OUT/mismatch-$lib.txt" || true
		failures+=("acmeprobe and $lib disagree on some messages (MISMATCH above)")
	fi
done

n_msgs=${#files[@]}
declare -A n_in
for s in caa negative other; do
	n_in[$s]=$(awk -v s="$s" '$3 == s' "$OUT/summary-acmeprobe.txt" | wc -l)
done
n_in[mixed]=$n_msgs
simplest_line=$(grep '^simplest ' "$OUT/summary-acmeprobe.txt" || true)
if [[ -z $simplest_line ]]; then
	n_in[simplest]=0
	failures+=("no typical 1-record CAA answer in the corpus${BENCH_CAA_FIXTURE:+ named $BENCH_CAA_FIXTURE}: instructions per CAA answer cannot be measured (BENCH_CAA_FIXTURE=FILE names one)")
	simplest_desc="none"
else
	n_in[simplest]=1
	read -r _ simplest_path simplest_len <<<"$simplest_line"
	simplest_desc="${simplest_path##*/}, $simplest_len B"
fi
say "corpus $CORPUS: $n_msgs messages: ${n_in[caa]} CAA answers," \
	"${n_in[negative]} negative, ${n_in[other]} others; all accepted by" \
	"${LIBS[*]}; simplest CAA answer: $simplest_desc"

# ---- 2. timings: rounds of one block per library, interleaved --------------

# Each round runs every library once (a warm-up block, then one timed block
# per set), in an order that rotates from round to round, so that a noisy
# moment of the machine hits all three alike. The median of the rounds is
# reported.
: >"$OUT/times.txt"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 0; r < ROUNDS; r++)); do
	say "timing round $((r + 1))/$ROUNDS"
	for ((k = 0; k < ${#LIBS[@]}; k++)); do
		lib=${LIBS[(r + k) % ${#LIBS[@]}]}
		"$OUT/parse-$lib" -n "$PARSES" -b 1 -w 1 "${files[@]}" |
			awk -v lib="$lib" '$1 == "ns" { print lib, $2, $4, $5 }' \
				>>"$OUT/times.txt"
	done
done

load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- 3. allocations per parse ---------------------------------------------

: >"$OUT/allocs.txt"
for lib in "${LIBS[@]}"; do
	LD_PRELOAD="$PWD/$OUT/alloccount.so" "$OUT/parse-$lib" -a -n 100 \
		"${files[@]}" |
		awk -v lib="$lib" '$1 == "allocs" { print lib, $2, $3, $4, $5 }' \
			>>"$OUT/allocs.txt"
done
# A second, independent count for acmeprobe: valgrind's heap summary after
# 0 and after 100 passes over the corpus (memcheck also reports any invalid
# read the parser makes).
heap_allocs() {
	valgrind --tool=memcheck --error-exitcode=99 "$OUT/parse-acmeprobe" \
		-c -n "$1" "${files[@]}" 2>&1 | tee "$OUT/memcheck-$1.txt" |
		sed -n 's/.*total heap usage: \([0-9,]*\) allocs.*/\1/p' | tr -d ,
}
say "counting allocations (alloccount.so, valgrind memcheck)"
vg0=$(heap_allocs 0) || failures+=("memcheck reports errors in acmeprobe ($OUT/memcheck-0.txt)")
vg100=$(heap_allocs 100) || failures+=("memcheck reports errors in acmeprobe ($OUT/memcheck-100.txt)")
if [[ -z $vg0 || -z $vg100 ]]; then
	failures+=("no heap summary from valgrind memcheck ($OUT/memcheck-*.txt)")
	vg_diff=unknown
else
	vg_diff=$((vg100 - vg0))
fi

# ---- 4. instructions per message (callgrind) ------------------------------

# Ir(110 passes) - Ir(10 passes), divided by 100 and by the set's size:
# start-up, library init and corpus loading cancel out.
say "counting instructions (callgrind)"
jobs_file=$OUT/cg/jobs
: >"$jobs_file"
for lib in "${LIBS[@]}"; do
	for s in "${SETS[@]}"; do
		((${n_in[$s]} > 0)) || continue
		for n in 10 110; do
			echo "$lib $s $n" >>"$jobs_file"
		done
	done
done
# Two more runs profile acmeprobe: 100 passes, counting only inside the
# harness's parse loop (--toggle-collect), so that every function's and
# every line's count divided by 100 x the set's size is its cost per message.
for s in mixed simplest; do
	((${n_in[$s]} > 0)) && echo "acmeprobe $s prof" >>"$jobs_file"
done
cg_count parse bench "$jobs_file"

# acmeprobe's profile: profile-acmeprobe-SET.txt lists the instructions
# per message of each function (self cost, costliest first);
# profile-acmeprobe-SET-lines.txt is callgrind_annotate's line-by-line view
# of the same run (counts there are for 100 passes over the set).
profile() { # SET
	local n=${n_in[$1]} cg=$OUT/cg/acmeprobe-$1-prof.out
	[[ -s $cg ]] || return 0
	callgrind_annotate --inclusive=no --threshold=100 --auto=no "$cg" 2>/dev/null |
		sed -nE 's/^ *([0-9,]+) +(\( *[0-9.]+%\) +)?([^ ]+).*/\1 \3/p' |
		awk -v n="$n" '$2 != "PROGRAM" { gsub(/,/, "", $1)
			printf "%10.1f  %s\n", $1 / 100 / n, $2 }' |
		sort -rn >"$OUT/profile-acmeprobe-$1.txt"
	callgrind_annotate --auto=yes --threshold=100 "$cg" \
		>"$OUT/profile-acmeprobe-$1-lines.txt" 2>/dev/null || true
}
for s in mixed simplest; do
	profile "$s"
done

# ---- 5. the report --------------------------------------------------------

# median LIB SET [COLUMN]: the median ns/msg of the rounds, CPU time
# (column 3) or wall-clock (4); range LIB SET: min-max of the CPU times.
median() {
	awk -v l="$1" -v s="$2" -v c="${3:-3}" '$1 == l && $2 == s { print $c }' "$OUT/times.txt" |
		sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}
range() {
	awk -v l="$1" -v s="$2" '$1 == l && $2 == s { print $3 }' "$OUT/times.txt" |
		sort -g | awk '{ v[NR] = $1 } END { if (NR) printf "%.0f-%.0f", v[1], v[NR] }'
}
instr() { awk -v l="$1" -v s="$2" '$1 == l && $2 == s { print $3 }' "$OUT/instr.txt"; }
# allocations = new blocks + reallocs, per message
allocs() {
	awk -v l="$1" -v s="$2" '$1 == l && $2 == s { printf "%.1f", $3 + $4 }' "$OUT/allocs.txt"
}
fmt() { if [[ -n $1 ]]; then printf "%.${2:-0}f" "$1"; else printf -- "-"; fi; }

declare -A label=(
	[mixed]="mixed round-robin, ${n_in[mixed]} msgs"
	[caa]="CAA answers, ${n_in[caa]}"
	[negative]="negative answers, ${n_in[negative]}"
	[other]="others, ${n_in[other]}"
	[simplest]="simplest CAA answer"
)
echo
for lib in "${LIBS[@]}"; do
	case $lib in
	acmeprobe) what="dns_msg_parse, src/dns/msg.c" ;;
	libknot) what="knot_pkt_new + knot_pkt_parse(0) + knot_pkt_free, $(pkg-config --modversion libknot)" ;;
	ldns) what="ldns_wire2pkt + ldns_pkt_free, $(pkg-config --modversion ldns)" ;;
	esac
	printf '%s (%s)\n' "$lib" "$what"
	printf '  %-32s %9s %11s %9s %11s %11s\n' "" "ns/msg" "(min-max)" "wall ns" "instr/msg" "allocs/msg"
	for s in "${SETS[@]}"; do
		((${n_in[$s]} > 0)) || continue
		printf '  %-32s %9s %11s %9s %11s %11s\n' "${label[$s]}" \
			"$(fmt "$(median "$lib" "$s")" 1)" "($(range "$lib" "$s"))" \
			"$(fmt "$(median "$lib" "$s" 4)" 1)" \
			"$(fmt "$(instr "$lib" "$s")")" "$(allocs "$lib" "$s")"
	done
	echo
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b > 0) printf "%.1fx", a / b; else printf "-" }'; }
for lib in libknot ldns; do
	line="instructions $lib / acmeprobe:"
	for s in "${SETS[@]}"; do
		((${n_in[$s]} > 0)) || continue
		line+="  ${s} $(ratio "$(instr "$lib" "$s")" "$(instr acmeprobe "$s")")"
	done
	echo "$line"
done
echo "simplest CAA answer: $simplest_desc"
echo "ns/msg: the parsing thread's CPU time, median of $ROUNDS blocks of >= $PARSES parses" \
	"after a warm-up block, libraries interleaved (wall ns: the same blocks by the clock;" \
	"load average $load_before before, $load_after after)"
echo "instr/msg: callgrind Ir, (110 passes - 10 passes) / 100 / messages in the set"

# ---- 6. targets -----------------------------------------------------------

ap_instr_caa=$(instr acmeprobe simplest)
ap_instr_mixed=$(instr acmeprobe mixed)
knot_instr_mixed=$(instr libknot mixed)
ap_allocs=$(awk '$1 == "acmeprobe" { s += $3 + $4 + $5 } END { print s + 0 }' "$OUT/allocs.txt")

if [[ $ap_allocs != 0 || $vg_diff != 0 ]]; then
	failures+=("acmeprobe allocates while parsing: alloccount.so counts" \
		"$(awk '$1 == "acmeprobe" { printf "%s %s+%s+%s ", $2, $3, $4, $5 }' "$OUT/allocs.txt")(new+realloc+free per msg)," \
		"valgrind counts $vg_diff allocs for 100 passes; want 0")
fi
if [[ -n $ap_instr_caa ]] &&
	awk -v a="$ap_instr_caa" -v m="$MAX_INSTR_CAA" 'BEGIN { exit !(a > m) }'; then
	failures+=("acmeprobe takes $(fmt "$ap_instr_caa") instructions for the simplest CAA answer ($simplest_desc); want <= $MAX_INSTR_CAA")
fi
if awk -v k="$knot_instr_mixed" -v a="$ap_instr_mixed" -v r="$MIN_KNOT_RATIO" \
	'BEGIN { exit !(k < r * a) }'; then
	failures+=("libknot/acmeprobe instructions on the corpus is $(ratio "$knot_instr_mixed" "$ap_instr_mixed"); want >= ${MIN_KNOT_RATIO}x")
fi

echo
echo "targets: allocations per parse $ap_allocs (valgrind: $vg_diff in 100 passes), want 0;" \
	"instr/CAA answer $(fmt "$ap_instr_caa"), want <= $MAX_INSTR_CAA;" \
	"libknot/acmeprobe instr $(ratio "$knot_instr_mixed" "$ap_instr_mixed"), want >= ${MIN_KNOT_RATIO}x"
status=0
if ((${#failures[@]})); then
	status=1
	for f in "${failures[@]}"; do
		echo "FAIL: $f"
	done
	for s in simplest mixed; do
		[[ -s $OUT/profile-acmeprobe-$s.txt ]] || continue
		echo "acmeprobe's instructions per message by function, set $s ($OUT/profile-acmeprobe-$s.txt):"
		head -n 8 "$OUT/profile-acmeprobe-$s.txt"
	done
else
	echo "all targets met"
fi
say "finished in $((SECONDS - START)) s; files in $OUT/"
printf 'parse: acmeprobe %s ns/msg, libknot %s ns/msg, ldns %s ns/msg, acmeprobe %s instr/CAA answer\n' \
	"$(fmt "$(median acmeprobe mixed)")" "$(fmt "$(median libknot mixed)")" \
	"$(fmt "$(median ldns mixed)")" "$(fmt "$ap_instr_caa")"
# Then the HTTP response parser bench (bench/http/README.md), whose
# summary line is "http: ...", the resolver bench (bench/resolver/README.md),
# whose summary line is "resolver: ...", the DNSSEC bench
# (bench/dnssec/README.md, "dnssec: ..."), the fleet bench
# (bench/check/README.md, "check: ..."), and last the CAA bench
# (bench/caa/README.md): its summary line, "caa: ...", is the last line of
# 'make bench'. The worst status wins.
hstatus=0
bench/http/run.sh || hstatus=$?
rstatus=0
bench/resolver/run.sh || rstatus=$?
# the DNSSEC validator next to ldns (bench/dnssec/README.md): "dnssec: ..."
dstatus=0
bench/dnssec/run.sh || dstatus=$?
# check --file over 10,000 names beside a dig script: "check: ..."
fstatus=0
bench/check/run.sh || fstatus=$?
cstatus=0
bench/caa/run.sh || cstatus=$?
status=$((hstatus > status ? hstatus : status))
status=$((rstatus > status ? rstatus : status))
status=$((dstatus > status ? dstatus : status))
status=$((fstatus > status ? fstatus : status))
exit $((cstatus > status ? cstatus : status))
