/* CAA RDATA and the issue/issuewild value grammar. */
#include "caa/rdata.h"

#include <string.h>

const char *caa_strerror(enum caa_err e)
{
	static const char *const text[] = {
		[CAA_OK] = "no error",
		[CAA_E_SHORT] = "CAA RDATA shorter than its 2-octet header",
		[CAA_E_TAG_LEN0] = "CAA tag length 0",
		[CAA_E_TAG_PAST] = "CAA tag runs past the RDATA",
		[CAA_E_TAG_TOO_LONG] = "CAA tag longer than 15 octets (RFC 8659 s4.1)",
		[CAA_E_TAG_CHAR] = "CAA tag with characters other than letters and digits (RFC 8659 s4.1)",
		[CAA_E_PARAM_NO_EQUALS] = "parameter not written as tag=value (RFC 8659 s4.2)",
		[CAA_E_PARAM_TAG] = "parameter tag with characters other than letters and digits",
		[CAA_E_PARAM_VALUE] = "parameter value with whitespace, ';' or non-ASCII characters",
	};
	return (unsigned)e < CAA_E__COUNT ? text[e] : "unknown CAA error";
}

static bool is_alnum(uint8_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool equal_nocase(const uint8_t *a, size_t n, const char *lower)
{
	if (strlen(lower) != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = a[i];
		if (c >= 'A' && c <= 'Z')
			c = (uint8_t)(c + 32);
		if (c != (uint8_t)lower[i])
			return false;
	}
	return true;
}

enum caa_tag_kind caa_tag_kind(const uint8_t *tag, size_t len)
{
	/* R-CAA-9: tags compare case-insensitively (boulder lower-cases) */
	if (equal_nocase(tag, len, "issue"))
		return CAA_TAG_ISSUE;
	if (equal_nocase(tag, len, "issuewild"))
		return CAA_TAG_ISSUEWILD;
	if (equal_nocase(tag, len, "iodef"))
		return CAA_TAG_IODEF;
	if (equal_nocase(tag, len, "issuemail"))
		return CAA_TAG_ISSUEMAIL;
	if (equal_nocase(tag, len, "issuevmc"))
		return CAA_TAG_ISSUEVMC;
	return CAA_TAG_UNKNOWN;
}

const char *caa_tag_kind_name(enum caa_tag_kind k)
{
	static const char *const names[] = {"issue", "issuewild", "iodef", "issuemail",
					    "issuevmc", "unknown"};
	return names[k];
}

enum caa_err caa_rdata_parse(const uint8_t *rdata, size_t len, struct caa_record *rec)
{
	if (len < 2)
		return CAA_E_SHORT;
	size_t tag_len = rdata[1];
	if (tag_len == 0)
		return CAA_E_TAG_LEN0;
	if (tag_len > len - 2)
		return CAA_E_TAG_PAST;
	rec->flags = rdata[0];
	rec->tag = rdata + 2;
	rec->tag_len = tag_len;
	rec->value = rdata + 2 + tag_len;
	rec->value_len = len - 2 - tag_len;
	rec->kind = caa_tag_kind(rec->tag, tag_len);
	/* A sender must write 1..15 letters and digits; a receiver that meets
	 * anything else still has a record, of a property nobody knows. */
	for (size_t i = 0; i < tag_len; i++)
		if (!is_alnum(rec->tag[i]))
			return CAA_E_TAG_CHAR;
	if (tag_len > 15)
		return CAA_E_TAG_TOO_LONG;
	return CAA_OK;
}

static bool is_wsp(uint8_t c)
{
	return c == ' ' || c == '\t';
}

static void trim(const uint8_t **p, size_t *n)
{
	while (*n && is_wsp((*p)[0])) {
		(*p)++;
		(*n)--;
	}
	while (*n && is_wsp((*p)[*n - 1]))
		(*n)--;
}

/* The next ';'-separated part of [*p, end): sets *part and *n, moves *p
 * past the ';' (or to end); returns false when no part is left. */
static bool next_part(const uint8_t **p, const uint8_t *end, bool *more,
		      const uint8_t **part, size_t *n)
{
	if (!*more)
		return false;
	const uint8_t *semi = memchr(*p, ';', (size_t)(end - *p));
	*part = *p;
	*n = (size_t)((semi ? semi : end) - *p);
	*more = semi != NULL;
	*p = semi ? semi + 1 : end;
	return true;
}

enum caa_err caa_issue_parse(const uint8_t *value, size_t len, struct caa_issue *out)
{
	const uint8_t *p = value, *end = value + len, *part;
	size_t n;
	bool more = true;
	out->param_count = 0;
	out->rest = end;
	out->rest_len = 0;
	next_part(&p, end, &more, &part, &n);
	trim(&part, &n);
	out->issuer = part;
	out->issuer_len = n;
	if (!more)
		return CAA_OK;

	/* "ca.example;" (or "ca.example; "): a single empty part after the
	 * issuer means no parameters */
	const uint8_t *rest = p;
	size_t rest_len = (size_t)(end - p);
	trim(&rest, &rest_len);
	if (rest_len == 0)
		return CAA_OK;
	out->rest = p;
	out->rest_len = (size_t)(end - p);

	while (next_part(&p, end, &more, &part, &n)) {
		const uint8_t *eq = memchr(part, '=', n);
		if (!eq)
			return CAA_E_PARAM_NO_EQUALS;
		const uint8_t *tag = part, *val = eq + 1;
		size_t tag_len = (size_t)(eq - part), val_len = n - tag_len - 1;
		trim(&tag, &tag_len);
		trim(&val, &val_len);
		for (size_t i = 0; i < tag_len; i++)
			if (!is_alnum(tag[i]))
				return CAA_E_PARAM_TAG;
		for (size_t i = 0; i < val_len; i++)
			if (val[i] < 0x21 || val[i] > 0x7E || val[i] == ';')
				return CAA_E_PARAM_VALUE;
		if (out->param_count < CAA_MAX_PARAMS)
			out->params[out->param_count] = (struct caa_param){
				.tag = tag, .tag_len = tag_len, .value = val, .value_len = val_len};
		out->param_count++;
	}
	return CAA_OK;
}

const struct caa_param *caa_issue_param(const struct caa_issue *v, const char *tag,
					struct caa_param *found, size_t *count)
{
	/* Scans the whole parameter text again (it was checked by
	 * caa_issue_parse), so that no parameter escapes the count. */
	const uint8_t *p = v->rest, *end = v->rest + v->rest_len, *part;
	size_t n, want = strlen(tag);
	bool more = v->rest_len > 0;
	*count = 0;
	while (next_part(&p, end, &more, &part, &n)) {
		const uint8_t *eq = memchr(part, '=', n);
		if (!eq)
			continue;
		const uint8_t *t = part, *val = eq + 1;
		size_t tl = (size_t)(eq - part), vl = n - tl - 1;
		trim(&t, &tl);
		trim(&val, &vl);
		if (tl != want || memcmp(t, tag, want) != 0)
			continue;
		if ((*count)++ == 0)
			*found = (struct caa_param){.tag = t, .tag_len = tl, .value = val, .value_len = vl};
	}
	return *count ? found : NULL;
}
