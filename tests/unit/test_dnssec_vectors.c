/* The RFCs' own examples, transcribed as printed: RSA (RFC 5702 s6),
 * ECDSA (RFC 6605 s6), EdDSA (RFC 8080 s6), key tags (RFC 4034 App. B)
 * and DS digests (RFC 4034 s5.4, RFC 4509 s2.3, RFC 6605 s6, RFC 8080
 * s6). Each signature must verify with the canonical form of
 * src/dnssec/canon.c and the cryptography of src/dnssec/crypto.c, and
 * fail with one octet changed. R-DNSSEC-3, R-DNSSEC-5. */
#include <criterion/criterion.h>

#include "dnssec/canon.h"
#include "dnssec/crypto.h"
#include "dnssec/keytag.h"
#include "dns/rr.h"
#include "dnssec/rrsig.h"
#include "zone_text.h"

struct vec {
	const char *zone, *key, *owner, *data, *sig;
	uint16_t type;
	const char *now;
	uint16_t tag;
};

static void wire(const char *text, uint8_t *out)
{
	size_t n;
	cr_assert_eq(dns_name_from_text(text, strlen(text), out, &n), DNS_OK);
}

/* Verifies v's RRset with its key; with `flip`, one signature octet
 * changed first. */
static enum dnssec_status run_vec(const struct vec *v, bool flip, struct dnssec_why *why,
				  struct dnssec_budget *b)
{
	struct zmsg *k = zmsg_new(v->zone, DNS_T_DNSKEY, 0);
	zmsg_add(k, DNS_SEC_ANSWER, v->key);
	zmsg_parse(k);
	struct zmsg *d = zmsg_new(v->owner, v->type, 0);
	zmsg_add(d, DNS_SEC_ANSWER, v->data);
	zmsg_add(d, DNS_SEC_ANSWER, v->sig);
	zmsg_parse(d);
	if (flip)
		d->pkt[d->len - 5] ^= 0x01; /* inside the signature */
	uint8_t zone[DNS_MAX_NAME], owner[DNS_MAX_NAME];
	wire(v->zone, zone);
	wire(v->owner, owner);
	struct dnssec_rrset keys, set;
	cr_assert_eq(dnssec_rrset_init(&keys, &k->m, DNS_SEC_ANSWER, zone, DNS_T_DNSKEY, 1), 1);
	cr_assert_eq(dnssec_rrset_init(&set, &d->m, DNS_SEC_ANSWER, owner, v->type, 2), 1);
	struct dnssec_sig_used used;
	enum dnssec_status st = dnssec_verify_rrset(&set, &keys, zone, (uint32_t)ztime(v->now),
						    NULL, NULL, b, &used, why);
	if (st == DNSSEC_SECURE)
		cr_assert_eq(used.key_tag, v->tag);
	/* the key tag of the DNSKEY RDATA */
	const struct dns_rr *rr = &k->m.rr[0];
	cr_assert_eq(dnssec_key_tag(k->pkt + rr->rdata, rr->rdlen), v->tag);
	zmsg_free(k);
	zmsg_free(d);
	return st;
}

static void check_vec(const struct vec *v)
{
	struct dnssec_why why;
	struct dnssec_budget b = {0};
	enum dnssec_status st = run_vec(v, false, &why, &b);
	cr_assert_eq(st, DNSSEC_SECURE, "%s: %s", v->owner, dnssec_reason_name(why.code));
	cr_assert_eq(b.verifications, 1);
	cr_assert_eq(b.verified_ok, 1);
	struct dnssec_budget b2 = {0};
	st = run_vec(v, true, &why, &b2);
	cr_assert_eq(st, DNSSEC_BOGUS);
	cr_assert_eq(why.code, DNSSEC_R_BAD_SIGNATURE, "%s", dnssec_reason_name(why.code));
	cr_assert_eq(why.ede, 6);
	cr_assert_eq(why.key_tag, v->tag);
	cr_assert_eq(b2.verified_ok, 0);
}

