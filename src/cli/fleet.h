/* `acmeprobe check --file F`: every name of F, each checked in a child
 * process of its own, at most `concurrency` at once. The checks share
 * nothing, and a child's memory goes back to the system when it ends, so
 * a fleet of any size takes the memory of `concurrency` checks. Each
 * child writes its name's JSON line into a pipe; the lines come out on
 * standard output in input order, with a line on stderr for each name
 * that fails and a summary at the end. */
#ifndef ACMEPROBE_CLI_FLEET_H
#define ACMEPROBE_CLI_FLEET_H

#include <stdio.h>

/* Checks one name, in the child: writes its JSON line on standard output
 * and returns its exit status (EXIT_YES, EXIT_NO, EXIT_UNKNOWN, or
 * EXIT_USAGE for a line that is not a name). */
typedef int (*fleet_check_fn)(void *ctx, const char *name);

/* Reads names from `in`, one a line (blank lines and '#' comments
 * skipped), checks each with `check`, and returns the worst exit status
 * (a line that is not a name counts as EXIT_UNKNOWN). */
int fleet_run(FILE *in, unsigned concurrency, fleet_check_fn check, void *ctx);

#endif
