#!/usr/bin/env bash
# make bench, fleet part: 'acmeprobe check --file' over 10,000 names whose
# zones are served by a local Knot, with faults on a tenth of their
# nameservers (faultdns), next to a dig script doing the same checks in
# the same run; every output line checked (one per name, in input order,
# none twice, the verdict and the finding the zone implies); peak memory
# for 2,000 vs 10,000 names. See bench/check/README.md.
#
# Environment (all optional):
#   BENCH_CHECK_NAMES=N        names of the timed run (10000)
#   BENCH_CHECK_SMALL=N        names of the memory comparison run (2000: more
#                              than the fleet's window of 16 x 64 lines)
#   BENCH_CHECK_PEER_NAMES=N   names the dig script checks (1000: the first
#                              N, the same mix; dig starts 3 processes a name)
#   BENCH_CHECK_CONCURRENCY=N  acmeprobe --concurrency and xargs -P (64)
#   BENCH_CHECK_TIMEOUT=MS     acmeprobe --timeout (500)
#   BENCH_CHECK_PORT=P         first port to try (55600; up to P+99)
# Exit status: 0 if every target is met, 1 if one is missed or an output
# line is wrong or missing (the reasons are printed), 2 if the bench cannot
# run at all. The last line is always the summary:
#   check: acmeprobe N names/s over N names (F% faulty), peak RSS K KiB; peer: ...
# (K: the fleet's resident memory at its peak, the parent and the checks in
# flight, each page once: their Pss summed; F: the nameservers faulty)
# Network traffic goes to 127.0.0.1..4 only.
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT=build/bench/check
NAMES=${BENCH_CHECK_NAMES:-10000}
SMALL=${BENCH_CHECK_SMALL:-2000}
PEER_NAMES=${BENCH_CHECK_PEER_NAMES:-1000}
CONC=${BENCH_CHECK_CONCURRENCY:-64}
TIMEOUT=${BENCH_CHECK_TIMEOUT:-500}
PORT0=${BENCH_CHECK_PORT:-55600}
MAX_RSS_GROWTH=10 # percent: the parent's peak RSS, NAMES names over SMALL names
START=$SECONDS

BENCH=bench-check
die() {
	echo "$BENCH: $*" >&2
	exit 2
}
say() { echo "$BENCH: $*"; }

