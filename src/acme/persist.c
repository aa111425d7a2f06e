/* dns-persist-01: the record's grammar, the match, the CA's words. */
#include "acme/persist.h"

#include <string.h>

#include "acme/le_text.h"
#include "dns/types.h"

const char *persist_err_name(enum persist_err e)
{
	static const char *const names[PERSIST_E__COUNT] = {
	    "ok",	   "empty_issuer",     "issuer",	"issuer_unicode",
	    "empty_param", "not_tag_value",    "empty_tag",	"value",
	    "duplicate",   "empty_accounturi", "persist_until", "no_accounturi",
	};
	return (unsigned)e < PERSIST_E__COUNT ? names[e] : "?";
}

const char *persist_record_status_name(enum persist_record_status s)
{
	static const char *const names[PERSIST_REC__COUNT] = {"valid", "unauthorized", "malformed",
							      "other_ca", "unmapped"};
	return (unsigned)s < PERSIST_REC__COUNT ? names[s] : "?";
}

/* ---- the grammar ------------------------------------------------------- */

struct span {
	const uint8_t *p;
	size_t n;
};

/* RFC 5234 WSP, as boulder isWSP: SP and HTAB only */
static bool wsp(uint8_t c)
{
	return c == ' ' || c == '\t';
}

static struct span trim(struct span s)
{
	while (s.n && wsp(s.p[0])) {
		s.p++;
		s.n--;
	}
	while (s.n && wsp(s.p[s.n - 1]))
		s.n--;
	return s;
}

static bool span_lower_is(struct span s, const char *word)
{
	size_t n = strlen(word);
	if (s.n != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = s.p[i];
		if (c >= 'A' && c <= 'Z')
			c = (uint8_t)(c + 32);
		if (c != (uint8_t)word[i])
			return false;
	}
	return true;
}

/* Boulder's error text into out->error (cut when it does not fit: a
 * parameter %q-quoted can be as long as the record, 4 times over). */
static enum persist_err fail(struct persist_record *out, enum persist_err e, const char *text,
			     const struct span *a, const char *mid, const struct span *b)
{
	size_t len = 0;
	out->error[0] = '\0';
	le_append(out->error, sizeof out->error, &len, "%s", text);
	if (a)
		le_go_quote(a->p, a->n, out->error, sizeof out->error, &len);
	if (mid)
		le_append(out->error, sizeof out->error, &len, "%s", mid);
	if (b)
		le_go_quote(b->p, b->n, out->error, sizeof out->error, &len);
	return e;
}

/* R-PERSIST-3: NormalizeIssuerDomainName, its ASCII part (persist.h says
 * what is left out). Fills out->issuer or says why not. */
static enum persist_err normalize_issuer(struct span raw, struct persist_record *out)
{
	char name[PERSIST_ERROR_MAX];
	size_t n = 0;
	for (size_t i = 0; i < raw.n; i++)
		if (raw.p[i] >= 0x80)
			return fail(
			    out, PERSIST_E_ISSUER_UNICODE, "issuer-domain-name ", &raw,
			    " is not ASCII: the CA maps it to A-labels (NFC, UTS #46), which "
			    "acmeprobe does not do",
			    NULL);
	if (raw.n >= sizeof name)
		return fail(out, PERSIST_E_ISSUER, "malformed issuer-domain-name ", &raw,
			    ": longer than 253 octets", NULL);
	/* strings.ToLower, then UTS #46 with the STD3 rules: on ASCII, only
	 * letters, digits, '-' and '.' pass */
	for (size_t i = 0; i < raw.n; i++) {
		uint8_t c = raw.p[i];
		if (c >= 'A' && c <= 'Z')
			c = (uint8_t)(c + 32);
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
			return fail(out, PERSIST_E_ISSUER, "malformed issuer-domain-name ", &raw,
				    ": a character other than a letter, a digit, '-' or '.'", NULL);
		name[n++] = (char)c;
	}
	name[n] = '\0';
	/* the hyphen rules of UTS #46 (CheckHyphens) on each label; an
	 * "xn--" label is checked by the CA once decoded: kept as it is here */
	for (size_t start = 0; start < n;) {
		size_t end = start;
		while (end < n && name[end] != '.')
			end++;
		size_t ln = end - start;
		const char *l = name + start;
		bool ace = ln >= 4 && memcmp(l, "xn--", 4) == 0;
		if (ln && !ace &&
		    (l[0] == '-' || l[ln - 1] == '-' || (ln >= 4 && l[2] == '-' && l[3] == '-')))
			return fail(out, PERSIST_E_ISSUER, "malformed issuer-domain-name ", &raw,
				    ": a label starts or ends with '-', or has \"--\" in its third "
				    "and fourth places",
				    NULL);
		start = end + 1;
	}
	if (n && name[n - 1] == '.')
		name[--n] = '\0';
	if (n > PERSIST_ISSUER_MAX)
		return fail(out, PERSIST_E_ISSUER, "malformed issuer-domain-name ", &raw,
			    ": longer than 253 octets", NULL);
	memcpy(out->issuer, name, n + 1);
	out->issuer_ok = true;
	return PERSIST_OK;
}

