/* The bytes layer: bounded reader and writer, names in wire form
 * (dns_name_unpack against every row of sections 1-3 of the parser bug
 * catalogue), name comparison and names in presentation format. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns/wire.h"
#include "helpers.h"

/* ===================================================================== */
/* reader                                                                */
/* ===================================================================== */

Test(wire_reader, reads_big_endian_fields_in_order)
{
	static const uint8_t buf[] = {0x01, 0x02, 0x03, 0x04, 0x05,
				      0x06, 0x07, 0x08, 0x09, 0x0a};
	struct dns_reader r;
	dns_reader_init(&r, buf, sizeof buf);
	cr_assert_eq(dns_reader_left(&r), 10);
	cr_assert_eq(dns_read_u8(&r), 0x01);
	cr_assert_eq(dns_read_u16(&r), 0x0203);
	cr_assert_eq(dns_read_u32(&r), 0x04050607u);
	cr_assert_eq(r.pos, 7);
	cr_assert_eq(dns_reader_left(&r), 3);
	const uint8_t *p = dns_read_bytes(&r, 3);
	cr_assert_eq(p, buf + 7);
	cr_assert_eq(r.pos, 10);
	cr_assert_eq(dns_reader_left(&r), 0);
	assert_err(r.err, DNS_OK);
}

Test(wire_reader, u32_high_bit_is_not_sign_extended)
{
	static const uint8_t buf[] = {0xff, 0xfe, 0xfd, 0xfc, 0x80, 0x01};
	struct dns_reader r;
	dns_reader_init(&r, buf, sizeof buf);
	cr_assert_eq(dns_read_u32(&r), 0xfffefdfcu);
	cr_assert_eq(dns_read_u16(&r), 0x8001);
	assert_err(r.err, DNS_OK);
}

Test(wire_reader, short_read_fails_and_sticks)
{
	static const uint8_t buf[] = {0xaa, 0xbb, 0xcc};
	struct dns_reader r;
	dns_reader_init(&r, buf, sizeof buf);
	cr_assert_eq(dns_read_u16(&r), 0xaabb);
	/* two octets wanted, one left */
	cr_assert_eq(dns_read_u16(&r), 0);
	assert_err(r.err, DNS_E_SHORT);
	cr_assert_eq(r.pos, 2, "a failed read does not move");
	cr_assert_eq(dns_reader_left(&r), 0, "nothing is left after an error");
	/* this one would fit, but the error sticks */
	cr_assert_eq(dns_read_u8(&r), 0);
	cr_assert_null(dns_read_bytes(&r, 0));
	cr_assert_eq(dns_read_u32(&r), 0);
	cr_assert_eq(r.pos, 2);
	assert_err(r.err, DNS_E_SHORT);
}

Test(wire_reader, each_width_checks_its_own_size)
{
	static const uint8_t buf[] = {1, 2, 3};
	struct dns_reader r;

	dns_reader_init(&r, buf, 3);
	cr_assert_eq(dns_read_u32(&r), 0);
	assert_err(r.err, DNS_E_SHORT);
	cr_assert_eq(r.pos, 0);

	dns_reader_init(&r, buf, 1);
	cr_assert_eq(dns_read_u16(&r), 0);
	assert_err(r.err, DNS_E_SHORT);

	dns_reader_init(&r, buf, 0);
	cr_assert_eq(dns_read_u8(&r), 0);
	assert_err(r.err, DNS_E_SHORT);

	dns_reader_init(&r, buf, 3);
	cr_assert_null(dns_read_bytes(&r, 4));
	assert_err(r.err, DNS_E_SHORT);
	cr_assert_eq(r.pos, 0);
}

Test(wire_reader, huge_lengths_do_not_wrap)
{
	static const uint8_t buf[] = {1, 2, 3, 4};
	struct dns_reader r;
	dns_reader_init(&r, buf, sizeof buf);
	dns_read_u8(&r);
	cr_assert_null(dns_read_bytes(&r, SIZE_MAX));
	assert_err(r.err, DNS_E_SHORT);
	cr_assert_eq(r.pos, 1);

	dns_reader_init(&r, buf, sizeof buf);
	dns_read_u16(&r);
	cr_assert_null(dns_read_bytes(&r, SIZE_MAX - 1));
	assert_err(r.err, DNS_E_SHORT);
}

Test(wire_reader, zero_octets_at_the_end_is_fine)
{
	static const uint8_t buf[] = {9, 8};
	struct dns_reader r;
	dns_reader_init(&r, buf, sizeof buf);
	cr_assert_eq(dns_read_bytes(&r, 2), buf);
	cr_assert_eq(dns_read_bytes(&r, 0), buf + 2);
	assert_err(r.err, DNS_OK);
	cr_assert_eq(dns_reader_left(&r), 0);
}

Test(wire_reader, fail_keeps_the_first_error)
{
	static const uint8_t buf[] = {1, 2, 3, 4};
	struct dns_reader r;
	dns_reader_init(&r, buf, sizeof buf);
	assert_err(dns_reader_fail(&r, DNS_E_RDATA_LEN), DNS_E_RDATA_LEN);
	assert_err(dns_reader_fail(&r, DNS_E_SHORT), DNS_E_RDATA_LEN);
	assert_err(r.err, DNS_E_RDATA_LEN);
	cr_assert_eq(dns_read_u8(&r), 0, "reads after a failure return zero");
	cr_assert_eq(dns_reader_left(&r), 0);
	cr_assert_eq(r.pos, 0);

	dns_reader_init(&r, buf, 1);
	dns_read_u16(&r);
	assert_err(dns_reader_fail(&r, DNS_E_TXT_LEN), DNS_E_SHORT);
}

/* ===================================================================== */
/* writer                                                                */
/* ===================================================================== */

Test(wire_writer, writes_big_endian)
{
	uint8_t buf[16];
	struct dns_writer w;
	dns_writer_init(&w, buf, sizeof buf);
	dns_write_u8(&w, 0x01);
	dns_write_u16(&w, 0x0203);
	dns_write_u32(&w, 0x04050607u);
	dns_write_bytes(&w, "ab", 2);
	dns_write_u32(&w, 0xfffefdfcu);
	assert_err(w.err, DNS_OK);
	assert_bytes(buf, w.len,
		     BYTES(1, 2, 3, 4, 5, 6, 7, 'a', 'b', 0xff, 0xfe, 0xfd, 0xfc),
		     13);
}

