/* From what each authoritative server answered to what is wrong with it:
 * a pure function of the probe report, so each classification can be
 * tested on a report built by hand. */
#ifndef ACMEPROBE_CHECK_DIAGNOSE_H
#define ACMEPROBE_CHECK_DIAGNOSE_H

#include <stddef.h>

#include "check/findings.h"
#include "check/nsprobe.h"

/* Adds one finding per problem found; returns how many it added. */
size_t diagnose_nameservers(const struct nsprobe_report *rep, struct findings *f);

#endif
