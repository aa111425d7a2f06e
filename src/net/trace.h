/* The --trace lines of every engine: each caller hands a callback that
 * takes one finished line, the rule it applies first ("R-CAA-6"), and the
 * command line prints "[rule] line". The formatting is done here, once. */
#ifndef ACMEPROBE_NET_TRACE_H
#define ACMEPROBE_NET_TRACE_H

#include <stdarg.h>

/* One line: `rule` the rule it applies, `line` the text after it. */
typedef void (*trace_fn)(void *ctx, const char *rule, const char *line);

/* The longest line handed over, its NUL included: a name's text
 * (DNS_MAX_NAME_TEXT), a record (1,024) or a DNS-01 verdict's detail
 * (4,096) and the words around them fit; anything longer is cut. */
#define TRACE_LINE_MAX 4352

/* Formats the line and hands it to fn(ctx, rule, line); nothing when fn is
 * NULL (no --trace). */
void trace_printf(trace_fn fn, void *ctx, const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void trace_vprintf(trace_fn fn, void *ctx, const char *rule, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

#endif
