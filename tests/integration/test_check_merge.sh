#!/usr/bin/env bash
# `acmeprobe check --merge` on reports the tool made itself, from a bed
# whose "perspectives" see the same zone differently (R-MPIC-1..5):
#
#   mpic.test.  ns1 127.0.0.21, ns2 127.0.0.22: tests/support/faultdns.py
#               --zone tests/fixtures/zones/mpic.test.zone, restarted per
#               scenario with --view SRC=servfail-caa for the sources that
#               scenario fails
#   r1..r4      four recursive Unbounds on 127.0.0.11..14:U, each querying
#               from its own address (outgoing-interface), stub zone
#               mpic.test. at ns1 and ns2: r1 is the primary perspective,
#               r2..r4 the remote ones
#
# So a view on 127.0.0.13 makes the CAA lookup of r3 fail (SERVFAIL) and
# no other: a server that answers some networks and not others, as a CA's
# remote perspective meets it (R-MPIC-4). acmeprobe's own nameserver probes
# go out from 127.0.0.1 and see healthy servers. For each scenario, one
# report per perspective (`check sN.mpic.test --resolver 127.0.0.1X:U
# --vantage rX --json`), then the merge, its exit status and its JSON
# exactly: the quorum (1 failure of 3 allowed), the primary's failure
# final, the RIR rule, too few remotes, the finding that differs and
# where, Let's Encrypt's words (read back by `acmeprobe explain`). Then
# bad input: reports of two names, a cut file, JSON Lines, a JSON text that
# is no report, a missing file, usage errors.
#
# Prints one "ok - ..." / "not ok - ..." line per check, "# ..." details,
# last "N passed, M failed"; exit 1 on failure. Loopback only (127.0.0.11-14,
# 127.0.0.21-22). KEEP=1 keeps the work directory (the reports, the query
# logs). About 15 s.
set -euo pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
work_dir test-check-merge
copy_binary
ZONEFILE=$ROOT/tests/fixtures/zones/mpic.test.zone
command -v unbound >/dev/null || {
	not_ok "unbound is missing (scripts/deps.sh test)"
	finish
}

free_port() { # free_port ADDR...: a port free for UDP and TCP on every ADDR
	$PY - "$@" <<'EOF'
import random, socket, sys
for _ in range(200):
    port = random.randint(20000, 59999)
    socks, good = [], True
    for a in sys.argv[1:]:
        for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
            s = socket.socket(socket.AF_INET, kind)
            socks.append(s)
            try:
                s.bind((a, port))
            except OSError:
                good = False
    for s in socks:
        s.close()
    if good:
        print(port)
        sys.exit(0)
sys.exit(1)
EOF
}
P=$(free_port 127.0.0.21 127.0.0.22)
U=$(free_port 127.0.0.11 127.0.0.12 127.0.0.13 127.0.0.14)

# ---- the nameservers, one view set per scenario ----------------------------

NS_PIDS=()
# shellcheck disable=SC2317 # (called on exit)
stop_ns() {
	local p
	for p in "${NS_PIDS[@]}"; do stop_pid "$p"; done
	NS_PIDS=()
}
at_exit stop_ns
# nameservers TAG FAILING...: ns1 and ns2, the CAA queries from each
# FAILING address (11..14: 127.0.0.11...) answered SERVFAIL
nameservers() {
	local tag=$1 addr views=() f
	shift
	stop_ns
	for f in "$@"; do views+=(--view "127.0.0.$f=servfail-caa"); done
	for addr in 127.0.0.21 127.0.0.22; do
		if ! start_faultdns "$tag-${addr##*.}" --addr "$addr" --port "$P" \
			--zone "mpic.test.=$ZONEFILE" "${views[@]}"; then
			not_ok "faultdns on $addr:$P does not start"
			diag "$WORK/$tag-${addr##*.}.log"
			finish
		fi
		NS_PIDS+=("${PIDS[-1]}")
	done
}

# ---- the four perspectives ---------------------------------------------------

# the loopback settings every test Unbound shares, but the source address:
# each perspective queries from its own
grep -v '^ *outgoing-interface:' tests/support/unbound-loopback.conf >"$WORK/loopback.conf"
UNBOUND_PIDS=()
# shellcheck disable=SC2317 # (called on exit)
stop_unbounds() {
	local p
	for p in "${UNBOUND_PIDS[@]}"; do stop_pid "$p"; done
}
at_exit stop_unbounds
nameservers start
for i in 11 12 13 14; do
	mkdir -p "$WORK/u$i"
	cat >"$WORK/u$i.conf" <<EOF
