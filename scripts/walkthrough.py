#!/usr/bin/python3
"""walkthrough.py: the output blocks of docs/walkthrough.md.

Called by scripts/walkthrough.sh once every command has run:

    walkthrough.py --check|--write|--print BLOCKS_DIR DOC

BLOCKS_DIR holds, for each block ID, ID.cmd (the command as the document
shows it), ID.out, ID.err and ID.rc (what acmeprobe printed and its exit
status). A block is a console session: the command, the --trace lines
(stderr) and the report (stdout) as a terminal shows them, then `echo $?`
and the exit status. What changes from run to run is replaced first
(normalize): every elapsed time is "N ms" (a configured timeout, "within
1000 ms", stays), the servers.sh ports are $UNBOUND_PORT and $KNOT_PORT
(from the environment), and the lines of queries made in parallel (the
CAA walk's labels, the nameserver probes) are put in a fixed order: the
walk's labels from the full name up, the nameservers by name and address.

--write replaces the text between "<!-- BEGIN OUTPUT: ID -->" and
"<!-- END OUTPUT -->" in DOC; every block must have its markers and every
marker a block. --check prints "ok - " or "not ok - " per block (with a
diff as "# " lines) and exits 1 on a difference; it also fails when a
rule id (R-...) that a block shows is not named in the prose of the
block's section, so an explanation cannot fall behind its output.
--print writes the blocks with their markers on stdout.
"""
import difflib
import os
import re
import sys

BEGIN = re.compile(r"^<!-- BEGIN OUTPUT: ([A-Za-z0-9-]+) -->$")
END = "<!-- END OUTPUT -->"
RULE = re.compile(r"\bR-(?:V6|CAA|HTTP|DNSSEC)-\d+\b")

# a try of the CAA walk's queries, and its result line (cmd_caa.c)
TRY = re.compile(r"^\[[^\]]+\] (\S+) CAA: try \d+ to ")
RESULT = re.compile(r"^\[R-CAA-\d+\] (\S+) CAA: (?:[A-Z]+, \d+ CAA record\(s\)|[a-z_]+$)")
# a probe of one nameserver address (cmd_check.c)
PROBE = re.compile(r"^\[R-CAA-6\] (\S+ \(\S+\)) \S+ over (?:UDP|TCP), no recursion: ")
# a line of acmeprobe's own DNSSEC validation (caa/dnssec_walk.c,
# dnssec/session.c, check/dnssec_doctor.c)
DNSSEC = re.compile(r"^\[[^\]]+\] dnssec: ")


def labels(name):
    return len([x for x in name.split(".") if x])


def order_walk(lines):
    """A run of CAA lookup lines, answer by answer (each answer's tries,
    then its result line), in the order of the walk: from the full name
    up. Without result lines (check prints the tries only) each try is an
    answer of its own. The sort is stable: an answer's lines keep their
    order. The DNSSEC lines a label's answer set off (its validation runs
    when that answer comes, whichever comes first) follow the walk, in
    their own order."""
    groups, cur, dnssec = [], [], []
    for ln in lines:
        if DNSSEC.match(ln):
            dnssec.append(ln)
            continue
        cur.append(ln)
        m = RESULT.match(ln)
        if m:
            groups.append((m.group(1), cur))
            cur = []
    for ln in cur:
        groups.append((TRY.match(ln).group(1), [ln]))
    groups.sort(key=lambda g: -labels(g[0]))
    return [ln for _, g in groups for ln in g] + dnssec


def order_probes(lines):
    """A run of probe lines: each address's lines together, in their
    order, the addresses sorted by name then address."""
    keys, by = [], {}
    for ln in lines:
        k = PROBE.match(ln).group(1)
        if k not in by:
            keys.append(k)
            by[k] = []
        by[k].append(ln)
    return [ln for k in sorted(keys) for ln in by[k]]


def reorder(lines):
    out, i = [], 0
    while i < len(lines):
        for kind, order in (((TRY, RESULT, DNSSEC), order_walk), ((PROBE,), order_probes)):
            j = i
            while j < len(lines) and any(p.match(lines[j]) for p in kind):
                j += 1
            if j > i:
                out += order(lines[i:j])
                i = j
                break
        else:
            out.append(lines[i])
            i += 1
    return out


def normalize(text):
    # elapsed times; a configured limit ("within 1000 ms") stays
    text = re.sub(r"(?<!within )\b\d+ ms\b", "N ms", text)
    for var in ("UNBOUND_PORT", "KNOT_PORT"):
        port = os.environ.get(var)
        if port:
            text = re.sub(r"(?<=[:@])%s\b" % re.escape(port), "$" + var, text)
    text = re.sub(r"/tmp/acmeprobe-walkthrough\.\w+", "$WORK", text)
    # the DNSSEC bed's ports, and what it makes anew at each start: the
    # keys (their tags) and the signatures' validity (around the clock)
    for var in ("BED_AUTH_PORT", "BED_UNBOUND_PORT"):
        port = os.environ.get(var)
        if port:
            text = re.sub(r"(?<=[:@ ])%s\b" % re.escape(port), "$" + var, text)
    text = re.sub(r"\bkey \d+ algorithm\b", "key $KEYTAG algorithm", text)
    text = re.sub(r"\bvalid from \d{4}-\d\d-\d\d \d\d:\d\d:\d\d to "
                  r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\b",
                  "valid from $INCEPTION to $EXPIRATION UTC", text)
    return text


