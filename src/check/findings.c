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
