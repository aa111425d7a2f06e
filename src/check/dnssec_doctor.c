/* The doctor's DNSSEC probe (dnssec_doctor.h). */
#include "check/dnssec_doctor.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/dnssec_diagnose.h"
#include "dns/query.h"
#include "dns/text.h"
#include "dns/types.h"
#include "dnssec/servers.h"

#if ACMEPROBE_DNSSEC

/* ---- through the resolver ----------------------------------------------------- */

struct through {
	struct dnssec_session *s;
	struct dnssec_probe *p;
	struct dnssec_result *r;
	size_t next; /* the next question to ask */
	int failed;  /* the session's resolver failed: errno */
};

static void on_answer(void *ctx, const struct dns_result *r)
{
	struct through *t = ctx;
	struct dnssec_probe_question *q = r->question->user;
	if (!r->msg || (r->error != DNS_EC_NONE && r->error != DNS_EC_NXDOMAIN))
		return; /* no data to judge: the lookup's own findings say why */
	struct dnssec_input in = {r->msg, q->name, q->type,
				  r->server >= 0 ? (unsigned)r->server : 0};
	if (dnssec_session_validate(t->s, &in, 1, t->r) != 0 && !t->failed)
		t->failed = errno ? errno : EIO;
	dnssec_verdict_of(t->r, dnssec_session_builtin_anchors(t->s), &q->resolver);
}

static enum resolver_next next_question(void *ctx, struct dns_question *q)
{
	struct through *t = ctx;
	if (t->next == t->p->question_count)
		return RES_NEXT_END;
	struct dnssec_probe_question *x = &t->p->q[t->next++];
	memset(q, 0, sizeof *q);
	memcpy(q->name, x->name, dns_name_len(x->name));
	q->type = x->type;
	/* R-DNSSEC-2: DO for the signatures, CD for the data behind a
	 * validating resolver's SERVFAIL */
	q->flags = DNS_Q_RD | DNS_Q_DO | DNS_Q_CD | RES_NO_FOLLOW;
	q->user = x;
	return RES_NEXT_QUESTION;
}

/* ---- the --trace lines ---------------------------------------------------------- */

static void trace_verdict(const struct doctor_config *cfg, const char *who,
			  const struct dnssec_probe_question *q, const struct dnssec_verdict *v)
{
	char name[DNS_MAX_NAME_TEXT], type[DNS_TYPE_TEXT], zone[DNS_MAX_NAME_TEXT];
	dns_name_text(name, sizeof name, q->name);
	dns_name_text(zone, sizeof zone, v->why.has_zone ? v->why.zone : (const uint8_t *)"");
	if (!v->judged) {
		doctor_trace(cfg, "R-DNSSEC-4", "dnssec: %s %s %s: not judged (no usable answer)", name,
		      dns_type_to_text(q->type, type), who);
		return;
	}
	doctor_trace(cfg, "R-DNSSEC-4", "dnssec: %s %s %s: %s%s%s%s%s", name,
	      dns_type_to_text(q->type, type), who, dnssec_status_name(v->status),
	      v->status == DNSSEC_SECURE ? "" : ": ",
	      v->status == DNSSEC_SECURE ? "" : dnssec_reason_text(v->why.code),
	      v->why.has_zone ? ", zone " : "", v->why.has_zone ? zone : "");
}

/* Whether asking the servers themselves can say more than the resolver's
 * data did: not when every lookup is unjudged (no anchor, our own keys
 * questions unanswered) or insecure at a zone cut (an unsigned
 * delegation, an algorithm or digest no validator knows: the servers'
 * own data does not matter then). */
static bool servers_worth_asking(const struct dnssec_probe *p)
{
	for (size_t k = 0; k < p->question_count; k++) {
		const struct dnssec_verdict *v = &p->q[k].resolver;
		if (dnssec_verdict_unjudged(v))
			continue;
		if (v->status == DNSSEC_INSECURE && v->at_keys)
			continue;
		return true;
	}
	return false;
}

