/* The messages layer: dns_msg_parse on every shape of sections 3, 4, 7
 * and 8 of the parser bug catalogue, the typed RDATA views, EDNS and EDE,
 * NSEC bitmaps, the section split, and every captured fixture. */
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <dirent.h>
#include <stdio.h>
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

#define RRCAP 16

/* In every message built by answer1(): the question name at 12..24,
 * QTYPE/QCLASS at 25..28, the answer's owner (c0 0c) at 29, its TYPE at
 * 31, RDLENGTH at 39 and RDATA at 41. */
#define Q_END 29
#define AN_TYPE 31
#define AN_RDLEN 39
#define AN_RDATA 41

static void answer1_class(struct mb *m, unsigned type, unsigned rclass,
			  const uint8_t *rd, size_t n)
{
	mb_response(m, "example.com", type, 1, 0, 0);
	mb_ptr(m, 12);
	mb_rr(m, type, rclass, 300, (unsigned)n);
	mb_raw(m, rd, n);
}

static void answer1(struct mb *m, unsigned type, const uint8_t *rd, size_t n)
{
	answer1_class(m, type, DNS_C_IN, rd, n);
}

#define ANSWER1(m, type, ...) \
	answer1((m), (type), BYTES(__VA_ARGS__), NBYTES(__VA_ARGS__))

/* Parses and asserts the error and, for errors, err_off. */
#define assert_parse(m, msg, rr, want, want_off)                            \
	do {                                                                \
		enum dns_err e_ = mb_parse((m), (msg), (rr), RRCAP);        \
		assert_err(e_, (want));                                     \
		if ((want) != DNS_OK)                                       \
			cr_assert_eq((msg)->err_off, (size_t)(want_off),    \
				     "err_off %zu, want %zu", (msg)->err_off, \
				     (size_t)(want_off));                   \
	} while (0)

/* ===================================================================== */
/* header and question                                                   */
/* ===================================================================== */

Test(msg_header, truncated_header)
{
	static const size_t lens[] = {0, 1, 5, 11};
	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		MB(m);
		mb_header(&m, 0x1234, 0x8180, 1, 0, 0, 0);
		m.n = lens[i];
		struct dns_msg msg;
		struct dns_rr rr[RRCAP];
		assert_parse(&m, &msg, rr, DNS_E_TRUNC_HEADER, lens[i]);
		cr_assert_eq(msg.rr_count, 0);
	}
}

Test(msg_header, header_alone_is_a_cut_question)
{
	MB(m);
	mb_header(&m, 0x1234, 0x8180, 1, 0, 0, 0);
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	assert_parse(&m, &msg, rr, DNS_E_TRUNC_QUESTION, 12);
}

Test(msg_header, message_over_65535_octets)
{
	MB(m);
	mb_response(&m, "example.com", DNS_T_A, 0, 0, 0);
	mb_fill(&m, 0, 65536 - m.n);
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	assert_parse(&m, &msg, rr, DNS_E_ARG, 65535);
}

/* RFC 9619; systemd-resolved CVE-2017-9217. */
Test(msg_header, qdcount_0_and_2)
{
	MB(m);
	mb_header(&m, 0x1234, 0x8180, 0, 1, 0, 0);
	MB_BYTES(&m, EXAMPLE_COM);
	mb_rr(&m, DNS_T_A, DNS_C_IN, 300, 4);
	MB_BYTES(&m, 192, 0, 2, 1);
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	assert_parse(&m, &msg, rr, DNS_E_QDCOUNT, 4);

	MB(m2);
	mb_header(&m2, 0x1234, 0x8180, 2, 0, 0, 0);
	mb_name(&m2, "example.com");
	mb_u16(&m2, DNS_T_A);
	mb_u16(&m2, DNS_C_IN);
	mb_name(&m2, "example.net");
	mb_u16(&m2, DNS_T_A);
	mb_u16(&m2, DNS_C_IN);
	assert_parse(&m2, &msg, rr, DNS_E_QDCOUNT, 4);

	MB(m3);
	mb_header(&m3, 0x1234, 0x8180, 0xffff, 0, 0, 0);
	assert_parse(&m3, &msg, rr, DNS_E_QDCOUNT, 4);
}

Test(msg_header, fields)
{
	MB(m);
	/* QR, OPCODE 0, AA, TC, RD, RA, AD, CD, RCODE 3 */
	mb_header(&m, 0xbeef, 0x8000 | 0x0400 | 0x0200 | 0x0100 | 0x0080 |
				      0x0020 | 0x0010 | 3,
		  1, 0, 0, 0);
	mb_name(&m, "Example.COM");
	mb_u16(&m, DNS_T_CAA);
	mb_u16(&m, DNS_C_IN);
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	cr_assert_eq(msg.id, 0xbeef);
	cr_assert_eq(msg.flags, 0x87b3);
	cr_assert_eq(DNS_OPCODE(msg.flags), 0);
	cr_assert_eq(DNS_RCODE4(msg.flags), 3);
	cr_assert_eq(msg.rcode, DNS_RCODE_NXDOMAIN);
	cr_assert_eq(msg.counts[0], 1);
	cr_assert_eq(msg.counts[1], 0);
	cr_assert_eq(msg.counts[2], 0);
	cr_assert_eq(msg.counts[3], 0);
	cr_assert_eq(msg.qname, 12);
	cr_assert_eq(msg.qname_len, 13);
	cr_assert_eq(msg.qtype, DNS_T_CAA);
	cr_assert_eq(msg.qclass, DNS_C_IN);
	cr_assert_eq(msg.rr_count, 0);
	cr_assert_not(msg.edns.present);
	cr_assert_eq(msg.len, m.n);
	cr_assert_eq(msg.pkt, m.heap);
	cr_assert(dns_name_equal_at(msg.pkt, msg.qname, BYTES(EXAMPLE_COM)));
}

/* musl 12590c8b: the question loop read before its range check. */
Test(msg_question, cut_question)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	/* name cut inside a label */
	MB(m);
	mb_header(&m, 1, 0x8180, 1, 0, 0, 0);
	MB_BYTES(&m, 7, 'e', 'x', 'a', 'm');
	assert_parse(&m, &msg, rr, DNS_E_TRUNC_QUESTION, 12);
	/* name without its root */
	MB(m1);
	mb_header(&m1, 1, 0x8180, 1, 0, 0, 0);
	MB_BYTES(&m1, 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e');
	assert_parse(&m1, &msg, rr, DNS_E_TRUNC_QUESTION, 12);
	/* QTYPE/QCLASS cut: 0..3 of 4 octets */
	for (size_t k = 0; k < 4; k++) {
		MB(m2);
		mb_header(&m2, 1, 0x8180, 1, 0, 0, 0);
		mb_name(&m2, "example.com");
		mb_fill(&m2, 0x01, k);
		assert_parse(&m2, &msg, rr, DNS_E_TRUNC_QUESTION, 25);
	}
	/* a cut pointer is a cut question */
	MB(m3);
	mb_header(&m3, 1, 0x8180, 1, 0, 0, 0);
	MB_BYTES(&m3, 1, 'a', 0xc0);
	assert_parse(&m3, &msg, rr, DNS_E_TRUNC_QUESTION, 12);
}

/* The question name is the first name: no pointer in it can be valid. */
Test(msg_question, bad_question_names_keep_their_code)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	mb_header(&m, 1, 0x8180, 1, 0, 0, 0);
	MB_BYTES(&m, 0xc0, 0x0c, U16(1), U16(1));
	assert_parse(&m, &msg, rr, DNS_E_PTR_FORWARD, 12);

	MB(m2);
	mb_header(&m2, 1, 0x8180, 1, 0, 0, 0);
	MB_BYTES(&m2, 0xc0, 0x04, U16(1), U16(1));
	assert_parse(&m2, &msg, rr, DNS_E_PTR_HEADER, 12);

	MB(m3);
	mb_header(&m3, 1, 0x8180, 1, 0, 0, 0);
	MB_BYTES(&m3, 0x41, 'a', 0, U16(1), U16(1));
	assert_parse(&m3, &msg, rr, DNS_E_LABEL_TYPE, 12);
}

Test(msg_question, name_of_255_and_256)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	mb_header(&m, 1, 0x8180, 1, 0, 0, 0);
	for (int i = 0; i < 3; i++) {
		mb_u8(&m, 63);
		mb_fill(&m, 'a', 63);
	}
	mb_u8(&m, 61);
	mb_fill(&m, 'b', 61);
	mb_u8(&m, 0);
	mb_u16(&m, DNS_T_CAA);
	mb_u16(&m, DNS_C_IN);
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	cr_assert_eq(msg.qname_len, 255);
	cr_assert_eq(msg.qtype, DNS_T_CAA);

	m.n = 12 + 192;
	mb_u8(&m, 62);
	mb_fill(&m, 'b', 62);
	mb_u8(&m, 0);
	mb_u16(&m, DNS_T_CAA);
	mb_u16(&m, DNS_C_IN);
	assert_parse(&m, &msg, rr, DNS_E_NAME_TOO_LONG, 12);
}

/* ===================================================================== */
/* counts, RDLENGTH, trailing octets, capacity                           */
/* ===================================================================== */

static void a_rr(struct mb *m, const uint8_t addr[4])
{
	mb_ptr(m, 12);
	mb_rr(m, DNS_T_A, DNS_C_IN, 300, 4);
	mb_raw(m, addr, 4);
}

/* picoTCP CVE-2020-24340; RFC 9267 s6. */
Test(msg_counts, counts_beyond_data)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	/* ANCOUNT 5 with 2 RRs */
	MB(m);
	mb_response(&m, "example.com", DNS_T_A, 5, 0, 0);
	a_rr(&m, BYTES(192, 0, 2, 1));
	a_rr(&m, BYTES(192, 0, 2, 2));
	assert_parse(&m, &msg, rr, DNS_E_COUNT, 6);
	/* ARCOUNT 3 with none */
	MB(m2);
	mb_response(&m2, "example.com", DNS_T_A, 0, 0, 3);
	assert_parse(&m2, &msg, rr, DNS_E_COUNT, 6);
	/* every count 65535 but QDCOUNT */
	MB(m3);
	mb_response(&m3, "example.com", DNS_T_A, 0xffff, 0xffff, 0xffff);
	a_rr(&m3, BYTES(192, 0, 2, 1));
	assert_parse(&m3, &msg, rr, DNS_E_COUNT, 6);
}

