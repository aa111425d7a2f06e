/* `acmeprobe check --merge A.json B.json ...`: the reports of one name
 * made on several hosts (`check --json --vantage NAME` on each), read as
 * the primary perspective (the first file) and remote ones, and the
 * verdict Let's Encrypt's multi-perspective rule gives (check/merge.h,
 * R-MPIC-*), printed as a report or as JSON. */
#ifndef ACMEPROBE_CLI_CHECK_MERGE_H
#define ACMEPROBE_CLI_CHECK_MERGE_H

#include <stdbool.h>
#include <stddef.h>

/* Reads files[0..n) and prints the verdict; returns the exit status (0
 * valid, 1 would fail, 2 cannot tell, 64 a file that cannot be read or is
 * no check report, or reports of different names). */
int check_merge_run(const char *const *files, size_t n, bool json);

#endif
