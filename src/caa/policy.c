/* The CAA decision. Each rule is cited where it applies. */
#include "caa/policy.h"

#include <string.h>

bool caa_is_critical(const struct caa_record *rec)
{
	/* R-CAA-9, RFC 8659 s4.1: the critical flag is 128; boulder va/caa.go
	 * filterCAA also takes 1, the bit many publishers set by mistake. */
	return (rec->flags & (CAA_FLAG_CRITICAL | 1)) != 0;
}

static bool bytes_equal(const uint8_t *a, size_t n, const char *s)
{
	return s && strlen(s) == n && memcmp(a, s, n) == 0;
}

/* R-CAA-12, RFC 8657 s4: "validationmethods" is a comma list of method
 * names made of letters, digits and '-'. As boulder
 * caaValidationMethodMatches reads it, in order: a bad item (an empty one
 * too) ends the list with no match, so the method matches only when it
 * comes before any bad item ("http-01,,dns-01" allows http-01, not
 * dns-01). */
static enum caa_match methods_match(const struct caa_param *p, const char *method)
{
	const uint8_t *v = p->value, *end = p->value + p->value_len;
	for (;;) {
		const uint8_t *comma = memchr(v, ',', (size_t)(end - v));
		const uint8_t *item_end = comma ? comma : end;
		size_t n = (size_t)(item_end - v);
		if (n == 0)
			return CAA_MATCH_METHOD_SYNTAX;
		for (size_t i = 0; i < n; i++) {
			uint8_t c = v[i];
			if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
			      (c >= 'a' && c <= 'z') || c == '-'))
				return CAA_MATCH_METHOD_SYNTAX;
		}
		if (bytes_equal(v, n, method))
			return CAA_MATCH_YES;
		if (!comma)
			break;
		v = comma + 1;
	}
	return method ? CAA_MATCH_METHOD_OTHER : CAA_MATCH_METHOD_MISSING;
}

enum caa_match caa_record_matches(const struct caa_record *rec, const struct caa_request *req)
{
	struct caa_issue v;
	/* R-CAA-11: a value that does not parse matches nobody */
	if (caa_issue_parse(rec->value, rec->value_len, &v) != CAA_OK)
		return CAA_MATCH_UNPARSABLE;
	if (v.issuer_len == 0)
		return CAA_MATCH_EMPTY_ISSUER;
	/* R-CAA-11: the issuer domain equals the CA's identity exactly
	 * (boulder caaDomainMatches: a plain string comparison) */
	if (!bytes_equal(v.issuer, v.issuer_len, req->ca_id))
		return CAA_MATCH_OTHER_ISSUER;

	size_t count;
	struct caa_param found;
	const struct caa_param *p = caa_issue_param(&v, "accounturi", &found, &count);
	/* R-CAA-12, RFC 8657 s3: two accounturi parameters are unsatisfiable */
	if (count > 1)
		return CAA_MATCH_ACCOUNT_DUP;
	if (p) {
		if (!req->account_uri)
			return CAA_MATCH_ACCOUNT_MISSING;
		if (!bytes_equal(p->value, p->value_len, req->account_uri))
			return CAA_MATCH_ACCOUNT_OTHER;
	}
	p = caa_issue_param(&v, "validationmethods", &found, &count);
	if (count > 1)
		return CAA_MATCH_METHOD_DUP;
	if (p)
		return methods_match(p, req->method);
	return CAA_MATCH_YES;
}

const char *caa_match_text(enum caa_match m)
{
	switch (m) {
	case CAA_MATCH_YES: return "authorizes this CA";
	case CAA_MATCH_UNPARSABLE: return "its value does not follow the RFC 8659 s4.2 grammar, so it authorizes nobody";
	case CAA_MATCH_EMPTY_ISSUER: return "its issuer is empty (\";\"): it authorizes no CA at all";
	case CAA_MATCH_OTHER_ISSUER: return "it names another CA";
	case CAA_MATCH_ACCOUNT_MISSING: return "it requires an ACME account (accounturi) and no --account-uri was given";
	case CAA_MATCH_ACCOUNT_OTHER: return "its accounturi is another account";
	case CAA_MATCH_ACCOUNT_DUP: return "it has two accounturi parameters, which nobody can satisfy";
	case CAA_MATCH_METHOD_MISSING: return "it limits the validation methods (validationmethods) and no --method was given";
	case CAA_MATCH_METHOD_OTHER: return "the validation method is not in its validationmethods list";
	case CAA_MATCH_METHOD_DUP: return "it has two validationmethods parameters, which nobody can satisfy";
	case CAA_MATCH_METHOD_SYNTAX: return "its validationmethods list is malformed";
	}
	return "";
}

const char *caa_match_rule(enum caa_match m)
{
	switch (m) {
	case CAA_MATCH_YES:
	case CAA_MATCH_UNPARSABLE:
	case CAA_MATCH_EMPTY_ISSUER:
	case CAA_MATCH_OTHER_ISSUER: return "R-CAA-11";
	default: return "R-CAA-12";
	}
}

void caa_decide(const struct caa_record *recs, size_t n, const struct caa_request *req,
		struct caa_decision *d)
{
	d->deciding = -1;
	d->counted = CAA_TAG_ISSUE;
	if (n == 0) {
		/* R-CAA-1: no CAA record anywhere relevant, any CA may issue */
		*d = (struct caa_decision){true, CAA_PERMIT_NO_RECORDS, "R-CAA-1", -1, CAA_TAG_ISSUE};
		return;
	}
	size_t issue = 0, issuewild = 0;
	for (size_t i = 0; i < n; i++) {
		switch (recs[i].kind) {
		case CAA_TAG_ISSUE: issue++; break;
		case CAA_TAG_ISSUEWILD: issuewild++; break;
		case CAA_TAG_UNKNOWN:
			/* R-CAA-9: an unknown property marked critical forbids
			 * issuance; iodef, issuemail and issuevmc are known */
			if (caa_is_critical(&recs[i])) {
				*d = (struct caa_decision){false, CAA_FORBID_CRITICAL, "R-CAA-9",
							   (long)i, CAA_TAG_UNKNOWN};
				return;
			}
			break;
		default: break;
		}
	}
	/* R-CAA-10, RFC 8659 s4.3: for a wildcard, issuewild records count
	 * when there is at least one; otherwise (and for any other name) the
	 * issue records */
	enum caa_tag_kind counted =
		req->wildcard && issuewild > 0 ? CAA_TAG_ISSUEWILD : CAA_TAG_ISSUE;
	size_t counting = counted == CAA_TAG_ISSUEWILD ? issuewild : issue;
	if (counting == 0) {
		*d = (struct caa_decision){true, CAA_PERMIT_NOT_RELEVANT, "R-CAA-10", -1, counted};
		return;
	}
	/* When a record names this CA but its RFC 8657 parameters refuse the
	 * request, it is R-CAA-12 that forbids, not the issuer rule. */
	const char *refusing_rule = "R-CAA-11";
	for (size_t i = 0; i < n; i++) {
		if (recs[i].kind != counted)
			continue;
		enum caa_match m = caa_record_matches(&recs[i], req);
		if (m == CAA_MATCH_YES) {
			*d = (struct caa_decision){true, CAA_PERMIT_AUTHORIZED, "R-CAA-11", (long)i,
						   counted};
			return;
		}
		if (strcmp(caa_match_rule(m), "R-CAA-12") == 0)
			refusing_rule = "R-CAA-12";
	}
	*d = (struct caa_decision){false, CAA_FORBID_UNAUTHORIZED, refusing_rule, -1, counted};
}
