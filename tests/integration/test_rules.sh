#!/usr/bin/env bash
# `acmeprobe rules` and the rule ids of --trace. Checks that:
#  - `acmeprobe rules` lists every rule id of docs/rules.md's headings, and
#    nothing else; and those of the team's brief as well, when the suite
#    runs in a worktree beside it (SHARED below: read on purpose, skipped
#    in a clone, which has no such file);
#  - `acmeprobe rules ID` prints the rule with its title, statement and RFC
#    section (the critical-flag rule as the example), in any letter case,
#    and --json gives the same fields;
#  - an unknown id exits 64 with a message on stderr and nothing on stdout;
#  - each command's --help is its usage lines, then exactly the rest of its
#    HELP(usage, rest) as scripts/help-pack.py reads it from the C source
#    (the full build unpacks it from src/cli/help_text.c); help-pack.py
#    --check fails in one line on a stale file, and a rest that is not
#    string literals only is refused;
#  - every --trace line of `acmeprobe caa` starts with "[R-" and names a
#    rule that exists (Knot and Unbound from tests/support/servers.sh, as in
#    test_resolver_real.sh; caa1.test. has one CAA record).
# Output: one "ok - ..." or "not ok - ..." line per check, "# ..." details,
# and last exactly one line "N passed, M failed". Exit 1 if anything
# failed. Env: ACMEPROBE (default ./acmeprobe), KEEP=1 keeps the work
# directory. Network: loopback only. About 2 s.
set -euo pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# (the team's brief, outside the repository: compared when present only)
SHARED=$ROOT/../shared/validation-rules.md
# (the diagnostics at most 30 lines)
diag() { sed 's/^/# /' "$@" | head -n 30; }

work_dir test-rules
# shellcheck disable=SC2016 # (expanded on exit)
at_exit 'tests/support/servers.sh stop "$WORK/servers" >/dev/null 2>&1'
copy_binary

# run ARGS...: acmeprobe with a time limit; stdout in $WORK/out, stderr in
# $WORK/err, the exit status in $rc.
run() {
	rc=0
	timeout 30 "$ACMEPROBE" "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
}

# ---- the ids ----------------------------------------------------------------

grep -oE '^### R-[A-Z0-9]+-[0-9]+:' docs/rules.md | sed 's/^### //; s/:$//' >"$WORK/doc-ids"
if [ -r "$SHARED" ]; then
	grep -oE '^\s*-\s+R-[A-Z0-9]+-[0-9]+' "$SHARED" | grep -oE 'R-[A-Z0-9]+-[0-9]+' >"$WORK/shared-ids"
	if [ -s "$WORK/shared-ids" ] && cmp -s "$WORK/shared-ids" "$WORK/doc-ids"; then
		ok "docs/rules.md states the $(wc -l <"$WORK/shared-ids") rules of $SHARED, in its order"
	else
		not_ok "docs/rules.md and $SHARED do not have the same rules"
		diff "$WORK/shared-ids" "$WORK/doc-ids" | diag
	fi
	ids=$WORK/shared-ids
else
	echo "# $SHARED is not there: the ids of docs/rules.md alone"
	ids=$WORK/doc-ids
fi
nids=$(wc -l <"$ids")

# ---- acmeprobe rules: the list ----------------------------------------------

run rules
# the id column of the list: lines "  R-...  title"
grep -oE '^  R-[A-Z0-9]+-[0-9]+ ' "$WORK/out" | tr -d ' ' >"$WORK/listed" || true
if [ "$rc" -eq 0 ] && cmp -s "$ids" "$WORK/listed"; then
	ok "acmeprobe rules lists the $nids rule ids, in order, each once"
else
	not_ok "acmeprobe rules (exit $rc) does not list exactly the $nids rule ids"
	diff "$ids" "$WORK/listed" | diag
