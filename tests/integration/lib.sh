# shellcheck shell=bash
# The plumbing the integration suites share; every check stays in its
# suite. Sourced, never run, at the top of a suite (after `set -euo
# pipefail`):
#
#     . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# It changes to the repository's root and sets ROOT, ACMEPROBE (default
# ./acmeprobe), PY, FAULTDNS and T0 (the start, for check_elapsed).
#
# Counting:
#   ok MSG / not_ok MSG     one "ok - MSG" / "not ok - MSG" line, counted
#   diag FILE...            the files as "# " lines
#   finish                  the last line, "N passed, M failed"; exits 1 if
#                           anything failed, 0 otherwise
#   check_elapsed LIMIT     ok if the suite took less than LIMIT seconds
# The work directory:
#   work_dir NAME           WORK=/tmp/acmeprobe-NAME.XXXXXX, removed on exit
#                           (KEEP=1 keeps it); traps EXIT, INT and TERM
#   at_exit 'COMMAND'       COMMAND is evaluated on exit (the last
#                           registered first), before WORK is removed
#   copy_binary             not ok and finish if ACMEPROBE is not built;
#                           else every check runs one copy of it in WORK,
#                           so a rebuild during the run cannot change it
# Servers:
#   start_servers MSG       Knot and Unbound (tests/support/servers.sh) in
#                           WORK/servers, stopped on exit; sources their
#                           ports.env (KNOT_PORT, UNBOUND_PORT); not ok MSG,
#                           the log, and finish if they do not start
#   start_faultdns TAG ARGS...  faultdns.py in the background (stdout in
#                           WORK/TAG.out, query log in WORK/TAG.log), stopped
#                           on exit; waits for "ready", sets PORT; returns 1
#                           if it does not come up within 5 s
#   stop_pid PID            TERM, a short grace, then KILL (our children)
#   PIDS                    background processes started by the suite
#                           (start_faultdns adds its own): TERM on exit
#   count TAG PATTERN       how many query lines of faultdns TAG match (-E)
# Running acmeprobe and judging what it printed:
#   run ARGS...             acmeprobe ARGS with a RUN_TIMEOUT s limit (20),
#                           stdin from STDIN (/dev/null); stdout in WORK/out,
#                           stderr in WORK/err, status in RC, wall time in
#                           WALL_MS, the command (for the report) in CMD
#   why MSG                 a failed extra condition for the next expect
#   max_ms LIMIT            why, unless the last run took < LIMIT ms
#   expect DESC RC [--lines] [ASSERTION...]  ok if the last run exited RC,
#                           every assertion on its JSON holds (checkjson.py;
#                           --lines: JSON Lines) and no why was given; else
#                           not ok and show_failure (command, exit, wall
#                           time, the whys, SHOW_STDOUT octets of stdout
#                           (2000), 1500 of stderr)
#   json_helpers <<'EOF'    the suite's Python helpers for its assertions
#                           (decided(), codes(), rr(), ...): see checkjson.py

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT" || exit 1
ACMEPROBE=${ACMEPROBE:-./acmeprobe}
PY=/usr/bin/python3
FAULTDNS=tests/support/faultdns.py
T0=$(date +%s)

# ---- counting ---------------------------------------------------------------

pass=0
fail=0
ok() { echo "ok - $*"; pass=$((pass + 1)); }
not_ok() { echo "not ok - $*"; fail=$((fail + 1)); }
diag() { sed 's/^/# /' "$@"; }
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -ne 0 ] || exit 0
	exit 1
}
check_elapsed() {
	local elapsed=$(($(date +%s) - T0))
	if [ $elapsed -lt "$1" ]; then
		ok "the whole test took ${elapsed}s (< $1 s)"
	else
		not_ok "the whole test took ${elapsed}s (want < $1 s)"
	fi
}

# ---- the work directory -----------------------------------------------------

