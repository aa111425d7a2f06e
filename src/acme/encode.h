/* The two encodings of RFC 4648 the ACME challenges use, written here:
 * base64url without padding (s5; RFC 8555 s8.1: the DNS-01 value, the
 * key authorization's thumbprint) and base32 (s6), lower-cased for the
 * dns-account-01 label. Pure. */
#ifndef ACMEPROBE_ACME_ENCODE_H
#define ACMEPROBE_ACME_ENCODE_H

#include <stddef.h>
#include <stdint.h>

/* Characters base64url without padding needs for n octets (not counting
 * the NUL): ceil(4n/3). */
#define ACME_B64URL_LEN(n) (((n)*4 + 2) / 3)
/* Characters base32 with padding needs for n octets: 8 per 5, rounded up. */
#define ACME_B32_LEN(n) ((((n) + 4) / 5) * 8)

/* Writes the unpadded base64url of p[0..n) and a NUL into out, which
 * holds ACME_B64URL_LEN(n) + 1 characters. Returns the length. */
size_t acme_base64url(const uint8_t *p, size_t n, char *out);

/* Writes the padded base32 of p[0..n) (RFC 4648 s6 alphabet, letters in
 * lower case, "=" padding) and a NUL into out, which holds
 * ACME_B32_LEN(n) + 1 characters. Returns the length. */
size_t acme_base32_lower(const uint8_t *p, size_t n, char *out);

#endif
