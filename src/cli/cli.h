/* What the subcommands share: exit statuses, the global options of the
 * command-line contract, and the argument parser. */
#ifndef ACMEPROBE_CLI_H
#define ACMEPROBE_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Exit statuses (README.md and acmeprobe.1 give them for each command; 64
 * is sysexits' EX_USAGE). */
enum {
	EXIT_YES = 0,     /* permitted / valid / an answer came */
	EXIT_NO = 1,      /* forbidden / invalid */
	EXIT_UNKNOWN = 2, /* no decision: DNS or network failure, bad data */
	EXIT_USAGE = 64,
};

#define MAX_RESOLVERS 8

/* The options every subcommand takes. */
struct globals {
	const char *resolvers[MAX_RESOLVERS];
	size_t resolver_count;
	unsigned timeout_ms;
	bool json;
	bool trace;
	const char *trust_anchor; /* --trust-anchor FILE, or NULL: the root's */
	bool no_dnssec;           /* --no-dnssec: skip acmeprobe's own validation */
};

/* One option a subcommand accepts besides the globals. */
struct option_spec {
	const char *name; /* without the leading "--" */
	bool takes_value;
	const char **value; /* where the value (or "" for a flag) goes */
};

/* Parses argv[first..argc): global options into g, the command's own into
 * specs, and the rest into positional[] (at most max_positional). Prints
 * the problem and returns false on a usage error. "--opt=value" and
 * "--opt value" are both accepted; "--" ends the options. */
bool parse_args(const char *command, int argc, char **argv, int first,
		struct globals *g, const struct option_spec *specs,
		const char **positional, size_t max_positional,
		size_t *positional_count);

/* A command's --help: its usage lines, then the full description, written
 * `static const char help[] = HELP(usage, rest)` in src/cli/cmd_NAME.c
 * and printed by `return cli_print_help(help, "NAME")`. The full build
 * keeps only usage as a string: rest, C string literals only, is packed
 * into src/cli/help_text.c by scripts/help-pack.py --write (rest stays
 * here in the source, which is what is read and edited), and
 * cli_print_help prints the usage, then that text unpacked; it returns
 * the exit status (EXIT_UNKNOWN, with a message, if the text cannot be
 * unpacked). ACMEPROBE_SHORT_HELP=1 (make tiny) keeps the usage lines
 * only, to fit the size budget; the man page has the rest. */
#ifndef ACMEPROBE_SHORT_HELP
#define ACMEPROBE_SHORT_HELP 0
#endif
#if ACMEPROBE_SHORT_HELP
#define HELP(usage, rest) usage "(this build's help is short: see acmeprobe(1))\n"
static inline int cli_print_help(const char *usage, const char *command)
{
	(void)command;
	fputs(usage, stdout);
	return EXIT_YES;
}
#else
#define HELP(usage, rest) usage
int cli_print_help(const char *usage, const char *command);
#endif

/* Prints "acmeprobe COMMAND: message" on stderr and returns EXIT_USAGE. */
int usage_error(const char *command, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

int cmd_decode(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_http01(int argc, char **argv);
int cmd_tlsalpn01(int argc, char **argv);
int cmd_dns01(int argc, char **argv);
int cmd_caa(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_explain(int argc, char **argv);

#endif
