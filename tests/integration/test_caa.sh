#!/usr/bin/env bash
# `acmeprobe caa` against real servers: Knot serving
# tests/fixtures/zones/caa.test.zone (one CAA policy per name) with a
# recursive Unbound in front, both started here with
# tests/support/servers.sh on free loopback ports. Every check runs
# `acmeprobe caa NAME --resolver 127.0.0.1:UNBOUND_PORT --json` and asserts
# the exact exit status and JSON fields (permitted, relevant_name, records,
# error, rule, and that reason cites the rule), rule by rule
# (R-CAA-1..13 of /work/shared/validation-rules.md). Then --batch (JSON
# Lines in input order), --records (what-if, no DNS, with the warnings on
# stderr) and the usage errors. tests/integration/README.md says what each
# check expects and why. About 5 s; never more than 60.
#
# Output: one "ok - ..." or "not ok - ..." line per check, "# ..." lines
# with the command, the expected and the actual values of a failure, and
# last exactly one line "N passed, M failed". Exit 1 if anything failed.
# Env: ACMEPROBE (default ./acmeprobe), KEEP=1 keeps the work directory.
# Network: loopback only.
set -euo pipefail

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

work_dir test-caa
copy_binary

# The helpers of the assertions (tests/integration/checkjson.py): each
# assertion is a Python expression over `j` (the parsed stdout; with
# --lines, the list of the objects of a JSON Lines output).
json_helpers <<'EOF'
def R(name, flags, tag, value):
    return [name, flags, tag, value]
def recs(j):
    """The records as sorted [name, flags, tag, value] lists (Unbound
    rotates RRsets, so the order is not asserted)."""
    return sorted([r.get("name"), r.get("flags"), r.get("tag"), r.get("value")]
                  for r in j.get("records") or [])
def err(j, key):
    return (j.get("error") or {}).get(key)
def decided(j, permitted, relevant, rule, wildcard=False):
    """A decision: every field at once; the list of what differs."""
    bad = []
    def want(what, w, g):
        if w != g:
            bad.append("%s: want %s, got %s" % (what, json.dumps(w), json.dumps(g)))
    want("permitted", permitted, j.get("permitted"))
    want("relevant_name", relevant, j.get("relevant_name"))
    want("error", None, j.get("error", "missing"))
    want("rule", rule, j.get("rule"))
    want("wildcard", wildcard, j.get("wildcard"))
    if rule and rule not in (j.get("reason") or ""):
        bad.append("reason does not cite %s: %s" % (rule, json.dumps(j.get("reason"))))
    if relevant is None and j.get("records") != []:
        bad.append("records: want [], got %s" % json.dumps(j.get("records")))
    return bad
def undecided(j, cls, name, rcode="any"):
    """No decision: permitted null, no relevant RRset, error {class, name}."""
    bad = []
    def want(what, w, g):
        if w != g:
            bad.append("%s: want %s, got %s" % (what, json.dumps(w), json.dumps(g)))
    want("permitted", None, j.get("permitted", "missing"))
    want("relevant_name", None, j.get("relevant_name", "missing"))
    want("records", [], j.get("records"))
    want("error.class", cls, err(j, "class"))
    want("error.name", name, err(j, "name"))
    if rcode != "any":
        want("error.rcode", rcode, err(j, "rcode"))
    return bad
EOF

# ---- the servers -----------------------------------------------------------

start_servers "servers.sh start (Knot and Unbound)"
if ! kdig @127.0.0.1 -p "$KNOT_PORT" +norecurse +timeout=1 +retry=0 caa.test. SOA 2>/dev/null |
	grep -q 'status: NOERROR'; then
	not_ok "Knot serves caa.test. (servers.sh must load tests/fixtures/zones/caa.test.zone)"
	finish
fi
U=127.0.0.1:$UNBOUND_PORT
C=(caa --resolver "$U" --timeout 2000 --json)
LE=letsencrypt.org
Z=caa.test.

# ---- R-CAA-1: no CAA anywhere ----------------------------------------------

run "${C[@]}" none.caa.test
expect "no CAA on the path: permitted, relevant_name null, records [] (R-CAA-1)" 0 \
	"decided(j, True, None, 'R-CAA-1') == []" \
	"j.get('domain') == 'none.$Z'"

run "${C[@]}" test
expect "the TLD itself (test.), no CAA: permitted (R-CAA-1)" 0 \
	"decided(j, True, None, 'R-CAA-1') == []"

# ---- R-CAA-8: NXDOMAIN below the TLD is an empty RRset ----------------------

run "${C[@]}" nx-below.caa.test
expect "NXDOMAIN at the name: empty, so permitted (R-CAA-8, R-CAA-1)" 0 \
	"decided(j, True, None, 'R-CAA-1') == []"

run "${C[@]}" a.b.nx-below.caa.test
expect "NXDOMAIN at three labels: empty, permitted (R-CAA-8)" 0 \
	"decided(j, True, None, 'R-CAA-1') == []"

run "${C[@]}" nothere.strict.caa.test
expect "NXDOMAIN at the name, parent allows: the parent decides" 0 \
	"decided(j, True, 'strict.$Z', 'R-CAA-11') == []"

