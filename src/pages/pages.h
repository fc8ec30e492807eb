/*
 * pages: one handler per page (or family of small pages). A handler reads
 * through the store, fills struct resp with the resource and its template,
 * and returns 0 or a negative error code. The same handler serves HTML and
 * JSON; the route table (routes.c) says who may call it.
 */
#ifndef LIA_PAGES_PAGES_H
#define LIA_PAGES_PAGES_H

#include "http/request.h"

/* What this request may see: signed-in users see drafts (open periods). */
static inline struct viewer page_viewer(const struct req *r)
{
	return (struct viewer){.lang = r->lang, .drafts = r->user != NULL};
}

int page_dashboard(struct req *r, struct resp *out);
int page_themes(struct req *r, struct resp *out);
int page_theme(struct req *r, struct resp *out);
int page_actions(struct req *r, struct resp *out);
int page_action(struct req *r, struct resp *out);
int page_crpd(struct req *r, struct resp *out);
int page_crpd_article(struct req *r, struct resp *out);
int page_organisation(struct req *r, struct resp *out);
int page_events(struct req *r, struct resp *out);
int page_interviews(struct req *r, struct resp *out);
int page_periods(struct req *r, struct resp *out);
int page_period(struct req *r, struct resp *out);
int page_static(struct req *r, struct resp *out);
int page_sign_in(struct req *r, struct resp *out);
int page_sign_in_post(struct req *r, struct resp *out);
int page_sign_out(struct req *r, struct resp *out);

#endif
