/* RRSIG checks and the verification of one RRset with a zone's keys
 * (RFC 4035 s5.3; R-DNSSEC-3, R-DNSSEC-7, R-DNSSEC-8), bounded against
 * KeyTrap (CVE-2023-50387): every signature and every key with its tag
 * counts, DNSSEC_MAX_VERIFY_PER_RRSET at most. */
#ifndef ACMEPROBE_DNSSEC_RRSIG_H
#define ACMEPROBE_DNSSEC_RRSIG_H

#include <stdbool.h>
#include <stdint.h>

#include "dns/rr.h"
#include "dnssec/canon.h"
#include "dnssec/dnssec.h"

/* DNSKEY flags (RFC 4034 s2.1.1, RFC 5011 s7) */
#define DNSSEC_KEY_ZONE	  0x0100u
#define DNSSEC_KEY_REVOKE 0x0080u
#define DNSSEC_KEY_SEP	  0x0001u

/* R-DNSSEC-7: the validity window, RFC 1982 arithmetic, with Unbound's
 * skew (val_sigcrypt.c check_dates): 10% of (expiration - inception),
 * at least 3600 s and at most 86400 s, allowed at both ends. Returns
 * NONE, SIG_WINDOW (inception after expiration), SIG_NOT_YET_VALID or
 * SIG_EXPIRED. */
#define DNSSEC_SKEW_MIN 3600u
#define DNSSEC_SKEW_MAX 86400u
enum dnssec_reason dnssec_check_dates(uint32_t inception, uint32_t expiration, uint32_t now);

/* R-DNSSEC-3 (RFC 4034 s2.1.1, RFC 4035 s5.3.1): may this DNSKEY verify
 * data? NONE, NOT_ZONE_KEY, KEY_PROTOCOL, or KEY_REVOKED (a revoked key
 * still verifies its own DNSKEY RRset, RFC 5011 s2.1). */
enum dnssec_reason dnssec_key_usable(const struct dns_dnskey *key, bool self_signature);

/* Which keys of the key set may be used: NULL for all, else a function
 * saying yes or no for one DNSKEY record (the DS-matching keys, for a
 * DNSKEY RRset). */
typedef bool (*dnssec_key_filter)(void *ctx, const struct dns_msg *m, const struct dns_rr *key);

/* The signature that made an RRset secure. */
struct dnssec_sig_used {
	uint16_t key_tag;
	uint8_t algorithm;
	uint8_t labels;
	uint32_t inception, expiration;
	bool wildcard;		      /* R-DNSSEC-8: Labels < the owner's */
	uint8_t source[DNS_MAX_NAME]; /* then: the wildcard, "*." + Labels labels */
};

/* Verifies RRset s with the DNSKEY RRset `keys` of zone `zone` (the
 * signer every RRSIG must name) at time now. SECURE (one valid RRSIG
 * suffices, R-DNSSEC-8; *used filled), BOGUS with the reason of the most
 * telling failure, or INDETERMINATE when a budget limit is reached.
 * why->owner/type/zone/key/dates/source are filled for the failure. */
enum dnssec_status dnssec_verify_rrset(const struct dnssec_rrset *s,
				       const struct dnssec_rrset *keys, const uint8_t *zone,
				       uint32_t now, dnssec_key_filter filter, void *filter_ctx,
				       struct dnssec_budget *budget, struct dnssec_sig_used *used,
				       struct dnssec_why *why);

#endif
