#!/usr/bin/python3
"""Instructions outside libcrypto in a callgrind profile.

Usage: cgsplit.py CALLGRIND.OUT  ->  prints "TOTAL CRYPTO OUTSIDE"

The profile must be collected with --toggle-collect=run_passes, so that
TOTAL is the inclusive cost of the timed passes. CRYPTO is the inclusive
cost of every call made from the program or the library under test (not
libc, not the loader, not libcrypto itself) into libcrypto, directly or
through a stub valgrind cannot name ("???", the PLT): what libcrypto does
for it, the allocations it makes in libc included. OUTSIDE = TOTAL -
CRYPTO: the harness, the library under test and the libc calls it makes
itself (malloc, memcpy...).
"""
import collections
import re
import sys

SYSTEM = ("libcrypto", "libc.so", "ld-linux", "libpthread", "vgpreload")


def parse(path):
    names = {"ob": {}, "fn": {}}
    ob = cob = cfn = None
    fn = None
    total = 0
    calls = []           # (caller fn, caller ob, callee fn, callee ob, cost)
    pending = None
    for line in open(path, errors="replace"):
        line = line.rstrip("\n")
        m = re.match(r"^(c?)(ob|fn)=(?:\((\d+)\))?\s*(.*)$", line)
        if m:
            kind = m.group(2)
            ident, name = m.group(3), m.group(4)
            if ident is not None:
                if name:
                    names[kind][ident] = name
                name = names[kind].get(ident, name)
            if m.group(1) == "c":
                if kind == "ob":
                    cob = name
                else:
                    cfn = name
            elif kind == "ob":
                ob = name
            else:
                fn = (name, ob)
                cob = cfn = None
            continue
        if line.startswith("calls="):
            pending = (cfn, cob if cob is not None else ob)
            continue
        if line and (line[0].isdigit() or line[0] in "+-*"):
            parts = line.split()
            cost = int(parts[-1]) if len(parts) >= 2 else 0
            if pending is not None:
                calls.append((fn, pending, cost))
                pending = None
                cob = cfn = None
            else:
                total += cost
    return total, calls


def main(path):
    total, calls = parse(path)
    # what each unnamed stub leads to
    stub_callees = collections.defaultdict(set)
    for caller, callee, _cost in calls:
        if "???" in (caller[1] or ""):
            stub_callees[caller].add(callee[1] or "")
    crypto = 0
    for caller, callee, cost in calls:
        cob = callee[1] or ""
        if any(k in (caller[1] or "") for k in SYSTEM) or "???" in (caller[1] or ""):
            continue
        into = "libcrypto" in cob or (
            "???" in cob and any("libcrypto" in o for o in stub_callees[callee]))
        if into:
            crypto += cost
    print(total, crypto, total - crypto)


if __name__ == "__main__":
    main(sys.argv[1])
