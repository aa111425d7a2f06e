/* What every part of the DNSSEC validator shares: the four states of
 * RFC 4035 s4.3 (R-DNSSEC-4), the reasons a verdict can have, each with a
 * sentence and the RFC 8914 extended DNS error Unbound would send for it,
 * and the work limits that bound what hostile data can make it do.
 *
 * The validator is pure: it reads parsed messages (dns/msg.h) and a time
 * given by the caller, never a socket or a clock. docs/dnssec.md explains
 * the engine, the states and the limits. */
#ifndef ACMEPROBE_DNSSEC_DNSSEC_H
#define ACMEPROBE_DNSSEC_DNSSEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/wire.h"

/* Built with libcrypto? make tiny and make TLS=0 (or DNSSEC=0) set it to
 * 0: the engine then answers "not built in" at once. */
#ifndef ACMEPROBE_DNSSEC
#define ACMEPROBE_DNSSEC 1
#endif

/* R-DNSSEC-4 (RFC 4035 s4.3): secure (a chain of verified signatures from
 * a trust anchor), insecure (proven unsigned: no usable DS on the path),
 * bogus (a chain should exist and fails), indeterminate (no anchor, or
 * acmeprobe could not decide). Ordered from best to worst. */
enum dnssec_status {
	DNSSEC_SECURE,
	DNSSEC_INSECURE,
	DNSSEC_INDETERMINATE,
	DNSSEC_BOGUS,
};

/* Why a verdict is what it is. docs/dnssec.md lists them with examples. */
enum dnssec_reason {
	DNSSEC_R_NONE = 0, /* secure: every signature verified */
	/* not decided */
	DNSSEC_R_NOT_BUILT,    /* built without libcrypto */
	DNSSEC_R_NO_ANCHOR,    /* no trust anchor at or above the name */
	DNSSEC_R_FETCH_FAILED, /* a DS or DNSKEY question got no answer */
	DNSSEC_R_LIMIT,	       /* one of acmeprobe's work limits below */
	/* insecure by proof */
	DNSSEC_R_UNSIGNED_DELEGATION,	/* the parent proves there is no DS */
	DNSSEC_R_UNSUPPORTED_ALGORITHM, /* no DS or key of an algorithm validated */
	DNSSEC_R_UNSUPPORTED_DIGEST,	/* no DS of a digest type validated */
	DNSSEC_R_NSEC3_ITERATIONS,	/* NSEC3 above 150 iterations (R-DNSSEC-11) */
	DNSSEC_R_OPT_OUT,		/* an opt-out NSEC3 covers the name */
	/* bogus: signatures */
	DNSSEC_R_NO_RRSIG, /* an RRset of a signed zone without RRSIG */
	DNSSEC_R_SIG_EXPIRED,
	DNSSEC_R_SIG_NOT_YET_VALID,
	DNSSEC_R_SIG_WINDOW,		 /* inception after expiration */
	DNSSEC_R_BAD_SIGNATURE,		 /* the signature does not verify */
	DNSSEC_R_NO_MATCHING_KEY,	 /* no DNSKEY has the RRSIG's tag and algorithm */
	DNSSEC_R_WRONG_SIGNER,		 /* the Signer's Name is not the zone */
	DNSSEC_R_LABELS,		 /* the Labels field is out of range */
	DNSSEC_R_NOT_ZONE_KEY,		 /* the key lacks the Zone Key bit */
	DNSSEC_R_KEY_PROTOCOL,		 /* the key's Protocol is not 3 */
	DNSSEC_R_KEY_REVOKED,		 /* the key has the REVOKE bit (RFC 5011) */
	DNSSEC_R_BAD_KEY,		 /* the key's bits cannot be a public key */
	DNSSEC_R_TOO_MANY_VERIFICATIONS, /* > DNSSEC_MAX_VERIFY_PER_RRSET */
	DNSSEC_R_MALFORMED,		 /* a record that cannot be put in canonical form */
	/* bogus: the chain */
	DNSSEC_R_NO_DNSKEY,		    /* no DNSKEY RRset where a DS says keys are */
	DNSSEC_R_DS_MISMATCH,		    /* no DNSKEY matches a usable DS */
	DNSSEC_R_DNSKEY_UNSIGNED_BY_DS_KEY, /* a key matches the DS but did not sign the DNSKEY
					       RRset */
	/* bogus: denial of existence */
	DNSSEC_R_NSEC_MISSING,	   /* no NSEC or NSEC3 proves the denial */
	DNSSEC_R_TYPE_IN_BITMAP,   /* the NSEC(3) at the name lists the type */
	DNSSEC_R_NSEC_PROOF,	   /* NSEC records present but proving nothing */
	DNSSEC_R_NSEC3_PROOF,	   /* NSEC3 records present but proving nothing */
	DNSSEC_R_NSEC3_PARAMS,	   /* NSEC3 records with different parameters */
	DNSSEC_R_PARENT_SIDE_NSEC, /* NS without SOA: the parent's record, not the child's */
	DNSSEC_R_WILDCARD_PROOF,   /* a wildcard answer without proof the name is absent */
	DNSSEC_R_DNAME_SYNTHESIS,  /* a CNAME that the DNAME does not give */
	DNSSEC_R__COUNT
};

/* The limits on work (docs/dnssec.md, "Limits"); each has a unit test
 * that hits it. */