/* RFC 5702 s6.1 (R-DNSSEC-5: algorithm 8) */
Test(dnssec_vectors, rfc5702_rsasha256)
{
	struct vec v = {
	    "example.net.",
	    "example.net. 3600 IN DNSKEY 256 3 8 AwEAAcFcGsaxxdgiuuGmCkVI"
	    " my4h99CqT7jwY3pexPGcnUFtR2Fh36BponcwtkZ4cAgtvd4Qs8P kxUdp6p/DlUmObdk=",
	    "www.example.net.",
	    "www.example.net. 3600 IN A 192.0.2.91",
	    "www.example.net. 3600 IN RRSIG A 8 3 3600 20300101000000 20000101000000 9033 "
	    "example.net. kRCOH6u7l0QGy9qpC9l1sLncJcOKFLJ7GhiUOibu4teYp5VE9RncriShZNz85mwlMgNEa"
	    "cFYK/lPtPiVYP4bwg==",
	    DNS_T_A,
	    "20100101000000",
	    9033,
	};
	check_vec(&v);
}

/* RFC 5702 s6.2 (algorithm 10) */
Test(dnssec_vectors, rfc5702_rsasha512)
{
	struct vec v = {
	    "example.net.",
	    "example.net. 3600 IN DNSKEY 256 3 10 AwEAAdHoNTOW+et86KuJOWRD"
	    " p1pndvwb6Y83nSVXXyLA3DLroROUkN6X0O6pnWnjJQujX/AyhqFD"
	    " xj13tOnD9u/1kTg7cV6rklMrZDtJCQ5PCl/D7QNPsgVsMu1J2Q8g"
	    " pMpztNFLpPBz1bWXjDtaR7ZQBlZ3PFY12ZTSncorffcGmhOL",
	    "www.example.net.",
	    "www.example.net. 3600 IN A 192.0.2.91",
	    "www.example.net. 3600 IN RRSIG A 10 3 3600 20300101000000 20000101000000 3740 "
	    "example.net. tsb4wnjRUDnB1BUi+t 6TMTXThjVnG+eCkWqjvvjhzQL1d0YRoOe0CbxrVDYd0xDtsuJRa"
	    " eUw1ep94PzEWzr0iGYgZBWm/zpq+9fOuagYJRfDqfReKBzMweOL"
	    " DiNa8iP5g9vMhpuv6OPlvpXwm9Sa9ZXIbNl1MBGk0fthPgxdDLw =",
	    DNS_T_A,
	    "20100101000000",
	    3740,
	};
	check_vec(&v);
}

/* RFC 6605 s6.1 (algorithm 13) */
Test(dnssec_vectors, rfc6605_ecdsap256)
{
	struct vec v = {
	    "example.net.",
	    "example.net. 3600 IN DNSKEY 257 3 13 GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edb"
	    " krSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==",
	    "www.example.net.",
	    "www.example.net. 3600 IN A 192.0.2.1",
	    "www.example.net. 3600 IN RRSIG A 13 3 3600 20100909100439 20100812100439 55648 "
	    "example.net. qx6wLYqmh+l9oCKTN6qIc+bw6ya+KJ8oMz0YP107epXA"
	    " yGmt+3SNruPFKG7tZoLBLlUzGGus7ZwmwWep666VCw==",
	    DNS_T_A,
	    "20100820000000",
	    55648,
	};
	check_vec(&v);
}

/* RFC 6605 s6.2 (algorithm 14) */
Test(dnssec_vectors, rfc6605_ecdsap384)
{
	struct vec v = {
	    "example.net.",
	    "example.net. 3600 IN DNSKEY 257 3 14 xKYaNhWdGOfJ+nPrL8/arkwf2EY3MDJ+SErKivBVSum1"
	    " w/egsXvSADtNJhyem5RCOpgQ6K8X1DRSEkrbYQ+OB+v8 "
	    "/uX45NBwY8rp65F6Glur8I/mlVNgF6W/qTI37m40",
	    "www.example.net.",
	    "www.example.net. 3600 IN A 192.0.2.1",
	    "www.example.net. 3600 IN RRSIG A 14 3 3600 20100909102025 20100812102025 10771 "
	    "example.net. /L5hDKIvGDyI1fcARX3z65qrmPsVz73QD1Mr5CEqOiLP"
	    " 95hxQouuroGCeZOvzFaxsT8Glr74hbavRKayJNuydCuz "
	    "WTSSPdz7wnqXL5bdcJzusdnI0RSMROxxwGipWcJm",
	    DNS_T_A,
	    "20100820000000",
	    10771,
	};
	check_vec(&v);
}

