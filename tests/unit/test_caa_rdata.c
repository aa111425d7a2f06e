/* CAA RDATA (RFC 8659 s4.1) and the issue/issuewild value grammar (RFC 8659
 * s4.2, RFC 8657, as boulder va/caa.go parseCAARecord reads it): every
 * error code of caa_rdata_parse with its exact octets (section 9 of the
 * parser bug catalogue), tag kinds (R-CAA-9), and caa_issue_parse on the
 * grammar's edge cases with the exact issuer and parameters (R-CAA-11).
 * Every input is an exact-size heap copy, so AddressSanitizer sees any
 * read one octet past it. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "caa/rdata.h"
#include "helpers.h"

/* ---- helpers ---------------------------------------------------------- */

static const char *caa_errname(enum caa_err e)
{
	static const char *const names[] = {
		"CAA_OK",          "CAA_E_SHORT",          "CAA_E_TAG_LEN0",
		"CAA_E_TAG_PAST",  "CAA_E_TAG_TOO_LONG",   "CAA_E_TAG_CHAR",
		"CAA_E_PARAM_NO_EQUALS", "CAA_E_PARAM_TAG", "CAA_E_PARAM_VALUE",
	};
	return (unsigned)e < CAA_E__COUNT ? names[e] : "?";
}

#define assert_caa_err(got, want)                                            \
	do {                                                                 \
		enum caa_err got_ = (got), want_ = (want);                   \
		cr_assert_eq(got_, want_, "%s:%d: got %s, want %s", __FILE__, \
			     __LINE__, caa_errname(got_), caa_errname(want_)); \
	} while (0)

/* An exact-size heap copy (freed at the end of the test by the caller). */
struct heap {
	uint8_t *p;
	size_t n;
};

static void heap_free(struct heap *h)
{
	free(h->p);
	h->p = NULL;
}

#define HEAP(name) struct heap name __attribute__((cleanup(heap_free))) = {NULL, 0}

static const uint8_t *heap_set(struct heap *h, const void *src, size_t n)
{
	free(h->p);
	h->p = malloc(n ? n : 1);
	cr_assert_not_null(h->p);
	if (n)
		memcpy(h->p, src, n);
	h->n = n;
	return h->p;
}

/* RDATA flags, tag, value (value given with its length: it may hold NUL). */
static const uint8_t *rdata(struct heap *h, uint8_t flags, const char *tag, const void *value,
			    size_t value_len)
{
	size_t tl = strlen(tag);
	uint8_t buf[2 + 255 + 1024];
	cr_assert_leq(tl, 255);
	cr_assert_leq(value_len, 1024);
	buf[0] = flags;
	buf[1] = (uint8_t)tl;
	memcpy(buf + 2, tag, tl);
	if (value_len)
		memcpy(buf + 2 + tl, value, value_len);
	return heap_set(h, buf, 2 + tl + value_len);
}

/* caa_issue_parse on an exact-size heap copy of a C string. */
static enum caa_err issue(struct heap *h, const char *s, struct caa_issue *v)
{
	size_t n = strlen(s);
	const uint8_t *p = heap_set(h, s, n);
	memset(v, 0xA5, sizeof *v);
	return caa_issue_parse(p, n, v);
}

#define assert_str(ptr, len, want)                                           \
	do {                                                                 \
		const char *w__ = (want);                                    \
		assert_bytes((ptr), (len), w__, strlen(w__));                \
	} while (0)

#define assert_param(v, i, want_tag, want_value)                             \
	do {                                                                 \
		assert_str((v)->params[i].tag, (v)->params[i].tag_len, want_tag); \
		assert_str((v)->params[i].value, (v)->params[i].value_len, want_value); \
	} while (0)

/* ===================================================================== */
/* caa_rdata_parse: every code, exact octets                             */
/* ===================================================================== */

Test(caa_rdata, empty_rdata_is_short)
{
	HEAP(h);
	struct caa_record r;
	assert_caa_err(caa_rdata_parse(heap_set(&h, "", 0), 0, &r), CAA_E_SHORT);
}

Test(caa_rdata, one_octet_is_short)
{
	HEAP(h);
	struct caa_record r;
	assert_caa_err(caa_rdata_parse(heap_set(&h, BYTES(0x80), 1), 1, &r), CAA_E_SHORT);
}

