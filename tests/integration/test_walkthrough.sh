#!/usr/bin/env bash
# docs/walkthrough.md against the binary: scripts/walkthrough.sh --check
# builds the walkthrough's test bed (two network namespaces, Knot and
# Unbound of tests/support/servers.sh, the nameservers of test_check.sh,
# tests/support/http01_server.py, an nft rule), runs each scenario's
# command and compares the normalized output with the block committed in
# the document. One "ok - " / "not ok - " line per block (a diff as "# "
# lines), then "N passed, M failed"; exit 1 on any difference.
# `scripts/walkthrough.sh --write` makes the blocks again.
# Needs root (ip netns, nft): skipped without it. About 10 s; stopped at 90.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
pass=0
fail=0
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ] || exit 1
	exit 0
}
if [ "$(id -u)" -ne 0 ]; then
	echo "ok - # SKIP test_walkthrough.sh needs root (ip netns, nft)"
	pass=1
	finish
fi
out=$(mktemp /tmp/acmeprobe-test-walkthrough.XXXXXX)
trap 'rm -f "$out"' EXIT
t0=$(date +%s)
rc=0
# (TERM at 90 s: its trap deletes the namespaces and stops the servers)
timeout 90 scripts/walkthrough.sh --check >"$out" 2>&1 || rc=$?
# (the setup's own messages as "# " lines)
sed -e '/^ok - /b' -e '/^not ok - /b' -e '/^#/b' -e 's/^/# /' "$out"
pass=$(grep -c '^ok - ' "$out" || true)
fail=$(grep -c '^not ok - ' "$out" || true)
if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
	# the test bed did not come up (its messages are above)
	echo "not ok - scripts/walkthrough.sh --check exited with status $rc"
	fail=1
fi
elapsed=$(($(date +%s) - t0))
if [ "$elapsed" -lt 90 ]; then
	echo "ok - the walkthrough took ${elapsed}s (< 90 s)"
	pass=$((pass + 1))
else
	echo "not ok - the walkthrough took ${elapsed}s (want < 90 s)"
	fail=$((fail + 1))
fi
finish
