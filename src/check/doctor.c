/* The doctor's run over one domain (doctor.h): each probe in turn, its
 * results handed to the diagnoses, the --trace lines as it goes. */
#include "check/doctor.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "acme/digest.h"
#include "acme/dns01_run.h"
#include "acme/ident.h"
#include "acme/le_caa.h"
#include "acme/le_http01.h"
#include "acme/tlsalpn01_run.h"
#include "caa/dnssec_walk.h"
#include "caa/explain.h"
#include "caa/lookup.h"
#include "check/diagnose.h"
#include "check/diagnose_challenge.h"
#include "check/diagnose_ip.h"
#include "check/diagnose_method.h"
#include "check/dnssec_diagnose.h"
#include "check/dnssec_doctor.h"
#include "check/nsprobe.h"
#include "dns/query.h"
#include "dns/result.h"
#include "dns/text.h"
#include "dns/types.h"
#include "http/http01.h"
#include "net/clock.h"
#include "net/trace.h"

#ifndef ACMEPROBE_LE_TEXT
#define ACMEPROBE_LE_TEXT 1
#endif
#ifndef ACMEPROBE_TLS
#define ACMEPROBE_TLS 1
#endif

/* What one run needs beyond the stack: the probe report and the three
 * HTTP-01 results are large, and kept on the heap (no static storage
 * outside the command line). */
struct workspace {
	struct nsprobe_report ns;
	struct h01_result ca;	       /* HTTP-01 as the CA makes it */
	struct h01_result alone[2];    /* IPv6 alone, IPv4 alone */
	struct caa_dnssec_walk dnssec; /* the walk's validation and its session */
};

static void workspace_free(const struct doctor_config *cfg, struct workspace *ws)
{
#if ACMEPROBE_DNSSEC
	if (cfg->anchors)
		caa_dnssec_walk_free(&ws->dnssec);
#else
	(void)cfg;
#endif
	free(ws);
}

void doctor_trace(const struct doctor_config *cfg, const char *rule, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	trace_vprintf(cfg->trace, cfg->trace_ctx, rule, fmt, ap);
	va_end(ap);
}

/* Where the next of Let's Encrypt's texts goes (kept when its writer says
 * the words can be predicted: le_text_kept), or NULL when all are used. */
static char *le_text_slot(struct doctor_report *out)
{
	if (!ACMEPROBE_LE_TEXT) /* make tiny leaves the texts out */
		return NULL;
	return out->le_text_count < DOCTOR_MAX_LE_TEXT ? out->le_text[out->le_text_count] : NULL;
}

static void le_text_kept(struct doctor_report *out, bool said)
{
	if (said)
		out->le_text_count++;
}

/* Keeps one of Let's Encrypt's texts made elsewhere, cut to the slot. */
static void le_text_copy(struct doctor_report *out, const char *text)
{
	char *slot = le_text_slot(out);
	if (!slot)
		return;
	size_t n = strlen(text);
	n = n < DOCTOR_LE_TEXT - 1 ? n : DOCTOR_LE_TEXT - 1;
	memcpy(slot, text, n);
	slot[n] = '\0';
	le_text_kept(out, true);
}

/* ---- 1. CAA ---------------------------------------------------------------- */

struct caa_capture {
	const struct doctor_config *cfg;
	const char *name;
	struct caa_request req;
	const char *const *methods; /* CAA judged against each (R-CAA-12) */
	size_t method_count;
	struct findings *f;
	struct doctor_report *out;
	bool given;
	enum caa_verdict verdict;
	/* R-TRANSIENT-1: set while the walk is asked again; each try counted */
	bool repeating;
	struct transient_tries tries;
	bool first_timeout;		  /* the first try failed for want of an answer */
	uint8_t probe_name[DNS_MAX_NAME]; /* the deciding (or failing) label */
	bool have_probe_name;
};

