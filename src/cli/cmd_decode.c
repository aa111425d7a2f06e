/* `acmeprobe decode [--hex] [FILE]`: parse one DNS message from a file or
 * stdin and show it. For learners (what is inside an answer?) and for the
 * fuzz corpus (what does this crash input look like?). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/json.h"
#include "cli/report_msg.h"
#include "dns/msg.h"
#include "net/decimal.h"

/* A message is at most 65535 octets (the TCP length prefix): one more is
 * read to notice a larger input. Hex text may be twice that plus spaces. */
#define MAX_MSG ((size_t)65535)
#define MAX_INPUT (4 * MAX_MSG)
/* The most RRs a 65535-octet message can hold (11 octets each at least). */
#define MAX_RRS (MAX_MSG / 11)

static const char help[] = HELP(
	"usage: acmeprobe decode [--hex] [--json] [FILE]\n",
	"\n"
	"Reads one DNS message in wire format from FILE (or standard input, or\n"
	"'-') and prints it dig-like: header, flags, EDNS and extended DNS errors\n"
	"(RFC 8914), then each section in presentation format (RFC 1035 s5.1,\n"
	"unknown types as RFC 3597 '\\# len hex'). The message is checked with the\n"
	"same strict parser every acmeprobe check uses; a malformed message is\n"
	"reported with the exact rule it breaks and the offset where it does.\n"
	"\n"
	"  --hex    the input is hexadecimal text (whitespace ignored)\n"
	"  --json   one JSON object instead of the text report\n"
	"\n"
	"Exit status: 0 the message is well formed, 2 it is not (or the input\n"
	"cannot be read), 64 usage error.\n");

/* Turns hex text into octets in place; returns the count, or -1. */
static long unhex(uint8_t *buf, size_t n)
{
	size_t out = 0;
	int high = -1;
	for (size_t i = 0; i < n; i++) {
		if (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\t' || buf[i] == '\r')
			continue;
		int v = hex_digit_value(buf[i]);
		if (v < 0)
			return -1;
		if (high < 0) {
			high = v;
		} else {
			buf[out++] = (uint8_t)(high << 4 | v);
			high = -1;
		}
	}
	return high < 0 ? (long)out : -1;
}

int cmd_decode(int argc, char **argv)
{
	static uint8_t input[MAX_INPUT + 1];
	static struct dns_rr rrs[MAX_RRS];
	struct globals g = {.timeout_ms = 5000};
	const char *hex = NULL, *want_help = NULL;
	const struct option_spec specs[] = {
		{"hex", false, &hex}, {"help", false, &want_help}, {NULL, false, NULL}};
	const char *pos[1];
	size_t npos;

	if (!parse_args("decode", argc, argv, 2, &g, specs, pos, 1, &npos))
		return EXIT_USAGE;
	if (want_help) {
		return cli_print_help(help, "decode");
	}
	const char *path = npos ? pos[0] : "-";
	FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!in) {
		fprintf(stderr, "acmeprobe decode: cannot read %s: %s\n", path, strerror(errno));
		return EXIT_UNKNOWN;
	}
	size_t n = fread(input, 1, sizeof input, in);
	bool read_error = ferror(in);
	if (in != stdin)
		fclose(in);
	if (read_error) {
		fprintf(stderr, "acmeprobe decode: cannot read %s\n", path);
		return EXIT_UNKNOWN;
	}
	if (hex) {
		if (n > MAX_INPUT) {
			fprintf(stderr, "acmeprobe decode: hex input too long\n");
			return EXIT_UNKNOWN;
		}
		long m = unhex(input, n);
		if (m < 0) {
			fprintf(stderr, "acmeprobe decode: not hexadecimal text (or an odd number of digits)\n");
			return EXIT_UNKNOWN;
		}
		n = (size_t)m;
	}
	if (n > MAX_MSG) {
		fprintf(stderr, "acmeprobe decode: input longer than %zu octets: not one DNS message\n", MAX_MSG);
		return EXIT_UNKNOWN;
	}

	struct dns_msg msg;
	enum dns_err e = dns_msg_parse(&msg, input, n, rrs, MAX_RRS);
	if (e) {
		if (g.json) {
			struct json j;
			json_init(&j, stdout);
			json_object_begin(&j, NULL);
			json_bool(&j, "valid", false);
			json_object_begin(&j, "error");
			json_string(&j, "code", dns_errname(e));
			json_string(&j, "detail", dns_strerror(e));
			json_uint(&j, "offset", msg.err_off);
			json_object_end(&j);
			json_object_end(&j);
			json_finish(&j);
		}
		fprintf(stderr, "acmeprobe decode: malformed message: %s (%s) at offset %zu of %zu\n",
			dns_strerror(e), dns_errname(e), msg.err_off, n);
		return EXIT_UNKNOWN;
	}
	if (g.json) {
		struct json j;
		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_bool(&j, "valid", true);
		report_msg_json(&j, &msg);
		json_uint(&j, "size", n);
		json_object_end(&j);
		json_finish(&j);
	} else {
		report_msg_text(stdout, &msg);
		printf("\n;; MSG SIZE: %zu\n", n);
	}
	return EXIT_YES;
}

