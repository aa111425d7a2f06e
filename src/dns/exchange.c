/* One question's exchange with its servers: the decisions of the stub
 * resolver, as a state machine that returns actions (exchange.h).
 *
 *   start -> next_try -> try_server --UDP--> [UDP] --datagram--> answer -> done
 *               ^             ^                  | TC=1, too big     |
 *               |             +------TCP---------+                   |
 *               |        [TCP] --octets, framed--> answer            |
 *               +--- timeout, I/O error, SERVFAIL/REFUSED/NOTIMP, ----+
 *                    a CNAME chain cut short
 *
 * Every transition is one function here that returns the next action;
 * resolver.c applies it (its act()), so each try's start, end and result
 * can be traced at one place on each side. */
#include "dns/exchange.h"

#include <string.h>

#include "dns/types.h"

#define UDP_MAX_RRS (DNS_UDP_ROOM / 11)
#define TCP_MAX_RRS (DNS_TCP_MAX / 11)

/* The next action, kept in the exchange (one at a time): what each
 * transition below returns. */
static const struct dns_action *action(struct dns_exchange *x, struct dns_action a)
{
	x->act = a;
	return &x->act;
}

static const struct dns_action *wait_for(struct dns_exchange *x)
{
	return action(x, (struct dns_action){.kind = DNS_ACT_WAIT, .deadline = x->deadline});
}

static struct dns_try *current_try(struct dns_exchange *x)
{
	return &x->tries[x->try_count - 1];
}

static void end_try(struct dns_exchange *x, enum dns_errclass outcome, uint16_t rcode, uint64_t now)
{
	struct dns_try *t = current_try(x);
	t->outcome = (uint8_t)outcome;
	t->rcode = rcode;
	t->elapsed_ms = (uint32_t)(now - x->try_started_ms);
}

/* When no server answered: the most telling failure among the tries. A
 * server that said SERVFAIL says more than one that said nothing. */
static enum dns_errclass worst_outcome(const struct dns_exchange *x)
{
	static const enum dns_errclass order[] = {
	    DNS_EC_SERVFAIL,  DNS_EC_NOTIMP,  DNS_EC_REFUSED, DNS_EC_FORMERR,
	    DNS_EC_MALFORMED, DNS_EC_NETWORK, DNS_EC_TIMEOUT,
	};
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
		for (size_t i = 0; i < x->try_count; i++)
			if (x->tries[i].outcome == order[k])
				return order[k];
	return DNS_EC_TIMEOUT;
}

static const char *error_detail(enum dns_errclass c)
{
	switch (c) {
	case DNS_EC_SERVFAIL:
		return "every server answered SERVFAIL (or failed otherwise)";
	case DNS_EC_NOTIMP:
		return "the server answered NOTIMP: it does not implement this query";
	case DNS_EC_REFUSED:
		return "the server REFUSED the query";
	case DNS_EC_FORMERR:
		return "the server answered FORMERR";
	case DNS_EC_MALFORMED:
		return "only malformed answers came back";
	case DNS_EC_NETWORK:
		return "no server could be reached (network error)";
	case DNS_EC_TIMEOUT:
		return "no answer from any server before the timeout, after every try";
	default:
		return NULL;
	}
}

static const struct dns_action *done(struct dns_exchange *x, enum dns_errclass error,
				     const char *detail, const struct dns_msg *msg,
				     size_t final_count, uint64_t now)
{
	x->state = DNS_XS_DONE;
	struct dns_result *r = &x->result;
	*r = (struct dns_result){
	    .question = &x->q,
	    .error = error,
	    .detail = detail,
	    .msg = msg,
	    .chain = &x->chain,
	    .server = -1,
	    .tries = x->tries,
	    .try_count = x->try_count,
	    .spoofed = x->spoofed,
	    .malformed = x->malformed,
	    .elapsed_ms = (uint32_t)(now - x->started_ms),
	    .final_count = final_count,
	};
	if (msg) {
		r->answered = error == DNS_EC_NONE || error == DNS_EC_NXDOMAIN;
		r->rcode = msg->rcode;
		r->authenticated = (msg->flags & DNS_FLAG_AD) != 0;
		r->nodata = r->answered && msg->rcode == DNS_RCODE_NOERROR && final_count == 0;
		if (x->try_count) {
			r->server = current_try(x)->server;
			r->transport = (enum dns_transport)current_try(x)->transport;
		}
	}
	return action(x, (struct dns_action){.kind = DNS_ACT_DONE, .result = r});
}

/* Every try has failed: the result is the most telling failure, with the
 * last error answer (and its extended DNS error) if one came. */
