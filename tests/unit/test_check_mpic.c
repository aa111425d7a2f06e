/* check/mpic.c: the multi-perspective verdict as Boulder reaches it
 * (R-MPIC-1..3; va/va.go maxAllowedFailures, doRemoteOperation, DoDCV;
 * va/caa.go DoCAA; ra/ra.go checkDCVAndCAA). Each test names the rule it
 * proves. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "check/mpic.h"

static const char *const RIRS[] = {"ARIN", "RIPE", "APNIC", "LACNIC", "AFRINIC"};
static const char *const LABELS[] = {"r1", "r2", "r3", "r4", "r5", "r6", "r7"};
#define CAA_PROBLEM(n)                                                                             \
	"While processing CAA for example.com: DNS problem: query timed out looking up CAA "       \
	"for " n

static const struct mpic_perspective PRIMARY_OK = {"home", true, NULL, "RIPE"};

/* n remotes; the first `fail` of them fail (each with its own problem
 * text), all in distinct RIRs (cycling) when labelled. */
static void remotes_make(struct mpic_perspective *r, size_t n, size_t fail, bool labelled,
			 char texts[][64])
{
	for (size_t i = 0; i < n; i++) {
		snprintf(texts[i], 64, "problem of r%zu", i + 1);
		r[i] = (struct mpic_perspective){
		    .label = LABELS[i],
		    .passed = i >= fail,
		    .problem = i < fail ? texts[i] : NULL,
		    .rir = labelled ? RIRS[i % 5] : NULL,
		};
	}
}

/* R-MPIC-2: maxAllowedFailures, the BR table: 2-5 allow 1, 6+ allow 2. */
Test(mpic, allowed_failures_table_R_MPIC_2)
{
	cr_assert_eq(mpic_allowed_failures(0), 0);
	cr_assert_eq(mpic_allowed_failures(1), 0);
	for (size_t n = 2; n <= 5; n++)
		cr_assert_eq(mpic_allowed_failures(n), 1, "N=%zu", n);
	for (size_t n = 6; n <= 12; n++)
		cr_assert_eq(mpic_allowed_failures(n), 2, "N=%zu", n);
}

/* R-MPIC-2: for N = 3..7 remotes (in distinct RIRs), failures at the limit
 * pass and one over fails; R-MPIC-3: the text is the first remote's
 * problem after "During secondary validation: ". */
Test(mpic, quorum_at_limit_and_one_over_N3_to_N7_R_MPIC_2_R_MPIC_3)
{
	for (size_t n = 3; n <= 7; n++) {
		size_t limit = n < 6 ? 1 : 2;
		struct mpic_perspective r[7];
		char texts[7][64];
		struct mpic_verdict v;

		for (size_t fail = 0; fail <= limit; fail++) {
			remotes_make(r, n, fail, true, texts);
			mpic_decide("HTTP-01", &PRIMARY_OK, r, n, &v);
			cr_assert_eq(v.outcome, MPIC_VALID, "N=%zu fail=%zu: %s", n, fail,
				     v.reason);
			cr_assert(v.valid);
			cr_assert_str_eq(v.rule, "R-MPIC-2");
			cr_assert_eq(v.remotes, n);
			cr_assert_eq(v.allowed_failures, limit);
			cr_assert_eq(v.required_passes, n - limit);
			cr_assert_eq(v.passed, n - fail);
			cr_assert_eq(v.failed, fail);
			cr_assert_eq(v.rir, MPIC_RIR_MET, "N=%zu fail=%zu", n, fail);
			cr_assert_str_eq(v.le_text, "", "a valid verdict shows no text");
			cr_assert_eq(v.first_failed, fail ? 0 : -1);
		}
		remotes_make(r, n, limit + 1, true, texts);
		mpic_decide("HTTP-01", &PRIMARY_OK, r, n, &v);
		cr_assert_eq(v.outcome, MPIC_QUORUM_MISSED, "N=%zu fail=%zu", n, limit + 1);
		cr_assert(!v.valid);
		cr_assert_str_eq(v.rule, "R-MPIC-2");
		cr_assert_eq(v.failed, limit + 1);
		cr_assert_eq(v.first_failed, 0);
		cr_assert_str_eq(v.le_text, "During secondary validation: problem of r1");
		char want[160];
		snprintf(want, sizeof want, "HTTP-01 fails from %zu of %zu remote perspectives (",
			 limit + 1, n);
		cr_assert(strncmp(v.reason, want, strlen(want)) == 0, "%s", v.reason);
		cr_assert(strstr(v.reason, limit == 1 ? "(r1, r2)" : "(r1, r2, r3)"), "%s",
			  v.reason);
	}
}

