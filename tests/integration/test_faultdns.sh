#!/usr/bin/env bash
# The fault injector's intermittent faults (tests/support/faultdns.py
# --drop-every, --drop-fraction), checked with the independent client
# tests/support/dnsq.py, query by query, in both of its modes:
#  - --drop-every 3 --drop-type CAA: of 9 CAA queries exactly the 3rd, 6th
#    and 9th go unanswered (3 of 9), A queries are all answered, UDP and TCP
#    count together, and the exit summary says seen=9 dropped=3;
#  - --drop-fraction F --drop-seed S: the same seed drops the same queries
#    on two runs, the count is the one random.Random(S * 65536 + TYPE)
#    gives (the formula faultdns documents), another seed differs;
#  - --view SRC=FAULT: the fault of a query depends on its source address
#    (kdig -b), as a server that answers some networks and not others;
#  - bad values and combinations exit 64.
# These are the beds for check --repeat (R-TRANSIENT-1): a server that
# fails 1 query of 3 must be told from one that fails them all.
#
# Output: one "ok - ..." or "not ok - ..." line per check, "# ..." details,
# last "N passed, M failed"; exit 1 on failure. Loopback only (127.0.0.1).
# About 6 s.
set -euo pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
work_dir test-faultdns
DNSQ=tests/support/dnsq.py
ZONEFILE=tests/fixtures/zones/doctor.test.zone

# ask TAG N TYPE [--tcp]: N queries, one after the other, to faultdns TAG
# (its port in PORT_TAG); prints one letter per query: A answered, D not.
ask() {
	local port=$1 n=$2 type=$3 i
	shift 3
	for i in $(seq "$n"); do
		if $PY "$DNSQ" --timeout 0.3 "$@" 127.0.0.1 "$port" www.doctor.test "$type" \
			"$WORK/q.bin" >/dev/null 2>&1; then
			printf A
		else
			printf D
		fi
	done
}

# want DESC GOT WANT
want() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1: want $3, got $2"
	fi
}

# ---- every Nth, per type, zone mode ----------------------------------------

if ! start_faultdns every --zone "doctor.test=$ZONEFILE" --drop-every 3 --drop-type CAA; then
	not_ok "faultdns --drop-every 3 does not start"
	diag "$WORK/every.log"
	finish
fi
P=$PORT
want "--drop-every 3 --drop-type CAA: 9 CAA queries over UDP, the 3rd, 6th and 9th unanswered" \
	"$(ask "$P" 9 CAA)" AADAADAAD
want "A queries are not counted: 4 of 4 answered" "$(ask "$P" 4 A)" AAAA
# TCP counts with UDP: queries 10 and 11 over TCP, then 12 over UDP
want "TCP and UDP counted together: the 12th CAA query (UDP) is dropped after two over TCP" \
	"$(ask "$P" 2 CAA --tcp)$(ask "$P" 1 CAA)" AAD
want "the log names each dropped query with its number" \
	"$(grep -c 'intermittent drop transport=udp name=www.doctor.test. type=CAA k=[369]$' "$WORK/every.log")" 3
stop_pid "${PIDS[-1]}"
want "the exit summary: seen=12 dropped=4 for CAA, nothing for A" \
	"$(grep 'intermittent type=' "$WORK/every.log" | sed 's/^faultdns: //')" \
	"intermittent type=CAA seen=12 dropped=4"

# only one transport counted
start_faultdns udponly --zone "doctor.test=$ZONEFILE" --drop-every 2 --drop-type CAA --drop-transport udp ||
	not_ok "faultdns --drop-transport udp does not start"
want "--drop-transport udp: 3 TCP CAA queries answered and not counted, then every 2nd over UDP" \
	"$(ask "$PORT" 3 CAA --tcp)$(ask "$PORT" 4 CAA)" AAAADAD
stop_pid "${PIDS[-1]}"

# ---- every query of every type (N = 1), normal mode ------------------------

start_faultdns all --mode ok-all --drop-every 1 || not_ok "faultdns --drop-every 1 does not start"
want "--drop-every 1 without --drop-type: every query of every type unanswered" \
	"$(ask "$PORT" 2 A)$(ask "$PORT" 2 TXT)" DDDD

# ---- a random fraction with a fixed seed -------------------------------------

