/*
 * problem: the one mapping from lia error codes to HTTP status codes and to
 * the titles of RFC 9457 problem details (application/problem+json).
 */
#ifndef LIA_HTTP_PROBLEM_H
#define LIA_HTTP_PROBLEM_H

#include <jansson.h>

int problem_status(int err);
/* Translated short title for a status ("Page not found"). */
const char *problem_title(int status, const char *lang);
/* Default translated detail for a status, used when the handler gave none. */
const char *problem_detail(int status, const char *lang);
/* {"type","title","status","detail","instance","request_id"} (new reference). */
json_t *problem_json(int status, const char *detail, const char *lang, const char *path, const char *request_id);

/* s with every byte that is not part of valid UTF-8 written as %XX (so an
 * address like /actions/%FF can be shown and quoted); NULL when s is valid
 * UTF-8 already, else a malloc'd string. */
char *problem_utf8_fix(const char *s);

#endif
