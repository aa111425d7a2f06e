/* The stub resolver's asynchronous core. Each question lives in a slot, a
 * small state machine:
 *
 *   start_try --UDP--> SLOT_UDP --answer--> handle_answer --> finish
 *       ^                 |  TC=1 / too big                    |
 *       |                 v                                    |
 *       |   SLOT_TCP_CONNECT -> SLOT_TCP_WRITE -> SLOT_TCP_READ
 *       |                                                      |
 *       +---- timeout, SERVFAIL/REFUSED/NOTIMP, network error --+
 *
 * and one poll(2) loop drives every slot. Nothing here blocks: every wait
 * is bounded by the slot's deadline on the monotonic clock. */
#include "dns/resolver.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dns/query.h"
#include "dns/resolvconf.h"
#include "dns/types.h"
#include "net/clock.h"
#include "net/connect.h"
#include "net/random.h"

/* Room for a UDP answer. We advertise 1232 octets (DNS_EDNS_UDP_SIZE);
 * a server that sends more than this is treated as if it had set TC. */
#define UDP_BUF 4096
#define UDP_MAX_RRS (UDP_BUF / 11)
#define TCP_MAX_MSG 65535
#define TCP_MAX_RRS (TCP_MAX_MSG / 11)

enum slot_state { SLOT_FREE, SLOT_UDP, SLOT_TCP_CONNECT, SLOT_TCP_WRITE, SLOT_TCP_READ };

/* Only a truncated answer needs this much room, so it is allocated then. */
struct tcp_buf {
	uint8_t data[2 + TCP_MAX_MSG]; /* RFC 7766 s8: a 2-octet length, then the message */
	struct dns_rr rr[TCP_MAX_RRS];
};

struct slot {
	enum slot_state state;
	struct dns_question q;
	struct dns_chain chain;
	int fd;
	unsigned fd_gen; /* bumped at every close: a poll result for an old
			    socket must not be applied to a new one that got
			    the same descriptor number */
	/* A UDP socket kept from the last accepted answer, for the slot's
	 * next queries (see take_udp_socket). */
	int udp_fd;
	int udp_family;
	unsigned udp_uses;
	uint16_t id;
	int server;
	unsigned rounds_started;   /* tries that chose a server */
	bool server_failed[RESOLVER_MAX_SERVERS]; /* answered SERVFAIL/REFUSED/NOTIMP */
	uint64_t started_ms, try_started_ms, deadline;
	bool try_saw_malformed;

	uint8_t query[2 + DNS_MAX_QUERY]; /* with room for the TCP length */
	size_t query_len;
	size_t io_done, io_need;

	uint8_t udp[UDP_BUF];
	struct dns_rr udp_rr[UDP_MAX_RRS];
	struct tcp_buf *tcp;
	struct dns_msg msg;

	/* the last SERVFAIL/REFUSED/NOTIMP answer, shown if no server does
	 * better (its extended DNS error says why) */
	uint8_t err_pkt[UDP_BUF];
	size_t err_len;

	struct dns_try tries[RESOLVER_MAX_TRIES];
	size_t try_count;
	unsigned spoofed, malformed;
};

/* A socket serves at most this many queries, each with its own random
 * ID, before a fresh one (and a fresh random source port) replaces it. */
#define UDP_SOCKET_MAX_USES 64

struct run {
	uint8_t id_pool[256]; /* random octets for IDs, refilled in one call */
	size_t id_left;
	const struct resolver_config *cfg;
	resolver_next_fn next;
	resolver_done_fn done;
	void *ctx;
	struct resolver_stats *stats;
	unsigned next_start; /* for `rotate` */
	bool more;  /* `next` has not said RES_NEXT_END */
	bool later; /* `next` said RES_NEXT_LATER, and no result came since */
};

static void start_try(struct run *run, struct slot *s);

static void close_fd(struct slot *s)
{
	if (s->fd >= 0) {
		close(s->fd);
		s->fd = -1;
		s->fd_gen++;
	}
}

static struct dns_try *current_try(struct slot *s)
{
	return &s->tries[s->try_count - 1];
}

