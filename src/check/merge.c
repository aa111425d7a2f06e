/* `check --merge`: the reports read, then the multi-perspective verdict
 * (merge.h). */
#include "check/merge.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *merge_read_err_text(enum merge_read_err e)
{
	switch (e) {
	case MERGE_READ_OK:
		return "no error";
	case MERGE_READ_NOT_OBJECT:
		return "not a check report: the JSON text is not an object";
	case MERGE_READ_NO_DOMAIN:
		return "not a check report: no \"domain\" string";
	case MERGE_READ_NO_FINDINGS:
		return "not a check report: no \"findings\" array";
	case MERGE_READ_BAD_FINDING:
		return "not a check report: a finding has no \"code\" string";
	case MERGE_READ_BAD_VANTAGE:
		return "not a check report: \"vantage\" is neither an object nor null";
	}
	return "?";
}

const char *merge_verdict_name(enum merge_verdict v)
{
	switch (v) {
	case MERGE_VALID:
		return "ok";
	case MERGE_WILL_FAIL:
		return "will_fail";
	case MERGE_UNKNOWN:
		break;
	}
	return "unknown";
}

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

/* A title without the repeats' ": permanent (3 of 3)" or ": intermittent
 * (...)" at its end (check/transient.h), so that one finding met with
 * different counts is one finding. */
