/* The tls-alpn-01 decisions without a socket: the certificate reader
 * (src/acme/cert.c, Go's x509 parser's refusals), the checks
 * (src/acme/tlsalpn01.c: R-ALPN-3, R-ALPN-4, R-ALPN-5), the fallback step
 * (R-ALPN-2) and LE's texts, on the certificates of tests/fixtures/certs/
 * (made by openssl req -x509 -addext: tests/fixtures/certs/make.sh; key
 * authorization "alpn-token.thumbprint") and on octets changed in them.
 * Rules of docs/rules.md; Boulder va/tlsalpn.go, va/va.go. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "acme/cert.h"
#include "acme/digest.h"
#include "acme/tlsalpn01.h"
#include "http/tls_alpn.h"

#define KA "alpn-token.thumbprint"

/* ---- fixtures ------------------------------------------------------------ */

struct der {
	uint8_t *p;
	size_t n;
};

static struct der load(const char *name)
{
	char path[256];
	snprintf(path, sizeof path, "tests/fixtures/certs/%s.der", name);
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot open %s (run the tests from the repository root)", path);
	struct der d = {malloc(8192), 0};
	d.n = fread(d.p, 1, 8192, f);
	fclose(f);
	cr_assert_gt(d.n, 100, "%s", path);
	return d;
}

static size_t find(const struct der *d, const uint8_t *pat, size_t m)
{
	for (size_t i = 0; i + m <= d->n; i++)
		if (memcmp(d->p + i, pat, m) == 0)
			return i;
	cr_assert_fail("pattern not found");
	return 0;
}

static const uint8_t *digest_of(const char *ka)
{
	static uint8_t d[ALPN_DIGEST_LEN];
	cr_assert(acme_sha256(ka, strlen(ka), d));
	return d;
}

static struct alpn_ident dns_ident(const char *name)
{
	struct alpn_ident id = {.is_ip = false, .value = name};
	return id;
}

static struct alpn_ident ip_ident(const char *text)
{
	struct alpn_ident id = {.is_ip = true, .value = text};
	char c[IDENT_IP_TEXT];
	cr_assert_eq(ident_ip_parse(text, strlen(text), &id.ip, c), IDENT_IP_OK);
	return id;
}

/* Parses the fixture and runs the checks. */
static struct alpn_cert_check check(const char *fixture, bool signature_ok, struct alpn_ident id,
				    const char *ka)
{
	struct der d = load(fixture);
	struct cert_fields f;
	char why[200];
	cr_assert_eq(cert_parse(d.p, d.n, &f, why, sizeof why), CERT_OK, "%s: %s", fixture, why);
	struct alpn_cert_check out;
	alpn_check_certificate(&f, signature_ok, &id, digest_of(ka), &out);
	free(d.p);
	return out;
}

/* ---- the reader: what Go's parser refuses (R-ALPN-2, R-ALPN-3) ---------- */

Test(cert_parse, a_good_certificate_reads)
{
	struct der d = load("dns-good");
	struct cert_fields f;
	char why[200];
	cr_assert_eq(cert_parse(d.p, d.n, &f, why, sizeof why), CERT_OK, "%s", why);
	cr_assert_eq(f.version, 3);
	cr_assert_eq(f.subject.n, f.issuer.n);
	cr_assert_eq(memcmp(f.subject.p, f.issuer.p, f.issuer.n), 0);
	cr_assert_eq(f.common_name.n, 9);
	cr_assert_eq(memcmp(f.common_name.p, "alpn.test", 9), 0);
	bool san = false, acme = false;
	for (size_t i = 0; i < f.ext_count; i++) {
		san |= cert_oid_equal(f.ext[i].oid, CERT_OID_SAN);
		if (cert_oid_equal(f.ext[i].oid, CERT_OID_ACME_IDENTIFIER)) {
			acme = true;
			cr_assert(f.ext[i].critical);
			cr_assert_eq(f.ext[i].value.n, 34);
		}
	}
	cr_assert(san && acme);
	/* the TBS is the second element, whole */
	cr_assert_eq(f.tbs.p, d.p + 4);
	free(d.p);
}

