/* How the CLI shows a DNSSEC verdict (src/dnssec/chain.h): the trust
 * anchors from --trust-anchor, the delv-like text, the JSON `dnssec`
 * object of the command-line contract, and the --trace lines of the
 * fetch loop. Shared by query (and, next, caa and check). */
#ifndef ACMEPROBE_CLI_DNSSEC_REPORT_H
#define ACMEPROBE_CLI_DNSSEC_REPORT_H

#include <stdio.h>

#include "cli/cli.h"
#include "cli/json.h"
#include "dns/resolver.h"
#include "dnssec/anchors.h"
#include "dnssec/chain.h"

/* The anchors: g->trust_anchor's records, or the root's built in.
 * EXIT_YES, or EXIT_USAGE with the message printed (no such file, a bad
 * line). */
int cli_dnssec_anchors(const char *command, const struct globals *g, struct dnssec_anchors *ta);

/* Text, like delv: "; fully validated", "; unsigned answer", "; validation
 * failed: ...", then the chain and each part. */
void dnssec_report_text(FILE *out, const struct dnssec_result *r,
			const struct resolver_config *cfg);
/* The contract's `dnssec` object: {status, reason, zone, chain, ...}. */
void dnssec_report_json(struct json *j, const struct dnssec_result *r,
			const struct resolver_config *cfg);
/* A dnssec_fetch_trace_fn: one --trace line per DS or DNSKEY question
 * (ctx: the resolver configuration). */
void dnssec_report_trace(void *ctx, const uint8_t *name, uint16_t type, const struct dns_result *r);
/* The verdict's --trace lines: each cut and part with its rule. */
void dnssec_report_trace_verdict(const struct dnssec_result *r);

#endif
