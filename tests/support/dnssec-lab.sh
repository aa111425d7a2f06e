#!/usr/bin/env bash
# The DNSSEC lab: a signed hierarchy under the top zone lab., its zones
# signed by Debian's signers (dnssec-signzone from bind9-utils, ldns-signzone
# from ldnsutils), some broken on purpose after signing, served by a real
# Knot and a real NSD on loopback, with a validating Unbound in front whose
# trust anchor is the DS of lab.'s KSK. For the unit-test fixtures
# (tests/fixtures/dnssec/capture.sh) and tests/integration/test_query_dnssec.sh.
#
# Usage: tests/support/dnssec-lab.sh build DIR NOW   keys and signed zones,
#                                                   signature windows around
#                                                   NOW (seconds since 1970)
#        tests/support/dnssec-lab.sh start DIR       Knot, NSD, Unbound
#        tests/support/dnssec-lab.sh stop DIR
#
# DIR/ports.env then has LAB_KNOT_PORT, LAB_NSD_PORT and LAB_UNBOUND_PORT
# (the first free triple from 53580), DIR/anchor.txt the trust anchor (a
# DS line, what acmeprobe --trust-anchor takes), DIR/verify.txt what
# ldns-verify-zone says of each signed zone at NOW.
#
# Zones (TTL 3600; windows: good NOW-30d..NOW+3650d):
#   lab.             ECDSA P-256, NSEC, dnssec-signzone      Knot
#   rsa.lab.         RSA/SHA-256 2048-bit keys, NSEC, dnssec-signzone -x  Knot
#   ecdsa.lab.       ECDSA P-256, NSEC3 (0 iterations, no salt), ldns   NSD
#   expired.lab.     signatures NOW-60d..NOW-30d, ldns, NSEC            Knot
#   notyet.lab.      signatures NOW+30d..NOW+60d, ldns, NSEC            NSD
#   badds.lab.       lab. holds the DS of a key the zone does not have  Knot
#   badnsec3.lab.    NSEC3, every RRSIG over an NSEC3 damaged           NSD
#   noproof.lab.     NSEC, then every NSEC and its RRSIG removed        NSD
#   unsupported.lab. RSA/MD5 keys (algorithm 1, never validated)        Knot
#   iter200.lab.     NSEC3 with 200 iterations, ldns                    NSD
#   optout.lab.      NSEC3 opt-out (dnssec-signzone -A), with the unsigned delegation
#                    child.optout.lab. (served unsigned by NSD)         NSD
#   wc.lab.          ECDSA P-256, NSEC, ldns; *.cn.wc.lab. CNAME www.lab. (a wildcard
#                    CNAME out to the parent), and lab. has *.cn.lab. CNAME
#                    www.ecdsa.lab. (into a child): NODATA for CAA at the
#                    end, with two zones' denials in one authority section  Knot
# Processes are found by pid file and checked by their command line; ports
# are locked like tests/support/servers.sh does.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DAY=86400

die() { echo "dnssec-lab.sh: $*" >&2; exit 1; }
log() { echo "dnssec-lab.sh: $*" >&2; }

stamp() { date -u -d "@$1" +%Y%m%d%H%M%S; }

# zone_text ZONE [extra lines]: the unsigned zone
zone_text() {
	local z=$1
	cat <<EOF
\$ORIGIN $z
\$TTL 3600
@ IN SOA ns.$z hostmaster.$z 1 3600 900 604800 300
@ IN NS ns.$z
ns IN A 127.0.0.1
www IN A 192.0.2.10
www IN AAAA 2001:db8::10
*.wild IN CAA 0 issue "letsencrypt.org"
leaf.ent IN A 192.0.2.11
alias IN CNAME www.$z
txt IN TXT "hello"
EOF
	[ "${2:-}" = nocaa ] || echo "@ IN CAA 0 issue \"letsencrypt.org\""
}

