#include "http/http01.h"

#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "dns/msg.h"
#include "dns/query.h"
#include "dns/response.h"
#include "dns/rr.h"
#include "dns/text.h"
#include "dns/types.h"
#include "dns/wire.h"
#include "net/clock.h"

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

/* ---- R-HTTP-7: reserved addresses ------------------------------------ */

struct prefix {
	uint8_t ip[16];
	unsigned bits;
	const char *name;
};

/* Boulder iana/data/iana-{ipv4,ipv6}-special-registry-1.csv, the blocks
 * that contain the smaller ones */
static const struct prefix reserved4[] = {
	{{0}, 8, "\"This network\" (RFC 791)"},
	{{10}, 8, "Private-Use (RFC 1918)"},
	{{100, 64}, 10, "Shared Address Space (RFC 6598)"},
	{{127}, 8, "Loopback (RFC 1122)"},
	{{169, 254}, 16, "Link Local (RFC 3927)"},
	{{172, 16}, 12, "Private-Use (RFC 1918)"},
	{{192, 0, 0}, 24, "IETF Protocol Assignments (RFC 6890)"},
	{{192, 0, 2}, 24, "Documentation, TEST-NET-1 (RFC 5737)"},
	{{192, 31, 196}, 24, "AS112-v4 (RFC 7535)"},
	{{192, 52, 193}, 24, "AMT (RFC 7450)"},
	{{192, 88, 99}, 24, "Deprecated 6to4 Relay Anycast (RFC 7526)"},
	{{192, 168}, 16, "Private-Use (RFC 1918)"},
	{{192, 175, 48}, 24, "Direct Delegation AS112 Service (RFC 7534)"},
	{{198, 18}, 15, "Benchmarking (RFC 2544)"},
	{{198, 51, 100}, 24, "Documentation, TEST-NET-2 (RFC 5737)"},
	{{203, 0, 113}, 24, "Documentation, TEST-NET-3 (RFC 5737)"},
	{{240}, 4, "Reserved (RFC 1112)"},
};

static const struct prefix reserved6[] = {
	{{0}, 127, "Loopback or Unspecified Address (RFC 4291)"},
	{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}, 96, "IPv4-mapped Address (RFC 4291)"},
	{{0, 0x64, 0xff, 0x9b}, 96, "IPv4-IPv6 Translation (RFC 6052)"},
	{{0, 0x64, 0xff, 0x9b, 0, 1}, 48, "IPv4-IPv6 Translation (RFC 8215)"},
	{{1, 0}, 64, "Discard-Only Address Block (RFC 6666)"},
	{{1, 0, 0, 0, 0, 0, 0, 1}, 64, "Dummy IPv6 Prefix (RFC 9780)"},
	{{0x20, 0x01}, 23, "IETF Protocol Assignments (RFC 2928)"},
	{{0x20, 0x01, 0x0d, 0xb8}, 32, "Documentation (RFC 3849)"},
	{{0x20, 0x02}, 16, "6to4 (RFC 3056)"},
	{{0x26, 0x20, 0, 0x4f, 0x80}, 48, "Direct Delegation AS112 Service (RFC 7534)"},
	{{0x3f, 0xff}, 20, "Documentation (RFC 9637)"},
	{{0x5f, 0}, 16, "Segment Routing SIDs (RFC 9602)"},
	{{0xfc}, 7, "Unique-Local (RFC 4193)"},
	{{0xfe, 0x80}, 10, "Link-Local Unicast (RFC 4291)"},
};

static bool in_prefix(const uint8_t *ip, const struct prefix *p)
{
	unsigned full = p->bits / 8, rest = p->bits % 8;
	if (memcmp(ip, p->ip, full) != 0)
		return false;
	if (rest == 0)
		return true;
	uint8_t mask = (uint8_t)(0xFF << (8 - rest));
	return (ip[full] & mask) == (p->ip[full] & mask);
}

