#!/usr/bin/python3
"""Writes the bug-class seed files of the fuzz corpora: one crafted input
per row of the DNS parser bug catalogue (shared research note
dns-parser-bugs.md, sections 1-6, 8, 9, plus a few of 7 and 10), named by
class, so the corpus documents what resolvers got wrong and the unit tests
(tests/unit/test_fuzz_findings.c) prove acmeprobe's verdict on each file.

Python standard library only, and independent of src/dns: the octets are
spelled out here, not produced by the code under test.

    scripts/fuzz-bugclass-corpus.py            # (re)write the files
    scripts/fuzz-bugclass-corpus.py --readme   # also refresh fuzz/README.md's table
    scripts/fuzz-bugclass-corpus.py --check    # exit 1 if a file differs or a
                                               # test named in the table is missing

Files go to fuzz/corpus/fuzz_msg/<name>.bin, and the same message with a
2-octet ID prefix (the ID fuzz_response pretends to have sent) to
fuzz/corpus/fuzz_response/<name>.bin. Text seeds go to fuzz_name,
fuzz_args and fuzz_resolvconf."""

import os
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")

A, NS, CNAME, SOA, PTR, MX, TXT, AAAA = 1, 2, 5, 6, 12, 15, 16, 28
OPT, NSEC, CAA, UNKNOWN = 41, 47, 257, 65280
IN, CH = 1, 3
ID = 0x1234


def u16(v):
    return struct.pack(">H", v)


def u32(v):
    return struct.pack(">I", v)


def name(text):
    """Uncompressed wire name from a dotted name without escapes."""
    out = b""
    for label in text.strip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def ptr(off):
    return u16(0xC000 | off)


def header(an=0, ns=0, ar=0, qd=1, flags=0x8180, ident=ID):
    return u16(ident) + u16(flags) + u16(qd) + u16(an) + u16(ns) + u16(ar)


def question(qname="example.com", qtype=A, qclass=IN):
    """The question as raw octets; qname may be bytes (already wire)."""
    wire = qname if isinstance(qname, bytes) else name(qname)
    return wire + u16(qtype) + u16(qclass)


def rr(owner, rtype, rdata, rclass=IN, ttl=300, rdlen=None):
    """owner: wire octets; rdlen overrides the RDLENGTH field."""
    n = len(rdata) if rdlen is None else rdlen
    return owner + u16(rtype) + u16(rclass) + u32(ttl) + u16(n) + rdata


def response(answers=(), authority=(), additional=(), qname="example.com",
             qtype=A, flags=0x8180, counts=None, ident=ID, qclass=IN):
    """A response to the question `qname qtype IN`, which sits at 12."""
    an, ns, ar = counts if counts else (len(answers), len(authority),
                                        len(additional))
    return (header(an, ns, ar, flags=flags, ident=ident) +
            question(qname, qtype, qclass) + b"".join(answers) +
            b"".join(authority) + b"".join(additional))


# Offsets in a response to example.com (13 octets at 12): QTYPE at 25,
# the first owner at 29; with a 2-octet pointer owner, its RDLENGTH at 39
# and its RDATA at 41.
Q = ptr(12)
FIRST = 29


def opt(options=b"", udp=1232, ttl=0, owner=b"\0"):
    return rr(owner, OPT, options, rclass=udp, ttl=ttl)


def option(code, data):
    return u16(code) + u16(len(data)) + data


def caa(flags, tag, value):
    return bytes([flags, len(tag)]) + tag + value


# ---------------------------------------------------------------------------
# The catalogue. Each entry: (section, file, shape, known bugs, verdict,
# tests). The verdict is what acmeprobe says: a dns_err name for the parser,
# "DNS_OK" for an accepted message (with what it must decode to), or the
# dns_response_match verdict. `tests` names the Test()s that prove it;
# bugclass/* are in tests/unit/test_fuzz_findings.c and read this very file.
# ---------------------------------------------------------------------------

MSGS = []  # (section, file, octets, shape, bugs, verdict, tests)


def add(section, fname, octets, shape, bugs, verdict, tests):
    MSGS.append((section, fname, octets, shape, bugs, verdict, tests))


