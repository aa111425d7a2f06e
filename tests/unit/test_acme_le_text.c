/* src/acme/le_text.c: Let's Encrypt's DNS problem texts (R-DNSSEC-14,
 * R-DNS01-4, R-PERSIST-5), each form against the string boulder's own
 * test expects (bdns/problem_test.go TestError) or that bdns/problem.go
 * Error builds; Go's %q (strconv.Quote); RFC 3339 dates as Go's
 * time.Format writes them. */
#include <criterion/criterion.h>
#include <string.h>

#include "acme/le_text.h"
#include "dns/types.h"

static char out[4096];

static const char *problem(uint16_t qtype, enum le_dns_failure f, uint16_t rcode)
{
	struct le_dns_error e = {.qtype = qtype, .name = "hostname", .failure = f, .rcode = rcode};
	cr_assert(le_dns_problem(&e, out, sizeof out));
	return out;
}

static const char *with_ede(uint16_t qtype, uint16_t rcode, uint16_t code, const char *text)
{
	struct le_dns_error e = {.qtype = qtype,
				 .name = "hostname",
				 .failure = LE_DNS_RCODE,
				 .rcode = rcode,
				 .has_ede = true,
				 .ede_code = code,
				 .ede_text = (const uint8_t *)text,
				 .ede_text_len = strlen(text)};
	cr_assert(le_dns_problem(&e, out, sizeof out));
	return out;
}

/* ---- the RCODE forms (R-DNS01-4) --------------------------------------- */

Test(le_text, r_dns01_4_nxdomain_has_its_explanation)
{
	/* R-DNS01-4: TestError's NXDOMAIN case */
	cr_assert_str_eq(problem(DNS_T_TXT, LE_DNS_RCODE, DNS_RCODE_NXDOMAIN),
			 "DNS problem: NXDOMAIN looking up TXT for hostname - check that a DNS "
			 "record exists for this domain");
}

Test(le_text, r_dns01_4_servfail_has_its_explanation)
{
	/* R-DNS01-4, R-DNSSEC-14: without EDE */
	cr_assert_str_eq(problem(DNS_T_CAA, LE_DNS_RCODE, DNS_RCODE_SERVFAIL),
			 "DNS problem: SERVFAIL looking up CAA for hostname - the domain's "
			 "nameservers may be malfunctioning");
}

Test(le_text, r_dns01_4_other_rcodes_have_their_name_alone)
{
	/* R-DNS01-4: rcodeExplanations holds NXDOMAIN and SERVFAIL only */
	cr_assert_str_eq(problem(DNS_T_A, LE_DNS_RCODE, DNS_RCODE_FORMERR),
			 "DNS problem: FORMERR looking up A for hostname");
	cr_assert_str_eq(problem(DNS_T_TXT, LE_DNS_RCODE, DNS_RCODE_REFUSED),
			 "DNS problem: REFUSED looking up TXT for hostname");
	cr_assert_str_eq(problem(DNS_T_AAAA, LE_DNS_RCODE, DNS_RCODE_NOTIMP),
			 "DNS problem: NOTIMP looking up AAAA for hostname");
	cr_assert_str_eq(problem(DNS_T_TXT, LE_DNS_RCODE, 9),
			 "DNS problem: NOTAUTH looking up TXT for hostname");
	cr_assert_str_eq(problem(DNS_T_TXT, LE_DNS_RCODE, 16),
			 "DNS problem: BADSIG looking up TXT for hostname");
	cr_assert_str_eq(problem(DNS_T_TXT, LE_DNS_RCODE, 23),
			 "DNS problem: BADCOOKIE looking up TXT for hostname");
}

Test(le_text, r_dns01_4_rcode_without_a_name_leaves_two_spaces)
{
	/* R-DNS01-4: RcodeToString has no 11..15 nor 24+: Go prints "" */
	cr_assert_str_eq(problem(DNS_T_TXT, LE_DNS_RCODE, 11),
			 "DNS problem:  looking up TXT for hostname");
	cr_assert_str_eq(problem(DNS_T_TXT, LE_DNS_RCODE, 24),
			 "DNS problem:  looking up TXT for hostname");
	cr_assert_str_eq(le_rcode_name(15), "");
	cr_assert_str_eq(le_rcode_name(10), "NOTZONE");
}

