/* Let's Encrypt's words for a CAA walk (le_caa.h). */
#include "acme/le_caa.h"

#include <string.h>

/* make tiny (ACMEPROBE_LE_TEXT=0) leaves the texts out: no le_text there */
#ifndef ACMEPROBE_LE_TEXT
#define ACMEPROBE_LE_TEXT 1
#endif

#include "acme/le_text.h"
#include "caa/dnssec_walk.h"
#include "dns/text.h"
#include "dns/types.h"

bool le_caa_problem(const struct caa_walk_result *r, char *out, size_t cap)
{
#if !ACMEPROBE_LE_TEXT
	/* make tiny leaves Let's Encrypt's texts out, with the rules' */
	(void)out;
	return false;
#endif
	if (!cap || r->input_error || r->verdict == CAA_PERMITTED || r->deciding_label < 0 ||
	    (size_t)r->deciding_label >= r->label_count)
		return false;
	const struct caa_label *l = r->labels[r->deciding_label];
	char ident[DNS_MAX_NAME_TEXT + 2], name[DNS_MAX_NAME_TEXT];
	char domain[DNS_MAX_NAME_TEXT];
	dns_name_text_bare(domain, sizeof domain, r->domain);
	size_t len = 0;
	ident[0] = '\0';
	le_append(ident, sizeof ident, &len, "%s%s", r->wildcard ? "*." : "", domain);
	dns_name_text_bare(name, sizeof name, l->name);
	len = 0;
	out[0] = '\0';
	if (r->verdict == CAA_FORBIDDEN) {
		/* R-CAA-11: va/caa.go checkCAA, "CAA record for %s prevents
		 * issuance" with the name the relevant RRset was found at */
		return le_append(out, cap, &len,
				 "While processing CAA for %s: CAA record for %s prevents issuance",
				 ident, name);
	}
	/* R-CAA-4: a failed lookup is a DNS problem in bdns's words. An
	 * answer that could not be read over TCP (cut even there: R-CAA-13)
	 * is acmeprobe's own finding: the CA asks over HTTPS and never meets
	 * it, so its words are unknown. */
	if (l->error == DNS_EC_MALFORMED && l->tcp)
		return false;
	/* R-DNSSEC-14: data the walk's own validation found bogus is the
	 * SERVFAIL the CA's Unbound gives, with its EDE (caa/dnssec_walk.c
	 * says which); the resolver asked here may have sent none, or not
	 * validated at all. (make tiny: no validation, never) */
	if (caa_dnssec_le_text(out, cap, ident, l))
		return true;
	struct le_dns_error e = {
	    .qtype = DNS_T_CAA,
	    .name = name,
	    .failure = le_dns_failure_of(l->error),
	    .rcode = l->rcode,
	    .has_ede = l->has_ede,
	    .ede_code = l->ede_code,
	    .ede_text = (const uint8_t *)l->ede_text,
	    .ede_text_len = strlen(l->ede_text),
	};
	char dns[1024];
	if (!le_dns_problem(&e, dns, sizeof dns))
		return false;
	/* R-DNSSEC-14 and va/caa.go DoCAA: the prefix before the DNS text */
	return le_append(out, cap, &len, "While processing CAA for %s: %s", ident, dns);
}
