/* The doctor's DNSSEC findings (src/check/dnssec_diagnose.c) from verdicts
 * built by hand: what acmeprobe's own validation said about each lookup
 * the CA makes, through the resolver and at each server of the zone.
 * Each test is named by the rule its finding applies (docs/rules.md) and
 * asserts the exact findings (severity/code/rule), the zone, the servers,
 * Let's Encrypt's text and the words that carry the rule; docs/check.md
 * lists the codes. The verdicts are what dnssec_verdict_of makes of the
 * engine's results, tested first, on results built by hand too. */
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "check/dnssec_diagnose.h"
#include "check/findings.h"
#include "dns/types.h"
#include "dnssec/advice.h"
#include "dnssec/verdict.h"
#include "helpers.h"

static struct findings f;
static struct dnssec_probe p;

static const char *codes(void)
{
	static char buf[2048];
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < f.count; i++) {
		const struct finding *x = &f.items[i];
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s/%s/%s", i ? " " : "",
				      finding_severity_name(x->severity), x->code,
				      x->rule ? x->rule : "-");
		cr_assert_lt(n, sizeof buf);
	}
	return buf;
}

#define assert_codes(want) cr_assert_str_eq(codes(), (want), "findings: %s", codes())

static void wire(const char *text, uint8_t *out)
{
	size_t len;
	assert_err(dns_name_from_text(text, strlen(text), out, &len), DNS_OK);
}

/* ---- verdicts ------------------------------------------------------------- */

static struct dnssec_verdict secure(enum dnssec_part kind)
{
	struct dnssec_verdict v = {.judged = true, .status = DNSSEC_SECURE, .kind = kind};
	dnssec_why_set(&v.why, DNSSEC_R_NONE, NULL, NULL, 0);
	return v;
}

/* A verdict of `code` in `zone` on the RRset `owner type` (NULL: none),
 * with a key tag when key is not 0. */
static struct dnssec_verdict verdict(enum dnssec_reason code, const char *zone, const char *owner,
				     uint16_t type, uint16_t key)
{
	struct dnssec_verdict v = {.judged = true, .status = dnssec_reason_status(code)};
	uint8_t z[DNS_MAX_NAME], o[DNS_MAX_NAME];
	wire(zone, z);
	if (owner)
		wire(owner, o);
	dnssec_why_set(&v.why, code, z, owner ? o : NULL, type);
	if (key) {
		v.why.has_key = true;
		v.why.key_tag = key;
		v.why.algorithm = 13;
	}
	v.at_keys = owner && (type == DNS_T_DNSKEY || type == DNS_T_DS) && !strcmp(owner, zone);
	return v;
}

/* The expired case of the bed: the DNSKEY RRset's signature, every answer */
static struct dnssec_verdict expired(void)
{
	struct dnssec_verdict v = verdict(DNSSEC_R_SIG_EXPIRED, "expired.example.",
					  "expired.example.", DNS_T_DNSKEY, 39075);
	v.why.has_dates = true;
	v.why.inception = 1793583050;  /* 2026-11-02 01:30:50 UTC */
	v.why.expiration = 1795002650; /* 2026-11-18 11:50:50 UTC */
	return v;
}

static struct dnssec_verdict bad_nsec3(void)
{
	struct dnssec_verdict v =
	    verdict(DNSSEC_R_BAD_SIGNATURE, "bad.example.",
		    "a7ivse60i3iohnbhtifmmrao64a0hi06.bad.example.", DNS_T_NSEC3, 42587);
	v.kind = DNSSEC_PART_NODATA;
	v.denial = true;
	return v;
}

/* ---- the probe: a zone, its servers, the CA's four lookups ------------------- */

static void server(size_t i, const char *name, uint8_t last_octet)
{
	uint8_t raw[4] = {127, 0, 53, last_octet};
	wire(name, p.servers[i].name);
	net_addr_from_raw(&p.servers[i].addr, AF_INET, raw, 53570);
}

