#!/usr/bin/env bash
# Re-captures bench/http/corpus/: real responses of Debian's nginx and
# Apache, each started here on 127.0.0.1 with a configuration of its own,
# asked over a plain TCP socket the way an HTTP-01 validator asks, and
# saved byte for byte (one response per file, exactly what the server
# sent up to its close). 'make bench' does not run this: the corpus is
# committed. See bench/http/README.md for what each file is.
#
# Needs nginx (nginx-light is enough), apache2 and python3; as root it
# installs the two servers with apt-get when they are missing (Debian's
# policy-rc.d keeps their own services from starting; if yours does not,
# stop them: this script only uses ports NGINX_PORT and APACHE_PORT).
#
# usage: bench/http/capture.sh [OUTDIR]   (default bench/http/corpus)
# Environment: NGINX_PORT (58080), APACHE_PORT (58081).
# No traffic leaves 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."

OUTDIR=${1:-bench/http/corpus}
NGINX_PORT=${NGINX_PORT:-58080}
APACHE_PORT=${APACHE_PORT:-58081}
HOST=example.test
TOKEN=LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0

die() {
	echo "capture: $*" >&2
	exit 2
}

if ! command -v nginx >/dev/null || ! command -v apache2 >/dev/null; then
	[[ $(id -u) == 0 ]] || die "nginx and apache2 are needed (apt-get install nginx-light apache2)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		nginx-light apache2 >/dev/null
fi
command -v python3 >/dev/null || die "python3 is needed"

