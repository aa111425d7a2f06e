/* `acmeprobe check`: the doctor's command line. It reads the options,
 * writes --webroot's token file before the doctor's run and removes it
 * after (check/doctor.h runs the checks and writes every finding), prints
 * the report (check_report.c) and, with --file, hands the names to the
 * fleet of child processes (fleet.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "acme/digest.h"
#include "acme/le_text.h"
#include "check/diagnose_method.h"
#include "check/doctor.h"
#include "check/merge.h"
#include "check/transient.h"
#include "cli/check_merge.h"
#include "cli/check_report.h"
#include "cli/cli.h"
#include "cli/dnssec_report.h"
#include "cli/fleet.h"
#include "cli/ip_ident.h"
#include "cli/resolver_setup.h"
#include "cli/webroot.h"
#include "dns/text.h"
#include "dns/types.h"
#include "dnssec/crypto.h"
#include "net/decimal.h"

/* (make tiny leaves DNSSEC out: its options with it) */
#if ACMEPROBE_DNSSEC
#define DNSSEC_USAGE " [--trust-anchor FILE] [--no-dnssec]"
#else
#define DNSSEC_USAGE ""
#endif

/* make tiny leaves --repeat, --vantage, --rir and --merge out; make
 * static leaves --merge out */
#if ACMEPROBE_TRANSIENT
#define CHECK_REPEAT_USAGE " [--repeat N]"
#else
#define CHECK_REPEAT_USAGE ""
#endif
#if ACMEPROBE_VANTAGE
#define CHECK_VANTAGE_USAGE " [--vantage NAME [--rir RIR]]"
#else
#define CHECK_VANTAGE_USAGE ""
#endif
#if ACMEPROBE_DNS01 /* (make tiny leaves --method out, as it leaves dns01) */
#define CHECK_METHOD_USAGE "                       [--method M]... [--account-uri URI]\n"
#else
#define CHECK_METHOD_USAGE ""
#endif
#if ACMEPROBE_MERGE
#define CHECK_MERGE_USAGE "       acmeprobe check --merge PRIMARY.json REMOTE.json... [--json]\n"
#else
#define CHECK_MERGE_USAGE ""
#endif