static void refused(struct der *d, enum cert_err want, const char *why_want)
{
	struct cert_fields f;
	char why[200];
	cr_assert_eq(cert_parse(d->p, d->n, &f, why, sizeof why), want, "got: %s", why);
	cr_assert_str_eq(why, why_want);
}

Test(cert_parse, r_alpn_3_go_refuses_an_extension_twice)
{
	struct der d = load("dns-dup_ext");
	refused(&d, CERT_E_DUPLICATE_EXTENSION,
		"x509: certificate contains duplicate extension with OID "
		"\"1.3.6.1.5.5.7.1.31\"");
	free(d.p);
}

Test(cert_parse, go_refuses_a_negative_serial)
{
	struct der d = load("dns-negative_serial");
	refused(&d, CERT_E_NEGATIVE_SERIAL, "x509: negative serial number");
	free(d.p);
}

Test(cert_parse, trailing_octets_and_truncation)
{
	struct der d = load("dns-good");
	d.p[d.n++] = 0;
	refused(&d, CERT_E_TRAILING, "x509: trailing data");
	d.n -= 2;
	refused(&d, CERT_E_MALFORMED, "x509: malformed certificate");
	d.n = 0;
	refused(&d, CERT_E_MALFORMED, "x509: malformed certificate");
	free(d.p);
}

Test(cert_parse, der_lengths_only)
{
	struct der d = load("dns-good");
	/* 30 82 01 c8 -> 30 80 (indefinite, BER only) */
	d.p[1] = 0x80;
	refused(&d, CERT_E_MALFORMED, "x509: malformed certificate");
	free(d.p);
	/* 30 82 01 c8 -> 30 83 00 01 c8: a length in more octets than needed */
	d = load("dns-good");
	memmove(d.p + 3, d.p + 2, d.n - 2);
	d.p[1] = 0x83;
	d.p[2] = 0x00;
	d.n++;
	refused(&d, CERT_E_MALFORMED, "x509: malformed certificate");
	free(d.p);
}

Test(cert_parse, the_version)
{
	struct der d = load("dns-good");
	size_t at = find(&d, (const uint8_t[]){0xA0, 0x03, 0x02, 0x01, 0x02}, 5);
	d.p[at + 4] = 0x03; /* v4 */
	refused(&d, CERT_E_VERSION, "x509: invalid version");
	d.p[at + 4] = 0xFF; /* negative */
	refused(&d, CERT_E_MALFORMED, "x509: malformed version");
	free(d.p);
}

Test(cert_parse, inner_and_outer_signature_algorithms)
{
	struct der d = load("dns-good");
	/* the outer ecdsa-with-SHA256 (the last of the two) becomes SHA384 */
	static const uint8_t alg[] = {0x30, 0x0A, 0x06, 0x08, 0x2A, 0x86,
				      0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02};
	size_t first = find(&d, alg, sizeof alg);
	struct der rest = {d.p + first + 1, d.n - first - 1};
	size_t second = first + 1 + find(&rest, alg, sizeof alg);
	d.p[second + 11] = 0x03;
	refused(&d, CERT_E_SIGNATURE_MISMATCH,
		"x509: inner and outer signature algorithm identifiers don't match");
	free(d.p);
}

Test(cert_parse, a_critical_flag_must_be_der)
{
	struct der d = load("dns-good");
	static const uint8_t pat[] = {0x06, 0x08, 0x2B, 0x06, 0x01, 0x05, 0x05,
				      0x07, 0x01, 0x1F, 0x01, 0x01, 0xFF};
	d.p[find(&d, pat, sizeof pat) + 12] = 0x01;
	refused(&d, CERT_E_EXTENSION, "x509: malformed extension critical field");
	free(d.p);
}

Test(cert_parse, name_values_must_be_strings_go_reads)
{
	struct der d = load("dns-good");
	static const uint8_t cn[] = {0x06, 0x03, 0x55, 0x04, 0x03, 0x0C};
	d.p[find(&d, cn, sizeof cn) + 5] = 0x02; /* the issuer's CN as an INTEGER */
	refused(&d, CERT_E_NAME, "x509: invalid RDNSequence: invalid attribute value");
	free(d.p);
	d = load("dns-good");
	size_t at = find(&d, cn, sizeof cn);
	d.p[at + 5] = 0x13;    /* PrintableString */
	d.p[at + 7 + 4] = '@'; /* "alpn@test": not printable */
	refused(&d, CERT_E_NAME, "x509: invalid RDNSequence: invalid attribute value");
	free(d.p);
}

