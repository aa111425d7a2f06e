/* The names, sentences and extended DNS errors of the validator's
 * reasons (dnssec.h). The EDE column is what Unbound sends for the same
 * failure (validator/val_sigcrypt.c, val_utils.c, validator.c; RFC 8914
 * s4): from it Let's Encrypt's error text is made (docs/rules.md). */
#include "dnssec/dnssec.h"

#include <string.h>

struct reason_row {
	const char *name;
	const char *text;
	enum dnssec_status status;
	uint16_t ede;
};

/* RFC 8914 s4 codes used below */
#define EDE_UNSUPPORTED_ALG    1
#define EDE_UNSUPPORTED_DIGEST 2
#define EDE_BOGUS	       6
#define EDE_EXPIRED	       7
#define EDE_NOT_YET_VALID      8
#define EDE_DNSKEY_MISSING     9
#define EDE_RRSIGS_MISSING     10
#define EDE_NO_ZONE_KEY_BIT    11
#define EDE_NETWORK_ERROR      23

#if ACMEPROBE_DNSSEC

static const struct reason_row rows[DNSSEC_R__COUNT] = {
    [DNSSEC_R_NONE] = {"none", "every signature on the path verified", DNSSEC_SECURE,
		       DNSSEC_EDE_NONE},
    [DNSSEC_R_NOT_BUILT] = {"not_built", "DNSSEC validation not built in (no libcrypto)",
			    DNSSEC_INDETERMINATE, DNSSEC_EDE_NONE},
    [DNSSEC_R_NO_ANCHOR] = {"no_anchor", "no trust anchor at or above the name",
			    DNSSEC_INDETERMINATE, DNSSEC_EDE_NONE},
    /* validator.c ds_response_to_ke: an error RCODE for DS is EDE 23 */
    [DNSSEC_R_FETCH_FAILED] = {"fetch_failed", "a DS or DNSKEY question got no answer",
			       DNSSEC_BOGUS, EDE_NETWORK_ERROR},
    [DNSSEC_R_LIMIT] = {"limit", "a work limit was reached before a verdict", DNSSEC_INDETERMINATE,
			DNSSEC_EDE_NONE},
    [DNSSEC_R_UNSIGNED_DELEGATION] = {"unsigned_delegation",
				      "the parent zone proves there is no DS: the zone is unsigned",
				      DNSSEC_INSECURE, DNSSEC_EDE_NONE},
    [DNSSEC_R_UNSUPPORTED_ALGORITHM] = {"unsupported_algorithm",
					"no DS or key of an algorithm that validators support: "
					"treated as unsigned",
					DNSSEC_INSECURE, DNSSEC_EDE_NONE},
    [DNSSEC_R_UNSUPPORTED_DIGEST] = {"unsupported_digest",
				     "no DS of a digest type that validators support: treated as "
				     "unsigned",
				     DNSSEC_INSECURE, DNSSEC_EDE_NONE},
    [DNSSEC_R_NSEC3_ITERATIONS] = {"nsec3_iterations",
				   "NSEC3 with more than 150 iterations: the proof counts as "
				   "insecure",
				   DNSSEC_INSECURE, DNSSEC_EDE_NONE},
    [DNSSEC_R_OPT_OUT] = {"opt_out",
			  "an opt-out NSEC3 covers the name: an unsigned delegation may be there",
			  DNSSEC_INSECURE, DNSSEC_EDE_NONE},
    [DNSSEC_R_NO_RRSIG] = {"no_rrsig", "the RRset has no signature, but its zone is signed",
			   DNSSEC_BOGUS, EDE_RRSIGS_MISSING},
    [DNSSEC_R_SIG_EXPIRED] = {"sig_expired", "the signature has expired", DNSSEC_BOGUS,
			      EDE_EXPIRED},
    [DNSSEC_R_SIG_NOT_YET_VALID] = {"sig_not_yet_valid", "the signature is not yet valid",
				    DNSSEC_BOGUS, EDE_NOT_YET_VALID},
    /* val_sigcrypt.c check_dates sends EDE 8 for this too */
    [DNSSEC_R_SIG_WINDOW] = {"sig_window", "the signature's inception is after its expiration",
			     DNSSEC_BOGUS, EDE_NOT_YET_VALID},
    [DNSSEC_R_BAD_SIGNATURE] = {"bad_signature", "the signature does not verify with the key",
				DNSSEC_BOGUS, EDE_BOGUS},
    /* "signatures from unknown keys" */
    [DNSSEC_R_NO_MATCHING_KEY] = {"no_matching_key",
				  "no DNSKEY of the zone has the signature's key tag and algorithm",
				  DNSSEC_BOGUS, EDE_DNSKEY_MISSING},
    [DNSSEC_R_WRONG_SIGNER] = {"wrong_signer", "the signature's signer is not the zone",
			       DNSSEC_BOGUS, EDE_BOGUS},
    [DNSSEC_R_LABELS] = {"labels", "the signature's Labels field does not fit the owner name",
			 DNSSEC_BOGUS, EDE_BOGUS},
    [DNSSEC_R_NOT_ZONE_KEY] = {"not_zone_key", "the signing DNSKEY lacks the Zone Key bit",
			       DNSSEC_BOGUS, EDE_NO_ZONE_KEY_BIT},
    [DNSSEC_R_KEY_PROTOCOL] = {"key_protocol", "the signing DNSKEY's Protocol is not 3",
			       DNSSEC_BOGUS, EDE_BOGUS},
    [DNSSEC_R_KEY_REVOKED] = {"key_revoked", "the signing DNSKEY is revoked (REVOKE bit)",
			      DNSSEC_BOGUS, EDE_DNSKEY_MISSING},
    [DNSSEC_R_BAD_KEY] = {"bad_key",
			  "the DNSKEY's public key is malformed or outside the size limits",
			  DNSSEC_BOGUS, EDE_BOGUS},
    [DNSSEC_R_TOO_MANY_VERIFICATIONS] = {"too_many_verifications",
					 "too many signature verifications for one RRset "
					 "(KeyTrap limit)",
					 DNSSEC_BOGUS, EDE_BOGUS},
    [DNSSEC_R_MALFORMED] = {"malformed", "a record cannot be put in canonical form", DNSSEC_BOGUS,
			    EDE_BOGUS},
    [DNSSEC_R_NO_DNSKEY] = {"no_dnskey", "the zone has a DS but no DNSKEY RRset came", DNSSEC_BOGUS,
			    EDE_DNSKEY_MISSING},
    [DNSSEC_R_DS_MISMATCH] = {"ds_mismatch", "no DNSKEY of the zone matches its DS", DNSSEC_BOGUS,
			      EDE_BOGUS},
    [DNSSEC_R_DNSKEY_UNSIGNED_BY_DS_KEY] = {"dnskey_not_signed_by_ds_key",
					    "the DNSKEY that matches the DS does not sign the "
					    "DNSKEY RRset",
					    DNSSEC_BOGUS, EDE_BOGUS},
    /* validator.c validate_nodata_response: EDE 6; only a DS answer
     * without signed NSECs is EDE 12 (the engine sets that) */
    [DNSSEC_R_NSEC_MISSING] = {"nsec_missing", "no NSEC or NSEC3 record proves the denial",
			       DNSSEC_BOGUS, EDE_BOGUS},
    [DNSSEC_R_TYPE_IN_BITMAP] = {"type_in_bitmap",
				 "the NSEC or NSEC3 record says the type exists at the name",
				 DNSSEC_BOGUS, EDE_BOGUS},
    [DNSSEC_R_NSEC_PROOF] = {"nsec_proof", "the NSEC records do not prove the denial", DNSSEC_BOGUS,
			     EDE_BOGUS},
    [DNSSEC_R_NSEC3_PROOF] = {"nsec3_proof", "the NSEC3 records do not prove the denial",
			      DNSSEC_BOGUS, EDE_BOGUS},
    [DNSSEC_R_NSEC3_PARAMS] = {"nsec3_params",
			       "the NSEC3 records of one proof have different parameters",
			       DNSSEC_BOGUS, EDE_BOGUS},
    [DNSSEC_R_PARENT_SIDE_NSEC] = {"parent_side_nsec",
				   "the denial comes from the parent side of a delegation (NS "
				   "without SOA)",
				   DNSSEC_BOGUS, EDE_BOGUS},
    [DNSSEC_R_WILDCARD_PROOF] = {"wildcard_proof",
				 "a wildcard answer without proof that the name itself is absent",
				 DNSSEC_BOGUS, EDE_BOGUS},
    [DNSSEC_R_DNAME_SYNTHESIS] = {"dname_synthesis",
				  "a CNAME that the DNAME in the answer does not give",
				  DNSSEC_BOGUS, EDE_BOGUS},
};

