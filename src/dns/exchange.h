/* One question's exchange with its servers, as decisions without sockets,
 * in the shape of OpenBSD asr (res_send_async.c): events in, actions out.
 *
 * The caller (src/dns/resolver.c) owns the sockets, the clock and the
 * poll loop. It starts an exchange and gets an action: send this datagram
 * to that server, connect to it over TCP and write this, wait until that
 * deadline, or done with this result. It acts, and feeds what happens
 * back in as an event: a datagram, octets from TCP, a timeout, an I/O
 * error. Every rule of the exchange is decided here, and a unit test or a
 * fuzz target can drive it with bytes alone:
 *  - which server is asked next: rounds over the servers, `rotate`, one
 *    server only for a probe; a server that answered SERVFAIL, REFUSED or
 *    NOTIMP is not asked again for this question;
 *  - which datagram is the answer (RFC 5452 s9.1): from the address and
 *    port asked, with the query's ID, QR set and the same question; the
 *    others are counted (spoofed, malformed) and ignored;
 *  - TC=1 (or an answer larger than DNS_UDP_ROOM) asks the same server
 *    over TCP (RFC 7766, R-CAA-13), with the 2-octet length framing; TC=1
 *    over TCP is taken as it is;
 *  - SERVFAIL, REFUSED and NOTIMP move on to the next server; when every
 *    try failed, the most telling failure is the result;
 *  - a CNAME chain cut short is asked again for its end (response.h).
 *
 * Nothing here blocks, reads a clock or opens a socket: `now` comes with
 * every event, and IDs come from the caller's source of randomness. */
#ifndef ACMEPROBE_DNS_EXCHANGE_H
#define ACMEPROBE_DNS_EXCHANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "dns/msg.h"
#include "dns/query.h"
#include "dns/response.h"
#include "dns/wire.h"
#include "net/addr.h"

#define RESOLVER_MAX_SERVERS 8
#define RESOLVER_MAX_TRIES   48

/* Question flags, beside the DNS_Q_* of query.h. */
#define RES_TCP	      0x100u /* ask over TCP from the start */
#define RES_NO_FOLLOW 0x200u /* a chain that stops short is not asked again */
#define RES_ONE_SERVER                                                                             \
	0x400u /* ask only servers[question.server] (probing                                       \
		  one authoritative server: the doctor) */

/* Room for a UDP answer. We advertise 1232 octets (DNS_EDNS_UDP_SIZE); a
 * server that sends more than this is treated as if it had set TC. */
#define DNS_UDP_ROOM 4096
/* The largest message TCP can carry: its length prefix is 16 bits. */
#define DNS_TCP_MAX 65535

struct dns_question {
	uint8_t name[DNS_MAX_NAME]; /* wire form */
	uint16_t type;
	unsigned flags;	 /* DNS_Q_RD, DNS_Q_CD, DNS_Q_DO, DNS_Q_AD, RES_* */
	unsigned server; /* with RES_ONE_SERVER: the only server asked */
	void *user;	 /* the caller's, handed back in the result */
};

enum dns_transport { DNS_UDP, DNS_TCP };

/* One try: one datagram (or TCP exchange) to one server. */
struct dns_try {
	uint8_t server;	   /* index in the configuration's servers */
	uint8_t transport; /* enum dns_transport */
	uint8_t outcome;   /* enum dns_errclass: NONE is an accepted answer */
	bool truncated;	   /* TC=1: the same server is asked over TCP next */
	uint16_t rcode;
	uint16_t queried_name_labels; /* which link of a CNAME chain was asked */
	uint32_t elapsed_ms;
};

struct dns_result {
	const struct dns_question *question;
	enum dns_errclass error; /* NONE when an answer came (NXDOMAIN is an
				    answer, with error NXDOMAIN) */
	const char *detail;	 /* a sentence on the error, or NULL */
	bool answered;		 /* a response was accepted */
	uint16_t rcode;
	bool nodata;		   /* NOERROR and no record of the type */
	bool authenticated;	   /* AD flag */
	size_t final_count;	   /* records in the final RRset */
	const struct dns_msg *msg; /* the last accepted response, or NULL */
	const struct dns_chain *chain;
	int server; /* which server answered, or -1 */
	enum dns_transport transport;
	const struct dns_try *tries;
	size_t try_count;
	unsigned spoofed;   /* datagrams ignored as not ours */
	unsigned malformed; /* datagrams ignored as malformed */
	uint32_t elapsed_ms;
};

/* What the exchanges of one run share: the servers and their timing, the
 * rotation point, and where query IDs come from. */
struct dns_exchange_env {
	const struct net_addr *servers;
	size_t server_count; /* 1..RESOLVER_MAX_SERVERS */
	unsigned timeout_ms; /* per try */
	unsigned attempts;   /* rounds over the servers */
	bool rotate;	     /* each question starts at the next server */
	unsigned next_start; /* with rotate: where the next round 0 starts */
	/* A fresh, unpredictable query ID (RFC 5452 s9.2: with the source
	 * port, what an off-path spoofer must guess). */
	uint16_t (*new_id)(void *ctx);
	void *id_ctx;
};

