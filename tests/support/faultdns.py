#!/usr/bin/python3
"""faultdns.py: a DNS server on loopback that misbehaves on request.

It serves the faults real servers will not produce (no answer, spoofed or
mismatched replies, garbage, truncation games, CNAME loops...), so that the
integration tests can drive acmeprobe's stub resolver through them. It is
written independently of acmeprobe's codec on purpose: every DNS message
is built and parsed here with struct, nothing comes from src/dns.

Usage:
  faultdns.py [--addr 127.0.0.1|::1] [--port N] [--lifetime S]
              [--mode normal|BEHAVIOUR-all] [--default BEHAVIOUR] [--tc-udp]
  faultdns.py --zone ORIGIN=FILE [--zone ORIGIN=FILE]... [--fault F[,F]...]
              [--serial N] [--omit NAME]... [--view SRC=F[,F]...]...
              [--addr A] [--port N] [--lifetime S]
  either form, intermittent faults on top:
              [--drop-every N | --drop-fraction F [--drop-seed S]]
              [--drop-type TYPE]... [--drop-transport udp|tcp]

  --addr      address to bind (loopback only: 127.0.0.0/8 or ::1)
  --port      UDP and TCP port (0, the default, picks a free port that is
              free for both)
  --lifetime  seconds after which the server exits by itself (default 120),
              so that a test can never leave it running
  --mode      `normal` (default): the behaviour is chosen by the first label
              of each question name; `B-all` (e.g. `servfail-all`,
              `drop-all`, `refused-all`): behaviour B for every name
  --default   the behaviour of a name whose first label names none (default:
              REFUSED, as "anything else" below). With `--default empty`
              every label of a name picks the behaviour of its own query,
              so a CAA tree walk (the name, then each parent up to the TLD)
              can meet a fault at any level: x.servfail.ok.t. asks
              x.servfail.ok.t. (empty), servfail.ok.t. (SERVFAIL), ok.t.
              (the `ok` CAA record) and t. (empty)
  --tc-udp    every UDP query gets TC=1 and no records; the behaviour
              applies over TCP only
  --zone      zone mode (see "Zone mode" below): serve the zone ORIGIN as
              read from FILE; repeatable. Not with --mode, --default or
              --tc-udp.
  --fault     zone mode: the fault(s) of this server, comma-separated
              (default: healthy)
  --serial    zone mode: serve this SOA serial instead of the file's
  --omit      zone mode: remove every record of NAME (relative to each
              zone, or absolute), so that it is NXDOMAIN here; repeatable
  --view      zone mode: queries whose source address is SRC get the
              fault(s) F instead of --fault's (a server that answers some
              networks and not others: an access list, geo-DNS, a
              firewall rule); repeatable. F is one of the query faults
              below: refused, noaa, drop-unknown, drop-caa,
              notimp-unknown, notimp-private, servfail-caa, nodata-nosoa,
              or healthy
  --drop-every N
              intermittent: no answer to every Nth query of each type (the
              Nth, 2Nth, ... counted per query type in the order queries
              arrive, UDP and TCP together); the rest are answered as the
              mode says. N >= 1.
  --drop-fraction F
              intermittent: no answer to a query with probability F (0 < F
              <= 1), drawn per query type from its own generator,
              random.Random(S * 65536 + TYPE).random() < F, one draw per
              query of that type in arrival order: the same seed and the
              same queries give the same drops on every run
  --drop-seed S
              the seed of --drop-fraction (default 1)
  --drop-type TYPE
              only queries of TYPE (A, CAA, TYPE65280...) are counted and
              may be dropped; repeatable; default: every type
  --drop-transport udp|tcp
              only queries over that transport are counted and may be
              dropped (default: both, counted together)

On stdout: "port N" then "ready" once both sockets are bound. On stderr:
one line per query received, e.g.
  faultdns: query transport=udp name=tc.example. type=A class=IN id=4660
            rd=1 cd=0 edns=1232 do=0 behaviour=tc n=1
(one line; n counts the queries seen so far for that behaviour), and a
summary "faultdns: counts tc=2 ok=1 ..." on exit. With --drop-every or
--drop-fraction, each query withheld is logged as
  faultdns: intermittent drop transport=udp name=x.example. type=CAA k=3
(k: the query's number among those of its type), and on exit one line per
type counted, "faultdns: intermittent type=CAA seen=9 dropped=3".
SIGTERM, SIGINT and the lifetime end it (exit 0).

Behaviours, by first label of the question name (case-insensitive); X is
the rest of the name, the "zone" (SOA owner), e.g. `example.`:
  ok              NOERROR: A 192.0.2.1 for A, AAAA 2001:db8::1 for AAAA,
                  CAA 0 issue "letsencrypt.org" for CAA, otherwise NODATA
                  (SOA of X in the authority section)
  drop            never answers (UDP; over TCP the connection is held open
                  without an answer)
  servfail, notimp, refused, formerr
                  that rcode, question echoed, no records
  servfail-ede    SERVFAIL with an OPT carrying EDE (RFC 8914) info-code 6,
                  extra text "signature expired"
  tc              UDP: TC=1, no records; TCP: the `ok` answer
  tc-big          UDP: TC=1, no records; TCP: 30 CAA records (about 1900
                  octets; for other types 30 A or AAAA records, or NODATA),
                  written in small pieces with short sleeps (partial reads)
  tc-tcp          UDP: TC=1; TCP: the `ok` answer but with TC=1 again (a
                  resolver must not loop on it)
  tc-tcp-nx       UDP: TC=1; TCP: NXDOMAIN (the SOA of X in the authority
                  section) with TC=1 again: an incomplete answer cannot
                  prove the name absent (boulder #8839)
  tc-cut          UDP: TC=1; TCP: a length prefix of 2000 followed by 100
                  octets, then the connection is closed
  udp-big         the tc-big answer over UDP, without TC, bigger than the
                  1232 octets the resolver advertises (over TCP too)
  wrongid         UDP: first the answer with a wrong ID (data 198.51.100.66),
                  then the right one
  wrongq          UDP: first four mismatched answers (data 198.51.100.66): a
                  different name (x + the name), the same name with another
                  type (AAAA for A, A otherwise), class CH, and the name as
                  ONE label whose text is the whole name ("wrongq\\.example",
                  which prints like the real name), then the right one
  wrongport       UDP: first the answer from another socket (another source
                  port; data 198.51.100.66), then the right one
  noqr            UDP: first the answer with QR=0, then the right one
  case            the right answer, but the question and owner names in
                  another letter case (RFC 5452: compare case-insensitively)
  garbage         a header with the query's ID, QR=1, QDCOUNT 1, ANCOUNT 5,
                  then 3 to 60 random octets: the server's reply, but never
                  parsable (over UDP; over TCP the same, length-prefixed).
                  A datagram with another ID would be a spoofing attempt,
                  whatever its content, not a malformed answer.
  garbage-then-ok UDP: that garbage, then the right answer
  loop1, loop2    loop1.X CNAME loop2.X, loop2.X CNAME loop1.X (the query
                  name's link first), all in one answer
  chainN          (N = 0..99) a chain of N CNAMEs chainN.X -> chain(N-1).X
                  -> ... -> chain0.X, and chain0.X has the `ok` record(s)
  chain           chain.X CNAME chain2.X, then as chain2: 3 CNAMEs
  long            long.X CNAME chain9.X, then as chain9: 10 CNAMEs
  short           only short.X CNAME ok.short-end.X (the chain stops short;
                  a follow-up query for ok.short-end.X gets the `ok` answer)
  nxdomain        NXDOMAIN with the SOA of X
  slow            the `ok` answer after 1.5 s
  empty           NOERROR and no records for every type (NODATA: the SOA of
                  X in the authority section)
  deny            CAA 0 issue ";" for CAA (no CA may issue); for other
                  types as `ok`
  caa-B           for type CAA behaviour B, for every other type the `ok`
                  answer (a nameserver or firewall that fails CAA only); B
                  is one of drop, servfail, notimp, refused, formerr,
                  servfail-ede, nxdomain, empty, deny
  cn-REST         only cn-REST.X CNAME REST.X (the chain stops short, so a
                  resolver asks REST.X itself, whose first label picks its
                  behaviour): cn-servfail.X is a CNAME to servfail.X,
                  cn-cn-ok.X a chain of two CNAMEs to ok.X
  anything else   REFUSED (so a typo in a test shows up), or the --default
                  behaviour

Zone mode (--zone): an authoritative server for whole zones, with one
fault chosen on the command line for every query, so that several
instances (one per nameserver address) can each play one server of a
zone's NS set. It reads the zone-file subset the test zones use ($TTL,
$ORIGIN, @, relative owners, a blank owner, ( ), comments; SOA, NS, CNAME,
A, AAAA, CAA, TXT); a file without $ORIGIN takes the ORIGIN given. It
answers with AA and without RA: the records of the type asked; a CNAME at
the name (not followed); else NODATA, or NXDOMAIN when the name does not
exist (not even as an empty non-terminal), with the zone's SOA in the
authority section; REFUSED for a name outside its zones. Over UDP an
answer larger than the query's EDNS size (512 without EDNS) goes out as
TC=1 without records. The faults (`healthy`, the default, has none):
  refused         REFUSED to every query (a lame server)
  noaa            every answer without AA (a lame server answering from
                  elsewhere)
  drop-unknown    no answer (UDP or TCP) for a type outside A, NS, CNAME,
                  SOA, PTR, MX, TXT, AAAA, SRV: CAA and TYPE65280 included
                  (a firewall from before CAA that drops unknown types)
  drop-caa        no answer for CAA only
  notimp-unknown  NOTIMP for a type outside that list (CAA included)
  notimp-private  NOTIMP for the private-use types 65280-65534 only
  servfail-caa    SERVFAIL for CAA only
  nodata-nosoa    NODATA and NXDOMAIN without the SOA (RFC 2308 wants it)
  no-caa          the zone without its CAA records (a server that missed
                  an update)
  no-tcp          nothing listens on TCP (connections are refused)
The query log names the behaviour `zone:FAULTS`.

Every response copies the ID, the opcode, RD and CD of the query, has QR,
AA and RA set, and carries an OPT (version 0, UDP size 1232, DO copied)
when the query had one. Names are compressed.

Only the Python standard library is used.
"""

