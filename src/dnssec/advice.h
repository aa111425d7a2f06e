/* What a verdict means to a zone's owner: the doctor's finding code for
 * it, the rule it falls under, and what to do. `acmeprobe check` names
 * its dnssec_* findings from this table and `acmeprobe caa` ends its
 * explanation with the same fix, so both say the same. docs/check.md
 * lists the codes. Pure. */
#ifndef ACMEPROBE_DNSSEC_ADVICE_H
#define ACMEPROBE_DNSSEC_ADVICE_H

#include "dnssec/verdict.h"

struct dnssec_advice {
	const char *code; /* "dnssec_signature_expired"; NULL: nothing to report */
	const char *rule; /* "R-DNSSEC-7" */
	const char *what; /* the fault in a few words, for a title */
	const char *fix;  /* what to change */
};

/* The advice for a verdict: a bogus one (what makes the CA's resolver
 * answer SERVFAIL), or an insecure one worth saying (an algorithm or
 * digest no validator knows, too many NSEC3 iterations). A secure,
 * unsigned, opt-out or unjudged verdict gets code NULL. */
void dnssec_advice_for(const struct dnssec_verdict *v, struct dnssec_advice *a);

/* The reason of a verdict in words, for people: "the signature has
 * expired (RRset example.com. DNSKEY, key 4010 algorithm 13, valid from
 * 2026-10-03 01:17:15 to 2026-11-02 01:17:15 UTC)". Into buf (always
 * NUL-terminated). */
void dnssec_why_words(char *buf, size_t cap, const struct dnssec_why *w);

#endif
