#include "http/h01_explain.h"

const char *h01_ipv6_advice(void)
{
	/* R-V6-4: nobody can make Let's Encrypt try IPv4 first; the fix is
	 * the AAAA record or the server behind it (Let's Encrypt's IPv6
	 * Support page, https://letsencrypt.org/docs/ipv6-support/) */
	return "point the AAAA record at the server that runs the ACME client, or remove it if "
	       "the domain is not meant to work over IPv6. There is no way to ask Let's Encrypt "
	       "to prefer IPv4 (R-V6-4).";
}

/* R-V6-3, R-V6-4: a redirected request has no IPv4 retry of its own */
static const char redirect_v6_fix[] =
    "repair IPv6 for the redirect target (or remove its AAAA record), or do not "
    "redirect /.well-known/acme-challenge/ (for example from HTTP to HTTPS) (R-V6-4).";

const char *h01_ipv6_fix(const struct h01_result *res)
{
	if (res->v6_answered_wrong)
		return h01_ipv6_advice();
	if (res->redirect_v6_failed)
		return redirect_v6_fix;
	return res->v6_refused_no_retry ? h01_ipv6_advice() : NULL;
}

const char *h01_fallback_text(enum h01_fallback rule)
{
	if (rule == H01_FALLBACK_TIMEOUT)
		return "timeout (LE's documented rule, R-V6-2: only an IPv6 connect timeout of the "
		       "first request)";
	return "dial (Boulder's code, R-HTTP-2: any IPv6 connect error; a redirect hop's restarts "
	       "the chain)";
}

static void add(struct h01_explanation *out, size_t cap, size_t *n, const char *heading,
		const char *text, const char *fix)
{
	if (*n < cap)
		out[*n] = (struct h01_explanation){.heading = heading, .text = text, .fix = fix};
	(*n)++;
}

size_t h01_explain(const struct h01_result *res, struct h01_explanation *out, size_t cap)
{
	size_t n = 0;
	bool ok = res->verdict == H01_VALID || res->verdict == H01_SERVED;
	if (res->v6_answered_wrong)
		/* R-V6-1, R-V6-2: IPv6 answered, so IPv4 was never asked */
		add(out, cap, &n, "Why",
		    "the domain has an AAAA record, so Let's Encrypt asked the IPv6 address first "
		    "(R-V6-1). A server answered there, so it never tried the A record (R-V6-2): the "
		    "AAAA probably points at another server than the one that runs the ACME client.",
		    h01_ipv6_advice());
	if (res->redirect_v6_failed)
		/* R-V6-3: a redirect hop has no IPv4 retry of its own */
		add(out, cap, &n, "Why",
		    "a redirect was followed, and the redirected request preferred IPv6 again "
		    "(R-V6-3): its IPv6 connection failed, and a redirected request gets no IPv4 "
		    "retry of its own.",
		    redirect_v6_fix);
	if (res->restarted)
		add(out, cap, &n, "Note (R-HTTP-2)",
		    "under Boulder's code that connect error restarted the whole chain once, from "
		    "the first URL over IPv4. Its redirect count and the URLs already requested "
		    "carry over, so the same redirect is then a loop unless the IPv4 server "
		    "redirects elsewhere.",
		    NULL);
	if (res->v6_refused_no_retry)
		/* R-V6-2 as documented, R-HTTP-2 as coded */
		add(out, cap, &n, "Note",
		    "the IPv6 connection failed without a timeout. Let's Encrypt's documentation "
		    "retries over IPv4 only after a timeout (R-V6-2), while Boulder's code retries "
		    "after any connect error: try --fallback dial.",
		    h01_ipv6_advice());
	if (res->fell_back && ok)
		add(out, cap, &n, "Warning",
		    "this passed only through the IPv4 retry; IPv6 does not work. Any redirect "
		    "would prefer IPv6 again and fail (R-V6-3).",
		    NULL);
	if (res->special_tld_seen)
		add(out, cap, &n, "Note (R-HTTP-3)",
		    "a redirect went to a host under a special-use TLD (.test, .example, .local...). "
		    "Let's Encrypt would refuse it (a redirect target must end in an IANA TLD); "
		    "acmeprobe followed it anyway.",
		    NULL);
	if (res->reserved_seen)
		add(out, cap, &n, "Note (R-HTTP-7)",
		    "some addresses above are reserved (loopback, private, documentation...). Let's "
		    "Encrypt would refuse to connect to them; acmeprobe connected anyway.",
		    NULL);
	return n < cap ? n : cap;
}
