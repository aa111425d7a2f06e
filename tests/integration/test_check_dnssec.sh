#!/usr/bin/env bash
# acmeprobe's own DNSSEC diagnosis on the live DNSSEC bed
# (tests/support/dnssec-bed.sh: real zones signed by dnssec-signzone,
# ldns-signzone and Knot, served by Knot and NSD, broken one fault each),
# through each of the bed's three Unbounds: the one that sends EDE with
# text, the validating one without EDE, and the one that does not
# validate at all. For every scenario, from an empty cache (dnssec-bed.sh
# flush before each scenario's checks and before its caa runs; each
# Unbound is asked once a scenario, and keeps a cache of its own):
#
#   1. `check --json --trust-anchor DIR/anchor.txt --ns-port AUTH_PORT`:
#      the exact dnssec_* findings (severity/code), their rule, zone and
#      servers ("NAME (ADDRESS:PORT)" of every server that serves the bad
#      data, from the bed's scenarios.json), the key tag in the cause
#      (read from the bed by kdig), Let's Encrypt's text exactly, the
#      verdict and the exit status; the verdict is will_fail for every
#      bogus zone even through the Unbound that does not validate;
#      insecure zones are no error (info or warning, or nothing);
#   2. `caa --json` on the same: exit 2 and error.class servfail for the
#      bogus ones, error.dnssec {status, code, zone, rrset, key_tag,
#      servers}, error.le_text exactly; the EDE acmeprobe predicts is the
#      one the EDE Unbound really sends for that first question (the
#      oracle); insecure and good zones: a decision, error null;
#   3. the text reports, --no-dnssec (the old advice, dnssec_not_checked),
#      usage errors.
#
# One "ok - " / "not ok - " line per check, "N passed, M failed" last;
# exit 1 on failure. Loopback only. KEEP=1 keeps the work directory (the
# bed in WORK/bed). About 35 s; stopped at 90 s.
set -euo pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
BED=tests/support/dnssec-bed.sh
work_dir test-check-dnssec
copy_binary
B=$WORK/bed
WATCHDOG=
# shellcheck disable=SC2317 # (called on exit)
stop_all() {
	[ -z "$WATCHDOG" ] || kill -TERM "$WATCHDOG" 2>/dev/null || true
	"$BED" stop "$B" >/dev/null 2>&1 || true
}
at_exit stop_all
trap 'not_ok "stopped by a signal (the 90 s watchdog?)"; echo "$pass passed, $fail failed"; exit 130' INT TERM
(
	trap 'kill "$sp" 2>/dev/null; exit 0' TERM
	sleep 90 >/dev/null 2>&1 &
	sp=$!
	wait "$sp" && kill -TERM $$
) &
WATCHDOG=$!
T0=$(date +%s)

for tool in knotd nsd unbound unbound-control kdig dnssec-signzone ldns-signzone; do
	command -v "$tool" >/dev/null || {
		not_ok "$tool is missing (scripts/deps.sh test)"
		finish
	}
done
if ! "$BED" start "$B" >"$WORK/start.log" 2>&1; then
	not_ok "the DNSSEC bed starts"
	diag "$WORK/start.log"
	finish
fi
# shellcheck disable=SC1091
. "$B/ports.env"
ANCHOR=$B/anchor.txt
RESOLVERS="ede=$UNBOUND_EDE_PORT plain=$UNBOUND_PORT novalidate=$RECURSOR_PORT"

# What the bed says, read by other tools than acmeprobe: the scenarios'
# names and servers (scenarios.json), the key tags (kdig).
json_helpers <<EOF
import json as _json
BED = _json.load(open("$B/scenarios.json"))["scenarios"]
PORT = $AUTH_PORT

def servers(sc, only=None):
    """The scenario's servers as the findings name them, in address order."""
    s = sorted(BED[sc]["servers"], key=lambda x: [int(o) for o in x["address"].split(".")])
    return ["%s (%s:%d)" % (x["name"], x["address"], PORT) for x in s
            if only is None or x["name"] in only]