static const char help[] = HELP(
	"usage: acmeprobe check DOMAIN|ADDR [--token T [--key-authorization KA] | --webroot DIR]\n"
	"                       [--ns-port N]" DNSSEC_USAGE CHECK_REPEAT_USAGE CHECK_VANTAGE_USAGE "\n"
	CHECK_METHOD_USAGE
	"       acmeprobe check --file F [options]\n" CHECK_MERGE_USAGE,
	"\n"
	"The doctor: runs every check that applies and lists what would stop a CA\n"
	"(Let's Encrypt) from validating DOMAIN, each finding with its severity,\n"
	"a stable code, the cause, the fix and the rule it applies:\n"
	"  - CAA, exactly as 'acmeprobe caa' decides it (with --method, --account-uri);\n"
	"  - each authoritative nameserver of the zone, on each of its addresses,\n"
	"    asked directly over UDP and TCP for SOA, CAA and an unassigned type:\n"
	"    a firewall that drops unknown types, NOTIMP, a lame server, servers\n"
	"    that disagree, TCP closed with a large CAA RRset, NODATA without SOA;\n"
	"  - DNSSEC as the CA validates it: CAA, A, AAAA and TXT _acme-challenge\n"
	"    validated from the trust anchor, through the resolver and as each\n"
	"    nameserver serves them (expired or not yet valid signatures, a DS\n"
	"    that matches no key, bad signatures on empty answers, missing\n"
	"    proofs, a stale server...), each naming the zone, the RRset, the\n"
	"    key and the servers, with the error Let's Encrypt would show;\n"
	"  - the domain's A and AAAA records (addresses the CA refuses);\n"
	"  - HTTP-01 as the CA performs it, with --token or --webroot; dns-01 and\n"
	"    tls-alpn-01 with --method and --key-authorization;\n"
	"  - what one host cannot see (the CA validates from several places).\n"
	"For an IP address (RFC 8738, in canonical form: R-IP-1) only what applies:\n"
	"no CAA and no nameserver (R-IP-4), whether Let's Encrypt refuses the\n"
	"address (R-IP-2), the profile it needs (R-IP-5), and HTTP-01 at that\n"
	"address with --token or --webroot.\n"
	"\n"
	"  --token T               an HTTP-01 token: also validate over HTTP\n"
	"  --key-authorization KA  the expected body for --token; with --method\n"
	"                          dns-01 or tls-alpn-01, the key authorization\n"
	"                          that challenge is run with\n"
	"  --webroot DIR           write a random token file under\n"
	"                          DIR/.well-known/acme-challenge/, validate it over\n"
	"                          HTTP as the CA would, then remove it\n"
	"  --method M              a challenge you will use (http-01, dns-01,\n"
	"                          tls-alpn-01, dns-account-01, dns-persist-01;\n"
	"                          repeatable): CAA judged against each (RFC 8657),\n"
	"                          and whether it is offered (a wildcard: dns-01);\n"
	"                          http-01 is run with --token or --webroot (its\n"
	"                          default), dns-01 and tls-alpn-01 with\n"
	"                          --key-authorization, as the dns01 and tlsalpn01\n"
	"                          commands run them\n"
	"  --account-uri URI       the ACME account, for RFC 8657 accounturi\n"
	"  --ns-port N             ask the authoritative servers on port N (53;\n"
	"                          another port is for test labs)\n"
	"  --trust-anchor FILE     DS or DNSKEY records to validate from instead of\n"
	"                          the root zone's KSKs (test labs)\n"
	"  --no-dnssec             no DNSSEC validation of acmeprobe's own\n"
	"  --file F                check every name of F (one per line, '-' for\n"
	"                          standard input) and write JSON Lines, one per\n"
	"                          name, in input order; a summary on stderr\n"
	"  --concurrency N         with --file: names checked at once (8, at most 64)\n"
	"  --repeat N              ask each failing probe (the CAA lookup, each\n"
	"                          nameserver probe) N times in all, 500 ms apart,\n"
	"                          and say whether the failure is permanent or\n"
	"                          intermittent (3; 1 to 10; 1: no repeat)\n"
	"  --vantage NAME          the name of the place this report is made from, in\n"
	"                          the JSON's vantage object (default: the host name)\n"
	"  --rir RIR               the Regional Internet Registry of that place (ARIN,\n"
	"                          RIPE, APNIC, LACNIC, AFRINIC), for --merge\n"
	"  --merge FILE...         read check --json reports of one name made on several\n"
	"                          hosts, the first the primary perspective, the rest\n"
	"                          remote ones, and give Let's Encrypt's multi-\n"
	"                          perspective verdict: the primary first, then the\n"
	"                          quorum of the remotes (1 may fail of 2-5, 2 of 6+;\n"
	"                          fewer than 3 are refused), the findings that differ\n"
	"                          between perspectives, Let's Encrypt's words; no DNS\n"
	"  --resolver, --timeout, --json, --trace: see 'acmeprobe --help'\n"
	"\n"
	"Exit status: 0 nothing found would stop issuance, 1 something will, 2 it\n"
	"cannot tell (the CAA lookup failed but every nameserver answers well:\n"
	"the trouble may be the resolver asked), 64 usage error. With --file: the\n"
	"worst of all names. With --merge: 0 the CA would validate, 1 it would not,\n"
	"2 the reports cannot tell (fewer than 3 remotes, a step missing from some),\n"
	"64 a file that is no check report, or reports of different names.\n");

struct check_run {
	const struct globals *g;
	const struct resolver_config *rcfg;
	const struct dnssec_anchors *anchors; /* NULL: no validation of our own */
	const char *token, *key_authorization;
	const char *methods[METHOD_MAX]; /* --method, each once */
	size_t method_count;
	const char *account_uri;
	const char *webroot; /* write the token file there, validate, remove it */
	uint16_t ns_port;
	unsigned tries; /* --repeat */
	/* where the reports are made (--vantage, --rir), for check --merge */
	const char *label, *rir;
	char resolver[NET_ADDR_TEXT];
};

static void trace_answer(void *ctx, const struct dns_result *r)
{
	const struct check_run *run = ctx;
	cli_trace_tries(run->rcfg, r, TRACE_CAA);
}

/* The vantage of a report started now (its time: the check's start). */
static const struct check_vantage *vantage_now(const struct check_run *run, char *time_buf,
					       size_t cap, struct check_vantage *v)
{
	if (!ACMEPROBE_VANTAGE) /* make tiny: no vantage (it is for --merge) */
		return NULL;
	le_rfc3339((int64_t)time(NULL), time_buf, cap);
	*v = (struct check_vantage){run->label, run->rir, run->resolver, time_buf,
				    ACMEPROBE_VERSION};
	return v;
}

