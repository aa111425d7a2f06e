#!/usr/bin/env bash
# make bench, HTTP part: how fast acmeprobe's HTTP/1.1 response parser
# (src/http/response.c) reads whole responses (status line, headers, body
# de-chunked) next to picohttpparser in the same run, over a corpus of
# real nginx and Apache responses. See bench/http/README.md.
#
# Environment (all optional):
#   BENCH_HTTP_CORPUS=DIR     responses to parse, DIR/*.http (bench/http/corpus)
#   BENCH_HTTP_PARSES=N       parses per timed block (200000)
#   BENCH_HTTP_ROUNDS=N       timed blocks per parser and set; the median
#                             is reported (5)
#   BENCH_HTTP_MIN_RATIO=R    the target: picohttpparser ns / acmeprobe ns
#                             over the mixed corpus (1.0)
#   CC=cc
# Exit status: 0 if the target is met, 1 if it is missed or a check fails
# (the reasons are printed), 2 if the bench cannot run at all.
# The last line is always the summary:
#   http: acmeprobe N ns/response, picohttpparser N ns/response, ratio N
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=bench/lib/callgrind.sh
. bench/lib/callgrind.sh

OUT=build/bench/http
CORPUS=${BENCH_HTTP_CORPUS:-bench/http/corpus}
PARSES=${BENCH_HTTP_PARSES:-200000}
ROUNDS=${BENCH_HTTP_ROUNDS:-5}
MIN_RATIO=${BENCH_HTTP_MIN_RATIO:-1.0}
CC=${CC:-cc}
LIBS=(acmeprobe pico)
SETS=(mixed length chunked close)
START=$SECONDS

die() {
	echo "bench-http: $*" >&2
	echo "http: acmeprobe - ns/response, picohttpparser - ns/response, ratio - (not run)"
	exit 2
}
say() { echo "bench-http: $*"; }

