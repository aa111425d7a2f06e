#!/bin/sh
# make fuzz-coverage [T=TARGET]: line coverage of src/ by each target's
# committed corpus. Each target is built with -fprofile-instr-generate
# -fcoverage-mapping (build/fuzz-cov/) and runs every file of its corpus
# once; llvm-profdata and llvm-cov (llvm-14) report per file. Then the
# parser files (FUZZ_PARSERS) with all targets together, against
# FUZZ_COV_MIN percent. Prints only: never fails on a low figure.
# Usage: scripts/fuzz-coverage.sh TARGET...
set -eu
cd "$(dirname "$0")/.."

profdata=$(command -v llvm-profdata-14 || command -v llvm-profdata)
llvmcov=$(command -v llvm-cov-14 || command -v llvm-cov)
dir=build/fuzz-cov/prof
rm -rf "$dir"
mkdir -p "$dir"

objects=""
for t in "$@"; do
  n=$(find "fuzz/corpus/$t" -type f 2>/dev/null | wc -l)
  [ "$n" -gt 0 ] || { echo "fuzz-coverage: $t has no corpus"; continue; }
  # the files as arguments: each runs once and nothing is written back
  find "fuzz/corpus/$t" -type f -print0 |
    LLVM_PROFILE_FILE="$dir/$t.%p.profraw" xargs -0 "build/fuzz-cov/$t" -timeout=30 \
    >"$dir/$t.log" 2>&1 || {
    echo "fuzz-coverage: $t failed on its corpus:"; tail -n 20 "$dir/$t.log"; exit 1; }
  "$profdata" merge -sparse "$dir/$t".*.profraw -o "$dir/$t.profdata"
  "$llvmcov" export -summary-only -instr-profile="$dir/$t.profdata" "build/fuzz-cov/$t" \
    >"$dir/$t.json"
  objects="$objects $t"
done
[ -n "$objects" ] || exit 0

# all targets together: one profile, every binary
"$profdata" merge -sparse "$dir"/*.profraw -o "$dir/all.profdata"
first=""
more=""
for t in $objects; do
  if [ -z "$first" ]; then first=build/fuzz-cov/$t; else more="$more -object=build/fuzz-cov/$t"; fi
done
# shellcheck disable=SC2086
"$llvmcov" export -summary-only -instr-profile="$dir/all.profdata" "$first" $more >"$dir/all.json"

python3 - "$dir" "${FUZZ_COV_MIN:-90}" "${FUZZ_PARSERS:-}" $objects <<'PY'
import json, os, sys

d, minimum, parsers, targets = sys.argv[1], float(sys.argv[2]), sys.argv[3].split(), sys.argv[4:]
root = os.getcwd() + "/"

def files(path):
    out = {}
    for f in json.load(open(path))["data"][0]["files"]:
        name = f["filename"]
        name = name[len(root):] if name.startswith(root) else name
        if name.startswith("src/"):
            out[name] = f["summary"]["lines"]
    return out

best = {}
for t in targets:
    rows = files(os.path.join(d, t + ".json"))
    n = len(os.listdir("fuzz/corpus/" + t))
    print("fuzz-coverage: %s (%d corpus files)" % (t, n))
    print("  %-24s %6s %7s %7s" % ("file", "lines", "missed", "cover"))
    for name in sorted(rows):
        l = rows[name]
        if l["covered"] == 0:
            continue
        print("  %-24s %6d %7d %6.1f%%" % (name, l["count"], l["count"] - l["covered"],
                                          l["percent"]))
        if name not in best or l["percent"] > best[name][1]:
            best[name] = (t, l["percent"])
    print()

rows = files(os.path.join(d, "all.json"))
print("fuzz-coverage: parser files, all targets' corpora together (goal: %g%% of lines)" % minimum)
print("  %-24s %6s %7s %7s  %s" % ("file", "lines", "missed", "cover", "best single target"))
low = 0
for name in parsers:
    if name not in rows:
        print("  %-24s  (no target links it)" % name)
        continue
    l = rows[name]
    ok = l["percent"] >= minimum
    low += not ok
    b = best.get(name)
    print("  %-24s %6d %7d %6.1f%%  %s%s" % (name, l["count"], l["count"] - l["covered"],
                                             l["percent"], "%s %.1f%%" % b if b else "-",
                                             "" if ok else "   BELOW GOAL"))
print("fuzz-coverage: %d of %d parser files below %g%%" % (low, len(parsers), minimum))
PY
echo "fuzz-coverage: line-by-line: $llvmcov show build/fuzz-cov/TARGET -instr-profile=$dir/TARGET.profdata src/FILE.c"
