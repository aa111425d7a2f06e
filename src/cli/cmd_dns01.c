/* `acmeprobe dns01 DOMAIN`: the DNS-01 challenge as Let's Encrypt checks
 * it (src/acme/dns01.c decides, src/acme/persist.c for --persist), then
 * every authoritative server of the zone that holds the record, asked
 * directly, so that the owner sees which one does not serve it yet.
 *
 * The steps: one TXT question through the resolver, CNAMEs followed
 * (R-DNS01-1); the CA's verdict on its answer (R-DNS01-3, R-DNS01-4); the
 * zone of the name where the chain ends, its NS set and their addresses,
 * found by the doctor's probe (src/check/nsprobe.h, which also asks every
 * address for the zone's SOA); then every address asked for the TXT with
 * no recursion (RD=0), all at once; each server's state against the newest
 * serial of those that serve the record (acme_server_judge). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "acme/digest.h"
#include "acme/dns01.h"
#include "acme/dns01_run.h"
#include "acme/ident.h"
#include "acme/le_text.h"
#include "acme/persist.h"
#include "check/nsprobe.h"
#include "cli/cli.h"
#include "cli/json.h"
#include "cli/resolver_setup.h"
#include "dns/query.h"
#include "dns/rr.h"
#include "dns/text.h"
#include "dns/types.h"
#include "net/decimal.h"

static const char help[] =
    HELP("usage: acmeprobe dns01 DOMAIN [--key-authorization KA | --txt VALUE]\n"
	 "                       [--account --account-uri URI] [--ns-port N]\n"
	 "       acmeprobe dns01 DOMAIN --persist --account-uri URI [--wildcard]\n"
	 "                       [--resolver ADDR[:PORT]]... [--timeout MS] [--json] [--trace]\n",
	 "\n"
	 "Checks the DNS-01 challenge as Let's Encrypt's validation authority\n"
	 "(Boulder) checks it, then asks every authoritative server itself:\n"
	 "  - one TXT question for _acme-challenge.DOMAIN (a leading '*.' is\n"
	 "    dropped), through the resolver, CNAMEs followed (R-DNS01-1)\n"
	 "  - the value is the unpadded base64url of SHA-256 of the key\n"
	 "    authorization, 43 characters (R-DNS01-2)\n"
	 "  - the strings of one TXT record are joined and compared octet for\n"
	 "    octet; any one record that matches is enough (R-DNS01-3)\n"
	 "  - what Let's Encrypt would say when it fails, in its words (R-DNS01-4)\n"
	 "  - then the zone that holds the name where the CNAMEs end, its NS set,\n"
	 "    and every address of every NS asked directly (no recursion) for the\n"
	 "    TXT and the zone's SOA serial: a server that answers without the\n"
	 "    record makes it invalid, since a resolver that asks it (the CA's\n"
	 "    among them) gets that answer; the report says whether its serial\n"
	 "    is older (\"does not serve it yet\")\n"
	 "A wildcard certificate can only be validated by DNS-01; an IP address\n"
	 "has no DNS-01 at all (R-DNS01-5, R-IP-3): only http-01 and tls-alpn-01.\n"
	 "acmeprobe sees the DNS from one place; Let's Encrypt asks from several.\n"
	 "\n"
	 "  --key-authorization KA  the key authorization (token.thumbprint): the\n"
	 "                        value expected is computed from it\n"
	 "  --txt VALUE           the expected TXT value itself\n"
	 "                        (without either, the report says what is\n"
	 "                        published, and exit 0 means something is)\n"
	 "  --persist             check the dns-persist-01 record at\n"
	 "                        _validation-persist.DOMAIN instead (R-PERSIST-1..5):\n"
	 "                        issuer letsencrypt.org, accounturi equal to\n"
	 "                        --account-uri, policy=wildcard for a wildcard,\n"
	 "                        not past persistUntil. Behind a feature flag at\n"
	 "                        Let's Encrypt, reported in staging only\n"
	 "  --account-uri URI     the ACME account URL (--persist, --account)\n"
	 "  --wildcard            with --persist: the certificate is for *.DOMAIN\n"
	 "                        (a DOMAIN of '*.x' too)\n"
	 "  --account             dns-account-01 (R-ACCOUNT-1, behind a feature flag\n"
	 "                        too): the TXT at _LABEL._acme-challenge.DOMAIN, LABEL\n"
	 "                        from SHA-256 of --account-uri\n"
	 "  --ns-port N           ask the authoritative servers on port N (53; for\n"
	 "                        labs whose servers all listen on one other port)\n"
	 "  --resolver, --timeout, --json, --trace: see 'acmeprobe --help'\n"
	 "\n"
	 "JSON: domain, wildcard, method, valid (true, false, or null without an\n"
	 "expected value), txt_name, cnames, records, expected, lookup {error,\n"
	 "rcode, ede}, zone, nameservers [{name, address, port, serves, records,\n"
	 "error, serial, state, detail}], nameservers_problem, problem {type,\n"
	 "detail}, le_text (the errors Let's Encrypt would show), rule; with\n"
	 "--persist a persist object {status, issuer_domain, account_uri,\n"
	 "records [{value, status, issuer, error}]}.\n"
	 "\n"
	 "Exit status: 0 valid (every authoritative server that answers serves it\n"
	 "too), or published when no value was given; 1 invalid (no TXT record, no\n"
	 "such name, a wrong value, or a server that does not serve it yet); 2 DNS\n"
	 "failure (SERVFAIL, timeout...); 64 usage error (an IP address among them).\n");

static const char *method_name(enum dns01_method m)
{
	return m == DNS01_M_PERSIST   ? "dns-persist-01"
	       : m == DNS01_M_ACCOUNT ? "dns-account-01"
				      : "dns-01";
}

/* ---- the report -------------------------------------------------------------- */

