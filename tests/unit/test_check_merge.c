/* check/merge.c: check reports read from their JSON, and merged as the
 * perspectives of a multi-perspective validation (R-MPIC-1..5). The
 * reports here are written by hand for the edges; tests/integration/
 * test_check_merge.sh merges reports the tool made on a bed whose
 * perspectives differ. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "check/merge.h"

static struct merge_report R[8];
static const char *L[8] = {"p", "r1", "r2", "r3", "r4", "r5", "r6", "r7"};
static struct merge_result M;

/* Reads a report from JSON text into R[i]. */
static enum merge_read_err read_report(size_t i, const char *json)
{
	struct json_doc d;
	cr_assert_eq(json_parse((const uint8_t *)json, strlen(json), NULL, &d, NULL), JSON_OK, "%s",
		     json);
	enum merge_read_err e = merge_read_report(&d, &R[i]);
	json_doc_free(&d);
	return e;
}

/* A report of www.example.com.: CAA and HTTP-01 as given ("pass",
 * "fail", NULL: absent), with its LE texts and one more finding. */
static void make(size_t i, const char *caa, const char *dcv, const char *extra_code,
		 const char *extra_title)
{
	char json[4096];
	size_t n =
	    (size_t)snprintf(json, sizeof json,
			     "{\"domain\":\"www.example.com.\",\"verdict\":\"ok\",\"findings\":[");
	const char *sep = "";
	if (caa) {
		n += (size_t)snprintf(json + n, sizeof json - n,
				      "%s{\"severity\":\"%s\",\"code\":\"%s\",\"title\":\"CAA\"}",
				      sep, strcmp(caa, "pass") == 0 ? "info" : "error",
				      strcmp(caa, "pass") == 0 ? "caa_permitted"
							       : "caa_lookup_failed");
		sep = ",";
	}
	if (dcv) {
		n += (size_t)snprintf(
		    json + n, sizeof json - n,
		    "%s{\"severity\":\"%s\",\"code\":\"%s\",\"title\":\"HTTP-01\"}", sep,
		    strcmp(dcv, "pass") == 0 ? "info" : "error",
		    strcmp(dcv, "pass") == 0 ? "http01_valid" : "http01_invalid");
		sep = ",";
	}
	if (extra_code)
		n += (size_t)snprintf(json + n, sizeof json - n,
				      "%s{\"severity\":\"error\",\"code\":\"%s\",\"title\":\"%s\"}",
				      sep, extra_code, extra_title);
	n += (size_t)snprintf(json + n, sizeof json - n, "],\"le_text\":[");
	sep = "";
	if (caa && strcmp(caa, "fail") == 0) {
		n += (size_t)snprintf(json + n, sizeof json - n,
				      "\"While processing CAA for www.example.com: DNS problem: "
				      "query timed out looking up CAA for www.example.com\"");
		sep = ",";
	}
	if (dcv && strcmp(dcv, "fail") == 0)
		n += (size_t)snprintf(json + n, sizeof json - n,
				      "%s\"192.0.2.1: Fetching http://www.example.com/.well-known/"
				      "acme-challenge/t: Connection refused\"",
				      sep);
	snprintf(json + n, sizeof json - n,
		 "],\"vantage\":{\"label\":\"%s\",\"rir\":null,\"resolver\":\"192.0.2.53:53\","
		 "\"time\":\"2026-12-20T10:00:00Z\",\"version\":\"0.1.0\"}}",
		 L[i]);
	cr_assert_eq(read_report(i, json), MERGE_READ_OK, "%s", json);
}

/* R-MPIC-4: the report's fields: steps from the finding codes, LE's words
 * split between CAA (DoCAA's prefix) and HTTP-01, the vantage */