Test(msg_counts, counts_beyond_data_after_the_precheck)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	/* 2 x 11 octets fit in what is left, but only one RR is there */
	MB(m);
	mb_response(&m, "example.com", DNS_T_TXT, 2, 0, 0);
	mb_ptr(&m, 12);
	mb_rr(&m, DNS_T_TXT, DNS_C_IN, 300, 21);
	mb_u8(&m, 20);
	mb_fill(&m, 'x', 20);
	cr_assert_eq(m.n, 62);
	assert_parse(&m, &msg, rr, DNS_E_COUNT, 62);
	cr_assert_eq(msg.rr_count, 1);
}

Test(msg_counts, record_cut_short)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	/* fixed fields cut: owner then 3 of 10 octets */
	MB(m);
	mb_response(&m, "example.com", DNS_T_TXT, 2, 0, 0);
	mb_ptr(&m, 12);
	mb_rr(&m, DNS_T_TXT, DNS_C_IN, 300, 21);
	mb_u8(&m, 20);
	mb_fill(&m, 'x', 20);
	size_t second = m.n;
	mb_ptr(&m, 12);
	MB_BYTES(&m, 0x00, 0x01, 0x00);
	assert_parse(&m, &msg, rr, DNS_E_RR_TRUNC, second + 2);
	/* owner name cut */
	m.n = second;
	MB_BYTES(&m, 3, 'a', 'b');
	assert_parse(&m, &msg, rr, DNS_E_RR_TRUNC, second);
	/* owner pointer cut */
	m.n = second;
	MB_BYTES(&m, 1, 'a', 1, 'b', 1, 'c', 1, 'd', 1, 'e', 1, 'f', 0xc0);
	assert_parse(&m, &msg, rr, DNS_E_RR_TRUNC, second);
}

Test(msg_counts, bad_owner_names_keep_their_code)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	mb_response(&m, "example.com", DNS_T_A, 1, 0, 0);
	MB_BYTES(&m, 0xc0, 0x1d); /* points at itself (29) */
	mb_rr(&m, DNS_T_A, DNS_C_IN, 300, 4);
	MB_BYTES(&m, 192, 0, 2, 1);
	assert_parse(&m, &msg, rr, DNS_E_PTR_FORWARD, 29);
	m.b[30] = 0x05;
	assert_parse(&m, &msg, rr, DNS_E_PTR_HEADER, 29);
	m.b[29] = 0xff;
	m.b[30] = 0xff;
	assert_parse(&m, &msg, rr, DNS_E_PTR_PAST_END, 29);
	m.b[29] = 0x80;
	assert_parse(&m, &msg, rr, DNS_E_LABEL_TYPE, 29);
}

/* Nucleus CVE-2020-27737, musl 12590c8b, HAProxy's int16_t data_len. */
Test(msg_counts, rdlength_past_the_end)
{
	static const unsigned rdlens[] = {40, 5, 0x8000, 0xffff};
	for (size_t i = 0; i < 4; i++) {
		MB(m);
		mb_response(&m, "example.com", DNS_T_A, 1, 0, 0);
		mb_ptr(&m, 12);
		mb_rr(&m, DNS_T_A, DNS_C_IN, 300, rdlens[i]);
		MB_BYTES(&m, 192, 0, 2, 1);
		struct dns_msg msg;
		struct dns_rr rr[RRCAP];
		assert_parse(&m, &msg, rr, DNS_E_RDLEN, AN_RDLEN);
	}
}

Test(msg_counts, trailing_octets)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	ANSWER1(&m, DNS_T_A, 192, 0, 2, 1);
	cr_assert_eq(m.n, 45);
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	mb_fill(&m, 0xaa, 7);
	assert_parse(&m, &msg, rr, DNS_E_TRAILING, 45);
	/* a whole uncounted RR */
	m.n = 45;
	a_rr(&m, BYTES(192, 0, 2, 2));
	assert_parse(&m, &msg, rr, DNS_E_TRAILING, 45);
	/* one octet after the question */
	MB(m2);
	mb_response(&m2, "example.com", DNS_T_A, 0, 0, 0);
	mb_u8(&m2, 0);
	assert_parse(&m2, &msg, rr, DNS_E_TRAILING, Q_END);
}

/* musl CVE-2017-15650: bound every array by its own size. */
Test(msg_counts, too_many_rrs_for_the_index)
{
	MB(m);
	mb_response(&m, "example.com", DNS_T_A, 3, 0, 0);
	a_rr(&m, BYTES(192, 0, 2, 1));
	a_rr(&m, BYTES(192, 0, 2, 2));
	a_rr(&m, BYTES(192, 0, 2, 3));
	const uint8_t *pkt = mb_pkt(&m);
	struct dns_msg msg;
	struct dns_rr rr[3];
	assert_err(dns_msg_parse(&msg, pkt, m.n, rr, 2), DNS_E_TOO_MANY_RRS);
	cr_assert_eq(msg.err_off, 6);
	assert_err(dns_msg_parse(&msg, pkt, m.n, rr, 0), DNS_E_TOO_MANY_RRS);
	assert_err(dns_msg_parse(&msg, pkt, m.n, NULL, 0), DNS_E_TOO_MANY_RRS);
	assert_err(dns_msg_parse(&msg, pkt, m.n, rr, 3), DNS_OK);
	cr_assert_eq(msg.rr_count, 3);
	cr_assert_eq(rr[2].rdata, 29 + 16 * 2 + 12);
}

Test(msg_counts, no_records_needs_no_index)
{
	MB(m);
	mb_response(&m, "example.com", DNS_T_A, 0, 0, 0);
	const uint8_t *pkt = mb_pkt(&m);
	struct dns_msg msg;
	assert_err(dns_msg_parse(&msg, pkt, m.n, NULL, 0), DNS_OK);
	cr_assert_eq(msg.rr_count, 0);
	size_t first = 99;
	cr_assert_eq(dns_msg_section(&msg, DNS_SEC_ANSWER, &first), 0);
	cr_assert_eq(first, 0);
}

/* ===================================================================== */
/* fixed-size RDATA                                                      */
/* ===================================================================== */

static void rdata_len_case(unsigned type, unsigned rclass, size_t n,
			   enum dns_err want)
{
	uint8_t rd[64];
	memset(rd, 0x11, sizeof rd);
	MB(m);
	answer1_class(&m, type, rclass, rd, n);
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	enum dns_err e = mb_parse(&m, &msg, rr, RRCAP);
	cr_assert_eq(e, want, "type %u class %u rdlen %zu: got %s, want %s",
		     type, rclass, n, dns_errname(e), dns_errname(want));
	if (want)
		cr_assert_eq(msg.err_off, AN_RDATA);
}

/* musl 12590c8b; systemd-resolved CVE-2017-9217. */
Test(msg_rdata, a_and_aaaa_lengths)
{
	rdata_len_case(DNS_T_A, DNS_C_IN, 3, DNS_E_RDATA_LEN);
	rdata_len_case(DNS_T_A, DNS_C_IN, 5, DNS_E_RDATA_LEN);
	rdata_len_case(DNS_T_A, DNS_C_IN, 0, DNS_E_RDATA_LEN);
	rdata_len_case(DNS_T_A, DNS_C_IN, 4, DNS_OK);
	rdata_len_case(DNS_T_AAAA, DNS_C_IN, 15, DNS_E_RDATA_LEN);
	rdata_len_case(DNS_T_AAAA, DNS_C_IN, 17, DNS_E_RDATA_LEN);
	rdata_len_case(DNS_T_AAAA, DNS_C_IN, 0, DNS_E_RDATA_LEN);
	rdata_len_case(DNS_T_AAAA, DNS_C_IN, 4, DNS_E_RDATA_LEN);
	rdata_len_case(DNS_T_AAAA, DNS_C_IN, 16, DNS_OK);
	/* outside class IN, A and AAAA are opaque */
	rdata_len_case(DNS_T_A, DNS_C_CH, 3, DNS_OK);
	rdata_len_case(DNS_T_AAAA, DNS_C_CH, 5, DNS_OK);
	/* unknown types are opaque in any length */
	rdata_len_case(65280, DNS_C_IN, 0, DNS_OK);
	rdata_len_case(65280, DNS_C_IN, 3, DNS_OK);
}

Test(msg_rdata, a_and_aaaa_views)
{
	MB(m);
	ANSWER1(&m, DNS_T_A, 192, 0, 2, 1);
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	cr_assert_eq(msg.rr_count, 1);
	cr_assert_eq(rr[0].owner, 29);
	cr_assert_eq(rr[0].type, DNS_T_A);
	cr_assert_eq(rr[0].rclass, DNS_C_IN);
	cr_assert_eq(rr[0].ttl, 300);
	cr_assert_eq(rr[0].rdlen, 4);
	cr_assert_eq(rr[0].rdata, AN_RDATA);
	cr_assert_eq(rr[0].section, DNS_SEC_ANSWER);
	uint8_t a[4];
	assert_err(dns_rr_a(msg.pkt, msg.len, &rr[0], a), DNS_OK);
	assert_bytes(a, 4, BYTES(192, 0, 2, 1), 4);
	uint8_t a6[16];
	assert_err(dns_rr_aaaa(msg.pkt, msg.len, &rr[0], a6), DNS_E_ARG);

	MB(m2);
	ANSWER1(&m2, DNS_T_AAAA, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 1);
	assert_parse(&m2, &msg, rr, DNS_OK, 0);
	assert_err(dns_rr_aaaa(msg.pkt, msg.len, &rr[0], a6), DNS_OK);
	assert_bytes(a6, 16,
		     BYTES(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			   0, 0, 1),
		     16);
	assert_err(dns_rr_a(msg.pkt, msg.len, &rr[0], a), DNS_E_ARG);
	/* the ttl's high bit is kept as an unsigned value */
	MB(m3);
	mb_response(&m3, "example.com", DNS_T_A, 1, 0, 0);
	mb_ptr(&m3, 12);
	mb_rr(&m3, DNS_T_A, DNS_C_IN, 0x80000001u, 4);
	MB_BYTES(&m3, 1, 2, 3, 4);
	assert_parse(&m3, &msg, rr, DNS_OK, 0);
	cr_assert_eq(rr[0].ttl, 0x80000001u);
}

/* A view of an RR whose RDATA is wrong says so too, whatever the parser
 * did (a caller may build its own index). */
Test(msg_rdata, views_check_length_on_their_own)
{
	MB(m);
	ANSWER1(&m, DNS_T_A, 192, 0, 2, 1, 9);
	const uint8_t *pkt = mb_pkt(&m);
	struct dns_rr r = {.owner = 29, .type = DNS_T_A, .rclass = DNS_C_IN,
			   .rdlen = 5, .rdata = AN_RDATA};
	uint8_t a[4];
	assert_err(dns_rr_a(pkt, m.n, &r, a), DNS_E_RDATA_LEN);
	assert_err(dns_rdata_check(pkt, m.n, &r), DNS_E_RDATA_LEN);
	r.rdlen = 4;
	assert_err(dns_rdata_check(pkt, m.n, &r), DNS_OK);
	r.type = DNS_T_AAAA;
	uint8_t a6[16];
	assert_err(dns_rr_aaaa(pkt, m.n, &r, a6), DNS_E_RDATA_LEN);
}

