/* The dns-persist-01 record (draft-ietf-acme-dns-persist-01, CA/B BR
 * 3.2.2.4.22) as Let's Encrypt reads it (boulder va/dns_persist.go): a TXT
 * record at _validation-persist.<domain> that names the CA and the ACME
 * account allowed to get certificates for the domain, for as long as it
 * stays there (R-PERSIST-1..5). Pure: the caller does the lookup.
 *
 * The record is an RFC 8659 s4.2 issue-value:
 *     letsencrypt.org; accounturi=https://acme-v02.api.letsencrypt.org/acme/acct/1;
 * policy=wildcard; persistUntil=1800000000
 *
 * The issuer (R-PERSIST-3, boulder core/util.go NormalizeIssuerDomainName)
 * is lower-cased, NFC-normalised, turned into A-labels by UTS #46 and
 * stripped of a trailing dot. acmeprobe carries no Unicode tables: it does
 * the ASCII part exactly (lower case; the STD3 rule of letters, digits,
 * '-' and '.'; no label that starts or ends with '-', none with "--" in
 * its 3rd and 4th octets but an "xn--" A-label, which is kept as written,
 * not decoded; one trailing dot dropped; at most 253 octets), and refuses
 * to map an issuer with a non-ASCII octet (PERSIST_E_ISSUER_UNICODE): the
 * CA would map it (fullwidth letters and U+3002 become ASCII, for
 * instance) and might read it as its own name, so the report says so and
 * counts the record for no CA. An ASCII issuer that is the CA's name once
 * lower-cased and without its dot is the CA's name exactly as Boulder
 * decides it, so whether a record counts for Let's Encrypt is exact. */
#ifndef ACMEPROBE_ACME_PERSIST_H
#define ACMEPROBE_ACME_PERSIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acme/dns01.h"

/* R-PERSIST-1: where the challenge stands. */
#define PERSIST_STATUS                                                                             \
	"dns-persist-01 is behind a feature flag in Boulder (DNSPersist01Enabled); "               \
	"Let's Encrypt is reported to offer it in its staging environment only (acme.sh "          \
	"issue 7144, July 2026), which Let's Encrypt has not confirmed"

/* The issuer-domain-name Let's Encrypt offers (boulder wfe2: the
 * challenge's issuer-domain-names). */
#define PERSIST_LE_ISSUER "letsencrypt.org"

#define PERSIST_ISSUER_MAX 253
#define PERSIST_ERROR_MAX  1024

enum persist_err {
	PERSIST_OK,
	PERSIST_E_EMPTY_ISSUER,	    /* nothing before the first ';' */
	PERSIST_E_ISSUER,	    /* the issuer does not normalise */
	PERSIST_E_ISSUER_UNICODE,   /* a non-ASCII issuer: not mapped here */
	PERSIST_E_EMPTY_PARAM,	    /* ";;" or a trailing ';' */
	PERSIST_E_NOT_TAG_VALUE,    /* a parameter without '=' */
	PERSIST_E_EMPTY_TAG,	    /* "=value" */
	PERSIST_E_VALUE,	    /* a value octet outside %x21-3A / %x3C-7E */
	PERSIST_E_DUPLICATE,	    /* accounturi, policy or persistUntil twice */
	PERSIST_E_EMPTY_ACCOUNTURI, /* "accounturi=" */
	PERSIST_E_PERSIST_UNTIL,    /* persistUntil not a decimal int64 */
	PERSIST_E_NO_ACCOUNTURI,    /* no accounturi at all */
	PERSIST_E__COUNT
};

/* A short name for each code ("empty_issuer"...), for JSON. */
const char *persist_err_name(enum persist_err e);

struct persist_record {
	bool issuer_ok;			     /* issuer holds the normalised name */
	char issuer[PERSIST_ISSUER_MAX + 1]; /* NUL-terminated */
	/* the parameters (pointers into the record), once parsed */
	const uint8_t *accounturi;
	size_t accounturi_len;
	bool has_policy;
	const uint8_t *policy;
	size_t policy_len;
	bool has_persist_until;
	int64_t persist_until; /* Unix seconds */
	/* Boulder's text of the error (parseDNSPersistRecord), "" when OK */
	char error[PERSIST_ERROR_MAX];
};

/* R-PERSIST-3 (boulder parseDNSPersistRecord): reads one record (the
 * strings of one TXT RR joined). On an error after the issuer, the issuer
 * stays filled (issuer_ok) as Boulder returns it, since the error is
 * reported only for the CA's own records. */
enum persist_err persist_parse(const uint8_t *rec, size_t n, struct persist_record *out);

/* The CA's clock: Unix seconds and nanoseconds (time.Now()). */
struct persist_time {
	int64_t sec;
	long nsec;
};

/* R-PERSIST-4 (boulder checkDNSPersistRecord): whether a parsed record
 * authorizes this account (exact comparison), this request (a wildcard
 * needs policy=wildcard, any case) at this time (not after persistUntil).
 * On false, `why` gets Boulder's text ("accounturi mismatch: ..."). */
bool persist_check(const struct persist_record *r, const char *account_uri, bool wildcard,
		   struct persist_time now, char *why, size_t cap);

/* What one record is to the CA. */
enum persist_record_status {
	PERSIST_REC_VALID,	  /* it authorizes the request */
	PERSIST_REC_UNAUTHORIZED, /* the CA's, but for another account, policy or time */
	PERSIST_REC_MALFORMED,	  /* the CA's, and it does not parse */
	PERSIST_REC_OTHER_CA,	  /* another CA's (or an issuer that does not normalise) */
	PERSIST_REC_UNMAPPED,	  /* a non-ASCII issuer: acmeprobe cannot tell whose */
	PERSIST_REC__COUNT
};

/* "valid", "unauthorized", "malformed", "other_ca", "unmapped". */
const char *persist_record_status_name(enum persist_record_status s);

/* One record's reading, for the report. */
struct persist_view {
	enum persist_record_status status;
	enum persist_err parse;
	struct persist_record rec;
	char why[PERSIST_ERROR_MAX]; /* the check's text when UNAUTHORIZED */
};

/* R-PERSIST-2, R-PERSIST-5 (boulder validateDNSPersist01): the CA's
 * decision on one lookup of `name_text` (acme_name_text of
 * _validation-persist.<domain>): a DNS error; no record; the first record
 * that authorizes; else the parse errors of the CA's records, "; "-joined
 * (malformed); else the check failures, "; "-joined (unauthorized); else
 * no valid record. `views` (lk->txt_count of them, or NULL) gets each
 * record's reading. */
void persist_decide(const struct acme_lookup *lk, const char *name_text, const char *issuer,
		    const char *account_uri, bool wildcard, struct persist_time now,
		    struct acme_verdict *out, struct persist_view *views);

#endif
