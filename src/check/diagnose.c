/* The nameserver diagnoses. Each names what the CA's resolver would meet
 * and the rule that makes it fatal. */
#include "check/diagnose.h"

#include <stdio.h>
#include <string.h>

#include "dns/text.h"
#include "dns/types.h"

static void server_text(char *buf, size_t cap, const struct ns_probe_address *a)
{
	char name[DNS_MAX_NAME_TEXT], addr[NET_ADDR_TEXT];
	struct dns_text t;
	dns_text_init(&t, name, sizeof name);
	dns_text_name(&t, a->ns_name);
	snprintf(buf, cap, "%s (%s)", name, net_addr_text(&a->addr, addr));
}

static bool answered(const struct ns_probe *p)
{
	return p->error == DNS_EC_NONE;
}

static bool timed_out(const struct ns_probe *p)
{
	return p->error == DNS_EC_TIMEOUT;
}

static struct finding *add(struct findings *f, enum finding_severity s, const char *code,
			   const char *rule, const char *title, const char *cause, const char *fix)
{
	return findings_add_text(f, s, code, rule, title, cause, fix);
}

/* Appends to a finding's text, cut at its size (a long list of servers
 * may not fit). */
static void append(char *text, size_t cap, const char *more)
{
	size_t n = strlen(text), m = strlen(more);
	if (n + 1 >= cap)
		return;
	if (m > cap - 1 - n)
		m = cap - 1 - n;
	memcpy(text + n, more, m);
	text[n + m] = '\0';
}

/* R-TRANSIENT-1: when the probe `p` behind finding x failed and was asked
 * again, the finding says whether every try failed or some: in its title
 * ("...: permanent (3 of 3)"), in its cause, and in `persistence`; an
 * intermittent failure is retryable. */
static void persist(struct finding *x, const struct ns_probe *p)
{
	if (!ACMEPROBE_TRANSIENT || !x ||
	    !transient_text(&p->repeats, x->persistence, sizeof x->persistence))
		return;
	char more[512];
	snprintf(more, sizeof more, ": %s", x->persistence);
	append(x->title, sizeof x->title, more);
	if (transient_state_of(&p->repeats) == TRANSIENT_PERMANENT) {
		snprintf(more, sizeof more,
			 " Asked %u times, %s apart: every try failed, so it is no passing "
			 "glitch (R-TRANSIENT-1).",
			 p->repeats.tries, TRANSIENT_SPACING_TEXT);
	} else {
		snprintf(more, sizeof more,
			 " Asked %u times, %s apart: %u of the tries failed%s, so the failure "
			 "comes and goes; the CA's primary and each of its remote perspectives "
			 "make their own tries, and any of them may meet it (R-TRANSIENT-1, "
			 "R-MPIC-2).",
			 p->repeats.tries, TRANSIENT_SPACING_TEXT, p->repeats.failed,
			 p->repeats.timeouts == p->repeats.failed ? " (no answer)" : "");
		x->retryable = true;
	}
	append(x->cause, sizeof x->cause, more);
}

/* One server's own problems; returns whether it answers SOA at all. */
static size_t diagnose_one(const struct nsprobe_report *rep, const struct ns_probe_address *a,
			   struct findings *f)
{
	char who[DNS_MAX_NAME_TEXT + NET_ADDR_TEXT + 8], zone[DNS_MAX_NAME_TEXT];
	char title[256], cause[FINDING_TEXT];
	struct dns_text t;
	size_t before = f->count;
	server_text(who, sizeof who, a);
	dns_text_init(&t, zone, sizeof zone);
	dns_text_name(&t, rep->zone);
	const struct ns_probe *soa = &a->udp[NS_PROBE_SOA], *caa = &a->udp[NS_PROBE_CAA],
			      *unk = &a->udp[NS_PROBE_UNKNOWN];