import ipaddress
import os
import random
import signal
import socket
import struct
import sys
import threading
import time

T_A, T_NS, T_CNAME, T_SOA, T_AAAA, T_OPT, T_CAA = 1, 2, 5, 6, 28, 41, 257
C_IN, C_CH = 1, 3
TYPE_NAMES = {1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 12: "PTR", 15: "MX",
              16: "TXT", 28: "AAAA", 33: "SRV", 41: "OPT", 43: "DS",
              46: "RRSIG", 47: "NSEC", 48: "DNSKEY", 255: "ANY", 257: "CAA"}
CLASS_NAMES = {1: "IN", 3: "CH", 4: "HS", 255: "ANY"}
NOERROR, FORMERR, SERVFAIL, NXDOMAIN, NOTIMP, REFUSED = 0, 1, 2, 3, 4, 5
F_QR, F_AA, F_TC, F_RD, F_RA, F_AD, F_CD = (0x8000, 0x0400, 0x0200, 0x0100,
                                            0x0080, 0x0020, 0x0010)
TTL = 300
GOOD_A = bytes([192, 0, 2, 1])
EVIL_A = bytes([198, 51, 100, 66])
GOOD_AAAA = bytes.fromhex("20010db8000000000000000000000001")
EVIL_AAAA = bytes.fromhex("20010db8000000000000000000000666")
EDE_CODE, EDE_TEXT = 6, b"signature expired"
SLOW_DELAY = 1.5
BIG_COUNT = 30

# the behaviours --mode B-all accepts (chainN and loop2 are by name only)
MODES = ("ok", "drop", "servfail", "notimp", "refused", "formerr",
         "servfail-ede", "tc", "tc-big", "tc-tcp", "tc-tcp-nx", "tc-cut", "udp-big",
         "wrongid", "wrongq", "wrongport", "noqr", "case", "garbage",
         "garbage-then-ok", "loop1", "chain", "long", "short", "nxdomain",
         "slow", "empty", "deny")
# what caa-B may wrap: B for type CAA, `ok` for the other types
CAA_ONLY = ("drop", "servfail", "notimp", "refused", "formerr", "servfail-ede",
            "nxdomain", "empty", "deny")

LOG_LOCK = threading.Lock()
COUNTS = {}


def log(msg):
    with LOG_LOCK:
        sys.stderr.write("faultdns: " + msg + "\n")
        sys.stderr.flush()


# ---- names -----------------------------------------------------------------

def name_text(labels):
    """Presentation form of a list of label byte strings (with escapes)."""
    if not labels:
        return "."
    out = []
    for lab in labels:
        s = ""
        for b in lab:
            c = chr(b)
            if c in ".\\\"();@$ ":
                s += "\\" + c
            elif 0x21 <= b <= 0x7e:
                s += c
            else:
                s += "\\%03d" % b
        out.append(s)
    return ".".join(out) + "."


