/*
 * request: what a page handler sees of an HTTP request, and what it returns.
 * Handlers never touch libmicrohttpd: they read the request through these
 * fields and functions, use r->store, allocate from r->arena, and fill a
 * struct resp. Everything here lives until the request completes.
 */
#ifndef LIA_HTTP_REQUEST_H
#define LIA_HTTP_REQUEST_H

#include "core/arena.h"
#include "store/store.h"
#include "view/view.h"

#include <jansson.h>
#include <stdbool.h>

#define REQ_MAX_PARAMS 4
#define REQ_MAX_ACCESS 4

/* A read of sensitive data the access log must hold (store/q_access.h);
 * written by the HTTP layer after the handler, outside its read snapshot. */
struct req_access {
	const char *what, *entity;
	long long entity_id, person_id;
	bool allowed;
};

/* Sessions (ASVS 4.0 V3.3.2, V3.3.3): ended after SESSION_IDLE_S without a
 * request, and SESSION_MAX_S after signing in whatever happens. Every page
 * says when the session ends and offers to extend it (WCAG 2.2.1), and a
 * form sent after the end is kept through signing in again (WCAG 2.2.5). */
#define SESSION_IDLE_S (30 * 60)
#define SESSION_MAX_S (12 * 3600)

struct route;

/* The signed-in user of a request. Strings live in the request's arena. */
struct user {
	long long id;
	const char *email;
	const char *name;
	const char *role;       /* coordinator, project_member, dossier_holder, reader */
	long long person_id;    /* 0 if the account is not linked to a person */
	bool expert;            /* the person is an experience expert */
	bool via_token;         /* signed in with a personal API token */
	const char *session;    /* digest of the session token (NULL with an API token) */
	long long session_id;   /* the session's row (0 with an API token) */
	const char *session_ends; /* when the session ends unless used, UTC ISO 8601 (NULL with a token) */
	bool can_write;         /* an API token that may change things (true for sessions) */
	bool host_admin;        /* a hosting administrator (municipality 1 only; lia municipality admin) */
};

struct req {
	struct arena *arena;   /* freed when the request completes */
	struct store *store;   /* borrowed from the pool for this request */
	struct store_pool *pool; /* that pool (for pages that read every municipality); NULL outside the server */
	const char *method;
	const char *path;      /* without the /api/v1 prefix */
	const char *id;        /* request id, for logs and error pages */
	const char *lang;      /* "nl" or "en" */
	bool api;              /* the path started with /api/v1 */
	bool want_json;        /* API path or Accept: application/json */
	const char *params[REQ_MAX_PARAMS]; /* path captures, in pattern order */
	unsigned nparams;
	const struct user *user; /* NULL for the public */
	json_t *body;          /* submitted fields: a form (name -> string, or array
	                          when repeated) or a JSON object; NULL if none */
	const char *csrf;      /* the token every form of this request must carry */
	const char *client_ip;
	const char *now;       /* the request's time, UTC ISO 8601 */
	void *conn;            /* the HTTP layer's state of this request (its exchange); opaque here */
	const struct route *route; /* the route this request matched */
	/* A form that arrived after its session ended (http/dispatch.c): where
	 * it was going and its fields, for the sign-in page to keep. */
	const char *resume_to;
	json_t *resume_fields;
	/* The digest of a session cookie whose session ran out without being
	 * ended (store_session_ended), and its user; NULL and 0 otherwise. A
	 * kept form lives in that session's row, for that user only. */
	const char *ended_session;
	long long ended_user;
	/* The cookie of a sign-in waiting for its second factor (its random
	 * value, never a session), or NULL. */
	const char *pending;
	struct req_access access[REQ_MAX_ACCESS]; /* reads to put on record (req_access) */
	/* The municipality this request is for (http/tenant.c): r->store serves
	 * it. base is "" or "/slug", what every local link and redirect of the
	 * answer starts with (the HTTP layer puts it in front of them: handlers
	 * write paths without it, and r->path is without it). deployment: a
	 * page of the whole deployment (the list of municipalities, /hosting),
	 * served with municipality 1's data. example: its data is example data. */
	long long municipality_id;
	const char *base;
	const char *site;      /* "https://host" when reached by its own host name, else NULL */
	bool deployment;
	bool example;
	unsigned naccess;
};

/* A handler's answer. Either data + template (rendered as HTML, or sent as
 * JSON), or a raw body (static files). Errors are returned as a negative
 * code with detail set to a translated sentence that says what to do. */
struct resp {
	int status;              /* 0 means 200 */
	json_t *data;            /* the resource; the HTTP layer releases it */
	json_t *extra;           /* HTML-only additions (charts); released too */
	const char *template;    /* e.g. "dashboard" (templates/dashboard.mustache) */
	const char *title;       /* translated page title */
	const char *detail;      /* for errors: what went wrong and how to fix it */
	const char *body;        /* raw body (static assets), not freed */
	size_t body_len;
	const char *content_type;
	const char *download;    /* raw body: offer it as a file of this name (ASCII, no quotes) */
	const char *language;    /* raw body: its language, if not the request's ("nl", "en") */
	const char *style_hash;  /* raw body: an inline style it may use ("'sha256-...'" for the CSP) */
	const char *cache_control; /* also for a page: "no-store" for one that shows a secret */
	const char *etag;
	const char *redirect;    /* answer 303 See Other to this local path */
	const char *flash;       /* key of a message for the next page (strings.c: flash_KEY) */
	const char *new_session; /* a new session token: set it as the session cookie */
	bool end_session;        /* clear the session cookie */
	const char *new_pending; /* a sign-in now waits for its code: set this as the pending cookie */
	bool end_pending;        /* clear the pending cookie */
	json_t *errors;          /* field errors: {"field": "message"}; status 422 */
	/* A list streamed row by row into the page or its JSON (view.h; none
	 * when list.next is NULL), read while the answer is made, in the
	 * handler's read snapshot; list_close(list.ctx) is called after that,
	 * whatever the answer was. */
	struct view_list list;
	void (*list_close)(void *ctx);
};

typedef int (*page_fn)(struct req *r, struct resp *out);

/* Hand a JSON value to the request: it is released when the request ends,
 * so handlers never write decref chains. Returns v (NULL stays NULL). */
json_t *req_own(struct req *r, json_t *v);

/* Put a read of sensitive data on record (what: restricted_notes, people,
 * person, audit...; entity and ids may be NULL/0): the HTTP layer writes it
 * to the access log when the handler is done, whatever it answered. what
 * and entity must outlive the request (literals or arena strings). */
void req_access(struct req *r, const char *what, const char *entity, long long entity_id, long long person_id,
                bool allowed);

/* A submitted field as a string (the first, if repeated), or NULL. */
const char *req_field(struct req *r, const char *name);

/* An uploaded file's bytes: the file the server received for field name
 * (kept in a temporary file and mapped once, http/body.c), or else a string
 * field of that name (JSON bodies, in-process callers). *data lives until
 * the request completes and is not NUL-terminated. LIA_ENOTFOUND (with
 * *data NULL, *len 0) if there is neither. */
int req_file(struct req *r, const char *name, const char **data, size_t *len);

/* A query string argument, or NULL. */
const char *req_query(struct req *r, const char *name);
/* A request header, or NULL. */
const char *req_header(struct req *r, const char *name);

/* Parse a path capture as a positive id. On failure returns LIA_EINVAL and
 * sets out->detail to a message naming `what` (already translated). */
int req_param_id(struct req *r, unsigned idx, const char *what, struct resp *out, long long *id);

#endif
