/* `acmeprobe dns01 DOMAIN`: the DNS-01 challenge as Let's Encrypt checks
 * it (src/acme/dns01.c decides, src/acme/persist.c for --persist), then
 * every authoritative server of the zone that holds the record, asked
 * directly, so that the owner sees which one does not serve it yet.
 *
 * The steps: one TXT question through the resolver, CNAMEs followed
 * (R-DNS01-1); the CA's verdict on its answer (R-DNS01-3, R-DNS01-4); the
 * zone of the name where the chain ends, its NS set and their addresses,
 * found by the doctor's probe (src/check/nsprobe.h, which also asks every
 * address for the zone's SOA); then every address asked for the TXT with
 * no recursion (RD=0), all at once; each server's state against the newest
 * serial of those that serve the record (acme_server_judge). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "acme/digest.h"
#include "acme/dns01.h"
#include "acme/ident.h"
#include "acme/le_text.h"
#include "acme/persist.h"
#include "check/nsprobe.h"
#include "cli/cli.h"
#include "cli/json.h"
#include "cli/resolver_setup.h"
#include "dns/query.h"
#include "dns/rr.h"
#include "dns/text.h"
#include "dns/types.h"
#include "net/decimal.h"

static const char help[] =
    HELP("usage: acmeprobe dns01 DOMAIN [--key-authorization KA | --txt VALUE]\n"
	 "                       [--account --account-uri URI] [--ns-port N]\n"
	 "       acmeprobe dns01 DOMAIN --persist --account-uri URI [--wildcard]\n"
	 "                       [--resolver ADDR[:PORT]]... [--timeout MS] [--json] [--trace]\n",
	 "\n"
	 "Checks the DNS-01 challenge as Let's Encrypt's validation authority\n"
	 "(Boulder) checks it, then asks every authoritative server itself:\n"
	 "  - one TXT question for _acme-challenge.DOMAIN (a leading '*.' is\n"
	 "    dropped), through the resolver, CNAMEs followed (R-DNS01-1)\n"
	 "  - the value is the unpadded base64url of SHA-256 of the key\n"
	 "    authorization, 43 characters (R-DNS01-2)\n"
	 "  - the strings of one TXT record are joined and compared octet for\n"
	 "    octet; any one record that matches is enough (R-DNS01-3)\n"
	 "  - what Let's Encrypt would say when it fails, in its words (R-DNS01-4)\n"
	 "  - then the zone that holds the name where the CNAMEs end, its NS set,\n"
	 "    and every address of every NS asked directly (no recursion) for the\n"
	 "    TXT and the zone's SOA serial: a server that answers without the\n"
	 "    record makes it invalid, since a resolver that asks it (the CA's\n"
	 "    among them) gets that answer; the report says whether its serial\n"
	 "    is older (\"does not serve it yet\")\n"
	 "A wildcard certificate can only be validated by DNS-01; an IP address\n"
	 "has no DNS-01 at all (R-DNS01-5, R-IP-3): only http-01 and tls-alpn-01.\n"
	 "acmeprobe sees the DNS from one place; Let's Encrypt asks from several.\n"
	 "\n"
	 "  --key-authorization KA  the key authorization (token.thumbprint): the\n"
	 "                        value expected is computed from it\n"
	 "  --txt VALUE           the expected TXT value itself\n"
	 "                        (without either, the report says what is\n"
	 "                        published, and exit 0 means something is)\n"
	 "  --persist             check the dns-persist-01 record at\n"
	 "                        _validation-persist.DOMAIN instead (R-PERSIST-1..5):\n"
	 "                        issuer letsencrypt.org, accounturi equal to\n"
	 "                        --account-uri, policy=wildcard for a wildcard,\n"
	 "                        not past persistUntil. Behind a feature flag at\n"
	 "                        Let's Encrypt, reported in staging only\n"
	 "  --account-uri URI     the ACME account URL (--persist, --account)\n"
	 "  --wildcard            with --persist: the certificate is for *.DOMAIN\n"
	 "                        (a DOMAIN of '*.x' too)\n"
	 "  --account             dns-account-01 (R-ACCOUNT-1, behind a feature flag\n"
	 "                        too): the TXT at _LABEL._acme-challenge.DOMAIN, LABEL\n"
	 "                        from SHA-256 of --account-uri\n"
	 "  --ns-port N           ask the authoritative servers on port N (53; for\n"
	 "                        labs whose servers all listen on one other port)\n"
	 "  --resolver, --timeout, --json, --trace: see 'acmeprobe --help'\n"
	 "\n"
	 "JSON: domain, wildcard, method, valid (true, false, or null without an\n"
	 "expected value), txt_name, cnames, records, expected, lookup {error,\n"
	 "rcode, ede}, zone, nameservers [{name, address, port, serves, records,\n"
	 "error, serial, state, detail}], nameservers_problem, problem {type,\n"
	 "detail}, le_text (the errors Let's Encrypt would show), rule; with\n"
	 "--persist a persist object {status, issuer_domain, account_uri,\n"
	 "records [{value, status, issuer, error}]}.\n"
	 "\n"
	 "Exit status: 0 valid (every authoritative server that answers serves it\n"
	 "too), or published when no value was given; 1 invalid (no TXT record, no\n"
	 "such name, a wrong value, or a server that does not serve it yet); 2 DNS\n"
	 "failure (SERVFAIL, timeout...); 64 usage error (an IP address among them).\n");

enum method { M_DNS01, M_ACCOUNT, M_PERSIST };

static const char *method_name(enum method m)
{
	return m == M_PERSIST ? "dns-persist-01" : m == M_ACCOUNT ? "dns-account-01" : "dns-01";
}

/* ---- one TXT answer, copied out of the resolver's message ------------- */

