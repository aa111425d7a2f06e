/* `acmeprobe tlsalpn01 DOMAIN|ADDR --key-authorization KA [--port N]`:
 * the tls-alpn-01 validation as Let's Encrypt's validation authority
 * makes it (src/acme/tlsalpn01_run.c), with a report that says which rule
 * decided and the text Let's Encrypt would show. Built without TLS (make
 * TLS=0, make tiny), it says that tls-alpn-01 needs TLS and exits 2. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "acme/ident.h"
#include "acme/tlsalpn01_run.h"
#include "cli/cli.h"
#include "cli/ip_ident.h"
#include "cli/json.h"
#include "cli/resolver_setup.h"
#include "dns/wire.h"
#include "http/tls_alpn.h"
#include "net/decimal.h"

#ifndef ACMEPROBE_TLS
#define ACMEPROBE_TLS 1
#endif

static const char help[] =
    HELP("usage: acmeprobe tlsalpn01 DOMAIN|ADDR --key-authorization KA [--port N]\n"
	 "                           [--dial-timeout MS] [--resolver ADDR[:PORT]]...\n"
	 "                           [--timeout MS] [--json] [--trace]\n",
	 "\n"
	 "Makes the TLS-ALPN-01 validation (RFC 8737) as Let's Encrypt's validation\n"
	 "authority (Boulder) makes it, and says what it would decide and why:\n"
	 "  - a name: one AAAA and one A lookup, only the first address of each;\n"
	 "    the IPv6 address first; after any failure before a certificate\n"
	 "    (timeout, refused, reset, TLS alert, a certificate Go cannot parse)\n"
	 "    one try to the IPv4 address, whose result is final; never after a\n"
	 "    certificate came (R-ALPN-2). IPv6 failing with no A: Let's Encrypt\n"
	 "    says only \"Unable to contact ... no IPv4 addresses to try as fallback\"\n"
	 "  - an IP address (RFC 8738): that address only, no DNS (R-IP-4); it must\n"
	 "    be written in canonical form (R-IP-1); a reserved address is one Let's\n"
	 "    Encrypt refuses to order (R-IP-2), tested anyway\n"
	 "  - TLS 1.2 or later, ALPN \"acme-tls/1\" only, SNI the name or the\n"
	 "    address's reverse name (4.3.2.1.in-addr.arpa, ...ip6.arpa), 10 s for\n"
	 "    connect and handshake (R-ALPN-1)\n"
	 "  - the first certificate: self-signed, no extension twice, a\n"
	 "    subjectAltName of exactly the identifier, byte for byte (R-ALPN-3,\n"
	 "    R-ALPN-4), and a critical acmeIdentifier (1.3.6.1.5.5.7.1.31) holding\n"
	 "    SHA-256 of the key authorization (R-ALPN-5)\n"
	 "acmeprobe sees the server from one place; Let's Encrypt validates from\n"
	 "several, so a pass here is no guarantee.\n"
	 "\n"
	 "  --key-authorization KA  the key authorization of the challenge\n"
	 "                        (token.thumbprint); required\n"
	 "  --port N              port to connect to (default 443, which Let's\n"
	 "                        Encrypt always uses; another is for labs)\n"
	 "  --dial-timeout MS     time for connect and handshake together, per try\n"
	 "                        (default 10000, Boulder's singleDialTimeout)\n"
	 "  --resolver ADDR[:PORT] recursive resolver (repeatable; default\n"
	 "                        /etc/resolv.conf)\n"
	 "  --timeout MS          per-try DNS timeout (default 5000)\n"
	 "  --json                one JSON object: domain, identifier, valid, sni,\n"
	 "                        attempts [{address, family, outcome, tls_version,\n"
	 "                        alpn, sans, acme_identifier, elapsed_ms, ...}],\n"
	 "                        problem, le_text\n"
	 "  --trace               each lookup, connection and rule decision on\n"
	 "                        stderr, as \"[R-ID] what was asked or decided\"\n"
	 "\n"
	 "Attempt outcomes: ok, timeout, refused, unreachable, reset, tls_error,\n"
	 "no_alpn, bad_certificate.\n"
	 "\n"
	 "Exit status: 0 valid; 1 invalid (no or wrong ALPN, a bad certificate); 2\n"
	 "connection or DNS failure, or a build without TLS; 64 usage error.\n");

#if ACMEPROBE_TLS

/* ---- the report ----------------------------------------------------------- */

static const char *family_word(int family)
{
	return family == AF_INET6 ? "ipv6" : "ipv4";
}

