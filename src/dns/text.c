/* Presentation format: names, character-strings and RDATA as text. */
#include "dns/text.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "dns/rr.h"
#include "dns/types.h"
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

static void put_char(struct dns_text *t, char c)
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
		put_char(t, '\\');
		put_char(t, (char)c);
		return;
	default:
		if (c < 0x21 || c > 0x7E)
			put_decimal_escape(t, c);
		else
			put_char(t, (char)c);
	}
}

void dns_text_name(struct dns_text *t, const uint8_t *name)
{
	if (name[0] == 0) {
		put_char(t, '.');
		return;
	}
	while (*name) {
		for (uint8_t i = 1; i <= name[0]; i++)
			put_label_octet(t, name[i]);
		put_char(t, '.');
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
	put_char(t, '"');
	for (size_t i = 0; i < n; i++) {
		uint8_t c = s[i];
		if (c == '"' || c == '\\') {
			put_char(t, '\\');
			put_char(t, (char)c);
		} else if (c < 0x20 || c > 0x7E) {
			put_decimal_escape(t, c);
		} else {
			put_char(t, (char)c);
		}
	}
	put_char(t, '"');
}

static void put_hex(struct dns_text *t, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		char h[2] = {digits[p[i] >> 4], digits[p[i] & 15]};
		dns_text_put(t, h, 2);
	}
}

/* RFC 4648 s4 base64, with padding (DNSKEY keys, RRSIG signatures). */
static void put_base64(struct dns_text *t, const uint8_t *p, size_t n)
{
	static const char abc[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		char out[4] = {abc[v >> 18 & 63], abc[v >> 12 & 63],
			       i + 1 < n ? abc[v >> 6 & 63] : '=',
			       i + 2 < n ? abc[v & 63] : '='};
		dns_text_put(t, out, 4);
	}
}

/* RFC 4648 s7 base32 with the "extended hex" alphabet, no padding, as
 * NSEC3 hashed owner names are written (RFC 5155 s3.3). */
static void put_base32hex(struct dns_text *t, const uint8_t *p, size_t n)
{
	static const char abc[] = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
	uint32_t acc = 0;
	unsigned bits = 0;
	for (size_t i = 0; i < n; i++) {
		acc = (acc << 8 | p[i]) & 0xFFFFu;
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			put_char(t, abc[(acc >> bits) & 31]);
		}
	}
	if (bits)
		put_char(t, abc[(acc << (5 - bits)) & 31]);
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

static void put_type(struct dns_text *t, uint16_t type)
{
	char buf[DNS_TYPE_TEXT];
	dns_text_puts(t, dns_type_to_text(type, buf));
}

static void put_bitmap(struct dns_text *t, const uint8_t *bitmap, size_t n)
{
	struct dns_bitmap_iter it;
	uint16_t type;
	dns_bitmap_begin(&it, bitmap, n);
	while (dns_bitmap_next(&it, &type)) {
		put_char(t, ' ');
		put_type(t, type);
	}
}

/* RFC 3597 s5: "\# <length> <hex>", the form any RDATA can take. */
static void put_generic(struct dns_text *t, const uint8_t *p, size_t n)
{
	dns_text_printf(t, "\\# %zu", n);
	if (n) {
		put_char(t, ' ');
		put_hex(t, p, n);
	}
}

/* A CAA tag of letters and digits, the only kind zone files can spell
 * (RFC 8659 s4.1.1); any other tag makes the record print in the
 * RFC 3597 generic form, which every zone parser reads back. */
