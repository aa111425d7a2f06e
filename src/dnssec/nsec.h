/* Denial of existence with NSEC (RFC 4035 s3.1.3, s5.4; RFC 6840 s4.1;
 * R-DNSSEC-9, R-DNSSEC-10): the proofs, over NSEC records whose
 * signatures the caller has already verified. */
#ifndef ACMEPROBE_DNSSEC_NSEC_H
#define ACMEPROBE_DNSSEC_NSEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/wire.h"
#include "dnssec/dnssec.h"

/* What to prove about (qname, qtype). */
enum dnssec_proof {
	DNSSEC_PROVE_NODATA,   /* the name exists, the type does not */
	DNSSEC_PROVE_NXDOMAIN, /* the name does not exist, nor a wildcard for it */
	DNSSEC_PROVE_WILDCARD, /* an answer expanded from *.ce: qname does not exist */
};

/* A proof's outcome. For a DS question (qtype DS, NODATA) it also says
 * what the parent zone proves about the name: a delegation without DS
 * (the child is unsigned), or no delegation at all (no zone cut). */
struct dnssec_denial {
	enum dnssec_status status; /* SECURE: proven; INSECURE: opt-out or
				      iterations; BOGUS; INDETERMINATE: limit */
	enum dnssec_reason reason;
	bool delegation;     /* DS question: NS, no DS, no SOA */
	bool no_cut;	     /* DS question: no NS there, or no name */
	uint16_t iterations; /* NSEC3: with DNSSEC_R_NSEC3_ITERATIONS */
};

/* A verified NSEC record: owner and next uncompressed, the bitmap in the
 * packet. */
struct dnssec_nsec {
	uint8_t owner[DNS_MAX_NAME];
	uint8_t next[DNS_MAX_NAME];
	const uint8_t *bitmap;
	size_t bitmap_len;
};

/* Whether a checked type bitmap (RFC 4034 s4.1.2) has the type. */
bool dnssec_bitmap_has(const uint8_t *bitmap, size_t len, uint16_t type);
/* Whether the NSEC covers name: owner < name < next in canonical order;
 * for the last NSEC of the zone (next <= owner: next is the apex) every
 * name after the owner and under the apex. */
bool dnssec_nsec_covers(const struct dnssec_nsec *n, const uint8_t *name);
/* The closest encloser an NSEC covering qname shows (RFC 4035 s5.4):
 * the longer of qname's common ancestors with the owner and with the
 * next name. Written to ce (DNS_MAX_NAME). */
void dnssec_nsec_closest_encloser(const struct dnssec_nsec *n, const uint8_t *qname, uint8_t *ce);

/* Proves `what` for (qname, qtype) with recs[0..n). For
 * DNSSEC_PROVE_WILDCARD, wildcard_ce is the wildcard's parent (the
 * RRSIG's Labels said which). */
void dnssec_nsec_prove(const struct dnssec_nsec *recs, size_t n, const uint8_t *qname,
		       uint16_t qtype, enum dnssec_proof what, const uint8_t *wildcard_ce,
		       struct dnssec_denial *out);

/* The longest common ancestor of two names (their shared rightmost
 * labels, case-insensitively), written to out. */
void dnssec_name_common(const uint8_t *a, const uint8_t *b, uint8_t *out);

#endif
