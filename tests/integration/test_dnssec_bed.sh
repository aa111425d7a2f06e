#!/usr/bin/env bash
# The live DNSSEC test bed (tests/support/dnssec-bed.sh) judged by software
# that is not acmeprobe's: for every scenario, the outcome a CA's resolver
# gives, so that acmeprobe's DNSSEC findings, when they land, are tested
# against outcomes already established by real validators.
#
#   1. The bed starts (in < 15 s), runs six daemons, listens only on
#      127.0.53.1-5 and 127.0.0.1 and only on its four ports; its anchor
#      (DIR/anchor.txt) is the DS of the DNSKEY the parent serves (computed
#      here by dnssec-dsfromkey); every zone's NS set, as Unbound resolves
#      it, is the scenario's servers, and each of them answers with AA.
#   2. The zones are what the scenarios say: algorithms (RSA-2048 for
#      good-bind), NSEC3 parameters (0 iterations, 200, opt-out), the
#      parent's DS (digest 99; a key tag no DNSKEY of dsmismatch has; none
#      for unsigned).
#   3. For each scenario, from an empty cache (`dnssec-bed.sh flush`), in
#      this order: CAA, A, AAAA of the scenario's name and TXT of its
#      _acme-challenge name, asked as Boulder asks (EDNS, AD=1, DO=0) with
#      kdig, of the Unbound with EDE (rcode, number of records of the type,
#      AD, EDE code, EDE text matched whole against an ERE) and of the one
#      without (the same rcode, records and AD, and no EDE at all); and by
#      delv through the non-validating recursor (its verdict line exactly,
#      and a line of its validation trace, +vtrace, matching an ERE). The
#      table EXPECT below is the expected outcome of each.
#   4. What depends on the order of questions: the first question that hits
#      a broken key decides the EDE of later ones (ds_mismatch: EDE 9 first,
#      EDE 6 after; asked A first, A gets the 9); the same question again
#      is answered from the cache of bogus answers: EDE 6, no text.
#   5. stale: which server serves the expired copy: kdig +dnssec at each
#      server (the RRSIG expiration against `date`, exactly the date the bed
#      signed with; the serials), each server's copy by zone transfer judged
#      by ldns-verify-zone; and how Unbound copes: whenever it meets nsd1,
#      it blacklists it and asks knot1, so the answer stays secure
#      (unbound-control verbosity 3, up to 12 fresh tries).
#   6. scenarios.env / scenarios.json; capture mode (every answer saved,
#      shapes checked with tests/support/dnsq.py --summary).
#   7. Lifecycle: start again keeps the same processes; a second bed on the
#      same port fails cleanly and leaves nothing; stop leaves no process;
#      stop again, status, flush and capture on a stopped bed; a second
#      start after stop works; usage errors exit 64.
#
# Prints one "ok - ..." / "not ok - ..." line per check, "# ..." details on
# failure, last "N passed, M failed"; exit 1 on failure. Loopback only.
# KEEP=1 keeps the work directory (the bed in WORK/bed, with its logs).
# About 25 s; the script stops itself at 110 s.
set -euo pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
BED=tests/support/dnssec-bed.sh
DNSQ=tests/support/dnsq.py
work_dir test-dnssec-bed
B=$WORK/bed
WATCHDOG=
# shellcheck disable=SC2317 # (called on exit)
stop_all() {
	[ -z "$WATCHDOG" ] || kill -TERM "$WATCHDOG" 2>/dev/null || true
	"$BED" stop "$B" >/dev/null 2>&1 || true
	"$BED" stop "$WORK/bed2" >/dev/null 2>&1 || true
}
at_exit stop_all
trap 'not_ok "stopped by a signal (the 110 s watchdog?)"; echo "$pass passed, $fail failed"; exit 130' INT TERM
(
	trap 'kill "$sp" 2>/dev/null; exit 0' TERM
	sleep 110 >/dev/null 2>&1 &
	sp=$!
	wait "$sp" && kill -TERM $$
) &
WATCHDOG=$!

for tool in knotd nsd unbound unbound-control kdig delv dnssec-signzone dnssec-dsfromkey \
	ldns-signzone ldns-verify-zone; do
	command -v "$tool" >/dev/null || {
		not_ok "$tool is missing (scripts/deps.sh test)"
		finish
	}
done

# ---- 1. the bed starts, on loopback only -------------------------------------

t1=$(date +%s%N)
if ! "$BED" start "$B" >"$WORK/start.log" 2>&1; then
	not_ok "the DNSSEC bed starts"
	diag "$WORK/start.log"
	finish
fi
t2=$(date +%s%N)
start_ms=$(((t2 - t1) / 1000000))
if [ "$start_ms" -lt 15000 ]; then
	ok "the DNSSEC bed starts in ${start_ms} ms (< 15 s)"
else
	not_ok "the DNSSEC bed took ${start_ms} ms to start (want < 15 s)"
fi
# shellcheck disable=SC1091
. "$B/ports.env"
# shellcheck disable=SC1091
. "$B/scenarios.env"

if "$BED" status "$B" >"$WORK/status" && [ "$(grep -c ': running (pid' "$WORK/status")" = 6 ]; then
	ok "status: six daemons run (knotd-parent knotd nsd unbound-ede unbound recursor)"
else
	not_ok "status after start"
	diag "$WORK/status"
fi

