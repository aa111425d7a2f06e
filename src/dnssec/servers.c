/* Each authoritative server's data, judged alone (servers.h). */
#include "dnssec/servers.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "dns/query.h"
#include "dns/result.h"
#include "dns/rr.h"
#include "dns/types.h"

#if ACMEPROBE_DNSSEC

static void question(struct dns_question *q, const uint8_t *name, uint16_t type, unsigned flags)
{
	memset(q, 0, sizeof *q);
	memcpy(q->name, name, dns_name_len(name));
	q->type = type;
	q->flags = flags;
}

/* ---- the zone's servers ---------------------------------------------------- */

struct ns_names {
	uint8_t names[DNSSEC_MAX_SERVERS][DNS_MAX_NAME];
	size_t count;
};

static void on_ns(void *ctx, const struct dns_result *r)
{
	struct ns_names *ns = ctx;
	if (!r->msg || r->error != DNS_EC_NONE)
		return;
	const struct dns_msg *m = r->msg;
	size_t i = 0;
	const struct dns_rr *rr;
	while (ns->count < DNSSEC_MAX_SERVERS && (rr = dns_result_next_final(r, &i))) {
		uint16_t target;
		size_t next, len;
		if (dns_rr_target(m->pkt, m->len, rr, &target) == DNS_OK &&
		    dns_name_unpack(m->pkt, m->len, target, m->len, &next, ns->names[ns->count],
				    &len) == DNS_OK)
			ns->count++;
	}
}

struct addr_search {
	struct dnssec_server_set *set;
	uint16_t port;
};

static void on_address(void *ctx, const struct dns_result *r)
{
	struct addr_search *a = ctx;
	if (!r->msg || r->error != DNS_EC_NONE)
		return;
	size_t i = 0;
	struct dns_address addr;
	while (a->set->count < DNSSEC_MAX_SERVERS && dns_result_next_address(r, &i, &addr)) {
		struct dnssec_server *s = &a->set->servers[a->set->count++];
		memcpy(s->name, r->question->name, dns_name_len(r->question->name));
		net_addr_from_raw(&s->addr, addr.family, addr.raw, a->port);
	}
}

static int by_address(const void *a, const void *b)
{
	const struct dnssec_server *x = a, *y = b;
	int fx = net_addr_family(&x->addr), fy = net_addr_family(&y->addr);
	if (fx != fy)
		return fx == AF_INET ? -1 : 1; /* IPv4 first */
	const void *px, *py;
	size_t n;
	if (fx == AF_INET) {
		px = &((const struct sockaddr_in *)(const void *)&x->addr.ss)->sin_addr;
		py = &((const struct sockaddr_in *)(const void *)&y->addr.ss)->sin_addr;
		n = 4;
	} else {
		px = &((const struct sockaddr_in6 *)(const void *)&x->addr.ss)->sin6_addr;
		py = &((const struct sockaddr_in6 *)(const void *)&y->addr.ss)->sin6_addr;
		n = 16;
	}
	return memcmp(px, py, n);
}

void dnssec_servers_sort(struct dnssec_server_set *set)
{
	qsort(set->servers, set->count, sizeof *set->servers, by_address);
}

int dnssec_servers_find(const struct resolver_config *cfg, const uint8_t *zone, uint16_t port,
			struct dnssec_server_set *out)
{
	memset(out, 0, sizeof *out);
	memcpy(out->zone, zone, dns_name_len(zone));
	struct ns_names ns = {.count = 0};
	struct dns_question q;
	question(&q, zone, DNS_T_NS, DNS_Q_RD | DNS_Q_CD);
	if (resolver_ask(cfg, &q, on_ns, &ns) != 0)
		return -1;
	struct dns_question qs[2 * DNSSEC_MAX_SERVERS];
	size_t n = 0;
	for (size_t i = 0; i < ns.count; i++) {
		question(&qs[n++], ns.names[i], DNS_T_A, DNS_Q_RD | DNS_Q_CD);
		question(&qs[n++], ns.names[i], DNS_T_AAAA, DNS_Q_RD | DNS_Q_CD);
	}
	struct addr_search as = {out, port};
	if (n && resolver_ask_all(cfg, qs, n, on_address, &as) != 0)
		return -1;
	dnssec_servers_sort(out);
	return 0;
}

/* ---- asking each server ---------------------------------------------------- */

/* One server's answer, owned: a copy of the packet, parsed again. */
struct got {
	enum dns_errclass error;
	uint16_t rcode;
	bool aa, complete;
	uint8_t *pkt;
	struct dns_rr *rr;
	struct dns_msg msg;
	bool ok; /* msg parsed */
};

/* An answer holds the whole answer when it does not stop at a CNAME: the
 * chain ends in the RRset, or in the zone's own denial (its SOA in the
 * authority section). With no recursion a server answers a CNAME to
 * another zone with the CNAME alone, and the engine would then look for a
 * denial of the target that cannot be there. */
static bool complete(const struct dns_result *r)
{
	if (!r->chain || r->chain->links == 0 || r->final_count > 0)
		return true;
	const struct dns_msg *m = r->msg;
	for (size_t i = 0; i < m->rr_count; i++)
		if (m->rr[i].section == DNS_SEC_AUTHORITY && m->rr[i].type == DNS_T_SOA)
			return true;
	return false;
}