/* R-MPIC-2: 5 remotes (Let's Encrypt's number from 2026-12-15, R-MPIC-5):
 * 4 passes needed; with 3 it fails. */
Test(mpic, five_remotes_need_four_passes_R_MPIC_2)
{
	struct mpic_perspective r[5];
	char texts[5][64];
	struct mpic_verdict v;
	remotes_make(r, 5, 1, true, texts);
	mpic_decide("CAA", &PRIMARY_OK, r, 5, &v);
	cr_assert_eq(v.outcome, MPIC_VALID);
	cr_assert_eq(v.required_passes, 4);
	cr_assert(strstr(v.reason, "at 4 of 5 remotes (4 must pass); fails from r1, within the 1 "
				   "failure allowed"),
		  "%s", v.reason);
	remotes_make(r, 5, 2, true, texts);
	mpic_decide("CAA", &PRIMARY_OK, r, 5, &v);
	cr_assert_eq(v.outcome, MPIC_QUORUM_MISSED);
	cr_assert(strstr(v.reason, "5 remotes allow 1 failure, so 4 must pass"), "%s", v.reason);
}

/* R-MPIC-2: N = 2 (and 1, 0): Boulder refuses with its own text before
 * asking anyone; the quorum table alone (1 failure allowed for 2) is kept
 * for the reader: at the limit it would pass, one over it would fail. */
Test(mpic, fewer_than_three_remotes_refused_R_MPIC_2)
{
	struct mpic_perspective r[2];
	char texts[2][64];
	struct mpic_verdict v;

	remotes_make(r, 2, 1, true, texts);
	mpic_decide("HTTP-01", &PRIMARY_OK, r, 2, &v);
	cr_assert_eq(v.outcome, MPIC_TOO_FEW_REMOTES);
	cr_assert(!v.valid);
	cr_assert_str_eq(v.rule, "R-MPIC-2");
	cr_assert_str_eq(v.le_text, "Insufficient remote perspectives: need at least 3");
	cr_assert_eq(v.allowed_failures, 1);
	cr_assert_eq(v.quorum_alone, MPIC_VALID, "1 of 2 failed: at the limit");
	cr_assert(strstr(v.reason, "and 1 failed, so it would pass"), "%s", v.reason);

	remotes_make(r, 2, 2, true, texts);
	mpic_decide("HTTP-01", &PRIMARY_OK, r, 2, &v);
	cr_assert_eq(v.outcome, MPIC_TOO_FEW_REMOTES);
	cr_assert_eq(v.quorum_alone, MPIC_QUORUM_MISSED, "2 of 2 failed: one over");
	cr_assert(strstr(v.reason, "and 2 failed, so it would fail"), "%s", v.reason);

	mpic_decide("HTTP-01", &PRIMARY_OK, r, 1, &v);
	cr_assert_eq(v.outcome, MPIC_TOO_FEW_REMOTES);
	cr_assert_eq(v.allowed_failures, 0);
	cr_assert(strstr(v.reason, "1 remote perspective given"), "%s", v.reason);
	mpic_decide("HTTP-01", &PRIMARY_OK, NULL, 0, &v);
	cr_assert_eq(v.outcome, MPIC_TOO_FEW_REMOTES);
	cr_assert_eq(v.remotes, 0);
	cr_assert_eq(v.quorum_alone, MPIC_VALID);
}