Test(msg_rdata, mx)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	ANSWER1(&m, DNS_T_MX, 0x00, 0x0a, 4, 'm', 'a', 'i', 'l', 0xc0, 0x0c);
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	struct dns_mx mx;
	assert_err(dns_rr_mx(msg.pkt, msg.len, &rr[0], &mx), DNS_OK);
	cr_assert_eq(mx.preference, 10);
	cr_assert_eq(mx.exchange, AN_RDATA + 2);
	cr_assert(dns_name_equal_at(msg.pkt, mx.exchange,
				    BYTES(4, 'm', 'a', 'i', 'l', EXAMPLE_COM)));
	uint16_t name;
	assert_err(dns_rr_target(msg.pkt, msg.len, &rr[0], &name), DNS_E_ARG);

	MB(m1);
	ANSWER1(&m1, DNS_T_MX, 0x00);
	assert_parse(&m1, &msg, rr, DNS_E_RDATA_LEN, AN_RDATA);
	MB(m0);
	answer1(&m0, DNS_T_MX, NULL, 0);
	assert_parse(&m0, &msg, rr, DNS_E_RDATA_LEN, AN_RDATA);
	/* preference only: the exchange is missing, a name cut by the RDATA */
	MB(m2);
	ANSWER1(&m2, DNS_T_MX, 0x00, 0x0a);
	assert_parse(&m2, &msg, rr, DNS_E_RDATA_NAME, AN_RDATA);
	/* octets after the exchange */
	MB(m3);
	ANSWER1(&m3, DNS_T_MX, 0x00, 0x0a, 0, 0);
	assert_parse(&m3, &msg, rr, DNS_E_RDATA_LEN, AN_RDATA);
}

#define SOA_RDATA                                                            \
	0xc0, 0x0c, 10, 'h', 'o', 's', 't', 'm', 'a', 's', 't', 'e', 'r',   \
		0xc0, 0x0c, U32(2026112401u), U32(7200), U32(3600),          \
		U32(1209600), U32(300)

Test(msg_rdata, soa)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	ANSWER1(&m, DNS_T_SOA, SOA_RDATA);
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	cr_assert_eq(rr[0].rdlen, 35);
	struct dns_soa soa;
	assert_err(dns_rr_soa(msg.pkt, msg.len, &rr[0], &soa), DNS_OK);
	cr_assert_eq(soa.mname, AN_RDATA);
	cr_assert_eq(soa.rname, AN_RDATA + 2);
	cr_assert_eq(soa.serial, 2026112401u);
	cr_assert_eq(soa.refresh, 7200);
	cr_assert_eq(soa.retry, 3600);
	cr_assert_eq(soa.expire, 1209600);
	cr_assert_eq(soa.minimum, 300);

	/* c-ares 1b98172b: SOA missing 8 of its 20 octets */
	static const uint8_t full[] = {SOA_RDATA};
	for (size_t cut = 1; cut <= 20; cut++) {
		MB(m2);
		answer1(&m2, DNS_T_SOA, full, sizeof full - cut);
		assert_parse(&m2, &msg, rr, DNS_E_RDATA_LEN, AN_RDATA);
	}
	MB(m3);
	uint8_t longer[sizeof full + 1];
	memcpy(longer, full, sizeof full);
	longer[sizeof full] = 0;
	answer1(&m3, DNS_T_SOA, longer, sizeof longer);
	assert_parse(&m3, &msg, rr, DNS_E_RDATA_LEN, AN_RDATA);
	/* rname cut by the RDATA */
	MB(m4);
	answer1(&m4, DNS_T_SOA, full, 8);
	assert_parse(&m4, &msg, rr, DNS_E_RDATA_NAME, AN_RDATA);
}

Test(msg_rdata, cname_and_friends)
{
	static const unsigned types[] = {DNS_T_CNAME, DNS_T_NS, DNS_T_PTR,
					 DNS_T_DNAME};
	for (size_t i = 0; i < 4; i++) {
		struct dns_msg msg;
		struct dns_rr rr[RRCAP];
		MB(m);
		ANSWER1(&m, types[i], 3, 'w', 'w', 'w', 0xc0, 0x0c);
		assert_parse(&m, &msg, rr, DNS_OK, 0);
		uint16_t name = 0;
		assert_err(dns_rr_target(msg.pkt, msg.len, &rr[0], &name), DNS_OK);
		cr_assert_eq(name, AN_RDATA);
		/* OpenBSD asr "bad dlen": 2 octets after the root */
		MB(m2);
		ANSWER1(&m2, types[i], 1, 'a', 0, 0xde, 0xad);
		assert_parse(&m2, &msg, rr, DNS_E_RDATA_LEN, AN_RDATA);
		MB(m3);
		ANSWER1(&m3, types[i], 0xc0, 0x0c, 0xde, 0xad);
		assert_parse(&m3, &msg, rr, DNS_E_RDATA_LEN, AN_RDATA);
		/* empty RDATA */
		MB(m4);
		answer1(&m4, types[i], NULL, 0);
		assert_parse(&m4, &msg, rr, DNS_E_RDATA_NAME, AN_RDATA);
	}
}

/* Treck CVE-2020-11901, RFC 9267 s5: CNAME RDLENGTH 4 covers "\003abc";
 * the rest of the name (its root) is the next RR's owner. */
Test(msg_rdata, name_running_past_rdlength)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	mb_response(&m, "example.com", DNS_T_A, 2, 0, 0);
	mb_ptr(&m, 12);
	mb_rr(&m, DNS_T_CNAME, DNS_C_IN, 300, 4);
	MB_BYTES(&m, 3, 'a', 'b', 'c');
	MB_BYTES(&m, 0); /* next owner: the root */
	mb_rr(&m, DNS_T_A, DNS_C_IN, 300, 4);
	MB_BYTES(&m, 192, 0, 2, 1);
	assert_parse(&m, &msg, rr, DNS_E_RDATA_NAME, AN_RDATA);

	/* a pointer whose second octet is the next RR's first */
	MB(m2);
	mb_response(&m2, "example.com", DNS_T_A, 2, 0, 0);
	mb_ptr(&m2, 12);
	mb_rr(&m2, DNS_T_CNAME, DNS_C_IN, 300, 3);
	MB_BYTES(&m2, 1, 'a', 0xc0);
	MB_BYTES(&m2, 0x0c); /* c0 0c would be example.com; here it is an
				owner with label length 12 */
	mb_fill(&m2, 'x', 12);
	MB_BYTES(&m2, 0);
	mb_rr(&m2, DNS_T_A, DNS_C_IN, 300, 4);
	MB_BYTES(&m2, 192, 0, 2, 1);
	assert_parse(&m2, &msg, rr, DNS_E_RDATA_NAME, AN_RDATA);

	/* a pointer cut by the end of the message inside RDATA */
	MB(m3);
	ANSWER1(&m3, DNS_T_CNAME, 1, 'a', 0xc0);
	assert_parse(&m3, &msg, rr, DNS_E_RDATA_NAME, AN_RDATA);
	/* labels running off the message inside RDATA */
	MB(m4);
	ANSWER1(&m4, DNS_T_CNAME, 5, 'a', 'b');
	assert_parse(&m4, &msg, rr, DNS_E_RDATA_NAME, AN_RDATA);
}

Test(msg_rdata, bad_names_in_rdata_keep_their_code)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	ANSWER1(&m, DNS_T_CNAME, 1, 'a', 0xc0, AN_RDATA); /* own start */
	assert_parse(&m, &msg, rr, DNS_E_PTR_FORWARD, AN_RDATA);
	MB(m2);
	ANSWER1(&m2, DNS_T_CNAME, 0xc0, 0x02);
	assert_parse(&m2, &msg, rr, DNS_E_PTR_HEADER, AN_RDATA);
	MB(m3);
	ANSWER1(&m3, DNS_T_NS, 0x7f, 'a', 0);
	assert_parse(&m3, &msg, rr, DNS_E_LABEL_TYPE, AN_RDATA);
	MB(m4);
	ANSWER1(&m4, DNS_T_PTR, 0xc0, 0x40); /* 64: past the end (43 octets) */
	assert_parse(&m4, &msg, rr, DNS_E_PTR_PAST_END, AN_RDATA);
}

/* ===================================================================== */
/* TXT                                                                   */
/* ===================================================================== */

/* c-ares CVE-2017-1000381 family: a string length past the RDATA. */
Test(msg_txt, string_past_the_rdata)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	ANSWER1(&m, DNS_T_TXT, 20, 'a', 'b', 'c', 'd');
	assert_parse(&m, &msg, rr, DNS_E_TXT_LEN, AN_RDATA);

	/* the next RR supplies the rest */
	MB(m2);
	mb_response(&m2, "example.com", DNS_T_TXT, 2, 0, 0);
	mb_ptr(&m2, 12);
	mb_rr(&m2, DNS_T_TXT, DNS_C_IN, 300, 5);
	MB_BYTES(&m2, 20, 'a', 'b', 'c', 'd');
	mb_ptr(&m2, 12);
	mb_rr(&m2, DNS_T_TXT, DNS_C_IN, 300, 6);
	MB_BYTES(&m2, 5, 'e', 'f', 'g', 'h', 'i');
	assert_parse(&m2, &msg, rr, DNS_E_TXT_LEN, AN_RDATA);

	/* a second string one octet too long */
	MB(m3);
	ANSWER1(&m3, DNS_T_TXT, 1, 'a', 2, 'b');
	assert_parse(&m3, &msg, rr, DNS_E_TXT_LEN, AN_RDATA);
}

Test(msg_txt, empty_txt_is_accepted)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	answer1(&m, DNS_T_TXT, NULL, 0);
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	struct dns_strings it;
	assert_err(dns_rr_txt(msg.pkt, msg.len, &rr[0], &it), DNS_OK);
	const uint8_t *s;
	size_t n;
	cr_assert_not(dns_txt_next(&it, &s, &n));
}