Test(wire_writer, exact_fit_then_nospace_sticks_without_partial_writes)
{
	uint8_t buf[8];
	memset(buf, 0xEE, sizeof buf);
	struct dns_writer w;
	dns_writer_init(&w, buf, 5);
	dns_write_u32(&w, 0x11223344u);
	assert_err(w.err, DNS_OK);
	cr_assert_eq(w.len, 4);
	dns_write_u16(&w, 0x5566); /* two octets, one left */
	assert_err(w.err, DNS_E_NOSPACE);
	cr_assert_eq(w.len, 4);
	cr_assert_eq(buf[4], 0xEE, "no half of the u16 was written");
	dns_write_u8(&w, 0x77); /* would fit: the error sticks */
	cr_assert_eq(w.len, 4);
	cr_assert_eq(buf[4], 0xEE);
	dns_write_bytes(&w, "", 0);
	assert_err(w.err, DNS_E_NOSPACE);
	assert_bytes(buf, 8, BYTES(0x11, 0x22, 0x33, 0x44, 0xEE, 0xEE, 0xEE, 0xEE),
		     8);
}

Test(wire_writer, every_width_respects_cap)
{
	uint8_t buf[4] = {0xEE, 0xEE, 0xEE, 0xEE};
	struct dns_writer w;

	dns_writer_init(&w, buf, 4);
	dns_write_u32(&w, 0x01020304u);
	assert_err(w.err, DNS_OK);
	dns_write_u8(&w, 5);
	assert_err(w.err, DNS_E_NOSPACE);
	cr_assert_eq(w.len, 4);

	memset(buf, 0xEE, 4);
	dns_writer_init(&w, buf, 3);
	dns_write_u32(&w, 0x01020304u);
	assert_err(w.err, DNS_E_NOSPACE);
	cr_assert_eq(w.len, 0);
	assert_bytes(buf, 4, BYTES(0xEE, 0xEE, 0xEE, 0xEE), 4);

	dns_writer_init(&w, buf, 0);
	dns_write_bytes(&w, NULL, 0);
	assert_err(w.err, DNS_OK);
	dns_write_u8(&w, 1);
	assert_err(w.err, DNS_E_NOSPACE);
}

Test(wire_writer, huge_length_does_not_wrap)
{
	uint8_t buf[4];
	struct dns_writer w;
	dns_writer_init(&w, buf, sizeof buf);
	dns_write_u8(&w, 1);
	dns_write_bytes(&w, buf, SIZE_MAX);
	assert_err(w.err, DNS_E_NOSPACE);
	cr_assert_eq(w.len, 1);
}

/* ===================================================================== */
/* dns_name_unpack                                                       */
/* ===================================================================== */

/* The result of one unpack, with `out` an exact DNS_MAX_NAME heap buffer
 * so that an overrun shows under ASan. */
struct unpacked {
	enum dns_err e;
	size_t next;
	size_t wire_len;
	uint8_t out[DNS_MAX_NAME];
};

static struct unpacked unpack_end(struct mb *m, size_t off, size_t end)
{
	struct unpacked u;
	memset(&u, 0, sizeof u);
	u.next = u.wire_len = (size_t)-1;
	const uint8_t *pkt = mb_pkt(m);
	uint8_t *out = malloc(DNS_MAX_NAME);
	cr_assert_not_null(out);
	memset(out, 0xAA, DNS_MAX_NAME);
	u.e = dns_name_unpack(pkt, m->n, off, end, &u.next, out, &u.wire_len);
	memcpy(u.out, out, DNS_MAX_NAME);
	free(out);
	/* the same walk without an output buffer gives the same verdict */
	size_t next2 = (size_t)-1, wl2 = (size_t)-1;
	enum dns_err e2 = dns_name_unpack(pkt, m->n, off, end, &next2, NULL, &wl2);
	assert_err(e2, u.e);
	if (!u.e) {
		cr_assert_eq(next2, u.next);
		cr_assert_eq(wl2, u.wire_len);
	}
	return u;
}

static struct unpacked unpack(struct mb *m, size_t off)
{
	return unpack_end(m, off, m->n);
}

static void hdr(struct mb *m)
{
	mb_fill(m, 0, DNS_HEADER_LEN);
}

#define EXAMPLE_COM 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0

Test(name_unpack, plain_name)
{
	MB(m);
	hdr(&m);
	MB_BYTES(&m, EXAMPLE_COM, 0x00, 0x01);
	struct unpacked u = unpack(&m, 12);
	assert_err(u.e, DNS_OK);
	cr_assert_eq(u.next, 25);
	cr_assert_eq(u.wire_len, 13);
	assert_bytes(u.out, u.wire_len, BYTES(EXAMPLE_COM), 13);
}

Test(name_unpack, root_name)
{
	MB(m);
	hdr(&m);
	MB_BYTES(&m, 0);
	struct unpacked u = unpack(&m, 12);
	assert_err(u.e, DNS_OK);
	cr_assert_eq(u.next, 13);
	cr_assert_eq(u.wire_len, 1);
	cr_assert_eq(u.out[0], 0);
}

Test(name_unpack, case_is_kept)
{
	MB(m);
	hdr(&m);
	MB_BYTES(&m, 3, 'W', 'w', 'W', 0);
	struct unpacked u = unpack(&m, 12);
	assert_err(u.e, DNS_OK);
	assert_bytes(u.out, u.wire_len, BYTES(3, 'W', 'w', 'W', 0), 5);
}

/* ---- section 1: compression pointers -------------------------------- */

/* The header documents "strictly before the start of the run of labels
 * that holds it": a pointer to its own offset is not before it, so it is
 * PTR_FORWARD (uClibc-ng CVE-2016-2224, RFC 9267 fig. 1). */
Test(name_unpack, self_pointer_at_12_is_forward)
{
	MB(m);
	hdr(&m);
	MB_BYTES(&m, 0xc0, 0x0c);
	assert_err(unpack(&m, 12).e, DNS_E_PTR_FORWARD);
}

Test(name_unpack, self_pointer_later_in_message_is_forward)
{
	MB(m);
	hdr(&m);
	MB_BYTES(&m, 1, 'a', 0);  /* 12..14 */
	MB_BYTES(&m, 0xc0, 0x0f); /* 15: points at 15 */
	assert_err(unpack(&m, 15).e, DNS_E_PTR_FORWARD);
}

