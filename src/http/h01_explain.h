/* The sentences that explain an HTTP-01 result to the domain's owner:
 * the one piece of IPv6 advice (R-V6-4), the fallback rule in one line,
 * and what each of a result's flags means. Every command that reports an
 * HTTP-01 validation (http01, check) takes them from here, so the rules'
 * explanations are written once, beside the engine that applies them. */
#ifndef ACMEPROBE_HTTP_H01_EXPLAIN_H
#define ACMEPROBE_HTTP_H01_EXPLAIN_H

#include <stddef.h>

#include "http/http01.h"

/* R-V6-4: the fix when IPv6 is what fails, as a clause that follows
 * "Fix: " or a colon (it starts in lower case):
 * "point the AAAA record at the server that runs the ACME client, or
 * remove it if the domain is not meant to work over IPv6. There is no way
 * to ask Let's Encrypt to prefer IPv4 (R-V6-4)." */
const char *h01_ipv6_advice(void);

/* R-V6-4: the fix for a result where IPv6 is what failed, as a clause
 * like h01_ipv6_advice's: that advice when the first request's IPv6
 * answered wrongly or failed to connect without a retry, the redirect
 * target's IPv6 when a redirected request failed over IPv6 (R-V6-3);
 * NULL when IPv6 is not what failed. The fix of the first of
 * h01_explain's explanations that has one. */
const char *h01_ipv6_fix(const struct h01_result *res);

/* The fallback rule a validation used, in one line: "timeout (LE's
 * documented rule, R-V6-2: ...)" or "dial (Boulder's code, R-HTTP-2: ...)". */
const char *h01_fallback_text(enum h01_fallback rule);

/* One explanation of a result: a heading ("Why", "Note (R-HTTP-2)",
 * "Warning"...), what happened and why, and the fix (NULL: none). */
struct h01_explanation {
	const char *heading;
	const char *text;
	const char *fix;
};

#define H01_MAX_EXPLANATIONS 7

/* What the result's flags mean, in the order a report gives them (at
 * most H01_MAX_EXPLANATIONS). Returns how many went to out[cap]. */
size_t h01_explain(const struct h01_result *res, struct h01_explanation *out, size_t cap);

#endif
