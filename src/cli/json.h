/* A small streaming JSON writer: it keeps track of commas and nesting so
 * that the report code only says what goes where. Strings are written as
 * valid JSON whatever their octets (invalid UTF-8 becomes U+FFFD). */
#ifndef ACMEPROBE_CLI_JSON_H
#define ACMEPROBE_CLI_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *out;
	int depth;
	bool first[JSON_MAX_DEPTH]; /* nothing written yet at this level */
};

void json_init(struct json *j, FILE *out);
/* `key` is the member name inside an object, NULL inside an array or at
 * the top level. */
void json_object_begin(struct json *j, const char *key);
void json_object_end(struct json *j);
void json_array_begin(struct json *j, const char *key);
void json_array_end(struct json *j);
void json_string(struct json *j, const char *key, const char *s); /* NULL: null */
void json_string_n(struct json *j, const char *key, const uint8_t *s, size_t n);
void json_uint(struct json *j, const char *key, unsigned long long v);
void json_bool(struct json *j, const char *key, bool v);
void json_null(struct json *j, const char *key);
/* Ends the top-level value with a newline (one object per line: JSON Lines). */
void json_finish(struct json *j);

#endif
