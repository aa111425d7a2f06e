#!/bin/sh
# make fuzz-merge [T=TARGET]: folds what long runs found
# (fuzz/findings/TARGET/corpus) into the committed corpus with libFuzzer's
# -merge=1, and re-minimizes the machine-found part of it. Named seeds
# (bug classes, captures, findings: any file not named by a 40-digit SHA-1)
# are always kept as they are; SHA-1-named files stay only if they add
# coverage beyond the named seeds and each other (new edges, with the
# Makefile's FUZZ_MERGE_ARGS=-use_counters=0). Prints each corpus's size.
# Usage: scripts/fuzz-merge.sh TARGET...
set -eu
cd "$(dirname "$0")/.."
. scripts/fuzz-common.sh

for t in "$@"; do
  bin=build/fuzz/$t
  corpus=fuzz/corpus/$t
  work=build/fuzz-merge/$t
  rm -rf "$work"
  mkdir -p "$work/keep" "$work/candidates" "$corpus"
  for f in "$corpus"/*; do
    [ -f "$f" ] || continue
    if fuzz_is_seed_name "$f"; then cp "$f" "$work/keep/"; else cp "$f" "$work/candidates/"; fi
  done
  before_files=$(find "$corpus" -type f | wc -l)
  nkeep=$(find "$work/keep" -type f | wc -l)
  # shellcheck disable=SC2086
  if ! "$bin" -merge=1 -timeout=10 -rss_limit_mb=2048 ${FUZZ_MERGE_ARGS:-} ${FUZZ_ARGS:-} \
      -merge_control_file="$work/control" "$work/keep" "$work/candidates" \
      $( [ -d "fuzz/findings/$t/corpus" ] && echo "fuzz/findings/$t/corpus" ) \
      >"$work/log" 2>&1; then
    echo "fuzz-merge: $t: libFuzzer failed, see $work/log"
    tail -n 20 "$work/log"
    exit 1
  fi
  # the SHA-1-named files now in keep/ replace those in the corpus
  for f in "$corpus"/*; do
    [ -f "$f" ] && ! fuzz_is_seed_name "$f" && rm -f "$f"
  done
  for f in "$work/keep"/*; do
    [ -f "$f" ] && ! fuzz_is_seed_name "$f" && cp "$f" "$corpus/"
  done
  after_files=$(find "$corpus" -type f | wc -l)
  printf 'fuzz-merge: %-22s %d named seeds + %d found = %d files (was %d), %s\n' "$t" \
    "$nkeep" "$((after_files - nkeep))" "$after_files" "$before_files" \
    "$(du -s --apparent-size -k "$corpus" | cut -f1) KB"
done
total=$(du -s --apparent-size -k fuzz/corpus | cut -f1)
echo "fuzz-merge: fuzz/corpus holds $total KB"
[ "$total" -le 1024 ] || echo "fuzz-merge: WARNING: over 1 MB; keep the corpus small for git"
