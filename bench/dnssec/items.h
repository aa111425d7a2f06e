/* The RRsets of the DNSSEC bench: captured answers of the lab
 * (tests/fixtures/dnssec/), each with the DNSKEY RRset that verifies it.
 * Both harnesses read the same files, load them once, and then time
 * canonical form + digest + signature verification of each RRset, the
 * same libcrypto underneath. */
#ifndef ACMEPROBE_BENCH_DNSSEC_ITEMS_H
#define ACMEPROBE_BENCH_DNSSEC_ITEMS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct item {
	const char *file, *owner, *type, *keys, *zone;
	int set; /* 0: RSA/SHA-256 2048 (algorithm 8), 1: ECDSA P-256 (13) */
};

static const struct item items[] = {
	{"rsa-caa", "rsa.lab.", "CAA", "rsa-dnskey", "rsa.lab.", 0},
	{"rsa-cname", "alias.rsa.lab.", "CNAME", "rsa-dnskey", "rsa.lab.", 0},
	{"rsa-cname", "www.rsa.lab.", "A", "rsa-dnskey", "rsa.lab.", 0},
	{"rsa-nodata", "www.rsa.lab.", "NSEC", "rsa-dnskey", "rsa.lab.", 0},
	{"rsa-dnskey", "rsa.lab.", "DNSKEY", "rsa-dnskey", "rsa.lab.", 0},
	{"ecdsa-caa", "ecdsa.lab.", "CAA", "ecdsa-dnskey", "ecdsa.lab.", 1},
	{"ecdsa-dnskey", "ecdsa.lab.", "DNSKEY", "ecdsa-dnskey", "ecdsa.lab.", 1},
	{"rsa-ds", "rsa.lab.", "DS", "lab-dnskey", "lab.", 1},
	{"ecdsa-ds", "ecdsa.lab.", "DS", "lab-dnskey", "lab.", 1},
};
#define NITEMS (sizeof items / sizeof items[0])

static unsigned char *read_file(const char *dir, const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s.bin", dir, name);
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	unsigned char *b = malloc(65536);
	*len = fread(b, 1, 65536, f);
	fclose(f);
	return b;
}

static unsigned long read_now(const char *dir)
{
	char path[512];
	snprintf(path, sizeof path, "%s/NOW", dir);
	FILE *f = fopen(path, "r");
	unsigned long now = 0;
	if (!f || fscanf(f, "%lu", &now) != 1) {
		fprintf(stderr, "no %s\n", path);
		exit(2);
	}
	fclose(f);
	return now;
}

static double now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

#endif
