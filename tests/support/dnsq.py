#!/usr/bin/python3
"""dnsq.py: a tiny DNS client, independent of acmeprobe's codec on purpose.

Usage:
  dnsq.py [--tcp] [--no-rd] [--dnssec] [--cd] [--ad] [--no-edns]
          [--timeout S] SERVER PORT NAME TYPE OUT.bin
      Sends one query (class IN, EDNS(0) with a 1232-octet UDP size unless
      --no-edns, a random ID, RD set unless --no-rd, DO with --dnssec, CD
      with --cd, AD with --ad (RFC 6840 s5.7: "tell me if it validated")),
      over UDP, or over TCP with the 2-octet length prefix, and
      writes the response message exactly as received (for TCP: the octets
      after the length prefix) to OUT.bin. NAME is in presentation format
      (\\. and \\DDD escapes work); TYPE is a mnemonic or TYPEnnn.
      Exit 0 on an answer, 1 when none came within the timeout (default 3 s),
      2 on other errors, 64 on usage errors. SERVER must be a loopback
      address: this tool is for the local test bed only.

  dnsq.py --summary FILE
      Prints one line of space-separated tokens about a message, for
      scripts to check what a fixture shows, e.g.
        len=147 id=4660 opcode=QUERY rcode=NOERROR +qr +aa -tc -rd -ra -ad
        -cd qd=1 an=3 ns=0 ar=1 q=caa3.test./CAA an-types=CAA,CAA,CAA
        ns-types=- ar-types=OPT edns=0 udp=1232 -do ede=-
      Its parser only walks the message (names are skipped or followed,
      never checked beyond what that needs): it is not a validator.

Only the Python standard library is used; nothing from src/dns.
"""

import ipaddress
import os
import select
import socket
import struct
import sys
import time

TYPES = {
    "A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "PTR": 12, "HINFO": 13, "MX": 15,
    "TXT": 16, "AAAA": 28, "SRV": 33, "DNAME": 39, "OPT": 41, "DS": 43,
    "RRSIG": 46, "NSEC": 47, "DNSKEY": 48, "NSEC3": 50, "NSEC3PARAM": 51,
    "ANY": 255, "CAA": 257,
}
TYPE_NAMES = {v: k for k, v in TYPES.items()}
RCODES = {0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN",
          4: "NOTIMP", 5: "REFUSED", 16: "BADVERS"}
OPCODES = {0: "QUERY", 1: "IQUERY", 2: "STATUS", 4: "NOTIFY", 5: "UPDATE"}


class UsageError(Exception):
    pass


def name_to_wire(text):
    """Presentation format (RFC 1035 s5.1) to an uncompressed wire name."""
    if text in (".", ""):
        return b"\x00"
    labels, cur, i = [], bytearray(), 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            if i + 1 >= len(text):
                raise UsageError("name ends with a backslash")
            if text[i + 1].isdigit():
                digits = text[i + 1:i + 4]
                if len(digits) != 3 or not digits.isdigit() or int(digits) > 255:
                    raise UsageError("bad \\DDD escape in name")
                cur.append(int(digits))
                i += 4
            else:
                cur += text[i + 1].encode("latin-1")
                i += 2
        elif c == ".":
            if not cur:
                raise UsageError("empty label in name")
            labels.append(bytes(cur))
            cur = bytearray()
            i += 1
        else:
            cur += c.encode("latin-1")
            i += 1
    if cur:
        labels.append(bytes(cur))
    if any(len(l) > 63 for l in labels):
        raise UsageError("label longer than 63 octets")
    wire = b"".join(bytes([len(l)]) + l for l in labels) + b"\x00"
    if len(wire) > 255:
        raise UsageError("name longer than 255 octets")
    return wire


def type_from_text(text):
    t = text.upper()
    if t in TYPES:
        return TYPES[t]
    if t.startswith("TYPE") and t[4:].isdigit() and int(t[4:]) < 65536:
        return int(t[4:])
    raise UsageError("unknown type " + text)


def build_query(qid, qname, qtype, rd, edns, do, cd, ad):
    flags = (0x0100 if rd else 0) | (0x0010 if cd else 0) | (0x0020 if ad else 0)
    msg = struct.pack("!HHHHHH", qid, flags, 1, 0, 0, 1 if edns else 0)
    msg += qname + struct.pack("!HH", qtype, 1)
    if edns:
        # OPT: root owner, type 41, class = UDP size, TTL = ext-rcode,
        # version, DO bit; no options (RFC 6891 s6.1.2).
        msg += b"\x00" + struct.pack("!HHIH", 41, 1232,
                                     0x8000 if do else 0, 0)
    return msg


