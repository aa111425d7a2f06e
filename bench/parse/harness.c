/* The parse bench's harness: loads the corpus, checks that the adapter's
 * library accepts every message, sorts the messages into classes, and
 * then times, counts or checks bench_parse() over them. bench/run.sh
 * builds it once per library (adapter_*.c) and reads its output; see
 * bench/README.md for the method.
 *
 * usage: parse-LIB [-n N] [-b B] [-w W] [-k SET] [-c | -s | -a] FILE...
 *   (default)  timing: for each set, W untimed warm-up blocks, then B
 *              timed blocks of at least N parses each (whole passes over
 *              the set, round-robin); prints "ns SET BLOCK CPU WALL": the
 *              thread's CPU time and the wall-clock time per message, in ns.
 *   -c         count mode for callgrind: N passes over the set, no clock;
 *              prints nothing (the instruction count is callgrind's).
 *   -s         summary: one line per message with its class and what the
 *              library made of it, for the cross-check between libraries.
 *   -a         allocations: N passes over each set with the allocation
 *              counters of alloccount.so (LD_PRELOAD) read before and
 *              after; prints "allocs SET NEW REALLOC FREE", each per message.
 *   -k SET     mixed, caa, negative, other, simplest or all (the default
 *              for timing and -a; -c defaults to mixed).
 * Every mode first parses each message once and exits with status 3,
 * naming each message the library rejects, if there is any. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../lib/blocks.h"
#include "adapter.h"

enum set { SET_MIXED, SET_CAA, SET_NEG, SET_OTHER, SET_SIMPLEST, SET_N };
static const char *const set_name[SET_N] = {"mixed", "caa", "negative",
					     "other", "simplest"};

struct msg {
	const char *path;
	const char *name; /* the file name without its directories */
	uint8_t *wire;
	size_t len;
	enum set cls;     /* SET_CAA, SET_NEG or SET_OTHER */
	bool typical_caa; /* see classify() */
};

static struct msg *msgs;
static size_t n_msgs;

/* ---- corpus -------------------------------------------------------- */

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", bench_adapter_name);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(2);
}

static void load(struct msg *m, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		die("cannot open %s", path);
	uint8_t *buf = malloc(65536 + 1);
	if (buf == NULL)
		die("out of memory reading %s", path);
	size_t n = fread(buf, 1, 65536 + 1, f);
	if (ferror(f))
		die("cannot read %s", path);
	fclose(f);
	if (n == 0)
		die("%s is empty", path);
	if (n > 65535)
		die("%s is longer than a DNS message can be (65535 octets)",
		    path);
	m->path = path;
	const char *slash = strrchr(path, '/');
	m->name = slash ? slash + 1 : path;
	m->wire = buf;
	m->len = n;
}

/* ---- classes ------------------------------------------------------- */

/* Skips a (maybe compressed) name at *pos; false if it runs off the end.
 * Only used to classify messages the library has already accepted. */
static bool skip_name(const uint8_t *p, size_t len, size_t *pos)
{
	size_t i = *pos;
	for (;;) {
		if (i >= len)
			return false;
		uint8_t c = p[i];
		if (c >= 0xC0) {
			*pos = i + 2;
			return i + 2 <= len;
		}
		if (c > 63)
			return false;
		i += (size_t)c + 1;
		if (c == 0) {
			*pos = i;
			return true;
		}
	}
}

#define T_NS 2
#define T_SOA 6
#define T_OPT 41
#define T_ANY 255
#define T_CAA 257
#define FLAG_TC 0x0200u

/* CAA answer: the question is CAA and the answer section holds a CAA (at
 * the end of a CNAME chain or not). Negative: an RCODE other than
 * NOERROR, TC=1, or no answer RR of the question's type unless the
 * authority section is a referral (NS and no SOA): NXDOMAIN, NODATA,
 * CNAME to NODATA, REFUSED, SERVFAIL. Other: every other response (A,
 * AAAA, MX, DNSKEY, ANY answers, referrals...).
 * A typical CAA answer is what a CAA lookup of a name with one plain
 * record gets: one answer RR, a CAA with flags 0, the tag "issue" and a
 * value; an empty authority section; only the OPT record in additional. */
