#include "acme/quote.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct out {
	char *p;
	size_t cap, len;
};

static void put(struct out *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++, o->len++)
		if (o->len + 1 < o->cap)
			o->p[o->len] = s[i];
}

/* The length of the UTF-8 sequence at s[0..n) and its code point, or 0
 * when it is not valid UTF-8 (overlong, a surrogate, past U+10FFFF, cut). */
static size_t utf8_decode(const uint8_t *s, size_t n, uint32_t *cp)
{
	uint8_t c = s[0];
	size_t len;
	uint32_t v, min;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

/* Go's unicode.IsPrint for the characters outside ASCII that matter
 * here (see quote.h). */
static bool printable(uint32_t cp)
{
	if (cp >= 0x80 && cp <= 0xA0)
		return false;
	if (cp == 0xAD || cp == 0x3000 || cp == 0xFEFF)
		return false;
	if (cp >= 0x2000 && cp <= 0x200F)
		return false;
	if (cp >= 0x2028 && cp <= 0x202F)
		return false;
	if (cp >= 0x205F && cp <= 0x206F)
		return false;
	return true;
}

size_t acme_quote(const char *s, size_t n, char *out, size_t cap)
{
	struct out o = {out, cap, 0};
	const uint8_t *u = (const uint8_t *)s;
	char esc[16];
	put(&o, "\"", 1);
	for (size_t i = 0; i < n;) {
		uint8_t c = u[i];
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			put(&o, esc, 2);
			i++;
			continue;
		}
		if (c >= 0x20 && c < 0x7F) {
			put(&o, (const char *)&u[i], 1);
			i++;
			continue;
		}
		if (c < 0x80) {
			/* strconv's short escapes, else \xNN */
			static const char shorts[] = "\a\b\f\n\r\t\v";
			static const char letters[] = "abfnrtv";
			const char *at = NULL;
			for (size_t k = 0; k < sizeof shorts - 1; k++)
				if (shorts[k] == (char)c)
					at = &letters[k];
			if (at) {
				esc[0] = '\\';
				esc[1] = *at;
				put(&o, esc, 2);
			} else {
				snprintf(esc, sizeof esc, "\\x%02x", c);
				put(&o, esc, 4);
			}
			i++;
			continue;
		}
		uint32_t cp;
		size_t len = utf8_decode(&u[i], n - i, &cp);
		if (len == 0) {
			snprintf(esc, sizeof esc, "\\x%02x", c);
			put(&o, esc, 4);
			i++;
			continue;
		}
		if (printable(cp)) {
			put(&o, (const char *)&u[i], len);
		} else {
			int w = snprintf(esc, sizeof esc, "\\u%04x", (unsigned)cp);
			put(&o, esc, (size_t)w);
		}
		i += len;
	}
	put(&o, "\"", 1);
	if (cap)
		out[o.len < cap ? o.len : cap - 1] = '\0';
	return o.len;
}
