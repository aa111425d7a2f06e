#!/usr/bin/env bash
# The real-server test bed: an authoritative Knot serving the zones of
# tests/fixtures/zones/ and a validating, recursive Unbound in front of it,
# both on loopback only, both run as foreground processes of ours.
#
# Usage: tests/support/servers.sh start DIR   start both (idempotent)
#        tests/support/servers.sh stop DIR    stop both (idempotent; also
#                                             after a start that half failed)
#        tests/support/servers.sh status DIR  exit 0 if both are running
#
# DIR holds everything generated: configs, copies of the zones (Knot may
# not write into the repository), DNSSEC keys, logs, pid files, and
# DIR/ports.env (KNOT_PORT=... UNBOUND_PORT=...) for the caller to source.
#
# Ports: KNOT_PORT (default 53530: Knot on 127.0.0.1 and ::1, UDP and TCP)
# and UNBOUND_PORT (default KNOT_PORT+1: Unbound on 127.0.0.1). Without
# them in the environment, start takes the first free pair among
# 53530/53531, 53532/53533, ... so that two runs at once (two engineers'
# `make integration`) do not meet; a lock file per port, held by the
# servers themselves, closes the race between two starts. Port 53 is never
# used, and Unbound sends nothing beyond 127.0.0.1 (see the config below).
#
# Zones (all in tests/fixtures/zones/):
#   test.         unsigned, every answer shape; holds the DS of signed.test.
#   caa.test.     unsigned, the CAA policies of tests/integration/test_caa.sh
#   signed.test.  signed by Knot at load, NSEC; Unbound has its DS as trust
#                 anchor, so its answers through Unbound carry AD
#   nsec3.test.   the same with NSEC3 (0 iterations, no salt, RFC 9276)
#   bogus.test.   signed, but Unbound's trust anchor is a DS that matches no
#                 key: Unbound answers SERVFAIL with an RFC 8914 EDE
#   http01.test.  unsigned, the names of tests/integration/test_http01.sh
# Processes are found by pid file and checked by their command line (which
# names DIR's config), never by process name.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ZONES_SRC="$ROOT/tests/fixtures/zones"
SIGNED_ZONES="signed.test. nsec3.test. bogus.test."

die() { echo "servers.sh: $*" >&2; exit 1; }
log() { echo "servers.sh: $*" >&2; }

# pid_of NAME: the pid in DIR/NAME.pid if that process is alive and its
# command line names our config DIR/NAME.conf; empty otherwise. A zombie
# has an empty command line, so it counts as gone.
pid_of() {
	local name=$1 pid
	[ -r "$DIR/$name.pid" ] || return 0
	pid=$(tr -dc '0-9' <"$DIR/$name.pid")
	[ -n "$pid" ] || return 0
	[ -r "/proc/$pid/cmdline" ] || return 0
	# (no "| grep -q" under pipefail: grep's early exit would fail the pipe)
	local cmd
	cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 0
	case "$cmd" in *"$DIR/$name.conf"*) echo "$pid" ;; esac
}

# stop_one NAME: TERM, up to 5 s of grace, then KILL.
stop_one() {
	local name=$1 pid
	pid=$(pid_of "$name")
	if [ -n "$pid" ]; then
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 50); do
			[ -z "$(pid_of "$name")" ] && break
			sleep 0.1
		done
		if [ -n "$(pid_of "$name")" ]; then
			log "$name (pid $pid) ignored TERM, sending KILL"
			kill -KILL "$pid" 2>/dev/null || true
			for _ in $(seq 20); do
				[ -z "$(pid_of "$name")" ] && break
				sleep 0.1
			done
		fi
		[ -z "$(pid_of "$name")" ] || die "could not stop $name (pid $pid)"
	fi
	rm -f "$DIR/$name.pid"
}

# port_busy PORT: a socket of any state holds PORT, listening or not. A
# client's connection whose local port it happens to be (the ephemeral
# range covers 53530-53569), or one in TIME-WAIT, makes Knot's TCP bind
# fail with "address already in use" as surely as a listener does.
port_busy() {
	[ -n "$(ss -Hantu "( sport = :$1 )" 2>/dev/null)" ]
}

# answers PORT ADDR [+norecurse]: does a server answer a query for test. SOA
# there? (Unbound answers RD=0 queries from its cache only.)
answers() {
	local out
	local flags=(+timeout=1 +retry=0)
	[ -z "${3:-}" ] || flags+=("$3")
	out=$(kdig @"$2" -p "$1" "${flags[@]}" test. SOA 2>/dev/null) || return 1
	case "$out" in *'status: NOERROR'*) return 0 ;; esac
	return 1
}

