/* The HTTP-01 engine (src/http/h01_engine.c), without root, sockets or
 * a clock: each test builds where a validation stands (struct
 * h01_progress) and what its last request got (an http_result, its
 * response fed to the real parser from the octets a server would send),
 * calls h01_next or one of the engine's functions, and asserts the exact
 * action, verdict, problem and trace notes. Tests are named by the rule
 * they prove (docs/rules.md): R-V6-1, R-V6-2, R-V6-3, R-HTTP-1, R-HTTP-2,
 * R-HTTP-3, R-HTTP-4, R-HTTP-5, R-HTTP-6, R-HTTP-7, R-IP-4.
 * tests/integration/test_http01.sh runs the same rules end to end against
 * real servers and real network faults. */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "acme/ident.h"
#include "dns/msg.h"
#include "dns/response.h"
#include "dns/types.h"
#include "dns/wire.h"
#include "helpers.h"
#include "http/http01.h"
#include "http/response.h"

#define URN "urn:ietf:params:acme:error:"
#define KA "tok.thumbprint"
#define FIRST "http://dual.test/.well-known/acme-challenge/tok"
#define V6 "2001:db8::10"
#define V4 "192.0.2.10"

/* ---- a validation in progress, built by hand ------------------------- */

static void set_host(struct h01_lookup *lk, const char *name, const char *v6, const char *v4)
{
	memset(lk, 0, sizeof *lk);
	snprintf(lk->host, sizeof lk->host, "%s", name);
	if (v6) {
		cr_assert_eq(inet_pton(AF_INET6, v6, lk->v6), 1);
		lk->has6 = true;
		lk->count6 = 1;
	}
	if (v4) {
		cr_assert_eq(inet_pton(AF_INET, v4, lk->v4), 1);
		lk->has4 = true;
		lk->count4 = 1;
	}
}

/* Everything is large (URLs of 6 KiB, 26 attempts): one bed per test
 * process, in static storage. */
struct bed {
	struct h01_lookup domain, hop;
	struct h01_attempt attempts[H01_MAX_ATTEMPTS];
	struct h01_progress p;
	struct url url;
	struct http_result hr;
	struct h01_hop_outcome o;
	struct h01_step s;
};
static struct bed bed;

/* A validation of dual.test (AAAA and A) under `rule`, expecting KA. */
static struct bed *start(enum h01_fallback rule)
{
	struct bed *b = &bed;
	memset(b, 0, sizeof *b);
	set_host(&b->domain, "dual.test", V6, V4);
	b->p = (struct h01_progress){
		.rule = rule,
		.http_port = 80,
		.https_port = 443,
		.key_authorization = KA,
		.domain = &b->domain,
		.host = &b->domain,
		.attempts = b->attempts,
	};
	return b;
}

/* The next request: `url` to the given family's address of p.host. */
static void request(struct bed *b, const char *url, int family)
{
	cr_assert_lt(b->p.attempt_count, H01_MAX_ATTEMPTS);
	cr_assert_eq(url_parse(&b->url, url, strlen(url)), URL_OK, "%s", url);
	struct h01_attempt *a = &b->attempts[b->p.attempt_count++];
	memset(a, 0, sizeof *a);
	url_format(&b->url, a->url, sizeof a->url);
	a->family = family;
	a->port = url_effective_port(&b->url, b->p.http_port, b->p.https_port);
	inet_ntop(family, family == AF_INET6 ? b->p.host->v6 : b->p.host->v4, a->address,
		  sizeof a->address);
	memset(&b->hr, 0, sizeof b->hr);
	http_response_init(&b->hr.resp);
	b->o = (struct h01_hop_outcome){.url = &b->url, .attempt = a, .http = &b->hr};
}

/* The request failed with `outcome` during `phase`, as http_get says. */
static void fails(struct bed *b, enum http_outcome outcome, enum http_phase phase,
		  const char *detail)
{
	b->hr.outcome = outcome;
	b->hr.phase = phase;
	snprintf(b->hr.detail, sizeof b->hr.detail, "%s", detail);
}

/* The server sent `raw` (and closed the connection when `closed`),
 * read as http_get reads it. */
static void responds(struct bed *b, const char *raw, bool closed)
{
	struct http_response *r = &b->hr.resp;
	http_response_feed(r, (const uint8_t *)raw, strlen(raw));
	if (closed && r->state != HTTP_S_DONE && r->state != HTTP_S_ERROR)
		http_response_eof(r);
	b->hr.phase = HTTP_PHASE_RESPONSE;
	b->hr.outcome = HTTP_O_OK;
	if (r->state == HTTP_S_ERROR) {
		b->hr.outcome = HTTP_O_PROTOCOL;
		snprintf(b->hr.detail, sizeof b->hr.detail, "%s", http_strerror(r->err));
	}
}

/* What the engine decides now (connect timeout: 400 ms). */
static const struct h01_step *next(struct bed *b)
{
	h01_attempt_result((struct h01_attempt *)b->o.attempt, &b->hr, 400);
	memset(&b->s, 0xA5, sizeof b->s); /* nothing left over */
	h01_next(&b->p, &b->o, &b->s);
	return &b->s;
}

#define assert_action(s, action_, rule_)                                              \
	do {                                                                          \
		cr_assert_eq((s)->action, (action_), "action %s, want %s",            \
			     h01_action_name((s)->action), h01_action_name(action_)); \
		cr_assert_str_eq((s)->rule, (rule_));                                 \
	} while (0)

/* DONE with a problem: verdict, outcome, URN and the exact detail. */
#define assert_problem(s, verdict_, outcome_, type_, detail_)                          \
	do {                                                                           \
		cr_assert_eq((s)->action, H01_DONE, "action %s",                       \
			     h01_action_name((s)->action));                            \
		cr_assert_eq((s)->verdict, (verdict_), "verdict %d", (int)(s)->verdict); \
		cr_assert_eq((s)->outcome, (outcome_), "outcome %s",                   \
			     h01_outcome_name((s)->outcome));                          \
		cr_assert_str_eq((s)->problem_type, (type_));                          \
		cr_assert_str_eq((s)->problem_detail, (detail_));                      \
	} while (0)

#define assert_note(s, i, rule_, text_)                              \
	do {                                                         \
		cr_assert_gt((s)->note_count, (i));                  \
		cr_assert_str_eq((s)->notes[i].rule, (rule_));       \
		cr_assert_str_eq((s)->notes[i].text, (text_));       \
	} while (0)

static void respond_200(struct bed *b, const char *body)
{
	char raw[512];
	snprintf(raw, sizeof raw, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n%s",
		 strlen(body), body);
	responds(b, raw, false);
}

static void respond_redirect(struct bed *b, int status, const char *location)
{
	static char raw[8192];
	snprintf(raw, sizeof raw, "HTTP/1.1 %d Moved\r\nLocation: %s\r\nContent-Length: 0\r\n\r\n",
		 status, location);
	responds(b, raw, false);
}

/* The loop's move after a FOLLOW: the hop's own lookups, one hop on. */
static void follow_to(struct bed *b, const char *name, const char *v6, const char *v4)
{
	cr_assert_eq(b->s.action, H01_FOLLOW);
	b->p.redirects = b->s.redirects;
	set_host(&b->hop, name, v6, v4);
	b->p.host = &b->hop;
	b->p.hop++;
}

/* The loop's move after RETRY_IPV4 or RESTART_CHAIN_IPV4. */
static void back_to_first_over_ipv4(struct bed *b)
{
	b->p.fell_back = true;
	b->p.hop = 0;
	b->p.host = &b->domain;
	b->p.redirects = b->s.redirects;
}

/* ===================================================================== */
/* R-V6-1: IPv6 is tried first                                           */
/* ===================================================================== */

Test(h01_engine, r_v6_1_ipv6_first_when_both)
{
	struct h01_lookup lk;
	struct h01_note why;
	set_host(&lk, "dual.test", V6, V4);
	cr_assert_eq(h01_family(&lk, 0, &why), AF_INET6);
	cr_assert_str_eq(why.rule, "R-V6-1");
	cr_assert_str_eq(why.text, "dual.test has AAAA and A: the first request goes to IPv6");
}

Test(h01_engine, r_v6_1_ipv4_when_there_is_no_aaaa)
{
	struct h01_lookup lk;
	struct h01_note why;
	set_host(&lk, "v4.test", NULL, V4);
	cr_assert_eq(h01_family(&lk, 0, &why), AF_INET);
	cr_assert_null(why.rule);
	set_host(&lk, "v6.test", V6, NULL);
	cr_assert_eq(h01_family(&lk, 0, &why), AF_INET6);
	cr_assert_null(why.rule);
}

Test(h01_engine, r_v6_1_an_ipv6_server_that_answers_is_the_answer)
{
	/* IPv6 connected: its answer decides, right or wrong; the A record
	 * is never tried */
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	request(b, FIRST, AF_INET6);
	respond_200(b, KA);
	const struct h01_step *s = next(b);
	assert_action(s, H01_DONE, "R-HTTP-4");
	cr_assert_eq(s->verdict, H01_VALID);
	cr_assert_null(s->problem_type);
	cr_assert_str_eq(s->problem_detail, "");
	cr_assert(s->has_body);
	cr_assert_eq(s->body_len, strlen(KA));
	cr_assert_not(s->v6_answered_wrong);
}

/* ===================================================================== */
/* R-V6-2: IPv4 only after an IPv6 connect timeout (the `timeout` rule)  */
/* ===================================================================== */

