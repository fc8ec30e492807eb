/*
 * clock: see clock.h. The override file is read on every call rather than
 * once, because a test moves the clock of a server that is already running.
 */
#include "core/clock.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long test_offset(void)
{
	const char *path = getenv("LIA_TEST_CLOCK_FILE");
	if (!path || !*path)
		return 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	long off = 0;
	if (fscanf(f, "%ld", &off) != 1)
		off = 0;
	fclose(f);
	return off;
}

bool clock_is_moved(void)
{
	const char *path = getenv("LIA_TEST_CLOCK_FILE");
	return path && *path;
}

time_t clock_now(void)
{
	return time(NULL) + test_offset();
}

void clock_iso(time_t t, char *out, size_t n)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void clock_iso_offset(long seconds, char *out, size_t n)
{
	clock_iso(clock_now() + seconds, out, n);
}

time_t clock_parse_iso(const char *iso)
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	if (!iso)
		return -1;
	const char *end = strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end || (*end != 'Z' && *end != '\0'))
		return -1;
	return timegm(&tm);
}

/* The last Sunday of month (0-11) of year, 01:00 UTC. */
static time_t last_sunday_1am(int year, int month)
{
	struct tm tm = {.tm_year = year - 1900, .tm_mon = month + 1, .tm_mday = 1, .tm_hour = 1};
	time_t first_next = timegm(&tm); /* the 1st of the next month, 01:00 */
	struct tm w;
	gmtime_r(&first_next, &w);
	int back = w.tm_wday == 0 ? 7 : w.tm_wday; /* days back to the Sunday before */
	return first_next - (time_t)back * 86400;
}

void clock_local(time_t t, char *hm, char *date)
{
	struct tm u;
	gmtime_r(&t, &u);
	int year = u.tm_year + 1900;
	bool summer = t >= last_sunday_1am(year, 2) && t < last_sunday_1am(year, 9);
	time_t local = t + (summer ? 7200 : 3600);
	struct tm l;
	gmtime_r(&local, &l);
	if (hm)
		strftime(hm, 6, "%H:%M", &l);
	if (date)
		strftime(date, 11, "%Y-%m-%d", &l);
}