for v in PARSES ROUNDS; do
	[[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "BENCH_HTTP_$v must be a positive number, not '${!v}'"
done
for tool in valgrind callgrind_annotate "$CC"; do
	command -v "$tool" >/dev/null ||
		die "$tool not found (scripts/deps.sh bench installs what 'make bench' needs)"
done

# ---- corpus: one snapshot, read by every step ------------------------------

shopt -s nullglob
files=("$CORPUS"/*.http)
shopt -u nullglob
((${#files[@]} > 0)) || die "the corpus is empty: no $CORPUS/*.http (bench/http/README.md)"
rm -rf "$OUT"
mkdir -p "$OUT/corpus" "$OUT/cg"
cp -- "${files[@]}" "$OUT/corpus/" || die "cannot copy the corpus"
files=("$OUT"/corpus/*.http)

# ---- build ----------------------------------------------------------------

# acmeprobe's parser is the object the Makefile builds (the program's -O2
# -g); picohttpparser is the copy Debian ships inside h2o: its shared
# library libh2o-evloop0.13 exports phr_parse_response and
# phr_decode_chunked (bench/http/pico_api.h declares them), built as
# Debian builds it, for baseline x86-64.
PICO_LIB=/usr/lib/x86_64-linux-gnu/libh2o-evloop.so.0.13
[ -r "$PICO_LIB" ] || die "$PICO_LIB is missing (scripts/deps.sh bench installs libh2o-evloop0.13)"
make -s --no-print-directory build/obj/src/http/response.o ||
	die "building src/http/response.c failed"
BFLAGS=(-std=c11 -D_POSIX_C_SOURCE=200809L -O2 -g -Wall -Wextra -Werror -Wshadow -Ibench/http)
P=bench/http
build() { # OUTPUT ARGS...
	local out=$1
	shift
	"$CC" "$@" -o "$OUT/$out" || die "building $OUT/$out failed"
}
build http-acmeprobe "${BFLAGS[@]}" -Isrc $P/harness.c $P/adapter_acmeprobe.c \
	build/obj/src/http/response.o
build http-pico "${BFLAGS[@]}" -I$P $P/harness.c $P/adapter_pico.c "$PICO_LIB"
TIMED=("${LIBS[@]}")

failures=()

# ---- 1. both parsers accept every response, and read it the same way -------

rejected=0
for lib in "${TIMED[@]}"; do
	if ! "$OUT/http-$lib" -s "${files[@]}" >"$OUT/summary-$lib.txt" \
		2>"$OUT/rejects-$lib.txt"; then
		cat "$OUT/rejects-$lib.txt"
		rejected=1
	fi
done
if ((rejected)); then
	echo "bench-http: FAIL: a parser rejects corpus responses (above)" >&2
	echo "http: acmeprobe - ns/response, picohttpparser - ns/response, ratio - (a parser rejects the corpus)"
	exit 1
fi
for lib in "${TIMED[@]:1}"; do
	if ! diff -U0 "$OUT/summary-acmeprobe.txt" "$OUT/summary-$lib.txt" \
		>"$OUT/mismatch-$lib.txt"; then
		echo "MISMATCH acmeprobe (-) and $lib (+) read responses differently:"
		grep '^[-+][^-+]' "$OUT/mismatch-$lib.txt" || true
		failures+=("acmeprobe and $lib disagree on some responses (MISMATCH above)")
	fi
done
n_resp=${#files[@]}
declare -A n_in=([mixed]=$n_resp)
n_in[length]=$(grep -cE ' body=(length|none) ' "$OUT/summary-acmeprobe.txt" || true)
n_in[chunked]=$(grep -c ' body=chunked ' "$OUT/summary-acmeprobe.txt" || true)
n_in[close]=$(grep -c ' body=close ' "$OUT/summary-acmeprobe.txt" || true)
octets=$(awk '{ s += $2 } END { print s }' "$OUT/summary-acmeprobe.txt")
say "corpus $CORPUS: $n_resp responses ($octets octets): ${n_in[length]} with a" \
	"Content-Length (or no body), ${n_in[chunked]} chunked, ${n_in[close]} close-delimited;" \
	"both parsers accept all and agree on status, header and trailer fields," \
	"framing, body length and first 256 body octets, octets used, Location"

# ---- 2. timings: rounds of one block per parser, interleaved ----------------

: >"$OUT/times.txt"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 0; r < ROUNDS; r++)); do
	say "timing round $((r + 1))/$ROUNDS"
	for ((k = 0; k < ${#TIMED[@]}; k++)); do
		lib=${TIMED[(r + k) % ${#TIMED[@]}]}
		"$OUT/http-$lib" -n "$PARSES" -b 1 -w 1 "${files[@]}" |
			awk -v lib="$lib" '$1 == "ns" { print lib, $2, $4, $5 }' \
				>>"$OUT/times.txt"
	done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- 3. instructions per response (callgrind) ------------------------------

say "counting instructions (callgrind)"
: >"$OUT/cg/jobs"
for lib in "${LIBS[@]}"; do
	for s in "${SETS[@]}"; do
		((${n_in[$s]} > 0)) || continue
		echo "$lib $s 10" >>"$OUT/cg/jobs"
		echo "$lib $s 110" >>"$OUT/cg/jobs"
	done
	echo "$lib mixed prof" >>"$OUT/cg/jobs"
done
cg_count http bench-http "$OUT/cg/jobs"

# Per-function profile: instructions per response of each function (self
# cost, costliest first), and callgrind_annotate's line-by-line view
# (counts there are for 100 passes over the corpus).
for lib in "${LIBS[@]}"; do
	cg=$OUT/cg/$lib-mixed-prof.out
	callgrind_annotate --inclusive=no --threshold=100 --auto=no "$cg" 2>/dev/null |
		sed -nE 's/^ *([0-9,]+) +(\( *[0-9.]+%\) +)?([^ ]+).*/\1 \3/p' |
		awk -v n="$n_resp" '$2 != "PROGRAM" { gsub(/,/, "", $1)
			printf "%10.1f  %s\n", $1 / 100 / n, $2 }' |
		sort -rn >"$OUT/profile-$lib.txt"
	callgrind_annotate --auto=yes --threshold=100 "$cg" \
		>"$OUT/profile-$lib-lines.txt" 2>/dev/null || true
done

# ---- 4. the report ----------------------------------------------------------

median() { # LIB SET [COLUMN]: median of the rounds, CPU (3) or wall (4)
	awk -v l="$1" -v s="$2" -v c="${3:-3}" '$1 == l && $2 == s { print $c }' "$OUT/times.txt" |
		sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}
range() {
	awk -v l="$1" -v s="$2" '$1 == l && $2 == s { print $3 }' "$OUT/times.txt" |
		sort -g | awk '{ v[NR] = $1 } END { if (NR) printf "%.0f-%.0f", v[1], v[NR] }'
}
instr() { awk -v l="$1" -v s="$2" '$1 == l && $2 == s { print $3 }' "$OUT/instr.txt"; }
fmt() { if [[ -n $1 ]]; then printf "%.${2:-0}f" "$1"; else printf -- "-"; fi; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b > 0) printf "%.2f", a / b; else printf "-" }'; }

declare -A label=(
	[mixed]="mixed round-robin, $n_resp responses"
	[length]="Content-Length, ${n_in[length]}"
	[chunked]="chunked, ${n_in[chunked]}"
	[close]="close-delimited, ${n_in[close]}"
)
pico_version="Debian's libh2o-evloop0.13 $(dpkg-query -W -f='${Version}' libh2o-evloop0.13 2>/dev/null)"
echo
for lib in "${TIMED[@]}"; do
	case $lib in
	acmeprobe) what="http_response_init + http_response_feed + http_response_eof, src/http/response.c" ;;
	pico) what="picohttpparser: phr_parse_response + framing + phr_decode_chunked, $pico_version" ;;
	esac
	printf '%s (%s)\n' "$lib" "$what"
	printf '  %-34s %9s %11s %9s %11s\n' "" "ns/resp" "(min-max)" "wall ns" "instr/resp"
	for s in "${SETS[@]}"; do
		((${n_in[$s]} > 0)) || continue
		printf '  %-34s %9s %11s %9s %11s\n' "${label[$s]}" \
			"$(fmt "$(median "$lib" "$s")" 1)" "($(range "$lib" "$s"))" \
			"$(fmt "$(median "$lib" "$s" 4)" 1)" "$(fmt "$(instr "$lib" "$s")")"
	done
	echo
