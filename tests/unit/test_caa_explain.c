/* CAA's words (src/caa/explain.c), on walks built by hand: the record as
 * a zone file writes it, the --trace account of a walk line by line with
 * the rule each line applies, and the paragraph that says why. `acmeprobe
 * caa` and `acmeprobe check` both print these. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "caa/explain.h"
#include "caa_walks.h"
#include "helpers.h"

/* The lines of caa_explain_walk, each as "[rule] line\n", as the command
 * line prints them. */
struct lines {
	char text[8192];
	size_t len;
};

static void collect(void *ctx, const char *rule, const char *line)
{
	struct lines *l = ctx;
	int n = snprintf(l->text + l->len, sizeof l->text - l->len, "[%s] %s\n", rule, line);
	cr_assert(n > 0 && (size_t)n < sizeof l->text - l->len, "lines too long for the test");
	l->len += (size_t)n;
}

static void explain(const struct walk *w, const struct caa_request *q, struct lines *out)
{
	struct caa_walk_result r;
	decide_walk(w, q, &r);
	memset(out, 0, sizeof *out);
	caa_explain_walk(&r, q, collect, out);
}

Test(caa_explain, record_text_as_a_zone_file_writes_it)
{
	static struct walk w;
	char buf[1024];
	walk_init(&w, "example.com");
	add_rec(&w, 0, 0, "issue", "letsencrypt.org");
	caa_record_text(buf, sizeof buf, &w.lab[0].rec[0]);
	cr_assert_str_eq(buf, "0 issue \"letsencrypt.org\"");
	/* a tag octet outside [A-Za-z0-9] (which the parser would refuse) as
	 * \DDD, the value quoted with '"' escaped */
	struct caa_record odd = {.flags = 128,
				 .tag = (const uint8_t *)"tb_s",
				 .tag_len = 4,
				 .value = (const uint8_t *)"a\"b",
				 .value_len = 3};
	caa_record_text(buf, sizeof buf, &odd);
	cr_assert_str_eq(buf, "128 tb\\095s \"a\\\"b\"", "got %s", buf);
}

/* R-CAA-7: empty labels go up; R-CAA-9: an unknown tag without the
 * critical flag is ignored; R-CAA-10: issuewild does not count for a
 * name that is no wildcard; R-CAA-11: the issue record decides. */
Test(caa_explain, r_caa_7_r_caa_11_walk_up_to_the_relevant_rrset)
{
	static struct walk w;
	struct lines l;
	walk_init(&w, "www.example.com");
	add_rec(&w, 1, 0, "tbs", "x");
	add_rec(&w, 1, 0, "issuewild", ";");
	add_rec(&w, 1, 0, "issue", "letsencrypt.org");
	struct caa_request q = req(false);
	explain(&w, &q, &l);
	cr_assert_str_eq(l.text,
			 "[R-CAA-7] www.example.com. CAA: empty -> go up to the parent\n"
			 "[R-CAA-7] example.com. CAA: 3 record(s) -> relevant RRset (RFC 8659 s3)\n"
			 "[R-CAA-9] 0 tbs \"x\": unknown tag, not critical: ignored\n"
			 "[R-CAA-10] 0 issuewild \";\": does not count for this request\n"
			 "[R-CAA-11] 0 issue \"letsencrypt.org\": authorizes this CA\n"
			 "[R-CAA-11] decision: permitted\n",
			 "got:\n%s", l.text);
}

Test(caa_explain, r_caa_1_no_record_up_to_the_tld)
{
	static struct walk w;
	struct lines l;
	walk_init(&w, "example.com");
	struct caa_request q = req(false);
	explain(&w, &q, &l);
	cr_assert_str_eq(l.text,
			 "[R-CAA-7] example.com. CAA: empty -> go up to the parent\n"
			 "[R-CAA-7] com. CAA: empty (the TLD) -> go up to the parent\n"
			 "[R-CAA-1] no CAA record up to the TLD: permitted\n",
			 "got:\n%s", l.text);
}

/* R-CAA-4: an error below any record fails closed, and the account
 * stops there */
Test(caa_explain, r_caa_4_error_fails_closed)
{
	static struct walk w;
	struct lines l;
	walk_init(&w, "www.example.com");
	set_error(&w, 1, DNS_EC_SERVFAIL);
	add_rec(&w, 2, 0, "issue", "letsencrypt.org");
	struct caa_request q = req(false);
	explain(&w, &q, &l);
	cr_assert_str_eq(l.text,
			 "[R-CAA-7] www.example.com. CAA: empty -> go up to the parent\n"
			 "[R-CAA-4] example.com. CAA: servfail -> error below any record: "
			 "fail closed\n",
			 "got:\n%s", l.text);
}

/* R-CAA-9: a critical unknown tag forbids, whatever else the RRset says */
Test(caa_explain, r_caa_9_critical_unknown_tag)
{
	static struct walk w;
	struct lines l;
	walk_init(&w, "example.com");
	add_rec(&w, 0, 128, "tbs", "x");
	add_rec(&w, 0, 0, "issue", "letsencrypt.org");
	struct caa_request q = req(false);
	explain(&w, &q, &l);
	cr_assert_str_eq(l.text,
			 "[R-CAA-7] example.com. CAA: 2 record(s) -> relevant RRset (RFC 8659 s3)\n"
			 "[R-CAA-9] 128 tbs \"x\": unknown tag, critical: forbids issuance\n"
			 "[R-CAA-10] 0 issue \"letsencrypt.org\": does not count for this request\n"
			 "[R-CAA-9] decision: forbidden\n",
			 "got:\n%s", l.text);
}

/* The paragraph: R-CAA-11 names the records that refuse, and what to add;
 * R-CAA-2 when the RRset is above the name */
Test(caa_explain, r_caa_11_reason_says_what_to_add)
{
	static struct walk w;
	static char buf[4096];
	walk_init(&w, "www.example.com");
	add_rec(&w, 1, 0, "issue", "ca.example");
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide_walk(&w, &q, &r);
	caa_reason(buf, sizeof buf, &r, &q);
	cr_assert_str_eq(buf,
			 "The issue records at example.com. do not authorize letsencrypt.org "
			 "(R-CAA-11): 0 issue \"ca.example\": it names another CA (R-CAA-11); "
			 "to allow it, add example.com. CAA 0 issue \"letsencrypt.org\" (or a CAA "
			 "RRset lower down, which takes precedence: R-CAA-2).",
			 "got: %s", buf);
}

/* R-CAA-4 and R-CAA-5: a timeout is read as a firewall that drops CAA */
Test(caa_explain, r_caa_5_reason_of_a_timeout)
{
	static struct walk w;
	static char buf[4096];
	walk_init(&w, "example.com");
	set_error(&w, 0, DNS_EC_TIMEOUT);
	struct caa_request q = req(false);
	struct caa_walk_result r;
	decide_walk(&w, &q, &r);
	cr_assert_eq(caa_deciding_label(&r), &w.lab[0].l);
	caa_reason(buf, sizeof buf, &r, &q);
	cr_assert_str_eq(
	    buf,
	    "The CAA query for example.com. got no answer, even after retries. The "
	    "usual cause is a firewall in front of the nameservers that drops queries "
	    "for types it does not know, such as CAA. Check that each nameserver of "
	    "the zone answers CAA queries (R-CAA-5, R-CAA-6). A CA cannot know whether "
	    "it may issue, so it refuses (fails closed).",
	    "got: %s", buf);
}
