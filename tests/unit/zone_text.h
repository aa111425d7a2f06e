/* Test support for the DNSSEC tests: DNS messages built from records in
 * presentation format (RFC 1035 s5.1, RFC 4034 s2.2, s3.2, s4.2, s5.3,
 * RFC 5155 s3.3), so that the RFCs' examples are transcribed as they are
 * printed, and captured fixtures read from tests/fixtures/dnssec/.
 *
 *   struct zmsg *z = zmsg_new("www.example.net.", DNS_T_A, DNS_RCODE_NOERROR);
 *   zmsg_add(z, DNS_SEC_ANSWER, "www.example.net. 3600 IN A 192.0.2.91");
 *   zmsg_add(z, DNS_SEC_ANSWER, "www.example.net. 3600 IN RRSIG A 8 3 ...");
 *   const struct dns_msg *m = zmsg_parse(z);
 *
 * Names are never compressed; records go in the order added, answers
 * first. Every helper fails the test on bad input. */
#ifndef ACMEPROBE_TESTS_UNIT_ZONE_TEXT_H
#define ACMEPROBE_TESTS_UNIT_ZONE_TEXT_H

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/msg.h"
#include "dns/types.h"
#include "dns/wire.h"

#define ZMSG_MAX_RR 1200

struct zmsg {
	uint8_t q[DNS_MAX_NAME + 4];
	size_t qlen;
	uint16_t rcode;
	/* records of each section, as wire octets */
	uint8_t sec[3][60000];
	size_t sec_len[3];
	uint16_t count[3];
	uint8_t *pkt; /* the built message */
	size_t len;
	struct dns_rr rr[ZMSG_MAX_RR];
	struct dns_msg m;
	uint8_t qname[DNS_MAX_NAME];
};

static inline struct zmsg *zmsg_new(const char *qname, uint16_t qtype, uint16_t rcode)
{
	struct zmsg *z = calloc(1, sizeof *z);
	cr_assert(z);
	size_t n;
	cr_assert_eq(dns_name_from_text(qname, strlen(qname), z->qname, &n), DNS_OK, "%s", qname);
	memcpy(z->q, z->qname, n);
	z->q[n] = (uint8_t)(qtype >> 8);
	z->q[n + 1] = (uint8_t)qtype;
	z->q[n + 2] = 0;
	z->q[n + 3] = 1;
	z->qlen = n + 4;
	z->rcode = rcode;
	return z;
}

static inline void zmsg_free(struct zmsg *z)
{
	if (z)
		free(z->pkt);
	free(z);
}

/* ---- tokens ---------------------------------------------------------- */

struct ztok {
	char t[64][1200];
	int n, i;
};

static inline void ztok_split(struct ztok *k, const char *line)
{
	k->n = k->i = 0;
	const char *p = line;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == '(' || *p == ')' || *p == '\n')
			p++;
		if (!*p || *p == ';')
			break;
		cr_assert_lt(k->n, 64, "too many tokens");
		size_t o = 0;
		if (*p == '"') {
			/* a quoted string, kept with its quotes */
			k->t[k->n][o++] = *p++;
			while (*p && *p != '"')
				k->t[k->n][o++] = *p++;
			cr_assert(*p == '"', "unterminated string in: %s", line);
			k->t[k->n][o++] = *p++;
		} else {
			while (*p && *p != ' ' && *p != '\t' && *p != '(' && *p != ')' &&
			       *p != '\n')
				k->t[k->n][o++] = *p++;
		}
		k->t[k->n][o] = 0;
		k->n++;
	}
}

static inline const char *ztok_next(struct ztok *k)
{
	cr_assert_lt(k->i, k->n, "missing field");
	return k->t[k->i++];
}

static inline unsigned long ztok_num(struct ztok *k)
{
	const char *s = ztok_next(k);
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	cr_assert(*s && !*end, "not a number: %s", s);
	return v;
}

/* ---- RDATA pieces ------------------------------------------------------ */

struct zbuf {
	uint8_t b[8192];
	size_t n;
};

static inline void zb_u8(struct zbuf *b, unsigned v)
{
	b->b[b->n++] = (uint8_t)v;
}

static inline void zb_u16(struct zbuf *b, unsigned v)
{
	zb_u8(b, v >> 8);
	zb_u8(b, v);
}

