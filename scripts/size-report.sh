#!/usr/bin/env bash
# `make size`: the sizes and the memory of the static builds against their
# budgets, with the peers' figures measured in the same run.
#
# Usage: scripts/size-report.sh TINY STATIC [FLOOR]
#        (make size builds build/tiny/acmeprobe and build/static/acmeprobe
#        first; scripts/deps.sh size installs the peers and /usr/bin/time)
#
#  1. Each binary: bytes on disk, size(1)'s text/data/bss, linkage. FLOOR
#     (build/static/floor-tls, from scripts/size-floor-tls.c) is the
#     smallest static TLS client the same flags make from the same
#     archives: what OpenSSL and glibc cost before any code of ours, so a
#     static budget under it cannot be met by trimming acmeprobe.
#  2. The peers, as installed: drill (ldnsutils), kdig (knot-dnsutils), dig
#     (bind9-dnsutils), busybox's nslookup (busybox-static, the whole
#     multi-call binary): bytes on disk, and the shared libraries ldd
#     resolves (the dynamic loader included), their count and total bytes.
#  3. Peak RSS ("Maximum resident set size" of /usr/bin/time -v), median of
#     RUNS (5) runs: `acmeprobe caa caa1.test` (the name and its parent
#     test. asked at once, the decision, the report) for tiny and static;
#     one CAA lookup of caa1.test. by drill, kdig and dig, and an A lookup
#     of a.test. by busybox nslookup (it has no CAA type); all against the
#     same local Knot (tests/support/servers.sh, started here and stopped on
#     exit), asked directly.
#
# Budgets (the project's decision, README "Embedded and minimal hosts"):
# tiny <= 150 KiB on disk and <= 2 MiB RSS; static <= its floor + 256 KiB
# on disk (what OpenSSL and glibc cost cannot be trimmed by acmeprobe, so
# the budget is on what acmeprobe adds to them) and <= 6 MiB RSS. Each is
# printed with "met" or "MISSED", computed here; a missed one is followed
# by what takes the space (from the link map: per library and per object;
# from nm: the largest symbols of our objects, .bss left out) and makes the
# exit status 1. Without FLOOR the static size is not judged (said so).
# The last line is the summary: "size: tiny N KiB (RSS N KiB), static ...,
# drill ...".
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
TINY=${1:-build/tiny/acmeprobe}
STATIC=${2:-build/static/acmeprobe}
FLOOR=${3:-}
RUNS=${RUNS:-5}
PY=/usr/bin/python3
TIME=/usr/bin/time

TINY_MAX=$((150 * 1024))
STATIC_OVER_FLOOR=$((256 * 1024)) # the static budget: the floor + this
TINY_RSS_MAX=$((2 * 1024)) # KiB
STATIC_RSS_MAX=$((6 * 1024))

