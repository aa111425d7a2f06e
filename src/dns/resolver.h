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
	bool rotate;           /* start each question at the next server */
	unsigned max_inflight; /* questions in flight at once */
};

/* Fills servers, timeout, attempts and rotate from /etc/resolv.conf (or
 * another file). Returns false, with a message in err, when it gives no
 * server. */
bool resolver_config_from_file(struct resolver_config *cfg, const char *path,
			       char *err, size_t err_len);

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
 * since no answer could change its mind). Returns 0, or -1 with errno when memory or the poll loop
 * fails (every question already taken gets its result first). */
int resolver_run(const struct resolver_config *cfg, resolver_next_fn next,
		 resolver_done_fn done, void *ctx, struct resolver_stats *stats);

/* One question, blocking: `done` is called once before it returns. */
int resolver_ask(const struct resolver_config *cfg, const struct dns_question *q,
		 resolver_done_fn done, void *ctx);

#endif