Test(msg_txt, strings_in_order)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	ANSWER1(&m, DNS_T_TXT, 0, 3, 'a', 'b', 'c', 1, 0xff);
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	struct dns_strings it;
	assert_err(dns_rr_txt(msg.pkt, msg.len, &rr[0], &it), DNS_OK);
	const uint8_t *s;
	size_t n;
	cr_assert(dns_txt_next(&it, &s, &n));
	cr_assert_eq(n, 0);
	cr_assert_eq(s, msg.pkt + AN_RDATA + 1);
	cr_assert(dns_txt_next(&it, &s, &n));
	assert_bytes(s, n, "abc", 3);
	cr_assert(dns_txt_next(&it, &s, &n));
	assert_bytes(s, n, BYTES(0xff), 1);
	cr_assert_not(dns_txt_next(&it, &s, &n));
	cr_assert_not(dns_txt_next(&it, &s, &n));

	/* a 255-octet string exactly filling the RDATA */
	uint8_t big[256];
	big[0] = 255;
	memset(big + 1, 'z', 255);
	MB(m2);
	answer1(&m2, DNS_T_TXT, big, sizeof big);
	assert_parse(&m2, &msg, rr, DNS_OK, 0);
	assert_err(dns_rr_txt(msg.pkt, msg.len, &rr[0], &it), DNS_OK);
	cr_assert(dns_txt_next(&it, &s, &n));
	cr_assert_eq(n, 255);
	cr_assert_not(dns_txt_next(&it, &s, &n));
	uint16_t name;
	assert_err(dns_rr_target(msg.pkt, msg.len, &rr[0], &name), DNS_E_ARG);
}

/* ===================================================================== */
/* CAA (RFC 8659 s4.1)                                                   */
/* ===================================================================== */

Test(msg_caa, issue_letsencrypt)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	ANSWER1(&m, DNS_T_CAA, 0, 5, 'i', 's', 's', 'u', 'e', 'l', 'e', 't', 's',
		'e', 'n', 'c', 'r', 'y', 'p', 't', '.', 'o', 'r', 'g');
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	struct dns_caa_rr caa;
	assert_err(dns_rr_caa(msg.pkt, msg.len, &rr[0], &caa), DNS_OK);
	cr_assert_eq(caa.flags, 0);
	assert_bytes(caa.tag, caa.tag_len, "issue", 5);
	assert_bytes(caa.value, caa.value_len, "letsencrypt.org", 15);
	cr_assert_eq(caa.tag, msg.pkt + AN_RDATA + 2);
}

Test(msg_caa, short_rdata)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	answer1(&m, DNS_T_CAA, NULL, 0);
	assert_parse(&m, &msg, rr, DNS_E_CAA_SHORT, AN_RDATA);
	MB(m1);
	ANSWER1(&m1, DNS_T_CAA, 0x80);
	assert_parse(&m1, &msg, rr, DNS_E_CAA_SHORT, AN_RDATA);
}

Test(msg_caa, tag_length_zero)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	ANSWER1(&m, DNS_T_CAA, 0, 0, 'x');
	assert_parse(&m, &msg, rr, DNS_E_CAA_TAG_LEN0, AN_RDATA);
	MB(m2);
	ANSWER1(&m2, DNS_T_CAA, 0, 0);
	assert_parse(&m2, &msg, rr, DNS_E_CAA_TAG_LEN0, AN_RDATA);
}

Test(msg_caa, tag_past_the_rdata)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	ANSWER1(&m, DNS_T_CAA, 0, 6, 'i', 's', 's');
	assert_parse(&m, &msg, rr, DNS_E_CAA_TAG_PAST, AN_RDATA);
	MB(m1);
	ANSWER1(&m1, DNS_T_CAA, 0, 1);
	assert_parse(&m1, &msg, rr, DNS_E_CAA_TAG_PAST, AN_RDATA);
	/* the next RR would supply the rest of the tag */
	MB(m2);
	mb_response(&m2, "example.com", DNS_T_CAA, 2, 0, 0);
	mb_ptr(&m2, 12);
	mb_rr(&m2, DNS_T_CAA, DNS_C_IN, 300, 5);
	MB_BYTES(&m2, 0, 5, 'i', 's', 's');
	mb_ptr(&m2, 12);
	mb_rr(&m2, DNS_T_CAA, DNS_C_IN, 300, 7);
	MB_BYTES(&m2, 0, 5, 'i', 's', 's', 'u', 'e');
	assert_parse(&m2, &msg, rr, DNS_E_CAA_TAG_PAST, AN_RDATA);
}

Test(msg_caa, tag_of_255_and_empty_value)
{
	uint8_t rd[2 + 255];
	rd[0] = 128;
	rd[1] = 255;
	memset(rd + 2, 't', 255);
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	answer1(&m, DNS_T_CAA, rd, sizeof rd);
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	struct dns_caa_rr caa;
	assert_err(dns_rr_caa(msg.pkt, msg.len, &rr[0], &caa), DNS_OK);
	cr_assert_eq(caa.flags, 128);
	cr_assert_eq(caa.tag_len, 255);
	cr_assert_eq(caa.tag, msg.pkt + AN_RDATA + 2);
	cr_assert_eq(caa.value_len, 0);
	cr_assert_eq(caa.value, msg.pkt + AN_RDATA + 257);

	MB(m2);
	ANSWER1(&m2, DNS_T_CAA, 0, 5, 'i', 's', 's', 'u', 'e');
	assert_parse(&m2, &msg, rr, DNS_OK, 0);
	assert_err(dns_rr_caa(msg.pkt, msg.len, &rr[0], &caa), DNS_OK);
	cr_assert_eq(caa.tag_len, 5);
	cr_assert_eq(caa.value_len, 0);
	/* odd tags are the CAA layer's business */
	MB(m3);
	ANSWER1(&m3, DNS_T_CAA, 0, 6, 'i', 's', 's', 'u', 'e', 0, ';');
	assert_parse(&m3, &msg, rr, DNS_OK, 0);
	assert_err(dns_rr_caa(msg.pkt, msg.len, &rr[0], &caa), DNS_OK);
	cr_assert_eq(caa.tag_len, 6);
	cr_assert_eq(caa.value_len, 1);
	uint8_t a[4];
	assert_err(dns_rr_a(msg.pkt, msg.len, &rr[0], a), DNS_E_ARG);
}

/* ===================================================================== */
/* EDNS (RFC 6891), extended RCODE, EDE (RFC 8914)                       */
/* ===================================================================== */

/* An OPT RR: root owner, UDP size, TTL, options. */
static void opt_rr(struct mb *m, unsigned udp, uint32_t ttl,
		   const uint8_t *opts, size_t n)
{
	mb_u8(m, 0);
	mb_rr(m, DNS_T_OPT, udp, ttl, (unsigned)n);
	mb_raw(m, opts, n);
}

Test(msg_edns, fields)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	mb_response(&m, "example.com", DNS_T_A, 0, 0, 1);
	opt_rr(&m, 4096, 0x00008001u, NULL, 0);
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	cr_assert(msg.edns.present);
	cr_assert_eq(msg.edns.udp_size, 4096);
	cr_assert_eq(msg.edns.version, 0);
	cr_assert_eq(msg.edns.ext_rcode, 0);
	cr_assert(msg.edns.dnssec_ok);
	cr_assert_eq(msg.edns.z, 1);
	cr_assert_eq(msg.edns.options, Q_END + 11);
	cr_assert_eq(msg.edns.options_len, 0);
	cr_assert_eq(msg.rr_count, 1);
	cr_assert_eq(rr[0].type, DNS_T_OPT);
	cr_assert_eq(rr[0].section, DNS_SEC_ADDITIONAL);

	MB(m2);
	mb_response(&m2, "example.com", DNS_T_A, 0, 0, 1);
	opt_rr(&m2, 512, 0x00010000u, NULL, 0);
	assert_parse(&m2, &msg, rr, DNS_OK, 0);
	cr_assert_eq(msg.edns.version, 1);
	cr_assert_not(msg.edns.dnssec_ok);
	cr_assert_eq(msg.edns.z, 0);
	cr_assert_eq(msg.edns.udp_size, 512);
}

Test(msg_edns, extended_rcode)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	/* header 0 + OPT ext 1 = 16 BADVERS */
	MB(m);
	mb_response(&m, "example.com", DNS_T_A, 0, 0, 1);
	opt_rr(&m, 1232, 0x01000000u, NULL, 0);
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	cr_assert_eq(DNS_RCODE4(msg.flags), 0);
	cr_assert_eq(msg.edns.ext_rcode, 1);
	cr_assert_eq(msg.rcode, DNS_RCODE_BADVERS);
	/* all twelve bits */
	MB(m2);
	mb_header(&m2, 0x1234, 0x818f, 1, 0, 0, 1);
	mb_name(&m2, "example.com");
	mb_u16(&m2, DNS_T_A);
	mb_u16(&m2, DNS_C_IN);
	opt_rr(&m2, 1232, 0xff000000u, NULL, 0);
	assert_parse(&m2, &msg, rr, DNS_OK, 0);
	cr_assert_eq(msg.rcode, 4095);
	/* header 3, ext 0 */
	MB(m3);
	mb_header(&m3, 0x1234, 0x8183, 1, 0, 0, 1);
	mb_name(&m3, "example.com");
	mb_u16(&m3, DNS_T_A);
	mb_u16(&m3, DNS_C_IN);
	opt_rr(&m3, 1232, 0, NULL, 0);
	assert_parse(&m3, &msg, rr, DNS_OK, 0);
	cr_assert_eq(msg.rcode, DNS_RCODE_NXDOMAIN);
	/* no OPT: the four header bits */
	MB(m4);
	mb_header(&m4, 0x1234, 0x8182, 1, 0, 0, 0);
	mb_name(&m4, "example.com");
	mb_u16(&m4, DNS_T_A);
	mb_u16(&m4, DNS_C_IN);
	assert_parse(&m4, &msg, rr, DNS_OK, 0);
	cr_assert_eq(msg.rcode, DNS_RCODE_SERVFAIL);
	cr_assert_not(msg.edns.present);
}

Test(msg_edns, opt_outside_additional)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	mb_response(&m, "example.com", DNS_T_A, 1, 0, 0);
	opt_rr(&m, 1232, 0, NULL, 0);
	assert_parse(&m, &msg, rr, DNS_E_OPT_SECTION, Q_END + 11);
	MB(m2);
	mb_response(&m2, "example.com", DNS_T_A, 0, 1, 0);
	opt_rr(&m2, 1232, 0, NULL, 0);
	assert_parse(&m2, &msg, rr, DNS_E_OPT_SECTION, Q_END + 11);
}

Test(msg_edns, opt_twice)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	mb_response(&m, "example.com", DNS_T_A, 0, 0, 2);
	opt_rr(&m, 1232, 0, NULL, 0);
	opt_rr(&m, 1232, 0, NULL, 0);
	assert_parse(&m, &msg, rr, DNS_E_OPT_DUP, Q_END + 11 + 11);
}