# sign_bind ZONE ALG BITS [dnssec-signzone options]: keys and signature
# with dnssec-signzone
sign_bind() {
	local z=$1 alg=$2 bits=${3:-} f="$DIR/zones/$1zone"
	shift 3
	local b=()
	[ -z "$bits" ] || b=(-b "$bits")
	(cd "$DIR/keys" && dnssec-keygen -q -a "$alg" "${b[@]}" -f KSK "$z" >"$DIR/keys/$z.ksk" &&
		dnssec-keygen -q -a "$alg" "${b[@]}" "$z" >"$DIR/keys/$z.zsk")
	cp "$f" "$f.in"
	dnssec-signzone -q -S -K "$DIR/keys" -d "$DIR/keys" -o "$z" -s "$(stamp "$GOOD_FROM")" \
		-e "$(stamp "$GOOD_TO")" "$@" -f "$f.signed" "$f.in" >/dev/null
	(cd "$DIR/keys" && dnssec-dsfromkey -2 "$(cat "$DIR/keys/$z.ksk")") >"$DIR/ds/$z"
}

# sign_ldns ZONE ALG FROM TO [ldns-signzone options]: keys and signature
# with ldns-signzone
sign_ldns() {
	local z=$1 alg=$2 from=$3 to=$4 f="$DIR/zones/$1zone"
	shift 4
	local ksk zsk
	ksk=$(cd "$DIR/keys" && ldns-keygen -a "$alg" -k "$z")
	zsk=$(cd "$DIR/keys" && ldns-keygen -a "$alg" "$z")
	cp "$f" "$f.in"
	(cd "$DIR/keys" && ldns-signzone "$@" -i "$from" -e "$to" -f "$f.signed" "$f.in" "$ksk" "$zsk")
	# ldns-keygen writes the SHA-256 DS beside the KSK
	awk '$4 == "DS" || $3 == "DS" { print }' "$DIR/keys/$ksk.ds" | head -1 >"$DIR/ds/$z"
	[ -s "$DIR/ds/$z" ] || die "no DS for $z"
}

do_build() {
	local now=$1
	case "$now" in '' | *[!0-9]*) die "NOW must be seconds since 1970" ;; esac
	for t in dnssec-keygen dnssec-signzone dnssec-dsfromkey ldns-keygen ldns-signzone \
		ldns-verify-zone; do
		command -v "$t" >/dev/null || die "$t is missing (bind9-utils, ldnsutils: scripts/deps.sh test)"
	done
	rm -rf "$DIR/keys" "$DIR/zones" "$DIR/ds"
	mkdir -p "$DIR/keys" "$DIR/zones" "$DIR/ds"
	echo "$now" >"$DIR/now"
	GOOD_FROM=$((now - 30 * DAY))
	GOOD_TO=$((now + 3650 * DAY))
	local c
	for c in rsa ecdsa expired notyet badds unsupported iter200 optout wc; do
		zone_text "$c.lab." >"$DIR/zones/$c.lab.zone"
	done
	echo '*.cn IN CNAME www.lab.' >>"$DIR/zones/wc.lab.zone"
	zone_text badnsec3.lab. nocaa >"$DIR/zones/badnsec3.lab.zone"
	zone_text noproof.lab. nocaa >"$DIR/zones/noproof.lab.zone"
	printf 'child IN NS ns.child\nns.child IN A 127.0.0.1\n' >>"$DIR/zones/optout.lab.zone"
	cat >"$DIR/zones/child.optout.lab.zone" <<'EOF'
