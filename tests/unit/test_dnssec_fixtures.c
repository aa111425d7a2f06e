/* The validator on real data: zones signed by dnssec-signzone and
 * ldns-signzone, served by Knot and NSD, asked through Unbound with DO and
 * CD (tests/fixtures/dnssec/, captured by its capture.sh). Each case runs
 * the engine the way dnssec/fetch.c does: the answer alone first, then
 * each DS or DNSKEY answer it NEEDs, until DONE. The verdict must be the
 * one the case is for, and agree with the oracle captured beside it:
 * the same Unbound, validating (SERVFAIL and its EDE for bogus, AD for
 * secure, neither for insecure). R-DNSSEC-3, -4, -6, -7, -8, -9, -10, -11. */
#include <criterion/criterion.h>

#include "dnssec_cases.h"

#define DIR "tests/fixtures/dnssec/"

struct fixture_case {
	char file[64], qname[300], qtype[16], status[16], reason[40], rcode[16], ede[8];
	int ad;
};

static bool read_case(const char *file, struct fixture_case *c)
{
	FILE *f = fopen(DIR "cases.txt", "r");
	cr_assert(f, "no " DIR "cases.txt");
	char line[1024];
	bool found = false;
	while (!found && fgets(line, sizeof line, f)) {
		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = 0;
		char *fields[8];
		int n = 0;
		for (char *p = line; p && n < 8; n++) {
			fields[n] = p;
			p = strchr(p, '|');
			if (p)
				*p++ = 0;
		}
		cr_assert_eq(n, 8, "cases.txt: %s", line);
		if (strcmp(fields[0], file) != 0)
			continue;
		snprintf(c->file, sizeof c->file, "%s", fields[0]);
		snprintf(c->qname, sizeof c->qname, "%s", fields[1]);
		snprintf(c->qtype, sizeof c->qtype, "%s", fields[2]);
		snprintf(c->status, sizeof c->status, "%s", fields[3]);
		snprintf(c->reason, sizeof c->reason, "%s", fields[4]);
		snprintf(c->rcode, sizeof c->rcode, "%s", fields[5]);
		c->ad = atoi(fields[6]);
		snprintf(c->ede, sizeof c->ede, "%s", fields[7]);
		found = true;
	}
	fclose(f);
	return found;
}

static uint64_t fixture_now(void)
{
	FILE *f = fopen(DIR "NOW", "r");
	cr_assert(f);
	unsigned long long now = 0;
	cr_assert_eq(fscanf(f, "%llu", &now), 1);
	fclose(f);
	return now;
}

static void fixture_anchors(struct dnssec_anchors *ta)
{
	FILE *f = fopen(DIR "anchor.txt", "r");
	cr_assert(f);
	char text[4096];
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = 0;
	anchors_text(ta, text);
}

/* The chain files: every .bin of the capture's CHAIN list. */
static const char *const chain_files[] = {
    "lab-dnskey",      "rsa-ds",	 "rsa-dnskey",	    "ecdsa-ds",	     "ecdsa-dnskey",
    "expired-ds",      "expired-dnskey", "notyet-ds",	    "notyet-dnskey", "badds-ds",
    "badds-dnskey",    "badnsec3-ds",	 "badnsec3-dnskey", "noproof-ds",    "noproof-dnskey",
    "unsupported-ds",  "iter200-ds",	 "iter200-dnskey",  "optout-ds",     "optout-dnskey",
    "optout-child-ds", "wc-ds",		 "wc-dnskey",
};
#define NCHAIN (sizeof chain_files / sizeof chain_files[0])

struct run {
	struct zfile *answer;
	struct zfile *chain[NCHAIN];
	struct dnssec_input in[NCHAIN + 1];
	size_t n;
	unsigned needs;
	struct dnssec_result r;
};

