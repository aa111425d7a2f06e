#!/usr/bin/python3
"""rrcompare.py: compares the records `acmeprobe decode` prints for one
section with what kdig prints for the same query, field by field.

Usage: rrcompare.py SECTION DECODE.txt KDIG.txt KDIG-GENERIC.txt
       rrcompare.py header DECODE.txt SUMMARY.txt
       rrcompare.py headers < LIST   (lines "MSG.bin<TAB>DECODE.txt")

  SECTION           answer, authority or additional
  DECODE.txt        stdout of `acmeprobe decode FILE`
  KDIG.txt          stdout of `kdig ... +noall +SECTION`
  KDIG-GENERIC.txt  the same with +generic (every RDATA as RFC 3597 \\#)

Prints "records: N" and exits 0 when both sides hold the same records (as
a multiset: order does not matter); otherwise prints one "# ..." line per
difference and exits 1. Exit 2 on unreadable input.

The header form compares the header and EDNS lines of `acmeprobe decode`
(";; ->>HEADER<<- opcode: Q, status: S, id: N", ";; flags: ...; QUERY: n,
ANSWER: n, AUTHORITY: n, ADDITIONAL: n", ";; EDNS: version V, flags: do;
udp: U", ";; EDE: CODE ...") with the tokens of `dnsq.py --summary` for the
same file: ID, opcode, RCODE (EDNS extended RCODE included), the seven
flags, the four counts, EDNS version, UDP size, DO, and the EDE codes.
The headers form does the same for many files in one process (it loads
tests/support/dnsq.py for the summaries) and prints one "ok - decode MSG"
or "not ok - ..." line per file; it exits 1 if any differs.

Each record is read as owner, TTL, class, type, RDATA. Both sides are
reduced to the value the text stands for, so that two correct spellings of
the same data compare equal and nothing else does. The normalizations (all
of them are representation choices the RFCs leave open):

  N1 whitespace: fields are split on runs of blanks and tabs (kdig pads
     the owner with spaces and ends CAA lines with a blank); acmeprobe's
     lines must be TAB-separated (its contract), which is checked apart.
  N2 names (owner, and the names inside NS, CNAME, DNAME, PTR, MX, SOA,
     RRSIG, NSEC RDATA) are decoded from RFC 1035 s5.1 escapes (\\X, \\DDD)
     to their octets, which must be equal, case included.
  N3 <character-string>s (TXT, CAA value, HINFO) are decoded the same way:
     "\\034" and "\\"" are the same octet.
  N4 addresses (A, AAAA) are compared as addresses (2001:db8::1 is
     2001:DB8:0::1).
  N5 hex fields (DS digest, NSEC3 salt, RFC 3597 data) ignore case and
     blanks; "-" is the empty salt.
  N6 base64 fields (DNSKEY key, RRSIG signature) are decoded, blanks
     ignored.
  N7 RRSIG times may be YYYYMMDDHHmmSS or seconds (RFC 4034 s3.2): both
     become seconds since the epoch.
  N8 NSEC3 next hashed owner: base32hex is case-insensitive (RFC 5155
     s3.3).
  N9 types (RR type, RRSIG type covered, NSEC/NSEC3 bitmaps) and classes
     are compared by number: "CAA" is TYPE257, "IN" is CLASS1.
  N10 a CAA tag is decoded from \\DDD escapes: RFC 8659 s4.1.1 allows only
     letters and digits, so a tag with any other octet has no standard
     spelling (kdig prints "iss-ue" raw, acmeprobe "iss\\045ue").
  N11 a record acmeprobe prints in RFC 3597 generic form (\\# len hex) is
     compared with kdig's +generic form of the same record: same octets.
     RFC 3597 s5 lets a printer use it for any type; each use is counted
     and reported (stdout line "generic: N").

The script uses only the Python standard library: no project code.
"""

import base64
import binascii
import calendar
import collections
import ipaddress
import sys
import time