static inline void zb_u32(struct zbuf *b, unsigned long v)
{
	zb_u16(b, (unsigned)(v >> 16));
	zb_u16(b, (unsigned)(v & 0xFFFF));
}

static inline void zb_name(struct zbuf *b, const char *text)
{
	size_t n;
	cr_assert_eq(dns_name_from_text(text, strlen(text), b->b + b->n, &n), DNS_OK, "name %s",
		     text);
	b->n += n;
}

static inline int zhex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static inline void zb_hex(struct zbuf *b, const char *s)
{
	for (; s[0] && s[1]; s += 2) {
		int h = zhex(s[0]), l = zhex(s[1]);
		cr_assert(h >= 0 && l >= 0, "bad hex %s", s);
		zb_u8(b, (unsigned)(h << 4 | l));
	}
	cr_assert(!*s, "odd hex");
}

/* Every remaining token as base64, concatenated. */
static inline void zb_base64_rest(struct zbuf *b, struct ztok *k)
{
	uint32_t acc = 0;
	unsigned bits = 0;
	while (k->i < k->n) {
		for (const char *s = ztok_next(k); *s; s++) {
			int v = 0;
			char c = *s;
			if (c == '=')
				continue;
			if (c >= 'A' && c <= 'Z')
				v = c - 'A';
			else if (c >= 'a' && c <= 'z')
				v = c - 'a' + 26;
			else if (c >= '0' && c <= '9')
				v = c - '0' + 52;
			else if (c == '+')
				v = 62;
			else if (c == '/')
				v = 63;
			else
				cr_assert_fail("bad base64 %c", c);
			acc = acc << 6 | (uint32_t)v;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				zb_u8(b, (acc >> bits) & 0xFF);
			}
		}
	}
}

static inline void zb_base32hex(struct zbuf *b, const char *s)
{
	uint32_t acc = 0;
	unsigned bits = 0;
	for (; *s; s++) {
		int v = zhex(*s) >= 0 && *s <= '9' ? *s - '0'
			: (*s >= 'a' && *s <= 'v') ? *s - 'a' + 10
			: (*s >= 'A' && *s <= 'V') ? *s - 'A' + 10
						   : -1;
		cr_assert(v >= 0, "bad base32hex %s", s);
		acc = acc << 5 | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			zb_u8(b, (acc >> bits) & 0xFF);
		}
	}
}

static inline uint16_t ztype(const char *s)
{
	uint16_t t;
	cr_assert_eq(dns_type_from_text(s, &t), DNS_OK, "type %s", s);
	return t;
}

/* The remaining tokens as type mnemonics: an NSEC bitmap (RFC 4034
 * s4.1.2). */
static inline void zb_bitmap_rest(struct zbuf *b, struct ztok *k)
{
	uint8_t win[256][32];
	unsigned len[256];
	memset(len, 0, sizeof len);
	memset(win, 0, sizeof win);
	while (k->i < k->n) {
		uint16_t t = ztype(ztok_next(k));
		unsigned w = t >> 8, bit = t & 0xFF;
		win[w][bit / 8] |= (uint8_t)(0x80 >> (bit % 8));
		if (bit / 8 + 1 > len[w])
			len[w] = bit / 8 + 1;
	}
	for (unsigned w = 0; w < 256; w++)
		if (len[w]) {
			zb_u8(b, w);
			zb_u8(b, len[w]);
			memcpy(b->b + b->n, win[w], len[w]);
			b->n += len[w];
		}
}

/* YYYYMMDDHHmmSS (RFC 4034 s3.2) or seconds. */
static inline unsigned long ztime(const char *s)
{
	if (strlen(s) != 14)
		return strtoul(s, NULL, 10);
	int y, mo, d, h, mi, se;
	cr_assert_eq(sscanf(s, "%4d%2d%2d%2d%2d%2d", &y, &mo, &d, &h, &mi, &se), 6);
	/* days from civil (proleptic Gregorian) */
	y -= mo <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	long days = era * 146097 + doe - 719468;
	return (unsigned long)(days * 86400 + h * 3600 + mi * 60 + se);
}

static inline void zb_strings_rest(struct zbuf *b, struct ztok *k)
{
	while (k->i < k->n) {
		const char *s = ztok_next(k);
		size_t n = strlen(s);
		if (s[0] == '"') {
			s++;
			n -= 2;
		}
		zb_u8(b, (unsigned)n);
		memcpy(b->b + b->n, s, n);
		b->n += n;
	}
}

