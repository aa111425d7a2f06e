/* Let's Encrypt's words for an HTTP-01 validation: the problem detail its
 * validation authority would give for the outcome acmeprobe met (boulder
 * va/http.go processHTTPValidation and validateHTTP01, va/va.go
 * detailedError), so that `http01` and `check` reports can say it
 * exactly and `explain` reads it back. Pure. */
#ifndef ACMEPROBE_ACME_LE_HTTP01_H
#define ACMEPROBE_ACME_LE_HTTP01_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http01.h"

/* Writes the detail into out, for the outcomes whose words are certain:
 *   <address>: Fetching <url>: Timeout during connect (likely firewall problem)
 *   <address>: Fetching <url>: Timeout after connect (your server may be slow or overloaded)
 *   <address>: Fetching <url>: Connection refused    (Network unreachable,
 *                                                     Connection reset by peer)
 *   <address>: Fetching <url>: Server only speaks HTTP, not TLS
 *   <address>: Fetching <url>: Error getting validation data   (a broken response)
 *   <address>: Invalid response from <url>: <status>
 *   The key authorization file from the server did not match this challenge.
 *     Expected "<key authorization>" (got "<body>")       (Go's %q; one line)
 * <address> and <url> are those of the last connection, as Boulder's
 * last validation record. Returns false, writing nothing, for a valid
 * result, one without a key authorization to compare, and outcomes whose
 * words depend on what acmeprobe does not keep (a TLS alert's text, the
 * URL a refused redirect pointed to, a body of 128 octets or more, a DNS
 * failure in the resolver's own words). R-HTTP-4, R-HTTP-5, R-HTTP-6. */
bool le_http01_problem(const struct h01_result *res, const char *key_authorization, char *out,
		       size_t cap);

#endif