/* --method, --account-uri (R-CAA-12): what the walk asks with. The
 * contract's default is http-01 when HTTP-01 runs, for a name that can
 * use it (R-DNS01-5); each method given is judged, the walk itself asks
 * with the first. */
static void caa_methods(const struct doctor_config *cfg, bool wildcard, struct caa_capture *c)
{
	static const char *const http01[1] = {"http-01"};
	c->req.account_uri = cfg->account_uri;
	c->methods = cfg->methods;
	c->method_count = cfg->method_count;
	if (!c->method_count && !wildcard &&
	    diagnose_http01_planned(cfg->token, cfg->webroot_failed)) {
		c->methods = http01;
		c->method_count = 1;
	}
	if (c->method_count)
		c->req.method = c->methods[0];
}

/* The walk's one name. */
static bool one_name(void *ctx, char *name, size_t cap)
{
	struct caa_capture *c = ctx;
	if (c->given)
		return false;
	c->given = true;
	snprintf(name, cap, "%s", c->name);
	return true;
}

static void trace_caa_answer(void *ctx, const struct dns_result *r)
{
	struct caa_capture *c = ctx;
	c->cfg->trace_answer(c->cfg->trace_ctx, r);
}

static void on_caa(void *ctx, const struct caa_walk_result *r)
{
	struct caa_capture *c = ctx;
	if (ACMEPROBE_TRANSIENT && c->repeating) {
		/* a repeat counts, and changes neither the verdict nor the
		 * findings of the first try */
		bool failed = r->verdict == CAA_NO_DECISION;
		const struct caa_label *l =
		    r->deciding_label >= 0 ? r->labels[r->deciding_label] : NULL;
		c->tries.tries++;
		c->tries.failed += failed;
		c->tries.timeouts += failed && l && l->error == DNS_EC_TIMEOUT;
		doctor_trace(c->cfg, "R-TRANSIENT-1", "the CAA lookup asked again (try %u): %s",
			     c->tries.tries,
			     failed ? (l ? dns_errclass_name(l->error) : "no decision")
				    : "decided");
		return;
	}
	c->verdict = r->verdict;
	if (c->cfg->trace)
		caa_explain_walk(r, &c->req, c->cfg->trace, c->cfg->trace_ctx);
	/* the nameservers probed are those of the label that decided (or
	 * failed), else of the name itself */
	const struct caa_label *l =
	    r->deciding_label >= 0 ? r->labels[r->deciding_label] : r->labels[0];
	if (r->label_count) {
		memcpy(c->probe_name, l->name, dns_name_len(l->name));
		c->have_probe_name = true;
	}
	c->first_timeout =
	    r->label_count && r->verdict == CAA_NO_DECISION && l->error == DNS_EC_TIMEOUT;
	if (ACMEPROBE_DNS01 && (c->method_count || c->req.account_uri))
		diagnose_caa_methods(r, &c->req, c->methods, c->method_count, c->f);
	else
		diagnose_caa(r, &c->req, c->f);
	char *slot = le_text_slot(c->out);
	if (slot)
		le_text_kept(c->out, le_caa_problem(r, slot, DOCTOR_LE_TEXT));
}

/* ---- 2. the nameservers' --trace ------------------------------------------ */

