/* DNS-01: the name, the value, the match, the CA's words, each server. */
#include "acme/dns01.h"

#include <stdio.h>
#include <string.h>

#include "acme/encode.h"
#include "acme/le_text.h"
#include "dns/text.h"
#include "dns/types.h"

/* ---- the name ---------------------------------------------------------- */

enum acme_name_result acme_challenge_name(const char *domain, const char *prefix,
					  uint8_t domain_wire[DNS_MAX_NAME],
					  uint8_t name_wire[DNS_MAX_NAME], bool *wildcard,
					  enum dns_err *err)
{
	size_t len, plen;
	uint8_t pre[DNS_MAX_NAME];
	*err = DNS_OK;
	/* R-DNS01-1 (boulder va/va.go validateChallenge): a wildcard's "*."
	 * is dropped; R-PERSIST-2 remembers that it was there */
	*wildcard = domain[0] == '*' && domain[1] == '.';
	if (*wildcard)
		domain += 2;
	*err = dns_name_from_text(domain, strlen(domain), domain_wire, &len);
	if (*err != DNS_OK)
		return ACME_NAME_BAD;
	if (domain_wire[0] == 0)
		return ACME_NAME_ROOT;
	*err = dns_name_from_text(prefix, strlen(prefix), pre, &plen);
	if (*err != DNS_OK)
		return ACME_NAME_BAD;
	/* the prefix's labels (without its root octet), then the domain's */
	if (plen - 1 + len > DNS_MAX_NAME)
		return ACME_NAME_TOO_LONG;
	memcpy(name_wire, pre, plen - 1);
	memcpy(name_wire + plen - 1, domain_wire, len);
	return ACME_NAME_OK;
}