TYPES = {
    "A": 1, "NS": 2, "MD": 3, "MF": 4, "CNAME": 5, "SOA": 6, "MB": 7,
    "MG": 8, "MR": 9, "NULL": 10, "WKS": 11, "PTR": 12, "HINFO": 13,
    "MINFO": 14, "MX": 15, "TXT": 16, "RP": 17, "AFSDB": 18, "SIG": 24,
    "KEY": 25, "AAAA": 28, "LOC": 29, "SRV": 33, "NAPTR": 35, "KX": 36,
    "CERT": 37, "DNAME": 39, "OPT": 41, "APL": 42, "DS": 43, "SSHFP": 44,
    "IPSECKEY": 45, "RRSIG": 46, "NSEC": 47, "DNSKEY": 48, "DHCID": 49,
    "NSEC3": 50, "NSEC3PARAM": 51, "TLSA": 52, "SMIMEA": 53, "HIP": 55,
    "CDS": 59, "CDNSKEY": 60, "OPENPGPKEY": 61, "CSYNC": 62, "ZONEMD": 63,
    "SVCB": 64, "HTTPS": 65, "SPF": 99, "NID": 104, "L32": 105, "L64": 106,
    "LP": 107, "EUI48": 108, "EUI64": 109, "TKEY": 249, "TSIG": 250,
    "IXFR": 251, "AXFR": 252, "ANY": 255, "URI": 256, "CAA": 257,
}
CLASSES = {"IN": 1, "CH": 3, "HS": 4, "NONE": 254, "ANY": 255}


class Bad(Exception):
    pass


def type_num(t):
    u = t.upper()
    if u in TYPES:
        return TYPES[u]
    if u.startswith("TYPE") and u[4:].isdigit():
        return int(u[4:])
    raise Bad("unknown type mnemonic %r" % t)


def class_num(c):
    u = c.upper()
    if u in CLASSES:
        return CLASSES[u]
    if u.startswith("CLASS") and u[5:].isdigit():
        return int(u[5:])
    raise Bad("unknown class %r" % c)


def unescape(s):
    """RFC 1035 s5.1 escapes (\\X, \\DDD) to octets."""
    out, i = bytearray(), 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            if i + 1 >= len(s):
                raise Bad("backslash at the end of %r" % s)
            if s[i + 1].isdigit():
                d = s[i + 1:i + 4]
                if len(d) != 3 or not d.isdigit() or int(d) > 255:
                    raise Bad("bad \\DDD escape in %r" % s)
                out.append(int(d))
                i += 4
            else:
                out += s[i + 1].encode("latin-1")
                i += 2
        else:
            out += c.encode("latin-1")
            i += 1
    return bytes(out)


def name(s):
    """N2: a presentation name to a tuple of label octets."""
    if s == ".":
        return ()
    labels, cur, i, absolute = [], "", 0, False
    while i < len(s):
        c = s[i]
        absolute = False
        if c == "\\":
            step = 4 if s[i + 1:i + 2].isdigit() else 2
            cur += s[i:i + step]
            i += step
        elif c == ".":
            labels.append(unescape(cur))
            cur = ""
            absolute = True
            i += 1
        else:
            cur += c
            i += 1
    if not absolute:
        # every name both sides print is absolute: a missing final dot is
        # itself a difference worth seeing
        raise Bad("name %r is not absolute" % s)
    if any(len(l) == 0 for l in labels):
        raise Bad("empty label in %r" % s)
    return tuple(labels)


def tokens(rdata):
    """Splits RDATA text into tokens; a quoted string is one token (kept
    with its quotes so the type code knows it was quoted)."""
    out, i, n = [], 0, len(rdata)
    while i < n:
        c = rdata[i]
        if c in " \t":
            i += 1
            continue
        if c == '"':
            j = i + 1
            while j < n and rdata[j] != '"':
                j += 2 if rdata[j] == "\\" else 1
            if j >= n:
                raise Bad("unterminated quoted string in %r" % rdata)
            out.append(rdata[i:j + 1])
            i = j + 1
        else:
            j = i
            while j < n and rdata[j] not in " \t":
                j += 2 if rdata[j] == "\\" else 1
            out.append(rdata[i:j])
            i = j
    return out