$ORIGIN child.optout.lab.
$TTL 3600
@ IN SOA ns hostmaster 1 3600 900 604800 300
@ IN NS ns
ns IN A 127.0.0.1
www IN A 192.0.2.20
EOF

	sign_bind rsa.lab. RSASHA256 2048 -x
	sign_ldns ecdsa.lab. ECDSAP256SHA256 "$GOOD_FROM" "$GOOD_TO" -n -t 0
	sign_ldns expired.lab. ECDSAP256SHA256 $((now - 60 * DAY)) $((now - 30 * DAY))
	sign_ldns notyet.lab. ECDSAP256SHA256 $((now + 30 * DAY)) $((now + 60 * DAY))
	sign_ldns badds.lab. ECDSAP256SHA256 "$GOOD_FROM" "$GOOD_TO"
	sign_ldns badnsec3.lab. ECDSAP256SHA256 "$GOOD_FROM" "$GOOD_TO" -n -t 0
	sign_ldns noproof.lab. ECDSAP256SHA256 "$GOOD_FROM" "$GOOD_TO"
	sign_ldns unsupported.lab. RSAMD5 "$GOOD_FROM" "$GOOD_TO"
	sign_ldns iter200.lab. ECDSAP256SHA256 "$GOOD_FROM" "$GOOD_TO" -n -t 200
	sign_ldns wc.lab. ECDSAP256SHA256 "$GOOD_FROM" "$GOOD_TO"
	# (dnssec-signzone -A leaves unsigned delegations out of the NSEC3
	# chain; ldns-signzone -p sets the flag but keeps them in)
	sign_bind optout.lab. ECDSAP256SHA256 "" -3 - -A

	# the faults, made in the signed text
	# badds.lab.: the parent's DS names a key of the right algorithm
	# that the zone does not have
	(cd "$DIR/keys" && ldns-keygen -a ECDSAP256SHA256 -k badds.lab. >"$DIR/keys/badds.other")
	awk '$4 == "DS" || $3 == "DS" { print }' "$DIR/keys/$(cat "$DIR/keys/badds.other").ds" |
		head -1 >"$DIR/ds/badds.lab."
	# badnsec3.lab.: the last octets of every NSEC3's signature changed
	# (the base64 text stays base64)
	awk '$4 == "RRSIG" && $5 == "NSEC3" { s = $NF; c = substr(s, length(s) - 4, 1);
		$NF = substr(s, 1, length(s) - 5) (c == "A" ? "B" : "A") substr(s, length(s) - 3) }
		{ print }' "$DIR/zones/badnsec3.lab.zone.signed" >"$DIR/zones/t" &&
		mv "$DIR/zones/t" "$DIR/zones/badnsec3.lab.zone.signed"
	# noproof.lab.: no NSEC at all, and none of their signatures
	awk '!($4 == "NSEC" || ($4 == "RRSIG" && $5 == "NSEC"))' \
		"$DIR/zones/noproof.lab.zone.signed" >"$DIR/zones/t" &&
		mv "$DIR/zones/t" "$DIR/zones/noproof.lab.zone.signed"

	# lab.: the DS of every child, then signed
	zone_text lab. >"$DIR/zones/lab.zone"
	echo '*.cn IN CNAME www.ecdsa.lab.' >>"$DIR/zones/lab.zone"
	for c in rsa ecdsa expired notyet badds badnsec3 noproof unsupported iter200 optout wc; do
		printf '%s IN NS ns.%s\nns.%s IN A 127.0.0.1\n' "$c" "$c" "$c" >>"$DIR/zones/lab.zone"
		sed 's/^\([^ \t]*\)[ \t].*DS[ \t]/\1 3600 IN DS /' "$DIR/ds/$c.lab." >>"$DIR/zones/lab.zone"
	done
	sign_bind lab. ECDSAP256SHA256 ""
	sed 's/^\([^ \t]*\)[ \t].*DS[ \t]/\1 3600 IN DS /' "$DIR/ds/lab." >"$DIR/anchor.txt"

	# what ldns-verify-zone says of each signed zone at NOW (an oracle)
	mv "$DIR/zones/lab.zone.signed" "$DIR/zones/lab.signed"
	: >"$DIR/verify.txt"
	for z in lab. rsa.lab. ecdsa.lab. expired.lab. notyet.lab. badds.lab. badnsec3.lab. \
		noproof.lab. unsupported.lab. iter200.lab. optout.lab. wc.lab.; do
		local out rc=0
		out=$(ldns-verify-zone -V 1 -t "$(stamp "$now")" "$(zone_file "$z")" 2>&1) || rc=$?
		echo "$z rc=$rc $(echo "$out" | tr '\n\t' '  ' | cut -c1-160)" >>"$DIR/verify.txt"
	done
	log "built in $DIR (NOW=$now, $(stamp "$now"))"
}

