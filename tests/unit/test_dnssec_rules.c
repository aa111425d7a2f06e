/* Every reason the validator can give and every work limit, each hit on
 * purpose. Zones are made here: a key pair of P-256 per zone
 * (dnssec_signer.h), records in presentation format (zone_text.h).
 * R-DNSSEC-3 .. R-DNSSEC-11; KeyTrap (CVE-2023-50387) and NSEC3 hashing
 * (CVE-2023-50868) limits of src/dnssec/dnssec.h. */
#include <criterion/criterion.h>

#include "dns/rr.h"
#include "dnssec/crypto.h"
#include "dnssec/nsec.h"
#include "dnssec/rrsig.h"
#include "dnssec_tzone.h"

/* ---- the signed answer: secure, and each RRSIG check -------------------- */

Test(dnssec_rules, r_dnssec_3_dnskey_anchor_secure)
{
	struct tzone z;
	tzone_new(&z, 256);
	struct zmsg *a = answer("www.t.", DNS_T_A, 0, "www.t. 3600 IN A 192.0.2.1", NULL);
	sign_into(a, &z.zsk, DNS_SEC_ANSWER, "www.t.", DNS_T_A, 2);
	struct dnssec_result r;
	run2(&z, a, &r);
	assert_status(&r, DNSSEC_SECURE, DNSSEC_R_NONE);
	cr_assert_eq(r.parts[0].key_tag, z.zsk.tag);
	cr_assert_eq(r.chain[0].ds_key_tag, z.ksk.tag); /* the DNSKEY anchor */
	cr_assert_eq(r.chain[0].ds_digest_type, 0);
	zmsg_free(a);
	tzone_free(&z);
}

/* R-DNSSEC-8: none in a signed zone: bogus, EDE 10 */
Test(dnssec_rules, r_dnssec_8_no_rrsig)
{
	struct tzone z;
	tzone_new(&z, 256);
	struct zmsg *a = answer("www.t.", DNS_T_A, 0, "www.t. 3600 IN A 192.0.2.1", NULL);
	struct dnssec_input in[3] = {input_of(a, 0), input_of(z.dnskey, 1)};
	struct dnssec_result r;
	dnssec_validate(in, 2, &z.ta, NOW, &r);
	/* unsigned: the walk goes on to www.t. DS first */
	cr_assert(r.need);
	cr_assert_eq(r.need_type, DNS_T_DS);
	struct zmsg *ds =
	    answer("www.t.", DNS_T_DS, 0, NULL, "www.t. 3600 IN NSEC x.t. A RRSIG NSEC");
	sign_into(ds, &z.zsk, DNS_SEC_AUTHORITY, "www.t.", DNS_T_NSEC, 2);
	in[2] = input_of(ds, 2);
	dnssec_validate(in, 3, &z.ta, NOW, &r);
	assert_status(&r, DNSSEC_BOGUS, DNSSEC_R_NO_RRSIG);
	cr_assert_eq(r.why.ede, 10);
	cr_assert(dns_name_equal(r.why.zone, w("t.")));
	zmsg_free(a);
	zmsg_free(ds);
	tzone_free(&z);
}

/* the RRset checks on one signature, each alone */
static enum dnssec_status verify_with(struct tzone *z, struct zmsg *a, const char *owner,
				      uint16_t type, struct dnssec_why *why,
				      struct dnssec_budget *b)
{
	struct dnssec_rrset keys, set;
	dnssec_rrset_init(&keys, &z->dnskey->m, DNS_SEC_ANSWER, w("t."), DNS_T_DNSKEY, 1);
	dnssec_rrset_init(&set, &a->m, DNS_SEC_ANSWER, w(owner), type, 0);
	return dnssec_verify_rrset(&set, &keys, w("t."), NOW, NULL, NULL, b, NULL, why);
}

/* R-DNSSEC-8: the Signer's Name must be the zone */
Test(dnssec_rules, r_dnssec_8_wrong_signer)
{
	struct tzone z;
	tzone_new(&z, 256);
	struct tkey other;
	tkey_new(&other, "u.", 256);
	struct zmsg *a = answer("www.t.", DNS_T_A, 0, "www.t. 3600 IN A 192.0.2.1", NULL);
	sign_into(a, &other, DNS_SEC_ANSWER, "www.t.", DNS_T_A, 2);
	struct dnssec_why why;
	struct dnssec_budget b = {0};
	cr_assert_eq(verify_with(&z, a, "www.t.", DNS_T_A, &why, &b), DNSSEC_BOGUS);
	cr_assert_eq(why.code, DNSSEC_R_WRONG_SIGNER);
	cr_assert_eq(b.verifications, 0);
	zmsg_free(a);
	tkey_free(&other);
	tzone_free(&z);
}

/* R-DNSSEC-8: Labels above the owner's count */
Test(dnssec_rules, r_dnssec_8_labels_out_of_range)
{
	struct tzone z;
	tzone_new(&z, 256);
	struct zmsg *a = answer("www.t.", DNS_T_A, 0, "www.t. 3600 IN A 192.0.2.1", NULL);
	sign_into(a, &z.zsk, DNS_SEC_ANSWER, "www.t.", DNS_T_A, 2);
	/* Labels is the 4th octet of the RRSIG RDATA */
	a->pkt[a->m.rr[1].rdata + 3] = 3;
	struct dnssec_why why;
	struct dnssec_budget b = {0};
	cr_assert_eq(verify_with(&z, a, "www.t.", DNS_T_A, &why, &b), DNSSEC_BOGUS);
	cr_assert_eq(why.code, DNSSEC_R_LABELS);
	a->pkt[a->m.rr[1].rdata + 3] = 0; /* below the signer's 1 */
	cr_assert_eq(verify_with(&z, a, "www.t.", DNS_T_A, &why, &b), DNSSEC_BOGUS);
	cr_assert_eq(why.code, DNSSEC_R_LABELS);
	zmsg_free(a);
	tzone_free(&z);
}

/* R-DNSSEC-8: no key with the signature's tag and algorithm: EDE 9 */
Test(dnssec_rules, r_dnssec_8_no_matching_key)
{
	struct tzone z;
	tzone_new(&z, 256);
	struct tkey stray;
	tkey_new(&stray, "t.", 256);
	struct zmsg *a = answer("www.t.", DNS_T_A, 0, "www.t. 3600 IN A 192.0.2.1", NULL);
	sign_into(a, &stray, DNS_SEC_ANSWER, "www.t.", DNS_T_A, 2);
	struct dnssec_result r;
	run2(&z, a, &r);
	assert_status(&r, DNSSEC_BOGUS, DNSSEC_R_NO_MATCHING_KEY);
	cr_assert_eq(r.why.ede, 9);
	cr_assert_eq(r.why.key_tag, stray.tag);
	zmsg_free(a);
	tkey_free(&stray);
	tzone_free(&z);
}

