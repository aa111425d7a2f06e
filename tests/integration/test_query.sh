#!/usr/bin/env bash
# `acmeprobe query` against the fault injector (tests/support/faultdns.py):
# every fault a stub resolver must survive, with the exact exit status and
# JSON fields of the command-line contract. tests/integration/README.md
# says what each check expects and why. About 10 s; never more than 60.
#
# Output: one "ok - ..." or "not ok - ..." line per check, "# ..." lines
# with the command, the expected and the actual values of a failure, and
# last exactly one line "N passed, M failed". Exit 1 if anything failed.
# Env: ACMEPROBE (default ./acmeprobe), KEEP=1 keeps the work directory.
# Network: loopback only (127.0.0.1 and ::1).
set -euo pipefail

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SHOW_STDOUT=1500

work_dir test-query

# The helpers of the assertions (tests/integration/checkjson.py): each
# assertion is a Python expression over `j` (the parsed stdout).
json_helpers <<'EOF'
def rr(name, rtype, data, ttl=300, rclass="IN"):
    return {"name": name, "type": rtype, "class": rclass, "ttl": ttl, "data": data}
def ede(j):
    return [{"code": e.get("code"), "text": e.get("text")} for e in j.get("ede") or []]
def types(section):
    return [r.get("type") for r in section]
def cls(j):
    return (j.get("error") or {}).get("class")
def detail(j):
    return (j.get("error") or {}).get("detail") or ""
EOF

# ---- preconditions ---------------------------------------------------------

copy_binary
if ! "$ACMEPROBE" query --help >/dev/null 2>&1; then
	not_ok "'$ACMEPROBE query --help' fails: no query command yet"
	finish
fi
if ! start_faultdns f4 --addr 127.0.0.1; then
	not_ok "faultdns.py does not start on 127.0.0.1"
	diag "$WORK/f4.log"
	finish
fi
P=$PORT
S="@127.0.0.1:$P"
SRV="\"127.0.0.1:$P\""
Q=(query --json --timeout 800)

# ---- answers (exit 0) ------------------------------------------------------

run "${Q[@]}" ok.a.example A "$S"
[ "$(count f4 'transport=udp name=ok\.a\.example\. type=A class=IN .*rd=1 .*edns=1232 ')" -ge 1 ] ||
	why "faultdns saw no UDP query for ok.a.example. with RD=1 and EDNS(0) UDP size 1232"
expect "ok A: NOERROR, every field" 0 \
	"j.get('server') == $SRV" \
	"j.get('transport') == 'udp'" \
	"j.get('rcode') == 'NOERROR'" \
	"j.get('flags') == ['qr', 'aa', 'rd', 'ra']" \
	"j.get('question') == {'name': 'ok.a.example.', 'type': 'A', 'class': 'IN'}" \
	"j.get('answer') == [rr('ok.a.example.', 'A', '192.0.2.1')]" \
	"j.get('authority') == []" \
	"j.get('additional') == []" \
	"j.get('edns') == {'version': 0, 'udp_size': 1232, 'do': False, 'options': []}" \
	"j.get('ede') == []" \
	"j.get('error') == None" \
	"j.get('spoofed') == 0" \
	"type(j.get('elapsed_ms')) is int and 0 <= j['elapsed_ms'] < 800"

run "${Q[@]}" ok.caa.example CAA "$S"
expect "ok CAA: the CAA record in presentation format" 0 \
	"j.get('rcode') == 'NOERROR'" \
	"j.get('answer') == [rr('ok.caa.example.', 'CAA', '0 issue \"letsencrypt.org\"')]" \
	"j.get('error') == None"

run "${Q[@]}" ok.nodata.example TXT "$S"
expect "NODATA: exit 0, NOERROR, no answer, the SOA in authority, no error" 0 \
	"j.get('rcode') == 'NOERROR'" \
	"j.get('answer') == []" \
	"j.get('authority') == [rr('nodata.example.', 'SOA', 'ns.nodata.example. hostmaster.nodata.example. 1 3600 600 86400 300')]" \
	"j.get('error') == None"