Test(le_text, r_dns01_4_timeout_network_and_other_failures)
{
	/* R-DNS01-4: detailDNSTimeout, detailDNSNetFailure, detailServerFailure */
	cr_assert_str_eq(problem(DNS_T_TXT, LE_DNS_TIMEOUT, 0),
			 "DNS problem: query timed out looking up TXT for hostname");
	cr_assert_str_eq(problem(DNS_T_TXT, LE_DNS_NETWORK, 0),
			 "DNS problem: networking error looking up TXT for hostname");
	cr_assert_str_eq(problem(DNS_T_TXT, LE_DNS_SERVER_FAILURE, 0),
			 "DNS problem: server failure at resolver looking up TXT for hostname");
}

Test(le_text, r_caa_13_truncated_caa)
{
	/* R-CAA-13 (boulder bdns wrapErr, #8839): detailDNSTruncated */
	cr_assert_str_eq(problem(DNS_T_CAA, LE_DNS_TRUNCATED, 0),
			 "DNS problem: response was truncated looking up CAA for hostname");
}

/* ---- the EDE forms (R-DNSSEC-14) --------------------------------------- */

Test(le_text, r_dnssec_14_ede_replaces_the_rcode)
{
	/* R-DNSSEC-14: TestError's three EDE cases */
	cr_assert_str_eq(with_ede(DNS_T_A, DNS_RCODE_SERVFAIL, 1, "oh no"),
			 "DNS problem: looking up A for hostname: DNSSEC: Unsupported DNSKEY "
			 "Algorithm: oh no");
	cr_assert_str_eq(with_ede(DNS_T_A, DNS_RCODE_SERVFAIL, 6, ""),
			 "DNS problem: looking up A for hostname: DNSSEC: Bogus");
	cr_assert_str_eq(with_ede(DNS_T_A, DNS_RCODE_SERVFAIL, 1337, "mysterious"),
			 "DNS problem: looking up A for hostname: Unknown Extended DNS Error code "
			 "1337: mysterious");
}

Test(le_text, r_dnssec_14_ede_on_nxdomain_too)
{
	/* R-DNSSEC-14: wrapErr attaches the EDE to any error RCODE */
	cr_assert_str_eq(with_ede(DNS_T_TXT, DNS_RCODE_NXDOMAIN, 19, ""),
			 "DNS problem: looking up TXT for hostname: Stale NXDOMAIN Answer");
}

Test(le_text, r_dnssec_14_every_listed_code)
{
	/* R-DNSSEC-14: codes 1, 2, 5..12 read "DNSSEC: <name>"; 0, 3, 4,
	 * 13..24 their name; 25 and up are unknown */
	static const char *const want[] = {
	    "Other",
	    "DNSSEC: Unsupported DNSKEY Algorithm",
	    "DNSSEC: Unsupported DS Digest Type",
	    "Stale Answer",
	    "Forged Answer",
	    "DNSSEC: Indeterminate",
	    "DNSSEC: Bogus",
	    "DNSSEC: Signature Expired",
	    "DNSSEC: Signature Not Yet Valid",
	    "DNSSEC: DNSKEY Missing",
	    "DNSSEC: RRSIGs Missing",
	    "DNSSEC: No Zone Key Bit Set",
	    "DNSSEC: NSEC Missing",
	    "Cached Error",
	    "Not Ready",
	    "Blocked",
	    "Censored",
	    "Filtered",
	    "Prohibited",
	    "Stale NXDOMAIN Answer",
	    "Not Authoritative",
	    "Not Supported",
	    "No Reachable Authority",
	    "Network Error between Resolver and Authority",
	    "Invalid Data",
	};
	for (uint16_t c = 0; c < 25; c++)
		cr_assert_str_eq(le_ede_summary(c), want[c], "code %u", c);
	cr_assert_null(le_ede_summary(25));
	cr_assert_null(le_ede_summary(29)); /* Synthesized: after Boulder's list */
	cr_assert_str_eq(
	    with_ede(DNS_T_CAA, DNS_RCODE_SERVFAIL, 27, ""),
	    "DNS problem: looking up CAA for hostname: Unknown Extended DNS Error code 27");
	cr_assert_str_eq(with_ede(DNS_T_CAA, DNS_RCODE_SERVFAIL, 7,
				  "validation failure <x. CAA IN>: signature expired"),
			 "DNS problem: looking up CAA for hostname: DNSSEC: Signature Expired: "
			 "validation failure <x. CAA IN>: signature expired");
}

