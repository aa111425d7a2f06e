#!/usr/bin/python3
"""http01_server.py: the web servers of tests/integration/test_http01.sh.

It listens on several (address, port) pairs at once, plain or TLS, each
with a role, and answers GET /.well-known/acme-challenge/TOKEN by the
token, so that one process plays every server a domain owner could have:

Usage:
  http01_server.py --listen ADDR,PORT,plain|tls,good|wrong ... \
                   [--cert F --key F] [--webroot DIR] [--lifetime S]

Roles:
  wrong   every challenge path: 200 "wrong-server" (the AAAA record that
          points at another server)
  good    by token (T.thumb is the key authorization of token T):
    a file DIR/.well-known/acme-challenge/T   its content (--webroot)
    ok, other tokens  200 "T.thumb"
    ws                200 "ws.thumb" followed by " \\r\\n\\t \\n"
    chunked           200 "chunked.thumb" in three chunks
    big               200, 128 octets ("x" * 128)
    big127            200, 127 octets ("y" * 127)
    notfound          404
    garbage           "NOT-HTTP garbage\\r\\n\\r\\n", then close
    slow              nothing for 3 s (a timeout after connect)
    tohttps           301 to https://HOST/.well-known/acme-challenge/ok
    loop              302 to its own URL
    chainN            302 to chain(N-1); chain0 is 200 "chain0.thumb"
    port              301 to http://HOST:8080/.well-known/acme-challenge/ok
    seeother          303 to /.well-known/acme-challenge/ok
    toip4             302 to http://192.0.2.10/.well-known/acme-challenge/ok
    toip6             302 to http://[2001:db8:1::10]/.well-known/acme-challenge/ok
    tov6timeout       302 to http://v6timeout.http01.test/.well-known/acme-challenge/ok
    longpath          302 to a path of 2001 octets
    toftp             302 to ftp://HOST/x
    noslash           301 to https://HOST.well-known/acme-challenge/ok (the
                      "Redirect / https://HOST" mistake)
    nolocation        301 without a Location
(HOST is the Host header without its port.)

Each request is logged on stderr as "http01_server: ADDR PORT ROLE TOKEN".
The process ends by itself after --lifetime seconds (default 120), and on
SIGTERM or SIGINT.
"""
import argparse
import os
import signal
import socket
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = "/.well-known/acme-challenge/"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "http01-test"
    sys_version = ""

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def redirect(self, status, location):
        self.reply(status, b"moved\n", [("Location", location)])

    def do_GET(self):
        srv = self.server
        host = (self.headers.get("Host") or "").strip()
        # the host without a port: "[v6]:p", "name:p", "name"
        if host.startswith("["):
            bare = host[: host.index("]") + 1]
        else:
            bare = host.rsplit(":", 1)[0] if ":" in host else host
        token = self.path[len(PREFIX):] if self.path.startswith(PREFIX) else None
        sys.stderr.write("http01_server: %s %s %s %s %s\n" % (
            srv.addr, srv.port, srv.role, host, self.path))
        sys.stderr.flush()
        if token is None:
            self.reply(404, b"not a challenge path\n")
            return
        if srv.role == "wrong":
            self.reply(200, b"wrong-server")
            return
        if srv.webroot and "/" not in token and token not in ("", ".", ".."):
            f = os.path.join(srv.webroot, ".well-known", "acme-challenge", token)
            if os.path.isfile(f):
                with open(f, "rb") as fh:
                    self.reply(200, fh.read())
                return
        if token == "ws":
            self.reply(200, b"ws.thumb \r\n\t \n")
        elif token == "chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Connection", "close")
            self.end_headers()
            for part in (b"chun", b"ked.th", b"umb"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
            self.close_connection = True
        elif token == "big":
            self.reply(200, b"x" * 128)
        elif token == "big127":
            self.reply(200, b"y" * 127)
        elif token == "notfound":
            self.reply(404, b"no such token\n")
        elif token == "garbage":
            self.wfile.write(b"NOT-HTTP garbage\r\n\r\n")
            self.close_connection = True
        elif token == "slow":
            time.sleep(3)
            self.reply(200, b"slow.thumb")
        elif token == "tohttps":
            self.redirect(301, "https://%s%sok" % (bare, PREFIX))
        elif token == "loop":
            self.redirect(302, self.path)
        elif token.startswith("chain") and token[5:].isdigit():
            n = int(token[5:])
            if n == 0:
                self.reply(200, b"chain0.thumb")
            else:
                self.redirect(302, "%schain%d" % (PREFIX, n - 1))
        elif token == "port":
            self.redirect(301, "http://%s:8080%sok" % (bare, PREFIX))
        elif token == "seeother":
            self.redirect(303, PREFIX + "ok")
        elif token == "toip4":
            self.redirect(302, "http://192.0.2.10%sok" % PREFIX)
        elif token == "toip6":
            self.redirect(302, "http://[2001:db8:1::10]%sok" % PREFIX)
        elif token == "tov6timeout":
            self.redirect(302, "http://v6timeout.http01.test%sok" % PREFIX)
        elif token == "toftp":
            self.redirect(302, "ftp://%s/x" % bare)
        elif token == "noslash":
            self.redirect(301, "https://%s.well-known/acme-challenge/ok" % bare)
        elif token == "nolocation":
            self.reply(301, b"moved, but where?\n")
        elif token == "longpath":
            self.redirect(302, "/" + "p" * 2000)
        else:
            self.reply(200, b"%s.thumb" % token.encode())


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, addr, port, tls, role, ctx, webroot):
        self.address_family = socket.AF_INET6 if ":" in addr else socket.AF_INET
        self.addr, self.port, self.role, self.webroot = addr, port, role, webroot
        super().__init__((addr, port), Handler)
        if tls:
            self.socket = ctx.wrap_socket(self.socket, server_side=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--listen", action="append", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--webroot")
    ap.add_argument("--lifetime", type=float, default=120)
    a = ap.parse_args()
    ctx = None
    if a.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.load_cert_chain(a.cert, a.key)
    servers = []
    for spec in a.listen:
        addr, port, kind, role = spec.split(",")
        if kind == "tls" and ctx is None:
            sys.exit("http01_server: tls needs --cert and --key")
        s = Server(addr, int(port), kind == "tls", role, ctx, a.webroot)
        servers.append(s)
        threading.Thread(target=s.serve_forever, daemon=True).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print("ready", flush=True)
    stop.wait(a.lifetime)
    for s in servers:
        s.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
