/* NSEC3 (RFC 5155): the hash vectors of Appendix A, the example
 * responses of Appendix B validated end to end with the RFC's own
 * signatures (tests/fixtures/dnssec/rfc5155-appb.txt), and the proof
 * rules broken one at a time. R-DNSSEC-9, R-DNSSEC-10, R-DNSSEC-11. */
#include <criterion/criterion.h>

#include "dns/rr.h"
#include "dnssec/canon.h"
#include "dnssec/crypto.h"
#include "dnssec/nsec3.h"
#include "dnssec_cases.h"

#define APPB "tests/fixtures/dnssec/rfc5155-appb.txt"
/* the example zone's KSK (key tag 12708), as a DNSKEY trust anchor */
#define KSK                                                                                        \
	"example. 3600 IN DNSKEY 257 3 7 AwEAAcUlFV1vhmqx6NSOUOq2R/dsR7Xm3upJ "                    \
	"j7IommWSpJABVfW8Q0rOvXdM6kzt+TAu92L9 AbsUdblMFin8CVF3n4s="
#define NOW "20100101000000" /* inside 2005-10-21 .. 2015-04-20 */

static void hash_is(const char *name, const char *b32)
{
	uint8_t wire[DNS_MAX_NAME], got[20], want[20];
	size_t n;
	cr_assert_eq(dns_name_from_text(name, strlen(name), wire, &n), DNS_OK);
	const uint8_t salt[] = {0xaa, 0xbb, 0xcc, 0xdd};
	cr_assert(dnssec_nsec3_hash(wire, n, salt, sizeof salt, 12, got));
	cr_assert(dnssec_base32hex_decode20((const uint8_t *)b32, strlen(b32), want));
	cr_assert(memcmp(got, want, 20) == 0, "H(%s)", name);
}

/* RFC 5155 App. A: salt aabbccdd, 12 iterations */
Test(dnssec_nsec3, rfc5155_appendix_a_hashes)
{
	hash_is("example.", "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom");
	hash_is("a.example.", "35mthgpgcu1qg68fab165klnsnk3dpvl");
	hash_is("ai.example.", "gjeqe526plbf1g8mklp59enfd789njgi");
	hash_is("ns1.example.", "2t7b4g4vsa5smi47k61mv5bv1a22bojr");
	hash_is("ns2.example.", "q04jkcevqvmu85r014c7dkba38o0ji5r");
	hash_is("w.example.", "k8udemvp1j2f7eg6jebps17vp3n8i58h");
	hash_is("*.w.example.", "r53bq7cc2uvmubfu5ocmm6pers9tk9en");
	hash_is("x.w.example.", "b4um86eghhds6nea196smvmlo4ors995");
	hash_is("y.w.example.", "ji6neoaepv8b5o6k4ev33abha8ht9fgc");
	hash_is("x.y.w.example.", "2vptu5timamqttgl4luu9kg21e0aor3s");
	hash_is("xx.example.", "t644ebqk9bibcna874givr6joj62mlhv");
	hash_is("2t7b4g4vsa5smi47k61mv5bv1a22bojr.example.", "kohar7mbb8dc2ce8a9qvl8hon4k53uhi");
	/* B.1's names that are not in the zone */
	hash_is("c.x.w.example.", "0va5bpr2ou0vk0lbqeeljri88laipsfh");
	hash_is("*.x.w.example.", "92pqneegtaue7pjatc3l3qnk738c6v5m");
}

Test(dnssec_nsec3, base32hex)
{
	uint8_t out[20];
	cr_assert(dnssec_base32hex_decode20((const uint8_t *)"0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM", 32,
					    out));
	cr_assert(!dnssec_base32hex_decode20((const uint8_t *)"0p9mhaveqvm6t7vbl5lop2u3t2rp3tow",
					     32, out)); /* 'w' is no digit */
	cr_assert(!dnssec_base32hex_decode20((const uint8_t *)"0p9mhaveqvm6t7vbl5lop2u3t2rp3to", 31,
					     out));
}

/* Runs the validator on Appendix B's response id, with the example
 * zone's DNSKEY RRset and its KSK as the trust anchor. */
