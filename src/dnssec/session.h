/* A validation session: the fetch loop of fetch.h with a memory, for
 * commands that validate many answers in one run. The CAA walk validates
 * a label per name (and `caa --batch` millions of names), the doctor the
 * same question once per nameserver: they all need the same DS and
 * DNSKEY RRsets of the zones above. The session asks each DS or DNSKEY
 * question the pure engine (chain.h) NEEDs once through the resolver
 * (RD, DO and CD: a validating resolver then hands over bogus data too,
 * RFC 4035 s3.2.2), keeps the answer, and gives it again to every later
 * validation. Memory is bounded: past DNSSEC_SESSION_ANSWERS answers the
 * kept ones are dropped (between two validations, never during one) and
 * asked again when needed.
 *
 * The caller may hand in answers of its own besides the one to judge: to
 * judge what one authoritative server serves, its answer and its DNSKEY
 * RRset come first, and the engine takes the first input given for a
 * question (chain.h), so the session only fills in what lies above. */
#ifndef ACMEPROBE_DNSSEC_SESSION_H
#define ACMEPROBE_DNSSEC_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "dns/resolver.h"
#include "dnssec/anchors.h"
#include "dnssec/chain.h"

/* Answers kept at most (about 1 KiB each with their index). */
#define DNSSEC_SESSION_ANSWERS 256
/* Inputs the caller may give to one validation (the answer and others). */
#define DNSSEC_SESSION_GIVEN 4

/* One --trace line: `rule` is the rule it applies ("R-DNSSEC-3"), `line`
 * the text after it (the shape of the doctor's and the CAA walk's). */
typedef void (*dnssec_session_trace_fn)(void *ctx, const char *rule, const char *line);

struct dnssec_session;

/* A session asking through cfg, judging from the anchors at time `now`
 * (seconds since 1970). cfg and ta must outlive it. NULL when memory
 * fails. */
struct dnssec_session *dnssec_session_new(const struct resolver_config *cfg,
					  const struct dnssec_anchors *ta, uint64_t now);
void dnssec_session_free(struct dnssec_session *s);

/* Every DS or DNSKEY question asked from now on is traced (NULL: none). */
void dnssec_session_set_trace(struct dnssec_session *s, dnssec_session_trace_fn trace, void *ctx);

/* Whether the session judges from the root zone's KSKs built in (the
 * anchors given equal dnssec_anchors_builtin's): dnssec_verdict_of's
 * root_builtin. */
bool dnssec_session_builtin_anchors(struct dnssec_session *s);

/* Questions the session has sent through the resolver so far. */
unsigned long dnssec_session_asked(const struct dnssec_session *s);

/* Validates given[0] (the answer to judge; given[1..n) answers of the
 * caller's for other questions, n <= DNSSEC_SESSION_GIVEN), asking what
 * the engine needs. Sources in out are the caller's ids for the given
 * inputs and resolver server indexes for the session's. Returns 0, or -1
 * when the resolver itself fails (errno set; out is then indeterminate,
 * DNSSEC_R_FETCH_FAILED). */
int dnssec_session_validate(struct dnssec_session *s, const struct dnssec_input *given, size_t n,
			    struct dnssec_result *out);

#endif
