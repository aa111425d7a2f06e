/* Finding a zone's nameservers and asking each one directly. */
#include "check/nsprobe.h"

#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "check/referral.h"
#include "dns/query.h"
#include "dns/result.h"
#include "dns/rr.h"
#include "dns/text.h"
#include "dns/types.h"
#include "net/clock.h"

static void question(struct dns_question *q, const uint8_t *name, uint16_t type, unsigned flags,
		     void *user)
{
	memset(q, 0, sizeof *q);
	memcpy(q->name, name, dns_name_len(name));
	q->type = type;
	q->flags = flags;
	q->user = user;
}

/* ---- the zone ------------------------------------------------------ */

struct zone_search {
	struct nsprobe_report *rep;
	bool found;
	uint8_t chain_end[DNS_MAX_NAME];
};

static void on_soa(void *ctx, const struct dns_result *r)
{
	struct zone_search *z = ctx;
	if (!r->msg || (r->error != DNS_EC_NONE && r->error != DNS_EC_NXDOMAIN))
		return;
	const struct dns_msg *m = r->msg;
	memcpy(z->chain_end, dns_chain_end(r->chain), dns_name_len(dns_chain_end(r->chain)));
	/* the SOA owner is the zone apex: in the answer when the name is the
	 * apex, in the authority section of a negative answer otherwise
	 * (RFC 2308 s3) */
	for (size_t i = 0; i < m->rr_count; i++) {
		const struct dns_rr *rr = &m->rr[i];
		if (rr->type != DNS_T_SOA || rr->section == DNS_SEC_ADDITIONAL)
			continue;
		size_t next, len;
		if (dns_name_unpack(m->pkt, m->len, rr->owner, m->len, &next, z->rep->zone, &len) ==
		    DNS_OK) {
			z->found = true;
			/* R-TRANSIENT-2: who runs the zone, as its SOA says */
			struct dns_soa soa;
			if (!ACMEPROBE_TRANSIENT || dns_rr_soa(m->pkt, m->len, rr, &soa) != DNS_OK ||
			    dns_name_unpack(m->pkt, m->len, soa.mname, m->len, &next,
					    z->rep->soa_mname, &len) != DNS_OK ||
			    dns_name_unpack(m->pkt, m->len, soa.rname, m->len, &next,
					    z->rep->soa_rname, &len) != DNS_OK)
				z->rep->soa_mname[0] = z->rep->soa_rname[0] = 0;
			return;
		}
	}
}

static void on_dnskey(void *ctx, const struct dns_result *r)
{
	struct nsprobe_report *rep = ctx;
	rep->zone_signed = r->error == DNS_EC_NONE && r->final_count > 0;
}

/* ---- the NS set and its addresses ----------------------------------- */

static void on_ns(void *ctx, const struct dns_result *r)
{
	struct nsprobe_report *rep = ctx;
	if (!r->msg || r->error != DNS_EC_NONE)
		return;
	const struct dns_msg *m = r->msg;
	size_t i = 0;
	const struct dns_rr *rr;
	while (rep->ns_count < NSPROBE_MAX_NS && (rr = dns_result_next_final(r, &i))) {
		uint16_t target;
		size_t next, len;
		if (dns_rr_target(m->pkt, m->len, rr, &target) != DNS_OK)
			continue;
		dns_name_unpack(m->pkt, m->len, target, m->len, &next, rep->ns_names[rep->ns_count],
				&len);
		rep->ns_count++;
	}
}

struct addr_search {
	struct nsprobe_report *rep;
	uint16_t port;
};

static void on_address(void *ctx, const struct dns_result *r)
{
	struct addr_search *a = ctx;
	struct nsprobe_report *rep = a->rep;
	if (!r->msg || r->error != DNS_EC_NONE)
		return;
	size_t i = 0;
	struct dns_address addr;
	while (dns_result_next_address(r, &i, &addr)) {
		if (rep->addr_count == NSPROBE_MAX_ADDRS) {
			rep->addrs_skipped++;
			continue;
		}
		struct ns_probe_address *na = &rep->addrs[rep->addr_count++];
		memset(na, 0, sizeof *na);
		net_addr_from_raw(&na->addr, addr.family, addr.raw, a->port);
		memcpy(na->ns_name, r->question->name, dns_name_len(r->question->name));
	}
}

/* The resolver that asks the servers in rep->addrs themselves: each
 * question goes to one of them (RES_ONE_SERVER), once, with no retry. */
static void direct_config(const struct resolver_config *recursive, const struct nsprobe_report *rep,
			  unsigned timeout_ms, struct resolver_config *direct)
{
	*direct = *recursive;
	direct->server_count = rep->addr_count;
	for (size_t i = 0; i < rep->addr_count; i++)
		direct->servers[i] = rep->addrs[i].addr;
	direct->attempts = 1;
	direct->timeout_ms = timeout_ms;
	direct->rotate = false;
}