Test(caa_rdata, tag_length_zero)
{
	HEAP(h);
	struct caa_record r;
	assert_caa_err(caa_rdata_parse(heap_set(&h, BYTES(0x00, 0x00), 2), 2, &r), CAA_E_TAG_LEN0);
	/* value octets behind a zero tag length do not make it a record */
	const uint8_t *p = heap_set(&h, BYTES(0x00, 0x00, 'x', 'y'), 4);
	assert_caa_err(caa_rdata_parse(p, 4, &r), CAA_E_TAG_LEN0);
}

Test(caa_rdata, tag_length_past_rdata)
{
	HEAP(h);
	struct caa_record r;
	/* header only, tag length 1 */
	assert_caa_err(caa_rdata_parse(heap_set(&h, BYTES(0x00, 0x01), 2), 2, &r), CAA_E_TAG_PAST);
	/* "issu" where the tag length says 5 */
	const uint8_t *p = heap_set(&h, BYTES(0x00, 0x05, 'i', 's', 's', 'u'), 6);
	assert_caa_err(caa_rdata_parse(p, 6, &r), CAA_E_TAG_PAST);
	/* tag length 255 with 254 octets behind it */
	uint8_t big[256] = {0, 255};
	memset(big + 2, 'a', 254);
	assert_caa_err(caa_rdata_parse(heap_set(&h, big, 256), 256, &r), CAA_E_TAG_PAST);
}

Test(caa_rdata, issue_with_value_fills_every_field)
{
	HEAP(h);
	struct caa_record r;
	const uint8_t *p = rdata(&h, 0, "issue", "letsencrypt.org", 15);
	assert_caa_err(caa_rdata_parse(p, h.n, &r), CAA_OK);
	cr_assert_eq(r.flags, 0);
	cr_assert_eq(r.tag, p + 2);
	cr_assert_eq(r.tag_len, 5);
	cr_assert_eq(r.value, p + 7);
	cr_assert_eq(r.value_len, 15);
	cr_assert_eq(r.kind, CAA_TAG_ISSUE);
	assert_str(r.value, r.value_len, "letsencrypt.org");
}

Test(caa_rdata, exact_tag_and_empty_value_is_ok)
{
	HEAP(h);
	struct caa_record r;
	const uint8_t *p = heap_set(&h, BYTES(0x00, 0x05, 'i', 's', 's', 'u', 'e'), 7);
	assert_caa_err(caa_rdata_parse(p, 7, &r), CAA_OK);
	cr_assert_eq(r.value, p + 7); /* one past the end, never read */
	cr_assert_eq(r.value_len, 0);
	cr_assert_eq(r.kind, CAA_TAG_ISSUE);
}

Test(caa_rdata, flags_are_copied_as_is)
{
	HEAP(h);
	struct caa_record r;
	static const uint8_t flags[] = {1, 2, 64, 127, 128, 129, 255};
	for (size_t i = 0; i < sizeof flags; i++) {
		const uint8_t *p = rdata(&h, flags[i], "tbs", "x", 1);
		assert_caa_err(caa_rdata_parse(p, h.n, &r), CAA_OK);
		cr_assert_eq(r.flags, flags[i]);
		cr_assert_eq(r.kind, CAA_TAG_UNKNOWN);
	}
}

/* catalogue s9: "iss-ue" is usable, an unknown property, never issue */
Test(caa_rdata, r_caa_9_tag_with_hyphen_is_usable_unknown)
{
	HEAP(h);
	struct caa_record r;
	const uint8_t *p = rdata(&h, 128, "iss-ue", "letsencrypt.org", 15);
	assert_caa_err(caa_rdata_parse(p, h.n, &r), CAA_E_TAG_CHAR);
	cr_assert_eq(r.flags, 128);
	cr_assert_eq(r.tag, p + 2);
	cr_assert_eq(r.tag_len, 6);
	cr_assert_eq(r.value_len, 15);
	cr_assert_eq(r.kind, CAA_TAG_UNKNOWN);
}

/* catalogue s9: "issue\0" must not compare equal to "issue" as a C string */
Test(caa_rdata, r_caa_9_tag_issue_nul_is_unknown)
{
	HEAP(h);
	struct caa_record r;
	const uint8_t *p = heap_set(&h, BYTES(0x00, 0x06, 'i', 's', 's', 'u', 'e', 0x00, 'l', 'e'), 10);
	assert_caa_err(caa_rdata_parse(p, 10, &r), CAA_E_TAG_CHAR);
	cr_assert_eq(r.tag_len, 6);
	cr_assert_eq(r.value_len, 2);
	cr_assert_eq(r.kind, CAA_TAG_UNKNOWN);
}

