/* libFuzzer target: whole exchanges of the resolver's decisions
 * (src/dns/exchange.c), driven by the input as a sequence of events.
 *
 * Input: octet 0 the servers (1..8: bits 0-2), attempts (1..4: bits 3-4)
 * and rotate (bit 5); a question: one octet, a name from a list that the
 * captures of tests/fixtures/msgs answer (bits 0-2), type A rather than
 * CAA (3), RES_TCP (4), RES_NO_FOLLOW (5), RES_ONE_SERVER (6: then one
 * more octet, the server, 0..8); then events, each an opcode octet:
 *   op % 8 = 0, 1  a datagram: a source octet (a server, or another
 *                  address), a 2-octet length, that many octets; op & 0x80
 *                  sets its ID to the query's; op & 0x40 says it was
 *                  longer than the buffer (MSG_TRUNC);
 *   op % 8 = 2     TCP octets: a 2-octet length, that many octets; op &
 *                  0x80 sets octets 2-3 of the stream (the message's ID)
 *                  to the query's;
 *   3 a timeout, 4 an I/O error, 5 the connection closed, 6 abandon,
 *   7 once the question is done, a new one (its octets as above) with the
 *     same environment (rotate goes on).
 * (op >> 3) & 7 milliseconds pass before each event; a CONNECT_TCP gets
 * its room unless its opcode's bit 0x20 was set.
 *
 * Properties, beyond no crash and no sanitizer report:
 *  - every SEND_UDP and CONNECT_TCP goes to a configured server (the one
 *    server with RES_ONE_SERVER), carries a query for the chain's end and
 *    the question's type (TCP: behind its right length), and its deadline
 *    is the timeout from now; a WAIT keeps the deadline it had;
 *  - each try is one SEND_UDP or CONNECT_TCP, at most RESOLVER_MAX_TRIES;
 *  - after DONE every event gives the same DONE;
 *  - a result: answered exactly when an accepted NOERROR or NXDOMAIN
 *    message is there; its final count is the records dns_chain_is_final
 *    selects; a chain of at most DNS_MAX_CHAIN links; a server that said
 *    SERVFAIL, REFUSED or NOTIMP for a link of the chain is not tried
 *    again for it; at least one spoofed datagram per datagram from another
 *    source. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns/exchange.h"
#include "dns/msg.h"
#include "dns/types.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TIMEOUT_MS 500

static const char *const names[] = {
    "caa1.test.",   "caa30.test.", "chain1.test.", "loop-a.test.",
    "example.com.", "bogus.test.", "nx.test.",	   "cname-caa.test.",
};

struct input {
	const uint8_t *p;
	size_t left;
};

static unsigned take(struct input *in)
{
	if (!in->left)
		return 0;
	in->left--;
	return *in->p++;
}

static const uint8_t *take_bytes(struct input *in, size_t *n)
{
	size_t want = take(in) << 8;
	want |= take(in);
	*n = want < in->left ? want : in->left;
	const uint8_t *p = in->p;
	in->p += *n;
	in->left -= *n;
	return p;
}

static uint16_t next_id;
static uint16_t counting_id(void *ctx)
{
	(void)ctx;
	return next_id += 0x0101;
}

/* What the harness knows of the exchange in flight. */
struct state {
	struct dns_exchange_env *env;
	struct dns_question q;
	struct dns_action last;
	uint16_t query_id;
	bool in_udp;	     /* a UDP try is in flight */
	unsigned udp_server; /* its server */
	size_t tries, tcp_off;
	unsigned foreign;
	uint64_t now, started;
};

static struct dns_exchange x;
static struct dns_tcp_room room;
static uint8_t buf[DNS_TCP_MAX + 2];

static void check_query(struct state *st, const struct dns_action *a)
{
	const uint8_t *q = a->out;
	size_t n = a->out_len;
	if (a->kind == DNS_ACT_CONNECT_TCP) {
		if (n < 2 || (size_t)(q[0] << 8 | q[1]) != n - 2)
			abort();
		q += 2;
		n -= 2;
	}
	struct dns_msg m;
	struct dns_rr rr[2];
	if (dns_msg_parse(&m, q, n, rr, 2) != DNS_OK || (m.flags & DNS_FLAG_QR))
		abort();
	/* the chain's end: the name first asked, or a CNAME target after a
	 * chain cut short (the harness reads it from the exchange) */
	if (m.qtype != st->q.type || !dns_name_equal_at(q, m.qname, dns_chain_end(&x.chain)))
		abort();
	st->query_id = m.id;
}

static void check_result(const struct state *st, const struct dns_result *r)
{
	if (r->try_count != st->tries || r->try_count > RESOLVER_MAX_TRIES)
		abort();
	if (r->chain->links > DNS_MAX_CHAIN || r->spoofed < st->foreign)
		abort();
	if (r->elapsed_ms != (uint32_t)(st->now - st->started))
		abort();
	bool answer = r->msg && (r->error == DNS_EC_NONE || r->error == DNS_EC_NXDOMAIN);
	if (r->answered != answer || (r->error == DNS_EC_NONE && !r->msg))
		abort();
	if (r->answered) {
		if (r->msg->rcode !=
		    (r->error == DNS_EC_NXDOMAIN ? DNS_RCODE_NXDOMAIN : DNS_RCODE_NOERROR))
			abort();
		size_t finals = 0;
		for (size_t i = 0; i < r->msg->rr_count; i++)
			finals += dns_chain_is_final(r->chain, r->msg, &r->msg->rr[i], st->q.type);
		if (finals != r->final_count)
			abort();
	}
	for (size_t i = 0; i < r->try_count; i++) {
		const struct dns_try *t = &r->tries[i];
		if (t->outcome != DNS_EC_SERVFAIL && t->outcome != DNS_EC_REFUSED &&
		    t->outcome != DNS_EC_NOTIMP)
			continue;
		for (size_t k = i + 1; k < r->try_count; k++)
			if (r->tries[k].server == t->server &&
			    r->tries[k].queried_name_labels == t->queried_name_labels)
				abort();
	}
}

