#!/usr/bin/env bash
# `acmeprobe tlsalpn01` against real TLS servers and real network faults,
# in two network namespaces of its own (nothing outside them sees a
# packet):
#
#   alp-c-PID  the client side: acmeprobe; Unbound on 127.0.0.1:53 with the
#              test names as local data; on its loopback the certificate
#              faults: tests/support/tlsalpn_server.py on 127.0.0.1:443 and
#              [::1]:443 choosing the certificate by SNI (and refusing any
#              SNI it has no certificate for), and one server per
#              handshake fault on 127.0.0.2-.6 and 127.0.0.7 (openssl
#              s_server, TLS 1.1 only) and .8 (openssl s_server, good)
#   alp-s-PID  the servers of the IPv6 faults: tlsalpn_server.py on
#              2001:db8:1::10 and 192.0.2.10 (good), ::13 (a certificate
#              for another name), ::14 (a certificate Go cannot parse),
#              ::15 (no ALPN), ::16 (silent: the handshake times out); nft
#              drops SYNs to ::11 and 192.0.2.11 (connect timeout) and
#              answers RST to ::12 (refused)
#
# joined by one veth pair; documentation addresses (RFC 3849, RFC 5737)
# exist only inside the namespaces. The certificates are made at each run
# by tests/support/alpn_certs.py (openssl req -x509 -addext). Each check
# runs acmeprobe tlsalpn01 --json and asserts the exit status and exact
# JSON fields. Needs root (ip netns, nft); everything started is stopped
# and both namespaces deleted by a trap. About 20 s.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
ACMEPROBE=${ACMEPROBE:-./acmeprobe}
case "$ACMEPROBE" in /*) ;; *) ACMEPROBE=$ROOT/$ACMEPROBE ;; esac
PY=/usr/bin/python3
NSC=${NS_PREFIX:-alp}-c-$$
NSS=${NS_PREFIX:-alp}-s-$$
WORK=$(mktemp -d /tmp/acmeprobe-tlsalpn01.XXXXXX)
KA=alpn-token.thumbprint
pass=0
fail=0
ok() { echo "ok - $*"; pass=$((pass + 1)); }
not_ok() { echo "not ok - $*"; fail=$((fail + 1)); }
PIDS=()

# shellcheck disable=SC2317 # (called by the trap)
cleanup() {
	local rc=$? pid
	for pid in "${PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in "${PIDS[@]}"; do
		for _ in $(seq 30); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	ip netns del "$NSC" 2>/dev/null || true
	ip netns del "$NSS" 2>/dev/null || true
	if [ "${KEEP:-0}" = 1 ]; then
		echo "# work directory kept: $WORK"
	else
		rm -rf "$WORK"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit $?
}

if [ "$(id -u)" -ne 0 ]; then
	echo "ok - # SKIP test_tlsalpn01.sh needs root (ip netns, nft)"
	pass=$((pass + 1))
	finish
fi
for tool in ip nft openssl unbound; do
	command -v "$tool" >/dev/null || {
		not_ok "$tool is missing (scripts/deps.sh test)"
		finish
	}
done
if ! "$ACMEPROBE" --version | grep -q '^TLS: yes'; then
	# a build without TLS says so and exits 2 (make TLS=0, make tiny)
	rc=0
	"$ACMEPROBE" tlsalpn01 example.com --key-authorization x >/dev/null 2>"$WORK/err" || rc=$?
	if [ $rc -eq 2 ] && grep -q "tls-alpn-01 needs TLS" "$WORK/err"; then
		ok "built without TLS: tlsalpn01 exits 2 and says why"
	else
		not_ok "built without TLS: exit $rc"
	fi
	finish
fi

# ---- the two namespaces ----------------------------------------------------

setup() {
	ip netns add "$NSC"
	ip netns add "$NSS"
	ip -n "$NSC" link set lo up
	ip -n "$NSS" link set lo up
	ip -n "$NSC" link add vc address 02:00:00:00:00:01 type veth peer name vs \
		address 02:00:00:00:00:02 netns "$NSS"
	ip -n "$NSC" addr add 2001:db8:1::1/64 dev vc nodad
	ip -n "$NSC" addr add 192.0.2.1/24 dev vc
	local i
	for i in 10 11 12 13 14 15 16; do
		ip -n "$NSS" addr add "2001:db8:1::$i/64" dev vs nodad
	done
	for i in 10 11; do
		ip -n "$NSS" addr add "192.0.2.$i/24" dev vs
	done
	ip -n "$NSC" link set vc up
	ip -n "$NSS" link set vs up
	# permanent neighbours: no neighbour discovery or ARP to wait for
	for i in 10 11 12 13 14 15 16; do
		ip -n "$NSC" neigh replace "2001:db8:1::$i" lladdr 02:00:00:00:00:02 dev vc nud permanent
	done
	for i in 10 11; do
		ip -n "$NSC" neigh replace "192.0.2.$i" lladdr 02:00:00:00:00:02 dev vc nud permanent
	done
	ip -n "$NSS" neigh replace 2001:db8:1::1 lladdr 02:00:00:00:00:01 dev vs nud permanent
	ip -n "$NSS" neigh replace 192.0.2.1 lladdr 02:00:00:00:00:01 dev vs nud permanent
	cat >"$WORK/rules.nft" <<'EOF'
table inet alp {
	chain input {
		type filter hook input priority 0; policy accept;
		# connect timeouts: the SYN vanishes
		ip6 daddr 2001:db8:1::11 tcp flags & (syn | ack) == syn drop
		ip daddr 192.0.2.11 tcp flags & (syn | ack) == syn drop
		# refused: RST to the SYN
		ip6 daddr 2001:db8:1::12 meta l4proto tcp reject with tcp reset
	}
}
EOF
	ip netns exec "$NSS" nft -f "$WORK/rules.nft"
}
if setup >"$WORK/setup.log" 2>&1; then
	ok "namespaces $NSC and $NSS, veth, addresses and nft rules"
else
	not_ok "namespace setup"
	sed 's/^/# /' "$WORK/setup.log"
	finish
fi

# ---- DNS: Unbound with the names as local data -------------------------------

LO="good two case email other noncrit digest malformed noacme nosan ca key neg dup unknown"
{
	echo "server:"
	echo "    interface: 127.0.0.1"
	echo "    port: 53"
	echo "    include: \"$ROOT/tests/support/unbound-loopback.conf\""
	echo "    local-zone: \"alpn.test.\" static"
	for n in $LO; do
		echo "    local-data: \"$n.lo.alpn.test. 60 IN A 127.0.0.1\""
	done
	i=2
	for n in noalpn h2 http silent plain tls11 sserver; do
		echo "    local-data: \"$n.lo.alpn.test. 60 IN A 127.0.0.$i\""
		i=$((i + 1))
	done
	while read -r name v6 v4; do
		[ "$v6" = - ] || echo "    local-data: \"$name.alpn.test. 60 IN AAAA 2001:db8:1::$v6\""
		[ "$v4" = - ] || echo "    local-data: \"$name.alpn.test. 60 IN A 192.0.2.$v4\""
	done <<'EOF'
dual 10 10
v6timeout 11 10
v6refused 12 10
v6wrongcert 13 10
v6dup 14 10
v6noalpn 15 10
v6silent 16 10
v6deadnoa 11 -
v6only 10 -
v4only - 10
alltimeout 11 11
EOF
	echo "remote-control:"
	echo "    control-enable: no"
} >"$WORK/unbound.conf"
ip netns exec "$NSC" unbound -d -c "$WORK/unbound.conf" >"$WORK/unbound.log" 2>&1 &
PIDS+=($!)

# ---- the certificates and the servers -------------------------------------------

NS_NAMES="dual v6timeout v6refused v6wrongcert v6dup v6noalpn v6silent v6deadnoa v6only v4only alltimeout"
specs=(good.lo.alpn.test=good two.lo.alpn.test=two_sans case.lo.alpn.test=san_case
	email.lo.alpn.test=email_san other.lo.alpn.test=other_name
	noncrit.lo.alpn.test=noncritical digest.lo.alpn.test=wrong_digest
	malformed.lo.alpn.test=malformed_value noacme.lo.alpn.test=no_acme
	nosan.lo.alpn.test=no_san ca.lo.alpn.test=not_self_signed key.lo.alpn.test=wrong_key
	neg.lo.alpn.test=negative_serial dup.lo.alpn.test=dup_ext 127.0.0.1=good ::1=good)
certs_ok=1
"$PY" tests/support/alpn_certs.py --dir "$WORK/lo" --key-authorization "$KA" "${specs[@]}" \
	>"$WORK/certs.log" 2>&1 || certs_ok=0
ns_specs=()
for n in $NS_NAMES; do ns_specs+=("$n.alpn.test=good"); done
"$PY" tests/support/alpn_certs.py --dir "$WORK/ns" --key-authorization "$KA" "${ns_specs[@]}" \
	>>"$WORK/certs.log" 2>&1 || certs_ok=0
"$PY" tests/support/alpn_certs.py --dir "$WORK/one" --key-authorization "$KA" \
	other.alpn.test=good v6dup.alpn.test=dup_ext noalpn.lo.alpn.test=good \
	h2.lo.alpn.test=good tls11.lo.alpn.test=good sserver.lo.alpn.test=good \
	>>"$WORK/certs.log" 2>&1 || certs_ok=0
if [ $certs_ok = 1 ]; then
	ok "certificates made by openssl req -x509 -addext ($(find "$WORK" -name '*.pem' | wc -l))"
else
	not_ok "alpn_certs.py"
	sed 's/^/# /' "$WORK/certs.log"
	finish
fi

# start_server NS NAME ARGS...: tlsalpn_server.py in a namespace, waiting
# for its "ready".
start_server() {
	local ns=$1 name=$2
	shift 2
	mkfifo "$WORK/$name.ready"
	ip netns exec "$ns" "$PY" tests/support/tlsalpn_server.py "$@" --lifetime 170 \
		>"$WORK/$name.ready" 2>"$WORK/$name.log" &
	PIDS+=($!)
	if timeout 10 head -n 1 "$WORK/$name.ready" | grep -q ready; then
		ok "tlsalpn_server.py ($name) in $ns"
	else
		not_ok "tlsalpn_server.py ($name) did not start"
		sed 's/^/# /' "$WORK/$name.log"
		finish
	fi
}
start_server "$NSC" lo --listen 127.0.0.1,443,sni,"$WORK/lo" --listen ::1,443,sni,"$WORK/lo" \
	--listen 127.0.0.1,8443,sni,"$WORK/lo" \
	--listen 127.0.0.2,443,noalpn,"$WORK/one/noalpn.lo.alpn.test" \
	--listen 127.0.0.3,443,h2,"$WORK/one/h2.lo.alpn.test" \
	--listen 127.0.0.4,443,http --listen 127.0.0.5,443,silent
start_server "$NSS" ns --listen 2001:db8:1::10,443,sni,"$WORK/ns" \
	--listen 192.0.2.10,443,sni,"$WORK/ns" \
	--listen 2001:db8:1::13,443,fixed,"$WORK/one/other.alpn.test" \
	--listen 2001:db8:1::14,443,fixed,"$WORK/one/v6dup.alpn.test" \
	--listen 2001:db8:1::15,443,noalpn,"$WORK/ns/v6noalpn.alpn.test" \
	--listen 2001:db8:1::16,443,silent

# openssl s_server: TLS 1.1 only (127.0.0.7), and a good one (127.0.0.8).
# -quiet also ignores the end of its (empty) standard input.
ip netns exec "$NSC" openssl s_server -quiet -accept 127.0.0.7:443 -tls1_1 \
	-cipher 'DEFAULT:@SECLEVEL=0' -alpn acme-tls/1 \
	-cert "$WORK/one/tls11.lo.alpn.test.pem" -key "$WORK/one/tls11.lo.alpn.test.key" \
	</dev/null >"$WORK/s_server11.log" 2>&1 &
PIDS+=($!)
ip netns exec "$NSC" openssl s_server -quiet -accept 127.0.0.8:443 -alpn acme-tls/1 \
	-cert "$WORK/one/sserver.lo.alpn.test.pem" -key "$WORK/one/sserver.lo.alpn.test.key" \
	</dev/null >"$WORK/s_server.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 50); do
	if ip netns exec "$NSC" ss -ltn | grep -q '127.0.0.8:443' &&
		ip netns exec "$NSC" ss -ltn | grep -q '127.0.0.7:443' &&
		ip netns exec "$NSC" ss -lun | grep -q '127.0.0.1:53'; then
		break
	fi
	sleep 0.1
done
if ip netns exec "$NSC" ss -ltn | grep -q '127.0.0.8:443' &&
	ip netns exec "$NSC" ss -lun | grep -q '127.0.0.1:53'; then
	ok "openssl s_server (TLS 1.1 only; good) and Unbound in $NSC"
else
	not_ok "openssl s_server or Unbound did not start"
	sed 's/^/# /' "$WORK/s_server.log" "$WORK/s_server11.log" "$WORK/unbound.log" | head -20
	finish
fi

# ---- the checks --------------------------------------------------------------

DIGEST=$(printf %s "$KA" | openssl dgst -sha256 -hex | awk '{ print $NF }')

# run ARGS...: acmeprobe tlsalpn01 in the client namespace with the test
# resolver and short timeouts; stdout to $WORK/out, stderr to $WORK/err.
run() {
	local rc=0
	timeout 30 ip netns exec "$NSC" "$ACMEPROBE" tlsalpn01 --resolver 127.0.0.1:53 \
		--timeout 2000 --dial-timeout 1000 --key-authorization "$KA" "$@" \
		>"$WORK/out" 2>"$WORK/err" || rc=$?
	return $rc
}

# check DESCRIPTION WANT_EXIT PYTHON_ASSERTIONS -- ARGS...: the assertions
# (";;" between) see the JSON as `j`, its attempts as `a`, col(field)
# that field of every attempt, P the problem's detail, D the digest.
check() {
	local what=$1 want=$2 asserts=$3
	shift 4
	local rc=0
	run "$@" --json || rc=$?
	if [ "$rc" -ne "$want" ]; then
		not_ok "$what: exit $rc, want $want"
		sed 's/^/# /' "$WORK/out" "$WORK/err" | head -20
		return
	fi
	if "$PY" - "$WORK/out" "$asserts" "$DIGEST" >"$WORK/py" 2>&1 <<'PYEOF'
import json, sys
j = json.load(open(sys.argv[1]))
a = j["attempts"]
D = sys.argv[3]
def col(f): return [x[f] for x in a]
P = j["problem"]["detail"] if j["problem"] else None
for line in sys.argv[2].split(";;"):
    line = line.strip()
    if line and not eval(line):
        print("failed: " + line)
        print(json.dumps(j)[:3000])
        sys.exit(1)
PYEOF
	then
		ok "$what"
	else
		not_ok "$what"
		sed 's/^/# /' "$WORK/py"
	fi
}

INC="Incorrect validation certificate for tls-alpn-01 challenge. Requested"
U=urn:ietf:params:acme:error:

# -- the right answer
check "good: TLS 1.3, acme-tls/1, the SAN and the acmeIdentifier (R-ALPN-1, R-ALPN-5)" 0 \
	'j["valid"] is True ;; j["domain"] == "good.lo.alpn.test" ;; j["identifier"] == {"type": "dns", "value": "good.lo.alpn.test"} ;; j["sni"] == "good.lo.alpn.test" ;; col("address") == ["127.0.0.1"] ;; col("family") == ["ipv4"] ;; col("outcome") == ["ok"] ;; col("tls_version") == ["TLSv1.3"] ;; col("alpn") == ["acme-tls/1"] ;; a[0]["sans"] == [{"type": "dns", "value": "good.lo.alpn.test"}] ;; a[0]["acme_identifier"] == {"critical": True, "well_formed": True, "value": D, "matches": True} ;; j["key_authorization_sha256"] == D ;; j["problem"] is None ;; j["le_text"] == [] ;; j["lookups"]["a"]["first"] == "127.0.0.1" ;; j["lookups"]["aaaa"]["first"] is None ;; a[0]["reserved"] is True' \
	-- good.lo.alpn.test
check "openssl s_server -alpn acme-tls/1 with a good certificate" 0 \
	'j["valid"] is True ;; col("outcome") == ["ok"] ;; col("alpn") == ["acme-tls/1"]' \
	-- sserver.lo.alpn.test
check "--port: another port (labs)" 0 \
	'j["valid"] is True ;; j["port"] == 8443 ;; col("port") == [8443]' \
	-- good.lo.alpn.test --port 8443
check "a name the server has no certificate for: it refuses the SNI (unrecognized_name)" 2 \
	'col("outcome") == ["tls_error"] ;; col("phase") == ["tls"] ;; j["problem"]["type"] == "'$U'tls" ;; P == "127.0.0.1: remote error: tls: unrecognized name"' \
	-- unknown.lo.alpn.test

# -- R-ALPN-4: the SAN
check "two SANs (R-ALPN-4)" 1 \
	'col("outcome") == ["bad_certificate"] ;; col("phase") == ["checks"] ;; j["rule"] == "R-ALPN-4" ;; j["problem"]["type"] == "'$U'unauthorized" ;; P == "'"$INC"' two.lo.alpn.test from 127.0.0.1:443. Received certificate with unexpected identifiers (\"two.lo.alpn.test, www.two.lo.alpn.test\"): \"wrong number of identifiers\"" ;; len(a[0]["sans"]) == 2 ;; j["le_text"] == [P]' \
	-- two.lo.alpn.test
check "the SAN in upper case: not the same octets (R-ALPN-4)" 1 \
	'j["rule"] == "R-ALPN-4" ;; P.endswith("(\"case.lo.alpn.test\"): \"SAN extension does not match expected bytes\"") ;; a[0]["sans"] == [{"type": "dns", "value": "CASE.LO.ALPN.TEST"}]' \
	-- case.lo.alpn.test
check "an extra email SAN (R-ALPN-4)" 1 \
	'P.endswith("(\"admin@email.lo.alpn.test, email.lo.alpn.test\"): \"SAN extension does not match expected bytes\"") ;; [s["type"] for s in a[0]["sans"]] == ["dns", "email"]' \
	-- email.lo.alpn.test
check "a SAN for another name (R-ALPN-4)" 1 \
	'P.endswith("(\"other.lo.alpn.test, other.other.lo.alpn.test\"): \"identifier does not match expected identifier\"")' \
	-- other.lo.alpn.test

# -- R-ALPN-5: the acmeIdentifier
check "a non-critical acmeIdentifier (R-ALPN-5)" 1 \
	'j["rule"] == "R-ALPN-5" ;; P == "'"$INC"' noncrit.lo.alpn.test from 127.0.0.1:443. Received certificate with acmeValidationV1 extension that is not Critical." ;; a[0]["acme_identifier"]["critical"] is False ;; a[0]["acme_identifier"]["matches"] is True' \
	-- noncrit.lo.alpn.test
check "the digest of another key authorization (R-ALPN-5)" 1 \
	'P.startswith("'"$INC"' digest.lo.alpn.test from 127.0.0.1:443. Received certificate with acmeValidationV1 extension value ") ;; P.endswith(" but expected " + D + ".") ;; a[0]["acme_identifier"]["matches"] is False' \
	-- digest.lo.alpn.test
check "an acmeIdentifier of 31 octets (R-ALPN-5)" 1 \
	'P.endswith("Received certificate with malformed acmeValidationV1 extension value.") ;; a[0]["acme_identifier"]["well_formed"] is False' \
	-- malformed.lo.alpn.test

# -- R-ALPN-3: self-signed, the extensions
check "no acmeIdentifier (R-ALPN-3)" 1 \
	'j["rule"] == "R-ALPN-3" ;; P.endswith("Received certificate with unexpected extensions: \"Required extension OID 1.3.6.1.5.5.7.1.31 is not present\"") ;; a[0]["acme_identifier"] is None' \
	-- noacme.lo.alpn.test
check "no SAN (R-ALPN-3)" 1 \
	'P.endswith("Received certificate with unexpected extensions: \"Required extension OID 2.5.29.17 is not present\"") ;; a[0]["sans"] == []' \
	-- nosan.lo.alpn.test
check "issued by a CA: not self-signed (R-ALPN-3)" 1 \
	'j["rule"] == "R-ALPN-3" ;; P == "'"$INC"' ca.lo.alpn.test from 127.0.0.1:443. Received certificate which is not self-signed."' \
	-- ca.lo.alpn.test
check "its own name as issuer, another key's signature: not self-signed (R-ALPN-3)" 1 \
	'P.endswith("Received certificate which is not self-signed.")' \
	-- key.lo.alpn.test
check "an extension twice: Go's parser refuses the certificate in the handshake (R-ALPN-3)" 1 \
	'col("outcome") == ["bad_certificate"] ;; col("phase") == ["certificate"] ;; a[0]["go_parse_error"] == "x509: certificate contains duplicate extension with OID \"1.3.6.1.5.5.7.1.31\"" ;; j["problem"]["type"] == "'$U'connection" ;; P == "127.0.0.1: Error getting validation data" ;; a[0]["sans"] is None' \
	-- dup.lo.alpn.test
check "a negative serial number: Go's parser refuses it" 1 \
	'col("phase") == ["certificate"] ;; a[0]["go_parse_error"] == "x509: negative serial number" ;; P == "127.0.0.1: Error getting validation data"' \
	-- neg.lo.alpn.test

# -- R-ALPN-1: the handshake
check "a server without ALPN (R-ALPN-1)" 1 \
	'col("outcome") == ["no_alpn"] ;; col("alpn") == [None] ;; col("tls_version") == ["TLSv1.3"] ;; j["problem"]["type"] == "'$U'unauthorized" ;; P == "Cannot negotiate ALPN protocol \"acme-tls/1\" for tls-alpn-01 challenge" ;; j["rule"] == "R-ALPN-1"' \
	-- noalpn.lo.alpn.test
check "a server offering h2 only: no protocol in common (R-ALPN-1)" 1 \
	'col("outcome") == ["no_alpn"] ;; col("alpn") == [None] ;; P == "Cannot negotiate ALPN protocol \"acme-tls/1\" for tls-alpn-01 challenge"' \
	-- h2.lo.alpn.test
check "openssl s_server -tls1_1: TLS 1.2 or later is required (R-ALPN-1)" 2 \
	'col("outcome") == ["tls_error"] ;; col("tls_version") == [None] ;; j["problem"]["type"] == "'$U'tls" ;; P == "127.0.0.7: remote error: tls: protocol version not supported"' \
	-- tls11.lo.alpn.test
check "plain HTTP on the port" 2 \
	'col("outcome") == ["tls_error"] ;; j["problem"]["type"] == "'$U'malformed" ;; P == "127.0.0.4: Server only speaks HTTP, not TLS"' \
	-- http.lo.alpn.test
check "a server that never answers the handshake: one deadline for connect and handshake (R-ALPN-1)" 2 \
	'col("outcome") == ["timeout"] ;; col("phase") == ["tls"] ;; 900 <= a[0]["elapsed_ms"] < 3000 ;; P == "127.0.0.5: Timeout after connect (your server may be slow or overloaded)"' \
	-- silent.lo.alpn.test
check "no such name: a DNS problem in Boulder's words" 2 \
	'a == [] ;; j["problem"]["type"] == "'$U'dns" ;; P == "DNS problem: NXDOMAIN looking up A for nx.alpn.test - check that a DNS record exists for this domain; DNS problem: NXDOMAIN looking up AAAA for nx.alpn.test - check that a DNS record exists for this domain"' \
	-- nx.alpn.test

# -- IP address identifiers (R-IP-*)
REV4=1.0.0.127.in-addr.arpa
REV6=1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa
check "tlsalpn01 127.0.0.1: no DNS, SNI the reverse name, the reserved block (R-IP-2, R-IP-4)" 0 \
	'j["valid"] is True ;; j["identifier"] == {"type": "ip", "value": "127.0.0.1"} ;; j["sni"] == "'$REV4'" ;; j["lookups"] is None ;; col("address") == ["127.0.0.1"] ;; a[0]["sans"] == [{"type": "ip", "value": "127.0.0.1"}] ;; j["le_text"] == ["Cannot issue for \"127.0.0.1\": IP address is in a reserved address block: [RFC1122], Section 3.2.1.3: Loopback"] ;; j["ip_identifier"]["profile"] == "shortlived"' \
	-- 127.0.0.1
if grep -q "127.0.0.1 443 sni sni=$REV4\$" "$WORK/lo.log"; then
	ok "the server saw SNI $REV4 (RFC 8738 s6)"
else
	not_ok "the server did not see SNI $REV4"
	sed 's/^/# /' "$WORK/lo.log" | tail -5
fi
check "tlsalpn01 ::1: SNI the ip6.arpa name (R-ALPN-1, RFC 8738 s6)" 0 \
	'j["valid"] is True ;; j["sni"] == "'$REV6'" ;; col("family") == ["ipv6"] ;; a[0]["sans"] == [{"type": "ip", "value": "::1"}] ;; j["le_text"] == ["Cannot issue for \"::1\": IP address is in a reserved address block: [RFC4291]: Loopback Address"]' \
	-- ::1
if grep -q "::1 443 sni sni=$REV6\$" "$WORK/lo.log"; then
	ok "the server saw SNI $REV6"
else
	not_ok "the server did not see SNI $REV6"
fi
check "an IPv6 identifier that fails: Boulder's 'Unable to contact', no fallback (R-IP-4, R-ALPN-2)" 2 \
	'col("address") == ["2001:db8:1::11"] ;; col("outcome") == ["timeout"] ;; j["problem"]["type"] == "'$U'malformed" ;; P == "Unable to contact \"2001:db8:1::11\" at \"2001:db8:1::11\", no IPv4 addresses to try as fallback"' \
	-- 2001:db8:1::11
for bad in "::0:1" "0::1" "[::1]" "[::1]:443" "127.0.0.01" "127.0.0.1:443" "fe80::1%lo" "::1/128" "::FFFF:127.0.0.1"; do
	rc=0
	run "$bad" --json || rc=$?
	if [ $rc -eq 64 ] && grep -q "IP address is invalid" "$WORK/err" &&
		grep -q "R-IP-1" "$WORK/err" && [ ! -s "$WORK/out" ]; then
		ok "not canonical, exit 64 with LE's text: tlsalpn01 $bad"
	else
		not_ok "tlsalpn01 $bad: exit $rc, want 64 and 'IP address is invalid'"
		sed 's/^/# /' "$WORK/err"
	fi
done
rc=0
run "0::1" || rc=$?
if grep -q "the identifier would be ::1" "$WORK/err"; then
	ok "a non-canonical address: the canonical form is named"
else
	not_ok "no canonical form named for 0::1"
fi

# -- R-ALPN-2: IPv6 first, the fallback
V6=2001:db8:1::10
V4=192.0.2.10
check "IPv6 and IPv4: IPv6 first, one try (R-ALPN-2)" 0 \
	'j["valid"] is True ;; col("address") == ["'$V6'"] ;; col("family") == ["ipv6"] ;; col("fallback") == [False] ;; j["fell_back"] is False ;; j["lookups"]["aaaa"]["first"] == "'$V6'" ;; j["lookups"]["a"]["first"] == "'$V4'"' \
	-- dual.alpn.test
check "IPv6 connect times out: IPv4 after it (R-ALPN-2)" 0 \
	'j["valid"] is True ;; col("address") == ["2001:db8:1::11", "'$V4'"] ;; col("outcome") == ["timeout", "ok"] ;; col("phase") == ["connect", "checks"] ;; col("fallback") == [False, True] ;; j["fell_back"] is True ;; 900 <= a[0]["elapsed_ms"] < 3000' \
	-- v6timeout.alpn.test
check "IPv6 refused: IPv4 after it (R-ALPN-2: any failure before a certificate)" 0 \
	'j["valid"] is True ;; col("outcome") == ["refused", "ok"] ;; col("family") == ["ipv6", "ipv4"]' \
	-- v6refused.alpn.test
check "IPv6 handshake times out: IPv4 after it (R-ALPN-2)" 0 \
	'j["valid"] is True ;; col("outcome") == ["timeout", "ok"] ;; col("phase") == ["tls", "checks"]' \
	-- v6silent.alpn.test
check "IPv6 sends a certificate Go cannot parse: a handshake failure, IPv4 after it (R-ALPN-2)" 0 \
	'j["valid"] is True ;; col("outcome") == ["bad_certificate", "ok"] ;; col("phase") == ["certificate", "checks"] ;; a[0]["go_parse_error"].startswith("x509: certificate contains duplicate extension")' \
	-- v6dup.alpn.test
check "IPv6 sends a wrong certificate: final, IPv4 never tried (R-ALPN-2)" 1 \
	'col("address") == ["2001:db8:1::13"] ;; col("outcome") == ["bad_certificate"] ;; j["fell_back"] is False ;; P == "'"$INC"' v6wrongcert.alpn.test from [2001:db8:1::13]:443. Received certificate with unexpected identifiers (\"other.alpn.test\"): \"identifier does not match expected identifier\""' \
	-- v6wrongcert.alpn.test
check "IPv6 without ALPN: final, IPv4 never tried (R-ALPN-2)" 1 \
	'col("outcome") == ["no_alpn"] ;; col("family") == ["ipv6"] ;; j["fell_back"] is False' \
	-- v6noalpn.alpn.test
check "IPv6 fails and there is no A: 'Unable to contact', the real error hidden (R-ALPN-2)" 2 \
	'col("outcome") == ["timeout"] ;; j["no_ipv4_fallback"] is True ;; j["problem"]["type"] == "'$U'malformed" ;; P == "Unable to contact \"v6deadnoa.alpn.test\" at \"2001:db8:1::11\", no IPv4 addresses to try as fallback" ;; j["lookups"]["a"]["error"] == "no valid A records found for v6deadnoa.alpn.test"' \
	-- v6deadnoa.alpn.test
check "only AAAA: IPv6" 0 \
	'j["valid"] is True ;; col("family") == ["ipv6"]' \
	-- v6only.alpn.test
check "only A: IPv4" 0 \
	'j["valid"] is True ;; col("family") == ["ipv4"] ;; j["lookups"]["aaaa"]["error"] == "no valid AAAA records found for v4only.alpn.test"' \
	-- v4only.alpn.test
check "both time out: IPv6, IPv4, IPv4's failure is the problem" 2 \
	'col("outcome") == ["timeout", "timeout"] ;; col("family") == ["ipv6", "ipv4"] ;; P == "192.0.2.11: Timeout during connect (likely firewall problem)"' \
	-- alltimeout.alpn.test

# --trace: "[R-ID] ..." lines on stderr only.
rc=0
run v6timeout.alpn.test --trace || rc=$?
if [ $rc -eq 0 ] && grep -q '^\[R-ALPN-2\] AAAA v6timeout.alpn.test -> 2001:db8:1::11' "$WORK/err" &&
	grep -q '^\[R-ALPN-2\] IPv6 failed before a certificate (timeout)' "$WORK/err" &&
	grep -q '^\[R-ALPN-1\] IPv4 192.0.2.10 port 443: TLS >= 1.2, ALPN "acme-tls/1", SNI v6timeout.alpn.test' "$WORK/err" &&
	grep -q '^\[R-ALPN-5\] ' "$WORK/err" && ! grep -v -q '^\[[A-Za-z0-9-]*\] ' "$WORK/err"; then
	ok "--trace: [R-ID] lines for the lookups, the fallback and the checks"
else
	not_ok "--trace (exit $rc)"
	sed 's/^/# /' "$WORK/err"
fi
# The human report says why the A record was never tried.
rc=0
run v6wrongcert.alpn.test || rc=$?
if [ $rc -eq 1 ] && grep -q "its verdict is final: Let's Encrypt never tries the A record" "$WORK/out" &&
	grep -q "^INVALID (R-ALPN-4): $INC v6wrongcert.alpn.test" "$WORK/out"; then
	ok "report: a wrong certificate over IPv6 is final (R-ALPN-2)"
else
	not_ok "report for v6wrongcert (exit $rc)"
	sed 's/^/# /' "$WORK/out"
fi

# check --method tls-alpn-01 --key-authorization KA: the same validation
# (acme/tlsalpn01_run.c), as the doctor's finding (check/diagnose_challenge.c).
# check_alpn DESCRIPTION WANT_EXIT CODES NAME: CODES are the tlsalpn01_*
# findings as "severity/code/rule"; an error's le_text is in the report's.
check_alpn() {
	local what=$1 want=$2 codes=$3 name=$4 rc=0
	timeout 60 ip netns exec "$NSC" "$ACMEPROBE" check "$name" --method tls-alpn-01 \
		--key-authorization "$KA" --resolver 127.0.0.1:53 --timeout 2000 --no-dnssec \
		--repeat 1 --json >"$WORK/out" 2>"$WORK/err" || rc=$?
	if [ "$rc" -eq "$want" ] && "$PY" - "$WORK/out" "$codes" >"$WORK/py" 2>&1 <<'PYEOF'
import json, sys
j = json.load(open(sys.argv[1]))
got = [f for f in j["findings"] if f["code"].startswith("tlsalpn01_")]
codes = " ".join("%s/%s/%s" % (f["severity"], f["code"], f["rule"]) for f in got)
if codes != sys.argv[2] or any(f["le_text"] not in j["le_text"] for f in got
                               if f["severity"] == "error"):
    print("findings: " + codes + "; le_text: " + json.dumps(j["le_text"]))
    sys.exit(1)
PYEOF
	then
		ok "$what"
	else
		not_ok "$what: exit $rc, want $want"
		sed 's/^/# /' "$WORK/py" "$WORK/err" | head -10
	fi
}
check_alpn "check --method tls-alpn-01, the right certificate: tlsalpn01_valid (info)" 1 \
	"info/tlsalpn01_valid/R-ALPN-5" good.lo.alpn.test
check_alpn "check --method tls-alpn-01, another key authorization's digest: tlsalpn01_invalid (R-ALPN-5), will_fail (1)" 1 \
	"error/tlsalpn01_invalid/R-ALPN-5" digest.lo.alpn.test

# Usage errors.
for args in "good.lo.alpn.test" "--key-authorization x" "good.lo.alpn.test --key-authorization x --port 0" \
	"*.lo.alpn.test --key-authorization x" "good.lo.alpn.test. --key-authorization x" \
	"bad..name --key-authorization x" "a b --key-authorization x" \
	"good.lo.alpn.test --key-authorization x --dial-timeout 0"; do
	rc=0
	# shellcheck disable=SC2086
	"$ACMEPROBE" tlsalpn01 $args >/dev/null 2>"$WORK/err" || rc=$?
	if [ $rc -eq 64 ]; then
		ok "usage error exits 64: tlsalpn01 $args"
	else
		not_ok "tlsalpn01 $args: exit $rc, want 64"
	fi
done
rc=0
"$ACMEPROBE" tlsalpn01 "*.lo.alpn.test" --key-authorization x >/dev/null 2>"$WORK/err" || rc=$?
if grep -q "gets dns-01 only (R-DNS01-5)" "$WORK/err"; then
	ok "a wildcard: tls-alpn-01 is not offered (R-DNS01-5)"
else
	not_ok "wildcard message"
	sed 's/^/# /' "$WORK/err"
fi

finish
