/* The CAA explanations. Every sentence names the rule it applies, so a
 * reader can find it in ../shared/validation-rules.md and in the code. */
#include "cli/caa_report.h"

#include <string.h>

#include "cli/cli.h"
#include "dns/text.h"
#include "dns/types.h"

static void name_text(char *buf, size_t cap, const uint8_t *name)
{
	struct dns_text t;
	dns_text_init(&t, buf, cap);
	dns_text_name(&t, name);
}

/* "0 issue \"letsencrypt.org\"" */
static void record_text(char *buf, size_t cap, const struct caa_record *rec)
{
	struct dns_text t;
	dns_text_init(&t, buf, cap);
	dns_text_printf(&t, "%u ", rec->flags);
	for (size_t i = 0; i < rec->tag_len; i++) {
		uint8_t c = rec->tag[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			dns_text_put(&t, (const char *)&c, 1);
		else
			dns_text_printf(&t, "\\%03u", c);
	}
	dns_text_puts(&t, " ");
	dns_text_quoted(&t, rec->value, rec->value_len);
}

static const struct caa_label *deciding(const struct caa_walk_result *r)
{
	return r->deciding_label >= 0 ? r->labels[r->deciding_label] : NULL;
}

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

/* The diagnosis of a failed CAA query (R-CAA-4, R-CAA-5, R-CAA-6). */
static void error_reason(char *buf, size_t cap, const struct caa_label *l)
{
	char name[DNS_MAX_NAME_TEXT];
	name_text(name, sizeof name, l->name);
	const char *why;
	switch (l->error) {
	case DNS_EC_SERVFAIL:
		why = "failed with SERVFAIL. The usual cause is DNSSEC: a signature that does not "
		      "validate, or a signer that signs empty answers wrongly (PowerDNS before 4.0.3 "
		      "did, and CAA answers are usually empty). Check the zone with a DNSSEC debugger "
		      "first, then that every nameserver answers (R-CAA-4, R-CAA-6)";
		break;
	case DNS_EC_TIMEOUT:
		why = "got no answer, even after retries. The usual cause is a firewall in front of "
		      "the nameservers that drops queries for types it does not know, such as CAA. "
		      "Check that each nameserver of the zone answers CAA queries (R-CAA-5, R-CAA-6)";
		break;
	case DNS_EC_NOTIMP:
		why = "was answered NOTIMP: a nameserver that breaks RFC 1035, which requires NOERROR "
		      "and an empty answer for a type it does not serve. Fix or replace that "
		      "nameserver (R-CAA-4)";
		break;
	case DNS_EC_REFUSED:
		why = "was REFUSED: the nameserver will not answer for this name (a lame delegation, "
		      "or an access list). Check the delegation and each nameserver (R-CAA-4, R-CAA-6)";
		break;
	case DNS_EC_FORMERR:
		why = "was answered FORMERR: the server could not read a standard query (an old or "
		      "broken server, or a middlebox that mangles EDNS) (R-CAA-4)";
		break;
	case DNS_EC_NXDOMAIN:
		why = "says the TLD itself does not exist (NXDOMAIN for a TLD is an error: R-CAA-8)";
		break;
	case DNS_EC_MALFORMED:
		why = "got only malformed answers (R-CAA-4)";
		break;
	default:
		why = "could not reach any DNS server (a network error) (R-CAA-4)";
		break;
	}
	struct dns_text t;
	dns_text_init(&t, buf, cap);
	dns_text_printf(&t, "The CAA query for %s %s. A CA cannot know whether it may issue, so it "
			    "refuses (fails closed)",
			name, why);
	if (l->has_ede) {
		const char *ede = dns_ede_name(l->ede_code);
		dns_text_printf(&t, ". The resolver's extended error (RFC 8914): %u (%s)%s%s", l->ede_code,
				ede ? ede : "unassigned", l->ede_text[0] ? ": " : "", l->ede_text);
	}
	dns_text_puts(&t, ".");
}

static void decision_reason(char *buf, size_t cap, const struct caa_walk_result *r,
			    const struct caa_request *req)
{
	char name[DNS_MAX_NAME_TEXT], domain[DNS_MAX_NAME_TEXT], rec[1024];
	const struct caa_label *l = deciding(r);
	const char *kind = r->decision.counted == CAA_TAG_ISSUEWILD ? "issuewild" : "issue";
	struct dns_text t;
	dns_text_init(&t, buf, cap);
	name_text(domain, sizeof domain, r->domain);
	if (!l || r->decision.outcome == CAA_PERMIT_NO_RECORDS) {
		dns_text_printf(&t, "No CAA record at %s or any of its parents: any CA may issue (R-CAA-1).",
				domain);
		return;
	}
	name_text(name, sizeof name, l->name);
	switch (r->decision.outcome) {
	case CAA_PERMIT_NO_RECORDS:
		break; /* said above */
	case CAA_FORBID_CRITICAL:
		record_text(rec, sizeof rec, &l->records[r->decision.deciding]);
		dns_text_printf(&t, "The CAA record %s CAA %s has an unknown tag marked critical "
				    "(flags 128, or 1, which Let's Encrypt also takes as critical): no CA may issue (R-CAA-9). "
				    "Remove that record or clear its critical flag.",
				name, rec);
		break;
	case CAA_PERMIT_NOT_RELEVANT:
		dns_text_printf(&t, "The CAA records at %s contain no %s record, so they do not restrict "
				    "who may issue%s (R-CAA-10).",
				name, kind, req->wildcard ? " a wildcard certificate" : "");
		break;
	case CAA_PERMIT_AUTHORIZED:
		record_text(rec, sizeof rec, &l->records[r->decision.deciding]);
		dns_text_printf(&t, "The CAA record %s CAA %s authorizes %s (R-CAA-11%s).", name, rec,
				req->ca_id, req->account_uri || req->method ? ", R-CAA-12" : "");
		break;
	case CAA_FORBID_UNAUTHORIZED:
		dns_text_printf(&t, "The %s records at %s do not authorize %s (%s): ", kind, name,
				req->ca_id, r->decision.rule);
		for (size_t i = 0; i < l->record_count; i++) {
			if (l->records[i].kind != r->decision.counted)
				continue;
			record_text(rec, sizeof rec, &l->records[i]);
			dns_text_printf(&t, "%s: %s (%s); ", rec,
					caa_match_text(caa_record_matches(&l->records[i], req)),
					caa_match_rule(caa_record_matches(&l->records[i], req)));
		}
		dns_text_printf(&t, "to allow it, add %s CAA 0 %s \"%s\"%s.", name, kind, req->ca_id,
				l != r->labels[0] ? " (or a CAA RRset lower down, which takes precedence: R-CAA-2)"
						  : "");
		break;
	}
	if (l && l->via_cname) {
		char target[DNS_MAX_NAME_TEXT];
		name_text(target, sizeof target, l->cname_target);
		dns_text_printf(&t, " These records were found by following a CNAME from %s to %s; "
				    "the target's parents are not searched (R-CAA-3).",
				name, target);
	}
}

void caa_reason(char *buf, size_t cap, const struct caa_walk_result *r,
		const struct caa_request *req)
{
	if (r->input_error)
		snprintf(buf, cap, "'%s' is not a domain name: %s.", r->input, r->input_error);
	else if (r->verdict == CAA_NO_DECISION)
		error_reason(buf, cap, deciding(r));
	else
		decision_reason(buf, cap, r, req);
}

void caa_report_json(FILE *out, const struct caa_walk_result *r, const struct caa_request *req)
{
	static char why[8192];
	char name[DNS_MAX_NAME_TEXT], rcode[DNS_TYPE_TEXT];
	struct json j;
	const struct caa_label *l = deciding(r);
	json_init(&j, out);
	json_object_begin(&j, NULL);
	if (r->input_error) {
		json_string(&j, "domain", r->input);
	} else {
		name_text(name, sizeof name, r->domain);
		json_string(&j, "domain", name);
	}
	json_bool(&j, "wildcard", req->wildcard);
	if (r->input_error || r->verdict == CAA_NO_DECISION)
		json_null(&j, "permitted");
	else
		json_bool(&j, "permitted", r->verdict == CAA_PERMITTED);
	if (l && r->verdict != CAA_NO_DECISION) {
		name_text(name, sizeof name, l->name);
		json_string(&j, "relevant_name", name);
	} else {
		json_null(&j, "relevant_name");
	}
	json_array_begin(&j, "records");
	if (l && r->verdict != CAA_NO_DECISION) {
		name_text(name, sizeof name, l->name);
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
		name_text(name, sizeof name, l->name);
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
	name_text(name, sizeof name, r->domain);
	const char *verdict = r->verdict == CAA_PERMITTED   ? "may issue"
			      : r->verdict == CAA_FORBIDDEN ? "may NOT issue"
							    : "cannot tell: the CA will refuse";
	fprintf(out, "%s%s: %s %s\n", req->wildcard ? "*." : "", name, req->ca_id, verdict);
	const struct caa_label *l = deciding(r);
	if (l && r->verdict != CAA_NO_DECISION) {
		char owner[DNS_MAX_NAME_TEXT];
		name_text(owner, sizeof owner, l->name);
		fprintf(out, "\nRelevant CAA RRset, at %s (R-CAA-2):\n", owner);
		for (size_t i = 0; i < l->record_count; i++) {
			record_text(rec, sizeof rec, &l->records[i]);
			fprintf(out, "  %s CAA %s%s\n", owner, rec,
				(long)i == r->decision.deciding ? "   <- decides" : "");
		}
	}
	fprintf(out, "\n%s\n", why);
}

void caa_trace_decision(const struct caa_walk_result *r, const struct caa_request *req)
{
	char name[DNS_MAX_NAME_TEXT], rec[1024];
	if (r->input_error)
		return;
	for (size_t i = 0; i < r->label_count; i++) {
		const struct caa_label *l = r->labels[i];
		name_text(name, sizeof name, l->name);
		if (l->error != DNS_EC_NONE) {
			fprintf(stderr, "[R-CAA-4] %s CAA: %s -> error below any record: fail closed\n", name,
				dns_errclass_name(l->error));
			return;
		}
		if (!l->record_count) {
			fprintf(stderr, "[R-CAA-7] %s CAA: empty%s -> go up to the parent\n", name,
				dns_name_labels(l->name) > 1 ? "" : " (the TLD)");
			continue;
		}
		fprintf(stderr, "[R-CAA-7] %s CAA: %zu record(s)%s -> relevant RRset (RFC 8659 s3)\n", name,
			l->record_count, l->via_cname ? " via CNAME (R-CAA-3)" : "");
		for (size_t k = 0; k < l->record_count; k++) {
			const struct caa_record *c = &l->records[k];
			record_text(rec, sizeof rec, c);
			if (c->kind == CAA_TAG_UNKNOWN)
				fprintf(stderr, "[R-CAA-9] %s: unknown tag, %s\n", rec,
					caa_is_critical(c) ? "critical: forbids issuance" : "not critical: ignored");
			else if (c->kind == r->decision.counted &&
				 r->decision.outcome != CAA_FORBID_CRITICAL)
				fprintf(stderr, "[%s] %s: %s\n", caa_match_rule(caa_record_matches(c, req)), rec,
					caa_match_text(caa_record_matches(c, req)));
			else
				fprintf(stderr, "[R-CAA-10] %s: does not count for this request\n", rec);
		}
		fprintf(stderr, "[%s] decision: %s\n", r->decision.rule,
			r->decision.permitted ? "permitted" : "forbidden");
		return;
	}
	fprintf(stderr, "[R-CAA-1] no CAA record up to the TLD: permitted\n");
}