/* R-DNSSEC-3: a key without the Zone Key bit verifies nothing (EDE 11) */
Test(dnssec_rules, r_dnssec_3_not_zone_key)
{
	struct tzone z;
	tzone_new(&z, 0);
	struct zmsg *a = answer("www.t.", DNS_T_A, 0, "www.t. 3600 IN A 192.0.2.1", NULL);
	sign_into(a, &z.zsk, DNS_SEC_ANSWER, "www.t.", DNS_T_A, 2);
	struct dnssec_result r;
	run2(&z, a, &r);
	assert_status(&r, DNSSEC_BOGUS, DNSSEC_R_NOT_ZONE_KEY);
	cr_assert_eq(r.why.ede, 11);
	zmsg_free(a);
	tzone_free(&z);
}

/* R-DNSSEC-3 (RFC 4034 s2.1.2, RFC 5011 s2.1): Protocol 3; REVOKE only
 * for the key's own DNSKEY RRset; SEP means nothing */
Test(dnssec_rules, r_dnssec_3_key_flags_and_protocol)
{
	struct dns_dnskey k = {.flags = 256, .protocol = 3, .algorithm = 13};
	cr_assert_eq(dnssec_key_usable(&k, false), DNSSEC_R_NONE);
	k.flags = 257;
	cr_assert_eq(dnssec_key_usable(&k, false), DNSSEC_R_NONE);
	k.protocol = 2;
	cr_assert_eq(dnssec_key_usable(&k, false), DNSSEC_R_KEY_PROTOCOL);
	k.protocol = 3;
	k.flags = 256 | DNSSEC_KEY_REVOKE;
	cr_assert_eq(dnssec_key_usable(&k, false), DNSSEC_R_KEY_REVOKED);
	cr_assert_eq(dnssec_key_usable(&k, true), DNSSEC_R_NONE);
	k.flags = 1;
	cr_assert_eq(dnssec_key_usable(&k, false), DNSSEC_R_NOT_ZONE_KEY);
	cr_assert_eq(dnssec_reason_ede(DNSSEC_R_KEY_REVOKED), 9);
	cr_assert_eq(dnssec_reason_ede(DNSSEC_R_KEY_PROTOCOL), 6);
}

/* R-DNSSEC-7: RFC 1982 times and Unbound's skew, at both ends */
Test(dnssec_rules, r_dnssec_7_validity_window_and_skew)
{
	/* a 10-hour window: 10% is 1 h, the minimum skew 3600 */
	uint32_t inc = 1000000, exp = inc + 36000;
	cr_assert_eq(dnssec_check_dates(inc, exp, inc + 100), DNSSEC_R_NONE);
	cr_assert_eq(dnssec_check_dates(inc, exp, exp + 3600), DNSSEC_R_NONE);
	cr_assert_eq(dnssec_check_dates(inc, exp, exp + 3601), DNSSEC_R_SIG_EXPIRED);
	cr_assert_eq(dnssec_check_dates(inc, exp, inc - 3600), DNSSEC_R_NONE);
	cr_assert_eq(dnssec_check_dates(inc, exp, inc - 3601), DNSSEC_R_SIG_NOT_YET_VALID);
	/* 100 days: 10 days, clamped to the maximum skew of one day */
	exp = inc + 100 * 86400;
	cr_assert_eq(dnssec_check_dates(inc, exp, exp + 86400), DNSSEC_R_NONE);
	cr_assert_eq(dnssec_check_dates(inc, exp, exp + 86401), DNSSEC_R_SIG_EXPIRED);
	/* 20 days: 2 days */
	exp = inc + 20 * 86400;
	cr_assert_eq(dnssec_check_dates(inc, exp, exp + 86401), DNSSEC_R_SIG_EXPIRED);
	exp = inc + 500000; /* 50,000 s of skew */
	cr_assert_eq(dnssec_check_dates(inc, exp, exp + 50000), DNSSEC_R_NONE);
	cr_assert_eq(dnssec_check_dates(inc, exp, exp + 50001), DNSSEC_R_SIG_EXPIRED);
	/* inception after expiration: EDE 8 in Unbound */
	cr_assert_eq(dnssec_check_dates(exp, inc, inc), DNSSEC_R_SIG_WINDOW);
	cr_assert_eq(dnssec_reason_ede(DNSSEC_R_SIG_WINDOW), 8);
	/* serial arithmetic across 2^32 (2106): a window over the wrap */
	inc = 0xFFFF0000u;
	exp = 0x00010000u;
	cr_assert_eq(dnssec_check_dates(inc, exp, 0), DNSSEC_R_NONE);
	cr_assert_eq(dnssec_serial_compare(0xFFFFFFFFu, 1), -1);
	cr_assert_eq(dnssec_serial_compare(1, 0xFFFFFFFFu), 1);
	cr_assert_eq(dnssec_serial_compare(5, 5), 0);
}

/* R-DNSSEC-7 through the engine: checked after the signature verifies */
Test(dnssec_rules, r_dnssec_7_expired_signature_verifies_first)
{
	struct tzone z;
	tzone_new(&z, 256);
	struct zmsg *a = answer("www.t.", DNS_T_A, 0, "www.t. 3600 IN A 192.0.2.1", NULL);
	char sig[400];
	tkey_sign(&z.zsk, &a->m, DNS_SEC_ANSWER, "www.t.", DNS_T_A, 2, NOW - 400000, NOW - 200000,
		  sig, sizeof sig);
	zmsg_add(a, DNS_SEC_ANSWER, sig);
	zmsg_parse(a);
	struct dnssec_result r;
	run2(&z, a, &r);
	assert_status(&r, DNSSEC_BOGUS, DNSSEC_R_SIG_EXPIRED);
	cr_assert_eq(r.why.expiration, NOW - 200000);
	cr_assert_eq(r.budget.verified_ok, r.budget.verifications); /* it did verify */
	zmsg_free(a);
	tzone_free(&z);
}

/* a DNSKEY whose bits are no P-256 point */
Test(dnssec_rules, r_dnssec_5_bad_key)
{
	struct zmsg *k =
	    answer("t.", DNS_T_DNSKEY, 0,
		   "t. 3600 IN DNSKEY 256 3 13 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g"
		   "ISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==",
		   NULL);
	uint16_t tag = dnssec_key_tag(k->pkt + k->m.rr[0].rdata, k->m.rr[0].rdlen);
	char line[400];
	snprintf(line, sizeof line,
		 "www.t. 3600 IN A 192.0.2.1\nwww.t. 3600 IN RRSIG A 13 2 3600 %u %u %u t. "
		 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7P"
		 "D0+Pw==",
		 EXP, INC, tag);
	struct zmsg *a = answer("www.t.", DNS_T_A, 0, line, NULL);
	struct dnssec_rrset keys, set;
	dnssec_rrset_init(&keys, &k->m, DNS_SEC_ANSWER, w("t."), DNS_T_DNSKEY, 1);
	dnssec_rrset_init(&set, &a->m, DNS_SEC_ANSWER, w("www.t."), DNS_T_A, 0);
	struct dnssec_why why;
	struct dnssec_budget b = {0};
	cr_assert_eq(dnssec_verify_rrset(&set, &keys, w("t."), NOW, NULL, NULL, &b, NULL, &why),
		     DNSSEC_BOGUS);
	cr_assert_eq(why.code, DNSSEC_R_BAD_KEY);
	/* RSA limits: an exponent of 6 octets, a modulus of 4104 bits */
	struct dnssec_verifier v;
	cr_assert(dnssec_verifier_begin(&v, 8));
	cr_assert(dnssec_verifier_finish(&v));
	uint8_t rsa[600] = {6, 1, 0, 0, 0, 0, 1};
	memset(rsa + 7, 0xC5, 128);
	cr_assert_eq(dnssec_verifier_check(&v, rsa, 7 + 128, rsa, 128), DNSSEC_CRYPTO_BAD_KEY);
	rsa[0] = 3;
	rsa[1] = 1;
	rsa[2] = 0;
	rsa[3] = 1;
	memset(rsa + 4, 0xC5, 513); /* 4104 bits */
	cr_assert_eq(dnssec_verifier_check(&v, rsa, 4 + 513, rsa, 513), DNSSEC_CRYPTO_BAD_KEY);
	cr_assert_eq(dnssec_verifier_check(&v, rsa, 4 + 512, rsa, 512),
		     DNSSEC_CRYPTO_BAD_SIGNATURE); /* 4096 bits: a key, a wrong signature */
	dnssec_verifier_end(&v);
	zmsg_free(a);
	zmsg_free(k);
}

