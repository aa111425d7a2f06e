/* src/acme/dns01.c, encode.c, digest.c: the DNS-01 challenge as boulder
 * va/dns.go validateDNS decides it (R-DNS01-1..4), the dns-account-01
 * label (R-ACCOUNT-1), and the per-server view. The expected texts are the
 * ones boulder's va/dns_test.go asserts, or built by its format strings. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "acme/digest.h"
#include "acme/dns01.h"
#include "acme/encode.h"
#include "acme/le_text.h"
#include "dns/text.h"
#include "dns/types.h"

static char text[DNS_MAX_NAME_TEXT];

static const char *wire_text(const uint8_t *wire)
{
	struct dns_text t;
	dns_text_init(&t, text, sizeof text);
	dns_text_name(&t, wire);
	return text;
}

/* ---- the name (R-DNS01-1, R-PERSIST-2, R-ACCOUNT-1) --------------------- */

static enum acme_name_result name(const char *domain, const char *prefix, bool *wild)
{
	uint8_t d[DNS_MAX_NAME], n[DNS_MAX_NAME];
	enum dns_err e;
	enum acme_name_result r = acme_challenge_name(domain, prefix, d, n, wild, &e);
	if (r == ACME_NAME_OK)
		wire_text(n);
	else
		text[0] = '\0';
	return r;
}

Test(acme_dns01, r_dns01_1_prefix_in_front)
{
	bool wild = true;
	cr_assert_eq(name("example.com", DNS01_PREFIX, &wild), ACME_NAME_OK);
	cr_assert_str_eq(text, "_acme-challenge.example.com.");
	cr_assert_not(wild);
	cr_assert_eq(name("Example.COM.", DNS01_PREFIX, &wild), ACME_NAME_OK);
	cr_assert_str_eq(text, "_acme-challenge.Example.COM.");
}

Test(acme_dns01, r_dns01_1_wildcard_prefix_dropped)
{
	/* R-DNS01-1: strings.TrimPrefix(ident.Value, "*."); only once */
	bool wild = false;
	cr_assert_eq(name("*.example.com", DNS01_PREFIX, &wild), ACME_NAME_OK);
	cr_assert_str_eq(text, "_acme-challenge.example.com.");
	cr_assert(wild);
	cr_assert_eq(name("*.*.example.com", DNS01_PREFIX, &wild), ACME_NAME_OK);
	cr_assert_str_eq(text, "_acme-challenge.*.example.com.");
}

Test(acme_dns01, r_persist_2_and_r_account_1_prefixes)
{
	bool wild;
	cr_assert_eq(name("*.example.com", PERSIST_PREFIX, &wild), ACME_NAME_OK);
	cr_assert_str_eq(text, "_validation-persist.example.com.");
	cr_assert(wild);
	cr_assert_eq(name("example.com", "_ujmmovf2vn55tgye._acme-challenge", &wild), ACME_NAME_OK);
	cr_assert_str_eq(text, "_ujmmovf2vn55tgye._acme-challenge.example.com.");
}

