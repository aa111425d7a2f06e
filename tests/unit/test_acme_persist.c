/* src/acme/persist.c: the dns-persist-01 record as boulder
 * va/dns_persist.go reads it. R-PERSIST-3 (grammar, parseDNSPersistRecord;
 * the cases of va/dns_persist_test.go and more), R-PERSIST-4 (the match,
 * checkDNSPersistRecord), R-PERSIST-5 (validateDNSPersist01's texts),
 * R-PERSIST-1 (the status text). */
#include <criterion/criterion.h>
#include <string.h>

#include "acme/le_text.h"
#include "acme/persist.h"
#include "dns/types.h"

#define ACCT "https://acme-v02.api.letsencrypt.org/acme/acct/123456789"
#define LE   "letsencrypt.org"
#define NAME "_validation-persist.example.com"

static struct persist_record rec;

static enum persist_err parse(const char *s)
{
	return persist_parse((const uint8_t *)s, strlen(s), &rec);
}

static bool span_is(const uint8_t *p, size_t n, const char *s)
{
	return n == strlen(s) && memcmp(p, s, n) == 0;
}

/* ---- the grammar (R-PERSIST-3) ----------------------------------------- */

Test(persist, r_persist_3_a_full_record)
{
	cr_assert_eq(parse(LE "; accounturi=" ACCT "; policy=wildcard; persistUntil=1721952000"),
		     PERSIST_OK);
	cr_assert(rec.issuer_ok);
	cr_assert_str_eq(rec.issuer, LE);
	cr_assert(span_is(rec.accounturi, rec.accounturi_len, ACCT));
	cr_assert(rec.has_policy);
	cr_assert(span_is(rec.policy, rec.policy_len, "wildcard"));
	cr_assert(rec.has_persist_until);
	cr_assert_eq(rec.persist_until, 1721952000);
	cr_assert_str_eq(rec.error, "");
}

Test(persist, r_persist_3_white_space_and_tag_case)
{
	/* SP and HTAB trimmed around the issuer, each parameter, tag, value */
	cr_assert_eq(parse(" \tLetsEncrypt.ORG. \t;\t AccountURI = " ACCT " ;POLICY=x"),
		     PERSIST_OK);
	cr_assert_str_eq(rec.issuer, LE);
	cr_assert(span_is(rec.accounturi, rec.accounturi_len, ACCT));
	cr_assert(span_is(rec.policy, rec.policy_len, "x"));
	cr_assert_not(rec.has_persist_until);
}

Test(persist, r_persist_3_unknown_tags_ignored_even_twice)
{
	/* dns_persist_test.go: "Duplicate unknown parameter is ignored" */
	cr_assert_eq(parse(LE ";accounturi=" ACCT ";foo=bar;foo=baz;x-y=1"), PERSIST_OK);
}

Test(persist, r_persist_3_issuer_errors)
{
	cr_assert_eq(parse(""), PERSIST_E_EMPTY_ISSUER);
	cr_assert_str_eq(rec.error, "empty issuer-domain-name");
	cr_assert_not(rec.issuer_ok);
	cr_assert_eq(parse(" \t;accounturi=" ACCT), PERSIST_E_EMPTY_ISSUER);
	cr_assert_eq(parse("lets_encrypt.org;accounturi=" ACCT), PERSIST_E_ISSUER);
	cr_assert_not(rec.issuer_ok);
	cr_assert_eq(parse("-letsencrypt.org;accounturi=" ACCT), PERSIST_E_ISSUER);
	cr_assert_eq(parse("letsencrypt-.org;accounturi=" ACCT), PERSIST_E_ISSUER);
	cr_assert_eq(parse("le--tsencrypt.org;accounturi=" ACCT), PERSIST_E_ISSUER);
	/* an A-label is kept as written */
	cr_assert_eq(parse("xn--bcher-kva.example;accounturi=" ACCT), PERSIST_OK);
	cr_assert_str_eq(rec.issuer, "xn--bcher-kva.example");
	/* only one trailing dot goes */
	cr_assert_eq(parse("letsencrypt.org..;accounturi=" ACCT), PERSIST_OK);
	cr_assert_str_eq(rec.issuer, "letsencrypt.org.");
}

