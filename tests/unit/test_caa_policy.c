/* The CAA decision (caa_decide, caa_record_matches): one test per case of
 * R-CAA-1 and R-CAA-9..12 of docs/rules.md, each asserting
 * the whole decision (permitted, outcome, rule, deciding index, counted
 * kind) or the exact caa_match. Where the rules leave room the expected
 * value is what boulder va/caa.go (filterCAA, validateCAA, parseCAARecord,
 * caaAccountURIMatches, caaValidationMethodMatches) does. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "caa/policy.h"
#include "caa/rdata.h"
#include "helpers.h"

#define LE "letsencrypt.org"
#define ACCT "https://acme-v02.api.letsencrypt.org/acme/acct/123456789"

/* ---- a small RRset builder -------------------------------------------- */

#define SET_MAX 8

/* Each record's RDATA is an exact-size heap block, so that ASan sees any
 * read past a value. */
struct set {
	uint8_t *rdata[SET_MAX];
	struct caa_record r[SET_MAX];
	size_t n;
};

static void set_free(struct set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->rdata[i]);
	s->n = 0;
}

#define SET(name) struct set name __attribute__((cleanup(set_free))) = {.n = 0}

/* Appends flags/tag/value (value of value_len octets) and returns its index. */
static size_t add_n(struct set *s, uint8_t flags, const uint8_t *tag, size_t tag_len,
		    const void *value, size_t value_len)
{
	cr_assert_lt(s->n, SET_MAX);
	cr_assert(tag_len >= 1 && tag_len <= 255);
	size_t len = 2 + tag_len + value_len;
	uint8_t *p = malloc(len);
	cr_assert_not_null(p);
	p[0] = flags;
	p[1] = (uint8_t)tag_len;
	memcpy(p + 2, tag, tag_len);
	if (value_len)
		memcpy(p + 2 + tag_len, value, value_len);
	size_t i = s->n;
	s->rdata[i] = p;
	s->n++;
	enum caa_err e = caa_rdata_parse(p, len, &s->r[i]);
	cr_assert(e == CAA_OK || e == CAA_E_TAG_CHAR || e == CAA_E_TAG_TOO_LONG,
		  "test record %zu not usable: %s", i, caa_strerror(e));
	return i;
}

static size_t add(struct set *s, uint8_t flags, const char *tag, const char *value)
{
	return add_n(s, flags, (const uint8_t *)tag, strlen(tag), value, strlen(value));
}

static struct caa_request req_plain(void)
{
	return (struct caa_request){.ca_id = LE, .wildcard = false, .account_uri = NULL, .method = NULL};
}

static struct caa_request req_wild(void)
{
	struct caa_request q = req_plain();
	q.wildcard = true;
	return q;
}

static const char *outcome_name(enum caa_outcome o)
{
	switch (o) {
	case CAA_PERMIT_NO_RECORDS: return "PERMIT_NO_RECORDS";
	case CAA_FORBID_CRITICAL: return "FORBID_CRITICAL";
	case CAA_PERMIT_NOT_RELEVANT: return "PERMIT_NOT_RELEVANT";
	case CAA_PERMIT_AUTHORIZED: return "PERMIT_AUTHORIZED";
	case CAA_FORBID_UNAUTHORIZED: return "FORBID_UNAUTHORIZED";
	}
	return "?";
}

static const char *match_name(enum caa_match m)
{
	static const char *const n[] = {
		"YES", "UNPARSABLE", "EMPTY_ISSUER", "OTHER_ISSUER", "ACCOUNT_MISSING",
		"ACCOUNT_OTHER", "ACCOUNT_DUP", "METHOD_MISSING", "METHOD_OTHER", "METHOD_DUP",
		"METHOD_SYNTAX",
	};
	return (unsigned)m < sizeof n / sizeof *n ? n[m] : "?";
}

/* The whole decision, field by field. */
static void check_decision(const struct set *s, const struct caa_request *q, bool permitted,
			   enum caa_outcome outcome, const char *rule, long deciding,
			   enum caa_tag_kind counted, int line)
{
	struct caa_decision d;
	memset(&d, 0xA5, sizeof d);
	caa_decide(s->n ? s->r : NULL, s->n, q, &d);
	cr_assert_eq(d.outcome, outcome, "line %d: outcome %s, want %s", line,
		     outcome_name(d.outcome), outcome_name(outcome));
	cr_assert_eq(d.permitted, permitted, "line %d: permitted %d", line, d.permitted);
	cr_assert_str_eq(d.rule, rule, "line %d", line);
	cr_assert_eq(d.deciding, deciding, "line %d: deciding %ld, want %ld", line, d.deciding,
		     deciding);
	cr_assert_eq(d.counted, counted, "line %d: counted %s, want %s", line,
		     caa_tag_kind_name(d.counted), caa_tag_kind_name(counted));
}

#define assert_decision(s, q, permitted, outcome, rule, deciding, counted)         \
	check_decision((s), (q), (permitted), (outcome), (rule), (deciding), (counted), \
		       __LINE__)

