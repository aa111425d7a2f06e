/* check --method dns-01 / tls-alpn-01 with --key-authorization: each
 * challenge's outcome as one finding (diagnose_challenge.h). The rules
 * are cited where they apply. */
#include "check/diagnose_challenge.h"

#include <stdio.h>

#ifndef ACMEPROBE_DNS01
#define ACMEPROBE_DNS01 1
#endif
#ifndef ACMEPROBE_TLS
#define ACMEPROBE_TLS 1
#endif

/* ---- dns-01 ------------------------------------------------------------------ */

#if ACMEPROBE_DNS01 /* (make tiny has no dns01) */

static void le_words(struct finding *x, const char *detail)
{
	if (detail)
		snprintf(x->le_text, sizeof x->le_text, "%s", detail);
}

void diagnose_dns01(const struct dns01_view *v, struct findings *f)
{
	struct finding *x;
	switch (v->outcome) {
	case ACME_VALID:
		/* R-DNS01-3: one record whose joined strings equal the value,
		 * and every server that answers serves it */
		x = findings_add(f, FINDING_INFO, "dns01_valid", v->rule ? v->rule : "R-DNS01-3");
		if (!x)
			return;
		snprintf(x->title, sizeof x->title,
			 "dns-01: Let's Encrypt would accept the TXT record at %s", v->txt_name);
		snprintf(x->cause, sizeof x->cause,
			 "A TXT record at %s holds \"%s\", and every authoritative server that "
			 "answers serves it (R-DNS01-3).",
			 v->txt_name, v->expected ? v->expected : "");
		return;
	case ACME_DNS_ERROR:
		/* R-DNS01-4: the lookup failed, a dns problem at the CA */
		x = findings_add(f, FINDING_ERROR, "dns01_lookup_failed", "R-DNS01-4");
		if (!x)
			return;
		snprintf(x->title, sizeof x->title, "dns-01: the TXT lookup for %s failed",
			 v->txt_name);
		snprintf(
		    x->cause, sizeof x->cause,
		    "The resolver could not answer for %s; Let's Encrypt's would meet the same "
		    "failure: %s",
		    v->txt_name, v->detail ? v->detail : "no answer.");
		snprintf(
		    x->fix, sizeof x->fix,
		    "Repair the nameservers of the zone that holds %s (the nameserver findings "
		    "say which), then validate.",
		    v->txt_name);
		le_words(x, v->detail);
		x->retryable = true;
		return;
	case ACME_INVALID:
	case ACME_PUBLISHED:
		break;
	}
	/* R-DNS01-3, R-DNS01-4: no record, a wrong one, no such name; or the
	 * resolver's answer passes but a server answers without it, and a
	 * resolver that asks that server (the CA's among them) gets that */
	bool server = v->lookup_passed && v->server;
	x = findings_add(f, FINDING_ERROR, "dns01_invalid", v->rule ? v->rule : "R-DNS01-4");
	if (!x)
		return;
	snprintf(x->title, sizeof x->title,
		 "dns-01: Let's Encrypt would refuse the TXT record at %s", v->txt_name);
	if (server) {
		snprintf(x->cause, sizeof x->cause,
			 "The resolver asked here gets the record, but %s. A resolver that asks "
			 "that server, the CA's among them, gets its answer.",
			 v->server);
		snprintf(x->fix, sizeof x->fix, "%s",
			 "Wait until every server has the zone's new serial (or make it reload the "
			 "zone, or repair its zone transfers), then validate.");
		x->retryable = v->server_lags;
	} else {
		snprintf(x->cause, sizeof x->cause, "%s", v->detail ? v->detail : "");
		snprintf(
		    x->fix, sizeof x->fix,
		    "Publish a TXT record at %s whose value is \"%s\" (base64url of SHA-256 of "
		    "the key authorization, R-DNS01-2), then validate.",
		    v->txt_name, v->expected ? v->expected : "");
	}
	le_words(x, v->detail);
}

#endif

/* ---- tls-alpn-01 --------------------------------------------------------------- */