# wait_ready NAME PORT [+norecurse]: poll until the server answers
# (bounded: ~10 s).
wait_ready() {
	local name=$1 port=$2 pid
	# Until the forked shell has exec'd the server its command line is
	# ours, not the server's: wait for the exec (or the exit).
	pid=$(tr -dc '0-9' <"$DIR/$name.pid")
	for _ in $(seq 50); do
		[ -n "$(pid_of "$name")" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.02
	done
	for _ in $(seq 50); do
		[ -n "$(pid_of "$name")" ] || {
			tail -n 20 "$DIR/$name.log" >&2 2>/dev/null || true
			die "$name exited during start (log: $DIR/$name.log)"
		}
		if answers "$port" 127.0.0.1 "${3:-}"; then
			return 0
		fi
		sleep 0.2
	done
	tail -n 20 "$DIR/$name.log" >&2 2>/dev/null || true
	die "$name does not answer on 127.0.0.1@$port after 10 s"
}

# Picks KNOT_PORT/UNBOUND_PORT and takes their lock on fd 9 (inherited by
# both servers, so the lock lives as long as they do).
pick_ports() {
	local k u try
	if [ -n "${KNOT_PORT:-}" ]; then
		k=$KNOT_PORT
		u=${UNBOUND_PORT:-$((k + 1))}
		exec 9>"/tmp/acmeprobe-testbed.$k.lock"
		flock -n 9 || die "port $k is locked by another test bed (set KNOT_PORT)"
		port_busy "$k" && die "port $k is in use"
		port_busy "$u" && die "port $u is in use"
	else
		for try in $(seq 0 2 38); do
			k=$((53530 + try))
			u=${UNBOUND_PORT:-$((k + 1))}
			exec 9>"/tmp/acmeprobe-testbed.$k.lock"
			if flock -n 9 && ! port_busy "$k" && ! port_busy "$u"; then
				break
			fi
			exec 9>&-
			k=
		done
		[ -n "$k" ] || die "no free port pair in 53530..53569"
	fi
	KNOT_PORT=$k
	UNBOUND_PORT=$u
	case "$KNOT_PORT$UNBOUND_PORT" in *[!0-9]*) die "bad port" ;; esac
	if [ "$KNOT_PORT" = 53 ] || [ "$UNBOUND_PORT" = 53 ]; then
		die "port 53 is not for tests"
	fi
}

write_knot_conf() {
	cat >"$DIR/knotd.conf" <<EOF
# generated by tests/support/servers.sh
server:
    rundir: "$DIR/knot"
    listen: [ "127.0.0.1@$KNOT_PORT", "::1@$KNOT_PORT" ]
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1

log:
  - target: stderr
    any: info

database:
    storage: "$DIR/knot/db"

policy:
  - id: nsec
    algorithm: ecdsap256sha256
    manual: on
  - id: nsec3
    algorithm: ecdsap256sha256
    manual: on
    nsec3: on
    nsec3-iterations: 0
    nsec3-salt-length: 0

template:
  - id: default
    storage: "$DIR/zones"
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none

zone:
  - domain: test.
    file: test.zone
  # caa.test.: the CAA policies of tests/integration/test_caa.sh
  - domain: caa.test.
    file: caa.test.zone
  - domain: signed.test.
    file: signed.test.zone
    dnssec-signing: on
    dnssec-policy: nsec
  - domain: nsec3.test.
    file: nsec3.test.zone
    dnssec-signing: on
    dnssec-policy: nsec3
  - domain: bogus.test.
    file: bogus.test.zone
    dnssec-signing: on
    dnssec-policy: nsec
  - domain: http01.test.
    file: http01.test.zone
EOF
}

# One KSK and one ZSK per signed zone, active since yesterday, made before
# Knot starts so that the parent's DS and Unbound's trust anchors can be
# written from them.
make_keys() {
	local z
	for z in $SIGNED_ZONES; do
		keymgr -c "$DIR/knotd.conf" "$z" generate algorithm=13 ksk=yes zsk=no \
			publish=-1d ready=-1d active=-1d >/dev/null
		keymgr -c "$DIR/knotd.conf" "$z" generate algorithm=13 ksk=no zsk=yes \
			publish=-1d active=-1d >/dev/null
	done
}

# The SHA-256 DS (digest type 2) of a zone's KSK, as "OWNER DS TAG ALG 2 HEX".
ds_of() {
	keymgr -c "$DIR/knotd.conf" "$1" ds | awk '$2 == "DS" && $5 == 2 { print; exit }'
}

