/*
 * w_events: writing events (activiteiten) with their themes and partner
 * organisations, and reading one event whole for its form. Every write runs
 * in one transaction and records an audit entry with before and after.
 */
#ifndef LIA_STORE_W_EVENTS_H
#define LIA_STORE_W_EVENTS_H

#include "store/store.h"
#include "store/ids.h"

struct event_input {
	const char *name;
	const char *starts_on;     /* YYYY-MM-DD */
	const char *ends_on;       /* NULL or "": same day */
	const char *location;
	const char *description;
	const char *accessibility; /* arrangements: interpreters, step-free, quiet room */
	long long participants;    /* -1: not known */
	struct id_list themes;
	struct id_list partners;   /* organisations */
};

/* Create or change an event. LIA_EINVAL with *field "ends_on" (before the
 * start), "participants" (negative), "theme_ids" or "partner_ids" (no such
 * id); LIA_ENOTFOUND (update); LIA_EDB. */
STORE_MUST_CHECK int store_event_create(struct store *s, const struct actor *a, const struct event_input *in, const char **field,
                       long long *id);
STORE_MUST_CHECK int store_event_update(struct store *s, const struct actor *a, long long id, const struct event_input *in,
                       const char **field);

/* One event with theme_ids and partner_ids (strings); LIA_ENOTFOUND. */
STORE_MUST_CHECK int store_event_get(struct store *s, long long id, json_t **out);

/* Choices for the event form: {"themes": [...], "partners": [...]} of {value, label}. */
STORE_MUST_CHECK int store_event_choices(struct store *s, const struct viewer *v, json_t **out);

#endif
