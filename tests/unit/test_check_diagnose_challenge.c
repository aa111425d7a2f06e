/* check --method dns-01 / tls-alpn-01 with --key-authorization
 * (src/check/diagnose_challenge.c): each challenge's outcome, built by
 * hand as acme/dns01_run.h and acme/tlsalpn01_run.h leave it, turned
 * into its finding. Each test asserts the exact findings as
 * severity/code/rule, and the cause, fix or Let's Encrypt text where the
 * rule's advice matters. No socket. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "check/diagnose_challenge.h"
#include "check/findings.h"
#include "findings_codes.h"

static struct findings f;

static const char *codes(void)
{
	return findings_codes(&f);
}

#define assert_codes(want) cr_assert_str_eq(codes(), (want), "findings: %s", codes())

static const char *const NAME = "_acme-challenge.example.com";
static const char *const VALUE = "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0";

/* ---- dns-01 ---------------------------------------------------------------------- */

/* A lookup's failure at www.example.com, as the CA decides it (R-DNS01-4). */
static void judge_dns01(enum acme_outcome outcome, const char *type, const char *detail)
{
	struct dns01_view v = {.outcome = outcome,
			       .rule = "R-DNS01-4",
			       .txt_name = NAME,
			       .expected = VALUE,
			       .problem_type = type,
			       .detail = detail};
	diagnose_dns01(&v, &f);
}

/* R-DNS01-3: a record that matches, every server serving it */
Test(check_challenge, r_dns01_3_valid_is_info)
{
	memset(&f, 0, sizeof f);
	struct dns01_view v = {.outcome = ACME_VALID,
			       .lookup_passed = true,
			       .rule = "R-DNS01-3",
			       .txt_name = NAME,
			       .expected = VALUE};
	diagnose_dns01(&v, &f);
	assert_codes("info/dns01_valid/R-DNS01-3");
	cr_assert(strstr(f.items[0].cause, VALUE));
	cr_assert_str_empty(f.items[0].le_text);
}

/* R-DNS01-4: no TXT record: LE's unauthorized text, the value to publish */
Test(check_challenge, r_dns01_4_no_record_is_error_with_the_value)
{
	memset(&f, 0, sizeof f);
	const char *detail = "No TXT record found at _acme-challenge.example.com";
	judge_dns01(ACME_INVALID, "urn:ietf:params:acme:error:unauthorized", detail);
	assert_codes("error/dns01_invalid/R-DNS01-4");
	cr_assert_str_eq(f.items[0].cause, detail);
	cr_assert_str_eq(f.items[0].le_text, detail);
	cr_assert(strstr(f.items[0].fix, VALUE), "fix: %s", f.items[0].fix);
	cr_assert(!f.items[0].retryable);
}

/* R-DNS01-3 with a server that lags: the resolver's answer passes, a
 * server's does not; it names the server, says to wait, and may catch up */
Test(check_challenge, r_dns01_3_lagging_server_is_error_and_retryable)
{
	memset(&f, 0, sizeof f);
	const char *who = "ns2.example.com. (127.0.0.2) does not serve it yet: its SOA serial 7 "
			  "is older than 8";
	struct dns01_view v = {.outcome = ACME_INVALID,
			       .lookup_passed = true,
			       .rule = "R-DNS01-3",
			       .txt_name = NAME,
			       .expected = VALUE,
			       .problem_type = "urn:ietf:params:acme:error:unauthorized",
			       .detail = "No TXT record found at _acme-challenge.example.com",
			       .server = who,
			       .server_lags = true};
	diagnose_dns01(&v, &f);
	assert_codes("error/dns01_invalid/R-DNS01-3");
	cr_assert(strstr(f.items[0].cause, who));
	cr_assert(strstr(f.items[0].fix, "new serial"), "fix: %s", f.items[0].fix);
	cr_assert(f.items[0].retryable);
}

/* R-DNS01-4: SERVFAIL through the resolver: a dns problem */
Test(check_challenge, r_dns01_4_lookup_failed_is_error)
{
	memset(&f, 0, sizeof f);
	const char *detail = "DNS problem: SERVFAIL looking up TXT for "
			     "_acme-challenge.example.com - the domain's nameservers may be "
			     "malfunctioning";
	judge_dns01(ACME_DNS_ERROR, "urn:ietf:params:acme:error:dns", detail);
	assert_codes("error/dns01_lookup_failed/R-DNS01-4");
	cr_assert_str_eq(f.items[0].le_text, detail);
}

