/* acme/le_caa.c and acme/le_http01.c: what Let's Encrypt would show for a
 * CAA walk and an HTTP-01 result, in Boulder's words (va/caa.go DoCAA,
 * checkCAA; va/http.go; va/va.go detailedError), each read back by
 * acme/le_explain.c to the rule it comes from. */
#include <criterion/criterion.h>
#include <string.h>
#include <sys/socket.h>

#include "acme/le_caa.h"
#include "acme/le_explain.h"
#include "acme/le_http01.h"
#include "caa_walks.h"
#include "dns/types.h"

static struct le_explain_result X;

/* text is read back by le_explain to `rule` */
static void reads_back(const char *text, const char *rule)
{
	le_explain(text, strlen(text), &X);
	cr_assert(X.matched, "explain does not recognise: %s", text);
	cr_assert_str_eq(X.rule, rule, "%s", text);
}

/* R-CAA-11: a forbidding RRset at a parent: its name, the identifier */
Test(le_caa, forbidden_names_the_relevant_rrset_R_CAA_11)
{
	struct walk w;
	walk_init(&w, "www.shop.example.com");
	add_rec(&w, 2, 0, "issue", "ca.example.net");
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide_walk(&w, &q, &r);
	cr_assert_eq(r.verdict, CAA_FORBIDDEN);
	char text[1024];
	cr_assert(le_caa_problem(&r, text, sizeof text));
	cr_assert_str_eq(text, "While processing CAA for www.shop.example.com: CAA record for "
			       "example.com prevents issuance");
	reads_back(text, "R-CAA-11");
	cr_assert_str_eq(X.command, "acmeprobe caa www.shop.example.com");
}

/* R-CAA-11: a wildcard's identifier keeps its "*." (Boulder keeps it in
 * the authorization's identifier; va/caa.go strips it to walk) */
Test(le_caa, wildcard_identifier_R_CAA_11)
{
	struct walk w;
	walk_init(&w, "example.com");
	add_rec(&w, 0, 0, "issuewild", ";");
	struct caa_request q = req(true);
	struct caa_walk_result r;
	decide_walk(&w, &q, &r);
	r.wildcard = true;
	char text[1024];
	cr_assert(le_caa_problem(&r, text, sizeof text));
	cr_assert_str_eq(text, "While processing CAA for *.example.com: CAA record for example.com "
			       "prevents issuance");
	reads_back(text, "R-CAA-11");
}

/* R-CAA-4, R-CAA-5, R-CAA-8, R-DNSSEC-14: a failed lookup in bdns's words
 * after DoCAA's prefix; the label is the one that failed */