for v in NAMES SMALL PEER_NAMES CONC TIMEOUT PORT0; do
	[[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive number, not '${!v}'"
done
((SMALL < NAMES)) || die "BENCH_CHECK_SMALL ($SMALL) must be below BENCH_CHECK_NAMES ($NAMES)"
((PEER_NAMES <= NAMES)) || die "BENCH_CHECK_PEER_NAMES ($PEER_NAMES) must be at most $NAMES"
((CONC <= 64)) || die "BENCH_CHECK_CONCURRENCY ($CONC): acmeprobe takes at most 64"
for tool in knotd dig python3 xargs /usr/bin/time ss flock; do
	command -v "$tool" >/dev/null ||
		die "$tool not found (scripts/deps.sh bench installs what 'make bench' needs)"
done

make -s --no-print-directory acmeprobe || die "building acmeprobe failed"
mkdir -p "$OUT"
rm -f "$OUT"/*.txt "$OUT"/*.time "$OUT"/*.err "$OUT"/*.jsonl "$OUT"/*.rss "$OUT"/*.log
BIN=$OUT/acmeprobe
cp acmeprobe "$BIN" || die "cannot copy acmeprobe to $BIN"

# ---- the servers ------------------------------------------------------------

# shellcheck source=bench/lib/knot.sh
. bench/lib/knot.sh
# shellcheck source=bench/lib/stats.sh
. bench/lib/stats.sh
knot_workdir
FD_PIDS=()
# shellcheck disable=SC2317  # called by the trap
cleanup() {
	local p
	for p in "${FD_PIDS[@]}"; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	cp "$TMP"/faultdns-*.log "$OUT/" 2>/dev/null || true
	_knot_cleanup
}
trap cleanup EXIT

say "zones test., fleet.test. and z0..z9.fleet.test. with $NAMES names (bench/check/gen-zone.sh)"
bench/check/gen-zone.sh "$TMP" "$NAMES"
head -n "$SMALL" "$TMP/names.txt" >"$TMP/names-small.txt"
head -n "$SMALL" "$TMP/expected.txt" >"$TMP/expected-small.txt"
head -n "$PEER_NAMES" "$TMP/names.txt" >"$TMP/names-peer.txt"

# ready PORT: Knot answers on both its addresses
# shellcheck disable=SC2317  # called by knot_start
ready() {
	[[ $(dig +short +time=1 +tries=1 -p "$1" @127.0.0.1 CAA n2.z2.fleet.test) == *letsencrypt.org* &&
		$(dig +short +time=1 +tries=1 -p "$1" @127.0.0.2 CAA n9.z9.fleet.test) == *letsencrypt.org* ]]
}
zones=(test.=test.zone fleet.test.=fleet.test.zone)
for k in 0 1 2 3 4 5 6 7 8 9; do
	zones+=("z$k.fleet.test.=z$k.zone")
done
KNOT_EXTRA_ADDRS=127.0.0.2 knot_start "$PORT0" ready "" "${zones[@]}"
KNOT_VERSION=$(knotd --version | awk '{ print $NF }')
say "knotd $KNOT_VERSION (pid $KNOT_PID) serves the zones on 127.0.0.1 and 127.0.0.2, port $PORT"

# the faulty servers, on the same port: ns2.z0 drops every CAA query,
# ns2.z1 answers it SERVFAIL (bench/check/gen-zone.sh)
start_faultdns() { # ADDR ZONE FAULT
	local log=$TMP/faultdns-$1.log i
	python3 tests/support/faultdns.py --addr "$1" --port "$PORT" --lifetime 3600 \
		--zone "$2.fleet.test.=$TMP/$2.zone" --fault "$3" >"$TMP/faultdns-$1.out" 2>"$log" &
	FD_PIDS+=($!)
	for ((i = 0; i < 50; i++)); do
		grep -qx ready "$TMP/faultdns-$1.out" 2>/dev/null && return 0
		sleep 0.1
	done
	tail -n 5 "$log" >&2 || true
	die "faultdns on $1:$PORT did not start (above)"
}
start_faultdns 127.0.0.3 z0 drop-caa
start_faultdns 127.0.0.4 z1 servfail-caa
say "faultdns on 127.0.0.3 (ns2.z0: drops CAA) and 127.0.0.4 (ns2.z1: SERVFAIL to CAA), port $PORT"

# ---- one run ----------------------------------------------------------------

now() { date +%s.%N; }
sub_s() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
per_s() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print 0 }'; }

# sample_rss PID: every 0.2 s while PID runs, "PARENT_RSS FLEET_PSS" in
# KiB: the parent's RSS, and the proportional set size (smaps_rollup's
# Pss: a page shared by k processes counts 1/k in each) of the parent and
# its children, the checks in flight, summed: the fleet's memory
sample_rss() {
	local pid=$1 kids k p t
	while [[ -r /proc/$pid/status ]]; do
		p=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$pid/status" 2>/dev/null) || break
		kids=$(cat "/proc/$pid/task/$pid/children" 2>/dev/null) || break
		t=0
		for k in $pid $kids; do
			t=$((t + $({ awk '$1 == "Pss:" { print $2; f = 1 } END { if (!f) print 0 }' \
				"/proc/$k/smaps_rollup"; } 2>/dev/null || echo 0)))
		done
		echo "${p:-0} $t"
		sleep 0.2
	done
}

failures=()
# Each run appends a line to $OUT/runs.txt:
#   acmeprobe TAG NAMES WALL NAMES/S CPU MAX_PROCESS_RSS PARENT_RSS FLEET_PSS OK
run_acmeprobe() { # TAG NAMESFILE EXPECTED
	local tag=$1 out=$TMP/$1.jsonl rc=0 ok=ok n t0 t1 wall pid spid
	n=$(wc -l <"$2")
	t0=$(now)
	/usr/bin/time -v -o "$OUT/$tag.time" \
		"$BIN" check --file "$2" --resolver "127.0.0.1:$PORT" --ns-port "$PORT" \
		--timeout "$TIMEOUT" --concurrency "$CONC" >"$out" 2>"$OUT/$tag.err" &
	pid=$!
	# the sampler watches acmeprobe, the child of time
	local ap="" k
	for ((k = 0; k < 50; k++)); do
		ap=$(awk '{ print $1 }' "/proc/$pid/task/$pid/children" 2>/dev/null) || true
		[[ -z $ap ]] || break
		sleep 0.02
	done
	if [[ -n $ap ]]; then
		sample_rss "$ap" >"$OUT/$tag.rss" &
		spid=$!
	fi
	wait "$pid" || rc=$?
	t1=$(now)
	[[ -z ${spid:-} ]] || wait "$spid" 2>/dev/null || true
	wall=$(sub_s "$t0" "$t1")
	# exit 1: the names of z0 and z1 will fail, none is unknown
	if ((rc != 1)); then
		ok=FAILED
		failures+=("acmeprobe: $tag: exit status $rc, want 1 ($OUT/$tag.err)")
		tail -n 5 "$OUT/$tag.err" >&2 || true
	fi
	if ! python3 bench/check/check.py "$3" "$out" >"$OUT/$tag.check.txt" 2>"$OUT/$tag.wrong.txt"; then
		ok=WRONG
		cp "$out" "$OUT/$tag.jsonl"
		failures+=("acmeprobe: $tag: $(key "$OUT/$tag.check.txt" ok) of $n lines right,\
 $(key "$OUT/$tag.check.txt" wrong) wrong, $(key "$OUT/$tag.check.txt" missing) missing,\
 $(key "$OUT/$tag.check.txt" extra) extra, $(key "$OUT/$tag.check.txt" duplicate) twice\
 ($OUT/$tag.jsonl; the first wrong lines in $OUT/$tag.wrong.txt)")
		head -n 9 "$OUT/$tag.wrong.txt" >&2 || true
	fi
	if ! tail -n 1 "$OUT/$tag.err" | grep -qx "acmeprobe check: $n name(s), [0-9]* would sink a certificate order that includes them"; then
		ok=WRONG
		failures+=("acmeprobe: $tag: no summary as the last stderr line ($OUT/$tag.err)")
	fi
	echo "acmeprobe $tag $n $wall $(per_s "$n" "$wall") $(time_cpu "$OUT/$tag.time")" \
		"$(time_rss "$OUT/$tag.time")" \
		"$(awk '$1 > m { m = $1 } END { print m + 0 }' "$OUT/$tag.rss" 2>/dev/null || echo 0)" \
		"$(awk '$2 > m { m = $2 } END { print m + 0 }' "$OUT/$tag.rss" 2>/dev/null || echo 0)" \
		$ok >>"$OUT/runs.txt"
}

# the peer: bench/check/peer.sh, CONC scripts at once, 10 names each
PEER_WALL='' PEER_FOUND='' PEER_FALSE='' PEER_FAULTY=''
run_peer() {
	local t0 t1
	t0=$(now)
	xargs -P "$CONC" -n 10 bench/check/peer.sh 127.0.0.1 "$PORT" <"$TMP/names-peer.txt" \
		>"$OUT/peer.txt" 2>"$OUT/peer.err" || failures+=("the dig script failed ($OUT/peer.err)")
	t1=$(now)
	PEER_WALL=$(sub_s "$t0" "$t1")
	# what it found, against the zone's faults
	PEER_FAULTY=$(head -n "$PEER_NAMES" "$TMP/expected.txt" | awk '$2 == "will_fail"' | wc -l)
	PEER_FOUND=$(awk 'NR == FNR { w[$1] = $2; next } $2 == "will_fail" && w[$1] == "will_fail"' \
		"$TMP/expected.txt" "$OUT/peer.txt" | wc -l)
	PEER_FALSE=$(awk 'NR == FNR { w[$1] = $2; next } $2 == "will_fail" && w[$1] != "will_fail"' \
		"$TMP/expected.txt" "$OUT/peer.txt" | wc -l)
	local lines
	lines=$(wc -l <"$OUT/peer.txt")
	((lines == PEER_NAMES)) || failures+=("the dig script gave $lines lines for $PEER_NAMES names ($OUT/peer.txt)")
}

: >"$OUT/runs.txt"
FAULTY=$(awk '$2 == "will_fail"' "$TMP/expected.txt" | wc -l)
say "$NAMES names, $FAULTY of them on a faulty nameserver (2 of the zones' 20 servers);" \
	"acmeprobe check --file --concurrency $CONC --timeout $TIMEOUT (--repeat 3: a failing probe is asked 3 times)"
say "run 1: acmeprobe over the first $SMALL names (the memory comparison)"
run_acmeprobe small "$TMP/names-small.txt" "$TMP/expected-small.txt"
say "run 2: acmeprobe over $NAMES names"
run_acmeprobe big "$TMP/names.txt" "$TMP/expected.txt"
say "run 3: the dig script over the first $PEER_NAMES names, $CONC at once"
run_peer

# ---- the report ---------------------------------------------------------------

col2() { awk -v t="$1" -v c="$2" '$2 == t { print $c }' "$OUT/runs.txt"; }
ap_nps=$(col2 big 5)
ap_parent=$(col2 big 8)
ap_tree=$(col2 big 9)
small_parent=$(col2 small 8)
growth=$(awk -v b="$ap_parent" -v s="$small_parent" \
	'BEGIN { if (s > 0) printf "%+.1f", (b - s) * 100 / s; else print "?" }')
peer_nps=$(per_s "$PEER_NAMES" "$PEER_WALL")
pct=$(awk -v f=2 -v n=20 'BEGIN { printf "%.0f", f * 100 / n }')

echo
echo "fleet check: acmeprobe check --file against knotd $KNOT_VERSION and faultdns," \
	"127.0.0.1..4:$PORT, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  $NAMES names in 10 zones of 2 nameservers each; ns2.z0 drops CAA, ns2.z1 SERVFAILs it:" \
	"$pct% of the servers, $FAULTY names ($((FAULTY * 100 / NAMES))%)"
printf '  %-34s %10s %9s %9s %14s %14s %14s\n' "" "names/s" "wall s" "CPU s" \
	"parent RSS" "fleet PSS" "largest RSS"
for t in small big; do
	printf '  %-34s %10s %9s %9s %14s %14s %14s\n' \
		"acmeprobe, $(col2 "$t" 3) names" "$(col2 "$t" 5)" "$(col2 "$t" 4)" "$(col2 "$t" 6)" \
		"$(col2 "$t" 8) KiB" "$(col2 "$t" 9) KiB" "$(col2 "$t" 7) KiB"
done
printf '  %-34s %10s %9s\n' "dig script, $PEER_NAMES names" "$peer_nps" "$PEER_WALL"
echo "  acmeprobe: every line checked ($(col2 big 10) over $NAMES names, $(col2 small 10) over $SMALL):" \
	"one per name, in input order, none twice, the verdict and the finding of its zone"
echo "  the dig script (bench/check/peer.sh; NS, their addresses, the CAA from each, no repeat," \
	"1 s timeout): $PEER_FOUND of $PEER_FAULTY faulty names found, $PEER_FALSE healthy ones" \
	"reported faulty, lines in the order they finish"
echo "  peaks, sampled every 0.2 s: parent RSS, acmeprobe's own (the window of lines waiting," \
	"src/cli/fleet.c); fleet PSS, the parent's and its checks' in flight (smaps_rollup), summed;" \
	"largest RSS: the largest process's (/usr/bin/time)"

# ---- targets ----------------------------------------------------------------

if [[ $growth == "?" ]] || awk -v g="$growth" -v m="$MAX_RSS_GROWTH" 'BEGIN { exit !(g > m) }'; then
	failures+=("the parent's peak RSS grows with the names: $small_parent KiB for $SMALL, $ap_parent KiB for $NAMES ($growth%); want at most +$MAX_RSS_GROWTH%")
fi
echo
echo "targets: every line right, one per name, in input order; the parent's peak RSS at most" \
	"+$MAX_RSS_GROWTH% from $SMALL to $NAMES names ($growth%)"
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
printf 'check: acmeprobe %s names/s over %s names (%s%% faulty), peak RSS %s KiB; peer: dig script %s names/s over %s names\n' \
	"${ap_nps:-0}" "$NAMES" "$pct" "${ap_tree:-0}" "${peer_nps:-0}" "$PEER_NAMES"
exit $status
