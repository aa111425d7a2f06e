#include "check/findings.h"

#include <string.h>

const char *finding_severity_name(enum finding_severity s)
{
	switch (s) {
	case FINDING_ERROR: return "error";
	case FINDING_WARNING: return "warning";
	default: return "info";
	}
}

struct finding *findings_add(struct findings *f, enum finding_severity s, const char *code,
			     const char *rule)
{
	if (f->count == MAX_FINDINGS) {
		f->dropped++;
		return NULL;
	}
	struct finding *x = &f->items[f->count++];
	memset(x, 0, sizeof *x);
	x->severity = s;
	x->code = code;
	x->rule = rule;
	return x;
}

const char *findings_verdict(const struct findings *f, int *exit_status)
{
	for (size_t i = 0; i < f->count; i++)
		if (f->items[i].severity == FINDING_ERROR) {
			*exit_status = 1;
			return "will_fail";
		}
	*exit_status = 0;
	return "ok";
}
