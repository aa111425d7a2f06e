/* `acmeprobe query NAME TYPE [@ADDR[:PORT]]`: one question through the
 * project's own stub resolver, shown like dig shows it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include "cli/cli.h"
#include "cli/dnssec_report.h"
#include "cli/json.h"
#include "cli/report_msg.h"
#include "cli/resolver_setup.h"
#include "dns/query.h"
#include "dns/resolver.h"
#include "dns/text.h"
#include "dns/types.h"
#include "dnssec/fetch.h"

static const char help[] =
    HELP("usage: acmeprobe query NAME TYPE [@ADDR[:PORT]] [--tcp] [--cd] [--dnssec]\n"
	 "                       [--trust-anchor FILE] [--no-dnssec]\n"
	 "                       [--resolver ADDR[:PORT]]... [--timeout MS] [--json] [--trace]\n",
	 "\n"
	 "Asks one question (RD and AD set, EDNS(0) with a 1232-octet UDP size)\n"
	 "through acmeprobe's own stub resolver and prints the answer dig-like:\n"
	 "header flags, RCODE, every section in presentation format, EDNS and\n"
	 "extended DNS errors (RFC 8914), the server that answered and the time.\n"
	 "NAME is always absolute (no search list); TYPE is a mnemonic (CAA, A...)\n"
	 "or TYPEnnn. The answer is accepted only from the server asked, with the\n"
	 "query's ID and question; other datagrams are counted and ignored. A\n"
	 "truncated answer is asked again over TCP. SERVFAIL, REFUSED and NOTIMP\n"
	 "make the next server be asked. A CNAME chain in the answer is checked\n"
	 "(no loop, at most 8 links) but not followed with new queries.\n"
	 "\n"
	 "  @ADDR[:PORT]   ask this server (default: --resolver, else /etc/resolv.conf)\n"
	 "  --tcp          ask over TCP from the start\n"
	 "  --cd           set CD (checking disabled: no DNSSEC validation upstream)\n"
	 "  --dnssec       set DO and CD, and validate the answer from the trust anchor\n"
	 "                 (DS and DNSKEY asked up the chain through the same resolver):\n"
	 "                 secure, insecure, bogus or indeterminate for each RRset and\n"
	 "                 each zone cut, with the reason, like delv; the exit status\n"
	 "                 stays that of the query (JSON: the \"dnssec\" object)\n"
	 "  --trust-anchor FILE  DS or DNSKEY records to start from instead of the\n"
	 "                 root zone's KSKs (zone-file lines, ';' comments)\n"
	 "  --no-dnssec    with --dnssec: set DO and CD but do not validate\n"
	 "  --timeout MS   per-try timeout (default 5000); each server is tried twice\n"
	 "  --json         one JSON object instead of the text report\n"
	 "  --trace        every try on stderr: server, transport, outcome, time\n"
	 "\n"
	 "Exit status: 0 an answer came (NOERROR, NXDOMAIN and NODATA are answers),\n"
	 "2 none did (timeout, only mismatched or malformed replies, SERVFAIL,\n"
	 "REFUSED or NOTIMP from every server, network error), 64 usage error.\n");

struct query_run {
	const struct globals *g;
	const struct resolver_config *cfg;
	int status;
	/* --dnssec: the anchors and, once the answer is in, the verdict */
	const struct dnssec_anchors *anchors;
	struct dnssec_result *dnssec;
	bool validated;
	bool dnssec_asked; /* --dnssec without --no-dnssec */
};

/* what a build without libcrypto says (make tiny, make TLS=0) */
#define NOT_BUILT "DNSSEC validation not built in (no libcrypto)"

