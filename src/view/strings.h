/*
 * strings: the table of interface strings for templates (see strings.c).
 */
#ifndef LIA_VIEW_STRINGS_H
#define LIA_VIEW_STRINGS_H

struct view_string {
	const char *key;
	const char *msgid;
};

/* The one table, terminated by {NULL, NULL}; a key appears once (view.c
 * refuses to start otherwise). Grouped by area, with key prefixes per area. */
extern const struct view_string view_string_table[];
/* The strings of corrections and of action points in bulk (strings_bulk.c). */
extern const struct view_string view_string_table_bulk[];

#endif
