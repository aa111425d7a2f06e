/* Transient or permanent, and who to tell: what Let's Encrypt's CAA page
 * (https://letsencrypt.org/docs/caa/) asks an owner to find out by hand
 * when a lookup fails, worked out by the doctor.
 *  - R-TRANSIENT-1: a failing probe is asked again (`check --repeat N`,
 *    N tries in all); every try failing is permanent, some failing is
 *    intermittent, and the finding says which, with the count;
 *  - R-TRANSIENT-2: a permanent failure is the DNS provider's to fix; DNS
 *    names who that is as far as it can: the zone's NS names, the SOA's
 *    MNAME (the primary server) and RNAME (the contact mailbox, RFC 1035
 *    s3.3.13, written as a name whose first label is the local part:
 *    s8).
 * Pure: the doctor's probes count the tries, these functions say it. */
#ifndef ACMEPROBE_CHECK_TRANSIENT_H
#define ACMEPROBE_CHECK_TRANSIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/wire.h"

/* make tiny (ACMEPROBE_TRANSIENT=0) leaves the repeats and their
 * sentences out, to stay within its size budget: every probe is asked
 * once there, and the nameserver findings do not name the provider. */
#ifndef ACMEPROBE_TRANSIENT
#define ACMEPROBE_TRANSIENT 1
#endif

/* --repeat: tries in all of a failing probe (default), and the most. */
#define TRANSIENT_DEFAULT_TRIES 3
#define TRANSIENT_MAX_TRIES	10
/* The tries of one probe are this far apart (on the monotonic clock), so
 * that a short outage is not met by every try at once. */
#define TRANSIENT_SPACING_MS   500
#define TRANSIENT_SPACING_TEXT "half a second"

/* The tries of one probe: how many, how many failed, how many of those
 * were timeouts (no answer at all). */
struct transient_tries {
	unsigned tries, failed, timeouts;
};

enum transient_state {
	TRANSIENT_NOT_REPEATED, /* asked once (--repeat 1, or it did not fail) */
	TRANSIENT_PASSED,	/* no try failed */
	TRANSIENT_PERMANENT,	/* every try failed */
	TRANSIENT_INTERMITTENT, /* some tries failed, not all */
};

enum transient_state transient_state_of(const struct transient_tries *t);

/* "permanent (3 of 3)", "intermittent (1 of 3 timed out)" (every failure
 * a timeout) or "intermittent (2 of 3 failed)"; false, out empty, when the
 * probe was not repeated or did not fail. R-TRANSIENT-1. */
bool transient_text(const struct transient_tries *t, char *out, size_t cap);

/* Whether waiting and trying again could change the outcome: an
 * intermittent failure may pass on the CA's retry. */
bool transient_retryable(const struct transient_tries *t);

/* The SOA RNAME `rname` (wire) as a mailbox: its first label, the local
 * part, as it is (a '.' inside it was written "\." in the zone file:
 * RFC 1035 s8), then '@' and the rest of the name without its final dot:
 * hostmaster.example.com. gives hostmaster@example.com. Octets outside
 * printable ASCII, and '@' or a space in the local part, are written
 * \DDD. False, out empty, when the name has fewer than two labels (no
 * domain after the '@'). R-TRANSIENT-2. */
bool transient_mailbox(const uint8_t *rname, char *out, size_t cap);

/* The sentence that names the DNS provider, for the fix of a nameserver
 * finding: the NS names (ns[0..ns_count)), then the SOA's MNAME and
 * RNAME when known (NULL: unknown), and the CAA page's advice to ask the
 * hosting provider. Written into out (cut to cap). R-TRANSIENT-2. */
void transient_who_to_tell(const uint8_t (*ns)[DNS_MAX_NAME], size_t ns_count, const uint8_t *mname,
			   const uint8_t *rname, char *out, size_t cap);

#endif