Test(persist, r_persist_3_issuer_length)
{
	char buf[400];
	memset(buf, 'a', 253);
	buf[253] = '\0';
	strcat(buf, ".;accounturi=x");
	cr_assert_eq(parse(buf), PERSIST_OK); /* 253 and a dot */
	memset(buf, 'a', 254);
	buf[254] = '\0';
	strcat(buf, ";accounturi=x");
	cr_assert_eq(parse(buf), PERSIST_E_ISSUER);
}

Test(persist, r_persist_3_non_ascii_issuer_not_mapped)
{
	/* fullwidth "letsencrypt.org": UTS #46 maps it to ASCII at the CA */
	cr_assert_eq(parse("\xef\xbd\x8c"
			   "etsencrypt.org;accounturi=" ACCT),
		     PERSIST_E_ISSUER_UNICODE);
	cr_assert_not(rec.issuer_ok);
	cr_assert_str_eq(rec.error,
			 "issuer-domain-name \"\xef\xbd\x8c"
			 "etsencrypt.org\" is not "
			 "ASCII: the CA maps it to A-labels (NFC, UTS #46), which acmeprobe "
			 "does not do");
}

Test(persist, r_persist_3_parameter_errors_with_boulders_texts)
{
	cr_assert_eq(parse(LE ";accounturi=" ACCT ";"), PERSIST_E_EMPTY_PARAM);
	cr_assert_str_eq(rec.error, "empty parameter or trailing semicolon provided");
	cr_assert(rec.issuer_ok); /* the issuer comes back with the error */
	cr_assert_str_eq(rec.issuer, LE);
	cr_assert_eq(parse(LE ";;accounturi=" ACCT), PERSIST_E_EMPTY_PARAM);
	cr_assert_eq(parse(LE "; \t ;accounturi=" ACCT), PERSIST_E_EMPTY_PARAM);
	cr_assert_eq(parse(LE ";accounturi=" ACCT ";invalidparam"), PERSIST_E_NOT_TAG_VALUE);
	cr_assert_str_eq(rec.error,
			 "malformed parameter \"invalidparam\" should be tag=value pair");
	cr_assert_eq(parse(LE ";accounturi=" ACCT "; =x"), PERSIST_E_EMPTY_TAG);
	cr_assert_str_eq(rec.error, "malformed parameter \"=x\", empty tag");
	cr_assert_eq(parse(LE ";accounturi=" ACCT ";policy=wild card"), PERSIST_E_VALUE);
	cr_assert_str_eq(rec.error, "malformed value \"wild card\" for tag \"policy\"");
	cr_assert_eq(parse(LE ";accounturi=" ACCT ";Unknown=caf\xc3\xa9"), PERSIST_E_VALUE);
	cr_assert_str_eq(rec.error, "malformed value \"caf\xc3\xa9\" for tag \"Unknown\"");
	cr_assert_eq(parse(LE ";accounturi=" ACCT ";x=a\x01"), PERSIST_E_VALUE);
	cr_assert_str_eq(rec.error, "malformed value \"a\\x01\" for tag \"x\"");
}

Test(persist, r_persist_3_value_may_hold_equals_but_not_semicolon_space)
{
	/* SplitN at the first '=': the value keeps the others */
	cr_assert_eq(parse(LE ";accounturi=https://x/?a=b"), PERSIST_OK);
	cr_assert(span_is(rec.accounturi, rec.accounturi_len, "https://x/?a=b"));
	cr_assert_eq(parse(LE ";accounturi=" ACCT ";policy="), PERSIST_OK); /* empty policy */
	cr_assert(rec.has_policy);
	cr_assert_eq(rec.policy_len, 0);
}