def question_of(resp):
    """(qname wire, qtype, qclass) of a response, or None. The question name
    is the first name in the message and so cannot be compressed."""
    if len(resp) < 12 or struct.unpack("!H", resp[4:6])[0] != 1:
        return None
    off = 12
    while off < len(resp):
        n = resp[off]
        if n == 0:
            off += 1
            break
        if n > 63:
            return None
        off += 1 + n
    else:
        return None
    if off + 4 > len(resp):
        return None
    return (resp[12:off].lower(),) + struct.unpack("!HH", resp[off:off + 4])


def query(server, port, qname, qtype, tcp, rd, edns, do, cd, ad, timeout):
    family = socket.AF_INET6 if ":" in server else socket.AF_INET
    qid = struct.unpack("!H", os.urandom(2))[0]
    q = build_query(qid, qname, qtype, rd, edns, do, cd, ad)
    deadline = time.monotonic() + timeout
    want_q = (qname.lower(), qtype, 1)
    if tcp:
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.connect((server, port))
            s.sendall(struct.pack("!H", len(q)) + q)
            buf = b""
            need = 2
            while len(buf) < need:
                s.settimeout(max(0.01, deadline - time.monotonic()))
                chunk = s.recv(65535)
                if not chunk:
                    raise ConnectionError("connection closed after %d octets" % len(buf))
                buf += chunk
                if need == 2 and len(buf) >= 2:
                    need = 2 + struct.unpack("!H", buf[:2])[0]
            return buf[2:need]
    with socket.socket(family, socket.SOCK_DGRAM) as s:
        s.connect((server, port))  # only datagrams from the server arrive
        s.send(q)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            r, _, _ = select.select([s], [], [], left)
            if not r:
                raise TimeoutError
            try:
                resp = s.recv(65535)
            except ConnectionRefusedError:
                raise ConnectionError("port unreachable")
            # An answer has our ID, QR set and our question; anything else is
            # ignored and we keep waiting.
            if (len(resp) >= 12 and struct.unpack("!H", resp[:2])[0] == qid
                    and resp[2] & 0x80 and question_of(resp) == want_q):
                return resp


# ---- --summary: a walk over the message, enough to say what it shows -----

def read_name(msg, off):
    """Returns (text, offset after the name where it sits). Follows pointers
    (at most 128 jumps) only to produce the text."""
    labels, end, jumps = [], None, 0
    while True:
        if off >= len(msg):
            raise ValueError("name runs past the end")
        n = msg[off]
        if n & 0xC0 == 0xC0:
            if off + 1 >= len(msg):
                raise ValueError("cut pointer")
            if end is None:
                end = off + 2
            off = ((n & 0x3F) << 8) | msg[off + 1]
            jumps += 1
            if jumps > 128:
                raise ValueError("pointer loop")
            continue
        if n > 63:
            raise ValueError("bad label type")
        if n == 0:
            if end is None:
                end = off + 1
            break
        lab = msg[off + 1:off + 1 + n]
        labels.append("".join(
            chr(b) if 0x21 <= b <= 0x7E and chr(b) not in '.\\"();@$'
            else ("\\" + chr(b) if chr(b) in '.\\"();@$' else "\\%03d" % b)
            for b in lab))
        off += 1 + n
    return ".".join(labels) + ".", end