static const struct dns_action *fail(struct dns_exchange *x, uint64_t now)
{
	enum dns_errclass e = worst_outcome(x);
	const struct dns_msg *msg = NULL;
	if (x->err_len &&
	    dns_msg_parse(&x->msg, x->err_pkt, x->err_len, x->rr, UDP_MAX_RRS) == DNS_OK)
		msg = &x->msg;
	return done(x, e, error_detail(e), msg, 0, now);
}

static bool new_try(struct dns_exchange *x, int server, enum dns_transport t, uint64_t now)
{
	if (x->try_count == RESOLVER_MAX_TRIES)
		return false;
	struct dns_try *try = &x->tries[x->try_count++];
	memset(try, 0, sizeof *try);
	try->server = (uint8_t)server;
	try->transport = (uint8_t)t;
	try->outcome = DNS_EC_TIMEOUT;
	try->queried_name_labels = (uint16_t)x->chain.links;
	x->server = server;
	x->try_started_ms = now;
	x->deadline = now + x->env->timeout_ms;
	x->try_saw_malformed = false;
	return true;
}

/* A fresh ID for every query, UDP or TCP, first try or retry. */
static void build_query(struct dns_exchange *x)
{
	/* EDNS(0) always (RFC 6891): it lets answers up to 1232 octets come
	 * over UDP, and is how extended DNS errors come back. */
	unsigned flags = (x->q.flags & (DNS_Q_RD | DNS_Q_CD | DNS_Q_DO | DNS_Q_AD)) | DNS_Q_EDNS;
	x->id = x->env->new_id(x->env->id_ctx);
	if (dns_query_build(x->query + 2, sizeof x->query - 2, &x->query_len, x->id,
			    dns_chain_end(&x->chain), x->q.type, flags) != DNS_OK)
		x->query_len = 0; /* cannot happen: the buffer has the maximum size */
	x->query[0] = (uint8_t)(x->query_len >> 8);
	x->query[1] = (uint8_t)x->query_len;
}

/* A try to `server` over transport t: a fresh query, and the action that
 * sends it (over TCP: for RES_TCP, or after a truncated answer). */
static const struct dns_action *try_server(struct dns_exchange *x, int server, enum dns_transport t,
					   uint64_t now)
{
	if (!new_try(x, server, t, now))
		return fail(x, now);
	build_query(x);
	bool tcp = t == DNS_TCP;
	x->state = tcp ? DNS_XS_TCP : DNS_XS_UDP;
	x->tcp = NULL; /* the caller gives the room for a connection */
	x->tcp_have = 0;
	x->tcp_need = 2; /* the length prefix first */
	return action(x, (struct dns_action){.kind = tcp ? DNS_ACT_CONNECT_TCP : DNS_ACT_SEND_UDP,
					     .server = (uint8_t)server,
					     .out = tcp ? x->query : x->query + 2,
					     .out_len = (uint16_t)(x->query_len + (tcp ? 2 : 0)),
					     .deadline = x->deadline});
}

/* Picks the next server that has not already refused this question and
 * asks it; when none is left, the question has failed. */
static const struct dns_action *next_try(struct dns_exchange *x, uint64_t now)
{
	const struct dns_exchange_env *env = x->env;
	size_t n = env->server_count;
	unsigned max_rounds = env->attempts * (unsigned)n;
	int server = -1;
	if (x->q.flags & RES_ONE_SERVER) {
		/* a probe of one server: `attempts` tries, to it alone */
		if (x->rounds_started < env->attempts && x->q.server < n &&
		    !x->server_failed[x->q.server]) {
			x->rounds_started++;
			server = (int)x->q.server;
			x->server = server;
		}
		max_rounds = 0;
	}
	while (x->rounds_started < max_rounds) {
		int candidate = (int)((x->server + 1) % n);
		if (x->rounds_started == 0)
			candidate = (int)(env->rotate ? x->env->next_start++ % n : 0);
		x->rounds_started++;
		x->server = candidate;
		if (!x->server_failed[candidate]) {
			server = candidate;
			break;
		}
	}
	if (server < 0)
		return fail(x, now);
	return try_server(x, server, x->q.flags & RES_TCP ? DNS_TCP : DNS_UDP, now);
}

/* The try in flight failed with outcome c: the next server. */
static const struct dns_action *try_failed(struct dns_exchange *x, enum dns_errclass c,
					   uint64_t now)
{
	end_try(x, c, 0, now);
	return next_try(x, now);
}

/* A question whose CNAME chain stopped short is asked again for the
 * chain's end, with fresh rounds over the servers. */
