#include "acme/cert.h"

#include <stdio.h>
#include <string.h>

/* ---- DER, as Go's cryptobyte reads it (X.690 s8, s10) ------------------ */

enum {
	TAG_BOOLEAN = 0x01,
	TAG_INTEGER = 0x02,
	TAG_BIT_STRING = 0x03,
	TAG_OCTET_STRING = 0x04,
	TAG_OID = 0x06,
	TAG_UTF8 = 0x0C,
	TAG_NUMERIC = 0x12,
	TAG_PRINTABLE = 0x13,
	TAG_T61 = 0x14,
	TAG_IA5 = 0x16,
	TAG_UTC_TIME = 0x17,
	TAG_GENERALIZED_TIME = 0x18,
	TAG_BMP = 0x1E,
	TAG_SEQUENCE = 0x30,
	TAG_SET = 0x31,
	TAG_CONTEXT = 0x80,
	TAG_CONSTRUCTED = 0x20,
};

struct reader {
	const uint8_t *p;
	size_t n;
};

/* One element: its tag, its content, and the whole element. False on
 * anything cryptobyte refuses: a high tag number, an indefinite length, a
 * length in more octets than needed or than 4, a length past the end. */
static bool read_any(struct reader *r, uint8_t *tag, struct der_span *content,
		     struct der_span *whole)
{
	if (r->n < 2)
		return false;
	uint8_t t = r->p[0];
	if ((t & 0x1F) == 0x1F)
		return false;
	size_t len, header;
	uint8_t l0 = r->p[1];
	if (l0 < 0x80) {
		len = l0;
		header = 2;
	} else {
		size_t octets = l0 & 0x7F;
		if (octets == 0 || octets > 4 || r->n < 2 + octets)
			return false;
		len = 0;
		for (size_t i = 0; i < octets; i++)
			len = len << 8 | r->p[2 + i];
		/* DER: the fewest octets (X.690 s10.1) */
		if (len < 0x80 || (len >> ((octets - 1) * 8)) == 0)
			return false;
		header = 2 + octets;
	}
	if (len > r->n - header)
		return false;
	*tag = t;
	content->p = r->p + header;
	content->n = len;
	if (whole) {
		whole->p = r->p;
		whole->n = header + len;
	}
	r->p += header + len;
	r->n -= header + len;
	return true;
}

static bool read_tag(struct reader *r, uint8_t want, struct der_span *content,
		     struct der_span *whole)
{
	struct reader save = *r;
	uint8_t tag;
	if (!read_any(r, &tag, content, whole) || tag != want) {
		*r = save;
		return false;
	}
	return true;
}

static bool peek_tag(const struct reader *r, uint8_t want)
{
	return r->n > 0 && r->p[0] == want;
}

static struct reader sub(struct der_span s)
{
	struct reader r = {s.p, s.n};
	return r;
}

/* An INTEGER's content in the fewest octets (cryptobyte checkASN1Integer). */
static bool integer_ok(struct der_span v)
{
	if (v.n == 0)
		return false;
	if (v.n > 1 && ((v.p[0] == 0 && !(v.p[1] & 0x80)) || (v.p[0] == 0xFF && (v.p[1] & 0x80))))
		return false;
	return true;
}

/* One base-128 OID component, as cryptobyte's readBase128Int: at most 5
 * octets, no leading 0x80, below 2^31. */
static bool base128(struct reader *r, unsigned long *out)
{
	unsigned long v = 0;
	for (int i = 0; r->n > 0; i++) {
		if (i == 5 || v >= (1UL << 24))
			return false;
		uint8_t b = *r->p++;
		r->n--;
		if (i == 0 && b == 0x80)
			return false;
		v = v << 7 | (b & 0x7F);
		if (!(b & 0x80)) {
			*out = v;
			return true;
		}
	}
	return false;
}

static bool oid_ok(struct der_span oid)
{
	struct reader r = sub(oid);
	if (r.n == 0)
		return false;
	unsigned long v;
	while (r.n)
		if (!base128(&r, &v))
			return false;
	return true;
}

