#!/usr/bin/env bash
# `acmeprobe caa` through the fault injector (tests/support/faultdns.py):
# DNS errors met during the CAA tree walk, at the name, at a parent below
# the deciding label (no decision: the CA refuses, exit 2), at a parent
# above it (it does not matter: the decision stands), only for type CAA, in
# the middle of a CNAME chain; TC=1 on every UDP answer; SERVFAIL with an
# extended DNS error; NXDOMAIN for the TLD. R-CAA-3..8 and R-CAA-13 of
# /work/shared/validation-rules.md. Each check asserts the exact exit
# status, error.class and error.name (or the decision: permitted,
# relevant_name, rule). tests/integration/README.md says what each check
# expects and why. About 15 s; never more than 60.
#
# faultdns runs with `--default empty`: every label of a name picks the
# behaviour of its own query, and a label that names no behaviour answers
# NOERROR with no record. So x.servfail.ok.b1.t. has an empty name, a
# SERVFAIL parent, a grandparent whose CAA allows letsencrypt.org, and an
# empty TLD.
#
# Output: one "ok - ..." or "not ok - ..." line per check, "# ..." lines
# with the command, the expected and the actual values of a failure, and
# last exactly one line "N passed, M failed". Exit 1 if anything failed.
# Env: ACMEPROBE (default ./acmeprobe), KEEP=1 keeps the work directory.
# Network: loopback only (127.0.0.1).
set -euo pipefail

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

work_dir test-caa-faults
copy_binary

# The helpers of the assertions (tests/integration/checkjson.py); R, recs
# and err as in test_caa.sh.
json_helpers <<'EOF'
def R(name, flags, tag, value):
    return [name, flags, tag, value]
def recs(j):
    return sorted([r.get("name"), r.get("flags"), r.get("tag"), r.get("value")]
                  for r in j.get("records") or [])
def err(j, key):
    return (j.get("error") or {}).get(key)
def _want(bad, what, w, g):
    if w != g:
        bad.append("%s: want %s, got %s" % (what, json.dumps(w), json.dumps(g)))
def decided(j, permitted, relevant, rule):
    bad = []
    _want(bad, "permitted", permitted, j.get("permitted"))
    _want(bad, "relevant_name", relevant, j.get("relevant_name"))
    _want(bad, "error", None, j.get("error", "missing"))
    _want(bad, "rule", rule, j.get("rule"))
    if rule and rule not in (j.get("reason") or ""):
        bad.append("reason does not cite %s: %s" % (rule, json.dumps(j.get("reason"))))
    return bad
def undecided(j, cls, name, rcode="any", rules=()):
    """No decision: permitted null, relevant_name null, records [], error
    {class, name[, rcode]}, and the reason cites each of rules."""
    bad = []
    _want(bad, "permitted", None, j.get("permitted", "missing"))
    _want(bad, "relevant_name", None, j.get("relevant_name", "missing"))
    _want(bad, "records", [], j.get("records"))
    _want(bad, "error.class", cls, err(j, "class"))
    _want(bad, "error.name", name, err(j, "name"))
    if rcode != "any":
        _want(bad, "error.rcode", rcode, err(j, "rcode"))
    for r in rules:
        if r not in (j.get("reason") or ""):
            bad.append("reason does not cite %s: %s" % (r, json.dumps(j.get("reason"))))
    return bad
EOF

# ---- the fault injectors ----------------------------------------------------

if ! start_faultdns f --addr 127.0.0.1 --default empty; then
	not_ok "faultdns.py --default empty does not start"
	diag "$WORK/f.log"
	finish
fi
F=127.0.0.1:$PORT
if ! start_faultdns tc --addr 127.0.0.1 --default empty --tc-udp; then
	not_ok "faultdns.py --tc-udp does not start"
	diag "$WORK/tc.log"
	finish
fi
TC=127.0.0.1:$PORT

