#!/usr/bin/env python3
"""The commands' long --help, packed: from the HELP(usage, rest) of each
src/cli/cmd_NAME.c to src/cli/help_text.c, kept current by `make
rules-check`.

    scripts/help-pack.py --write       rewrite src/cli/help_text.c
    scripts/help-pack.py --check       exit 1 if it is not what --write makes
    scripts/help-pack.py --list        print the commands that have a HELP
    scripts/help-pack.py --print NAME  print the rest of command NAME's HELP,
                                       as the C compiler reads it (the test
                                       of --help compares with it)

A command's --help is its usage lines, then a long description: in the
source, `static const char help[] = HELP(usage, rest)` (src/cli/cli.h).
The full build keeps only usage as a string; cli_print_help
(src/cli/help.c) prints it, then the command's rest unpacked from
help_text.c, which this script packs as scripts/rules-index.py packs the
rules' texts (scripts/textpack.py). make tiny (ACMEPROBE_SHORT_HELP=1)
has neither: it prints the usage lines and a pointer to the man page.

The rest stays in the source, where it is read and edited: it must be C
string literals only (comments and white space between them allowed), so
that this script reads exactly what the compiler would; a macro, an
#if or anything else there is refused with its file and line. The usage
may use macros (it stays compiled). Each HELP is in src/cli/cmd_NAME.c,
one per file, and NAME is the command it is indexed under. Python 3
standard library only.
"""

import argparse
import glob
import os
import re
import sys

from textpack import c_bytes, pack, unpack

HELP_C = "src/cli/help_text.c"
SOURCES = "src/cli/*.c"
CMD_FILE = re.compile(r"^cmd_([a-z0-9]+)\.c$")


class HelpError(Exception):
    pass


# ---- reading C -------------------------------------------------------------

# The tokens that matter here: comments and white space (skipped), a
# preprocessor line, a string or character literal, an identifier, and
# any other single character.
TOKEN = re.compile(
    r"""(?P<directive>(?<![^\n])[ \t]*\#(?:[^\n\\]|\\.)*)
      | (?P<space>[ \t\r\f\v]+|\n|\\\n)
      | (?P<comment>/\*.*?\*/|//[^\n]*)
      | (?P<string>(?:u8|u|U|L)?"(?:[^"\\\n]|\\.)*")
      | (?P<char>(?:u8|u|U|L)?'(?:[^'\\\n]|\\.)*')
      | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)


def tokens(text):
    """(kind, text, line) of each token of C source text, white space and
    comments left out."""
    line = 1
    for m in TOKEN.finditer(text):
        kind = m.lastgroup
        if kind not in ("space", "comment"):
            yield kind, m.group(), line
        line += m.group().count("\n")


SIMPLE_ESCAPES = {"n": 10, "t": 9, "r": 13, "a": 7, "b": 8, "f": 12, "v": 11,
                  "\\": 92, '"': 34, "'": 39, "?": 63}


def string_bytes(literal, where):
    """The bytes of one plain C string literal ("..." in UTF-8 source), its
    escapes decoded as C11 6.4.4.4 says."""
    if not literal.startswith('"'):
        raise HelpError(f"{where}: {literal[:12]}...: only plain \"...\" literals are read")
    body, out, i = literal[1:-1], bytearray(), 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out += ch.encode("utf-8")
            i += 1
            continue
        e = body[i + 1]
        if e in SIMPLE_ESCAPES:
            out.append(SIMPLE_ESCAPES[e])
            i += 2
        elif e in "01234567":
            m = re.match(r"[0-7]{1,3}", body[i + 1:])
            out.append(int(m.group(), 8) & 0xFF)
            i += 1 + len(m.group())
        elif e == "x":
            m = re.match(r"[0-9A-Fa-f]+", body[i + 2:])
            if not m:
                raise HelpError(f"{where}: \\x without a hex digit")
            out.append(int(m.group(), 16) & 0xFF)
            i += 2 + len(m.group())
        else:
            raise HelpError(f"{where}: unknown escape \\{e}")
    return bytes(out)


def help_rests(path, rel):
    """The (line, rest bytes) of each HELP(usage, rest) in the file."""
    with open(path, encoding="utf-8") as f:
        toks = list(tokens(f.read()))
    found = []
    for k, (kind, text, line) in enumerate(toks):
        if kind != "ident" or text != "HELP":
            continue
        if k + 1 >= len(toks) or toks[k + 1][1] != "(":
            continue
        # the arguments: split at the comma outside any parentheses
        depth, args, cur, j = 0, [], [], k + 2
        while j < len(toks):
            t = toks[j]
            if t[0] == "directive":
                raise HelpError(f"{rel}:{t[2]}: a preprocessor line inside HELP(...): "
                                "write the text without #if")
            if t[1] == "(":
                depth += 1
            elif t[1] == ")":
                if depth == 0:
                    break
                depth -= 1
            elif t[1] == "," and depth == 0:
                args.append(cur)
                cur = []
                j += 1
                continue
            cur.append(t)
            j += 1
        else:
            raise HelpError(f"{rel}:{line}: HELP( without its closing parenthesis")
        args.append(cur)
        if len(args) != 2:
            raise HelpError(f"{rel}:{line}: HELP takes two arguments (usage, rest), "
                            f"not {len(args)}")
        rest = args[1]
        if not rest:
            raise HelpError(f"{rel}:{line}: HELP's rest is empty")
        for t in rest:
            if t[0] != "string":
                raise HelpError(
                    f"{rel}:{t[2]}: HELP's rest must be C string literals only "
                    f"(it is packed into {HELP_C} from the source), not '{t[1]}'")
        found.append((line, b"".join(string_bytes(t[1], f"{rel}:{t[2]}") for t in rest)))
    return found


def read_helps(root):
    """{command: rest bytes} of every HELP in src/cli/*.c, in file order."""
    helps = {}
    for path in sorted(glob.glob(os.path.join(root, SOURCES))):
        rel = os.path.relpath(path, root)
        if rel == HELP_C:
            continue
        found = help_rests(path, rel)
        if not found:
            continue
        m = CMD_FILE.match(os.path.basename(path))
        if not m:
            raise HelpError(f"{rel}:{found[0][0]}: a HELP outside a src/cli/cmd_NAME.c "
                            "(the file's NAME is the command it is indexed under)")
        if len(found) > 1:
            raise HelpError(f"{rel}:{found[1][0]}: a second HELP in one file "
                            "(one command, one help)")
        helps[m.group(1)] = found[0][1]
    if not helps:
        raise HelpError(f"no HELP(usage, rest) in {SOURCES}")
    return helps


# ---- writing help_text.c ---------------------------------------------------


def render_c(helps):
    names = list(helps)
    chunks = [helps[n] for n in names]
    packed = pack(chunks)
    if unpack(b"".join(packed)) != b"".join(chunks):
        raise HelpError("the packed text does not unpack to the text (a bug in textpack.py)")
    total = sum(map(len, chunks))
    out = [
        "/* GENERATED by scripts/help-pack.py --write from the HELP(usage, rest)",
        " * of src/cli/cmd_*.c: do not edit (edit the rest there, then run it).",
        " * `make rules-check` fails when it differs from what the script writes.",
        " * Each command's rest, in help_text_packed (src/cli/help_text.h says",
        " * where, rules_unpack.h how to read it).",
        f" * {total} bytes of text packed into {sum(map(len, packed))}. */",
        "/* clang-format off */",
        '#include "cli/help_text.h"',
        "",
        "const struct help_text help_texts[] = {",
    ]
    at = 0
    for n, c in zip(names, chunks):
        out.append(f'\t{{.command = "{n}", .offset = {at}, .size = {len(c)}}},')
        at += len(c)
    out += [
        "};",
        "",
        "const size_t help_text_count = sizeof help_texts / sizeof help_texts[0];",
        "",
        "const unsigned char help_text_packed[] =",
    ]
    for n, p in zip(names, packed):
        out.append(f"\t/* {n} */")
        out.append("\t" + c_bytes(p, "\t"))
    out[-1] += ";"
    out += [
        "",
        "const size_t help_text_packed_size = sizeof help_text_packed - 1;",
        f"const size_t help_text_unpacked_size = {total};",
        "",
    ]
    return "\n".join(out)


