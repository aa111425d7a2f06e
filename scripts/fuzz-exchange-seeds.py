#!/usr/bin/env python3
"""Writes the named seeds of fuzz/fuzz_exchange.c into
fuzz/corpus/fuzz_exchange/: whole exchanges of the resolver's decisions,
each a sequence of events in the target's input format (its header says
it) whose answers are the captures of tests/fixtures/msgs.

Usage: scripts/fuzz-exchange-seeds.py [--check]
  --check  exit 1 when a seed file differs from what this writes
"""
import os
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MSGS = os.path.join(ROOT, "tests", "fixtures", "msgs")
OUT = os.path.join(ROOT, "fuzz", "corpus", "fuzz_exchange")

# fuzz_exchange.c's names[], in order
NAMES = ["caa1.test.", "caa30.test.", "chain1.test.", "loop-a.test.",
         "example.com.", "bogus.test.", "nx.test.", "cname-caa.test."]


def cfg(servers=1, attempts=1, rotate=False):
    return bytes([(servers - 1) | (attempts - 1) << 3 | (0x20 if rotate else 0)])


def question(name, a=False, tcp=False, no_follow=False, server=None):
    b = NAMES.index(name) | (0x08 if a else 0) | (0x10 if tcp else 0) | \
        (0x20 if no_follow else 0) | (0x40 if server is not None else 0)
    return bytes([b]) + (bytes([server]) if server is not None else b"")


def capture(name):
    with open(os.path.join(MSGS, name), "rb") as f:
        return f.read()


def datagram(msg, src=0, our_id=True, too_big=False):
    op = (0x80 if our_id else 0) | (0x40 if too_big else 0)
    return bytes([op, src]) + struct.pack(">H", len(msg)) + msg


def tcp(msg, our_id=True):
    framed = struct.pack(">H", len(msg)) + msg
    return bytes([0x82 if our_id else 0x02]) + struct.pack(">H", len(framed)) + framed


def tcp_piece(octets, our_id=True):
    return bytes([0x82 if our_id else 0x02]) + struct.pack(">H", len(octets)) + octets


TIMEOUT, IO_ERROR, CLOSED, ABANDON, NEXT = b"\x03", b"\x04", b"\x05", b"\x06", b"\x07"


def with_rcode(msg, rcode):
    return msg[:3] + bytes([(msg[3] & 0xF0) | rcode]) + msg[4:]


def wire_name(text):
    out = b""
    for label in text.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def cut_chain(owner, target):
    """An answer of one CNAME and nothing else (no SOA): a server not
    authoritative for the target cut the chain. No capture has one (Knot
    and Unbound follow chains), so it is built; its ID is patched in."""
    rdata = wire_name(target)
    return (struct.pack(">HHHHHH", 0, 0x8400, 1, 1, 0, 0) + wire_name(owner)
            + struct.pack(">HH", 257, 1) + b"\xc0\x0c"
            + struct.pack(">HHIH", 5, 1, 300, len(rdata)) + rdata)