# --timeout 300 per try: a dropped query costs 2 tries, 0.6 s.
C=(caa --resolver "$F" --timeout 300 --json)
LE=letsencrypt.org

# ---- sanity: the bed itself ----------------------------------------------------

run "${C[@]}" x.y.a0.t
expect "every label empty: permitted (R-CAA-1)" 0 \
	"decided(j, True, None, 'R-CAA-1') == []"

run "${C[@]}" ok.a0.t
expect "CAA at the name: permitted, relevant_name the name" 0 \
	"decided(j, True, 'ok.a0.t.', 'R-CAA-11') == []" \
	"recs(j) == [R('ok.a0.t.', 0, 'issue', '$LE')]"

run "${C[@]}" x.deny.a0.t
expect "issue \";\" at the parent: forbidden, relevant_name the parent" 1 \
	"decided(j, False, 'deny.a0.t.', 'R-CAA-11') == []"

# ---- an error at the name: no decision (R-CAA-4, R-CAA-5) ----------------------

for b in servfail:SERVFAIL:R-CAA-4 notimp:NOTIMP:R-CAA-4 refused:REFUSED:R-CAA-4 formerr:FORMERR:R-CAA-4; do
	IFS=: read -r beh rcode rule <<<"$b"
	run "${C[@]}" "$beh.a1.t"
	expect "$rcode at the name: exit 2, error.class $beh, error.name the name" 2 \
		"undecided(j, '$beh', '$beh.a1.t.', '$rcode', ['$rule']) == []"
done
run "${C[@]}" notimp.a2.t
expect "NOTIMP: the reason says the server breaks RFC 1035" 2 \
	"'RFC 1035' in j.get('reason', '')"

run "${C[@]}" drop.a1.t
max_ms 3000
expect "no answer at the name (--timeout 300): exit 2, timeout, rcode null, reason R-CAA-5, < 3 s" 2 \
	"undecided(j, 'timeout', 'drop.a1.t.', None, ['R-CAA-5']) == []"

# ---- an error at a parent below the deciding label: no decision ---------------
# (the grandparent's RRset would decide; the error between hides what the
# parent's RRset might say: R-CAA-7, boulder va/caa.go selectCAA)

for beh in servfail notimp refused formerr; do
	run "${C[@]}" "x.$beh.ok.b1.t"
	expect "$beh at the parent, an allowing CAA above it: exit 2, error at the parent" 2 \
		"undecided(j, '$beh', '$beh.ok.b1.t.') == []"
done
run "${C[@]}" x.drop.ok.b1.t
max_ms 3000
expect "no answer at the parent, an allowing CAA above it: exit 2, timeout at the parent" 2 \
	"undecided(j, 'timeout', 'drop.ok.b1.t.', None) == []"

run "${C[@]}" x.servfail.deny.b2.t
expect "SERVFAIL at the parent, a forbidding CAA above it: exit 2 (not 1), error at the parent" 2 \
	"undecided(j, 'servfail', 'servfail.deny.b2.t.', 'SERVFAIL') == []"

run "${C[@]}" x.y.servfail.b3.t
expect "SERVFAIL two labels up, no CAA anywhere: exit 2, error there" 2 \
	"undecided(j, 'servfail', 'servfail.b3.t.') == []"

run "${C[@]}" x.refused.servfail.b4.t
expect "two errors on the path: the lower one is reported (REFUSED under SERVFAIL)" 2 \
	"undecided(j, 'refused', 'refused.servfail.b4.t.', 'REFUSED') == []"

run "${C[@]}" x.y.servfail
expect "SERVFAIL for the TLD, nothing below: exit 2, error at the TLD" 2 \
	"undecided(j, 'servfail', 'servfail.') == []"

# ---- an error at a parent above the deciding label: the decision stands ------

run "${C[@]}" ok.servfail.c1.t
n=$(count f 'name=servfail\.c1\.t\. type=CAA')
[ "$n" -ge 1 ] || why "the parent servfail.c1.t. was not asked (R-CAA-7: every label at once)"
expect "CAA at the name, SERVFAIL above: permitted (the error does not matter)" 0 \
	"decided(j, True, 'ok.servfail.c1.t.', 'R-CAA-11') == []"

