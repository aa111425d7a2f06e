/* The HTTP-01 validation's I/O loop: lookups, requests, and after each
 * request what http/h01_engine.c decides (follow, retry over IPv4,
 * restart over IPv4, done). The rules are decided there; this file only
 * does what the decisions say, records each attempt and writes --trace. */
#include "http/http01.h"

#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "dns/query.h"
#include "dns/types.h"
#include "dns/wire.h"
#include "net/clock.h"
#include "net/trace.h"

#define URN "urn:ietf:params:acme:error:"

struct h01_config h01_config_defaults(void)
{
	return (struct h01_config){
		.http_port = 80,
		.https_port = 443,
		.fallback = H01_FALLBACK_TIMEOUT,
		/* Boulder's dial timeout; the rest of the request gets as
		 * long again */
		.connect_timeout_ms = 10000,
		.response_timeout_ms = 10000,
	};
}

/* One validation's state, for the functions below. */
struct h01_run {
	const struct h01_config *cfg;
	struct h01_result *res;
};

static void trace_notes(const struct h01_run *r, const struct h01_step *s)
{
	for (size_t i = 0; i < s->note_count; i++)
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, s->notes[i].rule, "%s",
			     s->notes[i].text);
}

/* A failure of the loop's own (no address to ask, a resolver failure). */
static void problem(struct h01_run *r, const char *type, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(struct h01_run *r, const char *type, const char *fmt, ...)
{
	r->res->verdict = H01_UNREACHABLE_V;
	r->res->problem_type = type;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->res->problem_detail, sizeof r->res->problem_detail, fmt, ap);
	va_end(ap);
}

/* The verdict of a DONE step into the result. */
static void finish(struct h01_run *r, const struct h01_step *s)
{
	struct h01_result *res = r->res;
	res->verdict = s->verdict;
	res->problem_type = s->problem_type;
	snprintf(res->problem_detail, sizeof res->problem_detail, "%s", s->problem_detail);
	if (s->has_body) {
		memcpy(res->body, s->body, s->body_len);
		res->body_len = s->body_len;
		res->has_body = true;
	}
}

/* ---- the lookups (R-HTTP-1) ----------------------------------------------- */

struct lookup_run {
	struct dns_question q[2];
	size_t next;
	struct h01_lookup *out;
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
	h01_lookup_add(l->out, r);
}

static void trace_lookup(const struct h01_run *r, const struct h01_lookup *lk)
{
	char a[INET6_ADDRSTRLEN];
	if (lk->error6[0])
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-HTTP-1", "AAAA %s: %s", lk->host,
			     lk->error6);
	else if (lk->has6)
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-HTTP-1",
			     "AAAA %s -> %s (%zu address%s; only the first is used)", lk->host,
			     inet_ntop(AF_INET6, lk->v6, a, sizeof a), lk->count6,
			     lk->count6 == 1 ? "" : "es");
	else
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-HTTP-1",
			     "AAAA %s: no address (NODATA)", lk->host);
	if (lk->error4[0])
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-HTTP-1", "A %s: %s", lk->host,
			     lk->error4);
	else if (lk->has4)
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-HTTP-1",
			     "A %s -> %s (%zu address%s; only the first is used)", lk->host,
			     inet_ntop(AF_INET, lk->v4, a, sizeof a), lk->count4,
			     lk->count4 == 1 ? "" : "es");
	else
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-HTTP-1",
			     "A %s: no address (NODATA)", lk->host);
}

/* Fills lk for a URL's host: an IP literal as it is, a name by one AAAA
 * and one A query, asked together (Boulder va/dns.go getAddrs). Returns
 * false (the verdict set) when there is no address to use. */
static bool lookup(struct h01_run *r, const struct url *u, struct h01_lookup *lk)
{
	if (!h01_lookup_begin(lk, u))
		return true;
	struct lookup_run l = {.out = lk};
	size_t name_len;
	if (dns_name_from_text(u->host, strlen(u->host), l.q[0].name, &name_len) != DNS_OK) {
		problem(r, URN "dns", "R-HTTP-1: '%s' is not a domain name", u->host);
		return false;
	}
	memcpy(l.q[1].name, l.q[0].name, name_len);
	/* RD and AD, as Boulder's resolver client (bdns/dns.go) */
	l.q[0].type = DNS_T_AAAA;
	l.q[1].type = DNS_T_A;
	l.q[0].flags = l.q[1].flags = DNS_Q_RD | DNS_Q_AD;
	if (resolver_run(r->cfg->resolver, lookup_next, lookup_done, &l, NULL) != 0) {
		problem(r, URN "dns", "resolver failure: %s", strerror(errno));
		return false;
	}
	trace_lookup(r, lk);
	struct h01_step s;
	if (h01_lookup_usable(lk, &s))
		return true;
	finish(r, &s);
	return false;
}

/* ---- one request ----------------------------------------------------------- */

/* Makes one GET of url to the address of the given family in lk.
 * Returns the attempt (NULL when the table is full). */
