/* Printing a CAA walk: the JSON object of the command-line contract and
 * the human report. The sentences themselves are CAA's own
 * (caa/explain.c), shared with `acmeprobe check`. */
#include "cli/caa_report.h"

#include <stdio.h>
#include <string.h>

#include "acme/le_caa.h"
#include "caa/dnssec_walk.h"
#include "caa/explain.h"
#include "cli/cli.h"
#include "dns/text.h"
#include "dns/types.h"
#include "dnssec/advice.h"

int caa_exit_status(const struct caa_walk_result *r)
{
	if (r->input_error)
		return EXIT_USAGE;
	switch (r->verdict) {
	case CAA_PERMITTED: return EXIT_YES;
	case CAA_FORBIDDEN: return EXIT_NO;
	default: return EXIT_UNKNOWN;
	}
}

#if ACMEPROBE_DNSSEC
/* The contract's error.dnssec {status, reason, zone, rrset, key_tag,
 * servers} (with reason_code, ede, and whether the data was asked again
 * with CD or the resolver's answer was made an error), and error.le_text:
 * what acmeprobe's own validation found behind the failure. */
static void dnssec_json(struct json *j, const struct caa_walk_result *r, const struct caa_label *l)
{
	const struct caa_dnssec_note *n = l->dnssec;
	const struct dnssec_why *w = &n->verdict.why;
	char name[DNS_MAX_NAME_TEXT], type[DNS_TYPE_TEXT], addr[NET_ADDR_TEXT], le[1024];
	bool judged = !n->reask_failed && n->verdict.judged;
	json_object_begin(j, "dnssec");
	json_string(j, "status", judged ? dnssec_status_name(n->verdict.status) : NULL);
	json_string(j, "reason",
		    judged ? dnssec_reason_text(w->code)
			   : "asked again with CD, the query got no answer either");
	json_string(j, "reason_code", judged ? dnssec_reason_name(w->code) : NULL);
	if (judged && w->ede != DNSSEC_EDE_NONE)
		json_uint(j, "ede", w->ede);
	else
		json_null(j, "ede");
	dns_name_text(name, sizeof name, w->zone);
	json_string(j, "zone", judged && w->has_zone ? name : NULL);
	if (judged && w->has_owner) {
		json_object_begin(j, "rrset");
		dns_name_text(name, sizeof name, w->owner);
		json_string(j, "name", name);
		json_string(j, "type", dns_type_to_text(w->type, type));
		json_object_end(j);
	} else {
		json_null(j, "rrset");
	}
	if (judged && w->has_key)
		json_uint(j, "key_tag", w->key_tag);
	else
		json_null(j, "key_tag");
	struct dnssec_advice a;
	dnssec_advice_for(&n->verdict, &a);
	json_string(j, "code", judged ? a.code : NULL);
	json_bool(j, "reasked", n->reasked);
	json_bool(j, "resolver_validates", !n->made_error);
	if (n->servers_probed) {
		json_array_begin(j, "servers");
		for (size_t i = 0; i < n->server_count; i++) {
			char who[DNS_MAX_NAME_TEXT + NET_ADDR_TEXT + 4];
			dns_name_text(name, sizeof name, n->servers[i].name);
			snprintf(who, sizeof who, "%s (%s)", name,
				 net_addr_text(&n->servers[i].addr, addr));
			json_string(j, NULL, who);
		}
		json_array_end(j);
	} else {
		json_null(j, "servers");
	}
	json_object_end(j);
	dns_name_text_bare(name, sizeof name, r->domain); /* the order's name */
	if (caa_dnssec_le_text(le, sizeof le, name, l))
		json_string(j, "le_text", le);
	else
		json_null(j, "le_text");
}
#endif

