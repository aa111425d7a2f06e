/* `check --merge`: reports of one name made on several hosts, read as the
 * perspectives of a multi-perspective validation, and the verdict Let's
 * Encrypt's rule gives (mpic.h: R-MPIC-1..3). The first report is the
 * primary perspective, the others remote ones.
 *
 * Each report is a `check --json` object: its findings say whether CAA
 * let the CA issue (caa_permitted; caa_forbidden or caa_lookup_failed: a
 * failure) and, when it was made with an HTTP-01 token, whether HTTP-01
 * passed (http01_valid, http01_invalid); its le_text gives Let's
 * Encrypt's words for each failure; its vantage object says where it was
 * made. Then: HTTP-01 first (when every report has it), CAA after it, the
 * same quorum; and the findings seen from some perspectives but not all,
 * which are what tells one place from another (R-MPIC-4).
 *
 * Pure: the command line reads the files and the JSON (json/parse.h);
 * these functions read the tree and decide. */
#ifndef ACMEPROBE_CHECK_MERGE_H
#define ACMEPROBE_CHECK_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "check/mpic.h"
#include "json/parse.h"

/* make tiny and make static (ACMEPROBE_MERGE=0) leave check --merge out,
 * to stay within their size budgets: the reports are merged where they are
 * read, by a full build */
#ifndef ACMEPROBE_MERGE
#define ACMEPROBE_MERGE 1
#endif
/* make tiny (ACMEPROBE_VANTAGE=0) leaves out the report's vantage object
 * and --vantage/--rir too; make static keeps them, so that a report made
 * on a small host can be merged elsewhere */
#ifndef ACMEPROBE_VANTAGE
#define ACMEPROBE_VANTAGE 1
#endif

#define MERGE_MAX_REPORTS  (1 + MPIC_MAX_REMOTES)
#define MERGE_MAX_FINDINGS 64
#define MERGE_TEXT	   1024

/* What a report says about one step of the validation. */
enum merge_step { MERGE_ABSENT, MERGE_PASS, MERGE_FAIL };

struct merge_finding {
	char severity[16];
	char code[64];
	char title[256]; /* without a repeat's ": permanent (3 of 3)" */
};

/* One report, as read from its JSON. */
struct merge_report {
	char domain[256];
	char label[64]; /* vantage.label ("" when the report has none) */
	char rir[16];	/* vantage.rir, or "" */
	char resolver[128], time[40], version[32];
	enum merge_step caa, dcv;
	char caa_text[MERGE_TEXT], dcv_text[MERGE_TEXT]; /* Let's Encrypt's words, or "" */
	size_t finding_count;
	struct merge_finding findings[MERGE_MAX_FINDINGS];
	size_t findings_skipped; /* past MERGE_MAX_FINDINGS */
};

enum merge_read_err {
	MERGE_READ_OK,
	MERGE_READ_NOT_OBJECT,	/* the JSON text is no object */
	MERGE_READ_NO_DOMAIN,	/* no "domain" string */
	MERGE_READ_NO_FINDINGS, /* no "findings" array */
	MERGE_READ_BAD_FINDING, /* a finding without a "code" string */
	MERGE_READ_BAD_VANTAGE, /* "vantage" neither an object nor null */
};

/* Reads one report out of a parsed `check --json` object. */
enum merge_read_err merge_read_report(const struct json_doc *doc, struct merge_report *out);
const char *merge_read_err_text(enum merge_read_err e);

/* A finding some perspectives met and the others did not. */
struct merge_difference {
	struct merge_finding finding;
	size_t count;		    /* reports that have it */
	bool in[MERGE_MAX_REPORTS]; /* which: in[i] for report i */
};

enum merge_verdict {
	MERGE_VALID,	 /* the CA would validate: exit 0 */
	MERGE_WILL_FAIL, /* it would not: exit 1 */
	MERGE_UNKNOWN,	 /* the reports cannot tell (too few remotes, a step missing): 2 */
};

#define MERGE_MAX_DIFFERENCES 32

struct merge_result {
	enum merge_verdict verdict;
	bool dcv_merged;		    /* every report has HTTP-01 */
	struct mpic_verdict dcv;	    /* when dcv_merged */
	struct mpic_verdict caa;	    /* when caa_merged */
	bool caa_merged;		    /* every report has a CAA verdict */
	const struct mpic_verdict *decides; /* the one that stands, or NULL */
	struct mpic_br_phase phase;	    /* the BR's, on the primary report's date */
	unsigned date;			    /* that date, YYYYMMDD (0: unknown) */
	char reason[MERGE_TEXT * 2];	    /* the verdict in one paragraph */
	size_t difference_count;
	struct merge_difference differences[MERGE_MAX_DIFFERENCES];
};

/* The verdict over reports[0..n): reports[0] the primary, the rest the
 * remotes; all of one domain (the caller checks). `labels[i]` names
 * report i in the reason (its vantage label, else its file). n is at most
 * MERGE_MAX_REPORTS. */
void merge_decide(const struct merge_report *reports, const char *const *labels, size_t n,
		  struct merge_result *out);

/* "2026-12-02T10:00:00Z" -> 20261202; 0 for anything else. */
unsigned merge_date(const char *rfc3339);

const char *merge_verdict_name(enum merge_verdict v); /* "ok", "will_fail", "unknown" */

#endif