static bool read_oid(struct reader *r, struct der_span *oid)
{
	return read_tag(r, TAG_OID, oid, NULL) && oid_ok(*oid);
}

/* A BIT STRING's content (cryptobyte ReadASN1BitString): the count of
 * unused bits first, at most 7, and those bits zero. */
static bool bit_string_ok(struct der_span v)
{
	if (v.n == 0)
		return false;
	uint8_t unused = v.p[0];
	if (unused > 7 || (v.n == 1 && unused > 0))
		return false;
	return v.n == 1 || (v.p[v.n - 1] & ((1u << unused) - 1)) == 0;
}

/* ---- object identifiers ------------------------------------------------ */

static const uint8_t oid_san[] = {0x55, 0x1D, 0x11};
static const uint8_t oid_acme[] = {0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x1F};
static const uint8_t oid_cn[] = {0x55, 0x04, 0x03};
const struct der_span CERT_OID_SAN = {oid_san, sizeof oid_san};
const struct der_span CERT_OID_ACME_IDENTIFIER = {oid_acme, sizeof oid_acme};

bool cert_oid_equal(struct der_span a, struct der_span b)
{
	return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

size_t cert_oid_text(struct der_span oid, char *out, size_t cap)
{
	struct reader r = sub(oid);
	size_t n = 0;
	unsigned long v;
	if (cap)
		out[0] = '\0';
	for (bool first = true; r.n; first = false) {
		if (!base128(&r, &v))
			break;
		int w;
		if (first)
			/* X.690 s8.19.4: the first two arcs share one component */
			w = v < 80 ? snprintf(out + n, cap - n, "%lu.%lu", v / 40, v % 40)
				   : snprintf(out + n, cap - n, "2.%lu", v - 80);
		else
			w = snprintf(out + n, cap - n, ".%lu", v);
		if (w < 0 || (size_t)w >= cap - n)
			return n;
		n += (size_t)w;
	}
	return n;
}

/* ---- strings (Go's x509 parseASN1String) --------------------------------- */

static bool printable_char(uint8_t b)
{
	/* PrintableString (X.680 s41.4), plus '*' and '&', which Go allows
	 * because certificates carry them */
	return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
	       (b >= '\'' && b <= ')') || (b >= '+' && b <= '/') || b == ' ' || b == ':' ||
	       b == '=' || b == '?' || b == '*' || b == '&';
}

static bool ascii(struct der_span v)
{
	for (size_t i = 0; i < v.n; i++)
		if (v.p[i] >= 0x80)
			return false;
	return true;
}

static bool utf8_valid(struct der_span v)
{
	for (size_t i = 0; i < v.n;) {
		uint8_t c = v.p[i];
		size_t len;
		uint32_t cp, min;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			len = 2, cp = c & 0x1F, min = 0x80;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3, cp = c & 0x0F, min = 0x800;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4, cp = c & 0x07, min = 0x10000;
		} else {
			return false;
		}
		if (v.n - i < len)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((v.p[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (v.p[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += len;
	}
	return true;
}

/* Whether Go reads the value as a string; it refuses a certificate with
 * a Name attribute it cannot ("invalid RDNSequence: invalid attribute
 * value"). */
static bool string_ok(uint8_t tag, struct der_span v)
{
	switch (tag) {
	case TAG_T61:
		return true;
	case TAG_PRINTABLE:
		for (size_t i = 0; i < v.n; i++)
			if (!printable_char(v.p[i]))
				return false;
		return true;
	case TAG_UTF8:
		return utf8_valid(v);
	case TAG_BMP:
		return v.n % 2 == 0;
	case TAG_IA5:
		return ascii(v);
	case TAG_NUMERIC:
		for (size_t i = 0; i < v.n; i++)
			if (!((v.p[i] >= '0' && v.p[i] <= '9') || v.p[i] == ' '))
				return false;
		return true;
	}
	return false;
}

static size_t put_utf8(char *out, size_t cap, size_t n, uint32_t cp)
{
	uint8_t b[4];
	size_t k;
	if (cp < 0x80) {
		b[0] = (uint8_t)cp, k = 1;
	} else if (cp < 0x800) {
		b[0] = (uint8_t)(0xC0 | cp >> 6), b[1] = (uint8_t)(0x80 | (cp & 0x3F)), k = 2;
	} else if (cp < 0x10000) {
		b[0] = (uint8_t)(0xE0 | cp >> 12), b[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (uint8_t)(0x80 | (cp & 0x3F)), k = 3;
	} else {
		b[0] = (uint8_t)(0xF0 | cp >> 18), b[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F)), b[3] = (uint8_t)(0x80 | (cp & 0x3F));
		k = 4;
	}
	if (n + k >= cap)
		return n;
	memcpy(out + n, b, k);
	return n + k;
}

size_t cert_string_text(uint8_t tag, struct der_span v, char *out, size_t cap)
{
	size_t n = 0;
	if (cap == 0)
		return 0;
	if (v.n == 0) {
		/* no value (no commonName): nothing to copy from */
		out[0] = '\0';
		return 0;
	}
	if (tag == TAG_BMP) {
		/* UTF-16, big-endian; Go drops a final NUL character and makes
		 * a lone surrogate U+FFFD */
		size_t units = v.n / 2;
		if (units && v.p[2 * units - 2] == 0 && v.p[2 * units - 1] == 0)
			units--;
		for (size_t i = 0; i < units; i++) {
			uint32_t u = (uint32_t)v.p[2 * i] << 8 | v.p[2 * i + 1];
			if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units) {
				uint32_t lo = (uint32_t)v.p[2 * i + 2] << 8 | v.p[2 * i + 3];
				if (lo >= 0xDC00 && lo <= 0xDFFF) {
					u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
					i++;
				}
			}
			if (u >= 0xD800 && u <= 0xDFFF)
				u = 0xFFFD;
			n = put_utf8(out, cap, n, u);
		}
	} else {
		n = v.n < cap - 1 ? v.n : cap - 1;
		memcpy(out, v.p, n);
	}
	out[n] = '\0';
	return n;
}

/* ---- the certificate ----------------------------------------------------- */

static enum cert_err fail(enum cert_err e, char *why, size_t why_len, const char *text)
{
	snprintf(why, why_len, "%s", text);
	return e;
}

/* A Name (RFC 5280 s4.1.2.4) as Go's parseName reads it; the last
 * commonName goes to out when it is the subject. */
static enum cert_err parse_name(struct der_span whole, struct cert_fields *out, bool subject,
				char *why, size_t why_len)
{
	struct reader outer = sub(whole), seq;
	struct der_span content;
	if (!read_tag(&outer, TAG_SEQUENCE, &content, NULL))
		return fail(CERT_E_MALFORMED, why, why_len, "x509: invalid RDNSequence");
	seq = sub(content);
	while (seq.n) {
		struct der_span set_content;
		if (!read_tag(&seq, TAG_SET, &set_content, NULL))
			return fail(CERT_E_MALFORMED, why, why_len, "x509: invalid RDNSequence");
		struct reader set = sub(set_content);
		while (set.n) {
			struct der_span atv_content, type, value;
			uint8_t value_tag;
			if (!read_tag(&set, TAG_SEQUENCE, &atv_content, NULL))
				return fail(CERT_E_MALFORMED, why, why_len,
					    "x509: invalid RDNSequence: invalid attribute");
			struct reader atv = sub(atv_content);
			if (!read_oid(&atv, &type))
				return fail(CERT_E_MALFORMED, why, why_len,
					    "x509: invalid RDNSequence: invalid attribute type");
			if (!read_any(&atv, &value_tag, &value, NULL))
				return fail(CERT_E_MALFORMED, why, why_len,
					    "x509: invalid RDNSequence: invalid attribute value");
			if (!string_ok(value_tag, value))
				return fail(CERT_E_NAME, why, why_len,
					    "x509: invalid RDNSequence: invalid attribute value");
			struct der_span cn = {oid_cn, sizeof oid_cn};
			if (subject && cert_oid_equal(type, cn)) {
				out->common_name = value;
				out->common_name_tag = value_tag;
			}
		}
	}
	return CERT_OK;
}

/* An AlgorithmIdentifier: a SEQUENCE that starts with an OID. */
static bool read_algorithm(struct reader *r, struct der_span *whole, struct der_span *oid)
{
	struct der_span content;
	if (!read_tag(r, TAG_SEQUENCE, &content, whole))
		return false;
	struct reader a = sub(content);
	return read_oid(&a, oid);
}

static enum cert_err parse_extensions(struct der_span exts, struct cert_fields *out, char *why,
				      size_t why_len)
{
	struct reader r = sub(exts), list;
	struct der_span content;
	if (!read_tag(&r, TAG_SEQUENCE, &content, NULL))
		return fail(CERT_E_EXTENSION, why, why_len, "x509: malformed extensions");
	list = sub(content);
	while (list.n) {
		struct der_span ext_content;
		if (!read_tag(&list, TAG_SEQUENCE, &ext_content, NULL))
			return fail(CERT_E_EXTENSION, why, why_len, "x509: malformed extension");
		struct reader e = sub(ext_content);
		struct cert_extension x = {0};
		if (!read_oid(&e, &x.oid))
			return fail(CERT_E_EXTENSION, why, why_len,
				    "x509: malformed extension OID field");
		if (peek_tag(&e, TAG_BOOLEAN)) {
			struct der_span b;
			/* DER: a BOOLEAN is one octet, 0x00 or 0xFF */
			if (!read_tag(&e, TAG_BOOLEAN, &b, NULL) || b.n != 1 ||
			    (b.p[0] != 0 && b.p[0] != 0xFF))
				return fail(CERT_E_EXTENSION, why, why_len,
					    "x509: malformed extension critical field");
			x.critical = b.p[0] == 0xFF;
		}
		if (!read_tag(&e, TAG_OCTET_STRING, &x.value, NULL))
			return fail(CERT_E_EXTENSION, why, why_len,
				    "x509: malformed extension value field");
		/* Go 1.19 and later: ParseCertificate refuses a certificate
		 * with one extension OID twice (x509 parser.go) */
		for (size_t i = 0; i < out->ext_count; i++)
			if (cert_oid_equal(out->ext[i].oid, x.oid)) {
				char text[128];
				cert_oid_text(x.oid, text, sizeof text);
				snprintf(why, why_len,
					 "x509: certificate contains duplicate extension with OID "
					 "\"%s\"",
					 text);
				return CERT_E_DUPLICATE_EXTENSION;
			}
		if (out->ext_count == CERT_MAX_EXTENSIONS)
			return fail(
			    CERT_E_TOO_MANY, why, why_len,
			    "the certificate has more extensions than acmeprobe reads (64)");
		out->ext[out->ext_count++] = x;
	}
	/* then processExtensions, which parses the subjectAltName */
	for (size_t i = 0; i < out->ext_count; i++)
		if (cert_oid_equal(out->ext[i].oid, CERT_OID_SAN)) {
			struct cert_san san;
			enum cert_err se = cert_san_parse(out->ext[i].value, &san, why, why_len);
			if (se != CERT_OK)
				return se;
		}
	return CERT_OK;
}

enum cert_err cert_parse(const uint8_t *der, size_t len, struct cert_fields *out, char *why,
			 size_t why_len)
{
	memset(out, 0, sizeof *out);
	if (why_len)
		why[0] = '\0';
	/* Go x509 parser.go parseCertificate, in its order */
	struct reader input = {der, len}, cert, tbs;
	struct der_span cert_content, tbs_content, tmp;
	if (!read_tag(&input, TAG_SEQUENCE, &cert_content, NULL))
		return fail(CERT_E_MALFORMED, why, why_len, "x509: malformed certificate");
	cert = sub(cert_content);
	if (!read_tag(&cert, TAG_SEQUENCE, &tbs_content, &out->tbs))
		return fail(CERT_E_MALFORMED, why, why_len, "x509: malformed tbs certificate");
	tbs = sub(tbs_content);

	/* version [0] EXPLICIT INTEGER DEFAULT v1 */
	out->version = 1;
	if (peek_tag(&tbs, TAG_CONTEXT | TAG_CONSTRUCTED | 0)) {
		struct der_span explicit_v, v;
		if (!read_tag(&tbs, TAG_CONTEXT | TAG_CONSTRUCTED | 0, &explicit_v, NULL))
			return fail(CERT_E_MALFORMED, why, why_len, "x509: malformed version");
		struct reader vr = sub(explicit_v);
		if (!read_tag(&vr, TAG_INTEGER, &v, NULL) || !integer_ok(v) || vr.n ||
		    (v.p[0] & 0x80))
			return fail(CERT_E_MALFORMED, why, why_len, "x509: malformed version");
		long value = 0;
		for (size_t i = 0; i < v.n && value <= 2; i++)
			value = value << 8 | v.p[i];
		if (value > 2)
			return fail(CERT_E_VERSION, why, why_len, "x509: invalid version");
		out->version = (int)value + 1;
	}
	struct der_span serial;
	if (!read_tag(&tbs, TAG_INTEGER, &serial, NULL) || !integer_ok(serial))
		return fail(CERT_E_MALFORMED, why, why_len, "x509: malformed serial number");
	if (serial.p[0] & 0x80)
		return fail(CERT_E_NEGATIVE_SERIAL, why, why_len, "x509: negative serial number");
	struct der_span inner_alg, inner_oid;
	if (!read_algorithm(&tbs, &inner_alg, &inner_oid))
		return fail(CERT_E_MALFORMED, why, why_len,
			    "x509: malformed signature algorithm identifier");
	if (!read_tag(&tbs, TAG_SEQUENCE, &tmp, &out->issuer))
		return fail(CERT_E_MALFORMED, why, why_len, "x509: malformed issuer");
	enum cert_err e = parse_name(out->issuer, out, false, why, why_len);
	if (e != CERT_OK)
		return e;
	struct der_span validity;
	if (!read_tag(&tbs, TAG_SEQUENCE, &validity, NULL))
		return fail(CERT_E_MALFORMED, why, why_len, "x509: malformed validity");
	struct reader vr = sub(validity);
	for (int i = 0; i < 2; i++) {
		uint8_t tag;
		if (!read_any(&vr, &tag, &tmp, NULL) ||
		    (tag != TAG_UTC_TIME && tag != TAG_GENERALIZED_TIME))
			return fail(CERT_E_MALFORMED, why, why_len, "x509: malformed validity");
	}
	if (!read_tag(&tbs, TAG_SEQUENCE, &tmp, &out->subject))
		return fail(CERT_E_MALFORMED, why, why_len, "x509: malformed subject");
	e = parse_name(out->subject, out, true, why, why_len);
	if (e != CERT_OK)
		return e;
	struct der_span spki;
	if (!read_tag(&tbs, TAG_SEQUENCE, &spki, NULL))
		return fail(CERT_E_MALFORMED, why, why_len, "x509: malformed spki");
	struct reader sr = sub(spki);
	struct der_span key_alg, key_oid, key;
	if (!read_algorithm(&sr, &key_alg, &key_oid))
		return fail(CERT_E_MALFORMED, why, why_len,
			    "x509: malformed public key algorithm identifier");
	if (!read_tag(&sr, TAG_BIT_STRING, &key, NULL) || !bit_string_ok(key))
		return fail(CERT_E_MALFORMED, why, why_len, "x509: malformed subjectPublicKey");
	if (out->version > 1) {
		/* issuerUniqueID [1], subjectUniqueID [2], IMPLICIT */
		if (peek_tag(&tbs, TAG_CONTEXT | 1) && !read_tag(&tbs, TAG_CONTEXT | 1, &tmp, NULL))
			return fail(CERT_E_MALFORMED, why, why_len,
				    "x509: malformed issuerUniqueID");
		if (peek_tag(&tbs, TAG_CONTEXT | 2) && !read_tag(&tbs, TAG_CONTEXT | 2, &tmp, NULL))
			return fail(CERT_E_MALFORMED, why, why_len,
				    "x509: malformed subjectUniqueID");
		/* extensions [3] EXPLICIT, version 3 only */
		if (out->version == 3 && peek_tag(&tbs, TAG_CONTEXT | TAG_CONSTRUCTED | 3)) {
			struct der_span exts;
			if (!read_tag(&tbs, TAG_CONTEXT | TAG_CONSTRUCTED | 3, &exts, NULL))
				return fail(CERT_E_EXTENSION, why, why_len,
					    "x509: malformed extensions");
			e = parse_extensions(exts, out, why, why_len);
			if (e != CERT_OK)
				return e;
		}
	}
	struct der_span outer_alg, signature;
	if (!read_algorithm(&cert, &outer_alg, &out->signature_oid))
		return fail(CERT_E_MALFORMED, why, why_len, "x509: malformed algorithm identifier");
	if (outer_alg.n != inner_alg.n || memcmp(outer_alg.p, inner_alg.p, inner_alg.n) != 0)
		return fail(CERT_E_SIGNATURE_MISMATCH, why, why_len,
			    "x509: inner and outer signature algorithm identifiers don't match");
	if (!read_tag(&cert, TAG_BIT_STRING, &signature, NULL) || !bit_string_ok(signature))
		return fail(CERT_E_MALFORMED, why, why_len, "x509: malformed signature");
	/* x509.ParseCertificate: nothing after the certificate */
	if (input.n)
		return fail(CERT_E_TRAILING, why, why_len, "x509: trailing data");
	return CERT_OK;
}

/* ---- subjectAltName -------------------------------------------------------- */

enum cert_err cert_san_parse(struct der_span value, struct cert_san *out, char *why, size_t why_len)
{
	memset(out, 0, sizeof *out);
	/* Go forEachSAN: the outer SEQUENCE, then any element; what follows
	 * the SEQUENCE is not looked at */
	struct reader r = sub(value), list;
	struct der_span content;
	if (!read_tag(&r, TAG_SEQUENCE, &content, NULL))
		return fail(CERT_E_SAN, why, why_len, "x509: invalid subject alternative names");
	list = sub(content);
	while (list.n) {
		uint8_t tag;
		struct der_span v;
		if (!read_any(&list, &tag, &v, NULL))
			return fail(CERT_E_SAN, why, why_len,
				    "x509: invalid subject alternative name");
		/* Go compares tag ^ 0x80 with the name types: a primitive
		 * context-specific tag; anything else is skipped */
		int number = (tag & 0xE0) == TAG_CONTEXT ? (tag & 0x1F) : -1;
		switch (number) {
		case CERT_SAN_EMAIL:
			if (!ascii(v))
				return fail(CERT_E_SAN, why, why_len,
					    "x509: SAN rfc822Name is malformed");
			out->email++;
			break;
		case CERT_SAN_DNS:
			if (!ascii(v))
				return fail(CERT_E_SAN, why, why_len,
					    "x509: SAN dNSName is malformed");
			out->dns++;
			break;
		case CERT_SAN_URI:
			if (!ascii(v))
				return fail(CERT_E_SAN, why, why_len,
					    "x509: SAN uniformResourceIdentifier is malformed");
			out->uri++;
			break;
		case CERT_SAN_IP:
			if (v.n != 4 && v.n != 16) {
				snprintf(why, why_len,
					 "x509: cannot parse IP address of length %zu", v.n);
				return CERT_E_SAN;
			}
			out->ip++;
			break;
		default:
			break;
		}
		if (out->count == CERT_MAX_SAN)
			return fail(
			    CERT_E_TOO_MANY, why, why_len,
			    "the subjectAltName has more entries than acmeprobe reads (64)");
		out->entry[out->count].tag = number;
		out->entry[out->count].value = v;
		out->count++;
	}
	return CERT_OK;
}