Test(le_text, r_dnssec_14_ede_ignored_without_an_error_rcode)
{
	/* R-DNSSEC-14: an EDE on a timeout (no answer) cannot be: only the
	 * RCODE form carries one */
	struct le_dns_error e = {.qtype = DNS_T_TXT,
				 .name = "hostname",
				 .failure = LE_DNS_TIMEOUT,
				 .has_ede = true,
				 .ede_code = 6};
	cr_assert(le_dns_problem(&e, out, sizeof out));
	cr_assert_str_eq(out, "DNS problem: query timed out looking up TXT for hostname");
}

Test(le_text, r_dns01_4_error_classes_map_to_failures)
{
	/* R-DNS01-4: our resolver's classes, as Boulder tells them apart */
	cr_assert_eq(le_dns_failure_of(DNS_EC_NXDOMAIN), LE_DNS_RCODE);
	cr_assert_eq(le_dns_failure_of(DNS_EC_SERVFAIL), LE_DNS_RCODE);
	cr_assert_eq(le_dns_failure_of(DNS_EC_NOTIMP), LE_DNS_RCODE);
	cr_assert_eq(le_dns_failure_of(DNS_EC_REFUSED), LE_DNS_RCODE);
	cr_assert_eq(le_dns_failure_of(DNS_EC_FORMERR), LE_DNS_RCODE);
	cr_assert_eq(le_dns_failure_of(DNS_EC_TIMEOUT), LE_DNS_TIMEOUT);
	cr_assert_eq(le_dns_failure_of(DNS_EC_NETWORK), LE_DNS_NETWORK);
	cr_assert_eq(le_dns_failure_of(DNS_EC_MALFORMED), LE_DNS_SERVER_FAILURE);
}

Test(le_text, a_cut_text_is_said_and_terminated)
{
	char small[20];
	struct le_dns_error e = {.qtype = DNS_T_TXT,
				 .name = "hostname",
				 .failure = LE_DNS_RCODE,
				 .rcode = DNS_RCODE_NXDOMAIN};
	cr_assert_not(le_dns_problem(&e, small, sizeof small));
	cr_assert_str_eq(small, "DNS problem: NXDOMA");
	cr_assert_not(le_dns_problem(&e, small, 0));
}

/* ---- Go's %q ------------------------------------------------------------ */

static const char *quote(const char *s, size_t n)
{
	size_t len = 0;
	out[0] = '\0';
	cr_assert(le_go_quote((const uint8_t *)s, n, out, sizeof out, &len));
	cr_assert_eq(len, strlen(out));
	return out;
}
#define Q(lit) quote(lit, sizeof lit - 1)

Test(le_text, go_quote_plain_and_escaped_ascii)
{
	/* strconv.Quote: what fmt's %q prints in every LE text */
	cr_assert_str_eq(Q("a"), "\"a\"");
	cr_assert_str_eq(Q(""), "\"\"");
	cr_assert_str_eq(Q("say \"hi\" \\o/"), "\"say \\\"hi\\\" \\\\o/\"");
	cr_assert_str_eq(Q("\a\b\f\n\r\t\v"), "\"\\a\\b\\f\\n\\r\\t\\v\"");
	cr_assert_str_eq(Q("\x01\x1f\x7f"), "\"\\x01\\x1f\\x7f\"");
	cr_assert_str_eq(Q("nul\0end"), "\"nul\\x00end\"");
	cr_assert_str_eq(Q("wild card"), "\"wild card\"");
}