def s1():
    t = "bugclass/compression_pointers"
    add(1, "ptr-self-loop", header() + ptr(12) + u16(A) + u16(IN),
        "question name `c0 0c` at offset 12: a pointer to itself",
        "uClibc-ng CVE-2016-2224; picoTCP CVE-2020-24338; RFC 9267 fig. 1",
        "DNS_E_PTR_FORWARD",
        [t, "name_unpack/self_pointer_at_12_is_forward",
         "msg_question/bad_question_names_keep_their_code"])
    add(1, "ptr-self-loop-owner",
        response([rr(ptr(FIRST), A, bytes([192, 0, 2, 1]))]),
        "answer owner at 29 is `c0 1d`: points at itself",
        "uClibc-ng CVE-2016-2224",
        "DNS_E_PTR_FORWARD",
        [t, "name_unpack/self_pointer_later_in_message_is_forward",
         "msg_counts/bad_owner_names_keep_their_code"])
    add(1, "ptr-label-then-own-start",
        response([rr(b"\x04test" + ptr(FIRST), A, bytes([192, 0, 2, 1]))]),
        "owner `04 'test' c0 1d`: a label, then a pointer back to its own start",
        "RFC 9267 fig. 2; IPnet CVE-2016-20009 (NAME:WRECK); Nucleus NET CVE-2020-27009",
        "DNS_E_PTR_FORWARD",
        [t, "name_unpack/label_then_pointer_to_own_start"])
    add(1, "ptr-label-then-own-start-question",
        header() + b"\x04test" + ptr(12) + u16(A) + u16(IN),
        "question `04 'test' c0 0c`",
        "RFC 9267 fig. 2; NAME:WRECK",
        "DNS_E_PTR_FORWARD",
        [t, "name_unpack/label_then_pointer_to_own_start"])
    # X at 29 = 'a' + ptr Y; Y at 47 = 'b' + ptr X
    x = b"\x01a" + ptr(47)
    y = b"\x01b" + ptr(FIRST)
    add(1, "ptr-2-cycle",
        response([rr(x, A, bytes([192, 0, 2, 1])), rr(y, A, bytes([192, 0, 2, 2]))]),
        "owner X = 'a' + pointer to Y, owner Y = 'b' + pointer to X",
        "NAME:WRECK family",
        "DNS_E_PTR_FORWARD",
        [t, "name_unpack/two_cycle"])
    # RR1's owner points at RR2's owner, a well-formed name later on
    rr2_at = FIRST + 2 + 10 + 4
    add(1, "ptr-forward",
        response([rr(ptr(rr2_at), A, bytes([192, 0, 2, 1])),
                  rr(name("www.example.com"), A, bytes([192, 0, 2, 2]))]),
        "owner points forward to a later, well-formed owner",
        "musl dn_expand, djbdns dns_packet_getname, ldns ldns_wire2dname follow them",
        "DNS_E_PTR_FORWARD",
        [t, "name_unpack/forward_pointer_to_a_well_formed_name"])
    add(1, "ptr-past-end",
        response([rr(b"\xff\xff", A, bytes([192, 0, 2, 1]))]),
        "owner `ff ff` in a 45-octet message",
        "Nucleus NET CVE-2020-27738; musl 9b132e55",
        "DNS_E_PTR_PAST_END",
        [t, "name_unpack/pointer_past_the_end"])
    add(1, "ptr-equals-length",
        response([rr(ptr(45), A, bytes([192, 0, 2, 1]))]),
        "owner `c0 2d` in a 45-octet message: pointer == length",
        "Nucleus NET CVE-2020-27738",
        "DNS_E_PTR_PAST_END",
        [t, "name_unpack/pointer_past_the_end"])
    add(1, "ptr-into-header-04",
        response([rr(ptr(4), A, bytes([192, 0, 2, 1]))]),
        "owner `c0 04`: into the header (QDCOUNT reads as \".\")",
        "none famous; BIND, Knot, ldns accept it",
        "DNS_E_PTR_HEADER",
        [t, "name_unpack/pointer_into_the_header"])
    add(1, "ptr-into-header-07",
        response([rr(ptr(7), A, bytes([192, 0, 2, 1]))]),
        "owner `c0 07`: into the header (\"\\000.\")",
        "none famous; BIND, Knot, ldns accept it",
        "DNS_E_PTR_HEADER",
        [t, "name_unpack/pointer_into_the_header"])
    add(1, "ptr-cut-question", header() + b"\x01a\xc0",
        "the message ends after the pointer's first octet (question)",
        "RFC 9267 s2",
        "DNS_E_TRUNC_QUESTION",
        [t, "name_unpack/cut_pointer", "msg_question/cut_question"])
    txt21 = rr(Q, TXT, b"\x14" + b"x" * 20)
    add(1, "ptr-cut-owner",
        response([txt21], counts=(2, 0, 0), qtype=TXT) + b"\x01a\xc0",
        "ANCOUNT 2: the second owner `01 'a' c0` ends the message inside its pointer",
        "RFC 9267 s2",
        "DNS_E_RR_TRUNC",
        [t, "msg_counts/record_cut_short"])
    add(1, "ptr-cut-rdata", response([rr(Q, CNAME, b"\x01a\xc0")]),
        "CNAME RDATA `01 'a' c0` at the end of the message",
        "RFC 9267 s2",
        "DNS_E_RDATA_NAME",
        [t, "msg_rdata/name_running_past_rdlength"])
    add(1, "ptr-wrong-bit-0x40",
        response([rr(b"\x40\x0c", A, bytes([192, 0, 2, 1]))]),
        "owner `40 0c`: `octet & 0xC0` would call it a pointer to 12",
        "RFC 9267 s2.3; musl dn_expand",
        "DNS_E_LABEL_TYPE",
        [t, "name_unpack/wrong_bit_test_shapes_are_label_types"])
    add(1, "ptr-wrong-bit-0x80",
        response([rr(b"\x80\x0c", A, bytes([192, 0, 2, 1]))]),
        "owner `80 0c`",
        "RFC 9267 s2.3; musl dn_expand",
        "DNS_E_LABEL_TYPE",
        [t, "name_unpack/wrong_bit_test_shapes_are_label_types"])
    # 14-bit offset: decoy owner at 29, the real name at 285, pointer c1 1d
    decoy = b"\x05decoy" + ptr(12)                     # 29..36
    pad_rr_len = 285 - (FIRST + len(decoy) + 10)       # TXT RDATA to reach 285
    txt = bytes([pad_rr_len - 1]) + b"p" * (pad_rr_len - 1)
    real = b"\x06target" + ptr(12)
    msg = response([rr(decoy, TXT, txt), rr(real, A, bytes([192, 0, 2, 7])),
                    rr(Q, CNAME, ptr(285))])
    assert msg[285:285 + 7] == b"\x06target"
    add(1, "ptr-14-bit-offset-285",
        msg,
        "CNAME target `c1 1d` must reach offset 285 (target.example.com), "
        "not 29 (a decoy owner)",
        "HAProxy resolvers used the low 8 bits (2fa66c3b9, bb5c18ab)",
        "DNS_OK: CNAME target target.example.com",
        [t, "name_unpack/fourteen_bit_offset_285_not_29"])
    add(1, "ptr-to-ptr",
        response([rr(Q, A, bytes([192, 0, 2, 1])),
                  rr(ptr(FIRST), A, bytes([192, 0, 2, 2]))]),
        "second owner `c0 1d` points at the first owner, itself `c0 0c`",
        "ocaml-dns#127; SIDN/entrada#79",
        "DNS_OK: both owners example.com",
        [t, "name_unpack/pointer_to_pointer_is_accepted"])
    # 70 hops: an opaque RDATA holding a ladder of pointers, each to the
    # previous rung; a CNAME target enters at the top.
    base = FIRST + 2 + 10
    rungs = ptr(12) + b"".join(ptr(base + 2 * i) for i in range(69))
    top = base + 2 * 69
    add(1, "ptr-chain-70",
        response([rr(Q, UNKNOWN, rungs), rr(Q, CNAME, ptr(top))]),
        "a CNAME target that reaches the name through 70 backward pointers",
        "c-ares capped hops at 50 (64b169ee), now 128; ldns 65535",
        "DNS_OK: CNAME target example.com",
        [t, "name_unpack/chain_of_70_backward_hops"])
    # Pointer into label data: question "\x03a\x01b." has a label "a\x01b";
    # offset 14 holds "\x01b\x00" = "b."
    add(1, "ptr-into-label-data",
        header(an=1) + b"\x03a\x01b\x00" + u16(A) + u16(IN) +
        rr(ptr(14), A, bytes([192, 0, 2, 1])),
        "owner `c0 0e` points into the label \"a\\001b\" of the question: reads \"b.\"",
        "RFC 9267 s7 advises against; peers accept",
        "DNS_OK: owner b.",
        [t, "name_unpack/pointer_into_label_data_is_accepted"])
    # nginx CVE-2021-23017: 'abc' then a pointer to a zero octet (the root
    # of the question name at 24)
    add(1, "ptr-onto-root-octet",
        response([rr(Q, CNAME, b"\x03abc" + ptr(24))]),
        "CNAME target `03 'abc' c0 18`: a label, then a pointer onto a root octet",
        "nginx CVE-2021-23017 (1-octet overwrite in ngx_resolver_copy)",
        "DNS_OK: CNAME target abc.",
        [t, "name_unpack/pointer_onto_a_root_octet_is_accepted"])


