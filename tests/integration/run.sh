#!/usr/bin/env bash
# Integration tests against real servers on loopback (`make integration`,
# after ./acmeprobe is built). About 10 s, plus the other suites.
#
#  1. `acmeprobe decode` accepts every committed tests/fixtures/msgs/*.bin
#     (all valid messages: exit 0) and prints the header, counts, EDNS and
#     EDE that tests/support/dnsq.py --summary reads in them; it gives the
#     same text from a file, from stdin and from --hex, exits 2 on a cut
#     message and 64 on a bad option.
#  2. Live: starts Knot and Unbound (tests/support/servers.sh, stopped by a
#     trap on any exit), then for each query below captures Knot's answer
#     with tests/support/dnsq.py (independent of src/dns), decodes it with
#     `acmeprobe decode`, and compares the records of the listed sections,
#     field by field, with what kdig prints for the same query
#     (tests/integration/rrcompare.py documents the normalizations).
#
#  3. Runs every other suite tests/integration/test_*.sh and adds up its
#     checks (so `make integration` runs them all).
#
# Output: one "ok - ..." or "not ok - ..." line per check, "# ..." lines
# with details, and last exactly one line "N passed, M failed". Exit 1 if
# anything failed. Env: ACMEPROBE (default ./acmeprobe), KNOT_PORT and
# UNBOUND_PORT (see servers.sh), KEEP=1 keeps the work directory.
set -euo pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SERVERS=tests/support/servers.sh
DNSQ=tests/support/dnsq.py
COMPARE=tests/integration/rrcompare.py

work_dir integration
# shellcheck disable=SC2016 # (expanded on exit)
at_exit '"$ROOT/$SERVERS" stop "$WORK/servers" >/dev/null 2>&1'
# Every check uses one copy of the binary, so a rebuild during the run
# (make writes ./acmeprobe in place) cannot change or break it midway.
copy_binary
export ACMEPROBE

# decode ARGS...: runs acmeprobe decode with a time limit; stdout to
# $WORK/out, stderr to $WORK/err; returns its exit status.
decode() {
	local rc=0
	timeout 10 "$ACMEPROBE" decode "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
	return $rc
}

# ---- 1. the committed fixtures ---------------------------------------------

