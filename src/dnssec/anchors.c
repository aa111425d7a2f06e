/* Trust anchors: the built-in root KSKs and the --trust-anchor parser
 * (anchors.h). */
#include "dnssec/anchors.h"

#include <string.h>

#include "dns/types.h"
#include "net/decimal.h"

const char *dnssec_anchor_strerror(enum dnssec_anchor_err e)
{
	switch (e) {
	case DNSSEC_ANCHOR_OK:
		return "no error";
	case DNSSEC_ANCHOR_E_NAME:
		return "the owner is not a domain name";
	case DNSSEC_ANCHOR_E_TYPE:
		return "the record is not DS or DNSKEY";
	case DNSSEC_ANCHOR_E_CLASS:
		return "the class is not IN";
	case DNSSEC_ANCHOR_E_FIELD:
		return "a number field is missing or out of range";
	case DNSSEC_ANCHOR_E_HEX:
		return "the DS digest is not hexadecimal";
	case DNSSEC_ANCHOR_E_BASE64:
		return "the DNSKEY public key is not base64";
	case DNSSEC_ANCHOR_E_TOO_LONG:
		return "the digest or key is too long";
	case DNSSEC_ANCHOR_E_LINE:
		return "a line is too long";
	case DNSSEC_ANCHOR_E_TOO_MANY:
		return "too many records (at most 16)";
	case DNSSEC_ANCHOR_E_NONE:
		return "no DS or DNSKEY record";
	case DNSSEC_ANCHOR_E_DIRECTIVE:
		return "$ directives are not taken: write each record in full";
	}
	return "unknown error";
}

/* R-DNSSEC-3: KSK-2017 and KSK-2024 of the root zone. */
static const char builtin[] =
    ". DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n"
    ". DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16\n";

void dnssec_anchors_builtin(struct dnssec_anchors *out)
{
	unsigned line;
	(void)dnssec_anchors_parse(builtin, sizeof builtin - 1, out, &line);
}

/* ---- tokens of one line ---------------------------------------------------- */

struct line {
	const char *p, *end;
};

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '(' || c == ')';
}

/* The next blank-separated token (parentheses count as blanks, so a
 * record written "( ... )" on one line reads), or false. A backslash
 * quotes the character after it (RFC 1035 s5.1: "\)" or "\ " in an owner
 * name is that character, no parenthesis or blank), so the token runs on
 * over it; the name reader decodes the escape. */
static bool token(struct line *l, const char **t, size_t *n)
{
	while (l->p < l->end && blank(*l->p))
		l->p++;
	if (l->p == l->end)
		return false;
	*t = l->p;
	while (l->p < l->end && !blank(*l->p))
		l->p += *l->p == '\\' && l->end - l->p > 1 ? 2 : 1;
	*n = (size_t)(l->p - *t);
	return true;
}

static bool is_word(const char *t, size_t n, const char *w)
{
	size_t k = strlen(w);
	if (n != k)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = t[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		if (c != w[i])
			return false;
	}
	return true;
}

static bool number(const char *t, size_t n, unsigned long max, unsigned long *v)
{
	if (n == 0 || n > 10)
		return false;
	unsigned long x = 0;
	for (size_t i = 0; i < n; i++) {
		if (t[i] < '0' || t[i] > '9')
			return false;
		x = x * 10 + (unsigned long)(t[i] - '0');
	}
	if (x > max)
		return false;
	*v = x;
	return true;
}

