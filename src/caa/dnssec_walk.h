/* The CAA walk's own DNSSEC validation (R-DNSSEC-1: the CA validates
 * every CAA lookup). Let's Encrypt asks a validating resolver, which
 * answers SERVFAIL for bogus data (R-DNSSEC-2); the resolver acmeprobe
 * asks may validate or not. So, for each label's answer:
 *   - AD set: the resolver validated it: taken as it is;
 *   - an answer without AD: acmeprobe validates it from the trust anchor;
 *     a bogus one is an error, never an empty RRset or an NXDOMAIN
 *     (R-DNSSEC-10): the SERVFAIL the CA's resolver would give;
 *   - SERVFAIL: asked again with CD (the data behind the failure) and
 *     validated, to say why, and by which of the zone's servers;
 *   - other errors: nothing DNSSEC can say.
 * Insecure data (unsigned, an unsupported algorithm, NSEC3 above 150
 * iterations, opt-out) is used as it is (R-DNSSEC-6, R-DNSSEC-11).
 *
 * A batch stays fast: the session keeps DS and DNSKEY answers across
 * names, and a name at or below a zone cut already found insecure (or
 * whose keys could not be fetched) is not validated again.
 *
 * The decisions are the pure functions below; the hook does the I/O. */
#ifndef ACMEPROBE_CAA_DNSSEC_WALK_H
#define ACMEPROBE_CAA_DNSSEC_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "caa/explain.h"
#include "caa/lookup.h"
#include "dnssec/servers.h"
#include "dnssec/session.h"
#include "dnssec/verdict.h"

/* What acmeprobe's own validation found for one label (lookup.h). */
struct caa_dnssec_note {
	struct dnssec_verdict verdict; /* on the data behind the answer */
	uint16_t resolver_rcode;       /* what the resolver answered */
	bool reasked;		       /* it failed (SERVFAIL): asked again with CD */
	bool reask_failed;	       /* ...and that got no answer either */
	/* the resolver handed a bogus answer over (it does not validate):
	 * the walk takes it as the SERVFAIL the CA's resolver gives */
	bool made_error;
	bool servers_probed;  /* the zone's servers were asked themselves */
	size_t servers_asked; /* how many gave an answer that could be judged */
	size_t servers_good;  /* of which serve data that validates */
	size_t server_count;  /* those serving the bad data */
	/* the resolver handed a bogus answer over, but other servers of the
	 * zone serve good data: a validating resolver (Unbound) drops the bad
	 * answer and asks another server, so the walk keeps the answer */
	bool masked;
	struct dnssec_server servers[DNSSEC_MAX_SERVERS];
};

/* ---- decisions (pure) --------------------------------------------------- */

enum caa_dnssec_step {
	CAA_DNSSEC_NONE,     /* an error DNSSEC cannot explain (timeout, REFUSED...) */
	CAA_DNSSEC_TRUST,    /* AD: the resolver validated it */
	CAA_DNSSEC_VALIDATE, /* an answer without AD: validate it */
	CAA_DNSSEC_REASK,    /* SERVFAIL: ask again with CD, validate, explain */
};

/* R-DNSSEC-1, R-DNSSEC-2: what a label's answer needs, from the
 * resolver's error class, whether a message came and its AD bit. */
enum caa_dnssec_step caa_dnssec_step(enum dns_errclass error, bool has_msg, bool authenticated);

/* R-DNSSEC-10, R-DNSSEC-2: a label the resolver answered (NOERROR, or
 * NXDOMAIN below the TLD) whose data is bogus becomes the SERVFAIL a
 * validating resolver gives: error DNS_EC_SERVFAIL, no records, the
 * note's made_error set; unless the zone's servers were asked and some
 * serve data that validates (the note's `masked`: Unbound drops a bad
 * answer and asks another server). Anything else is left as it is. */
void caa_dnssec_apply(struct caa_label *l, struct caa_dnssec_note *n);

/* R-DNSSEC-14: the error Let's Encrypt shows for a label whose data is
 * bogus, "While processing CAA for <identifier>: DNS problem: looking up
 * CAA for <label>: DNSSEC: <EDE>" with the EDE the CA's Unbound sends for
 * the fault (no extra text: which text Let's Encrypt's resolver adds is
 * not known). identifier: the name of the order, without its final dot.
 * False (out empty) when the label's note says nothing bogus. */
bool caa_dnssec_le_text(char *out, size_t cap, const char *identifier, const struct caa_label *l);

/* ---- the hook (I/O) ------------------------------------------------------ */

#define CAA_DNSSEC_SKIP_POINTS 32

struct caa_dnssec_walk {
	struct dnssec_session *session;
	const struct resolver_config *resolver;
	const struct dnssec_anchors *anchors;
	/* on a bogus answer, ask the zone's servers themselves (NS through
	 * the resolver, each address on ns_port) to name those at fault */
	bool probe_servers;
	uint16_t ns_port;
	unsigned probe_timeout_ms;
	caa_trace_fn trace; /* --trace lines, or NULL */
	void *trace_ctx;
	/* zone cuts found insecure or unfetchable: nothing at or below them
	 * is validated again */
	uint8_t skip[CAA_DNSSEC_SKIP_POINTS][DNS_MAX_NAME];
	size_t skip_count, skip_next;
	struct dnssec_result *scratch;
	unsigned long validated; /* answers validated (for --trace and the bench) */
};

/* Sets w up (the session asks through resolver, judges from anchors at
 * time now). Returns 0, or -1 when memory fails. */
int caa_dnssec_walk_init(struct caa_dnssec_walk *w, const struct resolver_config *resolver,
			 const struct dnssec_anchors *anchors, uint64_t now);
void caa_dnssec_walk_free(struct caa_dnssec_walk *w);

/* The caa_dnssec_hook's on_answer (ctx: a struct caa_dnssec_walk). */
void caa_dnssec_on_answer(void *ctx, const struct dns_result *r, struct caa_label *l);

#endif
