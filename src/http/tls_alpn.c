#include "http/tls_alpn.h"

#ifndef ACMEPROBE_TLS
#define ACMEPROBE_TLS 1
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if ACMEPROBE_TLS

#include <errno.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "http/tls_shared.h"

bool tls_alpn_available(void)
{
	return true;
}

/* The alert the server sends when it refuses the handshake: Boulder's
 * problem text names it ("remote error: tls: ..."). */
static void on_info(const SSL *ssl, int where, int ret)
{
	if (where & SSL_CB_READ_ALERT) {
		struct tls_alpn_result *out = SSL_get_app_data(ssl);
		if (out)
			out->alert = ret & 0xFF;
	}
}

static void keep_chain(SSL *ssl, struct tls_alpn_result *out)
{
	/* on the client side the chain starts with the server's own
	 * certificate; i2d gives the octets as received (OpenSSL keeps the
	 * encoding it parsed) */
	STACK_OF(X509) *chain = SSL_get_peer_cert_chain(ssl);
	int n = chain ? sk_X509_num(chain) : 0;
	out->chain_count = n > 0 ? (size_t)n : 0;
	for (int i = 0; i < n && out->kept < TLS_ALPN_MAX_CHAIN; i++) {
		X509 *x = sk_X509_value(chain, i);
		unsigned char *der = NULL;
		int len = i2d_X509(x, &der);
		if (len <= 0)
			break;
		out->der[out->kept] = malloc((size_t)len);
		if (!out->der[out->kept]) {
			OPENSSL_free(der);
			break;
		}
		memcpy(out->der[out->kept], der, (size_t)len);
		out->der_len[out->kept] = (size_t)len;
		out->kept++;
		OPENSSL_free(der);
	}
}

void tls_alpn_handshake(int fd, const char *sni, uint64_t deadline, struct tls_alpn_result *out)
{
	memset(out, 0, sizeof *out);
	out->alert = -1;
	out->status = TLS_ERROR;
	ERR_clear_error();
	tls_init_library();
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	SSL *ssl = NULL;
	/* R-ALPN-1: TLS 1.2 or later (MinVersion: tls.VersionTLS12), and no
	 * verification: the certificate is self-signed by design
	 * (InsecureSkipVerify) */
	if (!ctx || !SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION))
		goto setup_failed;
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	ssl = SSL_new(ctx);
	if (!ssl || !SSL_set_fd(ssl, fd))
		goto setup_failed;
	/* R-ALPN-1: ALPN "acme-tls/1" only (NextProtos, RFC 8737 s3; the
	 * wire form is a length octet, then the name, RFC 7301 s3.1).
	 * SSL_set_alpn_protos returns 0 on success. */
	static const unsigned char protos[] = "\x0a"
					      "acme-tls/1";
	if (SSL_set_alpn_protos(ssl, protos, sizeof protos - 1) != 0)
		goto setup_failed;
	/* R-ALPN-1: SNI the name, or the reverse name of an IP (RFC 8738
	 * s6); Go sends the ServerName without its final dot */
	if (!SSL_set_tlsext_host_name(ssl, sni))
		goto setup_failed;
	SSL_set_app_data(ssl, out);
	SSL_set_info_callback(ssl, on_info);
	SSL_set_connect_state(ssl);
	/* a server that closes at once must give EPIPE, not kill us */
	struct tls_sigpipe sigpipe;
	tls_sigpipe_block(&sigpipe);
	for (;;) {
		errno = 0;
		int ret = SSL_do_handshake(ssl);
		if (ret == 1)
			break;
		int saved_errno = errno;
		int e = SSL_get_error(ssl, ret);
		if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
			if (!tls_wait_for(fd, e, deadline)) {
				out->status = TLS_TIMEOUT;
				snprintf(out->detail, sizeof out->detail, "TLS handshake: timeout");
				goto unblock;
			}
			continue;
		}
		out->status = tls_failure(ret, e, saved_errno, out->detail, sizeof out->detail,
					  "TLS handshake");
		goto unblock;
	}
	out->status = TLS_OK;
	snprintf(out->version, sizeof out->version, "%s", SSL_get_version(ssl));
	const unsigned char *alpn = NULL;
	unsigned int alpn_len = 0;
	SSL_get0_alpn_selected(ssl, &alpn, &alpn_len);
	if (alpn && alpn_len) {
		out->has_alpn = true;
		out->alpn_len = alpn_len < sizeof out->alpn - 1 ? alpn_len : sizeof out->alpn - 1;
		memcpy(out->alpn, alpn, out->alpn_len);
	}
	keep_chain(ssl, out);
	/* a close_notify, as Go's conn.Close sends; nothing waited for */
	SSL_shutdown(ssl);
unblock:
	tls_sigpipe_restore(&sigpipe);
	goto done;

setup_failed:
	out->status = TLS_ERROR;
	snprintf(out->detail, sizeof out->detail, "TLS setup failed");
done:
	ERR_clear_error();
	SSL_free(ssl);
	SSL_CTX_free(ctx);
}

bool tls_alpn_signature_ok(const uint8_t *der, size_t len)
{
	const unsigned char *p = der;
	X509 *x = d2i_X509(NULL, &p, (long)len);
	bool ok = false;
	if (x) {
		EVP_PKEY *key = X509_get0_pubkey(x);
		ok = key && X509_verify(x, key) == 1;
		X509_free(x);
	}
	ERR_clear_error();
	return ok;
}

#else /* !ACMEPROBE_TLS: built without TLS (make TLS=0, make tiny) */

bool tls_alpn_available(void)
{
	return false;
}

void tls_alpn_handshake(int fd, const char *sni, uint64_t deadline, struct tls_alpn_result *out)
{
	(void)fd;
	(void)sni;
	(void)deadline;
	memset(out, 0, sizeof *out);
	out->alert = -1;
	out->status = TLS_ERROR;
	snprintf(out->detail, sizeof out->detail,
		 "tls-alpn-01 needs TLS: this acmeprobe was built without it (TLS=0)");
}

bool tls_alpn_signature_ok(const uint8_t *der, size_t len)
{
	(void)der;
	(void)len;
	return false;
}

#endif

void tls_alpn_result_free(struct tls_alpn_result *r)
{
	for (size_t i = 0; i < r->kept; i++) {
		free(r->der[i]);
		r->der[i] = NULL;
	}
	r->kept = 0;
}