static void appb(const char *id, uint16_t skip, struct dnssec_result *r)
{
	struct zmsg *ans = case_load(APPB, id, skip);
	struct zmsg *keys = case_load(APPB, "A", 0);
	struct dnssec_anchors ta;
	anchors_text(&ta, KSK);
	struct dnssec_input in[2] = {input_of(ans, 7), input_of(keys, 8)};
	dnssec_validate(in, 2, &ta, ztime(NOW), r);
	zmsg_free(ans);
	zmsg_free(keys);
}

/* B.1, R-DNSSEC-10: closest encloser x.w.example, next closer
 * c.x.w.example covered, *.x.w.example covered: proven. But every NSEC3
 * of the example zone has the Opt-Out flag, so the next closer's cover
 * leaves room for an unsigned delegation: insecure, as Unbound decides
 * (val_nsec3.c nsec3_do_prove_nameerror: "nc has optout"). */
Test(dnssec_nsec3, rfc5155_b1_name_error)
{
	struct dnssec_result r;
	appb("B.1", 0, &r);
	assert_status(&r, DNSSEC_INSECURE, DNSSEC_R_OPT_OUT);
	cr_assert_eq(r.part_count, 1);
	cr_assert_eq(r.parts[0].kind, DNSSEC_PART_NXDOMAIN);
	cr_assert(r.parts[0].nsec3);
	cr_assert_eq(r.chain_len, 1);
	cr_assert(r.chain[0].anchor);
	cr_assert_eq(r.chain[0].key_tag, 12708);
	/* three NSEC3 RRsets, the SOA and the DNSKEY RRset verified */
	cr_assert_eq(r.budget.verifications, 5);
	cr_assert_eq(r.budget.verified_ok, 5);
	/* c.x.w.example (no match), x.w.example (the closest encloser; c.x.w
	 * its next closer, hashed already), *.x.w.example */
	cr_assert_eq(r.budget.hashes, 3);
}

/* B.1 without the NSEC3 that covers the wildcard: not proven */
Test(dnssec_nsec3, rfc5155_b1_without_wildcard_cover)
{
	struct zmsg *ans = case_load(APPB, "B.1", 0);
	/* rebuild without the records of 35mthgpg... (the wildcard's cover) */
	struct zmsg *cut = zmsg_new("a.c.x.w.example.", DNS_T_A, 3);
	FILE *f = fopen(APPB, "r");
	char line[8192];
	bool in = false;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = 0;
		if (line[0] == '=') {
			in = strncmp(line, "= B.1 ", 6) == 0;
			continue;
		}
		if (in && !strstr(line, "35mthgpg"))
			zmsg_add(cut, DNS_SEC_AUTHORITY, strchr(line, ':') + 2);
	}
	fclose(f);
	zmsg_parse(cut);
	struct zmsg *keys = case_load(APPB, "A", 0);
	struct dnssec_anchors ta;
	anchors_text(&ta, KSK);
	struct dnssec_input inp[2] = {input_of(cut, 1), input_of(keys, 2)};
	struct dnssec_result r;
	dnssec_validate(inp, 2, &ta, ztime(NOW), &r);
	assert_status(&r, DNSSEC_BOGUS, DNSSEC_R_NSEC3_PROOF);
	cr_assert_eq(r.why.ede, 6);
	cr_assert_eq(r.why.source, 1);
	zmsg_free(ans);
	zmsg_free(cut);
	zmsg_free(keys);
}

/* B.2, R-DNSSEC-9: NODATA, the NSEC3 matching ns1.example has no MX */
Test(dnssec_nsec3, rfc5155_b2_nodata)
{
	struct dnssec_result r;
	appb("B.2", 0, &r);
	assert_status(&r, DNSSEC_SECURE, DNSSEC_R_NONE);
	cr_assert_eq(r.parts[0].kind, DNSSEC_PART_NODATA);
}

/* B.2.1: an empty non-terminal has its own NSEC3 */
Test(dnssec_nsec3, rfc5155_b2_1_empty_non_terminal)
{
	struct dnssec_result r;
	appb("B.2.1", 0, &r);
	assert_status(&r, DNSSEC_SECURE, DNSSEC_R_NONE);
}

/* B.4, R-DNSSEC-8: a.z.w.example from *.w.example (Labels 2); the NSEC3
 * covering the next closer z.w.example proves the name is absent, with
 * Opt-Out: insecure (Unbound proveWildcard: "NSEC3 optout") */