	if (!answered(soa) && !answered(&a->tcp[NS_PROBE_SOA])) {
		snprintf(title, sizeof title, "Nameserver %.90s does not answer", who);
		snprintf(cause, sizeof cause,
			 "%.160s is in the NS set of %.160s but answered no query at all (SOA over UDP: %.160s, over "
			 "TCP: %.160s). Resolvers, the CA's among them, lose time on it and may give up.",
			 who, zone, dns_errclass_name(soa->error),
			 dns_errclass_name(a->tcp[NS_PROBE_SOA].error));
		persist(add(f, FINDING_ERROR, "ns_unreachable", "R-CAA-6", title, cause,
			    "Bring the server back, or remove it from the NS set (at the parent zone "
			    "and in the zone itself)."),
			soa);
		return f->count - before;
	}
	if (answered(soa) && (soa->rcode == DNS_RCODE_REFUSED || !soa->aa)) {
		snprintf(title, sizeof title, "Nameserver %.90s is lame for %.90s", who, zone);
		snprintf(cause, sizeof cause,
			 "Asked for the SOA of %.160s, %.160s %.160s: it does not serve the zone it is delegated.",
			 zone, who,
			 soa->rcode == DNS_RCODE_REFUSED ? "answered REFUSED" : "answered without AA");
		persist(add(f, FINDING_ERROR, "ns_lame", "R-CAA-6", title, cause,
			    "Load the zone on this server, or remove it from the NS set."),
			soa);
		return f->count - before;
	}
	/* R-CAA-5: a firewall in front of the server that drops query types
	 * it does not know, CAA included */
	if (answered(soa) && timed_out(caa)) {
		snprintf(title, sizeof title, "Nameserver %.90s drops CAA queries", who);
		snprintf(cause, sizeof cause,
			 "%.160s answers SOA queries but CAA queries get no answer%.160s. This is the "
			 "signature of a firewall (or a DNS \"protection\" box) that drops queries for "
			 "types it does not know. The CA's CAA lookup times out, and it refuses to "
			 "issue.",
			 who, timed_out(unk) ? ", and neither does a query for the unassigned type "
					       "TYPE65280" : "");
		persist(add(f, FINDING_ERROR,
			    timed_out(unk) ? "ns_drops_unknown_types" : "ns_drops_caa", "R-CAA-5",
			    title, cause,
			    "Let every query type through the firewall in front of this nameserver "
			    "(or update its DNS rules to know CAA, type 257)."),
			caa);
	}
	/* R-CAA-4: RFC 1035 requires NOERROR and an empty answer for a type a
	 * server does not know */
	if ((answered(caa) && caa->rcode == DNS_RCODE_NOTIMP) ||
	    (answered(unk) && unk->rcode == DNS_RCODE_NOTIMP)) {
		snprintf(title, sizeof title, "Nameserver %.90s answers NOTIMP to %.90s", who,
			 caa->rcode == DNS_RCODE_NOTIMP ? "CAA queries" : "unknown types");
		snprintf(cause, sizeof cause,
			 "%.160s answers NOTIMP (RCODE 4: it does not implement the query) for %.160s. RFC 1035 and RFC 3597 require "
			 "NOERROR with an empty answer for a type it holds no record of; resolvers "
			 "turn NOTIMP into SERVFAIL, and the CA refuses to issue.",
			 who, caa->rcode == DNS_RCODE_NOTIMP ? "CAA (type 257)" : "TYPE65280");
		persist(add(f, caa->rcode == DNS_RCODE_NOTIMP ? FINDING_ERROR : FINDING_WARNING,
			    "ns_notimp", "R-CAA-4", title, cause,
			    "Upgrade or replace this nameserver software (or its load balancer) so "
			    "that it answers every type."),
			caa->rcode == DNS_RCODE_NOTIMP ? caa : unk);
	}
	if (answered(caa) && caa->rcode == DNS_RCODE_SERVFAIL) {
		snprintf(title, sizeof title, "Nameserver %.90s answers SERVFAIL to CAA", who);
		snprintf(cause, sizeof cause, "%.160s is authoritative but fails on CAA queries.", who);
		persist(add(f, FINDING_ERROR, "ns_servfail", "R-CAA-4", title, cause,
			    "Read the nameserver's logs: a backend (database, signer) fails for this "
			    "query."),
			caa);
	}
	/* R-CAA-13: an RRset too large for UDP needs TCP */
	if (caa->truncated_udp && !answered(&a->tcp[NS_PROBE_CAA])) {
		snprintf(title, sizeof title, "CAA answer from %.90s needs TCP, and TCP fails", who);
		snprintf(cause, sizeof cause,
			 "The CAA RRset does not fit a UDP answer (TC=1), and %.160s does not answer over "
			 "TCP (%.160s). A resolver cannot get the records.",
			 who, dns_errclass_name(a->tcp[NS_PROBE_CAA].error));
		persist(add(f, FINDING_ERROR, "ns_tcp_closed_large_caa", "R-CAA-13", title, cause,
			    "Open TCP port 53 to the nameserver (RFC 7766 requires it), or shrink "
			    "the CAA RRset."),
			&a->tcp[NS_PROBE_CAA]);
	} else if (answered(soa) && !answered(&a->tcp[NS_PROBE_SOA])) {
		snprintf(title, sizeof title, "Nameserver %.90s does not answer over TCP", who);
		snprintf(cause, sizeof cause,
			 "%.160s answers over UDP but not over TCP (%.160s). Any answer too large for UDP "
			 "(a large CAA RRset, DNSSEC) will fail.",
			 who, dns_errclass_name(a->tcp[NS_PROBE_SOA].error));
		persist(add(f, FINDING_WARNING, "ns_tcp_closed", "R-CAA-13", title, cause,
			    "Open TCP port 53 to the nameserver (RFC 7766)."),
			&a->tcp[NS_PROBE_SOA]);
	}
	/* R-DNSSEC-12: a NODATA without the SOA that proves it (RFC 2308 s2.2,
	 * s3): signers such as PowerDNS 4.0.3 and earlier (fixed in 4.0.4)
	 * produced such answers; a validator cannot validate them, and Unbound
	 * 1.18 (the CA's since November 2023) throws away a NOERROR with no
	 * record at all and asks the zone's other servers */
	if (answered(caa) && caa->rcode == DNS_RCODE_NOERROR && caa->aa && !caa->records &&
	    !caa->cname && !caa->soa_in_authority) {
		snprintf(title, sizeof title, "Nameserver %.90s sends an empty CAA answer without SOA", who);
		snprintf(cause, sizeof cause,
			 "%.160s says there is no CAA record but omits the SOA that proves it (RFC 2308)%.160s.",
			 who, rep->zone_signed ? "; the zone is signed, so validating resolvers (the "
						 "CA's) cannot validate the empty answer and say "
						 "SERVFAIL"
					       : "");
		add(f, rep->zone_signed ? FINDING_ERROR : FINDING_WARNING, "ns_nodata_without_soa",
		    "R-DNSSEC-12", title, cause,
		    "Upgrade the nameserver or signer (PowerDNS 4.0.3 and earlier had this bug, "
		    "fixed in 4.0.4).");
	}
	return f->count - before;
}

