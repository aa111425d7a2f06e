/* Query building (RFC 1035 s4.1, RFC 6891 s6.1 for the OPT record,
 * RFC 3225 for DO, RFC 4035 s3.2.2 for CD), byte for byte. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "dns/msg.h"
#include "dns/query.h"
#include "dns/wire.h"
#include "helpers.h"

#define EXAMPLE_COM 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0

static const uint8_t example_com[] = {EXAMPLE_COM};

/* Builds into a buffer larger than cap filled with a canary, and checks
 * that nothing at or past cap was touched. */
static enum dns_err build(uint8_t *out, size_t cap, size_t *len, uint16_t id,
			  const uint8_t *qname, uint16_t qtype, unsigned flags)
{
	uint8_t buf[DNS_MAX_QUERY + 64];
	cr_assert_leq(cap, DNS_MAX_QUERY + 32);
	memset(buf, 0xEE, sizeof buf);
	*len = (size_t)-1;
	enum dns_err e = dns_query_build(buf, cap, len, id, qname, qtype, flags);
	for (size_t i = cap; i < sizeof buf; i++)
		cr_assert_eq(buf[i], 0xEE, "octet %zu past cap %zu written", i, cap);
	memcpy(out, buf, cap);
	return e;
}

Test(query, example_com_a_rd)
{
	uint8_t q[DNS_MAX_QUERY];
	size_t len;
	assert_err(build(q, sizeof q, &len, 0x1234, example_com, DNS_T_A,
			 DNS_Q_RD), DNS_OK);
	assert_bytes(q, len,
		     BYTES(0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00,
			   0x00, 0x00, 0x00, 0x00, EXAMPLE_COM, 0x00, 0x01,
			   0x00, 0x01),
		     29);
}

Test(query, no_flags_caa)
{
	uint8_t q[DNS_MAX_QUERY];
	size_t len;
	assert_err(build(q, sizeof q, &len, 0xfffe, example_com, DNS_T_CAA, 0),
		   DNS_OK);
	assert_bytes(q, len,
		     BYTES(0xff, 0xfe, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
			   0x00, 0x00, 0x00, 0x00, EXAMPLE_COM, 0x01, 0x01,
			   0x00, 0x01),
		     29);
}

Test(query, edns_adds_opt_with_udp_1232)
{
	uint8_t q[DNS_MAX_QUERY];
	size_t len;
	assert_err(build(q, sizeof q, &len, 0x1234, example_com, DNS_T_A,
			 DNS_Q_RD | DNS_Q_EDNS), DNS_OK);
	assert_bytes(q, len,
		     BYTES(0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00,
			   0x00, 0x00, 0x00, 0x01, EXAMPLE_COM, 0x00, 0x01,
			   0x00, 0x01,
			   /* OPT: root, type 41, class 1232, TTL 0, RDLEN 0 */
			   0x00, 0x00, 0x29, 0x04, 0xd0, 0x00, 0x00, 0x00,
			   0x00, 0x00, 0x00),
		     40);
}

Test(query, do_implies_edns_and_sets_0x8000)
{
	uint8_t q[DNS_MAX_QUERY];
	size_t len;
	assert_err(build(q, sizeof q, &len, 0x0001, example_com, DNS_T_CAA,
			 DNS_Q_RD | DNS_Q_DO), DNS_OK);
	assert_bytes(q, len,
		     BYTES(0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00,
			   0x00, 0x00, 0x00, 0x01, EXAMPLE_COM, 0x01, 0x01,
			   0x00, 0x01,
			   0x00, 0x00, 0x29, 0x04, 0xd0, 0x00, 0x00, 0x80,
			   0x00, 0x00, 0x00),
		     40);
}

Test(query, cd_flag)
{
	uint8_t q[DNS_MAX_QUERY];
	size_t len;
	assert_err(build(q, sizeof q, &len, 0xabcd, example_com, DNS_T_AAAA,
			 DNS_Q_RD | DNS_Q_CD), DNS_OK);
	assert_bytes(q, len,
		     BYTES(0xab, 0xcd, 0x01, 0x10, 0x00, 0x01, 0x00, 0x00,
			   0x00, 0x00, 0x00, 0x00, EXAMPLE_COM, 0x00, 0x1c,
			   0x00, 0x01),
		     29);
	assert_err(build(q, sizeof q, &len, 0xabcd, example_com, DNS_T_AAAA,
			 DNS_Q_CD), DNS_OK);
	cr_assert_eq(q[2], 0x00);
	cr_assert_eq(q[3], 0x10);
}

Test(query, root_name)
{
	uint8_t q[DNS_MAX_QUERY];
	size_t len;
	assert_err(build(q, sizeof q, &len, 7, BYTES(0), DNS_T_NS, DNS_Q_RD),
		   DNS_OK);
	assert_bytes(q, len,
		     BYTES(0x00, 0x07, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00,
			   0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00,
			   0x01),
		     17);
}

