/* `acmeprobe caa DOMAIN`: will the CAA policy let Let's Encrypt (or
 * another CA) issue, exactly as its validation authority decides, and why.
 * Three modes: one name through DNS; a batch of names (--batch); proposed
 * records from a file, without DNS (--records). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "caa/dnssec_walk.h"
#include "caa/explain.h"
#include "caa/lookup.h"
#include "caa/zoneline.h"
#include "cli/caa_report.h"
#include "cli/cli.h"
#include "cli/dnssec_report.h"
#include "cli/ip_ident.h"
#include "cli/resolver_setup.h"
#include "dns/text.h"
#include "dns/types.h"
#include "dnssec/crypto.h"
#include "net/clock.h"
#include "net/decimal.h"

/* (make tiny leaves DNSSEC out: its options with it) */
#if ACMEPROBE_DNSSEC
#define DNSSEC_USAGE "                     [--trust-anchor FILE] [--no-dnssec] [--ns-port N]\n"
#else
#define DNSSEC_USAGE ""
#endif

/* make tiny (ACMEPROBE_RECORDS=0) leaves --records out: deciding on
 * proposed records is done where the zone is edited, and its zone-line
 * reader would not fit tiny's budget */
#ifndef ACMEPROBE_RECORDS
#define ACMEPROBE_RECORDS 1
#endif
#if ACMEPROBE_RECORDS
#define RECORDS_USAGE " [--records FILE]"
#else
#define RECORDS_USAGE ""
#endif

static const char help[] = HELP(
	"usage: acmeprobe caa DOMAIN [--ca-id NAME] [--wildcard] [--account-uri URI]\n"
	"                     [--method http-01|dns-01|tls-alpn-01]" RECORDS_USAGE "\n"
	DNSSEC_USAGE
	"       acmeprobe caa --batch [--file F] [--concurrency N] [options]\n",
	"\n"
	"Decides whether the CAA records of DOMAIN (RFC 8659, RFC 8657) let the CA\n"
	"issue a certificate, exactly as Let's Encrypt's validation authority does:\n"
	"the name and each parent up to the TLD are asked at once; from the name\n"
	"upward, the first non-empty CAA RRset decides, and the first DNS error\n"
	"(SERVFAIL, timeout, NOTIMP, REFUSED...) makes the CA refuse. CNAMEs are\n"
	"followed, their targets' parents are not. The report says which record\n"
	"decided, which rule (R-CAA-n) applied, and what to change.\n"
	"\n"
	"The CA validates DNSSEC, and so does acmeprobe (R-DNSSEC-1): an answer\n"
	"the resolver did not validate (no AD) is validated from the trust anchor,\n"
	"and a bogus one is an error, never an empty RRset (R-DNSSEC-10); after a\n"
	"SERVFAIL the data is asked again with CD and validated to say why, and\n"
	"the zone's servers are asked themselves to name those serving it (JSON:\n"
	"error.dnssec, and error.le_text, the text Let's Encrypt would show).\n"
	"\n"
	"  --ca-id NAME        the CA's identity in issue/issuewild (letsencrypt.org)\n"
	"  --wildcard          the certificate is for *.DOMAIN (a DOMAIN of '*.x' too)\n"
	"  --account-uri URI   the ACME account, for RFC 8657 accounturi\n"
	"  --method M          the validation method, for RFC 8657 validationmethods\n"
	"  --trust-anchor FILE DS or DNSKEY records to validate from instead of the\n"
	"                      root zone's KSKs (labs)\n"
	"  --no-dnssec         no validation of acmeprobe's own\n"
	"  --ns-port N         ask the zone's servers on port N (53; labs)\n"
	"  --records FILE      decide on these proposed records (zone-file lines such\n"
	"                      as 'example.com. CAA 0 issue \"letsencrypt.org\"') with no\n"
	"                      DNS query at all, and warn about classic mistakes\n"
	"  --batch             read names from standard input (or --file F), one per\n"
	"                      line ('*.' for wildcards, '#' comments), and write one\n"
	"                      JSON object per name, in input order (JSON Lines); a\n"
	"                      line that is an IP address gets what 'caa ADDR' says\n"
	"  --file F            with --batch: read the names from F\n"
	"  --concurrency N     with --batch: names in flight at once (100)\n"
	"  --resolver ADDR[:PORT], --timeout MS, --json, --trace: see 'acmeprobe --help'\n"
	"\n"
	"An IP address (192.0.2.1, 2001:db8::1) is answered without a query: no CA\n"
	"checks CAA for an IP address identifier (R-IP-4), so it is permitted. It\n"
	"must be in canonical form, as Let's Encrypt wants it (R-IP-1: 2001:db8::1,\n"
	"not 2001:DB8:0::1; 10.0.0.1, not 010.0.0.1): else a usage error that gives\n"
	"the canonical form.\n"
	"\n"
	"Exit status: 0 issuance permitted, 1 forbidden by the CAA policy, 2 no\n"
	"decision possible (a DNS error: the CA refuses), 64 usage error. With\n"
	"--batch: 2 if any name had no decision (or could not be read), else 1 if\n"
	"any was forbidden, else 0.\n");