run "${Q[@]}" nxdomain.nx.example A "$S"
expect "NXDOMAIN: exit 0 (an answer), rcode NXDOMAIN, SOA, error.class nxdomain" 0 \
	"j.get('rcode') == 'NXDOMAIN'" \
	"j.get('answer') == []" \
	"types(j.get('authority', [])) == ['SOA']" \
	"cls(j) == 'nxdomain'"

run "${Q[@]}" ok.tcp.example A "$S" --tcp
[ "$(count f4 'transport=udp name=ok\.tcp\.example\.')" -eq 0 ] ||
	why "--tcp: faultdns saw a UDP query for ok.tcp.example."
[ "$(count f4 'transport=tcp name=ok\.tcp\.example\. type=A')" -ge 1 ] ||
	why "--tcp: faultdns saw no TCP query for ok.tcp.example."
expect "--tcp: asked over TCP only, transport tcp" 0 \
	"j.get('transport') == 'tcp'" \
	"j.get('answer') == [rr('ok.tcp.example.', 'A', '192.0.2.1')]"

run query --timeout 800 ok.human.example A "$S"
grep -q '192\.0\.2\.1' "$WORK/out" || why "human output: no 192.0.2.1 in it"
grep -q 'NOERROR' "$WORK/out" || why "human output: no NOERROR in it"
grep -q "127\.0\.0\.1" "$WORK/out" || why "human output: does not say which server answered"
expect "human output (no --json): the record, the status and the server" 0

run "${Q[@]}" ok.dot.example. A "$S"
expect "a name with the trailing dot is the same name" 0 \
	"j.get('question', {}).get('name') == 'ok.dot.example.'" \
	"j.get('answer') == [rr('ok.dot.example.', 'A', '192.0.2.1')]"

run "${Q[@]}" ok.generic.example TYPE257 "$S"
expect "TYPE257 (RFC 3597 generic type) is CAA" 0 \
	"j.get('question', {}).get('type') == 'CAA'" \
	"types(j.get('answer', [])) == ['CAA']"

run "${Q[@]}" ok.lower.example caa "$S"
expect "type mnemonics are case-insensitive (caa)" 0 \
	"j.get('question', {}).get('type') == 'CAA'"

run "${Q[@]}" case.case.example A "$S"
expect "answer with the question in another letter case: accepted, not spoofed" 0 \
	"j.get('question', {}).get('name', '').lower() == 'case.case.example.'" \
	"j.get('answer', [{}])[0].get('data') == '192.0.2.1'" \
	"j.get('spoofed') == 0"

# ---- truncation and TCP ----------------------------------------------------

run "${Q[@]}" tc.tc.example A "$S"
[ "$(count f4 'transport=udp name=tc\.tc\.example\. type=A')" -ge 1 ] ||
	why "faultdns saw no UDP query for tc.tc.example."
[ "$(count f4 'transport=tcp name=tc\.tc\.example\. type=A')" -eq 1 ] ||
	why "faultdns: want exactly 1 TCP query for tc.tc.example., got $(count f4 'transport=tcp name=tc\.tc\.example\.')"
expect "TC=1 over UDP: asked again over TCP, the TCP answer is shown" 0 \
	"j.get('transport') == 'tcp'" \
	"'tc' not in j.get('flags', [])" \
	"j.get('answer') == [rr('tc.tc.example.', 'A', '192.0.2.1')]" \
	"j.get('error') == None"

run "${Q[@]}" tc-big.big.example CAA "$S"
[ "$(count f4 'transport=tcp name=tc-big\.big\.example\. type=CAA')" -eq 1 ] ||
	why "faultdns: want exactly 1 TCP query for tc-big.big.example."
expect "TC then 30 CAA over TCP (~1.9 KB, written in 97-octet pieces)" 0 \
	"j.get('transport') == 'tcp'" \
	"len(j.get('answer', [])) == 30" \
	"set(types(j.get('answer', []))) == {'CAA'}" \
	"j['answer'][0].get('data') == '0 issue \"ca00.example.net; validationmethods=dns-01,http-01\"'" \
	"j['answer'][29].get('data') == '0 issue \"ca29.example.net; validationmethods=dns-01,http-01\"'"

