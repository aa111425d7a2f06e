#!/usr/bin/env bash
# The DNSSEC bench (bench/dnssec/README.md): acmeprobe's validator
# (dnssec_verify_rrset) next to ldns (ldns_verify_rrsig_keylist_time) on
# the same RRsets of the captured lab (tests/fixtures/dnssec/: RSA/SHA-256
# 2048 and ECDSA P-256, items.h), both over the same libcrypto.
# Canonical form, digest and verification are measured; the messages are
# parsed once before. Instructions outside libcrypto by callgrind
# (cgsplit.py); validations per second by the clock (median of rounds).
#
# Last line: "dnssec: acmeprobe N instr/RRset, ldns M instr/RRset (outside
# libcrypto), ratio R, acmeprobe K validations/s". Exit 0 if the ratio
# is at least MIN_RATIO (3), 1 if not, 2 if the bench cannot run.
# Environment: BENCH_DNSSEC_ROUNDS (5), BENCH_DNSSEC_PASSES (300), CC.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=build/bench/dnssec
FIX=tests/fixtures/dnssec
CC=${CC:-cc}
ROUNDS=${BENCH_DNSSEC_ROUNDS:-5}
PASSES=${BENCH_DNSSEC_PASSES:-300}
MIN_RATIO=3

die() {
	echo "bench/dnssec: $*" >&2
	exit 2
}
for tool in valgrind pkg-config ar "$CC"; do
	command -v "$tool" >/dev/null || die "$tool not found (scripts/deps.sh bench)"
done
pkg-config --exists ldns || die "ldns not found (libldns-dev: scripts/deps.sh bench)"

# the validator's objects (the Makefile's build/obj), in an archive
objs=()
for c in src/dns/*.c src/dnssec/*.c; do
	[[ $c == src/dnssec/fetch.c ]] && continue
	objs+=("build/obj/${c%.c}.o")
done
make -s --no-print-directory "${objs[@]}" || die "building the library objects failed"
mkdir -p "$OUT"
rm -f "$OUT/lib.a" "$OUT"/cg-*
ar qcs "$OUT/lib.a" "${objs[@]}"
B=(-std=c11 -D_POSIX_C_SOURCE=200809L -O2 -g -Wall -Wextra -Werror -I.)
"$CC" "${B[@]}" -Isrc bench/dnssec/bench_acmeprobe.c "$OUT/lib.a" -lcrypto -o "$OUT/acmeprobe" ||
	die "building the acmeprobe harness failed"
# shellcheck disable=SC2046
"$CC" "${B[@]}" $(pkg-config --cflags ldns) bench/dnssec/bench_ldns.c $(pkg-config --libs ldns) \
	-lcrypto -o "$OUT/ldns" || die "building the ldns harness failed"

# every RRset verifies with both (the harnesses exit 2 otherwise)
for t in acmeprobe ldns; do
	"$OUT/$t" "$FIX" 1 || die "$t: an RRset of the corpus does not verify"
done

# instructions: (10 + 50 passes) - (10 passes), so that one-time costs
# (libcrypto's provider set-up, loading the corpus) cancel out
nitems=$(grep -c '^	{"' bench/dnssec/items.h)
for t in acmeprobe ldns; do
	for n in 10 60; do
		valgrind --tool=callgrind --toggle-collect=run_passes \
			--callgrind-out-file="$OUT/cg-$t-$n.out" "$OUT/$t" "$FIX" "$n" \
			>"$OUT/cg-$t-$n.log" 2>&1 &
	done
done
wait
instr() { # TOOL: instructions outside libcrypto per RRset
	local a b
	a=$(python3 bench/dnssec/cgsplit.py "$OUT/cg-$1-10.out" | awk '{ print $3 }')
	b=$(python3 bench/dnssec/cgsplit.py "$OUT/cg-$1-60.out" | awk '{ print $3 }')
	awk -v a="$a" -v b="$b" -v n="$nitems" 'BEGIN { printf "%.0f", (b - a) / 50 / n }'
}
crypto() {
	local a b
	a=$(python3 bench/dnssec/cgsplit.py "$OUT/cg-$1-10.out" | awk '{ print $2 }')
	b=$(python3 bench/dnssec/cgsplit.py "$OUT/cg-$1-60.out" | awk '{ print $2 }')
	awk -v a="$a" -v b="$b" -v n="$nitems" 'BEGIN { printf "%.0f", (b - a) / 50 / n }'
}
ap=$(instr acmeprobe)
ld=$(instr ldns)
apc=$(crypto acmeprobe)
ldc=$(crypto ldns)

# the clock: rounds of both, interleaved, the median
: >"$OUT/times.txt"
for _ in $(seq "$ROUNDS"); do
	"$OUT/acmeprobe" "$FIX" "$PASSES" -t >>"$OUT/times.txt"
	"$OUT/ldns" "$FIX" "$PASSES" -t >>"$OUT/times.txt"
done
median() { # TOOL FIELD
	awk -v t="$1" -v f="$2" '$1 == t { print $f }' "$OUT/times.txt" | sort -n |
		awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
ratio=$(awk -v a="$ap" -v b="$ld" 'BEGIN { printf "%.1f", b / a }')
echo "bench/dnssec: $nitems RRsets (RSA/SHA-256 2048 and ECDSA P-256), libcrypto inside: acmeprobe $apc, ldns $ldc instr/RRset"
echo "bench/dnssec: clock (median of $ROUNDS rounds of $PASSES passes): acmeprobe $(median acmeprobe 2) ns/RRset, ldns $(median ldns 2) ns/RRset"
printf 'dnssec: acmeprobe %s instr/RRset, ldns %s instr/RRset (outside libcrypto), ratio %s, acmeprobe %s validations/s\n' \
	"$ap" "$ld" "$ratio" "$(median acmeprobe 4)"
awk -v r="$ratio" -v m="$MIN_RATIO" 'BEGIN { exit !(r >= m) }' || {
	echo "bench/dnssec: FAIL: ratio $ratio, want >= $MIN_RATIO" >&2
	exit 1
}
