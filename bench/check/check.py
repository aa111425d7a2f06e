#!/usr/bin/env python3
"""Checks every line of 'acmeprobe check --file' against the bench's
expected.txt (bench/check/gen-zone.sh): line I must be the JSON report of
the I-th name, with its verdict and, unless "-", a finding of that code.

Usage: check.py EXPECTED OUTPUT
Prints "ok N", "wrong N", "missing N", "extra N", "duplicate N", one a
line; the first 9 wrong lines go to stderr. Exit 0 if every line is
right, 1 if not.
"""
import json
import sys


def main():
    want = [line.split() for line in open(sys.argv[1])]
    got = open(sys.argv[2], encoding="utf-8", errors="replace").read().splitlines()
    ok = wrong = 0
    seen = {}
    shown = 0
    for i, line in enumerate(got[: len(want)]):
        name, verdict, code = want[i]
        why = None
        try:
            o = json.loads(line)
            domain = o["domain"].rstrip(".")
            seen[domain] = seen.get(domain, 0) + 1
            codes = {f["code"] for f in o["findings"]}
            if domain != name:
                why = "line %d is %s, want %s" % (i + 1, domain, name)
            elif o["verdict"] != verdict:
                why = "%s: verdict %s, want %s" % (name, o["verdict"], verdict)
            elif code != "-" and code not in codes:
                why = "%s: no %s among %s" % (name, code, sorted(codes))
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            why = "line %d is not a report (%s)" % (i + 1, e)
        if why:
            wrong += 1
            if shown < 9:
                print(why, file=sys.stderr)
                shown += 1
        else:
            ok += 1
    missing = max(0, len(want) - len(got))
    extra = max(0, len(got) - len(want))
    dup = sum(n - 1 for n in seen.values() if n > 1)
    for k, v in (("ok", ok), ("wrong", wrong), ("missing", missing),
                 ("extra", extra), ("duplicate", dup)):
        print(k, v)
    return 0 if ok == len(want) and not extra else 1


if __name__ == "__main__":
    sys.exit(main())
