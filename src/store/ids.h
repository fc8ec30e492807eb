/*
 * ids: a list of record ids as the store takes them (the themes of an event,
 * the interviewers of an interview). Pages make one from a form's checkboxes
 * with form_ids(); the store checks that they exist before it links them.
 */
#ifndef LIA_STORE_IDS_H
#define LIA_STORE_IDS_H

#include <stddef.h>

/* v points into the caller's memory (usually the request's arena). */
struct id_list {
	const long long *v;
	size_t n;
};

#endif