Test(msg_edns, opt_owner_not_root)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	mb_response(&m, "example.com", DNS_T_A, 0, 0, 1);
	mb_ptr(&m, 12);
	mb_rr(&m, DNS_T_OPT, 1232, 0, 0);
	assert_parse(&m, &msg, rr, DNS_E_OPT_OWNER, Q_END + 12);
	MB(m2);
	mb_response(&m2, "example.com", DNS_T_A, 0, 0, 1);
	MB_BYTES(&m2, 1, 'a', 0);
	mb_rr(&m2, DNS_T_OPT, 1232, 0, 0);
	assert_parse(&m2, &msg, rr, DNS_E_OPT_OWNER, Q_END + 13);
}

/* Knot knot_edns_get_options. */
Test(msg_edns, option_past_the_rdata)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	mb_response(&m, "example.com", DNS_T_A, 0, 0, 1);
	opt_rr(&m, 1232, 0, BYTES(U16(10), U16(10), 1, 2, 3, 4), 8);
	assert_parse(&m, &msg, rr, DNS_E_OPT_OPTION, Q_END + 11);
	/* a cut option header */
	MB(m2);
	mb_response(&m2, "example.com", DNS_T_A, 0, 0, 1);
	opt_rr(&m2, 1232, 0, BYTES(U16(15), U16(2), 0, 6, 0, 15, 0), 9);
	assert_parse(&m2, &msg, rr, DNS_E_OPT_OPTION, Q_END + 11);
	/* the next RR would supply the rest */
	MB(m3);
	mb_response(&m3, "example.com", DNS_T_A, 0, 0, 2);
	opt_rr(&m3, 1232, 0, BYTES(U16(10), U16(16), 1, 2, 3, 4), 8);
	a_rr(&m3, BYTES(192, 0, 2, 1));
	assert_parse(&m3, &msg, rr, DNS_E_OPT_OPTION, Q_END + 11);
}

Test(msg_edns, options_and_ede)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	mb_response(&m, "example.com", DNS_T_CAA, 0, 0, 1);
	static const uint8_t opts[] = {
		U16(10), U16(8), 1, 2, 3, 4, 5, 6, 7, 8,       /* COOKIE */
		U16(15), U16(9), U16(6), 'b', 'a', 'd', ' ', 's', 'i', 'g', /* EDE */
		U16(15), U16(2), U16(22),                      /* EDE, no text */
		U16(15), U16(1), 0x00,                         /* EDE, cut */
		U16(15), U16(0),                               /* EDE, empty */
	};
	m.n = 0;
	mb_header(&m, 0x1234, 0x8182, 1, 0, 0, 1);
	mb_name(&m, "example.com");
	mb_u16(&m, DNS_T_CAA);
	mb_u16(&m, DNS_C_IN);
	opt_rr(&m, 1232, 0, opts, sizeof opts);
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	cr_assert_eq(msg.rcode, DNS_RCODE_SERVFAIL);
	cr_assert_eq(msg.edns.options_len, sizeof opts);

	struct dns_opt_iter it;
	struct dns_opt_option o;
	struct dns_ede ede;
	dns_opt_begin(&it, &msg);

	cr_assert(dns_opt_next(&it, &o));
	cr_assert_eq(o.code, 10);
	cr_assert_eq(o.len, 8);
	assert_bytes(o.data, o.len, BYTES(1, 2, 3, 4, 5, 6, 7, 8), 8);
	assert_err(dns_ede_parse(&o, &ede), DNS_E_ARG);

	cr_assert(dns_opt_next(&it, &o));
	cr_assert_eq(o.code, DNS_OPT_EDE);
	assert_err(dns_ede_parse(&o, &ede), DNS_OK);
	cr_assert_eq(ede.info_code, 6);
	assert_bytes(ede.text, ede.text_len, "bad sig", 7);

	cr_assert(dns_opt_next(&it, &o));
	assert_err(dns_ede_parse(&o, &ede), DNS_OK);
	cr_assert_eq(ede.info_code, 22);
	cr_assert_eq(ede.text_len, 0);

	cr_assert(dns_opt_next(&it, &o));
	cr_assert_eq(o.len, 1);
	assert_err(dns_ede_parse(&o, &ede), DNS_E_RDATA_LEN);

	cr_assert(dns_opt_next(&it, &o));
	cr_assert_eq(o.len, 0);
	assert_err(dns_ede_parse(&o, &ede), DNS_E_RDATA_LEN);

	cr_assert_not(dns_opt_next(&it, &o));
	cr_assert_not(dns_opt_next(&it, &o));
}

Test(msg_edns, no_opt_no_options)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	ANSWER1(&m, DNS_T_A, 192, 0, 2, 1);
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	struct dns_opt_iter it;
	struct dns_opt_option o;
	dns_opt_begin(&it, &msg);
	cr_assert_not(dns_opt_next(&it, &o));
}

/* ===================================================================== */
/* DNSSEC views and type bitmaps                                         */
/* ===================================================================== */

/* Window 0: A NS OPT RRSIG NSEC TSIG ANY; window 1: CAA. OPT, TSIG and
 * ANY are pseudo-types: RFC 4034 s4.1.2 says to ignore them, and
 * systemd-resolved CVE-2017-15908 looped on them. */
static const uint8_t bitmap_pseudo[37] = {
	[0] = 0, [1] = 32, [2] = 0x60, [7] = 0x43, [33] = 0x21,
	[34] = 1, [35] = 1, [36] = 0x40,
};
static const uint16_t bitmap_pseudo_types[] = {1, 2, 41, 46, 47, 250, 255, 257};

static void assert_bitmap_types(const uint8_t *bm, size_t n,
				const uint16_t *want, size_t nwant)
{
	struct dns_bitmap_iter it;
	uint16_t t;
	size_t i = 0;
	dns_bitmap_begin(&it, bm, n);
	while (dns_bitmap_next(&it, &t)) {
		cr_assert_lt(i, nwant, "extra type %u", t);
		cr_assert_eq(t, want[i], "type %zu: got %u, want %u", i, t,
			     want[i]);
		i++;
	}
	cr_assert_eq(i, nwant);
	cr_assert_not(dns_bitmap_next(&it, &t));
}

Test(msg_dnssec, nsec_with_pseudo_types)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	mb_response(&m, "example.com", DNS_T_NSEC, 1, 0, 0);
	mb_ptr(&m, 12);
	size_t rd = mb_rr_begin(&m, DNS_T_NSEC, DNS_C_IN, 300);
	MB_BYTES(&m, 1, 'b', 0xc0, 0x0c);
	mb_raw(&m, bitmap_pseudo, sizeof bitmap_pseudo);
	mb_rdata_end(&m, rd);
	cr_assert_eq(rd, AN_RDATA);
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	struct dns_nsec nsec;
	assert_err(dns_rr_nsec(msg.pkt, msg.len, &rr[0], &nsec), DNS_OK);
	cr_assert_eq(nsec.next, AN_RDATA);
	cr_assert_eq(nsec.bitmap, msg.pkt + AN_RDATA + 4);
	cr_assert_eq(nsec.bitmap_len, 37);
	assert_bitmap_types(nsec.bitmap, nsec.bitmap_len, bitmap_pseudo_types, 8);
}

Test(msg_dnssec, bitmap_windows)
{
	/* windows 0, 1 and 255 with single bits at the extremes */
	static const uint8_t bm[40] = {
		[0] = 0, [1] = 1, [2] = 0x80, [3] = 1, [4] = 1, [5] = 0x01,
		[6] = 255, [7] = 32, [39] = 0x01,
	};
	static const uint16_t want[] = {0, 263, 65535};
	assert_bitmap_types(bm, sizeof bm, want, 3);
	assert_bitmap_types(bm, 0, NULL, 0);
	/* zero octets inside a window yield nothing */
	static const uint8_t zeros[] = {0, 3, 0, 0, 0x10};
	static const uint16_t want2[] = {19};
	assert_bitmap_types(zeros, sizeof zeros, want2, 1);
}

static void nsec_bitmap_case(const uint8_t *bm, size_t n, enum dns_err want)
{
	uint8_t rd[64];
	rd[0] = 0;
	memcpy(rd + 1, bm, n);
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	answer1(&m, DNS_T_NSEC, rd, n + 1);
	assert_parse(&m, &msg, rr, want, AN_RDATA);
}

Test(msg_dnssec, bad_nsec_bitmaps)
{
	/* windows out of order, repeated */
	nsec_bitmap_case(BYTES(1, 1, 0x40, 0, 1, 0x40), 6, DNS_E_NSEC_BITMAP);
	nsec_bitmap_case(BYTES(0, 1, 0x40, 0, 1, 0x20), 6, DNS_E_NSEC_BITMAP);
	/* window length 0, 33, past the RDATA */
	nsec_bitmap_case(BYTES(0, 0), 2, DNS_E_NSEC_BITMAP);
	uint8_t w33[35] = {0, 33};
	nsec_bitmap_case(w33, sizeof w33, DNS_E_NSEC_BITMAP);
	nsec_bitmap_case(BYTES(0, 5, 0x40, 0, 0), 5, DNS_E_NSEC_BITMAP);
	/* a lone octet after a window */
	nsec_bitmap_case(BYTES(0, 1, 0x40, 1), 4, DNS_E_NSEC_BITMAP);
	nsec_bitmap_case(BYTES(0), 1, DNS_E_NSEC_BITMAP);
	/* fine */
	nsec_bitmap_case(BYTES(0, 1, 0x40, 1, 1, 0x40), 6, DNS_OK);
	uint8_t w32[34] = {0, 32};
	w32[33] = 1;
	nsec_bitmap_case(w32, sizeof w32, DNS_OK);
}

Test(msg_dnssec, nsec_next_name_bounded)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	ANSWER1(&m, DNS_T_NSEC, 5, 'a', 'b');
	assert_parse(&m, &msg, rr, DNS_E_RDATA_NAME, AN_RDATA);
}

