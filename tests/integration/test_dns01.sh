#!/usr/bin/env bash
# `acmeprobe dns01` (R-DNS01-1..5, R-PERSIST-1..5, R-ACCOUNT-1) against
# real servers on loopback, one port P for every authoritative server:
#
#   Knot   127.0.0.1  primary of test. (the parent, with the delegations),
#                     dns01.test. and acme-dns.test.; dynamic updates
#                     (knsupdate) add the challenge records, as an ACME
#                     client's DNS hook does
#   NSD    127.0.0.2  ns2 of both zones: a secondary that Knot notifies
#   NSD    127.0.0.3  ns3 of dns01.test.: a secondary that Knot does not
#                     notify, with a one-hour refresh: it lags behind
#   (none) 127.0.0.5  ns3 of acme-dns.test.: nothing listens there
#   faultdns 127.0.0.6  ns1 of lame.test., REFUSED to everything
#
# A recursive Unbound on 127.0.0.1:U has stub zones for test., dns01.test.
# and acme-dns.test. pointing at Knot only, so the resolver's view is the
# primary's (fresh), and only acmeprobe's direct questions meet ns2 and
# ns3; and one for lame.test. at 127.0.0.6 (a delegation alone would send
# Unbound to port 53). _acme-challenge.cname.dns01.test. is a CNAME into acme-dns.test.
# (acme-dns style delegation). Failures of the resolver itself (timeout,
# SERVFAIL with an extended error) come from tests/support/faultdns.py
# used as the resolver.
#
# Each case asserts the exit status and exact JSON fields (valid, records,
# cnames, the nameservers' states and serials, problem, le_text in Let's
# Encrypt's words, computed here from boulder's format strings). Also:
# the text report, --trace, usage errors (an IP address among them), and
# `caa 127.0.0.1`, `caa ::1`. Loopback only. KEEP=1 keeps the work
# directory. About 15 s; the script stops itself at 85 s.
set -euo pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUN_TIMEOUT=30
SHOW_STDOUT=4000
work_dir test-dns01
KNOT_PID=
UNBOUND_PID=
NS2_PID=
NS3_PID=
LAME_PID=
WATCHDOG=
# shellcheck disable=SC2317 # (called on exit)
stop_all() {
	[ -z "$WATCHDOG" ] || kill -TERM "$WATCHDOG" 2>/dev/null || true
	stop_pid "$LAME_PID"
	stop_pid "$NS3_PID"
	stop_pid "$NS2_PID"
	stop_pid "$UNBOUND_PID"
	stop_pid "$KNOT_PID"
}
at_exit stop_all
trap 'not_ok "stopped by a signal (the 85 s watchdog?)"; echo "$pass passed, $fail failed"; exit 130' INT TERM
(
	trap 'kill "$sp" 2>/dev/null; exit 0' TERM
	sleep 85 >/dev/null 2>&1 &
	sp=$!
	wait "$sp" && kill -TERM $$
) &
WATCHDOG=$!

for tool in knotd knsupdate nsd unbound kdig; do
	command -v "$tool" >/dev/null || {
		not_ok "$tool is missing (scripts/deps.sh test)"
		finish
	}
done
copy_binary

free_port() { # free_port ADDR...: a port free for UDP and TCP on every ADDR
	$PY - "$@" <<'EOF'
import random, socket, sys
for _ in range(200):
    port = random.randint(20000, 59999)
    socks, good = [], True
    for a in sys.argv[1:]:
        for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
            s = socket.socket(socket.AF_INET, kind)
            socks.append(s)
            try:
                s.bind((a, port))
            except OSError:
                good = False
    for s in socks:
        s.close()
    if good:
        print(port)
        sys.exit(0)
sys.exit(1)
EOF
}
P=$(free_port 127.0.0.1 127.0.0.2 127.0.0.3 127.0.0.5 127.0.0.6)
U=$(free_port 127.0.0.1)
[ "$P" != "$U" ] || U=$(free_port 127.0.0.1)

# ---- the values: computed here, independently of src/acme ----------------

KA=evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA.9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI
ACCT=https://acme-staging-v02.api.letsencrypt.org/acme/acct/123456
read -r VALUE LABEL < <($PY - "$KA" "$ACCT" <<'EOF'
import base64, hashlib, sys
v = base64.urlsafe_b64encode(hashlib.sha256(sys.argv[1].encode()).digest()).decode().rstrip("=")
label = base64.b32encode(hashlib.sha256(sys.argv[2].encode()).digest()[:10]).decode().lower()
print(v, label)
EOF
)
LONG=$(printf 'a%.0s' $(seq 200))