server:
    interface: 127.0.0.$i
    port: $U
    outgoing-interface: 127.0.0.$i
    directory: "$WORK/u$i"
    include: "$WORK/loopback.conf"
    local-zone: "test." transparent
    module-config: "iterator"
stub-zone:
    name: "mpic.test."
    stub-addr: 127.0.0.21@$P
    stub-addr: 127.0.0.22@$P
remote-control:
    control-enable: no
EOF
	unbound -d -c "$WORK/u$i.conf" </dev/null >"$WORK/u$i.log" 2>&1 &
	UNBOUND_PIDS+=($!)
done
for i in 11 12 13 14; do
	up=0
	for _ in $(seq 50); do
		if kdig @127.0.0.$i -p "$U" +timeout=1 +retry=0 +noall +answer ns1.mpic.test A 2>/dev/null |
			grep -q '127\.0\.0\.21'; then
			up=1
			break
		fi
		sleep 0.2
	done
	if [ $up = 1 ]; then
		ok "perspective r$((i - 10)): Unbound on 127.0.0.$i:$U resolves mpic.test. from 127.0.0.$i"
	else
		not_ok "Unbound on 127.0.0.$i:$U does not resolve mpic.test."
		diag "$WORK/u$i.log"
		finish
	fi
done
if [ "$(count start-21 'name=ns1.mpic.test. type=A ')" -ge 1 ]; then
	ok "the perspectives' questions reach the nameservers"
else
	not_ok "ns1 saw no question for ns1.mpic.test. A"
fi

json_helpers <<'EOF'
def codes(o):
    return sorted(f["code"] for f in o["findings"])
def persp(o, key):
    return [p[key] for p in o["perspectives"]]
def differs(o):
    return [(d["code"], d["count"], d["of"], d["perspectives"]) for d in o["differs"]]
EOF

# report NAME X [OPTIONS...]: perspective X's report of NAME in WORK/NAME-rX.json
report() {
	local name=$1 x=$2
	shift 2
	run check "$name" --resolver "127.0.0.1$x:$U" --ns-port "$P" --timeout 1000 --repeat 1 \
		--vantage "r$x" --json "$@"
	cp "$WORK/out" "$WORK/$name-r$x.json"
}
SERVFAIL_S2="DNS problem: SERVFAIL looking up CAA for s2.mpic.test - the domain's nameservers may be malfunctioning"

# ---- S1: r3 fails CAA (a view on 127.0.0.13): 1 of 3 remotes, within the
# quorum (R-MPIC-2): valid, and the difference named

nameservers s1 13
for x in 1 2 4; do report s1.mpic.test "$x"; done
expect "S1 r4's own report: CAA permitted, exit 0; vantage r4, its resolver, this version (R-MPIC-4)" 0 \
	"j['verdict'] == 'ok'" "'caa_permitted' in codes(j)" \
	"j['vantage']['label'] == 'r4'" "j['vantage']['rir'] is None" \
	"j['vantage']['resolver'] == '127.0.0.14:$U'" \
	"j['vantage']['version'] == '$($ACMEPROBE --version | sed -n 's/^acmeprobe //p')'" \
	"re.match(r'^20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z$', j['vantage']['time']) is not None"
report s1.mpic.test 3
expect "S1 r3's own report: the CAA lookup fails there only: unknown (2), SERVFAIL in le_text" 2 \
	"'caa_lookup_failed' in codes(j)" \
	"j['le_text'] == ['While processing CAA for s1.mpic.test: DNS problem: SERVFAIL looking up CAA for s1.mpic.test - the domain\\'s nameservers may be malfunctioning']"
if [ "$(count s1-21 'type=CAA .*behaviour=zone:servfail-caa\(view 127\.0\.0\.13\)')" -ge 1 ] &&
	[ "$(count s1-21 'type=CAA .*behaviour=zone:healthy ')" -ge 1 ]; then
	ok "S1: ns1 answered r3's CAA questions with the view's SERVFAIL, the others' healthy"
else
	not_ok "S1: ns1's query log does not show the view at work"
	diag "$WORK/s1-21.log"
