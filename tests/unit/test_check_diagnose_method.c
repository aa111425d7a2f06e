/* check --method and --account-uri (src/check/diagnose_method.c): CAA
 * judged against each challenge (R-CAA-12, RFC 8657) and the challenges
 * offered for a wildcard or an IP address (R-DNS01-5, R-IP-3), from walks
 * built by hand (caa_walks.h). Each test asserts the exact findings, in
 * order, as severity/code/rule, and the fix where the rule's advice
 * matters. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "caa/explain.h"
#include "caa_walks.h"
#include "check/diagnose_domain.h"
#include "check/diagnose_method.h"
#include "check/findings.h"
#include "helpers.h"

static struct findings f;

static const char *codes(void)
{
	static char buf[1024];
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

/* www.example.com with the records given at example.com, judged for
 * methods[0..n) and the account `account` (or none). */
static void judge(struct walk *w, const char *const *values, size_t nvalues,
		  const char *const *methods, size_t n, const char *account)
{
	memset(&f, 0, sizeof f);
	walk_init(w, "www.example.com");
	for (size_t i = 0; i < nvalues; i++)
		add_rec(w, 1, 0, "issue", values[i]);
	struct caa_request q = req(false);
	q.account_uri = account;
	q.method = n ? methods[0] : NULL; /* as the doctor's walk asks */
	struct caa_walk_result r;
	decide_walk(w, &q, &r);
	diagnose_caa_methods(&r, &q, methods, n, &f);
}

/* R-CAA-12: boulder core/challenges.go's five names, nothing else */
Test(diagnose_method, r_caa_12_method_names)
{
	cr_assert_eq(method_from_name("http-01"), 1);
	cr_assert_eq(method_from_name("dns-01"), 2);
	cr_assert_eq(method_from_name("tls-alpn-01"), 4);
	cr_assert_eq(method_from_name("dns-account-01"), 8);
	cr_assert_eq(method_from_name("dns-persist-01"), 16);
	cr_assert_eq(method_from_name("HTTP-01"), 0);
	cr_assert_eq(method_from_name("http-01 "), 0);
	cr_assert_eq(method_from_name(""), 0);
	cr_assert_eq(method_from_name(NULL), 0);
}

/* R-CAA-12: validationmethods=dns-01 while the owner tests http-01 */
Test(diagnose_method, r_caa_12_method_refused_names_the_allowed_one)
{
	static struct walk w;
	const char *v[] = {"letsencrypt.org; validationmethods=dns-01"};
	const char *m[] = {"http-01"};
	judge(&w, v, 1, m, 1, NULL);
	assert_codes("error/caa_method_not_allowed/R-CAA-12");
	cr_assert_str_eq(f.items[0].title,
			 "CAA does not let letsencrypt.org validate with http-01");
	cr_assert_str_eq(f.items[0].fix,
			 "Validate with dns-01, which the CAA records allow, or add http-01 to the "
			 "validationmethods of the letsencrypt.org record.");
	cr_assert(strstr(f.items[0].cause, "not in its validationmethods list"), "%s",
		  f.items[0].cause);
}

/* R-CAA-12: the same records, dns-01 asked: exactly caa_permitted */
Test(diagnose_method, r_caa_12_method_allowed_is_caa_permitted)
{
	static struct walk w;
	const char *v[] = {"letsencrypt.org; validationmethods=dns-01"};
	const char *m[] = {"dns-01"};
	judge(&w, v, 1, m, 1, NULL);
	assert_codes("info/caa_permitted/R-CAA-11");
	cr_assert_str_eq(f.items[0].title, "CAA lets letsencrypt.org issue");
}

/* R-CAA-12: several methods, a verdict for each: http-01 and tls-alpn-01
 * refused, dns-01 permitted (its title then names it) */
