/* Presentation format: the text buffer, names and character-strings.
 * RDATA and whole records are printed by src/dns/rdata.c, beside the
 * table of types. */
#include "dns/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dns/wire.h"

void dns_text_init(struct dns_text *t, char *buf, size_t cap)
{
	t->buf = buf;
	t->cap = cap;
	t->len = 0;
	t->overflow = cap == 0;
	if (cap)
		buf[0] = '\0';
}

void dns_text_put(struct dns_text *t, const char *s, size_t n)
{
	if (t->overflow)
		return;
	/* one octet is kept for the NUL */
	if (n >= t->cap - t->len) {
		t->overflow = true;
		return;
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

void dns_text_puts(struct dns_text *t, const char *s)
{
	dns_text_put(t, s, strlen(s));
}

void dns_text_printf(struct dns_text *t, const char *fmt, ...)
{
	if (t->overflow)
		return;
	va_list ap;
	va_start(ap, fmt);
	size_t room = t->cap - t->len;
	int n = vsnprintf(t->buf + t->len, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room) {
		t->buf[t->len] = '\0'; /* drop the cut piece */
		t->overflow = true;
		return;
	}
	t->len += (size_t)n;
}

void dns_text_char(struct dns_text *t, char c)
{
	dns_text_put(t, &c, 1);
}

static void put_decimal_escape(struct dns_text *t, uint8_t c)
{
	char esc[5] = {'\\', (char)('0' + c / 100), (char)('0' + c / 10 % 10),
		       (char)('0' + c % 10), 0};
	dns_text_put(t, esc, 4);
}

/* One octet of a label. Characters with a meaning in names or zone files
 * get a backslash; the rest of the non-printables become \DDD, so the
 * output is plain ASCII and dns_name_from_text reads back the same octet. */
static void put_label_octet(struct dns_text *t, uint8_t c)
{
	switch (c) {
	case '.': case '\\': case '"': case '(': case ')': case ';': case '@':
	case '$':
		dns_text_char(t, '\\');
		dns_text_char(t, (char)c);
		return;
	default:
		if (c < 0x21 || c > 0x7E)
			put_decimal_escape(t, c);
		else
			dns_text_char(t, (char)c);
	}
}

void dns_text_name(struct dns_text *t, const uint8_t *name)
{
	if (name[0] == 0) {
		dns_text_char(t, '.');
		return;
	}
	while (*name) {
		for (uint8_t i = 1; i <= name[0]; i++)
			put_label_octet(t, name[i]);
		dns_text_char(t, '.');
		name += name[0] + 1;
	}
}

void dns_text_name_at(struct dns_text *t, const uint8_t *pkt, size_t len,
		      size_t off)
{
	uint8_t name[DNS_MAX_NAME];
	size_t next, wire_len;
	if (dns_name_unpack(pkt, len, off, len, &next, name, &wire_len)) {
		dns_text_puts(t, "<malformed name>");
		return;
	}
	dns_text_name(t, name);
}

void dns_text_quoted(struct dns_text *t, const uint8_t *s, size_t n)
{
	dns_text_char(t, '"');
	for (size_t i = 0; i < n; i++) {
		uint8_t c = s[i];
		if (c == '"' || c == '\\') {
			dns_text_char(t, '\\');
			dns_text_char(t, (char)c);
		} else if (c < 0x20 || c > 0x7E) {
			put_decimal_escape(t, c);
		} else {
			dns_text_char(t, (char)c);
		}
	}
	dns_text_char(t, '"');
}

static bool is_leap_year(unsigned year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* RRSIG times: YYYYMMDDHHmmSS in UTC (RFC 4034 s3.2). The date is worked
 * out here rather than with gmtime_r: a 32-bit count of seconds since 1970
 * ends in 2106, so a walk over at most 136 years is cheap, and musl's
 * gmtime_r would pull its whole time-zone reader into `make tiny` (about
 * 4 KiB) only to name the zone "UTC". */
void dns_text_sigtime(struct dns_text *t, uint32_t secs)
{
	static const unsigned char month_days[12] = {31, 28, 31, 30, 31, 30,
						     31, 31, 30, 31, 30, 31};
	uint32_t days = secs / 86400, rest = secs % 86400;
	unsigned year = 1970, month = 0;
	while (days >= (is_leap_year(year) ? 366u : 365u))
		days -= is_leap_year(year++) ? 366u : 365u;
	for (;;) {
		unsigned len = month_days[month] + (month == 1 && is_leap_year(year));
		if (days < len)
			break;
		days -= len;
		month++;
	}
	dns_text_printf(t, "%04u%02u%02u%02u%02u%02u", year, month + 1, (unsigned)days + 1,
			(unsigned)(rest / 3600), (unsigned)(rest / 60 % 60), (unsigned)(rest % 60));
}

void dns_name_text(char *buf, size_t cap, const uint8_t *name)
{
	struct dns_text t;
	dns_text_init(&t, buf, cap);
	dns_text_name(&t, name);
}

void dns_name_text_bare(char *buf, size_t cap, const uint8_t *name)
{
	dns_name_text(buf, cap, name);
	size_t n = strlen(buf);
	if (n > 1 && buf[n - 1] == '.')
		buf[n - 1] = '\0';
}
