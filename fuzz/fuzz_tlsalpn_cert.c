/* libFuzzer target: a certificate as a tls-alpn-01 server sends it, any
 * octets. Each input goes through what acmeprobe does with the first
 * certificate of the chain: the reader of Go's parser (src/acme/cert.c),
 * then the checks (src/acme/tlsalpn01.c) for a name and for an IP
 * identifier, and OpenSSL's signature check (src/http/tls_alpn.c).
 * Properties: every span the reader gives lies inside the input; an
 * accepted certificate has no extension twice and its subjectAltName
 * reads; the checks give a verdict with its rule, a sentence when it
 * fails and none when it passes, and pass only with a critical, well
 * formed acmeIdentifier equal to the digest and the expected SAN octets
 * (R-ALPN-3..5 of docs/rules.md). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acme/cert.h"
#include "acme/digest.h"
#include "acme/tlsalpn01.h"
#include "http/tls_alpn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void inside(struct der_span s, const uint8_t *data, size_t size)
{
	if (s.n && (s.p < data || s.p + s.n > data + size))
		abort();
}

static void run_checks(const struct cert_fields *f, bool sig, const struct alpn_ident *id,
		       const uint8_t *digest)
{
	struct alpn_cert_check c;
	alpn_check_certificate(f, sig, id, digest, &c);
	if (!c.rule || strlen(c.names) >= sizeof c.names)
		abort();
	if ((c.verdict == ALPN_CERT_OK) != (c.why[0] == '\0'))
		abort();
	if (c.verdict != ALPN_CERT_OK)
		return;
	/* a pass: a critical 32-octet acmeIdentifier equal to the digest,
	 * and the SAN exactly the expected octets */
	if (!sig || !c.has_acme_identifier || !c.acme_identifier_critical ||
	    !c.acme_identifier_well_formed || memcmp(c.acme_identifier, digest, 32) != 0)
		abort();
	uint8_t want[512];
	size_t n = alpn_expected_san(id, want, sizeof want);
	bool found = false;
	for (size_t i = 0; i < f->ext_count; i++)
		if (cert_oid_equal(f->ext[i].oid, CERT_OID_SAN))
			found = f->ext[i].value.n == n && memcmp(f->ext[i].value.p, want, n) == 0;
	if (!found)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cert_fields f;
	char why[200];
	enum cert_err e = cert_parse(data, size, &f, why, sizeof why);
	if (e != CERT_OK) {
		if (!why[0])
			abort();
		return 0;
	}
	inside(f.tbs, data, size);
	inside(f.issuer, data, size);
	inside(f.subject, data, size);
	inside(f.signature_oid, data, size);
	inside(f.common_name, data, size);
	if (f.ext_count > CERT_MAX_EXTENSIONS || f.version < 1 || f.version > 3)
		abort();
	for (size_t i = 0; i < f.ext_count; i++) {
		inside(f.ext[i].oid, data, size);
		inside(f.ext[i].value, data, size);
		for (size_t k = 0; k < i; k++)
			if (cert_oid_equal(f.ext[i].oid, f.ext[k].oid))
				abort();
		char text[128];
		cert_oid_text(f.ext[i].oid, text, sizeof text);
		if (cert_oid_equal(f.ext[i].oid, CERT_OID_SAN)) {
			struct cert_san san;
			if (cert_san_parse(f.ext[i].value, &san, why, sizeof why) != CERT_OK)
				abort();
		}
	}
	char cn[300];
	if (cert_string_text(f.common_name_tag, f.common_name, cn, sizeof cn) >= sizeof cn)
		abort();
	/* the digest of the key authorization the seeds were made for */
	uint8_t digest[32];
	static const char ka[] = "alpn-token.thumbprint";
	if (!acme_sha256(ka, sizeof ka - 1, digest))
		abort();
	bool sig = tls_alpn_signature_ok(data, size);
	struct alpn_ident name = {.is_ip = false, .value = "alpn.test"};
	run_checks(&f, sig, &name, digest);
	struct alpn_ident ip = {.is_ip = true, .value = "192.0.2.1"};
	char canonical[IDENT_IP_TEXT];
	if (ident_ip_parse(ip.value, strlen(ip.value), &ip.ip, canonical) != IDENT_IP_OK)
		abort();
	run_checks(&f, sig, &ip, digest);
	return 0;
}
