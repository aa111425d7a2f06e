#!/usr/bin/env bash
# The peer of bench/check/run.sh: what a shell script with dig does for
# one name, as a hand-rolled fleet check would: the zone's NS set and
# their addresses from the resolver, then the name's CAA from each
# nameserver directly (no recursion, 1 s, one try), and its verdict:
#   NAME ok | NAME will_fail ADDR:REASON...
# Usage: bench/check/peer.sh RESOLVER PORT NAME...
# (the zone: NAME without its first label, as in the bench's zones)
set -uo pipefail
res=${1:?usage: peer.sh RESOLVER PORT NAME...}
port=${2:?usage: peer.sh RESOLVER PORT NAME...}
shift 2
for name in "$@"; do
	zone=${name#*.}
	mapfile -t ns < <(dig +short -p "$port" @"$res" NS "$zone")
	args=()
	for n in "${ns[@]}"; do args+=("$n" A); done
	mapfile -t addrs < <(dig +short -p "$port" @"$res" "${args[@]}")
	args=()
	for a in "${addrs[@]}"; do args+=("$name" CAA @"$a"); done
	bad=""
	# one dig for every server: each answer's status then its SERVER
	# line, or "no servers could be reached"
	out=$(dig -p "$port" +norec +time=1 +tries=1 +noall +comments +stats "${args[@]}" 2>&1)
	i=0 status=""
	while IFS= read -r line; do
		case $line in
		*"status: "*)
			status=${line#*status: }
			status=${status%%,*}
			;;
		";; SERVER: "*)
			[[ $status == NOERROR ]] || bad+=" ${addrs[i]:-?}:$status"
			i=$((i + 1)) status=""
			;;
		*"no servers could be reached"*)
			bad+=" ${addrs[i]:-?}:timeout"
			i=$((i + 1)) status=""
			;;
		esac
	done <<<"$out"
	if [[ -n $bad || ${#addrs[@]} == 0 ]]; then
		echo "$name will_fail${bad:- no-nameserver}"
	else
		echo "$name ok"
	fi
done