# What faultdns documents: random.Random(S * 65536 + TYPE).random() < F,
# one draw per query of that type in arrival order (A is type 1).
expected() {
	$PY -c 'import random, sys
s, f, n = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
r = random.Random(s * 65536 + 1)
print("".join("D" if r.random() < f else "A" for _ in range(n)))' "$@"
}
runs=()
for seed in 42 42 43; do
	start_faultdns "frac$seed-${#runs[@]}" --mode ok-all --drop-fraction 0.3 --drop-seed "$seed" --drop-type A ||
		not_ok "faultdns --drop-fraction does not start"
	runs+=("$(ask "$PORT" 12 A)")
	stop_pid "${PIDS[-1]}"
done
want "--drop-fraction 0.3 --drop-seed 42: the drops of 12 A queries are those the documented generator gives" \
	"${runs[0]}" "$(expected 42 0.3 12)"
want "the same seed, another run: the same queries dropped" "${runs[1]}" "${runs[0]}"
want "seed 43: the drops its generator gives" "${runs[2]}" "$(expected 43 0.3 12)"
if [ "${runs[2]}" != "${runs[0]}" ]; then
	ok "seeds 42 and 43 drop different queries (${runs[0]} / ${runs[2]})"
else
	not_ok "seeds 42 and 43 drop the same queries"
fi
d=${runs[0]//A/}
want "seed 42, 12 queries: exactly ${#d} dropped, as many drop lines in the log" \
	"$(grep -c 'intermittent drop' "$WORK/frac42-0.log")" "${#d}"

# ---- views: the fault depends on the query's source address -----------------

start_faultdns view --zone "doctor.test=$ZONEFILE" --view 127.0.0.5=servfail-caa \
	--view 127.0.0.6=drop-caa,noaa || not_ok "faultdns --view does not start"
status_from() { # status_from SRC TYPE: the RCODE kdig gets from SRC, or "none"
	local st
	st=$(kdig @127.0.0.1 -p "$PORT" -b "$1" +timeout=1 +retry=0 www.doctor.test "$2" 2>/dev/null |
		sed -n 's/.*status: \([A-Z]*\).*/\1/p')
	echo "${st:-none}"
}
want "--view: from 127.0.0.1 (no view) CAA answers NOERROR" "$(status_from 127.0.0.1 CAA)" NOERROR
want "--view: from 127.0.0.5 CAA gets SERVFAIL (servfail-caa), A still NOERROR" \
	"$(status_from 127.0.0.5 CAA)/$(status_from 127.0.0.5 A)" SERVFAIL/NOERROR
want "--view: from 127.0.0.6 CAA gets no answer (drop-caa)" "$(status_from 127.0.0.6 CAA)" none
want "the query log names the view" \
	"$(grep -c 'behaviour=zone:servfail-caa(view 127.0.0.5)' "$WORK/view.log")/$(grep -c 'behaviour=zone:drop-caa,noaa(view 127.0.0.6)' "$WORK/view.log")" 2/1
stop_pid "${PIDS[-1]}"

# ---- usage errors ------------------------------------------------------------

for bad in "--drop-every 0" "--drop-every x" "--drop-fraction 0" "--drop-fraction 1.5" \
	"--drop-every 2 --drop-fraction 0.5" "--drop-seed 3" "--drop-type CAA" \
	"--drop-every 2 --drop-type NOSUCH" "--drop-every 2 --drop-seed 3" \
	"--drop-transport udp" "--drop-every 2 --drop-transport sctp" \
	"--view 127.0.0.5=servfail-caa"; do
	rc=0
	# shellcheck disable=SC2086
	$PY "$FAULTDNS" --mode ok-all $bad --lifetime 1 >/dev/null 2>"$WORK/usage.err" || rc=$?
	want "faultdns $bad: exit 64" "$rc" 64
done

# zone mode: a --view with an address outside loopback, a fault no view
# can have, no fault at all
for bad in 192.0.2.1=drop-caa 127.0.0.5=no-caa 127.0.0.5; do
	rc=0
	$PY "$FAULTDNS" --zone "doctor.test=$ZONEFILE" --view "$bad" --lifetime 1 >/dev/null \
		2>"$WORK/usage.err" || rc=$?
	want "faultdns --zone ... --view $bad: exit 64, naming --view" \
		"$rc/$(grep -c "bad value for --view: '$bad'" "$WORK/usage.err")" 64/1
done

check_elapsed 30
finish