static void hex(const uint8_t *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0xF];
	}
	out[2 * n] = '\0';
}

static const char *san_kind(int tag)
{
	switch (tag) {
	case CERT_SAN_DNS:
		return "dns";
	case CERT_SAN_IP:
		return "ip";
	case CERT_SAN_EMAIL:
		return "email";
	case CERT_SAN_URI:
		return "uri";
	}
	return "other";
}

/* One SAN entry as text: the address for an iPAddress, else its octets. */
static void san_value(const struct cert_san_entry *e, char *out, size_t cap)
{
	if (e->tag == CERT_SAN_IP) {
		struct ident_ip ip = {.family = e->value.n == 4 ? AF_INET : AF_INET6};
		memcpy(ip.addr, e->value.p, e->value.n);
		ident_ip_format(&ip, out);
		return;
	}
	if (e->tag < 0) {
		snprintf(out, cap, "(%zu octets)", e->value.n);
		return;
	}
	size_t n = e->value.n < cap - 1 ? e->value.n : cap - 1;
	memcpy(out, e->value.p, n);
	out[n] = '\0';
}

/* The texts Let's Encrypt would show for this request, in order: the
 * order's refusal (a reserved IP address, R-IP-2), then the challenge's
 * problem. */
static size_t le_texts(const struct alpn_config *cfg, const struct alpn_result *res,
		       char texts[2][ALPN_PROBLEM_MAX + 64])
{
	size_t n = 0;
	if (cfg->ident.is_ip &&
	    ident_reserved_refusal(&cfg->ident.ip, cfg->ident.value, texts[n], sizeof texts[0]))
		n++;
	if (res->problem.type)
		snprintf(texts[n++], sizeof texts[0], "%s", res->problem.detail);
	return n;
}

static void json_lookup(struct json *j, const char *key, bool has, const uint8_t *ip, int family,
			size_t count, const char *error)
{
	char a[IDENT_IP_TEXT];
	json_object_begin(j, key);
	if (has) {
		struct ident_ip x = {.family = family};
		memcpy(x.addr, ip, family == AF_INET6 ? 16 : 4);
		ident_ip_format(&x, a);
		json_string(j, "first", a);
	} else {
		json_null(j, "first");
	}
	json_uint(j, "count", count);
	json_string(j, "error", has ? NULL : error);
	json_object_end(j);
}

