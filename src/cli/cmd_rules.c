/* `acmeprobe rules [ID]`: the validation rules, from the text of
 * docs/rules.md compiled into the binary (src/cli/rules_text.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "cli/json.h"
#include "cli/rules_text.h"
#include "cli/rules_unpack.h"

/* ACMEPROBE_RULES=0 (make tiny) leaves the rules' text out of the
 * binary: src/cli/rules_text.c is not linked and `acmeprobe rules` says
 * so. */
#ifndef ACMEPROBE_RULES
#define ACMEPROBE_RULES 1
#endif

#if ACMEPROBE_RULES

static const char help[] =
	"usage: acmeprobe rules [ID] [--json]\n"
	"\n"
	"The rules acmeprobe applies, as Let's Encrypt applies them: HTTP-01 over\n"
	"IPv6 and IPv4 (R-V6-n), CAA (R-CAA-n) and the HTTP-01 details Let's\n"
	"Encrypt's code decides (R-HTTP-n). Without ID, lists every rule with its\n"
	"one-line title. With ID (any letter case), prints that rule in full:\n"
	"its statement, the RFC sections behind it, and where Let's Encrypt says\n"
	"or decides it. The same ids start the lines of --trace and are cited in\n"
	"the code and the tests; docs/rules.md lists the files for each.\n"
	"\n"
	"  --json   one JSON object: {\"rules\": [...]} for the list (every field\n"
	"           of every rule), or the one rule: {id, group, title, rfc,\n"
	"           letsencrypt, statement} (statement paragraphs separated by\n"
	"           a blank line)\n"
	"\n"
	"The text is compiled in; no file is read and nothing is asked over the\n"
	"network (--resolver, --timeout and --trace are accepted and ignored).\n"
	"\n"
	"Exit status: 0, or 64 for an unknown ID or a usage error.\n";

#define WRAP_COLUMNS 72

/* Prints text word-wrapped at WRAP_COLUMNS, each line after `indent`
 * spaces; "\n\n" separates paragraphs, which stay separated. */
static void print_wrapped(const char *text, int indent)
{
	const char *p = text;
	int col = 0;
	while (*p) {
		if (p[0] == '\n' && p[1] == '\n') {
			fputs("\n\n", stdout);
			col = 0;
			p += 2;
			continue;
		}
		if (*p == ' ' || *p == '\n') {
			p++;
			continue;
		}
		size_t n = strcspn(p, " \n");
		if (col > 0 && col + 1 + (int)n > WRAP_COLUMNS) {
			fputc('\n', stdout);
			col = 0;
		}
		if (col == 0) {
			printf("%*s", indent, "");
			col = indent;
		} else {
			fputc(' ', stdout);
			col++;
		}
		fwrite(p, 1, n, stdout);
		col += (int)n;
		p += n;
	}
	if (col > 0)
		fputc('\n', stdout);
}

/* The long texts of every rule (statement, rfc, letsencrypt), unpacked
 * from rule_text_packed (src/cli/rules_unpack.h): the caller frees it.
 * NULL, with a message, when that fails (out of memory, or a
 * rules_text.c that scripts/rules-index.py did not write). */
static char *unpack_texts(void)
{
	char *text = malloc(rule_text_unpacked_size);
	if (!text) {
		fprintf(stderr, "acmeprobe rules: out of memory\n");
		return NULL;
	}
	size_t n = 0;
	enum rules_unpack_status status = rules_unpack(rule_text_packed, rule_text_packed_size,
						       text, rule_text_unpacked_size, &n);
	/* rule_field walks from NUL to NUL: there must be one per text, the
	 * last byte among them */
	size_t nuls = 0;
	for (size_t k = 0; k < n; k++)
		nuls += text[k] == '\0';
	if (status == RULES_UNPACK_OK && n == rule_text_unpacked_size && text[n - 1] == '\0' &&
	    nuls == RULE_TEXT_FIELDS * rule_text_count)
		return text;
	fprintf(stderr, "acmeprobe rules: %s\n",
		status != RULES_UNPACK_OK
		    ? rules_unpack_strerror(status)
		    : "the unpacked text is not the one rules_text.c describes");
	free(text);
	return NULL;
}