def s2():
    t = "bugclass/label_and_name_length"
    for octet, where in ((0x40, "question"), (0x41, "owner"), (0x7F, "rdata"),
                         (0x80, "question"), (0xBF, "owner")):
        label = bytes([octet]) + b"x" * octet + b"\0"
        if where == "question":
            msg = header() + label + u16(A) + u16(IN)
        elif where == "owner":
            msg = response([rr(label, A, bytes([192, 0, 2, 1]))])
        else:
            msg = response([rr(Q, NS, label)], qtype=NS)
        extra = " (RFC 2673 bit-string label)" if octet == 0x41 else ""
        add(2, "label-0x%02x" % octet, msg,
            "length octet 0x%02X followed by that many octets, in the %s%s"
            % (octet, where, extra),
            "Nucleus NET CVE-2020-15795, CVE-2020-27736; Treck CVE-2020-11901; RFC 9267 s3",
            "DNS_E_LABEL_TYPE",
            [t, "name_unpack/reserved_label_types"])
    n256 = b"".join(bytes([63]) + b"a" * 63 for _ in range(3)) + bytes([62]) + b"b" * 62 + b"\0"
    assert len(n256) == 256
    add(2, "name-256", header() + n256 + u16(CAA) + u16(IN),
        "question of labels 63.63.63.62: 256 octets uncompressed",
        "Nucleus NET CVE-2020-27009 (255-octet heap buffer)",
        "DNS_E_NAME_TOO_LONG",
        [t, "name_unpack/name_of_256_is_too_long", "msg_question/name_of_255_and_256"])
    labels243 = b"".join(bytes([63]) + b"a" * 63 for _ in range(3)) + bytes([50]) + b"c" * 50
    assert len(labels243) == 243
    add(2, "name-256-after-decompression",
        response([rr(labels243 + ptr(12), A, bytes([192, 0, 2, 1]))]),
        "owner: 243 octets of labels, then a pointer to example.com (13): 256",
        "Treck CVE-2020-11901 (length over one walk, copy by another)",
        "DNS_E_NAME_TOO_LONG",
        [t, "name_unpack/too_long_only_after_decompression"])
    n255 = b"".join(bytes([63]) + b"a" * 63 for _ in range(3)) + bytes([61]) + b"b" * 61 + b"\0"
    assert len(n255) == 255
    add(2, "name-255-label-63",
        header(an=1) + n255 + u16(CAA) + u16(IN) +
        rr(ptr(12), CAA, caa(0, b"issue", b"ca.example")),
        "question 63.63.63.61 (255 octets, 253 characters) and a CAA owned by it",
        "off-by-one the other way",
        "DNS_OK: question of 255 octets",
        [t, "name_unpack/name_of_exactly_255_is_accepted", "msg_question/name_of_255_and_256"])


def s3():
    t = "bugclass/termination_and_rdata_bounds"
    add(3, "name-unterminated-question", header() + b"\x07example\x03com",
        "question labels run to the end of the message, no root octet",
        "Nut/Net CVE-2020-25111; RFC 9267 s4",
        "DNS_E_TRUNC_QUESTION",
        [t, "name_unpack/unterminated_names", "msg_question/cut_question"])
    add(3, "name-unterminated-owner",
        response([rr(Q, A, bytes([192, 0, 2, 1]))], counts=(2, 0, 0)) + b"\x03www\x07example",
        "ANCOUNT 2: the second owner's labels run to the end of the message",
        "Nut/Net CVE-2020-25111",
        "DNS_E_RR_TRUNC",
        [t, "name_unpack/unterminated_names", "msg_counts/record_cut_short"])
    add(3, "cve-2020-11901-rdata-name-overrun",
        response([rr(Q, CNAME, b"\x03abc"), rr(b"\0", A, bytes([192, 0, 2, 1]))]),
        "CNAME RDLENGTH 4 covers `03 'abc'`; its root octet is the next RR's owner",
        "Treck CVE-2020-11901 (Ripple20); RFC 9267 s5; musl 9b132e55",
        "DNS_E_RDATA_NAME",
        [t, "msg_rdata/name_running_past_rdlength", "name_unpack/bounded_by_end_not_message"])
    add(3, "rdata-name-pointer-straddles-rdlength",
        response([rr(Q, CNAME, b"\x01a\xc0"),
                  rr(b"\x0c" + b"x" * 12 + b"\0", A, bytes([192, 0, 2, 1]))]),
        "CNAME RDLENGTH 3 ends after `c0`; the pointer's second octet is the next owner's first",
        "Treck CVE-2020-11901",
        "DNS_E_RDATA_NAME",
        [t, "msg_rdata/name_running_past_rdlength", "name_unpack/pointer_straddling_the_end"])
    add(3, "rdata-longer-than-name",
        response([rr(Q, CNAME, b"\x01a\x00\xde\xad")]),
        "CNAME RDATA with 2 octets after the target's root",
        "OpenBSD asr \"bad dlen\"",
        "DNS_E_RDATA_LEN",
        [t, "msg_rdata/cname_and_friends"])
    for v, fname in ((40, "rdlength-past-end"), (0x8000, "rdlength-0x8000"),
                     (0xFFFF, "rdlength-0xffff")):
        add(3, fname, response([rr(Q, A, bytes([192, 0, 2, 1]), rdlen=v)]),
            "A with RDLENGTH %d (0x%04X) and 4 octets left" % (v, v),
            "Nucleus NET CVE-2020-27737; musl 12590c8b" if v == 40 else
            "HAProxy int16_t data_len (negative length)",
            "DNS_E_RDLEN",
            [t, "msg_counts/rdlength_past_the_end"])
    for rtype, tname, n in ((A, "a", 3), (A, "a", 5), (A, "a", 0),
                            (AAAA, "aaaa", 15), (AAAA, "aaaa", 17)):
        add(3, "%s-rdlen-%d" % (tname, n),
            response([rr(Q, rtype, bytes(range(1, n + 1)))], qtype=rtype),
            "%s record with %d octets of RDATA" % (tname.upper(), n),
            "musl 12590c8b; systemd-resolved CVE-2017-9217 (zero-length RR)",
            "DNS_E_RDATA_LEN",
            [t, "msg_rdata/a_and_aaaa_lengths"])
    add(3, "mx-rdlen-1", response([rr(Q, MX, b"\x00")], qtype=MX),
        "MX of 1 octet",
        "musl 12590c8b",
        "DNS_E_RDATA_LEN",
        [t, "msg_rdata/mx"])
    soa = ptr(12) + b"\x0ahostmaster" + ptr(12) + u32(2026112401) + u32(7200) + u32(3600)
    add(3, "soa-missing-8", response([], [rr(Q, SOA, soa)], qtype=CAA),
        "SOA with 12 of its 20 octets of numbers",
        "c-ares 1b98172b",
        "DNS_E_RDATA_LEN",
        [t, "msg_rdata/soa"])
    add(3, "txt-string-past-rdata",
        response([rr(Q, TXT, b"\x14abcd"), rr(Q, TXT, b"\x05efghi")], qtype=TXT),
        "TXT string length 20 in 5 octets; the next RR would supply the rest",
        "c-ares CVE-2017-1000381 (NAPTR fields past the RDATA)",
        "DNS_E_TXT_LEN",
        [t, "msg_txt/string_past_the_rdata"])
    add(3, "txt-empty", response([rr(Q, TXT, b"")], qtype=TXT),
        "TXT with RDLENGTH 0 (no string at all)",
        "classic s[0] read (BIND and Knot reject, ldns accepts)",
        "DNS_OK: no string",
        [t, "msg_txt/empty_txt_is_accepted"])