def parse_name(msg, off):
    """Reads a (possibly compressed) name; returns (labels, offset after)."""
    labels, end, jumps, pos = [], None, 0, off
    while True:
        if pos >= len(msg):
            raise ValueError("name runs past the message")
        ln = msg[pos]
        if ln & 0xC0 == 0xC0:
            if pos + 1 >= len(msg):
                raise ValueError("cut pointer")
            if end is None:
                end = pos + 2
            jumps += 1
            if jumps > 64:
                raise ValueError("pointer loop")
            pos = ((ln & 0x3F) << 8) | msg[pos + 1]
            continue
        if ln & 0xC0:
            raise ValueError("bad label type")
        pos += 1
        if ln == 0:
            break
        if pos + ln > len(msg):
            raise ValueError("label runs past the message")
        labels.append(bytes(msg[pos:pos + ln]))
        pos += ln
    return labels, (end if end is not None else pos)


class Builder:
    """A response under construction, with name compression."""

    def __init__(self, qid, flags, rcode, question, tc=False):
        self.qid, self.flags, self.rcode = qid, flags, rcode
        self.tc = tc
        self.buf = bytearray(12)
        self.names = {}  # lowercased suffix tuple -> offset
        self.counts = [0, 0, 0, 0]
        if question is not None:
            qlabels, qtype, qclass = question
            self.name(qlabels)
            self.buf += struct.pack("!HH", qtype, qclass)
            self.counts[0] = 1

    def name(self, labels, out=None):
        buf = self.buf if out is None else out
        base = len(self.buf) if out is not None else 0
        for i in range(len(labels)):
            key = tuple(lab.lower() for lab in labels[i:])
            if key in self.names:
                buf += struct.pack("!H", 0xC000 | self.names[key])
                return
            pos = base + len(buf) if out is not None else len(buf)
            if pos < 0x3FFF:
                self.names[key] = pos
            buf.append(len(labels[i]))
            buf += labels[i]
        buf.append(0)

    def rr(self, section, labels, rtype, rclass, ttl, rdata_fn):
        """rdata_fn(builder, bytearray) appends the RDATA (names may be
        compressed against what precedes)."""
        self.name(labels)
        self.buf += struct.pack("!HHI", rtype, rclass, ttl)
        at = len(self.buf)
        self.buf += b"\0\0"
        rdata = bytearray()
        # the RDATA starts at len(self.buf); names inside it are compressed
        # relative to that position
        rdata_fn(self, rdata)
        struct.pack_into("!H", self.buf, at, len(rdata))
        self.buf += rdata
        self.counts[section] += 1

    def opt(self, do, options=b""):
        self.buf += b"\0" + struct.pack("!HHBBHH", T_OPT, 1232, 0, 0,
                                        0x8000 if do else 0, len(options))
        self.buf += options
        self.counts[3] += 1

    def bytes(self):
        flags = self.flags | (self.rcode & 0xF)
        if self.tc:
            flags |= F_TC
        struct.pack_into("!HHHHHH", self.buf, 0, self.qid, flags, *self.counts)
        return bytes(self.buf)


def rd_raw(data):
    return lambda b, out: out.extend(data)


def rd_name(labels):
    return lambda b, out: b.name(labels, out)


def rd_soa(zone):
    def fn(b, out):
        b.name([b"ns"] + zone, out)
        b.name([b"hostmaster"] + zone, out)
        out.extend(struct.pack("!IIIII", 1, 3600, 600, 86400, 300))
    return fn


def rd_caa(flags, tag, value):
    return rd_raw(bytes([flags, len(tag)]) + tag + value)


# ---- queries ---------------------------------------------------------------

class Query:
    def __init__(self, raw):
        if len(raw) < 12:
            raise ValueError("short")
        (self.id, self.flags, qd, an, ns, ar) = struct.unpack_from("!HHHHHH", raw)
        if qd != 1:
            raise ValueError("qdcount %d" % qd)
        self.labels, off = parse_name(raw, 12)
        if off + 4 > len(raw):
            raise ValueError("cut question")
        self.qtype, self.qclass = struct.unpack_from("!HH", raw, off)
        off += 4
        self.edns, self.do = None, False
        # skip answer/authority, look for an OPT in additional
        try:
            for i in range(an + ns + ar):
                _, off = parse_name(raw, off)
                rtype, rclass, ttl, rdlen = struct.unpack_from("!HHIH", raw, off)
                off += 10 + rdlen
                if i >= an + ns and rtype == T_OPT:
                    self.edns = rclass
                    self.do = bool(ttl & 0x8000)
        except (ValueError, struct.error):
            pass
        self.raw = raw

    @property
    def first(self):
        return self.labels[0].decode("ascii", "replace").lower() if self.labels else ""

    @property
    def zone(self):
        return self.labels[1:]

    def question(self):
        return (self.labels, self.qtype, self.qclass)

    def resp_flags(self):
        return (F_QR | F_AA | F_RA | (self.flags & 0x7800) |
                (self.flags & (F_RD | F_CD)))


def known_behaviour(f):
    """Does the first label f name a behaviour (by itself, not by --default)?"""
    if f in MODES or f == "loop2":
        return True
    if f.startswith("chain") and f[5:].isdigit() and len(f) <= 7:
        return True
    if f.startswith("caa-") and f[4:] in CAA_ONLY:
        return True
    return f.startswith("cn-") and len(f) > 3


def behaviour_of(q, mode, default=None):
    if mode != "normal":
        return mode
    f = q.first
    if f.startswith("chain") and f[5:].isdigit() and len(f) <= 7:
        return "chainN"
    if default is not None and not known_behaviour(f):
        return default
    return f


def add_final(b, q, owner, evil=False):
    """The `ok` records for owner and q.qtype; True if any were added."""
    if q.qtype == T_A:
        b.rr(1, owner, T_A, C_IN, TTL, rd_raw(EVIL_A if evil else GOOD_A))
    elif q.qtype == T_AAAA:
        b.rr(1, owner, T_AAAA, C_IN, TTL, rd_raw(EVIL_AAAA if evil else GOOD_AAAA))
    elif q.qtype == T_CAA:
        b.rr(1, owner, T_CAA, C_IN, TTL,
             rd_caa(0, b"issue", b"evil.example" if evil else b"letsencrypt.org"))
    else:
        return False
    return True


