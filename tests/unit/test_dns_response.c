/* Response acceptance (RFC 5452 s9.1) and CNAME chains (the resolver's
 * pure part): src/dns/response.c. */
#include "helpers.h"

#include "dns/response.h"

static uint8_t *wire(const char *text, uint8_t out[DNS_MAX_NAME])
{
	size_t n;
	assert_err(dns_name_from_text(text, strlen(text), out, &n), DNS_OK);
	return out;
}

/* A CNAME RR owned by `owner`, pointing at `target`, both uncompressed. */
static void mb_cname(struct mb *m, const char *owner, const char *target)
{
	mb_name(m, owner);
	size_t rd = mb_rr_begin(m, DNS_T_CNAME, DNS_C_IN, 300);
	mb_name(m, target);
	mb_rdata_end(m, rd);
}

static void mb_caa(struct mb *m, const char *owner)
{
	mb_name(m, owner);
	mb_rr(m, DNS_T_CAA, DNS_C_IN, 300, 2 + 5 + 15);
	MB_BYTES(m, 0, 5, 'i', 's', 's', 'u', 'e');
	mb_raw(m, "letsencrypt.org", 15);
}

static void mb_soa(struct mb *m, const char *owner)
{
	mb_name(m, owner);
	size_t rd = mb_rr_begin(m, DNS_T_SOA, DNS_C_IN, 300);
	mb_name(m, "ns.test");
	mb_name(m, "host.test");
	for (int i = 0; i < 5; i++)
		mb_u32(m, 1);
	mb_rdata_end(m, rd);
}

Test(response, match_accepts_own_question_case_insensitively)
{
	MB(m);
	struct dns_msg msg;
	struct dns_rr rr[4];
	uint8_t q[DNS_MAX_NAME];
	mb_response(&m, "Example.COM", DNS_T_CAA, 0, 0, 0);
	assert_err(mb_parse(&m, &msg, rr, 4), DNS_OK);
	cr_assert_eq(dns_response_match(&msg, 0x1234, wire("example.com", q), DNS_T_CAA),
		     DNS_MATCH_OK);
}

Test(response, match_rejects_each_mismatch_with_its_reason)
{
	MB(m);
	struct dns_msg msg;
	struct dns_rr rr[4];
	uint8_t q[DNS_MAX_NAME];
	mb_response(&m, "example.com", DNS_T_CAA, 0, 0, 0);
	assert_err(mb_parse(&m, &msg, rr, 4), DNS_OK);
	cr_assert_eq(dns_response_match(&msg, 0x1235, wire("example.com", q), DNS_T_CAA),
		     DNS_MATCH_ID);
	cr_assert_eq(dns_response_match(&msg, 0x1234, wire("example.net", q), DNS_T_CAA),
		     DNS_MATCH_QUESTION);
	cr_assert_eq(dns_response_match(&msg, 0x1234, wire("example.com", q), DNS_T_A),
		     DNS_MATCH_QUESTION);
	/* one label "example.com" (a dot inside) is not example.com */
	cr_assert_eq(dns_response_match(&msg, 0x1234, wire("example\\.com", q), DNS_T_CAA),
		     DNS_MATCH_QUESTION);
}

Test(response, match_rejects_a_query_and_other_opcodes)
{
	MB(m);
	struct dns_msg msg;
	struct dns_rr rr[4];
	uint8_t q[DNS_MAX_NAME];
	mb_header(&m, 0x1234, 0x0100, 1, 0, 0, 0); /* QR=0 */
	mb_name(&m, "example.com");
	mb_u16(&m, DNS_T_CAA);
	mb_u16(&m, DNS_C_IN);
	assert_err(mb_parse(&m, &msg, rr, 4), DNS_OK);
	cr_assert_eq(dns_response_match(&msg, 0x1234, wire("example.com", q), DNS_T_CAA),
		     DNS_MATCH_NOT_RESPONSE);

	MB(n);
	mb_header(&n, 0x1234, 0x8000 | (4u << 11), 1, 0, 0, 0); /* NOTIFY */
	mb_name(&n, "example.com");
	mb_u16(&n, DNS_T_CAA);
	mb_u16(&n, DNS_C_IN);
	assert_err(mb_parse(&n, &msg, rr, 4), DNS_OK);
	cr_assert_eq(dns_response_match(&msg, 0x1234, wire("example.com", q), DNS_T_CAA),
		     DNS_MATCH_OPCODE);
}