struct caa_cli {
	const struct globals *g;
	const struct resolver_config *rcfg;
	struct caa_request req;
	/* one name */
	const char *domain;
	bool given;
	int status;
	/* batch */
	FILE *in;
	bool batch, progress;
	unsigned long done_count, permitted, forbidden, undecided;
	uint64_t started_ms, last_progress_ms;
	bool line_too_long;
};

static bool next_name(void *ctx, char *name, size_t cap)
{
	struct caa_cli *c = ctx;
	if (!c->batch) {
		if (c->given)
			return false;
		c->given = true;
		snprintf(name, cap, "%s", c->domain);
		return true;
	}
	if (!fgets(name, (int)cap, c->in))
		return false;
	size_t n = strlen(name);
	if (n == cap - 1 && name[n - 1] != '\n') {
		/* longer than any domain name: drop the rest of the line, and
		 * let the name check report it */
		int ch;
		while ((ch = fgetc(c->in)) != EOF && ch != '\n')
			;
	}
	return true;
}

static void trace_answer(void *ctx, const struct dns_result *r)
{
	struct caa_cli *c = ctx;
	char name[DNS_MAX_NAME_TEXT], rcode[DNS_TYPE_TEXT];
	struct dns_text t;
	if (!c->g->trace)
		return;
	cli_trace_tries(c->rcfg, r, TRACE_CAA);
	dns_text_init(&t, name, sizeof name);
	dns_text_name(&t, r->question->name);
	if (r->msg && (r->error == DNS_EC_NONE || r->error == DNS_EC_NXDOMAIN))
		fprintf(stderr, "[R-CAA-7] %s CAA: %s, %zu CAA record(s)%s%s\n", name,
			dns_rcode_to_text(r->rcode, rcode), r->final_count,
			r->chain->links ? " after a CNAME chain (R-CAA-3)" : "",
			r->transport == DNS_TCP ? ", over TCP (R-CAA-13)" : "");
	else
		fprintf(stderr, "[R-CAA-4] %s CAA: %s\n", name, dns_errclass_name(r->error));
}

#if ACMEPROBE_DNSSEC
/* A label whose data one server serves bogus while others serve it well:
 * no error (a validating resolver asks another server), but fragile. */
static void warn_masked(const struct caa_walk_result *r)
{
	for (size_t i = 0; i < r->label_count; i++) {
		const struct caa_dnssec_note *n = r->labels[i]->dnssec;
		if (!n || !n->masked)
			continue;
		char name[DNS_MAX_NAME_TEXT], server[DNS_MAX_NAME_TEXT], addr[NET_ADDR_TEXT];
		dns_name_text(name, sizeof name, r->labels[i]->name);
		fprintf(stderr, "warning: %s CAA: the resolver's answer does not validate (%s)",
			name, dnssec_reason_text(n->verdict.why.code));
		for (size_t k = 0; k < n->server_count; k++) {
			dns_name_text(server, sizeof server, n->servers[k].name);
			fprintf(stderr, "%s%s (%s)", k ? ", " : "; served so by ", server,
				net_addr_text(&n->servers[k].addr, addr));
		}
		fprintf(stderr,
			"; %zu other server(s) of the zone serve data that validates, "
			"which a validating resolver, the CA's, asks instead (R-CAA-6): "
			"'acmeprobe check' says more\n",
			n->servers_good);
	}
}
#endif

