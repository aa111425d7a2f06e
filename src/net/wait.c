#include "net/wait.h"

#include <errno.h>
#include <poll.h>

#include "net/clock.h"

enum net_wait net_wait(int fd, short events, uint64_t deadline)
{
	struct pollfd p = {.fd = fd, .events = events};
	for (;;) {
		int n = poll(&p, 1, net_ms_until(deadline));
		if (n > 0)
			return NET_WAIT_READY;
		if (n == 0)
			return NET_WAIT_TIMEOUT;
		if (errno != EINTR)
			return NET_WAIT_ERROR;
	}
}
