#include "check/findings.h"

#include <string.h>

const char *severity_name(enum severity s)
{
	switch (s) {
	case SEV_ERROR: return "error";
	case SEV_WARNING: return "warning";
	default: return "info";
	}
}

struct finding *finding_add(struct findings *f, enum severity s, const char *code,
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
		if (f->items[i].severity == SEV_ERROR) {
			*exit_status = 1;
			return "will_fail";
		}
	*exit_status = 0;
	return "ok";
}
