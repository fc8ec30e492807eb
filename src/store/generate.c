/*
 * generate: one generated example municipality in an empty database (see
 * generate.h). Rows are written with explicit ids in one transaction, as
 * the demo's data/demo.sql does, and periods are published as the demo
 * publishes them: inserted open, filled, then marked published (the guard
 * and state triggers do the rest).
 */
#include "store/generate.h"

#include "core/assets.h"
#include "core/err.h"
#include "core/mem.h"
#include "store/db.h"
#include "store/generate_words.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* splitmix64: small, fast and the same everywhere. */
struct rng {
	unsigned long long s;
};

static unsigned long long rng_next(struct rng *r)
{
	unsigned long long z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [0, n). */
static unsigned rng_below(struct rng *r, unsigned n)
{
	return n ? (unsigned)(rng_next(r) % n) : 0;
}

/* True with a chance of percent in 100. */
static bool rng_chance(struct rng *r, unsigned percent)
{
	return rng_below(r, 100) < percent;
}

static const char *const made_up_first[] = {"Linden", "Eiken", "Beuken", "Wilgen", "Essen", "Elzen", "Berken",
                                            "Hazel", "Vlier", "Lijster"};
static const char *const made_up_last[] = {"veen", "dam", "broek", "horst", "wolde", "berg", "dijk", "rade",
                                           "hoven", "mond"};
static const char *const made_up_pre[] = {"", "Nieuw-", "Oud-", "Groot-"};

/* The index-th data line of data/municipalities.tsv other than Nijmegen
 * (GM0268, the demo's): "code\tname" into code and name. */
static bool listed_municipality(unsigned index, char *code, size_t code_n, char *name, size_t name_n, bool *found)
{
	*found = false;
	const struct asset *a = assets_find("data/municipalities.tsv");
	if (!a)
		return false;
	const char *p = a->data, *end = a->data + a->len;
	unsigned line = 0, n = 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		const char *tab = memchr(p, '\t', (size_t)(eol - p));
		if (line++ > 0 && tab && strncmp(p, "GM0268", 6) != 0 && ++n == index) {
			snprintf(code, code_n, "%.*s", (int)(tab - p), p);
			snprintf(name, name_n, "%.*s", (int)(eol - tab - 1), tab + 1);
			*found = true;
			return true;
		}
		p = eol + 1;
	}
	/* Past the list: the caller makes one up, numbered from here. */
	snprintf(code, code_n, "%u", n);
	return true;
}

bool gen_municipality(unsigned index, char *code, size_t code_n, char *name, size_t name_n, char *slug,
                      size_t slug_n)
{
	bool found;
	if (!listed_municipality(index, code, code_n, name, name_n, &found))
		return false;
	if (!found) {
		unsigned k = index - (unsigned)atoi(code) - 1; /* 0, 1, ... past the list */
		size_t nf = sizeof(made_up_first) / sizeof(made_up_first[0]);
		size_t nl = sizeof(made_up_last) / sizeof(made_up_last[0]);
		size_t np = sizeof(made_up_pre) / sizeof(made_up_pre[0]);
		snprintf(name, name_n, "%s%s%s", made_up_pre[(k / (nf * nl)) % np], made_up_first[k % nf],
		         made_up_last[(k / nf) % nl]);
		if (k >= nf * nl * np) /* never twice the same name */
			snprintf(name + strlen(name), name_n - strlen(name), " %u", k / (unsigned)(nf * nl * np) + 1);
		snprintf(code, code_n, "GM%04u", 9001 + k);
	}
	/* The slug: lower case letters and digits, other runs a hyphen. */
	size_t j = 0;
	for (const unsigned char *c = (const unsigned char *)name; *c && j + 1 < slug_n; c++) {
		if (isalnum(*c))
			slug[j++] = (char)tolower(*c);
		else if (j > 0 && slug[j - 1] != '-')
			slug[j++] = '-';
	}
	while (j > 0 && slug[j - 1] == '-')
		j--;
	slug[j] = '\0';
	return true;
}

/* What one generated programme looks like. */
struct plan {
	char code[16], name[96], slug[96];
	const char *phase;
	unsigned actions, periods, published;
	unsigned themes[GEN_THEMES], n_themes;
	int start_year; /* of the first period */
	long long b;    /* added to every id (PostgreSQL: ids are shared by the municipalities) */
};