def finish(b, q, extra_opt=b""):
    if q.edns is not None:
        b.opt(q.do, extra_opt)
    return b.bytes()


def answer_ok(q, labels=None, evil=False, qid=None, flags=None, qclass=None,
              qtype=None, tc=False):
    labels = q.labels if labels is None else labels
    b = Builder(q.id if qid is None else qid,
                q.resp_flags() if flags is None else flags, NOERROR,
                (labels, q.qtype if qtype is None else qtype,
                 q.qclass if qclass is None else qclass), tc=tc)
    if not add_final(b, q, labels, evil):
        b.rr(2, q.zone, T_SOA, C_IN, TTL, rd_soa(q.zone))
    return finish(b, q)


def answer_rcode(q, rcode, opt_options=b""):
    b = Builder(q.id, q.resp_flags(), rcode, q.question())
    return finish(b, q, opt_options)


def answer_nxdomain(q, tc=False):
    b = Builder(q.id, q.resp_flags(), NXDOMAIN, q.question(), tc=tc)
    b.rr(2, q.zone, T_SOA, C_IN, TTL, rd_soa(q.zone))
    return finish(b, q)


def answer_chain(q, links, final=True):
    """links: list of label lists; links[0] is the query name; a CNAME goes
    from each to the next; the last gets the final records if final."""
    b = Builder(q.id, q.resp_flags(), NOERROR, q.question())
    for a, t in zip(links, links[1:]):
        b.rr(1, a, T_CNAME, C_IN, TTL, rd_name(t))
    if final:
        add_final(b, q, links[-1])
    return finish(b, q)


def answer_big(q, tc=False):
    b = Builder(q.id, q.resp_flags(), NOERROR, q.question(), tc=tc)
    for i in range(BIG_COUNT):
        if q.qtype == T_CAA:
            v = b"ca%02d.example.net; validationmethods=dns-01,http-01" % i
            b.rr(1, q.labels, T_CAA, C_IN, TTL, rd_caa(0, b"issue", v))
        elif q.qtype == T_A:
            b.rr(1, q.labels, T_A, C_IN, TTL, rd_raw(bytes([192, 0, 2, 10 + i])))
        elif q.qtype == T_AAAA:
            b.rr(1, q.labels, T_AAAA, C_IN, TTL,
                 rd_raw(GOOD_AAAA[:15] + bytes([0x10 + i])))
        else:
            b.rr(2, q.zone, T_SOA, C_IN, TTL, rd_soa(q.zone))
            break
    return finish(b, q)


def answer_empty(q):
    """NOERROR, no record: the SOA of the zone in the authority section."""
    b = Builder(q.id, q.resp_flags(), NOERROR, q.question())
    b.rr(2, q.zone, T_SOA, C_IN, TTL, rd_soa(q.zone))
    return finish(b, q)


def answer_deny(q):
    """CAA 0 issue ";" for CAA; the `ok` answer for other types."""
    if q.qtype != T_CAA:
        return answer_ok(q)
    b = Builder(q.id, q.resp_flags(), NOERROR, q.question())
    b.rr(1, q.labels, T_CAA, C_IN, TTL, rd_caa(0, b"issue", b";"))
    return finish(b, q)


def answer_truncated(q):
    b = Builder(q.id, q.resp_flags(), NOERROR, q.question(), tc=True)
    return finish(b, q)


def garbage(q):
    """Our ID and QR=1 (so it is not a spoofing attempt: it is the server's
    answer, unreadable), one question and 5 answers promised, then 3 to 60
    random octets: never a parsable message."""
    n = random.randint(3, 60)
    return struct.pack("!HHHHHH", q.id, F_QR | F_RA | (q.flags & F_RD),
                       1, 5, 0, 0) + os.urandom(n)


def mixed_case(labels):
    out = []
    for lab in labels:
        nb = bytearray(lab)
        for i, c in enumerate(nb):
            if chr(c).isalpha():
                nb[i] = c ^ 0x20 if i % 2 == 0 else c
        out.append(bytes(nb))
    return out


def plan(q, transport, behaviour):
    """What to do: a list of steps (delay_s, data_or_None, via_other_socket).
    data None means: send nothing. A special step ("tcp-pieces", data) writes
    in pieces, ("tcp-cut",) writes a cut message and closes."""
    zone = q.zone
    udp = transport == "udp"
    if behaviour == "ok":
        return [(0, answer_ok(q), False)]
    if behaviour == "drop":
        return []
    if behaviour in ("servfail", "notimp", "refused", "formerr"):
        rc = {"servfail": SERVFAIL, "notimp": NOTIMP, "refused": REFUSED,
              "formerr": FORMERR}[behaviour]
        return [(0, answer_rcode(q, rc), False)]
    if behaviour == "servfail-ede":
        ede = struct.pack("!H", EDE_CODE) + EDE_TEXT
        return [(0, answer_rcode(q, SERVFAIL, struct.pack("!HH", 15, len(ede)) + ede),
                 False)]
    if behaviour == "tc":
        return [(0, answer_truncated(q) if udp else answer_ok(q), False)]
    if behaviour == "tc-big":
        if udp:
            return [(0, answer_truncated(q), False)]
        return [("tcp-pieces", answer_big(q))]
    if behaviour == "tc-tcp":
        if udp:
            return [(0, answer_truncated(q), False)]
        return [(0, answer_ok(q, tc=True), False)]
    if behaviour == "tc-tcp-nx":
        if udp:
            return [(0, answer_truncated(q), False)]
        return [(0, answer_nxdomain(q, tc=True), False)]
    if behaviour == "tc-cut":
        if udp:
            return [(0, answer_truncated(q), False)]
        return [("tcp-cut",)]
    if behaviour == "udp-big":
        return [(0, answer_big(q), False)]
    if behaviour == "wrongid":
        if not udp:
            return [(0, answer_ok(q), False)]
        return [(0, answer_ok(q, evil=True, qid=q.id ^ 0x5A5A), False),
                (0.02, answer_ok(q), False)]
    if behaviour == "wrongq":
        if not udp:
            return [(0, answer_ok(q), False)]
        other_type = T_AAAA if q.qtype == T_A else T_A
        one_label = [b".".join(q.labels)]
        return [(0, answer_ok(q, labels=[b"x" + q.labels[0]] + q.labels[1:],
                              evil=True), False),
                (0, answer_ok(q, evil=True, qtype=other_type), False),
                (0, answer_ok(q, evil=True, qclass=C_CH), False),
                (0, answer_ok(q, labels=one_label, evil=True), False),
                (0.02, answer_ok(q), False)]
    if behaviour == "wrongport":
        if not udp:
            return [(0, answer_ok(q), False)]
        return [(0, answer_ok(q, evil=True), True),
                (0.05, answer_ok(q), False)]
    if behaviour == "noqr":
        if not udp:
            return [(0, answer_ok(q), False)]
        return [(0, answer_ok(q, evil=True, flags=q.resp_flags() & ~F_QR), False),
                (0.02, answer_ok(q), False)]
    if behaviour == "case":
        return [(0, answer_ok(q, labels=mixed_case(q.labels)), False)]
    if behaviour == "garbage":
        return [(0, garbage(q), False)]
    if behaviour == "garbage-then-ok":
        if not udp:
            return [(0, answer_ok(q), False)]
        return [(0, garbage(q), False), (0.02, answer_ok(q), False)]
    if behaviour in ("loop1", "loop2"):
        other = b"loop2" if behaviour == "loop1" else b"loop1"
        return [(0, answer_chain(q, [q.labels, [other] + zone, q.labels],
                                 final=False), False)]
    if behaviour in ("chainN", "chain", "long"):
        if behaviour == "chainN":
            n = int(q.first[5:])
            links = [q.labels]
        else:
            n = 3 if behaviour == "chain" else 10
            links = [q.labels, [b"chain%d" % (n - 1)] + zone]
            n -= 1
        for k in range(n - 1, -1, -1):
            links.append([b"chain%d" % k] + zone)
        return [(0, answer_chain(q, links), False)]
    if behaviour == "short":
        return [(0, answer_chain(q, [q.labels, [b"ok", b"short-end"] + zone],
                                 final=False), False)]
    if behaviour == "nxdomain":
        return [(0, answer_nxdomain(q), False)]
    if behaviour == "slow":
        return [(SLOW_DELAY, answer_ok(q), False)]
    if behaviour == "empty":
        return [(0, answer_empty(q), False)]
    if behaviour == "deny":
        return [(0, answer_deny(q), False)]
    if behaviour.startswith("caa-") and behaviour[4:] in CAA_ONLY:
        return plan(q, transport, behaviour[4:] if q.qtype == T_CAA else "ok")
    if behaviour.startswith("cn-") and len(behaviour) > 3:
        target = [q.labels[0][3:]] + zone
        return [(0, answer_chain(q, [q.labels, target], final=False), False)]
    return [(0, answer_rcode(q, REFUSED), False)]


