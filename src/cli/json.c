/* The streaming JSON writer. */
#include "cli/json.h"

#include <string.h>

void json_init(struct json *j, FILE *out)
{
	j->out = out;
	j->depth = 0;
	j->first[0] = true;
}

static void put_string(FILE *out, const uint8_t *s, size_t n);

/* Writes the comma and the member name that come before a value. */
static void prefix(struct json *j, const char *key)
{
	if (!j->first[j->depth])
		fputc(',', j->out);
	j->first[j->depth] = false;
	if (key) {
		put_string(j->out, (const uint8_t *)key, strlen(key));
		fputc(':', j->out);
	}
}

static void open_level(struct json *j, const char *key, char c)
{
	prefix(j, key);
	fputc(c, j->out);
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->depth++;
	j->first[j->depth] = true;
}

static void close_level(struct json *j, char c)
{
	fputc(c, j->out);
	if (j->depth > 0)
		j->depth--;
}

void json_object_begin(struct json *j, const char *key)
{
	open_level(j, key, '{');
}

void json_object_end(struct json *j)
{
	close_level(j, '}');
}

void json_array_begin(struct json *j, const char *key)
{
	open_level(j, key, '[');
}

void json_array_end(struct json *j)
{
	close_level(j, ']');
}

/* Length of the valid UTF-8 sequence at s (RFC 3629 s4: no overlongs, no
 * surrogates, nothing past U+10FFFF), or 0 if it is not one. */
static size_t utf8_len(const uint8_t *s, size_t n)
{
	uint8_t c = s[0];
	size_t len;
	uint32_t min, cp;
	if (c < 0x80)
		return 1;
	if ((c & 0xE0) == 0xC0) {
		len = 2, min = 0x80, cp = c & 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, min = 0x800, cp = c & 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, min = 0x10000, cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

static bool plain(uint8_t c)
{
	return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
}

static void put_string(FILE *out, const uint8_t *s, size_t n)
{
	fputc('"', out);
	for (size_t i = 0; i < n;) {
		/* runs of characters that need no escape go out in one write */
		size_t run = 0;
		while (i + run < n && plain(s[i + run]))
			run++;
		if (run) {
			fwrite(s + i, 1, run, out);
			i += run;
			continue;
		}
		uint8_t c = s[i];
		if (c == '"' || c == '\\') {
			fputc('\\', out);
			fputc(c, out);
			i++;
		} else if (c < 0x20 || c == 0x7F) {
			fprintf(out, "\\u%04x", c);
			i++;
		} else {
			size_t len = utf8_len(s + i, n - i);
			if (len) {
				fwrite(s + i, 1, len, out);
				i += len;
			} else {
				fputs("\\ufffd", out);
				i++;
			}
		}
	}
	fputc('"', out);
}

void json_string(struct json *j, const char *key, const char *s)
{
	if (!s) {
		json_null(j, key);
		return;
	}
	json_string_n(j, key, (const uint8_t *)s, strlen(s));
}

void json_string_n(struct json *j, const char *key, const uint8_t *s, size_t n)
{
	prefix(j, key);
	put_string(j->out, s, n);
}

void json_uint(struct json *j, const char *key, unsigned long long v)
{
	prefix(j, key);
	fprintf(j->out, "%llu", v);
}

void json_bool(struct json *j, const char *key, bool v)
{
	prefix(j, key);
	fputs(v ? "true" : "false", j->out);
}

void json_null(struct json *j, const char *key)
{
	prefix(j, key);
	fputs("null", j->out);
}

void json_finish(struct json *j)
{
	fputc('\n', j->out);
	j->depth = 0;
	j->first[0] = true;
}