/* RFC 8080 s6 prints "RRSIG MX 3 3600": the Algorithm field is missing
 * (erratum 4935), and the signatures were made with Labels 3, one more
 * than example.com. has. So a validator must refuse them (R-DNSSEC-8,
 * RFC 4035 s5.3.1: Labels <= the owner's labels); the cryptography alone
 * is checked over the same canonical octets by check_eddsa. */
static void check_eddsa(const struct vec *v)
{
	struct dnssec_why why;
	struct dnssec_budget b = {0};
	cr_assert_eq(run_vec(v, false, &why, &b), DNSSEC_BOGUS);
	cr_assert_eq(why.code, DNSSEC_R_LABELS, "%s", dnssec_reason_name(why.code));
	cr_assert_eq(b.verifications, 0);

	for (int flip = 0; flip < 2; flip++) {
		struct zmsg *k = zmsg_new(v->zone, DNS_T_DNSKEY, 0);
		zmsg_add(k, DNS_SEC_ANSWER, v->key);
		zmsg_parse(k);
		struct zmsg *d = zmsg_new(v->owner, v->type, 0);
		zmsg_add(d, DNS_SEC_ANSWER, v->data);
		zmsg_add(d, DNS_SEC_ANSWER, v->sig);
		zmsg_parse(d);
		uint8_t zone[DNS_MAX_NAME], owner[DNS_MAX_NAME];
		wire(v->zone, zone);
		wire(v->owner, owner);
		struct dnssec_rrset set;
		dnssec_rrset_init(&set, &d->m, DNS_SEC_ANSWER, owner, v->type, 0);
		const struct dns_rr *sig_rr = &d->m.rr[1];
		struct dns_rrsig sig;
		cr_assert_eq(dns_rr_rrsig(d->pkt, d->len, sig_rr, &sig), DNS_OK);
		struct dnssec_verifier ver;
		cr_assert(dnssec_verifier_begin(&ver, sig.algorithm));
		dnssec_verifier_write(&ver, d->pkt + sig_rr->rdata, 18);
		dnssec_verifier_write(&ver, zone, dns_name_len(zone));
		struct dnssec_sink sink = {dnssec_verifier_write, &ver};
		cr_assert_eq(dnssec_canon_rrset(&set, owner, sig.original_ttl, &sink),
			     DNSSEC_R_NONE);
		cr_assert(dnssec_verifier_finish(&ver));
		struct dns_dnskey key;
		cr_assert_eq(dns_rr_dnskey(k->pkt, k->len, &k->m.rr[0], &key), DNS_OK);
		uint8_t sigbuf[256];
		memcpy(sigbuf, sig.signature, sig.signature_len);
		sigbuf[10] ^= (uint8_t)flip;
		cr_assert_eq(
		    dnssec_verifier_check(&ver, key.key, key.key_len, sigbuf, sig.signature_len),
		    flip ? DNSSEC_CRYPTO_BAD_SIGNATURE : DNSSEC_CRYPTO_OK, "%s flip %d", v->owner,
		    flip);
		dnssec_verifier_end(&ver);
		zmsg_free(k);
		zmsg_free(d);
	}
}

/* RFC 8080 s6.1 (algorithm 15) */
Test(dnssec_vectors, rfc8080_ed25519)
{
	struct vec v1 = {
	    "example.com.",
	    "example.com. 3600 IN DNSKEY 257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=",
	    "example.com.",
	    "example.com. 3600 IN MX 10 mail.example.com.",
	    "example.com. 3600 IN RRSIG MX 15 3 3600 1440021600 1438207200 3613 example.com. "
	    "Edk+IB9KNNWg0HAjm7FazXyrd5m3Rk8zNZbvNpAcM+eysqcUOMIjWoevFkj"
	    " H5GaMWeG96GUVZu6ECKOQmemHDg==",
	    DNS_T_MX,
	    "1439000000",
	    3613,
	};
	check_eddsa(&v1);
	struct vec v2 = {
	    "example.com.",
	    "example.com. 3600 IN DNSKEY 257 3 15 zPnZ/QwEe7S8C5SPz2OfS5RR40ATk2/rYnE9xHIEijs=",
	    "example.com.",
	    "example.com. 3600 IN MX 10 mail.example.com.",
	    "example.com. 3600 IN RRSIG MX 15 3 3600 1440021600 1438207200 35217 example.com. "
	    "5LL2obmzdqjWI+Xto5eP5adXt/T5tMhasWvwcyW4L3SzfcRawOle9bodhC+"
	    " oip9ayUGjY9T/rL4rN3bOuESGDA==",
	    DNS_T_MX,
	    "1439000000",
	    35217,
	};
	check_eddsa(&v2);
}

