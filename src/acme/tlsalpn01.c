#include "acme/tlsalpn01.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "acme/le_text.h"

#define URN "urn:ietf:params:acme:error:"

/* Go's %q of a C string (le_go_quote), cut to fit. */
static void go_quote(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	out[0] = '\0';
	le_go_quote((const uint8_t *)s, strlen(s), out, cap, &n);
}

/* ---- R-ALPN-2: which address next ---------------------------------------- */

enum alpn_next alpn_fallback_decide(bool has6, bool has4, const struct alpn_tried *tries, size_t n)
{
	/* R-ALPN-2: the first AAAA address when there is one
	 * (tryGetChallengeCert: "If there is at least one IPv6 address then
	 * try it first"), else the first A */
	if (n == 0)
		return has6 ? ALPN_NEXT_IPV6 : has4 ? ALPN_NEXT_IPV4 : ALPN_NEXT_NO_ADDRESS;
	/* R-ALPN-2: after an IPv6 try that got no certificate, whatever went
	 * wrong (getChallengeCert returned an error), one try to the first
	 * IPv4 address; without one, Boulder's "Unable to contact" */
	if (n == 1 && tries[0].family == AF_INET6 && !tries[0].got_certificate)
		return has4 ? ALPN_NEXT_IPV4 : ALPN_NEXT_NO_IPV4;
	/* the IPv4 try is final, and so is any try that got a certificate:
	 * the ALPN and certificate checks come after tryGetChallengeCert */
	return ALPN_NEXT_DONE;
}

/* ---- R-ALPN-3: the signature ------------------------------------------- */

bool alpn_go_verifies(struct der_span oid)
{
	/* Go x509 signatureAlgorithmDetails that checkSignature verifies with
	 * allowSHA1 (Certificate.CheckSignature): MD5WithRSA is refused, MD2
	 * has no hash, DSA is no longer verified (Go 1.16); an OID Go does
	 * not know is UnknownSignatureAlgorithm, also refused */
	static const uint8_t known[][10] = {
	    /* 1.2.840.113549.1.1.{5,11,12,13}: sha{1,256,384,512}WithRSAEncryption */
	    {9, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x05},
	    {9, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B},
	    {9, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0C},
	    {9, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0D},
	    /* 1.2.840.113549.1.1.10: RSASSA-PSS */
	    {9, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A},
	    /* 1.2.840.10045.4.1: ecdsa-with-SHA1 */
	    {7, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x01},
	    /* 1.2.840.10045.4.3.{2,3,4}: ecdsa-with-SHA{256,384,512} */
	    {8, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02},
	    {8, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x03},
	    {8, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x04},
	    /* 1.3.101.112: Ed25519 (RFC 8410) */
	    {3, 0x2B, 0x65, 0x70},
	};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (oid.n == known[i][0] && memcmp(oid.p, &known[i][1], oid.n) == 0)
			return true;
	return false;
}

/* ---- R-ALPN-4: the names --------------------------------------------------- */

static size_t der_header(uint8_t tag, size_t len, uint8_t *out)
{
	out[0] = tag;
	if (len < 0x80) {
		out[1] = (uint8_t)len;
		return 2;
	}
	if (len < 0x100) {
		out[1] = 0x81;
		out[2] = (uint8_t)len;
		return 3;
	}
	out[1] = 0x82;
	out[2] = (uint8_t)(len >> 8);
	out[3] = (uint8_t)len;
	return 4;
}

