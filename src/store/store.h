/*
 * store: lia's persistence interface. Everything that reads or writes the
 * database goes through these functions; only files in src/store/ know SQL
 * or an engine's API (SQLite or PostgreSQL, chosen by store_open). Results come back as jansson values in the shape the pages and
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
struct actor;

/* On a store function whose result says whether it worked (0 or a negative
 * LIA_E* code): a caller that ignores it is a compile error, because the
 * caller would go on as if a write had happened or *out were set. Where a
 * failure really does not matter, say so at the call site with a comment and
 * an explicit check (logging it), not a (void) cast. */
#define STORE_MUST_CHECK __attribute__((warn_unused_result))

enum store_open_flags {
	STORE_OPEN_EXISTING = 0, /* the file must exist and be a lia database */
	STORE_OPEN_CREATE = 1,   /* create the file if it is not there */
	STORE_OPEN_READONLY = 2,
};

/* Does path name a PostgreSQL server (a postgresql:// or postgres:// URI)
 * rather than a SQLite file? */
bool store_is_server(const char *path);
/* path as it may be shown or logged: a URI without its password (malloc'd). */
char *store_display_name(const char *path);

/* Open (and with STORE_OPEN_CREATE, create) a database: a SQLite file, or a
 * PostgreSQL database named by a URI (which must exist; CREATE only allows
 * it to be empty). On failure
 * returns a negative error code and, if err is not NULL, a malloc'd message
 * (English, for the CLI) that the caller frees. */
STORE_MUST_CHECK int store_open(const char *path, int flags, struct store **out, char **err);
void store_close(struct store *s);

/* Bring the schema up to date, each migration in its own transaction.
 * Returns 0 or LIA_EDB (message in *err, malloc'd). */
STORE_MUST_CHECK int store_migrate(struct store *s, char **err);
/* The schema version: number of the last migration applied (0 if none). */
int store_schema_version(struct store *s);
/* The number of migrations this build knows. */
int store_schema_latest(void);
/* The migrations this database still needs, in the order they would run,
 * read from the migrations themselves (store/migrate_plan.c); changes
 * nothing. An array of {version, name, summary_en, summary_nl, changes:
 * [{change: add|replace|remove, kind: table|column|view|trigger|index|function,
 * name}]}; empty when the database is up to date. */
json_t *store_migrations_pending(struct store *s);

/* A consistent copy of a SQLite database in the file dest while others go
 * on reading and writing (SQLite's online backup), checked before it takes
 * dest's place: dest is either the whole new copy or as it was, readable
 * by its owner only (0600: it holds personal data). 0, or an
 * error with *err (malloc'd, English); LIA_EINVAL on PostgreSQL (pg_dump). */
STORE_MUST_CHECK int store_backup(struct store *s, const char *dest, char **err);
/* Is the SQLite file at path a whole lia database (integrity check, lia's
 * application id, a schema version, set in *version)? 0 or LIA_EINVAL with
 * *err (malloc'd, English). Opens it read-only: nothing is changed. */
STORE_MUST_CHECK int store_check_copy(const char *path, int *version, char **err);

/* Fill reference data (CRPD articles, national survey figures) if empty. */
STORE_MUST_CHECK int store_load_reference(struct store *s, char **err);
/* Load the demo programme (Nijmegen) into an empty database, in one transaction. */
STORE_MUST_CHECK int store_load_demo(struct store *s, char **err);
/* True if the database holds at least one programme. */
bool store_has_programme(struct store *s);

/* A read snapshot: every query between begin and end sees the same state,
 * and the file lock is taken once rather than per statement. */
STORE_MUST_CHECK int store_read_begin(struct store *s);
void store_read_end(struct store *s);

/* Connection pool for the server: n connections to one file. */
STORE_MUST_CHECK int store_pool_open(const char *path, unsigned n, struct store_pool **out, char **err);
void store_pool_close(struct store_pool *p);
/* Municipality 1's connection (store_pool_acquire_for(p, 1)): blocks until
 * one is free; NULL when it cannot serve municipality 1 (logged). */