run "${C[@]}" nothere.loose.caa.test
expect "NXDOMAIN at the name, parent forbids: forbidden (exit 1)" 1 \
	"decided(j, False, 'loose.$Z', 'R-CAA-11') == []"

# A TLD that does not exist: this Unbound knows test. only and answers
# REFUSED for everything else (local-zone "." refuse), so the name itself
# fails first: no decision. (A real TLD NXDOMAIN, R-CAA-8's error case, is
# in test_caa_faults.sh.)
run "${C[@]}" foo.nosuchtld
expect "foo.nosuchtld: Unbound REFUSES it: no decision (exit 2), error at the name" 2 \
	"undecided(j, 'refused', 'foo.nosuchtld.', 'REFUSED') == []" \
	"'R-CAA-4' in j.get('reason', '')"

# ---- R-CAA-2: where the relevant RRset is ----------------------------------

run "${C[@]}" at-name.caa.test
expect "issue letsencrypt.org at the name: permitted, every field" 0 \
	"decided(j, True, 'at-name.$Z', 'R-CAA-11') == []" \
	"j.get('domain') == 'at-name.$Z'" \
	"recs(j) == [R('at-name.$Z', 0, 'issue', '$LE')]" \
	"j.get('records') == [{'name': 'at-name.$Z', 'flags': 0, 'tag': 'issue', 'value': '$LE'}]"

run "${C[@]}" other-ca.caa.test
expect "issue for another CA at the name: forbidden (exit 1)" 1 \
	"decided(j, False, 'other-ca.$Z', 'R-CAA-11') == []" \
	"recs(j) == [R('other-ca.$Z', 0, 'issue', 'ca.example.net')]"

run caa --resolver "$U" --json --ca-id ca.example.net other-ca.caa.test
expect "--ca-id ca.example.net on the same name: permitted" 0 \
	"decided(j, True, 'other-ca.$Z', 'R-CAA-11') == []" \
	"'ca.example.net' in j.get('reason', '')"

run "${C[@]}" AT-NAME.Caa.TEST.
expect "the name in another letter case, with the trailing dot: the same decision" 0 \
	"j.get('permitted') == True" \
	"(j.get('relevant_name') or '').lower() == 'at-name.$Z'" \
	"j.get('rule') == 'R-CAA-11'"

run "${C[@]}" child.parent.caa.test
expect "issue at the parent only: relevant_name is the parent" 0 \
	"decided(j, True, 'parent.$Z', 'R-CAA-11') == []" \
	"recs(j) == [R('parent.$Z', 0, 'issue', '$LE')]"

run "${C[@]}" leaf.ent.parent.caa.test
expect "through an empty non-terminal (NODATA) up to the grandparent" 0 \
	"decided(j, True, 'parent.$Z', 'R-CAA-11') == []"

run "${C[@]}" strict.caa.test
expect "strict.caa.test. itself allows letsencrypt.org" 0 \
	"decided(j, True, 'strict.$Z', 'R-CAA-11') == []"

run "${C[@]}" child.strict.caa.test
expect "child stricter than its parent (issue \";\" under an allowing parent): forbidden, exit 1" 1 \
	"decided(j, False, 'child.strict.$Z', 'R-CAA-11') == []" \
	"recs(j) == [R('child.strict.$Z', 0, 'issue', ';')]"

run "${C[@]}" child.loose.caa.test
expect "child looser than its parent (allows under a forbidding parent): permitted, exit 0" 0 \
	"decided(j, True, 'child.loose.$Z', 'R-CAA-11') == []" \
	"recs(j) == [R('child.loose.$Z', 0, 'issue', '$LE')]"

run "${C[@]}" other.loose.caa.test
expect "a sibling without CAA under the forbidding parent: forbidden by the parent" 1 \
	"decided(j, False, 'loose.$Z', 'R-CAA-11') == []"

# ---- R-CAA-3: CNAME, the target's parents never climbed ---------------------

run "${C[@]}" cn-has.caa.test
expect "CNAME to a name whose CAA allows: permitted, relevant_name is the CNAME's owner" 0 \
	"decided(j, True, 'cn-has.$Z', 'R-CAA-11') == []" \
	"recs(j) == [R('cn-has.$Z', 0, 'issue', '$LE')]" \
	"'R-CAA-3' in j.get('reason', '')"

run "${C[@]}" cn-deny.caa.test
expect "CNAME to a name whose CAA names another CA: forbidden" 1 \
	"decided(j, False, 'cn-deny.$Z', 'R-CAA-11') == []" \
	"recs(j) == [R('cn-deny.$Z', 0, 'issue', 'ca.example.net')]"

run "${C[@]}" cn-none.caa.test
expect "CNAME to a name without CAA whose parent forbids: the target's parent is NOT used: permitted (R-CAA-3)" 0 \
	"decided(j, True, None, 'R-CAA-1') == []"

run "${C[@]}" cn-nx.caa.test
expect "CNAME to a name that does not exist (NXDOMAIN), its parent forbids: permitted" 0 \
	"decided(j, True, None, 'R-CAA-1') == []"