/* RFC 9267 fig. 2; NAME:WRECK CVE-2016-20009, Nucleus CVE-2020-27009. */
Test(name_unpack, label_then_pointer_to_own_start)
{
	MB(m);
	hdr(&m);
	MB_BYTES(&m, 4, 't', 'e', 's', 't', 0xc0, 0x0c);
	assert_err(unpack(&m, 12).e, DNS_E_PTR_FORWARD);

	MB(m2);
	hdr(&m2);
	MB_BYTES(&m2, 1, 'a', 0);                            /* 12 */
	MB_BYTES(&m2, 4, 't', 'e', 's', 't', 0xc0, 0x0f);    /* 15 -> 15 */
	assert_err(unpack(&m2, 15).e, DNS_E_PTR_FORWARD);
	/* target inside its own run, past the label: still not before it */
	MB(m3);
	hdr(&m3);
	MB_BYTES(&m3, 1, 'a', 0);                            /* 12 */
	MB_BYTES(&m3, 1, 'x', 1, 'y', 0xc0, 0x11);           /* 15 -> 17 */
	assert_err(unpack(&m3, 15).e, DNS_E_PTR_FORWARD);
}

Test(name_unpack, two_cycle)
{
	MB(m);
	hdr(&m);
	MB_BYTES(&m, 1, 'a', 0xc0, 0x10); /* 12: 'a' -> 16 */
	MB_BYTES(&m, 1, 'b', 0xc0, 0x0c); /* 16: 'b' -> 12 */
	assert_err(unpack(&m, 12).e, DNS_E_PTR_FORWARD);
	/* from 16 the first jump (to 12) is backwards; the second (to 16)
	 * is not before the previous target */
	assert_err(unpack(&m, 16).e, DNS_E_PTR_FORWARD);
}

Test(name_unpack, forward_pointer_to_a_well_formed_name)
{
	MB(m);
	hdr(&m);
	MB_BYTES(&m, 0xc0, 0x0e); /* 12 -> 14 */
	MB_BYTES(&m, 1, 'a', 0);  /* 14 */
	assert_err(unpack(&m, 12).e, DNS_E_PTR_FORWARD);

	MB(m2);
	hdr(&m2);
	MB_BYTES(&m2, 1, 'a', 0);   /* 12 */
	MB_BYTES(&m2, 0xc0, 0x11);  /* 15 -> 17 */
	MB_BYTES(&m2, 1, 'b', 0);   /* 17 */
	assert_err(unpack(&m2, 15).e, DNS_E_PTR_FORWARD);
	struct unpacked u = unpack(&m2, 17);
	assert_err(u.e, DNS_OK);
}

/* Nucleus NET CVE-2020-27738; musl 9b132e55. */
Test(name_unpack, pointer_past_the_end)
{
	MB(m);
	hdr(&m);
	MB_BYTES(&m, 1, 'a', 0);        /* 12..14 */
	mb_fill(&m, 0, 43 - m.n);       /* pad to 43 */
	MB_BYTES(&m, 0xff, 0xff);       /* 43: -> 16383 */
	cr_assert_eq(m.n, 45);
	assert_err(unpack(&m, 43).e, DNS_E_PTR_PAST_END);

	m.b[44] = 45; /* c0 2d: pointer == length */
	m.b[43] = 0xc0;
	assert_err(unpack(&m, 43).e, DNS_E_PTR_PAST_END);

	m.b[44] = 44; /* c0 2c: inside the message but not backwards */
	assert_err(unpack(&m, 43).e, DNS_E_PTR_FORWARD);
}

Test(name_unpack, pointer_into_the_header)
{
	static const uint8_t targets[] = {0x00, 0x04, 0x07, 0x0b};
	for (size_t i = 0; i < sizeof targets; i++) {
		MB(m);
		hdr(&m);
		MB_BYTES(&m, 0xc0, targets[i]);
		assert_err(unpack(&m, 12).e, DNS_E_PTR_HEADER);
	}
	/* after a label, and from a later name */
	MB(m);
	hdr(&m);
	MB_BYTES(&m, 1, 'a', 0xc0, 0x04);
	assert_err(unpack(&m, 12).e, DNS_E_PTR_HEADER);
	MB(m2);
	hdr(&m2);
	MB_BYTES(&m2, 1, 'a', 0, 0xc0, 0x07);
	assert_err(unpack(&m2, 15).e, DNS_E_PTR_HEADER);
}

Test(name_unpack, cut_pointer)
{
	MB(m);
	hdr(&m);
	MB_BYTES(&m, 0xc0);
	assert_err(unpack(&m, 12).e, DNS_E_PTR_CUT);

	MB(m2);
	hdr(&m2);
	MB_BYTES(&m2, 1, 'a', 0);     /* 12 */
	MB_BYTES(&m2, 1, 'b', 0xc0);  /* 15: ends inside the pointer */
	assert_err(unpack(&m2, 15).e, DNS_E_PTR_CUT);
}

/* RFC 9267 s2.3: `octet & 0xC0` is not the pointer test; 0x40 and 0x80
 * are reserved label types, not pointers to 12. */
Test(name_unpack, wrong_bit_test_shapes_are_label_types)
{
	MB(m);
	hdr(&m);
	MB_BYTES(&m, 1, 'a', 0);  /* 12: a decoy the bad test would reach */
	MB_BYTES(&m, 0x40, 0x0c); /* 15 */
	MB_BYTES(&m, 0x80, 0x0c); /* 17 */
	assert_err(unpack(&m, 15).e, DNS_E_LABEL_TYPE);
	assert_err(unpack(&m, 17).e, DNS_E_LABEL_TYPE);
}

/* HAProxy 2fa66c3b9 / bb5c18ab: the offset has 14 bits. */
Test(name_unpack, fourteen_bit_offset_285_not_29)
{
	MB(m);
	hdr(&m);
	mb_fill(&m, 0, 29 - m.n);
	MB_BYTES(&m, 5, 'd', 'e', 'c', 'o', 'y', 0); /* 29 */
	mb_fill(&m, 0, 285 - m.n);
	MB_BYTES(&m, 6, 't', 'a', 'r', 'g', 'e', 't', 0); /* 285..292 */
	MB_BYTES(&m, 0xc1, 0x1d);                         /* 293 -> 285 */
	cr_assert_eq(m.n, 295);
	struct unpacked u = unpack(&m, 293);
	assert_err(u.e, DNS_OK);
	cr_assert_eq(u.next, 295);
	cr_assert_eq(u.wire_len, 8);
	assert_bytes(u.out, 8, BYTES(6, 't', 'a', 'r', 'g', 'e', 't', 0), 8);
}