struct store *store_pool_acquire(struct store_pool *p);
void store_pool_release(struct store_pool *p, struct store *s);
/* A connection serving one municipality (the pool of store_pool_open serves
 * every municipality of its deployment: on SQLite a small pool per
 * municipality file, opened when first needed; on PostgreSQL the same
 * connections, with lia.municipality set on acquire). NULL when the
 * municipality is not registered or its file cannot be opened, and on
 * PostgreSQL when the role skips row-level security and the municipality is
 * not 1 or there are several (logged).
 * Give it back with store_pool_release. */
struct store *store_pool_acquire_for(struct store_pool *p, long long municipality_id);
/* SQLite: how many connections to other municipalities' files the pool
 * keeps open now (idle ones and data-version watchers; bounded). */
unsigned store_pool_open_files(struct store_pool *p);
/* SQLite: how many times the pool opened another municipality's file to read
 * its versions (a watcher), since it was opened: what reading the national
 * version costs. */
unsigned long long store_pool_files_opened(struct store_pool *p);
/* As store_data_version, for one municipality's data (on PostgreSQL the
 * deployment's, which covers it). */
STORE_MUST_CHECK int store_data_version_for(struct store_pool *p, long long municipality_id, unsigned long long *out);
/* SQLite: municipality id's (not 1's) counter of what the national picture
 * reads from its file (lia_national_version, 0020), as store_national_version
 * last knew it, read again if the file was written since: equal numbers
 * mean the same published summary, whatever else changed. LIA_ENOTFOUND
 * when the pool has no watch on the files (read store_data_version_for
 * then) or no such municipality; LIA_EDB. */
STORE_MUST_CHECK int store_national_counter_for(struct store_pool *p, long long municipality_id, unsigned long long *out);
/* A number that changes whenever any change to the data is committed, by
 * this process or another (store/version.c); equal numbers mean the same
 * data. For caches of what was made from the data. Returns 0 or LIA_EDB. */
STORE_MUST_CHECK int store_data_version(struct store_pool *p, unsigned long long *out);

/*
 * Municipalities (store/municipality.c). Every lia database is a deployment
 * with a registry of municipalities; each has its own programme, people,
 * accounts, funds, periods and reports. A deployment made before there was a
 * registry holds municipality 1 only, and every connection opened with
 * store_open serves municipality 1, so a single-municipality deployment works
 * as before.
 *
 * SQLite: the --db file holds the registry and municipality 1's data; every
 * other municipality has its own file next to it (lia.db -> lia.db.d/gm0202.sqlite,
 * mode 0600). PostgreSQL: one database; every tenant table has a
 * municipality_id column and a forced row-level security policy on the
 * setting lia.municipality, which store_open_municipality sets (unset: no
 * rows at all).
 */
/* The registry, ordered by name: [{id, code, slug, name, host (or null),
 * is_example, created_at}]. Any connection of the deployment reads it. */
STORE_MUST_CHECK int store_municipalities(struct store *s, json_t **out);
/* One municipality by its CBS code (any case), its slug or (with by_host) its
 * host name; LIA_ENOTFOUND if none. */
STORE_MUST_CHECK int store_municipality_find(struct store *s, const char *key, bool by_host, json_t **out);
/* Register a municipality (code GM + 4 digits, slug of a-z, 0-9 and -, a
 * name, an optional host name), audited in municipality 1. s must be a
 * connection of the deployment as store_open gives it (municipality 1). On
 * SQLite it also creates and migrates the municipality's file (removed again
 * when registering fails). LIA_EINVAL for a bad value, LIA_ECONFLICT when
 * the code, slug or host is taken; *id is the new id. */
STORE_MUST_CHECK int store_municipality_add(struct store *s, const struct actor *a, const char *code, const char *slug,
                                            const char *name, const char *host, bool is_example, long long *id);