Test(h01_engine, r_v6_2_connect_timeout_of_the_first_request_retries_over_ipv4)
{
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	request(b, FIRST, AF_INET6);
	fails(b, HTTP_O_TIMEOUT, HTTP_PHASE_CONNECT, "connect: no answer within 400 ms");
	const struct h01_step *s = next(b);
	assert_action(s, H01_RETRY_IPV4, "R-V6-2");
	cr_assert_eq(s->note_count, 1);
	assert_note(s, 0, "R-V6-2",
		    "IPv6 connect timed out on the first request: retrying it once over IPv4");
	cr_assert_null(s->problem_type);
	cr_assert_not(s->v6_refused_no_retry);
	cr_assert_eq(s->redirects, 0);
	/* the retry over IPv4 answers: valid */
	back_to_first_over_ipv4(b);
	request(b, FIRST, AF_INET);
	respond_200(b, KA "\n");
	s = next(b);
	assert_action(s, H01_DONE, "R-HTTP-4");
	cr_assert_eq(s->verdict, H01_VALID);
}

Test(h01_engine, r_v6_2_refused_connect_does_not_retry)
{
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	request(b, FIRST, AF_INET6);
	fails(b, HTTP_O_REFUSED, HTTP_PHASE_CONNECT, "connect: Connection refused");
	const struct h01_step *s = next(b);
	assert_problem(s, H01_UNREACHABLE_V, H01_REFUSED, URN "connection",
		       "R-V6-2: " FIRST ": IPv6 " V6 " port 80: Connection refused (connect: "
		       "Connection refused)");
	cr_assert_str_eq(s->rule, "R-V6-2");
	cr_assert(s->v6_refused_no_retry);
	cr_assert_not(s->v6_answered_wrong);
	assert_note(s, 0, "R-V6-2",
		    "IPv6 connect refused (not a timeout): no IPv4 retry under LE's documented "
		    "rule (Boulder's code would retry: --fallback dial)");
}

Test(h01_engine, r_v6_2_reset_connect_does_not_retry)
{
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	request(b, FIRST, AF_INET6);
	fails(b, HTTP_O_RESET, HTTP_PHASE_CONNECT, "connect: Connection reset by peer");
	const struct h01_step *s = next(b);
	assert_problem(s, H01_UNREACHABLE_V, H01_RESET, URN "connection",
		       "R-V6-2: " FIRST ": IPv6 " V6 " port 80: Connection reset by peer (connect: "
		       "Connection reset by peer)");
	cr_assert(s->v6_refused_no_retry);
}

Test(h01_engine, r_v6_2_unreachable_does_not_retry)
{
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	request(b, FIRST, AF_INET6);
	fails(b, HTTP_O_UNREACHABLE, HTTP_PHASE_CONNECT, "connect: No route to host");
	const struct h01_step *s = next(b);
	assert_problem(s, H01_UNREACHABLE_V, H01_UNREACHABLE, URN "connection",
		       "R-V6-2: " FIRST ": IPv6 " V6 " port 80: Network unreachable (connect: No "
		       "route to host)");
	cr_assert(s->v6_refused_no_retry);
	assert_note(s, 0, "R-V6-2",
		    "IPv6 connect unreachable (not a timeout): no IPv4 retry under LE's documented "
		    "rule (Boulder's code would retry: --fallback dial)");
}

Test(h01_engine, r_v6_2_timeout_after_connect_does_not_retry)
{
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	request(b, FIRST, AF_INET6);
	fails(b, HTTP_O_TIMEOUT, HTTP_PHASE_RESPONSE, "read: timeout");
	const struct h01_step *s = next(b);
	assert_problem(s, H01_UNREACHABLE_V, H01_TIMEOUT, URN "connection",
		       "R-HTTP-6: " FIRST ": IPv6 " V6 " port 80: Timeout after connect (your "
		       "server may be slow or overloaded), during response");
	cr_assert_eq(s->note_count, 0);
	cr_assert_not(s->v6_refused_no_retry);
	/* IPv6 connected and failed: the classic R-V6-4 explains */
	cr_assert(s->v6_answered_wrong);
}

Test(h01_engine, r_v6_2_reset_after_connect_does_not_retry)
{
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	request(b, FIRST, AF_INET6);
	fails(b, HTTP_O_RESET, HTTP_PHASE_RESPONSE, "read: Connection reset by peer");
	const struct h01_step *s = next(b);
	assert_problem(s, H01_UNREACHABLE_V, H01_RESET, URN "connection",
		       "R-V6-2: " FIRST ": IPv6 " V6 " port 80: Connection reset by peer (read: "
		       "Connection reset by peer)");
	cr_assert_not(s->v6_refused_no_retry);
	cr_assert(s->v6_answered_wrong);
}

Test(h01_engine, r_v6_2_tls_error_does_not_retry)
{
	/* a TLS failure happens after the connect: it ends the validation
	 * where it happened (here on an https redirect hop over IPv6) */
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	request(b, FIRST, AF_INET6);
	respond_redirect(b, 301, "https://dual.test/.well-known/acme-challenge/tok");
	next(b);
	follow_to(b, "dual.test", V6, V4);
	request(b, "https://dual.test/.well-known/acme-challenge/tok", AF_INET6);
	fails(b, HTTP_O_TLS, HTTP_PHASE_TLS, "TLS handshake: sslv3 alert handshake failure");
	const struct h01_step *s = next(b);
	assert_problem(s, H01_UNREACHABLE_V, H01_TLS_ERROR, URN "tls",
		       "R-HTTP-5: https://dual.test/.well-known/acme-challenge/tok: IPv6 " V6
		       " port 443: TLS error (TLS handshake: sslv3 alert handshake failure)");
	cr_assert_str_eq(s->rule, "R-HTTP-5");
	cr_assert_not(s->redirect_v6_failed); /* it connected */
}

Test(h01_engine, r_v6_2_http_error_status_does_not_retry)
{
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	request(b, FIRST, AF_INET6);
	responds(b, "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found", false);
	const struct h01_step *s = next(b);
	assert_problem(s, H01_INVALID, H01_HTTP_ERROR, URN "unauthorized",
		       "R-HTTP-4: Invalid response from " FIRST ": 404");
	cr_assert(s->v6_answered_wrong);
	cr_assert_not(s->has_body);
}

Test(h01_engine, r_v6_2_wrong_body_does_not_retry)
{
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	request(b, FIRST, AF_INET6);
	respond_200(b, "wrong-server");
	const struct h01_step *s = next(b);
	assert_problem(s, H01_INVALID, H01_OK, URN "unauthorized",
		       "R-HTTP-4: The key authorization file from the server did not match this "
		       "challenge: expected \"" KA "\" (got \"wrong-server\") from IPv6 " V6);
	cr_assert(s->v6_answered_wrong);
	cr_assert(s->has_body);
	cr_assert_eq(s->body_len, 12);
	cr_assert_eq(memcmp(s->body, "wrong-server", 12), 0);
}

Test(h01_engine, r_v6_2_malformed_response_does_not_retry)
{
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	request(b, FIRST, AF_INET6);
	responds(b, "hello\r\n\r\n", true);
	const struct h01_step *s = next(b);
	assert_problem(s, H01_INVALID, H01_HTTP_ERROR, URN "connection",
		       "R-HTTP-4: " FIRST ": IPv6 " V6 " answered with a malformed HTTP response: "
		       "malformed status line (not \"HTTP/1.x NNN reason\")");
}

Test(h01_engine, r_v6_2_no_retry_without_an_a_record)
{
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	set_host(&b->domain, "dual.test", V6, NULL);
	request(b, FIRST, AF_INET6);
	fails(b, HTTP_O_TIMEOUT, HTTP_PHASE_CONNECT, "connect: no answer within 400 ms");
	const struct h01_step *s = next(b);
	assert_problem(s, H01_UNREACHABLE_V, H01_TIMEOUT, URN "connection",
		       "R-HTTP-6: " FIRST ": IPv6 " V6 " port 80: Timeout during connect (likely "
		       "firewall problem): no answer within 400 ms");
	cr_assert_eq(s->note_count, 0);
}

Test(h01_engine, r_v6_2_the_retry_happens_once)
{
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	request(b, FIRST, AF_INET6);
	fails(b, HTTP_O_TIMEOUT, HTTP_PHASE_CONNECT, "connect: no answer within 400 ms");
	cr_assert_eq(next(b)->action, H01_RETRY_IPV4);
	back_to_first_over_ipv4(b);
	request(b, FIRST, AF_INET);
	fails(b, HTTP_O_TIMEOUT, HTTP_PHASE_CONNECT, "connect: no answer within 400 ms");
	const struct h01_step *s = next(b);
	assert_problem(s, H01_UNREACHABLE_V, H01_TIMEOUT, URN "connection",
		       "R-HTTP-6: " FIRST ": IPv4 " V4 " port 80: Timeout during connect (likely "
		       "firewall problem): no answer within 400 ms");
}

/* ===================================================================== */
/* R-V6-3: no IPv4 retry after a redirect                                */
/* ===================================================================== */

Test(h01_engine, r_v6_3_a_redirect_hop_prefers_ipv6_again)
{
	struct h01_lookup lk;
	struct h01_note why;
	set_host(&lk, "www.dual.test", V6, V4);
	cr_assert_eq(h01_family(&lk, 1, &why), AF_INET6);
	cr_assert_str_eq(why.rule, "R-V6-3");
	cr_assert_str_eq(why.text, "redirect hop to www.dual.test: IPv6 first again, no IPv4 retry");
	/* even after the first request fell back to IPv4 */
	cr_assert_eq(h01_family(&lk, 3, &why), AF_INET6);
}

