/* Let's Encrypt's words for a CAA walk: the problem its validation
 * authority would give when the walk forbids issuance or cannot decide
 * (boulder va/caa.go DoCAA, checkCAA; the DNS texts through le_text.h),
 * so that `caa` and `check` reports can say it exactly and `explain`
 * reads it back. Pure. */
#ifndef ACMEPROBE_ACME_LE_CAA_H
#define ACMEPROBE_ACME_LE_CAA_H

#include <stdbool.h>
#include <stddef.h>

#include "caa/lookup.h"

/* Writes the problem's detail into out:
 *   While processing CAA for <identifier>: CAA record for <name> prevents issuance
 *   While processing CAA for <identifier>: DNS problem: ...
 * <identifier> is the name asked, "*." first for a wildcard (the
 * authorization's identifier as Boulder keeps it), without its final
 * dot; <name> is the label whose RRset decided, or whose lookup failed.
 * Returns false, and writes nothing, when the walk permits issuance, when
 * it is no walk of a name, or when Let's Encrypt's words cannot be
 * predicted (an answer still truncated over TCP: Let's Encrypt asks over
 * HTTPS and meets no truncation). R-CAA-4, R-CAA-11, R-DNSSEC-14. */
bool le_caa_problem(const struct caa_walk_result *r, char *out, size_t cap);

#endif
