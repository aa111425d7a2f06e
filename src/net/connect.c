#include "net/connect.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/wait.h"

const char *net_outcome_name(enum net_outcome o)
{
	switch (o) {
	case NET_OK: return "ok";
	case NET_TIMEOUT: return "timeout";
	case NET_REFUSED: return "refused";
	case NET_UNREACHABLE: return "unreachable";
	case NET_RESET: return "reset";
	default: return "other";
	}
}

enum net_outcome net_outcome_from_errno(int err)
{
	switch (err) {
	case 0: return NET_OK;
	case ETIMEDOUT: return NET_TIMEOUT;
	case ECONNREFUSED: return NET_REFUSED;
	case ENETUNREACH:
	case EHOSTUNREACH:
	case EADDRNOTAVAIL: /* e.g. IPv6 with no IPv6 address on this host */
	case ENETDOWN:
	case EHOSTDOWN:
	/* an ICMP "administratively prohibited", or a local firewall's
	 * reject: the network refuses the path */
	case EACCES:
	case EPERM: return NET_UNREACHABLE;
	case ECONNRESET:
	case ECONNABORTED:
	case EPIPE: return NET_RESET;
	default: return NET_OTHER;
	}
}

int net_connect_start(const struct net_addr *a, enum net_outcome *outcome, int *err)
{
	int fd = socket(a->ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		*err = errno;
		*outcome = net_outcome_from_errno(*err);
		return -1;
	}
	if (connect(fd, (const struct sockaddr *)&a->ss, a->len) == 0 || errno == EINPROGRESS) {
		*err = 0;
		*outcome = NET_OK;
		return fd;
	}
	*err = errno;
	*outcome = net_outcome_from_errno(*err);
	close(fd);
	return -1;
}

enum net_outcome net_connect_result(int fd, int *err)
{
	int so_error = 0;
	socklen_t len = sizeof so_error;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len) < 0)
		so_error = errno;
	*err = so_error;
	return net_outcome_from_errno(so_error);
}

int net_connect(const struct net_addr *a, uint64_t deadline,
		enum net_outcome *outcome, int *err)
{
	int fd = net_connect_start(a, outcome, err);
	if (fd < 0)
		return -1;
	switch (net_wait(fd, POLLOUT, deadline)) {
	case NET_WAIT_READY:
		break;
	case NET_WAIT_TIMEOUT:
		*outcome = NET_TIMEOUT;
		*err = ETIMEDOUT;
		close(fd);
		return -1;
	case NET_WAIT_ERROR:
		*err = errno;
		*outcome = NET_OTHER;
		close(fd);
		return -1;
	}
	*outcome = net_connect_result(fd, err);
	if (*outcome != NET_OK) {
		close(fd);
		return -1;
	}
	return fd;
}