/* ---- KeyTrap (CVE-2023-50387) ---------------------------------------------- */

/* RSA keys (algorithm 8) whose last modulus octets are set so that every
 * key has the key tag `tag`. */
static struct zmsg *colliding_keys(size_t n, uint16_t *tag)
{
	struct zmsg *k = zmsg_new("t.", DNS_T_DNSKEY, 0);
	uint8_t rd[4 + 1 + 3 + 128];
	for (size_t i = 0; i < n; i++) {
		rd[0] = 1;
		rd[1] = 0;
		rd[2] = 3;
		rd[3] = 8;
		rd[4] = 3;
		rd[5] = 1;
		rd[6] = 0;
		rd[7] = 1;
		for (size_t j = 8; j < sizeof rd; j++)
			rd[j] = (uint8_t)(0x80 | (i * 31 + j * 7));
		/* find the last 16-bit word that gives tag 0x4242 */
		for (unsigned x = 0; x < 65536; x++) {
			rd[sizeof rd - 2] = (uint8_t)(x >> 8);
			rd[sizeof rd - 1] = (uint8_t)x;
			if (dnssec_key_tag(rd, sizeof rd) == 0x4242)
				break;
		}
		char b64[300], line[400];
		t_base64(rd + 4, sizeof rd - 4, b64);
		snprintf(line, sizeof line, "t. 3600 IN DNSKEY 256 3 8 %s", b64);
		zmsg_add(k, DNS_SEC_ANSWER, line);
	}
	zmsg_parse(k);
	for (size_t i = 0; i < k->m.rr_count; i++)
		cr_assert_eq(dnssec_key_tag(k->pkt + k->m.rr[i].rdata, k->m.rr[i].rdlen), 0x4242);
	*tag = 0x4242;
	return k;
}

static struct zmsg *sigs_with_tag(size_t nsigs, uint16_t tag)
{
	struct zmsg *a = zmsg_new("www.t.", DNS_T_A, 0);
	zmsg_add(a, DNS_SEC_ANSWER, "www.t. 3600 IN A 192.0.2.1");
	uint8_t sig[128];
	char b64[200], line[500];
	for (size_t i = 0; i < nsigs; i++) {
		memset(sig, (int)(0x11 + i), sizeof sig);
		t_base64(sig, sizeof sig, b64);
		snprintf(line, sizeof line, "www.t. 3600 IN RRSIG A 8 2 3600 %u %u %u t. %s", EXP,
			 INC, tag, b64);
		zmsg_add(a, DNS_SEC_ANSWER, line);
	}
	zmsg_parse(a);
	return a;
}

/* 20 keys with one tag, one signature: 9 tries (Unbound does the one that
 * passes MAX_VALIDATE_RRSIGS, 8, and stops after it fails), then bogus */
Test(dnssec_rules, keytrap_colliding_keys_capped)
{
	uint16_t tag;
	struct zmsg *k = colliding_keys(20, &tag);
	struct zmsg *a = sigs_with_tag(1, tag);
	struct dnssec_rrset keys, set;
	dnssec_rrset_init(&keys, &k->m, DNS_SEC_ANSWER, w("t."), DNS_T_DNSKEY, 1);
	dnssec_rrset_init(&set, &a->m, DNS_SEC_ANSWER, w("www.t."), DNS_T_A, 0);
	struct dnssec_why why;
	struct dnssec_budget b = {0};
	cr_assert_eq(dnssec_verify_rrset(&set, &keys, w("t."), NOW, NULL, NULL, &b, NULL, &why),
		     DNSSEC_BOGUS);
	cr_assert_eq(why.code, DNSSEC_R_TOO_MANY_VERIFICATIONS);
	cr_assert_eq(why.ede, 6);
	cr_assert_eq(b.verifications, DNSSEC_MAX_VERIFY_PER_RRSET + 1);
	zmsg_free(a);
	zmsg_free(k);
}

/* one key, 20 signatures with its tag: the same cap */
Test(dnssec_rules, keytrap_many_signatures_capped)
{
	uint16_t tag;
	struct zmsg *k = colliding_keys(1, &tag);
	struct zmsg *a = sigs_with_tag(20, tag);
	struct dnssec_rrset keys, set;
	dnssec_rrset_init(&keys, &k->m, DNS_SEC_ANSWER, w("t."), DNS_T_DNSKEY, 1);
	dnssec_rrset_init(&set, &a->m, DNS_SEC_ANSWER, w("www.t."), DNS_T_A, 0);
	struct dnssec_why why;
	struct dnssec_budget b = {0};
	cr_assert_eq(dnssec_verify_rrset(&set, &keys, w("t."), NOW, NULL, NULL, &b, NULL, &why),
		     DNSSEC_BOGUS);
	cr_assert_eq(why.code, DNSSEC_R_TOO_MANY_VERIFICATIONS);
	cr_assert_eq(b.verifications, DNSSEC_MAX_VERIFY_PER_RRSET + 1);
	/* 8 are allowed: with 8 signatures every one is tried, bogus for a
	 * bad signature */
	struct zmsg *a8 = sigs_with_tag(8, tag);
	dnssec_rrset_init(&set, &a8->m, DNS_SEC_ANSWER, w("www.t."), DNS_T_A, 0);
	struct dnssec_budget b8 = {0};
	cr_assert_eq(dnssec_verify_rrset(&set, &keys, w("t."), NOW, NULL, NULL, &b8, NULL, &why),
		     DNSSEC_BOGUS);
	cr_assert_eq(why.code, DNSSEC_R_BAD_SIGNATURE);
	cr_assert_eq(b8.verifications, 8);
	zmsg_free(a);
	zmsg_free(a8);
	zmsg_free(k);
}

/* the run's verification budget: at DNSSEC_MAX_VERIFY, no more crypto,
 * indeterminate */
