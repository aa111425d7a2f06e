/* net_wait (src/net/wait.c) on a local socket pair: ready, timeout at the
 * deadline, and a deadline already passed. No network. */
#include <criterion/criterion.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/clock.h"
#include "net/wait.h"

static void pair(int sv[2])
{
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
}

Test(net_wait, nothing_to_read_times_out_at_the_deadline)
{
	int sv[2];
	pair(sv);
	uint64_t t0 = net_now_ms();
	cr_assert_eq(net_wait(sv[0], POLLIN, t0 + 30), NET_WAIT_TIMEOUT);
	cr_assert_geq(net_now_ms() - t0, 29);
	close(sv[0]);
	close(sv[1]);
}

Test(net_wait, ready_to_read_and_to_write)
{
	int sv[2];
	pair(sv);
	cr_assert_eq(net_wait(sv[0], POLLOUT, net_now_ms() + 1000), NET_WAIT_READY);
	cr_assert_eq(write(sv[1], "x", 1), 1);
	cr_assert_eq(net_wait(sv[0], POLLIN, net_now_ms() + 1000), NET_WAIT_READY);
	close(sv[0]);
	close(sv[1]);
}

Test(net_wait, a_deadline_already_passed_looks_once)
{
	int sv[2];
	pair(sv);
	uint64_t past = net_now_ms() - 1;
	cr_assert_eq(net_wait(sv[0], POLLIN, past), NET_WAIT_TIMEOUT);
	cr_assert_eq(write(sv[1], "x", 1), 1);
	cr_assert_eq(net_wait(sv[0], POLLIN, past), NET_WAIT_READY);
	close(sv[0]);
	close(sv[1]);
}

Test(net_wait, a_closed_peer_is_ready_for_the_read_that_sees_it)
{
	int sv[2];
	pair(sv);
	close(sv[1]);
	cr_assert_eq(net_wait(sv[0], POLLIN, net_now_ms() + 1000), NET_WAIT_READY);
	char c;
	cr_assert_eq(read(sv[0], &c, 1), 0);
	close(sv[0]);
}