/* R-MPIC-1: the primary's failure is final: no remote counted, its text
 * shown as it is (no "During secondary validation" prefix), whatever the
 * remotes say, and whatever their number (even too few). */
Test(mpic, primary_failure_is_final_R_MPIC_1)
{
	struct mpic_perspective r[5];
	char texts[5][64];
	remotes_make(r, 5, 0, true, texts);
	const struct mpic_perspective primary = {"home", false, CAA_PROBLEM("example.com"), NULL};
	struct mpic_verdict v;
	for (size_t n = 0; n <= 5; n++) {
		mpic_decide("CAA", &primary, r, n, &v);
		cr_assert_eq(v.outcome, MPIC_PRIMARY_FAILED, "n=%zu", n);
		cr_assert_str_eq(v.rule, "R-MPIC-1");
		cr_assert_eq(v.passed, 0);
		cr_assert_eq(v.failed, 0);
		cr_assert_eq(v.first_failed, -1);
		cr_assert_str_eq(v.le_text, CAA_PROBLEM("example.com"));
		cr_assert_str_eq(v.reason, "CAA fails at the primary perspective (home): that is "
					   "final, no remote perspective is asked");
	}
	/* no primary report at all: nothing passed there */
	mpic_decide("CAA", NULL, r, 5, &v);
	cr_assert_eq(v.outcome, MPIC_PRIMARY_FAILED);
	cr_assert_str_eq(v.le_text, "");
}

/* R-MPIC-2, R-MPIC-3: enough passes, all in one RIR: the RIR rule alone
 * fails. With no failure Boulder has no problem to show and says so; with
 * a failure (within the quorum) it shows that remote's problem. */
Test(mpic, rir_diversity_unmet_R_MPIC_2_R_MPIC_3)
{
	struct mpic_perspective r[4] = {
	    {"a", true, NULL, "RIPE"},
	    {"b", true, NULL, "ripe"}, /* the same RIR, another case */
	    {"c", true, NULL, "RIPE"},
	    {"d", true, NULL, "RIPE"},
	};
	struct mpic_verdict v;
	mpic_decide("HTTP-01", &PRIMARY_OK, r, 4, &v);
	cr_assert_eq(v.outcome, MPIC_RIR_MISSED);
	cr_assert(!v.valid);
	cr_assert_eq(v.rir, MPIC_RIR_UNMET);
	cr_assert_eq(v.rirs_known, 1);
	cr_assert_str_eq(v.le_text, "During secondary validation: validation failed but the "
				    "problem is unavailable");
	cr_assert(strstr(v.reason, "but the passes (a, b, c, d) are in 1 RIR, and 2 are needed"),
		  "%s", v.reason);

	/* one failure (in another RIR) within the quorum: its text is shown */
	r[3] = (struct mpic_perspective){"d", false, CAA_PROBLEM("example.com"), "ARIN"};
	mpic_decide("CAA", &PRIMARY_OK, r, 4, &v);
	cr_assert_eq(v.outcome, MPIC_RIR_MISSED);
	cr_assert_eq(v.first_failed, 3);
	cr_assert_str_eq(v.le_text, "During secondary validation: " CAA_PROBLEM("example.com"));
}

/* R-MPIC-2: the passes in 2 RIRs: met, even with the failure in a third. */
Test(mpic, rir_diversity_met_R_MPIC_2)
{
	struct mpic_perspective r[3] = {
	    {"a", true, NULL, "RIPE"},
	    {"b", true, NULL, "ARIN"},
	    {"c", false, "x", "APNIC"},
	};
	struct mpic_verdict v;
	mpic_decide("HTTP-01", &PRIMARY_OK, r, 3, &v);
	cr_assert_eq(v.outcome, MPIC_VALID);
	cr_assert_eq(v.rir, MPIC_RIR_MET);
	cr_assert_eq(v.rirs_known, 2, "the failure's RIR does not count");
	cr_assert(strstr(v.reason, "the passes span 2 RIRs (2 needed)"), "%s", v.reason);
}

