/*
 * feeds: Atom feeds (RFC 4287) of published progress updates (the whole
 * programme, one theme, one action point) and of published reports, for
 * people who follow the programme in a feed reader. The XML is written by
 * libxml2's xmlTextWriter, which escapes every text and attribute; nothing
 * is pasted together by hand. Only published periods ever reach a feed.
 *
 * Ids are tag: URIs (RFC 4151) made from the site's host name and the
 * record's number, so an entry keeps its id for as long as the site keeps
 * its name. Links are absolute, from the Host header (and https when the
 * request says it came over TLS through a proxy).
 */
#include "pages/pages.h"
#include "store/find.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/mem.h"
#include "view/present.h"

#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

#define FEED_ENTRIES 100
#define ATOM_NS "http://www.w3.org/2005/Atom"
/* The year in every tag: URI (RFC 4151 asks for a date the name was held). */
#define TAG_YEAR "2026"

struct feed {
	struct req *r;
	xmlTextWriterPtr w;
	const char *host; /* "example.org" (no port): the tag: authority */
	const char *base; /* "https://example.org:8080": absolute links */
};

static bool host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
	       c == ':' || c == '[' || c == ']';
}

/* The site's name and base address from the request; "localhost" when the
 * Host header is missing or holds anything a host name cannot. */
static void feed_site(struct feed *f)
{
	/* libxml2 fails only when memory runs out: lia stops then, as everywhere. */
	if (!f->w)
		mem_die("feeds: cannot make an XML writer");
	const char *h = req_header(f->r, "Host");
	bool ok = h && *h && strlen(h) < 256;
	for (const char *p = h; ok && *p; p++)
		ok = host_char(*p);
	if (!ok)
		h = "localhost";
	const char *proto = req_header(f->r, "X-Forwarded-Proto");
	/* With the municipality's short name when it has one (http/tenant.c). */
	f->base = arena_printf(f->r->arena, "%s://%s%s", proto && strcmp(proto, "https") == 0 ? "https" : "http", h,
	                       f->r->base ? f->r->base : "");
	size_t n = h[0] == '[' ? strcspn(h, "]") + 1 : strcspn(h, ":");
	f->host = arena_printf(f->r->arena, "%.*s", (int)n, h);
}

static void el(struct feed *f, const char *name, const char *text)
{
	xmlTextWriterWriteElement(f->w, BAD_CAST name, BAD_CAST(text ? text : ""));
}

static void link_el(struct feed *f, const char *rel, const char *type, const char *path)
{
	xmlTextWriterStartElement(f->w, BAD_CAST "link");
	xmlTextWriterWriteAttribute(f->w, BAD_CAST "rel", BAD_CAST rel);
	xmlTextWriterWriteAttribute(f->w, BAD_CAST "type", BAD_CAST type);
	xmlTextWriterWriteAttribute(f->w, BAD_CAST "href", BAD_CAST arena_printf(f->r->arena, "%s%s", f->base, path));
	xmlTextWriterEndElement(f->w);
}

static const char *tag(struct feed *f, const char *what)
{
	/* The municipality's short name keeps ids apart on one host. */
	return arena_printf(f->r->arena, "tag:%s," TAG_YEAR ":lia%s/%s", f->host, f->r->base ? f->r->base : "", what);
}

/* Open the feed: its id, title, updated (the newest entry's time, or a
 * fixed early time when there is none), author and links. */
static void feed_open(struct feed *f, const char *id, const char *title, const char *updated, const char *self,
                      const char *page)
{
	xmlTextWriterStartDocument(f->w, "1.0", "UTF-8", NULL);
	xmlTextWriterStartElementNS(f->w, NULL, BAD_CAST "feed", BAD_CAST ATOM_NS);
	xmlTextWriterWriteAttribute(f->w, BAD_CAST "xml:lang", BAD_CAST f->r->lang);
	el(f, "id", tag(f, id));
	el(f, "title", title);
	el(f, "updated", updated ? updated : "2021-01-01T00:00:00Z");
	xmlTextWriterStartElement(f->w, BAD_CAST "author");
	el(f, "name", TR(f->r->lang, N_("Local Inclusion Agenda")));
	xmlTextWriterEndElement(f->w);
	link_el(f, "self", "application/atom+xml", self);
	link_el(f, "alternate", "text/html", page);
}

