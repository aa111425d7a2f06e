#!/bin/sh
# Installs, with apt-get, the Debian packages the build, the tests and the
# benchmarks need, and only those that are missing: running it twice does
# nothing the second time. Usage: scripts/deps.sh [build|test|lint|bench|size|all]
set -eu

build="gcc make libssl-dev pkg-config"
# tests/support/dnssec-bed.sh: nsd, the signers (bind9-utils: dnssec-signzone;
# ldnsutils: ldns-signzone, ldns-verify-zone) and delv (bind9-dnsutils). The
# bed runs its own nsd and unbound on loopback; a system service that a
# package may start on install is neither used nor in its way (port 53).
test="libcriterion-dev clang libclang-rt-14-dev llvm knot knot-dnsutils unbound python3 iproute2 nftables openssl mandoc musl-tools nsd bind9-utils bind9-dnsutils ldnsutils"
lint="clang-tidy cppcheck clang-format"
bench="libldns-dev libknot-dev valgrind dnsperf libh2o-evloop0.13"
# make size: /usr/bin/time and the peers it measures (drill, dig, busybox)
size="time ldnsutils bind9-dnsutils busybox-static"

case "${1:-test}" in
  build) want="$build" ;;
  test)  want="$build $test" ;;
  lint)  want="$build $lint" ;;
  bench) want="$build $test $bench" ;;
  size)  want="$build $test $size" ;;
  all)   want="$build $test $lint $bench $size" ;;
  *) echo "usage: $0 [build|test|lint|bench|size|all]" >&2; exit 64 ;;
esac

missing=""
for p in $want; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
    missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "deps.sh: missing packages:$missing (run as root to install them)" >&2
  exit 1
fi
echo "deps.sh: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# A stale package list makes apt-get install fail with 404s: refresh once.
apt-get update -qq >/dev/null
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
