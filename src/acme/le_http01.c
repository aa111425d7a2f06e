/* Let's Encrypt's words for an HTTP-01 validation (le_http01.h). */
#include "acme/le_http01.h"

#include <string.h>

/* make tiny (ACMEPROBE_LE_TEXT=0) leaves the texts out: no le_text there */
#ifndef ACMEPROBE_LE_TEXT
#define ACMEPROBE_LE_TEXT 1
#endif

#include "acme/le_text.h"

bool le_http01_problem(const struct h01_result *res, const char *key_authorization, char *out,
		       size_t cap)
{
#if !ACMEPROBE_LE_TEXT
	/* make tiny leaves Let's Encrypt's texts out, with the rules' */
	(void)out;
	return false;
#endif
	if (!cap || res->verdict == H01_VALID || res->verdict == H01_SERVED ||
	    res->attempt_count == 0)
		return false;
	const struct h01_attempt *a = &res->attempts[res->attempt_count - 1];
	size_t len = 0;
	out[0] = '\0';
	if (a->outcome == H01_BAD_REDIRECT || a->outcome == H01_TOO_LARGE)
		return false; /* the target refused, the body: not kept */
	if (a->http_status != 0 && a->http_status != 200)
		/* R-HTTP-4: processHTTPValidation, "Invalid response from %s: %d",
		 * the last validation record's address and URL */
		return le_append(out, cap, &len, "%s: Invalid response from %s: %d", a->address,
				 a->url, a->http_status);
	const char *what = NULL;
	switch (a->outcome) {
	case H01_TIMEOUT:
		/* R-HTTP-6: va/va.go detailedError tells the two timeouts apart */
		what = a->phase == HTTP_PHASE_CONNECT
			   ? "Timeout during connect (likely firewall problem)"
			   : "Timeout after connect (your server may be slow or overloaded)";
		break;
	case H01_REFUSED:
		what = "Connection refused";
		break;
	case H01_UNREACHABLE:
		what = "Network unreachable";
		break;
	case H01_RESET:
		what = "Connection reset by peer";
		break;
	case H01_HTTP_ERROR:
		/* no status line Go can read: detailedError's last resort; a
		 * body that fails to read has Go's own words */
		if (a->http_status == 0)
			what = "Error getting validation data";
		else
			return false;
		break;
	case H01_TLS_ERROR:
		/* R-HTTP-5: only plain HTTP where TLS was expected has fixed
		 * words ("malformed"); an alert's text is Go's */
		if (res->problem_type && strcmp(res->problem_type, LE_PROBLEM_MALFORMED) == 0)
			what = "Server only speaks HTTP, not TLS";
		break;
	case H01_OK:
		break;
	case H01_BAD_REDIRECT:
	case H01_TOO_LARGE:
		return false;
	}
	if (what)
		/* ipError, then url.Error: "<ip>: Fetching <url>: <detail>" */
		return le_append(out, cap, &len, "%s: Fetching %s: %s", a->address, a->url, what);
	if (a->outcome != H01_OK || a->http_status != 200 || !key_authorization || !res->has_body)
		return false;
	/* R-HTTP-4: validateHTTP01 trims the body's trailing white space and
	 * names both values with Go's %q; no address before it */
	size_t n = h01_trim_right_space(res->body, res->body_len);
	bool ok = le_append(out, cap, &len,
			    "The key authorization file from the server did not match this "
			    "challenge. Expected ");
	ok = ok && le_go_quote((const uint8_t *)key_authorization, strlen(key_authorization), out,
			       cap, &len);
	ok = ok && le_append(out, cap, &len, " (got ");
	ok = ok && le_go_quote(res->body, n, out, cap, &len);
	ok = ok && le_append(out, cap, &len, ")");
	return ok;
}
