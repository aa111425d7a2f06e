/* TLS for an https hop, as Boulder's validator does it (R-HTTP-5): TLS 1.2
 * or later, SNI for a host name (none for an IP literal, as Go does), and
 * no certificate verification at all: HTTP-01 proves control of the
 * content, not of a certificate (va/http.go sets InsecureSkipVerify). One
 * of the few files that include OpenSSL (with tls_alpn.c,
 * src/acme/digest.c, src/dnssec/crypto.c). Built with ACMEPROBE_TLS=0
 * (make TLS=0, make tiny), tls.c has no OpenSSL: tls_start fails every
 * handshake with TLS_ERROR and says the binary was built without TLS. */
#ifndef ACMEPROBE_HTTP_TLS_H
#define ACMEPROBE_HTTP_TLS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct tls_session;

/* The TLS library this binary uses ("OpenSSL 3.0.19 27 Jan 2026"), or
 * NULL when it was built without TLS (ACMEPROBE_TLS=0). */
const char *tls_library(void);

enum tls_status {
	TLS_OK,
	TLS_TIMEOUT, /* the deadline passed */
	TLS_RESET,   /* the peer reset the connection */
	TLS_CLOSED,  /* the peer closed the TCP connection mid-handshake */
	TLS_ERROR,   /* a TLS failure: alert, version... */
	TLS_NOT_TLS, /* the server's answer is not a TLS record (plain HTTP on
			the TLS port, most often) */
};

/* Runs the handshake on a connected non-blocking socket before the
 * deadline (monotonic ms). `sni` is NULL for an IP literal. On failure
 * returns NULL with a sentence in err. The socket stays the caller's. */
struct tls_session *tls_start(int fd, const char *sni, uint64_t deadline,
			      enum tls_status *status, char *err, size_t err_len);

/* "TLSv1.3" or the like, for the report. */
const char *tls_version(const struct tls_session *s);

/* Writes all of buf before the deadline. */
enum tls_status tls_write_all(struct tls_session *s, const void *buf, size_t n,
			      uint64_t deadline, char *err, size_t err_len);

/* Reads some octets before the deadline: >0 octets, 0 at the end of the
 * stream (close_notify, or a TCP close, which many servers do without
 * close_notify), -1 on failure with *status set. */
ssize_t tls_read(struct tls_session *s, void *buf, size_t n, uint64_t deadline,
		 enum tls_status *status, char *err, size_t err_len);

void tls_free(struct tls_session *s);

#endif