# ---- zones -----------------------------------------------------------------

mkdir -p "$WORK/knot/db" "$WORK/zones" "$WORK/unbound" "$WORK/nsd2" "$WORK/nsd3"
cat >"$WORK/zones/test.zone" <<'EOF'
$ORIGIN test.
$TTL 60
@ SOA ns.test. hostmaster.test. 1 3600 900 604800 60
@ NS ns.test.
ns A 127.0.0.1
dns01 NS ns1.dns01
dns01 NS ns2.dns01
dns01 NS ns3.dns01
ns1.dns01 A 127.0.0.1
ns2.dns01 A 127.0.0.2
ns3.dns01 A 127.0.0.3
acme-dns NS ns1.acme-dns
acme-dns NS ns2.acme-dns
acme-dns NS ns3.acme-dns
ns1.acme-dns A 127.0.0.1
ns2.acme-dns A 127.0.0.2
ns3.acme-dns A 127.0.0.5
lame NS ns1.lame
ns1.lame A 127.0.0.6
EOF
cat >"$WORK/zones/dns01.test.zone" <<EOF
\$ORIGIN dns01.test.
\$TTL 60
@ SOA ns1 hostmaster 1 3600 900 604800 60
@ NS ns1
@ NS ns2
@ NS ns3
ns1 A 127.0.0.1
ns2 A 127.0.0.2
ns3 A 127.0.0.3
www A 192.0.2.1
_acme-challenge.wrong TXT "not-the-value"
_acme-challenge.many TXT "a"
_acme-challenge.many TXT "b"
_acme-challenge.many TXT "c"
_acme-challenge.split TXT "${VALUE:0:20}" "${VALUE:20}"
_acme-challenge.long TXT "$LONG"
_acme-challenge.nodata A 192.0.2.1
_acme-challenge.cname CNAME tok.acme-dns.test.
_acme-challenge.nowhere CNAME missing.acme-dns.test.
_validation-persist TXT "letsencrypt.org; accounturi=$ACCT; policy=wildcard"
_validation-persist TXT "sectigo.com; accounturi=$ACCT"
_validation-persist.bad TXT "LetsEncrypt.org.; accounturi=$ACCT;;"
_validation-persist.other TXT "letsencrypt.org; accounturi=$ACCT/7"
_$LABEL._acme-challenge.acct TXT "$VALUE"
EOF
cat >"$WORK/zones/acme-dns.test.zone" <<EOF
\$ORIGIN acme-dns.test.
\$TTL 60
@ SOA ns1 hostmaster 7 3600 900 604800 60
@ NS ns1
@ NS ns2
@ NS ns3
ns1 A 127.0.0.1
ns2 A 127.0.0.2
ns3 A 127.0.0.5
tok TXT "$VALUE"
EOF
cat >"$WORK/zones/lame.test.zone" <<'EOF'
$ORIGIN lame.test.
$TTL 60
@ SOA ns1 hostmaster 1 3600 900 604800 60
@ NS ns1
ns1 A 127.0.0.6
EOF

# ---- Knot, the primary -------------------------------------------------------

cat >"$WORK/knotd.conf" <<EOF
server:
    rundir: "$WORK/knot"
    listen: [ "127.0.0.1@$P" ]
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
log:
  - target: stderr
    any: info
database:
    storage: "$WORK/knot/db"
acl:
  - id: lab
    address: 127.0.0.0/8
    action: [transfer, update]
remote:
  - id: ns2
    address: 127.0.0.2@$P
template:
  - id: default
    storage: "$WORK/zones"
    zonefile-sync: -1
    zonefile-load: whole
zone:
  - domain: test.
    file: test.zone
  - domain: dns01.test.
    file: dns01.test.zone
    acl: lab
    notify: ns2
  - domain: acme-dns.test.
    file: acme-dns.test.zone
    acl: lab
    notify: ns2
EOF
knotd -c "$WORK/knotd.conf" </dev/null >"$WORK/knotd.log" 2>&1 &
KNOT_PID=$!