run "${C[@]}" chain-has.caa.test
expect "a chain of 3 CNAMEs to an allowing CAA: permitted at the chain's head" 0 \
	"decided(j, True, 'chain-has.$Z', 'R-CAA-11') == []" \
	"recs(j) == [R('chain-has.$Z', 0, 'issue', '$LE')]"

run "${C[@]}" chain-none.caa.test
expect "a chain of 3 CNAMEs to no CAA, every link's parent forbidding: permitted (R-CAA-3)" 0 \
	"decided(j, True, None, 'R-CAA-1') == []"

run "${C[@]}" x.cnparent.caa.test
expect "a CNAME at a parent label: followed there, relevant_name is that parent" 0 \
	"decided(j, True, 'cnparent.$Z', 'R-CAA-11') == []" \
	"'R-CAA-3' in j.get('reason', '')"

# ---- DNAME (RFC 6672) -------------------------------------------------------

run "${C[@]}" www.dname.caa.test
expect "DNAME: www.dname -> www.dtarget (another CA): forbidden" 1 \
	"decided(j, False, 'www.dname.$Z', 'R-CAA-11') == []" \
	"recs(j) == [R('www.dname.$Z', 0, 'issue', 'ca.example.net')]"

run "${C[@]}" ok.dname.caa.test
expect "DNAME: ok.dname -> ok.dtarget (letsencrypt.org): permitted" 0 \
	"decided(j, True, 'ok.dname.$Z', 'R-CAA-11') == []"

run "${C[@]}" other.dname.caa.test
expect "DNAME to a missing name: the DNAME owner's own CAA decides, not the target's parent" 0 \
	"decided(j, True, 'dname.$Z', 'R-CAA-11') == []"

# ---- R-CAA-10: wildcard certificates ----------------------------------------

run "${C[@]}" --wildcard wild-issue.caa.test
expect "--wildcard, only issue records: issue applies (permitted)" 0 \
	"decided(j, True, 'wild-issue.$Z', 'R-CAA-11', wildcard=True) == []" \
	"j.get('domain') == 'wild-issue.$Z'"

run "${C[@]}" '*.wild-issue.caa.test'
expect "'*.wild-issue...': the same as --wildcard" 0 \
	"decided(j, True, 'wild-issue.$Z', 'R-CAA-11', wildcard=True) == []" \
	"j.get('domain') == 'wild-issue.$Z'"

run "${C[@]}" wild-iw-deny.caa.test
expect "issue allows, issuewild \";\": a plain name ignores issuewild (permitted)" 0 \
	"decided(j, True, 'wild-iw-deny.$Z', 'R-CAA-11') == []" \
	"recs(j) == sorted([R('wild-iw-deny.$Z', 0, 'issue', '$LE'), R('wild-iw-deny.$Z', 0, 'issuewild', ';')])"

run "${C[@]}" --wildcard wild-iw-deny.caa.test
expect "--wildcard: issuewild \";\" takes precedence over issue (forbidden)" 1 \
	"decided(j, False, 'wild-iw-deny.$Z', 'R-CAA-11', wildcard=True) == []"

run "${C[@]}" '*.wild-iw-deny.caa.test'
expect "'*.wild-iw-deny...': forbidden as with --wildcard" 1 \
	"decided(j, False, 'wild-iw-deny.$Z', 'R-CAA-11', wildcard=True) == []"

run "${C[@]}" wild-iw-allow.caa.test
expect "issue \";\", issuewild allows: a plain name is forbidden" 1 \
	"decided(j, False, 'wild-iw-allow.$Z', 'R-CAA-11') == []"

run "${C[@]}" '*.wild-iw-allow.caa.test'
expect "... and a wildcard is permitted" 0 \
	"decided(j, True, 'wild-iw-allow.$Z', 'R-CAA-11', wildcard=True) == []"

run "${C[@]}" wild-iw-only.caa.test
expect "only issuewild (another CA): a plain name has no record that counts (permitted, R-CAA-10)" 0 \
	"decided(j, True, 'wild-iw-only.$Z', 'R-CAA-10') == []"

run "${C[@]}" '*.wild-iw-only.caa.test'
expect "only issuewild (another CA): a wildcard is forbidden" 1 \
	"decided(j, False, 'wild-iw-only.$Z', 'R-CAA-11', wildcard=True) == []"

run "${C[@]}" iodef-only.caa.test
expect "only iodef: no issue record, a plain name is permitted (R-CAA-10)" 0 \
	"decided(j, True, 'iodef-only.$Z', 'R-CAA-10') == []"

# R-CAA-10 says a relevant RRset with no record that counts permits, and
# for a wildcard the issue records count when there is no issuewild.
# Boulder (va/caa.go validateCAA) differs here: its "no relevant records"
# shortcut is for non-wildcard names only, so a wildcard under an
# iodef-only RRset checks the empty issue list and is refused. The check
# follows the rules; tests/integration/README.md lists the divergence.
run "${C[@]}" '*.iodef-only.caa.test'
expect "only iodef, wildcard: no issue/issuewild record counts: permitted (R-CAA-10; Boulder would refuse)" 0 \
	"decided(j, True, 'iodef-only.$Z', 'R-CAA-10', wildcard=True) == []"

