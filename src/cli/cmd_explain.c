/* `acmeprobe explain TEXT`: an error text of Let's Encrypt, as pasted from
 * an ACME client, mapped back to the rule, the likely cause and the
 * acmeprobe command that shows it (src/acme/le_explain.c does the reading). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "acme/le_explain.h"
#include "cli/cli.h"
#include "cli/json.h"
#include "cli/rules_text.h"

/* make static and make tiny (ACMEPROBE_EXPLAIN=0) leave out the texts of
 * Let's Encrypt's errors alike: no explain command there. */
#ifndef ACMEPROBE_EXPLAIN
#define ACMEPROBE_EXPLAIN 1
#endif

#if ACMEPROBE_EXPLAIN

static const char help[] = HELP(
    "usage: acmeprobe explain TEXT... [--json]\n"
    "       acmeprobe explain - [--json]      (the text from standard input)\n",
    "\n"
    "Reads an error that Let's Encrypt gave, as an ACME client printed it\n"
    "(certbot's Type/Detail block, lego's 'urn:ietf:params:acme:error:...\n"
    ":: ...', acme.sh's JSON, or the bare detail), and says which rule of\n"
    "'acmeprobe rules' it comes from, what most likely causes it, and the\n"
    "acmeprobe command that shows it for your name. It knows Boulder's texts\n"
    "for CAA, DNS lookups (with the DNSSEC extended errors), HTTP-01,\n"
    "DNS-01, dns-persist-01, TLS-ALPN-01, IP address identifiers and\n"
    "multi-perspective validation, with or without the prefixes 'During\n"
    "secondary validation: ' (a remote perspective failed) and 'While\n"
    "processing CAA for NAME: '. Several arguments are joined with spaces,\n"
    "so quoting is optional; at most 16384 octets are read.\n"
    "\n"
    "  --json   one JSON object: recognised (true/false), rule, rules (the\n"
    "           rule and R-MPIC-3 for a remote perspective's failure), title,\n"
    "           cause, command, matched (the part of the text recognised),\n"
    "           pattern (Let's Encrypt's text with its placeholders), type\n"
    "           (the ACME problem type, or null), secondary, caa_identifier,\n"
    "           address, url, detail (the detail as read)\n"
    "\n"
    "Nothing is asked over the network (--resolver, --timeout and --trace\n"
    "are accepted and ignored).\n"
    "\n"
    "Exit status: 0 recognised, 1 not recognised, 64 usage error.\n");

#define WRAP 72

/* "label  text", the text wrapped under itself. */
static void print_field(const char *label, const char *text)
{
	int indent = 9;
	printf("%-*s", indent, label);
	int col = indent;
	const char *p = text;
	while (*p) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (n == 0)
			break;
		if (col > indent && col + 1 + (int)n > WRAP) {
			printf("\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			putchar(' ');
			col++;
		}
		fwrite(p, 1, n, stdout);
		col += (int)n;
		p += n;
	}
	putchar('\n');
}

static const char *rule_title(const char *id)
{
	for (size_t i = 0; i < rule_text_count; i++)
		if (strcmp(rule_texts[i].id, id) == 0)
			return rule_texts[i].title;
	return NULL;
}

static void print_text(const struct le_explain_result *r)
{
	if (!r->matched) {
		printf("Not recognised as one of Let's Encrypt's error texts.\n");
		if (r->type[0])
			printf("Problem type: %s\n", r->type);
		if (r->detail[0])
			print_field("Read:", r->detail);
		printf("'acmeprobe rules' lists the rules; 'acmeprobe check DOMAIN' looks for "
		       "every known cause.\n");
		return;
	}
	print_field("Text:", r->text);
	if (r->type[0])
		printf("%-9s%s\n", "Type:", r->type);
	if (r->secondary)
		print_field("Where:", "a remote perspective of the CA (\"During secondary "
				      "validation\"): the primary passed (R-MPIC-3)");
	const char *title = rule_title(r->rule);
	char line[512];
	snprintf(line, sizeof line, "%s%s%s", r->rule, title ? ": " : "", title ? title : "");
	print_field("Rule:", line);
	print_field("Cause:", r->cause);
	print_field("Command:", r->command);
}

static void print_json(const struct le_explain_result *r)
{
	struct json j;
	json_init(&j, stdout);
	json_object_begin(&j, NULL);
	json_bool(&j, "recognised", r->matched);
	json_string(&j, "rule", r->matched ? r->rule : NULL);
	json_array_begin(&j, "rules");
	if (r->matched) {
		json_string(&j, NULL, r->rule);
		if (r->secondary && strcmp(r->rule, "R-MPIC-3") != 0)
			json_string(&j, NULL, "R-MPIC-3");
	}
	json_array_end(&j);
	json_string(&j, "title", r->matched ? rule_title(r->rule) : NULL);
	json_string(&j, "cause", r->matched ? r->cause : NULL);
	json_string(&j, "command", r->matched ? r->command : NULL);
	json_string(&j, "matched", r->matched ? r->text : NULL);
	json_string(&j, "pattern", r->matched ? r->entry->pattern : NULL);
	json_string(&j, "type", r->type[0] ? r->type : NULL);
	json_bool(&j, "secondary", r->secondary);
	json_string(&j, "caa_identifier", r->caa_identifier[0] ? r->caa_identifier : NULL);
	json_string(&j, "address", r->addr[0] ? r->addr : NULL);
	json_string(&j, "url", r->url[0] ? r->url : NULL);
	json_string(&j, "detail", r->detail);
	json_object_end(&j);
	json_finish(&j);
}

#define MAX_ARGS 64

int cmd_explain(int argc, char **argv)
{
	struct globals g = {0};
	const char *want_help = NULL;
	const struct option_spec specs[] = {{"help", false, &want_help}, {NULL, false, NULL}};
	const char *pos[MAX_ARGS];
	size_t npos;
	if (!parse_args("explain", argc, argv, 2, &g, specs, pos, MAX_ARGS, &npos))
		return EXIT_USAGE;
	if (want_help) {
		return cli_print_help(help, "explain");
	}
	static char text[LE_EXPLAIN_MAX_INPUT + 1];
	size_t len = 0;
	if (npos == 0 || (npos == 1 && strcmp(pos[0], "-") == 0)) {
		if (npos == 0 && isatty(STDIN_FILENO))
			return usage_error("explain", "give the error text (or '-' to read it from "
						      "standard input)");
		len = fread(text, 1, sizeof text - 1, stdin);
		if (ferror(stdin)) {
			fprintf(stderr, "acmeprobe explain: cannot read standard input\n");
			return EXIT_USAGE;
		}
	} else {
		/* the words joined with spaces, cut where the buffer ends */
		for (size_t i = 0; i < npos; i++) {
			if (i > 0 && len < sizeof text - 1)
				text[len++] = ' ';
			size_t n = strlen(pos[i]), room = sizeof text - 1 - len;
			n = n < room ? n : room;
			memcpy(text + len, pos[i], n);
			len += n;
		}
	}
	if (len == 0)
		return usage_error("explain", "the error text is empty");
	static struct le_explain_result r;
	le_explain(text, len, &r);
	if (g.json)
		print_json(&r);
	else
		print_text(&r);
	return r.matched ? EXIT_YES : EXIT_NO;
}

#endif /* ACMEPROBE_EXPLAIN: make tiny has no explain command (cli/main.c) */
