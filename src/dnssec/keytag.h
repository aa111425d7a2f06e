/* Key tags (RFC 4034 App. B) and DS digests (RFC 4034 s5.1.4, RFC 4509,
 * RFC 6605 s3): how a DS or an RRSIG names the DNSKEY it means. */
#ifndef ACMEPROBE_DNSSEC_KEYTAG_H
#define ACMEPROBE_DNSSEC_KEYTAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The key tag of a DNSKEY RDATA (flags, protocol, algorithm, key). For
 * algorithm 1 (RSA/MD5) it is the 16 bits above the last octet of the
 * modulus (App. B.1); for every other algorithm the ones'-complement-like
 * sum of App. B. rdata_len >= 4. */
uint16_t dnssec_key_tag(const uint8_t *rdata, size_t rdata_len);

enum dnssec_ds_match {
	DNSSEC_DS_MATCH,       /* the digest is the key's */
	DNSSEC_DS_NO_MATCH,    /* another key's (or a wrong digest) */
	DNSSEC_DS_UNSUPPORTED, /* a digest type not validated (R-DNSSEC-5) */
	DNSSEC_DS_ERROR,       /* libcrypto failed */
};

/* Whether a DS digest is the digest of (owner | DNSKEY RDATA), owner the
 * lower-cased uncompressed wire name of the DNSKEY (RFC 4034 s5.1.4). */
enum dnssec_ds_match dnssec_ds_matches(uint8_t digest_type, const uint8_t *digest,
				       size_t digest_len, const uint8_t *owner,
				       const uint8_t *dnskey_rdata, size_t dnskey_len);

#endif
