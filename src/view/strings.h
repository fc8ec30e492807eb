/*
 * strings: the table of interface strings for templates (see strings.c).
 */
#ifndef LIA_VIEW_STRINGS_H
#define LIA_VIEW_STRINGS_H

struct view_string {
	const char *key;
	const char *msgid;
};

/* One table per area, each terminated by {NULL, NULL}; view.c merges them
 * (a key must be unique across all tables). */
extern const struct view_string strings_core[];    /* strings.c: layout, read pages */
extern const struct view_string strings_actions[]; /* strings_actions.c: action points, updates */
extern const struct view_string strings_people[];  /* strings_people.c: interviews, people, events */
extern const struct view_string strings_admin[];   /* strings_admin.c: periods, users, audit */
extern const struct view_string strings_funds[];   /* strings_funds.c: money */
extern const struct view_string strings_reports[]; /* strings_reports.c: reports, the letter */

/* All tables, NULL-terminated. */
extern const struct view_string *const view_string_tables[];

#endif
