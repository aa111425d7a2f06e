/* Addresses Let's Encrypt will not connect to (R-HTTP-7): the IANA
 * special-purpose ranges (RFC 6890 and its registries), as Boulder's
 * iana.IsReservedAddr filters them before choosing an address. No I/O. */
#ifndef ACMEPROBE_CHECK_ADDRESSES_H
#define ACMEPROBE_CHECK_ADDRESSES_H

#include <stdbool.h>
#include <stdint.h>

/* raw is 4 octets (AF_INET) or 16 (AF_INET6). Returns the range's name
 * ("loopback", "private-use"...) or NULL for a public address. */
const char *address_reserved(int family, const uint8_t *raw);

#endif