def s4():
    t = "bugclass/counts_and_header"
    a1 = rr(Q, A, bytes([192, 0, 2, 1]))
    a2 = rr(Q, A, bytes([192, 0, 2, 2]))
    add(4, "counts-ancount-5-with-2", response([a1, a2], counts=(5, 0, 0)),
        "ANCOUNT 5 with 2 RRs",
        "picoTCP CVE-2020-24340; RFC 9267 s6",
        "DNS_E_COUNT",
        [t, "msg_counts/counts_beyond_data"])
    add(4, "counts-arcount-3-none", response([], counts=(0, 0, 3)),
        "ARCOUNT 3 with no RR",
        "picoTCP CVE-2020-24340",
        "DNS_E_COUNT",
        [t, "msg_counts/counts_beyond_data"])
    add(4, "counts-65535", header(0xFFFF, 0xFFFF, 0xFFFF, qd=0xFFFF) + question() + a1,
        "all four counts 65535",
        "picoTCP CVE-2020-24340; RFC 5625",
        "DNS_E_QDCOUNT",
        [t, "msg_header/qdcount_0_and_2"])
    add(4, "counts-65535-but-qdcount", response([a1], counts=(0xFFFF, 0xFFFF, 0xFFFF)),
        "QDCOUNT 1, the other counts 65535, one RR",
        "picoTCP CVE-2020-24340",
        "DNS_E_COUNT",
        [t, "msg_counts/counts_beyond_data"])
    add(4, "counts-beyond-data-after-precheck",
        response([rr(Q, TXT, b"\x14" + b"x" * 20)], counts=(2, 0, 0), qtype=TXT),
        "ANCOUNT 2: 2 x 11 octets fit in what is left, but one TXT record uses it all",
        "picoTCP CVE-2020-24340 (a cheap pre-check is not the whole check)",
        "DNS_E_COUNT",
        [t, "msg_counts/counts_beyond_data_after_the_precheck"])
    add(4, "qdcount-0", header(an=1, qd=0) + rr(name("example.com"), A, bytes([192, 0, 2, 1])),
        "QDCOUNT 0 with an answer",
        "systemd-resolved CVE-2017-9217 (NULL dereference on an empty question)",
        "DNS_E_QDCOUNT",
        [t, "msg_header/qdcount_0_and_2"])
    add(4, "qdcount-2", header(qd=2) + question("example.com") + question("example.net"),
        "two questions",
        "RFC 9619; Knot, djbdns irrelevant()",
        "DNS_E_QDCOUNT",
        [t, "msg_header/qdcount_0_and_2"])
    add(4, "empty", b"",
        "a zero-length datagram",
        "c-ares CVE-2023-32067 (0-octet read taken as connection closed)",
        "DNS_E_TRUNC_HEADER",
        [t, "msg_header/truncated_header"])
    full = response([a1])
    for n in (5, 11):
        add(4, "short-%d" % n, full[:n], "the first %d octets of a response" % n,
            "musl 12590c8b", "DNS_E_TRUNC_HEADER",
            [t, "msg_header/truncated_header"])
    add(4, "short-12", full[:12], "a header alone (QDCOUNT 1)",
        "musl 12590c8b", "DNS_E_TRUNC_QUESTION",
        [t, "msg_header/header_alone_is_a_cut_question"])
    add(4, "short-name-cut", full[:17], "the question name cut inside a label",
        "musl 12590c8b (question loop read before its range check)",
        "DNS_E_TRUNC_QUESTION", [t, "msg_question/cut_question"])
    add(4, "short-qtype-cut", full[:27], "QTYPE/QCLASS cut after 2 of 4 octets",
        "musl 12590c8b", "DNS_E_TRUNC_QUESTION", [t, "msg_question/cut_question"])
    add(4, "trailing-7-octets", full + b"\xaa" * 7, "7 junk octets after the last RR",
        "Knot KNOT_ETRAIL, OpenBSD asr (BIND, ldns accept)",
        "DNS_E_TRAILING", [t, "msg_counts/trailing_octets"])
    add(4, "trailing-uncounted-rr", full + a2, "a whole uncounted A record after the last RR",
        "\"read RRs until the buffer ends\"",
        "DNS_E_TRAILING", [t, "msg_counts/trailing_octets"])
    many = [rr(Q, A, bytes([192, 0, 2, i])) for i in range(64)]
    add(4, "fixed-capacity-64-a", response(many),
        "64 A records: one more than a 63-entry index holds",
        "musl CVE-2017-15650 (MAXADDRS overflow), musl 8c086e76",
        "DNS_E_TOO_MANY_RRS with 63 slots, DNS_OK with 64",
        [t, "msg_counts/too_many_rrs_for_the_index"])
    add(4, "wrong-type-a-in-aaaa-reply",
        response([rr(Q, A, bytes([192, 0, 2, 1])), rr(Q, A, bytes([192, 0, 2, 2]))], qtype=AAAA),
        "an AAAA question answered with two A records",
        "musl CVE-2017-15650, musl 41603c77 (ignore wrong-type answers)",
        "DNS_OK: 0 records of the final RRset",
        [t, "response/chain_follows_links_in_order_to_the_final_rrset"])


def s5():
    t = "bugclass/oversized_answers"
    # > 2048 octets: 100 AAAA records (28 octets each)
    six = [rr(Q, AAAA, bytes([0x20, 0x01, 0x0d, 0xb8] + [0] * 10 + [i >> 8, i & 255]))
           for i in range(100)]
    big = response(six, [], [opt(udp=4096)], qtype=AAAA)
    assert len(big) > 2048
    add(5, "cve-2015-7547-oversized-2-9k", big,
        "a %d-octet answer (100 AAAA and an OPT): over glibc's 2048-octet buffer" % len(big),
        "glibc CVE-2015-7547 (send_dg/send_vc buffer mix-up)",
        "DNS_OK: all 101 RRs",
        [t, "msg_fixtures/knot_caa_30rr_udp_truncated"])
    add(5, "cve-2015-7547-cut-at-2048", big[:2048],
        "the same answer cut at 2048 octets (what a fixed buffer keeps)",
        "glibc CVE-2015-7547",
        "DNS_E_RR_TRUNC",
        [t])
    add(5, "tc-then-tcp-udp-part", response([], [], [opt()], qtype=AAAA, flags=0x8380),
        "the UDP part of a TC exchange: TC set, no answer (use TCP, not this)",
        "glibc CVE-2015-7547 (TC then TCP path)",
        "DNS_OK: TC set, 0 answers",
        [t, "msg_fixtures/knot_caa_30rr_udp_truncated"])
    add(5, "tcp-length-prefix-kept", u16(len(big)) + big,
        "a TCP answer whose 2-octet length prefix was not stripped",
        "systemd-resolved CVE-2017-9445; musl 77327ed0 (TCP length vs buffer)",
        "DNS_E_QDCOUNT",
        [t])