Test(h01_engine, r_v6_3_a_redirect_hop_never_retries)
{
	/* the classic: IPv6 times out, IPv4 redirects to https, and the
	 * https request goes to IPv6 again and times out for good */
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	request(b, FIRST, AF_INET6);
	fails(b, HTTP_O_TIMEOUT, HTTP_PHASE_CONNECT, "connect: no answer within 400 ms");
	cr_assert_eq(next(b)->action, H01_RETRY_IPV4);
	back_to_first_over_ipv4(b);
	request(b, FIRST, AF_INET);
	respond_redirect(b, 301, "https://dual.test/.well-known/acme-challenge/tok");
	cr_assert_eq(next(b)->action, H01_FOLLOW);
	follow_to(b, "dual.test", V6, V4);
	request(b, "https://dual.test/.well-known/acme-challenge/tok", AF_INET6);
	fails(b, HTTP_O_TIMEOUT, HTTP_PHASE_CONNECT, "connect: no answer within 400 ms");
	const struct h01_step *s = next(b);
	assert_problem(s, H01_UNREACHABLE_V, H01_TIMEOUT, URN "connection",
		       "R-HTTP-6: https://dual.test/.well-known/acme-challenge/tok: IPv6 " V6
		       " port 443: Timeout during connect (likely firewall problem): no answer "
		       "within 400 ms");
	cr_assert(s->redirect_v6_failed);
	cr_assert_not(s->v6_answered_wrong);
	cr_assert_eq(s->redirects, 1);
}

Test(h01_engine, r_v6_3_a_redirect_hop_never_retries_even_with_the_retry_unspent)
{
	/* IPv6 answered the first request with a redirect: the hop's
	 * timeout still gets no retry under the documented rule */
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	request(b, FIRST, AF_INET6);
	respond_redirect(b, 302, "http://www.dual.test/x");
	cr_assert_eq(next(b)->action, H01_FOLLOW);
	follow_to(b, "www.dual.test", V6, V4);
	request(b, "http://www.dual.test/x", AF_INET6);
	fails(b, HTTP_O_REFUSED, HTTP_PHASE_CONNECT, "connect: Connection refused");
	const struct h01_step *s = next(b);
	assert_problem(s, H01_UNREACHABLE_V, H01_REFUSED, URN "connection",
		       "R-V6-2: http://www.dual.test/x: IPv6 " V6 " port 80: Connection refused "
		       "(connect: Connection refused)");
	cr_assert(s->redirect_v6_failed);
	cr_assert_not(s->v6_refused_no_retry); /* that note is the first request's */
	cr_assert_eq(s->note_count, 0);
}

Test(h01_engine, r_v6_3_a_hop_without_an_a_record_is_no_missed_retry)
{
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	request(b, FIRST, AF_INET6);
	respond_redirect(b, 302, "http://v6only.test/x");
	next(b);
	follow_to(b, "v6only.test", V6, NULL);
	request(b, "http://v6only.test/x", AF_INET6);
	fails(b, HTTP_O_TIMEOUT, HTTP_PHASE_CONNECT, "connect: no answer within 400 ms");
	const struct h01_step *s = next(b);
	cr_assert_eq(s->action, H01_DONE);
	cr_assert_not(s->redirect_v6_failed);
}

/* ===================================================================== */
/* R-HTTP-2: Boulder's code (`dial`)                                     */
/* ===================================================================== */

Test(h01_engine, r_http_2_dial_any_connect_error_falls_back_on_the_first_request)
{
	static const struct {
		enum http_outcome o;
		const char *name;
	} errors[] = {
		{HTTP_O_TIMEOUT, "timeout"},
		{HTTP_O_REFUSED, "refused"},
		{HTTP_O_UNREACHABLE, "unreachable"},
		{HTTP_O_RESET, "reset"},
		{HTTP_O_OTHER, "unreachable"},
	};
	for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
		struct bed *b = start(H01_FALLBACK_DIAL);
		request(b, FIRST, AF_INET6);
		fails(b, errors[i].o, HTTP_PHASE_CONNECT, "connect: failed");
		const struct h01_step *s = next(b);
		assert_action(s, H01_RETRY_IPV4, "R-HTTP-2");
		char want[256];
		snprintf(want, sizeof want,
			 "IPv6 connect failed (%s) on the first request: retrying it over IPv4 "
			 "(Boulder's fallbackErr: any dial error)",
			 errors[i].name);
		assert_note(s, 0, "R-HTTP-2", want);
		cr_assert_null(s->problem_type);
		cr_assert_not(s->v6_refused_no_retry);
	}
}

Test(h01_engine, r_http_2_dial_connect_error_on_a_redirect_hop_restarts_the_chain)
{
	struct bed *b = start(H01_FALLBACK_DIAL);
	request(b, FIRST, AF_INET6);
	respond_redirect(b, 301, "http://www.dual.test/next");
	cr_assert_eq(next(b)->action, H01_FOLLOW);
	follow_to(b, "www.dual.test", V6, V4);
	request(b, "http://www.dual.test/next", AF_INET6);
	fails(b, HTTP_O_REFUSED, HTTP_PHASE_CONNECT, "connect: Connection refused");
	const struct h01_step *s = next(b);
	assert_action(s, H01_RESTART_CHAIN_IPV4, "R-HTTP-2");
	assert_note(s, 0, "R-HTTP-2",
		    "connect failed on redirect hop 1: Boulder restarts the whole chain once from "
		    "dual.test over IPv4; its redirect count and list of requested URLs carry over");
	cr_assert_null(s->problem_type);
	cr_assert_eq(s->redirects, 1); /* carried over, not reset */
	cr_assert(s->redirect_v6_failed);
}

Test(h01_engine, r_http_2_the_restarted_chain_keeps_its_requested_urls)
{
	/* after the restart the IPv4 server gives the same redirect: a URL
	 * already requested, so a loop */
	struct bed *b = start(H01_FALLBACK_DIAL);
	request(b, FIRST, AF_INET6);
	respond_redirect(b, 301, "http://www.dual.test/next");
	next(b);
	follow_to(b, "www.dual.test", V6, V4);
	request(b, "http://www.dual.test/next", AF_INET6);
	fails(b, HTTP_O_REFUSED, HTTP_PHASE_CONNECT, "connect: Connection refused");
	cr_assert_eq(next(b)->action, H01_RESTART_CHAIN_IPV4);
	back_to_first_over_ipv4(b);
	request(b, FIRST, AF_INET);
	respond_redirect(b, 301, "http://www.dual.test/next");
	const struct h01_step *s = next(b);
	assert_problem(s, H01_INVALID, H01_BAD_REDIRECT, URN "connection",
		       "R-HTTP-3: redirect loop detected: http://www.dual.test/next was already "
		       "requested");
	cr_assert_eq(s->redirects, 2);
}

Test(h01_engine, r_http_2_the_chain_restarts_only_once)
{
	struct bed *b = start(H01_FALLBACK_DIAL);
	b->p.fell_back = true; /* restarted already */
	b->p.redirects = 1;
	request(b, FIRST, AF_INET);
	respond_redirect(b, 301, "http://elsewhere.dual.test/next");
	cr_assert_eq(next(b)->action, H01_FOLLOW);
	follow_to(b, "elsewhere.dual.test", V6, V4);
	request(b, "http://elsewhere.dual.test/next", AF_INET6);
	fails(b, HTTP_O_REFUSED, HTTP_PHASE_CONNECT, "connect: Connection refused");
	const struct h01_step *s = next(b);
	assert_problem(s, H01_UNREACHABLE_V, H01_REFUSED, URN "connection",
		       "R-V6-2: http://elsewhere.dual.test/next: IPv6 " V6 " port 80: Connection "
		       "refused (connect: Connection refused)");
	cr_assert_eq(s->note_count, 0);
}

Test(h01_engine, r_http_2_the_ipv4_retry_is_not_retried)
{
	struct bed *b = start(H01_FALLBACK_DIAL);
	request(b, FIRST, AF_INET6);
	fails(b, HTTP_O_REFUSED, HTTP_PHASE_CONNECT, "connect: Connection refused");
	cr_assert_eq(next(b)->action, H01_RETRY_IPV4);
	back_to_first_over_ipv4(b);
	request(b, FIRST, AF_INET);
	fails(b, HTTP_O_REFUSED, HTTP_PHASE_CONNECT, "connect: Connection refused");
	const struct h01_step *s = next(b);
	assert_problem(s, H01_UNREACHABLE_V, H01_REFUSED, URN "connection",
		       "R-V6-2: " FIRST ": IPv4 " V4 " port 80: Connection refused (connect: "
		       "Connection refused)");
}

Test(h01_engine, r_http_2_dial_needs_an_a_record_to_fall_back_to)
{
	struct bed *b = start(H01_FALLBACK_DIAL);
	set_host(&b->domain, "dual.test", V6, NULL);
	request(b, FIRST, AF_INET6);
	fails(b, HTTP_O_REFUSED, HTTP_PHASE_CONNECT, "connect: Connection refused");
	const struct h01_step *s = next(b);
	cr_assert_eq(s->action, H01_DONE);
	cr_assert_str_eq(s->rule, "R-V6-2");
	/* and a domain with no AAAA started on IPv4: nothing to fall back to */
	b = start(H01_FALLBACK_DIAL);
	set_host(&b->domain, "dual.test", NULL, V4);
	request(b, FIRST, AF_INET);
	fails(b, HTTP_O_REFUSED, HTTP_PHASE_CONNECT, "connect: Connection refused");
	cr_assert_eq(next(b)->action, H01_DONE);
}

