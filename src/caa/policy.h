/* The CAA decision (RFC 8659 s4, RFC 8657, and Let's Encrypt's choices
 * where the RFCs leave room: boulder va/caa.go validateCAA), as a pure
 * function of the relevant RRset and the request. No I/O. */
#ifndef ACMEPROBE_CAA_POLICY_H
#define ACMEPROBE_CAA_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "caa/rdata.h"

struct caa_request {
	const char *ca_id;       /* the CA's identifying domain: "letsencrypt.org" */
	bool wildcard;           /* the certificate is for *.DOMAIN */
	const char *account_uri; /* RFC 8657 accounturi to match, or NULL */
	const char *method;      /* "http-01", "dns-01", "tls-alpn-01", or NULL */
};

/* Why one issue/issuewild record does or does not authorize the request. */
enum caa_match {
	CAA_MATCH_YES,
	CAA_MATCH_UNPARSABLE,      /* the value breaks the grammar (R-CAA-11) */
	CAA_MATCH_EMPTY_ISSUER,    /* ";": nobody may issue (R-CAA-11) */
	CAA_MATCH_OTHER_ISSUER,    /* another CA's domain (R-CAA-11) */
	CAA_MATCH_ACCOUNT_MISSING, /* accounturi, but no account URI given (R-CAA-12) */
	CAA_MATCH_ACCOUNT_OTHER,   /* accounturi of another account (R-CAA-12) */
	CAA_MATCH_ACCOUNT_DUP,     /* two accounturi parameters (R-CAA-12) */
	CAA_MATCH_METHOD_MISSING,  /* validationmethods, but no method given (R-CAA-12) */
	CAA_MATCH_METHOD_OTHER,    /* the method is not in the list (R-CAA-12) */
	CAA_MATCH_METHOD_DUP,      /* two validationmethods parameters (R-CAA-12) */
	CAA_MATCH_METHOD_SYNTAX,   /* a list item with other than letters, digits, '-' (R-CAA-12) */
};

/* How the decision was reached; each names the rule of docs/rules.md
 * that applied. */
enum caa_outcome {
	CAA_PERMIT_NO_RECORDS,   /* empty RRset: any CA may issue (R-CAA-1) */
	CAA_FORBID_CRITICAL,     /* an unknown tag marked critical (R-CAA-9) */
	CAA_PERMIT_NOT_RELEVANT, /* no record of the kind that counts (R-CAA-10) */
	CAA_PERMIT_AUTHORIZED,   /* a record authorizes the CA (R-CAA-11, R-CAA-12) */
	CAA_FORBID_UNAUTHORIZED, /* records count, none authorizes the CA (R-CAA-11) */
};

struct caa_decision {
	bool permitted;
	enum caa_outcome outcome;
	const char *rule;        /* "R-CAA-1", "R-CAA-9", ... */
	long deciding;           /* index of the record that decided, or -1 */
	enum caa_tag_kind counted; /* issue or issuewild: which records counted */
};

/* R-CAA-11 and R-CAA-12 for one record. */
enum caa_match caa_record_matches(const struct caa_record *rec, const struct caa_request *req);
const char *caa_match_text(enum caa_match m);
const char *caa_match_rule(enum caa_match m);

/* The decision on the relevant RRset recs[0..n). */
void caa_decide(const struct caa_record *recs, size_t n, const struct caa_request *req,
		struct caa_decision *d);

/* A record that counts as critical: flags & 128 or, as Let's Encrypt reads
 * it for legacy reasons, flags & 1 (R-CAA-9). */
bool caa_is_critical(const struct caa_record *rec);

#endif