Test(dnssec_rules, limit_verifications_per_run)
{
	struct tzone z;
	tzone_new(&z, 256);
	struct zmsg *a = answer("www.t.", DNS_T_A, 0, "www.t. 3600 IN A 192.0.2.1", NULL);
	sign_into(a, &z.zsk, DNS_SEC_ANSWER, "www.t.", DNS_T_A, 2);
	struct dnssec_why why;
	struct dnssec_budget b = {.verifications = DNSSEC_MAX_VERIFY};
	cr_assert_eq(verify_with(&z, a, "www.t.", DNS_T_A, &why, &b), DNSSEC_INDETERMINATE);
	cr_assert_eq(why.code, DNSSEC_R_LIMIT);
	cr_assert_eq(why.limit, DNSSEC_LIMIT_VERIFY);
	cr_assert_eq(b.verifications, DNSSEC_MAX_VERIFY);
	zmsg_free(a);
	tzone_free(&z);
}

/* an RRset of more than DNSSEC_MAX_RRSET_RRS records is not sorted */
Test(dnssec_rules, limit_rrset_size)
{
	struct tzone z;
	tzone_new(&z, 256);
	struct zmsg *a = zmsg_new("big.t.", DNS_T_A, 0);
	char line[100];
	for (unsigned i = 0; i <= DNSSEC_MAX_RRSET_RRS; i++) {
		snprintf(line, sizeof line, "big.t. 3600 IN A 10.%u.%u.1", i / 256, i % 256);
		zmsg_add(a, DNS_SEC_ANSWER, line);
	}
	zmsg_parse(a);
	zmsg_add(a, DNS_SEC_ANSWER,
		 "big.t. 3600 IN RRSIG A 13 2 3600 1900000000 1700000000 1 t. AAAA");
	zmsg_parse(a);
	struct dnssec_why why;
	struct dnssec_budget b = {0};
	cr_assert_eq(verify_with(&z, a, "big.t.", DNS_T_A, &why, &b), DNSSEC_INDETERMINATE);
	cr_assert_eq(why.code, DNSSEC_R_LIMIT);
	cr_assert_eq(why.limit, DNSSEC_LIMIT_RRSET_RRS);
	cr_assert_eq(b.verifications, 0);
	zmsg_free(a);
	tzone_free(&z);
}

/* the chain depth: a name more than DNSSEC_MAX_DEPTH labels below the
 * anchor, every label proven no zone cut */
Test(dnssec_rules, limit_chain_depth)
{
	struct tzone z;
	tzone_new(&z, 256);
	char name[600] = "t.";
	struct zmsg *ds[40];
	struct dnssec_input in[45];
	for (int i = 0; i < 40; i++) {
		char longer[600];
		snprintf(longer, sizeof longer, "a%d.%s", i, name);
		strcpy(name, longer);
		char nsec[700];
		snprintf(nsec, sizeof nsec, "%s 3600 IN NSEC zz.%s A RRSIG NSEC", name, name);
		ds[i] = answer(name, DNS_T_DS, 0, NULL, nsec);
		sign_into(ds[i], &z.zsk, DNS_SEC_AUTHORITY, name, DNS_T_NSEC, (unsigned)(i + 2));
	}
	char a_line[700];
	snprintf(a_line, sizeof a_line, "%s 3600 IN A 192.0.2.1", name);
	struct zmsg *a = answer(name, DNS_T_A, 0, a_line, NULL);
	in[0] = input_of(a, 0);
	in[1] = input_of(z.dnskey, 1);
	for (int i = 0; i < 40; i++)
		in[2 + i] = input_of(ds[i], (unsigned)(2 + i));
	struct dnssec_result r;
	dnssec_validate(in, 42, &z.ta, NOW, &r);
	assert_status(&r, DNSSEC_INDETERMINATE, DNSSEC_R_LIMIT);
	cr_assert_eq(r.why.limit, DNSSEC_LIMIT_DEPTH);
	for (int i = 0; i < 40; i++)
		zmsg_free(ds[i]);
	zmsg_free(a);
	tzone_free(&z);
}

/* ---- the chain ---------------------------------------------------------- */

/* R-DNSSEC-6: a DS of a digest type not validated (3, GOST): insecure */
Test(dnssec_rules, r_dnssec_6_unsupported_digest)
{
	struct tzone z;
	tzone_new(&z, 256);
	char ta[300];
	snprintf(ta, sizeof ta,
		 "t. DS %u 13 3 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
		 z.ksk.tag);
	anchors_text(&z.ta, ta);
	struct zmsg *a = answer("www.t.", DNS_T_A, 0, "www.t. 3600 IN A 192.0.2.1", NULL);
	sign_into(a, &z.zsk, DNS_SEC_ANSWER, "www.t.", DNS_T_A, 2);
	struct dnssec_result r;
	dnssec_validate((struct dnssec_input[]){input_of(a, 0)}, 1, &z.ta, NOW, &r);
	assert_status(&r, DNSSEC_INSECURE, DNSSEC_R_UNSUPPORTED_DIGEST);
	zmsg_free(a);
	tzone_free(&z);
}

/* R-DNSSEC-3: the DS (here the anchor) names the ZSK, which does not
 * sign the DNSKEY RRset */
Test(dnssec_rules, r_dnssec_3_dnskey_not_signed_by_ds_key)
{
	struct tzone z;
	tzone_new(&z, 256);
	uint8_t rd[68] = {1, 0, 3, 13}, digest[64];
	memcpy(rd + 4, z.zsk.pub, 64);
	size_t dl;
	cr_assert(dnssec_digest(2, w("t."), 3, rd, sizeof rd, digest, &dl));
	char ta[300], hex[70];
	for (size_t i = 0; i < dl; i++)
		sprintf(hex + 2 * i, "%02x", digest[i]);
	snprintf(ta, sizeof ta, "t. DS %u 13 2 %s", z.zsk.tag, hex);
	anchors_text(&z.ta, ta);
	struct zmsg *a = answer("www.t.", DNS_T_A, 0, "www.t. 3600 IN A 192.0.2.1", NULL);
	sign_into(a, &z.zsk, DNS_SEC_ANSWER, "www.t.", DNS_T_A, 2);
	struct dnssec_result r;
	run2(&z, a, &r);
	assert_status(&r, DNSSEC_BOGUS, DNSSEC_R_DNSKEY_UNSIGNED_BY_DS_KEY);
	cr_assert(r.chain[0].has_ds);
	cr_assert_eq(r.chain[0].ds_key_tag, z.zsk.tag);
	zmsg_free(a);
	tzone_free(&z);
}

/* R-DNSSEC-3: no DNSKEY RRset where the anchor says keys are (EDE 9);
 * no answer at all for it (EDE 9 too) */
