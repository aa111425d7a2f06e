"""The packer of the long texts compiled into acmeprobe: the rules' texts
(scripts/rules-index.py writes src/cli/rules_text.c) and the commands'
--help (scripts/help-pack.py writes src/cli/help_text.c). Python 3
standard library only.

    pack(chunks)        the packed stream of a list of byte strings, one
                        packed byte string per chunk
    unpack(stream)      the reader, to check the writer (a model of the C
                        reader, src/cli/rules_unpack.c)
    c_bytes(data, ind)  a C string literal for packed bytes

The stream is a sequence of tokens, each starting with one byte t:

  t = 0x00..0x7F       the byte t itself (ASCII text; 0x00 may end a text)
  t = 0x80..0xBF, b    copy: the 14 bits (t & 0x3F) << 8 | b are LLL and
                       DDDDDDDDDDD: length 3 + L (3..10) from 1 + D
                       (1..2048) bytes back
  t = 0xC0..0xFE, h, l copy: length 3 + (t & 0x3F) (3..65) from
                       h << 8 | l (1..65535) bytes back
  t = 0xFF, b          the byte b itself (for bytes 0x80..0xFF: UTF-8)

A copy repeats bytes of the text already unpacked, one at a time, so it
may overlap what it writes (1 byte back repeats the last byte). This is
LZ77 with whole-byte tokens: src/cli/rules_unpack.c is its reader, one
short loop. The writer below chooses the tokens that make the stream
shortest (every position's longest copy within 2048 and within 65535
bytes, then a pass from the end for the cheapest way on). A copy may
repeat bytes of an earlier chunk but never runs past the end of its own,
so that each chunk's tokens can be printed under its name; unpacking a
chunk still needs the chunks before it.
"""

SHORT_MAX_LEN, SHORT_MAX_DIST = 10, 2048
LONG_MAX_LEN, LONG_MAX_DIST = 65, 65535
MIN_COPY = 3


def pack_longest(data, i, end, candidates, prev):
    """The longest copy for data[i:end] among the earlier positions
    linked from candidates: (length, distance) within SHORT_MAX_DIST
    (length capped at SHORT_MAX_LEN) and within LONG_MAX_DIST."""
    cap = min(LONG_MAX_LEN, end - i)
    short = long_ = (0, 0)
    j = candidates
    while j >= 0 and i - j <= LONG_MAX_DIST and long_[0] < cap:
        near = i - j <= SHORT_MAX_DIST
        best = max(long_[0], short[0] if near else 0)
        # a longer copy must at least match at the current best length
        if best < cap and data[j + best] == data[i + best]:
            n = 0
            while n < cap and data[j + n] == data[i + n]:
                n += 1
            if n > long_[0]:
                long_ = (n, i - j)
            if near and n > short[0]:
                short = (n, i - j)
        j = prev[j]
    return (min(short[0], SHORT_MAX_LEN), short[1]), long_


def pack_tokens(data, start, end, short, long_):
    """The cheapest tokens for data[start:end], given each position's
    longest copies: the cost (in bytes) of the best way from each position
    to the end, computed from the end backwards."""
    m = end - start
    cost = [0] * (m + 1)
    way = [None] * (m + 1)
    for q in range(m - 1, -1, -1):
        best = (1 if data[start + q] < 0x80 else 2) + cost[q + 1]
        choice = None
        for (length, dist), size in ((short[q], 2), (long_[q], 3)):
            for n in range(MIN_COPY, length + 1):
                if size + cost[q + n] < best:
                    best, choice = size + cost[q + n], (n, dist)
        cost[q], way[q] = best, choice
    out, q = bytearray(), 0
    while q < m:
        if way[q] is None:
            b = data[start + q]
            out += bytes([b]) if b < 0x80 else bytes([0xFF, b])
            q += 1
            continue
        n, dist = way[q]
        if n <= SHORT_MAX_LEN and dist <= SHORT_MAX_DIST:
            x = (n - MIN_COPY) << 11 | (dist - 1)
            out += bytes([0x80 | x >> 8, x & 0xFF])
        else:
            out += bytes([0xC0 | (n - MIN_COPY), dist >> 8, dist & 0xFF])
        q += n
    return bytes(out)


def pack(chunks):
    """The packed stream of the byte strings chunks, one packed byte string
    per chunk (together they unpack to b"".join(chunks))."""
    data = b"".join(chunks)
    heads, prev = {}, [-1] * len(data)  # the earlier positions of each 3 bytes
    packed, start = [], 0
    for chunk in chunks:
        end = start + len(chunk)
        short, long_ = [], []
        for i in range(start, end):
            key = data[i:i + MIN_COPY]
            s, l = pack_longest(data, i, end, heads.get(key, -1), prev)
            short.append(s)
            long_.append(l)
            if len(key) == MIN_COPY:
                prev[i], heads[key] = heads.get(key, -1), i
        packed.append(pack_tokens(data, start, end, short, long_))
        start = end
    return packed


def unpack(stream):
    """The reader of pack's format, to check the writer (and the C reader's
    model)."""
    out, i = bytearray(), 0
    while i < len(stream):
        t = stream[i]
        if t < 0x80:
            out.append(t)
            i += 1
            continue
        if t == 0xFF:
            out.append(stream[i + 1])
            i += 2
            continue
        if t < 0xC0:
            x = (t & 0x3F) << 8 | stream[i + 1]
            n, dist = MIN_COPY + (x >> 11), 1 + (x & 0x7FF)
            i += 2
        else:
            n, dist = MIN_COPY + (t & 0x3F), stream[i + 1] << 8 | stream[i + 2]
            i += 3
        for _ in range(n):
            out.append(out[-dist])
    return bytes(out)


def c_bytes(data, indent):
    """A C string literal for arbitrary bytes, in pieces of about 64
    columns: text as itself, other bytes as 3-digit octal escapes (never
    taken together with a digit after them), '?' escaped (no trigraphs)."""
    pieces, cur = [], ""
    for byte in data:
        ch = chr(byte)
        if ch in '\\"?':
            e = "\\" + ch
        elif 0x20 <= byte < 0x7F:
            e = ch
        else:
            e = "\\%03o" % byte
        if len(cur) + len(e) > 64:
            pieces.append(cur)
            cur = ""
        cur += e
    pieces.append(cur)
    return ("\n" + indent).join(f'"{p}"' for p in pieces)
