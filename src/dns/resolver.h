/* The stub resolver: many questions in flight at once over one poll(2)
 * loop, each asked over UDP with EDNS(0) from a fresh socket with a random
 * ID, over TCP when the answer is truncated, retried across servers, and
 * accepted only when it is provably the answer to what was asked.
 *
 * The caller feeds questions through `next` as slots free up (so a batch
 * of a million names takes the memory of `max_inflight` slots) and gets
 * each result through `done`, whose pointers are valid only during that
 * call. */
#ifndef ACMEPROBE_DNS_RESOLVER_H
#define ACMEPROBE_DNS_RESOLVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/exchange.h"
#include "dns/msg.h"
#include "dns/response.h"
#include "dns/wire.h"
#include "net/addr.h"

struct resolver_config {
	struct net_addr servers[RESOLVER_MAX_SERVERS];
	size_t server_count;
	unsigned timeout_ms;   /* per try */
	unsigned attempts;     /* rounds over the server list */
	bool rotate;	       /* start each question at the next server */
	unsigned max_inflight; /* questions in flight at once */
};

/* Fills servers, timeout, attempts and rotate from /etc/resolv.conf (or
 * another file). Returns false, with a message in err, when it gives no
 * server. */
bool resolver_config_from_file(struct resolver_config *cfg, const char *path, char *err,
			       size_t err_len);

/* What `next` says: here is a question; none right now (ask again once an
 * answer is in: a batch whose next questions depend on answers); or no
 * more ever. */
enum resolver_next { RES_NEXT_QUESTION, RES_NEXT_LATER, RES_NEXT_END };
typedef enum resolver_next (*resolver_next_fn)(void *ctx, struct dns_question *q);
typedef void (*resolver_done_fn)(void *ctx, const struct dns_result *r);

struct resolver_stats {
	unsigned long questions, udp_sent, tcp_sent, spoofed, malformed;
};

/* Asks every question `next` gives, until it says RES_NEXT_END and every
 * answer is in (RES_NEXT_LATER with nothing in flight counts as the end,
 * since no answer could change its mind). Returns 0, or -1 with errno
 * when memory or the poll loop fails (every question already taken gets
 * its result first). The open loop below, closed. */
int resolver_run(const struct resolver_config *cfg, resolver_next_fn next, resolver_done_fn done,
		 void *ctx, struct resolver_stats *stats);

/* Asks all n questions of qs at once (as many in flight as there are
 * questions), as resolver_run; `done` gets each result. */
int resolver_ask_all(const struct resolver_config *cfg, const struct dns_question *qs, size_t n,
		     resolver_done_fn done, void *ctx);

/* ---- the open loop ----------------------------------------------------
 *
 * resolver_run is this loop, closed: open, step until it is over, close.
 * A caller with descriptors of its own (child processes' pipes, a socket
 * it serves) opens the loop, adds them with resolver_watch, and steps it
 * with a deadline of its own: one loop and one poll(2) serve the
 * questions and the caller's descriptors together.
 *
 *	struct resolver *r = resolver_open(&cfg, next, done, ctx, NULL);
 *	resolver_watch(r, fd, POLLIN, on_readable, ctx);
 *	while (resolver_step(r, my_deadline) > 0)
 *		... my timers, once net_now_ms() >= my_deadline ...
 *	resolver_close(r);
 *
 * Callbacks (next, done, a watch's) may call resolver_watch and
 * resolver_unwatch, never resolver_step or resolver_close. */
struct resolver;

/* poll(2) said `revents` for a watched fd. */
typedef void (*resolver_fd_fn)(void *ctx, int fd, short revents);

/* No deadline of the caller's: resolver_step waits for the next event. */
#define RESOLVER_NO_DEADLINE UINT64_MAX

/* A loop that asks what `next` gives, as resolver_run does. With next
 * NULL it asks nothing and cfg may be NULL: a loop for the caller's
 * descriptors alone. NULL with errno (EINVAL: no server or more than
 * RESOLVER_MAX_SERVERS; ENOMEM). */
struct resolver *resolver_open(const struct resolver_config *cfg, resolver_next_fn next,
			       resolver_done_fn done, void *ctx, struct resolver_stats *stats);

/* Polls fd for `events` (POLLIN, POLLOUT) in every step until
 * resolver_unwatch, calling fn with what came. An event on a watched fd
 * also asks `next` again if it said RES_NEXT_LATER (the caller's event may
 * be what it waited for). 0, or -1 with errno ENOMEM. The loop never
 * closes fd. */
int resolver_watch(struct resolver *r, int fd, short events, resolver_fd_fn fn, void *ctx);
void resolver_unwatch(struct resolver *r, int fd);

/* One round: gives free slots the questions `next` has, waits in one
 * poll(2) until a socket or a watched fd is ready, a try's deadline
 * passes or `deadline` (monotonic ms, net_now_ms(); RESOLVER_NO_DEADLINE
 * for none) comes, and handles what came: answers, timeouts, the
 * watches' callbacks. Returns 1 while something is left (a question in
 * flight, a watch), 0 once the run is over (nothing in flight, `next`
 * said END, or LATER with nothing that could change its mind, and no
 * watch: it does not wait then), -1 with errno when poll(2) fails. */
int resolver_step(struct resolver *r, uint64_t deadline);

/* Ends the loop: a question still in flight gets its result first, a
 * network error ("the run was closed before an answer came", or "the poll
 * loop failed" after a failed step). Keeps errno. */
void resolver_close(struct resolver *r);

/* One question, blocking: `done` is called once before it returns. */
int resolver_ask(const struct resolver_config *cfg, const struct dns_question *q,
		 resolver_done_fn done, void *ctx);

#endif