Test(msg_dnssec, rrsig_view)
{
	uint8_t sig[64];
	for (int i = 0; i < 64; i++)
		sig[i] = (uint8_t)i;
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	mb_response(&m, "example.com", DNS_T_CAA, 1, 0, 0);
	mb_ptr(&m, 12);
	size_t rd = mb_rr_begin(&m, DNS_T_RRSIG, DNS_C_IN, 300);
	MB_BYTES(&m, U16(257), 13, 2, U32(300), U32(1798761598u),
		 U32(1796083200u), U16(12345), EXAMPLE_COM);
	mb_raw(&m, sig, sizeof sig);
	mb_rdata_end(&m, rd);
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	struct dns_rrsig s;
	assert_err(dns_rr_rrsig(msg.pkt, msg.len, &rr[0], &s), DNS_OK);
	cr_assert_eq(s.type_covered, DNS_T_CAA);
	cr_assert_eq(s.algorithm, 13);
	cr_assert_eq(s.labels, 2);
	cr_assert_eq(s.original_ttl, 300);
	cr_assert_eq(s.expiration, 1798761598u);
	cr_assert_eq(s.inception, 1796083200u);
	cr_assert_eq(s.key_tag, 12345);
	cr_assert_eq(s.signer, AN_RDATA + 18);
	cr_assert(dns_name_equal_at(msg.pkt, s.signer, BYTES(EXAMPLE_COM)));
	cr_assert_eq(s.signature_len, 64);
	assert_bytes(s.signature, s.signature_len, sig, 64);

	/* fixed fields cut, signer cut */
	static const uint8_t head[] = {U16(257), 13, 2, U32(300), U32(1),
				       U32(2), U16(3), EXAMPLE_COM};
	for (size_t n = 0; n < 18; n += 5) {
		MB(m2);
		answer1(&m2, DNS_T_RRSIG, head, n);
		assert_parse(&m2, &msg, rr, DNS_E_RDATA_LEN, AN_RDATA);
	}
	MB(m3);
	answer1(&m3, DNS_T_RRSIG, head, 18);
	assert_parse(&m3, &msg, rr, DNS_E_RDATA_NAME, AN_RDATA);
	MB(m4);
	answer1(&m4, DNS_T_RRSIG, head, 24);
	assert_parse(&m4, &msg, rr, DNS_E_RDATA_NAME, AN_RDATA);
	/* an empty signature passes the codec */
	MB(m5);
	answer1(&m5, DNS_T_RRSIG, head, sizeof head);
	assert_parse(&m5, &msg, rr, DNS_OK, 0);
	assert_err(dns_rr_rrsig(msg.pkt, msg.len, &rr[0], &s), DNS_OK);
	cr_assert_eq(s.signature_len, 0);
}

Test(msg_dnssec, ds_view)
{
	uint8_t d[32];
	for (int i = 0; i < 32; i++)
		d[i] = (uint8_t)(0xa0 + i);
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	mb_response(&m, "example.com", DNS_T_DS, 1, 0, 0);
	mb_ptr(&m, 12);
	size_t rd = mb_rr_begin(&m, DNS_T_DS, DNS_C_IN, 3600);
	MB_BYTES(&m, U16(60485), 13, 2);
	mb_raw(&m, d, sizeof d);
	mb_rdata_end(&m, rd);
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	struct dns_ds ds;
	assert_err(dns_rr_ds(msg.pkt, msg.len, &rr[0], &ds), DNS_OK);
	cr_assert_eq(ds.key_tag, 60485);
	cr_assert_eq(ds.algorithm, 13);
	cr_assert_eq(ds.digest_type, 2);
	assert_bytes(ds.digest, ds.digest_len, d, 32);
	for (size_t n = 0; n < 4; n++) {
		MB(m2);
		answer1(&m2, DNS_T_DS, BYTES(U16(1), 13, 2), n);
		assert_parse(&m2, &msg, rr, DNS_E_RDATA_LEN, AN_RDATA);
	}
	struct dns_dnskey k;
	assert_err(dns_rr_dnskey(msg.pkt, msg.len, &rr[0], &k), DNS_E_ARG);
}

Test(msg_dnssec, dnskey_view)
{
	uint8_t key[32];
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)(i * 7);
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	mb_response(&m, "example.com", DNS_T_DNSKEY, 1, 0, 0);
	mb_ptr(&m, 12);
	size_t rd = mb_rr_begin(&m, DNS_T_DNSKEY, DNS_C_IN, 3600);
	MB_BYTES(&m, U16(257), 3, 13);
	mb_raw(&m, key, sizeof key);
	mb_rdata_end(&m, rd);
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	struct dns_dnskey k;
	assert_err(dns_rr_dnskey(msg.pkt, msg.len, &rr[0], &k), DNS_OK);
	cr_assert_eq(k.flags, 257);
	cr_assert_eq(k.protocol, 3);
	cr_assert_eq(k.algorithm, 13);
	assert_bytes(k.key, k.key_len, key, 32);
	for (size_t n = 0; n < 4; n++) {
		MB(m2);
		answer1(&m2, DNS_T_DNSKEY, BYTES(U16(256), 3, 8), n);
		assert_parse(&m2, &msg, rr, DNS_E_RDATA_LEN, AN_RDATA);
	}
	struct dns_ds ds;
	assert_err(dns_rr_ds(msg.pkt, msg.len, &rr[0], &ds), DNS_E_ARG);
}

Test(msg_dnssec, nsec3_view)
{
	uint8_t hash[20];
	for (int i = 0; i < 20; i++)
		hash[i] = (uint8_t)(0xf0 ^ i);
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	mb_response(&m, "example.com", DNS_T_CAA, 0, 1, 0);
	MB_BYTES(&m, 4, 'h', 'a', 's', 'h', 0xc0, 0x0c);
	size_t rd = mb_rr_begin(&m, DNS_T_NSEC3, DNS_C_IN, 300);
	MB_BYTES(&m, 1, 1, U16(10), 4, 0xaa, 0xbb, 0xcc, 0xdd, 20);
	mb_raw(&m, hash, sizeof hash);
	MB_BYTES(&m, 0, 6, 0x40, 0, 0, 0, 0, 0x02); /* A RRSIG */
	mb_rdata_end(&m, rd);
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	cr_assert_eq(rr[0].section, DNS_SEC_AUTHORITY);
	struct dns_nsec3 n3;
	assert_err(dns_rr_nsec3(msg.pkt, msg.len, &rr[0], &n3), DNS_OK);
	cr_assert_eq(n3.hash_algorithm, 1);
	cr_assert_eq(n3.flags, 1);
	cr_assert_eq(n3.iterations, 10);
	assert_bytes(n3.salt, n3.salt_len, BYTES(0xaa, 0xbb, 0xcc, 0xdd), 4);
	assert_bytes(n3.next_hashed, n3.next_hashed_len, hash, 20);
	static const uint16_t want[] = {1, 46};
	assert_bitmap_types(n3.bitmap, n3.bitmap_len, want, 2);
	struct dns_nsec nsec;
	assert_err(dns_rr_nsec(msg.pkt, msg.len, &rr[0], &nsec), DNS_E_ARG);

	/* empty salt */
	MB(m2);
	ANSWER1(&m2, DNS_T_NSEC3, 1, 0, U16(0), 0, 1, 0xab, 0, 1, 0x40);
	assert_parse(&m2, &msg, rr, DNS_OK, 0);
	assert_err(dns_rr_nsec3(msg.pkt, msg.len, &rr[0], &n3), DNS_OK);
	cr_assert_eq(n3.salt_len, 0);
	cr_assert_eq(n3.next_hashed_len, 1);
	cr_assert_eq(n3.bitmap_len, 3);
	/* RFC 5155 s3.2: an empty hash */
	MB(m3);
	ANSWER1(&m3, DNS_T_NSEC3, 1, 0, U16(0), 0, 0, 0, 1, 0x40);
	assert_parse(&m3, &msg, rr, DNS_E_RDATA_LEN, AN_RDATA);
	/* salt past the RDATA, hash past the RDATA, fixed fields cut */
	MB(m4);
	ANSWER1(&m4, DNS_T_NSEC3, 1, 0, U16(0), 9, 1, 2);
	assert_parse(&m4, &msg, rr, DNS_E_RDATA_LEN, AN_RDATA);
	MB(m5);
	ANSWER1(&m5, DNS_T_NSEC3, 1, 0, U16(0), 0, 20, 1, 2, 3);
	assert_parse(&m5, &msg, rr, DNS_E_RDATA_LEN, AN_RDATA);
	MB(m6);
	ANSWER1(&m6, DNS_T_NSEC3, 1, 0, 0);
	assert_parse(&m6, &msg, rr, DNS_E_RDATA_LEN, AN_RDATA);
	/* a bad bitmap */
	MB(m7);
	ANSWER1(&m7, DNS_T_NSEC3, 1, 0, U16(0), 0, 1, 0xab, 1, 1, 0x40, 0, 1,
		0x40);
	assert_parse(&m7, &msg, rr, DNS_E_NSEC_BITMAP, AN_RDATA);
}

/* RFC 5155 s4.2: algorithm, flags, iterations, salt length, salt. The
 * view reads exactly that; the parser does not apply it (rdata.c), so a
 * bad NSEC3PARAM still parses and only its view says so. */
Test(msg_dnssec, nsec3param_view)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	struct dns_nsec3param p;
	MB(m);
	ANSWER1(&m, DNS_T_NSEC3PARAM, 1, 1, U16(65535), 4, 0xaa, 0xbb, 0xcc, 0xdd);
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	assert_err(dns_rr_nsec3param(msg.pkt, msg.len, &rr[0], &p), DNS_OK);
	cr_assert_eq(p.hash_algorithm, 1);
	cr_assert_eq(p.flags, 1);
	cr_assert_eq(p.iterations, 65535);
	assert_bytes(p.salt, p.salt_len, BYTES(0xaa, 0xbb, 0xcc, 0xdd), 4);
	cr_assert_eq(p.salt, msg.pkt + AN_RDATA + 5);
	/* no salt */
	MB(m2);
	ANSWER1(&m2, DNS_T_NSEC3PARAM, 1, 0, U16(0), 0);
	assert_parse(&m2, &msg, rr, DNS_OK, 0);
	assert_err(dns_rr_nsec3param(msg.pkt, msg.len, &rr[0], &p), DNS_OK);
	cr_assert_eq(p.salt_len, 0);
	/* a salt past the RDATA, octets after the salt, fixed fields cut:
	 * the message parses, the view refuses */
	MB(m3);
	ANSWER1(&m3, DNS_T_NSEC3PARAM, 1, 0, U16(0), 2, 0x0a);
	assert_parse(&m3, &msg, rr, DNS_OK, 0);
	assert_err(dns_rr_nsec3param(msg.pkt, msg.len, &rr[0], &p), DNS_E_RDATA_LEN);
	MB(m4);
	ANSWER1(&m4, DNS_T_NSEC3PARAM, 1, 0, U16(0), 0, 0xff);
	assert_parse(&m4, &msg, rr, DNS_OK, 0);
	assert_err(dns_rr_nsec3param(msg.pkt, msg.len, &rr[0], &p), DNS_E_RDATA_LEN);
	MB(m5);
	ANSWER1(&m5, DNS_T_NSEC3PARAM, 1, 0, 0);
	assert_parse(&m5, &msg, rr, DNS_OK, 0);
	assert_err(dns_rr_nsec3param(msg.pkt, msg.len, &rr[0], &p), DNS_E_RDATA_LEN);
	/* another type */
	assert_err(dns_rr_nsec3param(msg.pkt, msg.len, &(struct dns_rr){.type = DNS_T_NSEC3}, &p),
		   DNS_E_ARG);
}