static const struct dns_action *restart_for_target(struct dns_exchange *x, uint64_t now)
{
	x->rounds_started = 0;
	x->server = 0;
	memset(x->server_failed, 0, sizeof x->server_failed);
	return next_try(x, now);
}

static void keep_error_answer(struct dns_exchange *x, const uint8_t *pkt, size_t len)
{
	if (len <= sizeof x->err_pkt) {
		memcpy(x->err_pkt, pkt, len);
		x->err_len = len;
	}
}

/* An accepted answer (ours, well formed, not truncated over UDP), in
 * x->msg. */
static const struct dns_action *answer(struct dns_exchange *x, uint64_t now)
{
	const struct dns_msg *m = &x->msg;
	switch (m->rcode) {
	case DNS_RCODE_SERVFAIL:
	case DNS_RCODE_REFUSED:
	case DNS_RCODE_NOTIMP: {
		/* This server cannot help with this question: ask the next. */
		enum dns_errclass c = m->rcode == DNS_RCODE_SERVFAIL  ? DNS_EC_SERVFAIL
				      : m->rcode == DNS_RCODE_REFUSED ? DNS_EC_REFUSED
								      : DNS_EC_NOTIMP;
		keep_error_answer(x, m->pkt, m->len);
		x->server_failed[x->server] = true;
		end_try(x, c, m->rcode, now);
		return next_try(x, now);
	}
	case DNS_RCODE_NOERROR:
	case DNS_RCODE_NXDOMAIN:
		break;
	default:
		end_try(x, DNS_EC_FORMERR, m->rcode, now);
		return done(x, DNS_EC_FORMERR,
			    m->rcode == DNS_RCODE_FORMERR
				? "the server answered FORMERR"
				: "the server answered with an unexpected RCODE",
			    m, 0, now);
	}
	end_try(x, DNS_EC_NONE, m->rcode, now);
	size_t final_count;
	switch (dns_chain_follow(&x->chain, m, x->q.type, &final_count)) {
	case DNS_CHAIN_LOOP:
		return done(x, DNS_EC_MALFORMED, "the answer's CNAME chain loops", m, 0, now);
	case DNS_CHAIN_TOO_LONG:
		return done(x, DNS_EC_MALFORMED, "the answer's CNAME chain is longer than 8 links",
			    m, 0, now);
	case DNS_CHAIN_SHORT:
		if (!(x->q.flags & RES_NO_FOLLOW))
			return restart_for_target(x, now);
		break;
	case DNS_CHAIN_DONE:
		break;
	}
	return done(x, m->rcode == DNS_RCODE_NXDOMAIN ? DNS_EC_NXDOMAIN : DNS_EC_NONE, NULL, m,
		    final_count, now);
}

/* An event that does not fit the state (before start, after the end, a
 * datagram during a TCP try): nothing changes. */
static const struct dns_action *unchanged(struct dns_exchange *x)
{
	/* once done, the last action is the DONE */
	return x->state == DNS_XS_DONE ? &x->act : wait_for(x);
}

/* Whether a message that parsed (x->msg) answers our query (RFC 5452
 * s9.1): else it is counted as spoofed. */
static bool is_ours(struct dns_exchange *x)
{
	if (dns_response_match(&x->msg, x->id, dns_chain_end(&x->chain), x->q.type) == DNS_MATCH_OK)
		return true;
	x->spoofed++;
	return false;
}

const struct dns_action *dns_exchange_start(struct dns_exchange *x, struct dns_exchange_env *env,
					    const struct dns_question *q, uint64_t now)
{
	x->env = env;
	x->q = *q;
	dns_chain_start(&x->chain, q->name);
	x->server = 0;
	x->rounds_started = 0;
	memset(x->server_failed, 0, sizeof x->server_failed);
	x->try_count = 0;
	x->spoofed = x->malformed = 0;
	x->err_len = 0;
	x->tcp = NULL;
	x->started_ms = now;
	return next_try(x, now);
}

