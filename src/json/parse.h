/* A JSON reader (RFC 8259): the counterpart of the report writer in
 * src/cli/json.c, for `check --merge`, which reads reports that acmeprobe
 * wrote on other hosts. It lives outside src/cli so that the unit tests
 * and its fuzz target (fuzz/fuzz_json.c) link it like every other parser.
 *
 * The whole text is read at once into a tree of values: strings decoded
 * (escapes, \u with surrogate pairs, as UTF-8 with a NUL after each),
 * numbers kept as their text (with exact readers for integers), objects
 * and arrays as lists of children in input order. Bounded: the input
 * size, the nesting depth and the number of values have limits (memory:
 * one struct json_value per value, at most one value per input octet,
 * and the decoded texts, never longer than the input). Every way a text
 * can fail the grammar has its own error, with the offset, line and
 * column where it was found. Pure: no I/O. (The writer's names are
 * json_string, json_uint...; the reader's accessors are json_get_*.) */
#ifndef ACMEPROBE_JSON_PARSE_H
#define ACMEPROBE_JSON_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum json_err {
	JSON_OK = 0,
	JSON_E_EMPTY,	       /* nothing but white space */
	JSON_E_TOO_LARGE,      /* the input is longer than the limit */
	JSON_E_DEPTH,	       /* arrays and objects nested deeper than the limit */
	JSON_E_TOO_MANY,       /* more values than the limit */
	JSON_E_MEMORY,	       /* an allocation failed */
	JSON_E_UNEXPECTED,     /* a character that cannot start a value */
	JSON_E_END,	       /* the input ends inside a value */
	JSON_E_TRAILING,       /* something after the value */
	JSON_E_LITERAL,	       /* a word that is not true, false or null */
	JSON_E_NUMBER,	       /* no digit where the number grammar needs one */
	JSON_E_LEADING_ZERO,   /* a number with a leading zero ("01") */
	JSON_E_CONTROL,	       /* an unescaped control character (< 0x20) in a string */
	JSON_E_ESCAPE,	       /* a backslash escape that does not exist */
	JSON_E_HEX,	       /* \u not followed by 4 hex digits */
	JSON_E_SURROGATE,      /* a \u surrogate without its other half */
	JSON_E_UTF8,	       /* octets that are not UTF-8 (RFC 8259 s8.1) */
	JSON_E_KEY,	       /* an object member that does not start with a string */
	JSON_E_COLON,	       /* no ':' after a member name */
	JSON_E_ARRAY_COMMA,    /* neither ',' nor ']' after an element */
	JSON_E_OBJECT_COMMA,   /* neither ',' nor '}' after a member */
	JSON_E_TRAILING_COMMA, /* a ',' right before ']' or '}' */
	JSON_E__COUNT
};

enum json_type {
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

/* One value. Children and siblings are indexes into the document's
 * values; 0 means none (the root, index 0, is nobody's child). */
struct json_value {
	enum json_type type;
	uint32_t count;	  /* array elements or object members */
	uint32_t first;	  /* the first child */
	uint32_t next;	  /* the next sibling in the parent */
	const char *key;  /* the member name inside an object, else NULL */
	size_t key_len;	  /* octets, without the NUL */
	const char *text; /* a string's decoded octets, a number's text */
	size_t text_len;  /* octets, without the NUL (a string may hold NULs) */
	size_t offset;	  /* where the value starts in the input */
};

struct json_limits {
	size_t max_input;   /* octets (default 16 MiB) */
	unsigned max_depth; /* arrays and objects inside each other (default 64) */
	size_t max_values;  /* (default 1,048,576) */
};

struct json_doc {
	struct json_value *values;
	size_t count, cap;
	char *pool; /* decoded strings and number texts */
	size_t pool_len, pool_cap;
};

/* Where an error was found: the octet offset, and the line and column
 * (from 1; the column counts octets) of that octet. */
struct json_where {
	size_t offset, line, column;
};

/* Reads buf[0..len) as one JSON text. A UTF-8 byte order mark at the start
 * is skipped (RFC 8259 s8.1 lets a reader ignore it). `limits` NULL: the
 * defaults. On JSON_OK, *doc holds the tree (json_doc_free releases it);
 * on an error *doc is empty and *where (when not NULL) says where. */
enum json_err json_parse(const uint8_t *buf, size_t len, const struct json_limits *limits,
			 struct json_doc *doc, struct json_where *where);
void json_doc_free(struct json_doc *doc);

/* The sentence for an error ("the input ends inside a string"...). */
const char *json_err_text(enum json_err e);
const char *json_err_name(enum json_err e); /* "JSON_E_END" */
const char *json_type_name(enum json_type t);

/* Walking the tree. NULL in, NULL out, so lookups chain. */
const struct json_value *json_root(const struct json_doc *doc);
const struct json_value *json_first(const struct json_doc *doc, const struct json_value *v);
const struct json_value *json_next(const struct json_doc *doc, const struct json_value *v);
/* The first member of object `v` whose name is exactly `key` (RFC 8259
 * s4 leaves duplicate names to the reader: the first wins here). */
const struct json_value *json_member(const struct json_doc *doc, const struct json_value *v,
				     const char *key);
/* A string value's text, or NULL for anything else (NULs inside are
 * refused, so the result is a C string with nothing hidden). */
const char *json_get_str(const struct json_value *v);
/* A number that is a non-negative integer written without fraction or
 * exponent, at most max: true and *out; else false. */
bool json_get_uint(const struct json_value *v, uint64_t max, uint64_t *out);
/* true or false: true and *out; else false. */
bool json_get_bool(const struct json_value *v, bool *out);

#endif
