#!/usr/bin/env bash
# `acmeprobe check` (the doctor) against one zone served by three
# authoritative servers on loopback, one of them made to misbehave per case.
#
#   ns1.doctor.test.  127.0.0.1  Knot (always healthy)
#                     ::1        tests/support/faultdns.py --zone (zone
#                                mode; healthy but in one case)
#   ns2.doctor.test.  127.0.0.2  faultdns.py --zone (healthy)
#   ns3.doctor.test.  127.0.0.3  faultdns.py --zone, restarted for each
#                                case with that case's fault
#
# All on one port P (`check --ns-port P`: one port for every server). The
# zone is tests/fixtures/zones/doctor.test.zone, loaded by Knot and by
# every faultdns instance as doctor.test. (unsigned) and as sdoctor.test.
# (signed by Knot: its DNSKEY RRset makes `check` call a NODATA without SOA
# an error). Knot also serves test. (the parent, with the delegations).
# A recursive Unbound on 127.0.0.1:U has stub zones for test., doctor.test.
# and sdoctor.test. pointing at Knot only, so the recursive view (the CAA
# walk, the NS set, the addresses of the servers) is always Knot's; only
# acmeprobe's direct probes (nsprobe.c) meet ns2 and ns3. So a broken ns3
# never changes the CAA verdict through Unbound: each case shows what the
# per-server diagnosis adds (a CA's resolver that happens to ask ns3 fails).
#
# Each case runs `acmeprobe check NAME --resolver 127.0.0.1:U --ns-port P
# --timeout 1000 --json` and asserts the exit status, the verdict, and the
# exact list of findings as (severity, code, rule) (a multiset: nothing
# more, nothing less), plus that the ns_* findings name the server at
# fault. Then: the text report's layout, --file fleet mode (JSON Lines, the
# summary on stderr, exit = worst) and usage errors (64).
#
# Prints one "ok - ..." / "not ok - ..." line per check, "# ..." details on
# failure, last "N passed, M failed"; exit 1 on failure. Loopback only
# (127.0.0.1-3, ::1). KEEP=1 keeps the work directory (knotd.log,
# unbound.log, ns1v6*.log, ns2.log and ns3-N-ARGS.log: every query
# faultdns saw).
# About 20 s; the script stops itself at 85 s.
set -euo pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUN_TIMEOUT=30
SHOW_STDOUT=3000
ZONEFILE=$ROOT/tests/fixtures/zones/doctor.test.zone
work_dir test-check
WATCHDOG=
KNOT_PID=
UNBOUND_PID=
NS1V6_PID=
NS2_PID=
NS3_PID=
DOWN1_PID=
# shellcheck disable=SC2317 # (called on exit)
stop_all() {
	[ -z "$WATCHDOG" ] || kill -TERM "$WATCHDOG" 2>/dev/null || true
	stop_pid "$DOWN1_PID"
	stop_pid "$NS3_PID"
	stop_pid "$NS2_PID"
	stop_pid "$NS1V6_PID"
	stop_pid "$UNBOUND_PID"
	stop_pid "$KNOT_PID"
}
at_exit stop_all
trap 'not_ok "stopped by a signal (the 85 s watchdog?)"; echo "$pass passed, $fail failed"; exit 130' INT TERM
# A watchdog: the whole script must end within 90 s, so at 85 s it gets a
# TERM (handled once the command running then ends: each has a timeout).
# Its sleep does not hold our stdout open, so a pipe reading this script
# ends with the script.
(
	trap 'kill "$sp" 2>/dev/null; exit 0' TERM
	sleep 85 >/dev/null 2>&1 &
	sp=$!
	wait "$sp" && kill -TERM $$
) &
WATCHDOG=$!

for tool in knotd unbound kdig; do
	command -v "$tool" >/dev/null || {
		not_ok "$tool is missing (scripts/deps.sh test)"
		finish
	}
done
copy_binary

# ---- ports: P free for UDP and TCP on 127.0.0.1-3 and ::1, U on 127.0.0.1

