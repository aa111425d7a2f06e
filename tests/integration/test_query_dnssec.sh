#!/usr/bin/env bash
# `acmeprobe query NAME TYPE --dnssec` against real signed zones: the lab of
# tests/support/dnssec-lab.sh (lab. and its children, signed by
# dnssec-signzone and ldns-signzone for now, some broken after signing,
# served by Knot and NSD) behind a real validating Unbound, with the lab's
# top key (WORK/lab/anchor.txt) as --trust-anchor. Each check asserts the
# exact status, reason, zone and key tag of the JSON `dnssec` object, and
# that Unbound (validating, without CD) agrees: SERVFAIL for bogus, AD for
# secure. R-DNSSEC-3, -4, -6, -7, -8, -9, -10, -11. About 5 s.
#
# Output: "ok - ..." / "not ok - ..." lines, last "N passed, M failed".
# Env: ACMEPROBE (default ./acmeprobe), KEEP=1 keeps the work directory.
# Network: loopback only.
set -euo pipefail

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SHOW_STDOUT=3000
LAB=tests/support/dnssec-lab.sh
DNSQ=tests/support/dnsq.py

work_dir test-query-dnssec

json_helpers <<'EOF'
def d(j):
    return j.get("dnssec") or {}
def chain(j):
    return [(c.get("zone"), c.get("status")) for c in d(j).get("chain") or []]
def cut(j, zone):
    return ([c for c in d(j).get("chain") or [] if c.get("zone") == zone] or [{}])[0]
def parts(j):
    return [(p.get("name"), p.get("type"), p.get("kind"), p.get("status")) for p in d(j).get("rrsets") or []]
EOF

copy_binary
if ! "$LAB" build "$WORK/lab" "$(date +%s)" >"$WORK/lab-build.log" 2>&1; then
	not_ok "the lab's zones do not sign"
	diag "$WORK/lab-build.log"
	finish
fi
at_exit "'$ROOT/$LAB' stop '$WORK/lab'"
if ! "$LAB" start "$WORK/lab" >"$WORK/lab-start.log" 2>&1; then
	not_ok "Knot, NSD or Unbound do not start"
	diag "$WORK/lab-start.log"
	finish
fi
# shellcheck disable=SC1091
. "$WORK/lab/ports.env"
S="@127.0.0.1:$LAB_UNBOUND_PORT"
TA="$WORK/lab/anchor.txt"
Q=(query --json --timeout 2000 --dnssec --trust-anchor "$TA")
KTAG() { # the key tag of ZONE's KSK, from the DS in lab.'s zone file
	awk -v z="$1" '$1 == z && $4 == "DS" { print $5; exit }' "$WORK/lab/zones/lab.zone"
}
LABTAG=$(awk '{ print $5 }' "$TA")

# the oracle: Unbound validating (RD, DO, no CD): RCODE, AD, EDE
oracle() {
	"$PY" "$DNSQ" --dnssec 127.0.0.1 "$LAB_UNBOUND_PORT" "$1" "$2" "$WORK/oracle.bin" >/dev/null 2>&1 &&
		"$PY" "$DNSQ" --summary "$WORK/oracle.bin"
}
oracle_is() { # oracle_is NAME TYPE WORD...: each word in Unbound's summary
	local sum w
	sum=$(oracle "$1" "$2") || { why "Unbound did not answer $1 $2"; return; }
	shift 2
	for w in "$@"; do
		case " $sum " in *" $w "*) ;; *) why "Unbound: want '$w' in: $sum" ;; esac
	done
}

# ---- secure --------------------------------------------------------------

oracle_is rsa.lab. CAA +ad rcode=NOERROR
run "${Q[@]}" rsa.lab CAA "$S"
expect "RSA-2048 zone (dnssec-signzone): secure, chain lab. -> rsa.lab." 0 \
	"d(j).get('status') == 'secure'" \
	"d(j).get('reason_code') == 'none'" \
	"chain(j) == [('lab.', 'secure'), ('rsa.lab.', 'secure')]" \
	"cut(j, 'lab.').get('anchor') is True" \
	"cut(j, 'lab.').get('ds') == {'key_tag': $LABTAG, 'algorithm': 13, 'digest_type': 2}" \
	"cut(j, 'rsa.lab.').get('ds') == {'key_tag': $(KTAG rsa.lab.), 'algorithm': 8, 'digest_type': 2}" \
	"cut(j, 'rsa.lab.').get('dnskey') == {'key_tag': $(KTAG rsa.lab.), 'algorithm': 8}" \
	"parts(j) == [('rsa.lab.', 'CAA', 'rrset', 'secure')]" \
	"d(j)['rrsets'][0].get('algorithm') == 8" \
	"'cd' in j.get('flags', [])" \
	"j.get('edns', {}).get('do') is True"