/* www.ZONE with two servers; each lookup given `v` through the resolver
 * and at each server (then changed by the tests) */
static void probe(const char *zone, const char *ident, struct dnssec_verdict v)
{
	memset(&f, 0, sizeof f);
	memset(&p, 0, sizeof p);
	wire(zone, p.zone);
	snprintf(p.identifier, sizeof p.identifier, "%s", ident);
	server(0, "ns1.example.", 1);
	server(1, "ns2.example.", 3);
	p.server_count = 2;
	static const uint16_t types[4] = {DNS_T_CAA, DNS_T_A, DNS_T_AAAA, DNS_T_TXT};
	char name[DNS_MAX_NAME_TEXT];
	for (size_t k = 0; k < 4; k++) {
		struct dnssec_probe_question *q = &p.q[k];
		q->type = types[k];
		snprintf(name, sizeof name, "%s%s.",
			 types[k] == DNS_T_TXT ? "_acme-challenge." : "", ident);
		wire(name, q->name);
		q->resolver = v;
		q->per_server = true;
		for (size_t i = 0; i < 2; i++)
			q->at[i].verdict = v;
	}
	p.question_count = 4;
}

/* every server and the resolver say v for lookup k */
static void lookup_is(size_t k, struct dnssec_verdict v)
{
	p.q[k].resolver = v;
	for (size_t i = 0; i < p.server_count; i++)
		p.q[k].at[i].verdict = v;
}

static void servers_are(const struct finding *x, const char *a, const char *b)
{
	cr_assert_eq(x->server_count, b ? 2u : a ? 1u : 0u, "servers: %zu", x->server_count);
	if (a)
		cr_assert_str_eq(x->servers[0], a);
	if (b)
		cr_assert_str_eq(x->servers[1], b);
}

#define NS1 "ns1.example. (127.0.53.1:53570)"
#define NS2 "ns2.example. (127.0.53.3:53570)"

/* ===================================================================== */
/* the verdict of an engine result                                       */
/* ===================================================================== */

Test(check_dnssec, r_dnssec_4_verdict_of_a_denial_and_of_keys)
{
	static struct dnssec_result r;
	memset(&r, 0, sizeof r);
	uint8_t zone[DNS_MAX_NAME], owner[DNS_MAX_NAME], www[DNS_MAX_NAME];
	wire("bad.example.", zone);
	wire("h.bad.example.", owner);
	wire("www.bad.example.", www);
	r.status = DNSSEC_BOGUS;
	dnssec_why_set(&r.why, DNSSEC_R_BAD_SIGNATURE, zone, owner, DNS_T_NSEC3);
	r.part_count = 1;
	r.parts[0].kind = DNSSEC_PART_NODATA;
	r.parts[0].status = DNSSEC_BOGUS;
	r.parts[0].why = r.why;
	r.chain_len = 1;
	memcpy(r.chain[0].zone, zone, dns_name_len(zone));
	r.chain[0].status = DNSSEC_SECURE;
	struct dnssec_verdict v;
	dnssec_verdict_of(&r, true, &v);
	cr_assert(v.judged && v.denial && !v.at_keys && !v.at_anchor);
	cr_assert_eq(v.kind, DNSSEC_PART_NODATA);
	cr_assert(dnssec_verdict_fails(&v));
	struct dnssec_advice a;
	dnssec_advice_for(&v, &a);
	cr_assert_str_eq(a.code, "dnssec_bad_denial_signature");
	cr_assert_str_eq(a.rule, "R-DNSSEC-13");

	/* the same fault on the zone's DNSKEY RRset: at the keys, no denial */
	dnssec_why_set(&r.why, DNSSEC_R_BAD_SIGNATURE, zone, zone, DNS_T_DNSKEY);
	r.parts[0].why = r.why;
	r.chain[0].status = DNSSEC_BOGUS;
	r.chain[0].why = r.why;
	dnssec_verdict_of(&r, true, &v);
	cr_assert(v.at_keys && !v.denial && !v.at_anchor);
	dnssec_advice_for(&v, &a);
	cr_assert_str_eq(a.code, "dnssec_bad_signature");
	cr_assert_str_eq(a.rule, "R-DNSSEC-8");
}

