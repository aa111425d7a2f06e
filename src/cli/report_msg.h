/* A parsed DNS message shown to a person (dig-like) or as JSON with the
 * fields of the `query` contract. Shared by `decode` and `query`. */
#ifndef ACMEPROBE_CLI_REPORT_MSG_H
#define ACMEPROBE_CLI_REPORT_MSG_H

#include <stdio.h>

#include "cli/json.h"
#include "dns/msg.h"

void report_msg_text(FILE *out, const struct dns_msg *m);
/* Writes the message's members into the JSON object that is open. */
void report_msg_json(struct json *j, const struct dns_msg *m);

#endif
