#!/usr/bin/env bash
# The live DNSSEC test bed: signed zones, one per DNSSEC fault, made at
# start time (signature dates around the real clock), served by Knot and
# NSD on several loopback addresses, with validating Unbounds in front (one
# sending RFC 8914 Extended DNS Errors, one not). It is what a CA's
# resolver meets when a domain's DNSSEC is broken, so that the integration
# tests can assert what Unbound and delv say about each fault, and what
# acmeprobe should say.
#
# Usage: tests/support/dnssec-bed.sh start DIR   start everything (idempotent:
#                                                a running bed is kept)
#        tests/support/dnssec-bed.sh stop DIR    stop everything (idempotent;
#                                                also after a half-done start)
#        tests/support/dnssec-bed.sh status DIR  exit 0 if all six run
#        tests/support/dnssec-bed.sh flush DIR   every Unbound forgets what
#                                                it learnt (caches, bogus
#                                                keys, server blacklists)
#        tests/support/dnssec-bed.sh capture DIR OUT
#                                                save the answers of every
#                                                scenario as DNS messages
#
# DIR holds everything generated: keys, zone files (signed, and the edited
# copies that carry the faults), configs, logs, pid files, and
#   DIR/ports.env       AUTH_PORT, UNBOUND_EDE_PORT, UNBOUND_PORT,
#                       RECURSOR_PORT, the server addresses, ANCHOR_ZONE,
#                       BED_STARTED (epoch), for `.` (source)
#   DIR/anchor.txt      the trust anchor: the DS of dnssec.test.'s KSK in
#                       zone-file format (acmeprobe --trust-anchor FILE,
#                       Unbound's trust-anchor-file)
#   DIR/anchor.delv     the same in named.conf syntax (delv -a FILE)
#   DIR/scenarios.env   per scenario: zone, names, servers and addresses,
#                       signer, algorithm, denial, the outcome through
#                       Unbound, the planned acmeprobe finding (for `.`;
#                       SCENARIOS lists the ids)
#   DIR/scenarios.json  the same as one JSON object
#
# The names. test. (unsigned) delegates dnssec.test., the lab's trust
# anchor zone (signed by Knot), which delegates one child zone per
# scenario, each with a DS (or none, or a broken one). The authoritative
# servers all listen on one port, AUTH_PORT (so that `acmeprobe check
# --ns-port AUTH_PORT` reaches them all):
#   ns.dnssec.test.    127.0.53.5  knotd-parent: test. and dnssec.test. only
#   knot1.dnssec.test. 127.0.53.1  knotd   (one process, both addresses:
#   knot2.dnssec.test. 127.0.53.2  knotd    the same zones on each)
#   nsd1.dnssec.test.  127.0.53.3  nsd     (likewise)
#   nsd2.dnssec.test.  127.0.53.4  nsd
# A zone "served by knot1 nsd1" has those two as its NS set; knotd and nsd
# each load the zones whose NS set names one of their addresses. The one
# exception is stale: knotd loads a fresh copy, nsd an older, expired one.
# The parent has servers of its own, so that a child's server never
# answers for the parent (a DS, a referral) as one serving both would.
# Zone transfers are open to 127.0.0.0/8 (the suite verifies each server's
# copy of a zone).
#
# Three Unbounds on 127.0.0.1, each with a stub zone for test., one for
# dnssec.test. and one per child zone at the addresses of its NS set (a
# delegation's servers would be asked on port 53, which the bed does not
# use); all include tests/support/unbound-loopback.conf (they send nothing
# outside 127/8) and have a control socket DIR/NAME.ctl (a file):
#   unbound-ede  UNBOUND_EDE_PORT  validating (trust-anchor-file
#                                  DIR/anchor.txt), `ede: yes` and
#                                  `val-log-level: 2` (EDE with text)
#   unbound      UNBOUND_PORT      validating, no EDE (Unbound's defaults)
#   recursor     RECURSOR_PORT     not validating: what delv and capture ask
#                                  (a validating resolver answers SERVFAIL
#                                  where delv wants the bogus data)
#
# Ports: AUTH_PORT is the first free of 53570, 53574, ... 53598 (or
# AUTH_PORT from the environment); the Unbounds take AUTH_PORT+1..+3. A
# lock file per AUTH_PORT, held by the servers themselves (fd 9), closes
# the race between two starts; a port any socket holds counts as busy.
# Port 53 is never used, and no system instance of nsd or unbound is read
# or needed: every config, key, pid and state file is under DIR.
#
# The scenarios are the table SCENARIOS below; tests/integration/README.md
# has it with the outcome each gives, and tests/integration/
# test_dnssec_bed.sh asserts those outcomes with Unbound, delv, kdig and
# ldns-verify-zone. Starting takes about 3 s (RSA-2048 keys for one zone,
# ECDSA P-256 for the others).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

ANCHOR_ZONE=dnssec.test.
KNOT1=127.0.53.1
KNOT2=127.0.53.2
NSD1=127.0.53.3
NSD2=127.0.53.4
PARENT=127.0.53.5
DAEMONS="knotd-parent knotd nsd unbound-ede unbound recursor"

# One scenario a line, fields separated by '|':
#   id | zone (under dnssec.test.) | servers | signer | algorithm | denial |
#   CAA at www (yes/no) | what Unbound says | planned finding | severity
# signer: bind (dnssec-signzone), ldns (ldns-signzone), knot (knotd's
# automatic signing), none. denial: nsec, nsec3 (0 iterations, no salt),
# nsec3-200 (200 iterations, salt), nsec3-optout. The last three fields
# are carried to scenarios.env (the finding codes are proposals: acmeprobe
# does not report them yet); tests/integration/test_dnssec_bed.sh asserts
# what Unbound and delv say in detail.
SCENARIOS=$(
	cat <<'EOF'
good_knot|good-knot|knot1 knot2|knot|13|nsec3|yes|secure|-|-
good_bind|good-bind|knot1 nsd1|bind|8|nsec|no|secure (CAA: secure NODATA)|-|-
good_ldns|good-ldns|nsd1 nsd2|ldns|13|nsec3|yes|secure|-|-
expired|expired|knot1 nsd1|bind|13|nsec|yes|SERVFAIL, EDE 7 for every type|dnssec_signature_expired|error
not_yet_valid|notyet|nsd1 nsd2|ldns|13|nsec3|yes|SERVFAIL, EDE 8 for every type|dnssec_signature_not_yet_valid|error
ds_mismatch|dsmismatch|knot1 knot2|knot|13|nsec|yes|SERVFAIL, EDE 9 for the first question, EDE 6 after|dnssec_ds_mismatch|error
bad_denial|baddenial|nsd1 nsd2|ldns|13|nsec3|no|CAA SERVFAIL EDE 6; A, AAAA, TXT secure|dnssec_bad_denial_signature|error
missing_denial|nodenial|nsd1 nsd2|bind|13|nsec|no|CAA SERVFAIL EDE 6; A, AAAA, TXT secure|dnssec_missing_denial|error
stale|stale|knot1 nsd1|bind|13|nsec|yes|secure: Unbound drops nsd1's expired answer and asks knot1|dnssec_stale_server|warning
alg253|alg253|knot1 nsd1|bind|253|nsec|yes|insecure, no EDE|dnssec_unsupported_algorithm|info
ds_digest99|digest99|nsd1 nsd2|ldns|13|nsec|yes|insecure, no EDE|dnssec_unsupported_digest|info
nsec3_iter200|iter200|nsd1 nsd2|ldns|13|nsec3-200|no|CAA NODATA insecure, no EDE; A, AAAA, TXT secure|dnssec_nsec3_iterations|warning
optout|optout|nsd1 nsd2|bind|13|nsec3-optout|no|insecure below the opt-out delegation sub.|-|-
unsigned|unsigned|knot1 nsd1|none|-|-|yes|insecure|-|-
EOF
)