Test(dnssec_rules, r_dnssec_3_no_dnskey_and_fetch_failed)
{
	struct tzone z;
	tzone_new(&z, 256);
	struct zmsg *a = answer("www.t.", DNS_T_A, 0, "www.t. 3600 IN A 192.0.2.1", NULL);
	sign_into(a, &z.zsk, DNS_SEC_ANSWER, "www.t.", DNS_T_A, 2);
	struct zmsg *empty = answer("t.", DNS_T_DNSKEY, 0, NULL, NULL);
	struct dnssec_result r;
	dnssec_validate((struct dnssec_input[]){input_of(a, 0), input_of(empty, 4)}, 2, &z.ta, NOW,
			&r);
	assert_status(&r, DNSSEC_BOGUS, DNSSEC_R_NO_DNSKEY);
	cr_assert_eq(r.why.ede, 9);
	cr_assert_eq(r.why.source, 4);
	struct dnssec_input none = {NULL, w("t."), DNS_T_DNSKEY, 5};
	dnssec_validate((struct dnssec_input[]){input_of(a, 0), none}, 2, &z.ta, NOW, &r);
	assert_status(&r, DNSSEC_BOGUS, DNSSEC_R_FETCH_FAILED);
	cr_assert_eq(r.why.ede, 9);
	zmsg_free(a);
	zmsg_free(empty);
	tzone_free(&z);
}

/* a child zone c.t.: its DS question unanswered (EDE 23, as Unbound),
 * proven absent at a delegation (insecure), or denied without NSEC
 * (EDE 12) */
Test(dnssec_rules, r_dnssec_4_ds_answers)
{
	struct tzone z;
	tzone_new(&z, 256);
	struct zmsg *a = answer("www.c.t.", DNS_T_A, 0, "www.c.t. 3600 IN A 192.0.2.1", NULL);
	struct dnssec_input none = {NULL, w("c.t."), DNS_T_DS, 5};
	struct dnssec_result r;
	dnssec_validate((struct dnssec_input[]){input_of(a, 0), input_of(z.dnskey, 1), none}, 3,
			&z.ta, NOW, &r);
	assert_status(&r, DNSSEC_BOGUS, DNSSEC_R_FETCH_FAILED);
	cr_assert_eq(r.why.ede, 23);

	/* R-DNSSEC-4: the parent proves NS without DS: unsigned */
	struct zmsg *ds = answer("c.t.", DNS_T_DS, 0, NULL, "c.t. 3600 IN NSEC d.t. NS RRSIG NSEC");
	sign_into(ds, &z.zsk, DNS_SEC_AUTHORITY, "c.t.", DNS_T_NSEC, 2);
	dnssec_validate(
	    (struct dnssec_input[]){input_of(a, 0), input_of(z.dnskey, 1), input_of(ds, 2)}, 3,
	    &z.ta, NOW, &r);
	assert_status(&r, DNSSEC_INSECURE, DNSSEC_R_UNSIGNED_DELEGATION);
	cr_assert(dns_name_equal(r.why.zone, w("c.t.")));

	/* a DS in the bitmap but no DS RRset: bogus */
	struct zmsg *ds2 =
	    answer("c.t.", DNS_T_DS, 0, NULL, "c.t. 3600 IN NSEC d.t. NS DS RRSIG NSEC");
	sign_into(ds2, &z.zsk, DNS_SEC_AUTHORITY, "c.t.", DNS_T_NSEC, 2);
	dnssec_validate(
	    (struct dnssec_input[]){input_of(a, 0), input_of(z.dnskey, 1), input_of(ds2, 2)}, 3,
	    &z.ta, NOW, &r);
	assert_status(&r, DNSSEC_BOGUS, DNSSEC_R_TYPE_IN_BITMAP);

	/* only a signed SOA: EDE 12, NSEC Missing (validator.c
	 * ds_response_to_ke) */
	struct zmsg *ds3 = answer("c.t.", DNS_T_DS, 0, NULL, "t. 3600 IN SOA ns.t. h.t. 1 2 3 4 5");
	sign_into(ds3, &z.zsk, DNS_SEC_AUTHORITY, "t.", DNS_T_SOA, 1);
	dnssec_validate(
	    (struct dnssec_input[]){input_of(a, 0), input_of(z.dnskey, 1), input_of(ds3, 2)}, 3,
	    &z.ta, NOW, &r);
	assert_status(&r, DNSSEC_BOGUS, DNSSEC_R_NSEC_MISSING);
	cr_assert_eq(r.why.ede, 12);
	zmsg_free(a);
	zmsg_free(ds);
	zmsg_free(ds2);
	zmsg_free(ds3);
	tzone_free(&z);
}

/* RFC 6672: the unsigned CNAME a signed DNAME gives is secure; one that
 * points elsewhere is bogus */
Test(dnssec_rules, r_dnssec_8_dname_synthesis)
{
	struct tzone z;
	tzone_new(&z, 256);
	for (int wrong = 0; wrong < 2; wrong++) {
		struct zmsg *a = answer("a.d.t.", DNS_T_A, 0, "d.t. 3600 IN DNAME x.t.", NULL);
		sign_into(a, &z.zsk, DNS_SEC_ANSWER, "d.t.", DNS_T_DNAME, 2);
		zmsg_add(a, DNS_SEC_ANSWER,
			 wrong ? "a.d.t. 3600 IN CNAME b.x.t." : "a.d.t. 3600 IN CNAME a.x.t.");
		zmsg_add(a, DNS_SEC_ANSWER,
			 wrong ? "b.x.t. 3600 IN A 192.0.2.9" : "a.x.t. 3600 IN A 192.0.2.9");
		zmsg_parse(a);
		sign_into(a, &z.zsk, DNS_SEC_ANSWER, wrong ? "b.x.t." : "a.x.t.", DNS_T_A, 3);
		struct dnssec_result r;
		run2(&z, a, &r);
		if (wrong) {
			assert_status(&r, DNSSEC_BOGUS, DNSSEC_R_DNAME_SYNTHESIS);
		} else {
			assert_status(&r, DNSSEC_SECURE, DNSSEC_R_NONE);
			cr_assert_eq(r.part_count, 3); /* DNAME, CNAME, A */
		}
		zmsg_free(a);
	}
	tzone_free(&z);
}

/* a record that cannot be put in canonical form: an SRV whose target
 * runs past its RDATA (the message parser leaves SRV opaque) */
Test(dnssec_rules, malformed_rdata)
{
	struct tzone z;
	tzone_new(&z, 256);
	struct zmsg *a =
	    answer("s.t.", 33, 0, "s.t. 3600 IN TYPE33 \\# 9 000100020003056162", NULL);
	zmsg_add(a, DNS_SEC_ANSWER,
		 "s.t. 3600 IN RRSIG TYPE33 13 2 3600 1900000000 1700000000 0 t. AAAA");
	zmsg_parse(a);
	/* the RRSIG must carry the ZSK's tag to get as far as the data */
	const struct dns_rr *sig = &a->m.rr[1];
	a->pkt[sig->rdata + 16] = (uint8_t)(z.zsk.tag >> 8);
	a->pkt[sig->rdata + 17] = (uint8_t)z.zsk.tag;
	struct dnssec_why why;
	struct dnssec_budget b = {0};
	cr_assert_eq(verify_with(&z, a, "s.t.", 33, &why, &b), DNSSEC_BOGUS);
	cr_assert_eq(why.code, DNSSEC_R_MALFORMED);
	zmsg_free(a);
	tzone_free(&z);
}