/* ocaml-dns#127, SIDN/entrada#79: legal, Knot writes such chains. */
Test(name_unpack, pointer_to_pointer_is_accepted)
{
	MB(m);
	hdr(&m);
	MB_BYTES(&m, EXAMPLE_COM);  /* 12..24 */
	MB_BYTES(&m, 0xc0, 0x0c);   /* 25 -> 12 */
	MB_BYTES(&m, 0xc0, 0x19);   /* 27 -> 25 */
	MB_BYTES(&m, 3, 'w', 'w', 'w', 0xc0, 0x1b); /* 29 -> 27 */
	struct unpacked u = unpack(&m, 27);
	assert_err(u.e, DNS_OK);
	cr_assert_eq(u.next, 29);
	cr_assert_eq(u.wire_len, 13);
	assert_bytes(u.out, 13, BYTES(EXAMPLE_COM), 13);

	u = unpack(&m, 29);
	assert_err(u.e, DNS_OK);
	cr_assert_eq(u.next, 35, "next is after the first pointer");
	cr_assert_eq(u.wire_len, 17);
	assert_bytes(u.out, 17, BYTES(3, 'w', 'w', 'w', EXAMPLE_COM), 17);
}

/* c-ares capped hops at 50, then 128: a chain of strictly decreasing
 * targets needs no cap. */
static void long_chain(size_t hops)
{
	MB(m);
	hdr(&m);
	MB_BYTES(&m, 1, 'a', 0); /* 12..14 */
	size_t prev = 12, at = 0;
	for (size_t i = 0; i < hops; i++) {
		at = m.n;
		mb_ptr(&m, prev);
		prev = at;
	}
	struct unpacked u = unpack(&m, at);
	assert_err(u.e, DNS_OK);
	cr_assert_eq(u.next, at + 2);
	cr_assert_eq(u.wire_len, 3);
	assert_bytes(u.out, 3, BYTES(1, 'a', 0), 3);
}

Test(name_unpack, chain_of_70_backward_hops)
{
	long_chain(70);
}

Test(name_unpack, chain_of_8000_backward_hops)
{
	long_chain(8000);
}

/* nginx CVE-2021-23017 shapes: RFC 1035 allows both. */
Test(name_unpack, pointer_into_label_data_is_accepted)
{
	MB(m);
	hdr(&m);
	/* 12: one label "x\003abc\000", then the root */
	MB_BYTES(&m, 6, 'x', 3, 'a', 'b', 'c', 0, 0);
	MB_BYTES(&m, 0xc0, 0x0e); /* 20 -> 14, inside the label */
	struct unpacked u = unpack(&m, 20);
	assert_err(u.e, DNS_OK);
	cr_assert_eq(u.next, 22);
	cr_assert_eq(u.wire_len, 5);
	assert_bytes(u.out, 5, BYTES(3, 'a', 'b', 'c', 0), 5);
	/* and the name at 12 itself */
	u = unpack(&m, 12);
	assert_err(u.e, DNS_OK);
	cr_assert_eq(u.wire_len, 8);
	assert_bytes(u.out, 8, BYTES(6, 'x', 3, 'a', 'b', 'c', 0, 0), 8);
}

Test(name_unpack, pointer_onto_a_root_octet_is_accepted)
{
	MB(m);
	hdr(&m);
	MB_BYTES(&m, 3, 'a', 'b', 'c', 0);             /* 12..16 */
	MB_BYTES(&m, 3, 'd', 'e', 'f', 0xc0, 0x10);    /* 17 -> 16 */
	struct unpacked u = unpack(&m, 17);
	assert_err(u.e, DNS_OK);
	cr_assert_eq(u.next, 23);
	cr_assert_eq(u.wire_len, 5);
	assert_bytes(u.out, 5, BYTES(3, 'd', 'e', 'f', 0), 5);
}

Test(name_unpack, labels_after_a_jump_run_off_the_end)
{
	MB(m);
	hdr(&m);
	MB_BYTES(&m, 2, 'x', 3);     /* 12: its label "\003" at 14 ... */
	MB_BYTES(&m, 0xc0, 0x0e);    /* 15 -> 14: length 3 needs 15..17 */
	cr_assert_eq(m.n, 17);
	assert_err(unpack(&m, 15).e, DNS_E_NAME_UNTERMINATED);
}

/* ---- section 2: label and name length -------------------------------- */

/* Nucleus CVE-2020-15795 / CVE-2020-27736; Treck CVE-2020-11901. */
Test(name_unpack, reserved_label_types)
{
	static const uint8_t lens[] = {0x40, 0x41, 0x7f, 0x80, 0xbf};
	for (size_t i = 0; i < sizeof lens; i++) {
		MB(m);
		hdr(&m);
		mb_u8(&m, lens[i]);
		mb_fill(&m, 'a', lens[i]);
		mb_u8(&m, 0);
		assert_err(unpack(&m, 12).e, DNS_E_LABEL_TYPE);

		/* the same octet after a first label */
		MB(m2);
		hdr(&m2);
		MB_BYTES(&m2, 1, 'q');
		mb_u8(&m2, lens[i]);
		mb_fill(&m2, 'a', lens[i]);
		mb_u8(&m2, 0);
		assert_err(unpack(&m2, 12).e, DNS_E_LABEL_TYPE);
	}
	/* and at a pointer's target */
	MB(m);
	hdr(&m);
	MB_BYTES(&m, 0x41, 0, 0xc0, 0x0c);
	assert_err(unpack(&m, 14).e, DNS_E_LABEL_TYPE);
}

static void labels(struct mb *m, const unsigned *lens, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		mb_u8(m, lens[i]);
		mb_fill(m, (uint8_t)('a' + i), lens[i]);
	}
}

Test(name_unpack, name_of_exactly_255_is_accepted)
{
	MB(m);
	hdr(&m);
	static const unsigned lens[] = {63, 63, 63, 61};
	labels(&m, lens, 4);
	mb_u8(&m, 0);
	struct unpacked u = unpack(&m, 12);
	assert_err(u.e, DNS_OK);
	cr_assert_eq(u.wire_len, 255);
	cr_assert_eq(u.next, 12 + 255);
	assert_bytes(u.out, 255, m.b + 12, 255);
}

Test(name_unpack, name_of_256_is_too_long)
{
	MB(m);
	hdr(&m);
	static const unsigned lens[] = {63, 63, 63, 62};
	labels(&m, lens, 4);
	mb_u8(&m, 0);
	assert_err(unpack(&m, 12).e, DNS_E_NAME_TOO_LONG);
}