run "${Q[@]}" udp-big.big.example CAA "$S"
expect "a UDP answer bigger than the advertised 1232 octets: all 30 records (read, or asked again over TCP)" 0 \
	"len(j.get('answer', [])) == 30" "j.get('rcode') == 'NOERROR'"

run "${Q[@]}" tc-tcp.tct.example A "$S"
max_ms 5000
n=$(count f4 'transport=tcp name=tc-tcp\.tct\.example\.')
[ "$n" -eq 1 ] || why "TC on the TCP answer: want 1 TCP query (no loop), got $n"
expect "TC=1 on the TCP answer too: no loop, the TCP answer is used" 0 \
	"j.get('transport') == 'tcp'" \
	"j.get('answer') == [rr('tc-tcp.tct.example.', 'A', '192.0.2.1')]"

run "${Q[@]}" tc-cut.cut.example A "$S"
max_ms 5000
expect "TCP answer cut short (length 2000, 100 octets, close): exit 2, network or malformed" 2 \
	"cls(j) in ('network', 'malformed')"

# ---- spoofing and matching (RFC 5452 s9.1) ---------------------------------

run "${Q[@]}" wrongid.sp.example A "$S"
expect "wrong ID first: ignored, counted, the right answer wins" 0 \
	"j.get('answer') == [rr('wrongid.sp.example.', 'A', '192.0.2.1')]" \
	"j.get('spoofed') == 1" "j.get('error') == None"

run "${Q[@]}" wrongq.sp.example A "$S"
expect "4 wrong questions first (name, type, class CH, one label 'wrongq\\.sp\\.example'): all ignored and counted" 0 \
	"j.get('question') == {'name': 'wrongq.sp.example.', 'type': 'A', 'class': 'IN'}" \
	"j.get('answer') == [rr('wrongq.sp.example.', 'A', '192.0.2.1')]" \
	"j.get('spoofed') == 4"

run "${Q[@]}" wrongport.sp.example A "$S"
expect "answer from another source port first: ignored, counted, the right one wins" 0 \
	"j.get('answer') == [rr('wrongport.sp.example.', 'A', '192.0.2.1')]" \
	"j.get('spoofed', 0) >= 1"

run "${Q[@]}" noqr.sp.example A "$S"
expect "a copy with QR=0 first: ignored, counted, the right answer wins" 0 \
	"j.get('answer') == [rr('noqr.sp.example.', 'A', '192.0.2.1')]" \
	"j.get('spoofed') == 1"

run "${Q[@]}" garbage-then-ok.sp.example A "$S"
expect "garbage first: ignored, counted, the right answer wins" 0 \
	"j.get('answer') == [rr('garbage-then-ok.sp.example.', 'A', '192.0.2.1')]" \
	"j.get('spoofed', 0) + j.get('malformed', 0) == 1"

run query --json --timeout 300 garbage.g.example A "$S"
max_ms 3000
expect "only garbage: exit 2, error.class malformed, within timeout x tries" 2 \
	"cls(j) == 'malformed'" "j.get('answer', []) == []"

run query --json --timeout 300 garbage.gt.example A "$S" --tcp
max_ms 3000
expect "only garbage over TCP: exit 2, error.class malformed" 2 \
	"cls(j) == 'malformed'"

# ---- no answer -------------------------------------------------------------

run query --json --timeout 300 drop.d.example A "$S"
max_ms 3000
expect "no answer over UDP: exit 2, error.class timeout, rcode null" 2 \
	"cls(j) == 'timeout'" "j.get('rcode') == None"

run query --json --timeout 300 drop.dt.example A "$S" --tcp
max_ms 3000
expect "no answer over TCP (connection held open): exit 2, timeout" 2 \
	"cls(j) == 'timeout'"

