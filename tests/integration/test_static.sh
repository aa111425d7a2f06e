#!/usr/bin/env bash
# The static binaries need nothing at run time: `make static` (glibc +
# OpenSSL) and `make tiny` (musl, TLS=0) are each copied alone into an
# empty directory and run chrooted there (no /etc, /lib, /proc, /dev: no
# resolv.conf, no NSS module, no shared library, no openssl.cnf), against
# servers on loopback outside it:
#
#   - query and caa against Knot and Unbound (tests/support/servers.sh),
#     the resolver given with --resolver or @ADDR; without either, a clear
#     error about /etc/resolv.conf, not a crash
#   - http01 against python3 -m http.server serving a token file, by name
#     (loopback.http01.test.); and a redirect to https
#     (tests/support/http01_server.py): static makes the TLS hop in the
#     jail, tiny reports it as tls_error "built without TLS"; http01
#     127.0.0.1: static validates the IP address identifier, tiny says it
#     takes none (exit 2)
#   - tlsalpn01 127.0.0.1 against that TLS server (which offers no ALPN):
#     static makes the handshake (no_alpn), tiny says it needs TLS (exit 2)
#
# plus, outside the jail: both are static ELF files (no interpreter, no
# dynamic section) within their budgets (tiny <= 150 KiB; static <= its
# TLS floor, build/static/floor-tls, + 256 KiB), --version says whether TLS is in, none of our objects
# calls getaddrinfo, gethostbyname, getpwnam, dlopen and the like (the
# NSS and dlopen code that OpenSSL's static libcrypto drags into `make
# static` is listed as "# ..." lines: linked, never called), and the
# dynamic ./acmeprobe cannot even start in such a directory (the control).
#
# A flavour is skipped (an "ok ... skipped" line says why) only when it
# cannot be built on this machine: no static libc/libssl/libcrypto for
# static, no musl-gcc for tiny. Needs root (chroot), or user namespaces
# (unshare -r). About 20 s, most of it the two builds.
set -euo pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
MAKE=${MAKE:-make}
# (the web servers' PIDs go to lib.sh's PIDS, stopped on exit)
work_dir static
# shellcheck disable=SC2016 # (expanded on exit)
at_exit 'tests/support/servers.sh stop "$WORK/servers" >/dev/null 2>&1'

# ---- 1. the builds ---------------------------------------------------------