/* Close the feed and hand its bytes to the response. */
static int feed_close(struct feed *f, xmlBufferPtr xb, struct resp *out)
{
	xmlTextWriterEndDocument(f->w);
	xmlFreeTextWriter(f->w);
	out->body = arena_printf(f->r->arena, "%s", (const char *)xmlBufferContent(xb));
	out->body_len = strlen(out->body);
	out->content_type = "application/atom+xml; charset=utf-8";
	xmlBufferFree(xb);
	return 0;
}

static int updates_feed(struct req *r, struct resp *out, long long theme_id, long long action_id, const char *what,
                        const char *title, const char *page)
{
	json_t *rows = NULL;
	int rc = store_feed_updates(r->store, r->lang, theme_id, action_id, FEED_ENTRIES, &rows);
	if (rc)
		return rc;
	req_own(r, rows);
	xmlBufferPtr xb = xmlBufferCreate();
	struct feed f = {.r = r, .w = xmlNewTextWriterMemory(xb, 0)};
	feed_site(&f);
	json_t *first = json_array_get(rows, 0);
	feed_open(&f, what, title, json_string_value(json_object_get(first, "published_at")), r->path, page);
	size_t i;
	json_t *u;
	json_array_foreach(rows, i, u) {
		long long id = json_integer_value(json_object_get(u, "id"));
		long long aid = json_integer_value(json_object_get(u, "action_id"));
		xmlTextWriterStartElement(f.w, BAD_CAST "entry");
		el(&f, "id", tag(&f, arena_printf(r->arena, "update/%lld", id)));
		el(&f, "title", arena_printf(r->arena, "%s: %s (%s)", json_string_value(json_object_get(u, "code")),
		                             json_string_value(json_object_get(u, "title")),
		                             json_string_value(json_object_get(u, "period"))));
		el(&f, "updated", json_string_value(json_object_get(u, "published_at")));
		el(&f, "published", json_string_value(json_object_get(u, "published_at")));
		link_el(&f, "alternate", "text/html", arena_printf(r->arena, "/actions/%lld#update-%lld", aid, id));
		xmlTextWriterStartElement(f.w, BAD_CAST "category");
		xmlTextWriterWriteAttribute(f.w, BAD_CAST "term", BAD_CAST json_string_value(json_object_get(u, "theme")));
		xmlTextWriterEndElement(f.w);
		const char *status = json_string_value(json_object_get(u, "status"));
		const char *health = json_string_value(json_object_get(u, "health"));
		xmlTextWriterStartElement(f.w, BAD_CAST "summary");
		xmlTextWriterWriteAttribute(f.w, BAD_CAST "type", BAD_CAST "text");
		xmlTextWriterWriteString(f.w, BAD_CAST arena_printf(r->arena, "%s: %s. %s: %s.",
			TR(r->lang, N_("Status")), present_label("status", status, r->lang),
			TR(r->lang, N_("Health")), present_label("health", health, r->lang)));
		xmlTextWriterEndElement(f.w);
		/* The progress text as lia shows it: Markdown rendered in safe mode. */
		const char *md = json_string_value(json_object_get(u, "progress_md"));
		char *html = present_markdown(md ? md : "", md ? strlen(md) : 0);
		xmlTextWriterStartElement(f.w, BAD_CAST "content");
		xmlTextWriterWriteAttribute(f.w, BAD_CAST "type", BAD_CAST "html");
		xmlTextWriterWriteString(f.w, BAD_CAST html);
		xmlTextWriterEndElement(f.w);
		free(html);
		xmlTextWriterEndElement(f.w);
	}
	return feed_close(&f, xb, out);
}