/* strconv.ParseInt(v, 10, 64): an optional sign, decimal digits, in range */
static bool parse_int64(struct span v, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	if (v.n && (v.p[0] == '+' || v.p[0] == '-')) {
		neg = v.p[0] == '-';
		i = 1;
	}
	if (i == v.n)
		return false;
	uint64_t acc = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < v.n; i++) {
		if (v.p[i] < '0' || v.p[i] > '9')
			return false;
		unsigned d = (unsigned)(v.p[i] - '0');
		if (acc > (limit - d) / 10)
			return false;
		acc = acc * 10 + d;
	}
	*out = neg ? (acc == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)acc) : (int64_t)acc;
	return true;
}

enum persist_err persist_parse(const uint8_t *rec, size_t n, struct persist_record *out)
{
	memset(out, 0, sizeof *out);
	/* strings.Split(record, ";"): parts[0] is the issuer */
	const uint8_t *end = rec + n;
	const uint8_t *semi = memchr(rec, ';', n);
	struct span issuer = trim((struct span){rec, (size_t)((semi ? semi : end) - rec)});
	if (issuer.n == 0)
		return fail(out, PERSIST_E_EMPTY_ISSUER, "empty issuer-domain-name", NULL, NULL,
			    NULL);
	enum persist_err e = normalize_issuer(issuer, out);
	if (e != PERSIST_OK)
		return e;
	bool seen_account = false, seen_policy = false, seen_until = false;
	const uint8_t *p = semi ? semi + 1 : end;
	while (semi) {
		semi = memchr(p, ';', (size_t)(end - p));
		struct span param = trim((struct span){p, (size_t)((semi ? semi : end) - p)});
		p = semi ? semi + 1 : end;
		if (param.n == 0)
			return fail(out, PERSIST_E_EMPTY_PARAM,
				    "empty parameter or trailing semicolon provided", NULL, NULL,
				    NULL);
		/* strings.SplitN(param, "=", 2) */
		const uint8_t *eq = memchr(param.p, '=', param.n);
		if (!eq)
			return fail(out, PERSIST_E_NOT_TAG_VALUE, "malformed parameter ", &param,
				    " should be tag=value pair", NULL);
		struct span tag = trim((struct span){param.p, (size_t)(eq - param.p)});
		struct span value =
		    trim((struct span){eq + 1, param.n - (size_t)(eq - param.p) - 1});
		if (tag.n == 0)
			return fail(out, PERSIST_E_EMPTY_TAG, "malformed parameter ", &param,
				    ", empty tag", NULL);
		/* every value, known tag or not: %x21-3A / %x3C-7E (Go ranges
		 * over runes: an octet >= 0x80 fails as a rune or RuneError) */
		for (size_t i = 0; i < value.n; i++) {
			uint8_t c = value.p[i];
			if (!((c >= 0x21 && c <= 0x3A) || (c >= 0x3C && c <= 0x7E)))
				return fail(out, PERSIST_E_VALUE, "malformed value ", &value,
					    " for tag ", &tag);
		}
		/* RFC 8659: tags match case-insensitively */
		if (span_lower_is(tag, "accounturi")) {
			if (seen_account)
				return fail(out, PERSIST_E_DUPLICATE, "duplicate parameter ", &tag,
					    NULL, NULL);
			seen_account = true;
			if (value.n == 0)
				return fail(out, PERSIST_E_EMPTY_ACCOUNTURI,
					    "empty value provided for mandatory accounturi", NULL,
					    NULL, NULL);
			out->accounturi = value.p;
			out->accounturi_len = value.n;
		} else if (span_lower_is(tag, "policy")) {
			if (seen_policy)
				return fail(out, PERSIST_E_DUPLICATE, "duplicate parameter ", &tag,
					    NULL, NULL);
			seen_policy = true;
			out->has_policy = true;
			out->policy = value.p;
			out->policy_len = value.n;
		} else if (span_lower_is(tag, "persistuntil")) {
			if (seen_until)
				return fail(out, PERSIST_E_DUPLICATE, "duplicate parameter ", &tag,
					    NULL, NULL);
			seen_until = true;
			if (!parse_int64(value, &out->persist_until))
				return fail(out, PERSIST_E_PERSIST_UNTIL,
					    "malformed persistUntil timestamp ", &value, NULL,
					    NULL);
			out->has_persist_until = true;
		}
		/* any other tag: "the server MUST ignore" it (the draft) */
	}
	if (!seen_account)
		return fail(out, PERSIST_E_NO_ACCOUNTURI, "missing mandatory accounturi parameter",
			    NULL, NULL, NULL);
	return PERSIST_OK;
}