struct txt_answer {
	enum dns_errclass error; /* for a server asked directly: NONE when a
				    response came, whatever its RCODE */
	uint16_t rcode;
	bool answered; /* a response was accepted */
	bool aa;
	bool has_ede;
	uint16_t ede_code;
	uint8_t ede_text[256];
	size_t ede_len;
	struct acme_txt *rr; /* every TXT RR of the answer section */
	size_t count;
	uint8_t *blob; /* their joined values */
	uint8_t chain[DNS_MAX_CHAIN + 1][DNS_MAX_NAME];
	size_t links;
	bool oom;
};

static void txt_free(struct txt_answer *a)
{
	free(a->rr);
	free(a->blob);
	a->rr = NULL;
	a->blob = NULL;
}

static void copy_ede(struct txt_answer *a, const struct dns_msg *m)
{
	struct dns_opt_iter it;
	struct dns_opt_option o;
	struct dns_ede ede;
	dns_opt_begin(&it, m);
	while (dns_opt_next(&it, &o))
		if (o.code == DNS_OPT_EDE && dns_ede_parse(&o, &ede) == DNS_OK) {
			a->has_ede = true;
			a->ede_code = ede.info_code;
			a->ede_len =
			    ede.text_len < sizeof a->ede_text ? ede.text_len : sizeof a->ede_text;
			memcpy(a->ede_text, ede.text, a->ede_len);
			return; /* the first one, as boulder extendedDNSError */
		}
}

/* R-DNS01-1 (boulder bdns resultFromMsg): every TXT RR of the answer
 * section counts, whatever its owner (so not dns_result_next_final, which
 * keeps the chain end's only); R-DNS01-3: each one's strings are joined. */
static void copy_txt(struct txt_answer *a, const struct dns_result *r)
{
	a->rcode = r->rcode;
	a->answered = r->msg != NULL;
	if (r->chain) {
		a->links = r->chain->links;
		for (size_t i = 0; i <= a->links; i++)
			memcpy(a->chain[i], r->chain->names[i], dns_name_len(r->chain->names[i]));
	}
	if (!r->msg)
		return;
	const struct dns_msg *m = r->msg;
	a->aa = (m->flags & DNS_FLAG_AA) != 0;
	copy_ede(a, m);
	size_t count = 0, octets = 0;
	for (size_t i = 0; i < m->rr_count; i++)
		if (m->rr[i].section == DNS_SEC_ANSWER && m->rr[i].type == DNS_T_TXT) {
			count++;
			octets += m->rr[i].rdlen;
		}
	if (!count)
		return;
	a->rr = calloc(count, sizeof *a->rr);
	a->blob = malloc(octets ? octets : 1);
	if (!a->rr || !a->blob) {
		a->oom = true;
		return;
	}
	uint8_t *p = a->blob;
	for (size_t i = 0; i < m->rr_count; i++) {
		const struct dns_rr *rr = &m->rr[i];
		size_t n;
		if (rr->section != DNS_SEC_ANSWER || rr->type != DNS_T_TXT ||
		    acme_txt_join(m->pkt + rr->rdata, rr->rdlen, p, rr->rdlen, &n) != ACME_TXT_OK)
			continue; /* (the codec checked every TXT RDATA already) */
		a->rr[a->count++] = (struct acme_txt){p, n};
		p += n;
	}
}

static struct acme_lookup lookup_of(const struct txt_answer *a)
{
	return (struct acme_lookup){
	    .error = a->error,
	    .rcode = a->rcode,
	    .has_ede = a->has_ede,
	    .ede_code = a->ede_code,
	    .ede_text = a->ede_text,
	    .ede_text_len = a->ede_len,
	    .txt = a->rr,
	    .txt_count = a->count,
	};
}

/* ---- the run ---------------------------------------------------------------- */

struct dns01_run {
	const struct globals *g;
	const struct resolver_config *rcfg;
	enum method method;
	bool wildcard;
	const char *account_uri;
	const uint8_t *expected; /* NULL: report only (not with --persist) */
	size_t expected_len;
	char expected_text[DNS01_VALUE_LEN + 1];
	struct persist_time now;
	uint8_t domain[DNS_MAX_NAME], txt_name[DNS_MAX_NAME];
	char le_name[DNS_MAX_NAME_TEXT]; /* the challenge name as Boulder writes it */
	uint16_t ns_port;

	struct txt_answer lookup;
	struct acme_verdict verdict;
	struct persist_view *views; /* --persist: one per record */

	struct nsprobe_report *rep;
	bool probed;
	struct resolver_config direct_cfg; /* the servers asked directly */
	struct txt_answer direct[NSPROBE_MAX_ADDRS];
	struct acme_server servers[NSPROBE_MAX_ADDRS];
	size_t server_count;
	size_t order[NSPROBE_MAX_ADDRS]; /* the report's order: by name, then address */
	enum acme_outcome outcome;
	long first_bad; /* the first server that answers without the record */
};