/* RFC 8080 s6.2 (algorithm 16) */
Test(dnssec_vectors, rfc8080_ed448)
{
	struct vec v1 = {
	    "example.com.",
	    "example.com. 3600 IN DNSKEY 257 3 16 "
	    "3kgROaDjrh0H2iuixWBrc8g2EpBBLCdGzHmn+G2MpTPhpj/OiBVHHSfPodx"
	    " 1FYYUcJKm1MDpJtIA",
	    "example.com.",
	    "example.com. 3600 IN MX 10 mail.example.com.",
	    "example.com. 3600 IN RRSIG MX 16 3 3600 1440021600 1438207200 9713 example.com. "
	    "Nmc0rgGKpr3GKYXcB1JmqqS4NYwhmechvJTqVzt3jR+Qy/lSLFoIk1L+9e3"
	    " 9GPL+5tVzDPN3f9kAwiu8KCuPPjtl227ayaCZtRKZuJax7n9NuYlZJIusX0"
	    " SOIOKBGzG+yWYtz1/jjbzl5GGkWvREUCUA",
	    DNS_T_MX,
	    "1439000000",
	    9713,
	};
	check_eddsa(&v1);
	struct vec v2 = {
	    "example.com.",
	    "example.com. 3600 IN DNSKEY 257 3 16 "
	    "kkreGWoccSDmUBGAe7+zsbG6ZAFQp+syPmYUurBRQc3tDjeMCJcVMRDmgcN"
	    " Lp5HlHAMy12VoISsA",
	    "example.com.",
	    "example.com. 3600 IN MX 10 mail.example.com.",
	    "example.com. 3600 IN RRSIG MX 16 3 3600 1440021600 1438207200 38353 example.com. "
	    "+JjANio/LIzp7osmMYE5XD3H/YES8kXs5Vb9H8MjPS8OAGZMD37+LsCIcjg"
	    " 5ivt0d4Om/UaqETEAsJjaYe56CEQP5lhRWuD2ivBqE0zfwJTyp4WqvpULbp"
	    " vaukswvv/WNEFxzEYQEIm9+xDlXj4pMAMA",
	    DNS_T_MX,
	    "1439000000",
	    38353,
	};
	check_eddsa(&v2);
}

/* DS digests of the RFCs' examples. */
static void check_ds(const char *owner, const char *key, uint8_t digest_type, const char *hex,
		     uint16_t tag)
{
	struct zmsg *k = zmsg_new(owner, DNS_T_DNSKEY, 0);
	zmsg_add(k, DNS_SEC_ANSWER, key);
	zmsg_parse(k);
	const struct dns_rr *rr = &k->m.rr[0];
	cr_assert_eq(dnssec_key_tag(k->pkt + rr->rdata, rr->rdlen), tag, "%s", owner);
	struct zbuf d = {.n = 0};
	zb_hex(&d, hex);
	uint8_t name[DNS_MAX_NAME];
	wire(owner, name);
	cr_assert_eq(dnssec_ds_matches(digest_type, d.b, d.n, name, k->pkt + rr->rdata, rr->rdlen),
		     DNSSEC_DS_MATCH, "%s digest %u", owner, digest_type);
	d.b[0] ^= 1;
	cr_assert_eq(dnssec_ds_matches(digest_type, d.b, d.n, name, k->pkt + rr->rdata, rr->rdlen),
		     DNSSEC_DS_NO_MATCH);
	zmsg_free(k);
}

#define DSKEY                                                                                      \
	"dskey.example.com. 86400 IN DNSKEY 256 3 5 AQOeiiR0GOMYkDshWoSKz9Xz"                      \
	" fwJr1AYtsmx3TGkJaNXVbfi/ 2pHm822aJ5iI9BMzNXxeYCmZ DRD99WYwYqUSdjMmmAphXdvx"              \
	" egXd/M5+X7OrzKBaMbCVdFLU Uh6DhweJBjEVv5f2wwjM9Xzc nOf+EPbtG9DMBmADjFDc2w/r ljwvFw=="

