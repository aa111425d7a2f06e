/* The rules of docs/rules.md as text compiled into the binary, for
 * `acmeprobe rules`. rules_text.c is generated from docs/rules.md by
 * scripts/rules-index.py --write; `make rules-check` fails when it is not
 * current. Nothing else in the binary depends on it, so a build may leave
 * both files out. */
#ifndef ACMEPROBE_CLI_RULES_TEXT_H
#define ACMEPROBE_CLI_RULES_TEXT_H

#include <stddef.h>

struct rule_text {
	const char *id;          /* "R-CAA-9" */
	const char *group;       /* the section of docs/rules.md it is in */
	const char *title;       /* one line */
	const char *rfc;         /* the standards behind it, with sections */
	const char *letsencrypt; /* where Let's Encrypt says or decides it */
	const char *statement;   /* paragraphs separated by "\n\n", unwrapped */
};

extern const struct rule_text rule_texts[];
extern const size_t rule_text_count;

#endif