def s6():
    t = "bugclass/matching_dnspooq"
    ans = [rr(Q, CAA, caa(0, b"issue", b"evil.example"))]
    add(6, "dnspooq-other-name-same-id", response(ans, qname="example.net", qtype=CAA),
        "ID 0x1234 as asked, but the question is example.net (we asked example.com CAA)",
        "dnsmasq DNSpooq CVE-2020-25684/25685/25686; musl res_msend matches by ID only",
        "match: DNS_MATCH_QUESTION", [t, "response/match_rejects_each_mismatch_with_its_reason"])
    add(6, "dnspooq-other-type-same-id", response(
        [rr(Q, A, bytes([192, 0, 2, 66]))], qname="example.com", qtype=A),
        "same ID and name, type A (we asked CAA)",
        "DNSpooq CVE-2020-25685 (a hash of the question, not the question)",
        "match: DNS_MATCH_QUESTION", [t, "response/match_rejects_each_mismatch_with_its_reason"])
    add(6, "dnspooq-other-class-same-id", response(ans, qtype=CAA, qclass=CH),
        "same ID, name and type, class CH",
        "DNSpooq", "match: DNS_MATCH_QUESTION",
        [t, "response/match_rejects_each_mismatch_with_its_reason"])
    one_label = b"\x0bexample.com\x00"
    add(6, "dnspooq-one-label-example-com",
        header(an=1) + one_label + u16(CAA) + u16(IN) +
        rr(Q, CAA, caa(0, b"issue", b"evil.example")),
        "question is ONE label \"example.com\" (prints as example\\.com): not example.com",
        "c-ares CVE-2021-3672 (names compared as unescaped text)",
        "match: DNS_MATCH_QUESTION", [t])
    add(6, "dnspooq-0x20-case", response(ans, qname="ExAmPlE.CoM", qtype=CAA),
        "same question in mixed case (0x20 encoding)",
        "RFC 4343; a case-sensitive compare would drop real answers",
        "match: DNS_MATCH_OK", [t, "response/match_accepts_own_question_case_insensitively"])
    add(6, "dnspooq-other-id", response(ans, qtype=CAA, ident=0x4321),
        "our question, another transaction's ID (0x4321)",
        "Nucleus NET CVE-2021-25677, FNET CVE-2020-17470 (predictable IDs)",
        "match: DNS_MATCH_ID", [t, "response/match_rejects_each_mismatch_with_its_reason"])
    add(6, "dnspooq-qr-0", response(ans, qtype=CAA, flags=0x0100),
        "our question and ID, QR clear (a query, reflected)",
        "RFC 5452 s9.1", "match: DNS_MATCH_NOT_RESPONSE",
        [t, "response/match_rejects_a_query_and_other_opcodes"])
    add(6, "dnspooq-opcode-notify", response(ans, qtype=CAA, flags=0xA180),
        "our question and ID, OPCODE 4 (NOTIFY)",
        "RFC 5452 s9.1", "match: DNS_MATCH_OPCODE",
        [t, "response/match_rejects_a_query_and_other_opcodes"])


def s7_10():
    t = "bugclass/dnssec_and_text"
    bm = bytes([0, 32, 0x60, 0, 0, 0, 0, 0x43] + [0] * 25 + [0x21]) + bytes([1, 1, 0x40])
    add(7, "nsec-bitmap-pseudo-types",
        response([rr(Q, NSEC, b"\x01b" + ptr(12) + bm)], qtype=NSEC),
        "NSEC bitmap with OPT, TSIG and ANY set (window 0), and CAA (window 1)",
        "systemd-resolved CVE-2017-15908 (loop on pseudo-types)",
        "DNS_OK: types A NS OPT RRSIG NSEC TSIG ANY CAA",
        [t, "msg_dnssec/nsec_with_pseudo_types"])
    add(7, "nsec-bitmap-window-len-0",
        response([rr(Q, NSEC, b"\x01b" + ptr(12) + bytes([0, 0]))], qtype=NSEC),
        "NSEC bitmap window with length 0",
        "RFC 4034 s4.1.2 (either verdict)",
        "DNS_E_NSEC_BITMAP", [t, "msg_dnssec/bad_nsec_bitmaps"])
    add(7, "nsec-bitmap-trailing-octet",
        response([rr(Q, NSEC, b"\x01b" + ptr(12) + bytes([0, 1, 0x40, 1]))], qtype=NSEC),
        "NSEC bitmap: one window, then a lone octet (a window header cut in half)",
        "systemd-resolved CVE-2017-15908 family (bitmap walkers)",
        "DNS_E_NSEC_BITMAP", [t, "msg_dnssec/bad_nsec_bitmaps"])
    add(7, "nsec3-empty-hash",
        response([rr(Q, 50, bytes([1, 0, 0, 0, 0, 0]))], qtype=50),
        "NSEC3 with an empty salt and a next-hashed-owner of length 0",
        "RFC 5155 s3.2 (the hash is never empty)",
        "DNS_E_RDATA_LEN", [t, "msg_dnssec/nsec3_view"])
    add(10, "name-label-with-dot-nul-backslash",
        response([rr(b"\x07a.b\\\x00\x1b\n" + ptr(12), TXT, b"\x03abc")], qtype=TXT,
                 counts=(1, 0, 0)),
        "owner label \"a.b\\\\\\000\\027\\010\": dot, backslash, NUL, ESC, LF in one label",
        "c-ares CVE-2021-3672 (unescaped names: spoofing and injection)",
        "DNS_OK: printed a\\.b\\\\\\000\\027\\010.example.com.",
        [t, "text_name/escapes"])


