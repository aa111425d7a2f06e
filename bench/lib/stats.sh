# shellcheck shell=bash
# The measuring and reporting helpers of bench/resolver/run.sh and
# bench/caa/run.sh. Sourced, never run.
#
#   rcvbuf_errors           the machine's UDP RcvbufErrors so far
#                           (/proc/net/snmp): datagrams the kernel dropped
#   TICK                    clock ticks per second (for knot_cpu_ticks)
#   machine_busy_ticks      CPU time the whole machine has spent busy so
#                           far (/proc/stat: user, nice, system, irq,
#                           softirq and steal, all CPUs), in clock ticks;
#                           it counts every process, also those of other
#                           containers on the same kernel, which ps does
#                           not show
#   time_rss FILE           peak RSS (KiB) from /usr/bin/time -v's FILE
#   time_cpu FILE           user+sys seconds from /usr/bin/time -v's FILE
#   key FILE KEY            the value of KEY in a "KEY VALUE" FILE
#   col TOOL ROUNDPATTERN COLUMN  the values of one column of
#                           $OUT/runs.txt, one a line, for TOOL's rounds
#                           matching ROUNDPATTERN (TIMED: the timed rounds,
#                           SMALLRUN: the memory comparison runs)
#   median, range, maxof, sumof   of the numbers on stdin, one a line
#                           (range: "MIN-MAX")

rcvbuf_errors() {
	awk '$1 == "Udp:" { if (!h) { for (i = 2; i <= NF; i++) if ($i == "RcvbufErrors") c = i; h = 1 }
		else { print $c; exit } }' /proc/net/snmp
}
# shellcheck disable=SC2034 # (for the benches)
TICK=$(getconf CLK_TCK)
machine_busy_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
time_rss() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }
time_cpu() { awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$1"; }
key() { awk -v k="$2" '$1 == k { print $2; exit }' "$1"; }

col() { awk -v t="$1" -v p="$2" -v c="$3" '$1 == t && $2 ~ p { print $c }' "$OUT/runs.txt"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
range() { sort -g | awk '{ v[NR] = $1 } END { if (NR) printf "%s-%s", v[1], v[NR] }'; }
maxof() { sort -g | tail -n 1; }
sumof() { awk '{ s += $1 } END { print s + 0 }'; }
# shellcheck disable=SC2034 # (for the benches)
TIMED='^[0-9]+$'
# shellcheck disable=SC2034
SMALLRUN='^small'
