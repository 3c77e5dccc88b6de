/* svg.c: line and bar charts and choropleth maps as escaped, self-contained SVG. */
#include "web/svg.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/xmlw.h"

#include "base/banned.h"

#define FONT       12.0 /* chart text, user units */
#define DEFAULT_W  640
#define DEFAULT_H  320
#define H_ROW_BASE 10.0 /* horizontal bars: row height = this + 14 per series */
#define FONT_STACK "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"

/* Okabe–Ito: told apart with the common colour-vision deficiencies. */
static const char *const series_colours[] = {"#0072b2", "#d55e00", "#009e73", "#cc79a7",
                                             "#e69f00", "#56b4e9", "#000000"};
#define NCOLOURS (sizeof(series_colours) / sizeof(series_colours[0]))
/* Lines differ by dash too, for print and for readers who cannot tell the colours apart. */
static const char *const series_dashes[] = {NULL, "6 3", "2 3", "8 3 2 3"};

/* ColorBrewer "Blues" (Cynthia Brewer, Apache-2.0), by number of classes. */
static const char *const blues[SVG_MAX_CLASSES + 1][SVG_MAX_CLASSES] = {
    {NULL},
    {"#9ecae1"},
    {"#c6dbef", "#3182bd"},
    {"#deebf7", "#9ecae1", "#3182bd"},
    {"#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"},
    {"#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"},
    {"#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"},
    {"#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"},
};
#define NO_DATA_FILL "#d3d6da"
#define HATCH_LINE   "#7b8794"

/* ---- output primitives ---- */

/* Escaped text (element content or a double-quoted attribute), via xmlw's escaping. */
static void esc(struct strbuf *sb, const char *s)
{
	struct xmlw w = {.sb = sb};

	xw_text(&w, s);
}

static void raw(struct strbuf *sb, const char *s)
{
	strbuf_addstr(sb, s);
}