Test(check_dnssec, r_dnssec_3_a_broken_root_anchor_is_no_verdict_a_lab_anchor_is)
{
	/* the root's own DNSKEY RRset, unusable through a lab's resolver */
	static struct dnssec_result r;
	memset(&r, 0, sizeof r);
	uint8_t root[1] = {0}, www[DNS_MAX_NAME];
	wire("www.example.", www);
	r.status = DNSSEC_BOGUS;
	dnssec_why_set(&r.why, DNSSEC_R_NO_DNSKEY, root, root, DNS_T_DNSKEY);
	r.part_count = 1;
	r.parts[0].kind = DNSSEC_PART_RRSET;
	r.parts[0].status = DNSSEC_BOGUS;
	r.parts[0].why = r.why;
	r.chain_len = 1;
	r.chain[0].anchor = true;
	r.chain[0].status = DNSSEC_BOGUS;
	r.chain[0].why = r.why;
	struct dnssec_verdict v;
	dnssec_verdict_of(&r, true, &v);
	cr_assert(v.at_anchor);
	cr_assert_eq(v.status, DNSSEC_INDETERMINATE);
	cr_assert(!dnssec_verdict_fails(&v) && dnssec_verdict_unjudged(&v));
	/* --trust-anchor: the anchor zone's fault is the zone's */
	dnssec_verdict_of(&r, false, &v);
	cr_assert(v.at_anchor);
	cr_assert_eq(v.status, DNSSEC_BOGUS);
	cr_assert(dnssec_verdict_fails(&v));
}

Test(check_dnssec, r_dnssec_4_fetch_failed_is_not_judged)
{
	struct dnssec_verdict v =
	    verdict(DNSSEC_R_FETCH_FAILED, "example.", "example.", DNS_T_DS, 0);
	cr_assert_eq(v.status, DNSSEC_BOGUS);
	cr_assert(!dnssec_verdict_fails(&v) && dnssec_verdict_unjudged(&v));
	probe("example.", "www.example", v);
	cr_assert_eq(diagnose_dnssec(&p, &f), 0);
	assert_codes("");
}

/* ===================================================================== */
/* faults every server serves: the CA's lookups fail                      */
/* ===================================================================== */

Test(check_dnssec, r_dnssec_7_expired_on_every_server_is_an_error)
{
	probe("expired.example.", "www.expired.example", expired());
	cr_assert_eq(diagnose_dnssec(&p, &f), 1);
	assert_codes("error/dnssec_signature_expired/R-DNSSEC-7");
	const struct finding *x = &f.items[0];
	cr_assert_str_eq(x->zone, "expired.example.");
	servers_are(x, NS1, NS2);
	cr_assert_str_eq(x->title, "expired.example. serves expired signatures: the CA's CAA, A, "
				   "AAAA and TXT lookups fail");
	cr_assert_str_eq(x->cause,
			 "Every nameserver of expired.example. (" NS1 ", " NS2 ") serves data "
			 "that does not validate: the signature has expired (RRset "
			 "expired.example. DNSKEY, key 39075 algorithm 13, valid from 2026-11-02 "
			 "01:30:50 to 2026-11-18 11:50:50 UTC). A validating resolver, the CA's, "
			 "answers SERVFAIL for www.expired.example. CAA, www.expired.example. A, "
			 "www.expired.example. AAAA, _acme-challenge.www.expired.example. TXT "
			 "(R-DNSSEC-2).");
	cr_assert(strstr(x->fix, "Re-sign the zone"));
	cr_assert(strstr(x->fix, "cron job"));
	/* R-DNSSEC-14: HTTP-01's address lookups come first; Boulder's
	 * LookupHost joins both errors; EDE 7 */
	cr_assert_str_eq(x->le_text,
			 "DNS problem: looking up A for www.expired.example: DNSSEC: Signature "
			 "Expired; DNS problem: looking up AAAA for www.expired.example: DNSSEC: "
			 "Signature Expired");
}