WORK=
_AT_EXIT=()
at_exit() { _AT_EXIT+=("$1"); }
# shellcheck disable=SC2317 # (called by the trap)
_lib_cleanup() {
	local rc=$? i
	for ((i = ${#_AT_EXIT[@]} - 1; i >= 0; i--)); do
		eval "${_AT_EXIT[i]}" || true
	done
	if [ -n "$WORK" ]; then
		if [ "${KEEP:-0}" = 1 ]; then
			echo "# work directory kept: $WORK"
		else
			rm -rf "$WORK"
		fi
	fi
	exit "$rc"
}
work_dir() {
	WORK=$(mktemp -d "/tmp/acmeprobe-$1.XXXXXX")
	: >"$WORK/why"
	trap _lib_cleanup EXIT
	trap 'exit 130' INT TERM
}
copy_binary() {
	if [ ! -x "$ACMEPROBE" ]; then
		not_ok "$ACMEPROBE is not built (make acmeprobe)"
		finish
	fi
	cp "$ACMEPROBE" "$WORK/acmeprobe"
	ACMEPROBE=$WORK/acmeprobe
}

# ---- servers ----------------------------------------------------------------

start_servers() {
	# shellcheck disable=SC2016 # (expanded on exit)
	at_exit 'tests/support/servers.sh stop "$WORK/servers" >/dev/null 2>&1'
	if ! tests/support/servers.sh start "$WORK/servers" >"$WORK/start.log" 2>&1; then
		not_ok "$1"
		diag "$WORK/start.log"
		finish
	fi
	# shellcheck disable=SC1091
	. "$WORK/servers/ports.env"
}

PIDS=()
# shellcheck disable=SC2317 # (called on exit)
_stop_faultdns() {
	local p
	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	for p in "${PIDS[@]}"; do
		wait "$p" 2>/dev/null || true
	done
}
at_exit _stop_faultdns
start_faultdns() {
	local tag=$1 _
	shift
	$PY "$FAULTDNS" --lifetime 90 "$@" >"$WORK/$tag.out" 2>"$WORK/$tag.log" &
	PIDS+=($!)
	for _ in $(seq 50); do
		if grep -qx ready "$WORK/$tag.out" 2>/dev/null; then
			# shellcheck disable=SC2034 # (for the suite)
			PORT=$(sed -n 's/^port //p' "$WORK/$tag.out")
			return 0
		fi
		sleep 0.1
	done
	return 1
}
stop_pid() {
	local pid=$1 _
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null || true
	for _ in $(seq 30); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}
count() { grep -cE "faultdns: query .*$2" "$WORK/$1.log" || true; }

# ---- running acmeprobe and judging what it printed --------------------------

STDIN=/dev/null
RUN_TIMEOUT=20
SHOW_STDOUT=2000
run() {
	local t1 t2
	CMD="acmeprobe $*"
	[ "$STDIN" = /dev/null ] || CMD="$CMD < $(basename "$STDIN")"
	t1=$(date +%s%N)
	RC=0
	timeout "$RUN_TIMEOUT" "$ACMEPROBE" "$@" >"$WORK/out" 2>"$WORK/err" <"$STDIN" || RC=$?
	t2=$(date +%s%N)
	WALL_MS=$(((t2 - t1) / 1000000))
}
why() { echo "$*" >>"$WORK/why"; }
max_ms() { [ "$WALL_MS" -lt "$1" ] || why "wall time: want < $1 ms, got $WALL_MS ms"; }
json_helpers() { cat >"$WORK/checkjson-env.py"; }
show_failure() {
	echo "#   command: $CMD"
	echo "#   exit: $RC, wall time: ${WALL_MS} ms"
	[ ! -s "$WORK/why" ] || sed 's/^/#   /' "$WORK/why"
	# (sed '$a\': a cut last line still ends with a newline)
	# shellcheck disable=SC1003
	[ ! -s "$WORK/out" ] || head -c "$SHOW_STDOUT" "$WORK/out" | sed -e 's/^/#   stdout: /' -e '$a\'
	# shellcheck disable=SC1003
	[ ! -s "$WORK/err" ] || head -c 1500 "$WORK/err" | sed -e 's/^/#   stderr: /' -e '$a\'
}
expect() {
	local desc=$1 want=$2 opts=()
	shift 2
	[ "$RC" = "$want" ] || why "exit status: want $want, got $RC"
	if [ $# -gt 0 ]; then
		[ ! -e "$WORK/checkjson-env.py" ] || opts+=(--env "$WORK/checkjson-env.py")
		if [ "$1" = --lines ]; then
			opts+=(--lines)
			shift
		fi
		$PY tests/integration/checkjson.py "${opts[@]}" "$WORK/out" "$@" >>"$WORK/why" || true
	fi
	if [ -s "$WORK/why" ]; then
		not_ok "$desc"
		show_failure
	else
		ok "$desc"
	fi
	: >"$WORK/why"
}
