/*
 * generate: example programmes at scale (`lia demo --municipalities N`). One
 * call fills one empty database (one municipality) with a plausible,
 * varied programme: themes, action points with owners and CRPD articles,
 * reporting periods with progress updates, expert assessments and
 * interviews, money and events. Everything is labelled as example data
 * (programme.is_example, the subtitle and the descriptions), so every page
 * and report of it says so.
 *
 * The same parameters give the same programme (a seeded generator, no
 * clock). Periods are published the way the demo's are (data/demo.sql):
 * inserted open, filled, then marked published, so the database's own
 * triggers keep the state of each action point; the caller then freezes
 * their reports as `lia demo` does (store_report_freeze_missing with
 * report_freeze_all), because the report layer sits above the store.
 */
#ifndef LIA_STORE_GENERATE_H
#define LIA_STORE_GENERATE_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>

struct gen_params {
	unsigned long long seed; /* the same seed and index give the same programme */
	unsigned index;          /* which municipality: 1 is the first generated one */
	unsigned actions;        /* action points (the mean when varied) */
	unsigned periods;        /* reporting periods (the most when varied); all but the last published */
	bool uniform;            /* every municipality exactly actions x periods, in execution */
};

/* The name, CBS code and slug of generated municipality index (1, 2, ...):
 * real Dutch municipalities from data/municipalities.tsv first (Nijmegen,
 * the demo's own, is left out), then clearly made-up ones with codes
 * GM9001 and up (no real code starts with 9). Written into the caller's
 * buffers; false if the list is missing from this build. */
bool gen_municipality(unsigned index, char *code, size_t code_n, char *name, size_t name_n, char *slug,
                      size_t slug_n);

/* Fill an empty database (schema and reference data loaded, no programme)
 * with one generated municipality, in one transaction. 0, LIA_ECONFLICT if
 * there already is a programme, or another error with *err (malloc'd). */
STORE_MUST_CHECK int store_load_generated(struct store *s, const struct gen_params *p, char **err);

#endif
