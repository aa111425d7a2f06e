/* The command line and the timing loop of the two parser benches
 * (bench/parse, bench/http). The timing loop:
 * each parses a set of corpus entries round-robin in blocks of whole
 * passes and prints, per block, the parsing thread's CPU ns and the wall
 * ns per parse: "ns SET BLOCK CPU WALL", which run.sh reads.
 *
 * The harness gives its own pass function, kept out of line under the
 * name run_passes (callgrind --toggle-collect=run_passes counts it and
 * its callees only), and its adapter's name for messages. */
#ifndef ACMEPROBE_BENCH_BLOCKS_H
#define ACMEPROBE_BENCH_BLOCKS_H

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the command line -------------------------------------------------- */

struct bench_options {
	unsigned long n; /* -n N, when have_n */
	bool have_n;
	unsigned blocks, warmup; /* -b B (5), -w W (1) */
	int mode;		 /* 't' (timing), or the letter of -c, -s...  */
	int set;		 /* -k SET: an index into the set names; -1: all */
	int first_file;		 /* the index in argv of the first corpus file */
};

static unsigned long bench_number(const char *s, void (*usage)(void))
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *s == '\0' || *end != '\0')
		usage();
	return v;
}

/* Reads [-n N] [-b B] [-w W] [-k SET|all] [-X] [--], where X is one of the
 * letters of `modes`; anything else calls usage(), which must exit. */
static void bench_options_read(int argc, char **argv, const char *modes,
			       const char *const *set_names, int set_count, void (*usage)(void),
			       struct bench_options *o)
{
	*o = (struct bench_options){.blocks = 5, .warmup = 1, .mode = 't', .set = -1};
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *opt = argv[i];
		if (!strcmp(opt, "--")) {
			i++;
			break;
		}
		if (opt[2] == '\0' && strchr(modes, opt[1])) {
			o->mode = opt[1];
			continue;
		}
		if (i + 1 >= argc)
			usage();
		const char *v = argv[++i];
		if (!strcmp(opt, "-n")) {
			o->n = bench_number(v, usage);
			o->have_n = true;
		} else if (!strcmp(opt, "-b")) {
			o->blocks = (unsigned)bench_number(v, usage);
		} else if (!strcmp(opt, "-w")) {
			o->warmup = (unsigned)bench_number(v, usage);
		} else if (!strcmp(opt, "-k")) {
			o->set = -2;
			for (int s = 0; s < set_count; s++)
				if (!strcmp(v, set_names[s]))
					o->set = s;
			if (!strcmp(v, "all"))
				o->set = -1;
			if (o->set == -2)
				usage();
		} else {
			usage();
		}
	}
	o->first_file = i;
}

/* ---- the timing loop ---------------------------------------------------- */

/* Parses the entries idx[0..n) `passes` times; returns how many parses
 * failed. */
typedef unsigned long (*bench_passes_fn)(const size_t *idx, size_t n, unsigned long passes);

static double now_ns(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* A failed parse after the start-up check is a bench bug: stop (exit 3). */
static void check_failed(const char *adapter, unsigned long failed, const char *set)
{
	if (failed) {
		fprintf(stderr, "%s: %lu parses failed in set %s\n", adapter, failed, set);
		exit(3);
	}
}

/* `warmup` untimed blocks, then `blocks` timed ones, each of at least
 * `parses` parses in whole passes over the set. */
static void time_blocks(bench_passes_fn run, const char *adapter, const char *set,
			const size_t *idx, size_t n, unsigned long parses, unsigned blocks,
			unsigned warmup)
{
	unsigned long passes = (parses + n - 1) / n;
	if (passes == 0)
		passes = 1;
	for (unsigned w = 0; w < warmup; w++)
		check_failed(adapter, run(idx, n, passes), set);
	for (unsigned b = 0; b < blocks; b++) {
		double w0 = now_ns(CLOCK_MONOTONIC);
		double c0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
		unsigned long failed = run(idx, n, passes);
		double c1 = now_ns(CLOCK_THREAD_CPUTIME_ID);
		double w1 = now_ns(CLOCK_MONOTONIC);
		check_failed(adapter, failed, set);
		double per = (double)passes * (double)n;
		printf("ns %s %u %.2f %.2f\n", set, b + 1, (c1 - c0) / per, (w1 - w0) / per);
	}
}

#endif