run "${C[@]}" deny.notimp.c2.t
expect "issue \";\" at the name, NOTIMP above: forbidden (exit 1, not 2)" 1 \
	"decided(j, False, 'deny.notimp.c2.t.', 'R-CAA-11') == []"

for beh in refused formerr; do
	run "${C[@]}" "ok.$beh.c3.t"
	expect "CAA at the name, $beh above: permitted" 0 \
		"decided(j, True, 'ok.$beh.c3.t.', 'R-CAA-11') == []"
done

run "${C[@]}" x.ok.drop.c4.t
max_ms 3000
expect "CAA at the parent, no answer above it: permitted" 0 \
	"decided(j, True, 'ok.drop.c4.t.', 'R-CAA-11') == []"

run "${C[@]}" ok.c5.servfail
expect "CAA at the name, SERVFAIL for the TLD: permitted" 0 \
	"decided(j, True, 'ok.c5.servfail.', 'R-CAA-11') == []"

# ---- only type CAA fails (A answers) --------------------------------------------

for b in servfail:SERVFAIL notimp:NOTIMP refused:REFUSED formerr:FORMERR; do
	IFS=: read -r beh rcode <<<"$b"
	run query --json --timeout 300 "caa-$beh.d1.t" A "@$F"
	aok=$RC
	[ "$aok" -eq 0 ] || why "the A query for caa-$beh.d1.t. failed (exit $aok): want an answer"
	grep -q '"data":"192.0.2.1"' "$WORK/out" || why "the A query gave no 192.0.2.1"
	run "${C[@]}" "caa-$beh.d1.t"
	expect "$rcode for CAA only (A answers): exit 2, error.class $beh at the name" 2 \
		"undecided(j, '$beh', 'caa-$beh.d1.t.', '$rcode') == []"
done

run query --json --timeout 300 caa-drop.d2.t A "@$F"
[ "$RC" -eq 0 ] || why "the A query for caa-drop.d2.t. failed (exit $RC): want an answer"
run "${C[@]}" caa-drop.d2.t
max_ms 3000
expect "CAA queries dropped (a firewall), A answers: exit 2, timeout, reason R-CAA-5" 2 \
	"undecided(j, 'timeout', 'caa-drop.d2.t.', None, ['R-CAA-5']) == []"

run "${C[@]}" x.caa-servfail.ok.d3.t
expect "CAA-only SERVFAIL at a parent below the deciding label: exit 2 at the parent" 2 \
	"undecided(j, 'servfail', 'caa-servfail.ok.d3.t.') == []"

run "${C[@]}" ok.caa-drop.d4.t
max_ms 3000
expect "CAA-only drop above the deciding label: permitted" 0 \
	"decided(j, True, 'ok.caa-drop.d4.t.', 'R-CAA-11') == []"

# ---- in the middle of a CNAME chain (R-CAA-3) -------------------------------------
# cn-REST.X is a CNAME to REST.X, the chain stops short, the resolver asks
# the target itself.

run "${C[@]}" cn-cn-servfail.e1.t
[ "$(count f 'name=servfail\.e1\.t\. type=CAA')" -ge 1 ] ||
	why "the chain's end servfail.e1.t. was never asked"
expect "CNAME -> CNAME -> SERVFAIL: exit 2, servfail, error.name the label walked (the chain's head)" 2 \
	"undecided(j, 'servfail', 'cn-cn-servfail.e1.t.', 'SERVFAIL') == []"

for b in notimp:NOTIMP refused:REFUSED formerr:FORMERR; do
	IFS=: read -r beh rcode <<<"$b"
	run "${C[@]}" "cn-$beh.e2.t"
	expect "CNAME -> $rcode: exit 2, error.class $beh at the chain's head" 2 \
		"undecided(j, '$beh', 'cn-$beh.e2.t.', '$rcode') == []"
