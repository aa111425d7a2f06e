/* Non-blocking TCP connect with an explicit outcome class, shared by DNS
 * over TCP and HTTP. The class matters to the rules: Let's Encrypt's IPv4
 * retry depends on whether the IPv6 connect *timed out* (R-V6-2) or failed
 * otherwise (R-HTTP-2), and a timeout during connect and one after it are
 * different findings (R-HTTP-6). */
#ifndef ACMEPROBE_NET_CONNECT_H
#define ACMEPROBE_NET_CONNECT_H

#include <stdint.h>

#include "net/addr.h"

enum net_outcome {
	NET_OK,
	NET_TIMEOUT,     /* no answer to the SYN before the deadline */
	NET_REFUSED,     /* RST to the SYN: nothing listens there */
	NET_UNREACHABLE, /* no route to the network or host (ICMP or local) */
	NET_RESET,       /* the connection was reset after it was set up */
	NET_OTHER,       /* anything else; the errno says what */
};

/* "ok", "timeout", "refused", "unreachable", "reset", "other": the words
 * of the command-line contract's `outcome` field. */
const char *net_outcome_name(enum net_outcome o);
enum net_outcome net_outcome_from_errno(int err);

/* Opens a non-blocking stream socket and starts connecting. Returns the
 * socket (connected or connecting), or -1 with *outcome and *err set when
 * the connect failed at once. */
int net_connect_start(const struct net_addr *a, enum net_outcome *outcome, int *err);
/* Once poll(2) reports the socket writable: how the connect ended. */
enum net_outcome net_connect_result(int fd, int *err);
/* Connects before `deadline` (monotonic ms). Returns the socket or -1,
 * with the outcome in both cases. */
int net_connect(const struct net_addr *a, uint64_t deadline,
		enum net_outcome *outcome, int *err);

#endif