# serial ADDR ZONE: the SOA serial ADDR:P serves for ZONE ("" if none)
serial() {
	kdig @"$1" -p "$P" +norec +timeout=1 +retry=0 +short "$2" SOA 2>/dev/null | awk '{print $3}'
}
# wait_serial ADDR ZONE N: up to 10 s for ADDR to serve ZONE at serial N
wait_serial() {
	local _
	for _ in $(seq 50); do
		[ "$(serial "$1" "$2")" = "$3" ] && return 0
		sleep 0.2
	done
	return 1
}
if ! wait_serial 127.0.0.1 dns01.test. 1 || ! wait_serial 127.0.0.1 acme-dns.test. 7; then
	not_ok "Knot serves dns01.test. and acme-dns.test. on 127.0.0.1@$P"
	diag "$WORK/knotd.log"
	finish
fi

# ---- NSD, the secondaries ----------------------------------------------------

# start_nsd N ZONE...: NSD on 127.0.0.N@P, a secondary of Knot for each ZONE
start_nsd() {
	local n=$1 dir=$WORK/nsd$1 z
	shift
	rm -rf "$dir"
	mkdir -p "$dir"
	{
		echo "server:"
		echo "    ip-address: 127.0.0.$n@$P"
		echo "    do-ip6: no"
		echo "    username: \"\""
		echo "    chroot: \"\""
		echo "    zonesdir: \"$dir\""
		echo "    database: \"\""
		echo "    zonelistfile: \"$dir/zone.list\""
		echo "    xfrdfile: \"$dir/xfrd.state\""
		echo "    xfrdir: \"$dir\""
		echo "    pidfile: \"$dir/nsd.pid\""
		echo "    server-count: 1"
		echo "    verbosity: 1"
		echo "remote-control:"
		echo "    control-enable: no"
		for z in "$@"; do
			echo "zone:"
			echo "    name: $z"
			echo "    zonefile: \"$z.zone\""
			echo "    allow-notify: 127.0.0.0/8 NOKEY"
			echo "    request-xfr: 127.0.0.1@$P NOKEY"
		done
	} >"$dir/nsd.conf"
	nsd -d -c "$dir/nsd.conf" </dev/null >"$dir/nsd.log" 2>&1 &
}
start_nsd 2 dns01.test. acme-dns.test.
NS2_PID=$!
start_nsd 3 dns01.test.
NS3_PID=$!
if ! wait_serial 127.0.0.2 dns01.test. 1 || ! wait_serial 127.0.0.2 acme-dns.test. 7 ||
	! wait_serial 127.0.0.3 dns01.test. 1; then
	not_ok "NSD on 127.0.0.2 and 127.0.0.3 transfer the zones from Knot"
	diag "$WORK/nsd2/nsd.log" "$WORK/nsd3/nsd.log"
	finish
fi

# ---- faultdns: ns1.lame.test. refuses everything ---------------------------------

: >"$WORK/lame.out"
$PY "$FAULTDNS" --addr 127.0.0.6 --port "$P" --lifetime 120 --zone "lame.test.=$WORK/zones/lame.test.zone" \
	--fault refused >"$WORK/lame.out" 2>"$WORK/lame.log" </dev/null &
LAME_PID=$!

# ---- Unbound: recursive, test. and both zones through Knot only -------------

cat >"$WORK/unbound.conf" <<EOF
server:
    interface: 127.0.0.1
    port: $U
    directory: "$WORK/unbound"
    include: "$ROOT/tests/support/unbound-loopback.conf"
    local-zone: "test." transparent
    module-config: "iterator"
stub-zone:
    name: "test."
    stub-addr: 127.0.0.1@$P
stub-zone:
    name: "dns01.test."
    stub-addr: 127.0.0.1@$P
stub-zone:
    name: "acme-dns.test."
    stub-addr: 127.0.0.1@$P
stub-zone:
    name: "lame.test."
    stub-addr: 127.0.0.6@$P
remote-control:
    control-enable: no
EOF
unbound -d -c "$WORK/unbound.conf" </dev/null >"$WORK/unbound.log" 2>&1 &
UNBOUND_PID=$!
for _ in $(seq 50); do
	kdig @127.0.0.1 -p "$U" +timeout=1 +retry=0 +short ns3.dns01.test. A 2>/dev/null | grep -q . && break
	sleep 0.2
done
for _ in $(seq 50); do grep -qx ready "$WORK/lame.out" && break; sleep 0.1; done