write_unbound_conf() {
	local ds_signed ds_nsec3 ds_bogus tag bad
	ds_signed=$(ds_of signed.test.)
	ds_nsec3=$(ds_of nsec3.test.)
	ds_bogus=$(ds_of bogus.test.)
	if [ -z "$ds_signed" ] || [ -z "$ds_nsec3" ] || [ -z "$ds_bogus" ]; then
		die "keymgr gave no DS"
	fi
	# bogus.test.: the right key tag and algorithm, a digest of zeros.
	tag=$(echo "$ds_bogus" | awk '{ print $3 }')
	bad="bogus.test. DS $tag 13 2 $(printf '0%.0s' $(seq 64))"
	cat >"$DIR/unbound.conf" <<EOF
# generated by tests/support/servers.sh
server:
    interface: 127.0.0.1
    port: $UNBOUND_PORT
    do-udp: yes
    do-tcp: yes
    directory: "$DIR/unbound"
    log-time-ascii: yes
    # loopback only, foreground, one thread:
    include: "$ROOT/tests/support/unbound-loopback.conf"
    local-zone: "test." transparent
    module-config: "validator iterator"
    ede: yes
    val-log-level: 2
    trust-anchor: "$ds_signed"
    trust-anchor: "$ds_nsec3"
    trust-anchor: "$bad"
    # test. itself is unsigned and has no anchor above it.

stub-zone:
    name: "test."
    stub-addr: 127.0.0.1@$KNOT_PORT
# caa.test.: the CAA policies of tests/integration/test_caa.sh
stub-zone:
    name: "caa.test."
    stub-addr: 127.0.0.1@$KNOT_PORT
stub-zone:
    name: "signed.test."
    stub-addr: 127.0.0.1@$KNOT_PORT
stub-zone:
    name: "nsec3.test."
    stub-addr: 127.0.0.1@$KNOT_PORT
stub-zone:
    name: "bogus.test."
    stub-addr: 127.0.0.1@$KNOT_PORT
stub-zone:
    name: "http01.test."
    stub-addr: 127.0.0.1@$KNOT_PORT

remote-control:
    control-enable: no
EOF
	echo "$bad" >"$DIR/bogus-anchor.txt"
}

do_start() {
	if [ -n "$(pid_of knotd)" ] && [ -n "$(pid_of unbound)" ] && [ -r "$DIR/ports.env" ]; then
		# shellcheck disable=SC1091
		. "$DIR/ports.env"
		if answers "$KNOT_PORT" 127.0.0.1 +norecurse && answers "$UNBOUND_PORT" 127.0.0.1; then
			log "already running in $DIR (knot $KNOT_PORT, unbound $UNBOUND_PORT)"
			return 0
		fi
	fi
	# Anything left from an earlier, half-done run goes first; a start
	# that fails stops whatever it started.
	do_stop
	trap 'rc=$?; if [ $rc -ne 0 ]; then do_stop; fi; exit $rc' EXIT
	local tool
	for tool in knotd keymgr kdig unbound; do
		command -v "$tool" >/dev/null ||
			die "$tool is missing (knot, knot-dnsutils, unbound: scripts/deps.sh test)"
	done

	pick_ports
	rm -rf "$DIR/knot" "$DIR/zones" "$DIR/unbound"
	mkdir -p "$DIR/knot/db" "$DIR/zones" "$DIR/unbound"
	printf 'KNOT_PORT=%s\nUNBOUND_PORT=%s\n' "$KNOT_PORT" "$UNBOUND_PORT" >"$DIR/ports.env"

	write_knot_conf
	make_keys
	cp "$ZONES_SRC"/*.zone "$DIR/zones/"
	{
		echo "; appended by servers.sh: the DS of signed.test.'s KSK"
		ds_of signed.test. | sed 's/^signed\.test\. /signed.test. 3600 /'
	} >>"$DIR/zones/test.zone"
	write_unbound_conf

	knotd -c "$DIR/knotd.conf" </dev/null >"$DIR/knotd.log" 2>&1 &
	echo $! >"$DIR/knotd.pid"
	wait_ready knotd "$KNOT_PORT" +norecurse
	# Signing happens at load: wait until every signed zone is served signed.
	local z out
	for z in $SIGNED_ZONES; do
		for _ in $(seq 50); do
			out=$(kdig @127.0.0.1 -p "$KNOT_PORT" +timeout=1 +retry=0 +norecurse \
				+noall +answer "$z" DNSKEY 2>/dev/null) || true
			case "$out" in *DNSKEY*) break ;; esac
			sleep 0.2
		done
	done

	unbound -d -c "$DIR/unbound.conf" </dev/null >"$DIR/unbound.log" 2>&1 &
	echo $! >"$DIR/unbound.pid"
	wait_ready unbound "$UNBOUND_PORT"
	exec 9>&-
	log "knotd on 127.0.0.1@$KNOT_PORT and [::1]@$KNOT_PORT, unbound on 127.0.0.1@$UNBOUND_PORT (in $DIR)"
}

do_stop() {
	stop_one unbound
	stop_one knotd
}

do_status() {
	local rc=0
	local name pid
	for name in knotd unbound; do
		pid=$(pid_of "$name")
		if [ -n "$pid" ]; then
			echo "$name: running (pid $pid)"
		else
			echo "$name: stopped"
			rc=1
		fi
	done
	[ -r "$DIR/ports.env" ] && cat "$DIR/ports.env"
	return $rc
}

[ $# -eq 2 ] || { echo "usage: $0 start|stop|status DIR" >&2; exit 64; }
mkdir -p "$2"
DIR=$(cd "$2" && pwd)
case "$1" in
start) do_start ;;
stop) do_stop ;;
status) do_status ;;
*) echo "usage: $0 start|stop|status DIR" >&2; exit 64 ;;
esac