Test(merge, read_report_R_MPIC_4)
{
	cr_assert_eq(
	    read_report(
		0, "{\"domain\":\"a.example.\",\"findings\":["
		   "{\"severity\":\"error\",\"code\":\"ns_drops_caa\",\"title\":\"Nameserver "
		   "ns2.a.example. (192.0.2.2:53) drops CAA queries: permanent (3 of 3)\"},"
		   "{\"severity\":\"error\",\"code\":\"caa_lookup_failed\",\"title\":\"x\"},"
		   "{\"severity\":\"error\",\"code\":\"http01_invalid\",\"title\":\"y\"}],"
		   "\"le_text\":[\"While processing CAA for a.example: A\",\"B\",\"C\"],"
		   "\"vantage\":{\"label\":\"fra1\",\"rir\":\"RIPE\",\"resolver\":\"1.2.3.4:53\","
		   "\"time\":\"2026-12-02T01:02:03Z\",\"version\":\"0.1.0\"}}"),
	    MERGE_READ_OK);
	cr_assert_str_eq(R[0].domain, "a.example.");
	cr_assert_eq(R[0].caa, MERGE_FAIL);
	cr_assert_eq(R[0].dcv, MERGE_FAIL);
	cr_assert_str_eq(R[0].caa_text, "While processing CAA for a.example: A");
	cr_assert_str_eq(R[0].dcv_text, "B", "the first text that is not CAA's");
	cr_assert_str_eq(R[0].label, "fra1");
	cr_assert_str_eq(R[0].rir, "RIPE");
	cr_assert_str_eq(R[0].time, "2026-12-02T01:02:03Z");
	cr_assert_eq(R[0].finding_count, 3);
	cr_assert_str_eq(R[0].findings[0].title,
			 "Nameserver ns2.a.example. (192.0.2.2:53) drops CAA "
			 "queries",
			 "the repeat's count is not part of the finding");
	/* no vantage, a null one, no le_text: empty fields, steps absent */
	cr_assert_eq(read_report(1, "{\"domain\":\"a.\",\"findings\":[],\"vantage\":null}"),
		     MERGE_READ_OK);
	cr_assert_eq(R[1].caa, MERGE_ABSENT);
	cr_assert_eq(R[1].dcv, MERGE_ABSENT);
	cr_assert_str_eq(R[1].label, "");
	/* permitted, then a forbidding finding: the failure wins */
	cr_assert_eq(read_report(2, "{\"domain\":\"a.\",\"findings\":[{\"code\":\"caa_permitted\"},"
				    "{\"code\":\"caa_forbidden\"},{\"code\":\"http01_valid\"}]}"),
		     MERGE_READ_OK);
	cr_assert_eq(R[2].caa, MERGE_FAIL);
	cr_assert_eq(R[2].dcv, MERGE_PASS);
}

