/*
 * clock: the time lia works with. Normally the system's clock; tests that
 * must see a session run out move it forward with LIA_TEST_CLOCK_FILE (the
 * name of a file holding a number of seconds to add, read on every call, so
 * a test can change it while a server runs). Only tests set it: it is
 * documented in docs/sessions.md as such, and lia logs a warning at start
 * when it is set.
 */
#ifndef LIA_CORE_CLOCK_H
#define LIA_CORE_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* True if LIA_TEST_CLOCK_FILE is set (the server warns at start). */
bool clock_is_moved(void);
/* Seconds since the epoch, moved by LIA_TEST_CLOCK_FILE if that is set. */
time_t clock_now(void);
/* t as UTC ISO 8601 ("2026-12-02T13:05:00Z") in out (at least 21 bytes). */
void clock_iso(time_t t, char *out, size_t n);
/* clock_now() + seconds (may be negative) as UTC ISO 8601. */
void clock_iso_offset(long seconds, char *out, size_t n);
/* An ISO 8601 UTC time as made by clock_iso back to seconds; -1 if it is not one. */
time_t clock_parse_iso(const char *iso);

/* t in Dutch time (CET, CEST from the last Sunday of March to the last
 * Sunday of October, 01:00 UTC, the EU rule), which is what users read:
 * "14:35" in hm (at least 6 bytes), and "2026-12-02" in date (11 bytes). */
void clock_local(time_t t, char *hm, char *date);

#endif