Test(response, chain_follows_links_in_order_to_the_final_rrset)
{
	MB(m);
	struct dns_msg msg;
	struct dns_rr rr[8];
	struct dns_chain c;
	uint8_t q[DNS_MAX_NAME], want[DNS_MAX_NAME];
	size_t final;
	mb_response(&m, "a.test", DNS_T_CAA, 4, 0, 0);
	/* out of order on purpose: each link must start where the last ended */
	mb_cname(&m, "b.test", "c.test");
	mb_cname(&m, "a.test", "b.test");
	mb_caa(&m, "c.test");
	mb_caa(&m, "other.test");
	assert_err(mb_parse(&m, &msg, rr, 8), DNS_OK);
	dns_chain_start(&c, wire("a.test", q));
	cr_assert_eq(dns_chain_follow(&c, &msg, DNS_T_CAA, &final), DNS_CHAIN_DONE);
	cr_assert_eq(c.links, 2);
	cr_assert(dns_name_equal(dns_chain_end(&c), wire("c.test", want)));
	cr_assert_eq(final, 1);
	cr_assert(dns_chain_is_final(&c, &msg, &msg.rr[2], DNS_T_CAA));
	cr_assert_not(dns_chain_is_final(&c, &msg, &msg.rr[3], DNS_T_CAA));
}

Test(response, chain_ignores_cnames_not_linked_to_the_name_asked)
{
	MB(m);
	struct dns_msg msg;
	struct dns_rr rr[4];
	struct dns_chain c;
	uint8_t q[DNS_MAX_NAME];
	size_t final;
	mb_response(&m, "a.test", DNS_T_CAA, 2, 0, 0);
	mb_cname(&m, "x.test", "y.test");
	mb_caa(&m, "a.test");
	assert_err(mb_parse(&m, &msg, rr, 4), DNS_OK);
	dns_chain_start(&c, wire("a.test", q));
	cr_assert_eq(dns_chain_follow(&c, &msg, DNS_T_CAA, &final), DNS_CHAIN_DONE);
	cr_assert_eq(c.links, 0);
	cr_assert_eq(final, 1);
}

Test(response, chain_loop_is_detected)
{
	MB(m);
	struct dns_msg msg;
	struct dns_rr rr[4];
	struct dns_chain c;
	uint8_t q[DNS_MAX_NAME];
	size_t final;
	mb_response(&m, "loop-a.test", DNS_T_CAA, 2, 0, 0);
	mb_cname(&m, "loop-a.test", "loop-b.test");
	mb_cname(&m, "LOOP-B.test", "loop-a.test");
	assert_err(mb_parse(&m, &msg, rr, 4), DNS_OK);
	dns_chain_start(&c, wire("loop-a.test", q));
	cr_assert_eq(dns_chain_follow(&c, &msg, DNS_T_CAA, &final), DNS_CHAIN_LOOP);
}

Test(response, chain_self_loop_is_detected)
{
	MB(m);
	struct dns_msg msg;
	struct dns_rr rr[4];
	struct dns_chain c;
	uint8_t q[DNS_MAX_NAME];
	size_t final;
	mb_response(&m, "self.test", DNS_T_A, 1, 0, 0);
	mb_cname(&m, "self.test", "self.test");
	assert_err(mb_parse(&m, &msg, rr, 4), DNS_OK);
	dns_chain_start(&c, wire("self.test", q));
	cr_assert_eq(dns_chain_follow(&c, &msg, DNS_T_A, &final), DNS_CHAIN_LOOP);
}

Test(response, chain_of_eight_is_accepted_nine_is_too_long)
{
	for (int links = 8; links <= 9; links++) {
		MB(m);
		struct dns_msg msg;
		struct dns_rr rr[16];
		struct dns_chain c;
		uint8_t q[DNS_MAX_NAME];
		size_t final;
		char from[16], to[16];
		mb_response(&m, "c0.test", DNS_T_A, (unsigned)links, 0, 0);
		for (int i = 0; i < links; i++) {
			snprintf(from, sizeof from, "c%d.test", i);
			snprintf(to, sizeof to, "c%d.test", i + 1);
			mb_cname(&m, from, to);
		}
		assert_err(mb_parse(&m, &msg, rr, 16), DNS_OK);
		dns_chain_start(&c, wire("c0.test", q));
		enum dns_chain_status st = dns_chain_follow(&c, &msg, DNS_T_A, &final);
		if (links == 8) {
			/* no A at the end, no SOA: the chain stops short */
			cr_assert_eq(st, DNS_CHAIN_SHORT);
			cr_assert_eq(c.links, 8);
		} else {
			cr_assert_eq(st, DNS_CHAIN_TOO_LONG);
		}
	}
}