Test(h01_engine, r_http_2_an_error_after_the_connect_is_no_dial_error)
{
	struct bed *b = start(H01_FALLBACK_DIAL);
	request(b, FIRST, AF_INET6);
	fails(b, HTTP_O_RESET, HTTP_PHASE_REQUEST, "write: Connection reset by peer");
	const struct h01_step *s = next(b);
	cr_assert_eq(s->action, H01_DONE);
	cr_assert_eq(s->verdict, H01_UNREACHABLE_V);
	/* nor is a TLS failure on a hop */
	b = start(H01_FALLBACK_DIAL);
	request(b, FIRST, AF_INET6);
	respond_redirect(b, 301, "https://dual.test/.well-known/acme-challenge/tok");
	next(b);
	follow_to(b, "dual.test", V6, V4);
	request(b, "https://dual.test/.well-known/acme-challenge/tok", AF_INET6);
	fails(b, HTTP_O_TLS, HTTP_PHASE_TLS, "TLS handshake: wrong version number");
	s = next(b);
	cr_assert_eq(s->action, H01_DONE);
	cr_assert_str_eq(s->problem_type, URN "tls");
}

Test(h01_engine, r_http_2_a_hop_over_ipv4_restarts_too)
{
	/* Boulder decides on the first target's next address, whatever
	 * family the failing hop used */
	struct bed *b = start(H01_FALLBACK_DIAL);
	request(b, FIRST, AF_INET6);
	respond_redirect(b, 301, "http://v4only.test/next");
	next(b);
	follow_to(b, "v4only.test", NULL, V4);
	request(b, "http://v4only.test/next", AF_INET);
	fails(b, HTTP_O_TIMEOUT, HTTP_PHASE_CONNECT, "connect: no answer within 400 ms");
	const struct h01_step *s = next(b);
	assert_action(s, H01_RESTART_CHAIN_IPV4, "R-HTTP-2");
	cr_assert_not(s->redirect_v6_failed);
}

/* ===================================================================== */
/* R-HTTP-3: which redirects are followed                                */
/* ===================================================================== */

/* The first request over IPv6 redirects with `status` to `location`. */
static const struct h01_step *redirect(enum h01_fallback rule, int status, const char *location)
{
	struct bed *b = start(rule);
	request(b, FIRST, AF_INET6);
	respond_redirect(b, status, location);
	return next(b);
}

static void assert_follows(const struct h01_step *s, const char *want)
{
	assert_action(s, H01_FOLLOW, "R-HTTP-3");
	char text[URL_TEXT_MAX];
	cr_assert_neq(url_format(&s->next, text, sizeof text), 0);
	cr_assert_str_eq(text, want);
	cr_assert_null(s->problem_type);
}

Test(h01_engine, r_http_3_301_302_307_308_are_followed)
{
	static const int statuses[] = {301, 302, 307, 308};
	for (size_t i = 0; i < 4; i++) {
		const struct h01_step *s =
			redirect(H01_FALLBACK_TIMEOUT, statuses[i], "https://www.example.com/a?b=c");
		assert_follows(s, "https://www.example.com/a?b=c");
		cr_assert_eq(s->redirects, 1);
		cr_assert_eq(s->outcome, H01_OK);
		cr_assert_not(s->special_tld);
		char want[256];
		snprintf(want, sizeof want,
			 "HTTP %d, Location: https://www.example.com/a?b=c -> "
			 "https://www.example.com/a?b=c",
			 statuses[i]);
		cr_assert_eq(s->note_count, 1);
		assert_note(s, 0, "R-HTTP-3", want);
	}
}

Test(h01_engine, r_http_3_303_is_refused)
{
	const struct h01_step *s = redirect(H01_FALLBACK_TIMEOUT, 303, "/elsewhere");
	assert_problem(s, H01_INVALID, H01_BAD_REDIRECT, URN "connection",
		       "R-HTTP-3: received disallowed redirect status code 303 from " FIRST
		       " (only 301, 302, 307 and 308 are followed)");
	cr_assert_str_eq(s->rule, "R-HTTP-3");
	cr_assert_eq(s->redirects, 1); /* Boulder counts it before refusing it */
}

Test(h01_engine, r_http_3_other_3xx_statuses_are_the_answer)
{
	/* 300 and 304 do not redirect: the response is the final answer */
	const struct h01_step *s = redirect(H01_FALLBACK_TIMEOUT, 300, "/elsewhere");
	assert_problem(s, H01_INVALID, H01_HTTP_ERROR, URN "unauthorized",
		       "R-HTTP-4: Invalid response from " FIRST ": 300");
	cr_assert_eq(s->redirects, 0);
}

Test(h01_engine, r_http_3_a_redirect_status_without_location_is_the_answer)
{
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	request(b, FIRST, AF_INET6);
	responds(b, "HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n", false);
	const struct h01_step *s = next(b);
	assert_problem(s, H01_INVALID, H01_HTTP_ERROR, URN "unauthorized",
		       "R-HTTP-4: Invalid response from " FIRST ": 302");
}

Test(h01_engine, r_http_3_a_relative_location_resolves_against_the_url)
{
	assert_follows(redirect(H01_FALLBACK_TIMEOUT, 301, "../other?x"),
		       "http://dual.test/.well-known/other?x");
	assert_follows(redirect(H01_FALLBACK_TIMEOUT, 301, "//www.dual.test/p"),
		       "http://www.dual.test/p");
}

Test(h01_engine, r_http_3_only_http_and_https)
{
	const struct h01_step *s = redirect(H01_FALLBACK_TIMEOUT, 302, "ftp://dual.test/tok");
	assert_problem(s, H01_INVALID, H01_BAD_REDIRECT, URN "connection",
		       "R-HTTP-3: " FIRST " redirected to \"ftp://dual.test/tok\": invalid protocol "
		       "scheme in redirect target; only \"http\" and \"https\" are supported, not "
		       "\"ftp\"");
	assert_note(s, 0, "R-HTTP-3", "HTTP 302, Location: ftp://dual.test/tok -> ftp://dual.test/tok");
}

Test(h01_engine, r_http_3_only_the_http_and_https_ports)
{
	const struct h01_step *s =
		redirect(H01_FALLBACK_TIMEOUT, 301, "https://dual.test:8443/x");
	assert_problem(s, H01_INVALID, H01_BAD_REDIRECT, URN "connection",
		       "R-HTTP-3: invalid port in redirect target https://dual.test:8443/x: only "
		       "ports 80 and 443 are supported, not 8443");
	assert_follows(redirect(H01_FALLBACK_TIMEOUT, 301, "https://dual.test:443/x"),
		       "https://dual.test:443/x");
	assert_follows(redirect(H01_FALLBACK_TIMEOUT, 301, "https://dual.test:80/x"),
		       "https://dual.test:80/x");
	/* --http-port and --https-port move the two ports */
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	b->p.http_port = 8080;
	b->p.https_port = 8443;
	request(b, FIRST, AF_INET6);
	respond_redirect(b, 301, "https://dual.test:8443/x");
	assert_follows(next(b), "https://dual.test:8443/x");
	b = start(H01_FALLBACK_TIMEOUT);
	b->p.http_port = 8080;
	b->p.https_port = 8443;
	request(b, FIRST, AF_INET6);
	respond_redirect(b, 301, "https://dual.test:443/x");
	assert_problem(next(b), H01_INVALID, H01_BAD_REDIRECT, URN "connection",
		       "R-HTTP-3: invalid port in redirect target https://dual.test:443/x: only "
		       "ports 8080 and 8443 are supported, not 443");
}

Test(h01_engine, r_http_3_a_url_already_requested_is_a_loop)
{
	const struct h01_step *s = redirect(H01_FALLBACK_TIMEOUT, 301, FIRST);
	assert_problem(s, H01_INVALID, H01_BAD_REDIRECT, URN "connection",
		       "R-HTTP-3: redirect loop detected: " FIRST " was already requested");
	/* two hops: a -> b -> a */
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	request(b, FIRST, AF_INET6);
	respond_redirect(b, 302, "http://dual.test/b");
	next(b);
	follow_to(b, "dual.test", V6, V4);
	request(b, "http://dual.test/b", AF_INET6);
	respond_redirect(b, 302, "/.well-known/acme-challenge/tok");
	assert_problem(next(b), H01_INVALID, H01_BAD_REDIRECT, URN "connection",
		       "R-HTTP-3: redirect loop detected: " FIRST " was already requested");
	/* the same path on another scheme is another URL */
	assert_follows(redirect(H01_FALLBACK_TIMEOUT, 301,
				"https://dual.test/.well-known/acme-challenge/tok"),
		       "https://dual.test/.well-known/acme-challenge/tok");
}

Test(h01_engine, r_http_3_eleven_redirects_are_followed_the_twelfth_refused)
{
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	b->p.redirects = 10;
	request(b, FIRST, AF_INET6);
	respond_redirect(b, 302, "/r11");
	const struct h01_step *s = next(b);
	assert_follows(s, "http://dual.test/r11");
	cr_assert_eq(s->redirects, 11);
	b = start(H01_FALLBACK_TIMEOUT);
	b->p.redirects = 11;
	request(b, FIRST, AF_INET6);
	respond_redirect(b, 302, "/r12");
	s = next(b);
	assert_problem(s, H01_INVALID, H01_BAD_REDIRECT, URN "connection",
		       "R-HTTP-3: Too many redirects: http://dual.test/r12 would be redirect number "
		       "12; Let's Encrypt follows at most 11");
	cr_assert_eq(s->redirects, 11);
}