T=$(mktemp -d /tmp/acmeprobe-capture.XXXXXX)
chmod 755 "$T"
pids=()
cleanup() {
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT

# ---- the site both servers serve -------------------------------------------

www=$T/www
mkdir -p "$www/.well-known/acme-challenge" "$www/parts" "$www/cgi-bin"
# The HTTP-01 key authorization: token "." base64url(JWK thumbprint), 87 octets.
printf '%s.9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI' "$TOKEN" \
	>"$www/.well-known/acme-challenge/$TOKEN"
cp /usr/share/nginx/html/index.html "$www/index.html"      # nginx's welcome page, 615 B
cp /var/www/html/index.html "$www/apache-default.html"     # Debian's Apache page, 10,701 B
# An SSI page in five parts: nginx sends each part as it is ready, one
# chunk per part (and, to an HTTP/1.0 client, no length and a close).
for i in 1 2 3 4; do
	{
		printf '<section id="part%d">\n<h2>Part %d</h2>\n' "$i" "$i"
		for j in $(seq 1 $((i * 6))); do
			printf '<p>Line %d of part %d: the quick brown fox jumps over the lazy dog.</p>\n' "$j" "$i"
		done
		printf '</section>\n'
	} >"$www/parts/$i.html"
done
{
	printf '<!DOCTYPE html>\n<html>\n<head><title>Status</title></head>\n<body>\n'
	for i in 1 2 3 4; do
		printf '<!--# include virtual="/parts/%d.html" -->\n' "$i"
	done
	printf '</body>\n</html>\n'
} >"$www/status.shtml"
# A CGI that writes its page in four pieces with pauses: Apache sends each
# piece as a chunk (HTTP/1.1) or, to HTTP/1.0, the whole page up to a close.
cat >"$www/cgi-bin/report" <<'EOF'
#!/bin/sh
printf 'Content-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n\r\n'
printf '<!DOCTYPE html>\n<html><head><title>Report</title></head><body>\n'
for part in 1 2 3; do
	sleep 0.2
	printf '<h2>Section %s</h2>\n<ul>\n' "$part"
	n=0
	while [ $n -lt $((part * 5)) ]; do
		n=$((n + 1))
		printf '<li>item %s.%s: checked, no problem found</li>\n' "$part" "$n"
	done
	printf '</ul>\n'
done
sleep 0.2
printf '</body></html>\n'
EOF
chmod 755 "$www/cgi-bin/report"
# A page big enough for gzip to matter (about 6 KB), served compressed.
{
	printf '<!DOCTYPE html>\n<html>\n<head><title>Docs</title></head>\n<body>\n'
	for j in $(seq 1 60); do
		printf '<p>Paragraph %d: HTTP-01 validation fetches the token over port 80 and follows redirects.</p>\n' "$j"
	done
	printf '</body>\n</html>\n'
} >"$www/docs.html"
chmod -R a+rX "$www"

# ---- nginx ------------------------------------------------------------------

cat >"$T/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $T/nginx.pid;
error_log $T/nginx-error.log;
events { worker_connections 64; }
http {
	include /etc/nginx/mime.types;
	default_type application/octet-stream;
	access_log off;
	client_body_temp_path $T/nginx-tmp;
	sendfile on;
	gzip on;
	gzip_http_version 1.0;
	gzip_types text/plain text/css application/javascript;
	server {
		listen 127.0.0.1:$NGINX_PORT;
		server_name $HOST;
		root $www;
		# the usual port-80 server: challenges served, the rest redirected
		location /.well-known/acme-challenge/ { default_type text/plain; }
		location = / { }
		location = /index.html { }
		location = /old { return 302 /new-place/; }
		location = /force-https { return 301 https://\$host\$request_uri; }
		location = /status.shtml { ssi on; add_trailer X-Render-Time 0.004; add_trailer X-Parts 4; }
		location /parts/ { }
		location = /docs.html { }
		location = /headers {
			default_type text/plain;
			add_header Strict-Transport-Security "max-age=63072000; includeSubDomains; preload" always;
			add_header Content-Security-Policy "default-src 'self'; img-src 'self' data:; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'" always;
			add_header X-Frame-Options DENY always;
			add_header X-Content-Type-Options nosniff always;
			add_header Referrer-Policy strict-origin-when-cross-origin always;
			add_header Permissions-Policy "geolocation=(), microphone=(), camera=()" always;
			add_header Cross-Origin-Opener-Policy same-origin always;
			add_header Cross-Origin-Resource-Policy same-origin always;
			add_header Cache-Control "no-cache, no-store, must-revalidate" always;
			add_header Pragma no-cache always;
			add_header Expires 0 always;
			add_header Vary "Accept-Encoding, Cookie" always;
			add_header X-Request-Id 7f3c2a91e4b04d5c9a1f0b6e2d8c4a17 always;
			add_header X-Served-By web-03.fra1 always;
			add_header X-Cache MISS always;
			add_header X-Cache-Hits 0 always;
			add_header Set-Cookie "sessionid=5b1f2c7e9d0a4e3b8c6f1a2d; Path=/; HttpOnly; Secure; SameSite=Lax" always;
			add_header Set-Cookie "csrftoken=Qm9vdHN0cmFwVG9rZW4xMjM0NTY3ODkw; Path=/; Secure; SameSite=Strict" always;
			add_header Set-Cookie "lang=en; Path=/; Max-Age=31536000" always;
			add_header Link "</static/app.css>; rel=preload; as=style" always;
			add_header Alt-Svc "h3=\":443\"; ma=86400" always;
			add_header Server-Timing "db;dur=12.4, app;dur=31.9" always;
			add_header Report-To "{\"group\":\"default\",\"max_age\":31536000,\"endpoints\":[{\"url\":\"https://reports.example.test/r\"}]}" always;
			add_header NEL "{\"report_to\":\"default\",\"max_age\":31536000}" always;
			return 200 "ok\n";
		}
		location / { return 404; }
	}
}
EOF
mkdir -p "$T/nginx-tmp"
nginx -c "$T/nginx.conf" -p "$T" &
pids+=($!)

# ---- Apache -----------------------------------------------------------------

mods=/usr/lib/apache2/modules
cat >"$T/apache.conf" <<EOF
ServerRoot $T
PidFile $T/apache.pid
ErrorLog $T/apache-error.log
Listen 127.0.0.1:$APACHE_PORT
ServerName $HOST
User www-data
Group www-data
LoadModule mpm_prefork_module $mods/mod_mpm_prefork.so
LoadModule authz_core_module $mods/mod_authz_core.so
LoadModule mime_module $mods/mod_mime.so
LoadModule dir_module $mods/mod_dir.so
LoadModule alias_module $mods/mod_alias.so
LoadModule cgi_module $mods/mod_cgi.so
LoadModule filter_module $mods/mod_filter.so
LoadModule deflate_module $mods/mod_deflate.so
TypesConfig /etc/mime.types
# Debian's defaults (conf-available/security.conf)
ServerTokens OS
ServerSignature On
DocumentRoot $www
DirectoryIndex apache-default.html
<Directory $www>
	Require all granted
</Directory>
Redirect permanent /force-https https://$HOST/force-https
Redirect /old https://$HOST/new-place/
ScriptAlias /cgi-bin/ $www/cgi-bin/
<Location /docs.html>
	SetOutputFilter DEFLATE
</Location>
EOF
apache2 -f "$T/apache.conf" -X &
pids+=($!)

# ---- capture ----------------------------------------------------------------

python3 - "$NGINX_PORT" "$APACHE_PORT" "$HOST" "$TOKEN" "$OUTDIR" <<'EOF'
import os, socket, sys, time

nginx, apache, host, token, outdir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
# What Boulder's validator (Go's net/http) sends, Connection: close added
# so that the server closes after the one response.
UA = "Mozilla/5.0 (compatible; Let's Encrypt validation server; +https://www.letsencrypt.org)"

def get(port, path, version="1.1", gzip=False):
    req = f"GET {path} HTTP/{version}\r\nHost: {host}\r\nUser-Agent: {UA}\r\nAccept: */*\r\n"
    if gzip:
        req += "Accept-Encoding: gzip\r\n"
    req += "Connection: close\r\n\r\n"
    for _ in range(100):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            break
        except OSError:
            time.sleep(0.1)
    else:
        sys.exit(f"capture: nothing listens on 127.0.0.1:{port}")
    s.sendall(req.encode())
    data = b""
    while True:
        b = s.recv(65536)
        if not b:
            break
        data += b
    s.close()
    return data

challenge = f"/.well-known/acme-challenge/{token}"
cases = [
    ("01-nginx-200-token", nginx, challenge, "1.1", False),
    ("02-nginx-200-index", nginx, "/", "1.1", False),
    ("03-nginx-301-https", nginx, "/force-https", "1.1", False),
    ("04-nginx-302", nginx, "/old", "1.1", False),
    ("05-nginx-404", nginx, challenge + "-missing", "1.1", False),
    ("06-nginx-chunked-ssi-trailers", nginx, "/status.shtml", "1.1", False),
    ("07-nginx-chunked-gzip", nginx, "/docs.html", "1.1", True),
    ("08-nginx-many-headers", nginx, "/headers", "1.1", False),
    ("09-nginx-close-http10", nginx, "/status.shtml", "1.0", False),
    ("10-apache-200-token", apache, challenge, "1.1", False),
    ("11-apache-200-default-page", apache, "/", "1.1", False),
    ("12-apache-301-https", apache, "/force-https", "1.1", False),
    ("13-apache-302", apache, "/old", "1.1", False),
    ("14-apache-404", apache, challenge + "-missing", "1.1", False),
    ("15-apache-chunked-cgi", apache, "/cgi-bin/report", "1.1", False),
    ("16-apache-200-gzip", apache, "/docs.html", "1.1", True),
    ("17-apache-close-cgi-http10", apache, "/cgi-bin/report", "1.0", False),
]
os.makedirs(outdir, exist_ok=True)
for name, port, path, version, gz in cases:
    data = get(port, path, version, gz)
    with open(os.path.join(outdir, name + ".http"), "wb") as f:
        f.write(data)
    first = data.split(b"\r\n", 1)[0].decode()
    print(f"capture: {name}.http {len(data)} octets: {first}")
EOF
