/* SHA-256 (FIPS 180-4), the one hash the ACME challenges use: the DNS-01
 * value is SHA-256 of the key authorization (RFC 8555 s8.4), the
 * dns-account-01 label SHA-256 of the account URL. Computed by OpenSSL's
 * libcrypto (EVP); with src/http/tls.c, tls_alpn.c and src/dnssec/crypto.c
 * one of the few files that include OpenSSL. Built with ACMEPROBE_TLS=0
 * (make TLS=0, make tiny),
 * there is no libcrypto: acme_sha256 then fails, and says so. */
#ifndef ACMEPROBE_ACME_DIGEST_H
#define ACMEPROBE_ACME_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ACME_SHA256_LEN 32

/* Whether this build can hash (false without libcrypto). */
bool acme_sha256_available(void);

/* SHA-256 of n octets at p into out. Returns false when the build has no
 * libcrypto or libcrypto fails. */
bool acme_sha256(const void *p, size_t n, uint8_t out[ACME_SHA256_LEN]);

#endif
