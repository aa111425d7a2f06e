/* The CAA walk's own DNSSEC validation (src/caa/dnssec_walk.c), its
 * decisions on labels built by hand: which answers are validated, what a
 * bogus one becomes (R-DNSSEC-10), the text Let's Encrypt shows for it
 * (R-DNSSEC-14), and the words `caa` and `check` give (caa/explain.c):
 * the real diagnosis instead of "check the zone with a DNSSEC debugger",
 * which stays only when validation could not say. Named by rule. */
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "caa/dnssec_walk.h"
#include "caa/explain.h"
#include "caa_walks.h"
#include "dns/types.h"
#include "helpers.h"

static void wire(const char *text, uint8_t *out)
{
	size_t len;
	assert_err(dns_name_from_text(text, strlen(text), out, &len), DNS_OK);
}

static struct caa_dnssec_note note(enum dnssec_reason code, const char *zone, const char *owner,
				   uint16_t type)
{
	struct caa_dnssec_note n;
	memset(&n, 0, sizeof n);
	uint8_t z[DNS_MAX_NAME], o[DNS_MAX_NAME];
	wire(zone, z);
	wire(owner, o);
	n.verdict.judged = true;
	n.verdict.status = dnssec_reason_status(code);
	dnssec_why_set(&n.verdict.why, code, z, o, type);
	return n;
}

/* A label the resolver answered with one CAA record, on the heap as the
 * walk keeps it. */
static void answered(struct caa_label *l, const char *name)
{
	memset(l, 0, sizeof *l);
	wire(name, l->name);
	l->error = DNS_EC_NONE;
	l->server = 0;
	static const uint8_t rdata[] = "\000\005issueletsencrypt.org";
	l->blob = malloc(sizeof rdata - 1);
	l->records = calloc(1, sizeof *l->records);
	cr_assert(l->blob && l->records);
	memcpy(l->blob, rdata, sizeof rdata - 1);
	cr_assert_eq(caa_rdata_parse(l->blob, sizeof rdata - 1, &l->records[0]), CAA_OK);
	l->record_count = 1;
}

static void release(struct caa_label *l)
{
	free(l->records);
	free(l->blob);
}

/* ===================================================================== */
/* which answers acmeprobe validates itself                               */
/* ===================================================================== */

Test(caa_dnssec, r_dnssec_2_what_each_answer_needs)
{
	/* AD: the resolver validated it, as the CA's does */
	cr_assert_eq(caa_dnssec_step(DNS_EC_NONE, true, true), CAA_DNSSEC_TRUST);
	cr_assert_eq(caa_dnssec_step(DNS_EC_NXDOMAIN, true, true), CAA_DNSSEC_TRUST);
	/* R-DNSSEC-1: without AD the CA's resolver would validate: so do we */
	cr_assert_eq(caa_dnssec_step(DNS_EC_NONE, true, false), CAA_DNSSEC_VALIDATE);
	cr_assert_eq(caa_dnssec_step(DNS_EC_NXDOMAIN, true, false), CAA_DNSSEC_VALIDATE);
	/* SERVFAIL: the data behind it, asked again with CD */
	cr_assert_eq(caa_dnssec_step(DNS_EC_SERVFAIL, true, false), CAA_DNSSEC_REASK);
	cr_assert_eq(caa_dnssec_step(DNS_EC_SERVFAIL, false, false), CAA_DNSSEC_REASK);
	/* nothing DNSSEC can say */
	cr_assert_eq(caa_dnssec_step(DNS_EC_TIMEOUT, false, false), CAA_DNSSEC_NONE);
	cr_assert_eq(caa_dnssec_step(DNS_EC_REFUSED, true, false), CAA_DNSSEC_NONE);
	cr_assert_eq(caa_dnssec_step(DNS_EC_NOTIMP, true, false), CAA_DNSSEC_NONE);
	cr_assert_eq(caa_dnssec_step(DNS_EC_NONE, false, false), CAA_DNSSEC_NONE);
}

/* ===================================================================== */
/* a bogus answer is no answer                                            */
/* ===================================================================== */

Test(caa_dnssec, r_dnssec_10_a_bogus_answer_becomes_the_ca_s_servfail)
{
	struct caa_label l;
	answered(&l, "www.bad.example.");
	struct caa_dnssec_note n =
	    note(DNSSEC_R_BAD_SIGNATURE, "bad.example.", "www.bad.example.", DNS_T_CAA);
	caa_dnssec_apply(&l, &n);
	cr_assert(n.made_error && !n.masked);
	cr_assert_eq(l.error, DNS_EC_SERVFAIL);
	cr_assert_eq(l.record_count, 0);
	cr_assert_null(l.records);
	cr_assert(strstr(l.detail, "does not validate DNSSEC"));
	/* and the walk fails closed there (R-CAA-4) */
	const struct caa_label *labels[1] = {&l};
	struct caa_request q = req(false);
	struct caa_walk_result r;
	memset(&r, 0, sizeof r);
	caa_walk_decide(labels, 1, &q, &r);
	cr_assert_eq(r.verdict, CAA_NO_DECISION);
	release(&l);
}

