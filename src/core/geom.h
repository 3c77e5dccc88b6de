/* geom.h: map geometry for the server's SVG maps: projection into a frame with insets,
 * simplification, compact path data; pure. */
#ifndef DV_CORE_GEOM_H
#define DV_CORE_GEOM_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"

/* The longer side of every frame, in frame units (one unit is about a pixel of a large map). */
#define GEOM_FRAME_UNITS 1000.0
/*
 * Douglas–Peucker tolerance in frame units: half a unit, below what a map drawn at full size
 * can show, and the path is written in whole units anyway.
 */
#define GEOM_TOLERANCE 0.5

struct geom_pt {
	double x, y;
};

/* A box; empty (min > max) after geom_box_init. */
struct geom_box {
	double min_x, min_y, max_x, max_y;
};

void geom_box_init(struct geom_box *b);
void geom_box_add(struct geom_box *b, double x, double y);
void geom_box_union(struct geom_box *b, const struct geom_box *other);
bool geom_box_empty(const struct geom_box *b);

/*
 * A projection into a frame: equirectangular, longitudes shrunk by the cosine of the box's
 * middle latitude (true shapes within a province, and within a percent or two across Viet
 * Nam), `scale` units per degree of latitude, then moved by off_x, off_y. x grows to the east
 * and y to the south (SVG's axes). width and height are the extent it covers from off_x, off_y.
 */
struct geom_frame {
	double lon0, lat1; /* west and north edges, degrees */
	double kx;         /* cos(middle latitude) */
	double scale;      /* frame units per degree of latitude */
	double off_x, off_y;
	double width, height;
};

/*
 * Fit a frame to `lonlat` (x = longitude, y = latitude, degrees) at 0,0, its longer side
 * `units` long. False when the box is empty, not finite or has no extent either way.
 */
bool geom_frame_fit(struct geom_frame *f, const struct geom_box *lonlat, double units);
struct geom_pt geom_project(const struct geom_frame *f, double lon, double lat);

/*
 * The parts of a map that lie far from the rest (an archipelago hundreds of kilometres out at
 * sea would shrink the rest of its province's map to a corner): box i is flagged when adding it
 * to the union of the other unflagged boxes multiplies that union's area by `factor` or more
 * while its own land (`land[i]`, in the boxes' square units; NULL = its box's area) is under a
 * tenth of what it adds, so a large part at the edge is never taken for a far one. Repeated
 * until nothing more is flagged, never flagging all but two; needs n >= 3 (else flags
 * nothing). Returns the number flagged.
 */
size_t geom_find_detached(const struct geom_box *lonlat, const double *land, size_t n,
                          double factor, bool *flags);

/*
 * Lay out a frame with insets: `main` fitted at 0,0; each of the n `detached` boxes in an inset
 * of its own (never at a larger scale than the main part, at most a third of its longer side),
 * in a column to the right of a main part taller than wide, else in a row below it; then
 * everything scaled so that the whole frame's longer side is `units` (its width and height go
 * to *size). insets[] gets n frames. False when a box is degenerate.
 */
bool geom_frame_layout(const struct geom_box *main, const struct geom_box *detached, size_t n,
                       double units, struct geom_frame *main_out, struct geom_frame *insets,
                       struct geom_pt *size);

/*
 * Douglas–Peucker on a closed ring of n points (the closing point, equal to the first, is not
 * repeated), in place: keeps the first point, the point farthest from it, and every point
 * farther than `tol` from the simplified outline between its kept neighbours. A ring never
 * collapses: when n >= 3 at least 3 points are kept (the first, the farthest from it, and the
 * farthest from the line between those two). Returns the number kept; n < 3 is returned as is.
 */
size_t geom_simplify_ring(struct geom_pt *pts, size_t n, double tol);

/* Twice the signed area of a ring (positive when clockwise on screen, y down). */
double geom_ring_area2(const struct geom_pt *pts, size_t n);

/*
 * A point for a label or a marker: inside the ring, at the middle of the widest stretch of the
 * horizontal line through its centroid; the centroid itself when the ring is degenerate.
 */
struct geom_pt geom_ring_label(const struct geom_pt *pts, size_t n);

/*
 * Append one ring as SVG path data in whole units: "M12 40l3-2 5 0z" (an absolute move, then
 * relative lines). Rounds, drops the points that rounding made repeated or collinear, and
 * extends `box` (may be NULL) with the points written. A ring that rounds to fewer than 3
 * distinct points (or to a line) is written only when `keep` is set, as a diamond two units
 * across around its centroid (so that a small island stays on the map and can be clicked);
 * otherwise nothing is written. Returns the number of points written (0 or >= 3).
 */
size_t geom_path_ring(struct strbuf *sb, const struct geom_pt *pts, size_t n, bool keep,
                      struct geom_box *box);

#endif