run query --json --timeout 3000 slow.s.example A "$S"
expect "an answer after 1.5 s with --timeout 3000: exit 0" 0 \
	"j.get('answer') == [rr('slow.s.example.', 'A', '192.0.2.1')]" \
	"j.get('elapsed_ms', 0) >= 1400"

run query --json --timeout 300 slow.s2.example A "$S"
max_ms 1500
expect "an answer after 1.5 s with --timeout 300: exit 2, timeout" 2 \
	"cls(j) == 'timeout'"

# ---- error rcodes from the only server -------------------------------------

for rc_name in servfail:SERVFAIL notimp:NOTIMP refused:REFUSED formerr:FORMERR; do
	b=${rc_name%%:*}
	r=${rc_name#*:}
	run "${Q[@]}" "$b.rc.example" A "$S"
	expect "$r from the only server: exit 2, error.class $b, rcode $r" 2 \
		"j.get('rcode') == '$r'" "cls(j) == '$b'" \
		"j.get('question') == {'name': '$b.rc.example.', 'type': 'A', 'class': 'IN'}"
done

run "${Q[@]}" servfail-ede.rc.example A "$S"
expect "SERVFAIL with EDE 6 'signature expired': exit 2, servfail, the EDE shown" 2 \
	"j.get('rcode') == 'SERVFAIL'" "cls(j) == 'servfail'" \
	"ede(j) == [{'code': 6, 'text': 'signature expired'}]"

# ---- CNAME chains in the answer --------------------------------------------

run "${Q[@]}" chain.ch.example A "$S"
expect "a chain of 3 CNAMEs to an A: exit 0, all 4 records" 0 \
	"types(j.get('answer', [])) == ['CNAME', 'CNAME', 'CNAME', 'A']" \
	"j['answer'][0] == rr('chain.ch.example.', 'CNAME', 'chain2.ch.example.')" \
	"j['answer'][3] == rr('chain0.ch.example.', 'A', '192.0.2.1')" \
	"j.get('error') == None"

run "${Q[@]}" chain8.ch.example A "$S"
expect "a chain of 8 CNAMEs (the limit): exit 0" 0 \
	"len(j.get('answer', [])) == 9" "j.get('error') == None"

run "${Q[@]}" chain9.ch.example A "$S"
expect "a chain of 9 CNAMEs (over the limit of 8): exit 2, malformed" 2 \
	"cls(j) == 'malformed'" \
	"re.search('chain|cname', detail(j), re.I) and re.search('long|length|limit|8', detail(j), re.I)"

run "${Q[@]}" long.ch.example A "$S"
expect "a chain of 10 CNAMEs: exit 2, malformed, the detail says the chain is too long" 2 \
	"cls(j) == 'malformed'" \
	"re.search('chain|cname', detail(j), re.I) and re.search('long|length|limit|8', detail(j), re.I)"

run "${Q[@]}" loop1.ch.example A "$S"
expect "a CNAME loop loop1 -> loop2 -> loop1: exit 2, malformed, the detail says loop" 2 \
	"cls(j) == 'malformed'" "re.search('loop', detail(j), re.I)"

run "${Q[@]}" short.sh.example A "$S"
n=$(count f4 'name=ok\.short-end\.sh\.example\.')
[ "$n" -eq 0 ] || why "query followed the chain with a new query ($n queries for ok.short-end.sh.example.)"
expect "a chain that stops short: query shows the one response, does not follow" 0 \
	"j.get('answer') == [rr('short.sh.example.', 'CNAME', 'ok.short-end.sh.example.')]" \
	"j.get('error') == None"

run "${Q[@]}" ok.short-end.sh.example A "$S"
expect "the short chain's target answers by itself" 0 \
	"j.get('answer') == [rr('ok.short-end.sh.example.', 'A', '192.0.2.1')]"

# ---- network errors --------------------------------------------------------

CLOSED=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run query --json --timeout 300 ok.closed.example A "@127.0.0.1:$CLOSED" --tcp
max_ms 3000
expect "--tcp to a closed port: exit 2, error.class network" 2 "cls(j) == 'network'"

run query --json --timeout 300 ok.closed.example A "@127.0.0.1:$CLOSED"
max_ms 3000
expect "UDP to a closed port: exit 2, error.class network (ICMP seen) or timeout" 2 \
	"cls(j) in ('network', 'timeout')"

# ---- two servers -----------------------------------------------------------

if start_faultdns f4sf --addr 127.0.0.1 --mode servfail-all; then
	PSF=$PORT
	run query --json --timeout 800 ok.two.example A --resolver "127.0.0.1:$PSF" --resolver "127.0.0.1:$P"
	[ "$(count f4sf 'name=ok\.two\.example\.')" -ge 1 ] || why "the first server (SERVFAIL) was not asked"
	expect "--resolver SERVFAIL-server --resolver good-server: the second answers" 0 \
		"j.get('server') == $SRV" "j.get('rcode') == 'NOERROR'" \
		"j.get('answer') == [rr('ok.two.example.', 'A', '192.0.2.1')]" \
		"j.get('error') == None"
else
	not_ok "faultdns.py --mode servfail-all does not start"
fi

if start_faultdns f4dr --addr 127.0.0.1 --mode drop-all; then
	PDR=$PORT
	run query --json --timeout 300 ok.two2.example A --resolver "127.0.0.1:$PDR" --resolver "127.0.0.1:$P"
	max_ms 3000
	[ "$(count f4dr 'name=ok\.two2\.example\.')" -ge 1 ] || why "the first server (silent) was not asked"
	expect "--resolver silent-server --resolver good-server: the second answers" 0 \
		"j.get('server') == $SRV" \
		"j.get('answer') == [rr('ok.two2.example.', 'A', '192.0.2.1')]"
else
	not_ok "faultdns.py --mode drop-all does not start"
fi

# ---- IPv6 ------------------------------------------------------------------

if start_faultdns f6 --addr ::1; then
	P6=$PORT
	run "${Q[@]}" ok.v6.example A "@[::1]:$P6"
	expect "IPv6 server @[::1]:PORT" 0 \
		"j.get('server') == '[::1]:$P6'" \
		"j.get('answer') == [rr('ok.v6.example.', 'A', '192.0.2.1')]"
	run "${Q[@]}" tc.v6.example A --resolver "[::1]:$P6"
	expect "IPv6 server by --resolver [::1]:PORT, TC then TCP" 0 \
		"j.get('server') == '[::1]:$P6'" "j.get('transport') == 'tcp'" \
		"j.get('answer') == [rr('tc.v6.example.', 'A', '192.0.2.1')]"
	run "${Q[@]}" wrongport.v6.example A "@[::1]:$P6"
	expect "IPv6: answer from another port first, the right one wins" 0 \
		"j.get('answer') == [rr('wrongport.v6.example.', 'A', '192.0.2.1')]"
else
	not_ok "faultdns.py does not start on ::1"
fi

# ---- usage errors (exit 64, a message on stderr) ---------------------------

usage_case() {
	local desc=$1
	shift
	run "$@"
	[ -s "$WORK/err" ] || why "no message on stderr"
	expect "usage error: $desc" 64
}
usage_case "empty label a..b" query --json a..b A "$S"
usage_case "unknown type FOO" query --json ok.example FOO "$S"
usage_case "bad address @999.1.1.1" query --json ok.example A @999.1.1.1
usage_case "unclosed bracket @[::1" query --json ok.example A "@[::1"
usage_case "port out of range @127.0.0.1:70000" query --json ok.example A @127.0.0.1:70000
usage_case "a label of 64 octets" query --json "$(printf 'a%.0s' $(seq 64)).example" A "$S"
usage_case "a name over 255 octets" query --json "$(printf 'abcdefghi.%.0s' $(seq 26))example" A "$S"
usage_case "no TYPE" query --json ok.example
usage_case "a third positional argument" query --json ok.example A extra "$S"
usage_case "bad --resolver address" query --json ok.example A --resolver 999.1.1.1

# ---- the whole run ---------------------------------------------------------

check_elapsed 60
finish
