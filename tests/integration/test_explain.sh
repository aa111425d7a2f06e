#!/usr/bin/env bash
# `acmeprobe explain`: the command around src/acme/le_explain.c (whose table
# tests/unit/test_acme_le_explain.c proves entry by entry). Checks the exit
# statuses (0 recognised, 1 not, 64 usage), the JSON fields exactly, the
# text report's lines, the three ways to give the text (one argument,
# several words, standard input), certbot's wrapped block read from
# standard input, and --help. No server, no network. About 1 s.
#
# Output: one "ok - ..." or "not ok - ..." line per check, "# ..." details
# of a failure, last "N passed, M failed"; exit 1 on failure. Env:
# ACMEPROBE (default ./acmeprobe), KEEP=1 keeps the work directory.
set -euo pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
work_dir test-explain
copy_binary

# quoted from https://github.com/hakwerk/labca/issues/192 (R-CAA-8, R-MPIC-3)
LABCA="During secondary validation: While processing CAA for labca.lan: DNS problem: NXDOMAIN looking up CAA for lan - check that a DNS record exists for this domain"

run explain --json "$LABCA"
expect "a remote perspective's CAA NXDOMAIN for the TLD: exit 0, every field (R-CAA-8, R-MPIC-3)" 0 \
	"j['recognised'] == True" \
	"j['rule'] == 'R-CAA-8'" \
	"j['rules'] == ['R-CAA-8', 'R-MPIC-3']" \
	"j['title'] == 'NXDOMAIN is empty, except for the TLD'" \
	"j['command'] == 'acmeprobe check labca.lan'" \
	"j['matched'] == 'DNS problem: NXDOMAIN looking up CAA for lan'" \
	"j['pattern'] == 'DNS problem: NXDOMAIN looking up CAA for {name}'" \
	"j['type'] == None" \
	"j['secondary'] == True" \
	"j['caa_identifier'] == 'labca.lan'" \
	"j['address'] == None and j['url'] == None" \
	"j['detail'] == '''$LABCA'''" \
	"j['cause'].startswith(\"The CA's resolver says lan does not exist.\")" \
	"sorted(j) == sorted(['recognised', 'rule', 'rules', 'title', 'cause', 'command', 'matched', 'pattern', 'type', 'secondary', 'caa_identifier', 'address', 'url', 'detail'])"

# the same words unquoted: joined with spaces
# shellcheck disable=SC2086
run explain --json $LABCA
expect "the text as several arguments: the same result" 0 \
	"j['rule'] == 'R-CAA-8'" "j['detail'] == '''$LABCA'''"

run explain "$LABCA"
expect "text report: exit 0" 0
if grep -qx 'Text:    DNS problem: NXDOMAIN looking up CAA for lan' "$WORK/out" &&
	grep -qx 'Rule:    R-CAA-8: NXDOMAIN is empty, except for the TLD' "$WORK/out" &&
	grep -qx 'Command: acmeprobe check labca.lan' "$WORK/out" &&
	grep -q '^Where:   a remote perspective of the CA' "$WORK/out" &&
	grep -q '^Cause:   ' "$WORK/out"; then
	ok "text report: Text, Where, Rule (with its title), Cause and Command lines"
else
	not_ok "text report lines"
	show_failure
fi

# certbot's block as pasted, from standard input (quoted from
# https://github.com/certbot/certbot/issues/1610): the detail wraps lines
cat >"$WORK/certbot.txt" <<'EOF'
IMPORTANT NOTES:
 - The following errors were reported by the server:

   Domain: www.dividendinformation.com
   Type:   connection
   Detail: DNS problem: query timed out looking up A for
   www.dividendinformation.com

   To fix these errors, please make sure that your domain name was
   entered correctly and the DNS A record(s) for that domain
EOF
STDIN=$WORK/certbot.txt
run explain - --json
expect "certbot's wrapped block from standard input: R-HTTP-1, type connection" 0 \
	"j['rule'] == 'R-HTTP-1'" "j['type'] == 'connection'" \
	"j['detail'] == 'DNS problem: query timed out looking up A for www.dividendinformation.com'" \
	"j['command'] == 'acmeprobe check www.dividendinformation.com'"
run explain --json
expect "no argument, standard input not a terminal: read from it" 0 "j['rule'] == 'R-HTTP-1'"
STDIN=/dev/null

# an HTTP-01 text gives the token back in the command (quoted from
# https://github.com/acmesh-official/acme.sh/issues/4702)
run explain --json '"detail": "45.32.80.239: Fetching http://www.moyusayyouloveme.top/.well-known/acme-challenge/qHdcKJ_ZIP1MJiNQD0hCQObhZvqC0ddklq-95nest3g: Timeout during connect (likely firewall problem)",'
expect "HTTP-01 connect timeout: R-HTTP-6, address, url, the http01 command with the token" 0 \
	"j['rule'] == 'R-HTTP-6'" "j['address'] == '45.32.80.239'" \
	"j['url'] == 'http://www.moyusayyouloveme.top/.well-known/acme-challenge/qHdcKJ_ZIP1MJiNQD0hCQObhZvqC0ddklq-95nest3g'" \
	"j['command'] == 'acmeprobe http01 www.moyusayyouloveme.top --token qHdcKJ_ZIP1MJiNQD0hCQObhZvqC0ddklq-95nest3g'" \
	"j['rules'] == ['R-HTTP-6']"

# not recognised: exit 1, the fields null, the detail and type as read
run explain --json 'urn:ietf:params:acme:error:rateLimited :: too many certificates already issued'
expect "not recognised: exit 1, rule null, rules [], type and detail read" 1 \
	"j['recognised'] == False" "j['rule'] == None" "j['rules'] == []" \
	"j['cause'] == None and j['command'] == None and j['matched'] == None and j['pattern'] == None" \
	"j['type'] == 'rateLimited'" "j['detail'] == 'too many certificates already issued'"
run explain 'nothing like an ACME error'
expect "not recognised, text report: exit 1" 1
if grep -qx "Not recognised as one of Let's Encrypt's error texts." "$WORK/out"; then
	ok "not recognised: the text report says so"
else
	not_ok "not recognised: the text report says so"
	show_failure
fi

# usage errors
run explain ''
expect "an empty text: exit 64" 64
if grep -q 'the error text is empty' "$WORK/err"; then
	ok "an empty text: the message says so"
else
	not_ok "an empty text: the message says so"
	show_failure
fi
run explain --no-such-option x
expect "an unknown option: exit 64" 64
run explain --help
expect "--help: exit 0" 0
if grep -q '^usage: acmeprobe explain TEXT' "$WORK/out" &&
	grep -q '^Exit status: 0 recognised, 1 not recognised, 64 usage error.$' "$WORK/out"; then
	ok "--help: the usage and exit status lines"
else
	not_ok "--help: the usage and exit status lines"
	show_failure
fi
run --help
if grep -q '^  explain ' "$WORK/out"; then
	ok "acmeprobe --help lists explain"
else
	not_ok "acmeprobe --help lists explain"
	show_failure
fi

finish