def packed_texts(source):
    """{command: rest bytes} as a help_text.c says them (to name what
    changed), or None if it cannot be read that way."""
    index = re.findall(r'\{\.command = "([a-z0-9]+)", \.offset = ([0-9]+), \.size = ([0-9]+)\}',
                       source)
    toks = list(tokens(source))
    try:
        k = next(k for k, t in enumerate(toks) if t[1] == "help_text_packed" and toks[k + 1][1] == "[")
        literals = []
        for kind, text, line in toks[k + 4:]:
            if kind != "string":
                break
            literals.append(string_bytes(text, f"{HELP_C}:{line}"))
        text = unpack(b"".join(literals))
    except (StopIteration, IndexError, HelpError):
        return None
    return {n: text[int(o):int(o) + int(z)] for n, o, z in index}


def stale_hint(old, helps):
    """What differs between the texts old (help_text.c as it is) holds and
    the HELPs of the source, in a few words."""
    had = packed_texts(old)
    if had is None:
        return "it cannot be read"
    changed = [n for n in helps if n in had and had[n] != helps[n]]
    parts = [f"the text of {' '.join(changed)} changed"] if changed else []
    added = [n for n in helps if n not in had]
    parts += [f"no text for {' '.join(added)}"] if added else []
    gone = [n for n in had if n not in helps]
    parts += [f"a text for {' '.join(gone)}, which has no HELP"] if gone else []
    return "; ".join(parts) or "the same texts, written otherwise"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help=f"fail if {HELP_C} is stale")
    mode.add_argument("--write", action="store_true", help=f"rewrite {HELP_C}")
    mode.add_argument("--list", action="store_true", help="print the commands that have a HELP")
    mode.add_argument("--print", metavar="NAME", help="print the rest of command NAME's HELP")
    ap.add_argument("--root", default=None, help="repository root (default: this script's ../)")
    args = ap.parse_args()
    root = os.path.abspath(args.root or os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

    try:
        helps = read_helps(root)
        new = render_c(helps)
    except HelpError as e:
        print(f"help-pack: {e}", file=sys.stderr)
        return 1

    if args.list:
        print("\n".join(helps))
        return 0
    if args.print is not None:
        if args.print not in helps:
            print(f"help-pack: no HELP for a command '{args.print}' "
                  f"(there are: {' '.join(helps)})", file=sys.stderr)
            return 1
        sys.stdout.buffer.write(helps[args.print])
        return 0

    path = os.path.join(root, HELP_C)
    try:
        with open(path, encoding="utf-8") as f:
            old = f.read()
    except OSError:
        old = None
    if args.write:
        if new != old:
            with open(path, "w", encoding="utf-8") as f:
                f.write(new)
            print(f"help-pack: wrote {HELP_C}")
        return 0
    if old is None:
        print(f"help-pack: FAIL {HELP_C} is missing: run scripts/help-pack.py --write")
        return 1
    if new != old:
        print(f"help-pack: FAIL {HELP_C} is stale ({stale_hint(old, helps)}): "
              "run scripts/help-pack.py --write")
        return 1
    print(f"help-pack: {HELP_C} is current ({len(helps)} command{'s' * (len(helps) != 1)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