void caa_report_json(FILE *out, const struct caa_walk_result *r, const struct caa_request *req)
{
	static char why[8192];
	char name[DNS_MAX_NAME_TEXT], rcode[DNS_TYPE_TEXT];
	struct json j;
	const struct caa_label *l = caa_deciding_label(r);
	json_init(&j, out);
	json_object_begin(&j, NULL);
	if (r->input_error) {
		json_string(&j, "domain", r->input);
	} else {
		dns_name_text(name, sizeof name, r->domain);
		json_string(&j, "domain", name);
	}
	json_bool(&j, "wildcard", req->wildcard);
	if (r->input_error || r->verdict == CAA_NO_DECISION)
		json_null(&j, "permitted");
	else
		json_bool(&j, "permitted", r->verdict == CAA_PERMITTED);
	if (l && r->verdict != CAA_NO_DECISION) {
		dns_name_text(name, sizeof name, l->name);
		json_string(&j, "relevant_name", name);
	} else {
		json_null(&j, "relevant_name");
	}
	json_array_begin(&j, "records");
	if (l && r->verdict != CAA_NO_DECISION) {
		dns_name_text(name, sizeof name, l->name);
		for (size_t i = 0; i < l->record_count; i++) {
			const struct caa_record *rec = &l->records[i];
			json_object_begin(&j, NULL);
			json_string(&j, "name", name);
			json_uint(&j, "flags", rec->flags);
			json_string_n(&j, "tag", rec->tag, rec->tag_len);
			json_string_n(&j, "value", rec->value, rec->value_len);
			json_object_end(&j);
		}
	}
	json_array_end(&j);
	if (l && r->verdict == CAA_NO_DECISION) {
		json_object_begin(&j, "error");
		json_string(&j, "class", dns_errclass_name(l->error));
		dns_name_text(name, sizeof name, l->name);
		json_string(&j, "name", name);
		if (l->error == DNS_EC_TIMEOUT || l->error == DNS_EC_NETWORK)
			json_null(&j, "rcode");
		else
			json_string(&j, "rcode", dns_rcode_to_text(l->rcode, rcode));
		json_string(&j, "detail", l->detail);
		if (l->has_ede) {
			json_object_begin(&j, "ede");
			json_uint(&j, "code", l->ede_code);
			json_string(&j, "text", l->ede_text);
			json_object_end(&j);
		}
#if ACMEPROBE_DNSSEC
		if (l->dnssec)
			dnssec_json(&j, r, l);
#endif
		json_object_end(&j);
	} else if (r->input_error) {
		json_object_begin(&j, "error");
		json_string(&j, "class", "usage");
		json_null(&j, "name");
		json_null(&j, "rcode");
		json_string(&j, "detail", r->input_error);
		json_object_end(&j);
	} else {
		json_null(&j, "error");
	}
	if (!r->input_error && r->verdict != CAA_NO_DECISION)
		json_string(&j, "rule", r->decision.rule);
	caa_reason(why, sizeof why, r, req);
	json_string(&j, "reason", why);
	/* what Let's Encrypt would show, in its words (R-DNSSEC-14, R-CAA-11) */
	char le[1024];
	json_array_begin(&j, "le_text");
	if (le_caa_problem(r, le, sizeof le))
		json_string(&j, NULL, le);
	json_array_end(&j);
	json_object_end(&j);
	json_finish(&j);
}

void caa_report_text(FILE *out, const struct caa_walk_result *r, const struct caa_request *req)
{
	static char why[8192];
	char name[DNS_MAX_NAME_TEXT], rec[1024];
	caa_reason(why, sizeof why, r, req);
	if (r->input_error) {
		fprintf(out, "%s: %s\n", r->input, why);
		return;
	}
	/* the first line as a person says it: the name without its final
	 * dot, the CA by its name */
	dns_name_text_bare(name, sizeof name, r->domain);
	const char *verdict = r->verdict == CAA_PERMITTED   ? "may issue"
			      : r->verdict == CAA_FORBIDDEN ? "may not issue"
							    : "cannot tell whether it may issue, so it "
							      "will refuse";
	fprintf(out, "%s%s: %s %s\n", req->wildcard ? "*." : "", name, caa_ca_name(req->ca_id),
		verdict);
	const struct caa_label *l = caa_deciding_label(r);
	if (l && r->verdict != CAA_NO_DECISION) {
		char owner[DNS_MAX_NAME_TEXT];
		dns_name_text(owner, sizeof owner, l->name);
		fprintf(out, "\nRelevant CAA RRset, at %s (R-CAA-2):\n", owner);
		for (size_t i = 0; i < l->record_count; i++) {
			caa_record_text(rec, sizeof rec, &l->records[i]);
			fprintf(out, "  %s CAA %s%s\n", owner, rec,
				(long)i == r->decision.deciding ? "   <- decides" : "");
		}
	}
	fprintf(out, "\n%s\n", why);
	char le[1024];
	if (le_caa_problem(r, le, sizeof le))
		fprintf(out, "\nLet's Encrypt would say: %s\n", le);
}

void caa_report_ip(FILE *out, const char *addr, const struct caa_request *req, bool json)
{
	/* R-IP-4 (boulder ra/ra.go checkDCVAndCAA): CAA (RFC 8659) is for
	 * domain names; no CAA is checked for an IP address identifier,
	 * neither at validation nor at the 7-hour recheck */
	static const char reason[] = "CAA does not apply to an IP address: no CA checks it for an "
				     "IP address identifier (R-IP-4). No DNS query was made.";
	if (!json) {
		fprintf(out, "%s: %s may issue\n\n%s\n", addr, req->ca_id, reason);
		return;
	}
	struct json j;
	json_init(&j, out);
	json_object_begin(&j, NULL);
	json_string(&j, "domain", addr);
	json_bool(&j, "ip_address", true);
	json_bool(&j, "wildcard", false);
	json_bool(&j, "permitted", true);
	json_null(&j, "relevant_name");
	json_array_begin(&j, "records");
	json_array_end(&j);
	json_null(&j, "error");
	json_string(&j, "rule", "R-IP-4");
	json_string(&j, "reason", reason);
	json_object_end(&j);
	json_finish(&j);
}
