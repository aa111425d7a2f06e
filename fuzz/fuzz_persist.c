/* libFuzzer target: dns-persist-01 records -> persist_parse, persist_check,
 * persist_decide (src/acme/persist.c).
 *
 * Input layout:
 *   octet 0   the request: bit 0 wildcard; bit 1 the account is ACCOUNT_B
 *             instead of ACCOUNT_A; bits 2-3 the time (0, 1721952000,
 *             INT64_MAX, INT64_MIN seconds); bit 4 a nanosecond past it;
 *             bit 5: also decide on a failed lookup whose class is bits 6-7
 *             (NXDOMAIN, SERVFAIL, TIMEOUT, MALFORMED)
 *   then      records separated by octet 0x00 (a record never holds one
 *             here; at most MAX_RECORDS), each handed over as an exact-size
 *             heap copy so that ASan sees a read one octet past it
 *
 * Properties (beyond "no crash, no leak, no UB"):
 *  - persist_parse agrees with an independent transliteration of boulder
 *    parseDNSPersistRecord (split everything first, as strings.Split
 *    does): the same error code, issuer, accounturi, policy and
 *    persistUntil; the error text is NUL-terminated and "" exactly when OK;
 *  - persist_check's verdict equals checkDNSPersistRecord's written again;
 *  - persist_decide: VALID exactly when some record is the CA's, parses,
 *    and checks; then `matched` is the first such; otherwise the problem
 *    type follows R-PERSIST-5's order (malformed, unauthorized, none);
 *    the same verdict without views; a failed lookup is a dns problem
 *    (invalid for NXDOMAIN, a DNS error otherwise)
 *    whose detail starts "Retrieving TXT records for DNS-PERSIST-01
 *    challenge: DNS problem: ". */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acme/le_text.h"
#include "acme/persist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_RECORDS 16
#define MAX_PARTS   8192 /* the longest input: every octet a ';' */
#define ACCOUNT_A   "https://acme-v02.api.letsencrypt.org/acme/acct/1"
#define ACCOUNT_B   "https://acme-staging-v02.api.letsencrypt.org/acme/acct/2"

#define CHECK(c)                                                                                   \
	do {                                                                                       \
		if (!(c))                                                                          \
			abort();                                                                   \
	} while (0)

/* ---- the reference: boulder va/dns_persist.go, written again ---------- */

struct span {
	const uint8_t *p;
	size_t n;
};