run "${C[@]}" x.dnswild.caa.test
expect "a DNS wildcard (*.dnswild CAA issue \";\") synthesizes x.dnswild's CAA: forbidden" 1 \
	"decided(j, False, 'x.dnswild.$Z', 'R-CAA-11') == []" \
	"recs(j) == [R('x.dnswild.$Z', 0, 'issue', ';')]"

run "${C[@]}" '*.dnswild.caa.test'
expect "'*.dnswild...' is a request for dnswild.caa.test. (no DNS '*' label asked): permitted" 0 \
	"decided(j, True, None, 'R-CAA-1', wildcard=True) == []"

# ---- R-CAA-9: the critical flag and unknown tags -----------------------------

run "${C[@]}" crit128.caa.test
expect "unknown tag with flags 128 beside an allowing issue: forbidden (R-CAA-9)" 1 \
	"decided(j, False, 'crit128.$Z', 'R-CAA-9') == []" \
	"recs(j) == sorted([R('crit128.$Z', 0, 'issue', '$LE'), R('crit128.$Z', 128, 'tbs', 'unknown-critical')])"

run "${C[@]}" crit1.caa.test
expect "unknown tag with flags 1 (the legacy critical bit): forbidden (R-CAA-9)" 1 \
	"decided(j, False, 'crit1.$Z', 'R-CAA-9') == []" \
	"R('crit1.$Z', 1, 'tbs', 'unknown-critical-legacy-bit') in recs(j)"

run "${C[@]}" noncrit.caa.test
expect "unknown tag, not critical: ignored, permitted" 0 \
	"decided(j, True, 'noncrit.$Z', 'R-CAA-11') == []" \
	"len(recs(j)) == 2"

run "${C[@]}" crit-known.caa.test
expect "known tags (iodef, issuemail) marked critical: not forbidding, permitted" 0 \
	"decided(j, True, 'crit-known.$Z', 'R-CAA-11') == []" \
	"len(recs(j)) == 3"

# ---- tags compare case-insensitively -----------------------------------------

run "${C[@]}" mixed.caa.test
expect "tag 'ISSUE': an issue record (permitted), the tag shown as published" 0 \
	"decided(j, True, 'mixed.$Z', 'R-CAA-11') == []" \
	"recs(j) == [R('mixed.$Z', 0, 'ISSUE', '$LE')]"

run "${C[@]}" mixed-wild.caa.test
expect "'Issue' allows, 'IssueWild' \";\": a plain name is permitted" 0 \
	"decided(j, True, 'mixed-wild.$Z', 'R-CAA-11') == []"

run "${C[@]}" --wildcard mixed-wild.caa.test
expect "... and 'IssueWild' \";\" forbids a wildcard" 1 \
	"decided(j, False, 'mixed-wild.$Z', 'R-CAA-11', wildcard=True) == []"

run "${C[@]}" mixed-crit.caa.test
expect "tag 'TBS' with flags 128: unknown and critical, forbidden" 1 \
	"decided(j, False, 'mixed-crit.$Z', 'R-CAA-9') == []"

# ---- R-CAA-11: issuer match --------------------------------------------------

run "${C[@]}" trailing-dot.caa.test
expect "issue \"letsencrypt.org.\" (trailing dot): no exact match, forbidden" 1 \
	"decided(j, False, 'trailing-dot.$Z', 'R-CAA-11') == []"

run "${C[@]}" two-issuers.caa.test
expect "two issue records, one for letsencrypt.org: permitted" 0 \
	"decided(j, True, 'two-issuers.$Z', 'R-CAA-11') == []" \
	"len(recs(j)) == 2"

run "${C[@]}" bad-param.caa.test
expect "issue \"letsencrypt.org; broken\" (a parameter without '='): matches nobody, forbidden" 1 \
	"decided(j, False, 'bad-param.$Z', 'R-CAA-11') == []"

run "${C[@]}" bad-param-ok.caa.test
expect "the same unparsable record beside a good one: the good one counts (permitted)" 0 \
	"decided(j, True, 'bad-param-ok.$Z', 'R-CAA-11') == []"

# ---- R-CAA-12: RFC 8657 -------------------------------------------------------

# A record for letsencrypt.org whose RFC 8657 parameters do not match: the
# rule that forbade is R-CAA-12 (R-CAA-11, the issuer, matched), so `rule`
# must say R-CAA-12 (issue 5: "the rule id (R-CAA-9..12) that applied").
PR=R-CAA-12
ACCT=https://acme-v02.api.letsencrypt.org/acme/acct/123456789
run "${C[@]}" acct.caa.test
expect "accounturi, no --account-uri: never matches, forbidden (rule $PR)" 1 \
	"decided(j, False, 'acct.$Z', '$PR') == []"

run "${C[@]}" acct.caa.test --account-uri "$ACCT"
expect "accounturi with the same --account-uri: permitted (reason cites R-CAA-12)" 0 \
	"decided(j, True, 'acct.$Z', 'R-CAA-11') == []" \
	"'R-CAA-12' in j.get('reason', '')"

run "${C[@]}" acct.caa.test --account-uri "${ACCT}0"
expect "accounturi with another --account-uri: forbidden (rule $PR)" 1 \
	"decided(j, False, 'acct.$Z', '$PR') == []"

