/* The rules' compiled text (src/cli/rules_text.c) and its reader
 * (src/cli/rules_unpack.c):
 *  - the packed text unpacks whole, and every rule's id, group, title,
 *    statement, rfc and letsencrypt text is what docs/rules.md says, read
 *    here by a parser of its own (not scripts/rules-index.py's), with the
 *    same Markdown dropped (` and **);
 *  - the reader's refusals and its edge cases, token by token, on
 *    hand-made inputs given as exact-size heap copies (ASan sees a read
 *    one byte past the input or a write one byte past the output). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/rules_text.h"
#include "cli/rules_unpack.h"

#define DOC "docs/rules.md"

/* ---- docs/rules.md, read again -------------------------------------- */

static char *read_doc(void)
{
	FILE *f = fopen(DOC, "rb");
	cr_assert_not_null(f, "cannot open %s (run from the repository root)", DOC);
	char *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			cr_assert_not_null(buf);
		}
		size_t n = fread(buf + len, 1, cap - len - 1, f);
		if (n == 0)
			break;
		len += n;
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/* The next line of *p into line, without its '\n' and trailing blanks (as
 * the generator strips them), *p moved past it; false at the end. */
static bool next_line(const char **p, char *line, size_t cap)
{
	if (!**p)
		return false;
	size_t n = strcspn(*p, "\n");
	cr_assert_lt(n, cap, "a line of %s is longer than %zu", DOC, cap);
	memcpy(line, *p, n);
	*p += n + ((*p)[n] == '\n');
	while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r'))
		n--;
	line[n] = '\0';
	return true;
}

/* Appends s to out (cap bytes) without the Markdown the terminal text
 * leaves out: ` and **. */
static void append_plain(char *out, size_t cap, const char *s)
{
	size_t o = strlen(out);
	for (; *s; s++) {
		if (*s == '`')
			continue;
		if (s[0] == '*' && s[1] == '*') {
			s++;
			continue;
		}
		cr_assert_lt(o + 1, cap, "text too long");
		out[o++] = *s;
	}
	out[o] = '\0';
}

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

struct doc_rule {
	char group[256];
	char title[512];
	char statement[8192];
	char rfc[2048];
	char letsencrypt[2048];
};

/* The rule `id` as docs/rules.md states it: its "## group", its "### id:
 * title" heading, the paragraphs under it (lines joined by a space,
 * paragraphs by "\n\n") up to its "- RFC: " and "- Let's Encrypt: " lines.
 * False if the heading is not there. */
static bool doc_rule(const char *doc, const char *id, struct doc_rule *r)
{
	memset(r, 0, sizeof *r);
	char line[4096], heading[64];
	snprintf(heading, sizeof heading, "### %s: ", id);
	const char *p = doc;
	bool found = false;
	while (next_line(&p, line, sizeof line)) {
		if (strncmp(line, "## ", 3) == 0) {
			r->group[0] = '\0';
			append_plain(r->group, sizeof r->group, line + 3);
		} else if (strncmp(line, heading, strlen(heading)) == 0) {
			append_plain(r->title, sizeof r->title, line + strlen(heading));
			found = true;
			break;
		}
	}
	if (!found)
		return false;
	bool in_paragraph = false;
	while (next_line(&p, line, sizeof line)) {
		if (strncmp(line, "- RFC: ", 7) == 0) {
			append_plain(r->rfc, sizeof r->rfc, line + 7);
		} else if (strncmp(line, "- Let's Encrypt: ", 17) == 0) {
			append_plain(r->letsencrypt, sizeof r->letsencrypt, line + 17);
		} else if (strncmp(line, "<!-- ", 5) == 0 || strncmp(line, "#", 1) == 0) {
			break; /* its GENERATED table, or the next heading */
		} else if (r->rfc[0] || r->letsencrypt[0]) {
			continue; /* blank lines after the two lines */
		} else if (!*skip_blanks(line)) {
			in_paragraph = false;
		} else {
			if (in_paragraph)
				append_plain(r->statement, sizeof r->statement, " ");
			else if (r->statement[0])
				append_plain(r->statement, sizeof r->statement, "\n\n");
			append_plain(r->statement, sizeof r->statement, skip_blanks(line));
			in_paragraph = true;
		}
	}
	return true;
}

