#!/usr/bin/env bash
# `acmeprobe check --file` as a fleet: every name gets exactly one line,
# in input order, and SIGINT loses nothing that is done and duplicates
# nothing (src/cli/fleet.c).
#
# The bed: tests/support/faultdns.py --zone on 127.0.0.31 serving test.
# and fleet.test. (N names n000.fleet.test ... generated here), asked both
# as the resolver and as the zone's only nameserver; it drops a seeded 30%
# of the CAA queries (--drop-fraction), so that some names take a timeout
# and others do not, and the children finish out of order.
#
#  1. a whole run: N lines, the names in input order, each once, every
#     line a JSON object, the summary on stderr;
#  2. one SIGINT mid-run: exit 130, the lines are the first K names of the
#     input (0 < K < N) in order, each once, the names in flight finished
#     first; stderr says so;
#  3. two SIGINTs: the children in flight are stopped; again exit 130 and
#     the lines a prefix of the input, each once;
#  4. a child killed (by its pid, from pgrep -P): its name still gets a
#     line, verdict unknown, and the run the worst exit status, 2.
#
# Prints one "ok - ..." / "not ok - ..." line per check, "# ..." details,
# last "N passed, M failed"; exit 1 on failure. Loopback only (127.0.0.31).
# About 20 s.
set -euo pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
work_dir test-check-fleet
copy_binary
N=150

# the zones: test. (the TLD of the walk) and fleet.test. with N names
cat >"$WORK/test.zone" <<'EOF'
$TTL 60
@ SOA ns1.fleet.test. hostmaster.fleet.test. 1 3600 900 604800 60
@ NS ns1.fleet.test.
EOF
{
	# shellcheck disable=SC2016 # (a zone file's $TTL, not a variable)
	echo '$TTL 60'
	echo '@ SOA ns1 hostmaster 2026120101 3600 900 604800 60'
	echo '@ NS ns1'
	echo 'ns1 A 127.0.0.31'
	for i in $(seq 0 $((N - 1))); do
		printf 'n%03d CAA 0 issue "letsencrypt.org"\nn%03d A 192.0.2.%d\n' "$i" "$i" $((i % 250 + 1))
	done
} >"$WORK/fleet.zone"
seq 0 $((N - 1)) | while read -r i; do printf 'n%03d.fleet.test\n' "$i"; done >"$WORK/names.txt"

if ! start_faultdns ns1 --addr 127.0.0.31 --zone "test.=$WORK/test.zone" \
	--zone "fleet.test.=$WORK/fleet.zone" --drop-fraction 0.3 --drop-seed 7 --drop-type CAA; then
	not_ok "faultdns on 127.0.0.31 does not start"
	diag "$WORK/ns1.log"
	finish
fi
CHECK=(check --file "$WORK/names.txt" --resolver "127.0.0.31:$PORT" --ns-port "$PORT"
	--timeout 300 --repeat 1 --concurrency 16)

# lines_ok OUT: every line one JSON object; prints the domains, one a line
domains() {
	$PY - "$1" <<'EOF'
import json, sys
for line in open(sys.argv[1]):
    o = json.loads(line)
    assert isinstance(o, dict) and isinstance(o["findings"], list), line
    print(o["domain"].rstrip("."))
EOF
}
# prefix_of_input OUT: the domains of OUT are the first K input names in
# order, each once; prints K
prefix_of_input() {
	local k
	domains "$1" >"$WORK/got.txt" || return 1
	k=$(wc -l <"$WORK/got.txt")
	head -n "$k" "$WORK/names.txt" | cmp -s - "$WORK/got.txt" || return 1
	[ "$(sort "$WORK/got.txt" | uniq -d | wc -l)" = 0 ] || return 1
	echo "$k"
}

# ---- 1. a whole run ----------------------------------------------------------

RUN_TIMEOUT=60 # read by lib.sh's run
run "${CHECK[@]}"
if k=$(prefix_of_input "$WORK/out") && [ "$k" = "$N" ]; then
	ok "a whole run: $N lines, one per name, in input order, each once, every line JSON"
else
	not_ok "a whole run: the lines are not the $N names in order (got ${k:-unreadable JSON})"
	show_failure
fi
if tail -1 "$WORK/err" | grep -qx "acmeprobe check: $N name(s), [0-9]* would sink a certificate order that includes them"; then
	ok "a whole run: the summary on stderr"
else
	not_ok "a whole run: no summary"
	show_failure
fi
drops=$(grep -c 'intermittent drop' "$WORK/ns1.log" || true)
if [ "$drops" -gt 0 ]; then
	ok "faultdns dropped $drops CAA queries: some names waited, others did not"
else
	not_ok "faultdns dropped no CAA query: the children did not finish out of order"
fi

# ---- 2. and 3. SIGINT -------------------------------------------------------

# interrupt COUNT: a run in the background, COUNT SIGINTs after 1.5 s
interrupt() {
	local count=$1 pid rc=0 i
	"$ACMEPROBE" "${CHECK[@]}" >"$WORK/out" 2>"$WORK/err" &
	pid=$!
	sleep 1.5
	for i in $(seq "$count"); do
		kill -INT "$pid" 2>/dev/null || true
		sleep 0.1
	done
	wait "$pid" || rc=$?
	RC=$rc
}
interrupt 1
if k=$(prefix_of_input "$WORK/out") && [ "$k" -gt 0 ] && [ "$k" -lt "$N" ] && [ "$RC" = 130 ]; then
	ok "one SIGINT: exit 130, the first $k of $N names, in order, each once"
else
	not_ok "one SIGINT: exit $RC, lines ${k:-not a prefix of the input}"
	show_failure
fi
if grep -qx "acmeprobe check: interrupted: the first $k name(s) are checked and printed, the rest were not started" "$WORK/err"; then
	ok "one SIGINT: stderr says how many names were checked"
else
	not_ok "one SIGINT: stderr"
	show_failure
fi
interrupt 2
if k=$(prefix_of_input "$WORK/out") && [ "$k" -lt "$N" ] && [ "$RC" = 130 ] &&
	grep -q "^acmeprobe check: interrupted: the first $k name(s) are checked and printed, the rest were stopped or not started$" "$WORK/err"; then
	ok "two SIGINTs: exit 130, the children in flight stopped, the first $k names printed, in order, each once"
else
	not_ok "two SIGINTs: exit $RC, lines ${k:-not a prefix of the input}"
	show_failure
fi

# ---- 4. a child killed: its name still gets its line -----------------------

"$ACMEPROBE" "${CHECK[@]}" >"$WORK/out" 2>"$WORK/err" &
pid=$!
victim=
for _ in $(seq 50); do
	victim=$(pgrep -P "$pid" | head -1 || true)
	[ -n "$victim" ] && break
	sleep 0.05
done
[ -z "$victim" ] || kill -KILL "$victim" 2>/dev/null || true
RC=0
wait "$pid" || RC=$?
lost=$($PY -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l).get("error") == "the check ended before its report (exit status 2)"))' "$WORK/out" 2>/dev/null || echo none)
if [ -n "$victim" ] && k=$(prefix_of_input "$WORK/out") && [ "$k" = "$N" ] && [ "$lost" = 1 ] &&
	[ "$RC" = 2 ]; then
	ok "a child killed (pid $victim): still $N lines in order, its own written for it (verdict unknown), exit 2"
else
	not_ok "a child killed: exit $RC, lines ${k:-?}, lost lines $lost"
	show_failure
fi

check_elapsed 60
finish
