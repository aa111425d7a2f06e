#!/usr/bin/env bash
# `acmeprobe http01` against real servers and real network faults, in two
# network namespaces of its own (so nothing outside them ever sees a
# packet):
#
#   acmeprobe-c-PID  the client side: acmeprobe, and Knot + Unbound on its
#                    loopback (tests/support/servers.sh, zone
#                    tests/fixtures/zones/http01.test.zone); a second
#                    http01_server.py on its 127.0.0.1 and ::1, port 18080,
#                    for IP address identifiers on loopback, and
#                    tests/support/tls_close_server.py on 127.0.0.1:18443
#                    (closes before the client's TLS Finished: SIGPIPE)
#   acmeprobe-s-PID  the servers: tests/support/http01_server.py on
#                    2001:db8:1::10/192.0.2.10 (good), ::13 (another server:
#                    the wrong body), ::15 (good on 80; 443 dropped), with
#                    nft dropping SYNs to ::11/192.0.2.11 (connect timeout),
#                    answering RST to ::12/192.0.2.12 (refused); ::14 has
#                    an `unreachable` route on the client side (Linux takes an
#                    ICMPv6 address-unreachable as a soft error and the
#                    connect would just time out)
#
# joined by one veth pair; documentation addresses (RFC 3849, RFC 5737)
# exist only inside the namespaces. Each check runs acmeprobe http01 --json
# and asserts the exit status and exact JSON fields. Needs root (ip netns,
# nft); everything started is stopped and both namespaces deleted by a
# trap. About 30 s.
set -euo pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
case "$ACMEPROBE" in /*) ;; *) ACMEPROBE=$ROOT/$ACMEPROBE ;; esac
# NS_PREFIX: another prefix for the namespaces' names (several people
# running the suite on one machine)
NSC=${NS_PREFIX:-acmeprobe}-c-$$
NSS=${NS_PREFIX:-acmeprobe}-s-$$
work_dir http01
SERVER_PID=
LO_SERVER_PID=
CLOSE_SERVER_PID=

# The web servers stopped, the DNS servers in the client namespace too,
# both namespaces deleted (lib.sh's exit trap runs it).
# shellcheck disable=SC2317 # (called on exit)
teardown() {
	local pid
	for pid in $SERVER_PID $LO_SERVER_PID $CLOSE_SERVER_PID; do
		stop_pid "$pid"
	done
	if ip netns list 2>/dev/null | grep -q "^$NSC\b"; then
		ip netns exec "$NSC" tests/support/servers.sh stop "$WORK/servers" >/dev/null 2>&1 || true
	fi
	ip netns del "$NSC" 2>/dev/null || true
	ip netns del "$NSS" 2>/dev/null || true
}
at_exit teardown

if [ "$(id -u)" -ne 0 ]; then
	echo "ok - # SKIP test_http01.sh needs root (ip netns, nft)"
	pass=$((pass + 1))
	finish
fi
for tool in ip nft openssl knotd unbound; do
	command -v "$tool" >/dev/null || {
		not_ok "$tool is missing (scripts/deps.sh test)"
		finish
	}
done

# ---- the two namespaces -----------------------------------------------------

setup() {
	ip netns add "$NSC"
	ip netns add "$NSS"
	ip -n "$NSC" link set lo up
	ip -n "$NSS" link set lo up
	ip -n "$NSC" link add vc address 02:00:00:00:00:01 type veth peer name vs \
		address 02:00:00:00:00:02 netns "$NSS"
	# nodad: no tentative state, the addresses work at once
	ip -n "$NSC" addr add 2001:db8:1::1/64 dev vc nodad
	ip -n "$NSC" addr add 192.0.2.1/24 dev vc
	local i
	for i in 10 11 12 13 14 15; do
		ip -n "$NSS" addr add "2001:db8:1::$i/64" dev vs nodad
	done
	for i in 10 11 12; do
		ip -n "$NSS" addr add "192.0.2.$i/24" dev vs
	done
	ip -n "$NSC" link set vc up
	ip -n "$NSS" link set vs up
	# Permanent neighbour entries: no neighbour discovery or ARP, whose
	# first solicitation can be lost while the link comes up and then
	# waits a second, longer than the connect timeouts below.
	for i in 10 11 12 13 15; do
		ip -n "$NSC" neigh replace "2001:db8:1::$i" lladdr 02:00:00:00:00:02 dev vc nud permanent
	done
	for i in 10 11 12; do
		ip -n "$NSC" neigh replace "192.0.2.$i" lladdr 02:00:00:00:00:02 dev vc nud permanent
	done
	ip -n "$NSS" neigh replace 2001:db8:1::1 lladdr 02:00:00:00:00:01 dev vs nud permanent
	ip -n "$NSS" neigh replace 192.0.2.1 lladdr 02:00:00:00:00:01 dev vs nud permanent
	# unreachable: connect() fails at once with EHOSTUNREACH
	ip -n "$NSC" -6 route add unreachable 2001:db8:1::14/128
	cat >"$WORK/rules.nft" <<'EOF'
table inet acmeprobe {
	chain input {
		type filter hook input priority 0; policy accept;
		# connect timeouts: the SYN vanishes
		ip6 daddr 2001:db8:1::11 tcp flags & (syn | ack) == syn drop
		ip daddr 192.0.2.11 tcp flags & (syn | ack) == syn drop
		ip6 daddr 2001:db8:1::15 tcp dport 443 tcp flags & (syn | ack) == syn drop
		# refused: RST to the SYN
		ip6 daddr 2001:db8:1::12 meta l4proto tcp reject with tcp reset
		ip daddr 192.0.2.12 meta l4proto tcp reject with tcp reset
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

# ---- DNS: Knot and Unbound on the client namespace's loopback --------------

if ip netns exec "$NSC" tests/support/servers.sh start "$WORK/servers" >"$WORK/dns.log" 2>&1; then
	# shellcheck disable=SC1091
	. "$WORK/servers/ports.env"
	ok "Knot and Unbound in $NSC (unbound port $UNBOUND_PORT)"
else
	not_ok "servers.sh start in $NSC"
	sed 's/^/# /' "$WORK/dns.log"
	finish
fi

# ---- the web servers --------------------------------------------------------

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
	-subj /CN=http01.test -keyout "$WORK/key.pem" -out "$WORK/cert.pem" >/dev/null 2>&1
mkdir -p "$WORK/webroot"
listen=()
for spec in 2001:db8:1::10,80,plain,good 2001:db8:1::10,443,tls,good \
	2001:db8:1::10,8080,plain,good 192.0.2.10,80,plain,good 192.0.2.10,443,tls,good \
	192.0.2.10,8080,plain,good 2001:db8:1::13,80,plain,wrong 2001:db8:1::13,443,tls,wrong \
	2001:db8:1::15,80,plain,good 2001:db8:1::15,443,tls,good; do
	listen+=(--listen "$spec")
done
mkfifo "$WORK/ready"
ip netns exec "$NSS" "$PY" tests/support/http01_server.py "${listen[@]}" \
	--cert "$WORK/cert.pem" --key "$WORK/key.pem" --webroot "$WORK/webroot" \
	--lifetime 170 >"$WORK/ready" 2>"$WORK/http.log" &
SERVER_PID=$!
if timeout 10 head -n 1 "$WORK/ready" | grep -q ready; then
	ok "http01_server.py in $NSS"
else
	not_ok "http01_server.py did not start"
	sed 's/^/# /' "$WORK/http.log"
	finish
fi
mkfifo "$WORK/ready-lo"
ip netns exec "$NSC" "$PY" tests/support/http01_server.py --listen 127.0.0.1,18080,plain,good \
	--listen ::1,18080,plain,good --lifetime 170 >"$WORK/ready-lo" 2>"$WORK/http-lo.log" &
LO_SERVER_PID=$!
if timeout 10 head -n 1 "$WORK/ready-lo" | grep -q ready; then
	ok "http01_server.py on 127.0.0.1 and ::1 in $NSC"
else
	not_ok "the loopback http01_server.py did not start"
	sed 's/^/# /' "$WORK/http-lo.log"
	finish
fi
mkfifo "$WORK/ready-close"
ip netns exec "$NSC" "$PY" tests/support/tls_close_server.py --listen 127.0.0.1,18443 \
	--cert "$WORK/cert.pem" --key "$WORK/key.pem" --lifetime 170 >"$WORK/ready-close" \
	2>"$WORK/close.log" &
CLOSE_SERVER_PID=$!
if timeout 10 head -n 1 "$WORK/ready-close" | grep -q ready; then
	ok "tls_close_server.py on 127.0.0.1:18443 in $NSC"
else
	not_ok "tls_close_server.py did not start"
	sed 's/^/# /' "$WORK/close.log"
	finish
fi

# ---- the checks -------------------------------------------------------------

# run ARGS...: acmeprobe http01 in the client namespace with the test
# resolver (RESOLVER, when set, instead) and short timeouts; stdout to
# $WORK/out, stderr to $WORK/err.
run() {
	local rc=0
	timeout 30 ip netns exec "$NSC" "$ACMEPROBE" http01 \
		--resolver "${RESOLVER:-127.0.0.1:$UNBOUND_PORT}" \
		--timeout 2000 --connect-timeout 400 --response-timeout 1500 "$@" \
		>"$WORK/out" 2>"$WORK/err" || rc=$?
	return $rc
}

# check DESCRIPTION WANT_EXIT PYTHON_ASSERTIONS -- ARGS...: the assertions
# (separated by ";;") see the JSON as `j`, its attempts as `a`, and
# helpers: col(field) is that field of every attempt, in order.
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
	if $PY - "$WORK/out" "$asserts" >"$WORK/py" 2>&1 <<'PYEOF'
import json, sys
j = json.load(open(sys.argv[1]))
a = j["attempts"]
def col(f): return [x[f] for x in a]
P = "/.well-known/acme-challenge/"
for line in sys.argv[2].split(";;"):
    line = line.strip()
    if line and not eval(line):
        print("failed: " + line)
        print(json.dumps(j)[:2500])
        sys.exit(1)
PYEOF
	then
		ok "$what"
	else
		not_ok "$what"
		sed 's/^/# /' "$WORK/py"
	fi
}

V6=2001:db8:1::10
V4=192.0.2.10

check "v6 ok: one attempt, over IPv6 (R-V6-1)" 0 \
	'j["le_text"] == [] ;; j["valid"] is True ;; j["domain"] == "dual.http01.test" ;; j["fallback_rule"] == "timeout" ;; col("family") == ["ipv6"] ;; col("address") == ["'$V6'"] ;; col("outcome") == ["ok"] ;; col("http_status") == [200] ;; col("port") == [80] ;; a[0]["url"] == "http://dual.http01.test" + P + "ok" ;; j["problem"] is None ;; j["lookups"]["aaaa"]["first"] == "'$V6'" ;; j["lookups"]["a"]["first"] == "'$V4'" ;; j["body"] == "ok.thumb"' \
	-- dual.http01.test --token ok --key-authorization ok.thumb
check "v6 connect timeout, then the IPv4 retry (R-V6-2)" 0 \
	'j["valid"] is True ;; col("family") == ["ipv6", "ipv4"] ;; col("address") == ["2001:db8:1::11", "'$V4'"] ;; col("outcome") == ["timeout", "ok"] ;; col("phase")[0] == "connect" ;; col("http_status") == [None, 200] ;; col("fallback") == [False, True] ;; j["fell_back"] is True ;; a[0]["elapsed_ms"] >= 350 ;; "Timeout during connect" in a[0]["detail"]' \
	-- v6timeout.http01.test --token ok --key-authorization ok.thumb
check "v6 refused: no IPv4 retry under the timeout rule (R-V6-2)" 2 \
	'j["valid"] is False ;; col("outcome") == ["refused"] ;; col("family") == ["ipv6"] ;; j["problem"]["type"] == "urn:ietf:params:acme:error:connection" ;; "R-V6-2" in j["problem"]["detail"] ;; "Connection refused" in j["problem"]["detail"] ;; j["le_text"] == [a[0]["address"] + ": Fetching " + a[0]["url"] + ": Connection refused"]' \
	-- v6refused.http01.test --token ok --key-authorization ok.thumb
check "v6 refused: IPv4 retry under --fallback dial (R-HTTP-2)" 0 \
	'j["valid"] is True ;; j["fallback_rule"] == "dial" ;; col("outcome") == ["refused", "ok"] ;; col("family") == ["ipv6", "ipv4"] ;; col("fallback") == [False, True]' \
	-- v6refused.http01.test --token ok --key-authorization ok.thumb --fallback dial
check "v6 unreachable (no route): no retry under the timeout rule" 2 \
	'col("outcome") == ["unreachable"] ;; col("phase") == ["connect"] ;; j["problem"]["type"].endswith(":connection")' \
	-- v6unreach.http01.test --token ok --key-authorization ok.thumb
check "v6 unreachable: IPv4 retry under --fallback dial" 0 \
	'col("outcome") == ["unreachable", "ok"]' \
	-- v6unreach.http01.test --token ok --key-authorization ok.thumb --fallback dial
check "v6 serves the wrong body: no retry (R-V6-2), unauthorized" 1 \
	'j["valid"] is False ;; col("outcome") == ["ok"] ;; col("address") == ["2001:db8:1::13"] ;; col("http_status") == [200] ;; j["problem"]["type"] == "urn:ietf:params:acme:error:unauthorized" ;; "R-HTTP-4" in j["problem"]["detail"] ;; j["body"] == "wrong-server" ;; j["le_text"] == ["The key authorization file from the server did not match this challenge. Expected " + chr(34) + "ok.thumb" + chr(34) + " (got " + chr(34) + "wrong-server" + chr(34) + ")"]' \
	-- v6wrong.http01.test --token ok --key-authorization ok.thumb
check "v6 serves the wrong body: no retry under --fallback dial either" 1 \
	'len(a) == 1 ;; col("family") == ["ipv6"]' \
	-- v6wrong.http01.test --token ok --key-authorization ok.thumb --fallback dial
check "only A: IPv4" 0 \
	'j["valid"] is True ;; col("family") == ["ipv4"] ;; j["lookups"]["aaaa"]["first"] is None ;; j["lookups"]["aaaa"]["count"] == 0 ;; j["lookups"]["aaaa"]["error"] is None' \
	-- v4only.http01.test --token ok --key-authorization ok.thumb
check "only AAAA: IPv6" 0 \
	'j["valid"] is True ;; col("family") == ["ipv6"] ;; j["lookups"]["a"]["first"] is None' \
	-- v6only.http01.test --token ok --key-authorization ok.thumb
check "AAAA lookup fails, A answers: IPv4 (R-HTTP-1)" 0 \
	'j["valid"] is True ;; col("family") == ["ipv4"] ;; j["lookups"]["aaaa"]["error"] is not None ;; j["lookups"]["a"]["first"] == "'$V4'"' \
	-- aaaafail.http01.test --token ok --key-authorization ok.thumb
check "no such name: a DNS problem (exit 2)" 2 \
	'j["valid"] is False ;; a == [] ;; j["problem"]["type"] == "urn:ietf:params:acme:error:dns" ;; "NXDOMAIN" in j["problem"]["detail"]' \
	-- nx.http01.test --token ok --key-authorization ok.thumb
check "redirect to https: TLS on 443, SNI, no verification (R-HTTP-3, R-HTTP-5)" 0 \
	'j["valid"] is True ;; col("url") == ["http://dual.http01.test" + P + "tohttps", "https://dual.http01.test" + P + "ok"] ;; col("port") == [80, 443] ;; col("http_status") == [301, 200] ;; col("family") == ["ipv6", "ipv6"] ;; a[1]["tls_version"].startswith("TLSv1.") ;; j["redirects"] == 1 ;; j["special_use_redirect_hosts"] is True' \
	-- dual.http01.test --token tohttps --key-authorization ok.thumb
check "TLS to a plain HTTP server: Boulder's 'Server only speaks HTTP, not TLS'" 2 \
	'col("outcome") == ["ok", "tls_error"] ;; col("port") == [80, 8080] ;; col("phase")[1] == "tls" ;; j["problem"]["type"] == "urn:ietf:params:acme:error:malformed" ;; "only speaks HTTP" in j["problem"]["detail"]' \
	-- dual.http01.test --token tohttps --key-authorization ok.thumb --https-port 8080
check "redirect loop: a URL already requested (R-HTTP-3)" 1 \
	'col("outcome") == ["bad_redirect"] ;; col("http_status") == [302] ;; "loop" in j["problem"]["detail"] ;; j["problem"]["type"].endswith(":connection")' \
	-- dual.http01.test --token loop --key-authorization loop.thumb
check "11 redirects are followed (R-HTTP-3)" 0 \
	'j["valid"] is True ;; len(a) == 12 ;; j["redirects"] == 11 ;; col("http_status") == [302] * 11 + [200] ;; a[-1]["url"].endswith(P + "chain0")' \
	-- dual.http01.test --token chain11 --key-authorization chain0.thumb
check "the 12th redirect is refused (R-HTTP-3)" 1 \
	'len(a) == 12 ;; j["redirects"] == 11 ;; a[-1]["outcome"] == "bad_redirect" ;; "Too many redirects" in j["problem"]["detail"]' \
	-- dual.http01.test --token chain12 --key-authorization chain0.thumb
check "redirect to port 8080 is refused (R-HTTP-3)" 1 \
	'col("outcome") == ["bad_redirect"] ;; "8080" in j["problem"]["detail"] ;; "port" in j["problem"]["detail"]' \
	-- dual.http01.test --token port --key-authorization ok.thumb
check "... unless 8080 is the --http-port" 0 \
	'col("port") == [8080, 8080] ;; j["valid"] is True' \
	-- dual.http01.test --token port --key-authorization ok.thumb --http-port 8080
check "303 is refused (R-HTTP-3)" 1 \
	'col("outcome") == ["bad_redirect"] ;; col("http_status") == [303] ;; "303" in j["problem"]["detail"]' \
	-- dual.http01.test --token seeother --key-authorization ok.thumb
check "redirect to an IPv4 literal is followed (R-HTTP-3), reserved (R-HTTP-7)" 0 \
	'j["valid"] is True ;; a[1]["url"] == "http://192.0.2.10" + P + "ok" ;; col("family") == ["ipv6", "ipv4"] ;; a[1]["address"] == "'$V4'" ;; all(col("reserved")) ;; j["reserved_addresses"] is True ;; j["special_use_redirect_hosts"] is False' \
	-- dual.http01.test --token toip4 --key-authorization ok.thumb
check "redirect to an IPv6 literal is followed" 0 \
	'a[1]["url"] == "http://[2001:db8:1::10]" + P + "ok" ;; col("family") == ["ipv6", "ipv6"]' \
	-- dual.http01.test --token toip6 --key-authorization ok.thumb
check "redirect path over 2000 octets is refused (R-HTTP-3)" 1 \
	'col("outcome") == ["bad_redirect"] ;; "too long" in j["problem"]["detail"]' \
	-- dual.http01.test --token longpath --key-authorization ok.thumb
check "redirect to ftp: is refused (R-HTTP-3)" 1 \
	'col("outcome") == ["bad_redirect"] ;; "scheme" in j["problem"]["detail"] ;; "ftp" in j["problem"]["detail"]' \
	-- dual.http01.test --token toftp --key-authorization ok.thumb
check "a Location missing the '/' after the host gets Boulder's hint" 1 \
	'col("outcome") == ["bad_redirect"] ;; "missing '"'/'"'" in j["problem"]["detail"]' \
	-- dual.http01.test --token noslash --key-authorization ok.thumb
check "301 without a Location is the final answer: not 200 (R-HTTP-4)" 1 \
	'col("outcome") == ["http_error"] ;; col("http_status") == [301] ;; j["problem"]["type"].endswith(":unauthorized")' \
	-- dual.http01.test --token nolocation --key-authorization ok.thumb
check "a redirect hop whose IPv6 times out fails, no retry (R-V6-3)" 2 \
	'col("url") == ["http://https443dead.http01.test" + P + "tohttps", "https://https443dead.http01.test" + P + "ok"] ;; col("outcome") == ["ok", "timeout"] ;; col("family") == ["ipv6", "ipv6"] ;; col("port") == [80, 443] ;; a[1]["phase"] == "connect" ;; "Timeout during connect" in j["problem"]["detail"]' \
	-- https443dead.http01.test --token tohttps --key-authorization ok.thumb
check "the example of Let's Encrypt's IPv6 Support page (https://letsencrypt.org/docs/ipv6-support/): IPv6 times out, IPv4 redirects to https, which prefers IPv6 again and fails" 2 \
	'col("outcome") == ["timeout", "ok", "timeout"] ;; col("family") == ["ipv6", "ipv4", "ipv6"] ;; col("port") == [80, 80, 443] ;; col("fallback") == [False, True, False] ;; len(a) == 3' \
	-- v6timeout.http01.test --token tohttps --key-authorization ok.thumb
check "--fallback dial: a redirect hop's connect error restarts the chain over IPv4, whose redirect is then a loop (Boulder's records)" 1 \
	'col("family") == ["ipv6", "ipv6", "ipv4"] ;; col("outcome") == ["ok", "timeout", "bad_redirect"] ;; col("restart") == [False, False, True] ;; j["restarted"] is True ;; "loop" in j["problem"]["detail"]' \
	-- dual.http01.test --token tov6timeout --key-authorization ok.thumb --fallback dial
check "--fallback timeout: the same redirect hop fails without a restart" 2 \
	'col("outcome") == ["ok", "timeout"] ;; len(a) == 2' \
	-- dual.http01.test --token tov6timeout --key-authorization ok.thumb
check "both addresses time out: IPv6, then IPv4, then the failure" 2 \
	'col("outcome") == ["timeout", "timeout"] ;; col("family") == ["ipv6", "ipv4"]' \
	-- alltimeout.http01.test --token ok --key-authorization ok.thumb
check "chunked body" 0 \
	'j["valid"] is True ;; j["body"] == "chunked.thumb"' \
	-- dual.http01.test --token chunked --key-authorization chunked.thumb
check "a body of 128 octets is refused (R-HTTP-4)" 1 \
	'col("outcome") == ["too_large"] ;; j["problem"]["type"].endswith(":unauthorized") ;; "128" in j["problem"]["detail"]' \
	-- dual.http01.test --token big --key-authorization "$(printf 'x%.0s' $(seq 128))"
check "a body of 127 octets is fine" 0 \
	'j["valid"] is True ;; len(j["body"]) == 127' \
	-- dual.http01.test --token big127 --key-authorization "$(printf 'y%.0s' $(seq 127))"
check "trailing white space is removed before the comparison (R-HTTP-4)" 0 \
	'j["valid"] is True ;; j["body"] == "ws.thumb \r\n\t \n"' \
	-- dual.http01.test --token ws --key-authorization ws.thumb
check "a garbage status line is an HTTP error" 1 \
	'col("outcome") == ["http_error"] ;; col("http_status") == [None] ;; "status line" in j["problem"]["detail"]' \
	-- dual.http01.test --token garbage --key-authorization ok.thumb
check "404 is an HTTP error, unauthorized (R-HTTP-4)" 1 \
	'col("outcome") == ["http_error"] ;; col("http_status") == [404] ;; j["problem"]["type"].endswith(":unauthorized") ;; j["le_text"] == [a[0]["address"] + ": Invalid response from " + a[0]["url"] + ": 404"]' \
	-- dual.http01.test --token notfound --key-authorization ok.thumb
check "a timeout after connect is not a connect timeout (R-HTTP-6)" 2 \
	'col("outcome") == ["timeout"] ;; col("phase") == ["response"] ;; "Timeout after connect" in j["problem"]["detail"] ;; len(a) == 1 ;; j["le_text"] == [a[0]["address"] + ": Fetching " + a[0]["url"] + ": Timeout after connect (your server may be slow or overloaded)"]' \
	-- dual.http01.test --token slow --key-authorization slow.thumb
check "without --key-authorization: what was served (valid null, exit 0)" 0 \
	'j["valid"] is None ;; j["body"] == "ok.thumb" ;; j["problem"] is None' \
	-- dual.http01.test --token ok

# IP address identifiers (R-IP-1, R-IP-2, R-IP-4): the address itself, no
# DNS (the resolver below is a port where nothing listens: a lookup would
# fail), no fallback; a redirect to a name resolves it as usual.
LOOPBACK_REFUSAL="IP address is in a reserved address block: [RFC1122], Section 3.2.1.3: Loopback"
RESOLVER=127.0.0.1:9
check "http01 127.0.0.1: that address, no DNS, the URL and Host header of the address (R-IP-4)" 0 \
	'j["valid"] is True ;; j["identifier"] == {"type": "ip", "value": "127.0.0.1"} ;; j["lookups"] is None ;; col("url") == ["http://127.0.0.1" + P + "ok"] ;; col("address") == ["127.0.0.1"] ;; col("family") == ["ipv4"] ;; col("port") == [18080] ;; col("reserved") == [True] ;; j["reserved_addresses"] is False ;; j["ip_identifier"]["reserved"] == "'"$LOOPBACK_REFUSAL"'" ;; j["ip_identifier"]["profile"] == "shortlived" ;; j["problem"] is None' \
	-- 127.0.0.1 --http-port 18080 --token ok --key-authorization ok.thumb
if grep -qx 'http01_server: 127.0.0.1 18080 good 127.0.0.1 /.well-known/acme-challenge/ok' "$WORK/http-lo.log"; then
	ok "http01 127.0.0.1: the server saw Host: 127.0.0.1"
else
	not_ok "http01 127.0.0.1: no request with Host: 127.0.0.1"
	sed 's/^/# /' "$WORK/http-lo.log"
fi
check "http01 ::1: http://[::1]/..., over IPv6 (R-IP-4)" 0 \
	'j["valid"] is True ;; j["identifier"]["type"] == "ip" ;; j["lookups"] is None ;; col("url") == ["http://[::1]" + P + "ok"] ;; col("address") == ["::1"] ;; col("family") == ["ipv6"] ;; j["ip_identifier"]["reserved"] == "IP address is in a reserved address block: [RFC4291]: Loopback Address"' \
	-- ::1 --http-port 18080 --token ok --key-authorization ok.thumb
if grep -qx 'http01_server: ::1 18080 good \[::1\] /.well-known/acme-challenge/ok' "$WORK/http-lo.log"; then
	ok "http01 ::1: the server saw Host: [::1]"
else
	not_ok "http01 ::1: no request with Host: [::1]"
	sed 's/^/# /' "$WORK/http-lo.log"
fi
check "http01 ADDR refused: final, no fallback under --fallback dial either (R-IP-4)" 2 \
	'len(a) == 1 ;; col("outcome") == ["refused"] ;; col("family") == ["ipv6"] ;; j["fell_back"] is False ;; j["problem"]["detail"].startswith("R-IP-4: http://[2001:db8:1::12]" + P + "ok: IPv6 2001:db8:1::12 port 80: Connection refused") ;; j["ip_identifier"]["reserved"] == "IP address is in a reserved address block: [RFC3849]: Documentation"' \
	-- 2001:db8:1::12 --token ok --key-authorization ok.thumb --fallback dial
check "http01 ADDR, connect timeout: no retry (R-IP-4, R-HTTP-6)" 2 \
	'len(a) == 1 ;; col("outcome") == ["timeout"] ;; col("phase") == ["connect"] ;; j["problem"]["detail"].startswith("R-HTTP-6: ")' \
	-- 2001:db8:1::11 --token ok --key-authorization ok.thumb
RESOLVER=
check "http01 ADDR redirected to a name: resolved, IPv6 first; its timeout restarts no chain (R-HTTP-3, R-IP-4)" 2 \
	'col("url") == ["http://192.0.2.10" + P + "tov6timeout", "http://v6timeout.http01.test" + P + "ok"] ;; col("family") == ["ipv4", "ipv6"] ;; col("outcome") == ["ok", "timeout"] ;; j["restarted"] is False ;; j["redirects"] == 1 ;; j["lookups"] is None' \
	-- 192.0.2.10 --token tov6timeout --key-authorization ok.thumb --fallback dial
rc=0
RESOLVER=127.0.0.1:9 run 127.0.0.1 --http-port 18080 --token ok --key-authorization ok.thumb --trace || rc=$?
if [ $rc -eq 0 ] && grep -qx '\[R-IP-4\] 127.0.0.1 is an IP address identifier: no DNS lookup, the request goes to that address over IPv4, with no other address to fall back to' "$WORK/err" &&
	grep -q '^\[R-IP-2\] 127.0.0.1 is reserved' "$WORK/err" && ! grep -q '^\[R-HTTP-1\]' "$WORK/err" &&
	grep -qx 'Address: 127.0.0.1 (an IP address identifier: no DNS lookup, nothing to fall back to, R-IP-4)' "$WORK/out" &&
	grep -qF 'Note (R-IP-2): Let'"'"'s Encrypt refuses to order for this address: "Cannot issue for "127.0.0.1": '"$LOOPBACK_REFUSAL"'". acmeprobe tested it anyway.' "$WORK/out"; then
	ok "http01 127.0.0.1 --trace: R-IP-4 and R-IP-2 lines, no lookup; the report's Address and R-IP-2 note"
else
	not_ok "http01 127.0.0.1 --trace (exit $rc)"
	sed 's/^/# /' "$WORK/out" "$WORK/err"
fi
# A TLS server that closes before the client's Finished: the request's
# write meets a reset socket and raises SIGPIPE, which killed acmeprobe
# (exit 141) before tls.c blocked it around the handshake, writes and
# reads; now the attempt is a reset and the validation ends (exit 2).
check "https hop to a server that closes mid-handshake: a reset, no death by SIGPIPE" 2 \
	'col("url") == ["http://127.0.0.1" + P + "tohttps", "https://127.0.0.1" + P + "ok"] ;; col("port") == [18080, 18443] ;; col("outcome") == ["ok", "reset"] ;; a[1]["phase"] == "request" ;; a[1]["tls_version"] == "TLSv1.3" ;; a[1]["detail"] == "TLS write: connection reset by peer"' \
	-- 127.0.0.1 --http-port 18080 --https-port 18443 --token tohttps --key-authorization ok.thumb
if grep -q '^tls_close_server: 127.0.0.1 18443 closed after [1-9][0-9]* octets of server flight$' "$WORK/close.log"; then
	ok "tls_close_server.py sent its flight and closed"
else
	not_ok "tls_close_server.py's log"
	sed 's/^/# /' "$WORK/close.log"
fi
# R-IP-1: canonical text only, exit 64 with Let's Encrypt's refusal
for spec in "::0001|::1" "0:0:0:0:0:0:0:1|::1" "[::1]|::1" "192.0.2.10:80|192.0.2.10" \
	"127.0.0.01|" "2001:DB8:1::10|2001:db8:1::10"; do
	arg=${spec%%|*}
	canonical=${spec#*|}
	rc=0
	"$ACMEPROBE" http01 "$arg" --token ok >"$WORK/out" 2>"$WORK/err" || rc=$?
	if [ $rc -eq 64 ] && [ ! -s "$WORK/out" ] &&
		grep -qF "Let's Encrypt refuses the order: Cannot issue for \"$arg\": IP address is invalid" "$WORK/err" &&
		{ [ -z "$canonical" ] || grep -qF "the identifier would be $canonical." "$WORK/err"; }; then
		ok "http01 $arg: exit 64, IP address is invalid${canonical:+, canonical $canonical} (R-IP-1)"
	else
		not_ok "http01 $arg: exit $rc"
		sed 's/^/# /' "$WORK/err"
	fi
done

# --webroot: the file is written, served by the good server, and removed.
check "--webroot: a random token file, validated, then removed" 0 \
	'j["valid"] is True ;; len(j["token"]) == 43 ;; j["body"].startswith(j["token"] + ".") ;; col("family") == ["ipv6"]' \
	-- dual.http01.test --webroot "$WORK/webroot"
left=$(find "$WORK/webroot" -mindepth 1 | wc -l)
if [ "$left" -eq 0 ]; then
	ok "--webroot left nothing behind (it created .well-known/acme-challenge and removed it)"
else
	not_ok "--webroot left $left entries behind"
	find "$WORK/webroot" | sed 's/^/# /'
fi
check "--webroot on the wrong server: invalid, and still removed" 1 \
	'j["valid"] is False ;; j["body"] == "wrong-server"' \
	-- v6wrong.http01.test --webroot "$WORK/webroot"
left=$(find "$WORK/webroot" -mindepth 1 | wc -l)
if [ "$left" -eq 0 ]; then
	ok "--webroot removed after a failure"
else
	not_ok "--webroot left $left entries after a failure"
fi

# SIGTERM or SIGINT in the middle of a validation (a 5 s connect
# timeout): the file goes, the directory that was there stays, and the
# exit status says which signal.
mkdir -p "$WORK/webroot/.well-known/acme-challenge"
for sig in TERM INT; do
	rc=0
	ip netns exec "$NSC" "$ACMEPROBE" http01 --resolver "127.0.0.1:$UNBOUND_PORT" \
		--connect-timeout 5000 alltimeout.http01.test --webroot "$WORK/webroot" \
		>"$WORK/out" 2>"$WORK/err" &
	pid=$!
	for _ in $(seq 50); do
		[ "$(find "$WORK/webroot/.well-known/acme-challenge" -type f | wc -l)" -gt 0 ] && break
		sleep 0.05
	done
	written=$(find "$WORK/webroot/.well-known/acme-challenge" -type f | wc -l)
	sleep 0.3
	kill "-$sig" "$pid" 2>/dev/null || true
	wait "$pid" || rc=$?
	left=$(find "$WORK/webroot/.well-known/acme-challenge" -type f | wc -l)
	want=$((128 + $(kill -l "$sig")))
	if [ "$written" -eq 1 ] && [ "$left" -eq 0 ] && [ "$rc" -eq "$want" ] &&
		[ -d "$WORK/webroot/.well-known/acme-challenge" ]; then
		ok "--webroot: SIG$sig removes the token file (exit $rc), the directory that was there stays"
	else
		not_ok "--webroot and SIG$sig: written $written, left $left, exit $rc (want $want)"
	fi
done

# The human report explains the two classic failures of Let's Encrypt's
# IPv6 Support page (https://letsencrypt.org/docs/ipv6-support/).
rc=0
run v6wrong.http01.test --token ok --key-authorization ok.thumb || rc=$?
if [ $rc -eq 1 ] && grep -q "point the AAAA record at the server that runs the ACME client, or remove it" "$WORK/out" &&
	grep -q "R-V6-4" "$WORK/out"; then
	ok "report: an AAAA pointing at another server, with the fix (R-V6-4)"
else
	not_ok "report for v6wrong (exit $rc)"
	sed 's/^/# /' "$WORK/out"
fi
rc=0
run v6timeout.http01.test --token tohttps --key-authorization ok.thumb || rc=$?
if [ $rc -eq 2 ] && grep -q "preferred IPv6 again (R-V6-3)" "$WORK/out" &&
	grep -q "do not redirect /.well-known/acme-challenge/" "$WORK/out"; then
	ok "report: the redirected request prefers IPv6 again and fails (R-V6-3)"
else
	not_ok "report for the IPv6 Support page's redirect example (exit $rc)"
	sed 's/^/# /' "$WORK/out"
fi

# --trace: one line per decision, "[R-ID] ...", on stderr.
rc=0
run v6timeout.http01.test --token ok --key-authorization ok.thumb --trace || rc=$?
if [ $rc -eq 0 ] && grep -q '^\[R-HTTP-1\] AAAA v6timeout.http01.test -> 2001:db8:1::11' "$WORK/err" &&
	grep -q '^\[R-V6-1\] ' "$WORK/err" && grep -q '^\[R-V6-2\] IPv6 connect timed out' "$WORK/err" &&
	grep -q '^\[R-HTTP-4\] the body is the key authorization' "$WORK/err" &&
	! grep -v -q '^\[[A-Za-z0-9-]*\] ' "$WORK/err"; then
	ok "--trace: [R-ID] lines for lookups, the retry and the body"
else
	not_ok "--trace (exit $rc)"
	sed 's/^/# /' "$WORK/err"
fi

# The doctor's HTTP-01 part (acmeprobe check): beside the CA's algorithm,
# each address alone, and what the difference says (R-V6-1, R-V6-2).
# check_doctor NAME WANT_EXIT PYTHON_ASSERTIONS: `codes` is the list of
# finding codes.
check_doctor() {
	local name=$1 want=$2 asserts=$3 rc=0
	timeout 60 ip netns exec "$NSC" "$ACMEPROBE" check "$name" --token ok \
		--key-authorization ok.thumb --resolver "127.0.0.1:$UNBOUND_PORT" --ns-port "$KNOT_PORT" \
		--timeout 2000 \
		--json >"$WORK/out" 2>"$WORK/err" || rc=$?
	if [ "$rc" -ne "$want" ]; then
		not_ok "check $name: exit $rc, want $want"
		sed 's/^/# /' "$WORK/out" "$WORK/err" | head -20
		return
	fi
	if "$PY" - "$WORK/out" "$asserts" >"$WORK/py" 2>&1 <<'PYEOF'
import json, sys
j = json.load(open(sys.argv[1]))
codes = [f["code"] for f in j["findings"]]
for line in sys.argv[2].split(";;"):
    line = line.strip()
    if line and not eval(line):
        print("failed: " + line)
        print(json.dumps(j)[:1500])
        sys.exit(1)
PYEOF
	then
		ok "check $name: $asserts"
	else
		not_ok "check $name"
		sed 's/^/# /' "$WORK/py"
	fi
}
check_doctor v6wrong.http01.test 1 \
	'"http01_invalid" in codes ;; "http01_ipv4_only" in codes ;; "aaaa_serves_differently" not in codes ;; [f["rule"] for f in j["findings"] if f["code"] == "http01_ipv4_only"] == ["R-V6-2"] ;; "IPv4 gives HTTP 200" in [f["cause"] for f in j["findings"] if f["code"] == "http01_ipv4_only"][0]'
check_doctor dual.http01.test 0 \
	'"http01_valid" in codes ;; "http01_ipv4_only" not in codes ;; "aaaa_serves_differently" not in codes ;; j["verdict"] == "ok"'
# check ADDR: no CAA, no nameserver, no lookup (R-IP-4); the order's
# refusal of a documentation address (R-IP-2); HTTP-01 at that address
# alone, port 80 (the exact findings, as severity/code/rule)
IP_INFO='"info/caa_not_applicable/R-IP-4", "error/ip_reserved/R-IP-2", "info/ip_profile/R-IP-5", "info/single_vantage_point/-"'
check_doctor 192.0.2.10 1 \
	'sorted(f["severity"] + "/" + f["code"] + "/" + (f["rule"] or "-") for f in j["findings"]) == sorted(['"$IP_INFO"', "info/http01_valid/R-IP-4"]) ;; j["domain"] == "192.0.2.10" ;; j["verdict"] == "will_fail"'
check_doctor 2001:db8:1::13 1 \
	'sorted(f["severity"] + "/" + f["code"] + "/" + (f["rule"] or "-") for f in j["findings"]) == sorted(['"$IP_INFO"', "error/http01_invalid/R-IP-4"]) ;; "from IPv6 2001:db8:1::13" in [f["cause"] for f in j["findings"] if f["code"] == "http01_invalid"][0] ;; [f["fix"] for f in j["findings"] if f["code"] == "http01_invalid"] == ["Serve the key authorization at /.well-known/acme-challenge/TOKEN over plain HTTP on port 80, at this address."]'
check_doctor 2001:db8:1::12 1 \
	'sorted(f["severity"] + "/" + f["code"] + "/" + (f["rule"] or "-") for f in j["findings"]) == sorted(['"$IP_INFO"', "error/http01_invalid/R-IP-4"]) ;; [f["cause"] for f in j["findings"] if f["code"] == "http01_invalid"][0].startswith("R-IP-4: http://[2001:db8:1::12]/.well-known/acme-challenge/ok: IPv6 2001:db8:1::12 port 80: Connection refused")'
rc=0
timeout 60 ip netns exec "$NSC" "$ACMEPROBE" check 2001:db8:1::10 --webroot "$WORK/webroot" \
	--resolver 127.0.0.1:9 --json >"$WORK/out" 2>"$WORK/err" || rc=$?
if [ $rc -eq 1 ] && "$PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
got = sorted(f["severity"] + "/" + f["code"] + "/" + (f["rule"] or "-") for f in j["findings"])
want = sorted(["info/caa_not_applicable/R-IP-4", "error/ip_reserved/R-IP-2", "info/ip_profile/R-IP-5", "info/single_vantage_point/-", "info/http01_valid/R-IP-4"])
sys.exit(0 if got == want else 1)' "$WORK/out" && [ "$(find "$WORK/webroot" -type f | wc -l)" -eq 0 ]; then
	ok "check 2001:db8:1::10 --webroot: the token file served at the address, no DNS, removed after"
else
	not_ok "check 2001:db8:1::10 --webroot: exit $rc"
	sed 's/^/# /' "$WORK/out" "$WORK/err" | head -20
fi

# Usage errors.
for args in "dual.http01.test" "dual.http01.test --token a/b" \
	"dual.http01.test --token ok --fallback sometimes" "dual.http01.test --token ok --http-port 0" \
	"--token ok" "bad..name --token ok"; do
	rc=0
	# shellcheck disable=SC2086
	"$ACMEPROBE" http01 $args >/dev/null 2>&1 || rc=$?
	if [ $rc -eq 64 ]; then
		ok "usage error exits 64: http01 $args"
	else
		not_ok "http01 $args: exit $rc, want 64"
	fi
done

finish