static void classify(struct msg *m)
{
	const uint8_t *p = m->wire;
	size_t len = m->len, pos = 12;
	m->cls = SET_OTHER;
	m->typical_caa = false;
	if (len < 12)
		return;
	unsigned flags = (unsigned)(p[2] << 8 | p[3]);
	unsigned qd = (unsigned)(p[4] << 8 | p[5]);
	unsigned count[3] = {(unsigned)(p[6] << 8 | p[7]),
			     (unsigned)(p[8] << 8 | p[9]),
			     (unsigned)(p[10] << 8 | p[11])};
	if (qd != 1 || !skip_name(p, len, &pos) || len - pos < 4)
		return;
	unsigned qtype = (unsigned)(p[pos] << 8 | p[pos + 1]);
	pos += 4;
	unsigned of_qtype = 0, caa = 0, ns = 0, soa = 0, opt = 0;
	bool plain_issue = false;
	for (unsigned sec = 0; sec < 3; sec++)
		for (unsigned i = 0; i < count[sec]; i++) {
			if (!skip_name(p, len, &pos) || len - pos < 10)
				return;
			unsigned type = (unsigned)(p[pos] << 8 | p[pos + 1]);
			size_t rdlen = (size_t)(p[pos + 8] << 8 | p[pos + 9]);
			pos += 10;
			if (rdlen > len - pos)
				return;
			const uint8_t *rd = p + pos;
			pos += rdlen;
			if (sec == 0 && (type == qtype || qtype == T_ANY))
				of_qtype++;
			if (sec == 0 && type == T_CAA) {
				caa++;
				plain_issue = rdlen > 7 && rd[0] == 0 &&
					      rd[1] == 5 &&
					      !memcmp(rd + 2, "issue", 5);
			}
			if (sec == 1 && type == T_NS)
				ns++;
			if (sec == 1 && type == T_SOA)
				soa++;
			if (sec == 2 && type == T_OPT)
				opt++;
		}
	bool referral = ns > 0 && soa == 0;
	if ((flags & 0xFu) != 0 || (flags & FLAG_TC) ||
	    (of_qtype == 0 && !referral))
		m->cls = SET_NEG;
	else if (qtype == T_CAA && caa > 0)
		m->cls = SET_CAA;
	m->typical_caa = m->cls == SET_CAA && count[0] == 1 && caa == 1 &&
			 plain_issue && count[1] == 0 && count[2] == 1 &&
			 opt == 1;
}

/* The messages of a set, as indexes into msgs[]. "simplest" is the
 * shortest typical CAA answer (the first in file order among equals), or
 * the message whose path or file name is $BENCH_CAA_FIXTURE. */
static size_t select_set(enum set s, size_t *idx)
{
	size_t n = 0;
	if (s == SET_SIMPLEST) {
		const char *want = getenv("BENCH_CAA_FIXTURE");
		for (size_t i = 0; i < n_msgs; i++) {
			bool pick;
			if (want && *want)
				pick = n == 0 && (!strcmp(want, msgs[i].path) ||
						  !strcmp(want, msgs[i].name));
			else
				pick = msgs[i].typical_caa &&
				       (n == 0 || msgs[i].len < msgs[idx[0]].len);
			if (pick) {
				idx[0] = i;
				n = 1;
			}
		}
		return n;
	}
	for (size_t i = 0; i < n_msgs; i++)
		if (s == SET_MIXED || msgs[i].cls == s)
			idx[n++] = i;
	return n;
}

/* ---- the loops ----------------------------------------------------- */

/* Parses the set `passes` times, round-robin; returns the number of
 * failed parses (always 0 once the corpus was checked). Never inlined:
 * run.sh profiles with callgrind --toggle-collect=run_passes, which counts
 * what this function and its callees do and nothing else. */
__attribute__((noinline)) static unsigned long run_passes(const size_t *idx, size_t n,
				unsigned long passes)
{
	unsigned long failed = 0;
	for (unsigned long p = 0; p < passes; p++)
		for (size_t i = 0; i < n; i++) {
			const struct msg *m = &msgs[idx[i]];
			failed += bench_parse(m->wire, m->len) != 0;
		}
	return failed;
}

static void count_allocs(enum set s, const size_t *idx, size_t n,
			 unsigned long passes, volatile unsigned long *ctr)
{
	unsigned long a0 = ctr[0], r0 = ctr[1], f0 = ctr[2];
	unsigned long failed = run_passes(idx, n, passes);
	unsigned long a1 = ctr[0], r1 = ctr[1], f1 = ctr[2];
	check_failed(bench_adapter_name, failed, set_name[s]);
	double per = (double)passes * (double)n;
	printf("allocs %s %.3f %.3f %.3f\n", set_name[s],
	       (double)(a1 - a0) / per, (double)(r1 - r0) / per,
	       (double)(f1 - f0) / per);
}