static void check_match(const struct set *s, size_t i, const struct caa_request *q,
			enum caa_match want, int line)
{
	enum caa_match got = caa_record_matches(&s->r[i], q);
	cr_assert_eq(got, want, "line %d: record %zu: %s, want %s", line, i, match_name(got),
		     match_name(want));
}

#define assert_match(s, i, q, want) check_match((s), (i), (q), (want), __LINE__)

/* One issue record with this value against a request. */
static enum caa_match match_value(const char *value, const struct caa_request *q)
{
	SET(s);
	add(&s, 0, "issue", value);
	return caa_record_matches(&s.r[0], q);
}

#define assert_value_match(value, q, want)                                        \
	do {                                                                      \
		enum caa_match got_ = match_value((value), (q));                  \
		cr_assert_eq(got_, (want), "line %d: \"%s\": %s, want %s", __LINE__, \
			     (value), match_name(got_), match_name(want));       \
	} while (0)

/* ===================================================================== */
/* R-CAA-1                                                               */
/* ===================================================================== */

Test(caa_policy, r_caa_1_empty_set_permits)
{
	SET(s);
	struct caa_request q = req_plain();
	assert_decision(&s, &q, true, CAA_PERMIT_NO_RECORDS, "R-CAA-1", -1, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_1_empty_set_permits_a_wildcard)
{
	SET(s);
	struct caa_request q = req_wild();
	assert_decision(&s, &q, true, CAA_PERMIT_NO_RECORDS, "R-CAA-1", -1, CAA_TAG_ISSUE);
}

/* ===================================================================== */
/* R-CAA-9: the critical flag and known tags                             */
/* ===================================================================== */

Test(caa_policy, r_caa_9_unknown_critical_128_forbids)
{
	SET(s);
	add(&s, 0, "issue", LE);
	add(&s, 128, "tbs", "critical-unknown-property");
	struct caa_request q = req_plain();
	assert_decision(&s, &q, false, CAA_FORBID_CRITICAL, "R-CAA-9", 1, CAA_TAG_UNKNOWN);
}

/* flags & 1: the legacy reading boulder filterCAA keeps */
Test(caa_policy, r_caa_9_unknown_critical_flag_1_forbids)
{
	SET(s);
	add(&s, 1, "tbs", "x");
	add(&s, 0, "issue", LE);
	struct caa_request q = req_plain();
	assert_decision(&s, &q, false, CAA_FORBID_CRITICAL, "R-CAA-9", 0, CAA_TAG_UNKNOWN);
}

/* 127 = 0x7F has the bit of value 1: critical by the legacy reading */
Test(caa_policy, r_caa_9_unknown_flags_127_forbids)
{
	SET(s);
	add(&s, 0, "issue", LE);
	add(&s, 127, "tbs", "x");
	struct caa_request q = req_plain();
	assert_decision(&s, &q, false, CAA_FORBID_CRITICAL, "R-CAA-9", 1, CAA_TAG_UNKNOWN);
}

Test(caa_policy, r_caa_9_unknown_flags_255_forbids)
{
	SET(s);
	add(&s, 255, "tbs", "x");
	struct caa_request q = req_plain();
	assert_decision(&s, &q, false, CAA_FORBID_CRITICAL, "R-CAA-9", 0, CAA_TAG_UNKNOWN);
}

/* 126 = every bit but 128 and 1: reserved bits only, not critical */
Test(caa_policy, r_caa_9_unknown_flags_126_is_not_critical)
{
	SET(s);
	add(&s, 126, "tbs", "x");
	add(&s, 0, "issue", LE);
	struct caa_request q = req_plain();
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 1, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_9_unknown_flags_2_is_not_critical)
{
	SET(s);
	add(&s, 2, "tbs", "x");
	add(&s, 0, "issue", LE);
	struct caa_request q = req_plain();
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 1, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_9_unknown_flags_64_is_not_critical)
{
	SET(s);
	add(&s, 64, "tbs", "x");
	add(&s, 0, "issue", LE);
	struct caa_request q = req_plain();
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 1, CAA_TAG_ISSUE);
}

/* an unknown tag without the flag is ignored: here it is all there is */
Test(caa_policy, r_caa_9_unknown_not_critical_alone_permits)
{
	SET(s);
	add(&s, 0, "tbs", "x");
	struct caa_request q = req_plain();
	assert_decision(&s, &q, true, CAA_PERMIT_NOT_RELEVANT, "R-CAA-10", -1, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_9_is_critical_reads_bits_128_and_1)
{
	SET(s);
	for (unsigned f = 0; f < 256; f++) {
		set_free(&s);
		add(&s, (uint8_t)f, "tbs", "");
		cr_assert_eq(caa_is_critical(&s.r[0]), (f & 129) != 0, "flags %u", f);
	}
}

Test(caa_policy, r_caa_9_critical_iodef_is_known)
{
	SET(s);
	add(&s, 128, "iodef", "mailto:security@example.com");
	add(&s, 0, "issue", LE);
	struct caa_request q = req_plain();
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 1, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_9_critical_issuemail_is_known)
{
	SET(s);
	add(&s, 128, "issuemail", "ca.example");
	add(&s, 0, "issue", LE);
	struct caa_request q = req_plain();
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 1, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_9_critical_issuevmc_is_known)
{
	SET(s);
	add(&s, 129, "issuevmc", "ca.example");
	add(&s, 0, "issue", LE);
	struct caa_request q = req_plain();
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 1, CAA_TAG_ISSUE);
}

