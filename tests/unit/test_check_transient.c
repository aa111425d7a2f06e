/* check/transient.c: permanent or intermittent (R-TRANSIENT-1), and who to
 * tell (R-TRANSIENT-2: the NS names, the SOA's MNAME, RNAME as a mailbox,
 * RFC 1035 s3.3.13 and s8). */
#include <criterion/criterion.h>
#include <string.h>

#include "check/transient.h"
#include "helpers.h"

static void wire(const char *text, uint8_t *out)
{
	size_t len;
	assert_err(dns_name_from_text(text, strlen(text), out, &len), DNS_OK);
}

/* R-TRANSIENT-1: every try failed, some did, none did, one try only */
Test(transient, states_and_texts_R_TRANSIENT_1)
{
	static const struct {
		struct transient_tries t;
		enum transient_state state;
		const char *text;
		bool retryable;
	} cases[] = {
	    {{3, 3, 3}, TRANSIENT_PERMANENT, "permanent (3 of 3)", false},
	    {{3, 3, 0}, TRANSIENT_PERMANENT, "permanent (3 of 3)", false},
	    {{3, 1, 1}, TRANSIENT_INTERMITTENT, "intermittent (1 of 3 timed out)", true},
	    {{3, 2, 1}, TRANSIENT_INTERMITTENT, "intermittent (2 of 3 failed)", true},
	    {{5, 1, 0}, TRANSIENT_INTERMITTENT, "intermittent (1 of 5 failed)", true},
	    {{2, 1, 1}, TRANSIENT_INTERMITTENT, "intermittent (1 of 2 timed out)", true},
	    {{3, 0, 0}, TRANSIENT_PASSED, "", false},
	    {{1, 1, 1}, TRANSIENT_NOT_REPEATED, "", false},
	    {{0, 0, 0}, TRANSIENT_NOT_REPEATED, "", false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[64] = "x";
		cr_assert_eq(transient_state_of(&cases[i].t), cases[i].state, "case %zu", i);
		cr_assert_eq(transient_text(&cases[i].t, out, sizeof out), cases[i].text[0] != 0);
		cr_assert_str_eq(out, cases[i].text, "case %zu", i);
		cr_assert_eq(transient_retryable(&cases[i].t), cases[i].retryable, "case %zu", i);
	}
}

/* R-TRANSIENT-2: RNAME to mailbox, the first label being the local part */
Test(transient, rname_as_mailbox_R_TRANSIENT_2)
{
	static const struct {
		const char *rname, *mailbox;
	} cases[] = {
	    {"hostmaster.example.com.", "hostmaster@example.com"},
	    {"HostMaster.Example.COM.", "HostMaster@Example.COM"},
	    /* RFC 1035 s8: a '.' inside the local part is escaped in the zone
	     * file, and is one label on the wire */
	    {"john\\.smith.example.com.", "john.smith@example.com"},
	    {"dns-admin.ns.example.", "dns-admin@ns.example"},
	    {"a\\@b.example.", "a\\064b@example"},
	    {"a\\032b.example.", "a\\032b@example"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint8_t w[DNS_MAX_NAME];
		wire(cases[i].rname, w);
		char out[256];
		cr_assert(transient_mailbox(w, out, sizeof out), "%s", cases[i].rname);
		cr_assert_str_eq(out, cases[i].mailbox);
	}
	uint8_t w[DNS_MAX_NAME];
	char out[64] = "x";
	wire("hostmaster.", w);
	cr_assert(!transient_mailbox(w, out, sizeof out), "one label: no domain");
	cr_assert_str_eq(out, "");
	wire(".", w);
	cr_assert(!transient_mailbox(w, out, sizeof out), "the root");
	cr_assert(!transient_mailbox(NULL, out, sizeof out));
}

/* R-TRANSIENT-2: the sentence names the NS set, MNAME and RNAME */
Test(transient, who_to_tell_R_TRANSIENT_2)
{
	uint8_t ns[3][DNS_MAX_NAME], mname[DNS_MAX_NAME], rname[DNS_MAX_NAME];
	wire("ns1.example.net.", ns[0]);
	wire("ns2.example.net.", ns[1]);
	wire("ns3.example.org.", ns[2]);
	wire("ns1.example.net.", mname);
	wire("hostmaster.example.net.", rname);
	char out[1024];
	transient_who_to_tell(ns, 3, mname, rname, out, sizeof out);
	cr_assert_str_eq(out,
			 "A failure that stays is for the DNS provider to fix: the zone's "
			 "nameservers are ns1.example.net, ns2.example.net and "
			 "ns3.example.org; the zone's SOA names ns1.example.net as its primary "
			 "server and hostmaster@example.net as its contact. If you do not know "
			 "who runs them, ask your hosting provider.");
	transient_who_to_tell(ns, 1, NULL, NULL, out, sizeof out);
	cr_assert_str_eq(out, "A failure that stays is for the DNS provider to fix: the zone's "
			      "nameservers are ns1.example.net. If you do not know who runs them, "
			      "ask your hosting provider.");
	transient_who_to_tell(ns, 2, NULL, rname, out, sizeof out);
	cr_assert(strstr(out, "ns1.example.net and ns2.example.net; the zone's SOA names "
			      "hostmaster@example.net as its contact."),
		  "%s", out);
	/* cut to the buffer, still a string */
	char small[40];
	transient_who_to_tell(ns, 3, mname, rname, small, sizeof small);
	cr_assert_eq(strlen(small), sizeof small - 1);
}
