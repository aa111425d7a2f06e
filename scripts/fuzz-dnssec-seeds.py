#!/usr/bin/python3
"""Writes the seed corpora of fuzz/fuzz_dnssec.c and fuzz/fuzz_trust_anchor.c
from the captured DNSSEC fixtures (tests/fixtures/dnssec/, capture.sh).

fuzz_dnssec: one seed per case of cases.txt and per RFC 5155 App. B
response is not possible (those are text): for each captured answer,
  u32 NOW | u16 len | anchor.txt | (u16 len | message)...
with the answer first and every chain message after it.
fuzz_trust_anchor: the lab's anchor, the root's built-in DS records, a
DNSKEY anchor, and the layouts the parser takes (TTL, class, comments,
split digests, mnemonics).

Usage: scripts/fuzz-dnssec-seeds.py   (rewrites the named seeds only)
"""
import os
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "tests", "fixtures", "dnssec")


def main():
    now = int(open(os.path.join(FIX, "NOW")).read())
    anchor = open(os.path.join(FIX, "anchor.txt"), "rb").read()
    bins = sorted(f[:-4] for f in os.listdir(FIX) if f.endswith(".bin"))
    chain = [b for b in bins if b.endswith("-ds") or b.endswith("-dnskey")]
    cases = [line.split("|")[0] for line in open(os.path.join(FIX, "cases.txt"))
             if line.strip() and not line.startswith("#")]
    out = os.path.join(ROOT, "fuzz", "corpus", "fuzz_dnssec")
    os.makedirs(out, exist_ok=True)
    for c in cases:
        blob = struct.pack("!IH", now & 0xFFFFFFFF, len(anchor)) + anchor
        for name in [c] + chain:
            msg = open(os.path.join(FIX, name + ".bin"), "rb").read()
            blob += struct.pack("!H", len(msg)) + msg
        open(os.path.join(out, "seed-" + c), "wb").write(blob)

    ta = os.path.join(ROOT, "fuzz", "corpus", "fuzz_trust_anchor")
    os.makedirs(ta, exist_ok=True)
    seeds = {
        "seed-lab": anchor,
        "seed-root": b". DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n"
                     b". DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16\n",
        "seed-dnskey": b"; RFC 5155 App. A's KSK\nexample. 3600 IN DNSKEY 257 3 7 "
                       b"AwEAAcUlFV1vhmqx6NSOUOq2R/dsR7Xm3upJ j7IommWSpJABVfW8Q0rOvXdM6kzt+TAu92L9 "
                       b"AbsUdblMFin8CVF3n4s=\n",
        "seed-layouts": b"\n   ; a comment\nExample.COM. IN 86400 DS ( 60485 RSASHA1 1\n"
                        b"dskey.example.com. 86400 IN DS 60485 5 2 D4B7D520E7BB5F0F 67674A0CCEB1E3E0"
                        b"614B93C4F9E99B8383F6A1E4469DA50A ; split\n"
                        b"example.net. DNSKEY 257 3 ECDSAP256SHA256 GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edb"
                        b" krSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==\r\n",
        "seed-errors": b"$ORIGIN example.\nx. CH DS 1 2 3 00\n",
        "seed-too-many": "".join("lab. DS %d 13 2 00\n" % i for i in range(17)).encode(),
        "seed-long-line": b"lab. DS 1 13 2 " + b"ab" * 2100 + b"\n",
        "seed-too-long": b"lab. DS 1 13 2 " + b"ab " * 1100 + b"\n",
        "seed-classes": b"a. 60 IN DNSKEY 257 3 ED25519 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=\nb. CLASS3 DS 1 1 1 00\n",
        "seed-mnemonics": b"".join(b"a. DS %d %s 1 00\n" % (i, m) for i, m in enumerate([b"RSAMD5", b"DSA", b"RSASHA1", b"DSA-NSEC3-SHA1", b"RSASHA1-NSEC3-SHA1", b"RSASHA512", b"ECC-GOST", b"ECDSAP384SHA384", b"ED448"])) + b"a. DNSKEY 257 3 RSASHA256 AwEAAQ==\n",
    }
    for name, text in seeds.items():
        open(os.path.join(ta, name), "wb").write(text)
    print("fuzz-dnssec-seeds: %d fuzz_dnssec seeds, %d fuzz_trust_anchor seeds"
          % (len(cases), len(seeds)))


if __name__ == "__main__":
    sys.exit(main())