const char *dnssec_status_name(enum dnssec_status s)
{
	switch (s) {
	case DNSSEC_SECURE:
		return "secure";
	case DNSSEC_INSECURE:
		return "insecure";
	case DNSSEC_BOGUS:
		return "bogus";
	case DNSSEC_INDETERMINATE:
		return "indeterminate";
	}
	return "indeterminate";
}

static const struct reason_row *row(enum dnssec_reason r)
{
	if ((unsigned)r >= DNSSEC_R__COUNT || !rows[r].name)
		r = DNSSEC_R_MALFORMED;
	return &rows[r];
}

const char *dnssec_reason_text(enum dnssec_reason r)
{
	return row(r)->text;
}

const char *dnssec_reason_name(enum dnssec_reason r)
{
	return row(r)->name;
}

uint16_t dnssec_reason_ede(enum dnssec_reason r)
{
	return row(r)->ede;
}

enum dnssec_status dnssec_reason_status(enum dnssec_reason r)
{
	return row(r)->status;
}

const char *dnssec_limit_text(enum dnssec_limit l)
{
	switch (l) {
	case DNSSEC_LIMIT_NONE:
		return "none";
	case DNSSEC_LIMIT_VERIFY:
		return "signature verifications in one validation (128)";
	case DNSSEC_LIMIT_NSEC3_HASHES:
		return "NSEC3 hash computations in one validation (128)";
	case DNSSEC_LIMIT_RRSET_RRS:
		return "records in one RRset (512)";
	case DNSSEC_LIMIT_DEPTH:
		return "labels between the trust anchor and the zone (32)";
	case DNSSEC_LIMIT_PARTS:
		return "CNAME and DNAME links in one answer (16 parts)";
	}
	return "none";
}

