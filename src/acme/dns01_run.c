/* The DNS-01 challenge, run (dns01_run.h): the lookup, the CA's verdict,
 * every authoritative server asked directly. The decisions are dns01.c's
 * and persist.c's; this file does the I/O and keeps what came back. */
#include "acme/dns01_run.h"

#ifndef ACMEPROBE_DNS01
#define ACMEPROBE_DNS01 1
#endif
#if ACMEPROBE_DNS01 /* (make tiny has no dns01, and no check --method) */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dns/query.h"
#include "dns/rr.h"
#include "dns/text.h"
#include "dns/types.h"
#include "net/trace.h"

/* ---- one TXT answer, copied out of the resolver's message ------------- */

void dns01_answer_free(struct dns01_answer *a)
{
	free(a->rr);
	free(a->blob);
	a->rr = NULL;
	a->blob = NULL;
}

static void copy_ede(struct dns01_answer *a, const struct dns_msg *m)
{
	struct dns_ede ede;
	if (!dns_first_ede(m, &ede)) /* the first one, as boulder extendedDNSError */
		return;
	a->has_ede = true;
	a->ede_code = ede.info_code;
	a->ede_len = ede.text_len < sizeof a->ede_text ? ede.text_len : sizeof a->ede_text;
	memcpy(a->ede_text, ede.text, a->ede_len);
}

/* R-DNS01-1 (boulder bdns resultFromMsg): every TXT RR of the answer
 * section counts, whatever its owner (so not dns_result_next_final, which
 * keeps the chain end's only); R-DNS01-3: each one's strings are joined. */
static void copy_txt(struct dns01_answer *a, const struct dns_result *r)
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

static struct acme_lookup lookup_of(const struct dns01_answer *a)
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

/* ---- the run ----------------------------------------------------------------- */

/* The CA's verdict on one answer, whichever challenge this is. */
static void decide(const struct dns01_run *run, const struct dns01_answer *a,
		   struct acme_verdict *v, struct persist_view *views)
{
	struct acme_lookup lk = lookup_of(a);
	if (run->method == DNS01_M_PERSIST)
		persist_decide(&lk, run->le_name, PERSIST_LE_ISSUER, run->account_uri,
			       run->wildcard, run->now, v, views);
	else
		dns01_decide(&lk, run->le_name, run->expected, run->expected_len,
			     run->method == DNS01_M_ACCOUNT ? run->account_uri : NULL, v);
}

/* Whether a server's answer holds what counts: the expected value, a
 * dns-persist-01 record that authorizes, or (with nothing to compare) every
 * value the resolver gave. */
static bool holds(const struct dns01_run *run, const struct dns01_answer *a)
{
	if (run->method == DNS01_M_PERSIST || run->expected) {
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
	if (run->trace_tries)
		run->trace_tries(run->trace_ctx, run->rcfg, r);
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
	struct dns01_answer *a = r->question->user;
	if (b->run->trace_tries)
		b->run->trace_tries(b->run->trace_ctx, &b->run->direct_cfg, r);
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
		const struct dns01_answer *a = &run->direct[i];
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

/* "ns2.example.com. (192.0.2.2)", the port added when it is not 53 */
void dns01_server_who(const struct dns01_run *run, size_t i, char *out, size_t cap)
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

/* What Let's Encrypt would say if its resolver got server i's answer
 * (the name asked is still the challenge name: the CNAMEs lead there). */
void dns01_server_le_text(const struct dns01_run *run, size_t i, struct acme_verdict *v)
{
	struct dns01_answer a = run->direct[i];
	a.error = a.rcode == DNS_RCODE_NXDOMAIN ? DNS_EC_NXDOMAIN : DNS_EC_NONE;
	a.has_ede = false;
	decide(run, &a, v, NULL);
}

static void add_text(struct dns01_texts *t, const char *s)
{
	for (size_t i = 0; i < t->count; i++)
		if (strcmp(t->text[i], s) == 0)
			return;
	snprintf(t->text[t->count++], ACME_DETAIL_MAX, "%s", s);
}

bool dns01_collect_texts(const struct dns01_run *run, struct dns01_texts *t)
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
		dns01_server_le_text(run, i, v);
		if (v->problem_type)
			add_text(t, v->detail);
	}
	free(v);
	return true;
}

/* The problem of the whole verdict: the lookup's, or that of the first
 * server that answers without the record when the lookup was fine. */
void dns01_overall_problem(const struct dns01_run *run, const char **type, const char **detail,
			   struct acme_verdict *scratch)
{
	*type = run->verdict.problem_type;
	*detail = run->verdict.detail;
	if (!*type && run->first_bad >= 0 && run->outcome == ACME_INVALID) {
		dns01_server_le_text(run, (size_t)run->first_bad, scratch);
		*type = scratch->problem_type;
		*detail = scratch->detail;
	}
}

int dns01_probe(struct dns01_run *run)
{
	struct dns_question q;
	memset(&q, 0, sizeof q);
	memcpy(q.name, run->txt_name, dns_name_len(run->txt_name));
	q.type = DNS_T_TXT;
	q.flags = DNS_Q_RD | DNS_Q_AD; /* as boulder's bdns asks */
	if (run->trace) {
		char name[DNS_MAX_NAME_TEXT];
		dns_name_text(name, sizeof name, run->txt_name);
		trace_printf(run->trace, run->trace_ctx,
			     run->method == DNS01_M_PERSIST ? "R-PERSIST-2" : "R-DNS01-1",
			     "asking TXT %s through the resolver, CNAMEs followed", name);
	}
	if (resolver_ask(run->rcfg, &q, on_lookup, run) != 0 || run->lookup.oom)
		return -1;
	if (run->method == DNS01_M_PERSIST) {
		run->views = calloc(run->lookup.count ? run->lookup.count : 1, sizeof *run->views);
		if (!run->views)
			return -1;
	}
	decide(run, &run->lookup, &run->verdict, run->views);
	static const char *const words[] = {"valid", "published (no value to compare)", "invalid",
					    "a DNS problem"};
	trace_printf(run->trace, run->trace_ctx, run->verdict.rule,
		     "the CA's verdict on that answer: %s%s%s", words[run->verdict.outcome],
		     run->verdict.problem_type ? ": " : "",
		     run->verdict.problem_type ? run->verdict.detail : "");
	if (probe_servers(run) != 0)
		return -1;
	for (size_t i = 0; i < run->server_count; i++)
		if (run->direct[i].oom)
			return -1;
	run->outcome =
	    acme_combine(run->verdict.outcome, run->servers, run->server_count, &run->first_bad);
	for (size_t k = 0; run->trace && k < run->server_count; k++) {
		size_t i = run->order[k];
		char who[DNS_MAX_NAME_TEXT + NET_ADDR_TEXT + 4], why[1024];
		dns01_server_who(run, i, who, sizeof who);
		acme_server_sentence(run->servers, run->server_count, i, who, why, sizeof why);
		trace_printf(run->trace, run->trace_ctx, "RFC 1982 s3.2", "%s", why);
	}
	return 0;
}

void dns01_run_free(struct dns01_run *run)
{
	dns01_answer_free(&run->lookup);
	for (size_t i = 0; i < NSPROBE_MAX_ADDRS; i++)
		dns01_answer_free(&run->direct[i]);
	free(run->views);
	free(run->rep);
	run->views = NULL;
	run->rep = NULL;
}

#endif