die() {
	echo "dnssec-bed.sh: $*" >&2
	exit 1
}
log() { echo "dnssec-bed.sh: $*" >&2; }
# BED_TIMING=1: how long each step of a start took, on stderr
T_START=$(date +%s%N)
step() {
	[ -z "${BED_TIMING:-}" ] ||
		echo "dnssec-bed.sh: $((($(date +%s%N) - T_START) / 1000000)) ms: $*" >&2
}

addr_of() { # addr_of knot1|knot2|nsd1|nsd2
	case "$1" in
	knot1) echo "$KNOT1" ;;
	knot2) echo "$KNOT2" ;;
	nsd1) echo "$NSD1" ;;
	nsd2) echo "$NSD2" ;;
	*) die "no server $1" ;;
	esac
}

# ---- processes --------------------------------------------------------------

# pid_of NAME: the pid in DIR/NAME.pid if that process is alive and its
# command line names our config DIR/NAME.conf; empty otherwise (a zombie
# has an empty command line, so it counts as gone).
pid_of() {
	local name=$1 pid cmd
	[ -r "$DIR/$name.pid" ] || return 0
	pid=$(tr -dc '0-9' <"$DIR/$name.pid")
	[ -n "$pid" ] || return 0
	[ -r "/proc/$pid/cmdline" ] || return 0
	cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 0
	case "$cmd" in *"$DIR/$name.conf"*) echo "$pid" ;; esac
}

# stop_daemons NAME...: TERM to each, up to 5 s of grace for all of them
# together, then KILL to any left.
stop_daemons() {
	local name pid left
	for name in "$@"; do
		pid=$(pid_of "$name")
		[ -z "$pid" ] || kill -TERM "$pid" 2>/dev/null || true
	done
	for _ in $(seq 50); do
		left=""
		for name in "$@"; do [ -z "$(pid_of "$name")" ] || left="$left $name"; done
		[ -n "$left" ] || break
		sleep 0.1
	done
	for name in $left; do
		pid=$(pid_of "$name")
		[ -n "$pid" ] || continue
		log "$name (pid $pid) ignored TERM, sending KILL"
		kill -KILL "$pid" 2>/dev/null || true
		for _ in $(seq 20); do
			[ -z "$(pid_of "$name")" ] && break
			sleep 0.1
		done
		[ -z "$(pid_of "$name")" ] || die "could not stop $name (pid $pid)"
	done
	for name in "$@"; do rm -f "$DIR/$name.pid"; done
}

# nsd's children (its xfrd and server processes) name the config too; they
# end with their parent, but a KILLed parent can leave them: this finds
# any process whose command line names DIR/nsd.conf.
stray_nsd() {
	local p args
	for p in /proc/[0-9]*; do
		# (mapfile, a builtin: no process per process)
		mapfile -d '' args 2>/dev/null <"$p/cmdline" || continue
		[ "${args[0]:-}" = nsd ] || continue
		case " ${args[*]} " in *" $DIR/nsd.conf "*) echo "${p#/proc/}" ;; esac
	done
}

# port_busy PORT: any socket holds PORT, in any state (a client's
# ephemeral port or a TIME-WAIT makes a TCP bind fail as a listener does).
port_busy() {
	[ -n "$(ss -Hantu "( sport = :$1 )" 2>/dev/null)" ]
}

# pick_ports: AUTH_PORT and the two Unbound ports, with the lock on fd 9
# (inherited by every server, so the lock lives as long as they do).
pick_ports() {
	local a try
	if [ -n "${AUTH_PORT:-}" ]; then
		a=$AUTH_PORT
		case "$a" in '' | *[!0-9]*) die "bad AUTH_PORT $a" ;; esac
		exec 9>"/tmp/acmeprobe-dnsbed.$a.lock"
		flock -n 9 || die "port $a is locked by another DNSSEC bed (set AUTH_PORT)"
		for try in 0 1 2 3; do
			port_busy $((a + try)) && die "port $((a + try)) is in use"
		done
	else
		for try in $(seq 0 4 28); do
			a=$((53570 + try))
			exec 9>"/tmp/acmeprobe-dnsbed.$a.lock"
			if flock -n 9 && ! port_busy "$a" && ! port_busy $((a + 1)) &&
				! port_busy $((a + 2)) && ! port_busy $((a + 3)); then
				break
			fi
			exec 9>&-
			a=
		done
		[ -n "$a" ] || die "no four free ports in 53570..53601"
	fi
	AUTH_PORT=$a
	UNBOUND_EDE_PORT=$((a + 1))
	UNBOUND_PORT=$((a + 2))
	RECURSOR_PORT=$((a + 3))
	if [ "$AUTH_PORT" -le 53 ] || [ "$RECURSOR_PORT" -ge 65536 ]; then
		die "bad ports ($AUTH_PORT..$RECURSOR_PORT; port 53 is not for tests)"
	fi
}

# answers ADDR PORT NAME TYPE [+norecurse]: NOERROR with an answer of TYPE?
answers() {
	local out flags=(+timeout=1 +retry=0 +noall +answer +header)
	[ -z "${5:-}" ] || flags+=("$5")
	out=$(kdig @"$1" -p "$2" "${flags[@]}" "$3" "$4" 2>/dev/null) || return 1
	case "$out" in *'status: NOERROR'*) ;; *) return 1 ;; esac
	printf '%s\n' "$out" | awk -v t="$4" '$4 == t { f = 1 } END { exit !f }'
}