Test(persist, r_persist_3_duplicates_any_case)
{
	cr_assert_eq(parse(LE ";accounturi=" ACCT ";AccountURI=" ACCT), PERSIST_E_DUPLICATE);
	cr_assert_str_eq(rec.error, "duplicate parameter \"AccountURI\"");
	cr_assert_eq(parse(LE ";accounturi=" ACCT ";policy=a;policy=b"), PERSIST_E_DUPLICATE);
	cr_assert_str_eq(rec.error, "duplicate parameter \"policy\"");
	cr_assert_eq(parse(LE ";accounturi=" ACCT ";persistUntil=1;persistuntil=2"),
		     PERSIST_E_DUPLICATE);
	cr_assert_str_eq(rec.error, "duplicate parameter \"persistuntil\"");
}

Test(persist, r_persist_3_accounturi_missing_or_empty)
{
	cr_assert_eq(parse(LE), PERSIST_E_NO_ACCOUNTURI);
	cr_assert_str_eq(rec.error, "missing mandatory accounturi parameter");
	cr_assert_eq(parse(LE ";policy=wildcard"), PERSIST_E_NO_ACCOUNTURI);
	cr_assert_eq(parse(LE ";accounturi="), PERSIST_E_EMPTY_ACCOUNTURI);
	cr_assert_str_eq(rec.error, "empty value provided for mandatory accounturi");
	/* a second, empty accounturi is a duplicate first */
	cr_assert_eq(parse(LE ";accounturi=" ACCT ";accounturi="), PERSIST_E_DUPLICATE);
}

Test(persist, r_persist_3_persist_until_as_strconv_parseint)
{
	cr_assert_eq(parse(LE ";accounturi=x;persistUntil=not-a-unix-timestamp"),
		     PERSIST_E_PERSIST_UNTIL);
	cr_assert_str_eq(rec.error, "malformed persistUntil timestamp \"not-a-unix-timestamp\"");
	cr_assert_eq(parse(LE ";accounturi=x;persistUntil="), PERSIST_E_PERSIST_UNTIL);
	cr_assert_str_eq(rec.error, "malformed persistUntil timestamp \"\"");
	cr_assert_eq(parse(LE ";accounturi=x;persistUntil=+5"), PERSIST_OK);
	cr_assert_eq(rec.persist_until, 5);
	cr_assert_eq(parse(LE ";accounturi=x;persistUntil=-5"), PERSIST_OK);
	cr_assert_eq(rec.persist_until, -5);
	cr_assert_eq(parse(LE ";accounturi=x;persistUntil=9223372036854775807"), PERSIST_OK);
	cr_assert_eq(rec.persist_until, INT64_MAX);
	cr_assert_eq(parse(LE ";accounturi=x;persistUntil=-9223372036854775808"), PERSIST_OK);
	cr_assert_eq(rec.persist_until, INT64_MIN);
	cr_assert_eq(parse(LE ";accounturi=x;persistUntil=9223372036854775808"),
		     PERSIST_E_PERSIST_UNTIL);
	cr_assert_eq(parse(LE ";accounturi=x;persistUntil=0x10"), PERSIST_E_PERSIST_UNTIL);
	cr_assert_eq(parse(LE ";accounturi=x;persistUntil=1_000"), PERSIST_E_PERSIST_UNTIL);
	cr_assert_eq(parse(LE ";accounturi=x;persistUntil=-"), PERSIST_E_PERSIST_UNTIL);
}

Test(persist, r_persist_3_first_error_wins)
{
	/* the loop stops at the first bad parameter, in order */
	cr_assert_eq(parse(LE ";bad;accounturi="), PERSIST_E_NOT_TAG_VALUE);
	cr_assert_eq(parse(LE ";accounturi=;bad"), PERSIST_E_EMPTY_ACCOUNTURI);
	cr_assert_eq(parse(LE ";x=a b;;"), PERSIST_E_VALUE);
}

/* ---- the match (R-PERSIST-4) ------------------------------------------- */

static char why[2048];

static bool check(const char *record, const char *acct, bool wildcard, int64_t sec, long nsec)
{
	cr_assert_eq(parse(record), PERSIST_OK, "%s", record);
	return persist_check(&rec, acct, wildcard, (struct persist_time){sec, nsec}, why,
			     sizeof why);
}