# ---- zone mode (--zone ORIGIN=FILE) ------------------------------------------
#
# An authoritative server for whole zones read from zone files, with one
# fault (or several) for every query: the nameserver misbehaviours that
# `acmeprobe check` diagnoses. Only the zone-file subset the test zones use
# is read: $TTL, $ORIGIN, @, relative and absolute owners, a blank owner
# (the previous one), optional TTL and class IN, ( ) continuation, ;
# comments, "quoted strings"; types SOA, NS, CNAME, A, AAAA, CAA, TXT.

T_TXT = 16
# The types a DNS "protection" box from before CAA (2013) knows; the
# *-unknown faults treat every other type (CAA, TYPE65280...) as unknown.
KNOWN_TYPES = frozenset((T_A, T_NS, T_CNAME, T_SOA, 12, 15, T_TXT, T_AAAA, 33))
ZONE_FAULTS = ("healthy", "refused", "noaa", "drop-unknown", "drop-caa",
               "notimp-unknown", "notimp-private", "servfail-caa",
               "nodata-nosoa", "no-caa", "no-tcp")
# the faults a --view may give: those decided query by query
VIEW_FAULTS = ("healthy", "refused", "noaa", "drop-unknown", "drop-caa",
               "notimp-unknown", "notimp-private", "servfail-caa", "nodata-nosoa")
ZONE_TYPES = {"SOA": T_SOA, "NS": T_NS, "CNAME": T_CNAME, "A": T_A,
              "AAAA": T_AAAA, "CAA": T_CAA, "TXT": T_TXT}


def zone_tokens(text):
    """Yields the token lists of the logical lines of a zone file; a line
    that starts with blank space gets "" as its first token (the owner is
    the previous one)."""
    toks, depth, line_start = [], 0, True
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            i += 1
            if depth == 0:
                if toks and toks != [""]:  # not a blank or comment line
                    yield toks
                toks, line_start = [], True
            continue
        if c in " \t\r":
            if line_start and depth == 0 and not toks:
                toks.append("")
            line_start = False
            i += 1
            continue
        line_start = False
        if c == ";":
            while i < n and text[i] != "\n":
                i += 1
            continue
        if c == "(":
            depth += 1
            i += 1
            continue
        if c == ")":
            depth -= 1
            i += 1
            continue
        if c == '"':
            j, s = i + 1, ""
            while j < n and text[j] != '"':
                if text[j] == "\\" and j + 1 < n:
                    j += 1
                s += text[j]
                j += 1
            toks.append('"' + s)  # a leading quote marks a quoted string
            i = j + 1
            continue
        j = i
        while j < n and text[j] not in " \t\r\n;()\"":
            j += 1
        toks.append(text[i:j])
        i = j
    if toks and toks != [""]:
        yield toks


def text_labels(name, origin):
    """A name in presentation form (no escapes) to labels; relative names
    get the origin appended, @ is the origin."""
    if name == "@":
        return list(origin)
    if name.endswith("."):
        return [lab.encode() for lab in name[:-1].split(".") if lab]
    return [lab.encode() for lab in name.split(".")] + list(origin)


def key_of(labels):
    return tuple(lab.lower() for lab in labels)