run "${C[@]}" meth.caa.test
expect "validationmethods=dns-01,tls-alpn-01, no --method: forbidden (rule $PR)" 1 \
	"decided(j, False, 'meth.$Z', '$PR') == []"

run "${C[@]}" meth.caa.test --method dns-01
expect "... --method dns-01: permitted" 0 \
	"decided(j, True, 'meth.$Z', 'R-CAA-11') == []" \
	"'R-CAA-12' in j.get('reason', '')"

run "${C[@]}" meth.caa.test --method tls-alpn-01
expect "... --method tls-alpn-01: permitted" 0 \
	"decided(j, True, 'meth.$Z', 'R-CAA-11') == []"

run "${C[@]}" meth.caa.test --method http-01
expect "... --method http-01 (not in the list): forbidden (rule $PR)" 1 \
	"decided(j, False, 'meth.$Z', '$PR') == []"

run "${C[@]}" acct-meth.caa.test --account-uri "$ACCT" --method http-01
expect "accounturi + validationmethods=http-01, both given: permitted" 0 \
	"decided(j, True, 'acct-meth.$Z', 'R-CAA-11') == []"

run "${C[@]}" acct-meth.caa.test --account-uri "$ACCT" --method dns-01
expect "... the right account, another method: forbidden (rule $PR)" 1 \
	"decided(j, False, 'acct-meth.$Z', '$PR') == []"

run "${C[@]}" acct-meth.caa.test --method http-01
expect "... the method but no account: forbidden (rule $PR)" 1 \
	"decided(j, False, 'acct-meth.$Z', '$PR') == []"

# R-CAA-12: two accounturi parameters never match. (Boulder keeps
# parameters in a map, so two equal ones would match there: see README.)
run "${C[@]}" acct-dup.caa.test --account-uri "$ACCT"
expect "two accounturi parameters (both the account): forbidden (rule $PR)" 1 \
	"decided(j, False, 'acct-dup.$Z', '$PR') == []"

run "${C[@]}" meth-bad.caa.test --method http-01
expect "validationmethods=not_a_method,http-01: the bad item ('_') comes first: forbidden (rule $PR)" 1 \
	"decided(j, False, 'meth-bad.$Z', '$PR') == []"

run "${C[@]}" meth-bad-late.caa.test --method http-01
expect "validationmethods=http-01,not_a_method,dns-01, --method http-01 (before the bad item): permitted, as Boulder reads it" 0 \
	"decided(j, True, 'meth-bad-late.$Z', 'R-CAA-11') == []"

run "${C[@]}" meth-bad-late.caa.test --method dns-01
expect "... --method dns-01 (after the bad item): forbidden (rule $PR)" 1 \
	"decided(j, False, 'meth-bad-late.$Z', '$PR') == []"

# ---- R-CAA-13: 100 records need TCP --------------------------------------------

run "${C[@]}" big100.caa.test --trace
# (the trace's wording may change: only its substance is checked)
grep -Eq 'big100\.caa\.test\..*UDP.*(truncated|TC=1)' "$WORK/err" ||
	why "--trace shows no truncated (TC=1) UDP try for big100.caa.test."
grep -Eq 'big100\.caa\.test\..*over TCP' "$WORK/err" ||
	why "--trace shows no TCP try for big100.caa.test."
grep -q 'R-CAA-13' "$WORK/err" || why "--trace does not cite R-CAA-13"
expect "100 CAA records (~5 kB): TC=1 over UDP, asked again over TCP, all 100 read, letsencrypt.org among them" 0 \
	"decided(j, True, 'big100.$Z', 'R-CAA-11') == []" \
	"len(recs(j)) == 100" \
	"R('big100.$Z', 0, 'issue', '$LE') in recs(j)" \
	"R('big100.$Z', 0, 'issue', 'ca-001.example.net; account=0000000001') in recs(j)"

run "${C[@]}" big100-deny.caa.test
expect "100 CAA records, none for letsencrypt.org: forbidden" 1 \
	"decided(j, False, 'big100-deny.$Z', 'R-CAA-11') == []" \
	"len(recs(j)) == 100"

# ---- the human report -------------------------------------------------------------

run caa --resolver "$U" child.strict.caa.test
head -1 "$WORK/out" | grep -qx "child.strict.caa.test: Let's Encrypt may not issue" ||
	why "the first line is not 'child.strict.caa.test: Let's Encrypt may not issue'"
grep -qx "Let's Encrypt would say: While processing CAA for child.strict.caa.test: CAA record for child.strict.caa.test prevents issuance" "$WORK/out" ||
	why "no 'Let's Encrypt would say: ...' line with Boulder's words"
grep -q 'child\.strict\.caa\.test\. CAA 0 issue ";"' "$WORK/out" || why "the deciding record is not shown"
grep -q 'R-CAA-' "$WORK/out" || why "no rule cited"
expect "text report: the CA by its name, the verdict, the deciding record, the rule, Let's Encrypt's words" 1

# ---- --batch ----------------------------------------------------------------------

cat >"$WORK/batch1.txt" <<'EOF'
# a comment line
at-name.caa.test

other-ca.caa.test
   # an indented comment