done

run "${C[@]}" cn-drop.e3.t
max_ms 3000
expect "CNAME -> no answer: exit 2, timeout at the chain's head" 2 \
	"undecided(j, 'timeout', 'cn-drop.e3.t.', None) == []"

run "${C[@]}" x.cn-servfail.ok.e4.t
expect "a parent is a CNAME to a SERVFAIL, an allowing CAA above: exit 2 at that parent" 2 \
	"undecided(j, 'servfail', 'cn-servfail.ok.e4.t.') == []"

run "${C[@]}" ok.cn-servfail.e5.t
expect "CAA at the name, a CNAME to a SERVFAIL above it: permitted" 0 \
	"decided(j, True, 'ok.cn-servfail.e5.t.', 'R-CAA-11') == []"

run "${C[@]}" cn-cn-ok.e6.t
expect "CNAME -> CNAME -> CAA allowing: permitted at the chain's head (R-CAA-3)" 0 \
	"decided(j, True, 'cn-cn-ok.e6.t.', 'R-CAA-11') == []" \
	"recs(j) == [R('cn-cn-ok.e6.t.', 0, 'issue', '$LE')]" \
	"'R-CAA-3' in j.get('reason', '')"

run "${C[@]}" cn-deny.e7.t
expect "CNAME -> issue \";\": forbidden at the chain's head" 1 \
	"decided(j, False, 'cn-deny.e7.t.', 'R-CAA-11') == []"

# ---- truncation (R-CAA-13) ------------------------------------------------------------
# The second faultdns sets TC=1 on every UDP answer; the behaviours apply
# over TCP.

CT=(caa --resolver "$TC" --timeout 300 --json)
run "${CT[@]}" ok.f1.t
u=$(count tc 'transport=udp name=(ok\.f1\.t|f1\.t|t)\. type=CAA')
t=$(count tc 'transport=tcp name=(ok\.f1\.t|f1\.t|t)\. type=CAA')
[ "$u" -ge 3 ] || why "want a UDP query for each of the 3 labels, got $u"
[ "$t" -eq 3 ] || why "want exactly one TCP query for each of the 3 labels, got $t"
expect "TC=1 on every UDP answer: each label asked again over TCP; CAA at the name: permitted" 0 \
	"decided(j, True, 'ok.f1.t.', 'R-CAA-11') == []"

run "${CT[@]}" x.deny.ok.f2.t
expect "TC always: issue \";\" at the parent over TCP: forbidden, relevant_name the parent" 1 \
	"decided(j, False, 'deny.ok.f2.t.', 'R-CAA-11') == []"

run "${CT[@]}" x.y.f3.t
expect "TC always, no CAA anywhere over TCP: permitted (R-CAA-1)" 0 \
	"decided(j, True, None, 'R-CAA-1') == []"

run "${CT[@]}" x.servfail.ok.f4.t
expect "TC always, SERVFAIL over TCP at a parent below the deciding label: exit 2" 2 \
	"undecided(j, 'servfail', 'servfail.ok.f4.t.', 'SERVFAIL') == []"

run "${CT[@]}" tc-big.f5.t
expect "TC always, 30 CAA records over TCP in 97-octet pieces, none for letsencrypt.org: forbidden" 1 \
	"decided(j, False, 'tc-big.f5.t.', 'R-CAA-11') == []" \
	"len(recs(j)) == 30"

run "${C[@]}" x.tc.g1.t
expect "TC=1 at a parent only (the tc behaviour): its TCP answer decides: permitted" 0 \
	"decided(j, True, 'tc.g1.t.', 'R-CAA-11') == []"

# TC=1 on the TCP answer as well: the RRset may be cut; acmeprobe calls
# it malformed (src/caa/lookup.c: boulder treats TC as an error).
run "${C[@]}" tc-tcp.g2.t
max_ms 3000
expect "TC=1 even over TCP: exit 2, malformed, at the name" 2 \
	"undecided(j, 'malformed', 'tc-tcp.g2.t.') == []"