class Zone:
    def __init__(self, origin, path):
        self.origin = text_labels(origin if origin.endswith(".") else origin + ".", [])
        self.key = key_of(self.origin)
        self.names = {}  # key -> [owner labels, [(rtype, ttl, rdata), ...]]
        self.soa = None
        ttl, cur_origin, owner = 3600, self.origin, None
        with open(path, encoding="utf-8") as f:
            for toks in zone_tokens(f.read()):
                if toks[0] == "$TTL":
                    ttl = int(toks[1])
                    continue
                if toks[0] == "$ORIGIN":
                    cur_origin = text_labels(toks[1], self.origin)
                    continue
                if toks[0] != "":
                    owner = text_labels(toks[0], cur_origin)
                toks = toks[1:]
                rttl = ttl
                while toks and (toks[0].isdigit() or toks[0].upper() == "IN"):
                    if toks[0].isdigit():
                        rttl = int(toks[0])
                    toks = toks[1:]
                if owner is None or not toks or toks[0].upper() not in ZONE_TYPES:
                    raise ValueError("%s: cannot read %r" % (path, toks))
                rtype = ZONE_TYPES[toks[0].upper()]
                self.add(owner, rtype, rttl, self.rdata(rtype, toks[1:], cur_origin))
        if self.soa is None:
            raise ValueError("%s: no SOA at %s" % (path, name_text(self.origin)))

    def rdata(self, rtype, a, origin):
        if rtype in (T_NS, T_CNAME):
            return ("name", text_labels(a[0], origin))
        if rtype == T_SOA:
            return ("soa", text_labels(a[0], origin), text_labels(a[1], origin),
                    [int(x) for x in a[2:7]])
        if rtype == T_A:
            return ("raw", ipaddress.IPv4Address(a[0]).packed)
        if rtype == T_AAAA:
            return ("raw", ipaddress.IPv6Address(a[0]).packed)
        if rtype == T_CAA:
            value = a[2][1:] if a[2].startswith('"') else a[2]
            return ("raw", bytes([int(a[0]), len(a[1])]) + a[1].encode() + value.encode())
        return ("raw", b"".join(bytes([len(s) - 1]) + s[1:].encode()
                                for s in a if s.startswith('"')))

    def add(self, owner, rtype, ttl, rdata):
        entry = self.names.setdefault(key_of(owner), [owner, []])
        entry[1].append((rtype, ttl, rdata))
        if rtype == T_SOA and key_of(owner) == self.key:
            self.soa = (owner, ttl, rdata)

    def omit(self, name):
        """Removes every record owned by name (relative to the origin, or
        absolute)."""
        self.names.pop(key_of(text_labels(name, self.origin)), None)

    def drop_type(self, rtype):
        for entry in self.names.values():
            entry[1] = [r for r in entry[1] if r[0] != rtype]

    def exists(self, key):
        """Is key a name of the zone (with records, or above one: an empty
        non-terminal)?"""
        if key in self.names and self.names[key][1]:
            return True
        return any(k[-len(key):] == key and len(k) > len(key) and self.names[k][1]
                   for k in self.names)


def rd_zone(rdata, serial=None):
    kind = rdata[0]
    if kind == "name":
        return rd_name(rdata[1])
    if kind == "soa":
        def fn(b, out):
            b.name(rdata[1], out)
            b.name(rdata[2], out)
            v = list(rdata[3])
            if serial is not None:
                v[0] = serial
            out.extend(struct.pack("!IIIII", *v))
        return fn
    return rd_raw(rdata[1])


class ZoneSet:
    """The zones of one server, its faults and its serial override."""

    def __init__(self, zones, faults, serial=None, views=None):
        self.zones, self.faults, self.serial = zones, set(faults), serial
        self.views = views or {}  # source address -> set of faults
        if "no-caa" in self.faults:
            for z in zones:
                z.drop_type(T_CAA)

    def find(self, key):
        best = None
        for z in self.zones:
            if key[len(key) - len(z.key):] == z.key and len(key) >= len(z.key):
                if best is None or len(z.key) > len(best.key):
                    best = z
        return best

    def faults_for(self, peer):
        """The faults that apply to a query from peer (a socket address)."""
        return self.views.get(peer[0], self.faults) if peer else self.faults

    def label(self, peer=None):
        f = self.faults_for(peer)
        name = "zone:" + ",".join(sorted(f)) if f else "zone:healthy"
        if peer and peer[0] in self.views:
            name += "(view %s)" % peer[0]
        return name

    def answer(self, q, transport, peer=None):
        """The steps of plan() for q in zone mode, from peer."""
        f = self.faults_for(peer)
        qt = q.qtype
        zone = self.find(key_of(q.labels))
        flags = F_QR | (q.flags & 0x7800) | (q.flags & (F_RD | F_CD))
        if zone is None or "refused" in f:
            return [(0, finish(Builder(q.id, flags, REFUSED, q.question()), q), False)]
        if (("drop-unknown" in f and qt not in KNOWN_TYPES) or
                ("drop-caa" in f and qt == T_CAA)):
            return []
        rcode = None
        if "notimp-unknown" in f and qt not in KNOWN_TYPES:
            rcode = NOTIMP
        elif "notimp-private" in f and qt >= 65280:
            rcode = NOTIMP
        elif "servfail-caa" in f and qt == T_CAA:
            rcode = SERVFAIL
        if "noaa" not in f:
            flags |= F_AA
        if rcode is not None:
            return [(0, finish(Builder(q.id, flags, rcode, q.question()), q), False)]
        key = key_of(q.labels)
        b = Builder(q.id, flags, NOERROR, q.question())
        rrs = zone.names.get(key, [None, []])[1]
        match = [r for r in rrs if r[0] == qt]
        cname = [r for r in rrs if r[0] == T_CNAME]
        if match or (cname and qt != T_CNAME):
            for rtype, ttl, rdata in (match or cname):
                b.rr(1, q.labels, rtype, C_IN, ttl, rd_zone(rdata, self.serial))
        else:
            if not zone.exists(key):
                b.rcode = NXDOMAIN
            if "nodata-nosoa" not in f:
                owner, ttl, rdata = zone.soa
                b.rr(2, owner, T_SOA, C_IN, ttl, rd_zone(rdata, self.serial))
        data = finish(b, q)
        if transport == "udp":
            limit = max(512, q.edns) if q.edns is not None else 512
            if len(data) > limit:
                data = finish(Builder(q.id, flags, NOERROR, q.question(), tc=True), q)
        return [(0, data, False)]


class Intermittent:
    """--drop-every / --drop-fraction: which queries go unanswered, decided
    in arrival order, per query type (see the usage above)."""

    def __init__(self, every=None, fraction=None, seed=1, types=(), transport=None):
        self.every, self.fraction, self.seed = every, fraction, seed
        self.types = frozenset(types)
        self.transport = transport
        self.seen, self.dropped, self.rngs = {}, {}, {}

    def active(self):
        return self.every is not None or self.fraction is not None

    def drop(self, qtype, transport):
        """(withheld?, k): k is the query's number among its type, 0 when
        the type (or transport) is not counted."""
        if (not self.active() or (self.types and qtype not in self.types) or
                (self.transport and transport != self.transport)):
            return False, 0
        with LOG_LOCK:
            k = self.seen.get(qtype, 0) + 1
            self.seen[qtype] = k
            if self.every is not None:
                withheld = k % self.every == 0
            else:
                rng = self.rngs.setdefault(qtype,
                                           random.Random(self.seed * 65536 + qtype))
                withheld = rng.random() < self.fraction
            if withheld:
                self.dropped[qtype] = self.dropped.get(qtype, 0) + 1
        return withheld, k

    def describe(self):
        which = ("every %d" % self.every if self.every is not None else
                 "a fraction %g (seed %d)" % (self.fraction, self.seed))
        types = ",".join(TYPE_NAMES.get(t, "TYPE%d" % t) for t in sorted(self.types))
        return "intermittent: %s of the %s queries%s unanswered" % (
            which, types if types else "every type's",
            " over " + self.transport.upper() if self.transport else "")

    def summary(self):
        return ["intermittent type=%s seen=%d dropped=%d" % (
            TYPE_NAMES.get(t, "TYPE%d" % t), n, self.dropped.get(t, 0))
            for t, n in sorted(self.seen.items())]


