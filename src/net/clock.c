#include "net/clock.h"

#include <limits.h>
#include <time.h>

uint64_t net_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void net_sleep_until(uint64_t deadline)
{
	int ms;
	while ((ms = net_ms_until(deadline)) > 0) {
		struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
		nanosleep(&ts, NULL); /* EINTR: the loop sleeps the rest */
	}
}

int net_ms_until(uint64_t deadline)
{
	uint64_t now = net_now_ms();
	if (now >= deadline)
		return 0;
	uint64_t left = deadline - now;
	return left > INT_MAX ? INT_MAX : (int)left;
}
