/* The doctor's findings about the domain itself (src/check/diagnose_domain.c),
 * from probe results built by hand: a CAA walk decided by caa_walk_decide
 * on hand-made labels, A/AAAA lookup counts and errors, addresses, and
 * h01_result values as h01_validate would fill them. Each test asserts
 * the exact findings added, in order, as severity/code/rule, and the
 * titles, causes and fixes where a rule's words matter. Named by the rule
 * each finding applies (docs/rules.md); docs/check.md lists every code. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "caa/explain.h"
#include "caa_walks.h"
#include "check/diagnose_domain.h"
#include "check/findings.h"
#include "helpers.h"
#include "http/h01_explain.h"

static struct findings f;

/* "error/caa_forbidden/R-CAA-11 info/single_vantage_point/-": the
 * findings as test_check.sh spells them. */
static const char *codes(void)
{
	static char buf[2048];
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < f.count; i++) {
		const struct finding *x = &f.items[i];
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s/%s/%s", i ? " " : "",
				      finding_severity_name(x->severity), x->code,
				      x->rule ? x->rule : "-");
		cr_assert_lt(n, sizeof buf);
	}
	return buf;
}

#define assert_codes(want) cr_assert_str_eq(codes(), (want), "findings: %s", codes())

static void fresh(void)
{
	memset(&f, 0, sizeof f);
}

/* ===================================================================== */
/* CAA: the walk's verdict, in CAA's words                               */
/* ===================================================================== */

static void caa_case(struct walk *w, bool wildcard, struct caa_walk_result *r,
		     struct caa_request *q)
{
	fresh();
	*q = req(wildcard);
	decide_walk(w, q, r);
	diagnose_caa(r, q, &f);
}

/* the cause is caa_reason's paragraph: `caa` and `check` say the same */
static void assert_cause_is_caa_reason(const struct caa_walk_result *r, const struct caa_request *q)
{
	char want[FINDING_TEXT];
	caa_reason(want, sizeof want, r, q);
	cr_assert_str_eq(f.items[0].cause, want);
}

Test(diagnose_domain, r_caa_1_no_record_permits)
{
	static struct walk w;
	struct caa_walk_result r;
	struct caa_request q;
	walk_init(&w, "www.example.com");
	caa_case(&w, false, &r, &q);
	assert_codes("info/caa_permitted/R-CAA-1");
	cr_assert_str_eq(f.items[0].title, "CAA lets letsencrypt.org issue");
	cr_assert_str_eq(f.items[0].fix, "Nothing to do.");
	assert_cause_is_caa_reason(&r, &q);
	cr_assert(strstr(f.items[0].cause, "No CAA record at www.example.com."));
}

Test(diagnose_domain, r_caa_11_authorized_permits)
{
	static struct walk w;
	struct caa_walk_result r;
	struct caa_request q;
	walk_init(&w, "www.example.com");
	add_rec(&w, 1, 0, "issue", "letsencrypt.org");
	caa_case(&w, false, &r, &q);
	assert_codes("info/caa_permitted/R-CAA-11");
	assert_cause_is_caa_reason(&r, &q);
}

Test(diagnose_domain, r_caa_11_other_issuer_forbids)
{
	static struct walk w;
	struct caa_walk_result r;
	struct caa_request q;
	walk_init(&w, "www.example.com");
	add_rec(&w, 1, 0, "issue", "ca.example");
	caa_case(&w, false, &r, &q);
	assert_codes("error/caa_forbidden/R-CAA-11");
	cr_assert_str_eq(f.items[0].title, "CAA forbids letsencrypt.org to issue");
	cr_assert_str_eq(f.items[0].fix,
			 "Change the CAA records as the cause says, or remove them.");
	assert_cause_is_caa_reason(&r, &q);
}

/* R-CAA-10: for a wildcard, issuewild counts; the rule is the decision's */
Test(diagnose_domain, r_caa_10_issuewild_forbids_a_wildcard)
{
	static struct walk w;
	struct caa_walk_result r;
	struct caa_request q;
	walk_init(&w, "example.com");
	add_rec(&w, 0, 0, "issue", "letsencrypt.org");
	add_rec(&w, 0, 0, "issuewild", ";");
	caa_case(&w, true, &r, &q);
	assert_codes("error/caa_forbidden/R-CAA-11");
	caa_case(&w, false, &r, &q);
	assert_codes("info/caa_permitted/R-CAA-11");
}