/* The RDATA of one record in presentation format. */
static inline void zb_rdata(struct zbuf *b, uint16_t type, struct ztok *k)
{
	if (k->i < k->n && strcmp(k->t[k->i], "\\#") == 0) {
		/* RFC 3597 s5: \# LENGTH HEX */
		k->i++;
		size_t want = ztok_num(k), at = b->n;
		while (k->i < k->n)
			zb_hex(b, ztok_next(k));
		cr_assert_eq(b->n - at, want, "\\# length");
		return;
	}
	switch (type) {
	case DNS_T_A:
		cr_assert_eq(inet_pton(AF_INET, ztok_next(k), b->b + b->n), 1);
		b->n += 4;
		break;
	case DNS_T_AAAA:
		cr_assert_eq(inet_pton(AF_INET6, ztok_next(k), b->b + b->n), 1);
		b->n += 16;
		break;
	case DNS_T_NS:
	case DNS_T_CNAME:
	case DNS_T_DNAME:
	case DNS_T_PTR:
		zb_name(b, ztok_next(k));
		break;
	case DNS_T_MX:
		zb_u16(b, (unsigned)ztok_num(k));
		zb_name(b, ztok_next(k));
		break;
	case DNS_T_SOA:
		zb_name(b, ztok_next(k));
		zb_name(b, ztok_next(k));
		for (int i = 0; i < 5; i++)
			zb_u32(b, ztok_num(k));
		break;
	case DNS_T_TXT:
	case 13: /* HINFO */
		zb_strings_rest(b, k);
		break;
	case DNS_T_DS:
		zb_u16(b, (unsigned)ztok_num(k));
		zb_u8(b, (unsigned)ztok_num(k));
		zb_u8(b, (unsigned)ztok_num(k));
		while (k->i < k->n)
			zb_hex(b, ztok_next(k));
		break;
	case DNS_T_DNSKEY:
		zb_u16(b, (unsigned)ztok_num(k));
		zb_u8(b, (unsigned)ztok_num(k));
		zb_u8(b, (unsigned)ztok_num(k));
		zb_base64_rest(b, k);
		break;
	case DNS_T_RRSIG:
		zb_u16(b, ztype(ztok_next(k)));
		zb_u8(b, (unsigned)ztok_num(k));
		zb_u8(b, (unsigned)ztok_num(k));
		zb_u32(b, ztok_num(k));
		zb_u32(b, ztime(ztok_next(k)));
		zb_u32(b, ztime(ztok_next(k)));
		zb_u16(b, (unsigned)ztok_num(k));
		zb_name(b, ztok_next(k));
		zb_base64_rest(b, k);
		break;
	case DNS_T_NSEC:
		zb_name(b, ztok_next(k));
		zb_bitmap_rest(b, k);
		break;
	case DNS_T_NSEC3:
	case DNS_T_NSEC3PARAM: {
		zb_u8(b, (unsigned)ztok_num(k));
		zb_u8(b, (unsigned)ztok_num(k));
		zb_u16(b, (unsigned)ztok_num(k));
		const char *salt = ztok_next(k);
		if (strcmp(salt, "-") == 0) {
			zb_u8(b, 0);
		} else {
			zb_u8(b, (unsigned)strlen(salt) / 2);
			zb_hex(b, salt);
		}
		if (type == DNS_T_NSEC3) {
			size_t at = b->n;
			zb_u8(b, 0);
			zb_base32hex(b, ztok_next(k));
			b->b[at] = (uint8_t)(b->n - at - 1);
			zb_bitmap_rest(b, k);
		}
		break;
	}
	case DNS_T_CAA: {
		zb_u8(b, (unsigned)ztok_num(k));
		const char *tag = ztok_next(k);
		zb_u8(b, (unsigned)strlen(tag));
		memcpy(b->b + b->n, tag, strlen(tag));
		b->n += strlen(tag);
		const char *v = ztok_next(k);
		size_t n = strlen(v);
		if (v[0] == '"') {
			v++;
			n -= 2;
		}
		memcpy(b->b + b->n, v, n);
		b->n += n;
		break;
	}
	default:
		cr_assert_fail("zone_text.h: no presentation parser for type %u", type);
	}
}