Test(h01_engine, r_http_3_a_whole_chain_of_eleven)
{
	/* the same through the steps: 11 hops followed, the 12th refused */
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	char url[64] = FIRST, loc[32];
	for (int i = 1; i <= 12; i++) {
		request(b, url, AF_INET6);
		snprintf(loc, sizeof loc, "/hop%d", i);
		respond_redirect(b, 301, loc);
		const struct h01_step *s = next(b);
		if (i == 12) {
			cr_assert_eq(s->action, H01_DONE);
			cr_assert_eq(s->outcome, H01_BAD_REDIRECT);
			cr_assert_str_eq(s->problem_detail,
					 "R-HTTP-3: Too many redirects: http://dual.test/hop12 would "
					 "be redirect number 12; Let's Encrypt follows at most 11");
			break;
		}
		cr_assert_eq(s->action, H01_FOLLOW, "hop %d", i);
		cr_assert_eq(s->redirects, (unsigned)i);
		follow_to(b, "dual.test", V6, V4);
		snprintf(url, sizeof url, "http://dual.test/hop%d", i);
	}
	cr_assert_eq(b->p.attempt_count, 12);
}

Test(h01_engine, r_http_3_a_path_of_2000_octets_at_most)
{
	static char loc[2100];
	loc[0] = '/';
	memset(loc + 1, 'a', 1999); /* a path of 2000 octets */
	loc[2000] = '\0';
	const struct h01_step *s = redirect(H01_FALLBACK_TIMEOUT, 301, loc);
	cr_assert_eq(s->action, H01_FOLLOW, "%s", s->problem_detail);
	cr_assert_eq(strlen(s->next.path), 2000);
	loc[2000] = 'a';
	loc[2001] = '\0';
	s = redirect(H01_FALLBACK_TIMEOUT, 301, loc);
	assert_problem(s, H01_INVALID, H01_BAD_REDIRECT, URN "connection",
		       "R-HTTP-3: redirect target too long: a path of 2001 octets (at most 2000)");
	/* measured decoded, as Go's URL.Path: "/" and 700 "%41" are 2101
	 * octets written and 701 decoded */
	static char enc[4000];
	strcpy(enc, "/");
	for (int i = 0; i < 700; i++)
		strcat(enc, "%41");
	s = redirect(H01_FALLBACK_TIMEOUT, 301, enc);
	cr_assert_eq(s->action, H01_FOLLOW, "%s", s->problem_detail);
}

Test(h01_engine, r_http_3_an_ip_literal_target_is_followed_without_a_lookup)
{
	const struct h01_step *s = redirect(H01_FALLBACK_TIMEOUT, 302, "http://192.0.2.7/x");
	assert_follows(s, "http://192.0.2.7/x");
	struct h01_lookup lk;
	cr_assert_not(h01_lookup_begin(&lk, &s->next)); /* no DNS */
	cr_assert(lk.has4);
	cr_assert_not(lk.has6);
	char a[INET6_ADDRSTRLEN];
	cr_assert_str_eq(inet_ntop(AF_INET, lk.v4, a, sizeof a), "192.0.2.7");
	s = redirect(H01_FALLBACK_TIMEOUT, 302, "https://[2001:db8::7]/x");
	assert_follows(s, "https://[2001:db8::7]/x");
	cr_assert_not(h01_lookup_begin(&lk, &s->next));
	cr_assert(lk.has6);
	cr_assert_not(lk.has4);
	struct h01_note why;
	cr_assert_eq(h01_family(&lk, 1, &why), AF_INET6);
	cr_assert_null(why.rule);
	/* a name needs its lookups */
	s = redirect(H01_FALLBACK_TIMEOUT, 302, "https://www.dual.test/x");
	cr_assert(h01_lookup_begin(&lk, &s->next));
	cr_assert_str_eq(lk.host, "www.dual.test");
	cr_assert_not(lk.has4 || lk.has6);
}

Test(h01_engine, r_http_3_a_location_that_is_no_url_is_refused)
{
	const struct h01_step *s = redirect(H01_FALLBACK_TIMEOUT, 301, "http://exa mple.test/");
	assert_problem(s, H01_INVALID, H01_BAD_REDIRECT, URN "connection",
		       "R-HTTP-3: " FIRST " redirected to \"http://exa mple.test/\", which is not a "
		       "valid URL: invalid host");
	cr_assert_eq(s->note_count, 0);
	cr_assert_eq(s->redirects, 0);
}

Test(h01_engine, r_http_3_a_missing_slash_before_well_known_is_named)
{
	const struct h01_step *s = redirect(H01_FALLBACK_TIMEOUT, 301,
					    "https://dual.test.well-known/acme-challenge/tok");
	assert_problem(s, H01_INVALID, H01_BAD_REDIRECT, URN "connection",
		       "R-HTTP-3: invalid host in redirect target \"dual.test.well-known\": check "
		       "the web server configuration for a missing '/' in the redirect target");
}

Test(h01_engine, r_http_3_a_special_use_tld_is_noted_and_followed)
{
	const struct h01_step *s = redirect(H01_FALLBACK_TIMEOUT, 301, "http://lab.example/x");
	assert_follows(s, "http://lab.example/x");
	cr_assert(s->special_tld);
	cr_assert_eq(s->note_count, 2);
	assert_note(s, 1, "R-HTTP-3",
		    "lab.example is under a special-use TLD: Let's Encrypt would refuse this "
		    "redirect target (it must end in an IANA TLD); acmeprobe follows it");
	cr_assert_not(redirect(H01_FALLBACK_TIMEOUT, 301, "http://example.com/x")->special_tld);
	cr_assert(redirect(H01_FALLBACK_TIMEOUT, 301, "http://a.home.arpa./x")->special_tld);
	cr_assert_not(redirect(H01_FALLBACK_TIMEOUT, 301, "http://192.0.2.1/x")->special_tld);
}

Test(h01_engine, r_http_3_h01_redirect_check_alone)
{
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	request(b, FIRST, AF_INET6);
	respond_redirect(b, 307, "https://www.dual.test/");
	h01_attempt_result((struct h01_attempt *)b->o.attempt, &b->hr, 400);
	struct h01_step *s = &b->s;
	memset(s, 0, sizeof *s);
	s->redirects = b->p.redirects;
	cr_assert(h01_redirect_check(&b->p, &b->o, s));
	assert_follows(s, "https://www.dual.test/");
	cr_assert_eq(s->redirects, 1);
	memset(s, 0, sizeof *s);
	b->p.redirects = H01_MAX_REDIRECTS;
	cr_assert_not(h01_redirect_check(&b->p, &b->o, s));
	cr_assert_eq(s->action, H01_DONE);
	cr_assert_eq(s->outcome, H01_BAD_REDIRECT);
}

/* ===================================================================== */
/* R-HTTP-1: one address of each family                                  */
/* ===================================================================== */

/* A response for `name`/`type` with the given addresses (text), parsed,
 * as the resolver hands it to lookup_done. */
struct answer {
	struct dns_question q;
	struct dns_msg m;
	struct dns_rr rr[16];
	struct dns_chain chain;
	struct dns_result r;
	struct mb b;
};
static struct answer ans;

static const struct dns_result *answer(const char *name, uint16_t type, const char *const *addrs,
				       size_t n)
{
	struct answer *x = &ans;
	mb_release(&x->b);
	memset(x, 0, sizeof *x);
	size_t len;
	assert_err(dns_name_from_text(name, strlen(name), x->q.name, &len), DNS_OK);
	x->q.type = type;
	mb_response(&x->b, name, type, (unsigned)n, 0, 0);
	for (size_t i = 0; i < n; i++) {
		uint8_t ip[16];
		int fam = type == DNS_T_AAAA ? AF_INET6 : AF_INET;
		cr_assert_eq(inet_pton(fam, addrs[i], ip), 1);
		mb_ptr(&x->b, 12);
		mb_rr(&x->b, type, DNS_C_IN, 300, fam == AF_INET6 ? 16 : 4);
		mb_raw(&x->b, ip, fam == AF_INET6 ? 16 : 4);
	}
	assert_err(mb_parse(&x->b, &x->m, x->rr, 16), DNS_OK);
	dns_chain_start(&x->chain, x->q.name);
	size_t final;
	cr_assert_eq(dns_chain_follow(&x->chain, &x->m, type, &final), DNS_CHAIN_DONE);
	x->r = (struct dns_result){.question = &x->q, .error = DNS_EC_NONE, .answered = true,
				   .final_count = final, .msg = &x->m, .chain = &x->chain};
	return &x->r;
}

static const struct dns_result *failure(const char *name, uint16_t type, enum dns_errclass e,
					const char *detail)
{
	struct answer *x = &ans;
	mb_release(&x->b);
	memset(x, 0, sizeof *x);
	size_t len;
	assert_err(dns_name_from_text(name, strlen(name), x->q.name, &len), DNS_OK);
	x->q.type = type;
	x->r = (struct dns_result){.question = &x->q, .error = e, .detail = detail};
	return &x->r;
}

static void name_lookup(struct h01_lookup *lk, const char *name)
{
	static struct url u;
	char text[300];
	snprintf(text, sizeof text, "http://%s/", name);
	cr_assert_eq(url_parse(&u, text, strlen(text)), URL_OK);
	cr_assert(h01_lookup_begin(lk, &u));
}