Test(acme_dns01, r_dns01_1_bad_names)
{
	bool wild;
	uint8_t d[DNS_MAX_NAME], n[DNS_MAX_NAME];
	enum dns_err e;
	cr_assert_eq(acme_challenge_name("a..b", DNS01_PREFIX, d, n, &wild, &e), ACME_NAME_BAD);
	cr_assert_eq(e, DNS_E_EMPTY_LABEL);
	cr_assert_eq(name(".", DNS01_PREFIX, &wild), ACME_NAME_ROOT);
	cr_assert_eq(name("*..", DNS01_PREFIX, &wild), ACME_NAME_ROOT);
	cr_assert_eq(name("*.", DNS01_PREFIX, &wild), ACME_NAME_BAD); /* "" is no name */
	cr_assert_eq(name("", DNS01_PREFIX, &wild), ACME_NAME_BAD);
	/* four labels of 62 octets: 253 octets of wire; a 1-octet label more
	 * makes 255, the limit; the 16 octets of "_acme-challenge" do not fit */
	char longname[300];
	memset(longname, 0, sizeof longname);
	for (int i = 0; i < 4; i++)
		strcat(longname, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.");
	cr_assert_eq(strlen(longname), 252);
	cr_assert_eq(name(longname, "x", &wild), ACME_NAME_OK);
	cr_assert_eq(name(longname, DNS01_PREFIX, &wild), ACME_NAME_TOO_LONG);
}

Test(acme_dns01, r_dns01_4_name_text_as_boulder_writes_it)
{
	uint8_t wire[DNS_MAX_NAME];
	size_t len;
	char t[DNS_MAX_NAME_TEXT];
	cr_assert_eq(dns_name_from_text("_acme-challenge.WWW.Example.com", 31, wire, &len), DNS_OK);
	acme_name_text(wire, t, sizeof t);
	cr_assert_str_eq(t, "_acme-challenge.www.example.com");
}

/* ---- the value (R-DNS01-2) --------------------------------------------- */

Test(acme_dns01, r_dns01_2_value_of_a_key_authorization)
{
	/* RFC 8555 s8.1's key authorization shape: token "." thumbprint */
	const char *ka = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA."
			 "9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";
	uint8_t d[ACME_SHA256_LEN];
	char v[DNS01_VALUE_LEN + 1];
	cr_assert(acme_sha256_available());
	cr_assert(acme_sha256(ka, strlen(ka), d));
	dns01_value(d, v);
	cr_assert_str_eq(v, "lCM7cZyQXcVHK2nnW3jjAhNT3Fvm18UN-kWZZknKoYM");
	cr_assert_eq(strlen(v), 43);
	cr_assert(acme_sha256("", 0, d));
	dns01_value(d, v);
	cr_assert_str_eq(v, "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
}

Test(acme_dns01, sha256_fips_180_vectors)
{
	/* FIPS 180-4 example "abc" */
	static const uint8_t want[32] = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea,
					 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
					 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
					 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
	uint8_t d[ACME_SHA256_LEN];
	cr_assert(acme_sha256("abc", 3, d));
	cr_assert_arr_eq(d, want, 32);
}

Test(acme_dns01, base64url_rfc4648_vectors_without_padding)
{
	/* RFC 4648 s10 vectors, in the URL alphabet, no "=" */
	static const char *const in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
	static const char *const want[] = {"",	     "Zg",	"Zm8",	   "Zm9v",
					   "Zm9vYg", "Zm9vYmE", "Zm9vYmFy"};
	char o[16];
	for (size_t i = 0; i < 7; i++) {
		size_t n = acme_base64url((const uint8_t *)in[i], strlen(in[i]), o);
		cr_assert_str_eq(o, want[i]);
		cr_assert_eq(n, ACME_B64URL_LEN(strlen(in[i])));
	}
	acme_base64url((const uint8_t *)"\xfb\xff\xbf", 3, o);
	cr_assert_str_eq(o, "-_-_"); /* the two characters that differ from s4 */
}

Test(acme_dns01, base32_rfc4648_vectors_lower_case)
{
	static const char *const in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
	static const char *const want[] = {
	    "", "my======", "mzxq====", "mzxw6===", "mzxw6yq=", "mzxw6ytb", "mzxw6ytboi======"};
	char o[32];
	for (size_t i = 0; i < 7; i++) {
		size_t n = acme_base32_lower((const uint8_t *)in[i], strlen(in[i]), o);
		cr_assert_str_eq(o, want[i]);
		cr_assert_eq(n, ACME_B32_LEN(strlen(in[i])));
	}
}

Test(acme_dns01, r_account_1_label_of_an_account_url)
{
	/* R-ACCOUNT-1: boulder va/dns_test.go's account and its label */
	const char *url = "https://example.com/acme/acct/ExampleAccount";
	uint8_t d[ACME_SHA256_LEN];
	char label[ACCOUNT_LABEL_LEN + 1];
	cr_assert(acme_sha256(url, strlen(url), d));
	account_label(d, label);
	cr_assert_str_eq(label, "ujmmovf2vn55tgye");
	url = "https://acme-v02.api.letsencrypt.org/acme/acct/1";
	cr_assert(acme_sha256(url, strlen(url), d));
	account_label(d, label);
	cr_assert_str_eq(label, "zjud2triz5zjyeyo");
}

/* ---- the strings of one RR (R-DNS01-3) --------------------------------- */

Test(acme_dns01, r_dns01_3_strings_of_one_rr_are_joined)
{
	uint8_t o[64];
	size_t n = 99;
	cr_assert_eq(acme_txt_join((const uint8_t *)"\x03"
						    "abc\x02"
						    "de\x00\x01"
						    "f",
				   10, o, sizeof o, &n),
		     ACME_TXT_OK);
	cr_assert_eq(n, 6);
	cr_assert_arr_eq(o, "abcdef", 6);
	cr_assert_eq(acme_txt_join((const uint8_t *)"", 0, o, sizeof o, &n), ACME_TXT_OK);
	cr_assert_eq(n, 0);
	cr_assert_eq(acme_txt_join((const uint8_t *)"\x00", 1, o, sizeof o, &n), ACME_TXT_OK);
	cr_assert_eq(n, 0);
}

Test(acme_dns01, r_dns01_3_bad_rdata)
{
	uint8_t o[4];
	size_t n = 99;
	cr_assert_eq(acme_txt_join((const uint8_t *)"\x05"
						    "abc",
				   4, o, sizeof o, &n),
		     ACME_TXT_CUT);
	cr_assert_eq(n, 0);
	cr_assert_eq(acme_txt_join((const uint8_t *)"\x02"
						    "ab\x01",
				   4, o, sizeof o, &n),
		     ACME_TXT_CUT);
	cr_assert_eq(acme_txt_join((const uint8_t *)"\x05"
						    "abcde",
				   6, o, sizeof o, &n),
		     ACME_TXT_NOSPACE);
}

/* ---- the match and the CA's words (R-DNS01-3, R-DNS01-4) --------------- */

#define V    "LPsIwTo7o8BoG0-vjCyGQGBWSVIPxI-i_X336eUOQZo"
#define NAME "_acme-challenge.example.com"

static struct acme_txt rr(const char *s)
{
	return (struct acme_txt){(const uint8_t *)s, strlen(s)};
}

static struct acme_verdict verdict;

static void decide(const struct acme_txt *rrs, size_t n, const char *expected, const char *acct)
{
	struct acme_lookup lk = {.error = DNS_EC_NONE, .txt = rrs, .txt_count = n};
	dns01_decide(&lk, NAME, (const uint8_t *)expected, expected ? strlen(expected) : 0, acct,
		     &verdict);
}

Test(acme_dns01, r_dns01_3_one_matching_rr_is_enough)
{
	struct acme_txt rrs[] = {rr("other"), rr(V), rr("more")};
	decide(rrs, 3, V, NULL);
	cr_assert_eq(verdict.outcome, ACME_VALID);
	cr_assert_eq(verdict.matched, 1);
	cr_assert_null(verdict.problem_type);
	cr_assert_str_eq(verdict.rule, "R-DNS01-3");
}

Test(acme_dns01, r_dns01_3_compare_is_exact)
{
	/* case-sensitive, no trimming, strings of two RRs never joined */
	struct acme_txt rrs[] = {rr(" " V), rr("lpsiwto7o8bog0-vjcygqgbwsvipxi-i_x336euoqzo"),
				 rr("LPsIwTo7o8BoG0-vjCyGQGBWSVIPxI"), rr("-i_X336eUOQZo")};
	decide(rrs, 4, V, NULL);
	cr_assert_eq(verdict.outcome, ACME_INVALID);
	cr_assert_eq(verdict.matched, -1);
	cr_assert_str_eq(verdict.problem_type, LE_PROBLEM_UNAUTHORIZED);
	cr_assert_str_eq(verdict.detail,
			 "Incorrect TXT record \" " V "\" (and 3 more) found at " NAME);
}

Test(acme_dns01, r_dns01_4_incorrect_record_texts)
{
	/* va/dns_test.go: wrong-dns01.com, wrong-many-dns01.com */
	struct acme_txt one[] = {rr("a")};
	decide(one, 1, V, NULL);
	cr_assert_str_eq(verdict.detail, "Incorrect TXT record \"a\" found at " NAME);
	struct acme_txt five[] = {rr("a"), rr("b"), rr("c"), rr("d"), rr("e")};
	decide(five, 5, V, NULL);
	cr_assert_str_eq(verdict.detail, "Incorrect TXT record \"a\" (and 4 more) found at " NAME);
	cr_assert_str_eq(verdict.rule, "R-DNS01-4");
}

Test(acme_dns01, r_dns01_4_long_record_cut_at_100_octets)
{
	/* va/dns_test.go long-dns01.com: 100 'a' then "..." inside the quotes */
	char longv[201], want[300];
	memset(longv, 'a', 200);
	longv[200] = '\0';
	struct acme_txt rrs[] = {rr(longv)};
	decide(rrs, 1, V, NULL);
	snprintf(want, sizeof want, "Incorrect TXT record \"%.100s...\" found at " NAME, longv);
	cr_assert_str_eq(verdict.detail, want);
	/* exactly 100: no cut */
	longv[100] = '\0';
	struct acme_txt hundred[] = {rr(longv)};
	decide(hundred, 1, V, NULL);
	snprintf(want, sizeof want, "Incorrect TXT record \"%s\" found at " NAME, longv);
	cr_assert_str_eq(verdict.detail, want);
}

Test(acme_dns01, r_dns01_4_cut_splits_utf8_as_go_does)
{
	/* 99 'a' then "é": the cut at 100 octets leaves half of it, which
	 * %q prints as \xc3 */
	char v[120];
	memset(v, 'a', 99);
	memcpy(v + 99, "\xc3\xa9zz", 5);
	struct acme_txt rrs[] = {rr(v)};
	decide(rrs, 1, V, NULL);
	char want[300];
	snprintf(want, sizeof want, "Incorrect TXT record \"%.99s\\xc3...\" found at " NAME, v);
	cr_assert_str_eq(verdict.detail, want);
}

Test(acme_dns01, r_dns01_4_binary_record_quoted)
{
	struct acme_txt rrs[] = {{(const uint8_t *)"a\"b\\c\n\0\xff", 8}};
	decide(rrs, 1, V, NULL);
	cr_assert_str_eq(verdict.detail,
			 "Incorrect TXT record \"a\\\"b\\\\c\\n\\x00\\xff\" found at " NAME);
}

Test(acme_dns01, r_dns01_4_no_txt_record)
{
	decide(NULL, 0, V, NULL);
	cr_assert_eq(verdict.outcome, ACME_INVALID);
	cr_assert_str_eq(verdict.problem_type, LE_PROBLEM_UNAUTHORIZED);
	cr_assert_str_eq(verdict.detail, "No TXT record found at " NAME);
	/* without an expected value, the same: the CA needs a record */
	decide(NULL, 0, NULL, NULL);
	cr_assert_eq(verdict.outcome, ACME_INVALID);
	cr_assert_str_eq(verdict.detail, "No TXT record found at " NAME);
}

Test(acme_dns01, r_dns01_3_no_expected_value_reports_what_is_published)
{
	struct acme_txt rrs[] = {rr("x")};
	decide(rrs, 1, NULL, NULL);
	cr_assert_eq(verdict.outcome, ACME_PUBLISHED);
	cr_assert_null(verdict.problem_type);
	cr_assert_str_eq(verdict.detail, "");
}

Test(acme_dns01, r_dns01_4_lookup_errors_are_dns_problems)
{
	struct acme_lookup lk = {.error = DNS_EC_NXDOMAIN, .rcode = DNS_RCODE_NXDOMAIN};
	dns01_decide(&lk, NAME, (const uint8_t *)V, 43, NULL, &verdict);
	/* the name does not exist: invalid, though Boulder's problem is a dns one */
	cr_assert_eq(verdict.outcome, ACME_INVALID);
	cr_assert_str_eq(verdict.problem_type, LE_PROBLEM_DNS);
	cr_assert_str_eq(verdict.detail, "DNS problem: NXDOMAIN looking up TXT for " NAME
					 " - check that a DNS record exists for this domain");
	lk = (struct acme_lookup){
	    .error = DNS_EC_SERVFAIL, .rcode = DNS_RCODE_SERVFAIL, .has_ede = true, .ede_code = 9};
	dns01_decide(&lk, NAME, NULL, 0, NULL, &verdict);
	cr_assert_eq(verdict.outcome, ACME_DNS_ERROR);
	cr_assert_str_eq(verdict.detail,
			 "DNS problem: looking up TXT for " NAME ": DNSSEC: DNSKEY Missing");
	lk = (struct acme_lookup){.error = DNS_EC_TIMEOUT};
	dns01_decide(&lk, NAME, NULL, 0, "https://x/acct/1", &verdict);
	/* R-ACCOUNT-1: a dns problem gets no account suffix */
	cr_assert_str_eq(verdict.detail, "DNS problem: query timed out looking up TXT for " NAME);
}

Test(acme_dns01, r_account_1_unauthorized_texts_name_the_account)
{
	struct acme_txt rrs[] = {rr("a")};
	decide(rrs, 1, V, "https://example.com/acme/acct/ExampleAccount");
	cr_assert_str_eq(verdict.detail,
			 "Incorrect TXT record \"a\" found at " NAME
			 " (account: \"https://example.com/acme/acct/ExampleAccount\")");
	decide(NULL, 0, V, "https://e/\"q\"");
	cr_assert_str_eq(verdict.detail,
			 "No TXT record found at " NAME " (account: \"https://e/\\\"q\\\"\")");
}

/* ---- each authoritative server ----------------------------------------- */

static struct acme_server good(bool serves, uint32_t serial)
{
	return (struct acme_server){.error = DNS_EC_NONE,
				    .rcode = DNS_RCODE_NOERROR,
				    .aa = true,
				    .serves = serves,
				    .records = serves ? 1 : 0,
				    .has_serial = true,
				    .serial = serial};
}

static char sentence[512];

static enum acme_server_state judge(const struct acme_server *s, size_t n, size_t i)
{
	uint32_t newest;
	bool has;
	acme_server_sentence(s, n, i, "ns2.example.com. (127.0.0.2)", sentence, sizeof sentence);
	return acme_server_judge(s, n, i, &newest, &has);
}

Test(acme_servers, serial_arithmetic_rfc_1982)
{
	cr_assert(acme_serial_older(1, 2));
	cr_assert_not(acme_serial_older(2, 1));
	cr_assert_not(acme_serial_older(5, 5));
	cr_assert(acme_serial_older(0xFFFFFFFFu, 0)); /* wraps */
	cr_assert(acme_serial_older(0x7FFFFFFFu, 0xFFFFFFFEu));
	cr_assert_not(acme_serial_older(0, 0x80000000u)); /* undefined: neither */
	cr_assert_not(acme_serial_older(0x80000000u, 0));
}

Test(acme_servers, a_server_with_an_older_serial_lags)
{
	struct acme_server s[] = {good(true, 2026070102), good(false, 2026070101)};
	cr_assert_eq(judge(s, 2, 0), ACME_SRV_SERVES);
	cr_assert_eq(judge(s, 2, 1), ACME_SRV_LAGS);
	cr_assert_str_eq(sentence, "ns2.example.com. (127.0.0.2) does not serve it yet: its SOA "
				   "serial 2026070101 is older than 2026070102");
	long first;
	cr_assert_eq(acme_combine(ACME_VALID, s, 2, &first), ACME_INVALID);
	cr_assert_eq(first, 1);
}

Test(acme_servers, serving_servers_say_so)
{
	struct acme_server s[] = {good(true, 7), good(true, 7)};
	cr_assert_eq(judge(s, 2, 1), ACME_SRV_SERVES);
	cr_assert_str_eq(sentence, "ns2.example.com. (127.0.0.2) serves it (SOA serial 7)");
	long first;
	cr_assert_eq(acme_combine(ACME_VALID, s, 2, &first), ACME_VALID);
	cr_assert_eq(first, -1);
	cr_assert_eq(acme_combine(ACME_PUBLISHED, s, 2, &first), ACME_PUBLISHED);
}

Test(acme_servers, same_serial_without_the_record_is_missing)
{
	struct acme_server s[] = {good(true, 7), good(false, 7)};
	cr_assert_eq(judge(s, 2, 1), ACME_SRV_MISSING);
	cr_assert_str_eq(sentence, "ns2.example.com. (127.0.0.2) does not serve it: it answers no "
				   "TXT record, with the same SOA serial 7 as a server that serves "
				   "it: the servers disagree without a serial change");
	long first;
	cr_assert_eq(acme_combine(ACME_VALID, s, 2, &first), ACME_INVALID);
	cr_assert_eq(first, 1);
}

Test(acme_servers, newer_serial_without_the_record_is_missing)
{
	struct acme_server s[] = {good(true, 7), good(false, 8)};
	s[1].rcode = DNS_RCODE_NXDOMAIN;
	cr_assert_eq(judge(s, 2, 1), ACME_SRV_MISSING);
	cr_assert_str_eq(sentence,
			 "ns2.example.com. (127.0.0.2) does not serve it: it answers NXDOMAIN (no "
			 "such name), with SOA serial 8, not older than 7 of a server that serves "
			 "it: the record was removed since, or the serials do not follow the "
			 "changes");
}

Test(acme_servers, nobody_serves_it)
{
	struct acme_server s[] = {good(false, 7), good(false, 7)};
	s[1].records = 2;
	cr_assert_eq(judge(s, 2, 1), ACME_SRV_MISSING);
	cr_assert_str_eq(sentence, "ns2.example.com. (127.0.0.2) does not serve it: none of its 2 "
				   "TXT record(s) is the one (SOA serial 7)");
	long first;
	/* the lookup was already invalid: it stays so, first is the first */
	cr_assert_eq(acme_combine(ACME_INVALID, s, 2, &first), ACME_INVALID);
	cr_assert_eq(first, 0);
}

Test(acme_servers, an_unknown_serial_is_no_lag)
{
	struct acme_server s[] = {good(true, 7), good(false, 0)};
	s[1].has_serial = false;
	cr_assert_eq(judge(s, 2, 1), ACME_SRV_MISSING);
	cr_assert_str_eq(sentence, "ns2.example.com. (127.0.0.2) does not serve it: it answers no "
				   "TXT record (its SOA serial is unknown)");
}

Test(acme_servers, silent_and_lame_servers_do_not_invalidate)
{
	struct acme_server s[] = {good(true, 7), good(false, 7), good(false, 7), good(false, 7)};
	s[1].error = DNS_EC_TIMEOUT;
	s[2].rcode = DNS_RCODE_REFUSED;
	s[3].aa = false;
	cr_assert_eq(judge(s, 4, 1), ACME_SRV_SILENT);
	cr_assert_str_eq(sentence,
			 "ns2.example.com. (127.0.0.2) does not answer (timeout): "
			 "resolvers, the CA's among them, try another server, after a delay");
	cr_assert_eq(judge(s, 4, 2), ACME_SRV_LAME);
	cr_assert_str_eq(sentence, "ns2.example.com. (127.0.0.2) answers REFUSED: resolvers try "
				   "another server");
	cr_assert_eq(judge(s, 4, 3), ACME_SRV_LAME);
	cr_assert_str_eq(sentence, "ns2.example.com. (127.0.0.2) answers without the AA flag: it "
				   "does not serve the zone (lame); resolvers try another server");
	long first;
	cr_assert_eq(acme_combine(ACME_VALID, s, 4, &first), ACME_VALID);
	cr_assert_eq(first, -1);
}

Test(acme_servers, a_dns_error_stays_one)
{
	struct acme_server s[] = {good(true, 7), good(false, 6)};
	long first;
	cr_assert_eq(acme_combine(ACME_DNS_ERROR, s, 2, &first), ACME_DNS_ERROR);
	cr_assert_eq(first, 1);
	cr_assert_eq(acme_combine(ACME_VALID, NULL, 0, &first), ACME_VALID);
}

Test(acme_servers, the_newest_serial_counts_with_wraparound)
{
	/* 0xFFFFFFF0 < 5 in serial arithmetic: the one at 5 is the newest */
	struct acme_server s[] = {good(true, 0xFFFFFFF0u), good(true, 5), good(false, 0xFFFFFFF8u)};
	cr_assert_eq(judge(s, 3, 2), ACME_SRV_LAGS);
	cr_assert_str_eq(sentence, "ns2.example.com. (127.0.0.2) does not serve it yet: its SOA "
				   "serial 4294967288 is older than 5");
}
