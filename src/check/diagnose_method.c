/* check --method and --account-uri: CAA judged against each challenge
 * (R-CAA-12) and the challenges offered (R-DNS01-5, R-IP-3). Each rule is
 * cited where it applies. */
#include "check/diagnose_method.h"

#include <stdio.h>
#include <string.h>

#include "acme/ident.h"
#include "caa/explain.h"
#include "check/diagnose_domain.h"

/* The five challenges, as bits of acme/ident.h: 1, 2, 4, 8, 16. */
#define METHOD_BITS 5

unsigned method_from_name(const char *name)
{
	/* boulder core/challenges.go: the challenge types Boulder knows */
	for (unsigned i = 0; name && i < METHOD_BITS; i++)
		if (strcmp(name, ident_challenge_name((enum ident_challenge)(1u << i))) == 0)
			return 1u << i;
	return 0;
}

/* Appends the names of the challenge bits in `set` to buf, "a, b or c". */
static void method_list(char *buf, size_t cap, unsigned set)
{
	size_t n = 0, left = 0;
	for (unsigned i = 0; i < METHOD_BITS; i++)
		left += (set >> i) & 1u;
	buf[0] = '\0';
	for (unsigned i = 0; i < METHOD_BITS && n < cap; i++) {
		if (!(set & (1u << i)))
			continue;
		left--;
		n += (size_t)snprintf(buf + n, cap - n, "%s%s",
				      ident_challenge_name((enum ident_challenge)(1u << i)),
				      left > 1	  ? ", "
				      : left == 1 ? " or "
						  : "");
	}
}

void diagnose_methods_offered(bool is_ip, const char *input, const char *const *methods, size_t n,
			      struct findings *f)
{
	/* R-DNS01-5 (boulder policy/pa.go ChallengeTypesFor): a wildcard is
	 * offered dns-01 alone, plus the two feature-flagged DNS challenges
	 * where they are on; R-IP-3: an IP address http-01 and tls-alpn-01 */
	unsigned offered =
	    ident_challenges(is_ip, input, IDENT_CH_DNSACCOUNT01 | IDENT_CH_DNSPERSIST01);
	char list[96];
	method_list(list, sizeof list, offered);
	for (size_t i = 0; i < n; i++) {
		unsigned bit = method_from_name(methods[i]);
		if (!bit || (offered & bit))
			continue;
		struct finding *x = findings_add(f, FINDING_ERROR, "method_not_offered",
						 is_ip ? "R-IP-3" : "R-DNS01-5");
		if (!x)
			return;
		snprintf(x->title, sizeof x->title, "Let's Encrypt offers no %s for %s", methods[i],
			 input);
		snprintf(x->cause, sizeof x->cause, "%s",
			 is_ip ? "An IP address identifier is offered http-01 and tls-alpn-01 "
				 "only: DNS challenges need a name (R-IP-3)."
			       : "A wildcard name is offered dns-01 only (and dns-account-01 and "
				 "dns-persist-01 where Let's Encrypt switches them on): http-01 "
				 "and tls-alpn-01 do not cover wildcards (R-DNS01-5).");
		snprintf(x->fix, sizeof x->fix, "Validate with %s.", list);
	}
}

/* The walk's decision again, for the request `q` (the labels' answers as
 * they came: no new lookup). */
static void redecide(const struct caa_walk_result *r, const struct caa_request *q,
		     struct caa_walk_result *out)
{
	*out = *r;
	caa_walk_decide(r->labels, r->label_count, q, out);
}

enum refusal { REFUSAL_NONE, REFUSAL_METHOD, REFUSAL_ACCOUNT, REFUSAL_OTHER };

/* R-CAA-12: why a decided walk refuses `q`. A record that names the CA
 * and refuses only the method (RFC 8657 s4) makes it the method's
 * fault; else one refusing the account (s3) the account's; anything else
 * (another CA, ";", a critical tag, a malformed or doubled parameter) is
 * no matter of method or account. */
static enum refusal refusal_of(const struct caa_walk_result *r, const struct caa_request *q)
{
	if (r->verdict == CAA_PERMITTED)
		return REFUSAL_NONE;
	if (r->decision.outcome != CAA_FORBID_UNAUTHORIZED || r->deciding_label < 0)
		return REFUSAL_OTHER;
	const struct caa_label *l = r->labels[r->deciding_label];
	bool account = false;
	for (size_t i = 0; i < l->record_count; i++) {
		if (l->records[i].kind != r->decision.counted)
			continue;
		enum caa_match m = caa_record_matches(&l->records[i], q);
		if (m == CAA_MATCH_METHOD_OTHER || m == CAA_MATCH_METHOD_MISSING)
			return REFUSAL_METHOD;
		account |= m == CAA_MATCH_ACCOUNT_OTHER || m == CAA_MATCH_ACCOUNT_MISSING;
	}
	return account ? REFUSAL_ACCOUNT : REFUSAL_OTHER;
}