Test(query, nospace_for_small_buffers)
{
	uint8_t q[DNS_MAX_QUERY];
	size_t len;
	/* 29 octets needed without EDNS */
	for (size_t cap = 0; cap < 29; cap++)
		assert_err(build(q, cap, &len, 1, example_com, DNS_T_A,
				 DNS_Q_RD), DNS_E_NOSPACE);
	cr_assert_eq(len, (size_t)-1, "out_len untouched on error");
	assert_err(build(q, 29, &len, 1, example_com, DNS_T_A, DNS_Q_RD),
		   DNS_OK);
	cr_assert_eq(len, 29);
	/* 40 with EDNS */
	for (size_t cap = 29; cap < 40; cap++)
		assert_err(build(q, cap, &len, 1, example_com, DNS_T_A,
				 DNS_Q_EDNS), DNS_E_NOSPACE);
	assert_err(build(q, 40, &len, 1, example_com, DNS_T_A, DNS_Q_DO),
		   DNS_OK);
	cr_assert_eq(len, 40);
}

Test(query, largest_query_fits_dns_max_query)
{
	uint8_t name[DNS_MAX_NAME];
	size_t n = 0;
	static const unsigned lens[] = {63, 63, 63, 61};
	for (int i = 0; i < 4; i++) {
		name[n++] = (uint8_t)lens[i];
		memset(name + n, 'a' + i, lens[i]);
		n += lens[i];
	}
	name[n++] = 0;
	cr_assert_eq(n, 255);
	uint8_t q[DNS_MAX_QUERY];
	size_t len;
	assert_err(build(q, DNS_MAX_QUERY, &len, 1, name, DNS_T_CAA, DNS_Q_DO),
		   DNS_OK);
	cr_assert_eq(len, DNS_MAX_QUERY);
	assert_err(build(q, DNS_MAX_QUERY - 1, &len, 1, name, DNS_T_CAA,
			 DNS_Q_DO), DNS_E_NOSPACE);
}

/* The built query parses back to the same ID, name, type and flags. */
static void round_trip(uint16_t id, const uint8_t *qname, uint16_t qtype,
		       unsigned flags)
{
	uint8_t q[DNS_MAX_QUERY];
	size_t len;
	assert_err(build(q, sizeof q, &len, id, qname, qtype, flags), DNS_OK);
	uint8_t *pkt = malloc(len);
	cr_assert_not_null(pkt);
	memcpy(pkt, q, len);
	struct dns_msg m;
	struct dns_rr rr[2];
	assert_err(dns_msg_parse(&m, pkt, len, rr, 2), DNS_OK);
	cr_assert_eq(m.id, id);
	uint16_t want_flags = (uint16_t)(((flags & DNS_Q_RD) ? DNS_FLAG_RD : 0) |
					 ((flags & DNS_Q_CD) ? DNS_FLAG_CD : 0));
	cr_assert_eq(m.flags, want_flags);
	cr_assert_eq(m.counts[0], 1);
	cr_assert_eq(m.counts[1], 0);
	cr_assert_eq(m.counts[2], 0);
	cr_assert_eq(m.qname, 12);
	cr_assert_eq(m.qname_len, dns_name_len(qname));
	cr_assert(dns_name_equal_at(pkt, m.qname, qname));
	assert_bytes(pkt + 12, m.qname_len, qname, dns_name_len(qname));
	cr_assert_eq(m.qtype, qtype);
	cr_assert_eq(m.qclass, DNS_C_IN);
	cr_assert_eq(m.rcode, 0);
	bool edns = (flags & (DNS_Q_EDNS | DNS_Q_DO)) != 0;
	cr_assert_eq(m.edns.present, edns);
	cr_assert_eq(m.rr_count, edns ? 1u : 0u);
	if (edns) {
		cr_assert_eq(m.counts[3], 1);
		cr_assert_eq(m.edns.udp_size, DNS_EDNS_UDP_SIZE);
		cr_assert_eq(m.edns.version, 0);
		cr_assert_eq(m.edns.ext_rcode, 0);
		cr_assert_eq(m.edns.dnssec_ok, (flags & DNS_Q_DO) != 0);
		cr_assert_eq(m.edns.z, 0);
		cr_assert_eq(m.edns.options_len, 0);
		cr_assert_eq(rr[0].type, DNS_T_OPT);
		cr_assert_eq(rr[0].section, DNS_SEC_ADDITIONAL);
	} else {
		cr_assert_eq(m.counts[3], 0);
	}
	free(pkt);
}

Test(query, parses_back)
{
	static const uint8_t www[] = {3, 'W', 'w', 'W', EXAMPLE_COM};
	round_trip(0x1234, example_com, DNS_T_A, DNS_Q_RD);
	round_trip(0x0000, example_com, DNS_T_CAA, 0);
	round_trip(0xffff, www, DNS_T_AAAA, DNS_Q_RD | DNS_Q_CD);
	round_trip(0x8000, www, DNS_T_CAA, DNS_Q_EDNS);
	round_trip(0x4242, example_com, DNS_T_DNSKEY,
		   DNS_Q_RD | DNS_Q_CD | DNS_Q_DO);
	round_trip(1, BYTES(0), DNS_T_NS, DNS_Q_RD | DNS_Q_EDNS);
	round_trip(2, example_com, 65280, DNS_Q_RD);
}
