/*
 * q_result: how the read queries (q_*.c) turn the results of db_row and
 * db_rows into their answer. A query that fails gives NULL; a db_row without
 * a row gives JSON null. These helpers map that to 0, LIA_EDB or
 * LIA_ENOTFOUND and release what the caller will not get, so a read query
 * says what it asks and not, each time again, how to clean up. Internal to
 * src/store/.
 */
#ifndef LIA_STORE_Q_RESULT_H
#define LIA_STORE_Q_RESULT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* What db_row gave, as an answer: LIA_EDB if the query failed (row NULL),
 * LIA_ENOTFOUND if there was no row (row is released), else 0 (the caller
 * keeps row). */
int q_found(json_t *row);

/* True if any of the n results is NULL (a query failed); then every one that
 * is not NULL is released. False leaves them all to the caller. */
bool q_failed(json_t *const *results, size_t n);
#define Q_FAILED(...) \
	q_failed((json_t *const[]){__VA_ARGS__}, sizeof((json_t *const[]){__VA_ARGS__}) / sizeof(json_t *))

/* One member of an answer: a db_rows result under its key. */
struct q_part {
	const char *key;
	json_t *value;
};

/* The answer row with the n parts set on it: *out = row and 0, or LIA_EDB
 * if a part is NULL (a query failed). Takes the references of row and of
 * every part either way. */
int q_answer(json_t *row, const struct q_part *parts, size_t n, json_t **out);
#define Q_ANSWER(row, out, ...) \
	q_answer(row, (const struct q_part[]){__VA_ARGS__}, \
	         sizeof((const struct q_part[]){__VA_ARGS__}) / sizeof(struct q_part), out)

/* Split an interview's participants (rows with a "role", borrowed) into the
 * duo who held it and the dossier holders who were asked: two new arrays
 * (the caller owns them) holding references to the rows, in their order. */
void q_split_participants(json_t *people, json_t **interviewers, json_t **holders);

#endif
