/* libFuzzer target: the reader of the rules' packed text, rules_unpack
 * (src/cli/rules_unpack.c; the format is in its header).
 *
 * Input layout:
 *   octets 0-1  the output buffer's size, little-endian (0..65535)
 *   then        the packed text, handed over as an exact-size heap copy,
 *               and unpacked into an exact-size heap buffer, so that ASan
 *               sees a read one octet past the input or a write one octet
 *               past the output
 *
 * Properties (beyond "no crash, no leak, no UB"):
 *  - rules_unpack agrees with a second reader written here another way
 *    (each token decoded whole first, then checked, then applied): the
 *    same status, the same length, the same octets;
 *  - the length is at most the buffer's size, and every status has a
 *    sentence;
 *  - the text of an OK input, written again as literals only (0xFF before
 *    each octet >= 0x80), unpacks to the same text. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/rules_unpack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct token {
	bool copy;
	size_t size;  /* octets of input */
	size_t len;   /* octets of output */
	size_t dist;  /* a copy's distance back */
	uint8_t byte; /* a literal's octet */
};

/* The token at in[i], or false if the input ends inside it. */
static bool token_at(const uint8_t *in, size_t n, size_t i, struct token *t)
{
	uint8_t b = in[i];
	memset(t, 0, sizeof *t);
	if (b <= 0x7F) {
		*t = (struct token){.size = 1, .len = 1, .byte = b};
		return true;
	}
	if (b == 0xFF) {
		if (i + 1 >= n)
			return false;
		*t = (struct token){.size = 2, .len = 1, .byte = in[i + 1]};
		return true;
	}
	if (b <= 0xBF) {
		if (i + 1 >= n)
			return false;
		unsigned lll = (b >> 3) & 7u;
		unsigned d = (unsigned)(b & 7u) * 256u + in[i + 1];
		*t = (struct token){.copy = true, .size = 2, .len = 3 + lll, .dist = d + 1};
		return true;
	}
	if (i + 2 >= n)
		return false;
	*t = (struct token){.copy = true,
			    .size = 3,
			    .len = 3 + (size_t)(b - 0xC0),
			    .dist = (size_t)in[i + 1] * 256u + in[i + 2]};
	return true;
}

static enum rules_unpack_status reference(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
					  size_t *len)
{
	size_t i = 0;
	*len = 0;
	while (i < n) {
		struct token t;
		if (!token_at(in, n, i, &t))
			return RULES_UNPACK_TRUNCATED;
		if (t.copy && (t.dist < 1 || t.dist > *len))
			return RULES_UNPACK_BAD_DISTANCE;
		if (*len + t.len > cap)
			return RULES_UNPACK_NO_ROOM;
		for (size_t k = 0; k < t.len; k++) {
			out[*len] = t.copy ? out[*len - t.dist] : t.byte;
			(*len)++;
		}
		i += t.size;
	}
	return RULES_UNPACK_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	size_t cap = (size_t)data[0] | (size_t)data[1] << 8;
	size_t n = size - 2;
	uint8_t *in = malloc(n ? n : 1);
	char *out = malloc(cap ? cap : 1);
	uint8_t *want = malloc(cap ? cap : 1);
	if (!in || !out || !want)
		abort();
	memcpy(in, data + 2, n);

	size_t len = (size_t)-1, want_len = (size_t)-1;
	enum rules_unpack_status st = rules_unpack(in, n, out, cap, &len);
	enum rules_unpack_status want_st = reference(in, n, want, cap, &want_len);
	if (st != want_st || len != want_len || len > cap || memcmp(out, want, len) != 0)
		abort();
	const char *sentence = rules_unpack_strerror(st);
	if (!sentence || !*sentence)
		abort();

	if (st == RULES_UNPACK_OK && len > 0) {
		/* the same text as literals only */
		uint8_t *lit = malloc(2 * len);
		char *again = malloc(len);
		if (!lit || !again)
			abort();
		size_t m = 0;
		for (size_t k = 0; k < len; k++) {
			uint8_t b = (uint8_t)out[k];
			if (b >= 0x80)
				lit[m++] = 0xFF;
			lit[m++] = b;
		}
		size_t len2 = 0;
		if (rules_unpack(lit, m, again, len, &len2) != RULES_UNPACK_OK || len2 != len ||
		    memcmp(again, out, len) != 0)
			abort();
		free(lit);
		free(again);
	}
	free(in);
	free(out);
	free(want);
	return 0;
}