static bool caa_tag_printable(const uint8_t *tag, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t c = tag[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

/* The typed printers; each returns false when the RDATA does not check,
 * and then the caller prints it in the generic form. */
static bool put_typed(struct dns_text *t, const uint8_t *pkt, size_t len,
		      const struct dns_rr *rr)
{
	switch (rr->type) {
	case DNS_T_A: {
		uint8_t a[4];
		if (dns_rr_a(pkt, len, rr, a))
			return false;
		dns_text_printf(t, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
		return true;
	}
	case DNS_T_AAAA: {
		uint8_t a[16];
		char buf[INET6_ADDRSTRLEN];
		if (dns_rr_aaaa(pkt, len, rr, a) ||
		    !inet_ntop(AF_INET6, a, buf, sizeof buf))
			return false;
		dns_text_puts(t, buf);
		return true;
	}
	case DNS_T_NS: case DNS_T_CNAME: case DNS_T_DNAME: case DNS_T_PTR: {
		uint16_t name;
		if (dns_rr_target(pkt, len, rr, &name))
			return false;
		dns_text_name_at(t, pkt, len, name);
		return true;
	}
	case DNS_T_MX: {
		struct dns_mx mx;
		if (dns_rr_mx(pkt, len, rr, &mx))
			return false;
		dns_text_printf(t, "%u ", mx.preference);
		dns_text_name_at(t, pkt, len, mx.exchange);
		return true;
	}
	case DNS_T_SOA: {
		struct dns_soa s;
		if (dns_rr_soa(pkt, len, rr, &s))
			return false;
		dns_text_name_at(t, pkt, len, s.mname);
		put_char(t, ' ');
		dns_text_name_at(t, pkt, len, s.rname);
		dns_text_printf(t, " %u %u %u %u %u", s.serial, s.refresh,
				s.retry, s.expire, s.minimum);
		return true;
	}
	case DNS_T_TXT: {
		struct dns_strings it;
		const uint8_t *s;
		size_t n;
		if (dns_rr_txt(pkt, len, rr, &it) || rr->rdlen == 0)
			return false; /* an empty TXT has no typed form */
		for (bool first = true; dns_txt_next(&it, &s, &n); first = false) {
			if (!first)
				put_char(t, ' ');
			dns_text_quoted(t, s, n);
		}
		return true;
	}
	case DNS_T_CAA: {
		struct dns_caa_rr c;
		if (dns_rr_caa(pkt, len, rr, &c) || !caa_tag_printable(c.tag, c.tag_len))
			return false;
		dns_text_printf(t, "%u ", c.flags);
		dns_text_put(t, (const char *)c.tag, c.tag_len);
		put_char(t, ' ');
		dns_text_quoted(t, c.value, c.value_len);
		return true;
	}
	case DNS_T_RRSIG: {
		struct dns_rrsig s;
		if (dns_rr_rrsig(pkt, len, rr, &s))
			return false;
		put_type(t, s.type_covered);
		dns_text_printf(t, " %u %u %u ", s.algorithm, s.labels,
				s.original_ttl);
		dns_text_sigtime(t, s.expiration);
		put_char(t, ' ');
		dns_text_sigtime(t, s.inception);
		dns_text_printf(t, " %u ", s.key_tag);
		dns_text_name_at(t, pkt, len, s.signer);
		put_char(t, ' ');
		put_base64(t, s.signature, s.signature_len);
		return true;
	}
	case DNS_T_DS: {
		struct dns_ds d;
		if (dns_rr_ds(pkt, len, rr, &d))
			return false;
		dns_text_printf(t, "%u %u %u ", d.key_tag, d.algorithm,
				d.digest_type);
		put_hex(t, d.digest, d.digest_len);
		return true;
	}
	case DNS_T_DNSKEY: {
		struct dns_dnskey k;
		if (dns_rr_dnskey(pkt, len, rr, &k))
			return false;
		dns_text_printf(t, "%u %u %u ", k.flags, k.protocol,
				k.algorithm);
		put_base64(t, k.key, k.key_len);
		return true;
	}
	case DNS_T_NSEC: {
		struct dns_nsec n;
		if (dns_rr_nsec(pkt, len, rr, &n))
			return false;
		dns_text_name_at(t, pkt, len, n.next);
		put_bitmap(t, n.bitmap, n.bitmap_len);
		return true;
	}
	case DNS_T_NSEC3PARAM: {
		/* RFC 5155 s4.3: algorithm, flags, iterations, salt */
		const uint8_t *p = pkt + rr->rdata;
		if (rr->rdlen < 5 || (size_t)rr->rdlen != 5u + p[4])
			return false;
		dns_text_printf(t, "%u %u %u ", p[0], p[1], (unsigned)(p[2] << 8 | p[3]));
		if (p[4])
			put_hex(t, p + 5, p[4]);
		else
			put_char(t, '-');
		return true;
	}
	case DNS_T_NSEC3: {
		struct dns_nsec3 n;
		if (dns_rr_nsec3(pkt, len, rr, &n))
			return false;
		dns_text_printf(t, "%u %u %u ", n.hash_algorithm, n.flags,
				n.iterations);
		if (n.salt_len)
			put_hex(t, n.salt, n.salt_len);
		else
			put_char(t, '-');
		put_char(t, ' ');
		put_base32hex(t, n.next_hashed, n.next_hashed_len);
		put_bitmap(t, n.bitmap, n.bitmap_len);
		return true;
	}
	default:
		return false;
	}
}

void dns_text_rdata(struct dns_text *t, const uint8_t *pkt, size_t len,
		    const struct dns_rr *rr)
{
	/* A and AAAA outside class IN have other layouts: generic form. */
	bool typed = rr->rclass == DNS_C_IN ||
		     (rr->type != DNS_T_A && rr->type != DNS_T_AAAA);
	size_t mark = t->len;
	if (typed && put_typed(t, pkt, len, rr))
		return;
	/* undo any partial typed output before the generic form */
	if (!t->overflow && t->len != mark) {
		t->len = mark;
		t->buf[mark] = '\0';
	}
	put_generic(t, pkt + rr->rdata, rr->rdlen);
}

void dns_text_rr(struct dns_text *t, const struct dns_msg *m,
		 const struct dns_rr *rr)
{
	char buf[DNS_TYPE_TEXT];
	dns_text_name_at(t, m->pkt, m->len, rr->owner);
	dns_text_printf(t, "\t%u\t", rr->ttl);
	dns_text_puts(t, dns_class_to_text(rr->rclass, buf));
	put_char(t, '\t');
	put_type(t, rr->type);
	put_char(t, '\t');
	dns_text_rdata(t, m->pkt, m->len, rr);
}
