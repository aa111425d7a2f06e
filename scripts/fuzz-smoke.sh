#!/bin/sh
# make fuzz-smoke: every target SECONDS from its committed corpus, two at a
# time (FUZZ_SMOKE_JOBS), new inputs to a scratch folder. Fails on any
# crash, leak, timeout, out-of-memory or sanitizer report, and prints each
# target's executions per second.
# Usage: scripts/fuzz-smoke.sh SECONDS TARGET...
set -eu
cd "$(dirname "$0")/.."
. scripts/fuzz-common.sh

if [ "${1:-}" = "--one" ]; then
  # one target: scripts/fuzz-smoke.sh --one SECONDS TARGET
  secs=$2 t=$3
  scratch=build/fuzz-scratch/$t
  rm -rf "$scratch" "build/fuzz-scratch/$t-"*
  mkdir -p "$scratch" "fuzz/corpus/$t"
  log=build/fuzz-scratch/$t.log
  dict=$(fuzz_dict "$t")
  rc=0
  # shellcheck disable=SC2086
  "build/fuzz/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="build/fuzz-scratch/$t-" -print_final_stats=1 $dict ${FUZZ_ARGS:-} \
    "$scratch" "fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ] || fuzz_sanitizer_report "$log"; then
    echo "fuzz-smoke: $t FAILED (exit $rc); the end of $log:"
    tail -n 40 "$log"
    ls "build/fuzz-scratch/$t-"* 2>/dev/null | sed 's/^/  artifact: /' || true
    exit 1
  fi
  printf 'fuzz-smoke: %-22s %9s execs %7s execs/s  cov %-5s corpus %-4s files %s\n' "$t" \
    "$(fuzz_stat "$log" number_of_executed_units)" "$(fuzz_stat "$log" average_exec_per_sec)" \
    "$(sed -n 's/.*DONE *cov: \([0-9]*\).*/\1/p' "$log" | tail -n 1)" \
    "$(find "fuzz/corpus/$t" -type f | wc -l)" "${dict:+(${dict#-dict=})}"
  exit 0
fi

secs=$1
shift
mkdir -p build/fuzz-scratch
echo "fuzz-smoke: $# targets, $secs s each, ${FUZZ_SMOKE_JOBS:-2} at a time"
status=0
# shellcheck disable=SC2086
printf '%s\n' "$@" | xargs -P "${FUZZ_SMOKE_JOBS:-2}" -n 1 \
  scripts/fuzz-smoke.sh --one "$secs" || status=1
[ "$status" -eq 0 ] && echo "fuzz-smoke: all $# targets clean" || echo "fuzz-smoke: FAILED"
exit "$status"