static void on_result(void *ctx, const struct caa_walk_result *r)
{
	struct caa_cli *c = ctx;
	struct caa_request req = c->req;
	req.wildcard = req.wildcard || r->wildcard;
#if ACMEPROBE_DNSSEC
	if (!c->batch)
		warn_masked(r);
#endif
	if (c->g->trace)
		caa_explain_walk(r, &req, cli_trace_line, NULL);
	if (ACMEPROBE_IP && r->ip_address && !r->input_error) {
		/* R-IP-4, as for caa ADDR */
		if (c->g->trace)
			fprintf(stderr, "[R-IP-4] %s: an IP address: no CAA question\n", r->input);
		caa_report_ip(stdout, r->input, &req, true);
	} else if (c->g->json || c->batch)
		caa_report_json(stdout, r, &req);
	else
		caa_report_text(stdout, r, &req);
	int s = caa_exit_status(r);
	if (c->batch) {
		c->done_count++;
		if (s == EXIT_YES)
			c->permitted++;
		else if (s == EXIT_NO)
			c->forbidden++;
		else
			c->undecided++;
		uint64_t now = net_now_ms();
		if (c->progress && now - c->last_progress_ms >= 500) {
			double secs = (double)(now - c->started_ms) / 1000.0;
			fprintf(stderr, "\r%lu names (%lu permitted, %lu forbidden, %lu no decision), %.0f/s ",
				c->done_count, c->permitted, c->forbidden, c->undecided,
				secs > 0 ? (double)c->done_count / secs : 0.0);
			c->last_progress_ms = now;
		}
		/* lines reach a reader in batches, not one write per name */
		if (c->done_count % 64 == 0)
			fflush(stdout);
	} else {
		c->status = s;
	}
}

#if ACMEPROBE_RECORDS
/* --records: the labels of the domain, each with the proposed records
 * whose owner it is. */
struct proposed {
	struct zoneline_caa *lines;
	size_t count;
};

static int read_records(const char *path, struct proposed *p)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return usage_error("caa", "cannot read --records %s: %s", path, strerror(errno));
	char line[8192];
	size_t lineno = 0, cap = 0;
	int status = EXIT_YES;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (cap == p->count) {
			cap = cap ? 2 * cap : 16;
			struct zoneline_caa *grown = realloc(p->lines, cap * sizeof *grown);
			if (!grown) {
				status = usage_error("caa", "out of memory reading %s", path);
				break;
			}
			p->lines = grown;
		}
		enum zoneline_result zr = zoneline_parse(line, strlen(line), &p->lines[p->count]);
		if (zr == ZONELINE_EMPTY)
			continue;
		if (zr != ZONELINE_RECORD) {
			status = usage_error("caa", "%s line %zu: %s", path, lineno, zoneline_strerror(zr));
			break;
		}
		p->count++;
	}
	fclose(f);
	return status;
}

/* Builds the walk's labels from the proposed records. */
static bool proposed_labels(const struct proposed *p, const uint8_t *domain, struct caa_label *labels,
			    size_t *n)
{
	*n = 0;
	for (const uint8_t *l = domain; *l; l += *l + 1) {
		struct caa_label *lab = &labels[(*n)++];
		memset(lab, 0, sizeof *lab);
		memcpy(lab->name, l, dns_name_len(l));
		lab->server = -1;
		size_t count = 0;
		for (size_t i = 0; i < p->count; i++)
			count += dns_name_equal(p->lines[i].owner, l);
		if (!count)
			continue;
		lab->records = calloc(count, sizeof *lab->records);
		if (!lab->records)
			return false;
		for (size_t i = 0; i < p->count; i++)
			if (dns_name_equal(p->lines[i].owner, l)) {
				enum caa_err e = caa_rdata_parse(p->lines[i].rdata, p->lines[i].rdata_len,
								 &lab->records[lab->record_count]);
				if (e == CAA_OK || e == CAA_E_TAG_CHAR || e == CAA_E_TAG_TOO_LONG)
					lab->record_count++;
			}
	}
	return true;
}

