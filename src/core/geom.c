/* geom.c: projection, insets, Douglas–Peucker and compact path data for the SVG maps. */
#include "core/geom.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

void geom_box_init(struct geom_box *b)
{
	b->min_x = b->min_y = INFINITY;
	b->max_x = b->max_y = -INFINITY;
}

void geom_box_add(struct geom_box *b, double x, double y)
{
	if (x < b->min_x)
		b->min_x = x;
	if (x > b->max_x)
		b->max_x = x;
	if (y < b->min_y)
		b->min_y = y;
	if (y > b->max_y)
		b->max_y = y;
}

void geom_box_union(struct geom_box *b, const struct geom_box *other)
{
	if (geom_box_empty(other))
		return;
	geom_box_add(b, other->min_x, other->min_y);
	geom_box_add(b, other->max_x, other->max_y);
}

bool geom_box_empty(const struct geom_box *b)
{
	return !(b->min_x <= b->max_x && b->min_y <= b->max_y);
}

static bool box_usable(const struct geom_box *b)
{
	return !geom_box_empty(b) && isfinite(b->min_x) && isfinite(b->max_x) &&
	       isfinite(b->min_y) && isfinite(b->max_y) && b->min_y > -90 && b->max_y < 90;
}

bool geom_frame_fit(struct geom_frame *f, const struct geom_box *lonlat, double units)
{
	double w, h;

	memset(f, 0, sizeof(*f));
	if (!box_usable(lonlat) || !(units > 0))
		return false;
	f->lon0 = lonlat->min_x;
	f->lat1 = lonlat->max_y;
	f->kx = cos((lonlat->min_y + lonlat->max_y) / 2 * M_PI / 180.0);
	w = (lonlat->max_x - lonlat->min_x) * f->kx;
	h = lonlat->max_y - lonlat->min_y;
	if (!(w > 0) && !(h > 0))
		return false;
	f->scale = units / (w > h ? w : h);
	f->width = w * f->scale;
	f->height = h * f->scale;
	return true;
}

struct geom_pt geom_project(const struct geom_frame *f, double lon, double lat)
{
	struct geom_pt p;

	p.x = f->off_x + (lon - f->lon0) * f->kx * f->scale;
	p.y = f->off_y + (f->lat1 - lat) * f->scale;
	return p;
}

static double box_area(const struct geom_box *b)
{
	return (b->max_x - b->min_x) * (b->max_y - b->min_y);
}

size_t geom_find_detached(const struct geom_box *lonlat, const double *land, size_t n,
                          double factor, bool *flags)
{
	size_t i, j, flagged = 0;
	bool more = true;

	memset(flags, 0, n * sizeof(*flags));
	if (n < 3)
		return 0;
	while (more && flagged + 2 < n) {
		more = false;
		for (i = 0; i < n; i++) {
			struct geom_box rest, all;
			double a;

			if (flags[i])
				continue;
			geom_box_init(&rest);
			for (j = 0; j < n; j++)
				if (j != i && !flags[j])
					geom_box_union(&rest, &lonlat[j]);
			a = box_area(&rest);
			if (geom_box_empty(&rest) || !(a > 0))
				continue;
			all = rest;
			geom_box_union(&all, &lonlat[i]);
			if (box_area(&all) >= factor * a &&
			    (land ? land[i] : box_area(&lonlat[i])) < (box_area(&all) - a) / 10) {
				flags[i] = true;
				flagged++;
				more = true;
				break;
			}
		}
	}
	return flagged;
}

bool geom_frame_layout(const struct geom_box *main, const struct geom_box *detached, size_t n,
                       double units, struct geom_frame *main_out, struct geom_frame *insets,
                       struct geom_pt *size)
{
	double side, gap, x, y, w, h, k;
	bool column;
	size_t i;

	if (!geom_frame_fit(main_out, main, units))
		return false;
	w = main_out->width;
	h = main_out->height;
	side = w > h ? w : h;
	gap = side * 0.03;
	column = h > w;
	x = column ? w + gap : 0;
	y = column ? 0 : h + gap;
	for (i = 0; i < n; i++) {
		struct geom_frame *f = &insets[i];
		double limit = side / 3;

		if (!geom_frame_fit(f, &detached[i], limit))
			return false;
		/* an inset shows its part at most at the main part's scale */
		if (f->scale > main_out->scale) {
			k = main_out->scale / f->scale;
			f->scale *= k;
			f->width *= k;
			f->height *= k;
		}
		f->off_x = x;
		f->off_y = y;
		if (column) {
			y += f->height + gap;
			if (x + f->width > w)
				w = x + f->width;
			if (y - gap > h)
				h = y - gap;
		} else {
			x += f->width + gap;
			if (x - gap > w)
				w = x - gap;
			if (y + f->height > h)
				h = y + f->height;
		}
	}
	k = units / (w > h ? w : h);
	main_out->scale *= k;
	main_out->width *= k;
	main_out->height *= k;
	for (i = 0; i < n; i++) {
		insets[i].scale *= k;
		insets[i].off_x *= k;
		insets[i].off_y *= k;
		insets[i].width *= k;
		insets[i].height *= k;
	}
	size->x = w * k;
	size->y = h * k;
	return true;
}

