#!/usr/bin/env python3
"""The rule index: from each rule of docs/rules.md to the code and the tests
that cite it, kept current by `make rules-check`.

    scripts/rules-index.py --write   rewrite the GENERATED blocks of
                                     docs/rules.md and src/cli/rules_text.c
    scripts/rules-index.py --check   exit 1 if anything is stale or missing
    scripts/rules-index.py --list    print each rule's citations, one a line

The rule ids are the `### R-...: title` headings of docs/rules.md. When
the team's brief is beside the worktree (../shared/validation-rules.md,
outside the repository: read on purpose, and only when it is there; a
clone has none and skips the comparison), its `- R-...:` items must be
the same set (--shared FILE names another file, --no-shared skips it). What counts as a citation, and what the
check fails on, is explained in docs/rules.md ("How the tables are made").
Python 3 standard library only.
"""

import argparse
import os
import re
import sys
import textwrap

from textpack import c_bytes, pack, unpack

DOC = "docs/rules.md"
TEXT_C = "src/cli/rules_text.c"
PENDING = "scripts/rules-pending.txt"

# Files of the index itself: they mention ids as data (a help example,
# the compiled text, a test of the `rules` command), so they count as
# neither code nor test. Their ids are still checked, except in the
# generated file, which is checked by regeneration.
INDEX_FILES = {
    "src/cli/cmd_rules.c",
    "src/cli/rules_text.h",
    "src/cli/rules_text.c",
    "tests/integration/test_rules.sh",
    "tests/unit/test_rules.c",
}
# (src/cli/help_text.c is the commands' --help packed by
# scripts/help-pack.py: its ids are read in src/cli/cmd_*.c, its source.)
GENERATED_FILES = {TEXT_C, "src/cli/help_text.c"}

TEST_SUFFIXES = (".c", ".h", ".sh", ".py")

# Where citations are looked for; a prefix ending in "/" is a folder.
SCAN = ["src/", "tests/", "fuzz/", "docs/", "README.md"]
SKIP_DIRS = {"corpus", "__pycache__"}

HEADING = re.compile(r"^### (R-[A-Z0-9]+-[0-9]+): (.+)$")
GROUP = re.compile(r"^## (.+)$")
BEGIN = re.compile(r"^<!-- BEGIN GENERATED: ([A-Za-z0-9-]+) -->$")
END = "<!-- END GENERATED -->"
# An id, or a range of ids such as R-HTTP-1..7 (a range counts for none).
CITE = re.compile(r"(?<![A-Za-z0-9_-])R-([A-Z0-9]+)-([0-9]+)(?:\.\.([0-9]+))?(?![0-9])")
SHARED_ITEM = re.compile(r"^\s*-\s+(R-[A-Z0-9]+-[0-9]+)\b")


def kind_of(path):
    """What a citation in this file is: code, test, data (test data), or
    None (checked only)."""
    if path in INDEX_FILES:
        return None
    if path.startswith("src/"):
        return "code"
    if path.startswith("tests/unit/") or path.startswith("tests/integration/"):
        # test code; a README there describes tests, it is not one
        return "test" if path.endswith(TEST_SUFFIXES) else None
    if path.startswith("tests/") and not path.endswith(".md"):
        return "data"
    return None


# ---- docs/rules.md ---------------------------------------------------------


class Rule:
    def __init__(self, rid, title, group, line):
        self.id = rid
        self.title = title
        self.group = group
        self.line = line
        self.body = []  # statement lines
        self.rfc = None
        self.le = None


def parse_doc(text):
    """The rules of docs/rules.md, in order, and the problems in its shape."""
    rules, problems = [], []
    group = None
    cur = None
    state = None  # None, "body", "meta", "generated"
    lines = text.split("\n")
    for n, line in enumerate(lines, 1):
        if state == "generated":
            if line == END:
                state = "done"
            continue
        m = BEGIN.match(line)
        if m:
            if cur and m.group(1) == cur.id:
                state = "generated"
            elif m.group(1) == "index":
                state = "generated"
            else:
                problems.append(f"{DOC}:{n}: GENERATED block for {m.group(1)} is not under its heading")
                state = "generated"
            continue
        m = HEADING.match(line)
        if m:
            cur = Rule(m.group(1), m.group(2).strip(), group, n)
            rules.append(cur)
            state = "body"
            continue
        m = GROUP.match(line)
        if m:
            group = m.group(1).strip()
            cur = None
            state = None
            continue
        if cur is None or state not in ("body", "meta"):
            continue
        if line.startswith("- RFC: "):
            cur.rfc = line[len("- RFC: "):].strip()
            state = "meta"
        elif line.startswith("- Let's Encrypt: "):
            cur.le = line[len("- Let's Encrypt: "):].strip()
            state = "meta"
        elif state == "body":
            cur.body.append(line)
        elif line.strip():
            problems.append(f"{DOC}:{n}: text after the RFC/Let's Encrypt lines of {cur.id}")
    seen = set()
    for r in rules:
        if r.id in seen:
            problems.append(f"{DOC}:{r.line}: {r.id} is stated twice")
        seen.add(r.id)
        if not r.rfc:
            problems.append(f"{DOC}:{r.line}: {r.id} has no '- RFC: ' line")
        if not r.le:
            problems.append(f"{DOC}:{r.line}: {r.id} has no '- Let's Encrypt: ' line")
        if not statement_paragraphs(r):
            problems.append(f"{DOC}:{r.line}: {r.id} has no statement")
    return rules, problems


