/* Showing a parsed message. */
#include "cli/report_msg.h"

#include "dns/rr.h"
#include "dns/text.h"
#include "dns/types.h"
#include "dns/wire.h"

/* Room for one record in presentation form: a 64 KiB RDATA as \# hex takes
 * twice its size, plus the owner and the fixed fields. */
#define RR_TEXT_MAX (2 * 65536 + DNS_MAX_NAME_TEXT + 64)

static const struct {
	uint16_t bit;
	const char *name;
} flag_names[] = {
	{DNS_FLAG_QR, "qr"}, {DNS_FLAG_AA, "aa"}, {DNS_FLAG_TC, "tc"},
	{DNS_FLAG_RD, "rd"}, {DNS_FLAG_RA, "ra"}, {DNS_FLAG_AD, "ad"},
	{DNS_FLAG_CD, "cd"},
};

static const char *opcode_name(unsigned opcode)
{
	static const char *const names[] = {"QUERY", "IQUERY", "STATUS", "OPCODE3",
					    "NOTIFY", "UPDATE", "DSO"};
	return opcode < sizeof names / sizeof names[0] ? names[opcode] : "OPCODE?";
}

static const char *const section_titles[] = {"ANSWER", "AUTHORITY", "ADDITIONAL"};
static const char *const section_keys[] = {"answer", "authority", "additional"};

static void print_ede(FILE *out, const struct dns_ede *e)
{
	char buf[512];
	struct dns_text t;
	const char *name = dns_ede_name(e->info_code);
	dns_text_init(&t, buf, sizeof buf);
	dns_text_quoted(&t, e->text, e->text_len);
	fprintf(out, ";; EDE: %u (%s)%s%s%s\n", e->info_code,
		name ? name : "unassigned", e->text_len ? ": " : "",
		e->text_len ? buf : "", t.overflow ? "..." : "");
}

static void print_options(FILE *out, const struct dns_msg *m)
{
	struct dns_opt_iter it;
	struct dns_opt_option o;
	dns_opt_begin(&it, m);
	while (dns_opt_next(&it, &o)) {
		struct dns_ede ede;
		if (o.code == DNS_OPT_EDE && dns_ede_parse(&o, &ede) == DNS_OK) {
			print_ede(out, &ede);
			continue;
		}
		fprintf(out, ";; OPTION %u:", o.code);
		for (uint16_t i = 0; i < o.len; i++)
			fprintf(out, " %02x", o.data[i]);
		fputc('\n', out);
	}
}

void report_msg_text(FILE *out, const struct dns_msg *m)
{
	static char line[RR_TEXT_MAX];
	char rcode[DNS_TYPE_TEXT], type[DNS_TYPE_TEXT], rclass[DNS_TYPE_TEXT];
	struct dns_text t;

	fprintf(out, ";; ->>HEADER<<- opcode: %s, status: %s, id: %u\n",
		opcode_name(DNS_OPCODE(m->flags)),
		dns_rcode_to_text(m->rcode, rcode), m->id);
	fputs(";; flags:", out);
	for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++)
		if (m->flags & flag_names[i].bit)
			fprintf(out, " %s", flag_names[i].name);
	fprintf(out, "; QUERY: %u, ANSWER: %u, AUTHORITY: %u, ADDITIONAL: %u\n",
		m->counts[0], m->counts[1], m->counts[2], m->counts[3]);

	if (m->edns.present) {
		fputs("\n;; OPT PSEUDOSECTION:\n", out);
		fprintf(out, ";; EDNS: version %u, flags:%s; udp: %u\n",
			m->edns.version, m->edns.dnssec_ok ? " do" : "",
			m->edns.udp_size);
		print_options(out, m);
	}

	dns_text_init(&t, line, sizeof line);
	dns_text_name_at(&t, m->pkt, m->len, m->qname);
	fprintf(out, "\n;; QUESTION SECTION:\n;%s\t\t%s\t%s\n", line,
		dns_class_to_text(m->qclass, rclass),
		dns_type_to_text(m->qtype, type));

	for (int s = DNS_SEC_ANSWER; s <= DNS_SEC_ADDITIONAL; s++) {
		size_t first, n = dns_msg_section(m, (enum dns_section)s, &first);
		bool title = false;
		for (size_t i = first; i < first + n; i++) {
			if (m->rr[i].type == DNS_T_OPT)
				continue; /* shown in the OPT pseudosection */
			if (!title) {
				fprintf(out, "\n;; %s SECTION:\n", section_titles[s]);
				title = true;
			}
			dns_text_init(&t, line, sizeof line);
			dns_text_rr(&t, m, &m->rr[i]);
			fprintf(out, "%s\n", line);
		}
	}
}