/* Change municipality id's code, slug, name or host (NULL: keep; host ""
 * removes it), audited in municipality 1 (s as store_municipality_add
 * takes it). On SQLite the code of a municipality other than the first
 * stays (it names its file). LIA_EINVAL, LIA_ECONFLICT, LIA_ENOTFOUND as
 * store_municipality_add. */
STORE_MUST_CHECK int store_municipality_set(struct store *s, const struct actor *a, long long id, const char *code,
                                            const char *slug, const char *name, const char *host);
/* A number that moves whenever this process changed the registry (add, set),
 * so a copy of it (the server's, http/tenant.c) is read again at once. */
unsigned long long store_registry_generation(void);
/* Open a connection that serves one municipality of the deployment at path
 * (as store_open; municipality 1 is the same as store_open). */
STORE_MUST_CHECK int store_open_municipality(const char *path, long long municipality_id, int flags, struct store **out,
                                             char **err);
/* PostgreSQL: set connection s (between transactions) to serve municipality
 * id from now on; LIA_ENOTFOUND if it is not registered, LIA_EFORBIDDEN if
 * the role skips row-level security and there are several. SQLite: 0 if s
 * is that municipality's already, else LIA_EINVAL (a file is one). */
STORE_MUST_CHECK int store_scope(struct store *s, long long municipality_id);
/* Is the first path segment seg (n bytes) one of the deployment's own pages
 * at the root of a deployment with several municipalities (/hosting,
 * /sign-in, /password, ...)? No short name may be one of these. */
bool store_deployment_page(const char *seg, size_t n);
/* SQLite: the file of municipality code in the deployment at path (malloc'd);
 * NULL on PostgreSQL. */
char *store_municipality_location(const char *path, const char *code);
/* SQLite: the folder that holds those files (malloc'd; it may not be there
 * yet); NULL on PostgreSQL. */
char *store_municipality_folder(const char *path);
/* The deployment a connection belongs to, as --db names it. */
const char *store_deployment(const struct store *s);
/* The municipality a connection serves. */
long long store_municipality_of(const struct store *s);
/* Set or clear the hosting-administrator flag of the account with this
 * e-mail in municipality 1 (s as store_open gives it), audited.
 * LIA_ENOTFOUND if there is no such account. */
STORE_MUST_CHECK int store_user_set_host_admin(struct store *s, const struct actor *a, const char *email, bool on);
/* PostgreSQL: does this connection's role skip row-level security (a
 * superuser or BYPASSRLS)? Then separation between municipalities rests on
 * lia's own filters only, and `lia serve` refuses a deployment with more
 * than one. Always false on SQLite. */
STORE_MUST_CHECK int store_bypasses_rls(struct store *s, bool *bypass);

/* Who reads, which decides what a read query returns. */
struct viewer {
	const char *lang; /* "nl" or "en": picks the title columns */
	bool drafts;      /* signed in: open (unpublished) periods count too */
	const char *now;  /* the request's time (UTC ISO 8601): what counts as overdue; NULL: nothing */
};

/*
 * Read queries. Each returns 0 and sets *out to a new reference,
 * LIA_ENOTFOUND when the id does not exist (or is not visible to this
 * viewer), or LIA_EDB. The public (drafts false) sees only what belongs to
 * published reporting periods. Restricted interview notes and people's
 * contact details and communication needs are never part of these results.
 */