/* KeyTrap (CVE-2023-50387): signature verifications for one RRset, keys
 * tried for every signature included; Unbound's MAX_VALIDATE_RRSIGS
 * (validator/val_sigcrypt.c). As there, the try that passes it is still
 * made, and only its failure makes the RRset bogus: 9 tries at most. */
#define DNSSEC_MAX_VERIFY_PER_RRSET 8
/* Verifications in one run of the engine (the whole chain): Unbound does
 * 8 at once, 16 times (MAX_VALIDATE_AT_ONCE x MAX_VALIDATION_SUSPENDS);
 * BIND allows 16 per fetch. Past it: indeterminate, DNSSEC_R_LIMIT. */
#define DNSSEC_MAX_VERIFY 128
/* CVE-2023-50868: NSEC3 hash computations in one run (Unbound: 8 at
 * once, MAX_NSEC3_CALCULATIONS, with the same 16 suspends). */
#define DNSSEC_MAX_NSEC3_HASHES 128
/* R-DNSSEC-11 (RFC 9276 s3.2, Unbound's val-nsec3-keysize-iterations):
 * above this, an NSEC3 proof is insecure, checked before any hashing. */
#define DNSSEC_MAX_NSEC3_ITERATIONS 150
/* Records in one RRset put in canonical order (a message holds at most
 * about 5,900 records of 11 octets). Past it: indeterminate, LIMIT. */
#define DNSSEC_MAX_RRSET_RRS 512
/* Labels walked down from the trust anchor to the zone of the data, one
 * DS question each: the chain depth. Past it: indeterminate, LIMIT. */
#define DNSSEC_MAX_DEPTH 32
/* RSA keys (RFC 3110 s2, RFC 5702 s3): modulus 512 to 4096 bits; the
 * public exponent at most 5 octets (BIND rejects larger ones: a huge
 * exponent makes each verification slow). */
#define DNSSEC_RSA_MIN_BITS	       512
#define DNSSEC_RSA_MAX_BITS	       4096
#define DNSSEC_RSA_MAX_EXPONENT_OCTETS 5

/* Which limit DNSSEC_R_LIMIT means. */
enum dnssec_limit {
	DNSSEC_LIMIT_NONE,
	DNSSEC_LIMIT_VERIFY,	   /* DNSSEC_MAX_VERIFY */
	DNSSEC_LIMIT_NSEC3_HASHES, /* DNSSEC_MAX_NSEC3_HASHES */
	DNSSEC_LIMIT_RRSET_RRS,	   /* DNSSEC_MAX_RRSET_RRS */
	DNSSEC_LIMIT_DEPTH,	   /* DNSSEC_MAX_DEPTH */
	DNSSEC_LIMIT_PARTS,	   /* DNSSEC_MAX_PARTS (chain.h): CNAME links */
};

/* Work done in one run, counted against the limits. */
struct dnssec_budget {
	unsigned verifications; /* signature verifications (crypto calls) */
	unsigned verified_ok;	/* of which verified */
	unsigned hashes;	/* NSEC3 hash computations */
	enum dnssec_limit hit;	/* the first limit reached, or NONE */
};

/* A reason with everything needed to print it: which zone, which RRset,
 * which key and signature, and who served the data. Fields that do not
 * apply are zero (has_* false). */
struct dnssec_why {
	enum dnssec_reason code;
	uint16_t ede;		 /* RFC 8914 code Unbound would send; 0xFFFF: none */
	enum dnssec_limit limit; /* with DNSSEC_R_LIMIT */
	bool has_zone, has_owner;
	uint8_t zone[DNS_MAX_NAME];  /* the zone where it happened */
	uint8_t owner[DNS_MAX_NAME]; /* the RRset's owner */
	uint16_t type;		     /* the RRset's type */
	bool has_key;
	uint16_t key_tag;
	uint8_t algorithm;
	bool has_dates;
	uint32_t inception, expiration;
	uint16_t iterations; /* with DNSSEC_R_NSEC3_ITERATIONS */
	bool has_source;
	unsigned source; /* the caller's id of the message that failed */
};

#define DNSSEC_EDE_NONE 0xFFFFu

const char *dnssec_status_name(enum dnssec_status s); /* "secure"... */
/* A sentence for the reason ("the signature has expired"). */
const char *dnssec_reason_text(enum dnssec_reason r);
/* Its stable name for JSON ("sig_expired"). */
const char *dnssec_reason_name(enum dnssec_reason r);
/* The RFC 8914 code Unbound sends for it in the common case, or
 * DNSSEC_EDE_NONE (the engine may set another one where Unbound does). */
uint16_t dnssec_reason_ede(enum dnssec_reason r);
/* The status a reason gives. */
enum dnssec_status dnssec_reason_status(enum dnssec_reason r);
const char *dnssec_limit_text(enum dnssec_limit l);

/* Sets why to (code, its usual EDE), with the zone and RRset when given
 * (NULL: left empty); clears the rest. */
void dnssec_why_set(struct dnssec_why *why, enum dnssec_reason code, const uint8_t *zone,
		    const uint8_t *owner, uint16_t type);

/* RFC 1982 serial arithmetic on 32-bit times (RFC 4034 s3.1.5): <0, 0,
 * >0 as a is before, equal to, after b. */
int dnssec_serial_compare(uint32_t a, uint32_t b);

#endif