static void json_rr(struct json *j, const struct dns_msg *m,
		    const struct dns_rr *rr, char *buf, size_t cap)
{
	char tbuf[DNS_TYPE_TEXT];
	struct dns_text t;
	json_object_begin(j, NULL);
	dns_text_init(&t, buf, cap);
	dns_text_name_at(&t, m->pkt, m->len, rr->owner);
	json_string(j, "name", buf);
	json_string(j, "type", dns_type_to_text(rr->type, tbuf));
	json_string(j, "class", dns_class_to_text(rr->rclass, tbuf));
	json_uint(j, "ttl", rr->ttl);
	dns_text_init(&t, buf, cap);
	dns_text_rdata(&t, m->pkt, m->len, rr);
	json_string(j, "data", buf);
	json_object_end(j);
}

void report_msg_json(struct json *j, const struct dns_msg *m)
{
	static char buf[RR_TEXT_MAX];
	char tbuf[DNS_TYPE_TEXT];
	struct dns_text t;

	json_uint(j, "id", m->id);
	json_string(j, "opcode", opcode_name(DNS_OPCODE(m->flags)));
	json_string(j, "rcode", dns_rcode_to_text(m->rcode, tbuf));
	json_array_begin(j, "flags");
	for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++)
		if (m->flags & flag_names[i].bit)
			json_string(j, NULL, flag_names[i].name);
	json_array_end(j);

	json_object_begin(j, "question");
	dns_text_init(&t, buf, sizeof buf);
	dns_text_name_at(&t, m->pkt, m->len, m->qname);
	json_string(j, "name", buf);
	json_string(j, "type", dns_type_to_text(m->qtype, tbuf));
	json_string(j, "class", dns_class_to_text(m->qclass, tbuf));
	json_object_end(j);

	for (int s = DNS_SEC_ANSWER; s <= DNS_SEC_ADDITIONAL; s++) {
		size_t first, n = dns_msg_section(m, (enum dns_section)s, &first);
		json_array_begin(j, section_keys[s]);
		for (size_t i = first; i < first + n; i++)
			if (m->rr[i].type != DNS_T_OPT)
				json_rr(j, m, &m->rr[i], buf, sizeof buf);
		json_array_end(j);
	}

	struct dns_opt_iter it;
	struct dns_opt_option o;
	if (!m->edns.present) {
		json_null(j, "edns");
	} else {
		json_object_begin(j, "edns");
		json_uint(j, "version", m->edns.version);
		json_uint(j, "udp_size", m->edns.udp_size);
		json_bool(j, "do", m->edns.dnssec_ok);
		json_array_begin(j, "options");
		dns_opt_begin(&it, m);
		while (dns_opt_next(&it, &o)) {
			json_object_begin(j, NULL);
			json_uint(j, "code", o.code);
			dns_text_init(&t, buf, sizeof buf);
			for (uint16_t i = 0; i < o.len; i++)
				dns_text_printf(&t, "%02x", o.data[i]);
			json_string(j, "data", buf);
			json_object_end(j);
		}
		json_array_end(j);
		json_object_end(j);
	}
	json_array_begin(j, "ede");
	dns_opt_begin(&it, m);
	while (dns_opt_next(&it, &o)) {
		struct dns_ede ede;
		if (o.code != DNS_OPT_EDE || dns_ede_parse(&o, &ede))
			continue;
		json_object_begin(j, NULL);
		json_uint(j, "code", ede.info_code);
		json_string(j, "name", dns_ede_name(ede.info_code));
		json_string_n(j, "text", ede.text, ede.text_len);
		json_object_end(j);
	}
	json_array_end(j);
}
