/* One --trace line formatted and handed to its callback (trace.h). */
#include "net/trace.h"

#include <stdio.h>

void trace_vprintf(trace_fn fn, void *ctx, const char *rule, const char *fmt, va_list ap)
{
	if (!fn)
		return;
	char line[TRACE_LINE_MAX];
	vsnprintf(line, sizeof line, fmt, ap);
	fn(ctx, rule, line);
}

void trace_printf(trace_fn fn, void *ctx, const char *rule, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	trace_vprintf(fn, ctx, rule, fmt, ap);
	va_end(ap);
}
