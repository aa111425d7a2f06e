#!/usr/bin/env bash
# Writes the CAA bench's zones, its input and its expected verdicts into DIR:
#   DIR/test.zone         the zone test. (no CAA; delegates bench.test.)
#   DIR/bench.test.zone   the zone bench.test., names for I = 0..N-1
#   DIR/names.txt         the input of 'acmeprobe caa --batch', one name a line
#                         (no final dot; "*." in front for a wildcard)
#   DIR/expected.txt      "DOMAIN WILDCARD PERMITTED RELEVANT_NAME RULE RECORDS",
#                         one a line, in input order: what the JSON line of
#                         that name must say (RELEVANT_NAME "null": none;
#                         RECORDS: how many records the relevant RRset has)
#   DIR/queries-CAA.txt   "NAME CAA" for dnsperf: every distinct question
#                         the walk asks, each once, in the order it first asks
# Usage: bench/caa/gen-zone.sh DIR [N]   (N: 100000)
#
# The mix, by I mod 10 (bench/caa/README.md has the table):
#   0-1  nI.bench.test.    0 issue "ca.example; name=nI" (+ iodef if odd)   forbidden at nI
#   2    nI.bench.test.    0 issue "letsencrypt.org"                        permitted at nI
#   3    *.nI.bench.test.  0 issue "letsencrypt.org", 0 issuewild ";"       forbidden at nI (wildcard)
#   4    nI.bench.test.    128 tbs "x", 0 issue "letsencrypt.org"           forbidden at nI (critical)
#   5    nI.bench.test.    0 issuewild "letsencrypt.org", 0 iodef           permitted at nI (issue absent)
#   6    nI.bench.test.    no CAA (A only): NODATA up to test.              permitted, no relevant name
#   7    nI.bench.test.    not in the zone: NXDOMAIN, then NODATA           permitted, no relevant name
#   8    nI.p.bench.test.  no CAA; p.bench.test. has 0 issue ";"            forbidden at p.bench.test.
#   9    nI.q.bench.test.  I mod 20 = 9: CNAME to t.bench.test., which has
#                          0 issue "ca.example"                             forbidden at nI.q (via CNAME)
#                          I mod 20 = 19: no CAA; q.bench.test. has
#                          0 issue "letsencrypt.org"                        permitted at q.bench.test.
# The request is Let's Encrypt's default one: --ca-id letsencrypt.org, no
# account URI, no method; a "*." input asks for a wildcard.
set -euo pipefail

dir=${1:?usage: gen-zone.sh DIR [N]}
n=${2:-100000}
case $n in '' | *[!0-9]*) echo "gen-zone.sh: N must be a number" >&2; exit 2 ;; esac
mkdir -p "$dir"

awk -v n="$n" -v dir="$dir" 'BEGIN {
	tz = dir "/test.zone"
	zone = dir "/bench.test.zone"
	names = dir "/names.txt"
	ex = dir "/expected.txt"
	q = dir "/queries-CAA.txt"

	print "$ORIGIN test." > tz
	print "$TTL 3600" > tz
	print "@ SOA ns.test. hostmaster.test. 1 3600 600 86400 300" > tz
	print "@ NS ns" > tz
	print "ns A 127.0.0.1" > tz
	print "bench NS ns.bench" > tz
	print "ns.bench A 127.0.0.1" > tz

	print "$ORIGIN bench.test." > zone
	print "$TTL 3600" > zone
	print "@ SOA ns.bench.test. hostmaster.bench.test. 1 3600 600 86400 300" > zone
	print "@ NS ns" > zone
	print "ns A 127.0.0.1" > zone
	print "p CAA 0 issue \";\"" > zone
	print "q CAA 0 issue \"letsencrypt.org\"" > zone
	print "t CAA 0 issue \"ca.example\"" > zone
	print "t A 10.255.0.1" > zone

	for (i = 0; i < n; i++) {
		k = i % 10
		o = "n" i
		a = sprintf("10.%d.%d.%d", int(i / 65536), int(i / 256) % 256, i % 256)
		owner = o; wild = "false"; perm = "true"; rel = "null"
		rule = "R-CAA-11"; nrec = 1
		if (k <= 1) {
			printf "%s CAA 0 issue \"ca.example; name=%s\"\n", o, o > zone
			if (k == 1) {
				printf "%s CAA 0 iodef \"mailto:caa@bench.test\"\n", o > zone
				nrec = 2
			}
			perm = "false"; rel = o ".bench.test."
		} else if (k == 2) {
			printf "%s CAA 0 issue \"letsencrypt.org\"\n", o > zone
			rel = o ".bench.test."
		} else if (k == 3) {
			printf "%s CAA 0 issue \"letsencrypt.org\"\n", o > zone
			printf "%s CAA 0 issuewild \";\"\n", o > zone
			wild = "true"; perm = "false"; rel = o ".bench.test."; nrec = 2
		} else if (k == 4) {
			printf "%s CAA 128 tbs \"x\"\n", o > zone
			printf "%s CAA 0 issue \"letsencrypt.org\"\n", o > zone
			perm = "false"; rel = o ".bench.test."; rule = "R-CAA-9"; nrec = 2
		} else if (k == 5) {
			printf "%s CAA 0 issuewild \"letsencrypt.org\"\n", o > zone
			printf "%s CAA 0 iodef \"mailto:caa@bench.test\"\n", o > zone
			rel = o ".bench.test."; rule = "R-CAA-10"; nrec = 2
		} else if (k == 6 || k == 7) {
			rule = "R-CAA-1"; nrec = 0
		} else if (k == 8) {
			owner = o ".p"
			perm = "false"; rel = "p.bench.test."
		} else if (k == 9) {
			owner = o ".q"
			if (i % 20 == 9) {
				printf "%s CNAME t\n", owner > zone
				perm = "false"; rel = owner ".bench.test."
			} else {
				rel = "q.bench.test."
			}
		}
		# every name has an address but the NXDOMAIN ones and the CNAMEs
		if (k != 7 && !(k == 9 && i % 20 == 9))
			printf "%s A %s\n", owner, a > zone
		d = owner ".bench.test."
		print (wild == "true" ? "*." : "") substr(d, 1, length(d) - 1) > names
		print d, wild, perm, rel, rule, nrec > ex
		# the questions, in the order the walk first asks them
		print d " CAA" > q
		if (i == 0) {
			print "bench.test. CAA" > q
			print "test. CAA" > q
		}
		if (k == 8 && !seen_p++) print "p.bench.test. CAA" > q
		if (k == 9 && !seen_q++) print "q.bench.test. CAA" > q
	}
}'
