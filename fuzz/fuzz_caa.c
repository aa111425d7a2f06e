/* libFuzzer target: a CAA RRset and a request -> caa_rdata_parse,
 * caa_issue_parse, caa_record_matches, caa_decide.
 *
 * Input layout:
 *   octet 0      request: bit 0 wildcard; bit 1 an account URI is given;
 *                bits 2-3 the method (none, http-01, dns-01, tls-alpn-01);
 *                bit 4 the account URI is ACCOUNT_B instead of ACCOUNT_A
 *   then records, each a length and that many RDATA octets (the last one
 *   cut at the end of the input): a length octet 0..254, or 255 followed
 *   by a 16-bit big-endian length (for tags of 255 octets and long values).
 * At most MAX_RECORDS records are read. Each RDATA is handed over as an
 * exact-size heap copy, so ASan sees a read one octet past it.
 *
 * Properties (beyond "no crash, no leak, no UB"):
 *  - caa_rdata_parse returns exactly the code the RDATA's shape calls for
 *    and fills the record with the octets where they are;
 *  - the tag kind is the case-insensitive match of the whole tag;
 *  - caa_issue_parse agrees with an independent transliteration of
 *    boulder va/caa.go parseCAARecord (issuer, every parameter; the
 *    first CAA_MAX_PARAMS are also kept for display);
 *  - caa_record_matches says YES exactly when boulder's validateCAA loop
 *    would accept the record (caaDomainMatches, caaAccountURIMatches,
 *    caaValidationMethodMatches), with the two choices of R-CAA-12: no
 *    account URI never matches an accounturi record, no method never
 *    matches a validationmethods record;
 *  - caa_decide equals a reference decision (R-CAA-1, 9..12), field by
 *    field; and the invariants stated without the reference hold: a
 *    critical unknown record forbids; an authorized decision names an
 *    in-range record of the counted kind that matches; permitted iff the
 *    outcome is a PERMIT one; rule strings name the outcome's rule. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "caa/policy.h"
#include "caa/rdata.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_RECORDS 32
#define ACCOUNT_A "https://acme-v02.api.letsencrypt.org/acme/acct/123456789"
#define ACCOUNT_B "https://acme-staging-v02.api.letsencrypt.org/acme/acct/1"
#define CA_ID "letsencrypt.org"

#define CHECK(c)                                                                             \
	do {                                                                                 \
		if (!(c))                                                                    \
			abort();                                                             \
	} while (0)

/* ---- the reference: boulder va/caa.go, written again ----------------- */

static bool ref_alnum(uint8_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool ref_wsp(uint8_t c)
{
	return c == ' ' || c == '\t';
}

struct span {
	const uint8_t *p;
	size_t n;
};

static struct span ref_trim(struct span s)
{
	while (s.n && ref_wsp(s.p[0])) {
		s.p++;
		s.n--;
	}
	while (s.n && ref_wsp(s.p[s.n - 1]))
		s.n--;
	return s;
}

static bool span_is(struct span s, const char *t)
{
	return t && strlen(t) == s.n && (s.n == 0 || memcmp(s.p, t, s.n) == 0);
}

static bool span_eq(struct span a, const uint8_t *p, size_t n)
{
	return a.n == n && (n == 0 || memcmp(a.p, p, n) == 0);
}

/* boulder filterCAA: strings.ToLower(tag) against the known tags */
static enum caa_tag_kind ref_kind(const uint8_t *tag, size_t n)
{
	static const struct {
		const char *name;
		enum caa_tag_kind kind;
	} known[] = {
		{"issue", CAA_TAG_ISSUE},         {"issuewild", CAA_TAG_ISSUEWILD},
		{"iodef", CAA_TAG_IODEF},         {"issuemail", CAA_TAG_ISSUEMAIL},
		{"issuevmc", CAA_TAG_ISSUEVMC},
	};
	char low[16];
	if (n >= sizeof low)
		return CAA_TAG_UNKNOWN;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)((tag[i] >= 'A' && tag[i] <= 'Z') ? tag[i] + 32 : tag[i]);
	low[n] = '\0';
	if (strlen(low) != n) /* a NUL inside */
		return CAA_TAG_UNKNOWN;
	for (size_t k = 0; k < sizeof known / sizeof *known; k++)
		if (strcmp(low, known[k].name) == 0)
			return known[k].kind;
	return CAA_TAG_UNKNOWN;
}