/* Squared distance from p to the segment a–b. */
static double seg_dist2(struct geom_pt p, struct geom_pt a, struct geom_pt b)
{
	double dx = b.x - a.x, dy = b.y - a.y, t, l2 = dx * dx + dy * dy;

	if (l2 > 0) {
		t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2;
		if (t > 1)
			t = 1;
		if (t < 0)
			t = 0;
		a.x += t * dx;
		a.y += t * dy;
	}
	dx = p.x - a.x;
	dy = p.y - a.y;
	return dx * dx + dy * dy;
}

/*
 * Douglas–Peucker between indices lo and hi of the ring (index n is point 0 again), iteratively
 * so that no ring can overflow the stack; marks keep[].
 */
static void dp(const struct geom_pt *pts, size_t n, size_t lo, size_t hi, double tol2, bool *keep,
               size_t *stack)
{
	size_t top = 0;

	stack[top++] = lo;
	stack[top++] = hi;
	while (top) {
		size_t j = stack[--top], i = stack[--top], k, best = 0;
		double far = -1;

		for (k = i + 1; k < j; k++) {
			double d = seg_dist2(pts[k], pts[i], pts[j % n]);

			if (d > far) {
				far = d;
				best = k;
			}
		}
		if (far > tol2) {
			keep[best] = true;
			stack[top++] = i;
			stack[top++] = best;
			stack[top++] = best;
			stack[top++] = j;
		}
	}
}

size_t geom_simplify_ring(struct geom_pt *pts, size_t n, double tol)
{
	bool *keep;
	size_t *stack;
	size_t i, k = 0, m = 0, third = 0;
	double far = -1;

	if (n < 3)
		return n;
	keep = calloc(n + 1, sizeof(*keep));
	/* each pending range holds at least two points: at most n ranges are pending */
	stack = malloc(2 * (n + 1) * sizeof(*stack));
	if (!keep || !stack) {
		free(keep);
		free(stack);
		return n; /* unsimplified is still a correct ring */
	}
	for (i = 1; i < n; i++) {
		double dx = pts[i].x - pts[0].x, dy = pts[i].y - pts[0].y, d = dx * dx + dy * dy;

		if (d > far) {
			far = d;
			k = i;
		}
	}
	keep[0] = keep[k] = true;
	if (!(tol > 0))
		tol = 0;
	dp(pts, n, 0, k, tol * tol, keep, stack);
	dp(pts, n, k, n, tol * tol, keep, stack);
	for (i = 0; i < n; i++)
		m += keep[i];
	if (m < 3) {
		/* the point that makes the widest triangle with the first and the farthest */
		far = -1;
		for (i = 1; i < n; i++) {
			double d;

			if (i == k)
				continue;
			d = seg_dist2(pts[i], pts[0], pts[k]);
			if (d > far) {
				far = d;
				third = i;
			}
		}
		keep[third] = true;
	}
	for (i = 0, m = 0; i < n; i++)
		if (keep[i])
			pts[m++] = pts[i];
	free(keep);
	free(stack);
	return m;
}

double geom_ring_area2(const struct geom_pt *pts, size_t n)
{
	double s = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct geom_pt *a = &pts[i], *b = &pts[(i + 1) % n];

		s += a->x * b->y - b->x * a->y;
	}
	return s;
}

static struct geom_pt centroid(const struct geom_pt *pts, size_t n)
{
	struct geom_pt c = {0, 0};
	double a2 = geom_ring_area2(pts, n), cx = 0, cy = 0;
	size_t i;

