/* `acmeprobe http01 DOMAIN|ADDR --token T [--key-authorization KA]`: the
 * HTTP-01 validation request as Let's Encrypt's validation authority makes
 * it (src/http/http01.c), with a report that says which rule decided. An
 * IP address (RFC 8738) must be in canonical form (R-IP-1, cli/ip_ident.h);
 * the engine dials it as it is (R-IP-4). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "acme/le_http01.h"
#include "cli/cli.h"
#include "cli/ip_ident.h"
#include "cli/json.h"
#include "cli/webroot.h"
#include "cli/resolver_setup.h"
#include "http/h01_explain.h"
#include "http/http01.h"
#include "net/decimal.h"

static const char help[] = HELP(
	"usage: acmeprobe http01 DOMAIN|ADDR (--token TOKEN | --webroot DIR)\n"
	"                        [--key-authorization KA] [--http-port N] [--https-port N]\n"
	"                        [--fallback timeout|dial] [--connect-timeout MS]\n"
	"                        [--response-timeout MS] [--resolver ADDR[:PORT]]...\n"
	"                        [--timeout MS] [--json] [--trace]\n",
	"\n"
	"Makes the HTTP-01 validation request as Let's Encrypt's validation\n"
	"authority (Boulder) makes it, and says what it would decide and why:\n"
	"  - one AAAA and one A lookup; only the first address of each is used;\n"
	"    if one lookup fails, the other is used (R-HTTP-1)\n"
	"  - GET http://DOMAIN/.well-known/acme-challenge/TOKEN, to the IPv6\n"
	"    address first (R-V6-1)\n"
	"  - the IPv4 address is tried only when the IPv6 connect of that first\n"
	"    request times out (R-V6-2); redirected requests prefer IPv6 again and\n"
	"    are never retried over IPv4 (R-V6-3)\n"
	"  - redirects: 301, 302, 307 and 308 only, to http or https on the HTTP\n"
	"    or HTTPS port, at most 11, no loop, path of at most 2000 octets, each\n"
	"    target resolved again (R-HTTP-3); https: TLS 1.2 or later with SNI,\n"
	"    certificate not verified (R-HTTP-5)\n"
	"  - the answer: status 200, a body under 128 octets which, with trailing\n"
	"    white space removed, equals the key authorization (R-HTTP-4)\n"
	"  - addresses Let's Encrypt refuses (loopback, private, documentation...)\n"
	"    are connected to anyway, and reported (R-HTTP-7)\n"
	"  - an IP address (RFC 8738): GET http://ADDR/... (http://[ADDR]/... for\n"
	"    IPv6) at that address only: no DNS, nothing to fall back to (R-IP-4);\n"
	"    it must be written in canonical form (R-IP-1); a reserved address is\n"
	"    one Let's Encrypt refuses to order (R-IP-2), tested anyway; redirects\n"
	"    from it follow the rules above\n"
	"acmeprobe sees the Internet from one place; Let's Encrypt validates from\n"
	"several, so a pass here is no guarantee.\n"
	"\n"
	"  --token TOKEN         the challenge token (letters, digits, '-' and '_')\n"
	"  --key-authorization KA  the body expected; without it the report says\n"
	"                        what was served, and exit 0 means it was served\n"
	"  --webroot DIR         write a random token file under\n"
	"                        DIR/.well-known/acme-challenge/, validate it, then\n"
	"                        remove it (also on failure, SIGINT or SIGTERM);\n"
	"                        --token and --key-authorization become optional\n"
	"  --http-port N         port of http URLs without a port, and of the first\n"
	"                        request (default 80)\n"
	"  --https-port N        port of https URLs without a port (default 443); a\n"
	"                        redirect to any port but these two is refused\n"
	"  --fallback RULE       'timeout' (default): only an IPv6 connect timeout of\n"
	"                        the first request sends it to IPv4, as Let's\n"
	"                        Encrypt documents it (R-V6-2); 'dial': Boulder's\n"
	"                        code, where any connect error (refused, unreachable)\n"
	"                        does, and a connect error on a redirect hop restarts\n"
	"                        the whole chain once from the IPv4 address (R-HTTP-2)\n"
	"  --connect-timeout MS  TCP connect timeout per connection (default 10000,\n"
	"                        Boulder's dial timeout)\n"
	"  --response-timeout MS time for TLS, request and response after the\n"
	"                        connect (default 10000)\n"
	"  --resolver ADDR[:PORT] recursive resolver (repeatable; default\n"
	"                        /etc/resolv.conf)\n"
	"  --timeout MS          per-try DNS timeout (default 5000)\n"
	"  --json                one JSON object: domain, identifier, valid,\n"
	"                        fallback_rule, lookups (null for an address),\n"
	"                        attempts [{url, address, family, port, outcome,\n"
	"                        phase, http_status, elapsed_ms, ...}], problem,\n"
	"                        ip_identifier (an address only)\n"
	"  --trace               each lookup, connection, response and rule decision\n"
	"                        on stderr, as \"[R-ID] what was asked or decided\"\n"
	"\n"
	"Attempt outcomes: ok, timeout, refused, unreachable, reset, tls_error,\n"
	"http_error, bad_redirect, too_large; `phase` (connect, tls, request,\n"
	"response) tells a timeout during connect from one after it (R-HTTP-6).\n"
	"\n"
	"Exit status: 0 valid (or, without a key authorization, served); 1 invalid\n"
	"(wrong body, HTTP error, bad redirect, body too large); 2 connection or\n"
	"DNS failure; 64 usage error.\n");

/* ---- options ------------------------------------------------------------- */