static void trace_probe(const struct doctor_config *cfg, const struct ns_probe_address *a,
			const char *kind, const char *transport, const struct ns_probe *p)
{
	char name[DNS_MAX_NAME_TEXT], addr[NET_ADDR_TEXT], rcode[DNS_TYPE_TEXT];
	dns_name_text(name, sizeof name, a->ns_name);
	if (p->error != DNS_EC_NONE)
		doctor_trace(cfg, "R-CAA-6", "%s (%s) %s over %s, no recursion: %s (%u ms)", name,
			     net_addr_text(&a->addr, addr), kind, transport,
			     dns_errclass_name(p->error), p->elapsed_ms);
	else
		doctor_trace(cfg, "R-CAA-6",
			     "%s (%s) %s over %s, no recursion: %s%s%s, %zu record(s)%s (%u ms)",
			     name, net_addr_text(&a->addr, addr), kind, transport,
			     dns_rcode_to_text(p->rcode, rcode), p->aa ? ", AA" : ", no AA",
			     p->truncated_udp ? ", TC" : "", p->records,
			     p->soa_in_authority ? ", SOA in authority" : "", p->elapsed_ms);
	if (ACMEPROBE_TRANSIENT && p->repeats.tries > 1)
		doctor_trace(cfg, "R-TRANSIENT-1",
			     "%s (%s) %s over %s asked %u times in all: %u failed", name, addr,
			     kind, transport, p->repeats.tries, p->repeats.failed);
}

static void trace_probes(const struct doctor_config *cfg, const struct nsprobe_report *rep)
{
	static const char *const kinds[NS_PROBE_KINDS] = {"SOA", "CAA", "TYPE65280"};
	char zone[DNS_MAX_NAME_TEXT];
	dns_name_text(zone, sizeof zone, rep->zone);
	if (rep->problem) {
		doctor_trace(cfg, "R-CAA-6", "nameservers not probed: %s", rep->problem);
		return;
	}
	if (rep->via_referral) {
		char parent[DNS_MAX_NAME_TEXT];
		dns_name_text(parent, sizeof parent, rep->parent_zone);
		doctor_trace(cfg, "R-CAA-6",
			     "the resolver gave no SOA below %s: its servers referred to zone %s, "
			     "whose servers are the ones the CA's resolver must ask",
			     parent, zone);
	}
	doctor_trace(cfg, "R-CAA-6", "zone %s: %zu nameserver(s), %zu address(es)%s", zone,
		     rep->ns_count, rep->addr_count, rep->zone_signed ? ", signed" : "");
	for (size_t i = 0; i < rep->addr_count; i++)
		for (int k = 0; k < NS_PROBE_KINDS; k++) {
			trace_probe(cfg, &rep->addrs[i], kinds[k], "UDP", &rep->addrs[i].udp[k]);
			trace_probe(cfg, &rep->addrs[i], kinds[k], "TCP", &rep->addrs[i].tcp[k]);
		}
}

/* ---- 3. addresses ---------------------------------------------------------- */

struct addr_capture {
	struct findings *f;
	struct domain_lookups lookups;
	const char *domain;
};

static void on_address(void *ctx, const struct dns_result *r)
{
	struct addr_capture *a = ctx;
	int i = r->question->type == DNS_T_AAAA;
	a->lookups.error[i] = r->error;
	if (!r->msg || r->error != DNS_EC_NONE)
		return;
	size_t k = 0;
	struct dns_address addr;
	while (dns_result_next_address(r, &k, &addr)) {
		a->lookups.count[i]++;
		diagnose_address(a->domain, &addr, a->f);
	}
}

static void check_addresses(const struct doctor_config *cfg, const char *domain,
			    const uint8_t *wire, struct findings *f)
{
	struct addr_capture a = {.f = f, .domain = domain};
	for (int i = 0; i < 2; i++) {
		struct dns_question q = {.type = i ? DNS_T_AAAA : DNS_T_A,
					 .flags = DNS_Q_RD | DNS_Q_AD};
		memcpy(q.name, wire, dns_name_len(wire));
		resolver_ask(cfg->resolver, &q, on_address, &a);
	}
	/* an error whenever HTTP-01 is to be run: --token or --webroot */
	diagnose_lookups(domain, &a.lookups,
			 diagnose_http01_planned(cfg->token, cfg->webroot_failed), f);
}

/* ---- 4. HTTP-01 ------------------------------------------------------------ */