	if (!n)
		return c;
	if (fabs(a2) > 1e-12) {
		for (i = 0; i < n; i++) {
			const struct geom_pt *p = &pts[i], *q = &pts[(i + 1) % n];
			double cross = p->x * q->y - q->x * p->y;

			cx += (p->x + q->x) * cross;
			cy += (p->y + q->y) * cross;
		}
		c.x = cx / (3 * a2);
		c.y = cy / (3 * a2);
		return c;
	}
	for (i = 0; i < n; i++) {
		c.x += pts[i].x;
		c.y += pts[i].y;
	}
	c.x /= (double)n;
	c.y /= (double)n;
	return c;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y ? 1 : 0;
}

struct geom_pt geom_ring_label(const struct geom_pt *pts, size_t n)
{
	struct geom_pt c = centroid(pts, n);
	double *xs, best = -1;
	size_t i, m = 0;

	if (n < 3)
		return c;
	xs = malloc(n * sizeof(*xs));
	if (!xs)
		return c;
	/* crossings of the horizontal through the centroid; half-open so a vertex counts once */
	for (i = 0; i < n; i++) {
		const struct geom_pt *a = &pts[i], *b = &pts[(i + 1) % n];

		if ((a->y <= c.y && c.y < b->y) || (b->y <= c.y && c.y < a->y))
			xs[m++] = a->x + (c.y - a->y) * (b->x - a->x) / (b->y - a->y);
	}
	qsort(xs, m, sizeof(*xs), cmp_double);
	for (i = 0; i + 1 < m; i += 2) {
		if (xs[i + 1] - xs[i] > best) {
			best = xs[i + 1] - xs[i];
			c.x = (xs[i] + xs[i + 1]) / 2;
		}
	}
	free(xs);
	return c;
}

struct ipt {
	long x, y;
};

static long cross3(struct ipt a, struct ipt b, struct ipt c)
{
	return (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
}

/* Append an integer; the separator is left out before a minus sign, which separates anyway. */
static void add_num(struct strbuf *sb, long v, bool sep)
{
	char buf[24];
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	int i = (int)sizeof(buf);

	do {
		buf[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		buf[--i] = '-';
	else if (sep)
		buf[--i] = ' ';
	strbuf_add(sb, buf + i, sizeof(buf) - (size_t)i);
}

static void write_ring(struct strbuf *sb, const struct ipt *q, size_t m, struct geom_box *box)
{
	size_t i;

	strbuf_addch(sb, 'M');
	add_num(sb, q[0].x, false);
	add_num(sb, q[0].y, true);
	strbuf_addch(sb, 'l');
	for (i = 1; i < m; i++) {
		add_num(sb, q[i].x - q[i - 1].x, i > 1);
		add_num(sb, q[i].y - q[i - 1].y, true);
	}
	strbuf_addch(sb, 'z');
	if (box)
		for (i = 0; i < m; i++)
			geom_box_add(box, (double)q[i].x, (double)q[i].y);
}

size_t geom_path_ring(struct strbuf *sb, const struct geom_pt *pts, size_t n, bool keep,
                      struct geom_box *box)
{
	struct ipt *q;
	size_t i, m = 0;
	bool changed = true;

	if (!n)
		return 0;
	q = malloc((n > 4 ? n : 4) * sizeof(*q));
	if (!q) {
		sb->failed = true;
		return 0;
	}
	for (i = 0; i < n; i++) {
		struct ipt p = {lround(pts[i].x), lround(pts[i].y)};

		if (m && p.x == q[m - 1].x && p.y == q[m - 1].y)
			continue;
		q[m++] = p;
	}
	while (m > 1 && q[m - 1].x == q[0].x && q[m - 1].y == q[0].y)
		m--;
	/* rounding can line points up, or fold a spike back onto itself */
	while (changed && m > 3) {
		changed = false;
		for (i = 0; i < m && m > 3;) {
			if (!cross3(q[(i + m - 1) % m], q[i], q[(i + 1) % m])) {
				memmove(&q[i], &q[i + 1], (m - i - 1) * sizeof(*q));
				m--;
				changed = true;
			} else {
				i++;
			}
		}
	}
	if (m < 3 || (m == 3 && !cross3(q[0], q[1], q[2]))) {
		struct geom_pt c;

		if (!keep) {
			free(q);
			return 0;
		}
		c = centroid(pts, n);
		q[0].x = lround(c.x);
		q[0].y = lround(c.y) - 1;
		q[1] = (struct ipt){q[0].x + 1, q[0].y + 1};
		q[2] = (struct ipt){q[0].x, q[0].y + 2};
		q[3] = (struct ipt){q[0].x - 1, q[0].y + 1};
		m = 4;
	}
	write_ring(sb, q, m, box);
	free(q);
	return m;
}
