/* What the two TLS files share: tls.c (https hops of
 * HTTP-01) and tls_alpn.c (the tls-alpn-01 handshake) set the library
 * up, wait on a non-blocking handshake and read OpenSSL's errors the same
 * way. Only those two files include this header; it names no OpenSSL
 * type, so it compiles in a build without TLS too. */
#ifndef ACMEPROBE_HTTP_TLS_SHARED_H
#define ACMEPROBE_HTTP_TLS_SHARED_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/tls.h"

/* Once per use, before the first SSL_CTX_new (make static: without the
 * host's openssl.cnf). */
void tls_init_library(void);

/* Waits for what OpenSSL asked for (ssl_error: SSL_ERROR_WANT_READ or
 * _WRITE); false at the deadline (monotonic ms). */
bool tls_wait_for(int fd, int ssl_error, uint64_t deadline);

/* Classifies a failed SSL_* call that is not a WANT_* (ret and
 * ssl_error from SSL_get_error, saved_errno the errno right after the
 * call), with a sentence in err that starts with `what`. */
enum tls_status tls_failure(int ret, int ssl_error, int saved_errno, char *err, size_t err_len,
			    const char *what);

/* OpenSSL writes to the socket with write(2): a peer that has closed
 * the connection raises SIGPIPE, which would kill the process. Between
 * block and restore, SIGPIPE is blocked in the calling thread (the write
 * fails with EPIPE instead), and one raised meanwhile is discarded. */
struct tls_sigpipe {
	sigset_t old;
	bool pending_before;
};
void tls_sigpipe_block(struct tls_sigpipe *s);
void tls_sigpipe_restore(struct tls_sigpipe *s);

#endif