/* One name: the doctor, with --webroot's token file written before and
 * removed after; the exit status of the contract. */
static int check_one(const struct check_run *run, const char *input, struct doctor_report *rep)
{
	struct doctor_config cfg = {
		.resolver = run->rcfg,
		.ns_port = run->ns_port,
		.token = run->token,
		.key_authorization = run->key_authorization,
		.token_given = run->token != NULL,
		.tries = run->tries,
#if ACMEPROBE_DNS01
		.methods = run->methods,
		.method_count = run->method_count,
		.account_uri = run->account_uri,
#endif
		.trace = run->g->trace ? cli_trace_line : NULL,
		.trace_answer = trace_answer,
		.trace_ctx = (void *)run,
#if ACMEPROBE_DNSSEC
		.anchors = run->anchors,
		.dnssec_off = run->g->no_dnssec ? "--no-dnssec was given: the CA validates DNSSEC, "
						  "acmeprobe did not."
						: NULL,
		.now = (uint64_t)time(NULL),
#endif
	};
	for (size_t i = 0; ACMEPROBE_DNS01 && i < run->method_count; i++)
		cfg.dns01 |= strcmp(run->methods[i], "dns-01") == 0; /* its TXT lookup counts */
	bool wildcard, written = false;
	uint8_t wire[DNS_MAX_NAME];
	size_t len;
	struct webroot wr;
	/* HTTP-01 is for an IP address or a name that is no wildcard */
	if (run->webroot &&
	    ((ACMEPROBE_IP && ident_looks_like_ip(input)) ||
	     (dns_name_from_input(input, strlen(input), &wildcard, wire, &len) == DNS_OK &&
	      wire[0] != 0 && !wildcard))) {
		written = webroot_prepare(&wr, "check", run->webroot, &cfg.token,
					  &cfg.key_authorization) == EXIT_YES;
		if (!written)
			cfg.webroot_failed = run->webroot;
	}
	enum doctor_status st = doctor_run(&cfg, input, rep);
	if (written)
		webroot_remove();
	if (st == DOCTOR_NOT_A_NAME)
		return EXIT_USAGE;
	switch (rep->verdict) {
	case CHECK_OK: return EXIT_YES;
	case CHECK_WILL_FAIL: return EXIT_NO;
	default: return EXIT_UNKNOWN;
	}
}

/* --file: one name in a fleet's child, its JSON line on stdout. */
static int check_json_line(void *ctx, const char *name)
{
	static struct doctor_report rep;
	char when[40];
	struct check_vantage v;
	const struct check_vantage *where = vantage_now(ctx, when, sizeof when, &v);
	int status = check_one(ctx, name, &rep);
	check_report_json(&rep, where);
	return status;
}

#if ACMEPROBE_VANTAGE
/* --rir: one of the five Regional Internet Registries, as written here. */
static const char *rir_name(const char *s)
{
	static const char *const rirs[] = {"AFRINIC", "APNIC", "ARIN", "LACNIC", "RIPE"};
	for (size_t i = 0; i < sizeof rirs / sizeof rirs[0]; i++)
		if (strcasecmp(s, rirs[i]) == 0 ||
		    (strcmp(rirs[i], "RIPE") == 0 && strcasecmp(s, "RIPE NCC") == 0))
			return rirs[i];
	return NULL;
}
#endif

#if ACMEPROBE_DNS01
/* --method is repeatable, and parse_args keeps an option's last value:
 * each value is read here, argv walked as parse_args walks it (a value
 * option takes the next word). Each method once; a usage error for any
 * name Boulder does not know. */
static int read_methods(int argc, char **argv, const struct option_spec *specs,
			struct check_run *run)
{
	static const char *const global_values[] = {"--resolver", "--timeout", "--trust-anchor"};
	for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++) {
		const char *a = argv[i], *m = NULL;
		if (strncmp(a, "--method=", 9) == 0)
			m = a + 9;
		else if (strcmp(a, "--method") == 0)
			m = argv[++i]; /* parse_args saw it has one */
		else if (strncmp(a, "--", 2) == 0 && !strchr(a, '=')) {
			bool value = false;
			for (size_t k = 0; k < sizeof global_values / sizeof global_values[0]; k++)
				value |= strcmp(a, global_values[k]) == 0;
			for (const struct option_spec *s = specs; s->name; s++)
				value |= s->takes_value && strcmp(a + 2, s->name) == 0;
			i += value;
		}
		if (!m)
			continue;
		if (!method_from_name(m))
			return usage_error("check",
					   "--method is http-01, dns-01, tls-alpn-01, dns-account-01 "
					   "or dns-persist-01, not '%s'",
					   m);
		bool seen = false;
		for (size_t k = 0; k < run->method_count; k++)
			seen |= strcmp(run->methods[k], m) == 0;
		if (!seen)
			run->methods[run->method_count++] = m;
	}
	return EXIT_YES;
}
#endif