Test(check_dnssec, r_dnssec_7_not_yet_valid)
{
	struct dnssec_verdict v = verdict(DNSSEC_R_SIG_NOT_YET_VALID, "notyet.example.",
					  "notyet.example.", DNS_T_DNSKEY, 1922);
	probe("notyet.example.", "www.notyet.example", v);
	cr_assert_eq(diagnose_dnssec(&p, &f), 1);
	assert_codes("error/dnssec_signature_not_yet_valid/R-DNSSEC-7");
	cr_assert(strstr(f.items[0].fix, "clock"));
	cr_assert(strstr(f.items[0].le_text, "DNSSEC: Signature Not Yet Valid; "));
}

Test(check_dnssec, r_dnssec_3_ds_mismatch_fix_at_the_registrar)
{
	struct dnssec_verdict v =
	    verdict(DNSSEC_R_DS_MISMATCH, "dsm.example.", "dsm.example.", DNS_T_DNSKEY, 0);
	v.why.ede = 9; /* Unbound: no key has the DS's tag */
	probe("dsm.example.", "www.dsm.example", v);
	cr_assert_eq(diagnose_dnssec(&p, &f), 1);
	assert_codes("error/dnssec_ds_mismatch/R-DNSSEC-3");
	cr_assert(strstr(f.items[0].fix, "registrar"));
	cr_assert_str_eq(
	    f.items[0].le_text,
	    "DNS problem: looking up A for www.dsm.example: DNSSEC: DNSKEY Missing; DNS "
	    "problem: looking up AAAA for www.dsm.example: DNSSEC: DNSKEY Missing");
}

Test(check_dnssec, r_dnssec_13_bad_denial_signature_on_caa_only)
{
	probe("bad.example.", "www.bad.example", secure(DNSSEC_PART_RRSET));
	lookup_is(0, bad_nsec3());
	cr_assert_eq(diagnose_dnssec(&p, &f), 1);
	assert_codes("error/dnssec_bad_denial_signature/R-DNSSEC-13");
	const struct finding *x = &f.items[0];
	cr_assert_str_eq(x->title,
			 "bad.example. signs the proof of an empty answer badly: the CA's "
			 "CAA lookup fails");
	servers_are(x, NS1, NS2);
	cr_assert(strstr(x->cause, "for www.bad.example. CAA (R-DNSSEC-2). CAA answers are usually "
				   "empty, so the CAA lookup is the first to meet a signer that "
				   "signs empty answers badly: the SERVFAIL of Let's Encrypt's CAA "
				   "page (R-DNSSEC-13)."));
	cr_assert(strstr(x->fix, "PowerDNS 4.0.3 and earlier"));
	/* R-DNSSEC-14: va/caa.go's prefix, the identifier, EDE 6 */
	cr_assert_str_eq(x->le_text,
			 "While processing CAA for www.bad.example: DNS problem: looking "
			 "up CAA for www.bad.example: DNSSEC: Bogus");
}

Test(check_dnssec, r_dnssec_9_missing_denial_nodata_and_r_dnssec_10_nxdomain)
{
	struct dnssec_verdict v =
	    verdict(DNSSEC_R_NSEC_PROOF, "nod.example.", "www.nod.example.", DNS_T_CAA, 0);
	v.kind = DNSSEC_PART_NODATA;
	v.denial = true;
	probe("nod.example.", "www.nod.example", secure(DNSSEC_PART_RRSET));
	lookup_is(0, v);
	diagnose_dnssec(&p, &f);
	assert_codes("error/dnssec_missing_denial/R-DNSSEC-9");
	v.kind = DNSSEC_PART_NXDOMAIN;
	probe("nod.example.", "www.nod.example", secure(DNSSEC_PART_RRSET));
	lookup_is(0, v);
	diagnose_dnssec(&p, &f);
	assert_codes("error/dnssec_missing_denial/R-DNSSEC-10");
	cr_assert(strstr(f.items[0].fix, "every name has its NSEC or NSEC3 record"));
}

