/* The floor of `make static`: the smallest static program that makes a
 * TLS client connection with the OpenSSL archives of Debian's libssl-dev,
 * built with the very flags of build/static/acmeprobe. `make size` prints
 * its size next to acmeprobe's, so the 3 MiB budget of issue 8 can be
 * compared with what OpenSSL alone costs before any line of ours.
 *
 * It is never run: what matters is what the linker must pull in. Each call
 * is one that src/http/tls.c makes, so nothing here is larger than what a
 * TLS client needs, and nothing the client needs is left out (the
 * handshake fetches its ciphers, digests and key exchanges from OpenSSL's
 * default provider, which is what brings most of libcrypto in). */
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	OPENSSL_init_ssl(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	if (!ctx)
		return 1;
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	SSL *ssl = SSL_new(ctx);
	/* argc and argv stand for a socket and a server name: values the
	 * compiler cannot fold away */
	SSL_set_fd(ssl, argc);
	SSL_set_tlsext_host_name(ssl, argv[0]);
	char buf[256];
	int r = SSL_connect(ssl);
	if (r == 1)
		r = SSL_read(ssl, buf, sizeof buf);
	ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
	printf("%d %s %s\n", r, buf, OpenSSL_version(OPENSSL_VERSION));
	SSL_shutdown(ssl);
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	return 0;
}
