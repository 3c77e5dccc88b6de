-- 0010_case_area_lookup: two indexes of citizen_case that every intake paid for, a page of the
-- write-ahead log each (a new case's key is anywhere in them; together ~27% of an intake's
-- pages). No statement reads citizen_case_handler: the lists filter a handling unit with
-- "(? = 0 OR handling_unit_id = ?)", which no index serves, and units are never deleted, so no
-- foreign-key check looks for a unit's cases either. The area filter of the lists now goes
-- through citizen_case_commune: a case at or below a commune carries its commune, so a subtree's
-- cases are those of the communes in it (for a village: those of its commune that are at the
-- village), plus the few cases filed above commune level, which the partial index below holds.
-- Areas are never deleted, so no foreign-key check looks for an area's cases.
DROP INDEX IF EXISTS citizen_case_area;
DROP INDEX IF EXISTS citizen_case_handler;
CREATE INDEX citizen_case_above ON citizen_case(area_id) WHERE commune_id IS NULL;
