/* `check --merge`: files read, reports parsed, the verdict printed
 * (check_merge.h). */
#include "cli/check_merge.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/merge.h"
#include "cli/cli.h"
#include "cli/json.h"
#include "json/parse.h"

#if ACMEPROBE_MERGE

/* A check report is a few kilobytes; this bounds what is read. */
#define REPORT_MAX_OCTETS (1u << 20)

/* The file's octets (heap, *len), or NULL with a message printed. */
static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		usage_error("check", "--merge: cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	uint8_t *buf = malloc(REPORT_MAX_OCTETS + 1);
	size_t n = buf ? fread(buf, 1, REPORT_MAX_OCTETS + 1, f) : 0;
	bool bad = !buf || ferror(f);
	fclose(f);
	if (bad || n > REPORT_MAX_OCTETS) {
		usage_error("check", "--merge: %s: %s", path,
			    bad ? "cannot read it" : "larger than 1 MiB: no check report");
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

/* A report read from its file; false with the message printed. */
static bool load(const char *path, struct merge_report *out)
{
	size_t len;
	uint8_t *buf = read_file(path, &len);
	if (!buf)
		return false;
	struct json_doc doc;
	struct json_where w;
	enum json_err e = json_parse(buf, len, NULL, &doc, &w);
	free(buf);
	if (e != JSON_OK) {
		usage_error("check", "--merge: %s:%zu:%zu: %s%s", path, w.line, w.column,
			    json_err_text(e),
			    e == JSON_E_TRAILING ? " (one check --json report per file)" : "");
		return false;
	}
	enum merge_read_err r = merge_read_report(&doc, out);
	json_doc_free(&doc);
	if (r != MERGE_READ_OK) {
		usage_error("check", "--merge: %s: %s", path, merge_read_err_text(r));
		return false;
	}
	return true;
}

static const char *step_name(enum merge_step s)
{
	return s == MERGE_PASS ? "pass" : s == MERGE_FAIL ? "fail" : NULL;
}

static void json_verdict(struct json *j, const char *key, bool merged, const struct mpic_verdict *v)
{
	if (!merged) {
		json_null(j, key);
		return;
	}
	json_object_begin(j, key);
	json_string(j, "outcome", mpic_outcome_name(v->outcome));
	json_bool(j, "valid", v->valid);
	json_string(j, "rule", v->rule);
	json_uint(j, "remotes", v->remotes);
	json_uint(j, "passed", v->passed);
	json_uint(j, "failed", v->failed);
	json_uint(j, "allowed_failures", v->allowed_failures);
	json_uint(j, "required_passes", v->required_passes);
	json_string(j, "rir", mpic_rir_state_name(v->rir));
	json_string(j, "reason", v->reason);
	json_string(j, "le_text", v->le_text[0] ? v->le_text : NULL);
	json_object_end(j);
}

/* R-MPIC-3: every text the subscriber may read: the first failing
 * remote's is shown by Boulder when it arrives first, so any failing
 * remote's may be; the primary's own when it failed. */
static void json_le_texts(struct json *j, const struct merge_report *r, const char *const *labels,
			  size_t n, const struct merge_result *m)
{
	json_array_begin(j, "le_text");
	const struct mpic_verdict *d = m->decides;
	if (d && !d->valid) {
		if (d->outcome != MPIC_QUORUM_MISSED && d->outcome != MPIC_RIR_MISSED) {
			if (d->le_text[0])
				json_string(j, NULL, d->le_text);
		} else {
			struct mpic_perspective p[MERGE_MAX_REPORTS];
			bool dcv = d == &m->dcv;
			for (size_t i = 0; i < n; i++)
				p[i] = (struct mpic_perspective){
				    labels[i], (dcv ? r[i].dcv : r[i].caa) == MERGE_PASS,
				    dcv ? r[i].dcv_text : r[i].caa_text, NULL};
			char text[MERGE_TEXT + 64], other[MERGE_TEXT + 64];
			bool any = false;
			for (size_t i = 0; i + 1 < n; i++) {
				if (!mpic_shown_text(p + 1, n - 1, i, text, sizeof text))
					continue;
				/* each text once: two remotes may fail alike */
				bool dup = false;
				for (size_t k = 0; k < i && !dup; k++)
					dup =
					    mpic_shown_text(p + 1, n - 1, k, other, sizeof other) &&
					    strcmp(other, text) == 0;
				if (!dup)
					json_string(j, NULL, text);
				any = true;
			}
			if (!any && d->le_text[0])
				json_string(j, NULL, d->le_text);
		}
	}
	json_array_end(j);
}

static void print_json(const struct merge_report *r, const char *const *files,
		       const char *const *labels, size_t n, const struct merge_result *m)
{
	struct json j;
	json_init(&j, stdout);
	json_object_begin(&j, NULL);
	json_string(&j, "domain", r[0].domain);
	json_string(&j, "verdict", merge_verdict_name(m->verdict));
	json_string(&j, "rule", m->decides ? m->decides->rule : NULL);
	json_string(&j, "outcome", m->decides ? mpic_outcome_name(m->decides->outcome) : NULL);
	json_string(&j, "reason", m->reason);
	json_array_begin(&j, "perspectives");
	for (size_t i = 0; i < n; i++) {
		json_object_begin(&j, NULL);
		json_string(&j, "label", labels[i]);
		json_string(&j, "role", i == 0 ? "primary" : "remote");
		json_string(&j, "file", files[i]);
		json_string(&j, "rir", r[i].rir[0] ? r[i].rir : NULL);
		json_string(&j, "resolver", r[i].resolver[0] ? r[i].resolver : NULL);
		json_string(&j, "time", r[i].time[0] ? r[i].time : NULL);
		json_string(&j, "dcv", step_name(r[i].dcv));
		json_string(&j, "caa", step_name(r[i].caa));
		json_object_end(&j);
	}
	json_array_end(&j);
	json_verdict(&j, "dcv", m->dcv_merged, &m->dcv);
	json_verdict(&j, "caa", m->caa_merged, &m->caa);
	json_array_begin(&j, "differs");
	for (size_t k = 0; k < m->difference_count; k++) {
		const struct merge_difference *d = &m->differences[k];
		json_object_begin(&j, NULL);
		json_string(&j, "code", d->finding.code);
		json_string(&j, "severity", d->finding.severity);
		json_string(&j, "title", d->finding.title);
		json_uint(&j, "count", d->count);
		json_uint(&j, "of", n);
		json_array_begin(&j, "perspectives");
		for (size_t i = 0; i < n; i++)
			if (d->in[i])
				json_string(&j, NULL, labels[i]);
		json_array_end(&j);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_le_texts(&j, r, labels, n, m);
	if (m->date) {
		char date[16];
		snprintf(date, sizeof date, "%04u-%02u-%02u", m->date / 10000, m->date / 100 % 100,
			 m->date % 100);
		json_object_begin(&j, "baseline_requirements");
		json_string(&j, "date", date);
		json_uint(&j, "min_remotes", m->phase.min_remotes);
		json_bool(&j, "quorum_binding", m->phase.quorum_binding);
		json_bool(&j, "rirs_required", m->phase.rirs_required);
		json_object_end(&j);
	} else {
		json_null(&j, "baseline_requirements");
	}
	json_object_end(&j);
	json_finish(&j);
}

static void print_text(const struct merge_report *r, const char *const *labels, size_t n,
		       const struct merge_result *m)
{
	const char *what = m->verdict == MERGE_VALID	   ? "Let's Encrypt would issue: every "
							     "perspective corroborates"
			   : m->verdict == MERGE_WILL_FAIL ? "Let's Encrypt would refuse to issue"
							   : "cannot tell from these reports";
	int dn = (int)strlen(r[0].domain);
	if (dn > 1 && r[0].domain[dn - 1] == '.')
		dn--;
	printf("%.*s: %s\n", dn, r[0].domain, what);
	printf("  primary: %s%s%s%s%s\n", labels[0], r[0].resolver[0] ? ", resolver " : "",
	       r[0].resolver, r[0].time[0] ? ", " : "", r[0].time);
	printf("  remotes:");
	for (size_t i = 1; i < n; i++)
		printf("%s %s%s%s%s", i > 1 ? "," : "", labels[i], r[i].rir[0] ? " (" : "",
		       r[i].rir, r[i].rir[0] ? ")" : "");
	printf("\n\n%s\n", m->reason);
	if (m->difference_count) {
		/* R-MPIC-4: what depends on where the question comes from */
		printf("\nSeen from some perspectives only (the difference is where the question "
		       "comes from: R-MPIC-4):\n");
		for (size_t k = 0; k < m->difference_count; k++) {
			const struct merge_difference *d = &m->differences[k];
			printf("  [%s] %s: %s from %zu of %zu (", d->finding.severity,
			       d->finding.code,
			       strcmp(d->finding.severity, "error") == 0 ? "fails" : "seen",
			       d->count, n);
			bool first = true;
			for (size_t i = 0; i < n; i++)
				if (d->in[i]) {
					printf("%s%s", first ? "" : ", ", labels[i]);
					first = false;
				}
			printf("): %s\n", d->finding.title);
		}
	}
	if (m->decides && m->decides->le_text[0])
		printf("\nLet's Encrypt would say: %s\n", m->decides->le_text);
}

int check_merge_run(const char *const *files, size_t n, bool json)
{
	struct merge_report *r = calloc(n, sizeof *r);
	struct merge_result *m = calloc(1, sizeof *m);
	const char *labels[MERGE_MAX_REPORTS];
	int status = EXIT_USAGE;
	if (!r || !m) {
		fprintf(stderr, "acmeprobe check: out of memory\n");
		status = EXIT_UNKNOWN;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (!load(files[i], &r[i]))
			goto out;
		/* the report's own name for its place, else its file */
		labels[i] = r[i].label[0] ? r[i].label : files[i];
		if (strcmp(r[i].domain, r[0].domain) != 0) {
			usage_error(
			    "check",
			    "--merge takes reports of one name: %s is about %s, %s about %s",
			    files[0], r[0].domain, files[i], r[i].domain);
			goto out;
		}
	}
	merge_decide(r, labels, n, m);
	if (json)
		print_json(r, files, labels, n, m);
	else
		print_text(r, labels, n, m);
	status = m->verdict == MERGE_VALID	 ? EXIT_YES
		 : m->verdict == MERGE_WILL_FAIL ? EXIT_NO
						 : EXIT_UNKNOWN;
out:
	free(r);
	free(m);
	return status;
}

#endif /* ACMEPROBE_MERGE: make tiny has no check --merge */
