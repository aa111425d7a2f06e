/* libFuzzer target: zoneline_parse (a CAA record in zone-file presentation
 * format, `caa --records FILE`) on any text.
 *
 * Properties (beyond "no crash, no leak, no UB"):
 *  - the result is one of the enum's values and has a text;
 *  - EMPTY exactly when the line is blank or a comment;
 *  - a RECORD's RDATA is CAA wire form: rdata_len == 2 + tag_len +
 *    value_len with tag_len == rdata[1] >= 1, within ZONELINE_MAX_RDATA,
 *    and caa_rdata_parse reads it back with a usable code; the owner is a
 *    well-formed wire name;
 *  - round trip: the record printed again (owner with dns_text_name, tag
 *    and value as quoted <character-string>s with \DDD escapes) parses to
 *    the same owner and the same RDATA octets. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "caa/rdata.h"
#include "caa/zoneline.h"
#include "dns/text.h"
#include "dns/wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                             \
	do {                                                                                 \
		if (!(c))                                                                    \
			abort();                                                             \
	} while (0)

static struct zoneline_caa rec, back;
/* owner (4 x 255) + tag and value (4 octets each at most) + spacing */
static char text[DNS_MAX_NAME_TEXT + 4 * ZONELINE_MAX_RDATA + 64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *line = (const char *)data;
	enum zoneline_result r = zoneline_parse(line, size, &rec);
	CHECK(r >= ZONELINE_RECORD && r <= ZONELINE_E_TRAILING);
	CHECK(zoneline_strerror(r) && zoneline_strerror(r)[0]);

	size_t i = 0;
	while (i < size && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\n'))
		i++;
	bool blank = i == size || line[i] == ';';
	CHECK((r == ZONELINE_EMPTY) == blank);
	if (r != ZONELINE_RECORD)
		return 0;

	size_t owner_len = dns_name_len(rec.owner);
	CHECK(owner_len >= 1 && owner_len <= DNS_MAX_NAME);
	CHECK(rec.rdata_len >= 3 && rec.rdata_len <= ZONELINE_MAX_RDATA);
	size_t tag_len = rec.rdata[1];
	CHECK(tag_len >= 1);
	struct caa_record c;
	enum caa_err e = caa_rdata_parse(rec.rdata, rec.rdata_len, &c);
	CHECK(e == CAA_OK || e == CAA_E_TAG_CHAR || e == CAA_E_TAG_TOO_LONG);
	CHECK(c.tag_len == tag_len && c.flags == rec.rdata[0]);
	CHECK(rec.rdata_len == 2 + c.tag_len + c.value_len);

	struct dns_text t;
	dns_text_init(&t, text, sizeof text);
	dns_text_name(&t, rec.owner);
	dns_text_printf(&t, " 60 IN CAA %u ", rec.rdata[0]);
	dns_text_quoted(&t, c.tag, c.tag_len);
	dns_text_puts(&t, " ");
	dns_text_quoted(&t, c.value, c.value_len);
	dns_text_puts(&t, " ; again\n");
	CHECK(!t.overflow);
	CHECK(zoneline_parse(text, t.len, &back) == ZONELINE_RECORD);
	CHECK(dns_name_len(back.owner) == owner_len && memcmp(back.owner, rec.owner, owner_len) == 0);
	CHECK(back.rdata_len == rec.rdata_len && memcmp(back.rdata, rec.rdata, rec.rdata_len) == 0);
	return 0;
}