fi
run check --merge "$WORK"/s1.mpic.test-r{1,2,3,4}.json --json
expect "S1 merge: 1 of 3 remotes fails CAA, 1 allowed: valid (exit 0); caa_lookup_failed differs, at r3 (R-MPIC-2, R-MPIC-4)" 0 \
	"j['domain'] == 's1.mpic.test.'" "j['verdict'] == 'ok'" "j['outcome'] == 'valid'" \
	"j['rule'] == 'R-MPIC-2'" \
	"persp(j, 'label') == ['r1', 'r2', 'r3', 'r4']" \
	"persp(j, 'role') == ['primary', 'remote', 'remote', 'remote']" \
	"persp(j, 'caa') == ['pass', 'pass', 'fail', 'pass']" \
	"persp(j, 'dcv') == [None, None, None, None]" "j['dcv'] is None" \
	"(j['caa']['remotes'], j['caa']['passed'], j['caa']['failed'], j['caa']['allowed_failures'], j['caa']['required_passes']) == (3, 2, 1, 1, 2)" \
	"j['caa']['rir'] == 'not_judged'" \
	"differs(j) == [('caa_lookup_failed', 1, 4, ['r3'])]" \
	"j['le_text'] == []" \
	"j['baseline_requirements']['min_remotes'] in (3, 4, 5)"
run check --merge "$WORK"/s1.mpic.test-r{1,2,3,4}.json
expect "S1 merge, text: exit 0" 0
if head -1 "$WORK/out" | grep -qx "s1.mpic.test: Let's Encrypt would issue: every perspective corroborates" &&
	grep -qx '  \[error\] caa_lookup_failed: fails from 1 of 4 (r3): The CAA lookup fails: the CA will refuse' "$WORK/out" &&
	grep -q '^CAA passes at the primary (r1) and at 2 of 3 remotes (2 must pass); fails from r3, within the 1 failure allowed' "$WORK/out"; then
	ok "S1 merge, text: the verdict line, the reason, the difference and where"
else
	not_ok "S1 merge, text report"
	show_failure
fi

# ---- S2: r3 and r4 fail: 2 of 3, over the quorum: Let's Encrypt refuses,
# with the first remote problem after "During secondary validation: "
# (R-MPIC-3)

nameservers s2 13 14
for x in 1 2 3 4; do report s2.mpic.test "$x"; done
run check --merge "$WORK"/s2.mpic.test-r{1,2,3,4}.json --json
expect "S2 merge: 2 of 3 remotes fail CAA: will_fail (exit 1), R-MPIC-2; LE's text prefixed (R-MPIC-3)" 1 \
	"j['verdict'] == 'will_fail'" "j['outcome'] == 'quorum_missed'" "j['rule'] == 'R-MPIC-2'" \
	"persp(j, 'caa') == ['pass', 'pass', 'fail', 'fail']" \
	"(j['caa']['passed'], j['caa']['failed']) == (1, 2)" \
	"j['caa']['le_text'] == \"During secondary validation: While processing CAA for s2.mpic.test: $SERVFAIL_S2\"" \
	"j['le_text'] == [\"During secondary validation: While processing CAA for s2.mpic.test: $SERVFAIL_S2\"]" \
	"differs(j) == [('caa_lookup_failed', 2, 4, ['r3', 'r4'])]" \
	"j['reason'].startswith('CAA fails from 2 of 3 remote perspectives (r3, r4); 3 remotes allow 1 failure, so 2 must pass')"
le=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["le_text"][0])' "$WORK/out")
run explain --json "$le"
expect "S2: acmeprobe explain reads the merged text back: R-CAA-4 at a remote perspective (R-MPIC-3)" 0 \
	"j['rule'] == 'R-CAA-4'" "j['rules'] == ['R-CAA-4', 'R-MPIC-3']" "j['secondary'] == True" \
	"j['command'] == 'acmeprobe check s2.mpic.test'"

# ---- S3: the primary fails: final, no remote counted, its own words
# (R-MPIC-1)

nameservers s3 11
for x in 1 2 3 4; do report s3.mpic.test "$x"; done
run check --merge "$WORK"/s3.mpic.test-r{1,2,3,4}.json --json
expect "S3 merge: the primary fails CAA: will_fail (exit 1), R-MPIC-1, its text unprefixed" 1 \
	"j['verdict'] == 'will_fail'" "j['outcome'] == 'primary_failed'" "j['rule'] == 'R-MPIC-1'" \
	"persp(j, 'caa') == ['fail', 'pass', 'pass', 'pass']" \
	"(j['caa']['passed'], j['caa']['failed']) == (0, 0)" \
	"j['le_text'] == ['While processing CAA for s3.mpic.test: DNS problem: SERVFAIL looking up CAA for s3.mpic.test - the domain\\'s nameservers may be malfunctioning']" \
	"differs(j) == [('caa_lookup_failed', 1, 4, ['r1'])]"

# ---- S4: nothing fails, and the RIR rule (R-MPIC-2): the remotes labelled
# all RIPE miss it; one ARIN among them meets it