Test(h01_engine, r_http_1_the_first_address_of_each_family)
{
	struct h01_lookup lk;
	name_lookup(&lk, "many.test");
	const char *six[] = {"2001:db8::3", "2001:db8::1", "2001:db8::2"};
	const char *four[] = {"192.0.2.9", "192.0.2.1"};
	h01_lookup_add(&lk, answer("many.test", DNS_T_AAAA, six, 3));
	h01_lookup_add(&lk, answer("many.test", DNS_T_A, four, 2));
	char a[INET6_ADDRSTRLEN];
	cr_assert(lk.has6 && lk.has4);
	cr_assert_eq(lk.count6, 3);
	cr_assert_eq(lk.count4, 2);
	/* the resolver's order, not sorted */
	cr_assert_str_eq(inet_ntop(AF_INET6, lk.v6, a, sizeof a), "2001:db8::3");
	cr_assert_str_eq(inet_ntop(AF_INET, lk.v4, a, sizeof a), "192.0.2.9");
	cr_assert_str_eq(lk.error6, "");
	cr_assert_str_eq(lk.error4, "");
	static struct h01_step s;
	cr_assert(h01_lookup_usable(&lk, &s));
}

Test(h01_engine, r_http_1_one_lookup_failing_the_other_is_used)
{
	struct h01_lookup lk;
	name_lookup(&lk, "half.test");
	const char *four[] = {"192.0.2.9"};
	h01_lookup_add(&lk, failure("half.test", DNS_T_AAAA, DNS_EC_SERVFAIL, "every server failed"));
	h01_lookup_add(&lk, answer("half.test", DNS_T_A, four, 1));
	cr_assert_str_eq(lk.error6, "servfail looking up AAAA for half.test: every server failed");
	cr_assert_not(lk.has6);
	static struct h01_step s;
	cr_assert(h01_lookup_usable(&lk, &s));
	struct h01_note why;
	cr_assert_eq(h01_family(&lk, 0, &why), AF_INET);
	/* and the other way round */
	name_lookup(&lk, "half.test");
	const char *six[] = {"2001:db8::5"};
	h01_lookup_add(&lk, answer("half.test", DNS_T_AAAA, six, 1));
	h01_lookup_add(&lk, failure("half.test", DNS_T_A, DNS_EC_TIMEOUT, NULL));
	cr_assert_str_eq(lk.error4, "timeout looking up A for half.test");
	cr_assert(h01_lookup_usable(&lk, &s));
	cr_assert_eq(h01_family(&lk, 0, &why), AF_INET6);
}

Test(h01_engine, r_http_1_both_lookups_failing_is_a_dns_problem)
{
	struct h01_lookup lk;
	name_lookup(&lk, "gone.test");
	h01_lookup_add(&lk, failure("gone.test", DNS_T_AAAA, DNS_EC_NXDOMAIN, NULL));
	h01_lookup_add(&lk, failure("gone.test", DNS_T_A, DNS_EC_NXDOMAIN, NULL));
	static struct h01_step s;
	cr_assert_not(h01_lookup_usable(&lk, &s));
	assert_problem(&s, H01_UNREACHABLE_V, H01_OK, URN "dns",
		       "R-HTTP-1: DNS problem: NXDOMAIN looking up AAAA for gone.test; NXDOMAIN "
		       "looking up A for gone.test");
	cr_assert_str_eq(s.rule, "R-HTTP-1");
	/* one failed, the other empty: the error */
	name_lookup(&lk, "gone.test");
	h01_lookup_add(&lk, answer("gone.test", DNS_T_AAAA, NULL, 0));
	h01_lookup_add(&lk, failure("gone.test", DNS_T_A, DNS_EC_REFUSED, NULL));
	cr_assert_not(h01_lookup_usable(&lk, &s));
	cr_assert_str_eq(s.problem_detail,
			 "R-HTTP-1: DNS problem: refused looking up A for gone.test");
}

Test(h01_engine, r_http_1_no_address_at_all)
{
	struct h01_lookup lk;
	name_lookup(&lk, "empty.test");
	h01_lookup_add(&lk, answer("empty.test", DNS_T_AAAA, NULL, 0));
	h01_lookup_add(&lk, answer("empty.test", DNS_T_A, NULL, 0));
	static struct h01_step s;
	cr_assert_not(h01_lookup_usable(&lk, &s));
	assert_problem(&s, H01_UNREACHABLE_V, H01_OK, URN "dns",
		       "R-HTTP-1: DNS problem: no valid IP addresses found for empty.test (no AAAA, "
		       "no A)");
}

/* ===================================================================== */
/* R-HTTP-4: the answer that validates                                   */
/* ===================================================================== */

static const struct h01_step *answer_200(const char *ka, const char *raw, bool closed)
{
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	b->p.key_authorization = ka;
	request(b, FIRST, AF_INET6);
	responds(b, raw, closed);
	return next(b);
}

Test(h01_engine, r_http_4_status_200_only)
{
	static const int statuses[] = {201, 204, 206, 403, 500};
	for (size_t i = 0; i < 5; i++) {
		char raw[128], want[256];
		snprintf(raw, sizeof raw, "HTTP/1.1 %d X\r\nContent-Length: 0\r\n\r\n", statuses[i]);
		snprintf(want, sizeof want, "R-HTTP-4: Invalid response from " FIRST ": %d",
			 statuses[i]);
		const struct h01_step *s = answer_200(KA, raw, false);
		assert_problem(s, H01_INVALID, H01_HTTP_ERROR, URN "unauthorized", want);
	}
}

