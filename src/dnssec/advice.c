/* The doctor's words for each DNSSEC verdict (advice.h): one row per
 * fault, each citing the rule that makes it one. */
#include "dnssec/advice.h"

#include <stddef.h>
#include <string.h>

#include "dns/text.h"
#include "dns/types.h"

static const char fix_resign[] =
    "Re-sign the zone with its current keys, and check the result before publishing it "
    "(ldns-verify-zone, dnssec-verify).";

static void set(struct dnssec_advice *a, const char *code, const char *rule, const char *what,
		const char *fix)
{
	a->code = code;
	a->rule = rule;
	a->what = what;
	a->fix = fix;
}

void dnssec_advice_for(const struct dnssec_verdict *v, struct dnssec_advice *a)
{
	set(a, NULL, NULL, NULL, NULL);
	if (!v->judged)
		return;
	if (v->status == DNSSEC_INSECURE) {
		switch (v->why.code) {
		case DNSSEC_R_UNSUPPORTED_ALGORITHM:
			/* R-DNSSEC-6: no usable DS is insecure, not bogus */
			set(a, "dnssec_unsupported_algorithm", "R-DNSSEC-6",
			    "is signed with an algorithm no validator supports",
			    "Nothing stops issuance: validators, the CA's among them, treat the "
			    "zone "
			    "as unsigned. To have it validated, sign it with an algorithm they "
			    "support (13, ECDSA P-256, or 8, RSA/SHA-256) and publish the new DS "
			    "at the "
			    "registrar.");
			return;
		case DNSSEC_R_UNSUPPORTED_DIGEST:
			set(a, "dnssec_unsupported_digest", "R-DNSSEC-6",
			    "has only DS records of a digest type no validator supports",
			    "Nothing stops issuance: validators, the CA's among them, treat the "
			    "zone "
			    "as unsigned. To have it validated, publish a DS of digest type 2 "
			    "(SHA-256) at the registrar.");
			return;
		case DNSSEC_R_NSEC3_ITERATIONS:
			/* R-DNSSEC-11: Unbound calls it insecure; RFC 9276 s3.2
			 * lets a validator answer SERVFAIL instead */
			set(a, "dnssec_nsec3_iterations", "R-DNSSEC-11",
			    "uses NSEC3 with more than 150 iterations",
			    "Re-sign the zone with NSEC3 and 0 extra iterations, without salt (RFC "
			    "9276): Unbound, the CA's resolver, treats its proofs of absence as "
			    "unsigned, and RFC 9276 lets other validators answer SERVFAIL for "
			    "them.");
			return;
		default:
			return; /* unsigned, opt-out: as designed */
		}
	}
	if (!dnssec_verdict_fails(v))
		return;
	switch (v->why.code) {
	case DNSSEC_R_SIG_EXPIRED:
		/* R-DNSSEC-7: past the expiration, beyond Unbound's skew */
		set(a, "dnssec_signature_expired", "R-DNSSEC-7", "serves expired signatures",
		    "Re-sign the zone, and find out why it was not re-signed in time: signatures "
		    "expire when the signer's scheduled re-signing (a cron job, the signing "
		    "service) has stopped. Then check the new expiration dates (acmeprobe query "
		    "NAME TYPE --dnssec).");
		return;
	case DNSSEC_R_SIG_NOT_YET_VALID:
	case DNSSEC_R_SIG_WINDOW:
		set(a, "dnssec_signature_not_yet_valid", "R-DNSSEC-7",
		    "serves signatures that are not yet valid",
		    "Re-sign the zone with signatures valid from now: the signer's clock is ahead "
		    "(check its time source, NTP), or it was given an inception date in the "
		    "future.");
		return;
	case DNSSEC_R_DS_MISMATCH:
	case DNSSEC_R_DNSKEY_UNSIGNED_BY_DS_KEY:
		/* R-DNSSEC-3: the chain goes from the parent's DS to a key
		 * that signs the DNSKEY RRset */
		set(a, "dnssec_ds_mismatch", "R-DNSSEC-3",
		    "has a DS at its parent that matches no key signing its DNSKEY RRset",
		    "Fix the DS record at the registrar (the parent zone publishes it): give it "
		    "the DS of the key-signing key the zone uses now (dnssec-dsfromkey or "
		    "ldns-key2ds print it), or publish again the key the DS names and sign the "
		    "DNSKEY RRset with it. To go unsigned, remove the DS first, then the keys.");
		return;
	case DNSSEC_R_NO_DNSKEY:
		set(a, "dnssec_no_dnskey", "R-DNSSEC-3",
		    "has a DS at its parent but serves no DNSKEY RRset",
		    "Serve the signed zone on every nameserver (one serves an unsigned copy), or "
		    "remove the DS at the registrar to go unsigned.");
		return;
	case DNSSEC_R_BAD_SIGNATURE:
		if (v->denial) {
			/* R-DNSSEC-13: the signer that signs empty answers
			 * badly; CAA answers are usually empty */
			set(a, "dnssec_bad_denial_signature", "R-DNSSEC-13",
			    "signs the proof of an empty answer badly",
			    "Upgrade or fix the signer, then re-sign the zone: PowerDNS 4.0.3 and "
			    "earlier signed empty answers badly (fixed in 4.0.4). Meanwhile a "
			    "record "
			    "of the type asked at the name (a CAA record naming the CA, say) makes "
			    "the "
			    "answer non-empty: it then needs no proof of absence.");
			return;
		}
		set(a, "dnssec_bad_signature", "R-DNSSEC-8",
		    "serves a signature that does not verify", fix_resign);
		return;
	case DNSSEC_R_NSEC_MISSING:
	case DNSSEC_R_NSEC_PROOF:
	case DNSSEC_R_NSEC3_PROOF:
	case DNSSEC_R_TYPE_IN_BITMAP:
	case DNSSEC_R_PARENT_SIDE_NSEC:
	case DNSSEC_R_NSEC3_PARAMS:
	case DNSSEC_R_WILDCARD_PROOF:
		/* R-DNSSEC-9 (NODATA), R-DNSSEC-10 (NXDOMAIN) */
		set(a, "dnssec_missing_denial",
		    v->kind == DNSSEC_PART_NXDOMAIN ? "R-DNSSEC-10" : "R-DNSSEC-9",
		    "answers without a valid proof that the record does not exist",
		    "Re-sign the whole zone so that every name has its NSEC or NSEC3 record (a "
		    "zone edited after signing loses them), or fix the server that sends the "
		    "wrong one. A record of the type asked at the name (a CAA record naming the "
		    "CA, say) makes the answer non-empty: it then needs no proof of absence.");
		return;
	case DNSSEC_R_NO_RRSIG:
		set(a, "dnssec_missing_signature", "R-DNSSEC-8",
		    "serves an RRset without signature in a signed zone",
		    "Re-sign the zone (the record was added after signing), or make every "
		    "nameserver serve the signed copy.");
		return;
	case DNSSEC_R_NO_MATCHING_KEY:
		set(a, "dnssec_unknown_key", "R-DNSSEC-8",
		    "serves signatures made by a key it does not publish",
		    "Publish the key that made the signatures in the DNSKEY RRset, or re-sign with "
		    "the published keys: a key rollover was done out of order.");
		return;
	default:
		set(a, "dnssec_bogus", "R-DNSSEC-8", "serves data that does not validate",
		    fix_resign);
		return;
	}
}