oracle_is x.wild.ecdsa.lab. CAA +ad
run "${Q[@]}" x.wild.ecdsa.lab CAA "$S"
expect "ECDSA P-256, NSEC3: a wildcard answer, secure" 0 \
	"d(j).get('status') == 'secure'" \
	"d(j)['rrsets'][0].get('wildcard') is True" \
	"d(j)['rrsets'][0].get('algorithm') == 13" \
	"d(j).get('zone') == 'ecdsa.lab.'"

oracle_is nx.ecdsa.lab. CAA +ad rcode=NXDOMAIN
run "${Q[@]}" nx.ecdsa.lab CAA "$S"
expect "NXDOMAIN proven with NSEC3 (R-DNSSEC-10)" 0 \
	"j.get('rcode') == 'NXDOMAIN'" \
	"d(j).get('status') == 'secure'" \
	"parts(j) == [('nx.ecdsa.lab.', 'CAA', 'nxdomain', 'secure')]" \
	"d(j)['rrsets'][0].get('proof') == 'nsec3'"

oracle_is www.rsa.lab. CAA +ad
run "${Q[@]}" www.rsa.lab CAA "$S"
expect "NODATA proven with NSEC (R-DNSSEC-9)" 0 \
	"d(j).get('status') == 'secure'" \
	"parts(j) == [('www.rsa.lab.', 'CAA', 'nodata', 'secure')]" \
	"d(j)['rrsets'][0].get('proof') == 'nsec'"

# ---- bogus -----------------------------------------------------------------

oracle_is expired.lab. CAA rcode=SERVFAIL ede=7
run "${Q[@]}" expired.lab CAA "$S"
expect "expired signatures: bogus, sig_expired, EDE 7, the zone's DNSKEY RRset and key (R-DNSSEC-7)" 0 \
	"d(j).get('status') == 'bogus'" \
	"d(j).get('reason_code') == 'sig_expired'" \
	"d(j).get('ede') == 7" \
	"d(j).get('zone') == 'expired.lab.'" \
	"d(j).get('rrset') == {'name': 'expired.lab.', 'type': 'DNSKEY'}" \
	"d(j).get('key_tag') == $(KTAG expired.lab.)" \
	"d(j).get('server') == '127.0.0.1:$LAB_UNBOUND_PORT'" \
	"chain(j) == [('lab.', 'secure'), ('expired.lab.', 'bogus')]"

oracle_is notyet.lab. CAA rcode=SERVFAIL ede=8
run "${Q[@]}" notyet.lab CAA "$S"
expect "signatures not yet valid: bogus, EDE 8 (R-DNSSEC-7)" 0 \
	"d(j).get('status') == 'bogus'" \
	"d(j).get('reason_code') == 'sig_not_yet_valid'" \
	"d(j).get('ede') == 8" \
	"d(j).get('zone') == 'notyet.lab.'"

oracle_is badds.lab. CAA rcode=SERVFAIL ede=9
run "${Q[@]}" badds.lab CAA "$S"
expect "a DS matching no DNSKEY: bogus, ds_mismatch, EDE 9 (R-DNSSEC-3)" 0 \
	"d(j).get('status') == 'bogus'" \
	"d(j).get('reason_code') == 'ds_mismatch'" \
	"d(j).get('ede') == 9" \
	"d(j).get('zone') == 'badds.lab.'" \
	"d(j).get('rrset') == {'name': 'badds.lab.', 'type': 'DNSKEY'}" \
	"d(j).get('server') == '127.0.0.1:$LAB_UNBOUND_PORT'" \
	"cut(j, 'badds.lab.').get('ds') is None" \
	"cut(j, 'badds.lab.').get('dnskey') is None"