/* ---- NSEC, directly ------------------------------------------------------- */

static void nsec_rec(struct dnssec_nsec *n, const char *owner, const char *next, const char *types)
{
	struct zmsg *z = zmsg_new(owner, DNS_T_NSEC, 0);
	char line[600];
	snprintf(line, sizeof line, "%s 1 IN NSEC %s %s", owner, next, types);
	zmsg_add(z, DNS_SEC_ANSWER, line);
	zmsg_parse(z);
	struct dns_nsec v;
	cr_assert_eq(dns_rr_nsec(z->pkt, z->len, &z->m.rr[0], &v), DNS_OK);
	memcpy(n->owner, w(owner), dns_name_len(w(owner)));
	memcpy(n->next, w(next), dns_name_len(w(next)));
	static uint8_t bitmaps[16][64];
	static int k;
	uint8_t *bm = bitmaps[k++ % 16];
	memcpy(bm, v.bitmap, v.bitmap_len);
	n->bitmap = bm;
	n->bitmap_len = v.bitmap_len;
	zmsg_free(z);
}

/* R-DNSSEC-9 (RFC 4035 s3.1.3.1, RFC 6840 s4.1) */
Test(dnssec_rules, r_dnssec_9_nsec_nodata_rules)
{
	struct dnssec_nsec n[2];
	struct dnssec_denial d;
	nsec_rec(&n[0], "a.t.", "c.t.", "A RRSIG NSEC");
	dnssec_nsec_prove(n, 1, w("a.t."), DNS_T_CAA, DNSSEC_PROVE_NODATA, NULL, &d);
	cr_assert_eq(d.status, DNSSEC_SECURE);
	dnssec_nsec_prove(n, 1, w("a.t."), DNS_T_A, DNSSEC_PROVE_NODATA, NULL, &d);
	cr_assert_eq(d.reason, DNSSEC_R_TYPE_IN_BITMAP);
	/* a CNAME in the bitmap: the answer should have been the CNAME */
	nsec_rec(&n[0], "a.t.", "c.t.", "CNAME RRSIG NSEC");
	dnssec_nsec_prove(n, 1, w("a.t."), DNS_T_CAA, DNSSEC_PROVE_NODATA, NULL, &d);
	cr_assert_eq(d.reason, DNSSEC_R_TYPE_IN_BITMAP);
	/* the parent side of a delegation says nothing of the child's CAA
	 * (RFC 6840 s4.1): with DS in it, bogus; without, it proves the child
	 * unsigned, and Unbound calls the answer insecure (val_nsec.c
	 * val_nsec_proves_insecuredelegation), at the cut and below it */
	nsec_rec(&n[0], "a.t.", "c.t.", "NS DS RRSIG NSEC");
	dnssec_nsec_prove(n, 1, w("a.t."), DNS_T_CAA, DNSSEC_PROVE_NODATA, NULL, &d);
	cr_assert_eq(d.status, DNSSEC_BOGUS);
	cr_assert_eq(d.reason, DNSSEC_R_PARENT_SIDE_NSEC);
	nsec_rec(&n[0], "a.t.", "c.t.", "NS RRSIG NSEC");
	dnssec_nsec_prove(n, 1, w("a.t."), DNS_T_CAA, DNSSEC_PROVE_NODATA, NULL, &d);
	cr_assert_eq(d.status, DNSSEC_INSECURE);
	cr_assert_eq(d.reason, DNSSEC_R_UNSIGNED_DELEGATION);
	dnssec_nsec_prove(n, 1, w("www.a.t."), DNS_T_CAA, DNSSEC_PROVE_NODATA, NULL, &d);
	cr_assert_eq(d.status, DNSSEC_INSECURE);
	cr_assert_eq(d.reason, DNSSEC_R_UNSIGNED_DELEGATION);
	/* ...but proves the DS absent at a delegation */
	dnssec_nsec_prove(n, 1, w("a.t."), DNS_T_DS, DNSSEC_PROVE_NODATA, NULL, &d);
	cr_assert_eq(d.status, DNSSEC_SECURE);
	cr_assert(d.delegation);
	/* an NSEC that neither matches nor covers proves nothing */
	nsec_rec(&n[0], "x.t.", "y.t.", "A RRSIG NSEC");
	dnssec_nsec_prove(n, 1, w("a.t."), DNS_T_CAA, DNSSEC_PROVE_NODATA, NULL, &d);
	cr_assert_eq(d.reason, DNSSEC_R_NSEC_PROOF);
	dnssec_nsec_prove(n, 0, w("a.t."), DNS_T_CAA, DNSSEC_PROVE_NODATA, NULL, &d);
	cr_assert_eq(d.reason, DNSSEC_R_NSEC_MISSING);
	/* a wildcard NODATA: b.t. absent, *.t. without CAA */
	nsec_rec(&n[0], "a.t.", "c.t.", "A RRSIG NSEC");
	nsec_rec(&n[1], "*.t.", "a.t.", "TXT RRSIG NSEC");
	dnssec_nsec_prove(n, 2, w("b.t."), DNS_T_CAA, DNSSEC_PROVE_NODATA, NULL, &d);
	cr_assert_eq(d.status, DNSSEC_SECURE);
	dnssec_nsec_prove(n, 2, w("b.t."), DNS_T_TXT, DNSSEC_PROVE_NODATA, NULL, &d);
	cr_assert_eq(d.reason, DNSSEC_R_TYPE_IN_BITMAP);
}

/* R-DNSSEC-10 (RFC 4035 s3.1.3.2): qname covered and *.ce covered */
Test(dnssec_rules, r_dnssec_10_nsec_nxdomain_rules)
{
	struct dnssec_nsec n[2];
	struct dnssec_denial d;
	/* one NSEC covering both b.a.t. and *.a.t. ... */
	nsec_rec(&n[0], "a.t.", "c.a.t.", "A RRSIG NSEC");
	dnssec_nsec_prove(n, 1, w("b.a.t."), DNS_T_A, DNSSEC_PROVE_NXDOMAIN, NULL, &d);
	cr_assert_eq(d.status, DNSSEC_SECURE);
	/* ...but not the wildcard of a closer encloser */
	nsec_rec(&n[0], "x.b.a.t.", "z.b.a.t.", "A RRSIG NSEC");
	dnssec_nsec_prove(n, 1, w("y.b.a.t."), DNS_T_A, DNSSEC_PROVE_NXDOMAIN, NULL, &d);
	cr_assert_eq(d.reason, DNSSEC_R_NSEC_PROOF);
	/* an NSEC at a delegation above qname cannot deny names below it:
	 * bogus with a DS there; without, the names are in an unsigned
	 * child: insecure (Unbound validate_nameerror_response) */
	nsec_rec(&n[0], "a.t.", "c.t.", "NS DS RRSIG NSEC");
	dnssec_nsec_prove(n, 1, w("b.a.t."), DNS_T_A, DNSSEC_PROVE_NXDOMAIN, NULL, &d);
	cr_assert_eq(d.status, DNSSEC_BOGUS);
	cr_assert_eq(d.reason, DNSSEC_R_NSEC_PROOF);
	nsec_rec(&n[0], "a.t.", "c.t.", "NS RRSIG NSEC");
	dnssec_nsec_prove(n, 1, w("b.a.t."), DNS_T_A, DNSSEC_PROVE_NXDOMAIN, NULL, &d);
	cr_assert_eq(d.status, DNSSEC_INSECURE);
	cr_assert_eq(d.reason, DNSSEC_R_UNSIGNED_DELEGATION);
	/* the last NSEC of the zone (next is the apex) covers what follows */
	nsec_rec(&n[0], "x.t.", "t.", "A RRSIG NSEC");
	cr_assert(dnssec_nsec_covers(&n[0], w("y.t.")));
	cr_assert(!dnssec_nsec_covers(&n[0], w("a.t.")));
	cr_assert(!dnssec_nsec_covers(&n[0], w("y.other.")));
}