Test(caa_rdata, tag_with_non_ascii_octet)
{
	HEAP(h);
	struct caa_record r;
	const uint8_t *p = heap_set(&h, BYTES(0x00, 0x02, 0xC3, 0xA9), 4);
	assert_caa_err(caa_rdata_parse(p, 4, &r), CAA_E_TAG_CHAR);
	cr_assert_eq(r.kind, CAA_TAG_UNKNOWN);
	cr_assert_eq(r.value_len, 0);
}

Test(caa_rdata, fifteen_octet_tag_is_ok)
{
	HEAP(h);
	struct caa_record r;
	const uint8_t *p = rdata(&h, 0, "abcdefghijklmno", "v", 1);
	assert_caa_err(caa_rdata_parse(p, h.n, &r), CAA_OK);
	cr_assert_eq(r.tag_len, 15);
	cr_assert_eq(r.value_len, 1);
	cr_assert_eq(r.kind, CAA_TAG_UNKNOWN);
}

/* R-CAA-9: a 16-octet tag is usable (an unknown property) */
Test(caa_rdata, r_caa_9_sixteen_octet_tag_is_too_long_but_usable)
{
	HEAP(h);
	struct caa_record r;
	const uint8_t *p = rdata(&h, 0, "issuewildissuewi", "letsencrypt.org", 15);
	assert_caa_err(caa_rdata_parse(p, h.n, &r), CAA_E_TAG_TOO_LONG);
	cr_assert_eq(r.tag_len, 16);
	cr_assert_eq(r.value, p + 18);
	cr_assert_eq(r.value_len, 15);
	cr_assert_eq(r.kind, CAA_TAG_UNKNOWN);
}

/* catalogue s9: the 255-octet tag with an empty value (fixture 62) */
Test(caa_rdata, r_caa_9_tag_of_255_octets_and_empty_value)
{
	HEAP(h);
	struct caa_record r;
	uint8_t buf[257] = {0x80, 0xFF};
	memset(buf + 2, 'a', 255);
	const uint8_t *p = heap_set(&h, buf, sizeof buf);
	assert_caa_err(caa_rdata_parse(p, sizeof buf, &r), CAA_E_TAG_TOO_LONG);
	cr_assert_eq(r.flags, 0x80);
	cr_assert_eq(r.tag_len, 255);
	cr_assert_eq(r.value, p + 257);
	cr_assert_eq(r.value_len, 0);
	cr_assert_eq(r.kind, CAA_TAG_UNKNOWN);
}

/* a tag both too long and with a bad octet: the octet is reported */
Test(caa_rdata, long_tag_with_bad_octet_reports_the_octet)
{
	HEAP(h);
	struct caa_record r;
	const uint8_t *p = rdata(&h, 0, "aaaaaaaaaaaaaaa-", "", 0);
	assert_caa_err(caa_rdata_parse(p, h.n, &r), CAA_E_TAG_CHAR);
	cr_assert_eq(r.tag_len, 16);
}

/* fixture 04: '"' '\' UTF-8, tab, NUL and 0xFF in the value are kept */
Test(caa_rdata, value_octets_are_kept_verbatim)
{
	HEAP(h);
	struct caa_record r;
	static const uint8_t v[] = {'"', '\\', 0xC3, 0xA9, '\t', 0x00, 0xFF, ';'};
	const uint8_t *p = rdata(&h, 0, "issue", v, sizeof v);
	assert_caa_err(caa_rdata_parse(p, h.n, &r), CAA_OK);
	assert_bytes(r.value, r.value_len, v, sizeof v);
}

/* ===================================================================== */
/* tag kinds (R-CAA-9)                                                   */
/* ===================================================================== */

static enum caa_tag_kind kind_of(const char *tag)
{
	HEAP(h);
	const uint8_t *p = heap_set(&h, tag, strlen(tag));
	return caa_tag_kind(p, strlen(tag));
}

Test(caa_rdata, r_caa_9_known_tags)
{
	cr_assert_eq(kind_of("issue"), CAA_TAG_ISSUE);
	cr_assert_eq(kind_of("issuewild"), CAA_TAG_ISSUEWILD);
	cr_assert_eq(kind_of("iodef"), CAA_TAG_IODEF);
	cr_assert_eq(kind_of("issuemail"), CAA_TAG_ISSUEMAIL);
	cr_assert_eq(kind_of("issuevmc"), CAA_TAG_ISSUEVMC);
}

