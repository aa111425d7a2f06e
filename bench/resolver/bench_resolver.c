/* The resolver bench's harness: every name of a file through resolver_run
 * (src/dns/resolver.h) with a bounded window in flight, every result
 * checked, then queries per second and peak RSS. bench/resolver/run.sh
 * runs it; bench/resolver/README.md says what the figures mean.
 *
 * Usage: bench-resolver [-s ADDR[:PORT]] [-w WINDOW] [-t CAA|A]
 *                       [-T TIMEOUT_MS] [-a ATTEMPTS] [-n MAX] [-q] NAMES
 *
 *   -s  the server (127.0.0.1:53)        -w  questions in flight (100)
 *   -t  CAA or A (CAA)                   -T  per-try timeout, ms (2000)
 *   -a  rounds over the server (2)       -n  stop after MAX names (all)
 *   -q  quiet: print only the key-value lines
 *
 * NAMES has one name a line, optionally followed by the number of CAA and
 * of A records the zone holds for it ("n12.bench.test. 2 1", as
 * gen-zone.sh writes it). With the counts, each answer must be NOERROR
 * with exactly that many records of the type (0: NODATA), and for
 * bench.test. names their content is checked too (the CAA issue value and
 * the A addresses encode the name's number). Without them, any answer
 * that is not an error passes. The file is read line by line as the
 * resolver asks for questions: the harness holds one line at a time, plus
 * one bit per name to prove that each got exactly one result.
 *
 * Output: key-value lines ("qps 123456") for run.sh, then a sentence.
 * Exit status: 0 if every name got exactly one result and every result
 * was the expected answer; 1 otherwise; 2 on usage or setup errors. */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "dns/msg.h"
#include "dns/query.h"
#include "dns/resolver.h"
#include "dns/response.h"
#include "dns/types.h"
#include "dns/wire.h"
#include "net/addr.h"

#define EXPECT_UNKNOWN 7u /* no count in the names file */
#define USER_SHIFT 3      /* user = index << 3 | expected count (0..6) */

struct bench {
	FILE *in;
	const char *path;
	uint16_t type;
	unsigned long max_names;
	unsigned long line_no;
	unsigned long given; /* questions handed to the resolver */
	bool bad_input;

	/* one bit per name: has it had its result? */
	uint8_t *seen;
	size_t seen_bytes;