Test(cert_parse, go_refuses_a_san_it_cannot_read)
{
	struct der d = load("dns-good");
	/* the dNSName "alpn.test" with an octet outside ASCII */
	static const uint8_t san[] = {0x30, 0x0B, 0x82, 0x09, 'a', 'l', 'p', 'n'};
	d.p[find(&d, san, sizeof san) + 4] = 0xE1;
	refused(&d, CERT_E_SAN, "x509: SAN dNSName is malformed");
	free(d.p);
	d = load("ip4-good");
	/* the iPAddress of 4 octets declared as 3 (the SEQUENCE too) */
	static const uint8_t ip[] = {0x30, 0x06, 0x87, 0x04, 0xC0, 0x00, 0x02, 0x01};
	size_t at = find(&d, ip, sizeof ip);
	d.p[at + 1] = 0x05;
	d.p[at + 3] = 0x03;
	d.p[at + 7] = 0x30; /* the next element keeps the octet string's length right */
	d.p[at - 1] = 0x08; /* the OCTET STRING (04 08) */
	refused(&d, CERT_E_SAN, "x509: cannot parse IP address of length 3");
	free(d.p);
}

Test(cert_san, entries_and_counts)
{
	struct cert_san s;
	char why[100];
	static const uint8_t v[] = {0x30, 0x18, 0x82, 0x01, 'a',  0x81, 0x03, 'b',  '@',
				    'c',  0x87, 0x04, 192,  0,	  2,	1,    0x86, 0x03,
				    'u',  ':',	'x',  0xA0, 0x03, 0x02, 0x01, 0x05};
	struct der_span sp = {v, sizeof v};
	cr_assert_eq(cert_san_parse(sp, &s, why, sizeof why), CERT_OK, "%s", why);
	cr_assert_eq(s.count, 5);
	cr_assert_eq(s.dns, 1);
	cr_assert_eq(s.email, 1);
	cr_assert_eq(s.ip, 1);
	cr_assert_eq(s.uri, 1);
	cr_assert_eq(s.entry[4].tag, -1); /* an otherName is skipped, as Go does */
	static const uint8_t not_seq[] = {0x31, 0x00};
	sp = (struct der_span){not_seq, sizeof not_seq};
	cr_assert_eq(cert_san_parse(sp, &s, why, sizeof why), CERT_E_SAN);
	cr_assert_str_eq(why, "x509: invalid subject alternative names");
}

Test(cert_oid, dotted_text)
{
	char t[64];
	cert_oid_text(CERT_OID_SAN, t, sizeof t);
	cr_assert_str_eq(t, "2.5.29.17");
	cert_oid_text(CERT_OID_ACME_IDENTIFIER, t, sizeof t);
	cr_assert_str_eq(t, "1.3.6.1.5.5.7.1.31");
	static const uint8_t two[] = {0x88, 0x37, 0x03}; /* X.690 s8.19.4: 2.999.3 */
	cert_oid_text((struct der_span){two, sizeof two}, t, sizeof t);
	cr_assert_str_eq(t, "2.999.3");
}

Test(cert_string, bmp_is_utf16)
{
	char t[32];
	static const uint8_t bmp[] = {0x00, 'a', 0x00, 0xE9, 0xD8, 0x3D, 0xDE, 0x00, 0x00, 0x00};
	cert_string_text(0x1E, (struct der_span){bmp, sizeof bmp}, t, sizeof t);
	cr_assert_str_eq(t, "a\xc3\xa9\xf0\x9f\x98\x80");
}

/* ---- R-ALPN-3: self-signed, the extensions ------------------------------- */