# ---- the helpers of the assertions ---------------------------------------------

json_helpers <<'EOF'
def ns(j):
    """the nameservers as "name address state serial serves" strings"""
    return ["%s %s %s %s %s" % (n["name"], n["address"], n["state"], n["serial"],
                                "yes" if n["serves"] else "no")
            for n in j["nameservers"]]
def well_formed(j):
    """every contract field, and each nameserver's"""
    want = {"domain", "valid", "txt_name", "cnames", "records", "expected", "nameservers",
            "problem"}
    nsf = {"name", "address", "serves", "records", "error"}
    return (want <= set(j) and all(nsf <= set(n) for n in j["nameservers"]) and
            isinstance(j["le_text"], list))
def prob(j):
    return [j["problem"]["type"].split(":")[-1], j["problem"]["detail"]] if j["problem"] else None
def ch(j):
    """check's dns-01 findings (dns01_*), as "severity/code/rule" strings"""
    return ["%s/%s/%s" % (f["severity"], f["code"], f["rule"]) for f in j["findings"]
            if f["code"].startswith("dns01_")]
def chf(j):
    """check's first dns-01 finding"""
    return [f for f in j["findings"] if f["code"].startswith("dns01_")][0]
EOF

D=(--resolver "127.0.0.1:$U" --ns-port "$P" --timeout 1000)
NX_TEXT=" - check that a DNS record exists for this domain"

# ---- before the record is published ----------------------------------------------

run dns01 new.dns01.test --key-authorization "$KA" "${D[@]}" --json
expect "NXDOMAIN at _acme-challenge.new: invalid (1), a dns problem in LE's words" 1 \
	"well_formed(j)" "j['valid'] == False" "j['txt_name'] == '_acme-challenge.new.dns01.test.'" \
	"j['records'] == []" "j['expected'] == '$VALUE'" \
	"j['lookup'] == {'error': 'nxdomain', 'rcode': 'NXDOMAIN', 'ede': None}" \
	"prob(j) == ['dns', 'DNS problem: NXDOMAIN looking up TXT for _acme-challenge.new.dns01.test$NX_TEXT']" \
	"j['le_text'] == [j['problem']['detail']]" "j['zone'] == 'dns01.test.'" \
	"ns(j) == ['ns1.dns01.test. 127.0.0.1 missing 1 no', 'ns2.dns01.test. 127.0.0.2 missing 1 no', 'ns3.dns01.test. 127.0.0.3 missing 1 no']" \
	"[n['records'] for n in j['nameservers']] == [[], [], []]" \
	"[n['error'] for n in j['nameservers']] == [None, None, None]"

# ---- the ACME client's hook publishes the record: Knot, then ns2 by NOTIFY ----------

printf 'server 127.0.0.1 %s\nzone dns01.test.\nupdate add _acme-challenge.www.dns01.test. 60 TXT "%s"\nsend\n' \
	"$P" "$VALUE" | knsupdate 2>"$WORK/knsupdate.err" || true
if wait_serial 127.0.0.1 dns01.test. 2 && wait_serial 127.0.0.2 dns01.test. 2 &&
	[ "$(serial 127.0.0.3 dns01.test.)" = 1 ]; then
	ok "knsupdate added the TXT: Knot and ns2 at serial 2, ns3 still at 1"
else
	not_ok "after knsupdate: serials $(serial 127.0.0.1 dns01.test.) $(serial 127.0.0.2 dns01.test.) $(serial 127.0.0.3 dns01.test.) (want 2 2 1)"
	diag "$WORK/knsupdate.err" "$WORK/nsd2/nsd.log"
fi

run dns01 www.dns01.test --key-authorization "$KA" "${D[@]}" --json
expect "the resolver sees it, ns3 lags (serial 1 < 2): invalid (1), ns3 named" 1 \
	"well_formed(j)" "j['valid'] == False" "j['records'] == ['$VALUE']" "j['cnames'] == []" \
	"j['lookup']['error'] == None" "j['rule'] == 'R-DNS01-3'" \
	"ns(j) == ['ns1.dns01.test. 127.0.0.1 serves 2 yes', 'ns2.dns01.test. 127.0.0.2 serves 2 yes', 'ns3.dns01.test. 127.0.0.3 lags 1 no']" \
	"j['nameservers'][2]['detail'] == 'ns3.dns01.test. (127.0.0.3:$P) does not serve it yet: its SOA serial 1 is older than 2'" \
	"j['nameservers'][2]['records'] == []" "j['nameservers'][0]['records'] == ['$VALUE']" \
	"prob(j) == ['dns', 'DNS problem: NXDOMAIN looking up TXT for _acme-challenge.www.dns01.test$NX_TEXT']" \
	"j['le_text'] == [j['problem']['detail']]"

