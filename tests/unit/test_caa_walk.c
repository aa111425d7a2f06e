/* caa_walk_decide, the pure part of the CAA tree walk (boulder va/caa.go
 * selectCAA): labels built by hand, [0] the request name ... [n-1] the
 * TLD, each either an error, an empty RRset or records. R-CAA-2, R-CAA-4,
 * R-CAA-7 and R-CAA-8 (docs/rules.md); and how one
 * label's answer is read (caa_answer_error: R-CAA-8, R-CAA-13). */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "caa/lookup.h"
#include "caa/policy.h"
#include "dns/response.h"
#include "dns/wire.h"
#include "caa_walks.h"
#include "helpers.h"

#define assert_walk(r, verdict_, label_)                                          \
	do {                                                                      \
		cr_assert_eq((r)->verdict, (verdict_), "verdict %d", (int)(r)->verdict); \
		cr_assert_eq((r)->deciding_label, (long)(label_), "deciding_label %ld", \
			     (r)->deciding_label);                                \
	} while (0)

#define assert_dec(r, permitted_, outcome_, rule_, deciding_, counted_)      \
	do {                                                                 \
		cr_assert_eq((r)->decision.permitted, (permitted_));         \
		cr_assert_eq((r)->decision.outcome, (outcome_), "outcome %d", \
			     (int)(r)->decision.outcome);                    \
		cr_assert_str_eq((r)->decision.rule, (rule_));               \
		cr_assert_eq((r)->decision.deciding, (long)(deciding_));     \
		cr_assert_eq((r)->decision.counted, (counted_));             \
	} while (0)

/* ===================================================================== */
/* R-CAA-1: nothing anywhere                                             */
/* ===================================================================== */

Test(caa_walk, r_caa_1_all_empty_permits)
{
	static struct walk w;
	walk_init(&w, "www.example.com");
	cr_assert_eq(w.n, 3);
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide(&w, &q, &r);
	assert_walk(&r, CAA_PERMITTED, -1);
	assert_dec(&r, true, CAA_PERMIT_NO_RECORDS, "R-CAA-1", -1, CAA_TAG_ISSUE);
}

Test(caa_walk, r_caa_1_all_empty_permits_a_wildcard)
{
	static struct walk w;
	walk_init(&w, "example.com");
	struct caa_request q = req(true);
	struct caa_walk_result r;
	decide(&w, &q, &r);
	assert_walk(&r, CAA_PERMITTED, -1);
	assert_dec(&r, true, CAA_PERMIT_NO_RECORDS, "R-CAA-1", -1, CAA_TAG_ISSUE);
}

Test(caa_walk, r_caa_1_no_labels_permits)
{
	struct caa_request q = req(false);
	struct caa_walk_result r;
	memset(&r, 0, sizeof r);
	r.deciding_label = 7;
	caa_walk_decide(NULL, 0, &q, &r);
	assert_walk(&r, CAA_PERMITTED, -1);
	assert_dec(&r, true, CAA_PERMIT_NO_RECORDS, "R-CAA-1", -1, CAA_TAG_ISSUE);
}

/* ===================================================================== */
/* R-CAA-2 / R-CAA-7: the closest non-empty RRset decides                */
/* ===================================================================== */

Test(caa_walk, r_caa_7_records_at_the_name_decide)
{
	static struct walk w;
	walk_init(&w, "community.example.com");
	add_rec(&w, 0, 0, "issue", LE);
	add_rec(&w, 1, 0, "issue", "ca.example");
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide(&w, &q, &r);
	assert_walk(&r, CAA_PERMITTED, 0);
	assert_dec(&r, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 0, CAA_TAG_ISSUE);
}