static void end_try(struct slot *s, enum dns_errclass outcome, uint16_t rcode)
{
	struct dns_try *t = current_try(s);
	t->outcome = (uint8_t)outcome;
	t->rcode = rcode;
	t->elapsed_ms = (uint32_t)(net_now_ms() - s->try_started_ms);
	close_fd(s);
}

/* When no server answered: the most telling failure among the tries. A
 * server that said SERVFAIL says more than one that said nothing. */
static enum dns_errclass worst_outcome(const struct slot *s)
{
	static const enum dns_errclass order[] = {
		DNS_EC_SERVFAIL, DNS_EC_NOTIMP, DNS_EC_REFUSED, DNS_EC_FORMERR,
		DNS_EC_MALFORMED, DNS_EC_NETWORK, DNS_EC_TIMEOUT,
	};
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
		for (size_t i = 0; i < s->try_count; i++)
			if (s->tries[i].outcome == order[k])
				return order[k];
	return DNS_EC_TIMEOUT;
}

static const char *error_detail(enum dns_errclass c)
{
	switch (c) {
	case DNS_EC_SERVFAIL: return "every server answered SERVFAIL (or failed otherwise)";
	case DNS_EC_NOTIMP: return "the server answered NOTIMP: it does not implement this query";
	case DNS_EC_REFUSED: return "the server REFUSED the query";
	case DNS_EC_FORMERR: return "the server answered FORMERR";
	case DNS_EC_MALFORMED: return "only malformed answers came back";
	case DNS_EC_NETWORK: return "no server could be reached (network error)";
	case DNS_EC_TIMEOUT: return "no answer from any server before the timeout, after every try";
	default: return NULL;
	}
}

static void finish(struct run *run, struct slot *s, enum dns_errclass error,
		   const char *detail, const struct dns_msg *msg, size_t final_count)
{
	close_fd(s);
	struct dns_result r = {
		.question = &s->q,
		.error = error,
		.detail = detail,
		.msg = msg,
		.chain = &s->chain,
		.server = -1,
		.tries = s->tries,
		.try_count = s->try_count,
		.spoofed = s->spoofed,
		.malformed = s->malformed,
		.elapsed_ms = (uint32_t)(net_now_ms() - s->started_ms),
		.final_count = final_count,
	};
	if (msg) {
		r.answered = error == DNS_EC_NONE || error == DNS_EC_NXDOMAIN;
		r.rcode = msg->rcode;
		r.authenticated = (msg->flags & DNS_FLAG_AD) != 0;
		r.nodata = r.answered && msg->rcode == DNS_RCODE_NOERROR && final_count == 0;
		if (s->try_count) {
			r.server = current_try(s)->server;
			r.transport = (enum dns_transport)current_try(s)->transport;
		}
	}
	run->stats->spoofed += s->spoofed;
	run->stats->malformed += s->malformed;
	run->later = false; /* the result may be what `next` was waiting for */
	run->done(run->ctx, &r);
	free(s->tcp);
	s->tcp = NULL;
	s->state = SLOT_FREE;
}

/* Every try has failed: the result is the most telling failure, with the
 * last error answer (and its extended DNS error) if one came. */
static void finish_failed(struct run *run, struct slot *s)
{
	enum dns_errclass e = worst_outcome(s);
	const struct dns_msg *msg = NULL;
	if (s->err_len &&
	    dns_msg_parse(&s->msg, s->err_pkt, s->err_len, s->udp_rr, UDP_MAX_RRS) == DNS_OK)
		msg = &s->msg;
	finish(run, s, e, error_detail(e), msg, 0);
}

static bool new_try(struct slot *s, int server, enum dns_transport t)
{
	if (s->try_count == RESOLVER_MAX_TRIES)
		return false;
	struct dns_try *try = &s->tries[s->try_count++];
	memset(try, 0, sizeof *try);
	try->server = (uint8_t)server;
	try->transport = (uint8_t)t;
	try->outcome = DNS_EC_TIMEOUT;
	try->queried_name_labels = (uint16_t)s->chain.links;
	s->server = server;
	s->try_started_ms = net_now_ms();
	s->try_saw_malformed = false;
	return true;
}