# wait_for NAME ADDR PORT QNAME QTYPE [+norecurse]: until the server NAME
# (its pid file written) runs and answers (bounded: about 10 s).
wait_for() {
	local name=$1 pid
	shift
	pid=$(tr -dc '0-9' <"$DIR/$name.pid")
	# until the forked shell has exec'd the server, its command line is ours
	for _ in $(seq 50); do
		[ -n "$(pid_of "$name")" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.02
	done
	for _ in $(seq 100); do
		[ -n "$(pid_of "$name")" ] || {
			tail -n 20 "$DIR/$name.log" >&2 2>/dev/null || true
			die "$name exited during start (log: $DIR/$name.log)"
		}
		answers "$@" && return 0
		sleep 0.1
	done
	tail -n 20 "$DIR/$name.log" >&2 2>/dev/null || true
	die "$name does not answer $3 $4 on $1@$2 after 10 s (log: $DIR/$name.log)"
}

# ---- zones ------------------------------------------------------------------

# stamp SECONDS: now + SECONDS as YYYYMMDDHHMMSS (UTC), for the signers.
stamp() { date -u -d "@$((NOW + $1))" +%Y%m%d%H%M%S; }
DAY=86400

# zone_text ZONE SERIAL CAA SERVERS...: the records every scenario zone
# has: SOA, NS (the scenario's servers), www with A, AAAA (loopback),
# maybe CAA, and the DNS-01 TXT at _acme-challenge.www.
zone_text() {
	local z=$1 serial=$2 caa=$3 s
	shift 3
	# shellcheck disable=SC2016 # (zone file directives, not expansions)
	printf '$ORIGIN %s\n$TTL 300\n' "$z"
	echo "@ SOA knot1.$ANCHOR_ZONE hostmaster.$ANCHOR_ZONE $serial 3600 600 86400 300"
	for s in "$@"; do echo "@ NS $s.$ANCHOR_ZONE"; done
	echo "www A 127.0.0.1"
	echo "www AAAA ::1"
	[ "$caa" = no ] || echo 'www CAA 0 issue "letsencrypt.org"'
	echo "_acme-challenge.www TXT \"bed-token-${z%%.*}\""
}

# One line per RR, names absolute, fields single-spaced (ldns-read-zone),
# so that the faults can be cut in with awk.
flatten() { ldns-read-zone "$1" 2>/dev/null | tr -s ' \t' '  '; }

# keygen_bind DIR ZONE ALG BITS: a KSK and a ZSK with dnssec-keygen; prints
# the two base names, KSK first.
keygen_bind() {
	local d=$1 z=$2 alg=$3 bits=$4 k z2
	mkdir -p "$d"
	k=$(dnssec-keygen -q -K "$d" -a "$alg" ${bits:+-b "$bits"} -f KSK "$z")
	z2=$(dnssec-keygen -q -K "$d" -a "$alg" ${bits:+-b "$bits"} "$z")
	echo "$d/$k $d/$z2"
}

# keygen_ldns DIR ZONE ALG: a KSK and a ZSK with ldns-keygen (KSK first).
keygen_ldns() {
	local d=$1 z=$2 alg=$3 k z2
	mkdir -p "$d"
	k=$(cd "$d" && ldns-keygen -a "$alg" -k "${z%.}")
	z2=$(cd "$d" && ldns-keygen -a "$alg" "${z%.}")
	echo "$d/$k $d/$z2"
}

# sign_bind IN OUT ZONE START END DENIAL KSK ZSK: dnssec-signzone with the
# two keys (their DNSKEYs added to the zone first), signatures valid from
# now+START to now+END (seconds, may be negative).
sign_bind() {
	local in=$1 out=$2 z=$3 start=$4 end=$5 denial=$6 ksk=$7 zsk=$8 opts=()
	case "$denial" in
	nsec) ;;
	nsec3) opts=(-3 - -H 0) ;;
	nsec3-optout) opts=(-3 - -H 0 -A) ;;
	*) die "sign_bind: denial $denial" ;;
	esac
	cat "$in" "$ksk.key" "$zsk.key" >"$in.keys"
	dnssec-signzone -q -P -o "$z" -f "$out.raw" -d "$(dirname "$ksk")" \
		-s "$(stamp "$start")" -e "$(stamp "$end")" "${opts[@]}" \
		-k "$ksk" "$in.keys" "$zsk" >"$out.log" 2>&1 || {
		cat "$out.log" >&2
		die "dnssec-signzone failed for $z"
	}
	flatten "$out.raw" >"$out"
}

# sign_ldns IN OUT ZONE START END DENIAL KSK ZSK: ldns-signzone likewise.
sign_ldns() {
	local in=$1 out=$2 z=$3 start=$4 end=$5 denial=$6 ksk=$7 zsk=$8 opts=()
	case "$denial" in
	nsec) ;;
	nsec3) opts=(-n -t 0) ;;
	nsec3-200) opts=(-n -t 200 -s b3d5a1) ;;
	*) die "sign_ldns: denial $denial" ;;
	esac
	# (200 iterations make it warn on stderr: the log keeps that)
	ldns-signzone -o "$z" -f "$out.raw" -i $((NOW + start)) -e $((NOW + end)) \
		"${opts[@]}" "$in" "$ksk" "$zsk" >"$out.log" 2>&1 || {
		cat "$out.log" >&2
		die "ldns-signzone failed for $z"
	}
	flatten "$out.raw" >"$out"
}

# ds_bind KSK / ds_ldns KSK: the SHA-256 DS of a key, by the signer's tool,
# as "OWNER DS TAG ALG 2 HEX".
ds_bind() { dnssec-dsfromkey -2 "$1.key" | awk '{ print $1, "DS", $4, $5, $6, $7 }'; }
ds_ldns() { ldns-key2ds -n -2 "$1.key" | awk '{ print $1, "DS", $5, $6, $7, $8 }'; }
ds_knot() { # ds_knot ZONE [CONF]
	keymgr -c "${2:-$DIR/knotd.conf}" "$1" ds | awk '$2 == "DS" && $5 == 2 { print $1, "DS", $3, $4, $5, $6; exit }'
}