/* RFC 4034 s6.1's example order */
Test(dnssec_rules, canonical_name_order)
{
	const char *order[] = {"example.",	   "a.example.",      "yljkjljk.a.example.",
			       "Z.a.example.",	   "zABC.a.EXAMPLE.", "z.example.",
			       "\\001.z.example.", "*.z.example.",    "\\200.z.example."};
	for (size_t i = 0; i + 1 < sizeof order / sizeof order[0]; i++) {
		uint8_t a[DNS_MAX_NAME], b[DNS_MAX_NAME];
		size_t n;
		dns_name_from_text(order[i], strlen(order[i]), a, &n);
		dns_name_from_text(order[i + 1], strlen(order[i + 1]), b, &n);
		cr_assert_lt(dnssec_name_compare(a, b), 0, "%s < %s", order[i], order[i + 1]);
		cr_assert_gt(dnssec_name_compare(b, a), 0);
	}
	cr_assert_eq(dnssec_name_compare(w("Example.COM."), w("example.com.")), 0);
}

/* RFC 4034 s6.2 with RFC 6840 s5.1: RDATA names lower-cased for MX and
 * RRSIG, kept for NSEC; s6.3: sorted, duplicates once */
Test(dnssec_rules, canonical_rdata_and_order)
{
	struct zmsg *z = zmsg_new("t.", DNS_T_MX, 0);
	zmsg_add(z, DNS_SEC_ANSWER, "t. 1 IN MX 10 Mail.T.");
	zmsg_add(z, DNS_SEC_ANSWER, "t. 1 IN NSEC Next.T. A");
	zmsg_parse(z);
	struct dnssec_canon_rdata c;
	cr_assert_eq(dnssec_canon_rdata(&z->m, &z->m.rr[0], &c), DNSSEC_R_NONE);
	uint8_t flat[600];
	size_t o = 0;
	for (size_t i = 0; i < c.nseg; i++) {
		memcpy(flat + o, c.seg[i].p, c.seg[i].n);
		o += c.seg[i].n;
	}
	cr_assert_eq(o, c.len);
	cr_assert(memcmp(flat + 2, "\x04mail\x01t", 8) == 0);
	cr_assert_eq(dnssec_canon_rdata(&z->m, &z->m.rr[1], &c), DNSSEC_R_NONE);
	cr_assert(memcmp(c.seg[0].p, "\x04Next\x01T", 8) == 0);
	zmsg_free(z);

	/* order and duplicates */
	struct zmsg *s = zmsg_new("t.", DNS_T_A, 0);
	zmsg_add_lines(
	    s, DNS_SEC_ANSWER,
	    "t. 1 IN A 10.0.0.2\nt. 1 IN A 10.0.0.1\nT. 1 IN A 10.0.0.2\nt. 1 IN A 9.0.0.1");
	zmsg_parse(s);
	struct dnssec_rrset set;
	cr_assert_eq(dnssec_rrset_init(&set, &s->m, DNS_SEC_ANSWER, w("t."), DNS_T_A, 0), 4);
	static struct sink_buf sb;
	sb.n = 0;
	struct dnssec_sink sink = {sink_buf_write, &sb};
	cr_assert_eq(dnssec_canon_rrset(&set, w("t."), 3600, &sink), DNSSEC_R_NONE);
	/* three records of 2+1+10+4 octets: 9.0.0.1, 10.0.0.1, 10.0.0.2 */
	cr_assert_eq(sb.n, 3 * 17);
	cr_assert(memcmp(sb.b + 13, "\x09\x00\x00\x01", 4) == 0);
	cr_assert(memcmp(sb.b + 17 + 13, "\x0a\x00\x00\x01", 4) == 0);
	cr_assert(memcmp(sb.b + 34 + 13, "\x0a\x00\x00\x02", 4) == 0);
	cr_assert(memcmp(sb.b + 7, "\x00\x00\x0e\x10", 4) == 0); /* the original TTL */
	zmsg_free(s);
}

/* ---- reasons and anchors -------------------------------------------------- */

/* every reason has a name, a sentence and a status; the EDE of each is
 * what Unbound sends (RFC 8914 s4) */
Test(dnssec_rules, every_reason_named_with_its_ede)
{
	for (int r = 0; r < DNSSEC_R__COUNT; r++) {
		cr_assert(dnssec_reason_name((enum dnssec_reason)r)[0], "%d", r);
		cr_assert(dnssec_reason_text((enum dnssec_reason)r)[0], "%d", r);
		for (int s = 0; s < r; s++)
			cr_assert_str_neq(dnssec_reason_name((enum dnssec_reason)r),
					  dnssec_reason_name((enum dnssec_reason)s));
	}
	cr_assert_str_eq(dnssec_reason_text(DNSSEC_R_NOT_BUILT),
			 "DNSSEC validation not built in (no libcrypto)");
	cr_assert_eq(dnssec_reason_status(DNSSEC_R_NOT_BUILT), DNSSEC_INDETERMINATE);
	const struct {
		enum dnssec_reason r;
		uint16_t ede;
		enum dnssec_status st;
	} map[] = {
	    {DNSSEC_R_SIG_EXPIRED, 7, DNSSEC_BOGUS},
	    {DNSSEC_R_SIG_NOT_YET_VALID, 8, DNSSEC_BOGUS},
	    {DNSSEC_R_NO_RRSIG, 10, DNSSEC_BOGUS},
	    {DNSSEC_R_NO_MATCHING_KEY, 9, DNSSEC_BOGUS},
	    {DNSSEC_R_NO_DNSKEY, 9, DNSSEC_BOGUS},
	    {DNSSEC_R_NOT_ZONE_KEY, 11, DNSSEC_BOGUS},
	    {DNSSEC_R_FETCH_FAILED, 23, DNSSEC_BOGUS},
	    {DNSSEC_R_BAD_SIGNATURE, 6, DNSSEC_BOGUS},
	    {DNSSEC_R_NSEC_MISSING, 6, DNSSEC_BOGUS},
	    {DNSSEC_R_UNSUPPORTED_ALGORITHM, DNSSEC_EDE_NONE, DNSSEC_INSECURE},
	    {DNSSEC_R_NSEC3_ITERATIONS, DNSSEC_EDE_NONE, DNSSEC_INSECURE},
	    {DNSSEC_R_OPT_OUT, DNSSEC_EDE_NONE, DNSSEC_INSECURE},
	    {DNSSEC_R_LIMIT, DNSSEC_EDE_NONE, DNSSEC_INDETERMINATE},
	    {DNSSEC_R_NO_ANCHOR, DNSSEC_EDE_NONE, DNSSEC_INDETERMINATE},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		cr_assert_eq(dnssec_reason_ede(map[i].r), map[i].ede, "%s",
			     dnssec_reason_name(map[i].r));
		cr_assert_eq(dnssec_reason_status(map[i].r), map[i].st);
	}
	cr_assert_str_eq(dnssec_status_name(DNSSEC_INDETERMINATE), "indeterminate");
	cr_assert(strstr(dnssec_limit_text(DNSSEC_LIMIT_VERIFY), "128"));
}