/* The fetch loop, with files for answers. */
static void run_case(struct run *run, const char *file, uint64_t now)
{
	struct dnssec_anchors ta;
	fixture_anchors(&ta);
	memset(run, 0, sizeof *run);
	run->answer = zfile_load(file);
	for (size_t i = 0; i < NCHAIN; i++)
		run->chain[i] = zfile_load(chain_files[i]);
	run->in[0] =
	    (struct dnssec_input){&run->answer->m, run->answer->qname, run->answer->m.qtype, 0};
	run->n = 1;
	for (unsigned round = 0; round < 2 * NCHAIN; round++) {
		dnssec_validate(run->in, run->n, &ta, now, &run->r);
		if (!run->r.need)
			return;
		run->needs++;
		size_t k = 0;
		while (k < NCHAIN && !(run->chain[k]->m.qtype == run->r.need_type &&
				       dns_name_equal(run->chain[k]->qname, run->r.need_name)))
			k++;
		cr_assert_lt(k, NCHAIN, "%s: no fixture for the NEED (type %u)", file,
			     run->r.need_type);
		run->in[run->n++] =
		    (struct dnssec_input){&run->chain[k]->m, run->chain[k]->qname,
					  run->chain[k]->m.qtype, (unsigned)(k + 1)};
	}
	cr_assert_fail("%s: the engine never said DONE", file);
}

static void free_run(struct run *run)
{
	zfile_free(run->answer);
	for (size_t i = 0; i < NCHAIN; i++)
		zfile_free(run->chain[i]);
}

/* Runs one case of cases.txt and checks it against the expectation and
 * the oracle; returns the result for more checks. */
static void check_case(const char *file, struct run *run)
{
	struct fixture_case c;
	cr_assert(read_case(file, &c), "%s is not in cases.txt", file);
	run_case(run, file, fixture_now());
	const struct dnssec_result *r = &run->r;
	cr_assert_str_eq(dnssec_status_name(r->status), c.status, "%s: status %s (reason %s)", file,
			 dnssec_status_name(r->status), dnssec_reason_name(r->why.code));
	cr_assert_str_eq(dnssec_reason_name(r->why.code), c.reason, "%s: reason %s", file,
			 dnssec_reason_name(r->why.code));
	/* the oracle (Unbound validating) */
	if (strcmp(c.rcode, "SERVFAIL") == 0) {
		cr_assert_eq(r->status, DNSSEC_BOGUS, "%s: Unbound said SERVFAIL", file);
		cr_assert_eq(r->why.ede, (uint16_t)atoi(c.ede), "%s: EDE %u, Unbound's %s", file,
			     r->why.ede, c.ede);
	} else if (c.ad) {
		cr_assert_eq(r->status, DNSSEC_SECURE, "%s: Unbound validated it", file);
	} else {
		cr_assert_eq(r->status, DNSSEC_INSECURE, "%s: Unbound: no AD, no SERVFAIL", file);
	}
	/* a verdict of secure only with every signature on the path
	 * verified: one per part, plus the chain's */
	if (r->status == DNSSEC_SECURE)
		cr_assert_eq(r->budget.verifications, r->budget.verified_ok);
}

static const uint8_t *wire(const char *text)
{
	static uint8_t buf[4][DNS_MAX_NAME];
	static int k;
	size_t n;
	uint8_t *b = buf[k++ % 4];
	cr_assert_eq(dns_name_from_text(text, strlen(text), b, &n), DNS_OK);
	return b;
}

/* R-DNSSEC-3: RSA/SHA-256 2048 (dnssec-signzone): anchor lab. -> DS
 * rsa.lab. -> DNSKEY rsa.lab. -> the CAA */