pid_of() {
	local name=$1 pid cmd
	[ -r "$DIR/$name.pid" ] || return 0
	pid=$(tr -dc '0-9' <"$DIR/$name.pid")
	[ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 0
	cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 0
	case "$cmd" in *"$DIR/$name.conf"*) echo "$pid" ;; esac
}

stop_one() {
	local name=$1 pid
	pid=$(pid_of "$name")
	if [ -n "$pid" ]; then
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 50); do
			[ -z "$(pid_of "$name")" ] && break
			sleep 0.1
		done
		[ -z "$(pid_of "$name")" ] || kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$DIR/$name.pid"
}

port_busy() { [ -n "$(ss -Hantu "( sport = :$1 )" 2>/dev/null)" ]; }

pick_ports() {
	local k
	for try in $(seq 0 3 18); do
		k=$((53580 + try))
		exec 9>"/tmp/acmeprobe-dnsseclab.$k.lock"
		if flock -n 9 && ! port_busy "$k" && ! port_busy $((k + 1)) && ! port_busy $((k + 2)); then
			LAB_KNOT_PORT=$k
			LAB_NSD_PORT=$((k + 1))
			LAB_UNBOUND_PORT=$((k + 2))
			return 0
		fi
		exec 9>&-
	done
	die "no free port triple in 53580..53600"
}

answers() {
	kdig @127.0.0.1 -p "$1" +timeout=1 +retry=0 ${3:-} "$2" SOA 2>/dev/null | grep -q 'status: NOERROR'
}

wait_ready() {
	local name=$1 port=$2 zone=$3 flag=${4:-}
	for _ in $(seq 50); do
		if [ -z "$(pid_of "$name")" ]; then
			sleep 0.1
			[ -n "$(pid_of "$name")" ] || {
				tail -n 20 "$DIR/$name.log" >&2 || true
				die "$name exited (log: $DIR/$name.log)"
			}
		fi
		answers "$port" "$zone" "$flag" && return 0
		sleep 0.2
	done
	tail -n 20 "$DIR/$name.log" >&2 || true
	die "$name does not answer on 127.0.0.1@$port"
}

KNOT_ZONES="lab. rsa.lab. expired.lab. badds.lab. unsupported.lab. wc.lab."
NSD_ZONES="ecdsa.lab. notyet.lab. badnsec3.lab. noproof.lab. iter200.lab. optout.lab. child.optout.lab."

zone_file() {
	case "$1" in
	lab.) echo "$DIR/zones/lab.signed" ;;
	child.optout.lab.) echo "$DIR/zones/child.optout.lab.zone" ;;
	*) echo "$DIR/zones/$1zone.signed" ;;
	esac
}

