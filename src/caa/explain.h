/* CAA's explanations, in words: why a walk permits, forbids or cannot
 * decide, and the rule-by-rule account that --trace shows. `acmeprobe caa`
 * prints them as they are, and `acmeprobe check` puts them in its
 * findings, so both commands explain CAA the same way. Every sentence
 * names the rule it applies (docs/rules.md), so a reader can follow it
 * into the code. Pure: text goes into the caller's buffer, or line by
 * line to the caller's function; no I/O. */
#ifndef ACMEPROBE_CAA_EXPLAIN_H
#define ACMEPROBE_CAA_EXPLAIN_H

#include <stddef.h>
#include <stdint.h>

#include "caa/lookup.h"
#include "caa/rdata.h"

/* The one-paragraph explanation: what decided, the rule, what to change;
 * for a failed lookup, the likely cause (R-CAA-4, R-CAA-5, R-CAA-6); for
 * a line that is not a name, why. */
void caa_reason(char *buf, size_t cap, const struct caa_walk_result *r,
		const struct caa_request *req);

/* A record as a zone file writes it after "CAA": `0 issue "letsencrypt.org"`
 * (a tag octet outside [A-Za-z0-9] as \DDD). */
void caa_record_text(char *buf, size_t cap, const struct caa_record *rec);

/* The CA as a person names it, for the first line of a report: "Let's
 * Encrypt" for its CAA identity letsencrypt.org (RFC 8659 s4.2), any
 * other identity as it is. */
const char *caa_ca_name(const char *ca_id);

/* The label whose RRset (or error) decided, or NULL when none did. */
const struct caa_label *caa_deciding_label(const struct caa_walk_result *r);

/* One line of an account: `rule` is the rule it applies ("R-CAA-7"), and
 * `line` the text after it; a printer shows "[rule] line". */
typedef void (*caa_trace_fn)(void *ctx, const char *rule, const char *line);

/* The walk, label by label from the name up, then each record of the
 * relevant RRset and what it counts for, then the decision: the lines of
 * --trace. Nothing for a line that is not a name. */
void caa_explain_walk(const struct caa_walk_result *r, const struct caa_request *req,
		      caa_trace_fn trace, void *ctx);

#endif