const struct dns_action *dns_exchange_datagram(struct dns_exchange *x, const struct sockaddr *from,
					       socklen_t from_len, const uint8_t *pkt, size_t len,
					       uint64_t now)
{
	if (x->state != DNS_XS_UDP)
		return unchanged(x);
	/* An empty datagram is no answer (c-ares CVE-2023-32067 took it for
	 * a closed connection): ignore it. */
	if (len == 0)
		return wait_for(x);
	if (!net_addr_equal(&x->env->servers[x->server], from, from_len)) {
		x->spoofed++;
		return wait_for(x);
	}
	bool too_big = len > DNS_UDP_ROOM;
	size_t n = too_big ? DNS_UDP_ROOM : len;
	if (n < DNS_HEADER_LEN) {
		x->malformed++;
		x->try_saw_malformed = true;
		return wait_for(x);
	}
	/* RFC 1035 s4.1.1: the ID, then the flags, of a header that is there */
	uint16_t id = dns_get_u16(pkt), flags = dns_get_u16(pkt + 2);
	bool tc = (flags & DNS_FLAG_TC) != 0;
	if (id != x->id || !(flags & DNS_FLAG_QR)) {
		x->spoofed++;
		return wait_for(x);
	}
	enum dns_err e = too_big ? DNS_E_SHORT : dns_msg_parse(&x->msg, pkt, n, x->rr, UDP_MAX_RRS);
	if (e && (too_big || tc)) {
		/* cut by us or by the server, and no question to check: ask
		 * the same server over TCP, on a new socket (this one saw
		 * nothing we accepted) */
		current_try(x)->truncated = true;
		end_try(x, DNS_EC_NONE, 0, now);
		return try_server(x, x->server, DNS_TCP, now);
	}
	if (e) {
		x->malformed++;
		x->try_saw_malformed = true;
		return wait_for(x);
	}
	if (!is_ours(x))
		return wait_for(x);
	if (tc) {
		/* RFC 7766 s5: a truncated answer is asked again over TCP, to
		 * the same server (R-CAA-13) */
		current_try(x)->truncated = true;
		end_try(x, DNS_EC_NONE, x->msg.rcode, now);
		try_server(x, x->server, DNS_TCP, now);
	} else {
		answer(x, now);
	}
	x->act.keep_socket = true; /* it brought an answer we accepted */
	return &x->act;
}

void dns_exchange_tcp_room(struct dns_exchange *x, struct dns_tcp_room *room)
{
	if (x->state == DNS_XS_TCP)
		x->tcp = room;
}

const struct dns_action *dns_exchange_tcp_octets(struct dns_exchange *x, const uint8_t *p, size_t n,
						 uint64_t now)
{
	if (x->state != DNS_XS_TCP)
		return unchanged(x);
	if (!x->tcp)
		return try_failed(x, DNS_EC_NETWORK, now);
	if (n == 0) /* closed before the whole message came */
		return try_failed(x, x->tcp_have ? DNS_EC_MALFORMED : DNS_EC_NETWORK, now);
	while (n && x->tcp_have < x->tcp_need) {
		size_t take = x->tcp_need - x->tcp_have < n ? x->tcp_need - x->tcp_have : n;
		memcpy(x->tcp->data + x->tcp_have, p, take);
		x->tcp_have += take;
		p += take;
		n -= take;
		if (x->tcp_have == 2 && x->tcp_need == 2) {
			/* RFC 7766 s8: the 2-octet length, at most 65535 by
			 * construction, and never smaller than a header */
			size_t len = dns_get_u16(x->tcp->data);
			if (len < DNS_HEADER_LEN) {
				x->malformed++;
				return try_failed(x, DNS_EC_MALFORMED, now);
			}
			x->tcp_need = 2 + len;
		}
	}
	if (x->tcp_have < x->tcp_need)
		return wait_for(x);
	if (dns_msg_parse(&x->msg, x->tcp->data + 2, x->tcp_need - 2, x->tcp->rr, TCP_MAX_RRS) !=
	    DNS_OK) {
		x->malformed++;
		return try_failed(x, DNS_EC_MALFORMED, now);
	}
	if (!is_ours(x)) /* on a connection of our own: a broken server */
		return try_failed(x, DNS_EC_MALFORMED, now);
	/* TC=1 over TCP is taken as it is: asking again could loop. */
	return answer(x, now);
}

const struct dns_action *dns_exchange_timeout(struct dns_exchange *x, uint64_t now)
{
	if (x->state != DNS_XS_UDP && x->state != DNS_XS_TCP)
		return unchanged(x);
	return try_failed(x, x->try_saw_malformed ? DNS_EC_MALFORMED : DNS_EC_TIMEOUT, now);
}

const struct dns_action *dns_exchange_io_error(struct dns_exchange *x, uint64_t now)
{
	if (x->state != DNS_XS_UDP && x->state != DNS_XS_TCP)
		return unchanged(x);
	return try_failed(x, DNS_EC_NETWORK, now);
}

const struct dns_action *dns_exchange_abandon(struct dns_exchange *x, const char *why, uint64_t now)
{
	if (x->state != DNS_XS_UDP && x->state != DNS_XS_TCP)
		return unchanged(x);
	end_try(x, DNS_EC_NETWORK, 0, now);
	return done(x, DNS_EC_NETWORK, why, NULL, 0, now);
}