static struct span ref_trim(struct span s)
{
	while (s.n && (s.p[0] == ' ' || s.p[0] == '\t')) {
		s.p++;
		s.n--;
	}
	while (s.n && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t'))
		s.n--;
	return s;
}

static bool ref_ieq(struct span s, const char *w)
{
	if (s.n != strlen(w))
		return false;
	for (size_t i = 0; i < s.n; i++) {
		uint8_t c = s.p[i] >= 'A' && s.p[i] <= 'Z' ? (uint8_t)(s.p[i] + 32) : s.p[i];
		if (c != (uint8_t)w[i])
			return false;
	}
	return true;
}

struct ref_record {
	enum persist_err err;
	bool issuer_ok;
	char issuer[PERSIST_ISSUER_MAX + 2];
	struct span account, policy;
	bool has_policy, has_until;
	int64_t until;
};

/* NormalizeIssuerDomainName on ASCII, as persist.h describes it */
static enum persist_err ref_issuer(struct span s, struct ref_record *r)
{
	char buf[PERSIST_ERROR_MAX];
	for (size_t i = 0; i < s.n; i++)
		if (s.p[i] & 0x80)
			return PERSIST_E_ISSUER_UNICODE;
	if (s.n > PERSIST_ISSUER_MAX + 1)
		return PERSIST_E_ISSUER;
	for (size_t i = 0; i < s.n; i++) {
		char c = (char)s.p[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789-.", c) || c == '\0')
			return PERSIST_E_ISSUER;
		buf[i] = c;
	}
	buf[s.n] = '\0';
	/* the hyphen rules, label by label (an "xn--" label is not decoded) */
	for (size_t pos = 0; pos <= s.n;) {
		const char *dot = memchr(buf + pos, '.', s.n - pos);
		size_t end = dot ? (size_t)(dot - buf) : s.n;
		const char *lab = buf + pos;
		size_t ln = end - pos;
		bool ace =
		    ln >= 4 && lab[0] == 'x' && lab[1] == 'n' && lab[2] == '-' && lab[3] == '-';
		if (ln && !ace &&
		    (lab[0] == '-' || lab[ln - 1] == '-' ||
		     (ln >= 4 && lab[2] == '-' && lab[3] == '-')))
			return PERSIST_E_ISSUER;
		pos = end + 1;
	}
	size_t n = s.n;
	if (n && buf[n - 1] == '.')
		buf[--n] = '\0';
	if (n > PERSIST_ISSUER_MAX)
		return PERSIST_E_ISSUER;
	memcpy(r->issuer, buf, n + 1);
	r->issuer_ok = true;
	return PERSIST_OK;
}

static bool ref_int64(struct span v, int64_t *out)
{
	/* strconv.ParseInt(v, 10, 64) through long double-free checks: the
	 * digits are compared with the decimal text of the limits */
	size_t i = 0;
	bool neg = false;
	if (v.n && (v.p[0] == '+' || v.p[0] == '-')) {
		neg = v.p[0] == '-';
		i = 1;
	}
	if (i == v.n)
		return false;
	for (size_t k = i; k < v.n; k++)
		if (v.p[k] < '0' || v.p[k] > '9')
			return false;
	while (i + 1 < v.n && v.p[i] == '0')
		i++;
	const char *limit = neg ? "9223372036854775808" : "9223372036854775807";
	size_t digits = v.n - i, ll = strlen(limit);
	if (digits > ll || (digits == ll && memcmp(v.p + i, limit, ll) > 0))
		return false;
	uint64_t acc = 0;
	for (size_t k = i; k < v.n; k++)
		acc = acc * 10 + (uint64_t)(v.p[k] - '0');
	*out = neg ? (int64_t)(0 - acc) : (int64_t)acc;
	return true;
}

static struct span parts[MAX_PARTS + 1];

static void ref_parse(const uint8_t *rec, size_t n, struct ref_record *r)
{
	memset(r, 0, sizeof *r);
	/* strings.Split(record, ";") */
	size_t np = 0, start = 0;
	for (size_t i = 0; i <= n; i++) /* n < size <= MAX_PARTS */
		if (i == n || rec[i] == ';') {
			parts[np++] = (struct span){rec + start, i - start};
			start = i + 1;
		}
	struct span issuer = ref_trim(parts[0]);
	if (!issuer.n) {
		r->err = PERSIST_E_EMPTY_ISSUER;
		return;
	}
	if ((r->err = ref_issuer(issuer, r)) != PERSIST_OK)
		return;
	bool sa = false, sp = false, su = false;
	for (size_t k = 1; k < np; k++) {
		struct span p = ref_trim(parts[k]);
		if (!p.n) {
			r->err = PERSIST_E_EMPTY_PARAM;
			return;
		}
		size_t eq = 0;
		while (eq < p.n && p.p[eq] != '=')
			eq++;
		if (eq == p.n) {
			r->err = PERSIST_E_NOT_TAG_VALUE;
			return;
		}
		struct span tag = ref_trim((struct span){p.p, eq});
		struct span val = ref_trim((struct span){p.p + eq + 1, p.n - eq - 1});
		if (!tag.n) {
			r->err = PERSIST_E_EMPTY_TAG;
			return;
		}
		for (size_t i = 0; i < val.n; i++)
			if (val.p[i] < 0x21 || val.p[i] > 0x7E || val.p[i] == ';') {
				r->err = PERSIST_E_VALUE;
				return;
			}
		bool *seen = ref_ieq(tag, "accounturi")	    ? &sa
			     : ref_ieq(tag, "policy")	    ? &sp
			     : ref_ieq(tag, "persistuntil") ? &su
							    : NULL;
		if (!seen)
			continue;
		if (*seen) {
			r->err = PERSIST_E_DUPLICATE;
			return;
		}
		*seen = true;
		if (seen == &sa) {
			if (!val.n) {
				r->err = PERSIST_E_EMPTY_ACCOUNTURI;
				return;
			}
			r->account = val;
		} else if (seen == &sp) {
			r->policy = val;
			r->has_policy = true;
		} else {
			if (!ref_int64(val, &r->until)) {
				r->err = PERSIST_E_PERSIST_UNTIL;
				return;
			}
			r->has_until = true;
		}
	}
	if (!sa)
		r->err = PERSIST_E_NO_ACCOUNTURI;
}

/* checkDNSPersistRecord, with Go's wrapping seconds since year 1 */
static bool ref_check(const struct ref_record *r, const char *acct, bool wild,
		      struct persist_time now)
{
	if (r->account.n != strlen(acct) || memcmp(r->account.p, acct, r->account.n) != 0)
		return false;
	if (wild && !ref_ieq(r->policy, "wildcard"))
		return false;
	if (r->has_until) {
		uint64_t off = 62135596800u;
		int64_t pu = (int64_t)((uint64_t)r->until + off);
		int64_t t = (int64_t)((uint64_t)now.sec + off);
		if (pu != 0 && (t > pu || (t == pu && now.nsec > 0)))
			return false;
	}
	return true;
}

/* ---- the checks -------------------------------------------------------- */

static void check_parse(const uint8_t *rec, size_t n, const struct persist_record *got,
			enum persist_err e)
{
	struct ref_record want;
	ref_parse(rec, n, &want);
	CHECK(e == want.err);
	CHECK((unsigned)e < PERSIST_E__COUNT);
	CHECK(persist_err_name(e)[0] != '?');
	CHECK(memchr(got->error, '\0', sizeof got->error) != NULL);
	CHECK((e == PERSIST_OK) == (got->error[0] == '\0'));
	CHECK(got->issuer_ok == want.issuer_ok);
	if (want.issuer_ok)
		CHECK(strcmp(got->issuer, want.issuer) == 0);
	if (e != PERSIST_OK)
		return;
	CHECK(got->accounturi_len == want.account.n &&
	      memcmp(got->accounturi, want.account.p, want.account.n) == 0);
	CHECK(got->accounturi >= rec && got->accounturi + got->accounturi_len <= rec + n);
	CHECK(got->has_policy == want.has_policy);
	if (want.has_policy)
		CHECK(got->policy_len == want.policy.n &&
		      (!want.policy.n || memcmp(got->policy, want.policy.p, want.policy.n) == 0));
	CHECK(got->has_persist_until == want.has_until);
	if (want.has_until)
		CHECK(got->persist_until == want.until);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t times[] = {0, 1721952000, INT64_MAX, INT64_MIN};
	if (size == 0 || size > 8192)
		return 0;
	uint8_t bits = data[0];
	bool wild = bits & 1;
	const char *acct = (bits & 2) ? ACCOUNT_B : ACCOUNT_A;
	struct persist_time now = {times[(bits >> 2) & 3], (bits & 16) ? 1 : 0};