/* R-MPIC-2: RIRs unknown (the usual case: the user's hosts are not the
 * CA's perspectives): the quorum decides and the RIR rule is "not judged",
 * never "met"; one labelled pass alone cannot meet it either. Labelled
 * passes in 2 RIRs meet it whatever the others. */
Test(mpic, rir_unknown_not_judged_R_MPIC_2)
{
	struct mpic_perspective r[4];
	char texts[4][64];
	struct mpic_verdict v;
	remotes_make(r, 4, 1, false, texts);
	mpic_decide("HTTP-01", &PRIMARY_OK, r, 4, &v);
	cr_assert_eq(v.outcome, MPIC_VALID);
	cr_assert_eq(v.rir, MPIC_RIR_NOT_JUDGED);
	cr_assert_eq(v.rirs_known, 0);
	cr_assert_eq(v.passes_unlabelled, 3);
	cr_assert(strstr(v.reason, "whether the passes span 2 RIRs is not judged: 3 of them name "
				   "no RIR"),
		  "%s", v.reason);

	r[1].rir = "RIPE";
	mpic_decide("HTTP-01", &PRIMARY_OK, r, 4, &v);
	cr_assert_eq(v.rir, MPIC_RIR_NOT_JUDGED, "1 known RIR, 2 unlabelled passes");
	cr_assert_eq(v.rirs_known, 1);
	cr_assert_eq(v.passes_unlabelled, 2);

	r[2].rir = "ARIN";
	mpic_decide("HTTP-01", &PRIMARY_OK, r, 4, &v);
	cr_assert_eq(v.rir, MPIC_RIR_MET);
	cr_assert_eq(v.outcome, MPIC_VALID);

	/* unknown RIRs do not rescue a missed quorum */
	remotes_make(r, 4, 2, false, texts);
	mpic_decide("HTTP-01", &PRIMARY_OK, r, 4, &v);
	cr_assert_eq(v.outcome, MPIC_QUORUM_MISSED);
}

/* R-MPIC-3: the shown text is the first failure that has one, in the
 * order given; any failing remote's text may be the one shown (Boulder
 * shows the first to arrive), and mpic_shown_text gives each. */
Test(mpic, shown_text_first_failure_with_text_R_MPIC_3)
{
	struct mpic_perspective r[6] = {
	    {"a", true, NULL, NULL},	       {"b", false, NULL, NULL},
	    {"c", false, "C's problem", NULL}, {"d", false, "D's problem", NULL},
	    {"e", true, NULL, NULL},	       {"f", true, NULL, NULL},
	};
	struct mpic_verdict v;
	mpic_decide("HTTP-01", &PRIMARY_OK, r, 6, &v);
	cr_assert_eq(v.outcome, MPIC_QUORUM_MISSED, "3 of 6 failed, 2 allowed");
	cr_assert_eq(v.first_failed, 2, "b has no text: c's is shown");
	cr_assert_str_eq(v.le_text, "During secondary validation: C's problem");
	cr_assert(strstr(v.reason, "(b, c, d)"), "%s", v.reason);

	char buf[128];
	cr_assert(!mpic_shown_text(r, 6, 0, buf, sizeof buf), "a passed");
	cr_assert(!mpic_shown_text(r, 6, 1, buf, sizeof buf), "b has no text");
	cr_assert(mpic_shown_text(r, 6, 3, buf, sizeof buf));
	cr_assert_str_eq(buf, "During secondary validation: D's problem");
	cr_assert(!mpic_shown_text(r, 6, 6, buf, sizeof buf), "out of range");

	/* no failing report has a text: none can be predicted */
	r[2].problem = NULL;
	r[3].problem = NULL;
	mpic_decide("HTTP-01", &PRIMARY_OK, r, 6, &v);
	cr_assert_eq(v.first_failed, 1);
	cr_assert_str_eq(v.le_text, "");
	cr_assert(strstr(v.reason, "(the failing reports carry no problem text)"), "%s", v.reason);
}

