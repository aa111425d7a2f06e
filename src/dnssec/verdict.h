/* One validation in a few fields: what the commands that act on a verdict
 * (the CAA walk, the doctor) keep of a struct dnssec_result (chain.h),
 * which is large and full of detail for `query --dnssec`. Pure. */
#ifndef ACMEPROBE_DNSSEC_VERDICT_H
#define ACMEPROBE_DNSSEC_VERDICT_H

#include <stdbool.h>

#include "dnssec/chain.h"
#include "dnssec/dnssec.h"

struct dnssec_verdict {
	bool judged; /* an answer came and the engine ran on it */
	enum dnssec_status status;
	struct dnssec_why why; /* the reason of the part that decided */
	enum dnssec_part kind; /* what the answer ends in: records, NODATA, NXDOMAIN */
	bool at_keys;	       /* decided on a zone's DS or DNSKEY RRset, not on the answer */
	bool denial;	       /* the part that decided is a denial (NODATA, NXDOMAIN) */
	bool at_anchor;	       /* the chain broke at the trust anchor's own keys */
};

/* The verdict of a finished run (r->need false). With `root_builtin`
 * (the anchors are the root zone's KSKs built in), a chain that breaks
 * at the root's own DNSKEY RRset is no verdict on the data: it says that
 * the resolver asked cannot give the root zone's keys (a lab without the
 * root, a broken network), while the CA's resolver has them. The verdict
 * is then indeterminate, at_anchor set. With anchors of the user's
 * (--trust-anchor), a broken anchor zone is judged like any other. */
void dnssec_verdict_of(const struct dnssec_result *r, bool root_builtin, struct dnssec_verdict *v);

/* R-DNSSEC-2, R-DNSSEC-4: a validating resolver (the CA's) answers
 * SERVFAIL for this data: it is bogus, and not merely because a DS or
 * DNSKEY question of ours got no answer (then acmeprobe cannot tell:
 * DNSSEC_R_FETCH_FAILED counts as not judged). */
bool dnssec_verdict_fails(const struct dnssec_verdict *v);

/* acmeprobe could not judge the data: no answer, no trust anchor for the
 * name, a question of ours unanswered, a work limit, or no validator
 * built in. */
bool dnssec_verdict_unjudged(const struct dnssec_verdict *v);

#endif