nameservers s4
report s4.mpic.test 1
for x in 2 3 4; do report s4.mpic.test "$x" --rir ripe; done
expect "--rir ripe: the report's vantage says RIPE" 0 "j['vantage']['rir'] == 'RIPE'"
run check --merge "$WORK"/s4.mpic.test-r{1,2,3,4}.json --json
expect "S4 merge: every remote passes, all in RIPE: the RIR rule alone fails (exit 1), Boulder's text (R-MPIC-2, R-MPIC-3)" 1 \
	"j['verdict'] == 'will_fail'" "j['outcome'] == 'rir_missed'" \
	"j['caa']['rir'] == 'unmet'" "persp(j, 'rir') == [None, 'RIPE', 'RIPE', 'RIPE']" \
	"j['le_text'] == ['During secondary validation: validation failed but the problem is unavailable']" \
	"differs(j) == []"
report s4.mpic.test 4 --rir ARIN
run check --merge "$WORK"/s4.mpic.test-r{1,2,3,4}.json --json
expect "S4 merge, r4 in ARIN: the passes span 2 RIRs: valid (exit 0)" 0 \
	"j['verdict'] == 'ok'" "j['caa']['rir'] == 'met'"

# ---- S5: too few remotes: Boulder refuses to run (R-MPIC-2), exit 2

run check --merge "$WORK/s4.mpic.test-r1.json" "$WORK/s4.mpic.test-r2.json" --json
expect "S5 merge of 2 reports: 1 remote, refused with Boulder's text: unknown (exit 2)" 2 \
	"j['verdict'] == 'unknown'" "j['outcome'] == 'too_few_remotes'" \
	"j['le_text'] == ['Insufficient remote perspectives: need at least 3']"

# ---- bad input: exit 64 with the reason -------------------------------------

merge_fails() { # merge_fails DESC MESSAGE FILE...: exit 64, MESSAGE on stderr, nothing on stdout
	local desc=$1 msg=$2
	shift 2
	run check --merge "$@"
	if [ "$RC" = 64 ] && grep -qF -- "$msg" "$WORK/err" && [ ! -s "$WORK/out" ]; then
		ok "$desc"
	else
		not_ok "$desc: want exit 64 and '$msg' on stderr"
		show_failure
	fi
}
merge_fails "reports of two names" "--merge takes reports of one name: $WORK/s1.mpic.test-r1.json is about s1.mpic.test., $WORK/s2.mpic.test-r2.json about s2.mpic.test." \
	"$WORK/s1.mpic.test-r1.json" "$WORK/s2.mpic.test-r2.json" "$WORK/s1.mpic.test-r3.json"
head -c 40 "$WORK/s1.mpic.test-r1.json" >"$WORK/cut.json"
merge_fails "a cut report: the JSON reader's error, its line and column" \
	"--merge: $WORK/cut.json:1:" "$WORK/s1.mpic.test-r1.json" "$WORK/cut.json"
cat "$WORK/s1.mpic.test-r1.json" "$WORK/s1.mpic.test-r2.json" >"$WORK/lines.json"
merge_fails "two reports in one file (JSON Lines)" \
	"something follows the JSON value (one check --json report per file)" \
	"$WORK/lines.json" "$WORK/s1.mpic.test-r2.json"
echo '[1, 2]' >"$WORK/array.json"
merge_fails "a JSON text that is no report" "$WORK/array.json: not a check report: the JSON text is not an object" \
	"$WORK/s1.mpic.test-r1.json" "$WORK/array.json"
echo '{"domain": "x.", "verdict": "ok"}' >"$WORK/nofindings.json"
merge_fails "an object without findings" "$WORK/nofindings.json: not a check report: no \"findings\" array" \
	"$WORK/s1.mpic.test-r1.json" "$WORK/nofindings.json"
merge_fails "a missing file" "--merge: cannot read $WORK/none.json" \
	"$WORK/s1.mpic.test-r1.json" "$WORK/none.json"
merge_fails "one file only" "--merge takes the primary's report and the remotes' (2 to 33 files), not 1" \
	"$WORK/s1.mpic.test-r1.json"
merge_fails "--merge with a doctor's option" "--merge reads reports: it takes only the report files (and --json)" \
	"$WORK/s1.mpic.test-r1.json" "$WORK/s1.mpic.test-r2.json" --token x
run check s1.mpic.test --resolver "127.0.0.11:$U" --rir MARS
if [ "$RC" = 64 ] && grep -q "rir takes a Regional Internet Registry (AFRINIC, APNIC, ARIN, LACNIC, RIPE), not 'MARS'" "$WORK/err"; then
	ok "--rir MARS: exit 64"
else
	not_ok "--rir MARS"
	show_failure
fi

check_elapsed 60
finish
