/* zoneline_parse: one CAA record in zone-file presentation format (RFC 1035
 * s5.1, RFC 8659 s4.1.1), for `caa --records FILE`. Valid lines with and
 * without TTL and class, quoted and unquoted values, escapes, comments,
 * and every error code, each with the exact RDATA or result. Every line
 * is an exact-size heap copy without a terminating NUL. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "caa/rdata.h"
#include "caa/zoneline.h"
#include "dns/wire.h"
#include "helpers.h"

static const char *zl_name(enum zoneline_result r)
{
	static const char *const n[] = {
		"RECORD", "EMPTY", "E_OWNER", "E_TYPE", "E_FLAGS", "E_TAG", "E_VALUE", "E_TRAILING",
	};
	return (unsigned)r < sizeof n / sizeof *n ? n[r] : "?";
}

/* Parses `len` octets of `line` from an exact-size heap copy. */
static enum zoneline_result parse_n(const char *line, size_t len, struct zoneline_caa *out)
{
	char *copy = malloc(len ? len : 1);
	cr_assert_not_null(copy);
	if (len)
		memcpy(copy, line, len);
	memset(out, 0xA5, sizeof *out);
	enum zoneline_result r = zoneline_parse(copy, len, out);
	free(copy);
	return r;
}

static struct zoneline_caa out; /* 4 kB: not on the stack of every test */

#define assert_zl(line, want)                                                   \
	do {                                                                    \
		const char *l_ = (line);                                        \
		enum zoneline_result got_ = parse_n(l_, strlen(l_), &out);      \
		cr_assert_eq(got_, (want), "line %d: \"%s\": %s, want %s", __LINE__, \
			     l_, zl_name(got_), zl_name(want));                 \
	} while (0)

/* A RECORD with this owner (presentation) and these RDATA octets. */
#define assert_record(line, owner_text, ...)                                         \
	do {                                                                    \
		assert_zl((line), ZONELINE_RECORD);                             \
		uint8_t ow_[DNS_MAX_NAME];                                       \
		size_t owl_;                                                   \
		assert_err(dns_name_from_text((owner_text), strlen(owner_text), ow_, &owl_), DNS_OK); \
		assert_bytes(out.owner, dns_name_len(out.owner), ow_, owl_);      \
		assert_bytes(out.rdata, out.rdata_len, BYTES(__VA_ARGS__),      \
			     NBYTES(__VA_ARGS__));                              \
	} while (0)

/* 0 issue "letsencrypt.org" */
#define RD_ISSUE_LE                                                             \
	0x00, 0x05, 'i', 's', 's', 'u', 'e', 'l', 'e', 't', 's', 'e', 'n', 'c', 'r', 'y', \
		'p', 't', '.', 'o', 'r', 'g'

/* ===================================================================== */
/* valid lines                                                           */
/* ===================================================================== */

Test(caa_zoneline, full_line_with_ttl_and_class)
{
	assert_record("example.com. 3600 IN CAA 0 issue \"letsencrypt.org\"", "example.com.",
		      RD_ISSUE_LE);
}

Test(caa_zoneline, without_ttl_and_class)
{
	assert_record("example.com. CAA 0 issue \"letsencrypt.org\"", "example.com.", RD_ISSUE_LE);
}

Test(caa_zoneline, ttl_only_and_class_only)
{
	assert_record("example.com. 300 CAA 0 issue \"letsencrypt.org\"", "example.com.",
		      RD_ISSUE_LE);
	assert_record("example.com. IN CAA 0 issue \"letsencrypt.org\"", "example.com.",
		      RD_ISSUE_LE);
}

/* RFC 1035 s5.1: TTL and class in either order; keywords any case */
Test(caa_zoneline, class_before_ttl_and_lower_case_keywords)
{
	assert_record("example.com. IN 300 CAA 0 issue \"letsencrypt.org\"", "example.com.",
		      RD_ISSUE_LE);
	assert_record("example.com. in 300 caa 0 issue \"letsencrypt.org\"", "example.com.",
		      RD_ISSUE_LE);
}

Test(caa_zoneline, owner_without_final_dot_and_tabs)
{
	assert_record("example.com\tCAA\t0\tissue\t\"letsencrypt.org\"", "example.com.",
		      RD_ISSUE_LE);
}

Test(caa_zoneline, leading_blanks_and_crlf)
{
	assert_record("  example.com. CAA 0 issue \"letsencrypt.org\"\r\n", "example.com.",
		      RD_ISSUE_LE);
}

Test(caa_zoneline, unquoted_value)
{
	assert_record("example.com. CAA 0 issue letsencrypt.org", "example.com.", RD_ISSUE_LE);
}