/* ---- the match --------------------------------------------------------- */

/* Go's time.Time keeps seconds since year 1 (Unix + 62135596800), in
 * int64 arithmetic that wraps: compared the same way, so that even a
 * persistUntil near INT64_MAX orders as the CA orders it. */
#define GO_UNIX_TO_INTERNAL 62135596800LL

static int64_t go_internal(int64_t unix_sec)
{
	return (int64_t)((uint64_t)unix_sec + (uint64_t)GO_UNIX_TO_INTERNAL);
}

bool persist_check(const struct persist_record *r, const char *account_uri, bool wildcard,
		   struct persist_time now, char *why, size_t cap)
{
	size_t len = 0;
	why[0] = '\0';
	/* R-PERSIST-4: accounturi, Simple String Comparison (RFC 3986
	 * s6.2.1): no case folding, no normalisation */
	size_t alen = strlen(account_uri);
	if (r->accounturi_len != alen || memcmp(r->accounturi, account_uri, alen) != 0) {
		le_append(why, cap, &len, "accounturi mismatch: expected ");
		le_go_quote((const uint8_t *)account_uri, alen, why, cap, &len);
		le_append(why, cap, &len, ", got ");
		le_go_quote(r->accounturi, r->accounturi_len, why, cap, &len);
		return false;
	}
	/* R-PERSIST-4: a wildcard needs policy=wildcard, in any case; any
	 * other policy value counts as none */
	if (wildcard && !span_lower_is((struct span){r->policy, r->policy_len}, "wildcard")) {
		le_append(why, cap, &len, "policy mismatch: expected \"wildcard\", got ");
		le_go_quote(r->policy, r->policy_len, why, cap, &len);
		return false;
	}
	/* R-PERSIST-4: not after persistUntil; a persistUntil of Go's zero
	 * time (year 1) counts as none (IsZero) */
	if (r->has_persist_until && go_internal(r->persist_until) != 0) {
		int64_t a = go_internal(now.sec), b = go_internal(r->persist_until);
		if (a > b || (a == b && now.nsec > 0)) {
			char t1[48], t2[48];
			le_rfc3339(now.sec, t1, sizeof t1);
			le_rfc3339(r->persist_until, t2, sizeof t2);
			le_append(why, cap, &len, "validation time %s is after persistUntil %s", t1,
				  t2);
			return false;
		}
	}
	return true;
}

/* ---- the CA's verdict -------------------------------------------------- */

/* Appends one message to a "; "-joined list. */
static bool join(char *out, size_t cap, size_t *len, bool *first, const char *what,
		 const char *issuer, const char *text)
{
	bool ok = le_append(out, cap, len,
			    "%s%s DNS-PERSIST-01 challenge TXT record with issuer-domain-name ",
			    *first ? "" : "; ", what);
	*first = false;
	ok &= le_go_quote((const uint8_t *)issuer, strlen(issuer), out, cap, len);
	ok &= le_append(out, cap, len, ": %s", text);
	return ok;
}

/* What one record is to the CA (the body of validateDNSPersist01's loop). */
static void read_record(struct persist_view *v, const struct acme_txt *txt, const char *issuer,
			const char *account_uri, bool wildcard, struct persist_time now)
{
	memset(v, 0, sizeof *v);
	v->parse = persist_parse(txt->value, txt->len, &v->rec);
	bool ours = v->rec.issuer_ok && strcmp(v->rec.issuer, issuer) == 0;
	if (v->parse == PERSIST_E_ISSUER_UNICODE)
		v->status = PERSIST_REC_UNMAPPED;
	else if (!ours)
		v->status = PERSIST_REC_OTHER_CA; /* skipped, parse error or not */
	else if (v->parse != PERSIST_OK)
		v->status = PERSIST_REC_MALFORMED;
	else if (!persist_check(&v->rec, account_uri, wildcard, now, v->why, sizeof v->why))
		v->status = PERSIST_REC_UNAUTHORIZED;
	else
		v->status = PERSIST_REC_VALID;
}

