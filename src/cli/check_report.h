/* The doctor's report on standard output, as the command-line contract
 * gives it: the human one (a summary line, then each finding, errors
 * first) and the JSON object (--json, and each line of --file). */
#ifndef ACMEPROBE_CLI_CHECK_REPORT_H
#define ACMEPROBE_CLI_CHECK_REPORT_H

#include "check/doctor.h"

void check_report_text(const struct doctor_report *r);
void check_report_json(const struct doctor_report *r);

#endif