Test(le_text, go_quote_utf8)
{
	/* printable characters stay; what is not UTF-8 is \x, octet by octet */
	cr_assert_str_eq(Q("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
	cr_assert_str_eq(Q("\xe2\x82\xac \xf0\x9f\x98\x80"), "\"\xe2\x82\xac \xf0\x9f\x98\x80\"");
	cr_assert_str_eq(Q("\xff"), "\"\\xff\"");
	cr_assert_str_eq(Q("\xc3"), "\"\\xc3\"");			     /* cut sequence */
	cr_assert_str_eq(Q("\xc0\xaf"), "\"\\xc0\\xaf\"");		     /* overlong '/' */
	cr_assert_str_eq(Q("\xed\xa0\x80"), "\"\\xed\\xa0\\x80\"");	     /* a surrogate */
	cr_assert_str_eq(Q("\xf4\x90\x80\x80"), "\"\\xf4\\x90\\x80\\x80\""); /* > U+10FFFF */
	cr_assert_str_eq(Q("\xef\xbf\xbd"), "\"\xef\xbf\xbd\""); /* U+FFFD itself is printable */
}

Test(le_text, go_quote_non_printable_characters)
{
	cr_assert_str_eq(Q("\xc2\x85"), "\"\\u0085\"");		    /* C1 control NEL */
	cr_assert_str_eq(Q("\xc2\xa0"), "\"\\u00a0\"");		    /* no-break space */
	cr_assert_str_eq(Q("\xc2\xad"), "\"\\u00ad\"");		    /* soft hyphen */
	cr_assert_str_eq(Q("\xe2\x80\x8b"), "\"\\u200b\"");	    /* zero width space */
	cr_assert_str_eq(Q("\xef\xbb\xbf"), "\"\\ufeff\"");	    /* BOM */
	cr_assert_str_eq(Q("\xe3\x80\x80"), "\"\\u3000\"");	    /* ideographic space */
	cr_assert_str_eq(Q("\xee\x80\x80"), "\"\\ue000\"");	    /* private use */
	cr_assert_str_eq(Q("\xf3\xa0\x80\x81"), "\"\\U000e0001\""); /* language tag */
	cr_assert_str_eq(Q("\xf4\x8f\xbf\xbf"), "\"\\U0010ffff\""); /* noncharacter */
}

Test(le_text, go_quote_cut_when_it_does_not_fit)
{
	char small[6];
	size_t len = 0;
	cr_assert_not(le_go_quote((const uint8_t *)"abcdef", 6, small, sizeof small, &len));
	cr_assert_str_eq(small, "\"abcd");
}

/* ---- RFC 3339 ---------------------------------------------------------- */

static const char *date(int64_t t)
{
	le_rfc3339(t, out, sizeof out);
	return out;
}

Test(le_text, r_persist_4_rfc3339_dates_as_go_prints_them)
{
	/* R-PERSIST-4: validatedAt.Format(time.RFC3339) in UTC */
	cr_assert_str_eq(date(0), "1970-01-01T00:00:00Z");
	cr_assert_str_eq(date(1721952000), "2024-07-26T00:00:00Z");
	cr_assert_str_eq(date(-1), "1969-12-31T23:59:59Z");
	cr_assert_str_eq(date(951782400), "2000-02-29T00:00:00Z");
	cr_assert_str_eq(date(4102444799), "2099-12-31T23:59:59Z");
	cr_assert_str_eq(date(253402300799), "9999-12-31T23:59:59Z");
	cr_assert_str_eq(date(253402300800), "10000-01-01T00:00:00Z");
	cr_assert_str_eq(date(-62135596800), "0001-01-01T00:00:00Z");
	cr_assert_str_eq(date(-62135596801), "0000-12-31T23:59:59Z");
	cr_assert_str_eq(date(-62167219201), "-0001-12-31T23:59:59Z");
	cr_assert_str_eq(date(INT64_MAX), "292277026596-12-04T15:30:07Z");
	cr_assert_str_eq(date(INT64_MIN), "-292277022657-01-27T08:29:52Z");
}