#define REF_MAX_PARAMS 4096

struct ref_value {
	struct span issuer;
	struct span tag[REF_MAX_PARAMS], val[REF_MAX_PARAMS];
	size_t count; /* every parameter, stored or not */
};

/* boulder parseCAARecord: split at every ';', the first part trimmed is
 * the issuer; a lone blank part means no parameters; every part is
 * tag=value split at its first '='. */
static bool ref_parse(const uint8_t *v, size_t n, struct ref_value *out)
{
	size_t parts = 1;
	for (size_t i = 0; i < n; i++)
		parts += v[i] == ';';
	const uint8_t *p = v, *end = v + n;
	const uint8_t *semi = memchr(p, ';', n);
	out->issuer = ref_trim((struct span){p, (size_t)((semi ? semi : end) - p)});
	out->count = 0;
	if (!semi)
		return true;
	p = semi + 1;
	if (parts == 2 && ref_trim((struct span){p, (size_t)(end - p)}).n == 0)
		return true;
	for (size_t k = 1; k < parts; k++) {
		semi = memchr(p, ';', (size_t)(end - p));
		struct span part = {p, (size_t)((semi ? semi : end) - p)};
		p = semi ? semi + 1 : end;
		const uint8_t *eq = memchr(part.p, '=', part.n);
		if (!eq)
			return false;
		struct span tag = ref_trim((struct span){part.p, (size_t)(eq - part.p)});
		struct span val = ref_trim((struct span){eq + 1, part.n - (size_t)(eq - part.p) - 1});
		for (size_t i = 0; i < tag.n; i++)
			if (!ref_alnum(tag.p[i]))
				return false;
		/* Go iterates runes: any octet >= 0x80 is a rune > 0x7E or
		 * RuneError, refused either way */
		for (size_t i = 0; i < val.n; i++)
			if (val.p[i] < 0x21 || val.p[i] > 0x7E || val.p[i] == ';')
				return false;
		if (out->count < REF_MAX_PARAMS) {
			out->tag[out->count] = tag;
			out->val[out->count] = val;
		}
		out->count++;
	}
	return true;
}

static bool ref_method_item_ok(struct span s)
{
	if (s.n == 0)
		return false;
	for (size_t i = 0; i < s.n; i++)
		if (!ref_alnum(s.p[i]) && s.p[i] != '-')
			return false;
	return true;
}

static bool ref_challenge_valid(struct span s)
{
	return span_is(s, "http-01") || span_is(s, "dns-01") || span_is(s, "tls-alpn-01") ||
	       span_is(s, "dns-account-01") || span_is(s, "dns-persist-01");
}

static struct ref_value ref_v; /* large: static */

