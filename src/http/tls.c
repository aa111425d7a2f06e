#include "http/tls.h"

#ifndef ACMEPROBE_TLS
#define ACMEPROBE_TLS 1
#endif

#if ACMEPROBE_TLS

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "http/tls_shared.h"
#include "net/clock.h"
#include "net/wait.h"

struct tls_session {
	SSL_CTX *ctx;
	SSL *ssl;
	int fd;
};

const char *tls_library(void)
{
	return OpenSSL_version(OPENSSL_VERSION);
}

void tls_init_library(void)
{
#ifdef ACMEPROBE_STATIC
	/* make static: the host's openssl.cnf is not read, so nothing in it
	 * can make this binary load a module (dlopen) at run time */
	OPENSSL_init_ssl(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
#endif
}

/* The first queued OpenSSL error as text, or `fallback`. Drains the
 * queue, which is per thread, so a later call starts clean. */
static void openssl_error(char *err, size_t err_len, const char *what, const char *fallback)
{
	unsigned long e = ERR_get_error();
	char buf[256];
	if (e) {
		ERR_error_string_n(e, buf, sizeof buf);
		snprintf(err, err_len, "%s: %s", what, buf);
	} else {
		snprintf(err, err_len, "%s: %s", what, fallback);
	}
	ERR_clear_error();
}

void tls_sigpipe_block(struct tls_sigpipe *s)
{
	sigset_t pipe, pending;
	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	sigemptyset(&pending);
	sigpending(&pending);
	s->pending_before = sigismember(&pending, SIGPIPE) == 1;
	pthread_sigmask(SIG_BLOCK, &pipe, &s->old);
}

void tls_sigpipe_restore(struct tls_sigpipe *s)
{
	sigset_t pipe, pending;
	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	sigemptyset(&pending);
	sigpending(&pending);
	if (!s->pending_before && sigismember(&pending, SIGPIPE) == 1) {
		/* ours: take it off the pending set before it is unblocked */
		struct timespec zero = {0, 0};
		sigtimedwait(&pipe, NULL, &zero);
	}
	pthread_sigmask(SIG_SETMASK, &s->old, NULL);
}

bool tls_wait_for(int fd, int ssl_error, uint64_t deadline)
{
	short events = ssl_error == SSL_ERROR_WANT_WRITE ? POLLOUT : POLLIN;
	return net_wait(fd, events, deadline) == NET_WAIT_READY;
}

enum tls_status tls_failure(int ret, int ssl_error, int saved_errno, char *err, size_t err_len,
			    const char *what)
{
	if (ssl_error == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) {
		if (saved_errno == ECONNRESET || saved_errno == EPIPE) {
			snprintf(err, err_len, "%s: connection reset by peer", what);
			ERR_clear_error();
			return TLS_RESET;
		}
		if (ret == 0 || saved_errno == 0) {
			snprintf(err, err_len, "%s: the server closed the connection", what);
			ERR_clear_error();
			return TLS_CLOSED;
		}
		snprintf(err, err_len, "%s: %s", what, strerror(saved_errno));
		ERR_clear_error();
		return TLS_ERROR;
	}
	if (ssl_error == SSL_ERROR_ZERO_RETURN) {
		snprintf(err, err_len, "%s: the server closed the TLS session", what);
		return TLS_CLOSED;
	}
	/* what OpenSSL says when the first octets back are no TLS record:
	 * "HTTP/1.1 400" read as a record header gives a wrong version or a
	 * length too long */
	int reason = ERR_GET_REASON(ERR_peek_error());
	bool not_tls = ERR_GET_LIB(ERR_peek_error()) == ERR_LIB_SSL &&
		       (reason == SSL_R_WRONG_VERSION_NUMBER || reason == SSL_R_PACKET_LENGTH_TOO_LONG);
	openssl_error(err, err_len, what, "TLS failure");
	return not_tls ? TLS_NOT_TLS : TLS_ERROR;
}

static struct tls_session *start(int fd, const char *sni, uint64_t deadline,
				 enum tls_status *status, char *err, size_t err_len)
{
	struct tls_session *s = calloc(1, sizeof *s);
	if (!s) {
		*status = TLS_ERROR;
		snprintf(err, err_len, "TLS setup: out of memory");
		return NULL;
	}
	s->fd = fd;
	ERR_clear_error();
	tls_init_library();
	s->ctx = SSL_CTX_new(TLS_client_method());
	if (!s->ctx)
		goto setup_failed;
	/* R-HTTP-5: TLS 1.2 or later (Boulder refuses a redirect to an
	 * older server, va/http.go), and no verification (its
	 * InsecureSkipVerify): a self-signed or expired certificate is fine */
	if (!SSL_CTX_set_min_proto_version(s->ctx, TLS1_2_VERSION))
		goto setup_failed;
	SSL_CTX_set_verify(s->ctx, SSL_VERIFY_NONE, NULL);
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
	/* many servers close TCP without close_notify after the body */
	SSL_CTX_set_options(s->ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
#endif
	s->ssl = SSL_new(s->ctx);
	if (!s->ssl || !SSL_set_fd(s->ssl, fd))
		goto setup_failed;
	/* R-HTTP-5: SNI with the host name; Go sends none for an IP
	 * literal, nor does RFC 6066 s3 allow one */
	if (sni && !SSL_set_tlsext_host_name(s->ssl, sni))
		goto setup_failed;
	SSL_set_connect_state(s->ssl);
	for (;;) {
		errno = 0;
		int ret = SSL_do_handshake(s->ssl);
		if (ret == 1)
			break;
		int saved_errno = errno;
		int e = SSL_get_error(s->ssl, ret);
		if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
			if (!tls_wait_for(fd, e, deadline)) {
				*status = TLS_TIMEOUT;
				snprintf(err, err_len, "TLS handshake: timeout");
				tls_free(s);
				return NULL;
			}
			continue;
		}
		*status = tls_failure(ret, e, saved_errno, err, err_len, "TLS handshake");
		tls_free(s);
		return NULL;
	}
	*status = TLS_OK;
	return s;

setup_failed:
	*status = TLS_ERROR;
	openssl_error(err, err_len, "TLS setup", "failed");
	tls_free(s);
	return NULL;
}

const char *tls_version(const struct tls_session *s)
{
	return SSL_get_version(s->ssl);
}

static enum tls_status write_all(struct tls_session *s, const void *buf, size_t n,
				 uint64_t deadline, char *err, size_t err_len)
{
	const unsigned char *p = buf;
	while (n) {
		size_t done = 0;
		errno = 0;
		int ret = SSL_write_ex(s->ssl, p, n, &done);
		if (ret == 1) {
			p += done;
			n -= done;
			continue;
		}
		int saved_errno = errno;
		int e = SSL_get_error(s->ssl, ret);
		if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
			if (!tls_wait_for(s->fd, e, deadline)) {
				snprintf(err, err_len, "TLS write: timeout");
				return TLS_TIMEOUT;
			}
			continue;
		}
		return tls_failure(ret, e, saved_errno, err, err_len, "TLS write");
	}
	return TLS_OK;
}

