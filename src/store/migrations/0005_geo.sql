-- 0005_geo: the boundary of each province and commune, already projected and simplified for the
-- screen, so that a map is drawn by concatenating stored SVG path data (no geometry per
-- request). Loaded from shared/data's GeoJSON by `danvan demo` and `danvan areas import
-- --shapes DIR` (app/geo.c); the projection and simplification are core/geom.c's.

-- One shape per area. `frame` is the code of the area whose map the path is drawn in: 'VN' for
-- provinces (the national map), the province's code for its communes (the province map). All
-- shapes of one frame share its coordinate space: x to the east, y to the south, integer units,
-- the frame's longer side 1000 units (GEOM_FRAME_UNITS), its top-left corner at 0,0. `path` is
-- SVG path data ("M12 40l3-2 ...z", one subpath per ring); min_x..max_y its bounding box and
-- label_x, label_y a point inside its largest ring, in the same units. `inset` is 1 for a part
-- far from the rest of its frame (an archipelago) drawn in an inset at its own scale, which a
-- map boxes to show that its distance and scale are not true. `points` is the
-- number of vertices kept, `source` the file it came from, `loaded_at` when (UTC seconds):
-- a cached map of the frame is stale when a shape of it was loaded after the map was drawn.
CREATE TABLE area_shape (
	area_id BIGINT PRIMARY KEY REFERENCES area(id),
	frame TEXT NOT NULL,
	path TEXT NOT NULL,
	min_x INTEGER NOT NULL,
	min_y INTEGER NOT NULL,
	max_x INTEGER NOT NULL,
	max_y INTEGER NOT NULL,
	label_x INTEGER NOT NULL,
	label_y INTEGER NOT NULL,
	inset INTEGER NOT NULL DEFAULT 0,
	points INTEGER NOT NULL CHECK (points >= 3),
	source TEXT NOT NULL,
	loaded_at BIGINT NOT NULL
);
CREATE INDEX area_shape_frame ON area_shape(frame);