*.wild-iw-deny.caa.test
a..b.caa.test
none.caa.test
EOF
STDIN=$WORK/batch1.txt
run caa --batch --resolver "$U" --timeout 2000
STDIN=/dev/null
expect "--batch: JSON Lines in input order, blank and # lines skipped, a bad name gives an error object; exit 2 (a name could not be read)" 2 --lines \
	"len(j) == 5" \
	"[o.get('domain') for o in j] == ['at-name.$Z', 'other-ca.$Z', 'wild-iw-deny.$Z', 'a..b.caa.test', 'none.$Z']" \
	"[o.get('permitted') for o in j] == [True, False, False, None, True]" \
	"decided(j[0], True, 'at-name.$Z', 'R-CAA-11') == []" \
	"decided(j[1], False, 'other-ca.$Z', 'R-CAA-11') == []" \
	"decided(j[2], False, 'wild-iw-deny.$Z', 'R-CAA-11', wildcard=True) == []" \
	"err(j[3], 'class') == 'usage'" \
	"bool(err(j[3], 'detail'))" \
	"j[3].get('relevant_name', 'missing') == None" \
	"decided(j[4], True, None, 'R-CAA-1') == []"

printf 'at-name.caa.test\nchild.loose.caa.test\n' >"$WORK/batch2.txt"
run caa --batch --file "$WORK/batch2.txt" --resolver "$U" --timeout 2000
expect "--batch --file, every name permitted: exit 0" 0 --lines \
	"[o.get('permitted') for o in j] == [True, True]"

printf 'at-name.caa.test\nchild.strict.caa.test\nnone.caa.test\n' >"$WORK/batch3.txt"
run caa --batch --file "$WORK/batch3.txt" --resolver "$U" --timeout 2000
expect "--batch, one name forbidden, none undecided: exit 1" 1 --lines \
	"[o.get('permitted') for o in j] == [True, False, True]"

printf 'child.strict.caa.test\nfoo.nosuchtld\nat-name.caa.test\n' >"$WORK/batch4.txt"
run caa --batch --file "$WORK/batch4.txt" --resolver "$U" --timeout 2000
expect "--batch, one forbidden and one DNS error: exit 2 (no decision wins)" 2 --lines \
	"[o.get('permitted') for o in j] == [False, None, True]" \
	"undecided(j[1], 'refused', 'foo.nosuchtld.') == []"

# 300 names, many sharing parents, through a window of 7: the order stays.
$PY - "$WORK/batch5.txt" "$WORK/batch5.want" <<'EOF'
import json, sys
names, want = [], []
kinds = [("h%d.parent.caa.test", True, "parent.caa.test."),
         ("h%d.loose.caa.test", False, "loose.caa.test."),
         ("h%d.none.caa.test", True, None),
         ("h%d.child.strict.caa.test", False, "child.strict.caa.test.")]
for i in range(300):
    pat, permitted, rel = kinds[(i * 7) % 4]
    names.append(pat % i)
    want.append([pat % i + ".", permitted, rel])
open(sys.argv[1], "w").write("\n".join(names) + "\n")
open(sys.argv[2], "w").write(json.dumps(want))
EOF
run caa --batch --file "$WORK/batch5.txt" --concurrency 7 --resolver "$U" --timeout 2000
expect "--batch of 300 names sharing parents, --concurrency 7: every verdict, in input order" 1 --lines \
	"[[o.get('domain'), o.get('permitted'), o.get('relevant_name')] for o in j] == json.load(open('$WORK/batch5.want'))" \
	"all(o.get('error') is None for o in j)"

# --batch lines that are IP addresses: what `caa ADDR` answers (R-IP-4: permitted,
# no question; R-IP-1: canonical text only), in input order among the names
IPR="CAA does not apply to an IP address: no CA checks it for an IP address identifier (R-IP-4). No DNS query was made."
cat >"$WORK/batch-ip.txt" <<'EOF2'
192.0.2.1
at-name.caa.test
  2001:db8::1
::0001
*.192.0.2.1
010.0.0.1
other-ca.caa.test
EOF2
cat >"$WORK/want-detail" <<'EOF2'
'::0001': not in canonical form (RFC 8738 s3: RFC 1123 s2.1 for IPv4, RFC 5952 s4 for IPv6: lower case, no leading zeros, '::' for the longest run of zero groups) (R-IP-1); the identifier would be ::1. Let's Encrypt refuses the order: Cannot issue for "::0001": IP address is invalid
EOF2
run caa --batch --file "$WORK/batch-ip.txt" --resolver "$U" --timeout 2000
expect "--batch with IP address lines: each as caa ADDR answers it, in input order; exit 2 (refused lines)" 2 --lines \
	"len(j) == 7" \
	"[o.get('domain') for o in j] == ['192.0.2.1', 'at-name.$Z', '2001:db8::1', '::0001', '*.192.0.2.1', '010.0.0.1', 'other-ca.$Z']" \
	"j[0] == {'domain': '192.0.2.1', 'ip_address': True, 'wildcard': False, 'permitted': True, 'relevant_name': None, 'records': [], 'error': None, 'rule': 'R-IP-4', 'reason': '$IPR'}" \
	"decided(j[1], True, 'at-name.$Z', 'R-CAA-11') == []" \
	"j[2] == dict(j[0], domain='2001:db8::1')" \
	"[j[3]['permitted'], j[3]['relevant_name'], j[3]['records'], 'ip_address' in j[3]] == [None, None, [], False]" \
	"j[3]['error'] == {'class': 'usage', 'name': None, 'rcode': None, 'detail': open('$WORK/want-detail').read().rstrip('\\n')}" \
	"j[3]['reason'] == j[3]['error']['detail'] + '.'" \
	"[j[4]['wildcard'], j[4]['permitted'], j[4]['error']['class']] == [True, None, 'usage']" \
	"j[4]['error']['detail'] == \"'192.0.2.1' is an IP address: it has no wildcard\"" \
	"[j[5]['permitted'], j[5]['error']['class']] == [None, 'usage']" \
	"'the identifier would be 10.0.0.1. ' in j[5]['error']['detail']" \
	"decided(j[6], False, 'other-ca.$Z', 'R-CAA-11') == []"
