#include "check/findings.h"

#include <stdio.h>
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

struct finding *findings_add_text(struct findings *f, enum finding_severity s,
				  const char *code, const char *rule, const char *title,
				  const char *cause, const char *fix)
{
	struct finding *x = findings_add(f, s, code, rule);
	if (!x)
		return NULL;
	snprintf(x->title, sizeof x->title, "%s", title ? title : "");
	snprintf(x->cause, sizeof x->cause, "%s", cause ? cause : "");
	snprintf(x->fix, sizeof x->fix, "%s", fix ? fix : "");
	return x;
}
