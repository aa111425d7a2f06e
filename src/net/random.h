/* Unpredictable numbers from the kernel (getrandom(2)) for DNS IDs and
 * challenge tokens: a predictable ID is how off-path spoofing works
 * (RFC 5452; FNET CVE-2020-17470, Nucleus NET CVE-2021-25677). */
#ifndef ACMEPROBE_NET_RANDOM_H
#define ACMEPROBE_NET_RANDOM_H

#include <stddef.h>
#include <stdint.h>

/* Fills buf; returns 0, or -1 when the kernel gives no randomness (then
 * the caller must not go on with a guessable value). */
int net_random(void *buf, size_t n);
uint16_t net_random_u16(void);

#endif