static void on_server_answer(void *ctx, const struct dns_result *r)
{
	(void)ctx;
	struct got *g = r->question->user; /* the question's own slot */
	/* an answer with an error RCODE is an answer of that server */
	g->error = r->msg ? DNS_EC_NONE : r->error;
	g->rcode = r->rcode;
	if (!r->msg)
		return;
	g->aa = (r->msg->flags & DNS_FLAG_AA) != 0;
	g->complete = complete(r);
	size_t cap = (size_t)r->msg->counts[1] + r->msg->counts[2] + r->msg->counts[3];
	if (!cap)
		cap = 1;
	g->pkt = malloc(r->msg->len);
	g->rr = malloc(cap * sizeof *g->rr);
	if (!g->pkt || !g->rr)
		return;
	memcpy(g->pkt, r->msg->pkt, r->msg->len);
	g->ok = dns_msg_parse(&g->msg, g->pkt, r->msg->len, g->rr, cap) == DNS_OK;
}

static bool usable(const struct got *g)
{
	return g->ok && g->aa && (g->rcode == DNS_RCODE_NOERROR || g->rcode == DNS_RCODE_NXDOMAIN);
}

int dnssec_servers_judge(struct dnssec_session *s, const struct resolver_config *recursive,
			 const struct dnssec_server_set *set,
			 const struct dnssec_server_question *q, size_t n, unsigned timeout_ms,
			 struct dnssec_server_answer *out)
{
	size_t ns = set->count;
	memset(out, 0, n * ns * sizeof *out);
	if (!ns || !n)
		return 0;
	/* slots: question k at server i is k * ns + i; the DNSKEY of the
	 * zone at server i is n * ns + i */
	size_t slots = (n + 1) * ns;
	struct got *got = calloc(slots, sizeof *got);
	struct dns_question *qs = calloc(slots, sizeof *qs);
	struct dnssec_result *r = malloc(sizeof *r);
	int rc = -1;
	if (!got || !qs || !r)
		goto done;
	struct resolver_config direct = *recursive;
	direct.server_count = ns;
	for (size_t i = 0; i < ns; i++)
		direct.servers[i] = set->servers[i].addr;
	direct.attempts = 1;
	direct.timeout_ms = timeout_ms;
	direct.rotate = false;
	for (size_t k = 0; k <= n; k++)
		for (size_t i = 0; i < ns; i++) {
			struct dns_question *x = &qs[k * ns + i];
			/* no recursion (RD clear), DO for the signatures */
			question(x, k < n ? q[k].name : set->zone, k < n ? q[k].type : DNS_T_DNSKEY,
				 DNS_Q_DO | RES_ONE_SERVER | RES_NO_FOLLOW);
			x->server = (unsigned)i;
			x->user = &got[k * ns + i];
		}
	if (resolver_ask_all(&direct, qs, slots, on_server_answer, NULL) != 0)
		goto done;
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < ns; i++) {
			const struct got *a = &got[k * ns + i], *keys = &got[n * ns + i];
			struct dnssec_server_answer *o = &out[k * ns + i];
			o->error = a->error;
			o->rcode = a->rcode;
			o->aa = a->aa;
			if (!usable(a) || !a->complete)
				continue;
			/* the server's answer and its keys first: the engine takes
			 * the first input given for a question (chain.h). A DNSKEY
			 * answer that is not usable is given as asked-and-failed. */
			struct dnssec_input in[2] = {
			    {&a->msg, q[k].name, q[k].type, (unsigned)i},
			    {usable(keys) ? &keys->msg : NULL, set->zone, DNS_T_DNSKEY,
			     (unsigned)i},
			};
			if (dnssec_session_validate(s, in, 2, r) != 0)
				goto done;
			dnssec_verdict_of(r, dnssec_session_builtin_anchors(s), &o->verdict);
		}
	rc = 0;
done:
	if (rc != 0 && !errno)
		errno = ENOMEM;
	int saved = errno;
	for (size_t i = 0; got && i < slots; i++) {
		free(got[i].pkt);
		free(got[i].rr);
	}
	free(got);
	free(qs);
	free(r);
	errno = saved;
	return rc;
}

#else /* !ACMEPROBE_DNSSEC (make tiny) */

void dnssec_servers_sort(struct dnssec_server_set *set)
{
	(void)set;
}

int dnssec_servers_find(const struct resolver_config *cfg, const uint8_t *zone, uint16_t port,
			struct dnssec_server_set *out)
{
	(void)cfg;
	(void)port;
	memset(out, 0, sizeof *out);
	memcpy(out->zone, zone, dns_name_len(zone));
	return 0;
}

int dnssec_servers_judge(struct dnssec_session *s, const struct resolver_config *recursive,
			 const struct dnssec_server_set *set,
			 const struct dnssec_server_question *q, size_t n, unsigned timeout_ms,
			 struct dnssec_server_answer *out)
{
	(void)s;
	(void)recursive;
	(void)q;
	(void)timeout_ms;
	memset(out, 0, n * set->count * sizeof *out);
	return 0;
}

#endif