Test(alpn_check, r_alpn_5_the_right_certificate_passes)
{
	struct alpn_cert_check c = check("dns-good", true, dns_ident("alpn.test"), KA);
	cr_assert_eq(c.verdict, ALPN_CERT_OK, "%s", c.why);
	cr_assert_str_eq(c.why, "");
	cr_assert_str_eq(c.names, "alpn.test");
	cr_assert(c.has_acme_identifier && c.acme_identifier_critical);
	cr_assert_eq(memcmp(c.acme_identifier, digest_of(KA), ALPN_DIGEST_LEN), 0);
	c = check("ip4-good", true, ip_ident("192.0.2.1"), KA);
	cr_assert_eq(c.verdict, ALPN_CERT_OK, "%s", c.why);
	c = check("ip6-good", true, ip_ident("2001:db8::1"), KA);
	cr_assert_eq(c.verdict, ALPN_CERT_OK, "%s", c.why);
	cr_assert_str_eq(c.names, "2001:db8::1");
}

Test(alpn_check, r_alpn_3_not_self_signed)
{
	/* issued by another certificate: the issuer is not the subject */
	struct alpn_cert_check c = check("dns-not_self_signed", true, dns_ident("alpn.test"), KA);
	cr_assert_eq(c.verdict, ALPN_CERT_NOT_SELF_SIGNED);
	cr_assert_str_eq(c.rule, "R-ALPN-3");
	cr_assert_str_eq(c.why, "Received certificate which is not self-signed.");
	/* its own name as issuer, but another key signed it */
	c = check("dns-wrong_key", false, dns_ident("alpn.test"), KA);
	cr_assert_eq(c.verdict, ALPN_CERT_NOT_SELF_SIGNED);
	/* and the TLS library says so on the real octets */
	struct der d = load("dns-wrong_key");
	cr_assert_not(tls_alpn_signature_ok(d.p, d.n));
	free(d.p);
	d = load("dns-not_self_signed");
	cr_assert_not(tls_alpn_signature_ok(d.p, d.n));
	free(d.p);
	d = load("dns-good");
	cr_assert(tls_alpn_signature_ok(d.p, d.n));
	cr_assert_not(tls_alpn_signature_ok(d.p, d.n - 1));
	free(d.p);
}

Test(alpn_check, r_alpn_3_signature_algorithms_go_refuses)
{
	struct der d = load("dns-good");
	struct cert_fields f;
	char why[200];
	cr_assert_eq(cert_parse(d.p, d.n, &f, why, sizeof why), CERT_OK);
	struct alpn_ident id = dns_ident("alpn.test");
	struct alpn_cert_check c;
	/* md5WithRSAEncryption, 1.2.840.113549.1.1.4: CheckSignature refuses MD5 */
	static const uint8_t md5[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x04};
	f.signature_oid = (struct der_span){md5, sizeof md5};
	alpn_check_certificate(&f, true, &id, digest_of(KA), &c);
	cr_assert_eq(c.verdict, ALPN_CERT_NOT_SELF_SIGNED);
	/* sha1WithRSAEncryption is still verified by CheckSignature */
	static const uint8_t sha1[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x05};
	cr_assert(alpn_go_verifies((struct der_span){sha1, sizeof sha1}));
	/* dsa-with-SHA256 (2.16.840.1.101.3.4.3.2): Go verifies no DSA */
	static const uint8_t dsa[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x02};
	cr_assert_not(alpn_go_verifies((struct der_span){dsa, sizeof dsa}));
	static const uint8_t ed25519[] = {0x2B, 0x65, 0x70};
	cr_assert(alpn_go_verifies((struct der_span){ed25519, sizeof ed25519}));
	free(d.p);
}

Test(alpn_check, r_alpn_3_no_extension_twice)
{
	/* Go's parser refuses it before (cert_parse above); Boulder checks it
	 * again in checkAcceptableExtensions: fields with one OID twice */
	struct der d = load("dns-good");
	struct cert_fields f;
	char why[200];
	cr_assert_eq(cert_parse(d.p, d.n, &f, why, sizeof why), CERT_OK);
	f.ext[f.ext_count] = f.ext[0];
	f.ext_count++;
	struct alpn_ident id = dns_ident("alpn.test");
	struct alpn_cert_check c;
	alpn_check_certificate(&f, true, &id, digest_of(KA), &c);
	cr_assert_eq(c.verdict, ALPN_CERT_EXTENSIONS);
	cr_assert_str_eq(c.why, "Received certificate with unexpected extensions: \"Extension OID "
				"2.5.29.14 seen twice\"");
	free(d.p);
}

