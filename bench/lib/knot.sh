# shellcheck shell=bash
# A Knot of a bench's own: knotd in the foreground of the bench (never
# daemonized), found again by its pid and checked by its command line
# (which names our config), on the first free loopback port of a range.
# Sourced by bench/resolver/run.sh and bench/caa/run.sh, never run.
#
# The bench sets BENCH (its name and message prefix: bench-caa) and
# defines die MESSAGE (exits 2), before it calls:
#
#   knot_workdir            TMP=/tmp/acmeprobe-BENCH.XXXXXX (the config,
#                           the zones, knotd's rundir, db and log); on exit
#                           (and INT, TERM) knotd is stopped, its log
#                           copied to $OUT/knotd.log and TMP removed
#   knot_start PORT0 WRITE_CONF READY [HINT]
#                           for each port P of PORT0..PORT0+99: skipped if
#                           another run holds its lock file
#                           /tmp/acmeprobe-BENCH.P.lock (held by knotd itself,
#                           fd 9, as long as it runs) or if something
#                           listens on it; else WRITE_CONF P writes
#                           $TMP/knotd.conf, knotd starts (log in
#                           $TMP/knotd.log) and READY P is tried every 0.2 s
#                           (up to ~30 s for the zones to load). Sets PORT
#                           and KNOT_PID. Dies if knotd does not answer
#                           (HINT is added to the message) or no port is free;
#                           a port knotd cannot bind is passed over.
#   knot_alive              is KNOT_PID still the knotd we started?
#   knot_stop               TERM, 5 s of grace, then KILL; waits for it
#   knot_cpu_ticks          knotd's user+sys CPU so far, in clock ticks
#   port_busy PORT          does anything listen on PORT (UDP or TCP)?

KNOT_PID=
knot_alive() {
	[[ -n $KNOT_PID && -r /proc/$KNOT_PID/cmdline ]] || return 1
	local cmd
	cmd=$(tr '\0' ' ' <"/proc/$KNOT_PID/cmdline" 2>/dev/null) || return 1
	[[ $cmd == *"knotd -c $TMP/knotd.conf"* ]]
}
knot_stop() {
	local i
	if knot_alive; then
		kill -TERM "$KNOT_PID" 2>/dev/null || true
		for i in $(seq 50); do
			knot_alive || break
			sleep 0.1
		done
		if knot_alive; then
			echo "$BENCH: knotd (pid $KNOT_PID) ignored TERM, sending KILL" >&2
			kill -KILL "$KNOT_PID" 2>/dev/null || true
		fi
	fi
	[[ -z $KNOT_PID ]] || wait "$KNOT_PID" 2>/dev/null || true
	KNOT_PID=
}
knot_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$KNOT_PID/stat"; }
port_busy() { [[ -n $(ss -Hlntu "( sport = :$1 )" 2>/dev/null) ]]; }

# shellcheck disable=SC2317  # called by the trap
_knot_cleanup() {
	knot_stop
	[[ -f $TMP/knotd.log ]] && cp "$TMP/knotd.log" "$OUT/knotd.log" 2>/dev/null
	rm -rf "$TMP"
}
knot_workdir() {
	TMP=$(mktemp -d "/tmp/acmeprobe-$BENCH.XXXXXX")
	trap _knot_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

knot_start() {
	local port0=$1 write_conf=$2 ready=$3 hint=${4:-} p i
	PORT=
	for ((p = port0; p < port0 + 100; p++)); do
		# a lock per port, held by knotd itself (fd 9), against a second run
		exec 9>"/tmp/acmeprobe-$BENCH.$p.lock"
		if ! flock -n 9 || port_busy "$p"; then
			exec 9>&-
			continue
		fi
		"$write_conf" "$p"
		knotd -c "$TMP/knotd.conf" >"$TMP/knotd.log" 2>&1 &
		KNOT_PID=$!
		exec 9>&-
		for ((i = 0; i < 150; i++)); do # up to ~30 s for the zones to load
			knot_alive || [[ $i -lt 5 ]] || break
			if "$ready" "$p"; then
				PORT=$p
				break
			fi
			sleep 0.2
		done
		[[ -n $PORT ]] && break
		tail -n 5 "$TMP/knotd.log" >&2 || true
		knot_stop
		grep -q -i 'address already in use\|failed to bind' "$TMP/knotd.log" ||
			die "Knot did not answer on 127.0.0.1:$p within 30 s (log above${hint:+; $hint})"
	done
	[[ -n $PORT ]] || die "no free port in $port0..$((port0 + 99))"
}
