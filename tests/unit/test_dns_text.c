/* Presentation format (RFC 1035 s5.1, RFC 3597 s5, RFC 4034, RFC 5155,
 * RFC 5952, RFC 8659): names, quoted strings, RDATA and records as text,
 * and the buffer contract (an overflow is remembered, never written
 * past). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "dns/msg.h"
#include "dns/rr.h"
#include "dns/text.h"
#include "dns/types.h"
#include "dns/wire.h"
#include "helpers.h"

#define U16(v) (((v) >> 8) & 0xff), ((v)&0xff)
#define U32(v) (((v) >> 24) & 0xff), (((v) >> 16) & 0xff), (((v) >> 8) & 0xff), ((v)&0xff)
#define EXAMPLE_COM 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0

#define TEXT_CAP 4096

/* A text buffer with a canary after cap; check_canary() proves nothing
 * was written at or past cap. */
struct tbuf {
	char buf[TEXT_CAP + 64];
	struct dns_text t;
};

static void tb_init(struct tbuf *b, size_t cap)
{
	cr_assert_leq(cap, TEXT_CAP);
	memset(b->buf, 0x5A, sizeof b->buf);
	dns_text_init(&b->t, b->buf, cap);
}

static void tb_check(const struct tbuf *b)
{
	size_t cap = b->t.cap;
	for (size_t i = cap; i < sizeof b->buf; i++)
		cr_assert_eq((unsigned char)b->buf[i], 0x5A,
			     "octet %zu written past cap %zu", i, cap);
	if (cap) {
		cr_assert_lt(b->t.len, cap);
		cr_assert_eq(b->buf[b->t.len], '\0');
		cr_assert_eq(strlen(b->buf), b->t.len);
	}
}

/* ===================================================================== */
/* the buffer                                                            */
/* ===================================================================== */

Test(text_buffer, put_puts_printf)
{
	struct tbuf b;
	tb_init(&b, 64);
	cr_assert_eq(b.t.len, 0);
	cr_assert_str_eq(b.buf, "");
	cr_assert_not(b.t.overflow);
	dns_text_put(&b.t, "abcXYZ", 3);
	dns_text_puts(&b.t, "-");
	dns_text_printf(&b.t, "%u/%s", 42u, "x");
	cr_assert_str_eq(b.buf, "abc-42/x");
	cr_assert_eq(b.t.len, 8);
	cr_assert_not(b.t.overflow);
	tb_check(&b);
}

Test(text_buffer, exact_fit_keeps_room_for_the_nul)
{
	struct tbuf b;
	tb_init(&b, 4);
	dns_text_puts(&b.t, "abc");
	cr_assert_not(b.t.overflow);
	cr_assert_str_eq(b.buf, "abc");
	tb_check(&b);
	dns_text_puts(&b.t, "d");
	cr_assert(b.t.overflow);
	cr_assert_str_eq(b.buf, "abc");
	tb_check(&b);

	tb_init(&b, 4);
	dns_text_puts(&b.t, "abcd");
	cr_assert(b.t.overflow);
	cr_assert_str_eq(b.buf, "");
	tb_check(&b);

	tb_init(&b, 4);
	dns_text_printf(&b.t, "%s", "abc");
	cr_assert_not(b.t.overflow);
	dns_text_printf(&b.t, "%d", 1);
	cr_assert(b.t.overflow);
	cr_assert_str_eq(b.buf, "abc");
	tb_check(&b);
}

Test(text_buffer, overflow_sticks_and_cuts_cleanly)
{
	struct tbuf b;
	tb_init(&b, 10);
	dns_text_puts(&b.t, "12345");
	dns_text_printf(&b.t, "%s", "6789012345"); /* does not fit */
	cr_assert(b.t.overflow);
	cr_assert_str_eq(b.buf, "12345", "the cut piece is dropped");
	tb_check(&b);
	dns_text_puts(&b.t, "a"); /* would fit, but the overflow sticks */
	dns_text_printf(&b.t, "b");
	dns_text_put(&b.t, "c", 1);
	cr_assert(b.t.overflow);
	cr_assert_eq(b.t.len, 5);
	cr_assert_str_eq(b.buf, "12345");
	tb_check(&b);
}

Test(text_buffer, zero_capacity)
{
	struct tbuf b;
	tb_init(&b, 0);
	cr_assert(b.t.overflow);
	dns_text_puts(&b.t, "x");
	dns_text_printf(&b.t, "%d", 5);
	dns_text_name(&b.t, BYTES(EXAMPLE_COM));
	cr_assert_eq(b.t.len, 0);
	tb_check(&b);
	cr_assert_eq((unsigned char)b.buf[0], 0x5A, "nothing written at all");

	tb_init(&b, 1);
	cr_assert_not(b.t.overflow);
	cr_assert_eq(b.buf[0], '\0');
	dns_text_puts(&b.t, "x");
	cr_assert(b.t.overflow);
	cr_assert_eq(b.buf[0], '\0');
	tb_check(&b);
}

/* ===================================================================== */
/* names                                                                 */
/* ===================================================================== */

static const char *name_text(struct tbuf *b, const uint8_t *name)
{
	tb_init(b, TEXT_CAP);
	dns_text_name(&b->t, name);
	cr_assert_not(b->t.overflow);
	tb_check(b);
	return b->buf;
}