Test(response, chain_without_soa_stops_short_with_soa_is_nodata)
{
	MB(m);
	struct dns_msg msg;
	struct dns_rr rr[4];
	struct dns_chain c;
	uint8_t q[DNS_MAX_NAME];
	size_t final;
	mb_response(&m, "a.test", DNS_T_CAA, 1, 0, 0);
	mb_cname(&m, "a.test", "elsewhere.example");
	assert_err(mb_parse(&m, &msg, rr, 4), DNS_OK);
	dns_chain_start(&c, wire("a.test", q));
	cr_assert_eq(dns_chain_follow(&c, &msg, DNS_T_CAA, &final), DNS_CHAIN_SHORT);
	cr_assert_eq(final, 0);

	MB(n);
	mb_response(&n, "a.test", DNS_T_CAA, 1, 1, 0);
	mb_cname(&n, "a.test", "elsewhere.example");
	mb_soa(&n, "example");
	assert_err(mb_parse(&n, &msg, rr, 4), DNS_OK);
	dns_chain_start(&c, wire("a.test", q));
	cr_assert_eq(dns_chain_follow(&c, &msg, DNS_T_CAA, &final), DNS_CHAIN_DONE);
	cr_assert_eq(c.links, 1);
	cr_assert_eq(final, 0);
}

Test(response, chain_continues_across_a_second_response)
{
	MB(m);
	struct dns_msg msg;
	struct dns_rr rr[4];
	struct dns_chain c;
	uint8_t q[DNS_MAX_NAME];
	size_t final;
	mb_response(&m, "a.test", DNS_T_CAA, 1, 0, 0);
	mb_cname(&m, "a.test", "b.example");
	assert_err(mb_parse(&m, &msg, rr, 4), DNS_OK);
	dns_chain_start(&c, wire("a.test", q));
	cr_assert_eq(dns_chain_follow(&c, &msg, DNS_T_CAA, &final), DNS_CHAIN_SHORT);

	/* the answer for b.example points back at a.test: a loop across
	 * two responses */
	MB(n);
	mb_response(&n, "b.example", DNS_T_CAA, 1, 0, 0);
	mb_cname(&n, "b.example", "a.test");
	assert_err(mb_parse(&n, &msg, rr, 4), DNS_OK);
	cr_assert_eq(dns_chain_follow(&c, &msg, DNS_T_CAA, &final), DNS_CHAIN_LOOP);
}

Test(response, query_for_cname_type_follows_nothing)
{
	MB(m);
	struct dns_msg msg;
	struct dns_rr rr[4];
	struct dns_chain c;
	uint8_t q[DNS_MAX_NAME];
	size_t final;
	mb_response(&m, "a.test", DNS_T_CNAME, 1, 0, 0);
	mb_cname(&m, "a.test", "b.test");
	assert_err(mb_parse(&m, &msg, rr, 4), DNS_OK);
	dns_chain_start(&c, wire("a.test", q));
	cr_assert_eq(dns_chain_follow(&c, &msg, DNS_T_CNAME, &final), DNS_CHAIN_DONE);
	cr_assert_eq(c.links, 0);
	cr_assert_eq(final, 1);
}

Test(response, errclass_names_are_the_contract_words)
{
	cr_assert_null(dns_errclass_name(DNS_EC_NONE));
	cr_assert_str_eq(dns_errclass_name(DNS_EC_SERVFAIL), "servfail");
	cr_assert_str_eq(dns_errclass_name(DNS_EC_TIMEOUT), "timeout");
	cr_assert_str_eq(dns_errclass_name(DNS_EC_NOTIMP), "notimp");
	cr_assert_str_eq(dns_errclass_name(DNS_EC_REFUSED), "refused");
	cr_assert_str_eq(dns_errclass_name(DNS_EC_FORMERR), "formerr");
	cr_assert_str_eq(dns_errclass_name(DNS_EC_NXDOMAIN), "nxdomain");
	cr_assert_str_eq(dns_errclass_name(DNS_EC_MALFORMED), "malformed");
	cr_assert_str_eq(dns_errclass_name(DNS_EC_NETWORK), "network");
}