int doctor_dnssec(const struct doctor_config *cfg, struct dnssec_session *s,
		  const uint8_t *caa_name, const uint8_t *name, const char *identifier,
		  const struct nsprobe_report *ns, struct findings *f)
{
	struct dnssec_probe *p = calloc(1, sizeof *p);
	struct dnssec_result *r = malloc(sizeof *r);
	struct dnssec_server_answer *ans =
	    calloc((size_t)DNSSEC_PROBE_QUESTIONS * DNSSEC_MAX_SERVERS, sizeof *ans);
	int rc = -1;
	if (!p || !r || !ans)
		goto done;
	snprintf(p->identifier, sizeof p->identifier, "%s", identifier);
	p->dns01 = cfg->dns01;
	/* the CA's lookups: CAA where the walk decided, the addresses of
	 * HTTP-01 and TLS-ALPN-01, the TXT record of dns-01 (R-DNS01-1) */
	static const uint16_t types[DNSSEC_PROBE_QUESTIONS] = {DNS_T_CAA, DNS_T_A, DNS_T_AAAA,
							       DNS_T_TXT};
	for (size_t k = 0; k < DNSSEC_PROBE_QUESTIONS; k++) {
		struct dnssec_probe_question *q = &p->q[p->question_count];
		q->type = types[k];
		if (k == 0) {
			memcpy(q->name, caa_name, dns_name_len(caa_name));
		} else if (types[k] == DNS_T_TXT) {
			static const uint8_t label[] = "\017_acme-challenge";
			if (sizeof label - 1 + dns_name_len(name) > DNS_MAX_NAME)
				continue;
			memcpy(q->name, label, sizeof label - 1);
			memcpy(q->name + sizeof label - 1, name, dns_name_len(name));
		} else {
			memcpy(q->name, name, dns_name_len(name));
		}
		p->question_count++;
	}

	/* 1. as the resolver hands the data over */
	struct through t = {.s = s, .p = p, .r = r};
	struct resolver_config rc_cfg = *cfg->resolver;
	rc_cfg.max_inflight = (unsigned)p->question_count;
	if (resolver_run(&rc_cfg, next_question, on_answer, &t, NULL) != 0)
		goto done;
	if (t.failed) {
		errno = t.failed;
		goto done;
	}
	/* the root's keys cannot be had through this resolver (a lab without
	 * the root): nothing to judge, said once */
	bool anchor_unusable = p->question_count > 0;
	for (size_t k = 0; k < p->question_count; k++)
		anchor_unusable &=
		    p->q[k].resolver.at_anchor && dnssec_verdict_unjudged(&p->q[k].resolver);
	if (anchor_unusable) {
		doctor_trace(cfg, "R-DNSSEC-4",
		      "dnssec: not judged: the trust anchor's DNSKEY RRset cannot be had through "
		      "the resolver");
		rc = 0;
		goto done;
	}
	for (size_t k = 0; k < p->question_count; k++)
		trace_verdict(cfg, "through the resolver", &p->q[k], &p->q[k].resolver);

	/* 2. as each server of the zone serves it */
	memcpy(p->zone, ns->zone, dns_name_len(ns->zone));
	if (ns->zone_found && !ns->problem && ns->addr_count && servers_worth_asking(p)) {
		struct dnssec_server_set set = {.count = 0};
		memcpy(set.zone, ns->zone, dns_name_len(ns->zone));
		for (size_t i = 0; i < ns->addr_count && set.count < DNSSEC_MAX_SERVERS; i++) {
			struct dnssec_server *x = &set.servers[set.count++];
			memcpy(x->name, ns->addrs[i].ns_name, dns_name_len(ns->addrs[i].ns_name));
			x->addr = ns->addrs[i].addr;
		}
		dnssec_servers_sort(&set);
		/* the lookups whose data is the zone's: a name delegated
		 * elsewhere (or a CNAME out of it) is judged as the resolver
		 * gives it */
		struct dnssec_server_question qs[DNSSEC_PROBE_QUESTIONS];
		size_t map[DNSSEC_PROBE_QUESTIONS], n = 0;
		for (size_t k = 0; k < p->question_count; k++) {
			const struct dnssec_verdict *v = &p->q[k].resolver;
			if (!dns_name_at_or_below(p->q[k].name, set.zone) ||
			    (v->why.has_zone && !dns_name_at_or_below(v->why.zone, set.zone)))
				continue;
			memcpy(qs[n].name, p->q[k].name, dns_name_len(p->q[k].name));
			qs[n].type = p->q[k].type;
			map[n++] = k;
		}
		unsigned timeout =
		    cfg->resolver->timeout_ms < 3000 ? cfg->resolver->timeout_ms : 3000;
		if (dnssec_servers_judge(s, cfg->resolver, &set, qs, n, timeout, ans) != 0)
			goto done;
		p->server_count = set.count;
		memcpy(p->servers, set.servers, set.count * sizeof *set.servers);
		for (size_t j = 0; j < n; j++) {
			struct dnssec_probe_question *q = &p->q[map[j]];
			q->per_server = true;
			for (size_t i = 0; i < set.count; i++) {
				char who[DNS_MAX_NAME_TEXT + NET_ADDR_TEXT + 16],
				    sname[DNS_MAX_NAME_TEXT];
				char addr[NET_ADDR_TEXT];
				q->at[i] = ans[j * set.count + i];
				dns_name_text(sname, sizeof sname, set.servers[i].name);
				snprintf(who, sizeof who, "at %s (%s)", sname,
					 net_addr_text(&set.servers[i].addr, addr));
				trace_verdict(cfg, who, q, &q->at[i].verdict);
			}
		}
	}

	/* 3. the findings */
	rc = (int)diagnose_dnssec(p, f);
done:;
	int saved = errno;
	free(p);
	free(r);
	free(ans);
	errno = saved;
	return rc;
}

#else /* !ACMEPROBE_DNSSEC (make tiny): never called */

int doctor_dnssec(const struct doctor_config *cfg, struct dnssec_session *s,
		  const uint8_t *caa_name, const uint8_t *name, const char *identifier,
		  const struct nsprobe_report *ns, struct findings *f)
{
	(void)cfg;
	(void)s;
	(void)caa_name;
	(void)name;
	(void)identifier;
	(void)ns;
	(void)f;
	return 0;
}

#endif