bool h01_reserved_address(int family, const uint8_t *ip, const char **why)
{
	const struct prefix *t = family == AF_INET6 ? reserved6 : reserved4;
	size_t n = family == AF_INET6 ? sizeof reserved6 / sizeof reserved6[0]
				      : sizeof reserved4 / sizeof reserved4[0];
	if (family == AF_INET && ip[0] == 255 && ip[1] == 255 && ip[2] == 255 && ip[3] == 255) {
		*why = "Limited Broadcast (RFC 919)";
		return true;
	}
	for (size_t i = 0; i < n; i++)
		if (in_prefix(ip, &t[i])) {
			*why = t[i].name;
			return true;
		}
	*why = NULL;
	return false;
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

/* ---- the run ------------------------------------------------------------ */

struct run {
	const struct h01_config *cfg;
	struct h01_result *res;
	/* Boulder's `numRedirects`; like its `records` (every URL
	 * requested, retries included: our attempts), it lives across a
	 * restarted chain, as in its processHTTPValidation closure */
	unsigned redirects;
};

static void trace(const struct run *r, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void trace(const struct run *r, const char *rule, const char *fmt, ...)
{
	if (!r->cfg->trace)
		return;
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	r->cfg->trace(r->cfg->trace_ctx, rule, line);
}

static void problem(struct run *r, enum h01_verdict v, const char *type, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void problem(struct run *r, enum h01_verdict v, const char *type, const char *fmt, ...)
{
	r->res->verdict = v;
	r->res->problem_type = type;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->res->problem_detail, sizeof r->res->problem_detail, fmt, ap);
	va_end(ap);
}

/* ---- R-HTTP-1: the lookups ---------------------------------------------- */

struct lookup_run {
	struct dns_question q[2];
	size_t next;
	struct h01_lookup *out;
	const struct run *run;
};

static enum resolver_next lookup_next(void *ctx, struct dns_question *q)
{
	struct lookup_run *l = ctx;
	if (l->next == 2)
		return RES_NEXT_END;
	*q = l->q[l->next++];
	return RES_NEXT_QUESTION;
}

static void lookup_done(void *ctx, const struct dns_result *r)
{
	struct lookup_run *l = ctx;
	bool six = r->question->type == DNS_T_AAAA;
	char *error = six ? l->out->error6 : l->out->error4;
	size_t error_len = sizeof l->out->error6;
	const char *tname = six ? "AAAA" : "A";
	if (r->error == DNS_EC_NXDOMAIN) {
		snprintf(error, error_len, "NXDOMAIN looking up %s for %s", tname, l->out->host);
		return;
	}
	if (r->error != DNS_EC_NONE) {
		snprintf(error, error_len, "%s looking up %s for %s%s%s",
			 dns_errclass_name(r->error), tname, l->out->host, r->detail ? ": " : "",
			 r->detail ? r->detail : "");
		return;
	}
	const struct dns_msg *m = r->msg;
	size_t first, n = dns_msg_section(m, DNS_SEC_ANSWER, &first);
	for (size_t i = first; i < first + n; i++) {
		const struct dns_rr *rr = &m->rr[i];
		if (!dns_chain_is_final(r->chain, m, rr, r->question->type))
			continue;
		/* R-HTTP-1: the first address, in the order the resolver gave
		 * (Boulder va/http.go newHTTPValidationTarget: v6Addrs[0],
		 * v4Addrs[0]) */
		if (six) {
			uint8_t a[16];
			if (dns_rr_aaaa(m->pkt, m->len, rr, a) != DNS_OK)
				continue;
			if (l->out->count6++ == 0)
				memcpy(l->out->v6, a, 16);
			l->out->has6 = true;
		} else {
			uint8_t a[4];
			if (dns_rr_a(m->pkt, m->len, rr, a) != DNS_OK)
				continue;
			if (l->out->count4++ == 0)
				memcpy(l->out->v4, a, 4);
			l->out->has4 = true;
		}
	}
}

static void trace_lookup(const struct run *r, const struct h01_lookup *lk)
{
	char a[INET6_ADDRSTRLEN];
	if (lk->error6[0])
		trace(r, "R-HTTP-1", "AAAA %s: %s", lk->host, lk->error6);
	else if (lk->has6)
		trace(r, "R-HTTP-1", "AAAA %s -> %s (%zu address%s; only the first is used)",
		      lk->host, inet_ntop(AF_INET6, lk->v6, a, sizeof a), lk->count6,
		      lk->count6 == 1 ? "" : "es");
	else
		trace(r, "R-HTTP-1", "AAAA %s: no address (NODATA)", lk->host);
	if (lk->error4[0])
		trace(r, "R-HTTP-1", "A %s: %s", lk->host, lk->error4);
	else if (lk->has4)
		trace(r, "R-HTTP-1", "A %s -> %s (%zu address%s; only the first is used)", lk->host,
		      inet_ntop(AF_INET, lk->v4, a, sizeof a), lk->count4,
		      lk->count4 == 1 ? "" : "es");
	else
		trace(r, "R-HTTP-1", "A %s: no address (NODATA)", lk->host);
}

/* Fills lk for a URL's host: an IP literal as it is, a name by one AAAA
 * and one A query, asked together (Boulder va/dns.go getAddrs). Returns
 * false (problem set) when there is no address to use. */
static bool lookup(struct run *r, const struct url *u, struct h01_lookup *lk)
{
	memset(lk, 0, sizeof *lk);
	snprintf(lk->host, sizeof lk->host, "%s", u->host);
	/* R-HTTP-3: an IP-literal target is followed, with no lookup
	 * (va/http.go extractRequestTarget returns an IP identifier) */
	if (u->ip_family == AF_INET6) {
		memcpy(lk->v6, u->ip, 16);
		lk->has6 = true;
		lk->count6 = 1;
		return true;
	}
	if (u->ip_family == AF_INET) {
		memcpy(lk->v4, u->ip, 4);
		lk->has4 = true;
		lk->count4 = 1;
		return true;
	}
	struct lookup_run l = {.out = lk, .run = r};
	size_t name_len;
	if (dns_name_from_text(u->host, strlen(u->host), l.q[0].name, &name_len) != DNS_OK) {
		problem(r, H01_UNREACHABLE_V, URN "dns", "R-HTTP-1: '%s' is not a domain name",
			u->host);
		return false;
	}
	memcpy(l.q[1].name, l.q[0].name, name_len);
	/* RD and AD, as Boulder's resolver client (bdns/dns.go) */
	l.q[0].type = DNS_T_AAAA;
	l.q[1].type = DNS_T_A;
	l.q[0].flags = l.q[1].flags = DNS_Q_RD | DNS_Q_AD;
	if (resolver_run(r->cfg->resolver, lookup_next, lookup_done, &l, NULL) != 0) {
		problem(r, H01_UNREACHABLE_V, URN "dns", "resolver failure: %s", strerror(errno));
		return false;
	}
	trace_lookup(r, lk);
	if (lk->has6 || lk->has4)
		return true; /* R-HTTP-1: go on with whichever answered */
	/* Boulder: both failed: the error; both empty: "No valid IP
	 * addresses found" */
	if (lk->error6[0] || lk->error4[0])
		problem(r, H01_UNREACHABLE_V, URN "dns", "R-HTTP-1: DNS problem: %s%s%s",
			lk->error6[0] ? lk->error6 : lk->error4,
			lk->error6[0] && lk->error4[0] ? "; " : "",
			lk->error6[0] && lk->error4[0] ? lk->error4 : "");
	else
		problem(r, H01_UNREACHABLE_V, URN "dns",
			"R-HTTP-1: DNS problem: no valid IP addresses found for %s (no AAAA, no A)",
			lk->host);
	return false;
}

/* ---- one request --------------------------------------------------------- */

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

static const char *family_name(int family)
{
	return family == AF_INET6 ? "IPv6" : "IPv4";
}

/* Makes one GET of url to the address of the given family in lk.
 * Returns the attempt (NULL when the table is full). */
static struct h01_attempt *request(struct run *r, const struct url *url,
				   const struct h01_lookup *lk, int family,
				   struct http_result *hr)
{
	struct h01_result *res = r->res;
	if (res->attempt_count == H01_MAX_ATTEMPTS)
		return NULL;
	struct h01_attempt *a = &res->attempts[res->attempt_count++];
	memset(a, 0, sizeof *a);
	url_format(url, a->url, sizeof a->url);
	a->family = family;
	a->port = url_effective_port(url, r->cfg->http_port, r->cfg->https_port);
	const uint8_t *ip = family == AF_INET6 ? lk->v6 : lk->v4;
	inet_ntop(family, ip, a->address, sizeof a->address);

	const char *why;
	if (h01_reserved_address(family, ip, &why)) {
		/* R-HTTP-7: LE filters these out of its lookups and refuses
		 * redirects to them (Boulder iana/ip.go IsReservedAddr); we
		 * connect anyway so the tool works in labs */
		a->reserved = true;
		res->reserved_seen = true;
		trace(r, "R-HTTP-7", "%s is reserved (%s): Let's Encrypt would refuse to connect; "
		      "acmeprobe connects anyway", a->address, why);
	}

	struct http_request rq = {
		.tls = url->scheme == URL_HTTPS,
		/* R-HTTP-5: SNI for a name only (RFC 6066 s3) */
		.sni = url->ip_family ? NULL : url->host,
		.target = NULL,
		.connect_timeout_ms = r->cfg->connect_timeout_ms,
		.response_timeout_ms = r->cfg->response_timeout_ms,
		/* R-HTTP-4: Boulder reads at most 128 octets of the body */
		.body_limit = H01_MAX_BODY,
	};
	net_addr_from_raw(&rq.addr, family, ip, a->port);
	char target[URL_PATH_MAX + URL_QUERY_MAX + 4], host[URL_HOST_MAX + 16];
	url_request_target(url, target, sizeof target);
	url_host_header(url, host, sizeof host);
	rq.target = target;
	rq.host_header = host;

	trace(r, "R-HTTP-6", "GET %s from %s %s port %u%s", a->url, family_name(family),
	      a->address, a->port, rq.tls ? " over TLS" : "");
	http_get(&rq, hr);
	a->elapsed_ms = hr->elapsed_ms;
	a->phase = hr->phase;
	a->outcome = outcome_of(hr->outcome);
	snprintf(a->tls_version, sizeof a->tls_version, "%s", hr->tls_version);
	if (hr->resp.headers_done)
		a->http_status = hr->resp.status;
	if (rq.tls && hr->phase != HTTP_PHASE_TLS && hr->phase != HTTP_PHASE_CONNECT)
		trace(r, "R-HTTP-5", "TLS %s with %s%s, certificate not verified", hr->tls_version,
		      rq.sni ? "SNI " : "no SNI (IP literal)", rq.sni ? rq.sni : "");
	if (hr->outcome == HTTP_O_TIMEOUT && hr->phase == HTTP_PHASE_CONNECT) {
		snprintf(a->detail, sizeof a->detail,
			 "Timeout during connect (likely firewall problem): no answer within %u ms",
			 r->cfg->connect_timeout_ms);
	} else if (hr->outcome == HTTP_O_TIMEOUT) {
		snprintf(a->detail, sizeof a->detail,
			 "Timeout after connect (your server may be slow or overloaded), during %s",
			 http_phase_name(hr->phase));
	} else {
		snprintf(a->detail, sizeof a->detail, "%s", hr->detail);
	}
	if (hr->outcome == HTTP_O_OK)
		trace(r, "R-HTTP-6", "%s %s: connected in %u ms, HTTP %d (%u ms)", family_name(family),
		      a->address, hr->connect_ms, hr->resp.status, hr->elapsed_ms);
	else
		trace(r, "R-HTTP-6", "%s %s: %s during %s after %u ms: %s", family_name(family),
		      a->address, h01_outcome_name(a->outcome), http_phase_name(hr->phase),
		      hr->elapsed_ms, a->detail);
	return a;
}

static bool connect_failed(const struct http_result *hr)
{
	return hr->outcome != HTTP_O_OK && hr->phase == HTTP_PHASE_CONNECT;
}

/* The problem for a failed connection (Boulder va/va.go detailedError). */
static void connection_problem(struct run *r, const struct h01_attempt *a,
			       const struct http_result *hr)
{
	const char *type = a->outcome == H01_TLS_ERROR ? URN "tls" : URN "connection";
	if (a->outcome == H01_HTTP_ERROR) {
		problem(r, H01_INVALID, URN "connection",
			"R-HTTP-4: %s: %s %s answered with a malformed HTTP response: %s", a->url,
			family_name(a->family), a->address, hr->detail);
		return;
	}
	const char *what;
	switch (a->outcome) {
	case H01_TIMEOUT:
		what = hr->phase == HTTP_PHASE_CONNECT
			       ? "Timeout during connect (likely firewall problem)"
			       : "Timeout after connect (your server may be slow or overloaded)";
		break;
	case H01_REFUSED: what = "Connection refused"; break;
	case H01_UNREACHABLE: what = "Network unreachable"; break;
	case H01_RESET: what = "Connection reset by peer"; break;
	default: what = "TLS error"; break;
	}
	/* the rule that names this failure: the two timeouts (R-HTTP-6),
	 * TLS (R-HTTP-5), or an error with no IPv4 retry (R-V6-2) */
	const char *rule = a->outcome == H01_TIMEOUT ? "R-HTTP-6"
			   : a->outcome == H01_TLS_ERROR ? "R-HTTP-5"
							 : "R-V6-2";
	if (a->outcome == H01_TLS_ERROR && hr->not_tls) {
		/* plain HTTP where TLS was expected: Boulder va/va.go detailedError
		 * spots the "HTTP/" record header and calls it malformed */
		problem(r, H01_UNREACHABLE_V, URN "malformed",
			"R-HTTP-5: %s: %s %s port %u: Server only speaks HTTP, not TLS (%s)", a->url,
			family_name(a->family), a->address, a->port, a->detail);
		return;
	}
	if (a->outcome == H01_TIMEOUT)
		problem(r, H01_UNREACHABLE_V, type, "%s: %s: %s %s port %u: %s", rule, a->url,
			family_name(a->family), a->address, a->port, a->detail);
	else
		problem(r, H01_UNREACHABLE_V, type, "%s: %s: %s %s port %u: %s (%s)", rule, a->url,
			family_name(a->family), a->address, a->port, what, a->detail);
}

/* ---- R-HTTP-3: a redirect -------------------------------------------------- */

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

/* Checks a redirect the way Boulder's processRedirect does, in its order.
 * Returns true with *next filled when it is followed. */
static bool follow(struct run *r, struct h01_attempt *a, const struct url *cur,
		   const struct http_response *resp, struct url *next)
{
	const struct h01_config *cfg = r->cfg;
	/* Go resolves the Location before CheckRedirect runs; one it cannot
	 * parse ends the request */
	enum url_err ue = url_resolve(next, cur, resp->location, strlen(resp->location));
	/* another scheme parses in Go, and is refused later, in
	 * extractRequestTarget; anything else we cannot parse ends here */
	if (ue != URL_OK && ue != URL_E_SCHEME) {
		a->outcome = H01_BAD_REDIRECT;
		problem(r, H01_INVALID, URN "connection",
			"R-HTTP-3: %s redirected to \"%s\", which is not a valid URL: %s", a->url,
			resp->location, url_strerror(ue));
		return false;
	}
	char text[URL_TEXT_MAX];
	if (ue == URL_OK)
		url_format(next, text, sizeof text);
	else
		snprintf(text, sizeof text, "%s", resp->location);
	trace(r, "R-HTTP-3", "HTTP %d, Location: %s -> %s", resp->status, resp->location, text);
	/* R-HTTP-3: 11 redirects followed, the 12th refused (va/http.go
	 * checks numRedirects > maxRedirect (10) before counting) */
	if (r->redirects >= H01_MAX_REDIRECTS) {
		a->outcome = H01_BAD_REDIRECT;
		problem(r, H01_INVALID, URN "connection",
			"R-HTTP-3: Too many redirects: %s would be redirect number %u; Let's "
			"Encrypt follows at most %d",
			text, r->redirects + 1, H01_MAX_REDIRECTS);
		return false;
	}
	r->redirects++;
	/* R-HTTP-3: 301, 302, 307, 308 only (BR 3.2.2.4.19; 303 is refused) */
	if (resp->status == 303) {
		a->outcome = H01_BAD_REDIRECT;
		problem(r, H01_INVALID, URN "connection",
			"R-HTTP-3: received disallowed redirect status code 303 from %s (only 301, "
			"302, 307 and 308 are followed)",
			a->url);
		return false;
	}
	/* R-HTTP-3: http or https only (va/http.go extractRequestTarget) */
	if (ue == URL_E_SCHEME) {
		a->outcome = H01_BAD_REDIRECT;
		problem(r, H01_INVALID, URN "connection",
			"R-HTTP-3: %s redirected to \"%s\": invalid protocol scheme in redirect "
			"target; only \"http\" and \"https\" are supported, not \"%s\"",
			a->url, resp->location, next->scheme_text);
		return false;
	}
	/* R-HTTP-3: the port must be the HTTP or HTTPS port
	 * (va/http.go extractRequestTarget) */
	if (next->has_port && next->port != cfg->http_port && next->port != cfg->https_port) {
		a->outcome = H01_BAD_REDIRECT;
		problem(r, H01_INVALID, URN "connection",
			"R-HTTP-3: invalid port in redirect target %s: only ports %u and %u are "
			"supported, not %u",
			text, cfg->http_port, cfg->https_port, next->port);
		return false;
	}
	/* "Redirect / https://x" without the slash (Boulder's own hint) */
	if (ends_with(next->host, ".well-known")) {
		a->outcome = H01_BAD_REDIRECT;
		problem(r, H01_INVALID, URN "connection",
			"R-HTTP-3: invalid host in redirect target \"%s\": check the web server "
			"configuration for a missing '/' in the redirect target",
			next->host);
		return false;
	}
	/* R-HTTP-3: path of at most 2000 octets (va/http.go maxPathSize,
	 * on Go's decoded URL.Path) */
	size_t plen = url_path_decoded_len(next);
	if (plen > H01_MAX_PATH) {
		a->outcome = H01_BAD_REDIRECT;
		problem(r, H01_INVALID, URN "connection",
			"R-HTTP-3: redirect target too long: a path of %zu octets (at most %d)", plen,
			H01_MAX_PATH);
		return false;
	}
	/* Boulder refuses a redirect host that does not end in an IANA TLD
	 * (va/http.go extractRequestTarget). Without the IANA list we spot
	 * the special-use names (RFC 6761, RFC 6762 .local, RFC 7686 .onion,
	 * RFC 8375 home.arpa, RFC 9476 .alt), note it, and follow, as
	 * R-HTTP-7 does for addresses, so the tool works in labs */
	if (!next->ip_family && special_use(next->host)) {
		r->res->special_tld_seen = true;
		trace(r, "R-HTTP-3", "%s is under a special-use TLD: Let's Encrypt would refuse "
		      "this redirect target (it must end in an IANA TLD); acmeprobe follows it",
		      next->host);
	}
	/* R-HTTP-3: a loop is a URL already requested (va/http.go compares
	 * with every validation record's URL) */
	for (size_t i = 0; i < r->res->attempt_count; i++)
		if (strcmp(r->res->attempts[i].url, text) == 0) {
			a->outcome = H01_BAD_REDIRECT;
			problem(r, H01_INVALID, URN "connection",
				"R-HTTP-3: redirect loop detected: %s was already requested", text);
			return false;
		}
	return true;
}

/* ---- R-HTTP-4: the final answer ------------------------------------------- */

static void final_answer(struct run *r, struct h01_attempt *a, const struct http_result *hr)
{
	struct h01_result *res = r->res;
	const struct http_response *resp = &hr->resp;
	/* R-HTTP-4: the status must be 200 (va/http.go) */
	if (resp->status != 200) {
		a->outcome = H01_HTTP_ERROR;
		problem(r, H01_INVALID, URN "unauthorized",
			"R-HTTP-4: Invalid response from %s: %d", a->url, resp->status);
		return;
	}
	/* R-HTTP-4: 128 octets or more is refused (io.LimitedReader of
	 * maxResponseSize, then len(body) >= maxResponseSize) */
	if (resp->body_total >= H01_MAX_BODY) {
		a->outcome = H01_TOO_LARGE;
		problem(r, H01_INVALID, URN "unauthorized",
			"R-HTTP-4: Invalid response from %s: the body has %s%llu octets; Let's "
			"Encrypt reads at most %d and refuses a body of %d or more",
			a->url, resp->state == HTTP_S_DONE ? "" : "at least ",
			(unsigned long long)resp->body_total, H01_MAX_BODY - 1, H01_MAX_BODY);
		return;
	}
	if (hr->outcome == HTTP_O_PROTOCOL) {
		a->outcome = H01_HTTP_ERROR;
		problem(r, H01_INVALID, URN "unauthorized",
			"R-HTTP-4: Error reading HTTP response body from %s: %s", a->url, hr->detail);
		return;
	}
	memcpy(res->body, resp->body, resp->body_len);
	res->body_len = resp->body_len;
	res->has_body = true;
	size_t n = h01_trim_right_space(resp->body, resp->body_len);
	trace(r, "R-HTTP-4", "HTTP 200, %zu-octet body, %zu after trailing white space is removed",
	      resp->body_len, n);
	if (!r->cfg->key_authorization) {
		res->verdict = H01_SERVED;
		return;
	}
	const char *ka = r->cfg->key_authorization;
	/* R-HTTP-4: trimmed body == key authorization, exactly
	 * (va/http.go: strings.TrimRightFunc(body, unicode.IsSpace)) */
	if (strlen(ka) == n && memcmp(ka, resp->body, n) == 0) {
		trace(r, "R-HTTP-4", "the body is the key authorization: valid");
		res->verdict = H01_VALID;
		return;
	}
	trace(r, "R-HTTP-4", "the body is not the key authorization: invalid");
	problem(r, H01_INVALID, URN "unauthorized",
		"R-HTTP-4: The key authorization file from the server did not match this "
		"challenge: expected \"%s\" (got \"%.*s\") from %s %s",
		ka, (int)n, (const char *)resp->body, family_name(a->family), a->address);
}

/* ---- the chain -------------------------------------------------------- */

enum chain_end { CHAIN_DONE, CHAIN_CONNECT_FAILED };

/* Follows one chain from the first URL. `first_family` is the family for
 * the first request; every redirect hop prefers IPv6 again (R-V6-3). On
 * CHAIN_CONNECT_FAILED *failed_hop says which hop; the problem is set. */
static enum chain_end chain(struct run *r, const struct url *first, int first_family,
			    bool first_is_fallback, bool is_restart, unsigned *failed_hop,
			    struct http_result *hr, struct url *urls)
{
	struct h01_result *res = r->res;
	struct url *cur = &urls[0], *next = &urls[1];
	*cur = *first;
	struct h01_lookup lk_hop;
	const struct h01_lookup *lk = &res->initial;
	for (unsigned hop = 0;; hop++) {
		int family;
		if (hop == 0) {
			family = first_family;
		} else {
			/* R-V6-3: each hop resolves its host again and prefers
			 * IPv6, with no fallback (va/http.go newHTTPValidationTarget
			 * for the redirect target) */
			if (!lookup(r, cur, &lk_hop))
				return CHAIN_DONE;
			lk = &lk_hop;
			family = lk->has6 ? AF_INET6 : AF_INET;
			if (lk->has6 && lk->has4)
				trace(r, "R-V6-3", "redirect hop to %s: IPv6 first again, no IPv4 retry",
				      lk->host);
		}
		struct h01_attempt *a = request(r, cur, lk, family, hr);
		if (!a) {
			problem(r, H01_UNREACHABLE_V, URN "connection", "too many connections");
			return CHAIN_DONE;
		}
		a->fallback = hop == 0 && first_is_fallback;
		a->restart = hop == 0 && is_restart;
		if (hr->outcome != HTTP_O_OK && hr->outcome != HTTP_O_PROTOCOL) {
			connection_problem(r, a, hr);
			if (!connect_failed(hr))
				return CHAIN_DONE;
			if (family == AF_INET6 && hop > 0 && lk->has4)
				res->redirect_v6_failed = true;
			*failed_hop = hop;
			return CHAIN_CONNECT_FAILED;
		}
		const struct http_response *resp = &hr->resp;
		if (!resp->headers_done) {
			/* no status to act on: garbage, or a cut header section */
			a->outcome = H01_HTTP_ERROR;
			connection_problem(r, a, hr);
		} else if (redirect_status(resp->status) && resp->has_location) {
			/* R-HTTP-3: Go's client calls CheckRedirect for these five
			 * statuses when a Location is present; without one the
			 * response is the answer */
			if (follow(r, a, cur, resp, next)) {
				struct url *t = cur;
				cur = next;
				next = t;
				continue;
			}
		} else {
			final_answer(r, a, hr);
		}
		return CHAIN_DONE;
	}
}

static bool is_v6_connect_timeout(const struct http_result *hr)
{
	return hr->outcome == HTTP_O_TIMEOUT && hr->phase == HTTP_PHASE_CONNECT;
}

int h01_validate(const struct h01_config *cfg, struct h01_result *res)
{
	uint64_t t0 = net_now_ms();
	memset(res, 0, sizeof *res);
	res->verdict = H01_UNREACHABLE_V;
	struct run r = {.cfg = cfg, .res = res};
	/* results and URLs are large: one of each, reused by every hop */
	static_assert(sizeof(struct http_result) < 32768, "http_result on the stack");
	struct http_result hr;
	struct url urls[2], first;

	/* the first URL: http, the domain, /.well-known/acme-challenge/
	 * and the token (RFC 8555 s8.3), no port: the connection goes to
	 * httpPort (va/http.go processHTTPValidation) */
	char text[URL_TEXT_MAX];
	bool v6lit = strchr(cfg->domain, ':') != NULL;
	int n = snprintf(text, sizeof text, "http://%s%s%s/.well-known/acme-challenge/%s",
			 v6lit ? "[" : "", cfg->domain, v6lit ? "]" : "", cfg->token);
	enum url_err ue = n > 0 && (size_t)n < sizeof text ? url_parse(&first, text, (size_t)n)
							   : URL_E_TOO_LONG;
	if (ue != URL_OK) {
		problem(&r, H01_UNREACHABLE_V, URN "malformed", "%s: %s", text, url_strerror(ue));
		return 0;
	}
	if (!lookup(&r, &first, &res->initial)) {
		res->elapsed_ms = (uint32_t)(net_now_ms() - t0);
		return 0;
	}
	if (cfg->only_family) {
		/* not the CA's algorithm: one family alone, for comparison */
		struct h01_lookup *lk = &res->initial;
		if (cfg->only_family == AF_INET)
			lk->has6 = false;
		else
			lk->has4 = false;
		if (!lk->has6 && !lk->has4) {
			problem(&r, H01_UNREACHABLE_V, URN "dns", "no %s address for %s",
				cfg->only_family == AF_INET ? "IPv4" : "IPv6", lk->host);
			res->elapsed_ms = (uint32_t)(net_now_ms() - t0);
			return 0;
		}
	}
	const struct h01_lookup *init = &res->initial;

	/* R-V6-1: IPv6 first when there is an AAAA */
	int family = init->has6 ? AF_INET6 : AF_INET;
	if (init->has6 && init->has4)
		trace(&r, "R-V6-1", "%s has AAAA and A: the first request goes to IPv6", init->host);
	bool is_restart = false, is_fallback = false;
	unsigned failed_hop = 0;
	for (;;) {
		enum chain_end e = chain(&r, &first, family, is_fallback, is_restart, &failed_hop,
					 &hr, urls);
		if (e == CHAIN_DONE)
			break;
		/* a connect failure: is there one IPv4 retry? Only when the
		 * first request's address was IPv6 and the domain has an A
		 * (Boulder's target.next = [v6[0], v4[0]]) */
		bool can = family == AF_INET6 && init->has4 && !res->fell_back;
		if (!can)
			break;
		if (cfg->fallback == H01_FALLBACK_TIMEOUT) {
			/* R-V6-2: only a connect timeout of the first request
			 * (seed 000: "uniquement au terme de l'expiration de la
			 * connexion"), never a redirect hop (R-V6-3) */
			if (failed_hop != 0)
				break;
			if (!is_v6_connect_timeout(&hr)) {
				res->v6_refused_no_retry = true;
				trace(&r, "R-V6-2",
				      "IPv6 connect %s (not a timeout): no IPv4 retry under LE's documented "
				      "rule (Boulder's code would retry: --fallback dial)",
				      h01_outcome_name(res->attempts[res->attempt_count - 1].outcome));
				break;
			}
			trace(&r, "R-V6-2", "IPv6 connect timed out on the first request: "
			      "retrying it once over IPv4");
		} else {
			/* R-HTTP-2: Boulder's fallbackErr: any error whose Op is
			 * "dial"; tested on what client.Do returns, so a dial
			 * failure on a redirect hop restarts the whole chain from
			 * the first URL over IPv4 (va/http.go processHTTPValidation) */
			if (failed_hop == 0)
				trace(&r, "R-HTTP-2", "IPv6 connect failed (%s) on the first request: "
				      "retrying it over IPv4 (Boulder's fallbackErr: any dial error)",
				      h01_outcome_name(res->attempts[res->attempt_count - 1].outcome));
			else {
				trace(&r, "R-HTTP-2", "connect failed on redirect hop %u: Boulder restarts "
				      "the whole chain once from %s over IPv4; its redirect count and "
				      "list of requested URLs carry over", failed_hop, init->host);
				is_restart = true;
			}
		}
		res->fell_back = true;
		res->restarted = is_restart;
		is_fallback = true;
		family = AF_INET;
		memset(res->problem_detail, 0, sizeof res->problem_detail);
		res->problem_type = NULL;
		res->verdict = H01_UNREACHABLE_V;
	}
	res->redirects = r.redirects;
	if (res->verdict == H01_VALID || res->verdict == H01_SERVED) {
		res->problem_type = NULL;
		res->problem_detail[0] = '\0';
	} else if (res->attempt_count) {
		/* the seed's first classic (R-V6-4): the first request reached
		 * an IPv6 server that did not serve the challenge, and the A
		 * record was never tried */
		const struct h01_attempt *last = &res->attempts[res->attempt_count - 1];
		res->v6_answered_wrong = last->family == AF_INET6 && init->has4 &&
					 r.redirects == 0 && last->phase != HTTP_PHASE_CONNECT;
	}
	res->elapsed_ms = (uint32_t)(net_now_ms() - t0);
	return 0;
}