/* Checks an action against what came before it, and keeps it. */
static void took(struct state *st, const struct dns_action *a, unsigned op)
{
	if (st->last.kind == DNS_ACT_DONE) {
		if (a->kind != DNS_ACT_DONE || a->result != st->last.result)
			abort();
		return;
	}
	switch (a->kind) {
	case DNS_ACT_SEND_UDP:
	case DNS_ACT_CONNECT_TCP:
		if (a->server >= st->env->server_count ||
		    ((st->q.flags & RES_ONE_SERVER) && a->server != st->q.server))
			abort();
		if (a->deadline != st->now + TIMEOUT_MS)
			abort();
		check_query(st, a);
		st->tries++;
		st->in_udp = a->kind == DNS_ACT_SEND_UDP;
		st->udp_server = a->server;
		if (a->kind == DNS_ACT_CONNECT_TCP) {
			st->tcp_off = 0;
			if (!(op & 0x20))
				dns_exchange_tcp_room(&x, &room);
		}
		break;
	case DNS_ACT_WAIT:
		if (a->deadline != st->last.deadline)
			abort();
		break;
	case DNS_ACT_DONE:
		st->in_udp = false;
		check_result(st, a->result);
		break;
	}
	st->last = *a;
}

static void start(struct state *st, struct dns_exchange_env *env, struct input *in)
{
	unsigned qb = take(in);
	memset(&st->q, 0, sizeof st->q);
	const char *name = names[qb % 8];
	size_t len;
	if (dns_name_from_text(name, strlen(name), st->q.name, &len))
		abort();
	st->q.type = qb & 0x08 ? DNS_T_A : DNS_T_CAA;
	st->q.flags = DNS_Q_RD | (qb & 0x10 ? RES_TCP : 0) | (qb & 0x20 ? RES_NO_FOLLOW : 0) |
		      (qb & 0x40 ? RES_ONE_SERVER : 0);
	st->q.server = qb & 0x40 ? take(in) % (RESOLVER_MAX_SERVERS + 1) : 0;
	st->env = env;
	st->tries = 0;
	st->foreign = 0;
	st->in_udp = false;
	st->started = st->now;
	st->last = (struct dns_action){.kind = DNS_ACT_WAIT};
	took(st, dns_exchange_start(&x, env, &st->q, st->now), 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size};
	struct net_addr servers[RESOLVER_MAX_SERVERS], other;
	unsigned cfg = take(&in);
	size_t count = 1 + (cfg & 7);
	for (size_t i = 0; i < count; i++)
		if (!net_addr_parse("127.0.0.1", (uint16_t)(5301 + i), &servers[i]))
			abort();
	if (!net_addr_parse("127.0.0.2", 5301, &other))
		abort();
	struct dns_exchange_env env = {.servers = servers,
				       .server_count = count,
				       .timeout_ms = TIMEOUT_MS,
				       .attempts = 1 + ((cfg >> 3) & 3),
				       .rotate = (cfg & 0x20) != 0,
				       .new_id = counting_id};
	next_id = 0;
	struct state st = {.now = 1000};
	start(&st, &env, &in);
	for (int events = 0; in.left && events < 256; events++) {
		unsigned op = take(&in);
		st.now += (op >> 3) & 7;
		const struct dns_action *a = NULL;
		size_t n;
		const uint8_t *p;
		switch (op % 8) {
		case 0:
		case 1: {
			unsigned src = take(&in);
			p = take_bytes(&in, &n);
			memcpy(buf, p, n);
			if ((op & 0x80) && n >= 2) {
				buf[0] = (uint8_t)(st.query_id >> 8);
				buf[1] = (uint8_t)st.query_id;
			}
			const struct net_addr *from = src < count ? &servers[src] : &other;
			bool foreign = from == &other || src != st.udp_server;
			size_t len = op & 0x40 ? DNS_UDP_ROOM + 1 + n : n;
			if (n > DNS_UDP_ROOM)
				n = DNS_UDP_ROOM;
			bool in_udp = st.in_udp;
			a = dns_exchange_datagram(&x, (const struct sockaddr *)&from->ss, from->len,
						  buf, len, st.now);
			if (in_udp && foreign && len) {
				st.foreign++;
				if (a->kind != DNS_ACT_WAIT)
					abort(); /* another source never moves the exchange */
			}
			break;
		}
		case 2:
			p = take_bytes(&in, &n);
			memcpy(buf, p, n);
			/* the message's ID sits at stream offsets 2 and 3 */
			for (size_t i = 0; (op & 0x80) && i < n; i++)
				if (st.tcp_off + i == 2 || st.tcp_off + i == 3)
					buf[i] = (uint8_t)(st.tcp_off + i == 2 ? st.query_id >> 8
									       : st.query_id);
			st.tcp_off += n;
			if (n)
				a = dns_exchange_tcp_octets(&x, buf, n, st.now);
			break;
		case 3:
			st.now += TIMEOUT_MS;
			a = dns_exchange_timeout(&x, st.now);
			break;
		case 4:
			a = dns_exchange_io_error(&x, st.now);
			break;
		case 5:
			a = dns_exchange_tcp_octets(&x, NULL, 0, st.now);
			break;
		case 6:
			a = dns_exchange_abandon(&x, "abandoned", st.now);
			break;
		case 7:
			if (st.last.kind == DNS_ACT_DONE)
				start(&st, &env, &in);
			break;
		}
		if (a)
			took(&st, a, op);
	}
	return 0;
}
