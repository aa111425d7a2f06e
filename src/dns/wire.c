/* The bytes layer: bounded writes and names in wire form (the reader is
 * inline, in wire.h). */
#include "dns/wire.h"

#include <string.h>

void dns_writer_init(struct dns_writer *w, uint8_t *buf, size_t cap)
{
	w->buf = buf;
	w->cap = cap;
	w->len = 0;
	w->err = DNS_OK;
}

void dns_write_bytes(struct dns_writer *w, const void *p, size_t n)
{
	if (w->err)
		return;
	if (n > w->cap - w->len) {
		w->err = DNS_E_NOSPACE;
		return;
	}
	if (n)
		memcpy(w->buf + w->len, p, n);
	w->len += n;
}

void dns_write_u8(struct dns_writer *w, uint8_t v)
{
	dns_write_bytes(w, &v, 1);
}

void dns_write_u16(struct dns_writer *w, uint16_t v)
{
	uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
	dns_write_bytes(w, b, 2);
}

void dns_write_u32(struct dns_writer *w, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16),
			(uint8_t)(v >> 8), (uint8_t)v};
	dns_write_bytes(w, b, 4);
}

enum dns_err dns_name_unpack(const uint8_t *msg, size_t msg_len, size_t off,
			     size_t end, size_t *next, uint8_t *out,
			     size_t *wire_len)
{
	size_t pos = off;
	/* Labels must lie before `bound`: the caller's end until the first
	 * jump, the message's end after it. */
	size_t bound = end < msg_len ? end : msg_len;
	/* A pointer's target must be below `limit`: the start of the run of
	 * labels being read. Targets therefore strictly decrease, which is
	 * what bounds the walk (RFC 9267 s2; docs/codec.md). */
	size_t limit = off;
	size_t total = 0;
	size_t after = 0;
	bool jumped = false;

	for (;;) {
		if (pos >= bound)
			return jumped || bound == msg_len ? DNS_E_NAME_UNTERMINATED
							  : DNS_E_RDATA_NAME;
		uint8_t c = msg[pos];
		if (c >= 0xC0) {
			/* RFC 1035 s4.1.4: a 14-bit offset from the start of
			 * the message. */
			if (pos + 1 >= msg_len)
				return DNS_E_PTR_CUT;
			if (!jumped && pos + 1 >= bound)
				return DNS_E_RDATA_NAME;
			size_t target = dns_pointer_target(msg + pos);
			if (!jumped) {
				after = pos + 2;
				jumped = true;
			}
			if (target < DNS_HEADER_LEN)
				return DNS_E_PTR_HEADER;
			if (target >= msg_len)
				return DNS_E_PTR_PAST_END;
			if (target >= limit)
				return DNS_E_PTR_FORWARD;
			pos = limit = target;
			bound = msg_len;
			continue;
		}
		if (c > DNS_MAX_LABEL) /* 0x40..0xBF: RFC 6891 s5 */
			return DNS_E_LABEL_TYPE;
		if (total + c + 1 > DNS_MAX_NAME)
			return DNS_E_NAME_TOO_LONG;
		if (c >= bound - pos) /* the label's octets pass the bound */
			return jumped || bound == msg_len ? DNS_E_NAME_UNTERMINATED
							  : DNS_E_RDATA_NAME;
		if (out)
			memcpy(out + total, msg + pos, (size_t)c + 1);
		total += (size_t)c + 1;
		pos += (size_t)c + 1;
		if (c == 0)
			break;
	}
	if (next)
		*next = jumped ? after : pos;
	if (wire_len)
		*wire_len = total;
	return DNS_OK;
}

static inline uint8_t ascii_lower(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
}

static bool label_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ascii_lower(a[i]) != ascii_lower(b[i]))
			return false;
	return true;
}

bool dns_name_equal(const uint8_t *a, const uint8_t *b)
{
	for (;;) {
		if (*a != *b)
			return false;
		if (*a == 0)
			return true;
		if (!label_equal(a + 1, b + 1, *a))
			return false;
		b += *a + 1;
		a += *a + 1;
	}
}