Test(check_dnssec, r_dnssec_8_other_faults)
{
	struct dnssec_verdict v =
	    verdict(DNSSEC_R_NO_RRSIG, "z.example.", "www.z.example.", DNS_T_CAA, 0);
	probe("z.example.", "www.z.example", secure(DNSSEC_PART_RRSET));
	lookup_is(0, v);
	diagnose_dnssec(&p, &f);
	assert_codes("error/dnssec_missing_signature/R-DNSSEC-8");
	v = verdict(DNSSEC_R_NO_MATCHING_KEY, "z.example.", "www.z.example.", DNS_T_CAA, 7);
	probe("z.example.", "www.z.example", secure(DNSSEC_PART_RRSET));
	lookup_is(0, v);
	diagnose_dnssec(&p, &f);
	assert_codes("error/dnssec_unknown_key/R-DNSSEC-8");
	v = verdict(DNSSEC_R_KEY_REVOKED, "z.example.", "www.z.example.", DNS_T_CAA, 7);
	probe("z.example.", "www.z.example", secure(DNSSEC_PART_RRSET));
	lookup_is(0, v);
	diagnose_dnssec(&p, &f);
	assert_codes("error/dnssec_bogus/R-DNSSEC-8");
}

/* ===================================================================== */
/* which lookups make it an error                                         */
/* ===================================================================== */

Test(check_dnssec, r_dnssec_2_aaaa_alone_is_a_warning_the_ca_has_an_a)
{
	struct dnssec_verdict v =
	    verdict(DNSSEC_R_BAD_SIGNATURE, "z.example.", "www.z.example.", DNS_T_AAAA, 5);
	probe("z.example.", "www.z.example", secure(DNSSEC_PART_RRSET));
	lookup_is(2, v);
	cr_assert_eq(diagnose_dnssec(&p, &f), 0);
	assert_codes("warning/dnssec_bad_signature/R-DNSSEC-8");
	cr_assert(strstr(f.items[0].cause, "The other address lookup gives the CA an address"));
	cr_assert_str_eq(f.items[0].le_text, "");
}

Test(check_dnssec, r_dnssec_14_a_bogus_and_no_aaaa_fail_http01)
{
	struct dnssec_verdict v =
	    verdict(DNSSEC_R_BAD_SIGNATURE, "z.example.", "www.z.example.", DNS_T_A, 5);
	probe("z.example.", "www.z.example", secure(DNSSEC_PART_RRSET));
	lookup_is(1, v);
	lookup_is(2, secure(DNSSEC_PART_NODATA));
	cr_assert_eq(diagnose_dnssec(&p, &f), 1);
	assert_codes("error/dnssec_bad_signature/R-DNSSEC-8");
	/* bdns LookupHost: an empty AAAA answer is its own error */
	cr_assert_str_eq(
	    f.items[0].le_text,
	    "DNS problem: looking up A for www.z.example: DNSSEC: Bogus; no valid AAAA "
	    "records found for www.z.example");
}