# only addresses in canonical form, and a resolver that does not exist: no question
printf '127.0.0.1\n::1\n203.0.113.7\n' >"$WORK/batch-ip2.txt"
run caa --batch --file "$WORK/batch-ip2.txt" --resolver 127.0.0.9:9 --timeout 5000
max_ms 2000
expect "--batch of canonical addresses only: all permitted (R-IP-4), exit 0, no DNS query" 0 --lines \
	"[o.get('domain') for o in j] == ['127.0.0.1', '::1', '203.0.113.7']" \
	"[[o['permitted'], o['ip_address'], o['rule'], o['error']] for o in j] == [[True, True, 'R-IP-4', None]] * 3"
run caa --batch --wildcard --file "$WORK/batch-ip2.txt" --resolver 127.0.0.9:9 --timeout 5000
expect "--batch --wildcard of addresses: every line refused, no wildcard for an address; exit 2" 2 --lines \
	"[o['error']['detail'] for o in j] == [\"'%s' is an IP address: it has no wildcard\" % a for a in ['127.0.0.1', '::1', '203.0.113.7']]"

# ---- --records: what-if, no DNS -----------------------------------------------------

# A resolver that does not exist, with a long timeout: any DNS query would
# make the run last seconds and end in a timeout.
NODNS=(--resolver 127.0.0.9:9 --timeout 5000)
records() { # records FILE-TAG LINE...: writes $WORK/FILE-TAG.zone
	local f=$WORK/$1.zone
	shift
	printf '%s\n' "$@" >"$f"
}
no_dns() { [ "$WALL_MS" -lt 2000 ] || why "took $WALL_MS ms: was DNS asked?"; }

records shadow 'example.com. CAA 0 issue "letsencrypt.org"' 'www.example.com. CAA 0 issue ";"'
run caa www.example.com --records "$WORK/shadow.zone" --json "${NODNS[@]}"
no_dns
grep -q '^warning: .*www\.example\.com\..*shadow.*example\.com\..*R-CAA-2' "$WORK/err" ||
	why "stderr: no warning that www.example.com.'s issue \";\" shadows example.com.'s (R-CAA-2)"
expect "--records: issue \";\" shadowing an allowing parent: forbidden, warned, no DNS" 1 \
	"decided(j, False, 'www.example.com.', 'R-CAA-11') == []" \
	"recs(j) == [R('www.example.com.', 0, 'issue', ';')]"

records wild 'example.com. CAA 0 issue "letsencrypt.org"'
run caa '*.example.com' --records "$WORK/wild.zone" --json "${NODNS[@]}"
no_dns
grep -q '^warning: .*issuewild.*R-CAA-10' "$WORK/err" ||
	why "stderr: no warning about a wildcard decided by issue records only (R-CAA-10)"
expect "--records: wildcard with only issue records: permitted by issue, warned" 0 \
	"decided(j, True, 'example.com.', 'R-CAA-11', wildcard=True) == []"

records dot 'example.com. CAA 0 issue "letsencrypt.org."'
run caa example.com --records "$WORK/dot.zone" --json "${NODNS[@]}"
no_dns
grep -q '^warning: .*dot.*R-CAA-11' "$WORK/err" ||
	why "stderr: no warning about the issuer's trailing dot (R-CAA-11)"
expect "--records: issuer with a trailing dot: forbidden, warned" 1 \
	"decided(j, False, 'example.com.', 'R-CAA-11') == []"

records crit 'example.com. CAA 0 issue "letsencrypt.org"' 'example.com. CAA 128 foo "bar"'
run caa sub.example.com --records "$WORK/crit.zone" --json "${NODNS[@]}"
no_dns
grep -q '^warning: .*critical.*R-CAA-9' "$WORK/err" ||
	why "stderr: no warning about the unknown critical tag (R-CAA-9)"
expect "--records: unknown critical tag: forbidden, warned" 1 \
	"decided(j, False, 'example.com.', 'R-CAA-9') == []"

records clean '; a comment' '' 'example.com. 300 IN CAA 0 issue "letsencrypt.org"'
run caa sub.example.com --records "$WORK/clean.zone" --json "${NODNS[@]}"
no_dns
[ ! -s "$WORK/err" ] || why "stderr: want no warning for a clean policy"
expect "--records: a clean policy (comment, blank line, TTL and class): permitted, no warning" 0 \
	"decided(j, True, 'example.com.', 'R-CAA-11') == []"

