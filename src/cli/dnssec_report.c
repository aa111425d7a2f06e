/* The DNSSEC verdict for people and for scripts (dnssec_report.h). */
#include "cli/dnssec_report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dns/text.h"
#include "dns/types.h"
#include "net/addr.h"

#if ACMEPROBE_DNSSEC

int cli_dnssec_anchors(const char *command, const struct globals *g, struct dnssec_anchors *ta)
{
	if (!g->trust_anchor) {
		dnssec_anchors_builtin(ta); /* R-DNSSEC-3 */
		return EXIT_YES;
	}
	FILE *f = fopen(g->trust_anchor, "r");
	if (!f)
		return usage_error(command, "--trust-anchor %s: %s", g->trust_anchor,
				   strerror(errno));
	/* a few records: 64 KiB is far more than 16 of them take */
	char *text = malloc(65536);
	size_t n = text ? fread(text, 1, 65536, f) : 0;
	bool too_big = text && n == 65536 && fgetc(f) != EOF;
	fclose(f);
	if (!text)
		return usage_error(command, "--trust-anchor: out of memory");
	if (too_big) {
		free(text);
		return usage_error(command, "--trust-anchor %s: larger than 64 KiB",
				   g->trust_anchor);
	}
	unsigned line;
	enum dnssec_anchor_err e = dnssec_anchors_parse(text, n, ta, &line);
	free(text);
	if (e != DNSSEC_ANCHOR_OK) {
		if (line)
			return usage_error(command, "--trust-anchor %s line %u: %s",
					   g->trust_anchor, line, dnssec_anchor_strerror(e));
		return usage_error(command, "--trust-anchor %s: %s", g->trust_anchor,
				   dnssec_anchor_strerror(e));
	}
	return EXIT_YES;
}

static const char *name_text(const uint8_t *name, char *buf, size_t cap)
{
	struct dns_text t;
	dns_text_init(&t, buf, cap);
	dns_text_name(&t, name);
	return buf;
}

static const char *time_text(uint32_t secs, char *buf, size_t cap)
{
	struct dns_text t;
	dns_text_init(&t, buf, cap);
	dns_text_sigtime(&t, secs);
	return buf;
}

static const char *part_kind(enum dnssec_part k)
{
	return k == DNSSEC_PART_NODATA	   ? "nodata"
	       : k == DNSSEC_PART_NXDOMAIN ? "nxdomain"
					   : "rrset";
}

/* "the signature has expired (zone expired.lab., RRset expired.lab.
 * DNSKEY, key 4010 algorithm 13, valid 20261003011715 to 20261102011715,
 * from 127.0.0.1:53582)" */
static void why_text(FILE *out, const struct dnssec_why *w, const struct resolver_config *cfg)
{
	char a[DNS_MAX_NAME_TEXT], b[DNS_MAX_NAME_TEXT], type[DNS_TYPE_TEXT], t1[20], t2[20];
	char addr[NET_ADDR_TEXT];
	fputs(dnssec_reason_text(w->code), out);
	if (w->code == DNSSEC_R_LIMIT)
		fprintf(out, ": %s", dnssec_limit_text(w->limit));
	if (w->code == DNSSEC_R_NSEC3_ITERATIONS)
		fprintf(out, " (%u)", w->iterations);
	const char *sep = " (";
	if (w->has_zone) {
		fprintf(out, "%szone %s", sep, name_text(w->zone, a, sizeof a));
		sep = ", ";
	}
	if (w->has_owner) {
		fprintf(out, "%sRRset %s %s", sep, name_text(w->owner, b, sizeof b),
			dns_type_to_text(w->type, type));
		sep = ", ";
	}
	if (w->has_key) {
		fprintf(out, "%skey %u algorithm %u", sep, w->key_tag, w->algorithm);
		sep = ", ";
	}
	if (w->has_dates) {
		fprintf(out, "%ssigned for %s to %s", sep, time_text(w->inception, t1, sizeof t1),
			time_text(w->expiration, t2, sizeof t2));
		sep = ", ";
	}
	if (w->has_source && cfg && w->source < cfg->server_count) {
		fprintf(out, "%sfrom %s", sep, net_addr_text(&cfg->servers[w->source], addr));
		sep = ", ";
	}
	if (w->ede != DNSSEC_EDE_NONE) {
		const char *ede = dns_ede_name(w->ede);
		fprintf(out, "%sEDE %u%s%s", sep, w->ede, ede ? " " : "", ede ? ede : "");
		sep = ", ";
	}
	if (sep[0] == ',')
		fputc(')', out);
}