def dnssec(j):
    return [f for f in j["findings"] if f["code"].startswith("dnssec_")]

def codes(j):
    return ["%s/%s/%s" % (f["severity"], f["code"], f["rule"]) for f in dnssec(j)]

def has(j, code):
    return any(f["code"] == code for f in j["findings"])
EOF

ds_tag() { kdig @"$PARENT" -p "$AUTH_PORT" +short DS "$1" | awk '{ print $1; exit }'; }
name_of() { $PY -c "import json,sys; print(json.load(open('$B/scenarios.json'))['scenarios'][sys.argv[1]]['name'])" "$1"; }
zone_of() { $PY -c "import json,sys; print(json.load(open('$B/scenarios.json'))['scenarios'][sys.argv[1]]['zone'])" "$1"; }
bare() { echo "${1%.}"; }
flush() { "$BED" flush "$B" >/dev/null 2>&1 || why "dnssec-bed.sh flush failed"; }

# the key each fault involves, as the bed serves it
TAG_expired=$(ds_tag expired.dnssec.test.)
TAG_not_yet_valid=$(ds_tag notyet.dnssec.test.)
TAG_stale=$(ds_tag stale.dnssec.test.)
TAG_ds_mismatch=$(ds_tag dsmismatch.dnssec.test.) # the key the DS names, which the zone lacks
kdig @"$NSD1" -p "$AUTH_PORT" +dnssec +norec www.baddenial.dnssec.test. CAA >"$WORK/baddenial.dig"
TAG_bad_denial=$(awk '$4 == "RRSIG" && $5 == "NSEC3" { print $11; exit }' "$WORK/baddenial.dig")
NSEC3_bad_denial=$(awk '$4 == "NSEC3" { print $1; exit }' "$WORK/baddenial.dig")
if [ -n "$TAG_expired" ] && [ -n "$TAG_not_yet_valid" ] && [ -n "$TAG_stale" ] &&
	[ -n "$TAG_ds_mismatch" ] &&
	[ -n "$TAG_bad_denial" ] && [ -n "$NSEC3_bad_denial" ]; then
	ok "the bed's key tags, read by kdig: expired $TAG_expired, notyet $TAG_not_yet_valid," \
		"stale $TAG_stale, dsmismatch's DS $TAG_ds_mismatch," \
		"baddenial's NSEC3 $NSEC3_bad_denial signed by $TAG_bad_denial"
else
	not_ok "the bed's key tags, read by kdig"
	diag "$WORK/baddenial.dig"
fi

# ---- 1. check ----------------------------------------------------------------
# scenario | verdict | the dnssec_* findings (severity/code/rule) | servers
# named: all, a list of NS names, or none | EDE name in Let's Encrypt's text
# for the bogus ones (their text is of the A and AAAA lookups when the
# zone's keys fail, of CAA when only the empty CAA answer does)
CHECKS=$(
	cat <<'EOF'
good_knot|ok||none|
good_bind|ok||none|
good_ldns|ok||none|
expired|will_fail|error/dnssec_signature_expired/R-DNSSEC-7|all|A:Signature Expired
not_yet_valid|will_fail|error/dnssec_signature_not_yet_valid/R-DNSSEC-7|all|A:Signature Not Yet Valid
ds_mismatch|will_fail|error/dnssec_ds_mismatch/R-DNSSEC-3|all|A:DNSKEY Missing
bad_denial|will_fail|error/dnssec_bad_denial_signature/R-DNSSEC-13|all|CAA:Bogus
missing_denial|will_fail|error/dnssec_missing_denial/R-DNSSEC-9|all|CAA:Bogus
stale|ok|warning/dnssec_stale_server/R-CAA-6|nsd1.dnssec.test.|
alg253|ok|info/dnssec_unsupported_algorithm/R-DNSSEC-6|none|
ds_digest99|ok|info/dnssec_unsupported_digest/R-DNSSEC-6|none|
nsec3_iter200|ok|warning/dnssec_nsec3_iterations/R-DNSSEC-11|none|
optout|ok||none|
unsigned|ok||none|
EOF
)

