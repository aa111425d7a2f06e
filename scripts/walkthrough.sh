#!/usr/bin/env bash
# scripts/walkthrough.sh: the outputs shown in docs/walkthrough.md, made
# again from the integration tests' servers.
#
# Usage: scripts/walkthrough.sh --check   (the default) exit 1 with a diff
#                                         when a block of docs/walkthrough.md
#                                         differs from what acmeprobe prints
#                                         now; one "ok - " / "not ok - " line
#                                         per block
#        scripts/walkthrough.sh --write   rewrite the blocks between
#                                         <!-- BEGIN OUTPUT: ID --> and
#                                         <!-- END OUTPUT --> in place
#        scripts/walkthrough.sh --print   print the blocks on stdout
#
# The test bed, in two network namespaces of its own (as
# tests/integration/test_http01.sh builds them; nothing outside them ever
# sees a packet), deleted by the exit trap with every process started here:
#
#   acmeprobe-wc-PID  the client side, where acmeprobe runs:
#     - Knot + Unbound of tests/support/servers.sh (started with it), zones
#       http01.test. and caa.test. of tests/fixtures/zones/: scenarios a-d
#     - the nameservers of tests/integration/test_check.sh, on port 53 (the
#       namespace is ours, so the default port needs no --ns-port): Knot on
#       127.0.0.1 (ns1, also test. with the delegation), faultdns.py --zone
#       on ::1 (ns1's IPv6 address) and 127.0.0.2 (ns2), both healthy, and
#       on 127.0.0.3 (ns3) with the scenario's fault; a recursive Unbound on
#       127.0.0.53 with stub zones pointing at Knot: scenarios e and f
#     - the DNSSEC bed of tests/support/dnssec-bed.sh (Knot and NSD on
#       127.0.53.1-5, three Unbounds on 127.0.0.1, its ports from 53570):
#       scenario g, the bad_denial zone
#   acmeprobe-ws-PID  the web servers (tests/support/http01_server.py):
#       2001:db8:1::10 and 192.0.2.10 serve the challenge, 2001:db8:1::13
#       serves the wrong body; nft drops every SYN to 2001:db8:1::11
#
# Each command's stdout, stderr and exit status are kept apart; then
# scripts/walkthrough.py puts them in the document's shape and replaces
# what changes from run to run (elapsed milliseconds, the servers.sh
# ports, the order in which parallel CAA answers arrive) with stable text.
# Needs root (ip netns, nft), knotd, nsd, unbound, kdig, the bed's signers,
# python3. About 20 s.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
MODE=${1:---check}
case "$MODE" in
--check | --write | --print) ;;
*)
	echo "usage: scripts/walkthrough.sh [--check|--write|--print]" >&2
	exit 64
	;;