	unsigned long results, duplicates, unknown_user;
	unsigned long answered, with_records, nodata, nxdomain;
	unsigned long errors[DNS_EC_NETWORK + 1];
	unsigned long wrong_count, wrong_content, wrong_rcode;
	unsigned long records;
	unsigned long tcp_answers, retried, spoofed, malformed;
	unsigned long shown; /* problems printed, at most a few */
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void problem(struct bench *b, unsigned long idx, const char *what)
{
	if (b->shown++ < 10)
		fprintf(stderr, "bench-resolver: name #%lu: %s\n", idx + 1, what);
}

/* Makes room for bit idx; false when out of memory. */
static bool seen_room(struct bench *b, unsigned long idx)
{
	size_t need = idx / 8 + 1;
	if (need <= b->seen_bytes)
		return true;
	size_t n = b->seen_bytes ? b->seen_bytes : 4096;
	while (n < need)
		n *= 2;
	uint8_t *p = realloc(b->seen, n);
	if (!p)
		return false;
	memset(p + b->seen_bytes, 0, n - b->seen_bytes);
	b->seen = p;
	b->seen_bytes = n;
	return true;
}

static enum resolver_next next_question(void *ctx, struct dns_question *q)
{
	struct bench *b = ctx;
	char line[1024];
	while (b->given < b->max_names && fgets(line, sizeof line, b->in)) {
		b->line_no++;
		char *name = strtok(line, " \t\r\n");
		if (!name || name[0] == '#')
			continue;
		char *caa = strtok(NULL, " \t\r\n");
		char *a = strtok(NULL, " \t\r\n");
		unsigned expect = EXPECT_UNKNOWN;
		const char *col = b->type == DNS_T_CAA ? caa : a;
		if (col) {
			char *end;
			unsigned long v = strtoul(col, &end, 10);
			if (*end || v >= EXPECT_UNKNOWN) {
				fprintf(stderr, "bench-resolver: %s:%lu: bad count '%s'\n", b->path,
					b->line_no, col);
				b->bad_input = true;
				continue;
			}
			expect = (unsigned)v;
		}
		memset(q, 0, sizeof *q);
		size_t len;
		if (dns_name_from_text(name, strlen(name), q->name, &len) != DNS_OK) {
			fprintf(stderr, "bench-resolver: %s:%lu: bad name '%s'\n", b->path, b->line_no,
				name);
			b->bad_input = true;
			continue;
		}
		if (!seen_room(b, b->given)) {
			fprintf(stderr, "bench-resolver: out of memory\n");
			b->bad_input = true;
			return RES_NEXT_END;
		}
		q->type = b->type;
		q->flags = DNS_Q_RD; /* as dnsperf sends them; Knot ignores RD */
		q->user = (void *)(uintptr_t)((uintptr_t)b->given << USER_SHIFT | expect);
		b->given++;
		return RES_NEXT_QUESTION;
	}
	return RES_NEXT_END;
}

/* The number in "n123.bench.test.", or -1 for any other name. */
static long bench_index(const uint8_t *name)
{
	static const uint8_t suffix[] = "\5bench\4test";
	size_t l = name[0];
	if (l < 2 || l > 7 || name[1] != 'n')
		return -1;
	long v = 0;
	for (size_t i = 2; i <= l; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + (name[i] - '0');
	}
	if (memcmp(name + 1 + l, suffix, sizeof suffix) != 0) /* with the root octet */
		return -1;
	return v;
}

/* The records of the final RRset must be those gen-zone.sh wrote for
 * name number i: the A addresses 10.(i>>16).(i>>8).(i) [and 10.(128+...)],
 * a CAA set holding `0 issue "ca.example; name=nI"`. */
static bool content_ok(const struct dns_result *r, long i, uint16_t type)
{
	const struct dns_msg *m = r->msg;
	bool found_issue = false;
	char want[64];
	int want_len = snprintf(want, sizeof want, "ca.example; name=n%ld", i);
	size_t first;
	size_t an = dns_msg_section(m, DNS_SEC_ANSWER, &first);
	for (size_t k = first; k < first + an; k++) {
		const struct dns_rr *rr = &m->rr[k];
		if (!dns_chain_is_final(r->chain, m, rr, type))
			continue;
		const uint8_t *d = m->pkt + rr->rdata;
		if (type == DNS_T_A) {
			if (rr->rdlen != 4 || d[0] != 10 || (d[1] & 0x7f) != ((i >> 16) & 0x7f) ||
			    d[2] != ((i >> 8) & 0xff) || d[3] != (i & 0xff))
				return false;
		} else if (type == DNS_T_CAA) {
			if (rr->rdlen < 2 || rr->rdlen < 2 + d[1])
				return false;
			size_t tag_len = d[1];
			const uint8_t *val = d + 2 + tag_len;
			size_t val_len = rr->rdlen - 2 - tag_len;
			if (d[0] == 0 && tag_len == 5 && memcmp(d + 2, "issue", 5) == 0 &&
			    val_len == (size_t)want_len && memcmp(val, want, val_len) == 0)
				found_issue = true;
		}
	}
	return type != DNS_T_CAA || found_issue;
}

static void on_result(void *ctx, const struct dns_result *r)
{
	struct bench *b = ctx;
	uintptr_t user = (uintptr_t)r->question->user;
	unsigned long idx = (unsigned long)(user >> USER_SHIFT);
	unsigned expect = (unsigned)(user & ((1u << USER_SHIFT) - 1));
	b->results++;
	if (idx >= b->given) {
		b->unknown_user++;
		problem(b, idx, "a result for a question never asked");
		return;
	}
	if (b->seen[idx / 8] & (1u << (idx % 8))) {
		b->duplicates++;
		problem(b, idx, "a second result");
		return;
	}
	b->seen[idx / 8] |= (uint8_t)(1u << (idx % 8));
	b->spoofed += r->spoofed;
	b->malformed += r->malformed;
	if (r->try_count > 1)
		b->retried++;

	if (r->error == DNS_EC_NXDOMAIN) {
		b->nxdomain++;
		if (expect != EXPECT_UNKNOWN) {
			b->wrong_rcode++;
			problem(b, idx, "NXDOMAIN for a name of the zone");
		}
		return;
	}
	if (r->error != DNS_EC_NONE || !r->answered || !r->msg) {
		b->errors[r->error <= DNS_EC_NETWORK ? r->error : DNS_EC_NETWORK]++;
		char msg[256];
		snprintf(msg, sizeof msg, "error %s: %s",
			 dns_errclass_name(r->error) ? dns_errclass_name(r->error) : "none",
			 r->detail ? r->detail : "no answer");
		problem(b, idx, msg);
		return;
	}
	b->answered++;
	if (r->transport == DNS_TCP)
		b->tcp_answers++;
	b->records += r->final_count;
	if (r->nodata)
		b->nodata++;
	else
		b->with_records++;
	if (r->rcode != DNS_RCODE_NOERROR) {
		b->wrong_rcode++;
		problem(b, idx, "an RCODE other than NOERROR");
		return;
	}
	if (expect == EXPECT_UNKNOWN)
		return;
	if (r->final_count != expect || r->nodata != (expect == 0)) {
		b->wrong_count++;
		char msg[128];
		snprintf(msg, sizeof msg, "%zu records in the answer, the zone has %u",
			 r->final_count, expect);
		problem(b, idx, msg);
		return;
	}
	long i = bench_index(r->question->name);
	if (i >= 0 && expect > 0 && !content_ok(r, i, r->question->type)) {
		b->wrong_content++;
		problem(b, idx, "the records are not those of this name");
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: bench-resolver [-s ADDR[:PORT]] [-w WINDOW] [-t CAA|A] "
			"[-T TIMEOUT_MS] [-a ATTEMPTS] [-n MAX] [-q] NAMES\n");
	exit(2);
}

static unsigned long number(const char *s, unsigned long min, unsigned long max)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || end == s || v < min || v > max)
		usage();
	return v;
}

