/* The stub resolver's loop: sockets, the ID pool, socket reuse and one
 * poll(2) loop for many questions. Each question lives in a slot with its
 * exchange (exchange.c), which makes every decision and returns actions;
 * act() below carries them out:
 *
 *   SEND_UDP -> SLOT_UDP --readable--> datagram event
 *   CONNECT_TCP -> SLOT_TCP_CONNECT -> SLOT_TCP_WRITE -> SLOT_TCP_READ --> octets event
 *   WAIT -> the slot's deadline; past it, the timeout event
 *   DONE -> the caller's `done`, and the slot takes the next question
 *
 * Nothing here blocks: every wait is bounded by the slot's deadline on
 * the monotonic clock. */
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

enum slot_state { SLOT_FREE, SLOT_UDP, SLOT_TCP_CONNECT, SLOT_TCP_WRITE, SLOT_TCP_READ };

/* One question in flight: its exchange (the decisions, exchange.h) and
 * the sockets the decisions are carried out on. */
struct slot {
	enum slot_state state;
	struct dns_exchange x;
	int fd;
	unsigned fd_gen; /* bumped at every close: a poll result for an old
			    socket must not be applied to a new one that got
			    the same descriptor number */
	/* A UDP socket kept from the last accepted answer, for the slot's
	 * next queries (see take_udp_socket). */
	int udp_fd;
	int udp_family;
	unsigned udp_uses;
	uint64_t deadline;
	/* TCP: what to write (the exchange's framed query), how far */
	const uint8_t *out;
	size_t out_len, out_done;
	struct dns_tcp_room *tcp; /* allocated for a TCP try, freed at the end */
};

/* A socket serves at most this many queries, each with its own random
 * ID, before a fresh one (and a fresh random source port) replaces it. */
#define UDP_SOCKET_MAX_USES 64

/* A descriptor of the caller's, polled with the slots' sockets. */
struct watch {
	int fd; /* -1: removed (the entry is reused later) */
	short events;
	unsigned serial; /* which watch this is: a poll result for a removed
			    one is not given to a new one on the same fd */
	resolver_fd_fn fn;
	void *ctx;
};

/* What a poll entry is: a slot's socket (index into slots, gen its
 * fd_gen) or, past the slots' entries, a watch (index into watches, gen
 * its serial). */
struct poll_ref {
	uint32_t index;
	unsigned gen;
};

struct resolver {
	uint8_t id_pool[256]; /* random octets for IDs, refilled in one call */
	size_t id_left;
	const struct resolver_config *cfg;
	struct dns_exchange_env env;
	resolver_next_fn next;
	resolver_done_fn done;
	void *ctx;
	struct resolver_stats *stats, local_stats;
	bool more;   /* `next` has not said RES_NEXT_END */
	bool later;  /* `next` said RES_NEXT_LATER, and no result came since */
	bool failed; /* poll(2) failed: what is in flight is abandoned */
	struct watch *watches;
	size_t watch_count, watch_cap;
	unsigned next_serial;
	/* one poll entry per busy slot and per watch, and what each is */
	struct pollfd *pfds;
	struct poll_ref *refs;
	size_t poll_cap;
	/* Every datagram and TCP read lands here: an exchange reads it during
	 * the event, and a result pointing into it is handed over at once. */
	uint8_t buf[DNS_UDP_ROOM];
	size_t cap;	     /* slots: questions in flight at once */
	struct slot slots[]; /* cap of them */
};

static void close_fd(struct slot *s)
{
	if (s->fd >= 0) {
		close(s->fd);
		s->fd = -1;
		s->fd_gen++;
	}
}