/* critical known non-issue tags alone: nothing that counts (R-CAA-10) */
Test(caa_policy, r_caa_9_only_critical_known_tags_permit)
{
	SET(s);
	add(&s, 128, "iodef", "mailto:a@example.com");
	add(&s, 128, "issuemail", ";");
	add(&s, 128, "issuevmc", ";");
	struct caa_request q = req_plain();
	assert_decision(&s, &q, true, CAA_PERMIT_NOT_RELEVANT, "R-CAA-10", -1, CAA_TAG_ISSUE);
}

/* "ISSUE" is issue, so a critical flag on it does not forbid */
Test(caa_policy, r_caa_9_upper_case_issue_is_issue)
{
	SET(s);
	add(&s, 128, "ISSUE", LE);
	struct caa_request q = req_plain();
	cr_assert_eq(s.r[0].kind, CAA_TAG_ISSUE);
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 0, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_9_upper_case_issue_counts_against_the_ca)
{
	SET(s);
	add(&s, 0, "ISSUE", "ca.example");
	struct caa_request q = req_plain();
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-11", -1, CAA_TAG_ISSUE);
}

/* fixture 06: "ISSUE" with an empty value: empty issuer, nobody may issue */
Test(caa_policy, r_caa_9_fixture_upper_case_issue_empty_value_forbids)
{
	SET(s);
	add(&s, 0, "ISSUE", "");
	struct caa_request q = req_plain();
	assert_match(&s, 0, &q, CAA_MATCH_EMPTY_ISSUER);
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-11", -1, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_9_iss_ue_is_unknown_critical_forbids)
{
	SET(s);
	add(&s, 0, "issue", LE);
	add(&s, 128, "iss-ue", LE);
	struct caa_request q = req_plain();
	assert_decision(&s, &q, false, CAA_FORBID_CRITICAL, "R-CAA-9", 1, CAA_TAG_UNKNOWN);
}

/* fixture 61: "iss-ue" letsencrypt.org never counts as issue */
Test(caa_policy, r_caa_9_iss_ue_not_critical_is_ignored)
{
	SET(s);
	add(&s, 0, "iss-ue", LE);
	struct caa_request q = req_plain();
	assert_decision(&s, &q, true, CAA_PERMIT_NOT_RELEVANT, "R-CAA-10", -1, CAA_TAG_ISSUE);
	add(&s, 0, "issue", "ca.example");
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-11", -1, CAA_TAG_ISSUE);
}

/* "issue\0": six octets, an unknown tag */
Test(caa_policy, r_caa_9_issue_nul_tag_is_unknown)
{
	SET(s);
	add_n(&s, 128, (const uint8_t *)"issue\0", 6, LE, strlen(LE));
	struct caa_request q = req_plain();
	assert_decision(&s, &q, false, CAA_FORBID_CRITICAL, "R-CAA-9", 0, CAA_TAG_UNKNOWN);
}

Test(caa_policy, r_caa_9_sixteen_octet_tag_critical_forbids)
{
	SET(s);
	add(&s, 0, "issue", LE);
	add(&s, 128, "issuewildissuewi", LE);
	struct caa_request q = req_plain();
	assert_decision(&s, &q, false, CAA_FORBID_CRITICAL, "R-CAA-9", 1, CAA_TAG_UNKNOWN);
}

Test(caa_policy, r_caa_9_sixteen_octet_tag_not_critical_is_ignored)
{
	SET(s);
	add(&s, 0, "issuewildissuewi", "ca.example");
	add(&s, 0, "issue", LE);
	struct caa_request q = req_plain();
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 1, CAA_TAG_ISSUE);
}

/* fixture 62 with the critical flag: a 255-octet tag, an empty value */
Test(caa_policy, r_caa_9_tag_of_255_octets_critical_forbids)
{
	SET(s);
	uint8_t tag[255];
	memset(tag, 'a', sizeof tag);
	add(&s, 0, "issue", LE);
	add_n(&s, 128, tag, sizeof tag, "", 0);
	struct caa_request q = req_plain();
	assert_decision(&s, &q, false, CAA_FORBID_CRITICAL, "R-CAA-9", 1, CAA_TAG_UNKNOWN);
}

Test(caa_policy, r_caa_9_tag_of_255_octets_not_critical_is_ignored)
{
	SET(s);
	uint8_t tag[255];
	memset(tag, 'a', sizeof tag);
	add_n(&s, 0, tag, sizeof tag, "", 0);
	struct caa_request q = req_plain();
	assert_decision(&s, &q, true, CAA_PERMIT_NOT_RELEVANT, "R-CAA-10", -1, CAA_TAG_ISSUE);
}

