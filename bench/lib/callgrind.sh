# Instructions per message with callgrind, shared by bench/run.sh (DNS
# parsers) and bench/http/run.sh (HTTP parsers). Sourced; it uses the
# caller's OUT, files (the corpus), LIBS, SETS, n_in (messages per set)
# and die.
#
# cg_count BINARY_PREFIX NAME JOBS: runs every job of JOBS (lines "LIB SET
# PASSES", PASSES being 10, 110 or "prof") as
# $OUT/BINARY_PREFIX-LIB -c -n PASSES -k SET under callgrind, as many at
# once as there are CPUs, then writes $OUT/instr.txt: "LIB SET INSTR" per
# line, INSTR = (Ir of 110 passes - Ir of 10 passes) / 100 / messages,
# which cancels start-up costs. A "prof" job counts only inside the
# harness's run_passes, for the per-function profile.

_cg_run() { # PREFIX NAME LIB SET PASSES|prof
	local prefix=$1 name=$2 opt=() passes=$5
	shift 2
	if [[ $3 == prof ]]; then
		opt=(--toggle-collect=run_passes)
		passes=100
	fi
	valgrind --tool=callgrind --dump-instr=yes "${opt[@]}" \
		--callgrind-out-file="$OUT/cg/$1-$2-$3.out" \
		"$OUT/$prefix-$1" -c -n "$passes" -k "$2" "${files[@]}" \
		>"$OUT/cg/$1-$2-$3.log" 2>&1 ||
		{ echo "$name: callgrind failed: $* (see $OUT/cg/$1-$2-$3.log)" >&2; return 1; }
}

cg_count() { # BINARY_PREFIX NAME JOBS
	local prefix=$1 name=$2 jobs=$3 running=0 failed=0 max_jobs lib s n ir10 ir110
	max_jobs=$(nproc)
	while read -r lib s n; do
		_cg_run "$prefix" "$name" "$lib" "$s" "$n" &
		if ((++running >= max_jobs)); then
			wait -n || failed=1
			running=$((running - 1))
		fi
	done <"$jobs"
	while ((running > 0)); do
		wait -n || failed=1
		running=$((running - 1))
	done
	((failed == 0)) || die "callgrind runs failed"

	: >"$OUT/instr.txt"
	for lib in "${LIBS[@]}"; do
		for s in "${SETS[@]}"; do
			((${n_in[$s]} > 0)) || continue
			ir10=$(awk '/^totals:/ { print $2 }' "$OUT/cg/$lib-$s-10.out")
			ir110=$(awk '/^totals:/ { print $2 }' "$OUT/cg/$lib-$s-110.out")
			echo "$lib $s $ir10 $ir110 ${n_in[$s]}" |
				awk '{ printf "%s %s %.1f\n", $1, $2, ($4 - $3) / 100 / $5 }' \
					>>"$OUT/instr.txt"
		done
	done
}