def cstring(tok):
    """N3: a <character-string>, quoted or not, to its octets."""
    if len(tok) >= 2 and tok[0] == '"' and tok[-1] == '"':
        return unescape(tok[1:-1])
    return unescape(tok)


def hexf(toks):
    """N5."""
    s = "".join(toks)
    if s == "-":
        return b""
    try:
        return binascii.unhexlify(s)
    except (binascii.Error, ValueError):
        raise Bad("bad hex %r" % s)


def b64(toks):
    """N6."""
    try:
        return base64.b64decode("".join(toks), validate=True)
    except (binascii.Error, ValueError):
        raise Bad("bad base64 %r" % "".join(toks))


def rrsig_time(t):
    """N7."""
    if len(t) == 14 and t.isdigit():
        return calendar.timegm(time.strptime(t, "%Y%m%d%H%M%S"))
    if t.isdigit():
        return int(t)
    raise Bad("bad RRSIG time %r" % t)


def generic(toks):
    if len(toks) < 2 or toks[0] != "\\#" or not toks[1].isdigit():
        raise Bad("bad RFC 3597 data %r" % " ".join(toks))
    data = hexf(toks[2:]) if len(toks) > 2 else b""
    if len(data) != int(toks[1]):
        raise Bad("RFC 3597 length %s but %d octets" % (toks[1], len(data)))
    return ("generic", data)


def rdata_value(rtype, text):
    toks = tokens(text)
    if toks and toks[0] == "\\#":
        return generic(toks)
    t = rtype
    try:
        if t == 1:
            (a,) = toks
            return ipaddress.IPv4Address(a)
        if t == 28:
            (a,) = toks
            return ipaddress.IPv6Address(a)
        if t in (2, 5, 12, 39):
            (n,) = toks
            return name(n)
        if t == 15:
            p, n = toks
            return (int(p), name(n))
        if t == 6:
            m, r, *nums = toks
            if len(nums) != 5:
                raise Bad("SOA needs 7 fields")
            return (name(m), name(r)) + tuple(int(x) for x in nums)
        if t in (16, 99):
            return tuple(cstring(x) for x in toks)
        if t == 13:
            return tuple(cstring(x) for x in toks)
        if t == 257:
            f, tag, value = toks
            return (int(f), unescape(tag), cstring(value))
        if t in (43, 59):
            k, a, d, *digest = toks
            return (int(k), int(a), int(d), hexf(digest))
        if t in (48, 60):
            f, p, a, *key = toks
            return (int(f), int(p), int(a), b64(key))
        if t == 46:
            (cov, alg, labels, ottl, exp, inc, tag, signer, *sig) = toks
            return (type_num(cov), int(alg), int(labels), int(ottl),
                    rrsig_time(exp), rrsig_time(inc), int(tag), name(signer),
                    b64(sig))
        if t == 47:
            nxt, *bitmap = toks
            return (name(nxt), tuple(type_num(x) for x in bitmap))
        if t == 50:
            h, f, it, salt, nxt, *bitmap = toks
            return (int(h), int(f), int(it), hexf([salt]), nxt.lower(),
                    tuple(type_num(x) for x in bitmap))
        if t == 51:
            h, f, it, salt = toks
            return (int(h), int(f), int(it), hexf([salt]))
    except ValueError as e:
        raise Bad("RDATA %r of type %d: %s" % (text, t, e))
    # Other types: compare the token list as printed.
    return tuple(toks)