static size_t count_doc_rules(const char *doc)
{
	size_t n = 0;
	for (const char *p = doc; (p = strstr(p, "\n### R-")) != NULL; p++)
		n++;
	return n;
}

/* ---- the compiled text against docs/rules.md ------------------------ */

Test(rules_text, unpacks_whole)
{
	char *text = malloc(rule_text_unpacked_size);
	cr_assert_not_null(text);
	size_t n = 0;
	enum rules_unpack_status st = rules_unpack(rule_text_packed, rule_text_packed_size, text,
						   rule_text_unpacked_size, &n);
	cr_assert_eq(st, RULES_UNPACK_OK, "%s", rules_unpack_strerror(st));
	cr_assert_eq(n, rule_text_unpacked_size);
	cr_assert_lt(rule_text_packed_size, rule_text_unpacked_size / 2,
		     "the packed text (%zu bytes) is not even half of the text (%zu)",
		     rule_text_packed_size, rule_text_unpacked_size);
	/* each rule's three texts follow each other, each ended by a NUL and
	 * not empty: 3 x rule_text_count strings, the last byte a NUL */
	size_t at = 0;
	for (size_t i = 0; i < rule_text_count; i++) {
		for (size_t f = 0; f < RULE_TEXT_FIELDS; f++) {
			const char *end = memchr(text + at, '\0', n - at);
			cr_assert_not_null(end, "%s: text %zu has no NUL", rule_texts[i].id, f);
			cr_assert_gt(end, text + at, "%s: text %zu is empty", rule_texts[i].id, f);
			at = (size_t)(end - text) + 1;
		}
	}
	cr_assert_eq(at, n, "%zu bytes after the last rule's texts", n - at);
	free(text);
}

/* The text `field` of rule i: string number 3i + field (rules_text.h). */
static const char *field_of(const char *text, size_t n, size_t i, enum rule_text_field field)
{
	size_t at = 0;
	for (size_t k = 0; k < RULE_TEXT_FIELDS * i + field; k++) {
		const char *end = memchr(text + at, '\0', n - at);
		cr_assert_not_null(end);
		at = (size_t)(end - text) + 1;
	}
	cr_assert_lt(at, n);
	return text + at;
}

/* Every rule of docs/rules.md is compiled in, in its order, and each field
 * is the document's text. */
Test(rules_text, every_rule_is_the_documents)
{
	char *doc = read_doc();
	char *text = malloc(rule_text_unpacked_size);
	cr_assert_not_null(text);
	size_t n = 0;
	cr_assert_eq(rules_unpack(rule_text_packed, rule_text_packed_size, text,
				  rule_text_unpacked_size, &n),
		     RULES_UNPACK_OK);
	cr_assert_eq(rule_text_count, count_doc_rules(doc), "%zu rules compiled in, %s has %zu",
		     rule_text_count, DOC, count_doc_rules(doc));
	static struct doc_rule want;
	const char *prev = doc;
	for (size_t i = 0; i < rule_text_count; i++) {
		const struct rule_text *r = &rule_texts[i];
		cr_assert(doc_rule(doc, r->id, &want), "%s is not a heading of %s", r->id, DOC);
		char heading[64];
		snprintf(heading, sizeof heading, "\n### %s: ", r->id);
		const char *here = strstr(doc, heading);
		cr_assert(here && here > prev, "%s is out of the order of %s", r->id, DOC);
		prev = here;
		cr_assert_str_eq(r->group, want.group, "%s: group", r->id);
		cr_assert_str_eq(r->title, want.title, "%s: title", r->id);
		cr_assert_str_eq(field_of(text, n, i, RULE_TEXT_STATEMENT), want.statement,
				 "%s: statement", r->id);
		cr_assert_str_eq(field_of(text, n, i, RULE_TEXT_RFC), want.rfc, "%s: rfc", r->id);
		cr_assert_str_eq(field_of(text, n, i, RULE_TEXT_LETSENCRYPT), want.letsencrypt,
				 "%s: letsencrypt", r->id);
	}
	free(text);
	free(doc);
}

