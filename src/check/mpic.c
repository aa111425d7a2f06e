/* Multi-perspective issuance corroboration, as Boulder decides it: see
 * mpic.h. Every branch cites the rule it applies (docs/rules.md). */
#include "check/mpic.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

size_t mpic_allowed_failures(size_t remotes)
{
	/* R-MPIC-2: Boulder va/va.go maxAllowedFailures, the BR s3.2.2.9
	 * table: 2-5 remotes allow 1 non-corroboration, 6 or more allow 2. */
	if (remotes < 2)
		return 0;
	if (remotes < 6)
		return 1;
	return 2;
}

struct mpic_br_phase mpic_br_phase_on(unsigned yyyymmdd)
{
	/* R-MPIC-5: BR s3.2.2.9 "Phased Implementation Timeline", newest
	 * first (the same dates Boulder's doRemoteOperation comment gives). */
#define PHASE(date, n, quorum, rirs)                                                               \
	{                                                                                          \
		.since = (date), .min_remotes = (n), .quorum_binding = (quorum),                   \
		.rirs_required = (rirs)                                                            \
	}
	static const struct mpic_br_phase phases[] = {
	    PHASE(20261215, 5, true, true),   PHASE(20260615, 4, true, true),
	    PHASE(20260315, 3, true, true),   PHASE(20250915, 2, true, false),
	    PHASE(20250315, 2, false, false),
	};
#undef PHASE
	for (size_t i = 0; i < sizeof phases / sizeof phases[0]; i++)
		if (yyyymmdd >= phases[i].since)
			return phases[i];
	return (struct mpic_br_phase){.since = 0};
}

const char *mpic_outcome_name(enum mpic_outcome o)
{
	switch (o) {
	case MPIC_VALID:
		return "valid";
	case MPIC_PRIMARY_FAILED:
		return "primary_failed";
	case MPIC_QUORUM_MISSED:
		return "quorum_missed";
	case MPIC_RIR_MISSED:
		return "rir_missed";
	case MPIC_TOO_FEW_REMOTES:
		return "too_few_remotes";
	}
	return "?";
}

const char *mpic_rir_state_name(enum mpic_rir_state s)
{
	switch (s) {
	case MPIC_RIR_MET:
		return "met";
	case MPIC_RIR_UNMET:
		return "unmet";
	case MPIC_RIR_NOT_JUDGED:
		return "not_judged";
	}
	return "?";
}

/* Appends to a fixed buffer, cutting what does not fit. */
struct text {
	char *buf;
	size_t cap, len;
};

__attribute__((format(printf, 2, 3))) static void put(struct text *t, const char *fmt, ...)
{
	if (t->len + 1 >= t->cap)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	t->len += (size_t)n;
	if (t->len >= t->cap)
		t->len = t->cap - 1;
}

static bool has_text(const char *s)
{
	return s && *s;
}

/* "fra1" or, without a label, "remote 3" (counted from 1). */
static void put_name(struct text *t, const struct mpic_perspective *p, size_t i)
{
	if (has_text(p->label))
		put(t, "%s", p->label);
	else
		put(t, "remote %zu", i + 1);
}

/* The remotes that passed (want_passed) or failed, comma-separated. */
static void put_names(struct text *t, const struct mpic_perspective *r, size_t n, bool want_passed)
{
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		if (r[i].passed != want_passed)
			continue;
		put(t, "%s", first ? "" : ", ");
		put_name(t, &r[i], i);
		first = false;
	}
}

/* R-MPIC-2: the distinct RIRs of the passes (va/va.go passedRIRs), the
 * labels compared without regard to case. A pass without a label cannot
 * be counted for or against. */
