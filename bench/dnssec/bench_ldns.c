/* The DNSSEC bench, ldns's side: ldns_verify_rrsig_keylist_time on each
 * RRset of items.h, its RRSIGs and the DNSKEY RRset, the messages read
 * into ldns structures once (ldns_wire2pkt) before the timed passes, as
 * acmeprobe's are parsed once. Usage: bench-ldns DIR PASSES [-t]. */
#include "bench/dnssec/items.h"

#include <ldns/ldns.h>

struct loaded {
	ldns_pkt *pkt, *kpkt;
	ldns_rr_list *rrset, *sigs, *keys, *good;
};

static struct loaded L[NITEMS];
static time_t now;

static void load(const char *dir, size_t i)
{
	size_t len, klen;
	unsigned char *b = read_file(dir, items[i].file, &len);
	unsigned char *k = read_file(dir, items[i].keys, &klen);
	if (ldns_wire2pkt(&L[i].pkt, b, len) != LDNS_STATUS_OK ||
	    ldns_wire2pkt(&L[i].kpkt, k, klen) != LDNS_STATUS_OK)
		exit(2);
	free(b);
	free(k);
	ldns_rdf *owner = ldns_dname_new_frm_str(items[i].owner);
	ldns_rdf *zone = ldns_dname_new_frm_str(items[i].zone);
	ldns_rr_type type = ldns_get_rr_type_by_name(items[i].type);
	ldns_pkt_section sec = type == LDNS_RR_TYPE_NSEC ? LDNS_SECTION_AUTHORITY : LDNS_SECTION_ANSWER;
	L[i].rrset = ldns_pkt_rr_list_by_name_and_type(L[i].pkt, owner, type, sec);
	ldns_rr_list *all = ldns_pkt_rr_list_by_name_and_type(L[i].pkt, owner, LDNS_RR_TYPE_RRSIG, sec);
	L[i].sigs = ldns_rr_list_new();
	for (size_t s = 0; all && s < ldns_rr_list_rr_count(all); s++) {
		ldns_rr *sig = ldns_rr_list_rr(all, s);
		if (ldns_rdf2rr_type(ldns_rr_rrsig_typecovered(sig)) == type)
			ldns_rr_list_push_rr(L[i].sigs, sig);
	}
	L[i].keys = ldns_pkt_rr_list_by_name_and_type(L[i].kpkt, zone, LDNS_RR_TYPE_DNSKEY,
						      LDNS_SECTION_ANSWER);
	L[i].good = ldns_rr_list_new();
	if (!L[i].rrset || !L[i].keys || ldns_rr_list_rr_count(L[i].sigs) == 0) {
		fprintf(stderr, "%s: no %s %s\n", items[i].file, items[i].owner, items[i].type);
		exit(2);
	}
	ldns_rdf_deep_free(owner);
	ldns_rdf_deep_free(zone);
}

/* one valid RRSIG suffices, as for acmeprobe */
static int verify(size_t i)
{
	for (size_t s = 0; s < ldns_rr_list_rr_count(L[i].sigs); s++) {
		ldns_rr_list_set_rr_count(L[i].good, 0);
		if (ldns_verify_rrsig_keylist_time(L[i].rrset, ldns_rr_list_rr(L[i].sigs, s),
						   L[i].keys, now, L[i].good) == LDNS_STATUS_OK)
			return 1;
	}
	return 0;
}

__attribute__((noinline)) static unsigned long run_passes(unsigned long passes)
{
	unsigned long ok = 0;
	for (unsigned long p = 0; p < passes; p++)
		for (size_t i = 0; i < NITEMS; i++)
			ok += (unsigned long)verify(i);
	return ok;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return 64;
	now = (time_t)read_now(argv[1]);
	unsigned long passes = strtoul(argv[2], NULL, 10);
	for (size_t i = 0; i < NITEMS; i++) {
		load(argv[1], i);
		if (!verify(i)) {
			fprintf(stderr, "ldns: %s %s %s does not verify\n", items[i].file,
				items[i].owner, items[i].type);
			return 2;
		}
	}
	double t0 = now_ns();
	unsigned long ok = run_passes(passes);
	double t1 = now_ns();
	if (ok != passes * NITEMS)
		return 2;
	if (argc > 3 && !strcmp(argv[3], "-t"))
		printf("ldns %.0f ns/RRset %.0f validations/s\n", (t1 - t0) / (double)ok,
		       (double)ok * 1e9 / (t1 - t0));
	return 0;
}