static void warn(const char *fmt, const char *a, const char *b)
{
	fputs("warning: ", stderr);
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
}

/* The classic mistakes of a CAA policy, said before it is published. */
static void warn_mistakes(const struct caa_walk_result *r, const struct caa_request *req,
			  const struct proposed *p)
{
	char name[DNS_MAX_NAME_TEXT], parent[DNS_MAX_NAME_TEXT];
	struct dns_text t;
	for (size_t i = 0; i < r->label_count; i++) {
		const struct caa_label *l = r->labels[i];
		dns_text_init(&t, name, sizeof name);
		dns_text_name(&t, l->name);
		bool has_issuewild = false, has_issue = false;
		for (size_t k = 0; k < l->record_count; k++) {
			const struct caa_record *c = &l->records[k];
			has_issue |= c->kind == CAA_TAG_ISSUE;
			has_issuewild |= c->kind == CAA_TAG_ISSUEWILD;
			if (c->kind == CAA_TAG_UNKNOWN && caa_is_critical(c))
				warn("%s has a critical record with a tag no CA knows: it forbids every "
				     "issuance below it (R-CAA-9)%s", name, "");
			if (c->kind == CAA_TAG_ISSUE || c->kind == CAA_TAG_ISSUEWILD) {
				struct caa_issue v;
				if (caa_issue_parse(c->value, c->value_len, &v) != CAA_OK) {
					warn("%s: a %s value that does not follow RFC 8659 s4.2 authorizes "
					     "nobody (R-CAA-11)",
					     name, caa_tag_kind_name(c->kind));
					continue;
				}
				if (v.issuer_len > 1 && v.issuer[v.issuer_len - 1] == '.')
					warn("%s: the issuer ends with a dot; CAs compare it exactly, so "
					     "'%s' matches no CA: drop the dot (R-CAA-11)",
					     name, "letsencrypt.org.");
				if (req->ca_id && v.issuer_len == strlen(req->ca_id) &&
				    strncasecmp((const char *)v.issuer, req->ca_id, v.issuer_len) == 0 &&
				    memcmp(v.issuer, req->ca_id, v.issuer_len) != 0)
					warn("%s: the issuer differs from '%s' only in letter case; Let's "
					     "Encrypt compares it exactly (R-CAA-11)",
					     name, req->ca_id);
			}
		}
		if ((long)i != r->deciding_label || !l->record_count)
			continue;
		if (req->wildcard && !has_issuewild && has_issue)
			warn("%s has no issuewild record: for a wildcard certificate its issue records "
			     "apply (R-CAA-10)%s", name, "");
		if (!req->wildcard && has_issuewild && !has_issue)
			warn("%s has only issuewild records: they do not apply to %s itself, which any "
			     "CA may then issue for (R-CAA-10)", name, name);
		/* a child RRset that forbids while a parent's would allow */
		if (r->verdict == CAA_FORBIDDEN) {
			for (size_t k = i + 1; k < r->label_count; k++) {
				const struct caa_label *up = r->labels[k];
				if (!up->record_count)
					continue;
				struct caa_decision d;
				caa_decide(up->records, up->record_count, req, &d);
				if (d.permitted) {
					dns_text_init(&t, parent, sizeof parent);
					dns_text_name(&t, up->name);
					warn("the records at %s shadow those at %s, which would allow this "
					     "CA: the lowest CAA RRset decides, whatever its parents say "
					     "(R-CAA-2)",
					     name, parent);
				}
				break;
			}
		}
	}
	(void)p;
}

