/* The domain's own findings (diagnose_domain.h): CAA, addresses, HTTP-01,
 * the vantage point and the verdict. Each names the rule it applies and
 * says what to change. */
#include "check/diagnose_domain.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "caa/dnssec_walk.h"
#include "caa/explain.h"
#include "http/h01_explain.h"
#include "net/addr.h"

/* ---- CAA ------------------------------------------------------------------ */

/* The walk failed at a label whose data acmeprobe's own validation found
 * bogus (caa/dnssec_walk.h). */
static bool caa_dnssec_fails(const struct caa_walk_result *r)
{
#if ACMEPROBE_DNSSEC
	const struct caa_label *l = caa_deciding_label(r);
	return l && l->dnssec && !l->dnssec->reask_failed &&
	       dnssec_verdict_fails(&l->dnssec->verdict);
#else
	(void)r;
	return false;
#endif
}

void diagnose_caa(const struct caa_walk_result *r, const struct caa_request *req,
		  struct findings *f)
{
	struct finding *x;
	switch (r->verdict) {
	case CAA_PERMITTED:
		x = findings_add(f, FINDING_INFO, "caa_permitted", r->decision.rule);
		if (x) {
			snprintf(x->title, sizeof x->title, "CAA lets %s issue", req->ca_id);
			snprintf(x->fix, sizeof x->fix, "Nothing to do.");
		}
		break;
	case CAA_FORBIDDEN:
		x = findings_add(f, FINDING_ERROR, "caa_forbidden", r->decision.rule);
		if (x) {
			snprintf(x->title, sizeof x->title, "CAA forbids %s to issue", req->ca_id);
			snprintf(x->fix, sizeof x->fix,
				 "Change the CAA records as the cause says, or remove them.");
		}
		break;
	default:
		/* R-CAA-4: a lookup that fails forbids issuance (fail closed) */
		x = findings_add(f, FINDING_ERROR, "caa_lookup_failed", "R-CAA-4");
		if (x) {
			snprintf(x->title, sizeof x->title,
				 "The CAA lookup fails: the CA will refuse");
			if (caa_dnssec_fails(r))
				snprintf(
				    x->fix, sizeof x->fix,
				    "Fix the zone's DNSSEC: the dnssec_* finding names the zone, "
				    "the RRset, the key and the servers at fault (R-DNSSEC-2).");
			else
				snprintf(
				    x->fix, sizeof x->fix,
				    "Make every nameserver of the zone answer CAA queries "
				    "(R-CAA-6); the nameserver findings, if any, name the server "
				    "at fault.");
		}
		break;
	}
	if (x)
		caa_reason(x->cause, sizeof x->cause, r, req);
}

void diagnose_caa_tries(const struct transient_tries *t, struct findings *f)
{
	if (!ACMEPROBE_TRANSIENT)
		return;
	for (size_t i = 0; i < f->count; i++) {
		struct finding *x = &f->items[i];
		if (strcmp(x->code, "caa_lookup_failed") != 0 ||
		    !transient_text(t, x->persistence, sizeof x->persistence))
			continue;
		char more[512];
		size_t n = strlen(x->title);
		snprintf(x->title + n, sizeof x->title - n, ": %s", x->persistence);
		if (transient_state_of(t) == TRANSIENT_PERMANENT)
			snprintf(more, sizeof more,
				 " Asked %u times, %s apart, it failed every time: no passing "
				 "glitch; report it (R-TRANSIENT-1).",
				 t->tries, TRANSIENT_SPACING_TEXT);
		else
			snprintf(more, sizeof more,
				 " Asked %u times, %s apart, it failed %u times%s: the failure "
				 "comes and goes, and the CA's primary and each of its remote "
				 "perspectives make their own tries (R-TRANSIENT-1, R-MPIC-2).",
				 t->tries, TRANSIENT_SPACING_TEXT, t->failed,
				 t->timeouts == t->failed ? " (no answer)" : "");
		n = strlen(x->cause);
		snprintf(x->cause + n, sizeof x->cause - n, "%s", more);
		x->retryable = transient_retryable(t);
	}
}

/* ---- addresses ------------------------------------------------------------ */

void diagnose_address(const char *domain, const struct dns_address *a, struct findings *f)
{
	/* R-HTTP-7: Boulder's iana.IsReservedAddr */
	const char *why;
	if (!h01_reserved_address(a->family, a->raw, &why))
		return;
	struct net_addr na;
	char text[NET_ADDR_TEXT];
	net_addr_from_raw(&na, a->family, a->raw, 0);
	struct finding *x = findings_add(f, FINDING_WARNING, "reserved_address", "R-HTTP-7");
	if (!x)
		return;
	snprintf(x->title, sizeof x->title, "%s has a reserved address: %s", domain,
		 net_addr_host_text(&na, text));
	snprintf(x->cause, sizeof x->cause,
		 "%s is in a %s range. Let's Encrypt does not connect to such addresses, so "
		 "HTTP-01 and TLS-ALPN-01 cannot use it (acmeprobe connects anyway, for labs).",
		 text, why);
	snprintf(x->fix, sizeof x->fix,
		 "Publish the public address of the server, or validate with DNS-01.");
}

