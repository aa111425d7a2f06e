/* base64url (RFC 4648 s5) and base32 (RFC 4648 s6). */
#include "acme/encode.h"

size_t acme_base64url(const uint8_t *p, size_t n, char *out)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t o = 0, i = 0;
	for (; i + 3 <= n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = alphabet[(v >> 6) & 63];
		out[o++] = alphabet[v & 63];
	}
	/* the last one or two octets: 2 or 3 characters, no "=" (s5, s3.2) */
	if (n - i == 1) {
		uint32_t v = (uint32_t)p[i] << 16;
		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
	} else if (n - i == 2) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = alphabet[(v >> 6) & 63];
	}
	out[o] = '\0';
	return o;
}

size_t acme_base32_lower(const uint8_t *p, size_t n, char *out)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
	size_t o = 0;
	for (size_t i = 0; i < n; i += 5) {
		/* one group of up to 5 octets = 40 bits = 8 characters */
		uint64_t v = 0;
		size_t k = n - i < 5 ? n - i : 5;
		for (size_t j = 0; j < 5; j++)
			v = v << 8 | (j < k ? p[i + j] : 0);
		/* characters carrying data: ceil(8k/5); the rest is "=" */
		size_t used = (k * 8 + 4) / 5;
		for (size_t j = 0; j < 8; j++)
			out[o++] = j < used ? alphabet[(v >> (35 - 5 * j)) & 31] : '=';
	}
	out[o] = '\0';
	return o;
}