bool dns_name_equal_at(const uint8_t *msg, size_t off, const uint8_t *name)
{
	for (;;) {
		uint8_t c = msg[off];
		if (c >= 0xC0) {
			off = dns_pointer_target(msg + off);
			continue;
		}
		if (c != *name)
			return false;
		if (c == 0)
			return true;
		if (!label_equal(msg + off + 1, name + 1, c))
			return false;
		off += (size_t)c + 1;
		name += c + 1;
	}
}

size_t dns_name_len(const uint8_t *name)
{
	size_t n = 0;
	while (name[n])
		n += (size_t)name[n] + 1;
	return n + 1;
}

unsigned dns_name_labels(const uint8_t *name)
{
	unsigned labels = 0;
	for (size_t n = 0; name[n]; n += (size_t)name[n] + 1)
		labels++;
	return labels;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

enum dns_err dns_name_from_text(const char *text, size_t text_len,
				uint8_t *out, size_t *out_len)
{
	if (text_len == 0)
		return DNS_E_EMPTY_LABEL;
	if (text_len == 1 && text[0] == '.') {
		out[0] = 0;
		*out_len = 1;
		return DNS_OK;
	}
	/* out[label] is the length octet of the label being written; it is
	 * filled in when the label ends. */
	size_t label = 0;
	size_t len = 1;
	bool final_dot = false;
	size_t i = 0;
	out[0] = 0;
	while (i < text_len) {
		char c = text[i];
		if (c == '.') {
			if (len - label - 1 == 0)
				return DNS_E_EMPTY_LABEL; /* "a..b", ".a" */
			out[label] = (uint8_t)(len - label - 1);
			if (++i == text_len) {
				final_dot = true;
				break;
			}
			label = len;
			out[len++] = 0;
			continue;
		}
		uint8_t octet;
		if (c != '\\') {
			octet = (uint8_t)c;
			i++;
		} else if (i + 1 >= text_len) {
			return DNS_E_BAD_ESCAPE; /* a lone final backslash */
		} else if (!is_digit(text[i + 1])) {
			octet = (uint8_t)text[i + 1]; /* \X is X */
			i += 2;
		} else {
			/* \DDD: exactly three digits, a value up to 255 */
			if (i + 3 >= text_len || !is_digit(text[i + 2]) ||
			    !is_digit(text[i + 3]))
				return DNS_E_BAD_ESCAPE;
			unsigned v = (unsigned)(text[i + 1] - '0') * 100 +
				     (unsigned)(text[i + 2] - '0') * 10 +
				     (unsigned)(text[i + 3] - '0');
			if (v > 255)
				return DNS_E_BAD_ESCAPE;
			octet = (uint8_t)v;
			i += 4;
		}
		if (len - label - 1 == DNS_MAX_LABEL)
			return DNS_E_LABEL_TOO_LONG;
		/* this octet and the root octet after it must fit in 255 */
		if (len > DNS_MAX_NAME - 2)
			return DNS_E_NAME_TOO_LONG;
		out[len++] = octet;
	}
	if (!final_dot)
		out[label] = (uint8_t)(len - label - 1);
	out[len++] = 0;
	*out_len = len;
	return DNS_OK;
}

bool dns_name_at_or_below(const uint8_t *name, const uint8_t *zone)
{
	unsigned name_labels = dns_name_labels(name), zone_labels = dns_name_labels(zone);
	if (name_labels < zone_labels)
		return false;
	for (; name_labels > zone_labels; name_labels--)
		name += *name + 1;
	return dns_name_equal(name, zone);
}

enum dns_err dns_name_from_input(const char *text, size_t text_len, bool *wildcard, uint8_t *out,
				 size_t *out_len)
{
	*wildcard = text_len >= 2 && text[0] == '*' && text[1] == '.';
	if (*wildcard) {
		text += 2;
		text_len -= 2;
	}
	return dns_name_from_text(text, text_len, out, out_len);
}