Test(dnssec_nsec3, rfc5155_b4_wildcard_expansion)
{
	struct dnssec_result r;
	appb("B.4", 0, &r);
	assert_status(&r, DNSSEC_INSECURE, DNSSEC_R_OPT_OUT);
	cr_assert_eq(r.part_count, 1);
	cr_assert(r.parts[0].wildcard);
}

/* B.4 without its NSEC3: a wildcard answer with no proof */
Test(dnssec_nsec3, rfc5155_b4_wildcard_without_proof)
{
	struct dnssec_result r;
	appb("B.4", DNS_T_NSEC3, &r);
	assert_status(&r, DNSSEC_BOGUS, DNSSEC_R_WILDCARD_PROOF);
	cr_assert(r.parts[0].wildcard);
}

/* B.5: wildcard NODATA: closest encloser w.example, *.w.example matches
 * without AAAA. The next closer z.w.example is covered by an NSEC3 with
 * the Opt-Out flag (every one of the example zone has it): insecure, as
 * Unbound decides (val_nsec3.c nsec3_do_prove_nodata: "matching wildcard
 * is in optout range, insecure"); it was secure before. */
Test(dnssec_nsec3, rfc5155_b5_wildcard_nodata)
{
	struct dnssec_result r;
	appb("B.5", 0, &r);
	assert_status(&r, DNSSEC_INSECURE, DNSSEC_R_OPT_OUT);
	cr_assert(r.parts[0].nsec3);
}

/* B.6: the child's apex NSEC3 (with SOA) cannot deny a DS; Unbound
 * (val_nsec3.c nsec3_prove_nods, "NSEC3 from child zone") says bogus, and
 * the RFC says the question should have gone to the parent */
Test(dnssec_nsec3, rfc5155_b6_ds_from_child)
{
	struct dnssec_result r;
	appb("B.6", 0, &r);
	assert_status(&r, DNSSEC_BOGUS, DNSSEC_R_NSEC3_PROOF);
}

/* B.3, R-DNSSEC-10 / RFC 5155 s9.2: c.example is covered by an opt-out
 * NSEC3: whatever is below it is insecure. The referral serves as the
 * answer to "c.example DS"; the data is unsigned. */
Test(dnssec_nsec3, rfc5155_b3_opt_out)
{
	struct zmsg *ds = case_load(APPB, "B.3", 0);
	struct zmsg *dsq = zmsg_new("c.example.", DNS_T_DS, 0);
	/* the same authority section, asked as the DS question */
	memcpy(dsq->sec[1], ds->sec[1], ds->sec_len[1]);
	dsq->sec_len[1] = ds->sec_len[1];
	dsq->count[1] = ds->count[1];
	zmsg_parse(dsq);
	struct zmsg *ans = zmsg_new("mc.c.example.", DNS_T_MX, 0);
	zmsg_add(ans, DNS_SEC_ANSWER, "mc.c.example. 3600 IN MX 1 mx.c.example.");
	zmsg_parse(ans);
	struct zmsg *keys = case_load(APPB, "A", 0);
	struct dnssec_anchors ta;
	anchors_text(&ta, KSK);
	struct dnssec_input in[3] = {input_of(ans, 1), input_of(keys, 2), input_of(dsq, 3)};
	struct dnssec_result r;
	dnssec_validate(in, 3, &ta, ztime(NOW), &r);
	assert_status(&r, DNSSEC_INSECURE, DNSSEC_R_OPT_OUT);
	cr_assert_eq(r.chain_len, 2);
	cr_assert_eq(r.chain[1].status, DNSSEC_INSECURE);
	uint8_t c[DNS_MAX_NAME];
	size_t n;
	dns_name_from_text("c.example.", 10, c, &n);
	cr_assert(dns_name_equal(r.chain[1].zone, c));
	cr_assert_eq(r.chain[1].ds_source, 3);
	zmsg_free(ds);
	zmsg_free(dsq);
	zmsg_free(ans);
	zmsg_free(keys);
}

/* Without the DS answer the engine asks for it; without the DNSKEY
 * answer, for that first. */