Test(name_unpack, one_octet_labels_up_to_255)
{
	MB(m);
	hdr(&m);
	for (int i = 0; i < 127; i++)
		MB_BYTES(&m, 1, 'x');
	mb_u8(&m, 0);
	struct unpacked u = unpack(&m, 12);
	assert_err(u.e, DNS_OK);
	cr_assert_eq(u.wire_len, 255);

	MB(m2);
	hdr(&m2);
	for (int i = 0; i < 128; i++)
		MB_BYTES(&m2, 1, 'x');
	mb_u8(&m2, 0);
	assert_err(unpack(&m2, 12).e, DNS_E_NAME_TOO_LONG);
}

/* Treck CVE-2020-11901: the limit holds for the decompressed name. */
Test(name_unpack, too_long_only_after_decompression)
{
	static const unsigned lens243[] = {63, 63, 63, 50}; /* 243 octets */
	MB(m);
	hdr(&m);
	MB_BYTES(&m, EXAMPLE_COM); /* 12..24, 13 octets */
	labels(&m, lens243, 4);    /* 25..267 */
	MB_BYTES(&m, 0xc0, 0x0c);  /* 268 */
	assert_err(unpack(&m, 25).e, DNS_E_NAME_TOO_LONG);

	static const unsigned lens242[] = {63, 63, 63, 49}; /* 242 octets */
	MB(m2);
	hdr(&m2);
	MB_BYTES(&m2, EXAMPLE_COM);
	labels(&m2, lens242, 4);
	MB_BYTES(&m2, 0xc0, 0x0c);
	struct unpacked u = unpack(&m2, 25);
	assert_err(u.e, DNS_OK);
	cr_assert_eq(u.wire_len, 255);
	cr_assert_eq(u.next, 25 + 242 + 2);
	assert_bytes(u.out + 242, 13, BYTES(EXAMPLE_COM), 13);
}

/* ---- section 3: termination and RDATA bounds ------------------------- */

/* Nut/Net CVE-2020-25111; RFC 9267 s4. */
Test(name_unpack, unterminated_names)
{
	MB(m);
	hdr(&m);
	assert_err(unpack(&m, 12).e, DNS_E_NAME_UNTERMINATED); /* nothing */

	MB(m2);
	hdr(&m2);
	MB_BYTES(&m2, 3, 'a', 'b', 'c');
	assert_err(unpack(&m2, 12).e, DNS_E_NAME_UNTERMINATED);

	MB(m3);
	hdr(&m3);
	MB_BYTES(&m3, 3, 'a', 'b');
	assert_err(unpack(&m3, 12).e, DNS_E_NAME_UNTERMINATED);

	MB(m4);
	hdr(&m4);
	MB_BYTES(&m4, 63);
	mb_fill(&m4, 'z', 62);
	assert_err(unpack(&m4, 12).e, DNS_E_NAME_UNTERMINATED);
}

/* Treck CVE-2020-11901, RFC 9267 s5, musl 9b132e55: names in RDATA end by
 * the RDATA's end, not the message's. */
Test(name_unpack, bounded_by_end_not_message)
{
	MB(m);
	hdr(&m);
	MB_BYTES(&m, 3, 'a', 'b', 'c', 0, 0xff); /* 12..16, then 17 */
	/* end after the label: the root octet is outside */
	assert_err(unpack_end(&m, 12, 16).e, DNS_E_RDATA_NAME);
	/* end inside the label */
	assert_err(unpack_end(&m, 12, 14).e, DNS_E_RDATA_NAME);
	assert_err(unpack_end(&m, 12, 12).e, DNS_E_RDATA_NAME);
	/* end right after the root */
	struct unpacked u = unpack_end(&m, 12, 17);
	assert_err(u.e, DNS_OK);
	cr_assert_eq(u.next, 17);
	/* an end past the message is the message's end */
	u = unpack_end(&m, 12, 1000);
	assert_err(u.e, DNS_OK);
}

Test(name_unpack, pointer_straddling_the_end)
{
	MB(m);
	hdr(&m);
	MB_BYTES(&m, EXAMPLE_COM);         /* 12..24 */
	MB_BYTES(&m, 1, 'a', 0xc0, 0x0c);  /* 25..28 */
	MB_BYTES(&m, 0);                   /* 29: next record */
	assert_err(unpack_end(&m, 25, 28).e, DNS_E_RDATA_NAME);
	assert_err(unpack_end(&m, 25, 27).e, DNS_E_RDATA_NAME);
	struct unpacked u = unpack_end(&m, 25, 29);
	assert_err(u.e, DNS_OK);
	cr_assert_eq(u.next, 29);
	cr_assert_eq(u.wire_len, 15);
	/* the pointer reaches back before the RDATA: that is allowed */
	assert_bytes(u.out, 15, BYTES(1, 'a', EXAMPLE_COM), 15);
}

Test(name_unpack, jump_target_is_bounded_by_the_message_not_the_end)
{
	MB(m);
	hdr(&m);
	MB_BYTES(&m, EXAMPLE_COM); /* 12..24 */
	MB_BYTES(&m, 0xc0, 0x0c);  /* 25 */
	/* RDATA [25, 27): the target's labels lie before it */
	struct unpacked u = unpack_end(&m, 25, 27);
	assert_err(u.e, DNS_OK);
	cr_assert_eq(u.next, 27);
	cr_assert_eq(u.wire_len, 13);
}

/* ===================================================================== */
/* comparison and small helpers                                          */
/* ===================================================================== */

Test(name_equal, ascii_case_insensitive)
{
	cr_assert(dns_name_equal(BYTES(EXAMPLE_COM),
				 BYTES(7, 'E', 'x', 'A', 'm', 'P', 'l', 'E', 3,
				       'C', 'O', 'M', 0)));
	cr_assert(dns_name_equal(BYTES(0), BYTES(0)));
	cr_assert_not(dns_name_equal(BYTES(EXAMPLE_COM), BYTES(0)));
	cr_assert_not(dns_name_equal(BYTES(1, 'a', 0), BYTES(1, 'b', 0)));
	/* same letters, other label boundaries */
	cr_assert_not(dns_name_equal(BYTES(2, 'a', 'b', 1, 'c', 0),
				     BYTES(1, 'a', 2, 'b', 'c', 0)));
	/* a prefix is not equal */
	cr_assert_not(dns_name_equal(BYTES(1, 'a', 1, 'b', 0), BYTES(1, 'a', 0)));
	cr_assert_not(dns_name_equal(BYTES(1, 'a', 0), BYTES(1, 'a', 1, 'b', 0)));
}

