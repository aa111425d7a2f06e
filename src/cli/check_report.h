/* The doctor's report on standard output, as the command-line contract
 * gives it: the human one (a summary line, then each finding, errors
 * first) and the JSON object (--json, and each line of --file). */
#ifndef ACMEPROBE_CLI_CHECK_REPORT_H
#define ACMEPROBE_CLI_CHECK_REPORT_H

#include "check/doctor.h"

/* Where a report was made (`--vantage`), so that reports made on several
 * hosts can be merged (`check --merge`, R-MPIC-*): the label the user
 * gave (the host name by default), the RIR they say it is in (or NULL),
 * the resolver asked, the time (RFC 3339, UTC) and acmeprobe's version. */
struct check_vantage {
	const char *label, *rir, *resolver, *time, *version;
};

void check_report_text(const struct doctor_report *r);
void check_report_json(const struct doctor_report *r, const struct check_vantage *v);

#endif