Test(le_caa, failed_lookups_R_CAA_4_R_CAA_5_R_CAA_8_R_DNSSEC_14)
{
	static const struct {
		enum dns_errclass e;
		uint16_t rcode;
		int label;
		const char *want, *rule;
	} cases[] = {
	    {DNS_EC_SERVFAIL, 2, 0,
	     "While processing CAA for www.example.com: DNS problem: SERVFAIL looking up CAA for "
	     "www.example.com - the domain's nameservers may be malfunctioning",
	     "R-CAA-4"},
	    {DNS_EC_TIMEOUT, 0, 1,
	     "While processing CAA for www.example.com: DNS problem: query timed out looking up "
	     "CAA for example.com",
	     "R-CAA-5"},
	    {DNS_EC_NXDOMAIN, 3, 2,
	     "While processing CAA for www.example.com: DNS problem: NXDOMAIN looking up CAA for "
	     "com - check that a DNS record exists for this domain",
	     "R-CAA-8"},
	    {DNS_EC_REFUSED, 5, 0,
	     "While processing CAA for www.example.com: DNS problem: REFUSED looking up CAA for "
	     "www.example.com",
	     "R-CAA-4"},
	    {DNS_EC_NETWORK, 0, 0,
	     "While processing CAA for www.example.com: DNS problem: networking error looking up "
	     "CAA for www.example.com",
	     "R-CAA-4"},
	    {DNS_EC_MALFORMED, 0, 0,
	     "While processing CAA for www.example.com: DNS problem: server failure at resolver "
	     "looking up CAA for www.example.com",
	     "R-CAA-4"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct walk w;
		walk_init(&w, "www.example.com");
		set_error(&w, (size_t)cases[i].label, cases[i].e);
		w.lab[cases[i].label].l.rcode = cases[i].rcode;
		struct caa_request q = req(false);
		struct caa_walk_result r;
		decide_walk(&w, &q, &r);
		cr_assert_eq(r.verdict, CAA_NO_DECISION, "case %zu", i);
		char text[1024];
		cr_assert(le_caa_problem(&r, text, sizeof text), "case %zu", i);
		cr_assert_str_eq(text, cases[i].want);
		reads_back(text, cases[i].rule);
		cr_assert_str_eq(X.command, "acmeprobe check www.example.com");
		cr_assert_str_eq(X.caa_identifier, "www.example.com");
	}
	/* the EDE form: R-DNSSEC-14 */
	struct walk w;
	walk_init(&w, "www.example.com");
	set_error(&w, 0, DNS_EC_SERVFAIL);
	w.lab[0].l.rcode = 2;
	w.lab[0].l.has_ede = true;
	w.lab[0].l.ede_code = 6;
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide_walk(&w, &q, &r);
	char text[1024];
	cr_assert(le_caa_problem(&r, text, sizeof text));
	cr_assert_str_eq(text, "While processing CAA for www.example.com: DNS problem: looking up "
			       "CAA for www.example.com: DNSSEC: Bogus");
	reads_back(text, "R-DNSSEC-14");
}

/* Nothing to say: permitted; an answer unreadable over TCP (R-CAA-13:
 * the CA asks over HTTPS and never meets it) */
Test(le_caa, nothing_to_say_R_CAA_13)
{
	struct walk w;
	walk_init(&w, "example.com");
	add_rec(&w, 0, 0, "issue", LE);
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide_walk(&w, &q, &r);
	char text[64] = "untouched";
	cr_assert(!le_caa_problem(&r, text, sizeof text));
	walk_init(&w, "example.com");
	set_error(&w, 0, DNS_EC_MALFORMED);
	w.lab[0].l.tcp = true;
	decide_walk(&w, &q, &r);
	cr_assert_eq(r.verdict, CAA_NO_DECISION);
	cr_assert(!le_caa_problem(&r, text, sizeof text));
}

/* ---- HTTP-01 ------------------------------------------------------------ */

static struct h01_result H;

static void one_attempt(enum h01_verdict v, enum h01_outcome o, enum http_phase phase, int status,
			const char *addr, int family)
{
	memset(&H, 0, sizeof H);
	H.verdict = v;
	H.attempt_count = 1;
	struct h01_attempt *a = &H.attempts[0];
	snprintf(a->url, sizeof a->url, "http://www.example.com/.well-known/acme-challenge/tok");
	snprintf(a->address, sizeof a->address, "%s", addr);
	a->family = family;
	a->port = 80;
	a->outcome = o;
	a->phase = phase;
	a->http_status = status;
}

/* R-HTTP-6, R-V6-2, R-HTTP-1: the connection failures after
 * "<address>: Fetching <url>: " (va/va.go detailedError) */
Test(le_http01, connection_failures_R_HTTP_6)
{
	static const struct {
		enum h01_outcome o;
		enum http_phase phase;
		const char *addr;
		int family;
		const char *want, *rule;
	} cases[] = {
	    {H01_TIMEOUT, HTTP_PHASE_CONNECT, "192.0.2.1", AF_INET,
	     "192.0.2.1: Fetching http://www.example.com/.well-known/acme-challenge/tok: Timeout "
	     "during connect (likely firewall problem)",
	     "R-HTTP-6"},
	    {H01_TIMEOUT, HTTP_PHASE_RESPONSE, "192.0.2.1", AF_INET,
	     "192.0.2.1: Fetching http://www.example.com/.well-known/acme-challenge/tok: Timeout "
	     "after connect (your server may be slow or overloaded)",
	     "R-HTTP-6"},
	    {H01_REFUSED, HTTP_PHASE_CONNECT, "2001:db8::1", AF_INET6,
	     "2001:db8::1: Fetching http://www.example.com/.well-known/acme-challenge/tok: "
	     "Connection refused",
	     "R-V6-2"},
	    {H01_UNREACHABLE, HTTP_PHASE_CONNECT, "2001:db8::1", AF_INET6,
	     "2001:db8::1: Fetching http://www.example.com/.well-known/acme-challenge/tok: Network "
	     "unreachable",
	     "R-V6-2"},
	    {H01_RESET, HTTP_PHASE_RESPONSE, "192.0.2.1", AF_INET,
	     "192.0.2.1: Fetching http://www.example.com/.well-known/acme-challenge/tok: "
	     "Connection reset by peer",
	     "R-HTTP-1"},
	    {H01_HTTP_ERROR, HTTP_PHASE_RESPONSE, "192.0.2.1", AF_INET,
	     "192.0.2.1: Fetching http://www.example.com/.well-known/acme-challenge/tok: Error "
	     "getting validation data",
	     "R-HTTP-4"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		one_attempt(H01_UNREACHABLE_V, cases[i].o, cases[i].phase, 0, cases[i].addr,
			    cases[i].family);
		char text[1024];
		cr_assert(le_http01_problem(&H, NULL, text, sizeof text), "case %zu", i);
		cr_assert_str_eq(text, cases[i].want);
		reads_back(text, cases[i].rule);
		cr_assert_str_eq(X.command, "acmeprobe http01 www.example.com --token tok");
	}
}

/* R-HTTP-4: a status other than 200, from the last connection */
Test(le_http01, invalid_response_R_HTTP_4)
{
	one_attempt(H01_INVALID, H01_OK, HTTP_PHASE_RESPONSE, 404, "192.0.2.1", AF_INET);
	char text[1024];
	cr_assert(le_http01_problem(&H, "tok.KA", text, sizeof text));
	cr_assert_str_eq(text, "192.0.2.1: Invalid response from "
			       "http://www.example.com/.well-known/acme-challenge/tok: 404");
	reads_back(text, "R-HTTP-4");
	/* as http01.c reports a 404: outcome http_error with the status */
	one_attempt(H01_INVALID, H01_HTTP_ERROR, HTTP_PHASE_RESPONSE, 404, "192.0.2.1", AF_INET);
	cr_assert(le_http01_problem(&H, "tok.KA", text, sizeof text));
	cr_assert_str_eq(text, "192.0.2.1: Invalid response from "
			       "http://www.example.com/.well-known/acme-challenge/tok: 404");
	/* a 200 whose body could not be read: Go's words, unknown */
	one_attempt(H01_INVALID, H01_HTTP_ERROR, HTTP_PHASE_RESPONSE, 200, "192.0.2.1", AF_INET);
	cr_assert(!le_http01_problem(&H, "tok.KA", text, sizeof text));
}

/* R-HTTP-4: the body is not the key authorization: trailing white space
 * trimmed, both in Go's %q, no address */
Test(le_http01, key_authorization_mismatch_R_HTTP_4)
{
	one_attempt(H01_INVALID, H01_OK, HTTP_PHASE_RESPONSE, 200, "192.0.2.1", AF_INET);
	const char body[] = "old\"token\n\t \n";
	memcpy(H.body, body, sizeof body - 1);
	H.body_len = sizeof body - 1;
	H.has_body = true;
	char text[1024];
	cr_assert(le_http01_problem(&H, "tok.KA", text, sizeof text));
	cr_assert_str_eq(text, "The key authorization file from the server did not match this "
			       "challenge. Expected \"tok.KA\" (got \"old\\\"token\")");
	reads_back(text, "R-HTTP-4");
	/* without a key authorization nothing was compared: nothing to say */
	cr_assert(!le_http01_problem(&H, NULL, text, sizeof text));
}

/* R-HTTP-5: plain HTTP where TLS was expected (a redirect to https) */
Test(le_http01, not_tls_R_HTTP_5)
{
	one_attempt(H01_UNREACHABLE_V, H01_TLS_ERROR, HTTP_PHASE_TLS, 0, "192.0.2.1", AF_INET);
	snprintf(H.attempts[0].url, sizeof H.attempts[0].url,
		 "https://www.example.com/.well-known/acme-challenge/tok");
	H.problem_type = "urn:ietf:params:acme:error:malformed";
	char text[1024];
	cr_assert(le_http01_problem(&H, NULL, text, sizeof text));
	cr_assert_str_eq(text,
			 "192.0.2.1: Fetching "
			 "https://www.example.com/.well-known/acme-challenge/tok: Server only "
			 "speaks HTTP, not TLS");
	reads_back(text, "R-HTTP-5");
	/* another TLS failure: Go's alert text, unknown here */
	H.problem_type = "urn:ietf:params:acme:error:tls";
	cr_assert(!le_http01_problem(&H, NULL, text, sizeof text));
}

/* Nothing to say: valid, served, no connection, a refused redirect, a
 * body of 128 octets or more */
Test(le_http01, nothing_to_say_R_HTTP_4)
{
	char text[64];
	one_attempt(H01_VALID, H01_OK, HTTP_PHASE_RESPONSE, 200, "192.0.2.1", AF_INET);
	cr_assert(!le_http01_problem(&H, "x", text, sizeof text));
	one_attempt(H01_SERVED, H01_OK, HTTP_PHASE_RESPONSE, 200, "192.0.2.1", AF_INET);
	cr_assert(!le_http01_problem(&H, NULL, text, sizeof text));
	one_attempt(H01_INVALID, H01_BAD_REDIRECT, HTTP_PHASE_RESPONSE, 302, "192.0.2.1", AF_INET);
	cr_assert(!le_http01_problem(&H, "x", text, sizeof text));
	one_attempt(H01_INVALID, H01_TOO_LARGE, HTTP_PHASE_RESPONSE, 200, "192.0.2.1", AF_INET);
	cr_assert(!le_http01_problem(&H, "x", text, sizeof text));
	memset(&H, 0, sizeof H);
	H.verdict = H01_UNREACHABLE_V;
	cr_assert(!le_http01_problem(&H, "x", text, sizeof text), "no connection: a DNS failure");
}