/* boulder validateCAA's loop body for one record */
static bool ref_matches(const struct caa_record *r, const struct caa_request *q)
{
	if (!ref_parse(r->value, r->value_len, &ref_v))
		return false;
	if (!span_is(ref_v.issuer, q->ca_id) || ref_v.issuer.n == 0)
		return false;
	int acct = -1, meth = -1;
	for (size_t i = 0; i < ref_v.count; i++) {
		if (span_is(ref_v.tag[i], "accounturi")) {
			if (acct >= 0)
				return false; /* unsatisfiable */
			acct = (int)i;
		}
	}
	if (acct >= 0 && (!q->account_uri || !span_is(ref_v.val[acct], q->account_uri)))
		return false; /* R-CAA-12: no account URI never matches */
	for (size_t i = 0; i < ref_v.count; i++) {
		if (span_is(ref_v.tag[i], "validationmethods")) {
			if (meth >= 0)
				return false;
			meth = (int)i;
		}
	}
	if (meth < 0)
		return true;
	if (!q->method)
		return false; /* R-CAA-12: no method never matches */
	struct span list = ref_v.val[meth];
	size_t start = 0;
	for (size_t i = 0; i <= list.n; i++) {
		if (i < list.n && list.p[i] != ',')
			continue;
		struct span item = {list.p + start, i - start};
		start = i + 1;
		if (!ref_method_item_ok(item))
			return false;
		if (!ref_challenge_valid(item))
			continue;
		if (span_is(item, q->method))
			return true;
	}
	return false;
}

/* The record parses and names this CA (only RFC 8657 parameters can then
 * keep it from matching). */
static bool ref_names_ca(const struct caa_record *r, const struct caa_request *q)
{
	return ref_parse(r->value, r->value_len, &ref_v) &&
	       ref_v.issuer.n > 0 && span_is(ref_v.issuer, q->ca_id);
}

static void ref_decide(const struct caa_record *recs, size_t n, const struct caa_request *q,
		       const bool *match, struct caa_decision *d)
{
	if (n == 0) {
		*d = (struct caa_decision){true, CAA_PERMIT_NO_RECORDS, "R-CAA-1", -1, CAA_TAG_ISSUE};
		return;
	}
	bool any_wild = false;
	for (size_t i = 0; i < n; i++) {
		enum caa_tag_kind k = ref_kind(recs[i].tag, recs[i].tag_len);
		if (k == CAA_TAG_UNKNOWN && (recs[i].flags & 0x81)) {
			*d = (struct caa_decision){false, CAA_FORBID_CRITICAL, "R-CAA-9", (long)i,
						   CAA_TAG_UNKNOWN};
			return;
		}
		any_wild |= k == CAA_TAG_ISSUEWILD;
	}
	enum caa_tag_kind counted = q->wildcard && any_wild ? CAA_TAG_ISSUEWILD : CAA_TAG_ISSUE;
	bool any = false, by_params = false;
	for (size_t i = 0; i < n; i++) {
		if (ref_kind(recs[i].tag, recs[i].tag_len) != counted)
			continue;
		any = true;
		if (match[i]) {
			*d = (struct caa_decision){true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", (long)i,
						   counted};
			return;
		}
		by_params |= ref_names_ca(&recs[i], q);
	}
	/* a refusal by the RFC 8657 parameters of a record naming this CA
	 * cites R-CAA-12; one where no record names it, R-CAA-11 */
	if (!any)
		*d = (struct caa_decision){true, CAA_PERMIT_NOT_RELEVANT, "R-CAA-10", -1, counted};
	else
		*d = (struct caa_decision){false, CAA_FORBID_UNAUTHORIZED,
					   by_params ? "R-CAA-12" : "R-CAA-11", -1, counted};
}

/* ---- the checks -------------------------------------------------------- */

static void check_rdata(const uint8_t *rd, size_t len, enum caa_err e, const struct caa_record *r)
{
	if (len < 2) {
		CHECK(e == CAA_E_SHORT);
		return;
	}
	if (rd[1] == 0) {
		CHECK(e == CAA_E_TAG_LEN0);
		return;
	}
	if ((size_t)rd[1] > len - 2) {
		CHECK(e == CAA_E_TAG_PAST);
		return;
	}
	size_t tl = rd[1];
	CHECK(r->flags == rd[0]);
	CHECK(r->tag == rd + 2 && r->tag_len == tl);
	CHECK(r->value == rd + 2 + tl && r->value_len == len - 2 - tl);
	CHECK(r->kind == ref_kind(r->tag, r->tag_len));
	bool alnum = true;
	for (size_t i = 0; i < tl; i++)
		alnum &= ref_alnum(rd[2 + i]);
	if (!alnum)
		CHECK(e == CAA_E_TAG_CHAR);
	else if (tl > 15)
		CHECK(e == CAA_E_TAG_TOO_LONG);
	else
		CHECK(e == CAA_OK);
	CHECK(strcmp(caa_tag_kind_name(r->kind), "") != 0);
}