def statement_paragraphs(rule):
    paras, cur = [], []
    for line in rule.body:
        if line.strip():
            cur.append(line.strip())
        elif cur:
            paras.append(" ".join(cur))
            cur = []
    if cur:
        paras.append(" ".join(cur))
    return paras


def plain(s):
    """Markdown inline code and emphasis dropped, for the terminal."""
    return s.replace("`", "").replace("**", "")


# ---- citations -------------------------------------------------------------


def scan_files(root):
    for entry in SCAN:
        full = os.path.join(root, entry)
        if entry.endswith("/"):
            if not os.path.isdir(full):
                continue
            for dirpath, dirnames, filenames in os.walk(full):
                dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
                for f in sorted(filenames):
                    yield os.path.relpath(os.path.join(dirpath, f), root)
        elif os.path.isfile(full):
            yield entry


def read_text(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    if b"\0" in data:
        return None  # binary: fixtures, corpora
    return data.decode("utf-8", errors="replace")


def collect(root, ids):
    """citations: {id: {kind: set(paths)}}; unknown: [(path, line, text)]"""
    cites = {rid: {"code": set(), "test": set(), "data": set()} for rid in ids}
    unknown = []
    for rel in scan_files(root):
        rel = rel.replace(os.sep, "/")
        if rel == DOC or rel in GENERATED_FILES:
            continue
        text = read_text(os.path.join(root, rel))
        if text is None:
            continue
        kind = kind_of(rel)
        for n, line in enumerate(text.split("\n"), 1):
            for m in CITE.finditer(line):
                family, first, last = m.group(1), m.group(2), m.group(3)
                rid = f"R-{family}-{first}"
                if last is not None:
                    for end in (first, last):
                        if f"R-{family}-{end}" not in ids:
                            unknown.append((rel, n, m.group(0), f"R-{family}-{end}"))
                    if int(last) <= int(first):
                        unknown.append((rel, n, m.group(0), "an empty range"))
                    continue
                if rid not in ids:
                    unknown.append((rel, n, rid, rid))
                elif kind:
                    cites[rid][kind].add(rel)
    return cites, unknown


def read_pending(root, ids):
    """{id: reason} from scripts/rules-pending.txt, and its problems."""
    pending, problems = {}, []
    path = os.path.join(root, PENDING)
    if not os.path.isfile(path):
        return pending, problems
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split(None, 1)
            rid = parts[0]
            reason = parts[1].strip() if len(parts) > 1 else ""
            if rid not in ids:
                problems.append(f"{PENDING}:{n}: {rid} is not a rule")
            elif rid in pending:
                problems.append(f"{PENDING}:{n}: {rid} is listed twice")
            elif not reason:
                problems.append(f"{PENDING}:{n}: {rid} needs a reason after the id")
            else:
                pending[rid] = reason
    return pending, problems


def shared_ids(path):
    with open(path, encoding="utf-8") as f:
        found = []
        for line in f:
            m = SHARED_ITEM.match(line)
            if m and m.group(1) not in found:
                found.append(m.group(1))
        return found


# ---- what --write produces -------------------------------------------------


def md_files(paths):
    return ", ".join(f"`{p}`" for p in sorted(paths))


def rule_block(rule, c, pending):
    rows = ["| cited in | files |", "| --- | --- |"]
    reason = pending.get(rule.id)
    none = f"none yet (`{PENDING}`: {reason})" if reason else "none"
    rows.append(f"| code | {md_files(c['code']) if c['code'] else none} |")
    rows.append(f"| tests | {md_files(c['test']) if c['test'] else none} |")
    if c["data"]:
        rows.append(f"| test data | {md_files(c['data'])} |")
    return rows


def index_block(rules, cites, pending):
    rows = [
        "| rule | title | code files | test files | state |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in rules:
        c = cites[r.id]
        covered = bool(c["code"]) and bool(c["test"])
        state = "covered" if covered else ("pending" if r.id in pending else "MISSING")
        anchor = re.sub(r"[^a-z0-9 -]", "", f"{r.id}: {r.title}".lower()).replace(" ", "-")
        rows.append(f"| [{r.id}](#{anchor}) | {r.title} | {len(c['code'])} | {len(c['test'])} | {state} |")
    return rows


def render_doc(text, rules, cites, pending):
    by_id = {r.id: r for r in rules}
    out, skipping = [], False
    for line in text.split("\n"):
        if skipping:
            if line == END:
                skipping = False
                out.append(line)
            continue
        out.append(line)
        m = BEGIN.match(line)
        if m:
            name = m.group(1)
            if name == "index":
                out.extend(index_block(rules, cites, pending))
            elif name in by_id:
                out.extend(rule_block(by_id[name], cites[name], pending))
            skipping = True
    return "\n".join(out)


def c_escape(s):
    out = []
    for byte in s.encode("utf-8"):
        ch = chr(byte)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif 0x20 <= byte < 0x7F:
            out.append(ch)
        else:
            out.append("\\%03o" % byte)
    return "".join(out)


def c_string(s, indent):
    """A C string literal for s, split after spaces and newlines into
    pieces of about 64 columns."""
    pieces, cur = [], ""
    for token in re.findall(r"[^ \n]*(?: |\n|$)", s):
        if not token:
            continue
        e = c_escape(token)
        if cur and len(cur) + len(e) > 64:
            pieces.append(cur)
            cur = ""
        cur += e
        if token.endswith("\n"):
            pieces.append(cur)
            cur = ""
    if cur or not pieces:
        pieces.append(cur)
    return ("\n" + indent).join(f'"{p}"' for p in pieces)


# ---- the long texts, packed ------------------------------------------------
#
# A rule's statement, rfc and letsencrypt texts (42 KB of the 48 KB the
# rules took in the binary) are compiled in packed (scripts/textpack.py
# says how), as one stream in rule order, each rule's texts one chunk;
# id, group and title stay plain strings.

PACKED_FIELDS = ("statement", "rfc", "letsencrypt")


def long_texts(rule):
    statement = "\n\n".join(plain(p) for p in statement_paragraphs(rule))
    return {"statement": statement, "rfc": plain(rule.rfc or ""), "letsencrypt": plain(rule.le or "")}


def render_c(rules):
    ind = "\t\t"
    chunks = []
    for r in rules:
        texts = long_texts(r)
        chunks.append(b"".join(texts[field].encode("utf-8") + b"\0" for field in PACKED_FIELDS))
    at = sum(map(len, chunks))
    packed = pack(chunks)
    if unpack(b"".join(packed)) != b"".join(chunks):
        raise SystemExit("rules-index: the packed text does not unpack to the text (a bug here)")
    out = [
        "/* GENERATED by scripts/rules-index.py --write from docs/rules.md: do not",
        " * edit. `make rules-check` fails when it differs from what the script",
        " * writes. Each rule's statement, rfc and letsencrypt texts are in",
        " * rule_text_packed (src/cli/rules_text.h says where, rules_unpack.h how",
        " * to read it); the statement's paragraphs are separated by \"\\n\\n\" and",
        " * not wrapped (`acmeprobe rules ID` wraps them).",
        f" * {at} bytes of text packed into {sum(map(len, packed))}. */",
        '#include "cli/rules_text.h"',
        "",
        "const struct rule_text rule_texts[] = {",
    ]
    for r in rules:
        out.append("\t{")
        out.append(f"\t\t.id = {c_string(r.id, ind)},")
        out.append(f"\t\t.group = {c_string(plain(r.group or ''), ind)},")
        out.append(f"\t\t.title = {c_string(plain(r.title), ind)},")
        out.append("\t},")
    out.append("};")
    out.append("")
    out.append("const size_t rule_text_count = sizeof rule_texts / sizeof rule_texts[0];")
    out.append("")
    out.append("const unsigned char rule_text_packed[] =")
    for r, p in zip(rules, packed):
        out.append(f"\t/* {r.id} */")
        out.append("\t" + c_bytes(p, "\t"))
    out[-1] += ";"
    out.append("")
    out.append("const size_t rule_text_packed_size = sizeof rule_text_packed - 1;")
    out.append(f"const size_t rule_text_unpacked_size = {at};")
    out.append("")
    return "\n".join(out)


# ---- main ------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="fail if anything is stale or missing")
    mode.add_argument("--write", action="store_true", help="rewrite the generated parts")
    mode.add_argument("--list", action="store_true", help="print the citations of each rule")
    ap.add_argument("--root", default=None, help="repository root (default: this script's ../)")
    ap.add_argument("--shared", default=None,
                    help="the brief's rules file (default: ROOT/../shared/validation-rules.md, if present)")
    ap.add_argument("--no-shared", action="store_true", help="do not compare with the brief's rules file")
    args = ap.parse_args()

    root = os.path.abspath(args.root or os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    errors, notes = [], []

    doc_path = os.path.join(root, DOC)
    with open(doc_path, encoding="utf-8") as f:
        doc = f.read()
    rules, problems = parse_doc(doc)
    errors += problems
    ids = [r.id for r in rules]
    idset = set(ids)
    if not rules:
        errors.append(f"{DOC}: no '### R-...: title' heading")

    shared = None if args.no_shared else (
        args.shared or os.path.join(root, "..", "shared", "validation-rules.md"))
    if shared and os.path.isfile(shared):
        sids = shared_ids(shared)
        for rid in sids:
            if rid not in idset:
                errors.append(f"{rid} is a rule of {shared} but {DOC} does not state it")
        for rid in ids:
            if rid not in sids:
                errors.append(f"{DOC} states {rid}, which {shared} does not have")
        if sids != [i for i in ids if i in sids]:
            notes.append(f"note: {DOC} orders the rules differently from {shared}")
    elif args.shared:
        errors.append(f"{args.shared}: no such file")
    else:
        notes.append(f"note: no {shared or 'shared rules file'}; the ids of {DOC} alone are used")

    cites, unknown = collect(root, idset)
    for rel, n, text, rid in unknown:
        errors.append(f"{rel}:{n}: '{text}' names {rid}, which is not a rule")

    pending, problems = read_pending(root, idset)
    errors += problems

    missing = []
    for r in rules:
        c = cites[r.id]
        lacks = [k for k, label in (("code", "code"), ("test", "test")) if not c[k]]
        if lacks and r.id not in pending:
            what = " and no ".join("code citation (src/)" if k == "code" else
                                   "test citation (tests/unit/, tests/integration/)" for k in lacks)
            missing.append(f"{r.id} ({r.title}): no {what}")
        elif not lacks and r.id in pending:
            notes.append(f"note: {r.id} is cited in code and tests now: remove it from {PENDING}")

    new_doc = render_doc(doc, rules, cites, pending)
    new_c = render_c(rules)
    c_path = os.path.join(root, TEXT_C)
    try:
        with open(c_path, encoding="utf-8") as f:
            old_c = f.read()
    except OSError:
        old_c = None

    if args.list:
        for r in rules:
            c = cites[r.id]
            print(f"{r.id}\tcode: {' '.join(sorted(c['code'])) or '-'}\t"
                  f"tests: {' '.join(sorted(c['test'])) or '-'}\t"
                  f"data: {' '.join(sorted(c['data'])) or '-'}"
                  f"{chr(9) + 'pending: ' + pending[r.id] if r.id in pending else ''}")
        return 0

    if args.write:
        if errors:
            for e in errors:
                print(f"rules-index: {e}", file=sys.stderr)
            print("rules-index: nothing written", file=sys.stderr)
            return 1
        if new_doc != doc:
            with open(doc_path, "w", encoding="utf-8") as f:
                f.write(new_doc)
            print(f"rules-index: wrote {DOC}")
        if new_c != old_c:
            with open(c_path, "w", encoding="utf-8") as f:
                f.write(new_c)
            print(f"rules-index: wrote {TEXT_C}")
        for m in missing:
            print(f"rules-index: {m}", file=sys.stderr)
        for n in notes:
            print(f"rules-index: {n}", file=sys.stderr)
        return 1 if missing else 0

    # --check
    if new_doc != doc:
        errors.append(f"{DOC} is not current: run scripts/rules-index.py --write")
    if new_c != old_c:
        errors.append(f"{TEXT_C} is not current: run scripts/rules-index.py --write")
    errors += missing
    covered = sum(1 for r in rules if cites[r.id]["code"] and cites[r.id]["test"])
    for n in notes:
        print(f"rules-index: {n}")
    for rid in ids:
        if rid in pending and not (cites[rid]["code"] and cites[rid]["test"]):
            print(f"rules-index: {rid} let through by {PENDING}: {pending[rid]}")
    for e in errors:
        print(f"rules-index: FAIL {e}")
    print(f"rules-index: {len(rules)} rules, {covered} cited in code and tests, "
          f"{sum(1 for r in ids if r in pending and not (cites[r]['code'] and cites[r]['test']))} "
          f"let through as pending, {len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