Test(alpn_check, r_alpn_3_san_and_acme_identifier_required)
{
	struct alpn_cert_check c = check("dns-no_acme", true, dns_ident("alpn.test"), KA);
	cr_assert_eq(c.verdict, ALPN_CERT_EXTENSIONS);
	cr_assert_str_eq(c.why, "Received certificate with unexpected extensions: \"Required "
				"extension OID 1.3.6.1.5.5.7.1.31 is not present\"");
	c = check("dns-no_san", true, dns_ident("alpn.test"), KA);
	cr_assert_eq(c.verdict, ALPN_CERT_EXTENSIONS);
	cr_assert_str_eq(c.why, "Received certificate with unexpected extensions: \"Required "
				"extension OID 2.5.29.17 is not present\"");
}

/* ---- R-ALPN-4: the SAN ------------------------------------------------------ */

static void san_fails(const char *fixture, struct alpn_ident id, const char *why)
{
	struct alpn_cert_check c = check(fixture, true, id, KA);
	cr_assert_eq(c.verdict, ALPN_CERT_IDENTIFIERS, "%s: %s", fixture, c.why);
	cr_assert_str_eq(c.rule, "R-ALPN-4");
	cr_assert_str_eq(c.why, why);
}

Test(alpn_check, r_alpn_4_exactly_one_san_equal_to_the_identifier)
{
	san_fails(
	    "dns-two_sans", dns_ident("alpn.test"),
	    "Received certificate with unexpected identifiers (\"alpn.test, www.alpn.test\"): "
	    "\"wrong number of identifiers\"");
	san_fails("dns-other_name", dns_ident("alpn.test"),
		  "Received certificate with unexpected identifiers (\"alpn.test, "
		  "other.alpn.test\"): \"identifier does not match expected identifier\"");
	/* an upper-case SAN equals the name ignoring case, but not in its octets */
	san_fails("dns-san_case", dns_ident("alpn.test"),
		  "Received certificate with unexpected identifiers (\"alpn.test\"): \"SAN "
		  "extension does not match expected bytes\"");
	/* an extra rfc822Name is not counted, but it is in the octets */
	san_fails("dns-email_san", dns_ident("alpn.test"),
		  "Received certificate with unexpected identifiers (\"admin@alpn.test, "
		  "alpn.test\"): \"SAN extension does not match expected bytes\"");
	/* a name against an IP certificate, and the other way round */
	san_fails("ip4-good", dns_ident("alpn.test"),
		  "Received certificate with unexpected identifiers (\"192.0.2.1\"): \"wrong "
		  "number of identifiers\"");
	san_fails("dns-good", ip_ident("192.0.2.1"),
		  "Received certificate with unexpected identifiers (\"alpn.test\"): \"wrong "
		  "number of identifiers\"");
}

Test(alpn_check, r_alpn_4_ip_addresses)
{
	san_fails("ip4-good", ip_ident("192.0.2.2"),
		  "Received certificate with unexpected identifiers (\"192.0.2.1\"): \"identifier "
		  "does not match expected identifier\"");
	/* the 16-octet form of the same IPv4 address is net.IP.Equal, but
	 * not the 4 octets netip marshals */
	san_fails("ip4-ip16", ip_ident("192.0.2.1"),
		  "Received certificate with unexpected identifiers (\"192.0.2.1\"): \"SAN "
		  "extension does not match expected bytes\"");
	san_fails("ip6-good", ip_ident("2001:db8::2"),
		  "Received certificate with unexpected identifiers (\"2001:db8::1\"): "
		  "\"identifier does not match expected identifier\"");
}