run dns01 www.dns01.test --key-authorization "$KA" "${D[@]}"
expect "the same, text report: INVALID, the lagging server, the fix, LE's words" 1
for want in "TXT name: _acme-challenge.www.dns01.test. (R-DNS01-1)" \
	"  \"$VALUE\"   <- matches (R-DNS01-3)" \
	"  ns3.dns01.test. (127.0.0.3:$P) does not serve it yet: its SOA serial 1 is older than 2" \
	"INVALID: the resolver asked here gets the record, but ns3.dns01.test. (127.0.0.3:$P) answers without it. A resolver that asks that server, the CA's among them, gets its answer, and Let's Encrypt then says:" \
	"  DNS problem: NXDOMAIN looking up TXT for _acme-challenge.www.dns01.test$NX_TEXT" \
	"  (urn:ietf:params:acme:error:dns)" \
	"Let's Encrypt would show:"; do
	grep -qxF -- "$want" "$WORK/out" || not_ok "text report lacks the line: $want"
done
grep -q '^Fix: wait until every server has the zone' "$WORK/out" || not_ok "text report lacks the fix"

# check --method dns-01 runs the same challenge (acme/dns01_run.c), as findings
C=(--method dns-01 --key-authorization "$KA" --no-dnssec --repeat 1 "${D[@]}" --json)
run check www.dns01.test "${C[@]}"
expect "check --method dns-01, ns3 lags: dns01_invalid (R-DNS01-3), ns3 named, will_fail (1)" 1 \
	"ch(j) == ['error/dns01_invalid/R-DNS01-3']" "j['verdict'] == 'will_fail'" \
	"'ns3.dns01.test. (127.0.0.3:$P) does not serve it yet: its SOA serial 1 is older than 2' in chf(j)['cause']" \
	"chf(j)['retryable'] == True" "'new serial' in chf(j)['fix']" \
	"chf(j)['le_text'] == 'DNS problem: NXDOMAIN looking up TXT for _acme-challenge.www.dns01.test$NX_TEXT'" \
	"chf(j)['le_text'] in j['le_text']"

# ns3 catches up: a fresh start transfers the zone at serial 2
stop_pid "$NS3_PID"
start_nsd 3 dns01.test.
NS3_PID=$!
wait_serial 127.0.0.3 dns01.test. 2 || not_ok "ns3 restarted did not transfer serial 2"

run dns01 www.dns01.test --key-authorization "$KA" "${D[@]}" --json --trace
expect "every server serves it: valid (0), problem null, le_text []" 0 \
	"well_formed(j)" "j['valid'] == True" "j['problem'] == None" "j['le_text'] == []" \
	"ns(j) == ['ns1.dns01.test. 127.0.0.1 serves 2 yes', 'ns2.dns01.test. 127.0.0.2 serves 2 yes', 'ns3.dns01.test. 127.0.0.3 serves 2 yes']"
for want in '[R-DNS01-1] asking TXT _acme-challenge.www.dns01.test. through the resolver' \
	'[R-DNS01-3] the CA'"'"'s verdict on that answer: valid'; do
	grep -qF -- "$want" "$WORK/err" || not_ok "--trace lacks: $want"
done
n=$(grep -c "^\[RFC 1035 s7.3\] _acme-challenge.www.dns01.test. TXT: try 1 to 127.0.0.[123]:$P over UDP -> answer NOERROR" "$WORK/err" || true)
[ "$n" -ge 3 ] && ok "--trace shows the TXT asked of each server directly ($n lines)" ||
	not_ok "--trace shows $n direct TXT questions (want 3)"
run check www.dns01.test "${C[@]}"
expect "check --method dns-01, every server serves it: dns01_valid (info), ok (0)" 0 \
	"ch(j) == ['info/dns01_valid/R-DNS01-3']" "j['verdict'] == 'ok'" "'$VALUE' in chf(j)['cause']"

