/* The decisions of the tls-alpn-01 challenge as Let's Encrypt's
 * validation authority makes them (Boulder va/tlsalpn.go; RFC 8737;
 * RFC 8738 s6 for IP addresses), rules R-ALPN-1..5 of docs/rules.md:
 *
 *   - which address is tried next (R-ALPN-2): alpn_fallback_decide
 *   - what the first certificate must be (R-ALPN-3..5):
 *     alpn_check_certificate, on the fields cert.h reads
 *   - the texts Let's Encrypt shows for each failure: alpn_le_problem...
 *
 * Pure: sockets, clocks and TLS stay in tlsalpn01_run.c, which feeds these
 * functions what happened. */
#ifndef ACMEPROBE_ACME_TLSALPN01_H
#define ACMEPROBE_ACME_TLSALPN01_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acme/cert.h"
#include "acme/ident.h"

/* R-ALPN-1 (va/tlsalpn.go, va/va.go): the one protocol offered, the port,
 * and singleDialTimeout, for connect and handshake together. */
#define ALPN_PROTOCOL	     "acme-tls/1"
#define ALPN_PORT	     443
#define ALPN_DIAL_TIMEOUT_MS 10000
#define ALPN_DIGEST_LEN	     32 /* SHA-256 (RFC 8737 s3) */

/* The identifier being validated. */
struct alpn_ident {
	bool is_ip;
	const char *value;  /* the name in lower case, or the canonical IP text */
	struct ident_ip ip; /* is_ip */
};

/* ---- R-ALPN-2: the addresses ------------------------------------------ */

/* One try, as the fallback sees it. */
struct alpn_tried {
	int family;	      /* AF_INET6 or AF_INET */
	bool got_certificate; /* the handshake ended and the server sent a
				 certificate Go could parse: from here on a
				 failure is final */
};

enum alpn_next {
	ALPN_NEXT_IPV6,	      /* try the first AAAA address */
	ALPN_NEXT_IPV4,	      /* try the first A address */
	ALPN_NEXT_DONE,	      /* the last try's result is the verdict */
	ALPN_NEXT_NO_IPV4,    /* IPv6 failed and there is no A: "Unable to contact" */
	ALPN_NEXT_NO_ADDRESS, /* nothing to try at all */
};

/* R-ALPN-2 (va/tlsalpn.go tryGetChallengeCert): the first AAAA address
 * first; any failure before a certificate (connect, handshake, a
 * certificate Go refuses, none sent) sends one try to the first A
 * address, whose result is final; a try that got a certificate is final
 * whatever its checks say. `has6`/`has4`: the lookups gave an address of
 * that family; tries[0..n) what was done so far. */
enum alpn_next alpn_fallback_decide(bool has6, bool has4, const struct alpn_tried *tries, size_t n);

/* ---- R-ALPN-3..5: the certificate ---------------------------------------- */

enum alpn_cert_verdict {
	ALPN_CERT_OK,
	ALPN_CERT_NOT_SELF_SIGNED, /* R-ALPN-3 */
	ALPN_CERT_EXTENSIONS,	   /* R-ALPN-3: an OID twice, SAN or acmeIdentifier missing */
	ALPN_CERT_IDENTIFIERS,	   /* R-ALPN-4: the SAN is not the identifier alone */
	ALPN_CERT_NOT_CRITICAL,	   /* R-ALPN-5 */
	ALPN_CERT_MALFORMED_VALUE, /* R-ALPN-5: not a 32-octet OCTET STRING */
	ALPN_CERT_WRONG_VALUE,	   /* R-ALPN-5: not SHA-256 of the key authorization */
	ALPN_CERT_NO_ACME_ID,	   /* R-ALPN-5 (only reachable through the same check as
				      EXTENSIONS; kept as Boulder has it) */
};

#define ALPN_NAMES_MAX 1024

struct alpn_cert_check {
	enum alpn_cert_verdict verdict;
	const char *rule; /* "R-ALPN-3"... */
	/* Boulder's sentence for the failure, the end of "Incorrect
	 * validation certificate ... Requested X from Y. <why>"; "" if OK */
	char why[ALPN_NAMES_MAX + 256];
	/* for the report: every name of the certificate, as Boulder lists
	 * them in its error (certAltNames: the subject's commonName, the
	 * dNSNames, rfc822Names, iPAddresses, URIs, lower case, unique,
	 * sorted, ", " between) */
	char names[ALPN_NAMES_MAX];
	bool has_acme_identifier;
	bool acme_identifier_critical;
	uint8_t acme_identifier[ALPN_DIGEST_LEN]; /* when well formed */
	bool acme_identifier_well_formed;
};