Test(dnssec_nsec3, need_questions)
{
	struct zmsg *ans = zmsg_new("mc.c.example.", DNS_T_MX, 0);
	zmsg_add(ans, DNS_SEC_ANSWER, "mc.c.example. 3600 IN MX 1 mx.c.example.");
	zmsg_parse(ans);
	struct zmsg *keys = case_load(APPB, "A", 0);
	struct dnssec_anchors ta;
	anchors_text(&ta, KSK);
	struct dnssec_input in[2] = {input_of(ans, 1), input_of(keys, 2)};
	struct dnssec_result r;
	uint8_t want[DNS_MAX_NAME];
	size_t n;
	dnssec_validate(in, 1, &ta, ztime(NOW), &r);
	cr_assert(r.need);
	cr_assert_eq(r.need_type, DNS_T_DNSKEY);
	dns_name_from_text("example.", 8, want, &n);
	cr_assert(dns_name_equal(r.need_name, want));
	dnssec_validate(in, 2, &ta, ztime(NOW), &r);
	cr_assert(r.need);
	cr_assert_eq(r.need_type, DNS_T_DS);
	dns_name_from_text("c.example.", 10, want, &n);
	cr_assert(dns_name_equal(r.need_name, want));
	zmsg_free(ans);
	zmsg_free(keys);
}

/* The NSEC3 records of a message's authority section, for the proof
 * functions called directly. */
static size_t nsec3_of(const struct zmsg *z, struct dnssec_nsec3 *out)
{
	size_t n = 0;
	for (size_t i = 0; i < z->m.rr_count; i++) {
		const struct dns_rr *rr = &z->m.rr[i];
		if (rr->type != DNS_T_NSEC3)
			continue;
		struct dns_nsec3 v;
		cr_assert_eq(dns_rr_nsec3(z->pkt, z->len, rr, &v), DNS_OK);
		const uint8_t *o = z->pkt + rr->owner;
		cr_assert(dnssec_base32hex_decode20(o + 1, o[0], out[n].owner_hash));
		out[n].hash_algorithm = v.hash_algorithm;
		out[n].flags = v.flags;
		out[n].iterations = v.iterations;
		out[n].salt = v.salt;
		out[n].salt_len = v.salt_len;
		out[n].next_hash = v.next_hashed;
		out[n].next_hash_len = v.next_hashed_len;
		out[n].bitmap = v.bitmap;
		out[n].bitmap_len = v.bitmap_len;
		n++;
	}
	return n;
}

static void names(const char *a, uint8_t *wa, const char *b, uint8_t *wb)
{
	size_t n;
	cr_assert_eq(dns_name_from_text(a, strlen(a), wa, &n), DNS_OK);
	cr_assert_eq(dns_name_from_text(b, strlen(b), wb, &n), DNS_OK);
}

/* R-DNSSEC-9: the type asked is in the matching NSEC3's bitmap */
Test(dnssec_nsec3, type_in_bitmap)
{
	struct zmsg *z = case_load(APPB, "B.2", 0);
	struct dnssec_nsec3 r[8];
	size_t n = nsec3_of(z, r);
	uint8_t zone[DNS_MAX_NAME], q[DNS_MAX_NAME];
	names("example.", zone, "ns1.example.", q);
	struct dnssec_budget b = {0};
	struct dnssec_denial d;
	dnssec_nsec3_prove(r, n, zone, q, DNS_T_A, DNSSEC_PROVE_NODATA, NULL, &b, &d);
	cr_assert_eq(d.status, DNSSEC_BOGUS);
	cr_assert_eq(d.reason, DNSSEC_R_TYPE_IN_BITMAP);
	dnssec_nsec3_prove(r, n, zone, q, DNS_T_MX, DNSSEC_PROVE_NODATA, NULL, &b, &d);
	cr_assert_eq(d.status, DNSSEC_SECURE);
	zmsg_free(z);
}

/* R-DNSSEC-11: above 150 iterations the proof is insecure, and no hash
 * is computed; 150 itself is hashed */