/* ---- the reader, token by token ------------------------------------- */

struct unpacked {
	enum rules_unpack_status status;
	size_t len;
	char out[256];
};

/* Unpacks `len` bytes of `in` from an exact-size heap copy into an
 * exact-size heap buffer of `cap` bytes. */
static struct unpacked unpack(const void *in, size_t len, size_t cap)
{
	struct unpacked u = {.status = RULES_UNPACK_OK};
	unsigned char *heap_in = malloc(len ? len : 1);
	char *heap_out = malloc(cap ? cap : 1);
	cr_assert(heap_in && heap_out);
	memcpy(heap_in, in, len);
	u.len = (size_t)-1;
	u.status = rules_unpack(heap_in, len, heap_out, cap, &u.len);
	cr_assert_leq(u.len, cap);
	cr_assert_lt(u.len, sizeof u.out);
	memcpy(u.out, heap_out, u.len);
	u.out[u.len] = '\0';
	free(heap_in);
	free(heap_out);
	return u;
}

#define assert_unpacked(u, status_, text_)                                                         \
	do {                                                                                       \
		cr_assert_eq((u).status, (status_), "status %s, want %s",                          \
			     rules_unpack_strerror((u).status), rules_unpack_strerror(status_));   \
		cr_assert_eq((u).len, strlen(text_), "length %zu, want %zu", (u).len,              \
			     strlen(text_));                                                       \
		cr_assert_str_eq((u).out, (text_));                                                \
	} while (0)

Test(rules_unpack, literals_and_empty)
{
	assert_unpacked(unpack("", 0, 0), RULES_UNPACK_OK, "");
	assert_unpacked(unpack("abc", 3, 3), RULES_UNPACK_OK, "abc");
	/* 0x00 is a literal too: the end of one text, not of the input */
	struct unpacked u = unpack("a\0b", 3, 3);
	cr_assert_eq(u.status, RULES_UNPACK_OK);
	cr_assert_eq(u.len, 3);
	cr_assert_eq(memcmp(u.out, "a\0b", 3), 0);
	/* 0xFF escapes one byte of 0x80..0xFF (and any other) */
	assert_unpacked(unpack("\xff\xc3\xff\xa9!", 5, 3), RULES_UNPACK_OK, "\xc3\xa9!");
	assert_unpacked(unpack("\xff\x41", 2, 1), RULES_UNPACK_OK, "A");
}

Test(rules_unpack, short_copy)
{
	/* 0x80 0x00: length 3, 1 back: the last byte three times (overlap) */
	assert_unpacked(unpack("A\x80\x00", 3, 4), RULES_UNPACK_OK, "AAAA");
	/* 0x80 0x01: length 3 from 2 back */
	assert_unpacked(unpack("ab\x80\x01", 4, 5), RULES_UNPACK_OK, "ababa");
	/* 0xB8 0x02: L = 7 (length 10), D = 2 (3 back) */
	assert_unpacked(unpack("abc\xb8\x02", 5, 13), RULES_UNPACK_OK, "abcabcabcabca");
	/* D = 2047: 2048 back, the longest short distance, needs 2048 bytes */
	char in[2048 + 2];
	memset(in, 'x', 2048);
	in[0] = 'y';
	in[2048] = (char)0x87;
	in[2049] = (char)0xFF;
	struct unpacked u = {0};
	unsigned char *hin = malloc(sizeof in);
	char *hout = malloc(2048 + 3);
	cr_assert(hin && hout);
	memcpy(hin, in, sizeof in);
	u.status = rules_unpack(hin, sizeof in, hout, 2048 + 3, &u.len);
	cr_assert_eq(u.status, RULES_UNPACK_OK);
	cr_assert_eq(u.len, 2048 + 3);
	cr_assert_eq(memcmp(hout + 2048, "yxx", 3), 0);
	/* one byte less of text: that distance reaches before the start */
	u.status = rules_unpack(hin + 1, sizeof in - 1, hout, 2048 + 3, &u.len);
	cr_assert_eq(u.status, RULES_UNPACK_BAD_DISTANCE);
	cr_assert_eq(u.len, 2047);
	free(hin);
	free(hout);
}