Test(alpn_check, r_alpn_4_the_expected_octets)
{
	uint8_t out[400];
	struct alpn_ident id = dns_ident("alpn.test");
	size_t n = alpn_expected_san(&id, out, sizeof out);
	static const uint8_t dns[] = {0x30, 0x0B, 0x82, 0x09, 'a', 'l', 'p',
				      'n',  '.',  't',	'e',  's', 't'};
	cr_assert_eq(n, sizeof dns);
	cr_assert_eq(memcmp(out, dns, n), 0);
	id = ip_ident("192.0.2.1");
	n = alpn_expected_san(&id, out, sizeof out);
	static const uint8_t v4[] = {0x30, 0x06, 0x87, 0x04, 192, 0, 2, 1};
	cr_assert_eq(n, sizeof v4);
	cr_assert_eq(memcmp(out, v4, n), 0);
	id = ip_ident("2001:db8::1");
	n = alpn_expected_san(&id, out, sizeof out);
	cr_assert_eq(n, 20);
	cr_assert_eq(out[1], 0x12);
	cr_assert_eq(out[3], 0x10);
	/* DER's long lengths: a 200-octet name */
	char name[201];
	memset(name, 'a', 200);
	name[200] = '\0';
	id = dns_ident(name);
	n = alpn_expected_san(&id, out, sizeof out);
	cr_assert_eq(n, 206);
	cr_assert_eq(memcmp(out, (const uint8_t[]){0x30, 0x81, 0xCB, 0x82, 0x81, 0xC8}, 6), 0);
	cr_assert_eq(alpn_expected_san(&id, out, 100), 0);
}

/* ---- R-ALPN-5: the acmeIdentifier ------------------------------------------- */

Test(alpn_check, r_alpn_5_critical)
{
	struct alpn_cert_check c = check("dns-noncritical", true, dns_ident("alpn.test"), KA);
	cr_assert_eq(c.verdict, ALPN_CERT_NOT_CRITICAL);
	cr_assert_str_eq(c.why, "Received certificate with acmeValidationV1 extension that is not "
				"Critical.");
	cr_assert(c.has_acme_identifier);
	cr_assert_not(c.acme_identifier_critical);
}

Test(alpn_check, r_alpn_5_a_32_octet_octet_string)
{
	struct alpn_cert_check c = check("dns-malformed_value", true, dns_ident("alpn.test"), KA);
	cr_assert_eq(c.verdict, ALPN_CERT_MALFORMED_VALUE);
	cr_assert_str_eq(c.why, "Received certificate with malformed acmeValidationV1 extension "
				"value.");
	cr_assert_not(c.acme_identifier_well_formed);
}

Test(alpn_check, r_alpn_5_sha256_of_the_key_authorization)
{
	struct alpn_cert_check c = check("dns-wrong_digest", true, dns_ident("alpn.test"), KA);
	cr_assert_eq(c.verdict, ALPN_CERT_WRONG_VALUE);
	/* SHA-256("another.key-authorization") and SHA-256(KA) */
	char want[400];
	static const char *const hex = "0123456789abcdef";
	char expected[65];
	const uint8_t *d = digest_of(KA);
	for (int i = 0; i < 32; i++) {
		expected[2 * i] = hex[d[i] >> 4];
		expected[2 * i + 1] = hex[d[i] & 15];
	}
	expected[64] = '\0';
	char other[65];
	const uint8_t *o = digest_of("another.key-authorization");
	for (int i = 0; i < 32; i++) {
		other[2 * i] = hex[o[i] >> 4];
		other[2 * i + 1] = hex[o[i] & 15];
	}
	other[64] = '\0';
	snprintf(want, sizeof want,
		 "Received certificate with acmeValidationV1 extension value %s but expected %s.",
		 other, expected);
	cr_assert_str_eq(c.why, want);
	/* the good certificate against another key authorization */
	c = check("dns-good", true, dns_ident("alpn.test"), "another.key-authorization");
	cr_assert_eq(c.verdict, ALPN_CERT_WRONG_VALUE);
}

/* ---- R-ALPN-2: the fallback step ---------------------------------------------- */

Test(alpn_fallback, r_alpn_2_the_first_try)
{
	cr_assert_eq(alpn_fallback_decide(true, true, NULL, 0), ALPN_NEXT_IPV6);
	cr_assert_eq(alpn_fallback_decide(true, false, NULL, 0), ALPN_NEXT_IPV6);
	cr_assert_eq(alpn_fallback_decide(false, true, NULL, 0), ALPN_NEXT_IPV4);
	cr_assert_eq(alpn_fallback_decide(false, false, NULL, 0), ALPN_NEXT_NO_ADDRESS);
}