run dns01 '*.www.dns01.test' --txt "$VALUE" "${D[@]}" --json
expect "a wildcard's '*.' is dropped (R-DNS01-1); --txt gives the value itself" 0 \
	"j['domain'] == 'www.dns01.test.'" "j['wildcard'] == True" "j['valid'] == True" \
	"j['txt_name'] == '_acme-challenge.www.dns01.test.'"

run dns01 www.dns01.test "${D[@]}" --json
expect "no expected value: published (0), valid null, what is published" 0 \
	"j['valid'] == None" "j['expected'] == None" "j['records'] == ['$VALUE']" \
	"[n['state'] for n in j['nameservers']] == ['serves'] * 3"

# ---- wrong values (R-DNS01-3, R-DNS01-4) -------------------------------------------------

run dns01 wrong.dns01.test --key-authorization "$KA" "${D[@]}" --json
expect "a wrong value: invalid (1), 'Incorrect TXT record' as LE says it" 1 \
	"prob(j) == ['unauthorized', 'Incorrect TXT record \"not-the-value\" found at _acme-challenge.wrong.dns01.test']" \
	"[n['state'] for n in j['nameservers']] == ['missing'] * 3"
run dns01 many.dns01.test --key-authorization "$KA" "${D[@]}" --json
expect "three wrong values: '(and 2 more)', the first in answer order" 1 \
	"sorted(j['records']) == ['a', 'b', 'c']" \
	"prob(j) == ['unauthorized', 'Incorrect TXT record \"%s\" (and 2 more) found at _acme-challenge.many.dns01.test' % j['records'][0]]"
run dns01 long.dns01.test --key-authorization "$KA" "${D[@]}" --json
expect "a 200-octet value: cut at 100 octets plus '...'" 1 \
	"prob(j) == ['unauthorized', 'Incorrect TXT record \"${LONG:0:100}...\" found at _acme-challenge.long.dns01.test']"
run dns01 split.dns01.test --key-authorization "$KA" "${D[@]}" --json
expect "one record of two strings: joined, it matches (R-DNS01-3)" 0 \
	"j['records'] == ['$VALUE']" "j['valid'] == True"
run dns01 nodata.dns01.test --key-authorization "$KA" "${D[@]}" --json
expect "the name exists without TXT (NODATA): 'No TXT record found at'" 1 \
	"prob(j) == ['unauthorized', 'No TXT record found at _acme-challenge.nodata.dns01.test']" \
	"j['lookup'] == {'error': None, 'rcode': 'NOERROR', 'ede': None}"

# ---- a CNAME into another zone (acme-dns style) ------------------------------------------

run dns01 cname.dns01.test --key-authorization "$KA" "${D[@]}" --json
expect "CNAME to tok.acme-dns.test.: followed, that zone's servers asked; the dead one is silent" 0 \
	"well_formed(j)" "j['valid'] == True" "j['cnames'] == ['tok.acme-dns.test.']" \
	"j['zone'] == 'acme-dns.test.'" "j['records'] == ['$VALUE']" \
	"ns(j) == ['ns1.acme-dns.test. 127.0.0.1 serves 7 yes', 'ns2.acme-dns.test. 127.0.0.2 serves 7 yes', 'ns3.acme-dns.test. 127.0.0.5 silent None no']" \
	"j['nameservers'][2]['error'] in ('timeout', 'network')" "j['nameservers'][2]['records'] == None"
run dns01 nowhere.dns01.test --key-authorization "$KA" "${D[@]}" --json
expect "a CNAME to nowhere: NXDOMAIN, invalid (1), the chain shown" 1 \
	"j['cnames'] == ['missing.acme-dns.test.']" "j['zone'] == 'acme-dns.test.'" \
	"prob(j) == ['dns', 'DNS problem: NXDOMAIN looking up TXT for _acme-challenge.nowhere.dns01.test$NX_TEXT']"

run check wrong.dns01.test "${C[@]}"
expect "check --method dns-01, a wrong value: dns01_invalid, LE's 'Incorrect TXT record', the value to publish" 1 \
	"ch(j) == ['error/dns01_invalid/R-DNS01-4']" "j['verdict'] == 'will_fail'" \
	"chf(j)['le_text'].startswith('Incorrect TXT record')" "'$VALUE' in chf(j)['fix']"