Test(caa_dnssec, r_dnssec_10_an_empty_answer_that_is_bogus_is_no_empty_rrset)
{
	struct caa_label l;
	memset(&l, 0, sizeof l);
	wire("www.bad.example.", l.name);
	l.error = DNS_EC_NONE; /* NODATA, or NXDOMAIN below the TLD (R-CAA-8) */
	struct caa_dnssec_note n =
	    note(DNSSEC_R_NSEC_PROOF, "bad.example.", "www.bad.example.", DNS_T_CAA);
	caa_dnssec_apply(&l, &n);
	cr_assert_eq(l.error, DNS_EC_SERVFAIL);
}

Test(caa_dnssec, r_dnssec_6_insecure_and_secure_answers_are_used_as_they_are)
{
	struct caa_label l;
	answered(&l, "www.u.example.");
	struct caa_dnssec_note n =
	    note(DNSSEC_R_UNSUPPORTED_ALGORITHM, "u.example.", "u.example.", DNS_T_DS);
	caa_dnssec_apply(&l, &n);
	cr_assert_eq(l.error, DNS_EC_NONE);
	cr_assert_eq(l.record_count, 1);
	cr_assert(!n.made_error);
	/* a DS or DNSKEY question of ours unanswered: not judged */
	n = note(DNSSEC_R_FETCH_FAILED, "u.example.", "u.example.", DNS_T_DS);
	caa_dnssec_apply(&l, &n);
	cr_assert_eq(l.error, DNS_EC_NONE);
	release(&l);
}

Test(caa_dnssec, r_caa_6_other_servers_serve_good_data_the_answer_stands)
{
	struct caa_label l;
	answered(&l, "www.stale.example.");
	struct caa_dnssec_note n =
	    note(DNSSEC_R_SIG_EXPIRED, "stale.example.", "stale.example.", DNS_T_DNSKEY);
	n.servers_probed = true;
	n.servers_asked = 2;
	n.servers_good = 1;
	n.server_count = 1;
	caa_dnssec_apply(&l, &n);
	cr_assert(n.masked && !n.made_error);
	cr_assert_eq(l.error, DNS_EC_NONE);
	cr_assert_eq(l.record_count, 1);
	release(&l);
}

Test(caa_dnssec, r_dnssec_2_an_error_stays_the_resolver_s)
{
	struct caa_label l;
	memset(&l, 0, sizeof l);
	wire("www.bad.example.", l.name);
	l.error = DNS_EC_SERVFAIL;
	struct caa_dnssec_note n =
	    note(DNSSEC_R_SIG_EXPIRED, "bad.example.", "bad.example.", DNS_T_DNSKEY);
	n.reasked = true;
	caa_dnssec_apply(&l, &n);
	cr_assert(!n.made_error);
	cr_assert_eq(l.error, DNS_EC_SERVFAIL);
}

/* ===================================================================== */
/* Let's Encrypt's text                                                   */
/* ===================================================================== */

Test(caa_dnssec, r_dnssec_14_le_text_names_the_ede)
{
	struct caa_label l;
	memset(&l, 0, sizeof l);
	wire("www.expired.example.", l.name);
	struct caa_dnssec_note n =
	    note(DNSSEC_R_SIG_EXPIRED, "expired.example.", "expired.example.", DNS_T_DNSKEY);
	l.dnssec = &n;
	char out[512];
	cr_assert(caa_dnssec_le_text(out, sizeof out, "www.expired.example", &l));
	cr_assert_str_eq(out, "While processing CAA for www.expired.example: DNS problem: looking "
			      "up CAA for www.expired.example: DNSSEC: Signature Expired");
	/* the label asked may be a parent of the order's name */
	wire("expired.example.", l.name);
	n.verdict.why.ede = 6;
	cr_assert(caa_dnssec_le_text(out, sizeof out, "a.www.expired.example", &l));
	cr_assert_str_eq(out, "While processing CAA for a.www.expired.example: DNS problem: "
			      "looking up CAA for expired.example: DNSSEC: Bogus");
	/* no EDE: the SERVFAIL form */
	n.verdict.why.ede = DNSSEC_EDE_NONE;
	cr_assert(caa_dnssec_le_text(out, sizeof out, "www.expired.example", &l));
	cr_assert_str_eq(out,
			 "While processing CAA for www.expired.example: DNS problem: SERVFAIL "
			 "looking up CAA for expired.example - the domain's nameservers may be "
			 "malfunctioning");
	/* nothing bogus: nothing predicted */
	n = note(DNSSEC_R_UNSIGNED_DELEGATION, "expired.example.", "expired.example.", DNS_T_DS);
	cr_assert(!caa_dnssec_le_text(out, sizeof out, "www.expired.example", &l));
	cr_assert_str_eq(out, "");
}