static void count_rirs(const struct mpic_perspective *r, size_t n, struct mpic_verdict *v)
{
	v->rirs_known = 0;
	v->passes_unlabelled = 0;
	for (size_t i = 0; i < n; i++) {
		if (!r[i].passed)
			continue;
		if (!has_text(r[i].rir)) {
			v->passes_unlabelled++;
			continue;
		}
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = r[k].passed && has_text(r[k].rir) &&
			       strcasecmp(r[k].rir, r[i].rir) == 0;
		if (!seen)
			v->rirs_known++;
	}
	if (v->rirs_known >= MPIC_REQUIRED_RIRS)
		v->rir = MPIC_RIR_MET;
	else if (v->passes_unlabelled == 0)
		v->rir = MPIC_RIR_UNMET;
	else
		v->rir = MPIC_RIR_NOT_JUDGED; /* the CA's RIRs are not the user's hosts */
}

bool mpic_shown_text(const struct mpic_perspective *remotes, size_t remote_count, size_t i,
		     char *buf, size_t cap)
{
	if (i >= remote_count || remotes[i].passed || !has_text(remotes[i].problem) || cap == 0)
		return false;
	/* R-MPIC-3: doRemoteOperation keeps the problem's type and puts
	 * "During secondary validation: " before its detail. */
	snprintf(buf, cap, "%s%s", MPIC_PREFIX_SECONDARY, remotes[i].problem);
	return true;
}

/* R-MPIC-3: the remote whose problem is shown: the first failure that
 * has a text, else the first failure. */
static long shown_remote(const struct mpic_perspective *r, size_t n)
{
	long first = -1;
	for (size_t i = 0; i < n; i++) {
		if (r[i].passed)
			continue;
		if (has_text(r[i].problem))
			return (long)i;
		if (first < 0)
			first = (long)i;
	}
	return first;
}

static void rir_sentence(struct text *t, const struct mpic_verdict *v,
			 const struct mpic_perspective *r, size_t n)
{
	switch (v->rir) {
	case MPIC_RIR_MET:
		put(t, "; the passes span %zu RIRs (2 needed)", v->rirs_known);
		break;
	case MPIC_RIR_UNMET:
		put(t, "; but the passes (");
		put_names(t, r, n, true);
		put(t, ") are in %zu RIR%s, and 2 are needed", v->rirs_known,
		    v->rirs_known == 1 ? "" : "s");
		break;
	case MPIC_RIR_NOT_JUDGED:
		put(t,
		    "; whether the passes span 2 RIRs is not judged: %zu of them name no "
		    "RIR, and which RIRs the CA's own perspectives are in is the CA's "
		    "arrangement, not your hosts'",
		    v->passes_unlabelled);
		break;
	}
}

void mpic_decide(const char *what, const struct mpic_perspective *primary,
		 const struct mpic_perspective *remotes, size_t remote_count,
		 struct mpic_verdict *out)
{
	memset(out, 0, sizeof *out);
	out->first_failed = -1;
	if (remote_count > MPIC_MAX_REMOTES)
		remote_count = MPIC_MAX_REMOTES;
	const char *op = has_text(what) ? what : "validation";
	struct text reason = {out->reason, sizeof out->reason, 0};
	struct text le = {out->le_text, sizeof out->le_text, 0};
	out->remotes = remote_count;
	out->allowed_failures = mpic_allowed_failures(remote_count);
	out->required_passes = remote_count - out->allowed_failures;
	out->rir = MPIC_RIR_NOT_JUDGED;
	const char *pname = primary && has_text(primary->label) ? primary->label : "primary";

	/* R-MPIC-1: the primary first; its failure is final and no remote
	 * is asked (va/va.go DoDCV, va/caa.go DoCAA return before
	 * doRemoteOperation). Its text is shown as it is, without prefix. */
	if (!primary || !primary->passed) {
		out->outcome = MPIC_PRIMARY_FAILED;
		out->rule = "R-MPIC-1";
		if (primary && has_text(primary->problem))
			put(&le, "%s", primary->problem);
		put(&reason,
		    "%s fails at the primary perspective (%s): that is final, no remote "
		    "perspective is asked",
		    op, pname);
		return;
	}

