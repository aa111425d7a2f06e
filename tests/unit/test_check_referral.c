/* check/referral.c: which responses are referrals, to which zone, and
 * which glue is kept. Messages answer "www.sub.example.com SOA", as the
 * doctor asks it, from a server of example.com unless said otherwise. */
#include <criterion/criterion.h>
#include <sys/socket.h>

#include "check/referral.h"
#include "dns/types.h"
#include "helpers.h"

static const uint8_t WWW[] = "\3www\3sub\7example\3com";
static const uint8_t SUB[] = "\3sub\7example\3com";
static const uint8_t EXAMPLE[] = "\7example\3com";

/* One record: owner, type, and either a name or raw RDATA. */
struct rec {
	const char *owner;
	uint16_t type;
	const char *target; /* NS */
	const uint8_t *raw; /* A, AAAA */
	size_t raw_len;
};

#define NSREC(o, t)                                                                                \
	{                                                                                          \
		(o), DNS_T_NS, (t), NULL, 0                                                        \
	}
#define AREC(o, a, b, c, d)                                                                        \
	{                                                                                          \
		(o), DNS_T_A, NULL, (const uint8_t[]){a, b, c, d}, 4                               \
	}

/* Builds and parses a response with these sections and header flags. */
static void build(struct mb *m, struct dns_msg *msg, struct dns_rr *rr, unsigned flags,
		  const struct rec *an, size_t nan, const struct rec *ns, size_t nns,
		  const struct rec *ar, size_t nar)
{
	m->n = 0;
	mb_header(m, 0x1234, flags, 1, (unsigned)nan, (unsigned)nns, (unsigned)nar);
	mb_name(m, "www.sub.example.com");
	mb_u16(m, DNS_T_SOA);
	mb_u16(m, DNS_C_IN);
	const struct rec *sec[3] = {an, ns, ar};
	size_t count[3] = {nan, nns, nar};
	for (int s = 0; s < 3; s++)
		for (size_t i = 0; i < count[s]; i++) {
			const struct rec *r = &sec[s][i];
			mb_name(m, r->owner);
			size_t rd = mb_rr_begin(m, r->type, DNS_C_IN, 300);
			if (r->target)
				mb_name(m, r->target);
			else
				mb_raw(m, r->raw, r->raw_len);
			mb_rdata_end(m, rd);
		}
	cr_assert_eq(mb_parse(m, msg, rr, 32), DNS_OK);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

Test(check_referral, glue_only_inside_the_zone_asked)
{
	MB(m);
	struct dns_msg msg;
	struct dns_rr rr[32];
	static struct referral ref;
	const struct rec ns[] = {
	    NSREC("sub.example.com", "ns1.sub.example.com"),
	    NSREC("sub.example.com", "ns.example.net"),
	    NSREC("sub.example.com", "ns1.sub.example.com"), /* a repeat */
	};
	const struct rec ar[] = {
	    AREC("ns.example.net", 127, 0, 0, 9), /* outside example.com */
	    AREC("ns1.sub.example.com", 127, 0, 0, 4),
	    AREC("other.example.com", 127, 0, 0, 8), /* not an NS of the cut */
	};
	build(&m, &msg, rr, 0x8000, NULL, 0, ns, N(ns), ar, N(ar));
	cr_assert(referral_read(&msg, WWW, EXAMPLE, &ref));
	cr_assert(dns_name_equal(ref.zone, SUB));
	cr_assert_eq(ref.ns_count, 2, "the repeated NS counts once");
	cr_assert(dns_name_equal(ref.ns[1], (const uint8_t *)"\2ns\7example\3net"));
	cr_assert_eq(ref.glue_count, 1);
	cr_assert_eq(ref.glue[0].ns, 0);
	cr_assert_eq(ref.glue[0].family, AF_INET);
	cr_assert_arr_eq(ref.glue[0].raw, ((uint8_t[]){127, 0, 0, 4}), 4);
	/* from a server of the root, example.net's address may be glue */
	cr_assert(referral_read(&msg, WWW, (const uint8_t *)"", &ref));
	cr_assert_eq(ref.glue_count, 2);
	cr_assert_eq(ref.glue[0].ns, 1);
}

Test(check_referral, the_cut_is_the_ns_owner_between_the_zone_and_the_name)
{
	MB(m);
	struct dns_msg msg;
	struct dns_rr rr[32];
	static struct referral ref;
	/* the server's own apex NS first (some add it to every answer), then
	 * the cut */
	const struct rec ns[] = {
	    NSREC("example.com", "ns.example.com"),
	    NSREC("sub.example.com", "ns1.sub.example.com"),
	};
	build(&m, &msg, rr, 0x8000, NULL, 0, ns, N(ns), NULL, 0);
	cr_assert(referral_read(&msg, WWW, EXAMPLE, &ref));
	cr_assert(dns_name_equal(ref.zone, SUB));
	cr_assert_eq(ref.ns_count, 1);
	cr_assert_eq(ref.glue_count, 0);
	/* a cut at the name itself is a cut */
	const struct rec at_name[] = {NSREC("www.sub.example.com", "ns.example.net")};
	build(&m, &msg, rr, 0x8000, NULL, 0, at_name, 1, NULL, 0);
	cr_assert(referral_read(&msg, WWW, EXAMPLE, &ref));
	cr_assert(dns_name_equal(ref.zone, WWW));
}

Test(check_referral, not_a_referral)
{
	MB(m);
	struct dns_msg msg;
	struct dns_rr rr[32];
	static struct referral ref;
	const struct rec cut[] = {NSREC("sub.example.com", "ns1.sub.example.com")};
	/* AA: the server answers for the name itself (an authoritative NODATA) */
	build(&m, &msg, rr, 0x8400, NULL, 0, cut, 1, NULL, 0);
	cr_assert_not(referral_read(&msg, WWW, EXAMPLE, &ref));
	/* REFUSED, SERVFAIL: an error, whatever the sections say */
	build(&m, &msg, rr, 0x8005, NULL, 0, cut, 1, NULL, 0);
	cr_assert_not(referral_read(&msg, WWW, EXAMPLE, &ref));
	build(&m, &msg, rr, 0x8002, NULL, 0, cut, 1, NULL, 0);
	cr_assert_not(referral_read(&msg, WWW, EXAMPLE, &ref));
	/* an answer record: not a referral (a CNAME the parent holds) */
	const struct rec cname[] = {{"www.sub.example.com", DNS_T_CNAME, "x.example.com", NULL, 0}};
	build(&m, &msg, rr, 0x8000, cname, 1, cut, 1, NULL, 0);
	cr_assert_not(referral_read(&msg, WWW, EXAMPLE, &ref));
	/* the cut must lie strictly below the zone asked ... */
	build(&m, &msg, rr, 0x8000, NULL, 0, cut, 1, NULL, 0);
	cr_assert_not(referral_read(&msg, WWW, SUB, &ref));
	/* ... and at or above the name */
	const struct rec elsewhere[] = {
	    NSREC("other.example.com", "ns.example.net"),
	    NSREC("deeper.www.sub.example.com", "ns.example.net"),
	};
	build(&m, &msg, rr, 0x8000, NULL, 0, elsewhere, N(elsewhere), NULL, 0);
	cr_assert_not(referral_read(&msg, WWW, EXAMPLE, &ref));
	/* nothing in authority: a non-authoritative NODATA (a lame server) */
	build(&m, &msg, rr, 0x8000, NULL, 0, NULL, 0, NULL, 0);
	cr_assert_not(referral_read(&msg, WWW, EXAMPLE, &ref));
}
