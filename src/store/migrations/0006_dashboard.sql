-- 0006_dashboard: what the dashboards, periodic reports and the public portal read. Case counts
-- per ancestor-or-self area (replacing case_agg, which held communes only), so that any
-- subtree's figures over a period are a handful of rows, as for the activities' rollups; an
-- index of the open clocks for the "overdue now" counts; and the version of the aggregates that
-- caches of computed dashboards compare (setting 'agg_version', written by the first change).

-- One row per area that is the case's area (a village, a commune or above) or an ancestor of it,
-- month ("YYYY-MM", of the day counted), kind and topic. received: by the day received;
-- accepted: by the day accepted; decided, decided_on_time: by the day of the decision.
CREATE TABLE case_area_agg (
	area_id BIGINT NOT NULL REFERENCES area(id),
	month TEXT NOT NULL,
	kind TEXT NOT NULL,
	topic_id BIGINT NOT NULL REFERENCES topic(id),
	received INTEGER NOT NULL DEFAULT 0,
	accepted INTEGER NOT NULL DEFAULT 0,
	decided INTEGER NOT NULL DEFAULT 0,
	decided_on_time INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (area_id, month, kind, topic_id)
);

-- Filled from the facts: each case counted at its area and every ancestor, received in the
-- month of received_on, accepted of accepted_on, decided of its (latest) decided_on, and on
-- time when its settle clock was met no later than its due day (or it has none).
INSERT INTO case_area_agg (area_id, month, kind, topic_id, received, accepted, decided,
	decided_on_time)
SELECT ac.ancestor, f.month, f.kind, f.topic_id, SUM(f.r), SUM(f.a), SUM(f.d), SUM(f.o)
FROM (
	SELECT c.area_id AS area_id, substr(c.received_on, 1, 7) AS month, c.kind AS kind,
		c.topic_id AS topic_id, 1 AS r, 0 AS a, 0 AS d, 0 AS o
	FROM citizen_case c
	UNION ALL
	SELECT c.area_id, substr(c.accepted_on, 1, 7), c.kind, c.topic_id, 0, 1, 0, 0
	FROM citizen_case c WHERE c.accepted_on IS NOT NULL
	UNION ALL
	SELECT c.area_id, substr(c.decided_on, 1, 7), c.kind, c.topic_id, 0, 0, 1,
		CASE WHEN EXISTS (SELECT 1 FROM case_deadline s WHERE s.case_id = c.id
			AND s.step = 'settle' AND (s.met_on IS NULL OR s.met_on > s.due_day))
		THEN 0 ELSE 1 END
	FROM citizen_case c WHERE c.decided_on IS NOT NULL
) f JOIN area_closure ac ON ac.descendant = f.area_id
WHERE f.month IS NOT NULL
GROUP BY ac.ancestor, f.month, f.kind, f.topic_id;

DROP TABLE case_agg;

-- Open clocks by due day (a report's list of overdue cases).
CREATE INDEX case_deadline_open ON case_deadline(due_day) WHERE met_on IS NULL;

-- "Overdue now" without walking the clocks: each open case (status not closed or withdrawn)
-- is counted at the day its earliest running clock falls due (citizen_case.counted_due), in
-- the rows of its area and every ancestor; overdue on a day = the counts of the days before.
-- A case whose clocks or row change is marked (due_dirty = 1) and brought up to date by four
-- set-based statements when its transaction commits (store/cases.c, db_precommit).
ALTER TABLE citizen_case ADD COLUMN counted_due TEXT;
ALTER TABLE citizen_case ADD COLUMN due_dirty INTEGER NOT NULL DEFAULT 0;
CREATE INDEX citizen_case_due_dirty ON citizen_case(id) WHERE due_dirty = 1;
CREATE INDEX citizen_case_counted_due ON citizen_case(counted_due) WHERE counted_due IS NOT NULL;
CREATE TABLE case_due_agg (
	area_id BIGINT NOT NULL REFERENCES area(id),
	due_day TEXT NOT NULL,
	n INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (area_id, due_day)
);
UPDATE citizen_case SET counted_due = (SELECT MIN(d.due_day) FROM case_deadline d
	WHERE d.case_id = citizen_case.id AND d.met_on IS NULL)
	WHERE status NOT IN ('closed', 'withdrawn');
INSERT INTO case_due_agg (area_id, due_day, n)
SELECT ac.ancestor, c.counted_due, COUNT(*) FROM citizen_case c
JOIN area_closure ac ON ac.descendant = c.area_id
WHERE c.counted_due IS NOT NULL
GROUP BY ac.ancestor, c.counted_due;

-- The portal's published answers, newest first: by day, and by commune and day. Partial, so
-- that receiving a case (decided_on still NULL) writes neither.
CREATE INDEX citizen_case_published ON citizen_case(decided_on)
	WHERE decided_on IS NOT NULL AND decision_public = 1;
CREATE INDEX citizen_case_commune_published ON citizen_case(commune_id, decided_on)
	WHERE decided_on IS NOT NULL AND decision_public = 1;

-- The portal's dialogues with the people (an activity type), newest first.
CREATE INDEX activity_type_start ON activity(type_id, start_on);