void dnssec_report_text(FILE *out, const struct dnssec_result *r, const struct resolver_config *cfg)
{
	char a[DNS_MAX_NAME_TEXT], type[DNS_TYPE_TEXT];
	fprintf(out, "\n;; DNSSEC: %s", dnssec_status_name(r->status));
	if (r->status == DNSSEC_SECURE) {
		fputs(": fully validated\n", out);
	} else {
		fputs(": ", out);
		why_text(out, &r->why, cfg);
		fputc('\n', out);
	}
	for (size_t i = 0; i < r->chain_len; i++) {
		const struct dnssec_cut *c = &r->chain[i];
		fprintf(out, ";;   zone %-24s %-13s", name_text(c->zone, a, sizeof a),
			dnssec_status_name(c->status));
		if (c->anchor)
			fputs(" trust anchor", out);
		if (c->has_ds)
			fprintf(out, " %s %u algorithm %u%s", c->anchor ? "matched" : "DS",
				c->ds_key_tag, c->ds_algorithm,
				c->ds_digest_type ? "" : " (DNSKEY anchor)");
		if (c->ds_digest_type)
			fprintf(out, " digest %u", c->ds_digest_type);
		if (c->has_key)
			fprintf(out, ", DNSKEY RRset signed by key %u", c->key_tag);
		if (c->status != DNSSEC_SECURE) {
			fputs(": ", out);
			why_text(out, &c->why, cfg);
		}
		fputc('\n', out);
	}
	for (size_t i = 0; i < r->part_count; i++) {
		const struct dnssec_part_result *p = &r->parts[i];
		fprintf(out, ";;   %-8s %s %s %s", part_kind(p->kind),
			name_text(p->owner, a, sizeof a), dns_type_to_text(p->type, type),
			dnssec_status_name(p->status));
		if (p->has_key)
			fprintf(out, ", signed by key %u algorithm %u", p->key_tag, p->algorithm);
		if (p->wildcard)
			fputs(", expanded from a wildcard", out);
		if (p->kind != DNSSEC_PART_RRSET && p->status == DNSSEC_SECURE)
			fprintf(out, ", proven by %s", p->nsec3 ? "NSEC3" : "NSEC");
		if (p->status != DNSSEC_SECURE) {
			fputs(": ", out);
			why_text(out, &p->why, cfg);
		}
		fputc('\n', out);
	}
}

static void json_name(struct json *j, const char *key, bool has, const uint8_t *name)
{
	char a[DNS_MAX_NAME_TEXT];
	json_string(j, key, has ? name_text(name, a, sizeof a) : NULL);
}

static void why_json(struct json *j, const struct dnssec_why *w, const struct resolver_config *cfg)
{
	char type[DNS_TYPE_TEXT], t[20], addr[NET_ADDR_TEXT];
	json_string(j, "reason", dnssec_reason_text(w->code));
	json_string(j, "reason_code", dnssec_reason_name(w->code));
	if (w->ede != DNSSEC_EDE_NONE)
		json_uint(j, "ede", w->ede);
	else
		json_null(j, "ede");
	json_name(j, "zone", w->has_zone, w->zone);
	if (w->has_owner) {
		json_object_begin(j, "rrset");
		json_name(j, "name", true, w->owner);
		json_string(j, "type", dns_type_to_text(w->type, type));
		json_object_end(j);
	} else {
		json_null(j, "rrset");
	}
	if (w->has_key) {
		json_uint(j, "key_tag", w->key_tag);
		json_uint(j, "algorithm", w->algorithm);
	} else {
		json_null(j, "key_tag");
		json_null(j, "algorithm");
	}
	json_string(j, "inception", w->has_dates ? time_text(w->inception, t, sizeof t) : NULL);
	json_string(j, "expiration", w->has_dates ? time_text(w->expiration, t, sizeof t) : NULL);
	json_string(j, "limit", w->code == DNSSEC_R_LIMIT ? dnssec_limit_text(w->limit) : NULL);
	json_string(j, "server",
		    w->has_source && cfg && w->source < cfg->server_count
			? net_addr_text(&cfg->servers[w->source], addr)
			: NULL);
}

