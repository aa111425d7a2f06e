/* A command's --help in the full build: its usage lines, compiled in as
 * a string, then the long description, unpacked from help_text.c (the
 * rest of its HELP(usage, rest): src/cli/cli.h). make tiny has the
 * inline version in cli.h instead and leaves this file out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/help_text.h"
#include "cli/rules_unpack.h"

int cli_print_help(const char *usage, const char *command)
{
	fputs(usage, stdout);
	const struct help_text *h = NULL;
	for (size_t i = 0; i < help_text_count && !h; i++)
		if (strcmp(help_texts[i].command, command) == 0)
			h = &help_texts[i];
	if (!h) { /* a help_text.c that scripts/help-pack.py did not write */
		fprintf(stderr, "acmeprobe %s: no long help compiled in for this command\n",
			command);
		return EXIT_UNKNOWN;
	}
	char *text = malloc(help_text_unpacked_size);
	if (!text) {
		fprintf(stderr, "acmeprobe %s: out of memory\n", command);
		return EXIT_UNKNOWN;
	}
	size_t n = 0;
	enum rules_unpack_status status = rules_unpack(help_text_packed, help_text_packed_size,
						       text, help_text_unpacked_size, &n);
	int rc = EXIT_YES;
	if (status != RULES_UNPACK_OK || n != help_text_unpacked_size || h->offset > n ||
	    h->size > n - h->offset) {
		fprintf(stderr, "acmeprobe %s: the help text: %s\n", command,
			status != RULES_UNPACK_OK
			    ? rules_unpack_strerror(status)
			    : "the unpacked text is not the one help_text.c describes");
		rc = EXIT_UNKNOWN;
	} else {
		fwrite(text + h->offset, 1, h->size, stdout);
	}
	free(text);
	return rc;
}