Test(dnssec_nsec3, iterations_above_150_insecure)
{
	struct zmsg *z = case_load(APPB, "B.1", 0);
	struct dnssec_nsec3 r[8];
	size_t n = nsec3_of(z, r);
	uint8_t zone[DNS_MAX_NAME], q[DNS_MAX_NAME];
	names("example.", zone, "a.c.x.w.example.", q);
	for (size_t i = 0; i < n; i++)
		r[i].iterations = 151;
	struct dnssec_budget b = {0};
	struct dnssec_denial d;
	dnssec_nsec3_prove(r, n, zone, q, DNS_T_A, DNSSEC_PROVE_NXDOMAIN, NULL, &b, &d);
	cr_assert_eq(d.status, DNSSEC_INSECURE);
	cr_assert_eq(d.reason, DNSSEC_R_NSEC3_ITERATIONS);
	cr_assert_eq(d.iterations, 151);
	cr_assert_eq(b.hashes, 0);
	for (size_t i = 0; i < n; i++)
		r[i].iterations = 150;
	dnssec_nsec3_prove(r, n, zone, q, DNS_T_A, DNSSEC_PROVE_NXDOMAIN, NULL, &b, &d);
	/* hashed now (the hashes differ from the zone's: not proven) */
	cr_assert_gt(b.hashes, 0);
	cr_assert_eq(d.status, DNSSEC_BOGUS);
	zmsg_free(z);
}

/* R-DNSSEC-11: one proof, one set of parameters */
Test(dnssec_nsec3, mixed_parameters_bogus)
{
	struct zmsg *z = case_load(APPB, "B.1", 0);
	struct dnssec_nsec3 r[8];
	size_t n = nsec3_of(z, r);
	uint8_t zone[DNS_MAX_NAME], q[DNS_MAX_NAME];
	names("example.", zone, "a.c.x.w.example.", q);
	r[1].iterations = 11;
	struct dnssec_budget b = {0};
	struct dnssec_denial d;
	dnssec_nsec3_prove(r, n, zone, q, DNS_T_A, DNSSEC_PROVE_NXDOMAIN, NULL, &b, &d);
	cr_assert_eq(d.status, DNSSEC_BOGUS);
	cr_assert_eq(d.reason, DNSSEC_R_NSEC3_PARAMS);
	cr_assert_eq(b.hashes, 0);
	zmsg_free(z);
}

/* CVE-2023-50868: hash computations are counted; at the limit the proof
 * stops, indeterminate */
Test(dnssec_nsec3, hash_limit)
{
	struct zmsg *z = case_load(APPB, "B.1", 0);
	struct dnssec_nsec3 r[8];
	size_t n = nsec3_of(z, r);
	uint8_t zone[DNS_MAX_NAME], q[DNS_MAX_NAME];
	names("example.", zone, "a.c.x.w.example.", q);
	struct dnssec_budget b = {.hashes = DNSSEC_MAX_NSEC3_HASHES - 2};
	struct dnssec_denial d;
	dnssec_nsec3_prove(r, n, zone, q, DNS_T_A, DNSSEC_PROVE_NXDOMAIN, NULL, &b, &d);
	cr_assert_eq(d.status, DNSSEC_INDETERMINATE);
	cr_assert_eq(d.reason, DNSSEC_R_LIMIT);
	cr_assert_eq(b.hit, DNSSEC_LIMIT_NSEC3_HASHES);
	cr_assert_eq(b.hashes, DNSSEC_MAX_NSEC3_HASHES);
	/* with room for its 3 hashes the same proof holds (opt-out) */
	struct dnssec_budget b2 = {.hashes = DNSSEC_MAX_NSEC3_HASHES - 3};
	dnssec_nsec3_prove(r, n, zone, q, DNS_T_A, DNSSEC_PROVE_NXDOMAIN, NULL, &b2, &d);
	cr_assert_eq(d.status, DNSSEC_INSECURE);
	cr_assert_eq(d.reason, DNSSEC_R_OPT_OUT);
	cr_assert_eq(b2.hashes, DNSSEC_MAX_NSEC3_HASHES);
	zmsg_free(z);
}

/* RFC 5155 s8.2: an NSEC3 with unknown flags is ignored; s8.1 an unknown
 * hash algorithm likewise: nothing left to prove with */
