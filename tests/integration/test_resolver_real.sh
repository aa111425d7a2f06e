#!/usr/bin/env bash
# The stub resolver against real servers: Knot (authoritative) and Unbound
# (recursive, validating) on loopback, started here with
# tests/support/servers.sh. Each check runs `acmeprobe query ... --json`
# and asserts the exit status and exact JSON fields: answers, CNAME
# chains, NXDOMAIN, NODATA, a truncated answer asked again over TCP,
# SERVFAIL with its extended DNS error, the AD flag, IPv6 transport, and
# the fallback from a dead server to a live one.
set -euo pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUN_TIMEOUT=30

work_dir resolver
copy_binary
start_servers "servers.sh start"
KNOT=127.0.0.1:$KNOT_PORT
UNBOUND=127.0.0.1:$UNBOUND_PORT

# The helpers of the assertions (tests/integration/checkjson.py).
json_helpers <<'EOF'
def names(section): return [r["name"] for r in j[section]]
def datas(section, t=None): return [r["data"] for r in j[section] if t is None or r["type"] == t]
EOF

# check DESCRIPTION WANT_EXIT 'ASSERTION ;; ASSERTION...' -- ARGS...: runs
# acmeprobe with ARGS; if it exits WANT_EXIT, evaluates the assertions,
# Python expressions over `j`, the JSON it printed.
check() {
	local what=$1 want=$2 a asserts=()
	mapfile -t asserts <<<"${3//;;/$'\n'}"
	shift 4
	run "$@"
	if [ "$RC" -ne "$want" ]; then
		not_ok "$what: exit $RC, want $want"
		diag "$WORK/out" "$WORK/err" | head -20
		: >"$WORK/why"
		return
	fi
	set --
	for a in "${asserts[@]}"; do
		a=${a#"${a%%[![:space:]]*}"}
		a=${a%"${a##*[![:space:]]}"}
		[ -z "$a" ] || set -- "$@" "$a"
	done
	expect "$what" "$want" "$@"
}

check "one CAA record from Knot" 0 \
	'j["rcode"] == "NOERROR" ;; "aa" in j["flags"] ;; datas("answer") == ["0 issue \"letsencrypt.org\""] ;; j["transport"] == "udp" ;; j["server"] == "'$KNOT'" ;; j["error"] is None' \
	-- query caa1.test CAA @$KNOT --json
check "three CAA records, critical flag printed" 0 \
	'sorted(datas("answer")) == sorted(["0 iodef \"mailto:security@caa3.test\"", "0 issue \"letsencrypt.org\"", "128 tbs \"critical-unknown-property\""])' \
	-- query caa3.test CAA @$KNOT --json
check "a 3-CNAME chain through Unbound" 0 \
	'names("answer") == ["chain1.test.", "chain2.test.", "chain3.test.", "caa1.test."] ;; datas("answer", "CAA") == ["0 issue \"letsencrypt.org\""] ;; "ra" in j["flags"]' \
	-- query chain1.test CAA @$UNBOUND --json
check "NXDOMAIN is an answer (exit 0)" 0 \
	'j["rcode"] == "NXDOMAIN" ;; j["error"]["class"] == "nxdomain" ;; j["answer"] == [] ;; [r["type"] for r in j["authority"]] == ["SOA"]' \
	-- query nx.test CAA @$UNBOUND --json
check "NODATA is an answer (exit 0)" 0 \
	'j["rcode"] == "NOERROR" ;; j["nodata"] is True ;; j["answer"] == []' \
	-- query nodata.test CAA @$KNOT --json
check "30 CAA records: TC over UDP, then TCP" 0 \
	'len(datas("answer", "CAA")) == 30 ;; j["transport"] == "tcp" ;; [t["outcome"] for t in j["tries"]] == ["truncated", "answer"] ;; [t["transport"] for t in j["tries"]] == ["udp", "tcp"]' \
	-- query caa30.test CAA @$UNBOUND --json
check "--tcp asks over TCP from the start" 0 \
	'j["transport"] == "tcp" ;; len(j["tries"]) == 1 ;; datas("answer") == ["0 issue \"letsencrypt.org\""]' \
	-- query caa1.test CAA @$KNOT --tcp --json
check "SERVFAIL with an RFC 8914 extended error (exit 2)" 2 \
	'j["rcode"] == "SERVFAIL" ;; j["error"]["class"] == "servfail" ;; j["ede"][0]["code"] == 9 ;; "bogus.test" in j["ede"][0]["text"]' \
	-- query bogus.test CAA @$UNBOUND --json
check "a validated answer carries AD" 0 \
	'"ad" in j["flags"] ;; datas("answer", "CAA") != []' \
	-- query signed.test CAA @$UNBOUND --json
check "--dnssec sets DO: RRSIG in the answer" 0 \
	'j["edns"]["do"] is True ;; [r["type"] for r in j["answer"]].count("RRSIG") == 1' \
	-- query signed.test CAA @$UNBOUND --dnssec --json
check "--cd on a bogus zone: an answer without AD" 0 \
	'"cd" in j["flags"] ;; "ad" not in j["flags"] ;; datas("answer", "CAA") != []' \
	-- query bogus.test CAA @$UNBOUND --cd --json
check "IPv6 transport to Knot on ::1" 0 \
	'j["server"] == "[::1]:'$KNOT_PORT'" ;; datas("answer") == ["0 issue \"letsencrypt.org\""]' \
	-- query caa1.test CAA "@[::1]:$KNOT_PORT" --json
check "REFUSED from the only server (exit 2)" 2 \
	'j["rcode"] == "REFUSED" ;; j["error"]["class"] == "refused" ;; len(j["tries"]) == 1' \
	-- query example.com A @$KNOT --json
# 127.0.0.9:9 has no DNS server: each try times out, then Unbound answers.
check "a dead server first, then a live one" 0 \
	'j["server"] == "'$UNBOUND'" ;; [t["outcome"] for t in j["tries"]] == ["timeout", "answer"] ;; datas("answer") == ["0 issue \"letsencrypt.org\""]' \
	-- query caa1.test CAA --resolver 127.0.0.9:9 --resolver $UNBOUND --timeout 300 --json
# Both refuse example.com; with 2 attempts each, a server that said
# REFUSED is still asked only once: two tries in all, not four.
check "a REFUSED server is not asked twice: on to the next" 2 \
	'[t["outcome"] for t in j["tries"]] == ["refused", "refused"] ;; [t["server"] for t in j["tries"]] == ["'$KNOT'", "'$UNBOUND'"] ;; j["error"]["class"] == "refused"' \
	-- query example.com A --resolver $KNOT --resolver $UNBOUND --json --timeout 1000
check "the CNAME loop: Unbound says SERVFAIL" 2 \
	'j["error"]["class"] == "servfail"' \
	-- query loop-a.test CAA @$UNBOUND --json
check "the CNAME loop from Knot directly is malformed (exit 2)" 2 \
	'j["error"]["class"] == "malformed" ;; "loop" in j["error"]["detail"] ;; j["rcode"] == "NOERROR"' \
	-- query loop-a.test CAA @$KNOT --json
check "unknown type asked as TYPE65280" 0 \
	'[r["type"] for r in j["answer"]] == ["TYPE65280"] ;; datas("answer")[0].startswith("\\# 6 ")' \
	-- query unknown.test TYPE65280 @$KNOT --json

# text report and usage errors
rc=0
timeout 10 "$ACMEPROBE" query caa1.test CAA @$KNOT >"$WORK/out" 2>&1 || rc=$?
if [ $rc -eq 0 ] && grep -q $'^caa1.test.\t3600\tIN\tCAA\t0 issue "letsencrypt.org"$' "$WORK/out" &&
	grep -q "^;; SERVER: $KNOT (UDP)$" "$WORK/out"; then
	ok "text report: the record line and the server line"
else
	not_ok "text report (exit $rc)"
	sed 's/^/# /' "$WORK/out"
fi
for bad in "a..b CAA" "example.com FOO" "example.com CAA @999.1.1.1" "example.com CAA @[::1" \
	"example.com" "example.com CAA --bogus" "example.com CAA --timeout 0"; do
	rc=0
	# shellcheck disable=SC2086
	timeout 10 "$ACMEPROBE" query $bad >/dev/null 2>"$WORK/err" || rc=$?
	if [ $rc -eq 64 ] && [ -s "$WORK/err" ]; then
		ok "usage error: query $bad -> 64"
	else
		not_ok "usage error: query $bad -> exit $rc, want 64 with a message"
	fi
done

finish