def summary(msg):
    tok = ["len=%d" % len(msg)]
    if len(msg) < 12:
        raise ValueError("shorter than a header")
    qid, flags, qd, an, ns, ar = struct.unpack("!HHHHHH", msg[:12])
    tok.append("id=%d" % qid)
    op = (flags >> 11) & 0xF
    tok.append("opcode=" + OPCODES.get(op, str(op)))
    rcode = flags & 0xF
    for name, bit in (("qr", 0x8000), ("aa", 0x0400), ("tc", 0x0200),
                      ("rd", 0x0100), ("ra", 0x0080), ("ad", 0x0020),
                      ("cd", 0x0010)):
        tok.append(("+" if flags & bit else "-") + name)
    tok += ["qd=%d" % qd, "an=%d" % an, "ns=%d" % ns, "ar=%d" % ar]
    off = 12
    for _ in range(qd):
        qn, off = read_name(msg, off)
        qt, _qc = struct.unpack("!HH", msg[off:off + 4])
        off += 4
        tok.append("q=%s/%s" % (qn, TYPE_NAMES.get(qt, "TYPE%d" % qt)))
    edns, ede = None, []
    for sect, count in (("an", an), ("ns", ns), ("ar", ar)):
        types = []
        for _ in range(count):
            _owner, off = read_name(msg, off)
            if off + 10 > len(msg):
                raise ValueError("RR cut short")
            t, c, ttl, rdlen = struct.unpack("!HHIH", msg[off:off + 10])
            off += 10
            rdata = msg[off:off + rdlen]
            if len(rdata) != rdlen:
                raise ValueError("RDATA runs past the end")
            off += rdlen
            types.append(TYPE_NAMES.get(t, "TYPE%d" % t))
            if t == 41:
                edns = (c, ttl)
                rcode |= (ttl >> 24) << 4
                o = 0
                while o + 4 <= len(rdata):
                    code, olen = struct.unpack("!HH", rdata[o:o + 4])
                    body = rdata[o + 4:o + 4 + olen]
                    if code == 15 and len(body) >= 2:
                        ede.append(str(struct.unpack("!H", body[:2])[0]))
                    o += 4 + olen
        tok.append("%s-types=%s" % (sect, ",".join(types) or "-"))
    if off != len(msg):
        tok.append("trailing=%d" % (len(msg) - off))
    tok.insert(3, "rcode=" + RCODES.get(rcode, "RCODE%d" % rcode))
    if edns is None:
        tok.append("edns=none")
    else:
        tok += ["edns=%d" % ((edns[1] >> 16) & 0xFF), "udp=%d" % edns[0],
                ("+" if edns[1] & 0x8000 else "-") + "do"]
    tok.append("ede=" + (",".join(ede) or "-"))
    return " ".join(tok)


def main(argv):
    if len(argv) == 2 and argv[0] == "--summary":
        with open(argv[1], "rb") as f:
            data = f.read()
        try:
            print(summary(data))
        except (ValueError, struct.error) as e:
            print("dnsq.py: %s: malformed: %s" % (argv[1], e), file=sys.stderr)
            return 2
        return 0
    opts = {"tcp": False, "rd": True, "do": False, "cd": False, "ad": False,
            "edns": True, "timeout": 3.0}
    args = []
    it = iter(argv)
    for a in it:
        if a == "--tcp":
            opts["tcp"] = True
        elif a == "--no-rd":
            opts["rd"] = False
        elif a == "--dnssec":
            opts["do"] = True
        elif a == "--cd":
            opts["cd"] = True
        elif a == "--ad":
            opts["ad"] = True
        elif a == "--no-edns":
            opts["edns"] = False
        elif a == "--timeout":
            opts["timeout"] = float(next(it, "x"))
        elif a.startswith("--"):
            raise UsageError("unknown option " + a)
        else:
            args.append(a)
    if len(args) != 5:
        raise UsageError("expected SERVER PORT NAME TYPE OUT.bin")
    server, port, name, qtype, out = args
    if opts["do"] and not opts["edns"]:
        raise UsageError("--dnssec needs EDNS")
    if not ipaddress.ip_address(server).is_loopback:
        raise UsageError("only loopback servers (127.0.0.0/8, ::1)")
    port = int(port)
    if not 0 < port < 65536:
        raise UsageError("bad port")
    try:
        resp = query(server, port, name_to_wire(name), type_from_text(qtype),
                     opts["tcp"], opts["rd"], opts["edns"], opts["do"],
                     opts["cd"], opts["ad"], opts["timeout"])
    except (TimeoutError, socket.timeout):
        print("dnsq.py: no answer from %s port %d within %g s"
              % (server, port, opts["timeout"]), file=sys.stderr)
        return 1
    except OSError as e:
        print("dnsq.py: %s port %d: %s" % (server, port, e), file=sys.stderr)
        return 1
    with open(out, "wb") as f:
        f.write(resp)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (UsageError, ValueError) as e:
        print("dnsq.py: %s" % e, file=sys.stderr)
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        sys.exit(64)