/* The counters of alloccount.so, after checking that they do count: a
 * malloc through a volatile pointer (so the compiler cannot drop it)
 * must move them. */
static volatile unsigned long *alloc_counters(void)
{
	volatile unsigned long *ctr =
		dlsym(RTLD_DEFAULT, "bench_alloc_counters");
	if (ctr == NULL)
		die("-a needs LD_PRELOAD=%s", "build/bench/alloccount.so");
	void *(*volatile alloc)(size_t) = malloc;
	void (*volatile release)(void *) = free;
	unsigned long a0 = ctr[0], f0 = ctr[2];
	void *p = alloc(32);
	release(p);
	if (ctr[0] != a0 + 1 || ctr[2] != f0 + 1)
		die("%s", "alloccount.so is loaded but does not count");
	return ctr;
}

/* ---- main ---------------------------------------------------------- */

static void usage(void)
{
	fprintf(stderr,
		"usage: parse-%s [-n N] [-b B] [-w W] [-k SET] [-c|-s|-a] "
		"FILE...\n",
		bench_adapter_name);
	exit(64);
}

int main(int argc, char **argv)
{
	struct bench_options opt;
	bench_options_read(argc, argv, "csa", set_name, SET_N, usage, &opt);
	int i = opt.first_file;
	if (i >= argc) {
		fprintf(stderr, "%s: no corpus messages given\n",
			bench_adapter_name);
		return 2;
	}
	n_msgs = (size_t)(argc - i);
	msgs = calloc(n_msgs, sizeof *msgs);
	size_t *idx = calloc(n_msgs, sizeof *idx);
	if (msgs == NULL || idx == NULL)
		die("%s", "out of memory");
	for (size_t k = 0; k < n_msgs; k++) {
		load(&msgs[k], argv[i + (int)k]);
		classify(&msgs[k]);
	}

	/* Every library must accept every message. */
	unsigned rejected = 0;
	for (size_t k = 0; k < n_msgs; k++) {
		struct bench_summary s;
		char err[256] = "";
		memset(&s, 0, sizeof s);
		int r = bench_parse_summary(msgs[k].wire, msgs[k].len, &s, err,
					    sizeof err);
		if (r != 0) {
			fprintf(stderr, "%s: REJECTS %s (%zu octets): %s\n",
				bench_adapter_name, msgs[k].path, msgs[k].len,
				err);
			rejected++;
		} else if (opt.mode == 's') {
			printf("%s %zu %s rcode=%u qtype=%u an=%u ns=%u ar=%u "
			       "edns=%d\n",
			       msgs[k].name, msgs[k].len,
			       set_name[msgs[k].cls], s.rcode, s.qtype, s.an,
			       s.ns, s.ar, s.edns);
		}
	}
	if (rejected) {
		fprintf(stderr, "%s: rejected %u of %zu messages\n",
			bench_adapter_name, rejected, n_msgs);
		return 3;
	}
	if (opt.mode == 's') {
		size_t n = select_set(SET_SIMPLEST, idx);
		if (n)
			printf("simplest %s %zu\n", msgs[idx[0]].path,
			       msgs[idx[0]].len);
		return 0;
	}

	if (opt.mode == 'c') {
		enum set s = opt.set < 0 ? SET_MIXED : (enum set)opt.set;
		size_t n = select_set(s, idx);
		if (n == 0)
			die("set %s is empty", set_name[s]);
		check_failed(bench_adapter_name, run_passes(idx, n, opt.have_n ? opt.n : 110), set_name[s]);
		return 0;
	}

	volatile unsigned long *ctr = opt.mode == 'a' ? alloc_counters() : NULL;
	for (int s = 0; s < SET_N; s++) {
		if (opt.set >= 0 && s != opt.set)
			continue;
		size_t n = select_set((enum set)s, idx);
		if (n == 0)
			continue; /* an empty class is left out */
		if (opt.mode == 'a')
			count_allocs((enum set)s, idx, n,
				     opt.have_n ? opt.n : 100, ctr);
		else
			time_blocks(run_passes, bench_adapter_name, set_name[s], idx, n,
				 opt.have_n ? opt.n : 200000, opt.blocks, opt.warmup);
	}
	return 0;
}