/* RFC 4343: only A-Z fold. '@' (0x40) and '`' (0x60), '[' and '{', 0xC1
 * and 0xE1 differ by 0x20 too and are different octets. */
Test(name_equal, only_ascii_letters_fold)
{
	cr_assert_not(dns_name_equal(BYTES(1, '@', 0), BYTES(1, '`', 0)));
	cr_assert_not(dns_name_equal(BYTES(1, '[', 0), BYTES(1, '{', 0)));
	cr_assert_not(dns_name_equal(BYTES(1, ']', 0), BYTES(1, '}', 0)));
	cr_assert_not(dns_name_equal(BYTES(1, '^', 0), BYTES(1, '~', 0)));
	cr_assert_not(dns_name_equal(BYTES(1, 0xc1, 0), BYTES(1, 0xe1, 0)));
	cr_assert_not(dns_name_equal(BYTES(1, '.', 0), BYTES(1, 0x0e, 0)));
	cr_assert(dns_name_equal(BYTES(1, 'Z', 0), BYTES(1, 'z', 0)));
	cr_assert(dns_name_equal(BYTES(1, 'A', 0), BYTES(1, 'a', 0)));
}

Test(name_equal, compressed_name_in_a_message)
{
	MB(m);
	hdr(&m);
	MB_BYTES(&m, EXAMPLE_COM);                 /* 12 */
	MB_BYTES(&m, 3, 'W', 'W', 'W', 0xc0, 0x0c); /* 25 */
	MB_BYTES(&m, 0xc0, 0x19);                  /* 31 -> 25 */
	const uint8_t *pkt = mb_pkt(&m);
	static const uint8_t www[] = {3, 'w', 'w', 'w', EXAMPLE_COM};
	cr_assert(dns_name_equal_at(pkt, 25, www));
	cr_assert(dns_name_equal_at(pkt, 31, www));
	cr_assert(dns_name_equal_at(pkt, 12, BYTES(7, 'E', 'X', 'A', 'M', 'P',
						   'L', 'E', 3, 'c', 'o', 'm', 0)));
	cr_assert_not(dns_name_equal_at(pkt, 25, BYTES(EXAMPLE_COM)));
	cr_assert_not(dns_name_equal_at(pkt, 12, www));
	cr_assert_not(dns_name_equal_at(pkt, 31, BYTES(3, 'w', 'w', 'x',
						   EXAMPLE_COM)));
	cr_assert_not(dns_name_equal_at(pkt, 25, BYTES(3, 'w', 'w', 'w', 0)));
}

Test(name_helpers, length_and_labels)
{
	cr_assert_eq(dns_name_len(BYTES(0)), 1);
	cr_assert_eq(dns_name_labels(BYTES(0)), 0);
	cr_assert_eq(dns_name_len(BYTES(EXAMPLE_COM)), 13);
	cr_assert_eq(dns_name_labels(BYTES(EXAMPLE_COM)), 2);
	cr_assert_eq(dns_name_len(BYTES(1, 0, 0)), 3, "a label holding a NUL");
	cr_assert_eq(dns_name_labels(BYTES(1, 0, 0)), 1);
}

/* ===================================================================== */
/* dns_name_from_text                                                    */
/* ===================================================================== */

struct parsed {
	enum dns_err e;
	size_t len;
	uint8_t out[DNS_MAX_NAME];
};

/* Parses text[0..n) into an exact DNS_MAX_NAME heap buffer, and the text
 * itself from an exact heap copy without a NUL, so that ASan sees any
 * octet written or read past either. */
static struct parsed from_text_n(const char *text, size_t n)
{
	struct parsed p;
	memset(&p, 0, sizeof p);
	p.len = (size_t)-1;
	char *in = malloc(n ? n : 1);
	uint8_t *out = malloc(DNS_MAX_NAME);
	cr_assert(in && out);
	memcpy(in, text, n);
	p.e = dns_name_from_text(in, n, out, &p.len);
	memcpy(p.out, out, DNS_MAX_NAME);
	free(in);
	free(out);
	return p;
}

static struct parsed from_text(const char *text)
{
	return from_text_n(text, strlen(text));
}

#define assert_name_text(text, ...)                                         \
	do {                                                                \
		struct parsed p_ = from_text(text);                         \
		assert_err(p_.e, DNS_OK);                                   \
		assert_bytes(p_.out, p_.len, BYTES(__VA_ARGS__),            \
			     NBYTES(__VA_ARGS__));                          \
	} while (0)

#define assert_name_text_err(text, err)                                     \
	assert_err(from_text(text).e, (err))

Test(name_from_text, plain_names_and_optional_final_dot)
{
	assert_name_text("example.com", EXAMPLE_COM);
	assert_name_text("example.com.", EXAMPLE_COM);
	assert_name_text("a", 1, 'a', 0);
	assert_name_text("a.", 1, 'a', 0);
	assert_name_text("Mixed.CASE", 5, 'M', 'i', 'x', 'e', 'd', 4, 'C', 'A',
			 'S', 'E', 0);
}

Test(name_from_text, root)
{
	assert_name_text(".", 0);
}

Test(name_from_text, only_text_len_octets_are_read)
{
	struct parsed p = from_text_n("example.comXYZ", 11);
	assert_err(p.e, DNS_OK);
	assert_bytes(p.out, p.len, BYTES(EXAMPLE_COM), 13);
	p = from_text_n(".junk", 1);
	assert_err(p.e, DNS_OK);
	assert_bytes(p.out, p.len, BYTES(0), 1);
}

Test(name_from_text, empty_labels)
{
	assert_name_text_err("", DNS_E_EMPTY_LABEL);
	assert_name_text_err("..", DNS_E_EMPTY_LABEL);
	assert_name_text_err(".a", DNS_E_EMPTY_LABEL);
	assert_name_text_err("a..b", DNS_E_EMPTY_LABEL);
	assert_name_text_err("a..", DNS_E_EMPTY_LABEL);
	assert_name_text_err("a.b..", DNS_E_EMPTY_LABEL);
}

Test(name_from_text, escaped_specials)
{
	assert_name_text("a\\.b.c", 3, 'a', '.', 'b', 1, 'c', 0);
	assert_name_text("a\\\\b", 3, 'a', '\\', 'b', 0);
	assert_name_text("\\a\\b", 2, 'a', 'b', 0); /* \X is X */
	assert_name_text("\\(\\)\\;\\\"\\@\\$", 6, '(', ')', ';', '"', '@', '$', 0);
	assert_name_text("\\ x", 2, ' ', 'x', 0);
}