	for (size_t i = 0; i < remote_count; i++) {
		if (remotes[i].passed)
			out->passed++;
		else
			out->failed++;
	}
	count_rirs(remotes, remote_count, out);
	out->first_failed = shown_remote(remotes, remote_count);
	bool quorum = out->failed <= out->allowed_failures;
	out->rule = "R-MPIC-2";

	/* R-MPIC-2: doRemoteOperation refuses to run with fewer than 3
	 * remotes, before any is asked. What the quorum table alone would
	 * say is kept for the reader (the BR allowed 2 until 2026-03-15). */
	if (remote_count < MPIC_MIN_REMOTES) {
		out->outcome = MPIC_TOO_FEW_REMOTES;
		out->quorum_alone = quorum ? MPIC_VALID : MPIC_QUORUM_MISSED;
		put(&le, "%s", MPIC_TEXT_TOO_FEW);
		put(&reason,
		    "%zu remote perspective%s given: Let's Encrypt's validation authority "
		    "refuses to run with fewer than %d (\"%s\"); by the quorum table alone, "
		    "%zu remote%s would allow %zu failure%s, and %zu failed, so it would %s",
		    remote_count, remote_count == 1 ? "" : "s", MPIC_MIN_REMOTES, MPIC_TEXT_TOO_FEW,
		    remote_count, remote_count == 1 ? "" : "s", out->allowed_failures,
		    out->allowed_failures == 1 ? "" : "s", out->failed, quorum ? "pass" : "fail");
		return;
	}

	if (!quorum) {
		out->outcome = MPIC_QUORUM_MISSED;
		put(&reason, "%s fails from %zu of %zu remote perspectives (", op, out->failed,
		    remote_count);
		put_names(&reason, remotes, remote_count, false);
		put(&reason, "); %zu remotes allow %zu failure%s, so %zu must pass", remote_count,
		    out->allowed_failures, out->allowed_failures == 1 ? "" : "s",
		    out->required_passes);
		/* R-MPIC-3: the first remote problem, prefixed. */
		if (out->first_failed >= 0 &&
		    !mpic_shown_text(remotes, remote_count, (size_t)out->first_failed, out->le_text,
				     sizeof out->le_text))
			put(&reason, " (the failing reports carry no problem text)");
		return;
	}
	if (out->rir == MPIC_RIR_UNMET) {
		out->outcome = MPIC_RIR_MISSED;
		/* R-MPIC-3: enough passes but too few RIRs. With a failure,
		 * Boulder shows the first remote's problem; with none, its
		 * "problem is unavailable" text. */
		if (out->first_failed < 0 ||
		    !mpic_shown_text(remotes, remote_count, (size_t)out->first_failed, out->le_text,
				     sizeof out->le_text))
			put(&le, "%s", MPIC_TEXT_RIR_ONLY);
		put(&reason,
		    "%s passes at the primary and at %zu of %zu remotes, enough for the "
		    "quorum",
		    op, out->passed, remote_count);
		rir_sentence(&reason, out, remotes, remote_count);
		return;
	}
	out->outcome = MPIC_VALID;
	out->valid = true;
	put(&reason, "%s passes at the primary (%s) and at %zu of %zu remotes (%zu must pass)", op,
	    pname, out->passed, remote_count, out->required_passes);
	if (out->failed) {
		put(&reason, "; fails from ");
		put_names(&reason, remotes, remote_count, false);
		put(&reason, ", within the %zu failure%s allowed", out->allowed_failures,
		    out->allowed_failures == 1 ? "" : "s");
	}
	rir_sentence(&reason, out, remotes, remote_count);
}

const struct mpic_verdict *mpic_combine(const struct mpic_verdict *dcv,
					const struct mpic_verdict *caa)
{
	/* R-MPIC-1: ra/ra.go checkDCVAndCAA: DoDCV first, its problem ends
	 * the validation; then DoCAA for a DNS name only. */
	if (!dcv->valid || !caa)
		return dcv;
	return caa;
}