shopt -s nullglob
fixtures=(tests/fixtures/msgs/*.bin)
[ ${#fixtures[@]} -gt 0 ] || not_ok "no fixtures in tests/fixtures/msgs"
mkdir -p "$WORK/fx"
: >"$WORK/fx.list"
i=0
for f in "${fixtures[@]}"; do
	rc=0
	decode "$f" || rc=$?
	if [ $rc -ne 0 ] || ! grep -q '^;; QUESTION SECTION:' "$WORK/out"; then
		not_ok "decode $f (exit $rc)"
		diag "$WORK/err"
		continue
	fi
	i=$((i + 1))
	cp "$WORK/out" "$WORK/fx/$i.txt"
	printf '%s\t%s\n' "$f" "$WORK/fx/$i.txt" >>"$WORK/fx.list"
done
# Header, counts, EDNS and EDE as an independent parser reads them (one
# Python process for all the files).
$PY "$COMPARE" headers <"$WORK/fx.list" >"$WORK/fx.out" 2>&1 || true
cat "$WORK/fx.out"
p=$(grep -c '^ok - ' "$WORK/fx.out" || true)
f=$(grep -c '^not ok - ' "$WORK/fx.out" || true)
pass=$((pass + p))
fail=$((fail + f))
if [ $((p + f)) -ne "$i" ]; then
	not_ok "header checks: $i files given, $((p + f)) results"
fi

# The same message from stdin and as hex text gives the same text.
f=tests/fixtures/msgs/03-knot-caa-3rr-critical.bin
if [ -r "$f" ]; then
	decode "$f" || true
	cp "$WORK/out" "$WORK/from-file"
	rc=0
	decode <"$f" || rc=$?
	if [ $rc -eq 0 ] && cmp -s "$WORK/out" "$WORK/from-file"; then
		ok "decode from stdin = decode FILE"
	else
		not_ok "decode from stdin (exit $rc) differs from decode FILE"
		diag "$WORK/err"
	fi
	$PY -c 'import sys, binascii; print(binascii.hexlify(open(sys.argv[1], "rb").read()).decode())' \
		"$f" >"$WORK/msg.hex"
	rc=0
	decode --hex "$WORK/msg.hex" || rc=$?
	if [ $rc -eq 0 ] && cmp -s "$WORK/out" "$WORK/from-file"; then
		ok "decode --hex = decode FILE"
	else
		not_ok "decode --hex (exit $rc) differs from decode FILE"
		diag "$WORK/err"
	fi
	# A message cut in the middle of its first RR: malformed, exit 2.
	head -c 40 "$f" >"$WORK/cut.bin"
	rc=0
	decode "$WORK/cut.bin" || rc=$?
	if [ $rc -eq 2 ] && [ -s "$WORK/err" ]; then
		ok "decode of a cut message exits 2 with an error"
	else
		not_ok "decode of a cut message: exit $rc (want 2 and a message on stderr)"
	fi
fi
rc=0
decode --no-such-option || rc=$?
if [ $rc -eq 64 ]; then
	ok "decode --no-such-option exits 64"
else
	not_ok "decode --no-such-option: exit $rc (want 64)"
fi

# ---- 2. live answers from Knot, acmeprobe against kdig ---------------------

# name | type | dnsq.py options | sections to compare
QUERIES=$(cat <<'EOF'
caa1.test.|CAA||answer
caa2.test.|CAA||answer
caa3.test.|CAA||answer
caa-escape.test.|CAA||answer
caa-8657.test.|CAA||answer
caa-odd.test.|CAA||answer
caa-tag-hyphen.test.|CAA||answer
caa-tag-255.test.|CAA||answer
caa-flags-255.test.|CAA||answer
cname-caa.test.|CAA||answer
chain1.test.|CAA||answer
loop-a.test.|CAA||answer
nodata.test.|CAA||answer authority
nx.test.|CAA||answer authority
cname-nx.test.|CAA||answer authority
ent.test.|CAA||authority
a.test.|A||answer
aaaa.test.|AAAA||answer
dual.test.|AAAA||answer
many-a.test.|A||answer
mx.test.|MX||answer additional
test.|NS||answer additional
test.|SOA||answer
caa30.test.|CAA|--tcp|answer
www.sub.test.|A||authority additional
txt.test.|TXT||answer
ptr.test.|PTR||answer
www.dname.test.|CAA||answer
unknown.test.|TYPE65280||answer
dot\.label.test.|CAA||answer
space\032label.test.|CAA||answer
space\032label.test.|TXT||answer
signed.test.|CAA|--dnssec|answer
signed.test.|DNSKEY|--dnssec|answer
signed.test.|DS|--dnssec|answer
nx.signed.test.|CAA|--dnssec|authority
www.signed.test.|TXT|--dnssec|authority
nsec3.test.|DNSKEY|--dnssec|answer
nsec3.test.|NSEC3PARAM|--dnssec|answer
nx.nsec3.test.|CAA|--dnssec|authority
x.wild.test.|CAA||answer
*.wild.test.|CAA||answer
nullmx.test.|MX||answer
maxptr.test.|PTR||answer
@MAXNAME@|CAA||answer
odd\"\(\)\;\@\$\\\000label.test.|TXT||answer
EOF
)
# The longest name (255 octets of wire: four labels of 0xFF octets under
# test.), as in tests/fixtures/zones/test.zone.
MAXNAME=$($PY -c 'l = "\\255"; print(".".join([l * 63] * 3 + [l * 56, "test", ""]))')

started=0
if "$SERVERS" start "$WORK/servers" >"$WORK/servers.log" 2>&1; then
	started=1
	ok "start Knot and Unbound"
else
	not_ok "start Knot and Unbound"
	diag "$WORK/servers.log"
fi

if [ $started -eq 1 ]; then
	# shellcheck disable=SC1091
	. "$WORK/servers/ports.env"
	n=0
	while IFS='|' read -r qname qtype opts sections; do
		[ -n "$qname" ] || continue
		n=$((n + 1))
		what="$qname $qtype${opts:+ ($opts)}"
		if [ "$qname" = @MAXNAME@ ]; then
			qname=$MAXNAME
			what="(255-octet name) $qtype"
		fi
		# +noidn: kdig would otherwise refuse names it cannot IDNA-map.
		kflags=(+norecurse +noidn +bufsize=1232 +timeout=2 +retry=1)
		for o in $opts; do
			case "$o" in
			--tcp) kflags+=(+tcp) ;;
			--dnssec) kflags+=(+dnssec) ;;
			esac
		done
		bin="$WORK/q$n.bin"
		# shellcheck disable=SC2086
		if ! $PY "$DNSQ" --no-rd $opts 127.0.0.1 "$KNOT_PORT" "$qname" "$qtype" "$bin" 2>"$WORK/err"; then
			not_ok "$what: no answer from Knot"
			diag "$WORK/err"
			continue
		fi
		rc=0
		decode "$bin" || rc=$?
		if [ $rc -ne 0 ]; then
			not_ok "$what: acmeprobe decode exit $rc"
			diag "$WORK/err"
			continue
		fi
		cp "$WORK/out" "$WORK/decode$n.txt"
		for s in $sections; do
			if ! kdig @127.0.0.1 -p "$KNOT_PORT" "${kflags[@]}" +noall "+$s" \
				"$qname" "$qtype" >"$WORK/kdig$n.$s.txt" 2>"$WORK/err" ||
				! kdig @127.0.0.1 -p "$KNOT_PORT" "${kflags[@]}" +noall "+$s" +generic \
					"$qname" "$qtype" >"$WORK/kdig$n.$s.generic.txt" 2>>"$WORK/err"; then
				not_ok "$what $s: kdig failed"
				diag "$WORK/err"
				continue
			fi
			rc=0
			$PY "$COMPARE" "$s" "$WORK/decode$n.txt" "$WORK/kdig$n.$s.txt" \
				"$WORK/kdig$n.$s.generic.txt" >"$WORK/cmp" 2>&1 || rc=$?
			if [ $rc -eq 0 ]; then
				detail=$(tr '\n' ' ' <"$WORK/cmp" | sed 's/ $//; s/: /=/g')
				ok "$what $s: same as kdig ($detail)"
			else
				not_ok "$what $s: differs from kdig"
				cat "$WORK/cmp"
			fi
		done
	done <<<"$QUERIES"
fi

# Our servers are done; the suites below start their own.
"$SERVERS" stop "$WORK/servers" >/dev/null 2>&1 || true

# ---- 3. the other suites: tests/integration/test_*.sh ---------------------
# Each prints "ok - ..." / "not ok - ..." lines and its own "N passed, M
# failed" line; their checks are counted here and their last line dropped,
# so that this script ends with the one total. A suite that exits nonzero
# without a "not ok" line counts as one failure.
for t in tests/integration/test_*.sh; do
	echo "# $t"
	rc=0
	timeout 300 bash "$t" >"$WORK/suite.out" 2>&1 || rc=$?
	grep -v -E '^[0-9]+ passed, [0-9]+ failed$' "$WORK/suite.out" || true
	p=$(grep -c '^ok - ' "$WORK/suite.out" || true)
	f=$(grep -c '^not ok - ' "$WORK/suite.out" || true)
	pass=$((pass + p))
	fail=$((fail + f))
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		not_ok "$t exited with status $rc"
	fi
done

finish
