/* Waiting for one socket, with a deadline on the monotonic clock: the
 * wait behind every blocking step of a connection (the TCP connect, the
 * TLS handshake, each write and read of an HTTP exchange). */
#ifndef ACMEPROBE_NET_WAIT_H
#define ACMEPROBE_NET_WAIT_H

#include <stdint.h>

enum net_wait {
	NET_WAIT_READY,   /* fd is ready for the events (or has an error or a
			     hangup, which the next call on it reports) */
	NET_WAIT_TIMEOUT, /* the deadline passed first */
	NET_WAIT_ERROR,   /* poll(2) itself failed; errno says why */
};

/* Waits until fd is ready for `events` (POLLIN, POLLOUT) or `deadline`
 * (net_now_ms() time) passes. A signal (EINTR) does not end the wait: it
 * goes on for the time left. A deadline already passed still looks once,
 * without waiting. */
enum net_wait net_wait(int fd, short events, uint64_t deadline);

#endif