void dnssec_report_json(struct json *j, const struct dnssec_result *r,
			const struct resolver_config *cfg)
{
	char type[DNS_TYPE_TEXT];
	json_object_begin(j, "dnssec");
	json_string(j, "status", dnssec_status_name(r->status));
	why_json(j, &r->why, cfg);
	json_array_begin(j, "chain");
	for (size_t i = 0; i < r->chain_len; i++) {
		const struct dnssec_cut *c = &r->chain[i];
		json_object_begin(j, NULL);
		json_name(j, "zone", true, c->zone);
		json_string(j, "status", dnssec_status_name(c->status));
		json_bool(j, "anchor", c->anchor);
		if (c->has_ds) {
			json_object_begin(j, "ds");
			json_uint(j, "key_tag", c->ds_key_tag);
			json_uint(j, "algorithm", c->ds_algorithm);
			if (c->ds_digest_type)
				json_uint(j, "digest_type", c->ds_digest_type);
			else
				json_null(j, "digest_type");
			json_object_end(j);
		} else {
			json_null(j, "ds");
		}
		if (c->has_key) {
			json_object_begin(j, "dnskey");
			json_uint(j, "key_tag", c->key_tag);
			json_uint(j, "algorithm", c->key_algorithm);
			json_object_end(j);
		} else {
			json_null(j, "dnskey");
		}
		if (c->status != DNSSEC_SECURE) {
			json_object_begin(j, "why");
			why_json(j, &c->why, cfg);
			json_object_end(j);
		} else {
			json_null(j, "why");
		}
		json_object_end(j);
	}
	json_array_end(j);
	json_array_begin(j, "rrsets");
	for (size_t i = 0; i < r->part_count; i++) {
		const struct dnssec_part_result *p = &r->parts[i];
		json_object_begin(j, NULL);
		json_name(j, "name", true, p->owner);
		json_string(j, "type", dns_type_to_text(p->type, type));
		json_string(j, "kind", part_kind(p->kind));
		json_string(j, "status", dnssec_status_name(p->status));
		if (p->has_key) {
			json_uint(j, "key_tag", p->key_tag);
			json_uint(j, "algorithm", p->algorithm);
		} else {
			json_null(j, "key_tag");
			json_null(j, "algorithm");
		}
		json_bool(j, "wildcard", p->wildcard);
		json_string(j, "proof",
			    p->kind == DNSSEC_PART_RRSET ? NULL : (p->nsec3 ? "nsec3" : "nsec"));
		json_object_begin(j, "why");
		why_json(j, &p->why, cfg);
		json_object_end(j);
		json_object_end(j);
	}
	json_array_end(j);
	json_uint(j, "verifications", r->budget.verifications);
	json_uint(j, "nsec3_hashes", r->budget.hashes);
	json_object_end(j);
}