Test(caa_rdata, r_caa_9_tags_compare_case_insensitively)
{
	cr_assert_eq(kind_of("ISSUE"), CAA_TAG_ISSUE);
	cr_assert_eq(kind_of("IsSuE"), CAA_TAG_ISSUE);
	cr_assert_eq(kind_of("IssueWild"), CAA_TAG_ISSUEWILD);
	cr_assert_eq(kind_of("IODEF"), CAA_TAG_IODEF);
	cr_assert_eq(kind_of("IssueMail"), CAA_TAG_ISSUEMAIL);
	cr_assert_eq(kind_of("ISSUEVMC"), CAA_TAG_ISSUEVMC);
}

Test(caa_rdata, r_caa_9_near_misses_are_unknown)
{
	static const char *const tags[] = {
		"issu", "issuee", "issuewil", "issuewildx", "iss-ue", "tbs", "policy",
		"contactemail", "contactphone", "issue ", " issue", "issuevm",
		"issuemai", "iodefs",
	};
	for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
		cr_assert_eq(kind_of(tags[i]), CAA_TAG_UNKNOWN, "%s", tags[i]);
	/* only A-Z fold: control and non-ASCII octets never equal a letter */
	cr_assert_eq(kind_of("i\x13sue"), CAA_TAG_UNKNOWN);
	cr_assert_eq(kind_of("ISSU\x05"), CAA_TAG_UNKNOWN);
	cr_assert_eq(kind_of("issu\xc5"), CAA_TAG_UNKNOWN);
	cr_assert_eq(kind_of("issu\x85"), CAA_TAG_UNKNOWN);
}

Test(caa_rdata, tag_kind_names)
{
	cr_assert_str_eq(caa_tag_kind_name(CAA_TAG_ISSUE), "issue");
	cr_assert_str_eq(caa_tag_kind_name(CAA_TAG_ISSUEWILD), "issuewild");
	cr_assert_str_eq(caa_tag_kind_name(CAA_TAG_IODEF), "iodef");
	cr_assert_str_eq(caa_tag_kind_name(CAA_TAG_ISSUEMAIL), "issuemail");
	cr_assert_str_eq(caa_tag_kind_name(CAA_TAG_ISSUEVMC), "issuevmc");
	cr_assert_str_eq(caa_tag_kind_name(CAA_TAG_UNKNOWN), "unknown");
}

Test(caa_rdata, strerror_names_every_code)
{
	for (int e = 0; e < CAA_E__COUNT; e++) {
		const char *s = caa_strerror((enum caa_err)e);
		cr_assert_not_null(s);
		cr_assert_gt(strlen(s), 0, "code %d", e);
		cr_assert_str_neq(s, "unknown CAA error", "code %d", e);
		for (int k = 0; k < e; k++)
			cr_assert_str_neq(s, caa_strerror((enum caa_err)k), "codes %d and %d", k, e);
	}
	cr_assert_str_eq(caa_strerror(CAA_E__COUNT), "unknown CAA error");
	cr_assert_str_eq(caa_strerror((enum caa_err)-1), "unknown CAA error");
}

/* ===================================================================== */
/* caa_issue_parse: the grammar (R-CAA-11)                               */
/* ===================================================================== */

Test(caa_issue, r_caa_11_issuer_only)
{
	HEAP(h);
	struct caa_issue v;
	assert_caa_err(issue(&h, "letsencrypt.org", &v), CAA_OK);
	cr_assert_eq(v.issuer, h.p);
	assert_str(v.issuer, v.issuer_len, "letsencrypt.org");
	cr_assert_eq(v.param_count, 0);
}

Test(caa_issue, r_caa_11_spaces_and_tabs_around_issuer_are_dropped)
{
	HEAP(h);
	struct caa_issue v;
	assert_caa_err(issue(&h, " \t letsencrypt.org\t \t", &v), CAA_OK);
	cr_assert_eq(v.issuer, h.p + 3);
	assert_str(v.issuer, v.issuer_len, "letsencrypt.org");
	cr_assert_eq(v.param_count, 0);
}

