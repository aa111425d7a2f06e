#include "http/h01_engine.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "acme/ident.h"
#include "dns/response.h"
#include "dns/result.h"
#include "dns/types.h"

#define URN "urn:ietf:params:acme:error:"

const char *h01_outcome_name(enum h01_outcome o)
{
	switch (o) {
	case H01_OK: return "ok";
	case H01_TIMEOUT: return "timeout";
	case H01_REFUSED: return "refused";
	case H01_UNREACHABLE: return "unreachable";
	case H01_RESET: return "reset";
	case H01_TLS_ERROR: return "tls_error";
	case H01_HTTP_ERROR: return "http_error";
	case H01_BAD_REDIRECT: return "bad_redirect";
	case H01_TOO_LARGE: return "too_large";
	}
	return "?";
}

const char *h01_action_name(enum h01_action a)
{
	switch (a) {
	case H01_FOLLOW: return "follow";
	case H01_RETRY_IPV4: return "retry_ipv4";
	case H01_RESTART_CHAIN_IPV4: return "restart_chain_ipv4";
	case H01_DONE: return "done";
	}
	return "?";
}

const char *h01_family_name(int family)
{
	return family == AF_INET6 ? "IPv6" : "IPv4";
}

/* ---- R-HTTP-7: reserved addresses ------------------------------------ */

bool h01_reserved_address(int family, const uint8_t *ip, const char **why)
{
	/* R-HTTP-7 (Boulder iana/ip.go IsReservedAddr, which va/dns.go
	 * getAddrs applies to every address looked up): the one table of
	 * IANA's special-purpose blocks, acme/ident.c's, as R-IP-2 uses it */
	struct ident_ip a = {.family = family};
	memcpy(a.addr, ip, family == AF_INET6 ? 16 : 4);
	const struct ident_reserved *r = ident_ip_reserved(&a);
#if ACMEPROBE_IP
	*why = r ? r->name : NULL;
#else
	*why = r ? "IANA special-purpose" : NULL; /* make tiny: blocks without names */
#endif
	return r != NULL;
}

/* ---- R-HTTP-4: trailing white space ----------------------------------- */

/* The length of a Unicode white space character (Go's unicode.IsSpace,
 * in UTF-8) ending at s[n-1], or 0. */
static size_t space_at_end(const uint8_t *s, size_t n)
{
	uint8_t c = s[n - 1];
	if (c == ' ' || (c >= '\t' && c <= '\r'))
		return 1;
	/* U+0085 NEL, U+00A0 NBSP */
	if (n >= 2 && s[n - 2] == 0xC2 && (c == 0x85 || c == 0xA0))
		return 2;
	if (n >= 3) {
		uint8_t a = s[n - 3], b = s[n - 2];
		if (a == 0xE1 && b == 0x9A && c == 0x80) /* U+1680 */
			return 3;
		/* U+2000..U+200A, U+2028, U+2029, U+202F */
		if (a == 0xE2 && b == 0x80 &&
		    ((c >= 0x80 && c <= 0x8A) || c == 0xA8 || c == 0xA9 || c == 0xAF))
			return 3;
		if (a == 0xE2 && b == 0x81 && c == 0x9F) /* U+205F */
			return 3;
		if (a == 0xE3 && b == 0x80 && c == 0x80) /* U+3000 */
			return 3;
	}
	return 0;
}

size_t h01_trim_right_space(const uint8_t *s, size_t n)
{
	size_t k;
	while (n && (k = space_at_end(s, n)) != 0)
		n -= k;
	return n;
}

/* ---- the step's parts ------------------------------------------------- */

static void step_init(struct h01_step *s, const struct h01_progress *p,
		      const struct h01_hop_outcome *o)
{
	s->action = H01_DONE;
	s->rule = NULL;
	s->outcome = o ? o->attempt->outcome : H01_OK;
	s->redirects = p ? p->redirects : 0;
	s->special_tld = false;
	s->verdict = H01_UNREACHABLE_V;
	s->problem_type = NULL;
	s->problem_detail[0] = '\0';
	s->has_body = false;
	s->body_len = 0;
	s->v6_answered_wrong = s->v6_refused_no_retry = s->redirect_v6_failed = false;
	s->note_count = 0;
}