while IFS='|' read -r sc verdict want who le; do
	name=$(name_of "$sc")
	zone=$(zone_of "$sc")
	case $verdict in ok) rc=0 ;; *) rc=1 ;; esac
	if [ -z "$want" ]; then want_list="[]"; else want_list="[\"$want\"]"; fi
	case $who in
	all) srv="servers('$sc')" ;;
	none) srv="[]" ;;
	*) srv="servers('$sc', ['$who'])" ;;
	esac
	# (one flush a scenario: the three Unbounds keep caches of their own)
	flush
	for r in $RESOLVERS; do
		label=${r%%=*}
		port=${r#*=}
		run check "$name" --json --trust-anchor "$ANCHOR" --ns-port "$AUTH_PORT" \
			--resolver "127.0.0.1:$port"
		asserts=("j['verdict'] == '$verdict'" "codes(j) == $want_list")
		if [ -n "$want" ]; then
			asserts+=("dnssec(j)[0]['zone'] == '$zone'"
				"dnssec(j)[0].get('servers', []) == $srv")
		fi
		tagvar=TAG_$sc
		if [ -n "${!tagvar:-}" ]; then
			asserts+=("'key ${!tagvar} algorithm 13' in dnssec(j)[0]['cause']")
		fi
		case $le in
		A:*)
			ede=${le#A:}
			host=$(bare "$name")
			asserts+=("dnssec(j)[0]['le_text'] == 'DNS problem: looking up A for $host: DNSSEC: $ede; DNS problem: looking up AAAA for $host: DNSSEC: $ede'"
				"has(j, 'caa_lookup_failed')")
			;;
		CAA:*)
			ede=${le#CAA:}
			host=$(bare "$name")
			asserts+=("dnssec(j)[0]['le_text'] == 'While processing CAA for $host: DNS problem: looking up CAA for $host: DNSSEC: $ede'"
				"has(j, 'caa_lookup_failed')")
			;;
		*)
			asserts+=("all('le_text' not in f for f in dnssec(j))")
			if [ "$sc" = stale ] && [ "$label" != novalidate ]; then
				# Unbound asked the CAA walk's labels at once now and
				# then answers SERVFAIL when it meets the stale server
				# on two of them (1 in 30 here; README): then the CAA
				# lookup fails, and says that only nsd1 serves the bad
				# data
				rc=$RC
				asserts=("j['verdict'] == ('will_fail' if has(j, 'caa_lookup_failed') else 'ok')"
					"($RC == 1) == (j['verdict'] == 'will_fail')"
					"'key $TAG_stale algorithm 13' in dnssec(j)[0]['cause']"
					"codes(j) == $want_list" "dnssec(j)[0]['zone'] == '$zone'"
					"dnssec(j)[0].get('servers', []) == $srv"
					"not has(j, 'caa_lookup_failed') or 'These servers serve the bad data: nsd1.dnssec.test. (127.0.53.3:$AUTH_PORT). ' in [f for f in j['findings'] if f['code'] == 'caa_lookup_failed'][0]['cause']"
					"all('le_text' not in f for f in dnssec(j))")
			else
				asserts+=("not has(j, 'caa_lookup_failed')")
			fi
			;;
		esac
		if [ "$sc" = bad_denial ]; then
			asserts+=("'RRset $NSEC3_bad_denial NSEC3' in dnssec(j)[0]['cause']"
				"'PowerDNS 4.0.3' in dnssec(j)[0]['fix']")
		fi
		expect "check $sc via $label: $verdict${want:+, $want}" "$rc" "${asserts[@]}"
		case $verdict in ok) rc=0 ;; *) rc=1 ;; esac
	done
done <<<"$CHECKS"