enum dns_action_kind {
	DNS_ACT_SEND_UDP,    /* send `out` to `server` from a UDP socket */
	DNS_ACT_CONNECT_TCP, /* connect to `server`, write `out`, read the answer
				(give a room first: dns_exchange_tcp_room) */
	DNS_ACT_WAIT,	     /* keep waiting for the try in flight */
	DNS_ACT_DONE,	     /* the question is over: `result` */
};

/* What the caller must do next. Every call returns a pointer to the
 * exchange's one action, valid until the next call on it. */
struct dns_action {
	enum dns_action_kind kind;
	uint8_t server; /* SEND_UDP, CONNECT_TCP: an index into env->servers */
	/* Every kind but WAIT ends the try in flight, and its socket with
	 * it: true when that try was UDP and its socket brought the accepted
	 * answer, which may then carry a later query (resolver.c's socket
	 * reuse); false when it must be closed. */
	bool keep_socket;
	uint16_t out_len;
	/* SEND_UDP: the query; CONNECT_TCP: the query after its 2-octet
	 * length (RFC 7766 s8). Valid until the next call on the exchange. */
	const uint8_t *out;
	/* SEND_UDP, CONNECT_TCP, WAIT: when dns_exchange_timeout is due */
	uint64_t deadline;
	/* DONE: valid until the exchange is started again */
	const struct dns_result *result;
};

/* The room a TCP answer is framed in. Only a truncated answer needs it,
 * so the caller gives one on CONNECT_TCP (resolver.c allocates it then). */
struct dns_tcp_room {
	uint8_t data[2 + DNS_TCP_MAX]; /* the length prefix, then the message */
	struct dns_rr rr[DNS_TCP_MAX / 11];
};

enum dns_exchange_state { DNS_XS_IDLE, DNS_XS_UDP, DNS_XS_TCP, DNS_XS_DONE };

/* One question in flight. The caller owns the memory (resolver.c: one per
 * slot); every field is the exchange's own: read it through the calls. */
struct dns_exchange {
	struct dns_exchange_env *env;
	enum dns_exchange_state state;
	struct dns_question q;
	struct dns_chain chain;
	int server;				  /* the server of the try in flight */
	unsigned rounds_started;		  /* tries that chose a server */
	bool server_failed[RESOLVER_MAX_SERVERS]; /* said SERVFAIL/REFUSED/NOTIMP */
	bool try_saw_malformed;
	uint16_t id;
	uint64_t started_ms, try_started_ms, deadline;
	uint8_t query[2 + DNS_MAX_QUERY]; /* with room for the TCP length */
	size_t query_len;
	struct dns_tcp_room *tcp;
	size_t tcp_have, tcp_need; /* octets framed so far, octets wanted */
	struct dns_msg msg;
	struct dns_rr rr[DNS_UDP_ROOM / 11];
	/* the last SERVFAIL/REFUSED/NOTIMP answer, shown if no server does
	 * better (its extended DNS error says why) */
	uint8_t err_pkt[DNS_UDP_ROOM];
	size_t err_len;
	struct dns_try tries[RESOLVER_MAX_TRIES];
	size_t try_count;
	unsigned spoofed, malformed;
	struct dns_result result;
	struct dns_action act; /* the last action returned */
};

/* Starts the exchange for q at `now`: the first action is SEND_UDP or
 * CONNECT_TCP (RES_TCP), or DONE when no try can be made. env must
 * outlive the exchange. */
const struct dns_action *dns_exchange_start(struct dns_exchange *x, struct dns_exchange_env *env,
					    const struct dns_question *q, uint64_t now);

/* A datagram came on the try's UDP socket from `from`. len is its real
 * length (recvfrom with MSG_TRUNC): pkt holds min(len, DNS_UDP_ROOM)
 * octets, and must stay as it is until a DONE this returns has been
 * handled (the result's message points into it). Not ours (another
 * source, ID or question, an empty datagram) or malformed: counted,
 * ignored, WAIT. */
const struct dns_action *dns_exchange_datagram(struct dns_exchange *x, const struct sockaddr *from,
					       socklen_t from_len, const uint8_t *pkt, size_t len,
					       uint64_t now);

/* The room for the TCP answer of a CONNECT_TCP; it stays the caller's. */
void dns_exchange_tcp_room(struct dns_exchange *x, struct dns_tcp_room *room);

/* n octets came over the try's TCP connection; n == 0: the server closed
 * it. Octets past the framed message are ignored. WAIT while the
 * message is incomplete. */
const struct dns_action *dns_exchange_tcp_octets(struct dns_exchange *x, const uint8_t *p, size_t n,
						 uint64_t now);

/* The deadline of the try in flight has passed. */
const struct dns_action *dns_exchange_timeout(struct dns_exchange *x, uint64_t now);

/* The try's socket, send, connect, write or read failed (or the room for
 * TCP could not be had): the try failed with a network error. */
const struct dns_action *dns_exchange_io_error(struct dns_exchange *x, uint64_t now);

/* Ends the question at once as a network error, `why` its detail (the
 * caller's loop failed). */
const struct dns_action *dns_exchange_abandon(struct dns_exchange *x, const char *why,
					      uint64_t now);

#endif