/* R-DNSSEC-3: the root's KSK-2017 and KSK-2024, built in */
Test(dnssec_rules, r_dnssec_3_builtin_root_anchors)
{
	struct dnssec_anchors ta;
	dnssec_anchors_builtin(&ta);
	cr_assert_eq(ta.count, 2);
	cr_assert_eq(ta.a[0].type, DNS_T_DS);
	cr_assert_eq(ta.a[0].owner[0], 0);
	cr_assert_eq(ta.a[0].rdata[0] << 8 | ta.a[0].rdata[1], 20326);
	cr_assert_eq(ta.a[1].rdata[0] << 8 | ta.a[1].rdata[1], 38696);
	cr_assert_eq(ta.a[1].rdata[2], 8);
	cr_assert_eq(ta.a[1].rdata[3], 2);
	cr_assert_eq(ta.a[1].rdlen, 4 + 32);
	const uint8_t *zone;
	cr_assert_eq(dnssec_anchors_find(&ta, w("www.example.com."), &zone), 2);
}

/* the --trust-anchor parser: layouts and every error */
Test(dnssec_rules, trust_anchor_parser)
{
	struct dnssec_anchors ta;
	unsigned line;
	const char *ok = "; lab\n\nLab. 3600 IN DS 1 ECDSAP256SHA256 2 0011 2233 ; split\n"
			 "lab. IN 60 DNSKEY 257 3 13 AAEC AwQ=\n( sub.lab. DS 2 13 4 ff )\n";
	cr_assert_eq(dnssec_anchors_parse(ok, strlen(ok), &ta, &line), DNSSEC_ANCHOR_OK);
	cr_assert_eq(ta.count, 3);
	cr_assert(dns_name_equal(ta.a[0].owner, w("lab.")));
	cr_assert_eq(ta.a[0].owner[1], 'l'); /* lower-cased */
	cr_assert_eq(ta.a[0].rdata[2], 13);
	cr_assert_eq(ta.a[0].rdlen, 4 + 4);
	cr_assert_eq(ta.a[1].type, DNS_T_DNSKEY);
	cr_assert_eq(ta.a[1].rdlen, 4 + 5);
	const uint8_t *zone;
	cr_assert_eq(dnssec_anchors_find(&ta, w("x.sub.lab."), &zone), 1);
	cr_assert(dns_name_equal(zone, w("sub.lab.")));
	cr_assert_eq(dnssec_anchors_find(&ta, w("x.lab."), &zone), 2);
	cr_assert_eq(dnssec_anchors_find(&ta, w("other."), &zone), 0);

	const struct {
		const char *text;
		enum dnssec_anchor_err e;
		unsigned line;
	} bad[] = {
	    {"", DNSSEC_ANCHOR_E_NONE, 0},
	    {"; only a comment\n", DNSSEC_ANCHOR_E_NONE, 0},
	    {"a..b. DS 1 13 2 00", DNSSEC_ANCHOR_E_NAME, 1},
	    {"\nlab. A 192.0.2.1", DNSSEC_ANCHOR_E_TYPE, 2},
	    {"lab. CH DS 1 13 2 00", DNSSEC_ANCHOR_E_CLASS, 1},
	    {"lab. DS 70000 13 2 00", DNSSEC_ANCHOR_E_FIELD, 1},
	    {"lab. DS 1 NOSUCHALG 2 00", DNSSEC_ANCHOR_E_FIELD, 1},
	    {"lab. DS 1 13 2 0g", DNSSEC_ANCHOR_E_HEX, 1},
	    {"lab. DS 1 13 2 012", DNSSEC_ANCHOR_E_HEX, 1},
	    {"lab. DS 1 13 2", DNSSEC_ANCHOR_E_HEX, 1},
	    {"lab. DNSKEY 257 3 13 AAE", DNSSEC_ANCHOR_E_BASE64, 1},
	    {"lab. DNSKEY 257 3 13 A=AA", DNSSEC_ANCHOR_E_BASE64, 1},
	    {"$ORIGIN lab.\n", DNSSEC_ANCHOR_E_DIRECTIVE, 1},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cr_assert_eq(dnssec_anchors_parse(bad[i].text, strlen(bad[i].text), &ta, &line),
			     bad[i].e, "'%s': %s", bad[i].text,
			     dnssec_anchor_strerror(dnssec_anchors_parse(
				 bad[i].text, strlen(bad[i].text), &ta, &line)));
		cr_assert_eq(line, bad[i].line, "'%s' line %u", bad[i].text, line);
	}
	/* too long a digest, too many records, too long a line */
	static char big[80000];
	size_t o = (size_t)sprintf(big, "lab. DS 1 13 2 ");
	memset(big + o, 'a', 2 * DNSSEC_ANCHOR_RDATA + 2);
	cr_assert_eq(dnssec_anchors_parse(big, o + 2 * DNSSEC_ANCHOR_RDATA + 2, &ta, &line),
		     DNSSEC_ANCHOR_E_TOO_LONG);
	memset(big + o, ' ', DNSSEC_ANCHOR_LINE);
	cr_assert_eq(dnssec_anchors_parse(big, o + DNSSEC_ANCHOR_LINE, &ta, &line),
		     DNSSEC_ANCHOR_E_LINE);
	o = 0;
	for (int i = 0; i <= DNSSEC_MAX_ANCHORS; i++)
		o += (size_t)sprintf(big + o, "lab. DS %d 13 2 00\n", i);
	cr_assert_eq(dnssec_anchors_parse(big, o, &ta, &line), DNSSEC_ANCHOR_E_TOO_MANY);
	cr_assert_eq(line, DNSSEC_MAX_ANCHORS + 1);
	o = (size_t)sprintf(big, "lab. DS 1 13 2 ");
	for (int i = 0; i < 1100; i++)
		o += (size_t)sprintf(big + o, "ab ");
	cr_assert_eq(dnssec_anchors_parse(big, o, &ta, &line), DNSSEC_ANCHOR_E_TOO_LONG);
	for (int e = DNSSEC_ANCHOR_OK; e <= DNSSEC_ANCHOR_E_DIRECTIVE; e++)
		cr_assert(dnssec_anchor_strerror((enum dnssec_anchor_err)e)[0]);
}