Test(diagnose_domain, r_caa_9_critical_unknown_tag_forbids)
{
	static struct walk w;
	struct caa_walk_result r;
	struct caa_request q;
	walk_init(&w, "example.com");
	add_rec(&w, 0, 128, "tbs", "x");
	caa_case(&w, false, &r, &q);
	assert_codes("error/caa_forbidden/R-CAA-9");
}

/* R-CAA-4: an error below any record fails closed: always R-CAA-4, the
 * cause names the error's likely reason */
Test(diagnose_domain, r_caa_4_lookup_failure_is_an_error)
{
	static struct walk w;
	struct caa_walk_result r;
	struct caa_request q;
	walk_init(&w, "www.example.com");
	set_error(&w, 1, DNS_EC_SERVFAIL);
	caa_case(&w, false, &r, &q);
	assert_codes("error/caa_lookup_failed/R-CAA-4");
	cr_assert_str_eq(f.items[0].title, "The CAA lookup fails: the CA will refuse");
	cr_assert_str_eq(f.items[0].fix,
			 "Make every nameserver of the zone answer CAA queries (R-CAA-6); the "
			 "nameserver findings, if any, name the server at fault.");
	assert_cause_is_caa_reason(&r, &q);
	cr_assert(strncmp(f.items[0].cause, "The CAA query for example.com. failed with SERVFAIL",
			  51) == 0,
		  "%s", f.items[0].cause);
}

/* ===================================================================== */
/* Addresses (R-HTTP-7) and lookups (R-HTTP-1)                           */
/* ===================================================================== */

static struct dns_address addr4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	struct dns_address x = {.family = AF_INET, .raw = {a, b, c, d}};
	return x;
}

Test(diagnose_domain, r_http_7_reserved_ipv4_is_a_warning)
{
	fresh();
	struct dns_address a = addr4(192, 168, 1, 20);
	diagnose_address("www.example.com.", &a, &f);
	assert_codes("warning/reserved_address/R-HTTP-7");
	cr_assert_str_eq(f.items[0].title, "www.example.com. has a reserved address: 192.168.1.20");
	cr_assert_str_eq(
	    f.items[0].cause,
	    "192.168.1.20 is in a Private-Use range. Let's Encrypt does not "
	    "connect to such addresses, so HTTP-01 and TLS-ALPN-01 cannot use it "
	    "(acmeprobe connects anyway, for labs).");
	cr_assert_str_eq(f.items[0].fix,
			 "Publish the public address of the server, or validate with DNS-01.");
}

Test(diagnose_domain, r_http_7_reserved_ipv6_documentation)
{
	fresh();
	struct dns_address a = {.family = AF_INET6, .raw = {0x20, 0x01, 0x0d, 0xb8, [15] = 1}};
	diagnose_address("www.example.com.", &a, &f);
	assert_codes("warning/reserved_address/R-HTTP-7");
	cr_assert_str_eq(f.items[0].title, "www.example.com. has a reserved address: 2001:db8::1");
	cr_assert(strstr(f.items[0].cause, "in a Documentation range"));
}

Test(diagnose_domain, r_http_7_public_address_is_no_finding)
{
	fresh();
	struct dns_address a = addr4(93, 184, 215, 14);
	diagnose_address("www.example.com.", &a, &f);
	struct dns_address b = {.family = AF_INET6, .raw = {0x26, 0x06, 0x28, 0x00, [15] = 1}};
	diagnose_address("www.example.com.", &b, &f);
	assert_codes("");
}

Test(diagnose_domain, r_http_1_no_address_is_a_warning_without_token)
{
	fresh();
	struct domain_lookups l = {.error = {DNS_EC_NXDOMAIN, DNS_EC_NONE}};
	diagnose_lookups("www.example.com.", &l, false, &f);
	assert_codes("warning/no_address/R-HTTP-1");
	cr_assert_str_eq(f.items[0].title, "www.example.com. has no A or AAAA record");
	cr_assert_str_eq(f.items[0].cause,
			 "The CA would not know where to connect: HTTP-01 and TLS-ALPN-01 cannot "
			 "work (A lookup: nxdomain, AAAA lookup: no record).");
	cr_assert_str_eq(f.items[0].fix,
			 "Add an A (or AAAA) record pointing at the web server, or use DNS-01.");
}

Test(diagnose_domain, r_http_1_no_address_is_an_error_with_a_token)
{
	fresh();
	struct domain_lookups l = {.error = {DNS_EC_NONE, DNS_EC_TIMEOUT}};
	diagnose_lookups("www.example.com.", &l, true, &f);
	assert_codes("error/no_address/R-HTTP-1");
	cr_assert(strstr(f.items[0].cause, "(A lookup: no record, AAAA lookup: timeout)"));
}