Test(dnssec_nsec3, unknown_flags_and_algorithm_ignored)
{
	struct zmsg *z = case_load(APPB, "B.2", 0);
	struct dnssec_nsec3 r[8];
	size_t n = nsec3_of(z, r);
	uint8_t zone[DNS_MAX_NAME], q[DNS_MAX_NAME];
	names("example.", zone, "ns1.example.", q);
	struct dnssec_budget b = {0};
	struct dnssec_denial d;
	r[0].flags = 0x02;
	dnssec_nsec3_prove(r, n, zone, q, DNS_T_MX, DNSSEC_PROVE_NODATA, NULL, &b, &d);
	cr_assert_eq(d.reason, DNSSEC_R_NSEC_MISSING);
	r[0].flags = 0;
	r[0].hash_algorithm = 2;
	dnssec_nsec3_prove(r, n, zone, q, DNS_T_MX, DNSSEC_PROVE_NODATA, NULL, &b, &d);
	cr_assert_eq(d.reason, DNSSEC_R_NSEC_MISSING);
	zmsg_free(z);
}

/* B.3's records (closest encloser example., the next closer c.example.
 * covered by an opt-out NSEC3) as the proof of a NODATA for
 * mc.c.example. MX: no NSEC3 matches it, none matches *.example.; the
 * name may be in an unsigned delegation of the opt-out span. Unbound
 * (nsec3_do_prove_nodata, "case 5") says insecure for any type, not only
 * DS; it was bogus before. Without the Opt-Out flag: bogus. */
Test(dnssec_nsec3, rfc5155_nodata_in_an_opt_out_span)
{
	struct zmsg *z = case_load(APPB, "B.3", 0);
	struct dnssec_nsec3 r[8];
	size_t n = nsec3_of(z, r);
	uint8_t zone[DNS_MAX_NAME], q[DNS_MAX_NAME];
	names("example.", zone, "mc.c.example.", q);
	struct dnssec_budget b = {0};
	struct dnssec_denial d;
	dnssec_nsec3_prove(r, n, zone, q, DNS_T_MX, DNSSEC_PROVE_NODATA, NULL, &b, &d);
	cr_assert_eq(d.status, DNSSEC_INSECURE);
	cr_assert_eq(d.reason, DNSSEC_R_OPT_OUT);
	for (size_t i = 0; i < n; i++)
		r[i].flags = 0;
	dnssec_nsec3_prove(r, n, zone, q, DNS_T_MX, DNSSEC_PROVE_NODATA, NULL, &b, &d);
	cr_assert_eq(d.status, DNSSEC_BOGUS);
	cr_assert_eq(d.reason, DNSSEC_R_NSEC3_PROOF);
	zmsg_free(z);
}

/* The parent's NSEC3 of a delegation matching qname, for a type other
 * than DS: without DS in its bitmap the data is in an unsigned child
 * (Unbound nsec3_do_prove_nodata: "matching NSEC3 is insecure
 * delegation"); with DS, bogus. Before: bogus for both. */
Test(dnssec_nsec3, nodata_at_an_unsigned_delegation)
{
	uint8_t zone[DNS_MAX_NAME], q[DNS_MAX_NAME];
	names("example.", zone, "c.example.", q);
	struct dnssec_nsec3 r = {.hash_algorithm = 1};
	cr_assert(dnssec_nsec3_hash(q, dns_name_len(q), NULL, 0, 0, r.owner_hash));
	uint8_t next[20];
	memcpy(next, r.owner_hash, 20);
	next[19] ^= 1;
	r.next_hash = next;
	r.next_hash_len = 20;
	const uint8_t ns[] = {0, 1, 0x20};			/* NS */
	const uint8_t ns_ds[] = {0, 6, 0x20, 0, 0, 0, 0, 0x10}; /* NS DS */
	struct dnssec_budget b = {0};
	struct dnssec_denial d;
	r.bitmap = ns;
	r.bitmap_len = sizeof ns;
	dnssec_nsec3_prove(&r, 1, zone, q, DNS_T_CAA, DNSSEC_PROVE_NODATA, NULL, &b, &d);
	cr_assert_eq(d.status, DNSSEC_INSECURE);
	cr_assert_eq(d.reason, DNSSEC_R_UNSIGNED_DELEGATION);
	r.bitmap = ns_ds;
	r.bitmap_len = sizeof ns_ds;
	dnssec_nsec3_prove(&r, 1, zone, q, DNS_T_CAA, DNSSEC_PROVE_NODATA, NULL, &b, &d);
	cr_assert_eq(d.status, DNSSEC_BOGUS);
	cr_assert_eq(d.reason, DNSSEC_R_PARENT_SIDE_NSEC);
}
