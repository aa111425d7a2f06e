/* The timing loop of the two parser benches (bench/parse, bench/http):
 * each parses a set of corpus entries round-robin in blocks of whole
 * passes and prints, per block, the parsing thread's CPU ns and the wall
 * ns per parse: "ns SET BLOCK CPU WALL", which run.sh reads.
 *
 * The harness gives its own pass function, kept out of line under the
 * name run_passes (callgrind --toggle-collect=run_passes counts it and
 * its callees only), and its adapter's name for messages. */
#ifndef ACMEPROBE_BENCH_BLOCKS_H
#define ACMEPROBE_BENCH_BLOCKS_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

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