oracle_is badnsec3.lab. CAA rcode=SERVFAIL ede=6
run "${Q[@]}" badnsec3.lab CAA "$S"
expect "a bad signature on the NSEC3 of an empty CAA answer: bogus, EDE 6 (R-DNSSEC-9)" 0 \
	"d(j).get('status') == 'bogus'" \
	"d(j).get('reason_code') == 'bad_signature'" \
	"d(j).get('ede') == 6" \
	"d(j).get('rrset', {}).get('type') == 'NSEC3'" \
	"d(j).get('zone') == 'badnsec3.lab.'" \
	"parts(j) == [('badnsec3.lab.', 'CAA', 'nodata', 'bogus')]"

oracle_is noproof.lab. CAA rcode=SERVFAIL ede=10
run "${Q[@]}" noproof.lab CAA "$S"
expect "NODATA without any NSEC: bogus, nsec_missing, EDE 10 as Unbound (R-DNSSEC-9)" 0 \
	"d(j).get('status') == 'bogus'" \
	"d(j).get('reason_code') == 'nsec_missing'" \
	"d(j).get('ede') == 10"

# ---- insecure --------------------------------------------------------------

oracle_is unsupported.lab. CAA -ad rcode=NOERROR
run "${Q[@]}" unsupported.lab CAA "$S"
expect "RSA/MD5 only: insecure, no error (R-DNSSEC-6)" 0 \
	"d(j).get('status') == 'insecure'" \
	"d(j).get('reason_code') == 'unsupported_algorithm'" \
	"d(j).get('ede') is None" \
	"chain(j) == [('lab.', 'secure'), ('unsupported.lab.', 'insecure')]"

oracle_is www.iter200.lab. CAA -ad rcode=NOERROR
run "${Q[@]}" www.iter200.lab CAA "$S"
expect "NSEC3 with 200 iterations: insecure, no hash computed (R-DNSSEC-11)" 0 \
	"d(j).get('status') == 'insecure'" \
	"d(j).get('reason_code') == 'nsec3_iterations'" \
	"d(j).get('nsec3_hashes') == 0"

oracle_is www.child.optout.lab. A -ad rcode=NOERROR
run "${Q[@]}" www.child.optout.lab A "$S"
expect "an unsigned delegation under opt-out: insecure, opt_out (R-DNSSEC-10)" 0 \
	"d(j).get('status') == 'insecure'" \
	"d(j).get('reason_code') == 'opt_out'" \
	"chain(j) == [('lab.', 'secure'), ('optout.lab.', 'secure'), ('child.optout.lab.', 'insecure')]"

# ---- the options -------------------------------------------------------------

run query --json --timeout 2000 --dnssec rsa.lab CAA "$S"
expect "the built-in root anchors do not cover lab.: the root's DNSKEY is asked, no answer: bogus (R-DNSSEC-4)" 0 \
	"d(j).get('status') in ('bogus', 'indeterminate')" \
	"cut(j, '.').get('anchor') is True"

run query --json --timeout 2000 --dnssec --no-dnssec rsa.lab CAA "$S"
expect "--no-dnssec: DO and CD, no validation (dnssec null)" 0 \
	"j.get('dnssec') is None" \
	"'cd' in j.get('flags', [])" \
	"j.get('edns', {}).get('do') is True"

printf 'lab. DS 1 13 2 zz\n' >"$WORK/bad-anchor.txt"
run query --dnssec --trust-anchor "$WORK/bad-anchor.txt" rsa.lab CAA "$S"
grep -q "line 1: the DS digest is not hexadecimal" "$WORK/err" || why "stderr: $(cat "$WORK/err")"
expect "a bad --trust-anchor line: usage error 64 naming the line" 64

run query --dnssec --trust-anchor "$WORK/none.txt" rsa.lab CAA "$S"
expect "a missing --trust-anchor file: usage error 64" 64

run query --trust-anchor "$TA" rsa.lab CAA "$S"
expect "--trust-anchor without --dnssec: usage error 64" 64

run query --dnssec --trust-anchor "$TA" expired.lab CAA "$S"
grep -q ';; DNSSEC: bogus: the signature has expired (zone expired.lab., RRset expired.lab. DNSKEY' "$WORK/out" ||
	why "no delv-like verdict line in: $(grep DNSSEC "$WORK/out")"
expect "text: the verdict line names the zone, the RRset and the key" 0

finish
