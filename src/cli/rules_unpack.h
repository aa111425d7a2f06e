/* Unpacks the rules' long texts (src/cli/rules_text.c, written by
 * scripts/rules-index.py --write) and the commands' long --help
 * (src/cli/help_text.c, scripts/help-pack.py --write), which
 * scripts/textpack.py packs with LZ77 in whole-byte tokens.
 * Each token starts with one byte t:
 *
 *   t = 0x00..0x7F         the byte t itself (ASCII text)
 *   t = 0x80..0xBF, b      a copy: the 14 bits (t & 0x3F) << 8 | b are
 *                          3 bits L and 11 bits D: length 3 + L (3..10),
 *                          from 1 + D (1..2048) bytes back
 *   t = 0xC0..0xFE, h, l   a copy: length 3 + (t & 0x3F) (3..65), from
 *                          h << 8 | l (1..65535) bytes back
 *   t = 0xFF, b            the byte b itself (0x80..0xFF: UTF-8 text)
 *
 * A copy repeats bytes already unpacked, one at a time, so it may overlap
 * what it writes (1 byte back repeats the last byte n times).
 *
 * rules_unpack is pure and reads any input safely: it never reads past
 * in[in_len - 1], never writes past out[cap - 1], and refuses a copy from
 * before the start of the output (fuzz/fuzz_unpack.c holds it to that). */
#ifndef ACMEPROBE_CLI_RULES_UNPACK_H
#define ACMEPROBE_CLI_RULES_UNPACK_H

#include <stddef.h>

enum rules_unpack_status {
	RULES_UNPACK_OK,
	RULES_UNPACK_TRUNCATED,	   /* the input ends inside a token */
	RULES_UNPACK_BAD_DISTANCE, /* a copy from before the start, or 0 back */
	RULES_UNPACK_NO_ROOM,	   /* the text is longer than the buffer */
};

/* A sentence for the status, for a message. */
const char *rules_unpack_strerror(enum rules_unpack_status status);

/* Unpacks in[0..in_len) into out[0..cap); *out_len is what was written
 * (also on an error: the text up to the token that failed). The text is
 * not NUL-terminated by this function (the rules' texts carry their own
 * NULs). */
enum rules_unpack_status rules_unpack(const unsigned char *in, size_t in_len, char *out, size_t cap,
				      size_t *out_len);

#endif