Test(diagnose_method, r_caa_12_each_method_judged)
{
	static struct walk w;
	const char *v[] = {"letsencrypt.org; validationmethods=dns-01,dns-persist-01"};
	const char *m[] = {"http-01", "dns-01", "tls-alpn-01"};
	judge(&w, v, 1, m, 3, NULL);
	assert_codes("error/caa_method_not_allowed/R-CAA-12 error/caa_method_not_allowed/R-CAA-12 "
		     "info/caa_permitted/R-CAA-11");
	cr_assert_str_eq(f.items[1].title,
			 "CAA does not let letsencrypt.org validate with tls-alpn-01");
	cr_assert_str_eq(f.items[1].fix,
			 "Validate with dns-01 or dns-persist-01, which the CAA records allow, or "
			 "add tls-alpn-01 to the validationmethods of the letsencrypt.org record.");
	cr_assert_str_eq(f.items[2].title, "CAA lets letsencrypt.org issue with dns-01");
}

/* R-CAA-12 and R-CAA-11: the method is refused by one record and another
 * names another CA: still the method's fault */
Test(diagnose_method, r_caa_12_method_refused_beside_another_ca)
{
	static struct walk w;
	const char *v[] = {"ca.example", "letsencrypt.org; validationmethods=tls-alpn-01"};
	const char *m[] = {"http-01"};
	judge(&w, v, 2, m, 1, NULL);
	assert_codes("error/caa_method_not_allowed/R-CAA-12");
	cr_assert(strstr(f.items[0].fix, "Validate with tls-alpn-01,"), "%s", f.items[0].fix);
}

/* R-CAA-12: a list with only unknown methods allows none of the five */
Test(diagnose_method, r_caa_12_no_known_method_allowed)
{
	static struct walk w;
	const char *v[] = {"letsencrypt.org; validationmethods=ca-sent-email"};
	const char *m[] = {"dns-01"};
	judge(&w, v, 1, m, 1, NULL);
	assert_codes("error/caa_method_not_allowed/R-CAA-12");
	cr_assert_str_eq(f.items[0].fix,
			 "Add dns-01 to the validationmethods of the letsencrypt.org record.");
}

/* R-CAA-12: accounturi of another account, whatever the method: one
 * finding for all the methods */
Test(diagnose_method, r_caa_12_other_account_once)
{
	static struct walk w;
	const char *v[] = {"letsencrypt.org; accounturi=https://acme-v02.api.letsencrypt.org/"
			   "acme/acct/1"};
	const char *m[] = {"http-01", "dns-01"};
	judge(&w, v, 1, m, 2, "https://acme-v02.api.letsencrypt.org/acme/acct/2");
	assert_codes("error/caa_account_not_allowed/R-CAA-12");
	cr_assert_str_eq(f.items[0].title,
			 "CAA binds letsencrypt.org to another ACME account (accounturi)");
	cr_assert_str_eq(f.items[0].fix,
			 "Use the account the record's accounturi names, or set its accounturi to "
			 "yours: "
			 "https://acme-v02.api.letsencrypt.org/acme/acct/2.");
}

/* R-CAA-12: the right account, exactly: permitted; --account-uri alone
 * (no method) judges the account only */
Test(diagnose_method, r_caa_12_same_account_permits)
{
	static struct walk w;
	const char *v[] = {"letsencrypt.org; accounturi=https://a.example/acct/1"};
	judge(&w, v, 1, NULL, 0, "https://a.example/acct/1");
	assert_codes("info/caa_permitted/R-CAA-11");
	cr_assert(strstr(f.items[0].cause, "(R-CAA-11, R-CAA-12)"), "%s", f.items[0].cause);
}

/* R-CAA-12: an accounturi record and no --account-uri, with --method */
Test(diagnose_method, r_caa_12_account_missing)
{
	static struct walk w;
	const char *v[] = {"letsencrypt.org; accounturi=https://a.example/acct/1"};
	const char *m[] = {"dns-01"};
	judge(&w, v, 1, m, 1, NULL);
	assert_codes("error/caa_account_not_allowed/R-CAA-12");
	cr_assert_str_eq(f.items[0].title,
			 "CAA binds letsencrypt.org to an ACME account (accounturi)");
	cr_assert(strstr(f.items[0].fix, "Give --account-uri"), "%s", f.items[0].fix);
}