void dnssec_report_trace(void *ctx, const uint8_t *name, uint16_t type, const struct dns_result *r)
{
	const struct resolver_config *cfg = ctx;
	char a[DNS_MAX_NAME_TEXT], t[DNS_TYPE_TEXT], rc[DNS_TYPE_TEXT], addr[NET_ADDR_TEXT];
	fprintf(stderr, "[%s] dnssec: asked %s %s (RD DO CD) -> ",
		type == DNS_T_DS ? "RFC 4035 s5.2" : "RFC 4035 s5.3", name_text(name, a, sizeof a),
		dns_type_to_text(type, t));
	if (r->msg)
		fprintf(stderr, "%s, %u answer record(s) from %s\n",
			dns_rcode_to_text(r->rcode, rc), r->msg->counts[1],
			r->server >= 0 ? net_addr_text(&cfg->servers[r->server], addr) : "?");
	else
		fprintf(stderr, "no answer (%s)\n", r->detail ? r->detail : "error");
}

void dnssec_report_trace_verdict(const struct dnssec_result *r)
{
	char a[DNS_MAX_NAME_TEXT], t[DNS_TYPE_TEXT];
	for (size_t i = 0; i < r->chain_len; i++) {
		const struct dnssec_cut *c = &r->chain[i];
		fprintf(stderr, "[%s] dnssec: zone %s: %s%s%s\n",
			c->anchor		       ? "R-DNSSEC-3"
			: c->status == DNSSEC_INSECURE ? "R-DNSSEC-6"
						       : "R-DNSSEC-3",
			name_text(c->zone, a, sizeof a), dnssec_status_name(c->status),
			c->status == DNSSEC_SECURE ? "" : ": ",
			c->status == DNSSEC_SECURE ? "" : dnssec_reason_text(c->why.code));
	}
	for (size_t i = 0; i < r->part_count; i++) {
		const struct dnssec_part_result *p = &r->parts[i];
		fprintf(stderr, "[%s] dnssec: %s %s %s: %s%s%s\n",
			p->kind == DNSSEC_PART_NXDOMAIN ? "R-DNSSEC-10"
			: p->kind == DNSSEC_PART_NODATA ? "R-DNSSEC-9"
							: "R-DNSSEC-8",
			part_kind(p->kind), name_text(p->owner, a, sizeof a),
			dns_type_to_text(p->type, t), dnssec_status_name(p->status),
			p->status == DNSSEC_SECURE ? "" : ": ",
			p->status == DNSSEC_SECURE ? "" : dnssec_reason_text(p->why.code));
	}
	fprintf(stderr,
		"[R-DNSSEC-4] dnssec: %s (%u signature verification(s), %u NSEC3 hash(es))\n",
		dnssec_status_name(r->status), r->budget.verifications, r->budget.hashes);
}

#else /* !ACMEPROBE_DNSSEC (make tiny): only "not built in" to say */

int cli_dnssec_anchors(const char *command, const struct globals *g, struct dnssec_anchors *ta)
{
	(void)command;
	(void)g;
	ta->count = 0;
	return EXIT_YES;
}

void dnssec_report_text(FILE *out, const struct dnssec_result *r, const struct resolver_config *cfg)
{
	(void)cfg;
	fprintf(out, "\n;; DNSSEC: %s: %s\n", dnssec_status_name(r->status),
		dnssec_reason_text(r->why.code));
}

void dnssec_report_json(struct json *j, const struct dnssec_result *r,
			const struct resolver_config *cfg)
{
	(void)cfg;
	json_object_begin(j, "dnssec");
	json_string(j, "status", dnssec_status_name(r->status));
	json_string(j, "reason", dnssec_reason_text(r->why.code));
	json_string(j, "reason_code", dnssec_reason_name(r->why.code));
	json_null(j, "zone");
	json_array_begin(j, "chain");
	json_array_end(j);
	json_array_begin(j, "rrsets");
	json_array_end(j);
	json_object_end(j);
}

void dnssec_report_trace(void *ctx, const uint8_t *name, uint16_t type, const struct dns_result *r)
{
	(void)ctx;
	(void)name;
	(void)type;
	(void)r;
}

void dnssec_report_trace_verdict(const struct dnssec_result *r)
{
	fprintf(stderr, "[R-DNSSEC-4] dnssec: %s: %s\n", dnssec_status_name(r->status),
		dnssec_reason_text(r->why.code));
}

#endif