static void check_http01(const struct doctor_config *cfg, const char *domain, struct workspace *ws,
			 struct findings *f, struct doctor_report *out)
{
	/* Let's Encrypt's ports, fallback rule and timeouts */
	struct h01_config h = h01_config_defaults();
	h.resolver = cfg->resolver;
	h.domain = domain;
	h.token = cfg->token;
	h.key_authorization = cfg->key_authorization;
	if (h01_validate(&h, &ws->ca) != 0) {
		diagnose_http01_error(errno, f);
		return;
	}
	/* beside the CA's way, each address alone: the difference explains
	 * most IPv6 failures (Let's Encrypt's IPv6 Support page,
	 * https://letsencrypt.org/docs/ipv6-support/) */
	bool both = ws->ca.initial.has6 && ws->ca.initial.has4;
	for (int i = 0; both && i < 2; i++) {
		struct h01_config one = h;
		one.only_family = i ? AF_INET : AF_INET6;
		if (h01_validate(&one, &ws->alone[i]) != 0)
			both = false;
	}
	diagnose_http01(&ws->ca, both ? ws->alone : NULL, f);
	char *slot = le_text_slot(out);
	if (slot)
		le_text_kept(
		    out, le_http01_problem(&ws->ca, cfg->key_authorization, slot, DOCTOR_LE_TEXT));
}

/* ---- 4. dns-01 and tls-alpn-01 ------------------------------------------------ */

/* Whether --method named the challenge and --key-authorization gives
 * what it needs: then it is run, as the dns01 and tlsalpn01 commands
 * run it. */
static bool challenge_run(const struct doctor_config *cfg, const char *method)
{
	for (size_t i = 0; cfg->key_authorization && i < cfg->method_count; i++)
		if (strcmp(cfg->methods[i], method) == 0)
			return true;
	return false;
}

#if ACMEPROBE_DNS01
/* Let's Encrypt's texts of the run, after those already kept. */
static void dns01_le_texts(const struct dns01_run *run, struct doctor_report *out)
{
	struct dns01_texts t;
	if (!dns01_collect_texts(run, &t))
		return;
	for (size_t i = 0; i < t.count; i++)
		le_text_copy(out, t.text[i]);
	free(t.text);
}

/* dns-01 (R-DNS01-1..4): acme/dns01_run.h makes the lookup and asks each
 * authoritative server; diagnose_dns01 writes the finding. */
static int check_dns01(const struct doctor_config *cfg, const char *input,
		       struct doctor_report *out)
{
	struct dns01_run *run = calloc(1, sizeof *run);
	struct acme_verdict *scratch = malloc(sizeof *scratch);
	int rc = -1;
	uint8_t d[ACME_SHA256_LEN];
	enum dns_err derr;
	if (!run || !scratch)
		goto out;
	*run = (struct dns01_run){.rcfg = cfg->resolver,
				  .method = DNS01_M_DNS01,
				  .ns_port = cfg->ns_port,
				  .first_bad = -1,
				  .trace = cfg->trace,
				  .trace_ctx = cfg->trace_ctx};
	rc = 0;
	/* (a name too long for the prefix: the CA could not ask either) */
	if (acme_challenge_name(input, DNS01_PREFIX, run->domain, run->txt_name, &run->wildcard,
				&derr) != ACME_NAME_OK)
		goto out;
	acme_name_text(run->txt_name, run->le_name, sizeof run->le_name);
	rc = -1;
	if (!acme_sha256(cfg->key_authorization, strlen(cfg->key_authorization), d))
		goto out;
	dns01_value(d, run->expected_text); /* R-DNS01-2 */
	run->expected = (const uint8_t *)run->expected_text;
	run->expected_len = strlen(run->expected_text);
	if (dns01_probe(run) != 0)
		goto out;
	struct dns01_view v = {.outcome = run->outcome,
			       .lookup_passed = run->verdict.outcome == ACME_VALID,
			       .rule = run->verdict.rule,
			       .txt_name = run->le_name,
			       .expected = run->expected_text};
	dns01_overall_problem(run, &v.problem_type, &v.detail, scratch);
	char who[DNS_MAX_NAME_TEXT + NET_ADDR_TEXT + 4], why[1024];
	if (run->first_bad >= 0) {
		size_t i = (size_t)run->first_bad;
		uint32_t newest;
		bool has;
		dns01_server_who(run, i, who, sizeof who);
		acme_server_sentence(run->servers, run->server_count, i, who, why, sizeof why);
		v.server = why;
		v.server_lags = acme_server_judge(run->servers, run->server_count, i, &newest,
						  &has) == ACME_SRV_LAGS;
	}
	diagnose_dns01(&v, &out->findings);
	dns01_le_texts(run, out);
	rc = 0;
out:
	if (run)
		dns01_run_free(run);
	free(run);
	free(scratch);
	return rc;
}
#endif

