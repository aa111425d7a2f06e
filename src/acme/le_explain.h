/* From Let's Encrypt's words back to the rule: an error text as a
 * subscriber pastes it (from certbot, lego, acme.sh, a JSON problem
 * document...) is matched against a table of Boulder's texts, each with
 * its placeholders, and gives the rule (docs/rules.md) it comes from, the
 * likely cause and the acmeprobe command that shows it. `acmeprobe
 * explain` prints the result. Pure: no I/O.
 *
 * Reading a pasted text:
 *  1. the problem type, when the text names one
 *     (`urn:ietf:params:acme:error:dns`, the legacy `urn:acme:error:`, or
 *     certbot's `Type: dns`);
 *  2. the detail: the string of a JSON `"detail":` member (escapes
 *     decoded), else what follows certbot's `Detail:` up to a blank line,
 *     else what follows the last ` :: ` (lego, old certbot), else all of
 *     it; runs of white space count as one space (certbot wraps lines);
 *  3. the prefixes Boulder puts before a problem, found anywhere in it:
 *     `During secondary validation: ` (R-MPIC-3), `While processing CAA
 *     for <identifier>: ` (va/caa.go DoCAA), `<address>: ` and `Fetching
 *     <url>: ` (va/va.go detailedError), `Retrieving TXT records for
 *     DNS-PERSIST-01 challenge: `;
 *  4. the table, in order: the first entry whose text occurs in the
 *     detail wins.
 * At most LE_EXPLAIN_MAX_INPUT octets are read. */
#ifndef ACMEPROBE_ACME_LE_EXPLAIN_H
#define ACMEPROBE_ACME_LE_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>

#define LE_EXPLAIN_MAX_INPUT 16384
#define LE_EXPLAIN_TEXT	     1024
#define LE_EXPLAIN_FIELD     256
#define LE_EXPLAIN_MAX_CAPS  6

/* One of Boulder's texts. `pattern` is the text with placeholders:
 *   {name}  a DNS name (letters, digits, '-', '_', '.', '*')
 *   {ip}    an IPv4 or IPv6 address
 *   {url}   a URL (no spaces)
 *   {num}   digits
 *   {word}  letters, digits, '-', '_'
 *   {rr}    the record type of an address lookup: A or AAAA
 *   {text}  anything; before more pattern, the shortest that fits (at
 *           most LE_EXPLAIN_TEXT octets); at the end, the rest of the detail
 * `cause` and `command` may use the placeholders of the pattern ({text2}
 * for the second {text}...) and these: {ident} (the identifier: the
 * name of "While processing CAA for", else the {name} with any
 * `_acme-challenge.` or `_validation-persist.` removed, else the URL's
 * host), {host} and {token} (from the URL of "Fetching <url>"), {addr}
 * (the address before "Fetching"). */
struct le_explain_entry {
	const char *pattern;
	const char *rule;    /* the rule it comes from, "R-CAA-4" */
	const char *v6_rule; /* instead, when the address tried is IPv6, or NULL */
	const char *cause;
	const char *command;
};

struct le_explain_result {
	bool matched;
	const struct le_explain_entry *entry;  /* NULL when not recognised */
	char type[64];			       /* the problem type ("dns"), or "" */
	char detail[LE_EXPLAIN_MAX_INPUT + 1]; /* the detail as read (step 2) */
	char text[LE_EXPLAIN_MAX_INPUT + 1];   /* the part of the detail the entry matched */
	bool secondary;			       /* "During secondary validation: " (R-MPIC-3) */
	bool persist;			       /* "Retrieving TXT records for DNS-PERSIST-01..." */
	char caa_identifier[LE_EXPLAIN_FIELD];
	char url[LE_EXPLAIN_FIELD], addr[64];
	const char *rule; /* the entry's rule, or its v6_rule */
	char cause[LE_EXPLAIN_TEXT];
	char command[LE_EXPLAIN_FIELD];
	bool cut; /* the input was longer than LE_EXPLAIN_MAX_INPUT */
};

/* Reads text[0..len) as above; result->matched says whether an entry of
 * the table was found. Any octets are accepted. */
void le_explain(const char *text, size_t len, struct le_explain_result *result);

/* The table (for tests and the man page): entries and their number. */
extern const struct le_explain_entry le_explain_table[];
extern const size_t le_explain_table_size;

#endif
