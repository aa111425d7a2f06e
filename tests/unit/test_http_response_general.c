/* src/http/response.c built with HTTP_RESPONSE_FAST 0 (the general way
 * only, as make tiny and make static build it) against the library's
 * build: the same results (http_response_ways.h). */
#include "http/response.h"

#define HTTP_RESPONSE_FAST 0
#define http_strerror general_http_strerror
#define http_response_init general_http_response_init
#define http_response_feed general_http_response_feed
#define http_response_eof general_http_response_eof
#include "http/response.c"
#undef http_strerror
#undef http_response_init
#undef http_response_feed
#undef http_response_eof

#define WAY_init general_http_response_init
#define WAY_feed general_http_response_feed
#define WAY_eof general_http_response_eof
#include "http_response_ways.h"

Test(http_response_general, corpus_alike)
{
	ways_corpus();
}

Test(http_response_general, generated_alike)
{
	ways_generated(3000);
}