/* The addresses of the NS names in rep->ns_names[from..], through the
 * recursive resolver (RFC 1035 s2.3.4: IPv4 and IPv6). */
static int resolve_addresses(const struct resolver_config *recursive, uint16_t ns_port, size_t from,
			     struct nsprobe_report *rep)
{
	struct dns_question qs[2 * NSPROBE_MAX_NS];
	size_t n = 0;
	for (size_t i = from; i < rep->ns_count; i++) {
		question(&qs[n++], rep->ns_names[i], DNS_T_A, DNS_Q_RD | DNS_Q_CD, NULL);
		question(&qs[n++], rep->ns_names[i], DNS_T_AAAA, DNS_Q_RD | DNS_Q_CD, NULL);
	}
	struct addr_search as = {.rep = rep, .port = ns_port};
	return n ? resolver_ask_all(recursive, qs, n, on_address, &as) : 0;
}

/* ---- following the delegation --------------------------------------- */

struct referral_search {
	const uint8_t *asked, *qname;
	struct referral ref;
	int from; /* the first address (by index) that referred, or -1 */
};

static void on_referral(void *ctx, const struct dns_result *r)
{
	struct referral_search *rs = ctx;
	int i = (int)r->question->server;
	struct referral ref;
	if (!r->msg || (rs->from >= 0 && rs->from < i) ||
	    !referral_read(r->msg, rs->qname, rs->asked, &ref))
		return;
	rs->ref = ref;
	rs->from = i;
}

/* The zone's servers become those of the delegation that the servers in
 * rep->addrs refer to: its NS names as the parent gives them, their glue,
 * and the addresses of the others through the recursive resolver. */
static int adopt_referral(const struct resolver_config *recursive, uint16_t ns_port,
			  const struct referral *ref, struct nsprobe_report *rep)
{
	memcpy(rep->parent_zone, rep->zone, dns_name_len(rep->zone));
	memcpy(rep->zone, ref->zone, dns_name_len(ref->zone));
	rep->via_referral = true;
	rep->zone_signed = false; /* unknown: only its failing servers hold its DNSKEY */
	rep->soa_mname[0] = rep->soa_rname[0] = 0; /* the SOA was the parent's */
	rep->ns_count = 0;
	rep->addr_count = 0;
	rep->addrs_skipped = 0;
	bool glued[REFERRAL_MAX_NS] = {false};
	for (size_t i = 0; i < ref->glue_count; i++)
		glued[ref->glue[i].ns] = true;
	/* the glued names first, then the others, whose addresses are asked */
	size_t unglued_from = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < ref->ns_count && rep->ns_count < NSPROBE_MAX_NS; i++)
			if (glued[i] == (pass == 0))
				memcpy(rep->ns_names[rep->ns_count++], ref->ns[i],
				       dns_name_len(ref->ns[i]));
		if (pass == 0)
			unglued_from = rep->ns_count;
	}
	for (size_t i = 0; i < ref->glue_count; i++) {
		const struct referral_glue *g = &ref->glue[i];
		if (rep->addr_count == NSPROBE_MAX_ADDRS) {
			rep->addrs_skipped++;
			continue;
		}
		struct ns_probe_address *na = &rep->addrs[rep->addr_count++];
		memset(na, 0, sizeof *na);
		net_addr_from_raw(&na->addr, g->family, g->raw, ns_port);
		memcpy(na->ns_name, ref->ns[g->ns], dns_name_len(ref->ns[g->ns]));
	}
	return resolve_addresses(recursive, ns_port, unglued_from, rep);
}

/* Called when the recursive resolver found only a parent of the name's
 * zone (the SOA of every closer name failed): asks the parent's servers,
 * all at once, for the name with no recursion, and follows the referral,
 * again and again while the servers reached refer further down. Each
 * step costs at most one timeout however many servers fail. */
static int descend(const struct resolver_config *recursive, uint16_t ns_port, unsigned timeout_ms,
		   struct nsprobe_report *out)
{
	/* each referral is to a zone strictly below the last: the name's
	 * labels bound the walk */
	for (unsigned step = 0; step < DNS_MAX_NAME / 2 && out->addr_count; step++) {
		struct resolver_config direct;
		direct_config(recursive, out, timeout_ms, &direct);
		struct dns_question qs[NSPROBE_MAX_ADDRS];
		for (size_t i = 0; i < out->addr_count; i++) {
			question(&qs[i], out->name, DNS_T_SOA,
				 DNS_Q_EDNS | RES_ONE_SERVER | RES_NO_FOLLOW, NULL);
			qs[i].server = (unsigned)i;
		}
		struct referral_search rs = {.asked = out->zone, .qname = out->name, .from = -1};
		if (resolver_ask_all(&direct, qs, out->addr_count, on_referral, &rs) != 0)
			return -1;
		if (rs.from < 0)
			return 0; /* the servers answer for the name themselves, or not at all */
		if (adopt_referral(recursive, ns_port, &rs.ref, out) != 0)
			return -1;
	}
	return 0;
}