# Every socket of our daemons: an address in 127/8, one of our four ports.
pids=$(sed -n 's/.*(pid \([0-9]*\))$/\1/p' "$WORK/status" | tr '\n' ' ')
ss -Hlnptu >"$WORK/ss" 2>/dev/null || true
bad=$(awk -v pids=" $pids" -v lo="$AUTH_PORT" -v hi="$RECURSOR_PORT" '
	{
		mine = 0
		for (i = 1; i <= NF; i++) if ($i ~ /pid=/) {
			p = $i; sub(/.*pid=/, "", p); sub(/,.*/, "", p)
			if (index(pids " ", " " p " ")) mine = 1
		}
		if (!mine) next
		n++
		a = $5; port = a; sub(/.*:/, "", port); sub(/:[^:]*$/, "", a)
		if (a !~ /^127\./ || port < lo || port > hi) print
	}
	END { if (n < 14) print "only " n " sockets of ours" }' "$WORK/ss")
if [ -z "$bad" ]; then
	ok "every socket of the bed is on 127.0.0.0/8, ports $AUTH_PORT-$RECURSOR_PORT"
else
	not_ok "sockets outside loopback or the bed's ports: $bad"
fi

# The anchor is the DS of the KSK the parent serves (dnssec-dsfromkey here,
# keymgr in the bed).
kdig @"$PARENT" -p "$AUTH_PORT" +norec +noall +answer "$ANCHOR_ZONE" DNSKEY >"$WORK/parent.dnskey" 2>/dev/null || true
want=$(dnssec-dsfromkey -2 -f "$WORK/parent.dnskey" "$ANCHOR_ZONE" 2>/dev/null |
	awk '{ print $4, $5, $6, tolower($7) }' | sort)
got=$(awk '$1 !~ /^;/ && $4 == "DS" { print $5, $6, $7, tolower($8) }' "$B/anchor.txt" | sort)
if [ -n "$got" ] && [ "$got" = "$want" ] &&
	[ "$(awk '$1 !~ /^;/ && $4 == "DS"' "$B/anchor.txt" | wc -l)" = 1 ]; then
	ok "anchor.txt: one DS, that of $ANCHOR_ZONE's KSK as served ($got)"
else
	not_ok "anchor.txt: want DS $want, got $got"
	diag "$B/anchor.txt"
fi

# (set per scenario by eval from scenarios.env's S_ID_ZONE and the like)
zone='' servers='' name='' txt=''
# the NS set of every zone, through the recursor (a validating resolver
# SERVFAILs the bogus ones), is the scenario's servers; each answers the
# zone's SOA with AA
for id in $SCENARIOS; do
	eval "zone=\$S_${id}_ZONE servers=\$S_${id}_SERVERS"
	want=$(for s in $servers; do echo "${s%%=*}"; done | sort | tr '\n' ' ')
	got=$(kdig @127.0.0.1 -p "$RECURSOR_PORT" +timeout=3 +retry=0 +noall +answer "$zone" NS 2>/dev/null |
		awk '$4 == "NS" { print $5 }' | sort | tr '\n' ' ')
	aa=""
	for s in $servers; do
		kdig @"${s#*=}" -p "$AUTH_PORT" +norec +timeout=2 +retry=0 +noall +header "$zone" SOA 2>/dev/null |
			grep -q 'status: NOERROR' || aa="$aa ${s#*=}(no answer)"
		kdig @"${s#*=}" -p "$AUTH_PORT" +norec +timeout=2 +retry=0 +noall +header "$zone" SOA 2>/dev/null |
			grep -q 'Flags: qr aa' || aa="$aa ${s#*=}(no AA)"
	done
	if [ "$got" = "$want" ] && [ -z "$aa" ]; then
		ok "$id: $zone NS = ${want% }, each answers with AA"
	else
		not_ok "$id: $zone NS: want $want, got $got$aa"
	fi
done

echo "# $(($(date +%s) - T0)) s so far"
# ---- 2. the zones are what the scenarios say ----------------------------------

# rrs ADDR NAME TYPE: the records of TYPE (owner type rdata), one a line
rrs() {
	kdig @"$1" -p "$AUTH_PORT" +norec +dnssec +timeout=2 +retry=0 +noall +answer "$2" "$3" 2>/dev/null |
		awk -v t="$3" '$4 == t { $2 = ""; $3 = ""; print }' | tr -s ' '
}
# algs ADDR ZONE: the sorted, unique algorithm numbers of the DNSKEY RRset
algs() { rrs "$1" "$2" DNSKEY | awk '{ print $5 }' | sort -u | tr '\n' ' ' | sed 's/ $//'; }
# nsec3param ADDR ZONE: "hash flags iterations salt"
nsec3param() { rrs "$1" "$2" NSEC3PARAM | awk '{ print $3, $4, $5, $6 }'; }
# expect_eq DESC WANT GOT
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1: $3"; else not_ok "$1: want '$2', got '$3'"; fi
}
Z=$ANCHOR_ZONE
expect_eq "good_knot: DNSKEY algorithms" 13 "$(algs "$KNOT1" "good-knot.$Z")"
expect_eq "good_knot: NSEC3PARAM (RFC 9276: 0 iterations, no salt)" "1 0 0 -" "$(nsec3param "$KNOT2" "good-knot.$Z")"
expect_eq "good_bind: DNSKEY algorithms (RSA/SHA-256)" 8 "$(algs "$NSD1" "good-bind.$Z")"
bits=$(rrs "$KNOT1" "good-bind.$Z" DNSKEY | $PY -c '
import base64, sys
for line in sys.stdin:
    f = line.split()
    k = base64.b64decode("".join(f[5:]))
    # RFC 3110 s2: exponent length in one octet (or 0 and two more)
    if k[0]:
        e, rest = k[0], k[1:]
    else:
        e, rest = int.from_bytes(k[1:3], "big"), k[3:]
    print(f[2], (len(rest) - e) * 8)' | sort | tr '\n' ' ' | sed 's/ $//')
expect_eq "good_bind: the KSK (257) and ZSK (256) have 2048-bit moduli" "256 2048 257 2048" "$bits"
expect_eq "good_ldns: DNSKEY algorithms" 13 "$(algs "$NSD2" "good-ldns.$Z")"
expect_eq "good_ldns: NSEC3PARAM" "1 0 0 -" "$(nsec3param "$NSD1" "good-ldns.$Z")"
expect_eq "nsec3_iter200: NSEC3PARAM (200 iterations, a salt)" "1 0 200 B3D5A1" "$(nsec3param "$NSD1" "iter200.$Z")"
expect_eq "optout: NSEC3PARAM" "1 0 0 -" "$(nsec3param "$NSD1" "optout.$Z")"
got=$(kdig @"$NSD2" -p "$AUTH_PORT" +norec +dnssec +timeout=2 +retry=0 +noall +authority "sub.optout.$Z" DS 2>/dev/null |
	awk '$4 == "NSEC3" { print $6 }' | sort -u | tr '\n' ' ' | sed 's/ $//')
expect_eq "optout: the DS denial of the unsigned delegation sub. has NSEC3 flags 1 (opt-out)" 1 "$got"
expect_eq "alg253: DNSKEY algorithms (PRIVATEDNS)" 253 "$(algs "$KNOT1" "alg253.$Z")"
expect_eq "alg253: the parent's DS says algorithm 253" 253 "$(rrs "$PARENT" "alg253.$Z" DS | awk '{ print $4 }')"
expect_eq "ds_digest99: the parent's DS has digest type 99" 99 "$(rrs "$PARENT" "digest99.$Z" DS | awk '{ print $5 }')"
rrs "$KNOT1" "dsmismatch.$Z" DNSKEY | awk -v z="dsmismatch.$Z" '{ $1 = z " 300 IN"; print }' >"$WORK/dsm.dnskey"
tags=$(dnssec-dsfromkey -2 -f "$WORK/dsm.dnskey" "dsmismatch.$Z" 2>/dev/null | awk '{ print $4 }' | sort | tr '\n' ' ')
dstag=$(rrs "$PARENT" "dsmismatch.$Z" DS | awk '{ print $3 }')
if [ -n "$dstag" ] && [ -n "$tags" ] && [[ " $tags" != *" $dstag "* ]]; then
	ok "ds_mismatch: the parent's DS key tag $dstag is none of the zone's DNSKEY tags ($tags)"
else
	not_ok "ds_mismatch: DS tag '$dstag', DNSKEY tags '$tags'"
fi
expect_eq "unsigned: no DNSKEY" "" "$(rrs "$KNOT1" "unsigned.$Z" DNSKEY)"
got=$(kdig @"$PARENT" -p "$AUTH_PORT" +norec +dnssec +timeout=2 +retry=0 +noall +header +authority "unsigned.$Z" DS 2>/dev/null |
	awk '/status:/ { sub(/.*status: /, ""); sub(/;.*/, ""); s = $0 } $4 == "NSEC" { n = $1 " NSEC " $6 " " $7 " " $8 } END { print s, n }')
expect_eq "unsigned: the parent proves there is no DS (NODATA, NSEC bitmap without DS)" \
	"NOERROR unsigned.$Z NSEC NS RRSIG NSEC" "$got"

echo "# $(($(date +%s) - T0)) s so far"
# ---- 3. what the resolvers and delv say, scenario by scenario -----------------

# ask PORT NAME TYPE: one question as Boulder asks (EDNS, AD=1, DO=0); sets
# RCODE, RECORDS (RRs of TYPE in the answer), AD (ad or -), EDE (code or
# -, or "several"), EDE_TEXT.
ask() {
	local parsed
	ASKED_OUT=$(kdig @127.0.0.1 -p "$1" +bufsize=1232 +adflag +nodnssec +timeout=4 +retry=0 \
		+noall +header +opt +answer "$2" "$3" 2>&1) || true
	parsed=$(awk -v t="$3" '
		/status: / { rc = $0; sub(/.*status: /, "", rc); sub(/;.*/, "", rc) }
		/^;; Flags: / {
			f = $0; sub(/^;; Flags: /, "", f); sub(/;.*/, "", f)
			if ((" " f " ") ~ / ad /) ad = "ad"
		}
		/^;; EDE: / {
			codes = codes (n++ ? "," : "") $3
			# (an EDE without text: ";; EDE: 6 (DNSSEC Bogus)")
			e = $0
			if (n == 1 && sub(/^;; EDE: [0-9]+ \([^)]*\): \047/, "", e)) {
				txt = e
				sub(/\047$/, "", txt)
			}
		}
		$1 !~ /^;/ && $4 == t { r++ }
		END {
			print (rc == "" ? "no-answer" : rc), r + 0, (ad == "" ? "-" : ad),
				(n == 0 ? "-" : (n > 1 ? "several:" codes : codes))
			print "text:" txt
		}' <<<"$ASKED_OUT")
	read -r RCODE RECORDS AD EDE <<<"${parsed%%$'\n'*}"
	EDE_TEXT=${parsed#*$'\n'text:}
}

# delv_ask NAME TYPE: delv through the recursor (not validating), +vtrace;
# sets VERDICT (its "; ..." line, else its "resolution failed" line) and
# leaves the whole output in WORK/delv.
delv_ask() {
	timeout 15 delv @127.0.0.1 -p "$RECURSOR_PORT" -a "$B/anchor.delv" +root="$ANCHOR_ZONE" \
		+vtrace "$1" "$2" >"$WORK/delv" 2>&1 || true
	VERDICT=$(awk '
		/^; (fully validated|unsigned answer|negative response, .*)$/ && v == "" { v = substr($0, 3) }
		/^;; resolution failed: / && f == "" { f = substr($0, 4) }
		END { print (v != "" ? v : f) }' "$WORK/delv")
}

# ere TEXT: TEXT with the ERE metacharacters escaped (names and addresses
# have only "." of them; the others for safety)
ere() {
	local s=${1//\\/\\\\} c
	for c in . '*' + '?' '(' ')' '[' ']' '{' '}' '|' '^' '$'; do
		s=${s//"$c"/\\$c}
	done
	printf '%s' "$s"
}

# nsec3_hash NAME ITERATIONS SALT: RFC 5155 s5 (SHA-1, base32hex, lower
# case), computed here, not by the bed's ldns-nsec3-hash
nsec3_hash() {
	$PY - "$1" "$2" "$3" <<'EOF'
import base64, hashlib, sys
name, it, salt = sys.argv[1].lower().rstrip("."), int(sys.argv[2]), sys.argv[3]
salt = b"" if salt == "-" else bytes.fromhex(salt)
wire = b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\0"
h = hashlib.sha1(wire + salt).digest()
for _ in range(it):
    h = hashlib.sha1(h + salt).digest()
print(base64.b32hexencode(h).decode().lower())
EOF
}

# One question a line, in the order asked (per scenario, after a flush):
#   scenario | name | type | rcode | records | AD | EDE | EDE text (ERE) |
#   delv verdict | a line of delv's trace (ERE)
# name: www (the scenario's name), txt (its _acme-challenge name) or a
# name. In the EREs: @Z the zone (with its dot), @z without it (as delv
# writes names), @W and @w the name asked (likewise), @FROM "from ADDR" or "from ADDR and
# ADDR", ADDR one of the zone's servers, @H the NSEC3 hash label of www.
# A "-" EDE text: none expected; a "-" trace: not checked; a "*" verdict:
# delv not asked (stale: the recursor picks a server at random).
EXPECT=$(
	cat <<'EOF'
good_knot|www|CAA|NOERROR|1|ad|-|-|fully validated|-
good_knot|www|A|NOERROR|1|ad|-|-|fully validated|-
good_knot|www|AAAA|NOERROR|1|ad|-|-|fully validated|-
good_knot|txt|TXT|NOERROR|1|ad|-|-|fully validated|-
good_bind|www|CAA|NOERROR|0|ad|-|-|negative response, fully validated|validating @w/CAA: nsec proves name exists \(owner\) data=0
good_bind|www|A|NOERROR|1|ad|-|-|fully validated|-
good_bind|www|AAAA|NOERROR|1|ad|-|-|fully validated|-
good_bind|txt|TXT|NOERROR|1|ad|-|-|fully validated|-
good_ldns|www|CAA|NOERROR|1|ad|-|-|fully validated|-
good_ldns|www|A|NOERROR|1|ad|-|-|fully validated|-
good_ldns|www|AAAA|NOERROR|1|ad|-|-|fully validated|-
good_ldns|txt|TXT|NOERROR|1|ad|-|-|fully validated|-
expired|www|CAA|SERVFAIL|0|-|7|validation failure <@W CAA IN>: signature expired @FROM for key @Z while building chain of trust|resolution failed: broken trust chain|validating @z/DNSKEY: verify failed due to bad signature \(keyid=[0-9]+\): RRSIG has expired
expired|www|A|SERVFAIL|0|-|7|validation failure <@W A IN>: key for validation @Z is marked as invalid because of a previous validation failure <www\.@Z CAA IN>: signature expired @FROM for key @Z while building chain of trust|resolution failed: broken trust chain|validating @z/DNSKEY: verify failed due to bad signature \(keyid=[0-9]+\): RRSIG has expired
expired|www|AAAA|SERVFAIL|0|-|7|validation failure <@W AAAA IN>: key for validation @Z is marked as invalid because of a previous validation failure <www\.@Z CAA IN>: signature expired @FROM for key @Z while building chain of trust|resolution failed: broken trust chain|RRSIG has expired
expired|txt|TXT|SERVFAIL|0|-|7|validation failure <@W TXT IN>: key for validation @Z is marked as invalid because of a previous validation failure <www\.@Z CAA IN>: signature expired @FROM for key @Z while building chain of trust|resolution failed: broken trust chain|RRSIG has expired
not_yet_valid|www|CAA|SERVFAIL|0|-|8|validation failure <@W CAA IN>: signature before inception date @FROM for key @Z while building chain of trust|resolution failed: broken trust chain|validating @z/DNSKEY: verify failed due to bad signature \(keyid=[0-9]+\): RRSIG validity period has not begun
not_yet_valid|www|A|SERVFAIL|0|-|8|validation failure <@W A IN>: key for validation @Z is marked as invalid because of a previous validation failure <www\.@Z CAA IN>: signature before inception date @FROM for key @Z while building chain of trust|resolution failed: broken trust chain|RRSIG validity period has not begun
not_yet_valid|www|AAAA|SERVFAIL|0|-|8|validation failure <@W AAAA IN>: key for validation @Z is marked as invalid because of a previous validation failure <www\.@Z CAA IN>: signature before inception date @FROM for key @Z while building chain of trust|resolution failed: broken trust chain|RRSIG validity period has not begun
not_yet_valid|txt|TXT|SERVFAIL|0|-|8|validation failure <@W TXT IN>: key for validation @Z is marked as invalid because of a previous validation failure <www\.@Z CAA IN>: signature before inception date @FROM for key @Z while building chain of trust|resolution failed: broken trust chain|RRSIG validity period has not begun
ds_mismatch|www|CAA|SERVFAIL|0|-|9|validation failure <@W CAA IN>: no keys have a DS with algorithm ECDSAP256SHA256 @FROM for key @Z while building chain of trust|resolution failed: broken trust chain|validating @z/DNSKEY: no valid signature found \(DS\)
ds_mismatch|www|A|SERVFAIL|0|-|6|validation failure <@W A IN>: key for validation @Z is marked as invalid because of a previous validation failure <www\.@Z CAA IN>: no keys have a DS with algorithm ECDSAP256SHA256 @FROM for key @Z while building chain of trust|resolution failed: broken trust chain|validating @z/DNSKEY: no valid signature found \(DS\)
ds_mismatch|www|AAAA|SERVFAIL|0|-|6|validation failure <@W AAAA IN>: key for validation @Z is marked as invalid because of a previous validation failure <www\.@Z CAA IN>: no keys have a DS with algorithm ECDSAP256SHA256 @FROM for key @Z while building chain of trust|resolution failed: broken trust chain|no valid signature found \(DS\)
ds_mismatch|txt|TXT|SERVFAIL|0|-|6|validation failure <@W TXT IN>: key for validation @Z is marked as invalid because of a previous validation failure <www\.@Z CAA IN>: no keys have a DS with algorithm ECDSAP256SHA256 @FROM for key @Z while building chain of trust|resolution failed: broken trust chain|no valid signature found \(DS\)
bad_denial|www|CAA|SERVFAIL|0|-|6|validation failure <@W CAA IN>: signature crypto failed @FROM for <@H\.@Z NSEC3 IN>|resolution failed: broken trust chain|validating @H\.@z/NSEC3: verify failure: RRSIG failed to verify
bad_denial|www|A|NOERROR|1|ad|-|-|fully validated|-
bad_denial|www|AAAA|NOERROR|1|ad|-|-|fully validated|-
bad_denial|txt|TXT|NOERROR|1|ad|-|-|fully validated|-
missing_denial|www|CAA|SERVFAIL|0|-|6|validation failure <@W CAA IN>: nodata proof failed @FROM|resolution failed: broken trust chain|validating @w/CAA: nonexistence proof\(s\) not found
missing_denial|www|A|NOERROR|1|ad|-|-|fully validated|-
missing_denial|www|AAAA|NOERROR|1|ad|-|-|fully validated|-
missing_denial|txt|TXT|NOERROR|1|ad|-|-|fully validated|-
stale|www|CAA|NOERROR|1|ad|-|-|*|-
stale|www|A|NOERROR|1|ad|-|-|*|-
stale|www|AAAA|NOERROR|1|ad|-|-|*|-
stale|txt|TXT|NOERROR|1|ad|-|-|*|-
alg253|www|CAA|NOERROR|1|-|-|-|unsigned answer|validating @w/CAA: no supported algorithm/digest \(@z/DS\)
alg253|www|A|NOERROR|1|-|-|-|unsigned answer|validating @w/A: no supported algorithm/digest \(@z/DS\)
alg253|www|AAAA|NOERROR|1|-|-|-|unsigned answer|no supported algorithm/digest \(@z/DS\)
alg253|txt|TXT|NOERROR|1|-|-|-|unsigned answer|no supported algorithm/digest \(@z/DS\)
ds_digest99|www|CAA|NOERROR|1|-|-|-|unsigned answer|validating @w/CAA: no supported algorithm/digest \(@z/DS\)
ds_digest99|www|A|NOERROR|1|-|-|-|unsigned answer|validating @w/A: no supported algorithm/digest \(@z/DS\)
ds_digest99|www|AAAA|NOERROR|1|-|-|-|unsigned answer|no supported algorithm/digest \(@z/DS\)
ds_digest99|txt|TXT|NOERROR|1|-|-|-|unsigned answer|no supported algorithm/digest \(@z/DS\)
nsec3_iter200|www|CAA|NOERROR|0|-|-|-|negative response, unsigned answer|validating @w/CAA: validate_nx: too many iterations
nsec3_iter200|www|A|NOERROR|1|ad|-|-|fully validated|-
nsec3_iter200|www|AAAA|NOERROR|1|ad|-|-|fully validated|-
nsec3_iter200|txt|TXT|NOERROR|1|ad|-|-|fully validated|-
optout|www|CAA|NOERROR|0|-|-|-|negative response, unsigned answer|validating sub\.@z/DS: NSEC3 indicates optout
optout|www|A|NOERROR|1|-|-|-|unsigned answer|validating sub\.@z/DS: NSEC3 indicates optout
optout|www|AAAA|NOERROR|1|-|-|-|unsigned answer|NSEC3 indicates optout
optout|txt|TXT|NOERROR|1|-|-|-|unsigned answer|NSEC3 indicates optout
optout|www.optout.dnssec.test.|CAA|NOERROR|0|ad|-|-|negative response, fully validated|validating @w/CAA: NSEC3 proves name exists \(owner\) data=0
optout|nx.optout.dnssec.test.|CAA|NXDOMAIN|0|-|-|-|negative response, fully validated|validating @w/CAA: NSEC3 indicates optout
unsigned|www|CAA|NOERROR|1|-|-|-|unsigned answer|validating @z/DS: nsec proves name exists \(owner\) data=0
unsigned|www|A|NOERROR|1|-|-|-|unsigned answer|validating @z/DS: nsec proves name exists \(owner\) data=0
unsigned|www|AAAA|NOERROR|1|-|-|-|unsigned answer|-
unsigned|txt|TXT|NOERROR|1|-|-|-|unsigned answer|-
EOF
)

# The scenarios the table covers must be those the bed has, and the reverse.
want=$(tr ' ' '\n' <<<"$SCENARIOS" | sort -u | tr '\n' ' ')
got=$(cut -d'|' -f1 <<<"$EXPECT" | sort -u | tr '\n' ' ')
expect_eq "the table covers every scenario of the bed" "$want" "$got"

# subst ERE: the table's placeholders filled in for this row
subst() {
	local r=$1
	r=${r//@FROM/from $addr( and $addr)?}
	r=${r//@W/$(ere "$qn")}
	r=${r//@w/$(ere "${qn%.}")}
	r=${r//@Z/$(ere "$zone")}
	r=${r//@z/$(ere "${zone%.}")}
	[[ $r != *@H* ]] || r=${r//@H/$(nsec3_hash "www.$zone" 0 -)}
	printf '%s' "$r"
}
last=
while IFS='|' read -r id qn qt rcode records ad ede text verdict trace; do
	if [ "$id" != "$last" ]; then
		# each scenario from an empty cache: the order inside it is the table's
		"$BED" flush "$B" >"$WORK/flush.log" 2>&1 || {
			not_ok "$id: flush"
			diag "$WORK/flush.log"
		}
		last=$id
	fi
	eval "zone=\$S_${id}_ZONE name=\$S_${id}_NAME txt=\$S_${id}_TXT servers=\$S_${id}_SERVERS"
	case "$qn" in www) qn=$name ;; txt) qn=$txt ;; esac
	addr="("
	for s in $servers; do addr="$addr$(ere "${s#*=}")|"; done
	addr="${addr%|})"
	what="$id: $qn $qt"

	# the Unbound with EDE
	ask "$UNBOUND_EDE_PORT" "$qn" "$qt"
	got="$RCODE records=$RECORDS $AD EDE $EDE"
	wantv="$rcode records=$records $ad EDE $ede"
	if [ "$got" = "$wantv" ]; then
		ok "$what (Unbound with EDE): $got"
	else
		not_ok "$what (Unbound with EDE): want $wantv, got $got"
		printf '%s\n' "$ASKED_OUT" | sed 's/^/#   /'
	fi
	if [ "$text" = - ]; then
		[ -z "$EDE_TEXT" ] || not_ok "$what: an EDE text where none was expected: $EDE_TEXT"
	else
		re=$(subst "$text")
		if [[ $EDE_TEXT =~ ^$re$ ]]; then
			ok "$what: EDE text '$EDE_TEXT'"
		else
			not_ok "$what: EDE text '$EDE_TEXT' does not match ^$re\$"
		fi
	fi

	# the Unbound without EDE: the same answer, and no EDE
	ask "$UNBOUND_PORT" "$qn" "$qt"
	got="$RCODE records=$RECORDS $AD EDE $EDE"
	wantv="$rcode records=$records $ad EDE -"
	if [ "$got" = "$wantv" ] && [ -z "$EDE_TEXT" ]; then
		ok "$what (Unbound without EDE): $got"
	else
		not_ok "$what (Unbound without EDE): want $wantv, got $got"
		printf '%s\n' "$ASKED_OUT" | sed 's/^/#   /'
	fi

	# delv, validating by itself through the recursor
	[ "$verdict" != "*" ] || continue
	delv_ask "$qn" "$qt"
	if [ "$VERDICT" != "$verdict" ]; then
		not_ok "$what (delv): want '$verdict', got '$VERDICT'"
		grep -v 'starting\|attempting' "$WORK/delv" | head -20 | sed 's/^/#   /'
	elif [ "$trace" = - ]; then
		ok "$what (delv): $VERDICT"
	else
		re=$(subst "$trace")
		line=$(sed 's/^;; *//' "$WORK/delv" | grep -E -m1 -- "$re" || true)
		if [ -n "$line" ]; then
			ok "$what (delv): $VERDICT; '$line'"
		else
			not_ok "$what (delv): $VERDICT, but no line of its trace matches $re"
			grep -v 'starting\|attempting' "$WORK/delv" | head -20 | sed 's/^/#   /'
		fi
	fi
done <<<"$EXPECT"

echo "# $(($(date +%s) - T0)) s so far"
# ---- 4. the order of questions --------------------------------------------

# asked A first, ds_mismatch's A gets the EDE 9 that CAA got above, and
# expired's A the EDE 7 with its own question in the text
"$BED" flush "$B" >/dev/null 2>&1 || true
ask "$UNBOUND_EDE_PORT" "www.dsmismatch.$Z" A
re="validation failure <$(ere "www.dsmismatch.$Z") A IN>: no keys have a DS with algorithm ECDSAP256SHA256 from .* for key $(ere "dsmismatch.$Z") while building chain of trust"
if [ "$RCODE $EDE" = "SERVFAIL 9" ] && [[ $EDE_TEXT =~ ^$re$ ]]; then
	ok "ds_mismatch, A asked first (after a flush): SERVFAIL, EDE 9, '$EDE_TEXT'"
else
	not_ok "ds_mismatch, A asked first: want SERVFAIL 9 /$re/, got $RCODE $EDE '$EDE_TEXT'"
fi
ask "$UNBOUND_EDE_PORT" "www.expired.$Z" A
re="validation failure <$(ere "www.expired.$Z") A IN>: signature expired from .* for key $(ere "expired.$Z") while building chain of trust"
if [ "$RCODE $EDE" = "SERVFAIL 7" ] && [[ $EDE_TEXT =~ ^$re$ ]]; then
	ok "expired, A asked first: SERVFAIL, EDE 7, '$EDE_TEXT'"
else
	not_ok "expired, A asked first: want SERVFAIL 7 /$re/, got $RCODE $EDE '$EDE_TEXT'"
fi
# the same question again, within val-bogus-ttl (60 s): the answer comes
# from Unbound's cache of bogus answers, with EDE 6 and no text, whatever
# the first one said
for q in "www.expired.$Z A" "www.dsmismatch.$Z A"; do
	read -r qn qt <<<"$q"
	ask "$UNBOUND_EDE_PORT" "$qn" "$qt"
	expect_eq "$qn $qt asked again: from the cache of bogus answers" \
		"SERVFAIL 6 text=''" "$RCODE $EDE text='$EDE_TEXT'"
done

echo "# $(($(date +%s) - T0)) s so far"
# ---- 5. stale: which server, and what Unbound does about it ----------------

# sig_exp ADDR: "expiration serial" of www.stale's CAA RRSIG and the SOA
sig_exp() {
	local e s
	e=$(kdig @"$1" -p "$AUTH_PORT" +norec +dnssec +timeout=2 +retry=0 +noall +answer "www.stale.$Z" CAA 2>/dev/null |
		awk '$4 == "RRSIG" && $5 == "CAA" { print $9 }')
	s=$(kdig @"$1" -p "$AUTH_PORT" +norec +timeout=2 +retry=0 +noall +answer "stale.$Z" SOA 2>/dev/null |
		awk '$4 == "SOA" { print $7 }')
	echo "$e $s"
}
now=$(date -u +%Y%m%d%H%M%S)
read -r exp1 serial1 <<<"$(sig_exp "$KNOT1")"
read -r exp3 serial3 <<<"$(sig_exp "$NSD1")"
# the bed signed nsd1's copy to expire 2 days before it started
want_exp3=$(date -u -d "@$((BED_STARTED - 2 * 86400))" +%Y%m%d%H%M%S)
if [ -n "$exp1" ] && [[ $exp1 > $now ]] && [ "$serial1" = 2 ]; then
	ok "stale: knot1 ($KNOT1) is fresh: serial 2, CAA RRSIG expires $exp1 (now $now)"
else
	not_ok "stale: knot1: serial '$serial1', RRSIG expiration '$exp1' (now $now)"
fi
if [ "$exp3" = "$want_exp3" ] && [[ $exp3 < $now ]] && [ "$serial3" = 1 ]; then
	ok "stale: nsd1 ($NSD1) serves the expired copy: serial 1, CAA RRSIG expired $exp3 (now $now)"
else
	not_ok "stale: nsd1: serial '$serial3', RRSIG expiration '$exp3' (want $want_exp3, before $now)"
fi
expect_eq "stale: scenarios.env names the stale server" "nsd1.$Z=$NSD1" "${S_stale_STALE_SERVER:-}"
# each copy, by zone transfer, judged by ldns-verify-zone
for s in "knot1 $KNOT1" "nsd1 $NSD1"; do
	read -r sn sa <<<"$s"
	kdig @"$sa" -p "$AUTH_PORT" +timeout=3 +retry=0 +noall +answer "stale.$Z" AXFR >"$WORK/axfr.$sn" 2>&1 || true
	rc=0
	ldns-verify-zone "$WORK/axfr.$sn" >"$WORK/verify.$sn" 2>&1 || rc=$?
	nexp=$(grep -c '^Error: DNSSEC signature has expired for ' "$WORK/verify.$sn" || true)
	if [ "$sn" = knot1 ]; then
		if [ $rc = 0 ] && grep -qx 'Zone is verified and complete' "$WORK/verify.$sn"; then
			ok "stale: ldns-verify-zone on knot1's copy: 'Zone is verified and complete'"
		else
			not_ok "stale: ldns-verify-zone on knot1's copy: exit $rc"
			diag "$WORK/verify.$sn"
		fi
	else
		# every RRSIG expired: 11 RRsets (SOA NS DNSKEY NSEC at the apex,
		# A AAAA CAA NSEC at www, TXT NSEC at _acme-challenge.www; DNSKEY
		# twice: the KSK's and the ZSK's signature)
		if [ $rc != 0 ] && [ "$nexp" = 11 ] &&
			grep -q "^Error: DNSSEC signature has expired for www\.stale\.dnssec\.test\.[[:space:]]CAA$" "$WORK/verify.$sn"; then
			ok "stale: ldns-verify-zone on nsd1's copy: exit $rc, 11 'DNSSEC signature has expired' errors (CAA among them)"
		else
			not_ok "stale: ldns-verify-zone on nsd1's copy: exit $rc, $nexp expired errors"
			diag "$WORK/verify.$sn"
		fi
	fi
done
# Unbound meets nsd1 at random; when it does, it blacklists it and asks
# knot1: the answer stays secure. Fresh tries until one meets nsd1.
met=0
answers=""
for try in $(seq 12); do
	"$BED" flush "$B" >/dev/null 2>&1 || true
	unbound-control -c "$B/unbound-ede.conf" verbosity 4 >/dev/null 2>&1 || true
	offset=$(wc -c <"$B/unbound-ede.log")
	ask "$UNBOUND_EDE_PORT" "www.stale.$Z" CAA
	answers="$answers $RCODE/$RECORDS/$AD/$EDE"
	tail -c +$((offset + 1)) "$B/unbound-ede.log" >"$WORK/stale.log"
	if grep -q "blacklist add ip4 $(ere "$NSD1") port $AUTH_PORT" "$WORK/stale.log"; then
		met=$try
		break
	fi
done
# the signature it threw away is nsd1's: "verify: signature expired
# expi=YYYYMMDDHHMMSS" with the expiration nsd1 serves
expi=$(sed -n 's/.*verify: signature expired expi=\([0-9]*\) .*/\1/p' "$WORK/stale.log" | sort -u | tr '\n' ' ')
expect_eq "stale: the signature Unbound found expired is nsd1's (expiration)" "$want_exp3 " "$expi"
"$BED" flush "$B" >/dev/null 2>&1 || true
other=$(tr ' ' '\n' <<<"$answers" | grep -v '^$' | grep -vx 'NOERROR/1/ad/-' || true)
if [ "$met" -gt 0 ] && [ -z "$other" ]; then
	ok "stale: Unbound met nsd1 at try $met, blacklisted $NSD1 and answered from knot1: NOERROR, AD, no EDE every time ($answers)"
else
	not_ok "stale: want a try where Unbound blacklists $NSD1 and every answer NOERROR/1/ad/-; met=$met, answers:$answers"
fi

echo "# $(($(date +%s) - T0)) s so far"
# ---- 6. scenarios.env, scenarios.json, capture ------------------------------

n=$(wc -w <<<"$SCENARIOS")
got=$($PY - "$B/scenarios.json" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
s = j["scenarios"]
bad = [k for k, v in s.items()
       if not (v["zone"].endswith(".dnssec.test.") and v["name"].endswith(v["zone"])
               and v["txt"].startswith("_acme-challenge.") and len(v["servers"]) == 2
               and all(x["address"].startswith("127.0.53.") for x in v["servers"]))]
print(len(s), j["anchor_zone"], "bad:" + ",".join(bad),
      s["expired"]["finding"], s["expired"]["severity"], s["good_knot"]["finding"],
      s["stale"]["severity"], s["stale"]["stale_server"])
EOF
) || true
expect_eq "scenarios.json: every scenario with zone, names, two servers, finding" \
	"$n $Z bad: dnssec_signature_expired error None warning nsd1.$Z=$NSD1" "$got"

if "$BED" capture "$B" "$WORK/capture" >"$WORK/capture.log" 2>&1; then
	rows=$(($(wc -l <"$WORK/capture/index.tsv") - 1))
	noans=$(grep -c $'\tno answer$' "$WORK/capture/index.tsv" || true)
	# per scenario: DS from the recursor and the parent; DNSKEY, CAA, A,
	# AAAA, TXT and the zone's CAA from the recursor and both servers;
	# plus the anchor zone's DNSKEY
	want=$((1 + n * (2 + 6 * 3)))
	if [ "$rows" = "$want" ] && [ "$noans" = 0 ] && [ -s "$WORK/capture/anchor.txt" ] &&
		[ -s "$WORK/capture/captured_at" ]; then
		ok "capture: $rows answers saved, none missing, with anchor.txt and captured_at"
	else
		not_ok "capture: $rows rows (want $want), $noans without answer"
		diag "$WORK/capture.log"
	fi
	f="$WORK/capture/expired/www.expired.dnssec.test.-CAA.recursor.bin"
	sum=$($PY "$DNSQ" --summary "$f" 2>&1 || true)
	case "$sum" in
	*rcode=NOERROR*+cd*an=2\ *an-types=CAA,RRSIG*+do*)
		ok "capture: expired's CAA through the recursor (DO+CD), with its RRSIG: $sum" ;;
	*) not_ok "capture: expired's CAA: $sum" ;;
	esac
	f="$WORK/capture/bad_denial/www.baddenial.dnssec.test.-CAA.nsd1.bin"
	sum=$($PY "$DNSQ" --summary "$f" 2>&1 || true)
	case "$sum" in
	*rcode=NOERROR*+aa*an=0\ *ns-types=SOA,RRSIG,NSEC3,RRSIG*)
		ok "capture: bad_denial's CAA NODATA from nsd1, with the NSEC3 and its RRSIG: $sum" ;;
	*) not_ok "capture: bad_denial's CAA from nsd1: $sum" ;;
	esac
else
	not_ok "capture exits 0"
	diag "$WORK/capture.log"
fi

echo "# $(($(date +%s) - T0)) s so far"
# ---- 7. lifecycle -------------------------------------------------------------

# our_procs DIR: processes whose command line names DIR
our_procs() {
	local p args
	for p in /proc/[0-9]*; do
		# (mapfile, a builtin: no process per process)
		mapfile -d '' args 2>/dev/null <"$p/cmdline" || continue
		case "${args[*]}" in *"$1/"*.conf*) echo "${p#/proc/} ${args[*]}" ;; esac
	done
}
"$BED" status "$B" >"$WORK/status1" 2>&1 || true
rc=0
"$BED" start "$B" >"$WORK/start2.log" 2>&1 || rc=$?
"$BED" status "$B" >"$WORK/status2" 2>&1 || true
if [ $rc = 0 ] && cmp -s "$WORK/status1" "$WORK/status2" && grep -q 'already running' "$WORK/start2.log"; then
	ok "start on a running bed: exit 0, 'already running', the same six processes"
else
	not_ok "start on a running bed: exit $rc"
	diag "$WORK/start2.log" "$WORK/status2"
fi
rc=0
AUTH_PORT=$AUTH_PORT "$BED" start "$WORK/bed2" >"$WORK/bed2.log" 2>&1 || rc=$?
if [ $rc = 1 ] && grep -q "port $AUTH_PORT is locked by another DNSSEC bed" "$WORK/bed2.log" &&
	[ -z "$(our_procs "$WORK/bed2")" ]; then
	ok "a second bed on port $AUTH_PORT: exit 1, 'locked', no process left"
else
	not_ok "a second bed on port $AUTH_PORT: exit $rc"
	diag "$WORK/bed2.log"
fi
"$BED" stop "$B" >"$WORK/stop.log" 2>&1 || true
left=$(our_procs "$B")
sys=$(pgrep -a 'knotd|nsd|unbound' 2>/dev/null | grep -F "$B/" || true)
if [ -z "$left" ] && [ -z "$sys" ]; then
	ok "stop: no process of the bed left (pgrep knotd|nsd|unbound names none of $B)"
else
	not_ok "stop left: $left $sys"
fi
rc=0
"$BED" stop "$B" >/dev/null 2>&1 || rc=$?
expect_eq "stop on a stopped bed: exit status" 0 "$rc"
rc=0
"$BED" status "$B" >/dev/null 2>&1 || rc=$?
expect_eq "status on a stopped bed: exit status" 1 "$rc"
rc=0
"$BED" flush "$B" >"$WORK/err" 2>&1 || rc=$?
expect_eq "flush on a stopped bed: exit status" 1 "$rc"
rc=0
"$BED" capture "$B" "$WORK/capture2" >"$WORK/err" 2>&1 || rc=$?
if [ $rc = 1 ] && grep -q 'not running' "$WORK/err"; then
	ok "capture on a stopped bed: exit 1, 'not running'"
else
	not_ok "capture on a stopped bed: exit $rc"
fi
for args in "" "start" "bogus $B" "start $B extra" "capture $B"; do
	rc=0
	# shellcheck disable=SC2086 # (the words of args)
	"$BED" $args >/dev/null 2>"$WORK/err" || rc=$?
	if [ $rc = 64 ] && grep -q '^usage:' "$WORK/err"; then
		ok "usage error '$args': exit 64"
	else
		not_ok "usage error '$args': exit $rc"
	fi
done

# a second start after stop: new keys, new signatures, the same outcomes
if "$BED" start "$B" >"$WORK/start3.log" 2>&1; then
	# shellcheck disable=SC1091
	. "$B/ports.env"
	ask "$UNBOUND_EDE_PORT" "www.good-ldns.$Z" CAA
	a="$RCODE/$RECORDS/$AD/$EDE"
	ask "$UNBOUND_EDE_PORT" "www.expired.$Z" CAA
	b="$RCODE/$RECORDS/$AD/$EDE"
	expect_eq "started again after stop: good_ldns CAA, expired CAA" \
		"NOERROR/1/ad/- SERVFAIL/0/-/7" "$a $b"
else
	not_ok "start after stop"
	diag "$WORK/start3.log"
fi
"$BED" stop "$B" >/dev/null 2>&1 || true
expect_eq "stopped again: processes left" "" "$(our_procs "$B")"

check_elapsed 60
finish
