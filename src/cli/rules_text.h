/* The rules of docs/rules.md as text compiled into the binary, for
 * `acmeprobe rules`. rules_text.c is generated from docs/rules.md by
 * scripts/rules-index.py --write; `make rules-check` fails when it is not
 * current. Nothing else in the binary depends on it, so a build may leave
 * both files out.
 *
 * Each rule's id, group and title are plain strings. Its three long texts
 * are packed (src/cli/rules_unpack.h): rule_text_packed unpacks to
 * rule_text_unpacked_size bytes, the texts of every rule one after the
 * other, each ended by a NUL; a rule's *_at fields are where its texts
 * start in that unpacked text. */
#ifndef ACMEPROBE_CLI_RULES_TEXT_H
#define ACMEPROBE_CLI_RULES_TEXT_H

#include <stddef.h>
#include <stdint.h>

struct rule_text {
	const char *id;		 /* "R-CAA-9" */
	const char *group;	 /* the section of docs/rules.md it is in */
	const char *title;	 /* one line */
	uint32_t statement_at;	 /* paragraphs separated by "\n\n", unwrapped */
	uint32_t rfc_at;	 /* the standards behind it, with sections */
	uint32_t letsencrypt_at; /* where Let's Encrypt says or decides it */
};

extern const struct rule_text rule_texts[];
extern const size_t rule_text_count;

extern const unsigned char rule_text_packed[];
extern const size_t rule_text_packed_size;
extern const size_t rule_text_unpacked_size;

#endif
