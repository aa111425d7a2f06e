#!/usr/bin/env bash
# Writes the resolver bench's zone and query files into DIR:
#   DIR/bench.test.zone   the zone bench.test., names n0..n(N-1)
#   DIR/names.txt         "nI.bench.test. CAA_COUNT A_COUNT", one name a line,
#                         for bench-resolver (which checks the counts)
#   DIR/queries-CAA.txt   "nI.bench.test. CAA", the same names, for dnsperf
#   DIR/queries-A.txt     "nI.bench.test. A"
# Usage: bench/resolver/gen-zone.sh DIR [N]   (N: 100000)
#
# The mix, by I mod 10 (bench/resolver/README.md):
#   0-2  1 CAA   0 issue "ca.example; name=nI"                  + 1 A
#   3-4  2 CAA   the same + 0 iodef "mailto:caa@bench.test"     + 1 A
#   5    3 CAA   the same two + 0 issuewild ";"                 + 1 A
#   6    no CAA                                                  1 A
#   7-8  no CAA                                                  1 A + 1 AAAA
#   9    no CAA                                                  2 A
# so a CAA pass gets 60% answers with CAA (1-3 records) and 40% NODATA,
# an A pass 100% answers (10% with 2 records). The A addresses are
# 10.(I>>16).(I>>8 & 255).(I & 255), and 10.(128+(I>>16)).. for the second,
# so the harness can check that an answer is that of the name asked.
set -euo pipefail

dir=${1:?usage: gen-zone.sh DIR [N]}
n=${2:-100000}
case $n in '' | *[!0-9]*) echo "gen-zone.sh: N must be a number" >&2; exit 2 ;; esac
mkdir -p "$dir"

awk -v n="$n" -v dir="$dir" 'BEGIN {
	zone = dir "/bench.test.zone"
	names = dir "/names.txt"
	qcaa = dir "/queries-CAA.txt"
	qa = dir "/queries-A.txt"
	print "$ORIGIN bench.test." > zone
	print "$TTL 3600" > zone
	print "@ SOA ns.bench.test. hostmaster.bench.test. 1 3600 600 86400 300" > zone
	print "@ NS ns" > zone
	print "ns A 127.0.0.1" > zone
	for (i = 0; i < n; i++) {
		k = i % 10
		hi = int(i / 65536); mid = int(i / 256) % 256; lo = i % 256
		o = "n" i
		printf "%s A 10.%d.%d.%d\n", o, hi, mid, lo > zone
		ncaa = 0; na = 1
		if (k <= 5) {
			printf "%s CAA 0 issue \"ca.example; name=%s\"\n", o, o > zone
			ncaa = 1
		}
		if (k >= 3 && k <= 5) {
			printf "%s CAA 0 iodef \"mailto:caa@bench.test\"\n", o > zone
			ncaa = 2
		}
		if (k == 5) {
			printf "%s CAA 0 issuewild \";\"\n", o > zone
			ncaa = 3
		}
		if (k == 7 || k == 8)
			printf "%s AAAA fd00::%x:%x\n", o, hi, i % 65536 > zone
		if (k == 9) {
			printf "%s A 10.%d.%d.%d\n", o, 128 + hi, mid, lo > zone
			na = 2
		}
		printf "%s.bench.test. %d %d\n", o, ncaa, na > names
		printf "%s.bench.test. CAA\n", o > qcaa
		printf "%s.bench.test. A\n", o > qa
	}
}'