/* RFC 4034 s5.4 (SHA-1), RFC 4509 s2.3 (SHA-256): key tag 60485 */
Test(dnssec_vectors, rfc4034_rfc4509_ds)
{
	check_ds("dskey.example.com.", DSKEY, 1, "2BB183AF5F22588179A53B0A98631FAD1A292118", 60485);
	check_ds("dskey.example.com.", DSKEY, 2,
		 "D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A", 60485);
}

/* RFC 6605 s6: SHA-256 and SHA-384 (digest type 4) */
Test(dnssec_vectors, rfc6605_ds)
{
	check_ds("example.net.",
		 "example.net. 3600 IN DNSKEY 257 3 13 GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edb"
		 " krSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==",
		 2, "b4c8c1fe2e7477127b27115656ad6256f424625bf5c1e2770ce6d6e37df61d17", 55648);
	check_ds("example.net.",
		 "example.net. 3600 IN DNSKEY 257 3 14 xKYaNhWdGOfJ+nPrL8/arkwf2EY3MDJ+SErKivBVSum1"
		 " w/egsXvSADtNJhyem5RCOpgQ6K8X1DRSEkrbYQ+OB+v8 "
		 "/uX45NBwY8rp65F6Glur8I/mlVNgF6W/qTI37m40",
		 4,
		 "72d7b62976ce06438e9c0bf319013cf801f09ecc84b8d7e9495f27e305c6a9b0563a9b5f4d288405c"
		 "3008a946df983d6",
		 10771);
}

/* RFC 8080 s6 */
Test(dnssec_vectors, rfc8080_ds)
{
	check_ds(
	    "example.com.",
	    "example.com. 3600 IN DNSKEY 257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=", 2,
	    "3aa5ab37efce57f737fc1627013fee07bdf241bd10f3b1964ab55c78e79a304b", 3613);
	check_ds("example.com.",
		 "example.com. 3600 IN DNSKEY 257 3 16 "
		 "3kgROaDjrh0H2iuixWBrc8g2EpBBLCdGzHmn+G2MpTPhpj/OiBVHHSfPodx"
		 " 1FYYUcJKm1MDpJtIA",
		 2, "6ccf18d5bc5d7fc2fceb1d59d17321402f2aa8d368048db93dd811f5cb2b19c7", 9713);
}

/* RFC 4034 s2.3's key; App. B.1's algorithm 1 rule: the key tag is the
 * 16 bits above the last octet of the modulus, not the sum. */
Test(dnssec_vectors, keytag_algorithm1)
{
	/* flags 256, protocol 3, algorithm 1, RFC 3110 key: exponent length
	 * 1, exponent 3, modulus ... 0xAB 0xCD 0xEF */
	const uint8_t rd[] = {0x01, 0x00, 0x03, 0x01, 0x01, 0x03, 0x99, 0x88, 0xAB, 0xCD, 0xEF};
	cr_assert_eq(dnssec_key_tag(rd, sizeof rd), 0xABCD);
	/* the same octets under algorithm 5 are summed (App. B) */
	uint8_t rd5[sizeof rd];
	memcpy(rd5, rd, sizeof rd);
	rd5[3] = 5;
	uint32_t ac = 0;
	for (size_t i = 0; i < sizeof rd5; i++)
		ac += (i & 1) ? rd5[i] : (uint32_t)rd5[i] << 8;
	ac += ac >> 16;
	cr_assert_eq(dnssec_key_tag(rd5, sizeof rd5), (uint16_t)ac);
}

/* R-DNSSEC-5: the algorithms and digests validated, and those not. */
Test(dnssec_vectors, supported_algorithms)
{
	const uint8_t yes[] = {5, 7, 8, 10, 13, 14, 15, 16};
	const uint8_t no[] = {0, 1, 2, 3, 4, 6, 9, 11, 12, 17, 252, 253, 254, 255};
	for (size_t i = 0; i < sizeof yes; i++)
		cr_assert(dnssec_algorithm_supported(yes[i]), "%u", yes[i]);
	for (size_t i = 0; i < sizeof no; i++)
		cr_assert(!dnssec_algorithm_supported(no[i]), "%u", no[i]);
	cr_assert(dnssec_digest_supported(1) && dnssec_digest_supported(2) &&
		  dnssec_digest_supported(4));
	cr_assert(!dnssec_digest_supported(0) && !dnssec_digest_supported(3) &&
		  !dnssec_digest_supported(5));
}