static uint16_t random_id(struct run *run)
{
	/* one getrandom(2) for 128 IDs: the same randomness, fewer calls */
	if (run->id_left < 2) {
		if (net_random(run->id_pool, sizeof run->id_pool) != 0)
			abort(); /* no randomness: every ID would be guessable */
		run->id_left = sizeof run->id_pool;
	}
	run->id_left -= 2;
	return (uint16_t)(run->id_pool[run->id_left] << 8 | run->id_pool[run->id_left + 1]);
}

static void build_query(struct run *run, struct slot *s)
{
	/* EDNS(0) always (RFC 6891): it lets answers up to 1232 octets come
	 * over UDP, and is how extended DNS errors come back. */
	unsigned flags = (s->q.flags & (DNS_Q_RD | DNS_Q_CD | DNS_Q_DO | DNS_Q_AD)) | DNS_Q_EDNS;
	s->id = random_id(run);
	if (dns_query_build(s->query + 2, sizeof s->query - 2, &s->query_len, s->id,
			    dns_chain_end(&s->chain), s->q.type, flags) != DNS_OK)
		s->query_len = 0; /* cannot happen: the buffer has the maximum size */
	s->query[0] = (uint8_t)(s->query_len >> 8);
	s->query[1] = (uint8_t)s->query_len;
}

static void start_tcp(struct run *run, struct slot *s, int server)
{
	const struct resolver_config *cfg = run->cfg;
	close_fd(s);
	if (!new_try(s, server, DNS_TCP)) {
		finish_failed(run, s);
		return;
	}
	if (!s->tcp && !(s->tcp = malloc(sizeof *s->tcp))) {
		end_try(s, DNS_EC_NETWORK, 0);
		start_try(run, s);
		return;
	}
	build_query(run, s);
	enum net_outcome outcome;
	int err;
	s->fd = net_connect_start(&cfg->servers[server], &outcome, &err);
	if (s->fd < 0) {
		end_try(s, DNS_EC_NETWORK, 0);
		start_try(run, s);
		return;
	}
	run->stats->tcp_sent++;
	s->state = SLOT_TCP_CONNECT;
	s->deadline = s->try_started_ms + cfg->timeout_ms;
}

/* The socket for a UDP try. The kernel gives each new socket a random
 * source port: with the random ID, the second secret an off-path spoofer
 * must guess (RFC 5452 s9.2). Opening one per query costs more than the
 * query itself, so a socket that brought an accepted answer is kept for
 * the slot's next queries, up to UDP_SOCKET_MAX_USES, as c-ares's
 * udp_max_queries does. A socket whose try failed is never reused, so no
 * late answer can reach a later query. */