static void print_json(const struct query_run *run, const struct dns_result *r)
{
	char addr[NET_ADDR_TEXT], buf[DNS_MAX_NAME_TEXT], type[DNS_TYPE_TEXT];
	struct dns_text t;
	struct json j;
	json_init(&j, stdout);
	json_object_begin(&j, NULL);
	if (r->server >= 0)
		json_string(&j, "server", net_addr_text(&run->cfg->servers[r->server], addr));
	else
		json_null(&j, "server");
	json_string(&j, "transport",
		    r->server >= 0 ? (r->transport == DNS_TCP ? "tcp" : "udp") : NULL);
	if (r->msg) {
		report_msg_json(&j, r->msg);
	} else {
		json_null(&j, "rcode");
		json_array_begin(&j, "flags");
		json_array_end(&j);
		json_object_begin(&j, "question");
		dns_text_init(&t, buf, sizeof buf);
		dns_text_name(&t, r->question->name);
		json_string(&j, "name", buf);
		json_string(&j, "type", dns_type_to_text(r->question->type, type));
		json_string(&j, "class", "IN");
		json_object_end(&j);
		json_array_begin(&j, "answer");
		json_array_end(&j);
		json_array_begin(&j, "authority");
		json_array_end(&j);
		json_array_begin(&j, "additional");
		json_array_end(&j);
		json_null(&j, "edns");
		json_array_begin(&j, "ede");
		json_array_end(&j);
	}
	/* NXDOMAIN is an answer (exit 0) but still the contract's error
	 * class "nxdomain": the name does not exist */
	if (r->error == DNS_EC_NONE) {
		json_null(&j, "error");
	} else {
		json_object_begin(&j, "error");
		json_string(&j, "class", dns_errclass_name(r->error));
		json_string(&j, "detail",
			    r->error == DNS_EC_NXDOMAIN
				? "the name does not exist (NXDOMAIN): an answer, not a failure"
				: r->detail);
		json_object_end(&j);
	}
	json_bool(&j, "nodata", r->nodata);
	json_uint(&j, "spoofed", r->spoofed);
	json_uint(&j, "malformed", r->malformed);
	json_array_begin(&j, "tries");
	for (size_t i = 0; i < r->try_count; i++) {
		const struct dns_try *try = &r->tries[i];
		const char *outcome = dns_errclass_name((enum dns_errclass)try->outcome);
		json_object_begin(&j, NULL);
		json_string(&j, "server", net_addr_text(&run->cfg->servers[try->server], addr));
		json_string(&j, "transport", try->transport == DNS_TCP ? "tcp" : "udp");
		json_string(&j, "outcome",
			    try->truncated ? "truncated"
			    : outcome	   ? outcome
					   : "answer");
		json_uint(&j, "elapsed_ms", try->elapsed_ms);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_uint(&j, "elapsed_ms", r->elapsed_ms);
#if ACMEPROBE_DNSSEC
	if (run->validated)
		dnssec_report_json(&j, run->dnssec, run->cfg);
	else
		json_null(&j, "dnssec");
#else
	/* make tiny: nothing to validate with */
	if (run->dnssec_asked) {
		json_object_begin(&j, "dnssec");
		json_string(&j, "status", "indeterminate");
		json_string(&j, "reason", NOT_BUILT);
		json_string(&j, "reason_code", "not_built");
		json_object_end(&j);
	} else {
		json_null(&j, "dnssec");
	}
#endif
	json_object_end(&j);
	json_finish(&j);
}

static void print_text(const struct query_run *run, const struct dns_result *r)
{
	char addr[NET_ADDR_TEXT];
	if (r->msg)
		report_msg_text(stdout, r->msg);
	if (r->error != DNS_EC_NONE && r->error != DNS_EC_NXDOMAIN)
		fprintf(r->msg ? stdout : stderr, "%s;; ERROR (%s): %s\n", r->msg ? "\n" : "",
			dns_errclass_name(r->error), r->detail ? r->detail : "");
	if (r->msg) {
		printf("\n;; SERVER: %s (%s)\n", net_addr_text(&run->cfg->servers[r->server], addr),
		       r->transport == DNS_TCP ? "TCP" : "UDP");
		printf(";; Query time: %u msec\n", r->elapsed_ms);
		printf(";; MSG SIZE rcvd: %zu\n", r->msg->len);
		if (r->spoofed || r->malformed)
			printf(";; IGNORED: %u mismatched, %u malformed datagram(s)\n", r->spoofed,
			       r->malformed);
	}
#if ACMEPROBE_DNSSEC
	if (run->validated)
		dnssec_report_text(stdout, run->dnssec, run->cfg);
#else
	if (run->dnssec_asked)
		printf("\n;; DNSSEC: indeterminate: " NOT_BUILT "\n");
#endif
}

static void on_result(void *ctx, const struct dns_result *r)
{
	struct query_run *run = ctx;
	if (run->g->trace)
		cli_trace_tries(run->cfg, r, TRACE_QUERY);
#if ACMEPROBE_DNSSEC
	if (run->anchors && r->msg) {
		/* the validator's own questions run in a loop of their own
		 * (the answer stays valid during this call) */
		if (dnssec_fetch_validate(
			run->cfg, run->anchors, r->msg, r->question->name, r->question->type,
			r->server >= 0 ? (unsigned)r->server : 0, (uint64_t)time(NULL), run->dnssec,
			run->g->trace ? dnssec_report_trace : NULL, (void *)run->cfg) != 0)
			perror("acmeprobe query: dnssec");
		run->validated = true;
		if (run->g->trace)
			dnssec_report_trace_verdict(run->dnssec);
	}
#endif
	if (run->g->json)
		print_json(run, r);
	else
		print_text(run, r);
	run->status =
	    (r->error == DNS_EC_NONE || r->error == DNS_EC_NXDOMAIN) ? EXIT_YES : EXIT_UNKNOWN;
}

int cmd_query(int argc, char **argv)
{
	struct globals g = {0};
	const char *tcp = NULL, *cd = NULL, *dnssec = NULL, *want_help = NULL;
	const struct option_spec specs[] = {{"tcp", false, &tcp},
					    {"cd", false, &cd},
					    {"dnssec", false, &dnssec},
					    {"help", false, &want_help},
					    {NULL, false, NULL}};
	const char *pos[3];
	size_t npos;
	if (!parse_args("query", argc, argv, 2, &g, specs, pos, 3, &npos))
		return EXIT_USAGE;
	if (want_help) {
		return cli_print_help(help, "query");
	}
	const char *at = NULL;
	if (npos == 3) {
		if (pos[2][0] != '@')
			return usage_error("query", "unexpected argument '%s'", pos[2]);
		at = pos[2] + 1;
	}
	if (npos < 2)
		return usage_error("query", "needs NAME and TYPE");
	if (pos[1][0] == '@')
		return usage_error("query", "needs NAME and TYPE before @SERVER");

	/* RD, and AD as Let's Encrypt's resolver client sets it (boulder
	 * bdns/dns.go): a validating resolver then says whether it validated */
	struct dns_question q = {.flags = DNS_Q_RD | DNS_Q_AD | RES_NO_FOLLOW};
	size_t name_len;
	enum dns_err e = dns_name_from_text(pos[0], strlen(pos[0]), q.name, &name_len);
	if (e)
		return usage_error("query", "'%s' is not a domain name: %s", pos[0],
				   dns_strerror(e));
	if (dns_type_from_text(pos[1], &q.type))
		return usage_error("query",
				   "'%s' is not a record type (a mnemonic such as CAA, or TYPEnnn)",
				   pos[1]);
	if (tcp)
		q.flags |= RES_TCP;
	if (cd)
		q.flags |= DNS_Q_CD;
	/* DO for the signatures, CD so that a validating
	 * resolver hands bogus data over too (RFC 4035 s3.2.2) */
	struct dnssec_anchors *anchors = NULL;
	if (dnssec) {
		q.flags |= DNS_Q_DO | DNS_Q_CD;
		if (!g.no_dnssec && ACMEPROBE_DNSSEC) {
			anchors = malloc(sizeof *anchors);
			if (!anchors) {
				perror("acmeprobe query");
				return EXIT_UNKNOWN;
			}
			int arc = cli_dnssec_anchors("query", &g, anchors);
			if (arc != EXIT_YES) {
				free(anchors);
				return arc;
			}
		}
	} else if (g.trust_anchor) {
		return usage_error("query", "--trust-anchor needs --dnssec");
	}

	struct resolver_config cfg;
	int rc = cli_resolver_config("query", &g, at, &cfg);
	if (rc != EXIT_YES) {
		free(anchors);
		return rc;
	}
	struct dnssec_result *verdict = anchors ? malloc(sizeof *verdict) : NULL;
	if (anchors && !verdict) {
		free(anchors);
		perror("acmeprobe query");
		return EXIT_UNKNOWN;
	}
	struct query_run run = {
	    .g = &g,
	    .cfg = &cfg,
	    .status = EXIT_UNKNOWN,
	    .anchors = anchors,
	    .dnssec = verdict,
	    .dnssec_asked = dnssec && !g.no_dnssec,
	};
	rc = resolver_ask(&cfg, &q, on_result, &run);
	free(anchors);
	free(verdict);
	if (rc != 0) {
		perror("acmeprobe query");
		return EXIT_UNKNOWN;
	}
	return run.status;
}