/* ===================================================================== */
/* the words                                                              */
/* ===================================================================== */

static void reason_of(struct caa_label *l, char *out, size_t cap)
{
	const struct caa_label *labels[1] = {l};
	struct caa_request q = req(false);
	struct caa_walk_result r;
	memset(&r, 0, sizeof r);
	caa_walk_decide(labels, 1, &q, &r);
	r.domain = l->name;
	r.labels = labels;
	r.label_count = 1;
	caa_reason(out, cap, &r, &q);
}

Test(caa_dnssec, r_dnssec_2_the_reason_is_the_diagnosis)
{
	static char out[8192];
	struct caa_label l;
	memset(&l, 0, sizeof l);
	wire("www.bad.example.", l.name);
	l.error = DNS_EC_SERVFAIL;
	struct caa_dnssec_note n =
	    note(DNSSEC_R_BAD_SIGNATURE, "bad.example.", "h.bad.example.", DNS_T_NSEC3);
	n.verdict.denial = true;
	n.reasked = true;
	n.servers_probed = true;
	n.servers_asked = 1;
	n.server_count = 1;
	wire("ns1.example.", n.servers[0].name);
	uint8_t raw[4] = {192, 0, 2, 53};
	net_addr_from_raw(&n.servers[0].addr, AF_INET, raw, 53);
	l.dnssec = &n;
	reason_of(&l, out, sizeof out);
	cr_assert(strstr(out,
			 "The CAA query for www.bad.example. failed with SERVFAIL because "
			 "DNSSEC validation fails in zone bad.example. (acmeprobe's own "
			 "validation of the data, asked again with CD; R-DNSSEC-2): the "
			 "signature does not verify with the key (RRset h.bad.example. NSEC3)."),
		  "%s", out);
	cr_assert(strstr(out, "Every server of the zone serves the bad data: ns1.example. "
			      "(192.0.2.53:53)."),
		  "%s", out);
	cr_assert(strstr(out, "PowerDNS 4.0.3 and earlier"), "%s", out);
	cr_assert(!strstr(out, "DNSSEC debugger"), "%s", out);

	/* the resolver does not validate: it answered, the data is bogus */
	n.reasked = false;
	n.made_error = true;
	n.resolver_rcode = DNS_RCODE_NOERROR;
	n.servers_probed = false;
	reason_of(&l, out, sizeof out);
	cr_assert(strstr(out, "The CAA query for www.bad.example. was answered NOERROR by a "
			      "resolver that does not validate DNSSEC, but the answer, from zone "
			      "bad.example., is bogus: "),
		  "%s", out);
	cr_assert(strstr(out, "(R-DNSSEC-2), so it is no empty answer (R-DNSSEC-10)"), "%s", out);
}

Test(caa_dnssec, r_caa_6_a_servfail_that_is_not_dnssec)
{
	static char out[8192];
	struct caa_label l;
	memset(&l, 0, sizeof l);
	wire("www.ok.example.", l.name);
	l.error = DNS_EC_SERVFAIL;
	struct caa_dnssec_note n;
	memset(&n, 0, sizeof n);
	n.verdict.judged = true;
	n.verdict.status = DNSSEC_SECURE;
	dnssec_why_set(&n.verdict.why, DNSSEC_R_NONE, NULL, NULL, 0);
	n.reasked = true;
	l.dnssec = &n;
	reason_of(&l, out, sizeof out);
	cr_assert(strstr(out, "finds it secure"), "%s", out);
	cr_assert(strstr(out, "The SERVFAIL is not DNSSEC's"), "%s", out);
	/* asked again with CD, no answer either */
	n.reask_failed = true;
	reason_of(&l, out, sizeof out);
	cr_assert(strstr(out, "fails too: the resolver cannot get the data at all, which points at "
			      "the nameservers or the path to them rather than at DNSSEC"),
		  "%s", out);
}

Test(caa_dnssec, r_caa_4_the_debugger_advice_stays_when_validation_could_not_say)
{
	static char out[8192];
	struct caa_label l;
	memset(&l, 0, sizeof l);
	wire("www.x.example.", l.name);
	l.error = DNS_EC_SERVFAIL;
	reason_of(&l, out, sizeof out); /* no note: --no-dnssec, make tiny */
	cr_assert(strstr(out, "Check the zone with a DNSSEC debugger"), "%s", out);
	struct caa_dnssec_note n;
	memset(&n, 0, sizeof n);
	n.verdict.judged = true;
	n.verdict.status = DNSSEC_INDETERMINATE;
	dnssec_why_set(&n.verdict.why, DNSSEC_R_NO_ANCHOR, NULL, NULL, 0);
	n.reasked = true;
	l.dnssec = &n;
	reason_of(&l, out, sizeof out); /* no verdict: the same advice */
	cr_assert(strstr(out, "Check the zone with a DNSSEC debugger"), "%s", out);
}
