#!/bin/sh
# make fuzz T=TARGET SECONDS=N [JOBS=J]: a long run of one target from its
# committed corpus. J processes share fuzz/findings/TARGET/corpus (new
# inputs; each reloads what the others find) and write crashes, leaks and
# timeouts to fuzz/findings/TARGET/ (git-ignored). Prints each process's
# executions per second and coverage; exits 1 if anything was found.
# Each fixed finding becomes a unit test (tests/unit/test_fuzz_findings.c)
# and a corpus file (fuzz/corpus/TARGET/finding-*): see fuzz/README.md.
# Usage: scripts/fuzz-run.sh TARGET SECONDS [JOBS]
set -eu
cd "$(dirname "$0")/.."
. scripts/fuzz-common.sh

t=$1 secs=$2 jobs=${3:-1}
bin=build/fuzz/$t
[ -x "$bin" ] || { echo "fuzz-run: $bin is not built (make fuzz)" >&2; exit 2; }
out=fuzz/findings/$t
mkdir -p "$out/corpus" "fuzz/corpus/$t"
dict=$(fuzz_dict "$t")
before=$(find "$out" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)

echo "fuzz-run: $t for $secs s, $jobs process(es), ${dict:-no dictionary}, findings in $out/"
pids=""
i=1
while [ "$i" -le "$jobs" ]; do
  # shellcheck disable=SC2086
  "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/" $dict ${FUZZ_ARGS:-} "$out/corpus" "fuzz/corpus/$t" \
    >"$out/log.$i" 2>&1 &
  pids="$pids $!"
  i=$((i + 1))
done
status=0
for p in $pids; do
  wait "$p" || status=1
done

i=1
while [ "$i" -le "$jobs" ]; do
  log=$out/log.$i
  printf 'fuzz-run: %s #%d: %s execs, %s execs/s, %s\n' "$t" "$i" \
    "$(fuzz_stat "$log" number_of_executed_units)" "$(fuzz_stat "$log" average_exec_per_sec)" \
    "$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE)' "$log" | tail -n 1 | sed 's/^#[0-9]*[[:space:]]*[A-Z]*[[:space:]]*//' | cut -d' ' -f1-6)"
  if fuzz_sanitizer_report "$log"; then
    status=1
    grep -E '^SUMMARY|runtime error:|ERROR:' "$log" | head -n 5 | sed 's/^/  /'
  fi
  i=$((i + 1))
done
echo "fuzz-run: $(find "$out/corpus" -type f | wc -l) inputs in $out/corpus (make fuzz-merge T=$t keeps those that add coverage)"
after=$(find "$out" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
if [ "$status" -ne 0 ] || [ "$after" -gt "$before" ]; then
  echo "fuzz-run: FINDINGS ($((after - before)) new):"
  find "$out" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) |
    sed "s|^|  reproduce: $bin |"
  exit 1
fi
echo "fuzz-run: no finding"