/* R-CAA-2: a record lower down wins whether more or less permissive */
Test(caa_walk, r_caa_2_closer_less_permissive_wins)
{
	static struct walk w;
	walk_init(&w, "community.example.com");
	add_rec(&w, 0, 0, "issue", "ca.example");
	add_rec(&w, 1, 0, "issue", LE);
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide(&w, &q, &r);
	assert_walk(&r, CAA_FORBIDDEN, 0);
	assert_dec(&r, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-11", -1, CAA_TAG_ISSUE);
}

Test(caa_walk, r_caa_7_empty_name_parent_decides)
{
	static struct walk w;
	walk_init(&w, "a.b.example.com");
	add_rec(&w, 2, 0, "iodef", "mailto:a@example.com");
	add_rec(&w, 2, 0, "issue", LE);
	add_rec(&w, 3, 0, "issue", ";");
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide(&w, &q, &r);
	assert_walk(&r, CAA_PERMITTED, 2);
	assert_dec(&r, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 1, CAA_TAG_ISSUE);
}

Test(caa_walk, r_caa_7_records_at_the_tld_decide)
{
	static struct walk w;
	walk_init(&w, "www.example.com");
	add_rec(&w, 2, 0, "issue", ";");
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide(&w, &q, &r);
	assert_walk(&r, CAA_FORBIDDEN, 2);
	assert_dec(&r, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-11", -1, CAA_TAG_ISSUE);
}

/* a deciding RRset of only iodef permits: it does not go on upward */
Test(caa_walk, r_caa_10_not_relevant_rrset_still_decides)
{
	static struct walk w;
	walk_init(&w, "www.example.com");
	add_rec(&w, 0, 0, "iodef", "mailto:a@example.com");
	add_rec(&w, 1, 0, "issue", ";");
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide(&w, &q, &r);
	assert_walk(&r, CAA_PERMITTED, 0);
	assert_dec(&r, true, CAA_PERMIT_NOT_RELEVANT, "R-CAA-10", -1, CAA_TAG_ISSUE);
}

Test(caa_walk, r_caa_9_critical_at_a_parent_forbids)
{
	static struct walk w;
	walk_init(&w, "www.example.com");
	add_rec(&w, 1, 0, "issue", LE);
	add_rec(&w, 1, 128, "tbs", "x");
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide(&w, &q, &r);
	assert_walk(&r, CAA_FORBIDDEN, 1);
	assert_dec(&r, false, CAA_FORBID_CRITICAL, "R-CAA-9", 1, CAA_TAG_UNKNOWN);
}

Test(caa_walk, r_caa_10_wildcard_request_reaches_the_decision)
{
	static struct walk w;
	walk_init(&w, "example.com");
	add_rec(&w, 0, 0, "issue", LE);
	add_rec(&w, 0, 0, "issuewild", ";");
	struct caa_request q = req(true);
	struct caa_walk_result r;
	decide(&w, &q, &r);
	assert_walk(&r, CAA_FORBIDDEN, 0);
	assert_dec(&r, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-11", -1, CAA_TAG_ISSUEWILD);
	q.wildcard = false;
	decide(&w, &q, &r);
	assert_walk(&r, CAA_PERMITTED, 0);
	assert_dec(&r, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 0, CAA_TAG_ISSUE);
}

/* ===================================================================== */
/* R-CAA-4 / R-CAA-7: errors                                             */
/* ===================================================================== */

Test(caa_walk, r_caa_7_error_at_the_name_fails_closed)
{
	static struct walk w;
	walk_init(&w, "www.example.com");
	set_error(&w, 0, DNS_EC_SERVFAIL);
	add_rec(&w, 1, 0, "issue", LE);
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide(&w, &q, &r);
	assert_walk(&r, CAA_NO_DECISION, 0);
}

/* R-CAA-4: every error class fails closed, wherever the walk meets it */
Test(caa_walk, r_caa_4_every_error_class_fails_closed)
{
	static struct walk w;
	static const enum dns_errclass errs[] = {
		DNS_EC_NXDOMAIN, DNS_EC_SERVFAIL, DNS_EC_TIMEOUT,   DNS_EC_NOTIMP,
		DNS_EC_REFUSED,  DNS_EC_FORMERR,  DNS_EC_MALFORMED, DNS_EC_NETWORK,
	};
	struct caa_request q = req(false);
	struct caa_walk_result r;
	for (size_t e = 0; e < sizeof errs / sizeof *errs; e++)
		for (size_t at = 0; at < 3; at++) {
			walk_init(&w, "www.example.com");
			set_error(&w, at, errs[e]);
			decide(&w, &q, &r);
			assert_walk(&r, CAA_NO_DECISION, at);
		}
}

Test(caa_walk, r_caa_7_error_above_deciding_rrset_does_not_matter)
{
	static struct walk w;
	walk_init(&w, "www.example.com");
	add_rec(&w, 1, 0, "issue", LE);
	set_error(&w, 2, DNS_EC_SERVFAIL);
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide(&w, &q, &r);
	assert_walk(&r, CAA_PERMITTED, 1);
	assert_dec(&r, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 0, CAA_TAG_ISSUE);
}

Test(caa_walk, r_caa_7_error_above_forbidding_rrset_does_not_matter)
{
	static struct walk w;
	walk_init(&w, "www.example.com");
	add_rec(&w, 0, 0, "issue", ";");
	set_error(&w, 1, DNS_EC_TIMEOUT);
	set_error(&w, 2, DNS_EC_SERVFAIL);
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide(&w, &q, &r);
	assert_walk(&r, CAA_FORBIDDEN, 0);
	assert_dec(&r, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-11", -1, CAA_TAG_ISSUE);
}

Test(caa_walk, r_caa_7_error_below_deciding_rrset_fails_closed)
{
	static struct walk w;
	walk_init(&w, "a.www.example.com");
	set_error(&w, 1, DNS_EC_TIMEOUT);
	add_rec(&w, 2, 0, "issue", LE);
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide(&w, &q, &r);
	assert_walk(&r, CAA_NO_DECISION, 1);
}

/* the lowest error is reported, not a later one */
Test(caa_walk, r_caa_7_first_error_from_the_bottom_is_reported)
{
	static struct walk w;
	walk_init(&w, "a.b.example.com");
	set_error(&w, 1, DNS_EC_REFUSED);
	set_error(&w, 2, DNS_EC_SERVFAIL);
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide(&w, &q, &r);
	assert_walk(&r, CAA_NO_DECISION, 1);
}

/* an error label that also carries records is still an error */
Test(caa_walk, r_caa_4_error_wins_over_records_on_the_same_label)
{
	static struct walk w;
	walk_init(&w, "example.com");
	add_rec(&w, 0, 0, "issue", LE);
	set_error(&w, 0, DNS_EC_MALFORMED);
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide(&w, &q, &r);
	assert_walk(&r, CAA_NO_DECISION, 0);
}

/* ===================================================================== */
/* R-CAA-8: NXDOMAIN                                                     */
/* ===================================================================== */

/* NXDOMAIN below the TLD arrives as an empty answer (lookup.c fill_label):
 * the walk goes on upward */
Test(caa_walk, r_caa_8_nxdomain_below_tld_is_empty)
{
	static struct walk w;
	walk_init(&w, "nx.nx.example.com");
	/* as fill_label leaves them: error NONE, no records */
	add_rec(&w, 2, 0, "issue", LE);
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide(&w, &q, &r);
	assert_walk(&r, CAA_PERMITTED, 2);
	assert_dec(&r, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 0, CAA_TAG_ISSUE);
}

/* NXDOMAIN for the TLD itself stays an error */
Test(caa_walk, r_caa_8_nxdomain_for_the_tld_fails_closed)
{
	static struct walk w;
	walk_init(&w, "www.example.invalid");
	set_error(&w, 2, DNS_EC_NXDOMAIN);
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide(&w, &q, &r);
	assert_walk(&r, CAA_NO_DECISION, 2);
}

Test(caa_walk, r_caa_8_nxdomain_tld_above_deciding_rrset_does_not_matter)
{
	static struct walk w;
	walk_init(&w, "www.example.invalid");
	add_rec(&w, 1, 0, "issue", "ca.example");
	set_error(&w, 2, DNS_EC_NXDOMAIN);
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide(&w, &q, &r);
	assert_walk(&r, CAA_FORBIDDEN, 1);
	assert_dec(&r, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-11", -1, CAA_TAG_ISSUE);
}

/* ===================================================================== */
/* R-CAA-13, R-CAA-8: how one label's answer is read (caa_answer_error)  */
/* ===================================================================== */

static enum dns_errclass read_answer(enum dns_errclass e, bool msg, bool tc, const char *name,
				     const char **detail)
{
	uint8_t wire[DNS_MAX_NAME];
	size_t len;
	assert_err(dns_name_from_text(name, strlen(name), wire, &len), DNS_OK);
	*detail = "the resolver's";
	return caa_answer_error(e, msg, tc, wire, detail);
}

/* boulder #8839 (bdns/problem.go wrapErr, bdns/dns.go LookupCAA): a CAA
 * answer that is still truncated after TCP is an error even when its
 * RCODE is NXDOMAIN; it used to be read as an empty RRset, which permits */
Test(caa_walk, r_caa_13_truncated_nxdomain_is_an_error)
{
	const char *d;
	cr_assert_eq(read_answer(DNS_EC_NXDOMAIN, true, true, "nx.example.com", &d),
		     DNS_EC_MALFORMED);
	cr_assert_str_eq(d, "the answer was truncated even over TCP");
	/* and for a TLD as well: truncation is said first, as wrapErr does */
	cr_assert_eq(read_answer(DNS_EC_NXDOMAIN, true, true, "invalid", &d), DNS_EC_MALFORMED);
	cr_assert_str_eq(d, "the answer was truncated even over TCP");
}

Test(caa_walk, r_caa_13_truncated_noerror_is_an_error)
{
	const char *d;
	cr_assert_eq(read_answer(DNS_EC_NONE, true, true, "example.com", &d), DNS_EC_MALFORMED);
	cr_assert_str_eq(d, "the answer was truncated even over TCP");
}

Test(caa_walk, r_caa_8_untruncated_nxdomain_reads_as_before)
{
	const char *d;
	cr_assert_eq(read_answer(DNS_EC_NXDOMAIN, true, false, "nx.example.com", &d), DNS_EC_NONE);
	cr_assert_str_eq(d, "the resolver's");
	cr_assert_eq(read_answer(DNS_EC_NXDOMAIN, true, false, "invalid", &d), DNS_EC_NXDOMAIN);
	cr_assert_str_eq(d, "the TLD itself does not exist (NXDOMAIN)");
	cr_assert_eq(read_answer(DNS_EC_NONE, true, false, "example.com", &d), DNS_EC_NONE);
	cr_assert_str_eq(d, "the resolver's");
}

Test(caa_walk, r_caa_4_other_errors_stay_what_they_are)
{
	const char *d;
	cr_assert_eq(read_answer(DNS_EC_SERVFAIL, true, false, "example.com", &d), DNS_EC_SERVFAIL);
	cr_assert_eq(read_answer(DNS_EC_TIMEOUT, false, false, "example.com", &d), DNS_EC_TIMEOUT);
	cr_assert_eq(read_answer(DNS_EC_REFUSED, true, true, "example.com", &d), DNS_EC_REFUSED);
	cr_assert_str_eq(d, "the resolver's");
	/* an answer with no message cannot be read */
	cr_assert_eq(read_answer(DNS_EC_NONE, false, false, "example.com", &d), DNS_EC_MALFORMED);
}

/* A truncated NXDOMAIN at the name now stops the walk: the CA refuses
 * where the old reading went on upward and permitted. */
Test(caa_walk, r_caa_13_truncated_nxdomain_fails_the_walk_closed)
{
	static struct walk w;
	const char *d;
	walk_init(&w, "nx.example.com");
	set_error(&w, 0, read_answer(DNS_EC_NXDOMAIN, true, true, "nx.example.com", &d));
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide(&w, &q, &r);
	assert_walk(&r, CAA_NO_DECISION, 0);
}

/* ===================================================================== */
/* limits                                                                */
/* ===================================================================== */

/* 127 one-octet labels: the longest walk a name can make */
Test(caa_walk, r_caa_7_deepest_name_error_at_the_tld)
{
	static struct walk w;
	char name[2 * CAA_MAX_LABELS + 1] = "";
	for (int i = 0; i < CAA_MAX_LABELS; i++)
		strcat(name, i ? ".a" : "a");
	walk_init(&w, name);
	cr_assert_eq(w.n, CAA_MAX_LABELS);
	set_error(&w, CAA_MAX_LABELS - 1, DNS_EC_NXDOMAIN);
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide(&w, &q, &r);
	assert_walk(&r, CAA_NO_DECISION, CAA_MAX_LABELS - 1);
	w.lab[CAA_MAX_LABELS - 1].l.error = DNS_EC_NONE;
	add_rec(&w, CAA_MAX_LABELS - 1, 0, "issue", LE);
	decide(&w, &q, &r);
	assert_walk(&r, CAA_PERMITTED, CAA_MAX_LABELS - 1);
	assert_dec(&r, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 0, CAA_TAG_ISSUE);
}
