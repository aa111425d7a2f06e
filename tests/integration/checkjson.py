#!/usr/bin/env python3
"""The JSON checker of the integration suites (tests/integration/lib.sh,
`expect`).

    checkjson.py [--env HELPERS.py] [--lines] FILE ASSERTION...

Reads FILE (acmeprobe's stdout) as one JSON object, or with --lines as
JSON Lines (a list of the objects), binds it to `j`, and evaluates each
ASSERTION, a Python expression over `j`. "A == B" (when both sides are
expressions by themselves) is evaluated side by side, so that a failure
shows what came. Prints one line per failed assertion; exits 1 if any
failed.

HELPERS.py (a suite's own functions: decided(), codes(), rr(), ...) is
executed in the assertions' namespace first, so its functions see `j`,
`json` and `re` as globals.
"""
import json
import re
import sys


def main(argv):
    args = argv[1:]
    helpers = None
    if args[:1] == ["--env"]:
        helpers, args = args[1], args[2:]
    lines = args[:1] == ["--lines"]
    if lines:
        args = args[1:]
    try:
        text = open(args[0]).read()
        if lines:
            j = [json.loads(line) for line in text.splitlines()]
        else:
            j = json.loads(text)
            if not isinstance(j, dict):
                raise ValueError("not a JSON object")
    except Exception as e:
        print("stdout is not %s: %s" % ("JSON Lines" if lines else "one JSON object", e))
        return 1
    env = {"j": j, "json": json, "re": re}
    if helpers:
        with open(helpers) as f:
            exec(compile(f.read(), helpers, "exec"), env)
    bad = 0
    for a in args[1:]:
        lhs, sep, rhs = a.partition(" == ")
        try:
            if sep:
                try:
                    compile(lhs.strip(), "lhs", "eval")
                    compile(rhs.strip(), "rhs", "eval")
                except SyntaxError:
                    sep = ""
            if sep:
                got, want = eval(lhs, env), eval(rhs, env)
                if got != want:
                    bad += 1
                    print("%s: want %s, got %s" % (lhs, json.dumps(want), json.dumps(got)))
            elif not eval(a, env):
                bad += 1
                print("false: %s" % a)
        except Exception as e:
            bad += 1
            print("%s: %s: %s" % (a, type(e).__name__, e))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