Test(name_from_text, decimal_escapes)
{
	assert_name_text("\\065", 1, 'A', 0);
	assert_name_text("\\000", 1, 0, 0);
	assert_name_text("\\255", 1, 0xff, 0);
	assert_name_text("\\046.x", 1, '.', 1, 'x', 0);
	assert_name_text("a\\0321", 3, 'a', ' ', '1', 0); /* digits after \DDD */
	assert_name_text("\\092\\046", 2, '\\', '.', 0);
}

Test(name_from_text, bad_escapes)
{
	assert_name_text_err("\\256", DNS_E_BAD_ESCAPE);
	assert_name_text_err("\\999", DNS_E_BAD_ESCAPE);
	assert_name_text_err("\\1", DNS_E_BAD_ESCAPE);
	assert_name_text_err("\\12", DNS_E_BAD_ESCAPE);
	assert_name_text_err("a\\12.b", DNS_E_BAD_ESCAPE);
	assert_name_text_err("\\1a2", DNS_E_BAD_ESCAPE);
	assert_name_text_err("\\", DNS_E_BAD_ESCAPE);
	assert_name_text_err("a\\", DNS_E_BAD_ESCAPE);
	assert_name_text_err("a.b\\", DNS_E_BAD_ESCAPE);
	/* a \DDD cut by text_len */
	assert_err(from_text_n("\\0655", 3).e, DNS_E_BAD_ESCAPE);
}

/* c-ares CVE-2016-5180: a name that ends in an escaped dot. */
Test(name_from_text, name_ending_in_an_escaped_dot)
{
	assert_name_text("a\\.", 2, 'a', '.', 0);      /* text: a\. */
	assert_name_text("a\\..", 2, 'a', '.', 0);     /* text: a\.. */
	assert_name_text("a\\\\.", 2, 'a', '\\', 0);   /* text: a\\. */
	assert_name_text("a\\\\\\.", 3, 'a', '\\', '.', 0); /* a\\\. */
	assert_name_text("\\.", 1, '.', 0);
	assert_name_text("\\..", 1, '.', 0);
	assert_name_text("b.a\\.", 1, 'b', 2, 'a', '.', 0);
}

static char *repeat(char *dst, char c, size_t n)
{
	memset(dst, c, n);
	return dst + n;
}

Test(name_from_text, label_of_63_and_64)
{
	char text[80];
	char *e = repeat(text, 'x', 63);
	*e = '\0';
	struct parsed p = from_text(text);
	assert_err(p.e, DNS_OK);
	cr_assert_eq(p.len, 65);
	cr_assert_eq(p.out[0], 63);
	cr_assert_eq(p.out[64], 0);

	e = repeat(text, 'x', 64);
	*e = '\0';
	assert_name_text_err(text, DNS_E_LABEL_TOO_LONG);

	/* escapes count as one octet each */
	char esc[63 * 4 + 8];
	char *q = esc;
	for (int i = 0; i < 63; i++) {
		memcpy(q, "\\065", 4);
		q += 4;
	}
	*q = '\0';
	p = from_text(esc);
	assert_err(p.e, DNS_OK);
	cr_assert_eq(p.len, 65);
	memcpy(q, "\\066", 5);
	assert_name_text_err(esc, DNS_E_LABEL_TOO_LONG);

	/* 64 in a later label */
	char two[80];
	e = repeat(two, 'a', 1);
	*e++ = '.';
	e = repeat(e, 'b', 64);
	*e = '\0';
	assert_name_text_err(two, DNS_E_LABEL_TOO_LONG);
}

/* Builds "xxx.yyy.zzz.www" from label lengths. */
static void dotted(char *dst, const unsigned *lens, size_t n, bool final_dot)
{
	for (size_t i = 0; i < n; i++) {
		dst = repeat(dst, (char)('a' + i), lens[i]);
		if (i + 1 < n || final_dot)
			*dst++ = '.';
	}
	*dst = '\0';
}

Test(name_from_text, name_limits_255)
{
	char text[300];
	static const unsigned ok[] = {63, 63, 63, 61};
	static const unsigned over[] = {63, 63, 63, 62};
	static const unsigned four63[] = {63, 63, 63, 63};

	dotted(text, ok, 4, false);
	struct parsed p = from_text(text);
	assert_err(p.e, DNS_OK);
	cr_assert_eq(p.len, 255);
	cr_assert_eq(p.out[0], 63);
	cr_assert_eq(p.out[192], 61);
	cr_assert_eq(p.out[254], 0);

	dotted(text, ok, 4, true);
	p = from_text(text);
	assert_err(p.e, DNS_OK);
	cr_assert_eq(p.len, 255);

	dotted(text, over, 4, false);
	assert_name_text_err(text, DNS_E_NAME_TOO_LONG);
	dotted(text, over, 4, true);
	assert_name_text_err(text, DNS_E_NAME_TOO_LONG);
	dotted(text, four63, 4, true);
	assert_name_text_err(text, DNS_E_NAME_TOO_LONG);

	/* 127 one-octet labels: 254 + root */
	char *q = text;
	for (int i = 0; i < 127; i++) {
		*q++ = 'x';
		*q++ = '.';
	}
	*q = '\0';
	p = from_text(text);
	assert_err(p.e, DNS_OK);
	cr_assert_eq(p.len, 255);
	/* 128 of them */
	q[0] = 'y';
	q[1] = '\0';
	assert_name_text_err(text, DNS_E_NAME_TOO_LONG);
}

Test(name_from_text, escaped_dot_at_the_255_limit)
{
	/* 63.63.63.60 + an escaped dot = 255 octets exactly */
	char text[300];
	static const unsigned lens[] = {63, 63, 63, 60};
	dotted(text, lens, 4, false);
	strcat(text, "\\.");
	struct parsed p = from_text(text);
	assert_err(p.e, DNS_OK);
	cr_assert_eq(p.len, 255);
	cr_assert_eq(p.out[192], 61);
	cr_assert_eq(p.out[253], '.');
	cr_assert_eq(p.out[254], 0);
	/* and one more escaped octet is too long */
	strcat(text, "\\.");
	assert_name_text_err(text, DNS_E_NAME_TOO_LONG);
	dotted(text, lens, 4, false);
	strcat(text, "\\..");
	p = from_text(text);
	assert_err(p.e, DNS_OK);
	cr_assert_eq(p.len, 255);
}