/* The CA's verdict on one answer, whichever challenge this is. */
static void decide(const struct dns01_run *run, const struct txt_answer *a, struct acme_verdict *v,
		   struct persist_view *views)
{
	struct acme_lookup lk = lookup_of(a);
	if (run->method == M_PERSIST)
		persist_decide(&lk, run->le_name, PERSIST_LE_ISSUER, run->account_uri,
			       run->wildcard, run->now, v, views);
	else
		dns01_decide(&lk, run->le_name, run->expected, run->expected_len,
			     run->method == M_ACCOUNT ? run->account_uri : NULL, v);
}

/* Whether a server's answer holds what counts: the expected value, a
 * dns-persist-01 record that authorizes, or (with nothing to compare) every
 * value the resolver gave. */
static bool holds(const struct dns01_run *run, const struct txt_answer *a)
{
	if (run->method == M_PERSIST || run->expected) {
		struct acme_verdict *v = malloc(sizeof *v);
		if (!v)
			return false;
		decide(run, a, v, NULL);
		bool ok = v->outcome == ACME_VALID;
		free(v);
		return ok;
	}
	if (!run->lookup.count)
		return false;
	for (size_t i = 0; i < run->lookup.count; i++)
		if (dns01_match(a->rr, a->count, run->lookup.rr[i].value, run->lookup.rr[i].len) <
		    0)
			return false;
	return true;
}

static void on_lookup(void *ctx, const struct dns_result *r)
{
	struct dns01_run *run = ctx;
	if (run->g->trace)
		cli_trace_tries(run->rcfg, r, TRACE_QUERY);
	run->lookup.error = r->error;
	copy_txt(&run->lookup, r);
}

/* Every address, asked at once for the TXT of the name, one try each. */
struct direct_batch {
	struct dns01_run *run;
	size_t next;
	const uint8_t *name;
};

static enum resolver_next direct_next(void *ctx, struct dns_question *q)
{
	struct direct_batch *b = ctx;
	if (b->next == b->run->rep->addr_count)
		return RES_NEXT_END;
	memset(q, 0, sizeof *q);
	memcpy(q->name, b->name, dns_name_len(b->name));
	q->type = DNS_T_TXT;
	/* RD=0: the server's own data; RES_ONE_SERVER: that server only */
	q->flags = DNS_Q_EDNS | RES_ONE_SERVER | RES_NO_FOLLOW;
	q->server = (unsigned)b->next;
	q->user = &b->run->direct[b->next];
	b->next++;
	return RES_NEXT_QUESTION;
}

static void direct_done(void *ctx, const struct dns_result *r)
{
	struct direct_batch *b = ctx;
	struct txt_answer *a = r->question->user;
	if (b->run->g->trace)
		cli_trace_tries(&b->run->direct_cfg, r, TRACE_QUERY);
	/* an answer with an error RCODE is an answer (acme_server_judge
	 * reads its RCODE): only a timeout, a network error or garbage is not */
	a->error = r->msg ? DNS_EC_NONE : r->error;
	if (a->error == DNS_EC_NONE && !r->msg)
		a->error = DNS_EC_MALFORMED;
	copy_txt(a, r);
}

/* The SOA serial the doctor's probe got from address i, over UDP or else
 * over TCP: an authoritative NOERROR answer with the SOA in it. */
static bool serial_of(const struct ns_probe_address *na, uint32_t *serial)
{
	const struct ns_probe *p[2] = {&na->udp[NS_PROBE_SOA], &na->tcp[NS_PROBE_SOA]};
	for (int k = 0; k < 2; k++)
		if (p[k]->error == DNS_EC_NONE && p[k]->rcode == DNS_RCODE_NOERROR && p[k]->aa &&
		    p[k]->records > 0) {
			*serial = p[k]->serial;
			return true;
		}
	return false;
}

/* The report lists the servers by NS name, then by address (the probe
 * finds them in the order their addresses come in). */
static int server_cmp(const struct dns01_run *run, size_t a, size_t b)
{
	char x[DNS_MAX_NAME_TEXT], y[DNS_MAX_NAME_TEXT];
	struct dns_text t;
	dns_text_init(&t, x, sizeof x);
	dns_text_name(&t, run->rep->addrs[a].ns_name);
	dns_text_init(&t, y, sizeof y);
	dns_text_name(&t, run->rep->addrs[b].ns_name);
	int c = strcasecmp(x, y);
	if (c)
		return c;
	const struct net_addr *p = &run->rep->addrs[a].addr, *q = &run->rep->addrs[b].addr;
	if (p->len != q->len)
		return p->len < q->len ? -1 : 1;
	return memcmp(&p->ss, &q->ss, p->len);
}

static void sort_servers(struct dns01_run *run)
{
	/* insertion sort: at most NSPROBE_MAX_ADDRS of them */
	for (size_t i = 0; i < run->server_count; i++) {
		size_t k = i;
		while (k > 0 && server_cmp(run, run->order[k - 1], i) > 0) {
			run->order[k] = run->order[k - 1];
			k--;
		}
		run->order[k] = i;
	}
}