class Record:
    def __init__(self, line, where):
        self.line = line.rstrip("\n")
        parts = self.line.split(None, 4)
        if len(parts) < 4:
            raise Bad("%s: not a record line: %r" % (where, self.line))
        owner, ttl, cls, typ = parts[:4]
        rdata = parts[4].strip() if len(parts) == 5 else ""
        self.owner = name(owner)
        if not ttl.isdigit():
            raise Bad("%s: TTL %r is not a number" % (where, ttl))
        self.ttl = int(ttl)
        self.cls = class_num(cls)
        self.type = type_num(typ)
        self.rdata_text = rdata
        self.value = rdata_value(self.type, rdata)
        self.is_generic = isinstance(self.value, tuple) and \
            len(self.value) == 2 and self.value[0] == "generic"

    def key(self):
        return (self.owner, self.ttl, self.cls, self.type, self.value)


HEADINGS = {"answer": ";; ANSWER SECTION:", "authority": ";; AUTHORITY SECTION:",
            "additional": ";; ADDITIONAL SECTION:"}


def decode_section(text, section):
    """The record lines under the section's heading in acmeprobe's output,
    up to the next blank or ';;' line."""
    lines, inside = [], False
    for line in text.splitlines():
        if line == HEADINGS[section]:
            inside = True
            continue
        if inside:
            if line.strip() == "" or line.startswith(";"):
                break
            lines.append(line)
    return lines


def kdig_lines(text):
    return [l for l in text.splitlines() if l.strip() and not l.startswith(";")]

def header_check(dec_text, summary_text):
    """The header form: returns a list of differences."""
    import re
    tok = summary_text.split()
    want = {}
    for t in tok:
        if "=" in t:
            k, v = t.split("=", 1)
            want[k] = v
    want_flags = {t[1:] for t in tok if t[:1] == "+" and t[1:] in
                  ("qr", "aa", "tc", "rd", "ra", "ad", "cd")}
    problems = []
    m = re.search(r"^;; ->>HEADER<<- opcode: (\S+), status: (\S+), id: (\d+)$",
                  dec_text, re.M)
    if not m:
        return ["acmeprobe printed no ';; ->>HEADER<<-' line"]
    for what, got, exp in (("opcode", m.group(1), want.get("opcode")),
                           ("status", m.group(2), want.get("rcode")),
                           ("id", m.group(3), want.get("id"))):
        if got != exp:
            problems.append("%s: acmeprobe %s, dnsq.py %s" % (what, got, exp))
    m = re.search(r"^;; flags:([ a-z]*); QUERY: (\d+), ANSWER: (\d+), "
                  r"AUTHORITY: (\d+), ADDITIONAL: (\d+)$", dec_text, re.M)
    if not m:
        return problems + ["acmeprobe printed no ';; flags: ...' line"]
    flags = set(m.group(1).split())
    if flags != want_flags:
        problems.append("flags: acmeprobe %s, dnsq.py %s"
                        % (" ".join(sorted(flags)), " ".join(sorted(want_flags))))
    for i, k in enumerate(("qd", "an", "ns", "ar")):
        if m.group(2 + i) != want.get(k):
            problems.append("count %s: acmeprobe %s, dnsq.py %s"
                            % (k, m.group(2 + i), want.get(k)))
    m = re.search(r"^;; EDNS: version (\d+), flags:([ a-z]*); udp: (\d+)$",
                  dec_text, re.M)
    if want.get("edns") == "none":
        if m:
            problems.append("acmeprobe printed EDNS for a message without OPT")
    elif not m:
        problems.append("acmeprobe printed no ';; EDNS: ...' line")
    else:
        do = "do" in m.group(2).split()
        if (m.group(1), m.group(3), do) != (want.get("edns"), want.get("udp"),
                                            "+do" in tok):
            problems.append("EDNS: acmeprobe version %s udp %s do %s, dnsq.py %s %s %s"
                            % (m.group(1), m.group(3), do, want.get("edns"),
                               want.get("udp"), "+do" in tok))
    ede = re.findall(r"^;; EDE: (\d+)", dec_text, re.M)
    want_ede = [] if want.get("ede", "-") == "-" else want["ede"].split(",")
    if ede != want_ede:
        problems.append("EDE: acmeprobe %s, dnsq.py %s" % (ede, want_ede))
    return problems


