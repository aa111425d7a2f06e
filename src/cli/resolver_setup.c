#include "cli/resolver_setup.h"

#include <stdio.h>
#include <string.h>

#include "dns/types.h"
#include "dns/text.h"

#define RESOLV_CONF "/etc/resolv.conf"

int cli_resolver_config(const char *command, const struct globals *g, const char *at_server,
			struct resolver_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->attempts = 2;
	cfg->max_inflight = 100;
	if (at_server) {
		if (!net_addr_parse(at_server, 53, &cfg->servers[0]))
			return usage_error(command, "'@%s' is not an IP address with an optional port "
						    "(192.0.2.1, 192.0.2.1:5353, [2001:db8::1]:53)",
					   at_server);
		cfg->server_count = 1;
	} else if (g->resolver_count) {
		for (size_t i = 0; i < g->resolver_count; i++)
			if (!net_addr_parse(g->resolvers[i], 53, &cfg->servers[i]))
				return usage_error(command,
						   "--resolver '%s' is not an IP address with an "
						   "optional port (192.0.2.1:53, [::1]:5353)",
						   g->resolvers[i]);
		cfg->server_count = g->resolver_count;
	} else {
		char err[256];
		if (!resolver_config_from_file(cfg, RESOLV_CONF, err, sizeof err)) {
			fprintf(stderr, "acmeprobe %s: %s\n", command, err);
			return EXIT_UNKNOWN;
		}
	}
	/* --timeout always wins over resolv.conf's timeout */
	if (g->timeout_ms)
		cfg->timeout_ms = g->timeout_ms;
	if (!cfg->timeout_ms)
		cfg->timeout_ms = 5000;
	return EXIT_YES;
}

/* The rule a try's outcome falls under. */
static const char *try_rule(const struct dns_try *try, enum trace_context ctx)
{
	bool caa = ctx == TRACE_CAA;
	if (try->truncated)
		return caa ? "R-CAA-13" : "RFC 7766 s5";
	switch ((enum dns_errclass)try->outcome) {
	case DNS_EC_NONE:
	case DNS_EC_NXDOMAIN: return caa ? "R-CAA-7" : "RFC 1035 s7.3";
	case DNS_EC_TIMEOUT: return caa ? "R-CAA-5" : "RFC 1035 s7.2";
	default: return caa ? "R-CAA-4" : "RFC 1035 s7.3";
	}
}

void cli_trace_tries(const struct resolver_config *cfg, const struct dns_result *r,
		     enum trace_context ctx)
{
	char addr[NET_ADDR_TEXT], rcode[DNS_TYPE_TEXT], type[DNS_TYPE_TEXT];
	char name[DNS_MAX_NAME_TEXT];
	struct dns_text t;
	for (size_t i = 0; i < r->try_count; i++) {
		const struct dns_try *try = &r->tries[i];
		const char *outcome = dns_errclass_name((enum dns_errclass)try->outcome);
		dns_text_init(&t, name, sizeof name);
		dns_text_name(&t, r->chain->names[try->queried_name_labels]);
		fprintf(stderr, "[%s] %s %s: try %zu to %s over %s -> %s%s%s (%u ms)\n",
			try_rule(try, ctx), name, dns_type_to_text(r->question->type, type), i + 1,
			net_addr_text(&cfg->servers[try->server], addr),
			try->transport == DNS_TCP ? "TCP" : "UDP",
			outcome ? outcome : "answer ",
			outcome ? "" : dns_rcode_to_text(try->rcode, rcode),
			try->truncated ? ", truncated (TC=1): asking the same server over TCP" : "",
			try->elapsed_ms);
	}
	if (r->spoofed || r->malformed)
		fprintf(stderr, "[RFC 5452 s9.1] ignored %u datagram(s) that did not match the question "
				"(source, ID, question) and %u malformed one(s)\n",
			r->spoofed, r->malformed);
}

void cli_trace_line(void *ctx, const char *rule, const char *line)
{
	(void)ctx;
	fprintf(stderr, "[%s] %s\n", rule, line);
}
