/*
 * chart: horizontal stacked bar chart as inline SVG. Sizes are in viewBox
 * units; the SVG scales to the width of its container. It is drawn twice,
 * wide and narrow, so its text keeps a readable size on a phone.
 */
#include "view/chart.h"

#include "core/i18n.h"
#include "core/money.h"

#include <stdio.h>
#include <string.h>

#define W 720
#define LABEL_W 230
#define BAR_H 26
#define ROW_GAP 12
#define TOP 8
#define LEGEND_ROW 26
#define W_NARROW 330   /* the phone drawing: 15 units stay about 13 px at 320 px */
#define LABEL_LINE 22  /* the phone drawing: a row label's line above its bar */

static void esc(struct buf *b, const char *s)
{
	buf_html_escape(b, s, strlen(s));
}

/* Pattern i (0: solid) drawn in white over the series colour. */
static void pattern_def(struct buf *b, const char *id, const char *suffix, size_t i, const char *color)
{
	static const char *const marks[] = {
		"",
		"<path d='M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4' stroke='#fff' stroke-width='1.6'/>",
		"<circle cx='4' cy='4' r='1.6' fill='#fff'/>",
		"<path d='M0,0 l8,8 M8,0 l-8,8' stroke='#fff' stroke-width='1.2'/>",
		"<path d='M0,4 h8' stroke='#fff' stroke-width='1.6'/>",
		"<path d='M4,0 v8' stroke='#fff' stroke-width='1.6'/>",
		"<path d='M0,0 h8 v8' fill='none' stroke='#fff' stroke-width='1.4'/>",
		"<circle cx='4' cy='4' r='2.4' fill='none' stroke='#fff' stroke-width='1.2'/>",
	};
	buf_printf(b, "<pattern id='%s%s-p%zu' width='8' height='8' patternUnits='userSpaceOnUse'>"
	              "<rect width='8' height='8' fill='%s'/>%s</pattern>",
	           id, suffix, i, color, marks[i % (sizeof(marks) / sizeof(marks[0]))]);
}

void chart_value_text(const struct chart *c, long long v, char *out, size_t n)
{
	if (c->format)
		c->format(v, c->lang, out, n);
	else
		snprintf(out, n, "%lld", v);
}

long long chart_row_total(const struct chart *c, size_t r)
{
	long long sum = 0;
	for (size_t s = 0; s < c->nseries; s++)
		sum += c->values[r * c->nseries + s];
	return sum;
}

long long chart_max_total(const struct chart *c)
{
	long long max = 1;
	for (size_t r = 0; r < c->nrows; r++)
		if (chart_row_total(c, r) > max)
			max = chart_row_total(c, r);
	return max;
}

/* One drawing of a chart: the width of its viewBox, the room for the row
 * labels on the left (0: each label on its own line above its bar), and a
 * suffix that keeps its ids apart from the other drawing's. */
struct layout {
	int w, label_w;
	const char *suffix, *cls;
};

/* The legend: swatch and label one after the other, on as many rows as the
 * labels need (their width estimated at 9 units per character, as for the
 * numbers). Draws when draw is set; returns the number of rows. */
static int legend(const struct chart *c, const struct layout *l, struct buf *b, int top, int draw)
{
	int x = 10, row = 0;
	for (size_t s = 0; s < c->nseries; s++) {
		int w = 26 + (int)(9.0 * (double)strlen(c->series[s].label)) + 24;
		if (x > 10 && x + w > l->w) {
			x = 10;
			row++;
		}
		if (draw) {
			int yy = top + row * LEGEND_ROW;
			buf_printf(b, "<rect x='%d' y='%d' width='18' height='18' fill='url(#%s%s-p%zu)' stroke='#1a1a1a'/>",
			           x, yy, c->id, l->suffix, s);
			buf_printf(b, "<text x='%d' y='%d' fill='#1a1a1a'>", x + 26, yy + 14);
			esc(b, c->series[s].label);
			buf_puts(b, "</text>");
		}
		x += w;
	}
	return c->nseries ? row + 1 : 0;
}

