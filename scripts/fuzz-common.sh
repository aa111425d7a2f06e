# Sourced by scripts/fuzz-*.sh: where a target's binary, corpus and
# dictionary are. Run from the repository root.

# fuzz_dict TARGET: prints "-dict=PATH" when the target has a dictionary:
# fuzz/TARGET.dict, else the one FUZZ_DICTS ("target=name ...", set by the
# Makefile) maps it to; prints nothing when there is none.
fuzz_dict() {
  if [ -f "fuzz/$1.dict" ]; then
    echo "-dict=fuzz/$1.dict"
    return
  fi
  for pair in ${FUZZ_DICTS:-}; do
    if [ "${pair%%=*}" = "$1" ] && [ -f "fuzz/${pair#*=}.dict" ]; then
      echo "-dict=fuzz/${pair#*=}.dict"
      return
    fi
  done
}

# fuzz_sanitizer_report LOG: true when the log holds a sanitizer or
# libFuzzer error report (a belt to the exit status's braces).
fuzz_sanitizer_report() {
  grep -qE '^==[0-9]+==ERROR:|runtime error:|^SUMMARY: (Address|Undefined|Leak)Sanitizer|ERROR: libFuzzer|^==[0-9]+== ERROR: libFuzzer' "$1"
}

# fuzz_stat LOG NAME: the value of "stat::NAME:" in a -print_final_stats log.
fuzz_stat() {
  sed -n "s/^stat::$2: *//p" "$1" | tail -n 1
}

# fuzz_is_seed_name FILE: named seeds (bug classes, captures) are kept by
# merges; files named by their SHA-1 (what -merge=1 writes) are not.
fuzz_is_seed_name() {
  _b=${1##*/}
  if [ ${#_b} -eq 40 ] && [ -z "$(printf %s "$_b" | tr -d '0-9a-f')" ]; then
    return 1
  fi
  return 0
}