WORK=$(mktemp -d /tmp/acmeprobe-size.XXXXXX)
cleanup() {
	local rc=$?
	tests/support/servers.sh stop "$WORK/servers" >/dev/null 2>&1 || true
	rm -rf "$WORK"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() { echo "size-report.sh: $*" >&2; exit 2; }
for b in "$TINY" "$STATIC"; do [ -x "$b" ] || die "$b is not built (make static tiny)"; done
[ -x "$TIME" ] || die "$TIME is missing (scripts/deps.sh size)"

kib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
bytes() { stat -L -c %s "$1"; }

# libs BIN: "count total_bytes" of the shared libraries ldd resolves,
# the dynamic loader included; "0 0" for a static binary.
libs() {
	local out
	out=$(ldd "$1" 2>/dev/null) || { echo "0 0"; return; }
	echo "$out" | awk '/=> \// { print $3 } /^\s*\/[^ ]+ \(0x/ { print $1 }' | sort -u |
		while read -r l; do bytes "$(readlink -f "$l")"; done |
		awk '{ n++; t += $1 } END { printf "%d %d\n", n, t }'
}

# rss CMD...: the median over RUNS runs of the peak RSS in KiB; the
# command must succeed every time.
rss() {
	local i v
	for i in $(seq "$RUNS"); do
		"$TIME" -v -o "$WORK/time.$i" "$@" >"$WORK/cmd.out" 2>"$WORK/cmd.err" || {
			echo "size-report.sh: failed: $*" >&2
			sed 's/^/# /' "$WORK/cmd.out" "$WORK/cmd.err" >&2
			return 1
		}
		v=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/time.$i")
		echo "$v"
	done | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

# ---- the servers -----------------------------------------------------------

# Three tries. servers.sh takes the first pair of ports nobody listens on,
# but Knot cannot bind a TCP port that a closed connection still holds
# (TIME-WAIT, 60 s after an earlier run): the later tries name a pair that
# no socket uses at all.
quiet_pair() {
	local k
	for k in $(seq 53530 2 53568); do
		# no socket in any state on either port, no test bed's lock held
		[ -z "$(ss -Htanu "( sport = :$k or sport = :$((k + 1)) )" 2>/dev/null)" ] || continue
		flock -n "/tmp/acmeprobe-testbed.$k.lock" true 2>/dev/null || continue
		echo "$k"
		return
	done
}
started=0
for try in 1 2 3; do
	port=
	[ $try = 1 ] || port=$(quiet_pair)
	if KNOT_PORT=${port:-${KNOT_PORT:-}} tests/support/servers.sh start "$WORK/servers" \
		>"$WORK/servers.log" 2>&1; then
		started=1
		break
	fi
	tests/support/servers.sh stop "$WORK/servers" >/dev/null 2>&1 || true
	sleep 1
done
if [ $started = 0 ]; then
	sed 's/^/# /' "$WORK/servers.log" >&2
	die "servers.sh start failed"
fi
# shellcheck disable=SC1091
. "$WORK/servers/ports.env"
KNOT=127.0.0.1:$KNOT_PORT

# ---- ours ------------------------------------------------------------------

missed=()
printf '%-28s %10s %9s %8s %8s %9s  %s\n' binary bytes text data bss "RSS KiB" linkage
declare -A SZ RSS
for f in tiny static; do
	bin=$TINY
	[ "$f" = static ] && bin=$STATIC
	SZ[$f]=$(bytes "$bin")
	read -r text data bss _ < <(size "$bin" | tail -n1)
	link=static
	readelf -lW "$bin" | grep -q INTERP && link=dynamic
	RSS[$f]=$(rss "$bin" caa caa1.test --resolver "$KNOT")
	printf '%-28s %10d %9d %8d %8d %9d  %s\n' "acmeprobe $f" "${SZ[$f]}" "$text" "$data" "$bss" \
		"${RSS[$f]}" "$link, $("$bin" --version | tail -n1)"
done

FLOOR_SZ=
if [ -n "$FLOOR" ]; then
	[ -x "$FLOOR" ] || die "$FLOOR is not built (make build/static/floor-tls)"
	FLOOR_SZ=$(bytes "$FLOOR")
	read -r text data bss _ < <(size "$FLOOR" | tail -n1)
	printf '%-28s %10d %9d %8d %8d %9s  %s\n' "floor: bare TLS client" "$FLOOR_SZ" "$text" "$data" \
		"$bss" - "static, SSL_CTX_new + SSL_connect only ($(basename "$FLOOR"))"
fi

# ---- the peers -------------------------------------------------------------

declare -A PEER_SUMMARY
peer() {
	local name=$1 bin
	shift
	bin=$(command -v "$name" 2>/dev/null || true)
	[ -n "$bin" ] || [ "$name" != busybox ] || bin=/bin/busybox
	if [ -z "$bin" ] || [ ! -x "$bin" ]; then
		printf '%-28s %s\n' "$name" "not installed (scripts/deps.sh size)"
		PEER_SUMMARY[$name]="$name not installed"
		return
	fi
	local b n t r text data bss link=static
	b=$(bytes "$bin")
	read -r n t < <(libs "$bin")
	[ "$n" -gt 0 ] && link="dynamic, $n libs $(mib "$t") MiB, binary + libs $(mib $((b + t))) MiB"
	read -r text data bss _ < <(size "$bin" | tail -n1)
	r=$(rss "$bin" "$@") || r=-1
	printf '%-28s %10d %9d %8d %8d %9d  %s\n' "$name ($(basename "$(readlink -f "$bin")"))" \
		"$b" "$text" "$data" "$bss" "$r" "$link"
	if [ "$n" -gt 0 ]; then
		PEER_SUMMARY[$name]="$name $(kib "$b") KiB+$(mib "$t") MiB libs (RSS $r KiB)"
	else
		PEER_SUMMARY[$name]="$name $(kib "$b") KiB static (RSS $r KiB)"
	fi
}
peer drill -p "$KNOT_PORT" caa1.test. CAA @127.0.0.1
peer kdig -p "$KNOT_PORT" @127.0.0.1 caa1.test. CAA
peer dig -p "$KNOT_PORT" @127.0.0.1 caa1.test. CAA
peer busybox nslookup -type=a a.test "$KNOT"

echo
echo "ours: peak RSS of 'acmeprobe caa caa1.test --resolver $KNOT' (two questions, the"
echo "decision, the report); peers: one lookup. Median of $RUNS runs, /usr/bin/time -v."

# ---- the budgets -----------------------------------------------------------

budget() { # WHAT VALUE MAX UNIT
	if [ "$2" -le "$3" ]; then
		echo "budget: $1 $2 <= $3 $4: met"
	else
		echo "budget: $1 $2 > $3 $4: MISSED"
		missed+=("$1")
	fi
}
echo
budget "tiny size" "${SZ[tiny]}" "$TINY_MAX" bytes
budget "tiny RSS" "${RSS[tiny]}" "$TINY_RSS_MAX" KiB
if [ -n "$FLOOR_SZ" ]; then
	budget "static size (the floor $FLOOR_SZ + $STATIC_OVER_FLOOR)" "${SZ[static]}" \
		$((FLOOR_SZ + STATIC_OVER_FLOOR)) bytes
	left=$((FLOOR_SZ + STATIC_OVER_FLOOR - SZ[static]))
	if [ "$left" -ge 0 ]; then
		echo "        (acmeprobe adds $((SZ[static] - FLOOR_SZ)) bytes to the floor: $left to spare)"
	else
		echo "        (acmeprobe adds $((SZ[static] - FLOOR_SZ)) bytes to the floor: $((-left)) over)"
	fi
else
	echo "budget: static size ${SZ[static]} bytes: not judged (no FLOOR given: make size builds it)"
fi
budget "static RSS" "${RSS[static]}" "$STATIC_RSS_MAX" KiB

# What takes the space, for a missed size budget: the link map's sections
# per library and per object (after --gc-sections), and the largest
# symbols of our objects (nm --size-sort, before it).
explain() {
	local f=$1 map=$2
	echo
	echo "what takes the space in $f ($map; .bss excluded: it takes no file space):"
	[ -r "$map" ] && $PY - "$map" <<'PYEOF'
import collections, re, sys
lib, obj = collections.Counter(), collections.Counter()
pending = None
for line in open(sys.argv[1]):
    line = line.rstrip("\n")
    m = re.match(r"^ (\.\S+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+)$", line)
    if not m:
        m1 = re.match(r"^ (\.\S+)$", line)
        m2 = re.match(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+)$", line)
        if m1:
            pending = m1.group(1)
            continue
        if not (m2 and pending):
            pending = None
            continue
        name, (addr, size, src) = pending, m2.groups()
    else:
        name, addr, size, src = m.groups()
    pending = None
    if int(addr, 16) == 0 or "bss" in name or name.startswith((".debug", ".comment", ".note")):
        continue
    n = int(size, 16)
    base = src.split("/")[-1]
    lib[re.sub(r"\(.*", "", base) if "(" in base else "our objects"] += n
    obj[base if "(" in base else re.sub(r"^build/\w+/obj/(\S+?/)?(?=src/)", "", src)] += n
print("  per library: " + ", ".join("%s %d" % kv for kv in lib.most_common()))
print("  largest objects:")
for k, v in obj.most_common(15):
    print("    %8d  %s" % (v, k))
PYEOF
	echo "  largest symbols of our objects (nm --size-sort, before --gc-sections):"
	# (nm -S prints sizes as zero-padded hex: a text sort is a numeric one)
	find "build/$f/obj" -name '*.o' -print0 | xargs -0 nm --size-sort -S 2>/dev/null |
		awk 'NF == 4 && $3 !~ /^[bB]$/' | sort -k2,2 | tail -n 12 |
		while read -r _ sz kind sym; do printf '    %8d  %s %s\n' $((16#$sz)) "$kind" "$sym"; done
}
for m in "${missed[@]}"; do
	case "$m" in
	"tiny size") explain tiny "$TINY.map" ;;
	"static size"*)
		explain static "$STATIC.map"
		echo "  the floor (a bare static TLS client, same flags and archives) is $FLOOR_SZ bytes:"
		echo "  acmeprobe's own code adds $((SZ[static] - FLOOR_SZ)) bytes to it, over the $STATIC_OVER_FLOOR allowed."
		;;
	esac
done

echo
echo "size: tiny $(kib "${SZ[tiny]}") KiB (RSS ${RSS[tiny]} KiB)," \
	"static $(kib "${SZ[static]}") KiB (RSS ${RSS[static]} KiB)${FLOOR_SZ:+, floor $(kib "$FLOOR_SZ") KiB}," \
	"${PEER_SUMMARY[drill]}, ${PEER_SUMMARY[kdig]}, ${PEER_SUMMARY[dig]}," \
	"${PEER_SUMMARY[busybox]}${missed[*]:+; MISSED: $(IFS=,; echo "${missed[*]}")}"
[ ${#missed[@]} -eq 0 ]