/* rr.h: a view of the wrong type is DNS_E_ARG, whatever the RDATA. */
Test(msg_dnssec, every_view_refuses_the_wrong_type)
{
	MB(m);
	ANSWER1(&m, 65280, 0, 5, 'i', 's', 's', 'u', 'e', 0xc0, 0x0c, 1, 2, 3,
		4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	const uint8_t *p = msg.pkt;
	size_t n = msg.len;
	const struct dns_rr *r = &rr[0];
	uint8_t a[16];
	uint16_t name;
	struct dns_mx mx;
	struct dns_soa soa;
	struct dns_caa_rr caa;
	struct dns_rrsig sig;
	struct dns_ds ds;
	struct dns_dnskey key;
	struct dns_nsec nsec;
	struct dns_nsec3 nsec3;
	struct dns_nsec3param nsec3param;
	struct dns_strings txt;
	assert_err(dns_rr_a(p, n, r, a), DNS_E_ARG);
	assert_err(dns_rr_aaaa(p, n, r, a), DNS_E_ARG);
	assert_err(dns_rr_target(p, n, r, &name), DNS_E_ARG);
	assert_err(dns_rr_mx(p, n, r, &mx), DNS_E_ARG);
	assert_err(dns_rr_soa(p, n, r, &soa), DNS_E_ARG);
	assert_err(dns_rr_caa(p, n, r, &caa), DNS_E_ARG);
	assert_err(dns_rr_rrsig(p, n, r, &sig), DNS_E_ARG);
	assert_err(dns_rr_ds(p, n, r, &ds), DNS_E_ARG);
	assert_err(dns_rr_dnskey(p, n, r, &key), DNS_E_ARG);
	assert_err(dns_rr_nsec(p, n, r, &nsec), DNS_E_ARG);
	assert_err(dns_rr_nsec3(p, n, r, &nsec3), DNS_E_ARG);
	assert_err(dns_rr_nsec3param(p, n, r, &nsec3param), DNS_E_ARG);
	assert_err(dns_rr_txt(p, n, r, &txt), DNS_E_ARG);
	/* and opaque to the parser */
	assert_err(dns_rdata_check(p, n, r), DNS_OK);
}

/* ===================================================================== */
/* sections                                                              */
/* ===================================================================== */

Test(msg_sections, split)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	mb_response(&m, "www.example.com", DNS_T_A, 2, 1, 2);
	/* answer: www CNAME web, web A */
	mb_ptr(&m, 12);
	size_t rd = mb_rr_begin(&m, DNS_T_CNAME, DNS_C_IN, 300);
	size_t web = m.n;
	MB_BYTES(&m, 3, 'w', 'e', 'b', 0xc0, 0x10);
	mb_rdata_end(&m, rd);
	mb_ptr(&m, web);
	mb_rr(&m, DNS_T_A, DNS_C_IN, 300, 4);
	MB_BYTES(&m, 192, 0, 2, 80);
	/* authority: example.com NS ns1 */
	mb_ptr(&m, 16);
	rd = mb_rr_begin(&m, DNS_T_NS, DNS_C_IN, 3600);
	size_t ns1 = m.n;
	MB_BYTES(&m, 3, 'n', 's', '1', 0xc0, 0x10);
	mb_rdata_end(&m, rd);
	/* additional: ns1 A, OPT */
	mb_ptr(&m, ns1);
	mb_rr(&m, DNS_T_A, DNS_C_IN, 3600, 4);
	MB_BYTES(&m, 192, 0, 2, 53);
	opt_rr(&m, 1232, 0, NULL, 0);
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	cr_assert_eq(msg.rr_count, 5);

	size_t first = 99, n;
	n = dns_msg_section(&msg, DNS_SEC_ANSWER, &first);
	cr_assert_eq(n, 2);
	cr_assert_eq(first, 0);
	n = dns_msg_section(&msg, DNS_SEC_AUTHORITY, &first);
	cr_assert_eq(n, 1);
	cr_assert_eq(first, 2);
	n = dns_msg_section(&msg, DNS_SEC_ADDITIONAL, &first);
	cr_assert_eq(n, 2);
	cr_assert_eq(first, 3);

	static const uint8_t sections[] = {DNS_SEC_ANSWER, DNS_SEC_ANSWER,
					   DNS_SEC_AUTHORITY, DNS_SEC_ADDITIONAL,
					   DNS_SEC_ADDITIONAL};
	static const uint16_t types[] = {DNS_T_CNAME, DNS_T_A, DNS_T_NS,
					 DNS_T_A, DNS_T_OPT};
	for (size_t i = 0; i < 5; i++) {
		cr_assert_eq(rr[i].section, sections[i], "rr %zu", i);
		cr_assert_eq(rr[i].type, types[i], "rr %zu", i);
	}
	cr_assert(dns_name_equal_at(msg.pkt, rr[1].owner,
				    BYTES(3, 'w', 'e', 'b', EXAMPLE_COM)));
	cr_assert(dns_name_equal_at(msg.pkt, rr[3].owner,
				    BYTES(3, 'n', 's', '1', EXAMPLE_COM)));
	cr_assert(msg.edns.present);
}

Test(msg_sections, empty_answer_section)
{
	struct dns_msg msg;
	struct dns_rr rr[RRCAP];
	MB(m);
	mb_header(&m, 0x1234, 0x8183, 1, 0, 1, 0);
	mb_name(&m, "nope.example.com");
	mb_u16(&m, DNS_T_A);
	mb_u16(&m, DNS_C_IN);
	mb_ptr(&m, 17);
	size_t rd = mb_rr_begin(&m, DNS_T_SOA, DNS_C_IN, 300);
	MB_BYTES(&m, 0xc0, 0x11, 0xc0, 0x11, U32(1), U32(2), U32(3), U32(4),
		 U32(5));
	mb_rdata_end(&m, rd);
	assert_parse(&m, &msg, rr, DNS_OK, 0);
	size_t first = 99;
	cr_assert_eq(dns_msg_section(&msg, DNS_SEC_ANSWER, &first), 0);
	cr_assert_eq(first, 0);
	cr_assert_eq(dns_msg_section(&msg, DNS_SEC_AUTHORITY, &first), 1);
	cr_assert_eq(first, 0);
	cr_assert_eq(rr[0].section, DNS_SEC_AUTHORITY);
	cr_assert_eq(dns_msg_section(&msg, DNS_SEC_ADDITIONAL, &first), 0);
	cr_assert_eq(first, 1);
	cr_assert_eq(msg.rcode, DNS_RCODE_NXDOMAIN);
}

/* ===================================================================== */
/* captured fixtures                                                     */
/* ===================================================================== */

#define FIXTURES "tests/fixtures/msgs"

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot open %s", path);
	uint8_t *buf = malloc(65536 + 1);
	cr_assert_not_null(buf);
	*len = fread(buf, 1, 65536 + 1, f);
	cr_assert_not(ferror(f), "%s: read error", path);
	fclose(f);
	/* an exact-size copy, for ASan */
	uint8_t *exact = malloc(*len ? *len : 1);
	cr_assert_not_null(exact);
	memcpy(exact, buf, *len);
	free(buf);
	return exact;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

Test(msg_fixtures, every_capture_parses)
{
	DIR *d = opendir(FIXTURES);
	if (!d) {
		cr_log_warn("%s is missing: no fixtures checked", FIXTURES);
		return;
	}
	size_t count = 0;
	struct dirent *ent;
	static struct dns_rr rr[65535 / 11];
	while ((ent = readdir(d)) != NULL) {
		if (!has_suffix(ent->d_name, ".bin"))
			continue;
		char path[512];
		snprintf(path, sizeof path, "%s/%s", FIXTURES, ent->d_name);
		size_t len;
		uint8_t *pkt = read_file(path, &len);
		struct dns_msg msg;
		enum dns_err e = dns_msg_parse(&msg, pkt, len, rr,
					       sizeof rr / sizeof rr[0]);
		cr_expect_eq(e, DNS_OK, "%s: %s at offset %zu", ent->d_name,
			     dns_errname(e), msg.err_off);
		free(pkt);
		count++;
	}
	closedir(d);
	if (count == 0)
		cr_log_warn("%s holds no .bin file yet", FIXTURES);
	else
		cr_assert_geq(count, 20, "only %zu fixtures in %s", count,
			      FIXTURES);
}

/* ---- named fixtures: exact content (tests/fixtures/README.md). IDs,
 * keys, signatures and dates change at each capture; names, flags,
 * counts and shapes do not. */

struct fixture {
	uint8_t *pkt;
	size_t len;
	struct dns_msg msg;
	struct dns_rr rr[64];
};

static void fixture_load(struct fixture *f, const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", FIXTURES, name);
	f->pkt = read_file(path, &f->len);
	enum dns_err e = dns_msg_parse(&f->msg, f->pkt, f->len, f->rr, 64);
	cr_assert_eq(e, DNS_OK, "%s: %s at offset %zu", name, dns_errname(e),
		     f->msg.err_off);
}

static void fixture_free(struct fixture *f)
{
	free(f->pkt);
	f->pkt = NULL;
}

#define FIXTURE(f) \
	struct fixture f __attribute__((cleanup(fixture_free))) = {.pkt = NULL}

static void assert_counts(const struct dns_msg *m, unsigned qd, unsigned an,
			  unsigned ns, unsigned ar)
{
	cr_assert_eq(m->counts[0], qd);
	cr_assert_eq(m->counts[1], an);
	cr_assert_eq(m->counts[2], ns);
	cr_assert_eq(m->counts[3], ar);
	cr_assert_eq(m->rr_count, (size_t)an + ns + ar);
}

static const char *rdata_str(char *buf, size_t cap, const struct fixture *f,
			     size_t i)
{
	struct dns_text t;
	dns_text_init(&t, buf, cap);
	dns_text_rdata(&t, f->msg.pkt, f->msg.len, &f->rr[i]);
	cr_assert_not(t.overflow);
	return buf;
}