Test(dnssec_fixtures, r_dnssec_3_rsa_chain_secure)
{
	struct run run;
	check_case("rsa-caa", &run);
	const struct dnssec_result *r = &run.r;
	cr_assert_eq(run.needs, 3); /* lab. DNSKEY, rsa.lab. DS, rsa.lab. DNSKEY */
	cr_assert_eq(r->chain_len, 2);
	cr_assert(dns_name_equal(r->chain[0].zone, wire("lab.")));
	cr_assert(r->chain[0].anchor);
	cr_assert(dns_name_equal(r->chain[1].zone, wire("rsa.lab.")));
	cr_assert_eq(r->chain[1].status, DNSSEC_SECURE);
	cr_assert_eq(r->chain[1].ds_algorithm, 8);
	cr_assert_eq(r->chain[1].ds_digest_type, 2);
	cr_assert_eq(r->chain[1].key_tag, r->chain[1].ds_key_tag);
	cr_assert_eq(r->part_count, 1);
	cr_assert_eq(r->parts[0].algorithm, 8);
	/* DNSKEY lab., DS, DNSKEY rsa.lab., CAA */
	cr_assert_eq(r->budget.verifications, 4);
	free_run(&run);
}

/* R-DNSSEC-9: NODATA with NSEC */
Test(dnssec_fixtures, r_dnssec_9_nsec_nodata)
{
	struct run run;
	check_case("rsa-nodata", &run);
	cr_assert_eq(run.r.parts[0].kind, DNSSEC_PART_NODATA);
	cr_assert(!run.r.parts[0].nsec3);
	free_run(&run);
}

/* R-DNSSEC-10: NXDOMAIN with NSEC */
Test(dnssec_fixtures, r_dnssec_10_nsec_nxdomain)
{
	struct run run;
	check_case("rsa-nxdomain", &run);
	cr_assert_eq(run.r.parts[0].kind, DNSSEC_PART_NXDOMAIN);
	free_run(&run);
}

/* R-DNSSEC-8: a wildcard expansion, proven with NSEC */
Test(dnssec_fixtures, r_dnssec_8_nsec_wildcard)
{
	struct run run;
	check_case("rsa-wildcard", &run);
	cr_assert(run.r.parts[0].wildcard);
	free_run(&run);
}

/* R-DNSSEC-9: an empty non-terminal with NSEC */
Test(dnssec_fixtures, r_dnssec_9_nsec_empty_non_terminal)
{
	struct run run;
	check_case("rsa-ent", &run);
	free_run(&run);
}

Test(dnssec_fixtures, r_dnssec_8_cname_chain)
{
	struct run run;
	check_case("rsa-cname", &run);
	cr_assert_eq(run.r.part_count, 2);
	cr_assert_eq(run.r.parts[0].type, DNS_T_CNAME);
	cr_assert_eq(run.r.parts[1].type, DNS_T_A);
	free_run(&run);
}

/* ECDSA P-256 (ldns-signzone), NSEC3 0 iterations */
Test(dnssec_fixtures, r_dnssec_3_ecdsa_chain_secure)
{
	struct run run;
	check_case("ecdsa-caa", &run);
	cr_assert_eq(run.r.parts[0].algorithm, 13);
	free_run(&run);
}

Test(dnssec_fixtures, r_dnssec_9_nsec3_nodata)
{
	struct run run;
	check_case("ecdsa-nodata", &run);
	cr_assert(run.r.parts[0].nsec3);
	free_run(&run);
}

Test(dnssec_fixtures, r_dnssec_10_nsec3_nxdomain)
{
	struct run run;
	check_case("ecdsa-nxdomain", &run);
	cr_assert(run.r.parts[0].nsec3);
	cr_assert_eq(run.r.parts[0].kind, DNSSEC_PART_NXDOMAIN);
	free_run(&run);
}

Test(dnssec_fixtures, r_dnssec_8_nsec3_wildcard)
{
	struct run run;
	check_case("ecdsa-wildcard", &run);
	cr_assert(run.r.parts[0].wildcard);
	free_run(&run);
}

Test(dnssec_fixtures, r_dnssec_9_nsec3_empty_non_terminal)
{
	struct run run;
	check_case("ecdsa-ent", &run);
	free_run(&run);
}

/* R-DNSSEC-7: expired 30 days ago, beyond the skew: the zone's DNSKEY
 * RRset already fails, EDE 7, with the dates and key tag */
