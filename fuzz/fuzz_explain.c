/* libFuzzer target: le_explain (src/acme/le_explain.c), which reads any
 * text a user pastes into `acmeprobe explain`.
 *
 * Input: the pasted octets, as an exact-size heap copy (ASan sees a read
 * one octet past it).
 *
 * Properties (beyond "no crash, no leak, no UB"):
 *  - every result string is NUL-terminated within its array, and the
 *    detail has no run of white space, none at its ends;
 *  - `secondary` is set exactly when the detail holds "During secondary
 *    validation: ";
 *  - a match names an entry of the table, its rule (or v6 rule), a
 *    command starting "acmeprobe ", and a matched text that is a part of
 *    the detail;
 *  - the matched text alone, read again, is recognised as the same entry
 *    (a pattern that matches inside it matches inside the detail, so no
 *    earlier entry can win), unless it holds one of the markers that
 *    choose another detail ("detail", "Detail:", " :: ").
 * The input is cut at LE_EXPLAIN_MAX_INPUT + 16 octets (past the limit
 * nothing more is read). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acme/le_explain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                                   \
	do {                                                                                       \
		if (!(c))                                                                          \
			abort();                                                                   \
	} while (0)

static struct le_explain_result r, again;

static bool terminated(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

static bool ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > LE_EXPLAIN_MAX_INPUT + 16)
		size = LE_EXPLAIN_MAX_INPUT + 16;
	char *in = malloc(size ? size : 1);
	CHECK(in);
	if (size)
		memcpy(in, data, size);
	le_explain(in, size, &r);
	CHECK(r.cut == (size > LE_EXPLAIN_MAX_INPUT));

	CHECK(terminated(r.type, sizeof r.type) && terminated(r.detail, sizeof r.detail));
	CHECK(terminated(r.text, sizeof r.text) && terminated(r.cause, sizeof r.cause));
	CHECK(terminated(r.command, sizeof r.command) && terminated(r.url, sizeof r.url));
	CHECK(terminated(r.addr, sizeof r.addr));
	CHECK(terminated(r.caa_identifier, sizeof r.caa_identifier));
	size_t dn = strlen(r.detail);
	for (size_t i = 0; i < dn; i++) {
		CHECK(!ws(r.detail[i]) || r.detail[i] == ' ');
		CHECK(r.detail[i] != ' ' || (i > 0 && i + 1 < dn && r.detail[i + 1] != ' '));
	}
	CHECK(r.secondary == (strstr(r.detail, "During secondary validation: ") != NULL));

	if (!r.matched) {
		CHECK(r.entry == NULL && r.rule == NULL && r.command[0] == '\0');
		free(in);
		return 0;
	}
	CHECK(r.entry >= le_explain_table && r.entry < le_explain_table + le_explain_table_size);
	CHECK(r.rule == r.entry->rule || r.rule == r.entry->v6_rule);
	CHECK(strncmp(r.command, "acmeprobe ", 10) == 0);
	CHECK(r.cause[0] != '\0');
	size_t tn = strlen(r.text);
	CHECK(tn > 0 && tn <= dn);
	const char *found = NULL;
	for (size_t i = 0; i + tn <= dn && !found; i++)
		if (memcmp(r.detail + i, r.text, tn) == 0)
			found = r.detail + i;
	CHECK(found);

	if (!strstr(r.text, "\"detail\"") && !strstr(r.text, "Detail:") &&
	    !strstr(r.text, " :: ")) {
		le_explain(r.text, tn, &again);
		CHECK(again.matched && again.entry == r.entry);
	}
	free(in);
	return 0;
}