#define assert_name_prints(want, ...)                                       \
	do {                                                                \
		struct tbuf b_;                                             \
		cr_assert_str_eq(name_text(&b_, BYTES(__VA_ARGS__)), (want)); \
	} while (0)

Test(text_name, plain)
{
	assert_name_prints(".", 0);
	assert_name_prints("example.com.", EXAMPLE_COM);
	assert_name_prints("Www.Example.COM.", 3, 'W', 'w', 'w', 7, 'E', 'x',
			   'a', 'm', 'p', 'l', 'e', 3, 'C', 'O', 'M', 0);
	assert_name_prints("*.example.com.", 1, '*', EXAMPLE_COM);
	assert_name_prints("_acme-challenge.x.", 15, '_', 'a', 'c', 'm', 'e',
			   '-', 'c', 'h', 'a', 'l', 'l', 'e', 'n', 'g', 'e', 1,
			   'x', 0);
}

Test(text_name, escapes)
{
	assert_name_prints("a\\.b.", 3, 'a', '.', 'b', 0);
	assert_name_prints("a\\\\b.", 3, 'a', '\\', 'b', 0);
	assert_name_prints("\\\"\\(\\)\\;\\@\\$.", 6, '"', '(', ')', ';', '@',
			   '$', 0);
	assert_name_prints("\\032.", 1, ' ', 0);
	assert_name_prints("\\000.", 1, 0, 0);
	assert_name_prints("\\009\\010\\013.", 3, 9, 10, 13, 0);
	assert_name_prints("\\127\\128\\255.", 3, 0x7f, 0x80, 0xff, 0);
	assert_name_prints("!~.", 2, '!', '~', 0);
	assert_name_prints("\\0271.", 2, 27, '1', 0);
	/* c-ares CVE-2021-3672: a label that looks like two */
	assert_name_prints("evil\\.com.good.", 8, 'e', 'v', 'i', 'l', '.', 'c',
			   'o', 'm', 4, 'g', 'o', 'o', 'd', 0);
}

Test(text_name, compressed_in_a_message)
{
	MB(m);
	mb_fill(&m, 0, 12);
	MB_BYTES(&m, EXAMPLE_COM);                   /* 12 */
	MB_BYTES(&m, 3, 'w', '.', 'w', 0xc0, 0x0c);  /* 25 */
	MB_BYTES(&m, 0xc0, 0x0d);                    /* 31: forward, bad */
	const uint8_t *pkt = mb_pkt(&m);
	struct tbuf b;
	tb_init(&b, TEXT_CAP);
	dns_text_name_at(&b.t, pkt, m.n, 25);
	cr_assert_str_eq(b.buf, "w\\.w.example.com.");
	tb_init(&b, TEXT_CAP);
	dns_text_name_at(&b.t, pkt, m.n, 31);
	cr_assert_str_eq(b.buf, "<malformed name>");
	tb_check(&b);
}

/* The longest text a name can need fits DNS_MAX_NAME_TEXT. */
Test(text_name, worst_case_fits_max_name_text)
{
	uint8_t name[DNS_MAX_NAME];
	size_t n = 0;
	static const unsigned lens[] = {63, 63, 63, 61};
	for (int i = 0; i < 4; i++) {
		name[n++] = (uint8_t)lens[i];
		memset(name + n, 0x01, lens[i]);
		n += lens[i];
	}
	name[n++] = 0;
	cr_assert_eq(n, DNS_MAX_NAME);
	struct tbuf b;
	tb_init(&b, DNS_MAX_NAME_TEXT);
	dns_text_name(&b.t, name);
	cr_assert_not(b.t.overflow);
	cr_assert_eq(b.t.len, 250 * 4 + 4);
	tb_check(&b);
}

/* ---- round trip: print, parse, same octets ---------------------------- */

static void assert_round_trip(const uint8_t *name)
{
	size_t wire_len = dns_name_len(name);
	struct tbuf b;
	tb_init(&b, DNS_MAX_NAME_TEXT);
	dns_text_name(&b.t, name);
	cr_assert_not(b.t.overflow);
	/* plain ASCII, no space, no control octet */
	for (size_t i = 0; i < b.t.len; i++)
		cr_assert(b.buf[i] > 0x20 && b.buf[i] < 0x7f,
			  "octet %zu of %s is 0x%02x", i, b.buf,
			  (unsigned char)b.buf[i]);
	uint8_t back[DNS_MAX_NAME];
	size_t back_len = 0;
	enum dns_err e = dns_name_from_text(b.buf, b.t.len, back, &back_len);
	cr_assert_eq(e, DNS_OK, "%s: %s", b.buf, dns_errname(e));
	assert_bytes(back, back_len, name, wire_len);
}