int cmd_check(int argc, char **argv)
{
	struct globals g = {0};
	const char *token = NULL, *ka = NULL, *file = NULL, *ns_port = NULL, *webroot = NULL,
		   *concurrency = NULL, *repeat = NULL, *want_help = NULL, *vantage = NULL,
		   *rir = NULL, *merge = NULL, *method = NULL, *account = NULL;
	const struct option_spec specs[] = {
		{"token", true, &token},	  {"key-authorization", true, &ka},
		{"file", true, &file},	  {"ns-port", true, &ns_port},
		{"webroot", true, &webroot}, {"concurrency", true, &concurrency},
#if ACMEPROBE_DNS01 /* (make tiny: no --method, as no dns01) */
		{"method", true, &method},   {"account-uri", true, &account},
#endif
#if ACMEPROBE_TRANSIENT /* (make tiny asks each probe once) */
		{"repeat", true, &repeat},
#endif
#if ACMEPROBE_VANTAGE /* (make tiny has neither: see check/merge.h) */
		{"vantage", true, &vantage}, {"rir", true, &rir},
#endif
#if ACMEPROBE_MERGE /* (nor make static this one) */
		{"merge", false, &merge},
#endif
		{"help", false, &want_help}, {NULL, false, NULL}};
	const char *pos[MERGE_MAX_REPORTS + 1];
	size_t npos;
	if (!parse_args("check", argc, argv, 2, &g, specs, pos, MERGE_MAX_REPORTS + 1, &npos))
		return EXIT_USAGE;
	if (want_help) {
		return cli_print_help(help, "check");
	}
#if ACMEPROBE_MERGE
	/* R-MPIC-*: the reports of several hosts, read and merged (no DNS) */
	if (merge) {
		if (token || ka || file || ns_port || webroot || concurrency || repeat || vantage ||
		    rir || method || account)
			return usage_error("check", "--merge reads reports: it takes only the report "
						    "files (and --json)");
		if (npos < 2 || npos > MERGE_MAX_REPORTS)
			return usage_error("check",
					   "--merge takes the primary's report and the remotes' "
					   "(2 to %d files), not %zu",
					   MERGE_MAX_REPORTS, npos);
		return check_merge_run(pos, npos, g.json);
	}
#else
	(void)merge;
#endif
	struct check_run run = {.g = &g, .token = token, .key_authorization = ka,
				.webroot = webroot, .ns_port = 53};
	if (npos > 1)
		return usage_error("check", "unexpected argument '%s'", pos[1]);
#if ACMEPROBE_DNS01
	bool ka_used = false;
	run.account_uri = account;
	if (method) {
		int st = read_methods(argc, argv, specs, &run);
		if (st != EXIT_YES)
			return st;
		bool http01 = false;
		for (size_t i = 0; i < run.method_count; i++)
			http01 |= strcmp(run.methods[i], "http-01") == 0;
		if ((token || webroot) && !http01)
			return usage_error("check", "--%s runs http-01: add --method http-01, or leave "
						    "--method out",
					   token ? "token" : "webroot");
	}
	/* --key-authorization runs dns-01 and tls-alpn-01 too, when --method
	 * names them (check/diagnose_challenge.h) */
	for (size_t i = 0; ka && !token && !webroot && i < run.method_count; i++)
		ka_used |= strcmp(run.methods[i], "dns-01") == 0 ||
			   strcmp(run.methods[i], "tls-alpn-01") == 0;
	if (ka && !token && !webroot && !ka_used)
		return usage_error("check", "--key-authorization goes with --token or --webroot, or "
					    "with --method dns-01 or tls-alpn-01");
	if (ka_used && (!*ka || strpbrk(ka, "\r\n")))
		return usage_error("check", "--key-authorization must be one non-empty line");
	if (ka_used && !acme_sha256_available())
		return usage_error("check", "this build has no libcrypto (TLS=0), so it cannot "
					    "compute SHA-256 for dns-01 or tls-alpn-01");
#else
	(void)method;
	(void)account;
	if (ka && !token && !webroot)
		return usage_error("check", "--key-authorization goes with --token or --webroot");
#endif
	run.label = vantage;
#if ACMEPROBE_VANTAGE
	if (rir && !(run.rir = rir_name(rir)))
		return usage_error("check",
				   "--rir takes a Regional Internet Registry (AFRINIC, APNIC, ARIN, "
				   "LACNIC, RIPE), not '%s'",
				   rir);
#else
	(void)rir;
#endif
	char host[256] = "";
	if (ACMEPROBE_VANTAGE && (!run.label || !run.label[0])) {
		/* the host's name stands for the place by default */
		if (gethostname(host, sizeof host - 1) != 0 || !host[0])
			snprintf(host, sizeof host, "unnamed");
		run.label = host;
	}
	uint32_t ns_port_n;
	if (ns_port) {
		if (!decimal_parse(ns_port, 1, 65535, &ns_port_n))
			return usage_error("check", "--ns-port takes a port number, not '%s'", ns_port);
		run.ns_port = (uint16_t)ns_port_n;
	}
	uint32_t tries_n = ACMEPROBE_TRANSIENT ? TRANSIENT_DEFAULT_TRIES : 1;
	if (ACMEPROBE_TRANSIENT && repeat &&
	    !decimal_parse(repeat, 1, TRANSIENT_MAX_TRIES, &tries_n))
		return usage_error("check", "--repeat takes a number of tries from 1 to %d, not '%s'",
				   TRANSIENT_MAX_TRIES, repeat);
	run.tries = tries_n;
	uint32_t concurrency_n = 8;
	if (concurrency) {
		if (!decimal_parse(concurrency, 1, 64, &concurrency_n))
			return usage_error("check", "--concurrency takes a number from 1 to 64, not '%s'",
					   concurrency);
		if (!file)
			return usage_error("check", "--concurrency goes with --file");
	}
	if (file ? npos != 0 : npos != 1)
		return usage_error("check", file ? "--file reads the names: no DOMAIN with it"
						 : "needs one DOMAIN (or --file F)");
	FILE *in = NULL;
	if (file && !(in = strcmp(file, "-") == 0 ? stdin : fopen(file, "r")))
		return usage_error("check", "cannot read --file %s: %s", file, strerror(errno));
	if (!file && ident_looks_like_ip(pos[0])) {
		/* R-IP-1: an IP address in canonical form only */
		struct ident_ip ip;
		int st = cli_ip_identifier("check", pos[0], &ip);
		if (st != EXIT_YES)
			return st;
	} else if (!file) {
		bool wildcard;
		uint8_t wire[DNS_MAX_NAME];
		size_t len;
		enum dns_err e = dns_name_from_input(pos[0], strlen(pos[0]), &wildcard, wire, &len);
		if (e || wire[0] == 0)
			return usage_error("check", "'%s' is not a domain name", pos[0]);
	}

	struct resolver_config rcfg;
	int rc = cli_resolver_config("check", &g, NULL, &rcfg);
	if (rc != EXIT_YES) {
		if (in && in != stdin)
			fclose(in);
		return rc;
	}
	run.rcfg = &rcfg;
	if (ACMEPROBE_VANTAGE && rcfg.server_count)
		net_addr_text(&rcfg.servers[0], run.resolver);
	static struct doctor_report rep;
#if ACMEPROBE_DNSSEC
	/* R-DNSSEC-1: the CA validates, and so does the doctor */
	static struct dnssec_anchors anchors;
	if (!g.no_dnssec && dnssec_crypto_built()) {
		rc = cli_dnssec_anchors("check", &g, &anchors);
		if (rc != EXIT_YES) {
			if (in && in != stdin)
				fclose(in);
			return rc;
		}
		run.anchors = &anchors;
	} else if (g.no_dnssec && g.trust_anchor) {
		if (in && in != stdin)
			fclose(in);
		return usage_error("check", "--no-dnssec leaves no validation for --trust-anchor");
	}
#endif

	if (!file) {
		char when[40];
		struct check_vantage v;
		const struct check_vantage *where = vantage_now(&run, when, sizeof when, &v);
		int status = check_one(&run, pos[0], &rep);
		if (g.json)
			check_report_json(&rep, where);
		else
			check_report_text(&rep);
		return status;
	}

	int worst = fleet_run(in, (unsigned)concurrency_n, check_json_line, &run);
	if (in != stdin)
		fclose(in);
	return worst;
}