def seeds():
    caa1 = capture("01-knot-caa-1rr.bin")
    tc = capture("21-knot-caa-30rr-udp-tc.bin")
    full = capture("20-knot-caa-30rr-tcp.bin")
    refused = capture("29-knot-refused.bin")
    framed = struct.pack(">H", len(full)) + full
    yield "answer-udp", cfg() + question("caa1.test.") + datagram(caa1)
    yield "r-caa-13-tc-then-tcp", (cfg(2) + question("caa30.test.") + datagram(tc)
                                   + tcp(full))
    yield "r-caa-13-tcp-in-pieces", (cfg() + question("caa30.test.") + datagram(tc)
                                     + tcp_piece(framed[:1]) + tcp_piece(framed[1:300])
                                     + tcp_piece(framed[300:]))
    yield "r-caa-13-unbound", (cfg() + question("caa30.test.")
                               + datagram(capture("38-unbound-caa-30rr-udp-tc.bin"))
                               + tcp(capture("39-unbound-caa-30rr-tcp.bin")))
    yield "r-caa-13-too-big", cfg() + question("caa1.test.") + datagram(caa1, too_big=True)
    yield "tcp-from-the-start-tc", cfg() + question("caa30.test.", tcp=True) + tcp(tc)
    yield "servfail-then-answers", (cfg(3, 2) + question("bogus.test.")
                                    + datagram(capture("30-unbound-servfail-ede.bin"))
                                    + TIMEOUT + datagram(capture("33-unbound-bogus-cd.bin"), 2))
    yield "refused-notimp-servfail", (cfg(4) + question("example.com.", a=True)
                                      + datagram(refused) + TIMEOUT
                                      + datagram(with_rcode(refused, 4), 2)
                                      + datagram(with_rcode(refused, 2), 3))
    yield "formerr", cfg() + question("example.com.", a=True) + datagram(with_rcode(refused, 1))
    yield "spoofed-then-answer", (cfg(2) + question("caa1.test.") + datagram(caa1, src=9)
                                  + datagram(caa1, src=1) + datagram(caa1, our_id=False)
                                  + datagram(capture("02-knot-caa-2rr.bin")) + datagram(b"")
                                  + datagram(caa1[:11]) + datagram(caa1 + b"\0")
                                  + datagram(caa1))
    yield "timeouts-rotate", (cfg(3, 2, rotate=True) + question("caa1.test.") + TIMEOUT * 6
                              + NEXT + question("caa1.test.") + TIMEOUT + datagram(caa1, 2))
    yield "one-server", cfg(4, 2) + question("caa1.test.", server=3) + TIMEOUT + datagram(caa1, 3)
    yield "io-errors", cfg(2, 2) + question("caa1.test.") + IO_ERROR * 4
    yield "tcp-failures", (cfg(3) + question("caa30.test.", tcp=True) + tcp_piece(b"\x00\x0b")
                           + CLOSED + tcp_piece(framed[:100]) + CLOSED)
    yield "chain-whole", cfg() + question("chain1.test.") + datagram(capture("08-knot-cname-chain-3.bin"))
    yield "chain-loop", cfg() + question("loop-a.test.") + datagram(capture("09-knot-cname-loop.bin"))
    yield "cname-to-caa", cfg() + question("cname-caa.test.") + datagram(capture("07-knot-cname-to-caa.bin"))
    yield "nxdomain", cfg() + question("nx.test.") + datagram(capture("11-knot-nxdomain.bin"))
    yield "abandon", cfg() + question("caa1.test.") + ABANDON + TIMEOUT
    yield "chain-cut-then-target", (cfg(2) + question("cname-caa.test.")
                                    + datagram(cut_chain("cname-caa.test.", "caa1.test."))
                                    + datagram(caa1))
    yield "chain-cut-no-follow", (cfg() + question("cname-caa.test.", no_follow=True)
                                  + datagram(cut_chain("cname-caa.test.", "caa1.test.")))
    yield "notimp", cfg() + question("example.com.", a=True) + datagram(with_rcode(refused, 4))
    yield "tcp-malformed-and-wrong-id", (cfg(2) + question("caa30.test.", tcp=True)
                                         + tcp(full + b"\0") + tcp(full, our_id=False))


def main():
    check = sys.argv[1:] == ["--check"]
    os.makedirs(OUT, exist_ok=True)
    bad = 0
    for name, data in seeds():
        path = os.path.join(OUT, name)
        if check:
            try:
                with open(path, "rb") as f:
                    same = f.read() == data
            except OSError:
                same = False
            if not same:
                print("fuzz-exchange-seeds: %s differs from what the script writes" % path)
                bad = 1
        else:
            with open(path, "wb") as f:
                f.write(data)
    return bad


if __name__ == "__main__":
    sys.exit(main())
