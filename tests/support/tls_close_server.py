#!/usr/bin/python3
"""tls_close_server.py: a TLS 1.3 server that closes the connection as soon
as it has sent its first flight (ServerHello to Finished), before the
client's Finished arrives (tests/integration/test_http01.sh).

The client's Finished then reaches a closed socket, whose kernel answers
with a reset; the client's next write, the HTTP request, goes to a socket
that has already been reset, and raises SIGPIPE in the writer unless the
writer has blocked or ignored it. acmeprobe must report the attempt as
`reset` and go on, not die of the signal (exit status 141).

The handshake runs on memory BIOs (ssl.MemoryBIO), so that the server can
stop in the middle of it, which a socket-wrapped server cannot; the
flight is corked (TCP_CORK) and leaves with the FIN in close(), so the
client's Finished always finds the socket closed.

Usage:
  tls_close_server.py --listen ADDR,PORT --cert F --key F [--lifetime S]

Each connection is logged on stderr as "tls_close_server: ADDR PORT
closed after N octets of server flight". Prints "ready" once listening;
ends after --lifetime seconds (default 120), and on SIGTERM or SIGINT.
"""
import argparse
import signal
import socket
import ssl
import sys
import threading


def serve(sock, ctx, addr, port):
    while True:
        try:
            conn, _ = sock.accept()
        except OSError:
            return
        conn.settimeout(5)
        inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
        tls = ctx.wrap_bio(inc, out, server_side=True)
        sent = 0
        try:
            while not sent:
                data = conn.recv(65536)
                if not data:
                    break
                inc.write(data)
                try:
                    tls.do_handshake()
                except ssl.SSLWantReadError:
                    pass
                flight = out.read()
                if flight:
                    # corked: the flight leaves with the FIN, in close(),
                    # so the client never answers a socket still open
                    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 1)
                    conn.sendall(flight)
                    sent = len(flight)
        except (OSError, ssl.SSLError) as e:
            sys.stderr.write("tls_close_server: %s %s error: %s\n" % (addr, port, e))
        conn.close()
        sys.stderr.write("tls_close_server: %s %s closed after %d octets of server flight\n"
                         % (addr, port, sent))
        sys.stderr.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--listen", required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--lifetime", type=float, default=120)
    a = ap.parse_args()
    addr, port = a.listen.rsplit(",", 1)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    ctx.load_cert_chain(a.cert, a.key)
    sock = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((addr, int(port)))
    sock.listen(16)
    threading.Thread(target=serve, args=(sock, ctx, addr, port), daemon=True).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print("ready", flush=True)
    stop.wait(a.lifetime)
    sock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
