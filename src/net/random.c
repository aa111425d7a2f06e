#include "net/random.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/random.h>

int net_random(void *buf, size_t n)
{
	unsigned char *p = buf;
	while (n) {
		ssize_t got = getrandom(p, n, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

uint16_t net_random_u16(void)
{
	uint16_t v;
	/* Without randomness every ID would be guessable: better to stop
	 * than to send queries anyone can answer. */
	if (net_random(&v, sizeof v) != 0)
		abort();
	return v;
}
