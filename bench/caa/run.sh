#!/usr/bin/env bash
# make bench, CAA part: 'acmeprobe caa --batch' over 100,000 names against a
# local Knot serving a generated zone, next to dnsperf sending the same CAA
# questions to the same server in the same run; every output line checked
# against the verdict the zone implies; peak memory for 10,000 vs 100,000
# names. See bench/caa/README.md.
#
# Environment (all optional):
#   BENCH_CAA_NAMES=N        names per timed run (100000)
#   BENCH_CAA_SMALL=N        names of the memory comparison run (10000)
#   BENCH_CAA_ROUNDS=N       alternating rounds (3); medians are reported
#   BENCH_CAA_CONCURRENCY=N  acmeprobe --concurrency and dnsperf -q (100)
#   BENCH_CAA_PORT=P         first port to try (55400; up to P+99)
#   BENCH_CAA_MAX_SECONDS=S  the target: median wall time for NAMES names (10)
#   BENCH_CAA_PROFILE=1      also: strace -c -f of both tools over SMALL names,
#                            and perf record -e cpu-clock -g of acmeprobe
# Exit status: 0 if every target is met, 1 if one is missed or an output
# line is wrong or missing (the reasons are printed), 2 if the bench cannot
# run at all. The last line is always the summary:
#   caa: acmeprobe N names/s (N q/s), dnsperf N q/s, N names in N s, peak RSS N KiB
# Network traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT=build/bench/caa
NAMES=${BENCH_CAA_NAMES:-100000}
SMALL=${BENCH_CAA_SMALL:-10000}
ROUNDS=${BENCH_CAA_ROUNDS:-3}
CONC=${BENCH_CAA_CONCURRENCY:-100}
PORT0=${BENCH_CAA_PORT:-55400}
MAX_SECONDS=${BENCH_CAA_MAX_SECONDS:-10}
PROFILE=${BENCH_CAA_PROFILE:-0}
MAX_RSS_GROWTH=10 # percent, peak RSS with NAMES names over SMALL names
START=$SECONDS

BENCH=bench-caa
die() {
	echo "$BENCH: $*" >&2
	exit 2
}
say() { echo "$BENCH: $*"; }