#if ACMEPROBE_TLS
/* tls-alpn-01 (R-ALPN-1..5): acme/tlsalpn01_run.h makes it; `value` is
 * the identifier in lower case, without a final dot (or the IP's text). */
static int check_tlsalpn01(const struct doctor_config *cfg, const char *value,
			   const struct ident_ip *ip, struct doctor_report *out)
{
	struct alpn_config a = {.resolver = cfg->resolver,
				.ident = {.is_ip = ip != NULL, .value = value},
				.key_authorization = cfg->key_authorization,
				.port = ALPN_PORT,
				.dial_timeout_ms = ALPN_DIAL_TIMEOUT_MS,
				.trace = cfg->trace,
				.trace_ctx = cfg->trace_ctx};
	if (ip)
		a.ident.ip = *ip;
	struct alpn_result *res = malloc(sizeof *res);
	if (!res)
		return -1;
	if (alpn_validate(&a, res) != 0) {
		int err = errno;
		alpn_result_free(res);
		free(res);
		errno = err;
		return -1;
	}
	diagnose_tlsalpn01(value, res, &out->findings);
	if (res->problem.type)
		le_text_copy(out, res->problem.detail);
	alpn_result_free(res);
	free(res);
	return 0;
}
#endif

/* ---- an IP address identifier ---------------------------------------------- */

/* What applies to an IP address (R-IP-4): no CAA, no nameserver, no
 * address lookup; its own findings, and HTTP-01 at that address. */
static enum doctor_status run_ip(const struct doctor_config *cfg, const char *input,
				 struct doctor_report *out)
{
	struct findings *f = &out->findings;
	struct ident_ip ip;
	char canonical[IDENT_IP_TEXT];
	if (ident_ip_parse(input, strlen(input), &ip, canonical) != IDENT_IP_OK)
		return DOCTOR_NOT_A_NAME; /* R-IP-1: not in canonical form */
	doctor_trace(cfg, "R-IP-4",
		     "%s is an IP address identifier: no CAA, no nameserver, no address lookup",
		     input);
	diagnose_ip_identifier(input, &ip, f);
	if (ACMEPROBE_DNS01)
		diagnose_methods_offered(true, input, cfg->methods, cfg->method_count, f);
	if (cfg->webroot_failed) {
		diagnose_webroot_unwritable(cfg->webroot_failed, f);
	} else if (cfg->token) {
		struct workspace *ws = calloc(1, sizeof *ws);
		if (!ws)
			return DOCTOR_FAILED;
		check_http01(cfg, input, ws, f, out);
		free(ws);
	}
#if ACMEPROBE_TLS
	if (ACMEPROBE_DNS01 && challenge_run(cfg, "tls-alpn-01") &&
	    check_tlsalpn01(cfg, canonical, &ip, out) != 0)
		return DOCTOR_FAILED;
#endif
	diagnose_single_vantage(f);
	/* no CAA to leave the verdict unknown */
	out->verdict = diagnose_verdict(f, CAA_PERMITTED, 0);
	return DOCTOR_DONE;
}