def block(d, bid):
    def read(ext):
        with open(os.path.join(d, bid + "." + ext), encoding="utf-8", errors="replace") as f:
            return f.read()
    lines = ["```console", "$ " + read("cmd").strip()]
    lines += reorder(normalize(read("err")).splitlines())
    lines += normalize(read("out")).splitlines()
    lines += ["$ echo $?", read("rc").strip(), "```"]
    return lines


def parse(doc_lines):
    """{id: (first line of the block, line after it)} between the markers"""
    spans, i = {}, 0
    while i < len(doc_lines):
        m = BEGIN.match(doc_lines[i])
        if m:
            j = i + 1
            while j < len(doc_lines) and doc_lines[j] != END:
                if BEGIN.match(doc_lines[j]):
                    sys.exit("walkthrough.py: line %d: BEGIN OUTPUT inside a block" % (j + 1))
                j += 1
            if j == len(doc_lines):
                sys.exit("walkthrough.py: block %s has no %s" % (m.group(1), END))
            if m.group(1) in spans:
                sys.exit("walkthrough.py: block %s twice" % m.group(1))
            spans[m.group(1)] = (i + 1, j)
            i = j
        i += 1
    return spans


def section(doc_lines, start):
    """the heading and the prose (outside every output block) of the
    "## " section around line start"""
    a = start
    while a > 0 and not doc_lines[a].startswith("## "):
        a -= 1
    b = start
    while b < len(doc_lines) and not (b > a and doc_lines[b].startswith("## ")):
        b += 1
    prose, inside = [], False
    for ln in doc_lines[a:b]:
        if BEGIN.match(ln):
            inside = True
        elif ln == END:
            inside = False
        elif not inside:
            prose.append(ln)
    return doc_lines[a].lstrip("# ").strip(), "\n".join(prose)


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("--check", "--write", "--print"):
        sys.exit("usage: walkthrough.py --check|--write|--print BLOCKS_DIR DOC")
    mode, d, doc = sys.argv[1:]
    ids = sorted(f[:-4] for f in os.listdir(d) if f.endswith(".cmd"))
    blocks = {bid: block(d, bid) for bid in ids}
    if mode == "--print":
        for bid in ids:
            print("<!-- BEGIN OUTPUT: %s -->" % bid)
            print("\n".join(blocks[bid]))
            print(END)
        return 0
    with open(doc, encoding="utf-8") as f:
        text = f.read()
    doc_lines = text.split("\n")
    spans = parse(doc_lines)
    missing = sorted(set(ids) - set(spans))
    extra = sorted(set(spans) - set(ids))
    if mode == "--write":
        if missing or extra:
            sys.exit("walkthrough.py: %s: blocks without markers: %s; markers without a block: %s"
                     % (doc, missing or "none", extra or "none"))
        for bid in sorted(spans, key=lambda b: -spans[b][0]):
            a, b = spans[bid]
            doc_lines[a:b] = blocks[bid]
        new = "\n".join(doc_lines)
        if new != text:
            with open(doc, "w", encoding="utf-8") as f:
                f.write(new)
            print("walkthrough.py: %s written" % doc)
        else:
            print("walkthrough.py: %s unchanged" % doc)
        return 0
    failed = 0
    for bid in missing:
        print("not ok - walkthrough %s: no <!-- BEGIN OUTPUT: %s --> in %s" % (bid, bid, doc))
        failed += 1
    for bid in extra:
        print("not ok - walkthrough %s: %s has markers for a block the script does not make"
              % (bid, doc))
        failed += 1
    for bid in sorted(set(ids) & set(spans), key=lambda b: spans[b][0]):
        a, b = spans[bid]
        title, prose = section(doc_lines, a)
        have, want = doc_lines[a:b], blocks[bid]
        why = []
        if have != want:
            why += list(difflib.unified_diff(have, want, "%s (committed)" % doc,
                                             "acmeprobe now", lineterm="", n=1))
        unnamed = sorted(set(RULE.findall("\n".join(want))) - set(RULE.findall(prose)))
        if unnamed:
            why.append("the section's text does not name %s, which the output shows"
                       % ", ".join(unnamed))
        if why:
            print("not ok - walkthrough %s: %s" % (bid, title))
            for ln in why:
                print("# " + ln)
            failed += 1
        else:
            print("ok - walkthrough %s: %s" % (bid, title))
    if failed:
        print("# scripts/walkthrough.sh --write makes the blocks again; "
              "commit docs/walkthrough.md if the change is right")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
