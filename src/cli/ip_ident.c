/* IP address identifiers on the command line (ip_ident.h). */
#include "cli/ip_ident.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#if !ACMEPROBE_IP

int cli_ip_read(const char *command, const char *arg, bool wildcard, struct ident_ip *ip)
{
	(void)wildcard;
	(void)ip;
	fprintf(stderr, "acmeprobe %s: %s: IP addresses are not built in\n", command, arg);
	return EXIT_UNKNOWN;
}

void cli_ip_notes_text(const char *value, const struct ident_ip *ip)
{
	(void)value;
	(void)ip;
}

void cli_ip_notes_json(struct json *j, const struct ident_ip *ip)
{
	(void)j;
	(void)ip;
}

#else

int cli_ip_read(const char *command, const char *arg, bool wildcard, struct ident_ip *ip)
{
	char why[IDENT_IP_WHY];
	/* R-IP-1: the canonical text only (Boulder policy/pa.go ValidIP) */
	if (ident_ip_read(arg, wildcard, ip, why, sizeof why))
		return EXIT_YES;
	return usage_error(command, "%s", why);
}

void cli_ip_notes_text(const char *value, const struct ident_ip *ip)
{
	char text[400], refusal[600];
	if (ident_reserved_refusal(ip, value, refusal, sizeof refusal))
		printf("\nNote (R-IP-2): Let's Encrypt refuses to order for this address: \"%s\". "
		       "acmeprobe tested it anyway.\n",
		       refusal);
	ident_profile_refusal(NULL, text, sizeof text);
	printf("\nNote (R-IP-5): in production only the \"%s\" profile allows IP address "
	       "identifiers; other profiles answer \"%s\". Do not put the address in the CSR's "
	       "Common Name (\"%s\").\n",
	       IDENT_IP_PROFILE, text, IDENT_LE_IP_CN);
}

void cli_ip_notes_json(struct json *j, const struct ident_ip *ip)
{
	/* R-IP-2, R-IP-5 */
	char text[400];
	json_object_begin(j, "ip_identifier");
	const struct ident_reserved *r = ident_ip_reserved(ip);
	if (r) {
		ident_reserved_text(r, text, sizeof text);
		json_string(j, "reserved", text);
	} else {
		json_null(j, "reserved");
	}
	json_string(j, "profile", IDENT_IP_PROFILE);
	ident_profile_refusal(NULL, text, sizeof text);
	json_string(j, "default_profile_refusal", text);
	json_string(j, "csr_common_name_refusal", IDENT_LE_IP_CN);
	json_object_end(j);
}

#endif

/* (the same in both builds: an address that is not asked for as a wildcard) */
int cli_ip_identifier(const char *command, const char *arg, struct ident_ip *ip)
{
	return cli_ip_read(command, arg, false, ip);
}
