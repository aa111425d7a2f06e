/* The CAA walk's own DNSSEC validation (dnssec_walk.h): the decisions,
 * then the hook that asks and validates. */
#include "caa/dnssec_walk.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acme/le_text.h"
#include "dns/query.h"
#include "dns/text.h"
#include "dns/types.h"
#include "net/trace.h"

#if ACMEPROBE_DNSSEC

/* ---- decisions ------------------------------------------------------------ */

enum caa_dnssec_step caa_dnssec_step(enum dns_errclass error, bool has_msg, bool authenticated)
{
	/* R-DNSSEC-2: a validating resolver answers SERVFAIL for bogus data;
	 * the data behind it is asked again with CD */
	if (error == DNS_EC_SERVFAIL)
		return CAA_DNSSEC_REASK;
	if ((error != DNS_EC_NONE && error != DNS_EC_NXDOMAIN) || !has_msg)
		return CAA_DNSSEC_NONE;
	/* AD (RFC 4035 s3.2.3): the resolver validated it, as the CA's does */
	return authenticated ? CAA_DNSSEC_TRUST : CAA_DNSSEC_VALIDATE;
}

void caa_dnssec_apply(struct caa_label *l, struct caa_dnssec_note *n)
{
	if (!dnssec_verdict_fails(&n->verdict) || l->error != DNS_EC_NONE)
		return;
	if (n->servers_probed && n->servers_good > 0) {
		n->masked = true;
		return;
	}
	/* R-DNSSEC-10: a bogus NODATA or NXDOMAIN is no empty RRset, and
	 * bogus records are no RRset either: the CA's validating resolver
	 * answers SERVFAIL (R-DNSSEC-2), and the CA fails closed (R-CAA-4) */
	n->made_error = true;
	l->error = DNS_EC_SERVFAIL;
	l->detail = "the resolver asked does not validate DNSSEC, and the answer it gave is bogus: "
		    "a validating resolver, the CA's, answers SERVFAIL";
	free(l->records);
	free(l->blob);
	l->records = NULL;
	l->blob = NULL;
	l->record_count = 0;
}

bool caa_dnssec_le_text(char *out, size_t cap, const char *identifier, const struct caa_label *l)
{
	if (cap)
		out[0] = '\0';
	if (!l->dnssec || !dnssec_verdict_fails(&l->dnssec->verdict))
		return false;
	char name[DNS_MAX_NAME_TEXT];
	dns_name_text_bare(name, sizeof name, l->name); /* as Boulder writes names */
	uint16_t ede = l->dnssec->verdict.why.ede;
	/* R-DNSSEC-14: the CA's Unbound sends an EDE with its SERVFAIL; the
	 * text Boulder shows names the EDE, not the RCODE */
	struct le_dns_error e = {.qtype = DNS_T_CAA,
				 .name = name,
				 .failure = LE_DNS_RCODE,
				 .rcode = DNS_RCODE_SERVFAIL,
				 .has_ede = ede != DNSSEC_EDE_NONE,
				 .ede_code = ede};
	size_t len = 0;
	/* boulder va/caa.go: the problem comes after this prefix */
	bool ok = le_append(out, cap, &len, "While processing CAA for %s: ", identifier);
	return le_dns_problem(&e, out + len, cap - len) && ok;
}

/* ---- the hook --------------------------------------------------------------- */

int caa_dnssec_walk_init(struct caa_dnssec_walk *w, const struct resolver_config *resolver,
			 const struct dnssec_anchors *anchors, uint64_t now)
{
	memset(w, 0, sizeof *w);
	w->resolver = resolver;
	w->anchors = anchors;
	w->ns_port = 53;
	w->probe_timeout_ms = resolver->timeout_ms < 3000 ? resolver->timeout_ms : 3000;
	w->session = dnssec_session_new(resolver, anchors, now);
	w->scratch = malloc(sizeof *w->scratch);
	if (!w->session || !w->scratch) {
		caa_dnssec_walk_free(w);
		return -1;
	}
	return 0;
}

void caa_dnssec_walk_free(struct caa_dnssec_walk *w)
{
	dnssec_session_free(w->session);
	free(w->scratch);
	w->session = NULL;
	w->scratch = NULL;
}

static bool skipped(const struct caa_dnssec_walk *w, const uint8_t *name)
{
	for (size_t i = 0; i < w->skip_count; i++)
		if (dns_name_at_or_below(name, w->skip[i]))
			return true;
	return false;
}

/* The zone cuts where the chain stopped for want of a signed DS, of keys
 * we could fetch, or of the root's keys (dnssec_verdict_of): whatever lies
 * below them cannot be secure, nor proven bogus, by us (RFC 4035 s4.3). */
