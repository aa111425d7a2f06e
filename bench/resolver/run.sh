#!/usr/bin/env bash
# make bench, resolver part: queries per second of acmeprobe's stub resolver
# (resolver_run, src/dns/resolver.c) over 100,000 names against a local
# Knot, next to dnsperf against the same server in the same run, with every
# answer checked and peak memory measured. See bench/resolver/README.md.
#
# Environment (all optional):
#   BENCH_RESOLVER_NAMES=N    names per timed run (100000)
#   BENCH_RESOLVER_SMALL=N    names of the memory comparison run (10000)
#   BENCH_RESOLVER_ROUNDS=N   alternating rounds (7); medians are reported
#   BENCH_RESOLVER_WINDOW=N   queries in flight, both tools (100)
#   BENCH_RESOLVER_KNOT_UDP_WORKERS=N  Knot's UDP workers (1: with more, a
#                             tool's number of source ports decides how
#                             many workers serve it; see README.md)
#   BENCH_RESOLVER_TYPE=T     CAA or A (CAA)
#   BENCH_RESOLVER_PORT=P     first port to try (55300; up to P+99)
#   BENCH_RESOLVER_MIN_RATIO=R  the target, acmeprobe/dnsperf (1.0)
#   BENCH_RESOLVER_PROFILE=1  also: system calls per query of each tool
#                             (strace -c -f over SMALL names, and perf stat
#                             over NAMES when perf can count tracepoints)
#   CC=cc
# Exit status: 0 if every target is met, 1 if one is missed or a check
# fails (the reasons are printed), 2 if the bench cannot run at all.
# The last line is always the summary:
#   resolver: acmeprobe N q/s, dnsperf N q/s, ratio N, peak RSS N KiB
# Network traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT=build/bench/resolver
NAMES=${BENCH_RESOLVER_NAMES:-100000}
SMALL=${BENCH_RESOLVER_SMALL:-10000}
ROUNDS=${BENCH_RESOLVER_ROUNDS:-7}
WINDOW=${BENCH_RESOLVER_WINDOW:-100}
TYPE=${BENCH_RESOLVER_TYPE:-CAA}
PORT0=${BENCH_RESOLVER_PORT:-55300}
MIN_RATIO=${BENCH_RESOLVER_MIN_RATIO:-1.0}
PROFILE=${BENCH_RESOLVER_PROFILE:-0}
# (read by knot_conf, bench/lib/knot.sh)
export KNOT_UDP_WORKERS=${BENCH_RESOLVER_KNOT_UDP_WORKERS:-1}
MAX_RSS_GROWTH=10 # percent, peak RSS with NAMES names over SMALL names
CC=${CC:-cc}
START=$SECONDS

BENCH=bench-resolver
die() {
	echo "$BENCH: $*" >&2
	exit 2
}
say() { echo "$BENCH: $*"; }

for v in NAMES SMALL ROUNDS WINDOW PORT0 KNOT_UDP_WORKERS; do
	[[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive number, not '${!v}'"
done
((SMALL < NAMES)) || die "BENCH_RESOLVER_SMALL ($SMALL) must be below BENCH_RESOLVER_NAMES ($NAMES)"
case $TYPE in CAA | A) ;; *) die "BENCH_RESOLVER_TYPE must be CAA or A" ;; esac
for tool in knotd dnsperf /usr/bin/time ss flock "$CC"; do
	command -v "$tool" >/dev/null ||
		die "$tool not found (scripts/deps.sh bench installs what 'make bench' needs)"
done
if [[ $PROFILE == 1 ]]; then
	command -v strace >/dev/null || die "strace not found (BENCH_RESOLVER_PROFILE=1 needs it)"
fi

# ---- build ----------------------------------------------------------------