# ---- 2. caa ------------------------------------------------------------------
# scenario | exit | error.dnssec.code | EDE name in error.le_text
CAAS=$(
	cat <<'EOF'
good_knot|0||
good_bind|0||
expired|2|dnssec_signature_expired|Signature Expired
not_yet_valid|2|dnssec_signature_not_yet_valid|Signature Not Yet Valid
ds_mismatch|2|dnssec_ds_mismatch|DNSKEY Missing
bad_denial|2|dnssec_bad_denial_signature|Bogus
missing_denial|2|dnssec_missing_denial|Bogus
alg253|0||
ds_digest99|0||
nsec3_iter200|0||
optout|0||
unsigned|0||
EOF
)
while IFS='|' read -r sc rc code ede; do
	name=$(name_of "$sc")
	zone=$(zone_of "$sc")
	host=$(bare "$name")
	flush
	for r in $RESOLVERS; do
		label=${r%%=*}
		port=${r#*=}
		run caa "$name" --json --trust-anchor "$ANCHOR" --ns-port "$AUTH_PORT" \
			--resolver "127.0.0.1:$port"
		if [ -z "$code" ]; then
			expect "caa $sc via $label: permitted, no error" 0 "j['permitted'] == True" \
				"j['error'] == None"
			continue
		fi
		tagvar=TAG_$sc
		tag=${!tagvar:-None}
		asserts=("j['permitted'] == None" "j['error']['class'] == 'servfail'"
			"j['error']['name'] == '$name'"
			"j['error']['dnssec']['status'] == 'bogus'"
			"j['error']['dnssec']['code'] == '$code'"
			"j['error']['dnssec']['zone'] == '$zone'"
			"j['error']['dnssec']['key_tag'] == $tag"
			"j['error']['dnssec']['servers'] == servers('$sc')"
			"j['error']['le_text'] == 'While processing CAA for $host: DNS problem: looking up CAA for $host: DNSSEC: $ede'"
			"j['le_text'] == [j['error']['le_text']]"
			"'DNSSEC debugger' not in j['reason']")
		case $label in
		novalidate)
			# the resolver handed the bogus answer over: still an error
			asserts+=("j['error']['rcode'] == 'NOERROR'"
				"j['error']['dnssec']['resolver_validates'] == False"
				"j['error']['dnssec']['reasked'] == False"
				"'so it is no empty answer (R-DNSSEC-10)' in j['reason']")
			;;
		ede)
			# the oracle: our EDE is Unbound's, on the first question
			asserts+=("j['error']['rcode'] == 'SERVFAIL'"
				"j['error']['dnssec']['reasked'] == True"
				"j['error']['ede']['code'] == j['error']['dnssec']['ede']")
			;;
		*)
			asserts+=("j['error']['rcode'] == 'SERVFAIL'" "'ede' not in j['error']"
				"j['error']['dnssec']['reasked'] == True")
			;;
		esac
		[ "$sc" != bad_denial ] ||
			asserts+=("j['error']['dnssec']['rrset'] == {'name': '$NSEC3_bad_denial', 'type': 'NSEC3'}")
		expect "caa $sc via $label: exit 2, error.dnssec $code" "$rc" "${asserts[@]}"
	done
done <<<"$CAAS"

# stale through the resolver that does not validate: whichever server it
# picked, the CA's Unbound finds a good one: a decision; if it met nsd1, a
# warning naming nsd1 and no other
STALE=$(name_of stale)
for try in 1 2 3; do
	flush
	run caa "$STALE" --trust-anchor "$ANCHOR" --ns-port "$AUTH_PORT" --resolver "127.0.0.1:$RECURSOR_PORT"
	if grep -q '^warning: ' "$WORK/err"; then
		grep -q "served so by nsd1.dnssec.test. (127.0.53.3:$AUTH_PORT); 1 other server(s)" "$WORK/err" ||
			why "the warning names nsd1.dnssec.test. (127.0.53.3:$AUTH_PORT) alone"
		! grep -q knot1 "$WORK/err" || why "the warning names knot1"
	fi
	grep -q "may issue" "$WORK/out" || why "stdout says letsencrypt.org may issue"
	expect "caa stale via novalidate (try $try): exit 0, at most a warning naming nsd1" 0