# NXDOMAIN over TCP, still with TC=1 (boulder #8839, bdns/problem.go
# wrapErr): an incomplete answer proves no absence; the walk must not read
# it as an empty RRset and go on up to a permit (R-CAA-13, R-CAA-8).
run "${C[@]}" tc-tcp-nx.g3.t
max_ms 3000
expect "NXDOMAIN with TC=1 even over TCP: exit 2, malformed, at the name (not an empty RRset)" 2 \
	"undecided(j, 'malformed', 'tc-tcp-nx.g3.t.') == []" \
	"err(j, 'detail') == 'the answer was truncated even over TCP'"
n=$(count f 'transport=tcp name=tc-tcp-nx\.g3\.t\. type=CAA')
if [ "$n" -ge 1 ]; then
	ok "the truncated NXDOMAIN was asked again over TCP ($n time(s))"
else
	not_ok "tc-tcp-nx.g3.t. CAA was never asked over TCP"
fi

# ---- SERVFAIL with an extended DNS error (RFC 8914) -------------------------------

run "${C[@]}" servfail-ede.h1.t
expect "SERVFAIL with EDE 6 'signature expired': exit 2, error.ede, the reason shows it" 2 \
	"undecided(j, 'servfail', 'servfail-ede.h1.t.', 'SERVFAIL', ['R-CAA-4']) == []" \
	"err(j, 'ede') == {'code': 6, 'text': 'signature expired'}" \
	"'signature expired' in j.get('reason', '')" \
	"'RFC 8914' in j.get('reason', '')" \
	"'DNSSEC' in j.get('reason', '')"

run "${C[@]}" x.servfail-ede.ok.h2.t
expect "SERVFAIL with EDE at a parent below the deciding label: exit 2, error.ede" 2 \
	"undecided(j, 'servfail', 'servfail-ede.ok.h2.t.') == []" \
	"(err(j, 'ede') or {}).get('code') == 6"

run "${C[@]}" servfail.h3.t
expect "plain SERVFAIL: no error.ede" 2 \
	"'ede' not in (j.get('error') or {})"

# ---- NXDOMAIN (R-CAA-8) --------------------------------------------------------------

run "${C[@]}" x.nxdomain
expect "NXDOMAIN for the TLD itself: an error: exit 2, error.class nxdomain at the TLD, reason R-CAA-8" 2 \
	"undecided(j, 'nxdomain', 'nxdomain.', 'NXDOMAIN', ['R-CAA-8']) == []"

run "${C[@]}" ok.nxdomain
expect "CAA at the name, NXDOMAIN for the TLD above: permitted" 0 \
	"decided(j, True, 'ok.nxdomain.', 'R-CAA-11') == []"

run "${C[@]}" nxdomain.i1.t
expect "NXDOMAIN below the TLD: empty, permitted (R-CAA-8, R-CAA-1)" 0 \
	"decided(j, True, None, 'R-CAA-1') == []"

run "${C[@]}" x.nxdomain.deny.i2.t
expect "NXDOMAIN at the parent, issue \";\" above: the grandparent decides (forbidden)" 1 \
	"decided(j, False, 'deny.i2.t.', 'R-CAA-11') == []"

run "${C[@]}" caa-nxdomain.i3.t
expect "NXDOMAIN for CAA only (the name has an A): empty, permitted" 0 \
	"decided(j, True, None, 'R-CAA-1') == []"

# ---- malformed answers -------------------------------------------------------------------

run "${C[@]}" garbage.j1.t
max_ms 3000
expect "only garbage at the name: exit 2, malformed" 2 \
	"undecided(j, 'malformed', 'garbage.j1.t.') == []"

run "${C[@]}" x.garbage.ok.j2.t
max_ms 3000
expect "garbage at a parent below the deciding label: exit 2, malformed at the parent" 2 \
	"undecided(j, 'malformed', 'garbage.ok.j2.t.') == []"