static int probe_servers(struct dns01_run *run)
{
	const uint8_t *final = run->lookup.chain[run->lookup.links];
	run->rep = calloc(1, sizeof *run->rep);
	if (!run->rep)
		return -1;
	unsigned timeout = run->rcfg->timeout_ms < 3000 ? run->rcfg->timeout_ms : 3000;
	/* one try per probe: dns01 asks each server for the TXT itself */
	if (nsprobe_run(run->rcfg, final[0] ? final : run->txt_name, run->ns_port, timeout, 1,
			run->rep) != 0)
		return -1;
	run->probed = true;
	if (run->rep->problem || !run->rep->addr_count)
		return 0;
	struct resolver_config *direct = &run->direct_cfg;
	*direct = *run->rcfg;
	direct->server_count = run->rep->addr_count;
	for (size_t i = 0; i < run->rep->addr_count; i++)
		direct->servers[i] = run->rep->addrs[i].addr;
	direct->attempts = 1;
	direct->timeout_ms = timeout;
	direct->rotate = false;
	direct->max_inflight = (unsigned)run->rep->addr_count;
	struct direct_batch b = {.run = run, .name = run->rep->name};
	if (resolver_run(direct, direct_next, direct_done, &b, NULL) != 0)
		return -1;
	run->server_count = run->rep->addr_count;
	for (size_t i = 0; i < run->server_count; i++) {
		const struct txt_answer *a = &run->direct[i];
		struct acme_server *s = &run->servers[i];
		s->error = a->error;
		s->rcode = a->rcode;
		s->aa = a->aa;
		s->records = a->count;
		s->serves = a->error == DNS_EC_NONE && holds(run, a);
		s->has_serial = serial_of(&run->rep->addrs[i], &s->serial);
	}
	sort_servers(run);
	return 0;
}

/* ---- the report -------------------------------------------------------------- */

/* "ns2.example.com. (192.0.2.2)", the port added when it is not 53 */
static void server_who(const struct dns01_run *run, size_t i, char *out, size_t cap)
{
	char ns[DNS_MAX_NAME_TEXT], addr[NET_ADDR_TEXT];
	const struct ns_probe_address *na = &run->rep->addrs[i];
	dns_name_text(ns, sizeof ns, na->ns_name);
	if (net_addr_port(&na->addr) == 53)
		net_addr_host_text(&na->addr, addr);
	else
		net_addr_text(&na->addr, addr);
	snprintf(out, cap, "%s (%s)", ns, addr);
}

static const char *state_name(enum acme_server_state s)
{
	static const char *const names[] = {"serves", "lags", "missing", "lame", "silent"};
	return names[s];
}

/* The contract's `error` of a server: null when it answered for the zone
 * (NOERROR or NXDOMAIN, with AA), else what went wrong. */
static const char *server_error(const struct acme_server *s)
{
	if (s->error != DNS_EC_NONE)
		return dns_errclass_name(s->error);
	switch (s->rcode) {
	case DNS_RCODE_NOERROR:
	case DNS_RCODE_NXDOMAIN:
		return s->aa ? NULL : "not_authoritative";
	case DNS_RCODE_SERVFAIL:
		return "servfail";
	case DNS_RCODE_REFUSED:
		return "refused";
	case DNS_RCODE_NOTIMP:
		return "notimp";
	case DNS_RCODE_FORMERR:
		return "formerr";
	default:
		return "rcode";
	}
}

/* What Let's Encrypt would say if its resolver got server i's answer
 * (the name asked is still the challenge name: the CNAMEs lead there). */
static void server_le_text(const struct dns01_run *run, size_t i, struct acme_verdict *v)
{
	struct txt_answer a = run->direct[i];
	a.error = a.rcode == DNS_RCODE_NXDOMAIN ? DNS_EC_NXDOMAIN : DNS_EC_NONE;
	a.has_ede = false;
	decide(run, &a, v, NULL);
}

/* The le_text array: the verdict's problem, then each server's that
 * answers without the record, each text once. */
struct le_texts {
	char (*text)[ACME_DETAIL_MAX];
	size_t count;
};

static void add_text(struct le_texts *t, const char *s)
{
	for (size_t i = 0; i < t->count; i++)
		if (strcmp(t->text[i], s) == 0)
			return;
	snprintf(t->text[t->count++], ACME_DETAIL_MAX, "%s", s);
}

static bool collect_le_texts(const struct dns01_run *run, struct le_texts *t)
{
	t->count = 0;
	t->text = calloc(1 + NSPROBE_MAX_ADDRS, sizeof *t->text);
	struct acme_verdict *v = malloc(sizeof *v);
	if (!t->text || !v) {
		free(t->text);
		t->text = NULL;
		free(v);
		return false;
	}
	if (run->verdict.problem_type)
		add_text(t, run->verdict.detail);
	for (size_t k = 0; k < run->server_count; k++) {
		size_t i = run->order[k];
		uint32_t newest;
		bool has;
		enum acme_server_state st =
		    acme_server_judge(run->servers, run->server_count, i, &newest, &has);
		if (st != ACME_SRV_LAGS && st != ACME_SRV_MISSING)
			continue;
		server_le_text(run, i, v);
		if (v->problem_type)
			add_text(t, v->detail);
	}
	free(v);
	return true;
}

/* The problem of the whole verdict: the lookup's, or that of the first
 * server that answers without the record when the lookup was fine. */
static void overall_problem(const struct dns01_run *run, const char **type, const char **detail,
			    struct acme_verdict *scratch)
{
	*type = run->verdict.problem_type;
	*detail = run->verdict.detail;
	if (!*type && run->first_bad >= 0 && run->outcome == ACME_INVALID) {
		server_le_text(run, (size_t)run->first_bad, scratch);
		*type = scratch->problem_type;
		*detail = scratch->detail;
	}
}