static void learn(struct caa_dnssec_walk *w, const struct dnssec_result *r)
{
	for (size_t i = 0; i < r->chain_len; i++) {
		const struct dnssec_cut *c = &r->chain[i];
		bool stop = c->status == DNSSEC_INSECURE ||
			    (c->status == DNSSEC_BOGUS && c->why.code == DNSSEC_R_FETCH_FAILED) ||
			    (c->anchor && c->status != DNSSEC_SECURE &&
			     dnssec_session_builtin_anchors(w->session));
		if (!stop || skipped(w, c->zone))
			continue;
		memcpy(w->skip[w->skip_next], c->zone, dns_name_len(c->zone));
		w->skip_next = (w->skip_next + 1) % CAA_DNSSEC_SKIP_POINTS;
		if (w->skip_count < CAA_DNSSEC_SKIP_POINTS)
			w->skip_count++;
	}
}

/* The question a message answers (its question section). */
static bool question_of(const struct dns_msg *m, uint8_t *name)
{
	size_t next, len;
	return m->counts[0] == 1 &&
	       dns_name_unpack(m->pkt, m->len, m->qname, m->len, &next, name, &len) == DNS_OK;
}

/* Validates m (the answer to its own question) into the scratch result;
 * false when the resolver or memory failed. */
static bool validate(struct caa_dnssec_walk *w, const struct dns_msg *m, int server,
		     struct dnssec_verdict *v)
{
	uint8_t qname[DNS_MAX_NAME];
	memset(v, 0, sizeof *v);
	if (!question_of(m, qname))
		return true;
	struct dnssec_input in = {m, qname, m->qtype, server >= 0 ? (unsigned)server : 0};
	int rc = dnssec_session_validate(w->session, &in, 1, w->scratch);
	w->validated++;
	dnssec_verdict_of(w->scratch, dnssec_session_builtin_anchors(w->session), v);
	learn(w, w->scratch);
	return rc == 0;
}

struct reask {
	struct caa_dnssec_walk *w;
	struct dnssec_verdict *v;
	bool answered;
};

static void on_reask(void *ctx, const struct dns_result *r)
{
	struct reask *a = ctx;
	if (!r->msg || (r->error != DNS_EC_NONE && r->error != DNS_EC_NXDOMAIN))
		return;
	a->answered = true;
	validate(a->w, r->msg, r->server, a->v);
}

/* The zone's servers that serve the bad data: each asked itself. */
static void probe_servers(struct caa_dnssec_walk *w, const uint8_t *label,
			  struct caa_dnssec_note *n)
{
	const struct dnssec_why *why = &n->verdict.why;
	if (!w->probe_servers || !why->has_zone)
		return;
	struct dnssec_server_set *set = malloc(sizeof *set);
	struct dnssec_server_answer *ans = calloc(DNSSEC_MAX_SERVERS, sizeof *ans);
	struct dnssec_server_question q = {.type = DNS_T_CAA};
	memcpy(q.name, label, dns_name_len(label));
	if (set && ans && dnssec_servers_find(w->resolver, why->zone, w->ns_port, set) == 0 &&
	    dnssec_servers_judge(w->session, w->resolver, set, &q, 1, w->probe_timeout_ms, ans) ==
		0) {
		n->servers_probed = true;
		for (size_t i = 0; i < set->count; i++) {
			const struct dnssec_verdict *v = &ans[i].verdict;
			if (dnssec_verdict_unjudged(v))
				continue;
			n->servers_asked++;
			if (dnssec_verdict_fails(v))
				n->servers[n->server_count++] = set->servers[i];
			else
				n->servers_good++;
		}
	}
	free(set);
	free(ans);
}

