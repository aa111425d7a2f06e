/* The HTTP bench's harness: loads the corpus (one whole response per
 * file, as the server sent it before closing), checks that the adapter's
 * parser accepts every response, sorts them into sets by how the body is
 * framed, and then times, counts or summarizes bench_parse() over them.
 * bench/http/run.sh builds it once per parser (adapter_*.c) and reads its
 * output; see bench/http/README.md for the method.
 *
 * usage: http-LIB [-n N] [-b B] [-w W] [-k SET] [-c | -s] FILE...
 *   (default)  timing: for each set, W untimed warm-up blocks, then B
 *              timed blocks of at least N parses each (whole passes over
 *              the set, round-robin); prints "ns SET BLOCK CPU WALL": the
 *              thread's CPU time and the wall-clock time per response, ns.
 *   -c         count mode for callgrind: N passes over the set (110 by
 *              default), no clock; prints nothing.
 *   -s         summary: one line per response with what the parser made
 *              of it (status, header and trailer fields, framing, body
 *              length and hash, octets, Location), for the cross-check.
 *   -k SET     mixed, length, chunked or close (the framing of the body),
 *              or all (the default for timing; -c defaults to mixed).
 * Every mode first parses each response once and exits with status 3,
 * naming each response the parser rejects, if there is any. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../lib/blocks.h"
#include "adapter.h"

#define MAX_RESPONSE (1u << 20)

enum set { SET_MIXED, SET_LENGTH, SET_CHUNKED, SET_CLOSE, SET_N };
static const char *const set_name[SET_N] = {"mixed", "length", "chunked",
					     "close"};
static const char *const body_name[] = {"none", "length", "chunked", "close"};

struct resp {
	const char *path;
	const char *name; /* the file name without its directories */
	uint8_t *buf;
	size_t len;
	enum bench_body body;
};

static struct resp *resps;
static size_t n_resps;

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", bench_adapter_name);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(2);
}

static void load(struct resp *m, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		die("cannot open %s", path);
	uint8_t *buf = malloc(MAX_RESPONSE + 1);
	if (buf == NULL)
		die("out of memory reading %s", path);
	size_t n = fread(buf, 1, MAX_RESPONSE + 1, f);
	if (ferror(f))
		die("cannot read %s", path);
	fclose(f);
	if (n == 0)
		die("%s is empty", path);
	if (n > MAX_RESPONSE)
		die("%s is longer than 1 MiB", path);
	m->path = path;
	const char *slash = strrchr(path, '/');
	m->name = slash ? slash + 1 : path;
	m->buf = buf;
	m->len = n;
}

static size_t select_set(enum set s, size_t *idx)
{
	size_t n = 0;
	for (size_t i = 0; i < n_resps; i++)
		if (s == SET_MIXED ||
		    (s == SET_LENGTH && (resps[i].body == BODY_LENGTH ||
					 resps[i].body == BODY_NONE)) ||
		    (s == SET_CHUNKED && resps[i].body == BODY_CHUNKED) ||
		    (s == SET_CLOSE && resps[i].body == BODY_CLOSE))
			idx[n++] = i;
	return n;
}

/* ---- the loops ----------------------------------------------------- */

/* Parses the set `passes` times, round-robin; returns the number of
 * failed parses (always 0 once the corpus was checked). Never inlined:
 * run.sh profiles with callgrind --toggle-collect=run_passes. */
__attribute__((noinline)) static unsigned long run_passes(const size_t *idx, size_t n,
				unsigned long passes)
{
	unsigned long failed = 0;
	for (unsigned long p = 0; p < passes; p++)
		for (size_t i = 0; i < n; i++) {
			const struct resp *m = &resps[idx[i]];
			failed += bench_parse(m->buf, m->len) != 0;
		}
	return failed;
}

/* ---- main ---------------------------------------------------------- */

static void usage(void)
{
	fprintf(stderr,
		"usage: http-%s [-n N] [-b B] [-w W] [-k SET] [-c|-s] FILE...\n",
		bench_adapter_name);
	exit(64);
}

int main(int argc, char **argv)
{
	struct bench_options opt;
	bench_options_read(argc, argv, "cs", set_name, SET_N, usage, &opt);
	int i = opt.first_file;
	if (i >= argc) {
		fprintf(stderr, "%s: no corpus files given\n", bench_adapter_name);
		return 2;
	}
	n_resps = (size_t)(argc - i);
	resps = calloc(n_resps, sizeof *resps);
	size_t *idx = calloc(n_resps, sizeof *idx);
	if (resps == NULL || idx == NULL)
		die("%s", "out of memory");
	for (size_t k = 0; k < n_resps; k++)
		load(&resps[k], argv[i + (int)k]);

	/* The parser must accept every response; its own reading of the
	 * framing sorts the responses into sets (run.sh checks that both
	 * parsers read every response alike). */
	unsigned rejected = 0;
	for (size_t k = 0; k < n_resps; k++) {
		struct bench_summary s;
		char err[256] = "";
		memset(&s, 0, sizeof s);
		if (bench_parse_summary(resps[k].buf, resps[k].len, &s, err,
					sizeof err) != 0) {
			fprintf(stderr, "%s: REJECTS %s (%zu octets): %s\n",
				bench_adapter_name, resps[k].path, resps[k].len,
				err);
			rejected++;
			continue;
		}
		resps[k].body = s.body;
		if (opt.mode == 's')
			printf("%s %zu status=%d http/1.%d headers=%u trailers=%u "
			       "body=%s body_len=%llu body_fnv=%08x octets=%llu "
			       "location=%s\n",
			       resps[k].name, resps[k].len, s.status,
			       s.minor_version, s.headers, s.trailers,
			       body_name[s.body], (unsigned long long)s.body_len,
			       s.body_hash, (unsigned long long)s.octets,
			       s.location[0] ? s.location : "-");
	}
	if (rejected) {
		fprintf(stderr, "%s: rejected %u of %zu responses\n",
			bench_adapter_name, rejected, n_resps);
		return 3;
	}
	if (opt.mode == 's')
		return 0;

	if (opt.mode == 'c') {
		enum set s = opt.set < 0 ? SET_MIXED : (enum set)opt.set;
		size_t n = select_set(s, idx);
		if (n == 0)
			die("set %s is empty", set_name[s]);
		check_failed(bench_adapter_name, run_passes(idx, n, opt.have_n ? opt.n : 110), set_name[s]);
		return 0;
	}

	for (int s = 0; s < SET_N; s++) {
		if (opt.set >= 0 && s != opt.set)
			continue;
		size_t n = select_set((enum set)s, idx);
		if (n == 0)
			continue; /* an empty set is left out */
		time_blocks(run_passes, bench_adapter_name, set_name[s], idx, n, opt.have_n ? opt.n : 200000, opt.blocks,
			 opt.warmup);
	}
	return 0;
}