STORE_MUST_CHECK int store_programme(struct store *s, const struct viewer *v, json_t **out);
STORE_MUST_CHECK int store_dashboard(struct store *s, const struct viewer *v, json_t **out);
STORE_MUST_CHECK int store_themes(struct store *s, const struct viewer *v, json_t **out);
STORE_MUST_CHECK int store_theme(struct store *s, const struct viewer *v, long long id, json_t **out);
STORE_MUST_CHECK int store_actions(struct store *s, const struct viewer *v, json_t **out);
STORE_MUST_CHECK int store_action(struct store *s, const struct viewer *v, long long id, json_t **out);
STORE_MUST_CHECK int store_crpd(struct store *s, const struct viewer *v, json_t **out);
STORE_MUST_CHECK int store_crpd_article(struct store *s, const struct viewer *v, long long number, json_t **out);
STORE_MUST_CHECK int store_organisation(struct store *s, const struct viewer *v, json_t **out);
STORE_MUST_CHECK int store_events(struct store *s, const struct viewer *v, json_t **out);
STORE_MUST_CHECK int store_interviews(struct store *s, const struct viewer *v, json_t **out);
STORE_MUST_CHECK int store_periods(struct store *s, const struct viewer *v, json_t **out);
STORE_MUST_CHECK int store_period(struct store *s, const struct viewer *v, long long id, json_t **out);

/*
 * Who makes a change: every write names its actor, and every write records an
 * audit entry (before and after) in the same transaction.
 */
struct actor {
	long long user_id;      /* 0 for the command line or the system */
	const char *request_id; /* NULL outside HTTP */
	const char *now;        /* the time of the change, UTC ISO 8601 */
};

/* Users, sessions, API tokens and sign-in throttling (q_auth.c). Times are
 * UTC ISO 8601 strings; the caller passes "now" so tests can fix the clock. */
/* The account roles are the vocabulary's "user_role" list (core/vocab.h):
 * check one with vocab_has("user_role", role). The count stays for tables
 * that give each role more words than its label. */
enum { STORE_ROLE_COUNT = 4 };

STORE_MUST_CHECK int store_user_create(struct store *s, const struct actor *a, const char *email, const char *name,
                      const char *role, long long person_id, const char *password_hash, long long *id);
/* The user with this e-mail (lower-cased), including password_hash: for
 * signing in only, never for output. */
STORE_MUST_CHECK int store_user_by_email(struct store *s, const char *email, json_t **out);
STORE_MUST_CHECK int store_user_set_password(struct store *s, const struct actor *a, long long id, const char *password_hash);
STORE_MUST_CHECK int store_user_disable(struct store *s, const struct actor *a, long long id);
/* The language ("nl" or "en") the account's e-mail is written in; audited.
 * LIA_EINVAL for another language, LIA_ENOTFOUND. */
STORE_MUST_CHECK int store_user_set_lang(struct store *s, const struct actor *a, long long id, const char *lang);
STORE_MUST_CHECK int store_users(struct store *s, json_t **out);

/* Sessions (q_session.c). user_agent and address describe the device for
 * the account page (cut to 200 characters). */
STORE_MUST_CHECK int store_session_create(struct store *s, long long user_id, const char *token_digest, const char *csrf,
                         const char *now, const char *expires_at, const char *user_agent, const char *address);
/* The signed-in user for a session token digest, or LIA_ENOTFOUND when the
 * session is unknown, ended, expired (absolute or idle_since), or the user
 * is disabled. Includes role, person, experience-expert flag, csrf,
 * session_id, expires_at and last_seen_at. */
STORE_MUST_CHECK int store_session_user(struct store *s, const char *token_digest, const char *now, const char *idle_since,
                       json_t **out);
/* Record activity at most once per minute (callers pass the cut-off).
 * It does not wait for another write (an import may hold the writer for
 * a minute): LIA_ECONFLICT then, and a later request records it. */
STORE_MUST_CHECK int store_session_touch(struct store *s, const char *token_digest, const char *now, const char *stale_before);
STORE_MUST_CHECK int store_session_end(struct store *s, const char *token_digest, const char *now);
/* An account's open sessions, newest first: [{id, user_agent, address,
 * created_at, last_seen_at, expires_at}] (no digest, no CSRF token). */
STORE_MUST_CHECK int store_sessions(struct store *s, long long user_id, const char *now, const char *idle_since,
                                    json_t **out);