/* R-HTTP-1: HTTP-01 is to be run with --token and with --webroot alone
 * (the token is then the file's, or the file could not be written): an
 * order waits on an address either way */
Test(diagnose_domain, r_http_1_no_address_is_an_error_with_webroot_alone)
{
	cr_assert_not(diagnose_http01_planned(NULL, NULL));
	cr_assert(diagnose_http01_planned("tok", NULL)); /* --token, or --webroot's file */
	cr_assert(diagnose_http01_planned(NULL, "/var/www")); /* --webroot, not writable */
	fresh();
	struct domain_lookups l = {.error = {DNS_EC_NONE, DNS_EC_NONE}};
	diagnose_lookups("www.example.com.", &l, diagnose_http01_planned(NULL, "/var/www"), &f);
	assert_codes("error/no_address/R-HTTP-1");
	fresh();
	diagnose_lookups("www.example.com.", &l, diagnose_http01_planned(NULL, NULL), &f);
	assert_codes("warning/no_address/R-HTTP-1");
}

/* R-HTTP-1: the CA goes on with IPv4 when AAAA fails, but says so */
Test(diagnose_domain, r_http_1_aaaa_failure_beside_an_a_record)
{
	fresh();
	struct domain_lookups l = {.count = {1, 0}, .error = {DNS_EC_NONE, DNS_EC_SERVFAIL}};
	diagnose_lookups("www.example.com.", &l, false, &f);
	assert_codes("warning/aaaa_lookup_failed/R-HTTP-1");
	cr_assert_str_eq(f.items[0].title, "The AAAA lookup for www.example.com. fails");
	cr_assert_str_eq(
	    f.items[0].cause,
	    "The AAAA query fails (servfail) while A answers. The CA goes on with IPv4, "
	    "but a nameserver that fails AAAA queries is fragile.");
	cr_assert_str_eq(f.items[0].fix, "Make every nameserver answer AAAA queries.");
}

Test(diagnose_domain, r_http_1_healthy_or_nxdomain_aaaa_is_no_finding)
{
	fresh();
	struct domain_lookups both = {.count = {1, 2}};
	diagnose_lookups("www.example.com.", &both, true, &f);
	struct domain_lookups v4 = {.count = {1, 0}, .error = {DNS_EC_NONE, DNS_EC_NXDOMAIN}};
	diagnose_lookups("www.example.com.", &v4, true, &f);
	struct domain_lookups v6 = {.count = {0, 1}, .error = {DNS_EC_SERVFAIL, DNS_EC_NONE}};
	diagnose_lookups("www.example.com.", &v6, true, &f);
	assert_codes("");
}

/* ===================================================================== */
/* HTTP-01 (R-V6-*, R-HTTP-*)                                            */
/* ===================================================================== */

static struct h01_result ca, alone[2];

static void attempt(struct h01_result *r, const char *address, int family, enum h01_outcome outcome,
		    int status)
{
	cr_assert_lt(r->attempt_count, H01_MAX_ATTEMPTS);
	struct h01_attempt *a = &r->attempts[r->attempt_count++];
	snprintf(a->address, sizeof a->address, "%s", address);
	a->family = family;
	a->outcome = outcome;
	a->http_status = status;
}

static void body(struct h01_result *r, const char *text)
{
	r->body_len = strlen(text);
	memcpy(r->body, text, r->body_len);
	r->has_body = true;
}

/* A 200 with the key authorization from `address`. */
static void valid(struct h01_result *r, const char *address, int family)
{
	memset(r, 0, sizeof *r);
	r->verdict = H01_VALID;
	attempt(r, address, family, H01_OK, 200);
	body(r, "tok.thumb");
}

Test(diagnose_domain, r_v6_1_valid_over_ipv6)
{
	fresh();
	valid(&ca, "2001:db8::10", AF_INET6);
	diagnose_http01(&ca, NULL, &f);
	assert_codes("info/http01_valid/R-V6-1");
	cr_assert_str_eq(f.items[0].title, "HTTP-01 validates");
	cr_assert_str_eq(f.items[0].cause, "The request succeeded as the CA makes it.");
	cr_assert_str_eq(f.items[0].fix, "");
}

Test(diagnose_domain, r_v6_2_valid_after_the_ipv4_retry)
{
	fresh();
	valid(&ca, "192.0.2.10", AF_INET);
	ca.fell_back = true;
	diagnose_http01(&ca, NULL, &f);
	assert_codes("info/http01_valid/R-V6-2");
}