static int run_records(struct caa_cli *c, const char *path)
{
	struct proposed p = {0};
	int status = read_records(path, &p);
	if (status != EXIT_YES) {
		free(p.lines);
		return status;
	}
	uint8_t domain[DNS_MAX_NAME];
	size_t len;
	struct caa_request req = c->req;
	bool star;
	enum dns_err e = dns_name_from_input(c->domain, strlen(c->domain), &star, domain, &len);
	req.wildcard = req.wildcard || star;
	if (e || domain[0] == 0) {
		free(p.lines);
		return usage_error("caa", "'%s' is not a domain name%s%s", c->domain, e ? ": " : "",
				   e ? dns_strerror(e) : "");
	}
	static struct caa_label labels[CAA_MAX_LABELS];
	const struct caa_label *ptrs[CAA_MAX_LABELS];
	size_t n;
	bool ok = proposed_labels(&p, domain, labels, &n);
	for (size_t i = 0; i < n; i++)
		ptrs[i] = &labels[i];
	struct caa_walk_result r = {.domain = domain, .input = c->domain, .labels = ptrs,
				    .label_count = n};
	if (ok) {
		caa_walk_decide(ptrs, n, &req, &r);
		warn_mistakes(&r, &req, &p);
		if (c->g->trace)
			caa_explain_walk(&r, &req, cli_trace_line, NULL);
		if (c->g->json)
			caa_report_json(stdout, &r, &req);
		else
			caa_report_text(stdout, &r, &req);
		status = caa_exit_status(&r);
	} else {
		fprintf(stderr, "acmeprobe caa: out of memory\n");
		status = EXIT_UNKNOWN;
	}
	for (size_t i = 0; i < n; i++)
		free(labels[i].records);
	free(p.lines);
	return status;
}
#endif /* ACMEPROBE_RECORDS */