# The faults, cut into a flattened signed zone (one RR a line:
# OWNER TTL CLASS TYPE RDATA...).
#
# break_rrsig_of OWNER TYPE FILE: the RRSIG over OWNER's TYPE RRset gets a
# signature that no key made: its last base64 field's first characters are
# changed (the RRSIG still parses; only the cryptography fails).
break_rrsig_of() {
	awk -v o="$1" -v t="$2" '
		$1 == o && $4 == "RRSIG" && $5 == t {
			s = $NF
			$NF = (substr(s, 1, 4) == "AAAA" ? "BBBB" : "AAAA") substr(s, 5)
			n++
		}
		{ print }
		END { if (n != 1) { print "break_rrsig_of: " n " RRSIGs over " o " " t > "/dev/stderr"; exit 1 } }
	' "$3" >"$3.tmp" && mv "$3.tmp" "$3"
}
# drop_rrset OWNER TYPE FILE: OWNER's TYPE RRset and its RRSIGs go.
drop_rrset() {
	awk -v o="$1" -v t="$2" '
		$1 == o && ($4 == t || ($4 == "RRSIG" && $5 == t)) { n++; next }
		{ print }
		END { if (n < 2) { print "drop_rrset: nothing at " o " " t > "/dev/stderr"; exit 1 } }
	' "$3" >"$3.tmp" && mv "$3.tmp" "$3"
}
# set_algorithm ALG FILE: every DNSKEY and RRSIG says algorithm ALG (the
# key material and signatures stay those of algorithm 13).
set_algorithm() {
	awk -v a="$1" '
		$4 == "DNSKEY" { $7 = a }
		$4 == "RRSIG" { $6 = a }
		{ print }
	' "$2" >"$2.tmp" && mv "$2.tmp" "$2"
}
# dnskey_lines FILE FLAGS: the zone's DNSKEY RRs with those flags.
dnskey_lines() { awk -v f="$2" '$4 == "DNSKEY" && $5 == f' "$1"; }

# make_zone ID LABEL SERVERS DENIAL CAA: the child zone of one scenario,
# signed and broken as the scenario says, in DIR/zones/LABEL.zone (stale:
# also LABEL.zone.old; optout: also sub.LABEL.zone); the DS lines for the
# parent (maybe none) in DIR/keys/LABEL.ds. Knot's two zones get their keys
# from keymgr here and are signed by knotd.
make_zone() {
	local id=$1 label=$2 servers=$3 denial=$4 caa=$5 z ksk zsk f ds=""
	local K=$DIR/keys Z=$DIR/zones
	z=$label.$ANCHOR_ZONE
	f=$Z/$label.zone
	# shellcheck disable=SC2086 # (the list of servers)
	zone_text "$z" 2 "$caa" $servers >"$f.in"
	case "$id" in
	good_knot | ds_mismatch)
		keymgr -c "$DIR/knotd.conf" "$z" generate algorithm=13 ksk=yes zsk=no \
			publish=-1d ready=-1d active=-1d >/dev/null
		keymgr -c "$DIR/knotd.conf" "$z" generate algorithm=13 ksk=no zsk=yes \
			publish=-1d active=-1d >/dev/null
		cp "$f.in" "$f"
		ds=$(ds_knot "$z")
		if [ "$id" = ds_mismatch ]; then
			# The parent keeps the DS of a key the zone no longer
			# publishes (a roll done at the zone, not at the
			# registrar): same algorithm, another key.
			read -r ksk _ <<<"$(keygen_ldns "$K/$label-old" "$z" ECDSAP256SHA256)"
			ds=$(ds_ldns "$ksk")
		fi
		;;
	good_bind)
		read -r ksk zsk <<<"$(keygen_bind "$K/$label" "$z" RSASHA256 2048)"
		sign_bind "$f.in" "$f" "$z" -3600 $((30 * DAY)) nsec "$ksk" "$zsk"
		ds=$(ds_bind "$ksk")
		;;
	good_ldns | not_yet_valid | bad_denial | ds_digest99 | nsec3_iter200)
		read -r ksk zsk <<<"$(keygen_ldns "$K/$label" "$z" ECDSAP256SHA256)"
		if [ "$id" = not_yet_valid ]; then
			# valid from two days ahead: beyond Unbound's skew
			# (10% of the 30-day window, at most 1 day)
			sign_ldns "$f.in" "$f" "$z" $((2 * DAY)) $((32 * DAY)) "$denial" "$ksk" "$zsk"
		else
			sign_ldns "$f.in" "$f" "$z" -3600 $((30 * DAY)) "$denial" "$ksk" "$zsk"
		fi
		ds=$(ds_ldns "$ksk")
		case "$id" in
		bad_denial)
			# The case of Let's Encrypt's CAA page (a signer that
			# signs empty answers wrongly, PowerDNS 4.0.3 and
			# below): the NSEC3 that proves www has no CAA carries
			# a bad signature; www's A, AAAA and the TXT below it
			# are signed right.
			break_rrsig_of "$(nsec3_owner "www.$z" "$z" 0 -).$z" NSEC3 "$f"
			;;
		ds_digest99)
			# The right key tag and algorithm, digest type 99
			# (assigned to nothing): no usable DS, so insecure.
			ds=$(awk '{ $5 = 99; print }' <<<"$ds")
			;;
		esac
		;;
	expired | missing_denial | alg253 | optout)
		read -r ksk zsk <<<"$(keygen_bind "$K/$label" "$z" ECDSAP256SHA256 "")"
		case "$id" in
		expired)
			# signed for days 30..2 ago: expired two days ago,
			# beyond Unbound's skew (10% of 28 days, at most 1 day)
			sign_bind "$f.in" "$f" "$z" $((-30 * DAY)) $((-2 * DAY)) "$denial" "$ksk" "$zsk"
			;;
		optout)
			# an unsigned delegation, sub., which opt-out leaves
			# without an NSEC3 of its own
			{
				echo "sub NS knot1.$ANCHOR_ZONE"
				echo "sub NS knot2.$ANCHOR_ZONE"
			} >>"$f.in"
			sign_bind "$f.in" "$f" "$z" -3600 $((30 * DAY)) "$denial" "$ksk" "$zsk"
			zone_text "sub.$z" 1 no knot1 knot2 >"$Z/sub.$label.zone"
			;;
		*)
			sign_bind "$f.in" "$f" "$z" -3600 $((30 * DAY)) "$denial" "$ksk" "$zsk"
			;;
		esac
		ds=$(ds_bind "$ksk")
		case "$id" in
		missing_denial)
			# the NSEC at www goes: a NODATA for www proves nothing
			drop_rrset "www.$z" NSEC "$f"
			;;
		alg253)
			# Every key and signature says algorithm 253
			# (PRIVATEDNS, RFC 4034 A.1.1); the DS is that of the
			# edited KSK, by ldns-key2ds: no validator can use it.
			set_algorithm 253 "$f"
			dnskey_lines "$f" 257 >"$K/$label/ksk253.key"
			ds=$(ldns-key2ds -n -2 "$K/$label/ksk253.key" |
				awk '{ print $1, "DS", $5, $6, $7, $8 }')
			;;
		esac
		;;
	stale)
		read -r ksk zsk <<<"$(keygen_bind "$K/$label" "$z" ECDSAP256SHA256 "")"
		# Knot serves serial 2, signed now; NSD still serial 1,
		# signed 30 days ago for 28 days: expired two days ago.
		sign_bind "$f.in" "$f" "$z" -3600 $((30 * DAY)) "$denial" "$ksk" "$zsk"
		# shellcheck disable=SC2086 # (the list of servers)
		zone_text "$z" 1 "$caa" $servers >"$f.old.in"
		sign_bind "$f.old.in" "$f.old" "$z" $((-30 * DAY)) $((-2 * DAY)) "$denial" "$ksk" "$zsk"
		ds=$(ds_bind "$ksk")
		;;
	unsigned)
		cp "$f.in" "$f"
		;;
	*) die "no recipe for scenario $id" ;;
	esac
	printf '%s\n' "$ds" | sed '/^$/d' >"$K/$label.ds"
}