def s8():
    t = "bugclass/edns"
    a1 = rr(Q, A, bytes([192, 0, 2, 1]))
    add(8, "opt-in-answer", response([opt()]),
        "OPT in the answer section", "RFC 6891 s6.1.1; BIND FORMERR",
        "DNS_E_OPT_SECTION", [t, "msg_edns/opt_outside_additional"])
    add(8, "opt-in-authority", response([], [opt()]),
        "OPT in the authority section", "RFC 6891 s6.1.1",
        "DNS_E_OPT_SECTION", [t, "msg_edns/opt_outside_additional"])
    add(8, "opt-twice", response([a1], [], [opt(), opt()]),
        "two OPT records", "RFC 6891 s6.1.1; BIND, Knot FORMERR",
        "DNS_E_OPT_DUP", [t, "msg_edns/opt_twice"])
    add(8, "opt-owner-not-root", response([], [], [opt(owner=Q)]),
        "OPT owned by example.com", "RFC 6891 s6.1.2; BIND FORMERR",
        "DNS_E_OPT_OWNER", [t, "msg_edns/opt_owner_not_root"])
    add(8, "opt-option-past-rdata",
        response([], [], [opt(u16(10) + u16(10) + b"\1\2\3\4")]),
        "COOKIE option of length 10 with 4 octets in the OPT RDATA",
        "Knot knot_edns_get_options", "DNS_E_OPT_OPTION",
        [t, "msg_edns/option_past_the_rdata"])
    add(8, "opt-option-into-next-rr",
        response([], [], [opt(u16(10) + u16(16) + b"\1\2\3\4"), a1]),
        "option length 16 where the next RR would supply the rest",
        "Knot knot_edns_get_options", "DNS_E_OPT_OPTION",
        [t, "msg_edns/option_past_the_rdata"])
    add(8, "opt-badvers", response([], [], [opt(ttl=0x01000000)], flags=0x8180),
        "header RCODE 0 + OPT extended RCODE 1 = 16 (BADVERS)",
        "drill shows NOERROR", "DNS_OK: rcode 16 (BADVERS), not NODATA",
        [t, "msg_edns/extended_rcode"])
    add(8, "ede-3-stale-answer",
        response([a1], [], [opt(option(15, u16(3) + b"stale"))]),
        "a valid EDE 3 (Stale Answer) with text", "RFC 8914",
        "DNS_OK: EDE 3 \"stale\"", [t, "msg_edns/options_and_ede"])
    add(8, "ede-6-servfail",
        response([], [], [opt(option(15, u16(6) + b"signature expired"))], flags=0x8182),
        "SERVFAIL with EDE 6 (DNSSEC Bogus)", "RFC 8914",
        "DNS_OK: rcode 2, EDE 6", [t, "msg_edns/options_and_ede"])
    add(8, "ede-1-octet", response([], [], [opt(option(15, b"\x00"))], flags=0x8182),
        "EDE option with a 1-octet body (no INFO-CODE)", "BIND drops the message; either",
        "DNS_OK; dns_ede_parse: DNS_E_RDATA_LEN", [t, "msg_edns/options_and_ede"])
    add(8, "ede-nul-ff-text",
        response([], [], [opt(option(15, u16(9) + b"bad\x00sig\xff"))], flags=0x8182),
        "EDE text with NUL and 0xFF", "BIND drops the message, Knot cuts at the NUL; either",
        "DNS_OK: text printed \"bad\\000sig\\255\"", [t])
    add(8, "ede-esc-bel-text",
        response([], [], [opt(option(15, u16(22) + b"\x1b[31mred\x07"))], flags=0x8182),
        "EDE text with ESC [31m and BEL (terminal control)",
        "kdig 3.2 printed it raw to the terminal",
        "DNS_OK: text printed \"\\027[31mred\\007\"", [t])


def s9():
    t = "bugclass/caa_rdata"
    q = dict(qtype=CAA)

    def one(rd):
        return response([rr(Q, CAA, rd)], **q)

    add(9, "caa-rdlength-0", one(b""), "CAA with RDLENGTH 0",
        "miekg/dns accepts", "DNS_E_CAA_SHORT", [t, "msg_caa/short_rdata"])
    add(9, "caa-rdlength-1", one(b"\x80"), "CAA with only the flags octet",
        "miekg/dns accepts", "DNS_E_CAA_SHORT", [t, "msg_caa/short_rdata"])
    add(9, "caa-tag-past-rdata",
        response([rr(Q, CAA, b"\x00\x05iss"), rr(Q, CAA, caa(0, b"issue", b""))], **q),
        "tag length 5 with 3 octets in the RDATA; the next RR would supply the rest",
        "BIND fromwire_caa; miekg errors too", "DNS_E_CAA_TAG_PAST",
        [t, "msg_caa/tag_past_the_rdata"])
    add(9, "caa-tag-past-message", one(b"\x00\x06iss"),
        "tag length 6, RDATA (and message) ends after 3 tag octets",
        "BIND fromwire_caa", "DNS_E_CAA_TAG_PAST", [t, "msg_caa/tag_past_the_rdata"])
    add(9, "caa-tag-len-0", one(b"\x00\x00issue"),
        "tag length 0", "RFC MUST on senders (either)", "DNS_E_CAA_TAG_LEN0",
        [t, "msg_caa/tag_length_zero"])
    add(9, "caa-tag-iss-ue", one(caa(0, b"iss-ue", b"ca.example")),
        "tag \"iss-ue\"", "BIND rejects, Boulder keeps as unknown (either)",
        "DNS_OK: tag is not issue", [t])
    add(9, "caa-tag-issue-nul", one(caa(0, b"issue\0", b"ca.example")),
        "tag \"issue\\000\": a strcmp on a C copy would read issue",
        "either; never equal to issue", "DNS_OK: tag is not issue",
        [t, "msg_caa/tag_of_255_and_empty_value"])
    add(9, "caa-tag-255", one(caa(128, b"t" * 255, b"")),
        "255-octet tag, flags 128, empty value",
        "a 16-octet tag buffer overflows", "DNS_OK: tag of 255",
        [t, "msg_caa/tag_of_255_and_empty_value"])
    add(9, "caa-tag-15", one(caa(0, b"abcdefghijklmno", b"v")),
        "15-octet tag (the longest a sender may use)", "",
        "DNS_OK: tag of 15", [t])
    add(9, "caa-empty-value", one(caa(0, b"issue", b"")),
        "issue with an empty value", "", "DNS_OK: empty value", [t])
    add(9, "caa-flags-127", one(caa(127, b"issue", b"ca.example")),
        "flags 127 (every bit but Issuer Critical)", "", "DNS_OK: flags 127", [t])
    add(9, "caa-flags-128", one(caa(128, b"tbs", b"unknown")),
        "flags 128 (Issuer Critical) on an unknown tag", "", "DNS_OK: flags 128", [t])
    add(9, "caa-tag-upper-case", one(caa(0, b"ISSUE", b"ca.example")),
        "upper-case tag ISSUE", "", "DNS_OK", [t])
    add(9, "caa-value-specials", one(caa(0, b"issue", b"a\"b\\c\x00d\xffe;")),
        "value with '\"', '\\\\', NUL and 0xFF", "", "DNS_OK: printed escaped", [t])
    add(9, "caa-3-records",
        response([rr(Q, CAA, caa(0, b"issue", b"ca.example")),
                  rr(Q, CAA, caa(0, b"issuewild", b";")),
                  rr(Q, CAA, caa(0, b"iodef", b"mailto:sec@example.com"))], **q),
        "three CAA records: issue, issuewild \";\", iodef", "", "DNS_OK: 3 CAA", [t])
    add(9, "caa-behind-cname",
        response([rr(Q, CNAME, b"\x03caa" + ptr(12)),
                  rr(ptr(41), CAA, caa(0, b"issue", b"ca.example"))], **q),
        "CNAME example.com -> caa.example.com and the CAA there", "",
        "DNS_OK: chain of 1 link, 1 final record",
        [t, "response/chain_follows_links_in_order_to_the_final_rrset"])


