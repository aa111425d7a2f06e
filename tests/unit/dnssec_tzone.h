/* Test support: a signed test zone t. made at test time (a KSK, the
 * trust anchor, and a ZSK, both P-256 from dnssec_signer.h), answers
 * written as records (zone_text.h) and signed into the message, and the
 * engine run on them. Shared by test_dnssec_rules.c and
 * test_dnssec_review.c. */
#ifndef ACMEPROBE_TESTS_UNIT_DNSSEC_TZONE_H
#define ACMEPROBE_TESTS_UNIT_DNSSEC_TZONE_H

#include <criterion/criterion.h>

#include "dnssec_cases.h"
#include "dnssec_signer.h"

#define NOW 1800000000u
#define INC (NOW - 86400u)
#define EXP (NOW + 30u * 86400u)

/* The zone t.: a KSK (the trust anchor, as a DNSKEY) and a ZSK, its
 * DNSKEY RRset signed by the KSK. */
struct tzone {
	struct tkey ksk, zsk;
	struct zmsg *dnskey;
	struct dnssec_anchors ta;
};

static inline void tzone_new(struct tzone *z, uint16_t zsk_flags)
{
	char l1[400], l2[400], sig[400], ta[300];
	tkey_new(&z->ksk, "t.", 257);
	tkey_new(&z->zsk, "t.", zsk_flags);
	z->dnskey = zmsg_new("t.", DNS_T_DNSKEY, 0);
	tkey_line(&z->ksk, l1, sizeof l1);
	tkey_line(&z->zsk, l2, sizeof l2);
	zmsg_add(z->dnskey, DNS_SEC_ANSWER, l1);
	zmsg_add(z->dnskey, DNS_SEC_ANSWER, l2);
	zmsg_parse(z->dnskey);
	tkey_sign(&z->ksk, &z->dnskey->m, DNS_SEC_ANSWER, "t.", DNS_T_DNSKEY, 1, INC, EXP, sig,
		  sizeof sig);
	zmsg_add(z->dnskey, DNS_SEC_ANSWER, sig);
	zmsg_parse(z->dnskey);
	snprintf(ta, sizeof ta, "t. DNSKEY 257 3 13 %s", z->ksk.b64);
	anchors_text(&z->ta, ta);
}

static inline void tzone_free(struct tzone *z)
{
	tkey_free(&z->ksk);
	tkey_free(&z->zsk);
	zmsg_free(z->dnskey);
}

/* An answer for (qname, qtype) with the given records, each line signed
 * by key k when k is given (one RRSIG per RRset, at the end). */
static inline struct zmsg *answer(const char *qname, uint16_t qtype, uint16_t rcode, const char *an,
				  const char *ns)
{
	struct zmsg *a = zmsg_new(qname, qtype, rcode);
	if (an)
		zmsg_add_lines(a, DNS_SEC_ANSWER, an);
	if (ns)
		zmsg_add_lines(a, DNS_SEC_AUTHORITY, ns);
	zmsg_parse(a);
	return a;
}

static inline void sign_into(struct zmsg *a, const struct tkey *k, enum dns_section sec,
			     const char *owner, uint16_t type, unsigned labels)
{
	char sig[400];
	tkey_sign(k, &a->m, sec, owner, type, labels, INC, EXP, sig, sizeof sig);
	zmsg_add(a, sec, sig);
	zmsg_parse(a);
}

static inline void run2(struct tzone *z, struct zmsg *a, struct dnssec_result *r)
{
	struct dnssec_input in[2] = {input_of(a, 0), input_of(z->dnskey, 1)};
	dnssec_validate(in, 2, &z->ta, NOW, r);
}

static inline const uint8_t *w(const char *text)
{
	static uint8_t buf[4][DNS_MAX_NAME];
	static int k;
	size_t n;
	uint8_t *b = buf[k++ % 4];
	cr_assert_eq(dns_name_from_text(text, strlen(text), b, &n), DNS_OK);
	return b;
}

#endif