	uint8_t *heap[MAX_RECORDS];
	struct acme_txt txt[MAX_RECORDS];
	struct ref_record ref[MAX_RECORDS];
	size_t n = 0;
	for (size_t off = 1; off <= size && n < MAX_RECORDS;) {
		const uint8_t *end = memchr(data + off, 0, size - off);
		size_t len = (end ? (size_t)(end - data) : size) - off;
		heap[n] = malloc(len ? len : 1);
		CHECK(heap[n]);
		if (len)
			memcpy(heap[n], data + off, len);
		txt[n] = (struct acme_txt){heap[n], len};

		struct persist_record r;
		memset(&r, 0xA5, sizeof r);
		enum persist_err e = persist_parse(heap[n], len, &r);
		check_parse(heap[n], len, &r, e);
		ref_parse(heap[n], len, &ref[n]);
		if (e == PERSIST_OK) {
			char why[PERSIST_ERROR_MAX];
			bool ok = persist_check(&r, acct, wild, now, why, sizeof why);
			CHECK(ok == ref_check(&ref[n], acct, wild, now));
			CHECK((why[0] == '\0') == ok);
		}
		n++;
		off += len + 1;
		if (!end)
			break;
	}

	/* the whole set, as the CA decides on it */
	static struct persist_view views[MAX_RECORDS];
	struct acme_verdict v;
	struct acme_lookup lk = {.error = DNS_EC_NONE, .txt = txt, .txt_count = n};
	persist_decide(&lk, "_validation-persist.example.com", PERSIST_LE_ISSUER, acct, wild, now,
		       &v, views);
	long first_valid = -1;
	bool any_malformed = false, any_unauth = false;
	for (size_t i = 0; i < n; i++) {
		bool ours = ref[i].issuer_ok && strcmp(ref[i].issuer, PERSIST_LE_ISSUER) == 0 &&
			    ref[i].err != PERSIST_E_ISSUER_UNICODE;
		enum persist_record_status want =
		    ref[i].err == PERSIST_E_ISSUER_UNICODE ? PERSIST_REC_UNMAPPED
		    : !ours				   ? PERSIST_REC_OTHER_CA
		    : ref[i].err != PERSIST_OK		   ? PERSIST_REC_MALFORMED
		    : !ref_check(&ref[i], acct, wild, now) ? PERSIST_REC_UNAUTHORIZED
							   : PERSIST_REC_VALID;
		CHECK(views[i].status == want);
		if (first_valid < 0) {
			if (want == PERSIST_REC_VALID)
				first_valid = (long)i;
			any_malformed |= want == PERSIST_REC_MALFORMED;
			any_unauth |= want == PERSIST_REC_UNAUTHORIZED;
		}
	}
	CHECK(memchr(v.detail, '\0', sizeof v.detail) != NULL);
	if (n == 0) {
		CHECK(v.outcome == ACME_INVALID);
	} else if (first_valid >= 0) {
		CHECK(v.outcome == ACME_VALID && v.matched == first_valid && !v.problem_type);
	} else {
		CHECK(v.outcome == ACME_INVALID && v.matched == -1);
		const char *want = any_malformed ? LE_PROBLEM_MALFORMED : LE_PROBLEM_UNAUTHORIZED;
		CHECK(v.problem_type && strcmp(v.problem_type, want) == 0);
		if (!any_malformed && !any_unauth)
			CHECK(strcmp(v.detail, "No valid TXT record found for DNS-PERSIST-01 "
					       "challenge") == 0);
		if (any_malformed && !v.detail_cut)
			CHECK(strncmp(v.detail, "Parsing DNS-PERSIST-01", 22) == 0);
		if (!any_malformed && any_unauth && !v.detail_cut)
			CHECK(strncmp(v.detail, "Checking DNS-PERSIST-01", 23) == 0);
	}
	/* without views: the same verdict */
	struct acme_verdict v2;
	persist_decide(&lk, "_validation-persist.example.com", PERSIST_LE_ISSUER, acct, wild, now,
		       &v2, NULL);
	CHECK(v2.outcome == v.outcome && v2.matched == v.matched &&
	      strcmp(v2.detail, v.detail) == 0);
	for (size_t i = 0; i < n; i++) {
		CHECK(persist_record_status_name(views[i].status)[0] != '?');
		free(heap[i]);
	}
	if (bits & 32) {
		static const enum dns_errclass classes[] = {DNS_EC_NXDOMAIN, DNS_EC_SERVFAIL,
							    DNS_EC_TIMEOUT, DNS_EC_MALFORMED};
		struct acme_lookup bad = {.error = classes[bits >> 6], .rcode = 3};
		persist_decide(&bad, "_validation-persist.example.com", PERSIST_LE_ISSUER, acct,
			       wild, now, &v, NULL);
		const char *head =
		    "Retrieving TXT records for DNS-PERSIST-01 challenge: DNS problem: ";
		CHECK(v.outcome == (bad.error == DNS_EC_NXDOMAIN ? ACME_INVALID : ACME_DNS_ERROR));
		CHECK(strcmp(v.problem_type, LE_PROBLEM_DNS) == 0);
		CHECK(strncmp(v.detail, head, strlen(head)) == 0);
	}
	return 0;
}