/* ---- the order of the addresses -------------------------------------------- */

/* The addresses come in the order the parallel lookups answered, and a
 * resolver rotates RRsets: sorted by server name (as text, without regard
 * to case), then address family (IPv4 first), then address octets, the
 * probes, the report and its findings come in the same order on every
 * run. */
static int addr_cmp(const struct ns_probe_address *a, const struct ns_probe_address *b)
{
	char x[DNS_MAX_NAME_TEXT], y[DNS_MAX_NAME_TEXT];
	struct dns_text t;
	dns_text_init(&t, x, sizeof x);
	dns_text_name(&t, a->ns_name);
	dns_text_init(&t, y, sizeof y);
	dns_text_name(&t, b->ns_name);
	int c = strcasecmp(x, y);
	if (c)
		return c;
	int fa = a->addr.ss.ss_family, fb = b->addr.ss.ss_family;
	if (fa != fb)
		return fa == AF_INET ? -1 : 1;
	if (a->addr.len != b->addr.len)
		return a->addr.len < b->addr.len ? -1 : 1;
	return memcmp(&a->addr.ss, &b->addr.ss, a->addr.len);
}

static void sort_addresses(struct nsprobe_report *rep)
{
	for (size_t i = 1; i < rep->addr_count; i++) {
		struct ns_probe_address cur = rep->addrs[i];
		size_t k = i;
		for (; k > 0 && addr_cmp(&rep->addrs[k - 1], &cur) > 0; k--)
			rep->addrs[k] = rep->addrs[k - 1];
		rep->addrs[k] = cur;
	}
}

/* ---- the probes ------------------------------------------------------ */

static void on_probe(void *ctx, const struct dns_result *r)
{
	(void)ctx;
	struct ns_probe *p = r->question->user;
	/* an answer with an error rcode is an answer (diagnose.c reads its
	 * rcode): only a timeout, a network error or garbage is not */
	switch (r->error) {
	case DNS_EC_NXDOMAIN:
	case DNS_EC_SERVFAIL:
	case DNS_EC_NOTIMP:
	case DNS_EC_REFUSED:
	case DNS_EC_FORMERR:
		p->error = r->msg ? DNS_EC_NONE : r->error;
		break;
	default:
		p->error = r->error;
		break;
	}
	p->rcode = r->rcode;
	p->elapsed_ms = r->elapsed_ms;
	p->truncated_udp =
	    r->try_count && r->tries[0].transport == DNS_UDP && r->tries[0].truncated;
	if (!r->msg)
		return;
	const struct dns_msg *m = r->msg;
	p->aa = (m->flags & DNS_FLAG_AA) != 0;
	p->records = r->final_count;
	p->cname = r->chain && r->chain->links > 0;
	for (size_t i = 0; i < m->rr_count; i++) {
		const struct dns_rr *rr = &m->rr[i];
		if (rr->type != DNS_T_SOA)
			continue;
		if (rr->section == DNS_SEC_AUTHORITY)
			p->soa_in_authority = true;
		struct dns_soa soa;
		if (rr->section == DNS_SEC_ANSWER && dns_rr_soa(m->pkt, m->len, rr, &soa) == DNS_OK)
			p->serial = soa.serial;
	}
}

bool nsprobe_failed(const struct ns_probe *p)
{
	return p->error != DNS_EC_NONE ||
	       (p->rcode != DNS_RCODE_NOERROR && p->rcode != DNS_RCODE_NXDOMAIN);
}

/* A repeated try: the answer goes into a scratch probe, then it is
 * counted into the probe it repeats. */
struct repeat {
	struct ns_probe *probe;	 /* the probe repeated */
	struct ns_probe scratch; /* this try's answer */
};

static void count_try(struct ns_probe *p, const struct ns_probe *try)
{
	p->repeats.tries++;
	if (nsprobe_failed(try)) {
		p->repeats.failed++;
		p->repeats.timeouts += try->error == DNS_EC_TIMEOUT;
	}
}

/* R-TRANSIENT-1: every probe that failed its first try (probes[0..n),
 * their questions in qs) is asked again until it has `tries` in all, in
 * rounds TRANSIENT_SPACING_MS apart; each round asks them all at once. */