static bool inside(const uint8_t *p, size_t n, const uint8_t *lo, size_t len)
{
	return p >= lo && n <= len && (size_t)(p - lo) <= len - n;
}

static struct caa_issue issue_v;

static void check_issue(const struct caa_record *r)
{
	enum caa_err e = caa_issue_parse(r->value, r->value_len, &issue_v);
	bool ok = ref_parse(r->value, r->value_len, &ref_v);
	CHECK(caa_strerror(e) != NULL);
	if (!ok) {
		CHECK(e == CAA_E_PARAM_NO_EQUALS || e == CAA_E_PARAM_TAG || e == CAA_E_PARAM_VALUE);
		return;
	}
	CHECK(e == CAA_OK);
	CHECK(inside(issue_v.issuer, issue_v.issuer_len, r->value, r->value_len));
	CHECK(span_eq(ref_v.issuer, issue_v.issuer, issue_v.issuer_len));
	CHECK(issue_v.param_count == ref_v.count);
	for (size_t i = 0; i < issue_v.param_count && i < CAA_MAX_PARAMS; i++) {
		const struct caa_param *p = &issue_v.params[i];
		CHECK(inside(p->tag, p->tag_len, r->value, r->value_len));
		CHECK(inside(p->value, p->value_len, r->value, r->value_len));
		CHECK(span_eq(ref_v.tag[i], p->tag, p->tag_len));
		CHECK(span_eq(ref_v.val[i], p->value, p->value_len));
	}
	size_t count = 99;
	const struct caa_param *a = caa_issue_param(&issue_v, "accounturi", &(struct caa_param){0}, &count);
	size_t want = 0;
	for (size_t i = 0; i < ref_v.count; i++)
		want += span_is(ref_v.tag[i], "accounturi");
	CHECK(count == want && (a != NULL) == (want > 0));
}