records empty ''
run caa www.example.com --records "$WORK/empty.zone" --json "${NODNS[@]}"
no_dns
expect "--records: no records at all: permitted (R-CAA-1)" 0 \
	"decided(j, True, None, 'R-CAA-1') == []"

records badline 'example.com. CAA 0 issue'
run caa www.example.com --records "$WORK/badline.zone" --json "${NODNS[@]}"
[ -s "$WORK/err" ] || why "no message on stderr"
expect "--records: a line without a value: usage error (64)" 64

# ---- IP address identifiers: canonical text only (R-IP-1), no CAA (R-IP-4) -------

run caa ::1 --resolver "$U" --json
expect "caa ::1: exit 0, permitted, rule R-IP-4, no record, no error" 0 \
	"decided(j, True, None, 'R-IP-4') == []" "j['domain'] == '::1'" "j['ip_address'] == True"
# the whole message, as every command that takes an address gives it
run caa ::0001 --resolver "$U" --json
cat >"$WORK/want-err" <<'EOF2'
acmeprobe caa: '::0001': not in canonical form (RFC 8738 s3: RFC 1123 s2.1 for IPv4, RFC 5952 s4 for IPv6: lower case, no leading zeros, '::' for the longest run of zero groups) (R-IP-1); the identifier would be ::1. Let's Encrypt refuses the order: Cannot issue for "::0001": IP address is invalid
(see 'acmeprobe caa --help')
EOF2
cmp -s "$WORK/err" "$WORK/want-err" || why "stderr: want exactly $(cat "$WORK/want-err")"
[ ! -s "$WORK/out" ] || why "something on stdout"
expect "caa ::0001: usage error 64, the canonical form ::1 and Let's Encrypt's refusal" 64
# ARG|CANONICAL (none when ARG is no address at all)
for spec in "0:0:0:0:0:0:0:1|::1" "2001:DB8::1|2001:db8::1" "2001:0db8::1|2001:db8::1" \
	"2001:db8:0:0:1:0:0:1|2001:db8::1:0:0:1" "010.0.0.1|10.0.0.1" "192.0.2.001|192.0.2.1" \
	"[::1]|::1" "192.0.2.1:443|192.0.2.1" "fe80::1%eth0|fe80::1" "192.0.2.0/24|192.0.2.0" \
	"1.2.3|" "256.0.0.1|"; do
	arg=${spec%%|*}
	canonical=${spec#*|}
	run caa "$arg" --resolver "$U" --json
	if [ -n "$canonical" ]; then
		grep -qF "(R-IP-1); the identifier would be $canonical. Let's Encrypt refuses the order: Cannot issue for \"$arg\": IP address is invalid" "$WORK/err" ||
			why "stderr: want the canonical form $canonical and LE's refusal"
	else
		[ "$(head -n 1 "$WORK/err")" = "acmeprobe caa: '$arg': not an IPv4 or IPv6 address (R-IP-1). Let's Encrypt refuses the order: Cannot issue for \"$arg\": IP address is invalid" ] ||
			why "stderr: want 'not an IPv4 or IPv6 address' and LE's refusal"
	fi
	[ ! -s "$WORK/out" ] || why "something on stdout"
	expect "caa $arg: usage error 64${canonical:+, canonical $canonical} (R-IP-1)" 64
done
run caa '*.::1' --resolver "$U"
[ "$(head -n 1 "$WORK/err")" = "acmeprobe caa: '::1' is an IP address: it has no wildcard" ] ||
	why "stderr: want \"'::1' is an IP address: it has no wildcard\""
expect "caa '*.::1': usage error 64, an address has no wildcard" 64

# ---- usage errors (exit 64, a message on stderr, nothing on stdout) ---------------

usage_case() {
	local desc=$1
	shift
	run "$@"
	[ -s "$WORK/err" ] || why "no message on stderr"
	[ ! -s "$WORK/out" ] || why "something on stdout"
	expect "usage error (64): $desc" 64
}
usage_case "no domain" caa --resolver "$U"
usage_case "bad name a..b" caa a..b.caa.test --resolver "$U"
usage_case "a label of 64 octets" caa "$(printf 'a%.0s' $(seq 64)).caa.test" --resolver "$U"
usage_case "--method foo" caa at-name.caa.test --method foo --resolver "$U"
usage_case "--concurrency 0" caa --batch --concurrency 0 --resolver "$U"
usage_case "--file without --batch" caa at-name.caa.test --file "$WORK/batch2.txt" --resolver "$U"
usage_case "--concurrency without --batch" caa at-name.caa.test --concurrency 5 --resolver "$U"
usage_case "two domains" caa at-name.caa.test none.caa.test --resolver "$U"
usage_case "--batch with a domain" caa --batch at-name.caa.test --resolver "$U"
usage_case "--records with a missing file" caa at-name.caa.test --records "$WORK/no-such-file"
usage_case "--ca-id ''" caa at-name.caa.test --ca-id '' --resolver "$U"
usage_case "an unknown option" caa at-name.caa.test --bogus --resolver "$U"

# ---- the whole run -------------------------------------------------------------------

check_elapsed 60
finish