/* only space and tab are whitespace (boulder isWSP) */
Test(caa_issue, r_caa_11_other_whitespace_is_kept)
{
	HEAP(h);
	struct caa_issue v;
	assert_caa_err(issue(&h, "\nletsencrypt.org\r", &v), CAA_OK);
	assert_str(v.issuer, v.issuer_len, "\nletsencrypt.org\r");
}

Test(caa_issue, r_caa_11_issuer_is_not_checked_further)
{
	HEAP(h);
	struct caa_issue v;
	assert_caa_err(issue(&h, "letsencrypt.org.", &v), CAA_OK);
	assert_str(v.issuer, v.issuer_len, "letsencrypt.org.");
	assert_caa_err(issue(&h, "LetsEncrypt.org", &v), CAA_OK);
	assert_str(v.issuer, v.issuer_len, "LetsEncrypt.org");
	assert_caa_err(issue(&h, "lets encrypt", &v), CAA_OK);
	assert_str(v.issuer, v.issuer_len, "lets encrypt");
}

Test(caa_issue, r_caa_11_empty_value_has_empty_issuer)
{
	HEAP(h);
	struct caa_issue v;
	assert_caa_err(issue(&h, "", &v), CAA_OK);
	cr_assert_eq(v.issuer_len, 0);
	cr_assert_eq(v.param_count, 0);
	assert_caa_err(issue(&h, " \t ", &v), CAA_OK);
	cr_assert_eq(v.issuer_len, 0);
	cr_assert_eq(v.param_count, 0);
}

Test(caa_issue, r_caa_11_lone_semicolon_is_empty_issuer)
{
	HEAP(h);
	struct caa_issue v;
	assert_caa_err(issue(&h, ";", &v), CAA_OK);
	cr_assert_eq(v.issuer_len, 0);
	cr_assert_eq(v.param_count, 0);
	assert_caa_err(issue(&h, " ; ", &v), CAA_OK);
	cr_assert_eq(v.issuer_len, 0);
	cr_assert_eq(v.param_count, 0);
}

Test(caa_issue, r_caa_11_semicolon_without_parameters)
{
	HEAP(h);
	struct caa_issue v;
	assert_caa_err(issue(&h, "letsencrypt.org;", &v), CAA_OK);
	assert_str(v.issuer, v.issuer_len, "letsencrypt.org");
	cr_assert_eq(v.param_count, 0);
	assert_caa_err(issue(&h, "letsencrypt.org; ", &v), CAA_OK);
	assert_str(v.issuer, v.issuer_len, "letsencrypt.org");
	cr_assert_eq(v.param_count, 0);
	assert_caa_err(issue(&h, "letsencrypt.org ;\t \t", &v), CAA_OK);
	assert_str(v.issuer, v.issuer_len, "letsencrypt.org");
	cr_assert_eq(v.param_count, 0);
}

/* two empty parts: ";;" is not "no parameters" */
Test(caa_issue, r_caa_11_double_semicolon_is_unparsable)
{
	HEAP(h);
	struct caa_issue v;
	assert_caa_err(issue(&h, "letsencrypt.org;;", &v), CAA_E_PARAM_NO_EQUALS);
	assert_caa_err(issue(&h, "letsencrypt.org; ;", &v), CAA_E_PARAM_NO_EQUALS);
	assert_caa_err(issue(&h, ";;", &v), CAA_E_PARAM_NO_EQUALS);
}

Test(caa_issue, r_caa_11_parameter_without_equals)
{
	HEAP(h);
	struct caa_issue v;
	assert_caa_err(issue(&h, "letsencrypt.org; foo", &v), CAA_E_PARAM_NO_EQUALS);
	assert_caa_err(issue(&h, "letsencrypt.org;foo", &v), CAA_E_PARAM_NO_EQUALS);
}

/* a parameter after a good one, and an empty part after a parameter */
Test(caa_issue, r_caa_11_trailing_semicolon_after_parameter)
{
	HEAP(h);
	struct caa_issue v;
	assert_caa_err(issue(&h, "letsencrypt.org; a=b;", &v), CAA_E_PARAM_NO_EQUALS);
	assert_caa_err(issue(&h, "letsencrypt.org; a=b; c", &v), CAA_E_PARAM_NO_EQUALS);
}