INTERMITTENT = Intermittent()


def withheld(q, transport):
    """True (and logged) when the intermittent fault keeps q unanswered."""
    gone, k = INTERMITTENT.drop(q.qtype, transport)
    if gone:
        log("intermittent drop transport=%s name=%s type=%s k=%d" % (
            transport, name_text(q.labels),
            TYPE_NAMES.get(q.qtype, "TYPE%d" % q.qtype), k))
    return gone


def note_query(q, transport, behaviour):
    with LOG_LOCK:
        COUNTS[behaviour] = COUNTS.get(behaviour, 0) + 1
        n = COUNTS[behaviour]
    log("query transport=%s name=%s type=%s class=%s id=%d rd=%d cd=%d "
        "edns=%s do=%d behaviour=%s n=%d" % (
            transport, name_text(q.labels),
            TYPE_NAMES.get(q.qtype, "TYPE%d" % q.qtype),
            CLASS_NAMES.get(q.qclass, "CLASS%d" % q.qclass), q.id,
            1 if q.flags & F_RD else 0, 1 if q.flags & F_CD else 0,
            "-" if q.edns is None else str(q.edns), 1 if q.do else 0,
            behaviour, n))


# ---- transports ------------------------------------------------------------

class Server:
    def __init__(self, addr, port, mode, default=None, tc_udp=False, zones=None):
        self.mode = mode
        self.default = default
        self.tc_udp = tc_udp
        self.zones = zones  # a ZoneSet in zone mode
        self.no_tcp = zones is not None and "no-tcp" in zones.faults
        self.family = socket.AF_INET6 if ":" in addr else socket.AF_INET
        self.addr = addr
        self.udp, self.tcp = self.bind(addr, port)
        self.port = self.udp.getsockname()[1]
        self.other = socket.socket(self.family, socket.SOCK_DGRAM)
        self.other.bind((addr, 0))

    def bind(self, addr, port):
        if self.no_tcp:
            # zone fault no-tcp: nothing listens on TCP (connections refused)
            u = socket.socket(self.family, socket.SOCK_DGRAM)
            u.bind((addr, port))
            return u, None
        for _ in range(50):
            u = socket.socket(self.family, socket.SOCK_DGRAM)
            t = socket.socket(self.family, socket.SOCK_STREAM)
            t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                u.bind((addr, port))
                t.bind((addr, u.getsockname()[1]))
                t.listen(64)
                return u, t
            except OSError:
                u.close()
                t.close()
                if port:
                    raise
        raise OSError("no free port for both UDP and TCP")

    def run_steps(self, q, transport, steps, send):
        for step in steps:
            if step[0] == "tcp-pieces" or step[0] == "tcp-cut":
                send(step)
                continue
            delay, data, other = step
            if delay:
                time.sleep(delay)
            send((data, other))

    def handle_udp(self, raw, peer):
        try:
            q = Query(raw)
        except (ValueError, struct.error) as e:
            log("udp: unparsable query from %s: %s" % (peer, e))
            return
        if self.zones is not None:
            note_query(q, "udp", self.zones.label(peer))
            if withheld(q, "udp"):
                return
            self.run_steps(q, "udp", self.zones.answer(q, "udp", peer),
                           lambda item: self.udp.sendto(item[0], peer))
            return
        behaviour = behaviour_of(q, self.mode, self.default)
        note_query(q, "udp", behaviour)
        if withheld(q, "udp"):
            return

        def send(item):
            data, other = item
            (self.other if other else self.udp).sendto(data, peer)
        if self.tc_udp:
            steps = [(0, answer_truncated(q), False)]
        else:
            steps = plan(q, "udp", behaviour)
        self.run_steps(q, "udp", steps, send)

    def udp_loop(self):
        while True:
            try:
                raw, peer = self.udp.recvfrom(65535)
            except OSError:
                return
            threading.Thread(target=self.handle_udp, args=(raw, peer),
                             daemon=True).start()

    def tcp_conn(self, conn, peer):
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        lock = threading.Lock()
        buf = b""
        try:
            while True:
                chunk = conn.recv(65535)
                if not chunk:
                    return
                buf += chunk
                while len(buf) >= 2:
                    ln = struct.unpack_from("!H", buf)[0]
                    if len(buf) < 2 + ln:
                        break
                    raw, buf = buf[2:2 + ln], buf[2 + ln:]
                    threading.Thread(target=self.handle_tcp,
                                     args=(conn, lock, raw, peer),
                                     daemon=True).start()
        except OSError:
            return

    def handle_tcp(self, conn, lock, raw, peer):
        try:
            q = Query(raw)
        except (ValueError, struct.error) as e:
            log("tcp: unparsable query from %s: %s" % (peer, e))
            return
        if self.zones is not None:
            behaviour = self.zones.label(peer)
        else:
            behaviour = behaviour_of(q, self.mode, self.default)
        note_query(q, "tcp", behaviour)
        if withheld(q, "tcp"):
            return  # the connection stays open, without an answer

        def send(item):
            try:
                with lock:
                    if item[0] == "tcp-pieces":
                        data = struct.pack("!H", len(item[1])) + item[1]
                        conn.sendall(data[:1])
                        time.sleep(0.05)
                        for i in range(1, len(data), 97):
                            conn.sendall(data[i:i + 97])
                            time.sleep(0.01)
                    elif item[0] == "tcp-cut":
                        conn.sendall(struct.pack("!H", 2000) + os.urandom(100))
                        time.sleep(0.05)
                        conn.shutdown(socket.SHUT_RDWR)
                        conn.close()
                    else:
                        data = item[0]
                        conn.sendall(struct.pack("!H", len(data)) + data)
            except OSError as e:
                log("tcp: send to %s failed: %s" % (peer, e))
        steps = (self.zones.answer(q, "tcp", peer) if self.zones is not None
                 else plan(q, "tcp", behaviour))
        self.run_steps(q, "tcp", steps, send)

    def tcp_loop(self):
        while True:
            try:
                conn, peer = self.tcp.accept()
            except OSError:
                return
            threading.Thread(target=self.tcp_conn, args=(conn, peer),
                             daemon=True).start()