do_start() {
	[ -r "$DIR/anchor.txt" ] || die "build first: $0 build $DIR NOW"
	do_stop
	trap 'rc=$?; if [ $rc -ne 0 ]; then do_stop; fi; exit $rc' EXIT
	for t in knotd nsd unbound kdig; do
		command -v "$t" >/dev/null || die "$t is missing (knot, nsd, unbound: scripts/deps.sh test)"
	done
	pick_ports
	printf 'LAB_KNOT_PORT=%s\nLAB_NSD_PORT=%s\nLAB_UNBOUND_PORT=%s\n' "$LAB_KNOT_PORT" \
		"$LAB_NSD_PORT" "$LAB_UNBOUND_PORT" >"$DIR/ports.env"
	rm -rf "$DIR/knot" "$DIR/nsd" "$DIR/unbound"
	mkdir -p "$DIR/knot/db" "$DIR/nsd" "$DIR/unbound"

	{
		cat <<EOF
server:
    rundir: "$DIR/knot"
    listen: [ "127.0.0.1@$LAB_KNOT_PORT" ]
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
log:
  - target: stderr
    any: warning
database:
    storage: "$DIR/knot/db"
template:
  - id: default
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
zone:
EOF
		for z in $KNOT_ZONES; do
			printf '  - domain: %s\n    file: "%s"\n' "$z" "$(zone_file "$z")"
		done
	} >"$DIR/knotd.conf"

	{
		cat <<EOF
server:
    ip-address: 127.0.0.1@$LAB_NSD_PORT
    port: $LAB_NSD_PORT
    username: ""
    chroot: ""
    zonesdir: "$DIR/zones"
    database: ""
    zonelistfile: "$DIR/nsd/zone.list"
    xfrdfile: "$DIR/nsd/xfrd.state"
    xfrdir: "$DIR/nsd"
    pidfile: ""
    server-count: 1
    verbosity: 1
    hide-version: yes
remote-control:
    control-enable: no
EOF
		for z in $NSD_ZONES; do
			printf 'zone:\n    name: "%s"\n    zonefile: "%s"\n' "$z" "$(zone_file "$z")"
		done
	} >"$DIR/nsd.conf"

	{
		cat <<EOF
server:
    interface: 127.0.0.1
    port: $LAB_UNBOUND_PORT
    directory: "$DIR/unbound"
    include: "$ROOT/tests/support/unbound-loopback.conf"
    local-zone: "lab." transparent
    module-config: "validator iterator"
    ede: yes
    val-log-level: 2
    trust-anchor: "$(cat "$DIR/anchor.txt")"
stub-zone:
    name: "lab."
    stub-addr: 127.0.0.1@$LAB_KNOT_PORT
EOF
		for z in $KNOT_ZONES $NSD_ZONES; do
			[ "$z" = lab. ] && continue
			local port=$LAB_KNOT_PORT
			case " $NSD_ZONES " in *" $z "*) port=$LAB_NSD_PORT ;; esac
			printf 'stub-zone:\n    name: "%s"\n    stub-addr: 127.0.0.1@%s\n' "$z" "$port"
		done
		printf 'remote-control:\n    control-enable: no\n'
	} >"$DIR/unbound.conf"

	knotd -c "$DIR/knotd.conf" </dev/null >"$DIR/knotd.log" 2>&1 &
	echo $! >"$DIR/knotd.pid"
	nsd -d -c "$DIR/nsd.conf" </dev/null >"$DIR/nsd.log" 2>&1 &
	echo $! >"$DIR/nsd.pid"
	wait_ready knotd "$LAB_KNOT_PORT" lab. +norecurse
	wait_ready nsd "$LAB_NSD_PORT" ecdsa.lab. +norecurse
	unbound -d -c "$DIR/unbound.conf" </dev/null >"$DIR/unbound.log" 2>&1 &
	echo $! >"$DIR/unbound.pid"
	wait_ready unbound "$LAB_UNBOUND_PORT" lab.
	exec 9>&-
	trap - EXIT
	log "knotd @$LAB_KNOT_PORT, nsd @$LAB_NSD_PORT, unbound @$LAB_UNBOUND_PORT (in $DIR)"
}

do_stop() {
	stop_one unbound
	stop_one nsd
	stop_one knotd
}

[ $# -ge 2 ] || { echo "usage: $0 build DIR NOW | start DIR | stop DIR" >&2; exit 64; }
mkdir -p "$2"
DIR=$(cd "$2" && pwd)
case "$1" in
build) [ $# -eq 3 ] || die "usage: $0 build DIR NOW"; do_build "$3" ;;
start) do_start ;;
stop) do_stop ;;
*) echo "usage: $0 build DIR NOW | start DIR | stop DIR" >&2; exit 64 ;;
esac