/* R-HTTP-4: with no key authorization, what is served is reported */
Test(diagnose_domain, r_http_4_served_without_a_key_authorization)
{
	fresh();
	valid(&ca, "192.0.2.10", AF_INET);
	ca.verdict = H01_SERVED;
	diagnose_http01(&ca, NULL, &f);
	assert_codes("info/http01_valid/R-V6-1");
	cr_assert_str_eq(f.items[0].title, "HTTP-01 serves the token path");
}

Test(diagnose_domain, r_http_4_wrong_body_is_an_error_with_the_problem)
{
	fresh();
	memset(&ca, 0, sizeof ca);
	ca.verdict = H01_INVALID;
	attempt(&ca, "192.0.2.10", AF_INET, H01_OK, 404);
	snprintf(ca.problem_detail, sizeof ca.problem_detail,
		 "192.0.2.10: Invalid response from http://www.example.com/: 404");
	diagnose_http01(&ca, NULL, &f);
	assert_codes("error/http01_invalid/R-V6-1");
	cr_assert_str_eq(f.items[0].title, "HTTP-01 fails");
	cr_assert_str_eq(f.items[0].cause,
			 "192.0.2.10: Invalid response from http://www.example.com/: 404");
	cr_assert_str_eq(
	    f.items[0].fix,
	    "Serve the key authorization at /.well-known/acme-challenge/TOKEN over plain "
	    "HTTP on port 80, on every address of the name.");
}

/* R-IP-4: an IP address identifier's HTTP-01 is that address alone: the
 * rule is R-IP-4, and the fix names the address, not "every address" */
Test(diagnose_domain, r_ip_4_http01_of_an_ip_address)
{
	fresh();
	valid(&ca, "192.0.2.10", AF_INET);
	ca.initial.literal = true;
	diagnose_http01(&ca, NULL, &f);
	assert_codes("info/http01_valid/R-IP-4");
	fresh();
	memset(&ca, 0, sizeof ca);
	ca.initial.literal = true;
	ca.verdict = H01_INVALID;
	attempt(&ca, "192.0.2.10", AF_INET, H01_OK, 404);
	diagnose_http01(&ca, NULL, &f);
	assert_codes("error/http01_invalid/R-IP-4");
	cr_assert_str_eq(f.items[0].fix,
			 "Serve the key authorization at /.well-known/acme-challenge/TOKEN over "
			 "plain HTTP on port 80, at this address.");
}

/* R-V6-2, R-V6-3, R-V6-4: the classic IPv6 failures get the IPv6 fix, the
 * one http/h01_explain.c gives the http01 command's report: the AAAA
 * record (h01_ipv6_advice), or the redirect target's IPv6 */
Test(diagnose_domain, r_v6_4_ipv6_failures_point_at_the_aaaa_record)
{
	static const char *const fixes[3] = {
	    "point the AAAA record at the server that runs the ACME client, or remove it if the "
	    "domain is not meant to work over IPv6. There is no way to ask Let's Encrypt to prefer "
	    "IPv4 (R-V6-4).",
	    "point the AAAA record at the server that runs the ACME client, or remove it if the "
	    "domain is not meant to work over IPv6. There is no way to ask Let's Encrypt to prefer "
	    "IPv4 (R-V6-4).",
	    ("repair IPv6 for the redirect target (or remove its AAAA record), or do not redirect "
	     "/.well-known/acme-challenge/ (for example from HTTP to HTTPS) (R-V6-4)."),
	};
	cr_assert_str_eq(fixes[0], h01_ipv6_advice());
	for (int k = 0; k < 3; k++) {
		fresh();
		memset(&ca, 0, sizeof ca);
		ca.verdict = k == 1 ? H01_UNREACHABLE_V : H01_INVALID;
		attempt(&ca, "2001:db8::12", AF_INET6, k == 1 ? H01_REFUSED : H01_OK,
			k == 1 ? 0 : 404);
		ca.v6_answered_wrong = k == 0;
		ca.v6_refused_no_retry = k == 1;
		ca.redirect_v6_failed = k == 2;
		diagnose_http01(&ca, NULL, &f);
		assert_codes("error/http01_invalid/R-V6-1");
		char want[FINDING_TEXT];
		snprintf(want, sizeof want,
			 "The CA tries IPv6 first and retries IPv4 only after an IPv6 connect "
			 "timeout on the first request (R-V6-2, R-V6-3): %s",
			 fixes[k]);
		cr_assert_str_eq(f.items[0].fix, want, "case %d", k);
	}
}