Test(rules_unpack, long_copy)
{
	/* 0xC0 0x00 0x02: length 3 from 2 back */
	assert_unpacked(unpack("ab\xc0\x00\x02", 5, 5), RULES_UNPACK_OK, "ababa");
	/* 0xFE: length 3 + 62 = 65, the longest, from 1 back */
	struct unpacked u = unpack("z\xfe\x00\x01", 4, 66);
	cr_assert_eq(u.status, RULES_UNPACK_OK);
	cr_assert_eq(u.len, 66);
	for (size_t i = 0; i < 66; i++)
		cr_assert_eq(u.out[i], 'z', "byte %zu", i);
	/* distance 0 is no distance */
	assert_unpacked(unpack("ab\xc0\x00\x00", 5, 8), RULES_UNPACK_BAD_DISTANCE, "ab");
	/* 3 back with 2 bytes written */
	assert_unpacked(unpack("ab\xc0\x00\x03", 5, 8), RULES_UNPACK_BAD_DISTANCE, "ab");
	/* the high byte of the distance counts: 0x0102 back */
	assert_unpacked(unpack("ab\xc0\x01\x02", 5, 8), RULES_UNPACK_BAD_DISTANCE, "ab");
}

Test(rules_unpack, a_copy_first_has_nothing_to_copy)
{
	assert_unpacked(unpack("\x80\x00", 2, 8), RULES_UNPACK_BAD_DISTANCE, "");
	assert_unpacked(unpack("\xc0\x00\x01", 3, 8), RULES_UNPACK_BAD_DISTANCE, "");
}

Test(rules_unpack, truncated_tokens)
{
	assert_unpacked(unpack("ab\x80", 3, 8), RULES_UNPACK_TRUNCATED, "ab");
	assert_unpacked(unpack("ab\xc0", 3, 8), RULES_UNPACK_TRUNCATED, "ab");
	assert_unpacked(unpack("ab\xc0\x00", 4, 8), RULES_UNPACK_TRUNCATED, "ab");
	assert_unpacked(unpack("ab\xff", 3, 8), RULES_UNPACK_TRUNCATED, "ab");
}

Test(rules_unpack, no_room)
{
	/* a literal one past the end */
	assert_unpacked(unpack("abc", 3, 2), RULES_UNPACK_NO_ROOM, "ab");
	assert_unpacked(unpack("a\xff\x42", 3, 1), RULES_UNPACK_NO_ROOM, "a");
	assert_unpacked(unpack("x", 1, 0), RULES_UNPACK_NO_ROOM, "");
	/* a copy that does not fit whole writes nothing of it */
	assert_unpacked(unpack("A\x80\x00", 3, 3), RULES_UNPACK_NO_ROOM, "A");
	assert_unpacked(unpack("A\xc1\x00\x01", 4, 4), RULES_UNPACK_NO_ROOM, "A");
	/* exactly filled is fine */
	assert_unpacked(unpack("A\xc1\x00\x01", 4, 5), RULES_UNPACK_OK, "AAAAA");
}

Test(rules_unpack, every_status_has_a_sentence)
{
	const enum rules_unpack_status all[] = {RULES_UNPACK_OK, RULES_UNPACK_TRUNCATED,
						RULES_UNPACK_BAD_DISTANCE, RULES_UNPACK_NO_ROOM};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		const char *s = rules_unpack_strerror(all[i]);
		cr_assert(s && strlen(s) > 5);
		for (size_t k = 0; k < i; k++)
			cr_assert_str_neq(s, rules_unpack_strerror(all[k]));
	}
}