CC_=${CC:-cc}
have_static_lib() {
	local p
	p=$($CC_ -print-file-name="$1" 2>/dev/null) || return 1
	case "$p" in /*) [ -f "$p" ] ;; *) return 1 ;; esac
}
FLAVOURS=()
missing=""
for lib in libc.a libssl.a libcrypto.a; do
	have_static_lib "$lib" || missing="$missing $lib"
done
if [ -n "$missing" ]; then
	ok "static: skipped (no static$missing for $CC_: make static is impossible here)"
elif $MAKE -s static >"$WORK/make-static.log" 2>&1; then
	ok "make static"
	FLAVOURS+=(static)
else
	not_ok "make static"
	diag "$WORK/make-static.log"
fi
if ! command -v musl-gcc >/dev/null 2>&1; then
	ok "tiny: skipped (no musl-gcc: scripts/deps.sh test installs musl-tools)"
elif $MAKE -s tiny >"$WORK/make-tiny.log" 2>&1; then
	ok "make tiny"
	FLAVOURS+=(tiny)
else
	not_ok "make tiny"
	diag "$WORK/make-tiny.log"
fi
[ ${#FLAVOURS[@]} -gt 0 ] || finish

# ---- 2. the files, outside the jail ----------------------------------------

# Functions that need NSS (or a shared library) in a static glibc binary.
NSS_RE='^(getaddrinfo|getnameinfo|gethostbyname[0-9_r]*|gethostbyaddr[_r]*|getpw(nam|uid|ent)[_r]*|getgr(nam|gid|ent)[_r]*|getserv(byname|byport)[_r]*|getprotobyname[_r]*|getifaddrs|res_n?(init|query|search)|__res_[a-z]*|dlopen|dlsym|iconv_open)$'
for f in "${FLAVOURS[@]}"; do
	bin=build/$f/acmeprobe
	if readelf -lW "$bin" 2>/dev/null | grep -q 'INTERP' ||
		readelf -dW "$bin" 2>/dev/null | grep -q 'NEEDED'; then
		not_ok "$f: $bin has a program interpreter or needs shared libraries"
		readelf -lW "$bin" | grep -E 'INTERP|interpreter' | diag /dev/stdin
	else
		ok "$f: static ELF, no program interpreter, no shared library ($(stat -c %s "$bin") bytes)"
	fi
	# the budgets, kept here so that a change that outgrows one fails make
	# test (make size says what takes the space): tiny <= 150 KiB; static
	# <= its TLS floor + 256 KiB (build/static/floor-tls, built here if
	# missing: a bare TLS client from the same flags and archives, what
	# glibc and OpenSSL cost before any code of ours; scripts/size-floor-tls.c)
	if [ "$f" = static ]; then
		if $MAKE -s build/static/floor-tls >"$WORK/make-floor.log" 2>&1; then
			sz=$(stat -c %s "$bin")
			floor=$(stat -c %s build/static/floor-tls)
			max=$((floor + 256 * 1024))
			if [ "$sz" -le "$max" ]; then
				ok "static: $sz bytes, the TLS floor $floor + $((sz - floor)), within floor + 256 KiB ($((max - sz)) to spare)"
			else
				not_ok "static: $sz bytes, the TLS floor $floor + $((sz - floor)), over floor + 256 KiB by $((sz - max)) (see make size)"
			fi
		else
			not_ok "make build/static/floor-tls (the floor of the static budget)"
			diag "$WORK/make-floor.log"
		fi
	fi
	if [ "$f" = tiny ]; then
		sz=$(stat -c %s "$bin")
		if [ "$sz" -le $((150 * 1024)) ]; then
			ok "tiny: $sz bytes, within the 150 KiB budget ($((150 * 1024 - sz)) to spare)"
		else
			not_ok "tiny: $sz bytes, over the 150 KiB budget by $((sz - 150 * 1024)) (see make size)"
		fi
	fi
	# what our own objects call
	bad=$(find "build/$f/obj" -name '*.o' -print0 | xargs -0 nm -u --format=just-symbols 2>/dev/null |
		grep -E "$NSS_RE" | sort -u | tr '\n' ' ' || true)
	if [ -z "$bad" ]; then
		ok "$f: no object of ours calls getaddrinfo, gethostbyname, getpwnam, dlopen..."
	else
		not_ok "$f: our objects call $bad"
	fi
	# what the libraries linked in (the map's "Archive member included"
	# list: member, then the file and symbol that pulled it in)
	$PY - "$bin.map" >"$WORK/pulled" <<'PYEOF' || true
import re, sys
lines = open(sys.argv[1]).read().split("\n")
try:
    i = lines.index("Archive member included to satisfy reference by file (symbol)")
except ValueError:
    sys.exit(0)
why = {}
j = i + 2
while j + 1 < len(lines) and lines[j].strip():
    if not lines[j].startswith(" "):
        m = re.match(r"\s*(\S+) \((.*)\)", lines[j + 1])
        if m:
            why[lines[j].strip().split("/")[-1]] = (m.group(1).split("/")[-1], m.group(2))
        j += 2
    else:
        j += 1
nss = re.compile(r"\((getaddrinfo|gethstbynm|getnameinfo|nsswitch|nss_|dl-open|dl-libc|sdlopen|dlopen|getpw|getgr|getsrvbynm)")
for mem in sorted(why):
    # the entry points only: members pulled in by a library other than libc
    if nss.search(mem) and not why[mem][0].startswith("libc.a("):
        chain, x, seen = [], mem, set()
        while x in why and x not in seen:
            seen.add(x)
            ref, sym = why[x]
            chain.append("%s <- %s in %s" % (x, sym, ref))
            x = ref
        print(" <- ".join([chain[0]] + [c.split(" <- ", 1)[1] for c in chain[1:]]))
PYEOF
	if [ -s "$WORK/pulled" ] && [ "$f" = tiny ]; then
		not_ok "tiny: NSS or dlopen code linked"
		diag "$WORK/pulled"
	elif [ -s "$WORK/pulled" ]; then
		echo "# $f: linked, never called (pulled in by OpenSSL's static libraries):"
		diag "$WORK/pulled"
	fi
	out=$("$bin" --version 2>&1) || true
	want="TLS: yes"
	[ "$f" = tiny ] && want="TLS: no"
	case "$out" in
	*"$want"*) ok "$f: --version says '$want'" ;;
	*) not_ok "$f: --version says '$out', want '$want'" ;;
	esac
done

# ---- 3. the jails ----------------------------------------------------------

# jail_run DIR ARGS...: /acmeprobe ARGS in DIR as its root, empty
# environment; stdout to $WORK/out, stderr to $WORK/err; its exit status.
CHROOT_BIN=$(command -v chroot || echo /usr/sbin/chroot)
if [ "$(id -u)" -eq 0 ]; then
	CHROOT=("$CHROOT_BIN")
elif unshare -r true 2>/dev/null; then
	CHROOT=("$(command -v unshare)" -r "$CHROOT_BIN")
else
	not_ok "neither root nor user namespaces: cannot chroot"
	finish
fi
TIMEOUT=$(command -v timeout)
jail_run() {
	local dir=$1 rc=0
	shift
	env -i "$TIMEOUT" 30 "${CHROOT[@]}" "$dir" /acmeprobe "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
	return $rc
}
make_jail() {
	rm -rf "$WORK/jail-$1"
	mkdir "$WORK/jail-$1"
	cp "$2" "$WORK/jail-$1/acmeprobe"
	echo "$WORK/jail-$1"
}

# The control: a dynamically linked binary does not even start there.
if [ -x "$ACMEPROBE" ] && readelf -lW "$ACMEPROBE" 2>/dev/null | grep -q INTERP; then
	J=$(make_jail dynamic "$ACMEPROBE")
	rc=0
	jail_run "$J" --version || rc=$?
	if [ $rc -eq 127 ] && grep -q "/acmeprobe" "$WORK/err"; then
		ok "control: the dynamic $ACMEPROBE cannot run alone in a directory ($(head -n1 "$WORK/err"))"
	else
		not_ok "control: the dynamic $ACMEPROBE ran alone in a directory: the jail is no jail"
	fi
fi

# check WHAT WANT_EXIT ASSERTIONS DIR -- ARGS...: runs acmeprobe ARGS in the
# jail DIR, asserts the exit status, then the Python assertions (";;"
# separated) with `j` bound to the JSON of stdout.
check() {
	local what=$1 want=$2 asserts=$3 dir=$4 rc=0
	shift 5
	jail_run "$dir" "$@" || rc=$?
	if [ "$rc" -ne "$want" ]; then
		not_ok "$what: exit $rc, want $want"
		diag "$WORK/out" "$WORK/err" | head -20
		return
	fi
	if [ -z "$asserts" ]; then
		ok "$what"
		return
	fi
	if $PY - "$WORK/out" "$asserts" >"$WORK/py" 2>&1 <<'PYEOF'
import json, sys
j = json.load(open(sys.argv[1]))
def datas(section): return [r["data"] for r in j[section]]
for line in sys.argv[2].split(";;"):
    line = line.strip()
    if line and not eval(line):
        print("failed: " + line)
        print(json.dumps(j)[:1500])
        sys.exit(1)
PYEOF
	then
		ok "$what"
	else
		not_ok "$what"
		diag "$WORK/py"
	fi
}

free_port() {
	$PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_port() {
	for _ in $(seq 50); do
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# Three tries. servers.sh takes the first pair of ports nobody listens on,
# but Knot cannot bind a TCP port that a closed connection still holds
# (TIME-WAIT, 60 s after an earlier run): the later tries name a pair that
# no socket uses at all.
quiet_pair() {
	local k
	for k in $(seq 53530 2 53568); do
		# no socket in any state on either port, no test bed's lock held
		[ -z "$(ss -Htanu "( sport = :$k or sport = :$((k + 1)) )" 2>/dev/null)" ] || continue
		flock -n "/tmp/acmeprobe-testbed.$k.lock" true 2>/dev/null || continue
		echo "$k"
		return
	done
}
started=0
for try in 1 2 3; do
	port=
	[ $try = 1 ] || port=$(quiet_pair)
	if KNOT_PORT=${port:-${KNOT_PORT:-}} tests/support/servers.sh start "$WORK/servers" \
		>"$WORK/servers.log" 2>&1; then
		started=1
		break
	fi
	tests/support/servers.sh stop "$WORK/servers" >/dev/null 2>&1 || true
	sleep 1
done
if [ $started = 0 ]; then
	not_ok "servers.sh start"
	diag "$WORK/servers.log"
	finish
fi
# shellcheck disable=SC1091
. "$WORK/servers/ports.env"
KNOT=127.0.0.1:$KNOT_PORT
UNBOUND=127.0.0.1:$UNBOUND_PORT

# A plain web server: python3's http.server serving a token file.
TOKEN=jail-token_0123456789
KA=$TOKEN.thumbprint
mkdir -p "$WORK/webroot/.well-known/acme-challenge"
printf '%s' "$KA" >"$WORK/webroot/.well-known/acme-challenge/$TOKEN"
HTTP_PORT=$(free_port)
$PY -m http.server --bind 127.0.0.1 --directory "$WORK/webroot" "$HTTP_PORT" \
	>"$WORK/http.log" 2>&1 &
PIDS+=($!)
# http01_server.py: a redirect to https, and the TLS server it points to.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
	-subj /CN=127.0.0.1 -keyout "$WORK/key.pem" -out "$WORK/cert.pem" >/dev/null 2>&1
REDIR_PORT=$(free_port)
TLS_PORT=$(free_port)
$PY tests/support/http01_server.py --listen "127.0.0.1,$REDIR_PORT,plain,good" \
	--listen "127.0.0.1,$TLS_PORT,tls,good" --cert "$WORK/cert.pem" --key "$WORK/key.pem" \
	--lifetime 280 >"$WORK/https.log" 2>&1 &
PIDS+=($!)
if wait_port "$HTTP_PORT" && wait_port "$REDIR_PORT" && wait_port "$TLS_PORT"; then
	ok "web servers on 127.0.0.1 ports $HTTP_PORT (http.server), $REDIR_PORT and $TLS_PORT (http01_server.py)"
else
	not_ok "web servers did not start"
	diag "$WORK/http.log" "$WORK/https.log"
fi

for f in "${FLAVOURS[@]}"; do
	J=$(make_jail "$f" "build/$f/acmeprobe")
	if [ "$(ls -A "$J")" = acmeprobe ]; then
		ok "$f: the jail holds the binary and nothing else"
		check "$f: --version in the jail" 0 '' "$J" -- --version
	else
		not_ok "$f: the jail holds $(ls -A "$J" | tr '\n' ' ')"
	fi
	check "$f: query @Knot over UDP in the jail" 0 \
		'j["rcode"] == "NOERROR" ;; datas("answer") == ["0 issue \"letsencrypt.org\""] ;; j["transport"] == "udp" ;; j["server"] == "'"$KNOT"'"' \
		"$J" -- query caa1.test CAA "@$KNOT" --json
	check "$f: query @Knot over TCP in the jail" 0 \
		'j["transport"] == "tcp" ;; datas("answer") == ["0 issue \"letsencrypt.org\""]' \
		"$J" -- query caa1.test CAA "@$KNOT" --tcp --json
	check "$f: query through Unbound (--resolver, no resolv.conf)" 0 \
		'j["rcode"] == "NOERROR" ;; "ra" in j["flags"] ;; datas("answer") == ["0 issue \"letsencrypt.org\""]' \
		"$J" -- query caa1.test CAA --resolver "$UNBOUND" --json
	check "$f: caa, permitted (exit 0)" 0 \
		'j["permitted"] is True ;; j["relevant_name"] == "caa1.test." ;; j["error"] is None' \
		"$J" -- caa caa1.test --resolver "$UNBOUND" --json
	check "$f: caa, forbidden by a parent's record (exit 1)" 1 \
		'j["permitted"] is False ;; j["relevant_name"] == "child.strict.caa.test."' \
		"$J" -- caa child.strict.caa.test --resolver "$UNBOUND" --json
	rc=0
	printf 'caa1.test\nchild.strict.caa.test\nother-ca.caa.test\n' |
		jail_run "$J" caa --batch --resolver "$UNBOUND" || rc=$?
	got=$($PY -c 'import json, sys; print(" ".join(str(json.loads(l)["permitted"]) for l in open(sys.argv[1])))' \
		"$WORK/out" 2>&1) || true
	if [ $rc -eq 1 ] && [ "$got" = "True False False" ]; then
		ok "$f: caa --batch from stdin: three JSON lines, exit 1"
	else
		not_ok "$f: caa --batch: exit $rc, permitted: $got (want 1 and True False False)"
		diag "$WORK/out" "$WORK/err"
	fi
	# --file of a file the jail does not have
	rc=0
	jail_run "$J" caa --batch --file /names --resolver "$UNBOUND" || rc=$?
	if { [ $rc -eq 64 ] || [ $rc -eq 2 ]; } && grep -q '/names' "$WORK/err"; then
		ok "$f: caa --batch --file of a file the jail lacks: exit $rc, '$(head -n1 "$WORK/err")'"
	else
		not_ok "$f: caa --batch --file /names: exit $rc (want 64 or 2, and a message)"
		diag "$WORK/err"
	fi
	# without --resolver there is no /etc/resolv.conf to read: an error
	# that says so, not a crash
	rc=0
	jail_run "$J" caa caa1.test || rc=$?
	if [ $rc -ne 0 ] && [ $rc -lt 128 ] && grep -q 'resolv.conf' "$WORK/err"; then
		ok "$f: caa without --resolver: exit $rc, '$(head -n1 "$WORK/err")'"
	else
		not_ok "$f: caa without --resolver and without /etc/resolv.conf: exit $rc"
		diag "$WORK/out" "$WORK/err"
	fi
	check "$f: http01 by name against http.server (exit 0)" 0 \
		'j["valid"] is True ;; j["attempts"][0]["outcome"] == "ok" ;; j["attempts"][0]["http_status"] == 200 ;; j["attempts"][0]["port"] == '"$HTTP_PORT" \
		"$J" -- http01 loopback.http01.test --token "$TOKEN" --key-authorization "$KA" \
		--http-port "$HTTP_PORT" --resolver "$UNBOUND" --json
	check "$f: http01, a wrong key authorization (exit 1)" 1 \
		'j["valid"] is False ;; j["attempts"][0]["http_status"] == 200' \
		"$J" -- http01 loopback.http01.test --token "$TOKEN" --key-authorization wrong.thumb \
		--http-port "$HTTP_PORT" --resolver "$UNBOUND" --json
	if [ "$f" = tiny ]; then
		check "tiny: http01 redirected to https: tls_error 'built without TLS', no crash" 2 \
			'j["valid"] is False ;; [a["outcome"] for a in j["attempts"]] == ["ok", "tls_error"] ;; "without TLS" in j["attempts"][1]["detail"] ;; j["problem"]["type"].endswith(":tls")' \
			"$J" -- http01 loopback.http01.test --token tohttps --key-authorization ok.thumb \
			--http-port "$REDIR_PORT" --https-port "$TLS_PORT" --resolver "$UNBOUND" --json
		# make tiny takes no IP address identifier (ACMEPROBE_IP=0), and says so
		rc=0
		jail_run "$J" http01 127.0.0.1 --token "$TOKEN" --http-port "$HTTP_PORT" \
			--resolver "$UNBOUND" || rc=$?
		if [ $rc -eq 2 ] && [ ! -s "$WORK/out" ] &&
			grep -q "IP addresses are not built in" "$WORK/err"; then
			ok "tiny: http01 127.0.0.1 says IP addresses are not built in (exit 2)"
		else
			not_ok "tiny: http01 127.0.0.1: exit $rc, want 2 and 'not built in'"
			diag "$WORK/out" "$WORK/err"
		fi
		# ...nor does its caa (R-IP-4 needs R-IP-1's parser first)
		rc=0
		jail_run "$J" caa 127.0.0.1 --resolver "$UNBOUND" || rc=$?
		if [ $rc -eq 2 ] && [ ! -s "$WORK/out" ] &&
			[ "$(cat "$WORK/err")" = "acmeprobe caa: 127.0.0.1: IP addresses are not built in" ]; then
			ok "tiny: caa 127.0.0.1 says IP addresses are not built in (exit 2)"
		else
			not_ok "tiny: caa 127.0.0.1: exit $rc, want 2 and 'not built in'"
			diag "$WORK/out" "$WORK/err"
		fi
		rc=0
		printf '127.0.0.1\ncaa1.test\n' | jail_run "$J" caa --batch --resolver "$UNBOUND" || rc=$?
		got=$($PY -c 'import json, sys; print([[o["permitted"], (o["error"] or {}).get("detail")] for o in map(json.loads, open(sys.argv[1]))])' \
			"$WORK/out" 2>&1) || true
		if [ $rc -eq 2 ] && [ "$got" = "[[None, 'IP addresses are not built in'], [True, None]]" ]; then
			ok "tiny: caa --batch, an address line: 'IP addresses are not built in', the name after it decided (exit 2)"
		else
			not_ok "tiny: caa --batch, an address line: exit $rc, got $got"
			diag "$WORK/err"
		fi
		rc=0
		jail_run "$J" tlsalpn01 127.0.0.1 --key-authorization ok.thumb --port "$TLS_PORT" || rc=$?
		if [ $rc -eq 2 ] && grep -q "tls-alpn-01 needs TLS" "$WORK/err"; then
			ok "tiny: tlsalpn01 says it needs TLS (exit 2)"
		else
			not_ok "tiny: tlsalpn01: exit $rc, want 2 and 'needs TLS'"
			diag "$WORK/err"
		fi
	else
		# the TLS server of http01_server.py offers no ALPN: the
		# handshake is made in the jail, and R-ALPN-1 says no_alpn
		check "$f: tlsalpn01 127.0.0.1: a handshake in the jail, no ALPN (exit 1)" 1 \
			'[a["outcome"] for a in j["attempts"]] == ["no_alpn"] ;; j["attempts"][0]["tls_version"].startswith("TLSv1.")' \
			"$J" -- tlsalpn01 127.0.0.1 --key-authorization ok.thumb --port "$TLS_PORT" --json
		check "$f: http01 redirected to https: the TLS hop made in the jail" 0 \
			'j["valid"] is True ;; [a["outcome"] for a in j["attempts"]] == ["ok", "ok"] ;; j["attempts"][1]["tls_version"].startswith("TLSv1.")' \
			"$J" -- http01 loopback.http01.test --token tohttps --key-authorization ok.thumb \
			--http-port "$REDIR_PORT" --https-port "$TLS_PORT" --resolver "$UNBOUND" --json
		check "$f: http01 127.0.0.1, an IP address identifier: no DNS (R-IP-4)" 0 \
			'j["valid"] is True ;; j["identifier"]["type"] == "ip" ;; j["lookups"] is None ;; j["attempts"][0]["url"] == "http://127.0.0.1/.well-known/acme-challenge/'"$TOKEN"'"' \
			"$J" -- http01 127.0.0.1 --token "$TOKEN" --key-authorization "$KA" \
			--http-port "$HTTP_PORT" --resolver 127.0.0.1:9 --json
	fi
done

finish
