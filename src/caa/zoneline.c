/* The zone-file line reader for proposed CAA records. */
#include "caa/zoneline.h"

#include <string.h>
#include <strings.h>

const char *zoneline_strerror(enum zoneline_result r)
{
	switch (r) {
	case ZONELINE_RECORD: return "a CAA record";
	case ZONELINE_EMPTY: return "nothing";
	case ZONELINE_E_OWNER: return "the owner is not a domain name";
	case ZONELINE_E_TYPE: return "not a CAA record (expected: NAME [TTL] [IN] CAA FLAGS TAG VALUE)";
	case ZONELINE_E_FLAGS: return "the flags must be a number from 0 to 255";
	case ZONELINE_E_TAG: return "the tag is missing or longer than 255 octets";
	case ZONELINE_E_VALUE: return "the value is missing, has an unterminated quote or a bad escape, or is too long";
	case ZONELINE_E_TRAILING: return "something follows the value";
	}
	return "?";
}

struct cursor {
	const char *p, *end;
};

static void skip_space(struct cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n'))
		c->p++;
	if (c->p < c->end && *c->p == ';') /* a comment runs to the end */
		c->p = c->end;
}

/* The next unquoted token (a backslash escapes the next character, so
 * "a\ b" is one token). */
static size_t token(struct cursor *c, const char **start)
{
	skip_space(c);
	*start = c->p;
	while (c->p < c->end && *c->p != ' ' && *c->p != '\t' && *c->p != '\r' &&
	       *c->p != '\n' && *c->p != ';') {
		if (*c->p == '\\' && c->p + 1 < c->end)
			c->p++;
		c->p++;
	}
	return (size_t)(c->p - *start);
}

static bool all_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

/* Unescapes a <character-string> (quoted or not) into out. */
static bool read_string(struct cursor *c, uint8_t *out, size_t cap, size_t *len)
{
	skip_space(c);
	if (c->p >= c->end)
		return false;
	bool quoted = *c->p == '"';
	if (quoted)
		c->p++;
	*len = 0;
	for (;;) {
		if (c->p >= c->end)
			return !quoted && *len > 0;
		char ch = *c->p;
		if (quoted && ch == '"') {
			c->p++;
			return true;
		}
		if (!quoted && (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == ';'))
			return *len > 0;
		uint8_t octet;
		if (ch == '\\') {
			if (c->p + 1 >= c->end)
				return false;
			if (c->p[1] >= '0' && c->p[1] <= '9') {
				if (c->p + 3 >= c->end || c->p[2] < '0' || c->p[2] > '9' ||
				    c->p[3] < '0' || c->p[3] > '9')
					return false;
				unsigned v = (unsigned)(c->p[1] - '0') * 100 +
					     (unsigned)(c->p[2] - '0') * 10 + (unsigned)(c->p[3] - '0');
				if (v > 255)
					return false;
				octet = (uint8_t)v;
				c->p += 4;
			} else {
				octet = (uint8_t)c->p[1];
				c->p += 2;
			}
		} else {
			octet = (uint8_t)ch;
			c->p++;
		}
		if (*len == cap)
			return false;
		out[(*len)++] = octet;
	}
}

enum zoneline_result zoneline_parse(const char *line, size_t len, struct zoneline_caa *out)
{
	struct cursor c = {line, line + len};
	const char *w;
	size_t n = token(&c, &w);
	if (n == 0)
		return ZONELINE_EMPTY;
	size_t owner_len;
	if (dns_name_from_text(w, n, out->owner, &owner_len) != DNS_OK)
		return ZONELINE_E_OWNER;

	/* [TTL] [IN] in either order, then the type */
	n = token(&c, &w);
	for (int i = 0; i < 2 && n; i++) {
		if (all_digits(w, n) || word_is(w, n, "IN"))
			n = token(&c, &w);
	}
	if (!word_is(w, n, "CAA"))
		return ZONELINE_E_TYPE;

	n = token(&c, &w);
	if (!all_digits(w, n) || n > 3)
		return ZONELINE_E_FLAGS;
	unsigned flags = 0;
	for (size_t i = 0; i < n; i++)
		flags = flags * 10 + (unsigned)(w[i] - '0');
	if (flags > 255)
		return ZONELINE_E_FLAGS;

	size_t tag_len;
	if (!read_string(&c, out->rdata + 2, 255, &tag_len) || tag_len == 0)
		return ZONELINE_E_TAG;
	size_t value_len;
	size_t room = sizeof out->rdata - 2 - tag_len;
	if (!read_string(&c, out->rdata + 2 + tag_len, room, &value_len))
		return ZONELINE_E_VALUE;
	skip_space(&c);
	if (c.p != c.end)
		return ZONELINE_E_TRAILING;
	out->rdata[0] = (uint8_t)flags;
	out->rdata[1] = (uint8_t)tag_len;
	out->rdata_len = 2 + tag_len + value_len;
	return ZONELINE_RECORD;
}