run check www.dns01.test --key-authorization "$KA" "${D[@]}"
expect "check --key-authorization without --token, --webroot or --method dns-01: usage error 64" 64
run check www.dns01.test --method http-01 --key-authorization "$KA" "${D[@]}"
expect "check --method http-01 --key-authorization without --token: usage error 64" 64

# ---- failures ------------------------------------------------------------------------

run dns01 lame.test --key-authorization "$KA" "${D[@]}" --json
expect "every server of the zone refuses: SERVFAIL from Unbound, exit 2, the server lame" 2 \
	"j['valid'] == False" "j['lookup']['error'] == 'servfail'" \
	"prob(j) == ['dns', \"DNS problem: SERVFAIL looking up TXT for _acme-challenge.lame.test - the domain's nameservers may be malfunctioning\"]" \
	"j['zone'] == 'lame.test.'" "ns(j) == ['ns1.lame.test. 127.0.0.6 lame None no']" \
	"j['nameservers'][0]['error'] == 'refused'"
run check lame.test "${C[@]}"
expect "check --method dns-01, the zone's one server refuses: dns01_lookup_failed, LE's SERVFAIL text, will_fail (1)" 1 \
	"ch(j) == ['error/dns01_lookup_failed/R-DNS01-4']" "j['verdict'] == 'will_fail'" \
	"chf(j)['le_text'] == \"DNS problem: SERVFAIL looking up TXT for _acme-challenge.lame.test - the domain's nameservers may be malfunctioning\""

if start_faultdns drop --addr 127.0.0.1 --mode drop-all; then
	run dns01 www.dns01.test --key-authorization "$KA" --resolver "127.0.0.1:$PORT" --timeout 300 --json
	expect "the resolver never answers: exit 2, 'query timed out', no server found" 2 \
		"j['lookup']['error'] == 'timeout'" "j['lookup']['rcode'] == None" \
		"prob(j) == ['dns', 'DNS problem: query timed out looking up TXT for _acme-challenge.www.dns01.test']" \
		"j['nameservers'] == []" "j['nameservers_problem'] != None" "j['zone'] == None"
else
	not_ok "faultdns --mode drop-all does not start"
fi
if start_faultdns nx --addr 127.0.0.1 --mode nxdomain-all; then
	run dns01 www.dns01.test --txt "$VALUE" --resolver "127.0.0.1:$PORT" --timeout 300 --json
	expect "a resolver that says NXDOMAIN (faultdns): invalid (1), LE's NXDOMAIN text" 1 \
		"j['lookup'] == {'error': 'nxdomain', 'rcode': 'NXDOMAIN', 'ede': None}" \
		"prob(j) == ['dns', 'DNS problem: NXDOMAIN looking up TXT for _acme-challenge.www.dns01.test$NX_TEXT']"
else
	not_ok "faultdns --mode nxdomain-all does not start"
fi
if start_faultdns sf --addr 127.0.0.1 --mode servfail-all; then
	run dns01 www.dns01.test --txt "$VALUE" --resolver "127.0.0.1:$PORT" --timeout 300 --json
	expect "a resolver that says SERVFAIL (faultdns): exit 2, LE's SERVFAIL text" 2 \
		"j['lookup'] == {'error': 'servfail', 'rcode': 'SERVFAIL', 'ede': None}" \
		"prob(j) == ['dns', \"DNS problem: SERVFAIL looking up TXT for _acme-challenge.www.dns01.test - the domain's nameservers may be malfunctioning\"]" \
		"j['nameservers'] == []" "j['nameservers_problem'] != None"
else
	not_ok "faultdns --mode servfail-all does not start"
fi
if start_faultdns ede --addr 127.0.0.1 --mode servfail-ede-all; then
	run dns01 www.dns01.test --key-authorization "$KA" --resolver "127.0.0.1:$PORT" --timeout 300 --json
	expect "SERVFAIL with EDE 6: the EDE form of LE's text (R-DNSSEC-14)" 2 \
		"j['lookup'] == {'error': 'servfail', 'rcode': 'SERVFAIL', 'ede': {'code': 6, 'text': 'signature expired'}}" \
		"prob(j) == ['dns', 'DNS problem: looking up TXT for _acme-challenge.www.dns01.test: DNSSEC: Bogus: signature expired']"
else
	not_ok "faultdns --mode servfail-ede-all does not start"
fi

# ---- dns-persist-01 (R-PERSIST-*) and dns-account-01 (R-ACCOUNT-1) ------------------------

