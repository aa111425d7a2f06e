/* The doctor's findings: what is wrong (or fine), why, and what to do,
 * each with a stable code documented in docs/check.md and the rule id it
 * applies. No I/O. */
#ifndef ACMEPROBE_CHECK_FINDINGS_H
#define ACMEPROBE_CHECK_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>

enum finding_severity { FINDING_ERROR, FINDING_WARNING, FINDING_INFO };

#define FINDING_TEXT	    2048 /* a cause that names every server of a zone fits */
#define MAX_FINDINGS 48
#define FINDING_MAX_SERVERS 8
#define FINDING_SERVER_TEXT 320 /* "NAME (ADDRESS:PORT)" */

struct finding {
	enum finding_severity severity;
	const char *code;  /* stable, e.g. "ns_drops_unknown_types" */
	const char *rule;  /* "R-CAA-5", or NULL */
	char title[256];
	char cause[FINDING_TEXT];
	char fix[FINDING_TEXT];
	/* optional, for the findings that name them (dnssec_*); empty
	 * otherwise, and then left out of the report */
	char zone[256];	     /* the zone at fault, with its final dot */
	size_t server_count; /* the servers that serve the bad data */
	char servers[FINDING_MAX_SERVERS][FINDING_SERVER_TEXT];
	char le_text[FINDING_TEXT]; /* the error Let's Encrypt would show */
	/* R-TRANSIENT-1: for a probe that failed and was asked again,
	 * "permanent (3 of 3)" or "intermittent (1 of 3 timed out)"; else "" */
	char persistence[64];
	/* waiting and trying again could change it (an intermittent failure,
	 * servers that have not all caught up yet) */
	bool retryable;
};

struct findings {
	struct finding items[MAX_FINDINGS];
	size_t count;
	size_t dropped; /* past MAX_FINDINGS */
};

const char *finding_severity_name(enum finding_severity s);

/* Adds a finding and returns it for the caller to write its title, cause
 * and fix; NULL (and counted in `dropped`) when the list is full. */
struct finding *findings_add(struct findings *f, enum finding_severity s, const char *code,
			     const char *rule);

/* The same, with the title, cause and fix given whole (copied, cut to
 * their buffers; NULL: empty); returns the finding, NULL when full. */
struct finding *findings_add_text(struct findings *f, enum finding_severity s, const char *code,
		       const char *rule, const char *title, const char *cause, const char *fix);

#endif