/* Adds one record: OWNER TTL [IN] TYPE RDATA... */
static inline void zmsg_add(struct zmsg *z, enum dns_section s, const char *line)
{
	struct ztok *k = malloc(sizeof *k);
	cr_assert(k);
	ztok_split(k, line);
	struct zbuf *b = malloc(sizeof *b);
	cr_assert(b);
	b->n = 0;
	zb_name(b, ztok_next(k));
	unsigned long ttl = ztok_num(k);
	const char *t = ztok_next(k);
	if (strcmp(t, "IN") == 0)
		t = ztok_next(k);
	uint16_t type = ztype(t);
	zb_u16(b, type);
	zb_u16(b, DNS_C_IN);
	zb_u32(b, ttl);
	size_t rdlen_at = b->n;
	zb_u16(b, 0);
	zb_rdata(b, type, k);
	size_t rdlen = b->n - rdlen_at - 2;
	b->b[rdlen_at] = (uint8_t)(rdlen >> 8);
	b->b[rdlen_at + 1] = (uint8_t)rdlen;
	cr_assert_lt(z->sec_len[s] + b->n, sizeof z->sec[s]);
	memcpy(z->sec[s] + z->sec_len[s], b->b, b->n);
	z->sec_len[s] += b->n;
	z->count[s]++;
	free(k);
	free(b);
}

/* Adds many records, one a line. */
static inline void zmsg_add_lines(struct zmsg *z, enum dns_section s, const char *lines)
{
	const char *p = lines;
	char line[4096];
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		cr_assert_lt(n, sizeof line);
		memcpy(line, p, n);
		line[n] = 0;
		const char *q = line;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q && *q != ';')
			zmsg_add(z, s, line);
		p += n + (e ? 1 : 0);
	}
}

/* Builds the message (QR, AA set) and parses it. */
static inline const struct dns_msg *zmsg_parse(struct zmsg *z)
{
	free(z->pkt);
	size_t len = 12 + z->qlen + z->sec_len[0] + z->sec_len[1] + z->sec_len[2];
	cr_assert_leq(len, 65535, "message too large");
	z->pkt = malloc(len);
	cr_assert(z->pkt);
	uint8_t *p = z->pkt;
	memset(p, 0, 12);
	p[0] = 0x12;
	p[1] = 0x34;
	p[2] = 0x84; /* QR, AA */
	p[3] = (uint8_t)(z->rcode & 0xF);
	p[5] = 1;
	for (int s = 0; s < 3; s++) {
		p[6 + 2 * s] = (uint8_t)(z->count[s] >> 8);
		p[7 + 2 * s] = (uint8_t)z->count[s];
	}
	size_t o = 12;
	memcpy(p + o, z->q, z->qlen);
	o += z->qlen;
	for (int s = 0; s < 3; s++) {
		memcpy(p + o, z->sec[s], z->sec_len[s]);
		o += z->sec_len[s];
	}
	z->len = o;
	enum dns_err e = dns_msg_parse(&z->m, z->pkt, z->len, z->rr, ZMSG_MAX_RR);
	cr_assert_eq(e, DNS_OK, "zmsg_parse: %s at %zu", dns_strerror(e), z->m.err_off);
	return &z->m;
}

/* A captured message (tests/fixtures/dnssec/NAME.bin), parsed. */
struct zfile {
	uint8_t *pkt;
	size_t len;
	struct dns_rr rr[ZMSG_MAX_RR];
	struct dns_msg m;
	uint8_t qname[DNS_MAX_NAME];
};

static inline struct zfile *zfile_load(const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "tests/fixtures/dnssec/%s.bin", name);
	FILE *f = fopen(path, "rb");
	cr_assert(f, "cannot open %s (run the tests from the repository root)", path);
	struct zfile *z = calloc(1, sizeof *z);
	cr_assert(z);
	z->pkt = malloc(65536);
	z->len = fread(z->pkt, 1, 65536, f);
	fclose(f);
	enum dns_err e = dns_msg_parse(&z->m, z->pkt, z->len, z->rr, ZMSG_MAX_RR);
	cr_assert_eq(e, DNS_OK, "%s: %s", path, dns_strerror(e));
	size_t next, len;
	cr_assert_eq(dns_name_unpack(z->pkt, z->len, 12, z->len, &next, z->qname, &len), DNS_OK);
	return z;
}

static inline void zfile_free(struct zfile *z)
{
	if (z)
		free(z->pkt);
	free(z);
}

#endif