static void print_json(const struct alpn_config *cfg, const struct alpn_result *res)
{
	struct json j;
	char buf[2 * ALPN_DIGEST_LEN + 1];
	json_init(&j, stdout);
	json_object_begin(&j, NULL);
	json_string(&j, "domain", cfg->ident.value);
	json_object_begin(&j, "identifier");
	json_string(&j, "type", cfg->ident.is_ip ? "ip" : "dns");
	json_string(&j, "value", cfg->ident.value);
	json_object_end(&j);
	json_bool(&j, "valid", res->verdict == ALPN_VALID);
	json_string(&j, "sni", res->sni);
	json_uint(&j, "port", cfg->port);
	hex(res->digest, ALPN_DIGEST_LEN, buf);
	json_string(&j, "key_authorization_sha256", buf);
	if (res->looked_up) {
		const struct alpn_lookup *lk = &res->lookup;
		json_object_begin(&j, "lookups");
		json_lookup(&j, "aaaa", lk->has6, lk->v6, AF_INET6, lk->count6, lk->error6);
		json_lookup(&j, "a", lk->has4, lk->v4, AF_INET, lk->count4, lk->error4);
		json_object_end(&j);
	} else {
		json_null(&j, "lookups");
	}
	json_array_begin(&j, "attempts");
	for (size_t i = 0; i < res->attempt_count; i++) {
		const struct alpn_attempt *a = &res->attempts[i];
		json_object_begin(&j, NULL);
		json_string(&j, "address", a->address);
		json_string(&j, "family", family_word(a->family));
		json_uint(&j, "port", a->port);
		json_string(&j, "outcome", alpn_outcome_name(a->failure));
		json_string(&j, "phase", a->phase ? a->phase : "checks");
		json_bool(&j, "fallback", a->fallback);
		json_bool(&j, "reserved", a->reserved != NULL);
		json_string(&j, "tls_version", a->tls_version[0] ? a->tls_version : NULL);
		json_string(&j, "alpn", a->has_alpn ? a->alpn : NULL);
		json_uint(&j, "certificates", a->chain_count);
		if (a->has_certificate) {
			json_array_begin(&j, "sans");
			for (size_t k = 0; a->has_san && k < a->san.count; k++) {
				char v[300];
				san_value(&a->san.entry[k], v, sizeof v);
				json_object_begin(&j, NULL);
				json_string(&j, "type", san_kind(a->san.entry[k].tag));
				json_string(&j, "value", v);
				json_object_end(&j);
			}
			json_array_end(&j);
			json_string(&j, "names", a->check.names);
			if (a->check.has_acme_identifier) {
				json_object_begin(&j, "acme_identifier");
				json_bool(&j, "critical", a->check.acme_identifier_critical);
				json_bool(&j, "well_formed", a->check.acme_identifier_well_formed);
				if (a->check.acme_identifier_well_formed) {
					hex(a->check.acme_identifier, ALPN_DIGEST_LEN, buf);
					json_string(&j, "value", buf);
					json_bool(&j, "matches",
						  memcmp(a->check.acme_identifier, res->digest,
							 ALPN_DIGEST_LEN) == 0);
				} else {
					json_null(&j, "value");
					json_bool(&j, "matches", false);
				}
				json_object_end(&j);
			} else {
				json_null(&j, "acme_identifier");
			}
			json_string(&j, "check",
				    a->check.verdict == ALPN_CERT_OK ? NULL : a->check.why);
		} else {
			json_null(&j, "sans");
			json_null(&j, "names");
			json_null(&j, "acme_identifier");
			json_null(&j, "check");
		}
		json_string(&j, "go_parse_error", a->go_error[0] ? a->go_error : NULL);
		json_uint(&j, "elapsed_ms", a->elapsed_ms);
		json_string(&j, "detail", a->detail[0] ? a->detail : NULL);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_bool(&j, "fell_back", res->fell_back);
	json_bool(&j, "no_ipv4_fallback", res->no_ipv4);
	if (res->problem.type) {
		json_object_begin(&j, "problem");
		json_string(&j, "type", res->problem.type);
		json_string(&j, "detail", res->problem.detail);
		json_object_end(&j);
	} else {
		json_null(&j, "problem");
	}
	char texts[2][ALPN_PROBLEM_MAX + 64];
	size_t n = le_texts(cfg, res, texts);
	json_array_begin(&j, "le_text");
	for (size_t i = 0; i < n; i++)
		json_string(&j, NULL, texts[i]);
	json_array_end(&j);
	json_string(&j, "rule", res->rule);
	json_bool(&j, "reserved_addresses", res->reserved_seen);
	if (cfg->ident.is_ip)
		cli_ip_notes_json(&j, &cfg->ident.ip);
	json_uint(&j, "elapsed_ms", res->elapsed_ms);
	json_object_end(&j);
	json_finish(&j);
}

static void print_text(const struct alpn_config *cfg, const struct alpn_result *res)
{
	char buf[2 * ALPN_DIGEST_LEN + 1];
	printf("TLS-ALPN-01 for %s, as Let's Encrypt would validate it\n", cfg->ident.value);
	printf("SNI: %s%s; port %u; ALPN \"" ALPN_PROTOCOL "\"\n", res->sni,
	       cfg->ident.is_ip ? " (the reverse name, RFC 8738 s6)" : "", cfg->port);
	hex(res->digest, ALPN_DIGEST_LEN, buf);
	printf("acmeIdentifier expected: %s (SHA-256 of the key authorization)\n", buf);
	if (res->looked_up) {
		const struct alpn_lookup *lk = &res->lookup;
		char a[IDENT_IP_TEXT];
		struct ident_ip x = {.family = AF_INET6};
		memcpy(x.addr, lk->v6, 16);
		ident_ip_format(&x, a);
		printf("AAAA: %s\n", lk->has6 ? a : lk->error6);
		x.family = AF_INET;
		memcpy(x.addr, lk->v4, 4);
		ident_ip_format(&x, a);
		printf("A:    %s\n", lk->has4 ? a : lk->error4);
	}
	if (res->attempt_count)
		printf("\nConnections, in order:\n");
	for (size_t i = 0; i < res->attempt_count; i++) {
		const struct alpn_attempt *t = &res->attempts[i];
		printf("  %zu. %s %s port %u: %s, %s%s%s%s, %u ms%s%s\n", i + 1,
		       t->family == AF_INET6 ? "IPv6" : "IPv4", t->address, t->port,
		       alpn_outcome_name(t->failure), t->tls_version[0] ? t->tls_version : "no TLS",
		       t->has_alpn ? ", ALPN \"" : "", t->has_alpn ? t->alpn : "",
		       t->has_alpn ? "\"" : (t->tls_version[0] ? ", no ALPN" : ""), t->elapsed_ms,
		       t->fallback ? " (IPv4 fallback)" : "",
		       t->reserved ? " [reserved address]" : "");
		if (t->has_certificate)
			printf("     names: %s; acmeIdentifier: %s\n",
			       t->check.names[0] ? t->check.names : "(none)",
			       !t->check.has_acme_identifier	       ? "none"
			       : !t->check.acme_identifier_critical    ? "not critical"
			       : !t->check.acme_identifier_well_formed ? "malformed"
			       : memcmp(t->check.acme_identifier, res->digest, ALPN_DIGEST_LEN) == 0
				   ? "critical, matches"
				   : "critical, another value");
		if (t->failure != ALPN_F_NONE && t->detail[0])
			printf("     %s\n", t->detail);
	}
	printf("\n");
	switch (res->verdict) {
	case ALPN_VALID:
		printf("VALID: the certificate is the tls-alpn-01 response for %s (R-ALPN-3, "
		       "R-ALPN-4, R-ALPN-5).\n",
		       cfg->ident.value);
		break;
	default:
		printf("%s (%s): %s\n  (%s)\n",
		       res->verdict == ALPN_INVALID ? "INVALID" : "FAILED (connection or DNS)",
		       res->rule ? res->rule : "", res->problem.detail,
		       res->problem.type ? res->problem.type : "");
		break;
	}
	if (res->attempt_count == 2 && res->verdict == ALPN_VALID)
		printf(
		    "\nWarning (R-ALPN-2): this passed only through the IPv4 fallback; the IPv6 "
		    "address failed before a certificate. Fix IPv6 or remove the AAAA record.\n");
	if (res->no_ipv4)
		printf(
		    "\nWhy (R-ALPN-2): the IPv6 try failed (%s) and the name has no A record, so "
		    "Let's Encrypt hides the failure behind \"Unable to contact\".\n",
		    res->attempts[0].detail);
	const struct alpn_attempt *first = res->attempt_count ? &res->attempts[0] : NULL;
	if (first && res->attempt_count == 1 && first->family == AF_INET6 && res->lookup.has4 &&
	    first->failure != ALPN_F_NONE && !alpn_failure_before_certificate(first->failure))
		printf("\nWhy (R-ALPN-2): the IPv6 server answered with a certificate, so its "
		       "verdict is final: Let's Encrypt never tries the A record then. Point the "
		       "AAAA record at the server that answers the challenge, or remove it.\n");
	if (cfg->ident.is_ip) {
		cli_ip_notes_text(cfg->ident.value, &cfg->ident.ip);
	} else if (res->reserved_seen) {
		printf(
		    "\nNote (R-IP-2): some addresses above are reserved; Let's Encrypt would not "
		    "connect to them (it drops them from the DNS answers); acmeprobe did.\n");
	}
}

static void trace_line(void *ctx, const char *rule, const char *line)
{
	(void)ctx;
	fprintf(stderr, "[%s] %s\n", rule, line);
}

/* ---- the identifier -------------------------------------------------------- */

/* R-IP-1, R-IP-3: an IP identifier in canonical form; usage errors say
 * what Let's Encrypt would answer. */
static int read_ip(const char *arg, struct alpn_ident *id)
{
	int st = cli_ip_identifier("tlsalpn01", arg, &id->ip);
	if (st == EXIT_YES) {
		id->is_ip = true;
		id->value = arg;
	}
	return st;
}

/* A name, lower case (Boulder's identifier.Normalize). */
static int read_name(const char *arg, char *lower, size_t cap, struct alpn_ident *id)
{
	size_t n = strlen(arg);
	char refusal[400];
	if (n == 0 || n >= cap)
		return usage_error("tlsalpn01", "needs a DOMAIN or an IP address");
	if (arg[0] == '*') {
		/* R-DNS01-5: wildcards get dns-01 only */
		unsigned offered = ident_challenges(false, arg, 0);
		return usage_error("tlsalpn01",
				   "Let's Encrypt offers no tls-alpn-01 for a wildcard name; '%s' "
				   "gets %s only (R-DNS01-5)",
				   arg, ident_challenge_name((enum ident_challenge)offered));
	}
	if (arg[n - 1] == '.') {
		ident_le_cannot_issue(arg, "Domain name ends in a dot", refusal, sizeof refusal);
		return usage_error("tlsalpn01",
				   "'%s' ends in a dot. Let's Encrypt refuses the order: %s", arg,
				   refusal);
	}
	for (size_t i = 0; i <= n; i++)
		lower[i] = arg[i] >= 'A' && arg[i] <= 'Z' ? (char)(arg[i] - 'A' + 'a') : arg[i];
	uint8_t wire[DNS_MAX_NAME];
	size_t wire_len;
	if (dns_name_from_text(lower, n, wire, &wire_len) != DNS_OK)
		return usage_error("tlsalpn01", "'%s' is not a domain name or an IP address", arg);
	id->is_ip = false;
	id->value = lower;
	return EXIT_YES;
}

int cmd_tlsalpn01(int argc, char **argv)
{
	struct globals g = {0};
	const char *ka = NULL, *port = NULL, *dial = NULL, *want_help = NULL;
	const struct option_spec specs[] = {
	    {"key-authorization", true, &ka}, {"port", true, &port}, {"dial-timeout", true, &dial},
	    {"help", false, &want_help},      {NULL, false, NULL},
	};
	const char *pos[1];
	size_t npos;
	if (!parse_args("tlsalpn01", argc, argv, 2, &g, specs, pos, 1, &npos))
		return EXIT_USAGE;
	if (want_help) {
		return cli_print_help(help, "tlsalpn01");
	}
	if (!tls_alpn_available()) {
		fprintf(stderr,
			"acmeprobe tlsalpn01: tls-alpn-01 needs TLS: this acmeprobe was built "
			"without it (TLS=0)\n");
		return EXIT_UNKNOWN;
	}
	if (npos != 1)
		return usage_error("tlsalpn01", "needs a DOMAIN or an IP address");
	struct alpn_config cfg = {
	    .port = ALPN_PORT,
	    .dial_timeout_ms = ALPN_DIAL_TIMEOUT_MS,
	};
	uint32_t v;
	if (port) {
		if (!decimal_parse(port, 1, 65535, &v))
			return usage_error("tlsalpn01", "--port takes 1 to 65535, not '%s'", port);
		cfg.port = (uint16_t)v;
	}
	if (dial) {
		if (!decimal_parse(dial, 1, 600000, &v))
			return usage_error("tlsalpn01",
					   "--dial-timeout takes 1 to 600000 ms, not '%s'", dial);
		cfg.dial_timeout_ms = (unsigned)v;
	}
	if (!ka)
		return usage_error("tlsalpn01", "needs --key-authorization KA");
	if (!*ka || strpbrk(ka, "\r\n"))
		return usage_error("tlsalpn01", "--key-authorization must be one non-empty line");
	char lower[DNS_MAX_NAME * 4 + 1];
	int st = ident_looks_like_ip(pos[0]) ? read_ip(pos[0], &cfg.ident)
					     : read_name(pos[0], lower, sizeof lower, &cfg.ident);
	if (st != EXIT_YES)
		return st;
	cfg.key_authorization = ka;

	struct resolver_config rc;
	if (!cfg.ident.is_ip) {
		int rs = cli_resolver_config("tlsalpn01", &g, NULL, &rc);
		if (rs != EXIT_YES)
			return rs;
		cfg.resolver = &rc;
	}
	if (g.trace)
		cfg.trace = trace_line;

	struct alpn_result *res = malloc(sizeof *res);
	if (!res) {
		perror("acmeprobe tlsalpn01");
		return EXIT_UNKNOWN;
	}
	if (alpn_validate(&cfg, res) != 0) {
		perror("acmeprobe tlsalpn01");
		alpn_result_free(res);
		free(res);
		return EXIT_UNKNOWN;
	}
	if (g.json)
		print_json(&cfg, res);
	else
		print_text(&cfg, res);
	int status = res->verdict == ALPN_VALID	    ? EXIT_YES
		     : res->verdict == ALPN_INVALID ? EXIT_NO
						    : EXIT_UNKNOWN;
	alpn_result_free(res);
	free(res);
	return status;
}

#else /* !ACMEPROBE_TLS (make tiny): the command says why it cannot run */

int cmd_tlsalpn01(int argc, char **argv)
{
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0) {
			return cli_print_help(help, "tlsalpn01");
		}
	fprintf(stderr, "acmeprobe tlsalpn01: tls-alpn-01 needs TLS: this acmeprobe was built "
			"without it (TLS=0)\n");
	return EXIT_UNKNOWN;
}

#endif