Test(caa_zoneline, critical_flag_and_unknown_tag)
{
	assert_record("caa3.test. 3600 IN CAA 128 tbs \"x\"", "caa3.test.", 0x80, 0x03, 't',
		      'b', 's', 'x');
	assert_record("a. CAA 255 tbs x", "a.", 0xFF, 0x03, 't', 'b', 's', 'x');
	assert_record("a. CAA 000 tbs x", "a.", 0x00, 0x03, 't', 'b', 's', 'x');
}

Test(caa_zoneline, tag_case_is_kept)
{
	assert_record("a. CAA 0 ISSUE \"\"", "a.", 0x00, 0x05, 'I', 'S', 'S', 'U', 'E');
}

/* a quoted value keeps its spaces and ';' (they are not a comment) */
Test(caa_zoneline, quoted_value_with_semicolon_and_spaces)
{
	assert_record("a. CAA 0 issue \"ca; a=b c\"", "a.", 0x00, 0x05, 'i', 's', 's', 'u', 'e',
		      'c', 'a', ';', ' ', 'a', '=', 'b', ' ', 'c');
}

Test(caa_zoneline, empty_quoted_value)
{
	assert_record("a. CAA 0 issue \"\"", "a.", 0x00, 0x05, 'i', 's', 's', 'u', 'e');
	cr_assert_eq(out.rdata_len, 7);
}

Test(caa_zoneline, escaped_quote_and_backslash)
{
	assert_record("a. CAA 0 x \"\\\"q\\\\\"", "a.", 0x00, 0x01, 'x', '"', 'q', '\\');
}

Test(caa_zoneline, decimal_escapes)
{
	assert_record("a. CAA 0 x \"\\000\\009\\233\\255\"", "a.", 0x00, 0x01, 'x', 0x00, 0x09,
		      0xE9, 0xFF);
}

/* \X for any other X is X itself */
Test(caa_zoneline, escaped_ordinary_character)
{
	assert_record("a. CAA 0 x \"\\a\\;\"", "a.", 0x00, 0x01, 'x', 'a', ';');
}

Test(caa_zoneline, escapes_in_unquoted_value)
{
	assert_record("a. CAA 0 x a\\;b\\032c\\\"", "a.", 0x00, 0x01, 'x', 'a', ';', 'b', ' ', 'c',
		      '"');
}

/* the fixture zone's escaped value (fixture 04) */
Test(caa_zoneline, fixture_escaped_value)
{
	assert_record("caa-escape      CAA     0 issue \"ca.test; note=\\\"q\\\" back\\\\slash "
		      "caf\\195\\169\\009\\000\\255end\"",
		      "caa-escape.", 0x00, 0x05, 'i', 's', 's', 'u', 'e', 'c', 'a', '.', 't', 'e',
		      's', 't', ';', ' ', 'n', 'o', 't', 'e', '=', '"', 'q', '"', ' ', 'b', 'a',
		      'c', 'k', '\\', 's', 'l', 'a', 's', 'h', ' ', 'c', 'a', 'f', 0xC3, 0xA9, 0x09,
		      0x00, 0xFF, 'e', 'n', 'd');
}

/* a quoted tag is read as a character-string too */
Test(caa_zoneline, quoted_tag)
{
	assert_record("a. CAA 0 \"iss ue\" v", "a.", 0x00, 0x06, 'i', 's', 's', ' ', 'u', 'e',
		      'v');
}

Test(caa_zoneline, escaped_owner)
{
	assert_record("dot\\.label.test. CAA 0 issue \"letsencrypt.org\"", "dot\\.label.test.",
		      RD_ISSUE_LE);
	cr_assert_eq(out.owner[0], 9);
}

Test(caa_zoneline, comment_after_the_value)
{
	assert_record("example.com. CAA 0 issue \"letsencrypt.org\" ; the policy", "example.com.",
		      RD_ISSUE_LE);
	assert_record("example.com. CAA 0 issue \"letsencrypt.org\";x", "example.com.",
		      RD_ISSUE_LE);
	/* an unquoted value ends at ';' */
	assert_record("example.com. CAA 0 issue letsencrypt.org;comment", "example.com.",
		      RD_ISSUE_LE);
}

Test(caa_zoneline, tag_of_255_octets)
{
	char line[600] = "a. CAA 0 ";
	size_t n = strlen(line);
	memset(line + n, 'T', 255);
	strcpy(line + n + 255, " v");
	assert_zl(line, ZONELINE_RECORD);
	cr_assert_eq(out.rdata_len, 2 + 255 + 1);
	cr_assert_eq(out.rdata[1], 255);
	cr_assert_eq(out.rdata[2 + 254], 'T');
	cr_assert_eq(out.rdata[2 + 255], 'v');
}