static ssize_t read_some(struct tls_session *s, void *buf, size_t n, uint64_t deadline,
			 enum tls_status *status, char *err, size_t err_len)
{
	for (;;) {
		size_t got = 0;
		errno = 0;
		int ret = SSL_read_ex(s->ssl, buf, n, &got);
		if (ret == 1) {
			*status = TLS_OK;
			return (ssize_t)got;
		}
		int saved_errno = errno;
		int e = SSL_get_error(s->ssl, ret);
		if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
			if (!tls_wait_for(s->fd, e, deadline)) {
				*status = TLS_TIMEOUT;
				snprintf(err, err_len, "TLS read: timeout");
				return -1;
			}
			continue;
		}
		*status = tls_failure(ret, e, saved_errno, err, err_len, "TLS read");
		/* the end of the stream, with or without close_notify: Go's
		 * client takes a TCP close as the end of a close-delimited
		 * body too */
		if (*status == TLS_CLOSED) {
			*status = TLS_OK;
			return 0;
		}
		return -1;
	}
}

/* A server may close the connection while OpenSSL writes to it: in the
 * handshake (a TLS 1.3 client's Finished goes out after the server's
 * flight, and its request right after), in a write, and in a read (which
 * can write: a TLS 1.2 renegotiation, a TLS 1.3 key update). Once the
 * server's RST has come, the next write raises SIGPIPE, whose default
 * action ends the process. So each of the three runs with SIGPIPE blocked,
 * as tls_alpn.c's handshake does: the write fails with EPIPE, the attempt
 * is a reset (tls_failure), and the validation goes on. */
struct tls_session *tls_start(int fd, const char *sni, uint64_t deadline,
			      enum tls_status *status, char *err, size_t err_len)
{
	struct tls_sigpipe sp;
	tls_sigpipe_block(&sp);
	struct tls_session *s = start(fd, sni, deadline, status, err, err_len);
	tls_sigpipe_restore(&sp);
	return s;
}

enum tls_status tls_write_all(struct tls_session *s, const void *buf, size_t n,
			      uint64_t deadline, char *err, size_t err_len)
{
	struct tls_sigpipe sp;
	tls_sigpipe_block(&sp);
	enum tls_status st = write_all(s, buf, n, deadline, err, err_len);
	tls_sigpipe_restore(&sp);
	return st;
}

ssize_t tls_read(struct tls_session *s, void *buf, size_t n, uint64_t deadline,
		 enum tls_status *status, char *err, size_t err_len)
{
	struct tls_sigpipe sp;
	tls_sigpipe_block(&sp);
	ssize_t k = read_some(s, buf, n, deadline, status, err, err_len);
	tls_sigpipe_restore(&sp);
	return k;
}

void tls_free(struct tls_session *s)
{
	if (!s)
		return;
	SSL_free(s->ssl);
	SSL_CTX_free(s->ctx);
	free(s);
}

#else /* !ACMEPROBE_TLS: built without TLS (make TLS=0, make tiny) */

#include <stdio.h>

struct tls_session {
	int unused;
};

const char *tls_library(void)
{
	return NULL;
}

/* An https hop fails here, after the TCP connect, as a TLS failure that
 * says why (the attempt's outcome is tls_error). */
struct tls_session *tls_start(int fd, const char *sni, uint64_t deadline,
			      enum tls_status *status, char *err, size_t err_len)
{
	(void)fd;
	(void)sni;
	(void)deadline;
	*status = TLS_ERROR;
	snprintf(err, err_len,
		 "https is not supported: this acmeprobe was built without TLS (TLS=0)");
	return NULL;
}

const char *tls_version(const struct tls_session *s)
{
	(void)s;
	return "none";
}

enum tls_status tls_write_all(struct tls_session *s, const void *buf, size_t n,
			      uint64_t deadline, char *err, size_t err_len)
{
	(void)s;
	(void)buf;
	(void)n;
	(void)deadline;
	snprintf(err, err_len, "built without TLS");
	return TLS_ERROR;
}

ssize_t tls_read(struct tls_session *s, void *buf, size_t n, uint64_t deadline,
		 enum tls_status *status, char *err, size_t err_len)
{
	(void)s;
	(void)buf;
	(void)n;
	(void)deadline;
	*status = TLS_ERROR;
	snprintf(err, err_len, "built without TLS");
	return -1;
}

void tls_free(struct tls_session *s)
{
	(void)s;
}

#endif