static void json_values(struct json *j, const char *key, const struct txt_answer *a)
{
	json_array_begin(j, key);
	for (size_t i = 0; i < a->count; i++)
		json_string_n(j, NULL, a->rr[i].value, a->rr[i].len);
	json_array_end(j);
}

static void print_json(const struct dns01_run *run, const struct le_texts *texts)
{
	char name[DNS_MAX_NAME_TEXT], rcode[DNS_TYPE_TEXT];
	struct json j;
	json_init(&j, stdout);
	json_object_begin(&j, NULL);
	dns_name_text(name, sizeof name, run->domain);
	json_string(&j, "domain", name);
	json_bool(&j, "wildcard", run->wildcard);
	json_string(&j, "method", method_name(run->method));
	if (run->outcome == ACME_PUBLISHED)
		json_null(&j, "valid");
	else
		json_bool(&j, "valid", run->outcome == ACME_VALID);
	dns_name_text(name, sizeof name, run->txt_name);
	json_string(&j, "txt_name", name);
	json_array_begin(&j, "cnames");
	for (size_t i = 1; i <= run->lookup.links; i++) {
		dns_name_text(name, sizeof name, run->lookup.chain[i]);
		json_string(&j, NULL, name);
	}
	json_array_end(&j);
	json_values(&j, "records", &run->lookup);
	if (run->expected)
		json_string_n(&j, "expected", run->expected, run->expected_len);
	else
		json_null(&j, "expected");
	json_object_begin(&j, "lookup");
	json_string(&j, "error",
		    run->lookup.error == DNS_EC_NONE ? NULL : dns_errclass_name(run->lookup.error));
	if (run->lookup.answered)
		json_string(&j, "rcode", dns_rcode_to_text(run->lookup.rcode, rcode));
	else
		json_null(&j, "rcode");
	if (run->lookup.has_ede) {
		json_object_begin(&j, "ede");
		json_uint(&j, "code", run->lookup.ede_code);
		json_string_n(&j, "text", run->lookup.ede_text, run->lookup.ede_len);
		json_object_end(&j);
	} else {
		json_null(&j, "ede");
	}
	json_object_end(&j);
	if (run->probed && run->rep->zone_found) {
		dns_name_text(name, sizeof name, run->rep->zone);
		json_string(&j, "zone", name);
	} else {
		json_null(&j, "zone");
	}
	json_array_begin(&j, "nameservers");
	for (size_t k = 0; k < run->server_count; k++) {
		size_t i = run->order[k];
		char addr[NET_ADDR_TEXT], who[DNS_MAX_NAME_TEXT + NET_ADDR_TEXT + 4], why[1024];
		const struct ns_probe_address *na = &run->rep->addrs[i];
		const struct acme_server *s = &run->servers[i];
		uint32_t newest;
		bool has;
		json_object_begin(&j, NULL);
		dns_name_text(name, sizeof name, na->ns_name);
		json_string(&j, "name", name);
		json_string(&j, "address", net_addr_host_text(&na->addr, addr));
		json_uint(&j, "port", net_addr_port(&na->addr));
		json_bool(&j, "serves", s->serves);
		if (run->direct[i].answered)
			json_values(&j, "records", &run->direct[i]);
		else
			json_null(&j, "records");
		json_string(&j, "error", server_error(s));
		if (s->has_serial)
			json_uint(&j, "serial", s->serial);
		else
			json_null(&j, "serial");
		json_string(&j, "state",
			    state_name(acme_server_judge(run->servers, run->server_count, i,
							 &newest, &has)));
		server_who(run, i, who, sizeof who);
		acme_server_sentence(run->servers, run->server_count, i, who, why, sizeof why);
		json_string(&j, "detail", why);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_string(&j, "nameservers_problem", run->probed ? run->rep->problem : NULL);
	struct acme_verdict *scratch = malloc(sizeof *scratch);
	const char *type = NULL, *detail = NULL;
	if (scratch)
		overall_problem(run, &type, &detail, scratch);
	if (type) {
		json_object_begin(&j, "problem");
		json_string(&j, "type", type);
		json_string(&j, "detail", detail);
		json_object_end(&j);
	} else {
		json_null(&j, "problem");
	}
	free(scratch);
	json_array_begin(&j, "le_text");
	for (size_t i = 0; i < texts->count; i++)
		json_string(&j, NULL, texts->text[i]);
	json_array_end(&j);
	json_string(&j, "rule", run->verdict.rule);
	if (run->method != M_DNS01)
		json_string(&j, "account_uri", run->account_uri);
	if (run->method == M_PERSIST) {
		json_object_begin(&j, "persist");
		json_string(&j, "status", PERSIST_STATUS);
		json_string(&j, "issuer_domain", PERSIST_LE_ISSUER);
		json_array_begin(&j, "records");
		for (size_t i = 0; run->views && i < run->lookup.count; i++) {
			const struct persist_view *v = &run->views[i];
			json_object_begin(&j, NULL);
			json_string_n(&j, "value", run->lookup.rr[i].value, run->lookup.rr[i].len);
			json_string(&j, "status", persist_record_status_name(v->status));
			json_string(&j, "issuer", v->rec.issuer_ok ? v->rec.issuer : NULL);
			json_string(&j, "error",
				    v->rec.error[0] ? v->rec.error
				    : v->why[0]	    ? v->why
						    : NULL);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_object_end(&j);
	}
	json_object_end(&j);
	json_finish(&j);
}

static void print_quoted(const uint8_t *s, size_t n)
{
	char buf[1024];
	struct dns_text t;
	dns_text_init(&t, buf, sizeof buf);
	dns_text_quoted(&t, s, n);
	fputs(buf, stdout);
	if (t.overflow)
		fputs("...", stdout);
}

static void print_text(const struct dns01_run *run, const struct le_texts *texts)
{
	char name[DNS_MAX_NAME_TEXT], rcode[DNS_TYPE_TEXT];
	dns_name_text(name, sizeof name, run->domain);
	printf("%s for %s%s, as Let's Encrypt would validate it\n",
	       run->method == M_PERSIST	  ? "DNS-PERSIST-01"
	       : run->method == M_ACCOUNT ? "DNS-ACCOUNT-01"
					  : "DNS-01",
	       run->wildcard ? "*." : "", name);
	if (run->method == M_PERSIST)
		printf("Note (R-PERSIST-1): %s.\n", PERSIST_STATUS);
	if (run->method == M_ACCOUNT)
		printf("Note (R-ACCOUNT-1): dns-account-01 is behind a feature flag in Boulder "
		       "(DNSAccount01Enabled); Let's Encrypt offering it is not confirmed.\n");
	dns_name_text(name, sizeof name, run->txt_name);
	printf("TXT name: %s (%s)\n", name,
	       run->method == M_PERSIST	  ? "R-PERSIST-2"
	       : run->method == M_ACCOUNT ? "R-ACCOUNT-1"
					  : "R-DNS01-1");
	for (size_t i = 1; i <= run->lookup.links; i++) {
		dns_name_text(name, sizeof name, run->lookup.chain[i]);
		printf("  CNAME -> %s\n", name);
	}
	if (run->method == M_PERSIST)
		printf("Expected: a record for %s with accounturi=%s%s\n", PERSIST_LE_ISSUER,
		       run->account_uri, run->wildcard ? " and policy=wildcard" : "");
	else if (run->expected_text[0])
		printf("Expected: \"%s\" (base64url of SHA-256 of the key authorization, "
		       "R-DNS01-2)\n",
		       run->expected_text);
	else if (run->expected)
		printf("Expected: \"%.*s\"\n", (int)run->expected_len, (const char *)run->expected);
	if (run->lookup.error != DNS_EC_NONE)
		printf("\nThrough the resolver: %s%s%s\n", dns_errclass_name(run->lookup.error),
		       run->lookup.answered ? ", RCODE " : "",
		       run->lookup.answered ? dns_rcode_to_text(run->lookup.rcode, rcode) : "");
	else
		printf("\nThrough the resolver: %zu TXT record(s)\n", run->lookup.count);
	for (size_t i = 0; i < run->lookup.count; i++) {
		printf("  ");
		print_quoted(run->lookup.rr[i].value, run->lookup.rr[i].len);
		if ((long)i == run->verdict.matched)
			printf("   <- matches (%s)", run->verdict.rule);
		else if (run->views)
			printf("   [%s]", persist_record_status_name(run->views[i].status));
		printf("\n");
		if (run->views && (run->views[i].rec.error[0] || run->views[i].why[0]))
			printf("      %s\n", run->views[i].rec.error[0] ? run->views[i].rec.error
									: run->views[i].why);
	}
	if (run->probed && run->rep->zone_found)
		dns_name_text(name, sizeof name, run->rep->zone);
	if (run->probed && run->server_count) {
		printf("\nAuthoritative servers of %s, asked directly (RD=0):\n", name);
		for (size_t k = 0; k < run->server_count; k++) {
			size_t i = run->order[k];
			char who[DNS_MAX_NAME_TEXT + NET_ADDR_TEXT + 4], why[1024];
			server_who(run, i, who, sizeof who);
			acme_server_sentence(run->servers, run->server_count, i, who, why,
					     sizeof why);
			printf("  %s\n", why);
		}
	} else if (run->probed && run->rep->problem) {
		printf("\nAuthoritative servers: not asked: %s.\n", run->rep->problem);
	}
	printf("\n");
	struct acme_verdict *scratch = malloc(sizeof *scratch);
	const char *type = NULL, *detail = NULL;
	if (scratch)
		overall_problem(run, &type, &detail, scratch);
	switch (run->outcome) {
	case ACME_VALID:
		printf("VALID: Let's Encrypt would accept it (%s)%s.\n", run->verdict.rule,
		       run->server_count ? ", and every server that answers serves it" : "");
		break;
	case ACME_PUBLISHED:
		printf("PUBLISHED: %zu TXT record(s); give --key-authorization or --txt to "
		       "compare (R-DNS01-3).\n",
		       run->lookup.count);
		break;
	default:
		if (!run->verdict.problem_type && run->first_bad >= 0) {
			/* the resolver's answer passes; a server's does not */
			char who[DNS_MAX_NAME_TEXT + NET_ADDR_TEXT + 4];
			server_who(run, (size_t)run->first_bad, who, sizeof who);
			if (!type) { /* nothing to compare: it serves other records */
				printf("INVALID: %s does not serve every TXT record the resolver "
				       "gives.\n",
				       who);
				break;
			}
			printf("INVALID: the resolver asked here gets the record, but %s answers "
			       "without it. A resolver that asks that server, the CA's among them, "
			       "gets its answer, and Let's Encrypt then says:\n  %s\n  (%s)\n"
			       "Fix: wait until every server has the zone's new serial (or make it "
			       "reload the zone, or repair its zone transfers), then validate.\n",
			       who, detail ? detail : "", type ? type : "");
			break;
		}
		printf("%s: %s\n  (%s)\n",
		       run->outcome == ACME_INVALID ? "INVALID" : "FAILED (DNS)",
		       detail ? detail : "", type ? type : "");
		break;
	}
	free(scratch);
	if (texts->count) {
		printf("\nLet's Encrypt would show:\n");
		for (size_t i = 0; i < texts->count; i++)
			printf("  %s\n", texts->text[i]);
	}
}

/* ---- the command ------------------------------------------------------------- */

static int run_dns01(struct dns01_run *run)
{
	struct dns_question q;
	memset(&q, 0, sizeof q);
	memcpy(q.name, run->txt_name, dns_name_len(run->txt_name));
	q.type = DNS_T_TXT;
	q.flags = DNS_Q_RD | DNS_Q_AD; /* as boulder's bdns asks */
	if (run->g->trace) {
		char name[DNS_MAX_NAME_TEXT];
		dns_name_text(name, sizeof name, run->txt_name);
		fprintf(stderr, "[%s] asking TXT %s through the resolver, CNAMEs followed\n",
			run->method == M_PERSIST ? "R-PERSIST-2" : "R-DNS01-1", name);
	}
	if (resolver_ask(run->rcfg, &q, on_lookup, run) != 0 || run->lookup.oom)
		return -1;
	if (run->method == M_PERSIST) {
		run->views = calloc(run->lookup.count ? run->lookup.count : 1, sizeof *run->views);
		if (!run->views)
			return -1;
	}
	decide(run, &run->lookup, &run->verdict, run->views);
	if (run->g->trace) {
		static const char *const words[] = {"valid", "published (no value to compare)",
						    "invalid", "a DNS problem"};
		fprintf(stderr, "[%s] the CA's verdict on that answer: %s%s%s\n", run->verdict.rule,
			words[run->verdict.outcome], run->verdict.problem_type ? ": " : "",
			run->verdict.problem_type ? run->verdict.detail : "");
	}
	if (probe_servers(run) != 0)
		return -1;
	for (size_t i = 0; i < run->server_count; i++)
		if (run->direct[i].oom)
			return -1;
	run->outcome =
	    acme_combine(run->verdict.outcome, run->servers, run->server_count, &run->first_bad);
	if (run->g->trace)
		for (size_t k = 0; k < run->server_count; k++) {
			size_t i = run->order[k];
			char who[DNS_MAX_NAME_TEXT + NET_ADDR_TEXT + 4], why[1024];
			server_who(run, i, who, sizeof who);
			acme_server_sentence(run->servers, run->server_count, i, who, why,
					     sizeof why);
			fprintf(stderr, "[RFC 1982 s3.2] %s\n", why);
		}
	return 0;
}

int cmd_dns01(int argc, char **argv)
{
	struct globals g = {0};
	const char *ka = NULL, *txt = NULL, *persist = NULL, *account_uri = NULL, *wildcard = NULL,
		   *account = NULL, *ns_port = NULL, *want_help = NULL;
	const struct option_spec specs[] = {
	    {"key-authorization", true, &ka},
	    {"txt", true, &txt},
	    {"persist", false, &persist},
	    {"account-uri", true, &account_uri},
	    {"wildcard", false, &wildcard},
	    {"account", false, &account},
	    {"ns-port", true, &ns_port},
	    {"help", false, &want_help},
	    {NULL, false, NULL},
	};
	const char *pos[1];
	size_t npos;
	if (!parse_args("dns01", argc, argv, 2, &g, specs, pos, 1, &npos))
		return EXIT_USAGE;
	if (want_help) {
		return cli_print_help(help, "dns01");
	}
	if (npos != 1)
		return usage_error("dns01", "needs a DOMAIN");
	/* R-DNS01-5, R-IP-3 (boulder policy/pa.go ChallengeTypesFor; RFC
	 * 8738 s7): an IP address gets http-01 and tls-alpn-01 only */
	const char *bare = pos[0][0] == '*' && pos[0][1] == '.' ? pos[0] + 2 : pos[0];
	if (ident_looks_like_ip(bare) && !(ident_challenges(true, bare, 0) & IDENT_CH_DNS01)) {
		/* the commands named take the canonical text only (R-IP-1) */
		struct ident_ip ip;
		char canonical[IDENT_IP_TEXT];
		ident_ip_parse(bare, strlen(bare), &ip, canonical);
		const char *addr = canonical[0] ? canonical : bare;
		return usage_error(
		    "dns01",
		    "'%s' is an IP address: Let's Encrypt offers no DNS-01 challenge "
		    "for an IP address, only http-01 and tls-alpn-01 (RFC 8738 s7; "
		    "R-IP-3, R-DNS01-5): try 'acmeprobe http01 %s' or 'acmeprobe tlsalpn01 %s'",
		    bare, addr, addr);
	}
	struct dns01_run *run = calloc(1, sizeof *run);
	if (!run) {
		perror("acmeprobe dns01");
		return EXIT_UNKNOWN;
	}
	int status = EXIT_USAGE;
	run->g = &g;
	run->first_bad = -1;
	run->ns_port = 53;
	run->method = persist ? M_PERSIST : account ? M_ACCOUNT : M_DNS01;
	run->account_uri = account_uri;
	if (persist && account) {
		usage_error("dns01", "--persist and --account are two different challenges");
		goto out;
	}
	if (run->method != M_DNS01 && (!account_uri || !*account_uri)) {
		usage_error("dns01", "--%s needs --account-uri URI (the ACME account URL)",
			    persist ? "persist" : "account");
		goto out;
	}
	if (account_uri && run->method == M_DNS01) {
		usage_error("dns01", "--account-uri goes with --persist or --account");
		goto out;
	}
	if (wildcard && !persist) {
		usage_error("dns01", "--wildcard goes with --persist (a dns-01 record is the same "
				     "for DOMAIN and *.DOMAIN: R-DNS01-1)");
		goto out;
	}
	if (persist && (ka || txt)) {
		usage_error("dns01", "--persist checks a record without a value: no "
				     "--key-authorization nor --txt");
		goto out;
	}
	if (ka && txt) {
		usage_error("dns01", "give --key-authorization or --txt, not both");
		goto out;
	}
	if ((ka && (!*ka || strpbrk(ka, "\r\n"))) || (txt && !*txt)) {
		usage_error("dns01", "--%s must be one non-empty line",
			    ka ? "key-authorization" : "txt");
		goto out;
	}
	if ((ka || account) && !acme_sha256_available()) {
		usage_error("dns01",
			    "this build has no libcrypto (make tiny, TLS=0), so it cannot "
			    "compute SHA-256: give the value with --txt%s",
			    account ? " (and --account is not available)" : "");
		goto out;
	}
	if (ns_port) {
		uint32_t v;
		if (!decimal_parse(ns_port, 1, 65535, &v)) {
			usage_error("dns01", "--ns-port takes a port number, not '%s'", ns_port);
			goto out;
		}
		run->ns_port = (uint16_t)v;
	}

	/* the name: R-DNS01-1, R-PERSIST-2, R-ACCOUNT-1 */
	char prefix[64] = DNS01_PREFIX;
	if (run->method == M_PERSIST)
		snprintf(prefix, sizeof prefix, "%s", PERSIST_PREFIX);
	if (run->method == M_ACCOUNT) {
		uint8_t d[ACME_SHA256_LEN];
		char label[ACCOUNT_LABEL_LEN + 1];
		if (!acme_sha256(account_uri, strlen(account_uri), d)) {
			fprintf(stderr, "acmeprobe dns01: SHA-256 failed\n");
			status = EXIT_UNKNOWN;
			goto out;
		}
		account_label(d, label);
		snprintf(prefix, sizeof prefix, "_%s.%s", label, DNS01_PREFIX);
	}
	enum dns_err derr;
	switch (acme_challenge_name(pos[0], prefix, run->domain, run->txt_name, &run->wildcard,
				    &derr)) {
	case ACME_NAME_OK:
		break;
	case ACME_NAME_TOO_LONG:
		usage_error("dns01", "'%s' is too long: %s.%s would pass 255 octets", pos[0],
			    prefix, bare);
		goto out;
	case ACME_NAME_ROOT:
		usage_error("dns01", "the root is not a name a certificate can be for");
		goto out;
	default:
		usage_error("dns01", "'%s' is not a domain name: %s", pos[0], dns_strerror(derr));
		goto out;
	}
	run->wildcard = run->wildcard || wildcard;
	acme_name_text(run->txt_name, run->le_name, sizeof run->le_name);
	if (ka) {
		uint8_t d[ACME_SHA256_LEN];
		if (!acme_sha256(ka, strlen(ka), d)) {
			fprintf(stderr, "acmeprobe dns01: SHA-256 failed\n");
			status = EXIT_UNKNOWN;
			goto out;
		}
		dns01_value(d, run->expected_text); /* R-DNS01-2 */
		run->expected = (const uint8_t *)run->expected_text;
		run->expected_len = strlen(run->expected_text);
	} else if (txt) {
		run->expected = (const uint8_t *)txt;
		run->expected_len = strlen(txt);
	}
	/* the CA's clock (R-PERSIST-4): the only time this command reads */
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	run->now = (struct persist_time){(int64_t)ts.tv_sec, ts.tv_nsec};

	struct resolver_config rc;
	status = cli_resolver_config("dns01", &g, NULL, &rc);
	if (status != EXIT_YES)
		goto out;
	run->rcfg = &rc;
	if (run_dns01(run) != 0) {
		perror("acmeprobe dns01");
		status = EXIT_UNKNOWN;
		goto out;
	}
	struct le_texts texts;
	if (!collect_le_texts(run, &texts)) {
		perror("acmeprobe dns01");
		status = EXIT_UNKNOWN;
		goto out;
	}
	if (g.json)
		print_json(run, &texts);
	else
		print_text(run, &texts);
	free(texts.text);
	switch (run->outcome) {
	case ACME_VALID:
	case ACME_PUBLISHED:
		status = EXIT_YES;
		break;
	case ACME_INVALID:
		status = EXIT_NO;
		break;
	default:
		status = EXIT_UNKNOWN;
		break;
	}
out:
	txt_free(&run->lookup);
	for (size_t i = 0; i < NSPROBE_MAX_ADDRS; i++)
		txt_free(&run->direct[i]);
	free(run->views);
	free(run->rep);
	free(run);
	return status;
}