static void check_decision(const struct caa_record *recs, size_t n, const struct caa_request *q,
			   const bool *match)
{
	struct caa_decision d, want;
	memset(&d, 0xA5, sizeof d);
	caa_decide(recs, n, q, &d);
	ref_decide(recs, n, q, match, &want);

	CHECK(d.permitted == want.permitted);
	CHECK(d.outcome == want.outcome);
	CHECK(d.deciding == want.deciding);
	CHECK(d.counted == want.counted);
	CHECK(d.rule && strcmp(d.rule, want.rule) == 0);

	/* the same, stated without the reference */
	CHECK(d.deciding >= -1 && d.deciding < (long)n);
	CHECK(d.permitted == (d.outcome == CAA_PERMIT_NO_RECORDS ||
			      d.outcome == CAA_PERMIT_NOT_RELEVANT ||
			      d.outcome == CAA_PERMIT_AUTHORIZED));
	CHECK((n == 0) == (d.outcome == CAA_PERMIT_NO_RECORDS));
	for (size_t i = 0; i < n; i++)
		if (recs[i].kind == CAA_TAG_UNKNOWN && (recs[i].flags & 129))
			CHECK(!d.permitted && d.outcome == CAA_FORBID_CRITICAL);
	if (d.outcome == CAA_FORBID_CRITICAL) {
		CHECK(d.deciding >= 0 && recs[d.deciding].kind == CAA_TAG_UNKNOWN &&
		      caa_is_critical(&recs[d.deciding]));
		for (long i = 0; i < d.deciding; i++)
			CHECK(recs[i].kind != CAA_TAG_UNKNOWN || !caa_is_critical(&recs[i]));
	}
	if (d.outcome == CAA_PERMIT_AUTHORIZED) {
		CHECK(d.deciding >= 0);
		CHECK(recs[d.deciding].kind == d.counted);
		CHECK(caa_record_matches(&recs[d.deciding], q) == CAA_MATCH_YES);
		CHECK(strcmp(d.rule, "R-CAA-11") == 0);
	} else if (d.outcome != CAA_FORBID_CRITICAL) {
		CHECK(d.deciding == -1);
	}
	if (d.outcome == CAA_FORBID_UNAUTHORIZED) {
		bool r12 = false;
		for (size_t i = 0; i < n; i++) {
			if (recs[i].kind != d.counted)
				continue;
			enum caa_match m = caa_record_matches(&recs[i], q);
			CHECK(m != CAA_MATCH_YES);
			r12 |= strcmp(caa_match_rule(m), "R-CAA-12") == 0;
		}
		CHECK(strcmp(d.rule, r12 ? "R-CAA-12" : "R-CAA-11") == 0);
	}
	if (d.outcome != CAA_FORBID_CRITICAL)
		CHECK(d.counted == CAA_TAG_ISSUE || d.counted == CAA_TAG_ISSUEWILD);
	if (!q->wildcard)
		CHECK(d.counted != CAA_TAG_ISSUEWILD);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const methods[] = {NULL, "http-01", "dns-01", "tls-alpn-01"};
	if (size == 0)
		return 0;
	uint8_t bits = data[0];
	struct caa_request q = {
		.ca_id = CA_ID,
		.wildcard = bits & 1,
		.account_uri = (bits & 2) ? ((bits & 16) ? ACCOUNT_B : ACCOUNT_A) : NULL,
		.method = methods[(bits >> 2) & 3],
	};

	uint8_t *heap[MAX_RECORDS];
	size_t nheap = 0;
	struct caa_record recs[MAX_RECORDS];
	bool match[MAX_RECORDS];
	size_t n = 0;

	size_t off = 1;
	while (off < size && nheap < MAX_RECORDS) {
		size_t len = data[off++];
		if (len == 255) {
			len = 0;
			for (int k = 0; k < 2; k++)
				len = (len << 8) | (off < size ? data[off++] : 0);
		}
		if (len > size - off)
			len = size - off;
		uint8_t *rd = malloc(len ? len : 1);
		CHECK(rd);
		if (len)
			memcpy(rd, data + off, len);
		off += len;
		heap[nheap++] = rd;

		struct caa_record r;
		memset(&r, 0xA5, sizeof r);
		enum caa_err e = caa_rdata_parse(rd, len, &r);
		CHECK((unsigned)e < CAA_E__COUNT);
		check_rdata(rd, len, e, &r);
		if (e != CAA_OK && e != CAA_E_TAG_CHAR && e != CAA_E_TAG_TOO_LONG)
			continue;

		check_issue(&r);
		enum caa_match m = caa_record_matches(&r, &q);
		CHECK(caa_match_text(m) && caa_match_text(m)[0]);
		CHECK(caa_match_rule(m) && caa_match_rule(m)[0]);
		bool ref = ref_matches(&r, &q);
		CHECK((m == CAA_MATCH_YES) == ref);
		if (m == CAA_MATCH_YES && !q.account_uri)
			CHECK(caa_issue_param(&issue_v, "accounturi", &(struct caa_param){0}, &(size_t){0}) == NULL);
		recs[n] = r;
		match[n] = ref;
		n++;
	}

	check_decision(recs, n, &q, match);
	/* the same set, read as a wildcard request and as a plain one */
	q.wildcard = !q.wildcard;
	for (size_t i = 0; i < n; i++)
		match[i] = ref_matches(&recs[i], &q);
	check_decision(recs, n, &q, match);

	for (size_t i = 0; i < nheap; i++)
		free(heap[i]);
	return 0;
}