/* The text `field` of rule_texts[i] in the unpacked text (rules_text.h):
 * its NUL-ended string number RULE_TEXT_FIELDS * i + field. */
static const char *rule_field(const char *text, size_t i, enum rule_text_field field)
{
	for (size_t n = RULE_TEXT_FIELDS * i + field; n > 0; n--)
		text += strlen(text) + 1;
	return text;
}

static void print_one_text(size_t i, const char *text)
{
	const struct rule_text *r = &rule_texts[i];
	printf("%s: %s\n\n", r->id, r->title);
	print_wrapped(rule_field(text, i, RULE_TEXT_STATEMENT), 0);
	printf("\nRFC:\n");
	print_wrapped(rule_field(text, i, RULE_TEXT_RFC), 2);
	printf("Let's Encrypt:\n");
	print_wrapped(rule_field(text, i, RULE_TEXT_LETSENCRYPT), 2);
}

static void json_rule(struct json *j, size_t i, const char *text)
{
	const struct rule_text *r = &rule_texts[i];
	json_object_begin(j, NULL);
	json_string(j, "id", r->id);
	json_string(j, "group", r->group);
	json_string(j, "title", r->title);
	json_string(j, "rfc", rule_field(text, i, RULE_TEXT_RFC));
	json_string(j, "letsencrypt", rule_field(text, i, RULE_TEXT_LETSENCRYPT));
	json_string(j, "statement", rule_field(text, i, RULE_TEXT_STATEMENT));
	json_object_end(j);
}

static void print_list_text(void)
{
	size_t width = 0;
	for (size_t i = 0; i < rule_text_count; i++)
		if (strlen(rule_texts[i].id) > width)
			width = strlen(rule_texts[i].id);
	const char *group = NULL;
	for (size_t i = 0; i < rule_text_count; i++) {
		const struct rule_text *r = &rule_texts[i];
		if (!group || strcmp(group, r->group) != 0) {
			printf("%s%s\n", group ? "\n" : "", r->group);
			group = r->group;
		}
		printf("  %-*s  %s\n", (int)width, r->id, r->title);
	}
	printf("\n'acmeprobe rules ID' prints one rule in full, with its RFC sections.\n");
}

int cmd_rules(int argc, char **argv)
{
	struct globals g = {0};
	const char *want_help = NULL;
	const struct option_spec specs[] = {{"help", false, &want_help}, {NULL, false, NULL}};
	const char *pos[1];
	size_t npos;
	if (!parse_args("rules", argc, argv, 2, &g, specs, pos, 1, &npos))
		return EXIT_USAGE;
	if (want_help) {
		fputs(help, stdout);
		return EXIT_YES;
	}
	if (npos == 0 && !g.json) {
		print_list_text(); /* ids and titles only: nothing to unpack */
		return EXIT_YES;
	}
	size_t one = rule_text_count; /* the rule asked for, if any */
	for (size_t i = 0; npos == 1 && i < rule_text_count && one == rule_text_count; i++)
		if (strcasecmp(pos[0], rule_texts[i].id) == 0)
			one = i;
	if (npos == 1 && one == rule_text_count)
		return usage_error("rules", "no rule '%s'; 'acmeprobe rules' lists them", pos[0]);
	char *text = unpack_texts();
	if (!text)
		return EXIT_UNKNOWN;
	struct json j;
	if (npos == 0) {
		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_array_begin(&j, "rules");
		for (size_t i = 0; i < rule_text_count; i++)
			json_rule(&j, i, text);
		json_array_end(&j);
		json_object_end(&j);
		json_finish(&j);
	} else if (g.json) {
		json_init(&j, stdout);
		json_rule(&j, one, text);
		json_finish(&j);
	} else {
		print_one_text(one, text);
	}
	free(text);
	return EXIT_YES;
}

#else /* !ACMEPROBE_RULES */

int cmd_rules(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("acmeprobe rules: this build leaves the rules' text out (make tiny,\n"
	      "ACMEPROBE_RULES=0); docs/rules.md, or 'acmeprobe rules' of a full build,\n"
	      "has it. The R-... ids that --trace prints are the same.\n",
	      stderr);
	return EXIT_USAGE;
}

#endif
