/* acmeprobe: the subcommand dispatcher. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "dnssec/crypto.h"
#include "http/tls.h"

/* make tiny leaves out `dns01` (ACMEPROBE_DNS01=0): its 22 KiB do not fit
 * the 150 KiB budget, and without libcrypto it could not hash a key
 * authorization anyway. The command is still listed, and says so. */
#ifndef ACMEPROBE_DNS01
#define ACMEPROBE_DNS01 1
#endif
#if !ACMEPROBE_DNS01
static int cmd_dns01_left_out(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("acmeprobe dns01: not in make tiny (make, make static have it)\n", stderr);
	return EXIT_USAGE;
}
#define cmd_dns01 cmd_dns01_left_out
#endif

/* make static and make tiny leave out `explain` (ACMEPROBE_EXPLAIN=0):
 * its table of Let's Encrypt's texts (about 30 KiB) does not fit their size
 * budgets, and an error text is read where it was met, on the machine that
 * ran the ACME client, where a full build can be. Listed still, and says so. */
#ifndef ACMEPROBE_EXPLAIN
#define ACMEPROBE_EXPLAIN 1
#endif
#if !ACMEPROBE_EXPLAIN
static int cmd_explain_left_out(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("acmeprobe explain: not in make static or make tiny (make has it)\n", stderr);
	return EXIT_USAGE;
}
#define cmd_explain cmd_explain_left_out
#endif

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{"check", cmd_check, "the doctor: every check, each finding with its cause and fix"},
	{"caa", cmd_caa, "will the CAA records let the CA issue? (RFC 8659, as Let's Encrypt decides)"},
	{"query", cmd_query, "ask one DNS question through acmeprobe's own resolver"},
	{"decode", cmd_decode, "parse a DNS message from a file and print it"},
	{"http01", cmd_http01, "make the HTTP-01 validation request as Let's Encrypt does"},
	{"dns01", cmd_dns01, "check the DNS-01 TXT record as Let's Encrypt does, on every nameserver"},
	{"tlsalpn01", cmd_tlsalpn01, "make the TLS-ALPN-01 validation as Let's Encrypt does"},
	{"rules", cmd_rules, "the validation rules (R-...): list them, or print one in full"},
	{"explain", cmd_explain, "an error text of Let's Encrypt: its rule, cause and command"},
};

#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static void print_usage(FILE *out)
{
	fputs("usage: acmeprobe COMMAND [OPTIONS] [ARGS]\n"
	      "\n"
	      "Tells a domain owner, before they ask for a certificate, whether an\n"
	      "ACME CA such as Let's Encrypt will be able to validate their domain.\n"
	      "\n"
	      "Commands:\n",
	      out);
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\n"
	      "Global options: --resolver ADDR[:PORT] (repeatable), --timeout MS,\n"
	      "--json, --trace. 'acmeprobe COMMAND --help' describes a command.\n"
	      "\n"
	      "Exit status: 0 yes, 1 no, 2 cannot tell, 64 usage error.\n",
	      out);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 ||
	    strcmp(name, "help") == 0) {
		print_usage(stdout);
		return EXIT_YES;
	}
	if (strcmp(name, "--version") == 0) {
		/* and whether an https hop can be made (make TLS=0, make tiny) */
		const char *tls = tls_library();
		printf("acmeprobe %s\n", ACMEPROBE_VERSION);
		if (tls)
			printf("TLS: yes (%s)\n", tls);
		else
			printf("TLS: no (built with TLS=0: an https redirect fails as tls_error, "
			       "tlsalpn01 exits 2)\n");
		if (dnssec_crypto_built())
			printf("DNSSEC: yes (%s)\n", dnssec_crypto_library());
		else
			/* (the sentence every other place says, one string in the binary) */
			printf("DNSSEC: no (%s)\n", "DNSSEC validation not built in (no libcrypto)");
		return EXIT_YES;
	}
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		if (strcmp(name, commands[i].name) == 0)
			return commands[i].run(argc, argv);
	fprintf(stderr, "acmeprobe: unknown command '%s'\n\n", name);
	print_usage(stderr);
	return EXIT_USAGE;
}
