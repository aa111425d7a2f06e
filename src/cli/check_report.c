/* The doctor's report, as the command-line contract prints it
 * (check_report.h). */
#include "cli/check_report.h"

#include <stdio.h>
#include <string.h>

#include "check/merge.h"
#include "cli/json.h"
#include "dnssec/dnssec.h"

/* make tiny (ACMEPROBE_LE_TEXT=0) leaves Let's Encrypt's texts out */
#ifndef ACMEPROBE_LE_TEXT
#define ACMEPROBE_LE_TEXT 1
#endif

void check_report_json(const struct doctor_report *r, const struct check_vantage *v)
{
	const struct findings *f = &r->findings;
	struct json j;
	json_init(&j, stdout);
	json_object_begin(&j, NULL);
	json_string(&j, "domain", r->domain);
	json_string(&j, "verdict", check_verdict_name(r->verdict));
	json_array_begin(&j, "findings");
	for (int s = FINDING_ERROR; s <= FINDING_INFO; s++)
		for (size_t i = 0; i < f->count; i++) {
			const struct finding *x = &f->items[i];
			if ((int)x->severity != s)
				continue;
			json_object_begin(&j, NULL);
			json_string(&j, "severity", finding_severity_name(x->severity));
			json_string(&j, "code", x->code);
			json_string(&j, "title", x->title);
			json_string(&j, "cause", x->cause);
			json_string(&j, "fix", x->fix);
			json_string(&j, "rule", x->rule);
#if ACMEPROBE_DNSSEC
			/* optional fields (dnssec_*): only where the finding has them */
			if (x->zone[0])
				json_string(&j, "zone", x->zone);
			if (x->server_count) {
				json_array_begin(&j, "servers");
				for (size_t k = 0; k < x->server_count; k++)
					json_string(&j, NULL, x->servers[k]);
				json_array_end(&j);
			}
			if (x->le_text[0])
				json_string(&j, "le_text", x->le_text);
#endif
			/* R-TRANSIENT-1 */
			json_bool(&j, "retryable", x->retryable);
			json_string(&j, "persistence", x->persistence[0] ? x->persistence : NULL);
			json_object_end(&j);
		}
	json_array_end(&j);
	json_array_begin(&j, "le_text");
	for (size_t i = 0; ACMEPROBE_LE_TEXT && i < r->le_text_count; i++)
		json_string(&j, NULL, r->le_text[i]);
	json_array_end(&j);
	if (ACMEPROBE_VANTAGE && v) { /* (make tiny: no vantage) */
		json_object_begin(&j, "vantage");
		json_string(&j, "label", v->label);
		json_string(&j, "rir", v->rir);
		json_string(&j, "resolver", v->resolver);
		json_string(&j, "time", v->time);
		json_string(&j, "version", v->version);
		json_object_end(&j);
	} else {
		json_null(&j, "vantage");
	}
	json_object_end(&j);
	json_finish(&j);
}

void check_report_text(const struct doctor_report *r)
{
	const struct findings *f = &r->findings;
	/* the first line as a person says it: the name without its final
	 * dot, the CA (the doctor checks for Let's Encrypt) by its name */
	const char *what = r->verdict == CHECK_OK ? "nothing found would stop Let's Encrypt from "
						    "issuing"
			   : r->verdict == CHECK_WILL_FAIL ? "Let's Encrypt will refuse to issue"
							   : "cannot tell whether Let's Encrypt "
							     "will issue";
	int n = (int)strlen(r->domain);
	if (n > 1 && r->domain[n - 1] == '.')
		n--;
	printf("%.*s: %s\n", n, r->domain, what);
	for (int s = FINDING_ERROR; s <= FINDING_INFO; s++)
		for (size_t i = 0; i < f->count; i++) {
			const struct finding *x = &f->items[i];
			if ((int)x->severity != s)
				continue;
			printf("\n[%s] %s (%s%s%s)\n", finding_severity_name(x->severity), x->title,
			       x->code, x->rule ? ", " : "", x->rule ? x->rule : "");
			if (x->cause[0])
				printf("  cause: %s\n", x->cause);
			if (x->fix[0])
				printf("  fix:   %s\n", x->fix);
#if ACMEPROBE_DNSSEC
			if (x->le_text[0])
				printf("  Let's Encrypt would say: %s\n", x->le_text);
#endif
		}
	for (size_t i = 0; ACMEPROBE_LE_TEXT && i < r->le_text_count; i++)
		printf("%sLet's Encrypt would say: %s\n", i ? "" : "\n", r->le_text[i]);
}