static void note(struct h01_step *s, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void note(struct h01_step *s, const char *rule, const char *fmt, ...)
{
	if (s->note_count == H01_MAX_NOTES)
		return;
	struct h01_note *n = &s->notes[s->note_count++];
	n->rule = rule;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(n->text, sizeof n->text, fmt, ap);
	va_end(ap);
}

/* Ends the validation: the verdict, the rule, and the problem. */
static void done(struct h01_step *s, enum h01_verdict v, const char *rule, const char *type,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void done(struct h01_step *s, enum h01_verdict v, const char *rule, const char *type,
		 const char *fmt, ...)
{
	s->action = H01_DONE;
	s->verdict = v;
	s->rule = rule;
	s->problem_type = type;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->problem_detail, sizeof s->problem_detail, fmt, ap);
	va_end(ap);
}

/* ---- R-HTTP-6: what one request got ------------------------------------- */

static enum h01_outcome outcome_of(enum http_outcome o)
{
	switch (o) {
	case HTTP_O_OK: return H01_OK;
	case HTTP_O_TIMEOUT: return H01_TIMEOUT;
	case HTTP_O_REFUSED: return H01_REFUSED;
	case HTTP_O_UNREACHABLE:
	case HTTP_O_OTHER: return H01_UNREACHABLE;
	case HTTP_O_RESET: return H01_RESET;
	case HTTP_O_TLS: return H01_TLS_ERROR;
	case HTTP_O_PROTOCOL: return H01_HTTP_ERROR;
	}
	return H01_UNREACHABLE;
}

void h01_attempt_result(struct h01_attempt *a, const struct http_result *hr,
			unsigned connect_timeout_ms)
{
	a->elapsed_ms = hr->elapsed_ms;
	a->phase = hr->phase;
	a->outcome = outcome_of(hr->outcome);
	snprintf(a->tls_version, sizeof a->tls_version, "%s", hr->tls_version);
	a->http_status = hr->resp.headers_done ? hr->resp.status : 0;
	/* R-HTTP-6: the two timeouts are two different findings */
	if (hr->outcome == HTTP_O_TIMEOUT && hr->phase == HTTP_PHASE_CONNECT)
		snprintf(a->detail, sizeof a->detail,
			 "Timeout during connect (likely firewall problem): no answer within %u ms",
			 connect_timeout_ms);
	else if (hr->outcome == HTTP_O_TIMEOUT)
		snprintf(a->detail, sizeof a->detail,
			 "Timeout after connect (your server may be slow or overloaded), during %s",
			 http_phase_name(hr->phase));
	else
		snprintf(a->detail, sizeof a->detail, "%s", hr->detail);
}

/* The rule that says why a failed connection is final: R-V6-2 (no IPv4
 * retry), or R-IP-4 for an IP address identifier (no other address). */
static bool ip_identifier(const struct h01_progress *p)
{
	return ACMEPROBE_IP && p->domain->literal;
}

static const char *no_retry_rule(const struct h01_progress *p)
{
	return ip_identifier(p) ? "R-IP-4" : "R-V6-2";
}

/* The problem for a failed connection, or a response that is not HTTP
 * (Boulder va/va.go detailedError). */
static void connection_problem(const struct h01_progress *p, struct h01_step *s,
			       const struct h01_hop_outcome *o)
{
	const struct h01_attempt *a = o->attempt;
	const struct http_result *hr = o->http;
	const char *fam = h01_family_name(a->family);
	if (s->outcome == H01_HTTP_ERROR) {
		done(s, H01_INVALID, "R-HTTP-4", URN "connection",
		     "R-HTTP-4: %s: %s %s answered with a malformed HTTP response: %s", a->url, fam,
		     a->address, hr->detail);
		return;
	}
	if (s->outcome == H01_TLS_ERROR && hr->not_tls) {
		/* plain HTTP where TLS was expected: Boulder va/va.go detailedError
		 * spots the "HTTP/" record header and calls it malformed */
		done(s, H01_UNREACHABLE_V, "R-HTTP-5", URN "malformed",
		     "R-HTTP-5: %s: %s %s port %u: Server only speaks HTTP, not TLS (%s)", a->url,
		     fam, a->address, a->port, a->detail);
		return;
	}
	const char *type = s->outcome == H01_TLS_ERROR ? URN "tls" : URN "connection";
	/* the rule that names this failure: the two timeouts (R-HTTP-6),
	 * TLS (R-HTTP-5), or an error with no IPv4 retry (R-V6-2; R-IP-4) */
	const char *rule = s->outcome == H01_TIMEOUT	 ? "R-HTTP-6"
			   : s->outcome == H01_TLS_ERROR ? "R-HTTP-5"
							 : no_retry_rule(p);
	const char *what;
	switch (s->outcome) {
	case H01_TIMEOUT:
		done(s, H01_UNREACHABLE_V, rule, type, "%s: %s: %s %s port %u: %s", rule, a->url,
		     fam, a->address, a->port, a->detail);
		return;
	case H01_REFUSED: what = "Connection refused"; break;
	case H01_UNREACHABLE: what = "Network unreachable"; break;
	case H01_RESET: what = "Connection reset by peer"; break;
	default: what = "TLS error"; break;
	}
	done(s, H01_UNREACHABLE_V, rule, type, "%s: %s: %s %s port %u: %s (%s)", rule, a->url, fam,
	     a->address, a->port, what, a->detail);
}

/* ---- R-V6-2, R-V6-3, R-HTTP-2: after a connect error ------------------- */

/* The request could not connect. Is there one move to IPv4? Only when the
 * domain has both an AAAA (so the first request went to IPv6: R-V6-1)
 * and an A, and the move is not spent: Boulder's target.next holds
 * [v6[0], v4[0]] and nothing more. */
static void after_connect_error(const struct h01_progress *p, const struct h01_hop_outcome *o,
				struct h01_step *s)
{
	const struct h01_attempt *a = o->attempt;
	/* R-V6-3: the redirected request preferred IPv6 again and cannot
	 * connect there, although its host has an A record */
	if (a->family == AF_INET6 && p->hop > 0 && p->host->has4)
		s->redirect_v6_failed = true;
	bool can = p->domain->has6 && p->domain->has4 && !p->fell_back;
	if (ip_identifier(p)) {
		/* R-IP-4: an IP address identifier is its one address: Boulder's
		 * target.next holds it alone, so nextIP fails and the error
		 * stands, for a retry and for a restart (va/http.go
		 * newHTTPValidationTarget, processHTTPValidation) */
		if (p->hop == 0)
			note(s, "R-IP-4",
			     "%s is an IP address identifier, its only address: no other address "
			     "to retry",
			     p->domain->host);
		else if (p->rule == H01_FALLBACK_DIAL)
			note(s, "R-IP-4",
			     "connect failed on redirect hop %u: Boulder would restart the chain "
			     "from the identifier's next address, and the IP address identifier %s "
			     "has none",
			     p->hop, p->domain->host);
	}
	if (!can) {
		connection_problem(p, s, o);
		return;
	}
	if (p->rule == H01_FALLBACK_TIMEOUT) {
		/* R-V6-3: a redirect hop never falls back (LE's IPv6 page:
		 * IPv4 only when the connection to IPv6 times out, for the
		 * first request) */
		if (p->hop != 0) {
			connection_problem(p, s, o);
			return;
		}
		/* R-V6-2: only a connect timeout of the first request */
		if (o->http->outcome != HTTP_O_TIMEOUT) {
			s->v6_refused_no_retry = true;
			note(s, "R-V6-2",
			     "IPv6 connect %s (not a timeout): no IPv4 retry under LE's documented "
			     "rule (Boulder's code would retry: --fallback dial)",
			     h01_outcome_name(a->outcome));
			connection_problem(p, s, o);
			return;
		}
		note(s, "R-V6-2",
		     "IPv6 connect timed out on the first request: retrying it once over IPv4");
		s->action = H01_RETRY_IPV4;
		s->rule = "R-V6-2";
		return;
	}
	/* R-HTTP-2: Boulder's fallbackErr: any error whose Op is "dial";
	 * tested on what client.Do returns, so a dial failure on a redirect
	 * hop restarts the whole chain from the first URL over IPv4
	 * (va/http.go processHTTPValidation) */
	s->rule = "R-HTTP-2";
	if (p->hop == 0) {
		note(s, "R-HTTP-2",
		     "IPv6 connect failed (%s) on the first request: retrying it over IPv4 "
		     "(Boulder's fallbackErr: any dial error)",
		     h01_outcome_name(a->outcome));
		s->action = H01_RETRY_IPV4;
		return;
	}
	note(s, "R-HTTP-2",
	     "connect failed on redirect hop %u: Boulder restarts the whole chain once from %s "
	     "over IPv4; its redirect count and list of requested URLs carry over",
	     p->hop, p->domain->host);
	s->action = H01_RESTART_CHAIN_IPV4;
}

/* ---- R-HTTP-3: a redirect ---------------------------------------------- */

/* The statuses for which Go's client calls CheckRedirect (303 included:
 * it is refused there, not ignored). */
static bool redirect_status(int s)
{
	return s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool special_use(const char *host)
{
	static const char *const tlds[] = {"test", "example", "invalid", "localhost", "local",
					   "onion", "alt", "home.arpa", "internal"};
	size_t n = strlen(host);
	if (n && host[n - 1] == '.')
		n--;
	for (size_t i = 0; i < sizeof tlds / sizeof tlds[0]; i++) {
		size_t m = strlen(tlds[i]);
		if (n >= m && strncmp(host + n - m, tlds[i], m) == 0 &&
		    (n == m || host[n - m - 1] == '.'))
			return true;
	}
	return false;
}

/* A refused redirect: the attempt says so, the validation ends invalid.
 * Returns false, for h01_redirect_check to return. */
static bool refuse(struct h01_step *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool refuse(struct h01_step *s, const char *fmt, ...)
{
	s->outcome = H01_BAD_REDIRECT;
	s->action = H01_DONE;
	s->verdict = H01_INVALID;
	s->rule = "R-HTTP-3";
	s->problem_type = URN "connection";
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->problem_detail, sizeof s->problem_detail, fmt, ap);
	va_end(ap);
	return false;
}

bool h01_redirect_check(const struct h01_progress *p, const struct h01_hop_outcome *o,
			struct h01_step *s)
{
	const struct h01_attempt *a = o->attempt;
	const struct http_response *resp = &o->http->resp;
	struct url *next = &s->next;
	/* Go resolves the Location before CheckRedirect runs; one it cannot
	 * parse ends the request */
	enum url_err ue = url_resolve(next, o->url, resp->location, strlen(resp->location));
	/* another scheme parses in Go, and is refused later, in
	 * extractRequestTarget; anything else we cannot parse ends here */
	if (ue != URL_OK && ue != URL_E_SCHEME)
		return refuse(s, "R-HTTP-3: %s redirected to \"%s\", which is not a valid URL: %s", a->url,
		       resp->location, url_strerror(ue));
	char text[URL_TEXT_MAX];
	if (ue == URL_OK)
		url_format(next, text, sizeof text);
	else
		snprintf(text, sizeof text, "%s", resp->location);
	note(s, "R-HTTP-3", "HTTP %d, Location: %s -> %s", resp->status, resp->location, text);
	/* R-HTTP-3: 11 redirects followed, the 12th refused (va/http.go
	 * checks numRedirects > maxRedirect (10) before counting) */
	if (p->redirects >= H01_MAX_REDIRECTS)
		return refuse(s,
		       "R-HTTP-3: Too many redirects: %s would be redirect number %u; Let's "
		       "Encrypt follows at most %d",
		       text, p->redirects + 1, H01_MAX_REDIRECTS);
	s->redirects = p->redirects + 1;
	/* R-HTTP-3: 301, 302, 307, 308 only (BR 3.2.2.4.19; 303 is refused) */
	if (resp->status == 303)
		return refuse(s,
		       "R-HTTP-3: received disallowed redirect status code 303 from %s (only 301, "
		       "302, 307 and 308 are followed)",
		       a->url);
	/* R-HTTP-3: http or https only (va/http.go extractRequestTarget) */
	if (ue == URL_E_SCHEME)
		return refuse(s,
		       "R-HTTP-3: %s redirected to \"%s\": invalid protocol scheme in redirect "
		       "target; only \"http\" and \"https\" are supported, not \"%s\"",
		       a->url, resp->location, next->scheme_text);
	/* R-HTTP-3: the port must be the HTTP or HTTPS port
	 * (va/http.go extractRequestTarget) */
	if (next->has_port && next->port != p->http_port && next->port != p->https_port)
		return refuse(s,
		       "R-HTTP-3: invalid port in redirect target %s: only ports %u and %u are "
		       "supported, not %u",
		       text, p->http_port, p->https_port, next->port);
	/* "Redirect / https://x" without the slash (Boulder's own hint) */
	if (ends_with(next->host, ".well-known"))
		return refuse(s,
		       "R-HTTP-3: invalid host in redirect target \"%s\": check the web server "
		       "configuration for a missing '/' in the redirect target",
		       next->host);
	/* R-HTTP-3: path of at most 2000 octets (va/http.go maxPathSize,
	 * on Go's decoded URL.Path) */
	size_t plen = url_path_decoded_len(next);
	if (plen > H01_MAX_PATH)
		return refuse(s, "R-HTTP-3: redirect target too long: a path of %zu octets (at most %d)",
		       plen, H01_MAX_PATH);
	/* Boulder refuses a redirect host that does not end in an IANA TLD
	 * (va/http.go extractRequestTarget). Without the IANA list we spot
	 * the special-use names (RFC 6761, RFC 6762 .local, RFC 7686 .onion,
	 * RFC 8375 home.arpa, RFC 9476 .alt), note it, and follow, as
	 * R-HTTP-7 does for addresses, so the tool works in labs */
	if (!next->ip_family && special_use(next->host)) {
		s->special_tld = true;
		note(s, "R-HTTP-3",
		     "%s is under a special-use TLD: Let's Encrypt would refuse this redirect "
		     "target (it must end in an IANA TLD); acmeprobe follows it",
		     next->host);
	}
	/* R-HTTP-3: a loop is a URL already requested (va/http.go compares
	 * with every validation record's URL) */
	for (size_t i = 0; i < p->attempt_count; i++)
		if (strcmp(p->attempts[i].url, text) == 0)
			return refuse(s, "R-HTTP-3: redirect loop detected: %s was already requested", text);
	s->action = H01_FOLLOW;
	s->rule = "R-HTTP-3";
	return true;
}

/* ---- R-HTTP-4: the final answer ----------------------------------------- */

static void final_answer(const struct h01_progress *p, const struct h01_hop_outcome *o,
			 struct h01_step *s)
{
	const struct h01_attempt *a = o->attempt;
	const struct http_response *resp = &o->http->resp;
	/* R-HTTP-4: the status must be 200 (va/http.go) */
	if (resp->status != 200) {
		s->outcome = H01_HTTP_ERROR;
		done(s, H01_INVALID, "R-HTTP-4", URN "unauthorized",
		     "R-HTTP-4: Invalid response from %s: %d", a->url, resp->status);
		return;
	}
	/* R-HTTP-4: 128 octets or more is refused (io.LimitedReader of
	 * maxResponseSize, then len(body) >= maxResponseSize) */
	if (resp->body_total >= H01_MAX_BODY) {
		s->outcome = H01_TOO_LARGE;
		done(s, H01_INVALID, "R-HTTP-4", URN "unauthorized",
		     "R-HTTP-4: Invalid response from %s: the body has %s%llu octets; Let's "
		     "Encrypt reads at most %d and refuses a body of %d or more",
		     a->url, resp->state == HTTP_S_DONE ? "" : "at least ",
		     (unsigned long long)resp->body_total, H01_MAX_BODY - 1, H01_MAX_BODY);
		return;
	}
	if (o->http->outcome == HTTP_O_PROTOCOL) {
		s->outcome = H01_HTTP_ERROR;
		done(s, H01_INVALID, "R-HTTP-4", URN "unauthorized",
		     "R-HTTP-4: Error reading HTTP response body from %s: %s", a->url,
		     o->http->detail);
		return;
	}
	memcpy(s->body, resp->body, resp->body_len);
	s->body_len = resp->body_len;
	s->has_body = true;
	size_t n = h01_trim_right_space(resp->body, resp->body_len);
	note(s, "R-HTTP-4", "HTTP 200, %zu-octet body, %zu after trailing white space is removed",
	     resp->body_len, n);
	s->action = H01_DONE;
	s->rule = "R-HTTP-4";
	if (!p->key_authorization) {
		s->verdict = H01_SERVED;
		return;
	}
	const char *ka = p->key_authorization;
	/* R-HTTP-4: trimmed body == key authorization, exactly
	 * (va/http.go: strings.TrimRightFunc(body, unicode.IsSpace)) */
	if (strlen(ka) == n && memcmp(ka, resp->body, n) == 0) {
		note(s, "R-HTTP-4", "the body is the key authorization: valid");
		s->verdict = H01_VALID;
		return;
	}
	note(s, "R-HTTP-4", "the body is not the key authorization: invalid");
	done(s, H01_INVALID, "R-HTTP-4", URN "unauthorized",
	     "R-HTTP-4: The key authorization file from the server did not match this "
	     "challenge: expected \"%s\" (got \"%.*s\") from %s %s",
	     ka, (int)n, (const char *)resp->body, h01_family_name(a->family), a->address);
}

/* ---- the step ----------------------------------------------------------- */

void h01_next(const struct h01_progress *p, const struct h01_hop_outcome *o,
	      struct h01_step *s)
{
	step_init(s, p, o);
	const struct http_result *hr = o->http;
	const struct http_response *resp = &hr->resp;
	if (hr->outcome != HTTP_O_OK && hr->outcome != HTTP_O_PROTOCOL) {
		/* no response: a connect error may move to IPv4; a failure
		 * after the connect (TLS, a timeout, a reset) ends it */
		if (hr->phase == HTTP_PHASE_CONNECT)
			after_connect_error(p, o, s);
		else
			connection_problem(p, s, o);
	} else if (!resp->headers_done) {
		/* no status to act on: garbage, or a cut header section */
		s->outcome = H01_HTTP_ERROR;
		connection_problem(p, s, o);
	} else if (redirect_status(resp->status) && resp->has_location) {
		/* R-HTTP-3: Go's client calls CheckRedirect for these five
		 * statuses when a Location is present; without one the
		 * response is the answer */
		h01_redirect_check(p, o, s);
	} else {
		final_answer(p, o, s);
	}
	/* R-V6-4's first classic: the first request reached an IPv6 server
	 * that did not serve the challenge, and the A record was never tried */
	if (s->action == H01_DONE && s->verdict != H01_VALID && s->verdict != H01_SERVED)
		s->v6_answered_wrong = o->attempt->family == AF_INET6 && p->domain->has4 &&
				       s->redirects == 0 && o->attempt->phase != HTTP_PHASE_CONNECT;
}

/* ---- before a request --------------------------------------------------- */

enum url_err h01_challenge_url(const char *domain, const char *token, struct url *u, char *text,
			       size_t cap)
{
	/* RFC 8555 s8.3: http, the domain, /.well-known/acme-challenge/ and
	 * the token, no port: the connection goes to httpPort (Boulder
	 * va/http.go processHTTPValidation). R-IP-4: an IP address identifier
	 * is the host; any address but an IPv4 one goes in brackets (RFC 3986
	 * s3.2.2; Boulder: !netip.Addr.Is4(), so "::ffff:192.0.2.1" too), and
	 * Go's Host header is the URL's host, brackets and all */
	bool v6lit = strchr(domain, ':') != NULL;
	int n = snprintf(text, cap, "http://%s%s%s/.well-known/acme-challenge/%s", v6lit ? "[" : "",
			 domain, v6lit ? "]" : "", token ? token : "");
	if (n <= 0 || (size_t)n >= cap)
		return URL_E_TOO_LONG;
	return url_parse(u, text, (size_t)n);
}

bool h01_lookup_begin(struct h01_lookup *lk, const struct url *u)
{
	memset(lk, 0, sizeof *lk);
	snprintf(lk->host, sizeof lk->host, "%s", u->host);
	/* R-HTTP-3: an IP-literal target is followed, with no lookup
	 * (va/http.go extractRequestTarget returns an IP identifier); R-IP-4:
	 * the first URL of an IP address identifier is dialled at that
	 * address, no DNS (newHTTPValidationTarget, identifier.TypeIP) */
	lk->literal = u->ip_family != 0;
	if (u->ip_family == AF_INET6) {
		memcpy(lk->v6, u->ip, 16);
		lk->has6 = true;
		lk->count6 = 1;
		return false;
	}
	if (u->ip_family == AF_INET) {
		memcpy(lk->v4, u->ip, 4);
		lk->has4 = true;
		lk->count4 = 1;
		return false;
	}
	return true;
}

void h01_lookup_add(struct h01_lookup *lk, const struct dns_result *r)
{
	bool six = r->question->type == DNS_T_AAAA;
	char *error = six ? lk->error6 : lk->error4;
	size_t error_len = sizeof lk->error6;
	const char *tname = six ? "AAAA" : "A";
	if (r->error == DNS_EC_NXDOMAIN) {
		snprintf(error, error_len, "NXDOMAIN looking up %s for %s", tname, lk->host);
		return;
	}
	if (r->error != DNS_EC_NONE) {
		snprintf(error, error_len, "%s looking up %s for %s%s%s",
			 dns_errclass_name(r->error), tname, lk->host, r->detail ? ": " : "",
			 r->detail ? r->detail : "");
		return;
	}
	/* R-HTTP-1: the first address, in the order the resolver gave
	 * (Boulder va/http.go newHTTPValidationTarget: v6Addrs[0],
	 * v4Addrs[0]) */
	struct dns_address a;
	for (size_t i = 0; dns_result_next_address(r, &i, &a);) {
		if (a.family == AF_INET6) {
			if (lk->count6++ == 0)
				memcpy(lk->v6, a.raw, 16);
			lk->has6 = true;
		} else {
			if (lk->count4++ == 0)
				memcpy(lk->v4, a.raw, 4);
			lk->has4 = true;
		}
	}
}

bool h01_lookup_usable(const struct h01_lookup *lk, struct h01_step *s)
{
	step_init(s, NULL, NULL);
	/* R-HTTP-1: go on with whichever answered (Boulder va/dns.go
	 * getAddrs fails only when both lookups fail) */
	if (lk->has6 || lk->has4)
		return true;
	/* both failed: the error; both empty: "No valid IP addresses found" */
	if (lk->error6[0] || lk->error4[0])
		done(s, H01_UNREACHABLE_V, "R-HTTP-1", URN "dns", "R-HTTP-1: DNS problem: %s%s%s",
		     lk->error6[0] ? lk->error6 : lk->error4,
		     lk->error6[0] && lk->error4[0] ? "; " : "",
		     lk->error6[0] && lk->error4[0] ? lk->error4 : "");
	else
		done(s, H01_UNREACHABLE_V, "R-HTTP-1", URN "dns",
		     "R-HTTP-1: DNS problem: no valid IP addresses found for %s (no AAAA, no A)",
		     lk->host);
	return false;
}

int h01_family(const struct h01_lookup *lk, unsigned hop, struct h01_note *why)
{
	why->rule = NULL;
	why->text[0] = '\0';
	if (ACMEPROBE_IP && lk->literal && hop == 0) {
		/* R-IP-4: the identifier is the address; no lookup, no other
		 * family (va/http.go newHTTPValidationTarget) */
		why->rule = "R-IP-4";
		snprintf(why->text, sizeof why->text,
			 "%s is an IP address identifier: no DNS lookup, the request goes to that "
			 "address over %s, with no other address to fall back to",
			 lk->host, lk->has6 ? "IPv6" : "IPv4");
	} else if (lk->has6 && lk->has4) {
		if (hop == 0) {
			/* R-V6-1: IPv6 first when there is an AAAA; no racing
			 * (Boulder va/http.go newHTTPValidationTarget) */
			why->rule = "R-V6-1";
			snprintf(why->text, sizeof why->text,
				 "%s has AAAA and A: the first request goes to IPv6", lk->host);
		} else {
			/* R-V6-3: each hop resolves its host again and prefers
			 * IPv6, with no fallback (va/http.go
			 * newHTTPValidationTarget for the redirect target) */
			why->rule = "R-V6-3";
			snprintf(why->text, sizeof why->text,
				 "redirect hop to %s: IPv6 first again, no IPv4 retry", lk->host);
		}
	}
	return lk->has6 ? AF_INET6 : AF_INET;
}