/* the first critical unknown record is the deciding one */
Test(caa_policy, r_caa_9_first_critical_record_decides)
{
	SET(s);
	add(&s, 0, "tbs", "x");
	add(&s, 0, "issue", LE);
	add(&s, 1, "one", "x");
	add(&s, 128, "two", "x");
	struct caa_request q = req_plain();
	assert_decision(&s, &q, false, CAA_FORBID_CRITICAL, "R-CAA-9", 2, CAA_TAG_UNKNOWN);
}

/* a critical unknown forbids a wildcard too, before issuewild is read */
Test(caa_policy, r_caa_9_critical_forbids_a_wildcard)
{
	SET(s);
	add(&s, 0, "issuewild", LE);
	add(&s, 128, "tbs", "x");
	struct caa_request q = req_wild();
	assert_decision(&s, &q, false, CAA_FORBID_CRITICAL, "R-CAA-9", 1, CAA_TAG_UNKNOWN);
}

/* fixture 03: issue letsencrypt.org, iodef, critical tbs */
Test(caa_policy, r_caa_9_fixture_three_records_critical)
{
	SET(s);
	add(&s, 0, "issue", LE);
	add(&s, 0, "iodef", "mailto:security@caa3.test");
	add(&s, 128, "tbs", "critical-unknown-property");
	struct caa_request q = req_plain();
	assert_decision(&s, &q, false, CAA_FORBID_CRITICAL, "R-CAA-9", 2, CAA_TAG_UNKNOWN);
}

/* fixture 63: flags 255 on an issue record: known, so not critical-unknown */
Test(caa_policy, r_caa_9_fixture_flags_255_issue_authorizes)
{
	SET(s);
	add(&s, 255, "issue", LE);
	struct caa_request q = req_plain();
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 0, CAA_TAG_ISSUE);
}

/* ===================================================================== */
/* R-CAA-10: which records count                                         */
/* ===================================================================== */

Test(caa_policy, r_caa_10_wildcard_with_issuewild_counts_issuewild)
{
	SET(s);
	add(&s, 0, "issue", "ca.example");
	add(&s, 0, "issuewild", LE);
	struct caa_request q = req_wild();
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 1, CAA_TAG_ISSUEWILD);
}

/* issuewild ";" overrides an issue that would authorize (fixture 02) */
Test(caa_policy, r_caa_10_wildcard_issuewild_forbids_despite_issue)
{
	SET(s);
	add(&s, 0, "issue", LE);
	add(&s, 0, "issuewild", ";");
	struct caa_request q = req_wild();
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-11", -1, CAA_TAG_ISSUEWILD);
}

Test(caa_policy, r_caa_10_wildcard_upper_case_issuewild_counts)
{
	SET(s);
	add(&s, 0, "issue", "ca.example");
	add(&s, 0, "IssueWild", LE);
	struct caa_request q = req_wild();
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 1, CAA_TAG_ISSUEWILD);
}

