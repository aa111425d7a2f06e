/* Reading a resolver result (src/dns/result.c): the final RRset record
 * by record, and the addresses among them, on results built by hand from
 * messages made of explicit bytes. The final RRset is the records of the
 * type asked owned by the end of the CNAME chain (RFC 1034 s3.6.2), in
 * the order of the answer section. */
#include <sys/socket.h>

#include "helpers.h"

#include "dns/resolver.h"
#include "dns/response.h"
#include "dns/result.h"

static struct dns_question q;
static struct dns_chain chain;
static struct dns_msg msg;
static struct dns_rr rrs[16];
static struct dns_result res;

static void mb_a(struct mb *m, const char *owner, uint8_t last)
{
	mb_name(m, owner);
	mb_rr(m, DNS_T_A, DNS_C_IN, 300, 4);
	MB_BYTES(m, 192, 0, 2, last);
}

static void mb_aaaa(struct mb *m, const char *owner, uint8_t last)
{
	mb_name(m, owner);
	mb_rr(m, DNS_T_AAAA, DNS_C_IN, 300, 16);
	MB_BYTES(m, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last);
}

static void mb_cname(struct mb *m, const char *owner, const char *target)
{
	mb_name(m, owner);
	size_t rd = mb_rr_begin(m, DNS_T_CNAME, DNS_C_IN, 300);
	mb_name(m, target);
	mb_rdata_end(m, rd);
}

/* The result the resolver would hand back for `name`/`type` with the
 * message built in m: the chain followed through its answer section. */
static void result_of(struct mb *m, const char *name, uint16_t type)
{
	size_t len, final;
	memset(&res, 0, sizeof res);
	assert_err(dns_name_from_text(name, strlen(name), q.name, &len), DNS_OK);
	q.type = type;
	assert_err(mb_parse(m, &msg, rrs, 16), DNS_OK);
	dns_chain_start(&chain, q.name);
	cr_assert_eq(dns_chain_follow(&chain, &msg, type, &final), DNS_CHAIN_DONE);
	res.question = &q;
	res.msg = &msg;
	res.chain = &chain;
	res.final_count = final;
}

Test(dns_result, next_final_walks_the_final_rrset_after_a_cname)
{
	MB(m);
	mb_response(&m, "www.test", DNS_T_A, 5, 0, 0);
	mb_a(&m, "www.test", 9); /* owned by the name, not the chain's end */
	mb_cname(&m, "www.test", "web.test");
	mb_a(&m, "web.test", 1);
	mb_aaaa(&m, "web.test", 2); /* another type */
	mb_a(&m, "web.test", 3);
	result_of(&m, "www.test", DNS_T_A);
	size_t i = 0;
	const struct dns_rr *rr = dns_result_next_final(&res, &i);
	cr_assert_eq(rr, &msg.rr[2]);
	cr_assert_eq(i, 3);
	cr_assert_eq(dns_result_next_final(&res, &i), &msg.rr[4]);
	cr_assert_null(dns_result_next_final(&res, &i));
	cr_assert_null(dns_result_next_final(&res, &i), "still NULL past the end");
	cr_assert_eq(res.final_count, 2, "as many as dns_chain_follow counts");
}

Test(dns_result, next_final_skips_authority_and_additional)
{
	MB(m);
	mb_response(&m, "www.test", DNS_T_A, 1, 1, 1);
	mb_a(&m, "www.test", 1);
	mb_a(&m, "www.test", 2); /* authority */
	mb_a(&m, "www.test", 3); /* additional */
	result_of(&m, "www.test", DNS_T_A);
	size_t i = 0;
	cr_assert_eq(dns_result_next_final(&res, &i), &msg.rr[0]);
	cr_assert_null(dns_result_next_final(&res, &i));
}

Test(dns_result, no_message_no_record)
{
	memset(&res, 0, sizeof res);
	res.question = &q;
	res.error = DNS_EC_TIMEOUT;
	size_t i = 0;
	struct dns_address a;
	cr_assert_null(dns_result_next_final(&res, &i));
	cr_assert_not(dns_result_next_address(&res, &i, &a));
}

Test(dns_result, next_address_reads_a_and_aaaa_in_answer_order)
{
	MB(m);
	mb_response(&m, "www.test", DNS_T_AAAA, 3, 0, 0);
	mb_aaaa(&m, "www.test", 7);
	mb_a(&m, "www.test", 1); /* not the type asked */
	mb_aaaa(&m, "www.test", 8);
	result_of(&m, "www.test", DNS_T_AAAA);
	size_t i = 0;
	struct dns_address a;
	cr_assert(dns_result_next_address(&res, &i, &a));
	cr_assert_eq(a.family, AF_INET6);
	assert_bytes(a.raw, 16, BYTES(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7),
		     16);
	cr_assert(dns_result_next_address(&res, &i, &a));
	cr_assert_eq(a.raw[15], 8);
	cr_assert_not(dns_result_next_address(&res, &i, &a));

	MB(m4);
	mb_response(&m4, "v4.test", DNS_T_A, 1, 0, 0);
	mb_a(&m4, "v4.test", 42);
	result_of(&m4, "v4.test", DNS_T_A);
	i = 0;
	cr_assert(dns_result_next_address(&res, &i, &a));
	cr_assert_eq(a.family, AF_INET);
	assert_bytes(a.raw, 4, BYTES(192, 0, 2, 42), 4);
	cr_assert_not(dns_result_next_address(&res, &i, &a));
}

Test(dns_result, next_address_passes_over_records_that_are_not_addresses)
{
	MB(m);
	mb_response(&m, "mx.test", DNS_T_MX, 1, 0, 0);
	mb_name(&m, "mx.test");
	size_t rd = mb_rr_begin(&m, DNS_T_MX, DNS_C_IN, 300);
	mb_u16(&m, 10);
	mb_name(&m, "mail.test");
	mb_rdata_end(&m, rd);
	result_of(&m, "mx.test", DNS_T_MX);
	size_t i = 0;
	struct dns_address a;
	cr_assert_not_null(dns_result_next_final(&res, &i), "the MX is final");
	i = 0;
	cr_assert_not(dns_result_next_address(&res, &i, &a), "but it is no address");
}