Test(msg_fixtures, knot_caa_1rr)
{
	FIXTURE(f);
	fixture_load(&f, "01-knot-caa-1rr.bin");
	cr_assert_eq(f.len, 72);
	cr_assert_eq(f.msg.flags, DNS_FLAG_QR | DNS_FLAG_AA);
	cr_assert_eq(f.msg.rcode, DNS_RCODE_NOERROR);
	assert_counts(&f.msg, 1, 1, 0, 1);
	cr_assert_eq(f.msg.qtype, DNS_T_CAA);
	cr_assert_eq(f.msg.qclass, DNS_C_IN);
	static const uint8_t caa1[] = {4, 'c', 'a', 'a', '1', 4, 't', 'e', 's',
				       't', 0};
	cr_assert(dns_name_equal_at(f.pkt, f.msg.qname, caa1));
	cr_assert_eq(f.rr[0].type, DNS_T_CAA);
	cr_assert_eq(f.rr[0].section, DNS_SEC_ANSWER);
	cr_assert(dns_name_equal_at(f.pkt, f.rr[0].owner, caa1));
	struct dns_caa_rr caa;
	assert_err(dns_rr_caa(f.pkt, f.len, &f.rr[0], &caa), DNS_OK);
	cr_assert_eq(caa.flags, 0);
	assert_bytes(caa.tag, caa.tag_len, "issue", 5);
	assert_bytes(caa.value, caa.value_len, "letsencrypt.org", 15);
	char buf[256];
	cr_assert_str_eq(rdata_str(buf, sizeof buf, &f, 0),
			 "0 issue \"letsencrypt.org\"");
	cr_assert_eq(f.rr[1].type, DNS_T_OPT);
	cr_assert(f.msg.edns.present);
	cr_assert_eq(f.msg.edns.udp_size, 1232);
	cr_assert_not(f.msg.edns.dnssec_ok);
}

Test(msg_fixtures, knot_caa_30rr_udp_truncated)
{
	FIXTURE(f);
	fixture_load(&f, "21-knot-caa-30rr-udp-tc.bin");
	cr_assert_eq(f.len, 39);
	cr_assert_eq(f.msg.flags, DNS_FLAG_QR | DNS_FLAG_AA | DNS_FLAG_TC);
	assert_counts(&f.msg, 1, 0, 0, 1);
	cr_assert_eq(f.rr[0].type, DNS_T_OPT);
	cr_assert_eq(f.rr[0].section, DNS_SEC_ADDITIONAL);

	FIXTURE(g);
	fixture_load(&g, "20-knot-caa-30rr-tcp.bin");
	cr_assert_eq(g.len, 2049);
	cr_assert_eq(g.msg.flags, DNS_FLAG_QR | DNS_FLAG_AA);
	assert_counts(&g.msg, 1, 30, 0, 1);
	for (size_t i = 0; i < 30; i++)
		cr_assert_eq(g.rr[i].type, DNS_T_CAA);
}

Test(msg_fixtures, unbound_servfail_with_ede)
{
	FIXTURE(f);
	fixture_load(&f, "30-unbound-servfail-ede.bin");
	cr_assert_eq(f.msg.flags, DNS_FLAG_QR | DNS_FLAG_RD | DNS_FLAG_RA |
					  DNS_RCODE_SERVFAIL);
	cr_assert_eq(f.msg.rcode, DNS_RCODE_SERVFAIL);
	assert_counts(&f.msg, 1, 0, 0, 1);
	cr_assert_eq(f.rr[0].type, DNS_T_OPT);
	struct dns_opt_iter it;
	struct dns_opt_option o;
	struct dns_ede ede;
	bool found = false;
	dns_opt_begin(&it, &f.msg);
	while (dns_opt_next(&it, &o)) {
		if (o.code != DNS_OPT_EDE)
			continue;
		assert_err(dns_ede_parse(&o, &ede), DNS_OK);
		cr_assert_eq(ede.info_code, 9);
		static const char prefix[] =
			"validation failure <bogus.test. CAA IN>";
		cr_assert_geq(ede.text_len, sizeof prefix - 1);
		assert_bytes(ede.text, sizeof prefix - 1, prefix,
			     sizeof prefix - 1);
		found = true;
	}
	cr_assert(found, "no EDE option");
}

Test(msg_fixtures, knot_signed_nxdomain_nsec)
{
	FIXTURE(f);
	fixture_load(&f, "45-knot-signed-nxdomain-nsec.bin");
	cr_assert_eq(f.len, 349);
	cr_assert_eq(f.msg.flags, DNS_FLAG_QR | DNS_FLAG_AA | DNS_RCODE_NXDOMAIN);
	cr_assert_eq(f.msg.rcode, DNS_RCODE_NXDOMAIN);
	assert_counts(&f.msg, 1, 0, 4, 1);
	cr_assert(f.msg.edns.dnssec_ok);
	static const uint16_t types[] = {DNS_T_SOA, DNS_T_NSEC, DNS_T_RRSIG,
					 DNS_T_RRSIG, DNS_T_OPT};
	for (size_t i = 0; i < 5; i++)
		cr_assert_eq(f.rr[i].type, types[i], "rr %zu", i);
	size_t first;
	cr_assert_eq(dns_msg_section(&f.msg, DNS_SEC_AUTHORITY, &first), 4);
	cr_assert_eq(first, 0);
	char buf[1024];
	cr_assert_str_eq(rdata_str(buf, sizeof buf, &f, 1),
			 "txt.signed.test. A NS SOA RRSIG NSEC DNSKEY CAA");
	struct dns_rrsig sig;
	assert_err(dns_rr_rrsig(f.pkt, f.len, &f.rr[2], &sig), DNS_OK);
	cr_assert_eq(sig.type_covered, DNS_T_SOA);
	cr_assert_eq(sig.algorithm, 13);
	cr_assert_eq(sig.labels, 2);
	cr_assert_eq(sig.signature_len, 64);
	assert_err(dns_rr_rrsig(f.pkt, f.len, &f.rr[3], &sig), DNS_OK);
	cr_assert_eq(sig.type_covered, DNS_T_NSEC);
}

Test(msg_fixtures, knot_longest_name_owner)
{
	FIXTURE(f);
	fixture_load(&f, "59-knot-max-name-owner.bin");
	cr_assert_eq(f.msg.qname_len, 255);
	assert_counts(&f.msg, 1, 1, 0, 1);
	cr_assert_eq(f.rr[0].type, DNS_T_CAA);
	uint8_t qname[DNS_MAX_NAME];
	size_t next, wl;
	assert_err(dns_name_unpack(f.pkt, f.len, f.msg.qname, f.len, &next,
				   qname, &wl), DNS_OK);
	cr_assert_eq(wl, 255);
	cr_assert(dns_name_equal_at(f.pkt, f.rr[0].owner, qname));
	/* printed: every 0xFF as \255, and back to the same octets */
	char text[DNS_MAX_NAME_TEXT];
	struct dns_text t;
	dns_text_init(&t, text, sizeof text);
	dns_text_name_at(&t, f.pkt, f.len, f.rr[0].owner);
	cr_assert_not(t.overflow);
	cr_assert_eq(t.len, (63 + 63 + 63 + 56) * 4 + 4 + 5);
	uint8_t back[DNS_MAX_NAME];
	size_t back_len;
	assert_err(dns_name_from_text(text, t.len, back, &back_len), DNS_OK);
	assert_bytes(back, back_len, qname, 255);
}

/* ---- mutated fixtures: whatever dns_msg_parse accepts is safe to use --- */

static uint32_t xorshift(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void check_accepted(const struct dns_msg *m)
{
	size_t total = (size_t)m->counts[1] + m->counts[2] + m->counts[3];
	cr_assert_eq(m->rr_count, total);
	cr_assert_eq(m->counts[0], 1);
	size_t first, n;
	for (int s = DNS_SEC_ANSWER; s <= DNS_SEC_ADDITIONAL; s++) {
		n = dns_msg_section(m, (enum dns_section)s, &first);
		for (size_t i = first; i < first + n; i++)
			cr_assert_eq(m->rr[i].section, s);
	}
	static char text[2 * 65536 + 4096];
	for (size_t i = 0; i < m->rr_count; i++) {
		const struct dns_rr *r = &m->rr[i];
		cr_assert_leq((size_t)r->rdata + r->rdlen, m->len);
		size_t next;
		assert_err(dns_name_unpack(m->pkt, m->len, r->owner, m->len, &next,
					   NULL, NULL),
			   DNS_OK);
		if (r->type != DNS_T_OPT)
			assert_err(dns_rdata_check(m->pkt, m->len, r), DNS_OK);
		struct dns_text t;
		dns_text_init(&t, text, sizeof text);
		dns_text_rr(&t, m, r);
		cr_assert_not(t.overflow);
		cr_assert_eq(strlen(text), t.len);
	}
	struct dns_opt_iter it;
	struct dns_opt_option o;
	size_t seen = 0;
	dns_opt_begin(&it, m);
	while (dns_opt_next(&it, &o)) {
		cr_assert_leq((size_t)(o.data - m->pkt) + o.len, m->len);
		seen += 4u + o.len;
	}
	cr_assert_eq(seen, m->edns.present ? m->edns.options_len : 0);
}

Test(msg_fixtures, mutated_captures)
{
	DIR *d = opendir(FIXTURES);
	if (!d)
		return;
	uint32_t seed = 0x1234567u;
	size_t accepted = 0, files = 0;
	static struct dns_rr rr[65535 / 11];
	struct dirent *ent;
	while ((ent = readdir(d)) != NULL) {
		if (!has_suffix(ent->d_name, ".bin"))
			continue;
		char path[512];
		snprintf(path, sizeof path, "%s/%s", FIXTURES, ent->d_name);
		size_t len;
		uint8_t *orig = read_file(path, &len);
		files++;
		for (int iter = 0; iter < 300 && len; iter++) {
			uint8_t *pkt = malloc(len);
			cr_assert_not_null(pkt);
			memcpy(pkt, orig, len);
			int flips = 1 + (int)(xorshift(&seed) % 3);
			for (int k = 0; k < flips; k++) {
				uint32_t r = xorshift(&seed);
				size_t at = 12 + r % (len > 12 ? len - 12 : 1);
				if (at < len)
					pkt[at] = (uint8_t)(r >> 24);
			}
			/* sometimes cut the message short */
			size_t n = (xorshift(&seed) % 8 == 0)
					   ? xorshift(&seed) % (len + 1)
					   : len;
			struct dns_msg msg;
			if (dns_msg_parse(&msg, pkt, n, rr,
					  sizeof rr / sizeof rr[0]) == DNS_OK) {
				accepted++;
				check_accepted(&msg);
			}
			free(pkt);
		}
		free(orig);
	}
	closedir(d);
	if (files)
		cr_assert_gt(accepted, 100);
}