size_t diagnose_nameservers(const struct nsprobe_report *rep, struct findings *f)
{
	size_t before = f->count;
	char title[256], cause[FINDING_TEXT], zone[DNS_MAX_NAME_TEXT];
	struct dns_text t;
	dns_text_init(&t, zone, sizeof zone);
	dns_text_name(&t, rep->zone);
	if (rep->problem) {
		snprintf(cause, sizeof cause, "The nameservers could not be probed: %.160s.", rep->problem);
		add(f, FINDING_WARNING, "ns_probe_incomplete", "R-CAA-6", "Nameservers not probed",
		    cause, "Check the zone's delegation (its NS records at the parent) by hand.");
		return f->count - before;
	}
	for (size_t i = 0; i < rep->addr_count; i++)
		diagnose_one(rep, &rep->addrs[i], f);

	/* servers that disagree */
	bool serial_set = false, differs = false, caa_some = false, caa_none = false;
	uint32_t serial = 0;
	for (size_t i = 0; i < rep->addr_count; i++) {
		const struct ns_probe_address *a = &rep->addrs[i];
		const struct ns_probe *soa = &a->udp[NS_PROBE_SOA], *caa = &a->udp[NS_PROBE_CAA];
		if (answered(soa) && soa->aa && soa->rcode == DNS_RCODE_NOERROR && soa->records) {
			if (serial_set && soa->serial != serial)
				differs = true;
			serial = soa->serial;
			serial_set = true;
		}
		/* NXDOMAIN too: a server without the name has no CAA there */
		if (answered(caa) && caa->aa &&
		    (caa->rcode == DNS_RCODE_NOERROR || caa->rcode == DNS_RCODE_NXDOMAIN)) {
			if (caa->records)
				caa_some = true;
			else
				caa_none = true;
		}
	}
	if (differs) {
		snprintf(title, sizeof title, "The nameservers of %.90s serve different versions", zone);
		snprintf(cause, sizeof cause,
			 "Their SOA serials differ: some have not loaded the latest zone. The CA may ask "
			 "either.");
		struct finding *x = add(f, FINDING_WARNING, "ns_serial_mismatch", "R-CAA-6", title,
					cause,
					"Check zone transfers (NOTIFY, IXFR/AXFR) to the servers that "
					"lag.");
		if (x)
			x->retryable = true; /* the servers that lag may catch up */
	}
	if (caa_some && caa_none) {
		snprintf(title, sizeof title, "Only some nameservers of %.90s have the CAA records", zone);
		snprintf(cause, sizeof cause,
			 "Some servers answer CAA records for the name, others none: the CA's answer "
			 "depends on which server its resolver asks (R-CAA-2).");
		struct finding *x = add(f, FINDING_ERROR, "ns_caa_inconsistent", "R-CAA-2", title,
					cause,
					"Make every nameserver serve the same zone (check transfers "
					"and serials).");
		if (x)
			x->retryable = true; /* a transfer may be on its way */
	}
	/* R-TRANSIENT-2: every nameserver finding says who to report it to */
	if (!ACMEPROBE_TRANSIENT)
		return f->count - before;
	char who[FINDING_TEXT];
	transient_who_to_tell((const uint8_t(*)[DNS_MAX_NAME])rep->ns_names, rep->ns_count,
			      rep->soa_mname, rep->soa_rname, who, sizeof who);
	for (size_t i = before; i < f->count; i++) {
		append(f->items[i].fix, sizeof f->items[i].fix, " ");
		append(f->items[i].fix, sizeof f->items[i].fix, who);
	}
	return f->count - before;
}