Test(text_name, round_trip_tricky_names)
{
	const uint8_t *const names[] = {
		BYTES(0),
		BYTES(EXAMPLE_COM),
		BYTES(1, '.', 0),
		BYTES(1, '\\', 0),
		BYTES(2, '\\', '.', 0),
		BYTES(2, '.', '.', 1, '.', 0),
		BYTES(1, 0, 0),
		BYTES(3, 0, '0', '0', 0),
		BYTES(4, '\\', '0', '6', '5', 0), /* looks like \065 once printed */
		BYTES(2, 0x5c, 0x31, 0),
		BYTES(3, ' ', '1', '2', 0),
		BYTES(6, '"', '(', ')', ';', '@', '$', 0),
		BYTES(3, 0x7f, 0x80, 0xff, 0),
		BYTES(5, 'e', 'x', '.', 'm', '.', 3, 'c', 'o', 'm', 0),
		BYTES(1, '*', 1, '-', 1, '_', 0),
		BYTES(3, 'a', '\\', '.', 0), /* the CVE-2016-5180 shape */
		BYTES(2, 'a', '.', 0),
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		assert_round_trip(names[i]);
}

Test(text_name, round_trip_every_octet)
{
	/* every octet value, four labels of 63 and a last of 4 */
	uint8_t name[DNS_MAX_NAME];
	size_t n = 0;
	unsigned v = 0;
	static const unsigned lens[] = {63, 63, 63, 63, 4};
	for (int l = 0; l < 5; l++) {
		if (n + 1 + lens[l] + 1 > DNS_MAX_NAME)
			break;
		name[n++] = (uint8_t)lens[l];
		for (unsigned k = 0; k < lens[l]; k++)
			name[n++] = (uint8_t)(v++ & 0xff);
	}
	name[n++] = 0;
	assert_round_trip(name);
	/* and the rest of the octets */
	n = 0;
	for (int l = 0; l < 2 && v < 256; l++) {
		unsigned k = 256 - v < 63 ? 256 - v : 63;
		name[n++] = (uint8_t)k;
		for (unsigned j = 0; j < k; j++)
			name[n++] = (uint8_t)(v++);
	}
	name[n++] = 0;
	cr_assert_eq(v, 256);
	assert_round_trip(name);
}

/* A small deterministic generator (xorshift32) for random names. */
static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

Test(text_name, round_trip_random_names)
{
	uint32_t seed = 0x2545f491u;
	/* octets biased towards the ones that need escapes */
	static const uint8_t special[] = {'.', '\\', '"', '(', ')', ';', '@',
					  '$', ' ', 0, 0xff, '0', '9', 'a', 'Z'};
	for (int iter = 0; iter < 5000; iter++) {
		uint8_t name[DNS_MAX_NAME];
		size_t n = 0;
		size_t target = 1 + rnd(&seed) % DNS_MAX_NAME;
		while (n + 2 < target) {
			size_t room = target - n - 2; /* label octets that fit */
			size_t len = 1 + rnd(&seed) % (room < 63 ? room : 63);
			name[n++] = (uint8_t)len;
			for (size_t k = 0; k < len; k++) {
				uint32_t r = rnd(&seed);
				name[n++] = (r & 1) ? special[(r >> 1) % sizeof special]
						    : (uint8_t)(r >> 8);
			}
		}
		name[n++] = 0;
		cr_assert_leq(n, DNS_MAX_NAME);
		assert_round_trip(name);
	}
}

/* ===================================================================== */
/* character-strings                                                     */
/* ===================================================================== */

static const char *quoted(struct tbuf *b, const uint8_t *s, size_t n)
{
	tb_init(b, TEXT_CAP);
	dns_text_quoted(&b->t, s, n);
	cr_assert_not(b->t.overflow);
	tb_check(b);
	return b->buf;
}

#define assert_quoted(want, ...)                                             \
	do {                                                                 \
		struct tbuf b_;                                              \
		cr_assert_str_eq(quoted(&b_, BYTES(__VA_ARGS__),             \
					NBYTES(__VA_ARGS__)),                \
				 (want));                                    \
	} while (0)

Test(text_quoted, strings)
{
	struct tbuf b;
	cr_assert_str_eq(quoted(&b, (const uint8_t *)"", 0), "\"\"");
	assert_quoted("\"abc\"", 'a', 'b', 'c');
	assert_quoted("\"a b\"", 'a', ' ', 'b');
	assert_quoted("\"\\\"\"", '"');
	assert_quoted("\"\\\\\"", '\\');
	assert_quoted("\"a;b(c)@$.\"", 'a', ';', 'b', '(', 'c', ')', '@', '$',
		      '.');
	assert_quoted("\"\\000\\031\\127\\255\"", 0, 0x1f, 0x7f, 0xff);
	/* EDE text with ESC and BEL: nothing reaches a terminal raw */
	assert_quoted("\"\\027[31m\\007\"", 0x1b, '[', '3', '1', 'm', 0x07);
	assert_quoted("\"\\010\\013\"", '\n', '\r');
	assert_quoted("\"~\"", '~');
}

/* ===================================================================== */
/* RDATA                                                                 */
/* ===================================================================== */

/* Parses the message built in m and prints the RDATA of record i. */
static const char *rdata_text(struct tbuf *b, struct mb *m, size_t i)
{
	static struct dns_rr rr[16];
	struct dns_msg msg;
	enum dns_err e = mb_parse(m, &msg, rr, 16);
	cr_assert_eq(e, DNS_OK, "parse: %s at %zu", dns_errname(e), msg.err_off);
	cr_assert_lt(i, msg.rr_count);
	tb_init(b, TEXT_CAP);
	dns_text_rdata(&b->t, msg.pkt, msg.len, &rr[i]);
	cr_assert_not(b->t.overflow);
	tb_check(b);
	return b->buf;
}

static void answer1_class(struct mb *m, unsigned type, unsigned rclass,
			  const uint8_t *rd, size_t n)
{
	m->n = 0;
	mb_response(m, "example.com", type, 1, 0, 0);
	mb_ptr(m, 12);
	mb_rr(m, type, rclass, 300, (unsigned)n);
	mb_raw(m, rd, n);
}

static const char *rdata1_class(struct tbuf *b, struct mb *m, unsigned type,
				unsigned rclass, const uint8_t *rd, size_t n)
{
	answer1_class(m, type, rclass, rd, n);
	return rdata_text(b, m, 0);
}

#define assert_rdata(want, type, ...)                                        \
	do {                                                                 \
		MB(m_);                                                      \
		struct tbuf b_;                                              \
		cr_assert_str_eq(rdata1_class(&b_, &m_, (type), DNS_C_IN,    \
					      BYTES(__VA_ARGS__),            \
					      NBYTES(__VA_ARGS__)),          \
				 (want));                                    \
	} while (0)

#define assert_rdata_empty(want, type)                                       \
	do {                                                                 \
		MB(m_);                                                      \
		struct tbuf b_;                                              \
		cr_assert_str_eq(rdata1_class(&b_, &m_, (type), DNS_C_IN,    \
					      NULL, 0),                      \
				 (want));                                    \
	} while (0)

Test(text_rdata, a)
{
	assert_rdata("192.0.2.1", DNS_T_A, 192, 0, 2, 1);
	assert_rdata("0.0.0.0", DNS_T_A, 0, 0, 0, 0);
	assert_rdata("255.255.255.255", DNS_T_A, 255, 255, 255, 255);
}

/* RFC 5952 s4: lower case, no leading zeros, the longest run of zero
 * fields (the first of equal runs) as "::", never a single field. */
Test(text_rdata, aaaa_rfc5952)
{
	assert_rdata("2001:db8::1", DNS_T_AAAA, 0x20, 0x01, 0x0d, 0xb8, 0, 0,
		     0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
	assert_rdata("2001:db8::1:0:0:1", DNS_T_AAAA, 0x20, 0x01, 0x0d, 0xb8, 0,
		     0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1);
	assert_rdata("2001:db8:0:1:1:1:1:1", DNS_T_AAAA, 0x20, 0x01, 0x0d,
		     0xb8, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1);
	assert_rdata("2001:db8::abcd:12", DNS_T_AAAA, 0x20, 0x01, 0x0d, 0xb8, 0,
		     0, 0, 0, 0, 0, 0, 0, 0xab, 0xcd, 0, 0x12);
	assert_rdata("2001:db8:0:0:1::", DNS_T_AAAA, 0x20, 0x01, 0x0d, 0xb8, 0,
		     0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0);
	assert_rdata("2001:0:0:1::1", DNS_T_AAAA, 0x20, 0x01, 0, 0, 0, 0, 0, 1,
		     0, 0, 0, 0, 0, 0, 0, 1);
	assert_rdata("::", DNS_T_AAAA, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		     0, 0);
	assert_rdata("::1", DNS_T_AAAA, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		     0, 0, 1);
	assert_rdata("fe80::", DNS_T_AAAA, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0,
		     0, 0, 0, 0, 0, 0);
	assert_rdata("::ffff:192.0.2.1", DNS_T_AAAA, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		     0, 0xff, 0xff, 192, 0, 2, 1);
}

Test(text_rdata, names)
{
	assert_rdata("www.example.com.", DNS_T_CNAME, 3, 'w', 'w', 'w', 0xc0,
		     0x0c);
	assert_rdata("ns1.example.com.", DNS_T_NS, 3, 'n', 's', '1', 0xc0, 0x0c);
	assert_rdata("example.com.", DNS_T_DNAME, 0xc0, 0x0c);
	assert_rdata(".", DNS_T_PTR, 0);
	assert_rdata("a\\.b\\032c.", DNS_T_PTR, 5, 'a', '.', 'b', ' ', 'c', 0);
	assert_rdata("10 mail.example.com.", DNS_T_MX, 0, 10, 4, 'm', 'a', 'i',
		     'l', 0xc0, 0x0c);
	assert_rdata("65535 .", DNS_T_MX, 0xff, 0xff, 0);
}

Test(text_rdata, soa)
{
	assert_rdata("example.com. hostmaster.example.com. 2026112401 7200 "
		     "3600 1209600 300",
		     DNS_T_SOA, 0xc0, 0x0c, 10, 'h', 'o', 's', 't', 'm', 'a',
		     's', 't', 'e', 'r', 0xc0, 0x0c, U32(2026112401u),
		     U32(7200), U32(3600), U32(1209600), U32(300));
	assert_rdata(". . 4294967295 0 0 0 0", DNS_T_SOA, 0, 0,
		     U32(4294967295u), U32(0), U32(0), U32(0), U32(0));
}

Test(text_rdata, txt)
{
	assert_rdata("\"v=spf1 -all\"", DNS_T_TXT, 11, 'v', '=', 's', 'p', 'f',
		     '1', ' ', '-', 'a', 'l', 'l');
	assert_rdata("\"a\" \"\" \"b\\\"c\\\\\"", DNS_T_TXT, 1, 'a', 0, 4, 'b',
		     '"', 'c', '\\');
	assert_rdata("\"\"", DNS_T_TXT, 0);
	assert_rdata("\"\\000\\255\"", DNS_T_TXT, 2, 0, 0xff);
	/* an empty TXT RDATA has no typed form */
	assert_rdata_empty("\\# 0", DNS_T_TXT);
}

Test(text_rdata, caa)
{
	assert_rdata("0 issue \"letsencrypt.org\"", DNS_T_CAA, 0, 5, 'i', 's',
		     's', 'u', 'e', 'l', 'e', 't', 's', 'e', 'n', 'c', 'r', 'y',
		     'p', 't', '.', 'o', 'r', 'g');
	assert_rdata("128 issuewild \";\"", DNS_T_CAA, 128, 9, 'i', 's', 's',
		     'u', 'e', 'w', 'i', 'l', 'd', ';');
	assert_rdata("0 iodef \"mailto:a@example.com\"", DNS_T_CAA, 0, 5, 'i',
		     'o', 'd', 'e', 'f', 'm', 'a', 'i', 'l', 't', 'o', ':', 'a',
		     '@', 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'c', 'o', 'm');
	assert_rdata("0 issue \"\"", DNS_T_CAA, 0, 5, 'i', 's', 's', 'u', 'e');
	/* a malformed tag cannot pass for "issue" on screen: a tag zone files
	 * cannot spell prints in the RFC 3597 generic form */
	assert_rdata("\\# 12 000669737375650063612278", DNS_T_CAA, 0, 6, 'i', 's', 's',
		     'u', 'e', 0, 'c', 'a', '"', 'x');
	assert_rdata("\\# 8 00066973732D7565", DNS_T_CAA, 0, 6, 'i', 's', 's', '-',
		     'u', 'e');
	assert_rdata("0 ISSUE \"x\"", DNS_T_CAA, 0, 5, 'I', 'S', 'S', 'U', 'E',
		     'x');
}

/* RFC 3597 s5: "\# len hex" for unknown types and for RDATA that does not
 * check. */
Test(text_rdata, unknown_types_generic)
{
	assert_rdata("\\# 3 010203", 65280, 1, 2, 3);
	assert_rdata_empty("\\# 0", 65280);
	assert_rdata("\\# 4 00FFABCD", 65535, 0x00, 0xff, 0xab, 0xcd);
	assert_rdata("\\# 1 00", 99, 0);

	/* A outside class IN */
	MB(m);
	struct tbuf b;
	cr_assert_str_eq(rdata1_class(&b, &m, DNS_T_A, DNS_C_CH,
				      BYTES(1, 2, 3), 3),
			 "\\# 3 010203");
	cr_assert_str_eq(rdata1_class(&b, &m, DNS_T_A, DNS_C_CH,
				      BYTES(192, 0, 2, 1), 4),
			 "\\# 4 C0000201");
}

Test(text_rdata, known_type_that_does_not_check_is_generic)
{
	/* an index a caller built by hand: an A of 3 octets */
	MB(m);
	answer1_class(&m, DNS_T_A, DNS_C_IN, BYTES(192, 0, 2, 1), 4);
	const uint8_t *pkt = mb_pkt(&m);
	struct dns_rr r = {.owner = 29, .type = DNS_T_A, .rclass = DNS_C_IN,
			   .rdlen = 3, .rdata = 41};
	struct tbuf b;
	tb_init(&b, TEXT_CAP);
	dns_text_rdata(&b.t, pkt, m.n, &r);
	cr_assert_str_eq(b.buf, "\\# 3 C00002");
	/* text before it is kept */
	tb_init(&b, TEXT_CAP);
	dns_text_puts(&b.t, "x ");
	r.type = DNS_T_MX;
	r.rdlen = 1;
	dns_text_rdata(&b.t, pkt, m.n, &r);
	cr_assert_str_eq(b.buf, "x \\# 1 C0");
	tb_check(&b);
}

static void rrsig_msg(struct mb *m, const uint8_t *sig, size_t n)
{
	m->n = 0;
	mb_response(m, "example.com", DNS_T_CAA, 1, 0, 0);
	mb_ptr(m, 12);
	size_t rd = mb_rr_begin(m, DNS_T_RRSIG, DNS_C_IN, 300);
	MB_BYTES(m, U16(257), 13, 2, U32(300), U32(1798761598u),
		 U32(1796083200u), U16(12345), EXAMPLE_COM);
	mb_raw(m, sig, n);
	mb_rdata_end(m, rd);
}

Test(text_rdata, rrsig)
{
	uint8_t sig[64];
	for (int i = 0; i < 64; i++)
		sig[i] = (uint8_t)i;
	MB(m);
	rrsig_msg(&m, sig, sizeof sig);
	struct tbuf b;
	cr_assert_str_eq(rdata_text(&b, &m, 0),
			 "CAA 13 2 300 20261231235958 20261201000000 12345 "
			 "example.com. "
			 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUm"
			 "JygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==");
	/* the extremes of the 32-bit times */
	MB(m2);
	mb_response(&m2, "example.com", DNS_T_A, 1, 0, 0);
	mb_ptr(&m2, 12);
	size_t rd = mb_rr_begin(&m2, DNS_T_RRSIG, DNS_C_IN, 300);
	MB_BYTES(&m2, U16(65280), 8, 0, U32(0), U32(4294967295u), U32(0),
		 U16(0), 0, 'f', 'o', 'o');
	mb_rdata_end(&m2, rd);
	cr_assert_str_eq(rdata_text(&b, &m2, 0),
			 "TYPE65280 8 0 0 21060207062815 19700101000000 0 . "
			 "Zm9v");
}

/* The dates around leap days, where a hand-written calendar goes wrong
 * first: 2000 is a leap year (divisible by 400), 2100 is not (by 100). */
Test(text_rdata, rrsig_times_across_leap_days)
{
	static const struct {
		uint32_t expiration, inception;
		const char *text;
	} cases[] = {
		{951868799u, 1709208000u, "20000229235959 20240229120000"},
		{4107542399u, 4107542400u, "21000228235959 21000301000000"},
		{94694399u, 31536000u, "19721231235959 19710101000000"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		MB(m);
		mb_response(&m, "example.com", DNS_T_A, 1, 0, 0);
		mb_ptr(&m, 12);
		size_t rd = mb_rr_begin(&m, DNS_T_RRSIG, DNS_C_IN, 300);
		MB_BYTES(&m, U16(1), 8, 2, U32(300), U32(cases[i].expiration),
			 U32(cases[i].inception), U16(7), 0, 'f', 'o', 'o');
		mb_rdata_end(&m, rd);
		char want[96];
		snprintf(want, sizeof want, "A 8 2 300 %s 7 . Zm9v", cases[i].text);
		struct tbuf b;
		cr_assert_str_eq(rdata_text(&b, &m, 0), want, "case %zu", i);
	}
}

Test(text_rdata, ds_hex_upper_case)
{
	uint8_t d[32];
	for (int i = 0; i < 32; i++)
		d[i] = (uint8_t)(0xa0 + i);
	MB(m);
	mb_response(&m, "example.com", DNS_T_DS, 1, 0, 0);
	mb_ptr(&m, 12);
	size_t rd = mb_rr_begin(&m, DNS_T_DS, DNS_C_IN, 3600);
	MB_BYTES(&m, U16(60485), 13, 2);
	mb_raw(&m, d, sizeof d);
	mb_rdata_end(&m, rd);
	struct tbuf b;
	cr_assert_str_eq(rdata_text(&b, &m, 0),
			 "60485 13 2 A0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3B4"
			 "B5B6B7B8B9BABBBCBDBEBF");
	assert_rdata("1 8 1 0F", DNS_T_DS, U16(1), 8, 1, 0x0f);
}

static const char *dnskey_text(struct tbuf *b, struct mb *m, const char *key)
{
	size_t n = strlen(key);
	m->n = 0;
	mb_response(m, "example.com", DNS_T_DNSKEY, 1, 0, 0);
	mb_ptr(m, 12);
	size_t rd = mb_rr_begin(m, DNS_T_DNSKEY, DNS_C_IN, 3600);
	MB_BYTES(m, U16(257), 3, 13);
	mb_raw(m, key, n);
	mb_rdata_end(m, rd);
	return rdata_text(b, m, 0);
}

/* RFC 4648 s10 test vectors. */
Test(text_rdata, dnskey_base64)
{
	MB(m);
	struct tbuf b;
	cr_assert_str_eq(dnskey_text(&b, &m, ""), "257 3 13 ");
	cr_assert_str_eq(dnskey_text(&b, &m, "f"), "257 3 13 Zg==");
	cr_assert_str_eq(dnskey_text(&b, &m, "fo"), "257 3 13 Zm8=");
	cr_assert_str_eq(dnskey_text(&b, &m, "foo"), "257 3 13 Zm9v");
	cr_assert_str_eq(dnskey_text(&b, &m, "foob"), "257 3 13 Zm9vYg==");
	cr_assert_str_eq(dnskey_text(&b, &m, "fooba"), "257 3 13 Zm9vYmE=");
	cr_assert_str_eq(dnskey_text(&b, &m, "foobar"), "257 3 13 Zm9vYmFy");
	uint8_t key[32];
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)(i * 7);
	m.n = 0;
	mb_response(&m, "example.com", DNS_T_DNSKEY, 1, 0, 0);
	mb_ptr(&m, 12);
	size_t rd = mb_rr_begin(&m, DNS_T_DNSKEY, DNS_C_IN, 3600);
	MB_BYTES(&m, U16(256), 3, 8);
	mb_raw(&m, key, sizeof key);
	mb_rdata_end(&m, rd);
	cr_assert_str_eq(rdata_text(&b, &m, 0),
			 "256 3 8 AAcOFRwjKjE4P0ZNVFtiaXB3foWMk5qhqK+2vcTL0tk=");
}

Test(text_rdata, nsec_type_list)
{
	static const uint8_t bitmap[37] = {
		[0] = 0, [1] = 32, [2] = 0x60, [7] = 0x43, [33] = 0x21,
		[34] = 1, [35] = 1, [36] = 0x40,
	};
	MB(m);
	mb_response(&m, "example.com", DNS_T_NSEC, 1, 0, 0);
	mb_ptr(&m, 12);
	size_t rd = mb_rr_begin(&m, DNS_T_NSEC, DNS_C_IN, 300);
	MB_BYTES(&m, 1, 'b', 0xc0, 0x0c);
	mb_raw(&m, bitmap, sizeof bitmap);
	mb_rdata_end(&m, rd);
	struct tbuf b;
	cr_assert_str_eq(rdata_text(&b, &m, 0),
			 "b.example.com. A NS OPT RRSIG NSEC TSIG ANY CAA");
	/* unknown types by number, window 255 */
	static const uint8_t bm2[44] = {
		[0] = 1, [1] = 0, [2] = 0xc0, [3] = 0x0c, /* next: \000.example.com */
		[4] = 0, [5] = 1, [6] = 0x80,             /* TYPE0 */
		[7] = 1, [8] = 1, [9] = 0x20,             /* TYPE258 */
		[10] = 255, [11] = 32, [43] = 0x01,       /* TYPE65535 */
	};
	MB(m2);
	cr_assert_str_eq(rdata1_class(&b, &m2, DNS_T_NSEC, DNS_C_IN, bm2,
				      sizeof bm2),
			 "\\000.example.com. TYPE0 TYPE258 TYPE65535");
	/* no types at all */
	assert_rdata("example.com.", DNS_T_NSEC, 0xc0, 0x0c);
}

static const char *nsec3_text(struct tbuf *b, struct mb *m, const uint8_t *salt,
			      size_t salt_len, const char *hash)
{
	size_t n = strlen(hash);
	m->n = 0;
	mb_response(m, "example.com", DNS_T_CAA, 0, 1, 0);
	mb_ptr(m, 12);
	size_t rd = mb_rr_begin(m, DNS_T_NSEC3, DNS_C_IN, 300);
	MB_BYTES(m, 1, 1, U16(10));
	mb_u8(m, (unsigned)salt_len);
	mb_raw(m, salt, salt_len);
	mb_u8(m, (unsigned)n);
	mb_raw(m, hash, n);
	MB_BYTES(m, 0, 6, 0x40, 0, 0, 0, 0, 0x02); /* A RRSIG */
	mb_rdata_end(m, rd);
	return rdata_text(b, m, 0);
}

/* RFC 5155 s3.3: salt in hex or "-", the next hashed owner in base32hex
 * without padding (upper case, as dig and kdig print it); RFC 4648 s10
 * vectors for base32hex. */
Test(text_rdata, nsec3)
{
	MB(m);
	struct tbuf b;
	static const uint8_t salt[] = {0xaa, 0xbb, 0xcc, 0xdd};
	cr_assert_str_eq(nsec3_text(&b, &m, salt, 4, "f"),
			 "1 1 10 AABBCCDD CO A RRSIG");
	cr_assert_str_eq(nsec3_text(&b, &m, NULL, 0, "fo"),
			 "1 1 10 - CPNG A RRSIG");
	cr_assert_str_eq(nsec3_text(&b, &m, NULL, 0, "foo"),
			 "1 1 10 - CPNMU A RRSIG");
	cr_assert_str_eq(nsec3_text(&b, &m, NULL, 0, "foob"),
			 "1 1 10 - CPNMUOG A RRSIG");
	cr_assert_str_eq(nsec3_text(&b, &m, NULL, 0, "fooba"),
			 "1 1 10 - CPNMUOJ1 A RRSIG");
	cr_assert_str_eq(nsec3_text(&b, &m, NULL, 0, "foobar"),
			 "1 1 10 - CPNMUOJ1E8 A RRSIG");
	char hash[21];
	for (int i = 0; i < 20; i++)
		hash[i] = (char)(0xf0 ^ i);
	hash[20] = '\0';
	cr_assert_str_eq(nsec3_text(&b, &m, salt, 1, hash),
			 "1 1 10 AA U3OV5SVKUNRFFU7PVBTVPVFUVVGE3ON3 A RRSIG");
}

/* RFC 5155 s4.3: algorithm, flags, iterations, salt in hex or "-". */
Test(text_rdata, nsec3param)
{
	assert_rdata("1 0 0 -", DNS_T_NSEC3PARAM, 1, 0, U16(0), 0);
	assert_rdata("1 1 65535 AABBCCDD", DNS_T_NSEC3PARAM, 1, 1, U16(65535), 4,
		     0xaa, 0xbb, 0xcc, 0xdd);
	/* salt length past or short of the RDATA: generic form */
	assert_rdata("\\# 6 01000000020A", DNS_T_NSEC3PARAM, 1, 0, U16(0), 2,
		     0x0a);
	assert_rdata("\\# 6 0100000000FF", DNS_T_NSEC3PARAM, 1, 0, U16(0), 0,
		     0xff);
	assert_rdata("\\# 4 01000000", DNS_T_NSEC3PARAM, 1, 0, U16(0));
	assert_rdata_empty("\\# 0", DNS_T_NSEC3PARAM);
}

/* ===================================================================== */
/* whole records                                                         */
/* ===================================================================== */

Test(text_rr, tab_separated_like_dig)
{
	MB(m);
	mb_response(&m, "example.com", DNS_T_A, 2, 0, 1);
	mb_ptr(&m, 12);
	mb_rr(&m, DNS_T_A, DNS_C_IN, 300, 4);
	MB_BYTES(&m, 192, 0, 2, 1);
	MB_BYTES(&m, 1, '*', 0xc0, 0x0c);
	mb_rr(&m, 65280, 4, 4294967295u, 2);
	MB_BYTES(&m, 0xbe, 0xef);
	mb_u8(&m, 0);
	mb_rr(&m, DNS_T_OPT, 1232, 0, 0);
	struct dns_msg msg;
	struct dns_rr rr[4];
	assert_err(mb_parse(&m, &msg, rr, 4), DNS_OK);
	struct tbuf b;
	tb_init(&b, TEXT_CAP);
	dns_text_rr(&b.t, &msg, &rr[0]);
	cr_assert_str_eq(b.buf, "example.com.\t300\tIN\tA\t192.0.2.1");
	tb_init(&b, TEXT_CAP);
	dns_text_rr(&b.t, &msg, &rr[1]);
	cr_assert_str_eq(b.buf,
			 "*.example.com.\t4294967295\tCLASS4\tTYPE65280\t\\# 2 BEEF");
	tb_check(&b);
}

/* ===================================================================== */
/* overflow: every cut is a clean prefix, never past cap                 */
/* ===================================================================== */

typedef void (*printer)(struct dns_text *t, const void *arg);

static void check_every_cap(printer p, const void *arg)
{
	struct tbuf full;
	tb_init(&full, TEXT_CAP);
	p(&full.t, arg);
	cr_assert_not(full.t.overflow);
	size_t n = full.t.len;
	cr_assert_gt(n, 0);
	for (size_t cap = 1; cap <= n; cap++) {
		struct tbuf b;
		tb_init(&b, cap);
		p(&b.t, arg);
		cr_assert(b.t.overflow, "cap %zu of %zu: no overflow", cap, n);
		tb_check(&b);
		cr_assert(strncmp(b.buf, full.buf, b.t.len) == 0,
			  "cap %zu: \"%s\" is not a prefix of \"%s\"", cap,
			  b.buf, full.buf);
	}
	struct tbuf b;
	tb_init(&b, n + 1);
	p(&b.t, arg);
	cr_assert_not(b.t.overflow);
	cr_assert_str_eq(b.buf, full.buf);
	tb_check(&b);
}

static void print_name(struct dns_text *t, const void *arg)
{
	dns_text_name(t, arg);
}

static void print_quoted(struct dns_text *t, const void *arg)
{
	dns_text_quoted(t, arg, strlen(arg));
}

struct rr_arg {
	const struct dns_msg *msg;
	const struct dns_rr *rr;
};

static void print_rr(struct dns_text *t, const void *arg)
{
	const struct rr_arg *a = arg;
	dns_text_rr(t, a->msg, a->rr);
}

Test(text_overflow, names_and_strings)
{
	check_every_cap(print_name, BYTES(5, 'a', '.', ' ', '\\', 0xff, EXAMPLE_COM));
	check_every_cap(print_name, BYTES(0));
	check_every_cap(print_quoted, "a\"b\\c\x01 d");
}

Test(text_overflow, every_record_type)
{
	uint8_t sig[20];
	for (int i = 0; i < 20; i++)
		sig[i] = (uint8_t)(i * 13);
	MB(m);
	mb_response(&m, "example.com", DNS_T_ANY, 10, 0, 0);
	mb_ptr(&m, 12);
	mb_rr(&m, DNS_T_A, DNS_C_IN, 300, 4);
	MB_BYTES(&m, 192, 0, 2, 1);
	mb_ptr(&m, 12);
	mb_rr(&m, DNS_T_AAAA, DNS_C_IN, 300, 16);
	MB_BYTES(&m, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
	mb_ptr(&m, 12);
	mb_rr(&m, DNS_T_MX, DNS_C_IN, 300, 4);
	MB_BYTES(&m, 0, 10, 0xc0, 0x0c);
	mb_ptr(&m, 12);
	mb_rr(&m, DNS_T_TXT, DNS_C_IN, 300, 8);
	MB_BYTES(&m, 3, 'a', '"', 'c', 0, 2, 0x01, 'z');
	mb_ptr(&m, 12);
	mb_rr(&m, DNS_T_CAA, DNS_C_IN, 300, 10);
	MB_BYTES(&m, 0, 5, 'i', 's', 's', 'u', 'e', 'c', '.', 'a');
	mb_ptr(&m, 12);
	size_t rd = mb_rr_begin(&m, DNS_T_RRSIG, DNS_C_IN, 300);
	MB_BYTES(&m, U16(257), 13, 2, U32(300), U32(1798761598u),
		 U32(1796083200u), U16(12345), EXAMPLE_COM);
	mb_raw(&m, sig, sizeof sig);
	mb_rdata_end(&m, rd);
	mb_ptr(&m, 12);
	mb_rr(&m, DNS_T_NSEC3, DNS_C_IN, 300, 13);
	MB_BYTES(&m, 1, 0, U16(0), 1, 0xab, 3, 'f', 'o', 'o', 0, 1, 0x40);
	mb_ptr(&m, 12);
	mb_rr(&m, 65280, DNS_C_IN, 300, 3);
	MB_BYTES(&m, 1, 2, 3);
	mb_ptr(&m, 12);
	mb_rr(&m, DNS_T_SOA, DNS_C_IN, 300, 24);
	MB_BYTES(&m, 0xc0, 0x0c, 0xc0, 0x0c, U32(1), U32(2), U32(3), U32(4),
		 U32(5));
	mb_ptr(&m, 12);
	mb_rr(&m, DNS_T_NSEC3PARAM, DNS_C_IN, 0, 7);
	MB_BYTES(&m, 1, 0, U16(10), 2, 0xab, 0xcd);
	struct dns_msg msg;
	struct dns_rr rr[10];
	assert_err(mb_parse(&m, &msg, rr, 10), DNS_OK);
	for (size_t i = 0; i < 10; i++) {
		struct rr_arg a = {&msg, &rr[i]};
		check_every_cap(print_rr, &a);
	}
}