static const char *state_name(enum acme_server_state s)
{
	static const char *const names[] = {"serves", "lags", "missing", "lame", "silent"};
	return names[s];
}

/* The contract's `error` of a server: null when it answered for the zone
 * (NOERROR or NXDOMAIN, with AA), else what went wrong. */
static const char *server_error(const struct acme_server *s)
{
	if (s->error != DNS_EC_NONE)
		return dns_errclass_name(s->error);
	switch (s->rcode) {
	case DNS_RCODE_NOERROR:
	case DNS_RCODE_NXDOMAIN:
		return s->aa ? NULL : "not_authoritative";
	case DNS_RCODE_SERVFAIL:
		return "servfail";
	case DNS_RCODE_REFUSED:
		return "refused";
	case DNS_RCODE_NOTIMP:
		return "notimp";
	case DNS_RCODE_FORMERR:
		return "formerr";
	default:
		return "rcode";
	}
}

static void json_values(struct json *j, const char *key, const struct dns01_answer *a)
{
	json_array_begin(j, key);
	for (size_t i = 0; i < a->count; i++)
		json_string_n(j, NULL, a->rr[i].value, a->rr[i].len);
	json_array_end(j);
}

static void print_json(const struct dns01_run *run, const struct dns01_texts *texts)
{
	char name[DNS_MAX_NAME_TEXT], rcode[DNS_TYPE_TEXT];
	struct json j;
	json_init(&j, stdout);
	json_object_begin(&j, NULL);
	dns_name_text(name, sizeof name, run->domain);
	json_string(&j, "domain", name);
	json_bool(&j, "wildcard", run->wildcard);
	json_string(&j, "method", method_name(run->method));
	if (run->outcome == ACME_PUBLISHED)
		json_null(&j, "valid");
	else
		json_bool(&j, "valid", run->outcome == ACME_VALID);
	dns_name_text(name, sizeof name, run->txt_name);
	json_string(&j, "txt_name", name);
	json_array_begin(&j, "cnames");
	for (size_t i = 1; i <= run->lookup.links; i++) {
		dns_name_text(name, sizeof name, run->lookup.chain[i]);
		json_string(&j, NULL, name);
	}
	json_array_end(&j);
	json_values(&j, "records", &run->lookup);
	if (run->expected)
		json_string_n(&j, "expected", run->expected, run->expected_len);
	else
		json_null(&j, "expected");
	json_object_begin(&j, "lookup");
	json_string(&j, "error",
		    run->lookup.error == DNS_EC_NONE ? NULL : dns_errclass_name(run->lookup.error));
	if (run->lookup.answered)
		json_string(&j, "rcode", dns_rcode_to_text(run->lookup.rcode, rcode));
	else
		json_null(&j, "rcode");
	if (run->lookup.has_ede) {
		json_object_begin(&j, "ede");
		json_uint(&j, "code", run->lookup.ede_code);
		json_string_n(&j, "text", run->lookup.ede_text, run->lookup.ede_len);
		json_object_end(&j);
	} else {
		json_null(&j, "ede");
	}
	json_object_end(&j);
	if (run->probed && run->rep->zone_found) {
		dns_name_text(name, sizeof name, run->rep->zone);
		json_string(&j, "zone", name);
	} else {
		json_null(&j, "zone");
	}
	json_array_begin(&j, "nameservers");
	for (size_t k = 0; k < run->server_count; k++) {
		size_t i = run->order[k];
		char addr[NET_ADDR_TEXT], who[DNS_MAX_NAME_TEXT + NET_ADDR_TEXT + 4], why[1024];
		const struct ns_probe_address *na = &run->rep->addrs[i];
		const struct acme_server *s = &run->servers[i];
		uint32_t newest;
		bool has;
		json_object_begin(&j, NULL);
		dns_name_text(name, sizeof name, na->ns_name);
		json_string(&j, "name", name);
		json_string(&j, "address", net_addr_host_text(&na->addr, addr));
		json_uint(&j, "port", net_addr_port(&na->addr));
		json_bool(&j, "serves", s->serves);
		if (run->direct[i].answered)
			json_values(&j, "records", &run->direct[i]);
		else
			json_null(&j, "records");
		json_string(&j, "error", server_error(s));
		if (s->has_serial)
			json_uint(&j, "serial", s->serial);
		else
			json_null(&j, "serial");
		json_string(&j, "state",
			    state_name(acme_server_judge(run->servers, run->server_count, i,
							 &newest, &has)));
		dns01_server_who(run, i, who, sizeof who);
		acme_server_sentence(run->servers, run->server_count, i, who, why, sizeof why);
		json_string(&j, "detail", why);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_string(&j, "nameservers_problem", run->probed ? run->rep->problem : NULL);
	struct acme_verdict *scratch = malloc(sizeof *scratch);
	const char *type = NULL, *detail = NULL;
	if (scratch)
		dns01_overall_problem(run, &type, &detail, scratch);
	if (type) {
		json_object_begin(&j, "problem");
		json_string(&j, "type", type);
		json_string(&j, "detail", detail);
		json_object_end(&j);
	} else {
		json_null(&j, "problem");
	}
	free(scratch);
	json_array_begin(&j, "le_text");
	for (size_t i = 0; i < texts->count; i++)
		json_string(&j, NULL, texts->text[i]);
	json_array_end(&j);
	json_string(&j, "rule", run->verdict.rule);
	if (run->method != DNS01_M_DNS01)
		json_string(&j, "account_uri", run->account_uri);
	if (run->method == DNS01_M_PERSIST) {
		json_object_begin(&j, "persist");
		json_string(&j, "status", PERSIST_STATUS);
		json_string(&j, "issuer_domain", PERSIST_LE_ISSUER);
		json_array_begin(&j, "records");
		for (size_t i = 0; run->views && i < run->lookup.count; i++) {
			const struct persist_view *v = &run->views[i];
			json_object_begin(&j, NULL);
			json_string_n(&j, "value", run->lookup.rr[i].value, run->lookup.rr[i].len);
			json_string(&j, "status", persist_record_status_name(v->status));
			json_string(&j, "issuer", v->rec.issuer_ok ? v->rec.issuer : NULL);
			json_string(&j, "error",
				    v->rec.error[0] ? v->rec.error
				    : v->why[0]	    ? v->why
						    : NULL);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_object_end(&j);
	}
	json_object_end(&j);
	json_finish(&j);
}

static void print_quoted(const uint8_t *s, size_t n)
{
	char buf[1024];
	struct dns_text t;
	dns_text_init(&t, buf, sizeof buf);
	dns_text_quoted(&t, s, n);
	fputs(buf, stdout);
	if (t.overflow)
		fputs("...", stdout);
}

static void print_text(const struct dns01_run *run, const struct dns01_texts *texts)
{
	char name[DNS_MAX_NAME_TEXT], rcode[DNS_TYPE_TEXT];
	dns_name_text(name, sizeof name, run->domain);
	printf("%s for %s%s, as Let's Encrypt would validate it\n",
	       run->method == DNS01_M_PERSIST	? "DNS-PERSIST-01"
	       : run->method == DNS01_M_ACCOUNT ? "DNS-ACCOUNT-01"
						: "DNS-01",
	       run->wildcard ? "*." : "", name);
	if (run->method == DNS01_M_PERSIST)
		printf("Note (R-PERSIST-1): %s.\n", PERSIST_STATUS);
	if (run->method == DNS01_M_ACCOUNT)
		printf("Note (R-ACCOUNT-1): dns-account-01 is behind a feature flag in Boulder "
		       "(DNSAccount01Enabled); Let's Encrypt offering it is not confirmed.\n");
	dns_name_text(name, sizeof name, run->txt_name);
	printf("TXT name: %s (%s)\n", name,
	       run->method == DNS01_M_PERSIST	? "R-PERSIST-2"
	       : run->method == DNS01_M_ACCOUNT ? "R-ACCOUNT-1"
						: "R-DNS01-1");
	for (size_t i = 1; i <= run->lookup.links; i++) {
		dns_name_text(name, sizeof name, run->lookup.chain[i]);
		printf("  CNAME -> %s\n", name);
	}
	if (run->method == DNS01_M_PERSIST)
		printf("Expected: a record for %s with accounturi=%s%s\n", PERSIST_LE_ISSUER,
		       run->account_uri, run->wildcard ? " and policy=wildcard" : "");
	else if (run->expected_text[0])
		printf("Expected: \"%s\" (base64url of SHA-256 of the key authorization, "
		       "R-DNS01-2)\n",
		       run->expected_text);
	else if (run->expected)
		printf("Expected: \"%.*s\"\n", (int)run->expected_len, (const char *)run->expected);
	if (run->lookup.error != DNS_EC_NONE)
		printf("\nThrough the resolver: %s%s%s\n", dns_errclass_name(run->lookup.error),
		       run->lookup.answered ? ", RCODE " : "",
		       run->lookup.answered ? dns_rcode_to_text(run->lookup.rcode, rcode) : "");
	else
		printf("\nThrough the resolver: %zu TXT record(s)\n", run->lookup.count);
	for (size_t i = 0; i < run->lookup.count; i++) {
		printf("  ");
		print_quoted(run->lookup.rr[i].value, run->lookup.rr[i].len);
		if ((long)i == run->verdict.matched)
			printf("   <- matches (%s)", run->verdict.rule);
		else if (run->views)
			printf("   [%s]", persist_record_status_name(run->views[i].status));
		printf("\n");
		if (run->views && (run->views[i].rec.error[0] || run->views[i].why[0]))
			printf("      %s\n", run->views[i].rec.error[0] ? run->views[i].rec.error
									: run->views[i].why);
	}
	if (run->probed && run->rep->zone_found)
		dns_name_text(name, sizeof name, run->rep->zone);
	if (run->probed && run->server_count) {
		printf("\nAuthoritative servers of %s, asked directly (RD=0):\n", name);
		for (size_t k = 0; k < run->server_count; k++) {
			size_t i = run->order[k];
			char who[DNS_MAX_NAME_TEXT + NET_ADDR_TEXT + 4], why[1024];
			dns01_server_who(run, i, who, sizeof who);
			acme_server_sentence(run->servers, run->server_count, i, who, why,
					     sizeof why);
			printf("  %s\n", why);
		}
	} else if (run->probed && run->rep->problem) {
		printf("\nAuthoritative servers: not asked: %s.\n", run->rep->problem);
	}
	printf("\n");
	struct acme_verdict *scratch = malloc(sizeof *scratch);
	const char *type = NULL, *detail = NULL;
	if (scratch)
		dns01_overall_problem(run, &type, &detail, scratch);
	switch (run->outcome) {
	case ACME_VALID:
		printf("VALID: Let's Encrypt would accept it (%s)%s.\n", run->verdict.rule,
		       run->server_count ? ", and every server that answers serves it" : "");
		break;
	case ACME_PUBLISHED:
		printf("PUBLISHED: %zu TXT record(s); give --key-authorization or --txt to "
		       "compare (R-DNS01-3).\n",
		       run->lookup.count);
		break;
	default:
		if (!run->verdict.problem_type && run->first_bad >= 0) {
			/* the resolver's answer passes; a server's does not */
			char who[DNS_MAX_NAME_TEXT + NET_ADDR_TEXT + 4];
			dns01_server_who(run, (size_t)run->first_bad, who, sizeof who);
			if (!type) { /* nothing to compare: it serves other records */
				printf("INVALID: %s does not serve every TXT record the resolver "
				       "gives.\n",
				       who);
				break;
			}
			printf("INVALID: the resolver asked here gets the record, but %s answers "
			       "without it. A resolver that asks that server, the CA's among them, "
			       "gets its answer, and Let's Encrypt then says:\n  %s\n  (%s)\n"
			       "Fix: wait until every server has the zone's new serial (or make it "
			       "reload the zone, or repair its zone transfers), then validate.\n",
			       who, detail ? detail : "", type ? type : "");
			break;
		}
		printf("%s: %s\n  (%s)\n",
		       run->outcome == ACME_INVALID ? "INVALID" : "FAILED (DNS)",
		       detail ? detail : "", type ? type : "");
		break;
	}
	free(scratch);
	if (texts->count) {
		printf("\nLet's Encrypt would show:\n");
		for (size_t i = 0; i < texts->count; i++)
			printf("  %s\n", texts->text[i]);
	}
}

/* ---- the command ------------------------------------------------------------- */

/* --trace: each resolver try of the lookups, as the other commands print them */
static void trace_tries(void *ctx, const struct resolver_config *cfg, const struct dns_result *r)
{
	(void)ctx;
	cli_trace_tries(cfg, r, TRACE_QUERY);
}

int cmd_dns01(int argc, char **argv)
{
	struct globals g = {0};
	const char *ka = NULL, *txt = NULL, *persist = NULL, *account_uri = NULL, *wildcard = NULL,
		   *account = NULL, *ns_port = NULL, *want_help = NULL;
	const struct option_spec specs[] = {
	    {"key-authorization", true, &ka},
	    {"txt", true, &txt},
	    {"persist", false, &persist},
	    {"account-uri", true, &account_uri},
	    {"wildcard", false, &wildcard},
	    {"account", false, &account},
	    {"ns-port", true, &ns_port},
	    {"help", false, &want_help},
	    {NULL, false, NULL},
	};
	const char *pos[1];
	size_t npos;
	if (!parse_args("dns01", argc, argv, 2, &g, specs, pos, 1, &npos))
		return EXIT_USAGE;
	if (want_help) {
		return cli_print_help(help, "dns01");
	}
	if (npos != 1)
		return usage_error("dns01", "needs a DOMAIN");
	/* R-DNS01-5, R-IP-3 (boulder policy/pa.go ChallengeTypesFor; RFC
	 * 8738 s7): an IP address gets http-01 and tls-alpn-01 only */
	const char *bare = pos[0][0] == '*' && pos[0][1] == '.' ? pos[0] + 2 : pos[0];
	if (ident_looks_like_ip(bare) && !(ident_challenges(true, bare, 0) & IDENT_CH_DNS01)) {
		/* the commands named take the canonical text only (R-IP-1) */
		struct ident_ip ip;
		char canonical[IDENT_IP_TEXT];
		ident_ip_parse(bare, strlen(bare), &ip, canonical);
		const char *addr = canonical[0] ? canonical : bare;
		return usage_error(
		    "dns01",
		    "'%s' is an IP address: Let's Encrypt offers no DNS-01 challenge "
		    "for an IP address, only http-01 and tls-alpn-01 (RFC 8738 s7; "
		    "R-IP-3, R-DNS01-5): try 'acmeprobe http01 %s' or 'acmeprobe tlsalpn01 %s'",
		    bare, addr, addr);
	}
	struct dns01_run *run = calloc(1, sizeof *run);
	if (!run) {
		perror("acmeprobe dns01");
		return EXIT_UNKNOWN;
	}
	int status = EXIT_USAGE;
	if (g.trace) {
		run->trace = cli_trace_line;
		run->trace_tries = trace_tries;
	}
	run->first_bad = -1;
	run->ns_port = 53;
	run->method = persist ? DNS01_M_PERSIST : account ? DNS01_M_ACCOUNT : DNS01_M_DNS01;
	run->account_uri = account_uri;
	if (persist && account) {
		usage_error("dns01", "--persist and --account are two different challenges");
		goto out;
	}
	if (run->method != DNS01_M_DNS01 && (!account_uri || !*account_uri)) {
		usage_error("dns01", "--%s needs --account-uri URI (the ACME account URL)",
			    persist ? "persist" : "account");
		goto out;
	}
	if (account_uri && run->method == DNS01_M_DNS01) {
		usage_error("dns01", "--account-uri goes with --persist or --account");
		goto out;
	}
	if (wildcard && !persist) {
		usage_error("dns01", "--wildcard goes with --persist (a dns-01 record is the same "
				     "for DOMAIN and *.DOMAIN: R-DNS01-1)");
		goto out;
	}
	if (persist && (ka || txt)) {
		usage_error("dns01", "--persist checks a record without a value: no "
				     "--key-authorization nor --txt");
		goto out;
	}
	if (ka && txt) {
		usage_error("dns01", "give --key-authorization or --txt, not both");
		goto out;
	}
	if ((ka && (!*ka || strpbrk(ka, "\r\n"))) || (txt && !*txt)) {
		usage_error("dns01", "--%s must be one non-empty line",
			    ka ? "key-authorization" : "txt");
		goto out;
	}
	if ((ka || account) && !acme_sha256_available()) {
		usage_error("dns01",
			    "this build has no libcrypto (make tiny, TLS=0), so it cannot "
			    "compute SHA-256: give the value with --txt%s",
			    account ? " (and --account is not available)" : "");
		goto out;
	}
	if (ns_port) {
		uint32_t v;
		if (!decimal_parse(ns_port, 1, 65535, &v)) {
			usage_error("dns01", "--ns-port takes a port number, not '%s'", ns_port);
			goto out;
		}
		run->ns_port = (uint16_t)v;
	}

	/* the name: R-DNS01-1, R-PERSIST-2, R-ACCOUNT-1 */
	char prefix[64] = DNS01_PREFIX;
	if (run->method == DNS01_M_PERSIST)
		snprintf(prefix, sizeof prefix, "%s", PERSIST_PREFIX);
	if (run->method == DNS01_M_ACCOUNT) {
		uint8_t d[ACME_SHA256_LEN];
		char label[ACCOUNT_LABEL_LEN + 1];
		if (!acme_sha256(account_uri, strlen(account_uri), d)) {
			fprintf(stderr, "acmeprobe dns01: SHA-256 failed\n");
			status = EXIT_UNKNOWN;
			goto out;
		}
		account_label(d, label);
		snprintf(prefix, sizeof prefix, "_%s.%s", label, DNS01_PREFIX);
	}
	enum dns_err derr;
	switch (acme_challenge_name(pos[0], prefix, run->domain, run->txt_name, &run->wildcard,
				    &derr)) {
	case ACME_NAME_OK:
		break;
	case ACME_NAME_TOO_LONG:
		usage_error("dns01", "'%s' is too long: %s.%s would pass 255 octets", pos[0],
			    prefix, bare);
		goto out;
	case ACME_NAME_ROOT:
		usage_error("dns01", "the root is not a name a certificate can be for");
		goto out;
	default:
		usage_error("dns01", "'%s' is not a domain name: %s", pos[0], dns_strerror(derr));
		goto out;
	}
	run->wildcard = run->wildcard || wildcard;
	acme_name_text(run->txt_name, run->le_name, sizeof run->le_name);
	if (ka) {
		uint8_t d[ACME_SHA256_LEN];
		if (!acme_sha256(ka, strlen(ka), d)) {
			fprintf(stderr, "acmeprobe dns01: SHA-256 failed\n");
			status = EXIT_UNKNOWN;
			goto out;
		}
		dns01_value(d, run->expected_text); /* R-DNS01-2 */
		run->expected = (const uint8_t *)run->expected_text;
		run->expected_len = strlen(run->expected_text);
	} else if (txt) {
		run->expected = (const uint8_t *)txt;
		run->expected_len = strlen(txt);
	}
	/* the CA's clock (R-PERSIST-4): the only time this command reads */
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	run->now = (struct persist_time){(int64_t)ts.tv_sec, ts.tv_nsec};

	struct resolver_config rc;
	status = cli_resolver_config("dns01", &g, NULL, &rc);
	if (status != EXIT_YES)
		goto out;
	run->rcfg = &rc;
	if (dns01_probe(run) != 0) {
		perror("acmeprobe dns01");
		status = EXIT_UNKNOWN;
		goto out;
	}
	struct dns01_texts texts;
	if (!dns01_collect_texts(run, &texts)) {
		perror("acmeprobe dns01");
		status = EXIT_UNKNOWN;
		goto out;
	}
	if (g.json)
		print_json(run, &texts);
	else
		print_text(run, &texts);
	free(texts.text);
	switch (run->outcome) {
	case ACME_VALID:
	case ACME_PUBLISHED:
		status = EXIT_YES;
		break;
	case ACME_INVALID:
		status = EXIT_NO;
		break;
	default:
		status = EXIT_UNKNOWN;
		break;
	}
out:
	dns01_run_free(run);
	free(run);
	return status;
}