# ---- --batch through faults ------------------------------------------------------------

printf 'ok.k1.t\nx.servfail.ok.k1.t\ndeny.k1.t\nok.servfail.k1.t\n' >"$WORK/batch.txt"
STDIN=$WORK/batch.txt
run caa --batch --resolver "$F" --timeout 300
STDIN=/dev/null
expect "--batch: permitted, SERVFAIL below, forbidden, SERVFAIL above: in order; exit 2" 2 --lines \
	"[o.get('permitted') for o in j] == [True, None, False, True]" \
	"undecided(j[1], 'servfail', 'servfail.ok.k1.t.') == []" \
	"decided(j[3], True, 'ok.servfail.k1.t.', 'R-CAA-11') == []"

# ---- IP address identifiers: no CAA, no query (R-IP-4) ---------------------------------------

before=$(grep -c 'faultdns: query' "$WORK/f.log" || true)
run "${C[@]}" 127.0.0.1
expect "caa 127.0.0.1: exit 0, permitted, rule R-IP-4, no record, no error" 0 \
	"decided(j, True, None, 'R-IP-4') == []" \
	"j['domain'] == '127.0.0.1'" "j['ip_address'] == True" "j['records'] == []" \
	"'CAA does not apply to an IP address' in j['reason']"
run "${C[@]}" ::1
expect "caa ::1: exit 0, permitted, rule R-IP-4" 0 \
	"decided(j, True, None, 'R-IP-4') == []" "j['domain'] == '::1'"
run caa 2001:db8::53 --resolver "$F" --timeout 300
expect "caa 2001:db8::53 (text): exit 0, 'may issue', R-IP-4" 0
grep -q '^2001:db8::53: letsencrypt.org may issue$' "$WORK/out" && grep -q 'R-IP-4' "$WORK/out" ||
	not_ok "caa 2001:db8::53's text report: $(head -c 300 "$WORK/out")"
after=$(grep -c 'faultdns: query' "$WORK/f.log" || true)
if [ "$before" = "$after" ]; then
	ok "caa of an IP address asked no DNS question ($after queries before and after)"
else
	not_ok "caa of an IP address asked $((after - before)) DNS question(s)"
fi
run "${C[@]}" 127.0.0.1 --wildcard
expect "caa 127.0.0.1 --wildcard: usage error 64" 64
run "${C[@]}" '*.192.0.2.1'
expect "caa '*.192.0.2.1': usage error 64" 64

# ---- the whole run ---------------------------------------------------------------------------

# ---- Let's Encrypt's words (le_text), and explain reads them back -----------
# (R-DNSSEC-14: the EDE form; R-CAA-4, R-CAA-5, R-CAA-8: the RCODE forms)

le_case() {
	local name=$1 want=$2 rule=$3
	run "${C[@]}" "$name"
	expect "$name: le_text in Boulder's words" 2 "j['le_text'] == ['''$want''']"
	run explain --json "$want"
	expect "explain reads the le_text of $name back to $rule" 0 "j['rule'] == '$rule'" \
		"j['command'] == 'acmeprobe check $name'"
}
le_case servfail.l1.t "While processing CAA for servfail.l1.t: DNS problem: SERVFAIL looking up CAA for servfail.l1.t - the domain's nameservers may be malfunctioning" R-CAA-4
le_case x.drop.l2.t "While processing CAA for x.drop.l2.t: DNS problem: query timed out looking up CAA for drop.l2.t" R-CAA-5
le_case servfail-ede.l3.t "While processing CAA for servfail-ede.l3.t: DNS problem: looking up CAA for servfail-ede.l3.t: DNSSEC: Bogus: signature expired" R-DNSSEC-14
le_case x.notimp.l4.t "While processing CAA for x.notimp.l4.t: DNS problem: NOTIMP looking up CAA for notimp.l4.t" R-CAA-4

check_elapsed 60
finish