/* End one session of user_id (LIA_ENOTFOUND if it is not theirs or already
 * over), audited as a change ("update") of the session: ended_at. */
STORE_MUST_CHECK int store_session_end_own(struct store *s, const struct actor *a, long long user_id, long long session_id);
/* End every open session of user_id except keep_id (0: all), audited as a
 * change of the account: {"id", "sessions_ended": how many}. */
STORE_MUST_CHECK int store_sessions_end_all(struct store *s, const struct actor *a, long long user_id, long long keep_id);
/* A form that arrived after its session ended, kept in the new session until
 * shown (fields: JSON text of {name: value}); take reads and forgets it
 * (LIA_ENOTFOUND when there is none). */
STORE_MUST_CHECK int store_session_resume_put(struct store *s, const char *token_digest, const char *to, const char *fields);
STORE_MUST_CHECK int store_session_resume_take(struct store *s, const char *token_digest, json_t **out);
/* As take, but the form stays. */
STORE_MUST_CHECK int store_session_resume_peek(struct store *s, const char *token_digest, json_t **out);
/* The user of a session that ran out (absolute end at or before now, or
 * last used at or before idle_since) but was never ended (signed out, ended
 * on the account page, password changed) and whose account is not disabled;
 * LIA_ENOTFOUND otherwise. Only such a session may keep a late form;
 * *has_form says whether it holds one. */
STORE_MUST_CHECK int store_session_ended(struct store *s, const char *token_digest, const char *now, const char *idle_since,
                                         long long *user_id, bool *has_form);

/* The second factor (q_totp.c, migration 0019). The key is base32 and never
 * leaves these functions except to check a code or to show a key being set
 * up to its owner. */
/* {id, email, role, disabled_at, totp_secret (null without one),
 * totp_last_step} of an account: for checking a code, never for output. */
STORE_MUST_CHECK int store_totp_state(struct store *s, long long user_id, json_t **out);
/* Accept the code of time step `step` for user_id: only if the last step
 * accepted for the account is earlier (LIA_ECONFLICT: a replayed code). */
STORE_MUST_CHECK int store_totp_use_step(struct store *s, long long user_id, long long step);
/* Use one of user_id's recovery codes by its digest, once (LIA_ENOTFOUND
 * when there is no unused one with this digest); audited. *left: how many
 * unused codes remain. */
STORE_MUST_CHECK int store_totp_recovery_use(struct store *s, const struct actor *a, long long user_id,
                                             const char *digest, long long *left);
/* The key being set up for user_id: the one waiting in totp_enrolment, or
 * `fresh` (then stored). out gets TOTP_SECRET_LEN + 1 bytes. */
STORE_MUST_CHECK int store_totp_enrolment(struct store *s, long long user_id, const char *fresh, const char *now,
                                          char *out, size_t n);
/* Set up is confirmed: the waiting key becomes the account's, step the
 * last accepted, digests (an array of n hex digests) its recovery codes
 * (any older ones go); audited without the key. */
STORE_MUST_CHECK int store_totp_enrol(struct store *s, const struct actor *a, long long user_id, long long step,
                                      const char *const *digests, size_t n);
/* Set the account's key directly (the demo accounts); no recovery codes. */
STORE_MUST_CHECK int store_totp_set(struct store *s, const struct actor *a, long long user_id, const char *secret);
/* A new set of recovery codes for user_id (the old ones stop working); audited. */
STORE_MUST_CHECK int store_totp_recovery_replace(struct store *s, const struct actor *a, long long user_id,
                                                 const char *const *digests, size_t n);
/* Unused recovery codes of user_id. */
STORE_MUST_CHECK int store_totp_recovery_left(struct store *s, long long user_id, long long *left);
/* Remove user_id's second factor (a lost phone) and end their sessions;
 * audited. They set up a new one at their next sign-in when their role
 * needs it, or on /account. */