/* ===================================================================== */
/* properties over many generated inputs                                 */
/* ===================================================================== */

static uint32_t xorshift(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Whatever the octets, dns_name_unpack either fails with a name error or
 * returns a well-formed name of at most 255 octets that dns_name_equal_at
 * finds at the same place; `next` stays inside the name's own bounds. */
Test(name_unpack, properties_on_generated_messages)
{
	uint32_t seed = 0x9e3779b9u;
	size_t ok = 0;
	for (int iter = 0; iter < 40000; iter++) {
		MB(m);
		size_t len = 12 + xorshift(&seed) % 70;
		mb_fill(&m, 0, 12);
		while (m.n < len) {
			uint32_t r = xorshift(&seed);
			switch (r % 6) {
			case 0: /* a label length */
				mb_u8(&m, (r >> 8) % 6);
				break;
			case 1: /* a pointer, mostly to plausible targets */
				mb_u8(&m, 0xc0 | ((r >> 8) % 64 == 0 ? 1u : 0u));
				if (m.n < len)
					mb_u8(&m, (r >> 16) % (len + 4));
				break;
			case 2:
				mb_u8(&m, 0);
				break;
			default:
				mb_u8(&m, r >> 24);
			}
		}
		size_t off = 12 + xorshift(&seed) % (m.n - 11);
		size_t end = off + xorshift(&seed) % (m.n - off + 4);
		struct unpacked u = unpack_end(&m, off, end);
		switch (u.e) {
		case DNS_OK:
			break;
		case DNS_E_LABEL_TYPE:
		case DNS_E_NAME_TOO_LONG:
		case DNS_E_NAME_UNTERMINATED:
		case DNS_E_PTR_FORWARD:
		case DNS_E_PTR_HEADER:
		case DNS_E_PTR_PAST_END:
		case DNS_E_PTR_CUT:
		case DNS_E_RDATA_NAME:
			continue;
		default:
			cr_assert_fail("unexpected %s", dns_errname(u.e));
		}
		ok++;
		size_t bound = end < m.n ? end : m.n;
		cr_assert_leq(u.wire_len, DNS_MAX_NAME);
		cr_assert_gt(u.next, off);
		cr_assert_leq(u.next, bound);
		/* the copy is a well-formed uncompressed name */
		size_t p = 0;
		while (u.out[p]) {
			cr_assert_leq(u.out[p], DNS_MAX_LABEL);
			p += (size_t)u.out[p] + 1;
			cr_assert_lt(p, u.wire_len);
		}
		cr_assert_eq(p + 1, u.wire_len);
		cr_assert_eq(dns_name_len(u.out), u.wire_len);
		const uint8_t *pkt = mb_pkt(&m);
		cr_assert(dns_name_equal_at(pkt, off, u.out));
		/* the first octet of a compressed name is a label or a pointer
		 * strictly backwards */
		if (pkt[off] >= 0xc0)
			cr_assert_lt(((size_t)(pkt[off] & 0x3f) << 8 | pkt[off + 1]),
				     off);
	}
	cr_assert_gt(ok, 1000, "only %zu names were well formed", ok);
}

Test(wire, name_at_or_below)
{
	static const uint8_t www[] = "\3www\3sub\7example\3com";
	static const uint8_t sub[] = "\3sub\7example\3com";
	static const uint8_t example[] = "\7example\3com";
	cr_assert(dns_name_at_or_below(www, www));
	cr_assert(dns_name_at_or_below(www, sub));
	cr_assert(dns_name_at_or_below(www, (const uint8_t *)""));
	cr_assert(dns_name_at_or_below((const uint8_t *)"\3WWW\3Sub\7EXAMPLE\3com", sub),
		  "case does not matter");
	cr_assert_not(dns_name_at_or_below(sub, www));
	cr_assert_not(dns_name_at_or_below((const uint8_t *)"\3sub\7example\3net", example));
	cr_assert_not(dns_name_at_or_below((const uint8_t *)"\6xample\3com", example),
		      "a label boundary, not a suffix of octets");
}

/* dns_name_from_input: "*." asks for a wildcard certificate (R-CAA-10:
 * issuewild), the rest is the name whose CAA is looked up */
Test(wire, name_from_input_wildcard)
{
	uint8_t out[DNS_MAX_NAME];
	size_t len;
	bool wildcard = false;
	assert_err(dns_name_from_input("*.example.com", 13, &wildcard, out, &len), DNS_OK);
	cr_assert(wildcard);
	assert_bytes(out, len, "\7example\3com", 13);

	wildcard = true;
	assert_err(dns_name_from_input("www.example.com.", 16, &wildcard, out, &len), DNS_OK);
	cr_assert_not(wildcard, "no \"*.\": not a wildcard, and *wildcard is always set");
	assert_bytes(out, len, "\3www\7example\3com", 17);

	/* a "*" elsewhere, or without its dot, is an ordinary label */
	assert_err(dns_name_from_input("a.*.example", 11, &wildcard, out, &len), DNS_OK);
	cr_assert_not(wildcard);
	assert_bytes(out, len, "\1a\1*\7example", 13);
	assert_err(dns_name_from_input("*", 1, &wildcard, out, &len), DNS_OK);
	cr_assert_not(wildcard);
	assert_bytes(out, len, "\1*", 3);
	assert_err(dns_name_from_input("*x.test", 7, &wildcard, out, &len), DNS_OK);
	cr_assert_not(wildcard);

	/* only the first "*." goes; what follows is parsed as any name */
	assert_err(dns_name_from_input("*.*.test", 8, &wildcard, out, &len), DNS_OK);
	cr_assert(wildcard);
	assert_bytes(out, len, "\1*\4test", 8);
	assert_err(dns_name_from_input("*.", 2, &wildcard, out, &len), DNS_E_EMPTY_LABEL);
	cr_assert(wildcard);
	assert_err(dns_name_from_input("*..test", 7, &wildcard, out, &len), DNS_E_EMPTY_LABEL);
	/* the length is obeyed: "*." past it is not read */
	assert_err(dns_name_from_input("*.test", 1, &wildcard, out, &len), DNS_OK);
	cr_assert_not(wildcard);
	assert_bytes(out, len, "\1*", 3);
	/* "*.": the root after it is the caller's to refuse (a certificate is
	 * never for the root) */
	assert_err(dns_name_from_input("*..", 3, &wildcard, out, &len), DNS_OK);
	cr_assert(wildcard);
	cr_assert_eq(out[0], 0);
}
