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

/* A DS question of t.'s zone answered NODATA by an NSEC at name with
 * the given types (no NS: no zone cut there), signed by the ZSK. */
static struct zmsg *no_cut(struct tzone *z, const char *name, const char *next, const char *types)
{
	char line[600];
	snprintf(line, sizeof line, "%s 3600 IN NSEC %s %s", name, next, types);
	struct zmsg *ds = answer(name, DNS_T_DS, 0, NULL, line);
	sign_into(ds, &z->zsk, DNS_SEC_AUTHORITY, name, DNS_T_NSEC, dns_name_labels(w(name)));
	return ds;
}

/* ---- DNAME: the synthesized CNAME must be under the DNAME ---------------- */

/* RFC 6672 s3.2; Unbound (validator.c validate_msg_signatures) accepts an
 * unsigned CNAME only right after a secure DNAME, and only when the CNAME's
 * owner is below it and its target is the one the DNAME derives. A chain
 * that leaves the DNAME's subtree must not carry that acceptance along: an
 * unsigned CNAME further on, at w.q.t. (not below d.t.), whose target
 * happens to be "its first label + the DNAME's target", is unsigned data
 * of a signed zone. Before the fix the engine kept the DNAME's verdict
 * from the link before and called the forged link secure. */
Test(dnssec_review, r_dnssec_8_dname_cname_outside_the_dname)
{
	struct tzone z;
	tzone_new(&z, 256);
	struct zmsg *a = answer("a.d.t.", DNS_T_A, 0,
				"d.t. 3600 IN DNAME e.t.\n"
				"a.d.t. 3600 IN CNAME a.e.t.\n"
				"a.e.t. 3600 IN CNAME w.q.t.\n"
				"w.q.t. 3600 IN CNAME w.e.t.\n"
				"w.e.t. 3600 IN A 192.0.2.66",
				NULL);
	sign_into(a, &z.zsk, DNS_SEC_ANSWER, "d.t.", DNS_T_DNAME, 2);
	sign_into(a, &z.zsk, DNS_SEC_ANSWER, "a.e.t.", DNS_T_CNAME, 3);
	sign_into(a, &z.zsk, DNS_SEC_ANSWER, "w.e.t.", DNS_T_A, 3);
	/* w.q.t.'s CNAME is not signed: the walk asks for q.t. and w.q.t. */
	struct zmsg *ds_q = no_cut(&z, "q.t.", "w.q.t.", "RRSIG NSEC");
	struct zmsg *ds_w = no_cut(&z, "w.q.t.", "x.t.", "CNAME RRSIG NSEC");
	struct dnssec_input in[] = {input_of(a, 0), input_of(z.dnskey, 1), input_of(ds_q, 2),
				    input_of(ds_w, 3)};
	struct dnssec_result r;
	dnssec_validate(in, 4, &z.ta, NOW, &r);
	cr_assert_not(r.need);
	assert_status(&r, DNSSEC_BOGUS, DNSSEC_R_NO_RRSIG);
	cr_assert(dns_name_equal(r.why.owner, w("w.q.t.")));
	cr_assert_eq(r.why.type, DNS_T_CNAME);
	/* DNAME, the synthesized CNAME, the signed CNAME, the forged one:
	 * judged, then the A */
	cr_assert_eq(r.part_count, 5);
	cr_assert_eq(r.parts[1].status, DNSSEC_SECURE); /* a.d.t. CNAME a.e.t. */
	cr_assert_eq(r.parts[3].status, DNSSEC_BOGUS);	/* w.q.t. CNAME w.e.t. */
	zmsg_free(a);
	zmsg_free(ds_q);
	zmsg_free(ds_w);
	tzone_free(&z);
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

/* ---- the answer must be judged to the end -------------------------------- */

/* A CNAME chain longer than the engine has parts for (DNSSEC_MAX_PARTS):
 * the links past the last part, the final RRset among them, are never
 * judged, so the verdict cannot be secure. Before the fix the engine
 * stopped adding parts, judged nothing more, and said secure with a
 * forged final RRset (here: its signature damaged). Now: indeterminate,
 * the parts limit. */
Test(dnssec_review, cname_chain_longer_than_the_parts)
{
	struct tzone z;
	tzone_new(&z, 256);
	struct zmsg *a = zmsg_new("c0.t.", DNS_T_A, 0);
	char line[200], owner[32];
	const unsigned links = DNSSEC_MAX_PARTS + 1;
	for (unsigned k = 0; k < links; k++) {
		snprintf(line, sizeof line, "c%u.t. 3600 IN CNAME c%u.t.", k, k + 1);
		zmsg_add(a, DNS_SEC_ANSWER, line);
	}
	snprintf(line, sizeof line, "c%u.t. 3600 IN A 192.0.2.66", links);
	zmsg_add(a, DNS_SEC_ANSWER, line);
	zmsg_parse(a);
	for (unsigned k = 0; k < links; k++) {
		snprintf(owner, sizeof owner, "c%u.t.", k);
		sign_into(a, &z.zsk, DNS_SEC_ANSWER, owner, DNS_T_CNAME, 2);
	}
	snprintf(owner, sizeof owner, "c%u.t.", links);
	sign_into(a, &z.zsk, DNS_SEC_ANSWER, owner, DNS_T_A, 2);
	damage_sig(a, a->m.rr_count - 1); /* the A's RRSIG, the last record */
	struct dnssec_result r;
	run2(&z, a, &r);
	cr_assert_not(r.need);
	assert_status(&r, DNSSEC_INDETERMINATE, DNSSEC_R_LIMIT);
	cr_assert_eq(r.why.limit, DNSSEC_LIMIT_PARTS);
	cr_assert_eq(r.part_count, DNSSEC_MAX_PARTS);
	zmsg_free(a);
	tzone_free(&z);
}

/* A CNAME loop (a -> b -> a), every link signed: never secure. */
Test(dnssec_review, cname_loop_is_not_secure)
{
	struct tzone z;
	tzone_new(&z, 256);
	struct zmsg *a = answer("a.t.", DNS_T_A, 0,
				"a.t. 3600 IN CNAME b.t.\n"
				"b.t. 3600 IN CNAME a.t.",
				NULL);
	sign_into(a, &z.zsk, DNS_SEC_ANSWER, "a.t.", DNS_T_CNAME, 2);
	sign_into(a, &z.zsk, DNS_SEC_ANSWER, "b.t.", DNS_T_CNAME, 2);
	struct dnssec_result r;
	run2(&z, a, &r);
	cr_assert_not(r.need);
	assert_status(&r, DNSSEC_INDETERMINATE, DNSSEC_R_LIMIT);
	cr_assert_eq(r.why.limit, DNSSEC_LIMIT_PARTS);
	zmsg_free(a);
	tzone_free(&z);
}

/* ---- every authority RRset of a secure answer ---------------------------- */

/* Unbound verifies each authority RRset with the keys of the part whose
 * zone signed it (validate_msg_signatures) and, once the message is
 * secure, makes it bogus for any left unverified (val_check_nonsecure),
 * except an NS RRset beside answer data, which it drops. Here: a secure
 * A, with in its authority section (1) an unsigned NS: still secure;
 * (2) t.'s SOA with a damaged signature: bogus; (3) an NSEC signed by a
 * zone u. the chain never met: bogus. Before, the authority section of a
 * positive answer was never looked at: secure in all three. */
Test(dnssec_review, authority_of_a_secure_answer)
{
	struct tzone z;
	tzone_new(&z, 256);
	struct tkey u;
	tkey_new(&u, "u.", 256);
	for (int c = 1; c <= 3; c++) {
		struct zmsg *a = answer("www.t.", DNS_T_A, 0, "www.t. 3600 IN A 192.0.2.1", NULL);
		sign_into(a, &z.zsk, DNS_SEC_ANSWER, "www.t.", DNS_T_A, 2);
		if (c == 1) {
			zmsg_add(a, DNS_SEC_AUTHORITY, "t. 3600 IN NS ns.t.");
			zmsg_parse(a);
		} else if (c == 2) {
			zmsg_add(a, DNS_SEC_AUTHORITY, "t. 3600 IN SOA ns.t. h.t. 1 2 3 4 5");
			zmsg_parse(a);
			sign_into(a, &z.zsk, DNS_SEC_AUTHORITY, "t.", DNS_T_SOA, 1);
			damage_sig(a, a->m.rr_count - 1);
		} else {
			zmsg_add(a, DNS_SEC_AUTHORITY, "x.t. 3600 IN NSEC z.t. A RRSIG NSEC");
			zmsg_parse(a);
			sign_into(a, &u, DNS_SEC_AUTHORITY, "x.t.", DNS_T_NSEC, 2);
		}
		struct dnssec_result r;
		run2(&z, a, &r);
		cr_assert_not(r.need);
		if (c == 1) {
			assert_status(&r, DNSSEC_SECURE, DNSSEC_R_NONE);
			cr_assert_eq(r.part_count, 1);
		} else {
			assert_status(&r, DNSSEC_BOGUS,
				      c == 2 ? DNSSEC_R_BAD_SIGNATURE : DNSSEC_R_WRONG_SIGNER);
			cr_assert_eq(r.part_count, 2);
			cr_assert_eq(r.parts[1].type, c == 2 ? DNS_T_SOA : DNS_T_NSEC);
		}
		zmsg_free(a);
	}
	tkey_free(&u);
	tzone_free(&z);
}

/* ---- NSEC details ------------------------------------------------------ */

/* Unbound refuses an NSEC whose next name is outside its signer's zone
 * (val_sigcrypt.c dnskey_verify_rrset_sig: "NSEC next owner overreaches
 * signer name", bogus). Here t.'s last NSEC points at the root instead of
 * the apex, which made it cover every name after x.t.: an NXDOMAIN for
 * y.t. was secure before. */
Test(dnssec_review, r_dnssec_10_nsec_next_outside_the_zone)
{
	struct tzone z;
	tzone_new(&z, 256);
	for (int bad = 0; bad < 2; bad++) {
		struct zmsg *a = answer("y.t.", DNS_T_A, DNS_RCODE_NXDOMAIN, NULL,
					"t. 3600 IN SOA ns.t. h.t. 1 2 3 4 5\n"
					"t. 3600 IN NSEC a.t. SOA NS RRSIG NSEC DNSKEY");
		zmsg_add(a, DNS_SEC_AUTHORITY,
			 bad ? "x.t. 3600 IN NSEC . A RRSIG NSEC"
			     : "x.t. 3600 IN NSEC t. A RRSIG NSEC");
		zmsg_parse(a);
		sign_into(a, &z.zsk, DNS_SEC_AUTHORITY, "t.", DNS_T_SOA, 1);
		sign_into(a, &z.zsk, DNS_SEC_AUTHORITY, "t.", DNS_T_NSEC, 1);
		sign_into(a, &z.zsk, DNS_SEC_AUTHORITY, "x.t.", DNS_T_NSEC, 2);
		struct dnssec_result r;
		run2(&z, a, &r);
		cr_assert_not(r.need);
		if (bad)
			assert_status(&r, DNSSEC_BOGUS, DNSSEC_R_NSEC_PROOF);
		else
			assert_status(&r, DNSSEC_SECURE, DNSSEC_R_NONE);
		zmsg_free(a);
	}
	tzone_free(&z);
}

/* An NXDOMAIN whose NSEC proves a NODATA instead: the NSEC at the name
 * itself (a.t. exists, without CAA), as a server that answers NXDOMAIN
 * for a name without the type sends. Unbound takes it as secure NOERROR
 * (validator.c validate_nameerror_response: "be lenient with RCODE in
 * NSEC NameError responses"); bogus before. NSECs that prove neither
 * stay bogus. (An NXDOMAIN for an empty non-terminal, whose NSEC's next
 * name is below it, was already secure: val_nsec_proves_name_error
 * accepts that NSEC as covering the name, and so does this engine.) */
Test(dnssec_review, r_dnssec_10_nxdomain_proving_nodata)
{
	struct tzone z;
	tzone_new(&z, 256);
	for (int at = 1; at >= 0; at--) {
		struct zmsg *a = answer("a.t.", DNS_T_CAA, DNS_RCODE_NXDOMAIN, NULL,
					"t. 3600 IN SOA ns.t. h.t. 1 2 3 4 5");
		zmsg_add(a, DNS_SEC_AUTHORITY,
			 at ? "a.t. 3600 IN NSEC b.t. A RRSIG NSEC"
			    : "x.t. 3600 IN NSEC y.t. A RRSIG NSEC");
		zmsg_parse(a);
		sign_into(a, &z.zsk, DNS_SEC_AUTHORITY, "t.", DNS_T_SOA, 1);
		sign_into(a, &z.zsk, DNS_SEC_AUTHORITY, at ? "a.t." : "x.t.", DNS_T_NSEC, 2);
		struct dnssec_result r;
		run2(&z, a, &r);
		cr_assert_not(r.need);
		if (at)
			assert_status(&r, DNSSEC_SECURE, DNSSEC_R_NONE);
		else
			assert_status(&r, DNSSEC_BOGUS, DNSSEC_R_NSEC_PROOF);
		zmsg_free(a);
	}
	tzone_free(&z);
}