done
line="picohttpparser / acmeprobe, ns:"
for s in "${SETS[@]}"; do
	((${n_in[$s]} > 0)) || continue
	line+="  $s $(ratio "$(median pico "$s")" "$(median acmeprobe "$s")")"
done
echo "$line"
line="picohttpparser / acmeprobe, instructions:"
for s in "${SETS[@]}"; do
	((${n_in[$s]} > 0)) || continue
	line+="  $s $(ratio "$(instr pico "$s")" "$(instr acmeprobe "$s")")"
done
echo "$line"
echo "ns/resp: the parsing thread's CPU time, median of $ROUNDS blocks of >= $PARSES parses" \
	"after a warm-up block, parsers interleaved (wall ns: the same blocks by the clock;" \
	"load average $load_before before, $load_after after)"
echo "instr/resp: callgrind Ir, (110 passes - 10 passes) / 100 / responses in the set"

# ---- 5. the target ------------------------------------------------------------

ap=$(median acmeprobe mixed)
pc=$(median pico mixed)
r=$(ratio "$pc" "$ap")
if [[ $r == - ]] || awk -v r="$r" -v m="$MIN_RATIO" 'BEGIN { exit !(r < m) }'; then
	failures+=("acmeprobe is slower than picohttpparser: ratio $r (pico ns / acmeprobe ns, mixed corpus); want >= $MIN_RATIO")
fi
echo
status=0
if ((${#failures[@]})); then
	status=1
	for f in "${failures[@]}"; do
		echo "FAIL: $f"
	done
	for lib in "${LIBS[@]}"; do
		echo "$lib's instructions per response by function, mixed corpus ($OUT/profile-$lib.txt):"
		head -n 8 "$OUT/profile-$lib.txt"
	done
else
	echo "target met: picohttpparser / acmeprobe $r, want >= $MIN_RATIO"
fi
say "finished in $((SECONDS - START)) s; files in $OUT/"
printf 'http: acmeprobe %s ns/response, picohttpparser %s ns/response, ratio %s\n' \
	"$(fmt "$ap")" "$(fmt "$pc")" "$r"
exit $status
