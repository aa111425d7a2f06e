/* Denial of existence with NSEC3 (RFC 5155 s8; R-DNSSEC-9, -10, -11),
 * over NSEC3 records whose signatures the caller has verified. The hash
 * computations are counted against DNSSEC_MAX_NSEC3_HASHES
 * (CVE-2023-50868) and the iterations checked before any is done. */
#ifndef ACMEPROBE_DNSSEC_NSEC3_H
#define ACMEPROBE_DNSSEC_NSEC3_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/wire.h"
#include "dnssec/dnssec.h"
#include "dnssec/nsec.h"

#define DNSSEC_NSEC3_HASH_LEN 20 /* SHA-1, hash algorithm 1 */
#define DNSSEC_NSEC3_OPT_OUT  0x01u

/* A verified NSEC3 record of a zone. */
struct dnssec_nsec3 {
	uint8_t owner_hash[DNSSEC_NSEC3_HASH_LEN]; /* the first label, base32hex-decoded */
	uint8_t hash_algorithm, flags;
	uint16_t iterations;
	const uint8_t *salt;
	size_t salt_len;
	const uint8_t *next_hash;
	size_t next_hash_len;
	const uint8_t *bitmap;
	size_t bitmap_len;
};

/* RFC 4648 s7 base32hex (no padding, either case) of exactly 20 octets
 * from a 32-character label. False if it is not one. */
bool dnssec_base32hex_decode20(const uint8_t *label, size_t len, uint8_t out[20]);

/* RFC 5155 s8.1, s8.2: records with an unknown hash algorithm or flags
 * other than opt-out are ignored. */
bool dnssec_nsec3_usable(const struct dnssec_nsec3 *r);

/* Proves `what` for (qname, qtype) in zone with recs[0..n), counting
 * hashes in budget. For DNSSEC_PROVE_WILDCARD, wildcard_ce is the
 * wildcard's parent (from the RRSIG's Labels). */
void dnssec_nsec3_prove(const struct dnssec_nsec3 *recs, size_t n, const uint8_t *zone,
			const uint8_t *qname, uint16_t qtype, enum dnssec_proof what,
			const uint8_t *wildcard_ce, struct dnssec_budget *budget,
			struct dnssec_denial *out);

#endif
