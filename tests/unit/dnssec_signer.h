/* Test support: a small ECDSA P-256 signer for hostile shapes no real
 * signer makes (colliding key tags, a DNAME with a wrong CNAME, huge
 * RRsets). It signs the canonical octets of src/dnssec/canon.c, so it
 * proves nothing about canonical form itself: the RFC vectors and the
 * real-signer fixtures do that. Each key is made at test time. */
#ifndef ACMEPROBE_TESTS_UNIT_DNSSEC_SIGNER_H
#define ACMEPROBE_TESTS_UNIT_DNSSEC_SIGNER_H

#include <criterion/criterion.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "dnssec/canon.h"
#include "dnssec/keytag.h"
#include "zone_text.h"

struct tkey {
	EVP_PKEY *pkey;
	uint8_t pub[64]; /* x | y */
	uint16_t flags;
	uint16_t tag;
	char b64[100];
	char zone[64];
};

static inline void t_base64(const uint8_t *p, size_t n, char *out)
{
	static const char d[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t o = 0;
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) |
			     (i + 2 < n ? p[i + 2] : 0);
		out[o++] = d[v >> 18 & 63];
		out[o++] = d[v >> 12 & 63];
		out[o++] = i + 1 < n ? d[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? d[v & 63] : '=';
	}
	out[o] = 0;
}

static inline void tkey_new(struct tkey *k, const char *zone, uint16_t flags)
{
	k->pkey = EVP_EC_gen("P-256");
	cr_assert(k->pkey);
	uint8_t pt[65];
	size_t n = 0;
	cr_assert(
	    EVP_PKEY_get_octet_string_param(k->pkey, OSSL_PKEY_PARAM_PUB_KEY, pt, sizeof pt, &n));
	cr_assert_eq(n, 65);
	memcpy(k->pub, pt + 1, 64);
	k->flags = flags;
	uint8_t rd[68] = {(uint8_t)(flags >> 8), (uint8_t)flags, 3, 13};
	memcpy(rd + 4, k->pub, 64);
	k->tag = dnssec_key_tag(rd, sizeof rd);
	t_base64(k->pub, 64, k->b64);
	snprintf(k->zone, sizeof k->zone, "%s", zone);
}

static inline void tkey_free(struct tkey *k)
{
	EVP_PKEY_free(k->pkey);
}

/* "ZONE 3600 IN DNSKEY FLAGS 3 13 KEY" */
static inline void tkey_line(const struct tkey *k, char *out, size_t cap)
{
	snprintf(out, cap, "%s 3600 IN DNSKEY %u 3 13 %s", k->zone, k->flags, k->b64);
}

struct sink_buf {
	uint8_t b[200000];
	size_t n;
};

static inline void sink_buf_write(void *ctx, const uint8_t *p, size_t n)
{
	struct sink_buf *s = ctx;
	cr_assert_leq(s->n + n, sizeof s->b);
	memcpy(s->b + s->n, p, n);
	s->n += n;
}

/* The RRSIG line that key k makes over the RRset (section, owner, type) of
 * the parsed message m, with labels, inception and expiration given. */
static inline void tkey_sign(const struct tkey *k, const struct dns_msg *m, enum dns_section sec,
			     const char *owner, uint16_t type, unsigned labels, uint32_t inception,
			     uint32_t expiration, char *out, size_t cap)
{
	uint8_t own[DNS_MAX_NAME], zone[DNS_MAX_NAME];
	size_t n;
	cr_assert_eq(dns_name_from_text(owner, strlen(owner), own, &n), DNS_OK);
	cr_assert_eq(dns_name_from_text(k->zone, strlen(k->zone), zone, &n), DNS_OK);
	struct dnssec_rrset s;
	cr_assert_gt(dnssec_rrset_init(&s, m, sec, own, type, 0), 0);
	static struct sink_buf sb;
	sb.n = 0;
	uint8_t head[18] = {(uint8_t)(type >> 8),
			    (uint8_t)type,
			    13,
			    (uint8_t)labels,
			    0,
			    0,
			    0x0e,
			    0x10,
			    (uint8_t)(expiration >> 24),
			    (uint8_t)(expiration >> 16),
			    (uint8_t)(expiration >> 8),
			    (uint8_t)expiration,
			    (uint8_t)(inception >> 24),
			    (uint8_t)(inception >> 16),
			    (uint8_t)(inception >> 8),
			    (uint8_t)inception,
			    (uint8_t)(k->tag >> 8),
			    (uint8_t)k->tag};
	sink_buf_write(&sb, head, 18);
	dnssec_name_lower(zone);
	sink_buf_write(&sb, zone, dns_name_len(zone));
	uint8_t canon_owner[DNS_MAX_NAME];
	if (labels < dnssec_name_sig_labels(own)) {
		cr_assert(dnssec_name_wildcard_of(dnssec_name_suffix(own, labels), canon_owner));
	} else {
		memcpy(canon_owner, own, dns_name_len(own));
	}
	dnssec_name_lower(canon_owner);
	struct dnssec_sink sink = {sink_buf_write, &sb};
	cr_assert_eq(dnssec_canon_rrset(&s, canon_owner, 3600, &sink), DNSSEC_R_NONE);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	uint8_t der[80];
	size_t dlen = sizeof der;
	cr_assert(EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, k->pkey) == 1);
	cr_assert(EVP_DigestSign(md, der, &dlen, sb.b, sb.n) == 1);
	EVP_MD_CTX_free(md);
	/* DER SEQUENCE { INTEGER r, INTEGER s } to r | s (RFC 6605 s4) */
	uint8_t rs[64] = {0};
	const uint8_t *p = der + 2;
	for (int i = 0; i < 2; i++) {
		size_t l = p[1];
		const uint8_t *v = p + 2;
		while (l > 32) {
			v++;
			l--;
		}
		memcpy(rs + 32 * i + (32 - l), v, l);
		p += 2 + p[1];
	}
	char sig[100], tname[DNS_TYPE_TEXT];
	t_base64(rs, 64, sig);
	snprintf(out, cap, "%s 3600 IN RRSIG %s 13 %u 3600 %u %u %u %s %s", owner,
		 dns_type_to_text(type, tname), labels, (unsigned)expiration, (unsigned)inception,
		 k->tag, k->zone, sig);
}

#endif