static int repeat_failed(const struct resolver_config *direct, struct dns_question *qs, size_t n,
			 unsigned tries)
{
	struct repeat rep[NSPROBE_MAX_ADDRS * NS_PROBE_KINDS * 2];
	struct dns_question again[NSPROBE_MAX_ADDRS * NS_PROBE_KINDS * 2];
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		struct ns_probe *p = qs[i].user;
		p->repeats = (struct transient_tries){0, 0, 0};
		count_try(p, p);
		if (nsprobe_failed(p)) {
			rep[m].probe = p;
			again[m] = qs[i];
			again[m].user = &rep[m].scratch;
			m++;
		}
	}
	for (unsigned t = 1; t < tries && m > 0; t++) {
		net_sleep_until(net_now_ms() + TRANSIENT_SPACING_MS);
		for (size_t i = 0; i < m; i++)
			memset(&rep[i].scratch, 0, sizeof rep[i].scratch);
		if (resolver_ask_all(direct, again, m, on_probe, NULL) != 0)
			return -1;
		for (size_t i = 0; i < m; i++)
			count_try(rep[i].probe, &rep[i].scratch);
	}
	return 0;
}

int nsprobe_run(const struct resolver_config *recursive, const uint8_t *name, uint16_t ns_port,
		unsigned timeout_ms, unsigned tries, struct nsprobe_report *out)
{
	memset(out, 0, sizeof *out);
	memcpy(out->name, name, dns_name_len(name));
	/* CD: a zone whose DNSSEC is broken must still show its servers */
	const unsigned ask = DNS_Q_RD | DNS_Q_CD;

	/* 1. the zone: SOA of the name, else of each parent */
	struct zone_search z = {.rep = out};
	bool closer_failed = false; /* a name below the zone found gave no SOA */
	for (const uint8_t *n = name; *n && !z.found; n += *n + 1) {
		struct dns_question q;
		question(&q, n, DNS_T_SOA, ask, NULL);
		if (resolver_ask(recursive, &q, on_soa, &z) != 0)
			return -1;
		/* CAA is asked where the name's CNAME chain ends */
		if (z.found && n == name && z.chain_end[0])
			memcpy(out->name, z.chain_end, dns_name_len(z.chain_end));
		closer_failed |= !z.found;
	}
	if (!z.found) {
		out->problem = "no SOA record could be found for the name or its parents";
		return 0;
	}
	out->zone_found = true;

	/* 2. its NS set, and whether it is signed */
	struct dns_question qs[1];
	question(&qs[0], out->zone, DNS_T_NS, ask, NULL);
	if (resolver_ask(recursive, &qs[0], on_ns, out) != 0)
		return -1;
	question(&qs[0], out->zone, DNS_T_DNSKEY, ask, NULL);
	if (resolver_ask(recursive, &qs[0], on_dnskey, out) != 0)
		return -1;
	if (!out->ns_count) {
		out->problem = "the zone's NS set could not be read";
		return 0;
	}

	/* 3. the addresses of every NS */
	if (resolve_addresses(recursive, ns_port, 0, out) != 0)
		return -1;

	/* 4. when only a parent was found, the delegation from its servers
	 * down: the zone whose servers fail is the one to probe */
	if (closer_failed && descend(recursive, ns_port, timeout_ms, out) != 0)
		return -1;
	if (!out->addr_count) {
		out->problem = "no address (A or AAAA) of the zone's nameservers could be found";
		return 0;
	}

	if (ACMEPROBE_TRANSIENT) /* (make tiny keeps the order the answers came in) */
		sort_addresses(out);

	/* 5. each address, directly, no recursion: SOA, CAA, TYPE65280, over
	 * UDP and over TCP */
	struct resolver_config direct;
	direct_config(recursive, out, timeout_ms, &direct);
	static const uint16_t types[NS_PROBE_KINDS] = {DNS_T_SOA, DNS_T_CAA,
						       NSPROBE_UNASSIGNED_TYPE};
	struct dns_question probes[NSPROBE_MAX_ADDRS * NS_PROBE_KINDS * 2];
	size_t n = 0;
	for (size_t i = 0; i < out->addr_count; i++)
		for (int k = 0; k < NS_PROBE_KINDS; k++)
			for (int tcp = 0; tcp < 2; tcp++) {
				const uint8_t *qname = k == NS_PROBE_SOA ? out->zone : out->name;
				struct ns_probe *p =
				    tcp ? &out->addrs[i].tcp[k] : &out->addrs[i].udp[k];
				unsigned flags = DNS_Q_EDNS | RES_ONE_SERVER | RES_NO_FOLLOW |
						 (tcp ? RES_TCP : 0);
				question(&probes[n], qname, types[k], flags, p);
				probes[n++].server = (unsigned)i;
			}
	if (resolver_ask_all(&direct, probes, n, on_probe, NULL) != 0)
		return -1;
	if (ACMEPROBE_TRANSIENT && repeat_failed(&direct, probes, n, tries) != 0)
		return -1;
	errno = 0;
	return 0;
}
