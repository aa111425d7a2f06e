/* Turning the global options (--resolver, --timeout) into a resolver
 * configuration, the same way for every subcommand. */
#ifndef ACMEPROBE_CLI_RESOLVER_SETUP_H
#define ACMEPROBE_CLI_RESOLVER_SETUP_H

#include "cli/cli.h"
#include "dns/resolver.h"

/* Servers come from `at_server` (query's @ADDR) if given, else from the
 * --resolver options, else from /etc/resolv.conf. Returns EXIT_YES, or
 * EXIT_USAGE for a bad address, or EXIT_UNKNOWN when no server is known
 * (the message is printed). */
int cli_resolver_config(const char *command, const struct globals *g, const char *at_server,
			struct resolver_config *cfg);

/* Which rules a trace line cites: a plain query cites the RFCs; a CAA
 * walk's question cites the R-CAA rule each outcome falls under. */
enum trace_context { TRACE_QUERY, TRACE_CAA };

/* The --trace lines for one result: each try, its server and outcome,
 * each line starting with the rule it applies in brackets. */
void cli_trace_tries(const struct resolver_config *cfg, const struct dns_result *r,
		     enum trace_context ctx);

/* Prints one --trace line made below the command line (the CAA walk's
 * account, the doctor's), on stderr: "[rule] line". */
void cli_trace_line(void *ctx, const char *rule, const char *line);

#endif