/* A coordinate: at most one decimal, a point whatever the locale, "-0" never written. */
static void num1(struct strbuf *sb, double v)
{
	char buf[32];
	long long t;
	int i = (int)sizeof(buf);
	unsigned long long u;
	bool neg;

	if (!isfinite(v) || fabs(v) > 1e12)
		v = 0;
	t = llround(v * 10);
	neg = t < 0;
	u = neg ? 0ULL - (unsigned long long)t : (unsigned long long)t;
	if (u % 10) {
		buf[--i] = (char)('0' + u % 10);
		buf[--i] = '.';
	}
	u /= 10;
	do {
		buf[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (neg)
		buf[--i] = '-';
	strbuf_add(sb, buf + i, sizeof(buf) - (size_t)i);
}

void svg_number(struct strbuf *sb, double v, int decimals, struct svg_num num)
{
	static const double scale[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
	char buf[64], digits[24];
	unsigned long long whole, frac;
	int i = 0, nd = 0, n;

	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	if (!isfinite(v) || fabs(v) >= 1e15) {
		strbuf_addstr(sb, "—");
		return;
	}
	frac = (unsigned long long)llround(fabs(v) * scale[decimals]);
	whole = frac / (unsigned long long)scale[decimals];
	frac %= (unsigned long long)scale[decimals];
	if (v < 0 && (whole || frac))
		buf[i++] = '-';
	do {
		digits[nd++] = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole);
	/* digits are backwards; a separator before each group of three from the end */
	for (n = nd - 1; n >= 0; n--) {
		buf[i++] = digits[n];
		if (n && n % 3 == 0 && num.group)
			buf[i++] = num.group;
	}
	if (decimals) {
		buf[i++] = num.point ? num.point : '.';
		for (n = decimals; n > 0; n--) {
			buf[i + n - 1] = (char)('0' + frac % 10);
			frac /= 10;
		}
		i += decimals;
	}
	strbuf_add(sb, buf, (size_t)i);
}

/* The number as a C string (for width estimates); `out` has room for 64 bytes. */
static const char *number_str(char *out, double v, int decimals, struct svg_num num)
{
	struct strbuf sb = STRBUF_INIT;

	svg_number(&sb, v, decimals, num);
	if (sb.failed || sb.len >= 64)
		out[0] = '\0';
	else
		memcpy(out, sb.buf, sb.len + 1);
	strbuf_release(&sb);
	return out;
}

/* Characters, not bytes: the width of a label is about 0.58 em per character. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static double text_width(const char *s, double font)
{
	return (double)utf8_chars(s) * font * 0.58;
}

/* Escaped text cut to about `width` units, ending in "…" when cut (at a character boundary). */
static void esc_fit(struct strbuf *sb, const char *s, double width, double font)
{
	char buf[256];
	size_t max, chars = 0, i;

	if (!s)
		return;
	if (text_width(s, font) <= width) {
		esc(sb, s);
		return;
	}
	max = width > font ? (size_t)(width / (font * 0.58)) - 1 : 1;
	for (i = 0; s[i] && i + 4 < sizeof(buf); i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max)
			break;
		buf[i] = s[i];
	}
	/* never end inside a character */
	while (i && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	buf[i] = '\0';
	esc(sb, buf);
	raw(sb, "…");
}

static bool id_ok(const char *id)
{
	const char *p = id;

	if (!p || !*p || strlen(p) > 64)
		return false;
	for (; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			return false;
	return true;
}

/* Relative links and http(s) only: never javascript: or data:. */
static bool href_ok(const char *h)
{
	if (!h || !*h)
		return false;
	/* "//host/..." is another site, whatever it looks like */
	if (h[0] == '/')
		return h[1] != '/' && h[1] != '\\';
	if (h[0] == '?' || h[0] == '#')
		return true;
	return !strncmp(h, "https://", 8) || !strncmp(h, "http://", 7);
}

static void open_link(struct strbuf *sb, const char *href)
{
	raw(sb, "<a href=\"");
	esc(sb, href);
	raw(sb, "\">");
}

/* <svg ...><title/><desc/>: the root with its accessible name and description. */
static void open_root(struct strbuf *sb, const char *id, const char *cls, const char *role,
                      double vx, double vy, double vw, double vh, double w, double h,
                      const char *title, const char *desc)
{
	raw(sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"");
	raw(sb, cls);
	raw(sb, "\" viewBox=\"");
	num1(sb, vx);
	raw(sb, " ");
	num1(sb, vy);
	raw(sb, " ");
	num1(sb, vw);
	raw(sb, " ");
	num1(sb, vh);
	raw(sb, "\" width=\"");
	num1(sb, w);
	raw(sb, "\" height=\"");
	num1(sb, h);
	raw(sb, "\" role=\"");
	raw(sb, role);
	raw(sb, "\" aria-labelledby=\"");
	raw(sb, id);
	raw(sb, "-title\"");
	if (desc) {
		raw(sb, " aria-describedby=\"");
		raw(sb, id);
		raw(sb, "-desc\"");
	}
	raw(sb, " font-family=\"" FONT_STACK "\" fill=\"#1f2933\"><title id=\"");
	raw(sb, id);
	raw(sb, "-title\">");
	esc(sb, title);
	raw(sb, "</title>");
	if (desc) {
		raw(sb, "<desc id=\"");
		raw(sb, id);
		raw(sb, "-desc\">");
		esc(sb, desc);
		raw(sb, "</desc>");
	}
}

static void text_at(struct strbuf *sb, double x, double y, const char *anchor, double font)
{
	raw(sb, "<text x=\"");
	num1(sb, x);
	raw(sb, "\" y=\"");
	num1(sb, y);
	raw(sb, "\"");
	if (anchor) {
		raw(sb, " text-anchor=\"");
		raw(sb, anchor);
		raw(sb, "\"");
	}
	/* 0: the enclosing group's size */
	if (font > 0 && font != FONT) {
		raw(sb, " font-size=\"");
		num1(sb, font);
		raw(sb, "\"");
	}
	raw(sb, ">");
}

static void line(struct strbuf *sb, double x1, double y1, double x2, double y2, const char *stroke)
{
	raw(sb, "<line x1=\"");
	num1(sb, x1);
	raw(sb, "\" y1=\"");
	num1(sb, y1);
	raw(sb, "\" x2=\"");
	num1(sb, x2);
	raw(sb, "\" y2=\"");
	num1(sb, y2);
	raw(sb, "\" stroke=\"");
	raw(sb, stroke);
	raw(sb, "\"/>");
}

static void rect(struct strbuf *sb, double x, double y, double w, double h, const char *fill)
{
	raw(sb, "<rect x=\"");
	num1(sb, x);
	raw(sb, "\" y=\"");
	num1(sb, y);
	raw(sb, "\" width=\"");
	num1(sb, w > 0 ? w : 0);
	raw(sb, "\" height=\"");
	num1(sb, h > 0 ? h : 0);
	raw(sb, "\" fill=\"");
	raw(sb, fill);
	raw(sb, "\"");
}

/* ---- ticks ---- */

void svg_nice_ticks(double lo, double hi, int target, bool integers, struct svg_ticks *t)
{
	double raw_step, mag, norm, step;
	int d;

	if (!isfinite(lo))
		lo = 0;
	if (!isfinite(hi))
		hi = 0;
	if (!(hi > lo))
		hi = lo + 1;
	if (target < 2)
		target = 2;
	raw_step = (hi - lo) / target;
	mag = pow(10, floor(log10(raw_step)));
	norm = raw_step / mag;
	step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * mag;
	if (integers && step < 1)
		step = 1;
	/* 2.5 × 10^k is not whole for k = 0; move to 2 or 5 for whole numbers */
	if (integers && fabs(step - round(step)) > 1e-9)
		step = ceil(step);
	t->step = step;
	t->lo = floor(lo / step + 1e-9) * step;
	t->hi = ceil(hi / step - 1e-9) * step;
	if (t->hi <= t->lo)
		t->hi = t->lo + step;
	t->n = (int)llround((t->hi - t->lo) / step) + 1;
	d = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
	if (fabs(step * pow(10, d) - round(step * pow(10, d))) > 1e-6)
		d++; /* 0.25 needs two digits */
	t->decimals = d;
}

/* ---- charts ---- */

struct layout {
	double w, h;
	double x0, x1, y0, y1; /* plot area */
	struct svg_ticks t;
	int tick_decimals;
	double legend_y; /* baseline of the first legend row */
	int legend_rows;
};

static bool chart_ok(struct strbuf *sb, const struct svg_chart *c)
{
	size_t s;

	if (!c->title || (c->ncat && !c->categories) || (c->nseries && !c->series)) {
		sb->failed = true;
		return false;
	}
	for (s = 0; s < c->nseries; s++)
		if (c->ncat && !c->series[s].values) {
			sb->failed = true;
			return false;
		}
	return true;
}

static void value_range(const struct svg_chart *c, double *lo, double *hi)
{
	size_t s, i;

	*lo = 0;
	*hi = 0;
	for (s = 0; s < c->nseries; s++)
		for (i = 0; i < c->ncat; i++) {
			double v = c->series[s].values[i];

			if (!isfinite(v))
				continue;
			if (v < *lo)
				*lo = v;
			if (v > *hi)
				*hi = v;
		}
}

/* Legend swatches left to right, wrapping; returns the rows used (0 without a legend). */
static int legend(struct strbuf *sb, const struct svg_chart *c, double x0, double x1, double y,
                  bool lines, bool draw)
{
	double x = x0;
	int rows = c->nseries > 1 ? 1 : 0;
	size_t s;

	if (rows == 0)
		return 0;
	for (s = 0; s < c->nseries; s++) {
		const char *label = c->series[s].label ? c->series[s].label : "";
		double w = 22 + text_width(label, FONT) + 14;

		if (x > x0 && x + w > x1) {
			x = x0;
			y += FONT + 8;
			rows++;
		}
		if (draw) {
			if (lines) {
				raw(sb, "<line x1=\"");
				num1(sb, x);
				raw(sb, "\" y1=\"");
				num1(sb, y - 4);
				raw(sb, "\" x2=\"");
				num1(sb, x + 16);
				raw(sb, "\" y2=\"");
				num1(sb, y - 4);
				raw(sb, "\" stroke=\"");
				raw(sb, series_colours[s % NCOLOURS]);
				raw(sb, "\" stroke-width=\"2\"");
				if (series_dashes[s % 4]) {
					raw(sb, " stroke-dasharray=\"");
					raw(sb, series_dashes[s % 4]);
					raw(sb, "\"");
				}
				raw(sb, "/>");
			} else {
				rect(sb, x, y - 10, 12, 12, series_colours[s % NCOLOURS]);
				raw(sb, "/>");
			}
			text_at(sb, x + 22, y, NULL, FONT);
			esc(sb, label);
			raw(sb, "</text>");
		}
		x += w;
	}
	return rows;
}

static void lay_out(const struct svg_chart *c, bool lines, struct layout *l)
{
	double lo, hi, widest = 0, top;
	char buf[64];
	int i;

	memset(l, 0, sizeof(*l));
	l->w = c->width > 0 ? c->width : DEFAULT_W;
	if (c->horizontal && c->height <= 0)
		l->h = 40 +
		       (double)c->ncat * (H_ROW_BASE + 14 * (double)(c->nseries ? c->nseries : 1)) +
		       (c->nseries > 1 ? 2 * (FONT + 8) : 0) + (c->unit ? FONT + 6 : 0);
	else
		l->h = c->height > 0 ? c->height : DEFAULT_H;
	value_range(c, &lo, &hi);
	svg_nice_ticks(lo, hi, c->horizontal ? 4 : 5, c->decimals <= 0, &l->t);
	l->tick_decimals = l->t.decimals;
	for (i = 0; i < l->t.n; i++) {
		double wd = text_width(
		    number_str(buf, l->t.lo + i * l->t.step, l->tick_decimals, c->num), FONT);

		if (wd > widest)
			widest = wd;
	}
	top = 10;
	l->legend_y = top + FONT;
	l->legend_rows = legend(NULL, c, 10, l->w - 10, l->legend_y, lines, false);
	top += l->legend_rows * (FONT + 8);
	if (c->unit)
		top += FONT + 6;
	if (c->horizontal) {
		double lw = 0;
		size_t k;

		for (k = 0; k < c->ncat; k++)
			if (text_width(c->categories[k], FONT) > lw)
				lw = text_width(c->categories[k], FONT);
		if (lw > l->w * 0.4)
			lw = l->w * 0.4;
		l->x0 = 10 + lw + 8;
		l->x1 = l->w - 10 - widest / 2;
		l->y0 = top + 4;
		l->y1 = l->h - (FONT + 12);
	} else {
		l->x0 = 10 + widest + 8;
		l->x1 = l->w - 12;
		l->y0 = top + 6;
		l->y1 = l->h - (FONT + 14);
	}
}

/* Position of value v on the value axis. */
static double vpos(const struct layout *l, bool horizontal, double v)
{
	double f = (v - l->t.lo) / (l->t.hi - l->t.lo);

	return horizontal ? l->x0 + f * (l->x1 - l->x0) : l->y1 - f * (l->y1 - l->y0);
}

static void value_axis(struct strbuf *sb, const struct svg_chart *c, const struct layout *l)
{
	int i;

	raw(sb, "<g font-size=\"11\" fill=\"#52606d\">");
	for (i = 0; i < l->t.n; i++) {
		double v = l->t.lo + i * l->t.step, p = vpos(l, c->horizontal, v);

		if (c->horizontal) {
			line(sb, p, l->y0, p, l->y1, fabs(v) < 1e-12 ? "#6b7785" : "#e3e8ee");
			text_at(sb, p, l->y1 + FONT + 4, "middle", 0);
		} else {
			line(sb, l->x0, p, l->x1, p, fabs(v) < 1e-12 ? "#6b7785" : "#e3e8ee");
			text_at(sb, l->x0 - 6, p + 4, "end", 0);
		}
		svg_number(sb, v, l->tick_decimals, c->num);
		raw(sb, "</text>");
	}
	if (c->unit) {
		double y = 10 + l->legend_rows * (FONT + 8) + FONT;

		text_at(sb, c->horizontal ? l->x0 : 10, y, NULL, 0);
		esc(sb, c->unit);
		raw(sb, "</text>");
	}
	raw(sb, "</g>");
}

/* Category labels under the bands (vertical charts), every k-th when they would overlap. */
static void category_axis(struct strbuf *sb, const struct svg_chart *c, const struct layout *l)
{
	double band = c->ncat ? (l->x1 - l->x0) / (double)c->ncat : 0, widest = 0;
	size_t i, every;

	for (i = 0; i < c->ncat; i++)
		if (text_width(c->categories[i], 11) > widest)
			widest = text_width(c->categories[i], 11);
	/* short labels (months) are thinned out, long ones (names) cut */
	every = band > 0 ? (size_t)ceil((fmin(widest, 80) + 6) / band) : 1;
	if (every < 1)
		every = 1;
	raw(sb, "<g font-size=\"11\" fill=\"#52606d\">");
	line(sb, l->x0, l->y1, l->x1, l->y1, "#6b7785");
	for (i = 0; i < c->ncat; i += every) {
		text_at(sb, l->x0 + ((double)i + 0.5) * band, l->y1 + FONT + 4, "middle", 0);
		esc_fit(sb, c->categories[i], band * (double)every - 4, 11);
		raw(sb, "</text>");
	}
	raw(sb, "</g>");
}

/* "Tháng 3 — Tiếp nhận: 12 vụ việc" */
static void point_title(struct strbuf *sb, const struct svg_chart *c, size_t s, size_t i)
{
	raw(sb, "<title>");
	esc(sb, c->categories[i]);
	if (c->series[s].label && *c->series[s].label) {
		raw(sb, " — ");
		esc(sb, c->series[s].label);
	}
	raw(sb, ": ");
	svg_number(sb, c->series[s].values[i], c->decimals, c->num);
	if (c->unit) {
		raw(sb, " ");
		esc(sb, c->unit);
	}
	raw(sb, "</title>");
}

static void chart_begin(struct strbuf *sb, const struct svg_chart *c, const struct layout *l,
                        bool lines)
{
	const char *id = id_ok(c->id) ? c->id : "svg";

	open_root(sb, id, "svg-chart", "img", 0, 0, l->w, l->h, l->w, l->h, c->title, c->desc);
	raw(sb, "<g font-size=\"12\">");
	legend(sb, c, 10, l->w - 10, l->legend_y, lines, true);
	raw(sb, "</g>");
	value_axis(sb, c, l);
}

void svg_line_chart(struct strbuf *sb, const struct svg_chart *c)
{
	struct layout l;
	double band;
	size_t s, i;

	if (!chart_ok(sb, c))
		return;
	lay_out(c, true, &l);
	band = c->ncat ? (l.x1 - l.x0) / (double)c->ncat : 0;
	chart_begin(sb, c, &l, true);
	category_axis(sb, c, &l);
	for (s = 0; s < c->nseries; s++) {
		const char *colour = series_colours[s % NCOLOURS];
		bool pen = false, any = false;

		for (i = 0; i < c->ncat; i++) {
			double v = c->series[s].values[i];

			if (!isfinite(v)) {
				pen = false;
				continue;
			}
			if (!any) {
				raw(sb, "<path fill=\"none\" stroke=\"");
				raw(sb, colour);
				raw(sb, "\" stroke-width=\"2\" stroke-linejoin=\"round\"");
				if (series_dashes[s % 4]) {
					raw(sb, " stroke-dasharray=\"");
					raw(sb, series_dashes[s % 4]);
					raw(sb, "\"");
				}
				raw(sb, " d=\"");
				any = true;
			}
			raw(sb, pen ? "L" : "M");
			num1(sb, l.x0 + ((double)i + 0.5) * band);
			raw(sb, " ");
			num1(sb, vpos(&l, false, v));
			pen = true;
		}
		if (any)
			raw(sb, "\"/>");
		raw(sb, "<g fill=\"");
		raw(sb, colour);
		raw(sb, "\">");
		for (i = 0; i < c->ncat; i++) {
			double v = c->series[s].values[i];

			if (!isfinite(v))
				continue;
			raw(sb, "<circle cx=\"");
			num1(sb, l.x0 + ((double)i + 0.5) * band);
			raw(sb, "\" cy=\"");
			num1(sb, vpos(&l, false, v));
			raw(sb, "\" r=\"3\">");
			point_title(sb, c, s, i);
			raw(sb, "</circle>");
		}
		raw(sb, "</g>");
	}
	raw(sb, "</svg>");
}

void svg_bar_chart(struct strbuf *sb, const struct svg_chart *c)
{
	struct layout l;
	double band, bar, zero;
	size_t s, i, ns;

	if (!chart_ok(sb, c))
		return;
	lay_out(c, false, &l);
	ns = c->nseries ? c->nseries : 1;
	if (c->horizontal)
		band = c->ncat ? (l.y1 - l.y0) / (double)c->ncat : 0;
	else
		band = c->ncat ? (l.x1 - l.x0) / (double)c->ncat : 0;
	bar = band * 0.8 / (double)ns;
	zero = vpos(&l, c->horizontal, 0);
	chart_begin(sb, c, &l, false);
	if (!c->horizontal)
		category_axis(sb, c, &l);
	for (i = 0; i < c->ncat; i++) {
		const char *href = c->hrefs ? c->hrefs[i] : NULL;
		bool link = href_ok(href);

		if (link)
			open_link(sb, href);
		raw(sb, "<g>");
		if (c->horizontal) {
			text_at(sb, l.x0 - 8, l.y0 + ((double)i + 0.5) * band + 4, "end", FONT);
			esc_fit(sb, c->categories[i], l.x0 - 18, FONT);
			raw(sb, "</text>");
		}
		for (s = 0; s < c->nseries; s++) {
			double v = c->series[s].values[i], p, off = band * 0.1 + (double)s * bar;

			if (!isfinite(v))
				continue;
			p = vpos(&l, c->horizontal, v);
			if (c->horizontal)
				rect(sb, fmin(p, zero), l.y0 + (double)i * band + off,
				     fabs(p - zero), bar, series_colours[s % NCOLOURS]);
			else
				rect(sb, l.x0 + (double)i * band + off, fmin(p, zero), bar,
				     fabs(p - zero), series_colours[s % NCOLOURS]);
			raw(sb, ">");
			point_title(sb, c, s, i);
			raw(sb, "</rect>");
		}
		raw(sb, "</g>");
		if (link)
			raw(sb, "</a>");
	}
	if (c->horizontal)
		line(sb, zero, l.y0, zero, l.y1, "#6b7785");
	raw(sb, "</svg>");
}

/* ---- choropleth ---- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y ? 1 : 0;
}

int svg_class_breaks(const double *values, size_t n, int classes, enum svg_classing how,
                     bool integers, double *breaks)
{
	double *v, lo, hi;
	size_t m = 0, i;
	int k = 0, j;

	if (classes < 2)
		classes = 2;
	if (classes > SVG_MAX_CLASSES)
		classes = SVG_MAX_CLASSES;
	v = malloc((n ? n : 1) * sizeof(*v));
	if (!v)
		return 0;
	for (i = 0; i < n; i++)
		if (isfinite(values[i]))
			v[m++] = values[i];
	if (!m) {
		free(v);
		return 0;
	}
	qsort(v, m, sizeof(*v), cmp_double);
	lo = v[0];
	hi = v[m - 1];
	breaks[0] = lo;
	if (hi > lo) {
		for (j = 1; j < classes; j++) {
			double b = how == SVG_QUANTILES ? v[(size_t)j * m / (size_t)classes]
			                                : lo + (hi - lo) * j / classes;

			if (integers)
				b = ceil(b - 1e-9);
			/* strictly increasing; a break at the largest value keeps a class of its
			 * own */
			if (b > breaks[k] && b <= hi)
				breaks[++k] = b;
		}
	}
	breaks[k + 1] = hi;
	free(v);
	return k + 1;
}

int svg_class_of(const double *breaks, int k, double v)
{
	int i;

	for (i = k - 1; i > 0; i--)
		if (v >= breaks[i])
			return i;
	return 0;
}

/* "12 – 29", or "12" when the class holds one whole number. */
static void class_label(struct strbuf *sb, const double *b, int k, int i, bool integers,
                        int decimals, struct svg_num num)
{
	double lo = b[i], hi = b[i + 1];

	if (integers && i < k - 1)
		hi -= 1;
	svg_number(sb, lo, decimals, num);
	if (hi > lo) {
		raw(sb, " – ");
		svg_number(sb, hi, decimals, num);
	}
}

static void region_title(struct strbuf *sb, const struct svg_map *m, const struct svg_region *r)
{
	raw(sb, "<title>");
	esc(sb, r->title ? r->title : "");
	raw(sb, ": ");
	if (r->mark == SVG_NO_DATA)
		esc(sb, m->no_data_label ? m->no_data_label : "—");
	else if (r->mark == SVG_SUPPRESSED)
		esc(sb, m->suppressed_label ? m->suppressed_label : "—");
	else
		svg_number(sb, r->value, m->decimals, m->num);
	raw(sb, "</title>");
}

static void legend_swatch(struct strbuf *sb, double x, double y, double size, const char *fill,
                          double stroke)
{
	rect(sb, x, y, size, size, fill);
	raw(sb, " stroke=\"#7b8794\" stroke-width=\"");
	num1(sb, stroke);
	raw(sb, "\"/>");
}

void svg_choropleth(struct strbuf *sb, const struct svg_map *m)
{
	const char *id = id_ok(m->id) ? m->id : "svg";
	double breaks[SVG_MAX_CLASSES + 2], *vals = NULL;
	double side, pad, font, sw, legend_w = 0, lx, vw, vh, width, y;
	struct {
		double min_x, min_y, max_x, max_y;
	} box = {INFINITY, INFINITY, -INFINITY, -INFINITY};
	bool integers = m->decimals <= 0, no_data = false, suppressed = false;
	size_t i, nv = 0;
	int k, c;
	char hatch[96];

	if (!m->title || (m->n && !m->regions)) {
		sb->failed = true;
		return;
	}
	vals = calloc(m->n ? m->n : 1, sizeof(*vals));
	if (!vals) {
		sb->failed = true;
		return;
	}
	for (i = 0; i < m->n; i++) {
		const struct svg_region *r = &m->regions[i];

		if (r->path && *r->path) {
			box.min_x = fmin(box.min_x, r->min_x);
			box.min_y = fmin(box.min_y, r->min_y);
			box.max_x = fmax(box.max_x, r->max_x);
			box.max_y = fmax(box.max_y, r->max_y);
		}
		if (r->mark == SVG_VALUE && isfinite(r->value))
			vals[nv++] = r->value;
		no_data |= r->mark == SVG_NO_DATA || (r->mark == SVG_VALUE && !isfinite(r->value));
		suppressed |= r->mark == SVG_SUPPRESSED;
	}
	k = svg_class_breaks(vals, nv, m->classes ? m->classes : 5, m->classing, integers, breaks);
	free(vals);
	if (!(box.max_x >= box.min_x && box.max_y >= box.min_y)) {
		box.min_x = box.min_y = 0;
		box.max_x = box.max_y = 100;
	}
	side = fmax(box.max_x - box.min_x, box.max_y - box.min_y);
	if (side < 1)
		side = 1;
	pad = side * 0.02;
	font = side / 36;
	sw = side / 900; /* region outlines: about a pixel on a full-size map */

	/* the legend's width: its longest line */
	{
		struct strbuf lab = STRBUF_INIT;

		if (m->legend_title)
			legend_w = text_width(m->legend_title, font);
		for (c = 0; c < k; c++) {
			strbuf_reset(&lab);
			class_label(&lab, breaks, k, c, integers, m->decimals, m->num);
			legend_w = fmax(legend_w, font * 1.8 + text_width(lab.buf, font));
		}
		if (no_data)
			legend_w =
			    fmax(legend_w,
			         font * 1.8 +
			             text_width(m->no_data_label ? m->no_data_label : "—", font));
		if (suppressed)
			legend_w = fmax(
			    legend_w,
			    font * 1.8 +
			        text_width(m->suppressed_label ? m->suppressed_label : "—", font));
		strbuf_release(&lab);
		legend_w = fmin(legend_w, side * 0.6) + pad * 2;
	}
	lx = box.max_x + pad * 2;
	vw = box.max_x - box.min_x + pad * 3 + legend_w;
	vh = fmax(box.max_y - box.min_y + pad * 2,
	          (m->legend_title ? 2.2 : 0.8) * font + (k + 2) * font * 1.5 + pad * 2);
	width = m->width > 0 ? m->width : DEFAULT_W;
	snprintf(hatch, sizeof(hatch), "url(#%s-hatch)", id);
	open_root(sb, id, "svg-map", "group", box.min_x - pad, box.min_y - pad, vw, vh, width,
	          width * vh / vw, m->title, m->desc);
	if (suppressed) {
		/* a hatch, so that "suppressed" reads without colour and in print */
		raw(sb, "<defs><pattern id=\"");
		raw(sb, id);
		raw(sb, "-hatch");
		raw(sb, "\" patternUnits=\"userSpaceOnUse\" width=\"");
		num1(sb, font * 0.5);
		raw(sb, "\" height=\"");
		num1(sb, font * 0.5);
		raw(sb, "\" patternTransform=\"rotate(45)\"><rect width=\"");
		num1(sb, font * 0.5);
		raw(sb, "\" height=\"");
		num1(sb, font * 0.5);
		raw(sb, "\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"");
		num1(sb, font * 0.5);
		raw(sb, "\" stroke=\"" HATCH_LINE "\" stroke-width=\"");
		num1(sb, font * 0.15);
		raw(sb, "\"/></pattern></defs>");
	}
	/* insets are boxed: their distance and scale are not the map's */
	for (i = 0; i < m->n; i++) {
		const struct svg_region *r = &m->regions[i];

		if (!r->inset || !r->path || !*r->path)
			continue;
		rect(sb, r->min_x - pad / 2, r->min_y - pad / 2, r->max_x - r->min_x + pad,
		     r->max_y - r->min_y + pad, "none");
		raw(sb, " stroke=\"#9aa5b1\" stroke-dasharray=\"");
		num1(sb, sw * 4);
		raw(sb, " ");
		num1(sb, sw * 3);
		raw(sb, "\" stroke-width=\"");
		num1(sb, sw);
		raw(sb, "\"/>");
	}
	raw(sb, "<g stroke=\"#ffffff\" stroke-width=\"");
	num1(sb, sw);
	raw(sb, "\" stroke-linejoin=\"round\" fill-rule=\"evenodd\">");
	for (i = 0; i < m->n; i++) {
		const struct svg_region *r = &m->regions[i];
		bool link = href_ok(r->href);
		const char *fill;

		if (r->mark == SVG_SUPPRESSED)
			fill = hatch;
		else if (r->mark == SVG_NO_DATA || !isfinite(r->value) || k == 0)
			fill = NO_DATA_FILL;
		else
			fill = blues[k][svg_class_of(breaks, k, r->value)];
		if (link) {
			open_link(sb, r->href);
			region_title(sb, m, r);
		}
		raw(sb, "<path d=\"");
		esc(sb, r->path ? r->path : "");
		raw(sb, "\" fill=\"");
		raw(sb, fill);
		if (link) {
			raw(sb, "\"/></a>");
		} else {
			raw(sb, "\">");
			region_title(sb, m, r);
			raw(sb, "</path>");
		}
	}
	raw(sb, "</g>");

	/* the legend, to the right */
	raw(sb, "<g font-size=\"");
	num1(sb, font);
	raw(sb, "\">");
	y = box.min_y + font;
	if (m->legend_title) {
		text_at(sb, lx, y, NULL, 0);
		esc_fit(sb, m->legend_title, legend_w, font);
		raw(sb, "</text>");
		y += font * 0.7;
	}
	for (c = 0; c < k; c++) {
		legend_swatch(sb, lx, y, font, blues[k][c], sw);
		text_at(sb, lx + font * 1.6, y + font * 0.85, NULL, 0);
		class_label(sb, breaks, k, c, integers, m->decimals, m->num);
		raw(sb, "</text>");
		y += font * 1.5;
	}
	if (no_data) {
		legend_swatch(sb, lx, y, font, NO_DATA_FILL, sw);
		text_at(sb, lx + font * 1.6, y + font * 0.85, NULL, 0);
		esc_fit(sb, m->no_data_label ? m->no_data_label : "—", legend_w - font * 1.6, font);
		raw(sb, "</text>");
		y += font * 1.5;
	}
	if (suppressed) {
		legend_swatch(sb, lx, y, font, hatch, sw);
		text_at(sb, lx + font * 1.6, y + font * 0.85, NULL, 0);
		esc_fit(sb, m->suppressed_label ? m->suppressed_label : "—", legend_w - font * 1.6,
		        font);
		raw(sb, "</text>");
	}
	raw(sb, "</g></svg>");
}