# make_scenario_zones: every scenario's zone (make_zone), all at once in
# the background (RSA key generation is the long pole), save Knot's two,
# which run one after the other in one job (keymgr's key store is one
# database). Sets DS[LABEL] (the DS lines for the parent) and
# KNOT_ZONES/NSD_ZONES (zone -> file).
declare -A DS
declare -A KNOT_ZONES NSD_ZONES
make_scenario_zones() {
	local id label servers signer alg denial caa z f s pids=() jobs=() knot=()
	local i
	while IFS='|' read -r id label servers signer alg denial caa _ _; do
		z=$label.$ANCHOR_ZONE
		f=$DIR/zones/$label.zone
		case "$signer" in
		knot) knot+=("$id|$label|$servers|$denial|$caa") ;;
		*)
			make_zone "$id" "$label" "$servers" "$denial" "$caa" &
			pids+=($!)
			jobs+=("$id")
			;;
		esac
		for s in $servers; do
			case "$s" in
			knot*) KNOT_ZONES[$z]=$f ;;
			nsd*) NSD_ZONES[$z]=$f ;;
			esac
		done
		case "$id" in
		stale) NSD_ZONES[$z]=$f.old ;; # nsd serves the older copy
		optout) KNOT_ZONES[sub.$z]=$DIR/zones/sub.$label.zone ;;
		esac
	done <<<"$SCENARIOS"
	(
		for s in "${knot[@]}"; do
			IFS='|' read -r id label servers denial caa <<<"$s"
			make_zone "$id" "$label" "$servers" "$denial" "$caa"
		done
	) &
	pids+=($!)
	jobs+=("of Knot")
	for i in "${!pids[@]}"; do
		wait "${pids[$i]}" || die "making the zones of scenario ${jobs[$i]} failed"
	done
	while IFS='|' read -r id label _; do
		DS[$label]=$(cat "$DIR/keys/$label.ds")
	done <<<"$SCENARIOS"
}

# nsec3_owner NAME ZONE ITERATIONS SALT: the first label of NAME's NSEC3
# owner (ldns-nsec3-hash, lower case).
nsec3_owner() {
	local salt=()
	[ "$4" = - ] || salt=(-s "$4")
	ldns-nsec3-hash -t "$3" "${salt[@]}" "$1" | tr '[:upper:]' '[:lower:]' | sed 's/\.$//'
}

# The parent: test. (unsigned) and dnssec.test. (the anchor; Knot signs it).
write_parent_zones() {
	local id label servers s z
	{
		# shellcheck disable=SC2016 # (zone file directives)
		printf '$ORIGIN test.\n$TTL 300\n'
		echo "@ SOA ns.test. hostmaster.test. 1 3600 600 86400 300"
		echo "@ NS ns.test."
		echo "ns A $PARENT"
		echo "dnssec NS ns.dnssec"
		echo "ns.dnssec A $PARENT"
	} >"$DIR/zones/test.zone"
	{
		# shellcheck disable=SC2016 # (zone file directives)
		printf '$ORIGIN %s\n$TTL 300\n' "$ANCHOR_ZONE"
		echo "@ SOA ns hostmaster 1 3600 600 86400 300"
		echo "@ NS ns"
		echo "ns A $PARENT"
		echo "knot1 A $KNOT1"
		echo "knot2 A $KNOT2"
		echo "nsd1 A $NSD1"
		echo "nsd2 A $NSD2"
		while IFS='|' read -r id label servers _; do
			z=$label.$ANCHOR_ZONE
			for s in $servers; do echo "$z NS $s.$ANCHOR_ZONE"; done
			[ -z "${DS[$label]}" ] || printf '%s\n' "${DS[$label]}" |
				awk '{ $1 = $1 " 300"; print }'
		done <<<"$SCENARIOS"
	} >"$DIR/zones/dnssec.test.zone"
}

# ---- configs ----------------------------------------------------------------

# write_knot_conf NAME LISTEN [all]: knotd's config DIR/NAME.conf; NAME
# knotd-parent serves test. and dnssec.test., knotd the child zones (its
# own two, plus with `all` the presigned ones of KNOT_ZONES).
write_knot_conf() {
	local name=$1 listen=$2 z
	mkdir -p "$DIR/$name/db"
	cat >"$DIR/$name.conf" <<EOF
# generated by tests/support/dnssec-bed.sh
server:
    rundir: "$DIR/$name"
    listen: [ $listen ]
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
log:
  - target: stderr
    any: info
database:
    storage: "$DIR/$name/db"
# zone transfers to loopback only: the suite judges each server's copy of
# a zone with ldns-verify-zone
acl:
  - id: loopback-transfer
    address: 127.0.0.0/8
    action: transfer
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
    acl: loopback-transfer
    storage: "$DIR/zones"
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
EOF
	if [ "$name" = knotd-parent ]; then
		cat >>"$DIR/$name.conf" <<EOF
zone:
  - domain: test.
    file: test.zone
  - domain: $ANCHOR_ZONE
    file: dnssec.test.zone
    dnssec-signing: on
    dnssec-policy: nsec
EOF
		return 0
	fi
	cat >>"$DIR/$name.conf" <<EOF
zone:
  - domain: good-knot.$ANCHOR_ZONE
    file: good-knot.zone
    dnssec-signing: on
    dnssec-policy: nsec3
  - domain: dsmismatch.$ANCHOR_ZONE
    file: dsmismatch.zone
    dnssec-signing: on
    dnssec-policy: nsec
EOF
	if [ "${3:-}" = all ]; then
		for z in "${!KNOT_ZONES[@]}"; do
			case "$z" in good-knot.* | dsmismatch.*) continue ;; esac
			printf '  - domain: %s\n    file: %s\n' "$z" "${KNOT_ZONES[$z]}"
		done >>"$DIR/$name.conf"
	fi
}