Test(check_dnssec, r_dns01_1_txt_is_an_error_with_dns01_only)
{
	struct dnssec_verdict v = verdict(DNSSEC_R_BAD_SIGNATURE, "z.example.",
					  "_acme-challenge.www.z.example.", DNS_T_TXT, 5);
	probe("z.example.", "www.z.example", secure(DNSSEC_PART_RRSET));
	lookup_is(3, v);
	cr_assert_eq(diagnose_dnssec(&p, &f), 0);
	assert_codes("warning/dnssec_bad_signature/R-DNSSEC-8");
	cr_assert(strstr(f.items[0].cause, "Only dns-01 asks it"));
	cr_assert_str_eq(f.items[0].le_text, "DNS problem: looking up TXT for "
					     "_acme-challenge.www.z.example: DNSSEC: Bogus");
	probe("z.example.", "www.z.example", secure(DNSSEC_PART_RRSET));
	lookup_is(3, v);
	p.dns01 = true;
	cr_assert_eq(diagnose_dnssec(&p, &f), 1);
	assert_codes("error/dnssec_bad_signature/R-DNSSEC-8");
}

Test(check_dnssec, r_dnssec_2_servers_not_asked_the_resolver_s_data_speaks)
{
	probe("expired.example.", "www.expired.example", expired());
	for (size_t k = 0; k < 4; k++)
		p.q[k].per_server = false;
	cr_assert_eq(diagnose_dnssec(&p, &f), 1);
	assert_codes("error/dnssec_signature_expired/R-DNSSEC-7");
	servers_are(&f.items[0], NULL, NULL);
	cr_assert(strstr(f.items[0].cause, "The data of expired.example. the resolver hands over "
					   "does not validate: "));
}

Test(check_dnssec, r_dnssec_2_a_server_that_does_not_answer_does_not_count)
{
	probe("expired.example.", "www.expired.example", expired());
	for (size_t k = 0; k < 4; k++)
		p.q[k].at[1].verdict = (struct dnssec_verdict){.judged = false};
	cr_assert_eq(diagnose_dnssec(&p, &f), 1);
	assert_codes("error/dnssec_signature_expired/R-DNSSEC-7");
	servers_are(&f.items[0], NS1, NULL);
	cr_assert(strstr(f.items[0].cause,
			 "Every nameserver of expired.example. that answered (" NS1 ") serves"));
}

/* ===================================================================== */
/* faults some servers serve: Unbound asks another                        */
/* ===================================================================== */

Test(check_dnssec, r_caa_6_stale_server_is_a_warning)
{
	probe("stale.example.", "www.stale.example", secure(DNSSEC_PART_RRSET));
	struct dnssec_verdict v = expired();
	for (size_t k = 0; k < 4; k++)
		p.q[k].at[1].verdict = v;
	cr_assert_eq(diagnose_dnssec(&p, &f), 0);
	assert_codes("warning/dnssec_stale_server/R-CAA-6");
	const struct finding *x = &f.items[0];
	cr_assert_str_eq(x->title,
			 "Nameserver " NS2 " of expired.example. serves expired signatures");
	servers_are(x, NS2, NULL);
	cr_assert(strstr(x->cause, "serves data that does not validate: the signature has expired "
				   "(RRset expired.example. DNSKEY, key 39075 algorithm 13, valid "
				   "from 2026-11-02 01:30:50 to 2026-11-18 11:50:50 UTC). 1 other "
				   "server of the zone serves data that does. Unbound, the CA's "
				   "resolver, throws a bad answer away"),
		  "%s", x->cause);
	cr_assert(strstr(x->cause, "ns_serial_mismatch"));
	cr_assert(strstr(x->fix, "zone transfers"));
	cr_assert_str_eq(x->le_text, "");
}

Test(check_dnssec, r_caa_6_one_server_with_a_bad_denial_is_a_warning)
{
	probe("bad.example.", "www.bad.example", secure(DNSSEC_PART_RRSET));
	p.q[0].at[0].verdict = bad_nsec3();
	p.q[0].resolver = bad_nsec3(); /* the resolver met that server */
	cr_assert_eq(diagnose_dnssec(&p, &f), 0);
	assert_codes("warning/dnssec_server_bogus/R-CAA-6");
	servers_are(&f.items[0], NS1, NULL);
	cr_assert_str_eq(f.items[0].title,
			 "Nameserver " NS1
			 " of bad.example. serves DNSSEC data that does not validate");
}

