/* The rules of docs/rules.md as text compiled into the binary, for
 * `acmeprobe rules`. rules_text.c is generated from docs/rules.md by
 * scripts/rules-index.py --write; `make rules-check` fails when it is not
 * current. Nothing else in the binary depends on it, so a build may leave
 * both files out.
 *
 * Each rule's id, group and title are plain strings. Its three long texts
 * are packed (src/cli/rules_unpack.h): rule_text_packed unpacks to
 * rule_text_unpacked_size bytes, the texts of every rule in its order,
 * each ended by a NUL: rule_texts[i]'s statement, rfc and letsencrypt
 * texts are the NUL-ended strings 3i, 3i + 1 and 3i + 2 of it
 * (RULE_TEXT_STATEMENT...). No offsets are stored: 66 rules x 3 of them
 * took 1 KiB, and finding them again is a walk over 42 KB. */
#ifndef ACMEPROBE_CLI_RULES_TEXT_H
#define ACMEPROBE_CLI_RULES_TEXT_H

#include <stddef.h>

struct rule_text {
	const char *id;	   /* "R-CAA-9" */
	const char *group; /* the section of docs/rules.md it is in */
	const char *title; /* one line */
};

/* A rule's packed texts, in their order. */
enum rule_text_field {
	RULE_TEXT_STATEMENT,   /* paragraphs separated by "\n\n", unwrapped */
	RULE_TEXT_RFC,	       /* the standards behind it, with sections */
	RULE_TEXT_LETSENCRYPT, /* where Let's Encrypt says or decides it */
	RULE_TEXT_FIELDS
};

extern const struct rule_text rule_texts[];
extern const size_t rule_text_count;

extern const unsigned char rule_text_packed[];
extern const size_t rule_text_packed_size;
extern const size_t rule_text_unpacked_size;

#endif