static bool token_ok(const char *t)
{
	if (!*t)
		return false;
	for (; *t; t++)
		if (!((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') ||
		      (*t >= '0' && *t <= '9') || *t == '-' || *t == '_'))
			return false;
	return true;
}

/* ---- the report ------------------------------------------------------------- */

static const char *family_word(int family)
{
	return family == AF_INET6 ? "ipv6" : "ipv4";
}

static void json_lookup(struct json *j, const char *key, bool has, const uint8_t *ip, int family,
			size_t count, const char *error)
{
	char a[NET_ADDR_TEXT];
	json_object_begin(j, key);
	if (has)
		json_string(j, "first", inet_ntop(family, ip, a, sizeof a));
	else
		json_null(j, "first");
	json_uint(j, "count", count);
	json_string(j, "error", error[0] ? error : NULL);
	json_object_end(j);
}

/* The identifier: a name, or an IP address (ip not NULL). */
struct identifier {
	const char *value;
	const struct ident_ip *ip;
};

/* (constant false in a build without IP address identifiers, make tiny:
 * what is said of an address is then left out) */
static bool is_ip(const struct identifier *id)
{
	return ACMEPROBE_IP && id->ip;
}

static void print_json(const struct identifier *id, const char *rule, const struct h01_result *res,
		       const char *token, const char *key_authorization, const char *webroot)
{
	struct json j;
	json_init(&j, stdout);
	json_object_begin(&j, NULL);
	json_string(&j, "domain", id->value);
	json_object_begin(&j, "identifier");
	json_string(&j, "type", is_ip(id) ? "ip" : "dns");
	json_string(&j, "value", id->value);
	json_object_end(&j);
	if (res->verdict == H01_VALID)
		json_bool(&j, "valid", true);
	else if (res->verdict == H01_SERVED)
		json_null(&j, "valid");
	else
		json_bool(&j, "valid", false);
	json_string(&j, "fallback_rule", rule);
	json_string(&j, "token", token);
	const struct h01_lookup *lk = &res->initial;
	if (is_ip(id)) {
		json_null(&j, "lookups"); /* R-IP-4: none made */
	} else {
		json_object_begin(&j, "lookups");
		json_lookup(&j, "aaaa", lk->has6, lk->v6, AF_INET6, lk->count6, lk->error6);
		json_lookup(&j, "a", lk->has4, lk->v4, AF_INET, lk->count4, lk->error4);
		json_object_end(&j);
	}
	json_array_begin(&j, "attempts");
	for (size_t i = 0; i < res->attempt_count; i++) {
		const struct h01_attempt *a = &res->attempts[i];
		json_object_begin(&j, NULL);
		json_string(&j, "url", a->url);
		json_string(&j, "address", a->address);
		json_string(&j, "family", family_word(a->family));
		json_uint(&j, "port", a->port);
		json_string(&j, "outcome", h01_outcome_name(a->outcome));
		json_string(&j, "phase", http_phase_name(a->phase));
		if (a->http_status)
			json_uint(&j, "http_status", (unsigned)a->http_status);
		else
			json_null(&j, "http_status");
		json_uint(&j, "elapsed_ms", a->elapsed_ms);
		json_bool(&j, "fallback", a->fallback);
		json_bool(&j, "restart", a->restart);
		json_bool(&j, "reserved", a->reserved);
		json_string(&j, "tls_version", a->tls_version[0] ? a->tls_version : NULL);
		json_string(&j, "detail", a->detail[0] ? a->detail : NULL);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_uint(&j, "redirects", res->redirects);
	json_bool(&j, "fell_back", res->fell_back);
	json_bool(&j, "restarted", res->restarted);
	if (res->has_body)
		json_string_n(&j, "body", res->body, res->body_len);
	else
		json_null(&j, "body");
	if (res->problem_type) {
		json_object_begin(&j, "problem");
		json_string(&j, "type", res->problem_type);
		json_string(&j, "detail", res->problem_detail);
		json_object_end(&j);
	} else {
		json_null(&j, "problem");
	}
	/* what Let's Encrypt would show, in its words (R-HTTP-4, R-HTTP-6) */
	char le[1024];
	json_array_begin(&j, "le_text");
	if (le_http01_problem(res, key_authorization, le, sizeof le))
		json_string(&j, NULL, le);
	json_array_end(&j);
	json_bool(&j, "reserved_addresses", res->reserved_seen);
	json_bool(&j, "special_use_redirect_hosts", res->special_tld_seen);
	if (webroot)
		json_string(&j, "webroot", webroot);
	if (is_ip(id))
		cli_ip_notes_json(&j, id->ip);
	json_uint(&j, "elapsed_ms", res->elapsed_ms);
	json_object_end(&j);
	json_finish(&j);
}

static void print_text(const struct identifier *id, enum h01_fallback rule,
		       const struct h01_result *res)
{
	char a[NET_ADDR_TEXT];
	const struct h01_lookup *lk = &res->initial;
	printf("HTTP-01 for %s, as Let's Encrypt would validate it\n", id->value);
	printf("IPv4 retry rule: %s\n", h01_fallback_text(rule));
	if (is_ip(id)) {
		printf("Address: %s (an IP address identifier: no DNS lookup, nothing to fall "
		       "back to, R-IP-4)\n",
		       id->value);
	} else {
		printf("AAAA: %s%s\n", lk->has6 ? inet_ntop(AF_INET6, lk->v6, a, sizeof a) : "none",
		       lk->error6[0] ? " (lookup failed)" : "");
		printf("A:    %s%s\n", lk->has4 ? inet_ntop(AF_INET, lk->v4, a, sizeof a) : "none",
		       lk->error4[0] ? " (lookup failed)" : "");
		if (lk->error6[0])
			printf("      %s\n", lk->error6);
		if (lk->error4[0])
			printf("      %s\n", lk->error4);
	}
	printf("\nConnections, in order:\n");
	for (size_t i = 0; i < res->attempt_count; i++) {
		const struct h01_attempt *t = &res->attempts[i];
		char status[16] = "-";
		if (t->http_status)
			snprintf(status, sizeof status, "HTTP %d", t->http_status);
		printf("  %zu. %s\n     %s %s port %u: %s, %s, %u ms%s%s\n", i + 1, t->url,
		       t->family == AF_INET6 ? "IPv6" : "IPv4", t->address, t->port,
		       h01_outcome_name(t->outcome), status, t->elapsed_ms,
		       t->fallback ? (t->restart ? " (chain restarted over IPv4)" : " (IPv4 retry)")
				   : "",
		       t->reserved ? " [reserved address]" : "");
		if (t->outcome != H01_OK && t->detail[0])
			printf("     %s\n", t->detail);
	}
	printf("\n");
	switch (res->verdict) {
	case H01_VALID:
		printf("VALID: the body is the key authorization (R-HTTP-4).\n");
		break;
	case H01_SERVED:
		printf("SERVED: HTTP 200 with \"%.*s\" (%zu octets). Give --key-authorization to "
		       "compare it (R-HTTP-4).\n",
		       (int)res->body_len, (const char *)res->body, res->body_len);
		break;
	default:
		printf("%s: %s\n  (%s)\n",
		       res->verdict == H01_INVALID ? "INVALID" : "FAILED (connection or DNS)",
		       res->problem_detail, res->problem_type ? res->problem_type : "");
		break;
	}
	/* what the result means, and the fix (src/http/h01_explain.c) */
	struct h01_explanation ex[H01_MAX_EXPLANATIONS];
	size_t n = h01_explain(res, ex, H01_MAX_EXPLANATIONS);
	for (size_t i = 0; i < n; i++) {
		printf("\n%s: %s\n", ex[i].heading, ex[i].text);
		if (ex[i].fix)
			printf("Fix: %s\n", ex[i].fix);
	}
	if (is_ip(id))
		cli_ip_notes_text(id->value, id->ip);
}

static void trace_line(void *ctx, const char *rule, const char *line)
{
	(void)ctx;
	fprintf(stderr, "[%s] %s\n", rule, line);
}

int cmd_http01(int argc, char **argv)
{
	struct globals g = {0};
	const char *token = NULL, *ka = NULL, *http_port = NULL, *https_port = NULL,
		   *fallback = NULL, *webroot = NULL, *connect_to = NULL, *response_to = NULL,
		   *want_help = NULL;
	const struct option_spec specs[] = {
		{"token", true, &token},
		{"key-authorization", true, &ka},
		{"http-port", true, &http_port},
		{"https-port", true, &https_port},
		{"fallback", true, &fallback},
		{"webroot", true, &webroot},
		{"connect-timeout", true, &connect_to},
		{"response-timeout", true, &response_to},
		{"help", false, &want_help},
		{NULL, false, NULL},
	};
	const char *pos[1];
	size_t npos;
	if (!parse_args("http01", argc, argv, 2, &g, specs, pos, 1, &npos))
		return EXIT_USAGE;
	if (want_help) {
		return cli_print_help(help, "http01");
	}
	if (npos != 1)
		return usage_error("http01", "needs a DOMAIN or an IP address");
	/* R-IP-1: an address in canonical form only */
	struct ident_ip ip;
	struct identifier id = {.value = pos[0]};
	if (ident_looks_like_ip(pos[0])) {
		int st = cli_ip_identifier("http01", pos[0], &ip);
		if (!ACMEPROBE_IP || st != EXIT_YES)
			return st;
		id.ip = &ip;
	}

	struct h01_config cfg = h01_config_defaults();
	cfg.domain = pos[0];
	uint32_t v;
	if (http_port) {
		if (!decimal_parse(http_port, 1, 65535, &v))
			return usage_error("http01", "--http-port takes 1 to 65535, not '%s'", http_port);
		cfg.http_port = (uint16_t)v;
	}
	if (https_port) {
		if (!decimal_parse(https_port, 1, 65535, &v))
			return usage_error("http01", "--https-port takes 1 to 65535, not '%s'",
					   https_port);
		cfg.https_port = (uint16_t)v;
	}
	if (connect_to) {
		if (!decimal_parse(connect_to, 1, 600000, &v))
			return usage_error("http01", "--connect-timeout takes 1 to 600000 ms, not '%s'",
					   connect_to);
		cfg.connect_timeout_ms = (unsigned)v;
	}
	if (response_to) {
		if (!decimal_parse(response_to, 1, 600000, &v))
			return usage_error("http01",
					   "--response-timeout takes 1 to 600000 ms, not '%s'",
					   response_to);
		cfg.response_timeout_ms = (unsigned)v;
	}
	if (fallback) {
		if (strcmp(fallback, "timeout") == 0)
			cfg.fallback = H01_FALLBACK_TIMEOUT;
		else if (strcmp(fallback, "dial") == 0)
			cfg.fallback = H01_FALLBACK_DIAL;
		else
			return usage_error("http01", "--fallback is 'timeout' or 'dial', not '%s'",
					   fallback);
	}
	if (!token && !webroot)
		return usage_error("http01", "needs --token TOKEN (or --webroot DIR)");
	if (token && !token_ok(token))
		return usage_error("http01", "--token takes letters, digits, '-' and '_' "
					     "(base64url, RFC 8555 s8.1), not '%s'",
				   token);
	if (ka && (!*ka || strpbrk(ka, "\r\n")))
		return usage_error("http01", "--key-authorization must be one non-empty line");
	/* the domain must make the challenge URL: a name or an IP address */
	{
		static struct url probe;
		char text[URL_TEXT_MAX];
		if (h01_challenge_url(pos[0], NULL, &probe, text, sizeof text) != URL_OK)
			return usage_error("http01", "'%s' is not a domain name or an IP address",
					   pos[0]);
	}

	struct resolver_config rc;
	int rs = cli_resolver_config("http01", &g, NULL, &rc);
	if (rs != EXIT_YES)
		return rs;
	cfg.resolver = &rc;
	if (g.trace) {
		cfg.trace = trace_line;
		cfg.trace_ctx = NULL;
	}

	struct webroot wr;
	if (webroot) {
		int w = webroot_prepare(&wr, "http01", webroot, &token, &ka);
		if (w != EXIT_YES)
			return w;
		if (g.trace)
			fprintf(stderr,
				"[RFC 8555 s8.3] wrote %s (%zu octets): the file the CA would "
				"fetch; it is removed at the end\n",
				webroot_path(), strlen(ka));
	}
	cfg.token = token;
	cfg.key_authorization = ka;

	struct h01_result *res = malloc(sizeof *res);
	if (!res) {
		webroot_remove();
		perror("acmeprobe http01");
		return EXIT_UNKNOWN;
	}
	int rc2 = h01_validate(&cfg, res);
	if (webroot) {
		webroot_remove();
		if (g.trace)
			fprintf(stderr, "[RFC 8555 s8.3] removed %s\n", webroot_path());
	}
	if (rc2 != 0) {
		perror("acmeprobe http01");
		free(res);
		return EXIT_UNKNOWN;
	}
	const char *rule = cfg.fallback == H01_FALLBACK_TIMEOUT ? "timeout" : "dial";
	if (g.json)
		print_json(&id, rule, res, token, ka, webroot ? webroot_path() : NULL);
	else
		print_text(&id, cfg.fallback, res);
	int status;
	switch (res->verdict) {
	case H01_VALID:
	case H01_SERVED: status = EXIT_YES; break;
	case H01_INVALID: status = EXIT_NO; break;
	default: status = EXIT_UNKNOWN; break;
	}
	free(res);
	return status;
}
