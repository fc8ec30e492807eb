/*
 * i18n: per-call language with gettext. Each language has a locale_t made at
 * start-up; i18n_text() switches the calling thread to it (uselocale, which
 * glibc's gettext honours per thread) just for the lookup.
 */
#include "core/i18n.h"

#include "core/log.h"

#include <ctype.h>
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define I18N_DOMAIN "lia"

static locale_t loc_nl = (locale_t)0, loc_en = (locale_t)0;

static void init_months(void);

static bool dir_exists(const char *p)
{
	struct stat st;
	return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int i18n_init(const char *localedir)
{
	const char *dir = localedir;
	if (!dir)
		dir = getenv("LIA_LOCALEDIR");
#ifdef LIA_BUILD_LOCALEDIR
	if (!dir_exists(dir) && dir_exists(LIA_BUILD_LOCALEDIR "/nl/LC_MESSAGES"))
		dir = LIA_BUILD_LOCALEDIR;
#endif
#ifdef LIA_LOCALEDIR
	if (!dir_exists(dir))
		dir = LIA_LOCALEDIR;
#endif
	/* LANGUAGE would override every per-thread choice. */
	unsetenv("LANGUAGE");
	bindtextdomain(I18N_DOMAIN, dir);
	bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
	int rc = 0;
	static const char *const nl_names[] = {"nl_NL.UTF-8", "nl_NL.utf8", "nl_BE.UTF-8"};
	static const char *const en_names[] = {"en_GB.UTF-8", "en_US.UTF-8", "en_GB.utf8", "C.UTF-8"};
	for (size_t i = 0; !loc_nl && i < sizeof(nl_names) / sizeof(nl_names[0]); i++)
		loc_nl = newlocale(LC_MESSAGES_MASK, nl_names[i], (locale_t)0);
	for (size_t i = 0; !loc_en && i < sizeof(en_names) / sizeof(en_names[0]); i++)
		loc_en = newlocale(LC_MESSAGES_MASK, en_names[i], (locale_t)0);
	if (!loc_nl) {
		log_warn("the Dutch locale nl_NL.UTF-8 is not installed; pages will be in English"
		         " (run 'make deps' or: locale-gen nl_NL.UTF-8)");
		rc = -1;
	}
	if (!loc_en) {
		log_warn("no English locale found; English pages use the built-in text");
		rc = -1;
	}
	init_months();
	return rc;
}

const char *i18n_text(const char *lang, const char *msgid)
{
	locale_t loc = (lang && lang[0] == 'e') ? loc_en : loc_nl;
	if (!loc)
		return msgid;
	locale_t old = uselocale(loc);
	const char *s = dgettext(I18N_DOMAIN, msgid);
	uselocale(old);
	return s;
}

const char *i18n_plural(const char *lang, const char *msgid, const char *msgid_plural, unsigned long n)
{
	locale_t loc = (lang && lang[0] == 'e') ? loc_en : loc_nl;
	if (!loc)
		return n == 1 ? msgid : msgid_plural;
	locale_t old = uselocale(loc);
	const char *s = dngettext(I18N_DOMAIN, msgid, msgid_plural, n);
	uselocale(old);
	return s;
}

const char *i18n_lang(const char *s, size_t len)
{
	if (!s || len < 2)
		return NULL;
	if (len > 2 && s[2] != '-' && s[2] != '_')
		return NULL;
	if (strncasecmp(s, "nl", 2) == 0)
		return "nl";
	if (strncasecmp(s, "en", 2) == 0)
		return "en";
	return NULL;
}

const char *i18n_negotiate(const char *h)
{
	/* Accept-Language: nl-NL,nl;q=0.9,en;q=0.8 -> the highest q among nl/en. */
	const char *best = NULL;
	double best_q = -1;
	while (h && *h) {
		while (*h == ' ' || *h == ',')
			h++;
		const char *tag = h;
		while (*h && *h != ';' && *h != ',' && *h != ' ')
			h++;
		size_t taglen = (size_t)(h - tag);
		double q = 1.0;
		while (*h == ' ')
			h++;
		if (*h == ';') {
			const char *qs = strstr(h, "q=");
			const char *comma = strchr(h, ',');
			if (qs && (!comma || qs < comma))
				q = strtod(qs + 2, NULL);
			h = comma ? comma : h + strlen(h);
		}
		const char *lang = i18n_lang(tag, taglen);
		if (lang && q > 0 && q > best_q) {
			best = lang;
			best_q = q;
		}
	}
	return best ? best : "nl";
}

static const char *const months[] = {N_("January"), N_("February"), N_("March"), N_("April"),
                                     N_("May"), N_("June"), N_("July"), N_("August"),
                                     N_("September"), N_("October"), N_("November"), N_("December")};
/* Month names per language ([0] nl, lower case; [1] en), made by i18n_init. */
static char month_text[2][12][32];

static void init_months(void)
{
	for (int m = 0; m < 12; m++) {
		snprintf(month_text[0][m], sizeof(month_text[0][m]), "%s", i18n_text("nl", months[m]));
		snprintf(month_text[1][m], sizeof(month_text[1][m]), "%s", i18n_text("en", months[m]));
		/* Dutch writes month names in lower case. */
		for (char *p = month_text[0][m]; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	}
}

size_t i18n_count(const char *lang, long long n, char *out, size_t outlen)
{
	char digits[32];
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
	int nd = snprintf(digits, sizeof(digits), "%llu", u);
	char sep = lang && lang[0] == 'e' ? ',' : '.';
	size_t w = 0;
	if (outlen == 0)
		return 0;
	if (n < 0 && w + 1 < outlen)
		out[w++] = '-';
	for (int i = 0; i < nd && w + 1 < outlen; i++) {
		if (i > 0 && (nd - i) % 3 == 0 && w + 2 < outlen)
			out[w++] = sep;
		out[w++] = digits[i];
	}
	out[w] = '\0';
	return w;
}

bool i18n_date(const char *lang, const char *iso, char *out, size_t outlen)
{
	if (!iso || strlen(iso) < 10 || iso[4] != '-' || iso[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)iso[i]))
			return false;
	int y = atoi(iso), m = atoi(iso + 5), d = atoi(iso + 8);
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	if (!month_text[0][0][0])
		init_months();
	snprintf(out, outlen, "%d %s %d", d, month_text[(lang && lang[0] == 'e') ? 1 : 0][m - 1], y);
	return true;
}