static int take_udp_socket(struct slot *s, int family)
{
	if (s->udp_fd >= 0 && s->udp_family == family && s->udp_uses < UDP_SOCKET_MAX_USES) {
		int fd = s->udp_fd;
		s->udp_fd = -1;
		s->udp_uses++;
		return fd;
	}
	if (s->udp_fd >= 0)
		close(s->udp_fd);
	s->udp_fd = -1;
	s->udp_family = family;
	s->udp_uses = 1;
	return socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

/* Keeps the try's UDP socket for the slot's next query (the answer on it
 * was accepted). */
static void park_udp_socket(struct slot *s)
{
	s->udp_fd = s->fd;
	s->fd = -1;
	s->fd_gen++;
}

/* Picks the next server that has not already refused this question and
 * sends the question to it; when none is left, the question has failed. */
static void start_try(struct run *run, struct slot *s)
{
	const struct resolver_config *cfg = run->cfg;
	size_t n = cfg->server_count;
	unsigned max_rounds = cfg->attempts * (unsigned)n;
	int server = -1;
	if (s->q.flags & RES_ONE_SERVER) {
		/* a probe of one server: `attempts` tries, to it alone */
		if (s->rounds_started < cfg->attempts && s->q.server < n &&
		    !s->server_failed[s->q.server]) {
			s->rounds_started++;
			server = (int)s->q.server;
			s->server = server;
		}
		max_rounds = 0;
	}
	while (s->rounds_started < max_rounds) {
		int candidate = (int)((s->server + 1) % n);
		if (s->rounds_started == 0)
			candidate = (int)(cfg->rotate ? run->next_start++ % n : 0);
		s->rounds_started++;
		s->server = candidate;
		if (!s->server_failed[candidate]) {
			server = candidate;
			break;
		}
	}
	if (server < 0) {
		finish_failed(run, s);
		return;
	}
	if (s->q.flags & RES_TCP) {
		start_tcp(run, s, server);
		return;
	}
	if (!new_try(s, server, DNS_UDP)) {
		finish_failed(run, s);
		return;
	}
	build_query(run, s);
	const struct net_addr *a = &cfg->servers[server];
	s->fd = take_udp_socket(s, a->ss.ss_family);
	if (s->fd < 0 ||
	    sendto(s->fd, s->query + 2, s->query_len, 0, (const struct sockaddr *)&a->ss, a->len) < 0) {
		end_try(s, DNS_EC_NETWORK, 0);
		start_try(run, s);
		return;
	}
	run->stats->udp_sent++;
	s->state = SLOT_UDP;
	s->deadline = s->try_started_ms + cfg->timeout_ms;
}

/* A question whose CNAME chain stopped short is asked again for the
 * chain's end, with fresh tries. */
static void restart_for_target(struct run *run, struct slot *s)
{
	close_fd(s);
	s->rounds_started = 0;
	s->server = 0;
	memset(s->server_failed, 0, sizeof s->server_failed);
	start_try(run, s);
}

static void keep_error_answer(struct slot *s, const uint8_t *pkt, size_t len)
{
	if (len <= sizeof s->err_pkt) {
		memcpy(s->err_pkt, pkt, len);
		s->err_len = len;
	}
}

/* An accepted answer (ours, well formed, not truncated). */
static void handle_answer(struct run *run, struct slot *s)
{
	const struct dns_msg *m = &s->msg;
	switch (m->rcode) {
	case DNS_RCODE_SERVFAIL:
	case DNS_RCODE_REFUSED:
	case DNS_RCODE_NOTIMP: {
		/* This server cannot help with this question: ask the next. */
		enum dns_errclass c = m->rcode == DNS_RCODE_SERVFAIL ? DNS_EC_SERVFAIL
				      : m->rcode == DNS_RCODE_REFUSED ? DNS_EC_REFUSED
								      : DNS_EC_NOTIMP;
		keep_error_answer(s, m->pkt, m->len);
		s->server_failed[s->server] = true;
		end_try(s, c, m->rcode);
		start_try(run, s);
		return;
	}
	case DNS_RCODE_NOERROR:
	case DNS_RCODE_NXDOMAIN:
		break;
	default:
		end_try(s, DNS_EC_FORMERR, m->rcode);
		finish(run, s, DNS_EC_FORMERR,
		       m->rcode == DNS_RCODE_FORMERR ? "the server answered FORMERR"
						     : "the server answered with an unexpected RCODE",
		       m, 0);
		return;
	}
	end_try(s, DNS_EC_NONE, m->rcode);
	size_t final_count;
	switch (dns_chain_follow(&s->chain, m, s->q.type, &final_count)) {
	case DNS_CHAIN_LOOP:
		finish(run, s, DNS_EC_MALFORMED, "the answer's CNAME chain loops", m, 0);
		return;
	case DNS_CHAIN_TOO_LONG:
		finish(run, s, DNS_EC_MALFORMED, "the answer's CNAME chain is longer than 8 links", m, 0);
		return;
	case DNS_CHAIN_SHORT:
		if (!(s->q.flags & RES_NO_FOLLOW)) {
			restart_for_target(run, s);
			return;
		}
		break;
	case DNS_CHAIN_DONE:
		break;
	}
	finish(run, s, m->rcode == DNS_RCODE_NXDOMAIN ? DNS_EC_NXDOMAIN : DNS_EC_NONE, NULL, m,
	       final_count);
}

static void on_udp_readable(struct run *run, struct slot *s)
{
	const struct net_addr *server = &run->cfg->servers[s->server];
	for (;;) {
		struct sockaddr_storage from;
		socklen_t from_len = sizeof from;
		/* MSG_TRUNC: the datagram's real length, even past the buffer */
		ssize_t n = recvfrom(s->fd, s->udp, sizeof s->udp, MSG_TRUNC,
				     (struct sockaddr *)&from, &from_len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return; /* EAGAIN: wait for more; other errors: the timeout decides */
		}
		/* An empty datagram is no answer (c-ares CVE-2023-32067 took it
		 * for a closed connection): ignore it. */
		if (n == 0)
			continue;
		if (!net_addr_equal(server, (const struct sockaddr *)&from, from_len)) {
			s->spoofed++;
			continue;
		}
		bool too_big = (size_t)n > sizeof s->udp;
		size_t len = too_big ? sizeof s->udp : (size_t)n;
		if (len < DNS_HEADER_LEN) {
			s->malformed++;
			s->try_saw_malformed = true;
			continue;
		}
		uint16_t id = (uint16_t)(s->udp[0] << 8 | s->udp[1]);
		bool qr = (s->udp[2] & 0x80) != 0, tc = (s->udp[2] & 0x02) != 0;
		if (id != s->id || !qr) {
			s->spoofed++;
			continue;
		}
		if (too_big || (tc && dns_msg_parse(&s->msg, s->udp, len, s->udp_rr, UDP_MAX_RRS))) {
			/* cut by us or by the server: ask the same server over TCP */
			current_try(s)->truncated = true;
			end_try(s, DNS_EC_NONE, 0);
			start_tcp(run, s, s->server);
			return;
		}
		if (dns_msg_parse(&s->msg, s->udp, len, s->udp_rr, UDP_MAX_RRS) != DNS_OK) {
			s->malformed++;
			s->try_saw_malformed = true;
			continue;
		}
		if (dns_response_match(&s->msg, s->id, dns_chain_end(&s->chain), s->q.type) !=
		    DNS_MATCH_OK) {
			s->spoofed++;
			continue;
		}
		park_udp_socket(s);
		if (tc) {
			/* RFC 7766 s5: a truncated answer is asked again over TCP,
			 * to the same server (R-CAA-13) */
			current_try(s)->truncated = true;
			end_try(s, DNS_EC_NONE, s->msg.rcode);
			start_tcp(run, s, s->server);
			return;
		}
		handle_answer(run, s);
		return;
	}
}

static void tcp_failed(struct run *run, struct slot *s, enum dns_errclass c)
{
	end_try(s, c, 0);
	start_try(run, s);
}

static void on_tcp_event(struct run *run, struct slot *s, short revents)
{
	int err;
	if (s->state == SLOT_TCP_CONNECT) {
		if (net_connect_result(s->fd, &err) != NET_OK) {
			tcp_failed(run, s, DNS_EC_NETWORK);
			return;
		}
		s->state = SLOT_TCP_WRITE;
		s->io_done = 0;
		s->io_need = 2 + s->query_len;
	}
	if (s->state == SLOT_TCP_WRITE) {
		while (s->io_done < s->io_need) {
			ssize_t n = send(s->fd, s->query + s->io_done, s->io_need - s->io_done,
					 MSG_NOSIGNAL);
			if (n < 0) {
				if (errno == EINTR)
					continue;
				if (errno == EAGAIN || errno == EWOULDBLOCK)
					return; /* partial write: wait for POLLOUT */
				tcp_failed(run, s, DNS_EC_NETWORK);
				return;
			}
			s->io_done += (size_t)n;
		}
		s->state = SLOT_TCP_READ;
		s->io_done = 0;
		s->io_need = 2;
		return;
	}
	if (s->state != SLOT_TCP_READ || !(revents & (POLLIN | POLLHUP | POLLERR)))
		return;
	for (;;) {
		ssize_t n = recv(s->fd, s->tcp->data + s->io_done, s->io_need - s->io_done, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return; /* partial read: wait for more */
			tcp_failed(run, s, DNS_EC_NETWORK);
			return;
		}
		if (n == 0) { /* closed before the whole message came */
			tcp_failed(run, s, s->io_done ? DNS_EC_MALFORMED : DNS_EC_NETWORK);
			return;
		}
		s->io_done += (size_t)n;
		if (s->io_done < s->io_need)
			continue;
		if (s->io_need == 2) {
			/* the length prefix: at most 65535 by construction, and
			 * never smaller than a header */
			size_t len = (size_t)(s->tcp->data[0] << 8 | s->tcp->data[1]);
			if (len < DNS_HEADER_LEN) {
				s->malformed++;
				tcp_failed(run, s, DNS_EC_MALFORMED);
				return;
			}
			s->io_need = 2 + len;
			continue;
		}
		break;
	}
	size_t len = s->io_need - 2;
	if (dns_msg_parse(&s->msg, s->tcp->data + 2, len, s->tcp->rr, TCP_MAX_RRS) != DNS_OK) {
		s->malformed++;
		tcp_failed(run, s, DNS_EC_MALFORMED);
		return;
	}
	if (dns_response_match(&s->msg, s->id, dns_chain_end(&s->chain), s->q.type) !=
	    DNS_MATCH_OK) {
		/* on a connection of our own, a wrong answer is a broken server */
		s->spoofed++;
		tcp_failed(run, s, DNS_EC_MALFORMED);
		return;
	}
	/* TC=1 over TCP is taken as it is: asking again could loop. */
	handle_answer(run, s);
}

static void on_timeout(struct run *run, struct slot *s)
{
	end_try(s, s->try_saw_malformed ? DNS_EC_MALFORMED : DNS_EC_TIMEOUT, 0);
	start_try(run, s);
}

static void start_slot(struct run *run, struct slot *s, const struct dns_question *q)
{
	s->q = *q;
	dns_chain_start(&s->chain, q->name);
	s->fd = -1;
	s->server = 0;
	s->rounds_started = 0;
	memset(s->server_failed, 0, sizeof s->server_failed);
	s->try_count = 0;
	s->spoofed = s->malformed = 0;
	s->err_len = 0;
	s->started_ms = net_now_ms();
	run->stats->questions++;
	start_try(run, s);
}

static short wanted_events(const struct slot *s)
{
	switch (s->state) {
	case SLOT_UDP:
	case SLOT_TCP_READ: return POLLIN;
	case SLOT_TCP_CONNECT:
	case SLOT_TCP_WRITE: return POLLOUT;
	default: return 0;
	}
}

/* Gives a free slot questions until one stays in flight or `next` has
 * none now. A question can end inside start_slot (every try fails at
 * sendto): its slot is then free again and takes the next one. So a slot
 * is left free only when `next` said LATER or END, and the loop never
 * polls with nothing in flight and no deadline, which would wait for
 * ever. */
static void fill_slot(struct run *run, struct slot *s)
{
	while (s->state == SLOT_FREE && run->more && !run->later) {
		struct dns_question q;
		switch (run->next(run->ctx, &q)) {
		case RES_NEXT_QUESTION: start_slot(run, s, &q); break;
		case RES_NEXT_LATER: run->later = true; break;
		case RES_NEXT_END: run->more = false; break;
		}
	}
}

int resolver_run(const struct resolver_config *cfg, resolver_next_fn next,
		 resolver_done_fn done, void *ctx, struct resolver_stats *stats)
{
	struct resolver_stats local = {0};
	struct run run = {.cfg = cfg,
			  .next = next,
			  .done = done,
			  .ctx = ctx,
			  .stats = stats ? stats : &local,
			  .more = true};
	if (cfg->server_count == 0 || cfg->server_count > RESOLVER_MAX_SERVERS) {
		errno = EINVAL;
		return -1;
	}
	size_t cap = cfg->max_inflight ? cfg->max_inflight : 1;
	struct slot *slots = calloc(cap, sizeof *slots);
	struct pollfd *pfds = calloc(cap, sizeof *pfds);
	size_t *owner = calloc(cap, sizeof *owner);
	unsigned *gen = calloc(cap, sizeof *gen);
	if (!slots || !pfds || !owner || !gen) {
		free(slots);
		free(pfds);
		free(owner);
		free(gen);
		errno = ENOMEM;
		return -1;
	}
	for (size_t i = 0; i < cap; i++) {
		slots[i].fd = -1;
		slots[i].udp_fd = -1;
	}
	int rc = 0;
	for (;;) {
		size_t active = 0;
		for (size_t i = 0; i < cap; i++) {
			fill_slot(&run, &slots[i]);
			if (slots[i].state != SLOT_FREE)
				active++;
		}
		/* nothing in flight: `next` said END, or LATER, and with nothing
		 * in flight no answer could change its mind */
		if (active == 0)
			break;

		size_t nfds = 0;
		uint64_t soonest = UINT64_MAX;
		for (size_t i = 0; i < cap; i++) {
			if (slots[i].state == SLOT_FREE)
				continue;
			pfds[nfds] = (struct pollfd){.fd = slots[i].fd, .events = wanted_events(&slots[i])};
			gen[nfds] = slots[i].fd_gen;
			owner[nfds++] = i;
			if (slots[i].deadline < soonest)
				soonest = slots[i].deadline;
		}
		int n = poll(pfds, nfds, soonest == UINT64_MAX ? -1 : net_ms_until(soonest));
		if (n < 0 && errno != EINTR) {
			rc = -1;
			break;
		}
		for (size_t k = 0; n > 0 && k < nfds; k++) {
			struct slot *s = &slots[owner[k]];
			if (!pfds[k].revents || s->fd != pfds[k].fd || s->fd_gen != gen[k])
				continue;
			if (s->state == SLOT_UDP)
				on_udp_readable(&run, s);
			else if (s->state != SLOT_FREE)
				on_tcp_event(&run, s, pfds[k].revents);
		}
		uint64_t now = net_now_ms();
		for (size_t i = 0; i < cap; i++)
			if (slots[i].state != SLOT_FREE && slots[i].deadline <= now)
				on_timeout(&run, &slots[i]);
	}
	/* only after a poll failure can slots still be busy */
	for (size_t i = 0; i < cap; i++) {
		if (slots[i].state != SLOT_FREE) {
			end_try(&slots[i], DNS_EC_NETWORK, 0);
			finish(&run, &slots[i], DNS_EC_NETWORK, "the poll loop failed", NULL, 0);
		}
		if (slots[i].udp_fd >= 0)
			close(slots[i].udp_fd);
	}
	free(slots);
	free(pfds);
	free(owner);
	free(gen);
	return rc;
}

/* resolver_ask: a one-question source, and the caller's callback. */
struct ask {
	const struct dns_question *q;
	bool given;
	resolver_done_fn done;
	void *ctx;
};

static enum resolver_next ask_next(void *ctx, struct dns_question *q)
{
	struct ask *a = ctx;
	if (a->given)
		return RES_NEXT_END;
	*q = *a->q;
	a->given = true;
	return RES_NEXT_QUESTION;
}

static void ask_done(void *ctx, const struct dns_result *r)
{
	struct ask *a = ctx;
	a->done(a->ctx, r);
}

int resolver_ask(const struct resolver_config *cfg, const struct dns_question *q,
		 resolver_done_fn done, void *ctx)
{
	struct resolver_config one = *cfg;
	struct ask a = {.q = q, .given = false, .done = done, .ctx = ctx};
	one.max_inflight = 1;
	return resolver_run(&one, ask_next, ask_done, &a, NULL);
}

bool resolver_config_from_file(struct resolver_config *cfg, const char *path,
			       char *err, size_t err_len)
{
	char text[8192];
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, err_len, "cannot read %s: %s (give --resolver ADDR)", path,
			 strerror(errno));
		return false;
	}
	size_t n = fread(text, 1, sizeof text, f);
	fclose(f);
	struct resolvconf rc;
	resolvconf_parse(&rc, text, n);
	if (rc.server_count == 0) {
		snprintf(err, err_len, "%s has no usable nameserver line (give --resolver ADDR)", path);
		return false;
	}
	cfg->server_count = rc.server_count;
	memcpy(cfg->servers, rc.servers, rc.server_count * sizeof rc.servers[0]);
	cfg->timeout_ms = rc.timeout_s * 1000;
	cfg->attempts = rc.attempts;
	cfg->rotate = rc.rotate;
	return true;
}