free_port() { # free_port ADDR...: a port free for UDP and TCP on every ADDR
	$PY - "$@" <<'EOF'
import random, socket, sys
addrs = sys.argv[1:]
for _ in range(200):
    port = random.randint(20000, 59999)
    socks, good = [], True
    for a in addrs:
        fam = socket.AF_INET6 if ":" in a else socket.AF_INET
        for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
            s = socket.socket(fam, kind)
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
P=$(free_port 127.0.0.1 127.0.0.2 127.0.0.3 127.0.0.4 127.0.0.5 ::1)
U=$(free_port 127.0.0.1)
[ "$P" != "$U" ] || U=$(free_port 127.0.0.1)

# ---- Knot: test. (parent), doctor.test. (unsigned), sdoctor.test. (signed)

mkdir -p "$WORK/knot/db" "$WORK/zones" "$WORK/unbound"
cp "$ZONEFILE" "$WORK/zones/doctor.test.zone"
cp "$ZONEFILE" "$WORK/zones/sdoctor.test.zone"
{
	# shellcheck disable=SC2016 # (zone file directives, not expansions)
	printf '%s\n' '$ORIGIN test.' '$TTL 60'
	echo '@ SOA ns.test. hostmaster.test. 1 3600 900 604800 60'
	echo '@ NS ns.test.'
	echo 'ns A 127.0.0.1'
	# down.test.: delegated to two servers nothing serves (127.0.0.4 and
	# .5; in one case ns1 refuses): the doctor must follow the referral
	# from test.'s server to them, not probe test.'s server instead
	echo 'down NS ns1.down'
	echo 'down NS ns2.down'
	echo 'ns1.down A 127.0.0.4'
	echo 'ns2.down A 127.0.0.5'
	for z in doctor sdoctor; do
		echo "$z NS ns1.$z"
		echo "$z NS ns2.$z"
		echo "$z NS ns3.$z"
		echo "ns1.$z A 127.0.0.1"
		echo "ns1.$z AAAA ::1"
		echo "ns2.$z A 127.0.0.2"
		echo "ns3.$z A 127.0.0.3"
	done
} >"$WORK/zones/test.zone"
cat >"$WORK/knotd.conf" <<EOF
server:
    rundir: "$WORK/knot"
    listen: [ "127.0.0.1@$P" ]
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
log:
  - target: stderr
    any: info
database:
    storage: "$WORK/knot/db"
policy:
  - id: auto
    algorithm: ecdsap256sha256
template:
  - id: default
    storage: "$WORK/zones"
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
zone:
  - domain: test.
    file: test.zone
  - domain: doctor.test.
    file: doctor.test.zone
  - domain: sdoctor.test.
    file: sdoctor.test.zone
    dnssec-signing: on
    dnssec-policy: auto
EOF
knotd -c "$WORK/knotd.conf" </dev/null >"$WORK/knotd.log" 2>&1 &
KNOT_PID=$!

# ---- Unbound: recursive, every zone through Knot only

cat >"$WORK/unbound.conf" <<EOF
server:
    interface: 127.0.0.1
    port: $U
    directory: "$WORK/unbound"
    include: "$ROOT/tests/support/unbound-loopback.conf"
    local-zone: "test." transparent
    module-config: "iterator"
stub-zone:
    name: "test."
    stub-addr: 127.0.0.1@$P
stub-zone:
    name: "doctor.test."
    stub-addr: 127.0.0.1@$P
stub-zone:
    name: "sdoctor.test."
    stub-addr: 127.0.0.1@$P
remote-control:
    control-enable: no
EOF

wait_answer() { # wait_answer PORT NAME TYPE [+norec]: up to 10 s for an answer of TYPE
	for _ in $(seq 50); do
		if kdig @127.0.0.1 -p "$1" +timeout=1 +retry=0 ${4:+"$4"} +noall +answer "$2" "$3" 2>/dev/null |
			grep -q "[[:space:]]$3[[:space:]]"; then
			return 0
		fi
		sleep 0.2
	done
	return 1
}
if ! wait_answer "$P" doctor.test. SOA +norec || ! wait_answer "$P" sdoctor.test. DNSKEY +norec; then
	not_ok "Knot serves doctor.test. and a signed sdoctor.test. on 127.0.0.1@$P"
	sed 's/^/# /' "$WORK/knotd.log" | tail -20
	finish
fi
unbound -d -c "$WORK/unbound.conf" </dev/null >"$WORK/unbound.log" 2>&1 &
UNBOUND_PID=$!
if ! wait_answer "$U" ns3.doctor.test. A; then
	not_ok "Unbound on 127.0.0.1@$U resolves doctor.test. through Knot"
	sed 's/^/# /' "$WORK/unbound.log" | tail -20
	finish
fi

# ---- the fault injector: ns2 (healthy) and ns3 (one fault per case)

# start_zone_faultdns VAR ADDR LOG ARGS...: starts faultdns in zone mode on
# ADDR:P serving both zones, waits for "ready", stores its pid in VAR.
start_zone_faultdns() {
	local var=$1 addr=$2 log=$3 pid
	shift 3
	# (emptied here, not by the child's redirection: a "ready" left from
	# an earlier start must not be read as this one's)
	: >"$WORK/$log.out"
	$PY "$FAULTDNS" --addr "$addr" --port "$P" --lifetime 120 \
		--zone "doctor.test.=$ZONEFILE" --zone "sdoctor.test.=$ZONEFILE" "$@" \
		>"$WORK/$log.out" 2>"$WORK/$log.log" </dev/null &
	pid=$!
	printf -v "$var" '%s' "$pid"
	for _ in $(seq 100); do
		grep -q '^ready$' "$WORK/$log.out" 2>/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	not_ok "faultdns $* on $addr:$P did not start"
	sed 's/^/# /' "$WORK/$log.log" | tail -5
	return 1
}
start_zone_faultdns NS2_PID 127.0.0.2 ns2 || finish
start_zone_faultdns NS1V6_PID ::1 ns1v6 || finish

# ns3 FAULT-ARGS...: restarts ns3 with these arguments; `ns3 down` leaves
# nothing listening on 127.0.0.3:P.
NS3_LOG=ns3
NS3_N=0
ns3() {
	stop_pid "$NS3_PID"
	NS3_PID=
	NS3_N=$((NS3_N + 1))
	NS3_LOG="ns3-$NS3_N$(echo "$*" | tr -c 'a-z0-9\n-' '_')"
	[ "$1" = down ] && return 0
	start_zone_faultdns NS3_PID 127.0.0.3 "$NS3_LOG" "$@"
}

# ---- running acmeprobe and judging its JSON


# the helpers of the assertions (tests/integration/checkjson.py)
json_helpers <<'EOF'
def codes(o):
    """the findings as sorted "severity/code/rule" strings (rule - if null)"""
    return sorted("%s/%s/%s" % (f["severity"], f["code"], f["rule"] or "-")
                  for f in o["findings"])
def titles(o, code):
    return [f["title"] for f in o["findings"] if f["code"] == code]
def causes(o, code):
    return " ".join(f["cause"] for f in o["findings"] if f["code"] == code)
def field(o, code, name):
    return [f[name] for f in o["findings"] if f["code"] == code]
def not_repeated(o):
    """--repeat 1: no finding says permanent or intermittent"""
    return all(f["persistence"] is None for f in o["findings"])
def well_formed(o):
    """every finding has the contract's six members, retryable (a bool) and
    persistence (a string or null), severities in order, a non-empty title
    and cause; le_text is a list of strings"""
    rank = {"error": 0, "warning": 1, "info": 2}
    sev = [rank[f["severity"]] for f in o["findings"]]
    return (sev == sorted(sev) and
            all(set(f) == {"severity", "code", "title", "cause", "fix", "rule",
                           "retryable", "persistence"} and
                f["title"] and f["cause"] and isinstance(f["retryable"], bool) and
                (f["persistence"] is None or isinstance(f["persistence"], str))
                for f in o["findings"]) and
            all(isinstance(t, str) for t in o["le_text"]))
EOF

# --repeat 1: no probe asked again, one try each (the repeats have cases
# of their own below, "--repeat")
DOCTOR=(--resolver "127.0.0.1:$U" --ns-port "$P" --timeout 1000 --repeat 1)
# pylist WORD...: a Python list literal of the words
pylist() {
	local out="" w
	for w in "$@"; do out="$out\"$w\", "; done
	echo "[$out]"
}
# case_check DESC EXIT VERDICT NAME "SEV/CODE/RULE..." [ASSERTION...]: the
# exact findings (a multiset) of `check NAME --json`, the verdict, the
# exit status, the domain, the finding objects well formed.
case_check() {
	local desc=$1 want=$2 verdict=$3 name=$4 findings=$5
	shift 5
	run check "$name" "${DOCTOR[@]}" --json
	# shellcheck disable=SC2086 # (pylist takes the words of $findings)
	expect "$desc" "$want" \
		"j['domain'] == '$name.'" \
		"j['verdict'] == '$verdict'" \
		"codes(j) == sorted($(pylist $findings))" \
		"well_formed(j)" "$@"
}
# what every check of www.doctor.test. also finds: CAA permits (R-CAA-11:
# its own issue record), its address is a documentation address, one vantage
WWW="warning/reserved_address/R-HTTP-7 info/caa_permitted/R-CAA-11 info/single_vantage_point/-"
# the same, one finding a word (for pylist)
read -r -a WWW_LIST <<<"$WWW"
NS3="ns3.doctor.test. (127.0.0.3:$P)"
# names_ns3 CODE: exactly one finding with CODE, and its title names ns3
names_ns3() { echo "len(titles(j, '$1')) == 1 and '$NS3' in titles(j, '$1')[0]"; }

# queries_seen LOG: "transport type" of every query in a faultdns log
queries_seen() {
	sed -n 's/.*transport=\([a-z]*\) name=[^ ]* type=\([A-Z0-9]*\) .* rd=\([01]\).*/\1 \2 rd=\3/p' \
		"$WORK/$1.log" | sort | tr '\n' ',' | sed 's/,$//'
}

# ---- the cases: ns3 misbehaves, ns1 (Knot) and ns2 are healthy

ns3 --fault healthy
case_check "all servers healthy: no ns_* finding, verdict ok, no le_text" 0 ok www.doctor.test "$WWW" \
	"j['le_text'] == []"
got=$(queries_seen "$NS3_LOG")
want="tcp CAA rd=0,tcp SOA rd=0,tcp TYPE65280 rd=0,udp CAA rd=0,udp SOA rd=0,udp TYPE65280 rd=0"
if [ "$got" = "$want" ]; then
	ok "ns3 was asked directly (RD=0) for SOA, CAA and TYPE65280 over UDP and TCP, once each"
else
	not_ok "ns3's queries: want $want, got $got"
fi
for log in ns2 ns1v6; do
	got=$(queries_seen $log)
	if [ "$got" = "$want" ]; then
		ok "$log likewise (ns1's IPv6 address is asked too)"
	else
		not_ok "$log's queries: want $want, got $got"
	fi
done
case_check "healthy, a name without CAA anywhere (R-CAA-1)" 0 ok nocaa.doctor.test \
	"warning/reserved_address/R-HTTP-7 info/caa_permitted/R-CAA-1 info/single_vantage_point/-"
case_check "healthy, forbidden by CAA: will_fail, no ns_* finding; le_text in Boulder's words (R-CAA-11)" 1 will_fail deny.doctor.test \
	"error/caa_forbidden/R-CAA-11 warning/reserved_address/R-HTTP-7 info/single_vantage_point/-" \
	"j['le_text'] == ['While processing CAA for deny.doctor.test: CAA record for deny.doctor.test prevents issuance']"
case_check "healthy, no address: a warning only" 0 ok noaddr.doctor.test \
	"warning/no_address/R-HTTP-1 info/caa_permitted/R-CAA-11 info/single_vantage_point/-"
# R-HTTP-1: with --webroot alone HTTP-01 is run too, so no address is an
# error (as with --token); the file is written, nothing is requested
mkdir -p "$WORK/webroot"
run check noaddr.doctor.test "${DOCTOR[@]}" --webroot "$WORK/webroot" --json
[ "$(find "$WORK/webroot" -type f | wc -l)" -eq 0 ] || why "--webroot left a file behind"
expect "no address with --webroot alone: an error, HTTP-01 fails on the DNS" 1 \
	"j['verdict'] == 'will_fail'" \
	"codes(j) == sorted(['error/no_address/R-HTTP-1', 'error/http01_invalid/R-V6-1', 'info/caa_permitted/R-CAA-11', 'info/single_vantage_point/-'])" \
	"'no valid IP addresses found for noaddr.doctor.test' in causes(j, 'http01_invalid')"
run check noaddr.doctor.test "${DOCTOR[@]}" --webroot /proc --json
expect "no address with a --webroot that cannot be written: still an error" 1 \
	"codes(j) == sorted(['error/no_address/R-HTTP-1', 'warning/http01_not_run/-', 'info/caa_permitted/R-CAA-11', 'info/single_vantage_point/-'])"
case_check "healthy, 30 CAA records (TC over UDP, TCP answers everywhere)" 0 ok big.doctor.test "$WWW"
case_check "healthy: a CNAME loop fails the CAA lookup but every server answers: unknown (2)" \
	2 unknown loop-a.doctor.test \
	"error/caa_lookup_failed/R-CAA-4 warning/no_address/R-HTTP-1 info/single_vantage_point/-" \
	"j['le_text'] == ['While processing CAA for loop-a.doctor.test: DNS problem: SERVFAIL looking up CAA for loop-a.doctor.test - the domain\\'s nameservers may be malfunctioning']"

ns3 --fault drop-unknown
case_check "ns3 drops unknown types (SOA answers, CAA and TYPE65280 time out)" 1 will_fail \
	www.doctor.test "error/ns_drops_unknown_types/R-CAA-5 $WWW" "$(names_ns3 ns_drops_unknown_types)"
case_check "ns3 drops unknown types: the same at a name without CAA" 1 will_fail \
	nocaa.doctor.test "error/ns_drops_unknown_types/R-CAA-5 warning/reserved_address/R-HTTP-7 info/caa_permitted/R-CAA-1 info/single_vantage_point/-" \
	"$(names_ns3 ns_drops_unknown_types)"

ns3 --fault drop-caa
case_check "ns3 drops CAA only (TYPE65280 answers)" 1 will_fail www.doctor.test \
	"error/ns_drops_caa/R-CAA-5 $WWW" "$(names_ns3 ns_drops_caa)" "not_repeated(j)" \
	"field(j, 'ns_drops_caa', 'retryable') == [False]"

# ---- --repeat (R-TRANSIENT-1) and who to tell (R-TRANSIENT-2): a failing
# probe asked 3 times in all, 500 ms apart; the fix names the NS set and
# the SOA's MNAME and RNAME (doctor.test.: SOA ns1 hostmaster)
WHO="A failure that stays is for the DNS provider to fix: the zone's nameservers are ns1.doctor.test, ns2.doctor.test and ns3.doctor.test; the zone's SOA names ns1.doctor.test as its primary server and hostmaster@doctor.test as its contact. If you do not know who runs them, ask your hosting provider."
REPEAT3=(--resolver "127.0.0.1:$U" --ns-port "$P" --timeout 1000)
ns3 --fault drop-caa # (a fresh log)
run check www.doctor.test "${REPEAT3[@]}" --json
expect "--repeat 3 (the default), ns3 drops every CAA query: permanent (3 of 3), not retryable, the provider named (R-TRANSIENT-1, R-TRANSIENT-2)" 1 \
	"codes(j) == sorted($(pylist error/ns_drops_caa/R-CAA-5 "${WWW_LIST[@]}"))" \
	"field(j, 'ns_drops_caa', 'persistence') == ['permanent (3 of 3)']" \
	"field(j, 'ns_drops_caa', 'retryable') == [False]" \
	"titles(j, 'ns_drops_caa') == ['Nameserver $NS3 drops CAA queries: permanent (3 of 3)']" \
	"'Asked 3 times, half a second apart: every try failed' in causes(j, 'ns_drops_caa')" \
	"field(j, 'ns_drops_caa', 'fix')[0].endswith(' ' + '''$WHO''')" \
	"all(f['persistence'] is None and not f['retryable'] for f in j['findings'] if f['code'] != 'ns_drops_caa')" \
	"well_formed(j)"
got="$(count "$NS3_LOG" 'transport=udp name=www.doctor.test. type=CAA ')/$(count "$NS3_LOG" 'transport=tcp name=www.doctor.test. type=CAA ')"
if [ "$got" = 3/3 ]; then
	ok "ns3 was asked CAA 3 times over UDP and 3 over TCP: each failing probe's first try and 2 repeats"
else
	not_ok "ns3's CAA queries (UDP/TCP): want 3/3, got $got"
fi
# seed 3: Random(3*65536+257) gives drop, answer, answer (faultdns's
# documented generator), for the UDP CAA queries only
ns3 --fault healthy --drop-fraction 0.5 --drop-seed 3 --drop-type CAA --drop-transport udp
run check www.doctor.test "${REPEAT3[@]}" --json
expect "ns3 drops the first of 3 UDP CAA queries only: intermittent (1 of 3 timed out), retryable (R-TRANSIENT-1)" 1 \
	"codes(j) == sorted($(pylist error/ns_drops_caa/R-CAA-5 "${WWW_LIST[@]}"))" \
	"field(j, 'ns_drops_caa', 'persistence') == ['intermittent (1 of 3 timed out)']" \
	"field(j, 'ns_drops_caa', 'retryable') == [True]" \
	"titles(j, 'ns_drops_caa') == ['Nameserver $NS3 drops CAA queries: intermittent (1 of 3 timed out)']" \
	"'make their own tries, and any of them may meet it (R-TRANSIENT-1, R-MPIC-2)' in causes(j, 'ns_drops_caa')" \
	"field(j, 'ns_drops_caa', 'fix')[0].endswith(' ' + '''$WHO''')" \
	"well_formed(j)"
got="$(count "$NS3_LOG" 'transport=udp name=www.doctor.test. type=CAA ')/$(grep -c 'intermittent drop' "$WORK/$NS3_LOG.log")"
if [ "$got" = 3/1 ]; then
	ok "ns3 got 3 UDP CAA queries and dropped exactly 1"
else
	not_ok "ns3's UDP CAA queries/drops: want 3/1, got $got"
fi
ns3 --fault drop-caa

ns3 --fault notimp-unknown
case_check "ns3 answers NOTIMP to unknown types, CAA included: error" 1 will_fail www.doctor.test \
	"error/ns_notimp/R-CAA-4 $WWW" "$(names_ns3 ns_notimp)" \
	"'CAA' in titles(j, 'ns_notimp')[0]"

ns3 --fault notimp-private
case_check "ns3 answers NOTIMP to TYPE65280 only: a warning, verdict ok" 0 ok www.doctor.test \
	"warning/ns_notimp/R-CAA-4 $WWW" "$(names_ns3 ns_notimp)" \
	"'unknown types' in titles(j, 'ns_notimp')[0]"

ns3 --fault servfail-caa
case_check "ns3 answers SERVFAIL to CAA" 1 will_fail www.doctor.test \
	"error/ns_servfail/R-CAA-4 $WWW" "$(names_ns3 ns_servfail)"

ns3 --fault refused
case_check "ns3 answers REFUSED: lame" 1 will_fail www.doctor.test \
	"error/ns_lame/R-CAA-6 $WWW" "$(names_ns3 ns_lame)" \
	"'answered REFUSED' in causes(j, 'ns_lame')"

ns3 --fault noaa
case_check "ns3 answers without AA: lame" 1 will_fail www.doctor.test \
	"error/ns_lame/R-CAA-6 $WWW" "$(names_ns3 ns_lame)" \
	"'answered without AA' in causes(j, 'ns_lame')"

ns3 down
case_check "ns3 is down (nothing listens on 127.0.0.3): unreachable" 1 will_fail www.doctor.test \
	"error/ns_unreachable/R-CAA-6 $WWW" "$(names_ns3 ns_unreachable)"

ns3 --serial 2026010101
case_check "ns3's serial is behind: a warning, verdict ok" 0 ok www.doctor.test \
	"warning/ns_serial_mismatch/R-CAA-6 $WWW"

ns3 --fault no-caa
case_check "CAA missing on ns3 (NODATA there)" 1 will_fail www.doctor.test \
	"error/ns_caa_inconsistent/R-CAA-2 $WWW"

ns3 --omit new
case_check "a name missing on ns3 (NXDOMAIN there, CAA elsewhere)" 1 will_fail new.doctor.test \
	"error/ns_caa_inconsistent/R-CAA-2 $WWW"

ns3 --serial 2026010101 --omit new
case_check "ns3 behind and without the new name: both findings" 1 will_fail new.doctor.test \
	"error/ns_caa_inconsistent/R-CAA-2 warning/ns_serial_mismatch/R-CAA-6 $WWW"

ns3 --fault no-tcp
case_check "ns3's TCP closed with a CAA RRset too big for UDP" 1 will_fail big.doctor.test \
	"error/ns_tcp_closed_large_caa/R-CAA-13 $WWW" "$(names_ns3 ns_tcp_closed_large_caa)"
case_check "ns3's TCP closed, a small CAA RRset: a warning, verdict ok" 0 ok www.doctor.test \
	"warning/ns_tcp_closed/R-CAA-13 $WWW" "$(names_ns3 ns_tcp_closed)"

ns3 --fault nodata-nosoa
case_check "ns3's NODATA without SOA, unsigned zone: a warning" 0 ok nocaa.doctor.test \
	"warning/ns_nodata_without_soa/R-DNSSEC-12 warning/reserved_address/R-HTTP-7 info/caa_permitted/R-CAA-1 info/single_vantage_point/-" \
	"$(names_ns3 ns_nodata_without_soa)"
NS3="ns3.sdoctor.test. (127.0.0.3:$P)"
case_check "ns3's NODATA without SOA, signed zone: an error" 1 will_fail nocaa.sdoctor.test \
	"error/ns_nodata_without_soa/R-DNSSEC-12 warning/reserved_address/R-HTTP-7 info/caa_permitted/R-CAA-1 info/single_vantage_point/-" \
	"$(names_ns3 ns_nodata_without_soa)" "'the zone is signed' in causes(j, 'ns_nodata_without_soa')"
NS3="ns3.doctor.test. (127.0.0.3:$P)"
case_check "ns3's NODATA without SOA: a name with CAA records is not a NODATA" 0 ok www.doctor.test "$WWW"

# ---- a zone whose every server fails: down.test., delegated by test. to
# ns1.down.test. (127.0.0.4) and ns2.down.test. (127.0.0.5). Unbound gets
# no SOA at or below down.test.; the doctor asks test.'s server (Knot) for
# the name without recursion, reads the referral and its glue, and probes
# the two servers it names (on port P).
DOWN1="ns1.down.test. (127.0.0.4:$P)"
DOWN2="ns2.down.test. (127.0.0.5:$P)"
# (every query about the zone waits for its timeout: a shorter one keeps
# these cases short; --trace goes to stderr, read after the first case)
DOCTOR_SAVED=("${DOCTOR[@]}")
DOCTOR=(--resolver "127.0.0.1:$U" --ns-port "$P" --timeout 400 --repeat 1 --trace)
DOWN_FINDINGS="error/caa_lookup_failed/R-CAA-4 info/single_vantage_point/- warning/no_address/R-HTTP-1"
case_check "every server of the zone down: the referral's servers are probed, not the parent's" \
	1 will_fail www.down.test "error/ns_unreachable/R-CAA-6 error/ns_unreachable/R-CAA-6 $DOWN_FINDINGS" \
	"sorted(t.split(' does')[0] for t in titles(j, 'ns_unreachable')) == ['Nameserver $DOWN1', 'Nameserver $DOWN2']" \
	"'in the NS set of down.test.' in causes(j, 'ns_unreachable')"
if grep -qF "[R-CAA-6] the resolver gave no SOA below test.: its servers referred to zone down.test." "$WORK/err"; then
	ok "--trace says the zone was found through test.'s referral"
else
	not_ok "--trace does not say how down.test. was found"
	sed 's/^/# /' "$WORK/err" | head -20
fi
start_zone_faultdns DOWN1_PID 127.0.0.4 down1 --fault refused || true
case_check "one server of the zone refuses, the other is down: lame and unreachable" \
	1 will_fail www.down.test "error/ns_lame/R-CAA-6 error/ns_unreachable/R-CAA-6 $DOWN_FINDINGS" \
	"'$DOWN1' in titles(j, 'ns_lame')[0]" "'$DOWN2' in titles(j, 'ns_unreachable')[0]"
stop_pid "$DOWN1_PID"
DOWN1_PID=
DOCTOR=("${DOCTOR_SAVED[@]}")

# one address of a nameserver: ns1's IPv6 address refuses, its IPv4 (Knot) answers
ns3 --fault healthy
stop_pid "$NS1V6_PID"
start_zone_faultdns NS1V6_PID ::1 ns1v6-refused --fault refused || true
case_check "ns1's IPv6 address is lame, its IPv4 address fine: the finding names [::1]" \
	1 will_fail www.doctor.test "error/ns_lame/R-CAA-6 $WWW" \
	"len(titles(j, 'ns_lame')) == 1 and 'ns1.doctor.test. ([::1]:$P)' in titles(j, 'ns_lame')[0]"
stop_pid "$NS1V6_PID"
start_zone_faultdns NS1V6_PID ::1 ns1v6-healthy || true

# ---- the human report: the same findings as --json, in this layout:
#   NAME: SUMMARY                      (the name without its final dot)
#   <blank>
#   [severity] title (code, rule)      ("(code)" without a rule)
#     cause: ...
#     fix:   ...                       (when there is a fix)
# errors first, then warnings, then infos; then, after a blank line, one
# "Let's Encrypt would say: ..." line per le_text.

cat >"$WORK/checktext.py" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read()
summary = {"ok": "nothing found would stop Let's Encrypt from issuing",
           "will_fail": "Let's Encrypt will refuse to issue",
           "unknown": "cannot tell whether Let's Encrypt will issue"}
want = ["%s: %s" % (j["domain"].rstrip("."), summary[j["verdict"]])]
for f in j["findings"]:
    want += ["", "[%s] %s (%s%s)" % (f["severity"], f["title"], f["code"],
                                     ", " + f["rule"] if f["rule"] else "")]
    if f["cause"]:
        want.append("  cause: " + f["cause"])
    if f["fix"]:
        want.append("  fix:   " + f["fix"])
for i, t in enumerate(j["le_text"]):
    want += ([""] if i == 0 else []) + ["Let's Encrypt would say: " + t]
got = text.split("\n")
if got[-1] == "":
    got.pop()
if got != want:
    for i in range(max(len(got), len(want))):
        g = got[i] if i < len(got) else "<none>"
        w = want[i] if i < len(want) else "<none>"
        if g != w:
            print("line %d: want %r" % (i + 1, w))
            print("line %d: got  %r" % (i + 1, g))
            break
    sys.exit(1)
EOF
# text_check DESC EXIT NAME: the text report of NAME is the JSON's findings
# in the layout above, with the same exit status
text_check() {
	local desc=$1 want=$2 name=$3
	run check "$name" "${DOCTOR[@]}" --json
	cp "$WORK/out" "$WORK/out.json"
	local rc_json=$RC
	run check "$name" "${DOCTOR[@]}"
	[ "$RC" = "$rc_json" ] || why "exit $RC without --json, $rc_json with it"
	$PY "$WORK/checktext.py" "$WORK/out.json" "$WORK/out" >>"$WORK/why" 2>&1 || true
	[ ! -s "$WORK/err" ] || why "stderr is not empty"
	[ ! -s "$WORK/why" ] || why "the --json run's stdout: $(head -c 2000 "$WORK/out.json")"
	expect "$desc" "$want"
}
# first_line_is DESC LINE...: these lines are in the last report, as written
lines_are() {
	local desc=$1 l missing=
	shift
	for l in "$@"; do
		grep -qxF -- "$l" "$WORK/out" || missing="$missing [$l]"
	done
	if [ -z "$missing" ]; then
		ok "$desc"
	else
		not_ok "$desc: missing$missing"
		sed 's/^/#   /' "$WORK/out"
	fi
}
ns3 --fault drop-unknown
text_check "text report: an error, a warning, two infos, in that order" 1 www.doctor.test
lines_are "text report: the summary line and the finding lines as written" \
	"www.doctor.test: Let's Encrypt will refuse to issue" \
	"[error] Nameserver $NS3 drops CAA queries (ns_drops_unknown_types, R-CAA-5)" \
	"[warning] www.doctor.test. has a reserved address: 192.0.2.10 (reserved_address, R-HTTP-7)" \
	"[info] Checked from one place only (single_vantage_point)"
ns3 --fault healthy
text_check "text report: verdict ok" 0 www.doctor.test
lines_are "text report: 'nothing found would stop Let's Encrypt from issuing'" \
	"www.doctor.test: nothing found would stop Let's Encrypt from issuing"
text_check "text report: cannot tell" 2 loop-a.doctor.test
lines_are "text report: 'cannot tell'" "loop-a.doctor.test: cannot tell whether Let's Encrypt will issue"

# ---- wildcard requests: *.NAME checks NAME's CAA as a wildcard request

run check '*.www.doctor.test' "${DOCTOR[@]}" --json
expect "a wildcard request permitted by an issue record" 0 \
	"j['verdict'] == 'ok'" "'info/caa_permitted/R-CAA-11' in codes(j)"
run check '*.deny.doctor.test' "${DOCTOR[@]}" --json
expect "a wildcard request forbidden by issue \";\"" 1 \
	"j['verdict'] == 'will_fail'" "'error/caa_forbidden/R-CAA-11' in codes(j)"

# ---- --method and --account-uri: CAA judged against each challenge
# (R-CAA-12, RFC 8657), wildcards offered dns-01 only (R-DNS01-5)

ACCT=https://acme-v02.api.letsencrypt.org/acme/acct/8657
# case_method DESC EXIT VERDICT NAME "SEV/CODE/RULE..." ARGS... [-- ASSERTION...]
case_method() {
	local desc=$1 want=$2 verdict=$3 name=$4 findings=$5 args=()
	shift 5
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		args+=("$1")
		shift
	done
	[ $# -eq 0 ] || shift
	run check "$name" "${DOCTOR[@]}" "${args[@]}" --json
	# shellcheck disable=SC2086 # (pylist takes the words of $findings)
	expect "$desc" "$want" "j['verdict'] == '$verdict'" \
		"codes(j) == sorted($(pylist $findings))" "well_formed(j)" "$@"
}
RES="warning/reserved_address/R-HTTP-7 info/single_vantage_point/-"
case_method "validationmethods=dns-01, no --method: forbidden as caa decides it" 1 will_fail \
	dnsonly.doctor.test "error/caa_forbidden/R-CAA-12 $RES"
case_method "validationmethods=dns-01, --method http-01: the method refused, dns-01 named" 1 \
	will_fail dnsonly.doctor.test "error/caa_method_not_allowed/R-CAA-12 $RES" --method http-01 -- \
	"field(j, 'caa_method_not_allowed', 'fix') == ['Validate with dns-01, which the CAA records allow, or add http-01 to the validationmethods of the letsencrypt.org record.']"
case_method "validationmethods=dns-01, --method dns-01: permitted" 0 ok \
	dnsonly.doctor.test "info/caa_permitted/R-CAA-11 $RES" --method dns-01
case_method "validationmethods=dns-01, --method http-01 --method dns-01: a verdict for each" 1 \
	will_fail dnsonly.doctor.test \
	"error/caa_method_not_allowed/R-CAA-12 info/caa_permitted/R-CAA-11 $RES" \
	--method http-01 --method=dns-01 -- \
	"titles(j, 'caa_method_not_allowed') == ['CAA does not let letsencrypt.org validate with http-01']" \
	"titles(j, 'caa_permitted') == ['CAA lets letsencrypt.org issue with dns-01']"
case_method "accounturi, --account-uri of another account: refused" 1 will_fail \
	acct.doctor.test "error/caa_account_not_allowed/R-CAA-12 $RES" \
	--method dns-01 --account-uri "${ACCT%8657}1"
case_method "accounturi, --account-uri of that account: permitted" 0 ok \
	acct.doctor.test "info/caa_permitted/R-CAA-11 $RES" --account-uri "$ACCT"
case_method "a wildcard and --method http-01: not offered (R-DNS01-5)" 1 will_fail \
	'*.www.doctor.test' "error/method_not_offered/R-DNS01-5 info/caa_permitted/R-CAA-11 $RES" \
	--method http-01 --method dns-01
case_method "a wildcard and --method dns-01: fine" 0 ok \
	'*.www.doctor.test' "info/caa_permitted/R-CAA-11 $RES" --method dns-01

# ---- fleet mode: --file, JSON Lines, the summary on stderr, exit = the worst

printf '%s\n' "# a comment, then a blank line" "" www.doctor.test deny.doctor.test \
	"   nocaa.doctor.test" a..b loop-a.doctor.test >"$WORK/names.txt"
run check --file "$WORK/names.txt" "${DOCTOR[@]}"
# shellcheck disable=SC2086 # (pylist takes the words of $WWW)
expect "--file: one JSON line per name, in order, exit 2 (the worst)" 2 --lines \
	"[o['domain'] for o in j] == ['www.doctor.test.', 'deny.doctor.test.', 'nocaa.doctor.test.', 'a..b', 'loop-a.doctor.test.']" \
	"[o['verdict'] for o in j] == ['ok', 'will_fail', 'ok', 'unknown', 'unknown']" \
	"codes(j[0]) == sorted($(pylist $WWW))" \
	"codes(j[1]) == sorted(['error/caa_forbidden/R-CAA-11', 'warning/reserved_address/R-HTTP-7', 'info/single_vantage_point/-'])" \
	"j[3]['findings'] == []" \
	"codes(j[4]) == sorted(['error/caa_lookup_failed/R-CAA-4', 'warning/no_address/R-HTTP-1', 'info/single_vantage_point/-'])" \
	"all(well_formed(o) for o in j)"
printf '%s\n' \
	"acmeprobe check: deny.doctor.test.: will_fail" \
	"acmeprobe check: a..b: not a domain name" \
	"acmeprobe check: loop-a.doctor.test.: unknown" \
	"acmeprobe check: 5 name(s), 3 would sink a certificate order that includes them" \
	>"$WORK/want-err"
if diff "$WORK/want-err" "$WORK/err" >"$WORK/diff"; then
	ok "--file: stderr names each failing name, then the summary line"
else
	not_ok "--file: stderr names each failing name, then the summary line"
	sed 's/^/#   /' "$WORK/diff"
fi
printf '%s\n' www.doctor.test deny.doctor.test >"$WORK/names2.txt"
STDIN=$WORK/names2.txt
run check --file - "${DOCTOR[@]}" --json
STDIN=/dev/null
expect "--file - (stdin): a forbidden name makes exit 1" 1 --lines \
	"[o['verdict'] for o in j] == ['ok', 'will_fail']"
if [ "$(tail -n 1 "$WORK/err")" = "acmeprobe check: 2 name(s), 1 would sink a certificate order that includes them" ]; then
	ok "--file -: the summary line"
else
	not_ok "--file -: the summary line (got: $(tail -n 1 "$WORK/err"))"
fi
printf '%s\n' www.doctor.test nocaa.doctor.test big.doctor.test >"$WORK/names3.txt"
run check --file "$WORK/names3.txt" "${DOCTOR[@]}"
expect "--file: every name fine: exit 0" 0 --lines \
	"[o['verdict'] for o in j] == ['ok', 'ok', 'ok']"
if [ "$(cat "$WORK/err")" = "acmeprobe check: 3 name(s), 0 would sink a certificate order that includes them" ]; then
	ok "--file: only the summary line when nothing fails"
else
	not_ok "--file: only the summary line when nothing fails (got: $(head -c 300 "$WORK/err"))"
fi
ns3 --fault drop-caa
printf '%s\n' www.doctor.test nocaa.doctor.test >"$WORK/names4.txt"
run check --file "$WORK/names4.txt" "${DOCTOR[@]}"
expect "--file with ns3 dropping CAA: every name will_fail, each finding names ns3" 1 --lines \
	"[o['verdict'] for o in j] == ['will_fail', 'will_fail']" \
	"all(len(titles(o, 'ns_drops_caa')) == 1 and '$NS3' in titles(o, 'ns_drops_caa')[0] for o in j)"

# ---- an IP address identifier (R-IP-1, R-IP-2, R-IP-4, R-IP-5): no CAA, no
# nameserver, no address lookup, so no DNS at all: the resolver is a port
# where nothing listens (a lookup would fail and add a finding). HTTP-01 at
# an address is in test_http01.sh, which has the web servers.

IP_FINDINGS="info/caa_not_applicable/R-IP-4 error/ip_reserved/R-IP-2 info/ip_profile/R-IP-5 info/single_vantage_point/-"
run check 127.0.0.1 --resolver 127.0.0.1:9 --timeout 300 --json
# shellcheck disable=SC2086 # (pylist takes the words of $IP_FINDINGS)
expect "check 127.0.0.1: what applies to an IP address, refused as reserved (R-IP-2)" 1 \
	"j['domain'] == '127.0.0.1'" "j['verdict'] == 'will_fail'" \
	"codes(j) == sorted($(pylist $IP_FINDINGS))" "well_formed(j)" \
	"'Cannot issue for \"127.0.0.1\": IP address is in a reserved address block: [RFC1122], Section 3.2.1.3: Loopback' in causes(j, 'ip_reserved')" \
	"'Let\\'s Encrypt checks none for an IP address' in causes(j, 'caa_not_applicable')"
max_ms 1000
run check 127.0.0.1 --method dns-01 --method http-01 --resolver 127.0.0.1:9 --timeout 300 --json
# shellcheck disable=SC2086 # (pylist takes the words of $IP_FINDINGS)
expect "check 127.0.0.1 --method dns-01: no DNS challenge for an address (R-IP-3)" 1 \
	"codes(j) == sorted($(pylist $IP_FINDINGS) + ['error/method_not_offered/R-IP-3'])" \
	"field(j, 'method_not_offered', 'fix') == ['Validate with http-01 or tls-alpn-01.']"
run check ::1 --resolver 127.0.0.1:9 --timeout 300 --trace
lines_are "check ::1 (text): the findings of an IP address" \
	"::1: Let's Encrypt will refuse to issue" \
	"[error] Let's Encrypt refuses to issue for ::1: a reserved address (ip_reserved, R-IP-2)" \
	"[info] CAA does not apply to an IP address (caa_not_applicable, R-IP-4)" \
	"[info] Only the \"shortlived\" profile allows IP addresses (ip_profile, R-IP-5)"
if [ "$RC" = 1 ] && [ "$(cat "$WORK/err")" = "[R-IP-4] ::1 is an IP address identifier: no CAA, no nameserver, no address lookup" ]; then
	ok "check ::1 --trace: the one R-IP-4 line, no lookup, exit 1"
else
	not_ok "check ::1 --trace: exit $RC"
	sed 's/^/# /' "$WORK/err"
fi
ns3 --fault healthy
printf '%s\n' 127.0.0.1 ::0001 www.doctor.test >"$WORK/names-ip.txt"
run check --file "$WORK/names-ip.txt" "${DOCTOR[@]}"
# shellcheck disable=SC2086 # (pylist takes the words)
expect "--file with an address and a non-canonical one: JSON Lines, exit 2 (the unreadable line)" 2 --lines \
	"[o['domain'] for o in j] == ['127.0.0.1', '::0001', 'www.doctor.test.']" \
	"[o['verdict'] for o in j] == ['will_fail', 'unknown', 'ok']" \
	"codes(j[0]) == sorted($(pylist $IP_FINDINGS))" "j[1]['findings'] == []" \
	"codes(j[2]) == sorted($(pylist $WWW))"
printf '%s\n' \
	"acmeprobe check: 127.0.0.1: will_fail" \
	"acmeprobe check: ::0001: not an IP address in canonical form (R-IP-1)" \
	"acmeprobe check: 3 name(s), 2 would sink a certificate order that includes them" \
	>"$WORK/want-err"
if diff "$WORK/want-err" "$WORK/err" >"$WORK/diff"; then
	ok "--file: an address is named as given, a non-canonical one says so"
else
	not_ok "--file: the stderr lines for addresses"
	sed 's/^/#   /' "$WORK/diff"
fi
for bad in ::0001 "[::1]" 127.0.0.01 ::1%lo 192.0.2.1:80; do
	run check "$bad" --resolver 127.0.0.1:9
	[ ! -s "$WORK/out" ] || why "stdout is not empty"
	grep -qF "Let's Encrypt refuses the order: Cannot issue for \"$bad\": IP address is invalid" "$WORK/err" ||
		why "no 'IP address is invalid' on stderr"
	expect "check $bad: exit 64, not in canonical form (R-IP-1)" 64
done

# ---- usage errors: exit 64, a message on stderr, nothing on stdout

LONG=$(printf 'a%.0s' $(seq 64))
usage_check() { # usage_check DESC ARGS...
	local desc=$1
	shift
	run check "$@"
	[ ! -s "$WORK/out" ] || why "stdout is not empty"
	[ -s "$WORK/err" ] || why "no message on stderr"
	expect "usage error: $desc" 64
}
usage_check "no DOMAIN" "${DOCTOR[@]}"
usage_check "two DOMAINs" www.doctor.test deny.doctor.test "${DOCTOR[@]}"
usage_check "a..b" a..b "${DOCTOR[@]}"
usage_check "a 64-octet label" "$LONG.doctor.test" "${DOCTOR[@]}"
usage_check "--file with a DOMAIN" www.doctor.test --file "$WORK/names3.txt" "${DOCTOR[@]}"
usage_check "--file that does not exist" --file "$WORK/no-such-file" "${DOCTOR[@]}"
usage_check "--ns-port 0" www.doctor.test --resolver "127.0.0.1:$U" --ns-port 0
usage_check "--ns-port 65536" www.doctor.test --resolver "127.0.0.1:$U" --ns-port 65536
usage_check "--ns-port abc" www.doctor.test --resolver "127.0.0.1:$U" --ns-port abc
usage_check "--ns-port -1" www.doctor.test --resolver "127.0.0.1:$U" --ns-port -1
usage_check "--ns-port without a value" www.doctor.test --resolver "127.0.0.1:$U" --ns-port
usage_check "--key-authorization without --token" www.doctor.test --key-authorization x "${DOCTOR[@]}"
usage_check "an unknown option" www.doctor.test --bogus "${DOCTOR[@]}"
run check www.doctor.test --method http-01 --method http-02 "${DOCTOR[@]}"
[ ! -s "$WORK/out" ] || why "stdout is not empty"
grep -qF "acmeprobe check: --method is http-01, dns-01, tls-alpn-01, dns-account-01 or dns-persist-01, not 'http-02'" "$WORK/err" ||
	why "not the sentence: $(head -c 300 "$WORK/err")"
expect "usage error: --method http-02, in one sentence" 64
usage_check "--token with --method dns-01 only" www.doctor.test --token t --method dns-01 "${DOCTOR[@]}"
usage_check "--resolver 999.1.1.1" www.doctor.test --resolver 999.1.1.1
run check --help
[ ! -s "$WORK/err" ] || why "stderr is not empty"
grep -q "^usage: acmeprobe check DOMAIN" "$WORK/out" || why "no usage line"
expect "--help: the usage on stdout, exit 0" 0

finish