bool diagnose_http01_planned(const char *token, const char *webroot_failed)
{
	return token != NULL || webroot_failed != NULL;
}

void diagnose_lookups(const char *domain, const struct domain_lookups *l, bool http01_planned,
		      struct findings *f)
{
	struct finding *x;
	/* R-HTTP-1: the CA connects to an address of the name, IPv6 first */
	if (!l->count[0] && !l->count[1]) {
		x = findings_add(f, http01_planned ? FINDING_ERROR : FINDING_WARNING, "no_address",
				 "R-HTTP-1");
		if (!x)
			return;
		snprintf(x->title, sizeof x->title, "%s has no A or AAAA record", domain);
		snprintf(x->cause, sizeof x->cause,
			 "The CA would not know where to connect: HTTP-01 and TLS-ALPN-01 cannot "
			 "work (A lookup: %s, AAAA lookup: %s).",
			 l->error[0] ? dns_errclass_name(l->error[0]) : "no record",
			 l->error[1] ? dns_errclass_name(l->error[1]) : "no record");
		snprintf(x->fix, sizeof x->fix,
			 "Add an A (or AAAA) record pointing at the web server, or use DNS-01.");
	} else if (l->error[1] != DNS_EC_NONE && l->error[1] != DNS_EC_NXDOMAIN && l->count[0]) {
		x = findings_add(f, FINDING_WARNING, "aaaa_lookup_failed", "R-HTTP-1");
		if (!x)
			return;
		snprintf(x->title, sizeof x->title, "The AAAA lookup for %s fails", domain);
		snprintf(x->cause, sizeof x->cause,
			 "The AAAA query fails (%s) while A answers. The CA goes on with IPv4, "
			 "but a nameserver that fails AAAA queries is fragile.",
			 dns_errclass_name(l->error[1]));
		snprintf(x->fix, sizeof x->fix, "Make every nameserver answer AAAA queries.");
	}
}

/* ---- HTTP-01 -------------------------------------------------------------- */

void diagnose_webroot_unwritable(const char *dir, struct findings *f)
{
	struct finding *x = findings_add(f, FINDING_WARNING, "http01_not_run", NULL);
	if (!x)
		return;
	snprintf(x->title, sizeof x->title, "HTTP-01 could not be checked");
	snprintf(x->cause, sizeof x->cause,
		 "The token file could not be written under --webroot %.200s.", dir);
	snprintf(x->fix, sizeof x->fix,
		 "Give a directory the web server serves and this user can write.");
}

void diagnose_http01_error(int err, struct findings *f)
{
	struct finding *x = findings_add(f, FINDING_WARNING, "http01_not_run", NULL);
	if (!x)
		return;
	snprintf(x->title, sizeof x->title, "HTTP-01 could not be checked");
	snprintf(x->cause, sizeof x->cause, "%s", strerror(err));
}

static bool h01_ok(const struct h01_result *r)
{
	return r->verdict == H01_VALID || r->verdict == H01_SERVED;
}

/* "HTTP 200 from 2001:db8::1, the key authorization", "HTTP 404 from
 * 192.0.2.1", "timeout at 2001:db8::1"... */
static void h01_summary(char *buf, size_t cap, const struct h01_result *r)
{
	if (!r->attempt_count) {
		snprintf(buf, cap, "no request made");
		return;
	}
	const struct h01_attempt *a = &r->attempts[r->attempt_count - 1];
	if (a->http_status)
		snprintf(buf, cap, "HTTP %d from %.60s%s", a->http_status, a->address,
			 r->verdict == H01_VALID ? ", the key authorization" : "");
	else
		snprintf(buf, cap, "%s at %.60s", h01_outcome_name(a->outcome), a->address);
}

static const struct h01_attempt *last_attempt(const struct h01_result *r)
{
	return &r->attempts[r->attempt_count ? r->attempt_count - 1 : 0];
}