def s11():
    """Resolver response handling: CNAME chains (fuzz_response follows them)."""
    t = "bugclass/cname_chains"
    names = ["c%d.example.com" % i for i in range(10)]
    links = [rr(Q, CNAME, name(names[1]))]
    for i in range(1, 9):
        links.append(rr(name(names[i]), CNAME, name(names[i + 1])))
    add(11, "cname-chain-9-too-long", response(links, qtype=CAA),
        "nine CNAMEs in a row (example.com -> c1 -> ... -> c9)",
        "unbounded chain walks (CPU, stack)",
        "DNS_OK; chain: DNS_CHAIN_TOO_LONG",
        [t, "response/chain_of_eight_is_accepted_nine_is_too_long"])
    add(11, "cname-2-cycle",
        response([rr(Q, CNAME, name("loop.example.com")),
                  rr(name("loop.example.com"), CNAME, ptr(12))], qtype=CAA),
        "example.com -> loop.example.com -> example.com",
        "CNAME loops", "DNS_OK; chain: DNS_CHAIN_LOOP",
        [t, "response/chain_loop_is_detected"])
    add(11, "cname-to-nodata-with-soa",
        response([rr(Q, CNAME, name("target.example.net"))],
                 [rr(name("example.net"), SOA, ptr(12) + ptr(12) + bytes(20))], qtype=CAA),
        "a CNAME whose target has no CAA, with the target zone's SOA in authority",
        "RFC 2308 s2.2 (NODATA after a chain)",
        "DNS_OK; chain: DNS_CHAIN_DONE, 0 final records",
        [t, "response/chain_without_soa_stops_short_with_soa_is_nodata"])
    add(11, "cname-cut-short-no-soa",
        response([rr(Q, CNAME, name("target.example.net"))], qtype=CAA),
        "a CNAME whose target is not answered, no SOA: ask the target",
        "RFC 2308 s2.2", "DNS_OK; chain: DNS_CHAIN_SHORT",
        [t, "response/chain_without_soa_stops_short_with_soa_is_nodata"])


def s11_referrals():
    """Referrals, as the doctor reads them (src/check/referral.c)."""
    t = "bugclass/referrals"
    www = "www.sub.example.com"
    sub = name("sub.example.com")
    ns1, ns2 = name("ns1.sub.example.com"), name("ns2.other.net")
    add(11, "referral-glue-in-and-out-of-bailiwick",
        response([], [rr(sub, NS, ns1), rr(sub, NS, ns2)],
                 [rr(ns1, A, bytes([127, 0, 0, 4])),
                  rr(ns1, AAAA, bytes(15) + b"\x01"),
                  rr(ns2, A, bytes([127, 0, 0, 5]))],
                 qname=www, qtype=SOA, flags=0x8000),
        "a referral from example.com's server to sub.example.com: two NS, glue for "
        "both, the other.net glue outside the server's zone",
        "cache poisoning through out-of-bailiwick glue (Kaminsky-era)",
        "DNS_OK; referral from example.com: 2 NS, 2 glue (ns1's A and AAAA)",
        [t, "check_referral/glue_only_inside_the_zone_asked"])
    add(11, "referral-authoritative-is-not",
        response([], [rr(sub, NS, ns1)], [rr(ns1, A, bytes([127, 0, 0, 4]))],
                 qname=www, qtype=SOA, flags=0x8400),
        "the same shape with AA set: an authoritative NODATA, not a referral", "",
        "DNS_OK; not a referral", [t, "check_referral/not_a_referral"])


def s12():
    """Shapes that reach the printer's less common branches (coverage)."""
    t = "bugclass/printer_shapes"
    add(12, "print-nsec3param-salt",
        response([rr(Q, 51, bytes([1, 0, 0, 10, 4, 0xde, 0xad, 0xbe, 0xef]))], qtype=51),
        "NSEC3PARAM with a 4-octet salt", "", "DNS_OK: 1 0 10 DEADBEEF",
        [t, "text_rdata/nsec3param"])
    add(12, "print-nsec3param-bad-length",
        response([rr(Q, 51, bytes([1, 0, 0, 10, 9, 1]))], qtype=51),
        "NSEC3PARAM whose salt length passes its RDATA (opaque to the parser)", "",
        "DNS_OK: printed \\# 6 0100000A0901", [t, "text_rdata/nsec3param"])
    add(12, "print-nsec3-hash-7",
        response([rr(Q, 50, bytes([1, 1, 0, 5, 0, 7]) + b"\x01\x02\x03\x04\x05\x06\x07"
                     + bytes([0, 1, 0x40]))], qtype=50),
        "NSEC3 with a 7-octet hash (base32hex with a partial last group)", "",
        "DNS_OK: 1 1 5 - 041061050O3G A", [t, "text_rdata/nsec3"])
    add(12, "print-a-class-ch",
        response([rr(Q, A, b"\x01a\x00\x01\x02", rclass=CH)]),
        "A record in class CH (a name and an address: opaque)", "",
        "DNS_OK: printed \\# 5 0161000102", [t, "msg_rdata/a_and_aaaa_lengths"])
    add(12, "print-opt-option-header-cut",
        response([], [], [opt(u16(15) + u16(2) + b"\x00\x06" + b"\x00\x0f\x00")]),
        "OPT RDATA whose last option header is cut (3 of 4 octets)", "",
        "DNS_E_OPT_OPTION", [t, "msg_edns/option_past_the_rdata"])


# ---------------------------------------------------------------------------
# Text seeds: names on the command line, resolv.conf, --resolver addresses.
# ---------------------------------------------------------------------------

TEXT = []  # (target, file, content, shape, bugs)