static struct h01_attempt *request(struct h01_run *r, const struct url *url,
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
	if (ACMEPROBE_IP && lk == &res->initial && lk->literal &&
	    h01_reserved_address(family, ip, &why)) {
		/* R-IP-2: a reserved IP address identifier is refused with the
		 * order, before any validation (Boulder policy/pa.go); the
		 * report gives LE's words. Tested anyway, for labs */
		a->reserved = true;
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-IP-2",
			     "%s is reserved (%s): Let's Encrypt refuses to order a "
			     "certificate for it; acmeprobe connects anyway",
			     a->address, why);
	} else if (h01_reserved_address(family, ip, &why)) {
		/* R-HTTP-7: LE filters these out of its lookups and refuses
		 * redirects to them (Boulder iana/ip.go IsReservedAddr); we
		 * connect anyway so the tool works in labs */
		a->reserved = true;
		res->reserved_seen = true;
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-HTTP-7",
			     "%s is reserved (%s): Let's Encrypt would refuse to connect; "
			     "acmeprobe connects anyway",
			     a->address, why);
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

	const char *fam = h01_family_name(family);
	trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-HTTP-6", "GET %s from %s %s port %u%s",
		     a->url, fam, a->address, a->port, rq.tls ? " over TLS" : "");
	http_get(&rq, hr);
	h01_attempt_result(a, hr, r->cfg->connect_timeout_ms);
	if (rq.tls && hr->phase != HTTP_PHASE_TLS && hr->phase != HTTP_PHASE_CONNECT)
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-HTTP-5",
			     "TLS %s with %s%s, certificate not verified", hr->tls_version,
			     rq.sni ? "SNI " : "no SNI (IP literal)", rq.sni ? rq.sni : "");
	if (hr->outcome == HTTP_O_OK)
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-HTTP-6",
			     "%s %s: connected in %u ms, HTTP %d (%u ms)", fam, a->address,
			     hr->connect_ms, hr->resp.status, hr->elapsed_ms);
	else
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-HTTP-6",
			     "%s %s: %s during %s after %u ms: %s", fam, a->address,
			     h01_outcome_name(a->outcome), http_phase_name(hr->phase),
			     hr->elapsed_ms, a->detail);
	return a;
}

/* ---- the loop: request, decide, act ---------------------------------------- */

/* Requests one URL after another until h01_next says DONE (or a lookup
 * leaves no address). */
static void run(struct h01_run *r, const struct url *first)
{
	struct h01_result *res = r->res;
	const struct h01_config *cfg = r->cfg;
	/* results and URLs are large: one of each, reused by every hop */
	static_assert(sizeof(struct http_result) < 32768, "http_result on the stack");
	struct http_result hr;
	struct url hop_url;
	struct h01_lookup hop_lookup;
	struct h01_step s;
	struct h01_progress p = {
		.rule = cfg->fallback,
		.http_port = cfg->http_port,
		.https_port = cfg->https_port,
		.key_authorization = cfg->key_authorization,
		.domain = &res->initial,
		.host = &res->initial,
		.attempts = res->attempts,
	};
	const struct url *cur = first;
	struct h01_note why;
	int family = h01_family(&res->initial, 0, &why);
	if (why.rule)
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, why.rule, "%s", why.text);
	for (;;) {
		struct h01_attempt *a = request(r, cur, p.host, family, &hr);
		if (!a) {
			problem(r, URN "connection", "too many connections");
			return;
		}
		a->fallback = p.hop == 0 && p.fell_back;
		a->restart = p.hop == 0 && res->restarted;
		p.attempt_count = res->attempt_count;
		struct h01_hop_outcome o = {.url = cur, .attempt = a, .http = &hr};
		h01_next(&p, &o, &s);
		trace_notes(r, &s);
		a->outcome = s.outcome;
		p.redirects = res->redirects = s.redirects;
		res->special_tld_seen |= s.special_tld;
		res->redirect_v6_failed |= s.redirect_v6_failed;
		switch (s.action) {
		case H01_DONE:
			finish(r, &s);
			res->v6_answered_wrong = s.v6_answered_wrong;
			res->v6_refused_no_retry = s.v6_refused_no_retry;
			return;
		case H01_FOLLOW:
			hop_url = s.next;
			cur = &hop_url;
			if (!lookup(r, cur, &hop_lookup))
				return;
			p.host = &hop_lookup;
			p.hop++;
			family = h01_family(&hop_lookup, p.hop, &why);
			if (why.rule)
				trace_printf(r->cfg->trace, r->cfg->trace_ctx, why.rule, "%s",
					     why.text);
			break;
		case H01_RETRY_IPV4:
		case H01_RESTART_CHAIN_IPV4:
			/* the first URL again, to the domain's IPv4 address,
			 * once */
			res->fell_back = true;
			res->restarted = s.action == H01_RESTART_CHAIN_IPV4;
			p.fell_back = true;
			p.hop = 0;
			p.host = &res->initial;
			cur = first;
			family = AF_INET;
			break;
		}
	}
}

int h01_validate(const struct h01_config *cfg, struct h01_result *res)
{
	uint64_t t0 = net_now_ms();
	memset(res, 0, sizeof *res);
	res->verdict = H01_UNREACHABLE_V;
	struct h01_run r = {.cfg = cfg, .res = res};
	struct url first;
	char text[URL_TEXT_MAX];
	enum url_err ue = h01_challenge_url(cfg->domain, cfg->token, &first, text, sizeof text);
	if (ue != URL_OK) {
		problem(&r, URN "malformed", "%s: %s", text, url_strerror(ue));
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
			problem(&r, URN "dns", "no %s address for %s",
				cfg->only_family == AF_INET ? "IPv4" : "IPv6", lk->host);
			res->elapsed_ms = (uint32_t)(net_now_ms() - t0);
			return 0;
		}
	}
	run(&r, &first);
	if (res->verdict == H01_VALID || res->verdict == H01_SERVED) {
		res->problem_type = NULL;
		res->problem_detail[0] = '\0';
	}
	res->elapsed_ms = (uint32_t)(net_now_ms() - t0);
	return 0;
}
