/* The argument parser shared by every subcommand. */
#include "cli/cli.h"
#include "dnssec/dnssec.h"
#include "net/decimal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int usage_error(const char *command, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "acmeprobe %s: ", command);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see 'acmeprobe %s --help')\n", command);
	return EXIT_USAGE;
}

static bool parse_timeout(const char *command, const char *s, unsigned *out)
{
	uint32_t v;
	if (!decimal_parse(s, 1, 600000, &v)) {
		usage_error(command, "--timeout takes milliseconds, 1 to 600000, not '%s'", s);
		return false;
	}
	*out = v;
	return true;
}

/* Splits "--name=value" into its parts; returns the name's length. */
static size_t option_name_len(const char *arg)
{
	const char *eq = strchr(arg, '=');
	return eq ? (size_t)(eq - arg) : strlen(arg);
}

static bool name_is(const char *arg, size_t n, const char *name)
{
	return strlen(name) == n && strncmp(arg, name, n) == 0;
}

bool parse_args(const char *command, int argc, char **argv, int first,
		struct globals *g, const struct option_spec *specs,
		const char **positional, size_t max_positional,
		size_t *positional_count)
{
	bool options_done = false;
	*positional_count = 0;
	for (int i = first; i < argc; i++) {
		const char *arg = argv[i];
		if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
			if (*positional_count == max_positional) {
				usage_error(command, "unexpected argument '%s'", arg);
				return false;
			}
			positional[(*positional_count)++] = arg;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			options_done = true;
			continue;
		}
		if (arg[1] != '-') {
			usage_error(command, "unknown option '%s' (options are spelled --name)", arg);
			return false;
		}
		const char *name = arg + 2;
		size_t n = option_name_len(name);
		const char *inline_value = name[n] == '=' ? name + n + 1 : NULL;

		/* the globals first, then the command's own options */
		bool global_value = name_is(name, n, "resolver") ||
				    name_is(name, n, "timeout") ||
				    (ACMEPROBE_DNSSEC && name_is(name, n, "trust-anchor"));
		bool global_flag = name_is(name, n, "json") ||
				   name_is(name, n, "trace") ||
				   (ACMEPROBE_DNSSEC && name_is(name, n, "no-dnssec"));
		const struct option_spec *spec = NULL;
		for (const struct option_spec *s = specs; s && s->name; s++)
			if (name_is(name, n, s->name))
				spec = s;
		if (!global_value && !global_flag && !spec) {
			usage_error(command, "unknown option '--%.*s'", (int)n, name);
			return false;
		}
		bool takes_value = global_value || (spec && spec->takes_value);
		const char *value = "";
		if (takes_value) {
			if (inline_value) {
				value = inline_value;
			} else if (i + 1 < argc) {
				value = argv[++i];
			} else {
				usage_error(command, "option '--%.*s' needs a value", (int)n, name);
				return false;
			}
		} else if (inline_value) {
			usage_error(command, "option '--%.*s' takes no value", (int)n, name);
			return false;
		}

		if (name_is(name, n, "json")) {
			g->json = true;
		} else if (name_is(name, n, "trace")) {
			g->trace = true;
		} else if (ACMEPROBE_DNSSEC && name_is(name, n, "no-dnssec")) {
			g->no_dnssec = true;
		} else if (ACMEPROBE_DNSSEC && name_is(name, n, "trust-anchor")) {
			g->trust_anchor = value;
		} else if (name_is(name, n, "timeout")) {
			if (!parse_timeout(command, value, &g->timeout_ms))
				return false;
		} else if (name_is(name, n, "resolver")) {
			if (g->resolver_count == MAX_RESOLVERS) {
				usage_error(command, "at most %d --resolver options", MAX_RESOLVERS);
				return false;
			}
			g->resolvers[g->resolver_count++] = value;
		} else if (spec) {
			*spec->value = value;
		}
	}
	return true;
}