Test(caa_policy, r_caa_10_wildcard_without_issuewild_counts_issue)
{
	SET(s);
	add(&s, 0, "iodef", "mailto:a@example.com");
	add(&s, 0, "issue", LE);
	struct caa_request q = req_wild();
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 1, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_10_wildcard_without_issuewild_issue_forbids)
{
	SET(s);
	add(&s, 0, "issue", "ca.example");
	struct caa_request q = req_wild();
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-11", -1, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_10_non_wildcard_ignores_issuewild)
{
	SET(s);
	add(&s, 0, "issuewild", LE);
	add(&s, 0, "issue", ";");
	struct caa_request q = req_plain();
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-11", -1, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_10_non_wildcard_issue_authorizes_despite_issuewild)
{
	SET(s);
	add(&s, 0, "issuewild", ";");
	add(&s, 0, "issue", LE);
	struct caa_request q = req_plain();
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 1, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_10_only_iodef_permits_not_relevant)
{
	SET(s);
	add(&s, 0, "iodef", "mailto:security@example.com");
	struct caa_request q = req_plain();
	assert_decision(&s, &q, true, CAA_PERMIT_NOT_RELEVANT, "R-CAA-10", -1, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_10_only_iodef_permits_a_wildcard)
{
	SET(s);
	add(&s, 0, "iodef", "mailto:security@example.com");
	struct caa_request q = req_wild();
	assert_decision(&s, &q, true, CAA_PERMIT_NOT_RELEVANT, "R-CAA-10", -1, CAA_TAG_ISSUE);
}

/* boulder validateCAA: "there is only an issuewild directive, but we are
 * checking for a non-wildcard identifier" permits */
Test(caa_policy, r_caa_10_only_issuewild_non_wildcard_permits)
{
	SET(s);
	add(&s, 0, "issuewild", ";");
	struct caa_request q = req_plain();
	assert_decision(&s, &q, true, CAA_PERMIT_NOT_RELEVANT, "R-CAA-10", -1, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_10_only_issuewild_wildcard_forbids)
{
	SET(s);
	add(&s, 0, "issuewild", ";");
	struct caa_request q = req_wild();
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-11", -1, CAA_TAG_ISSUEWILD);
}

/* ===================================================================== */
/* R-CAA-11: the issuer                                                  */
/* ===================================================================== */

Test(caa_policy, r_caa_11_exact_issuer_authorizes)
{
	SET(s);
	add(&s, 0, "issue", LE);
	struct caa_request q = req_plain();
	assert_match(&s, 0, &q, CAA_MATCH_YES);
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 0, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_11_spaces_and_tabs_are_trimmed)
{
	struct caa_request q = req_plain();
	assert_value_match(" letsencrypt.org ", &q, CAA_MATCH_YES);
	assert_value_match("\tletsencrypt.org\t", &q, CAA_MATCH_YES);
	assert_value_match(" \t letsencrypt.org \t ; ", &q, CAA_MATCH_YES);
}

Test(caa_policy, r_caa_11_trailing_dot_does_not_match)
{
	SET(s);
	add(&s, 0, "issue", "letsencrypt.org.");
	struct caa_request q = req_plain();
	assert_match(&s, 0, &q, CAA_MATCH_OTHER_ISSUER);
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-11", -1, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_11_case_differs_does_not_match)
{
	SET(s);
	add(&s, 0, "issue", "LetsEncrypt.org");
	struct caa_request q = req_plain();
	assert_match(&s, 0, &q, CAA_MATCH_OTHER_ISSUER);
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-11", -1, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_11_near_misses_do_not_match)
{
	struct caa_request q = req_plain();
	assert_value_match("letsencrypt.or", &q, CAA_MATCH_OTHER_ISSUER);
	assert_value_match("letsencrypt.orgx", &q, CAA_MATCH_OTHER_ISSUER);
	assert_value_match("www.letsencrypt.org", &q, CAA_MATCH_OTHER_ISSUER);
	assert_value_match("\"letsencrypt.org\"", &q, CAA_MATCH_OTHER_ISSUER);
	assert_value_match("letsencrypt.org\r", &q, CAA_MATCH_OTHER_ISSUER);
	/* a NUL after the name: a C string compare would say yes */
	SET(s);
	add_n(&s, 0, (const uint8_t *)"issue", 5, "letsencrypt.org\0", 16);
	assert_match(&s, 0, &q, CAA_MATCH_OTHER_ISSUER);
}

Test(caa_policy, r_caa_11_empty_issuer_forbids)
{
	SET(s);
	add(&s, 0, "issue", ";");
	struct caa_request q = req_plain();
	assert_match(&s, 0, &q, CAA_MATCH_EMPTY_ISSUER);
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-11", -1, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_11_empty_value_is_empty_issuer)
{
	struct caa_request q = req_plain();
	assert_value_match("", &q, CAA_MATCH_EMPTY_ISSUER);
	assert_value_match("  ", &q, CAA_MATCH_EMPTY_ISSUER);
	assert_value_match(" ; ", &q, CAA_MATCH_EMPTY_ISSUER);
}

Test(caa_policy, r_caa_11_semicolon_without_parameters_matches)
{
	struct caa_request q = req_plain();
	assert_value_match("letsencrypt.org;", &q, CAA_MATCH_YES);
	assert_value_match("letsencrypt.org; ", &q, CAA_MATCH_YES);
}

Test(caa_policy, r_caa_11_double_semicolon_is_unparsable)
{
	SET(s);
	add(&s, 0, "issue", "letsencrypt.org;;");
	struct caa_request q = req_plain();
	assert_match(&s, 0, &q, CAA_MATCH_UNPARSABLE);
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-11", -1, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_11_parameter_without_equals_is_unparsable)
{
	struct caa_request q = req_plain();
	assert_value_match("letsencrypt.org; foo", &q, CAA_MATCH_UNPARSABLE);
}

Test(caa_policy, r_caa_11_bad_parameter_tag_is_unparsable)
{
	struct caa_request q = req_plain();
	assert_value_match("letsencrypt.org; a-b=c", &q, CAA_MATCH_UNPARSABLE);
}

Test(caa_policy, r_caa_11_bad_parameter_value_is_unparsable)
{
	struct caa_request q = req_plain();
	assert_value_match("letsencrypt.org; a=b c", &q, CAA_MATCH_UNPARSABLE);
}

Test(caa_policy, r_caa_11_equals_in_value_is_allowed)
{
	struct caa_request q = req_plain();
	assert_value_match("letsencrypt.org; a=b=c", &q, CAA_MATCH_YES);
}

/* unknown parameters are ignored, a repeated unknown one too (boulder
 * only finds two accounturi or two validationmethods unsatisfiable) */
Test(caa_policy, r_caa_11_unknown_parameters_are_ignored)
{
	struct caa_request q = req_plain();
	assert_value_match("letsencrypt.org; policy=ev; a=1; a=2", &q, CAA_MATCH_YES);
}

/* acmeprobe reads 16 parameters; the 17th makes the value unparsable
 * (boulder has no such limit: a known, documented divergence) */
/* Boulder reads any number of parameters: so does acmeprobe */
Test(caa_policy, r_caa_11_seventeen_parameters_still_match)
{
	struct caa_request q = req_plain();
	char v[512] = LE;
	for (int i = 0; i < CAA_MAX_PARAMS; i++)
		snprintf(v + strlen(v), sizeof v - strlen(v), "; p%d=v", i);
	assert_value_match(v, &q, CAA_MATCH_YES);
	snprintf(v + strlen(v), sizeof v - strlen(v), "; p16=v");
	assert_value_match(v, &q, CAA_MATCH_YES);
	snprintf(v + strlen(v), sizeof v - strlen(v), "; validationmethods=dns-01");
	assert_value_match(v, &q, CAA_MATCH_METHOD_MISSING);
}

Test(caa_policy, r_caa_11_bad_record_is_skipped_another_matches)
{
	SET(s);
	add(&s, 0, "issue", "letsencrypt.org;;");
	add(&s, 0, "issue", "letsencrypt.org; a-b=c");
	add(&s, 0, "issue", LE);
	struct caa_request q = req_plain();
	assert_match(&s, 0, &q, CAA_MATCH_UNPARSABLE);
	assert_match(&s, 1, &q, CAA_MATCH_UNPARSABLE);
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 2, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_11_bad_record_and_other_issuer_forbid)
{
	SET(s);
	add(&s, 0, "issue", "letsencrypt.org; foo");
	add(&s, 0, "issue", "ca.example");
	struct caa_request q = req_plain();
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-11", -1, CAA_TAG_ISSUE);
}

/* the first authorizing record decides */
Test(caa_policy, r_caa_11_first_matching_record_decides)
{
	SET(s);
	add(&s, 0, "issue", "ca.example");
	add(&s, 0, "issue", LE);
	add(&s, 0, "issue", LE "; a=b");
	struct caa_request q = req_plain();
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 1, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_11_ca_id_is_the_request_s)
{
	SET(s);
	add(&s, 0, "issue", "ca.test");
	struct caa_request q = req_plain();
	assert_match(&s, 0, &q, CAA_MATCH_OTHER_ISSUER);
	q.ca_id = "ca.test";
	assert_match(&s, 0, &q, CAA_MATCH_YES);
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 0, CAA_TAG_ISSUE);
}

/* an issuewild record is judged by the same grammar */
Test(caa_policy, r_caa_11_issuewild_value_grammar)
{
	SET(s);
	add(&s, 0, "issuewild", "letsencrypt.org; a b");
	add(&s, 0, "issuewild", " letsencrypt.org ;");
	struct caa_request q = req_wild();
	assert_match(&s, 0, &q, CAA_MATCH_UNPARSABLE);
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 1, CAA_TAG_ISSUEWILD);
}

/* ===================================================================== */
/* R-CAA-12: accounturi                                                  */
/* ===================================================================== */

Test(caa_policy, r_caa_12_accounturi_equal_matches)
{
	SET(s);
	add(&s, 0, "issue", LE "; accounturi=" ACCT);
	struct caa_request q = req_plain();
	q.account_uri = ACCT;
	assert_match(&s, 0, &q, CAA_MATCH_YES);
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 0, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_12_accounturi_different_forbids)
{
	SET(s);
	add(&s, 0, "issue", LE "; accounturi=" ACCT);
	struct caa_request q = req_plain();
	q.account_uri = "https://acme-v02.api.letsencrypt.org/acme/acct/12345678";
	assert_match(&s, 0, &q, CAA_MATCH_ACCOUNT_OTHER);
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-12", -1, CAA_TAG_ISSUE);
	q.account_uri = ACCT "0";
	assert_match(&s, 0, &q, CAA_MATCH_ACCOUNT_OTHER);
}

/* R-CAA-12: with no --account-uri an accounturi record never matches */
Test(caa_policy, r_caa_12_accounturi_without_account_uri_forbids)
{
	SET(s);
	add(&s, 0, "issue", LE "; accounturi=" ACCT);
	struct caa_request q = req_plain();
	assert_match(&s, 0, &q, CAA_MATCH_ACCOUNT_MISSING);
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-12", -1, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_12_accounturi_duplicate_never_matches)
{
	SET(s);
	add(&s, 0, "issue", LE "; accounturi=" ACCT "; accounturi=" ACCT);
	struct caa_request q = req_plain();
	q.account_uri = ACCT;
	assert_match(&s, 0, &q, CAA_MATCH_ACCOUNT_DUP);
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-12", -1, CAA_TAG_ISSUE);
	q.account_uri = NULL;
	assert_match(&s, 0, &q, CAA_MATCH_ACCOUNT_DUP);
}

/* boulder: an "accounturi" that is present but empty is still present */
Test(caa_policy, r_caa_12_accounturi_empty_value_is_present)
{
	struct caa_request q = req_plain();
	assert_value_match(LE "; accounturi=", &q, CAA_MATCH_ACCOUNT_MISSING);
	q.account_uri = ACCT;
	assert_value_match(LE "; accounturi=", &q, CAA_MATCH_ACCOUNT_OTHER);
}

/* the parameter tag compares exactly, as boulder's c.tag == "accounturi" */
Test(caa_policy, r_caa_12_accounturi_tag_is_case_sensitive)
{
	struct caa_request q = req_plain();
	assert_value_match(LE "; AccountURI=" ACCT, &q, CAA_MATCH_YES);
}

/* the other CA's record with the right account still names another CA */
Test(caa_policy, r_caa_12_accounturi_other_issuer)
{
	struct caa_request q = req_plain();
	q.account_uri = ACCT;
	assert_value_match("ca.example; accounturi=" ACCT, &q, CAA_MATCH_OTHER_ISSUER);
}

Test(caa_policy, r_caa_12_account_record_skipped_plain_record_matches)
{
	SET(s);
	add(&s, 0, "issue", LE "; accounturi=" ACCT);
	add(&s, 0, "issue", LE);
	struct caa_request q = req_plain();
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 1, CAA_TAG_ISSUE);
}

/* ===================================================================== */
/* R-CAA-12: validationmethods                                           */
/* ===================================================================== */

Test(caa_policy, r_caa_12_method_in_list_matches)
{
	SET(s);
	add(&s, 0, "issue", LE "; validationmethods=http-01,dns-01");
	struct caa_request q = req_plain();
	q.method = "http-01";
	assert_match(&s, 0, &q, CAA_MATCH_YES);
	q.method = "dns-01";
	assert_match(&s, 0, &q, CAA_MATCH_YES);
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 0, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_12_method_not_in_list_forbids)
{
	SET(s);
	add(&s, 0, "issue", LE "; validationmethods=http-01,dns-01");
	struct caa_request q = req_plain();
	q.method = "tls-alpn-01";
	assert_match(&s, 0, &q, CAA_MATCH_METHOD_OTHER);
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-12", -1, CAA_TAG_ISSUE);
}

/* R-CAA-12: with no --method a validationmethods record never matches */
Test(caa_policy, r_caa_12_method_missing_forbids)
{
	SET(s);
	add(&s, 0, "issue", LE "; validationmethods=http-01,dns-01");
	struct caa_request q = req_plain();
	assert_match(&s, 0, &q, CAA_MATCH_METHOD_MISSING);
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-12", -1, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_12_method_duplicate_never_matches)
{
	SET(s);
	add(&s, 0, "issue", LE "; validationmethods=http-01; validationmethods=http-01");
	struct caa_request q = req_plain();
	q.method = "http-01";
	assert_match(&s, 0, &q, CAA_MATCH_METHOD_DUP);
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-12", -1, CAA_TAG_ISSUE);
	q.method = NULL;
	assert_match(&s, 0, &q, CAA_MATCH_METHOD_DUP);
}

Test(caa_policy, r_caa_12_method_bad_item_is_syntax)
{
	SET(s);
	add(&s, 0, "issue", LE "; validationmethods=http_01");
	struct caa_request q = req_plain();
	q.method = "http-01";
	assert_match(&s, 0, &q, CAA_MATCH_METHOD_SYNTAX);
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-12", -1, CAA_TAG_ISSUE);
	q.method = NULL;
	assert_match(&s, 0, &q, CAA_MATCH_METHOD_SYNTAX);
}

/* boulder caaValidationMethodMatches reads the list in order and stops
 * at the first bad item: a method before it matches, one after it does
 * not. (acmeprobe said "one bad item spoils the list" before: a bug.) */
Test(caa_policy, r_caa_12_method_empty_item_after_the_method_matches)
{
	SET(s);
	add(&s, 0, "issue", LE "; validationmethods=http-01,,dns-01");
	struct caa_request q = req_plain();
	q.method = "http-01";
	assert_match(&s, 0, &q, CAA_MATCH_YES);
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 0, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_12_method_empty_item_before_the_method_is_syntax)
{
	SET(s);
	add(&s, 0, "issue", LE "; validationmethods=http-01,,dns-01");
	struct caa_request q = req_plain();
	q.method = "dns-01";
	assert_match(&s, 0, &q, CAA_MATCH_METHOD_SYNTAX);
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-12", -1, CAA_TAG_ISSUE);
	q.method = "tls-alpn-01";
	assert_match(&s, 0, &q, CAA_MATCH_METHOD_SYNTAX);
	q.method = NULL;
	assert_match(&s, 0, &q, CAA_MATCH_METHOD_SYNTAX);
}

Test(caa_policy, r_caa_12_method_bad_item_after_the_method_matches)
{
	struct caa_request q = req_plain();
	q.method = "http-01";
	assert_value_match(LE "; validationmethods=http-01,http_01", &q, CAA_MATCH_YES);
	assert_value_match(LE "; validationmethods=http-01,", &q, CAA_MATCH_YES);
	q.method = "dns-01";
	assert_value_match(LE "; validationmethods=http-01,", &q, CAA_MATCH_METHOD_SYNTAX);
	assert_value_match(LE "; validationmethods=http_01,dns-01", &q, CAA_MATCH_METHOD_SYNTAX);
}

Test(caa_policy, r_caa_12_method_unknown_but_valid_item_is_skipped)
{
	SET(s);
	add(&s, 0, "issue", LE "; validationmethods=foo-01,http-01");
	struct caa_request q = req_plain();
	q.method = "http-01";
	assert_match(&s, 0, &q, CAA_MATCH_YES);
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 0, CAA_TAG_ISSUE);
	q.method = "dns-01";
	assert_match(&s, 0, &q, CAA_MATCH_METHOD_OTHER);
}

/* "value = [*(label ",") label]" allows an empty list; boulder's
 * label regexp does not: the empty item is a syntax error */
Test(caa_policy, r_caa_12_method_empty_list_is_syntax)
{
	struct caa_request q = req_plain();
	q.method = "http-01";
	assert_value_match(LE "; validationmethods=", &q, CAA_MATCH_METHOD_SYNTAX);
	assert_value_match(LE "; validationmethods=,", &q, CAA_MATCH_METHOD_SYNTAX);
	assert_value_match(LE "; validationmethods=,http-01", &q, CAA_MATCH_METHOD_SYNTAX);
}

Test(caa_policy, r_caa_12_method_names_compare_exactly)
{
	struct caa_request q = req_plain();
	q.method = "http-01";
	assert_value_match(LE "; validationmethods=HTTP-01", &q, CAA_MATCH_METHOD_OTHER);
	assert_value_match(LE "; validationmethods=http-0", &q, CAA_MATCH_METHOD_OTHER);
	assert_value_match(LE "; validationmethods=http-011", &q, CAA_MATCH_METHOD_OTHER);
	assert_value_match(LE "; validationmethods=http-01!", &q, CAA_MATCH_METHOD_SYNTAX);
}

Test(caa_policy, r_caa_12_account_and_method_both_checked)
{
	SET(s);
	add(&s, 0, "issue", LE "; accounturi=" ACCT "; validationmethods=dns-01");
	struct caa_request q = req_plain();
	q.account_uri = ACCT;
	q.method = "dns-01";
	assert_match(&s, 0, &q, CAA_MATCH_YES);
	q.method = "http-01";
	assert_match(&s, 0, &q, CAA_MATCH_METHOD_OTHER);
	q.method = "dns-01";
	q.account_uri = "https://acme-v02.api.letsencrypt.org/acme/acct/1";
	assert_match(&s, 0, &q, CAA_MATCH_ACCOUNT_OTHER);
}

/* the fixture's RFC 8657 record (fixture 05) */
Test(caa_policy, r_caa_12_fixture_rfc8657_record)
{
	SET(s);
	add(&s, 0, "issue",
	    LE "; accounturi=" ACCT "; validationmethods=http-01,dns-01");
	struct caa_request q = req_plain();
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-12", -1, CAA_TAG_ISSUE);
	q.account_uri = ACCT;
	q.method = "http-01";
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 0, CAA_TAG_ISSUE);
	q.method = "tls-alpn-01";
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-12", -1, CAA_TAG_ISSUE);
}

Test(caa_policy, r_caa_12_wildcard_issuewild_with_method)
{
	SET(s);
	add(&s, 0, "issue", LE);
	add(&s, 0, "issuewild", LE "; validationmethods=dns-01");
	struct caa_request q = req_wild();
	q.method = "http-01";
	assert_decision(&s, &q, false, CAA_FORBID_UNAUTHORIZED, "R-CAA-12", -1, CAA_TAG_ISSUEWILD);
	q.method = "dns-01";
	assert_decision(&s, &q, true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", 1, CAA_TAG_ISSUEWILD);
}

/* ===================================================================== */
/* texts                                                                 */
/* ===================================================================== */

Test(caa_policy, match_rules_and_texts)
{
	static const struct {
		enum caa_match m;
		const char *rule;
	} all[] = {
		{CAA_MATCH_YES, "R-CAA-11"},
		{CAA_MATCH_UNPARSABLE, "R-CAA-11"},
		{CAA_MATCH_EMPTY_ISSUER, "R-CAA-11"},
		{CAA_MATCH_OTHER_ISSUER, "R-CAA-11"},
		{CAA_MATCH_ACCOUNT_MISSING, "R-CAA-12"},
		{CAA_MATCH_ACCOUNT_OTHER, "R-CAA-12"},
		{CAA_MATCH_ACCOUNT_DUP, "R-CAA-12"},
		{CAA_MATCH_METHOD_MISSING, "R-CAA-12"},
		{CAA_MATCH_METHOD_OTHER, "R-CAA-12"},
		{CAA_MATCH_METHOD_DUP, "R-CAA-12"},
		{CAA_MATCH_METHOD_SYNTAX, "R-CAA-12"},
	};
	for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
		cr_assert_str_eq(caa_match_rule(all[i].m), all[i].rule, "%s", match_name(all[i].m));
		const char *t = caa_match_text(all[i].m);
		cr_assert_not_null(t);
		cr_assert_gt(strlen(t), 0);
		for (size_t k = 0; k < i; k++)
			cr_assert_str_neq(t, caa_match_text(all[k].m));
	}
}