STORE_MUST_CHECK int store_totp_reset(struct store *s, const struct actor *a, long long user_id);
/* A sign-in between the password and the code: the digest of a random
 * cookie, for a few minutes. pending_user gives {user_id, next} of one
 * that is neither ended nor expired; pending_end ends it. */
STORE_MUST_CHECK int store_pending_create(struct store *s, long long user_id, const char *token_digest, const char *next,
                                          const char *now, const char *expires_at);
STORE_MUST_CHECK int store_pending_user(struct store *s, const char *token_digest, const char *now, json_t **out);
STORE_MUST_CHECK int store_pending_end(struct store *s, const char *token_digest, const char *now);

/* An API token that ends at expires_at and may change things only with can_write. */
STORE_MUST_CHECK int store_token_create(struct store *s, const struct actor *a, long long user_id, const char *name,
                       const char *token_digest, const char *expires_at, bool can_write, long long *id);
/* The account of an API token that is not revoked, not expired and whose
 * account is not disabled; includes token_id and can_write. */
STORE_MUST_CHECK int store_token_user(struct store *s, const char *token_digest, const char *now, json_t **out);
STORE_MUST_CHECK int store_token_revoke(struct store *s, const struct actor *a, long long id);
/* Revoke every API token of user_id that still works, each audited as a
 * change ("update", revoked_at), inside the caller's transaction: a new
 * password (account page, lia user passwd, a reset link) leaves no token
 * that someone who knew the old one may have made. */
STORE_MUST_CHECK int store_tokens_revoke_all(struct store *s, const struct actor *a, long long user_id);
STORE_MUST_CHECK int store_tokens(struct store *s, long long user_id, json_t **out);

STORE_MUST_CHECK int store_sign_in_record(struct store *s, const char *email, const char *address, bool success, const char *now);
/* Failed attempts since `since` for this e-mail and for this address. */
STORE_MUST_CHECK int store_sign_in_failures(struct store *s, const char *email, const char *address, const char *since,
                           long long *by_email, long long *by_address);

/* Record an event that changes no row (signing in) in the audit log. */
STORE_MUST_CHECK int store_audit_event(struct store *s, const struct actor *a, const char *action, const char *entity, long long id);

/* The audit log (q_audit.c). Filters may be NULL/0. Newest first. */
STORE_MUST_CHECK int store_audit(struct store *s, const char *entity, long long user_id, const char *since, long long limit,
                json_t **out);

/* One page of the audit log, newest first: entries matching every filter
 * that is set (NULL/0 = any). since/until are dates (YYYY-MM-DD, inclusive);
 * before_id gives the page after an earlier one ("older"). Each entry has
 * changed_at, user_email, user_name, action, entity, entity_id, before_json
 * and after_json (JSON text). */
struct audit_filter {
	const char *entity;
	long long user_id;
	const char *since;
	const char *until;
	long long before_id;
	long long limit; /* 0 = 50 */
};
STORE_MUST_CHECK int store_audit_page(struct store *s, const struct audit_filter *f, json_t **out);
/* What the audit log can be filtered on: entities [{entity}] and accounts [{id, email, display_name}]. */
STORE_MUST_CHECK int store_audit_choices(struct store *s, json_t **entities, json_t **users);

/* One account (public columns, no password hash), or LIA_ENOTFOUND. */
STORE_MUST_CHECK int store_user(struct store *s, long long id, json_t **out);
/* Change an account in one audited write: name, role, linked person (0 =
 * none), disabled or not, and (if password_hash is not NULL) the password. */
STORE_MUST_CHECK int store_user_update(struct store *s, const struct actor *a, long long id, const char *name, const char *role,
                      long long person_id, bool disabled, const char *password_hash);
/* People an account can be linked to: [{id, name}]. */
STORE_MUST_CHECK int store_person_choices(struct store *s, json_t **out);
/* One API token (no digest), or LIA_ENOTFOUND. */
STORE_MUST_CHECK int store_token(struct store *s, long long id, json_t **out);

#endif