/* ---- one domain ------------------------------------------------------------- */

enum doctor_status doctor_run(const struct doctor_config *cfg, const char *input,
			      struct doctor_report *out)
{
	struct findings *f = &out->findings;
	memset(f, 0, sizeof *f);
	out->le_text_count = 0;
	out->verdict = CHECK_UNKNOWN;
	snprintf(out->domain, sizeof out->domain, "%s", input);
	if (ident_looks_like_ip(input))
		return ACMEPROBE_IP ? run_ip(cfg, input, out) : DOCTOR_NOT_A_NAME;
	bool wildcard;
	uint8_t wire[DNS_MAX_NAME];
	size_t len;
	enum dns_err e = dns_name_from_input(input, strlen(input), &wildcard, wire, &len);
	if (e || wire[0] == 0)
		return DOCTOR_NOT_A_NAME;
	dns_name_text(out->domain, sizeof out->domain, wire);
	struct workspace *ws = calloc(1, sizeof *ws);
	if (!ws)
		return DOCTOR_FAILED;

	/* 1. CAA (R-CAA-*) */
	struct caa_capture c = {.cfg = cfg,
				.name = input,
				.f = f,
				.out = out,
				.req = {.ca_id = "letsencrypt.org", .wildcard = wildcard}};
	if (ACMEPROBE_DNS01)
		caa_methods(cfg, wildcard, &c);
	struct caa_batch_config bc = {
	    .resolver = cfg->resolver, .request = c.req, .concurrency = 1};
	struct caa_batch_io io = {.next_name = one_name,
				  .on_result = on_caa,
				  .on_answer =
				      cfg->trace && cfg->trace_answer ? trace_caa_answer : NULL,
				  .ctx = &c};
#if ACMEPROBE_DNSSEC
	/* R-DNSSEC-1: the CA validates every lookup, and so does the walk
	 * (caa/dnssec_walk.h); the session is the DNSSEC probe's too */
	struct caa_dnssec_hook hook = {caa_dnssec_on_answer, &ws->dnssec};
	if (cfg->anchors) {
		if (caa_dnssec_walk_init(&ws->dnssec, cfg->resolver, cfg->anchors, cfg->now) != 0) {
			free(ws);
			return DOCTOR_FAILED;
		}
		ws->dnssec.probe_servers = true;
		ws->dnssec.ns_port = cfg->ns_port;
		ws->dnssec.trace = cfg->trace;
		ws->dnssec.trace_ctx = cfg->trace_ctx;
		if (cfg->trace)
			dnssec_session_set_trace(ws->dnssec.session, cfg->trace, cfg->trace_ctx);
		bc.dnssec = &hook;
	}
#endif
	if (caa_batch_run(&bc, &io) != 0) {
		int err = errno;
		workspace_free(cfg, ws);
		errno = err;
		return DOCTOR_FAILED;
	}
	/* R-TRANSIENT-1: a lookup that could not decide is asked again, the
	 * tries TRANSIENT_SPACING_MS apart, to tell a permanent failure from
	 * one that comes and goes (through the same resolver: its cache may
	 * keep an answer a while; the nameserver probes below ask the servers
	 * themselves) */
	unsigned tries = cfg->tries ? cfg->tries : TRANSIENT_DEFAULT_TRIES;
	if (ACMEPROBE_TRANSIENT && c.verdict == CAA_NO_DECISION && tries > 1) {
		c.repeating = true;
		c.tries = (struct transient_tries){1, 1, 0};
		for (unsigned t = 1; t < tries; t++) {
			net_sleep_until(net_now_ms() + TRANSIENT_SPACING_MS);
			c.given = false;
			io.on_answer = NULL;
			if (caa_batch_run(&bc, &io) != 0) {
				int err = errno;
				free(ws);
				errno = err;
				return DOCTOR_FAILED;
			}
		}
		c.tries.timeouts += c.first_timeout;
		diagnose_caa_tries(&c.tries, f);
	}