# The library objects of src/dns and src/net (the Makefile's LIB_OBJ has
# them; 'make bench' built them already, make brings them up to date when
# this script runs alone).
objs=()
for c in src/dns/*.c src/net/*.c; do
	objs+=("build/obj/${c%.c}.o")
done
make -s --no-print-directory "${objs[@]}" || die "building the library objects failed"
mkdir -p "$OUT"
rm -f "$OUT"/*.txt "$OUT"/*.time "$OUT"/*.err "$OUT"/*.strace "$OUT"/*.perfstat "$OUT"/knotd.log
BIN=$OUT/bench-resolver
$CC -std=c11 -O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wvla -Isrc \
	-o "$BIN" bench/resolver/bench_resolver.c "${objs[@]}" ||
	die "building $BIN failed"

# ---- the server: Knot in the foreground, ours by pid and command line ------

# TMP, knot_start, knot_stop: bench/lib/knot.sh; col, median...: bench/lib/stats.sh
# shellcheck source=bench/lib/knot.sh
. bench/lib/knot.sh
# shellcheck source=bench/lib/stats.sh
. bench/lib/stats.sh
knot_workdir

say "zone bench.test. with $NAMES names (bench/resolver/gen-zone.sh)"
bench/resolver/gen-zone.sh "$TMP" "$NAMES"

# ready PORT: Knot answers the first name, with the right records
# shellcheck disable=SC2317  # called by knot_start
ready() {
	"$BIN" -q -s "127.0.0.1:$1" -w 1 -T 200 -a 1 -n 1 -t "$TYPE" "$TMP/names.txt" \
		>/dev/null 2>&1
}

knot_start "$PORT0" ready '' bench.test.=bench.test.zone
KNOT_VERSION=$(knotd --version | awk '{ print $NF }')
DNSPERF_VERSION=$(dnsperf -h 2>&1 | awk '/^Version/ { print $2; exit }')
say "knotd $KNOT_VERSION (pid $KNOT_PID, $KNOT_UDP_WORKERS UDP worker(s)) serves bench.test. on 127.0.0.1:$PORT"

# ---- one run of each tool ---------------------------------------------------

# rcvbuf_errors, TICK, time_rss, time_cpu, key: bench/lib/stats.sh

# Each run appends a line to $OUT/runs.txt:
#   TOOL ROUND NAMES QPS WALL CLIENT_CPU RSS_TIME RSS_SELF SERVER_CPU DROPS OK
#   SERVER_THREADS OTHER_CPU
# (RSS_SELF: the harness's own getrusage figure; "-" for dnsperf;
# SERVER_THREADS: knotd's threads that did >= 10% of its work in the run,
# i.e. the UDP workers that served the tool; OTHER_CPU: the seconds of
# CPU the machine spent busy during the run that neither the tool nor
# knotd was charged: other processes on the 2 shared cores (which slow
# both tools), and kernel work done outside any process; see README.md).
# other_cpu M0 M1 K0 K1 CLIENT_S: seconds, from machine and knotd ticks
other_cpu() {
	awk -v m="$(($2 - $1))" -v k="$(($4 - $3))" -v c="$5" -v t="$TICK" \
		'BEGIN { o = (m - k) / t - c; if (o < 0) o = 0; printf "%.2f", o }'
}
: >"$OUT/runs.txt"
failures=()
run_dnsperf() { # ROUND NAMES
	local tag=dnsperf-$1 d0 d1 k0 k1 m0 m1 f=$OUT/dnsperf-$1.txt
	head -n "$2" "$TMP/queries-$TYPE.txt" >"$TMP/q.txt"
	knot_thread_ticks >"$TMP/threads0"
	d0=$(rcvbuf_errors)
	k0=$(knot_cpu_ticks)
	m0=$(machine_busy_ticks)
	/usr/bin/time -v -o "$OUT/$tag.time" \
		dnsperf -e -s 127.0.0.1 -p "$PORT" -d "$TMP/q.txt" -n 1 -q "$WINDOW" -t 5 \
		>"$f" 2>&1 || failures+=("dnsperf failed in round $1 ($f)")
	k1=$(knot_cpu_ticks)
	m1=$(machine_busy_ticks)
	d1=$(rcvbuf_errors)
	knot_thread_ticks >"$TMP/threads1"
	local qps lost completed ok=ok
	qps=$(awk '/Queries per second:/ { printf "%.0f", $4 }' "$f")
	lost=$(awk '/Queries lost:/ { print $3 }' "$f")
	completed=$(awk '/Queries completed:/ { print $3 }' "$f")
	if [[ -z $qps || $lost != 0 || $completed != "$2" ]]; then
		ok=LOST
		failures+=("dnsperf: round $1: ${completed:-?} of $2 completed, ${lost:-?} lost ($f)")
	fi
	echo "dnsperf $1 $2 ${qps:-0}" \
		"$(awk '/Run time/ { print $4 }' "$f")" "$(time_cpu "$OUT/$tag.time")" \
		"$(time_rss "$OUT/$tag.time")" - \
		"$(awk -v a="$k0" -v b="$k1" -v t="$TICK" 'BEGIN { printf "%.2f", (b - a) / t }')" \
		$((d1 - d0)) $ok "$(knot_threads_busy "$TMP/threads0" "$TMP/threads1")" \
		"$(other_cpu "$m0" "$m1" "$k0" "$k1" "$(time_cpu "$OUT/$tag.time")")" >>"$OUT/runs.txt"
}
run_acmeprobe() { # ROUND NAMES
	local tag=acmeprobe-$1 d0 d1 k0 k1 m0 m1 f=$OUT/acmeprobe-$1.txt rc=0 ok=ok
	knot_thread_ticks >"$TMP/threads0"
	d0=$(rcvbuf_errors)
	k0=$(knot_cpu_ticks)
	m0=$(machine_busy_ticks)
	/usr/bin/time -v -o "$OUT/$tag.time" \
		"$BIN" -q -s "127.0.0.1:$PORT" -w "$WINDOW" -t "$TYPE" -n "$2" "$TMP/names.txt" \
		>"$f" 2>"$OUT/$tag.err" || rc=$?
	k1=$(knot_cpu_ticks)
	m1=$(machine_busy_ticks)
	d1=$(rcvbuf_errors)
	knot_thread_ticks >"$TMP/threads1"
	if ((rc != 0)) || [[ $(key "$f" names) != "$2" ]]; then
		ok=FAILED
		failures+=("acmeprobe: round $1: exit $rc; $(key "$f" results) results for $2 names," \
			"$(key "$f" missing) missing, $(key "$f" errors) errors, $(key "$f" wrong) wrong," \
			"$(key "$f" duplicates) duplicates ($f, $OUT/$tag.err)")
		head -n 10 "$OUT/$tag.err" >&2 || true
	fi
	echo "acmeprobe $1 $2 $(key "$f" qps)" \
		"$(key "$f" wall_s)" "$(time_cpu "$OUT/$tag.time")" \
		"$(time_rss "$OUT/$tag.time")" "$(key "$f" maxrss_kib)" \
		"$(awk -v a="$k0" -v b="$k1" -v t="$TICK" 'BEGIN { printf "%.2f", (b - a) / t }')" \
		$((d1 - d0)) $ok "$(knot_threads_busy "$TMP/threads0" "$TMP/threads1")" \
		"$(other_cpu "$m0" "$m1" "$k0" "$k1" "$(time_cpu "$OUT/$tag.time")")" >>"$OUT/runs.txt"
}

# ---- warm-up, then alternating rounds ----------------------------------------

say "warm-up: one untimed pass of each tool"
run_dnsperf warmup "$NAMES"
run_acmeprobe warmup "$NAMES"
for ((r = 1; r <= ROUNDS; r++)); do
	say "round $r/$ROUNDS"
	if ((r % 2)); then
		run_dnsperf "$r" "$NAMES"
		run_acmeprobe "$r" "$NAMES"
	else
		run_acmeprobe "$r" "$NAMES"
		run_dnsperf "$r" "$NAMES"
	fi
	# the memory comparison: the same harness over the first SMALL names
	run_acmeprobe "small$r" "$SMALL"
done

# ---- optional: system calls per query ------------------------------------------

# strace -c -f over SMALL names (strace slows every call down, so the
# tools batch more under it: poll counts read low), then, when perf can
# count tracepoints here, perf stat over NAMES names at full speed.
if [[ $PROFILE == 1 ]]; then
	say "profile: strace -c -f over $SMALL names through each tool"
	head -n "$SMALL" "$TMP/queries-$TYPE.txt" >"$TMP/q.txt"
	strace -c -f -o "$OUT/dnsperf.strace" \
		dnsperf -e -s 127.0.0.1 -p "$PORT" -d "$TMP/q.txt" -n 1 -q "$WINDOW" -t 5 >/dev/null 2>&1 ||
		failures+=("dnsperf failed under strace")
	strace -c -f -o "$OUT/acmeprobe.strace" \
		"$BIN" -q -s "127.0.0.1:$PORT" -w "$WINDOW" -t "$TYPE" -n "$SMALL" "$TMP/names.txt" \
		>/dev/null 2>&1 || failures+=("acmeprobe failed under strace")
	for t in acmeprobe dnsperf; do
		echo "$t: system calls per query (strace -c -f, $SMALL queries; $OUT/$t.strace)"
		awk -v n="$SMALL" '$1 ~ /^[0-9.]+$/ && $NF != "total" && $4 / n >= 0.01 {
				printf "  %-16s %7.2f  (%.0f%% of the time strace counts in calls)\n", $NF, $4 / n, $1 }' \
			"$OUT/$t.strace" | sort -k2 -rn
		awk -v n="$SMALL" '$NF == "total" { printf "  %-16s %7.2f\n", "all", $4 / n }' "$OUT/$t.strace"
	done
	ev=raw_syscalls:sys_enter,context-switches,task-clock
	for c in socket sendto recvfrom close getrandom poll epoll_wait sendmmsg recvmmsg futex; do
		ev+=,syscalls:sys_enter_$c
	done
	if command -v perf >/dev/null && perf stat -e "$ev" true >/dev/null 2>&1; then
		say "profile: perf stat (syscall tracepoints, task-clock) over $NAMES names"
		head -n "$NAMES" "$TMP/queries-$TYPE.txt" >"$TMP/q.txt"
		perf stat -x, -o "$OUT/dnsperf.perfstat" -e "$ev" \
			dnsperf -e -s 127.0.0.1 -p "$PORT" -d "$TMP/q.txt" -n 1 -q "$WINDOW" -t 5 >/dev/null 2>&1 ||
			failures+=("dnsperf failed under perf stat")
		perf stat -x, -o "$OUT/acmeprobe.perfstat" -e "$ev" \
			"$BIN" -q -s "127.0.0.1:$PORT" -w "$WINDOW" -t "$TYPE" "$TMP/names.txt" \
			>/dev/null 2>&1 || failures+=("acmeprobe failed under perf stat")
		for t in acmeprobe dnsperf; do
			echo "$t: per query (perf stat, $NAMES queries; $OUT/$t.perfstat)"
			awk -F, -v n="$NAMES" '$1 ~ /^[0-9.]+$/ {
					name = $3; sub(/^syscalls:sys_enter_/, "", name)
					if (name == "raw_syscalls:sys_enter") name = "all syscalls"
					if (name == "task-clock") printf "  %-16s %7.2f us CPU\n", name, $1 * 1000 / n
					else if ($1 / n >= 0.01) printf "  %-16s %7.2f\n", name, $1 / n }' "$OUT/$t.perfstat"
		done
	fi
	echo
fi

# ---- the report ---------------------------------------------------------------


ap_qps=$(col acmeprobe "$TIMED" 4 | median)
dp_qps=$(col dnsperf "$TIMED" 4 | median)
ratio=$(awk -v a="$ap_qps" -v d="$dp_qps" 'BEGIN { if (d > 0) printf "%.2f", a / d; else print "0" }')
ap_rss=$(col acmeprobe "$TIMED" 8 | maxof)
ap_rss_time=$(col acmeprobe "$TIMED" 7 | maxof)
small_rss=$(col acmeprobe "$SMALLRUN" 8 | maxof)
small_rss_time=$(col acmeprobe "$SMALLRUN" 7 | maxof)
growth() { awk -v b="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%+.1f", (b - s) * 100 / s; else print "?" }'; }
rss_growth=$(growth "$ap_rss" "$small_rss")
rss_growth_time=$(growth "$ap_rss_time" "$small_rss_time")
drops_ap=$(col acmeprobe . 10 | sumof)
drops_dp=$(col dnsperf . 10 | sumof)

ap=$(awk -v p="$TIMED" '$1 == "acmeprobe" && $2 ~ p' "$OUT/runs.txt")
# round_ratios: acmeprobe's q/s over dnsperf's in each timed round, one a line
round_ratios() {
	awk -v p="$TIMED" '$2 ~ p { q[$1, $2] = $4; r[$2] = 1 }
		END { for (k in r) if (q["dnsperf", k] > 0) printf "%.2f\n", q["acmeprobe", k] / q["dnsperf", k] }' \
		"$OUT/runs.txt" | sort -g
}
n_caa=$(awk -v n="$NAMES" 'NR <= n && $2 > 0' "$TMP/names.txt" | wc -l)
echo
echo "resolver bench: $NAMES names of bench.test., type $TYPE, $WINDOW in flight;" \
	"Knot $KNOT_VERSION on 127.0.0.1:$PORT ($KNOT_UDP_WORKERS UDP worker(s)), $(nproc) CPUs"
if [[ $TYPE == CAA ]]; then
	echo "  expected: $n_caa answers with CAA (1-3 records), $((NAMES - n_caa)) NODATA"
else
	echo "  expected: $NAMES answers with A (1-2 records)"
fi
printf '  %-26s %9s %17s %7s %11s %8s %9s %10s %8s %7s %6s\n' "" "q/s" "(min-max)" "wall s" \
	"client CPU" "us/query" "peak RSS" "server CPU" "us/query" "threads" "runs"
for t in dnsperf acmeprobe; do
	v=$([[ $t == dnsperf ]] && echo "dnsperf $DNSPERF_VERSION" || echo "acmeprobe (resolver_run)")
	cpu=$(col $t "$TIMED" 6 | median)
	scpu=$(col $t "$TIMED" 9 | median)
	printf '  %-26s %9s %17s %7s %11s %8s %9s %10s %8s %7s %6s\n' "$v" \
		"$(col $t "$TIMED" 4 | median)" "($(col $t "$TIMED" 4 | range))" \
		"$(col $t "$TIMED" 5 | median | xargs printf '%.2f')" "$cpu s" \
		"$(awk -v c="$cpu" -v n="$NAMES" 'BEGIN { printf "%.1f", c * 1e6 / n }')" \
		"$(col $t "$TIMED" 7 | maxof) KiB" "$scpu s" \
		"$(awk -v c="$scpu" -v n="$NAMES" 'BEGIN { printf "%.1f", c * 1e6 / n }')" \
		"$(col $t "$TIMED" 12 | median)" \
		"$(awk -v t="$t" -v p="$TIMED" '$1 == t && $2 ~ p && $11 == "ok"' "$OUT/runs.txt" | wc -l)/$ROUNDS ok"
done
echo "  (medians of $ROUNDS alternating rounds after a warm-up; client CPU = user+sys and"
echo "   peak RSS from /usr/bin/time -v (max of the rounds); server CPU = knotd's during the run;"
echo "   threads = knotd threads that did >= 10% of its work, i.e. the UDP workers that served the tool)"
echo "  rounds (q/s):$(awk -v p="$TIMED" '$2 ~ p { printf " %s%s %s", ($1 == "dnsperf" ? "d" : "a"), $2, $4 }' "$OUT/runs.txt")"
echo "  ratio in each round (acmeprobe/dnsperf, the two runs side by side):" \
	"$(round_ratios | tr '\n' ' ')(median $(round_ratios | median), range $(round_ratios | range))"
echo "  machine CPU charged to neither the tool nor knotd during the runs (other processes," \
	"kernel work of no process; s, median and max): dnsperf's $(col dnsperf "$TIMED" 13 | median) s ($(col dnsperf "$TIMED" 13 | maxof))," \
	"acmeprobe's $(col acmeprobe "$TIMED" 13 | median) s ($(col acmeprobe "$TIMED" 13 | maxof))"
if [[ -n $ap ]]; then
	last=$OUT/acmeprobe-$ROUNDS.txt
	echo "  acmeprobe, last round: $(key "$last" answered) answered ($(key "$last" with_records)" \
		"with records, $(key "$last" records) records; $(key "$last" nodata) NODATA)," \
		"$(key "$last" nxdomain) NXDOMAIN, $(key "$last" errors) errors, $(key "$last" missing)" \
		"missing, $(key "$last" duplicates) duplicates, $(key "$last" wrong) wrong;" \
		"$(key "$last" udp_sent) UDP queries sent, $(key "$last" retried) retried," \
		"$(key "$last" tcp_sent) over TCP, $(key "$last" spoofed) spoofed;" \
		"user $(key "$last" user_s) s, sys $(key "$last" sys_s) s"
fi
echo "  memory: acmeprobe peak RSS $small_rss KiB for $SMALL names, $ap_rss KiB for $NAMES" \
	"($rss_growth%; getrusage); /usr/bin/time -v: $small_rss_time and $ap_rss_time KiB" \
	"($rss_growth_time%)"

# ---- targets ------------------------------------------------------------------

if awk -v r="$ratio" -v m="$MIN_RATIO" 'BEGIN { exit !(r < m) }'; then
	failures+=("acmeprobe/dnsperf is $ratio ($ap_qps against $dp_qps q/s); want >= $MIN_RATIO")
fi
for g in "$rss_growth" "$rss_growth_time"; do
	if [[ $g == "?" ]] || awk -v g="$g" -v m="$MAX_RSS_GROWTH" 'BEGIN { exit !(g > m) }'; then
		failures+=("acmeprobe's peak RSS grows with the names: $small_rss -> $ap_rss KiB" \
			"(time -v: $small_rss_time -> $ap_rss_time) for $SMALL -> $NAMES names; want <= +$MAX_RSS_GROWTH%")
		break
	fi
done
if ((drops_ap + drops_dp > 0)); then
	echo "  note: the kernel dropped $((drops_ap + drops_dp)) UDP datagrams (RcvbufErrors) during the" \
		"runs ($drops_ap in acmeprobe's, $drops_dp in dnsperf's); acmeprobe retried them (above)"
fi
echo
echo "targets: ratio $ratio, want >= $MIN_RATIO; every name answered once and as the zone says" \
	"(acmeprobe: $(awk -v p="$TIMED|$SMALLRUN" '$1 == "acmeprobe" && $2 ~ p && $11 == "ok"' "$OUT/runs.txt" | wc -l)/$((2 * ROUNDS)) runs ok);" \
	"peak RSS growth $rss_growth%, want <= +$MAX_RSS_GROWTH%"
status=0
if ((${#failures[@]})); then
	status=1
	for f in "${failures[@]}"; do
		echo "FAIL: $f"
	done
else
	echo "all targets met"
fi
say "finished in $((SECONDS - START)) s; files in $OUT/"
printf 'resolver: acmeprobe %s q/s, dnsperf %s q/s, ratio %s, peak RSS %s KiB\n' \
	"${ap_qps:-0}" "${dp_qps:-0}" "$ratio" "${ap_rss:-0}"
exit $status
