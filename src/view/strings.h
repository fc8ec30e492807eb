/*
 * strings: the table of interface strings for templates (see strings.c).
 */
#ifndef LIA_VIEW_STRINGS_H
#define LIA_VIEW_STRINGS_H

struct view_string {
	const char *key;
	const char *msgid;
};

/* Terminated by {NULL, NULL}. */
extern const struct view_string view_strings_table[];

#endif
