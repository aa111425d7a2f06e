/* The reader of the packed texts (the rules', the commands' --help): the
 * format is in rules_unpack.h, the writer in scripts/textpack.py (pack). */
#include "cli/rules_unpack.h"

const char *rules_unpack_strerror(enum rules_unpack_status status)
{
	switch (status) {
	case RULES_UNPACK_OK:
		return "unpacked";
	case RULES_UNPACK_TRUNCATED:
		return "the packed text ends inside a token";
	case RULES_UNPACK_BAD_DISTANCE:
		return "the packed text copies from before its start";
	case RULES_UNPACK_NO_ROOM:
		return "the unpacked text is longer than its buffer";
	}
	return "unknown unpack status";
}

enum rules_unpack_status rules_unpack(const unsigned char *in, size_t in_len, char *out, size_t cap,
				      size_t *out_len)
{
	size_t i = 0, o = 0;
	enum rules_unpack_status status = RULES_UNPACK_OK;
	while (i < in_len) {
		unsigned t = in[i++];
		if (t < 0x80 || t == 0xFF) { /* one byte, itself or the next */
			if (t == 0xFF) {
				if (i == in_len) {
					status = RULES_UNPACK_TRUNCATED;
					break;
				}
				t = in[i++];
			}
			if (o == cap) {
				status = RULES_UNPACK_NO_ROOM;
				break;
			}
			out[o++] = (char)t;
			continue;
		}
		size_t len, dist;
		if (t < 0xC0) { /* 10LLLDDD DDDDDDDD */
			if (in_len - i < 1) {
				status = RULES_UNPACK_TRUNCATED;
				break;
			}
			unsigned x = (t & 0x3Fu) << 8 | in[i++];
			len = 3 + (x >> 11);
			dist = 1 + (x & 0x7FFu);
		} else { /* 11LLLLLL, then the distance in two bytes */
			if (in_len - i < 2) {
				status = RULES_UNPACK_TRUNCATED;
				break;
			}
			len = 3 + (t & 0x3Fu);
			dist = (size_t)in[i] << 8 | in[i + 1];
			i += 2;
		}
		if (dist == 0 || dist > o) {
			status = RULES_UNPACK_BAD_DISTANCE;
			break;
		}
		if (len > cap - o) {
			status = RULES_UNPACK_NO_ROOM;
			break;
		}
		for (size_t k = 0; k < len; k++, o++)
			out[o] = out[o - dist];
	}
	*out_len = o;
	return status;
}