/* R-V6-2: the CA fails, IPv4 alone works, IPv6 alone does not: the CA
 * started with IPv6 and did not retry */
Test(diagnose_domain, r_v6_2_ipv4_alone_works_but_the_ca_does_not_retry)
{
	fresh();
	memset(&ca, 0, sizeof ca);
	ca.verdict = H01_INVALID;
	ca.v6_answered_wrong = true;
	attempt(&ca, "2001:db8::13", AF_INET6, H01_OK, 404);
	memset(&alone[0], 0, sizeof alone[0]);
	alone[0].verdict = H01_INVALID;
	attempt(&alone[0], "2001:db8::13", AF_INET6, H01_OK, 404);
	valid(&alone[1], "192.0.2.10", AF_INET);
	diagnose_http01(&ca, alone, &f);
	assert_codes("error/http01_invalid/R-V6-1 error/http01_ipv4_only/R-V6-2");
	const struct finding *x = &f.items[1];
	cr_assert_str_eq(x->title,
			 "IPv4 alone works, but the CA starts with IPv6 and does not retry");
	cr_assert_str_eq(
	    x->cause,
	    "Tried alone, IPv4 gives HTTP 200 from 192.0.2.10, the key authorization and "
	    "IPv6 gives HTTP 404 from 2001:db8::13. The CA sends the first request to the "
	    "IPv6 address and retries over IPv4 only when the IPv6 connect times out "
	    "(R-V6-2); redirected requests never retry (R-V6-3).");
	cr_assert_str_eq(x->fix, "Point the AAAA record at the server that runs the ACME client, or "
				 "remove it if the domain is not meant to work over IPv6. There is no "
				 "way to ask Let's Encrypt to prefer IPv4 (R-V6-4).");
}

Test(diagnose_domain, r_v6_2_ipv6_alone_with_no_answer_is_named_by_its_outcome)
{
	fresh();
	memset(&ca, 0, sizeof ca);
	ca.verdict = H01_UNREACHABLE_V;
	attempt(&ca, "2001:db8::12", AF_INET6, H01_REFUSED, 0);
	memset(&alone[0], 0, sizeof alone[0]);
	alone[0].verdict = H01_UNREACHABLE_V;
	attempt(&alone[0], "2001:db8::12", AF_INET6, H01_REFUSED, 0);
	valid(&alone[1], "192.0.2.10", AF_INET);
	diagnose_http01(&ca, alone, &f);
	assert_codes("error/http01_invalid/R-V6-1 error/http01_ipv4_only/R-V6-2");
	cr_assert(strstr(f.items[1].cause, "and IPv6 gives refused at 2001:db8::12."), "%s",
		  f.items[1].cause);
}

/* R-V6-1: the CA validates (over IPv6), but IPv4 alone serves another
 * thing: the A and AAAA records point at different servers */
Test(diagnose_domain, r_v6_1_families_that_answer_differently)
{
	fresh();
	valid(&ca, "2001:db8::10", AF_INET6);
	valid(&alone[0], "2001:db8::10", AF_INET6);
	memset(&alone[1], 0, sizeof alone[1]);
	alone[1].verdict = H01_INVALID;
	attempt(&alone[1], "192.0.2.13", AF_INET, H01_OK, 404);
	diagnose_http01(&ca, alone, &f);
	assert_codes("info/http01_valid/R-V6-1 warning/aaaa_serves_differently/R-V6-1");
	const struct finding *x = &f.items[1];
	cr_assert_str_eq(x->title, "The IPv6 and IPv4 addresses answer differently");
	cr_assert_str_eq(
	    x->cause,
	    "Tried alone, IPv6 gives HTTP 200 from 2001:db8::10, the key authorization "
	    "and IPv4 gives HTTP 404 from 192.0.2.13: the AAAA and A records may point at "
	    "different servers. The CA uses IPv6 first (R-V6-1).");
	cr_assert_str_eq(x->fix, "Make both addresses serve the same site, or correct or remove "
				 "the AAAA record (R-V6-4).");
}

/* R-V6-1: the same status, another body (no key authorization given:
 * both served) */