Test(caa_issue, r_caa_11_parameter_tag_with_hyphen)
{
	HEAP(h);
	struct caa_issue v;
	assert_caa_err(issue(&h, "letsencrypt.org; a-b=c", &v), CAA_E_PARAM_TAG);
	assert_caa_err(issue(&h, "letsencrypt.org; a b=c", &v), CAA_E_PARAM_TAG);
	assert_caa_err(issue(&h, "letsencrypt.org; \xc3\xa9=c", &v), CAA_E_PARAM_TAG);
}

Test(caa_issue, r_caa_11_parameter_value_with_space)
{
	HEAP(h);
	struct caa_issue v;
	assert_caa_err(issue(&h, "letsencrypt.org; a=b c", &v), CAA_E_PARAM_VALUE);
	assert_caa_err(issue(&h, "letsencrypt.org; a=b\tc", &v), CAA_E_PARAM_VALUE);
	assert_caa_err(issue(&h, "letsencrypt.org; a=\x7f", &v), CAA_E_PARAM_VALUE);
	assert_caa_err(issue(&h, "letsencrypt.org; a=caf\xc3\xa9", &v), CAA_E_PARAM_VALUE);
	/* the tag is checked before the value */
	assert_caa_err(issue(&h, "letsencrypt.org; a-b=c d", &v), CAA_E_PARAM_TAG);
}

Test(caa_issue, r_caa_11_nul_in_parameter_value)
{
	HEAP(h);
	struct caa_issue v;
	static const char s[] = "letsencrypt.org; a=b\0c";
	const uint8_t *p = heap_set(&h, s, sizeof s - 1);
	assert_caa_err(caa_issue_parse(p, sizeof s - 1, &v), CAA_E_PARAM_VALUE);
}

/* boulder splits each parameter at its first '=' */
Test(caa_issue, r_caa_11_equals_inside_value_is_allowed)
{
	HEAP(h);
	struct caa_issue v;
	assert_caa_err(issue(&h, "letsencrypt.org; a=b=c", &v), CAA_OK);
	assert_str(v.issuer, v.issuer_len, "letsencrypt.org");
	cr_assert_eq(v.param_count, 1);
	assert_param(&v, 0, "a", "b=c");
}

Test(caa_issue, r_caa_11_parameters_with_whitespace_trimmed)
{
	HEAP(h);
	struct caa_issue v;
	assert_caa_err(issue(&h, "  ca.example ;\taccounturi = https://a.example/1 ; "
				 "validationmethods=http-01,dns-01\t",
			     &v),
		       CAA_OK);
	assert_str(v.issuer, v.issuer_len, "ca.example");
	cr_assert_eq(v.param_count, 2);
	assert_param(&v, 0, "accounturi", "https://a.example/1");
	assert_param(&v, 1, "validationmethods", "http-01,dns-01");
}

/* the fixture's RFC 8657 value (fixture 05) */
Test(caa_issue, r_caa_12_fixture_rfc8657_value)
{
	HEAP(h);
	struct caa_issue v;
	assert_caa_err(issue(&h, "letsencrypt.org; accounturi=https://acme-v02.api.letsencrypt.org/"
				 "acme/acct/123456789; validationmethods=http-01,dns-01",
			     &v),
		       CAA_OK);
	cr_assert_eq(v.param_count, 2);
	assert_param(&v, 0, "accounturi", "https://acme-v02.api.letsencrypt.org/acme/acct/123456789");
	assert_param(&v, 1, "validationmethods", "http-01,dns-01");
}

/* the fixture's escaped value (fixture 04): a space in a parameter value */
Test(caa_issue, r_caa_11_fixture_escaped_value_is_unparsable)
{
	HEAP(h);
	struct caa_issue v;
	static const char s[] = "ca.test; note=\"q\" back\\slash caf\xc3\xa9\t\0\xff"
				"end";
	const uint8_t *p = heap_set(&h, s, sizeof s - 1);
	assert_caa_err(caa_issue_parse(p, sizeof s - 1, &v), CAA_E_PARAM_VALUE);
}

/* boulder accepts an empty tag ("=b") and an empty value ("a=") */
Test(caa_issue, r_caa_11_empty_parameter_tag_and_value)
{
	HEAP(h);
	struct caa_issue v;
	assert_caa_err(issue(&h, "ca.example; =b; a=", &v), CAA_OK);
	cr_assert_eq(v.param_count, 2);
	assert_param(&v, 0, "", "b");
	assert_param(&v, 1, "a", "");
	assert_caa_err(issue(&h, "ca.example;=", &v), CAA_OK);
	cr_assert_eq(v.param_count, 1);
	assert_param(&v, 0, "", "");
}