/* ===================================================================== */
/* insecure by design: no error                                           */
/* ===================================================================== */

Test(check_dnssec, r_dnssec_6_unsupported_algorithm_and_digest_are_info)
{
	struct dnssec_verdict v =
	    verdict(DNSSEC_R_UNSUPPORTED_ALGORITHM, "alg.example.", "alg.example.", DNS_T_DS, 0);
	probe("alg.example.", "www.alg.example", v);
	cr_assert_eq(diagnose_dnssec(&p, &f), 0);
	assert_codes("info/dnssec_unsupported_algorithm/R-DNSSEC-6");
	cr_assert_str_eq(f.items[0].zone, "alg.example.");
	servers_are(&f.items[0], NULL, NULL);
	cr_assert_str_eq(
	    f.items[0].cause,
	    "No DS or key of an algorithm that validators support: treated as unsigned "
	    "(RRset alg.example. DS). The CA's validating resolver therefore checks no "
	    "signature of the zone (R-DNSSEC-6), and none can fail.");
	v = verdict(DNSSEC_R_UNSUPPORTED_DIGEST, "dig.example.", "dig.example.", DNS_T_DS, 0);
	probe("dig.example.", "www.dig.example", v);
	diagnose_dnssec(&p, &f);
	assert_codes("info/dnssec_unsupported_digest/R-DNSSEC-6");
	cr_assert(strstr(f.items[0].fix, "digest type 2"));
}

Test(check_dnssec, r_dnssec_11_nsec3_iterations_is_a_warning)
{
	struct dnssec_verdict v =
	    verdict(DNSSEC_R_NSEC3_ITERATIONS, "it.example.", "www.it.example.", DNS_T_CAA, 0);
	v.why.iterations = 200;
	v.kind = DNSSEC_PART_NODATA;
	probe("it.example.", "www.it.example", secure(DNSSEC_PART_RRSET));
	lookup_is(0, v);
	cr_assert_eq(diagnose_dnssec(&p, &f), 0);
	assert_codes("warning/dnssec_nsec3_iterations/R-DNSSEC-11");
	cr_assert(strstr(f.items[0].cause, "(200)"));
	cr_assert(strstr(f.items[0].cause, "RFC 9276 s3.2"));
}

Test(check_dnssec, r_dnssec_6_unsigned_and_opt_out_say_nothing)
{
	probe("u.example.", "www.u.example",
	      verdict(DNSSEC_R_UNSIGNED_DELEGATION, "u.example.", "u.example.", DNS_T_DS, 0));
	cr_assert_eq(diagnose_dnssec(&p, &f), 0);
	assert_codes("");
	probe("o.example.", "www.o.example",
	      verdict(DNSSEC_R_OPT_OUT, "o.example.", "www.o.example.", DNS_T_CAA, 0));
	diagnose_dnssec(&p, &f);
	assert_codes("");
	probe("s.example.", "www.s.example", secure(DNSSEC_PART_RRSET));
	diagnose_dnssec(&p, &f);
	assert_codes("");
}

Test(check_dnssec, r_dnssec_1_not_checked)
{
	memset(&f, 0, sizeof f);
	/* no validator built in (make tiny): the words of query --dnssec */
	diagnose_dnssec_not_checked(NULL, &f);
	assert_codes("info/dnssec_not_checked/-");
	cr_assert_str_eq(f.items[0].title, "DNSSEC validation not built in (no libcrypto)");
	cr_assert_str_eq(f.items[0].cause, "");
	/* --no-dnssec: the rule, and why */
	memset(&f, 0, sizeof f);
	diagnose_dnssec_not_checked("--no-dnssec was given", &f);
	assert_codes("info/dnssec_not_checked/R-DNSSEC-1");
	cr_assert_str_eq(f.items[0].title, "DNSSEC not validated");
	cr_assert_str_eq(f.items[0].cause, "--no-dnssec was given");
}