for v in NAMES SMALL ROUNDS CONC PORT0; do
	[[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive number, not '${!v}'"
done
[[ $MAX_SECONDS =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "BENCH_CAA_MAX_SECONDS must be a number"
((SMALL < NAMES)) || die "BENCH_CAA_SMALL ($SMALL) must be below BENCH_CAA_NAMES ($NAMES)"
for tool in knotd dnsperf /usr/bin/time ss flock paste; do
	command -v "$tool" >/dev/null ||
		die "$tool not found (scripts/deps.sh bench installs what 'make bench' needs)"
done
if [[ $PROFILE == 1 ]]; then
	command -v strace >/dev/null || die "strace not found (BENCH_CAA_PROFILE=1 needs it)"
fi

# ---- build: the CLI as 'make' builds it, copied so that a rebuild during
# the run cannot change the binary between two runs ----------------------------

make -s --no-print-directory acmeprobe || die "building acmeprobe failed"
mkdir -p "$OUT"
rm -f "$OUT"/*.txt "$OUT"/*.time "$OUT"/*.err "$OUT"/*.jsonl "$OUT"/*.check* \
	"$OUT"/*.strace "$OUT"/*.perfstat "$OUT"/perf.data* "$OUT"/knotd.log
BIN=$OUT/acmeprobe
cp acmeprobe "$BIN" || die "cannot copy acmeprobe to $BIN"

# ---- the server: Knot in the foreground, ours by pid and command line ------

# TMP, knot_start, knot_stop: bench/lib/knot.sh; col, median...: bench/lib/stats.sh
# shellcheck source=bench/lib/knot.sh
. bench/lib/knot.sh
# shellcheck source=bench/lib/stats.sh
. bench/lib/stats.sh
knot_workdir

say "zones test. and bench.test. with $NAMES names (bench/caa/gen-zone.sh)"
bench/caa/gen-zone.sh "$TMP" "$NAMES"
QUESTIONS=$(wc -l <"$TMP/queries-CAA.txt")
# the first SMALL names, their expected verdicts, and the distinct questions
# their walks ask (the names' own lines, and each shared parent once)
head -n "$SMALL" "$TMP/names.txt" >"$TMP/names-small.txt"
head -n "$SMALL" "$TMP/expected.txt" >"$TMP/expected-small.txt"
awk 'NR == FNR { want[$1] = 1; next }
	$1 in want || $1 ~ /^(bench\.test|test|[pq]\.bench\.test)\.$/' \
	"$TMP/expected-small.txt" "$TMP/queries-CAA.txt" >"$TMP/queries-small.txt"

# check EXPECTED OUTPUT REPORT: every output line as the zone says
check() { paste -d '\t' "$1" "$2" | awk -f bench/caa/check.awk >"$3" 2>"$3.wrong"; }
# ready PORT: both zones answer, with the right verdicts for the first names
# shellcheck disable=SC2317  # called by knot_start
ready() {
	head -n 20 "$TMP/names.txt" |
		"$BIN" caa --batch --resolver "127.0.0.1:$1" --timeout 200 \
			>"$TMP/ready.jsonl" 2>/dev/null
	[[ $? == 1 ]] || return 1 # 1: some names forbidden, none undecided
	check <(head -n 20 "$TMP/expected.txt") "$TMP/ready.jsonl" "$TMP/ready.check"
}

knot_start "$PORT0" ready "$TMP/ready.check" test.=test.zone bench.test.=bench.test.zone
KNOT_VERSION=$(knotd --version | awk '{ print $NF }')
DNSPERF_VERSION=$(dnsperf -h 2>&1 | awk '/^Version/ { print $2; exit }')
say "knotd $KNOT_VERSION (pid $KNOT_PID) serves test. and bench.test. on 127.0.0.1:$PORT"

# ---- one run of each tool ---------------------------------------------------

# rcvbuf_errors, TICK, time_rss, time_cpu, key: bench/lib/stats.sh
now() { date +%s.%N; }
sub_s() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
per_s() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print 0 }'; }

# Each run appends a line to $OUT/runs.txt:
#   TOOL ROUND NAMES QUESTIONS WALL NAMES/S Q/S CLIENT_CPU RSS SERVER_CPU DROPS OK
# (for dnsperf, NAMES is "-" and Q/S is dnsperf's own "Queries per second").
: >"$OUT/runs.txt"
failures=()
run_dnsperf() { # ROUND QUERYFILE
	local tag=dnsperf-$1 d0 d1 k0 k1 f=$OUT/dnsperf-$1.txt n
	n=$(wc -l <"$2")
	d0=$(rcvbuf_errors)
	k0=$(knot_cpu_ticks)
	/usr/bin/time -v -o "$OUT/$tag.time" \
		dnsperf -e -s 127.0.0.1 -p "$PORT" -d "$2" -n 1 -q "$CONC" -t 5 \
		>"$f" 2>&1 || failures+=("dnsperf failed in round $1 ($f)")
	k1=$(knot_cpu_ticks)
	d1=$(rcvbuf_errors)
	local qps lost completed ok=ok
	qps=$(awk '/Queries per second:/ { printf "%.0f", $4 }' "$f")
	lost=$(awk '/Queries lost:/ { print $3 }' "$f")
	completed=$(awk '/Queries completed:/ { print $3 }' "$f")
	if [[ -z $qps || $lost != 0 || $completed != "$n" ]]; then
		ok=LOST
		failures+=("dnsperf: round $1: ${completed:-?} of $n completed, ${lost:-?} lost ($f)")
	fi
	echo "dnsperf $1 - $n $(awk '/Run time/ { printf "%.3f", $4 }' "$f") - ${qps:-0}" \
		"$(time_cpu "$OUT/$tag.time")" "$(time_rss "$OUT/$tag.time")" \
		"$(awk -v a="$k0" -v b="$k1" -v t="$TICK" 'BEGIN { printf "%.2f", (b - a) / t }')" \
		$((d1 - d0)) $ok >>"$OUT/runs.txt"
}
run_acmeprobe() { # ROUND NAMESFILE EXPECTED QUESTIONS
	local tag=acmeprobe-$1 d0 d1 k0 k1 t0 t1 rc=0 ok=ok n wall
	# the output (about 43 MB for 100,000 names) is kept only when wrong
	local out=$TMP/$tag.jsonl
	n=$(wc -l <"$2")
	d0=$(rcvbuf_errors)
	k0=$(knot_cpu_ticks)
	t0=$(now)
	/usr/bin/time -v -o "$OUT/$tag.time" \
		"$BIN" caa --batch --resolver "127.0.0.1:$PORT" --concurrency "$CONC" \
		<"$2" >"$out" 2>"$OUT/$tag.err" || rc=$?
	t1=$(now)
	k1=$(knot_cpu_ticks)
	d1=$(rcvbuf_errors)
	wall=$(sub_s "$t0" "$t1")
	# exit 1: some names are forbidden (the zone has such names), none undecided
	if ((rc != 1)); then
		ok=FAILED
		failures+=("acmeprobe: round $1: exit status $rc, want 1 ($OUT/$tag.err)")
		head -n 5 "$OUT/$tag.err" >&2 || true
	fi
	if ! check "$3" "$out" "$OUT/$tag.check"; then
		ok=WRONG
		cp "$out" "$OUT/$tag.jsonl"
		failures+=("acmeprobe: round $1: $(key "$OUT/$tag.check" ok) of $n lines right,\
 $(key "$OUT/$tag.check" wrong) wrong, $(key "$OUT/$tag.check" missing) missing,\
 $(key "$OUT/$tag.check" extra) extra ($OUT/$tag.jsonl; first wrong lines in $OUT/$tag.check.wrong)")
		head -n 9 "$OUT/$tag.check.wrong" >&2 || true
	fi
	rm -f "$out"
	echo "acmeprobe $1 $n $4 $wall $(per_s "$n" "$wall") $(per_s "$4" "$wall")" \
		"$(time_cpu "$OUT/$tag.time")" "$(time_rss "$OUT/$tag.time")" \
		"$(awk -v a="$k0" -v b="$k1" -v t="$TICK" 'BEGIN { printf "%.2f", (b - a) / t }')" \
		$((d1 - d0)) $ok >>"$OUT/runs.txt"
}
big() { run_acmeprobe "$1" "$TMP/names.txt" "$TMP/expected.txt" "$QUESTIONS"; }
small() {
	run_acmeprobe "small$1" "$TMP/names-small.txt" "$TMP/expected-small.txt" \
		"$(wc -l <"$TMP/queries-small.txt")"
}

# ---- warm-up, then alternating rounds ----------------------------------------

say "$NAMES names, $QUESTIONS distinct CAA questions (each name, and bench.test., test.," \
	"p.bench.test., q.bench.test. once); acmeprobe --concurrency $CONC, dnsperf -q $CONC"
say "warm-up: one untimed pass of each tool"
run_dnsperf warmup "$TMP/queries-CAA.txt"
# The warm-up pass of acmeprobe also counts the datagrams it sends (perf
# stat on the send system calls' tracepoints, when perf can count them):
# the shared-parent cache must ask each distinct question once, so that
# the q/s figure (QUESTIONS / wall) is what was really sent.
SENT=
SEND_EV=syscalls:sys_enter_sendto,syscalls:sys_enter_sendmsg,syscalls:sys_enter_sendmmsg
if command -v perf >/dev/null && perf stat -e "$SEND_EV" true >/dev/null 2>&1; then
	rc=0
	perf stat -x, -o "$OUT/sent.perfstat" -e "$SEND_EV" \
		"$BIN" caa --batch --resolver "127.0.0.1:$PORT" --concurrency "$CONC" \
		<"$TMP/names.txt" >/dev/null 2>&1 || rc=$?
	((rc == 1)) || failures+=("acmeprobe under perf stat: exit status $rc, want 1")
	if awk -F, '$3 ~ /sendmmsg/ && $1 > 0 { f = 1 } END { exit !f }' "$OUT/sent.perfstat"; then
		SENT="? (sendmmsg)"
	else
		SENT=$(awk -F, '$3 ~ /sendto|sendmsg/ { s += $1 } END { print s + 0 }' "$OUT/sent.perfstat")
		# a few more than QUESTIONS would be retries; far more, or fewer,
		# means the walk does not ask what it should
		if ((SENT < QUESTIONS || SENT > QUESTIONS + QUESTIONS / 100)); then
			failures+=("acmeprobe sent $SENT datagrams for $QUESTIONS distinct questions\
 (perf stat, $OUT/sent.perfstat); want each question once")
		fi
	fi
fi
big warmup
for ((r = 1; r <= ROUNDS; r++)); do
	say "round $r/$ROUNDS"
	if ((r % 2)); then
		run_dnsperf "$r" "$TMP/queries-CAA.txt"
		big "$r"
	else
		big "$r"
		run_dnsperf "$r" "$TMP/queries-CAA.txt"
	fi
	# the memory comparison: the first SMALL names
	small "$r"
done

# ---- optional: where the time goes ---------------------------------------------

if [[ $PROFILE == 1 ]]; then
	say "profile: strace -c -f over $SMALL names through each tool"
	strace -c -f -o "$OUT/dnsperf.strace" \
		dnsperf -e -s 127.0.0.1 -p "$PORT" -d "$TMP/queries-small.txt" -n 1 -q "$CONC" -t 5 \
		>/dev/null 2>&1 || failures+=("dnsperf failed under strace")
	rc=0
	strace -c -f -o "$OUT/acmeprobe.strace" \
		"$BIN" caa --batch --resolver "127.0.0.1:$PORT" --concurrency "$CONC" \
		<"$TMP/names-small.txt" >/dev/null 2>&1 || rc=$?
	((rc == 1)) || failures+=("acmeprobe under strace: exit status $rc, want 1")
	for t in acmeprobe dnsperf; do
		echo "$t: system calls per name (strace -c -f, $SMALL names; $OUT/$t.strace)"
		awk -v n="$SMALL" '$1 ~ /^[0-9.]+$/ && $NF != "total" && $4 / n >= 0.01 {
				printf "  %-16s %7.2f  (%.0f%% of the time strace counts in calls)\n", $NF, $4 / n, $1 }' \
			"$OUT/$t.strace" | sort -k2 -rn
		awk -v n="$SMALL" '$NF == "total" { printf "  %-16s %7.2f\n", "all", $4 / n }' "$OUT/$t.strace"
	done
	if command -v perf >/dev/null && perf record -e cpu-clock -o /dev/null true >/dev/null 2>&1; then
		say "profile: perf record -e cpu-clock -g over $NAMES names ($OUT/perf.data)"
		perf record -q -e cpu-clock -g -o "$OUT/perf.data" \
			"$BIN" caa --batch --resolver "127.0.0.1:$PORT" --concurrency "$CONC" \
			<"$TMP/names.txt" >/dev/null 2>"$OUT/perf.err" || true
		echo "acmeprobe: CPU by function, self (perf report --no-children, >= 1.5%)"
		perf report -i "$OUT/perf.data" --no-children --sort dso,symbol --stdio \
			--percent-limit 1.5 -g none 2>/dev/null | grep -E '^ +[0-9]' | head -n 25
	fi
	echo
fi

# ---- the report ---------------------------------------------------------------


ap_wall=$(col acmeprobe "$TIMED" 5 | median)
ap_wall_max=$(col acmeprobe "$TIMED" 5 | maxof)
ap_nps=$(col acmeprobe "$TIMED" 6 | median)
ap_qps=$(col acmeprobe "$TIMED" 7 | median)
dp_qps=$(col dnsperf "$TIMED" 7 | median)
dp_wall=$(col dnsperf "$TIMED" 5 | median)
ap_rss=$(col acmeprobe "$TIMED" 9 | maxof)
small_rss=$(col acmeprobe "$SMALLRUN" 9 | maxof)
rss_growth=$(awk -v b="$ap_rss" -v s="$small_rss" \
	'BEGIN { if (s > 0) printf "%+.1f", (b - s) * 100 / s; else print "?" }')
us_per_q() { # TOOL: median client CPU per question, in us
	paste <(col "$1" "$TIMED" 8) <(col "$1" "$TIMED" 4) |
		awk '{ printf "%.1f\n", $1 * 1e6 / $2 }' | median
}
srv_us_per_q() {
	paste <(col "$1" "$TIMED" 10) <(col "$1" "$TIMED" 4) |
		awk '{ printf "%.1f\n", $1 * 1e6 / $2 }' | median
}

echo
echo "CAA tree walk: acmeprobe caa --batch against knotd $KNOT_VERSION, dnsperf $DNSPERF_VERSION," \
	"127.0.0.1:$PORT, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$NAMES names = $QUESTIONS distinct CAA questions; medians of $ROUNDS rounds (range)"
printf '  %-10s %18s %20s %14s %12s %12s %10s %6s\n' "" "names/s" "q/s" "wall s" \
	"client us/q" "server us/q" "peak RSS" "drops"
for t in acmeprobe dnsperf; do
	if [[ $t == acmeprobe ]]; then
		nps="$ap_nps ($(col $t "$TIMED" 6 | range))"
	else
		nps="-"
	fi
	printf '  %-10s %18s %20s %14s %12s %12s %10s %6s\n' "$t" "$nps" \
		"$(col $t "$TIMED" 7 | median) ($(col $t "$TIMED" 7 | range))" \
		"$(col $t "$TIMED" 5 | median)" "$(us_per_q $t)" "$(srv_us_per_q $t)" \
		"$(col $t "$TIMED" 9 | maxof) KiB" "$(col $t "$TIMED" 11 | sumof)"
done
echo "  acmeprobe q/s = $QUESTIONS questions / wall time (process start to exit); dnsperf q/s:" \
	"its own figure (run time $dp_wall s)"
echo "  datagrams acmeprobe sent in the warm-up pass: ${SENT:-not counted (perf cannot count syscall tracepoints)}" \
	"(want $QUESTIONS: each question once; DNSSEC validation adds one, the root's DNSKEY," \
	"which Knot refuses, so that no name below it is validated again)"
echo "  acmeprobe over the first $SMALL names: peak RSS $small_rss KiB" \
	"(100k: $ap_rss KiB, $rss_growth%); every output line checked in every run" \
	"($(col acmeprobe . 12 | grep -c '^ok$') of $(col acmeprobe . 12 | wc -l) runs right)"
ratio=$(awk -v a="$ap_qps" -v d="$dp_qps" 'BEGIN { if (d > 0) printf "%.2f", a / d; else print "?" }')
echo "  acmeprobe q/s / dnsperf q/s = $ratio (no target: the walk also decides and writes JSON)"

# ---- targets ----------------------------------------------------------------

if [[ -z $ap_wall ]] || awk -v w="$ap_wall" -v m="$MAX_SECONDS" 'BEGIN { exit !(w >= m) }'; then
	failures+=("$NAMES names took ${ap_wall:-?} s (median; max $ap_wall_max s); want under $MAX_SECONDS s")
fi
if [[ $rss_growth == "?" ]] || awk -v g="$rss_growth" -v m="$MAX_RSS_GROWTH" 'BEGIN { exit !(g > m) }'; then
	failures+=("peak RSS grows with the names: $small_rss KiB for $SMALL, $ap_rss KiB for $NAMES ($rss_growth%); want at most +$MAX_RSS_GROWTH%")
fi
echo
echo "targets: $NAMES names in under $MAX_SECONDS s (median ${ap_wall:-?} s, max ${ap_wall_max:-?} s);" \
	"peak RSS at most +$MAX_RSS_GROWTH% from $SMALL to $NAMES names ($rss_growth%);" \
	"every line right, in input order"
status=0
if ((${#failures[@]})); then
	status=1
	for f in "${failures[@]}"; do
		echo "FAIL: $f"
	done
else
	echo "all targets met"
fi
say "finished in $((SECONDS - START)) s; files in $OUT/ (runs.txt: one line a run)"
printf 'caa: acmeprobe %s names/s (%s q/s), dnsperf %s q/s, %s names in %s s, peak RSS %s KiB\n' \
	"${ap_nps:-0}" "${ap_qps:-0}" "${dp_qps:-0}" "$NAMES" \
	"$(awk -v w="${ap_wall:-0}" 'BEGIN { printf "%.2f", w }')" "${ap_rss:-0}"
exit $status