static void plain_title(char *title)
{
	static const char *const marks[] = {": permanent (", ": intermittent ("};
	for (size_t k = 0; k < 2; k++) {
		char *p = strstr(title, marks[k]);
		if (p && title[strlen(title) - 1] == ')')
			*p = '\0';
	}
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

enum merge_read_err merge_read_report(const struct json_doc *doc, struct merge_report *out)
{
	memset(out, 0, sizeof *out);
	const struct json_value *root = json_root(doc);
	if (!root || root->type != JSON_OBJECT)
		return MERGE_READ_NOT_OBJECT;
	const char *domain = json_get_str(json_member(doc, root, "domain"));
	if (!domain)
		return MERGE_READ_NO_DOMAIN;
	copy(out->domain, sizeof out->domain, domain);
	const struct json_value *findings = json_member(doc, root, "findings");
	if (!findings || findings->type != JSON_ARRAY)
		return MERGE_READ_NO_FINDINGS;
	const struct json_value *v = json_member(doc, root, "vantage");
	if (v && v->type != JSON_OBJECT && v->type != JSON_NULL)
		return MERGE_READ_BAD_VANTAGE;
	copy(out->label, sizeof out->label, json_get_str(json_member(doc, v, "label")));
	copy(out->rir, sizeof out->rir, json_get_str(json_member(doc, v, "rir")));
	copy(out->resolver, sizeof out->resolver, json_get_str(json_member(doc, v, "resolver")));
	copy(out->time, sizeof out->time, json_get_str(json_member(doc, v, "time")));
	copy(out->version, sizeof out->version, json_get_str(json_member(doc, v, "version")));

	/* the steps, from the findings the doctor writes (docs/check.md) */
	for (const struct json_value *f = json_first(doc, findings); f; f = json_next(doc, f)) {
		const char *code = json_get_str(json_member(doc, f, "code"));
		if (!code)
			return MERGE_READ_BAD_FINDING;
		if (strcmp(code, "caa_permitted") == 0 && out->caa == MERGE_ABSENT)
			out->caa = MERGE_PASS;
		else if (strcmp(code, "caa_forbidden") == 0 ||
			 strcmp(code, "caa_lookup_failed") == 0)
			out->caa = MERGE_FAIL;
		else if (strcmp(code, "http01_valid") == 0 && out->dcv == MERGE_ABSENT)
			out->dcv = MERGE_PASS;
		else if (strcmp(code, "http01_invalid") == 0)
			out->dcv = MERGE_FAIL;
		if (out->finding_count == MERGE_MAX_FINDINGS) {
			out->findings_skipped++;
			continue;
		}
		struct merge_finding *m = &out->findings[out->finding_count++];
		copy(m->code, sizeof m->code, code);
		copy(m->severity, sizeof m->severity,
		     json_get_str(json_member(doc, f, "severity")));
		copy(m->title, sizeof m->title, json_get_str(json_member(doc, f, "title")));
		plain_title(m->title);
	}
	/* Let's Encrypt's words for each failed step (the report's le_text:
	 * CAA's start with DoCAA's prefix) */
	const struct json_value *le = json_member(doc, root, "le_text");
	for (const struct json_value *t = json_first(doc, le); t; t = json_next(doc, t)) {
		const char *s = json_get_str(t);
		if (!s)
			continue;
		if (starts_with(s, "While processing CAA for ")) {
			if (!out->caa_text[0])
				copy(out->caa_text, sizeof out->caa_text, s);
		} else if (!out->dcv_text[0]) {
			copy(out->dcv_text, sizeof out->dcv_text, s);
		}
	}
	return MERGE_READ_OK;
}

unsigned merge_date(const char *t)
{
	unsigned y = 0, m = 0, d = 0;
	if (!t || strlen(t) < 10 || t[4] != '-' || t[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (t[i] < '0' || t[i] > '9')
			return 0;
	}
	y = (unsigned)((t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0'));
	m = (unsigned)((t[5] - '0') * 10 + (t[6] - '0'));
	d = (unsigned)((t[8] - '0') * 10 + (t[9] - '0'));
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	return y * 10000 + m * 100 + d;
}

/* Appends to the reason, cutting what does not fit. */
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
	if (n > 0)
		t->len = t->len + (size_t)n < t->cap ? t->len + (size_t)n : t->cap - 1;
}

/* One step's perspectives, for mpic_decide. */
static void perspectives(const struct merge_report *r, const char *const *labels, size_t n,
			 bool dcv, struct mpic_perspective *p)
{
	for (size_t i = 0; i < n; i++) {
		enum merge_step s = dcv ? r[i].dcv : r[i].caa;
		const char *text = dcv ? r[i].dcv_text : r[i].caa_text;
		p[i] = (struct mpic_perspective){
		    .label = labels[i],
		    .passed = s == MERGE_PASS,
		    .problem = text[0] ? text : NULL,
		    .rir = r[i].rir[0] ? r[i].rir : NULL,
		};
	}
}

/* The step is in every report (true), in none (false), or in some: then
 * the reason names those without it. */
static bool step_in_all(const struct merge_report *r, const char *const *labels, size_t n, bool dcv,
			bool *in_none, struct text *why)
{
	size_t have = 0;
	for (size_t i = 0; i < n; i++)
		have += (dcv ? r[i].dcv : r[i].caa) != MERGE_ABSENT;
	*in_none = have == 0;
	if (have == n || have == 0)
		return have == n;
	put(why, "%s is in %zu of the %zu reports only; the others (", dcv ? "HTTP-01" : "CAA",
	    have, n);
	bool first = true;
	for (size_t i = 0; i < n; i++)
		if ((dcv ? r[i].dcv : r[i].caa) == MERGE_ABSENT) {
			put(why, "%s%s", first ? "" : ", ", labels[i]);
			first = false;
		}
	put(why, ") were made %s. ",
	    dcv ? "without --token, or HTTP-01 did not run" : "without a CAA verdict");
	return false;
}

/* R-MPIC-4: a finding some perspectives met and others did not is the
 * trace of a difference between places: an access list, geo-DNS, a
 * nameserver that answers some networks only. */
static void differences(const struct merge_report *r, size_t n, struct merge_result *out)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < r[i].finding_count; k++) {
			const struct merge_finding *f = &r[i].findings[k];
			if (strcmp(f->severity, "error") != 0 &&
			    strcmp(f->severity, "warning") != 0)
				continue;
			struct merge_difference *d = NULL;
			for (size_t j = 0; j < out->difference_count && !d; j++)
				if (strcmp(out->differences[j].finding.code, f->code) == 0 &&
				    strcmp(out->differences[j].finding.title, f->title) == 0)
					d = &out->differences[j];
			if (!d) {
				if (out->difference_count == MERGE_MAX_DIFFERENCES)
					continue;
				d = &out->differences[out->difference_count++];
				memset(d, 0, sizeof *d);
				d->finding = *f;
			}
			if (!d->in[i]) {
				d->in[i] = true;
				d->count++;
			}
		}
	/* the findings every perspective met are no difference */
	size_t kept = 0;
	for (size_t j = 0; j < out->difference_count; j++)
		if (out->differences[j].count < n)
			out->differences[kept++] = out->differences[j];
	out->difference_count = kept;
}

void merge_decide(const struct merge_report *reports, const char *const *labels, size_t n,
		  struct merge_result *out)
{
	memset(out, 0, sizeof *out);
	struct text why = {out->reason, sizeof out->reason, 0};
	if (n > MERGE_MAX_REPORTS)
		n = MERGE_MAX_REPORTS;
	out->verdict = MERGE_UNKNOWN;
	if (n == 0) {
		put(&why, "No report.");
		return;
	}
	/* R-MPIC-5: the BR's phase-in on the primary report's date */
	out->date = merge_date(reports[0].time);
	out->phase = mpic_br_phase_on(out->date);

	struct mpic_perspective p[MERGE_MAX_REPORTS];
	bool dcv_none, caa_none;
	bool dcv_all = step_in_all(reports, labels, n, true, &dcv_none, &why);
	bool caa_all = step_in_all(reports, labels, n, false, &caa_none, &why);
	if (dcv_all) {
		perspectives(reports, labels, n, true, p);
		mpic_decide("HTTP-01", &p[0], p + 1, n - 1, &out->dcv);
		out->dcv_merged = true;
	}
	if (caa_all) {
		perspectives(reports, labels, n, false, p);
		mpic_decide("CAA", &p[0], p + 1, n - 1, &out->caa);
		out->caa_merged = true;
	}
	differences(reports, n, out);

	/* R-MPIC-1: HTTP-01 first, its failure final; CAA after it
	 * (ra/ra.go checkDCVAndCAA), with the same quorum */
	bool dcv_partial = !dcv_all && !dcv_none, caa_partial = !caa_all && !caa_none;
	if (out->dcv_merged && !out->dcv.valid)
		out->decides = &out->dcv;
	else if (!dcv_partial && out->caa_merged)
		out->decides = &out->caa;
	const struct mpic_verdict *d = out->decides;
	if (d)
		put(&why, "%s.", d->reason);
	if (d && !d->valid && d->outcome != MPIC_TOO_FEW_REMOTES)
		out->verdict = MERGE_WILL_FAIL; /* a failure stands, whatever is missing */
	else if (!d || dcv_partial || caa_partial)
		out->verdict = MERGE_UNKNOWN;
	else
		out->verdict = d->valid ? MERGE_VALID : MERGE_UNKNOWN;
	if (caa_none)
		put(&why, "%sNo report has a CAA verdict: nothing to merge.", d ? " " : "");
	else if (dcv_none && d)
		put(&why, " HTTP-01 is in none of the reports (made without --token): only CAA is "
			  "merged.");
	/* R-MPIC-5: how many remotes the BR want on that date */
	if (out->date && out->phase.min_remotes > n - 1)
		put(&why,
		    " On %04u-%02u-%02u the Baseline Requirements want at least %zu remote "
		    "perspectives, and %zu remote report%s given (R-MPIC-5).",
		    out->date / 10000, out->date / 100 % 100, out->date % 100,
		    out->phase.min_remotes, n - 1, n - 1 == 1 ? " was" : "s were");
}