write_nsd_conf() {
	local z
	{
		cat <<EOF
# generated by tests/support/dnssec-bed.sh
server:
    ip-address: $NSD1@$AUTH_PORT
    ip-address: $NSD2@$AUTH_PORT
    do-ip6: no
    server-count: 1
    reuseport: no
    username: ""
    chroot: ""
    zonesdir: "$DIR/zones"
    database: ""
    zonelistfile: "$DIR/nsd/zone.list"
    xfrdfile: "$DIR/nsd/xfrd.state"
    xfrdir: "$DIR/nsd"
    pidfile: "$DIR/nsd/nsd.pid"
    cookie-secret-file: "$DIR/nsd/cookiesecrets.txt"
    verbosity: 1
    hide-version: yes
remote-control:
    control-enable: no
EOF
		for z in "${!NSD_ZONES[@]}"; do
			printf 'zone:\n    name: "%s"\n    zonefile: "%s"\n' "$z" "${NSD_ZONES[$z]}"
			printf '    provide-xfr: 127.0.0.0/8 NOKEY\n'
		done
	} >"$DIR/nsd.conf"
}

# write_unbound_conf NAME PORT KIND: KIND ede (validating, sends EDE with
# text), validator (validating, no EDE: Unbound's default), iterator (not
# validating: the recursive resolver that delv and capture ask, since a
# validating one answers SERVFAIL where delv wants the bogus data). Each
# has a control socket DIR/NAME.ctl (a file, no network) for `flush`.
write_unbound_conf() {
	local name=$1 port=$2 kind=$3 extra
	case "$kind" in
	ede) extra='    module-config: "validator iterator"
    ede: yes
    val-log-level: 2' ;;
	validator) extra='    module-config: "validator iterator"' ;;
	iterator) extra='    module-config: "iterator"' ;;
	esac
	[ "$kind" = iterator ] || extra="$extra
    trust-anchor-file: \"$DIR/anchor.txt\""
	mkdir -p "$DIR/$name"
	cat >"$DIR/$name.conf" <<EOF
# generated by tests/support/dnssec-bed.sh
server:
    interface: 127.0.0.1
    port: $port
    do-udp: yes
    do-tcp: yes
    directory: "$DIR/$name"
    log-time-ascii: yes
    # loopback only, foreground, one thread:
    include: "$ROOT/tests/support/unbound-loopback.conf"
    local-zone: "test." transparent
$extra
remote-control:
    control-enable: yes
    control-interface: "$DIR/$name.ctl"
    control-use-cert: no
# The parent, then every child zone at the addresses of its NS set (a
# delegation's servers are asked on port 53, and the bed has no port 53:
# the stubs say where to go; the NS sets still name the same servers).
stub-zone:
    name: "test."
    stub-addr: $PARENT@$AUTH_PORT
# (a stub of its own too: Unbound looks the DS of an unsigned child up at
# the servers of dnssec.test.'s NS RRset, on port 53, unless a stub says
# otherwise)
stub-zone:
    name: "$ANCHOR_ZONE"
    stub-addr: $PARENT@$AUTH_PORT
EOF
	local id label servers
	while IFS='|' read -r id label servers _; do
		[ "$id" != optout ] || servers_stub "sub.$label.$ANCHOR_ZONE" knot1 knot2
		# shellcheck disable=SC2086 # (the list of servers)
		servers_stub "$label.$ANCHOR_ZONE" $servers
	done <<<"$SCENARIOS" >>"$DIR/$name.conf"
}
servers_stub() { # servers_stub ZONE SERVER...
	local z=$1 s
	shift
	printf 'stub-zone:\n    name: "%s"\n' "$z"
	for s in "$@"; do printf '    stub-addr: %s@%s\n' "$(addr_of "$s")" "$AUTH_PORT"; done
}

# The anchor: dnssec.test.'s KSK as DS (zone-file format), and for delv.
write_anchor() {
	local ds
	ds=$(ds_knot "$ANCHOR_ZONE" "$DIR/knotd-parent.conf")
	[ -n "$ds" ] || die "keymgr gave no DS for $ANCHOR_ZONE"
	{
		echo "; trust anchor of the DNSSEC test bed (tests/support/dnssec-bed.sh):"
		echo "; the SHA-256 DS of $ANCHOR_ZONE's KSK"
		awk '{ $1 = $1 " 3600 IN"; print }' <<<"$ds"
	} >"$DIR/anchor.txt"
	awk '{ printf "trust-anchors {\n\t\"%s\" static-ds %s %s %s \"%s\";\n};\n", $1, $3, $4, $5, $6 }' \
		<<<"$ds" >"$DIR/anchor.delv"
}

# scenarios.env and scenarios.json: what the later tests read.
write_scenarios() {
	local id label servers signer alg denial caa outcome finding severity z s addrs ids=""
	{
		echo "# generated by tests/support/dnssec-bed.sh at $(date -u +%Y-%m-%dT%H:%M:%SZ)"
		echo "ANCHOR_ZONE=$ANCHOR_ZONE"
		echo "ANCHOR_FILE=$DIR/anchor.txt"
		while IFS='|' read -r id label servers signer alg denial caa outcome finding severity; do
			ids="$ids $id"
			z=$label.$ANCHOR_ZONE
			addrs=""
			for s in $servers; do addrs="$addrs $s.$ANCHOR_ZONE=$(addr_of "$s")"; done
			echo "S_${id}_ZONE=$z"
			if [ "$id" = optout ]; then
				echo "S_${id}_NAME=www.sub.$z"
				echo "S_${id}_TXT=_acme-challenge.www.sub.$z"
			else
				echo "S_${id}_NAME=www.$z"
				echo "S_${id}_TXT=_acme-challenge.www.$z"
			fi
			echo "S_${id}_SERVERS=\"${addrs# }\""
			echo "S_${id}_SIGNER=$signer"
			echo "S_${id}_ALGORITHM=$alg"
			echo "S_${id}_DENIAL=$denial"
			echo "S_${id}_CAA=$caa"
			echo "S_${id}_OUTCOME=\"$outcome\""
			echo "S_${id}_FINDING=$finding"
			echo "S_${id}_SEVERITY=$severity"
		done <<<"$SCENARIOS"
		[ -z "${STALE_SERVER:-}" ] || echo "S_stale_STALE_SERVER=$STALE_SERVER"
		echo "SCENARIOS=\"${ids# }\""
	} >"$DIR/scenarios.env"
	/usr/bin/python3 - "$DIR/scenarios.env" >"$DIR/scenarios.json" <<'EOF'
import json, shlex, sys
env = {}
for line in open(sys.argv[1]):
    if line.startswith("#") or "=" not in line:
        continue
    k, v = line.rstrip("\n").split("=", 1)
    env[k] = " ".join(shlex.split(v))
out = {"anchor_zone": env["ANCHOR_ZONE"], "anchor_file": env["ANCHOR_FILE"],
       "scenarios": {}}
for sid in env["SCENARIOS"].split():
    p = "S_%s_" % sid
    s = {k[len(p):].lower(): v for k, v in env.items() if k.startswith(p)}
    s["servers"] = [dict(zip(("name", "address"), x.split("=")))
                    for x in s["servers"].split()]
    for k in ("finding", "severity"):
        s[k] = None if s[k] == "-" else s[k]
    out["scenarios"][sid] = s
json.dump(out, sys.stdout, indent=1, sort_keys=True)
print()
EOF
}