def texts():
    TEXT.extend([
        ("fuzz_name", "name-escaped-final-dot", b"a\\.",
         "a name ending in an escaped dot", "c-ares CVE-2016-5180 (one-octet heap overwrite)"),
        ("fuzz_name", "name-escaped-dot-at-255",
         b"\\." * 62 + b"." + b"a" * 63 + b"." + b"a" * 63 + b"." + b"b" * 61 + b"\\.",
         "escaped dots at the 255-octet limit", "c-ares CVE-2016-5180"),
        ("fuzz_name", "name-253-chars", b".".join([b"a" * 63] * 3 + [b"b" * 61]),
         "the longest name, 253 characters", "off-by-one"),
        ("fuzz_name", "name-label-64", b"a" * 64 + b".com",
         "a 64-octet label", "RFC 9267 s3"),
        ("fuzz_name", "name-ddd-all", b"\\000\\255\\046\\092\\034.x",
         "\\DDD escapes of NUL, 0xFF, '.', '\\\\', '\"'", "c-ares CVE-2021-3672"),
        ("fuzz_name", "name-ddd-256", b"\\256.example",
         "\\DDD over 255", "parser must refuse"),
        ("fuzz_name", "name-trailing-backslash", b"example\\",
         "a backslash at the end", "read past the end"),
        ("fuzz_name", "name-empty-label", b"a..b", "an empty label", ""),
        ("fuzz_name", "name-256-text", b".".join([b"a" * 63] * 3 + [b"b" * 62]),
         "a name of 256 octets in text", "Nucleus NET CVE-2020-27009"),
        ("fuzz_name", "name-ddd-two-digits", b"ab\\12c.example",
         "\\DD followed by a letter (not three digits)", "read past the escape"),
        ("fuzz_args", "args-resolver-cares-underflow", b"0::00:00:00/2",
         "--resolver text that underflowed ares_inet_net_pton", "c-ares CVE-2023-31130"),
        ("fuzz_args", "args-resolver-v6-port", b"[2001:db8::1]:5353",
         "--resolver [v6]:port", ""),
        ("fuzz_args", "args-resolver-v4", b"192.0.2.1:53", "--resolver v4:port", ""),
        ("fuzz_args", "args-type-caa", b"caa", "a type mnemonic", ""),
        ("fuzz_args", "args-type-typennn", b"TYPE65280", "RFC 3597 TYPEnnn", ""),
        ("fuzz_args", "args-type-type-overflow", b"TYPE65536",
         "TYPEnnn past 65535", "integer wrap"),
        ("fuzz_args", "args-name-unicode", b"\xc3\xa9xample.com",
         "a non-ASCII domain name typed as UTF-8", ""),
        ("fuzz_resolvconf", "resolvconf-nul-first", b"\x00nameserver 192.0.2.1\n\x00\n",
         "a line starting with NUL", "c-ares CVE-2024-25629 (read before the buffer)"),
        ("fuzz_resolvconf", "resolvconf-no-newline", b"nameserver 192.0.2.53",
         "a last line without its newline", ""),
        ("fuzz_resolvconf", "resolvconf-many-servers",
         b"".join(b"nameserver 192.0.2.%d\n" % i for i in range(1, 12)),
         "11 nameservers (more than the 8 kept)", "fixed-capacity arrays"),
        ("fuzz_resolvconf", "resolvconf-options-edges",
         b"options timeout:4294967296 attempts:-1 rotate\noptions timeout: attempts:5x\n"
         b"nameserver\nnameserver 0::00:00:00/2\nnameserver 192.0.2.1 extra\n",
         "numbers that wrap, empty values, a bare keyword, stray words",
         "c-ares CVE-2023-31130"),
    ])


def build():
    for f in (s1, s2, s3, s4, s5, s6, s7_10, s8, s9, s11, s11_referrals, s12, texts):
        f()
    names = [m[1] for m in MSGS]
    assert len(names) == len(set(names)), "duplicate file name"


def outputs():
    """Every file this script owns: path -> octets."""
    out = {}
    for _, fname, octets, *_ in MSGS:
        assert len(octets) <= 65535
        out[os.path.join(CORPUS, "fuzz_msg", fname + ".bin")] = octets
        # fuzz_response: the ID we pretend to have sent, then the message.
        # The DNSpooq "other ID" file keeps 0x1234 as ours, so it differs.
        out[os.path.join(CORPUS, "fuzz_response", fname + ".bin")] = u16(ID) + octets
    for target, fname, content, *_ in TEXT:
        out[os.path.join(CORPUS, target, fname)] = content
    return out


def readme_table():
    titles = {1: "1. Compression pointers", 2: "2. Label and name length",
              3: "3. Name termination and RDATA bounds", 4: "4. Counts and header",
              5: "5. Transport and size (oversized answers)",
              6: "6. Matching and spoofing (DNSpooq shapes)",
              7: "7. DNSSEC paths", 8: "8. EDNS", 9: "9. CAA RDATA",
              10: "10. Text output", 11: "11. CNAME chains (resolver response handling)",
              12: "Printer shapes (coverage seeds)"}
    lines = []
    section = None
    for sec, fname, octets, shape, bugs, verdict, tests in sorted(MSGS, key=lambda m: m[0]):
        if sec != section:
            section = sec
            lines += ["", "#### " + titles[sec], "",
                      "| file | octets | shape | known bugs | acmeprobe's verdict | proved by |",
                      "| --- | ---: | --- | --- | --- | --- |"]
        proof = ", ".join("`%s`" % x for x in tests)
        lines.append("| `%s.bin` | %d | %s | %s | %s | %s |" % (
            fname, len(octets), shape.replace("|", "\\|"), bugs or "-",
            "`%s`" % verdict if verdict.startswith("DNS_E") else verdict, proof))
    lines += ["", "#### Text seeds (`fuzz_name`, `fuzz_args`, `fuzz_resolvconf`)", "",
              "| target | file | shape | known bugs |", "| --- | --- | --- | --- |"]
    for target, fname, content, shape, bugs in TEXT:
        lines.append("| %s | `%s` | %s | %s |" % (target, fname, shape.replace("|", "\\|"),
                                                  bugs or "-"))
    return "\n".join(lines) + "\n"


def missing_tests():
    """The `proved by` names without a Test(suite, name) in tests/unit."""
    import re
    unit = os.path.join(ROOT, "tests", "unit")
    have = set()
    for f in os.listdir(unit):
        if f.endswith(".c"):
            for m in re.finditer(r"^Test\(\s*(\w+)\s*,\s*(\w+)", open(os.path.join(unit, f)).read(), re.M):
                have.add(m.group(1) + "/" + m.group(2))
    want = sorted({t for m in MSGS for t in m[6]})
    return [t for t in want if t not in have]


BEGIN = "<!-- bugclass table: written by scripts/fuzz-bugclass-corpus.py --readme -->"
END = "<!-- end of bugclass table -->"


def main(argv):
    build()
    files = outputs()
    if "--check" in argv:
        bad = [p for p, b in files.items()
               if not os.path.exists(p) or open(p, "rb").read() != b]
        for p in bad:
            print("differs: " + os.path.relpath(p, ROOT))
        missing = missing_tests()
        for t in missing:
            print("no such Test() in tests/unit: " + t)
        return 1 if bad or missing else 0
    for path, octets in files.items():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(octets)
    print("wrote %d files (%d messages x 2, %d text seeds)" % (
        len(files), len(MSGS), len(TEXT)))
    if "--readme" in argv:
        path = os.path.join(ROOT, "fuzz", "README.md")
        text = open(path).read()
        a, b = text.index(BEGIN), text.index(END)
        text = text[:a + len(BEGIN)] + "\n" + readme_table() + "\n" + text[b:]
        with open(path, "w") as f:
            f.write(text)
        print("refreshed the table in fuzz/README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
