/* The DNSSEC bench, acmeprobe's side: dnssec_verify_rrset (src/dnssec/)
 * on each RRset of items.h. Usage: bench-acmeprobe DIR PASSES [-t]
 * (-t: print ns per RRset and validations per second). Exit 2 if an
 * RRset does not verify. */
#include "bench/dnssec/items.h"

#include "dns/msg.h"
#include "dns/types.h"
#include "dnssec/canon.h"
#include "dnssec/rrsig.h"

struct loaded {
	unsigned char *pkt, *kpkt;
	struct dns_rr rr[256], krr[64];
	struct dns_msg m, km;
	struct dnssec_rrset set, keys;
	unsigned char zone[DNS_MAX_NAME];
};

static struct loaded L[NITEMS];
static unsigned long now;

static void load(const char *dir, size_t i)
{
	size_t len, klen, n;
	unsigned char owner[DNS_MAX_NAME];
	uint16_t type;
	L[i].pkt = read_file(dir, items[i].file, &len);
	L[i].kpkt = read_file(dir, items[i].keys, &klen);
	if (dns_msg_parse(&L[i].m, L[i].pkt, len, L[i].rr, 256) != DNS_OK ||
	    dns_msg_parse(&L[i].km, L[i].kpkt, klen, L[i].krr, 64) != DNS_OK ||
	    dns_name_from_text(items[i].owner, strlen(items[i].owner), owner, &n) != DNS_OK ||
	    dns_name_from_text(items[i].zone, strlen(items[i].zone), L[i].zone, &n) != DNS_OK ||
	    dns_type_from_text(items[i].type, &type) != DNS_OK)
		exit(2);
	/* NSEC records sit in the authority section of a NODATA */
	enum dns_section sec = type == DNS_T_NSEC ? DNS_SEC_AUTHORITY : DNS_SEC_ANSWER;
	if (dnssec_rrset_init(&L[i].set, &L[i].m, sec, owner, type, 0) == 0 ||
	    dnssec_rrset_init(&L[i].keys, &L[i].km, DNS_SEC_ANSWER, L[i].zone, DNS_T_DNSKEY, 1) ==
		    0) {
		fprintf(stderr, "%s: no %s %s\n", items[i].file, items[i].owner, items[i].type);
		exit(2);
	}
}

static int verify(size_t i)
{
	struct dnssec_budget b = {0};
	struct dnssec_why why;
	return dnssec_verify_rrset(&L[i].set, &L[i].keys, L[i].zone, (uint32_t)now, NULL, NULL, &b,
				   NULL, &why) == DNSSEC_SECURE;
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
	now = read_now(argv[1]);
	unsigned long passes = strtoul(argv[2], NULL, 10);
	for (size_t i = 0; i < NITEMS; i++) {
		load(argv[1], i);
		if (!verify(i)) {
			fprintf(stderr, "acmeprobe: %s %s %s does not verify\n", items[i].file,
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
		printf("acmeprobe %.0f ns/RRset %.0f validations/s\n", (t1 - t0) / (double)ok,
		       (double)ok * 1e9 / (t1 - t0));
	return 0;
}