def type_code(text):
    """A query type by mnemonic (A, CAA...) or as TYPEnnn."""
    t = text.upper()
    for code, name in TYPE_NAMES.items():
        if name == t:
            return code
    if t.startswith("TYPE") and t[4:].isdigit() and 0 < int(t[4:]) < 65536:
        return int(t[4:])
    raise ValueError


def usage(msg):
    sys.stderr.write("faultdns.py: %s\n" % msg)
    sys.stderr.write(__doc__.split("\n\n")[2] + "\n")
    sys.exit(64)


def main(argv):
    addr, port, lifetime, mode = "127.0.0.1", 0, 120.0, "normal"
    default, tc_udp = None, False
    zone_specs, faults, serial, omit, views = [], [], None, [], {}
    drop_every, drop_fraction, drop_seed, drop_types = None, None, None, []
    drop_transport = None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-h", "--help"):
            sys.stdout.write(__doc__)
            return 0
        if a == "--tc-udp":
            tc_udp = True
            i += 1
            continue
        if a in ("--addr", "--port", "--lifetime", "--mode", "--default",
                 "--zone", "--fault", "--serial", "--omit", "--view", "--drop-every",
                 "--drop-fraction", "--drop-seed", "--drop-type", "--drop-transport"):
            if i + 1 >= len(argv):
                usage("%s needs a value" % a)
            v = argv[i + 1]
            i += 2
            try:
                if a == "--addr":
                    if not ipaddress.ip_address(v).is_loopback:
                        usage("--addr must be a loopback address")
                    addr = v
                elif a == "--port":
                    port = int(v)
                    if not 0 <= port <= 65535:
                        raise ValueError
                elif a == "--lifetime":
                    lifetime = float(v)
                    if lifetime <= 0:
                        raise ValueError
                elif a == "--zone":
                    origin, sep, path = v.partition("=")
                    if not sep or not origin or not path:
                        raise ValueError
                    zone_specs.append((origin, path))
                elif a == "--fault":
                    for x in v.split(","):
                        if x not in ZONE_FAULTS:
                            raise ValueError
                        if x != "healthy":
                            faults.append(x)
                elif a == "--serial":
                    serial = int(v)
                    if not 0 <= serial <= 0xFFFFFFFF:
                        raise ValueError
                elif a == "--omit":
                    omit.append(v)
                elif a == "--view":
                    src, sep, fl = v.partition("=")
                    if not sep or not ipaddress.ip_address(src).is_loopback:
                        raise ValueError
                    fs = set()
                    for x in fl.split(","):
                        if x not in VIEW_FAULTS:
                            raise ValueError
                        if x != "healthy":
                            fs.add(x)
                    views[str(ipaddress.ip_address(src))] = fs
                elif a == "--drop-every":
                    drop_every = int(v)
                    if drop_every < 1:
                        raise ValueError
                elif a == "--drop-fraction":
                    drop_fraction = float(v)
                    if not 0 < drop_fraction <= 1:
                        raise ValueError
                elif a == "--drop-seed":
                    drop_seed = int(v)
                    if drop_seed < 0:
                        raise ValueError
                elif a == "--drop-type":
                    drop_types.append(type_code(v))
                elif a == "--drop-transport":
                    if v not in ("udp", "tcp"):
                        raise ValueError
                    drop_transport = v
                elif a == "--default":
                    if v not in MODES:
                        raise ValueError
                    default = v
                else:
                    if v != "normal" and not (v.endswith("-all") and
                                              v[:-4] in MODES):
                        raise ValueError
                    mode = v if v == "normal" else v[:-4]
            except ValueError:
                usage("bad value for %s: %r" % (a, v))
            continue
        usage("unknown argument %r" % a)

    if drop_every is not None and drop_fraction is not None:
        usage("--drop-every and --drop-fraction do not go together")
    if ((drop_seed is not None or drop_types or drop_transport) and drop_every is None and
            drop_fraction is None):
        usage("--drop-seed, --drop-type and --drop-transport go with --drop-every or "
              "--drop-fraction")
    if drop_seed is not None and drop_fraction is None:
        usage("--drop-seed goes with --drop-fraction")
    global INTERMITTENT
    INTERMITTENT = Intermittent(drop_every, drop_fraction,
                                1 if drop_seed is None else drop_seed, drop_types,
                                drop_transport)
    zones = None
    if zone_specs:
        if mode != "normal" or default is not None or tc_udp:
            usage("--zone does not go with --mode, --default or --tc-udp")
        try:
            zs = [Zone(o, p) for o, p in zone_specs]
        except (OSError, ValueError, IndexError) as e:
            usage("cannot load zone: %s" % e)
        for z in zs:
            for name in omit:
                z.omit(name)
        zones = ZoneSet(zs, faults, serial, views)
    elif faults or serial is not None or omit or views:
        usage("--fault, --serial, --omit and --view go with --zone")
    try:
        srv = Server(addr, port, mode, default, tc_udp, zones)
    except OSError as e:
        sys.stderr.write("faultdns.py: cannot bind %s port %d: %s\n" % (addr, port, e))
        return 1

    def stop(*_):
        log("counts " + " ".join("%s=%d" % kv for kv in sorted(COUNTS.items())))
        for line in INTERMITTENT.summary():
            log(line)
        sys.stdout.flush()
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    threading.Thread(target=srv.udp_loop, daemon=True).start()
    if srv.tcp is not None:
        threading.Thread(target=srv.tcp_loop, daemon=True).start()
    sys.stdout.write("port %d\nready\n" % srv.port)
    sys.stdout.flush()
    log("listening on %s port %d (%s), mode %s%s%s%s, lifetime %gs" %
        (addr, srv.port, "udp" if srv.tcp is None else "udp+tcp",
         zones.label() if zones is not None else mode,
         ", default %s" % default if default is not None else "",
         ", TC=1 on every UDP answer" if tc_udp else "",
         ", " + INTERMITTENT.describe() if INTERMITTENT.active() else "", lifetime))
    deadline = time.monotonic() + lifetime
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            log("lifetime over")
            stop()
        # signals are handled in the main thread between these sleeps
        time.sleep(min(left, 0.2))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