/* RFC 8624 s3.1 mnemonics of the algorithms, or a number. */
static bool algorithm(const char *t, size_t n, unsigned long *v)
{
	static const struct {
		const char *name;
		unsigned num;
	} names[] = {
	    {"RSAMD5", 1},
	    {"DSA", 3},
	    {"RSASHA1", 5},
	    {"DSA-NSEC3-SHA1", 6},
	    {"RSASHA1-NSEC3-SHA1", 7},
	    {"RSASHA256", 8},
	    {"RSASHA512", 10},
	    {"ECC-GOST", 12},
	    {"ECDSAP256SHA256", 13},
	    {"ECDSAP384SHA384", 14},
	    {"ED25519", 15},
	    {"ED448", 16},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (is_word(t, n, names[i].name)) {
			*v = names[i].num;
			return true;
		}
	return number(t, n, 255, v);
}

static int b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* The rest of the line as hexadecimal digits, blanks between. */
static enum dnssec_anchor_err read_hex(struct line *l, struct dnssec_anchor *a)
{
	const char *t;
	size_t n;
	int half = -1;
	size_t before = a->rdlen;
	while (token(l, &t, &n)) {
		for (size_t i = 0; i < n; i++) {
			int v = hex_digit_value(t[i]);
			if (v < 0)
				return DNSSEC_ANCHOR_E_HEX;
			if (half < 0) {
				half = v;
				continue;
			}
			if (a->rdlen == DNSSEC_ANCHOR_RDATA)
				return DNSSEC_ANCHOR_E_TOO_LONG;
			a->rdata[a->rdlen++] = (uint8_t)(half << 4 | v);
			half = -1;
		}
	}
	return half >= 0 || a->rdlen == before ? DNSSEC_ANCHOR_E_HEX : DNSSEC_ANCHOR_OK;
}

/* The rest of the line as base64 (RFC 4648 s4), blanks between, '='
 * padding only at the end. */
static enum dnssec_anchor_err read_base64(struct line *l, struct dnssec_anchor *a)
{
	const char *t;
	size_t n;
	uint32_t acc = 0;
	unsigned bits = 0, pad = 0;
	size_t before = a->rdlen, chars = 0;
	while (token(l, &t, &n)) {
		for (size_t i = 0; i < n; i++) {
			if (t[i] == '=') {
				pad++;
				chars++;
				continue;
			}
			int v = b64_value(t[i]);
			if (v < 0 || pad > 0)
				return DNSSEC_ANCHOR_E_BASE64;
			acc = (acc << 6 | (uint32_t)v) & 0xFFFFFFu;
			bits += 6;
			chars++;
			if (bits >= 8) {
				bits -= 8;
				if (a->rdlen == DNSSEC_ANCHOR_RDATA)
					return DNSSEC_ANCHOR_E_TOO_LONG;
				a->rdata[a->rdlen++] = (uint8_t)(acc >> bits);
			}
		}
	}
	if (chars % 4 != 0 || pad > 2 || a->rdlen == before)
		return DNSSEC_ANCHOR_E_BASE64;
	return DNSSEC_ANCHOR_OK;
}

static void put_u16(uint8_t *p, unsigned long v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Where a line's comment starts (a ';' no backslash quotes, RFC 1035
 * s5.1), or eol. */
static const char *comment_start(const char *p, const char *eol)
{
	while (p < eol && *p != ';')
		p += *p == '\\' && eol - p > 1 ? 2 : 1;
	return p < eol ? p : eol;
}

/* One record line (comment already cut). */
static enum dnssec_anchor_err parse_line(struct line *l, struct dnssec_anchor *a)
{
	const char *t;
	size_t n, name_len;
	memset(a, 0, offsetof(struct dnssec_anchor, rdata));
	if (!token(l, &t, &n)) /* the caller saw a token there */
		return DNSSEC_ANCHOR_E_NAME;
	if (t[0] == '$')
		return DNSSEC_ANCHOR_E_DIRECTIVE;
	if (dns_name_from_text(t, n, a->owner, &name_len) != DNS_OK)
		return DNSSEC_ANCHOR_E_NAME;
	for (size_t i = 0; i < name_len; i++)
		if (a->owner[i] >= 'A' && a->owner[i] <= 'Z')
			a->owner[i] = (uint8_t)(a->owner[i] + 32);
	/* [TTL] [class] in either order, then the type */
	unsigned long v;
	for (int k = 0;; k++) {
		if (!token(l, &t, &n))
			return DNSSEC_ANCHOR_E_TYPE;
		if (k < 2 && number(t, n, 0xFFFFFFFFul, &v))
			continue;
		if (k < 2 && is_word(t, n, "IN"))
			continue;
		if (k < 2 && (is_word(t, n, "CH") || is_word(t, n, "HS") || is_word(t, n, "CS") ||
			      (n > 5 && is_word(t, 5, "CLASS"))))
			return DNSSEC_ANCHOR_E_CLASS;
		break;
	}
	unsigned long f1, f2, f3;
	if (is_word(t, n, "DS")) {
		a->type = DNS_T_DS;
		if (!token(l, &t, &n) || !number(t, n, 0xFFFF, &f1) || !token(l, &t, &n) ||
		    !algorithm(t, n, &f2) || !token(l, &t, &n) || !number(t, n, 255, &f3))
			return DNSSEC_ANCHOR_E_FIELD;
		put_u16(a->rdata, f1);
		a->rdata[2] = (uint8_t)f2;
		a->rdata[3] = (uint8_t)f3;
		a->rdlen = 4;
		return read_hex(l, a);
	}
	if (is_word(t, n, "DNSKEY")) {
		a->type = DNS_T_DNSKEY;
		if (!token(l, &t, &n) || !number(t, n, 0xFFFF, &f1) || !token(l, &t, &n) ||
		    !number(t, n, 255, &f2) || !token(l, &t, &n) || !algorithm(t, n, &f3))
			return DNSSEC_ANCHOR_E_FIELD;
		put_u16(a->rdata, f1);
		a->rdata[2] = (uint8_t)f2;
		a->rdata[3] = (uint8_t)f3;
		a->rdlen = 4;
		return read_base64(l, a);
	}
	return DNSSEC_ANCHOR_E_TYPE;
}

enum dnssec_anchor_err dnssec_anchors_parse(const char *text, size_t len,
					    struct dnssec_anchors *out, unsigned *line)
{
	out->count = 0;
	*line = 0;
	const char *p = text, *end = text + len;
	while (p < end) {
		(*line)++;
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		if (eol - p > DNSSEC_ANCHOR_LINE)
			return DNSSEC_ANCHOR_E_LINE;
		struct line l = {p, comment_start(p, eol)};
		p = eol < end ? eol + 1 : end;
		const char *t;
		size_t n;
		struct line probe = l;
		if (!token(&probe, &t, &n))
			continue; /* blank or comment only */
		if (out->count == DNSSEC_MAX_ANCHORS)
			return DNSSEC_ANCHOR_E_TOO_MANY;
		enum dnssec_anchor_err e = parse_line(&l, &out->a[out->count]);
		if (e != DNSSEC_ANCHOR_OK)
			return e;
		out->count++;
	}
	*line = 0; /* no line is to blame for these */
	return out->count == 0 ? DNSSEC_ANCHOR_E_NONE : DNSSEC_ANCHOR_OK;
}

size_t dnssec_anchors_find(const struct dnssec_anchors *ta, const uint8_t *name,
			   const uint8_t **zone)
{
	const uint8_t *best = NULL;
	unsigned best_labels = 0;
	for (size_t i = 0; i < ta->count; i++) {
		const uint8_t *o = ta->a[i].owner;
		unsigned l = dns_name_labels(o);
		if (dns_name_at_or_below(name, o) && (!best || l > best_labels)) {
			best = o;
			best_labels = l;
		}
	}
	*zone = best;
	if (!best)
		return 0;
	size_t n = 0;
	for (size_t i = 0; i < ta->count; i++)
		if (dns_name_equal(ta->a[i].owner, best))
			n++;
	return n;
}
