/* The validator against the cases an adversarial review found it wrong
 * on, each built by hand in the test zone t. (dnssec_tzone.h) and each
 * compared with what Unbound (Let's Encrypt's resolver) does, cited from
 * its source (validator/validator.c, val_sigcrypt.c, val_nsec.c,
 * val_nsec3.c). Each test failed before its fix. R-DNSSEC-3, -4, -8, -9,
 * -10; KeyTrap (CVE-2023-50387). */
#include <criterion/criterion.h>

#include "dns/rr.h"
#include "dnssec/nsec.h"
#include "dnssec/nsec3.h"
#include "dnssec/rrsig.h"
#include "dnssec_tzone.h"

/* Changes the last octet of the signature of the RRSIG at record index i
 * (after the message's last zmsg_parse: a later one rebuilds the packet). */
static void damage_sig(struct zmsg *a, size_t i)
{
	const struct dns_rr *rr = &a->m.rr[i];
	cr_assert_eq(rr->type, DNS_T_RRSIG);
	a->pkt[rr->rdata + rr->rdlen - 1] ^= 0x55;
}

/* ---- KeyTrap: Unbound's count ------------------------------------------- */

/* Unbound (val_sigcrypt.c dnskeyset_verify_rrset_sig): the count of
 * verifications goes up before each one, the one that makes it 9 is
 * still done, and only a failure past MAX_VALIDATE_RRSIGS (8) makes the
 * RRset bogus. So 8 bad signatures and a good 9th: secure; 9 bad and a
 * good 10th: bogus after 9 verifications. Before the fix the engine
 * stopped at 8 and said bogus for the first. */
Test(dnssec_review, keytrap_ninth_verification_counts)
{
	struct tzone z;
	tzone_new(&z, 256);
	for (unsigned sigs = 9; sigs <= 10; sigs++) {
		struct zmsg *a = answer("www.t.", DNS_T_A, 0, "www.t. 3600 IN A 192.0.2.1", NULL);
		for (unsigned k = 0; k < sigs; k++)
			sign_into(a, &z.zsk, DNS_SEC_ANSWER, "www.t.", DNS_T_A, 2);
		for (unsigned k = 0; k + 1 < sigs; k++)
			damage_sig(a, 1 + k); /* every one but the last */
		struct dnssec_rrset keys, set;
		dnssec_rrset_init(&keys, &z.dnskey->m, DNS_SEC_ANSWER, w("t."), DNS_T_DNSKEY, 1);
		dnssec_rrset_init(&set, &a->m, DNS_SEC_ANSWER, w("www.t."), DNS_T_A, 0);
		struct dnssec_why why;
		struct dnssec_budget b = {0};
		enum dnssec_status st =
		    dnssec_verify_rrset(&set, &keys, w("t."), NOW, NULL, NULL, &b, NULL, &why);
		if (sigs == 9) {
			cr_assert_eq(st, DNSSEC_SECURE);
			cr_assert_eq(b.verifications, 9);
		} else {
			cr_assert_eq(st, DNSSEC_BOGUS);
			cr_assert_eq(why.code, DNSSEC_R_TOO_MANY_VERIFICATIONS);
			cr_assert_eq(why.ede, 6);
			cr_assert_eq(b.verifications, DNSSEC_MAX_VERIFY_PER_RRSET + 1);
		}
		zmsg_free(a);
	}
	tzone_free(&z);
}
