/* Printing a CAA walk: the JSON object of the contract and the human
 * report (what decided, and what to change). The words come from
 * caa/explain.h; --trace prints caa_explain_walk's lines. */
#ifndef ACMEPROBE_CLI_CAA_REPORT_H
#define ACMEPROBE_CLI_CAA_REPORT_H

#include <stdio.h>

#include "caa/lookup.h"
#include "cli/json.h"

void caa_report_json(FILE *out, const struct caa_walk_result *r, const struct caa_request *req);
void caa_report_text(FILE *out, const struct caa_walk_result *r, const struct caa_request *req);
int caa_exit_status(const struct caa_walk_result *r);
/* `caa ADDR`: an IP address identifier, for which no CA checks CAA
 * (R-IP-4): permitted, with no DNS question asked. */
void caa_report_ip(FILE *out, const char *addr, const struct caa_request *req, bool json);

#endif
