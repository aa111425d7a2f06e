/* Multi-perspective issuance corroboration (MPIC), decided the way Let's
 * Encrypt's validation authority decides it (R-MPIC-1..3; Boulder
 * va/va.go DoDCV and doRemoteOperation, va/caa.go DoCAA, ra/ra.go
 * checkDCVAndCAA; Baseline Requirements s3.2.2.9).
 *
 * The input is what each perspective saw: the primary's outcome and each
 * remote's (passed or failed, the problem Let's Encrypt would show for a
 * failure, the Regional Internet Registry the perspective is in when the
 * caller knows it). The output is the verdict, which rule gave it, and
 * the text the subscriber would read. No I/O: `check --merge` feeds it
 * from reports made on several hosts.
 *
 * What acmeprobe cannot know: the CA's perspectives are the CA's hosts,
 * not the user's. A user who runs acmeprobe from three hosts learns what
 * three places see; which RIR each of the CA's perspectives sits in, and
 * how many there are today (R-MPIC-5), is the CA's arrangement. So an RIR
 * left unknown makes the RIR rule "not judged", never "met". */
#ifndef ACMEPROBE_CHECK_MPIC_H
#define ACMEPROBE_CHECK_MPIC_H

#include <stdbool.h>
#include <stddef.h>

/* Boulder refuses fewer remotes (doRemoteOperation). */
#define MPIC_MIN_REMOTES 3
/* The passes must span this many RIRs (va/va.go requiredRIRs). */
#define MPIC_REQUIRED_RIRS 2
/* The most remotes one verdict reads (the BR's table stops at "6+"). */
#define MPIC_MAX_REMOTES 32
#define MPIC_TEXT	 1024

/* Boulder's own texts (R-MPIC-2, R-MPIC-3). */
#define MPIC_TEXT_TOO_FEW     "Insufficient remote perspectives: need at least 3"
#define MPIC_PREFIX_SECONDARY "During secondary validation: "
#define MPIC_TEXT_RIR_ONLY                                                                         \
	"During secondary validation: validation failed but the problem is unavailable"

/* What one perspective saw for one operation (DCV or CAA). */
struct mpic_perspective {
	const char *label; /* where it ran (the report's vantage), for the reader */
	bool passed;
	const char *problem; /* LE's text for the failure, or NULL when unknown */
	const char *rir;     /* "ARIN", "RIPE"... (any case), or NULL: unknown */
};

enum mpic_outcome {
	MPIC_VALID,	      /* the primary passed and the remotes corroborate */
	MPIC_PRIMARY_FAILED,  /* R-MPIC-1: final, no remote asked */
	MPIC_QUORUM_MISSED,   /* R-MPIC-2: more remotes failed than allowed */
	MPIC_RIR_MISSED,      /* R-MPIC-2: enough passes, but in fewer than 2 RIRs */
	MPIC_TOO_FEW_REMOTES, /* R-MPIC-2: fewer than 3 remotes: Boulder refuses to run */
};

/* Whether the passes span MPIC_REQUIRED_RIRS registries. */
enum mpic_rir_state {
	MPIC_RIR_MET,	     /* the known labels of the passes name 2 or more */
	MPIC_RIR_UNMET,	     /* every pass has a label, and they name fewer */
	MPIC_RIR_NOT_JUDGED, /* some passes have no label and the known ones name fewer */
};

struct mpic_verdict {
	enum mpic_outcome outcome;
	bool valid;		 /* outcome is MPIC_VALID */
	const char *rule;	 /* "R-MPIC-1", "R-MPIC-2" */
	size_t remotes;		 /* N */
	size_t allowed_failures; /* maxAllowedFailures(N) */
	size_t required_passes;	 /* N - allowed_failures */
	size_t passed, failed;	 /* remotes that passed, failed (0, 0 after a primary failure) */
	size_t rirs_known;	 /* distinct labels among the passes */
	size_t passes_unlabelled;
	enum mpic_rir_state rir;
	/* Which remote's problem the subscriber reads: the first failure in
	 * the order given (Boulder shows the first to arrive, so any failing
	 * remote's may be shown: mpic_shown_text gives each). -1: none. */
	long first_failed;
	/* With MPIC_TOO_FEW_REMOTES: what the BR's quorum table would say for
	 * these N (the phase-in allowed 2 remotes until 2026-03-15, R-MPIC-5). */
	enum mpic_outcome quorum_alone;
	/* What the subscriber reads (empty when valid). */
	char le_text[MPIC_TEXT];
	/* One sentence: the verdict and why, naming the failing perspectives. */
	char reason[MPIC_TEXT];
};

/* maxAllowedFailures (va/va.go; BR s3.2.2.9 "Quorum Requirements"): 0
 * below 2 remotes, 1 for 2 to 5, 2 for 6 or more. R-MPIC-2. */
size_t mpic_allowed_failures(size_t remotes);

/* One operation, DCV or CAA: the primary first (R-MPIC-1), then the
 * quorum of the remotes (R-MPIC-2) and the subscriber's text (R-MPIC-3).
 * `what` names the operation in the reason ("HTTP-01", "CAA"). At most
 * MPIC_MAX_REMOTES remotes are read. */
void mpic_decide(const char *what, const struct mpic_perspective *primary,
		 const struct mpic_perspective *remotes, size_t remote_count,
		 struct mpic_verdict *out);

/* The text the subscriber reads when remote i's problem is the first to
 * arrive ("During secondary validation: " + its problem), into buf; false
 * when remote i passed or has no problem text. R-MPIC-3. */
bool mpic_shown_text(const struct mpic_perspective *remotes, size_t remote_count, size_t i,
		     char *buf, size_t cap);

/* The whole validation of an identifier (ra/ra.go checkDCVAndCAA): DCV
 * decided first; only when it is valid, and the identifier is a DNS name
 * (an IP address has no CAA), CAA, with the same quorum. Returns
 * the verdict that stands: dcv's when it failed or there is no CAA, else
 * caa's. R-MPIC-1. */
const struct mpic_verdict *mpic_combine(const struct mpic_verdict *dcv,
					const struct mpic_verdict *caa);

/* The Baseline Requirements' phase-in (s3.2.2.9, R-MPIC-5) on a civil
 * date written as YYYYMMDD (UTC): how many remote perspectives a CA must
 * use then, whether the quorum binds, whether the passes must span 2
 * RIRs. Before 2025-03-15 MPIC was not required (min_remotes 0). How many
 * Let's Encrypt uses is its own choice, at least this many. */
struct mpic_br_phase {
	size_t min_remotes;  /* 0, 2, 3, 4, 5 */
	unsigned since;	     /* the date this phase began, YYYYMMDD (0: none) */
	bool quorum_binding; /* from 2025-09-15; advisory before */
	bool rirs_required;  /* from 2026-03-15 */
};
struct mpic_br_phase mpic_br_phase_on(unsigned yyyymmdd);

const char *mpic_outcome_name(enum mpic_outcome o);
const char *mpic_rir_state_name(enum mpic_rir_state s);

#endif