Test(dnssec_fixtures, r_dnssec_7_expired)
{
	struct run run;
	check_case("expired-caa", &run);
	const struct dnssec_why *w = &run.r.why;
	cr_assert(dns_name_equal(w->zone, wire("expired.lab.")));
	cr_assert_eq(w->type, DNS_T_DNSKEY);
	cr_assert(w->has_key && w->has_dates);
	cr_assert_lt(w->expiration, (uint32_t)fixture_now());
	cr_assert_eq(run.r.chain[1].status, DNSSEC_BOGUS);
	free_run(&run);
}

/* R-DNSSEC-7: valid from 30 days on, EDE 8 */
Test(dnssec_fixtures, r_dnssec_7_not_yet_valid)
{
	struct run run;
	check_case("notyet-caa", &run);
	cr_assert_gt(run.r.why.inception, (uint32_t)fixture_now());
	free_run(&run);
}

/* R-DNSSEC-3: the DS names a key the zone does not have: EDE 9, as
 * Unbound ("no keys have a DS") */
Test(dnssec_fixtures, r_dnssec_3_ds_matches_no_dnskey)
{
	struct run run;
	check_case("badds-caa", &run);
	cr_assert(dns_name_equal(run.r.why.zone, wire("badds.lab.")));
	cr_assert_eq(run.r.why.source, 11); /* badds-dnskey, chain_files[10] */
	/* the key the DS names (which the zone lacks) is the reason's key */
	const struct zfile *ds = run.chain[9]; /* badds-ds */
	size_t i = 0;
	while (i < ds->m.rr_count && ds->m.rr[i].type != DNS_T_DS)
		i++;
	cr_assert_lt(i, ds->m.rr_count, "badds-ds has a DS");
	const uint8_t *rd = ds->pkt + ds->m.rr[i].rdata;
	cr_assert(run.r.why.has_key);
	cr_assert_eq(run.r.why.key_tag, (uint16_t)(rd[0] << 8 | rd[1]));
	cr_assert_eq(run.r.why.algorithm, rd[2]);
	free_run(&run);
}

/* R-DNSSEC-9, the shape of the CAA page's SERVFAIL: the NSEC3 of an empty answer badly
 * signed */
Test(dnssec_fixtures, r_dnssec_9_bad_nsec3_signature)
{
	struct run run;
	check_case("badnsec3-caa", &run);
	cr_assert_eq(run.r.why.type, DNS_T_NSEC3);
	cr_assert_eq(run.r.why.source, 0); /* the answer itself */
	free_run(&run);
}

/* R-DNSSEC-9: a NODATA without NSEC: Unbound finds no signer, EDE 10 */
Test(dnssec_fixtures, r_dnssec_9_nodata_without_proof)
{
	struct run run;
	check_case("noproof-caa", &run);
	cr_assert_eq(run.r.parts[0].kind, DNSSEC_PART_NODATA);
	free_run(&run);
}

/* R-DNSSEC-6: algorithm 1 only: insecure, and no DNSKEY question */
Test(dnssec_fixtures, r_dnssec_6_unsupported_algorithm)
{
	struct run run;
	check_case("unsupported-caa", &run);
	cr_assert_eq(run.needs, 2); /* lab. DNSKEY, unsupported.lab. DS */
	cr_assert_eq(run.r.chain[1].status, DNSSEC_INSECURE);
	free_run(&run);
}

/* R-DNSSEC-11: 200 iterations: a NODATA is insecure (no hash computed);
 * a positive answer from that zone is still secure */
Test(dnssec_fixtures, r_dnssec_11_iterations_200)
{
	struct run run;
	check_case("iter200-nodata", &run);
	cr_assert_eq(run.r.why.iterations, 200);
	cr_assert_eq(run.r.budget.hashes, 0);
	free_run(&run);
	check_case("iter200-caa", &run);
	free_run(&run);
}