/* The CA's result beside each family's alone: what the difference says. */
static void compare_families(struct findings *f, bool ca_ok, const struct h01_result alone[2])
{
	char v6[160], v4[160];
	bool ok6 = h01_ok(&alone[0]), ok4 = h01_ok(&alone[1]);
	h01_summary(v6, sizeof v6, &alone[0]);
	h01_summary(v4, sizeof v4, &alone[1]);
	struct finding *x;
	/* R-V6-2: the CA retries over IPv4 only after an IPv6 connect timeout */
	if (!ca_ok && ok4 && !ok6) {
		x = findings_add(f, FINDING_ERROR, "http01_ipv4_only", "R-V6-2");
		if (!x)
			return;
		snprintf(x->title, sizeof x->title,
			 "IPv4 alone works, but the CA starts with IPv6 and does not retry");
		snprintf(
		    x->cause, sizeof x->cause,
		    "Tried alone, IPv4 gives %s and IPv6 gives %s. The CA sends the first request "
		    "to the IPv6 address and retries over IPv4 only when the IPv6 connect times "
		    "out (R-V6-2); redirected requests never retry (R-V6-3).",
		    v4, v6);
		/* R-V6-4: the one IPv6 advice (http/h01_explain.c), as a
		 * sentence (it starts in lower case) */
		snprintf(x->fix, sizeof x->fix, "%s", h01_ipv6_advice());
		x->fix[0] = (char)(x->fix[0] - 'a' + 'A');
		return;
	}
	/* R-V6-1: the CA uses the IPv6 address first, so it meets what IPv6
	 * serves, whatever IPv4 does */
	const struct h01_attempt *a6 = last_attempt(&alone[0]), *a4 = last_attempt(&alone[1]);
	bool same_body = alone[0].body_len == alone[1].body_len &&
			 memcmp(alone[0].body, alone[1].body, alone[0].body_len) == 0;
	if (ok6 != ok4 || a6->http_status != a4->http_status || !same_body) {
		x = findings_add(f, FINDING_WARNING, "aaaa_serves_differently", "R-V6-1");
		if (!x)
			return;
		snprintf(x->title, sizeof x->title,
			 "The IPv6 and IPv4 addresses answer differently");
		snprintf(x->cause, sizeof x->cause,
			 "Tried alone, IPv6 gives %s and IPv4 gives %s: the AAAA and A records may "
			 "point at different servers. The CA uses IPv6 first (R-V6-1).",
			 v6, v4);
		snprintf(x->fix, sizeof x->fix,
			 "Make both addresses serve the same site, or correct or remove the AAAA "
			 "record (R-V6-4).");
	}
}

void diagnose_http01(const struct h01_result *ca, const struct h01_result alone[2],
		     struct findings *f)
{
	bool ok = h01_ok(ca);
	/* R-V6-1 the first request over IPv6; R-V6-2 when it fell back;
	 * R-IP-4 for an IP address identifier, dialled as it is */
	bool ip = ACMEPROBE_IP && ca->initial.literal;
	struct finding *x = findings_add(f, ok ? FINDING_INFO : FINDING_ERROR,
					 ok ? "http01_valid" : "http01_invalid",
					 ip ? "R-IP-4" : ca->fell_back ? "R-V6-2" : "R-V6-1");
	if (!x)
		return;
	snprintf(x->title, sizeof x->title, "HTTP-01 %s",
		 ca->verdict == H01_VALID    ? "validates"
		 : ca->verdict == H01_SERVED ? "serves the token path"
					     : "fails");
	snprintf(x->cause, sizeof x->cause, "%s",
		 ca->problem_detail[0] ? ca->problem_detail
				       : "The request succeeded as the CA makes it.");
	/* R-V6-4: when IPv6 is what failed, the fix the http01 report gives
	 * (http/h01_explain.c): the AAAA record, or the redirect target's IPv6 */
	const char *v6fix = h01_ipv6_fix(ca);
	if (v6fix)
		snprintf(x->fix, sizeof x->fix,
			 "The CA tries IPv6 first and retries IPv4 only after an IPv6 connect "
			 "timeout on the first request (R-V6-2, R-V6-3): %s",
			 v6fix);
	else if (!ok)
		snprintf(x->fix, sizeof x->fix, "%s",
			 ip ? "Serve the key authorization at /.well-known/acme-challenge/TOKEN over "
			      "plain HTTP on port 80, at this address."
			    : "Serve the key authorization at /.well-known/acme-challenge/TOKEN over "
			      "plain HTTP on port 80, on every address of the name.");
	if (alone)
		compare_families(f, ok, alone);
}

/* ---- what one host cannot see, and the verdict ---------------------------- */

void diagnose_single_vantage(struct findings *f)
{
	struct finding *x = findings_add(f, FINDING_INFO, "single_vantage_point", NULL);
	if (!x)
		return;
	snprintf(x->title, sizeof x->title, "Checked from one place only");
	snprintf(x->cause, sizeof x->cause,
		 "Let's Encrypt validates from several network perspectives (multi-perspective "
		 "issuance corroboration). Geoblocking, split-horizon DNS and per-region anycast "
		 "differences are invisible from this one host.");
	snprintf(
	    x->fix, sizeof x->fix,
	    "If this check passes and validation fails, suspect a difference between networks.");
}

const char *check_verdict_name(enum check_verdict v)
{
	switch (v) {
	case CHECK_OK:
		return "ok";
	case CHECK_WILL_FAIL:
		return "will_fail";
	default:
		return "unknown";
	}
}

size_t diagnose_servers_at_fault(const struct findings *f, size_t first)
{
	size_t n = 0;
	for (size_t i = first; i < f->count; i++)
		n += strcmp(f->items[i].code, "ns_probe_incomplete") != 0;
	return n;
}

enum check_verdict diagnose_verdict(const struct findings *f, enum caa_verdict caa,
				    size_t servers_at_fault)
{
	if (caa == CAA_NO_DECISION && servers_at_fault == 0)
		return CHECK_UNKNOWN;
	for (size_t i = 0; i < f->count; i++)
		if (f->items[i].severity == FINDING_ERROR)
			return CHECK_WILL_FAIL;
	return CHECK_OK;
}