static uint16_t random_id(void *ctx)
{
	struct resolver *run = ctx;
	/* one getrandom(2) for 128 IDs: the same randomness, fewer calls */
	if (run->id_left < 2) {
		if (net_random(run->id_pool, sizeof run->id_pool) != 0)
			abort(); /* no randomness: every ID would be guessable */
		run->id_left = sizeof run->id_pool;
	}
	run->id_left -= 2;
	return (uint16_t)(run->id_pool[run->id_left] << 8 | run->id_pool[run->id_left + 1]);
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

static bool send_udp(struct resolver *run, struct slot *s, const struct dns_action *a)
{
	const struct net_addr *srv = &run->cfg->servers[a->server];
	s->fd = take_udp_socket(s, srv->ss.ss_family);
	if (s->fd < 0 ||
	    sendto(s->fd, a->out, a->out_len, 0, (const struct sockaddr *)&srv->ss, srv->len) < 0)
		return false;
	run->stats->udp_sent++;
	s->state = SLOT_UDP;
	return true;
}

static bool connect_tcp(struct resolver *run, struct slot *s, const struct dns_action *a)
{
	/* only a truncated answer needs this much room, so it is allocated now */
	if (!s->tcp && !(s->tcp = malloc(sizeof *s->tcp)))
		return false;
	dns_exchange_tcp_room(&s->x, s->tcp);
	enum net_outcome outcome;
	int err;
	s->fd = net_connect_start(&run->cfg->servers[a->server], &outcome, &err);
	if (s->fd < 0)
		return false;
	run->stats->tcp_sent++;
	s->state = SLOT_TCP_CONNECT;
	s->out = a->out;
	s->out_len = a->out_len;
	s->out_done = 0;
	return true;
}

static void deliver(struct resolver *run, struct slot *s, const struct dns_result *r)
{
	run->stats->spoofed += r->spoofed;
	run->stats->malformed += r->malformed;
	run->later = false; /* the result may be what `next` was waiting for */
	run->done(run->ctx, r);
	free(s->tcp);
	s->tcp = NULL;
	s->state = SLOT_FREE;
}

/* The one place where an exchange's decision becomes I/O. An action that
 * fails at once (socket, sendto, connect) goes back to the exchange as an
 * I/O error, which decides the next one; tries are bounded, so this ends. */
static void act(struct resolver *run, struct slot *s, const struct dns_action *a)
{
	for (;;) {
		if (a->kind == DNS_ACT_WAIT) {
			s->deadline = a->deadline;
			return;
		}
		/* any other action ends the try in flight, and its socket */
		if (a->keep_socket)
			park_udp_socket(s);
		else
			close_fd(s);
		switch (a->kind) {
		case DNS_ACT_DONE:
			deliver(run, s, a->result);
			return;
		case DNS_ACT_SEND_UDP:
		case DNS_ACT_CONNECT_TCP:
			s->deadline = a->deadline;
			if (a->kind == DNS_ACT_SEND_UDP ? send_udp(run, s, a)
							: connect_tcp(run, s, a))
				return;
			break;
		case DNS_ACT_WAIT:
			break;
		}
		a = dns_exchange_io_error(&s->x, net_now_ms());
	}
}

static void on_udp_readable(struct resolver *run, struct slot *s)
{
	for (;;) {
		struct sockaddr_storage from;
		socklen_t from_len = sizeof from;
		/* MSG_TRUNC: the datagram's real length, even past the buffer */
		ssize_t n = recvfrom(s->fd, run->buf, sizeof run->buf, MSG_TRUNC,
				     (struct sockaddr *)&from, &from_len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return; /* EAGAIN: wait for more; other errors: the timeout decides */
		}
		const struct dns_action *a =
		    dns_exchange_datagram(&s->x, (const struct sockaddr *)&from, from_len, run->buf,
					  (size_t)n, net_now_ms());
		if (a->kind != DNS_ACT_WAIT) {
			act(run, s, a);
			return;
		}
	}
}

static void on_tcp_event(struct resolver *run, struct slot *s, short revents)
{
	int err;
	if (s->state == SLOT_TCP_CONNECT) {
		if (net_connect_result(s->fd, &err) != NET_OK) {
			act(run, s, dns_exchange_io_error(&s->x, net_now_ms()));
			return;
		}
		s->state = SLOT_TCP_WRITE;
	}
	if (s->state == SLOT_TCP_WRITE) {
		while (s->out_done < s->out_len) {
			ssize_t n = send(s->fd, s->out + s->out_done, s->out_len - s->out_done,
					 MSG_NOSIGNAL);
			if (n < 0) {
				if (errno == EINTR)
					continue;
				if (errno == EAGAIN || errno == EWOULDBLOCK)
					return; /* partial write: wait for POLLOUT */
				act(run, s, dns_exchange_io_error(&s->x, net_now_ms()));
				return;
			}
			s->out_done += (size_t)n;
		}
		s->state = SLOT_TCP_READ;
		return;
	}
	if (s->state != SLOT_TCP_READ || !(revents & (POLLIN | POLLHUP | POLLERR)))
		return;
	for (;;) {
		ssize_t n = recv(s->fd, run->buf, sizeof run->buf, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return; /* partial read: wait for more */
			act(run, s, dns_exchange_io_error(&s->x, net_now_ms()));
			return;
		}
		/* the exchange frames the message (n == 0: closed) */
		const struct dns_action *a =
		    dns_exchange_tcp_octets(&s->x, run->buf, (size_t)n, net_now_ms());
		if (a->kind != DNS_ACT_WAIT) {
			act(run, s, a);
			return;
		}
	}
}

static void start_slot(struct resolver *run, struct slot *s, const struct dns_question *q)
{
	s->fd = -1;
	run->stats->questions++;
	act(run, s, dns_exchange_start(&s->x, &run->env, q, net_now_ms()));
}

static short wanted_events(const struct slot *s)
{
	switch (s->state) {
	case SLOT_UDP:
	case SLOT_TCP_READ:
		return POLLIN;
	case SLOT_TCP_CONNECT:
	case SLOT_TCP_WRITE:
		return POLLOUT;
	default:
		return 0;
	}
}

/* Gives a free slot questions until one stays in flight or `next` has
 * none now. A question can end inside start_slot (every try fails at
 * sendto): its slot is then free again and takes the next one. So a slot
 * is left free only when `next` said LATER or END, and the loop never
 * polls with nothing in flight and no deadline, which would wait for
 * ever. */
static void fill_slot(struct resolver *run, struct slot *s)
{
	while (s->state == SLOT_FREE && run->more && !run->later) {
		struct dns_question q;
		switch (run->next(run->ctx, &q)) {
		case RES_NEXT_QUESTION:
			start_slot(run, s, &q);
			break;
		case RES_NEXT_LATER:
			run->later = true;
			break;
		case RES_NEXT_END:
			run->more = false;
			break;
		}
	}
}

/* Room in the poll arrays for n entries. */
static bool poll_room(struct resolver *run, size_t n)
{
	if (n <= run->poll_cap)
		return true;
	struct pollfd *p = realloc(run->pfds, n * sizeof *p);
	if (p)
		run->pfds = p;
	struct poll_ref *r = p ? realloc(run->refs, n * sizeof *r) : NULL;
	if (!r)
		return false;
	run->refs = r;
	run->poll_cap = n;
	return true;
}

struct resolver *resolver_open(const struct resolver_config *cfg, resolver_next_fn next,
			       resolver_done_fn done, void *ctx, struct resolver_stats *stats)
{
	if (next && (!cfg || cfg->server_count == 0 || cfg->server_count > RESOLVER_MAX_SERVERS)) {
		errno = EINVAL;
		return NULL;
	}
	size_t cap = next && cfg->max_inflight ? cfg->max_inflight : 1;
	struct resolver *run = calloc(1, sizeof *run + cap * sizeof run->slots[0]);
	if (!run || !poll_room(run, cap)) {
		if (run)
			free(run->pfds);
		free(run);
		errno = ENOMEM;
		return NULL;
	}
	run->cap = cap;
	run->cfg = cfg;
	if (next)
		run->env = (struct dns_exchange_env){.servers = cfg->servers,
						     .server_count = cfg->server_count,
						     .timeout_ms = cfg->timeout_ms,
						     .attempts = cfg->attempts,
						     .rotate = cfg->rotate,
						     .new_id = random_id,
						     .id_ctx = run};
	run->next = next;
	run->done = done;
	run->ctx = ctx;
	run->stats = stats ? stats : &run->local_stats;
	run->more = next != NULL;
	for (size_t i = 0; i < cap; i++) {
		run->slots[i].fd = -1;
		run->slots[i].udp_fd = -1;
	}
	return run;
}

int resolver_watch(struct resolver *run, int fd, short events, resolver_fd_fn fn, void *ctx)
{
	size_t i = 0;
	while (i < run->watch_count && run->watches[i].fd >= 0)
		i++;
	if (i == run->watch_cap) {
		size_t want = run->watch_cap ? 2 * run->watch_cap : 8;
		struct watch *w = realloc(run->watches, want * sizeof *w);
		if (w)
			run->watches = w;
		if (!w || !poll_room(run, run->cap + want)) {
			errno = ENOMEM;
			return -1;
		}
		run->watch_cap = want;
	}
	if (i == run->watch_count)
		run->watch_count++;
	run->watches[i] = (struct watch){
	    .fd = fd, .events = events, .serial = ++run->next_serial, .fn = fn, .ctx = ctx};
	return 0;
}

void resolver_unwatch(struct resolver *run, int fd)
{
	for (size_t i = 0; i < run->watch_count; i++)
		if (run->watches[i].fd == fd)
			run->watches[i].fd = -1;
	while (run->watch_count && run->watches[run->watch_count - 1].fd < 0)
		run->watch_count--;
}

int resolver_step(struct resolver *run, uint64_t deadline)
{
	struct slot *slots = run->slots;
	for (size_t i = 0; i < run->cap; i++)
		fill_slot(run, &slots[i]);
	size_t nfds = 0;
	uint64_t soonest = deadline;
	for (size_t i = 0; i < run->cap; i++) {
		if (slots[i].state == SLOT_FREE)
			continue;
		run->pfds[nfds] =
		    (struct pollfd){.fd = slots[i].fd, .events = wanted_events(&slots[i])};
		run->refs[nfds++] = (struct poll_ref){(uint32_t)i, slots[i].fd_gen};
		if (slots[i].deadline < soonest)
			soonest = slots[i].deadline;
	}
	size_t slot_fds = nfds;
	for (size_t i = 0; i < run->watch_count; i++) {
		if (run->watches[i].fd < 0)
			continue;
		run->pfds[nfds] =
		    (struct pollfd){.fd = run->watches[i].fd, .events = run->watches[i].events};
		run->refs[nfds++] = (struct poll_ref){(uint32_t)i, run->watches[i].serial};
	}
	/* Nothing in flight and nothing of the caller's to wait for: `next`
	 * said END, or LATER, and no answer could change its mind. */
	if (nfds == 0)
		return 0;
	int n = poll(run->pfds, nfds, soonest == RESOLVER_NO_DEADLINE ? -1 : net_ms_until(soonest));
	if (n < 0 && errno != EINTR) {
		run->failed = true;
		return -1;
	}
	for (size_t k = 0; n > 0 && k < slot_fds; k++) {
		struct slot *s = &slots[run->refs[k].index];
		if (!run->pfds[k].revents || s->fd != run->pfds[k].fd ||
		    s->fd_gen != run->refs[k].gen)
			continue;
		if (s->state == SLOT_UDP)
			on_udp_readable(run, s);
		else if (s->state != SLOT_FREE)
			on_tcp_event(run, s, run->pfds[k].revents);
	}
	for (size_t k = slot_fds; n > 0 && k < nfds; k++) {
		struct watch w = run->watches[run->refs[k].index];
		if (!run->pfds[k].revents || w.fd != run->pfds[k].fd ||
		    w.serial != run->refs[k].gen)
			continue;   /* removed since (maybe by a callback of this step) */
		run->later = false; /* the caller's event may be what `next` waited for */
		w.fn(w.ctx, w.fd, run->pfds[k].revents);
	}
	uint64_t now = net_now_ms();
	for (size_t i = 0; i < run->cap; i++)
		if (slots[i].state != SLOT_FREE && slots[i].deadline <= now)
			act(run, &slots[i], dns_exchange_timeout(&slots[i].x, now));
	return 1;
}

void resolver_close(struct resolver *run)
{
	int saved = errno;
	for (size_t i = 0; i < run->cap; i++) {
		struct slot *s = &run->slots[i];
		if (s->state != SLOT_FREE)
			act(run, s,
			    dns_exchange_abandon(&s->x,
						 run->failed
						     ? "the poll loop failed"
						     : "the run was closed before an answer came",
						 net_now_ms()));
		if (s->udp_fd >= 0)
			close(s->udp_fd);
	}
	free(run->watches);
	free(run->pfds);
	free(run->refs);
	free(run);
	errno = saved;
}

int resolver_run(const struct resolver_config *cfg, resolver_next_fn next, resolver_done_fn done,
		 void *ctx, struct resolver_stats *stats)
{
	struct resolver *run = resolver_open(cfg, next, done, ctx, stats);
	if (!run)
		return -1;
	int rc;
	while ((rc = resolver_step(run, RESOLVER_NO_DEADLINE)) > 0)
		;
	resolver_close(run);
	return rc;
}

/* resolver_ask_all's questions, handed out one by one, and the caller's
 * callback (the loop has one context for both) */
struct question_array {
	const struct dns_question *qs;
	size_t n, next;
	resolver_done_fn done;
	void *ctx;
};

static enum resolver_next next_of_array(void *ctx, struct dns_question *q)
{
	struct question_array *a = ctx;
	if (a->next == a->n)
		return RES_NEXT_END;
	*q = a->qs[a->next++];
	return RES_NEXT_QUESTION;
}

static void done_of_array(void *ctx, const struct dns_result *r)
{
	struct question_array *a = ctx;
	a->done(a->ctx, r);
}

int resolver_ask_all(const struct resolver_config *cfg, const struct dns_question *qs, size_t n,
		     resolver_done_fn done, void *ctx)
{
	struct question_array a = {qs, n, 0, done, ctx};
	struct resolver_config c = *cfg;
	c.max_inflight = n ? (unsigned)n : 1;
	return resolver_run(&c, next_of_array, done_of_array, &a, NULL);
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

bool resolver_config_from_file(struct resolver_config *cfg, const char *path, char *err,
			       size_t err_len)
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
		snprintf(err, err_len, "%s has no usable nameserver line (give --resolver ADDR)",
			 path);
		return false;
	}
	cfg->server_count = rc.server_count;
	memcpy(cfg->servers, rc.servers, rc.server_count * sizeof rc.servers[0]);
	cfg->timeout_ms = rc.timeout_s * 1000;
	cfg->attempts = rc.attempts;
	cfg->rotate = rc.rotate;
	return true;
}