int page_feed_updates(struct req *r, struct resp *out)
{
	return updates_feed(r, out, 0, 0, "updates", TR(r->lang, N_("Progress updates of the Local Inclusion Agenda")), "/");
}

int page_feed_theme(struct req *r, struct resp *out)
{
	long long id;
	json_t *theme = NULL;
	int rc = page_record(r, out, store_theme, N_("theme"), N_("There is no theme with this number. See the list of themes."),
	                     &id, &theme);
	if (rc)
		return rc;
	req_own(r, theme);
	const char *title = arena_printf(r->arena, "%s: %s", TR(r->lang, N_("Progress updates")),
	                                 json_string_value(json_object_get(theme, "name")));
	return updates_feed(r, out, id, 0, arena_printf(r->arena, "themes/%lld/updates", id), title,
	                    arena_printf(r->arena, "/themes/%lld", id));
}

int page_feed_action(struct req *r, struct resp *out)
{
	long long id;
	json_t *a = NULL;
	int rc = page_record(r, out, store_action, N_("action point"),
	                     N_("There is no action point with this number. See the list of action points."), &id, &a);
	if (rc)
		return rc;
	req_own(r, a);
	const char *title = arena_printf(r->arena, "%s: %s %s", TR(r->lang, N_("Progress updates")),
	                                 json_string_value(json_object_get(a, "code")),
	                                 json_string_value(json_object_get(a, "title")));
	return updates_feed(r, out, 0, id, arena_printf(r->arena, "actions/%lld/updates", id), title,
	                    arena_printf(r->arena, "/actions/%lld", id));
}

int page_feed_reports(struct req *r, struct resp *out)
{
	json_t *rows = NULL;
	int rc = store_feed_reports(r->store, &rows);
	if (rc)
		return rc;
	req_own(r, rows);
	xmlBufferPtr xb = xmlBufferCreate();
	struct feed f = {.r = r, .w = xmlNewTextWriterMemory(xb, 0)};
	feed_site(&f);
	feed_open(&f, "reports", TR(r->lang, N_("Published progress reports of the Local Inclusion Agenda")),
	          json_string_value(json_object_get(json_array_get(rows, 0), "published_at")), r->path, "/periods");
	size_t i;
	json_t *p;
	json_array_foreach(rows, i, p) {
		long long id = json_integer_value(json_object_get(p, "id"));
		const char *at = json_string_value(json_object_get(p, "published_at"));
		xmlTextWriterStartElement(f.w, BAD_CAST "entry");
		el(&f, "id", tag(&f, arena_printf(r->arena, "report/%lld", id)));
		el(&f, "title", json_string_value(json_object_get(p, "name")));
		el(&f, "updated", at);
		el(&f, "published", at);
		link_el(&f, "alternate", "text/html", arena_printf(r->arena, "/periods/%lld/report", id));
		link_el(&f, "enclosure", "application/pdf", arena_printf(r->arena, "/reports/%lld/report-%s.pdf", id, r->lang));
		xmlTextWriterStartElement(f.w, BAD_CAST "summary");
		xmlTextWriterWriteAttribute(f.w, BAD_CAST "type", BAD_CAST "text");
		char from[48], to[48];
		if (!i18n_date(r->lang, json_string_value(json_object_get(p, "starts_on")), from, sizeof(from)))
			from[0] = '\0';
		if (!i18n_date(r->lang, json_string_value(json_object_get(p, "ends_on")), to, sizeof(to)))
			to[0] = '\0';
		xmlTextWriterWriteString(f.w, BAD_CAST arena_printf(r->arena, TR(r->lang, N_("The progress report on %s to %s, as sent to the council.")), from, to));
		xmlTextWriterEndElement(f.w);
		xmlTextWriterEndElement(f.w);
	}
	return feed_close(&f, xb, out);
}