esac
ACMEPROBE=${ACMEPROBE:-./acmeprobe}
case "$ACMEPROBE" in /*) ;; *) ACMEPROBE=$ROOT/$ACMEPROBE ;; esac
PY=/usr/bin/python3
FAULTDNS=$ROOT/tests/support/faultdns.py
DOCTOR_ZONE=$ROOT/tests/fixtures/zones/doctor.test.zone
# NS_PREFIX: another prefix for the namespaces' names (as in test_http01.sh)
NSC=${NS_PREFIX:-acmeprobe}-wc-$$
NSS=${NS_PREFIX:-acmeprobe}-ws-$$

die() {
	echo "walkthrough.sh: $*" >&2
	exit 2
}
[ "$(id -u)" -eq 0 ] || die "needs root (ip netns, nft)"
for tool in ip nft knotd nsd unbound kdig dnssec-signzone ldns-signzone; do
	command -v "$tool" >/dev/null || die "$tool is missing (scripts/deps.sh test)"
done
[ -x "$ACMEPROBE" ] || die "$ACMEPROBE is not built (make acmeprobe)"

WORK=$(mktemp -d /tmp/acmeprobe-walkthrough.XXXXXX)
# one copy of the binary: a rebuild during the run cannot change it
cp "$ACMEPROBE" "$WORK/acmeprobe"
ACMEPROBE=$WORK/acmeprobe
mkdir -p "$WORK/blocks"

# ---- cleanup: every process started here, both namespaces, WORK -----------

PIDS=()
stop_pid() { # TERM, a short grace, then KILL (our own children only)
	local pid=$1 _
	kill -TERM "$pid" 2>/dev/null || true
	for _ in $(seq 30); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}
# shellcheck disable=SC2317 # (called by the trap)
cleanup() {
	local rc=$? i
	for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
		stop_pid "${PIDS[i]}"
	done
	if ip netns list 2>/dev/null | grep -q "^$NSC\b"; then
		ip netns exec "$NSC" tests/support/servers.sh stop "$WORK/servers" >/dev/null 2>&1 || true
		ip netns exec "$NSC" tests/support/dnssec-bed.sh stop "$WORK/bed" >/dev/null 2>&1 || true
	fi
	ip netns del "$NSC" 2>/dev/null || true
	ip netns del "$NSS" 2>/dev/null || true
	if [ "${KEEP:-0}" = 1 ]; then
		echo "walkthrough.sh: work directory kept: $WORK" >&2
	else
		rm -rf "$WORK"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# fail MSG LOG: the setup failed; the log's tail, then exit 2
fail() {
	echo "walkthrough.sh: $1" >&2
	[ -z "${2:-}" ] || tail -n 20 "$2" | sed 's/^/walkthrough.sh:   /' >&2
	exit 2
}

# ---- the namespaces (the layout of tests/integration/test_http01.sh) -------

netns_setup() {
	local i
	ip netns add "$NSC"
	ip netns add "$NSS"
	ip -n "$NSC" link set lo up
	ip -n "$NSS" link set lo up
	ip -n "$NSC" link add vc address 02:00:00:00:00:01 type veth peer name vs \
		address 02:00:00:00:00:02 netns "$NSS"
	# nodad: no tentative state, the addresses work at once
	ip -n "$NSC" addr add 2001:db8:1::1/64 dev vc nodad
	ip -n "$NSC" addr add 192.0.2.1/24 dev vc
	for i in 10 11 13; do
		ip -n "$NSS" addr add "2001:db8:1::$i/64" dev vs nodad
	done
	ip -n "$NSS" addr add 192.0.2.10/24 dev vs
	ip -n "$NSC" link set vc up
	ip -n "$NSS" link set vs up
	# no neighbour discovery or ARP (a lost first solicitation waits 1 s)
	for i in 10 11 13; do
		ip -n "$NSC" neigh replace "2001:db8:1::$i" lladdr 02:00:00:00:00:02 dev vc nud permanent
	done
	ip -n "$NSC" neigh replace 192.0.2.10 lladdr 02:00:00:00:00:02 dev vc nud permanent
	ip -n "$NSS" neigh replace 2001:db8:1::1 lladdr 02:00:00:00:00:01 dev vs nud permanent
	ip -n "$NSS" neigh replace 192.0.2.1 lladdr 02:00:00:00:00:01 dev vs nud permanent
	cat >"$WORK/rules.nft" <<'EOF'
table inet acmeprobe {
	chain input {
		type filter hook input priority 0; policy accept;
		# connect timeouts: the SYN vanishes
		ip6 daddr 2001:db8:1::11 tcp flags & (syn | ack) == syn drop
	}
}
EOF
	ip netns exec "$NSS" nft -f "$WORK/rules.nft"
}
netns_setup >"$WORK/setup.log" 2>&1 || fail "namespace setup failed" "$WORK/setup.log"

# ---- a-d: Knot + Unbound of servers.sh in the client namespace -------------

ip netns exec "$NSC" tests/support/servers.sh start "$WORK/servers" >"$WORK/dns.log" 2>&1 ||
	fail "servers.sh start failed" "$WORK/dns.log"
# shellcheck disable=SC1091
. "$WORK/servers/ports.env"

# ---- the web servers --------------------------------------------------------

mkfifo "$WORK/ready"
ip netns exec "$NSS" "$PY" tests/support/http01_server.py \
	--listen 2001:db8:1::10,80,plain,good --listen 192.0.2.10,80,plain,good \
	--listen 2001:db8:1::13,80,plain,wrong --lifetime 120 \
	>"$WORK/ready" 2>"$WORK/http.log" &
PIDS+=($!)
timeout 10 head -n 1 "$WORK/ready" | grep -q ready || fail "http01_server.py did not start" "$WORK/http.log"

# ---- e-f: the nameservers of test_check.sh, on port 53 ----------------------

mkdir -p "$WORK/cknot/db" "$WORK/czones" "$WORK/cunbound"
cp "$DOCTOR_ZONE" "$WORK/czones/doctor.test.zone"
{
	# shellcheck disable=SC2016 # (zone file directives, not expansions)
	printf '%s\n' '$ORIGIN test.' '$TTL 60'
	echo '@ SOA ns.test. hostmaster.test. 1 3600 900 604800 60'
	echo '@ NS ns.test.'
	echo 'ns A 127.0.0.1'
	echo 'doctor NS ns1.doctor'
	echo 'doctor NS ns2.doctor'
	echo 'doctor NS ns3.doctor'
	echo 'ns1.doctor A 127.0.0.1'
	echo 'ns1.doctor AAAA ::1'
	echo 'ns2.doctor A 127.0.0.2'
	echo 'ns3.doctor A 127.0.0.3'
} >"$WORK/czones/test.zone"
cat >"$WORK/cknot.conf" <<EOF
server:
    rundir: "$WORK/cknot"
    listen: [ "127.0.0.1@53" ]
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
log:
  - target: stderr
    any: info
database:
    storage: "$WORK/cknot/db"
template:
  - id: default
    storage: "$WORK/czones"
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
zone:
  - domain: test.
    file: test.zone
  - domain: doctor.test.
    file: doctor.test.zone
EOF
cat >"$WORK/cunbound.conf" <<EOF
server:
    interface: 127.0.0.53
    port: 53
    directory: "$WORK/cunbound"
    include: "$ROOT/tests/support/unbound-loopback.conf"
    local-zone: "test." transparent
    module-config: "iterator"
stub-zone:
    name: "test."
    stub-addr: 127.0.0.1@53
stub-zone:
    name: "doctor.test."
    stub-addr: 127.0.0.1@53
remote-control:
    control-enable: no
EOF
# wait_answer ADDR NAME TYPE [+norec]: up to 10 s for an answer of TYPE
wait_answer() {
	local _
	for _ in $(seq 50); do
		if ip netns exec "$NSC" kdig @"$1" +timeout=1 +retry=0 ${4:+"$4"} +noall +answer "$2" "$3" \
			2>/dev/null | grep -q "[[:space:]]$3[[:space:]]"; then
			return 0
		fi
		sleep 0.2
	done
	return 1
}
ip netns exec "$NSC" knotd -c "$WORK/cknot.conf" </dev/null >"$WORK/cknot.log" 2>&1 &
PIDS+=($!)
wait_answer 127.0.0.1 doctor.test. SOA +norec || fail "Knot (ns1) does not serve doctor.test." "$WORK/cknot.log"
ip netns exec "$NSC" unbound -d -c "$WORK/cunbound.conf" </dev/null >"$WORK/cunbound.log" 2>&1 &
PIDS+=($!)
wait_answer 127.0.0.53 ns3.doctor.test. A || fail "Unbound on 127.0.0.53 does not resolve doctor.test." "$WORK/cunbound.log"

# zone_ns TAG ADDR ARGS...: faultdns.py in zone mode on ADDR port 53;
# NS_PID is its pid
zone_ns() {
	local tag=$1 addr=$2 _
	shift 2
	: >"$WORK/$tag.out"
	ip netns exec "$NSC" "$PY" "$FAULTDNS" --addr "$addr" --port 53 --lifetime 120 \
		--zone "doctor.test.=$DOCTOR_ZONE" "$@" >"$WORK/$tag.out" 2>"$WORK/$tag.log" </dev/null &
	NS_PID=$!
	PIDS+=("$NS_PID")
	for _ in $(seq 100); do
		grep -q '^ready$' "$WORK/$tag.out" 2>/dev/null && return 0
		kill -0 "$NS_PID" 2>/dev/null || break
		sleep 0.05
	done
	fail "faultdns $* on $addr did not start" "$WORK/$tag.log"
}
zone_ns ns1v6 ::1
zone_ns ns2 127.0.0.2

# ---- the commands -------------------------------------------------------------

# run ID SHOWN -- ARGS...: acmeprobe ARGS in the client namespace; the
# command as the document shows it (SHOWN) and stdout, stderr and the exit
# status in WORK/blocks/ID.*
run() {
	local id=$1 shown=$2 rc=0
	shift 3
	printf '%s\n' "$shown" >"$WORK/blocks/$id.cmd"
	timeout 30 ip netns exec "$NSC" "$ACMEPROBE" "$@" \
		>"$WORK/blocks/$id.out" 2>"$WORK/blocks/$id.err" </dev/null || rc=$?
	echo "$rc" >"$WORK/blocks/$id.rc"
}
U=127.0.0.1:$UNBOUND_PORT
# shellcheck disable=SC2016 # (the placeholder the document shows)
SHOWN_U='127.0.0.1:$UNBOUND_PORT'
CT=1000

run a "acmeprobe http01 v6wrong.http01.test --token ok --key-authorization ok.thumb --resolver $SHOWN_U --connect-timeout $CT --trace" -- \
	http01 v6wrong.http01.test --token ok --key-authorization ok.thumb --resolver "$U" --connect-timeout $CT --trace
run b "acmeprobe http01 v6timeout.http01.test --token tohttps --key-authorization ok.thumb --resolver $SHOWN_U --connect-timeout $CT --trace" -- \
	http01 v6timeout.http01.test --token tohttps --key-authorization ok.thumb --resolver "$U" --connect-timeout $CT --trace
run c "acmeprobe caa child.loose.caa.test --resolver $SHOWN_U --trace" -- \
	caa child.loose.caa.test --resolver "$U" --trace
run c-sibling "acmeprobe caa other.loose.caa.test --resolver $SHOWN_U --trace" -- \
	caa other.loose.caa.test --resolver "$U" --trace
run d "acmeprobe caa cn-deny.caa.test --resolver $SHOWN_U --trace" -- \
	caa cn-deny.caa.test --resolver "$U" --trace
run d-none "acmeprobe caa cn-none.caa.test --resolver $SHOWN_U --trace" -- \
	caa cn-none.caa.test --resolver "$U" --trace

zone_ns ns3-notimp 127.0.0.3 --fault notimp-unknown
run e "acmeprobe check www.doctor.test --resolver 127.0.0.53 --timeout 1000 --trace" -- \
	check www.doctor.test --resolver 127.0.0.53 --timeout 1000 --trace
stop_pid "$NS_PID"

zone_ns ns3-drop 127.0.0.3 --fault drop-unknown
run f "acmeprobe check www.doctor.test --resolver 127.0.0.53 --timeout 1000 --trace" -- \
	check www.doctor.test --resolver 127.0.0.53 --timeout 1000 --trace
stop_pid "$NS_PID"

# ---- g: the DNSSEC bed, in the client namespace -------------------------------

ip netns exec "$NSC" tests/support/dnssec-bed.sh start "$WORK/bed" >"$WORK/bed.log" 2>&1 ||
	fail "dnssec-bed.sh start failed" "$WORK/bed.log"
# (its own names: servers.sh's are taken)
BED_AUTH_PORT=$(sed -n 's/^AUTH_PORT=//p' "$WORK/bed/ports.env")
BED_UNBOUND_PORT=$(sed -n 's/^UNBOUND_PORT=//p' "$WORK/bed/ports.env")
BU=127.0.0.1:$BED_UNBOUND_PORT
# shellcheck disable=SC2016 # (the placeholders the document shows)
SHOWN_BED='--resolver 127.0.0.1:$BED_UNBOUND_PORT --trust-anchor $WORK/bed/anchor.txt --ns-port $BED_AUTH_PORT'
BED=(--resolver "$BU" --trust-anchor "$WORK/bed/anchor.txt" --ns-port "$BED_AUTH_PORT")
run g-caa "acmeprobe caa www.baddenial.dnssec.test $SHOWN_BED --trace" -- \
	caa www.baddenial.dnssec.test "${BED[@]}" --trace
ip netns exec "$NSC" tests/support/dnssec-bed.sh flush "$WORK/bed" >/dev/null 2>&1
run g "acmeprobe check www.baddenial.dnssec.test $SHOWN_BED --trace" -- \
	check www.baddenial.dnssec.test "${BED[@]}" --trace

KNOT_PORT=$KNOT_PORT UNBOUND_PORT=$UNBOUND_PORT BED_AUTH_PORT=$BED_AUTH_PORT \
	BED_UNBOUND_PORT=$BED_UNBOUND_PORT \
	"$PY" scripts/walkthrough.py "$MODE" "$WORK/blocks" docs/walkthrough.md