Test(alpn_fallback, r_alpn_2_ipv6_failed_before_a_certificate)
{
	struct alpn_tried t[2] = {{AF_INET6, false}, {AF_INET, false}};
	cr_assert_eq(alpn_fallback_decide(true, true, t, 1), ALPN_NEXT_IPV4);
	/* no A: Boulder's "Unable to contact" */
	cr_assert_eq(alpn_fallback_decide(true, false, t, 1), ALPN_NEXT_NO_IPV4);
	/* the IPv4 try is final, whatever it gave */
	cr_assert_eq(alpn_fallback_decide(true, true, t, 2), ALPN_NEXT_DONE);
	t[1].got_certificate = true;
	cr_assert_eq(alpn_fallback_decide(true, true, t, 2), ALPN_NEXT_DONE);
}

Test(alpn_fallback, r_alpn_2_never_after_a_certificate)
{
	struct alpn_tried t[1] = {{AF_INET6, true}};
	cr_assert_eq(alpn_fallback_decide(true, true, t, 1), ALPN_NEXT_DONE);
	/* an IPv4-only name: one try */
	struct alpn_tried v4[1] = {{AF_INET, false}};
	cr_assert_eq(alpn_fallback_decide(false, true, v4, 1), ALPN_NEXT_DONE);
}

Test(alpn_fallback, r_alpn_2_which_failures_come_before_a_certificate)
{
	static const enum alpn_failure before[] = {
	    ALPN_F_CONNECT_TIMEOUT, ALPN_F_REFUSED,	   ALPN_F_NET_UNREACHABLE,
	    ALPN_F_UNREACHABLE,	    ALPN_F_RESET,	   ALPN_F_HANDSHAKE_TIMEOUT,
	    ALPN_F_REMOTE_ALERT,    ALPN_F_NOT_TLS,	   ALPN_F_TLS,
	    ALPN_F_UNPARSABLE,	    ALPN_F_NO_CERTIFICATE,
	};
	for (size_t i = 0; i < sizeof before / sizeof before[0]; i++)
		cr_assert(alpn_failure_before_certificate(before[i]), "R-ALPN-2: %s",
			  alpn_outcome_name(before[i]));
	cr_assert_not(alpn_failure_before_certificate(ALPN_F_NONE));
	cr_assert_not(alpn_failure_before_certificate(ALPN_F_NO_ALPN));
	cr_assert_not(alpn_failure_before_certificate(ALPN_F_CERTIFICATE));
}

Test(alpn_fallback, outcome_words)
{
	cr_assert_str_eq(alpn_outcome_name(ALPN_F_NONE), "ok");
	cr_assert_str_eq(alpn_outcome_name(ALPN_F_CONNECT_TIMEOUT), "timeout");
	cr_assert_str_eq(alpn_outcome_name(ALPN_F_HANDSHAKE_TIMEOUT), "timeout");
	cr_assert_str_eq(alpn_outcome_name(ALPN_F_REFUSED), "refused");
	cr_assert_str_eq(alpn_outcome_name(ALPN_F_NET_UNREACHABLE), "unreachable");
	cr_assert_str_eq(alpn_outcome_name(ALPN_F_RESET), "reset");
	cr_assert_str_eq(alpn_outcome_name(ALPN_F_REMOTE_ALERT), "tls_error");
	cr_assert_str_eq(alpn_outcome_name(ALPN_F_NOT_TLS), "tls_error");
	cr_assert_str_eq(alpn_outcome_name(ALPN_F_NO_ALPN), "no_alpn");
	cr_assert_str_eq(alpn_outcome_name(ALPN_F_UNPARSABLE), "bad_certificate");
	cr_assert_str_eq(alpn_outcome_name(ALPN_F_NO_CERTIFICATE), "bad_certificate");
	cr_assert_str_eq(alpn_outcome_name(ALPN_F_CERTIFICATE), "bad_certificate");
}

/* ---- LE's texts (R-ALPN-2, R-ALPN-3, R-ALPN-5) ---------------------------------- */

static void problem(enum alpn_failure f, const char *address, int alert, const char *type,
		    const char *detail)
{
	struct alpn_ident id = dns_ident("alpn.test");
	struct alpn_problem p;
	alpn_le_problem(f, &id, address, 443, alert,
			"Received certificate which is not self-signed.", &p);
	cr_assert_str_eq(p.type, type, "%s", alpn_outcome_name(f));
	cr_assert_str_eq(p.detail, detail);
}

#define URN "urn:ietf:params:acme:error:"