void persist_decide(const struct acme_lookup *lk, const char *name_text, const char *issuer,
		    const char *account_uri, bool wildcard, struct persist_time now,
		    struct acme_verdict *out, struct persist_view *views)
{
	size_t len = 0;
	memset(out, 0, sizeof *out);
	out->matched = -1;
	if (lk->error != DNS_EC_NONE) {
		/* R-PERSIST-5: DNSError("Retrieving TXT records for
		 * DNS-PERSIST-01 challenge: %s", err) */
		struct le_dns_error e = {
		    .qtype = DNS_T_TXT,
		    .name = name_text,
		    .failure = le_dns_failure_of(lk->error),
		    .rcode = lk->rcode,
		    .has_ede = lk->has_ede,
		    .ede_code = lk->ede_code,
		    .ede_text = lk->ede_text,
		    .ede_text_len = lk->ede_text_len,
		};
		char dns[ACME_DETAIL_MAX];
		bool ok = le_dns_problem(&e, dns, sizeof dns);
		ok &= le_append(out->detail, sizeof out->detail, &len,
				"Retrieving TXT records for DNS-PERSIST-01 challenge: %s", dns);
		out->outcome = lk->error == DNS_EC_NXDOMAIN ? ACME_INVALID : ACME_DNS_ERROR;
		out->problem_type = LE_PROBLEM_DNS;
		out->rule = "R-PERSIST-5";
		out->detail_cut = !ok;
		return;
	}
	if (lk->txt_count == 0) {
		le_append(out->detail, sizeof out->detail, &len,
			  "No TXT record found for DNS-PERSIST-01 challenge");
		out->outcome = ACME_INVALID;
		out->problem_type = LE_PROBLEM_UNAUTHORIZED;
		out->rule = "R-PERSIST-5";
		return;
	}
	/* R-PERSIST-4: each record in answer order; the first that
	 * authorizes wins; the others' errors are kept in case none does */
	char syntax[ACME_DETAIL_MAX] = "", auth[ACME_DETAIL_MAX] = "";
	size_t slen = 0, alen = 0;
	bool sfirst = true, afirst = true, ok = true;
	out->outcome = ACME_INVALID;
	for (size_t i = 0; i < lk->txt_count; i++) {
		struct persist_view one; /* read_record fills it whole */
		// cppcheck-suppress uninitvar
		struct persist_view *v = views ? &views[i] : &one;
		read_record(v, &lk->txt[i], issuer, account_uri, wildcard, now);
		if (out->outcome == ACME_VALID)
			continue; /* read for the report only: the CA stopped before */
		switch (v->status) {
		case PERSIST_REC_MALFORMED:
			ok &= join(syntax, sizeof syntax, &slen, &sfirst, "Parsing", issuer,
				   v->rec.error);
			break;
		case PERSIST_REC_UNAUTHORIZED:
			ok &= join(auth, sizeof auth, &alen, &afirst, "Checking", issuer, v->why);
			break;
		case PERSIST_REC_VALID:
			out->outcome = ACME_VALID;
			out->matched = (long)i;
			out->rule = "R-PERSIST-4";
			if (!views)
				return;
			break;
		default:
			break;
		}
	}
	if (out->outcome == ACME_VALID)
		return;
	out->rule = "R-PERSIST-5";
	if (!sfirst) {
		out->problem_type = LE_PROBLEM_MALFORMED;
		ok &= le_append(out->detail, sizeof out->detail, &len, "%s", syntax);
	} else if (!afirst) {
		out->problem_type = LE_PROBLEM_UNAUTHORIZED;
		ok &= le_append(out->detail, sizeof out->detail, &len, "%s", auth);
	} else {
		out->problem_type = LE_PROBLEM_UNAUTHORIZED;
		ok &= le_append(out->detail, sizeof out->detail, &len,
				"No valid TXT record found for DNS-PERSIST-01 challenge");
	}
	out->detail_cut = !ok;
}