size_t alpn_expected_san(const struct alpn_ident *id, uint8_t *out, size_t cap)
{
	/* checkExpectedSAN: asn1.Marshal of []asn1.RawValue{{Class: 2 (context),
	 * Tag: 2 (dNSName) or 7 (iPAddress), Bytes: ...}}: a SEQUENCE of one
	 * primitive [2] or [7] (RFC 5280 s4.2.1.6) */
	const uint8_t *value;
	size_t n;
	uint8_t tag;
	if (id->is_ip) {
		/* netip.Addr.MarshalBinary: 4 octets for IPv4, 16 for IPv6 */
		value = id->ip.addr;
		n = id->ip.family == AF_INET ? 4 : 16;
		tag = 0x80 | CERT_SAN_IP;
	} else {
		value = (const uint8_t *)id->value;
		n = strlen(id->value);
		tag = 0x80 | CERT_SAN_DNS;
	}
	if (n > 0xFFF0)
		return 0;
	uint8_t inner[4], outer[4];
	size_t ih = der_header(tag, n, inner);
	size_t oh = der_header(0x30, ih + n, outer);
	if (oh + ih + n > cap)
		return 0;
	memcpy(out, outer, oh);
	memcpy(out + oh, inner, ih);
	memcpy(out + oh + ih, value, n);
	return oh + ih + n;
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool equal_fold(struct der_span a, const char *b)
{
	size_t n = strlen(b);
	if (a.n != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (ascii_lower((char)a.p[i]) != ascii_lower(b[i]))
			return false;
	return true;
}

/* net.IP's 16-octet form: an IPv4 address as ::ffff:a.b.c.d. */
static void ip16(const uint8_t *a, size_t n, uint8_t out[16])
{
	memset(out, 0, 16);
	if (n == 4) {
		out[10] = out[11] = 0xFF;
		memcpy(out + 12, a, 4);
	} else {
		memcpy(out, a, 16);
	}
}

/* net.IP.String: dotted decimal for 4 octets and for an IPv4-mapped 16. */
static void ip_text(const uint8_t *a, size_t n, char out[IDENT_IP_TEXT])
{
	struct ident_ip ip = {0};
	uint8_t full[16];
	ip16(a, n, full);
	static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
	if (memcmp(full, mapped, 12) == 0) {
		ip.family = AF_INET;
		memcpy(ip.addr, full + 12, 4);
	} else {
		ip.family = AF_INET6;
		memcpy(ip.addr, full, 16);
	}
	ident_ip_format(&ip, out);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

#define NAME_MAX_LEN 255

/* va/tlsalpn.go certAltNames and core.UniqueLowerNames: the commonName,
 * then the SAN's dNSNames, rfc822Names, iPAddresses and URIs, each lower
 * case, once, sorted, joined with ", ". A name longer than 255 octets is
 * cut there (acmeprobe's limit, for the report only). */
static void alt_names(const struct cert_fields *c, const struct cert_san *san, char *out,
		      size_t cap)
{
	static const int order[] = {CERT_SAN_DNS, CERT_SAN_EMAIL, CERT_SAN_IP, CERT_SAN_URI};
	char store[(CERT_MAX_SAN + 1) * (NAME_MAX_LEN + 1)];
	const char *names[CERT_MAX_SAN + 1];
	size_t count = 0, used = 0;
	out[0] = '\0';
	if (c->common_name.n) {
		size_t n =
		    cert_string_text(c->common_name_tag, c->common_name, store, NAME_MAX_LEN + 1);
		if (n) {
			names[count++] = store;
			used = n + 1;
		}
	}
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
		for (size_t i = 0; san && i < san->count; i++) {
			const struct cert_san_entry *e = &san->entry[i];
			if (e->tag != order[k])
				continue;
			char *dst = store + used;
			if (e->tag == CERT_SAN_IP) {
				ip_text(e->value.p, e->value.n, dst);
			} else {
				size_t n = e->value.n < NAME_MAX_LEN ? e->value.n : NAME_MAX_LEN;
				memcpy(dst, e->value.p, n);
				dst[n] = '\0';
			}
			names[count++] = dst;
			used += strlen(dst) + 1;
		}
	for (size_t i = 0; i < count; i++)
		for (char *p = (char *)names[i]; *p; p++)
			*p = ascii_lower(*p);
	qsort(names, count, sizeof names[0], compare_names);
	size_t n = 0;
	for (size_t i = 0; i < count; i++) {
		if (i > 0 && strcmp(names[i], names[i - 1]) == 0)
			continue;
		int w = snprintf(out + n, cap - n, "%s%s", n ? ", " : "", names[i]);
		if (w < 0 || (size_t)w >= cap - n)
			break;
		n += (size_t)w;
	}
}

/* checkExpectedSAN's error, or NULL when the SAN is the identifier alone. */
static const char *san_error(const struct cert_fields *c, const struct cert_san *san,
			     const struct alpn_ident *id)
{
	const struct cert_san_entry *first_dns = NULL, *first_ip = NULL;
	for (size_t i = 0; i < san->count; i++) {
		if (san->entry[i].tag == CERT_SAN_DNS && !first_dns)
			first_dns = &san->entry[i];
		if (san->entry[i].tag == CERT_SAN_IP && !first_ip)
			first_ip = &san->entry[i];
	}
	if (id->is_ip) {
		/* R-ALPN-4: exactly one iPAddress and no dNSName */
		if (san->ip != 1 || san->dns != 0 || !first_ip)
			return "wrong number of identifiers";
		/* net.IP.Equal: an IPv4 address equals its IPv4-mapped form */
		uint8_t got[16], want[16];
		ip16(first_ip->value.p, first_ip->value.n, got);
		ip16(id->ip.addr, id->ip.family == AF_INET ? 4 : 16, want);
		if (memcmp(got, want, 16) != 0)
			return "identifier does not match expected identifier";
	} else {
		/* R-ALPN-4: exactly one dNSName, equal ignoring case, and no
		 * iPAddress */
		if (san->dns != 1 || san->ip != 0 || !first_dns)
			return "wrong number of identifiers";
		if (!equal_fold(first_dns->value, id->value))
			return "identifier does not match expected identifier";
	}
	/* R-ALPN-4: then the whole extension, byte for byte: an extra email
	 * or URI entry, another letter case or another IP length fails here */
	uint8_t expected[512]; /* a name has at most 253 octets (RFC 1035 s2.3.4) */
	size_t n = alpn_expected_san(id, expected, sizeof expected);
	if (n == 0)
		return "SAN extension does not match expected bytes";
	for (size_t i = 0; i < c->ext_count; i++)
		if (cert_oid_equal(c->ext[i].oid, CERT_OID_SAN) &&
		    (c->ext[i].value.n != n || memcmp(c->ext[i].value.p, expected, n) != 0))
			return "SAN extension does not match expected bytes";
	return NULL;
}

/* ---- R-ALPN-3..5: the checks --------------------------------------------- */

static void hex(const uint8_t *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0xF];
	}
	out[2 * n] = '\0';
}

static void verdict(struct alpn_cert_check *out, enum alpn_cert_verdict v, const char *rule)
{
	out->verdict = v;
	out->rule = rule;
}

static const struct cert_extension *find(const struct cert_fields *c, struct der_span oid)
{
	for (size_t i = 0; i < c->ext_count; i++)
		if (cert_oid_equal(c->ext[i].oid, oid))
			return &c->ext[i];
	return NULL;
}

void alpn_check_certificate(const struct cert_fields *c, bool signature_ok,
			    const struct alpn_ident *id, const uint8_t digest[ALPN_DIGEST_LEN],
			    struct alpn_cert_check *out)
{
	memset(out, 0, sizeof *out);
	verdict(out, ALPN_CERT_OK, "R-ALPN-5");

	/* what the report shows, whatever the verdict */
	const struct cert_extension *san_ext = find(c, CERT_OID_SAN);
	const struct cert_extension *acme = find(c, CERT_OID_ACME_IDENTIFIER);
	struct cert_san san = {0};
	char scratch[160];
	bool san_read =
	    san_ext && cert_san_parse(san_ext->value, &san, scratch, sizeof scratch) == CERT_OK;
	alt_names(c, san_read ? &san : NULL, out->names, sizeof out->names);
	if (acme) {
		out->has_acme_identifier = true;
		out->acme_identifier_critical = acme->critical;
		/* R-ALPN-5: asn1.Unmarshal into []byte: a primitive OCTET
		 * STRING in DER, nothing after it, of 32 octets */
		const uint8_t *v = acme->value.p;
		if (acme->value.n == 2 + ALPN_DIGEST_LEN && v[0] == 0x04 &&
		    v[1] == ALPN_DIGEST_LEN) {
			out->acme_identifier_well_formed = true;
			memcpy(out->acme_identifier, v + 2, ALPN_DIGEST_LEN);
		}
	}

	/* R-ALPN-3: self-signed: the signature verifies with the
	 * certificate's own key (cert.CheckSignature) and the subject is
	 * the issuer, octet for octet (RawSubject, RawIssuer) */
	if (!signature_ok || !alpn_go_verifies(c->signature_oid) || c->subject.n != c->issuer.n ||
	    memcmp(c->subject.p, c->issuer.p, c->issuer.n) != 0) {
		verdict(out, ALPN_CERT_NOT_SELF_SIGNED, "R-ALPN-3");
		snprintf(out->why, sizeof out->why,
			 "Received certificate which is not self-signed.");
		return;
	}

	/* R-ALPN-3: no extension twice, and both subjectAltName and
	 * acmeIdentifier present, acmeIdentifier asked for first
	 * (checkAcceptableExtensions) */
	char err[200] = "", oid[128];
	for (size_t i = 0; i < c->ext_count && !err[0]; i++)
		for (size_t k = 0; k < i; k++)
			if (cert_oid_equal(c->ext[i].oid, c->ext[k].oid)) {
				cert_oid_text(c->ext[i].oid, oid, sizeof oid);
				snprintf(err, sizeof err, "Extension OID %s seen twice", oid);
				break;
			}
	if (!err[0] && !acme)
		snprintf(err, sizeof err,
			 "Required extension OID 1.3.6.1.5.5.7.1.31 is not present");
	if (!err[0] && !san_ext)
		snprintf(err, sizeof err, "Required extension OID 2.5.29.17 is not present");
	if (err[0]) {
		char quoted[sizeof err * 4 + 3];
		go_quote(err, quoted, sizeof quoted);
		verdict(out, ALPN_CERT_EXTENSIONS, "R-ALPN-3");
		snprintf(out->why, sizeof out->why,
			 "Received certificate with unexpected extensions: %s", quoted);
		return;
	}

	/* R-ALPN-4: the identifier, alone */
	const char *san_err = san_read ? san_error(c, &san, id) : "wrong number of identifiers";
	if (san_err) {
		char qnames[sizeof out->names + 16], qerr[100];
		go_quote(out->names, qnames, sizeof qnames);
		go_quote(san_err, qerr, sizeof qerr);
		verdict(out, ALPN_CERT_IDENTIFIERS, "R-ALPN-4");
		snprintf(out->why, sizeof out->why,
			 "Received certificate with unexpected identifiers (%s): %s", qnames, qerr);
		return;
	}

	/* R-ALPN-5: the acmeIdentifier: critical, well formed, SHA-256 of the
	 * key authorization (RFC 8737 s3) */
	if (!acme) {
		verdict(out, ALPN_CERT_NO_ACME_ID, "R-ALPN-5");
		snprintf(out->why, sizeof out->why,
			 "Received certificate with no acmeValidationV1 extension.");
		return;
	}
	if (!acme->critical) {
		verdict(out, ALPN_CERT_NOT_CRITICAL, "R-ALPN-5");
		snprintf(out->why, sizeof out->why,
			 "Received certificate with acmeValidationV1 extension that is not "
			 "Critical.");
		return;
	}
	if (!out->acme_identifier_well_formed) {
		verdict(out, ALPN_CERT_MALFORMED_VALUE, "R-ALPN-5");
		snprintf(out->why, sizeof out->why,
			 "Received certificate with malformed acmeValidationV1 extension value.");
		return;
	}
	if (memcmp(out->acme_identifier, digest, ALPN_DIGEST_LEN) != 0) {
		char got[2 * ALPN_DIGEST_LEN + 1], want[2 * ALPN_DIGEST_LEN + 1];
		hex(out->acme_identifier, ALPN_DIGEST_LEN, got);
		hex(digest, ALPN_DIGEST_LEN, want);
		verdict(out, ALPN_CERT_WRONG_VALUE, "R-ALPN-5");
		snprintf(out->why, sizeof out->why,
			 "Received certificate with acmeValidationV1 extension value %s but "
			 "expected %s.",
			 got, want);
		return;
	}
}

/* ---- outcomes and texts ------------------------------------------------------ */

const char *alpn_outcome_name(enum alpn_failure f)
{
	switch (f) {
	case ALPN_F_NONE:
		return "ok";
	case ALPN_F_CONNECT_TIMEOUT:
	case ALPN_F_HANDSHAKE_TIMEOUT:
		return "timeout";
	case ALPN_F_REFUSED:
		return "refused";
	case ALPN_F_NET_UNREACHABLE:
	case ALPN_F_UNREACHABLE:
		return "unreachable";
	case ALPN_F_RESET:
		return "reset";
	case ALPN_F_REMOTE_ALERT:
	case ALPN_F_NOT_TLS:
	case ALPN_F_TLS:
		return "tls_error";
	case ALPN_F_NO_ALPN:
		return "no_alpn";
	case ALPN_F_UNPARSABLE:
	case ALPN_F_NO_CERTIFICATE:
	case ALPN_F_CERTIFICATE:
		return "bad_certificate";
	}
	return "?";
}

bool alpn_failure_before_certificate(enum alpn_failure f)
{
	/* R-ALPN-2: all that getChallengeCert returns as an error */
	return f != ALPN_F_NONE && f != ALPN_F_NO_ALPN && f != ALPN_F_CERTIFICATE;
}

const char *alpn_alert_text(int alert)
{
	/* RFC 8446 s6, with Go's words (crypto/tls alert.go) */
	switch (alert) {
	case 0:
		return "close notify";
	case 10:
		return "unexpected message";
	case 20:
		return "bad record MAC";
	case 21:
		return "decryption failed";
	case 22:
		return "record overflow";
	case 30:
		return "decompression failure";
	case 40:
		return "handshake failure";
	case 42:
		return "bad certificate";
	case 43:
		return "unsupported certificate";
	case 44:
		return "revoked certificate";
	case 45:
		return "expired certificate";
	case 46:
		return "unknown certificate";
	case 47:
		return "illegal parameter";
	case 48:
		return "unknown certificate authority";
	case 49:
		return "access denied";
	case 50:
		return "error decoding message";
	case 51:
		return "error decrypting message";
	case 60:
		return "export restriction";
	case 70:
		return "protocol version not supported";
	case 71:
		return "insufficient security level";
	case 80:
		return "internal error";
	case 86:
		return "inappropriate fallback";
	case 90:
		return "user canceled";
	case 100:
		return "no renegotiation";
	case 109:
		return "missing extension";
	case 110:
		return "unsupported extension";
	case 111:
		return "certificate unobtainable";
	case 112:
		return "unrecognized name";
	case 113:
		return "bad certificate status response";
	case 114:
		return "bad certificate hash value";
	case 115:
		return "unknown PSK identity";
	case 116:
		return "certificate required";
	case 120:
		return "no application protocol";
	case 121:
		return "encrypted client hello required";
	}
	return NULL;
}

void alpn_le_problem(enum alpn_failure f, const struct alpn_ident *id, const char *address,
		     uint16_t port, int alert, const char *why, struct alpn_problem *out)
{
	const char *text = NULL;
	out->type = URN "connection";
	switch (f) {
	case ALPN_F_NONE:
		out->type = NULL;
		out->detail[0] = '\0';
		return;
	/* va/va.go detailedError, on the dial error wrapped with the IP */
	case ALPN_F_CONNECT_TIMEOUT:
		text = "Timeout during connect (likely firewall problem)";
		break;
	case ALPN_F_REFUSED:
		text = "Connection refused";
		break;
	case ALPN_F_NET_UNREACHABLE:
		text = "Network unreachable";
		break;
	case ALPN_F_RESET:
		text = "Connection reset by peer";
		break;
	/* the dial context's deadline during the handshake: a net.Error
	 * with Timeout(), not a dial OpError */
	case ALPN_F_HANDSHAKE_TIMEOUT:
		text = "Timeout after connect (your server may be slow or overloaded)";
		break;
	case ALPN_F_NOT_TLS:
		out->type = URN "malformed";
		text = "Server only speaks HTTP, not TLS";
		break;
	case ALPN_F_REMOTE_ALERT: {
		/* a tls.alert in a net.OpError "remote error": probs.TLS */
		out->type = URN "tls";
		const char *a = alpn_alert_text(alert);
		if (a)
			snprintf(out->detail, sizeof out->detail, "%s: remote error: tls: %s",
				 address, a);
		else
			snprintf(out->detail, sizeof out->detail,
				 "%s: remote error: tls: alert(%d)", address, alert);
		return;
	}
	/* EHOSTUNREACH, an EOF, a local TLS error, a certificate Go cannot
	 * parse ("tls: failed to parse certificate from server"): none of
	 * the classes detailedError knows */
	case ALPN_F_UNREACHABLE:
	case ALPN_F_TLS:
	case ALPN_F_UNPARSABLE:
		text = "Error getting validation data";
		break;
	case ALPN_F_NO_CERTIFICATE:
		out->type = URN "unauthorized";
		snprintf(out->detail, sizeof out->detail,
			 "No certs presented for tls-alpn-01 challenge");
		return;
	case ALPN_F_NO_ALPN:
		out->type = URN "unauthorized";
		snprintf(out->detail, sizeof out->detail,
			 "Cannot negotiate ALPN protocol \"" ALPN_PROTOCOL
			 "\" for tls-alpn-01 challenge");
		return;
	case ALPN_F_CERTIFICATE: {
		/* badCertErr: net.JoinHostPort(AddressUsed, Port) */
		bool v6 = strchr(address, ':') != NULL;
		out->type = URN "unauthorized";
		snprintf(out->detail, sizeof out->detail,
			 "Incorrect validation certificate for tls-alpn-01 challenge. Requested %s "
			 "from %s%s%s:%u. %s",
			 id->value, v6 ? "[" : "", address, v6 ? "]" : "", port, why ? why : "");
		return;
	}
	}
	snprintf(out->detail, sizeof out->detail, "%s: %s", address, text ? text : "?");
}

void alpn_le_no_ipv4(const char *name, const char *ipv6, struct alpn_problem *out)
{
	char qname[600], qaddr[64];
	go_quote(name, qname, sizeof qname);
	go_quote(ipv6, qaddr, sizeof qaddr);
	out->type = URN "malformed";
	snprintf(out->detail, sizeof out->detail,
		 "Unable to contact %s at %s, no IPv4 addresses to try as fallback", qname, qaddr);
}

int alpn_le_no_valid_records(bool aaaa, const char *host, char *buf, size_t len)
{
	/* va/dns.go getAddrs: an answer that holds no (usable) address */
	return snprintf(buf, len, "no valid %s records found for %s", aaaa ? "AAAA" : "A", host);
}

void alpn_le_lookups_failed(const char *error4, const char *error6, struct alpn_problem *out)
{
	out->type = URN "dns";
	snprintf(out->detail, sizeof out->detail, "%s; %s", error4, error6);
}