Test(diagnose_domain, r_v6_1_same_status_other_body)
{
	fresh();
	valid(&ca, "2001:db8::10", AF_INET6);
	ca.verdict = H01_SERVED;
	valid(&alone[0], "2001:db8::10", AF_INET6);
	alone[0].verdict = H01_SERVED;
	valid(&alone[1], "192.0.2.13", AF_INET);
	alone[1].verdict = H01_SERVED;
	body(&alone[1], "another");
	diagnose_http01(&ca, alone, &f);
	assert_codes("info/http01_valid/R-V6-1 warning/aaaa_serves_differently/R-V6-1");
}

Test(diagnose_domain, r_v6_1_families_that_agree_add_nothing)
{
	fresh();
	valid(&ca, "2001:db8::10", AF_INET6);
	valid(&alone[0], "2001:db8::10", AF_INET6);
	valid(&alone[1], "192.0.2.10", AF_INET);
	diagnose_http01(&ca, alone, &f);
	assert_codes("info/http01_valid/R-V6-1");
	/* and both failing alike is no difference either */
	fresh();
	memset(&ca, 0, sizeof ca);
	ca.verdict = H01_INVALID;
	attempt(&ca, "2001:db8::10", AF_INET6, H01_OK, 404);
	alone[0] = ca;
	alone[1] = ca;
	snprintf(alone[1].attempts[0].address, sizeof alone[1].attempts[0].address, "192.0.2.10");
	diagnose_http01(&ca, alone, &f);
	assert_codes("error/http01_invalid/R-V6-1");
}

Test(diagnose_domain, http01_not_run)
{
	fresh();
	diagnose_webroot_unwritable("/srv/www", &f);
	diagnose_http01_error(ENOMEM, &f);
	assert_codes("warning/http01_not_run/- warning/http01_not_run/-");
	cr_assert_str_eq(f.items[0].title, "HTTP-01 could not be checked");
	cr_assert_str_eq(f.items[0].cause,
			 "The token file could not be written under --webroot /srv/www.");
	cr_assert_str_eq(f.items[0].fix,
			 "Give a directory the web server serves and this user can write.");
	cr_assert_str_eq(f.items[1].cause, strerror(ENOMEM));
	cr_assert_str_eq(f.items[1].fix, "");
}

/* ===================================================================== */
/* What one host cannot see, and the verdict                             */
/* ===================================================================== */

Test(diagnose_domain, single_vantage_point_always)
{
	fresh();
	diagnose_single_vantage(&f);
	assert_codes("info/single_vantage_point/-");
	cr_assert_str_eq(f.items[0].title, "Checked from one place only");
}

static void add(enum finding_severity s, const char *code)
{
	cr_assert_not_null(findings_add(&f, s, code, NULL));
}

Test(diagnose_domain, verdict_ok_or_will_fail_by_the_errors)
{
	fresh();
	add(FINDING_INFO, "caa_permitted");
	add(FINDING_WARNING, "no_address");
	cr_assert_eq(diagnose_verdict(&f, CAA_PERMITTED, 0), CHECK_OK);
	add(FINDING_ERROR, "http01_invalid");
	cr_assert_eq(diagnose_verdict(&f, CAA_PERMITTED, 0), CHECK_WILL_FAIL);
	cr_assert_str_eq(check_verdict_name(CHECK_OK), "ok");
	cr_assert_str_eq(check_verdict_name(CHECK_WILL_FAIL), "will_fail");
	cr_assert_str_eq(check_verdict_name(CHECK_UNKNOWN), "unknown");
}

/* R-CAA-4: a CAA lookup that failed is an error; but when every
 * nameserver answers well, the resolver asked may be the trouble: the
 * doctor cannot tell */
Test(diagnose_domain, r_caa_4_failed_lookup_with_healthy_servers_is_unknown)
{
	fresh();
	add(FINDING_ERROR, "caa_lookup_failed");
	size_t first = f.count;
	add(FINDING_WARNING, "ns_probe_incomplete");
	size_t faults = diagnose_servers_at_fault(&f, first);
	cr_assert_eq(faults, 0, "an incomplete probe names no server");
	cr_assert_eq(diagnose_verdict(&f, CAA_NO_DECISION, faults), CHECK_UNKNOWN);

	fresh();
	add(FINDING_ERROR, "caa_lookup_failed");
	first = f.count;
	add(FINDING_ERROR, "ns_drops_caa");
	add(FINDING_WARNING, "ns_tcp_closed");
	faults = diagnose_servers_at_fault(&f, first);
	cr_assert_eq(faults, 2);
	cr_assert_eq(diagnose_verdict(&f, CAA_NO_DECISION, faults), CHECK_WILL_FAIL);
	cr_assert_eq(diagnose_servers_at_fault(&f, f.count), 0);
}