# ---- start, stop, status, capture -------------------------------------------

all_running() {
	local n
	for n in $DAEMONS; do
		[ -n "$(pid_of "$n")" ] || return 1
	done
}

do_start() {
	if all_running && [ -r "$DIR/ports.env" ]; then
		# shellcheck disable=SC1091
		. "$DIR/ports.env"
		if answers "$PARENT" "$AUTH_PORT" "$ANCHOR_ZONE" SOA +norecurse &&
			answers "$KNOT1" "$AUTH_PORT" "good-knot.$ANCHOR_ZONE" SOA +norecurse &&
			answers "$NSD1" "$AUTH_PORT" "good-ldns.$ANCHOR_ZONE" SOA +norecurse &&
			answers 127.0.0.1 "$UNBOUND_EDE_PORT" "$ANCHOR_ZONE" SOA &&
			answers 127.0.0.1 "$UNBOUND_PORT" "$ANCHOR_ZONE" SOA &&
			answers 127.0.0.1 "$RECURSOR_PORT" "$ANCHOR_ZONE" SOA; then
			log "already running in $DIR (auth $AUTH_PORT, unbound $UNBOUND_EDE_PORT $UNBOUND_PORT $RECURSOR_PORT)"
			return 0
		fi
	fi
	# Anything left from an earlier, half-done run goes first; a start
	# that fails stops whatever it started.
	do_stop
	trap 'rc=$?; if [ $rc -ne 0 ]; then do_stop; fi; exit $rc' EXIT
	trap 'exit 130' INT TERM
	local tool
	for tool in knotd keymgr kdig nsd unbound dnssec-keygen dnssec-signzone \
		dnssec-dsfromkey ldns-keygen ldns-signzone ldns-key2ds ldns-read-zone \
		ldns-nsec3-hash unbound-control ss flock; do
		command -v "$tool" >/dev/null ||
			die "$tool is missing (knot, knot-dnsutils, nsd, unbound, bind9-utils, ldnsutils: scripts/deps.sh test)"
	done

	pick_ports
	NOW=$(date +%s)
	rm -rf "$DIR/knotd" "$DIR/knotd-parent" "$DIR/zones" "$DIR/keys" "$DIR/nsd" \
		"$DIR/unbound" "$DIR/unbound-ede" "$DIR/recursor"
	mkdir -p "$DIR/zones" "$DIR/keys" "$DIR/nsd"
	{
		echo "AUTH_PORT=$AUTH_PORT"
		echo "UNBOUND_EDE_PORT=$UNBOUND_EDE_PORT"
		echo "UNBOUND_PORT=$UNBOUND_PORT"
		echo "RECURSOR_PORT=$RECURSOR_PORT"
		echo "KNOT1=$KNOT1"
		echo "KNOT2=$KNOT2"
		echo "NSD1=$NSD1"
		echo "NSD2=$NSD2"
		echo "PARENT=$PARENT"
		echo "ANCHOR_ZONE=$ANCHOR_ZONE"
		echo "BED_STARTED=$NOW"
	} >"$DIR/ports.env"

	# Knot's keys first (keymgr reads the config for the key store), then
	# every zone, then the parent with the DS records, then the configs.
	local knots="\"$KNOT1@$AUTH_PORT\", \"$KNOT2@$AUTH_PORT\""
	write_knot_conf knotd-parent "\"$PARENT@$AUTH_PORT\""
	write_knot_conf knotd "$knots"
	keymgr -c "$DIR/knotd-parent.conf" "$ANCHOR_ZONE" generate algorithm=13 ksk=yes zsk=no \
		publish=-1d ready=-1d active=-1d >/dev/null
	keymgr -c "$DIR/knotd-parent.conf" "$ANCHOR_ZONE" generate algorithm=13 ksk=no zsk=yes \
		publish=-1d active=-1d >/dev/null
	step "ports, Knot's keys"
	make_scenario_zones
	step "zones made and signed"
	write_parent_zones
	write_knot_conf knotd "$knots" all
	write_nsd_conf
	write_anchor
	STALE_SERVER="nsd1.$ANCHOR_ZONE=$NSD1"
	write_scenarios
	write_unbound_conf unbound-ede "$UNBOUND_EDE_PORT" ede
	write_unbound_conf unbound "$UNBOUND_PORT" validator
	write_unbound_conf recursor "$RECURSOR_PORT" iterator

	knotd -c "$DIR/knotd-parent.conf" </dev/null >"$DIR/knotd-parent.log" 2>&1 &
	echo $! >"$DIR/knotd-parent.pid"
	knotd -c "$DIR/knotd.conf" </dev/null >"$DIR/knotd.log" 2>&1 &
	echo $! >"$DIR/knotd.pid"
	nsd -d -c "$DIR/nsd.conf" </dev/null >"$DIR/nsd.log" 2>&1 &
	echo $! >"$DIR/nsd.pid"
	step "configs written, servers started"
	# Knot signs at load: wait until its zones are served signed.
	wait_for knotd-parent "$PARENT" "$AUTH_PORT" "$ANCHOR_ZONE" DNSKEY +norecurse
	wait_for knotd "$KNOT1" "$AUTH_PORT" "good-knot.$ANCHOR_ZONE" DNSKEY +norecurse
	wait_for knotd "$KNOT2" "$AUTH_PORT" "dsmismatch.$ANCHOR_ZONE" DNSKEY +norecurse
	wait_for nsd "$NSD1" "$AUTH_PORT" "good-ldns.$ANCHOR_ZONE" SOA +norecurse
	wait_for nsd "$NSD2" "$AUTH_PORT" "good-ldns.$ANCHOR_ZONE" SOA +norecurse

	step "knotd and nsd answer"
	local u
	for u in unbound-ede unbound recursor; do
		unbound -d -c "$DIR/$u.conf" </dev/null >"$DIR/$u.log" 2>&1 &
		echo $! >"$DIR/$u.pid"
	done
	wait_for unbound-ede 127.0.0.1 "$UNBOUND_EDE_PORT" "$ANCHOR_ZONE" SOA
	wait_for unbound 127.0.0.1 "$UNBOUND_PORT" "$ANCHOR_ZONE" SOA
	wait_for recursor 127.0.0.1 "$RECURSOR_PORT" "$ANCHOR_ZONE" SOA
	step "the Unbounds answer"
	exec 9>&-
	log "knotd on $PARENT (parent) and $KNOT1 $KNOT2, nsd on $NSD1 $NSD2 (port $AUTH_PORT);" \
		"unbound on 127.0.0.1@$UNBOUND_EDE_PORT (EDE), @$UNBOUND_PORT and @$RECURSOR_PORT (not validating); in $DIR"
}