void acme_name_text(const uint8_t *wire, char *out, size_t cap)
{
	struct dns_text t;
	dns_text_init(&t, out, cap);
	dns_text_name(&t, wire);
	size_t n = strlen(out);
	if (n > 1 && out[n - 1] == '.')
		out[--n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (out[i] >= 'A' && out[i] <= 'Z')
			out[i] = (char)(out[i] + 32);
}

void dns01_value(const uint8_t digest[ACME_SHA256_LEN], char out[DNS01_VALUE_LEN + 1])
{
	/* R-DNS01-2: base64.RawURLEncoding of the digest (boulder validateDNS) */
	acme_base64url(digest, ACME_SHA256_LEN, out);
}

void account_label(const uint8_t digest[ACME_SHA256_LEN], char out[ACCOUNT_LABEL_LEN + 1])
{
	/* R-ACCOUNT-1: strings.ToLower(base32.StdEncoding.EncodeToString(
	 * sum[0:10])): 10 octets are two whole groups, so no padding */
	acme_base32_lower(digest, 10, out);
}

/* ---- the records ------------------------------------------------------- */

enum acme_txt_err acme_txt_join(const uint8_t *rdata, size_t rdlen, uint8_t *out, size_t cap,
				size_t *out_len)
{
	size_t o = 0;
	*out_len = 0;
	for (size_t i = 0; i < rdlen;) {
		size_t n = rdata[i++];
		if (n > rdlen - i)
			return ACME_TXT_CUT;
		if (n > cap - o)
			return ACME_TXT_NOSPACE;
		memcpy(out + o, rdata + i, n);
		o += n;
		i += n;
	}
	*out_len = o;
	return ACME_TXT_OK;
}

long dns01_match(const struct acme_txt *rrs, size_t n, const uint8_t *expected, size_t len)
{
	/* R-DNS01-3 (boulder validateDNS): strings.Join(rr.Txt, "") ==
	 * digest, for each RR in turn; one is enough */
	for (size_t i = 0; i < n; i++)
		if (rrs[i].len == len && (len == 0 || memcmp(rrs[i].value, expected, len) == 0))
			return (long)i;
	return -1;
}

/* ---- the CA's verdict -------------------------------------------------- */

static void set_problem(struct acme_verdict *out, enum acme_outcome o, const char *type,
			const char *rule)
{
	out->outcome = o;
	out->problem_type = type;
	out->rule = rule;
}

void dns01_decide(const struct acme_lookup *lk, const char *name_text, const uint8_t *expected,
		  size_t expected_len, const char *account_uri, struct acme_verdict *out)
{
	size_t len = 0;
	bool ok = true;
	memset(out, 0, sizeof *out);
	out->matched = -1;
	if (lk->error != DNS_EC_NONE) {
		/* R-DNS01-4: berrors.DNSError("%s", err): bdns's text as it is,
		 * with no account suffix (that is for unauthorized ones only) */
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
		set_problem(out, lk->error == DNS_EC_NXDOMAIN ? ACME_INVALID : ACME_DNS_ERROR,
			    LE_PROBLEM_DNS, "R-DNS01-4");
		out->detail_cut = !le_dns_problem(&e, out->detail, sizeof out->detail);
		return;
	}
	if (lk->txt_count == 0) {
		/* R-DNS01-4: "a distinct error message to allow troubleshooters
		 * to differentiate between no TXT records and invalid ones" */
		set_problem(out, ACME_INVALID, LE_PROBLEM_UNAUTHORIZED, "R-DNS01-4");
		ok = le_append(out->detail, sizeof out->detail, &len, "No TXT record found at %s",
			       name_text);
	} else if (!expected) {
		set_problem(out, ACME_PUBLISHED, NULL, "R-DNS01-3");
		return;
	} else if ((out->matched = dns01_match(lk->txt, lk->txt_count, expected, expected_len)) >=
		   0) {
		set_problem(out, ACME_VALID, NULL, "R-DNS01-3");
		return;
	} else {
		/* R-DNS01-4: the first RR (answer order) cut at 100 octets plus
		 * "...", Go-quoted, "(and N more)" when there are others */
		const struct acme_txt *first = &lk->txt[0];
		bool cut = first->len > DNS01_SHOWN_MAX;
		set_problem(out, ACME_INVALID, LE_PROBLEM_UNAUTHORIZED, "R-DNS01-4");
		ok = le_append(out->detail, sizeof out->detail, &len, "Incorrect TXT record ");
		if (cut) {
			/* Go appends "..." before quoting: it is inside the quotes */
			uint8_t shown[DNS01_SHOWN_MAX + 3];
			memcpy(shown, first->value, DNS01_SHOWN_MAX);
			memset(shown + DNS01_SHOWN_MAX, '.', 3);
			ok &=
			    le_go_quote(shown, sizeof shown, out->detail, sizeof out->detail, &len);
		} else {
			ok &= le_go_quote(first->value, first->len, out->detail, sizeof out->detail,
					  &len);
		}
		if (lk->txt_count > 1)
			ok &= le_append(out->detail, sizeof out->detail, &len, " (and %zu more)",
					lk->txt_count - 1);
		ok &= le_append(out->detail, sizeof out->detail, &len, " found at %s", name_text);
	}
	if (account_uri) {
		/* R-ACCOUNT-1: UnauthorizedError("%s (account: %q)", err, uri) */
		ok &= le_append(out->detail, sizeof out->detail, &len, " (account: ");
		ok &= le_go_quote((const uint8_t *)account_uri, strlen(account_uri), out->detail,
				  sizeof out->detail, &len);
		ok &= le_append(out->detail, sizeof out->detail, &len, ")");
	}
	out->detail_cut = !ok;
}

/* ---- each authoritative server ----------------------------------------- */

bool acme_serial_older(uint32_t a, uint32_t b)
{
	/* RFC 1982 s3.2: a < b when (a < b and b - a < 2^31) or (a > b and
	 * a - b > 2^31); 2^31 apart is undefined: neither */
	return a != b && (uint32_t)(b - a) < 0x80000000u;
}

/* An answer a resolver would take as the zone's word: authoritative,
 * NOERROR or NXDOMAIN. */
static bool authoritative_answer(const struct acme_server *s)
{
	return s->error == DNS_EC_NONE && s->aa &&
	       (s->rcode == DNS_RCODE_NOERROR || s->rcode == DNS_RCODE_NXDOMAIN);
}

enum acme_server_state acme_server_judge(const struct acme_server *s, size_t n, size_t i,
					 uint32_t *newest, bool *has_newest)
{
	*has_newest = false;
	*newest = 0;
	for (size_t k = 0; k < n; k++)
		if (authoritative_answer(&s[k]) && s[k].serves && s[k].has_serial &&
		    (!*has_newest || acme_serial_older(*newest, s[k].serial))) {
			*newest = s[k].serial;
			*has_newest = true;
		}
	const struct acme_server *me = &s[i];
	if (me->error != DNS_EC_NONE)
		return ACME_SRV_SILENT;
	if (!authoritative_answer(me))
		return ACME_SRV_LAME;
	if (me->serves && me->rcode == DNS_RCODE_NOERROR)
		return ACME_SRV_SERVES;
	if (*has_newest && me->has_serial && acme_serial_older(me->serial, *newest))
		return ACME_SRV_LAGS;
	return ACME_SRV_MISSING;
}

void acme_server_sentence(const struct acme_server *s, size_t n, size_t i, const char *who,
			  char *out, size_t cap)
{
	const struct acme_server *me = &s[i];
	uint32_t newest;
	bool has_newest;
	enum acme_server_state st = acme_server_judge(s, n, i, &newest, &has_newest);
	char rcode[DNS_TYPE_TEXT], serial[48] = "";
	size_t len = 0;
	out[0] = '\0';
	if (me->has_serial)
		snprintf(serial, sizeof serial, "SOA serial %u", me->serial);
	switch (st) {
	case ACME_SRV_SERVES:
		le_append(out, cap, &len, "%s serves it%s%s%s", who, me->has_serial ? " (" : "",
			  serial, me->has_serial ? ")" : "");
		return;
	case ACME_SRV_SILENT:
		le_append(out, cap, &len,
			  "%s does not answer (%s): resolvers, the CA's among them, try another "
			  "server, after a delay",
			  who, dns_errclass_name(me->error));
		return;
	case ACME_SRV_LAME:
		if (me->error == DNS_EC_NONE && !me->aa &&
		    (me->rcode == DNS_RCODE_NOERROR || me->rcode == DNS_RCODE_NXDOMAIN))
			le_append(out, cap, &len,
				  "%s answers without the AA flag: it does not serve the zone "
				  "(lame); resolvers try another server",
				  who);
		else
			le_append(out, cap, &len, "%s answers %s: resolvers try another server",
				  who, dns_rcode_to_text(me->rcode, rcode));
		return;
	default:
		break;
	}
	/* it answers for the zone, without the record: say what it gave */
	const char *gave = me->rcode == DNS_RCODE_NXDOMAIN ? "NXDOMAIN (no such name)"
			   : me->records == 0		   ? "no TXT record"
							   : NULL;
	if (st == ACME_SRV_LAGS) {
		le_append(out, cap, &len,
			  "%s does not serve it yet: its SOA serial %u is older than %u", who,
			  me->serial, newest);
		return;
	}
	if (gave)
		le_append(out, cap, &len, "%s does not serve it: it answers %s", who, gave);
	else
		le_append(out, cap, &len,
			  "%s does not serve it: none of its %zu TXT record(s) is the one", who,
			  me->records);
	if (has_newest && me->has_serial && me->serial == newest)
		le_append(out, cap, &len,
			  ", with the same SOA serial %u as a server that serves it: the servers "
			  "disagree without a serial change",
			  me->serial);
	else if (has_newest && me->has_serial)
		le_append(out, cap, &len,
			  ", with SOA serial %u, not older than %u of a server that serves it: the "
			  "record was removed since, or the serials do not follow the changes",
			  me->serial, newest);
	else if (has_newest)
		le_append(out, cap, &len, " (its SOA serial is unknown)");
	else if (me->has_serial)
		le_append(out, cap, &len, " (%s)", serial);
}

enum acme_outcome acme_combine(enum acme_outcome lookup, const struct acme_server *s, size_t n,
			       long *first)
{
	*first = -1;
	for (size_t i = 0; i < n; i++) {
		uint32_t newest;
		bool has_newest;
		enum acme_server_state st = acme_server_judge(s, n, i, &newest, &has_newest);
		if (st == ACME_SRV_LAGS || st == ACME_SRV_MISSING) {
			*first = (long)i;
			break;
		}
	}
	if (*first >= 0 && (lookup == ACME_VALID || lookup == ACME_PUBLISHED))
		return ACME_INVALID;
	return lookup;
}