static void trace_verdict(struct caa_dnssec_walk *w, const uint8_t *label,
			  const struct caa_dnssec_note *n)
{
	char name[DNS_MAX_NAME_TEXT], zone[DNS_MAX_NAME_TEXT];
	dns_name_text(name, sizeof name, label);
	const struct dnssec_verdict *v = &n->verdict;
	if (n->reask_failed) {
		trace_printf(w->trace, w->trace_ctx, "R-DNSSEC-2",
			     "dnssec: %s CAA asked again with CD: no answer either", name);
		return;
	}
	dns_name_text(zone, sizeof zone, v->why.has_zone ? v->why.zone : (const uint8_t *)"");
	trace_printf(w->trace, w->trace_ctx, dnssec_verdict_fails(v) ? "R-DNSSEC-2" : "R-DNSSEC-4",
		     "dnssec: %s CAA%s: %s: %s%s%s", name,
		     n->reasked ? " (asked again with CD)" : "", dnssec_status_name(v->status),
		     dnssec_reason_text(v->why.code), v->why.has_zone ? ", zone " : "",
		     v->why.has_zone ? zone : "");
	if (n->servers_probed) {
		char who[DNSSEC_MAX_SERVERS * (DNS_MAX_NAME_TEXT + NET_ADDR_TEXT + 8)] = "";
		struct dns_text t;
		dns_text_init(&t, who, sizeof who);
		for (size_t i = 0; i < n->server_count; i++) {
			char addr[NET_ADDR_TEXT];
			dns_text_puts(&t, i ? ", " : "");
			dns_text_name(&t, n->servers[i].name);
			dns_text_printf(&t, " (%s)", net_addr_text(&n->servers[i].addr, addr));
		}
		trace_printf(w->trace, w->trace_ctx, "R-CAA-6",
			     "dnssec: %zu of %zu server(s) of the zone serve it: %s",
			     n->server_count, n->servers_asked, n->server_count ? who : "none");
	}
}

void caa_dnssec_on_answer(void *ctx, const struct dns_result *r, struct caa_label *l)
{
	struct caa_dnssec_walk *w = ctx;
	enum caa_dnssec_step step = caa_dnssec_step(r->error, r->msg != NULL, r->authenticated);
	if (step == CAA_DNSSEC_NONE || step == CAA_DNSSEC_TRUST)
		return;
	/* no anchor above the name, or (for an answer) a cut already found
	 * insecure: our own validation has nothing to add (R-DNSSEC-6). A
	 * SERVFAIL is always looked behind: which labels were learned first
	 * depends on the order the answers came in, and the explanation
	 * must not */
	const uint8_t *azone;
	if (dnssec_anchors_find(w->anchors, l->name, &azone) == 0 ||
	    (step == CAA_DNSSEC_VALIDATE && skipped(w, l->name)))
		return;
	struct caa_dnssec_note n = {.resolver_rcode = r->rcode};
	if (step == CAA_DNSSEC_VALIDATE) {
		validate(w, r->msg, r->server, &n.verdict);
		if (!dnssec_verdict_fails(&n.verdict))
			return; /* secure, insecure, or not judged: used as it is */
	} else {
		/* R-DNSSEC-2: CD hands over the data the resolver judged bogus
		 * (RFC 4035 s3.2.2) */
		struct dns_question q = {.type = DNS_T_CAA,
					 .flags = DNS_Q_RD | DNS_Q_CD | DNS_Q_DO | RES_NO_FOLLOW};
		memcpy(q.name, l->name, dns_name_len(l->name));
		struct reask a = {w, &n.verdict, false};
		n.reasked = true;
		if (resolver_ask(w->resolver, &q, on_reask, &a) != 0 || !a.answered)
			n.reask_failed = true;
	}
	if (dnssec_verdict_fails(&n.verdict))
		probe_servers(w, l->name, &n);
	struct caa_dnssec_note *kept = malloc(sizeof *kept);
	if (!kept)
		return;
	*kept = n;
	free(l->dnssec);
	l->dnssec = kept;
	caa_dnssec_apply(l, kept);
	trace_verdict(w, l->name, kept);
}

#else /* !ACMEPROBE_DNSSEC (make tiny): no validation of our own */

enum caa_dnssec_step caa_dnssec_step(enum dns_errclass error, bool has_msg, bool authenticated)
{
	(void)error;
	(void)has_msg;
	(void)authenticated;
	return CAA_DNSSEC_NONE;
}

void caa_dnssec_apply(struct caa_label *l, struct caa_dnssec_note *n)
{
	(void)l;
	(void)n;
}

bool caa_dnssec_le_text(char *out, size_t cap, const char *identifier, const struct caa_label *l)
{
	(void)identifier;
	(void)l;
	if (cap)
		out[0] = '\0';
	return false;
}

int caa_dnssec_walk_init(struct caa_dnssec_walk *w, const struct resolver_config *resolver,
			 const struct dnssec_anchors *anchors, uint64_t now)
{
	(void)now;
	memset(w, 0, sizeof *w);
	w->resolver = resolver;
	w->anchors = anchors;
	return 0;
}

void caa_dnssec_walk_free(struct caa_dnssec_walk *w)
{
	(void)w;
}

void caa_dnssec_on_answer(void *ctx, const struct dns_result *r, struct caa_label *l)
{
	(void)ctx;
	(void)r;
	(void)l;
}

#endif