Test(alpn_texts, r_alpn_2_connection_problems_carry_the_address)
{
	const char *a = "2001:db8::1";
	problem(ALPN_F_CONNECT_TIMEOUT, a, -1, URN "connection",
		"2001:db8::1: Timeout during connect (likely firewall problem)");
	problem(ALPN_F_REFUSED, a, -1, URN "connection", "2001:db8::1: Connection refused");
	problem(ALPN_F_NET_UNREACHABLE, a, -1, URN "connection",
		"2001:db8::1: Network unreachable");
	problem(ALPN_F_UNREACHABLE, a, -1, URN "connection",
		"2001:db8::1: Error getting validation data");
	problem(ALPN_F_RESET, a, -1, URN "connection", "2001:db8::1: Connection reset by peer");
	problem(ALPN_F_HANDSHAKE_TIMEOUT, a, -1, URN "connection",
		"2001:db8::1: Timeout after connect (your server may be slow or overloaded)");
	problem(ALPN_F_REMOTE_ALERT, "192.0.2.1", 70, URN "tls",
		"192.0.2.1: remote error: tls: protocol version not supported");
	problem(ALPN_F_REMOTE_ALERT, "192.0.2.1", 112, URN "tls",
		"192.0.2.1: remote error: tls: unrecognized name");
	problem(ALPN_F_REMOTE_ALERT, "192.0.2.1", 200, URN "tls",
		"192.0.2.1: remote error: tls: alert(200)");
	problem(ALPN_F_NOT_TLS, "192.0.2.1", -1, URN "malformed",
		"192.0.2.1: Server only speaks HTTP, not TLS");
	problem(ALPN_F_TLS, "192.0.2.1", -1, URN "connection",
		"192.0.2.1: Error getting validation data");
	/* a certificate Go's parser refuses fails the handshake itself */
	problem(ALPN_F_UNPARSABLE, "192.0.2.1", -1, URN "connection",
		"192.0.2.1: Error getting validation data");
}

Test(alpn_texts, r_alpn_3_and_r_alpn_5_certificate_problems)
{
	problem(ALPN_F_NO_CERTIFICATE, "192.0.2.1", -1, URN "unauthorized",
		"No certs presented for tls-alpn-01 challenge");
	problem(ALPN_F_NO_ALPN, "192.0.2.1", -1, URN "unauthorized",
		"Cannot negotiate ALPN protocol \"acme-tls/1\" for tls-alpn-01 challenge");
	problem(ALPN_F_CERTIFICATE, "192.0.2.1", -1, URN "unauthorized",
		"Incorrect validation certificate for tls-alpn-01 challenge. Requested alpn.test "
		"from 192.0.2.1:443. Received certificate which is not self-signed.");
	problem(ALPN_F_CERTIFICATE, "2001:db8::1", -1, URN "unauthorized",
		"Incorrect validation certificate for tls-alpn-01 challenge. Requested alpn.test "
		"from [2001:db8::1]:443. Received certificate which is not self-signed.");
}

Test(alpn_texts, r_alpn_2_no_ipv4_to_fall_back_to)
{
	struct alpn_problem p;
	alpn_le_no_ipv4("alpn.test", "2001:db8::1", &p);
	cr_assert_str_eq(p.type, URN "malformed");
	cr_assert_str_eq(p.detail, "Unable to contact \"alpn.test\" at \"2001:db8::1\", no IPv4 "
				   "addresses to try as fallback");
}

Test(alpn_texts, r_alpn_2_lookup_errors_as_boulder_writes_them)
{
	/* va/dns.go getAddrs: an answer without an address; both failed:
	 * A's error first (the lookups' own texts are bdns's, le_text.c) */
	char a[300], aaaa[300];
	alpn_le_no_valid_records(false, "alpn.test", a, sizeof a);
	cr_assert_str_eq(a, "no valid A records found for alpn.test");
	alpn_le_no_valid_records(true, "alpn.test", aaaa, sizeof aaaa);
	cr_assert_str_eq(aaaa, "no valid AAAA records found for alpn.test");
	struct alpn_problem p;
	alpn_le_lookups_failed(a, aaaa, &p);
	cr_assert_str_eq(p.type, URN "dns");
	cr_assert_str_eq(p.detail, "no valid A records found for alpn.test; no valid AAAA records "
				   "found for alpn.test");
}
