/* CAA's explanations (explain.h): the paragraph that says why, and the
 * --trace account of the walk. */
#include "caa/explain.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "caa/dnssec_walk.h"
#include "caa/policy.h"
#include "dnssec/advice.h"
#include "dns/text.h"
#include "dns/types.h"
#include "net/trace.h"

const char *caa_ca_name(const char *ca_id)
{
	return ca_id && strcmp(ca_id, "letsencrypt.org") == 0 ? "Let's Encrypt" : ca_id;
}

void caa_record_text(char *buf, size_t cap, const struct caa_record *rec)
{
	struct dns_text t;
	dns_text_init(&t, buf, cap);
	dns_text_printf(&t, "%u ", rec->flags);
	for (size_t i = 0; i < rec->tag_len; i++) {
		uint8_t c = rec->tag[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			dns_text_put(&t, (const char *)&c, 1);
		else
			dns_text_printf(&t, "\\%03u", c);
	}
	dns_text_puts(&t, " ");
	dns_text_quoted(&t, rec->value, rec->value_len);
}

const struct caa_label *caa_deciding_label(const struct caa_walk_result *r)
{
	return r->deciding_label >= 0 ? r->labels[r->deciding_label] : NULL;
}

#if ACMEPROBE_DNSSEC
/* A failed query that acmeprobe's own validation looked behind
 * (caa/dnssec_walk.h): what it found, in place of the general advice. */
static bool dnssec_reason(struct dns_text *t, const struct caa_label *l, const char *name)
{
	const struct caa_dnssec_note *n = l->dnssec;
	const struct dnssec_verdict *v = &n->verdict;
	char why[1024], zone[DNS_MAX_NAME_TEXT], addr[NET_ADDR_TEXT];
	if (n->reask_failed) {
		dns_text_printf(t,
				"The CAA query for %s failed with SERVFAIL, and asked again with "
				"checking disabled (CD) it fails too: the resolver cannot get the "
				"data at all, which points at the nameservers or the path to them "
				"rather than at DNSSEC (with CD a validating resolver hands bogus "
				"data over). Check that every nameserver of the zone answers "
				"(R-CAA-4, R-CAA-6)",
				name);
		return true;
	}
	if (dnssec_verdict_unjudged(v))
		return false; /* the general advice, DNSSEC debugger included */
	dnssec_why_words(why, sizeof why, &v->why);
	if (!dnssec_verdict_fails(v)) {
		dns_text_printf(
		    t,
		    "The CAA query for %s failed with SERVFAIL, but acmeprobe's own "
		    "validation of the data behind it (asked again with CD) finds it %s: "
		    "%s (R-DNSSEC-4). The SERVFAIL is not DNSSEC's: check that every "
		    "nameserver of the zone answers CAA queries (R-CAA-4, R-CAA-6)",
		    name, dnssec_status_name(v->status), why);
		return true;
	}
	dns_name_text(zone, sizeof zone, v->why.has_zone ? v->why.zone : l->name);
	if (n->made_error)
		dns_text_printf(
		    t,
		    "The CAA query for %s was answered %s by a resolver that does not "
		    "validate DNSSEC, but the answer, from zone %s, is bogus: %s. A "
		    "validating resolver, the CA's, answers SERVFAIL for it (R-DNSSEC-2), "
		    "so it is no empty answer (R-DNSSEC-10)",
		    name, n->resolver_rcode == DNS_RCODE_NXDOMAIN ? "NXDOMAIN" : "NOERROR", zone,
		    why);
	else
		dns_text_printf(
		    t,
		    "The CAA query for %s failed with SERVFAIL because DNSSEC validation "
		    "fails in zone %s (acmeprobe's own validation of the data, asked again "
		    "with CD; R-DNSSEC-2): %s",
		    name, zone, why);
	if (n->servers_probed && n->server_count) {
		dns_text_printf(t, ". %s the bad data: ",
				n->server_count == n->servers_asked
				    ? "Every server of the zone serves"
				    : "These servers serve");
		for (size_t i = 0; i < n->server_count; i++) {
			dns_text_puts(t, i ? ", " : "");
			dns_text_name(t, n->servers[i].name);
			dns_text_printf(t, " (%s)", net_addr_text(&n->servers[i].addr, addr));
		}
	}
	struct dnssec_advice a;
	dnssec_advice_for(v, &a);
	dns_text_printf(t,
			". %s A CA cannot know whether it may issue, so it refuses (fails "
			"closed, R-CAA-4)",
			a.fix);
	return true;
}
#endif

/* The diagnosis of a failed CAA query (R-CAA-4, R-CAA-5, R-CAA-6). */
static void error_reason(char *buf, size_t cap, const struct caa_label *l)
{
	char name[DNS_MAX_NAME_TEXT];
	dns_name_text(name, sizeof name, l->name);
	const char *why;
	struct dns_text t;
	dns_text_init(&t, buf, cap);
	bool said = false;
#if ACMEPROBE_DNSSEC
	said = l->dnssec && dnssec_reason(&t, l, name);
#endif
	switch (said ? DNS_EC_NONE : l->error) {
	case DNS_EC_SERVFAIL:
		why =
		    "failed with SERVFAIL. The usual cause is DNSSEC: a signature that does not "
		    "validate, or a signer that signs empty answers wrongly (PowerDNS 4.0.3 and "
		    "earlier, fixed in 4.0.4; CAA answers are usually empty). Check the zone "
		    "with a DNSSEC debugger first, then that every nameserver answers (R-CAA-4, "
		    "R-CAA-6)";
		break;
	case DNS_EC_TIMEOUT:
		why =
		    "got no answer, even after retries. The usual cause is a firewall in front of "
		    "the nameservers that drops queries for types it does not know, such as CAA. "
		    "Check that each nameserver of the zone answers CAA queries (R-CAA-5, R-CAA-6)";
		break;
	case DNS_EC_NOTIMP:
		why = "was answered NOTIMP: a nameserver that breaks RFC 1035, which requires "
		      "NOERROR "
		      "and an empty answer for a type it does not serve. Fix or replace that "
		      "nameserver (R-CAA-4)";
		break;
	case DNS_EC_REFUSED:
		why =
		    "was REFUSED: the nameserver will not answer for this name (a lame delegation, "
		    "or an access list). Check the delegation and each nameserver (R-CAA-4, "
		    "R-CAA-6)";
		break;
	case DNS_EC_FORMERR:
		why = "was answered FORMERR: the server could not read a standard query (an old or "
		      "broken server, or a middlebox that mangles EDNS) (R-CAA-4)";
		break;
	case DNS_EC_NXDOMAIN:
		why =
		    "says the TLD itself does not exist (NXDOMAIN for a TLD is an error: R-CAA-8)";
		break;
	case DNS_EC_MALFORMED:
		why = "got only malformed answers (R-CAA-4)";
		break;
	case DNS_EC_NONE:
		why = NULL; /* said by the DNSSEC diagnosis */
		break;
	default:
		why = "could not reach any DNS server (a network error) (R-CAA-4)";
		break;
	}
	if (!said)
		dns_text_printf(
		    &t,
		    "The CAA query for %s %s. A CA cannot know whether it may issue, so "
		    "it refuses (fails closed)",
		    name, why);
	if (l->has_ede) {
		const char *ede = dns_ede_name(l->ede_code);
		dns_text_printf(&t, ". The resolver's extended error (RFC 8914): %u (%s)%s%s",
				l->ede_code, ede ? ede : "unassigned", l->ede_text[0] ? ": " : "",
				l->ede_text);
	}
	dns_text_puts(&t, ".");
}

static void decision_reason(char *buf, size_t cap, const struct caa_walk_result *r,
			    const struct caa_request *req)
{
	char name[DNS_MAX_NAME_TEXT], domain[DNS_MAX_NAME_TEXT], rec[1024];
	const struct caa_label *l = caa_deciding_label(r);
	const char *kind = r->decision.counted == CAA_TAG_ISSUEWILD ? "issuewild" : "issue";
	struct dns_text t;
	dns_text_init(&t, buf, cap);
	dns_name_text(domain, sizeof domain, r->domain);
	if (!l || r->decision.outcome == CAA_PERMIT_NO_RECORDS) {
		dns_text_printf(
		    &t, "No CAA record at %s or any of its parents: any CA may issue (R-CAA-1).",
		    domain);
		return;
	}
	dns_name_text(name, sizeof name, l->name);
	switch (r->decision.outcome) {
	case CAA_PERMIT_NO_RECORDS:
		break; /* said above */
	case CAA_FORBID_CRITICAL:
		caa_record_text(rec, sizeof rec, &l->records[r->decision.deciding]);
		dns_text_printf(&t,
				"The CAA record %s CAA %s has an unknown tag marked critical "
				"(flags 128, or 1, which Let's Encrypt also takes as critical): no "
				"CA may issue (R-CAA-9). "
				"Remove that record or clear its critical flag.",
				name, rec);
		break;
	case CAA_PERMIT_NOT_RELEVANT:
		dns_text_printf(
		    &t,
		    "The CAA records at %s contain no %s record, so they do not restrict "
		    "who may issue%s (R-CAA-10).",
		    name, kind, req->wildcard ? " a wildcard certificate" : "");
		break;
	case CAA_PERMIT_AUTHORIZED:
		caa_record_text(rec, sizeof rec, &l->records[r->decision.deciding]);
		dns_text_printf(&t, "The CAA record %s CAA %s authorizes %s (R-CAA-11%s).", name,
				rec, req->ca_id,
				req->account_uri || req->method ? ", R-CAA-12" : "");
		break;
	case CAA_FORBID_UNAUTHORIZED:
		dns_text_printf(&t, "The %s records at %s do not authorize %s (%s): ", kind, name,
				req->ca_id, r->decision.rule);
		for (size_t i = 0; i < l->record_count; i++) {
			if (l->records[i].kind != r->decision.counted)
				continue;
			caa_record_text(rec, sizeof rec, &l->records[i]);
			dns_text_printf(&t, "%s: %s (%s); ", rec,
					caa_match_text(caa_record_matches(&l->records[i], req)),
					caa_match_rule(caa_record_matches(&l->records[i], req)));
		}
		dns_text_printf(
		    &t, "to allow it, add %s CAA 0 %s \"%s\"%s.", name, kind, req->ca_id,
		    l != r->labels[0]
			? " (or a CAA RRset lower down, which takes precedence: R-CAA-2)"
			: "");
		break;
	}
	if (l && l->via_cname) {
		char target[DNS_MAX_NAME_TEXT];
		dns_name_text(target, sizeof target, l->cname_target);
		dns_text_printf(&t,
				" These records were found by following a CNAME from %s to %s; "
				"the target's parents are not searched (R-CAA-3).",
				name, target);
	}
}

void caa_reason(char *buf, size_t cap, const struct caa_walk_result *r,
		const struct caa_request *req)
{
	if (r->input_error && r->ip_address)
		snprintf(buf, cap, "%s.", r->input_error); /* it names the address (R-IP-1) */
	else if (r->input_error)
		snprintf(buf, cap, "'%s' is not a domain name: %s.", r->input, r->input_error);
	else if (r->verdict == CAA_NO_DECISION)
		error_reason(buf, cap, caa_deciding_label(r));
	else
		decision_reason(buf, cap, r, req);
}

void caa_explain_walk(const struct caa_walk_result *r, const struct caa_request *req,
		      caa_trace_fn trace, void *ctx)
{
	char name[DNS_MAX_NAME_TEXT], rec[1024];
	if (r->input_error || r->ip_address)
		return; /* no walk: nothing was asked */
	for (size_t i = 0; i < r->label_count; i++) {
		const struct caa_label *l = r->labels[i];
		dns_name_text(name, sizeof name, l->name);
		if (l->error != DNS_EC_NONE) {
			trace_printf(trace, ctx, "R-CAA-4",
				     "%s CAA: %s -> error below any record: fail closed", name,
				     dns_errclass_name(l->error));
			return;
		}
		if (!l->record_count) {
			trace_printf(trace, ctx, "R-CAA-7",
				     "%s CAA: empty%s -> go up to the parent", name,
				     dns_name_labels(l->name) > 1 ? "" : " (the TLD)");
			continue;
		}
		trace_printf(trace, ctx, "R-CAA-7",
			     "%s CAA: %zu record(s)%s -> relevant RRset (RFC 8659 s3)", name,
			     l->record_count, l->via_cname ? " via CNAME (R-CAA-3)" : "");
		for (size_t k = 0; k < l->record_count; k++) {
			const struct caa_record *c = &l->records[k];
			caa_record_text(rec, sizeof rec, c);
			if (c->kind == CAA_TAG_UNKNOWN)
				trace_printf(trace, ctx, "R-CAA-9", "%s: unknown tag, %s", rec,
					     caa_is_critical(c) ? "critical: forbids issuance"
								: "not critical: ignored");
			else if (c->kind == r->decision.counted &&
				 r->decision.outcome != CAA_FORBID_CRITICAL)
				trace_printf(trace, ctx, caa_match_rule(caa_record_matches(c, req)),
					     "%s: %s", rec,
					     caa_match_text(caa_record_matches(c, req)));
			else
				trace_printf(trace, ctx, "R-CAA-10",
					     "%s: does not count for this request", rec);
		}
		trace_printf(trace, ctx, r->decision.rule, "decision: %s",
			     r->decision.permitted ? "permitted" : "forbidden");
		return;
	}
	trace_printf(trace, ctx, "R-CAA-1", "no CAA record up to the TLD: permitted");
}