Test(persist, r_persist_4_accounturi_exact)
{
	cr_assert(check(LE ";accounturi=" ACCT, ACCT, false, 0, 0));
	cr_assert_str_eq(why, "");
	cr_assert_not(check(LE ";accounturi=" ACCT "/", ACCT, false, 0, 0));
	cr_assert_str_eq(why, "accounturi mismatch: expected \"" ACCT "\", got \"" ACCT "/\"");
	cr_assert_not(check(LE
			    ";accounturi=HTTPS://acme-v02.api.letsencrypt.org/acme/acct/123456789",
			    ACCT, false, 0, 0));
}

Test(persist, r_persist_4_wildcard_needs_policy_wildcard)
{
	cr_assert(check(LE ";accounturi=" ACCT ";policy=WildCard", ACCT, true, 0, 0));
	cr_assert_not(check(LE ";accounturi=" ACCT, ACCT, true, 0, 0));
	cr_assert_str_eq(why, "policy mismatch: expected \"wildcard\", got \"\"");
	cr_assert_not(check(LE ";accounturi=" ACCT ";policy=wildcards", ACCT, true, 0, 0));
	cr_assert_str_eq(why, "policy mismatch: expected \"wildcard\", got \"wildcards\"");
	/* any policy for a name that is not a wildcard */
	cr_assert(check(LE ";accounturi=" ACCT ";policy=whatever", ACCT, false, 0, 0));
}

Test(persist, r_persist_4_persist_until)
{
	const char *r = LE ";accounturi=" ACCT ";persistUntil=1721952000";
	cr_assert(check(r, ACCT, false, 1721951999, 999999999));
	cr_assert(check(r, ACCT, false, 1721952000, 0)); /* not after: equal */
	cr_assert_not(check(r, ACCT, false, 1721952000, 1));
	cr_assert_str_eq(why, "validation time 2024-07-26T00:00:00Z is after persistUntil "
			      "2024-07-26T00:00:00Z");
	cr_assert_not(check(r, ACCT, false, 1790000000, 0));
	cr_assert_str_eq(why, "validation time 2026-09-21T14:13:20Z is after persistUntil "
			      "2024-07-26T00:00:00Z");
	/* dns_persist_test.go: "Negative persistUntil", persistUntil=0 */
	cr_assert_not(check(LE ";accounturi=" ACCT ";persistUntil=-1", ACCT, false, 1790000000, 0));
	cr_assert_str_eq(why, "validation time 2026-09-21T14:13:20Z is after persistUntil "
			      "1969-12-31T23:59:59Z");
}

Test(persist, r_persist_4_go_zero_time_and_the_far_future)
{
	/* Go's zero time (year 1) is IsZero: as if there were no persistUntil */
	cr_assert(
	    check(LE ";accounturi=" ACCT ";persistUntil=-62135596800", ACCT, false, 1790000000, 0));
	cr_assert_not(
	    check(LE ";accounturi=" ACCT ";persistUntil=-62135596801", ACCT, false, 1790000000, 0));
	/* far in the future: not after */
	cr_assert(
	    check(LE ";accounturi=" ACCT ";persistUntil=253402300799", ACCT, false, 1790000000, 0));
	/* INT64_MAX wraps in Go's seconds-since-year-1: it orders before now */
	cr_assert_not(check(LE ";accounturi=" ACCT ";persistUntil=9223372036854775807", ACCT, false,
			    1790000000, 0));
	cr_assert_str_eq(why, "validation time 2026-09-21T14:13:20Z is after persistUntil "
			      "292277026596-12-04T15:30:07Z");
}

Test(persist, r_persist_4_order_of_the_checks)
{
	/* accounturi first, then policy, then the time */
	cr_assert_not(check(LE ";accounturi=other;persistUntil=1", ACCT, true, 1790000000, 0));
	cr_assert_str_eq(why, "accounturi mismatch: expected \"" ACCT "\", got \"other\"");
	cr_assert_not(check(LE ";accounturi=" ACCT ";persistUntil=1", ACCT, true, 1790000000, 0));
	cr_assert_str_eq(why, "policy mismatch: expected \"wildcard\", got \"\"");
}

