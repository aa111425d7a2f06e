/* The parts of an X.509 certificate (RFC 5280 s4.1) that the tls-alpn-01
 * checks read, straight from its DER, and whether Go's
 * x509.ParseCertificate would refuse it. That matters to the verdict:
 * Boulder's TLS client (crypto/tls, va/tlsalpn.go) parses every
 * certificate the server sends during the handshake, InsecureSkipVerify
 * or not, and a certificate it cannot parse fails the handshake itself,
 * before any tls-alpn-01 check (R-ALPN-2, R-ALPN-3 of docs/rules.md).
 *
 * What is read as Go reads it: DER lengths and tags (no indefinite or
 * non-minimal lengths, no high tag numbers), the version, the serial
 * number's sign, the names (every attribute value a string type Go
 * knows, with its character set), the inner and outer signature
 * algorithms being the same, the extensions (critical flag, no OID
 * twice) and the subjectAltName entries (dNSName, rfc822Name and URI in
 * ASCII, iPAddress of 4 or 16 octets), no octet after the certificate.
 * What is only checked for shape: the validity times (their tags), the
 * public key (an algorithm and a BIT STRING), the other extensions'
 * contents, URIs beyond ASCII (Go also runs url.Parse on them). Pure: no
 * I/O; the spans point into the caller's buffer. */
#ifndef ACMEPROBE_ACME_CERT_H
#define ACMEPROBE_ACME_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct der_span {
	const uint8_t *p;
	size_t n;
};

/* Go has no limit; acmeprobe reads this many and says so beyond. */
#define CERT_MAX_EXTENSIONS 64
#define CERT_MAX_SAN	    64

struct cert_extension {
	struct der_span oid;   /* the OBJECT IDENTIFIER's content octets */
	bool critical;	       /* DEFAULT FALSE when absent */
	struct der_span value; /* extnValue's content octets */
};

struct cert_fields {
	int version;			 /* 1, 2 or 3 */
	struct der_span tbs;		 /* TBSCertificate, tag and length included */
	struct der_span issuer, subject; /* each Name whole (Go's RawIssuer, RawSubject) */
	struct der_span signature_oid;	 /* the signatureAlgorithm's OID content */
	struct der_span common_name;	 /* the last commonName value (Go keeps the last), */
	uint8_t common_name_tag;	 /* with its string tag; n == 0: none */
	size_t ext_count;
	struct cert_extension ext[CERT_MAX_EXTENSIONS];
};

enum cert_err {
	CERT_OK,
	CERT_E_MALFORMED,	    /* not DER, or not a certificate's structure */
	CERT_E_TRAILING,	    /* octets after the certificate */
	CERT_E_VERSION,		    /* a version other than 1, 2, 3 */
	CERT_E_NEGATIVE_SERIAL,	    /* refused by Go since 1.23 */
	CERT_E_NAME,		    /* an attribute value Go cannot read as a string */
	CERT_E_SIGNATURE_MISMATCH,  /* inner and outer signature algorithms differ */
	CERT_E_EXTENSION,	    /* a malformed extension */
	CERT_E_DUPLICATE_EXTENSION, /* one OID twice (Go refuses it since 1.19) */
	CERT_E_SAN,		    /* a malformed subjectAltName */
	CERT_E_TOO_MANY,	    /* beyond acmeprobe's limits (not Go's) */
};

/* Reads der[0..len) into *out. On an error, `why` gets Go's error text
 * ("x509: ...") or, for CERT_E_TOO_MANY, acmeprobe's. */
enum cert_err cert_parse(const uint8_t *der, size_t len, struct cert_fields *out, char *why,
			 size_t why_len);

/* ---- subjectAltName (RFC 5280 s4.2.1.6) ------------------------------ */

/* GeneralName context tags Go reads (x509 parser.go nameType*). */
enum cert_san_tag {
	CERT_SAN_EMAIL = 1, /* rfc822Name */
	CERT_SAN_DNS = 2,   /* dNSName */
	CERT_SAN_URI = 6,   /* uniformResourceIdentifier */
	CERT_SAN_IP = 7,    /* iPAddress */
};

struct cert_san_entry {
	int tag; /* the context tag number of a primitive entry; -1 for a
		    constructed one (otherName, directoryName...) */
	struct der_span value;
};

struct cert_san {
	size_t count;
	struct cert_san_entry entry[CERT_MAX_SAN];
	size_t dns, email, ip, uri;
};

/* Reads a subjectAltName extension's value as Go's parseSANExtension
 * does. Errors as cert_parse. */
enum cert_err cert_san_parse(struct der_span value, struct cert_san *out, char *why,
			     size_t why_len);

/* ---- object identifiers ------------------------------------------------- */

extern const struct der_span CERT_OID_SAN;	       /* 2.5.29.17 */
extern const struct der_span CERT_OID_ACME_IDENTIFIER; /* 1.3.6.1.5.5.7.1.31 (RFC 8737 s6.1) */

bool cert_oid_equal(struct der_span a, struct der_span b);
/* Dotted text ("2.5.29.17"), as Go's asn1.ObjectIdentifier.String. */
size_t cert_oid_text(struct der_span oid, char *out, size_t cap);

/* A Name attribute's string value as UTF-8 (BMPString decoded from
 * UTF-16), as Go's parseASN1String gives it. Returns the length written
 * (cut at cap - 1). */
size_t cert_string_text(uint8_t tag, struct der_span v, char *out, size_t cap);

#endif
