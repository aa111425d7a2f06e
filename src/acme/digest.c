/* SHA-256 through libcrypto's EVP interface (or nothing, without it). */
#include "acme/digest.h"

#ifndef ACMEPROBE_TLS
#define ACMEPROBE_TLS 1
#endif

#if ACMEPROBE_TLS
#include <openssl/evp.h>

bool acme_sha256_available(void)
{
	return true;
}

bool acme_sha256(const void *p, size_t n, uint8_t out[ACME_SHA256_LEN])
{
	unsigned int len = 0;
	/* EVP_Digest: one call, its own context, nothing kept */
	return EVP_Digest(p, n, out, &len, EVP_sha256(), NULL) == 1 && len == ACME_SHA256_LEN;
}

#else /* !ACMEPROBE_TLS: built without libcrypto (make TLS=0, make tiny) */

bool acme_sha256_available(void)
{
	return false;
}

bool acme_sha256(const void *p, size_t n, uint8_t out[ACME_SHA256_LEN])
{
	(void)p;
	(void)n;
	(void)out;
	return false;
}

#endif