/* the value fills the RDATA buffer exactly */
Test(caa_zoneline, longest_value)
{
	static char line[ZONELINE_MAX_RDATA + 64];
	strcpy(line, "a. CAA 0 issue \"");
	size_t n = strlen(line), room = ZONELINE_MAX_RDATA - 2 - 5;
	memset(line + n, 'v', room);
	strcpy(line + n + room, "\"");
	assert_zl(line, ZONELINE_RECORD);
	cr_assert_eq(out.rdata_len, ZONELINE_MAX_RDATA);
	cr_assert_eq(out.rdata[ZONELINE_MAX_RDATA - 1], 'v');
}

/* only `len` octets are read: what follows is not part of the line */
Test(caa_zoneline, reads_only_len_octets)
{
	const char *s = "a. CAA 0 issue \"letsencrypt.org\" trailing";
	size_t len = strlen("a. CAA 0 issue \"letsencrypt.org\"");
	cr_assert_eq(parse_n(s, len, &out), ZONELINE_RECORD);
	assert_bytes(out.rdata, out.rdata_len, BYTES(RD_ISSUE_LE), NBYTES(RD_ISSUE_LE));
	/* cut inside the quotes: unterminated */
	cr_assert_eq(parse_n(s, len - 1, &out), ZONELINE_E_VALUE);
}

/* a parsed record's RDATA reads back as CAA */
Test(caa_zoneline, rdata_reads_back_as_caa)
{
	assert_zl("a. CAA 128 iss-ue \"letsencrypt.org\"", ZONELINE_RECORD);
	struct caa_record rec;
	cr_assert_eq(caa_rdata_parse(out.rdata, out.rdata_len, &rec), CAA_E_TAG_CHAR);
	cr_assert_eq(rec.flags, 128);
	cr_assert_eq(rec.tag_len, 6);
	cr_assert_eq(rec.value_len, 15);
	cr_assert_eq(rec.kind, CAA_TAG_UNKNOWN);
}

/* ===================================================================== */
/* blank lines and comments                                              */
/* ===================================================================== */

Test(caa_zoneline, blank_and_comment_lines_are_empty)
{
	assert_zl("", ZONELINE_EMPTY);
	assert_zl("   \t\r\n", ZONELINE_EMPTY);
	assert_zl("; just a comment", ZONELINE_EMPTY);
	assert_zl("   ; indented comment \"unterminated", ZONELINE_EMPTY);
	assert_zl(";", ZONELINE_EMPTY);
}

/* ===================================================================== */
/* errors                                                                */
/* ===================================================================== */

Test(caa_zoneline, bad_owner)
{
	assert_zl("a..b CAA 0 issue x", ZONELINE_E_OWNER);
	assert_zl(".a CAA 0 issue x", ZONELINE_E_OWNER);
	assert_zl("a\\", ZONELINE_E_OWNER);                 /* a lone '\' at the end */
	/* "a\ CAA" is one owner token (an escaped space), so no type follows */
	assert_zl("a\\ CAA 0 issue x", ZONELINE_E_TYPE);
	assert_zl("a\\25 CAA 0 issue x", ZONELINE_E_OWNER); /* \DDD cut short */
	char line[128];
	memset(line, 'x', 64); /* a 64-octet label */
	strcpy(line + 64, ". CAA 0 issue x");
	assert_zl(line, ZONELINE_E_OWNER);
}

Test(caa_zoneline, type_a_is_not_caa)
{
	assert_zl("example.com. 300 IN A 192.0.2.1", ZONELINE_E_TYPE);
	assert_zl("example.com. TXT \"v\"", ZONELINE_E_TYPE);
	assert_zl("example.com. CAAX 0 issue x", ZONELINE_E_TYPE);
}

Test(caa_zoneline, missing_type)
{
	assert_zl("example.com.", ZONELINE_E_TYPE);
	assert_zl("example.com. 300", ZONELINE_E_TYPE);
	assert_zl("example.com. 300 IN", ZONELINE_E_TYPE);
	assert_zl("example.com. 300 IN ; CAA 0 issue x", ZONELINE_E_TYPE);
	/* three TTL/class words: the third is taken as the type */
	assert_zl("example.com. 300 IN 300 CAA 0 issue x", ZONELINE_E_TYPE);
}

Test(caa_zoneline, flags_256)
{
	assert_zl("a. CAA 256 issue x", ZONELINE_E_FLAGS);
}