fi
# each with its title from docs/rules.md
missing=0
while IFS= read -r line; do
	id=${line%%: *}
	title=${line#*: }
	if ! grep -qE "^  $id +$(printf '%s' "$title" | sed 's/[][\.*^$/]/\\&/g')\$" "$WORK/out"; then
		echo "# no line '$id  $title'"
		missing=$((missing + 1))
	fi
done < <(sed -n 's/^### \(R-[A-Z0-9]*-[0-9]*: .*\)$/\1/p' docs/rules.md)
if [ "$missing" -eq 0 ]; then
	ok "acmeprobe rules gives each id the title of docs/rules.md"
else
	not_ok "acmeprobe rules: $missing title(s) differ from docs/rules.md"
fi

run rules --json
if [ "$rc" -eq 0 ] && $PY - "$WORK/out" "$ids" >"$WORK/py" 2>&1 <<'PYEOF'; then
import json, sys
j = json.load(open(sys.argv[1]))
want = open(sys.argv[2]).read().split()
got = [r["id"] for r in j["rules"]]
assert got == want, (got, want)
for r in j["rules"]:
    for k in ("group", "title", "rfc", "letsencrypt", "statement"):
        assert isinstance(r[k], str) and r[k], (r["id"], k)
PYEOF
	ok "acmeprobe rules --json: every id, each with group, title, rfc, letsencrypt, statement"
else
	not_ok "acmeprobe rules --json (exit $rc)"
	diag "$WORK/py" "$WORK/err"
fi

# ---- acmeprobe rules ID -----------------------------------------------------

run rules R-CAA-9
if [ "$rc" -eq 0 ] && head -n 1 "$WORK/out" | grep -q '^R-CAA-9: .*critical' &&
	grep -q 'RFC 8659 s4\.1' "$WORK/out" && grep -q '128' "$WORK/out" &&
	grep -qi 'bit 1\b' "$WORK/out" && grep -q 'va/caa.go' "$WORK/out"; then
	ok "acmeprobe rules R-CAA-9 prints the critical-flag rule (128, the legacy bit 1, RFC 8659 s4.1, va/caa.go)"
else
	not_ok "acmeprobe rules R-CAA-9 (exit $rc) is not the critical-flag rule with its RFC section"
	diag "$WORK/out" "$WORK/err"
fi
cp "$WORK/out" "$WORK/caa9.txt"

run rules r-caa-9
if [ "$rc" -eq 0 ] && cmp -s "$WORK/out" "$WORK/caa9.txt"; then
	ok "acmeprobe rules r-caa-9: the id in any letter case"
else
	not_ok "acmeprobe rules r-caa-9 (exit $rc) differs from R-CAA-9"
fi

run rules R-CAA-9 --json
if [ "$rc" -eq 0 ] && $PY - "$WORK/out" >"$WORK/py" 2>&1 <<'PYEOF'; then
import json, sys
j = json.load(open(sys.argv[1]))
assert j["id"] == "R-CAA-9", j["id"]
assert "critical" in j["title"], j["title"]
assert "RFC 8659 s4.1" in j["rfc"], j["rfc"]
assert "128" in j["statement"], j["statement"]
PYEOF
	ok "acmeprobe rules R-CAA-9 --json: id, title, rfc, statement"
else
	not_ok "acmeprobe rules R-CAA-9 --json (exit $rc)"
	diag "$WORK/py" "$WORK/err"
fi

# Every rule prints, with an RFC line.
bad=0
while IFS= read -r id; do
	run rules "$id"
	if [ "$rc" -ne 0 ] || ! head -n 1 "$WORK/out" | grep -q "^$id: " || ! grep -q '^RFC:' "$WORK/out"; then
		echo "# acmeprobe rules $id: exit $rc"
		bad=$((bad + 1))
	fi
done <"$ids"
if [ "$bad" -eq 0 ]; then
	ok "acmeprobe rules ID prints each of the $nids rules with its RFC line"
else
	not_ok "acmeprobe rules ID: $bad rule(s) do not print"
fi

# An id that is no rule (built here, so that the rule index does not take
# this file for a citation of a rule that does not exist).
unknown="R-CAA-$((90 + 9))"
run rules "$unknown"
if [ "$rc" -eq 64 ] && [ ! -s "$WORK/out" ] && grep -q "$unknown" "$WORK/err"; then
	ok "acmeprobe rules $unknown exits 64 with a message naming it"
else
	not_ok "acmeprobe rules $unknown: exit $rc (want 64, a message on stderr, nothing on stdout)"
	diag "$WORK/out" "$WORK/err"
fi
run rules R-CAA-1 R-CAA-2
if [ "$rc" -eq 64 ]; then
	ok "acmeprobe rules with two ids exits 64"
else
	not_ok "acmeprobe rules R-CAA-1 R-CAA-2: exit $rc (want 64)"
fi
run rules --help
if [ "$rc" -eq 0 ] && grep -q '^usage: acmeprobe rules' "$WORK/out" && grep -q -- '--json' "$WORK/out"; then
	ok "acmeprobe rules --help"
else
	not_ok "acmeprobe rules --help: exit $rc"
fi

# ---- each command's --help: the packed text is the source's -----------------
# The full build keeps only the usage lines of HELP(usage, rest) and
# unpacks the rest from src/cli/help_text.c (src/cli/cli.h). The rest as
# scripts/help-pack.py reads it from the C literals must be exactly what
# `acmeprobe CMD --help` prints after the usage lines.

PACK=scripts/help-pack.py
commands=$(/usr/bin/python3 "$PACK" --list)
if [ "$(echo "$commands" | wc -w)" -ge 8 ]; then
	ok "help-pack.py --list names $(echo "$commands" | wc -w) commands with a HELP"
else
	not_ok "help-pack.py --list: '$commands' (want the 8 commands with a HELP, or more)"
fi
for cmd in $commands; do
	/usr/bin/python3 "$PACK" --print "$cmd" >"$WORK/rest"
	run "$cmd" --help
	size=$(wc -c <"$WORK/rest")
	total=$(wc -c <"$WORK/out")
	head -c "$((total - size))" "$WORK/out" >"$WORK/usage"
	# the usage: "usage: acmeprobe CMD ..." then its continuation lines,
	# no blank line, ended by a newline
	bad_usage=$(awk -v c="$cmd" 'NR == 1 && index($0, "usage: acmeprobe " c " ") != 1 { print }
		NR > 1 && !/^ / { print }' "$WORK/usage")
	if [ "$rc" -eq 0 ] && [ ! -s "$WORK/err" ] && [ "$size" -gt 200 ] && [ "$total" -gt "$size" ] &&
		tail -c "$size" "$WORK/out" | cmp -s - "$WORK/rest" && [ -z "$bad_usage" ] &&
		[ "$(tail -c 1 "$WORK/usage" | od -An -c | tr -d ' ')" = '\n' ]; then
		ok "$cmd --help: $((total - size)) bytes of usage, then the $size bytes of HELP's rest in src/cli/cmd_$cmd.c"
	else
		not_ok "$cmd --help (exit $rc, $total bytes): not the usage lines then the $size bytes of src/cli/cmd_$cmd.c's rest"
		tail -c "$size" "$WORK/out" | diff - "$WORK/rest" | diag
		diag "$WORK/err"
	fi
done

# help-pack.py on a copy: a stale help_text.c fails --check in one line
# that says what changed; a rest that is not string literals only is
# refused, naming the line.
mkdir -p "$WORK/pack/src/cli"
cp src/cli/cmd_decode.c src/cli/help_text.c "$WORK/pack/src/cli/"
# pack_run MODE: help-pack.py MODE on the copy, its output in $WORK/out
pack_run() {
	rc=0
	/usr/bin/python3 "$PACK" --root "$WORK/pack" "$1" >"$WORK/out" 2>&1 || rc=$?
}
stale='^help-pack: FAIL src/cli/help_text.c is stale'
fix=': run scripts/help-pack.py --write$'
pack_run --check
if [ "$rc" -eq 1 ] && [ "$(wc -l <"$WORK/out")" -eq 1 ] &&
	grep -q "$stale (a text for caa check .*, which has no HELP)$fix" "$WORK/out"; then
	ok "help-pack.py --check, decode's HELP alone: exit 1, one line naming the texts without a HELP"
else
	not_ok "help-pack.py --check on a help_text.c with more texts than HELPs: exit $rc"
	diag "$WORK/out"
fi
pack_run --write
pack_run --check
if [ "$rc" -eq 0 ] && grep -qx 'help-pack: src/cli/help_text.c is current (1 command)' "$WORK/out"; then
	ok "help-pack.py --write, then --check on the copy: current"
else
	not_ok "help-pack.py --write then --check on the copy: exit $rc"
	diag "$WORK/out"
fi
sed -i 's/"Reads one DNS message/"Reads one DNS mesage/' "$WORK/pack/src/cli/cmd_decode.c"
pack_run --check
if [ "$rc" -eq 1 ] && [ "$(wc -l <"$WORK/out")" -eq 1 ] &&
	grep -q "$stale (the text of decode changed)$fix" "$WORK/out"; then
	ok "help-pack.py --check after a word of decode's rest changed: exit 1, 'the text of decode changed'"
else
	not_ok "help-pack.py --check after decode's rest changed: exit $rc"
	diag "$WORK/out"
fi
# the first line of decode's rest gets a macro after it
line=$(grep -n '^	"usage: acmeprobe decode' "$WORK/pack/src/cli/cmd_decode.c" | cut -d: -f1)
sed -i "$((line + 1))s/\$/ DECODE_MORE/" "$WORK/pack/src/cli/cmd_decode.c"
pack_run --write
if [ "$rc" -eq 1 ] &&
	grep -qx "help-pack: src/cli/cmd_decode.c:$((line + 1)): HELP's rest must be C string literals only (it is packed into src/cli/help_text.c from the source), not 'DECODE_MORE'" "$WORK/out"; then
	ok "help-pack.py refuses a rest with a macro in it: exit 1, file, line and the word"
else
	not_ok "help-pack.py on a rest with a macro: exit $rc (want 1 and the line of the macro)"
	diag "$WORK/out"
fi

# ---- --trace lines start with the rule id -------------------------------------

if tests/support/servers.sh start "$WORK/servers" >"$WORK/servers.log" 2>&1; then
	# shellcheck disable=SC1091
	. "$WORK/servers/ports.env"
	# trace_check NAME ARGS...: every stderr line of `acmeprobe caa ARGS
	# --trace` starts with "[R-...]" naming a rule of the list.
	trace_check() {
		local what=$1
		shift
		run caa "$@" --resolver "127.0.0.1:$UNBOUND_PORT" --trace
		local wrong unknown_ids
		wrong=$(grep -cvE '^\[R-[A-Z0-9]+-[0-9]+\] ' "$WORK/err" || true)
		unknown_ids=$(grep -oE '^\[R-[A-Z0-9]+-[0-9]+\]' "$WORK/err" | tr -d '[]' | sort -u |
			grep -vxF -f "$ids" || true)
		if [ -s "$WORK/err" ] && [ "$wrong" -eq 0 ] && [ -z "$unknown_ids" ]; then
			ok "caa $what --trace (exit $rc): all $(wc -l <"$WORK/err") lines start with [R-...] naming a rule"
		else
			not_ok "caa $what --trace (exit $rc): $wrong line(s) without a leading [R-...]${unknown_ids:+, unknown ids: $unknown_ids}"
			grep -vE '^\[R-[A-Z0-9]+-[0-9]+\] ' "$WORK/err" | diag
			[ -s "$WORK/err" ] || echo "# no trace on stderr"
		fi
	}
	trace_check "caa1.test (one CAA record)" caa1.test
	trace_check "x.y.caa1.test (NXDOMAIN below, the parent's record decides)" x.y.caa1.test
	trace_check "crit128.caa.test (critical unknown tag: forbidden)" crit128.caa.test
	trace_check "big100.caa.test (truncated over UDP, then TCP)" big100.caa.test
else
	not_ok "start Knot and Unbound (tests/support/servers.sh)"
	diag "$WORK/servers.log"
fi

finish
