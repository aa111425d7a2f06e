/* Explaining a CAA walk: the JSON object of the contract, the human
 * report (what decided, and what to change), and the --trace lines. */
#ifndef ACMEPROBE_CLI_CAA_REPORT_H
#define ACMEPROBE_CLI_CAA_REPORT_H

#include <stdio.h>

#include "caa/lookup.h"
#include "cli/json.h"

void caa_report_json(FILE *out, const struct caa_walk_result *r, const struct caa_request *req);
void caa_report_text(FILE *out, const struct caa_walk_result *r, const struct caa_request *req);
/* The rule-by-rule account of the decision, on stderr. */
void caa_trace_decision(const struct caa_walk_result *r, const struct caa_request *req);
int caa_exit_status(const struct caa_walk_result *r);
/* The one-paragraph explanation: what decided, the rule, what to change. */
void caa_reason(char *buf, size_t cap, const struct caa_walk_result *r,
		const struct caa_request *req);

#endif
