/* The TLS handshake of the tls-alpn-01 challenge, as Boulder's validator
 * makes it (va/tlsalpn.go getChallengeCert; R-ALPN-1 of docs/rules.md):
 * TLS 1.2 or later, ALPN offering "acme-tls/1" and nothing else, SNI the
 * identifier (a name, or an IP address's reverse name, RFC 8738 s6), no
 * certificate verification. It returns what the checks need: the version,
 * the protocol the server chose, every certificate it sent as DER, the
 * alert it sent if it refused. With tls.c, the only file that includes
 * OpenSSL; built with ACMEPROBE_TLS=0 (make TLS=0, make tiny) it has no
 * OpenSSL and every call fails, saying the binary was built without TLS.
 *
 * Also here because it needs OpenSSL: the signature check of a
 * certificate with its own key, and SHA-256. */
#ifndef ACMEPROBE_HTTP_TLS_ALPN_H
#define ACMEPROBE_HTTP_TLS_ALPN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/tls.h"

/* Certificates kept from the server's chain (the first is the one
 * checked; every one must parse, R-ALPN-2). */
#define TLS_ALPN_MAX_CHAIN 10

struct tls_alpn_result {
	enum tls_status status;
	int alert;	  /* the alert description the server sent, or -1 */
	char version[16]; /* "TLSv1.3" */
	bool has_alpn;	  /* the server chose a protocol */
	char alpn[256];	  /* which, NUL-terminated (octets as sent) */
	size_t alpn_len;
	size_t chain_count; /* certificates sent (beyond the maximum: not kept) */
	size_t kept;
	uint8_t *der[TLS_ALPN_MAX_CHAIN];
	size_t der_len[TLS_ALPN_MAX_CHAIN];
	char detail[320]; /* the failure, in OpenSSL's words */
};

/* Whether this binary has TLS at all. */
bool tls_alpn_available(void);

/* The handshake on a connected non-blocking socket, before the deadline
 * (monotonic ms). The socket stays the caller's. Free the result with
 * tls_alpn_result_free, whatever the status. */
void tls_alpn_handshake(int fd, const char *sni, uint64_t deadline, struct tls_alpn_result *out);
void tls_alpn_result_free(struct tls_alpn_result *r);

/* R-ALPN-3: whether the certificate's signature verifies with its own
 * public key (Go's cert.CheckSignature on its own TBS). False for a
 * certificate OpenSSL cannot read. */
bool tls_alpn_signature_ok(const uint8_t *der, size_t len);

#endif