done

# ---- 3. the text reports, --no-dnssec, usage -----------------------------------

BD=$(name_of bad_denial)
flush
run check "$BD" --trust-anchor "$ANCHOR" --ns-port "$AUTH_PORT" --resolver "127.0.0.1:$UNBOUND_PORT"
grep -qx "${BD%.}: Let's Encrypt will refuse to issue" "$WORK/out" || why "the summary line"
grep -q "^\[error\] baddenial.dnssec.test. signs the proof of an empty answer badly: the CA's CAA lookup fails (dnssec_bad_denial_signature, R-DNSSEC-13)$" "$WORK/out" ||
	why "the finding's title line"
grep -qx "  Let's Encrypt would say: While processing CAA for ${BD%.}: DNS problem: looking up CAA for ${BD%.}: DNSSEC: Bogus" "$WORK/out" ||
	why "the 'Let's Encrypt would say' line"
# the report's own le_text says the same: the CA's words, not this resolver's
grep -qx "Let's Encrypt would say: While processing CAA for ${BD%.}: DNS problem: looking up CAA for ${BD%.}: DNSSEC: Bogus" "$WORK/out" ||
	why "the report's 'Let's Encrypt would say' line"
grep -q "fix:   Fix the zone's DNSSEC: the dnssec_\* finding names" "$WORK/out" || why "caa_lookup_failed's fix points at the dnssec finding"
! grep -q "DNSSEC debugger" "$WORK/out" || why "the old advice is gone"
expect "check (text) bad_denial: the finding, its fix and Let's Encrypt's text" 1

flush
run check "$BD" --json --no-dnssec --ns-port "$AUTH_PORT" --resolver "127.0.0.1:$UNBOUND_PORT"
expect "check --no-dnssec bad_denial: dnssec_not_checked, the old advice, verdict unknown" 2 \
	"codes(j) == ['info/dnssec_not_checked/R-DNSSEC-1']" "j['verdict'] == 'unknown'" \
	"'DNSSEC debugger' in [f for f in j['findings'] if f['code'] == 'caa_lookup_failed'][0]['cause']"

flush
run caa "$BD" --json --no-dnssec --resolver "127.0.0.1:$RECURSOR_PORT"
expect "caa --no-dnssec through the resolver that does not validate: the bogus NODATA is read as empty" \
	0 "j['permitted'] == True" "j['error'] == None"

run check "$BD" --no-dnssec --trust-anchor "$ANCHOR" --resolver "127.0.0.1:$UNBOUND_PORT"
grep -q -- "--no-dnssec leaves no validation for --trust-anchor" "$WORK/err" || why "the message"
[ ! -s "$WORK/out" ] || why "nothing on stdout"
expect "check --no-dnssec --trust-anchor: usage error" 64
run caa "$BD" --no-dnssec --ns-port 53 --resolver "127.0.0.1:$UNBOUND_PORT"
grep -q -- "--no-dnssec leaves no validation for --ns-port" "$WORK/err" || why "the message"
expect "caa --no-dnssec --ns-port: usage error" 64
run caa "$BD" --ns-port 0 --resolver "127.0.0.1:$UNBOUND_PORT"
grep -q -- "--ns-port takes a port number, not '0'" "$WORK/err" || why "the message"
expect "caa --ns-port 0: usage error" 64
echo "nonsense" >"$WORK/bad-anchor"
run check "$BD" --trust-anchor "$WORK/bad-anchor" --resolver "127.0.0.1:$UNBOUND_PORT"
grep -q -- "--trust-anchor $WORK/bad-anchor line 1" "$WORK/err" || why "the message names the line"
expect "check --trust-anchor with a bad line: usage error" 64
run caa "$BD" --trust-anchor "$WORK/no-such-file" --resolver "127.0.0.1:$UNBOUND_PORT"
expect "caa --trust-anchor with no such file: usage error" 64

check_elapsed 90
finish