do_stop() {
	local p
	# the resolvers first (so that none asks a server that is going)
	stop_daemons unbound unbound-ede recursor
	stop_daemons nsd knotd knotd-parent
	for p in $(stray_nsd); do
		kill -KILL "$p" 2>/dev/null || true
	done
}

do_status() {
	local rc=0 name pid
	for name in $DAEMONS; do
		pid=$(pid_of "$name")
		if [ -n "$pid" ]; then
			echo "$name: running (pid $pid)"
		else
			echo "$name: stopped"
			rc=1
		fi
	done
	[ ! -r "$DIR/ports.env" ] || cat "$DIR/ports.env"
	return $rc
}

# capture OUT: for every scenario, with tests/support/dnsq.py (not src/):
# through the recursor (not validating; DO+CD, so that bogus data comes
# too) and from every server of the zone directly (RD=0, DO), the names'
# CAA, A, AAAA, TXT, the zone's CAA, and the chain: the DNSKEY of
# dnssec.test., the DS (from the recursor and the parent's server) and
# DNSKEY of the zone. OUT/ID/NAME-TYPE.SOURCE.bin, each message as
# received; OUT/index.tsv lists file, server, name, type and dnsq.py's
# summary (or "no answer"); OUT/anchor.txt and OUT/captured_at (epoch
# seconds: the time to validate them at) go with them. One Python process
# asks everything (dnsq.py's own main, once per question).
do_capture() {
	local out=$1 id label servers name txt z s q qn qt f
	all_running || die "the bed is not running in $DIR (start it first)"
	# shellcheck disable=SC1091
	. "$DIR/ports.env"
	mkdir -p "$out"
	out=$(cd "$out" && pwd)
	cp "$DIR/anchor.txt" "$out/anchor.txt"
	date +%s >"$out/captured_at"
	# the questions: FILE SERVER PORT NAME TYPE dnsq.py-OPTIONS..., one a line
	{
		echo "chain-anchor-DNSKEY.recursor.bin 127.0.0.1 $RECURSOR_PORT $ANCHOR_ZONE DNSKEY --cd"
		while IFS='|' read -r id label servers _; do
			z=$label.$ANCHOR_ZONE
			name=www.$z
			txt=_acme-challenge.www.$z
			[ "$id" != optout ] || { name=www.sub.$z; txt=_acme-challenge.www.sub.$z; }
			mkdir -p "$out/$id"
			for q in "$z DS" "$z DNSKEY" "$name CAA" "$name A" "$name AAAA" "$txt TXT" "$z CAA"; do
				read -r qn qt <<<"$q"
				f=$id/$qn-$qt
				echo "$f.recursor.bin 127.0.0.1 $RECURSOR_PORT $qn $qt --cd"
				if [ "$qt" = DS ]; then
					# a parent's record: from the parent's server
					echo "$f.parent.bin $PARENT $AUTH_PORT $qn $qt --no-rd"
					continue
				fi
				for s in $servers; do
					echo "$f.$s.bin $(addr_of "$s") $AUTH_PORT $qn $qt --no-rd"
				done
			done
		done <<<"$SCENARIOS"
	} >"$out/questions"
	/usr/bin/python3 - "$HERE" "$out" <<'EOF' || die "capture failed"
import contextlib, io, os, sys
sys.path.insert(0, sys.argv[1])
import dnsq
out = sys.argv[2]
n = 0
with open(os.path.join(out, "index.tsv"), "w") as index:
    index.write("file\tserver\tname\ttype\tsummary\n")
    for line in open(os.path.join(out, "questions")):
        f, server, port, name, qtype, *opts = line.split()
        path = os.path.join(out, f)
        with contextlib.redirect_stderr(io.StringIO()):
            rc = dnsq.main(opts + ["--dnssec", "--timeout", "3", server, port,
                                   name, qtype, path])
        if rc == 0:
            summary = dnsq.summary(open(path, "rb").read())
            n += 1
        else:
            f, summary = "-", "no answer"
        index.write("%s\t%s@%s\t%s\t%s\t%s\n" % (f, server, port, name, qtype, summary))
print("dnssec-bed.sh: captured %d answers in %s (index.tsv)" % (n, out), file=sys.stderr)
EOF
	rm -f "$out/questions"
}

# flush: every Unbound forgets all it learnt (cache, keys, bogus marks,
# server blacklists), as just started: `unbound-control reload` on its
# control socket. For tests whose outcome depends on what was asked first.
do_flush() {
	local u
	all_running || die "the bed is not running in $DIR (start it first)"
	for u in unbound-ede unbound recursor; do
		unbound-control -c "$DIR/$u.conf" reload >/dev/null ||
			die "unbound-control reload failed for $u"
	done
}

usage() {
	echo "usage: $0 start|stop|status|flush DIR | capture DIR OUT" >&2
	exit 64
}
[ $# -ge 2 ] || usage
mkdir -p "$2"
DIR=$(cd "$2" && pwd)
case "$1" in
start) [ $# -eq 2 ] || usage; do_start ;;
stop) [ $# -eq 2 ] || usage; do_stop ;;
status) [ $# -eq 2 ] || usage; do_status ;;
flush) [ $# -eq 2 ] || usage; do_flush ;;
capture) [ $# -eq 3 ] || usage; do_capture "$3" ;;
*) usage ;;
esac
