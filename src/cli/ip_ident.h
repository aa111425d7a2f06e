/* An IP address identifier on the command line (RFC 8738), for every
 * command that takes one (caa, http01, tlsalpn01, check): reading it in
 * canonical form only (R-IP-1), and the notes a report on it gives, the
 * order's refusal of a reserved address (R-IP-2) and the profile that
 * allows IP addresses (R-IP-5), in text and in JSON. The decisions are
 * src/acme/ident.c's. */
#ifndef ACMEPROBE_CLI_IP_IDENT_H
#define ACMEPROBE_CLI_IP_IDENT_H

#include "acme/ident.h"
#include "cli/json.h"

/* With ACMEPROBE_IP=0 (acme/ident.h; make tiny) cli_ip_identifier says
 * that IP address identifiers are not built in and returns EXIT_UNKNOWN,
 * and the notes print nothing. */
/* R-IP-1: reads `arg`, which ident_looks_like_ip took for an address.
 * EXIT_YES with *ip set when it is an address in canonical form; else a
 * usage error (64) that names the problem, the canonical form when there
 * is one, and Let's Encrypt's refusal ("Cannot issue for \"...\": IP
 * address is invalid"), for `command`. */
int cli_ip_identifier(const char *command, const char *arg, struct ident_ip *ip);

/* The same for an address asked for as a wildcard (`wildcard`: "*." in
 * front of `arg`, or caa --wildcard): a usage error, as ident_ip_read
 * says. */
int cli_ip_read(const char *command, const char *arg, bool wildcard, struct ident_ip *ip);

/* The report's notes on the IP address identifier `value`: R-IP-2 when it
 * is reserved (Let's Encrypt's refusal, "tested anyway"), then R-IP-5. */
void cli_ip_notes_text(const char *value, const struct ident_ip *ip);

/* The same as the JSON object "ip_identifier": {reserved (LE's reason, or
 * null), profile, default_profile_refusal, csr_common_name_refusal}. */
void cli_ip_notes_json(struct json *j, const struct ident_ip *ip);

#endif
