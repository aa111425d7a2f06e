/* libFuzzer target: the /etc/resolv.conf reader. It must take any text
 * without crashing, and keep its documented bounds whatever the text. */
#include <stdint.h>
#include <stdlib.h>

#include "dns/resolvconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct resolvconf rc;
	resolvconf_parse(&rc, (const char *)data, size);
	if (rc.server_count > RESOLVCONF_MAX_SERVERS)
		abort();
	if (rc.timeout_s < 1 || rc.timeout_s > 30 || rc.attempts < 1 || rc.attempts > 5)
		abort();
	for (size_t i = 0; i < rc.server_count; i++)
		if (net_addr_port(&rc.servers[i]) != 53)
			abort();
	return 0;
}