#if ACMEPROBE_TLS /* (make tiny has no TLS) */

/* The try that decided: the last one made. */
static const struct alpn_attempt *deciding(const struct alpn_result *res)
{
	return res->attempt_count ? &res->attempts[res->attempt_count - 1] : NULL;
}

void diagnose_tlsalpn01(const char *ident, const struct alpn_result *res, struct findings *f)
{
	const struct alpn_attempt *t = deciding(res);
	struct finding *x;
	if (res->verdict == ALPN_VALID) {
		x = findings_add(f, FINDING_INFO, "tlsalpn01_valid",
				 res->rule ? res->rule : "R-ALPN-3");
		if (!x)
			return;
		snprintf(x->title, sizeof x->title,
			 "tls-alpn-01: the certificate served is the response for %s", ident);
		snprintf(x->cause, sizeof x->cause,
			 "%s answered ALPN acme-tls/1 with a self-signed certificate whose one SAN "
			 "is %s and whose critical acmeIdentifier is SHA-256 of the key "
			 "authorization (R-ALPN-3, R-ALPN-4, R-ALPN-5).",
			 t ? t->address : ident, ident);
		if (!res->fell_back)
			return;
		/* R-ALPN-2: the IPv6 try failed before a certificate */
		x = findings_add(f, FINDING_WARNING, "tlsalpn01_ipv4_only", "R-ALPN-2");
		if (!x)
			return;
		snprintf(x->title, sizeof x->title,
			 "tls-alpn-01 passed only through the IPv4 fallback for %s", ident);
		snprintf(x->cause, sizeof x->cause,
			 "The IPv6 address %s failed before a certificate: %s",
			 res->attempts[0].address, res->attempts[0].detail);
		snprintf(x->fix, sizeof x->fix, "%s", "Fix IPv6 or remove the AAAA record.");
		return;
	}
	bool invalid = res->verdict == ALPN_INVALID;
	x = findings_add(f, FINDING_ERROR, invalid ? "tlsalpn01_invalid" : "tlsalpn01_failed",
			 res->rule ? res->rule : "R-ALPN-1");
	if (!x)
		return;
	snprintf(x->title, sizeof x->title, "tls-alpn-01: Let's Encrypt would %s for %s",
		 invalid ? "refuse the server's answer" : "get no answer to judge", ident);
	if (t && t->detail[0])
		snprintf(x->cause, sizeof x->cause, "%s (%s, %s): %s", t->address,
			 t->family == AF_INET6 ? "IPv6" : "IPv4", t->phase ? t->phase : "",
			 t->detail);
	else
		snprintf(x->cause, sizeof x->cause, "%s", res->problem.detail);
	if (res->no_ipv4) /* R-ALPN-2: Boulder's "Unable to contact" */
		snprintf(x->fix, sizeof x->fix, "%s",
			 "The IPv6 try failed and the name has no A record: repair IPv6, or add "
			 "an A record for a server that answers the challenge.");
	else if (t && t->has_certificate && t->family == AF_INET6 && res->lookup.has4)
		/* R-ALPN-2: a certificate on IPv6 is final, no IPv4 try */
		snprintf(x->fix, sizeof x->fix, "%s",
			 "Point the AAAA record at the server that answers the challenge, or "
			 "remove it: Let's Encrypt never tries the A record once the IPv6 server "
			 "gave a certificate.");
	else if (invalid)
		snprintf(x->fix, sizeof x->fix,
			 "Serve, for ALPN acme-tls/1 and SNI %s, a self-signed certificate with "
			 "one SAN, %s, and a critical acmeIdentifier extension holding SHA-256 of "
			 "the key authorization (R-ALPN-3 to R-ALPN-5).",
			 res->sni, ident);
	else
		snprintf(x->fix, sizeof x->fix,
			 "Let port 443 of every address of %s answer TLS 1.2 or later with ALPN "
			 "acme-tls/1 (R-ALPN-1).",
			 ident);
	if (res->problem.type)
		snprintf(x->le_text, sizeof x->le_text, "%s", res->problem.detail);
}

#endif