static void make_plan(const struct gen_params *p, struct rng *r, struct plan *pl)
{
	pl->actions = p->actions ? p->actions : 100;
	pl->periods = p->periods ? p->periods : 8;
	pl->phase = "in_uitvoering";
	if (!p->uniform) {
		unsigned kind = rng_below(r, 100);
		pl->actions = pl->actions / 2 + rng_below(r, pl->actions + 1); /* 50% to 150% */
		if (kind < 8) { /* adopted, nothing reported yet */
			pl->phase = "vastgesteld";
			pl->periods = 0;
		} else if (kind < 18) { /* the first period still open */
			pl->phase = "vastgesteld";
			pl->periods = 1;
		} else if (kind < 33) { /* just started */
			pl->periods = 2 + rng_below(r, 2);
		} else if (kind < 40) { /* still being written: few action points */
			pl->phase = "in_ontwikkeling";
			pl->periods = 0;
			pl->actions = 5 + rng_below(r, 20);
		} else {
			pl->periods = pl->periods > 4 ? pl->periods - rng_below(r, 4) : pl->periods;
		}
	}
	if (pl->actions < 1)
		pl->actions = 1;
	pl->published = pl->periods ? pl->periods - 1 : 0;
	/* 4 to 9 themes, different ones each time. */
	unsigned order[GEN_THEMES];
	for (unsigned i = 0; i < GEN_THEMES; i++)
		order[i] = i;
	for (unsigned i = GEN_THEMES - 1; i > 0; i--) {
		unsigned j = rng_below(r, i + 1), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	pl->n_themes = 4 + rng_below(r, 6);
	/* Keep the chosen themes in the pool's order: the usual order of a LIA. */
	unsigned n = 0;
	for (unsigned i = 0; i < GEN_THEMES; i++)
		for (unsigned k = 0; k < pl->n_themes; k++)
			if (order[k] == i)
				pl->themes[n++] = i;
	/* Half-year periods that end at the latest in 2026. */
	pl->start_year = 2026 - (int)(pl->periods + 1) / 2 - (int)rng_below(r, 2);
}

/* Period k (0, 1, ...): half a year from start_year. starts, ends and
 * published hold DATE_LEN bytes. */
#define DATE_LEN 32
static void period_dates(const struct plan *pl, unsigned k, char *starts, char *ends, char *published, char *name,
                         size_t name_n)
{
	int year = pl->start_year + (int)(k / 2);
	bool first_half = k % 2 == 0;
	snprintf(starts, DATE_LEN, "%04d-%s", year, first_half ? "01-01" : "07-01");
	snprintf(ends, DATE_LEN, "%04d-%s", year, first_half ? "06-30" : "12-31");
	snprintf(published, DATE_LEN, first_half ? "%04d-07-21T10:00:00Z" : "%04d-01-19T10:00:00Z",
	         first_half ? year : year + 1);
	snprintf(name, name_n, "Voortgang %s helft %d", first_half ? "eerste" : "tweede", year);
}

#define TRY(x) do { if ((rc = (x)) != 0) goto out; } while (0)

/* People: 1 coordinator, dossier holders (municipal) and experience experts. */
enum { GEN_HOLDERS = 10, GEN_EXPERTS = 4 };

static int load_people(struct store *s, struct rng *r, const struct plan *pl)
{
	int rc = 0;
	size_t nf = sizeof(gen_first) / sizeof(gen_first[0]), nl = sizeof(gen_last) / sizeof(gen_last[0]);
	for (int i = 1; i <= GEN_HOLDERS + GEN_EXPERTS; i++) {
		bool expert = i > GEN_HOLDERS;
		char name[64], email[160];
		snprintf(name, sizeof(name), "%s %s", gen_first[rng_below(r, (unsigned)nf)], gen_last[rng_below(r, (unsigned)nl)]);
		snprintf(email, sizeof(email), "persoon%d@%s.example.nl", i, pl->slug);
		TRY(db_exec(s, "INSERT INTO person (id, name, organisation_id, job_title, email, is_municipal,"
		               " is_experience_expert) VALUES (?, ?, ?, ?, ?, ?, ?)", "ititt" "ii", pl->b + i, name,
		            pl->b + (expert ? 2 : 1), expert ? "Ervaringsdeskundige" : i == 1 ? "Coördinator inclusie" : "Beleidsadviseur",
		            email, (long long)!expert, (long long)expert));
		TRY(db_exec(s, "INSERT INTO project_member (programme_id, person_id, role, since) VALUES (?, ?, ?, ?)", "iitt",
		            pl->b + 1, pl->b + i, i == 1 ? "coordinator" : i == GEN_HOLDERS + 1 ? "voorzitter" : "lid", "2021-01-01"));
	}
out:
	return rc;
}

static int load_programme(struct store *s, struct rng *r, const struct plan *pl)
{
	int rc = 0;
	char text[512], title[160], subtitle[160];
	snprintf(text, sizeof(text), "De gemeente %s werkt met inwoners en partners aan een gemeente waar iedereen mee kan"
	         " doen. Dit zijn voorbeeldgegevens: de gemeente, de mensen en de cijfers zijn verzonnen.", pl->name);
	snprintf(title, sizeof(title), "Gemeente %s", pl->name);
	TRY(db_exec(s, "INSERT INTO organisation (id, kind, name, cbs_code, description) VALUES (?, 'municipality', ?, ?, ?)",
	            "ittt", pl->b + 1, title, pl->code, text));
	snprintf(text, sizeof(text), "Een groep inwoners met en zonder beperking in %s (voorbeeld).", pl->name);
	TRY(db_exec(s, "INSERT INTO organisation (id, kind, name, description) VALUES (?, 'partner', ?, ?)", "itt", pl->b + 2,
	            "Adviesraad Sociaal Domein (voorbeeld)", text));
	TRY(db_exec(s, "INSERT INTO organisation (id, kind, name, description) VALUES (?, 'partner', ?, ?)", "itt", pl->b + 3,
	            "Woningcorporatie (voorbeeld)", "Een woningcorporatie in de gemeente (voorbeeld)."));
	int start = pl->start_year, end = start + 4;
	snprintf(title, sizeof(title), "Lokale Inclusie Agenda %s %d-%d", pl->name, start, end);
	snprintf(subtitle, sizeof(subtitle), "%s (voorbeeldgegevens)",
	         gen_motto[rng_below(r, sizeof(gen_motto) / sizeof(gen_motto[0]))]);
	snprintf(text, sizeof(text), "In dit programma werken de gemeente %s en partners samen aan een gemeente waar"
	         " iedereen mee kan doen, ook mensen met een beperking. Het hoort bij het VN-verdrag Handicap."
	         " Dit zijn voorbeeldgegevens, gemaakt door lia.", pl->name);
	char adopted[24];
	snprintf(adopted, sizeof(adopted), "%04d-12-15", start - 1);
	TRY(db_exec(s, "INSERT INTO programme (id, organisation_id, title, subtitle, start_year, end_year, adopted_on,"
	               " lia_phase, description, is_example) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", "iittiit" "tt", pl->b + 1, pl->b + 1, title,
	            subtitle, (long long)start, (long long)end,
	            strcmp(pl->phase, "in_ontwikkeling") == 0 ? NULL : adopted, pl->phase, text));
	for (unsigned t = 0; t < pl->n_themes; t++) {
		const struct gen_theme *g = &gen_themes[pl->themes[t]];
		TRY(db_exec(s, "INSERT INTO theme (id, programme_id, position, slug, name_nl, name_en, description_nl,"
		               " description_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "iiittt" "tt", pl->b + t + 1, pl->b + 1,
		            (long long)t + 1, g->slug, g->name_nl, g->name_en, g->desc_nl, g->desc_en));
		for (int k = 0; k < 3 && g->articles[k]; k++)
			TRY(db_exec(s, "INSERT INTO theme_article (theme_id, article_number) VALUES (?, ?)", "ii",
			            pl->b + t + 1, (long long)g->articles[k]));
	}
out:
	return rc;
}

static int load_actions(struct store *s, struct rng *r, const struct plan *pl)
{
	int rc = 0;
	unsigned per_theme[GEN_THEMES] = {0};
	for (unsigned i = 1; i <= pl->actions; i++) {
		unsigned t = rng_below(r, pl->n_themes);
		const struct gen_theme *g = &gen_themes[pl->themes[t]];
		unsigned k = per_theme[t]++;
		char code[24], title[200], desc[300], starts[16], due[16];
		snprintf(code, sizeof(code), "%s-%02u", g->prefix, k + 1);
		if (k < 6)
			snprintf(title, sizeof(title), "%s", g->titles[k]);
		else
			snprintf(title, sizeof(title), "%s (deel %u)", g->titles[k % 6], k / 6 + 1);
		snprintf(desc, sizeof(desc), "%s Dit actiepunt is een voorbeeld.", g->desc_nl);
		unsigned span = pl->periods ? pl->periods : 2;
		unsigned first = rng_below(r, span);
		snprintf(starts, sizeof(starts), "%04d-%s", pl->start_year + (int)(first / 2), first % 2 ? "07-01" : "01-01");
		snprintf(due, sizeof(due), "%04d-12-31", pl->start_year + (int)(first / 2) + 1 + (int)rng_below(r, 3));
		TRY(db_exec(s, "INSERT INTO action_point (id, theme_id, code, title, description, dossier_holder_id,"
		               " starts_on, due_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "iittt" "ittt",
		            pl->b + i, pl->b + t + 1, code, title, desc, pl->b + 2 + rng_below(r, GEN_HOLDERS - 1),
		            starts, due, "2020-12-15T09:00:00Z"));
		/* One or two of the theme's articles, sometimes one more. */
		TRY(db_exec(s, "INSERT INTO action_article (action_point_id, article_number) VALUES (?, ?)", "ii",
		            pl->b + i, (long long)g->articles[0]));
		if (g->articles[1] && rng_chance(r, 50))
			TRY(db_exec(s, "INSERT INTO action_article (action_point_id, article_number) VALUES (?, ?)", "ii",
			            pl->b + i, (long long)g->articles[1]));
		if (rng_chance(r, 25))
			TRY(db_exec(s, "INSERT INTO action_partner (action_point_id, organisation_id) VALUES (?, ?)", "ii",
			            pl->b + i, pl->b + 2 + rng_below(r, 2)));
	}
out:
	return rc;
}

/* Where each action point stands while the periods are written. */
struct ap_state {
	unsigned char status; /* index into statuses */
};

static const char *const statuses[] = {"niet_gestart", "in_voorbereiding", "in_uitvoering", "afgerond", "doorlopend",
                                       "vervallen"};

/* The next status of an action point: forward, now and then done or withdrawn. */
static unsigned char next_status(struct rng *r, unsigned char st)
{
	switch (st) {
	case 0: return rng_chance(r, 70) ? 1 : 0;
	case 1: return rng_chance(r, 60) ? 2 : rng_chance(r, 5) ? 5 : 1;
	case 2: return rng_chance(r, 20) ? 3 : rng_chance(r, 10) ? 4 : rng_chance(r, 3) ? 5 : 2;
	default: return st;
	}
}

static int load_period(struct store *s, struct rng *r, const struct plan *pl, unsigned k, struct ap_state *ap,
                       long long *next_update, long long *next_interview)
{
	int rc = 0;
	char starts[DATE_LEN], ends[DATE_LEN], published[DATE_LEN], name[64];
	period_dates(pl, k, starts, ends, published, name, sizeof(name));
	long long pid = pl->b + k + 1;
	TRY(db_exec(s, "INSERT INTO reporting_period (id, programme_id, seq, name, starts_on, ends_on, state)"
	               " VALUES (?, ?, ?, ?, ?, ?, 'open')", "iiittt", pid, pl->b + 1, (long long)k + 1, name, starts, ends));
	/* One or two interviews, each about one theme. */
	long long interviews[2] = {0, 0};
	unsigned n_int = 1 + rng_below(r, 2);
	for (unsigned i = 0; i < n_int; i++) {
		long long id = (*next_interview)++;
		unsigned t = rng_below(r, pl->n_themes);
		char held[16];
		snprintf(held, sizeof(held), "%.7s-15", i ? ends : starts);
		TRY(db_exec(s, "INSERT INTO interview (id, programme_id, theme_id, period_id, held_on, public_summary,"
		               " restricted_notes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "iiiitt" "tt", id,
		            pl->b + 1, pl->b + t + 1, pid, held,
		            "Gesprek over de voortgang. Er is veel gebeurd, maar inwoners merken nog niet overal iets van.",
		            "VERTROUWELIJK: voorbeeldaantekeningen.", "2021-01-01T10:00:00Z"));
		TRY(db_exec(s, "INSERT INTO interview_participant (interview_id, person_id, role) VALUES"
		               " (?, ?, 'interviewer_municipal'), (?, ?, 'interviewer_expert')", "iiii", id, pl->b + 1, id,
		            pl->b + GEN_HOLDERS + 1 + rng_below(r, GEN_EXPERTS)));
		interviews[i] = id;
	}
	char created[24];
	snprintf(created, sizeof(created), "%.10sT10:00:00Z", ends);
	for (unsigned a = 0; a < pl->actions; a++) {
		/* Most action points report each period; a few skip one. */
		if (!rng_chance(r, 88))
			continue;
		ap[a].status = next_status(r, ap[a].status);
		const char *status = statuses[ap[a].status];
		unsigned h = rng_below(r, 100);
		const char *health = ap[a].status == 0 ? "grijs" : ap[a].status >= 3 ? "groen"
		                     : h < 62 ? "groen" : h < 85 ? "oranje" : h < 94 ? "rood" : "grijs";
		bool explain = strcmp(health, "oranje") == 0 || strcmp(health, "rood") == 0;
		bool assessed = rng_chance(r, 30);
		long long interview = rng_chance(r, 15) ? interviews[rng_below(r, n_int)] : 0;
		TRY(db_exec(s, "INSERT INTO progress_update (id, action_point_id, period_id, status, health, progress_md,"
		               " health_cause, health_consequence, health_measures, holder_assessment, expert_assessment,"
		               " author_id, expert_id, interview_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		            "iiitt" "ttttt" "tizzt", (*next_update)++, pl->b + a + 1, pid, status, health,
		            gen_progress[rng_below(r, sizeof(gen_progress) / sizeof(gen_progress[0]))],
		            explain ? "Er is te weinig tijd en geld." : "", explain ? "Het actiepunt loopt vertraging op." : "",
		            explain ? "We maken een nieuwe planning met de partners." : "",
		            rng_chance(r, 40) ? "Het gaat redelijk." : "",
		            assessed ? gen_expert[rng_below(r, sizeof(gen_expert) / sizeof(gen_expert[0]))] : "",
		            pl->b + 2 + rng_below(r, GEN_HOLDERS - 1),
		            assessed ? pl->b + GEN_HOLDERS + 1 + rng_below(r, GEN_EXPERTS) : 0LL, interview, created));
		if (interview)
			TRY(db_exec(s, "INSERT INTO interview_action (interview_id, action_point_id) VALUES (?, ?)"
			               " ON CONFLICT DO NOTHING", "ii", interview, pl->b + a + 1));
	}
	TRY(db_exec(s, "INSERT INTO narrative (period_id, kind, position, title, body_md) VALUES"
	               " (?, 'highlight', 1, ?, ?), (?, 'outlook', 2, ?, ?)", "itt" "itt", pid, "Mooie ontwikkeling",
	            "Inwoners en de gemeente werkten goed samen. Dit is een voorbeeld.", pid, "Vooruitblik",
	            "De komende periode gaan we verder met de plannen. Dit is een voorbeeld."));
	if (k < pl->published)
		TRY(db_exec(s, "UPDATE reporting_period SET state = 'published', published_at = ? WHERE id = ?", "ti",
		            published, pid));
out:
	return rc;
}

/* Money: a yearly extra budget per year of the periods, allocations and expenses. */
static int load_money(struct store *s, struct rng *r, const struct plan *pl)
{
	int rc = 0;
	long long alloc = pl->b + 1, expense = pl->b + 1;
	unsigned years = pl->periods ? (pl->periods + 1) / 2 : 0;
	for (unsigned y = 0; y < years; y++) {
		int year = pl->start_year + (int)y;
		long long amount = 5000000LL + 500000LL * rng_below(r, 40);
		TRY(db_exec(s, "INSERT INTO fund_source (id, programme_id, name, year, amount_cents, note) VALUES (?, ?, ?, ?, ?, ?)",
		            "iitiit", pl->b + y + 1, pl->b + 1, "Extra middelen inclusie", (long long)year, amount,
		            "Extra geld voor de inclusie-agenda (voorbeeld)."));
		for (int i = 0; i < 3; i++) {
			char code[24], on[16];
			snprintf(code, sizeof(code), "IA%02d-%02d", year % 100, i + 1);
			snprintf(on, sizeof(on), "%04d-02-1%d", year, i);
			long long part = amount / 4;
			TRY(db_exec(s, "INSERT INTO allocation (id, source_id, action_point_id, purpose, amount_cents, allocated_on,"
			               " note, code) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "iiztit" "tt", alloc, pl->b + y + 1,
			            pl->b + 1 + rng_below(r, pl->actions), i == 2 ? "ervaringsdeskundigheid" : NULL, part, on,
			            "Voorbeeld.", code));
			char spent[16], ref[24];
			snprintf(spent, sizeof(spent), "%04d-09-30", year);
			snprintf(ref, sizeof(ref), "FAC-%d-%03lld", year, expense - pl->b);
			TRY(db_exec(s, "INSERT INTO expense (id, allocation_id, spent_on, amount_cents, description, reference)"
			               " VALUES (?, ?, ?, ?, ?, ?)", "iitit" "t", expense, alloc, spent,
			            part / 2 + (long long)rng_below(r, 100000), "Factuur (voorbeeld)", ref));
			alloc++;
			expense++;
		}
		char starts[DATE_LEN];
		snprintf(starts, sizeof(starts), "%04d-10-0%u", year, 1 + rng_below(r, 5));
		TRY(db_exec(s, "INSERT INTO event (id, programme_id, name, starts_on, location, description, accessibility,"
		               " participants) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "iittt" "tti", pl->b + y + 1, pl->b + 1,
		            "Week van de Toegankelijkheid", starts, "Het gemeentehuis",
		            "Een week met activiteiten over toegankelijkheid (voorbeeld).",
		            "Gebarentolk en schrijftolk. Rolstoeltoegankelijk. Prikkelarme ruimte.",
		            (long long)(40 + rng_below(r, 400))));
	}
out:
	return rc;
}

static int generate_tx(struct store *s, const struct gen_params *p, char **err)
{
	struct rng r = {p->seed * 0x100000001b3ULL + p->index};
	struct plan pl = {0};
	if (!gen_municipality(p->index, pl.code, sizeof(pl.code), pl.name, sizeof(pl.name), pl.slug, sizeof(pl.slug))) {
		*err = mem_strdup("the list of municipalities is missing from this build");
		return LIA_EINTERNAL;
	}
	make_plan(p, &r, &pl);
	struct ap_state *ap = calloc(pl.actions, sizeof(*ap));
	if (!ap)
		return LIA_EINTERNAL;
	/* On PostgreSQL every municipality's ids come from the same sequences:
	 * a block of a million ids per generated municipality keeps them apart
	 * (the demo's are below it), whichever process generates first. */
	if (s->kind == DB_PG)
		pl.b = (long long)p->index * 1000000;
	/* PostgreSQL: a bulk load (0023_state_refresh.pg.sql). The kept state
	 * of the action points and the search index are made once at the end
	 * (lia_bulk_done), not by triggers for each of the thousand or so
	 * rows, which took half the time of making a municipality's data. The
	 * statements of the triggers that still run (the guards) are planned
	 * once (generic plans), not for each row. */
	long long next_update = pl.b + 1, next_interview = pl.b + 1;
	int rc = 0;
	if (s->kind == DB_PG)
		TRY(db_script(s, "SET LOCAL plan_cache_mode = force_generic_plan; SELECT set_config('lia.bulk', 'on', true)",
		              err));
	TRY(load_programme(s, &r, &pl));
	TRY(load_people(s, &r, &pl));
	TRY(load_actions(s, &r, &pl));
	for (unsigned k = 0; k < pl.periods; k++)
		TRY(load_period(s, &r, &pl, k, ap, &next_update, &next_interview));
	TRY(load_money(s, &r, &pl));
	/* Explicit ids: PostgreSQL's identities move past them. */
	if (s->kind == DB_PG)
		TRY(db_script(s, "SELECT lia_bulk_done(); SELECT lia_sync_identities()", err));
out:
	free(ap);
	if (rc && !*err)
		*err = db_errdup("the example municipality %s could not be made", pl.name);
	return rc;
}

int store_load_generated(struct store *s, const struct gen_params *p, char **err)
{
	*err = NULL;
	if (store_has_programme(s)) {
		*err = mem_strdup("the database already holds a programme; generating needs an empty database");
		return LIA_ECONFLICT;
	}
	if (db_begin(s) != 0)
		return LIA_EDB;
	int rc = generate_tx(s, p, err);
	if (rc == 0)
		rc = db_commit(s);
	if (rc != 0)
		db_rollback(s);
	return rc;
}