/* Whether Go's Certificate.CheckSignature can verify this signature
 * algorithm (an OID's content octets): RSA PKCS #1 v1.5 with SHA-1/256/
 * 384/512, RSA-PSS, ECDSA with SHA-1/256/384/512, Ed25519; MD2, MD5, DSA
 * and anything else it refuses, so such a certificate is "not
 * self-signed" for Boulder even when its signature is right. */
bool alpn_go_verifies(struct der_span signature_oid);

/* R-ALPN-3..5 (va/tlsalpn.go validateTLSALPN01), in Boulder's order:
 * self-signed (signature_ok: the signature verifies with the
 * certificate's own key, which the caller checked with its TLS library;
 * and subject == issuer, octet for octet), the extensions, the SAN, the
 * acmeIdentifier. `digest` is SHA-256 of the key authorization. */
void alpn_check_certificate(const struct cert_fields *c, bool signature_ok,
			    const struct alpn_ident *id, const uint8_t digest[ALPN_DIGEST_LEN],
			    struct alpn_cert_check *out);

/* R-ALPN-4 (checkExpectedSAN): the DER of the only SAN Boulder accepts,
 * a SEQUENCE of one dNSName (the name as given) or one iPAddress (4 or 16
 * octets). Returns its length, 0 when cap is too small. */
size_t alpn_expected_san(const struct alpn_ident *id, uint8_t *out, size_t cap);

/* ---- what happened on one try, and LE's words for it ------------------- */

enum alpn_failure {
	ALPN_F_NONE,		  /* a certificate came and passed */
	ALPN_F_CONNECT_TIMEOUT,	  /* no answer to the SYN */
	ALPN_F_REFUSED,		  /* RST: ECONNREFUSED */
	ALPN_F_NET_UNREACHABLE,	  /* ENETUNREACH */
	ALPN_F_UNREACHABLE,	  /* EHOSTUNREACH and other connect errors */
	ALPN_F_RESET,		  /* ECONNRESET during the handshake */
	ALPN_F_HANDSHAKE_TIMEOUT, /* connected, no handshake before the deadline */
	ALPN_F_REMOTE_ALERT,	  /* the server sent a TLS alert */
	ALPN_F_NOT_TLS,		  /* the answer is not TLS (plain HTTP) */
	ALPN_F_TLS,		  /* another handshake failure (closed, refused version...) */
	ALPN_F_UNPARSABLE,	  /* a certificate Go's parser refuses */
	ALPN_F_NO_CERTIFICATE,	  /* none sent */
	ALPN_F_NO_ALPN,		  /* acme-tls/1 not negotiated */
	ALPN_F_CERTIFICATE,	  /* the first certificate fails a check */
};

/* The contract's `outcome` word: "ok", "timeout", "refused",
 * "unreachable", "reset", "tls_error", "no_alpn", "bad_certificate". */
const char *alpn_outcome_name(enum alpn_failure f);

/* Whether the failure came before a certificate (R-ALPN-2: it falls back). */
bool alpn_failure_before_certificate(enum alpn_failure f);

/* Go's text for a TLS alert ("protocol version not supported"...;
 * crypto/tls alert.go), NULL for an unknown code. */
const char *alpn_alert_text(int alert);

#define ALPN_PROBLEM_MAX 2048

struct alpn_problem {
	const char *type; /* an ACME error URN (RFC 8555 s6.7) */
	char detail[ALPN_PROBLEM_MAX];
};

/* LE's problem for a failed try (Boulder va/va.go detailedError; a
 * connect or handshake error carries the address first, "<ip>: ..."):
 * `address` the IP text, `port` the port dialled, `alert` the alert
 * received (ALPN_F_REMOTE_ALERT), `why` the certificate check's sentence
 * (ALPN_F_CERTIFICATE). */
void alpn_le_problem(enum alpn_failure f, const struct alpn_ident *id, const char *address,
		     uint16_t port, int alert, const char *why, struct alpn_problem *out);

/* R-ALPN-2: IPv6 failed and there is no A address: the real error is
 * hidden behind "Unable to contact \"<name>\" at \"<ipv6>\", no IPv4
 * addresses to try as fallback" (malformed). */
void alpn_le_no_ipv4(const char *name, const char *ipv6, struct alpn_problem *out);

/* An A or AAAA answer without an address, as va/dns.go getAddrs words
 * it: "no valid A records found for x" (a failed lookup has bdns's text:
 * le_text.h le_dns_problem). Returns the length snprintf would give. */
int alpn_le_no_valid_records(bool aaaa, const char *host, char *buf, size_t len);

/* Both lookups failed (va/dns.go getAddrs): "<A's error>; <AAAA's
 * error>", of type dns. */
void alpn_le_lookups_failed(const char *error4, const char *error6, struct alpn_problem *out);

#endif
