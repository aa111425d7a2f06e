/* src/http/response.c built with HTTP_RESPONSE_PORTABLE (the fast ways
 * with byte loops, as on a machine without SSE2) against the library's
 * build: the same results (http_response_ways.h). */
#include "http/response.h"

#define HTTP_RESPONSE_PORTABLE 1
#define http_strerror portable_http_strerror
#define http_response_init portable_http_response_init
#define http_response_feed portable_http_response_feed
#define http_response_eof portable_http_response_eof
#include "http/response.c"
#undef http_strerror
#undef http_response_init
#undef http_response_feed
#undef http_response_eof

#define WAY_init portable_http_response_init
#define WAY_feed portable_http_response_feed
#define WAY_eof portable_http_response_eof
#include "http_response_ways.h"

Test(http_response_portable, corpus_alike)
{
	ways_corpus();
}

Test(http_response_portable, generated_alike)
{
	ways_generated(3000);
}