/* The challenges whose request (q with each method) the records permit. */
static unsigned methods_allowed(const struct caa_walk_result *r, const struct caa_request *q)
{
	struct caa_request each = *q;
	struct caa_walk_result d;
	unsigned set = 0;
	for (unsigned i = 0; i < METHOD_BITS; i++) {
		each.method = ident_challenge_name((enum ident_challenge)(1u << i));
		redecide(r, &each, &d);
		if (d.verdict == CAA_PERMITTED)
			set |= 1u << i;
	}
	return set;
}

static void method_not_allowed(const struct caa_walk_result *r, const struct caa_request *q,
			       struct findings *f)
{
	struct finding *x = findings_add(f, FINDING_ERROR, "caa_method_not_allowed", "R-CAA-12");
	if (!x)
		return;
	char allowed[96];
	unsigned set = methods_allowed(r, q);
	method_list(allowed, sizeof allowed, set);
	if (q->method)
		snprintf(x->title, sizeof x->title, "CAA does not let %s validate with %s",
			 q->ca_id, q->method);
	else
		snprintf(x->title, sizeof x->title,
			 "CAA limits the validation methods of %s and no --method was given",
			 q->ca_id);
	caa_reason(x->cause, sizeof x->cause, r, q);
	if (!q->method)
		snprintf(x->fix, sizeof x->fix,
			 "Give --method with the challenge you will use%s%s.",
			 set ? "; the CAA records allow " : "", allowed);
	else if (set)
		snprintf(x->fix, sizeof x->fix,
			 "Validate with %s, which the CAA records allow, or add %s to the "
			 "validationmethods of the %s record.",
			 allowed, q->method, q->ca_id);
	else
		snprintf(x->fix, sizeof x->fix, "Add %s to the validationmethods of the %s record.",
			 q->method, q->ca_id);
}

static void account_not_allowed(const struct caa_walk_result *r, const struct caa_request *q,
				struct findings *f)
{
	struct finding *x = findings_add(f, FINDING_ERROR, "caa_account_not_allowed", "R-CAA-12");
	if (!x)
		return;
	snprintf(x->title, sizeof x->title, "CAA binds %s to %s ACME account (accounturi)",
		 q->ca_id, q->account_uri ? "another" : "an");
	caa_reason(x->cause, sizeof x->cause, r, q);
	if (q->account_uri)
		snprintf(x->fix, sizeof x->fix,
			 "Use the account the record's accounturi names, or set its "
			 "accounturi to yours: %s.",
			 q->account_uri);
	else
		snprintf(x->fix, sizeof x->fix,
			 "Give --account-uri with the URI of the ACME account you will use, to "
			 "check it against the record's accounturi.");
}

void diagnose_caa_methods(const struct caa_walk_result *r, const struct caa_request *req,
			  const char *const *methods, size_t n, struct findings *f)
{
	static const char *const no_method[1] = {NULL};
	if (n == 0) {
		methods = no_method;
		n = 1;
	}
	struct caa_request q = *req;
	q.method = methods[0];
	if (r->verdict == CAA_NO_DECISION) {
		diagnose_caa(r, &q, f); /* R-CAA-4: no method changes a failed lookup */
		return;
	}
	struct caa_walk_result d;
	bool said_account = false, said_other = false;
	size_t refused = 0;
	unsigned permitted = 0;
	long first_permitted = -1;
	for (size_t i = 0; i < n; i++) {
		q.method = methods[i];
		redecide(r, &q, &d);
		switch (refusal_of(&d, &q)) {
		case REFUSAL_NONE:
			permitted |= method_from_name(methods[i]);
			if (first_permitted < 0)
				first_permitted = (long)i;
			continue;
		case REFUSAL_METHOD:
			method_not_allowed(&d, &q, f);
			break;
		case REFUSAL_ACCOUNT:
			if (!said_account)
				account_not_allowed(&d, &q, f);
			said_account = true;
			break;
		case REFUSAL_OTHER:
			if (!said_other)
				diagnose_caa(&d, &q, f);
			said_other = true;
			break;
		}
		refused++;
	}
	if (first_permitted < 0)
		return;
	q.method = methods[first_permitted];
	redecide(r, &q, &d);
	size_t at = f->count;
	diagnose_caa(&d, &q, f);
	if (refused && f->count > at && permitted) {
		/* some methods pass, others not: say which pass */
		char list[96];
		struct finding *x = &f->items[at];
		size_t len = strlen(x->title);
		method_list(list, sizeof list, permitted);
		snprintf(x->title + len, sizeof x->title - len, " with %s", list);
	}
}