/* R-DNSSEC-10: an opt-out NSEC3 covers child.optout.lab.: insecure */
Test(dnssec_fixtures, r_dnssec_10_opt_out)
{
	struct run run;
	check_case("optout-child-a", &run);
	cr_assert_eq(run.r.chain_len, 3);
	cr_assert(dns_name_equal(run.r.chain[2].zone, wire("child.optout.lab.")));
	cr_assert_eq(run.r.chain[2].status, DNSSEC_INSECURE);
	free_run(&run);
}

/* R-DNSSEC-4: indeterminate without an anchor for the name */
Test(dnssec_fixtures, r_dnssec_4_no_anchor)
{
	struct run run;
	struct dnssec_anchors ta;
	anchors_text(
	    &ta,
	    ". DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n"
	    "other. DS 1 13 2 0000000000000000000000000000000000000000000000000000000000000000");
	struct zfile *a = zfile_load("rsa-caa");
	struct dnssec_input in = {&a->m, a->qname, a->m.qtype, 0};
	/* the root anchor covers lab.: its DNSKEY is NEEDed */
	dnssec_validate(&in, 1, &ta, fixture_now(), &run.r);
	cr_assert(run.r.need);
	cr_assert(dns_name_equal(run.r.need_name, wire(".")));
	anchors_text(
	    &ta,
	    "other. DS 1 13 2 0000000000000000000000000000000000000000000000000000000000000000");
	dnssec_validate(&in, 1, &ta, fixture_now(), &run.r);
	assert_status(&run.r, DNSSEC_INDETERMINATE, DNSSEC_R_NO_ANCHOR);
	zfile_free(a);
}

/* The same data a year later: every secure case is expired then */
Test(dnssec_fixtures, r_dnssec_7_time_is_an_argument)
{
	struct run run;
	run_case(&run, "ecdsa-caa", fixture_now() + 3700ull * 86400);
	assert_status(&run.r, DNSSEC_BOGUS, DNSSEC_R_SIG_EXPIRED);
	cr_assert_eq(run.r.why.ede, 7);
	free_run(&run);
}

/* R-DNSSEC-8, -9: a wildcard CNAME out of a child zone to a NODATA in its
 * parent (x.cn.wc.lab. -> www.lab. CAA): one authority section holds
 * wc.lab.'s NSEC (x.cn.wc.lab. does not exist) and lab.'s SOA and NSEC
 * (www.lab. has no CAA). Each zone's records are judged with that zone's
 * keys, as Unbound's val_fill_reply gives each part the RRsets its signer
 * signed; before, lab.'s denial tried wc.lab.'s NSEC with lab.'s keys:
 * bogus where Unbound says secure. */
Test(dnssec_fixtures, r_dnssec_9_wildcard_cname_up_to_the_parent)
{
	struct run run;
	check_case("wc-cname-up", &run);
	cr_assert_eq(run.r.part_count, 2);
	cr_assert(run.r.parts[0].wildcard);
	cr_assert(dns_name_equal(run.r.parts[0].why.zone, wire("wc.lab.")));
	cr_assert_eq(run.r.parts[1].kind, DNSSEC_PART_NODATA);
	cr_assert(dns_name_equal(run.r.parts[1].why.zone, wire("lab.")));
	free_run(&run);
}

/* The other way: lab.'s wildcard *.cn.lab. to www.ecdsa.lab. (NODATA,
 * NSEC3): lab.'s NSEC beside ecdsa.lab.'s SOA and NSEC3. The NODATA is
 * ecdsa.lab.'s: the closest signer of the NSEC3s (Unbound's
 * val_find_best_signer), not the first NSEC's. */
Test(dnssec_fixtures, r_dnssec_9_wildcard_cname_down_to_a_child)
{
	struct run run;
	check_case("wc-cname-down", &run);
	cr_assert_eq(run.r.part_count, 2);
	cr_assert(run.r.parts[0].wildcard);
	cr_assert(dns_name_equal(run.r.parts[0].why.zone, wire("lab.")));
	cr_assert(run.r.parts[1].nsec3);
	cr_assert(dns_name_equal(run.r.parts[1].why.zone, wire("ecdsa.lab.")));
	free_run(&run);
}
