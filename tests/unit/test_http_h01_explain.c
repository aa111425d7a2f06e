/* The HTTP-01 report's sentences (src/http/h01_explain.c): the one IPv6
 * advice (R-V6-4), the fallback rule's line (R-V6-2, R-HTTP-2), and which
 * explanation each of a result's flags brings, in order. */
#include <criterion/criterion.h>
#include <string.h>

#include "http/h01_explain.h"

static struct h01_result res;

Test(h01_explain, r_v6_4_one_advice)
{
	cr_assert_str_eq(h01_ipv6_advice(),
			 "point the AAAA record at the server that runs the ACME client, or remove "
			 "it if the domain is not meant to work over IPv6. There is no way to ask "
			 "Let's Encrypt to prefer IPv4 (R-V6-4).");
}

Test(h01_explain, the_fallback_rules_line_r_v6_2_r_http_2)
{
	cr_assert_str_eq(h01_fallback_text(H01_FALLBACK_TIMEOUT),
			 "timeout (LE's documented rule, R-V6-2: only an IPv6 connect timeout of "
			 "the first request)");
	cr_assert_str_eq(h01_fallback_text(H01_FALLBACK_DIAL),
			 "dial (Boulder's code, R-HTTP-2: any IPv6 connect error; a redirect hop's "
			 "restarts the chain)");
}

Test(h01_explain, a_clean_result_needs_no_explanation)
{
	memset(&res, 0, sizeof res);
	res.verdict = H01_VALID;
	struct h01_explanation ex[H01_MAX_EXPLANATIONS];
	cr_assert_eq(h01_explain(&res, ex, H01_MAX_EXPLANATIONS), 0);
}

Test(h01_explain, r_v6_4_an_aaaa_at_another_server)
{
	memset(&res, 0, sizeof res);
	res.verdict = H01_INVALID;
	res.v6_answered_wrong = true;
	struct h01_explanation ex[H01_MAX_EXPLANATIONS];
	cr_assert_eq(h01_explain(&res, ex, H01_MAX_EXPLANATIONS), 1);
	cr_assert_str_eq(ex[0].heading, "Why");
	cr_assert_str_eq(ex[0].text,
			 "the domain has an AAAA record, so Let's Encrypt asked the IPv6 address "
			 "first (R-V6-1). A server answered there, so it never tried the A record "
			 "(R-V6-2): the AAAA probably points at another server than the one that "
			 "runs the ACME client.");
	cr_assert_eq(ex[0].fix, h01_ipv6_advice());
}

Test(h01_explain, every_flag_in_order)
{
	memset(&res, 0, sizeof res);
	res.verdict = H01_INVALID;
	res.v6_answered_wrong = res.redirect_v6_failed = res.restarted = true;
	res.v6_refused_no_retry = res.fell_back = res.special_tld_seen = true;
	res.reserved_seen = true;
	struct h01_explanation ex[H01_MAX_EXPLANATIONS];
	/* the IPv4-retry warning is for a validation that passed only */
	cr_assert_eq(h01_explain(&res, ex, H01_MAX_EXPLANATIONS), 6);
	const char *headings[] = {"Why", "Why", "Note (R-HTTP-2)", "Note", "Note (R-HTTP-3)",
				  "Note (R-HTTP-7)"};
	for (size_t i = 0; i < 6; i++)
		cr_assert_str_eq(ex[i].heading, headings[i], "%zu", i);
	cr_assert(strstr(ex[1].text, "(R-V6-3)"));
	cr_assert(strstr(ex[1].fix, "do not redirect /.well-known/acme-challenge/"));
	cr_assert_null(ex[2].fix);
	cr_assert_str_eq(ex[3].text,
			 "the IPv6 connection failed without a timeout. Let's Encrypt's "
			 "documentation retries over IPv4 only after a timeout (R-V6-2), while "
			 "Boulder's code retries after any connect error: try --fallback dial.");
	cr_assert_eq(ex[3].fix, h01_ipv6_advice());
	res.verdict = H01_SERVED;
	cr_assert_eq(h01_explain(&res, ex, H01_MAX_EXPLANATIONS), 7);
	cr_assert_str_eq(ex[4].heading, "Warning");
	cr_assert_str_eq(ex[4].text, "this passed only through the IPv4 retry; IPv6 does not work. "
				     "Any redirect would prefer IPv6 again and fail (R-V6-3).");
	/* a short array gets the first ones */
	cr_assert_eq(h01_explain(&res, ex, 2), 2);
	cr_assert_str_eq(ex[1].heading, "Why");
}

/* R-V6-4: the fix when IPv6 is what failed is the first explanation's
 * fix, for every combination of the three IPv6 flags (the doctor's
 * http01_invalid finding gives it) */
Test(h01_explain, r_v6_4_the_ipv6_fix_is_the_first_explanations)
{
	for (int m = 0; m < 8; m++) {
		memset(&res, 0, sizeof res);
		res.verdict = H01_INVALID;
		res.v6_answered_wrong = m & 1;
		res.redirect_v6_failed = m & 2;
		res.v6_refused_no_retry = m & 4;
		struct h01_explanation ex[H01_MAX_EXPLANATIONS];
		size_t n = h01_explain(&res, ex, H01_MAX_EXPLANATIONS);
		const char *first = NULL;
		for (size_t i = 0; !first && i < n; i++)
			first = ex[i].fix;
		cr_assert_eq(h01_ipv6_fix(&res), first, "flags %d", m);
	}
	memset(&res, 0, sizeof res);
	res.redirect_v6_failed = true;
	cr_assert_str_eq(h01_ipv6_fix(&res),
			 "repair IPv6 for the redirect target (or remove its AAAA record), or do "
			 "not redirect /.well-known/acme-challenge/ (for example from HTTP to "
			 "HTTPS) (R-V6-4).");
	res.v6_answered_wrong = true;
	cr_assert_eq(h01_ipv6_fix(&res), h01_ipv6_advice());
	memset(&res, 0, sizeof res);
	res.fell_back = res.restarted = res.reserved_seen = true; /* no IPv6 fix */
	cr_assert_null(h01_ipv6_fix(&res));
}