/* A signature time (RFC 4034 s3.1.5) as a date people read, in UTC:
 * the YYYYMMDDHHmmSS of presentation format, punctuated. */
static void date_words(struct dns_text *t, uint32_t secs)
{
	char d[32];
	struct dns_text x;
	dns_text_init(&x, d, sizeof d);
	dns_text_sigtime(&x, secs);
	if (strlen(d) != 14) {
		dns_text_puts(t, d);
		return;
	}
	dns_text_printf(t, "%.4s-%.2s-%.2s %.2s:%.2s:%.2s", d, d + 4, d + 6, d + 8, d + 10, d + 12);
}

void dnssec_why_words(char *buf, size_t cap, const struct dnssec_why *w)
{
	struct dns_text t;
	char type[DNS_TYPE_TEXT];
	dns_text_init(&t, buf, cap);
	dns_text_puts(&t, dnssec_reason_text(w->code));
	if (w->code == DNSSEC_R_NSEC3_ITERATIONS)
		dns_text_printf(&t, " (%u)", w->iterations);
	const char *sep = " (";
	if (w->has_owner) {
		dns_text_printf(&t, "%sRRset ", sep);
		dns_text_name(&t, w->owner);
		dns_text_printf(&t, " %s", dns_type_to_text(w->type, type));
		sep = ", ";
	}
	if (w->has_key) {
		dns_text_printf(&t, "%skey %u algorithm %u", sep, w->key_tag, w->algorithm);
		sep = ", ";
	}
	if (w->has_dates) {
		dns_text_printf(&t, "%svalid from ", sep);
		date_words(&t, w->inception);
		dns_text_puts(&t, " to ");
		date_words(&t, w->expiration);
		dns_text_puts(&t, " UTC");
		sep = ", ";
	}
	if (sep[0] == ',')
		dns_text_puts(&t, ")");
}