/* ---- the CA's verdict (R-PERSIST-5) ------------------------------------ */

static struct acme_verdict verdict;
static struct persist_view views[8];

static void decide(const char *const *recs, size_t n, bool wildcard)
{
	struct acme_txt txt[8];
	for (size_t i = 0; i < n; i++)
		txt[i] = (struct acme_txt){(const uint8_t *)recs[i], strlen(recs[i])};
	struct acme_lookup lk = {.error = DNS_EC_NONE, .txt = txt, .txt_count = n};
	persist_decide(&lk, NAME, LE, ACCT, wildcard, (struct persist_time){1790000000, 5},
		       &verdict, views);
}

Test(persist, r_persist_5_no_record)
{
	decide(NULL, 0, false);
	cr_assert_eq(verdict.outcome, ACME_INVALID);
	cr_assert_str_eq(verdict.problem_type, LE_PROBLEM_UNAUTHORIZED);
	cr_assert_str_eq(verdict.detail, "No TXT record found for DNS-PERSIST-01 challenge");
}

Test(persist, r_persist_5_dns_errors)
{
	struct acme_lookup lk = {.error = DNS_EC_NXDOMAIN, .rcode = DNS_RCODE_NXDOMAIN};
	persist_decide(&lk, NAME, LE, ACCT, false, (struct persist_time){0, 0}, &verdict, NULL);
	cr_assert_eq(verdict.outcome, ACME_INVALID); /* NXDOMAIN: no such name */
	cr_assert_str_eq(verdict.problem_type, LE_PROBLEM_DNS);
	cr_assert_str_eq(verdict.detail,
			 "Retrieving TXT records for DNS-PERSIST-01 challenge: DNS problem: "
			 "NXDOMAIN looking up TXT for " NAME
			 " - check that a DNS record exists for this domain");
	lk = (struct acme_lookup){.error = DNS_EC_SERVFAIL, .rcode = DNS_RCODE_SERVFAIL};
	persist_decide(&lk, NAME, LE, ACCT, false, (struct persist_time){0, 0}, &verdict, NULL);
	cr_assert_eq(verdict.outcome, ACME_DNS_ERROR);
	cr_assert_str_eq(verdict.detail,
			 "Retrieving TXT records for DNS-PERSIST-01 challenge: DNS problem: "
			 "SERVFAIL looking up TXT for " NAME
			 " - the domain's nameservers may be malfunctioning");
}

Test(persist, r_persist_4_first_valid_record_wins)
{
	/* dns_persist_test.go: "Matching malformed and matching valid record
	 * succeeds" */
	const char *recs[] = {LE ";accounturi=" ACCT ";accounturi=" ACCT, "other.example;x=1",
			      LE ";accounturi=" ACCT, LE ";bad"};
	decide(recs, 4, false);
	cr_assert_eq(verdict.outcome, ACME_VALID);
	cr_assert_eq(verdict.matched, 2);
	cr_assert_null(verdict.problem_type);
	cr_assert_str_eq(verdict.rule, "R-PERSIST-4");
	cr_assert_eq(views[0].status, PERSIST_REC_MALFORMED);
	cr_assert_eq(views[1].status, PERSIST_REC_OTHER_CA);
	cr_assert_eq(views[2].status, PERSIST_REC_VALID);
	cr_assert_eq(views[3].status, PERSIST_REC_MALFORMED); /* read for the report */
}

Test(persist, r_persist_5_malformed_before_unauthorized)
{
	const char *recs[] = {LE ";accounturi=other", LE ";accounturi=" ACCT ";policy=a;policy=b",
			      "LETSENCRYPT.ORG.;policy=wildcard"};
	decide(recs, 3, false);
	cr_assert_eq(verdict.outcome, ACME_INVALID);
	cr_assert_str_eq(verdict.problem_type, LE_PROBLEM_MALFORMED);
	cr_assert_str_eq(verdict.detail,
			 "Parsing DNS-PERSIST-01 challenge TXT record with issuer-domain-name "
			 "\"letsencrypt.org\": duplicate parameter \"policy\"; Parsing "
			 "DNS-PERSIST-01 challenge TXT record with issuer-domain-name "
			 "\"letsencrypt.org\": missing mandatory accounturi parameter");
	cr_assert_eq(views[0].status, PERSIST_REC_UNAUTHORIZED);
	cr_assert_str_eq(persist_record_status_name(views[0].status), "unauthorized");
}