int main(int argc, char **argv)
{
	const char *server = "127.0.0.1:53";
	unsigned long window = 100, timeout_ms = 2000, attempts = 2;
	bool quiet = false;
	struct bench b = {.type = DNS_T_CAA, .max_names = ULONG_MAX};
	int opt;
	while ((opt = getopt(argc, argv, "s:w:t:T:a:n:q")) != -1) {
		switch (opt) {
		case 's': server = optarg; break;
		case 'w': window = number(optarg, 1, 65536); break;
		case 't':
			if (strcasecmp(optarg, "CAA") == 0)
				b.type = DNS_T_CAA;
			else if (strcasecmp(optarg, "A") == 0)
				b.type = DNS_T_A;
			else
				usage();
			break;
		case 'T': timeout_ms = number(optarg, 1, 600000); break;
		case 'a': attempts = number(optarg, 1, 10); break;
		case 'n': b.max_names = number(optarg, 1, ULONG_MAX); break;
		case 'q': quiet = true; break;
		default: usage();
		}
	}
	if (optind != argc - 1)
		usage();
	b.path = argv[optind];

	struct resolver_config cfg = {
		.server_count = 1,
		.timeout_ms = (unsigned)timeout_ms,
		.attempts = (unsigned)attempts,
		.rotate = false,
		.max_inflight = (unsigned)window,
	};
	if (!net_addr_parse(server, 53, &cfg.servers[0])) {
		fprintf(stderr, "bench-resolver: bad server address '%s'\n", server);
		return 2;
	}
	b.in = fopen(b.path, "r");
	if (!b.in) {
		fprintf(stderr, "bench-resolver: %s: %s\n", b.path, strerror(errno));
		return 2;
	}

	struct resolver_stats stats = {0};
	double t0 = now_s();
	int rc = resolver_run(&cfg, next_question, on_result, &b, &stats);
	double wall = now_s() - t0;
	int run_errno = errno;
	fclose(b.in);

	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	unsigned long missing = 0;
	for (unsigned long i = 0; i < b.given; i++)
		if (!(b.seen[i / 8] & (1u << (i % 8))))
			missing++;
	unsigned long errors = 0;
	for (size_t k = 0; k <= DNS_EC_NETWORK; k++)
		errors += b.errors[k];

	printf("names %lu\n", b.given);
	printf("results %lu\n", b.results);
	printf("answered %lu\n", b.answered);
	printf("with_records %lu\n", b.with_records);
	printf("records %lu\n", b.records);
	printf("nodata %lu\n", b.nodata);
	printf("nxdomain %lu\n", b.nxdomain);
	printf("errors %lu\n", errors);
	for (size_t k = DNS_EC_SERVFAIL; k <= DNS_EC_NETWORK; k++)
		printf("error_%s %lu\n", dns_errclass_name((enum dns_errclass)k), b.errors[k]);
	printf("missing %lu\n", missing);
	printf("duplicates %lu\n", b.duplicates + b.unknown_user);
	printf("wrong %lu\n", b.wrong_count + b.wrong_content + b.wrong_rcode);
	printf("retried %lu\n", b.retried);
	printf("udp_sent %lu\n", stats.udp_sent);
	printf("tcp_sent %lu\n", stats.tcp_sent);
	printf("tcp_answers %lu\n", b.tcp_answers);
	printf("spoofed %lu\n", stats.spoofed);
	printf("malformed %lu\n", stats.malformed);
	printf("wall_s %.6f\n", wall);
	printf("qps %.0f\n", wall > 0 ? (double)b.given / wall : 0.0);
	printf("user_s %.3f\n", (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6);
	printf("sys_s %.3f\n", (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6);
	printf("maxrss_kib %ld\n", ru.ru_maxrss);

	bool ok = rc == 0 && !b.bad_input && missing == 0 && b.duplicates == 0 &&
		  b.unknown_user == 0 && errors == 0 && b.wrong_count == 0 &&
		  b.wrong_content == 0 && b.wrong_rcode == 0 && b.results == b.given;
	if (rc != 0)
		fprintf(stderr, "bench-resolver: resolver_run failed: %s\n", strerror(run_errno));
	if (!quiet)
		fprintf(stderr,
			"bench-resolver: %lu names in %.3f s (%.0f q/s), window %lu: %lu answered "
			"(%lu with records, %lu NODATA), %lu NXDOMAIN, %lu errors, %lu missing, "
			"%lu duplicate, %lu wrong; %lu retried; peak RSS %ld KiB: %s\n",
			b.given, wall, wall > 0 ? (double)b.given / wall : 0.0, window, b.answered,
			b.with_records, b.nodata, b.nxdomain, errors, missing,
			b.duplicates + b.unknown_user, b.wrong_count + b.wrong_content + b.wrong_rcode,
			b.retried, ru.ru_maxrss, ok ? "ok" : "FAILED");
	free(b.seen);
	return ok ? 0 : 1;
}
