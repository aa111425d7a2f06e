/* The validator's cryptography over libcrypto's EVP: this file's .c is
 * the only one of src/dnssec/ that includes OpenSSL. Signature
 * verification for the algorithms Unbound validates (R-DNSSEC-5: 5, 7,
 * 8, 10 RSA, RFC 3110 keys; 13, 14 ECDSA, RFC 6605; 15, 16 EdDSA, RFC
 * 8080), the DS digests (1, 2, 4) and the NSEC3 hash (RFC 5155 s5).
 *
 * Built with ACMEPROBE_DNSSEC=0 (make tiny, make TLS=0, make DNSSEC=0) it
 * includes no OpenSSL and supports nothing: dnssec_crypto_built() says
 * so, and the engine answers "not built in". */
#ifndef ACMEPROBE_DNSSEC_CRYPTO_H
#define ACMEPROBE_DNSSEC_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool dnssec_crypto_built(void);
/* The libcrypto version string, or NULL without one. */
const char *dnssec_crypto_library(void);

/* R-DNSSEC-5: the DNSKEY algorithms and DS digest types validated. */
bool dnssec_algorithm_supported(uint8_t algorithm);
bool dnssec_digest_supported(uint8_t digest_type);
/* Octets of a DS digest of the type (20, 32, 48), 0 if unsupported. */
size_t dnssec_digest_len(uint8_t digest_type);

/* The digest of a | b (DS, RFC 4034 s5.1.4); out has room for 64
 * octets. False for an unsupported type or a libcrypto failure. */
bool dnssec_digest(uint8_t digest_type, const uint8_t *a, size_t na, const uint8_t *b, size_t nb,
		   uint8_t *out, size_t *out_len);

/* RFC 5155 s5: IH(salt, x, 0) = H(x | salt), IH(salt, x, k) =
 * H(IH(salt, x, k-1) | salt), SHA-1 (hash algorithm 1). name is the
 * lower-cased wire name. False if libcrypto fails. */
bool dnssec_nsec3_hash(const uint8_t *name, size_t name_len, const uint8_t *salt, size_t salt_len,
		       unsigned iterations, uint8_t out[20]);

enum dnssec_crypto_result {
	DNSSEC_CRYPTO_OK,
	DNSSEC_CRYPTO_BAD_SIGNATURE, /* well-formed, does not verify */
	DNSSEC_CRYPTO_BAD_KEY,	     /* the key's bits are no key, or out of limits */
	DNSSEC_CRYPTO_UNSUPPORTED,   /* algorithm not validated here */
	DNSSEC_CRYPTO_ERROR,	     /* libcrypto failed (memory) */
};

/* The signed data of one RRSIG (RFC 4034 s3.1.8.1), written piece by
 * piece, then checked against one or more keys. For RSA and ECDSA the
 * pieces go into the digest as they come; EdDSA signs the whole data, so
 * it is kept. */
#define DNSSEC_VERIFIER_STAGE 512
struct dnssec_verifier {
	uint8_t algorithm;
	bool failed;
	void *md;      /* EVP_MD_CTX, RSA and ECDSA */
	uint8_t *data; /* EdDSA: the whole signed data */
	size_t data_len, data_cap;
	uint8_t digest[64];
	size_t digest_len;
	size_t staged;
	uint8_t stage[DNSSEC_VERIFIER_STAGE];
};

/* Starts the signed data of an RRSIG of the algorithm; false if it is not
 * supported (or memory fails). */
bool dnssec_verifier_begin(struct dnssec_verifier *v, uint8_t algorithm);
/* Appends octets (a struct dnssec_sink's write: ctx is the verifier). */
void dnssec_verifier_write(void *ctx, const uint8_t *p, size_t n);
/* Ends the data (the digest is computed once here). */
bool dnssec_verifier_finish(struct dnssec_verifier *v);
/* Checks sig against the DNSKEY public key field (RFC 3110, RFC 6605
 * s4, RFC 8080 s3). May be called for several keys after finish. */
enum dnssec_crypto_result dnssec_verifier_check(struct dnssec_verifier *v, const uint8_t *key,
						size_t key_len, const uint8_t *sig, size_t sig_len);
void dnssec_verifier_end(struct dnssec_verifier *v);

#endif