Test(merge, read_errors)
{
	static const struct {
		const char *json;
		enum merge_read_err e;
	} cases[] = {
	    {"[]", MERGE_READ_NOT_OBJECT},
	    {"\"x\"", MERGE_READ_NOT_OBJECT},
	    {"{}", MERGE_READ_NO_DOMAIN},
	    {"{\"domain\":5,\"findings\":[]}", MERGE_READ_NO_DOMAIN},
	    {"{\"domain\":\"a.\"}", MERGE_READ_NO_FINDINGS},
	    {"{\"domain\":\"a.\",\"findings\":{}}", MERGE_READ_NO_FINDINGS},
	    {"{\"domain\":\"a.\",\"findings\":[{\"title\":\"t\"}]}", MERGE_READ_BAD_FINDING},
	    {"{\"domain\":\"a.\",\"findings\":[{\"code\":1}]}", MERGE_READ_BAD_FINDING},
	    {"{\"domain\":\"a.\",\"findings\":[],\"vantage\":\"here\"}", MERGE_READ_BAD_VANTAGE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cr_assert_eq(read_report(0, cases[i].json), cases[i].e, "%s", cases[i].json);
		cr_assert(merge_read_err_text(cases[i].e)[0]);
	}
}

/* R-MPIC-2, R-MPIC-4: CAA only (no --token anywhere), one remote of three
 * failing: valid; the failure is the difference, named at its place */
Test(merge, caa_only_quorum_met_R_MPIC_2_R_MPIC_4)
{
	make(0, "pass", NULL, NULL, NULL);
	make(1, "pass", NULL, NULL, NULL);
	make(2, "fail", NULL, "ns_drops_caa", "Nameserver ns2 drops CAA queries");
	make(3, "pass", NULL, NULL, NULL);
	merge_decide(R, L, 4, &M);
	cr_assert_eq(M.verdict, MERGE_VALID, "%s", M.reason);
	cr_assert(!M.dcv_merged);
	cr_assert(M.caa_merged);
	cr_assert_eq(M.decides, &M.caa);
	cr_assert_eq(M.caa.failed, 1);
	cr_assert(strstr(M.reason, "HTTP-01 is in none of the reports (made without --token): only "
				   "CAA is merged."),
		  "%s", M.reason);
	cr_assert_eq(M.difference_count, 2, "caa_lookup_failed and ns_drops_caa, at r2");
	cr_assert_str_eq(M.differences[0].finding.code, "caa_lookup_failed");
	cr_assert_eq(M.differences[0].count, 1);
	cr_assert(M.differences[0].in[2] && !M.differences[0].in[0]);
	cr_assert_str_eq(M.differences[1].finding.title, "Nameserver ns2 drops CAA queries");
	/* R-MPIC-5: on 2026-12-20 the BR want 5 remotes: 3 were given */
	cr_assert_eq(M.date, 20261220);
	cr_assert_eq(M.phase.min_remotes, 5);
	cr_assert(strstr(M.reason,
			 "On 2026-12-20 the Baseline Requirements want at least 5 "
			 "remote perspectives, and 3 remote reports were given (R-MPIC-5)."),
		  "%s", M.reason);
}

/* R-MPIC-1: HTTP-01 first: its failure stands and CAA does not decide;
 * valid HTTP-01, then CAA's quorum decides */
Test(merge, dcv_then_caa_R_MPIC_1)
{
	make(0, "pass", "pass", NULL, NULL);
	make(1, "pass", "fail", NULL, NULL);
	make(2, "pass", "fail", NULL, NULL);
	make(3, "fail", "pass", NULL, NULL);
	merge_decide(R, L, 4, &M);
	cr_assert(M.dcv_merged && M.caa_merged);
	cr_assert_eq(M.decides, &M.dcv, "HTTP-01's quorum is missed: it stands");
	cr_assert_eq(M.verdict, MERGE_WILL_FAIL);
	cr_assert_str_eq(M.dcv.le_text, "During secondary validation: 192.0.2.1: Fetching "
					"http://www.example.com/.well-known/acme-challenge/t: "
					"Connection refused");

	make(1, "pass", "pass", NULL, NULL);
	make(2, "fail", "pass", NULL, NULL);
	merge_decide(R, L, 4, &M);
	cr_assert(M.dcv.valid);
	cr_assert_eq(M.decides, &M.caa, "HTTP-01 passes: CAA decides");
	cr_assert_eq(M.caa.outcome, MPIC_QUORUM_MISSED);
	cr_assert_eq(M.verdict, MERGE_WILL_FAIL);

	/* the primary's own HTTP-01 failure: final (R-MPIC-1) */
	make(0, "pass", "fail", NULL, NULL);
	merge_decide(R, L, 4, &M);
	cr_assert_eq(M.decides, &M.dcv);
	cr_assert_eq(M.dcv.outcome, MPIC_PRIMARY_FAILED);
	cr_assert_str_eq(M.dcv.le_text, "192.0.2.1: Fetching http://www.example.com/.well-known/"
					"acme-challenge/t: Connection refused");
}

/* A step in some reports only: the reports cannot tell (2), unless a
 * failure of the other step already stands */
Test(merge, a_step_missing_from_some_reports_R_MPIC_1)
{
	make(0, "pass", "pass", NULL, NULL);
	make(1, "pass", NULL, NULL, NULL);
	make(2, "pass", "pass", NULL, NULL);
	make(3, "pass", "pass", NULL, NULL);
	merge_decide(R, L, 4, &M);
	cr_assert_eq(M.verdict, MERGE_UNKNOWN);
	cr_assert(!M.dcv_merged);
	cr_assert_null(M.decides);
	cr_assert(strstr(M.reason,
			 "HTTP-01 is in 3 of the 4 reports only; the others (r1) were made "
			 "without --token"),
		  "%s", M.reason);
	/* CAA missing from one, HTTP-01 failing at the primary: that stands */
	make(0, "pass", "fail", NULL, NULL);
	make(1, NULL, "pass", NULL, NULL);
	merge_decide(R, L, 4, &M);
	cr_assert_eq(M.verdict, MERGE_WILL_FAIL);
	cr_assert_eq(M.decides, &M.dcv);
	/* no CAA anywhere: nothing to merge */
	for (size_t i = 0; i < 4; i++)
		make(i, NULL, NULL, NULL, NULL);
	merge_decide(R, L, 4, &M);
	cr_assert_eq(M.verdict, MERGE_UNKNOWN);
	cr_assert(strstr(M.reason, "No report has a CAA verdict: nothing to merge."), "%s",
		  M.reason);
}

/* R-MPIC-2: too few remotes: unknown, with Boulder's text */
Test(merge, too_few_remotes_R_MPIC_2)
{
	make(0, "pass", NULL, NULL, NULL);
	make(1, "pass", NULL, NULL, NULL);
	merge_decide(R, L, 2, &M);
	cr_assert_eq(M.verdict, MERGE_UNKNOWN);
	cr_assert_eq(M.caa.outcome, MPIC_TOO_FEW_REMOTES);
	cr_assert_str_eq(M.caa.le_text, "Insufficient remote perspectives: need at least 3");
	cr_assert(strstr(M.reason, "1 remote report was given"), "%s", M.reason);
	merge_decide(R, L, 0, &M);
	cr_assert_eq(M.verdict, MERGE_UNKNOWN);
	cr_assert_str_eq(M.reason, "No report.");
}

/* Findings every perspective met are no difference; warnings count,
 * infos do not; the same finding with other repeat counts is one */
Test(merge, differences_R_MPIC_4)
{
	cr_assert_eq(
	    read_report(
		0, "{\"domain\":\"a.\",\"findings\":[{\"severity\":\"info\","
		   "\"code\":\"caa_permitted\",\"title\":\"c\"},{\"severity\":\"warning\","
		   "\"code\":\"ns_tcp_closed\",\"title\":\"ns1 closed: permanent (3 of 3)\"}]}"),
	    MERGE_READ_OK);
	cr_assert_eq(
	    read_report(1,
			"{\"domain\":\"a.\",\"findings\":[{\"severity\":\"info\","
			"\"code\":\"caa_permitted\",\"title\":\"c\"},{\"severity\":\"warning\","
			"\"code\":\"ns_tcp_closed\",\"title\":\"ns1 closed: intermittent (1 of 3 "
			"timed out)\"},{\"severity\":\"info\",\"code\":\"single_vantage_point\","
			"\"title\":\"one\"}]}"),
	    MERGE_READ_OK);
	merge_decide(R, L, 2, &M);
	cr_assert_eq(M.difference_count, 0, "ns_tcp_closed at both; infos are not compared");
	cr_assert_eq(read_report(1, "{\"domain\":\"a.\",\"findings\":[{\"severity\":\"info\","
				    "\"code\":\"caa_permitted\",\"title\":\"c\"}]}"),
		     MERGE_READ_OK);
	merge_decide(R, L, 2, &M);
	cr_assert_eq(M.difference_count, 1);
	cr_assert_str_eq(M.differences[0].finding.code, "ns_tcp_closed");
	cr_assert_str_eq(M.differences[0].finding.severity, "warning");
	cr_assert(M.differences[0].in[0] && !M.differences[0].in[1]);
}

Test(merge, dates_and_names)
{
	cr_assert_eq(merge_date("2026-12-02T01:02:03Z"), 20261202);
	cr_assert_eq(merge_date("2025-03-15"), 20250315);
	cr_assert_eq(merge_date("2026-13-02T00:00:00Z"), 0);
	cr_assert_eq(merge_date("2026-12-00T00:00:00Z"), 0);
	cr_assert_eq(merge_date("26-12-02"), 0);
	cr_assert_eq(merge_date(""), 0);
	cr_assert_eq(merge_date(NULL), 0);
	cr_assert_str_eq(merge_verdict_name(MERGE_VALID), "ok");
	cr_assert_str_eq(merge_verdict_name(MERGE_WILL_FAIL), "will_fail");
	cr_assert_str_eq(merge_verdict_name(MERGE_UNKNOWN), "unknown");
}