/* R-MPIC-1: DCV first, then CAA with the same quorum; a DCV failure
 * stands and CAA is not reached; an IP address (no CAA) ends at DCV. */
Test(mpic, dcv_then_caa_R_MPIC_1)
{
	struct mpic_perspective r[5];
	char texts[5][64];
	struct mpic_verdict dcv, caa;

	remotes_make(r, 5, 2, false, texts);
	mpic_decide("HTTP-01", &PRIMARY_OK, r, 5, &dcv);
	remotes_make(r, 5, 0, false, texts);
	mpic_decide("CAA", &PRIMARY_OK, r, 5, &caa);
	cr_assert_eq(mpic_combine(&dcv, &caa), &dcv, "DCV failed: it stands");

	remotes_make(r, 5, 1, false, texts);
	mpic_decide("HTTP-01", &PRIMARY_OK, r, 5, &dcv);
	remotes_make(r, 5, 2, false, texts);
	mpic_decide("CAA", &PRIMARY_OK, r, 5, &caa);
	cr_assert(dcv.valid);
	cr_assert_eq(mpic_combine(&dcv, &caa), &caa, "DCV valid: CAA decides");
	cr_assert_eq(mpic_combine(&dcv, &caa)->outcome, MPIC_QUORUM_MISSED);
	cr_assert_eq(mpic_combine(&dcv, NULL), &dcv, "an IP address: no CAA");
}

/* R-MPIC-2: labels missing: remotes are named by their place. */
Test(mpic, unnamed_remotes_R_MPIC_2)
{
	struct mpic_perspective r[3] = {
	    {NULL, false, "x", NULL}, {NULL, false, "y", NULL}, {NULL, true, NULL, NULL}};
	struct mpic_verdict v;
	mpic_decide(NULL, &(struct mpic_perspective){NULL, true, NULL, NULL}, r, 3, &v);
	cr_assert_eq(v.outcome, MPIC_QUORUM_MISSED);
	cr_assert_str_eq(v.reason, "validation fails from 2 of 3 remote perspectives (remote 1, "
				   "remote 2); 3 remotes allow 1 failure, so 2 must pass");
	cr_assert_str_eq(mpic_outcome_name(v.outcome), "quorum_missed");
	cr_assert_str_eq(mpic_rir_state_name(MPIC_RIR_NOT_JUDGED), "not_judged");
}

/* R-MPIC-5: the BR's phase-in, on each boundary and the day before. */
Test(mpic, br_phase_in_R_MPIC_5)
{
	static const struct {
		unsigned day;
		size_t min;
		bool binding, rirs;
	} want[] = {
	    {20250314, 0, false, false}, {20250315, 2, false, false}, {20250914, 2, false, false},
	    {20250915, 2, true, false},	 {20260314, 2, true, false},  {20260315, 3, true, true},
	    {20260614, 3, true, true},	 {20260615, 4, true, true},   {20261214, 4, true, true},
	    {20261215, 5, true, true},	 {20991231, 5, true, true},   {0, 0, false, false},
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		struct mpic_br_phase p = mpic_br_phase_on(want[i].day);
		cr_assert_eq(p.min_remotes, want[i].min, "%u", want[i].day);
		cr_assert_eq(p.quorum_binding, want[i].binding, "%u", want[i].day);
		cr_assert_eq(p.rirs_required, want[i].rirs, "%u", want[i].day);
	}
}
