/* Transient or permanent, and who to tell (transient.h). */
#include "check/transient.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dns/text.h"

enum transient_state transient_state_of(const struct transient_tries *t)
{
	if (t->tries <= 1)
		return TRANSIENT_NOT_REPEATED;
	if (t->failed == 0)
		return TRANSIENT_PASSED;
	/* R-TRANSIENT-1: every try failed the same way, or only some did */
	return t->failed >= t->tries ? TRANSIENT_PERMANENT : TRANSIENT_INTERMITTENT;
}

bool transient_text(const struct transient_tries *t, char *out, size_t cap)
{
	if (cap == 0)
		return false;
	out[0] = '\0';
	switch (transient_state_of(t)) {
	case TRANSIENT_PERMANENT:
		snprintf(out, cap, "permanent (%u of %u)", t->failed, t->tries);
		return true;
	case TRANSIENT_INTERMITTENT:
		snprintf(out, cap, "intermittent (%u of %u %s)", t->failed, t->tries,
			 t->timeouts == t->failed ? "timed out" : "failed");
		return true;
	case TRANSIENT_NOT_REPEATED:
	case TRANSIENT_PASSED:
		break;
	}
	return false;
}

bool transient_retryable(const struct transient_tries *t)
{
	return transient_state_of(t) == TRANSIENT_INTERMITTENT;
}

/* Appends one octet of a local part: itself when plain, else \DDD. */
static size_t put_local(char *out, size_t cap, size_t o, uint8_t c)
{
	if (c > ' ' && c < 0x7F && c != '@' && c != '\\' && c != '"') {
		if (o + 1 < cap)
			out[o++] = (char)c;
	} else if (o + 4 < cap) {
		snprintf(out + o, cap - o, "\\%03u", c);
		o += 4;
	}
	return o;
}

bool transient_mailbox(const uint8_t *rname, char *out, size_t cap)
{
	if (cap == 0)
		return false;
	out[0] = '\0';
	/* R-TRANSIENT-2, RFC 1035 s8: the first label is the local part,
	 * the rest the mail domain */
	if (!rname || rname[0] == 0 || rname[1 + rname[0]] == 0)
		return false;
	size_t o = 0;
	for (size_t i = 0; i < rname[0]; i++)
		o = put_local(out, cap, o, rname[1 + i]);
	if (o + 1 >= cap)
		return false;
	out[o++] = '@';
	out[o] = '\0';
	char domain[DNS_MAX_NAME_TEXT];
	struct dns_text t;
	dns_text_init(&t, domain, sizeof domain);
	dns_text_name(&t, rname + 1 + rname[0]);
	size_t n = strlen(domain);
	if (n > 1 && domain[n - 1] == '.')
		domain[--n] = '\0';
	snprintf(out + o, cap - o, "%s", domain);
	return true;
}

#define WHO_MAX_NS 16 /* the NS names named (a probe keeps at most NSPROBE_MAX_NS) */

void transient_who_to_tell(const uint8_t (*ns)[DNS_MAX_NAME], size_t ns_count, const uint8_t *mname,
			   const uint8_t *rname, char *out, size_t cap)
{
	char name[DNS_MAX_NAME_TEXT];
	size_t o = 0;
	if (cap == 0)
		return;
	out[0] = '\0';
#define PUT(...)                                                                                   \
	do {                                                                                       \
		if (o < cap) {                                                                     \
			int n_ = snprintf(out + o, cap - o, __VA_ARGS__);                          \
			o = n_ < 0 ? cap : o + (size_t)n_;                                         \
		}                                                                                  \
	} while (0)
	/* R-TRANSIENT-2: the CAA page says to report a permanent error to
	 * the DNS provider; DNS shows who runs the zone's servers */
	PUT("A failure that stays is for the DNS provider to fix: the zone's nameservers are ");
	/* in alphabetical order: resolvers rotate an RRset, the sentence
	 * stays the same */
	char names[WHO_MAX_NS][DNS_MAX_NAME_TEXT];
	size_t n = ns_count < WHO_MAX_NS ? ns_count : WHO_MAX_NS;
	for (size_t i = 0; i < n; i++) {
		dns_name_text_bare(name, sizeof name, ns[i]);
		size_t k = i;
		for (; k > 0 && strcasecmp(names[k - 1], name) > 0; k--)
			memcpy(names[k], names[k - 1], sizeof names[k]);
		memcpy(names[k], name, sizeof name);
	}
	for (size_t i = 0; i < n; i++)
		PUT("%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ", names[i]);
	if (ns_count == 0)
		PUT("unknown");
	char mailbox[DNS_MAX_NAME_TEXT * 2];
	bool have_mail = transient_mailbox(rname, mailbox, sizeof mailbox);
	if (mname && mname[0]) {
		dns_name_text_bare(name, sizeof name, mname);
		PUT("; the zone's SOA names %s as its primary server", name);
		if (have_mail)
			PUT(" and %s as its contact", mailbox);
	} else if (have_mail) {
		PUT("; the zone's SOA names %s as its contact", mailbox);
	}
	PUT(". If you do not know who runs them, ask your hosting provider.");
#undef PUT
	if (o >= cap)
		out[cap - 1] = '\0';
}
