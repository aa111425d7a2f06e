/* The table of known types (src/dns/rdata.c): which row a record finds,
 * and that the parser's check and the printer both go through it. */
#include "helpers.h"

#include "dns/rdata.h"
#include "dns/rr.h"
#include "dns/text.h"

/* Every type the codec knows, and whether the parser checks it
 * (docs/codec.md: "Known types are checked"). */
static const struct {
	uint16_t type;
	bool checked;
} known[] = {
    {DNS_T_A, true},	  {DNS_T_NS, true},    {DNS_T_CNAME, true},	  {DNS_T_SOA, true},
    {DNS_T_PTR, true},	  {DNS_T_MX, true},    {DNS_T_TXT, true},	  {DNS_T_AAAA, true},
    {DNS_T_DNAME, true},  {DNS_T_DS, true},    {DNS_T_RRSIG, true},	  {DNS_T_NSEC, true},
    {DNS_T_DNSKEY, true}, {DNS_T_NSEC3, true}, {DNS_T_NSEC3PARAM, false}, {DNS_T_CAA, true},
};

Test(rdata_table, every_known_type_finds_its_own_row)
{
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		struct dns_rr rr = {.type = known[i].type, .rclass = DNS_C_IN};
		const struct dns_rdata_type *k = dns_rdata_type_of(&rr);
		cr_assert_not_null(k, "type %u has no row", known[i].type);
		cr_assert_eq(k->type, known[i].type);
		cr_assert_eq(k->checked, known[i].checked, "type %u", known[i].type);
		cr_assert_neq(k->format, DNS_RF_NONE);
	}
}

/* Types that share a slot's number modulo the table size, OPT (the
 * parser's own), pseudo-types and unassigned numbers have no row: they
 * are opaque (RFC 3597). */
Test(rdata_table, other_types_are_opaque)
{
	static const uint16_t others[] = {0,   DNS_T_OPT,    DNS_T_ANY, 3,    4,   30,
					  33,  58,	     65,	252,  256, 258,
					  286, 1 + 29 * 100, 65280,	65535};
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		struct dns_rr rr = {.type = others[i], .rclass = DNS_C_IN};
		cr_assert_null(dns_rdata_type_of(&rr), "type %u", others[i]);
	}
}

/* The class-IN rule, written once: A and AAAA have another layout in
 * other classes (CH A holds a name and an address), every other type
 * has the same RDATA in every class. */
Test(rdata_table, a_and_aaaa_are_typed_in_class_in_only)
{
	struct dns_rr rr = {.type = DNS_T_A, .rclass = DNS_C_CH};
	cr_assert_null(dns_rdata_type_of(&rr));
	rr.type = DNS_T_AAAA;
	cr_assert_null(dns_rdata_type_of(&rr));
	rr.type = DNS_T_TXT;
	cr_assert_not_null(dns_rdata_type_of(&rr));
	rr.type = DNS_T_CAA;
	rr.rclass = DNS_C_ANY;
	cr_assert_not_null(dns_rdata_type_of(&rr));
}

/* One CH A record of 3 octets: opaque to the parser (a message holding
 * it parses) and printed in the generic form; the same octets as IN A
 * are refused. */
Test(rdata_table, check_and_printer_share_the_row)
{
	MB(m);
	mb_response(&m, "example.com", DNS_T_A, 1, 0, 0);
	mb_ptr(&m, 12);
	mb_rr(&m, DNS_T_A, DNS_C_CH, 300, 3);
	MB_BYTES(&m, 1, 2, 3);
	struct dns_msg msg;
	struct dns_rr rr[4];
	assert_err(mb_parse(&m, &msg, rr, 4), DNS_OK);
	char buf[64];
	struct dns_text t;
	dns_text_init(&t, buf, sizeof buf);
	dns_text_rdata(&t, msg.pkt, msg.len, &rr[0]);
	cr_assert_str_eq(buf, "\\# 3 010203");
	rr[0].rclass = DNS_C_IN;
	assert_err(dns_rdata_check(msg.pkt, msg.len, &rr[0]), DNS_E_RDATA_LEN);
}

/* The fixture 49-knot-nsec3param.bin (Knot, nsec3.test. NSEC3PARAM):
 * printed through its view. */
Test(rdata_table, nsec3param_prints_through_its_view)
{
	FILE *f = fopen("tests/fixtures/msgs/49-knot-nsec3param.bin", "rb");
	cr_assert_not_null(f);
	uint8_t pkt[512];
	size_t n = fread(pkt, 1, sizeof pkt, f);
	fclose(f);
	struct dns_msg msg;
	struct dns_rr rr[8];
	assert_err(dns_msg_parse(&msg, pkt, n, rr, 8), DNS_OK);
	cr_assert_eq(rr[0].type, DNS_T_NSEC3PARAM);
	union dns_rdata v;
	const struct dns_rdata_type *k = dns_rdata_type_of(&rr[0]);
	cr_assert_not_null(k);
	assert_err(dns_rdata_view(k, msg.pkt, msg.len, &rr[0], &v), DNS_OK);
	cr_assert_eq(v.nsec3param.hash_algorithm, 1);
	cr_assert_eq(v.nsec3param.iterations, 0);
	cr_assert_eq(v.nsec3param.salt_len, 0);
	char buf[64];
	struct dns_text t;
	dns_text_init(&t, buf, sizeof buf);
	dns_text_rdata(&t, msg.pkt, msg.len, &rr[0]);
	cr_assert_str_eq(buf, "1 0 0 -");
}