/* R-CAA-12: --account-uri without --method on validationmethods records:
 * the method is missing, and the fix lists what the records allow */
Test(diagnose_method, r_caa_12_method_missing)
{
	static struct walk w;
	const char *v[] = {"letsencrypt.org; validationmethods=http-01"};
	judge(&w, v, 1, NULL, 0, "https://a.example/acct/1");
	assert_codes("error/caa_method_not_allowed/R-CAA-12");
	cr_assert_str_eq(f.items[0].title,
			 "CAA limits the validation methods of letsencrypt.org and no --method was "
			 "given");
	cr_assert_str_eq(f.items[0].fix,
			 "Give --method with the challenge you will use; the CAA records allow "
			 "http-01.");
}

/* R-CAA-11: a refusal no method changes (issue ";") is caa_forbidden,
 * once for all the methods */
Test(diagnose_method, r_caa_11_other_refusal_once)
{
	static struct walk w;
	const char *v[] = {";"};
	const char *m[] = {"http-01", "dns-01"};
	judge(&w, v, 1, m, 2, NULL);
	assert_codes("error/caa_forbidden/R-CAA-11");
}

/* R-CAA-4: a failed lookup is caa_lookup_failed, whatever the methods */
Test(diagnose_method, r_caa_4_failed_lookup)
{
	static struct walk w;
	memset(&f, 0, sizeof f);
	walk_init(&w, "www.example.com");
	set_error(&w, 1, DNS_EC_SERVFAIL);
	struct caa_request q = req(false);
	q.method = "dns-01";
	struct caa_walk_result r;
	decide_walk(&w, &q, &r);
	const char *m[] = {"dns-01", "http-01"};
	diagnose_caa_methods(&r, &q, m, 2, &f);
	assert_codes("error/caa_lookup_failed/R-CAA-4");
}

/* R-CAA-1: no CAA: every method permitted, exactly diagnose_caa's finding */
Test(diagnose_method, r_caa_1_no_records_same_as_without_method)
{
	static struct walk w;
	const char *m[] = {"http-01", "dns-01"};
	judge(&w, NULL, 0, m, 2, NULL);
	assert_codes("info/caa_permitted/R-CAA-1");
	cr_assert_str_eq(f.items[0].title, "CAA lets letsencrypt.org issue");
}

/* R-DNS01-5: a wildcard is offered dns-01 (and the flagged DNS ones) */
Test(diagnose_method, r_dns01_5_wildcard_offered_dns_only)
{
	const char *m[] = {"http-01", "dns-01", "tls-alpn-01", "dns-persist-01", "dns-account-01"};
	memset(&f, 0, sizeof f);
	diagnose_methods_offered(false, "*.example.com", m, 5, &f);
	assert_codes("error/method_not_offered/R-DNS01-5 error/method_not_offered/R-DNS01-5");
	cr_assert_str_eq(f.items[0].title, "Let's Encrypt offers no http-01 for *.example.com");
	cr_assert_str_eq(f.items[1].title, "Let's Encrypt offers no tls-alpn-01 for *.example.com");
	cr_assert_str_eq(f.items[0].fix, "Validate with dns-01, dns-account-01 or dns-persist-01.");
}

/* R-DNS01-5: any other name is offered all of them */
Test(diagnose_method, r_dns01_5_name_offered_all)
{
	const char *m[] = {"http-01", "dns-01", "tls-alpn-01"};
	memset(&f, 0, sizeof f);
	diagnose_methods_offered(false, "www.example.com", m, 3, &f);
	assert_codes("");
}

/* R-IP-3: an IP address is offered http-01 and tls-alpn-01 only */
Test(diagnose_method, r_ip_3_address_no_dns_challenge)
{
	const char *m[] = {"dns-01", "http-01"};
	memset(&f, 0, sizeof f);
	diagnose_methods_offered(true, "192.0.2.1", m, 2, &f);
	assert_codes("error/method_not_offered/R-IP-3");
	cr_assert_str_eq(f.items[0].fix, "Validate with http-01 or tls-alpn-01.");
}