/* parameters after an empty issuer still have to parse */
Test(caa_issue, r_caa_11_empty_issuer_with_parameters)
{
	HEAP(h);
	struct caa_issue v;
	assert_caa_err(issue(&h, "; a=b", &v), CAA_OK);
	cr_assert_eq(v.issuer_len, 0);
	cr_assert_eq(v.param_count, 1);
	assert_param(&v, 0, "a", "b");
	assert_caa_err(issue(&h, "; a b", &v), CAA_E_PARAM_NO_EQUALS);
}

Test(caa_issue, sixteen_parameters_are_read)
{
	HEAP(h);
	struct caa_issue v;
	char s[512] = "ca.example";
	for (int i = 0; i < CAA_MAX_PARAMS; i++)
		snprintf(s + strlen(s), sizeof s - strlen(s), "; p%d=v%d", i, i);
	assert_caa_err(issue(&h, s, &v), CAA_OK);
	cr_assert_eq(v.param_count, CAA_MAX_PARAMS);
	assert_param(&v, 0, "p0", "v0");
	assert_param(&v, 15, "p15", "v15");
}

/* Boulder has no limit on parameters: the 17th and later are read and
 * checked too, and an accounturi among them still counts (R-CAA-12) */
Test(caa_issue, r_caa_12_parameters_past_sixteen_count)
{
	HEAP(h);
	struct caa_issue v;
	char s[512] = "ca.example";
	for (int i = 0; i <= CAA_MAX_PARAMS; i++)
		snprintf(s + strlen(s), sizeof s - strlen(s), "; p%d=v%d", i, i);
	snprintf(s + strlen(s), sizeof s - strlen(s), "; accounturi=acct");
	assert_caa_err(issue(&h, s, &v), CAA_OK);
	cr_assert_eq(v.param_count, CAA_MAX_PARAMS + 2);
	size_t count;
	struct caa_param found;
	const struct caa_param *p = caa_issue_param(&v, "accounturi", &found, &count);
	cr_assert_eq(count, 1);
	cr_assert_not_null(p);
	cr_assert_eq(p->value_len, 4);
	cr_assert(memcmp(p->value, "acct", 4) == 0);
	/* a syntax error past the 16th is still an error */
	assert_caa_err(issue(&h, "ca; a=1; b=1; c=1; d=1; e=1; f=1; g=1; h=1; i=1; j=1; k=1; l=1; "
				 "m=1; n=1; o=1; p=1; q=1; r",
			     &v),
		       CAA_E_PARAM_NO_EQUALS);
}

Test(caa_issue, r_caa_12_param_lookup_counts_duplicates)
{
	HEAP(h);
	struct caa_issue v;
	size_t count = 99;
	assert_caa_err(issue(&h, "ca; accounturi=one; x=1; accounturi=two", &v), CAA_OK);
	struct caa_param found;
	const struct caa_param *p = caa_issue_param(&v, "accounturi", &found, &count);
	cr_assert_eq(count, 2);
	cr_assert_eq(p, &found);
	assert_str(p->value, p->value_len, "one");
	p = caa_issue_param(&v, "x", &found, &count);
	cr_assert_eq(count, 1);
	assert_str(p->value, p->value_len, "1");
	p = caa_issue_param(&v, "validationmethods", &found, &count);
	cr_assert_null(p);
	cr_assert_eq(count, 0);
}

/* parameter tags compare exactly, as boulder does (c.tag == "accounturi") */
Test(caa_issue, r_caa_12_param_lookup_is_case_sensitive)
{
	HEAP(h);
	struct caa_issue v;
	size_t count = 99;
	assert_caa_err(issue(&h, "ca; AccountURI=x; accounturix=y; account=z", &v), CAA_OK);
	cr_assert_null(caa_issue_param(&v, "accounturi", &(struct caa_param){0}, &count));
	cr_assert_eq(count, 0);
}

Test(caa_issue, param_count_is_reset_on_each_parse)
{
	HEAP(h);
	struct caa_issue v;
	assert_caa_err(issue(&h, "ca; a=1; b=2", &v), CAA_OK);
	cr_assert_eq(v.param_count, 2);
	const uint8_t *p = heap_set(&h, "ca", 2);
	assert_caa_err(caa_issue_parse(p, 2, &v), CAA_OK);
	cr_assert_eq(v.param_count, 0);
}