Test(h01_engine, r_http_4_the_body_must_be_under_128_octets)
{
	static char raw[512], body[200];
	memset(body, 'k', 127);
	body[127] = '\0';
	snprintf(raw, sizeof raw, "HTTP/1.1 200 OK\r\nContent-Length: 127\r\n\r\n%s", body);
	const struct h01_step *s = answer_200(NULL, raw, false);
	cr_assert_eq(s->action, H01_DONE);
	cr_assert_eq(s->verdict, H01_SERVED);
	cr_assert_eq(s->body_len, 127);
	body[127] = 'k';
	body[128] = '\0';
	snprintf(raw, sizeof raw, "HTTP/1.1 200 OK\r\nContent-Length: 128\r\n\r\n%s", body);
	s = answer_200(NULL, raw, false);
	assert_problem(s, H01_INVALID, H01_TOO_LARGE, URN "unauthorized",
		       "R-HTTP-4: Invalid response from " FIRST ": the body has 128 octets; Let's "
		       "Encrypt reads at most 127 and refuses a body of 128 or more");
	cr_assert_not(s->has_body);
	/* the client stops reading at the limit: "at least" */
	snprintf(raw, sizeof raw, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n%s", body);
	s = answer_200(NULL, raw, false);
	assert_problem(s, H01_INVALID, H01_TOO_LARGE, URN "unauthorized",
		       "R-HTTP-4: Invalid response from " FIRST ": the body has at least 128 octets; "
		       "Let's Encrypt reads at most 127 and refuses a body of 128 or more");
}

Test(h01_engine, r_http_4_trailing_white_space_is_trimmed)
{
	const struct h01_step *s =
		answer_200(KA, "HTTP/1.1 200 OK\r\nContent-Length: 19\r\n\r\n" KA "\r\n \t\n", false);
	assert_action(s, H01_DONE, "R-HTTP-4");
	cr_assert_eq(s->verdict, H01_VALID);
	cr_assert_eq(s->note_count, 2);
	assert_note(s, 0, "R-HTTP-4", "HTTP 200, 19-octet body, 14 after trailing white space is removed");
	assert_note(s, 1, "R-HTTP-4", "the body is the key authorization: valid");
	/* U+00A0 is white space to Go */
	s = answer_200(KA, "HTTP/1.1 200 OK\r\nContent-Length: 16\r\n\r\n" KA "\xc2\xa0", false);
	cr_assert_eq(s->verdict, H01_VALID);
	/* leading white space is not trimmed */
	s = answer_200(KA, "HTTP/1.1 200 OK\r\nContent-Length: 15\r\n\r\n " KA, false);
	cr_assert_eq(s->verdict, H01_INVALID);
}

Test(h01_engine, r_http_4_the_key_authorization_exactly)
{
	static const char *const wrong[] = {"tok.thumbprinT", "tok.thumbprint.", "tok.thumbprin",
					    "TOK.THUMBPRINT"};
	for (size_t i = 0; i < 4; i++) {
		char raw[256], want[512];
		snprintf(raw, sizeof raw, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n%s",
			 strlen(wrong[i]), wrong[i]);
		snprintf(want, sizeof want,
			 "R-HTTP-4: The key authorization file from the server did not match this "
			 "challenge: expected \"" KA "\" (got \"%s\") from IPv6 " V6,
			 wrong[i]);
		const struct h01_step *s = answer_200(KA, raw, false);
		assert_problem(s, H01_INVALID, H01_OK, URN "unauthorized", want);
		assert_note(s, 1, "R-HTTP-4", "the body is not the key authorization: invalid");
	}
}

Test(h01_engine, r_http_4_without_a_key_authorization_the_body_is_reported)
{
	const struct h01_step *s =
		answer_200(NULL, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", false);
	assert_action(s, H01_DONE, "R-HTTP-4");
	cr_assert_eq(s->verdict, H01_SERVED);
	cr_assert_null(s->problem_type);
	cr_assert(s->has_body);
	cr_assert_eq(s->body_len, 5);
	cr_assert_eq(memcmp(s->body, "hello", 5), 0);
	cr_assert_eq(s->note_count, 1);
}

Test(h01_engine, r_http_4_a_body_cut_short_is_an_error)
{
	const struct h01_step *s =
		answer_200(KA, "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\ntok.", true);
	assert_problem(s, H01_INVALID, H01_HTTP_ERROR, URN "unauthorized",
		       "R-HTTP-4: Error reading HTTP response body from " FIRST
		       ": the connection closed in the middle of the response");
}

Test(h01_engine, r_http_4_a_close_delimited_body_is_read_to_the_end)
{
	const struct h01_step *s = answer_200(KA, "HTTP/1.0 200 OK\r\n\r\n" KA "\n", true);
	cr_assert_eq(s->verdict, H01_VALID);
}

/* ===================================================================== */
/* R-HTTP-5, R-HTTP-6: what one request got                              */
/* ===================================================================== */

Test(h01_engine, r_http_5_plain_http_on_the_tls_port_is_malformed)
{
	struct bed *b = start(H01_FALLBACK_TIMEOUT);
	request(b, "https://dual.test/x", AF_INET6);
	fails(b, HTTP_O_TLS, HTTP_PHASE_TLS, "TLS handshake: wrong version number");
	b->hr.not_tls = true;
	const struct h01_step *s = next(b);
	assert_problem(s, H01_UNREACHABLE_V, H01_TLS_ERROR, URN "malformed",
		       "R-HTTP-5: https://dual.test/x: IPv6 " V6 " port 443: Server only speaks "
		       "HTTP, not TLS (TLS handshake: wrong version number)");
}

Test(h01_engine, r_http_6_two_kinds_of_timeout)
{
	static struct h01_attempt a;
	static struct http_result hr;
	memset(&hr, 0, sizeof hr);
	hr.outcome = HTTP_O_TIMEOUT;
	hr.phase = HTTP_PHASE_CONNECT;
	hr.elapsed_ms = 401;
	h01_attempt_result(&a, &hr, 400);
	cr_assert_eq(a.outcome, H01_TIMEOUT);
	cr_assert_eq(a.phase, HTTP_PHASE_CONNECT);
	cr_assert_eq(a.elapsed_ms, 401);
	cr_assert_eq(a.http_status, 0);
	cr_assert_str_eq(a.detail,
			 "Timeout during connect (likely firewall problem): no answer within 400 ms");
	hr.phase = HTTP_PHASE_TLS;
	h01_attempt_result(&a, &hr, 400);
	cr_assert_str_eq(a.detail, "Timeout after connect (your server may be slow or overloaded), "
				   "during tls");
	hr.outcome = HTTP_O_REFUSED;
	hr.phase = HTTP_PHASE_CONNECT;
	snprintf(hr.detail, sizeof hr.detail, "connect: Connection refused");
	h01_attempt_result(&a, &hr, 400);
	cr_assert_eq(a.outcome, H01_REFUSED);
	cr_assert_str_eq(a.detail, "connect: Connection refused");
	hr.outcome = HTTP_O_OTHER;
	h01_attempt_result(&a, &hr, 400);
	cr_assert_eq(a.outcome, H01_UNREACHABLE);
}

/* ===================================================================== */
/* R-IP-4: an IP address identifier is dialled as it is                  */
/* ===================================================================== */

/* A validation of the IP address identifier `addr`: its first URL into
 * first[cap], and its "lookup", which makes no query. */
static struct bed *start_ip(enum h01_fallback rule, const char *addr, char *first, size_t cap)
{
	struct bed *b = start(rule);
	static struct url u;
	cr_assert_eq(h01_challenge_url(addr, "tok", &u, first, cap), URL_OK, "%s", addr);
	cr_assert_not(h01_lookup_begin(&b->domain, &u), "%s: no DNS", addr);
	return b;
}

Test(h01_engine, r_ip_4_the_url_and_host_header_of_an_address)
{
	static const struct {
		const char *addr, *url, *host;
		int family;
	} cases[] = {
		{"192.0.2.1", "http://192.0.2.1/.well-known/acme-challenge/tok", "192.0.2.1", AF_INET},
		{"2001:db8::1", "http://[2001:db8::1]/.well-known/acme-challenge/tok", "[2001:db8::1]",
		 AF_INET6},
		/* Boulder brackets whatever is not Is4(): an IPv4-mapped
		 * address too */
		{"::ffff:192.0.2.1", "http://[::ffff:192.0.2.1]/.well-known/acme-challenge/tok",
		 "[::ffff:192.0.2.1]", AF_INET6},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		static struct url u;
		char text[URL_TEXT_MAX], host[URL_HOST_MAX + 16], target[64];
		cr_assert_eq(h01_challenge_url(cases[i].addr, "tok", &u, text, sizeof text), URL_OK);
		cr_assert_str_eq(text, cases[i].url);
		cr_assert_eq(u.ip_family, cases[i].family, "%s", cases[i].addr);
		cr_assert_not(u.has_port); /* the HTTP port, never in the URL */
		cr_assert_neq(url_host_header(&u, host, sizeof host), 0);
		cr_assert_str_eq(host, cases[i].host);
		cr_assert_neq(url_request_target(&u, target, sizeof target), 0);
		cr_assert_str_eq(target, "/.well-known/acme-challenge/tok");
	}
}

Test(h01_engine, r_ip_4_no_lookup_the_address_alone)
{
	char first[URL_TEXT_MAX], a[INET6_ADDRSTRLEN];
	struct h01_note why;
	static struct h01_step st;
	struct bed *b = start_ip(H01_FALLBACK_TIMEOUT, "2001:db8::1", first, sizeof first);
	const struct h01_lookup *lk = &b->domain;
	cr_assert(lk->literal);
	cr_assert(lk->has6);
	cr_assert_not(lk->has4);
	cr_assert_eq(lk->count6, 1);
	cr_assert_eq(lk->count4, 0);
	cr_assert_str_eq(inet_ntop(AF_INET6, lk->v6, a, sizeof a), "2001:db8::1");
	cr_assert_str_eq(lk->error6, "");
	cr_assert_str_eq(lk->error4, "");
	cr_assert(h01_lookup_usable(lk, &st));
	cr_assert_eq(h01_family(lk, 0, &why), AF_INET6);
	cr_assert_str_eq(why.rule, "R-IP-4");
	cr_assert_str_eq(why.text, "2001:db8::1 is an IP address identifier: no DNS lookup, the "
				   "request goes to that address over IPv6, with no other address "
				   "to fall back to");
	b = start_ip(H01_FALLBACK_TIMEOUT, "192.0.2.1", first, sizeof first);
	cr_assert(b->domain.literal && b->domain.has4 && !b->domain.has6);
	cr_assert_eq(h01_family(&b->domain, 0, &why), AF_INET);
	cr_assert_str_eq(why.rule, "R-IP-4");
	cr_assert_str_eq(why.text, "192.0.2.1 is an IP address identifier: no DNS lookup, the "
				   "request goes to that address over IPv4, with no other address "
				   "to fall back to");
	/* a name is no literal */
	struct h01_lookup named;
	set_host(&named, "dual.test", V6, V4);
	cr_assert_not(named.literal);
}

Test(h01_engine, r_ip_4_the_address_answers)
{
	char first[URL_TEXT_MAX];
	struct bed *b = start_ip(H01_FALLBACK_TIMEOUT, "2001:db8::1", first, sizeof first);
	request(b, first, AF_INET6);
	respond_200(b, KA);
	const struct h01_step *s = next(b);
	assert_action(s, H01_DONE, "R-HTTP-4");
	cr_assert_eq(s->verdict, H01_VALID);
	/* the wrong body: invalid, and no talk of an A record never tried */
	b = start_ip(H01_FALLBACK_TIMEOUT, "2001:db8::1", first, sizeof first);
	request(b, first, AF_INET6);
	respond_200(b, "other");
	s = next(b);
	cr_assert_eq(s->verdict, H01_INVALID);
	cr_assert_not(s->v6_answered_wrong);
}

Test(h01_engine, r_ip_4_a_connect_error_is_final_under_both_rules)
{
	static const enum h01_fallback rules[] = {H01_FALLBACK_TIMEOUT, H01_FALLBACK_DIAL};
	for (size_t i = 0; i < 2; i++) {
		char first[URL_TEXT_MAX];
		struct bed *b = start_ip(rules[i], "2001:db8::1", first, sizeof first);
		request(b, first, AF_INET6);
		fails(b, HTTP_O_REFUSED, HTTP_PHASE_CONNECT, "connect: Connection refused");
		const struct h01_step *s = next(b);
		assert_problem(s, H01_UNREACHABLE_V, H01_REFUSED, URN "connection",
			       "R-IP-4: http://[2001:db8::1]/.well-known/acme-challenge/tok: IPv6 "
			       "2001:db8::1 port 80: Connection refused (connect: Connection refused)");
		cr_assert_str_eq(s->rule, "R-IP-4");
		cr_assert_eq(s->note_count, 1);
		assert_note(s, 0, "R-IP-4",
			    "2001:db8::1 is an IP address identifier, its only address: no other "
			    "address to retry");
		cr_assert_not(s->v6_refused_no_retry); /* no A record to miss */
		/* a connect timeout: no retry either; R-HTTP-6 names it */
		b = start_ip(rules[i], "192.0.2.1", first, sizeof first);
		request(b, first, AF_INET);
		fails(b, HTTP_O_TIMEOUT, HTTP_PHASE_CONNECT, "connect: no answer within 400 ms");
		s = next(b);
		assert_problem(s, H01_UNREACHABLE_V, H01_TIMEOUT, URN "connection",
			       "R-HTTP-6: http://192.0.2.1/.well-known/acme-challenge/tok: IPv4 "
			       "192.0.2.1 port 80: Timeout during connect (likely firewall problem): "
			       "no answer within 400 ms");
		assert_note(s, 0, "R-IP-4",
			    "192.0.2.1 is an IP address identifier, its only address: no other "
			    "address to retry");
	}
}

Test(h01_engine, r_ip_4_a_redirect_to_a_name_is_followed_and_never_restarts_the_chain)
{
	/* R-HTTP-3: the redirect resolves its name as for any identifier;
	 * under `dial` its connect error would restart a name's chain
	 * (R-HTTP-2), but an IP address identifier has no next address */
	char first[URL_TEXT_MAX];
	struct bed *b = start_ip(H01_FALLBACK_DIAL, "192.0.2.1", first, sizeof first);
	request(b, first, AF_INET);
	respond_redirect(b, 302, "http://www.dual.test/next");
	const struct h01_step *s = next(b);
	assert_follows(s, "http://www.dual.test/next");
	struct h01_lookup lk;
	cr_assert(h01_lookup_begin(&lk, &s->next)); /* a name: its lookups */
	cr_assert_not(lk.literal);
	follow_to(b, "www.dual.test", V6, V4);
	struct h01_note why;
	cr_assert_eq(h01_family(&b->hop, 1, &why), AF_INET6);
	cr_assert_str_eq(why.rule, "R-V6-3");
	request(b, "http://www.dual.test/next", AF_INET6);
	fails(b, HTTP_O_REFUSED, HTTP_PHASE_CONNECT, "connect: Connection refused");
	s = next(b);
	assert_problem(s, H01_UNREACHABLE_V, H01_REFUSED, URN "connection",
		       "R-IP-4: http://www.dual.test/next: IPv6 " V6 " port 80: Connection refused "
		       "(connect: Connection refused)");
	assert_note(s, 0, "R-IP-4",
		    "connect failed on redirect hop 1: Boulder would restart the chain from the "
		    "identifier's next address, and the IP address identifier 192.0.2.1 has none");
	cr_assert(s->redirect_v6_failed); /* R-V6-3: the hop's A was never tried */
	cr_assert_eq(s->redirects, 1);
}

/* ===================================================================== */
/* Before the first request                                              */
/* ===================================================================== */

Test(h01_engine, the_challenge_url_rfc_8555_s8_3)
{
	static struct url u;
	char text[URL_TEXT_MAX];
	cr_assert_eq(h01_challenge_url("example.com", "tok_-1", &u, text, sizeof text), URL_OK);
	cr_assert_str_eq(text, "http://example.com/.well-known/acme-challenge/tok_-1");
	cr_assert_eq(u.scheme, URL_HTTP);
	cr_assert_not(u.has_port);
	cr_assert_eq(h01_challenge_url("2001:db8::1", "t", &u, text, sizeof text), URL_OK);
	cr_assert_str_eq(text, "http://[2001:db8::1]/.well-known/acme-challenge/t");
	cr_assert_eq(u.ip_family, AF_INET6);
	cr_assert_eq(h01_challenge_url("192.0.2.1", NULL, &u, text, sizeof text), URL_OK);
	cr_assert_str_eq(text, "http://192.0.2.1/.well-known/acme-challenge/");
	cr_assert_eq(h01_challenge_url("bad..name", "t", &u, text, sizeof text), URL_E_HOST);
	cr_assert_eq(h01_challenge_url("a b", "t", &u, text, sizeof text), URL_E_HOST);
	cr_assert_eq(h01_challenge_url("example.com", "t", &u, text, 20), URL_E_TOO_LONG);
}

Test(h01_engine, config_defaults_are_lets_encrypts)
{
	struct h01_config c = h01_config_defaults();
	cr_assert_eq(c.http_port, 80);
	cr_assert_eq(c.https_port, 443);
	cr_assert_eq(c.fallback, H01_FALLBACK_TIMEOUT);
	cr_assert_eq(c.connect_timeout_ms, 10000);
	cr_assert_eq(c.response_timeout_ms, 10000);
	cr_assert_eq(c.only_family, 0);
	cr_assert_null(c.trace);
	cr_assert_null(c.domain);
	cr_assert_null(c.key_authorization);
}

Test(h01_engine, action_names)
{
	cr_assert_str_eq(h01_action_name(H01_FOLLOW), "follow");
	cr_assert_str_eq(h01_action_name(H01_RETRY_IPV4), "retry_ipv4");
	cr_assert_str_eq(h01_action_name(H01_RESTART_CHAIN_IPV4), "restart_chain_ipv4");
	cr_assert_str_eq(h01_action_name(H01_DONE), "done");
	cr_assert_str_eq(h01_family_name(AF_INET6), "IPv6");
	cr_assert_str_eq(h01_family_name(AF_INET), "IPv4");
}

/* ===================================================================== */
/* R-HTTP-4's white space and R-HTTP-7's addresses                       */
/* ===================================================================== */

static size_t trim(const char *s)
{
	return h01_trim_right_space((const uint8_t *)s, strlen(s));
}

Test(h01_engine, trim_ascii_space)
{
	cr_assert_eq(trim("abc"), 3);
	cr_assert_eq(trim("abc \t\r\n\v\f"), 3);
	cr_assert_eq(trim(" abc "), 4); /* only the right end */
	cr_assert_eq(trim(""), 0);
	cr_assert_eq(trim(" \n"), 0);
}

Test(h01_engine, trim_unicode_space)
{
	cr_assert_eq(trim("abc\xc2\xa0"), 3);           /* U+00A0 */
	cr_assert_eq(trim("abc\xc2\x85\xe2\x80\x83"), 3); /* U+0085 U+2003 */
	cr_assert_eq(trim("abc\xe3\x80\x80 "), 3);       /* U+3000 */
	cr_assert_eq(trim("abc\xe2\x80\x8b"), 6);       /* U+200B is not a space */
	cr_assert_eq(trim("abc\xa0"), 4);               /* a lone 0xA0 is not UTF-8 */
}

static bool reserved(const char *text)
{
	uint8_t ip[16];
	int family = strchr(text, ':') ? AF_INET6 : AF_INET;
	cr_assert_eq(inet_pton(family, text, ip), 1);
	const char *why;
	bool r = h01_reserved_address(family, ip, &why);
	cr_assert(r == (why != NULL));
	return r;
}

Test(h01_engine, reserved_addresses)
{
	cr_assert(reserved("127.0.0.1"));
	cr_assert(reserved("10.1.2.3"));
	cr_assert(reserved("172.31.255.255"));
	cr_assert_not(reserved("172.32.0.1"));
	cr_assert(reserved("192.168.1.1"));
	cr_assert(reserved("192.0.2.10"));
	cr_assert(reserved("198.51.100.1"));
	cr_assert(reserved("203.0.113.9"));
	cr_assert(reserved("100.64.0.1"));
	cr_assert_not(reserved("100.128.0.1"));
	cr_assert(reserved("255.255.255.255"));
	cr_assert(reserved("240.0.0.1"));
	cr_assert_not(reserved("8.8.8.8"));
	cr_assert_not(reserved("93.184.216.34"));
	cr_assert(reserved("::1"));
	cr_assert(reserved("::"));
	cr_assert(reserved("::ffff:8.8.8.8"));
	cr_assert(reserved("2001:db8::1"));
	cr_assert(reserved("fd00::1"));
	cr_assert(reserved("fe80::1"));
	cr_assert(reserved("2002::1"));
	cr_assert(reserved("3fff::1"));
	cr_assert_not(reserved("2606:4700::1111"));
	cr_assert_not(reserved("2a00:1450::1"));
}

static const char *reserved_why(const char *text)
{
	uint8_t ip[16];
	int family = strchr(text, ':') ? AF_INET6 : AF_INET;
	cr_assert_eq(inet_pton(family, text, ip), 1);
	const char *why = NULL;
	cr_assert(h01_reserved_address(family, ip, &why), "R-HTTP-7: %s", text);
	return why;
}

/* R-HTTP-7 and R-IP-2 read one table (acme/ident.c): the most specific
 * block names the address, as the registry writes it; multicast is in
 * neither registry */
Test(h01_engine, r_http_7_the_blocks_of_r_ip_2)
{
	cr_assert_str_eq(reserved_why("192.168.1.1"), "Private-Use");
	cr_assert_str_eq(reserved_why("192.0.0.9"), "Port Control Protocol Anycast");
	cr_assert_str_eq(reserved_why("192.0.0.77"), "IETF Protocol Assignments");
	cr_assert_str_eq(reserved_why("192.0.2.10"), "Documentation (TEST-NET-1)");
	cr_assert_str_eq(reserved_why("255.255.255.255"), "Limited Broadcast");
	cr_assert_str_eq(reserved_why("::1"), "Loopback Address");
	cr_assert_str_eq(reserved_why("2001:db8::1"), "Documentation");
	cr_assert_str_eq(reserved_why("2001::1"), "TEREDO");
	cr_assert_not(reserved("224.0.0.1"));
	cr_assert_not(reserved("ff02::1"));
	size_t n;
	const struct ident_reserved *t = ident_reserved_table(&n);
	/* every block of R-IP-2's registry is one LE does not connect to */
	cr_assert_eq(n, 51);
	for (size_t i = 0; i < n; i++) {
		const char *why = NULL;
		cr_assert(h01_reserved_address(t[i].family, t[i].prefix, &why), "%s", t[i].name);
		cr_assert_not_null(why);
	}
}

Test(h01_engine, outcome_names)
{
	cr_assert_str_eq(h01_outcome_name(H01_OK), "ok");
	cr_assert_str_eq(h01_outcome_name(H01_TLS_ERROR), "tls_error");
	cr_assert_str_eq(h01_outcome_name(H01_BAD_REDIRECT), "bad_redirect");
	cr_assert_str_eq(h01_outcome_name(H01_TOO_LARGE), "too_large");
}