#else /* !ACMEPROBE_DNSSEC (make tiny): the one reason it can give */

const char *dnssec_status_name(enum dnssec_status s)
{
	return s == DNSSEC_SECURE ? "secure" : "indeterminate";
}

const char *dnssec_reason_text(enum dnssec_reason r)
{
	return r == DNSSEC_R_NOT_BUILT ? "DNSSEC validation not built in (no libcrypto)"
				       : "no verdict";
}

const char *dnssec_reason_name(enum dnssec_reason r)
{
	return r == DNSSEC_R_NOT_BUILT ? "not_built" : "none";
}

uint16_t dnssec_reason_ede(enum dnssec_reason r)
{
	(void)r;
	return DNSSEC_EDE_NONE;
}

enum dnssec_status dnssec_reason_status(enum dnssec_reason r)
{
	return r == DNSSEC_R_NONE ? DNSSEC_SECURE : DNSSEC_INDETERMINATE;
}

const char *dnssec_limit_text(enum dnssec_limit l)
{
	(void)l;
	return "none";
}

#endif

void dnssec_why_set(struct dnssec_why *why, enum dnssec_reason code, const uint8_t *zone,
		    const uint8_t *owner, uint16_t type)
{
	memset(why, 0, sizeof *why);
	why->code = code;
	why->ede = dnssec_reason_ede(code);
	if (zone) {
		why->has_zone = true;
		memcpy(why->zone, zone, dns_name_len(zone));
	}
	if (owner) {
		why->has_owner = true;
		memcpy(why->owner, owner, dns_name_len(owner));
	}
	why->type = type;
}

/* RFC 1982 s3.2 for SERIAL_BITS 32: a < b when they differ and the
 * distance from a up to b is less than 2^31 (the one undefined case,
 * exactly 2^31 apart, counts as "after", as in Unbound). */
int dnssec_serial_compare(uint32_t a, uint32_t b)
{
	if (a == b)
		return 0;
	uint32_t up = b - a;
	return up < 0x80000000u ? -1 : 1;
}