Test(persist, r_persist_5_unauthorized_joined)
{
	const char *recs[] = {LE ";accounturi=other", LE ";accounturi=" ACCT ";persistUntil=10",
			      ("other.example;accounturi=" ACCT)};
	decide(recs, 3, false);
	cr_assert_eq(verdict.outcome, ACME_INVALID);
	cr_assert_str_eq(verdict.problem_type, LE_PROBLEM_UNAUTHORIZED);
	cr_assert_str_eq(verdict.detail,
			 "Checking DNS-PERSIST-01 challenge TXT record with issuer-domain-name "
			 "\"letsencrypt.org\": accounturi mismatch: expected \"" ACCT
			 "\", got \"other\"; Checking DNS-PERSIST-01 challenge TXT record with "
			 "issuer-domain-name \"letsencrypt.org\": validation time "
			 "2026-09-21T14:13:20Z is after persistUntil 1970-01-01T00:00:10Z");
}

Test(persist, r_persist_5_no_record_for_this_ca)
{
	/* dns_persist_test.go: "Non-matching issuer with no valid records" */
	const char *recs[] = {("other.example;accounturi=" ACCT), "sectigo.com;;",
			      "lets_encrypt.org"};
	decide(recs, 3, false);
	cr_assert_eq(verdict.outcome, ACME_INVALID);
	cr_assert_str_eq(verdict.problem_type, LE_PROBLEM_UNAUTHORIZED);
	cr_assert_str_eq(verdict.detail, "No valid TXT record found for DNS-PERSIST-01 challenge");
	cr_assert_eq(views[2].status, PERSIST_REC_OTHER_CA);
	cr_assert_eq(views[2].parse, PERSIST_E_ISSUER);
}

Test(persist, r_persist_3_unmapped_issuer_counts_for_no_ca)
{
	const char *recs[] = {"\xef\xbd\x8c"
			      "etsencrypt.org;accounturi=" ACCT};
	decide(recs, 1, false);
	cr_assert_eq(verdict.outcome, ACME_INVALID);
	cr_assert_str_eq(verdict.detail, "No valid TXT record found for DNS-PERSIST-01 challenge");
	cr_assert_eq(views[0].status, PERSIST_REC_UNMAPPED);
	cr_assert_str_eq(persist_record_status_name(PERSIST_REC_UNMAPPED), "unmapped");
}

Test(persist, r_persist_4_wildcard_request)
{
	const char *recs[] = {LE ";accounturi=" ACCT, LE ";accounturi=" ACCT ";policy=wildcard"};
	decide(recs, 2, true);
	cr_assert_eq(verdict.outcome, ACME_VALID);
	cr_assert_eq(verdict.matched, 1);
	decide(recs, 1, true);
	cr_assert_eq(verdict.outcome, ACME_INVALID);
	cr_assert_str_eq(verdict.detail,
			 "Checking DNS-PERSIST-01 challenge TXT record with issuer-domain-name "
			 "\"letsencrypt.org\": policy mismatch: expected \"wildcard\", got \"\"");
}

Test(persist, r_persist_1_status_says_flag_and_staging)
{
	cr_assert_not_null(strstr(PERSIST_STATUS, "feature flag"));
	cr_assert_not_null(strstr(PERSIST_STATUS, "staging"));
	cr_assert_not_null(strstr(PERSIST_STATUS, "not confirmed"));
	cr_assert_str_eq(persist_err_name(PERSIST_E_DUPLICATE), "duplicate");
	cr_assert_str_eq(persist_err_name(PERSIST_E__COUNT), "?");
}
