#!/usr/bin/env bash
# Writes the fleet bench's zones and input into DIR:
#   DIR/test.zone         test. (no CAA; delegates fleet.test.)
#   DIR/fleet.test.zone   fleet.test.: delegates z0 ... z9.fleet.test., glue
#   DIR/zK.zone           zK.fleet.test. for K = 0..9: NS ns1 and ns2, their
#                         addresses, and the names nI (I mod 10 = K), each
#                         with 0 issue "letsencrypt.org" and an A record
#   DIR/names.txt         the input of 'acmeprobe check --file', one name a
#                         line, the zones interleaved (n0.z0, n1.z1, ...)
#   DIR/expected.txt      "DOMAIN VERDICT CODE", one a line, in input order:
#                         the verdict the name's line must give and the
#                         finding code it must hold ("-": none required)
# Usage: bench/check/gen-zone.sh DIR [N]   (N: 10000)
#
# The servers, all on one port (acmeprobe --ns-port): ns1.zK and the
# parents on 127.0.0.1 (Knot), ns2.zK on 127.0.0.2 (the same Knot) for
# K = 2..9; ns2.z0 on 127.0.0.3, a faultdns that drops every CAA query
# (ns_drops_caa), ns2.z1 on 127.0.0.4, a faultdns that answers CAA with
# SERVFAIL (ns_servfail): 2 of the 20 nameservers are faulty, and so are
# the names of 2 zones in 10.
set -euo pipefail

dir=${1:?usage: gen-zone.sh DIR [N]}
n=${2:-10000}
case $n in '' | *[!0-9]*) echo "gen-zone.sh: N must be a number" >&2; exit 2 ;; esac
mkdir -p "$dir"

awk -v n="$n" -v dir="$dir" 'BEGIN {
	soa = "SOA ns1.fleet.test. hostmaster.fleet.test. 1 3600 900 604800 60"
	printf "$TTL 60\n@ %s\n@ NS ns1.fleet.test.\nfleet NS ns1.fleet.test.\nns1.fleet A 127.0.0.1\n", soa > (dir "/test.zone")
	f = dir "/fleet.test.zone"
	printf "$TTL 60\n@ %s\n@ NS ns1\nns1 A 127.0.0.1\n", soa > f
	for (k = 0; k < 10; k++) {
		ns2 = k == 0 ? "127.0.0.3" : k == 1 ? "127.0.0.4" : "127.0.0.2"
		printf "z%d NS ns1.z%d\nz%d NS ns2.z%d\nns1.z%d A 127.0.0.1\nns2.z%d A %s\n", k, k, k, k, k, k, ns2 > f
		z = dir "/z" k ".zone"
		printf "$TTL 60\n@ SOA ns1 hostmaster 2026120101 3600 900 604800 60\n@ NS ns1\n@ NS ns2\nns1 A 127.0.0.1\nns2 A %s\n", ns2 > z
	}
	for (i = 0; i < n; i++) {
		k = i % 10
		printf "n%d CAA 0 issue \"letsencrypt.org\"\nn%d A 192.0.2.%d\n", i, i, i % 250 + 1 > (dir "/z" k ".zone")
		printf "n%d.z%d.fleet.test\n", i, k > (dir "/names.txt")
		if (k == 0)
			v = "will_fail ns_drops_caa"
		else if (k == 1)
			v = "will_fail ns_servfail"
		else
			v = "ok -"
		printf "n%d.z%d.fleet.test %s\n", i, k, v > (dir "/expected.txt")
	}
}'
