/*
 * store: lia's persistence interface. Everything that reads or writes the
 * database goes through these functions; only files in src/store/ know SQL
 * or the SQLite API (a PostgreSQL backend comes later behind the same
 * interface). Results come back as jansson values in the shape the pages and
 * the JSON API use; the caller owns the returned reference.
 *
 * A struct store is one connection and is used by one thread at a time; the
 * HTTP server takes connections from a store_pool.
 */
#ifndef LIA_STORE_STORE_H
#define LIA_STORE_STORE_H

#include <jansson.h>
#include <stdbool.h>

struct store;
struct store_pool;

enum store_open_flags {
	STORE_OPEN_EXISTING = 0, /* the file must exist and be a lia database */
	STORE_OPEN_CREATE = 1,   /* create the file if it is not there */
	STORE_OPEN_READONLY = 2,
};

/* Open (and with STORE_OPEN_CREATE, create) a database file. On failure
 * returns a negative error code and, if err is not NULL, a malloc'd message
 * (English, for the CLI) that the caller frees. */
int store_open(const char *path, int flags, struct store **out, char **err);
void store_close(struct store *s);

/* Bring the schema up to date, each migration in its own transaction.
 * Returns 0 or LIA_EDB (message in *err, malloc'd). */
int store_migrate(struct store *s, char **err);
/* The schema version: number of the last migration applied (0 if none). */
int store_schema_version(struct store *s);
/* The number of migrations this build knows. */
int store_schema_latest(void);

/* Fill reference data (CRPD articles, national survey figures) if empty. */
int store_load_reference(struct store *s, char **err);
/* Load the demo programme (Nijmegen) into an empty database, in one transaction. */
int store_load_demo(struct store *s, char **err);
/* True if the database holds at least one programme. */
bool store_has_programme(struct store *s);

/* A read snapshot: every query between begin and end sees the same state,
 * and the file lock is taken once rather than per statement. */
int store_read_begin(struct store *s);
void store_read_end(struct store *s);

/* Connection pool for the server: n connections to one file. */
int store_pool_open(const char *path, unsigned n, struct store_pool **out, char **err);
void store_pool_close(struct store_pool *p);
struct store *store_pool_acquire(struct store_pool *p); /* blocks until one is free */
void store_pool_release(struct store_pool *p, struct store *s);

/*
 * Read queries. lang is "nl" or "en" and picks the title columns. Each returns
 * 0 and sets *out to a new reference, LIA_ENOTFOUND when the id does not
 * exist, or LIA_EDB. Restricted interview notes and people's contact details
 * and communication needs are never part of these results.
 */
int store_programme(struct store *s, const char *lang, json_t **out);
int store_dashboard(struct store *s, const char *lang, json_t **out);
int store_themes(struct store *s, const char *lang, json_t **out);
int store_theme(struct store *s, const char *lang, long long id, json_t **out);
int store_actions(struct store *s, const char *lang, json_t **out);
int store_action(struct store *s, const char *lang, long long id, json_t **out);
int store_crpd(struct store *s, const char *lang, json_t **out);
int store_crpd_article(struct store *s, const char *lang, long long number, json_t **out);
int store_organisation(struct store *s, const char *lang, json_t **out);
int store_events(struct store *s, const char *lang, json_t **out);
int store_interviews(struct store *s, const char *lang, json_t **out);
int store_periods(struct store *s, const char *lang, json_t **out);
int store_period(struct store *s, const char *lang, long long id, json_t **out);

#endif