PST="Checking DNS-PERSIST-01 challenge TXT record with issuer-domain-name \"letsencrypt.org\""
run dns01 '*.dns01.test' --persist --account-uri "$ACCT" "${D[@]}" --json
expect "--persist, a wildcard: policy=wildcard, this account: valid (0)" 0 \
	"j['method'] == 'dns-persist-01'" "j['valid'] == True" \
	"j['txt_name'] == '_validation-persist.dns01.test.'" "j['rule'] == 'R-PERSIST-4'" \
	"sorted(r['status'] for r in j['persist']['records']) == ['other_ca', 'valid']" \
	"'feature flag' in j['persist']['status'] and 'staging' in j['persist']['status']" \
	"[n['state'] for n in j['nameservers']] == ['serves'] * 3"
run dns01 dns01.test --persist --account-uri "$ACCT/8" "${D[@]}" --json
expect "--persist, another account: unauthorized, accounturi mismatch" 1 \
	"prob(j) == ['unauthorized', '$PST: accounturi mismatch: expected \"$ACCT/8\", got \"$ACCT\"']"
run dns01 bad.dns01.test --persist --account-uri "$ACCT" "${D[@]}" --json
expect "--persist, LE's record malformed (';;'): malformed, its parse error" 1 \
	"prob(j) == ['malformed', 'Parsing DNS-PERSIST-01 challenge TXT record with issuer-domain-name \"letsencrypt.org\": empty parameter or trailing semicolon provided']" \
	"j['persist']['records'][0]['issuer'] == 'letsencrypt.org'"
run dns01 www.dns01.test --persist --account-uri "$ACCT" "${D[@]}" --json
expect "--persist, no such name: NXDOMAIN, the persist prefix of LE's text" 1 \
	"prob(j) == ['dns', 'Retrieving TXT records for DNS-PERSIST-01 challenge: DNS problem: NXDOMAIN looking up TXT for _validation-persist.www.dns01.test$NX_TEXT']"
run dns01 acct.dns01.test --account --account-uri "$ACCT" --key-authorization "$KA" "${D[@]}" --json
expect "--account: the TXT at _$LABEL._acme-challenge (R-ACCOUNT-1): valid" 0 \
	"j['txt_name'] == '_$LABEL._acme-challenge.acct.dns01.test.'" "j['valid'] == True" \
	"j['method'] == 'dns-account-01'"
run dns01 www.dns01.test --account --account-uri "$ACCT" --key-authorization "$KA" "${D[@]}" --json
expect "--account, no record there: the NXDOMAIN text has no account suffix" 1 \
	"prob(j) == ['dns', 'DNS problem: NXDOMAIN looking up TXT for _$LABEL._acme-challenge.www.dns01.test$NX_TEXT']"

# ---- usage errors, IP addresses (R-DNS01-5, R-IP-3, R-IP-4) -----------------------------

run dns01 192.0.2.1 --txt x "${D[@]}"
expect "dns01 192.0.2.1: usage error 64, no DNS-01 for an IP address" 64
grep -q "offers no DNS-01 challenge for an IP address" "$WORK/err" || not_ok "dns01 192.0.2.1's message: $(cat "$WORK/err")"
[ ! -s "$WORK/out" ] || not_ok "dns01 192.0.2.1 wrote to stdout"
run dns01 ::1 "${D[@]}"
expect "dns01 ::1: usage error 64" 64
for args in "www.dns01.test --txt a --key-authorization b" "www.dns01.test --persist" \
	"www.dns01.test --account-uri $ACCT" "www.dns01.test --wildcard" "www.dns01.test --ns-port 0" \
	"a..b" "www.dns01.test --persist --account-uri $ACCT --txt v" "www.dns01.test --key-authorization="; do
	# shellcheck disable=SC2086 # (the words of $args)
	run dns01 $args
	expect "dns01 $args: usage error 64" 64
done
run caa 127.0.0.1 --resolver "127.0.0.1:$U" --json
expect "caa 127.0.0.1: permitted (0), R-IP-4" 0 "j['permitted'] == True" "j['rule'] == 'R-IP-4'"
run caa ::1 --resolver "127.0.0.1:$U" --json
expect "caa ::1: permitted (0), R-IP-4" 0 "j['permitted'] == True" "j['rule'] == 'R-IP-4'"

check_elapsed 60
finish