def headers_many(lines):
    import importlib.util
    import os
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "support", "dnsq.py")
    spec = importlib.util.spec_from_file_location("dnsq", path)
    dnsq = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dnsq)
    bad = 0
    for line in lines:
        line = line.rstrip("\n")
        if not line:
            continue
        msg, dec = line.split("\t")
        summary = ""
        try:
            with open(msg, "rb") as f:
                summary = dnsq.summary(f.read())
            with open(dec, encoding="latin-1") as f:
                problems = header_check(f.read(), summary)
        except (OSError, ValueError) as e:
            problems = ["%s" % e]
        if problems:
            bad += 1
            print("not ok - decode %s: header differs from dnsq.py --summary" % msg)
            if summary:
                print("# dnsq.py --summary: " + summary)
            for p in problems:
                print("# " + p)
        else:
            print("ok - decode %s" % msg)
    return 1 if bad else 0


def main(argv):
    if len(argv) == 1 and argv[0] == "headers":
        return headers_many(sys.stdin)
    if len(argv) == 3 and argv[0] == "header":
        with open(argv[1], encoding="latin-1") as f:
            dec_text = f.read()
        with open(argv[2], encoding="latin-1") as f:
            summary_text = f.read()
        problems = header_check(dec_text, summary_text)
        for p in problems:
            print("# " + p)
        return 1 if problems else 0
    if len(argv) != 4 or argv[0] not in HEADINGS:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    section = argv[0]
    with open(argv[1], encoding="latin-1") as f:
        dec_text = f.read()
    with open(argv[2], encoding="latin-1") as f:
        kd_text = f.read()
    with open(argv[3], encoding="latin-1") as f:
        kg_text = f.read()
    problems = []

    dec = []
    for line in decode_section(dec_text, section):
        # acmeprobe's contract: owner<TAB>ttl<TAB>class<TAB>type<TAB>rdata,
        # printable ASCII only (RFC 1035 s5.1 escapes the rest).
        fields = line.split("\t", 4)
        if len(fields) != 5 or any(" " in f or not f for f in fields[:4]):
            problems.append("acmeprobe line is not owner<TAB>ttl<TAB>class<TAB>type<TAB>rdata: %r" % line)
        if any(not (0x20 <= ord(c) <= 0x7E or c == "\t") for c in line):
            problems.append("acmeprobe line has unescaped octets: %r" % line)
        try:
            dec.append(Record(line, "acmeprobe"))
        except Bad as e:
            problems.append("acmeprobe: %s (line %r)" % (e, line))
    kd, kg = [], []
    try:
        kd = [Record(l, "kdig") for l in kdig_lines(kd_text)]
        kg = [Record(l, "kdig +generic") for l in kdig_lines(kg_text)]
    except Bad as e:
        problems.append("kdig: %s" % e)
    if len(kd) != len(kg):
        problems.append("kdig printed %d records, kdig +generic %d" % (len(kd), len(kg)))

    # Multiset matching: every acmeprobe record takes one kdig record with
    # the same value (typed, or N11 generic against kdig +generic).
    free = list(range(len(kd)))
    unmatched = []
    n_generic = 0
    for r in dec:
        hit = None
        for i in free:
            if r.is_generic:
                if i < len(kg) and kg[i].key() == r.key():
                    hit = i
                    break
            elif kd[i].key() == r.key():
                hit = i
                break
        if hit is None:
            unmatched.append(r)
        else:
            free.remove(hit)
            if r.is_generic and not kd[hit].is_generic:
                n_generic += 1
    for r in unmatched:
        problems.append("only acmeprobe: %s" % r.line)
    for i in free:
        problems.append("only kdig:      %s" % kd[i].line)
    for p in problems:
        print("# " + p)
    if not problems:
        print("records: %d" % len(dec))
        if n_generic:
            print("generic: %d" % n_generic)
    return 1 if problems else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except OSError as e:
        print("# rrcompare.py: %s" % e)
        sys.exit(2)