static void draw(const struct chart *c, const struct layout *l, struct buf *b)
{
	long long max = chart_max_total(c);
	const int label_line = l->label_w ? 0 : LABEL_LINE; /* a label above its bar */
	const int row_h = label_line + BAR_H + ROW_GAP;
	int legend_rows = legend(c, l, NULL, 0, 0);
	int h = TOP + (int)c->nrows * row_h + 8 + legend_rows * LEGEND_ROW;
	/* Room on the right for the total written after the longest bar. */
	char widest[48];
	chart_value_text(c, max, widest, sizeof(widest));
	double room = 9.0 * (double)strlen(widest) + 12;
	double scale = ((double)(l->w - l->label_w) - (room > 40 ? room : 40)) / (double)max;

	buf_printf(b, "<svg class='chart %s' viewBox='0 0 %d %d' width='100%%' role='img' aria-labelledby='%s%s-t %s%s-d'"
	              " xmlns='http://www.w3.org/2000/svg' font-family='inherit' font-size='15'>",
	           l->cls, l->w, h, c->id, l->suffix, c->id, l->suffix);
	buf_printf(b, "<title id='%s%s-t'>", c->id, l->suffix);
	esc(b, c->title);
	buf_printf(b, "</title><desc id='%s%s-d'>", c->id, l->suffix);
	esc(b, c->desc);
	buf_puts(b, "</desc><defs>");
	for (size_t s = 0; s < c->nseries; s++)
		pattern_def(b, c->id, l->suffix, s, c->series[s].color);
	buf_puts(b, "</defs>");

	for (size_t r = 0; r < c->nrows; r++) {
		int y = TOP + (int)r * row_h + label_line;
		if (l->label_w)
			buf_printf(b, "<text x='%d' y='%d' text-anchor='end' fill='#1a1a1a'>", l->label_w - 10, y + BAR_H / 2 + 5);
		else
			buf_printf(b, "<text x='0' y='%d' fill='#1a1a1a' font-weight='600'>", y - 6);
		esc(b, c->rows[r]);
		buf_puts(b, "</text>");
		double x = l->label_w;
		for (size_t s = 0; s < c->nseries; s++) {
			long long v = c->values[r * c->nseries + s];
			if (v <= 0)
				continue;
			double w = (double)v * scale;
			buf_printf(b, "<rect x='%.1f' y='%d' width='%.1f' height='%d' fill='url(#%s%s-p%zu)'"
			              " stroke='#fff' stroke-width='2'/>",
			           x, y, w, BAR_H, c->id, l->suffix, s);
			char text[48];
			chart_value_text(c, v, text, sizeof(text));
			/* The number goes inside the segment only if it fits (about 9 units per character). */
			if (w >= 9.0 * (double)strlen(text) + 8)
				buf_printf(b, "<text x='%.1f' y='%d' text-anchor='middle' fill='#fff' stroke='#1a1a1a'"
				              " stroke-width='3' paint-order='stroke' font-weight='700'>%s</text>",
				           x + w / 2, y + BAR_H / 2 + 5, text);
			x += w;
		}
		char text[48];
		chart_value_text(c, chart_row_total(c, r), text, sizeof(text));
		buf_printf(b, "<text x='%.1f' y='%d' fill='#1a1a1a'>%s</text>", x + 6, y + BAR_H / 2 + 5, text);
	}

	legend(c, l, b, TOP + (int)c->nrows * row_h + 8, 1);
	buf_puts(b, "</svg>");
}

void chart_stacked_bars(const struct chart *c, struct buf *b)
{
	/* Two drawings of the same chart: labels beside the bars for wide
	 * screens, and labels above the bars in a narrow viewBox for phones,
	 * where the wide one would shrink its text to about 6 px. The style
	 * shows one of them (display: none hides the other from everyone). */
	static const struct layout wide = {W, LABEL_W, "", "chart-wide"};
	static const struct layout narrow = {W_NARROW, 0, "-n", "chart-narrow"};
	draw(c, &wide, b);
	draw(c, &narrow, b);
}

static void money_text(long long cents, const char *lang, char *out, size_t n)
{
	money_format(cents, lang, out, n);
}

struct chart *chart_money_years(struct arena *a, json_t *years, const char *lang, const char *id)
{
	size_t n = json_array_size(years);
	struct chart *c = arena_zalloc(a, sizeof(*c));
	const char **rows = arena_alloc(a, (n ? n : 1) * sizeof(*rows));
	long long *v = arena_zalloc(a, (n ? n : 1) * 3 * sizeof(*v));
	for (size_t i = 0; i < n; i++) {
		json_t *y = json_array_get(years, i);
		rows[i] = arena_printf(a, "%lld", (long long)json_integer_value(json_object_get(y, "year")));
		long long av = json_integer_value(json_object_get(y, "available_cents"));
		long long al = json_integer_value(json_object_get(y, "allocated_cents"));
		long long sp = json_integer_value(json_object_get(y, "spent_cents"));
		v[i * 3] = sp > 0 ? sp : 0;
		v[i * 3 + 1] = al > sp ? al - sp : 0;
		v[i * 3 + 2] = av > al ? av - al : 0;
	}
	/* Colours at least 3:1 against white, told apart by pattern too. */
	struct chart_series *s = arena_alloc(a, 3 * sizeof(*s));
	s[0] = (struct chart_series){TR(lang, N_("Spent")), "#1f5fa8"};
	s[1] = (struct chart_series){TR(lang, N_("Allocated, not spent yet")), "#6b3fa0"};
	s[2] = (struct chart_series){TR(lang, N_("Not allocated")), "#5c5c5c"};
	c->id = id;
	c->title = TR(lang, N_("Money per year"));
	c->desc = TR(lang, N_("Bar chart per year of the money spent, allocated but not spent yet, and not allocated. The same amounts are in the table below the chart."));
	c->rows = rows;
	c->nrows = n;
	c->series = s;
	c->nseries = 3;
	c->values = v;
	c->format = money_text;
	c->lang = lang;
	return c;
}