	/* R-DNS01-5: the challenges given that a wildcard is not offered */
	if (ACMEPROBE_DNS01)
		diagnose_methods_offered(false, input, cfg->methods, cfg->method_count, f);

	/* 2. every nameserver of the zone, asked directly (R-CAA-6) */
	size_t at_fault = 0;
	if (c.have_probe_name) {
		unsigned timeout =
		    cfg->resolver->timeout_ms < 3000 ? cfg->resolver->timeout_ms : 3000;
		if (nsprobe_run(cfg->resolver, c.probe_name, cfg->ns_port, timeout, tries,
				&ws->ns) == 0) {
			size_t first = f->count;
			diagnose_nameservers(&ws->ns, f);
			if (cfg->trace)
				trace_probes(cfg, &ws->ns);
			at_fault = diagnose_servers_at_fault(f, first);
		}
	}

	/* 3. DNSSEC as the CA validates it (R-DNSSEC-*): a zone that every
	 * server serves bogus is at fault, whatever the resolver asked here
	 * says */
	if (!cfg->anchors) {
		diagnose_dnssec_not_checked(ACMEPROBE_DNSSEC ? cfg->dnssec_off : NULL, f);
	}
#if ACMEPROBE_DNSSEC
	else if (c.have_probe_name) {
		char identifier[DNS_MAX_NAME_TEXT];
		snprintf(identifier, sizeof identifier, "%s", out->domain);
		size_t n = strlen(identifier);
		if (n > 1)
			identifier[n - 1] = '\0'; /* Boulder's names have no root dot */
		int errors = doctor_dnssec(cfg, ws->dnssec.session, c.probe_name, wire, identifier,
					   &ws->ns, f);
		if (errors < 0) {
			int err = errno;
			workspace_free(cfg, ws);
			errno = err;
			return DOCTOR_FAILED;
		}
		at_fault += (size_t)errors;
	}
#endif

	/* 3. addresses (R-HTTP-1, R-HTTP-7), 4. HTTP-01 (R-V6-*, R-HTTP-*):
	 * a wildcard certificate cannot be validated over HTTP */
	check_addresses(cfg, out->domain, wire, f);
	if (!wildcard && cfg->webroot_failed)
		diagnose_webroot_unwritable(cfg->webroot_failed, f);
	else if (!wildcard && cfg->token)
		check_http01(cfg, input, ws, f, out);
	/* 4. dns-01, tls-alpn-01 (not for a wildcard: R-DNS01-5) with
	 * --method and --key-authorization */
	int failed = 0;
#if ACMEPROBE_DNS01
	if (challenge_run(cfg, "dns-01"))
		failed |= check_dns01(cfg, input, out);
#endif
#if ACMEPROBE_TLS
	if (ACMEPROBE_DNS01 && !wildcard && !failed && challenge_run(cfg, "tls-alpn-01")) {
		char value[DNS_MAX_NAME_TEXT];
		size_t n = strlen(out->domain);
		for (size_t i = 0; i <= n; i++) /* Boulder's identifier.Normalize */
			value[i] = out->domain[i] >= 'A' && out->domain[i] <= 'Z'
				       ? (char)(out->domain[i] - 'A' + 'a')
				       : out->domain[i];
		if (n > 1)
			value[n - 1] = '\0'; /* no root dot */
		failed |= check_tlsalpn01(cfg, value, NULL, out);
	}
#endif
	if (failed) {
		int err = errno;
		workspace_free(cfg, ws);
		errno = err;
		return DOCTOR_FAILED;
	}
	/* 5. what one host cannot see */
	diagnose_single_vantage(f);

	out->verdict = diagnose_verdict(f, c.verdict, at_fault);
	workspace_free(cfg, ws);
	return DOCTOR_DONE;
}
