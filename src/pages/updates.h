/*
 * updates: what the progress form (edit_updates.c) shares with the
 * correction forms (edit_corrections.c): its fields, its status choices and
 * the rule that orange and red need an explanation.
 */
#ifndef LIA_PAGES_UPDATES_H
#define LIA_PAGES_UPDATES_H

#include "pages/form.h"

/* The progress form's fields: period_id first, the expert's assessment
 * last, the dossier holder's texts (status .. holder_assessment) between. */
#define PAGE_UPDATE_FIELDS 9
extern const struct field page_update_fields[PAGE_UPDATE_FIELDS];
/* The statuses an update may set (all but "vervallen"); a new reference. */
json_t *page_update_status_options(const char *lang);
/* Orange and red need cause, consequence and measures: missing ones become errors. */
void page_update_health_check(struct req *r, json_t *values, json_t *errors);

#endif