int cmd_caa(int argc, char **argv)
{
	struct globals g = {0};
	const char *ca_id = NULL, *wildcard = NULL, *account = NULL, *method = NULL,
		   *records = NULL, *batch = NULL, *file = NULL, *concurrency = NULL,
		   *ns_port = NULL, *want_help = NULL;
	const struct option_spec specs[] = {
		{"ca-id", true, &ca_id},	 {"wildcard", false, &wildcard},
		{"account-uri", true, &account}, {"method", true, &method},
#if ACMEPROBE_RECORDS
		{"records", true, &records},
#endif
		{"batch", false, &batch},
		{"file", true, &file},		 {"concurrency", true, &concurrency},
#if ACMEPROBE_DNSSEC
		{"ns-port", true, &ns_port},
#endif
		{"help", false, &want_help},	 {NULL, false, NULL}};
	const char *pos[1];
	size_t npos;
	if (!parse_args("caa", argc, argv, 2, &g, specs, pos, 1, &npos))
		return EXIT_USAGE;
	if (want_help) {
		return cli_print_help(help, "caa");
	}
#if !ACMEPROBE_DNSSEC
	(void)ns_port; /* (make tiny: --ns-port is for the servers DNSSEC asks) */
#endif
	struct caa_cli c = {.g = &g, .status = EXIT_UNKNOWN};
	c.req.ca_id = ca_id ? ca_id : "letsencrypt.org";
	c.req.wildcard = wildcard != NULL;
	c.req.account_uri = account;
	c.req.method = method;
	if (!*c.req.ca_id)
		return usage_error("caa", "--ca-id needs a CA's domain, such as letsencrypt.org");
	if (method && strcmp(method, "http-01") != 0 && strcmp(method, "dns-01") != 0 &&
	    strcmp(method, "tls-alpn-01") != 0)
		return usage_error("caa", "--method is http-01, dns-01 or tls-alpn-01, not '%s'", method);
	uint32_t window = 100;
	if (concurrency && !decimal_parse(concurrency, 1, 10000, &window))
		return usage_error("caa", "--concurrency takes a number from 1 to 10000, not '%s'",
				   concurrency);
	if ((file || concurrency) && !batch)
		return usage_error("caa", "--file and --concurrency go with --batch");
#if ACMEPROBE_DNSSEC
	uint32_t ns_port_n = 53;
	if (ns_port && !decimal_parse(ns_port, 1, 65535, &ns_port_n))
		return usage_error("caa", "--ns-port takes a port number, not '%s'", ns_port);
	if (g.no_dnssec && (g.trust_anchor || ns_port))
		return usage_error("caa", "--no-dnssec leaves no validation for %s",
				   g.trust_anchor ? "--trust-anchor" : "--ns-port");
#endif

	if (batch) {
		if (npos)
			return usage_error("caa", "--batch reads names from standard input or --file, "
						  "not from the command line ('%s')", pos[0]);
		if (records)
			return usage_error("caa", "--records decides one name: not with --batch");
		c.batch = true;
		c.in = stdin;
		if (file && strcmp(file, "-") != 0 && !(c.in = fopen(file, "r")))
			return usage_error("caa", "cannot read --file %s: %s", file, strerror(errno));
		c.progress = isatty(STDERR_FILENO);
	} else {
		if (npos != 1)
			return usage_error("caa", "needs one DOMAIN (or --batch)");
		c.domain = pos[0];
		/* R-IP-4: an IP address identifier has no CAA to check; R-IP-1:
		 * in canonical form only, as for every command */
		const char *bare = c.domain[0] == '*' && c.domain[1] == '.' ? c.domain + 2 : c.domain;
		if (ident_looks_like_ip(bare)) {
			struct ident_ip ip;
			int st = cli_ip_read("caa", bare, bare != c.domain || c.req.wildcard, &ip);
			if (!ACMEPROBE_IP || st != EXIT_YES)
				return st;
			caa_report_ip(stdout, bare, &c.req, g.json);
			return EXIT_YES;
		}
#if ACMEPROBE_RECORDS
		if (records)
			return run_records(&c, records);
#endif
		/* a bad name is a usage error before any query */
		bool star;
		uint8_t domain[DNS_MAX_NAME];
		size_t len;
		enum dns_err e =
		    dns_name_from_input(c.domain, strlen(c.domain), &star, domain, &len);
		if (e || domain[0] == 0)
			return usage_error("caa", "'%s' is not a domain name%s%s", c.domain,
					   e ? ": " : "", e ? dns_strerror(e) : "");
	}

	struct resolver_config rcfg;
	int rc = cli_resolver_config("caa", &g, NULL, &rcfg);
	if (rc != EXIT_YES) {
		if (c.in && c.in != stdin)
			fclose(c.in);
		return rc;
	}
	c.rcfg = &rcfg;
	c.started_ms = net_now_ms();
	struct caa_batch_config bc = {.resolver = &rcfg, .request = c.req, .concurrency = window};
	struct caa_batch_io io = {.next_name = next_name, .on_result = on_result,
				  .on_answer = g.trace ? trace_answer : NULL, .ctx = &c};
#if ACMEPROBE_DNSSEC
	/* R-DNSSEC-1: the CA validates, and so do we, unless told not to */
	struct dnssec_anchors *anchors = NULL;
	struct caa_dnssec_walk dw;
	struct caa_dnssec_hook hook = {caa_dnssec_on_answer, &dw};
	bool validating = !g.no_dnssec && dnssec_crypto_built();
	if (validating) {
		anchors = malloc(sizeof *anchors);
		if (!anchors || caa_dnssec_walk_init(&dw, &rcfg, anchors, (uint64_t)time(NULL))) {
			free(anchors);
			fprintf(stderr, "acmeprobe caa: out of memory\n");
			return EXIT_UNKNOWN;
		}
		rc = cli_dnssec_anchors("caa", &g, anchors);
		if (rc != EXIT_YES) {
			caa_dnssec_walk_free(&dw);
			free(anchors);
			if (c.in && c.in != stdin)
				fclose(c.in);
			return rc;
		}
		dw.probe_servers = true;
		dw.ns_port = (uint16_t)ns_port_n;
		if (g.trace) {
			dw.trace = cli_trace_line;
			dnssec_session_set_trace(dw.session, cli_trace_line, NULL);
		}
		bc.dnssec = &hook;
	}
#endif
	int run = caa_batch_run(&bc, &io);
#if ACMEPROBE_DNSSEC
	if (validating) {
		caa_dnssec_walk_free(&dw);
		free(anchors);
	}
#endif
	if (c.in && c.in != stdin)
		fclose(c.in);
	if (run != 0) {
		fprintf(stderr, "acmeprobe caa: %s\n", strerror(errno));
		return EXIT_UNKNOWN;
	}
	if (!c.batch)
		return c.status;
	if (c.progress)
		fputc('\n', stderr);
	return c.undecided ? EXIT_UNKNOWN : c.forbidden ? EXIT_NO : EXIT_YES;
}
