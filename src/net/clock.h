/* Time for deadlines: a monotonic clock in milliseconds, which neither
 * NTP steps nor a user changing the date can move backwards. */
#ifndef ACMEPROBE_NET_CLOCK_H
#define ACMEPROBE_NET_CLOCK_H

#include <stdint.h>

uint64_t net_now_ms(void);

/* Milliseconds left until `deadline` (0 once it has passed), capped to
 * what poll(2) takes. */
int net_ms_until(uint64_t deadline);

/* Sleeps until `deadline` (a signal does not cut the wait short). */
void net_sleep_until(uint64_t deadline);

#endif