Test(caa_zoneline, bad_flags)
{
	assert_zl("a. CAA 999 issue x", ZONELINE_E_FLAGS);
	assert_zl("a. CAA 1000 issue x", ZONELINE_E_FLAGS);
	assert_zl("a. CAA 0128 issue x", ZONELINE_E_FLAGS);
	assert_zl("a. CAA -1 issue x", ZONELINE_E_FLAGS);
	assert_zl("a. CAA 0x80 issue x", ZONELINE_E_FLAGS);
	assert_zl("a. CAA issue x", ZONELINE_E_FLAGS);
	assert_zl("a. CAA", ZONELINE_E_FLAGS);
	assert_zl("a. CAA ; 0 issue x", ZONELINE_E_FLAGS);
}

Test(caa_zoneline, missing_tag)
{
	assert_zl("a. CAA 0", ZONELINE_E_TAG);
	assert_zl("a. CAA 0   ", ZONELINE_E_TAG);
	assert_zl("a. CAA 0 ; issue x", ZONELINE_E_TAG);
	assert_zl("a. CAA 0 \"\" x", ZONELINE_E_TAG);
}

Test(caa_zoneline, tag_of_256_octets)
{
	char line[600] = "a. CAA 0 ";
	size_t n = strlen(line);
	memset(line + n, 'T', 256);
	strcpy(line + n + 256, " v");
	assert_zl(line, ZONELINE_E_TAG);
}

Test(caa_zoneline, bad_escape_in_tag)
{
	assert_zl("a. CAA 0 \"iss\\256\" v", ZONELINE_E_TAG);
	assert_zl("a. CAA 0 \"issue", ZONELINE_E_TAG);
}

Test(caa_zoneline, missing_value)
{
	assert_zl("a. CAA 0 issue", ZONELINE_E_VALUE);
	assert_zl("a. CAA 0 issue   \t", ZONELINE_E_VALUE);
	assert_zl("a. CAA 0 issue ; letsencrypt.org", ZONELINE_E_VALUE);
}

Test(caa_zoneline, unterminated_quote)
{
	assert_zl("a. CAA 0 issue \"letsencrypt.org", ZONELINE_E_VALUE);
	assert_zl("a. CAA 0 issue \"", ZONELINE_E_VALUE);
	assert_zl("a. CAA 0 issue \"letsencrypt.org\\\"", ZONELINE_E_VALUE);
}

Test(caa_zoneline, bad_escapes_in_value)
{
	assert_zl("a. CAA 0 issue \"\\256\"", ZONELINE_E_VALUE);
	assert_zl("a. CAA 0 issue \"\\999\"", ZONELINE_E_VALUE);
	assert_zl("a. CAA 0 issue \"\\12\"", ZONELINE_E_VALUE);
	assert_zl("a. CAA 0 issue \"\\1a3\"", ZONELINE_E_VALUE);
	assert_zl("a. CAA 0 issue \\12", ZONELINE_E_VALUE);
	assert_zl("a. CAA 0 issue x\\", ZONELINE_E_VALUE);
}

Test(caa_zoneline, value_one_octet_too_long)
{
	static char line[ZONELINE_MAX_RDATA + 64];
	strcpy(line, "a. CAA 0 issue \"");
	size_t n = strlen(line), room = ZONELINE_MAX_RDATA - 2 - 5 + 1;
	memset(line + n, 'v', room);
	strcpy(line + n + room, "\"");
	assert_zl(line, ZONELINE_E_VALUE);
}

Test(caa_zoneline, trailing_junk)
{
	assert_zl("a. CAA 0 issue \"letsencrypt.org\" x", ZONELINE_E_TRAILING);
	assert_zl("a. CAA 0 issue \"letsencrypt.org\"x", ZONELINE_E_TRAILING);
	assert_zl("a. CAA 0 issue letsencrypt.org \"second\"", ZONELINE_E_TRAILING);
	assert_zl("a. CAA 0 issue \"a\" \"b\"", ZONELINE_E_TRAILING);
}

Test(caa_zoneline, strerror_names_every_result)
{
	for (int r = ZONELINE_RECORD; r <= ZONELINE_E_TRAILING; r++) {
		const char *s = zoneline_strerror((enum zoneline_result)r);
		cr_assert_not_null(s);
		cr_assert_gt(strlen(s), 0);
		cr_assert_str_neq(s, "?");
		for (int k = ZONELINE_RECORD; k < r; k++)
			cr_assert_str_neq(s, zoneline_strerror((enum zoneline_result)k));
	}
	cr_assert_str_eq(zoneline_strerror((enum zoneline_result)99), "?");
}