/* ---- tls-alpn-01 ----------------------------------------------------------------- */

static struct alpn_result res;

/* An empty result with its verdict and deciding rule, no finding yet. */
static void result(enum alpn_verdict verdict, const char *rule)
{
	memset(&f, 0, sizeof f);
	memset(&res, 0, sizeof res);
	res.verdict = verdict;
	res.rule = rule;
}

static void one_try(int family, const char *addr, enum alpn_failure failure, bool cert)
{
	struct alpn_attempt *t = &res.attempts[res.attempt_count++];
	t->family = family;
	snprintf(t->address, sizeof t->address, "%s", addr);
	t->failure = failure;
	t->has_certificate = cert;
	t->phase = cert ? "checks" : "connect";
	snprintf(t->detail, sizeof t->detail, "%s", failure ? "it went wrong" : "");
}

/* R-ALPN-3..5: the right certificate */
Test(check_challenge, r_alpn_3_valid_is_info)
{
	result(ALPN_VALID, "R-ALPN-3");
	one_try(AF_INET, "127.0.0.1", ALPN_F_NONE, true);
	diagnose_tlsalpn01("example.com", &res, &f);
	assert_codes("info/tlsalpn01_valid/R-ALPN-3");
}

/* R-ALPN-2: passed only through the IPv4 fallback: a warning beside it */
Test(check_challenge, r_alpn_2_ipv4_only_is_warning)
{
	result(ALPN_VALID, "R-ALPN-3");
	res.fell_back = true;
	one_try(AF_INET6, "::1", ALPN_F_CONNECT_TIMEOUT, false);
	one_try(AF_INET, "127.0.0.1", ALPN_F_NONE, true);
	diagnose_tlsalpn01("example.com", &res, &f);
	assert_codes("info/tlsalpn01_valid/R-ALPN-3 warning/tlsalpn01_ipv4_only/R-ALPN-2");
	cr_assert(strstr(f.items[1].cause, "::1"));
}

/* R-ALPN-5: a certificate without the right acmeIdentifier: invalid, the
 * fix names what to serve, LE's text kept */
Test(check_challenge, r_alpn_5_wrong_certificate_is_error)
{
	result(ALPN_INVALID, "R-ALPN-5");
	res.problem.type = "urn:ietf:params:acme:error:unauthorized";
	snprintf(res.problem.detail, sizeof res.problem.detail, "%s",
		 "Incorrect validation certificate for tls-alpn-01 challenge.");
	snprintf(res.sni, sizeof res.sni, "example.com");
	one_try(AF_INET, "127.0.0.1", ALPN_F_CERTIFICATE, true);
	diagnose_tlsalpn01("example.com", &res, &f);
	assert_codes("error/tlsalpn01_invalid/R-ALPN-5");
	cr_assert(strstr(f.items[0].fix, "acmeIdentifier"), "fix: %s", f.items[0].fix);
	cr_assert_str_eq(f.items[0].le_text, res.problem.detail);
}

/* R-ALPN-1: nothing listens: no answer to judge */
Test(check_challenge, r_alpn_1_refused_is_failed)
{
	result(ALPN_FAILED, "R-ALPN-1");
	res.problem.type = "urn:ietf:params:acme:error:connection";
	snprintf(res.problem.detail, sizeof res.problem.detail, "%s",
		 "127.0.0.1: Connection refused");
	one_try(AF_INET, "127.0.0.1", ALPN_F_REFUSED, false);
	diagnose_tlsalpn01("example.com", &res, &f);
	assert_codes("error/tlsalpn01_failed/R-ALPN-1");
	cr_assert(strstr(f.items[0].fix, "port 443"), "fix: %s", f.items[0].fix);
	cr_assert(strstr(f.items[0].cause, "127.0.0.1 (IPv4, connect)"), "%s", f.items[0].cause);
}

/* R-ALPN-2: IPv6 failed and there is no A: Boulder's "Unable to contact" */
Test(check_challenge, r_alpn_2_no_ipv4_fix)
{
	result(ALPN_FAILED, "R-ALPN-2");
	res.no_ipv4 = true;
	one_try(AF_INET6, "::1", ALPN_F_REFUSED, false);
	diagnose_tlsalpn01("example.com", &res, &f);
	assert_codes("error/tlsalpn01_failed/R-ALPN-2");
	cr_assert(strstr(f.items[0].fix, "no A record"), "fix: %s", f.items[0].fix);
}
