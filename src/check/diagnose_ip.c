/* The doctor's findings on an IP address identifier (diagnose_ip.h). */
#include "check/diagnose_ip.h"

#include <stdio.h>

void diagnose_ip_identifier(const char *value, const struct ident_ip *ip, struct findings *f)
{
	/* R-IP-4: CAA is a DNS record under a name; an IP address has none,
	 * and Boulder checks none for it (ra/ra.go checkDCVAndCAA) */
	struct finding *x = findings_add(f, FINDING_INFO, "caa_not_applicable", "R-IP-4");
	if (x) {
		snprintf(x->title, sizeof x->title, "CAA does not apply to an IP address");
		snprintf(
		    x->cause, sizeof x->cause,
		    "%s is an IP address identifier. CAA records live in the DNS, under a "
		    "name, and Let's Encrypt checks none for an IP address, so neither CAA nor "
		    "the nameservers were checked, and no address was looked up: the CA "
		    "connects to %s itself.",
		    value, value);
		snprintf(x->fix, sizeof x->fix, "Nothing to do.");
	}
	/* R-IP-2: refused with the order, before any challenge (Boulder
	 * policy/pa.go, iana/ip.go IsReservedAddr) */
	char refusal[600];
	if (ident_reserved_refusal(ip, value, refusal, sizeof refusal)) {
		x = findings_add(f, FINDING_ERROR, "ip_reserved", "R-IP-2");
		if (x) {
			snprintf(x->title, sizeof x->title,
				 "Let's Encrypt refuses to issue for %s: a reserved address",
				 value);
			snprintf(
			    x->cause, sizeof x->cause,
			    "The address is in one of IANA's special-purpose blocks, and the CA "
			    "refuses the order: \"%s\". (acmeprobe checked the rest anyway, for "
			    "labs.)",
			    refusal);
			snprintf(x->fix, sizeof x->fix,
				 "Ask for a certificate for the server's public address.");
		}
	}
	/* R-IP-5: which profile allows IP identifiers, and the CSR */
	x = findings_add(f, FINDING_INFO, "ip_profile", "R-IP-5");
	if (x) {
		char text[400];
		ident_profile_refusal(NULL, text, sizeof text);
		snprintf(x->title, sizeof x->title, "Only the \"%s\" profile allows IP addresses",
			 IDENT_IP_PROFILE);
		snprintf(x->cause, sizeof x->cause,
			 "In production, Let's Encrypt issues for an IP address only under the "
			 "\"%s\" profile; an order under another profile is refused: \"%s\" A CSR "
			 "with the address as its Common Name is refused too: \"%s\".",
			 IDENT_IP_PROFILE, text, IDENT_LE_IP_CN);
		snprintf(x->fix, sizeof x->fix,
			 "Ask for the \"%s\" profile in the new order, and leave the address out "
			 "of the CSR's Common Name (in the subjectAltName only).",
			 IDENT_IP_PROFILE);
	}
}
