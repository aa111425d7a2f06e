/* An LD_PRELOAD library that counts heap allocations: every entry point of
 * glibc's allocator is wrapped, counted, and passed on to glibc's own
 * implementation (__libc_malloc and friends). The harness finds the
 * counters with dlsym when run with -a. Timed and callgrind runs do not
 * load it, so it costs them nothing. */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t align, size_t n);
extern void __libc_free(void *p);

/* [0] new blocks (malloc, calloc, the aligned ones), [1] realloc calls,
 * [2] frees of non-NULL pointers. */
unsigned long bench_alloc_counters[3];

void *malloc(size_t n)
{
	bench_alloc_counters[0]++;
	return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
	bench_alloc_counters[0]++;
	return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
	bench_alloc_counters[1]++;
	return __libc_realloc(p, n);
}

void free(void *p)
{
	if (p)
		bench_alloc_counters[2]++;
	__libc_free(p);
}

void *memalign(size_t align, size_t n)
{
	bench_alloc_counters[0]++;
	return __libc_memalign(align, n);
}

void *aligned_alloc(size_t align, size_t n)
{
	bench_alloc_counters[0]++;
	return __libc_memalign(align, n);
}

int posix_memalign(void **out, size_t align, size_t n)
{
	bench_alloc_counters[0]++;
	void *p = __libc_memalign(align, n);
	if (p == NULL)
		return ENOMEM;
	*out = p;
	return 0;
}
