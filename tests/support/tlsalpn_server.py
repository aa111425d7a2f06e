#!/usr/bin/python3
"""tlsalpn_server.py: the TLS servers of tests/integration/test_tlsalpn01.sh.

Usage:
  tlsalpn_server.py --listen ADDR,PORT,ROLE[,ARG] ... [--lifetime S]

Roles:
  sni,DIR      ALPN "acme-tls/1"; the certificate is DIR/<SNI>.pem (key
               DIR/<SNI>.key), where a file named after an IP address
               answers to that address's reverse name (RFC 8738 s6:
               1.0.0.127.in-addr.arpa, ...ip6.arpa). Any other SNI, or
               none, is refused with the alert unrecognized_name: the
               server checks the SNI.
  fixed,FILE   ALPN "acme-tls/1", always the certificate FILE.pem
  noalpn,FILE  FILE.pem, and no ALPN at all
  h2,FILE      FILE.pem, ALPN "h2" only (so no protocol in common)
  http         not TLS: answers "HTTP/1.1 400 Bad Request" and closes
  silent       accepts, reads, never answers (a handshake that times out)

Each SNI seen is logged on stderr as "tlsalpn_server: ADDR PORT ROLE
sni=NAME" and each handshake as "... alpn=PROTO VERSION". "ready" on stdout
once every socket listens. The process ends by itself after --lifetime
seconds (default 120), and on SIGTERM or SIGINT.
"""
import argparse
import ipaddress
import os
import signal
import socket
import ssl
import sys
import threading
import time


def reverse_name(address):
    return ipaddress.ip_address(address).reverse_pointer


def log(*parts):
    print("tlsalpn_server:", *parts, file=sys.stderr, flush=True)


def context(cert, alpn):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(cert + ".pem", cert + ".key")
    if alpn:
        ctx.set_alpn_protocols(alpn)
    return ctx


def sni_contexts(directory):
    """SNI name -> context, one per DIR/*.pem."""
    out = {}
    for f in os.listdir(directory):
        if not f.endswith(".pem"):
            continue
        name = f[:-4]
        try:
            key = reverse_name(name)
        except ValueError:
            key = name.lower()
        out[key] = context(os.path.join(directory, name), ["acme-tls/1"])
    return out


class Listener:
    def __init__(self, spec):
        parts = spec.split(",")
        self.addr, self.port, self.role = parts[0], int(parts[1]), parts[2]
        self.arg = parts[3] if len(parts) > 3 else None
        self.ctx = None
        if self.role == "sni":
            self.by_name = sni_contexts(self.arg)
            # a context without a certificate of its own: the callback
            # picks one, or refuses
            self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.ctx.minimum_version = ssl.TLSVersion.TLSv1_2
            self.ctx.set_alpn_protocols(["acme-tls/1"])
            self.ctx.sni_callback = self.pick
            # Python wants a certificate on the default context too
            first = sorted(os.listdir(self.arg))[0].rsplit(".", 1)[0]
            self.ctx.load_cert_chain(os.path.join(self.arg, first + ".pem"),
                                     os.path.join(self.arg, first + ".key"))
        elif self.role == "fixed":
            self.ctx = context(self.arg, ["acme-tls/1"])
        elif self.role == "noalpn":
            self.ctx = context(self.arg, None)
        elif self.role == "h2":
            self.ctx = context(self.arg, ["h2"])
        elif self.role not in ("http", "silent"):
            sys.exit("tlsalpn_server.py: unknown role " + self.role)
        family = socket.AF_INET6 if ":" in self.addr else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            self.sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        self.sock.bind((self.addr, self.port))
        self.sock.listen(16)

    def pick(self, sslobj, name, _ctx):
        ctx = self.by_name.get((name or "").lower())
        if ctx is None:
            log(self.addr, self.port, self.role, "sni=%s" % name, "refused: unknown name")
            return ssl.ALERT_DESCRIPTION_UNRECOGNIZED_NAME
        log(self.addr, self.port, self.role, "sni=%s" % name)
        sslobj.context = ctx
        return None

    def serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.handle, args=(conn,), daemon=True).start()

    def handle(self, conn):
        conn.settimeout(5)
        try:
            if self.role == "http":
                conn.recv(4096)
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
                             b"Connection: close\r\n\r\n")
                return
            if self.role == "silent":
                conn.settimeout(30)
                while conn.recv(4096):
                    pass
                return
            tls = self.ctx.wrap_socket(conn, server_side=True)
            log(self.addr, self.port, self.role,
                "alpn=%s" % tls.selected_alpn_protocol(), tls.version())
            try:
                while tls.recv(4096):
                    pass
            except (OSError, ssl.SSLError):
                pass
            tls.close()
        except (OSError, ssl.SSLError) as e:
            log(self.addr, self.port, self.role, "handshake failed:", e)
        finally:
            conn.close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--listen", action="append", required=True)
    p.add_argument("--lifetime", type=float, default=120)
    a = p.parse_args()
    listeners = [Listener(s) for s in a.listen]
    for li in listeners:
        threading.Thread(target=li.serve, daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("ready", flush=True)
    time.sleep(a.lifetime)


if __name__ == "__main__":
    main()
