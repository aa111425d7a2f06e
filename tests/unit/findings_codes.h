/* The findings of a test as one string, "severity/code/rule" each, in
 * order, so that a test asserts the exact list in one line. Static inline:
 * each test file includes it. */
#ifndef ACMEPROBE_TESTS_UNIT_FINDINGS_CODES_H
#define ACMEPROBE_TESTS_UNIT_FINDINGS_CODES_H

#include <criterion/criterion.h>
#include <stdio.h>

#include "check/findings.h"

static inline const char *findings_codes(const struct findings *f)
{
	static char buf[1024];
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < f->count; i++) {
		const struct finding *x = &f->items[i];
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s/%s/%s", i ? " " : "",
				      finding_severity_name(x->severity), x->code,
				      x->rule ? x->rule : "-");
		cr_assert_lt(n, sizeof buf);
	}
	return buf;
}

#endif
